"""The result type of every decomposition, and the bootstrap they share.

A :class:`Decomposition` is a :class:`povecon.result.Result`: one row per
(component, quantity), with the decomposed total as ``component == "total"`` rows,
so that the terms, their shares and the total sit in one frame with one covariance.
The wide table of the old API (one row per component, one column per quantity) is a
view, :attr:`Decomposition.table`.
"""

from __future__ import annotations

import numbers
import warnings
from collections import Counter
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import inference
from ..errors import EstimationError, InputError
from ..result import ReplicateCovariance, Result

TOTAL = "total"


class _Unset(int):
    """The default ``replicates``: an int that tells "not passed" apart from an explicit 500."""

    def __repr__(self) -> str:
        return str(int(self))


REPLICATES = _Unset(inference.DEFAULT_REPLICATES)


def _caller_level() -> int:
    """``stacklevel`` of the first frame outside povecon (a warning should point at the user's call)."""
    import os
    import sys

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(root):
        frame, level = frame.f_back, level + 1
    return level


def inference_options(fn: str, se, replicates, seed, level) -> inference.Options:
    """The one inference rule for decompositions (no linearization: ``se`` is None or ``"bootstrap"``).

    ``replicates=R`` without ``se=`` was the old switch for the bootstrap: it still turns the
    bootstrap on for one release (``replicates=0`` still means none), with a warning.
    """
    explicit = replicates is not REPLICATES
    if se is None and explicit:
        if isinstance(replicates, numbers.Integral) and not isinstance(replicates, bool) and replicates == 0:
            warnings.warn(f"{fn}: replicates=0 is no longer how to skip standard errors; se=None (the default) "
                          "computes none. replicates=0 will be an error in the next release",
                          DeprecationWarning, stacklevel=_caller_level())
            replicates = inference.DEFAULT_REPLICATES
        else:
            inference.check_replicates(replicates)
            warnings.warn(f"{fn}: replicates={replicates!r} no longer turns the bootstrap on by itself; pass "
                          "se='bootstrap' (with replicates= and seed=). The old spelling will stop working "
                          "in the next release", DeprecationWarning, stacklevel=_caller_level())
            se = "bootstrap"
    return inference.options(se, int(replicates) if not isinstance(replicates, bool) and
                             isinstance(replicates, numbers.Integral) else replicates,
                             seed, level, allowed=("bootstrap", None))


class _Replicates(ReplicateCovariance):
    """Bootstrap covariance that leaves undefined estimates (NaN, e.g. the Gini of a source with
    mean zero) undefined instead of letting them void every replicate."""

    def _cov(self, full, reps):
        defined = np.isfinite(full)
        out = np.full((full.size, full.size), np.nan)
        if defined.any():
            out[np.ix_(defined, defined)] = super()._cov(full[defined], reps[:, defined])
        return out


def replicate(stat: Callable[[int], np.ndarray], full: np.ndarray, replicates: int, fn: str) -> tuple[np.ndarray, int]:
    """``stat(r)`` for every replicate ``r``; a replicate that fails is NaN, counted and reported.

    Returns the (replicates, rows) estimates and the number of failed replicates. Fewer than two
    (or than half of the) replicates succeeding is an ``EstimationError``.
    """
    full = np.asarray(full, dtype=np.float64)
    defined = np.isfinite(full)
    reps = np.full((replicates, full.size), np.nan)
    failures: Counter = Counter()
    for r in range(replicates):  # loop over replicates; each statistic is vectorised over rows
        try:
            with np.errstate(invalid="ignore", divide="ignore"):
                v = np.asarray(stat(r), dtype=np.float64)
        except (EstimationError, InputError, np.linalg.LinAlgError) as exc:
            failures[str(exc)] += 1
            continue
        if not np.isfinite(v[defined]).all():
            failures["an estimate is undefined in the replicate"] += 1
            continue
        reps[r] = v
    failed = inference.replicate_failures(failures, replicates, replicates - sum(failures.values()), fn,
                                          stacklevel=_caller_level())
    return reps, failed


class Decomposition(Result):
    """A decomposition: terms (sources, groups, or parts of a change) and the total they add up to.

    The canonical frame (:meth:`to_frame`) has one row per (component, quantity):
    ``measure`` (the quantity: ``share``, ``contribution``, ``change`` ...), ``group``,
    ``time``, ``component`` (the source, term or sector; ``"total"`` for the decomposed
    total), then ``value, se, ci_lower, ci_upper, n``. ``result["growth"]`` is the
    headline number of a component, :attr:`table` the wide view (one row per component),
    :attr:`total` the decomposed quantity and :attr:`method` the decomposition's name.
    With ``se="bootstrap"`` every row has a standard error and :meth:`cov` /
    :func:`povecon.contrast` give joint standard errors of any rows (e.g. the growth
    minus the redistribution term).

    Parameters
    ----------
    method : str
        Name of the decomposition (``"Datt-Ravallion"``, ``"source shares"`` ...).
    table : pandas.DataFrame
        One row per component, one column per quantity (the wide view).
    total : float
        The quantity decomposed.
    value_column : str
        The headline column of ``table``.
    n : int, optional
        Observations used.
    n_dropped : int, default 0
        Rows dropped for missing values.
    se : pandas.DataFrame, optional
        Standard errors shaped like ``table`` (missing columns: none computed).
    params : dict, optional
        Options the decomposition was computed with.
    details : dict, optional
        Further results.
    measures : dict, optional
        ``table`` column to the ``measure`` label of its rows (default: the column name).
    totals : dict, optional
        ``measure`` to the value of its ``"total"`` row; default ``{measure of value_column: total}``.
    total_measure : str, optional
        The measure whose total row is :attr:`total` (default: that of ``value_column``).
    total_se : dict, optional
        ``measure`` to the standard error of its total row.
    columns : dict, optional
        Extra identifying columns with one value for every row (e.g. ``{"alpha": 1.0}``).
    covariance : CovarianceSource, optional
        Covariance of the frame's rows, in frame order (components in ``table`` order, each
        with its quantities in column order, then the total rows).
    df : float, optional
        Degrees of freedom of the intervals; None for normal intervals.
    level : float, default 0.95
        Confidence level of the intervals.
    call, design, se_method, notes
        As in :class:`povecon.result.Result`.
    """

    _title = "Decomposition"

    def __init__(self, method: str, table: pd.DataFrame, total: float, value_column: str, n: int | None = None,
                 n_dropped: int = 0, se: pd.DataFrame | None = None, params: Mapping[str, Any] | None = None,
                 details: Mapping[str, Any] | None = None, *, measures: Mapping[str, str] | None = None,
                 totals: Mapping[str, float] | None = None, total_measure: str | None = None,
                 total_se: Mapping[str, float] | None = None, columns: Mapping[str, Any] | None = None,
                 covariance=None, df: float | None = None, level: float = 0.95,
                 call: Mapping[str, Any] | None = None, design: Any = None, se_method: str | None = None,
                 notes: Sequence[str] = ()):
        measures = {c: (measures or {}).get(c, c) for c in table.columns}
        total_measure = total_measure or measures[value_column]
        totals = dict(totals) if totals is not None else {total_measure: float(total)}
        total_se = dict(total_se or {})
        labels = [str(c) if not isinstance(c, str) else c for c in table.index]
        if TOTAL in labels:
            raise InputError(f"a component may not be called {TOTAL!r} (that label marks the decomposed total); "
                             "rename it")
        rows = []
        for i, comp in enumerate(table.index):
            for col in table.columns:
                s = np.nan if se is None or col not in se.columns else float(se.iloc[i][col])
                rows.append({"measure": measures[col], "component": comp, "value": float(table.iloc[i][col]),
                             "se": s, "n": n})
        for m, v in totals.items():
            rows.append({"measure": m, "component": TOTAL, "value": float(v), "se": total_se.get(m, np.nan), "n": n})
        frame = pd.DataFrame(rows)
        for col, v in (columns or {}).items():
            frame[col] = v
        frame = frame[["measure", "component", *(columns or {}), "value", "se", "n"]]
        super().__init__(frame, covariance=covariance, df=df, n=n, n_dropped=n_dropped, level=level,
                         call=call or {"function": method}, design=design, se_method=se_method, notes=notes)
        self.method = method
        self.value_column = value_column
        self.total_measure = total_measure
        self.params = dict(params or {})
        self.details = dict(details or {})
        self._columns = list(measures.items())
        self._component_name = table.index.name

    # --- the old API ------------------------------------------------------------------------
    def _wide(self, col: str) -> pd.DataFrame:
        f = self._frame[self._frame["component"].astype(str) != TOTAL]
        comps = list(pd.unique(f["component"]))
        cells = {(c, m): v for c, m, v in zip(f["component"], f["measure"], f[col])}
        present = set(f["measure"])
        cols = [(tc, m) for tc, m in self._columns if m in present]
        data = {tc: np.array([cells.get((c, m), np.nan) for c in comps], dtype=np.float64) for tc, m in cols}
        return pd.DataFrame(data, index=pd.Index(comps, name=self._component_name))

    @property
    def table(self) -> pd.DataFrame:
        """The wide view: one row per component, one column per quantity (without the total)."""
        return self._wide("value")

    @property
    def se_table(self) -> pd.DataFrame | None:
        """Standard errors shaped like :attr:`table`; None when none were computed."""
        if self.se_method is None:
            return None
        return self._wide("se")

    @property
    def se(self):
        """The standard error of a one-row selection; for the whole decomposition (old API) the
        table of standard errors, now :attr:`se_table`."""
        if len(self._frame) == 1:
            return float(self._frame["se"].iloc[0])
        warnings.warn("Decomposition.se as a table of standard errors is now .se_table (or the se column of "
                      ".to_frame()); .se will be the standard error of a one-row result only in the next release",
                      DeprecationWarning, stacklevel=2)
        return self.se_table

    @property
    def total(self) -> float:
        """The quantity decomposed."""
        f = self._frame
        m = (f["component"].astype(str) == TOTAL) & (f["measure"] == self.total_measure)
        if not m.any():
            raise InputError("this selection holds no total row; select from the full decomposition")
        return float(f.loc[m, "value"].iloc[0])

    def to_table(self, se: bool = False) -> pd.DataFrame:
        """The wide table (a copy), optionally with ``se_<column>`` standard-error columns.

        Parameters
        ----------
        se : bool, default False
            Add the standard errors as ``se_<column>`` columns (when computed).

        Returns
        -------
        pandas.DataFrame
        """
        out = self.table
        st = self.se_table if se else None
        if st is not None:
            for col in st.columns:
                out[f"se_{col}"] = st[col]
        return out

    def __getitem__(self, key: Any):
        f = self._frame
        if not isinstance(key, (list, tuple)) and key in set(f["component"]):
            if key == TOTAL:
                return self.total
            m = (f["component"] == key) & (f["measure"] == dict(self._columns)[self.value_column])
            return float(f.loc[m, "value"].iloc[0])
        return super().__getitem__(key)

    def __repr__(self) -> str:
        try:
            tot = f"{self.total:.6g}"
        except InputError:
            tot = "n/a"
        return (f"Decomposition({self.method}, total={tot}, n={self.n}, se={self.se_method})\n"
                + self.table.to_string())
