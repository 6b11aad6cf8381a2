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

from .._compat import renamed_parameters
from ..errors import InputError
from ..result import Result, stack
from ..measures import fgt_decomposition, ge_decomposition, gini_decomposition


def _orders(x: Any) -> list:
    return list(x) if isinstance(x, (list, tuple, np.ndarray, pd.Series, range)) else [x]


@renamed_parameters(fgt_alphas="alpha", ge_alphas="ge_alpha")
def by_subgroup(
    data: Any = None,
    income: Any = None,
    *,
    by: Any,
    line: Any = None,
    alpha: float | Sequence[float] = (0, 1, 2),
    ge_alpha: float | Sequence[float] = (0, 1, 2),
    gini: bool = True,
    weights: Any = None,
    design: Any = None,
    na: str = "raise",
    se: str | None = "linearized",
    level: float = 0.95,
    replicates: int = 500,
    seed: int | None = None,
) -> Result:
    """FGT, GE and Gini subgroup decompositions in one result.

    FGT rows need ``line``; pass ``alpha=()`` to skip poverty, ``ge_alpha=()``
    or ``gini=False`` to skip inequality.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    by : str or array-like
        The grouping variable (required).
    line : float, str, array-like or RelativeLine, optional
        Poverty line of the FGT rows, as in :func:`fgt`.
    alpha : float or sequence of float, default (0, 1, 2)
        FGT order(s) to decompose (formerly ``fgt_alphas``).
    ge_alpha : float or sequence of float, default (0, 1, 2)
        Generalised-entropy order(s) to decompose (formerly ``ge_alphas``).
    gini : bool, default True
        Whether to add the Gini decomposition.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    na : {"raise", "drop"}, default "raise"
        Missing values in the columns used: ``"raise"`` raises
        :class:`InputError`; ``"drop"`` drops those rows (from the design as
        well) and reports their count as ``n_dropped``.
    se : {"linearized", "bootstrap", "replicate", None}, default "linearized"
        Standard errors: ``"linearized"`` (Taylor / influence-function variance
        under the design), ``"bootstrap"`` (Rao-Wu-Yue rescaled bootstrap of
        PSUs; needs ``seed``), ``"replicate"`` (the design's replicate weights)
        or None (point estimate only).
    level : float, default 0.95
        Confidence level of the intervals, in (0, 1).
    replicates : int, default 500
        Number of bootstrap replicates (used with ``se="bootstrap"``).
    seed : int, optional
        Seed of the bootstrap. Required with ``se="bootstrap"``: no random step
        runs unseeded.

    Returns
    -------
    Result
        The measures' decompositions stacked: its frame (``.to_frame()``) has
        columns ``decomposition`` (``FGT(0)``, ``GE(1)``, ``Gini`` ...),
        ``measure`` (``pop_share``, ``contribution``, ``within``, ``between``,
        ``overlap`` ...), ``group`` (a label or ``total``), ..., ``value``, ``se``,
        ``ci_lower``, ``ci_upper``, ``n``; ``.cov()`` is the covariance of the rows
        (joint across decompositions under one design).

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
    """
    fgt_alphas, ge_alphas = _orders(alpha), _orders(ge_alpha)
    if line is None and len(fgt_alphas):
        raise InputError("the FGT decomposition needs line=...; pass alpha=() to skip poverty")
    common = dict(by=by, weights=weights, design=design, na=na, se=se, level=level,
                  replicates=replicates, seed=seed)
    for a in (*fgt_alphas, *ge_alphas):
        try:
            ok = np.isfinite(float(a))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise InputError(f"alpha and ge_alpha must be finite numbers, got {a!r}")
    parts, names = [], []
    for a in fgt_alphas:
        parts.append(fgt_decomposition(data, income, line, a, **common))
        names.append(f"FGT({a:g})")
    for a in ge_alphas:
        parts.append(ge_decomposition(data, income, a, **common))
        names.append(f"GE({a:g})")
    if gini:
        parts.append(gini_decomposition(data, income, **common))
        names.append("Gini")
    if not parts:
        raise InputError("nothing to decompose: give alpha, ge_alpha or gini=True")
    return stack(parts, "decomposition", names)
