"""Poverty dynamics: panels, transitions, spells, return-to-poverty models,
vulnerability and monitoring. See docs/methods/dynamics.md."""

from .panel import PanelResult, PovertyPanel, SurvivalResult
from .models import (
    HausmanResult,
    PanelModelResult,
    cre_probit,
    dynamic_probit,
    fe_logit,
    hausman,
    lpm_fe,
    model_table,
    reentry_hazard,
)
from .vulnerability import PanelVulnerabilityResult, VulnerabilityResult, vulnerability_cjs, vulnerability_panel
from . import monitor
from .monitor import MonitorRules, WarningEvaluation, classify, evaluate_warning, risk_codes, roc_auc

__all__ = [
    "PovertyPanel",
    "PanelResult",
    "PanelVulnerabilityResult",
    "SurvivalResult",
    "HausmanResult",
    "PanelModelResult",
    "cre_probit",
    "dynamic_probit",
    "fe_logit",
    "hausman",
    "lpm_fe",
    "model_table",
    "reentry_hazard",
    "VulnerabilityResult",
    "vulnerability_cjs",
    "vulnerability_panel",
    "monitor",
    "MonitorRules",
    "WarningEvaluation",
    "classify",
    "evaluate_warning",
    "risk_codes",
    "roc_auc",
]
