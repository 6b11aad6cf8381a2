"""Policy constants stated in the return-to-poverty report.

Source: 《贫困退出背景下南疆深度贫困地区防返贫机制研究》 (002_9ed149d90c19c988.txt);
``source_line`` is the line of that file where the number is printed.

Conventions:

* Money is in yuan at current prices unless the unit says otherwise; the 2300-yuan
  line is the national rural standard at 2010 constant prices (the report prints it
  without the price basis).
* Rates and shares are fractions (0.5, not 50) with unit ``fraction``; the printed
  percentage is ``100 * value``.
* Every constant is also a transcribed number in ``data/rtp/``; the tests check the two
  agree, so a constant can never drift from what the report prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from .._input import positive_scalar
from ..errors import InputError
from ._provenance import renamed_attribute

RTP_SEED = "002_9ed149d90c19c988.txt"


@dataclass(frozen=True)
class PolicyConstant:
    """One number of policy, with its source line in the report.

    ``float(constant)`` is its value.

    Parameters
    ----------
    name : str
        Identifier, e.g. ``"monitoring_income_threshold"``.
    value : float
        The number as printed.
    unit : str
        Its unit (``"yuan/person/year"``, ``"share"`` ...).
    description_en : str
        What it is, in English.
    description_zh : str
        What it is, as the report words it.
    source_file : str
        File name of the report's text the number was transcribed from (formerly
        ``seed``).
    source_line : int
        Line of that file where it is printed (formerly ``line``).
    """

    name: str
    value: float
    unit: str
    description_en: str
    description_zh: str
    source_file: str
    source_line: int

    seed = renamed_attribute("seed", "source_file")
    line = renamed_attribute("line", "source_line")

    def __float__(self) -> float:
        return float(self.value)


def _c(name, value, unit, en, zh, line) -> PolicyConstant:
    return PolicyConstant(name, float(value), unit, en, zh, RTP_SEED, line)


_CONSTANTS: tuple[PolicyConstant, ...] = (
    _c("poverty_line_2010", 2300, "yuan/person/year (2010 prices)",
       "National rural poverty line used for the 2014 registration (2010 constant prices)",
       "建档立卡贫困户标准：人均 2300 元", 168),
    _c("rural_dibao_standard", 3732, "yuan/person/year",
       "Xinjiang rural minimum-living-guarantee (dibao) standard, at least this from 2019-07-01",
       "自 2019 年 7 月 1 日起新疆农村低保标准提高到不低于 3732 元", 440),
    _c("rural_dibao_allowance_before", 200, "yuan/month",
       "Rural dibao allowance before 2019-07-01",
       "农村低保补助水平由原来的每月 200 元", 440),
    _c("rural_dibao_allowance", 226, "yuan/month",
       "Rural dibao allowance from 2019-07-01",
       "提高至每月 226 元", 440),
    _c("rural_dibao_extra_four_categories", 22, "yuan/month",
       "Additional dibao allowance for the 'four categories' (aged 80+, widowed or childless elderly, "
       "severely disabled, seriously ill) in dibao households",
       "对低保家庭中的“四类人员”等兜底脱贫对象，低保金再提高 22 元", 440),
    _c("serious_illness_threshold_share", 0.50, "fraction",
       "Serious-illness insurance deductible as a share of residents' per-capita disposable income (2019)",
       "大病起付线原则按居民人均可支配收入的 50% 确定", 422),
    _c("serious_illness_reimbursement_before", 0.50, "fraction",
       "Serious-illness insurance reimbursement rate before the 2019 reform",
       "大病保险的报销比例从 50%", 422),
    _c("serious_illness_reimbursement", 0.60, "fraction",
       "Serious-illness insurance reimbursement rate after the 2019 reform",
       "提高到 60%", 422),
    _c("serious_illness_threshold_cut_poor", 0.50, "fraction",
       "Reduction of the serious-illness deductible for the destitute, dibao recipients and registered poor",
       "对特困人员、低保对象、建档立卡贫困人口城乡居民大病保险起付线降低 50%", 422),
    _c("monitoring_income_threshold", 5000, "yuan/person/year",
       "Exited households with annual per-capita net income below this and at risk are monitored households",
       "脱贫监测户是指年人均纯收入低于 5000 元且具有返贫风险的脱贫户", 696),
    _c("reclassification_income_threshold", 5000, "yuan/person/year",
       "Households with per-capita income below this are re-classified and checked for instability",
       "对于人均收入在 5000 元以下的人群再次分类", 662),
    _c("tracking_window_years", 3, "year",
       "Households that exited in about the last three years are tracked",
       "完善对近 3 年脱贫群体的跟踪", 666),
    _c("transferred_labour_in_county_share", 0.84, "fraction",
       "Share of transferred labour of poor households working inside their county, 2019 (about)",
       "在县内务工的人群约占 84%", 652),
)

CONSTANTS: dict[str, PolicyConstant] = {c.name: c for c in _CONSTANTS}


def policy_constant(name: str) -> PolicyConstant:
    """Look a policy constant up by name.

    Parameters
    ----------
    name : str
        Identifier of the constant; ``constants_frame()`` lists them.

    Returns
    -------
    PolicyConstant

    Raises
    ------
    InputError
        An unknown name (the message lists the known ones).

    Examples
    --------
    >>> import povecon as pe
    >>> float(pe.policy_constant("monitoring_income_threshold"))
    5000.0
    """
    try:
        return CONSTANTS[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(CONSTANTS))
        raise InputError(f"unknown policy constant {name!r}; known: {known}") from None


def constants_frame() -> pd.DataFrame:
    """All constants as a DataFrame sorted by name (one row per constant).

    Returns
    -------
    pandas.DataFrame
        One column per field of :class:`PolicyConstant`.
    """
    frame = pd.DataFrame([asdict(c) for c in _CONSTANTS])
    return frame.sort_values("name", ignore_index=True)


def serious_illness_deductible(per_capita_disposable_income: float, *, poor: bool = False) -> float:
    """Serious-illness insurance deductible (yuan) under the 2019 Xinjiang rule.

    50% of residents' per-capita disposable income, cut by 50% for the destitute,
    dibao recipients and registered poor (line 422).

    Parameters
    ----------
    per_capita_disposable_income : float
        Residents' per-capita disposable income, yuan per year.
    poor : bool, default False
        True for the destitute, dibao recipients and registered poor.

    Returns
    -------
    float
        The deductible in yuan.
    """
    income = positive_scalar(per_capita_disposable_income, "per_capita_disposable_income")
    deductible = income * CONSTANTS["serious_illness_threshold_share"].value
    if poor:
        deductible *= 1.0 - CONSTANTS["serious_illness_threshold_cut_poor"].value
    return deductible


__all__ = [
    "PolicyConstant",
    "CONSTANTS",
    "policy_constant",
    "constants_frame",
    "serious_illness_deductible",
]
