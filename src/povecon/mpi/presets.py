"""Published indicator sets.

``global_mpi`` -- the global MPI as revised in 2018 (Alkire, Kanagaratnam and
Suppa 2018, OPHI MPI Methodological Note 46; UNDP-OPHI): 3 equally weighted
dimensions, 10 indicators, poverty cutoff k = 1/3.

==================  ======================  ======  ====================
dimension           indicator               weight  default column
==================  ======================  ======  ====================
health              nutrition               1/6     d_nutr
health              child mortality         1/6     d_cm
education           years of schooling      1/6     d_educ
education           school attendance       1/6     d_satt
living standards    cooking fuel            1/18    d_ckfl
living standards    sanitation              1/18    d_sani
living standards    drinking water          1/18    d_wtr
living standards    electricity             1/18    d_elct
living standards    housing                 1/18    d_hsg
living standards    assets                  1/18    d_asst
==================  ======================  ======  ====================

The default column names are those of mpitb's ``syn_cdta``: 0/1 deprivation
columns, 1 = deprived.

``china_basic_needs`` -- China's targeted-poverty-alleviation exit standard
"两不愁三保障" (no worries about food or clothing; guaranteed compulsory
education, basic medical care and safe housing), with safe drinking water, which
the 2019 assessments checked under "不愁吃" as its own item. Each item is one
0/1 deprivation column (1 = deprived):

* ``food`` (不愁吃): the household cannot reliably afford staple food and
  protein for every member.
* ``clothing`` (不愁穿): the household lacks clothes and bedding for every season.
* ``education`` (义务教育有保障): a child of compulsory-schooling age (about 6-15)
  is out of school (失学辍学) for reasons other than severe disability.
* ``medical`` (基本医疗有保障): a member is not covered by basic medical insurance
  (基本医疗保险), or the household cannot obtain basic care or afford it after
  reimbursement for serious and chronic illness.
* ``housing`` (住房安全有保障): the household lives in dangerous housing (危房,
  appraisal grade C or D).
* ``water`` (饮水安全有保障): drinking water fails the safety standard on
  quality, quantity, convenience or reliability.

The official standard is a union rule -- a household has left poverty only when
every item is met -- so the preset's default cutoff is k = 1/6 (deprived in any
one of six equally weighted dimensions). ``line`` adds the income condition
("一达标") as a seventh, cardinal dimension: deprived when per-capita net income
is below the line (the 2011 national rural line is 2,300 yuan a year at 2010
prices); weights become 1/7 and the default k 1/7.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from .._compat import renamed_parameters
from ..errors import SpecError
from .spec import Dimension, Indicator, MPISpec

GLOBAL_MPI_COLUMNS = {
    "nutrition": "d_nutr", "child_mortality": "d_cm", "years_of_schooling": "d_educ",
    "school_attendance": "d_satt", "cooking_fuel": "d_ckfl", "sanitation": "d_sani",
    "drinking_water": "d_wtr", "electricity": "d_elct", "housing": "d_hsg", "assets": "d_asst",
}

CHINA_COLUMNS = {"food": "d_food", "clothing": "d_clothing", "education": "d_education",
                 "medical": "d_medical", "housing": "d_housing", "water": "d_water"}


def _columns(default: Mapping[str, str], given: Mapping[str, str] | None) -> dict[str, str]:
    cols = dict(default)
    if given is not None and not isinstance(given, Mapping):
        raise SpecError(f"columns must be a mapping indicator -> column name, got {type(given).__name__}")
    if given:
        unknown = set(given) - set(default)
        if unknown:
            raise SpecError(f"unknown indicator(s) {sorted(unknown)}; this preset has {sorted(default)}")
        cols.update(given)
    return cols


def global_mpi(columns: Mapping[str, str] | None = None) -> MPISpec:
    """The global MPI (2018 revision): 10 indicators, weights 1/6 and 1/18, k = 1/3.

    Alkire, Kanagaratnam and Suppa (2018), OPHI MPI Methodological Note 46.

    Parameters
    ----------
    columns : mapping of str to str, optional
        Indicator name to your data's 0/1 deprivation column (1 = deprived),
        for any indicator whose column differs from the default (mpitb's
        ``syn_cdta`` names: ``d_nutr``, ``d_cm``, ``d_educ`` ...).

    Returns
    -------
    MPISpec

    Raises
    ------
    SpecError
        ``columns`` names an unknown indicator.
    """
    c = _columns(GLOBAL_MPI_COLUMNS, columns)
    b = lambda name, label: Indicator(name, c[name], weight="1/6" if name in (  # noqa: E731
        "nutrition", "child_mortality", "years_of_schooling", "school_attendance") else "1/18", label=label)
    dims = (
        Dimension("health", (b("nutrition", "Nutrition"), b("child_mortality", "Child mortality"))),
        Dimension("education", (b("years_of_schooling", "Years of schooling"),
                                b("school_attendance", "School attendance"))),
        Dimension("living_standards", tuple(b(n, n.replace("_", " ").capitalize()) for n in (
            "cooking_fuel", "sanitation", "drinking_water", "electricity", "housing", "assets"))),
    )
    return MPISpec(dims, k=1 / 3, name="Global MPI (2018)")


@renamed_parameters(income_line="line")
def china_basic_needs(columns: Mapping[str, str] | None = None, *, line: float | None = None,
                      income_column: str = "income_pc") -> MPISpec:
    """China's 两不愁三保障 plus safe drinking water; optionally the income condition.

    Six equally weighted one-indicator dimensions -- food, clothing, education,
    medical, housing, water -- with k = 1/6 (the official union rule: a
    household has left poverty only when every item is met).

    Parameters
    ----------
    columns : mapping of str to str, optional
        Indicator name to your data's 0/1 deprivation column (1 = deprived);
        defaults are ``d_food``, ``d_clothing``, ``d_education``, ``d_medical``,
        ``d_housing``, ``d_water``.
    line : float, optional
        Poverty line that adds the income condition as a seventh, cardinal
        dimension: deprived when per-capita net income is below this line (yuan
        per person per year, e.g. 2300 at 2010 prices); weights become 1/7 and
        k = 1/7. (Formerly ``income_line``.)
    income_column : str, default "income_pc"
        Column of per-capita net income used with ``line``.

    Returns
    -------
    MPISpec

    Raises
    ------
    SpecError
        ``columns`` names an unknown indicator.

    Examples
    --------
    >>> import povecon as pe
    >>> spec = pe.china_basic_needs()
    >>> spec.indicator_names
    ['food', 'clothing', 'education', 'medical', 'housing', 'water']
    """
    c = _columns(CHINA_COLUMNS, columns)
    labels = {"food": "不愁吃 food", "clothing": "不愁穿 clothing", "education": "义务教育 compulsory education",
              "medical": "基本医疗 basic medical care", "housing": "住房安全 safe housing",
              "water": "饮水安全 safe drinking water"}
    dims = [Dimension(name, (Indicator(name, c[name], label=labels[name]),)) for name in CHINA_COLUMNS]
    k = 1 / 6
    if line is not None:
        try:
            ok = bool(np.isfinite(float(line)) and float(line) > 0)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise SpecError(f"the poverty line (line) must be a finite number > 0, got {line!r}")
        dims.append(Dimension("income", (Indicator("income", income_column, cutoff=float(line),
                                                   direction="below", kind="cardinal",
                                                   label="收入达标 income above the poverty line"),)))
        k = 1 / 7
    return MPISpec(tuple(dims), k=k, name="China 两不愁三保障 + drinking water" + (" + income" if line else ""))
