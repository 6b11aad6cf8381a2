"""Official poverty lines and income standards as the two reports print them.

Conventions:

* Values are yuan per person per year, exactly as printed, with the source file and
  line they come from (``source_file``, ``source_line``). Nothing is interpolated, deflated or filled in: a year the
  reports do not give raises ``DataError``.
* ``standard`` names a series: ``national`` (the official rural poverty line of the
  year), ``rural_dibao_mean`` (national mean rural minimum-living standard),
  ``xinjiang_rural_dibao_min`` (Xinjiang's rural dibao floor) and the 1985 poor-county
  criteria (``poor_county_general``, ``poor_county_minority``,
  ``poor_county_old_base_low`` / ``_high``).
* ``price_basis`` is what the report states; where it states none the column says
  so, and ``note`` gives the official definition for orientation only.

Sources: LUO = 《新疆南疆脱贫攻坚的政策实践案例调查研究》 (000_976a2d44ee9a927f.txt);
RTP = 《贫困退出背景下南疆深度贫困地区防返贫机制研究》 (002_9ed149d90c19c988.txt).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._compat import deprecated_alias
from ..errors import DataError, InputError
from ._provenance import renamed_attribute

LUO = "000_976a2d44ee9a927f.txt"
RTP = "002_9ed149d90c19c988.txt"
_NOT_STATED = "not stated in the report"

# (standard, year, value, price_basis, source_file, source_line, note)
_LINES = [
    ("national", 1985, 206.0, "1985 rural net income (as printed)", LUO, 607,
     "set in 1986 from a 2100 kcal/day food need; the absolute poverty line"),
    ("national", 2010, 1196.0, _NOT_STATED, LUO, 956,
     "poor counted at end-2010 'by the 1196 yuan standard'"),
    ("national", 2011, 2300.0, _NOT_STATED, LUO, 956,
     "raised to 2300 yuan in 2011; officially defined at 2010 prices"),
    ("national", 2014, 2300.0, _NOT_STATED, RTP, 168,
     "2014 registration standard (人均 2300 元); officially defined at 2010 prices"),
    ("national", 2015, 2300.0, _NOT_STATED, LUO, 1344,
     "2015 registration in Kashgar 'by the 2300 yuan standard'; officially defined at 2010 prices"),
    ("rural_dibao_mean", 2012, 2068.0, "current prices", LUO, 1062, "national mean rural dibao standard"),
    ("rural_dibao_mean", 2020, 5842.0, "current prices", LUO, 1062, "third quarter of 2020"),
    ("xinjiang_rural_dibao_min", 2019, 3732.0, "current prices", RTP, 440,
     "from 2019-07-01, not lower than 3732 yuan"),
    ("poor_county_general", 1985, 150.0, "1985 rural net income (as printed)", LUO, 607,
     "counties with per-capita net income below 150 yuan"),
    ("poor_county_minority", 1985, 200.0, "1985 rural net income (as printed)", LUO, 607,
     "minority autonomous counties below 200 yuan"),
    ("poor_county_old_base_low", 1985, 250.0, "1985 rural net income (as printed)", LUO, 607,
     "old revolutionary base counties: printed 250-300 yuan"),
    ("poor_county_old_base_high", 1985, 300.0, "1985 rural net income (as printed)", LUO, 607,
     "old revolutionary base counties: printed 250-300 yuan"),
]

_COLUMNS = ["standard", "year", "value", "unit", "price_basis", "source_file", "source_line", "note"]


@dataclass(frozen=True)
class PovertyLine:
    """One printed poverty line or income standard.

    ``float(line)`` is its value in yuan per person per year.

    Parameters
    ----------
    standard : str
        The series (``"national"``, ``"rural_dibao_mean"`` ...).
    year : int
        The year it applies to.
    value : float
        Yuan per person per year.
    unit : str
        The unit as stated.
    price_basis : str
        The price basis the report states (or that it states none).
    source_file : str
        File name of the report's text it was transcribed from (formerly ``seed``).
    source_line : int
        Line of that file where it is printed (formerly ``line``).
    note : str
        The official definition, for orientation only.
    """

    standard: str
    year: int
    value: float
    unit: str
    price_basis: str
    source_file: str
    source_line: int
    note: str

    seed = renamed_attribute("seed", "source_file")
    line = renamed_attribute("line", "source_line")

    def __float__(self) -> float:
        return float(self.value)


def poverty_lines() -> pd.DataFrame:
    """Every line held, one row per (standard, year), sorted.

    Returns
    -------
    pandas.DataFrame
        A fresh copy on each call.
    """
    frame = pd.DataFrame(
        [(s, y, v, "yuan/person/year", p, src, at, note) for s, y, v, p, src, at, note in _LINES],
        columns=_COLUMNS,
    )
    return frame.sort_values(["standard", "year"], ignore_index=True)


def official_line(year: int, standard: str = "national") -> PovertyLine:
    """The official line printed for ``year`` under ``standard``.

    No interpolation between printed years. (Formerly ``poverty_line``; that name still
    works with a ``DeprecationWarning``. ``povecon.poverty_line`` is another function: it
    estimates a relative line from a sample.)

    Parameters
    ----------
    year : int
        The year.
    standard : str, default "national"
        The series: ``national`` (the official rural poverty line of the year),
        ``rural_dibao_mean``, ``xinjiang_rural_dibao_min`` or the 1985
        poor-county criteria (``poor_county_general``, ``poor_county_minority``,
        ``poor_county_old_base_low`` / ``_high``).

    Returns
    -------
    PovertyLine

    Raises
    ------
    InputError
        An unknown standard or a non-integer year.
    DataError
        The reports print no line for that year.

    Examples
    --------
    >>> import povecon as pe
    >>> float(pe.china.official_line(2014))
    2300.0
    """
    standards = sorted({row[0] for row in _LINES})
    if standard not in standards:
        raise InputError(f"unknown standard {standard!r}; choose one of {standards}")
    # years read from a data frame are numpy integers; accept any integral number
    if isinstance(year, (bool, np.bool_)) or not isinstance(year, (numbers.Integral,)) and not (
        isinstance(year, numbers.Real) and float(year).is_integer()
    ):
        raise InputError(f"year must be an integer, got {year!r}")
    year = int(year)
    for s, y, v, p, src, at, note in _LINES:
        if s == standard and y == year:
            return PovertyLine(s, y, v, "yuan/person/year", p, src, at, note)
    held = sorted(y for s, y, *_ in _LINES if s == standard)
    raise DataError(
        f"the reports print no {standard!r} line for {year}; years held: {held}. "
        "povecon does not interpolate or deflate lines"
    )


poverty_line = deprecated_alias(official_line, "povecon.china.poverty_line", "povecon.china.official_line")

__all__ = ["PovertyLine", "official_line", "poverty_line", "poverty_lines"]
