"""Poverty curves, quantile functions and Lorenz curves over a grid, with uniform bands.

Every curve here is a set of functionals of one weighted distribution evaluated on a
grid of thresholds ``t_1 <= ... <= t_K`` (poverty lines, or quantiles ``Q(p_k)``), each of
the form ``theta_k = (1/N) sum_i w_i A_k(y_i) 1{y_i < t_k}`` plus smooth terms, with
``A_k`` a polynomial of low degree in ``y``. So one weighted sort and the cumulative sums
of ``w``, ``w y``, ``w y^2`` at the sorted positions of the grid give every point of the
curve (no pass over the data per line), and the same sums of the squared weights give
the joint linearized covariance of the whole grid:

* clustered designs: the PSU totals of the linearized variables of every grid point come
  from one ``bincount`` over (PSU, grid bin) pairs followed by a cumulative sum along the
  grid, an ``(n_psu, K)`` matrix, as ``ResolvedDesign.psu_totals`` would give column by
  column;
* designs whose PSUs are single observations (simple random sampling, stratified or not)
  with too many observations for that matrix: the covariance is expanded into
  cumulative moments ``sum_i s_h w_i^2 y_i^m`` (``m <= 2 deg A``) at the grid, so it
  costs ``O(n + K^2)`` memory and time; equal to the general formula up to rounding.

Uniform (simultaneous) bands: ``value +- c se`` with ``c`` the ``level`` quantile of
``max_k |T_k|`` over the grid, ``T`` drawn from the multivariate t (normal when the design
degrees of freedom are unknown) with the estimated correlation of the curve, the
simulated maximum-t of Hothorn, Bretz & Westfall (2008) for simultaneous inference; or
the conservative studentized maximum modulus bound (Stoline & Ury 1979), which ignores
the correlation.

References: Foster, J. & Shorrocks, A. (1988), "Poverty orderings", Econometrica 56(1);
Davidson, R. & Duclos, J.-Y. (2000), "Statistical inference for stochastic dominance and
for the measurement of poverty and inequality", Econometrica 68(6), 1435-1464; Araar, A. &
Duclos, J.-Y., DASP user manual (``cfgt``, ``clorenz``, ``dombdpl``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import integrate, optimize, stats

from .. import _input, inference
from ..errors import InputError
from ..result import DenseCovariance, NoCovariance, ReplicateCovariance, Result, StackedCovariance
from . import _core, _docs
from ._kernels import bandwidth, density, sort_weighted
from .lines import weighted_quantile

BAND_METHODS = ("maxt", "smm", None)
BAND_DRAWS = 20_000  # draws of the simulated maximum-t; the 95% quantile is then good to about +-0.01
MAX_TOTALS = 20_000_000  # PSU-by-grid entries above which single-observation PSUs use the moment formula
QUANTILE_RULES = ("eurostat", "inverse")


# --- grids --------------------------------------------------------------------------------------

def line_grid(lines: Any, samples: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The grid of poverty lines: an array, a number of points, or ``(lo, hi, n)``.

    A number ``n`` gives ``n`` equally spaced lines from the weighted 5th to the weighted
    95th percentile of the incomes (pooled over ``samples``: the lowest 5th and the
    highest 95th percentile of any sample), where the curves are estimated with precision.
    """
    if isinstance(lines, tuple) and len(lines) == 3:
        lo, hi, k = lines
        k = _count(k, "the number of lines")
        lo, hi = float(lo), float(hi)
        if not (np.isfinite(lo) and np.isfinite(hi) and hi > lo):
            raise InputError(f"lines=(lo, hi, n) needs finite lo < hi, got {lines!r}")
        return np.linspace(lo, hi, k)
    if np.ndim(lines) == 0:
        k = _count(lines, "lines")
        lo = min(weighted_quantile(y, w, 0.05, "inverse") for y, w in samples)
        hi = max(weighted_quantile(y, w, 0.95, "inverse") for y, w in samples)
        if not hi > lo:
            raise InputError("the 5th and 95th income percentiles coincide; give the lines explicitly")
        return np.linspace(lo, hi, k)
    try:
        grid = np.asarray(lines, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise InputError(f"lines must be numbers, a number of points or (lo, hi, n), got {lines!r}") from None
    if grid.size == 0 or not np.isfinite(grid).all():
        raise InputError("lines must be a non-empty list of finite numbers")
    grid = np.unique(grid)
    return grid


def p_grid(points: Any, *, closed: bool) -> np.ndarray:
    """Population shares: a number ``n`` of steps or a list of shares in (0, 1) (or (0, 1] when ``closed``)."""
    if np.ndim(points) == 0:
        k = _count(points, "points")
        return np.arange(1, k + 1) / k if closed else np.arange(1, k + 1) / (k + 1)
    ps = np.unique(np.array([_input.fraction(p, "points", high=1.0) for p in np.asarray(points).reshape(-1)]))
    if not closed and (ps >= 1).any():
        raise InputError("quantile shares must lie in (0, 1)")
    if ps.size == 0:
        raise InputError("points is empty")
    return ps


def _count(k, what) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InputError(f"{what} must be a whole number >= 1, got {k!r}")
    return int(k)


# --- the functionals ----------------------------------------------------------------------------

class _FGTSpec:
    """``(scale / t^alpha if normalized) * (1/N) sum w (t - y)^alpha 1{y < t}`` (``<=`` unless strict)."""

    def __init__(self, lines, alpha: int, normalized: bool, strict: bool, scale: float = 1.0):
        self.lines = np.asarray(lines, dtype=np.float64)
        self.alpha, self.normalized, self.strict, self.scale = int(alpha), normalized, strict, scale
        self.deg = self.alpha

    def thresholds(self, ys, ws, N):
        return self.lines

    def poly(self, t):
        """Coefficients of ``A_k(y) = sum_m c_m y^m``, one row per line."""
        a = self.alpha
        cols = [math.comb(a, m) * t ** (a - m) * (-1.0) ** m for m in range(a + 1)]
        A = np.column_stack(cols) * self.scale
        if self.normalized and a:
            A /= (t ** a)[:, None]
        return A

    def evaluate(self, t, CW, TW, N, ys, ws, need_if):
        A0 = self.poly(t)
        v = (A0 * CW[:, :A0.shape[1]]).sum(axis=1) / N
        if not need_if:
            return v, None, None
        B = np.column_stack([-v / N, np.zeros_like(v)])
        return v, A0 / N, B


def _quantiles(ys, ws, N, ps, rule):
    """Weighted quantiles of sorted data, as ``lines.quantile_sorted`` for each share."""
    n = ys.shape[0]
    rw = np.cumsum(ws) / N
    k = np.minimum(np.searchsorted(rw, ps, side="left"), n - 1)
    q = ys[k].copy()
    if rule == "eurostat":
        mid = (rw[k] == ps) & (k + 1 < n)
        q[mid] = 0.5 * (ys[k[mid]] + ys[np.minimum(k[mid] + 1, n - 1)])
    return q


class _QuantileSpec:
    """``Q(p)``; linearized variable ``-(1{y <= Q} - p) / (f(Q) N)`` (kernel density ``f``)."""

    strict = False
    deg = 0

    def __init__(self, ps, rule):
        self.ps, self.rule = np.asarray(ps, dtype=np.float64), rule

    def thresholds(self, ys, ws, N):
        return _quantiles(ys, ws, N, self.ps, self.rule)

    def evaluate(self, t, CW, TW, N, ys, ws, need_if):
        if not need_if:
            return t.copy(), None, None
        h = bandwidth(ys, ws)
        f = np.array([density(ys, ws, q, h) for q in t])
        if not (f > 0).all():
            raise InputError("the income density at a quantile is zero; cannot linearize the quantile curve")
        A = (-1.0 / (f * N))[:, None]
        B = np.column_stack([self.ps / (f * N), np.zeros_like(f)])
        return t.copy(), A, B


class _LorenzSpec:
    """``GL(p) = (1/N) int_0^{pN} y_(s) ds`` (or ``L = GL / mu``), interpolated as ``pe.lorenz``."""

    strict = False
    deg = 1

    def __init__(self, ps, generalized):
        self.ps, self.generalized = np.asarray(ps, dtype=np.float64), generalized

    def thresholds(self, ys, ws, N):
        cw = np.cumsum(ws)
        k = np.minimum(np.searchsorted(cw, self.ps * N, side="left"), ys.shape[0] - 1)
        return ys[k]

    def evaluate(self, t, CW, TW, N, ys, ws, need_if):
        p = self.ps
        # every observation equal to the threshold has income t, so the interpolated
        # ordinate is the cumulative income up to t minus the excess weight at t
        gl = (CW[:, 1] + (p * N - CW[:, 0]) * t) / N
        mu = TW[1] / N
        if not mu > 0:
            raise InputError(f"the Lorenz curve needs a positive mean income, got {mu:g}")
        A = np.column_stack([-t, np.ones_like(t)]) / N
        B = np.column_stack([(t * p - gl) / N, np.zeros_like(t)])
        if self.generalized:
            return gl, (A if need_if else None), (B if need_if else None)
        L = gl / mu
        if not need_if:
            return L, None, None
        B = B + np.column_stack([L * mu / N, -L / N])
        return L, A / mu, B / mu


# --- cumulative sums on the sorted sample -------------------------------------------------------

def _bin_sums(x: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums of ``x[starts[b]:starts[b+1]]`` (the last bin to the end); empty bins give 0."""
    n = x.shape[0]
    out = np.zeros(starts.shape[0])
    inside = starts < n  # bins starting at the end are empty (and trail: starts never decrease)
    if inside.any():
        out[inside] = np.add.reduceat(x, starts[inside])
    ends = np.append(starts[1:], n)
    out[ends <= starts] = 0.0  # reduceat gives x[start] for an empty bin
    return out


def cum_moments(ys: np.ndarray, v: np.ndarray, pos: np.ndarray, deg: int) -> tuple[np.ndarray, np.ndarray]:
    """``sum_{i < pos_k} v_i ys_i^m`` for every grid point ``k`` and ``m <= deg``, and the totals.

    One multiplication and one ``reduceat`` per power over the sorted arrays; the sums per
    grid bin are then accumulated along the grid (K values, not n).
    """
    starts = np.concatenate([[0], pos]).astype(np.intp)
    sums = np.empty((starts.shape[0], deg + 1))
    tmp = None
    for m in range(deg + 1):
        if m == 0:
            x = v
        elif m == 1:
            tmp = v * ys
            x = tmp
        else:
            tmp *= ys
            x = tmp
        sums[:, m] = _bin_sums(x, starts)
    cum = np.cumsum(sums, axis=0)
    return cum[:-1], cum[-1]


@dataclass
class Group:
    """One group's sample, sorted once: incomes, weights, rows in the prepared sample."""

    ys: np.ndarray
    ws: np.ndarray
    rows: np.ndarray | None  # positions in the prepared sample; None when it is the whole sample in order
    N: float


@dataclass
class Prepared:
    """A prepared sample with its groups sorted once (reused for every grid and crossing)."""

    sample: Any
    groups: list
    labels: list
    ns: list


def prepare_sorted(s) -> Prepared:
    masks, labels = _core._masks(s)
    w = s.design.weights
    groups, ns = [], []
    for d, lab in zip(masks, labels):
        _core._check_mass(w, d, lab)
        if d is None:
            ys, ws, order = sort_weighted(s.y, w)
            rows = np.asarray(order, dtype=np.intp)
        else:
            idx = np.flatnonzero(d)
            ys, ws, order = sort_weighted(s.y[idx], w[idx])
            rows = idx[order]
        groups.append(Group(ys, ws, rows, float(ws.sum())))
        ns.append(int(ys.shape[0]))
    return Prepared(s, groups, labels, ns)


def _positions(g: Group, t: np.ndarray, strict: bool) -> np.ndarray:
    return np.searchsorted(g.ys, t, side="left" if strict else "right")


def _bins(pos: np.ndarray, n: int) -> np.ndarray:
    counts = np.diff(np.concatenate([[0], pos, [n]]))
    return np.repeat(np.arange(pos.shape[0] + 1, dtype=np.intp), counts)


@dataclass
class Fit:
    """Values (G, K), thresholds (G, K), covariance of all G*K points and its source."""

    values: np.ndarray
    thresholds: np.ndarray
    cov: np.ndarray
    source: Any
    df: float | None
    prepared: Prepared


def _strata_scale(rd) -> tuple[np.ndarray | None, np.ndarray, np.ndarray] | None:
    """Per stratum ``s_h`` (``n_h / (n_h - 1)``, times ``1 - f_h``), ``n_h`` and the stratum of each row.

    None when a lonely stratum needs the general code (``"error"`` or ``"center"``).
    """
    if isinstance(rd, _core.SimpleDesign) and rd._plain():
        n = rd.n
        if n < 2:
            return None
        return None, np.array([n / (n - 1)]), np.array([float(n)])
    strata = rd.strata
    H = int(strata.max()) + 1
    n_h = np.bincount(strata, minlength=H).astype(np.float64)
    if (n_h < 2).any() and rd.lonely_psu != "certainty":
        return None
    s_h = np.where(n_h > 1, n_h / np.maximum(n_h - 1, 1), 0.0)
    if rd.fpc is not None:
        first = np.zeros(H)
        first[strata] = rd.fpc
        pop = np.where(first >= 1, first, n_h / first)
        s_h = s_h * np.clip(1.0 - n_h / pop, 0.0, None)
    return strata, s_h, n_h


def _single_obs_psus(rd) -> bool:
    if isinstance(rd, _core.SimpleDesign) and rd._plain():
        return True
    return rd.n_psu == rd.n and np.array_equal(rd.psu, np.arange(rd.n))


def _shift(P: np.ndarray, c: float) -> np.ndarray:
    """Coefficients of the polynomials ``P_k(y)`` (rows) in powers of ``y - c``."""
    out = np.zeros_like(P)
    for m in range(P.shape[1]):
        for j in range(m + 1):
            out[:, j] += P[:, m] * math.comb(m, j) * c ** (m - j)
    return out


def _moment_block(A, B, CV, TV):
    """``sum_i v_i u_ij u_ik`` for ``u_ik = A_k(y_i) 1{y_i < t_k} + B_k(y_i)`` from cumulative moments of ``v``."""
    K, da = A.shape
    idx = np.arange(K)
    mn = np.minimum.outer(idx, idx)
    S = np.zeros((K, K))
    for m in range(da):
        for l in range(da):
            S += np.outer(A[:, m], A[:, l]) * CV[mn, m + l]
    X = np.zeros((K, K))
    for l in range(B.shape[1]):
        X += np.outer((A * CV[:, l:l + da]).sum(axis=1), B[:, l])
    S += X + X.T
    for m in range(B.shape[1]):
        for l in range(B.shape[1]):
            S += np.outer(B[:, m], B[:, l]) * TV[m + l]
    return S


def fit(prep: Prepared, spec, se: str | None, replicates: int = 500, seed: int | None = None) -> Fit:
    """Values and joint covariance of ``spec`` on every group of a prepared sample."""
    s = prep.sample
    rd = s.design
    G = len(prep.groups)
    values, thresholds, As, Bs, CWs, TWs, poss = [], [], [], [], [], [], []
    deg = max(spec.deg, 1)
    need = se == "linearized"
    for g in prep.groups:
        t = np.asarray(spec.thresholds(g.ys, g.ws, g.N), dtype=np.float64)
        pos = _positions(g, t, spec.strict)
        CW, TW = cum_moments(g.ys, g.ws, pos, deg)
        v, A, B = spec.evaluate(t, CW, TW, g.N, g.ys, g.ws, need)
        values.append(v)
        thresholds.append(t)
        As.append(A)
        Bs.append(B)
        CWs.append(CW)
        TWs.append(TW)
        poss.append(pos)
    V = np.vstack(values)
    K = V.shape[1]
    _input.finite_result(V, "the curve", inputs=s.y, only_extreme=True)
    source, df = NoCovariance(), None
    cov = np.full((G * K, G * K), np.nan)
    if need:
        df = float(rd.df)
        scale = _strata_scale(rd) if _single_obs_psus(rd) else None
        if scale is not None and (rd.n * G * K > MAX_TOTALS):
            cov = _moment_cov(prep, spec, scale, As, Bs, CWs, TWs, poss)
            source = DenseCovariance(cov, "linearized")
        else:
            T = np.hstack([_psu_totals(rd, g, A, B, pos, spec.deg) for g, A, B, pos in zip(prep.groups, As, Bs, poss)])
            pseudo = rd.psu_level()
            cov = np.atleast_2d(pseudo.linearized_cov(T))
            source = _core._SampleCovariance(pseudo, lambda idx, T=T: T[:, idx], rd, s.y)
    elif se in ("bootstrap", "replicate"):
        if se == "bootstrap":
            W = rd.bootstrap_weights(int(replicates), seed)
            kind, key = "bootstrap", ("bootstrap", int(replicates), seed, _core.sample_key(rd, s.y))
            df = float(rd.df)
        else:
            if rd.replicate is None:
                raise InputError("se='replicate' needs SurveyDesign(replicate=...) replicate weights")
            W = rd.replicate
            kind, key = "replicate", ("replicate", W.shape[1], _core.sample_key(rd, s.y), float(np.sum(W)))
            df = float(W.shape[1] - 1)
        R = W.shape[1]
        reps = np.empty((R, G * K))
        for j, g in enumerate(prep.groups):
            Wg = W[g.rows]  # the group's replicate weights in sorted order
            for r in range(R):
                wr = np.ascontiguousarray(Wg[:, r])
                Nr = wr.sum()
                if not Nr > 0:
                    raise InputError(f"replicate {r} gives a group zero weight; use se='linearized'")
                t = np.asarray(spec.thresholds(g.ys, wr, Nr), dtype=np.float64)
                CW, TW = cum_moments(g.ys, wr, _positions(g, t, spec.strict), deg)
                reps[r, j * K:(j + 1) * K] = spec.evaluate(t, CW, TW, Nr, g.ys, wr, False)[0]
        source = ReplicateCovariance(V.reshape(-1), reps, kind, rd.replicate_scale, rd.replicate_rscales, key=key)
        cov = source.matrix(np.arange(G * K))
    elif se is not None:
        raise InputError(f"se must be one of {_core.SE_METHODS}, got {se!r}")
    return Fit(V, np.vstack(thresholds), cov, source, df, prep)


def _psu_totals(rd, g: Group, A, B, pos, degA):
    """``(n_psu, K)`` PSU totals of ``w_i u_ik`` (zero outside the group)."""
    n_psu = rd.n_psu
    K = pos.shape[0]
    bins = _bins(pos, g.ys.shape[0])
    key = rd.psu[g.rows].astype(np.int64) * (K + 1) + bins
    T = np.zeros((n_psu, K))
    x = g.ws
    for m in range(max(degA, 1) + 1):
        if m:
            x = x * g.ys
        M = np.bincount(key, weights=x, minlength=n_psu * (K + 1)).reshape(n_psu, K + 1).cumsum(axis=1)
        if m < A.shape[1]:
            T += M[:, :K] * A[:, m]
        if m < B.shape[1]:
            T += M[:, K:K + 1] * B[:, m]
    return T


def _moment_cov(prep, spec, scale, As, Bs, CWs, TWs, poss):
    """Covariance when every PSU is one observation: ``sum_i s_h w_i^2 u_i u_i' - sum_h s_h / n_h T_h T_h'``."""
    strata, s_h, n_h = scale
    G = len(prep.groups)
    K = poss[0].shape[0]
    cov = np.zeros((G * K, G * K))
    H = s_h.shape[0]
    Th = np.zeros((H, G * K))
    for j, (g, A, B, CW, TW, pos) in enumerate(zip(prep.groups, As, Bs, CWs, TWs, poss)):
        da = A.shape[1]
        v = g.ws * g.ws
        if strata is None:
            v *= s_h[0]
        else:
            v *= s_h[strata[g.rows]]
        # moments about the group's mean: the expanded products then cancel far less
        c = TW[1] / TW[0]
        CV, TV = cum_moments(g.ys - c, v, pos, max(2 * (da - 1), da, 2))
        sl = slice(j * K, (j + 1) * K)
        cov[sl, sl] = _moment_block(_shift(A, c), _shift(B, c), CV, TV)
        if strata is None:
            Th[0, sl] = (A * CW[:, :da]).sum(axis=1) + B[:, 0] * TW[0] + B[:, 1] * TW[1]
        else:
            key = strata[g.rows].astype(np.int64) * (K + 1) + _bins(pos, g.ys.shape[0])
            x = g.ws
            for m in range(max(da, 2)):
                if m:
                    x = x * g.ys
                M = np.bincount(key, weights=x, minlength=H * (K + 1)).reshape(H, K + 1).cumsum(axis=1)
                if m < da:
                    Th[:, sl] += M[:, :K] * A[:, m]
                if m < 2:
                    Th[:, sl] += M[:, K:K + 1] * B[:, m]
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.where(n_h > 0, s_h / np.maximum(n_h, 1), 0.0)
    cov -= (Th * f[:, None]).T @ Th
    return cov


# --- simultaneous critical values ---------------------------------------------------------------

def critical_maxt(cov: np.ndarray, level: float, df: float | None, rng: np.random.Generator,
                  draws: int = BAND_DRAWS) -> float:
    """The ``level`` quantile of ``max_k |T_k|``, ``T`` multivariate t (normal without df) with the correlation of ``cov``.

    Points with zero variance (a curve pinned at 0 or 1) are left out.
    """
    sd = np.sqrt(np.clip(np.diag(cov), 0, None))
    keep = sd > 1e-9 * sd.max(initial=0.0)  # a pinned point (L(1) = 1) has only rounding noise
    m = int(keep.sum())
    if m == 0:
        return float("nan")
    c = cov[np.ix_(keep, keep)] / np.outer(sd[keep], sd[keep])
    vals, vecs = np.linalg.eigh((c + c.T) / 2)
    L = vecs * np.sqrt(np.clip(vals, 0, None))
    Z = rng.standard_normal((draws, m)) @ L.T
    if df is not None and np.isfinite(df) and df > 0:
        Z /= np.sqrt(rng.chisquare(df, draws) / df)[:, None]
    return float(np.quantile(np.abs(Z).max(axis=1), level))


def critical_smm(m: int, level: float, df: float | None) -> float:
    """Studentized maximum modulus critical value for ``m`` t statistics (Stoline & Ury 1979).

    ``P(max_k |Z_k| / s <= c) = level`` with independent normal ``Z_k`` and a common
    ``s^2 ~ chi2_df / df``; by Sidak's inequality it bounds the maximum of ``m``
    correlated |t| from above, so the resulting tests and bands are conservative.
    """
    if m < 1:
        return float("nan")
    if df is None or not np.isfinite(df) or df > 1e5:
        return float(stats.norm.ppf(0.5 + 0.5 * level ** (1.0 / m)))
    chi = stats.chi(df, scale=1.0 / np.sqrt(df))

    def coverage(c):
        f = lambda s: (2 * stats.norm.cdf(c * s) - 1) ** m * chi.pdf(s)  # noqa: E731
        return integrate.quad(f, 0, np.inf, limit=200)[0] - level

    z = stats.norm.ppf(0.5 + 0.5 * level ** (1.0 / m))
    return float(optimize.brentq(coverage, z * 0.5, z * 20 + 10))


def critical_value(method: str | None, cov: np.ndarray, level: float, df: float | None, seed) -> float:
    if method == "maxt":
        return critical_maxt(cov, level, df, np.random.default_rng(seed))
    sd = np.sqrt(np.clip(np.diag(cov), 0, None))
    m = int((sd > 1e-9 * sd.max(initial=0.0)).sum())
    return critical_smm(m, level, df)


# --- the result ---------------------------------------------------------------------------------

BAND_COLUMNS = ("band_lower", "band_upper")


class CurveResult(Result):
    """A curve over a grid: one row per (group, point), with pointwise intervals and a uniform band.

    The frame holds ``measure, group, time``, the grid column (``line`` for poverty curves,
    ``p`` for quantile and Lorenz curves), ``value, se, ci_lower, ci_upper, n`` and
    ``band_lower, band_upper``: the simultaneous band that covers the whole curve of a
    group with probability ``level`` (see :attr:`band_method`). ``cov()`` is the joint
    covariance of every point, so ``pe.contrast`` compares two groups' curves point by point.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per grid point (see above).
    **kwargs
        ``covariance, df, n, n_dropped, level, call, design, se_method, notes`` as in
        :class:`povecon.result.Result`.
    band_method : str, optional
        ``"maxt"`` (simulated maximum-t), ``"smm"`` (studentized maximum modulus) or None.
    band_critical : dict, optional
        The band's critical value per group.
    """

    _title = "Curve"

    def __init__(self, frame: pd.DataFrame, *, band_method: str | None = None, band_critical: dict | None = None,
                 **kwargs):
        bands = frame[list(BAND_COLUMNS)] if set(BAND_COLUMNS) <= set(frame.columns) else None
        super().__init__(frame.drop(columns=list(BAND_COLUMNS), errors="ignore"), **kwargs)
        if bands is not None:
            self._frame = pd.concat([self._frame, bands.reset_index(drop=True)], axis=1)
        self.band_method = band_method
        self.band_critical = dict(band_critical or {})

    @property
    def key_columns(self) -> list[str]:
        """Columns that identify a row (the band is a statistic, not a label)."""
        return [c for c in super().key_columns if c not in BAND_COLUMNS]

    @property
    def grid_column(self) -> str:
        """``"line"`` or ``"p"``: the column holding the grid."""
        return "line" if "line" in self._frame.columns else "p"

    def summary(self):
        """The call, the sample, the inference rule, the band and the curve."""
        out = super().summary()
        f = self._frame
        out.table = pd.concat([out.table, f[list(BAND_COLUMNS)].reset_index(drop=True)], axis=1)
        if self.band_method is not None and self.band_critical:
            crit = ", ".join(f"{k if k is not None else 'all'}: {v:.3f}" for k, v in self.band_critical.items())
            out.header.append(f"Uniform band: {self.band_method}, critical value {crit}")
        return out

    def plot(self, ax=None, band: bool = True, **kwargs):
        """The curve of each group with its uniform band shaded and pointwise intervals dashed.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when omitted.
        band : bool, default True
            Shade the uniform band.
        **kwargs
            Passed to ``Axes.plot`` for the curves.

        Returns
        -------
        matplotlib.axes.Axes
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6.5, 4))
        f = self._frame
        x = self.grid_column
        for (meas, grp), part in f.groupby([f["measure"].astype(str), f["group"].astype(str)], sort=False):
            label = meas if grp in ("None", "nan") else f"{meas} ({grp})"
            line, = ax.plot(part[x], part["value"], label=label, **kwargs)
            if band and part["band_lower"].notna().any():
                ax.fill_between(part[x], part["band_lower"], part["band_upper"], color=line.get_color(), alpha=0.2,
                                linewidth=0)
            if part["se"].notna().any():
                ax.plot(part[x], part["ci_lower"], ls="--", lw=0.8, color=line.get_color())
                ax.plot(part[x], part["ci_upper"], ls="--", lw=0.8, color=line.get_color())
        ax.set_xlabel("poverty line" if x == "line" else "population share p")
        ax.set_ylabel("value")
        ax.legend()
        return ax


def _curve_result(fitted: Fit, names: Sequence[str] | str, grid_col: str, grid: np.ndarray, level: float,
                  band: str | None, seed, params: dict, call: dict, se, extra_cols: dict | None = None
                  ) -> CurveResult:
    prep = fitted.prepared
    s = prep.sample
    G, K = fitted.values.shape
    se_all = np.sqrt(np.clip(np.diag(fitted.cov), 0, None))
    se_all = np.where(np.isnan(np.diag(fitted.cov)), np.nan, se_all)
    crit, notes, rows = {}, [], []
    can_band = se is not None and band is not None
    if can_band and band == "maxt" and seed is None:
        can_band = False
        notes.append("the uniform band is simulated and needs seed=...; pass seed (or band='smm') to get it")
    for j, lab in enumerate(prep.labels):
        sl = slice(j * K, (j + 1) * K)
        c = critical_value(band, fitted.cov[sl, sl], level, fitted.df, seed) if can_band else np.nan
        if can_band:
            crit[lab] = c
        for k in range(K):
            row = {"measure": names if isinstance(names, str) else names[k], "group": lab, grid_col: grid[k]}
            row.update({p: v for p, v in params.items() if np.isscalar(v) or v is None})
            for col, vals in (extra_cols or {}).items():
                row[col] = vals[j][k]
            v, e = fitted.values[j, k], se_all[j * K + k]
            row.update(value=v, se=e, n=prep.ns[j], band_lower=v - c * e, band_upper=v + c * e)
            rows.append(row)
    return CurveResult(pd.DataFrame(rows), band_method=band if can_band else None, band_critical=crit,
                       covariance=fitted.source, df=fitted.df, n=s.y.shape[0], n_dropped=s.n_dropped, level=level,
                       call=call, design=s.design_spec, se_method=se, notes=notes)


def _check_band(band):
    if band not in BAND_METHODS:
        raise InputError(f"band must be one of {BAND_METHODS}, got {band!r}")
    return band


# --- public curves ------------------------------------------------------------------------------

_COMMON_DOC = _docs.block(
    _docs.WEIGHTS, _docs.DESIGN,
    _docs.by("(joint covariance across groups) and the result holds one curve per group"), _docs.DOMAIN, _docs.NA,
    _docs.SE, """level : float, default 0.95
        Confidence level of the pointwise intervals and of the uniform band.""", _docs.REPLICATES,
    """seed : int, optional
        Seed of every random step: the bootstrap and the simulated maximum-t of the
        uniform band. Without it the ``"maxt"`` band is not computed (NaN, with a note).""",
    """band : {"maxt", "smm", None}, default "maxt"
        Uniform band: simulated maximum-t with the joint covariance of the grid
        (needs ``seed``), the conservative studentized maximum modulus (deterministic),
        or none.""")


def _doc(f):
    f.__doc__ = f.__doc__.replace("    {common}", "    " + _COMMON_DOC)
    return f


@_doc
def poverty_curve(data=None, income=None, lines: Any = 100, alpha: int = 0, *, normalized: bool = True,
                  strict: bool = True, weights=None, design=None, by=None, domain=None, na: str = "raise",
                  se: str | None = "linearized", level: float = 0.95, replicates: int = 500,
                  seed: int | None = None, band: str | None = "maxt") -> CurveResult:
    """FGT(alpha) as a function of the poverty line, with pointwise intervals and a uniform band.

    ``alpha=0`` is the incidence curve (the headcount, i.e. the distribution function
    below the line), ``alpha=1`` the deficit curve, ``alpha=2`` the severity curve
    (Foster & Shorrocks 1988). With ``normalized=True`` (default) each point is the FGT
    index ``(1/N) sum w ((z - y)/z)^alpha 1{y < z}``, as ``pe.fgt`` at that line; with
    ``normalized=False`` the gaps are in money units, ``(1/N) sum w (z - y)^alpha 1{y < z}``
    (the deficit curve in income units: the area under the distribution function up to ``z``).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation. When None, ``income`` and every other column
        argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per person.
    lines : int, sequence of float or tuple, default 100
        The grid: a number of equally spaced lines between the weighted 5th and 95th
        income percentiles, a list of lines, or ``(lo, hi, n)``.
    alpha : {0, 1, 2} or list of them, default 0
        FGT order(s); a list gives one curve per order from the same sort, with their
        joint covariance (PSU-level scores).
    normalized : bool, default True
        Gaps relative to the line (the FGT index); False gives money units.
    strict : bool, default True
        The poor are ``y < z`` (True) or ``y <= z``.
    {common}

    Returns
    -------
    CurveResult
        One row per (group, line): ``line, value, se, ci_lower, ci_upper, n, band_lower,
        band_upper``; ``cov()`` the joint covariance of the whole grid.

    Raises
    ------
    InputError
        Invalid options, lines ``<= 0`` for a normalized curve with ``alpha >= 1``, or bad data.
    """
    inference.options(se, replicates, seed, level)
    band = _check_band(band)
    alphas = list(alpha) if isinstance(alpha, (list, tuple, np.ndarray)) else [alpha]
    for a in alphas:
        if isinstance(a, bool) or a not in (0, 1, 2):
            raise InputError(f"alpha must be 0, 1 or 2 (or a list of them), got {alpha!r}")
    if not alphas or len(set(alphas)) != len(alphas):
        raise InputError(f"alpha must list distinct orders, got {alpha!r}")
    normalized = _input.bool_option(normalized, "normalized")
    strict = _input.bool_option(strict, "strict")
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na)
    grid = line_grid(lines, [_pooled(s)])
    if normalized and max(alphas) > 0 and (grid <= 0).any():
        raise InputError("normalized deficit and severity curves need lines > 0; give lines or normalized=False")
    prep = prepare_sorted(s)  # one sort serves every alpha
    parts = []
    for a in alphas:
        fitted = fit(prep, _FGTSpec(grid, int(a), normalized, strict), se, replicates, seed)
        params = {"alpha": int(a), "normalized": normalized, "strict": strict}
        parts.append(_curve_result(fitted, f"fgt{int(a)}", "line", grid, level, band, seed, params,
                                   {"function": "poverty_curve"}, se))
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    crit = {(a, g): c for a, p in zip(alphas, parts) for g, c in p.band_critical.items()}
    # across alphas the PSU-level scores of one sample give the joint covariance (the moment
    # formula of very large single-observation designs keeps only each alpha's own block)
    cov = StackedCovariance([p._covariance for p in parts], [len(p) for p in parts])
    return CurveResult(pd.concat([p.frame for p in parts], ignore_index=True), band_method=first.band_method,
                       band_critical=crit, covariance=cov, df=first.df, n=first.n, n_dropped=first.n_dropped,
                       level=level, call=first.call, design=first.design, se_method=se, notes=first.notes)


def _pooled(s):
    d = s.domain
    y, w = s.y, s.design.weights
    return (y, w) if d is None else (y[d], w[d])


@_doc
def quantile_curve(data=None, income=None, points: Any = 19, *, rule: str = "eurostat", weights=None, design=None,
                   by=None, domain=None, na: str = "raise", se: str | None = "linearized", level: float = 0.95,
                   replicates: int = 500, seed: int | None = None, band: str | None = "maxt") -> CurveResult:
    """The quantile function ``Q(p)`` over a grid of shares, with a uniform band (Pen's parade).

    Each point equals ``pe.quantile(..., p=p)``: the linearized variable is
    ``-(1{y <= Q(p)} - p) / (f(Q(p)) N)`` with a Gaussian kernel density ``f``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation. When None, ``income`` and every other column
        argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per person.
    points : int or sequence of float, default 19
        A number ``n`` of shares ``p = 1/(n+1), ..., n/(n+1)``, or a list of shares in (0, 1).
    rule : {"eurostat", "inverse"}, default "eurostat"
        Quantile rule, as ``pe.quantile``.
    {common}

    Returns
    -------
    CurveResult
        One row per (group, p), with the uniform band.

    Raises
    ------
    InputError
        Invalid options or data, or a zero density at a quantile.
    """
    inference.options(se, replicates, seed, level)
    band = _check_band(band)
    if rule not in QUANTILE_RULES:
        raise InputError(f"rule must be one of {QUANTILE_RULES}, got {rule!r}")
    ps = p_grid(points, closed=False)
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na)
    fitted = fit(prepare_sorted(s), _QuantileSpec(ps, rule), se, replicates, seed)
    return _curve_result(fitted, "quantile", "p", ps, level, band, seed, {"rule": rule},
                         {"function": "quantile_curve"}, se)


@_doc
def lorenz_curve(data=None, income=None, points: Any = 20, *, generalized: bool = False, weights=None, design=None,
                 by=None, domain=None, na: str = "raise", se: str | None = "linearized", level: float = 0.95,
                 replicates: int = 500, seed: int | None = None, band: str | None = "maxt") -> CurveResult:
    """Lorenz or generalized Lorenz curve over a grid of shares, with a uniform band.

    The ordinates and their linearized variables are those of ``pe.lorenz`` (income share
    of the poorest ``p``, interpolated within the observation straddling ``p``; the
    generalized curve is ``mu L(p)``, in income units, Shorrocks 1983).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation. When None, ``income`` and every other column
        argument are arrays.
    income : str or array-like
        Column of ``data`` (or an array) holding income or consumption per person.
    points : int or sequence of float, default 20
        A number ``n`` of equal steps (``p = 1/n, ..., 1``) or a list of shares in (0, 1].
    generalized : bool, default False
        Generalized Lorenz ordinates ``GL(p) = mu L(p)``.
    {common}

    Returns
    -------
    CurveResult
        One row per (group, p), with the uniform band (points with zero variance, such as
        ``L(1) = 1``, have a band of zero width).

    Raises
    ------
    InputError
        Invalid options, negative incomes or a non-positive mean.
    """
    inference.options(se, replicates, seed, level)
    band = _check_band(band)
    generalized = _input.bool_option(generalized, "generalized")
    ps = p_grid(points, closed=True)
    s = _core.prepare(data, income, weights=weights, design=design, by=by, domain=domain, na=na, nonnegative=True,
                      why="Lorenz curves")
    fitted = fit(prepare_sorted(s), _LorenzSpec(ps, generalized), se, replicates, seed)
    name = "generalized_lorenz" if generalized else "lorenz"
    return _curve_result(fitted, name, "p", ps, level, band, seed, {}, {"function": "lorenz_curve"}, se)


__all__ = ["poverty_curve", "quantile_curve", "lorenz_curve", "CurveResult", "critical_smm", "critical_maxt"]
