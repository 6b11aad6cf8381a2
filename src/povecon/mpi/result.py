"""What came out of an Alkire-Foster estimation: ``MPIResult``, a :class:`povecon.result.Result`.

``MPIResult.to_frame()`` is tidy and long: one row per
``(measure, group, time, indicator, k)`` with ``value, se, ci_lower, ci_upper, n``.
Measures: ``H, A, M0`` (and ``M1, M2`` for cardinal specs); per indicator ``hd``
(uncensored headcount; ``k`` is NaN), ``hdk`` (censored headcount), ``actb``
(absolute contribution ``w_j * hdk_j``; they sum to M0) and ``pctb`` (percentage
contribution, they sum to 100); per subgroup ``popshare`` (population share,
``k`` NaN) and ``grp_pctb`` (percent of the round's M0 the group accounts for).
Totals over subgroups carry ``group == "all"``; without ``time`` the column is
None. Everything except the two ``*pctb`` measures is a fraction. On request
(options of ``pe.mpi``): ``vuln`` (vulnerable: score in ``[low, k)``), ``sev``
(severe: score ``>=`` 0.5; ``k`` NaN), ``ineq`` (variance of the scores of the
poor) and the destitution measures ``dst_H``, ``dst_A``, ``dst_M0``,
``dst_share``.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import inference
from .._result import Estimate
from ..errors import InputError
from ..result import (ContrastResult, CovarianceSource, DenseCovariance, LinearizedCovariance, NoCovariance,
                      ReplicateCovariance, Result, _base_and_idx, _Subset, sample_key)
from .spec import K_TOL, MPISpec, normalize_k

ALL = "all"
FRAME_COLUMNS = ["measure", "group", "time", "indicator", "k", "value", "se", "ci_lower", "ci_upper", "n"]
CHANGE_TYPES = ("abs", "rel", "ann_abs", "ann_rel")


def _colsum_by(codes: np.ndarray, mat: np.ndarray, size: int) -> np.ndarray:
    return np.column_stack([np.bincount(codes, weights=mat[:, j], minlength=size) for j in range(mat.shape[1])])


@dataclass
class _Measures:
    """Ratio definitions ``theta = (ys * Y[ycol]) / (xs * X[xcol])`` for one domain.

    A row with ``vcol >= 0`` is a variance, ``theta = Y / X - (V / X)^2`` with
    ``V`` the total in column ``vcol`` (the inequality among the poor:
    ``sum w p c^2 / sum w p - (sum w p c / sum w p)^2``).
    """

    measure: list = field(default_factory=list)
    indicator: list = field(default_factory=list)
    k: list = field(default_factory=list)
    ycol: list = field(default_factory=list)
    ys: list = field(default_factory=list)
    xcol: list = field(default_factory=list)
    xs: list = field(default_factory=list)
    xall: list = field(default_factory=list)
    vcol: list = field(default_factory=list)

    def add(self, measure, indicator, k, ycol, ys, xcol, xs=1.0, xall=False, vcol=-1):
        for name, v in zip(("measure", "indicator", "k", "ycol", "ys", "xcol", "xs", "xall", "vcol"),
                           (measure, indicator, k, ycol, ys, xcol, xs, xall, vcol)):
            getattr(self, name).append(v)

    def take(self, positions) -> "_Measures":
        """The definitions at ``positions`` (the scores of a few rows need only those)."""
        out = _Measures()
        for name in ("measure", "indicator", "k", "ycol", "ys", "xcol", "xs", "xall", "vcol"):
            src = getattr(self, name)
            setattr(out, name, [src[int(p)] for p in positions])
        return out


def ultimate_cluster_var(design, z: np.ndarray) -> np.ndarray:
    """Variances (only) of the columns of ``z``: ``design.linearized_var(z)``."""
    return design.linearized_var(z)


class Inference:
    """Cell totals of one estimation and the variance machinery over them (internal)."""

    def __init__(self, *, spec, ks, layout, acc, cell_psu, cell_dom, G, T, by, design, method, replicates, seed,
                 counts=None, extras=None):
        self.spec, self.ks, self.lay, self.acc = spec, ks, layout, acc
        self.extras = dict(extras or {})
        self.cell_psu, self.cell_dom, self.G, self.T, self.by = cell_psu, cell_dom, G, T, by
        self.method = method
        self.design = design
        self.replicates, self.seed = replicates, seed
        # observations per (round, group) domain: the ``n`` of each estimate
        self.counts = np.zeros(G * T, dtype=np.int64) if counts is None else np.asarray(counts, dtype=np.int64)
        self.tot = _colsum_by(cell_dom, acc, G * T)  # domain totals (D, width)
        self.pseudo = None
        self.mult = None
        if design is not None:
            n_psu = design.n_psu
            ps = np.empty(n_psu, np.intp)
            ps[design.psu] = design.strata
            fpc = None
            if design.fpc is not None:
                fpc = np.empty(n_psu)
                fpc[design.psu] = design.fpc
            # the design collapsed to one row per PSU: the PSU totals are the "observations"
            self.pseudo = dataclasses.replace(design, weights=np.ones(n_psu), strata=ps,
                                              psu=np.arange(n_psu, dtype=np.intp), fpc=fpc, replicate=None)
            order = np.argsort(cell_dom, kind="stable")
            bounds = np.searchsorted(cell_dom[order], np.arange(G * T + 1))
            self._cells = [order[bounds[i]:bounds[i + 1]] for i in range(G * T)]
            if method == "bootstrap":
                self.mult = self.pseudo.bootstrap_weights(replicates, seed)  # (n_psu, B) PSU multipliers
        self.df = None if design is None else float(design.df)

    # --- domains: (t, g) with g = None for the total over groups ---------------
    def domains(self) -> list[tuple[int, int | None]]:
        out = []
        for t in range(self.T):
            if self.by:
                out += [(t, g) for g in range(self.G)]
            out.append((t, None))
        return out

    def nobs(self, dom) -> int:
        t, g = dom
        return int(self.counts[t * self.G + g] if g is not None else self.counts[t * self.G:(t + 1) * self.G].sum())

    def totals(self, dom) -> np.ndarray:
        t, g = dom
        return self.tot[t * self.G + g] if g is not None else self.tot[t * self.G:(t + 1) * self.G].sum(axis=0)

    def psu_totals(self, dom) -> np.ndarray:
        t, g = dom
        n_psu = self.pseudo.n
        if g is not None:
            idx = self._cells[t * self.G + g]
            out = np.zeros((n_psu, self.acc.shape[1]))
            out[self.cell_psu[idx]] = self.acc[idx]  # a PSU has one cell per domain
            return out
        idx = np.concatenate(self._cells[t * self.G:(t + 1) * self.G])
        return _colsum_by(self.cell_psu[idx], self.acc[idx], n_psu)

    def measures(self, dom) -> _Measures:
        lay, spec, m = self.lay, self.spec, _Measures()
        nan = float("nan")
        for j, name in enumerate(spec.indicator_names):
            m.add("hd", name, nan, lay.hd + j, 1.0, lay.N)
        if self.by and dom[1] is not None:
            m.add("popshare", None, nan, lay.N, 1.0, lay.N, 1.0, True)
        if lay.has_fx("vuln"):
            m.add("vuln", None, nan, lay.fx("vuln"), 1.0, lay.N)
        if lay.has_fx("sev"):
            m.add("sev", None, nan, lay.fx("sev"), 1.0, lay.N)
        for q, kk in enumerate(self.ks):
            m.add("H", None, kk, lay.H(q), 1.0, lay.N)
            m.add("A", None, kk, lay.M0(q), 1.0, lay.H(q))
            m.add("M0", None, kk, lay.M0(q), 1.0, lay.N)
            if lay.cardinal:
                m.add("M1", None, kk, lay.M1(q), 1.0, lay.N)
                m.add("M2", None, kk, lay.M2(q), 1.0, lay.N)
            if lay.has_kx("vuln"):
                m.add("vuln", None, kk, lay.kx("vuln", q), 1.0, lay.N)
            if lay.has_kx("M0sq"):
                m.add("ineq", None, kk, lay.kx("M0sq", q), 1.0, lay.H(q), vcol=lay.M0(q))
            if lay.has_kx("dH"):
                m.add("dst_H", None, kk, lay.kx("dH", q), 1.0, lay.N)
                m.add("dst_A", None, kk, lay.kx("dM0", q), 1.0, lay.kx("dH", q))
                m.add("dst_M0", None, kk, lay.kx("dM0", q), 1.0, lay.N)
                m.add("dst_share", None, kk, lay.kx("dPH", q), 1.0, lay.H(q))
            for j, name in enumerate(spec.indicator_names):
                m.add("hdk", name, kk, lay.hdk(q) + j, 1.0, lay.N)
            for j, name in enumerate(spec.indicator_names):
                m.add("actb", name, kk, lay.hdk(q) + j, spec.indicator_weights[j], lay.N)
            for j, name in enumerate(spec.indicator_names):
                m.add("pctb", name, kk, lay.hdk(q) + j, 100.0 * spec.indicator_weights[j], lay.M0(q))
            if self.by and dom[1] is not None:
                m.add("grp_pctb", None, kk, lay.M0(q), 100.0, lay.M0(q), 1.0, True)
        return m

    def estimate(self, dom, m: _Measures):
        """Point estimates, and the per-PSU linearized totals or replicate estimates."""
        yc, xc = np.array(m.ycol), np.array(m.xcol)
        ys, xs, xall = np.array(m.ys), np.array(m.xs), np.array(m.xall)
        vc = np.array(m.vcol, dtype=np.intp)
        isvar = vc >= 0
        vc = np.where(isvar, vc, 0)
        tot, tot_all = self.totals(dom), self.totals((dom[0], None))
        Y = ys * tot[yc]
        X = xs * np.where(xall, tot_all[xc], tot[xc])
        safe_x = np.where(X != 0, X, 1.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(X != 0, Y / safe_x, np.nan)
            mean = np.where(isvar & (X != 0), tot[vc] / safe_x, 0.0)
        theta = ratio - mean ** 2
        if self.method is None:
            return theta, None, None
        P = self.psu_totals(dom)
        Pall = self.psu_totals((dom[0], None)) if xall.any() else P
        Py = ys * P[:, yc]
        Px = xs * np.where(xall, Pall[:, xc], P[:, xc])
        if self.method == "linearized":
            with np.errstate(invalid="ignore", divide="ignore"):
                z = (Py - np.nan_to_num(ratio) * Px) / safe_x
                if isvar.any():
                    # delta method for Y/X - (V/X)^2: minus 2 (V/X) times the score of the ratio V/X
                    z -= np.where(isvar, 2 * mean * (P[:, vc] - mean * Px) / safe_x, 0.0)
            return theta, z, None
        Yr = self.mult.T @ Py
        Xr = self.mult.T @ Px
        with np.errstate(invalid="ignore", divide="ignore"):
            reps = np.where(Xr != 0, Yr / np.where(Xr != 0, Xr, 1.0), np.nan)
            if isvar.any():
                Vr = self.mult.T @ np.where(isvar, P[:, vc], 0.0)
                reps = reps - np.where(isvar, Vr / np.where(Xr != 0, Xr, 1.0), 0.0) ** 2
        return theta, None, reps

    def variance(self, theta, z, reps) -> np.ndarray:
        if self.method is None:
            return np.full(theta.shape, np.nan)
        if self.method == "linearized":
            var = ultimate_cluster_var(self.pseudo, z)
        else:
            var = np.nanmean((reps - theta[None, :]) ** 2, axis=0)
        return np.where(np.isnan(theta), np.nan, var)

    def joint_cov(self, theta, z, reps) -> np.ndarray:
        """Covariance of a few estimates (columns of z / reps), e.g. one measure in two rounds."""
        if self.method == "linearized":
            return np.atleast_2d(self.pseudo.linearized_cov(z))
        return self.pseudo.replicate_cov(theta, reps, kind="bootstrap")


class MPIResult(Result):
    """Estimates of one ``pe.mpi`` call: a :class:`povecon.result.Result`.

    The frame (``to_frame()``) is tidy and long: one row per ``(measure, group,
    time, indicator, k)`` with ``value, se, ci_lower, ci_upper, n``. Measures:
    ``H, A, M0`` (and ``M1, M2`` for cardinal specs); per indicator ``hd``
    (uncensored headcount), ``hdk`` (censored headcount), ``actb`` (absolute
    contribution; they sum to M0) and ``pctb`` (percentage contribution; they sum
    to 100); per subgroup ``popshare`` and ``grp_pctb``; on request ``vuln``,
    ``sev``, ``ineq``, ``dst_H``, ``dst_A``, ``dst_M0``, ``dst_share`` (see
    :func:`mpi`). Totals over subgroups
    have ``group == "all"``; without ``time`` the column is None; ``n`` counts the
    observations of the row's round and group. Built by :func:`mpi`.

    The covariance of any rows is computed on demand from the PSU-level
    linearized scores (``se="linearized"``) or the bootstrap replicates
    (``se="bootstrap"``), so ``pe.contrast(res, group=("A", "B"))``,
    ``pe.contrast(res, time=(2014, 2019))`` and ``pe.did(res, ...)`` have joint
    standard errors, and so do contrasts with ``pe.fgt`` results under the same
    design.

    Parameters
    ----------
    spec : MPISpec
        The specification estimated.
    ks : list of float
        The poverty cutoffs.
    frame : pandas.DataFrame
        The long frame of estimates (``value`` and ``se`` at least).
    level : float
        Confidence level of the intervals.
    n : int
        Rows used.
    n_dropped : int
        Rows dropped for missing values.
    missing : dict of str to int
        Missing values per column.
    na : str
        The missing-value policy used.
    method : str or None
        The standard-error method (``"linearized"``, ``"bootstrap"`` or None).
    df : float or None
        Design degrees of freedom (t intervals); None for normal intervals.
    groups : list
        Group labels (empty without ``by``).
    times : list
        Round labels (empty without ``time``).
    by : str, optional
        The subgroup column.
    time : str, optional
        The round column.
    score_levels : numpy.ndarray, optional
        Distinct deprivation scores.
    score_counts : numpy.ndarray, optional
        Weighted counts at each score, per domain.
    score_sums : numpy.ndarray, optional
        Weighted sums at each score, per domain.
    covariance : CovarianceSource, optional
        Covariance of the rows; default the standard errors with unknown
        covariances between rows.
    call : dict, optional
        The function called and its arguments.
    design : SurveyDesign, optional
        The survey design of the estimation.
    notes : sequence of str
        Caveats the summary prints.
    """

    _title = "Multidimensional poverty (Alkire-Foster)"

    def __init__(self, spec: MPISpec, ks, frame: pd.DataFrame, level: float = 0.95, n: int | None = None,
                 n_dropped: int = 0, missing: dict | None = None, na: str = "raise", method: str | None = None,
                 df: float | None = None, groups=(), times=(), by: str | None = None, time: str | None = None,
                 score_levels: np.ndarray | None = None, score_counts: np.ndarray | None = None,
                 score_sums: np.ndarray | None = None, _inf: Inference | None = None, *,
                 covariance: CovarianceSource | None = None, call: dict | None = None, design: Any = None,
                 notes=()):
        super().__init__(frame, covariance=covariance, df=df, n=n, n_dropped=n_dropped, level=level,
                         call=call or {"function": "mpi"}, design=design, se_method=method, notes=notes)
        self.spec = spec
        self.ks = list(ks)
        self.missing = dict(missing or {})
        self.na = na
        self.groups = list(groups)
        self.times = list(times)
        self.by = by
        self.time = time
        self.score_levels = score_levels
        self.score_counts = score_counts
        self.score_sums = score_sums
        self._inf = _inf

    # --- construction ---------------------------------------------------------
    @classmethod
    def build(cls, *, spec, ks, inference, glabels, tlabels, by, time, level, n, n_dropped, missing, na,
              score_levels, score_counts, score_sums, design=None, call=None):
        """Assemble a result from the estimation's totals (called by :func:`mpi`).

        Parameters
        ----------
        spec : MPISpec
            The specification estimated.
        ks : sequence of float
            The poverty cutoffs.
        inference : Inference
            Cell totals and the design, from which estimates and variances come.
        glabels : list
            Group labels.
        tlabels : list
            Round labels.
        by : str or None
            The subgroup column.
        time : str or None
            The round column.
        level : float
            Confidence level of the intervals.
        n : int
            Rows used.
        n_dropped : int
            Rows dropped for missing values.
        missing : dict of str to int
            Missing values per column.
        na : str
            The missing-value policy used.
        score_levels : numpy.ndarray
            Distinct deprivation scores.
        score_counts : numpy.ndarray
            Weighted counts at each score, per domain.
        score_sums : numpy.ndarray
            Weighted sums at each score, per domain.
        design : SurveyDesign, optional
            The survey design (recorded on the result).
        call : dict, optional
            The function called and its arguments.

        Returns
        -------
        MPIResult
        """
        inf = inference
        doms = inf.domains()
        parts, defs, thetas, reps = [], [], [], []
        for dom in doms:
            m = inf.measures(dom)
            theta, z, rp = inf.estimate(dom, m)
            se = np.sqrt(inf.variance(theta, z, rp))
            t, g = dom
            rows = len(theta)
            parts.append(pd.DataFrame({
                "measure": pd.array(m.measure, dtype=object),
                "group": pd.array([ALL if g is None else glabels[g]] * rows, dtype=object),
                "time": pd.array([tlabels[t] if time is not None else None] * rows, dtype=object),
                "indicator": pd.array(m.indicator, dtype=object),
                "k": np.array(m.k, dtype=float),
                "value": theta, "se": se, "n": np.full(rows, inf.nobs(dom), dtype=np.int64),
            }))
            defs.append(m)
            thetas.append(theta)
            if rp is not None:
                reps.append(rp)
        frame = pd.concat(parts, ignore_index=True)
        return cls(spec=spec, ks=list(ks), frame=frame, level=level, n=n, n_dropped=n_dropped, missing=missing,
                   na=na, method=inf.method, df=inf.df, groups=list(glabels) if by is not None else [],
                   times=list(tlabels) if time is not None else [], by=by, time=time,
                   score_levels=score_levels, score_counts=score_counts, score_sums=score_sums, _inf=inf,
                   covariance=_covariance_source(inf, doms, defs, thetas, reps), call=call, design=design)

    @property
    def method(self) -> str | None:
        """The standard-error method (``se_method``)."""
        return self.se_method

    # --- access ---------------------------------------------------------------
    def _k(self, k) -> float:
        if k is None:
            if len(self.ks) > 1:
                raise InputError(f"this result has several k {self.ks}; say which with k=")
            return self.ks[0]
        kk = normalize_k(k)[0]
        for have in self.ks:
            if abs(have - kk) <= K_TOL:
                return have
        raise InputError(f"k={k!r} was not estimated; this result has k in {self.ks}")

    def _rows(self, measure, indicator=None, k=None, group=ALL, time=None) -> pd.DataFrame:
        f = self._frame
        sel = f["measure"] == measure
        # measures that do not depend on k (hd, popshare, sev, a fixed vulnerability band) have k NaN
        if measure not in ("hd", "popshare") and not (sel.any() and f.loc[sel, "k"].isna().all()):
            sel &= np.isclose(f["k"].to_numpy(), self._k(k), atol=K_TOL, rtol=0)
        if indicator is not None:
            self.spec._index(indicator)
            sel &= f["indicator"] == indicator
        sel &= f["group"] == group
        if self.time is not None:
            if time is None:
                raise InputError(f"this result has rounds {self.times}; say which with time=")
            sel &= f["time"] == time
        out = f[sel]
        if out.empty:
            raise InputError(f"no estimate for measure={measure!r}, indicator={indicator!r}, group={group!r}, time={time!r}")
        return out

    def value(self, measure: str, indicator: str | None = None, k=None, group=ALL, time=None) -> float:
        """One point estimate.

        Parameters
        ----------
        measure : str
            ``"H"``, ``"A"``, ``"M0"``, ``"M1"``, ``"M2"``, or an indicator measure
            (``"hd"``, ``"hdk"``, ``"actb"``, ``"pctb"``) with ``indicator``.
        indicator : str, optional
            Indicator name, for indicator measures.
        k : float, optional
            Poverty cutoff; may be omitted when the result has a single k.
        group : str, default "all"
            A group label of ``by``, or ``"all"`` for the total.
        time : optional
            A round label of ``time``; required when the result has several rounds.

        Returns
        -------
        float

        Raises
        ------
        InputError
            A measure, indicator, k, group or round the result does not hold.
        """
        return float(self._rows(measure, indicator, k, group, time)["value"].iloc[0])

    def estimate(self, measure: str, indicator: str | None = None, k=None, group=ALL, time=None) -> Estimate:
        """One estimate as an :class:`Estimate` (value, se, design df), keeping its covariance with the rest.

        Parameters
        ----------
        measure : str
            ``"H"``, ``"A"``, ``"M0"``, ``"M1"``, ``"M2"``, or an indicator measure
            (``"hd"``, ``"hdk"``, ``"actb"``, ``"pctb"``) with ``indicator``.
        indicator : str, optional
            Indicator name, for indicator measures.
        k : float, optional
            Poverty cutoff; may be omitted when the result has a single k.
        group : str, default "all"
            A group label of ``by``, or ``"all"`` for the total.
        time : optional
            A round label of ``time``; required when the result has several rounds.

        Returns
        -------
        Estimate

        Raises
        ------
        InputError
            A measure, indicator, k, group or round the result does not hold.
        """
        i = int(self._rows(measure, indicator, k, group, time).index[0])
        r = self._frame.iloc[i]
        return Estimate(frame=self._frame.iloc[[i]], covariance=_Subset(self._covariance, np.array([i])),
                        n=self.n, df=self.df, n_dropped=self.n_dropped, level=self.level,
                        params={"k": r["k"], "indicator": indicator, "group": group, "time": time},
                        details={"se_method": self.se_method}, call=self.call, design=self.design,
                        se_method=self.se_method)

    def headline(self) -> pd.DataFrame:
        """Headline table: H, A, M0 (and M1, M2) with SEs, one row per time x group x k.

        What ``summary()`` returned before results shared one type.

        Returns
        -------
        pandas.DataFrame
        """
        heads = ["H", "A", "M0"] + (["M1", "M2"] if self.spec.cardinal else [])
        f = self._frame[self._frame["measure"].isin(heads)]
        idx = (["time"] if self.time is not None else []) + ["group", "k"]
        wide = f.pivot_table(index=idx, columns="measure", values=["value", "se"], aggfunc="first", sort=False,
                             dropna=False)
        wide.columns = [m if s == "value" else f"se_{m}" for s, m in wide.columns]
        return wide[[c for m in heads for c in (m, f"se_{m}") if c in wide.columns]]

    def __repr__(self) -> str:
        head = self.headline().to_string(max_rows=20)
        extra = f", {self.n_dropped} row(s) dropped for missing values" if self.n_dropped else ""
        return f"MPIResult({self.spec.name}; n={self.n}{extra}; se={self.se_method})\n{head}"

    # --- score distribution ---------------------------------------------------
    def _dom(self, group=ALL, time=None) -> tuple[int, int | None]:
        t = 0
        if self.time is not None:
            if time is None:
                raise InputError(f"this result has rounds {self.times}; say which with time=")
            t = self.times.index(time) if time in self.times else _bad(time, self.times, "time")
        elif time is not None:
            raise InputError(f"this result has no rounds (pe.mpi was called without time), got time {time!r}")
        if group == ALL:
            return t, None
        if group not in self.groups:
            _bad(group, self.groups, "group")
        return t, self.groups.index(group)

    def _dist(self, group=ALL, time=None, what: str = "counts") -> np.ndarray:
        G = self._inf.G
        table = self.score_counts if what == "counts" else self.score_sums
        t, g = self._dom(group, time)
        cols = table[:, t * G:(t + 1) * G]
        return cols.sum(axis=1) if g is None else cols[:, g]

    def k_curve(self, group=ALL, time=None, ks: Any = None) -> "KCurve":
        """H(k), A(k) and M0(k) at every score value (or at ``ks``): the poverty-cutoff curves.

        Point estimates from the deprivation-score distribution (no standard errors:
        estimate ``pe.mpi(..., k=[...])`` for those).

        Parameters
        ----------
        group : str, default "all"
            A group label of ``by``, or ``"all"`` for the total.
        time : optional
            A round label of ``time``; required when the result has several rounds.
        ks : sequence of float, optional
            Cutoffs to evaluate; by default every distinct deprivation score.

        Returns
        -------
        KCurve
            A result with rows ``measure`` (H, A, M0) x ``k``; ``.wide()`` gives the
            old table with columns ``k, H, A, M0``.
        """
        counts = self._dist(group, time)
        lv = self.score_levels
        grid = lv[lv > 0] if ks is None else np.asarray(normalize_k(ks))
        pop = counts.sum()
        poor = lv[:, None] >= grid[None, :] - K_TOL
        H = (counts[:, None] * poor).sum(axis=0) / pop
        M0 = (self._dist(group, time, "sums")[:, None] * poor).sum(axis=0) / pop
        with np.errstate(invalid="ignore", divide="ignore"):
            A = np.where(H > 0, M0 / np.where(H > 0, H, 1), np.nan)
        m = grid.size
        frame = pd.DataFrame({
            "measure": ["H"] * m + ["A"] * m + ["M0"] * m,
            "group": pd.array([group] * (3 * m), dtype=object),
            "time": pd.array([time if self.time is not None else None] * (3 * m), dtype=object),
            "k": np.tile(grid, 3), "value": np.concatenate([H, A, M0]),
            "n": self._inf.nobs(self._dom(group, time)),
        })
        return KCurve(frame, df=self.df, n=self.n, n_dropped=self.n_dropped, level=self.level,
                      call={"function": "k_curve"}, design=self.design,
                      notes=["point estimates from the deprivation-score distribution; for standard errors "
                             "estimate pe.mpi(..., k=[...]) at the cutoffs of interest"])

    def intensity(self, k=None, group=ALL, time=None) -> pd.DataFrame:
        """Distribution of the deprivation score among the poor: weighted shares by score value.

        Parameters
        ----------
        k : float, optional
            Poverty cutoff; may be omitted when the result has a single k.
        group : str, default "all"
            A group label of ``by``, or ``"all"`` for the total.
        time : optional
            A round label of ``time``; required when the result has several rounds.

        Returns
        -------
        pandas.DataFrame
        """
        kk = self._k(k)
        counts = self._dist(group, time)
        lv = self.score_levels
        sel = (lv >= kk - K_TOL) & (counts > 0)
        tot = counts[sel].sum()
        return pd.DataFrame({"score": lv[sel], "share": counts[sel] / tot if tot > 0 else np.nan})

    def score_distribution(self, group=ALL, time=None) -> pd.DataFrame:
        """Weighted population shares at each deprivation score (everyone, poor or not).

        Parameters
        ----------
        group : str, default "all"
            A group label of ``by``, or ``"all"`` for the total.
        time : optional
            A round label of ``time``; required when the result has several rounds.

        Returns
        -------
        pandas.DataFrame
        """
        counts = self._dist(group, time)
        keep = counts > 0
        return pd.DataFrame({"score": self.score_levels[keep], "share": counts[keep] / counts.sum()})

    # --- changes between rounds ----------------------------------------------
    def change(self, t0, t1, *, measures=("M0", "H", "A"), years: float | None = None) -> ContrastResult:
        """Changes from round ``t0`` to ``t1`` of ``measures`` for every k, group and indicator.

        ``abs = theta1 - theta0``; ``rel = 100 (theta1 - theta0) / theta0``;
        ``ann_abs = abs / years``; ``ann_rel = 100 ((theta1 / theta0)^(1/years) - 1)``
        (compound, as mpitb). Standard errors use the joint covariance of the two
        rounds' estimates under the one design (rounds may share PSUs), with the
        delta method; ``abs`` equals ``pe.contrast(res, time=(t1, t0))``.

        Parameters
        ----------
        t0, t1
            Round labels of the ``time`` column: from ``t0`` to ``t1``.
        measures : sequence of str, default ("M0", "H", "A")
            Measures to compare (indicator measures such as ``"hdk"`` give one row
            per indicator).
        years : float, optional
            Years between the rounds, for the annualized changes. Defaults to
            ``t1 - t0`` when both labels are calendar years (numbers >= 1000);
            otherwise the annualized rows are omitted.

        Returns
        -------
        ContrastResult
            A result whose frame has ``measure, group, time (None), indicator, k,
            t0, t1, ctype, contrast, value, se, ci_lower, ci_upper, n, stat,
            pvalue``; ``ctype`` is ``abs``, ``rel``, ``ann_abs`` or ``ann_rel``.
            Its covariance is joint with this result's, so changes can be
            contrasted further (e.g. between groups).

        Raises
        ------
        InputError
            A result without ``time``, or unknown rounds or measures.
        """
        if self.time is None:
            raise InputError("change() needs a result estimated with time=")
        for t in (t0, t1):
            if t not in self.times:
                _bad(t, self.times, "time")
        if years is None and all(isinstance(t, (int, float, np.integer, np.floating)) and t >= 1000
                                 for t in (t0, t1)):
            years = float(t1) - float(t0)
        if years is not None:
            try:
                years = float(years)
            except (TypeError, ValueError):
                raise InputError(f"years between rounds must be a number > 0, got {years!r}") from None
            if not years > 0:
                raise InputError(f"years between rounds must be > 0, got {years!r}")
        if isinstance(measures, str):
            measures = (measures,)
        f = self._frame
        available = set(f["measure"])
        if not any(m in available for m in measures):
            raise InputError(f"unknown measure(s) {list(measures)}; available: {sorted(available)}")
        kkey = np.where(np.isnan(f["k"].to_numpy(dtype=float)), -1.0, np.round(f["k"].to_numpy(dtype=float), 12))
        keys = list(zip(f["measure"], f["indicator"], kkey))
        at0 = (f["time"] == t0).to_numpy()
        at1 = (f["time"] == t1).to_numpy()
        later = {(g, key): j for j, (g, key) in enumerate(zip(f["group"], keys)) if at1[j]}
        want = f["measure"].isin(list(measures)).to_numpy()
        vals = f["value"].to_numpy()
        rows, ia, ib, ga, gb = [], [], [], [], []
        for g in [ALL] + (list(self.groups) if self.by else []):
            for i in np.flatnonzero(at0 & want & (f["group"] == g).to_numpy()):
                j = later.get((g, keys[i]))
                if j is None:
                    continue
                for ctype, val, grad in _changes(np.array([vals[i], vals[j]]), years):
                    rows.append({"measure": f["measure"].iat[i], "group": g, "time": None,
                                 "indicator": f["indicator"].iat[i], "k": f["k"].iat[i], "t0": t0, "t1": t1,
                                 "ctype": ctype, "contrast": f"time: {t1} - {t0}", "value": val})
                    ia.append(i)
                    ib.append(j)
                    ga.append(grad[0])
                    gb.append(grad[1])
        out = pd.DataFrame(rows)
        out["k"] = out["k"].astype(float)
        ga, gb = np.array(ga, dtype=float), np.array(gb, dtype=float)
        values = out["value"].to_numpy(dtype=float)
        src = _mapped_source(self._covariance, np.array(ia, dtype=np.intp), np.array(ib, dtype=np.intp),
                             ga, gb, values)
        var = _diag_var(src, len(out))
        ok = np.isfinite(ga) & np.isfinite(gb) & np.isfinite(values)
        se = np.where(ok, np.sqrt(np.clip(var, 0, None)), np.nan)
        out["se"] = se
        with np.errstate(invalid="ignore", divide="ignore"):
            stat = values / se
        out["stat"], out["pvalue"] = stat, inference.pvalue(stat, self.df)
        return ContrastResult(out, covariance=src, df=self.df, n=self.n, level=self.level, design=self.design,
                              se_method=self.se_method,
                              call={"function": "MPIResult.change", "t0": t0, "t1": t1, "years": years})

    # --- plots ------------------------------------------------------------------
    def plot(self, kind: str = "contributions", *, k=None, group=ALL, time=None, measure: str = "M0", ax=None):
        """A matplotlib Figure of the result.

        Parameters
        ----------
        kind : {"contributions", "kcurve", "groups"}, default "contributions"
            ``"contributions"``: stacked percentage contributions per group (or per
            round); ``"kcurve"``: M0 and H over k; ``"groups"``: a measure by
            subgroup with confidence intervals.
        k : float, optional
            Poverty cutoff (``"contributions"``, ``"groups"``); may be omitted with a
            single k.
        group : str, default "all"
            Group whose k-curve is drawn (``"kcurve"``).
        time : optional
            Round to draw; required with several rounds except for a
            ``"contributions"`` plot of the total over rounds.
        measure : str, default "M0"
            Measure drawn by ``"groups"``.
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; by default a new figure.

        Returns
        -------
        matplotlib.figure.Figure

        Raises
        ------
        InputError
            An unknown kind, an option the kind does not take, or a missing round.
        """
        from . import plots

        kinds = {"contributions": (plots.contributions, ("k", "time", "ax")),
                 "kcurve": (plots.kcurve, ("group", "time", "ax")),
                 "groups": (plots.groups, ("measure", "k", "time", "ax"))}
        if kind not in kinds:
            raise InputError(f"kind must be one of {sorted(kinds)}, got {kind!r}")
        draw, takes = kinds[kind]
        given = {"k": k, "group": group, "time": time, "measure": measure, "ax": ax}
        defaults = {"k": None, "group": ALL, "time": None, "measure": "M0", "ax": None}
        # an option another kind of figure uses would be silently ignored here
        unused = [n for n in given if n not in takes and given[n] is not defaults[n] and given[n] != defaults[n]]
        if unused:
            raise InputError(f"plot({kind!r}) does not take {', '.join(unused)}")
        return draw(self, **{n: given[n] for n in takes})


class KCurve(Result):
    """H, A and M0 over poverty cutoffs (a :class:`povecon.result.Result`; point estimates).

    Built by :meth:`MPIResult.k_curve`; rows are ``measure`` (H, A, M0) x ``k``.

    Parameters
    ----------
    frame, covariance, df, n, n_dropped, level, call, design, se_method, notes
        As in :class:`povecon.result.Result`.
    """

    _title = "Poverty-cutoff curve"

    def wide(self) -> pd.DataFrame:
        """The curve as a table with columns ``k, H, A, M0`` (one row per cutoff).

        Returns
        -------
        pandas.DataFrame
        """
        f = self._frame
        h = f[f["measure"] == "H"]
        return pd.DataFrame({"k": h["k"].to_numpy(dtype=float),
                             **{m: f.loc[f["measure"] == m, "value"].to_numpy(dtype=float) for m in ("H", "A", "M0")}})

    def __getitem__(self, key):
        # k_curve used to return the wide table: its columns keep working for one release
        if isinstance(key, str) and key in ("k", "H", "A", "M0"):
            warnings.warn("k_curve() now returns a result: read .wide()[...] for the table of k, H, A, M0 "
                          "(indexing it directly will be removed in the next release)", DeprecationWarning,
                          stacklevel=2)
            return self.wide()[key]
        return super().__getitem__(key)


def _covariance_source(inf: Inference, doms, defs, thetas, reps) -> CovarianceSource:
    """Covariance of any rows, computed when asked: never the full matrix at estimation time."""
    if inf.method is None:
        return NoCovariance()
    if inf.method == "bootstrap":
        key = ("bootstrap", int(inf.replicates), inf.seed, sample_key(inf.design, (inf.acc.ravel(),)))
        return ReplicateCovariance(np.concatenate(thetas), np.column_stack(reps), "bootstrap", key=key)
    sizes = [len(m.measure) for m in defs]
    row_dom = np.repeat(np.arange(len(doms)), sizes)
    row_pos = np.concatenate([np.arange(s) for s in sizes])

    def scores(idx):
        # the PSU totals of each row's linearized variable, from its domain's cell totals
        idx = np.asarray(idx, dtype=np.intp)
        out = np.zeros((inf.pseudo.n, idx.size))
        dd, pp = row_dom[idx], row_pos[idx]
        for d in np.unique(dd):
            cols = np.flatnonzero(dd == d)
            out[:, cols] = inf.estimate(doms[d], defs[d].take(pp[cols]))[1]
        return out

    return LinearizedCovariance(inf.pseudo, scores, key=("linearized", sample_key(inf.design, (inf.acc.ravel(),))))


def _mapped_source(source: CovarianceSource, ia: np.ndarray, ib: np.ndarray, ga: np.ndarray, gb: np.ndarray,
                   values: np.ndarray) -> CovarianceSource:
    """Covariance of ``ga * theta[ia] + gb * theta[ib]`` (the delta method), joint with the source's rows."""
    base, xa = _base_and_idx(source, ia)
    _, xb = _base_and_idx(source, ib)
    if isinstance(base, NoCovariance):
        return NoCovariance()
    if isinstance(base, LinearizedCovariance):
        def scores(idx):
            idx = np.asarray(idx, dtype=np.intp)
            z = base.scores(np.concatenate([xa[idx], xb[idx]]))
            return z[:, :idx.size] * ga[idx] + z[:, idx.size:] * gb[idx]

        return LinearizedCovariance(base.psu_design, scores, key=base.joint_key())
    if isinstance(base, ReplicateCovariance):
        ok = np.isfinite(ga) & np.isfinite(gb)
        with np.errstate(invalid="ignore"):
            dev = ((base.reps[:, xa] - base.full[xa]) * np.where(ok, ga, 0.0)
                   + (base.reps[:, xb] - base.full[xb]) * np.where(ok, gb, 0.0))
        # a change without a derivative gets an SE of NaN in the frame; a NaN replicate column here
        # would drop every replicate from the joint covariances of the other rows
        full = np.where(ok & np.isfinite(values), values, 0.0)
        return ReplicateCovariance(full, full[None, :] + dev, base.kind, base.scale, base.rscales,
                                   key=base.joint_key())
    rows = np.unique(np.concatenate([ia, ib]))
    pos = {r: c for c, r in enumerate(rows)}
    J = np.zeros((ia.size, rows.size))
    for r in range(ia.size):
        J[r, pos[ia[r]]] += ga[r]
        J[r, pos[ib[r]]] += gb[r]
    return DenseCovariance(J @ source.matrix(rows) @ J.T, getattr(source, "method", None))


def _diag_var(src: CovarianceSource, m: int) -> np.ndarray:
    """Variances of the ``m`` rows of a source without building their full covariance."""
    idx = np.arange(m, dtype=np.intp)
    if m == 0:
        return np.zeros(0)
    if isinstance(src, NoCovariance):
        return np.full(m, np.nan)
    if isinstance(src, LinearizedCovariance):
        return np.asarray(src.psu_design.linearized_var(src.scores(idx)), dtype=float)
    if isinstance(src, ReplicateCovariance) and src.kind == "bootstrap":
        # per row, the replicates that failed for that row drop out (as in ReplicateCovariance.matrix)
        with np.errstate(invalid="ignore"):
            return np.nanmean((src.reps - src.full[None, :]) ** 2, axis=0)
    return np.array([src.matrix(np.array([i]))[0, 0] for i in idx])


def _changes(th: np.ndarray, years: float | None):
    a, b = th
    out = [("abs", b - a, np.array([-1.0, 1.0]))]
    with np.errstate(invalid="ignore", divide="ignore"):
        out.append(("rel", 100 * (b - a) / a, 100 * np.array([-b / a**2, 1 / a])))
        if years is not None:
            out.append(("ann_abs", (b - a) / years, np.array([-1.0, 1.0]) / years))
            r = (b / a) ** (1 / years)
            out.append(("ann_rel", 100 * (r - 1), 100 * np.array([-r / (years * a), r / (years * b)])))
    return out


def _bad(value, have, what):
    raise InputError(f"unknown {what} {value!r}; the result has {list(have)}")
