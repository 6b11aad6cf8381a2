"""``povecon measures FILE`` and ``povecon mpi FILE`` end to end, on files written from SIMULATED data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.cli import main

LINE = 2300.0
INDICATORS = ["d_food", "d_clothing", "d_education", "d_medical", "d_housing", "d_water"]


@pytest.fixture(scope="module")
def simulated():
    """One year of the SIMULATED panel (small), with only the columns the commands need."""
    d = pe.datasets.simulate_households(600, seed=11).data
    d = d[d["year"] == 2015][["household", "prefecture", "weight", "income", *INDICATORS]].reset_index(drop=True)
    d["prefecture"] = d["prefecture"].astype(str)
    return d


def _write(frame: pd.DataFrame, path):
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif path.suffix == ".dta":
        frame.astype({"prefecture": object}).to_stata(path, write_index=False)
    return path


def _run(capsys, argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".dta"])
def test_measures_match_fgt(simulated, tmp_path, capsys, suffix):
    path = _write(simulated, tmp_path / f"simulated{suffix}")
    csv, tex = tmp_path / "out.csv", tmp_path / "out.tex"
    code, out, err = _run(capsys, ["measures", path, "--income", "income", "--weights", "weight",
                                   "--line", "2300", "--measures", "fgt0", "fgt1", "fgt2", "gini",
                                   "--csv", csv, "--latex", tex])
    assert code == 0, err
    table = pd.read_csv(csv)
    assert table["measure"].tolist() == ["fgt0", "fgt1", "fgt2", "gini"]
    got = table.set_index("measure")["value"]
    for alpha in (0, 1, 2):
        want = float(pe.fgt(simulated, "income", line=LINE, alpha=alpha, weights="weight"))
        assert got[f"fgt{alpha}"] == pytest.approx(want, rel=1e-12, abs=1e-15)
    assert got["gini"] == pytest.approx(float(pe.gini(simulated, "income", weights="weight")), rel=1e-12)
    assert 0 < got["fgt0"] < 1 and got["fgt2"] < got["fgt1"] < got["fgt0"]
    # the printed table and the LaTeX table carry the same (rounded) numbers
    assert f"{got['fgt0']:.4f}" in out
    latex = tex.read_text(encoding="utf-8")
    assert "\\begin{tabular}" in latex and f"{got['fgt1']:.4f}" in latex
    assert f"wrote {csv}" in err and f"wrote {tex}" in err


def test_measures_by_group(simulated, tmp_path, capsys):
    path = _write(simulated, tmp_path / "simulated.csv")
    csv = tmp_path / "by.csv"
    code, out, err = _run(capsys, ["measures", path, "--income", "income", "--weights", "weight",
                                   "--line", "2300", "--by", "prefecture", "--measures", "fgt0", "--csv", csv])
    assert code == 0, err
    table = pd.read_csv(csv)
    want = pe.fgt(simulated, "income", line=LINE, alpha=0, weights="weight", by="prefecture").to_frame()
    for pref in ("Aksu", "Kashgar", "Hotan", "Kizilsu"):
        got = table.loc[table["group"] == pref, "value"]
        assert len(got) == 1 and pref in out
        w = want.loc[want["group"] == pref, "value"]
        assert float(got.iloc[0]) == pytest.approx(float(w.iloc[0]), rel=1e-12, abs=1e-15)
        sub = simulated[simulated["prefecture"] == pref]
        by_hand = np.sum(sub["weight"] * (sub["income"] < LINE)) / np.sum(sub["weight"])
        assert float(got.iloc[0]) == pytest.approx(by_hand, rel=1e-12, abs=1e-15)


def test_measures_default_set_with_line(simulated, tmp_path, capsys):
    from povecon.cli.measures import MEASURES

    path = _write(simulated, tmp_path / "simulated.csv")
    csv = tmp_path / "all.csv"
    code, _, err = _run(capsys, ["measures", path, "--income", "income", "--line", "2300", "--csv", csv])
    assert code == 0, err
    table = pd.read_csv(csv)
    # without --measures every measure of the library is computed (simulated incomes are all > 0)
    assert table["measure"].tolist() == list(MEASURES)
    got = table.set_index("measure")["value"]
    want = [float(pe.fgt(simulated, "income", line=LINE, alpha=a)) for a in (0, 1, 2)]
    want += [float(pe.watts(simulated, "income", line=LINE)), float(pe.gini(simulated, "income")),
             float(pe.theil(simulated, "income"))]
    np.testing.assert_allclose(got[["fgt0", "fgt1", "fgt2", "watts", "gini", "theil"]], want, rtol=1e-12)


def test_measures_default_set_without_line(simulated, tmp_path, capsys):
    from povecon.cli.measures import MEASURES

    path = _write(simulated, tmp_path / "simulated.csv")
    csv = tmp_path / "all.csv"
    code, _, err = _run(capsys, ["measures", path, "--income", "income", "--csv", csv])
    assert code == 0, err
    # the measures that need a line are left out, arpr (a relative line) stays
    assert pd.read_csv(csv)["measure"].tolist() == [m for m in MEASURES if not MEASURES[m].line]


def test_measures_rows_carry_the_requested_names(simulated, tmp_path, capsys):
    path = _write(simulated, tmp_path / "simulated.csv")
    csv = tmp_path / "names.csv"
    code, _, err = _run(capsys, ["measures", path, "--income", "income", "--measures", "theil", "mld", "--csv", csv])
    assert code == 0, err
    assert pd.read_csv(csv)["measure"].tolist() == ["theil", "mld"]


SPEC = """
name: simulated basic needs
dimensions:
  living:
    weight: 1/2
    indicators:
      food: {variable: d_food}
      clothing: {variable: d_clothing}
  services:
    weight: 1/2
    indicators:
      education: {variable: d_education}
      medical: {variable: d_medical}
      housing: {variable: d_housing}
      water: {variable: d_water}
"""


def test_mpi_with_yaml_spec(simulated, tmp_path, capsys):
    path = _write(simulated, tmp_path / "simulated.parquet")
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    csv = tmp_path / "mpi.csv"
    code, out, err = _run(capsys, ["mpi", path, "--spec", spec, "--k", "0.33", "--weights", "weight", "--csv", csv])
    assert code == 0, err
    table = pd.read_csv(csv)
    assert sorted(table["measure"]) == ["A", "H", "M0"]
    v = table.set_index("measure")["value"]
    # by hand: weights 1/4 for food and clothing, 1/8 for the four service indicators
    w = np.array([0.25, 0.25, 0.125, 0.125, 0.125, 0.125])
    c = simulated[INDICATORS].to_numpy(float) @ w
    poor = c >= 0.33 - 1e-9
    hw = simulated["weight"].to_numpy()
    H = np.sum(hw * poor) / hw.sum()
    M0 = np.sum(hw * c * poor) / hw.sum()
    assert v["H"] == pytest.approx(H, rel=1e-12)
    assert v["M0"] == pytest.approx(M0, rel=1e-12)
    assert v["A"] == pytest.approx(M0 / H, rel=1e-12)
    assert "M0" in out


@pytest.mark.parametrize("make, message", [
    (lambda tmp, d: tmp / "missing.csv", "no such file"),
    (lambda tmp, d: (tmp / "data.xlsx").write_text("x") and tmp / "data.xlsx", "unsupported file type"),
    (lambda tmp, d: _write(d, tmp / "simulated.csv"), "nonexistent_income"),
])
def test_measures_errors(simulated, tmp_path, capsys, make, message):
    path = make(tmp_path, simulated)
    code, out, err = _run(capsys, ["measures", path, "--income", "nonexistent_income", "--line", "2300"])
    assert code == 2
    assert err.startswith("povecon: error:") and message in err
    assert out == ""


def test_measures_line_required(simulated, tmp_path, capsys):
    path = _write(simulated, tmp_path / "simulated.csv")
    code, _, err = _run(capsys, ["measures", path, "--income", "income", "--measures", "fgt0"])
    assert code == 2 and "--line" in err


@pytest.mark.parametrize("spec, message", [
    # the two dimension weights sum to 0.9
    (SPEC.replace("weight: 1/2\n    indicators:\n      education", "weight: 0.4\n    indicators:\n      education"),
     "sum to 1"),
    # an indicator whose column the file does not have
    (SPEC.replace("d_water", "d_sanitation"), "d_sanitation"),
    # an indicator entry with a key the spec format does not know
    (SPEC.replace("{variable: d_food}", "{variable: d_food, threshold: 1}"), "threshold"),
])
def test_mpi_bad_spec(simulated, tmp_path, capsys, spec, message):
    path = _write(simulated, tmp_path / "simulated.csv")
    p = tmp_path / "bad.yaml"
    p.write_text(spec, encoding="utf-8")
    code, out, err = _run(capsys, ["mpi", path, "--spec", p, "--k", "0.33"])
    assert code == 2, (out, err)
    assert err.startswith("povecon: error:") and message in err, err
