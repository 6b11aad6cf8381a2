"""The command line end to end: measures (every measure, per-measure reasons), mpi (rounds and changes),
decompose, panel, output formats, flag-worded messages, ``python -m povecon`` and completion.

Reference data (laeken's ``eusilc``, mpitb's ``syn_cdta``) come from POVECON_REFERENCE_DATA; those tests
are skipped without it. The other tests write files from SIMULATED data.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.cli import main, to_flags
from povecon.cli.measures import MEASURES

from conftest import reference_file  # noqa: E402

EUSILC = reference_file("eusilc.csv")
SYN = reference_file("syn_cdta.csv")
needs_eusilc = pytest.mark.skipif(not os.path.exists(EUSILC), reason="eusilc reference data not available")
needs_syn = pytest.mark.skipif(not os.path.exists(SYN), reason="mpitb syn_cdta reference data not available")
SRC = str(Path(pe.__file__).resolve().parents[1])
LINE = 2300.0


def _run(capsys, argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _python_m(args, **kw):
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.update(kw.pop("env", {}))
    return subprocess.run([sys.executable, "-m", "povecon", *map(str, args)], env=env, text=True,
                          capture_output=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    """The SIMULATED panel (400 households, 2014-2022) and one year of it, written as CSV."""
    d = pe.datasets.simulate_households(400, seed=3).data
    folder = tmp_path_factory.mktemp("sim")
    d.to_csv(folder / "panel.csv", index=False)
    one = d[d["year"] == 2016].reset_index(drop=True)
    one.to_csv(folder / "y2016.csv", index=False)
    return d, one, folder


# --- measures on the EU-SILC sample --------------------------------------------------------------------

ISSUE_CALL = ["--income", "eqIncome", "--weights", "rb050", "--strata", "db040", "--psu", "db030", "--by", "db040",
              "--line", "10859"]


@needs_eusilc
def test_eusilc_call_prints_every_measure_and_names_the_one_that_cannot(capsys, tmp_path):
    out_csv = tmp_path / "out.csv"
    code, out, err = _run(capsys, ["measures", EUSILC, *ISSUE_CALL, "-o", out_csv])
    assert code == 0, err
    table = pd.read_csv(out_csv)
    data = pd.read_csv(EUSILC)
    zero = int((data["eqIncome"] <= 0).sum())
    assert zero == 3  # laeken's eusilc has three zero incomes: the Watts index cannot take them
    failed = {"watts", "time_to_exit", "mld", "atkinson"}
    assert set(table["measure"]) == set(MEASURES) - failed
    assert "not computed:" in out
    assert f"watts: the Watts index needs every poor income > 0 (log of zero or negative income); {zero} " \
           f"income(s) are <= 0" in out
    for name in failed:
        assert f"  {name}: " in out
    for name in set(MEASURES) - failed:
        assert name in out.split("not computed:")[0]
    # one row per region and measure, each equal to the library's own call under the design
    design = pe.SurveyDesign(weights="rb050", strata="db040", psu="db030")
    want = pe.sen(data, "eqIncome", line=10859, design=design, by="db040").to_frame()
    got = table[table["measure"] == "sen"]
    np.testing.assert_allclose(got["value"], want["value"], rtol=1e-12)
    np.testing.assert_allclose(got["se"], want["se"], rtol=1e-12)
    np.testing.assert_allclose(got[["ci_lower", "ci_upper"]], want[["ci_lower", "ci_upper"]], rtol=1e-12)
    # --strict: the same report, a non-zero exit
    code, out, err = _run(capsys, ["measures", EUSILC, *ISSUE_CALL, "--measures", "fgt0", "watts", "--strict"])
    assert code == 1 and "watts:" in out and "fgt0" in out and "--strict" in err


# R 4.x, survey 4.x (tests/test_measures_survey.py holds the script):
#   svyby(~poor, ~db040, des, svymean) with z = 11000;  svymean(~poor, subset(des, rb090 == "female"))
R_BY_SE = [0.0312277581583606, 0.0167765074403044, 0.0116754405922605, 0.0187736506001718, 0.0121905960962302,
           0.0178786549115108, 0.0100476026597917, 0.0134004568691813, 0.0256977410599527]
R_FEMALE = (0.173500268700595, 0.00582288166422663)
# R laeken 0.5.2: arpr("eqIncome", weights = "rb050", data = eusilc) -> 14.4442181675336;
# gini(..., breakdown = "db040")
LAEKEN_ARPR = 14.4442181675336
LAEKEN_GINI_BY = [32.0548852379951, 25.4944807273304, 25.9373700464675, 25.0165248261643, 23.711904486958,
                  25.2488114401213, 25.4920212383533, 28.9494361840859, 28.741203677712]


@needs_eusilc
def test_eusilc_against_r(capsys, tmp_path):
    design = ["--weights", "rb050", "--strata", "db040", "--psu", "db030"]
    out = tmp_path / "by.csv"
    code, _, err = _run(capsys, ["measures", EUSILC, "--income", "eqIncome", *design, "--by", "db040",
                                 "--line", "11000", "--measures", "fgt0", "gini", "-o", out])
    assert code == 0, err
    t = pd.read_csv(out)
    np.testing.assert_allclose(t.loc[t["measure"] == "fgt0", "se"], R_BY_SE, rtol=1e-9)
    np.testing.assert_allclose(100 * t.loc[t["measure"] == "gini", "value"], LAEKEN_GINI_BY, rtol=1e-12)
    # --domain takes a 0/1 column
    data = pd.read_csv(EUSILC).assign(female=lambda d: (d["rb090"] == "female").astype(int))
    path = tmp_path / "eusilc_female.parquet"
    data.to_parquet(path)
    out = tmp_path / "dom.csv"
    code, _, err = _run(capsys, ["measures", path, "--income", "eqIncome", *design, "--domain", "female",
                                 "--line", "11000", "--measures", "fgt0", "-o", out])
    assert code == 0, err
    row = pd.read_csv(out).iloc[0]
    assert row["value"] == pytest.approx(R_FEMALE[0], rel=1e-12) and row["se"] == pytest.approx(R_FEMALE[1], rel=1e-9)
    # arpr needs no --line: the 60%-of-median line is estimated from the same sample
    out = tmp_path / "arpr.csv"
    code, _, err = _run(capsys, ["measures", EUSILC, "--income", "eqIncome", "--weights", "rb050",
                                 "--measures", "arpr", "--se", "none", "-o", out])
    assert code == 0, err
    row = pd.read_csv(out).iloc[0]
    assert 100 * row["value"] == pytest.approx(LAEKEN_ARPR, rel=1e-12) and np.isnan(row["se"])


# --- measures: lines, inference options, formats ---------------------------------------------------------

@pytest.mark.parametrize("text, line", [
    ("60%median", pe.RelativeLine(0.6, "median")),
    ("50%mean", pe.RelativeLine(0.5, "mean")),
    ("40%p25", pe.RelativeLine(0.4, 0.25)),
    ("2300", 2300.0),
    ("2300.5", 2300.5),
])
def test_measures_lines(simulated, capsys, tmp_path, text, line):
    _, one, folder = simulated
    out = tmp_path / "o.csv"
    code, _, err = _run(capsys, ["measures", folder / "y2016.csv", "--income", "income", "--weights", "weight",
                                 "--line", text, "--measures", "fgt0", "fgt1", "-o", out])
    assert code == 0, err
    t = pd.read_csv(out).set_index("measure")
    for alpha in (0, 1):
        want = pe.fgt(one, "income", line=line, alpha=alpha, weights="weight")
        assert t.loc[f"fgt{alpha}", "value"] == pytest.approx(float(want), rel=1e-12)
        assert t.loc[f"fgt{alpha}", "se"] == pytest.approx(want.se, rel=1e-12)


def test_measures_line_column_and_bad_line(simulated, capsys, tmp_path):
    _, one, folder = simulated
    path = tmp_path / "lines.csv"
    one.assign(z=np.where(one["prefecture"] == "Kashgar", 2500.0, 2300.0)).to_csv(path, index=False)
    out = tmp_path / "o.csv"
    code, _, err = _run(capsys, ["measures", path, "--income", "income", "--line", "z", "--measures", "fgt0",
                                 "-o", out])
    assert code == 0, err
    z = np.where(one["prefecture"] == "Kashgar", 2500.0, 2300.0)
    assert pd.read_csv(out)["value"].iloc[0] == pytest.approx(np.mean(one["income"] < z), rel=1e-12)
    code, out, err = _run(capsys, ["measures", path, "--income", "income", "--line", "sixty"])
    assert code == 2 and "--line sixty" in err and out == ""


def test_measures_inference_options(simulated, capsys, tmp_path):
    _, one, folder = simulated
    path = folder / "y2016.csv"
    base = ["measures", path, "--income", "income", "--weights", "weight", "--measures", "gini"]

    def row(*extra):
        out = tmp_path / "o.csv"
        code, _, err = _run(capsys, [*base, *extra, "-o", out])
        assert code == 0, err
        return pd.read_csv(out).iloc[0]

    r95, r90 = row(), row("--level", "0.9")
    assert r90["se"] == pytest.approx(r95["se"], rel=1e-12)
    assert r95["ci_lower"] < r90["ci_lower"] < r90["ci_upper"] < r95["ci_upper"]
    assert np.isnan(row("--se", "none")["se"])
    b1 = row("--se", "bootstrap", "--replicates", "50", "--seed", "7")
    b2 = row("--se", "bootstrap", "--replicates", "50", "--seed", "7")
    want = pe.gini(one, "income", weights="weight", se="bootstrap", replicates=50, seed=7)
    assert b1["se"] == b2["se"] == pytest.approx(want.se, rel=1e-12)
    # design options: strata and PSUs of the file
    d = row("--strata", "prefecture", "--psu", "village")
    want = pe.gini(one, "income", design=pe.SurveyDesign(weights="weight", strata="prefecture", psu="village"))
    assert d["se"] == pytest.approx(want.se, rel=1e-12)
    # a finite-population correction: the population has three times the sampled villages of each prefecture
    fpc_path = tmp_path / "fpc.csv"
    with_fpc = one.assign(npsu=3 * one.groupby("prefecture")["village"].transform("nunique"))
    with_fpc.to_csv(fpc_path, index=False)
    out = tmp_path / "fpc_out.csv"
    code, _, err = _run(capsys, ["measures", fpc_path, "--income", "income", "--weights", "weight", "--measures",
                                 "gini", "--strata", "prefecture", "--psu", "village", "--fpc", "npsu", "-o", out])
    assert code == 0, err
    want = pe.gini(with_fpc, "income", design=pe.SurveyDesign(weights="weight", strata="prefecture", psu="village",
                                                              fpc="npsu"))
    got = pd.read_csv(out).iloc[0]["se"]
    assert got == pytest.approx(want.se, rel=1e-12) and got < d["se"]
    # replicate weights of the file (here 20 random half-samples, doubled)
    rng = np.random.default_rng(2)
    reps = {f"r{j}": one["weight"] * 2 * rng.integers(0, 2, len(one)) for j in range(20)}
    rep_path = tmp_path / "reps.parquet"
    one.assign(**reps).to_parquet(rep_path)
    out = tmp_path / "rep_out.csv"
    code, _, err = _run(capsys, ["measures", rep_path, "--income", "income", "--weights", "weight", "--measures",
                                 "gini", "--se", "replicate", "--replicate-weights", *reps, "--replicate-scale",
                                 "0.05", "-o", out])
    assert code == 0, err
    want = pe.gini(one.assign(**reps), "income", se="replicate", design=pe.SurveyDesign(
        weights="weight", replicate=list(reps), replicate_scale=0.05))
    assert pd.read_csv(out).iloc[0]["se"] == pytest.approx(want.se, rel=1e-12)
    # a bootstrap without a seed: the message speaks of the flag
    code, out, err = _run(capsys, [*base, "--se", "bootstrap"])
    assert code == 0  # the measure is reported as not computed, with the reason
    assert "--seed" in out and "seed=" not in out


def test_measures_na(capsys, tmp_path):
    path = tmp_path / "na.csv"
    pd.DataFrame({"y": [100.0, 200.0, np.nan, 400.0, 800.0, 50.0, 900.0]}).to_csv(path, index=False)
    code, out, err = _run(capsys, ["measures", path, "--income", "y", "--measures", "gini"])
    assert code == 2 and "--na drop" in err and "na=" not in err
    code, out, err = _run(capsys, ["measures", path, "--income", "y", "--measures", "gini", "--na", "drop"])
    assert code == 0 and "dropped 1 row(s)" in err


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx", ".tex", ".md"])
def test_measures_output_formats(simulated, capsys, tmp_path, suffix):
    _, one, folder = simulated
    out = tmp_path / f"table{suffix}"
    code, _, err = _run(capsys, ["measures", folder / "y2016.csv", "--income", "income", "--line", "2300",
                                 "--by", "prefecture", "--measures", "fgt0", "gini", "-o", out])
    assert code == 0, err
    assert f"wrote {out}" in err
    want = pe.fgt(one, "income", line=LINE, by="prefecture").to_frame()
    if suffix in (".csv", ".parquet", ".xlsx"):
        t = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".xlsx": pd.read_excel}[suffix](out)
        assert list(t.columns) == ["group", "measure", "value", "se", "ci_lower", "ci_upper", "n"]
        np.testing.assert_allclose(t.loc[t["measure"] == "fgt0", "value"], want["value"], rtol=1e-12)
    else:
        text = out.read_text(encoding="utf-8")
        assert ("\\begin{tabular}" in text) if suffix == ".tex" else text.startswith("| group")
        assert f"{want['value'].iloc[0]:.4f}" in text
    code, _, err = _run(capsys, ["measures", folder / "y2016.csv", "--income", "income", "--measures", "gini",
                                 "-o", tmp_path / "table.docx"])
    assert code == 2 and "-o" in err and ".docx" in err


# --- mpi ---------------------------------------------------------------------------------------------

# The global MPI (pe.global_mpi(): three dimensions of weight 1/3, indicators equally weighted within them)
# on mpitb's syn_cdta column names, written as a spec file
GLOBAL_SPEC = """
name: global MPI (2018)
dimensions:
  health:
    weight: 1/3
    indicators:
      nutrition: {variable: d_nutr}
      child_mortality: {variable: d_cm}
  education:
    weight: 1/3
    indicators:
      years_of_schooling: {variable: d_educ}
      school_attendance: {variable: d_satt}
  living_standards:
    weight: 1/3
    indicators:
      cooking_fuel: {variable: d_ckfl}
      sanitation: {variable: d_sani}
      drinking_water: {variable: d_wtr}
      electricity: {variable: d_elct}
      housing: {variable: d_hsg}
      assets: {variable: d_asst}
"""
# R 4.2, survey 4.1, on syn_cdta (the script is in tests/test_mpi_estimate.py)
R_SYN = {
    ("levels", "M0", 1): (0.142416225749559, 0.002485917629852),
    ("levels", "H", 1): (0.335216572504708, 0.00554180862575247),
    ("levels", "A", 1): (0.424848403780988, 0.00185974916099188),
    ("levels", "M0", 2): (0.0939512949822228, 0.00195460667124961),
    ("levels", "H", 2): (0.230820725666086, 0.00473817304766535),
    ("changes", "M0", "abs"): (-0.0484649307673363, 0.00319612943471636),
    ("changes", "M0", "rel"): (-34.0304838948355, 1.81095580938122),
    ("changes", "M0", "ann_rel"): (-4.77603292859816, 0.307533123392357),
    ("changes", "H", "abs"): (-0.104395846838622, 0.00736149554131414),
}


@needs_syn
def test_mpi_syn_cdta_levels_and_changes(capsys, tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(GLOBAL_SPEC, encoding="utf-8")
    assert pe.MPISpec.from_yaml(spec).indicator_weights == pytest.approx(pe.global_mpi().indicator_weights)
    out = tmp_path / "mpi.xlsx"
    code, printed, err = _run(capsys, ["mpi", SYN, "--spec", spec, "--time", "t", "--change", "1", "2",
                                       "--years", "8.5", "--k", "1/3", "--weights", "weight", "--strata",
                                       "stratum", "--psu", "psu", "--na", "drop", "-o", out])
    assert code == 0, err
    assert "levels:" in printed and "changes:" in printed and "ann_rel" in printed
    assert "dropped 97 row(s)" in err
    sheets = pd.read_excel(out, sheet_name=None)
    levels, changes = sheets["levels"], sheets["changes"]
    for (table, measure, key), (value, se) in R_SYN.items():
        if table == "levels":
            row = levels[(levels["measure"] == measure) & (levels["time"] == key)]
        else:
            row = changes[(changes["measure"] == measure) & (changes["ctype"] == key)]
        assert len(row) == 1
        assert row["value"].iloc[0] == pytest.approx(value, rel=1e-9)
        assert row["se"].iloc[0] == pytest.approx(se, rel=1e-6)
    # without --na drop the missing values are an error worded for the command line
    code, _, err = _run(capsys, ["mpi", SYN, "--spec", spec, "--time", "t", "--k", "1/3"])
    assert code == 2 and "--na drop" in err and "na='drop'" not in err


def test_mpi_fractional_and_several_k_by_group(simulated, capsys, tmp_path):
    d, one, folder = simulated
    spec = tmp_path / "spec.yaml"
    spec.write_text("dimensions:\n  a: {weight: 1/2, indicators: {food: {variable: d_food}, water: "
                    "{variable: d_water}}}\n  b: {weight: 1/2, indicators: {education: {variable: d_education}, "
                    "medical: {variable: d_medical}, housing: {variable: d_housing}}}\n", encoding="utf-8")
    out = tmp_path / "k.csv"
    code, _, err = _run(capsys, ["mpi", folder / "y2016.csv", "--spec", spec, "--k", "1/3", "1/2", "--by",
                                 "prefecture", "--weights", "weight", "-o", out])
    assert code == 0, err
    t = pd.read_csv(out)
    want = pe.mpi(one, pe.MPISpec.from_yaml(spec), k=[1 / 3, 1 / 2], by="prefecture", weights="weight").to_frame()
    want = want[want["measure"].isin(["H", "A", "M0"])]
    assert sorted(t["k"].unique()) == pytest.approx([1 / 3, 1 / 2])
    assert set(t["group"]) == set(want["group"])
    np.testing.assert_allclose(t["value"], want["value"], rtol=1e-12)
    # calendar-year rounds: annualized changes need no --years
    path = tmp_path / "two_years.csv"
    d[d["year"].isin([2015, 2018])].to_csv(path, index=False)
    code, printed, err = _run(capsys, ["mpi", path, "--spec", spec, "--k", "1/3", "--time", "year",
                                       "--change", "2015", "2018", "--weights", "weight"])
    assert code == 0, err and "ann_abs" in printed
    code, _, err = _run(capsys, ["mpi", path, "--spec", spec, "--k", "1/3", "--change", "2015", "2018"])
    assert code == 2 and "--change needs --time" in err
    code, _, err = _run(capsys, ["mpi", path, "--spec", spec, "--k", "one-third"])
    assert code == 2 and "--k one-third" in err


# --- decompose -----------------------------------------------------------------------------------------

SOURCES = ["income_wage", "income_operating", "income_property", "income_transfer"]


@pytest.mark.parametrize("method, fn", [("shares", "source_shares"), ("gini", "gini_by_source"),
                                        ("shorrocks", "shorrocks_by_source"), ("shapley", "shapley_by_source")])
def test_decompose_by_source(simulated, capsys, tmp_path, method, fn):
    _, one, folder = simulated
    out = tmp_path / "s.csv"
    code, _, err = _run(capsys, ["decompose", folder / "y2016.csv", "--sources", *SOURCES, "--method", method,
                                 "--weights", "weight", "-o", out])
    assert code == 0, err
    want = getattr(pe, fn)(one, SOURCES, weights="weight").to_frame()
    np.testing.assert_allclose(pd.read_csv(out)["value"], want["value"], rtol=1e-12)


def test_decompose_by_subgroup(simulated, capsys, tmp_path):
    _, one, folder = simulated
    out = tmp_path / "g.csv"
    code, _, err = _run(capsys, ["decompose", folder / "y2016.csv", "--income", "income", "--by", "prefecture",
                                 "--line", "2300", "--weights", "weight", "-o", out])
    assert code == 0, err
    want = pe.by_subgroup(one, "income", by="prefecture", line=2300, weights="weight").to_frame()
    t = pd.read_csv(out)
    np.testing.assert_allclose(t["value"], want["value"], rtol=1e-12)
    np.testing.assert_allclose(t["se"], want["se"], rtol=1e-12)


@pytest.mark.parametrize("method, fn", [("datt-ravallion", "datt_ravallion"), ("shapley", "shapley_poverty_change")])
def test_decompose_change_two_files_or_two_rounds(simulated, capsys, tmp_path, method, fn):
    d, _, folder = simulated
    before, after = (d[d["year"] == y].reset_index(drop=True) for y in (2015, 2018))
    before.to_csv(tmp_path / "b.csv", index=False)
    after.to_parquet(tmp_path / "a.parquet")
    opts = ["--income", "income", "--line", "2300", "--weights", "weight", "--method", method]
    o1, o2 = tmp_path / "1.csv", tmp_path / "2.csv"
    code, _, err = _run(capsys, ["decompose", tmp_path / "b.csv", tmp_path / "a.parquet", *opts, "-o", o1])
    assert code == 0, err
    code, _, err = _run(capsys, ["decompose", folder / "panel.csv", "--time", "year", "--change", "2015", "2018",
                                 *opts, "-o", o2])
    assert code == 0, err
    want = getattr(pe, fn)(before, after, income="income", line=2300, weights="weight").to_frame()
    for out in (o1, o2):
        np.testing.assert_allclose(pd.read_csv(out)["value"], want["value"], rtol=1e-12)


def test_decompose_says_what_it_needs(simulated, capsys):
    _, _, folder = simulated
    code, _, err = _run(capsys, ["decompose", folder / "y2016.csv", "--income", "income"])
    assert code == 2 and "--sources" in err and "--by" in err
    code, _, err = _run(capsys, ["decompose", folder / "panel.csv", "--income", "income", "--time", "year",
                                 "--change", "2015", "2018"])
    assert code == 2 and "--line" in err


# --- panel ---------------------------------------------------------------------------------------------

def test_panel_tables(simulated, capsys, tmp_path):
    d, _, folder = simulated
    out = tmp_path / "p.xlsx"
    code, printed, err = _run(capsys, ["panel", folder / "panel.csv", "--id", "household", "--time", "year",
                                       "--income", "income", "--line", "2300", "--weights", "weight", "-o", out])
    assert code == 0, err
    panel = pe.PovertyPanel(d, id="household", time="year", income="income", line=2300, weights="weight")
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets) == ["headcount", "transitions", "rates", "reentry", "spells"]
    for name, want in (("headcount", panel.headcount()), ("transitions", panel.transition_matrix()),
                       ("rates", panel.rates()), ("reentry", panel.reentry())):
        want = want.to_frame()
        np.testing.assert_allclose(sheets[name]["value"], want["value"], rtol=1e-12)
        np.testing.assert_allclose(sheets[name]["se"], want["se"], rtol=1e-12)
    assert len(sheets["spells"]) == len(panel.spells())
    # a CSV holds the estimate tables stacked; the spells, another shape, go to a file of their own
    out = tmp_path / "p.csv"
    code, _, err = _run(capsys, ["panel", folder / "panel.csv", "--id", "household", "--time", "year",
                                 "--status", "poor", "--tables", "rates", "spells", "-o", out])
    assert code == 0, err
    assert set(pd.read_csv(out)["table"]) == {"rates"}
    assert (tmp_path / "p-spells.csv").exists() and f"wrote {tmp_path / 'p-spells.csv'}" in err


def test_panel_reports_a_table_it_cannot_compute(capsys, tmp_path):
    # nobody ever leaves poverty: no re-entry table, the others stand
    path = tmp_path / "stuck.csv"
    pd.DataFrame({"hh": [1, 1, 1, 2, 2, 2], "t": [1, 2, 3] * 2, "y": [1000, 1100, 1200, 3000, 3100, 3200]}).to_csv(
        path, index=False)
    argv = ["panel", path, "--id", "hh", "--time", "t", "--income", "y", "--line", "2300"]
    code, printed, err = _run(capsys, argv)
    assert code == 0 and "reentry: no exit from poverty is observed" in printed and "rates:" in printed
    code, printed, err = _run(capsys, [*argv, "--strict"])
    assert code == 1
    code, _, err = _run(capsys, ["panel", path, "--id", "hh", "--time", "t", "--income", "y"])
    assert code == 2 and "--income needs --line" in err


# --- messages in flags ---------------------------------------------------------------------------------

@pytest.mark.parametrize("message, flags", [
    ("d_nutr has 82 missing value(s); pass na='drop' to drop those rows",
     "d_nutr has 82 missing value(s); pass --na drop to drop those rows"),
    ('use na="drop"', "use --na drop"),
    ("se='replicate' needs SurveyDesign(replicate=...) replicate weights",
     "--se replicate needs replicate weights: pass --replicate-weights COL ..."),
    ("pass weights through the SurveyDesign, not both weights= and design=", "give the weights once, with --weights"),
    ("this step is random and needs seed=<a whole number >= 0> so the result is reproducible (se='bootstrap')",
     "this step is random and needs --seed N (a whole number >= 0) so the result is reproducible (--se bootstrap)"),
    ("a poverty line is required: line=<number>, a column, or povecon.RelativeLine(...)",
     "a poverty line is required: --line <number>, a column, or a relative line such as 60%median"),
    ("give exactly one of income= (with line=) or status=", "give exactly one of --income (with --line) or --status"),
    ("k=0.5 was not estimated", "--k 0.5 was not estimated"),
    ("change() needs a result estimated with time=", "--change needs --time"),
    ("a decomposition needs by=<grouping variable>", "a decomposition needs --by <grouping variable>"),
    ("se=None computes none", "--se none computes none"),
    # words that only look like arguments stay
    ("no estimate for measure='H', group='all'", "no estimate for measure='H', group='all'"),
    ("the income density is zero", "the income density is zero"),
])
def test_messages_speak_of_flags(message, flags):
    assert to_flags(message) == flags


# --- python -m, completion -----------------------------------------------------------------------------

def test_python_m_povecon():
    res = _python_m(["--help"])
    assert res.returncode == 0
    for command in ("reproduce", "measures", "mpi", "decompose", "panel"):
        assert command in res.stdout


@pytest.mark.parametrize("line, expected", [
    ("povecon mea", {"measures"}),
    ("povecon measures data.csv --se ", {"linearized", "bootstrap", "replicate", "none"}),
    ("povecon measures data.csv --str", {"--strata", "--strict"}),
])
def test_shell_completion(tmp_path, line, expected):
    pytest.importorskip("argcomplete")
    out = tmp_path / "completions"
    res = _python_m([], env={"_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line)),
                             "_ARGCOMPLETE_STDOUT_FILENAME": str(out)})
    assert res.returncode == 0, res.stderr
    assert set(out.read_text().replace("\v", " ").split()) == expected
