"""China's official poverty lines, policy constants, indicator sets and monitoring rules."""

from .constants import (  # noqa: F401
    CONSTANTS,
    PolicyConstant,
    constants_frame,
    policy_constant,
    serious_illness_deductible,
)
from .typology import (  # noqa: F401
    EXITED_HOUSEHOLD_CLASSES,
    INCOME_OPS,
    INCOME_REFERENCES,
    MONITORING_RULES,
    RISK_SUBTYPES,
    RISK_TYPES,
    ExitedHouseholdClass,
    IncomeCondition,
    RiskSubtype,
    RiskType,
    check_risk_codes,
    exited_household_class,
    exited_household_classes,
    risk_subtype,
    risk_type,
    risk_types,
    risk_typology,
)
from .lines import PovertyLine, official_line, poverty_line, poverty_lines  # noqa: F401,E402
from .monitoring_terms import monitoring_terms  # noqa: F401,E402
