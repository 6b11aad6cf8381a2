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
do not include one among the covariates. Bootstrap standard errors
(``se="bootstrap"``) resample rows as statsmodels does (the same draws for the
same seed) and keep every replicate, so the components get a joint covariance;
the standard error is the root mean squared deviation of the replicates from the
estimate (povecon's bootstrap rule), not statsmodels' 1%-trimmed standard deviation.

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

from .. import _input
from .._compat import renamed_parameters
from ..errors import EstimationError, InputError
from ._table import REPLICATES, Decomposition, _Replicates, inference_options, replicate

TWO_FOLD_TYPES = ("pooled", "neumark", "cotton", "reimers")


def _components(y: np.ndarray, X: np.ndarray, in_b: np.ndarray, kind: str, two_fold_type: str) -> np.ndarray:
    """The decomposition's terms (statsmodels' formulas, in numpy) for one bootstrap sample."""
    Xc = np.column_stack([X, np.ones(y.shape[0])])
    k = Xc.shape[1]
    fits = []
    for m in (~in_b, in_b):
        if m.sum() <= k or np.linalg.matrix_rank(Xc[m]) < k:
            raise EstimationError("a group's regression is not identified in this sample")
        fits.append((np.linalg.lstsq(Xc[m], y[m], rcond=None)[0], Xc[m].mean(axis=0)))
    (ba, xa), (bb, xb) = fits
    if kind == "threefold":
        return np.array([(xa - xb) @ bb, xb @ (ba - bb), (xa - xb) @ (ba - bb)])
    na_, nb_ = int((~in_b).sum()), int(in_b.sum())
    if two_fold_type == "cotton":
        t = (na_ * ba + nb_ * bb) / (na_ + nb_)
    elif two_fold_type == "reimers":
        t = 0.5 * (ba + bb)
    elif two_fold_type == "neumark":
        t = np.linalg.lstsq(Xc, y, rcond=None)[0]
    else:
        full = np.linalg.lstsq(np.column_stack([X, in_b.astype(float), np.ones(y.shape[0])]), y, rcond=None)[0]
        t = np.delete(full, X.shape[1])
    explained = (xa - xb) @ t
    unexplained = xa @ (ba - t) + xb @ (t - bb)
    return np.array([explained, unexplained])


@renamed_parameters(group="by")
def oaxaca_blinder(
    data: pd.DataFrame,
    outcome: str,
    covariates: Sequence[str],
    by: str,
    *,
    groups: tuple[Any, Any] | None = None,
    kind: str = "threefold",
    two_fold_type: str = "pooled",
    se: str | None = None,
    replicates: int = REPLICATES,
    seed: int | None = None,
    level: float = 0.95,
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
    by : str
        Column with the two group labels.
    groups : tuple, optional
        ``(a, b)``; by default the two sorted labels.
    kind : {"threefold", "twofold"}, default "threefold"
        Three-fold: endowments, coefficients, interaction; two-fold: explained,
        unexplained.
    two_fold_type : {"pooled", "neumark", "cotton", "reimers"}, default "pooled"
        Reference coefficients of the two-fold decomposition; ``"pooled"`` is
        the pooled regression with the group indicator (Jann 2008).
    se : {None, "bootstrap"}, default None
        Standard errors: None (point estimates only) or ``"bootstrap"``: rows are
        resampled with replacement (statsmodels' draws for the same ``seed``) and
        the replicates give the joint covariance of every row.
    replicates : int, default 500
        Number of bootstrap replicates. Passing ``replicates`` without ``se=`` turns
        the bootstrap on as before, with a ``DeprecationWarning``.
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.
    level : float, default 0.95
        Confidence level of the intervals (t on ``n - 1`` degrees of freedom).
    na : {"raise", "drop"}, default "raise"
        Missing values raise :class:`InputError`, or their rows are dropped
        (counted in ``n_dropped``).

    Returns
    -------
    Decomposition
        Components (``endowments, coefficients, interaction`` or ``explained,
        unexplained``) with measures ``gap`` (the part of the gap) and ``share``;
        the ``total`` rows hold the gap (:attr:`total`) and the sum of the shares.

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
    opts = inference_options("oaxaca_blinder", se, replicates, seed, level)
    group = by
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
    # statsmodels spells Neumark's pooled regression without the group indicator "nuemark"
    sm_type = "nuemark" if two_fold_type == "neumark" else two_fold_type
    model = OaxacaBlinder(y, exog, bifurcate=k, hasconst=False, swap=False, rng=opts.seed)
    if kind == "threefold":
        res = model.three_fold()
        names = ["endowments", "coefficients", "interaction"]
    else:
        res = model.two_fold(two_fold_type=sm_type)
        names = ["unexplained", "explained"]
    vals = np.asarray(res.params, dtype=float)
    gap = float(vals[-1])
    order = names if kind == "threefold" else ["explained", "unexplained"]
    value = dict(zip(names, vals[: len(names)]))
    table = pd.DataFrame({"value": [value[c] for c in order]}, index=pd.Index(order, name="component"))
    table["share"] = table["value"] / gap if gap != 0 else np.nan

    def vector(terms: np.ndarray, g: float) -> np.ndarray:
        sh = terms / g if g != 0 else np.full(terms.size, np.nan)
        return np.concatenate([np.column_stack([terms, sh]).ravel(), [g, sh.sum()]])

    full = vector(table["value"].to_numpy(), gap)
    cov, se_tab, total_se, notes, failed = None, None, {}, [], 0
    n_used = int(keep.sum())
    if opts.se == "bootstrap":
        X = exog[:, :k]
        rng = np.random.default_rng(opts.seed)  # statsmodels' generator for an integer seed: the same draws
        draws = [rng.integers(0, n_used, size=n_used) for _ in range(opts.replicates)]

        def stat(r: int) -> np.ndarray:
            i = draws[r]
            yb, bb = y[i], ind[i] == 1
            return vector(_components(yb, X[i], bb, kind, two_fold_type), float(yb[~bb].mean() - yb[bb].mean()))

        reps, failed = replicate(stat, full, opts.replicates, "oaxaca_blinder")
        cov = _Replicates(full, reps, "bootstrap", key=("bootstrap-rows", opts.replicates, opts.seed, n_used))
        with np.errstate(invalid="ignore"):
            s_ = np.sqrt(np.clip(np.diag(cov.matrix(np.arange(full.size))), 0, None))
        m = len(order)
        se_tab = pd.DataFrame(s_[:2 * m].reshape(m, 2), index=table.index, columns=["value", "share"])
        total_se = {"gap": float(s_[2 * m]), "share": float(s_[2 * m + 1])}
        if failed:
            notes.append(f"{failed} of {opts.replicates} bootstrap replicates failed and are left out")
    return Decomposition(f"Oaxaca-Blinder {kind}", table, gap, "value", n=n_used,
                         n_dropped=prep.n_dropped, se=se_tab, measures={"value": "gap"},
                         totals={"gap": gap, "share": float(full[-1])}, total_se=total_se, covariance=cov,
                         df=float(n_used - 1), level=opts.level, se_method=opts.se, notes=notes,
                         call={"function": "oaxaca_blinder"},
                         params={"groups": (a_lab, b_lab), "kind": kind,
                                 "two_fold_type": two_fold_type if kind == "twofold" else None,
                                 "se": opts.se, "replicates": opts.replicates, "seed": opts.seed},
                         details={"mean_a": float(y[ind == 0].mean()), "mean_b": float(y[ind == 1].mean()),
                                  "n_a": int(in_a.sum()), "n_b": int(in_b.sum()), "model": model,
                                  "replicates_failed": failed})
