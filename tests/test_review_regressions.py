"""Regression tests for bugs found in review: each failed (wrong number, silent misuse,
or a raw numpy/pandas/statsmodels exception) before its fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.errors import InputError, SpecError


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(7)
    n = 200
    df = pd.DataFrame({"y": rng.lognormal(8, 1, n), "g": rng.choice(["a", "b"], n),
                       "s1": rng.lognormal(7, 1, n)})
    df["s2"] = df["y"] - df["s1"]
    return df


@pytest.fixture(scope="module")
def panel_data():
    return pe.datasets.simulate_households(600, seed=3).data


@pytest.fixture(scope="module")
def panel(panel_data):
    return pe.PovertyPanel(panel_data, "household", "year", income="income", line=2300, weights="weight")


DECILES = ([10] * 10, [2, 3, 4, 5, 6, 8, 10, 13, 18, 31])


# --- grouped data ------------------------------------------------------------------

@pytest.mark.parametrize("line", [0, -100, "x"])
def test_grouped_fgt_rejects_a_non_positive_line(line):
    # a zero or negative line used to return a number (division by zero inside)
    gd = pe.lorenz_fit(*DECILES, mean=1000)
    with pytest.raises(InputError, match="line"):
        gd.fgt(line)


def test_grouped_poverty_fgt_of_an_order_not_computed_names_the_fix():
    gp = pe.lorenz_fit(*DECILES, mean=1000).poverty(500)
    assert gp.fgt(2) == gp.severity
    with pytest.raises(InputError, match="alpha="):  # was a bare KeyError 'FGT3'
        gp.fgt(3)


def test_lorenz_fit_with_all_zero_income_shares_is_an_input_error():
    with pytest.raises(InputError, match="all zero"):  # was a LinAlgError from the fit
        pe.lorenz_fit([1, 2, 3, 4], [0, 0, 0, 0], mean=100)


# --- measures ------------------------------------------------------------------------

def test_ge_decomposition_alpha_must_be_a_number(frame):
    with pytest.raises(InputError, match="alpha"):
        pe.ge_decomposition(frame, "y", "x", by="g")
    with pytest.raises(InputError, match="alpha"):
        pe.by_subgroup(frame, "y", by="g", fgt_alphas=(), ge_alphas=("x",))


def test_lorenz_points_must_be_a_count_or_shares(frame):
    with pytest.raises(InputError, match="points"):
        pe.lorenz(frame, "y", points="a")


# --- decompositions ------------------------------------------------------------------

@pytest.mark.parametrize("bootstrap", ["x", -5, 2.5, True])
def test_source_bootstrap_count_is_validated(frame, bootstrap):
    with pytest.raises(InputError, match="replicates"):
        pe.gini_by_source(frame, ["s1", "s2"], replicates=bootstrap, seed=1)


def test_oaxaca_bootstrap_count_is_validated(frame):
    df = frame.assign(x=np.arange(len(frame), dtype=float))
    with pytest.raises(InputError, match="replicates"):
        pe.oaxaca_blinder(df, "y", ["x"], "g", replicates="many", seed=1)


def test_sectoral_tables_must_be_numeric():
    with pytest.raises(InputError, match="shares_before"):
        pe.sectoral(shares_before={"a": "half", "b": 0.5}, poverty_before={"a": 0.1, "b": 0.2},
                    shares_after={"a": 0.5, "b": 0.5}, poverty_after={"a": 0.1, "b": 0.2})


# --- dynamics ------------------------------------------------------------------------

def test_evaluate_warning_rejects_an_unknown_link(panel):
    # link="probit" was silently fitted as a logit
    with pytest.raises(InputError, match="link"):
        pe.evaluate_warning(panel, "~ illness_shock", 2018, link="probit")


def test_evaluate_warning_checks_its_inputs(panel, panel_data):
    with pytest.raises(InputError, match="PovertyPanel"):
        pe.evaluate_warning(panel_data, "~ illness_shock", 2018)
    with pytest.raises(InputError, match="split"):
        pe.evaluate_warning(panel, "~ illness_shock", "late")


def test_monitor_rules_reject_a_negative_drop_share():
    # drop_share=-1 flagged every household as a sudden hardship
    with pytest.raises(InputError, match="drop_share"):
        pe.MonitorRules(drop_share=-1)


def test_classify_requires_0_1_risk_column(panel_data):
    df = panel_data.head(40).assign(exited=1, risk=2)
    with pytest.raises(InputError, match="at_risk"):  # 2 was read as "not at risk"
        pe.monitor_classify(df, "household", "year", "income", "exited", at_risk="risk", provincial_mean=9000)
    assert len(df) == 40 and (df["risk"] == 2).all()


def test_vulnerability_cjs_argument_checks(panel_data):
    d = panel_data[panel_data["year"] == 2014].reset_index(drop=True)
    with pytest.raises(InputError, match="threshold"):  # was a format ValueError
        pe.vulnerability_cjs(d, "income", ["edu_years"], 2300, thresholds=("x",))
    with pytest.raises(InputError, match="horizon"):
        pe.vulnerability_cjs(d, "income", ["edu_years"], 2300, horizon="x")
    with pytest.raises(InputError, match="replicates"):
        pe.vulnerability_cjs(d, "income", ["edu_years"], 2300, replicates="x")
    with pytest.raises(InputError, match="covariates"):  # a string was split into letters
        pe.vulnerability_cjs(d, "income", "edu_years", 2300)
    r = pe.vulnerability_cjs(d, "income", ["edu_years"], 2300, horizon=2.0)
    assert r.horizon == 2


def test_model_helpers_reject_wrong_types(panel):
    with pytest.raises(InputError, match="PanelModelResult"):
        pe.model_table(3)
    with pytest.raises(SpecError, match="formula"):
        pe.reentry_hazard(3, panel)


# --- MPI -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mpi_result():
    rng = np.random.default_rng(1)
    n = 300
    df = pd.DataFrame({"d1": rng.integers(0, 2, n), "d2": rng.integers(0, 2, n), "g": rng.choice(["a", "b"], n),
                       "t": rng.choice([2010, 2015], n)})
    spec = pe.MPISpec({"A": {"d1": "d1"}, "B": {"d2": "d2"}})
    return df, spec, pe.mpi(df, spec, 0.5, by="g", time="t")


def test_mpi_argument_checks(mpi_result):
    df, spec, res = mpi_result
    with pytest.raises(InputError, match="years"):
        res.change(2010, 2015, years="five")
    with pytest.raises(InputError, match="k_range"):
        pe.mpi_dominance(res, ("a", 2010), ("b", 2010), k_range="x")
    with pytest.raises(InputError, match="block_rows"):
        pe.mpi(df, spec, 0.5, block_rows="x")
    with pytest.raises(SpecError, match="Indicator"):
        pe.Dimension("A", ("d1",))


def test_mpi_change_accepts_numeric_years(mpi_result):
    _, _, res = mpi_result
    a = res.change(2010, 2015, years=5)
    b = res.change(2010, 2015)
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())


# --- china, datasets -------------------------------------------------------------------

def test_china_poverty_line_accepts_numpy_years():
    years = pd.Series([2014]).to_numpy()
    assert float(pe.china.poverty_line(years[0])) == 2300.0  # numpy int64 was "not an integer"
    with pytest.raises(InputError):
        pe.china.poverty_line(2014.5)


@pytest.mark.parametrize("kwargs", [{"years": 2014}, {"village_size": 0}])
def test_simulate_households_checks_its_arguments(kwargs):
    with pytest.raises(InputError):
        pe.datasets.simulate_households(400, **kwargs)


# --- reproduce, CLI ------------------------------------------------------------------------

def test_markdown_tables_do_not_depend_on_wcwidth():
    import tabulate

    from povecon.reproduce.report import markdown_table

    frame = pd.DataFrame({"label": ["喀什地区", "Aksu"], "value": [1.5, 22.25]})
    saved = tabulate.WIDE_CHARS_MODE
    try:
        tabulate.WIDE_CHARS_MODE = True
        wide = markdown_table(frame)
        tabulate.WIDE_CHARS_MODE = False
        narrow = markdown_table(frame)
        assert tabulate.WIDE_CHARS_MODE is False
    finally:
        tabulate.WIDE_CHARS_MODE = saved
    assert wide == narrow


def test_cli_reports_rows_dropped(tmp_path, capsys):
    from povecon.cli import main

    df = pd.DataFrame({"income": [100.0, 200.0, np.nan, 400.0, 800.0, 50.0]})
    path = tmp_path / "d.csv"
    df.to_csv(path, index=False)
    assert main(["measures", str(path), "--income", "income", "--measures", "gini", "--na", "drop"]) == 0
    assert "dropped 1 row(s)" in capsys.readouterr().err


def test_mpi_change_does_not_annualize_over_round_codes():
    # rounds coded 1 and 2 are not years apart: annualized changes need years= (mpitb reads
    # the gap from a year variable); calendar-year labels give it directly
    rng = np.random.default_rng(5)
    n = 400
    df = pd.DataFrame({f"d{j}": rng.integers(0, 2, n) for j in range(3)})
    df["t"] = np.repeat([1, 2], n // 2)
    spec = pe.MPISpec({"a": {"d0": {}}, "b": {"d1": {}}, "c": {"d2": {}}})
    res = pe.mpi(df, spec, k=1 / 3, time="t")
    assert not res.change(1, 2).to_frame()["ctype"].str.startswith("ann").any()
    with_years = res.change(1, 2, years=8.5)
    assert with_years.to_frame()["ctype"].str.startswith("ann").any()
    res_y = pe.mpi(df.assign(t=df["t"] + 2009), spec, k=1 / 3, time="t")
    assert res_y.change(2010, 2011).to_frame()["ctype"].str.startswith("ann").any()


def test_scalar_measures_use_and_check_their_level():
    r = pe.gini(income=[1.0, 2.0, 3.0, 4.0, 5.0], level=0.9)
    lo90, hi90 = r.ci()
    lo95, hi95 = r.ci(0.95)
    assert lo95 < lo90 < hi90 < hi95
    assert r.to_frame()["ci_lower"].iloc[0] == pytest.approx(lo90)
    with pytest.raises(InputError, match="level"):
        pe.gini(income=[1.0, 2.0, 3.0], level=5)


def test_hausman_result_has_tidy_views():
    sim = pe.datasets.simulate_households(400, seed=9)  # SIMULATED panel
    pp = pe.PovertyPanel(sim.data, id="household", time="year", status="poor")
    h = pe.hausman("log_income ~ illness_shock + disaster_shock", pp)
    frame = h.to_frame()
    assert frame["measure"].tolist() == ["hausman"]
    assert frame["value"].iloc[0] == h.statistic and frame["pvalue"].iloc[0] == h.pvalue and h.chi2_df == 2 and h.df is None
    with pytest.warns(DeprecationWarning, match="h.statistic"):
        assert h["statistic"] == h.statistic
    coefs = h.coefficients()
    np.testing.assert_allclose(coefs["difference"], coefs["fe"] - coefs["re"])
