"""Transcription and audit checks for LUO-11..LUO-21 and the cross-report relations X-01..X-08.

The CSVs are read directly; the audit checks run the engine on a copy of data/ with
its own freshly built data package, so they do not depend on the shared package
having been rebuilt.
"""

import csv
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "data"
SEED = "000_976a2d44ee9a927f.txt"
COLS = ["id", "finding", "seed", "line", "table", "entity", "entity_zh", "year",
        "quantity", "value", "unit", "qualifier", "basis", "note"]
RCOLS = ["claim", "finding", "target", "relation", "inputs", "params", "description"]
FILES = sorted(ROOT.glob("luo/luo_1[1-9]_*.csv")) + sorted(ROOT.glob("luo/luo_2[01]_*.csv")) + [ROOT / "cross" / "cross_numbers.csv"]
RELS = [ROOT / "luo" / "relations_b.csv", ROOT / "cross" / "relations.csv"]


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def numbers():
    return {r["id"]: r for f in FILES for r in _rows(f)}


def test_files_have_the_format_columns_and_are_sorted():
    for f in FILES:
        with f.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == COLS, f.name
        ids = [r["id"] for r in _rows(f)]
        assert ids == sorted(ids), f.name
        assert len(ids) == len(set(ids)), f.name
    for f in RELS:
        rows = _rows(f)
        assert list(rows[0]) == RCOLS
        claims = [r["claim"] for r in rows]
        assert len(claims) == len(set(claims))


def test_every_row_cites_the_luopu_seed_and_its_finding(numbers):
    for rid, r in numbers.items():
        assert r["seed"] == SEED
        assert rid.startswith(r["finding"] + ".")
        assert 1 <= int(r["line"]) <= 3418


@pytest.mark.parametrize("rid, line, value, unit", [
    ("LUO-11.gdp.2015", 1476, "1924.38", "100m yuan"),
    ("LUO-11.population.growth", 1496, "2.4", "%"),
    ("LUO-12.schedule.exit_counties.total", 1542, "6", "counties"),
    ("LUO-12.indicator.registered_poor.2013", 1523, "219", "10k persons"),
    ("LUO-14.gdp.per_capita_2015", 1801, "7887.20", "yuan"),
    ("LUO-14.pop.natural_growth", 1797, "20.20", "%"),
    ("LUO-14.land.cultivated", 1809, "28243.10", "hectares"),
    ("LUO-15.registered_persons", 1819, "127876", "persons"),
    ("LUO-16.insurance.loss_ratio", 2193, "101.12", "%"),
    ("LUO-16.insurance.sum_insured", 2193, "3358.12", "10k yuan"),
    ("LUO-16.invest.funds_total", 2009, "8.2895", "100m yuan"),
    ("LUO-17.reloc.site_persons", 2477, "1095", "persons"),
    ("LUO-19.gdp_per_capita", 2617, "12094", "10k yuan"),
    ("LUO-19.share_primary", 2617, "14.27", "%"),
    ("LUO-21.pilot.poor_persons", 2857, "484", "persons"),
    ("X-05.luo.l2946.xinjiang.poor_exited", 2946, "308.9", "10k persons"),
    ("X-05.luo.l2782.xinjiang.counties_exited", 2782, "35", "counties"),
])
def test_known_numbers_as_printed(numbers, rid, line, value, unit):
    r = numbers[rid]
    assert (int(r["line"]), r["value"], r["unit"]) == (line, value, unit)


def test_industry_table_keeps_the_printed_cells(numbers):
    cells = {r["entity"]: r["value"] for r in numbers.values()
             if r["finding"] == "LUO-18" and r["quantity"] == "characteristic_industries"}
    assert sorted(cells) == ["Cele", "Luopu", "Moyu", "Pishan", "Yutian"]
    assert cells["Luopu"] == "红枣产业"
    assert "核桃" in cells["Pishan"] and "核桃" in cells["Cele"]


def test_relations_reference_existing_numbers(numbers):
    known = set(numbers)
    for f in sorted(ROOT.glob("*/*.csv")):
        if not f.name.startswith(("relations", "units", "unit_conventions", "same_quantity")):
            known |= {r["id"] for r in _rows(f)}
    for f in RELS:
        for r in _rows(f):
            for x in [r["target"], *r["inputs"].split()]:
                assert x in known, (r["claim"], x)


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    povecon = pytest.importorskip("povecon")
    from povecon import datasets
    from povecon.reproduce.audit import run_audit
    work = tmp_path_factory.mktemp("luo_b") / "data"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns("datapackage.json"))
    mp = pytest.MonkeyPatch()
    mp.setenv("POVECON_DATA", str(work))
    try:
        datasets.build_datapackage(work)
        frame = run_audit([f"LUO-{i}" for i in range(11, 22)] + [f"X-0{i}" for i in range(1, 9)])
    finally:
        mp.undo()
    assert povecon is not None
    return frame


@pytest.mark.parametrize("target, first_input, verdict", [
    # county schedule 1+7+5+6+7 = 26, printed total 6
    ("LUO-12.schedule.exit_counties.total", "LUO-12.schedule.exit_counties.2016", "inconsistent"),
    ("LUO-12.schedule.exit_persons.total", "LUO-12.schedule.exit_persons.2016", "reproduced"),
    ("LUO-11.gdp.growth", "LUO-11.gdp.2015", "reproduced"),
    # population 995.01 -> 1124 is 2.47% a year, printed 2.4
    ("LUO-11.population.growth", "LUO-11.population.2015", "inconsistent"),
    # projects 3300 -> 3918 is +18.7%, text says over 20%
    ("LUO-13.plan.excess_claim", "LUO-13.plan.projects", "inconsistent"),
    ("LUO-13.plan.excess_claim", "LUO-13.plan.funds", "reproduced"),
    # per-capita GDP reproduces with the year-end population
    ("LUO-14.gdp.per_capita_2015", "LUO-14.gdp.total_2015", "reproduced"),
    ("LUO-16.insurance.loss_ratio", "LUO-16.insurance.claims", "reproduced"),
    ("LUO-16.insurance.premium", "LUO-16.insurance.premium_exchange", "reproduced"),
    # 1500 mu / 266 households = 5.64, printed 5.5
    ("LUO-17.reloc.land_per_household", "LUO-17.reloc.land", "inconsistent"),
    ("LUO-17.reloc.site_persons", "LUO-17.reloc.persons_2016", "reproduced"),
    # Hotan primary-sector entities: 13.72% of Xinjiang's, 14.27% of Hotan's own total (printed 14.27 'of Xinjiang')
    ("LUO-19.share_primary", "LUO-19.entities_primary LUO-19.xj.entities_primary", "inconsistent"),
    ("LUO-19.share_primary", "LUO-19.entities_primary LUO-19.entities", "reproduced"),
    # 2013 registered poor: 219万 (plan table) vs 267.7万 (results text)
    ("LUO-12.indicator.registered_poor.2013", "LUO-13.result.poor_2013", "inconsistent"),
    # the 2020-11-14 announcement (32 counties) vs the final total (35): different dates
    ("X-05.luo.l2946.xinjiang.counties_exited", "LUO-06.xinjiang.2020.counties_delisted_l1280", "not comparable"),
    # RTP's totals "截止到2020年10月" vs LUO's final totals: different dates
    ("RTP-01.l63.xinjiang.counties_exited", "LUO-06.xinjiang.2020.counties_delisted_l1280", "not comparable"),
    ("RTP-01.l63.xinjiang.persons_exited", "LUO-06.xinjiang.2020.poor_lifted_l1280", "not comparable"),
    # GDP per registered (户籍) inhabitant vs the printed per-capita (人均) GDP: different definitions
    ("LUO-19.gdp_per_capita", "LUO-19.gdp RTP-19.hotan.registered_population", "not comparable"),
    ("X-05.luo.l2782.xinjiang.poor_exited", "LUO-06.xinjiang.2020.poor_lifted_l1280", "reproduced"),
    # Hotan 34.97 of 81.71 = 42.8%, printed 45.3%
    ("LUO-15.hotan.share_of_xinjiang_2018", "LUO-08.hotan.2018.poor_remaining", "inconsistent"),
    ("RTP-05.hotan.poor_population", "LUO-08.t.hotan.poor_population", "reproduced"),
])
def test_known_verdicts(audit, target, first_input, verdict):
    rows = audit[(audit["id"] == target) & audit["inputs"].fillna("").str.startswith(first_input)]
    assert len(rows) == 1, (target, first_input)
    assert rows["verdict"].iloc[0] == verdict
