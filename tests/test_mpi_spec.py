"""MPISpec: weights, cutoffs, presets, dict/YAML/JSON specs, and the errors for bad specs."""

import json

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.errors import InputError, SpecError
from povecon.mpi.spec import normalize_k


def test_equal_nested_weights_by_default():
    spec = pe.MPISpec({"a": {"x": "x", "y": "y"}, "b": {"z": "z"}})
    np.testing.assert_allclose(spec.indicator_weights, [0.25, 0.25, 0.5])
    assert spec.dimension_of == {"x": "a", "y": "a", "z": "b"}


def test_dimension_weights_split_equally_within():
    spec = pe.MPISpec({"a": {"weight": 0.6, "indicators": {"x": "x", "y": "y"}},
                       "b": {"weight": "2/5", "indicators": {"z": "z"}}})
    np.testing.assert_allclose(spec.indicator_weights, [0.3, 0.3, 0.4])


def test_global_mpi_published_weights():
    # Alkire, Kanagaratnam and Suppa (2018), OPHI MPI Methodological Note 46, Table 1:
    # health and education indicators 1/6 each, living-standard indicators 1/18 each, k = 1/3.
    spec = pe.global_mpi()
    assert len(spec.dimensions) == 3 and len(spec.indicators) == 10
    w = dict(zip(spec.indicator_names, spec.indicator_weights))
    for name in ("nutrition", "child_mortality", "years_of_schooling", "school_attendance"):
        assert w[name] == pytest.approx(1 / 6)
    for name in ("cooking_fuel", "sanitation", "drinking_water", "electricity", "housing", "assets"):
        assert w[name] == pytest.approx(1 / 18)
    assert spec.k == (pytest.approx(1 / 3),)
    assert spec.indicator_weights.sum() == pytest.approx(1.0)


def test_china_preset_union_rule_and_income_option():
    spec = pe.china_basic_needs()
    assert [d.name for d in spec.dimensions] == ["food", "clothing", "education", "medical", "housing", "water"]
    np.testing.assert_allclose(spec.indicator_weights, 1 / 6)
    assert spec.k == (pytest.approx(1 / 6),)
    inc = pe.china_basic_needs(line=2300)
    assert len(inc.indicators) == 7 and inc.indicators[-1].kind == "cardinal"
    np.testing.assert_allclose(inc.indicator_weights, 1 / 7)
    # union rule: deprived in any one item is poor
    df = pd.DataFrame({"d_food": [0, 1, 0], "d_clothing": 0, "d_education": 0, "d_medical": [0, 0, 1],
                       "d_housing": 0, "d_water": 0, "income_pc": [5000.0, 5000.0, 1000.0]})
    assert pe.mpi(df, spec, se=None).value("H") == pytest.approx(2 / 3)
    r = pe.mpi(df, inc, se=None)
    assert r.value("H") == pytest.approx(2 / 3)
    assert r.value("hdk", "income") == pytest.approx(1 / 3)


def test_presets_reject_unknown_indicator_names():
    with pytest.raises(SpecError, match="unknown indicator"):
        pe.global_mpi(columns={"nutritio": "x"})


@pytest.mark.parametrize("k, expected", [(1 / 3, [1 / 3]), (33, [0.33]), ("1/3", [1 / 3]), (1, [1.0]),
                                         (100, [1.0]), ([50, 0.2, 0.5], [0.2, 0.5])])
def test_k_rule(k, expected):
    np.testing.assert_allclose(normalize_k(k), expected)


@pytest.mark.parametrize("k", [0, -0.1, 1.5, 33.3, 101, float("nan"), "x", []])
def test_k_out_of_range(k):
    with pytest.raises(SpecError):
        normalize_k(k)


def test_k_out_of_range_in_mpi():
    df = pd.DataFrame({"x": [0, 1]})
    with pytest.raises(SpecError, match="out of range"):
        pe.mpi(df, {"d": {"x": "x"}}, k=1.2)
    with pytest.raises(SpecError, match="give the poverty cutoff"):
        pe.mpi(df, {"d": {"x": "x"}})


def test_weights_must_sum_to_one():
    with pytest.raises(SpecError, match="sum to 1"):
        pe.MPISpec({"a": {"x": {"variable": "x", "weight": 0.5}}, "b": {"y": {"variable": "y", "weight": 0.4}}})
    with pytest.raises(SpecError, match="sum to 1"):
        pe.MPISpec({"a": {"weight": 0.5, "indicators": {"x": "x"}}, "b": {"weight": 0.6, "indicators": {"y": "y"}}})
    with pytest.raises(SpecError, match="every indicator or to none"):
        pe.MPISpec({"a": {"x": {"variable": "x", "weight": 0.5}, "y": "y"}})
    with pytest.raises(SpecError, match="indicators' weights"):
        pe.MPISpec({"a": {"weight": 0.7, "indicators": {"x": {"variable": "x", "weight": 0.5}}},
                    "b": {"weight": 0.3, "indicators": {"y": {"variable": "y", "weight": 0.5}}}})
    with pytest.raises(SpecError, match="> 0"):
        pe.MPISpec({"a": {"x": {"variable": "x", "weight": 0}}, "b": {"y": {"variable": "y", "weight": 1}}})


def test_bad_indicator_rules():
    with pytest.raises(SpecError, match="direction"):
        pe.MPISpec({"a": {"x": {"variable": "x", "cutoff": 1, "direction": "under"}}})
    with pytest.raises(SpecError, match="needs a cutoff"):
        pe.MPISpec({"a": {"x": {"variable": "x", "kind": "cardinal"}}})
    with pytest.raises(SpecError, match="cardinal indicators are deprived below"):
        pe.MPISpec({"a": {"x": {"variable": "x", "kind": "cardinal", "cutoff": 1, "direction": "above"}}})
    with pytest.raises(SpecError, match="unknown key"):
        pe.MPISpec({"a": {"x": {"variable": "x", "cutof": 1}}})
    with pytest.raises(SpecError, match="repeat"):
        pe.MPISpec({"a": {"x": "x"}, "b": {"x": "y"}})
    with pytest.raises(SpecError, match="no indicators"):
        pe.MPISpec({"a": {}})


def test_unknown_indicator_is_named():
    spec = pe.global_mpi()
    with pytest.raises(SpecError, match="unknown indicator 'income'"):
        spec.weight_of("income")
    with pytest.raises(SpecError, match="unknown indicator or dimension"):
        spec.with_indicator_weights({"income": 1.0})
    df = pd.DataFrame({"d_nutr": [0, 1]})
    with pytest.raises(InputError, match="unknown indicator column"):
        pe.mpi(df, spec)


def test_yaml_json_dict_roundtrip(tmp_path):
    yml = """
name: test
k: [33, 50]
dimensions:
  health:
    weight: 1/2
    indicators:
      nutrition: {variable: d_nutr}
  education:
    weight: 1/2
    indicators:
      schooling: {variable: years, cutoff: 6, direction: below, kind: cardinal, label: years of schooling}
      attendance: d_satt
"""
    a = pe.MPISpec.from_yaml(yml)
    p = tmp_path / "spec.yaml"
    p.write_text(yml, encoding="utf-8")
    b = pe.MPISpec.from_yaml(p)
    j = tmp_path / "spec.json"
    j.write_text(json.dumps(a.to_dict()), encoding="utf-8")
    c = pe.MPISpec.from_json(j)
    for s in (a, b, c):
        np.testing.assert_allclose(s.indicator_weights, [0.5, 0.25, 0.25])
        assert s.k == (0.33, 0.5)
        assert s.indicators[1].cutoff == 6 and s.indicators[1].kind == "cardinal"
    with pytest.raises(SpecError, match="cannot parse"):
        pe.MPISpec.from_json("{not json")
    with pytest.raises(SpecError, match="does not exist"):
        pe.MPISpec.from_yaml(tmp_path / "missing.yaml")
    with pytest.raises(SpecError, match="unknown top-level"):
        pe.MPISpec.from_dict({"dimensions": {"a": {"x": "x"}}, "weights": 1})


def test_with_weights():
    spec = pe.global_mpi()
    eq = spec.with_indicator_weights({"health": 0.5, "education": 0.25, "living_standards": 0.25})
    assert eq.weight_of("nutrition") == pytest.approx(0.25)
    assert eq.weight_of("assets") == pytest.approx(0.25 / 6)
    with pytest.raises(SpecError, match="sum to 1"):
        spec.with_indicator_weights({"health": 0.5, "education": 0.5, "living_standards": 0.5})
