"""Poverty and inequality measures with survey-design inference.

Every measure returns a ``povecon.Estimate`` (a ``povecon.result.Result``), with or
without ``by=``: one row per estimate, ``measure, group, time``, the options, then
``value, se, ci_lower, ci_upper, n``. Grouped-data fits return ``GroupedDistribution``,
``GroupedPoverty`` and ``LorenzCurve`` (also results, without standard errors). See
docs/methods/.
"""

from .lines import RelativeLine, poverty_line, quantile
from .poverty import arpr, chu, fgt, headcount, poverty_gap, sen, squared_gap, sst, takayama, time_to_exit, watts

__all__ = [
    "RelativeLine", "poverty_line", "quantile",
    "fgt", "headcount", "poverty_gap", "squared_gap", "arpr", "watts", "time_to_exit", "sen", "sst",
    "takayama", "chu",
]
from .inequality import (atkinson, cv, decile_ratio, ge, gini, lorenz, mld, palma, qsr, quantile_ratio,  # noqa: E402
                         theil)

__all__ += ["gini", "ge", "mld", "theil", "atkinson", "cv", "quantile_ratio", "decile_ratio", "qsr", "palma",
            "lorenz"]
from .subgroup import fgt_decomposition, ge_decomposition, gini_decomposition  # noqa: E402

__all__ += ["fgt_decomposition", "ge_decomposition", "gini_decomposition"]
from .grouped import GroupedDistribution, GroupedPoverty, LorenzCurve, grouped_poverty, lorenz_fit  # noqa: E402

__all__ += ["lorenz_fit", "grouped_poverty", "GroupedDistribution", "GroupedPoverty", "LorenzCurve"]
from .curves import CurveResult, lorenz_curve, poverty_curve, quantile_curve  # noqa: E402
from .dominance import DominanceResult, dominance  # noqa: E402

__all__ += ["poverty_curve", "quantile_curve", "lorenz_curve", "CurveResult", "dominance", "DominanceResult"]
from .progressivity import (concentration, j_divergence, j_divergence_decomposition, progressivity,  # noqa: E402
                            squared_gap_decomposition, watts_decomposition)

__all__ += ["concentration", "progressivity", "squared_gap_decomposition", "watts_decomposition", "j_divergence",
            "j_divergence_decomposition"]
from .growth import (GrowthIncidence, PovertyElasticities, ProPoorGrowth, growth_incidence,  # noqa: E402
                     poverty_elasticities, pro_poor_growth)

__all__ += ["growth_incidence", "pro_poor_growth", "poverty_elasticities", "GrowthIncidence", "ProPoorGrowth",
            "PovertyElasticities"]
from .indices import (bonferroni, der_polarization, fw_polarization, median_poor, rmir, rmpg,  # noqa: E402
                      sgini, zenga)

__all__ += ["rmpg", "median_poor", "rmir", "sgini", "bonferroni", "zenga", "fw_polarization", "der_polarization"]
