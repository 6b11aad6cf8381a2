"""Exact, mergeable summaries of a partitioned data frame.

Two passes over the partitions, each a summary per partition merged by addition
(a tree of merges, so no partition's rows ever meet another's in one process):

1. ``collapse``: one row per distinct value of the key columns (income, group, domain,
   a line column ...) with the summed weight, the number of rows and the number of rows
   with positive weight; plus the missing-value and weight checks of the input gate.
2. ``psu_totals``: with the linearized variable of every distinct key known, the PSU
   totals of the weighted linearized variables (the sums a design-based variance needs),
   or, when every row is its own PSU, per-stratum sums and cross-products.

Sums of floating-point numbers in a different order agree to rounding (about 1e-15
relative), which is the sense in which the results are exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence
import warnings

import numpy as np
import pandas as pd

from ..errors import InputError, InputWarning

W = "_povecon_weight"
ROWS = "_povecon_rows"
POSITIVE = "_povecon_positive"
FAN_IN = 8  # summaries merged per task: a tree of depth log_8(partitions)


def is_dask(data: Any) -> bool:
    """Whether ``data`` is a dask DataFrame (without importing dask when it is not installed)."""
    mod = type(data).__module__ or ""
    if not mod.startswith("dask"):
        return False
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - a dask object without dask cannot exist
        return False
    return isinstance(data, dd.DataFrame)


def _is_dask_collection(obj: Any) -> bool:
    return (type(obj).__module__ or "").startswith("dask") and hasattr(obj, "__dask_graph__")


def refuse(data: Any, what: str = "this estimator") -> None:
    """Raise a clear error when a dask collection reaches code that needs the rows in memory."""
    if _is_dask_collection(data) and not is_dask(data):
        raise InputError(f"{what} got a dask {type(data).__name__}: pass the dask DataFrame as data and the "
                         "column name (income='income'), so that only the summaries are computed")
    if is_dask(data):
        raise InputError(
            f"{what} does not run on a dask DataFrame (it has no exact mergeable summary yet); "
            "compute the rows you need into memory first (ddf[columns].compute(), or a sample: "
            "ddf.sample(frac=0.01, random_state=1).compute()), or aggregate them with dask; see the docs page "
            "'Working at registry scale' for the estimators that run distributed")


def _dask():
    try:
        import dask
        import dask.dataframe  # noqa: F401
    except ImportError:
        raise InputError("registry-scale estimation needs dask: pip install 'povecon[dask]'") from None
    return dask


def check_columns(ddf, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in ddf.columns]
    if missing:
        raise InputError(f"unknown {what}(s) {missing}; the dask DataFrame has {list(ddf.columns)[:20]}")


@dataclass(frozen=True)
class Plan:
    """What the two passes read: role -> column name, and the missing-value policy."""

    keys: dict  # role (income, by, domain, line, ...) -> column
    weights: str | None
    strata: str | None
    psu: str | None
    fpc: str | None
    na: str
    by_psu: bool = False  # collapse within PSUs too (estimators that keep their own PSU totals)

    @property
    def key_columns(self) -> list[str]:
        keys = list(self.keys.values())
        if self.by_psu:
            keys += self.design_columns
        return list(dict.fromkeys(keys))

    @property
    def design_columns(self) -> list[str]:
        return [c for c in (self.strata, self.psu, self.fpc) if c is not None]

    def columns(self) -> list[str]:
        cols = self.key_columns + [c for c in (self.weights,) if c is not None] + self.design_columns
        return list(dict.fromkeys(cols))


def _missing(part: pd.DataFrame, plan: Plan) -> pd.Series:
    """Per role, the rows missing a value (the in-memory gate's joint rule)."""
    return pd.Series({role: int(part[col].isna().sum()) for role, col in plan.keys.items()}, dtype=np.int64)


def _kept(part: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The rows an estimator uses: all, or with ``na='drop'`` those complete in the key columns."""
    part = part[plan.columns()]
    if plan.na == "drop":
        bad = part[plan.key_columns].isna().any(axis=1)
        if bad.any():
            part = part[~bad.to_numpy()]
    return part


def _weights(part: pd.DataFrame, plan: Plan) -> np.ndarray:
    if plan.weights is None:
        return np.ones(len(part))
    try:
        return part[plan.weights].to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        raise InputError(f"weights column {plan.weights!r} must be numeric") from None


@dataclass
class Collapsed:
    """One partition's (or a merge of several partitions') summary from pass 1.

    The checks of the input gate are counted on every row, before ``na='drop'`` removes any,
    exactly as the in-memory gate validates weights and design columns first.
    """

    table: pd.DataFrame  # indexed by the key columns: W, ROWS, POSITIVE
    rows: int = 0
    missing: pd.Series = field(default_factory=lambda: pd.Series(dtype=np.int64))
    infinite: pd.Series = field(default_factory=lambda: pd.Series(dtype=np.int64))
    dropped: int = 0
    weight_nan: int = 0
    weight_negative: int = 0
    weight_infinite: int = 0
    weight_max: float = 0.0
    weight_min: float = np.inf
    design_missing: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)  # role -> distinct labels before any row is dropped
    psus: pd.DataFrame | None = None  # (stratum, psu) -> fpc min, max over every row


def _infinite(part: pd.DataFrame, plan: Plan) -> pd.Series:
    out = {}
    for role, col in plan.keys.items():
        x = part[col]
        out[role] = int(np.isinf(x.to_numpy(dtype=np.float64, na_value=np.nan)).sum()) \
            if x.dtype.kind in "fiu" or str(x.dtype) in ("Float64", "Int64") else 0
    return pd.Series(out, dtype=np.int64)


def collapse_partition(part: pd.DataFrame, plan: Plan) -> Collapsed:
    """Pass 1 on one partition."""
    rows = len(part)
    missing = _missing(part, plan)
    w_all = _weights(part, plan)
    finite = np.isfinite(w_all)
    design_missing = {c: int(part[c].isna().sum()) for c in plan.design_columns}
    labels = {}
    if plan.na == "drop":
        for role in ("by",):
            if role in plan.keys:
                labels[role] = set(pd.unique(part[plan.keys[role]].dropna()).tolist())
    psus = None
    if plan.fpc is not None:
        f = pd.DataFrame({"s": part[plan.strata].to_numpy() if plan.strata is not None else np.zeros(rows, np.int64),
                          "p": part[plan.psu].to_numpy() if plan.psu is not None else np.arange(rows),
                          "f": part[plan.fpc].to_numpy(dtype=np.float64, na_value=np.nan)})
        if plan.psu is None:  # every row its own PSU: only the count per stratum matters
            psus = f.groupby("s", sort=True)["f"].agg(["min", "max", "size"])
        else:
            psus = f.groupby(["s", "p"], sort=True)["f"].agg(["min", "max"])
    kept = _kept(part, plan)
    dropped = rows - len(kept)
    w = _weights(kept, plan)
    keys = plan.key_columns
    frame = kept[keys].copy()
    frame[W] = w
    frame[ROWS] = 1
    frame[POSITIVE] = (w > 0).astype(np.int64)
    table = frame.groupby(keys, sort=True, dropna=False, observed=True)[[W, ROWS, POSITIVE]].sum()
    return Collapsed(table=table, rows=rows, missing=missing, infinite=_infinite(part, plan), dropped=dropped,
                     weight_nan=int(np.isnan(w_all).sum()), weight_negative=int((w_all[finite] < 0).sum()),
                     weight_infinite=int(np.isinf(w_all).sum()),
                     weight_max=float(w_all[finite].max()) if finite.any() else 0.0,
                     weight_min=float(w_all[finite].min()) if finite.any() else np.inf,
                     design_missing=design_missing, labels=labels, psus=psus)


def merge_collapsed(parts: Sequence[Collapsed]) -> Collapsed:
    tables = [p.table for p in parts]
    table = pd.concat(tables)
    keys = list(table.index.names)
    table = table.groupby(level=keys, sort=True, dropna=False).sum()
    design_missing: dict = {}
    labels: dict = {}
    for p in parts:
        for c, k in p.design_missing.items():
            design_missing[c] = design_missing.get(c, 0) + k
        for role, lab in p.labels.items():
            labels[role] = labels.get(role, set()) | lab
    psus = None
    frames = [p.psus for p in parts if p.psus is not None]
    if frames:
        both = pd.concat(frames)
        agg = {"min": "min", "max": "max", **({"size": "sum"} if "size" in both else {})}
        psus = both.groupby(level=list(range(both.index.nlevels)), sort=True).agg(agg)
    return Collapsed(table=table, rows=sum(p.rows for p in parts),
                     missing=sum((p.missing for p in parts[1:]), parts[0].missing),
                     infinite=sum((p.infinite for p in parts[1:]), parts[0].infinite),
                     dropped=sum(p.dropped for p in parts), weight_nan=sum(p.weight_nan for p in parts),
                     weight_negative=sum(p.weight_negative for p in parts),
                     weight_infinite=sum(p.weight_infinite for p in parts),
                     weight_max=max(p.weight_max for p in parts), weight_min=min(p.weight_min for p in parts),
                     design_missing=design_missing, labels=labels, psus=psus)


def tree(ddf, chunk, merge, *args):
    """``merge`` of ``chunk(partition, *args)`` over every partition, as one dask computation."""
    dask = _dask()
    parts = [dask.delayed(chunk)(p, *args) for p in ddf.to_delayed()]
    while len(parts) > 1:
        parts = [dask.delayed(merge)(parts[i:i + FAN_IN]) for i in range(0, len(parts), FAN_IN)]
    return parts[0]


def collapse(ddf, plan: Plan) -> Collapsed:
    """Pass 1 over every partition, with the input gate's checks on the merged summary."""
    out = tree(ddf, collapse_partition, merge_collapsed, plan).compute()
    if plan.na not in ("raise", "drop"):
        raise InputError(f"na must be one of ('raise', 'drop'), got {plan.na!r}")
    if plan.na == "raise":
        for role, count in out.missing.items():
            if count:
                raise InputError(f"{role} has {int(count)} missing value(s); pass na='drop' to drop those rows "
                                 "(the count is reported)")
    if out.weight_nan:
        raise InputError(f"weights has {out.weight_nan} missing value(s)")
    if out.weight_infinite:
        raise InputError(f"weights has {out.weight_infinite} infinite value(s)")
    if out.weight_negative:
        raise InputError(f"weights has {out.weight_negative} negative value(s)")
    if out.rows and not out.weight_max > 0:
        raise InputError("weights are all zero")
    for c, k in out.design_missing.items():
        if k:
            raise InputError(f"design column {c!r} has {k} missing value(s)")
    for role, count in out.infinite.items():
        if count:
            raise InputError(f"{role} has {int(count)} infinite value(s)")
    if out.psus is not None:
        check_fpc(out.psus)
    if out.table.empty:
        raise InputError("every row has a missing value" if out.rows else "the data has no rows")
    for role, before in out.labels.items():  # groups emptied by na='drop' are named, as in memory
        col = plan.keys[role]
        after = set(pd.unique(out.table.index.get_level_values(col)).tolist())
        gone = sorted((g for g in before if g not in after), key=str)
        if gone:
            warnings.warn(f"{col} group(s) {gone[:10]} vanished: every row of them had a missing value and was "
                          "dropped, so they are absent from the result", InputWarning, stacklevel=4)
    return out


def check_fpc(psus: pd.DataFrame) -> None:
    """The in-memory fpc rule (``survey.check_fpc_strata``) on the (stratum, PSU) summary of pass 1."""
    from ..survey import check_fpc_strata

    if psus.index.nlevels == 1:  # every row its own PSU: counted per stratum
        check_fpc_strata(psus["min"], psus["max"], psus["size"])
        return
    strata = psus.index.get_level_values(0)
    by = psus.groupby(strata, sort=True)
    check_fpc_strata(by["min"].min(), by["max"].max(), by.size())


# --- pass 2 ---------------------------------------------------------------------

@dataclass
class Totals:
    """PSU totals (or per-stratum moments) of the weighted linearized variables."""

    psu: pd.DataFrame | None = None  # index (stratum, psu): one column per linearized variable
    moments: dict | None = None  # stratum -> (rows, sum z, sum z z')


def _positions(kept: pd.DataFrame, keys: list[str], lookup: pd.DataFrame) -> np.ndarray:
    """Row of the collapsed table (sorted by its keys) holding each row's key.

    Each key column is coded against its sorted distinct values in the table, the codes are
    combined into one integer (the first key most significant, so the table's combined codes
    ascend) and found by binary search; a MultiIndex lookup is the fallback.
    """
    combined_l = np.zeros(len(lookup), dtype=np.int64)
    combined_k = np.zeros(len(kept), dtype=np.int64)
    span = 1
    try:
        for col in keys:
            uniq = pd.Index(pd.unique(lookup[col])).sort_values()
            span *= len(uniq)
            if span >= 1 << 62:
                raise OverflowError
            code_l = uniq.get_indexer(lookup[col])
            code_k = uniq.get_indexer(kept[col])
            if (code_k < 0).any():
                raise InputError("the data changed between the two passes over it (a key is missing)")
            combined_l = combined_l * len(uniq) + code_l
            combined_k = combined_k * len(uniq) + code_k
        if not (combined_l[1:] > combined_l[:-1]).all():
            raise OverflowError  # the table is not in this order: take the general route
    except (OverflowError, TypeError):
        idx = pd.MultiIndex.from_frame(lookup[keys]) if len(keys) > 1 else pd.Index(lookup[keys[0]])
        probe = pd.MultiIndex.from_frame(kept[keys]) if len(keys) > 1 else pd.Index(kept[keys[0]])
        pos = idx.get_indexer(probe)
        if (pos < 0).any():
            raise InputError("the data changed between the two passes over it (a key is missing)") from None
        return pos
    pos = np.searchsorted(combined_l, combined_k)
    pos = np.minimum(pos, len(lookup) - 1)
    if not np.array_equal(combined_l[pos], combined_k):
        raise InputError("the data changed between the two passes over it (a key is missing)")
    return pos


ROW_BLOCK = 1 << 16  # rows per block of weighted linearized variables (bounds a partition's memory)


def totals_partition(part: pd.DataFrame, plan: Plan, lookup: pd.DataFrame, U: np.ndarray) -> Totals:
    """Pass 2 on one partition: never more than ``ROW_BLOCK`` rows of all the linearized variables at once."""
    kept = _kept(part, plan)
    w = _weights(kept, plan)
    pos = _positions(kept, plan.key_columns, lookup)
    m = U.shape[1]
    strata = kept[plan.strata].to_numpy() if plan.strata is not None else np.zeros(len(kept), dtype=np.int64)
    if plan.psu is not None:
        keys = pd.DataFrame({"_stratum": strata, "_psu": kept[plan.psu].to_numpy()})
        grouped = keys.groupby(["_stratum", "_psu"], sort=True)
        cell = grouped.ngroup().to_numpy()
        index = grouped.size().index
        T = np.zeros((len(index), m))
        for a in range(0, len(kept), ROW_BLOCK):
            b = min(a + ROW_BLOCK, len(kept))
            z = U[pos[a:b]] * w[a:b, None]
            for j in range(m):
                T[:, j] += np.bincount(cell[a:b], weights=z[:, j], minlength=len(index))
        return Totals(psu=pd.DataFrame(T, index=index, columns=range(m)))
    moments = {}
    codes, labels = pd.factorize(pd.Series(strata), sort=True)
    for h, lab in enumerate(labels):  # a loop over strata and blocks of rows, not over rows
        rows = np.flatnonzero(codes == h)
        s1, s2 = np.zeros(m), np.zeros((m, m))
        for a in range(0, rows.size, ROW_BLOCK):
            r = rows[a:a + ROW_BLOCK]
            z = U[pos[r]] * w[r, None]
            s1 += z.sum(axis=0)
            s2 += z.T @ z
        moments[lab] = (rows.size, s1, s2)
    return Totals(moments=moments)


def merge_totals(parts: Sequence[Totals]) -> Totals:
    if parts[0].psu is not None:
        psu = pd.concat([p.psu for p in parts])
        return Totals(psu=psu.groupby(level=[0, 1], sort=True).sum())
    moments: dict = {}
    for p in parts:
        for lab, (n, s1, s2) in p.moments.items():
            if lab in moments:
                n0, a, b = moments[lab]
                moments[lab] = (n0 + n, a + s1, b + s2)
            else:
                moments[lab] = (n, s1.copy(), s2.copy())
    return Totals(moments=dict(sorted(moments.items(), key=lambda kv: kv[0])))


def psu_totals(ddf, plan: Plan, lookup: pd.DataFrame, U: np.ndarray) -> Totals:
    """Pass 2 over every partition."""
    dask = _dask()
    lookup_d = dask.delayed(lookup, pure=True)
    U_d = dask.delayed(U, pure=True)
    return tree(ddf, totals_partition, merge_totals, plan, lookup_d, U_d).compute()
