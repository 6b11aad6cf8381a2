"""What came out of an Alkire-Foster estimation.

``MPIResult.to_frame()`` is tidy and long: one row per
``(measure, indicator, k, group, time)`` with ``value, se, ci_lower, ci_upper``.
Measures: ``H, A, M0`` (and ``M1, M2`` for cardinal specs); per indicator ``hd``
(uncensored headcount; ``k`` is NaN), ``hdk`` (censored headcount), ``actb``
(absolute contribution ``w_j * hdk_j``; they sum to M0) and ``pctb`` (percentage
contribution, they sum to 100); per subgroup ``popshare`` (population share,
``k`` NaN) and ``grp_pctb`` (percent of the round's M0 the group accounts for).
Totals over subgroups carry ``group == "all"``; without ``time`` the column is
None. Everything except the two ``*pctb`` measures is a fraction.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._result import Estimate
from ..errors import InputError
from .spec import K_TOL, MPISpec, normalize_k

ALL = "all"
FRAME_COLUMNS = ["measure", "indicator", "k", "group", "time", "value", "se", "ci_lower", "ci_upper"]
CHANGE_TYPES = ("abs", "rel", "ann_abs", "ann_rel")


def _colsum_by(codes: np.ndarray, mat: np.ndarray, size: int) -> np.ndarray:
    return np.column_stack([np.bincount(codes, weights=mat[:, j], minlength=size) for j in range(mat.shape[1])])


@dataclass
class _Measures:
    """Ratio definitions ``theta = (ys * Y[ycol]) / (xs * X[xcol])`` for one domain."""

    measure: list = field(default_factory=list)
    indicator: list = field(default_factory=list)
    k: list = field(default_factory=list)
    ycol: list = field(default_factory=list)
    ys: list = field(default_factory=list)
    xcol: list = field(default_factory=list)
    xs: list = field(default_factory=list)
    xall: list = field(default_factory=list)

    def add(self, measure, indicator, k, ycol, ys, xcol, xs=1.0, xall=False):
        for name, v in zip(("measure", "indicator", "k", "ycol", "ys", "xcol", "xs", "xall"),
                           (measure, indicator, k, ycol, ys, xcol, xs, xall)):
            getattr(self, name).append(v)


def ultimate_cluster_var(design, z: np.ndarray) -> np.ndarray:
    """Variances (only) of the columns of ``z``: ``design.linearized_var(z)``."""
    return design.linearized_var(z)


class Inference:
    """Cell totals of one estimation and the variance machinery over them (internal)."""

    def __init__(self, *, spec, ks, layout, acc, cell_psu, cell_dom, G, T, by, design, method, replicates, seed):
        self.spec, self.ks, self.lay, self.acc = spec, ks, layout, acc
        self.cell_psu, self.cell_dom, self.G, self.T, self.by = cell_psu, cell_dom, G, T, by
        self.method = method
        self.design = design
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
        for q, kk in enumerate(self.ks):
            m.add("H", None, kk, lay.H(q), 1.0, lay.N)
            m.add("A", None, kk, lay.M0(q), 1.0, lay.H(q))
            m.add("M0", None, kk, lay.M0(q), 1.0, lay.N)
            if lay.cardinal:
                m.add("M1", None, kk, lay.M1(q), 1.0, lay.N)
                m.add("M2", None, kk, lay.M2(q), 1.0, lay.N)
            for j, name in enumerate(spec.indicator_names):
                m.add("hdk", name, kk, lay.hdk(q) + j, 1.0, lay.N)
            for j, name in enumerate(spec.indicator_names):
                m.add("actb", name, kk, lay.hdk(q) + j, spec.weights[j], lay.N)
            for j, name in enumerate(spec.indicator_names):
                m.add("pctb", name, kk, lay.hdk(q) + j, 100.0 * spec.weights[j], lay.M0(q))
            if self.by and dom[1] is not None:
                m.add("grp_pctb", None, kk, lay.M0(q), 100.0, lay.M0(q), 1.0, True)
        return m

    def estimate(self, dom, m: _Measures):
        """Point estimates, and the per-PSU linearized totals or replicate estimates."""
        yc, xc = np.array(m.ycol), np.array(m.xcol)
        ys, xs, xall = np.array(m.ys), np.array(m.xs), np.array(m.xall)
        tot, tot_all = self.totals(dom), self.totals((dom[0], None))
        Y = ys * tot[yc]
        X = xs * np.where(xall, tot_all[xc], tot[xc])
        with np.errstate(invalid="ignore", divide="ignore"):
            theta = np.where(X != 0, Y / np.where(X != 0, X, 1.0), np.nan)
        if self.method is None:
            return theta, None, None
        P = self.psu_totals(dom)
        Pall = self.psu_totals((dom[0], None)) if xall.any() else P
        Py = ys * P[:, yc]
        Px = xs * np.where(xall, Pall[:, xc], P[:, xc])
        if self.method == "linearized":
            with np.errstate(invalid="ignore", divide="ignore"):
                z = (Py - np.nan_to_num(theta) * Px) / np.where(X != 0, X, 1.0)
            return theta, z, None
        Yr = self.mult.T @ Py
        Xr = self.mult.T @ Px
        with np.errstate(invalid="ignore", divide="ignore"):
            reps = np.where(Xr != 0, Yr / np.where(Xr != 0, Xr, 1.0), np.nan)
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


@dataclass
class MPIResult:
    """Estimates of one ``pe.mpi`` call.

    ``to_frame()`` is tidy and long: one row per ``(measure, indicator, k, group,
    time)`` with ``value, se, ci_lower, ci_upper``. Measures: ``H, A, M0`` (and
    ``M1, M2`` for cardinal specs); per indicator ``hd`` (uncensored headcount),
    ``hdk`` (censored headcount), ``actb`` (absolute contribution; they sum to
    M0) and ``pctb`` (percentage contribution; they sum to 100); per subgroup
    ``popshare`` and ``grp_pctb``. Built by :func:`mpi`.

    Parameters
    ----------
    spec : MPISpec
        The specification estimated.
    ks : list of float
        The poverty cutoffs.
    frame : pandas.DataFrame
        The long frame of estimates.
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
        The standard-error method.
    df : float or None
        Design degrees of freedom.
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
    """

    spec: MPISpec
    ks: list[float]
    frame: pd.DataFrame = field(repr=False)
    level: float
    n: int
    n_dropped: int
    missing: dict[str, int]
    na: str
    method: str | None
    df: float | None
    groups: list = field(repr=False)
    times: list = field(repr=False)
    by: str | None = None
    time: str | None = None
    score_levels: np.ndarray = field(default=None, repr=False)
    score_counts: np.ndarray = field(default=None, repr=False)
    score_sums: np.ndarray = field(default=None, repr=False)
    _inf: Inference = field(default=None, repr=False)

    # --- construction ---------------------------------------------------------
    @classmethod
    def build(cls, *, spec, ks, inference, glabels, tlabels, by, time, level, n, n_dropped, missing, na,
              score_levels, score_counts, score_sums):
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

        Returns
        -------
        MPIResult
        """
        inf = inference
        crit = _critical(level, inf.df)
        parts = []
        for dom in inf.domains():
            m = inf.measures(dom)
            theta, z, reps = inf.estimate(dom, m)
            se = np.sqrt(inf.variance(theta, z, reps))
            t, g = dom
            parts.append(pd.DataFrame({
                "measure": pd.array(m.measure, dtype=object),
                "indicator": pd.array(m.indicator, dtype=object),
                "k": np.array(m.k, dtype=float),
                "group": pd.array([ALL if g is None else glabels[g]] * len(theta), dtype=object),
                "time": pd.array([tlabels[t] if time is not None else None] * len(theta), dtype=object),
                "value": theta, "se": se, "ci_lower": theta - crit * se, "ci_upper": theta + crit * se,
            }))
        frame = pd.concat(parts, ignore_index=True)
        return cls(spec=spec, ks=list(ks), frame=frame, level=level, n=n, n_dropped=n_dropped, missing=missing,
                   na=na, method=inf.method, df=inf.df, groups=list(glabels) if by is not None else [],
                   times=list(tlabels) if time is not None else [], by=by, time=time,
                   score_levels=score_levels, score_counts=score_counts, score_sums=score_sums, _inf=inf)

    # --- access ---------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """The tidy long frame (a copy).

        Returns
        -------
        pandas.DataFrame
        """
        return self.frame.copy()

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
        f = self.frame
        sel = f["measure"] == measure
        if measure not in ("hd", "popshare"):
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
        """One estimate as an :class:`Estimate` (value, se, design df).

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
        r = self._rows(measure, indicator, k, group, time).iloc[0]
        return Estimate(measure=measure, value=float(r["value"]), se=float(r["se"]), n=self.n, df=self.df,
                        n_dropped=self.n_dropped,
                        params={"k": r["k"], "indicator": indicator, "group": group, "time": time})

    def summary(self) -> pd.DataFrame:
        """Headline table: H, A, M0 (and M1, M2) with SEs, one row per time x group x k.

        Returns
        -------
        pandas.DataFrame
        """
        heads = ["H", "A", "M0"] + (["M1", "M2"] if self.spec.cardinal else [])
        f = self.frame[self.frame["measure"].isin(heads)]
        idx = (["time"] if self.time is not None else []) + ["group", "k"]
        wide = f.pivot_table(index=idx, columns="measure", values=["value", "se"], aggfunc="first", sort=False,
                             dropna=False)
        wide.columns = [m if s == "value" else f"se_{m}" for s, m in wide.columns]
        return wide[[c for m in heads for c in (m, f"se_{m}")]]

    def __repr__(self) -> str:
        head = self.summary().to_string(max_rows=20)
        extra = f", {self.n_dropped} row(s) dropped for missing values" if self.n_dropped else ""
        return f"MPIResult({self.spec.name}; n={self.n}{extra}; se={self.method})\n{head}"

    # --- score distribution ---------------------------------------------------
    def _dist(self, group=ALL, time=None, what: str = "counts") -> np.ndarray:
        inf = self._inf
        table = self.score_counts if what == "counts" else self.score_sums
        t = 0
        if self.time is not None:
            if time is None:
                raise InputError(f"this result has rounds {self.times}; say which with time=")
            t = self.times.index(time) if time in self.times else _bad(time, self.times, "time")
        elif time is not None:
            raise InputError(f"this result has no rounds (pe.mpi was called without time), got time {time!r}")
        cols = table[:, t * inf.G:(t + 1) * inf.G]
        if group == ALL:
            return cols.sum(axis=1)
        if group not in self.groups:
            _bad(group, self.groups, "group")
        return cols[:, self.groups.index(group)]

    def k_curve(self, group=ALL, time=None, ks: Any = None) -> pd.DataFrame:
        """H(k) and M0(k) at every score value (or at ``ks``): the poverty-cutoff curves.

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
        pandas.DataFrame
            Columns ``k``, ``H``, ``A``, ``M0``.
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
        return pd.DataFrame({"k": grid, "H": H, "A": A, "M0": M0})

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
    def change(self, t0, t1, *, measures=("M0", "H", "A"), years: float | None = None) -> pd.DataFrame:
        """Changes from round ``t0`` to ``t1`` of ``measures`` for every k, group and indicator.

        ``abs = theta1 - theta0``; ``rel = 100 (theta1 - theta0) / theta0``;
        ``ann_abs = abs / years``; ``ann_rel = 100 ((theta1 / theta0)^(1/years) - 1)``
        (compound, as mpitb). Standard errors use the joint covariance of the two
        rounds' estimates under the one design (rounds may share PSUs), with the
        delta method.

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
        pandas.DataFrame
            Columns ``measure, indicator, k, group, t0, t1, ctype, value, se,
            ci_lower, ci_upper``; ``ctype`` is ``abs``, ``rel``, ``ann_abs`` or
            ``ann_rel``.

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
        inf = self._inf
        crit = _critical(self.level, inf.df)
        i0, i1 = self.times.index(t0), self.times.index(t1)
        rows = []
        groups = ([None] if not self.by else [None] + list(range(inf.G)))
        for g in groups:
            d0, d1 = (i0, g), (i1, g)
            m = inf.measures(d0)
            sel = [i for i, name in enumerate(m.measure) if name in measures]
            if not sel:
                raise InputError(f"unknown measure(s) {list(measures)}; available: {sorted(set(m.measure))}")
            a = inf.estimate(d0, m)
            b = inf.estimate(d1, inf.measures(d1))
            for i in sel:
                th = np.array([a[0][i], b[0][i]])
                if inf.method is None:
                    cov = np.full((2, 2), np.nan)
                elif inf.method == "linearized":
                    cov = inf.joint_cov(None, np.column_stack([a[1][:, i], b[1][:, i]]), None)
                else:
                    cov = inf.joint_cov(th, None, np.column_stack([a[2][:, i], b[2][:, i]]))
                for ctype, val, grad in _changes(th, years):
                    se = float(np.sqrt(grad @ cov @ grad)) if np.all(np.isfinite(grad)) else np.nan
                    rows.append({"measure": m.measure[i], "indicator": m.indicator[i], "k": m.k[i],
                                 "group": ALL if g is None else self.groups[g], "t0": t0, "t1": t1,
                                 "ctype": ctype, "value": val, "se": se,
                                 "ci_lower": val - crit * se, "ci_upper": val + crit * se})
        return pd.DataFrame(rows)

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


def _critical(level: float, df: float | None) -> float:
    q = 1 - (1 - level) / 2
    return float(stats.t.ppf(q, df)) if df is not None and df > 0 else float(stats.norm.ppf(q))


def _bad(value, have, what):
    raise InputError(f"unknown {what} {value!r}; the result has {list(have)}")
