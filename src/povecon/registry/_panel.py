"""``PovertyPanel`` on a dask DataFrame: one record per distinct household history.

A panel statistic depends on a household only through its *history*: the periods it is
observed in and, in each, its status (or income, deflator, region) and its sampling weight.
Households with the same history contribute identical linearized scores, so the panel of
distinct histories, each with ``frequency`` = the number of households sharing it, gives the
same estimates, standard errors and counts (see ``PovertyPanel(frequency=)``).

1. The rows are shuffled on the household id, so that every household's rows are in one
   partition.
2. Each partition turns its households into wide histories (one column per value and wave)
   and counts the distinct ones; the counts are merged by addition in a tree of merges
   (``_frames.tree``), so the result does not depend on the partitioning.
3. The driver expands the distinct histories into a long pandas frame (one synthetic
   household per history) for the in-memory ``PovertyPanel``.

Registers with equal weights and few waves collapse to a few thousand histories; with a
distinct weight per household every history is its own, and the table is as long as the
households (it must then fit in the driver's memory).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from . import _frames

COUNT = "_povecon_count"


@dataclass
class Histories:
    """One partition's (or a merge of several partitions') distinct histories and checks."""

    table: pd.DataFrame  # one column per (value, wave) ("j:k"), and COUNT
    missing: dict = field(default_factory=dict)
    duplicates: int = 0


def _columns(n_values: int, n_waves: int) -> list[str]:
    return [f"{j}:{k}" for j in range(n_values) for k in range(n_waves)]


def histories_partition(part: pd.DataFrame, id: str, time: str, values: Sequence[str],
                        periods: np.ndarray) -> Histories:
    """Step 2 on one partition (every household's rows are in it after the shuffle)."""
    cols = [id, time, *values]
    part = part[cols]
    missing = {c: int(part[c].isna().sum()) for c in cols}
    if any(missing.values()):
        part = part.dropna()  # the driver raises, naming the counts
    T = periods.size
    names = _columns(len(values), T)
    if part.empty:
        return Histories(pd.DataFrame({**{c: pd.Series(dtype=np.float64) for c in names},
                                       COUNT: pd.Series(dtype=np.int64)}), missing)
    hh = pd.factorize(part[id], sort=True)[0]
    wave = np.searchsorted(periods, part[time].to_numpy(dtype=np.float64))
    H = int(hh.max()) + 1
    key = hh.astype(np.int64) * T + wave
    duplicates = int(key.size - np.unique(key).size)
    if duplicates:
        return Histories(pd.DataFrame({**{c: pd.Series(dtype=np.float64) for c in names},
                                       COUNT: pd.Series(dtype=np.int64)}), missing, duplicates)
    wide = {}
    for j, v in enumerate(values):
        src = part[v].to_numpy()
        numeric = src.dtype.kind in "iufb"
        arr = np.full((H, T), np.nan) if numeric else np.full((H, T), None, dtype=object)
        arr[hh, wave] = src
        for k in range(T):
            wide[f"{j}:{k}"] = arr[:, k]
    table = pd.DataFrame(wide)
    table = table.groupby(names, sort=True, dropna=False).size().rename(COUNT).reset_index()
    return Histories(table, missing)


def merge_histories(parts: Sequence[Histories]) -> Histories:
    tables = [p.table for p in parts if len(p.table)]
    if tables:
        table = pd.concat(tables, ignore_index=True)
        names = [c for c in table.columns if c != COUNT]
        table = table.groupby(names, sort=True, dropna=False)[COUNT].sum().reset_index()
    else:
        table = parts[0].table
    missing: dict = {}
    for p in parts:
        for c, k in p.missing.items():
            missing[c] = missing.get(c, 0) + k
    return Histories(table, missing, sum(p.duplicates for p in parts))


def collapse_histories(ddf, *, id: str, time: str, income: str | None, status: str | None, line: Any,
                       region: str | None, deflator: str | None, weights: str | None, gaps: str,
                       frequency: str | None) -> tuple[pd.DataFrame, str, str]:
    """The long frame of distinct histories (synthetic ids 0..G-1), its id column and the name
    of its frequency column, for ``PovertyPanel``."""
    _frames._dask()
    if (income is None) == (status is None):
        raise InputError("give exactly one of income= (with line=) or status=")
    for name, value in (("id", id), ("time", time), ("income", income), ("status", status), ("region", region),
                        ("deflator", deflator), ("weights", weights), ("frequency", frequency)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"{name}= must be a column name of the dask DataFrame, got {type(value).__name__}: "
                             "an array cannot be aligned with the partitions of a dask DataFrame")
    values = [c for c in (income, status, deflator, region, weights, frequency) if c is not None]
    values = list(dict.fromkeys(values))
    _frames.check_columns(ddf, [id, time, *values], "column")
    if ddf[time].dtype.kind not in "iuf":
        raise InputError(f"time column {time!r} must be numeric, got {ddf[time].dtype}")
    periods_raw = np.sort(np.asarray(ddf[time].dropna().unique().compute()))
    periods = periods_raw.astype(np.float64)
    shuffled = ddf[[id, time, *values]].shuffle(on=id)
    out = _frames.tree(shuffled, histories_partition, merge_histories, id, time, values, periods).compute()
    for c, k in out.missing.items():
        if k:
            raise InputError(f"column {c!r} has {k} missing value(s); a panel needs every value of every "
                             "observed household and period (drop those rows from the dask DataFrame first)")
    if out.duplicates:
        raise InputError(f"{out.duplicates} duplicate ({id!r}, {time!r}) row(s): a panel has one row per "
                         "household and period")
    table = out.table
    if table.empty:
        raise InputError("the data has no rows")
    T = periods.size
    count = table[COUNT].to_numpy(dtype=np.int64)
    first = table[[f"0:{k}" for k in range(T)]]
    obs = first.notna().to_numpy()
    if gaps == "raise":
        n_obs = obs.sum(axis=1)
        lo = obs.argmax(axis=1)
        hi = T - 1 - obs[:, ::-1].argmax(axis=1)
        gap = hi - lo + 1 != n_obs
        if gap.any():
            raise InputError(f"{int(count[gap].sum())} household(s) miss periods between observed ones; pass "
                             "gaps='split' to censor spells at gaps and skip transitions across them")
    g, k = np.nonzero(obs)  # row-major: sorted by history, then by wave
    long = {id: g.astype(np.int64), time: periods_raw[k]}
    for j, v in enumerate(values):
        wide = table[[f"{j}:{kk}" for kk in range(T)]].to_numpy()
        col = wide[g, k]
        if col.dtype == object and v != region:
            col = pd.to_numeric(pd.Series(col), errors="raise").to_numpy()
        long[v] = col
    frame = pd.DataFrame(long)
    freq_name = frequency
    if frequency is None:
        freq_name = next(n for n in ("frequency", "_povecon_frequency") if n not in frame.columns)
        frame[freq_name] = count[g]
    else:
        # the user's frequencies multiply the households sharing each history; checked first, as a
        # product could hide a fraction (2 x 1.5)
        f = pd.to_numeric(frame[freq_name], errors="coerce").to_numpy(dtype=np.float64)
        bad = ~np.isfinite(f) | (f < 1) | (f != np.round(f))
        if bad.any():
            raise InputError(f"frequency column {frequency!r} must hold whole numbers >= 1 (the number of identical "
                             f"households a record stands for); e.g. {f[bad][:3].tolist()}")
        frame[freq_name] = count[g] * f.astype(np.int64)
    return frame, id, freq_name
