"""The poverty and inequality measures on a dask DataFrame.

A measure's kernel needs the incomes only through their distinct values: with ties
pooled (the convention of every rank-based measure here), the estimate and each row's
linearized variable depend on a row only through its key (income, group, domain, line).
So an estimator runs in three steps, each exact:

1. pass 1 collapses the partitions to one row per distinct key with the summed weight
   and the row counts (incomes recorded in whole yuan have far fewer distinct values
   than rows);
2. the measure's own function runs, unchanged, on that table (the kernel bandwidth
   counts the rows behind each value, :class:`~povecon.measures._kernels.CountedWeights`),
   giving the estimate and the linearized variable of every distinct key;
3. pass 2 maps every row to its key and sums the weighted linearized variables by
   PSU (or, when every row is its own PSU, per-stratum sums and cross-products), from
   which the design covariance follows as in memory.
"""

from __future__ import annotations

import inspect
import warnings
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from .. import _input, inference
from ..errors import InputError, InputWarning
from ..result import DenseCovariance, LinearizedCovariance, NoCovariance
from ..measures import _core
from ..measures._core import SimpleDesign
from ..measures._kernels import CountedWeights
from ..survey import ResolvedDesign, SurveyDesign
from . import _context, _frames

CENSUS_NOTE = ("every row has weight 1 and there is no sampling design: if these rows are the whole register "
               "(a census), the estimates have no sampling error and the standard errors describe a "
               "hypothetical superpopulation only; pass se=None for the register's own figures")


@dataclass
class Job:
    ddf: Any
    plan: _frames.Plan
    frame: pd.DataFrame
    summary: _frames.Collapsed
    design_spec: Any
    lonely_psu: str
    key: str
    census: bool

    def totals(self, U: np.ndarray) -> _frames.Totals:
        lookup = self.frame[self.plan.key_columns]
        return _frames.psu_totals(self.ddf, self.plan, lookup, np.ascontiguousarray(U, dtype=np.float64))


def _column_arg(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    raise InputError(f"{name}= must be a column name of the dask DataFrame, got {type(value).__name__}: an array "
                     "cannot be aligned with the partitions of a dask DataFrame")


def _design(args: dict) -> tuple[_frames.Plan, Any, str]:
    design, weights = args.get("design"), args.get("weights")
    if design is not None and weights is not None:
        raise InputError("pass weights through the SurveyDesign, not both weights= and design=")
    if design is None:
        return None, _column_arg("weights", weights), "error"
    if not isinstance(design, SurveyDesign):
        raise InputError(f"design must be a povecon.SurveyDesign, got {type(design).__name__}")
    if design.replicate is not None:
        raise InputError("replicate-weight designs do not run on a dask DataFrame; give strata and PSUs and use "
                         "se='linearized'")
    if design.calibrate is not None:
        raise InputError("calibrated designs do not run on a dask DataFrame yet; calibrate the weights first "
                         "and pass them as SurveyDesign(weights=...)")
    return design, _column_arg("weights", design.weights), design.lonely_psu


def _token(*parts) -> str:
    from dask.base import tokenize

    return tokenize(*parts)


def run_dask(func: Callable, sig: inspect.Signature, bound: inspect.BoundArguments, columns: Sequence[str]):
    """``func(**bound)`` with the dask DataFrame replaced by its collapsed table (steps 1 and 2)."""
    bound.apply_defaults()
    args = dict(bound.arguments)
    ddf = args["data"]
    name = func.__name__
    se = args.get("se")
    if se in ("bootstrap", "replicate"):
        raise InputError(f"{name}: se={se!r} does not run on a dask DataFrame (each replicate would be another "
                         "pass over the register); use se='linearized', or sample the data into memory")
    design, weights, lonely = _design(args)
    keys = {}
    for role in columns:
        if role not in args:
            continue
        value = args[role]
        if isinstance(value, str):
            keys[role] = value
        elif role in ("income", "by", "domain") or isinstance(value, (np.ndarray, pd.Series, list, tuple)):
            col = _column_arg(role, value)
            if col is not None:
                keys[role] = col
    if "income" not in keys:
        raise InputError(f"{name}: income= must name a column of the dask DataFrame")
    plan = _frames.Plan(keys=keys, weights=weights,
                        strata=None if design is None else _column_arg("strata", design.strata),
                        psu=None if design is None else _column_arg("psu", design.psu),
                        fpc=None if design is None else _column_arg("fpc", design.fpc), na=args.get("na", "raise"))
    _frames.check_columns(ddf, plan.columns(), "column")
    summary = _frames.collapse(ddf, plan)
    table = summary.table.reset_index()
    frame = table[plan.key_columns].copy()
    frame[_frames.W] = table[_frames.W].to_numpy()
    frame.attrs["rows"] = table[_frames.ROWS].to_numpy(dtype=np.int64)
    frame.attrs["positive"] = table[_frames.POSITIVE].to_numpy(dtype=np.int64)
    census = (design is None or (design.strata is None and design.psu is None and design.fpc is None)) and (
        summary.weight_min == 1.0 and summary.weight_max == 1.0)
    # the PSUs are the same for every estimator on this frame and design, unless rows were dropped
    key = _token(ddf, plan.weights, plan.strata, plan.psu, plan.fpc, lonely,
                 sorted(plan.keys[r] for r, k in summary.missing.items() if k) if summary.dropped else None)
    job = Job(ddf, plan, frame, summary, design, lonely, key, census)
    args["data"] = frame
    args["weights"] = _frames.W
    if "design" in args:
        args["design"] = None
    token = _context.JOB.set(job)
    try:
        out = func(**args)
    finally:
        _context.JOB.reset(token)
    if census and se is not None:
        warnings.warn(CENSUS_NOTE, InputWarning, stacklevel=3)
        out.notes.append(CENSUS_NOTE)
    return out


# --- step 2 inside the measures' engine -------------------------------------------

def collapsed_sample(sample, job: Job):
    """The engine's ``Sample`` of the collapsed table, its weights counting the rows behind them."""
    rows = job.frame.attrs["rows"]
    w = CountedWeights(np.asarray(sample.design.weights), job.frame.attrs["positive"])
    rd = CollapsedDesign(w, rows=rows, job=job)
    return replace(sample, design=rd, n_dropped=job.summary.dropped, design_spec=job.design_spec)


class CollapsedDesign(SimpleDesign):
    """Weights-only design of a collapsed table; the variance comes from pass 2 over the partitions."""

    def __init__(self, weights, rows, job):
        super().__init__(weights)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "job", job)

    def subset(self, keep):
        raise InputError("a collapsed registry sample cannot be subset: rows with missing values were dropped "
                         "in the pass over the partitions")


def _fpc_by_stratum(psus: pd.DataFrame | None, labels: pd.Index) -> np.ndarray | None:
    """The fpc of each stratum, from pass 1's summary (checked there on every row, as in memory)."""
    if psus is None:
        return None
    low = psus["min"] if psus.index.nlevels == 1 else psus["min"].groupby(level=0, sort=True).min()
    return low.reindex(labels).to_numpy(dtype=np.float64)


def _psu_covariance(t: _frames.Totals, psus, lonely: str):
    T = np.ascontiguousarray(t.psu.to_numpy(dtype=np.float64))
    slab = t.psu.index.get_level_values(0)
    codes, labels = pd.factorize(slab, sort=True)
    codes = codes.astype(np.intp)
    fpc_h = _fpc_by_stratum(psus, pd.Index(labels))
    fpc = None if fpc_h is None else fpc_h[codes]
    pseudo = ResolvedDesign(np.ones(T.shape[0]), codes, np.arange(T.shape[0], dtype=np.intp), fpc, None, 1.0,
                            None, lonely)
    return pseudo, T


def _moment_covariance(t: _frames.Totals, psus, lonely: str) -> tuple[np.ndarray, int, int]:
    """Covariance when every row is its own PSU, from per-stratum sums and cross-products."""
    labels = list(t.moments)
    ns = np.array([t.moments[h][0] for h in labels], dtype=np.float64)
    n = int(ns.sum())
    if n < 2:
        raise InputError(f"a standard error needs at least two PSUs (observations of a simple random sample); "
                         f"this sample has {n} row(s)")
    fpc_h = _fpc_by_stratum(psus, pd.Index(labels))
    m = t.moments[labels[0]][1].shape[0]
    grand = sum(t.moments[h][1] for h in labels) / n
    cov = np.zeros((m, m))
    lone = [h for h, k in zip(labels, ns) if k < 2]
    if lone and lonely == "error":
        raise InputError(f"{len(lone)} stratum/strata have a single PSU; set SurveyDesign(lonely_psu='certainty' "
                         "or 'center')")
    for j, h in enumerate(labels):
        k, s1, s2 = t.moments[h]
        if k >= 2:
            part = (s2 - np.outer(s1, s1) / k) * (k / (k - 1))
        elif lonely == "center":
            part = s2 - np.outer(s1, grand) - np.outer(grand, s1) + np.outer(grand, grand)
        else:
            part = np.zeros((m, m))
        if fpc_h is not None:
            pop = fpc_h[j] if fpc_h[j] >= 1 else k / fpc_h[j]
            part = part * max(1.0 - k / pop, 0.0)
        cov += part
    return cov, n, len(labels)


def run(kernel: Callable, s, se, replicates, seed, components: bool = False):
    """The engine's ``_run`` for a collapsed sample: step 2 here, step 3 by a pass over the partitions."""
    inference.options(se, replicates, seed)
    rd = s.design
    job = rd.job
    masks, labels = _core._masks(s)
    for d, lab in zip(masks, labels):
        _core._check_mass(rd.weights, d, lab)
    values, us = [], []
    K = s.y.shape[0]
    for d in masks:
        v, u = kernel(s.y, rd.weights, d, se == "linearized")
        values.append(np.atleast_1d(np.asarray(v, dtype=np.float64)))
        if se == "linearized":
            us.append(np.asarray(u, dtype=np.float64).reshape(K, -1))
    sizes = [v.shape[0] for v in values]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    df = None
    if se is None:
        covs = [np.full((m, m), np.nan) for m in sizes]
        source = NoCovariance()
    else:
        t = job.totals(np.column_stack(us))
        if t.psu is not None:
            pseudo, T = _psu_covariance(t, job.summary.psus, job.lonely_psu)
            full = np.atleast_2d(pseudo.linearized_cov(T))
            source = LinearizedCovariance(pseudo, lambda idx: T[:, idx], key=("linearized", "registry", job.key))
            df = float(pseudo.n - pseudo.n_strata)
        else:
            full, n, H = _moment_covariance(t, job.summary.psus, job.lonely_psu)
            source = DenseCovariance(full, "linearized")
            df = float(n - H)
        covs = [full[a:b, a:b] for a, b in zip(offsets[:-1], offsets[1:])]
        _input.finite_result([np.diagonal(c) for c in covs], "the standard error", inputs=s.y,
                             only_extreme=components)
    _input.finite_result(values, "the estimate", inputs=s.y, only_extreme=components)
    ns = [int(rd.rows.sum()) if d is None else int(rd.rows[d].sum()) for d in masks]
    return _core.Run(values, covs, labels, ns, source, df)
