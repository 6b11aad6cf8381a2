"""The demonstrations on the SIMULATED panel (analyses/sim_*.py) run and say what they should."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ANALYSES = Path(__file__).resolve().parents[1] / "analyses"
SCRIPTS = sorted(ANALYSES.glob("sim_*.py"))


class FakeContext:
    """Collects what a script writes through ``ctx`` instead of writing files."""

    def __init__(self):
        self.tables: dict[str, pd.DataFrame] = {}
        self.captions: dict[str, str] = {}
        self.figures: dict[str, object] = {}
        self.texts: list[str] = []
        self.displays: dict[str, object] = {}

    def table(self, name, frame, *, latex=False, caption="", display=None, **kwargs):
        assert name not in self.tables, f"table {name} written twice"
        assert isinstance(frame, pd.DataFrame)
        self.tables[name] = frame
        self.captions[name] = caption
        if display is not None:
            self.displays[name] = display

    def figure(self, name, fig, caption="", *, redraws=""):
        assert name not in self.figures, f"figure {name} written twice"
        self.figures[name] = fig
        self.captions["redraws:" + name] = redraws
        self.captions["figure:" + name] = caption
        plt.close(fig)

    def text(self, markdown):
        self.texts.append(markdown)


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"sim_demo_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_RUNS: dict[str, FakeContext] = {}


def ran(stem: str) -> FakeContext:
    """Run a demo once per test session (each takes a few seconds at most)."""
    if stem not in _RUNS:
        ctx = FakeContext()
        _load(ANALYSES / f"{stem}.py").run(ctx)
        _RUNS[stem] = ctx
    return _RUNS[stem]


def test_five_demos_exist():
    assert [p.stem for p in SCRIPTS] == [
        "sim_01_mpi_by_prefecture", "sim_02_income_decomposition", "sim_03_dynamics",
        "sim_04_return_models", "sim_05_monitoring"]


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_every_output_is_labelled_simulated(path):
    module = _load(path)
    assert module.FINDINGS == [f"SIM-{path.stem[4:6]}"]
    assert "simulated" in module.TITLE.lower()
    assert module.SEED == 2026 and module.N_HOUSEHOLDS == 3000
    ctx = ran(path.stem)
    assert ctx.tables and ctx.texts
    for name, frame in ctx.tables.items():
        assert "simulated" in name, name
        assert len(frame) > 0 and frame.shape[1] > 1, name
        assert "simulated" in ctx.captions[name].lower(), name
    for name in ctx.figures:
        assert "simulated" in name and "simulated" in ctx.captions["figure:" + name].lower()
    assert all("simulated" in t.lower() for t in ctx.texts)


def test_demos_are_deterministic():
    again = FakeContext()
    _load(ANALYSES / "sim_02_income_decomposition.py").run(again)
    first = ran("sim_02_income_decomposition")
    for name, frame in first.tables.items():
        pd.testing.assert_frame_equal(frame, again.tables[name])
    assert first.texts == again.texts


def test_sim01_mpi_by_prefecture():
    ctx = ran("sim_01_mpi_by_prefecture")
    t = ctx.tables["sim01_mpi_by_prefecture_simulated"]
    assert set(t["prefecture"]) == {"Aksu", "Kashgar", "Hotan", "Kizilsu", "all"}
    assert sorted(t["k"].unique()) == [0.1667, 0.3333, 0.5]
    np.testing.assert_allclose(t["M0"], t["H"] * t["A"], rtol=1e-9)
    # a higher cutoff k never raises the headcount
    for _, g in t.groupby("prefecture"):
        assert np.all(np.diff(g.sort_values("k")["H"].to_numpy()) <= 1e-12)
    # the printed table: M0 and its SE by prefecture as in the frame, SIMULATED in its notes
    shown = ctx.displays["sim01_mpi_by_prefecture_simulated"]
    assert any("SIMULATED" in n for n in shown.notes)
    e = shown.estimates
    m0 = e[e["row"].str.startswith("M0")]
    assert len(m0) == len(t) and (m0["stars"] == 0).all()
    np.testing.assert_allclose(np.sort(m0["value"].to_numpy()), np.sort(t["M0"].to_numpy()), rtol=1e-12)
    c = ctx.tables["sim01_contributions_simulated"].set_index("prefecture")
    np.testing.assert_allclose(c.sum(axis=1), 100.0, atol=1e-6)
    assert "sim01_contributions_simulated" in ctx.figures


def test_sim02_income_decomposition():
    ctx = ran("sim_02_income_decomposition")
    shares = ctx.tables["sim02_income_shares_simulated"]
    assert shares["share"].sum() == pytest.approx(1.0, abs=1e-9)
    # the simulator calibrates the 2018 wage share to the printed 2901 / 10761 within 1 point
    wage = shares.set_index("source").loc["income_wage", "share"]
    assert abs(wage - 2901 / 10761) < 0.01
    ly = ctx.tables["sim02_gini_by_source_simulated"]
    assert ly["share"].sum() == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(ly["contribution"], ly["S"] * ly["G"] * ly["R"], rtol=1e-9)
    assert ly["marginal"].sum() == pytest.approx(0.0, abs=1e-9)
    f = ctx.tables["sim02_fgt_by_prefecture_simulated"]
    groups = f[f["prefecture"] != "total"]
    total = f[f["prefecture"] == "total"]
    assert groups["fgt0_contribution"].sum() == pytest.approx(float(total["fgt0_fgt"].iloc[0]), rel=1e-9)
    assert groups["fgt0_share"].sum() == pytest.approx(1.0, abs=1e-9)
    th = ctx.tables["sim02_theil_within_between_simulated"].set_index("measure")["value"]
    assert th["within"] + th["between"] == pytest.approx(th["total"], rel=1e-9)
    assert 0 < th["between"] < th["total"]


def test_sim03_dynamics():
    ctx = ran("sim_03_dynamics")
    tm = ctx.tables["sim03_transitions_simulated"].set_index("origin")
    np.testing.assert_allclose(tm.sum(axis=1), 1.0, atol=1e-12)
    rates = ctx.tables["sim03_rates_simulated"].set_index("rate")["value"]
    assert rates["exit"] + rates["persistence"] == pytest.approx(1.0, abs=1e-12)
    # the planted persistent household effects make exits fragile: re-entry exceeds first entry
    assert rates["reentry"] > rates["first_entry"]
    life = ctx.tables["sim03_reentry_by_years_since_exit_simulated"]
    assert life["years_since_exit"].tolist() == list(range(1, len(life) + 1))
    assert np.all(np.diff(life["survival"]) <= 1e-12)
    np.testing.assert_allclose(life["cum_reentry"], 1 - life["survival"], atol=1e-12)
    head = ctx.tables["sim03_headcount_simulated"].set_index("year")["headcount"]
    assert head.loc[2014] > head.loc[2019]


def test_sim04_recovers_planted_shock_coefficients():
    ctx = ran("sim_04_return_models")
    rec = ctx.tables["sim04_true_vs_estimated_simulated"].set_index("variable")
    import povecon as pe

    truth = pe.datasets.simulate.Truth()
    assert rec.loc["illness_shock", "true"] == truth.illness_shock
    assert rec.loc["policy_withdrawn", "true"] == truth.policy_withdrawal
    assert len(rec) == 4
    assert (rec["estimate"] - rec["true"]).abs().max() < 0.05
    models = ctx.tables["sim04_return_models_simulated"]
    hazard = models[models["model"].str.startswith("re-entry hazard")].set_index("variable")
    for v in ("illness_shock_next", "disaster_shock_next", "policy_withdrawn_next", "labour_short"):
        assert hazard.loc[v, "estimate"] > 0 and hazard.loc[v, "z"] > 1.96, v
    lpm = models[models["model"].str.startswith("LPM")].set_index("variable")
    assert lpm.loc["illness_shock", "z"] > 1.96 and lpm.loc["disaster_shock", "z"] > 1.96
    # no estimate is significant with the wrong sign
    assert not (models["significant_5pct"] & ~models["sign_as_expected"]).any()
    # the printed table shows the same estimates and SEs, with stars from the same tests
    shown = ctx.displays["sim04_return_models_simulated"].estimates
    for r in models.itertuples():
        cell = shown[(shown["column"] == r.model) & (shown["row"] == r.variable)].iloc[0]
        assert cell["value"] == pytest.approx(r.estimate, rel=1e-12) and cell["se"] == pytest.approx(r.se, rel=1e-12)
        assert (cell["stars"] >= 2) == bool(r.significant_5pct), (r.model, r.variable)


def test_sim05_monitoring():
    ctx = ran("sim_05_monitoring")
    t = ctx.tables["sim05_rules_vs_score_simulated"]
    assert len(t) == 5
    for col in ("catch_rate", "false_alarm_rate", "score_catch_rate", "score_false_alarm_rate", "flagged_share"):
        assert t[col].between(0, 1).all(), col
    # the union of the rules catches at least as much as either rule, and alarms at least as often
    assert t["catch_rate"].iloc[2] >= t["catch_rate"].iloc[:2].max()
    assert t["false_alarm_rate"].iloc[2] >= t["false_alarm_rate"].iloc[:2].max()
    # the score is compared at (close to) the rule's false-alarm rate and beats the shock rule there
    assert (t["score_false_alarm_rate"] - t["false_alarm_rate"]).abs().max() < 0.02
    ev = ctx.tables["sim05_evaluate_warning_simulated"]
    assert ev["predictor"].iloc[0].startswith("score") and ev["auc"].iloc[0] > 0.8
    assert t["score_catch_rate"].iloc[1] > t["catch_rate"].iloc[1]
    s = ctx.tables["sim05_samples_simulated"].set_index("sample")
    assert s.loc["train", "reentries"] > 30 and s.loc["test", "reentries"] > 30
    coef = ctx.tables["sim05_risk_score_model_simulated"].set_index("variable")["coefficient"]
    assert coef["log_income"] < 0 and coef["illness_shock_next"] > 0
