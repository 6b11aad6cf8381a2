"""Transcribed data and audit relations of RTP-10 ... RTP-20.

Source: 《贫困退出背景下南疆深度贫困地区防返贫机制研究》 (002_9ed149d90c19c988.txt).
The expected printed texts and verdicts below were read off that file (line numbers
in the comments); the verdicts are the report's own inconsistencies, found by the audit.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from povecon.datasets.package import NUMBER_FIELDS, RELATION_FIELDS

DATA = Path(__file__).resolve().parents[1] / "data" / "rtp"
SEED = "002_9ed149d90c19c988.txt"
MINE = sorted(p for p in DATA.glob("rtp_*.csv") if re.match(r"rtp_(1\d|20)_", p.name))
FINDINGS = [f"RTP-{i:02d}" for i in range(10, 21)]
RELATIONS = ("same", "sum", "diff", "ratio", "pct", "product", "mean", "growth_pct", "cagr_pct",
             "count", "rank", "pct_of_n", "min_n", "expr")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def numbers() -> pd.DataFrame:
    return pd.concat([_read(p) for p in MINE], ignore_index=True).set_index("id", drop=False)


@pytest.fixture(scope="module")
def relations() -> pd.DataFrame:
    return _read(DATA / "relations_b.csv")


def test_files_follow_the_format():
    assert len(MINE) == 12
    for path in MINE:
        df = _read(path)
        assert list(df.columns) == [f[0] for f in NUMBER_FIELDS], path.name
        assert df["id"].is_unique and list(df["id"]) == sorted(df["id"]), path.name
        assert (df["seed"] == SEED).all()
        assert df["id"].str.fullmatch(r"RTP-\d\d\.[a-z0-9_.]+").all(), path.name
        assert (df["id"].str.split(".").str[0] == df["finding"]).all()
        assert df["finding"].isin(FINDINGS).all()
        assert df["line"].str.fullmatch(r"\d+").all()
        assert df["value"].str.fullmatch(r"-?\d+(\.\d+)?").all(), path.name
        assert df["qualifier"].isin(["", "about", "over", "under", "at_least", "at_most"]).all()
        assert path.read_bytes().endswith(b"\n") and b"\r\n" not in path.read_bytes()


def test_printed_texts(numbers):
    v = numbers["value"]
    # Table 3-3 (line 317) prints the refrigerators as 91, the text (line 310) as 90.0.
    assert (v["RTP-10.four_pref.refrigerators"], v["RTP-10.text.four_pref.refrigerators"]) == ("91", "90.0")
    assert numbers.loc["RTP-10.four_pref.cars", "line"] == "317"
    # Text of Table 3-5 (line 323) keeps the trailing zero of 73.0; the table (line 332) prints 73.
    assert (v["RTP-11.text.four_pref.waste_collection_share"], v["RTP-11.four_pref.waste_collection_share"]) == ("73.0", "73")
    # 1900 deep-poor villages at line 386, 1904 in the footnote at line 398.
    assert (v["RTP-12.l386.deep_poor_villages"], v["RTP-12.l398.deep_poor_villages"]) == ("1900", "1904")
    assert (v["RTP-12.l460.shanghai_funds"], v["RTP-12.l460.shanghai_poverty_funds"], v["RTP-12.l460.shanghai_poverty_share"]) == ("24.53", "20.92", "85.29")
    assert (v["RTP-13.dibao.standard"], numbers.loc["RTP-13.dibao.standard", "qualifier"]) == ("3732", "at_least")
    assert v["RTP-15.yecheng.employment.pct"] == "69"
    assert (v["RTP-17.hotan_city.sample_households"], v["RTP-17.hotan_city.coop_workers.pct"]) == ("708", "13.8")
    assert (v["RTP-19.hotan.registered_population"], v["RTP-19.hotan.irrigated_land"]) == ("253.05", "308.36")
    assert v["RTP-20.l696.monitoring_threshold"] == "5000"


def test_survey_tables_sum_to_110(numbers):
    # Tables 4-1 (lines 508-511) and 4-2 (lines 521-525) both total 110 households.
    for prefix in ("RTP-14.yingjisha.health.", "RTP-14.maigaiti.education."):
        counts = numbers[numbers["id"].str.startswith(prefix) & numbers["id"].str.endswith(".households")]
        assert counts["value"].astype(int).sum() == 110


def test_relations_refer_to_existing_numbers(numbers, relations):
    # Inputs may be numbers of other RTP findings (RTP-01 for the 2020 exits).
    every_id = set(pd.concat([_read(p) for p in sorted(DATA.glob("rtp_*.csv"))])["id"])
    assert list(relations.columns) == [f[0] for f in RELATION_FIELDS]
    assert relations["claim"].is_unique and list(relations["claim"]) == sorted(relations["claim"])
    assert relations["claim"].str.fullmatch(r"RTP-(1\d|20)\.c\d{3}").all()
    assert (relations["claim"].str.split(".").str[0] == relations["finding"]).all()
    assert relations["relation"].isin(RELATIONS).all()
    for _, r in relations.iterrows():
        if r["relation"] == "min_n":
            assert r["target"] == ""
        else:
            assert r["target"] in numbers.index, r["claim"]
            assert r["target"].split(".")[0] == r["finding"]
        for i in r["inputs"].split():
            assert i in every_id, (r["claim"], i)


def test_resources_yaml_lists_every_file():
    items = yaml.safe_load((DATA / "resources_b.yaml").read_text(encoding="utf-8"))
    assert sorted(i["name"] for i in items) == [p.stem for p in MINE]
    for item in items:
        assert (DATA.parent / item["path"]).exists()
        assert item["name"].startswith("rtp_") and item["seed"] == SEED
        assert set(item["findings"]) <= set(FINDINGS)
        assert {"title", "lines", "description"} <= set(item)


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    """Run the audit engine on these files alone, in a throwaway data folder."""
    reproduce = pytest.importorskip("povecon.reproduce")
    from povecon import datasets

    root = tmp_path_factory.mktemp("data")
    (root / "rtp").mkdir()
    for p in MINE + [DATA / "relations_b.csv", DATA / "resources_b.yaml"]:
        shutil.copy(p, root / "rtp" / p.name)
    (root / "cross").mkdir()
    shutil.copy(DATA.parent / "cross" / "units.csv", root / "cross" / "units.csv")  # unit conversions are data
    mp = pytest.MonkeyPatch()
    mp.setenv("POVECON_DATA", str(root))
    try:
        datasets.build_datapackage(root)
        yield reproduce.run_audit(FINDINGS).set_index("claim")
    finally:
        mp.undo()


def test_audit_finds_the_reports_inconsistencies(audit):
    verdict = audit["verdict"]
    assert verdict["RTP-10.c004"] == "inconsistent"  # fridge 90.0 (text) vs 91 (table)
    assert verdict["RTP-10.c006"] == "inconsistent"  # "about 9" car gap vs 11.5 - 9 = 2.5 to Xinjiang
    assert verdict["RTP-11.c009"] == "inconsistent"  # network "100%" vs broadband 98.5
    assert verdict["RTP-12.c003"] == "inconsistent"  # 1904 vs 1900 villages
    # 20.92 / 24.53 = 85.28%, printed 85.29%: only input rounding reconciles it.
    assert verdict["RTP-12.c001"] == "rounding"
    assert abs(float(audit.loc["RTP-12.c001", "recomputed"]) - 85.2833) < 1e-3


def test_audit_reproduces_survey_shares(audit):
    rtp14 = audit[(audit["finding"] == "RTP-14") & (audit["relation"] == "expr")]
    assert len(rtp14) == 9 and (rtp14["verdict"] == "reproduced").all()
    # Smallest n fitting each table's percentages: 110 (4-1, 4-2), 42 for Yecheng's Table 4-3.
    min_n = audit[audit["relation"] == "min_n"]
    assert sorted(min_n["recomputed"].astype(float).astype(int)) == [42, 110, 110]
    assert (audit.loc[["RTP-17.c001", "RTP-17.c002"], "verdict"] == "reproduced").all()
