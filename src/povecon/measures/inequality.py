"""Inequality measures with survey-design inference.

Every measure is computed on the weighted empirical distribution (``N = sum w``);
see docs/methods/inequality.md for formulas, conventions of peer tools and the
treatment of zero and negative incomes:

* Gini, CV, quantile ratios: any real incomes, but the mean must be > 0.
* GE(alpha) with alpha > 0 (Theil included, ``0 log 0 = 0``), Atkinson with
  epsilon < 1, QSR, Palma, Lorenz: incomes >= 0.
* MLD, GE(alpha <= 0), Atkinson with epsilon >= 1: incomes > 0.
Violations raise ``InputError``; nothing is dropped or shifted silently.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .. import _input
from ..registry import distributable
from .._result import Estimate
from ..errors import InputError, SpecError
from . import _core
from ._kernels import bandwidth, density, gini_with_if, is_collapsed, observation_count, partial_mean, sort_weighted
from .lines import quantile_sorted

GINI_CONVENTIONS = ("plugin", "corrected", "convey")


def _run(name, fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed, params,
         components=None, per_component=None, **prep):
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na, **prep)

    def kernel(y, w, d, need_if):
        yd, wd = _core.domain_view(y, w, d)
        if d is None and (w == 0).any() or d is not None and (wd == 0).any():
            keep = wd > 0  # zero-weight rows (bootstrap replicates) carry no information
            v, ud = fixed(yd[keep], wd[keep], need_if)
            if ud is not None:
                full = np.zeros((yd.shape[0],) + ud.shape[1:])
                full[keep] = ud
                ud = full
        else:
            v, ud = fixed(yd, wd, need_if)
        return v, _core.scatter(ud, d, y.shape[0])

    if components is not None:
        return _core.estimate_components(components, kernel, s, se=se, level=level, replicates=replicates,
                                         seed=seed, params=params, per_component=per_component,
                                         function=name)
    return _core.estimate(name, kernel, s, se=se, level=level, replicates=replicates, seed=seed, params=params)


def _mean_positive(y, w, what):
    mu = float(np.dot(w, y) / w.sum())
    if not mu > 0:
        raise InputError(f"{what} needs a positive mean income, got {mu:g}")
    return mu


# --- Gini ------------------------------------------------------------------

@distributable('by', 'domain')
def gini(data=None, income=None, *, convention: str = "plugin", weights=None, design=None, by=None, domain=None,
         na="raise", se="linearized", level=0.95, replicates=500, seed=None):
    """Gini coefficient on the 0-1 scale.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    convention : {"plugin", "corrected", "convey"}, default "plugin"
        ``"plugin"``: ``2 cov_w(y, F) / mu`` with mid-rank ``F``; unweighted
        ``sum_ij |y_i - y_j| / (2 n^2 mu)``. Equals R ``ineq::Gini``, R
        ``laeken::gini`` / 100, Stata ``ineqdeco``. ``"corrected"``: plug-in
        times ``n / (n - 1)`` (``n`` = observations), R
        ``ineq::Gini(corr = TRUE)``. ``"convey"``: ``sum_i (2 W_i - 1) w_i y_i /
        (N Y) - 1`` with cumulative weights ``W_i`` (R ``convey::svygini``); equal
        to plug-in for unit weights.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
        The mean income must be ``> 0``.
    SpecError
        An unknown ``convention``.

    Notes
    -----
    The linearized variance uses the plug-in influence function under every
    convention. Negative incomes are allowed (the Gini may then exceed 1).
    """
    if convention not in GINI_CONVENTIONS:
        raise SpecError(f"convention must be one of {GINI_CONVENTIONS}, got {convention!r}")

    def fixed(y, w, need_if):
        _mean_positive(y, w, "the Gini")
        G, u = gini_with_if(y, w, need_if)
        if convention == "corrected":
            n = observation_count(w)
            if n < 2:
                raise InputError("the corrected Gini needs at least two observations")
            return G * n / (n - 1), (None if u is None else u * n / (n - 1))
        if convention == "convey":
            if is_collapsed(w):
                raise InputError("convention='convey' sums each observation's squared weight, which a registry "
                                 "(dask) summary does not keep; use convention='plugin' or 'corrected'")
            G = G + float((np.dot(w * w, y) - np.dot(w, y)) / (w.sum() * np.dot(w, y)))
        return G, u

    return _run("gini", fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed,
                {"convention": convention})


# --- generalized entropy, Atkinson, CV -------------------------------------

def _ge_value_if(y, w, alpha, need_if):
    N = w.sum()
    mu = float(np.dot(w, y) / N)
    if alpha == 0:
        ly = np.log(y)
        L = float(np.dot(w, ly) / N)
        v = np.log(mu) - L
        return v, (((y - mu) / mu - (ly - L)) / N if need_if else None)
    if alpha == 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            yly = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0)
        S = float(np.dot(w, yly) / N)
        v = S / mu - np.log(mu)
        return v, ((yly - S) / mu - S * (y - mu) / mu ** 2 - (y - mu) / mu) / N if need_if else None
    ya = y ** alpha
    T = float(np.dot(w, ya) / N)
    k = 1.0 / (alpha * (alpha - 1.0))
    v = k * (T * mu ** -alpha - 1.0)
    if not need_if:
        return v, None
    return v, k * (mu ** -alpha * (ya - T) - alpha * T * mu ** (-alpha - 1.0) * (y - mu)) / N


def _ge_prep(alpha):
    if alpha <= 0:
        return {"positive": True, "why": f"GE({alpha:g}) takes logs or negative powers"}
    return {"nonnegative": True, "why": f"GE({alpha:g}) is defined for incomes >= 0"}


@distributable('by', 'domain')
def ge(data=None, income=None, alpha: float = 1, *, weights=None, design=None, by=None, domain=None, na="raise",
       se="linearized", level=0.95, replicates=500, seed=None):
    """Generalized entropy ``GE(a) = (E[(y/mu)^a] - 1) / (a (a - 1))``.

    ``a = 0`` is the mean log deviation ``E log(mu / y)``; ``a = 1`` Theil
    ``E[(y/mu) log(y/mu)]``; ``a = 2`` half the squared coefficient of variation.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    alpha : float, default 1
        Sensitivity parameter ``a``: the larger, the more weight on the top of
        the distribution.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
        ``alpha <= 0`` needs incomes ``> 0``; ``alpha > 0`` incomes ``>= 0``.
    """
    try:
        alpha = float(alpha)
    except (TypeError, ValueError):
        raise InputError(f"alpha must be a number, got {alpha!r}") from None
    if not np.isfinite(alpha):
        raise InputError(f"alpha must be a finite number, got {alpha!r}")

    def fixed(y, w, need_if):
        _mean_positive(y, w, "GE")
        return _ge_value_if(y, w, alpha, need_if)

    return _run(f"ge{alpha:g}", fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed,
                {"alpha": alpha}, **_ge_prep(alpha))


@distributable('by', 'domain')
def mld(data=None, income=None, *, weights=None, design=None, by=None, domain=None, na: str = "raise",
        se: str | None = "linearized", level: float = 0.95, replicates: int = 500, seed: int | None = None):
    """Mean log deviation, GE(0).

    Equal to ``ge(data, income, 0, ...)``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
        Incomes must be ``> 0``.
    """
    return ge(data, income, 0, weights=weights, design=design, by=by, domain=domain, na=na, se=se, level=level,
              replicates=replicates, seed=seed)


@distributable('by', 'domain')
def theil(data=None, income=None, *, weights=None, design=None, by=None, domain=None, na: str = "raise",
          se: str | None = "linearized", level: float = 0.95, replicates: int = 500, seed: int | None = None):
    """Theil index, GE(1).

    Equal to ``ge(data, income, 1, ...)``; ``0 log 0 = 0``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
        Incomes must be ``>= 0``.
    """
    return ge(data, income, 1, weights=weights, design=design, by=by, domain=domain, na=na, se=se, level=level,
              replicates=replicates, seed=seed)


@distributable('by', 'domain')
def atkinson(data=None, income=None, epsilon: float = 1.0, *, weights=None, design=None, by=None, domain=None,
             na="raise", se="linearized", level=0.95, replicates=500, seed=None):
    """Atkinson index ``1 - y_ede / mu``, ``y_ede = (E y^(1-e))^(1/(1-e))`` (geometric mean at ``e = 1``).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    epsilon : float, default 1.0
        Inequality aversion ``e > 0``.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
        ``epsilon >= 1`` needs incomes ``> 0``; ``epsilon < 1`` incomes ``>= 0``.
    """
    eps = _input.positive_scalar(epsilon, "epsilon")

    def fixed(y, w, need_if):
        N = w.sum()
        mu = _mean_positive(y, w, "the Atkinson index")
        if eps == 1:
            ly = np.log(y)
            L = float(np.dot(w, ly) / N)
            ede = np.exp(L)
            u_ede = ede * (ly - L) / N if need_if else None
        else:
            b = 1.0 - eps
            yb = y ** b
            T = float(np.dot(w, yb) / N)
            ede = T ** (1.0 / b)
            u_ede = (1.0 / b) * T ** (1.0 / b - 1.0) * (yb - T) / N if need_if else None
        v = 1.0 - ede / mu
        if not need_if:
            return v, None
        return v, -(u_ede / mu - ede * (y - mu) / (N * mu ** 2))

    prep = {"positive": True} if eps >= 1 else {"nonnegative": True}
    return _run("atkinson", fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed,
                {"epsilon": eps}, why=f"Atkinson({eps:g})", **prep)


@distributable('by', 'domain')
def cv(data=None, income=None, *, weights=None, design=None, by=None, domain=None, na="raise", se="linearized",
       level=0.95, replicates=500, seed=None):
    """Coefficient of variation ``sigma / mu`` with the population (divide-by-N) variance.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
        The mean income must be ``> 0``.
    """
    def fixed(y, w, need_if):
        N = w.sum()
        mu = _mean_positive(y, w, "the coefficient of variation")
        dev = y - mu
        var = float(np.dot(w, dev * dev) / N)
        sd = np.sqrt(var)
        v = sd / mu
        if not need_if:
            return v, None
        if sd == 0:
            return v, np.zeros_like(y)
        return v, ((dev * dev - var) / (2 * sd * mu) - sd * dev / mu ** 2) / N

    return _run("cv", fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed, {})


# --- quantile-based ratios ---------------------------------------------------

def _quantiles(y, w, ps, rule="eurostat"):
    ys, ws, _ = sort_weighted(y, w)
    return [quantile_sorted(ys, ws, p, rule) for p in ps]


@distributable('by', 'domain')
def quantile_ratio(data=None, income=None, upper: float = 0.9, lower: float = 0.1, *, weights=None, design=None,
                   by=None, domain=None, na="raise", se="linearized", level=0.95, replicates=500, seed=None):
    """Ratio of weighted quantiles ``Q(upper) / Q(lower)`` (Eurostat rule); P90/P10 by default.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    upper : float, default 0.9
        Probability of the numerator quantile, in (0, 1].
    lower : float, default 0.1
        Probability of the denominator quantile, in (0, 1), below ``upper``.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
    """
    hi = _input.fraction(upper, "upper", high=1.0)
    lo = _input.fraction(lower, "lower", high=1.0)
    if not lo < hi:
        raise InputError(f"lower ({lo}) must be below upper ({hi})")

    def fixed(y, w, need_if):
        qh, ql = _quantiles(y, w, (hi, lo))
        if not ql > 0:
            raise InputError(f"the {lo:g}-quantile is {ql:g}; a quantile ratio needs it > 0")
        R = qh / ql
        if not need_if:
            return R, None
        N, h = w.sum(), bandwidth(y, w)
        uh = -((y <= qh) - hi) / (N * density(y, w, qh, h))
        ul = -((y <= ql) - lo) / (N * density(y, w, ql, h))
        return R, (uh - R * ul) / ql

    return _run("quantile_ratio", fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed,
                {"upper": hi, "lower": lo})


@distributable('by', 'domain')
def decile_ratio(data=None, income=None, *, weights=None, design=None, by=None, domain=None, na: str = "raise",
                 se: str | None = "linearized", level: float = 0.95, replicates: int = 500, seed: int | None = None):
    """P90/P10 ratio of weighted quantiles.

    Equal to ``quantile_ratio(data, income, 0.9, 0.1, ...)``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
    """
    return quantile_ratio(data, income, 0.9, 0.1, weights=weights, design=design, by=by, domain=domain, na=na,
                          se=se, level=level, replicates=replicates, seed=seed)


def _share_ratio(name, top, bottom, what):
    def fixed(y, w, need_if):
        N = w.sum()
        qt, qb = _quantiles(y, w, (top, bottom))
        Tt, ut = partial_mean(y, w, qt, top, need_if)
        Tb, ub = partial_mean(y, w, qb, bottom, need_if)
        mu = float(np.dot(w, y) / N)
        if not Tb > 0:
            raise InputError(f"the income of the bottom {bottom:.0%} is zero; {what} is undefined")
        U = mu - Tt
        R = U / Tb
        if not need_if:
            return R, None
        uU = (y - mu) / N - ut
        return R, (uU - R * ub) / Tb

    return fixed


@distributable('by', 'domain')
def qsr(data=None, income=None, *, weights=None, design=None, by=None, domain=None, na="raise", se="linearized",
        level=0.95, replicates=500, seed=None):
    """Quintile share ratio S80/S20: income of those above ``Q(0.8)`` over income of those at or below ``Q(0.2)``.

    Quantiles by the Eurostat rule, as R laeken ``qsr`` and convey ``svyqsr``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
        Incomes must be ``>= 0``.
    """
    return _run("qsr", _share_ratio("qsr", 0.8, 0.2, "the QSR"), data, income, weights, design, by, domain, na, se,
                level, replicates, seed, {}, nonnegative=True, why="income shares")


@distributable('by', 'domain')
def palma(data=None, income=None, *, weights=None, design=None, by=None, domain=None, na="raise",
          se="linearized", level=0.95, replicates=500, seed=None):
    """Palma ratio: income of the top 10% (above ``Q(0.9)``) over the bottom 40% (at or below ``Q(0.4)``).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
        Incomes must be ``>= 0``.
    """
    return _run("palma", _share_ratio("palma", 0.9, 0.4, "the Palma ratio"), data, income, weights, design, by,
                domain, na, se, level, replicates, seed, {}, nonnegative=True, why="income shares")


# --- Lorenz curves -----------------------------------------------------------

def _lorenz_ordinates(y, w, ps, generalized, need_if):
    """Interpolated ordinates ``GL(p) = (1/N) int_0^{pN} y_(t) dt`` and ``L(p) = GL(p) / mu``."""
    ys, ws, _ = sort_weighted(y, w)
    N = ws.sum()
    cw = np.cumsum(ws)
    cy = np.cumsum(ws * ys)
    mu = cy[-1] / N
    vals, us = [], []
    for p in ps:
        target = p * N
        k = int(np.searchsorted(cw, target, side="left"))
        k = min(k, ys.shape[0] - 1)
        before_w = cw[k] - ws[k]
        before_y = cy[k] - ws[k] * ys[k]
        gl = (before_y + (target - before_w) * ys[k]) / N
        q = ys[k]
        if need_if:
            below = y <= q
            ugl = (np.where(below, y, 0.0) - gl - q * (below - p)) / N
        if generalized:
            vals.append(gl)
            if need_if:
                us.append(ugl)
        else:
            vals.append(gl / mu)
            if need_if:
                us.append((ugl - (gl / mu) * (y - mu) / N) / mu)
    return np.array(vals), (np.column_stack(us) if need_if else None)


@distributable('by', 'domain')
def lorenz(data=None, income=None, points: int | Sequence[float] = 10, *, generalized: bool = False, weights=None,
           design=None, by=None, domain=None, na="raise", se="linearized", level=0.95, replicates=500,
           seed=None) -> Estimate:
    """Lorenz (or generalized Lorenz) ordinates with standard errors.

    The ordinate at ``p`` is the income share (or the mean income times ``p``, when
    generalized) of the poorest ``p`` of the population, interpolating within the
    observation that straddles ``p``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    points : int or sequence of float, default 10
        A number of equal steps (``10`` gives p = 0.1, ..., 1.0) or a list of
        population shares in (0, 1].
    generalized : bool, default False
        Generalized Lorenz ordinates ``GL(p) = mu L(p)``, in income units.
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
    by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        and the result holds one row per group (same type).
    domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size.
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
    Estimate
        One row per ordinate (and per group with ``by``) with a ``p`` column;
        ``cov()`` is the joint covariance of the ordinates.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
        Incomes must be ``>= 0``.
    """
    if np.ndim(points) == 0:
        if isinstance(points, (bool, float, np.floating)) and not float(points).is_integer():
            raise InputError(f"points must be a whole number of steps or a list of shares, got {points!r}")
        try:
            k = int(points)
        except (TypeError, ValueError):
            raise InputError(f"points must be a number of steps or a list of shares, got {points!r}") from None
        if k < 1:
            raise InputError(f"points must be >= 1, got {points!r}")
        ps = np.arange(1, k + 1) / k
    else:
        ps = np.array([_input.fraction(p, "points", high=1.0) for p in points])
    name = "generalized_lorenz" if generalized else "lorenz"

    def fixed(y, w, need_if):
        _mean_positive(y, w, "the Lorenz curve")
        return _lorenz_ordinates(y, w, ps, generalized, need_if)

    return _run(name, fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed, {},
                components=[name] * len(ps), per_component={"p": ps}, nonnegative=True, why="Lorenz curves")
