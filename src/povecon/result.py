"""The one result type every povecon estimator returns.

A :class:`Result` holds a canonical long frame, one row per estimate::

    measure  group  time  [family columns: alpha, k, indicator, component ...]
    value  se  ci_lower  ci_upper  n

the covariance of its estimates (computed on demand: a result with thousands of rows
never builds its full matrix unless asked), the design degrees of freedom ``df``, the
sample size ``n`` and the rows dropped for missing values ``n_dropped``, the call and the
design. Everything else is a view: :meth:`Result.to_frame`, :meth:`Result.summary`,
:meth:`Result.ci`, :meth:`Result.cov`, :meth:`Result.plot`, ``float(result)`` when it
holds one number, and :meth:`Result.contrast` (also :func:`povecon.contrast`).

Intervals follow the one inference rule of :mod:`povecon.inference`: t on ``df``
degrees of freedom when ``df`` is known, normal otherwise.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import inference
from .errors import InputError

STAT_COLUMNS = ("value", "se", "ci_lower", "ci_upper", "n", "stat", "pvalue")
BASE_COLUMNS = ("measure", "group", "time")


def _canonical_order(f: pd.DataFrame) -> pd.DataFrame:
    """``measure, group, time``, the family's identifying columns, then the statistics."""
    keys = [c for c in f.columns if c not in STAT_COLUMNS]
    ordered = list(BASE_COLUMNS) + [c for c in keys if c not in BASE_COLUMNS]
    return f[ordered + [c for c in STAT_COLUMNS if c in f.columns]]


# --- covariance sources ------------------------------------------------------------------

class CovarianceSource:
    """Where a result's covariance comes from; subclasses compute it for any subset of rows."""

    method: str | None = None

    def matrix(self, idx: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def joint_key(self):
        """A key shared by two sources whose estimates come from one sample, else ``None``."""
        return None

    def joint(self, other: "CovarianceSource", idx_a: np.ndarray, idx_b: np.ndarray) -> np.ndarray | None:
        """Joint covariance of rows ``idx_a`` of this source and ``idx_b`` of ``other``, when known."""
        return None


class NoCovariance(CovarianceSource):
    """No standard errors were asked for (``se=None``): every covariance is NaN."""

    def matrix(self, idx):
        return np.full((len(idx), len(idx)), np.nan)


class DenseCovariance(CovarianceSource):
    """A stored covariance matrix over all rows (panel models, small results)."""

    def __init__(self, matrix: np.ndarray, method: str | None = None, key=None):
        self._m = np.asarray(matrix, dtype=np.float64)
        self.method = method
        self._key = key

    def matrix(self, idx):
        return self._m[np.ix_(idx, idx)]

    def joint_key(self):
        return self._key


class BlockCovariance(CovarianceSource):
    """Covariance known within blocks of rows only (e.g. per group); across blocks unknown (NaN)."""

    def __init__(self, blocks: np.ndarray, matrices: Sequence[np.ndarray], method: str | None = None):
        self.blocks = np.asarray(blocks)
        self.mats = [np.atleast_2d(np.asarray(m, dtype=np.float64)) for m in matrices]
        self.pos = np.zeros(self.blocks.size, dtype=np.intp)
        for b in np.unique(self.blocks):
            where = np.flatnonzero(self.blocks == b)
            self.pos[where] = np.arange(where.size)
        self.method = method

    def matrix(self, idx):
        idx = np.asarray(idx)
        out = np.full((idx.size, idx.size), np.nan)
        for i, a in enumerate(idx):
            for j, b in enumerate(idx):
                if self.blocks[a] == self.blocks[b]:
                    out[i, j] = self.mats[self.blocks[a]][self.pos[a], self.pos[b]]
        return out


def design_key(design) -> str:
    """Fingerprint of a resolved design's PSU structure: two results with the same key were
    estimated on the same sample of PSUs, so their PSU-level scores can be combined."""
    h = hashlib.sha1()
    for arr in (design.strata, design.psu):
        a = np.ascontiguousarray(np.asarray(arr, dtype=np.int64))
        h.update(np.int64(a.size).tobytes())
        h.update(a.tobytes())
    if design.fpc is not None:
        h.update(np.ascontiguousarray(np.asarray(design.fpc, dtype=np.float64)).tobytes())
    h.update(str(design.lonely_psu).encode())
    return h.hexdigest()


def sample_key(design, data=()) -> str:
    """Fingerprint of one sample: its design structure and its sampling weights.

    Two results get a joint covariance only when their keys agree (two lines, two measures,
    an MPI and a headcount of one survey). The design structure alone cannot tell two
    separate samples with as many strata and PSUs apart; their weights can. When every
    weight is equal they cannot either, and the arrays in ``data`` (the incomes, the
    indicators) are added to the fingerprint.
    """
    h = hashlib.sha1(design_key(design).encode())
    w = np.ascontiguousarray(np.asarray(design.weights, dtype=np.float64))
    h.update(np.int64(w.size).tobytes())
    h.update(w.tobytes())
    if w.size and np.all(w == w[0]):
        for arr in data:
            a = np.ascontiguousarray(np.asarray(arr, dtype=np.float64))
            h.update(np.int64(a.size).tobytes())
            h.update(a.tobytes())
    return h.hexdigest()


class LinearizedCovariance(CovarianceSource):
    """Taylor-linearized covariance from PSU-level scores under one design.

    ``scores(idx)`` returns the PSU totals of the weighted linearized variables of rows
    ``idx`` (shape ``(n_psu, len(idx))``); ``psu_design`` is the design collapsed to one
    row per PSU (unit weights), so ``psu_design.linearized_cov(scores)`` is the design
    covariance. Two results under one design share the key and so a joint covariance.
    """

    method = "linearized"

    def __init__(self, psu_design, scores: Callable[[np.ndarray], np.ndarray], key: str | None = None):
        self.psu_design = psu_design
        self.scores = scores
        self._key = key

    def matrix(self, idx):
        idx = np.asarray(idx, dtype=np.intp)
        if idx.size == 0:
            return np.zeros((0, 0))
        return np.atleast_2d(self.psu_design.linearized_cov(self.scores(idx)))

    def joint_key(self):
        if self._key is None:
            self._key = ("linearized", design_key(self.psu_design))
        return self._key

    def joint(self, other, idx_a, idx_b):
        if not isinstance(other, LinearizedCovariance) or other.joint_key() != self.joint_key():
            return None
        z = np.column_stack([self.scores(np.asarray(idx_a, dtype=np.intp)),
                             other.scores(np.asarray(idx_b, dtype=np.intp))])
        return np.atleast_2d(self.psu_design.linearized_cov(z))


class ReplicateCovariance(CovarianceSource):
    """Covariance from replicate estimates (bootstrap or the design's replicate weights)."""

    def __init__(self, full: np.ndarray, reps: np.ndarray, kind: str, scale: float = 1.0,
                 rscales: np.ndarray | None = None, key=None):
        self.full = np.asarray(full, dtype=np.float64)
        self.reps = np.asarray(reps, dtype=np.float64).reshape(-1, self.full.size)
        self.kind, self.scale, self.rscales = kind, float(scale), rscales
        self.method = "bootstrap" if kind == "bootstrap" else "replicate"
        self._key = key

    def _cov(self, full, reps):
        from .inference import replicate_covariance

        # a replicate that failed for any row drops out of every row
        return replicate_covariance(full, reps, self.kind, self.scale, self.rscales, drop_failed=True)

    def matrix(self, idx):
        idx = np.asarray(idx, dtype=np.intp)
        return self._cov(self.full[idx], self.reps[:, idx])

    def joint_key(self):
        return self._key

    def joint(self, other, idx_a, idx_b):
        if (not isinstance(other, ReplicateCovariance) or self._key is None or other.joint_key() != self._key
                or other.reps.shape[0] != self.reps.shape[0]):
            return None
        full = np.concatenate([self.full[idx_a], other.full[idx_b]])
        reps = np.column_stack([self.reps[:, idx_a], other.reps[:, idx_b]])
        return self._cov(full, reps)


# --- the result ----------------------------------------------------------------------------

@dataclass
class Summary:
    """A readable summary; ``str()`` (or ``print``) lays it out as text, notebooks as HTML.

    Parameters
    ----------
    title : str
        What the result is.
    header : list of str
        Lines on the call, the sample, the standard errors and the interval rule.
    table : pandas.DataFrame
        The estimates.
    notes : list of str
        Caveats printed under the table.
    """

    title: str
    header: list[str]
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [self.title, "=" * max(len(self.title), 20)]
        lines += self.header
        lines.append("")
        with pd.option_context("display.width", 200, "display.max_columns", 50, "display.max_rows", 200):
            lines.append(self.table.to_string())
        if self.notes:
            lines.append("")
            lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<br>{h}" for h in self.header)
        notes = "".join(f"<br><i>Note: {n}</i>" for n in self.notes)
        return f"<b>{self.title}</b>{head}{self.table.to_html()}{notes}"


class Result:
    """A set of estimates with their covariance, and views of them.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per estimate with at least ``value``; ``measure``, ``group``, ``time``,
        ``se`` and ``n`` are added when absent (``None``/NaN). Intervals are (re)computed
        from ``value``, ``se`` and ``df`` under the one inference rule.
    covariance : CovarianceSource or numpy.ndarray, optional
        Covariance of the rows (a matrix, or a source that computes it for any subset).
        Default: diagonal ``se**2`` with unknown (NaN) covariances between rows.
    df : float, optional
        Design degrees of freedom (t intervals); ``None`` for normal intervals.
    n, n_dropped : int
        Observations used, and rows dropped for missing values.
    level : float
        Confidence level of the stored intervals (default 0.95).
    call : dict, optional
        The function called and its arguments (for the summary and reproducibility).
    design : SurveyDesign, optional
        The survey design the estimates were computed under.
    se_method : str, optional
        How the standard errors were computed (``"linearized"``, ``"bootstrap"``,
        ``"replicate"``, a model's own covariance ...); default the covariance source's.
    notes : list of str
        Caveats the summary prints (e.g. "independent samples assumed").
    """

    _title = "povecon result"

    def __init__(self, frame: pd.DataFrame, *, covariance: CovarianceSource | np.ndarray | None = None,
                 df: float | None = None, n: int | None = None, n_dropped: int = 0, level: float = 0.95,
                 call: Mapping[str, Any] | None = None, design: Any = None, se_method: str | None = None,
                 notes: Sequence[str] = ()):
        level = inference.check_level(level)
        f = frame.reset_index(drop=True).copy()
        for col in BASE_COLUMNS:
            if col not in f.columns:
                f[col] = None
        if "se" not in f.columns:
            f["se"] = np.nan
        if "n" not in f.columns:
            f["n"] = n if n is not None else pd.NA
        f["value"] = f["value"].astype(np.float64)
        f["se"] = f["se"].astype(np.float64)
        self.df = None if df is None or not np.isfinite(df) else float(df)
        self.level = level
        self._frame = _canonical_order(self._with_ci(f, level))
        if covariance is None:
            covariance = NoCovariance() if f["se"].isna().all() else BlockCovariance(
                np.arange(len(f)), [np.array([[s * s]]) for s in f["se"].to_numpy()], se_method)
        elif not isinstance(covariance, CovarianceSource):
            covariance = DenseCovariance(covariance, se_method)
        self._covariance = covariance
        self.n = None if n is None else int(n)
        self.n_dropped = int(n_dropped)
        self.call = dict(call or {})
        self.design = design
        self.se_method = se_method if se_method is not None else getattr(covariance, "method", None)
        self.notes = list(notes)

    # --- construction helpers ---------------------------------------------------------------
    def _with_ci(self, f: pd.DataFrame, level: float) -> pd.DataFrame:
        q = inference.critical(level, self.df)
        f = f.copy()
        f["ci_lower"] = f["value"] - q * f["se"]
        f["ci_upper"] = f["value"] + q * f["se"]
        return f

    def _derive(self, frame: pd.DataFrame, covariance: CovarianceSource, **changes) -> "Result":
        """A result of the same kind holding other rows (used by ``select``)."""
        out = object.__new__(type(self))
        out.__dict__.update(self.__dict__)
        out._frame = frame.reset_index(drop=True)
        out._covariance = covariance
        out.__dict__.update(changes)
        return out

    def relabel(self, **columns) -> "Result":
        """The same estimates (same order and covariance) with identifying columns replaced or added.

        Parameters
        ----------
        **columns
            Column name to one value per row (or a scalar), e.g. ``group=[...]``.

        Returns
        -------
        Result
            A result of the same type.
        """
        f = self._frame.copy()
        for col, vals in columns.items():
            if col in STAT_COLUMNS and col != "n":
                raise InputError(f"{col!r} is a statistic, not a label")
            f[col] = vals
        return self._derive(_canonical_order(f), self._covariance)

    # --- the canonical frame and its views -------------------------------------------------
    @property
    def frame(self) -> pd.DataFrame:
        """The canonical long frame (read it; :meth:`to_frame` returns a copy)."""
        return self._frame

    @property
    def key_columns(self) -> list[str]:
        """Columns that identify a row (everything but the statistics)."""
        return [c for c in self._frame.columns if c not in STAT_COLUMNS]

    def __getitem__(self, key):
        # grouped results used to be DataFrames: frame indexing keeps working for one release
        import warnings

        try:
            out = self._frame[key]
        except (KeyError, ValueError, TypeError):
            raise InputError(f"{key!r} is not a column of this result; its columns are {list(self._frame.columns)} "
                             "(use .select(...) to pick estimates, .to_frame() for the frame)") from None
        warnings.warn("results are no longer DataFrames: index result.to_frame() instead (indexing a result "
                      "directly will be removed in the next release)", DeprecationWarning, stacklevel=2)
        return out

    def __len__(self) -> int:
        return len(self._frame)

    def to_frame(self, level: float | None = None) -> pd.DataFrame:
        """The tidy long frame (a copy).

        Parameters
        ----------
        level : float, optional
            Confidence level of ``ci_lower`` / ``ci_upper``; default the result's ``level``.

        Returns
        -------
        pandas.DataFrame
            One row per estimate: identifying columns (``measure, group, time`` and the
            family's), then ``value, se, ci_lower, ci_upper, n``.
        """
        if level is None or inference.check_level(level) == self.level:
            return self._frame.copy()
        return self._with_ci(self._frame, level)

    def _one(self, what: str) -> int:
        if len(self._frame) != 1:
            raise InputError(f"this result holds {len(self._frame)} estimates, not one; pick one with "
                             f".select(...) (e.g. .select({self._example()})) or read .to_frame() for {what}")
        return 0

    def _example(self) -> str:
        for c in self.key_columns:
            vals = self._frame[c].dropna().unique()
            if len(vals) > 1:
                return f"{c}={vals[0]!r}"
        return "measure=..."

    def __float__(self) -> float:
        self._one("float()")
        return float(self._frame["value"].iloc[0])

    @property
    def value(self) -> float:
        """The estimate, when the result holds one number."""
        self._one("its values")
        return float(self._frame["value"].iloc[0])

    @property
    def se(self) -> float:
        """The standard error, when the result holds one number."""
        self._one("its standard errors")
        return float(self._frame["se"].iloc[0])

    @property
    def values(self) -> pd.Series:
        """All estimates, indexed by the identifying columns that vary."""
        return self._indexed("value")

    @property
    def std_errors(self) -> pd.Series:
        """All standard errors, indexed like :attr:`values`."""
        return self._indexed("se")

    def _labels(self) -> pd.Index:
        cols = [c for c in self.key_columns if self._frame[c].astype(str).nunique() > 1]
        if not cols:
            cols = ["measure"]
        if len(cols) == 1:
            return pd.Index(self._frame[cols[0]], name=cols[0])
        return pd.MultiIndex.from_frame(self._frame[cols])

    def _indexed(self, col: str) -> pd.Series:
        return pd.Series(self._frame[col].to_numpy(), index=self._labels(), name=col)

    def ci(self, level: float | None = None):
        """Confidence interval(s) under the one inference rule (t on ``df`` when known, else normal).

        Parameters
        ----------
        level : float, optional
            Confidence level in (0, 1); default the result's ``level``.

        Returns
        -------
        tuple or pandas.DataFrame
            ``(lower, upper)`` for a result with one estimate, else a frame with
            ``ci_lower`` and ``ci_upper`` indexed like :attr:`values`.
        """
        f = self.to_frame(level)
        if len(f) == 1:
            return float(f["ci_lower"].iloc[0]), float(f["ci_upper"].iloc[0])
        out = f[["ci_lower", "ci_upper"]]
        out.index = self._labels()
        return out

    def cov(self) -> pd.DataFrame:
        """Covariance matrix of the estimates (rows and columns labelled like :attr:`values`).

        Entries that were not estimated are NaN (e.g. between groups when the estimator keeps
        only within-group covariances, or everything with ``se=None``).
        """
        m = self._covariance.matrix(np.arange(len(self._frame)))
        lab = self._labels()
        return pd.DataFrame(m, index=lab, columns=lab)

    def _cov_rows(self, idx) -> np.ndarray:
        return self._covariance.matrix(np.asarray(idx, dtype=np.intp))

    # --- selection --------------------------------------------------------------------------
    def _mask(self, filters: Mapping[str, Any]) -> np.ndarray:
        f = self._frame
        keep = np.ones(len(f), dtype=bool)
        for col, want in filters.items():
            if col not in f.columns:
                raise InputError(f"unknown column {col!r}; this result has {self.key_columns}")
            vals = f[col]
            wants = list(want) if isinstance(want, (list, tuple, set)) else [want]
            m = np.zeros(len(f), dtype=bool)
            for w in wants:
                if w is None or (isinstance(w, float) and np.isnan(w)):
                    m |= vals.isna().to_numpy()
                elif vals.dtype.kind == "f":
                    m |= np.isclose(vals.to_numpy(dtype=float), float(w), rtol=0, atol=1e-12)
                else:
                    m |= (vals == w).to_numpy() | (vals.astype(str) == str(w)).to_numpy()
            if not m.any():
                have = list(pd.unique(vals))[:20]
                raise InputError(f"no estimate with {col}={want!r}; {col} takes {have}")
            keep &= m
        if not keep.any():
            raise InputError(f"no estimate matches {dict(filters)}")
        return keep

    def select(self, **filters) -> "Result":
        """The estimates whose identifying columns match, with their covariance.

        Parameters
        ----------
        **filters
            Column name to a value or a list of values, e.g.
            ``r.select(measure="H", k=1/3, group="North")``.

        Returns
        -------
        Result
            A result of the same type holding the matching rows.

        Raises
        ------
        InputError
            An unknown column, or a value the column does not take.
        """
        idx = np.flatnonzero(self._mask(filters))
        return self._derive(self._frame.iloc[idx], _Subset(self._covariance, idx))

    # --- summary and plot -------------------------------------------------------------------
    def _header(self) -> list[str]:
        out = []
        fn = self.call.get("function")
        if fn:
            out.append(f"Call: {fn}")
        out.append(f"Observations: {self.n if self.n is not None else 'n/a'}"
                   + (f" ({self.n_dropped} dropped for missing values)" if self.n_dropped else ""))
        method = self.se_method or "none"
        out.append(f"Standard errors: {method}")
        if self.se_method is not None:
            rule = f"t with {self.df:g} design degrees of freedom" if self.df is not None else "normal"
            out.append(f"Intervals: {self.level:.0%} ({rule})")
        return out

    def summary(self) -> Summary:
        """A readable summary: the call, the sample, the inference rule and the estimates."""
        f = self._frame
        show = [c for c in self.key_columns if f[c].notna().any() and f[c].astype(str).nunique() > 0]
        show = [c for c in show if not (f[c].isna().all())]
        table = f[show + ["value", "se", "ci_lower", "ci_upper"] + [c for c in ("stat", "pvalue") if c in f]]
        return Summary(self._title, self._header(), table.reset_index(drop=True), list(self.notes))

    def plot(self, ax=None, **kwargs):
        """Estimates with their confidence intervals.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when omitted.
        **kwargs
            Passed to ``Axes.errorbar`` (colour, marker ...).

        Returns
        -------
        matplotlib.axes.Axes
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 0.35 * len(self) + 1.2))
        f = self._frame
        labels = [" / ".join(str(v) for v in row if v is not None and not (isinstance(v, float) and np.isnan(v)))
                  for row in f[[c for c in self.key_columns if f[c].astype(str).nunique() > 1]
                               or ["measure"]].itertuples(index=False)]
        y = np.arange(len(f))
        ax.errorbar(f["value"], y, xerr=[f["value"] - f["ci_lower"], f["ci_upper"] - f["value"]],
                    fmt="o", capsize=3, **kwargs)
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlabel(f"estimate ({self.level:.0%} CI)")
        return ax

    # --- paper-ready tables (povecon.tables) ------------------------------------------------
    def _table(self, columns, rows, select, labels, stars, se_in, digits, lang, notes, title, ci):
        from .tables import table

        return table(self, columns=columns, rows=rows, select=select, labels=labels, stars=stars, se_in=se_in,
                     digits=digits, lang=lang, notes=notes, title=title, ci=ci)

    def to_latex(self, path=None, *, columns=None, rows=None, select=None, labels=None,
                 stars=(0.10, 0.05, 0.01), se_in="parentheses", digits=3, lang="en", notes=(), title="",
                 ci=False) -> str:
        return self._table(columns, rows, select, labels, stars, se_in, digits, lang, notes, title, ci).to_latex(path)

    def to_html(self, path=None, *, columns=None, rows=None, select=None, labels=None,
                stars=(0.10, 0.05, 0.01), se_in="parentheses", digits=3, lang="en", notes=(), title="",
                ci=False) -> str:
        return self._table(columns, rows, select, labels, stars, se_in, digits, lang, notes, title, ci).to_html(path)

    def to_excel(self, path, *, columns=None, rows=None, select=None, labels=None,
                 stars=(0.10, 0.05, 0.01), se_in="parentheses", digits=3, lang="en", notes=(), title="",
                 ci=False):
        return self._table(columns, rows, select, labels, stars, se_in, digits, lang, notes, title, ci).to_excel(path)

    def to_docx(self, path, *, columns=None, rows=None, select=None, labels=None,
                stars=(0.10, 0.05, 0.01), se_in="parentheses", digits=3, lang="en", notes=(), title="",
                ci=False):
        return self._table(columns, rows, select, labels, stars, se_in, digits, lang, notes, title, ci).to_docx(path)

    # --- contrasts --------------------------------------------------------------------------
    def contrast(self, other: "Result | None" = None, *, ratio: bool = False, independent: bool = False,
                 level: float | None = None, **between) -> "Result":
        """Differences (or ratios) of estimates, with standard errors from their joint covariance.

        Parameters
        ----------
        other : Result, optional
            A second result (``self - other`` on matching rows).
        ratio : bool
            Ratios instead of differences.
        independent : bool
            ``self`` and ``other`` come from independent samples.
        level : float, optional
            Confidence level; default the result's.
        **between
            One column and two of its values, e.g. ``group=("A", "B")``.

        Returns
        -------
        ContrastResult
            See :func:`povecon.contrast`.
        """
        return contrast(self, other, ratio=ratio, independent=independent, level=level, **between)

    def __repr__(self) -> str:
        head = f"{type(self).__name__}: {len(self)} estimate(s), n={self.n}"
        if self.n_dropped:
            head += f", {self.n_dropped} dropped"
        head += f", se={self.se_method}"
        f = self._frame
        cols = [c for c in self.key_columns if f[c].notna().any()] + ["value", "se", "ci_lower", "ci_upper"]
        with pd.option_context("display.width", 160, "display.max_columns", 30):
            return head + "\n" + f[cols].to_string(max_rows=20)


_TABLE_DOC = """{what} (see :func:`povecon.table`, which sets several results side by side).

    Parameters
    ----------
    path : {path_type}
        {path_doc}
    columns : str or list of str, optional
        Frame columns to pivot into table columns (e.g. ``"group"``: one column per region).
    rows : str or list of str, optional
        Frame columns that identify a line (default: those that tell the estimates apart).
    select : mapping, optional
        Keep the rows matching these column values (as :meth:`select`).
    labels : mapping, optional
        Text to print for any label; overrides the built-in English or Chinese names.
    stars : sequence of float or None, default (0.10, 0.05, 0.01)
        Significance levels of the stars; None for none.
    se_in : {{"parentheses", "brackets", "beside", "none"}}, default "parentheses"
        Where the standard errors go.
    digits : int, default 3
        Decimals shown.
    lang : {{"en", "zh"}}, default "en"
        Language of the built-in labels and notes.
    notes : str or sequence of str
        Notes under the table (e.g. the data source).
    title : str, default ""
        Caption.
    ci : bool, default False
        Add the confidence interval on a line below each estimate.

    Returns
    -------
    {returns}
    """

for _name, _what, _pt, _pd, _ret in (
        ("to_latex", "The estimates as a journal-style LaTeX (booktabs) table", "str or pathlib.Path, optional",
         "Also write the LaTeX to this file.", "str"),
        ("to_html", "The estimates as a journal-style HTML table", "str or pathlib.Path, optional",
         "Also write the HTML to this file.", "str"),
        ("to_excel", "The estimates as a journal-style table in an Excel workbook", "str or pathlib.Path",
         "The ``.xlsx`` file to write.", "pathlib.Path"),
        ("to_docx", "The estimates as a journal-style table in a Word document (needs python-docx)",
         "str or pathlib.Path", "The ``.docx`` file to write.", "pathlib.Path")):
    getattr(Result, _name).__doc__ = _TABLE_DOC.format(what=_what, path_type=_pt, path_doc=_pd, returns=_ret)


class StackedCovariance(CovarianceSource):
    """Covariance of several results stacked into one: within a part its own; across two parts the
    joint covariance when they share a design and sample, else unknown (NaN)."""

    def __init__(self, parts: Sequence[CovarianceSource], sizes: Sequence[int]):
        self.parts = list(parts)
        self.offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp)
        methods = {getattr(p, "method", None) for p in self.parts}
        self.method = methods.pop() if len(methods) == 1 else None

    def _split(self, idx):
        part = np.searchsorted(self.offsets, idx, side="right") - 1
        return part, idx - self.offsets[part]

    def matrix(self, idx):
        idx = np.asarray(idx, dtype=np.intp)
        part, local = self._split(idx)
        out = np.full((idx.size, idx.size), np.nan)
        for a in np.unique(part):
            ia = np.flatnonzero(part == a)
            out[np.ix_(ia, ia)] = self.parts[a].matrix(local[ia])
            for b in np.unique(part):
                if b <= a:
                    continue
                ib = np.flatnonzero(part == b)
                sa, xa = _base_and_idx(self.parts[a], local[ia])
                sb, xb = _base_and_idx(self.parts[b], local[ib])
                j = sa.joint(sb, xa, xb)
                if j is not None:
                    cross = j[:ia.size, ia.size:]
                    out[np.ix_(ia, ib)] = cross
                    out[np.ix_(ib, ia)] = cross.T
        return out


def stack(results: Sequence["Result"], column: str, labels: Sequence[Any], cls: type | None = None,
          **attrs) -> "Result":
    """Several results as one, tagged by ``column`` (e.g. the decompositions of ``by_subgroup``)."""
    if not results:
        raise InputError("nothing to stack")
    frames = []
    for r, lab in zip(results, labels):
        f = r.frame.copy()
        f.insert(0, column, lab)
        frames.append(f)
    first = results[0]
    cls = cls or type(first)
    out = Result.__new__(cls)
    Result.__init__(out, pd.concat(frames, ignore_index=True),
                    covariance=StackedCovariance([r._covariance for r in results], [len(r) for r in results]),
                    df=first.df, n=first.n, n_dropped=first.n_dropped, level=first.level, call=first.call,
                    design=first.design, se_method=first.se_method)
    out.__dict__.update(attrs)
    return out


class _Subset(CovarianceSource):
    """The covariance source of selected rows of a result."""

    def __init__(self, base: CovarianceSource, idx: np.ndarray):
        self.base, self.idx = base, np.asarray(idx, dtype=np.intp)
        self.method = getattr(base, "method", None)

    def matrix(self, idx):
        return self.base.matrix(self.idx[np.asarray(idx, dtype=np.intp)])

    def joint_key(self):
        return self.base.joint_key()

    def joint(self, other, idx_a, idx_b):
        o = other.base if isinstance(other, _Subset) else other
        ib = other.idx[np.asarray(idx_b, dtype=np.intp)] if isinstance(other, _Subset) else idx_b
        return self.base.joint(o, self.idx[np.asarray(idx_a, dtype=np.intp)], ib)


def _base_and_idx(src: CovarianceSource, idx: np.ndarray):
    idx = np.asarray(idx, dtype=np.intp)
    while isinstance(src, _Subset):
        idx = src.idx[idx]
        src = src.base
    return src, idx


# --- contrasts -------------------------------------------------------------------------------

class ContrastResult(Result):
    """Differences, ratios or linear combinations of estimates, with a test of no difference.

    Built by :func:`contrast` and :func:`did`; its frame adds ``contrast`` (what was
    compared), ``stat`` and ``pvalue`` (t on the design degrees of freedom when known,
    else z; the null is 0 for differences and 1 for ratios).

    Parameters
    ----------
    frame, covariance, df, n, n_dropped, level, call, design, se_method, notes
        As in :class:`Result`.
    """

    _title = "Contrast"


def _joint_cov(a: Result, ia: np.ndarray, b: Result, ib: np.ndarray, independent: bool) -> tuple[np.ndarray, list]:
    """Covariance of rows ``ia`` of ``a`` stacked on rows ``ib`` of ``b``."""
    notes = []
    if b is a:
        return a._cov_rows(np.concatenate([ia, ib])), notes
    if not independent:
        sa, xa = _base_and_idx(a._covariance, ia)
        sb, xb = _base_and_idx(b._covariance, ib)
        j = sa.joint(sb, xa, xb)
        if j is None:
            raise InputError(
                "these two results do not come from one sample under one design and the same standard-error "
                "method (same strata, PSUs and sampling weights; for the bootstrap the same seed and replicates), "
                "so their joint covariance is unknown; if they come from independent samples (two separate "
                "surveys), pass independent=True")
        return j, notes
    ca, cb = a._cov_rows(ia), b._cov_rows(ib)
    cross = np.zeros((len(ia), len(ib)))
    notes.append("the two results are treated as independent samples (zero covariance between them)")
    return np.block([[ca, cross], [cross.T, cb]]), notes


def _match_key(f: pd.DataFrame, cols: list[str]) -> list[tuple]:
    sub = f[cols].astype(object).where(f[cols].notna(), "\0na")
    return [tuple(r) for r in sub.itertuples(index=False)]


def _pairs_within(r: Result, between: Mapping[str, tuple], ratio: bool = False
                  ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame, str]:
    """Row pairs (a, b) for ``between={col: (a_value, b_value)}``, matched on every other key."""
    if len(between) != 1:
        raise InputError("give one column to contrast, e.g. group=('North', 'South'); "
                         "for a difference in differences use pe.did(...) or pe.contrast(r, weights=...)")
    (col, pair), = between.items()
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise InputError(f"{col}= takes two values to compare, e.g. {col}=(a, b); got {pair!r}")
    f = r.frame
    if col not in f.columns:
        raise InputError(f"unknown column {col!r}; this result has {r.key_columns}")
    ma = r._mask({col: pair[0]})
    mb = r._mask({col: pair[1]})
    others = _varying([c for c in r.key_columns if c != col], f[ma], f[mb])
    ka = _match_key(f[ma], others)
    kb = dict(zip(_match_key(f[mb], others), np.flatnonzero(mb)))
    ia, ib = [], []
    for key, i in zip(ka, np.flatnonzero(ma)):
        if key in kb:
            ia.append(i)
            ib.append(kb[key])
    if not ia:
        raise InputError(f"no estimates of {col}={pair[0]!r} and {col}={pair[1]!r} share their other columns {others}")
    rest = [c for c in r.key_columns if c != col]
    labels = f.iloc[ia][_label_columns(rest, others, f[ma], f[mb])].reset_index(drop=True)
    return np.array(ia), np.array(ib), labels, f"{col}: {pair[0]} {'/' if ratio else '-'} {pair[1]}"


def _label_columns(cols: list[str], matched: list[str], fa: pd.DataFrame, fb: pd.DataFrame) -> list[str]:
    """Matched columns, and the constant ones the two sides agree on (e.g. the measure)."""
    out = []
    for c in cols:
        if c in matched:
            out.append(c)
            continue
        a, b = fa[c].iloc[0], fb[c].iloc[0]
        both_missing = np.isscalar(a) or a is None
        both_missing = both_missing and (np.isscalar(b) or b is None) and pd.isna(a) and pd.isna(b)
        if both_missing or a == b:
            out.append(c)
    return out


def _varying(cols: list[str], fa: pd.DataFrame, fb: pd.DataFrame) -> list[str]:
    """The columns that tell rows apart within either side; columns constant on each side (the
    line of each result, the measure of each result) describe the sides and are not matched."""
    def varies(f, c):
        return f[c].astype(object).where(f[c].notna(), "\0na").nunique() > 1
    return [c for c in cols if varies(fa, c) or varies(fb, c)]


def _describe(fa: pd.DataFrame, fb: pd.DataFrame, cols: list[str], sep: str) -> str:
    """What differs between two sides: their constant columns with different values."""
    parts = []
    for c in cols:
        a, b = fa[c].iloc[0], fb[c].iloc[0]
        same = (pd.isna(a) and pd.isna(b)) if (np.isscalar(a) and np.isscalar(b) and pd.isna(a)) else a == b
        if not same:
            parts.append(f"{c}: {a} {sep} {b}")
    return "; ".join(parts) if parts else ("result - other" if sep == "-" else "result / other")


def _pairs_across(a: Result, b: Result, ratio: bool = False) -> tuple[np.ndarray, np.ndarray, pd.DataFrame, str]:
    shared = [c for c in a.key_columns if c in b.key_columns]
    cols = _varying(shared, a.frame, b.frame)
    ka = _match_key(a.frame, cols)
    kb = dict(zip(_match_key(b.frame, cols), range(len(b))))
    ia, ib = [], []
    for i, key in enumerate(ka):
        if key in kb:
            ia.append(i)
            ib.append(kb[key])
    if not ia:
        raise InputError(f"the two results have no estimates in common (matched on {cols})")
    desc = _describe(a.frame, b.frame, [c for c in shared if c not in cols], "/" if ratio else "-")
    labels = a.frame.iloc[ia][_label_columns(shared, cols, a.frame, b.frame)].reset_index(drop=True)
    return np.array(ia), np.array(ib), labels, desc


def _finish(values, cov, labels: pd.DataFrame, description: str, df, level, notes, ratio: bool, n=None,
            design=None, se_method=None) -> ContrastResult:
    values = np.asarray(values, dtype=np.float64)
    se = np.sqrt(np.clip(np.diag(cov), 0, None))  # clip keeps NaN: unknown variances stay unknown
    null = 1.0 if ratio else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        stat = (values - null) / se
    f = labels.copy()
    f["contrast"] = description
    f["value"], f["se"] = values, se
    f["stat"], f["pvalue"] = stat, inference.pvalue(stat, df)
    return ContrastResult(f, covariance=DenseCovariance(cov, se_method), df=df, n=n, level=level, notes=notes,
                          design=design, se_method=se_method, call={"function": "contrast"})


def contrast(result: Result, other: Result | None = None, *, weights: Any = None, ratio: bool = False,
             independent: bool = False, level: float | None = None, **between) -> ContrastResult:
    """Differences, ratios and linear combinations of estimates with standard errors.

    Parameters
    ----------
    result : Result
        Any povecon result.
    other : Result, optional
        A second result: the contrast is ``result - other`` (or ``result / other``) for every
        estimate the two share (matched on their identifying columns). Under one design and
        sample (e.g. two measures, two lines, two years in one pooled survey) the joint
        covariance comes from both results' linearized scores or replicates; from two
        independent samples (two separate surveys) pass ``independent=True``.
    weights : mapping or pandas.Series, optional
        A linear combination ``sum_j c_j theta_j``: a mapping from a row selector (a dict of
        column values, e.g. ``{"group": "A", "time": 2019}``) to its coefficient ``c_j``,
        or a sequence of such mappings for several combinations at once.
    ratio : bool
        Ratios ``a / b`` instead of differences (delta-method SEs; the test is of ratio 1).
    independent : bool
        Treat ``result`` and ``other`` as independent samples (zero covariance between them);
        the output says so.
    level : float, optional
        Confidence level (default: the result's).
    **between
        One column and two of its values, ``group=("North", "South")`` or
        ``time=(2014, 2019)``: ``a - b`` for every combination of the other columns.

    Returns
    -------
    ContrastResult
        One row per contrast with ``value, se, ci_lower, ci_upper, stat, pvalue`` (a t test
        on the design degrees of freedom when known, else z).

    Examples
    --------
    >>> r = pe.fgt(df, "income", line=2300, by="region")            # doctest: +SKIP
    >>> pe.contrast(r, group=("North", "South"))                     # doctest: +SKIP
    >>> pe.contrast(r2019, r2014, independent=True)                  # doctest: +SKIP
    """
    if not isinstance(result, Result):
        raise InputError(f"contrast takes povecon results, got {type(result).__name__}")
    if other is not None and not isinstance(other, Result):
        raise InputError(f"other must be a povecon result, got {type(other).__name__}")
    if not isinstance(ratio, (bool, np.bool_)) or not isinstance(independent, (bool, np.bool_)):
        raise InputError("ratio and independent must be True or False")
    level = result.level if level is None else inference.check_level(level)
    given = sum(x is not None and x != {} for x in (other, weights, between or None))
    if given != 1:
        raise InputError("say what to contrast: another result (other=), a column and two of its values "
                         "(e.g. group=('A', 'B')), or a linear combination (weights=)")
    if independent and other is None:
        raise InputError("independent=True applies to two results (other=); rows of one result share its sample")
    if weights is not None:
        if ratio:
            raise InputError("ratio=True applies to pairs, not to linear combinations (weights=)")
        return _linear(result, weights, level)
    if other is not None:
        ia, ib, labels, desc = _pairs_across(result, other, ratio)
        cov, notes = _joint_cov(result, ia, other, ib, independent)
        va, vb = result.frame["value"].to_numpy()[ia], other.frame["value"].to_numpy()[ib]
        if independent:
            df = None if result.df is None or other.df is None else result.df + other.df
        else:
            df = result.df
        n = None
    else:
        ia, ib, labels, desc = _pairs_within(result, between, ratio)
        cov, notes = _joint_cov(result, ia, result, ib, False)
        f = result.frame["value"].to_numpy()
        va, vb = f[ia], f[ib]
        df, n = result.df, result.n
    k = len(ia)
    if ratio:
        with np.errstate(invalid="ignore", divide="ignore"):
            vals = va / vb
            J = np.hstack([np.diag(1 / vb), np.diag(-va / vb**2)])
    else:
        vals = va - vb
        J = np.hstack([np.eye(k), -np.eye(k)])
    C = J @ cov @ J.T
    return _finish(vals, C, labels, desc, df, level, notes, ratio, n=n, design=result.design,
                   se_method=result.se_method)


def _linear(result: Result, weights: Any, level: float) -> ContrastResult:
    combos = [weights] if isinstance(weights, Mapping) or isinstance(weights, pd.Series) else list(weights)
    if not combos:
        raise InputError("weights= is empty; give a mapping {row selector: coefficient}")
    L_parts = []
    descs = []
    for combo in combos:
        if isinstance(combo, pd.Series):
            if len(combo) != len(result):
                raise InputError(f"a Series of coefficients needs one per estimate ({len(result)}), got {len(combo)}")
            coef = {i: float(c) for i, c in enumerate(combo.to_numpy()) if c != 0}
            descs.append("linear combination")
        else:
            if not isinstance(combo, Mapping):
                raise InputError("each linear combination is a mapping {row selector: coefficient}")
            coef = {}
            parts = []
            for sel, c in combo.items() if isinstance(combo, Mapping) else []:
                sel = dict(sel) if not isinstance(sel, dict) else sel
                m = np.flatnonzero(result._mask(sel))
                if m.size != 1:
                    raise InputError(f"selector {sel} matches {m.size} estimates; it must pick exactly one "
                                     f"(add columns such as {result.key_columns})")
                try:
                    c = float(c)
                except (TypeError, ValueError):
                    raise InputError(f"coefficient of {sel} must be a number, got {c!r}") from None
                coef[int(m[0])] = coef.get(int(m[0]), 0.0) + c
                parts.append(f"{c:+g}*[{', '.join(f'{k}={v}' for k, v in sel.items())}]")
            descs.append(" ".join(parts))
        L_parts.append(coef)
    values, cov = _combine(result, L_parts)
    labels = pd.DataFrame({"measure": ["linear combination"] * len(combos)})
    return _finish(values, cov, labels, descs, result.df, level, [], False, n=result.n, design=result.design,
                   se_method=result.se_method)


def _combine(result: Result, lines: Sequence[Mapping[int, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Values and covariance of the linear combinations ``lines`` (each ``{row: coefficient}``) of
    ``result``'s estimates; only the rows they use enter the covariance."""
    rows: list[int] = []
    for line in lines:
        rows += [r for r in line if r not in rows]
    idx = np.array(rows, dtype=np.intp)
    L = np.zeros((len(lines), idx.size))
    pos = {r: j for j, r in enumerate(rows)}
    for i, line in enumerate(lines):
        for r, c in line.items():
            L[i, pos[r]] = c
    theta = result.frame["value"].to_numpy()[idx]
    return L @ theta, L @ result._cov_rows(idx) @ L.T


def did(result: Result, *, time: tuple, group: tuple, level: float | None = None) -> ContrastResult:
    """Difference in differences ``(a1 - a0) - (b1 - b0)``, with SEs from the joint covariance.

    Parameters
    ----------
    result : Result
        A result with ``group`` and ``time`` columns estimated under one design (e.g.
        ``pe.fgt(..., by="region")`` on pooled rounds via ``domain``, or ``pe.mpi(..., by=, time=)``).
    time : tuple
        ``(t0, t1)``: the change is ``t1 - t0``.
    group : tuple
        ``(a, b)``: the change of ``a`` minus the change of ``b``.
    level : float, optional
        Confidence level; default the result's.

    Returns
    -------
    ContrastResult
        One row per combination of the other identifying columns (measure, k ...).
    """
    if len(time) != 2 or len(group) != 2:
        raise InputError("did takes time=(t0, t1) and group=(a, b)")
    f = result.frame
    others = [c for c in result.key_columns if c not in ("time", "group")]
    cells = {}
    for (g, t) in ((group[0], time[0]), (group[0], time[1]), (group[1], time[0]), (group[1], time[1])):
        m = np.flatnonzero(result._mask({"group": g, "time": t}))
        cells[(g, t)] = dict(zip(_match_key(f.iloc[m], others), m))
    common = [k for k in cells[(group[0], time[0])] if all(k in c for c in cells.values())]
    if not common:
        raise InputError("no estimate is present for both groups in both rounds")
    coefs = ((group[0], time[1], 1.0), (group[0], time[0], -1.0), (group[1], time[1], -1.0),
             (group[1], time[0], 1.0))
    values, cov = _combine(result, [{cells[(g, t)][key]: c for g, t, c in coefs} for key in common])
    labels = f.iloc[[cells[(group[0], time[0])][k] for k in common]][others].reset_index(drop=True)
    desc = f"({group[0]}: {time[1]} - {time[0]}) - ({group[1]}: {time[1]} - {time[0]})"
    level = result.level if level is None else inference.check_level(level)
    return _finish(values, cov, labels, desc, result.df, level, [], False, n=result.n, design=result.design,
                   se_method=result.se_method)


__all__ = ["Result", "ContrastResult", "Summary", "contrast", "did", "stack", "StackedCovariance", "CovarianceSource", "DenseCovariance",
           "BlockCovariance", "LinearizedCovariance", "ReplicateCovariance", "NoCovariance", "design_key",
           "sample_key"]
