"""The subgroup decompositions of poverty and inequality, side by side.

The estimators are ``povecon.measures``' ``fgt_decomposition``,
``ge_decomposition`` and ``gini_decomposition`` (with their survey standard
errors); this module only runs them on the same data and stacks their tidy
frames, tagging each row with the decomposition it comes from.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from ..measures import fgt_decomposition, ge_decomposition, gini_decomposition


def by_subgroup(
    data: Any = None,
    income: Any = None,
    *,
    by: Any,
    line: Any = None,
    fgt_alphas: Sequence[float] = (0, 1, 2),
    ge_alphas: Sequence[float] = (0, 1, 2),
    gini: bool = True,
    weights: Any = None,
    design: Any = None,
    na: str = "raise",
    se: str | None = "linearized",
    level: float = 0.95,
    replicates: int = 500,
    seed: int | None = None,
) -> pd.DataFrame:
    """FGT, GE and Gini subgroup decompositions in one tidy table.

    Columns: ``decomposition`` (``FGT(0)``, ``GE(1)``, ``Gini`` ...), ``group``
    (a label or ``total``), ``measure`` (``pop_share``, ``contribution``,
    ``within``, ``between``, ``overlap`` ...), ``value``, ``se``, ``ci_lower``,
    ``ci_upper``, ``n``. FGT rows need ``line``; pass ``fgt_alphas=()`` to skip
    poverty, ``ge_alphas=()`` / ``gini=False`` to skip inequality.
    ``attrs["cov"]`` maps each decomposition to the covariance of its
    components as returned by ``povecon.measures``.
    """
    if line is None and len(fgt_alphas):
        raise InputError("the FGT decomposition needs line=...; pass fgt_alphas=() to skip poverty")
    common = dict(by=by, weights=weights, design=design, na=na, se=se, level=level,
                  replicates=replicates, seed=seed)
    parts = []
    for a in fgt_alphas:
        parts.append(fgt_decomposition(data, income, line, a, **common).assign(decomposition=f"FGT({a:g})"))
    for a in (*fgt_alphas, *ge_alphas):
        try:
            ok = np.isfinite(float(a))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise InputError(f"fgt_alphas and ge_alphas must be finite numbers, got {a!r}")
    for a in ge_alphas:
        parts.append(ge_decomposition(data, income, a, **common).assign(decomposition=f"GE({a:g})"))
    if gini:
        parts.append(gini_decomposition(data, income, **common).assign(decomposition="Gini"))
    if not parts:
        raise InputError("nothing to decompose: give fgt_alphas, ge_alphas or gini=True")
    covs = {}
    for part in parts:  # each frame carries its components' covariance in attrs; keep them by name
        covs[part["decomposition"].iloc[0]] = part.attrs.get("cov")
        part.attrs = {}
    out = pd.concat(parts, ignore_index=True)
    from ..measures._core import CovarianceMap

    out.attrs["cov"] = CovarianceMap(covs)
    return out[["decomposition"] + [c for c in out.columns if c != "decomposition"]]
