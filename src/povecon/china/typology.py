"""Return-to-poverty risk typology and the classes of exited households.

Both are code lists taken from 《贫困退出背景下南疆深度贫困地区防返贫机制研究》
(002_9ed149d90c19c988.txt); ``source_line`` is the line of that file where the label is printed.

Risk typology (RTP-18). Five risk types, two sub-types each, as chapter 4 heads them
(lines 492-600). Sub-type codes are ``<type>.<subtype>`` and are stable: code that stores
them can rely on them. The overviews at lines 110 and 722 name three of the types
differently (制度政策性 for 政策型, 外部激励性 for 产业发展激励不足, and 因病因学因技 as one
capability sub-type); those wordings are kept in ``alt_zh``.

Exited-household classes (RTP-20). Line 696 defines three classes of exited
households; lines 662 and 666 add the 5000-yuan re-classification rule and the
three-year tracking window. ``EXITED_HOUSEHOLD_CLASSES`` states each class as income
conditions against named references plus a risk condition, for
``povecon.dynamics`` to apply. The report leaves two things open, and the structure
says so rather than guessing: "near" the provincial mean is not quantified
(``op="approx_ge"``), and the classes do not cover every combination of income and risk
(e.g. income below 5000 yuan without risk) -- such households belong to no class.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from ..errors import InputError
from ._provenance import renamed_attribute
from .constants import CONSTANTS, RTP_SEED


@dataclass(frozen=True)
class RiskType:
    """One of the five return-to-poverty risk types (RTP-18).

    Parameters
    ----------
    code : str
        Stable code, e.g. ``"policy"``.
    label_zh : str
        The label as printed.
    label_en : str
        English label.
    source_line : int
        Line of the report where it is printed (formerly ``line``).
    alt_zh : str, default ""
        Another wording the report uses for it.
    """
    code: str
    label_zh: str
    label_en: str
    source_line: int
    alt_zh: str = ""

    line = renamed_attribute("line", "source_line")


@dataclass(frozen=True)
class RiskSubtype:
    """One of the ten risk sub-types, two per type (RTP-18).

    Parameters
    ----------
    code : str
        Stable code ``<type>.<subtype>``, e.g. ``"capability.illness"``.
    type_code : str
        Code of its risk type.
    label_zh : str
        The label as printed.
    label_en : str
        English label.
    source_line : int
        Line of the report where it is printed (formerly ``line``).
    alt_zh : str, default ""
        Another wording the report uses for it.
    """
    code: str
    type_code: str
    label_zh: str
    label_en: str
    source_line: int
    alt_zh: str = ""

    line = renamed_attribute("line", "source_line")


RISK_TYPES: tuple[RiskType, ...] = (
    RiskType("capability", "能力缺失型返贫风险", "Capability deficit", 492),
    RiskType("environment", "外部环境脆弱型返贫风险", "Fragile external environment", 529),
    RiskType("policy", "政策型的返贫风险", "Policy", 553, alt_zh="制度政策性返贫风险"),
    RiskType("self_development", "自我发展型返贫风险", "Weak self-development", 578),
    RiskType("industry_incentive", "产业发展激励不足风险", "Weak industrial incentives", 594,
             alt_zh="外部激励性风险"),
)

RISK_SUBTYPES: tuple[RiskSubtype, ...] = (
    RiskSubtype("capability.illness", "capability", "因病返贫风险", "Illness", 496),
    RiskSubtype("capability.education_skills", "capability", "因教育因技返贫风险",
                "Lack of education or skills", 515, alt_zh="因病因学因技返贫风险"),
    RiskSubtype("environment.epidemic", "environment", "疫情性返贫风险", "Epidemic", 541),
    RiskSubtype("environment.natural_disaster", "environment", "自然灾害性返贫风险", "Natural disaster", 545),
    RiskSubtype("policy.discontinuity", "policy", "脱贫政策性延续性中断引致的返贫",
                "Interrupted continuity of support policy", 557),
    RiskSubtype("policy.industrial_imbalance", "policy", "产业政策不均衡产生的返贫风险",
                "Unbalanced industrial policy", 572),
    RiskSubtype("self_development.low_motivation", "self_development", "内生动力不足的返贫风险",
                "Lack of intrinsic motivation", 582),
    RiskSubtype("self_development.excess_births", "self_development", "超生人口引发的返贫风险",
                "Births above the family-planning limit", 590),
    RiskSubtype("industry_incentive.limited_reach", "industry_incentive", "产业扶贫辐射有限性风险",
                "Limited reach of industrial poverty programmes", 596),
    RiskSubtype("industry_incentive.weak_new_entities", "industry_incentive", "新型经营主体培育不足的风险",
                "Weak cultivation of new business entities", 600),
)

_TYPES = {t.code: t for t in RISK_TYPES}
_SUBTYPES = {s.code: s for s in RISK_SUBTYPES}


def risk_types() -> pd.DataFrame:
    """The five risk types (code, labels, source line), in the report's order."""
    frame = pd.DataFrame([asdict(t) for t in RISK_TYPES])
    frame.insert(len(frame.columns), "source_file", RTP_SEED)
    return frame


def risk_typology() -> pd.DataFrame:
    """The ten sub-types with their type's labels, in the report's order.

    Columns: ``code``, ``type_code``, ``type_zh``, ``type_en``, ``label_zh``,
    ``label_en``, ``source_line``, ``alt_zh``, ``source_file``.
    """
    rows = []
    for s in RISK_SUBTYPES:
        t = _TYPES[s.type_code]
        rows.append({"code": s.code, "type_code": t.code, "type_zh": t.label_zh, "type_en": t.label_en,
                     "label_zh": s.label_zh, "label_en": s.label_en, "source_line": s.source_line,
                     "alt_zh": s.alt_zh, "source_file": RTP_SEED})
    return pd.DataFrame(rows)


def risk_subtype(code: str) -> RiskSubtype:
    """Look a risk sub-type up.

    Parameters
    ----------
    code : str
        Its code (``"capability.illness"``) or its printed Chinese label.

    Returns
    -------
    RiskSubtype

    Raises
    ------
    InputError
        Nothing matches.
    """
    if code in _SUBTYPES:
        return _SUBTYPES[code]
    for s in RISK_SUBTYPES:
        if code in (s.label_zh, s.alt_zh) and code:
            return s
    raise InputError(f"unknown risk sub-type {code!r}; known codes: {', '.join(_SUBTYPES)}")


def risk_type(code: str) -> RiskType:
    """Look a risk type up.

    Parameters
    ----------
    code : str
        Its code (``"policy"``), either printed Chinese label, or a sub-type code.

    Returns
    -------
    RiskType

    Raises
    ------
    InputError
        Nothing matches.
    """
    if code in _TYPES:
        return _TYPES[code]
    for t in RISK_TYPES:
        if code in (t.label_zh, t.alt_zh) and code:
            return t
    if code in _SUBTYPES:
        return _TYPES[_SUBTYPES[code].type_code]
    raise InputError(f"unknown risk type {code!r}; known codes: {', '.join(_TYPES)}")


def check_risk_codes(codes: Iterable[str]) -> np.ndarray:
    """Validate an array of risk sub-type codes.

    Parameters
    ----------
    codes : iterable of str
        Sub-type codes; missing values are not allowed.

    Returns
    -------
    numpy.ndarray
        The codes as an object array.

    Raises
    ------
    InputError
        Missing values or unknown codes.
    """
    arr = np.array(list(codes), dtype=object)
    missing = pd.isna(arr)
    if missing.any():
        raise InputError(f"{int(missing.sum())} risk code(s) are missing; fill or drop them first")
    unknown = sorted(set(arr.tolist()) - set(_SUBTYPES))
    if unknown:
        raise InputError(f"unknown risk sub-type code(s) {unknown[:10]}; known: {', '.join(_SUBTYPES)}")
    return arr


# --- exited-household classes (RTP-20) -------------------------------------

#: References an income condition can compare against. ``provincial_rural_mean`` is
#: data, not a constant: the province's mean rural per-capita disposable income.
INCOME_REFERENCES = {
    "monitoring_threshold": "policy constant monitoring_income_threshold (5000 yuan/person/year)",
    "provincial_rural_mean": "provincial mean rural per-capita disposable income (supplied by the user)",
}

#: ``lt``: income < reference; ``ge``: income >= reference; ``approx_ge``: income
#: near or at least the reference ("接近或达到"; the report gives no tolerance).
INCOME_OPS = ("lt", "ge", "approx_ge")


@dataclass(frozen=True)
class IncomeCondition:
    """A condition on annual per-capita net income against a named reference.

    Parameters
    ----------
    reference : {"monitoring_threshold", "provincial_rural_mean"}
        The income compared with: the 5000-yuan monitoring threshold, or the
        provincial mean rural per-capita disposable income (supplied by the user).
    op : {"lt", "ge", "approx_ge"}
        Below, at or above, or near or above (the report does not quantify
        "near").
    """
    reference: str
    op: str


@dataclass(frozen=True)
class ExitedHouseholdClass:
    """A class of exited household (RTP-20, line 696).

    Parameters
    ----------
    code : str
        Stable code (``not_receiving_policy``, ``receiving_policy``,
        ``monitored``).
    rank : int
        1 = most secure, 3 = monitored.
    label_zh : str
        The label as printed.
    label_en : str
        English label.
    income : tuple of IncomeCondition
        Conditions on annual per-capita net income, all of which must hold.
    at_risk : bool or None
        True: must be at risk of returning to poverty; False: must not be;
        None: no condition.
    receives_policy : bool or None
        The same for still receiving support policies.
    definition_zh : str
        The definition as printed.
    source_line : int
        Line of the report where it is printed (formerly ``line``).
    source_file : str, default "002_9ed149d90c19c988.txt"
        File name of the report's text (formerly ``seed``).
    """

    code: str
    rank: int
    label_zh: str
    label_en: str
    income: tuple[IncomeCondition, ...]
    at_risk: bool | None
    receives_policy: bool | None
    definition_zh: str
    source_line: int
    source_file: str = RTP_SEED

    line = renamed_attribute("line", "source_line")
    seed = renamed_attribute("seed", "source_file")


EXITED_HOUSEHOLD_CLASSES: tuple[ExitedHouseholdClass, ...] = (
    ExitedHouseholdClass(
        "not_receiving_policy", 1, "不享受政策的脱贫户", "Exited, no longer receiving policy support",
        (IncomeCondition("provincial_rural_mean", "approx_ge"),), False, False,
        "年人均纯收入接近或达到全省农村居民可支配收入平均水平、自我发展能力和抗风险较强的脱贫户", 696),
    ExitedHouseholdClass(
        "receiving_policy", 2, "享受政策的脱贫户", "Exited, still receiving policy support",
        (IncomeCondition("provincial_rural_mean", "lt"),), False, True,
        "年人均纯收入较高但未达到全省农村居民可支配收入平均水平、正常情况下无返贫风险的脱贫户", 696),
    ExitedHouseholdClass(
        "monitored", 3, "脱贫监测户", "Monitored exited household",
        (IncomeCondition("monitoring_threshold", "lt"),), True, None,
        "年人均纯收入低于 5000 元且具有返贫风险的脱贫户", 696),
)

_CLASSES = {c.code: c for c in EXITED_HOUSEHOLD_CLASSES}


def exited_household_class(code: str) -> ExitedHouseholdClass:
    """Look an exited-household class up.

    Parameters
    ----------
    code : str
        Its code (``"monitored"``) or Chinese label (``"脱贫监测户"``).

    Returns
    -------
    ExitedHouseholdClass

    Raises
    ------
    InputError
        Nothing matches.
    """
    if code in _CLASSES:
        return _CLASSES[code]
    for c in EXITED_HOUSEHOLD_CLASSES:
        if code == c.label_zh:
            return c
    raise InputError(f"unknown exited-household class {code!r}; known: {', '.join(_CLASSES)}")


def exited_household_classes() -> pd.DataFrame:
    """The three classes as a flat DataFrame (income conditions as ``reference op`` text)."""
    rows = []
    for c in EXITED_HOUSEHOLD_CLASSES:
        row = asdict(c)
        row["income"] = "; ".join(f"{i.reference} {i.op}" for i in c.income)
        rows.append(row)
    return pd.DataFrame(rows)


#: Rules around the classes: who is re-checked and for how long households are tracked.
MONITORING_RULES = {
    "reclassify_below": CONSTANTS["reclassification_income_threshold"],
    "monitor_below": CONSTANTS["monitoring_income_threshold"],
    "tracking_window_years": CONSTANTS["tracking_window_years"],
}

__all__ = [
    "RiskType",
    "RiskSubtype",
    "RISK_TYPES",
    "RISK_SUBTYPES",
    "risk_types",
    "risk_typology",
    "risk_type",
    "risk_subtype",
    "check_risk_codes",
    "IncomeCondition",
    "ExitedHouseholdClass",
    "EXITED_HOUSEHOLD_CLASSES",
    "INCOME_REFERENCES",
    "INCOME_OPS",
    "exited_household_class",
    "exited_household_classes",
    "MONITORING_RULES",
]
