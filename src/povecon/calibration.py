"""Calibration of sampling weights to known population totals (GREG and raking).

A :class:`Calibration` attached to a :class:`povecon.SurveyDesign` replaces the
design's weights ``w_i`` by calibrated weights ``w_i g_i`` that reproduce known
population totals ``T`` of auxiliary variables ``x_i``:
``sum_i w_i g_i x_i = T``.

* ``method="linear"`` (GREG): ``g_i = 1 + x_i' lambda``, one linear solve; with
  ``bounds`` the g-weights are truncated to ``[lower, upper]`` and ``lambda`` is
  found by Newton steps (R ``survey::calibrate(calfun = "linear", bounds = ...)``).
* ``method="raking"``: ``g_i = exp(x_i' lambda)``. With categorical margins only,
  by iterative proportional fitting (R ``survey::rake``); with numeric totals, by
  Newton steps (R ``calibrate(calfun = "raking")``). Both solve the same equations.

Variances are calibration-aware: the resolved design replaces the linearized
variable ``u_i`` of every estimator by its residual ``e_i = u_i - x_i' B`` from
the regression of ``u`` on ``x`` weighted by the uncalibrated weights, and
weights it by the calibrated weights ``w_i g_i`` (R ``survey``'s treatment of
calibrated designs, for every ``calfun``). Bootstrap and replicate weights are
calibrated again, replicate by replicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from . import _input
from .errors import EstimationError, InputError

METHODS = ("linear", "raking")
INTERCEPT = "(Intercept)"


@dataclass(frozen=True)
class Calibration:
    """Population totals to calibrate a survey design's weights to.

    Pass it as ``SurveyDesign(..., calibrate=Calibration(...))`` or build the design with
    :func:`calibrate`. The weights are calibrated when an estimator resolves the design on
    its data, after the input checks.

    Parameters
    ----------
    totals : mapping
        Population totals, keyed by column name of the data. A number is the total of a
        numeric column (linear calibration variable); a mapping (or pandas Series)
        ``{category: count}`` gives the population count of every category of a
        categorical column (a margin). The key ``"(Intercept)"`` (R's name) gives the
        population size. Every category present in the data must have a count.
    method : {"linear", "raking"}, default "linear"
        ``"linear"``: GREG weights ``w g`` with ``g = 1 + x' lambda``; ``"raking"``:
        ``g = exp(x' lambda)`` (iterative proportional fitting when every total is a
        categorical margin), never negative.
    bounds : tuple of two floats, optional
        ``(lower, upper)`` bounds on the g-weights (calibrated weight over design weight),
        as R ``calibrate(bounds = ...)``. Linear calibration truncates ``g`` to them; raking
        raises if its solution leaves them. None: no bounds, except that linear calibration
        raises when it would give a negative weight.
    max_iter : int, default 1000
        Iterations (Newton steps, or sweeps over the margins for iterative proportional
        fitting) before calibration gives up with an error.
    tol : float, default 1e-10
        Convergence: every ``|sum w g x - T| / (1 + |T|)`` below ``tol``.

    Examples
    --------
    >>> import pandas as pd
    >>> import povecon as pe
    >>> df = pd.DataFrame({"y": [900, 1500, 2600, 3100, 1200, 4000],
    ...                    "w": [10, 10, 12, 12, 8, 8], "sex": ["f", "m", "f", "m", "f", "m"]})
    >>> cal = pe.Calibration({"sex": {"f": 35, "m": 25}}, method="raking")
    >>> design = pe.SurveyDesign(weights="w", calibrate=cal)
    >>> round(float(pe.fgt(df, "y", line=2300, design=design)), 4)
    0.4889
    """

    totals: Mapping
    method: str = "linear"
    bounds: Any = None
    max_iter: int = 1000
    tol: float = 1e-10

    def check(self) -> None:
        """Raise ``InputError`` on an invalid specification (before any data is seen)."""
        if not isinstance(self.totals, Mapping) or not self.totals:
            raise InputError("totals must be a non-empty mapping {column: total or {category: count}}")
        if self.method not in METHODS:
            raise InputError(f"calibration method must be one of {METHODS}, got {self.method!r}")
        if self.bounds is not None:
            try:
                lo, hi = (float(b) for b in self.bounds)
            except (TypeError, ValueError):
                raise InputError(f"bounds must be (lower, upper), got {self.bounds!r}") from None
            if not (lo <= 1.0 <= hi) or np.isnan(lo) or np.isnan(hi):
                raise InputError(f"bounds on the g-weights must satisfy lower <= 1 <= upper, got {self.bounds!r}")
        if not (isinstance(self.max_iter, (int, np.integer)) and self.max_iter >= 1):
            raise InputError(f"max_iter must be a positive integer, got {self.max_iter!r}")
        if not (np.isfinite(self.tol) and self.tol > 0):
            raise InputError(f"tol must be a positive number, got {self.tol!r}")


def _margins(totals: Mapping, data: Any, n: int) -> tuple[np.ndarray, np.ndarray, list[str], list]:
    """The calibration matrix X (n, p), the totals T (p,), column names, and the categorical blocks.

    Categorical margins enter as one indicator per category (their counts are the totals);
    an intercept is implied by them, so no column is dropped: collinearity is handled by
    the solvers (pseudo-inverse), and inconsistent totals (margins adding up to different
    population sizes) are caught by the final check that every total is met.
    """
    if data is None or not isinstance(data, pd.DataFrame):
        raise InputError("calibration totals name columns of the data: pass the data as a DataFrame")
    cols, tots, names, blocks = [], [], [], []
    for key, total in totals.items():
        if key == INTERCEPT:
            t = _number(total, INTERCEPT)
            cols.append(np.ones(n))
            tots.append(t)
            names.append(INTERCEPT)
            continue
        _input.check_columns(data, [key], what="calibration variable")
        raw = data[key]
        if isinstance(total, (Mapping, pd.Series)):
            counts = dict(total.items())
            if raw.isna().any():
                raise InputError(f"calibration variable {key!r} has {int(raw.isna().sum())} missing value(s)")
            present = pd.unique(raw)
            absent = [c for c in present if c not in counts]
            if absent:
                raise InputError(f"category {absent[0]!r} of calibration variable {key!r} is in the data but "
                                 f"not in its totals ({len(absent)} such categor{'y' if len(absent) == 1 else 'ies'})")
            values = raw.to_numpy()
            start = len(cols)
            for cat, count in counts.items():
                c = _number(count, f"the total of {key!r} = {cat!r}")
                ind = (values == cat).astype(np.float64)
                if not ind.any() and c != 0:
                    raise InputError(f"category {cat!r} of calibration variable {key!r} has population count "
                                     f"{c:g} but no observation in the sample; its total cannot be met")
                cols.append(ind)
                tots.append(c)
                names.append(f"{key}={cat}")
            blocks.append(list(range(start, len(cols))))
        else:
            t = _number(total, f"the total of {key!r}")
            x = _input.numeric(data, key, f"calibration variable {key!r}", n=n)
            cols.append(np.asarray(x, dtype=np.float64))
            tots.append(t)
            names.append(str(key))
    return np.column_stack(cols), np.asarray(tots, dtype=np.float64), names, blocks


def _number(v: Any, what: str) -> float:
    try:
        out = float(v)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a number, got {v!r}") from None
    if not np.isfinite(out):
        raise InputError(f"{what} must be finite, got {v!r}")
    return out


@dataclass(frozen=True)
class Calibrator:
    """A calibration problem on one sample: X (n, p), totals T, the specification."""

    spec: Calibration
    X: np.ndarray
    T: np.ndarray
    names: list
    blocks: list = field(default_factory=list)

    @classmethod
    def build(cls, spec: Calibration, data: Any, n: int) -> "Calibrator":
        spec.check()
        X, T, names, blocks = _margins(spec.totals, data, n)
        return cls(spec, X, T, names, blocks)

    def subset(self, keep: np.ndarray) -> "Calibrator":
        return Calibrator(self.spec, self.X[keep], self.T, self.names, self.blocks)

    def _misfit(self, wg: np.ndarray) -> np.ndarray:
        return np.abs(self.X.T @ wg - self.T) / (1.0 + np.abs(self.T))

    def g(self, w: np.ndarray, what: str = "the sample") -> np.ndarray:
        """The g-weights that calibrate ``w`` to the totals; raises when they cannot be met."""
        spec, X, T = self.spec, self.X, self.T
        lo, hi = (-np.inf, np.inf) if spec.bounds is None else (float(b) for b in spec.bounds)
        if spec.method == "raking" and len(self.blocks) and sum(map(len, self.blocks)) == X.shape[1]:
            g = self._ipf(w, what)
        else:
            g = self._newton(w, lo, hi, what)
        bad = self._misfit(w * g)
        if not (bad.max() < spec.tol * 10):  # the solver's own test, with a margin for the final rounding
            j = int(np.argmax(bad))
            raise EstimationError(f"calibration of {what} cannot meet the totals (e.g. {self.names[j]}: "
                                  f"{float(X[:, j] @ (w * g)):.8g} vs {T[j]:.8g}); check that the totals are "
                                  "consistent (margins adding up to one population size) and attainable")
        if spec.bounds is not None and ((g < lo - 1e-9).any() or (g > hi + 1e-9).any()):
            raise EstimationError(f"{spec.method} calibration of {what} cannot meet the totals within bounds "
                                  f"{tuple(spec.bounds)} (g from {g.min():.4g} to {g.max():.4g}); widen the bounds")
        if spec.bounds is None and (g < 0).any():
            k = int((g < 0).sum())
            raise EstimationError(f"linear calibration of {what} gives {k} negative weight(s) (smallest g-weight "
                                  f"{g.min():.4g}); give bounds, e.g. bounds=(0, np.inf), or use method='raking'")
        return g

    def _newton(self, w: np.ndarray, lo: float, hi: float, what: str) -> np.ndarray:
        """Newton steps on lambda for g = F(x' lambda) (R ``grake``), a generalized inverse for collinear X."""
        X, T, spec = self.X, self.T, self.spec
        raking = spec.method == "raking"
        lam = np.zeros(X.shape[1])

        def F(eta):
            if raking:
                return np.exp(eta), np.exp(eta)
            g = np.clip(1.0 + eta, lo, hi)
            return g, ((1.0 + eta > lo) & (1.0 + eta < hi)).astype(np.float64)

        g, dg = F(X @ lam)
        best, stalled, it = np.inf, 0, 0
        for it in range(1, spec.max_iter + 1):
            misfit = T - X.T @ (w * g)
            worst = (np.abs(misfit) / (1.0 + np.abs(T))).max()
            if worst < spec.tol:
                return g
            # inconsistent totals: the generalized-inverse steps stop making progress
            stalled = stalled + 1 if worst > best * (1 - 1e-9) else 0
            best = min(best, worst)
            if stalled >= 5:
                break
            H = (X * (w * dg)[:, None]).T @ X
            step = np.linalg.pinv(H, rcond=1e-12, hermitian=True) @ misfit
            with np.errstate(over="ignore", invalid="ignore"):
                g_new, dg_new = F(X @ (lam + step))
            halvings = 0
            while not (np.isfinite(g_new).all() and np.isfinite(dg_new).all()) and halvings < 50:
                step /= 2
                halvings += 1
                with np.errstate(over="ignore", invalid="ignore"):
                    g_new, dg_new = F(X @ (lam + step))
            lam = lam + step
            g, dg = g_new, dg_new
        misfit = np.abs(T - X.T @ (w * g)) / (1.0 + np.abs(T))
        if misfit.max() < spec.tol:
            return g
        j = int(np.argmax(misfit))
        raise EstimationError(f"{spec.method} calibration of {what} cannot meet the totals: no convergence in "
                              f"{it} iterations (largest relative misfit {misfit[j]:.3g}, at {self.names[j]}); "
                              "check that the totals are consistent (margins adding up to one population size) "
                              "and attainable" + (" within the bounds" if spec.bounds else ""))

    def _ipf(self, w: np.ndarray, what: str) -> np.ndarray:
        """Iterative proportional fitting over the categorical margins (R ``rake``)."""
        X, T, spec = self.X, self.T, self.spec
        codes = []
        for b in self.blocks:
            # every row is in exactly one category of each margin (checked when X was built)
            codes.append((np.argmax(X[:, b], axis=1), T[b]))
        g = np.ones_like(w)
        for _ in range(spec.max_iter):
            for c, t in codes:
                cur = np.bincount(c, weights=w * g, minlength=t.size)
                with np.errstate(divide="ignore", invalid="ignore"):
                    f = np.where(cur > 0, t / np.where(cur > 0, cur, 1.0), 0.0)
                if ((cur == 0) & (t != 0)).any():
                    raise EstimationError(f"raking of {what}: a category with population count > 0 has no "
                                          "weight in the sample; its total cannot be met")
                g *= f[c]
            if self._misfit(w * g).max() < spec.tol:
                return g
        misfit = self._misfit(w * g)
        j = int(np.argmax(misfit))
        raise EstimationError(f"raking of {what} cannot meet the totals: no convergence in {spec.max_iter} "
                              f"sweeps (largest relative "
                              f"misfit {misfit[j]:.3g}, at {self.names[j]}); the margins may be inconsistent "
                              "(adding up to different population sizes)")


@dataclass(frozen=True)
class CalibratedWeights:
    """What a resolved design keeps of its calibration: the problem, the design weights and the
    regression that turns linearized variables into calibration residuals."""

    calibrator: Calibrator
    base_weights: np.ndarray
    g: np.ndarray
    base_replicate: np.ndarray | None = field(default=None, repr=False)
    _basis: tuple = field(default=None, repr=False)

    @classmethod
    def fit(cls, calibrator: Calibrator, base_weights: np.ndarray,
            base_replicate: np.ndarray | None = None) -> "CalibratedWeights":
        g = calibrator.g(base_weights)
        # the weighted least-squares projection on X, through an SVD of sqrt(w) X: residuals are
        # unique even when X is collinear (several margins), and zero design weights are harmless
        X = calibrator.X
        A = X * np.sqrt(base_weights)[:, None]
        U, s, Vt = np.linalg.svd(A, full_matrices=False)
        keep = s > s.max() * max(A.shape) * np.finfo(float).eps if s.size else s > 0
        basis = (U[:, keep], Vt[keep].T / s[keep])
        return cls(calibrator, base_weights, g, base_replicate, basis)

    @property
    def weights(self) -> np.ndarray:
        return self.base_weights * self.g

    def residuals(self, u: np.ndarray) -> np.ndarray:
        """``u - X B`` with ``B`` the regression of ``u`` (n, m) on X weighted by the design weights."""
        U, VS = self._basis
        v = u * np.sqrt(self.base_weights)[:, None]
        B = VS @ (U.T @ v)
        return u - self.calibrator.X @ B

    def subset(self, keep: np.ndarray) -> "CalibratedWeights":
        # rows dropped for missing values leave the sample before calibration: the rest is calibrated again
        rep = None if self.base_replicate is None else self.base_replicate[keep]
        return CalibratedWeights.fit(self.calibrator.subset(keep), self.base_weights[keep], rep)

    def recalibrate(self, W: np.ndarray, kind: str) -> np.ndarray:
        """Each column of the replicate design weights ``W`` (n, R) calibrated to the totals."""
        out = np.empty_like(W, dtype=np.float64)
        for r in range(W.shape[1]):
            out[:, r] = W[:, r] * self.calibrator.g(W[:, r], what=f"{kind} replicate {r}")
        return out


def calibrate(design_or_data: Any, totals: Mapping, method: str = "linear", bounds: Any = None, *,
              weights: Any = None, max_iter: int = 1000, tol: float = 1e-10) -> Any:
    """Calibrate sampling weights to known population totals (R ``survey::calibrate`` / ``rake``).

    Parameters
    ----------
    design_or_data : SurveyDesign or pandas.DataFrame
        A design: the same design with the calibration attached (the weights are calibrated
        when an estimator resolves it on its data). A DataFrame: its calibrated weights.
    totals : mapping
        Population totals by column name: a number for a numeric column, ``{category:
        count}`` for a categorical margin, ``"(Intercept)"`` for the population size (see
        :class:`Calibration`).
    method : {"linear", "raking"}, default "linear"
        GREG (``g = 1 + x' lambda``) or raking (``g = exp(x' lambda)``).
    bounds : tuple of two floats, optional
        ``(lower, upper)`` bounds on the g-weights.
    weights : str or array-like, optional
        With a DataFrame: the design weights to calibrate (None gives weight 1). With a
        design, leave None (the design has its weights).
    max_iter : int, default 1000
        Iterations before calibration gives up with an error.
    tol : float, default 1e-10
        Convergence tolerance on the relative misfit of the totals.

    Returns
    -------
    SurveyDesign or pandas.Series
        The calibrated design, or the calibrated weights (index of the data).

    Raises
    ------
    InputError
        Unknown columns, a category in the data absent from the totals, invalid options.
    EstimationError
        Totals that cannot be met: raking that does not converge, linear weights that
        would be negative (without bounds) or leave the bounds.

    Examples
    --------
    >>> import pandas as pd
    >>> import povecon as pe
    >>> df = pd.DataFrame({"w": [10.0, 10, 12, 12, 8, 8], "sex": ["f", "m", "f", "m", "f", "m"],
    ...                    "age": [30, 45, 52, 28, 61, 39]})
    >>> pe.calibrate(df, {"sex": {"f": 35, "m": 25}, "age": 2600}, weights="w").round(3).tolist()
    [10.662, 8.828, 14.349, 9.392, 9.99, 6.78]
    """
    from .survey import SurveyDesign

    spec = Calibration(totals, method, bounds, max_iter, tol)
    spec.check()
    if isinstance(design_or_data, SurveyDesign):
        if weights is not None:
            raise InputError("pass weights through the SurveyDesign, not both weights= and a design")
        import dataclasses

        return dataclasses.replace(design_or_data, calibrate=spec)
    if not isinstance(design_or_data, pd.DataFrame):
        raise InputError(f"calibrate needs a SurveyDesign or a DataFrame, got {type(design_or_data).__name__}")
    data = design_or_data
    n = len(data)
    w = _input.weights(data, weights, n)
    cal = Calibrator.build(spec, data, n)
    return pd.Series(w * cal.g(w), index=data.index, name="weights")
