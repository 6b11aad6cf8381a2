"""Poverty lines: absolute, and relative to a weighted mean or quantile.

A relative line ``z = share * Q(p)`` (or ``share * mean``) is estimated from the
same sample as the poverty measure, and its sampling variability enters the
linearized variance (Osier 2009; R convey ``svyarpr``). Quantiles follow the
Eurostat rule used by R laeken ``weightedQuantile``: with cumulative weight shares
``c_k``, ``Q(p) = (y_k + y_{k+1}) / 2`` if ``c_k = p`` exactly, else the first
``y_k`` with ``c_k > p``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import _input
from ..registry import distributable
from ..errors import InputError, SpecError
from . import _core
from ._kernels import bandwidth, density, sort_weighted

QUANTILE_RULES = ("eurostat", "inverse")


def quantile_sorted(ys: np.ndarray, ws: np.ndarray, p: float, rule: str = "eurostat") -> float:
    """Weighted quantile of sorted data (rules: ``eurostat`` or ``inverse``, the left-continuous inverse CDF)."""
    if rule not in QUANTILE_RULES:
        raise SpecError(f"quantile rule must be one of {QUANTILE_RULES}, got {rule!r}")
    n = ys.shape[0]
    if p <= 0:
        return float(ys[0])
    if p >= 1:
        return float(ys[-1])
    rw = np.cumsum(ws) / ws.sum()
    # a cumulative share within rounding of p is p: otherwise rescaling the weights (which
    # changes the last bits of the shares) could move the quantile across a tie
    tol = 1e-12
    k = int(np.searchsorted(rw, p - tol, side="left"))
    k = min(k, n - 1)
    if rule == "eurostat" and abs(rw[k] - p) <= tol and k + 1 < n:
        return float(0.5 * (ys[k] + ys[k + 1]))
    return float(ys[k])


def weighted_quantile(y: np.ndarray, w: np.ndarray, p: float, rule: str = "eurostat") -> float:
    d = w > 0
    ys, ws, _ = sort_weighted(y[d], w[d])
    return quantile_sorted(ys, ws, p, rule)


@dataclass(frozen=True)
class RelativeLine:
    """A poverty line at ``share`` times a weighted statistic of the income distribution.

    Passed as ``line=`` to a poverty measure, the line is estimated from the same
    sample, and its sampling error enters the measure's linearized variance (Osier
    2009; R convey ``svyarpr``). ``RelativeLine(0.6)`` is the Eurostat
    at-risk-of-poverty threshold (60% of the median equivalised income).

    Parameters
    ----------
    share : float, default 0.6
        The line as a multiple of the statistic ``of``, > 0.
    of : {"median", "mean"} or float, default "median"
        Statistic of the income distribution: the median, the mean, or a
        probability ``p`` in (0, 1) for the ``p``-quantile.
    rule : {"eurostat", "inverse"}, default "eurostat"
        Quantile rule. ``"eurostat"`` (R laeken ``weightedQuantile``): with
        cumulative weight shares ``c_k``, ``Q(p) = (y_k + y_{k+1}) / 2`` when
        ``c_k = p`` exactly, else the first ``y_k`` with ``c_k > p``;
        ``"inverse"``: the left-continuous inverse of the weighted CDF.

    Raises
    ------
    InputError
        ``share <= 0`` or a quantile probability outside (0, 1).
    SpecError
        An unknown ``rule``.
    """

    share: float = 0.6
    of: Any = "median"
    rule: str = "eurostat"

    def __post_init__(self):
        _input.positive_scalar(self.share, "share")
        if self.rule not in QUANTILE_RULES:
            raise SpecError(f"quantile rule must be one of {QUANTILE_RULES}, got {self.rule!r}")
        if self.of not in ("median", "mean"):
            _input.fraction(self.of, "of (quantile probability)", high=1.0)

    @property
    def p(self) -> float | None:
        if self.of == "mean":
            return None
        return 0.5 if self.of == "median" else float(self.of)

    def evaluate(self, y: np.ndarray, w: np.ndarray, need_if: bool):
        """The line, its linearized variable and the kernel bandwidth on one sample.

        Parameters
        ----------
        y : numpy.ndarray
            Incomes.
        w : numpy.ndarray
            Sampling weights, aligned with ``y``.
        need_if : bool
            Whether to compute the linearized variable (influence function) of the line.

        Returns
        -------
        tuple
            ``(z, u_z, h)``: the line, its linearized variable (None unless
            ``need_if``) and the kernel bandwidth used for the density at the quantile.

        Raises
        ------
        InputError
            The income density at the quantile is zero (the line cannot be linearized).
        """
        N = w.sum()
        if self.of == "mean":
            mu = float(np.dot(w, y) / N)
            u = self.share * (y - mu) / N if need_if else None
            return self.share * mu, u, bandwidth(y, w)
        q = weighted_quantile(y, w, self.p, self.rule)
        h = bandwidth(y, w)
        if not need_if:
            return self.share * q, None, h
        f = density(y, w, q, h)
        if f <= 0:
            raise InputError("the income density at the quantile is zero; cannot linearize the relative line")
        u = -self.share * ((y <= q) - self.p) / (f * N)
        return self.share * q, u, h


def resolve_line(line: Any, data: Any, n: int) -> Any:
    """A scalar, a per-observation array (column name or array), or a ``RelativeLine``."""
    if line is None:
        raise InputError("a poverty line is required: line=<number>, a column, or povecon.RelativeLine(...)")
    if isinstance(line, RelativeLine):
        return line
    if isinstance(line, str) or np.ndim(line) == 1:
        if isinstance(line, str) and isinstance(data, pd.DataFrame):
            _input.check_columns(data, [line], what="line column")
        z = _input.numeric(data, line, "line", n=n, allow_nan=True)
        return z
    return _input.positive_scalar(line, "line")


def evaluate_line(line: Any, y: np.ndarray, w: np.ndarray, need_if: bool):
    """``(z, u_z, h)`` for any resolved line; ``u_z`` is None for a fixed line."""
    if isinstance(line, RelativeLine):
        return line.evaluate(y, w, need_if)
    return line, None, None


@distributable('by', 'domain')
def poverty_line(data=None, income=None, share: float = 0.6, of: Any = "median", *, rule: str = "eurostat",
                 weights=None, design=None, by=None, domain=None, na: str = "raise", se: str | None = "linearized",
                 level: float = 0.95, replicates: int = 500, seed: int | None = None):
    """Relative poverty line ``share * Q(p)`` or ``share * mean`` with its standard error.

    ``poverty_line(df, "eqIncome")`` is the Eurostat at-risk-of-poverty threshold
    (laeken ``arpt``, convey ``svyarpt``). With ``by``, one line per group, each
    estimated from that group's incomes.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    share : float, default 0.6
        The line as a multiple of the statistic ``of``, > 0.
    of : {"median", "mean"} or float, default "median"
        Statistic of the income distribution: the median, the mean, or a
        probability ``p`` in (0, 1) for the ``p``-quantile.
    rule : {"eurostat", "inverse"}, default "eurostat"
        Quantile rule. ``"eurostat"`` (R laeken ``weightedQuantile``): with
        cumulative weight shares ``c_k``, ``Q(p) = (y_k + y_{k+1}) / 2`` when
        ``c_k = p`` exactly, else the first ``y_k`` with ``c_k > p``;
        ``"inverse"``: the left-continuous inverse of the weighted CDF.
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
        The value is in the units of ``income``.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
    """
    return _line_estimate("poverty_line", RelativeLine(share, of, rule), data, income, weights, design, by,
                          domain, na, se, level, replicates, seed, {"share": share, "of": of})


def _line_estimate(name, spec, data, income, weights, design, by, domain, na, se, level, replicates, seed, params):
    def kernel(y, w, d, need_if):
        yd, wd = (y, w) if d is None else (y[d], w[d])
        z, u, _ = spec.evaluate(yd, wd, need_if)
        return z, _core.scatter(u, d, y.shape[0])

    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na)
    return _core.estimate(name, kernel, s, se=se, level=level, replicates=replicates, seed=seed, params=params)


@distributable('by', 'domain')
def quantile(data=None, income=None, p: float = 0.5, *, rule: str = "eurostat", weights=None, design=None,
             by=None, domain=None, na: str = "raise", se: str | None = "linearized", level: float = 0.95,
             replicates: int = 500, seed: int | None = None):
    """Weighted ``p``-quantile with a kernel-density linearized standard error.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation (person or household). When None,
        ``income`` and every other column argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per
        person, in the units of the poverty line.
    p : float, default 0.5
        Probability, in (0, 1).
    rule : {"eurostat", "inverse"}, default "eurostat"
        Quantile rule. ``"eurostat"`` (R laeken ``weightedQuantile``): with
        cumulative weight shares ``c_k``, ``Q(p) = (y_k + y_{k+1}) / 2`` when
        ``c_k = p`` exactly, else the first ``y_k`` with ``c_k > p``;
        ``"inverse"``: the left-continuous inverse of the weighted CDF.
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
        The value is in the units of ``income``.

    Raises
    ------
    InputError
        Missing values with ``na="raise"``, invalid weights or options, or
        incomes the measure cannot take.
    """
    p = _input.fraction(p, "p", high=1.0)
    return _line_estimate("quantile", RelativeLine(1.0, p, rule), data, income, weights, design, by, domain, na,
                          se, level, replicates, seed, {"p": p})
