"""The public API walks on one spine.

* every estimator of every family returns a ``pe.Result`` (whatever ``by=``, a list of
  alphas or of k), with the canonical frame and the common views;
* multiplying every sampling weight by 100 leaves every estimate and standard error
  unchanged (sampling weights carry relative, not absolute, information);
* every public function is classified here as an estimator or as something else, so a new
  function cannot join the API without being walked.

The data are the SIMULATED household panel of ``pe.datasets.simulate_households``.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

import povecon as pe

SIM = pe.datasets.simulate_households(400, seed=3).data  # SIMULATED
CROSS = SIM[SIM["year"] == 2019].reset_index(drop=True)
SOURCES = ["income_wage", "income_operating", "income_property", "income_transfer"]
SPEC = pe.MPISpec({"living": {"d_food": {}, "d_clothing": {}, "d_housing": {}, "d_water": {}},
                   "services": {"d_education": {}, "d_medical": {}}})
LINE = float(CROSS["income"].quantile(0.3))


def _scaled(df: pd.DataFrame, scale: float) -> pd.DataFrame:
    return df.assign(weight=df["weight"] * scale)


def _design():
    return pe.SurveyDesign(weights="weight", strata="prefecture", psu="village")


def _panel(scale):
    return pe.PovertyPanel(_scaled(SIM, scale), id="household", time="year", status="poor", weights="weight")


def _income_panel(scale):
    return pe.PovertyPanel(_scaled(SIM, scale), id="household", time="year", income="income", line=LINE,
                           weights="weight")


def _before_after(scale):
    a = _scaled(SIM[SIM["year"] == 2016].reset_index(drop=True), scale)
    b = _scaled(SIM[SIM["year"] == 2020].reset_index(drop=True), scale)
    return a, b


def _mpi(scale, **kw):
    return pe.mpi(_scaled(SIM, scale), SPEC, k=[1 / 3, 1 / 2], design=_design(), **kw)


MEASURES = ["headcount", "poverty_gap", "squared_gap", "watts", "sen", "sst", "chu", "takayama", "time_to_exit"]
INEQUALITY = ["gini", "mld", "theil", "atkinson", "cv", "palma", "qsr", "decile_ratio", "arpr", "poverty_line",
              "quantile", "quantile_ratio", "lorenz"]

# name -> call(scale) for every estimator with sampling weights
WEIGHTED = {}
for _n in MEASURES:
    WEIGHTED[_n] = (lambda n: lambda s: getattr(pe, n)(_scaled(CROSS, s), "income", line=LINE, design=_design(),
                                                        by="prefecture"))(_n)
for _n in INEQUALITY:
    WEIGHTED[_n] = (lambda n: lambda s: getattr(pe, n)(_scaled(CROSS, s), "income", design=_design()))(_n)
WEIGHTED.update({
    "fgt": lambda s: pe.fgt(_scaled(CROSS, s), "income", line=LINE, alpha=[0, 1, 2], design=_design()),
    "fgt_calibrated": lambda s: pe.fgt(_scaled(CROSS, s), "income", line=LINE, alpha=[0, 1], design=pe.calibrate(
        _design(), {"prefecture": {"Aksu": 4.2e5, "Hotan": 4.1e5, "Kashgar": 8.1e5, "Kizilsu": 1.2e5}},
        method="raking")),
    "ge": lambda s: pe.ge(_scaled(CROSS, s), "income", alpha=2, design=_design(), by="prefecture"),
    "fgt_decomposition": lambda s: pe.fgt_decomposition(_scaled(CROSS, s), "income", line=LINE,
                                                        by="prefecture", design=_design()),
    "ge_decomposition": lambda s: pe.ge_decomposition(_scaled(CROSS, s), "income", by="prefecture",
                                                      design=_design()),
    "gini_decomposition": lambda s: pe.gini_decomposition(_scaled(CROSS, s), "income", by="prefecture",
                                                          design=_design()),
    "by_subgroup": lambda s: pe.by_subgroup(_scaled(CROSS, s), "income", by="prefecture", line=LINE,
                                            design=_design()),
    "fgt_bootstrap": lambda s: pe.fgt(_scaled(CROSS, s), "income", line=LINE, design=_design(), se="bootstrap",
                                      replicates=40, seed=5),
    "mpi": lambda s: _mpi(s, by="prefecture", time="year"),
    "mpi_bootstrap": lambda s: _mpi(s, se="bootstrap", replicates=40, seed=5),
    "mpi_parity": lambda s: _mpi(s, by="prefecture", vulnerable=True, severe=True, inequality=True),
    "mpi_parity_bootstrap": lambda s: _mpi(s, vulnerable=(0.2, 0.3), severe=0.5, inequality=True,
                                           se="bootstrap", replicates=40, seed=5),
    "mpi_association": lambda s: pe.mpi_association(_scaled(CROSS, s), SPEC, design=_design(), k=1 / 3),
    "mpi_change": lambda s: _mpi(s, time="year").change(2016, 2020),
    "mpi_weight_robustness": lambda s: pe.mpi_weight_robustness(
        _scaled(CROSS, s), SPEC, {"equal": {"living": 0.5, "services": 0.5},
                                  "living": {"living": 0.7, "services": 0.3}}, 1 / 3, "prefecture",
        design=_design(), se="linearized"),
    "source_shares": lambda s: pe.source_shares(_scaled(CROSS, s), SOURCES, design=_design(), se="bootstrap",
                                                replicates=30, seed=2),
    "gini_by_source": lambda s: pe.gini_by_source(_scaled(CROSS, s), SOURCES, design=_design(), se="bootstrap",
                                                  replicates=30, seed=2),
    "shorrocks_by_source": lambda s: pe.shorrocks_by_source(_scaled(CROSS, s), SOURCES, weights="weight"),
    "shapley_by_source": lambda s: pe.shapley_by_source(_scaled(CROSS, s), SOURCES, weights="weight",
                                                        permutations=50, seed=1),
    "datt_ravallion": lambda s: pe.datt_ravallion(*_before_after(s), income="income", line=LINE,
                                                  weights="weight"),
    "shapley_poverty_change": lambda s: pe.shapley_poverty_change(*_before_after(s), income="income", line=LINE,
                                                                  weights="weight"),
    "sectoral": lambda s: pe.sectoral(*_before_after(s), income="income", line=LINE, by="prefecture",
                                      weights="weight"),
    "lpm_fe": lambda s: pe.lpm_fe("poor ~ illness_shock + disaster_shock", _panel(s)),
    "cre_probit": lambda s: pe.cre_probit("poor ~ illness_shock + disaster_shock", _panel(s), estimator="pooled"),
    "dynamic_probit": lambda s: pe.dynamic_probit("poor ~ illness_shock", _panel(s), n_nodes=8),
    "reentry_hazard": lambda s: pe.reentry_hazard("~ illness_shock", _panel(s), duration="log"),
    "survival": lambda s: _panel(s).survival(),
    "panel_headcount": lambda s: _panel(s).headcount(),
    "panel_transition_matrix": lambda s: _panel(s).transition_matrix(by_period=True),
    "panel_rates": lambda s: _panel(s).rates(),
    "panel_reentry": lambda s: _panel(s).reentry(),
    "panel_chronic_transient": lambda s: _income_panel(s).chronic_transient(),
    "panel_chronic_fgt": lambda s: _income_panel(s).chronic_fgt(tau=0.5, alpha=[0, 1, 2]),
    "panel_spell_shares": lambda s: _panel(s).spell_shares(),
    "chronic_mpi": lambda s: pe.chronic_mpi(_income_panel(s), SPEC, k=[0.2, 1 / 3], periods=2),
    "vulnerability_panel": lambda s: pe.vulnerability_panel(_income_panel(s)),
    "evaluate_warning": lambda s: pe.evaluate_warning(_panel(s), "~ illness_shock", split=2018,
                                                      flags=["illness_shock"]),
    "poverty_curve": lambda s: pe.poverty_curve(_scaled(CROSS, s), "income", lines=12, alpha=1, design=_design(),
                                                by="prefecture", seed=3),
    "quantile_curve": lambda s: pe.quantile_curve(_scaled(CROSS, s), "income", points=5, design=_design(), seed=3),
    "lorenz_curve": lambda s: pe.lorenz_curve(_scaled(CROSS, s), "income", points=5, generalized=True,
                                              design=_design(), seed=3),
    "dominance": lambda s: pe.dominance(_scaled(CROSS, s), income="income", by="prefecture",
                                        groups=("Hotan", "Kashgar"), order=2, lines=10, design=_design(), seed=3),
    "concentration": lambda s: pe.concentration(_scaled(CROSS, s), "income", "income_transfer", design=_design(),
                                                by="prefecture"),
    "progressivity": lambda s: pe.progressivity(
        _scaled(CROSS, s).assign(market=CROSS["income"] - CROSS["income_transfer"]), pre="market", post="income",
        transfer="income_transfer", design=_design(), by="prefecture"),
    "squared_gap_decomposition": lambda s: pe.squared_gap_decomposition(_scaled(CROSS, s), "income", line=LINE,
                                                                        design=_design()),
    "watts_decomposition": lambda s: pe.watts_decomposition(_scaled(CROSS, s), "income",
                                                            line=pe.RelativeLine(0.6, "median"), design=_design()),
    "j_divergence": lambda s: pe.j_divergence(_scaled(CROSS, s), "income", design=_design(), by="prefecture"),
    "j_divergence_decomposition": lambda s: pe.j_divergence_decomposition(_scaled(CROSS, s), "income",
                                                                          by="prefecture", design=_design()),
    "growth_incidence": lambda s: pe.growth_incidence(_scaled(SIM, s), "income", time="year", periods=(2016, 2020),
                                                      design=_design(), p=9, years=4),
    "growth_incidence_independent": lambda s: pe.growth_incidence(*_before_after(s)[:1], "income",
                                                                  after=_before_after(s)[1], independent=True,
                                                                  design=_design(), p=9),
    "pro_poor_growth": lambda s: pe.pro_poor_growth(_scaled(SIM, s), "income", line=LINE, alpha=[0, 1, 2],
                                                    time="year", periods=(2016, 2020), design=_design(), years=4),
    "poverty_elasticities": lambda s: pe.poverty_elasticities(_scaled(CROSS, s), "income", line=LINE,
                                                              design=_design()),
    "rmpg": lambda s: pe.rmpg(_scaled(CROSS, s), "income", design=_design(), by="prefecture"),
    "median_poor": lambda s: pe.median_poor(_scaled(CROSS, s), "income", design=_design()),
    "rmir": lambda s: pe.rmir(_scaled(CROSS, s), "income", age="members_over_60", age_limit=1, design=_design()),
    "sgini": lambda s: pe.sgini(_scaled(CROSS, s), "income", nu=3, design=_design(), by="prefecture"),
    "bonferroni": lambda s: pe.bonferroni(_scaled(CROSS, s), "income", design=_design()),
    "zenga": lambda s: pe.zenga(_scaled(CROSS, s), "income", design=_design(), by="prefecture"),
    "fw_polarization": lambda s: pe.fw_polarization(_scaled(CROSS, s), "income", design=_design()),
    "der_polarization": lambda s: pe.der_polarization(_scaled(CROSS, s), "income", alpha=[0.5, 1],
                                                      design=_design()),
    "vulnerability_cjs": lambda s: pe.vulnerability_cjs(_scaled(CROSS, s), "income", ["edu_years", "size"], LINE,
                                                        weights="weight", se="bootstrap", replicates=30, seed=4),
})

# estimators without sampling weights (grouped data; engines that refuse them; MPI post-estimation)
UNWEIGHTED = {
    "grouped_poverty": lambda: pe.grouped_poverty([0.2, 0.3, 0.3, 0.2], [0.05, 0.15, 0.3, 0.5], mean=5000.0,
                                                  line=2300.0),
    "lorenz_fit": lambda: pe.lorenz_fit([0.2, 0.3, 0.3, 0.2], [0.05, 0.15, 0.3, 0.5], mean=5000.0),
    "fe_logit": lambda: pe.fe_logit("poor ~ illness_shock + disaster_shock", pe.PovertyPanel(
        SIM, id="household", time="year", status="poor")),
    "hausman": lambda: pe.hausman("log_income ~ illness_shock + disaster_shock", pe.PovertyPanel(
        SIM, id="household", time="year", status="poor")),
    "mpi_k_curve": lambda: pe.mpi_k_curve(_mpi(1.0)),
    "oaxaca_blinder": lambda: pe.oaxaca_blinder(CROSS.assign(hotan=(CROSS["prefecture"] == "Hotan").astype(int)),
                                                "log_income", ["edu_years", "size"], "hotan"),
    "contrast": lambda: pe.contrast(WEIGHTED["headcount"](1.0), group=("Hotan", "Kashgar")),
}

# public callables that are not estimators: specs, designs, data, lookups, helpers, result types
NOT_ESTIMATORS = {
    "Dimension", "Indicator", "MPISpec", "SurveyDesign", "RelativeLine", "PovertyPanel", "MonitorRules",
    "PolicyConstant", "china_basic_needs", "global_mpi", "constants_frame", "exited_household_classes",
    "policy_constant", "risk_typology", "risk_codes", "monitor_classify", "model_table", "mpi_dominance",
    "did", "Calibration", "calibrate", "table", "Table", "read_dta", "write_dta", "dta_labels", "DtaLabels",
    "scan",
}


def _frame_of(r):
    f = r.to_frame()
    return f[[c for c in ("value", "se") if c in f.columns]].to_numpy(dtype=float)


@pytest.mark.parametrize("name", sorted(WEIGHTED))
def test_estimators_return_the_result_type_and_ignore_the_scale_of_weights(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # e.g. separation or small-cell notes on tiny data
        r1 = WEIGHTED[name](1.0)
        r100 = WEIGHTED[name](100.0)
    for r in (r1, r100):
        assert isinstance(r, pe.Result), f"{name} returned {type(r).__name__}"
        f = r.to_frame()
        assert list(f.columns[:3]) == ["measure", "group", "time"], f.columns
        assert {"value", "se", "ci_lower", "ci_upper", "n"} <= set(f.columns)
        assert isinstance(str(r.summary()), str) and len(r) == len(f)
    a, b = _frame_of(r1), _frame_of(r100)
    assert a.shape == b.shape
    np.testing.assert_allclose(b, a, rtol=1e-8, atol=1e-12, equal_nan=True,
                               err_msg=f"{name}: estimates or SEs change when the weights are multiplied by 100")


@pytest.mark.parametrize("name", sorted(UNWEIGHTED))
def test_other_estimators_return_the_result_type(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        r = UNWEIGHTED[name]()
    assert isinstance(r, pe.Result), f"{name} returned {type(r).__name__}"
    f = r.to_frame()
    assert list(f.columns[:3]) == ["measure", "group", "time"]
    assert {"value", "se", "ci_lower", "ci_upper", "n"} <= set(f.columns)


def test_every_public_function_is_walked():
    walked = {n.split("_bootstrap")[0] for n in WEIGHTED} | set(UNWEIGHTED) | {"mpi"}
    public = {n for n in dir(pe) if not n.startswith("_") and callable(getattr(pe, n))
              and not inspect.ismodule(getattr(pe, n))}
    classes = {n for n in public if inspect.isclass(getattr(pe, n))}
    results = {n for n in classes if issubclass(getattr(pe, n), (pe.Result, pe.Summary))}
    errors = {n for n in classes if issubclass(getattr(pe, n), BaseException)}
    unclassified = public - walked - NOT_ESTIMATORS - results - errors
    assert not unclassified, f"public callables neither walked nor classified: {sorted(unclassified)}"


def test_every_public_name_is_in_the_api_reference():
    import re
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
    listed = {m.split(".")[-1] for m in re.findall(r"::: (povecon[\w.]*)", page)}
    public = {n for n in dir(pe) if not n.startswith("_") and (inspect.isfunction(getattr(pe, n))
                                                                or inspect.isclass(getattr(pe, n)))}
    assert not public - listed, f"missing from docs/reference/api.md: {sorted(public - listed)}"
