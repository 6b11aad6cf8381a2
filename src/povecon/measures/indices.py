"""EU median indicators, rank-dependent inequality indices and polarization.

Every measure is a plug-in functional of the weighted empirical distribution
(``N = sum w``) with its linearized variable (influence function over ``N``), so
standard errors, ``by=``, bootstrap and contrasts follow the common engine
(:mod:`povecon.measures._core`). See docs/methods/inequality.md.

* ``rmpg``, ``median_poor``: Eurostat relative median at-risk-of-poverty gap and
  the median income of the poor (R laeken ``rmpg``; convey ``svyrmpg``,
  ``svypoormed``); linearized as in Osier (2009, sec. 3.4).
* ``rmir``: relative median income ratio, 65+ over under-65 (Eurostat; convey
  ``svyrmir``).
* ``sgini``: S-Gini / extended Gini (Donaldson and Weymark 1980; Yitzhaki 1983).
* ``bonferroni``: Bonferroni (1930) index; ``zenga``: Zenga (2007) index.
* ``fw_polarization``: Foster and Wolfson (2010) bipolarization.
* ``der_polarization``: Duclos, Esteban and Ray (2004) polarization.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import _input
from ..registry import distributable
from ..errors import InputError
from . import _core, _docs
from ._kernels import bandwidth, density, gini_with_if, observation_count, positive_count, sort_weighted, tie_groups
from .inequality import _mean_positive, _run
from .lines import RelativeLine, weighted_quantile

_COMMON = _docs.block(_docs.WEIGHTS, _docs.DESIGN, _docs.by("and the result holds one row per group (same type)"),
                      _docs.DOMAIN, _docs.NA)

_SE = _docs.SE

_TAIL = _docs.block(_docs.LEVEL, _docs.REPLICATES, _docs.SEED) + """

    Returns
    -------
    Estimate
        A :class:`povecon.Estimate` (a :class:`povecon.result.Result`): one row, or
        one per group with ``by`` (columns ``measure, group, time``, the options,
        ``value, se, ci_lower, ci_upper, n``). With one row ``float(e)`` is the
        value, ``e.se`` its standard error and ``e.ci()`` the interval; ``e.cov()``
        the covariance across groups, ``pe.contrast(e, group=(a, b))`` a difference."""

_DATA = """data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person."""


def _fill(func):
    func.__doc__ = (func.__doc__.replace("{data}", _DATA).replace("{common}", _COMMON).replace("{se}", _SE)
                    .replace("{tail}", _TAIL))
    return func


def _positive_kept(y, w):
    keep = w > 0
    return (y, w) if keep.all() else (y[keep], w[keep])


# --- EU median indicators ------------------------------------------------------

def _median(y, w):
    """Weighted median by the Eurostat rule (``lines.weighted_quantile``, ties judged to 1e-12 of the
    total weight so that rescaling every weight cannot move it across a tie)."""
    return weighted_quantile(y, w, 0.5, "eurostat")


def _quantile_u(y, w, sel, q, p):
    """Linearized variable of the ``p``-quantile ``q`` of the subpopulation ``sel`` (length of ``y``).

    ``-1{sel} (1{y <= q} - p) / (N_sel f_sel(q))`` (Osier 2009, eq. 16), the density by the
    library's Gaussian kernel on the subpopulation.
    """
    ys, ws = _positive_kept(y[sel], w[sel])
    f = density(ys, ws, q, bandwidth(ys, ws))
    if not f > 0:
        raise InputError("the income density at the median is zero; cannot linearize")
    return -np.where(sel, (y <= q) - p, 0.0) / (ws.sum() * f)


def _median_poor_kernel(line: RelativeLine, relative: bool):
    def kernel(y, w, d, need_if):
        # the line is national (whole sample), the median of the poor the domain's own,
        # as laeken rmpg(breakdown=) and convey on a subset design
        z, uz, _ = line.evaluate(y, w, need_if)
        yd, wd = _core.domain_view(y, w, d)
        poor = yd < z  # Eurostat: strictly below the threshold (laeken relativeGap)
        sel = poor & (wd > 0)
        if not sel.any():
            raise InputError("no observation is below the poverty line; the median income of the poor is undefined")
        m = _median(yd[sel], wd[sel])
        v = (z - m) / z if relative else m
        if not need_if:
            return v, None
        # m = F^-1(H/2), H = F(z): IF(m) = [IF(H)/2 - (1{y <= m} - H/2)] / f(m), and
        # IF(H) = 1{y < z} - H + f(z) IF(z) (Osier 2009, sec. 3.4; convey svypoormed)
        yk, wk = _positive_kept(yd, wd)
        Nd = wk.sum()
        H = float(np.dot(wd, poor) / Nd)
        hd = bandwidth(yk, wk)
        fz = density(yk, wk, z, hd)
        fm = density(yk, wk, m, hd)
        if not fm > 0:
            raise InputError("the income density at the median of the poor is zero; cannot linearize")
        n = y.shape[0]
        uH = _core.scatter((poor - H) / Nd, d, n) + fz * uz
        um = (0.5 * uH - _core.scatter(((yd <= m) - 0.5 * H) / Nd, d, n)) / fm
        if not relative:
            return v, um
        return v, (m * uz - z * um) / z ** 2

    return kernel


def _line_params(share, of):
    line = RelativeLine(share, of)
    return line, {"line_share": line.share, "line_of": line.of}


@_fill
@distributable('by', 'domain')
def rmpg(data=None, income=None, share: float = 0.6, of="median", *, weights=None, design=None, by=None,
         domain=None, na: str = "raise", se: str | None = "linearized", level: float = 0.95,
         replicates: int = 500, seed: int | None = None):
    """Relative median at-risk-of-poverty gap ``(z - m_poor) / z`` (Eurostat; laeken ``rmpg`` / 100).

    ``z`` is ``share`` times the weighted median of the whole sample (the
    at-risk-of-poverty threshold, estimated, as :func:`povecon.poverty_line`),
    ``m_poor`` the weighted median income of those with income ``< z``. With
    ``by`` or ``domain`` the threshold stays national and the median of the poor is
    the group's, as laeken ``rmpg(breakdown=)``. The linearized variance includes
    the threshold's own sampling error (Osier 2009; R convey ``svyrmpg``).

    Parameters
    ----------
    {data}
    share : float, default 0.6
        The threshold as a multiple of the statistic ``of``, > 0.
    of : {"median", "mean"} or float, default "median"
        Statistic of the income distribution the threshold is based on.
    {common}
    {se}
    {tail}
        The value is a fraction (laeken reports it times 100).

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, no
        observation below the threshold, or a zero density where the variance
        needs one.

    Notes
    -----
    Quantiles follow the Eurostat rule (laeken ``weightedQuantile``); densities are
    Gaussian kernel estimates with bandwidth ``sd / n^0.2``. convey uses
    ``svyquantile`` quantiles and a bandwidth on the population size, so its
    values can differ slightly in small samples.
    """
    line, params = _line_params(share, of)
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na)
    return _core.estimate("rmpg", _median_poor_kernel(line, True), s, se=se, level=level, replicates=replicates,
                          seed=seed, params=params,
                          details={"line": float(line.evaluate(s.y, s.design.weights, False)[0])})


@_fill
@distributable('by', 'domain')
def median_poor(data=None, income=None, share: float = 0.6, of="median", *, weights=None, design=None, by=None,
                domain=None, na: str = "raise", se: str | None = "linearized", level: float = 0.95,
                replicates: int = 500, seed: int | None = None):
    """Weighted median income of the poor, below ``share`` times the median (convey ``svypoormed``).

    The numerator of :func:`rmpg`: the threshold is estimated from the whole
    sample and its sampling error enters the linearized variance (Osier 2009).

    Parameters
    ----------
    {data}
    share : float, default 0.6
        The threshold as a multiple of the statistic ``of``, > 0.
    of : {"median", "mean"} or float, default "median"
        Statistic of the income distribution the threshold is based on.
    {common}
    {se}
    {tail}
        The value is in the units of ``income``.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, no
        observation below the threshold, or a zero density where the variance
        needs one.
    """
    line, params = _line_params(share, of)
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na)
    return _core.estimate("median_poor", _median_poor_kernel(line, False), s, se=se, level=level,
                          replicates=replicates, seed=seed, params=params)


@_fill
@distributable('age', 'by', 'domain')
def rmir(data=None, income=None, age=None, age_limit: float = 65, *, weights=None, design=None, by=None,
         domain=None, na: str = "raise", se: str | None = "linearized", level: float = 0.95,
         replicates: int = 500, seed: int | None = None):
    """Relative median income ratio: median income of those aged ``age_limit`` or more over the median below.

    Eurostat's indicator (65+ over 0-64; R convey ``svyrmir``). The linearized
    variable is ``(u_old - R u_young) / m_young`` with the kernel-density
    linearized variables of the two subpopulation medians (Osier 2009).

    Parameters
    ----------
    {data}
    age : str or array-like
        Column of ``data`` (or an array) with each person's age.
    age_limit : float, default 65
        The old are ``age >= age_limit``, the young ``age < age_limit``.
    {common}
    {se}
    {tail}

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, no
        observation on one side of ``age_limit``, or a zero median below it.
    """
    if age is None:
        raise InputError("rmir needs age=: a column of data or an array with each person's age")
    try:
        limit = float(age_limit)
    except (TypeError, ValueError):
        raise InputError(f"age_limit must be a number, got {age_limit!r}") from None
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na,
                      extra={"age": age})
    age_all = s.extra["age"]

    def kernel(y, w, d, need_if):
        yd, wd = _core.domain_view(y, w, d)
        ad = age_all if d is None else age_all[d]
        old = (ad >= limit) & (wd > 0)
        young = (ad < limit) & (wd > 0)
        if not old.any() or not young.any():
            raise InputError(f"rmir needs people on both sides of age {limit:g} with positive weight")
        mo = _median(yd[old], wd[old])
        my = _median(yd[young], wd[young])
        if not my > 0:
            raise InputError("the median income below the age limit is not positive; rmir is undefined")
        R = mo / my
        if not need_if:
            return R, None
        uo = _quantile_u(yd, wd, old, mo, 0.5)
        uy = _quantile_u(yd, wd, young, my, 0.5)
        return R, _core.scatter((uo - R * uy) / my, d, y.shape[0])

    return _core.estimate("rmir", kernel, s, se=se, level=level, replicates=replicates, seed=seed,
                          params={"age_limit": limit})


# --- rank-dependent indices: S-Gini and Bonferroni ----------------------------

def _rank_index(y, w, K, k, dk, need_if):
    """``I = 1 - (1/mu) int y k(F(y)) dF(y)`` with ``int_0^1 k = 1``, and its linearized variable.

    The point estimate integrates ``k`` exactly over each tie group's cell ``[F(y-), F(y)]``
    of the weighted empirical distribution (``K' = k``), so ties pool and the S-Gini of
    order 2 is the plug-in Gini exactly. Influence function (the functional's Gateaux
    derivative; Barrett and Donald 2009 for the S-Gini):
    ``IF(x) = -[x k(F(x)) - A + int_{t >= x} t k'(F(t)) dF - int t k'(F(t)) F(t) dF] / mu
    + (1 - I)(x - mu) / mu`` with ``A = int y k(F) dF``, evaluated at mid-ranks.
    """
    ys, ws, order = sort_weighted(y, w)
    N = ws.sum()
    g = tie_groups(ys)
    wg = np.bincount(g, weights=ws)
    yg = np.bincount(g, weights=ws * ys) / wg
    b = np.cumsum(wg) / N
    b[-1] = 1.0
    a = np.concatenate(([0.0], b[:-1]))
    A = float(np.dot(yg, K(b) - K(a)))
    mu = float(np.dot(wg, yg) / N)
    v = 1.0 - A / mu
    if not need_if:
        return v, None
    Fm = 0.5 * (a + b)
    sg = wg * yg * dk(Fm)
    tail = (np.cumsum(sg[::-1])[::-1] - 0.5 * sg) / N
    C = float(np.dot(sg, Fm) / N)
    ifa = yg * k(Fm) - A + tail - C
    infl_g = -ifa / mu + (1.0 - v) * (yg - mu) / mu
    u = np.empty(ys.shape[0])
    u[order] = infl_g[g] / N
    return v, u


def _sgini_fns(nu):
    return (lambda t: -(1.0 - t) ** nu, lambda t: nu * (1.0 - t) ** (nu - 1.0),
            lambda t: -nu * (nu - 1.0) * (1.0 - t) ** (nu - 2.0))


def _xlogx(t):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t > 0, t * np.log(np.where(t > 0, t, 1.0)), 0.0)


_BONF = (lambda t: t - _xlogx(t), lambda t: -np.log(t), lambda t: -1.0 / t)


@_fill
@distributable('by', 'domain')
def sgini(data=None, income=None, nu: float = 2.0, *, weights=None, design=None, by=None, domain=None,
          na: str = "raise", se: str | None = "linearized", level: float = 0.95, replicates: int = 500,
          seed: int | None = None):
    """S-Gini (extended Gini) ``G(nu) = -nu cov(y, (1 - F(y))^(nu - 1)) / mu``.

    Donaldson and Weymark (1980), Yitzhaki (1983). ``nu = 2`` is the Gini; larger
    ``nu`` weights the bottom of the distribution more. On the weighted sample,
    ``G(nu) = 1 - sum_i y_i [(1 - F(y_i-))^nu - (1 - F(y_i))^nu] / mu`` (ties pooled),
    which equals the plug-in :func:`povecon.gini` at ``nu = 2``.

    Parameters
    ----------
    {data}
    nu : float, default 2
        Order ``nu > 1``.
    {common}
    {se}
    {tail}

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, ``nu <= 1``
        or a mean income ``<= 0``.
    """
    nu = _input.positive_scalar(nu, "nu")
    if not nu > 1:
        raise InputError(f"nu must be > 1, got {nu:g}")
    fns = _sgini_fns(nu)

    def fixed(y, w, need_if):
        _mean_positive(y, w, "the S-Gini")
        return _rank_index(y, w, *fns, need_if)

    return _run("sgini", fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed,
                {"nu": nu})


@_fill
@distributable('by', 'domain')
def bonferroni(data=None, income=None, *, weights=None, design=None, by=None, domain=None, na: str = "raise",
               se: str | None = "linearized", level: float = 0.95, replicates: int = 500, seed: int | None = None):
    """Bonferroni index ``B = 1 - int_0^1 L(p) / p dp = 1 + E[y log F(y)] / mu``.

    Bonferroni (1930); the mean income of the poorest ``p`` over the mean, averaged
    over ``p``. Computed on the weighted empirical distribution (each tie group's
    cell of ``F`` integrated exactly); the common unweighted sample form
    ``1 - sum_{i<n} m_i / ((n - 1) mu)`` (Giorgi and Crescenzi 2001) differs by
    ``O(log n / n)``.

    Parameters
    ----------
    {data}
    {common}
    {se}
    {tail}

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or a mean
        income ``<= 0``.
    """
    def fixed(y, w, need_if):
        _mean_positive(y, w, "the Bonferroni index")
        return _rank_index(y, w, *_BONF, need_if)

    return _run("bonferroni", fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed, {})


# --- Zenga -----------------------------------------------------------------------

_GL_T, _GL_W = np.polynomial.legendre.leggauss(16)
_GL_T = 0.5 * (_GL_T + 1.0)
_GL_W = 0.5 * _GL_W


def _zenga_value_if(y, w, need_if):
    """``Z = int_0^1 [1 - mean(poorest p) / mean(richest 1 - p)] dp`` on the weighted step quantile
    function, and its linearized variable.

    Within a tie group's cell ``[a, b]`` the cumulated incomes ``C(p) = int_0^p Q`` and
    ``D(p) = int_p^1 Q`` are linear in ``p``, so the integrand is a smooth rational function
    there: 16-point Gauss-Legendre per cell. With ``r(p) = (1 - p) C / (p D)``, ``Z = 1 - int r``
    and the Gateaux derivative of ``C`` and ``D`` (Beach and Davidson 1983) give
    ``IF(x) = -int_0^1 (1 - p) / (p D^2) [mu 1{x <= Q(p)} (x - Q(p)) + mu p Q(p) - C(p) x] dp``
    (mean zero). Its pieces are integrated cell by cell, grouped so that each is finite
    where ``1/p`` or ``1/D`` is not.
    """
    ys, ws, order = sort_weighted(y, w)
    N = ws.sum()
    g = tie_groups(ys)
    wg = np.bincount(g, weights=ws)
    tg = np.bincount(g, weights=ws * ys) / N
    yg = tg * N / wg
    b = np.cumsum(wg) / N
    b[-1] = 1.0
    a = np.concatenate(([0.0], b[:-1]))
    below = np.concatenate(([0.0], np.cumsum(tg)[:-1]))
    above = np.concatenate((np.cumsum(tg[::-1])[::-1][1:], [0.0]))
    width = (b - a)[:, None] * _GL_W  # quadrature weights per cell and node
    p = a[:, None] + (b - a)[:, None] * _GL_T
    Y = yg[:, None]
    C = below[:, None] + Y * (p - a[:, None])  # int_0^p Q
    D = above[:, None] + Y * (b[:, None] - p)  # int_p^1 Q
    v = float(1.0 - np.sum(width * (1.0 - p) * C / (p * D)))
    if not need_if:
        return v, None
    mu = float(tg.sum())
    om = width * (1.0 - p) / (p * D * D)
    diag = yg * np.sum(om * (mu * p - C), axis=1)  # cell of x itself: Q = x there
    al1 = np.sum(om * D, axis=1)  # cells above x: mu x - C x = D x
    be1 = mu * yg * np.sum(om * (1.0 - p), axis=1)
    al2 = np.sum(om * C, axis=1)  # cells below x
    be2 = mu * yg * np.sum(om * p, axis=1)
    up_al1 = np.concatenate((np.cumsum(al1[::-1])[::-1][1:], [0.0]))
    up_be1 = np.concatenate((np.cumsum(be1[::-1])[::-1][1:], [0.0]))
    lo_al2 = np.concatenate(([0.0], np.cumsum(al2)[:-1]))
    lo_be2 = np.concatenate(([0.0], np.cumsum(be2)[:-1]))
    infl = -(diag + yg * up_al1 - up_be1 + lo_be2 - yg * lo_al2)
    u = np.empty(ys.shape[0])
    u[order] = infl[g] / N
    return v, u


@_fill
@distributable('by', 'domain')
def zenga(data=None, income=None, *, weights=None, design=None, by=None, domain=None, na: str = "raise",
          se: str | None = "linearized", level: float = 0.95, replicates: int = 500, seed: int | None = None):
    """Zenga (2007) index ``Z = int_0^1 [1 - mean of the poorest p / mean of the richest 1 - p] dp``.

    The plug-in value on the weighted empirical distribution (the integral over
    ``p`` exact up to quadrature). The linearized variable is the influence function
    of that functional, derived from those of the cumulated incomes ``int_0^p Q``
    and ``int_p^1 Q`` (see docs/methods/inequality.md); Langel and Tille (2012) give
    the analogous linearization of their discrete estimator.

    Parameters
    ----------
    {data}
    {common}
    {se}
    {tail}

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, negative
        incomes or a mean income ``<= 0``.
    """

    def fixed(y, w, need_if):
        _mean_positive(y, w, "the Zenga index")
        return _zenga_value_if(y, w, need_if)

    return _run("zenga", fixed, data, income, weights, design, by, domain, na, se, level, replicates, seed, {},
                nonnegative=True, why="the Zenga index")


# --- polarization ---------------------------------------------------------------

@_fill
@distributable('by', 'domain')
def fw_polarization(data=None, income=None, *, weights=None, design=None, by=None, domain=None,
                    na: str = "raise", se: str | None = "linearized", level: float = 0.95, replicates: int = 500,
                    seed: int | None = None):
    """Foster-Wolfson bipolarization ``P = 2 (2T - G) mu / m``.

    Foster and Wolfson (2010, J. Econ. Inequality 8, eq. 4 of the 1992 working
    paper): ``T = 0.5 - L(0.5)`` with ``L(0.5)`` the income share of the poorer
    half (the Lorenz ordinate, exact on the weighted step quantile function), ``G``
    the plug-in Gini, ``mu`` the mean and ``m`` the weighted median (Eurostat
    rule). Equivalently ``P = 2 (mu - 2 int_0^0.5 Q - G mu) / m``; 0 for equal
    incomes, 1 for two equal halves at 0 and ``2 mu``. The linearized variable
    combines those of the Gini (Binder and Kovacevic 1995), the Lorenz ordinate
    (Beach and Davidson 1983) and the median (kernel density).

    Parameters
    ----------
    {data}
    {common}
    {se}
    {tail}

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, a mean or
        median income ``<= 0``.
    """
    def fixed(y, w, need_if):
        mu = _mean_positive(y, w, "the Foster-Wolfson index")
        ys, ws, _ = sort_weighted(y, w)
        N = ws.sum()
        cum = np.cumsum(ws) / N
        k = min(int(np.searchsorted(cum, 0.5, side="left")), ys.shape[0] - 1)
        half = float((np.dot(ws[:k], ys[:k]) / N if k else 0.0) + ys[k] * (0.5 - (cum[k - 1] if k else 0.0)))
        m = _median(ys, ws)
        if not m > 0:
            raise InputError(f"the Foster-Wolfson index needs a positive median, got {m:g}")
        G, uG = gini_with_if(y, w, need_if)
        num = mu - 2.0 * half - G * mu
        P = 2.0 * num / m
        if not need_if:
            return P, None
        q = float(ys[k])  # the 0.5-quantile of the step function, where the Lorenz ordinate bends
        below = y <= q
        uC = (np.where(below, y, 0.0) - half - q * (below - 0.5)) / N
        umu = (y - mu) / N
        f = density(y, w, m, bandwidth(y, w))
        if not f > 0:
            raise InputError("the income density at the median is zero; cannot linearize")
        um = -((y <= m) - 0.5) / (N * f)
        unum = (1.0 - G) * umu - 2.0 * uC - mu * uG
        return P, 2.0 * (unum - num * um / m) / m

    return _run("fw_polarization", fixed, data, income, weights, design, by, domain, na, se, level, replicates,
                seed, {})


_EXACT_MAX = 3000  # above, Gaussian kernel sums on a binned grid
_GRID = 4096


def _kernel_sums(x, c, h):
    """``s_i = sum_j c_j phi((x_i - x_j) / h) / h`` (Gaussian), for each ``x_i``.

    Exact up to ``_EXACT_MAX`` observations; beyond, linear binning on a 4096-point grid
    and a truncated discrete convolution (Silverman 1982, the standard fast KDE), then
    linear interpolation back to the observations.
    """
    n = x.shape[0]
    norm = 1.0 / (h * np.sqrt(2.0 * np.pi))
    # the switch counts observations, not distinct values, so a collapsed sample takes the same branch
    if observation_count(c) <= _EXACT_MAX:
        out = np.empty(n)
        for s in range(0, n, 512):
            d = (x[s:s + 512, None] - x[None, :]) / h
            out[s:s + 512] = np.exp(-0.5 * d * d) @ c
        return out * norm
    lo, hi = float(x.min()), float(x.max())
    if hi == lo:
        return np.full(n, c.sum() * norm)
    delta = (hi - lo) / (_GRID - 1)
    pos = (x - lo) / delta
    i0 = np.minimum(np.floor(pos).astype(np.intp), _GRID - 2)
    fr = pos - i0
    binned = np.bincount(i0, weights=c * (1.0 - fr), minlength=_GRID) + np.bincount(
        i0 + 1, weights=c * fr, minlength=_GRID)
    L = min(_GRID - 1, int(np.ceil(6.0 * h / delta)))
    off = np.arange(-L, L + 1) * delta / h
    grid_vals = np.convolve(binned, np.exp(-0.5 * off * off), mode="same" if L < _GRID else "full")
    if grid_vals.shape[0] != _GRID:
        grid_vals = grid_vals[L:L + _GRID]
    return np.interp(x, lo + delta * np.arange(_GRID), grid_vals) * norm


def _abs_dev(ys, v, N):
    """``(1/N) sum_j v_j |y_i - y_j|`` at each sorted ``y_i`` (cumulative sums; ties contribute 0)."""
    V = np.cumsum(v)
    S = np.cumsum(v * ys)
    return (ys * (2.0 * V - V[-1]) - (2.0 * S - S[-1])) / N


def _der_value_if(y, w, alphas, normalize, h_user, need_if):
    ys, ws, order = sort_weighted(y, w)
    N = ws.sum()
    mu = float(np.dot(ws, ys) / N)
    x = ys / mu if normalize else ys
    h = float(h_user) if h_user is not None else bandwidth(x, ws)
    f = _kernel_sums(x, ws, h) / N
    a = _abs_dev(x, ws, N)
    vals = np.empty(len(alphas))
    U = np.empty((ys.shape[0], len(alphas))) if need_if else None
    for j, al in enumerate(alphas):
        fa = f ** al
        P = float(np.dot(ws, fa * a) / N)
        vals[j] = P
        if need_if:
            # IF(x0) = f(x0)^a a(x0) + int f^a |x - x0| dF + a int f^(a-1) a(x) K_h(x - x0) dF
            #          - (2 + a) P (the kernel density's own perturbation, bandwidth fixed)
            infl = fa * a + _abs_dev(x, ws * fa, N) - (2.0 + al) * P
            if al != 0:
                infl += al * _kernel_sums(x, ws * f ** (al - 1.0) * a, h) / N
            if normalize:  # P(y / mu) = mu^(a - 1) P(y): the estimated mean's share
                infl += (al - 1.0) * P * (ys - mu) / mu
            U[order, j] = infl / N
    if need_if and h_user is None:
        # the default bandwidth sd(x) / n^0.2 is itself an estimate; without its share the
        # linearized SE overstates the sampling SE by about 10% (lognormal simulations)
        n_pos = positive_count(ws)
        sd_y = float(np.sqrt(np.dot(ws, (ys - mu) ** 2) / N))
        if sd_y > 0:
            dev = ys - mu
            if normalize:  # sd(y / mu) = CV: the CV's linearized variable
                u_sd = (dev * dev - sd_y ** 2) / (2 * sd_y * mu * N) - sd_y * dev / (mu ** 2 * N)
            else:
                u_sd = (dev * dev - sd_y ** 2) / (2 * sd_y * N)
            u_h = u_sd / max(n_pos, 1) ** 0.2
            eps = 0.01 * h
            fp = _kernel_sums(x, ws, h + eps) / N
            fm = _kernel_sums(x, ws, h - eps) / N
            for j, al in enumerate(alphas):
                dP = float(np.dot(ws, (fp ** al - fm ** al) * a) / N) / (2 * eps)
                U[order, j] += dP * u_h
    return vals, U


def _alpha_grid(alpha):
    seq = [alpha] if np.isscalar(alpha) else list(alpha)
    if not seq:
        raise InputError("alpha must hold at least one value")
    out = []
    for a in seq:
        try:
            a = float(a)
        except (TypeError, ValueError):
            raise InputError(f"alpha must be numbers, got {a!r}") from None
        if not (np.isfinite(a) and a >= 0):
            raise InputError(f"alpha must be finite and >= 0, got {a!r}")
        out.append(a)
    return out


@_fill
@distributable('by', 'domain')
def der_polarization(data=None, income=None, alpha: float | Sequence[float] = (0.25, 0.5, 0.75, 1.0), *,
                     normalize: bool = True, bandwidth: float | None = None, weights=None, design=None, by=None,
                     domain=None, na: str = "raise", se: str | None = "linearized", level: float = 0.95,
                     replicates: int = 500, seed: int | None = None):
    """Duclos-Esteban-Ray polarization ``P_a = int int f(x)^a |x - y| dF(y) dF(x)``.

    Duclos, Esteban and Ray (2004, Econometrica 72): the estimator
    ``(1/N) sum_i w_i f(x_i)^a a(x_i)`` with ``a(x) = int |x - y| dF(y)`` and a
    Gaussian kernel density ``f``; one row per ``alpha``. ``alpha = 0`` gives the
    mean absolute difference ``2 G mu`` (``2 G`` with ``normalize``). The linearized
    variable is the influence function of DER (2004, Theorem 1) plus, with the
    default bandwidth, the share of the estimated bandwidth (a numerical derivative
    of ``P_a`` in the bandwidth times the bandwidth's linearized variable); a
    user-given ``bandwidth`` is held fixed.

    Parameters
    ----------
    {data}
    alpha : float or sequence of float, default (0.25, 0.5, 0.75, 1)
        Polarization sensitivities ``a >= 0`` (DER recommend ``0.25 <= a <= 1``).
    normalize : bool, default True
        Compute on incomes over their (estimated) mean, as DER do, so the index is
        scale free; its sampling error enters the variance. False: raw incomes
        (the value then scales as ``income^(1 - a)``).
    bandwidth : float, optional
        Kernel bandwidth in the units of the (normalized) income. Default
        ``sd / n^0.2`` as for the quantile linearizations (DER's rule of thumb
        ``4.7 sd n^-0.5 a^0.1`` is smaller; results are sensitive to it).
    {common}
    {se}
    {tail}

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, a
        negative ``alpha`` or bandwidth, or a mean income ``<= 0``.

    Notes
    -----
    Kernel sums are exact up to 3000 observations and binned on a 4096-point grid
    beyond (relative error far below the sampling error).
    """
    alphas = _alpha_grid(alpha)
    if not isinstance(normalize, (bool, np.bool_)):
        raise InputError(f"normalize must be True or False, got {normalize!r}")
    if bandwidth is not None:
        bandwidth = _input.positive_scalar(bandwidth, "bandwidth")

    def fixed(y, w, need_if):
        _mean_positive(y, w, "the DER index")
        return _der_value_if(y, w, alphas, bool(normalize), bandwidth, need_if)

    names = ["der_polarization"] * len(alphas)
    return _run("der_polarization", fixed, data, income, weights, design, by, domain, na, se, level, replicates,
                seed, {"alpha": alphas, "normalize": bool(normalize)}, components=names,
                per_component={"alpha": alphas})
