"""The single input gate.

Every public estimator turns its arguments into validated numpy arrays here and
nowhere else. Rules (documented in docs/conventions.md):

* Columns are named; an unknown name raises ``InputError`` listing what exists.
* Arrays are copied to float64 (the caller's data are never mutated); estimators
  that opt in with ``copy=False`` get a read-only view of an input that already is
  float64, which cannot write through to the caller's data either.
* Missing values raise unless ``na="drop"``; dropped rows are counted and the count
  is returned so results can report it. Rows are never dropped silently.
* Weights are sampling weights: finite, non-negative, not all zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import warnings

import numpy as np
import pandas as pd

from .errors import EstimationError, InputError, InputWarning
from .registry._frames import refuse

NA_POLICIES = ("raise", "drop")


def _finite_sum(arr: np.ndarray) -> bool:
    """True if ``arr`` sums to a finite number, which proves it free of NaN and inf.

    NaN and inf propagate through addition, so this is one pass without a mask; a
    False (also from overflow) only means the element-wise scans must decide.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.isfinite(np.add.reduce(arr)))


def _is_frame(data: Any) -> bool:
    return isinstance(data, pd.DataFrame)


def check_columns(data: pd.DataFrame, columns: Iterable[str | None], *, what: str = "column") -> None:
    """Raise ``InputError`` naming every requested column that ``data`` lacks."""
    refuse(data)
    if not _is_frame(data):
        raise InputError(f"expected a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        have = ", ".join(map(str, list(data.columns)[:30]))
        raise InputError(f"unknown {what}(s) {missing}; the data have: {have}")


def _aligned(data: pd.DataFrame, col: pd.Series, name: str) -> pd.Series:
    """``col`` in the row order of ``data``, matched by index label.

    A Series whose index equals the data's index is used as it is; one whose labels are
    the same set in another order is reordered; any other Series raises, since using
    it by position would pair values with the wrong rows.
    """
    idx = data.index
    if col.index.equals(idx):
        return col
    mine = col.index
    if mine.has_duplicates or idx.has_duplicates:
        raise InputError(
            f"{name} is a Series whose index differs from the data's index and one of them has "
            "duplicate labels, so it cannot be aligned by label; pass .to_numpy() to use it by position"
        )
    missing = idx.difference(mine)
    extra = mine.difference(idx)
    if len(missing) or len(extra):
        raise InputError(
            f"{name} is a Series whose index does not match the data's index: {len(missing)} label(s) "
            f"of the data are missing from it and {len(extra)} of its label(s) are not in the data "
            f"(e.g. {list(missing[:3]) or list(extra[:3])}); align it to the data, or pass .to_numpy() "
            "to use it by position"
        )
    return col.reindex(idx)


def column(data: Any, col: Any, name: str, n: int | None = None) -> np.ndarray:
    """Return ``col`` as a 1-d array: a column name of ``data`` or an array-like.

    A pandas Series given with a DataFrame ``data`` is aligned on the data's index
    (reordered when its labels are the data's in another order; ``InputError`` when the
    labels differ). Without ``data`` a Series is taken in its own order.
    """
    refuse(data)
    if isinstance(col, str):
        if data is None:
            raise InputError(f"{name} {col!r} is a column name but no data frame was given")
        check_columns(data, [col])
        arr = data[col].to_numpy()
    elif isinstance(col, pd.Series):
        arr = (_aligned(data, col, name) if _is_frame(data) else col).to_numpy()
    elif isinstance(col, pd.Index):
        arr = col.to_numpy()
    else:
        arr = np.asarray(col)
    if arr.ndim != 1:
        raise InputError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise InputError(f"{name} has {arr.shape[0]} values but the data have {n}")
    return arr


def numeric(
    data: Any,
    col: Any,
    name: str = "income",
    *,
    n: int | None = None,
    allow_nan: bool = False,
    positive: bool = False,
    nonnegative: bool = False,
    copy: bool = True,
) -> np.ndarray:
    """Validated float64 copy of a numeric variable.

    With ``copy=False`` a float64 input comes back as a read-only view instead of a
    copy: at registry scale the copy costs as much time and memory as the estimate.
    """
    refuse(data)
    refuse(col)
    raw = column(data, col, name, n)
    if not copy and isinstance(raw, np.ndarray) and raw.dtype == np.float64:
        arr = raw.view()
        arr.flags.writeable = False
    else:
        try:
            arr = np.array(raw, dtype=np.float64, copy=True)
        except (TypeError, ValueError) as exc:
            raise InputError(f"{name} must be numeric: {exc}") from None
    if arr.size == 0:
        raise InputError(f"{name} is empty")
    if _finite_sum(arr):
        finite = arr
    else:
        nan = np.isnan(arr)
        if nan.any() and not allow_nan:
            raise InputError(
                f"{name} has {int(nan.sum())} missing value(s); drop or impute them"
            )
        finite = arr[~nan] if nan.any() else arr  # no second copy in the common, complete case
        if np.isinf(finite).any():
            raise InputError(f"{name} has {int(np.isinf(finite).sum())} infinite value(s)")
    # min/max are reductions; the element counts below are only computed for the message
    if positive and finite.size and finite.min() <= 0:
        raise InputError(
            f"{name} has {int((finite <= 0).sum())} zero or negative value(s); this measure needs incomes > 0"
        )
    if nonnegative and finite.size and finite.min() < 0:
        raise InputError(
            f"{name} has {int((finite < 0).sum())} negative value(s); this measure needs incomes >= 0"
        )
    return arr


def weights(data: Any, w: Any, n: int, name: str = "weights", *, copy: bool = True) -> np.ndarray:
    """Validated sampling weights (ones when ``w`` is None); ``copy`` as in ``numeric``."""
    if w is None:
        return np.ones(n, dtype=np.float64)
    arr = numeric(data, w, name, n=n, allow_nan=True, copy=copy)
    if not _finite_sum(arr) and np.isnan(arr).any():
        raise InputError(f"{name} has {int(np.isnan(arr).sum())} missing value(s)")
    if arr.min() < 0:
        raise InputError(f"{name} has {int((arr < 0).sum())} negative value(s)")
    if not arr.max() > 0:
        raise InputError(f"{name} are all zero")
    return arr


def _dense_codes(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``pd.factorize(raw, sort=True)`` for integer labels in a range not much wider than ``raw``.

    A lookup table over the range replaces hashing: several times faster, and one
    n-vector of codes instead of the four hashing and sorting leave in memory at once
    (this codes the strata and PSUs of registry-scale designs).
    """
    lo, hi = int(raw.min()), int(raw.max())
    if hi - lo > max(raw.size, 1 << 16) or hi >= 1 << 63:
        return None
    # non-negative labels index the table directly; others are shifted (one temporary)
    idx = raw if lo >= 0 and hi <= raw.size + (1 << 16) else raw.astype(np.int64) - lo
    base = 0 if idx is raw else lo
    present = np.zeros((hi if idx is raw else hi - lo) + 1, dtype=bool)
    present[idx] = True
    lookup = np.cumsum(present, dtype=np.intp)
    lookup -= 1
    codes = lookup[idx]
    labels = (np.flatnonzero(present) + base).astype(raw.dtype, copy=False)
    return codes, labels


def groups(data: Any, by: Any, n: int, name: str = "by") -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0..G-1 and the sorted group labels of a grouping variable."""
    raw = column(data, by, name, n)
    if raw.dtype.kind in "iu" and raw.size:
        dense = _dense_codes(raw)
        if dense is not None:
            return dense[0], pd.Index(dense[1], name=by if isinstance(by, str) else name)
    codes, labels = pd.factorize(pd.Series(raw), sort=True)
    if (codes < 0).any():
        raise InputError(f"{name} has {int((codes < 0).sum())} missing group label(s)")
    return codes.astype(np.intp, copy=False), pd.Index(labels, name=by if isinstance(by, str) else name)


@dataclass(frozen=True)
class Prepared:
    """Arrays after the gate: aligned, complete, with the count of rows dropped."""

    arrays: dict[str, np.ndarray]
    n_dropped: int
    keep: np.ndarray | None

    def __getitem__(self, key: str) -> np.ndarray:
        return self.arrays[key]


def drop_missing(arrays: dict[str, np.ndarray], na: str = "raise") -> Prepared:
    """Apply the missing-value policy jointly to aligned arrays."""
    if na not in NA_POLICIES:
        raise InputError(f"na must be one of {NA_POLICIES}, got {na!r}")
    bad = None
    for key, arr in arrays.items():
        if arr.dtype.kind == "f":
            if _finite_sum(arr):
                continue
            miss = np.isnan(arr)
        else:
            miss = pd.isna(arr)
        if miss.any() and na == "raise":
            raise InputError(
                f"{key} has {int(miss.sum())} missing value(s); pass na='drop' to drop those rows (the count is reported)"
            )
        bad = miss if bad is None else bad | miss
    if bad is None or not bad.any():
        return Prepared(arrays, 0, None)
    keep = ~bad
    if not keep.any():
        raise InputError("every row has a missing value")
    return Prepared({k: v[keep] for k, v in arrays.items()}, int(bad.sum()), keep)


def warn_vanished(labels_before: Any, keep: np.ndarray | None, name: str = "by") -> None:
    """Warn, naming them, about groups of ``labels_before`` that have no row left in ``keep``.

    Dropping rows with missing values (``na='drop'``) can empty a group; its row then
    disappears from the result, which must not happen silently.
    """
    if keep is None:
        return
    before = pd.unique(pd.Series(np.asarray(labels_before, dtype=object)).dropna())
    after = set(pd.unique(pd.Series(np.asarray(labels_before, dtype=object)[keep]).dropna()).tolist())
    gone = [g for g in before.tolist() if g not in after]
    if gone:
        warnings.warn(f"{name} group(s) {gone[:10]} vanished: every row of them had a missing value and was "
                      f"dropped, so they are absent from the result", InputWarning, stacklevel=3)


def finite_result(values: Any, what: str, *, inputs: Any = None, name: str = "income",
                  only_extreme: bool = False) -> None:
    """Raise ``EstimationError`` instead of returning a NaN or infinite estimate.

    ``inputs`` (the incomes) lets the message say when values near the float limits
    (overflow or underflow of squares, products and logs) are the cause; with
    ``only_extreme`` only that cause raises.
    """
    parts = values if isinstance(values, (list, tuple)) else [values]
    v = np.concatenate([np.ravel(np.asarray(p, dtype=np.float64)) for p in parts]) if parts else np.empty(0)
    if v.size == 0 or _finite_sum(v) or np.isfinite(v).all():
        return
    cause = ""
    if inputs is not None:
        y = np.abs(np.asarray(inputs, dtype=np.float64))
        y = y[np.isfinite(y)]
        pos = y[y > 0]
        if y.size and y.max() > 1e150:
            cause = (f"; {name} values as large as {y.max():.3g} overflow the computation: rescale {name} "
                     "(e.g. to thousands or millions)")
        elif pos.size and pos.min() < 1e-150:
            cause = (f"; {name} values as small as {pos.min():.3g} underflow the computation: rescale {name} "
                     "(e.g. to units instead of millions)")
    if only_extreme and not cause:
        return  # e.g. a component share of a zero total: NaN is its documented value
    raise EstimationError(f"{what} is not finite (NaN or infinite) for these {name} values{cause}")


def full_rank(X: Any, names: Sequence[str], what: str = "the regressors") -> None:
    """Raise ``InputError`` naming the columns of ``X`` that are linear combinations of earlier ones."""
    A = np.asarray(X, dtype=np.float64)
    if A.ndim != 2 or A.shape[1] == 0:
        return
    if A.shape[0] < A.shape[1]:
        raise InputError(f"{what}: {A.shape[0]} observation(s) for {A.shape[1]} coefficients; too few observations")
    if np.linalg.matrix_rank(A) == A.shape[1]:
        return
    bad, kept = [], []
    for j in range(A.shape[1]):
        if np.linalg.matrix_rank(A[:, kept + [j]]) < len(kept) + 1:
            bad.append(str(names[j]))
        else:
            kept.append(j)
    raise InputError(f"{what} are collinear: {bad} are linear combinations of the other columns (or constant); "
                     "drop them")


def finite_columns(data: pd.DataFrame, cols: Iterable[str]) -> None:
    """Raise ``InputError`` naming numeric columns with infinite values."""
    for c in cols:
        v = data[c].to_numpy()
        if v.dtype.kind in "fc" and not _finite_sum(v):
            k = int(np.isinf(v).sum())
            if k:
                raise InputError(f"{c} has {k} infinite value(s)")


def bool_option(value: Any, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InputError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def fraction(value: float, name: str, *, low: float = 0.0, high: float = 1.0, low_open: bool = True) -> float:
    """A scalar in (low, high] (or [low, high]); raises ``InputError`` otherwise."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {value!r}") from None
    ok = (v > low if low_open else v >= low) and v <= high
    if not ok or np.isnan(v):
        bracket = "(" if low_open else "["
        raise InputError(f"{name} must lie in {bracket}{low}, {high}], got {value!r}")
    return v


def positive_scalar(value: float, name: str, *, allow_zero: bool = False) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        raise InputError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value!r}")
    return v


def unique_keys(data: pd.DataFrame, keys: Sequence[str]) -> None:
    """Raise if the combination of ``keys`` repeats (e.g. duplicate panel id-time)."""
    check_columns(data, keys)
    dup = data.duplicated(list(keys), keep=False)
    if dup.any():
        example = data.loc[dup, list(keys)].head(3).to_dict("records")
        raise InputError(f"{int(dup.sum())} rows share a key {list(keys)}; e.g. {example}")
