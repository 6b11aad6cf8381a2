"""The audit engine on constructed cases: each verdict, each relation, the data package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from povecon import datasets
from povecon.datasets.package import NUMBER_FIELDS, RELATION_FIELDS
from povecon.errors import DataError, ReproduceError
from povecon.reproduce import run_audit

UNITS = Path(__file__).resolve().parents[1] / "data" / "cross" / "units.csv"
NUM_COLS = [f[0] for f in NUMBER_FIELDS]
REL_COLS = [f[0] for f in RELATION_FIELDS]


def _num(id_, value, unit="%", qualifier="", line=1):
    return dict(id=id_, finding=id_.split(".")[0], seed="s.txt", line=str(line), table="text", entity="e",
                entity_zh="", year="", quantity=id_.split(".")[-1], value=value, unit=unit,
                qualifier=qualifier, basis="", note="")


def _rel(claim, target, relation, inputs, params=""):
    return dict(claim=claim, finding=claim.split(".")[0], target=target, relation=relation,
                inputs=inputs, params=params, description=f"check {target}")


@pytest.fixture
def package(tmp_path, monkeypatch):
    """Write numbers and relations into a throwaway data folder and point povecon at it."""

    def make(numbers, relations):
        folder = tmp_path / "data" / "t"
        folder.mkdir(parents=True, exist_ok=True)
        pd.DataFrame(numbers, columns=NUM_COLS).to_csv(folder / "t_numbers.csv", index=False)
        pd.DataFrame(relations, columns=REL_COLS).to_csv(folder / "relations.csv", index=False)
        (folder / "resources.yaml").write_text(
            "- name: t_numbers\n  title: test\n  findings: [T-01]\n  seed: s.txt\n  lines: '1-9'\n", encoding="utf-8")
        # the project's unit table: conversions are data the audit reads
        shutil.copy(UNITS, folder / "units.csv")
        monkeypatch.setenv("POVECON_DATA", str(tmp_path / "data"))
        datasets.build_datapackage()
        return tmp_path / "data"

    return make


def _verdicts(audit):
    return dict(zip(audit["claim"].where(audit["claim"] != "", audit["id"]), audit["verdict"]))


def test_each_verdict_on_constructed_cases(package):
    numbers = [
        _num("T-01.a", "40", "households"), _num("T-01.b", "60", "households"),
        _num("T-01.total_ok", "100", "households"),
        _num("T-01.total_wrong", "110", "households"),          # a wrong total
        _num("T-01.share_ok", "40.0"),                           # 40/100
        _num("T-01.share_bad", "45.0"),                          # does not match its count
        _num("T-01.x", "1.3", "10k persons"), _num("T-01.y", "1.3", "10k persons"),
        _num("T-01.xy", "2.7", "10k persons"),                   # 1.3 + 1.3 = 2.6, but 1.34 + 1.34 = 2.68
        _num("T-01.star", "★", "count"), _num("T-01.pct_star", "50.0"),
        _num("T-01.lonely", "7", "yuan"),                        # checked by nothing
    ]
    relations = [
        _rel("T-01.c1", "T-01.total_ok", "sum", "T-01.a T-01.b"),
        _rel("T-01.c2", "T-01.total_wrong", "sum", "T-01.a T-01.b"),
        _rel("T-01.c3", "T-01.share_ok", "pct", "T-01.a T-01.total_ok"),
        _rel("T-01.c4", "T-01.share_bad", "pct", "T-01.a T-01.total_ok"),
        _rel("T-01.c5", "T-01.xy", "sum", "T-01.x T-01.y"),
        _rel("T-01.c6", "T-01.pct_star", "pct", "T-01.star T-01.total_ok"),
    ]
    package(numbers, relations)
    v = _verdicts(run_audit())
    assert v["T-01.c1"] == "reproduced"
    assert v["T-01.c2"] == "inconsistent"
    assert v["T-01.c3"] == "reproduced"
    assert v["T-01.c4"] == "inconsistent"
    assert v["T-01.c5"] == "rounding"
    assert v["T-01.c6"] == "unverifiable"
    assert v["T-01.lonely"] == "unverifiable"


def test_different_dates_or_definitions_are_not_comparable_with_the_reason(package):
    numbers = [_num("T-01.oct", "26", "counties", line=1), _num("T-01.final", "35", "counties", line=2),
               _num("T-01.same", "35", "counties", line=3),
               _num("T-01.gdp", "300", "yuan"), _num("T-01.pop", "2.5", "persons", line=4),
               _num("T-01.pc", "120", "yuan", line=5)]
    for n in numbers:
        n["year"] = "2020"
    relations = [_rel("T-01.c1", "T-01.oct", "same", "T-01.final"),
                 _rel("T-01.c2", "T-01.same", "same", "T-01.final"),
                 _rel("T-01.c3", "T-01.pc", "ratio", "T-01.gdp T-01.pop")]
    root = package(numbers, relations)
    pd.DataFrame([
        dict(id="T-01.oct", seed="s.txt", line="1", date="to 2020-10", definition="", quote="截止到2020年10月"),
        dict(id="T-01.pop", seed="s.txt", line="4", date="", definition="registered", quote="户籍人口"),
        dict(id="T-01.pc", seed="s.txt", line="5", date="", definition="per head", quote="人均"),
    ]).to_csv(root / "t" / "comparability.csv", index=False)
    datasets.build_datapackage()
    audit = run_audit().set_index("claim")
    assert audit.loc["T-01.c1", "verdict"] == "not comparable"
    assert "dates differ" in audit.loc["T-01.c1", "explanation"] and "to 2020-10" in audit.loc["T-01.c1", "explanation"]
    assert audit.loc["T-01.c2", "verdict"] == "reproduced"          # neither carries a stated date
    assert audit.loc["T-01.c3", "verdict"] == "not comparable"
    assert "definitions differ" in audit.loc["T-01.c3", "explanation"]


def test_explanation_names_inputs_and_recomputed_value(package):
    package([_num("T-01.a", "40", "households"), _num("T-01.n", "100", "households"), _num("T-01.p", "45.0")],
            [_rel("T-01.c1", "T-01.p", "pct", "T-01.a T-01.n")])
    row = run_audit().set_index("claim").loc["T-01.c1"]
    assert row["verdict"] == "inconsistent"
    assert row["recomputed"] == "40.000"
    assert "45.0" in row["explanation"] and "40.000" in row["explanation"]


def test_growth_cagr_and_qualifiers(package):
    numbers = [
        _num("T-01.y0", "100", "yuan"), _num("T-01.y1", "200", "yuan"),
        _num("T-01.g", "100"), _num("T-01.cagr", "14.9"),       # 2^(1/5) - 1 = 14.87%
        _num("T-01.over", "90", qualifier="over"), _num("T-01.about", "15", qualifier="about"),
        _num("T-01.under_bad", "50", qualifier="under"),
        _num("T-01.over2", "90", qualifier="over"),
        _num("T-01.about_near", "14", qualifier="about"), _num("T-01.about_far", "17", qualifier="about"),
    ]
    relations = [
        _rel("T-01.c1", "T-01.g", "growth_pct", "T-01.y0 T-01.y1"),
        _rel("T-01.c2", "T-01.cagr", "cagr_pct", "T-01.y0 T-01.y1", "years=5"),
        _rel("T-01.c3", "T-01.over", "growth_pct", "T-01.y0 T-01.y1"),
        _rel("T-01.c4", "T-01.about", "cagr_pct", "T-01.y0 T-01.y1", "years=5"),
        _rel("T-01.c5", "T-01.under_bad", "growth_pct", "T-01.y0 T-01.y1"),
        # 14.87: "about 14" is within one unit (rounding), "about 17" is not
        _rel("T-01.c8", "T-01.over2", "same", "T-01.over"),  # "over 90" printed twice
        _rel("T-01.c6", "T-01.about_near", "cagr_pct", "T-01.y0 T-01.y1", "years=5"),
        _rel("T-01.c7", "T-01.about_far", "cagr_pct", "T-01.y0 T-01.y1", "years=5"),
    ]
    package(numbers, relations)
    v = _verdicts(run_audit())
    assert v == {**v, "T-01.c1": "reproduced", "T-01.c2": "reproduced", "T-01.c3": "reproduced",
                 "T-01.c4": "reproduced", "T-01.c5": "inconsistent", "T-01.c6": "rounding",
                 "T-01.c7": "inconsistent", "T-01.c8": "reproduced"}


def test_count_rank_pct_of_n_min_n(package):
    numbers = [
        _num("T-01.e1", "2018", "year"), _num("T-01.e2", "2019", "year"), _num("T-01.e3", "2019", "year"),
        _num("T-01.n2019", "2", "counties"), _num("T-01.n2019_bad", "3", "counties"),
        _num("T-01.v1", "10.5", "yuan"), _num("T-01.v2", "12.1", "yuan"), _num("T-01.v3", "9.0", "yuan"),
        _num("T-01.rank", "2", "rank"), _num("T-01.rank_bad", "1", "rank"),
        _num("T-01.n", "708", "households"), _num("T-01.p_ok", "13.8"), _num("T-01.p_bad", "14.5"),
            _num("T-01.n7", "7", "households"), _num("T-01.p7_bad", "50.0"),
        _num("T-01.s1", "33.3"), _num("T-01.s2", "66.7"),
    ]
    relations = [
        _rel("T-01.c1", "T-01.n2019", "count", "T-01.e1 T-01.e2 T-01.e3", "cond=eq:2019"),
        _rel("T-01.c2", "T-01.n2019_bad", "count", "T-01.e1 T-01.e2 T-01.e3", "cond=eq:2019"),
        _rel("T-01.c3", "T-01.rank", "rank", "T-01.v1 T-01.v2 T-01.v3"),
        _rel("T-01.c4", "T-01.rank_bad", "rank", "T-01.v1 T-01.v2 T-01.v3"),
        _rel("T-01.c5", "T-01.p_ok", "pct_of_n", "T-01.n"),      # 98 / 708 = 13.84%
        _rel("T-01.c6", "T-01.p7_bad", "pct_of_n", "T-01.n7"),  # 3/7 = 42.9, 4/7 = 57.1
        _rel("T-01.c7", "", "min_n", "T-01.s1 T-01.s2"),
    ]
    package(numbers, relations)
    audit = run_audit().set_index("claim")
    assert audit.loc["T-01.c1", "verdict"] == "reproduced"
    assert audit.loc["T-01.c2", "verdict"] == "inconsistent"
    assert audit.loc["T-01.c3", "verdict"] == "reproduced"
    assert audit.loc["T-01.c4", "verdict"] == "inconsistent"
    assert audit.loc["T-01.c5", "verdict"] == "reproduced"
    assert audit.loc["T-01.c6", "verdict"] == "inconsistent"
    assert audit.loc["T-01.c7", "recomputed"] == "3"   # 1/3 and 2/3


def test_exact_counts_propagate_no_rounding(package):
    # 1 + 1 printed as exact household counts cannot explain a printed 3
    package([_num("T-01.a", "1", "households"), _num("T-01.b", "1", "households"),
             _num("T-01.t", "3", "households")], [_rel("T-01.c1", "T-01.t", "sum", "T-01.a T-01.b")])
    assert _verdicts(run_audit())["T-01.c1"] == "inconsistent"


def test_unknown_relation_and_target_raise(package):
    package([_num("T-01.a", "1", "households")], [_rel("T-01.c1", "T-01.a", "median", "T-01.a")])
    with pytest.raises(ReproduceError, match="unknown relation"):
        run_audit()
    package([_num("T-01.a", "1", "households")], [_rel("T-01.c1", "T-01.zz", "same", "T-01.a")])
    with pytest.raises(ReproduceError, match="not a transcribed number"):
        run_audit()


def test_missing_input_is_unverifiable_not_an_error(package):
    package([_num("T-01.a", "1", "households")], [_rel("T-01.c1", "T-01.a", "same", "T-01.nothere")])
    row = run_audit().set_index("claim").loc["T-01.c1"]
    assert row["verdict"] == "unverifiable" and "T-01.nothere" in row["explanation"]


def test_load_errors_unknown_malformed_missing_column(package, tmp_path):
    root = package([_num("T-01.a", "1", "households")], [])
    with pytest.raises(DataError, match="unknown dataset 'nope'"):
        datasets.load("nope")
    frame = datasets.load("t_numbers")
    assert frame.loc[0, "printed"] == "1" and frame.loc[0, "value"] == 1.0
    csv = root / "t" / "t_numbers.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "oops\n", encoding="utf-8")
    with pytest.raises(DataError, match="sha256"):
        datasets.load("t_numbers")
    assert any("sha256" in p for p in datasets.verify())
    # a file missing a column fails its schema even when its hash is rebuilt
    pd.DataFrame([_num("T-01.a", "1")]).drop(columns=["unit"]).to_csv(csv, index=False)
    datasets.build_datapackage()
    with pytest.raises(DataError, match=r"missing columns \['unit'\]"):
        datasets.load("t_numbers")
    # a CSV that is not parseable
    csv.write_text('id,finding\n"unterminated,1\n', encoding="utf-8")
    datasets.build_datapackage()
    with pytest.raises(DataError):
        datasets.load("t_numbers")


def test_datapackage_is_frictionless_shaped(package):
    root = package([_num("T-01.a", "1", "households")], [])
    pkg = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in pkg["resources"]}["t_numbers"]
    assert res["profile"] == "tabular-data-resource"
    assert res["hash"].startswith("sha256:") and len(res["hash"]) == 7 + 64
    assert [f["name"] for f in res["schema"]["fields"]] == NUM_COLS
    assert res["sources"][0]["path"] == "s.txt"
