"""Inequality by income source.

* ``source_shares``: each source's share of mean income.
* ``gini_by_source``: Lerman-Yitzhaki (1985) ``G = sum_k S_k G_k R_k``.
* ``shorrocks_by_source``: Shorrocks (1982) natural decomposition
  ``s_k = cov(y_k, y) / var(y)``.
* ``shapley_by_source``: Shapley decomposition of any inequality index
  (Shorrocks 2013), eliminating a source by replacing it with its mean.

Sources are the columns of an (n, K) table whose rows sum to total income.
Negative values (losses, taxes paid) are allowed in any source; total mean
income must be positive. Bootstrap standard errors (``se="bootstrap"``, with
``replicates`` and a ``seed``) use the design's rescaled bootstrap weights, so a
``SurveyDesign`` with strata and PSUs is respected.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from .. import _input, inference
from ..errors import EstimationError, InputError, SpecError
from ..result import sample_key
from ..survey import SurveyDesign, resolve
from . import _kernels as K
from ._shapley import shapley_values
from ._table import REPLICATES, Decomposition, _Replicates, inference_options, replicate

MAX_EXACT_SOURCES = 10


def _prepare(data: Any, sources: Any, total: Any, weights: Any, design: SurveyDesign | None, na: str):
    """(Y, names, design, n_dropped) after the input gate."""
    if isinstance(sources, pd.DataFrame):
        names = [str(c) for c in sources.columns]
        cols = [sources[c] for c in sources.columns]
    elif isinstance(sources, np.ndarray) and sources.ndim == 2:
        names = [f"source{k}" for k in range(sources.shape[1])]
        cols = [sources[:, k] for k in range(sources.shape[1])]
    elif isinstance(sources, (list, tuple)):
        if not all(isinstance(c, str) for c in sources):
            raise InputError("sources must be a list of column names, a DataFrame, or an (n, K) array")
        names = list(sources)
        cols = list(sources)
    else:
        raise InputError("sources must be a list of column names, a DataFrame, or an (n, K) array")
    if len(cols) == 0:
        raise InputError("sources is empty; give at least one income source")
    if len(set(names)) != len(names):
        raise InputError(f"source names repeat: {names}")
    allow = na == "drop"
    first = _input.numeric(data, cols[0], names[0], allow_nan=allow)
    n = first.shape[0]
    arrays = {names[0]: first}
    for nm, c in zip(names[1:], cols[1:]):
        arrays[nm] = _input.numeric(data, c, nm, n=n, allow_nan=allow)
    if total is not None:
        arrays["__total__"] = _input.numeric(data, total, "total", n=n, allow_nan=allow)
    rd = resolve(design, data, n, weights)
    prep = _input.drop_missing(arrays, na)
    if prep.keep is not None:
        rd = rd.subset(prep.keep)
    Y = np.column_stack([prep[nm] for nm in names])
    if total is not None:
        tot = prep["__total__"]
        gap = np.abs(Y.sum(axis=1) - tot)
        tol = 1e-9 * max(1.0, float(np.abs(tot).max()))
        bad = gap > tol
        if bad.any():
            i = int(np.argmax(gap))
            raise InputError(
                f"the sources do not add up to total income in {int(bad.sum())} row(s) "
                f"(largest gap {gap[i]:.6g} at row {i}); add the missing source (e.g. an 'other' column) "
                "or pass total=None to decompose the sum of the sources"
            )
    if K.wmean(Y.sum(axis=1), rd.weights) <= 0:
        raise InputError("total income has a non-positive mean; the shares are undefined")
    # squares and cross-products of source incomes overflow near the float limits
    _input.finite_result(np.nan if np.abs(Y).max(initial=0.0) > 1e150 or
                         0 < np.abs(Y[Y != 0]).min(initial=np.inf) < 1e-150 else 0.0,
                         "a source decomposition", inputs=Y, name="source income")
    return Y, names, rd, prep.n_dropped


def _decomposition(fn: str, method: str, names: list[str], columns: list[str], totals: list[str],
                   total_measure: str, stat: Callable[[np.ndarray], np.ndarray], rd, dropped: int,
                   opts: inference.Options, params: dict, details: dict | None = None) -> Decomposition:
    """A Decomposition from ``stat(weights)``: per source its ``columns``, then the ``totals``, in frame order.

    With ``se="bootstrap"`` every row is re-estimated on the design's rescaled bootstrap weights,
    and the replicates are the covariance of all rows (key: seed, replicates, design), shared with
    any other povecon result bootstrapped with the same seed and replicates under the same design.
    """
    k, c = len(names), len(columns)
    full = np.asarray(stat(rd.weights), dtype=np.float64)
    table = pd.DataFrame(full[:k * c].reshape(k, c), index=pd.Index(names, name="source"), columns=columns)
    cov = None
    notes: list[str] = []
    details = dict(details or {})
    if opts.se == "bootstrap":
        W = rd.bootstrap_weights(opts.replicates, opts.seed)
        reps, failed = replicate(lambda r: stat(W[:, r]), full, opts.replicates, fn)
        cov = _Replicates(full, reps, "bootstrap", key=("bootstrap", opts.replicates, opts.seed, sample_key(rd)))
        details["replicates_failed"] = failed
        if failed:
            notes.append(f"{failed} of {opts.replicates} bootstrap replicates failed and are left out")
    se = None
    total_se = {}
    if cov is not None:
        with np.errstate(invalid="ignore"):
            s = np.sqrt(np.clip(np.diag(cov.matrix(np.arange(full.size))), 0, None))
        se = pd.DataFrame(s[:k * c].reshape(k, c), index=table.index, columns=columns)
        total_se = dict(zip(totals, s[k * c:]))
        details["total_se"] = float(total_se[total_measure])
    value_column = "share" if "share" in columns else columns[-1]
    return Decomposition(method, table, float(full[k * c + totals.index(total_measure)]), value_column,
                         n=rd.n, n_dropped=dropped, se=se, totals=dict(zip(totals, full[k * c:])),
                         total_measure=total_measure, total_se=total_se, covariance=cov, df=float(rd.df),
                         level=opts.level, se_method=opts.se, notes=notes,
                         params={**params, "se": opts.se, "replicates": opts.replicates, "seed": opts.seed},
                         details=details, call={"function": fn})


def source_shares(
    data: Any = None,
    sources: Any = None,
    *,
    total: Any = None,
    weights: Any = None,
    design: SurveyDesign | None = None,
    se: str | None = None,
    replicates: int = REPLICATES,
    seed: int | None = None,
    level: float = 0.95,
    na: str = "raise",
) -> Decomposition:
    """Each source's (weighted) mean and its share of mean total income.

    The shares sum to one by construction; a source with a negative mean (net losses) has a negative share.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per household or person; None when ``sources`` is
        a frame or an array.
    sources : list of str, pandas.DataFrame or numpy.ndarray
        The income sources: column names of ``data``, a frame, or an (n, K)
        array. Rows should add up to total income; negative values (losses,
        taxes paid) are allowed.
    total : str or array-like, optional
        Total income; when given, the sources must add up to it in every row.
        None decomposes the sum of the sources.
    weights : str or array-like, optional
        Sampling weights (column or array); give ``weights`` or ``design``, not
        both.
    design : SurveyDesign, optional
        The sample design; the bootstrap resamples its PSUs within strata.
    se : {None, "bootstrap"}, default None
        Standard errors: None (point estimates only) or ``"bootstrap"``, the Rao-Wu-Yue
        rescaled bootstrap of the design's PSUs within strata (needs ``seed``). Every row
        of the result gets a standard error and the replicates give the joint covariance
        of all rows (:meth:`~povecon.result.Result.cov`, :func:`povecon.contrast`).
    replicates : int, default 500
        Number of bootstrap replicates. Passing ``replicates`` without ``se=`` turns the
        bootstrap on as before, with a ``DeprecationWarning`` (``replicates=0``: none).
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.
    level : float, default 0.95
        Confidence level of the intervals (t on the design degrees of freedom).
    na : {"raise", "drop"}, default "raise"
        Missing values raise :class:`InputError`, or their rows are dropped
        (counted in ``n_dropped``).

    Returns
    -------
    Decomposition
        ``measure`` ``mean`` and ``share`` per source (``table`` columns ``mean`` and
        ``share``); the total rows hold the mean total income (:attr:`total`) and the
        sum of the shares (1).

    Raises
    ------
    InputError
        Sources that do not add up to ``total``, a non-positive mean total
        income, or missing values with ``na="raise"``.
    """
    opts = inference_options("source_shares", se, replicates, seed, level)
    Y, names, rd, dropped = _prepare(data, sources, total, weights, design, na)

    def stat(w):
        means = Y.T @ w / w.sum()
        shares = means / means.sum()
        return np.concatenate([np.column_stack([means, shares]).ravel(), [means.sum(), shares.sum()]])

    return _decomposition("source_shares", "source shares", names, ["mean", "share"], ["mean", "share"], "mean",
                          stat, rd, dropped, opts, {})


def _ly_stats(Y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Per source: S, G, R, absolute contribution, share, marginal; then total Gini."""
    y = Y.sum(axis=1)
    mu = K.wmean(y, w)
    F = K.frac_rank(y, w)
    g_total = 2.0 * K.wcov(y, F, w) / mu
    if g_total == 0:
        raise EstimationError("total income has no inequality (Gini = 0); shares of inequality are undefined")
    out = np.empty((Y.shape[1], 6))
    for k in range(Y.shape[1]):  # loop over sources (few), vectorised over rows
        yk = Y[:, k]
        mk = K.wmean(yk, w)
        contrib = 2.0 * K.wcov(yk, F, w) / mu  # = S_k G_k R_k, defined even when mean_k = 0
        c_own = K.wcov(yk, K.frac_rank(yk, w), w)
        S = mk / mu
        G = 2.0 * c_own / mk if mk != 0 else np.nan
        R = K.wcov(yk, F, w) / c_own if c_own != 0 else np.nan
        out[k] = (S, G, R, contrib, contrib / g_total, contrib / g_total - S)
    return np.concatenate([out.ravel(), [g_total]])


LY_COLUMNS = ["S", "G", "R", "contribution", "share", "marginal"]


def gini_by_source(
    data: Any = None,
    sources: Any = None,
    *,
    total: Any = None,
    weights: Any = None,
    design: SurveyDesign | None = None,
    se: str | None = None,
    replicates: int = REPLICATES,
    seed: int | None = None,
    level: float = 0.95,
    na: str = "raise",
) -> Decomposition:
    """Lerman-Yitzhaki (1985) decomposition of the Gini by income source.

    ``G = sum_k S_k G_k R_k`` with ``S_k`` the source's share of mean income, ``G_k``
    the Gini of the source and ``R_k = cov(y_k, F(y)) / cov(y_k, F(y_k))`` its Gini
    correlation with total income.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per household or person; None when ``sources`` is
        a frame or an array.
    sources : list of str, pandas.DataFrame or numpy.ndarray
        The income sources: column names of ``data``, a frame, or an (n, K)
        array. Rows should add up to total income; negative values (losses,
        taxes paid) are allowed.
    total : str or array-like, optional
        Total income; when given, the sources must add up to it in every row.
        None decomposes the sum of the sources.
    weights : str or array-like, optional
        Sampling weights (column or array); give ``weights`` or ``design``, not
        both.
    design : SurveyDesign, optional
        The sample design; the bootstrap resamples its PSUs within strata.
    se : {None, "bootstrap"}, default None
        Standard errors: None (point estimates only) or ``"bootstrap"``, the Rao-Wu-Yue
        rescaled bootstrap of the design's PSUs within strata (needs ``seed``). Every row
        of the result gets a standard error and the replicates give the joint covariance
        of all rows (:meth:`~povecon.result.Result.cov`, :func:`povecon.contrast`).
    replicates : int, default 500
        Number of bootstrap replicates. Passing ``replicates`` without ``se=`` turns the
        bootstrap on as before, with a ``DeprecationWarning`` (``replicates=0``: none).
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.
    level : float, default 0.95
        Confidence level of the intervals (t on the design degrees of freedom).
    na : {"raise", "drop"}, default "raise"
        Missing values raise :class:`InputError`, or their rows are dropped
        (counted in ``n_dropped``).

    Returns
    -------
    Decomposition
        ``table`` columns ``S, G, R, contribution (= S G R), share`` (of total
        inequality, sums to 1) and ``marginal`` (= share - S: the relative
        change in the Gini when source k rises by 1%, per that 1%).

    Raises
    ------
    InputError
        Sources that do not add up to ``total``, a non-positive mean total
        income, or missing values with ``na="raise"``.

    Notes
    -----
    Fractional ranks are weighted midpoints and tied incomes share the average rank
    of their block, so results do not depend on row order. For a source with mean
    zero ``G`` and ``S`` are undefined but ``contribution`` stays defined.

    References
    ----------
    Lerman, R. I. and Yitzhaki, S. (1985). Income inequality effects by income
    source. *Review of Economics and Statistics* 67(1), 151-156.
    """
    opts = inference_options("gini_by_source", se, replicates, seed, level)
    Y, names, rd, dropped = _prepare(data, sources, total, weights, design, na)
    k = Y.shape[1]

    def stat(w):
        v = _ly_stats(Y, w)
        per = v[:-1].reshape(k, 6)
        return np.concatenate([v[:-1], [v[-1], per[:, 4].sum(), per[:, 0].sum()]])

    return _decomposition("gini_by_source", "Lerman-Yitzhaki Gini by source", names, LY_COLUMNS,
                          ["contribution", "share", "S"], "contribution", stat, rd, dropped, opts, {},
                          {"total_se": float("nan")})


def _shorrocks_stats(Y: np.ndarray, w: np.ndarray) -> np.ndarray:
    y = Y.sum(axis=1)
    var = K.wcov(y, y, w)
    if var == 0:
        raise EstimationError("total income has no variance; the Shorrocks shares are undefined")
    W = w.sum()
    yc = y - np.dot(w, y) / W
    Yc = Y - (w @ Y / W)[None, :]
    return np.concatenate([(w * yc) @ Yc / W / var, [var]])


def shorrocks_by_source(
    data: Any = None,
    sources: Any = None,
    *,
    total: Any = None,
    weights: Any = None,
    design: SurveyDesign | None = None,
    se: str | None = None,
    replicates: int = REPLICATES,
    seed: int | None = None,
    level: float = 0.95,
    na: str = "raise",
) -> Decomposition:
    """Shorrocks (1982) natural decomposition: ``s_k = cov(y_k, y) / var(y)``.

    The shares sum to one and are the same for every inequality index that is
    continuous, symmetric and zero at equality (Shorrocks' rule); a source that
    equalises incomes has a negative share.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per household or person; None when ``sources`` is
        a frame or an array.
    sources : list of str, pandas.DataFrame or numpy.ndarray
        The income sources: column names of ``data``, a frame, or an (n, K)
        array. Rows should add up to total income; negative values (losses,
        taxes paid) are allowed.
    total : str or array-like, optional
        Total income; when given, the sources must add up to it in every row.
        None decomposes the sum of the sources.
    weights : str or array-like, optional
        Sampling weights (column or array); give ``weights`` or ``design``, not
        both.
    design : SurveyDesign, optional
        The sample design; the bootstrap resamples its PSUs within strata.
    se : {None, "bootstrap"}, default None
        Standard errors: None (point estimates only) or ``"bootstrap"``, the Rao-Wu-Yue
        rescaled bootstrap of the design's PSUs within strata (needs ``seed``). Every row
        of the result gets a standard error and the replicates give the joint covariance
        of all rows (:meth:`~povecon.result.Result.cov`, :func:`povecon.contrast`).
    replicates : int, default 500
        Number of bootstrap replicates. Passing ``replicates`` without ``se=`` turns the
        bootstrap on as before, with a ``DeprecationWarning`` (``replicates=0``: none).
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.
    level : float, default 0.95
        Confidence level of the intervals (t on the design degrees of freedom).
    na : {"raise", "drop"}, default "raise"
        Missing values raise :class:`InputError`, or their rows are dropped
        (counted in ``n_dropped``).

    Returns
    -------
    Decomposition
        ``table`` columns ``mean``, ``S`` (income share) and ``share``.

    Raises
    ------
    InputError
        Sources that do not add up to ``total``, a non-positive mean total
        income, or missing values with ``na="raise"``.
    """
    opts = inference_options("shorrocks_by_source", se, replicates, seed, level)
    Y, names, rd, dropped = _prepare(data, sources, total, weights, design, na)

    def stat(w):
        v = _shorrocks_stats(Y, w)
        means = Y.T @ w / w.sum()
        S_ = means / means.sum()
        return np.concatenate([np.column_stack([means, S_, v[:-1]]).ravel(),
                               [v[-1], means.sum(), S_.sum(), v[:-1].sum()]])

    return _decomposition("shorrocks_by_source", "Shorrocks natural decomposition by source", names,
                          ["mean", "S", "share"], ["var", "mean", "S", "share"], "var", stat, rd, dropped, opts, {})


def _index_fn(index: Any) -> tuple[str, Callable[[np.ndarray, np.ndarray], float]]:
    if callable(index):
        return getattr(index, "__name__", "custom index"), index
    if isinstance(index, str) and index.lower() in K.INDEXES:
        return index.lower(), K.INDEXES[index.lower()]
    raise SpecError(f"index must be one of {sorted(K.INDEXES)} or a callable f(income, weights) -> float, got {index!r}")


def _shapley_stats(Y: np.ndarray, w: np.ndarray, fn, exact: bool, permutations: int, seed: int | None) -> np.ndarray:
    means = w @ Y / w.sum()
    k = Y.shape[1]
    bits = 1 << np.arange(k)

    def v(mask: int) -> float:
        present = (mask & bits) > 0
        # a source that is "absent" is replaced by its mean (equalised), so v(none) = I(constant) = 0
        return fn(Y[:, present].sum(axis=1) + means[~present].sum(), w)

    phi = shapley_values(v, k, exact=exact, permutations=permutations, seed=seed)
    tot = fn(Y.sum(axis=1), w)
    return np.concatenate([phi, phi / tot, [tot]])


def shapley_by_source(
    data: Any = None,
    sources: Any = None,
    *,
    index: Any = "gini",
    total: Any = None,
    weights: Any = None,
    design: SurveyDesign | None = None,
    permutations: int = 2000,
    se: str | None = None,
    replicates: int = REPLICATES,
    seed: int | None = None,
    level: float = 0.95,
    na: str = "raise",
) -> Decomposition:
    """Shapley decomposition of an inequality index by income source (Shorrocks 2013).

    A source is eliminated by replacing it with its mean, so the index of the "no
    source" state is zero and the contributions add up exactly to the index of total
    income.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per household or person; None when ``sources`` is
        a frame or an array.
    sources : list of str, pandas.DataFrame or numpy.ndarray
        The income sources: column names of ``data``, a frame, or an (n, K)
        array. Rows should add up to total income; negative values (losses,
        taxes paid) are allowed.
    index : {"gini", "mld", "theil", "ge2", "cv2", "var"} or callable, default "gini"
        The index, or a callable ``f(income, weights) -> float``. MLD and Theil
        need every intermediate income to stay positive; with losses in a
        source use the Gini or ``ge2``.
    total : str or array-like, optional
        Total income; when given, the sources must add up to it in every row.
        None decomposes the sum of the sources.
    weights : str or array-like, optional
        Sampling weights (column or array); give ``weights`` or ``design``, not
        both.
    design : SurveyDesign, optional
        The sample design; the bootstrap resamples its PSUs within strata.
    permutations : int, default 2000
        With more than 10 sources, the number of random source orderings drawn
        (with ``seed``); the result is then approximate, still adds up exactly,
        and ``details["exact"]`` is False. Up to 10 sources every subset is used.
    se : {None, "bootstrap"}, default None
        Standard errors: None (point estimates only) or ``"bootstrap"``, the Rao-Wu-Yue
        rescaled bootstrap of the design's PSUs within strata (needs ``seed``). Every row
        of the result gets a standard error and the replicates give the joint covariance
        of all rows (:meth:`~povecon.result.Result.cov`, :func:`povecon.contrast`).
    replicates : int, default 500
        Number of bootstrap replicates. Passing ``replicates`` without ``se=`` turns the
        bootstrap on as before, with a ``DeprecationWarning`` (``replicates=0``: none).
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.
    level : float, default 0.95
        Confidence level of the intervals (t on the design degrees of freedom).
    na : {"raise", "drop"}, default "raise"
        Missing values raise :class:`InputError`, or their rows are dropped
        (counted in ``n_dropped``).

    Returns
    -------
    Decomposition

    Raises
    ------
    InputError
        Sources that do not add up to ``total``, a non-positive mean total
        income, or missing values with ``na="raise"``.
    SpecError
        An unknown index.
    """
    name, fn = _index_fn(index)
    opts = inference_options("shapley_by_source", se, replicates, seed, level)
    Y, names, rd, dropped = _prepare(data, sources, total, weights, design, na)
    k = Y.shape[1]
    exact = k <= MAX_EXACT_SOURCES
    if not exact and seed is None:
        raise InputError(f"{k} sources: beyond {MAX_EXACT_SOURCES} the Shapley values are sampled; pass seed=...")
    if isinstance(permutations, bool) or not isinstance(permutations, (int, np.integer)) or permutations < 1:
        raise InputError(f"permutations must be a whole number >= 1, got {permutations!r}")
    def stat(w):
        v = _shapley_stats(Y, w, fn, exact, permutations, seed)
        if not v[-1] != 0:
            raise EstimationError(f"total income has no inequality ({name} = 0); shares of inequality are undefined")
        return np.concatenate([np.column_stack([v[:k], v[k:2 * k]]).ravel(), [v[-1], v[k:2 * k].sum()]])

    return _decomposition("shapley_by_source", f"Shapley decomposition of {name} by source", names,
                          ["contribution", "share"], ["contribution", "share"], "contribution", stat, rd, dropped,
                          opts, {"index": name},
                          {"exact": exact, "permutations": 0 if exact else permutations})
