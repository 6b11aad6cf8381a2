"""Subgroup decompositions of poverty and inequality, with standard errors.

All components of one decomposition come from a single kernel, so their joint
covariance is available (``cov()``, and so ``pe.contrast``) and the identities hold exactly
in every bootstrap replicate:

* FGT: ``P = sum_g s_g P_g`` (population shares ``s_g``); contributions
  ``s_g P_g``, shares of poverty ``s_g P_g / P``, relative risks ``P_g / P`` and
  differences ``P_g - P_1`` from the first group.
* GE(alpha): ``I = sum_g s_g^(1-a) v_g^a I_g + I_B`` with income shares ``v_g``
  and ``I_B`` the index of the smoothed distribution (everyone at the group mean).
* Gini: ``G = sum_g s_g v_g G_g + G_B + overlap`` (Pyatt 1976; Lambert and
  Aronson 1993), ``G_B`` the Gini of the smoothed distribution, overlap the
  residual (zero when group income ranges do not overlap).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .. import _input
from ..registry import distributable
from .._result import Estimate
from ..errors import InputError
from . import _core
from ._kernels import gini_with_if
from .inequality import _ge_prep, _ge_value_if, _mean_positive
from .poverty import _fgt_parts, _run_poverty

FGT_PARTS = ("pop_share", "fgt", "contribution", "share", "relative_risk", "difference")


def _grouping(s: _core.Sample):
    if s.codes is None:
        raise InputError("a decomposition needs by=<grouping variable>")
    codes = s.codes if s.domain is None else s.codes[s.domain]
    return codes, len(s.labels)


def _tidy(out, labels, counts):
    """Split the ``measure`` labels ``"<k>|<part>"`` into group and component; ``n`` per group."""
    keys = out.frame["measure"].str.split("|", n=1, expand=True)
    idx = keys[0].to_numpy()
    group = [labels[int(i)] if i.isdigit() else "total" for i in idx]
    n = [int(counts[int(i)]) if i.isdigit() else int(out.frame["n"].iloc[0]) for i in idx]
    return out.relabel(group=group, measure=keys[1].to_numpy(), n=n)


@distributable('line', 'by', 'domain')
def fgt_decomposition(data=None, income=None, line=None, alpha: float = 0, *, by=None, weights=None, design=None,
                      domain=None, na="raise", strict=True, se="linearized", level=0.95, replicates=500, seed=None):
    """FGT by group: population shares, indices, contributions, shares of poverty, relative risks, differences.

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
    alpha : float, default 0
        Poverty aversion of the FGT index, ``>= 0``.
    by : str or array-like
        The grouping variable (required): the groups should partition the
        population.
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
        One row per (group, component) plus the total (``measure, group``, then
        ``value, se, ci_lower, ci_upper, n``; ``n`` is the group's sample size);
        ``cov()`` is the joint covariance of the components.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
    """
    alpha = _input.positive_scalar(alpha, "alpha", allow_zero=True)
    state = {}

    def hook(s, _fixed):
        codes, G = _grouping(s)
        state.update(labels=s.labels, G=G, counts=np.bincount(codes, minlength=G))

        def fixed(y, w, z, need_if):
            f, _, _ = _fgt_parts(y, w, z, alpha, strict)
            N = w.sum()
            Ng = np.bincount(codes, weights=w, minlength=G)
            if (Ng <= 0).any():
                raise InputError("a group has no observation with positive weight")
            Fg = np.bincount(codes, weights=w * f, minlength=G)
            sg, Pg, Cg = Ng / N, Fg / Ng, Fg / N
            P = Cg.sum()
            share = Cg / P if P > 0 else np.zeros(G)
            rr = Pg / P if P > 0 else np.full(G, np.nan)
            diff = Pg - Pg[0]
            v = np.concatenate([sg, Pg, Cg, share, rr, diff, [P]])
            if not need_if:
                return v, None
            onehot = codes[:, None] == np.arange(G)[None, :]
            u_s = (onehot - sg) / N
            u_P_g = onehot * (f[:, None] - Pg) / Ng
            u_C = (onehot * f[:, None] - Cg) / N
            u_P = (f - P) / N
            u_share = (u_C - share * u_P[:, None]) / P if P > 0 else np.zeros_like(u_C)
            u_rr = (u_P_g - rr * u_P[:, None]) / P if P > 0 else np.zeros_like(u_C)
            u_diff = u_P_g - u_P_g[:, [0]]
            return v, np.column_stack([u_s, u_P_g, u_C, u_share, u_rr, u_diff, u_P])

        return dataclasses.replace(s, codes=None, labels=None), fixed

    def names(_s):
        G = state["G"]
        return [f"{g}|{p}" for p in FGT_PARTS for g in range(G)] + ["total|fgt"]

    out = _run_poverty(f"fgt{alpha:g}", None, None, data, income, line, strict, weights, design, by, domain, na,
                       se, level, replicates, seed, {"alpha": alpha}, components=names, sample_hook=hook)
    return _tidy(out, list(state["labels"]), state["counts"])


def _smoothed_parts(y, w, codes, G):
    N = w.sum()
    Ng = np.bincount(codes, weights=w, minlength=G)
    if (Ng <= 0).any():
        raise InputError("a group has no observation with positive weight")
    sg = Ng / N
    mg = np.bincount(codes, weights=w * y, minlength=G) / Ng
    mu = float(np.dot(sg, mg))
    onehot = codes[:, None] == np.arange(G)[None, :]
    u_s = (onehot - sg) / N
    u_m = onehot * (y[:, None] - mg) / Ng
    u_mu = (y - mu) / N
    return sg, mg, mu, onehot, u_s, u_m, u_mu


def _ge_between(sg, mg, mu, alpha):
    """Between-group GE and its gradient in (s_g, m_g) (``mu = sum s_g m_g``)."""
    r = mg / mu
    if alpha == 0:
        B = float(np.dot(sg, np.log(1.0 / r)))
        return B, mg / mu - np.log(mg) + 0 * sg, sg / mu - sg / mg
    if alpha == 1:
        S = float(np.dot(sg, mg * np.log(mg)))
        B = S / mu - np.log(mu)
        ds = mg * np.log(mg) / mu - S * mg / mu ** 2 - mg / mu
        dm = sg * (np.log(mg) + 1.0) / mu - S * sg / mu ** 2 - sg / mu
        return B, ds, dm
    k = 1.0 / (alpha * (alpha - 1.0))
    K = float(np.dot(sg, r ** alpha))
    B = k * (K - 1.0)
    ds = k * (r ** alpha - alpha * K * mg / mu)
    dm = k * (alpha * sg * mg ** (alpha - 1.0) * mu ** -alpha - alpha * K * sg / mu)
    return B, ds, dm


def _run_ineq_decomp(name, parts, fixed_factory, data, income, by, weights, design, domain, na, se, level,
                     replicates, seed, prep):
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na, **prep)
    codes, G = _grouping(s)
    fixed = fixed_factory(G)

    def kernel(y, w, d, need_if):
        yd, wd = _core.domain_view(y, w, d)
        keep = wd > 0
        if keep.all():
            v, ud = fixed(yd, wd, codes, need_if)
        else:  # zero-weight rows (bootstrap replicates) carry no information
            v, ud = fixed(yd[keep], wd[keep], codes[keep], need_if)
            if ud is not None:
                full = np.zeros((yd.shape[0], ud.shape[1]))
                full[keep] = ud
                ud = full
        return v, _core.scatter(ud, d, y.shape[0])

    names = [f"{g}|{p}" for p in parts for g in range(G)] + ["total|total", "total|within", "total|between"]
    names += ["total|overlap"] if name == "gini" else []
    s2 = dataclasses.replace(s, codes=None, labels=None)
    out = _core.estimate_components(names, kernel, s2, se=se, level=level, replicates=replicates, seed=seed,
                                     function=f"{name}_decomposition")
    return _tidy(out, list(s.labels), np.bincount(codes, minlength=G))


GE_PARTS = ("pop_share", "income_share", "ge", "within_contribution")


@distributable('by', 'domain')
def ge_decomposition(data=None, income=None, alpha: float = 1, *, by=None, weights=None, design=None, domain=None,
                     na="raise", se="linearized", level=0.95, replicates=500, seed=None) -> Estimate:
    """Exact within/between decomposition of GE(alpha) (Shorrocks 1980).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    alpha : float, default 1
        Parameter of the generalized entropy index (0 MLD, 1 Theil).
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
        Rows like :func:`fgt_decomposition`: per group ``pop_share``,
        ``income_share``, ``ge`` and ``within_contribution``
        (``s_g^(1-a) v_g^a GE_g``), plus ``total``, ``within`` and ``between``
        rows.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
    """
    try:
        alpha = float(alpha)
    except (TypeError, ValueError):
        raise InputError(f"alpha must be a number, got {alpha!r}") from None
    if not np.isfinite(alpha):
        raise InputError(f"alpha must be a finite number, got {alpha!r}")

    def factory(G):
        def fixed(y, w, codes, need_if):
            _mean_positive(y, w, "GE")
            T, uT = _ge_value_if(y, w, alpha, need_if)
            sg, mg, mu, onehot, u_s, u_m, u_mu = _smoothed_parts(y, w, codes, G)
            Ig = np.empty(G)
            uI = np.zeros((y.shape[0], G)) if need_if else None
            for g in range(G):  # groups are few; each call is vectorised
                m = codes == g
                Ig[g], ug = _ge_value_if(y[m], w[m], alpha, need_if)
                if need_if:
                    uI[m, g] = ug
            B, ds, dm = _ge_between(sg, mg, mu, alpha)
            vg = sg * mg / mu
            ra = (mg / mu) ** alpha
            c = sg * ra * Ig
            W = float(c.sum())
            v = np.concatenate([sg, vg, Ig, c, [T, W, B]])
            if not need_if:
                return v, None
            u_v = (u_s * mg + sg * u_m) / mu - np.multiply.outer(u_mu, vg) / mu
            u_B = u_s @ ds + u_m @ dm
            u_c = ra * (Ig * u_s + sg * alpha * Ig * (u_m / mg - u_mu[:, None] / mu) + sg * uI)
            return v, np.column_stack([u_s, u_v, uI, u_c, uT, uT - u_B, u_B])
        return fixed

    return _run_ineq_decomp("ge", GE_PARTS, factory, data, income, by, weights, design, domain, na, se, level,
                            replicates, seed, _ge_prep(alpha))


GINI_PARTS = ("pop_share", "income_share", "gini", "within_contribution")


@distributable('by', 'domain')
def gini_decomposition(data=None, income=None, *, by=None, weights=None, design=None, domain=None, na="raise",
                       se="linearized", level=0.95, replicates=500, seed=None) -> Estimate:
    """Gini = within + between + overlap (Pyatt 1976; Lambert and Aronson 1993), with plug-in Ginis.

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
        Rows like :func:`fgt_decomposition` with the groups' terms and
        ``total``, ``within``, ``between`` and ``overlap`` rows.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
    """
    def factory(G):
        def fixed(y, w, codes, need_if):
            _mean_positive(y, w, "the Gini")
            T, uT = gini_with_if(y, w, need_if)
            sg, mg, mu, onehot, u_s, u_m, u_mu = _smoothed_parts(y, w, codes, G)
            Gg = np.empty(G)
            uG = np.zeros((y.shape[0], G)) if need_if else None
            for g in range(G):
                m = codes == g
                Gg[g], ug = gini_with_if(y[m], w[m], need_if)
                if need_if:
                    uG[m, g] = ug
            vg = sg * mg / mu
            c = sg * vg * Gg
            W = float(c.sum())
            absd = np.abs(mg[:, None] - mg[None, :])
            B = float(sg @ absd @ sg / (2.0 * mu))
            v = np.concatenate([sg, vg, Gg, c, [T, W, B, T - W - B]])
            if not need_if:
                return v, None
            u_v = (u_s * mg + sg * u_m) / mu - np.multiply.outer(u_mu, vg) / mu
            u_c = vg * Gg * u_s + sg * Gg * u_v + sg * vg * uG
            sign = np.sign(mg[:, None] - mg[None, :])
            ds = absd @ sg / mu - B * mg / mu
            dm = sg * (sign @ sg) / mu - B * sg / mu
            u_B = u_s @ ds + u_m @ dm
            u_W = u_c.sum(axis=1)
            return v, np.column_stack([u_s, u_v, uG, u_c, uT, u_W, u_B, uT - u_W - u_B])
        return fixed

    return _run_ineq_decomp("gini", GINI_PARTS, factory, data, income, by, weights, design, domain, na, se, level,
                            replicates, seed, {})
