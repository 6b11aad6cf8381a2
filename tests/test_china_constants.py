"""povecon.china: policy constants, the return-to-poverty risk typology, exited-household classes.

Every constant must equal the number transcribed from
《贫困退出背景下南疆深度贫困地区防返贫机制研究》 (002_9ed149d90c19c988.txt) at its line.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import povecon as pe
from povecon.china import (
    CONSTANTS,
    EXITED_HOUSEHOLD_CLASSES,
    INCOME_OPS,
    INCOME_REFERENCES,
    MONITORING_RULES,
    check_risk_codes,
    constants_frame,
    exited_household_class,
    policy_constant,
    risk_subtype,
    risk_type,
    risk_types,
    risk_typology,
    serious_illness_deductible,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "rtp"


@pytest.fixture(scope="module")
def transcribed() -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(DATA.glob("rtp_*.csv"))
              if not p.name.startswith("relations")]
    return pd.concat(frames, ignore_index=True)


def test_every_constant_matches_a_transcribed_number(transcribed):
    # Each constant's (value, line) must be a printed number at that line of the seed,
    # shares being stored as fractions of the printed percentage.
    untranscribed = []
    for c in CONSTANTS.values():
        at_line = transcribed[(transcribed["seed"] == c.source_file) & (transcribed["line"] == str(c.source_line))]
        if at_line.empty and c.source_line == 168:  # line 168 belongs to RTP-05, transcribed elsewhere
            untranscribed.append(c.name)
            continue
        printed = at_line["value"].astype(float)
        want = 100 * c.value if c.unit == "fraction" else c.value
        assert (abs(printed - want) < 1e-9).any(), (c.name, c.source_line, list(at_line["value"]))
    if untranscribed:
        pytest.skip(f"not transcribed yet: {untranscribed}")


def test_known_values():
    # Lines 440, 422, 696, 652 of the seed.
    assert policy_constant("rural_dibao_standard").value == 3732
    assert (policy_constant("rural_dibao_allowance_before").value, policy_constant("rural_dibao_allowance").value) == (200, 226)
    assert policy_constant("rural_dibao_extra_four_categories").value == 22
    assert policy_constant("serious_illness_reimbursement").value == 0.60
    assert policy_constant("monitoring_income_threshold").value == 5000
    assert policy_constant("transferred_labour_in_county_share").value == 0.84
    assert float(policy_constant("poverty_line_2010")) == 2300


def test_lookup_errors_and_immutability():
    with pytest.raises(pe.InputError, match="known: .*rural_dibao_standard"):
        policy_constant("dibao")
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy_constant("rural_dibao_standard").value = 1  # type: ignore[misc]


def test_constants_frame_is_sorted_and_fresh():
    f = constants_frame()
    assert list(f.columns) == ["name", "value", "unit", "description_en", "description_zh", "source_file",
                               "source_line"]
    assert list(f["name"]) == sorted(CONSTANTS)
    f.loc[0, "value"] = -1.0
    assert constants_frame().loc[0, "value"] != -1.0  # callers cannot change the registry


def test_serious_illness_deductible_known_answer():
    # 50% of per-capita disposable income; halved again for the poor (line 422).
    assert serious_illness_deductible(10000) == 5000
    assert serious_illness_deductible(10000, poor=True) == 2500
    for bad in (0, -1, float("nan"), "abc"):
        with pytest.raises(pe.InputError):
            serious_illness_deductible(bad)


@given(st.floats(min_value=1.0, max_value=1e7), st.floats(min_value=0.1, max_value=10.0))
def test_deductible_is_linear_and_halved_for_the_poor(income, k):
    d = serious_illness_deductible(income)
    assert serious_illness_deductible(income, poor=True) == pytest.approx(d / 2)
    assert serious_illness_deductible(k * income) == pytest.approx(k * d)
    assert d < income


def test_typology_shape_and_codes():
    typ = risk_typology()
    assert len(risk_types()) == 5 and len(typ) == 10
    assert typ.groupby("type_code").size().eq(2).all()
    assert typ["code"].is_unique
    assert typ["code"].str.fullmatch(r"[a-z_]+\.[a-z_]+").all()
    assert (typ["code"].str.split(".").str[0] == typ["type_code"]).all()
    # Chapter 4 headings run from line 492 to 600; source lines increase in report order.
    assert typ["source_line"].between(488, 606).all() and typ["source_line"].is_monotonic_increasing


def test_typology_lookups():
    assert risk_subtype("因病返贫风险").code == "capability.illness"
    assert risk_subtype("因病因学因技返贫风险").code == "capability.education_skills"  # wording of lines 110, 722
    assert risk_type("外部激励性风险").code == "industry_incentive"
    assert risk_type("environment.epidemic").code == "environment"
    with pytest.raises(pe.InputError, match="known codes"):
        risk_subtype("capability")
    with pytest.raises(pe.InputError, match="unknown"):
        check_risk_codes(["capability.illness", "bogus"])
    with pytest.raises(pe.InputError, match="missing"):
        check_risk_codes(["capability.illness", None])
    assert list(check_risk_codes(["policy.discontinuity"])) == ["policy.discontinuity"]


def test_exited_household_classes():
    assert [c.rank for c in EXITED_HOUSEHOLD_CLASSES] == [1, 2, 3]
    mon = exited_household_class("脱贫监测户")
    assert mon.code == "monitored" and mon.at_risk is True and mon.source_line == 696
    assert [(i.reference, i.op) for i in mon.income] == [("monitoring_threshold", "lt")]
    for c in EXITED_HOUSEHOLD_CLASSES:
        for cond in c.income:
            assert cond.reference in INCOME_REFERENCES and cond.op in INCOME_OPS
        assert re.search(r"[\u4e00-\u9fff]", c.definition_zh)
    assert MONITORING_RULES["monitor_below"].value == 5000
    assert MONITORING_RULES["tracking_window_years"].value == 3
    with pytest.raises(pe.InputError):
        exited_household_class("poor")


def test_old_provenance_names_warn_and_agree():
    c = policy_constant("rural_dibao_standard")
    with pytest.warns(DeprecationWarning, match="source_line"):
        assert c.line == c.source_line == 440
    with pytest.warns(DeprecationWarning, match="source_file"):
        assert c.seed == c.source_file
    mon = exited_household_class("monitored")
    with pytest.warns(DeprecationWarning, match="source_line"):
        assert mon.line == mon.source_line
    with pytest.warns(DeprecationWarning, match="source_file"):
        assert mon.seed == mon.source_file
    sub = risk_subtype("capability.illness")
    with pytest.warns(DeprecationWarning, match="source_line"):
        assert sub.line == sub.source_line == 496
    with pytest.warns(DeprecationWarning, match="source_line"):
        assert risk_type("capability").line == 492
    for frame in (constants_frame(), risk_types(), risk_typology(), pe.china.exited_household_classes(),
                  pe.china.monitoring_terms()):
        assert "source_line" in frame.columns and "line" not in frame.columns and "seed" not in frame.columns
