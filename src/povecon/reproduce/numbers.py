"""Printed numbers with the precision they were printed at.

The half-unit of a printed number is half of one unit in its last printed digit
(``13.8`` -> 0.05; ``267.7`` -> 0.05; ``2300`` yuan -> 0.5). Integers in a count
unit are exact counts (half-unit 0); the unit table (``counted``) says which units count.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

COUNT_UNITS = frozenset(
    {
        "count", "households", "persons", "people", "villages", "counties", "townships",
        "projects", "factories", "enterprises", "prefectures", "cooperatives", "schools",
        "hospitals", "individuals", "teams", "cadres", "items", "jobs", "times", "rank",
        "year", "years", "person-times",
    }
)

_NUM = re.compile(r"^-?\d+(\.\d+)?$")


def decimals(text: str) -> int | None:
    """Digits after the decimal point of a printed number; None if not a number."""
    text = text.replace(",", "").strip()
    if not _NUM.match(text):
        return None
    return len(text.split(".")[1]) if "." in text else 0


def half_unit(text: str, unit: str, counted: frozenset[str] | None = None) -> float:
    """Half a unit of the last printed digit; 0 for an integer in a count unit.

    Parameters
    ----------
    text : str
        The number as printed.
    unit : str
        Its unit.
    counted : frozenset of str, optional
        The count units; defaults to ``COUNT_UNITS``.
    """
    d = decimals(text)
    if d is None:
        return np.nan
    counted = COUNT_UNITS if counted is None else counted
    if d == 0 and unit.strip().lower() in counted:
        return 0.0
    return 0.5 * 10.0 ** (-d)


def annotate(numbers: pd.DataFrame, counted: frozenset[str] | None = None) -> pd.DataFrame:
    """Add ``decimals`` and ``half`` columns to a frame of printed numbers.

    Parameters
    ----------
    numbers : pandas.DataFrame
        With ``printed`` and ``unit``; not modified.
    counted : frozenset of str, optional
        The count units (integers in them are exact); defaults to ``COUNT_UNITS``.
    """
    out = numbers.copy()
    counted = None if counted is None else frozenset(u.lower() for u in counted)
    out["decimals"] = [decimals(t) for t in out["printed"]]
    out["half"] = [half_unit(t, u, counted) for t, u in zip(out["printed"], out["unit"])]
    return out
