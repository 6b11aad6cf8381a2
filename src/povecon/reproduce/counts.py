"""Count printed numbers by their best reading, and checks by verdict, from the audit frame.

``audit.csv`` has one row per check (declared relation) and one per printed number no
relation checks. Several checks can concern the same printed number (its ``number_id``):
the same number read against several years, or recomputed from two different sets of
inputs. A printed number's class is its **best** verdict over all its checks, in the order

    reproduced > rounding > unverifiable > inconsistent > not comparable

so a number is ``inconsistent`` only if every check of it that could be evaluated fails
(a check that cannot be evaluated does not count against it), and a number with one
failing and one reproducing reading is ``reproduced``. A ``not comparable`` check (its
quantities differ in date or definition) tests nothing: it never makes a number
inconsistent, and a number all of whose checks are not comparable is its own class,
``not comparable``. A printed number that no relation
checks is its own class, ``unchecked``. Checks with no target (``min_n``: the smallest
sample size consistent with several printed shares) concern no single printed number and
are counted only among the checks.
"""

from __future__ import annotations

import pandas as pd

#: verdicts of one check, best first (the order in which a number takes its best reading)
BEST_FIRST = ("reproduced", "rounding", "unverifiable", "inconsistent", "not comparable")
#: classes of a printed number, in the order they are reported
NUMBER_CLASSES = ("reproduced", "rounding", "inconsistent", "not comparable", "unverifiable", "unchecked")
#: verdicts of a check, in the order they are reported
CHECK_VERDICTS = ("reproduced", "rounding", "inconsistent", "not comparable", "unverifiable")


def _is_check(audit: pd.DataFrame) -> pd.Series:
    return audit["claim"].astype(str) != ""


def number_verdicts(audit: pd.DataFrame) -> pd.DataFrame:
    """One row per printed number: ``number_id``, ``id``, ``report``, ``checks``, ``failed`` and ``verdict``.

    Parameters
    ----------
    audit : pandas.DataFrame
        The audit frame (``run_audit()`` or ``audit.csv`` read as strings).

    Returns
    -------
    pandas.DataFrame
        Sorted by ``number_id``; ``verdict`` is the best verdict of the number's checks, or
        ``unchecked`` when no check concerns it; ``failed`` counts its inconsistent checks.
    """
    rows = audit[audit["number_id"].astype(str) != ""]
    check = _is_check(rows)
    rank = {v: i for i, v in enumerate(BEST_FIRST)}
    frame = pd.DataFrame({
        "number_id": rows["number_id"].astype(str),
        "id": rows["id"].astype(str),
        "check": check.astype(int),
        "failed": (check & (rows["verdict"] == "inconsistent")).astype(int),
        # rows that are not checks rank after every verdict
        "rank": [rank[v] if c else len(BEST_FIRST) for v, c in zip(rows["verdict"], check)],
    })
    g = frame.groupby("number_id", sort=True)
    out = pd.DataFrame({
        "id": g["id"].first(),
        "checks": g["check"].sum().astype(int),
        "failed": g["failed"].sum().astype(int),
        "verdict": [BEST_FIRST[r] if r < len(BEST_FIRST) else "unchecked" for r in g["rank"].min()],
    }).reset_index()
    out.insert(2, "report", out["id"].str.split("-").str[0])
    return out[["number_id", "id", "report", "checks", "failed", "verdict"]]


def count_numbers(audit: pd.DataFrame) -> dict[str, int]:
    """Distinct printed numbers by best reading (keys in ``NUMBER_CLASSES`` order)."""
    vc = number_verdicts(audit)["verdict"].value_counts()
    return {v: int(vc.get(v, 0)) for v in NUMBER_CLASSES}


def count_checks(audit: pd.DataFrame) -> dict[str, int]:
    """Checks (rows with a claim) by verdict (keys in ``CHECK_VERDICTS`` order)."""
    vc = audit.loc[_is_check(audit), "verdict"].value_counts()
    return {v: int(vc.get(v, 0)) for v in CHECK_VERDICTS}


def headline(audit: pd.DataFrame) -> str:
    """The counts in one paragraph, as the report and the README state them."""
    n = count_numbers(audit)
    c = count_checks(audit)
    total_n = sum(n.values())
    checked = total_n - n["unchecked"]
    total_c = sum(c.values())
    return (
        f"Of {total_n} transcribed printed numbers, {checked} are checked by at least one declared relation: "
        f"by their best reading {n['reproduced']} are reproduced, {n['rounding']} are explained by rounding, "
        f"{n['inconsistent']} are inconsistent under every declared reading, {n['not comparable']} are compared "
        f"only with quantities of another date or definition, or with a compatible bound (not comparable), and {n['unverifiable']} cannot be "
        f"evaluated; {n['unchecked']} are not checked by any relation. The {total_c} checks give "
        f"{c['reproduced']} reproduced, {c['rounding']} rounding, {c['inconsistent']} inconsistent, "
        f"{c['not comparable']} not comparable and {c['unverifiable']} unverifiable."
    )
