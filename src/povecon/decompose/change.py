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

from dataclasses import dataclass, replace
from typing import Any, Callable

import numpy as np
import pandas as pd

from .. import _input
from .._compat import renamed_parameters
from ..errors import InputError
from ..registry import refuse
from ..measures.grouped import GroupedDistribution
from ..result import sample_key
from ..survey import SurveyDesign
from . import _kernels as K
from ._shapley import shapley_values
from ._table import REPLICATES, Decomposition, _Replicates, inference_options, replicate


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

    def reweighted(self, w: np.ndarray) -> "_Dist":
        mu = K.wmean(self.y, w)
        if mu <= 0:
            raise InputError("a bootstrap replicate has a non-positive mean income")
        return replace(self, w=w, mean=mu)


def _column(x: Any, income: Any, name: str) -> tuple[Any, Any]:
    """(data, column) of one period: an income array, or a frame and its ``income`` column."""
    refuse(x)
    if income is None:
        return None, x
    if not isinstance(x, pd.DataFrame):
        raise InputError(f"with income={income!r}, {name} must be a DataFrame holding that column "
                         f"(or pass {name} as an income array and leave income=None)")
    return x, income


def _dist(x: Any, weights: Any, name: str, line: float, income: Any = None) -> _Dist:
    if isinstance(x, GroupedDistribution):
        if weights is not None:
            raise InputError(f"{name} is a grouped distribution; weights do not apply")
        best = x.choose(line)
        if best is None:
            raise InputError(f"{name}: neither Lorenz fit is valid (see .checks()); cannot decompose")
        return _Dist(x.mean, grouped=x, curve=best.kind)
    data, col = _column(x, income, name)
    y = _input.numeric(data, col, name)
    w = _input.weights(data, weights, y.shape[0], name=f"{name} weights")
    mu = K.wmean(y, w)
    if mu <= 0:
        raise InputError(f"{name} incomes have a non-positive mean; the growth term is undefined")
    return _Dist(mu, y=y, w=w, n=int(y.shape[0]))


def _after(value: Any, after_value: Any) -> Any:
    """A column name given for ``before`` names the same column of ``after`` unless told otherwise."""
    return value if after_value is None and isinstance(value, str) else after_value


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


def _vector(values: dict[str, float], total: float) -> np.ndarray:
    """Frame order: each term's change and share of the total, then the total change and the shares' sum."""
    v = np.array(list(values.values()), dtype=np.float64)
    sh = v / total if total != 0 else np.full(v.size, np.nan)
    return np.concatenate([np.column_stack([v, sh]).ravel(), [total, sh.sum()]])


def _two_period(fn: str, method: str, names: list[str], stat: Callable[[np.ndarray | None, np.ndarray | None], tuple],
                periods: tuple, opts, n: int | None, params: dict, details: dict, alpha: float) -> Decomposition:
    """A Decomposition of a change; with ``se="bootstrap"`` each period is resampled on its own
    (two independent samples: a rescaled bootstrap of each period's observations)."""
    values, total = stat(None, None)
    full = _vector(values, total)
    cov, df, notes, se, total_se = None, None, [], None, {}
    details = dict(details)
    if opts.se == "bootstrap":
        if any(p is None for p in periods):
            raise InputError(f"{fn}: se='bootstrap' resamples microdata; grouped distributions and sector "
                             "tables have no sample to resample")
        designs = [SurveyDesign(weights=w).resolve(None, w.shape[0]) for w in periods]
        seeds = np.random.SeedSequence(opts.seed).spawn(len(designs))
        W = [d.bootstrap_weights(opts.replicates, s) for d, s in zip(designs, seeds)]
        reps, failed = replicate(lambda r: _vector(*stat(*(w[:, r] for w in W))), full, opts.replicates, fn)
        cov = _Replicates(full, reps, "bootstrap",
                          key=("bootstrap", opts.replicates, opts.seed, *(sample_key(d) for d in designs)))
        df = float(sum(d.df for d in designs))
        details["replicates_failed"] = failed
        notes.append("the two periods are independent samples, each resampled on its own")
        if failed:
            notes.append(f"{failed} of {opts.replicates} bootstrap replicates failed and are left out")
        with np.errstate(invalid="ignore"):
            s = np.sqrt(np.clip(np.diag(cov.matrix(np.arange(full.size))), 0, None))
        k = len(names)
        se = pd.DataFrame(s[:2 * k].reshape(k, 2), index=pd.Index(names, name="component"),
                          columns=["value", "share"])
        total_se = {"change": float(s[2 * k]), "share": float(s[2 * k + 1])}
    return Decomposition(method, _table(values, total), float(total), "value", n=n, se=se,
                         measures={"value": "change"}, totals={"change": float(total), "share": float(full[-1])},
                         total_se=total_se, columns={"alpha": alpha}, covariance=cov, df=df, level=opts.level,
                         se_method=opts.se, notes=notes, call={"function": fn},
                         params={**params, "se": opts.se, "replicates": opts.replicates, "seed": opts.seed},
                         details=details)


@renamed_parameters(weights_before="weights")
def datt_ravallion(
    before: Any,
    after: Any,
    *,
    income: Any = None,
    line: float,
    alpha: float = 0,
    weights: Any = None,
    weights_after: Any = None,
    reference: str = "initial",
    se: str | None = None,
    replicates: int = REPLICATES,
    seed: int | None = None,
    level: float = 0.95,
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
    income : str, optional
        With ``before`` and ``after`` given as DataFrames, the income column (the same
        name in both). None: ``before`` and ``after`` are income arrays.
    line : float
        Poverty line, in the units of both periods' incomes (real terms).
    alpha : float, default 0
        FGT order of the poverty measure (0 headcount, 1 gap, 2 squared gap).
    weights : str or array-like, optional
        Sampling weights of ``before`` (microdata only): a column of ``before`` when
        ``income`` is given, or an array. A column name also names the weights of
        ``after`` unless ``weights_after`` is given.
    weights_after : str or array-like, optional
        Sampling weights of ``after`` (microdata only).
    reference : {"initial", "final"}, default "initial"
        Reference period ``r`` of the Lorenz curve and mean: 0 (the paper's
        choice) or 1.
    se : {None, "bootstrap"}, default None
        Standard errors: None (point estimates only) or ``"bootstrap"``: the two periods
        are independent samples, each resampled on its own by the rescaled bootstrap of
        its observations (weights multiplied, so the SEs do not depend on the weights'
        scale); needs microdata and ``seed``. The replicates give the joint covariance of
        all rows (e.g. of the growth minus the redistribution term).
    replicates : int, default 500
        Number of bootstrap replicates.
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    Decomposition
        Components ``growth``, ``redistribution``, ``residual`` with measures
        ``change`` (the term) and ``share`` (of the total change); the ``total``
        rows hold the change ``P_after - P_before`` (:attr:`total`) and the sum of
        the shares.

    References
    ----------
    Datt, G. and Ravallion, M. (1992). Growth and redistribution components of
    changes in poverty measures. *Journal of Development Economics* 38(2), 275-295.
    """
    opts = inference_options("datt_ravallion", se, replicates, seed, level)
    z = _input.positive_scalar(line, "line")
    a = _alpha(alpha)
    if reference not in ("initial", "final"):
        raise InputError(f"reference must be 'initial' or 'final', got {reference!r}")
    d0 = _dist(before, weights, "before", z, income)
    d1 = _dist(after, _after(weights, weights_after), "after", z, income)

    def stat(w0, w1):
        e0 = d0 if w0 is None else d0.reweighted(w0)
        e1 = d1 if w1 is None else d1.reweighted(w1)
        p0 = e0.P(z, e0.mean, a)
        p1 = e1.P(z, e1.mean, a)
        if reference == "initial":
            growth = e0.P(z, e1.mean, a) - p0
            redis = e1.P(z, e0.mean, a) - p0
        else:
            growth = p1 - e1.P(z, e0.mean, a)
            redis = p1 - e0.P(z, e1.mean, a)
        total = p1 - p0
        return {"growth": growth, "redistribution": redis, "residual": total - growth - redis}, total

    p0, p1 = d0.P(z, d0.mean, a), d1.P(z, d1.mean, a)
    return _two_period("datt_ravallion", "Datt-Ravallion", ["growth", "redistribution", "residual"], stat,
                       (d0.w, d1.w), opts, d0.n, {"line": z, "alpha": a, "reference": reference},
                       {"P_before": p0, "P_after": p1, "mean_before": d0.mean, "mean_after": d1.mean,
                        "curves": (d0.curve, d1.curve)}, a)


@renamed_parameters(weights_before="weights")
def shapley_poverty_change(
    before: Any,
    after: Any,
    *,
    income: Any = None,
    line: float,
    line_after: float | None = None,
    alpha: float = 0,
    weights: Any = None,
    weights_after: Any = None,
    se: str | None = None,
    replicates: int = REPLICATES,
    seed: int | None = None,
    level: float = 0.95,
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
    income : str, optional
        With ``before`` and ``after`` given as DataFrames, the income column (the same
        name in both). None: ``before`` and ``after`` are income arrays.
    line : float
        Poverty line of the first period.
    line_after : float, optional
        Poverty line of the second period (e.g. a line fixed in real terms but
        measured in current prices); None keeps ``line``.
    alpha : float, default 0
        FGT order of the poverty measure (0 headcount, 1 gap, 2 squared gap).
    weights : str or array-like, optional
        Sampling weights of ``before`` (microdata only): a column of ``before`` when
        ``income`` is given, or an array. A column name also names the weights of
        ``after`` unless ``weights_after`` is given.
    weights_after : str or array-like, optional
        Sampling weights of ``after`` (microdata only).
    se : {None, "bootstrap"}, default None
        Standard errors: None (point estimates only) or ``"bootstrap"``: the two periods
        are independent samples, each resampled on its own by the rescaled bootstrap of
        its observations (weights multiplied, so the SEs do not depend on the weights'
        scale); needs microdata and ``seed``. The replicates give the joint covariance of
        all rows (e.g. of the growth minus the redistribution term).
    replicates : int, default 500
        Number of bootstrap replicates.
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    Decomposition
        Components ``growth``, ``redistribution`` (and ``line``) with measures
        ``change`` and ``share``; the ``total`` rows hold the change.
    """
    opts = inference_options("shapley_poverty_change", se, replicates, seed, level)
    z0 = _input.positive_scalar(line, "line")
    z1 = z0 if line_after is None else _input.positive_scalar(line_after, "line_after")
    a = _alpha(alpha)
    d0 = _dist(before, weights, "before", z0, income)
    d1 = _dist(after, _after(weights, weights_after), "after", z1, income)
    with_line = z1 != z0
    names = ["growth", "redistribution"] + (["line"] if with_line else [])

    def game(e0: _Dist, e1: _Dist):
        def v(mask: int) -> float:
            mu = e1.mean if mask & 1 else e0.mean
            dist = e1 if mask & 2 else e0
            z = z1 if mask & 4 else z0
            return dist.P(z, mu, a)
        return v

    def stat(w0, w1):
        v = game(d0 if w0 is None else d0.reweighted(w0), d1 if w1 is None else d1.reweighted(w1))
        phi = shapley_values(v, len(names))
        return dict(zip(names, phi)), v((1 << len(names)) - 1) - v(0)

    v = game(d0, d1)
    p0, p1 = v(0), v((1 << len(names)) - 1)
    return _two_period("shapley_poverty_change", "Shapley poverty change", names, stat, (d0.w, d1.w), opts, d0.n,
                       {"line": z0, "line_after": z1, "alpha": a},
                       {"P_before": p0, "P_after": p1, "mean_before": d0.mean, "mean_after": d1.mean,
                        "curves": (d0.curve, d1.curve)}, a)


def _sector_data(x: Any, income: Any, sector: Any, weights: Any, name: str):
    data, col = _column(x, income, name)
    y = _input.numeric(data, col, f"{name} income")
    n = y.shape[0]
    codes, labels = _input.groups(data, sector, n, name=f"{name} sector")
    w = _input.weights(data, weights, n, name=f"{name} weights")
    return y, codes, labels, w


def _sector_table(y, codes, labels, w, z: float, a: float, name: str):
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


def _sector_terms(n0, p0, n1, p1):
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
    return vals, total, by


@renamed_parameters(weights_before="weights", sector_before="by", sector_after="by_after")
def sectoral(
    before: Any = None,
    after: Any = None,
    *,
    income: Any = None,
    line: float | None = None,
    alpha: float = 0,
    by: Any = None,
    by_after: Any = None,
    weights: Any = None,
    weights_after: Any = None,
    shares_before: Any = None,
    poverty_before: Any = None,
    shares_after: Any = None,
    poverty_after: Any = None,
    se: str | None = None,
    replicates: int = REPLICATES,
    seed: int | None = None,
    level: float = 0.95,
) -> Decomposition:
    """Ravallion-Huppi (1991) sectoral decomposition of ``P_1 - P_0 = sum_i n_i P_i``.

    ``intra-sectoral = sum_i n_i0 (P_i1 - P_i0)``,
    ``population shift = sum_i (n_i1 - n_i0) P_i0``,
    ``interaction = sum_i (n_i1 - n_i0)(P_i1 - P_i0)``. Give either microdata
    (``before``/``after`` with sector labels ``by``/``by_after``, ``line`` and
    ``alpha``) or ready sector tables (``shares_*`` and ``poverty_*``). Every sector
    must appear in both periods.

    Parameters
    ----------
    before : array-like or pandas.DataFrame, optional
        Incomes of the first period (microdata form), or a frame with an
        ``income`` column.
    after : array-like or pandas.DataFrame, optional
        Incomes of the second period (microdata form).
    income : str, optional
        With ``before`` and ``after`` given as DataFrames, the income column.
    line : float, optional
        Poverty line (microdata form).
    alpha : float, default 0
        FGT order of the poverty measure (0 headcount, 1 gap, 2 squared gap).
    by : str or array-like, optional
        Sector of each ``before`` income (a column of ``before`` when ``income`` is
        given, or an array). A column name also names the sectors of ``after``
        unless ``by_after`` is given.
    by_after : str or array-like, optional
        Sector of each ``after`` income.
    weights : str or array-like, optional
        Sampling weights of ``before`` (microdata only); a column name also names
        the weights of ``after`` unless ``weights_after`` is given.
    weights_after : str or array-like, optional
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
    se : {None, "bootstrap"}, default None
        Standard errors: None (point estimates only) or ``"bootstrap"``: the two periods
        are independent samples, each resampled on its own by the rescaled bootstrap of
        its observations (weights multiplied, so the SEs do not depend on the weights'
        scale); needs microdata and ``seed``. The replicates give the joint covariance of
        all rows (e.g. of the growth minus the redistribution term).
    replicates : int, default 500
        Number of bootstrap replicates.
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    Decomposition
        Components ``intra-sectoral``, ``population shift``, ``interaction`` with
        measures ``change`` and ``share``; ``details["by_sector"]`` has the terms
        per sector.

    Raises
    ------
    InputError
        Both or neither input forms, or a sector missing from one period.
    """
    opts = inference_options("sectoral", se, replicates, seed, level)
    micro = before is not None or after is not None
    table_in = any(x is not None for x in (shares_before, poverty_before, shares_after, poverty_after))
    if micro == table_in:
        raise InputError("give either microdata (before, after, by, by_after, line) "
                         "or sector tables (shares_before, poverty_before, shares_after, poverty_after)")
    a = _alpha(alpha)
    periods: tuple = (None, None)
    stat = None
    if micro:
        by_after = _after(by, by_after)
        if line is None or by is None or by_after is None or before is None or after is None:
            raise InputError("microdata input needs before, after, by (the sector of each row), by_after and line")
        z = _input.positive_scalar(line, "line")
        s0 = _sector_data(before, income, by, weights, "before")
        s1 = _sector_data(after, income, by_after, _after(weights, weights_after), "after")
        n0, p0 = _sector_table(*s0, z, a, "before")
        n1, p1 = _sector_table(*s1, z, a, "after")
        periods = (s0[3], s1[3])

        def stat(w0, w1):
            if w0 is None:
                return _sector_terms(n0, p0, n1, p1)[:2]
            return _sector_terms(*_sector_table(*s0[:3], w0, z, a, "before"),
                                 *_sector_table(*s1[:3], w1, z, a, "after"))[:2]
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
    vals, total, by_sector = _sector_terms(n0, p0, n1, p1)
    if stat is None:
        def stat(w0, w1):
            return vals, total
    return _two_period("sectoral", "Ravallion-Huppi sectoral", list(vals), stat, periods, opts,
                       None, {"line": line, "alpha": a},
                       {"by_sector": by_sector, "P_before": float((n0 * p0).sum()),
                        "P_after": float((n1 * p1).sum())}, a)
