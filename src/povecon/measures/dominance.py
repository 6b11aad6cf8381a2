"""Stochastic dominance tests between two income distributions.

Poverty dominance of order ``s`` over a range of lines ``[lo, hi]`` (Foster & Shorrocks
1988; Davidson & Duclos 2000, Econometrica 68(6)) compares the dominance curves

    D^s(z) = (1 / (s-1)!) * integral_0^z (z - y)^(s-1) dF(y)
           = (1 / (s-1)!) * (1/N) sum_i w_i (z - y_i)^(s-1) 1{y_i <= z}

(``D^1 = F``, ``D^2`` the poverty deficit in money units, ``D^3`` half the unnormalized
severity). Distribution A dominates B at order ``s`` when ``D^s_A(z) <= D^s_B(z)`` for every
``z`` in the range: every poverty index of the class of order ``s`` is then lower for A at
every line in the range. The grid statistics are the t ratios of ``D^s_A - D^s_B`` with
their linearized standard errors (Davidson & Duclos 2000, Theorem 1), from the joint
covariance when A and B are two groups of one design, or the sum of the two covariances
for independent samples.

Decision (union-intersection, Bishop, Formby & Thistle 1992; Howes 1993; the SMM version
is the one of Davidson & Duclos 2000, section 5): with ``c`` the simultaneous critical
value of ``max_k |t_k|`` (simulated maximum-t from the joint correlation of the grid, or
the studentized maximum modulus bound), A dominates B if some ``t_k < -c`` and no
``t_k > c``; B dominates A in the mirror case; the curves cross if both occur; otherwise
the distributions cannot be ranked. The stronger conclusion that every grid point is
significant (the null of non-dominance of Davidson & Duclos 2013) is reported as
``strong``.

Crossing points: where ``D_A - D_B`` changes sign between two grid points the root ``z*``
is found exactly on the sample, and its standard error follows from the implicit
function theorem, ``se(z*) = se(D_A(z*) - D_B(z*)) / |slope|`` with slope
``D^{s-1}_A(z*) - D^{s-1}_B(z*)`` (kernel densities for ``s = 1``) -- the approach of
Duclos, Araar & Fortin in DASP (``cfgts``) and Araar & Duclos' crossing-point estimator.

Lorenz and generalized Lorenz dominance compare ``L(p)`` (or ``GL(p)``) over a grid of
shares: higher is better (Shorrocks 1983; Bishop, Formby & Thistle 1992).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

from .. import inference
from ..errors import InputError
from ..registry import refuse
from ..result import Result, Summary
from . import _core
from ._kernels import bandwidth, density
from .curves import (_FGTSpec, _LorenzSpec, critical_value, fit, line_grid, p_grid, prepare_sorted)

KINDS = ("poverty", "lorenz", "generalized_lorenz")
CRITICAL = ("maxt", "smm")
_ZERO = 1e-9  # standard errors below this share of the largest are rounding noise of a pinned point


class DominanceResult(Result):
    """The grid of a dominance test: one row per line (or share) with the difference A - B.

    The frame holds ``measure, group, time, order``, the grid column (``line`` or ``p``),
    ``value`` (the difference of the two curves), ``se``, ``ci_lower``, ``ci_upper``, ``n``,
    ``stat`` (its t ratio) and ``pvalue`` (pointwise).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per grid point (see above).
    **kwargs
        ``covariance, df, n, n_dropped, level, call, design, se_method, notes`` as in
        :class:`povecon.result.Result`.
    conclusion : str
        The decision in words.
    details : dict
        ``decision`` (``"A"``, ``"B"``, ``"cross"`` or ``"none"``), ``critical_value``,
        ``critical``, ``max_t``, ``min_t``, ``strong``, ``crossings``, ``curves`` and the grid range.
    """

    _title = "Dominance test"

    def __init__(self, frame: pd.DataFrame, *, conclusion: str = "", details: dict | None = None, **kwargs):
        super().__init__(frame, **kwargs)
        self.conclusion = conclusion
        d = dict(details or {})
        self.decision = d.get("decision")
        self.critical_value = d.get("critical_value")
        self.critical = d.get("critical")
        self.max_t = d.get("max_t")
        self.min_t = d.get("min_t")
        self.strong = d.get("strong")
        self.crossings = d.get("crossings", pd.DataFrame())
        self.curves = d.get("curves", pd.DataFrame())
        self.order = d.get("order")
        self.kind = d.get("kind")

    def _header(self) -> list[str]:
        out = super()._header()
        out.append(f"Conclusion: {self.conclusion}")
        out.append(f"Max t: {self.max_t:.3f}, min t: {self.min_t:.3f}, critical value: {self.critical_value:.3f} "
                   f"({'simulated maximum-t' if self.critical == 'maxt' else 'studentized maximum modulus'}, "
                   f"{self.level:.0%} simultaneous)")
        out.append(f"Every grid point significant in the winner's favour (strong dominance): {self.strong}")
        if len(self.crossings):
            for r in self.crossings.itertuples(index=False):
                out.append(f"Crossing at {r.at:.6g} (SE {r.se:.3g}; {self.level:.0%} CI {r.ci_lower:.6g} to "
                           f"{r.ci_upper:.6g})")
        return out

    def summary(self) -> Summary:
        """The call, the decision with its evidence (max and min t, critical value), crossings and the grid."""
        return super().summary()


def _sample(data, income, weights, design, domain, na, s_nonneg):
    return _core.prepare(data, income, weights=weights, design=design, domain=domain, na=na,
                         nonnegative=s_nonneg, why="Lorenz curves" if s_nonneg else "")


def _spec(kind, order, grid, ps):
    if kind == "poverty":
        return _FGTSpec(grid, order - 1, False, False, 1.0 / math.factorial(order - 1))
    return _LorenzSpec(ps, kind == "generalized_lorenz")


def _exact_difference(prepA, ia, prepB, ib, order, lo, hi):
    """``D^s_A(z) - D^s_B(z)`` exactly on the samples, for ``z`` in ``[lo, hi]``, as a function."""
    parts = []
    for prep, i in ((prepA, ia), (prepB, ib)):
        g = prep.groups[i]
        a = int(np.searchsorted(g.ys, lo, side="right"))
        b = int(np.searchsorted(g.ys, hi, side="right"))
        base = [float(np.dot(g.ws[:a], g.ys[:a] ** m)) for m in range(order)]
        parts.append((g, a, b, base))

    def D(z, s):
        out = []
        for g, a, b, base in parts:
            k = a + int(np.searchsorted(g.ys[a:b], z, side="right"))
            ys, ws = g.ys[a:k], g.ws[a:k]
            tot = 0.0
            for m in range(s):
                mom = base[m] + float(np.dot(ws, ys ** m))
                tot += math.comb(s - 1, m) * z ** (s - 1 - m) * (-1.0) ** m * mom
            out.append(tot / (math.factorial(s - 1) * g.N))
        return out[0] - out[1]

    return D


def dominance(a=None, b=None, income=None, *, order: int = 1, lines: Any = 50, points: Any = 19,
              kind: str = "poverty", by=None, groups: tuple | None = None, weights=None, design=None, domain=None,
              na: str = "raise", se: str | None = "linearized", level: float = 0.95, replicates: int = 500,
              seed: int | None = None, critical: str = "auto", names: tuple = ("A", "B")) -> DominanceResult:
    """Test whether distribution A dominates B (poverty dominance of order s, or Lorenz dominance).

    Parameters
    ----------
    a : pandas.DataFrame or array-like
        Sample A (a frame with the ``income`` column, or an array of incomes); with ``by``
        and no ``b``, the one sample holding both groups.
    b : pandas.DataFrame or array-like, optional
        Sample B, independent of A (a separate survey). Omit it and give ``by`` for two
        groups of one design, whose joint covariance is then used.
    income : str, optional
        Income column of the frame(s); omit it when ``a`` and ``b`` are arrays.
    order : int, default 1
        Dominance order ``s`` >= 1 of the poverty dominance curves ``D^s`` (1: distribution
        functions, 2: poverty deficits, 3: severities). Not used by Lorenz kinds.
    lines : int, sequence of float or tuple, default 50
        Grid of poverty lines: a number of equally spaced lines between the lowest weighted
        5th and the highest 95th percentile of the two samples, a list, or ``(lo, hi, n)``.
    points : int or sequence of float, default 19
        Grid of shares for Lorenz kinds: ``n`` steps ``p = 1/n, ..., 1`` or a list in (0, 1].
    kind : {"poverty", "lorenz", "generalized_lorenz"}, default "poverty"
        What is compared. Poverty curves: lower is better; Lorenz curves: higher is better.
    by : str or array-like, optional
        With a single sample ``a``: the grouping variable with the two groups compared.
    groups : tuple, optional
        ``(label_A, label_B)``: which two groups of ``by`` (default its two labels in order).
    weights : str, array-like or tuple, optional
        Sampling weights: a column name (of both frames), an array (one sample), or a pair
        of arrays ``(w_A, w_B)`` for two array samples.
    design : SurveyDesign, optional
        The sample design (its columns exist in both frames for two samples).
    domain : str or array-like of bool, optional
        Subpopulation of the one sample (with ``by``), estimated with the full design.
    na : {"raise", "drop"}, default "raise"
        Missing values: raise, or drop those rows and report their count.
    se : {"linearized", "bootstrap", "replicate"}, default "linearized"
        Standard errors of the curves: linearized under the design, Rao-Wu-Yue bootstrap
        (needs ``seed``) or the design's replicate weights.
    level : float, default 0.95
        Simultaneous confidence level: the test has size ``1 - level`` over the whole grid.
    replicates : int, default 500
        Bootstrap replicates (``se="bootstrap"``).
    seed : int, optional
        Seed of the simulated maximum-t critical value and of the bootstrap; required by
        ``critical="maxt"``.
    critical : {"auto", "maxt", "smm"}, default "auto"
        ``"auto"``: ``"maxt"`` when a ``seed`` is given, else ``"smm"`` (so a call with the
        defaults runs and stays deterministic). Simultaneous critical value: the ``level``
        quantile of the maximum |t| simulated
        from the joint correlation of the grid (multivariate t on the design degrees of
        freedom), or the studentized maximum modulus (Stoline & Ury 1979; deterministic and
        conservative, as in Davidson & Duclos 2000).
    names : tuple of str, default ("A", "B")
        Names of two separate samples in the conclusion (groups of ``by`` use their labels).

    Returns
    -------
    DominanceResult
        The grid of differences ``A - B`` with t ratios; ``.conclusion`` ("A dominates B
        (order s) over [lo, hi]", "B dominates A ...", "curves cross at z* (SE ...)" or
        "cannot rank ..."), ``.crossings`` (estimated crossing points with SEs), ``.max_t``,
        ``.min_t``, ``.critical_value``, ``.strong`` and ``.curves`` (both curves).

    Raises
    ------
    InputError
        Invalid options, ``by`` without exactly two groups, ``critical="maxt"`` without a
        seed, or bad data.
    """
    opts = inference.options(se, replicates, seed, level)
    if se is None:
        raise InputError("a dominance test needs standard errors: se='linearized', 'bootstrap' or 'replicate'")
    refuse(a, "dominance")
    refuse(b, "dominance")
    if kind not in KINDS:
        raise InputError(f"kind must be one of {KINDS}, got {kind!r}")
    if critical not in CRITICAL + ("auto",):
        raise InputError(f"critical must be one of {CRITICAL + ('auto',)}, got {critical!r}")
    if critical == "auto":
        critical = "smm" if seed is None else "maxt"
    if critical == "maxt" and seed is None:
        raise InputError("critical='maxt' simulates the maximum-t and needs seed=<a whole number>; "
                         "or use critical='smm' (deterministic, conservative)")
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or not 1 <= order <= 3:
        raise InputError(f"order must be 1, 2 or 3, got {order!r}")
    order = int(order)
    lorenz = kind != "poverty"

    if b is None:
        if by is None:
            raise InputError("give two samples (a, b) or one sample and by= with two groups")
        data = a if isinstance(a, pd.DataFrame) else None
        inc = income if data is not None else a
        s = _core.prepare(data, inc, weights=weights, design=design, by=by, domain=domain, na=na,
                          nonnegative=lorenz, why="Lorenz curves" if lorenz else "")
        labels = list(s.labels)
        if groups is None:
            if len(labels) != 2:
                raise InputError(f"by= has {len(labels)} groups {labels[:10]}; give groups=(label_A, label_B)")
            groups = (labels[0], labels[1])
        if len(groups) != 2 or any(gl not in labels for gl in groups):
            raise InputError(f"groups must name two of the groups {labels[:20]}, got {groups!r}")
        prep = prepare_sorted(s)
        ia, ib = labels.index(groups[0]), labels.index(groups[1])
        prepA = prepB = prep
        names = (str(groups[0]), str(groups[1]))
        n_total = s.y.shape[0]
        n_dropped = s.n_dropped
        design_spec = s.design_spec
    else:
        if by is not None or domain is not None or groups is not None:
            raise InputError("by=, groups= and domain= apply to one sample; with two samples (a, b) subset them first")
        wa, wb = weights, weights
        if isinstance(weights, (tuple, list)) and len(weights) == 2 and not isinstance(weights[0], str):
            wa, wb = weights
        sa = _sample(a if isinstance(a, pd.DataFrame) else None, income if isinstance(a, pd.DataFrame) else a,
                     wa, design, None, na, lorenz)
        sb = _sample(b if isinstance(b, pd.DataFrame) else None, income if isinstance(b, pd.DataFrame) else b,
                     wb, design, None, na, lorenz)
        prepA, prepB = prepare_sorted(sa), prepare_sorted(sb)
        ia = ib = 0
        prep = None
        names = tuple(str(x) for x in names)
        n_total = sa.y.shape[0] + sb.y.shape[0]
        n_dropped = sa.n_dropped + sb.n_dropped
        design_spec = sa.design_spec
    gA, gB = prepA.groups[ia], prepB.groups[ib]

    if lorenz:
        ps = p_grid(points, closed=True)
        grid = ps
    else:
        ps = None
        grid = line_grid(lines, [(gA.ys, gA.ws), (gB.ys, gB.ws)])

    def difference(spec):
        """Values of A and B, the difference, its covariance and df, and the thresholds."""
        if prep is not None:
            f = fit(prep, spec, se, opts.replicates, seed)
            K = f.values.shape[1]
            sa_, sb_ = slice(ia * K, (ia + 1) * K), slice(ib * K, (ib + 1) * K)
            C = f.cov[sa_, sa_] + f.cov[sb_, sb_] - f.cov[sa_, sb_] - f.cov[sb_, sa_]
            return f.values[ia], f.values[ib], C, f.df, f.thresholds[ia], f.thresholds[ib], f.cov[sa_, sa_], \
                f.cov[sb_, sb_]
        fa, fb = fit(prepA, spec, se, opts.replicates, seed), fit(prepB, spec, se, opts.replicates, seed)
        df = None if fa.df is None or fb.df is None else fa.df + fb.df
        return fa.values[0], fb.values[0], fa.cov + fb.cov, df, fa.thresholds[0], fb.thresholds[0], fa.cov, fb.cov

    vA, vB, C, df, tA, tB, CA, CB = difference(_spec(kind, order, grid, ps))
    delta = vA - vB
    sd = np.sqrt(np.clip(np.diag(C), 0, None))
    sd_t = np.where(sd > _ZERO * np.nanmax(sd, initial=0.0), sd, 0.0)  # L(1) = 1 on both sides: rounding only
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(sd_t > 0, delta / sd_t, np.nan)
    Ct = C.copy()
    Ct[np.diag_indices_from(Ct)] = np.where(sd_t > 0, np.diag(C), 0.0)
    c = critical_value(critical, Ct, opts.level, df, seed)
    sign = 1.0 if lorenz else -1.0  # t ratios in A's favour: poverty curves lower is better
    good = sign * t
    valid = np.isfinite(good)
    if not valid.any():
        raise InputError("the two curves have zero variance at every grid point; widen the grid")
    a_sig = bool((good[valid] > c).any())
    b_sig = bool((good[valid] < -c).any())
    what = f"order {order}" if not lorenz else ("Lorenz" if kind == "lorenz" else "generalized Lorenz")
    rng = f"[{grid[0]:.6g}, {grid[-1]:.6g}]" if not lorenz else f"p in [{grid[0]:.4g}, {grid[-1]:.4g}]"
    nA, nB = names

    crossings = _crossings(delta, good, c, grid, kind, order, prepA, ia, prepB, ib, difference, df, opts.level,
                           lorenz, sd_t > 0)
    if a_sig and not b_sig:
        decision, conclusion = "A", f"{nA} dominates {nB} ({what}) over {rng}"
    elif b_sig and not a_sig:
        decision, conclusion = "B", f"{nB} dominates {nA} ({what}) over {rng}"
    elif a_sig and b_sig:
        decision = "cross"
        sig = crossings[crossings["significant"]] if len(crossings) else crossings
        if len(sig):
            where = "; ".join(f"{r.at:.6g} (SE {r.se:.3g})" for r in sig.itertuples(index=False))
            conclusion = f"curves cross at {where} ({what}, {rng})"
        else:
            conclusion = f"curves cross ({what}, {rng}): significant differences of both signs"
    else:
        decision, conclusion = "none", f"cannot rank {nA} and {nB} ({what}) over {rng}: no significant difference"
    strong = bool(valid.all() and ((good > c).all() or (good < -c).all()))

    grid_col = "p" if lorenz else "line"
    measure = f"D{order}" if not lorenz else kind
    frame = pd.DataFrame({"measure": measure, "group": f"{nA} - {nB}", "order": order if not lorenz else None,
                          grid_col: grid, "value": delta, "se": np.where(np.isnan(np.diag(C)), np.nan, sd),
                          "n": n_total, "stat": t, "pvalue": inference.pvalue(t, df)})
    sdA = np.sqrt(np.clip(np.diag(CA), 0, None))
    sdB = np.sqrt(np.clip(np.diag(CB), 0, None))
    curves = pd.concat([pd.DataFrame({"sample": nA, grid_col: grid, "value": vA, "se": sdA}),
                        pd.DataFrame({"sample": nB, grid_col: grid, "value": vB, "se": sdB})], ignore_index=True)
    details = {"decision": decision, "critical_value": float(c), "critical": critical,
               "max_t": float(np.nanmax(t)), "min_t": float(np.nanmin(t)), "strong": strong,
               "crossings": crossings, "curves": curves, "order": order, "kind": kind}
    notes = []
    if not valid.all():
        notes.append(f"{int((~valid).sum())} grid point(s) where both curves have zero variance are left out of the test")
    if prep is None:
        notes.append("A and B are independent samples (zero covariance between them)")
    return DominanceResult(frame, conclusion=conclusion, details=details, covariance=C, df=df, n=n_total,
                           n_dropped=n_dropped, level=opts.level, call={"function": "dominance"},
                           design=design_spec, se_method=se, notes=notes)


def _crossings(delta, good, c, grid, kind, order, prepA, ia, prepB, ib, difference, df, level, lorenz, live):
    """Every sign change of the difference between two grid points, located and with its SE."""
    rows = []
    sig_idx = np.flatnonzero(np.isfinite(good) & (np.abs(good) > c))
    q = inference.critical(level, df)
    tiny = 1e-12 * np.nanmax(np.abs(delta), initial=0.0)  # rounding, not a sign change
    for k in range(len(grid) - 1):
        if not (delta[k] * delta[k + 1] < 0 and live[k] and live[k + 1]
                and min(abs(delta[k]), abs(delta[k + 1])) > tiny):
            continue
        lo, hi = float(grid[k]), float(grid[k + 1])
        # significant when the nearest significant points on each side have opposite signs
        left = sig_idx[sig_idx <= k]
        right = sig_idx[sig_idx >= k + 1]
        significant = bool(left.size and right.size and np.sign(good[left[-1]]) != np.sign(good[right[0]]))
        if lorenz:
            at = lo + (hi - lo) * delta[k] / (delta[k] - delta[k + 1])
            vA, vB, C, _, tA, tB, _, _ = difference(_spec(kind, order, None, np.array([at])))
            gA, gB = prepA.groups[ia], prepB.groups[ib]
            if kind == "lorenz":
                muA, muB = np.dot(gA.ws, gA.ys) / gA.N, np.dot(gB.ws, gB.ys) / gB.N
                slope = tA[0] / muA - tB[0] / muB
            else:
                slope = tA[0] - tB[0]
        else:
            D = _exact_difference(prepA, ia, prepB, ib, order, lo, hi)
            if D(lo, order) * D(hi, order) < 0:
                at = float(optimize.brentq(lambda z: D(z, order), lo, hi, xtol=1e-10 * max(abs(hi), 1.0)))
            else:  # the grid values differ from the exact ones by rounding only: interpolate
                at = lo + (hi - lo) * delta[k] / (delta[k] - delta[k + 1])
            vA, vB, C, _, _, _, _, _ = difference(_spec(kind, order, np.array([at]), None))
            if order >= 2:
                slope = D(at, order - 1)
            else:
                gA, gB = prepA.groups[ia], prepB.groups[ib]
                slope = (density(gA.ys, gA.ws, at, bandwidth(gA.ys, gA.ws))
                         - density(gB.ys, gB.ws, at, bandwidth(gB.ys, gB.ws)))
        var = float(C[0, 0])
        se = float(np.sqrt(max(var, 0.0)) / abs(slope)) if slope != 0 else float("inf")
        rows.append({"at": at, "se": se, "ci_lower": at - q * se, "ci_upper": at + q * se,
                     "slope": float(slope), "significant": significant})
    return pd.DataFrame(rows, columns=["at", "se", "ci_lower", "ci_upper", "slope", "significant"])


__all__ = ["dominance", "DominanceResult"]
