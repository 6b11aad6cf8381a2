"""Counts of printed numbers by best reading and of checks by verdict (povecon.reproduce.counts)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from povecon.reproduce import AUDIT_COLUMNS, run_audit
from povecon.reproduce.counts import count_checks, count_numbers, headline, number_verdicts

ROOT = Path(__file__).resolve().parents[1]


def _frame(rows):
    full = [{c: "" for c in AUDIT_COLUMNS} | r for r in rows]
    return pd.DataFrame(full, columns=AUDIT_COLUMNS)


def _check(claim, number, verdict):
    return {"claim": claim, "id": number, "number_id": f"s.txt:1:{number}", "verdict": verdict}


def _unchecked(number):
    return {"claim": "", "id": number, "number_id": f"s.txt:1:{number}", "verdict": "unverifiable"}


def test_one_failing_and_one_passing_reading_counts_as_reproduced_or_rounding():
    audit = _frame([
        _check("A.c1", "A.x", "inconsistent"), _check("A.c2", "A.x", "reproduced"),
        _check("A.c3", "A.y", "inconsistent"), _check("A.c4", "A.y", "rounding"),
    ])
    assert count_numbers(audit) == {"reproduced": 1, "rounding": 1, "inconsistent": 0, "not comparable": 0,
                                    "unverifiable": 0, "unchecked": 0}
    assert count_checks(audit) == {"reproduced": 1, "rounding": 1, "inconsistent": 2, "not comparable": 0, "unverifiable": 0}


def test_a_number_failing_twice_counts_once():
    audit = _frame([_check("A.c1", "A.x", "inconsistent"), _check("A.c2", "A.x", "inconsistent")])
    assert count_numbers(audit)["inconsistent"] == 1
    assert count_checks(audit)["inconsistent"] == 2
    nv = number_verdicts(audit)
    assert nv[["checks", "failed", "verdict"]].values.tolist() == [[2, 2, "inconsistent"]]


def test_order_rounding_over_unverifiable_over_inconsistent_and_unchecked_is_its_own_class():
    audit = _frame([
        _check("A.c1", "A.x", "unverifiable"), _check("A.c2", "A.x", "rounding"),
        _check("A.c3", "A.y", "unverifiable"), _check("A.c4", "A.y", "inconsistent"),
        _unchecked("A.z"),
        # a check with no target (min_n) is a check but concerns no single number
        {"claim": "A.c5", "id": "", "number_id": "", "verdict": "reproduced"},
    ])
    assert count_numbers(audit) == {"reproduced": 0, "rounding": 1, "inconsistent": 0, "not comparable": 0,
                                    "unverifiable": 1, "unchecked": 1}
    assert count_checks(audit) == {"reproduced": 1, "rounding": 1, "inconsistent": 1, "not comparable": 0, "unverifiable": 2}


def test_not_comparable_is_its_own_class_and_never_inconsistent():
    audit = _frame([
        _check("A.c1", "A.x", "not comparable"), _check("A.c2", "A.x", "not comparable"),
        _check("A.c3", "A.y", "not comparable"), _check("A.c4", "A.y", "reproduced"),
        _check("A.c5", "A.z", "not comparable"), _check("A.c6", "A.z", "inconsistent"),
    ])
    nv = number_verdicts(audit).set_index("id")["verdict"].to_dict()
    assert nv == {"A.x": "not comparable", "A.y": "reproduced", "A.z": "inconsistent"}
    assert count_checks(audit)["not comparable"] == 4
    assert count_checks(audit)["inconsistent"] == 1


def test_counts_from_audit_csv_read_as_strings_match_the_frame(tmp_path):
    audit = run_audit()
    audit.to_csv(tmp_path / "audit.csv", index=False, lineterminator="\n")
    back = pd.read_csv(tmp_path / "audit.csv", dtype=str, keep_default_na=False)
    assert count_numbers(back) == count_numbers(audit)
    assert count_checks(back) == count_checks(audit)
    assert headline(back) == headline(audit)
    # every transcribed number has exactly one number_id, every check row one or none
    assert sum(count_numbers(audit).values()) == audit.loc[audit["number_id"] != "", "number_id"].nunique()
    assert sum(count_checks(audit).values()) == int((audit["claim"] != "").sum())


def test_readme_states_the_counts_the_pipeline_computes():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- counts:begin -->\n(.*?)\n<!-- counts:end -->", text, re.S)
    assert m, "README.md has no <!-- counts:begin --> ... <!-- counts:end --> block"
    stated = " ".join(m.group(1).split())
    assert stated == headline(run_audit()), "README counts are stale: paste povecon.reproduce.counts.headline(run_audit())"
