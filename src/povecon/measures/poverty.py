"""Income poverty measures with survey-design inference.

Conventions (see docs/methods/poverty-measures.md):

* The poor are ``y < z`` (``strict=True``, the default, as in Foster, Greer and
  Thorbecke 1984 and Eurostat) or ``y <= z`` (``strict=False``).
* ``line`` is a number, a per-observation column/array (e.g. household-specific
  lines), or ``RelativeLine(share, of)`` estimated from the same sample; the
  linearized SE then includes the line's own sampling error (Osier 2009).
* Normalised gaps ``g = (z - y) / z`` for the poor, 0 otherwise; negative incomes
  give ``g > 1`` and are accepted by FGT and SST. Watts and CHU with ``beta <= 0``
  need every poor income ``> 0``; Sen and Takayama need incomes ``>= 0``.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from .. import _input
from ..registry import distributable
from ..errors import InputError, SpecError
from . import _core
from ._kernels import density, gini_with_if
from .lines import RelativeLine, evaluate_line, resolve_line

SEN_CONVENTIONS = ("plugin", "sen1976")

def _poor(y, z, strict):
    return y < z if strict else y <= z


def _run_poverty(name: str, fixed: Callable, deriv: Callable | None, data, income, line, strict, weights, design,
                 by, domain, na, se, level, replicates, seed, params, scalar_line=False, components=None,
                 sample_hook=None, per_component=None, **prep):
    if not isinstance(strict, (bool, np.bool_)):
        raise InputError(f"strict must be True or False, got {strict!r}")
    if income is None and data is not None and not isinstance(data, pd.DataFrame):
        income, data = data, None  # pe.fgt(y, line=...): an array passed where the frame goes
    n = len(_input.column(data, income, "income"))
    spec = resolve_line(line, data, n)
    extra = {"line": spec} if isinstance(spec, np.ndarray) else None
    if extra is not None and scalar_line:
        raise SpecError(f"{name} needs a single poverty line (a number or RelativeLine), not one per observation")
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na, extra=extra, **prep)
    if extra is not None:
        spec = s.extra["line"]
        if (spec <= 0).any():
            raise InputError(f"line has {int((spec <= 0).sum())} non-positive value(s); poverty lines must be > 0")

    if sample_hook is not None:  # decompositions: groups become components of one kernel
        s, fixed = sample_hook(s, fixed)

    def kernel(y, w, d, need_if):
        z, uz, h = evaluate_line(spec, y, w, need_if)
        yd, wd = _core.domain_view(y, w, d)
        zd = z[d] if (isinstance(z, np.ndarray) and d is not None) else z
        v, ud = fixed(yd, wd, zd, need_if)
        if not need_if:
            return v, None
        u = _core.scatter(ud, d, y.shape[0])
        if uz is not None:
            if deriv is not None:
                dvdz = deriv(yd, wd, zd, h)
            else:  # smoothed derivative: central difference over one kernel bandwidth
                dvdz = (fixed(yd, wd, zd + h, False)[0] - fixed(yd, wd, zd - h, False)[0]) / (2 * h)
            u = u + (np.multiply.outer(uz, dvdz) if np.ndim(dvdz) else dvdz * uz)
        return v, u

    params = dict(params)
    details = {}
    if isinstance(spec, RelativeLine):
        params.update(line_share=spec.share, line_of=spec.of)
        details["line"] = float(evaluate_line(spec, s.y, s.design.weights, False)[0])
    elif not isinstance(spec, np.ndarray):
        params["line"] = spec
    params["strict"] = bool(strict)
    if components is not None:
        return _core.estimate_components(components(s) if callable(components) else components, kernel, s, se=se,
                                         level=level, replicates=replicates, seed=seed, params=params,
                                         details=details, per_component=per_component,
                                         function=name)
    return _core.estimate(name, kernel, s, se=se, level=level, replicates=replicates, seed=seed, params=params,
                          details=details)


# --- FGT ---------------------------------------------------------------------

def _fgt_parts(y, w, z, alpha, strict):
    poor = _poor(y, z, strict)
    gap = np.where(poor, (z - y) / z, 0.0)
    if alpha == 0:
        return poor.astype(np.float64), gap, poor
    return gap ** alpha, gap, poor


def _fgt_point(y, w, z, alphas, strict):
    """Point estimates of several FGT indices sharing one gap vector (few temporaries)."""
    N = w.sum()
    out = {}
    if 0 in alphas:
        out[0] = float(np.sum(w, where=_poor(y, z, strict)) / N)
    rest = sorted((a for a in alphas if a != 0), key=lambda a: a != 1)  # alpha = 1 reads the plain gap
    if rest:
        gap = z - y
        gap /= z
        np.maximum(gap, 0.0, out=gap)
        tmp = None
        for i, a in enumerate(rest):
            if a == 1:
                f = gap
            elif i == len(rest) - 1:  # the last power may overwrite the gap
                f = np.power(gap, a, out=gap)
            else:
                tmp = np.power(gap, a, out=tmp)
                f = tmp
            out[a] = float(np.dot(w, f) / N)
    return [out[a] for a in alphas]


def _fgt_linearized(y, w, z, alphas, strict):
    """Values and linearized variables (one column per alpha, filled in place)."""
    N = w.sum()
    poor = _poor(y, z, strict)
    gap = np.where(poor, (z - y) / z, 0.0)
    vals, U = [], np.empty((y.shape[0], len(alphas)))
    for j, a in enumerate(alphas):
        col = U[:, j]  # each f is built in its own column: no second full-size temporary
        if a == 0:
            np.copyto(col, poor)
        else:
            np.power(gap, a, out=col)
        P = float(np.dot(w, col) / N)
        vals.append(P)
        col -= P
        col /= N
    return vals, U


def _fgt_deriv(y, w, z, h, alpha, strict):
    if alpha == 0:
        return density(y, w, z, h)
    _, gap, poor = _fgt_parts(y, w, z, alpha, strict)
    pos = poor & (gap > 0)
    term = np.zeros_like(y)
    term[pos] = gap[pos] ** (alpha - 1) * y[pos]
    return float(alpha * np.dot(w, term) / (w.sum() * z * z))


@distributable('line', 'by', 'domain')
def fgt(data=None, income=None, line=None, alpha: float = 0, *, weights=None, design=None, by=None, domain=None,
        na: str = "raise", strict: bool = True, se: str | None = "linearized", level: float = 0.95,
        replicates: int = 500, seed: int | None = None):
    """Foster-Greer-Thorbecke index ``P_a = (1/N) sum_i w_i g_i^a 1{poor_i}`` for any ``alpha >= 0``.

    ``g_i = (z - y_i) / z`` is the normalised gap. ``alpha=0`` is the headcount,
    ``1`` the poverty gap, ``2`` the squared gap; fractional alphas are allowed.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float, str, array-like or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number, a column or
        array of per-observation lines (e.g. household-specific lines), or a
        :class:`RelativeLine` estimated from the same sample, whose own sampling
        error then enters the linearized standard error.
    alpha : float or sequence of float, default 0
        Poverty aversion, ``>= 0``. A list (``alpha=[0, 1, 2]``) computes every
        index from one poverty mask and gap vector: one row per alpha (per group
        with ``by``) with an ``alpha`` column and their joint covariance
        (``cov()``); the values equal separate calls.
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
    strict : bool, default True
        The poor are those with ``y < z`` (True, as in Foster, Greer and
        Thorbecke 1984 and Eurostat) or with ``y <= z`` (False).
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
        one per group with ``by``, one per alpha with a list of
        alphas (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups and alphas, ``pe.contrast(e, group=(a, b))`` a difference.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.

    Notes
    -----
    Negative incomes give gaps above 1 and are accepted. With a
    :class:`RelativeLine` the linearized variance includes the line's own
    sampling error (Osier 2009).

    References
    ----------
    Foster, J., Greer, J. and Thorbecke, E. (1984). A class of decomposable
    poverty measures. *Econometrica* 52(3), 761-766.

    Examples
    --------
    >>> import pandas as pd
    >>> import povecon as pe
    >>> df = pd.DataFrame({"income": [1000, 2000, 3000, 4000], "w": [1, 1, 2, 2]})
    >>> round(float(pe.fgt(df, "income", line=2300, weights="w")), 4)
    0.3333
    """
    if not np.ndim(alpha) == 0:
        return _fgt_many(alpha, data, income, line, weights, design, by, domain, na, strict, se, level,
                         replicates, seed)
    alpha = _input.positive_scalar(alpha, "alpha", allow_zero=True)

    def fixed(y, w, z, need_if):
        if need_if:
            (P,), U = _fgt_linearized(y, w, z, (alpha,), strict)
            return P, U[:, 0]
        return _fgt_point(y, w, z, (alpha,), strict)[0], None

    def deriv(y, w, z, h):
        return _fgt_deriv(y, w, z, h, alpha, strict)

    return _run_poverty(f"fgt{alpha:g}", fixed, deriv, data, income, line, strict, weights, design, by, domain, na,
                        se, level, replicates, seed, {"alpha": alpha})


def _fgt_many(alpha, data, income, line, weights, design, by, domain, na, strict, se, level, replicates, seed):
    alphas = [_input.positive_scalar(a, "alpha", allow_zero=True) for a in np.ravel(np.asarray(alpha, dtype=object))]
    if not alphas:
        raise InputError("alpha is an empty list; give one or more alphas >= 0")
    if len(set(alphas)) < len(alphas):
        raise InputError(f"alpha lists a value twice: {alphas}")

    def fixed(y, w, z, need_if):
        if need_if:
            vals, U = _fgt_linearized(y, w, z, alphas, strict)
            return np.array(vals), U
        return np.array(_fgt_point(y, w, z, alphas, strict)), None

    def deriv(y, w, z, h):
        return np.array([_fgt_deriv(y, w, z, h, a, strict) for a in alphas])

    out = _run_poverty("fgt", fixed, deriv, data, income, line, strict, weights, design, by, domain, na, se, level,
                       replicates, seed, {}, components=[f"fgt{a:g}" for a in alphas],
                       per_component={"alpha": alphas})
    return out


@distributable('line', 'by', 'domain')
def headcount(data=None, income=None, line=None, *, weights=None, design=None, by=None, domain=None,
              na: str = "raise", strict: bool = True, se: str | None = "linearized", level: float = 0.95,
              replicates: int = 500, seed: int | None = None):
    """Headcount ratio, FGT(0): the weighted share of the poor.

    Equal to ``fgt(data, income, line, alpha=0, ...)``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float, str, array-like or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number, a column or
        array of per-observation lines (e.g. household-specific lines), or a
        :class:`RelativeLine` estimated from the same sample, whose own sampling
        error then enters the linearized standard error.
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
    strict : bool, default True
        The poor are those with ``y < z`` (True, as in Foster, Greer and
        Thorbecke 1984 and Eurostat) or with ``y <= z`` (False).
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

    See Also
    --------
    fgt : every order, and several at once.
    """
    return fgt(data, income, line, 0, weights=weights, design=design, by=by, domain=domain, na=na,
               strict=strict, se=se, level=level, replicates=replicates, seed=seed)


@distributable('line', 'by', 'domain')
def poverty_gap(data=None, income=None, line=None, *, weights=None, design=None, by=None, domain=None,
                na: str = "raise", strict: bool = True, se: str | None = "linearized", level: float = 0.95,
                replicates: int = 500, seed: int | None = None):
    """Poverty gap index, FGT(1): the mean normalised gap.

    Equal to ``fgt(data, income, line, alpha=1, ...)``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float, str, array-like or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number, a column or
        array of per-observation lines (e.g. household-specific lines), or a
        :class:`RelativeLine` estimated from the same sample, whose own sampling
        error then enters the linearized standard error.
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
    strict : bool, default True
        The poor are those with ``y < z`` (True, as in Foster, Greer and
        Thorbecke 1984 and Eurostat) or with ``y <= z`` (False).
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

    See Also
    --------
    fgt : every order, and several at once.
    """
    return fgt(data, income, line, 1, weights=weights, design=design, by=by, domain=domain, na=na,
               strict=strict, se=se, level=level, replicates=replicates, seed=seed)


@distributable('line', 'by', 'domain')
def squared_gap(data=None, income=None, line=None, *, weights=None, design=None, by=None, domain=None,
                na: str = "raise", strict: bool = True, se: str | None = "linearized", level: float = 0.95,
                replicates: int = 500, seed: int | None = None):
    """Squared poverty gap (severity) index, FGT(2).

    Equal to ``fgt(data, income, line, alpha=2, ...)``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float, str, array-like or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number, a column or
        array of per-observation lines (e.g. household-specific lines), or a
        :class:`RelativeLine` estimated from the same sample, whose own sampling
        error then enters the linearized standard error.
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
    strict : bool, default True
        The poor are those with ``y < z`` (True, as in Foster, Greer and
        Thorbecke 1984 and Eurostat) or with ``y <= z`` (False).
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

    See Also
    --------
    fgt : every order, and several at once.
    """
    return fgt(data, income, line, 2, weights=weights, design=design, by=by, domain=domain, na=na,
               strict=strict, se=se, level=level, replicates=replicates, seed=seed)


@distributable('by', 'domain')
def arpr(data=None, income=None, share: float = 0.6, of: Any = "median", *, weights=None, design=None, by=None,
         domain=None, na: str = "raise", strict: bool = True, se: str | None = "linearized", level: float = 0.95,
         replicates: int = 500, seed: int | None = None):
    """At-risk-of-poverty rate: the share below ``share`` times the weighted median (Eurostat; laeken ``arpr``).

    Equal to ``fgt(data, income, RelativeLine(share, of), 0, ...)``; the line is estimated
    from the same sample and its sampling error enters the linearized SE.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    share : float, default 0.6
        The line as a fraction of the statistic ``of``.
    of : {"median", "mean"} or float, default "median"
        Statistic of the income distribution the line is a share of; a number
        ``p`` in (0, 1) means the ``p``-quantile.
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
    strict : bool, default True
        The poor are those with ``y < z`` (True, as in Foster, Greer and
        Thorbecke 1984 and Eurostat) or with ``y <= z`` (False).
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

    See Also
    --------
    RelativeLine : the line itself.
    poverty_line : the line with its standard error.
    """
    return fgt(data, income, RelativeLine(share, of), 0, weights=weights, design=design, by=by, domain=domain,
               na=na, strict=strict, se=se, level=level, replicates=replicates, seed=seed)


# --- Watts and time to exit --------------------------------------------------

def _log_ratio(y, z, strict):
    poor = _poor(y, z, strict)
    if (y[poor] <= 0).any():
        raise InputError("the Watts index needs every poor income > 0 (log of zero or negative income)")
    safe = np.where(poor, y, 1.0)
    return np.where(poor, np.log(z / safe), 0.0), poor


def _watts_fixed(strict):
    def fixed(y, w, z, need_if):
        lr, _ = _log_ratio(y, z, strict)
        N = w.sum()
        W = float(np.dot(w, lr) / N)
        return W, ((lr - W) / N if need_if else None)

    def deriv(y, w, z, h):
        return float(np.dot(w, _poor(y, z, strict)) / (w.sum() * z))

    return fixed, deriv


@distributable('line', 'by', 'domain')
def watts(data=None, income=None, line=None, *, weights=None, design=None, by=None, domain=None, na="raise",
          strict=True, se="linearized", level=0.95, replicates=500, seed=None):
    """Watts index ``(1/N) sum_i w_i log(z / y_i) 1{poor_i}`` (Watts 1968).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float, str, array-like or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number, a column or
        array of per-observation lines (e.g. household-specific lines), or a
        :class:`RelativeLine` estimated from the same sample, whose own sampling
        error then enters the linearized standard error.
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
    strict : bool, default True
        The poor are those with ``y < z`` (True, as in Foster, Greer and
        Thorbecke 1984 and Eurostat) or with ``y <= z`` (False).
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
        Every poor income must be ``> 0``.
    """
    fixed, deriv = _watts_fixed(strict)
    return _run_poverty("watts", fixed, deriv, data, income, line, strict, weights, design, by, domain, na, se,
                        level, replicates, seed, {})


@distributable('line', 'by', 'domain')
def time_to_exit(data=None, income=None, line=None, growth: float = 0.02, *, among: str = "poor", weights=None,
                 design=None, by=None, domain=None, na="raise", strict=True, se="linearized", level=0.95,
                 replicates=500, seed=None):
    """Expected years to exit poverty at a constant growth rate ``growth`` (Morduch 1998).

    A poor person needs ``log(z / y) / growth`` years.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float, str, array-like or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number, a column or
        array of per-observation lines (e.g. household-specific lines), or a
        :class:`RelativeLine` estimated from the same sample, whose own sampling
        error then enters the linearized standard error.
    growth : float, default 0.02
        Annual growth rate of every income, a fraction (0.02 is 2% a year), > 0.
    among : {"poor", "population"}, default "poor"
        ``"poor"`` averages over the poor (``Watts / (H * growth)``);
        ``"population"`` over everyone (``Watts / growth``, the form in Haughton
        and Khandker 2009, ch. 4).
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
    strict : bool, default True
        The poor are those with ``y < z`` (True, as in Foster, Greer and
        Thorbecke 1984 and Eurostat) or with ``y <= z`` (False).
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
        The value is in years.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
    """
    g = _input.positive_scalar(growth, "growth")
    if among not in ("poor", "population"):
        raise InputError(f"among must be 'poor' or 'population', got {among!r}")
    wfixed, wderiv = _watts_fixed(strict)

    def fixed(y, w, z, need_if):
        W, uW = wfixed(y, w, z, need_if)
        if among == "population":
            return W / g, (uW / g if need_if else None)
        N = w.sum()
        poor = _poor(y, z, strict)
        H = float(np.dot(w, poor) / N)
        if H == 0:
            return 0.0, (np.zeros_like(y) if need_if else None)
        v = W / (H * g)
        return v, ((uW - (W / H) * (poor - H) / N) / (H * g) if need_if else None)

    return _run_poverty("time_to_exit", fixed, None, data, income, line, strict, weights, design, by, domain, na,
                        se, level, replicates, seed, {"growth": g, "among": among})


# --- Sen, SST, Takayama, CHU -----------------------------------------------

@distributable('line', 'by', 'domain')
def sen(data=None, income=None, line=None, *, convention: str = "plugin", weights=None, design=None, by=None,
        domain=None, na="raise", strict=True, se="linearized", level=0.95, replicates=500, seed=None):
    """Sen (1976) index ``S = H [I + (1 - I) G_p]``.

    ``H`` is the headcount, ``I`` the income-gap ratio of the poor and ``G_p`` the Gini
    among the poor.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number or a
        :class:`RelativeLine` estimated from the same sample (one line for
        everyone; per-observation lines raise :class:`SpecError`).
    convention : {"plugin", "sen1976"}, default "plugin"
        ``"plugin"`` uses the plug-in Gini (large-sample form; Haughton and
        Khandker 2009, DASP); ``"sen1976"`` Sen's finite-sample form with
        ``G_p q / (q + 1)``, ``q`` the (weighted) number of poor, equal to
        ``2 / ((q+1) n z) sum_i (z - y_i)(q + 1 - i)`` for unit weights.
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
    strict : bool, default True
        The poor are those with ``y < z`` (True, as in Foster, Greer and
        Thorbecke 1984 and Eurostat) or with ``y <= z`` (False).
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
    SpecError
        An unknown ``convention`` or a per-observation line.
    """
    if convention not in SEN_CONVENTIONS:
        raise SpecError(f"convention must be one of {SEN_CONVENTIONS}, got {convention!r}")

    def fixed(y, w, z, need_if):
        N = w.sum()
        poor = _poor(y, z, strict)
        if not poor.any():
            return 0.0, (np.zeros_like(y) if need_if else None)
        gap = np.where(poor, (z - y) / z, 0.0)
        P1 = float(np.dot(w, gap) / N)
        yp = np.where(poor, y / z, 0.0)
        A = float(np.dot(w, yp) / N)
        G, uG = gini_with_if(y[poor], w[poor], need_if)
        q = float(w[poor].sum())
        c = q / (q + 1.0) if convention == "sen1976" else 1.0
        v = P1 + A * G * c
        if not need_if:
            return v, None
        uGfull = np.zeros_like(y)
        uGfull[poor] = uG
        u = (gap - P1) / N + G * c * (yp - A) / N + A * c * uGfull
        if convention == "sen1976":
            u = u + A * G * poor / (q + 1.0) ** 2
        return v, u

    return _run_poverty("sen", fixed, None, data, income, line, strict, weights, design, by, domain, na, se, level,
                        replicates, seed, {"convention": convention}, scalar_line=True, nonnegative=True,
                        why="Sen uses the Gini among the poor")


@distributable('line', 'by', 'domain')
def sst(data=None, income=None, line=None, *, weights=None, design=None, by=None, domain=None, na="raise",
        strict=True, se="linearized", level=0.95, replicates=500, seed=None):
    """Sen-Shorrocks-Thon index ``P1 * (1 + G(g))``, ``G(g)`` the Gini of the normalised gaps over everyone.

    Equals Shorrocks' (1995) ``(1/n^2) sum_i (2n - 2i + 1) g_i`` (``i`` the income rank)
    for unit weights, and ``H * I * (1 + G^p)`` of Osberg and Xu (2000).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number or a
        :class:`RelativeLine` estimated from the same sample (one line for
        everyone; per-observation lines raise :class:`SpecError`).
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
    strict : bool, default True
        The poor are those with ``y < z`` (True, as in Foster, Greer and
        Thorbecke 1984 and Eurostat) or with ``y <= z`` (False).
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
    SpecError
        A per-observation line.
    """
    def fixed(y, w, z, need_if):
        N = w.sum()
        gap = np.where(_poor(y, z, strict), (z - y) / z, 0.0)
        P1 = float(np.dot(w, gap) / N)
        if P1 == 0:
            return 0.0, (np.zeros_like(y) if need_if else None)
        G, uG = gini_with_if(gap, w, need_if)
        v = P1 * (1.0 + G)
        return v, ((1.0 + G) * (gap - P1) / N + P1 * uG if need_if else None)

    return _run_poverty("sst", fixed, None, data, income, line, strict, weights, design, by, domain, na, se, level,
                        replicates, seed, {}, scalar_line=True)


@distributable('line', 'by', 'domain')
def takayama(data=None, income=None, line=None, *, weights=None, design=None, by=None, domain=None, na="raise",
             se="linearized", level=0.95, replicates=500, seed=None):
    """Takayama (1979) index: the Gini of incomes censored at the line, ``min(y, z)``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number or a
        :class:`RelativeLine` estimated from the same sample (one line for
        everyone; per-observation lines raise :class:`SpecError`).
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
    SpecError
        A per-observation line.
    """
    def fixed(y, w, z, need_if):
        return gini_with_if(np.minimum(y, z), w, need_if)

    return _run_poverty("takayama", fixed, None, data, income, line, True, weights, design, by, domain, na, se,
                        level, replicates, seed, {}, scalar_line=True, nonnegative=True,
                        why="the Takayama index is a Gini")


@distributable('line', 'by', 'domain')
def chu(data=None, income=None, line=None, beta: float = 0.5, *, weights=None, design=None, by=None, domain=None,
        na="raise", se="linearized", level=0.95, replicates=500, seed=None):
    """Clark-Hemming-Ulph (1981) index ``1 - [E (y*/z)^beta]^(1/beta)``, ``y* = min(y, z)``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float, str, array-like or RelativeLine
        Poverty line ``z``, in the units of ``income``: a number, a column or
        array of per-observation lines (e.g. household-specific lines), or a
        :class:`RelativeLine` estimated from the same sample, whose own sampling
        error then enters the linearized standard error.
    beta : float, default 0.5
        Parameter of the index, ``< 1``. ``beta = 0`` gives
        ``1 - exp(E log(y*/z))`` (the second CHU class in Zheng 1997).
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
        ``beta >= 1``; with ``beta <= 0`` incomes must be ``> 0``, with
        ``0 < beta < 1`` ``>= 0``.
    """
    try:
        beta = float(beta)
    except (TypeError, ValueError):
        raise InputError(f"beta must be a number < 1, got {beta!r}") from None
    if not beta < 1 or not np.isfinite(beta):
        raise InputError(f"beta must be < 1, got {beta!r}")

    def fixed(y, w, z, need_if):
        N = w.sum()
        r = np.minimum(y, z) / z
        if beta == 0:
            L = float(np.dot(w, np.log(r)) / N)
            v = 1.0 - np.exp(L)
            return v, (-np.exp(L) * (np.log(r) - L) / N if need_if else None)
        rb = r ** beta
        M = float(np.dot(w, rb) / N)
        v = 1.0 - M ** (1.0 / beta)
        return v, (-(1.0 / beta) * M ** (1.0 / beta - 1.0) * (rb - M) / N if need_if else None)

    pos = beta <= 0
    return _run_poverty("chu", fixed, None, data, income, line, True, weights, design, by, domain, na, se, level,
                        replicates, seed, {"beta": beta}, positive=pos, nonnegative=not pos,
                        why="CHU takes powers/logs of censored incomes")
