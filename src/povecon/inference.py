"""The one inference rule every estimator follows.

Options (the same names and defaults on every estimator that has a sampling variance):

* ``se``: ``"linearized"`` (Taylor / influence-function variance under the design; the
  default wherever a linearization exists), ``"bootstrap"`` (Rao-Wu-Yue rescaled bootstrap
  of PSUs; needs ``seed``), ``"replicate"`` (the design's own replicate weights) or ``None``
  (point estimates only). Resampling is never a default: it needs a seed the user chooses.
  Estimators with no linearization default to ``None``.
* ``replicates``: number of bootstrap replicates, default ``500`` (an integer >= 2).
* ``seed``: seed of every random step, default ``None``; a random step refuses to run
  without one so every result is reproducible.
* ``level``: confidence level of intervals, default ``0.95``, in (0, 1).

Intervals: ``estimate +- q * se`` with ``q`` the Student t quantile on the design degrees
of freedom when they are known (PSUs minus strata, R ``survey::degf``; ``n - 1`` for a
simple random sample; replicates minus one for replicate weights), the normal quantile
when they are not (maximum-likelihood panel models). :func:`critical` is the only place
that decides; every interval in povecon goes through it.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from scipy import stats

import warnings
from collections import Counter

from .errors import EstimationError, InputError

SE_METHODS = ("linearized", "bootstrap", "replicate", None)
DEFAULT_SE = "linearized"
DEFAULT_REPLICATES = 500
DEFAULT_SEED = None
DEFAULT_LEVEL = 0.95


def _t(df: float | None) -> bool:
    """Whether ``df`` are known design degrees of freedom (t), else the normal applies."""
    return df is not None and bool(np.isfinite(df)) and df > 0


def critical(level: float, df: float | None = None) -> float:
    """Two-sided critical value: t on ``df`` degrees of freedom when ``df`` is known, else normal."""
    level = check_level(level)
    q = 1 - (1 - level) / 2
    if _t(df):
        return float(stats.t.ppf(q, df))
    return float(stats.norm.ppf(q))


def pvalue(stat, df: float | None = None):
    """Two-sided p-value of a t (``df`` known) or z statistic, under the same rule as :func:`critical`."""
    stat = np.abs(np.asarray(stat, dtype=float))
    if _t(df):
        return 2 * stats.t.sf(stat, df)
    return 2 * stats.norm.sf(stat)


def check_level(level) -> float:
    """``level`` as a float in (0, 1), or an ``InputError``."""
    if isinstance(level, bool) or not isinstance(level, numbers.Real):
        raise InputError(f"level must be a number in (0, 1) such as 0.95, got {level!r}")
    level = float(level)
    if not 0 < level < 1:
        raise InputError(f"level must lie in (0, 1), e.g. 0.95, got {level!r}")
    return level


def check_replicates(replicates, *, minimum: int = 2, allow_zero: bool = False) -> int:
    """``replicates`` as an int >= ``minimum``, or an ``InputError``.

    ``allow_zero``: estimators whose ``replicates=0`` means "no standard errors" accept 0.
    """
    zero = " 0 (no standard errors) or" if allow_zero else ""
    if isinstance(replicates, bool) or not isinstance(replicates, numbers.Integral):
        raise InputError(f"replicates must be{zero} a whole number >= {minimum}, got {replicates!r}")
    if allow_zero and replicates == 0:
        return 0
    if replicates < minimum:
        if zero:
            raise InputError(f"replicates must be{zero} >= {minimum} (a variance needs at least two "
                             f"replicates), got {replicates!r}")
        raise InputError(f"replicates must be >= {minimum} (a variance needs at least two replicates), "
                         f"got {replicates!r}")
    return int(replicates)


def check_seed(seed, *, required: bool = False, why: str = "") -> int | None:
    """``seed`` as a non-negative int (or None when not ``required``), or an ``InputError``."""
    if seed is None:
        if required:
            tail = f" ({why})" if why else ""
            raise InputError(f"this step is random and needs seed=<a whole number >= 0> so the result is "
                             f"reproducible{tail}")
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise InputError(f"seed must be a whole number >= 0, got {seed!r}")
    if seed < 0:
        raise InputError(f"seed must be >= 0, got {seed!r}")
    return int(seed)


def check_n_nodes(n_nodes) -> int | str:
    """Quadrature nodes: ``"auto"`` or a whole number >= 1, or an ``InputError``."""
    if isinstance(n_nodes, str) and n_nodes == "auto":
        return n_nodes
    if isinstance(n_nodes, bool) or not isinstance(n_nodes, numbers.Integral) or n_nodes < 1:
        raise InputError(f"n_nodes must be 'auto' or a whole number of quadrature nodes >= 1, got {n_nodes!r}")
    return int(n_nodes)


def check_se(se, allowed=SE_METHODS) -> str | None:
    if se not in allowed:
        raise InputError(f"se must be one of {tuple(allowed)}, got {se!r}")
    return se


@dataclass(frozen=True)
class Options:
    """Validated inference options of one call."""

    se: str | None = DEFAULT_SE
    replicates: int = DEFAULT_REPLICATES
    seed: int | None = DEFAULT_SEED
    level: float = DEFAULT_LEVEL

    def describe(self) -> str:
        if self.se is None:
            return "no standard errors"
        if self.se == "bootstrap":
            return f"bootstrap SEs ({self.replicates} replicates, seed {self.seed})"
        return f"{self.se} SEs"


def options(se=DEFAULT_SE, replicates=DEFAULT_REPLICATES, seed=DEFAULT_SEED, level=DEFAULT_LEVEL, *,
            allowed=SE_METHODS) -> Options:
    """Validate the four inference options together (the one place every estimator calls)."""
    se = check_se(se, allowed)
    level = check_level(level)
    replicates = check_replicates(replicates)
    seed = check_seed(seed, required=se == "bootstrap", why="se='bootstrap'")
    return Options(se, replicates, seed, level)


def replicate_failures(failures: Counter, replicates: int, used: int, fn: str, *, what: str = "replicates",
                       stacklevel: int = 2) -> int:
    """The one rule for bootstrap replicates that could not be estimated.

    ``failures`` counts the failed replicates by reason and ``used`` is how many succeeded.
    Fewer than two, or than half of the replicates, succeeding is an ``EstimationError``;
    otherwise any failure is a ``UserWarning`` naming the commonest reasons.

    Parameters
    ----------
    failures : collections.Counter
        Failed replicates counted by reason (the error message).
    replicates : int
        Number of replicates drawn.
    used : int
        Number of replicates that could be estimated.
    fn : str
        Name of the estimator, prefixed to the message.
    what : str, default "replicates"
        What a replicate is called in the warning (e.g. ``"refits"``).
    stacklevel : int, default 2
        ``stacklevel`` of the warning as seen from the caller.

    Returns
    -------
    int
        The number of failed replicates.

    Raises
    ------
    EstimationError
        Fewer than two, or than half of the replicates, succeeded.
    """
    failed = sum(failures.values())
    if not failed and used >= 2 and used >= replicates / 2:
        return 0
    why = "; ".join(f"{k} ({c}x)" for k, c in failures.most_common(3))
    if used < 2 or used < replicates / 2:
        raise EstimationError(f"{fn}: bootstrap failed: only {used} of {replicates} replicates could be "
                              f"estimated (at least 2 and half are needed); they failed with: {why}")
    warnings.warn(f"{fn}: {failed} of {replicates} bootstrap {what} failed and are left out of the "
                  f"standard errors (which use the {used} that succeeded). Reasons: {why}",
                  UserWarning, stacklevel=stacklevel + 1)
    return failed


def replicate_covariance(full, reps, kind: str = "bootstrap", scale: float = 1.0, rscales=None,
                         drop_failed: bool = False) -> np.ndarray:
    """The one covariance of replicate estimates ``reps`` (R, m) around the full-sample ``full`` (m,).

    Bootstrap: the mean squared deviation (MSE form, around the full estimate, not the replicate
    mean); the design's replicate weights: ``scale * sum_r rscale_r * dev_r dev_r'`` (R ``survey``
    ``svrepdesign``). With ``drop_failed`` a replicate that failed (non-finite) for any estimate
    drops out of every one; otherwise a failure propagates as NaN, for the caller to report.
    """
    full = np.atleast_1d(np.asarray(full, dtype=np.float64))
    reps = np.asarray(reps, dtype=np.float64).reshape(len(reps), -1)
    dev = reps - full[None, :]
    rs = np.ones(reps.shape[0]) if rscales is None else np.asarray(rscales, dtype=np.float64)
    if drop_failed:
        ok = np.isfinite(dev).all(axis=1)
        dev, rs = dev[ok], rs[ok]
    if kind == "bootstrap":
        return dev.T @ dev / max(dev.shape[0], 1)
    return float(scale) * (dev * rs[:, None]).T @ dev


__all__ = ["critical", "pvalue", "options", "Options", "check_level", "check_replicates", "check_seed",
           "check_n_nodes", "replicate_failures",
           "check_se", "replicate_covariance", "SE_METHODS", "DEFAULT_SE", "DEFAULT_REPLICATES", "DEFAULT_SEED", "DEFAULT_LEVEL"]
