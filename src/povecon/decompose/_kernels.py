"""Private vectorised kernels shared by the decompositions.

Conventions (shared with ``docs/methods/decompositions.md``):

* Weights are sampling weights; every statistic is a weighted population
  statistic (divisor ``sum(w)``, not ``sum(w) - 1``).
* Fractional ranks use the midpoint rule ``F_i = (W_{<i} + w_i / 2) / W`` and
  **tied incomes share the average fractional rank of their tie block**, so the
  Gini and the Gini correlations do not depend on the order of the rows.
  With this rule ``2 cov(y, F) / mean(y)`` equals the weighted mean absolute
  difference ``sum_ij w_i w_j |y_i - y_j| / (2 W^2 mean(y))`` exactly.

These kernels skip the input gate (they are called thousands of times by Shapley
and bootstrap loops); GE and FGT reuse the arithmetic of ``povecon.measures``, and
the Gini is written through ``cov(y, F)`` because the source decomposition needs the
same fractional ranks for its Gini correlations and allows negative source values.
"""

from __future__ import annotations

import numpy as np

from ..errors import EstimationError
from ..measures.inequality import _ge_value_if
from ..measures.poverty import _fgt_parts


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
    if alpha in (0, 1) or alpha < 0:
        if (y[w > 0] <= 0).any():
            raise EstimationError(f"GE({alpha}) needs every income > 0")
    return float(_ge_value_if(y, w, alpha, False)[0])


def fgt(y: np.ndarray, w: np.ndarray, z: float, alpha: float) -> float:
    """FGT(alpha) at line z, poor if y < z: the measures' kernel without the input gate."""
    return float(np.dot(w, _fgt_parts(y, w, z, alpha, True)[0]) / w.sum())


INDEXES = {
    "gini": gini,
    "mld": lambda y, w: ge(y, w, 0.0),
    "theil": lambda y, w: ge(y, w, 1.0),
    "ge2": lambda y, w: ge(y, w, 2.0),
    "cv2": lambda y, w: 2.0 * ge(y, w, 2.0),
    "var": lambda y, w: wcov(y, y, w),
}
