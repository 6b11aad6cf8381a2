"""Units in the audit and the same-quantity pass (issue 12, deliverables 3 and 4)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from povecon import datasets
from povecon.datasets.package import NUMBER_FIELDS, RELATION_FIELDS
from povecon.errors import ReproduceError
from povecon.reproduce import run_audit
from povecon.reproduce import same_quantity as sq
from povecon.reproduce.audit import all_numbers, all_relations
from povecon.reproduce.units import conversion, unit_table

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "data" / "cross" / "units.csv"
NUM_COLS = [f[0] for f in NUMBER_FIELDS]
REL_COLS = [f[0] for f in RELATION_FIELDS]


@pytest.fixture(scope="module")
def audit():
    return run_audit().set_index("claim", drop=False)


def test_luo_1797_natural_growth_is_inconsistent_because_of_its_unit(audit):
    row = audit.loc["LUO-14.c003"]
    assert (row["line"], row["verdict"]) == (1797, "inconsistent")
    assert "computed 20.20‰" in row["explanation"] and "printed 20.20%: the unit differs" in row["explanation"]
    assert float(row["recomputed"]) == pytest.approx(2.02)
    unit = audit.loc["LUO-14.pop.natural_growth.unit"]
    assert unit["verdict"] == "inconsistent" and "the unit differs" in unit["explanation"]


def test_line_1448_birth_and_growth_rates_are_flagged_for_their_unit(audit):
    rows = audit[(audit["line"] == 1448) & (audit["relation"] == "unit")]
    flagged = set(rows["id"])
    # eleven birth rates and eleven natural growth rates (nine years, the 2010-2017 level, the national rate)
    assert len(flagged) == 22
    assert "LUO-10.xinjiang.2010.birth_rate" in flagged and "LUO-10.china.2018.natural_growth_rate" in flagged
    assert set(rows["verdict"]) == {"inconsistent"}
    # a rate printed in its stated unit gets no unit check
    assert "LUO-14.pop.birth_rate.unit" not in audit.index


def test_land_area_pair_is_compared_after_conversion(audit):
    rows = audit[(audit["id"] == "LUO-14.geo.area") & (audit["inputs"] == "LUO-14.land.total")]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["verdict"] == "inconsistent" and row["claim"].startswith("LUO-14.sq")
    assert float(row["recomputed"]) == pytest.approx(14113.61, abs=0.01)
    assert "1411360.75 公顷 = 14113.6075 平方公里" in row["explanation"]


def test_hectares_convert_to_square_kilometres_through_the_table():
    table = unit_table()
    assert conversion(table, "hectares", "km2") == pytest.approx(0.01)
    assert conversion(table, "km2", "10k km2") == pytest.approx(1e-4)
    assert conversion(table, "10k mu", "hectares") == pytest.approx(1e4 / 15)
    assert conversion(table, "permille", "%") == pytest.approx(0.1)
    assert conversion(table, "persons", "households") is None


def test_every_unit_of_the_data_is_in_the_table():
    table = unit_table()
    numbers = all_numbers()
    assert set(numbers["unit"]) <= set(table)


# --- constructed packages ----------------------------------------------------------------

def _num(id_, value, unit, quantity="q", line=1):
    return dict(id=id_, finding="T-01", seed="s.txt", line=str(line), table="text", entity="e", entity_zh="",
                year="", quantity=quantity, value=value, unit=unit, qualifier="", basis="", note="")


def _rel(claim, target, relation, inputs, params=""):
    return dict(claim=claim, finding="T-01", target=target, relation=relation, inputs=inputs, params=params,
                description="check")


@pytest.fixture
def package(tmp_path, monkeypatch):
    def make(numbers, relations, units=True):
        folder = tmp_path / "data" / "t"
        folder.mkdir(parents=True, exist_ok=True)
        pd.DataFrame(numbers, columns=NUM_COLS).to_csv(folder / "t_numbers.csv", index=False)
        pd.DataFrame(relations, columns=REL_COLS).to_csv(folder / "relations.csv", index=False)
        (folder / "resources.yaml").write_text(
            "- name: t_numbers\n  title: test\n  findings: [T-01]\n  seed: s.txt\n  lines: '1-9'\n", encoding="utf-8")
        if units:
            shutil.copy(UNITS, folder / "units.csv")
        monkeypatch.setenv("POVECON_DATA", str(tmp_path / "data"))
        datasets.build_datapackage()

    return make


def test_unknown_unit_raises_a_clear_error(package):
    package([_num("T-01.a", "3", "furlongs"), _num("T-01.b", "3", "km")], [])
    with pytest.raises(ReproduceError, match=r"'furlongs' \(T-01.a\).*not in the unit table|not in the unit table.*'furlongs'"):
        run_audit()


def test_no_unit_table_raises(package):
    package([_num("T-01.a", "3", "km")], [], units=False)
    with pytest.raises(ReproduceError, match="no unit table"):
        run_audit()


def test_sum_converts_hectares_and_square_kilometres(package):
    package([_num("T-01.ha", "150", "hectares"), _num("T-01.km", "2.5", "km2"), _num("T-01.total", "4.00", "km2")],
            [_rel("T-01.c1", "T-01.total", "sum", "T-01.ha T-01.km")])
    row = run_audit().set_index("claim").loc["T-01.c1"]
    assert row["verdict"] == "reproduced" and float(row["recomputed"]) == pytest.approx(4.0)


def test_units_of_different_families_are_inconsistent_unless_counted_one_for_one(package):
    numbers = [_num("T-01.p", "12", "persons"), _num("T-01.h", "12", "households")]
    package(numbers, [_rel("T-01.c1", "T-01.h", "same", "T-01.p"), _rel("T-01.c2", "T-01.h", "same", "T-01.p", "units=counted")])
    audit = run_audit().set_index("claim")
    assert audit.loc["T-01.c1", "verdict"] == "inconsistent"
    assert "the unit differs" in audit.loc["T-01.c1", "explanation"]
    assert audit.loc["T-01.c2", "verdict"] == "reproduced"


def test_scale_on_a_converting_relation_is_refused(package):
    package([_num("T-01.ha", "150", "hectares"), _num("T-01.km", "1.5", "km2")],
            [_rel("T-01.c1", "T-01.km", "same", "T-01.ha", "scale=0.01")])
    with pytest.raises(ReproduceError, match="scale= on a same relation"):
        run_audit()


# --- the same-quantity pass ----------------------------------------------------------------

def test_every_proposed_pair_has_a_decision_and_every_decision_a_proposal():
    proposed = sq.propose(all_numbers(), all_relations())
    decided = sq.decisions()
    missing = sorted(set(proposed["pair"]) - set(decided.index))
    stale = sorted(set(decided.index) - set(proposed["pair"]))
    assert not missing, f"decide these pairs in data/cross/same_quantity.csv: {missing[:10]}"
    assert not stale, f"no longer proposed, drop from data/cross/same_quantity.csv: {stale[:10]}"
    # the decided rows carry the values the pass computes now
    cols = ["first_line", "second_line", "first_base", "second_base", "base_unit"]
    assert proposed.set_index("pair")[cols].equals(decided.loc[proposed["pair"], cols])


def test_the_pass_stays_reviewable_and_proposes_the_land_area_pair():
    proposed = sq.propose(all_numbers(), all_relations())
    assert 10 <= len(proposed) <= 150
    assert "LUO-14.geo.area LUO-14.land.total" in set(proposed["pair"])
    assert list(proposed["pair"]) == sorted(proposed["pair"])
    assert sq.decisions().loc["LUO-14.geo.area LUO-14.land.total", "decision"] == "same quantity"


def test_pairs_joined_by_a_declared_same_relation_are_not_proposed():
    rels = all_relations()
    numbers = all_numbers()
    extra = pd.DataFrame([_rel("T-01.x", "LUO-14.geo.area", "same", "LUO-14.land.total")], columns=REL_COLS)
    proposed = sq.propose(numbers, pd.concat([rels, extra], ignore_index=True))
    assert "LUO-14.geo.area LUO-14.land.total" not in set(proposed["pair"])


@pytest.mark.skipif(not os.environ.get("POVECON_SEEDS"), reason="needs the seed texts (POVECON_SEEDS)")
def test_units_of_text_numbers_follow_the_number_in_the_seed_line():
    """A number printed in running text is followed by its unit as the table prints it."""
    seeds = Path(os.environ["POVECON_SEEDS"])
    table = pd.read_csv(UNITS, dtype=str, keep_default_na=False).set_index("unit")
    numbers = all_numbers()
    numbers = numbers[(numbers["table"] == "text") & (numbers["unit"].isin(["%", "permille", "hectares", "km2", "10k km2",
                                                                            "100m yuan", "10k yuan", "10k persons"]))]
    lines = {s: (seeds / s).read_text(encoding="utf-8").split("\n") for s in sorted(set(numbers["seed"]))}
    bad = []
    for _, n in numbers.iterrows():
        line = lines[n["seed"]][int(n["line"]) - 1]
        forms = [f for f in table.loc[n["unit"], "printed"].split("|") if f]
        after = [re.sub(r"^[ \u3000]*(多|余)?", "", line[m.end():m.end() + 8])
                 for m in re.finditer(rf"(?<![\d.]){re.escape(n['printed'])}(?![\d.])", line)]
        if not any(a.startswith(f) for a in after for f in forms):
            bad.append((n["id"], n["printed"], n["unit"]))
    # printed with no unit sign (the unit is given by context) or in Chinese numerals (一千多万元, 十万人)
    known = {"LUO-17.tour.aqike_funds", "RTP-05.l136.four_prefectures.poverty_incidence", "RTP-05.l136.four_prefectures.poverty_incidence_max_county",
             "RTP-12.l390.compulsory_consolidation_rate", "LUO-13.aksu.yield_gap", "LUO-13.orchard_income_share",
             "LUO-13.orchard_income_share_key_counties", "LUO-06.xinjiang.seven.transfer_target",
             "LUO-13.cadres.village_teams"}
    assert sorted(b for b in bad if b[0] not in known) == []


def test_two_prints_of_one_quantity_as_bounds_are_read_as_sets():
    from povecon.reproduce.audit import _same_bounds

    # the same number, once as a bound: reproduced
    assert _same_bounds("", 80.0, 0.5, "over", 80.0, 80.0, 80.0) == ("reproduced", "")
    assert _same_bounds("over", 2300.0, 0.5, "over", 2300.0, 2300.0, 2300.0) == ("reproduced", "")
    # two different bounds that can both hold: compatible, not a check of one by the other
    verdict, why = _same_bounds("over", 2300.0, 0.5, "over", 1800.0, 1800.0, 1800.0)
    assert verdict == "not comparable" and "both can hold" in why
    # bounds that no value satisfies together
    verdict, why = _same_bounds("over", 2300.0, 0.5, "under", 1800.0, 1800.0, 1800.0)
    assert verdict == "inconsistent" and "no value satisfies both" in why
    verdict, _ = _same_bounds("", 1700.0, 0.5, "over", 1800.0, 1800.0, 1800.0)
    assert verdict == "inconsistent"
    # a printed bound against an exact value keeps the ordinary rule (the value satisfies it or not)
    assert _same_bounds("over", 20.0, 0.5, "", 23.0, 23.0, 23.0) is None


def test_the_evaporation_bounds_are_compatible(audit):
    row = audit.loc["LUO-07.sq02"]
    assert row["verdict"] == "not comparable" and "both can hold" in row["explanation"]
