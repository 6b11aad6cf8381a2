"""Are the orderings robust? Poverty-cutoff curves, first-order dominance of the
deprivation-score distribution, and rank stability over weight vectors.

Conventions (Alkire, Foster, Seth, Santos, Roche and Ballon 2015, *Multidimensional
Poverty Measurement and Analysis*, ch. 8): distribution ``a`` first-order
dominates ``b`` -- ``a`` is less poor -- when ``P_a(c >= s) <= P_b(c >= s)`` at
every score ``s`` in the range checked, strictly somewhere; then H and M0 rank
``a`` below ``b`` for every k in that range. These are comparisons of point
estimates, not tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .._compat import renamed_parameters
from ..errors import InputError
from ..result import Result, stack
from .estimate import BLOCK_ROWS
from .result import ALL, KCurve, MPIResult
from .spec import K_TOL, MPISpec


def k_curve(result: MPIResult, group=ALL, time=None, ks: Any = None) -> KCurve:
    """H, A and M0 at every poverty cutoff (see :meth:`MPIResult.k_curve`).

    Parameters
    ----------
    result : MPIResult
        An estimated result.
    group : str, default "all"
        A group label of ``by``, or ``"all"`` for the total.
    time : optional
        A round label of ``time``; required when the result has several rounds.
    ks : sequence of float, optional
        Cutoffs to evaluate; by default every distinct deprivation score.

    Returns
    -------
    KCurve
        A result with rows ``measure`` (H, A, M0) x ``k`` (point estimates);
        ``.wide()`` gives the table with columns ``k, H, A, M0``.
    """
    _check_result(result)
    return result.k_curve(group=group, time=time, ks=ks)


def _check_result(result) -> None:
    if not isinstance(result, MPIResult):
        raise InputError(f"expected an MPIResult from pe.mpi, got {type(result).__name__}")


@dataclass(frozen=True)
class Dominance:
    less_poor: str | None  # "a", "b", or None (curves cross, or equal)
    equal: bool
    max_gap: float  # largest |P_a(c >= s) - P_b(c >= s)| over the scores checked
    k_range: tuple[float, float]


def _unpack(x) -> tuple[Any, Any]:
    return tuple(x) if isinstance(x, tuple) else (x, None)


def dominance(result: MPIResult, a, b, k_range: tuple[float, float] = (0.0, 1.0)) -> Dominance:
    """First-order dominance of the score distribution of ``a`` over ``b``.

    ``a`` is less poor when ``P_a(c >= s) <= P_b(c >= s)`` at every score ``s`` in the
    range, strictly somewhere; then H and M0 rank ``a`` below ``b`` for every k in
    that range (Alkire et al. 2015, ch. 8). A comparison of point estimates, not
    a test.

    Parameters
    ----------
    result : MPIResult
        An estimated result.
    a, b
        Group labels, or ``(group, time)`` pairs; ``"all"`` is the total.
    k_range : tuple of float, default (0.0, 1.0)
        ``(lo, hi]``: the scores compared.

    Returns
    -------
    Dominance
        ``less_poor`` (``"a"``, ``"b"`` or None when the curves cross or are
        equal), ``equal``, ``max_gap`` and ``k_range``.
    """
    _check_result(result)
    try:
        lo, hi = (float(x) for x in k_range)
    except (TypeError, ValueError):
        raise InputError(f"k_range must be a pair (lo, hi) of scores, got {k_range!r}") from None
    if not 0 <= lo < hi <= 1:
        raise InputError(f"k_range must satisfy 0 <= lo < hi <= 1, got {k_range!r}")
    (ga, ta), (gb, tb) = _unpack(a), _unpack(b)
    ca, cb = result._dist(ga, ta), result._dist(gb, tb)
    lv = result.score_levels
    # P(c >= s) only changes at score values, so those (and hi) are the points to compare
    grid = np.append(lv[(lv > lo + K_TOL) & (lv <= hi + K_TOL)], hi)
    at_or_above = lv[:, None] >= grid[None, :] - K_TOL
    sa = (ca[:, None] * at_or_above).sum(0) / ca.sum()
    sb = (cb[:, None] * at_or_above).sum(0) / cb.sum()
    diff = sa - sb
    tol = 1e-12
    if np.all(np.abs(diff) <= tol):
        return Dominance(None, True, float(np.abs(diff).max()), (lo, hi))
    less = "a" if np.all(diff <= tol) else "b" if np.all(diff >= -tol) else None
    return Dominance(less, False, float(np.abs(diff).max()), (lo, hi))


class WeightRobustness(Result):
    """Subgroups' M0 under several indicator-weight vectors (a :class:`povecon.result.Result`).

    One row per ``(weight_set, group)`` with the M0 estimate (and its SE when
    ``se`` was asked for; under one design the rows of different weight sets have
    a joint covariance, so ``pe.contrast(r, weight_set=("baseline", "flat"))``
    works). Built by :func:`weight_robustness`, which adds the summaries
    ``m0`` (groups x weight sets), ``ranks`` (1 = poorest), ``kendall_tau`` (each
    set against the baseline) and ``robust_share`` (the share of group pairs
    ordered the same way under every set).

    Parameters
    ----------
    frame, covariance, df, n, n_dropped, level, call, design, se_method, notes
        As in :class:`povecon.result.Result`.
    """

    _title = "M0 under alternative indicator weights"
    m0: pd.DataFrame
    ranks: pd.DataFrame
    kendall_tau: pd.Series
    robust_share: float


@renamed_parameters(weight_sets="indicator_weight_sets")
def weight_robustness(data: pd.DataFrame, spec: MPISpec,
                      indicator_weight_sets: Mapping[str, Mapping[str, Any]] | Sequence,
                      k: Any, by: str, *, design: Any = None, weights: Any = None, na: str = "raise",
                      se: str | None = None, replicates: int = 500, seed: int | None = None, level: float = 0.95,
                      block_rows: int = BLOCK_ROWS) -> WeightRobustness:
    """Rank stability of subgroups' M0 over a set of weight vectors.

    Compares groups within one round; subset the data to one round first.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person, one round.
    spec : MPISpec
        The baseline specification (its indicator weights are the ``"baseline"`` column).
    indicator_weight_sets : mapping or sequence
        Label to indicator weights accepted by
        :meth:`MPISpec.with_indicator_weights` (by indicator or by dimension); a
        sequence is labelled ``w1, w2, ...``. (Formerly ``weight_sets``.)
    k : float
        The poverty cutoff (a single one).
    by : str
        Subgroup column; at least two groups.
    design : SurveyDesign, optional
        As in :func:`mpi`.
    weights : str or array-like, optional
        Sampling weights, as in :func:`mpi`.
    na : {"raise", "drop"}, default "raise"
        As in :func:`mpi`.
    se : {"linearized", "bootstrap", None}, default None
        As in :func:`mpi`; ranks use point estimates only, so by default none
        are computed.
    replicates : int, default 500
        As in :func:`mpi`.
    seed : int, optional
        As in :func:`mpi`.
    level : float, default 0.95
        As in :func:`mpi`.
    block_rows : int, default 1048576
        As in :func:`mpi`.

    Returns
    -------
    WeightRobustness
        A result with one M0 row per ``(weight_set, group)``, and ``m0``
        (groups x weight sets), ``ranks`` (1 = poorest), ``kendall_tau`` of
        each set against the baseline and ``robust_share``, the share of group
        pairs ordered the same way under every set.

    Raises
    ------
    InputError
        No alternative weights, more than one k, or fewer than two groups.
    """
    from .estimate import mpi

    weight_sets = indicator_weight_sets
    if not isinstance(spec, MPISpec):
        raise InputError(f"spec must be an MPISpec, got {type(spec).__name__}")
    if isinstance(weight_sets, (str, bytes)) or not isinstance(weight_sets, (Mapping, list, tuple)):
        raise InputError(f"indicator_weight_sets must be a mapping label -> indicator weights or a list of "
                         f"them, got {type(weight_sets).__name__}")
    if not isinstance(weight_sets, Mapping):
        weight_sets = {f"w{i + 1}": ws for i, ws in enumerate(weight_sets)}
    if not weight_sets:
        raise InputError("give at least one alternative indicator-weight vector (the set is empty)")
    specs = {"baseline": spec, **{str(name): spec.with_indicator_weights(ws) for name, ws in weight_sets.items()}}
    cols, parts = {}, []
    for name, s in specs.items():
        res = mpi(data, s, k, by=by, design=design, weights=weights, na=na, se=se, replicates=replicates,
                  seed=seed, level=level, block_rows=block_rows)
        if len(res.ks) != 1:
            raise InputError("weight_robustness takes a single k")
        part = res.select(measure="M0", group=list(res.groups))
        parts.append(part)
        f = part.frame
        cols[name] = pd.Series(f["value"].to_numpy(dtype=float), index=pd.Index(f["group"].tolist(), name=by))
    m0 = pd.DataFrame(cols)
    ranks = m0.rank(ascending=False, method="min").astype(int)
    tau = pd.Series({name: stats.kendalltau(m0["baseline"], m0[name]).statistic for name in m0.columns[1:]},
                    name="kendall_tau")
    vals = m0.to_numpy()
    pairs = list(combinations(range(len(m0)), 2))
    if not pairs:
        raise InputError("weight robustness needs at least two groups")
    signs = np.array([np.sign(vals[i] - vals[j]) for i, j in pairs])  # pairs x weight sets (groups are few)
    robust = float(np.mean(np.all(signs == signs[:, :1], axis=1)))
    out = stack(parts, "weight_set", list(specs), cls=WeightRobustness, m0=m0, ranks=ranks, kendall_tau=tau,
                robust_share=robust)
    out.call = {"function": "weight_robustness", "k": parts[0].ks, "by": by, "se": se}
    return out
