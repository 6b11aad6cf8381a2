"""Private vectorised kernels shared by the decompositions.

Conventions (shared with ``docs/methods/decompositions.md``):

* Weights are sampling weights; every statistic is a weighted population
  statistic (divisor ``sum(w)``, not ``sum(w) - 1``).
* Fractional ranks use the midpoint rule ``F_i = (W_{<i} + w_i / 2) / W`` and
  **tied incomes share the average fractional rank of their tie block**, so the
  Gini and the Gini correlations do not depend on the order of the rows.
  With this rule ``2 cov(y, F) / mean(y)`` equals the weighted mean absolute
  difference ``sum_ij w_i w_j |y_i - y_j| / (2 W^2 mean(y))`` exactly.

These kernels are deliberately small and fast (they are called thousands of
times by Shapley and bootstrap loops); the public, survey-aware measures live in
``povecon.measures``.
"""

from __future__ import annotations

import numpy as np

from ..errors import EstimationError


def wmean(x: np.ndarray, w: np.ndarray) -> float:
    return float(np.dot(w, x) / w.sum())


def frac_rank(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted midpoint fractional rank, ties averaged (see module docstring)."""
    order = np.argsort(y, kind="stable")
    ys, ws = y[order], w[order]
    new_block = np.empty(ys.shape[0], dtype=bool)
    new_block[0] = True
    np.not_equal(ys[1:], ys[:-1], out=new_block[1:])
    block = np.cumsum(new_block) - 1
    bw = np.bincount(block, weights=ws)
    before = np.concatenate([[0.0], np.cumsum(bw)[:-1]])
    f_block = (before + bw / 2.0) / ws.sum()
    out = np.empty(y.shape[0], dtype=np.float64)
    out[order] = f_block[block]
    return out


def wcov(x: np.ndarray, z: np.ndarray, w: np.ndarray) -> float:
    W = w.sum()
    mx = np.dot(w, x) / W
    mz = np.dot(w, z) / W
    return float(np.dot(w, (x - mx) * (z - mz)) / W)


def gini(y: np.ndarray, w: np.ndarray) -> float:
    mu = wmean(y, w)
    if mu <= 0:
        raise EstimationError(f"the Gini needs a positive mean income, got {mu:.6g}")
    return 2.0 * wcov(y, frac_rank(y, w), w) / mu


def ge(y: np.ndarray, w: np.ndarray, alpha: float) -> float:
    """Generalised entropy GE(alpha); alpha=0 is the MLD, alpha=1 the Theil index."""
    mu = wmean(y, w)
    if mu <= 0:
        raise EstimationError(f"GE({alpha}) needs a positive mean income, got {mu:.6g}")
    r = y / mu
    if alpha in (0, 1) or alpha < 0:
        if (r[w > 0] <= 0).any():
            raise EstimationError(f"GE({alpha}) needs every income > 0")
    if alpha == 0:
        return float(-np.dot(w, np.log(r)) / w.sum())
    if alpha == 1:
        return float(np.dot(w, r * np.log(r)) / w.sum())
    return float((np.dot(w, r ** alpha) / w.sum() - 1.0) / (alpha * (alpha - 1.0)))


def fgt(y: np.ndarray, w: np.ndarray, z: float, alpha: float) -> float:
    poor = y < z
    gap = np.where(poor, 1.0 - y / z, 0.0)
    v = poor.astype(np.float64) if alpha == 0 else np.where(poor, gap ** alpha, 0.0)
    return float(np.dot(w, v) / w.sum())


INDEXES = {
    "gini": gini,
    "mld": lambda y, w: ge(y, w, 0.0),
    "theil": lambda y, w: ge(y, w, 1.0),
    "ge2": lambda y, w: ge(y, w, 2.0),
    "cv2": lambda y, w: 2.0 * ge(y, w, 2.0),
    "var": lambda y, w: wcov(y, y, w),
}
