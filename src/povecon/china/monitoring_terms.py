"""The Luopu report's monitoring categories, shocks and causes of poverty (LUO-20), as a code list.

Source: 《新疆南疆脱贫攻坚的政策实践案例调查研究》 (000_976a2d44ee9a927f.txt), lines 2564,
3066 and 3159. The report prints no numbers here; what it gives are the categories a
monitoring system must track. Each term is mapped to the return-to-poverty risk typology
of the other report (RTP-18, ``povecon.china.risk_typology``) where the two describe the
same risk, and to the monitoring flag of ``povecon.dynamics.monitor`` that applies it.
"""

from __future__ import annotations

import pandas as pd

SEED = "000_976a2d44ee9a927f.txt"

# (code, kind, label_zh, label_en, source_line, RTP-18 sub-type codes (space-separated), monitoring flag)
_TERMS: list[tuple[str, str, str, str, int, str, str]] = [
    ("category.unstable_exited", "category", "脱贫不稳定户", "Unstable exited household", 2564, "", "unstable_exited"),
    ("category.marginal", "category", "边缘易返贫户", "Marginal household at risk of (return to) poverty", 2564, "",
     "marginal"),
    ("category.sudden_hardship", "category", "因各种原因收入骤减或支出骤增的户",
     "Household with a sudden income drop or expenditure spike", 2564, "", "sudden_hardship"),
    ("shock.serious_illness", "shock", "家庭成员罹患重大疾病", "Serious illness of a household member", 3066,
     "capability.illness", "sudden_hardship"),
    ("shock.unemployment", "shock", "失业", "Unemployment", 3066, "", "sudden_hardship"),
    ("shock.price_rise", "shock", "物价上涨", "Rising prices", 3066, "", "sudden_hardship"),
    ("shock.natural_disaster", "shock", "自然灾害导致农作物歉收", "Natural disaster causing crop failure", 3066,
     "environment.natural_disaster", "sudden_hardship"),
    ("shock.epidemic", "shock", "重大疫情", "Major epidemic", 3066, "environment.epidemic", "sudden_hardship"),
    ("cause.illness_disability_schooling", "cause", "因病因残因学", "Illness, disability, schooling costs", 3159,
     "capability.illness capability.education_skills", ""),
    ("cause.social_exclusion", "cause", "社会排斥、权利受损", "Social exclusion, infringed rights", 3159, "", ""),
    ("cause.cultural_psychological", "cause", "文化守旧、心理失衡", "Cultural conservatism, psychological imbalance",
     3159, "self_development.low_motivation", ""),
    ("cause.expenditure_poverty", "cause", "支出型贫困或消费型贫困", "Expenditure-driven poverty", 3159, "",
     "sudden_hardship"),
]


def monitoring_terms() -> pd.DataFrame:
    """LUO-20's categories, shocks and causes with their RTP-18 and monitoring-flag mappings."""
    frame = pd.DataFrame(_TERMS, columns=["code", "kind", "label_zh", "label_en", "source_line", "rtp18_codes",
                                          "flag"])
    frame.insert(5, "source_file", SEED)
    return frame
