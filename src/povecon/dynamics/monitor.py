"""Monitoring and early warning of return to poverty.

``classify`` flags households each period by the monitoring rules (constants and
class definitions live in ``povecon.china``):

* ``unstable_exited`` (脱贫不稳定户): an exited household (脱贫户) with per-capita
  income below the monitoring threshold (5000 yuan by default);
* ``marginal`` (边缘易致贫户): a household that was never registered poor with
  income below the threshold;
* ``sudden_hardship`` (突发严重困难户): income fell by at least ``drop_share``
  since the previous period, or rigid expenditure (e.g. medical) is at least
  ``spike_share`` of income. The reports give no numbers for either; the
  defaults (0.3 and 0.5) are conventions of this library, to be set by the user;
* ``guarantee_failure`` (两不愁三保障 not met): any of the given 0/1 failure columns;
* ``exited_class``: the class of an exited household (``povecon.china``
  ``EXITED_HOUSEHOLD_CLASSES``: codes ``not_receiving_policy``, ``receiving_policy``,
  ``monitored``), or empty when no class applies (the report's classes do not
  cover every case). "Near or at" the provincial mean is income >=
  ``(1 - near_tolerance) * mean`` (the report gives no tolerance; default 0).

``risk_codes`` maps flags to the return-to-poverty risk typology
(``povecon.china.RISK_SUBTYPES``) only where the link is direct: failures of the
health guarantee and medical expenditure spikes -> ``capability.illness``,
failures of the education guarantee -> ``capability.education_skills``; other
causes come from a user column of sub-type codes.

``evaluate_warning`` fits the discrete-time re-entry hazard on early years, scores
households at risk in held-out later years and reports precision, recall and ROC
AUC of each flag and of the score against actual re-entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .. import _input
from ..errors import EstimationError, InputError
from .panel import PovertyPanel

FLAGS = ("unstable_exited", "marginal", "sudden_hardship", "guarantee_failure")
FLAG_LABELS_ZH = {"unstable_exited": "脱贫不稳定户", "marginal": "边缘易致贫户",
                  "sudden_hardship": "突发严重困难户", "guarantee_failure": "两不愁三保障未达标"}
#: direct links from a guarantee dimension to a risk sub-type code
GUARANTEE_RISK = {"health": "capability.illness", "medical": "capability.illness",
                  "education": "capability.education_skills"}


def _threshold_default() -> float:
    from ..china import policy_constant

    return float(policy_constant("monitoring_income_threshold").value)


@dataclass(frozen=True)
class MonitorRules:
    """Configurable rule parameters (``threshold=None``: the policy constant, 5000 yuan)."""

    threshold: float | None = None
    drop_share: float = 0.3
    spike_share: float = 0.5
    near_tolerance: float = 0.0

    def __post_init__(self) -> None:
        # a negative share would flag every household; catch it when the rules are written
        _input.fraction(self.drop_share, "drop_share")
        _input.positive_scalar(self.spike_share, "spike_share")
        _input.fraction(self.near_tolerance, "near_tolerance", low_open=False)

    def resolved_threshold(self) -> float:
        return _threshold_default() if self.threshold is None else _input.positive_scalar(self.threshold, "threshold")


def _zero_one(data: pd.DataFrame, col: str, name: str) -> np.ndarray:
    v = _input.numeric(data, col, name)
    if not np.isin(v, (0, 1)).all():
        raise InputError(f"{name} column {col!r} must be 0/1 (1 = yes)")
    return v == 1


def classify(data: pd.DataFrame, id: str, time: str, income: str, exited: str, *,
             at_risk: str | None = None, expenditure: str | None = None,
             guarantees: dict[str, str] | None = None, provincial_mean: float | str | None = None,
             receives_policy: str | None = None, rules: MonitorRules = MonitorRules()) -> pd.DataFrame:
    """Flags per household-period (one row per input row, in the input's order).

    ``exited``: 0/1 column, 1 for an exited (formerly registered poor) household.
    ``guarantees``: {dimension: 0/1 failure column}, dimensions e.g. food, clothing,
    education, health, housing. ``provincial_mean``: number or column (needed for
    the two upper exited-household classes).
    """
    from ..china import EXITED_HOUSEHOLD_CLASSES

    cols = [id, time, income, exited, at_risk, expenditure, receives_policy]
    if guarantees is not None and not isinstance(guarantees, dict):
        raise InputError(f"guarantees must be a dict {{dimension: 0/1 failure column}}, got {type(guarantees).__name__}")
    if not isinstance(rules, MonitorRules):
        raise InputError(f"rules must be a MonitorRules, got {type(rules).__name__}")
    cols += list((guarantees or {}).values())
    if isinstance(provincial_mean, str):
        cols.append(provincial_mean)
    _input.check_columns(data, cols)
    _input.unique_keys(data, [id, time])
    n = len(data)
    thr = rules.resolved_threshold()
    y = _input.numeric(data, income, "income")
    ex = _input.numeric(data, exited, "exited")
    if not np.isin(ex, (0, 1)).all():
        raise InputError(f"{exited!r} must be 0/1")
    ex = ex == 1
    risk = None if at_risk is None else _zero_one(data, at_risk, "at_risk")
    t = _input.numeric(data, time, "time")
    hh, _ = _input.groups(data, id, n, name="id")
    order = np.lexsort((t, hh))
    prev = np.full(n, np.nan)
    same = hh[order][1:] == hh[order][:-1]
    prev_sorted = np.r_[np.nan, np.where(same, y[order][:-1], np.nan)]
    prev[order] = prev_sorted
    with np.errstate(invalid="ignore", divide="ignore"):
        drop = (prev > 0) & ((prev - y) / prev >= rules.drop_share)
    spike = np.zeros(n, bool)
    if expenditure is not None:
        e = _input.numeric(data, expenditure, "expenditure", nonnegative=True)
        spike = e >= rules.spike_share * np.maximum(y, 0)
    out = pd.DataFrame({id: data[id].to_numpy(), time: data[time].to_numpy()}, index=data.index)
    below = y < thr
    out["unstable_exited"] = ex & below
    out["marginal"] = ~ex & below
    out["sudden_hardship"] = drop | spike
    out["income_drop"] = drop
    out["expenditure_spike"] = spike
    fail = np.zeros(n, bool)
    for dim, col in (guarantees or {}).items():
        f = _input.numeric(data, col, col)
        if not np.isin(f, (0, 1)).all():
            raise InputError(f"guarantee failure column {col!r} must be 0/1")
        out[f"fail_{dim}"] = f == 1
        fail |= f == 1
    out["guarantee_failure"] = fail
    # exited-household classes from the china rule definitions
    mean = None
    if provincial_mean is not None:
        mean = (np.full(n, _input.positive_scalar(provincial_mean, "provincial_mean"))
                if not isinstance(provincial_mean, str) else _input.numeric(data, provincial_mean, "provincial_mean"))
    pol = None if receives_policy is None else _zero_one(data, receives_policy, "receives_policy")
    cls = np.full(n, "", dtype=object)
    for c in sorted(EXITED_HOUSEHOLD_CLASSES, key=lambda c: -c.rank):  # the monitored class wins
        ok = ex.copy()
        for cond in c.income:
            if cond.reference == "monitoring_threshold":
                ref = np.full(n, thr)
            elif mean is None:
                ok[:] = False
                continue
            else:
                ref = mean
            if cond.op == "lt":
                ok &= y < ref
            elif cond.op == "ge":
                ok &= y >= ref
            else:  # approx_ge
                ok &= y >= (1 - rules.near_tolerance) * ref
        if c.at_risk is not None:
            if risk is None:
                ok[:] = False
            else:
                ok &= risk == c.at_risk
        if c.receives_policy is not None and pol is not None:
            ok &= pol == c.receives_policy
        cls = np.where(ok & (cls == ""), c.code, cls)
    out["exited_class"] = cls
    out["flagged"] = out[list(FLAGS)].any(axis=1)
    return out


def risk_codes(flags: pd.DataFrame, cause: pd.Series | None = None) -> pd.Series:
    """Risk sub-type codes (``;``-joined, sorted) implied by the flags of each row."""
    from ..china import check_risk_codes

    parts = []
    for dim, code in GUARANTEE_RISK.items():
        col = f"fail_{dim}"
        if col in flags.columns:
            parts.append(np.where(flags[col].to_numpy(), code, ""))
    if "expenditure_spike" in flags.columns:
        parts.append(np.where(flags["expenditure_spike"].to_numpy(), "capability.illness", ""))
    if cause is not None:
        c = pd.Series(cause).fillna("").astype(str).to_numpy()
        check_risk_codes([v for v in set(c) if v])
        parts.append(c)
    if not parts:
        return pd.Series("", index=flags.index, name="risk_codes")
    codes = [";".join(sorted({p for p in row if p})) for row in zip(*parts)]  # row-wise join of short strings
    return pd.Series(codes, index=flags.index, name="risk_codes")


def roc_auc(score: np.ndarray, outcome: np.ndarray) -> float:
    """ROC AUC = P(score of a case > score of a non-case) + 0.5 P(tie) (Mann-Whitney)."""
    s = np.asarray(score, float)
    o = np.asarray(outcome).astype(bool)
    n1, n0 = o.sum(), (~o).sum()
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = stats.rankdata(s)
    return float((r[o].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def _binary_metrics(pred: np.ndarray, outcome: np.ndarray) -> dict:
    pred = pred.astype(bool)
    o = outcome.astype(bool)
    tp = int((pred & o).sum())
    return {"flagged": int(pred.sum()), "precision": tp / pred.sum() if pred.any() else np.nan,
            "recall": tp / o.sum() if o.any() else np.nan, "auc": roc_auc(pred.astype(float), o)}


def evaluate_warning(panel: PovertyPanel, formula: str, split: float, *,
                     flags: Sequence[str] = (), cutoff: float | None = None, link: str = "cloglog") -> pd.DataFrame:
    """Out-of-sample evaluation of flags and a model risk score against re-entry.

    The hazard model (``reentry_hazard`` with ``formula``'s right side) is fitted on
    person-period rows whose outcome period is <= ``split`` and scored on the later
    ones. ``flags``: 0/1 columns of the panel data (taken at the origin period).
    ``cutoff`` turns the score into a flag (default: the training re-entry rate).
    """
    import statsmodels.api as sm

    from .models import _binary, _check_panel, _frame_for, _matrices

    panel = _check_panel(panel)
    if link not in ("cloglog", "logit"):
        raise InputError(f"link must be 'cloglog' or 'logit', got {link!r}")
    if not isinstance(formula, str):
        raise InputError(f"formula must be a string such as '~ x1 + x2', got {type(formula).__name__}")
    try:
        split = float(split)
    except (TypeError, ValueError):
        raise InputError(f"split must be a period (a number), got {split!r}") from None
    pp = panel.person_period()
    _input.check_columns(pp, list(flags), what="flag column")
    train = pp[pp["outcome_time"] <= split].reset_index(drop=True)
    test = pp[pp["outcome_time"] > split].reset_index(drop=True)
    if train.empty or test.empty:
        raise EstimationError(f"split={split} leaves no training or no test person-periods")
    rhs = formula.split("~", 1)[1] if "~" in formula else formula
    f = "event ~ " + rhs + " + np.log(years_since_exit)"
    f, tr, nd = _frame_for(f, train, "raise")
    y, X = _matrices(f, tr, intercept=True)
    _binary(y, "re-entry event in the training years")
    fam = sm.families.Binomial(sm.families.links.CLogLog() if link == "cloglog" else sm.families.links.Logit())
    fit = sm.GLM(y, X, family=fam).fit()
    _, te, _ = _frame_for(f, test, "raise")
    yt, Xt = _matrices(f, te, intercept=True)
    score = fit.predict(Xt[X.columns])
    cut = float(y.mean()) if cutoff is None else _input.fraction(cutoff, "cutoff")
    rows = [{"predictor": f"score >= {cut:.3f}", **_binary_metrics(score >= cut, yt)}]
    rows[0]["auc"] = roc_auc(score, yt)
    for c in flags:
        v = _input.numeric(te, c, c)
        rows.append({"predictor": c, **_binary_metrics(v == 1, yt)})
    out = pd.DataFrame(rows)
    out.attrs.update(n_train=int(len(y)), n_test=int(len(yt)), reentries_test=int(yt.sum()))
    return out


__all__ = ["MonitorRules", "classify", "risk_codes", "roc_auc", "evaluate_warning", "FLAGS", "FLAG_LABELS_ZH"]
