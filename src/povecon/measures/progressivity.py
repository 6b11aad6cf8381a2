"""Progressivity, redistribution and decompositions of poverty intensity, with standard errors.

* Concentration index of a variable ``x`` ranked by income ``y``:
  ``C = 2 cov_w(x, F(y)) / mu_x`` with the mid-rank ``F`` of the measures (ties of
  ``y`` pooled, so the order of tied rows does not matter). ``C`` of ``y`` itself is
  the plug-in Gini.
* Kakwani (1977) progressivity ``K = C_tax - G_pre`` and Reynolds and Smolensky (1977)
  redistributive effect ``RS = G_pre - C_post``; ``G_pre - G_post = RS - R`` with the
  reranking term ``R = G_post - C_post`` (Atkinson 1980; Plotnick 1981). With a tax
  ``t = pre - post`` at average rate ``g``, ``RS = g K / (1 - g)`` exactly (Kakwani 1977).
* The squared poverty gap split into incidence, intensity and inequality among the
  poor, ``P2 = H [I^2 + (1 - I)^2 C_p^2]`` (Foster, Greer and Thorbecke 1984), and the
  Watts index ``W = H [log(z / mu_p) + L_p]`` (``L_p`` the mean log deviation among the
  poor).
* The J-divergence ``J = T + L`` (Theil's T plus the mean log deviation; Rohde 2016)
  and its exact within/between split by group, the sum of the Shorrocks (1980) splits
  of GE(1) and GE(0).

All components of one call come from one kernel, so their joint covariance is
available (``cov()``, ``pe.contrast``) and the identities hold in every replicate.
Linearized variances use influence functions; for the concentration index it is the
one of Kakwani, Wagstaff and van Doorslaer (1997) generalised to survey weights
(as Binder and Kovacevic 1995 for the Gini).
"""

from __future__ import annotations


import numpy as np

from .._result import Estimate
from ..registry import distributable
from ..errors import InputError
from . import _core, _docs
from ._kernels import density, mid_cdf, sort_weighted, tie_groups
from .inequality import _ge_value_if, _mean_positive
from .inequality import _run as _ineq_run
from .poverty import _fgt_deriv, _poor, _run_poverty
from .subgroup import _ge_between, _run_ineq_decomp, _smoothed_parts

# --- concentration index -----------------------------------------------------------


def _rank_parts(y, w):
    """Sort by ``y`` once: ``order``, sorted weights, mid-rank ``F`` (ties pooled), tie groups."""
    ys, ws, order = sort_weighted(y, w)
    return order, ws, mid_cdf(ys, ws), tie_groups(ys)


def _concentration(x, w, ranks, need_if):
    """Concentration index of ``x`` under the ranking ``ranks`` and its linearized variable.

    ``C = 2 A / mu_x - 1`` with ``A = E[x F(y)]`` (the mid-rank ``F`` averages to exactly
    1/2). Influence function: ``IF_A = x F(y) + E[x; Y >= y] - 2A`` (tied incomes counted
    half), so ``IF_C = (2 / mu_x) IF_A - (C + 1)(x - mu_x) / mu_x``, the Gini's form
    (Binder and Kovacevic 1995) with ``x`` in place of ``y`` in the mean and tail.
    """
    order, ws, F, g = ranks
    xs = x[order]
    N = ws.sum()
    wx = ws * xs
    mu = float(wx.sum() / N)
    A = float(np.dot(wx, F) / N)
    C = 2.0 * A / mu - 1.0
    if not need_if:
        return C, None
    tot = np.bincount(g, weights=wx)
    above = tot[::-1].cumsum()[::-1] - tot  # strictly above each tie group
    tail = (above + 0.5 * tot)[g] / N
    infl = (2.0 / mu) * (xs * F + tail - 2.0 * A) - (C + 1.0) * (xs - mu) / mu
    u = np.empty_like(infl)
    u[order] = infl / N
    return C, u


def _check_mean(x, w, what):
    mu = float(np.dot(w, x) / w.sum())
    if not mu > 0:
        raise InputError(f"{what} needs a positive mean, got {mu:g}")
    return mu


def _run_extra(names, fixed, s, se, level, replicates, seed, params, function, per_component=None):
    """Run ``fixed(y, w, extras, need_if)`` (extras restricted to the domain) through ``_core``."""
    extras = s.extra

    def kernel(y, w, d, need_if):
        yd, wd = _core.domain_view(y, w, d)
        xd = {k: (v if d is None else v[d]) for k, v in extras.items()}
        v, ud = fixed(yd, wd, xd, need_if)
        return v, _core.scatter(ud, d, y.shape[0])

    if names is None:
        return _core.estimate(function, kernel, s, se=se, level=level, replicates=replicates, seed=seed,
                              params=params)
    return _core.estimate_components(names, kernel, s, se=se, level=level, replicates=replicates, seed=seed,
                                     params=params, per_component=per_component, function=function)


_COMMON_DOC = "    " + _docs.block(
    _docs.WEIGHTS, _docs.DESIGN, _docs.by("and the result holds one row per group and component (same type)"),
    _docs.DOMAIN, _docs.NA, _docs.SE, _docs.LEVEL, _docs.REPLICATES, _docs.SEED) + "\n\n"


def _doc(func):
    """Fill the parameters every estimator shares into the docstring of ``func``."""
    func.__doc__ = func.__doc__.replace("    <common parameters>\n", _COMMON_DOC)
    return func


@_doc
@distributable('variable', 'by', 'domain')
def concentration(data=None, income=None, variable=None, *, weights=None, design=None, by=None, domain=None,
                  na="raise", se="linearized", level=0.95, replicates=500, seed=None) -> Estimate:
    """Concentration index of ``variable`` among people ranked by ``income``.

    ``C = 2 cov_w(x, F(y)) / mu_x`` on the 0-1 scale, ``F`` the weighted mid-rank
    distribution function of ``income`` (tied incomes share one rank). ``C`` lies in
    ``[-1, 1]`` for a non-negative ``x``: positive when ``x`` is concentrated among the
    rich, negative among the poor; ``C`` of ``income`` itself is the plug-in Gini.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding the welfare variable that ranks
        people.
    variable : str or array-like
        Column of ``data`` (or an array) whose concentration is measured (a tax,
        a transfer, health spending, post-tax income ...); its mean must be
        positive.
    <common parameters>
    Returns
    -------
    Estimate
        One row (per group with ``by``), measure ``"concentration"``; ``float(e)``
        the value, ``e.se`` its standard error.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or a
        ``variable`` whose (weighted) mean is not positive.

    Notes
    -----
    The linearized variance uses the influence function of ``C`` (Kakwani,
    Wagstaff and van Doorslaer 1997, J. Econometrics 77: 87-103, generalised to
    sampling weights and designs).
    """
    if variable is None:
        raise InputError("variable is required: the column whose concentration is measured")
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na,
                      extra={"variable": variable})

    def fixed(y, w, x, need_if):
        _check_mean(x["variable"], w, "the concentration index")
        return _concentration(x["variable"], w, _rank_parts(y, w), need_if)

    return _run_extra(None, fixed, s, se, level, replicates, seed, {}, "concentration")


# --- Kakwani, Reynolds-Smolensky ------------------------------------------------------


@_doc
def progressivity(data=None, pre=None, post=None, *, tax=None, transfer=None, weights=None, design=None, by=None,
                  domain=None, na="raise", se="linearized", level=0.95, replicates=500, seed=None) -> Estimate:
    """Kakwani progressivity, Reynolds-Smolensky redistribution and reranking, with joint covariance.

    Rows (``measure``), all from one kernel:

    * ``gini_pre``: Gini of ``pre``;
    * per tax: ``concentration_tax`` (ranked by ``pre``), ``kakwani_tax = C_tax - G_pre``
      and ``average_rate_tax = mean(tax) / mean(pre)``; likewise ``..._transfer``;
    * ``gini_post``, ``concentration_post`` (``post`` ranked by ``pre``),
      ``reynolds_smolensky = G_pre - C_post``, ``redistributive_effect = G_pre - G_post``
      and ``reranking = G_post - C_post`` (so ``redistributive_effect =
      reynolds_smolensky - reranking``).

    Sign convention: both Kakwani indices are ``C - G_pre``. A progressive tax
    (concentrated among the rich more than income) has ``kakwani_tax > 0``; a
    progressive transfer (concentrated among the poor) has ``kakwani_transfer < 0``;
    proportional ones have 0. ``reynolds_smolensky > 0`` means the system reduces
    inequality. With a tax only, ``RS = g K / (1 - g)`` (``g`` the average rate,
    Kakwani 1977), exactly.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``pre`` and every other column argument are arrays.
    pre : str or array-like
        Income before the taxes and transfers (ranks everyone).
    post : str or array-like, optional
        Income after them. When None it is ``pre - tax + transfer``.
    tax : str or array-like, optional
        Taxes paid (positive amounts).
    transfer : str or array-like, optional
        Transfers received (positive amounts).
    <common parameters>
    Returns
    -------
    Estimate
        One row per component (and group with ``by``); ``cov()`` is their joint
        covariance, so ``pe.contrast`` between components, groups or two results
        under one design has correct standard errors.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, neither
        ``post``, ``tax`` nor ``transfer`` given, or a variable whose mean is not
        positive.

    Notes
    -----
    Kakwani (1977), Economic Journal 87: 71-80; Reynolds and Smolensky (1977),
    Public Expenditure, Taxes and the Distribution of Income; Lambert (2001), The
    Distribution and Redistribution of Income, ch. 6-7. Standard errors: the
    influence functions of the Gini and concentration indices (Kakwani, Wagstaff and
    van Doorslaer 1997) under the design.
    """
    if post is None and tax is None and transfer is None:
        raise InputError("give post=, tax= or transfer= (or several)")
    extra = {k: v for k, v in (("post", post), ("tax", tax), ("transfer", transfer)) if v is not None}
    s = _core.prepare(data, pre, weights=weights, design=design, by=by, domain=domain, na=na, extra=extra)
    parts = [p for p in ("tax", "transfer") if p in extra]
    names = ["gini_pre"]
    for p in parts:
        names += [f"concentration_{p}", f"kakwani_{p}", f"average_rate_{p}"]
    names += ["gini_post", "concentration_post", "reynolds_smolensky", "redistributive_effect", "reranking"]

    def fixed(y, w, x, need_if):
        N = w.sum()
        mu = _check_mean(y, w, "pre income")
        ry = _rank_parts(y, w)
        G, uG = _concentration(y, w, ry, need_if)
        vals, us = [G], [uG]
        for p in parts:
            xp = x[p]
            mx = _check_mean(xp, w, f"the {p}")
            C, uC = _concentration(xp, w, ry, need_if)
            g = mx / mu
            vals += [C, C - G, g]
            if need_if:
                us += [uC, uC - uG, ((xp - mx) - g * (y - mu)) / (N * mu)]
        if "post" in x:
            z = x["post"]
        else:
            z = y - (x["tax"] if "tax" in x else 0.0) + (x["transfer"] if "transfer" in x else 0.0)
        _check_mean(z, w, "post income")
        Gp, uGp = _concentration(z, w, _rank_parts(z, w), need_if)
        Cp, uCp = _concentration(z, w, ry, need_if)
        vals += [Gp, Cp, G - Cp, G - Gp, Gp - Cp]
        if not need_if:
            return np.array(vals), None
        us += [uGp, uCp, uG - uCp, uG - uGp, uGp - uCp]
        return np.array(vals), np.column_stack(us)

    return _run_extra(names, fixed, s, se, level, replicates, seed, {}, "progressivity")


# --- poverty intensity: incidence x intensity x inequality among the poor ------------

FGT2_PARTS = ("headcount", "income_gap_ratio", "cv_poor", "gap_term", "inequality_term", "squared_gap")
WATTS_PARTS = ("headcount", "log_gap", "mld_poor", "gap_term", "inequality_term", "watts")


def _poor_moments(y, w, z, strict):
    """``H``, the mean income of the poor ``mu_p`` and their linearized variables."""
    N = w.sum()
    p = _poor(y, z, strict)
    Np = float(np.sum(w, where=p))
    if not Np > 0:
        raise InputError("nobody is poor (with positive weight): the intensity split needs poor people")
    H = Np / N
    mp = float(np.dot(w, np.where(p, y, 0.0)) / Np)
    return p, Np, H, mp, (p - H) / N, np.where(p, y - mp, 0.0) / Np


def _fgt2_split(strict):
    def fixed(y, w, z, need_if):
        # P2 = H E_p[(z - y)^2] / z^2 = H [(z - mu_p)^2 + var_p] / z^2 = H [I^2 + (1 - I)^2 C_p^2]
        # (Foster, Greer and Thorbecke 1984, Econometrica 52: 761-766, eq. 4)
        N = w.sum()
        p, Np, H, mp, uH, um = _poor_moments(y, w, z, strict)
        dev = np.where(p, y - mp, 0.0)
        var = float(np.dot(w, dev * dev) / Np)
        I = 1.0 - mp / z
        cv = np.sqrt(var) / mp if mp != 0 else np.nan
        gap_t = H * I * I
        ineq_t = H * var / (z * z)  # = H (1 - I)^2 C_p^2 without dividing by mu_p
        gap = np.where(p, (z - y) / z, 0.0)
        P2 = float(np.dot(w, gap * gap) / N)
        v = np.array([H, I, cv, gap_t, ineq_t, P2])
        if not need_if:
            return v, None
        uI = -um / z
        uvar = np.where(p, dev * dev - var, 0.0) / Np  # the mean's own term vanishes (deviations sum to 0)
        ucv = (uvar / (2.0 * np.sqrt(var)) - np.sqrt(var) * um / mp) / mp if var > 0 else np.zeros_like(uH)
        ugap = I * I * uH + 2.0 * H * I * uI
        uineq = (var * uH + H * uvar) / (z * z)
        uP2 = (gap * gap - P2) / N
        return v, np.column_stack([uH, uI, ucv, ugap, uineq, uP2])

    return fixed


def _watts_split(strict):
    def fixed(y, w, z, need_if):
        # W = H E_p[log z - log y] = H [log(z / mu_p) + (log mu_p - E_p log y)] = H [log(z / mu_p) + L_p]
        # (Watts 1968; the split as in Blackorby and Donaldson 1980, with L_p Theil's MLD among the poor)
        N = w.sum()
        p, Np, H, mp, uH, um = _poor_moments(y, w, z, strict)
        if np.any(p & (y <= 0) & (w > 0)):
            raise InputError("the Watts index needs every poor income > 0")
        ly = np.log(np.where(p, y, 1.0))
        Lbar = float(np.dot(w, np.where(p, ly, 0.0)) / Np)
        lg = float(np.log(z / mp))
        L = float(np.log(mp) - Lbar)
        Wt = float(np.dot(w, np.where(p, np.log(z) - ly, 0.0)) / N)
        v = np.array([H, lg, L, H * lg, H * L, Wt])
        if not need_if:
            return v, None
        ulg = -um / mp
        uL = um / mp - np.where(p, ly - Lbar, 0.0) / Np
        uW = (np.where(p, np.log(z) - ly, 0.0) - Wt) / N
        return v, np.column_stack([uH, ulg, uL, lg * uH + H * ulg, L * uH + H * uL, uW])

    return fixed


def _line_slopes(y, w, z, h, strict):
    """Slopes in the line of ``H`` (the density at ``z``) and of ``mu_p``, and the poor's moments."""
    N = w.sum()
    p = _poor(y, z, strict)
    Np = float(np.sum(w, where=p))
    f = density(y, w, z, h)
    mp = float(np.dot(w, np.where(p, y, 0.0)) / Np)
    return p, Np / N, f, mp, f * (z - mp) / (Np / N)


def _fgt2_deriv(strict):
    def deriv(y, w, z, h):
        # moving the line moves who is poor (the density at z) and every gap; the boundary
        # terms of the two parts cancel in their sum, as in P2's own slope
        p, H, f, mp, dmp = _line_slopes(y, w, z, h, strict)
        Np = H * w.sum()
        S2 = float(np.dot(w, np.where(p, y * y, 0.0)) / Np)
        var_direct = float(np.dot(w, np.where(p, (y - mp) ** 2, 0.0)) / Np)
        dvar = f * (z * z - S2) / H - 2.0 * mp * dmp
        I = 1.0 - mp / z
        dI = -dmp / z + mp / (z * z)
        sd = np.sqrt(var_direct)
        dcv = (dvar / (2.0 * sd) - sd * dmp / mp) / mp if sd > 0 else 0.0
        dgap = f * I * I + 2.0 * H * I * dI
        dineq = (f * var_direct + H * dvar) / (z * z) - 2.0 * H * var_direct / z ** 3
        return np.array([f, dI, dcv, dgap, dineq, _fgt_deriv(y, w, z, h, 2, strict)])

    return deriv


def _watts_deriv(strict):
    def deriv(y, w, z, h):
        p, H, f, mp, dmp = _line_slopes(y, w, z, h, strict)
        Np = H * w.sum()
        Lbar = float(np.dot(w, np.where(p, np.log(np.where(p, y, 1.0)), 0.0)) / Np)
        lg = float(np.log(z / mp))
        L = float(np.log(mp) - Lbar)
        dlg = 1.0 / z - dmp / mp
        dL = dmp / mp - f * (np.log(z) - Lbar) / H
        return np.array([f, dlg, dL, f * lg + H * dlg, f * L + H * dL, H / z])

    return deriv


def _intensity(name, parts, fixed, deriv, data, income, line, strict, weights, design, by, domain, na, se, level,
               replicates, seed):
    return _run_poverty(name, fixed, deriv, data, income, line, strict, weights, design, by, domain, na, se, level,
                        replicates, seed, {}, scalar_line=True, components=list(parts))


@_doc
@distributable('line', 'by', 'domain')
def squared_gap_decomposition(data=None, income=None, line=None, *, weights=None, design=None, by=None, domain=None,
                              na="raise", strict=True, se="linearized", level=0.95, replicates=500,
                              seed=None) -> Estimate:
    """Squared poverty gap split into incidence, intensity and inequality among the poor.

    ``P2 = H [I^2 + (1 - I)^2 C_p^2]`` (Foster, Greer and Thorbecke 1984): ``H`` the
    headcount, ``I = (z - mu_p) / z`` the income-gap ratio (``mu_p`` the mean income of
    the poor) and ``C_p`` the coefficient of variation of incomes among the poor
    (population variance, divisor the weighted number of poor). Rows (``measure``):
    ``headcount``, ``income_gap_ratio``, ``cv_poor``, ``gap_term = H I^2``,
    ``inequality_term = H (1 - I)^2 C_p^2`` and ``squared_gap = P2``; ``gap_term +
    inequality_term = squared_gap`` up to rounding.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float or RelativeLine
        One poverty line ``z`` (a number, or a :class:`RelativeLine` whose own
        sampling error then enters the linearized standard errors).
    strict : bool, default True
        The poor are those with ``y < z`` (True) or ``y <= z`` (False).
    <common parameters>
    Returns
    -------
    Estimate
        One row per component (and group with ``by``); ``cov()`` their joint
        covariance.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        nobody poor (in a group).
    SpecError
        A per-observation line.
    """
    return _intensity("squared_gap_decomposition", FGT2_PARTS, _fgt2_split(strict), _fgt2_deriv(strict), data, income, line, strict,
                      weights, design, by, domain, na, se, level, replicates, seed)


@_doc
@distributable('line', 'by', 'domain')
def watts_decomposition(data=None, income=None, line=None, *, weights=None, design=None, by=None, domain=None,
                        na="raise", strict=True, se="linearized", level=0.95, replicates=500,
                        seed=None) -> Estimate:
    """Watts index split into incidence, intensity and inequality among the poor.

    ``W = H [log(z / mu_p) + L_p]``: ``H`` the headcount, ``mu_p`` the mean income of the
    poor (``log(z / mu_p) = log(1 / (1 - I))``) and ``L_p`` the mean log deviation of
    incomes among the poor. Rows (``measure``): ``headcount``, ``log_gap``,
    ``mld_poor``, ``gap_term = H log(z / mu_p)``, ``inequality_term = H L_p`` and
    ``watts``; ``gap_term + inequality_term = watts`` up to rounding.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    line : float or RelativeLine
        One poverty line ``z`` (a number, or a :class:`RelativeLine` whose own
        sampling error then enters the linearized standard errors).
    strict : bool, default True
        The poor are those with ``y < z`` (True) or ``y <= z`` (False).
    <common parameters>
    Returns
    -------
    Estimate
        One row per component (and group with ``by``); ``cov()`` their joint
        covariance.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, a poor
        income ``<= 0``, or nobody poor (in a group).
    SpecError
        A per-observation line.
    """
    return _intensity("watts_decomposition", WATTS_PARTS, _watts_split(strict), _watts_deriv(strict), data, income, line, strict,
                      weights, design, by, domain, na, se, level, replicates, seed)


# --- J-divergence -----------------------------------------------------------------------


def _j_value_if(y, w, need_if):
    T, uT = _ge_value_if(y, w, 1.0, need_if)
    L, uL = _ge_value_if(y, w, 0.0, need_if)
    return T + L, (uT + uL if need_if else None)


@_doc
@distributable('by', 'domain')
def j_divergence(data=None, income=None, *, weights=None, design=None, by=None, domain=None, na="raise",
                 se="linearized", level=0.95, replicates=500, seed=None) -> Estimate:
    """J-divergence (symmetrised Theil index) ``J = T + L = E[(y / mu - 1) log(y / mu)]``.

    The sum of Theil's T (GE(1)) and the mean log deviation (GE(0)), the symmetric
    Kullback-Leibler divergence between the income and the population shares (Rohde
    2016, "J-divergence measurements of economic inequality").

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person.
    <common parameters>
    Returns
    -------
    Estimate
        One row (per group with ``by``), measure ``"j_divergence"``.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or an
        income ``<= 0`` (the mean log deviation takes logs).
    """
    def fixed(y, w, need_if):
        _mean_positive(y, w, "the J-divergence")
        return _j_value_if(y, w, need_if)

    return _ineq_run("j_divergence", fixed, data, income, weights, design, by, domain, na, se, level, replicates,
                     seed, {}, positive=True, why="the J-divergence takes logs")


def _ge_split(y, w, codes, G, alpha, parts, need_if):
    """Shorrocks (1980) split of GE(alpha) into per-group contributions and between, with linearized variables
    (the algebra of ``ge_decomposition``)."""
    sg, mg, mu, _, u_s, u_m, u_mu = parts
    T, uT = _ge_value_if(y, w, alpha, need_if)
    Ig = np.empty(G)
    uI = np.zeros((y.shape[0], G)) if need_if else None
    for g in range(G):
        m = codes == g
        Ig[g], ug = _ge_value_if(y[m], w[m], alpha, need_if)
        if need_if:
            uI[m, g] = ug
    B, ds, dm = _ge_between(sg, mg, mu, alpha)
    ra = (mg / mu) ** alpha
    c = sg * ra * Ig
    if not need_if:
        return T, Ig, c, B, None
    u_c = ra * (Ig * u_s + sg * alpha * Ig * (u_m / mg - u_mu[:, None] / mu) + sg * uI)
    return T, Ig, c, B, (uT, uI, u_c, u_s @ ds + u_m @ dm)


J_PARTS = ("pop_share", "income_share", "j_divergence", "within_contribution")


@_doc
@distributable('by', 'domain')
def j_divergence_decomposition(data=None, income=None, *, by=None, weights=None, design=None, domain=None,
                               na="raise", se="linearized", level=0.95, replicates=500, seed=None) -> Estimate:
    """Exact within/between decomposition of the J-divergence by group.

    ``J = sum_g (v_g T_g + s_g L_g) + J_B``: ``s_g`` population and ``v_g`` income
    shares, ``T_g`` and ``L_g`` Theil's T and the MLD within group ``g``, and the
    between term ``J_B = T_B + L_B = sum_g s_g (m_g / mu - 1) log(m_g / mu)`` the
    J-divergence of the smoothed distribution (everyone at the group mean); the sum
    of the Shorrocks (1980) decompositions of GE(1) and GE(0) (Rohde 2016).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person.
    by : str or array-like
        The grouping variable (required).
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both.
    design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering.
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
        Rows like :func:`ge_decomposition`: per group ``pop_share``,
        ``income_share``, ``j_divergence`` and ``within_contribution``
        (``v_g T_g + s_g L_g``), plus ``total``, ``within`` and ``between`` rows;
        ``cov()`` their joint covariance.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, no
        ``by``, or an income ``<= 0``.
    """
    def factory(G):
        def fixed(y, w, codes, need_if):
            _mean_positive(y, w, "the J-divergence")
            parts = _smoothed_parts(y, w, codes, G)
            sg, mg, mu = parts[:3]
            T1, I1, c1, B1, u1 = _ge_split(y, w, codes, G, 1.0, parts, need_if)
            T0, I0, c0, B0, u0 = _ge_split(y, w, codes, G, 0.0, parts, need_if)
            vg = sg * mg / mu
            c = c1 + c0
            v = np.concatenate([sg, vg, I1 + I0, c, [T1 + T0, float(c.sum()), B1 + B0]])
            if not need_if:
                return v, None
            _, _, _, _, u_s, u_m, u_mu = parts
            u_v = (u_s * mg + sg * u_m) / mu - np.multiply.outer(u_mu, vg) / mu
            uT, uB = u1[0] + u0[0], u1[3] + u0[3]
            return v, np.column_stack([u_s, u_v, u1[1] + u0[1], u1[2] + u0[2], uT, uT - uB, uB])
        return fixed

    return _run_ineq_decomp("j_divergence", J_PARTS, factory, data, income, by, weights, design, domain, na, se,
                            level, replicates, seed, {"positive": True, "why": "the J-divergence takes logs"})
