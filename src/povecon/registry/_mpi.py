"""The Alkire-Foster MPI on a dask DataFrame.

Every MPI estimate, its linearized variance and its bootstrap come from weighted totals
per (PSU, domain) cell of functions of a row's indicator values. Rows with the same
indicator values, domain and PSU therefore add up to one row with their summed weight:
pass 1 collapses the partitions to that table (ten 0/1 indicators have at most 1,024
profiles per PSU), and the in-memory estimator runs on it, counting the rows behind
each collapsed row for the ``n`` of every estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import _input
from ..errors import InputError
from ..survey import SurveyDesign
from . import _context, _frames


@dataclass
class MPIJob:
    frame: Any
    rows: np.ndarray
    n: int
    n_dropped: int
    missing: dict
    design_spec: Any


def mpi_dask(data, spec, k, *, design, weights, by, time, vulnerable, severe, inequality, destitution, na, se,
             replicates, seed, level, block_rows):
    from ..mpi.estimate import _as_spec, mpi

    spec = _as_spec(spec)
    dest = spec.has_destitution if destitution is None else bool(destitution)
    variables = spec.variables + (spec.destitution_variables if dest else [])
    for name, col in (("by", by), ("time", time)):
        if col is not None and not isinstance(col, str):
            raise InputError(f"{name} must be a column name of the data, got {type(col).__name__}")
    if design is not None and weights is not None:
        raise InputError("pass weights through the SurveyDesign, not both weights= and design=")
    if design is not None and (design.replicate is not None or design.calibrate is not None):
        raise InputError("pe.mpi on a dask DataFrame takes strata, PSUs, fpc and weights; not replicate weights or "
                         "calibration")
    wcol = design.weights if design is not None else weights
    if wcol is not None and not isinstance(wcol, str):
        raise InputError("with a dask DataFrame, weights must be a column name")
    strata = design.strata if design is not None else None
    psu = design.psu if design is not None else None
    fpc = design.fpc if design is not None else None
    for name, col in (("strata", strata), ("psu", psu), ("fpc", fpc)):
        if col is not None and not isinstance(col, str):
            raise InputError(f"with a dask DataFrame, {name} must be a column name")
    if se is not None and psu is None:
        raise InputError("pe.mpi on a dask DataFrame needs PSUs for standard errors (SurveyDesign(psu=...)): with "
                         "every row its own PSU there are as many cell totals as rows; or pass se=None")
    if na not in _input.NA_POLICIES:
        raise InputError(f"na must be one of {_input.NA_POLICIES}, got {na!r}")
    keys = {v: v for v in variables}
    keys.update({c: c for c in (by, time) if c is not None})
    plan = _frames.Plan(keys=keys, weights=wcol, strata=strata, psu=psu, fpc=fpc, na=na,
                        by_psu=se is not None)
    _frames.check_columns(data, plan.columns(), "column")
    summary = _frames.collapse(data, plan)
    table = summary.table.reset_index()
    frame = table[plan.key_columns].copy()
    frame[_frames.W] = table[_frames.W].to_numpy()
    rows = table[_frames.ROWS].to_numpy(dtype=np.int64)
    cdesign = None
    if se is not None:
        cdesign = SurveyDesign(weights=_frames.W, strata=strata, psu=psu, fpc=fpc,
                               lonely_psu=design.lonely_psu if design is not None else "error")
    missing = {v: int(summary.missing.get(v, 0)) for v in keys}
    if design is not None:
        design_spec = design
    elif weights is not None:
        design_spec = SurveyDesign(weights=weights)
    else:
        design_spec = None
    job = MPIJob(frame, rows, summary.rows - summary.dropped, summary.dropped, missing, design_spec)
    token = _context.JOB.set(job)
    try:
        return mpi(frame, spec, k, design=cdesign, weights=None if cdesign is not None else _frames.W, by=by,
                   time=time, vulnerable=vulnerable, severe=severe, inequality=inequality, destitution=destitution,
                   na="raise", se=se, replicates=replicates, seed=seed, level=level, block_rows=block_rows)
    finally:
        _context.JOB.reset(token)
