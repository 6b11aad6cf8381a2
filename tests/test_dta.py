"""Stata .dta files keep their variable and value labels through pe.read_dta / pe.write_dta."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.errors import InputError

REF = os.environ.get("POVECON_REFERENCE_DATA")
NLSW88 = Path(REF) / "nlsw88.dta" if REF else None


@pytest.fixture
def nlsw88():
    if NLSW88 is None or not NLSW88.exists():
        pytest.skip("nlsw88.dta (Stata's example data) not available; set POVECON_REFERENCE_DATA")
    return NLSW88


def test_nlsw88_labels_are_read(nlsw88):
    df = pe.read_dta(nlsw88)
    lab = pe.dta_labels(nlsw88)
    # known answers: Stata's `sysuse nlsw88` (describe; label list racelbl)
    assert df.shape == (2246, 17)
    assert lab.file_label == "NLSW, 1988 extract"
    assert lab.variable_labels["wage"] == "Hourly wage"
    assert lab.value_labels["race"] == {1: "White", 2: "Black", 3: "Other"}
    assert lab.label_sets["race"] == "racelbl"
    assert isinstance(df["race"].dtype, pd.CategoricalDtype)
    assert list(df["race"].cat.categories) == ["White", "Black", "Other"]  # in the order of the codes
    assert df["race"].value_counts()["White"] == 1637
    # an unlabelled variable with missing values is numeric, its missing values NaN
    assert df["grade"].dtype == np.float64 and df["grade"].isna().sum() == 2
    raw = pe.read_dta(nlsw88, value_labels=False)
    assert raw["race"].tolist()[:3] == [2, 2, 2]


def test_nlsw88_round_trip(nlsw88, tmp_path):
    df = pe.read_dta(nlsw88)
    lab = pe.dta_labels(nlsw88)
    out = pe.write_dta(df, tmp_path / "copy.dta", labels=lab)
    back = pe.read_dta(out)
    pd.testing.assert_frame_equal(back, df)
    again = pe.dta_labels(out)
    assert again.variable_labels == lab.variable_labels
    assert again.value_labels == lab.value_labels
    assert again.file_label == lab.file_label
    pd.testing.assert_frame_equal(pe.read_dta(out, value_labels=False), pe.read_dta(nlsw88, value_labels=False),
                                  check_dtype=False)


def test_small_frame_round_trip(tmp_path):
    df = pd.DataFrame({
        "household": np.arange(1, 6, dtype=np.int64),
        "income": [1200.5, 3400.0, np.nan, 2300.0, 5100.25],
        "prefecture": pd.Categorical(["Hotan", "Kashgar", "Hotan", None, "Aksu"],
                                     categories=["Aksu", "Kashgar", "Hotan"]),
        "note": ["a", None, "c", "d", "洛浦"],
        "poor": [True, False, True, False, False],
    })
    labels = {"household": "Household id", "income": "Per-capita income (yuan)", "prefecture": "地区 prefecture",
              "poor": "Below the line"}
    path = pe.write_dta(df, tmp_path / "small.dta", labels=labels, file_label="SIMULATED test frame")
    back = pe.read_dta(path)
    lab = pe.dta_labels(path)
    assert lab.variable_labels == labels
    assert lab.value_labels["prefecture"] == {1: "Aksu", 2: "Kashgar", 3: "Hotan"}
    assert lab.file_label == "SIMULATED test frame"
    assert back["household"].tolist() == [1, 2, 3, 4, 5]
    np.testing.assert_array_equal(back["income"].to_numpy(), df["income"].to_numpy())
    assert list(back["prefecture"].cat.categories) == ["Aksu", "Kashgar", "Hotan"]
    assert back["prefecture"].astype(object).where(back["prefecture"].notna(), None).tolist() == \
        ["Hotan", "Kashgar", "Hotan", None, "Aksu"]
    assert back["note"].tolist() == ["a", "", "c", "d", "洛浦"]  # Stata's missing text is ""
    assert back["poor"].tolist() == [1, 0, 1, 0, 0]
    # codes chosen by the user for a categorical
    pe.write_dta(df, tmp_path / "coded.dta", value_labels={"prefecture": {10: "Aksu", 20: "Kashgar", 30: "Hotan"}})
    assert pe.read_dta(tmp_path / "coded.dta", value_labels=False)["prefecture"].tolist()[:2] == [30, 20]


def test_result_to_dta(tmp_path):
    sim = pe.datasets.simulate_households(400, seed=1).data
    r = pe.fgt(sim[sim["year"] == 2014], "income", line=2300, alpha=[0, 1], weights="weight", by="prefecture")
    path = pe.write_dta(r, tmp_path / "fgt.dta", labels={"value": "FGT estimate"})
    back = pe.read_dta(path)
    lab = pe.dta_labels(path)
    f = r.to_frame()
    np.testing.assert_allclose(back["value"], f["value"], rtol=0, atol=0)
    np.testing.assert_allclose(back["se"], f["se"], rtol=0, atol=0)
    assert back["group"].tolist() == f["group"].tolist()
    assert lab.variable_labels["value"] == "FGT estimate"
    assert lab.variable_labels["se"] == "Standard error"
    assert lab.variable_labels["ci_lower"] == "Lower bound of 95% CI"
    assert lab.file_label == "fgt"


def test_bad_input(tmp_path):
    with pytest.raises(InputError, match="rename"):
        pe.write_dta(pd.DataFrame({"bad name": [1]}), tmp_path / "x.dta")
    with pytest.raises(InputError, match="not in the data"):
        pe.write_dta(pd.DataFrame({"a": [1]}), tmp_path / "x.dta", labels={"b": "B"})
    with pytest.raises(InputError, match="80 bytes"):
        pe.write_dta(pd.DataFrame({"a": [1]}), tmp_path / "x.dta", labels={"a": "x" * 81})
    with pytest.raises(InputError, match="mixes"):
        pe.write_dta(pd.DataFrame({"a": ["x", 1]}), tmp_path / "x.dta")
    with pytest.raises(InputError, match="no code"):
        pe.write_dta(pd.DataFrame({"a": pd.Categorical(["x", "y"])}), tmp_path / "x.dta",
                     value_labels={"a": {1: "x"}})
    with pytest.raises(InputError, match="DataFrame"):
        pe.write_dta([1, 2], tmp_path / "x.dta")
    with pytest.raises(InputError, match="no such file"):
        pe.read_dta(tmp_path / "missing.dta")
