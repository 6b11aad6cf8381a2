"""The units of the printed numbers, as data: families, conversion factors, printed forms.

``data/*/units*.csv`` lists every unit a numbers file may use. Units of one ``family`` (area:
hectares, km2, mu, ...) convert into each other through their ``factor`` to the family's base
unit; units of different families never convert. The audit reads conversions from this table
only, so a conversion is a row of data, never code written for one finding.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import datasets
from ..errors import ReproduceError


@dataclass(frozen=True)
class Unit:
    """One row of the unit table.

    Parameters
    ----------
    name : str
        The unit as the numbers files write it (``hectares``).
    family : str
        The kind of quantity (``area``).
    factor : float
        Size of the unit in the family's base unit.
    counted : bool
        Integers printed in this unit are exact counts.
    symbol : str
        How the reports print it (``公顷``); empty when printed without a unit.
    """

    name: str
    family: str
    factor: float
    counted: bool
    symbol: str


def _factor(text: str, unit: str) -> float:
    try:
        parts = [float(p) for p in text.split("/")]
    except ValueError:
        parts = []
    if len(parts) not in (1, 2) or any(p <= 0 for p in parts):
        raise ReproduceError(f"unit table: factor {text!r} of {unit!r} is not a positive number or a/b")
    return parts[0] / parts[1] if len(parts) == 2 else parts[0]


def unit_table() -> dict[str, Unit]:
    """Every unit of the data package's unit tables, by name.

    Returns
    -------
    dict of str to Unit

    Raises
    ------
    ReproduceError
        No unit table, a unit listed twice, or a factor that is not a positive number.
    """
    names = datasets.names("units")
    if not names:
        raise ReproduceError("the data package has no unit table (data/*/units*.csv)")
    table: dict[str, Unit] = {}
    for name in names:
        for _, row in datasets.load(name).iterrows():
            if row["unit"] in table:
                raise ReproduceError(f"unit table: {row['unit']!r} is listed twice")
            table[row["unit"]] = Unit(row["unit"], row["family"], _factor(row["factor"], row["unit"]),
                                      row["counted"] == "yes", row["printed"].split("|")[0])
    return table


def check_units(numbers: pd.DataFrame, table: dict[str, Unit]) -> None:
    """Raise unless every number's ``unit`` is in the unit table.

    Parameters
    ----------
    numbers : pandas.DataFrame
        Printed numbers with ``id`` and ``unit``.
    table : dict of str to Unit
        From :func:`unit_table`.

    Raises
    ------
    ReproduceError
        Names the unknown units and the numbers that use them.
    """
    unknown = numbers.loc[~numbers["unit"].isin(list(table)), ["id", "unit"]]
    if len(unknown):
        by_unit = unknown.groupby("unit", sort=True)["id"].apply(lambda s: ", ".join(sorted(s)[:3]))
        listed = "; ".join(f"{u!r} ({ids})" for u, ids in by_unit.items())
        raise ReproduceError(f"unit(s) not in the unit table data/cross/units.csv: {listed}; "
                             "add a row (unit, family, factor) or correct the numbers file")


def conversion(table: dict[str, Unit], source: str, target: str) -> float | None:
    """The factor that takes a value in ``source`` to ``target``; None if the families differ.

    Parameters
    ----------
    table : dict of str to Unit
        From :func:`unit_table`.
    source, target : str
        Unit names.

    Returns
    -------
    float or None
    """
    a, b = table[source], table[target]
    if a.family != b.family:
        return None
    return 1.0 if a.name == b.name else a.factor / b.factor


def show(table: dict[str, Unit], text: str, unit: str) -> str:
    """A number with its unit as the report prints it (``20.20‰``, ``14287 平方公里``).

    Parameters
    ----------
    table : dict of str to Unit
        From :func:`unit_table`.
    text : str
        The number as printed or formatted.
    unit : str
        Its unit name.

    Returns
    -------
    str
    """
    u = table.get(unit)
    if u is None or not u.symbol:
        return f"{text} {unit}".strip()
    return f"{text}{u.symbol}" if u.symbol in ("%", "‰") else f"{text} {u.symbol}"
