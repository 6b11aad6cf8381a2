"""Decompositions of a change in poverty between two periods (or places).

* ``datt_ravallion``: growth / redistribution / residual (Datt and Ravallion 1992).
* ``shapley_poverty_change``: the same without residual, by the Shapley rule
  (Kolenikov and Shorrocks 2005; Shorrocks 2013), with an optional third,
  poverty-line (price) term when the line differs between the periods.
* ``sectoral``: Ravallion and Huppi (1991): intra-sectoral, population shift
  and interaction effects.

Poverty is FGT(alpha) for any alpha >= 0, poor meaning ``y < z`` (strict, as
``povecon.fgt``'s default). Incomes are weighted by sampling weights. Each period is microdata (an income
array, with optional weights) or a grouped distribution
(``povecon.measures.grouped.lorenz_fit``). Convention: ``P(z, mu, L)`` is the
poverty of the distribution with Lorenz curve ``L`` rescaled to mean ``mu``; with
microdata that is the period's incomes times ``mu / mean``. For grouped data each
period's Lorenz curve is chosen once (its preferred valid fit at its own mean
and line) and kept for every counterfactual, so the terms add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import _input
from ..errors import InputError
from ..measures.grouped import GroupedDistribution
from . import _kernels as K
from ._shapley import shapley_values
from ._table import Decomposition


@dataclass(frozen=True)
class _Dist:
    """One period's distribution: P(line, mean) on its own Lorenz curve."""

    mean: float
    y: np.ndarray | None = None
    w: np.ndarray | None = None
    grouped: GroupedDistribution | None = None
    curve: str | None = None
    n: int | None = None

    def P(self, line: float, mean: float, alpha: float) -> float:
        if self.grouped is not None:
            return self.grouped.fgt(line, alpha, mean=mean, curve=self.curve)
        # incomes scaled by mean/self.mean face the line; equivalently the line scaled back
        # (at the period's own mean the line is used as given: x * m / m need not round back to x)
        scaled = line if mean == self.mean else line * (self.mean / mean)
        return K.fgt(self.y, self.w, scaled, alpha)


def _dist(x: Any, weights: Any, name: str, line: float) -> _Dist:
    if isinstance(x, GroupedDistribution):
        if weights is not None:
            raise InputError(f"{name} is a grouped distribution; weights do not apply")
        best = x.choose(line)
        if best is None:
            raise InputError(f"{name}: neither Lorenz fit is valid (see .checks()); cannot decompose")
        return _Dist(x.mean, grouped=x, curve=best.kind)
    y = _input.numeric(None, x, name)
    w = _input.weights(None, weights, y.shape[0], name=f"{name} weights")
    mu = K.wmean(y, w)
    if mu <= 0:
        raise InputError(f"{name} incomes have a non-positive mean; the growth term is undefined")
    return _Dist(mu, y=y, w=w, n=int(y.shape[0]))


def _alpha(alpha: Any) -> float:
    try:
        a = float(alpha)
    except (TypeError, ValueError):
        raise InputError(f"alpha must be a number >= 0, got {alpha!r}") from None
    if not np.isfinite(a) or a < 0:
        raise InputError(f"alpha must be a number >= 0, got {alpha!r}")
    return a


def _table(values: dict[str, float], total: float) -> pd.DataFrame:
    t = pd.DataFrame({"value": pd.Series(values, dtype=float)})
    t.index.name = "component"
    t["share"] = t["value"] / total if total != 0 else np.nan
    return t


def datt_ravallion(
    before: Any,
    after: Any,
    *,
    line: float,
    alpha: float = 0,
    weights_before: Any = None,
    weights_after: Any = None,
    reference: str = "initial",
) -> Decomposition:
    """Datt-Ravallion (1992) decomposition of ``P_after - P_before`` into growth and redistribution.

    ``growth = P(z, mu_1, L_r) - P(z, mu_0, L_r)``,
    ``redistribution = P(z, mu_r, L_1) - P(z, mu_r, L_0)`` with reference period
    ``r``, and ``residual`` the remainder. A proportional change of every income is
    pure growth (redistribution 0).

    Parameters
    ----------
    before : array-like or GroupedDistribution
        Incomes of the first period (an array), or a grouped distribution from
        :func:`lorenz_fit`.
    after : array-like or GroupedDistribution
        The same for the second period.
    line : float
        Poverty line, in the units of both periods' incomes (real terms).
    alpha : float, default 0
        FGT order of the poverty measure (0 headcount, 1 gap, 2 squared gap).
    weights_before : array-like, optional
        Sampling weights of ``before`` (microdata only).
    weights_after : array-like, optional
        Sampling weights of ``after`` (microdata only).
    reference : {"initial", "final"}, default "initial"
        Reference period ``r`` of the Lorenz curve and mean: 0 (the paper's
        choice) or 1.

    Returns
    -------
    Decomposition
        Terms ``growth``, ``redistribution``, ``residual``; ``total`` is the change.

    References
    ----------
    Datt, G. and Ravallion, M. (1992). Growth and redistribution components of
    changes in poverty measures. *Journal of Development Economics* 38(2), 275-295.
    """
    z = _input.positive_scalar(line, "line")
    a = _alpha(alpha)
    if reference not in ("initial", "final"):
        raise InputError(f"reference must be 'initial' or 'final', got {reference!r}")
    d0 = _dist(before, weights_before, "before", z)
    d1 = _dist(after, weights_after, "after", z)
    p0 = d0.P(z, d0.mean, a)
    p1 = d1.P(z, d1.mean, a)
    if reference == "initial":
        growth = d0.P(z, d1.mean, a) - p0
        redis = d1.P(z, d0.mean, a) - p0
    else:
        growth = p1 - d1.P(z, d0.mean, a)
        redis = p1 - d0.P(z, d1.mean, a)
    total = p1 - p0
    vals = {"growth": growth, "redistribution": redis, "residual": total - growth - redis}
    return Decomposition("Datt-Ravallion", _table(vals, total), float(total), "value", n=d0.n,
                         params={"line": z, "alpha": a, "reference": reference},
                         details={"P_before": p0, "P_after": p1, "mean_before": d0.mean,
                                  "mean_after": d1.mean, "curves": (d0.curve, d1.curve)})


def shapley_poverty_change(
    before: Any,
    after: Any,
    *,
    line: float,
    line_after: float | None = None,
    alpha: float = 0,
    weights_before: Any = None,
    weights_after: Any = None,
) -> Decomposition:
    """Shapley (Kolenikov-Shorrocks) decomposition of a change in poverty, with no residual.

    Factors: the mean (``growth``), the Lorenz curve (``redistribution``) and, when
    ``line_after`` differs from ``line``, the poverty line (``line``). Each term
    averages the factor's marginal effect over every order of changing the factors,
    so the terms add up exactly to ``P(line_after, mu_1, L_1) - P(line, mu_0, L_0)``.

    Parameters
    ----------
    before : array-like or GroupedDistribution
        Incomes of the first period (an array), or a grouped distribution from
        :func:`lorenz_fit`.
    after : array-like or GroupedDistribution
        The same for the second period.
    line : float
        Poverty line of the first period.
    line_after : float, optional
        Poverty line of the second period (e.g. a line fixed in real terms but
        measured in current prices); None keeps ``line``.
    alpha : float, default 0
        FGT order of the poverty measure (0 headcount, 1 gap, 2 squared gap).
    weights_before : array-like, optional
        Sampling weights of ``before`` (microdata only).
    weights_after : array-like, optional
        Sampling weights of ``after`` (microdata only).

    Returns
    -------
    Decomposition
    """
    z0 = _input.positive_scalar(line, "line")
    z1 = z0 if line_after is None else _input.positive_scalar(line_after, "line_after")
    a = _alpha(alpha)
    d0 = _dist(before, weights_before, "before", z0)
    d1 = _dist(after, weights_after, "after", z1)
    with_line = z1 != z0
    names = ["growth", "redistribution"] + (["line"] if with_line else [])

    def v(mask: int) -> float:
        mu = d1.mean if mask & 1 else d0.mean
        dist = d1 if mask & 2 else d0
        z = z1 if mask & 4 else z0
        return dist.P(z, mu, a)

    phi = shapley_values(v, len(names))
    p0, p1 = v(0), v((1 << len(names)) - 1)
    total = p1 - p0
    return Decomposition("Shapley poverty change", _table(dict(zip(names, phi)), total), float(total), "value",
                         n=d0.n, params={"line": z0, "line_after": z1, "alpha": a},
                         details={"P_before": p0, "P_after": p1, "mean_before": d0.mean,
                                  "mean_after": d1.mean, "curves": (d0.curve, d1.curve)})


def _sector_table(income: Any, sector: Any, weights: Any, z: float, a: float, name: str):
    y = _input.numeric(None, income, f"{name} income")
    n = y.shape[0]
    codes, labels = _input.groups(None, sector, n, name=f"{name} sector")
    w = _input.weights(None, weights, n, name=f"{name} weights")
    wsum = np.bincount(codes, weights=w, minlength=len(labels))
    poor = np.where(y < z, (1 - y / z) ** a if a > 0 else 1.0, 0.0)
    pw = np.bincount(codes, weights=w * poor, minlength=len(labels))
    share = pd.Series(wsum / wsum.sum(), index=labels)
    with np.errstate(invalid="ignore", divide="ignore"):
        pov = pd.Series(pw / wsum, index=labels)
    if (wsum == 0).any():
        empty = list(labels[wsum == 0])
        raise InputError(f"sector(s) {empty} have zero total weight in the {name} period")
    return share, pov


def sectoral(
    before: Any = None,
    after: Any = None,
    *,
    line: float | None = None,
    alpha: float = 0,
    sector_before: Any = None,
    sector_after: Any = None,
    weights_before: Any = None,
    weights_after: Any = None,
    shares_before: Any = None,
    poverty_before: Any = None,
    shares_after: Any = None,
    poverty_after: Any = None,
) -> Decomposition:
    """Ravallion-Huppi (1991) sectoral decomposition of ``P_1 - P_0 = sum_i n_i P_i``.

    ``intra-sectoral = sum_i n_i0 (P_i1 - P_i0)``,
    ``population shift = sum_i (n_i1 - n_i0) P_i0``,
    ``interaction = sum_i (n_i1 - n_i0)(P_i1 - P_i0)``. Give either microdata
    (``before``/``after`` with sector labels, ``line`` and ``alpha``) or ready
    sector tables (``shares_*`` and ``poverty_*``). Every sector must appear in both
    periods.

    Parameters
    ----------
    before : array-like, optional
        Incomes of the first period (microdata form).
    after : array-like, optional
        Incomes of the second period (microdata form).
    line : float, optional
        Poverty line (microdata form).
    alpha : float, default 0
        FGT order of the poverty measure (0 headcount, 1 gap, 2 squared gap).
    sector_before : array-like, optional
        Sector label of each ``before`` income.
    sector_after : array-like, optional
        Sector label of each ``after`` income.
    weights_before : array-like, optional
        Sampling weights of ``before`` (microdata only).
    weights_after : array-like, optional
        Sampling weights of ``after`` (microdata only).
    shares_before : pandas.Series, optional
        Population share of each sector in the first period, indexed by sector
        (table form).
    poverty_before : pandas.Series, optional
        Poverty in each sector in the first period (table form).
    shares_after : pandas.Series, optional
        Population shares in the second period (table form).
    poverty_after : pandas.Series, optional
        Poverty by sector in the second period (table form).

    Returns
    -------
    Decomposition
        ``details["by_sector"]`` has the terms per sector.

    Raises
    ------
    InputError
        Both or neither input forms, or a sector missing from one period.
    """
    micro = before is not None or after is not None
    table_in = any(x is not None for x in (shares_before, poverty_before, shares_after, poverty_after))
    if micro == table_in:
        raise InputError("give either microdata (before, after, sector_before, sector_after, line) "
                         "or sector tables (shares_before, poverty_before, shares_after, poverty_after)")
    a = _alpha(alpha)
    if micro:
        if line is None or sector_before is None or sector_after is None or before is None or after is None:
            raise InputError("microdata input needs before, after, sector_before, sector_after and line")
        z = _input.positive_scalar(line, "line")
        n0, p0 = _sector_table(before, sector_before, weights_before, z, a, "before")
        n1, p1 = _sector_table(after, sector_after, weights_after, z, a, "after")
    else:
        if any(x is None for x in (shares_before, poverty_before, shares_after, poverty_after)):
            raise InputError("sector-table input needs shares_before, poverty_before, shares_after, poverty_after")
        tables = {"shares_before": shares_before, "poverty_before": poverty_before,
                  "shares_after": shares_after, "poverty_after": poverty_after}
        for nm, x in tables.items():
            try:
                tables[nm] = pd.Series(x, dtype=float)
            except (TypeError, ValueError) as exc:
                raise InputError(f"{nm} must be numbers indexed by sector: {exc}") from None
        n0, p0, n1, p1 = tables.values()
        for nm, s in (("shares_before", n0), ("poverty_before", p0), ("shares_after", n1), ("poverty_after", p1)):
            if s.isna().any() or not np.isfinite(s.to_numpy()).all():
                raise InputError(f"{nm} has missing or infinite values")
        for nm, s in (("shares_before", n0), ("shares_after", n1)):
            if (s < 0).any() or abs(s.sum() - 1) > 1e-6:
                raise InputError(f"{nm} must be non-negative population shares summing to 1 (got sum {s.sum():.6g})")
        if not p0.index.equals(n0.index) and set(p0.index) != set(n0.index):
            raise InputError("shares_before and poverty_before must cover the same sectors")
        if not p1.index.equals(n1.index) and set(p1.index) != set(n1.index):
            raise InputError("shares_after and poverty_after must cover the same sectors")
    only0 = sorted(set(n0.index) - set(n1.index), key=str)
    only1 = sorted(set(n1.index) - set(n0.index), key=str)
    if only0 or only1:
        raise InputError(f"every sector must appear in both periods; only before: {only0}, only after: {only1} "
                         "(merge such sectors into a neighbour)")
    idx = n0.index
    n1, p1, p0 = n1.reindex(idx), p1.reindex(idx), p0.reindex(idx)
    by = pd.DataFrame({
        "share_before": n0, "share_after": n1, "P_before": p0, "P_after": p1,
        "intra-sectoral": n0 * (p1 - p0),
        "population shift": (n1 - n0) * p0,
        "interaction": (n1 - n0) * (p1 - p0),
    })
    by.index.name = "sector"
    total = float((n1 * p1).sum() - (n0 * p0).sum())
    vals = {c: float(by[c].sum()) for c in ("intra-sectoral", "population shift", "interaction")}
    return Decomposition("Ravallion-Huppi sectoral", _table(vals, total), total, "value",
                         params={"line": line, "alpha": a},
                         details={"by_sector": by, "P_before": float((n0 * p0).sum()),
                                  "P_after": float((n1 * p1).sum())})
