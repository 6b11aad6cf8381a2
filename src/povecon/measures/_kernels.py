"""Vectorised numeric kernels shared by the measures.

Conventions used throughout the measures package:

* ``F(y)`` is the weighted distribution function. Sorted-rank statistics use the
  *mid-rank* ``F_i = (W_{<i} + w_i / 2) / N`` with tied incomes pooled, so results
  do not depend on the order of ties.
* A "linearized variable" ``u`` of an estimator ``theta`` is the per-observation
  vector with ``theta_hat - theta ~= sum_i w_i u_i``, i.e. the influence function
  divided by the estimated population size ``N = sum_i w_i``. Variances then come
  from ``ResolvedDesign.linearized_cov(u)``.
"""

from __future__ import annotations

import threading

import numpy as np

_SIGN = np.uint64(1 << 63)
_THREAD_MIN = 1 << 20
_CHUNK = 1 << 16  # rows per block of the blockwise element-wise steps (exact: no reordering)


def _truncated_key(y: np.ndarray, shift: int) -> np.ndarray:
    """uint64 keys whose order is the numeric order of float64 ``y``, low ``shift`` bits cleared."""
    bits = y.view(np.uint64)
    high = ~np.uint64((1 << shift) - 1)
    if y.view(np.int64).min() >= 0:  # sign bit clear everywhere: IEEE bits already sort numerically
        return bits & high
    key = np.where((bits & _SIGN).astype(bool), ~bits, bits | _SIGN)
    key &= high
    return key


def sort_weighted(y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(y_sorted, w_sorted, order)`` with ``y`` ascending.

    ``np.argsort`` on float64 is several times slower than ``np.sort`` on 64-bit
    integers, so the key packs the top bits of an order-preserving integer image of
    ``y`` with the row index in the low bits and is sorted once as uint64; the
    runs whose truncated keys tie (a few per million at registry scale) are then
    re-sorted exactly, stably, all in one ``lexsort``.
    """
    n = y.shape[0]
    shift = max(1, int(n - 1).bit_length())
    mask = np.uint64((1 << shift) - 1)
    key = _truncated_key(y, shift)
    for a in range(0, n, _CHUNK):  # the row index in the low bits, without an n-vector of it
        b = min(a + _CHUNK, n)
        key[a:b] |= np.arange(a, b, dtype=np.uint64)
    key.sort()
    key &= mask  # in place: the sorted keys become the permutation
    order = key.view(np.int64)
    # the two random-access gathers dominate after the sort; numpy releases the GIL in
    # take, so on large samples the weights are gathered in a second thread
    got = {}
    helper = None
    if n >= _THREAD_MIN:
        helper = threading.Thread(target=lambda: got.setdefault("ws", np.take(w, order)))
        helper.start()
    ys = np.take(y, order)
    if n <= np.iinfo(np.int32).max:
        small = order.astype(np.int32)  # the permutation kept in half the memory (the helper only reads)
    else:
        small = order
    if helper is not None:
        helper.join()  # before order changes: the helper reads it
    ws = got.get("ws")
    if ws is None:  # small sample, or the helper failed: gather here (and raise here)
        ws = np.take(w, order)
    order = small
    del key, small
    bad = np.flatnonzero(ys[1:] < ys[:-1])
    fix = None
    if bad.size:
        prefix = _truncated_key(ys, shift)  # ys is sorted by these keys
        lo = np.unique(np.searchsorted(prefix, prefix[bad], side="left"))
        hi = np.searchsorted(prefix, prefix[lo], side="right")
        del prefix
        size = hi - lo
        first = np.cumsum(size) - size
        sel = np.repeat(lo - first, size) + np.arange(int(size.sum()))
        run = np.repeat(np.arange(lo.shape[0]), size)
        fix = np.lexsort((ys[sel], run))
    if fix is not None:
        order[sel] = order[sel][fix]
        ys[sel] = ys[sel][fix]
        ws[sel] = ws[sel][fix]
    return ys, ws, order


def _tie_starts(ys: np.ndarray) -> np.ndarray:
    """True where a sorted value differs from the one before (the first of each tie group)."""
    start = np.empty(ys.shape[0], dtype=bool)
    start[0] = True
    np.not_equal(ys[1:], ys[:-1], out=start[1:])
    return start


def tie_groups(ys: np.ndarray) -> np.ndarray:
    """Group id (0..K-1) of each sorted value; equal values share an id."""
    return np.cumsum(_tie_starts(ys)) - 1


def _no_ties(ys: np.ndarray) -> bool:
    return bool(_tie_starts(ys).all())


def _sub_half(out: np.ndarray, x: np.ndarray) -> None:
    """``out -= 0.5 * x`` blockwise: the same element-wise arithmetic without an n-vector temporary."""
    for a in range(0, out.shape[0], _CHUNK):
        b = a + _CHUNK
        out[a:b] -= 0.5 * x[a:b]


def mid_cdf(ys: np.ndarray, ws: np.ndarray, pooled: bool = True) -> np.ndarray:
    """Mid-rank weighted distribution function at each sorted observation.

    With ``pooled`` ties share ``F(y-) + w(y) / (2N)``; the sum ``sum w_i y_i F_i``
    is the same either way, only per-observation values (influence functions) differ.
    """
    N = ws.sum()
    cw = np.cumsum(ws)
    if not pooled or _no_ties(ys):
        _sub_half(cw, ws)
        cw /= N
        return cw
    g = tie_groups(ys)
    wg = np.bincount(g, weights=ws)
    cg = np.cumsum(wg)
    return (cg - 0.5 * wg)[g] / N


def upper_tail_mean_part(ys: np.ndarray, ws: np.ndarray) -> np.ndarray:
    """``(1/N) * integral_{t >= y_i} t dF(t)`` with the tie group at ``y_i`` counted half."""
    N = ws.sum()
    if _no_ties(ys):
        # every group is one observation: the reverse cumulative sum of w y, minus half of
        # w y, over N -- computed blockwise from the end, each block's sum seeded with the
        # running total so the additions happen in the same sequence as one cumsum
        n = ys.shape[0]
        above = np.empty(n)
        carry = None
        for b in range(n, 0, -_CHUNK):
            a = max(b - _CHUNK, 0)
            wy = ws[a:b] * ys[a:b]
            rev = wy[::-1]
            if carry is None:
                run = rev.cumsum()
            else:
                run = np.cumsum(np.concatenate(([carry], rev)))[1:]
            carry = run[-1]
            blk = run[::-1]
            blk -= wy
            wy *= 0.5
            blk += wy
            blk /= N
            above[a:b] = blk
        return above
    wy = ws * ys
    g = tie_groups(ys)
    tot = np.bincount(g, weights=wy)
    above = tot[::-1].cumsum()[::-1] - tot  # strictly above each group
    return (above + 0.5 * tot)[g] / N


def _gini_sorted_inplace(ys: np.ndarray, ws: np.ndarray) -> float:
    """``gini_sorted`` that overwrites ``ys`` with ``ws * ys`` to save two n-vectors."""
    N = ws.sum()
    cw = np.cumsum(ws)
    cw *= 2.0  # 2 x mid-rank cumulative weight: scaling by 2 is exact, so the result is unchanged
    cw -= ws
    ys *= ws
    tot = ys.sum()
    return float(np.dot(ys, cw) / (N * tot) - 1.0)


def gini_sorted(ys: np.ndarray, ws: np.ndarray) -> float:
    """Plug-in weighted Gini of sorted data: ``2 cov(y, F) / mu``."""
    return _gini_sorted_inplace(ys.copy(), ws)


def gini_with_if(y: np.ndarray, w: np.ndarray, need_if: bool) -> tuple[float, np.ndarray | None]:
    """Plug-in Gini and its linearized variable (in the original row order).

    Influence function (Binder and Kovacevic 1995; Osier 2009):
    ``IF(x) = (2/mu) [x F(x) + int_{t>=x} t dF - 2A] - (G + 1)(x - mu)/mu``
    with ``A = int t F(t) dF``, so that ``G = 2A/mu - 1``.
    """
    ys, ws, order = sort_weighted(y, w)
    if not need_if:
        del order
        return _gini_sorted_inplace(ys, ws), None
    G = gini_sorted(ys, ws)
    N = ws.sum()
    mu = np.dot(ws, ys) / N
    A = (G + 1.0) * mu / 2.0
    # infl = (2/mu) [y F + tail - 2A] - (G + 1) (y - mu) / mu, evaluated in two buffers
    # in the same order of operations (same rounding) to keep the peak near 5 n-vectors
    infl = mid_cdf(ys, ws)
    infl *= ys
    infl += upper_tail_mean_part(ys, ws)
    infl -= 2.0 * A
    infl *= 2.0 / mu
    dev = np.subtract(ys, mu)
    dev *= G + 1.0
    dev /= mu
    infl -= dev
    del dev
    infl /= N
    u = np.empty_like(infl)
    u[order] = infl
    return G, u


def bandwidth(y: np.ndarray, w: np.ndarray) -> float:
    """Kernel bandwidth ``sd_w(y) / n^0.2``, ``n`` the observations with positive weight.

    R convey's ``h_fun`` divides by ``(sum w)^0.2`` instead; sampling weights only say
    how many people each observation stands for, so a bandwidth (and the standard
    errors built on it) must not change when every weight is scaled, while convey's
    shrinks with the population size.
    """
    N = w.sum()
    mu = np.dot(w, y) / N
    sd = np.sqrt(max(np.dot(w, (y - mu) ** 2) / N, 0.0))
    if sd == 0:
        sd = 1.0
    n = positive_count(w)
    return float(sd / max(n, 1) ** 0.2)


class CountedWeights(np.ndarray):
    """Weights of a sample collapsed to distinct values, each carrying its count of rows.

    A registry-scale sample is summarised as one row per distinct (income, group)
    with the summed weight; the only thing a kernel needs beyond ``(y, w)`` is how many
    observations with positive weight stand behind them (the kernel bandwidth).
    ``counts`` follows every selection, permutation and element-wise operation, so
    ``positive_count`` of any subset is the count of the original rows.
    """

    def __new__(cls, weights: np.ndarray, counts: np.ndarray):
        obj = np.asarray(weights, dtype=np.float64).view(cls)
        obj.counts = np.asarray(counts, dtype=np.int64)
        return obj

    def __array_finalize__(self, obj):
        self.counts = getattr(obj, "counts", None)

    def __getitem__(self, key):
        out = super().__getitem__(key)
        if isinstance(out, CountedWeights) and self.counts is not None:
            out.counts = self.counts[key]
        return out

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if self.counts is not None and isinstance(value, CountedWeights) and value.counts is not None:
            self.counts[key] = value.counts

    def take(self, indices, *args, **kwargs):
        out = super().take(indices, *args, **kwargs)
        if isinstance(out, CountedWeights) and self.counts is not None:
            out.counts = self.counts.take(indices, *args, **kwargs)
        return out

    def copy(self, order="C"):
        out = super().copy(order)
        if self.counts is not None:
            out.counts = self.counts.copy()
        return out


def observation_count(w: np.ndarray) -> int:
    """Observations behind ``w`` (rows of a collapsed sample; zero-weight rows are assumed removed)."""
    counts = getattr(w, "counts", None)
    if counts is not None and counts.shape == w.shape:
        return int(counts.sum())
    return int(w.shape[0])


def is_collapsed(w: np.ndarray) -> bool:
    """Whether ``w`` are the summed weights of a collapsed (registry-scale) sample."""
    return getattr(w, "counts", None) is not None


def positive_count(w: np.ndarray) -> int:
    """Observations with positive weight behind ``w`` (rows, for collapsed weights)."""
    counts = getattr(w, "counts", None)
    if counts is not None and counts.shape == w.shape:
        return int(counts[np.asarray(w) > 0].sum())
    return int(np.count_nonzero(w > 0))


def density(y: np.ndarray, w: np.ndarray, at: float, h: float) -> float:
    """Weighted Gaussian kernel density of ``y`` at ``at`` with bandwidth ``h``."""
    u = (at - y) / h
    return float(np.dot(w, np.exp(-0.5 * u * u)) / (w.sum() * h * np.sqrt(2.0 * np.pi)))


def partial_mean(y: np.ndarray, w: np.ndarray, q: float, p: float, need_if: bool):
    """``T(q) = (1/N) sum w_i y_i 1{y_i <= q}`` at a quantile ``q = Q(p)`` and its linearized variable.

    The quantile's own estimation is included: ``IF = y 1{y<=q} - T - q (1{y<=q} - p)``
    (the density cancels, Osier 2009 eq. for the quintile share ratio).
    """
    N = w.sum()
    below = y <= q
    T = float(np.dot(w, np.where(below, y, 0.0)) / N)
    if not need_if:
        return T, None
    return T, (np.where(below, y, 0.0) - T - q * (below - p)) / N
