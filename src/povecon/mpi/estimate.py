"""How the Alkire-Foster measures are computed.

Every measure is a ratio of two weighted totals, ``theta = Y / X``: H is
``sum w p / sum w`` (p = 1 if poor), M0 ``sum w p c / sum w``, A ``sum w p c /
sum w p``, a percentage contribution ``sum w w_j p g_j / sum w p c`` and so on,
each within a domain (round x subgroup). So one pass over the rows accumulates a
few *base totals* per (PSU, domain) cell; point estimates, linearized variances
(``z = (y - theta x) / X``, summed to PSU totals) and bootstrap replicates (PSU
multipliers applied to cell totals) all come from those cell totals. The pass
runs over blocks of rows so the full deprivation matrix is never held.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import _input, inference
from ..registry import _context as _registry
from ..registry import is_dask
from ..errors import InputError, SpecError
from ..survey import SurveyDesign, resolve
from .result import MPIResult, Inference
from .spec import K_TOL, MPISpec, normalize_k

SE_METHODS = ("linearized", "bootstrap", None)
BLOCK_ROWS = 1 << 20
MAX_CELL_TOTALS = 150_000_000  # 1.2 GB of float64 cell totals
VULNERABLE_LOW = 0.2  # OPHI: vulnerable to poverty when 20% <= c < k
SEVERE = 0.5  # OPHI: in severe poverty when c >= 50%
ALL = "all"
_COMPARE = {"below": np.less, "at_or_below": np.less_equal, "above": np.greater, "at_or_above": np.greater_equal}


def _as_spec(spec: Any) -> MPISpec:
    if isinstance(spec, MPISpec):
        return spec
    if isinstance(spec, dict):
        return MPISpec.from_dict(spec) if "dimensions" in spec else MPISpec(spec)
    raise SpecError(f"spec must be an MPISpec or a mapping, got {type(spec).__name__}")


def _column_view(data: pd.DataFrame, var: str) -> np.ndarray:
    """The column without copying when it is numpy-backed; extension dtypes are converted once."""
    col = data[var]
    if isinstance(col.dtype, np.dtype) and col.dtype.kind in "biuf":
        return col.to_numpy()
    try:
        return col.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        raise InputError(f"indicator column {var!r} must be numeric, it has dtype {col.dtype}") from None


def _deprivation(ind, x: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Deprivation (bool) and, for cardinal indicators, the normalized gap."""
    if ind.kind == "binary":
        bad = (x != 0) & (x != 1)
        if bad.any():
            vals = np.unique(x[bad])[:5].tolist()
            raise InputError(
                f"indicator {ind.name!r}: column {ind.variable!r} must hold 0/1 (1 = deprived); "
                f"found other values such as {vals}. Give a cutoff and direction to derive deprivation."
            )
        return x == 1, None
    z = ind.cutoff
    dep = _COMPARE[ind.direction](x, z)
    if ind.kind != "cardinal":
        return dep, None
    if (x < 0).any():
        raise InputError(
            f"indicator {ind.name!r}: cardinal achievements must be >= 0 for normalized gaps, "
            f"column {ind.variable!r} has {int((x < 0).sum())} negative value(s)"
        )
    return dep, np.where(dep, (z - x) / z, 0.0)


class _Layout:
    """Where each base total lives in the accumulator.

    Per k: H, M0, hdk_1..d, [M1, M2], then the optional totals of the extra
    measures (``kx``); after the k blocks, the optional totals that do not depend
    on k (``fx``). The columns of the original measures never move.
    """

    def __init__(self, d: int, nk: int, cardinal: bool, *, vuln_per_k: bool = False, vuln_fixed: bool = False,
                 severe: bool = False, ineq: bool = False, dest: bool = False):
        self.d, self.nk, self.cardinal = d, nk, cardinal
        self.N = 0
        self.hd = 1  # hd_j at 1 + j
        self.base_per_k = 2 + d + 2 * cardinal  # H, M0, hdk_1..d, [M1, M2]
        extra = (["vuln"] if vuln_per_k else []) + (["M0sq"] if ineq else []) + (["dH", "dM0", "dPH"] if dest else [])
        self._kx = {name: i for i, name in enumerate(extra)}
        self.per_k = self.base_per_k + len(extra)
        fixed = (["vuln"] if vuln_fixed else []) + (["sev"] if severe else [])
        start = 1 + d + nk * self.per_k
        self._fx = {name: start + i for i, name in enumerate(fixed)}
        self.width = start + len(fixed)

    def H(self, q: int) -> int:
        return 1 + self.d + q * self.per_k

    def M0(self, q: int) -> int:
        return self.H(q) + 1

    def hdk(self, q: int) -> int:
        return self.H(q) + 2

    def M1(self, q: int) -> int:
        return self.H(q) + 2 + self.d

    def M2(self, q: int) -> int:
        return self.M1(q) + 1

    def has_kx(self, name: str) -> bool:
        return name in self._kx

    def kx(self, name: str, q: int) -> int:
        """Column of a per-k extra total: vuln, M0sq (sum w p c^2), dH, dM0, dPH (destitution)."""
        return self.H(q) + self.base_per_k + self._kx[name]

    def has_fx(self, name: str) -> bool:
        return name in self._fx

    def fx(self, name: str) -> int:
        """Column of a k-free extra total: vuln (a fixed band), sev."""
        return self._fx[name]


def _band(value: Any, name: str, default: float) -> float:
    """A score cutoff given as a fraction or an integer percent (the rule of k), or True for the default."""
    if value is True:
        return default
    if isinstance(value, bool) or value is None:
        raise InputError(f"{name} must be a score cutoff (a fraction, or an integer percent), got {value!r}")
    try:
        return normalize_k(value)[0] if not isinstance(value, (list, tuple, np.ndarray)) else normalize_k(value[0])[0]
    except SpecError as exc:
        raise InputError(f"{name}: {exc}") from None


def _vulnerable_band(vulnerable: Any) -> tuple[float, float | None] | None:
    """``(low, high)`` of the vulnerability band; ``high`` None means "up to each k"."""
    if vulnerable is None or vulnerable is False:
        return None
    if vulnerable is True:
        return (VULNERABLE_LOW, None)
    if isinstance(vulnerable, (list, tuple)):
        if len(vulnerable) != 2:
            raise InputError(f"vulnerable must be a lower score cutoff or a pair (low, high), got {vulnerable!r}")
        low = _band([vulnerable[0]], "vulnerable", VULNERABLE_LOW)
        if vulnerable[1] is None:
            return (low, None)
        high = _band([vulnerable[1]], "vulnerable", VULNERABLE_LOW)
        if not high > low:
            raise InputError(f"vulnerable band (low, high) needs high > low, got {vulnerable!r}")
        return (low, high)
    return (_band(vulnerable, "vulnerable", VULNERABLE_LOW), None)


def mpi(
    data: pd.DataFrame,
    spec: MPISpec | dict,
    k: Any = None,
    *,
    design: SurveyDesign | None = None,
    weights: Any = None,
    by: str | None = None,
    time: str | None = None,
    vulnerable: Any = None,
    severe: Any = None,
    inequality: bool = False,
    destitution: bool | None = None,
    na: str = "raise",
    se: str | None = "linearized",
    replicates: int = 500,
    seed: int | None = None,
    level: float = 0.95,
    block_rows: int = BLOCK_ROWS,
) -> MPIResult:
    """Alkire-Foster multidimensional poverty measures.

    Identifies the poor with the dual-cutoff method (deprivation cutoffs per
    indicator, then the poverty cutoff ``k`` on the weighted deprivation score
    ``c``: poor when ``c >= k``) and estimates H, A, M0 (and M1, M2 for cardinal
    specs), indicator headcounts and contributions, per group and round, with
    standard errors under the design.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (or household, the unit of identification).
    spec : MPISpec or dict
        The indicators, cutoffs and weights: an :class:`MPISpec` or a mapping
        accepted by ``MPISpec`` or ``MPISpec.from_dict``.
    k : float, int or sequence, optional
        Poverty cutoff(s): fractions in (0, 1], or integer percents in (1, 100]
        (``33`` means 0.33); defaults to ``spec.k``.
    design : SurveyDesign, optional
        The sample design; give ``design`` or ``weights``, not both.
    weights : str or array-like, optional
        Sampling weights (column or array) of a design without strata or PSUs.
    by : str, optional
        Subgroup column; results come per group and for ``"all"``.
    time : str, optional
        Round column; every measure is computed per round, and
        ``result.change(t0, t1)`` compares rounds.
    vulnerable : bool, float or (float, float or None), optional
        Adds ``vuln``, the population share vulnerable to poverty: deprivation
        score in ``[low, k)`` (OPHI: 20% to below k). True is ``(0.2, k)``; a
        number is ``low`` (fractions or integer percents, as k); a pair
        ``(low, high)`` fixes the band (its rows then have ``k`` NaN); ``(low,
        None)`` ends the band at each k.
    severe : bool or float, optional
        Adds ``sev``, the population share in severe poverty: score ``>= severe``
        (True is 0.5, OPHI's 50%); rows with ``k`` NaN.
    inequality : bool, default False
        Adds ``ineq``, the inequality among the poor (OPHI's I): the weighted
        variance of the deprivation scores of the poor,
        ``sum w p (c - A)^2 / sum w p``.
    destitution : bool, optional
        Adds the destitution measures ``dst_H`` (share destitute: deprived at
        the destitution cutoffs in ``>= k`` of the weighted indicators),
        ``dst_A``, ``dst_M0`` (intensity and adjusted headcount of destitution)
        and ``dst_share`` (share of the poor who are destitute). None estimates
        them when the spec has destitution cutoffs.
    na : {"raise", "drop"}, default "raise"
        ``"drop"`` drops rows missing any indicator, ``by`` or ``time`` value
        (listwise, as mpitb's ``na.omit``); the dropped rows leave the design as
        well, and counts per indicator are reported.
    se : {"linearized", "bootstrap", None}, default "linearized"
        ``"linearized"`` (Taylor / delta method under the design),
        ``"bootstrap"`` (rescaled bootstrap of PSUs; needs ``seed``) or None.
    replicates : int, default 500
        Number of bootstrap replicates (used with ``se="bootstrap"``).
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.
    level : float, default 0.95
        Confidence level of the intervals, in (0, 1); intervals use the t
        distribution on the design degrees of freedom (PSUs minus strata;
        ``n - 1`` without a design), the rule every povecon estimator follows.
    block_rows : int, default 1048576
        Rows processed at a time; lower it to bound memory on very large data.
        Results do not depend on it.

    Returns
    -------
    MPIResult
        A :class:`povecon.result.Result` with one row per ``(measure, group,
        time, indicator, k)``. Measures are fractions, except ``pctb`` and
        ``grp_pctb`` (percent contributions); with the options above also
        ``vuln``, ``sev``, ``ineq``, ``dst_H``, ``dst_A``, ``dst_M0`` and
        ``dst_share``. Its covariance is computed on
        demand, so ``pe.contrast`` and ``pe.did`` give joint standard errors
        between groups and rounds.

    Raises
    ------
    SpecError
        An incoherent spec, or M1/M2 asked of a non-cardinal spec.
    InputError
        Missing columns or values (with ``na="raise"``), invalid weights or
        options.

    References
    ----------
    Alkire, S. and Foster, J. (2011). Counting and multidimensional poverty
    measurement. *Journal of Public Economics* 95(7-8), 476-487.

    Alkire, S., Conconi, A. and Seth, S. (2014). Measuring destitution in
    developing countries: an ordinal approach for identifying linked
    subset of multidimensionally poor. OPHI Research in Progress 42a.

    Seth, S. and Alkire, S. (2017). Measuring and decomposing inequality among
    the multidimensionally poor using ordinal data: a counting approach. In
    *Research on Economic Inequality* 25, 93-139.

    Examples
    --------
    Simulated 0/1 deprivations of four people:

    >>> import pandas as pd
    >>> import povecon as pe
    >>> df = pd.DataFrame({"d_food": [1, 0, 0, 1], "d_water": [1, 0, 1, 0]})
    >>> spec = pe.MPISpec({"food": {"food": "d_food"}, "water": {"water": "d_water"}})
    >>> res = pe.mpi(df, spec, k=0.5, se=None)
    >>> res.value("H"), res.value("M0")
    (0.75, 0.5)
    """
    if is_dask(data):
        from ..registry._mpi import mpi_dask

        return mpi_dask(data, spec, k, design=design, weights=weights, by=by, time=time, vulnerable=vulnerable,
                        severe=severe, inequality=inequality, destitution=destitution, na=na, se=se,
                        replicates=replicates, seed=seed, level=level, block_rows=block_rows)
    job = _registry.active(data)
    spec = _as_spec(spec)
    if k is None and spec.k is None:
        raise SpecError("give the poverty cutoff(s) k, e.g. k=1/3 (or set k in the spec)")
    ks = normalize_k(spec.k if k is None else k)
    for name, col in (("by", by), ("time", time)):
        if col is not None and not isinstance(col, str):
            raise InputError(f"{name} must be a column name of the data, got {type(col).__name__}")
    band = _vulnerable_band(vulnerable)
    sev = None if severe is None or severe is False else _band(severe, "severe", SEVERE)
    inequality = _input.bool_option(inequality, "inequality")
    if destitution is None:
        dest = spec.has_destitution
    else:
        dest = _input.bool_option(destitution, "destitution")
        if dest and not spec.has_destitution:
            raise SpecError("destitution=True needs destitution cutoffs in the spec (an indicator's "
                            "destitution_cutoff or destitution_variable)")
    opts = inference.options(se, replicates, seed, level, allowed=SE_METHODS)
    level, replicates, seed = opts.level, opts.replicates, opts.seed
    if na not in _input.NA_POLICIES:
        raise InputError(f"na must be one of {_input.NA_POLICIES}, got {na!r}")
    if isinstance(block_rows, bool) or not isinstance(block_rows, (int, np.integer)) or block_rows < 1:
        raise InputError(f"block_rows must be an integer >= 1, got {block_rows!r}")
    variables = spec.variables + (spec.destitution_variables if dest else [])
    _input.check_columns(data, variables, what="indicator column")
    _input.check_columns(data, [by, time])
    n = len(data)
    if n == 0:
        raise InputError("the data have no rows")

    # --- missing-value policy: listwise over indicators, by and time ---------
    checked = list(dict.fromkeys(variables + [c for c in (by, time) if c is not None]))
    missing = {v: int(data[v].isna().sum()) for v in checked}
    keep = None
    n_dropped = 0
    if any(missing.values()):
        prepared = _input.drop_missing({v: data[v].to_numpy() for v in checked if missing[v]}, na)
        keep, n_dropped = prepared.keep, prepared.n_dropped
        for col in (by, time):
            if col is not None:
                _input.warn_vanished(data[col].to_numpy(), keep, col)

    # --- design and domains --------------------------------------------------
    if design is not None and weights is not None:
        raise InputError("pass weights through the SurveyDesign, not both weights= and design=")
    if design is not None and getattr(design, "calibrate", None) is not None:
        # the MPI accumulates its own PSU totals, which would skip the calibration residuals
        raise InputError("pe.mpi does not use calibrated designs yet; calibrate the weights with "
                         "pe.calibrate(data, totals, weights=...) and pass them as SurveyDesign(weights=...) "
                         "(the standard errors then treat the calibrated weights as design weights)")
    if design is not None and design.replicate is not None:
        raise InputError("pe.mpi does not use replicate-weight designs yet; give strata and PSUs "
                         "(se='linearized' or se='bootstrap' with a seed)")
    rd = None
    if se is not None:
        rd = resolve(design, data, n, weights)
        if keep is not None:
            rd = rd.subset(keep)
        w = rd.weights
    else:
        w = _input.weights(data, design.weights if design is not None else weights, n)
        if keep is not None:
            w = w[keep]
    if not (w > 0).any():
        raise InputError("every remaining row has weight zero")
    rows = None if keep is None else np.flatnonzero(keep)

    def codes_of(col, name):
        if col is None:
            return None, pd.Index([ALL], name=name)
        frame = data if rows is None else data.iloc[rows]
        return _input.groups(frame, col, len(frame), name=name)

    # domain = round x subgroup; built without temporaries beyond one code array
    dom, glabels = codes_of(by, "by")
    tcode, tlabels = codes_of(time, "time")
    G, T = len(glabels), len(tlabels)
    D = T * G
    if tcode is not None:
        dom = tcode * G + dom if dom is not None else tcode
        del tcode
    if dom is None:
        dom = np.zeros(w.size, np.intp)
    if rd is not None:
        # the (PSU, domain) key in int32 when its range allows, built in place, and the
        # domain codes freed before the cell codes exist: the design's arrays are alive too
        span = rd.n_psu * D
        small = span <= np.iinfo(np.int32).max
        key = rd.psu.astype(np.int32 if small else np.int64)
        key *= D
        key += dom
        del dom
        if span <= 1 << 26:
            # a dense lookup table over (PSU, domain) beats hashing n keys
            present = np.zeros(span, dtype=bool)
            present[key] = True
            ukeys = np.flatnonzero(present)
            lookup = np.cumsum(present, dtype=np.int32 if small else np.int64)
            lookup -= 1
            del present
            cell = lookup[key]  # int32 cell codes when they fit: bincount takes them as they are
            del lookup
        else:
            cell, ukeys = pd.factorize(key, sort=True)
            cell = cell.astype(np.intp, copy=False)
        cell_psu, cell_dom = (ukeys // D).astype(np.intp), (ukeys % D).astype(np.intp)
        del key
    else:
        cell, cell_psu, cell_dom = dom, None, np.arange(D)
        del dom
    n_cells = cell_dom.size
    d = len(spec.indicators)
    lay = _Layout(d, len(ks), spec.cardinal, vuln_per_k=band is not None and band[1] is None,
                  vuln_fixed=band is not None and band[1] is not None, severe=sev is not None, ineq=inequality,
                  dest=dest)
    if rd is not None and n_cells * lay.width > MAX_CELL_TOTALS:
        raise InputError(
            f"{n_cells:,} (PSU x domain) cells x {lay.width} totals is too much to hold for standard errors; "
            "with no clusters every row is its own PSU: pass a SurveyDesign with psu=, or se=None"
        )

    # --- one pass over blocks of rows ---------------------------------------
    wts = spec.indicator_weights
    cols = [_column_view(data, ind.variable) for ind in spec.indicators]
    drules = [ind.destitution_rule for ind in spec.indicators] if dest else []
    dcols = [_column_view(data, r.variable) if r.variable != ind.variable else None
             for r, ind in zip(drules, spec.indicators)]
    acc = np.zeros((n_cells, lay.width))
    lev_parts, cnt_parts, sum_parts = [], [], []
    nobs = np.zeros(D, dtype=np.int64)
    m = w.size
    for a in range(0, m, block_rows):
        b = min(a + block_rows, m)
        src = slice(a, b) if rows is None else rows[a:b]
        wb, cb = w[a:b], cell[a:b].astype(np.intp, copy=False)  # int32 codes widened per block, once
        deps = np.empty((d, b - a), dtype=bool)
        c = np.zeros(b - a)
        g1 = np.zeros(b - a) if lay.cardinal else None
        g2 = np.zeros(b - a) if lay.cardinal else None
        cd = np.zeros(b - a) if dest else None
        for j, ind in enumerate(spec.indicators):
            x = _input.numeric(None, cols[j][src], name=f"indicator {ind.name!r} (column {ind.variable!r})")
            dep, gap = _deprivation(ind, x)
            deps[j] = dep
            c += wts[j] * dep
            if dest:
                if drules[j] is ind:
                    cd += wts[j] * dep
                else:
                    xd = x if dcols[j] is None else _input.numeric(
                        None, dcols[j][src], name=f"destitution rule of {ind.name!r} (column {drules[j].variable!r})")
                    cd += wts[j] * _deprivation(drules[j], xd)[0]
            if lay.cardinal:
                g1 += wts[j] * gap
                g2 += wts[j] * gap * gap
            acc[:, lay.hd + j] += np.bincount(cb[dep], weights=wb[dep], minlength=n_cells)
        acc[:, lay.N] += np.bincount(cb, weights=wb, minlength=n_cells)

        def count(mask, col):
            acc[:, col] += np.bincount(cb[mask], weights=wb[mask], minlength=n_cells)

        if lay.has_fx("sev"):
            count(c >= sev - K_TOL, lay.fx("sev"))
        if lay.has_fx("vuln"):
            count((c >= band[0] - K_TOL) & (c < band[1] - K_TOL), lay.fx("vuln"))
        for q, kk in enumerate(ks):
            is_poor = c >= kk - K_TOL
            poor = np.flatnonzero(is_poor)
            cp, wp = cb[poor], wb[poor]
            acc[:, lay.H(q)] += np.bincount(cp, weights=wp, minlength=n_cells)
            acc[:, lay.M0(q)] += np.bincount(cp, weights=wp * c[poor], minlength=n_cells)
            if lay.has_kx("vuln"):
                # below k exactly where "poor" begins, so vulnerable, poor and the rest partition
                count((c >= band[0] - K_TOL) & ~is_poor, lay.kx("vuln", q))
            if lay.has_kx("M0sq"):
                acc[:, lay.kx("M0sq", q)] += np.bincount(cp, weights=wp * c[poor] ** 2, minlength=n_cells)
            if dest:
                dst = cd >= kk - K_TOL
                acc[:, lay.kx("dH", q)] += np.bincount(cb[dst], weights=wb[dst], minlength=n_cells)
                acc[:, lay.kx("dM0", q)] += np.bincount(cb[dst], weights=wb[dst] * cd[dst], minlength=n_cells)
                count(dst & is_poor, lay.kx("dPH", q))
            for j in range(d):
                acc[:, lay.hdk(q) + j] += np.bincount(cp, weights=wp * deps[j, poor], minlength=n_cells)
            if lay.cardinal:
                acc[:, lay.M1(q)] += np.bincount(cp, weights=wp * g1[poor], minlength=n_cells)
                acc[:, lay.M2(q)] += np.bincount(cp, weights=wp * g2[poor], minlength=n_cells)
        # score distribution per domain: the k-curve and the intensity distribution come from it
        lev = np.rint(c * 1e9).astype(np.int64)
        lcode, luniq = pd.factorize(lev)
        dcode = cell_dom[cb]
        if job is None:
            nobs += np.bincount(dcode, minlength=D)
        else:  # a collapsed row stands for job.rows[i] rows
            nobs += np.rint(np.bincount(dcode, weights=job.rows[src], minlength=D)).astype(np.int64)
        slot = lcode.astype(np.intp) * D + dcode
        lev_parts.append(np.asarray(luniq))
        cnt_parts.append(np.bincount(slot, weights=wb, minlength=luniq.size * D).reshape(luniq.size, D))
        sum_parts.append(np.bincount(slot, weights=wb * c, minlength=luniq.size * D).reshape(luniq.size, D))
    del cell
    levels, inv = np.unique(np.concatenate(lev_parts), return_inverse=True)
    counts = np.zeros((levels.size, D))
    np.add.at(counts, inv, np.concatenate(cnt_parts))
    sums = np.zeros((levels.size, D))  # weighted score sums keep M0(k) exact despite the rounded levels
    np.add.at(sums, inv, np.concatenate(sum_parts))

    inf = Inference(spec=spec, ks=ks, layout=lay, acc=acc, cell_psu=cell_psu, cell_dom=cell_dom,
                    G=G, T=T, by=by is not None, design=rd, method=se, replicates=replicates, seed=seed,
                    counts=nobs, extras={"vulnerable": band, "severe": sev})
    if design is not None:
        design_spec = design
    elif weights is not None:
        design_spec = SurveyDesign(weights=weights if isinstance(weights, str) else "<array>")
    else:
        design_spec = None
    call = {"function": "mpi", "spec": spec.name, "k": list(ks), "by": by, "time": time, "se": se,
            "replicates": replicates if se == "bootstrap" else None, "seed": seed, "na": na}
    if band is not None:
        call["vulnerable"] = list(band)
    if sev is not None:
        call["severe"] = sev
    if inequality:
        call["inequality"] = True
    if dest:
        call["destitution"] = True
    if job is not None:
        m, n_dropped, missing, design_spec = job.n, job.n_dropped, job.missing, job.design_spec
    return MPIResult.build(spec=spec, ks=ks, inference=inf, glabels=glabels, tlabels=tlabels,
                           by=by, time=time, level=level, n=m, n_dropped=n_dropped, missing=missing,
                           na=na, score_levels=levels / 1e9, score_counts=counts,
                           score_sums=sums, design=design_spec, call=call)


__all__ = ["mpi"]
