"""Oaxaca-Blinder decomposition of a mean income gap between two groups.

A thin, validated front end to ``statsmodels.stats.oaxaca.OaxacaBlinder``.
Convention: ``gap = mean(y | group a) - mean(y | group b)`` with ``groups=(a, b)``
(default: the two sorted labels); group ``b`` is the reference.

* Three-fold: ``endowments = (Xa - Xb) beta_b``, ``coefficients = Xb (beta_a - beta_b)``,
  ``interaction = (Xa - Xb)(beta_a - beta_b)``.
* Two-fold: ``explained = (Xa - Xb) beta*``, ``unexplained = gap - explained``,
  with ``beta*`` from the pooled regression including the group indicator
  (``"pooled"``, Jann 2008 / Fortin 2008), or Neumark / Cotton / Reimers weights.

Unweighted OLS (statsmodels has no sampling weights here). A constant is added;
do not include one among the covariates. Bootstrap standard errors are
statsmodels' (``replicates=R`` replicates, seeded).

Not provided: a nonlinear (Fairlie / Yun) decomposition for binary outcomes
such as poverty status -- there is no well-kept Python implementation to
build on. Decompose the gap in (log) income, or the mean of a linear
probability model, instead.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.oaxaca import OaxacaBlinder

from .. import _input, inference
from ..errors import EstimationError, InputError
from ._table import Decomposition

TWO_FOLD_TYPES = ("pooled", "neumark", "cotton", "reimers")


def oaxaca_blinder(
    data: pd.DataFrame,
    outcome: str,
    covariates: Sequence[str],
    group: str,
    *,
    groups: tuple[Any, Any] | None = None,
    kind: str = "threefold",
    two_fold_type: str = "pooled",
    replicates: int = 0,
    seed: int | None = None,
    na: str = "raise",
) -> Decomposition:
    """Oaxaca-Blinder decomposition of the gap in mean ``outcome`` between two groups.

    ``gap = mean(y | a) - mean(y | b)`` with ``groups=(a, b)``; group ``b`` is the
    reference. Unweighted OLS through statsmodels; a constant is added.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person or household.
    outcome : str
        The outcome column (e.g. log income).
    covariates : sequence of str
        Explanatory columns, without a constant.
    group : str
        Column with the two group labels.
    groups : tuple, optional
        ``(a, b)``; by default the two sorted labels.
    kind : {"threefold", "twofold"}, default "threefold"
        Three-fold: endowments, coefficients, interaction; two-fold: explained,
        unexplained.
    two_fold_type : {"pooled", "neumark", "cotton", "reimers"}, default "pooled"
        Reference coefficients of the two-fold decomposition; ``"pooled"`` is
        the pooled regression with the group indicator (Jann 2008).
    replicates : int, default 0
        Bootstrap replicates for standard errors; 0 computes none.
    seed : int, optional
        Seed of the bootstrap; required when ``replicates > 0``.
    na : {"raise", "drop"}, default "raise"
        Missing values raise :class:`InputError`, or their rows are dropped
        (counted in ``n_dropped``).

    Returns
    -------
    Decomposition
        ``result.total`` is the gap.

    Raises
    ------
    InputError
        Missing columns, a group column without exactly two groups, or bad options.
    """
    if kind not in ("threefold", "twofold"):
        raise InputError(f"kind must be 'threefold' or 'twofold', got {kind!r}")
    if two_fold_type not in TWO_FOLD_TYPES:
        raise InputError(f"two_fold_type must be one of {TWO_FOLD_TYPES}, got {two_fold_type!r}")
    if isinstance(covariates, str) or len(covariates) == 0:
        raise InputError("covariates must be a non-empty list of column names")
    replicates = inference.check_replicates(replicates, allow_zero=True)
    seed = inference.check_seed(seed, required=replicates > 0, why="bootstrap replicates")
    _input.check_columns(data, [outcome, group, *covariates])
    n = len(data)
    allow = na == "drop"
    arrays = {outcome: _input.numeric(data, outcome, outcome, allow_nan=allow)}
    for c in covariates:
        arrays[c] = _input.numeric(data, c, c, n=n, allow_nan=allow)
    arrays[group] = data[group].to_numpy(dtype=object, na_value=np.nan) if allow else data[group].to_numpy()
    if not allow and pd.isna(data[group]).any():
        raise InputError(f"{group} has {int(pd.isna(data[group]).sum())} missing value(s); pass na='drop'")
    prep = _input.drop_missing(arrays, na)
    g = pd.Series(prep[group])
    labels = sorted(g.unique(), key=str) if groups is None else list(groups)
    if groups is None and len(labels) != 2:
        raise InputError(f"{group} must have exactly two groups, found {len(labels)}: {labels[:10]}; "
                         "pass groups=(a, b) to pick two")
    if len(labels) != 2 or labels[0] == labels[1]:
        raise InputError(f"groups must be two distinct labels, got {groups!r}")
    a_lab, b_lab = labels
    in_a, in_b = (g == a_lab).to_numpy(), (g == b_lab).to_numpy()
    k = len(covariates)
    for lab, mask in ((a_lab, in_a), (b_lab, in_b)):
        if mask.sum() == 0:
            raise InputError(f"group {lab!r} of {group} is empty")
        X = np.column_stack([prep[c][mask] for c in covariates] + [np.ones(int(mask.sum()))])
        if mask.sum() <= k + 1 or np.linalg.matrix_rank(X) < k + 1:
            raise EstimationError(f"group {lab!r} has {int(mask.sum())} rows; the regression on {list(covariates)} "
                                  "plus a constant is not identified there (too few rows, a covariate "
                                  "without variation, or collinear covariates)")
    keep = in_a | in_b
    y = prep[outcome][keep]
    ind = np.where(in_b[keep], 1.0, 0.0)  # statsmodels' first group is indicator value 0: group a
    exog = np.column_stack([prep[c][keep] for c in covariates] + [ind])
    model = OaxacaBlinder(y, exog, bifurcate=k, hasconst=False, swap=False, rng=seed)
    std = bool(replicates)
    nboot = int(replicates) if replicates else None
    if kind == "threefold":
        res = model.three_fold(std=std, n=nboot)
        names = ["endowments", "coefficients", "interaction"]
    else:
        res = model.two_fold(std=std, two_fold_type=two_fold_type, n=nboot)
        names = ["unexplained", "explained"]
    vals = np.asarray(res.params, dtype=float)
    gap = float(vals[-1])
    order = names if kind == "threefold" else ["explained", "unexplained"]
    value = dict(zip(names, vals[: len(names)]))
    table = pd.DataFrame({"value": [value[c] for c in order]}, index=pd.Index(order, name="component"))
    table["share"] = table["value"] / gap if gap != 0 else np.nan
    se = None
    if std:
        s = dict(zip(names, np.asarray(res.std, dtype=float)[: len(names)]))
        se = pd.DataFrame({"value": [s[c] for c in order]}, index=table.index)
    return Decomposition(f"Oaxaca-Blinder {kind}", table, gap, "value", n=int(keep.sum()),
                         n_dropped=prep.n_dropped, se=se,
                         params={"groups": (a_lab, b_lab), "kind": kind,
                                 "two_fold_type": two_fold_type if kind == "twofold" else None,
                                 "replicates": replicates, "seed": seed},
                         details={"mean_a": float(y[ind == 0].mean()), "mean_b": float(y[ind == 1].mean()),
                                  "n_a": int(in_a.sum()), "n_b": int(in_b.sum()), "model": model})
