"""Growth incidence and pro-poor growth, with survey-design standard errors.

* :func:`growth_incidence`: the (anonymous) growth incidence curve
  ``g(p) = y_1(p) / y_0(p) - 1`` on a grid of percentiles (Ravallion and Chen 2003);
* :func:`pro_poor_growth`: the Ravallion-Chen rate of pro-poor growth in its Watts form,
  the Kakwani-Pernia (2000) pro-poor index, the poverty-equivalent growth rate (Kakwani
  and Son 2008) and the Datt-Ravallion arc growth elasticity;
* :func:`poverty_elasticities`: Kakwani's (1993) growth and Gini elasticities of FGT poverty.

Every estimate is a smooth function ``F(theta)`` of a few base statistics (quantiles,
means, FGT and Watts indices, the income density at the line, the Gini), each with a
linearized variable under its period's design. The covariance is ``J Sigma J'`` with
``J`` the Jacobian of ``F`` and ``Sigma`` the design covariance of the base statistics:
two independent samples add their covariances; one pooled sample with a ``time`` column
estimates both periods as domains of one design, so the covariance between the periods
(shared PSUs, a panel) is kept.

The curve is anonymous: it compares the p-quantile of one period with the p-quantile of
the other, whoever holds them. It is not the non-anonymous (panel) curve that follows
the same people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .. import _input, inference
from ..errors import InputError
from ..result import DenseCovariance, NoCovariance, ReplicateCovariance, Result
from . import _core
from ._kernels import bandwidth, density, gini_with_if, sort_weighted
from .lines import QUANTILE_RULES, quantile_sorted
from .poverty import _fgt_deriv, _log_ratio, _poor


class GrowthIncidence(Result):
    """Growth incidence curve: one ``gic`` row per percentile ``p`` and one ``mean_growth`` row.

    A :class:`povecon.result.Result`; :meth:`curve` is the frame of the curve alone and
    :meth:`plot` draws it with its confidence band and the growth in the mean.

    Parameters
    ----------
    frame, covariance, df, n, n_dropped, level, call, design, se_method, notes
        As in :class:`povecon.result.Result`; built by :func:`growth_incidence`.
    """

    _title = "Growth incidence curve"

    def curve(self) -> pd.DataFrame:
        """The ``gic`` rows: ``p, value, se, ci_lower, ci_upper``.

        Returns
        -------
        pandas.DataFrame
            One row per percentile.
        """
        f = self._frame
        return f[f["measure"] == "gic"].reset_index(drop=True)

    @property
    def mean_growth(self) -> float:
        """Growth in the mean over the same span (the horizontal line of :meth:`plot`)."""
        f = self._frame
        return float(f.loc[f["measure"] == "mean_growth", "value"].iloc[0])

    def plot(self, ax=None, **kwargs):
        """The curve against ``p`` with its pointwise confidence band and the growth in the mean.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when omitted.
        **kwargs
            Passed to ``Axes.plot`` for the curve (colour, line style ...).

        Returns
        -------
        matplotlib.axes.Axes
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        c = self.curve()
        line, = ax.plot(c["p"], c["value"], label="growth incidence", **kwargs)
        if c["se"].notna().any():
            ax.fill_between(c["p"], c["ci_lower"], c["ci_upper"], alpha=0.2, color=line.get_color(),
                            label=f"{self.level:.0%} pointwise CI")
        ax.axhline(self.mean_growth, color="grey", linestyle="--", label="growth in the mean")
        ax.axhline(0.0, color="black", linewidth=0.5)
        ax.set_xlabel("percentile p")
        ax.set_ylabel("growth rate" + (" (log)" if self.call.get("log") else ""))
        ax.legend()
        return ax


class ProPoorGrowth(Result):
    """Pro-poor growth measures (rows ``measure`` and ``alpha``); a :class:`povecon.result.Result`.

    Parameters
    ----------
    frame, covariance, df, n, n_dropped, level, call, design, se_method, notes
        As in :class:`povecon.result.Result`; built by :func:`pro_poor_growth`.
    """

    _title = "Pro-poor growth"


class PovertyElasticities(Result):
    """Growth and Gini elasticities of FGT poverty (rows ``measure`` and ``alpha``); a
    :class:`povecon.result.Result`.

    Parameters
    ----------
    frame, covariance, df, n, n_dropped, level, call, design, se_method, notes
        As in :class:`povecon.result.Result`; built by :func:`poverty_elasticities`.
    """

    _title = "Elasticities of poverty"


# --- the samples -------------------------------------------------------------------------

@dataclass
class _Part:
    """One sample: incomes, design and the period domains it holds (``None``: every row)."""

    s: _core.Sample
    masks: dict


def _samples(data, income, after, time, periods, weights, weights_after, design, design_after, independent,
             na, n_periods=2):
    """The parts and the period labels of a one-period, pooled or two-sample estimator."""
    if n_periods == 1:
        s = _core.prepare(data, income, weights=weights, design=design, na=na)
        return [_Part(s, {0: None})], (None,)
    if after is not None:
        if time is not None:
            raise InputError("give either after= (a second, independent sample) or time= (one pooled sample), "
                             "not both")
        if independent is not True:
            raise InputError("two data sets: pass independent=True to confirm that they are independent samples "
                             "(their variances add); a panel or one survey with two rounds is one data set with "
                             "time=")
        wa = weights if weights_after is None and isinstance(weights, str) else weights_after
        da = design if design_after is None else design_after
        if weights is not None and not isinstance(weights, str) and weights_after is None:
            raise InputError("weights is an array: give the second sample's as weights_after=")
        s0 = _core.prepare(data, income, weights=weights, design=design, na=na)
        s1 = _core.prepare(after, income, weights=wa, design=da, na=na)
        labels = tuple(periods) if periods is not None else ("before", "after")
        if len(labels) != 2:
            raise InputError(f"periods names the two periods, got {periods!r}")
        return [_Part(s0, {0: None}), _Part(s1, {1: None})], labels
    if time is None:
        raise InputError("give time= (the column of periods in one pooled sample) or after= with "
                         "independent=True (a second sample)")
    if independent:
        raise InputError("independent=True needs after= (a second sample); one pooled sample with time= "
                         "shares its design across periods")
    s = _core.prepare(data, income, weights=weights, design=design, by=time, na=na)
    labels = list(s.labels)
    if periods is None:
        if len(labels) != 2:
            raise InputError(f"time takes {len(labels)} values {labels[:10]}; name the two to compare with "
                             "periods=(before, after)")
        chosen = sorted(labels)
    else:
        chosen = list(periods)
        if len(chosen) != 2:
            raise InputError(f"periods names the two periods, got {periods!r}")
    masks = {}
    for t, lab in enumerate(chosen):
        hit = [i for i, v in enumerate(labels) if v == lab or str(v) == str(lab)]
        if not hit:
            raise InputError(f"time has no period {lab!r}; it takes {labels[:10]}")
        masks[t] = s.codes == hit[0]
    return [_Part(s, masks)], tuple(chosen)


def _where(parts: list) -> dict:
    out = {}
    for i, part in enumerate(parts):
        for t, m in part.masks.items():
            out[t] = (i, m)
    return out


# --- base statistics ---------------------------------------------------------------------

def _evaluate(plan: list, parts: list, ws: list, need_if: bool, line: float | None, strict: bool, rule: str):
    """Base statistics ``theta`` and, with ``need_if``, their linearized variables per part."""
    where = _where(parts)
    K = len(plan)
    theta = np.empty(K)
    U = [np.zeros((p.s.y.shape[0], K)) for p in parts] if need_if else None
    cache = {}

    def period(t):
        if t not in cache:
            i, m = where[t]
            y, w = parts[i].s.y, ws[i]
            yd, wd = (y, w) if m is None else (y[m], w[m])
            N = wd.sum()
            if not N > 0:
                raise InputError(f"period {t} has no observation with positive weight")
            cache[t] = {"y": yd, "w": wd, "N": N, "h": bandwidth(yd, wd), "mu": float(np.dot(wd, yd) / N)}
        return cache[t]

    def put(k, t, ud):
        if need_if:
            i, m = where[t]
            if m is None:
                U[i][:, k] = ud
            else:
                U[i][m, k] = ud

    index = {st: k for k, st in enumerate(plan)}
    for k, st in enumerate(plan):
        kind, t = st[0], st[1]
        c = period(t)
        yd, wd, N = c["y"], c["w"], c["N"]
        if kind == "mean":
            theta[k] = c["mu"]
            put(k, t, (yd - c["mu"]) / N if need_if else None)
        elif kind == "q":
            if "sorted" not in c:
                c["sorted"] = sort_weighted(yd, wd)[:2]
            q = quantile_sorted(*c["sorted"], st[2], rule)
            theta[k] = q
            if need_if:
                f = density(yd, wd, q, c["h"])
                if not f > 0:
                    raise InputError(f"the income density at the {st[2]:g}-quantile is zero; cannot linearize it")
                put(k, t, -((yd <= q) - st[2]) / (f * N))
        elif kind in ("fgt", "cf"):
            a = st[2]
            z = line
            if kind == "cf":  # P_t(mu_s, L_t): period t's incomes rescaled to the other period's mean
                z = line * c["mu"] / period(1 - t)["mu"]
            poor = _poor(yd, z, strict)
            v = poor.astype(np.float64) if a == 0 else np.where(poor, (z - yd) / z, 0.0) ** a
            P = float(np.dot(wd, v) / N)
            theta[k] = P
            put(k, t, (v - P) / N if need_if else None)
            if kind == "cf":
                c.setdefault("cf", {})[a] = (z, _fgt_deriv(yd, wd, z, c["h"], a, strict) if need_if else None)
        elif kind == "watts":
            lr, _ = _log_ratio(yd, line, strict)
            W = float(np.dot(wd, lr) / N)
            theta[k] = W
            put(k, t, (lr - W) / N if need_if else None)
        elif kind == "density":
            h = c["h"]
            kern = np.exp(-0.5 * ((line - yd) / h) ** 2) / (h * np.sqrt(2.0 * np.pi))
            f = float(np.dot(wd, kern) / N)
            theta[k] = f
            put(k, t, (kern - f) / N if need_if else None)
        elif kind == "gini":
            G, u = gini_with_if(yd, wd, need_if)
            theta[k] = G
            put(k, t, u)
        else:  # pragma: no cover - internal
            raise ValueError(kind)
    if need_if:
        # the counterfactual line z mu_t / mu_s is estimated: its linearized variable enters
        # through the smoothed derivative of P_t at that line (as for a relative line, Osier 2009)
        for k, st in enumerate(plan):
            if st[0] != "cf":
                continue
            t, a = st[1], st[2]
            z, dPdz = cache[t]["cf"][a]
            kt, ks = index[("mean", t)], index[("mean", 1 - t)]
            mt, ms = theta[kt], theta[ks]
            for Ui in U:
                Ui[:, k] += dPdz * z * (Ui[:, kt] / mt - Ui[:, ks] / ms)
    return theta, U


def _jacobian(F: Callable, theta: np.ndarray) -> np.ndarray:
    """Central-difference Jacobian of the smooth map ``F`` (closed-form algebra of the base statistics)."""
    f0 = F(theta)
    J = np.zeros((f0.size, theta.size))
    for k in range(theta.size):
        h = 1e-6 * max(abs(theta[k]), 1e-8)
        tp, tm = theta.copy(), theta.copy()
        tp[k] += h
        tm[k] -= h
        J[:, k] = (F(tp) - F(tm)) / (2 * h)
    return J


def _estimate(cls, rows: list, F: Callable, plan: list, parts: list, labels: tuple, *, line, strict, rule, se,
              replicates, seed, level, call, notes=()):
    inference.options(se, replicates, seed)
    level = inference.check_level(level)
    if se == "replicate" and len(parts) > 1:
        raise InputError("se='replicate' needs one pooled sample (time=) with replicate weights")
    base_w = [p.s.design.weights for p in parts]
    theta, U = _evaluate(plan, parts, base_w, se == "linearized", line, strict, rule)
    values = F(theta)
    _input.finite_result(values, "the estimate", inputs=parts[0].s.y)
    df = float(sum(p.s.design.df for p in parts))  # two independent designs: their strata side by side
    cov = None
    if se == "linearized":
        J = _jacobian(F, theta)
        pseudo = [p.s.design.psu_level() for p in parts]
        T = [p.s.design.psu_totals(u) for p, u in zip(parts, U)]
        if len(parts) == 1:
            rd, y = parts[0].s.design, parts[0].s.y
            # the rows' PSU scores are the base statistics' PSU totals times J': any subset, and joint
            # with other estimators of this sample
            source = _core._SampleCovariance(pseudo[0], lambda idx: T[0] @ J[np.asarray(idx)].T, rd, y)
            cov = source.matrix(np.arange(values.size))
        else:
            sigma = sum(np.atleast_2d(ps.linearized_cov(t)) for ps, t in zip(pseudo, T))
            cov = J @ sigma @ J.T
            source = DenseCovariance(cov, "linearized")
    elif se in ("bootstrap", "replicate"):
        if se == "bootstrap":
            seeds = [seed] if len(parts) == 1 else [int(s) for s in np.random.SeedSequence(seed).generate_state(2)]
            Ws = [p.s.design.bootstrap_weights(int(replicates), sd) for p, sd in zip(parts, seeds)]
            kind, scale, rscales = "bootstrap", 1.0, None
        else:
            rd = parts[0].s.design
            if rd.replicate is None:
                raise InputError("se='replicate' needs SurveyDesign(replicate=...) replicate weights")
            Ws = [rd.replicate]
            kind, scale, rscales = "replicate", rd.replicate_scale, rd.replicate_rscales
            df = float(rd.replicate.shape[1] - 1)
        R = Ws[0].shape[1]
        reps = np.empty((R, values.size))
        for r in range(R):
            try:
                reps[r] = F(_evaluate(plan, parts, [W[:, r] for W in Ws], False, line, strict, rule)[0])
            except InputError:
                reps[r] = np.nan  # a replicate that empties a period drops out (ReplicateCovariance)
        key = (cls.__name__, kind, R, seed, tuple(_core.sample_key(p.s.design, p.s.y) for p in parts))
        source = ReplicateCovariance(values, reps, kind, scale, rscales, key=key)
        cov = source.matrix(np.arange(values.size))
    else:
        source = NoCovariance()
    frame = pd.DataFrame(rows)
    frame["value"] = values
    frame["se"] = np.sqrt(np.clip(np.diagonal(cov), 0, None)) if cov is not None else np.nan
    frame["n"] = sum(p.s.y.shape[0] for p in parts)
    out = cls(frame, covariance=source, df=df if se is not None else None, n=int(frame["n"].iloc[0]),
              n_dropped=sum(p.s.n_dropped for p in parts), level=level, call=call,
              design=parts[0].s.design_spec, se_method=se, notes=list(notes))
    out.periods = labels
    return out


# --- the growth incidence curve -----------------------------------------------------------

_ANON = ("anonymous growth incidence: the p-quantiles of the two periods are compared, whoever holds them; "
         "not the panel (non-anonymous) curve of the same people")
_SAMPLING = {
    True: "independent samples: the covariances of the two periods add",
    False: "one pooled sample: both periods are domains of one design (their covariance is kept)",
}


def _grid(p) -> np.ndarray:
    if p is None:
        return np.arange(1, 100) / 100.0
    if np.ndim(p) == 0 and float(p) >= 1 and float(p) == int(p):
        k = int(p)
        return np.arange(1, k + 1) / (k + 1.0)
    grid = np.atleast_1d(np.asarray(p, dtype=np.float64))
    if grid.size == 0 or not ((grid > 0) & (grid < 1)).all() or len(np.unique(grid)) < grid.size:
        raise InputError("p must be distinct probabilities in (0, 1), or a whole number of grid points")
    return grid


def _years(years) -> float:
    return _input.positive_scalar(years, "years")


def growth_incidence(data=None, income=None, *, time=None, periods: Sequence | None = None, after=None,
                     independent: bool | None = None, p=None, years: float = 1.0, log: bool = False,
                     rule: str = "eurostat", weights=None, weights_after=None, design=None, design_after=None,
                     na: str = "raise", se: str | None = "linearized", level: float = 0.95, replicates: int = 500,
                     seed: int | None = None) -> GrowthIncidence:
    """Growth incidence curve ``g(p) = (y_1(p) / y_0(p))^(1/years) - 1`` (Ravallion and Chen 2003).

    ``y_t(p)`` is the weighted p-quantile of period ``t``. The curve is *anonymous*: it
    compares quantiles, not the same people (not the non-anonymous panel curve).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample: one pooled sample of both periods (with ``time``), or the first
        period's sample (with ``after``). When None, ``income`` is an array.
    income : str or array-like
        Column of ``data`` (and of ``after``) holding income or consumption per person,
        in real terms (the same prices in both periods).
    time : str or array-like, optional
        Column of ``data`` with the period of each row; the two periods are domains of
        one design, so their covariance (a panel, shared PSUs) is kept.
    periods : sequence of two, optional
        The periods compared, first then second: values of ``time`` (default its two
        values, sorted), or labels of ``data`` and ``after`` (default ``("before", "after")``).
    after : pandas.DataFrame or array-like, optional
        The second period's sample, independent of ``data`` (needs ``independent=True``).
    independent : bool, optional
        Must be True with ``after``: the two samples are independent, their variances add.
    p : int or sequence of float, optional
        Percentiles: probabilities in (0, 1), or a whole number ``k`` of equally spaced
        points ``1/(k+1), ..., k/(k+1)``; default 0.01, ..., 0.99.
    years : float, default 1
        Years between the periods; the growth rates are annualized.
    log : bool, default False
        Log growth rates ``log(y_1(p) / y_0(p)) / years`` instead.
    rule : {"eurostat", "inverse"}, default "eurostat"
        Quantile rule (as :func:`povecon.quantile`).
    weights : str or array-like, optional
        Sampling weights of ``data`` (a column also names those of ``after``).
    weights_after : str or array-like, optional
        Sampling weights of ``after`` when they differ from ``weights``.
    design : SurveyDesign, optional
        The sample design of ``data`` (and of ``after`` unless ``design_after``).
    design_after : SurveyDesign, optional
        The sample design of ``after``.
    na : {"raise", "drop"}, default "raise"
        Missing values: raise, or drop those rows (reported as ``n_dropped``).
    se : {"linearized", "bootstrap", "replicate", None}, default "linearized"
        Standard errors: delta method on the quantiles' linearized (kernel density)
        covariance, the rescaled bootstrap (needs ``seed``), the design's replicate
        weights (pooled sample only), or None.
    level : float, default 0.95
        Confidence level of the intervals, in (0, 1).
    replicates : int, default 500
        Number of bootstrap replicates.
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.

    Returns
    -------
    GrowthIncidence
        Rows ``measure="gic"`` with column ``p`` (one per percentile) and one row
        ``measure="mean_growth"``: the growth in the mean over the same span
        (``p`` NaN), all with their joint covariance (``pe.contrast`` tests, e.g., the
        curve against the mean). ``.plot()`` draws the curve, band and mean.

    Raises
    ------
    InputError
        Invalid options, a quantile of the first period that is not > 0, or missing values
        with ``na="raise"``.

    References
    ----------
    Ravallion, M. and Chen, S. (2003). Measuring pro-poor growth. *Economics Letters*
    78(1), 93-99.
    """
    if rule not in QUANTILE_RULES:
        raise InputError(f"rule must be one of {QUANTILE_RULES}, got {rule!r}")
    grid = _grid(p)
    T = _years(years)
    parts, labels = _samples(data, income, after, time, periods, weights, weights_after, design, design_after,
                             independent, na)
    plan = [("q", t, float(pp)) for t in (0, 1) for pp in grid] + [("mean", 0), ("mean", 1)]
    m = grid.size

    def rate(r):
        return np.log(r) / T if log else r ** (1.0 / T) - 1.0

    def F(th):
        q0, q1 = th[:m], th[m:2 * m]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.concatenate([rate(q1 / q0), [rate(th[2 * m + 1] / th[2 * m])]])

    # the first period's quantiles must be positive for a growth rate to exist
    q0 = _evaluate(plan[:m], parts, [pt.s.design.weights for pt in parts], False, None, True, rule)[0]
    if not (q0 > 0).all():
        bad = grid[~(q0 > 0)]
        raise InputError(f"the first period's quantile is not > 0 at p = {bad[:5].tolist()}; growth rates need "
                         "positive quantiles (choose p above them)")
    rows = [{"measure": "gic", "time": f"{labels[0]}-{labels[1]}", "p": float(pp)} for pp in grid]
    rows.append({"measure": "mean_growth", "time": f"{labels[0]}-{labels[1]}", "p": np.nan})
    call = {"function": "growth_incidence", "years": T, "log": bool(log), "periods": labels}
    return _estimate(GrowthIncidence, rows, F, plan, parts, labels, line=None, strict=True, rule=rule, se=se,
                     replicates=replicates, seed=seed, level=level, call=call,
                     notes=[_ANON, _SAMPLING[len(parts) > 1]])


# --- pro-poor growth ----------------------------------------------------------------------

def _alphas(alpha, one_or_more: bool = False) -> list:
    vals = [_input.positive_scalar(a, "alpha", allow_zero=True) for a in np.ravel(np.asarray(alpha, dtype=object))]
    if not vals:
        raise InputError("alpha is empty; give one or more FGT orders")
    if len(set(vals)) < len(vals):
        raise InputError(f"alpha lists a value twice: {vals}")
    if one_or_more and any(0 < a < 1 for a in vals):
        raise InputError("the growth and Gini elasticities are defined for alpha = 0 or alpha >= 1 (Kakwani 1993)")
    return vals


def pro_poor_growth(data=None, income=None, line=None, alpha=0, *, time=None, periods: Sequence | None = None,
                    after=None, independent: bool | None = None, years: float = 1.0, weights=None,
                    weights_after=None, design=None, design_after=None, strict: bool = True, na: str = "raise",
                    se: str | None = "linearized", level: float = 0.95, replicates: int = 500,
                    seed: int | None = None) -> ProPoorGrowth:
    """Pro-poor growth: Ravallion-Chen rate, Kakwani-Pernia index and poverty-equivalent growth rate.

    Rows (``measure``; per FGT order ``alpha`` where it matters), with ``gamma = log(mu_1 / mu_0)``:

    * ``mean_growth``: ``gamma / years``, the log growth of the mean;
    * ``rc_rate``: the Ravallion-Chen (2003, eq. 4) rate of pro-poor growth in its Watts
      form ``-(W_1 - W_0) / (H_0 years)``, the mean of the log growth incidence curve up
      to the initial headcount ``H_0`` (exact in continuous time; between two surveys the
      two differ by a second-order term);
    * ``total_elasticity``: ``delta = log(P_1 / P_0) / gamma``;
    * ``growth_elasticity``: ``eta``, the Shapley average of the two pure-growth log changes
      ``[log P(mu_1, L_0) - log P(mu_0, L_0) + log P(mu_1, L_1) - log P(mu_0, L_1)] / (2 gamma)``
      (Kakwani and Son 2008);
    * ``kakwani_pernia``: ``phi = delta / eta`` (Kakwani and Pernia 2000; > 1 pro-poor);
    * ``pegr``: the poverty-equivalent growth rate ``phi * gamma / years`` (Kakwani and Son 2008);
    * ``dr_growth_elasticity``: the Datt-Ravallion (1992) growth component
      ``P(mu_1, L_0) - P(mu_0, L_0)`` over ``P_0 (mu_1 / mu_0 - 1)``, an arc estimate of
      Kakwani's growth elasticity ``eta_alpha`` of the first period.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        One pooled sample of both periods (with ``time``), or the first period's sample
        (with ``after``). When None, ``income`` is an array.
    income : str or array-like
        Column of ``data`` (and of ``after``) with income or consumption per person, in
        real terms.
    line : float
        Poverty line, in the units of ``income``, the same in both periods.
    alpha : float or sequence of float, default 0
        FGT orders of the poverty measure (0 headcount, 1 gap, 2 squared gap).
    time : str or array-like, optional
        Column of ``data`` with each row's period; both periods are domains of one design.
    periods : sequence of two, optional
        The periods compared, first then second (values of ``time``, or labels).
    after : pandas.DataFrame or array-like, optional
        The second period's sample, independent of ``data`` (needs ``independent=True``).
    independent : bool, optional
        Must be True with ``after``: the samples are independent, their variances add.
    years : float, default 1
        Years between the periods; rates are per year.
    weights : str or array-like, optional
        Sampling weights of ``data`` (a column also names those of ``after``).
    weights_after : str or array-like, optional
        Sampling weights of ``after`` when they differ from ``weights``.
    design : SurveyDesign, optional
        The sample design of ``data`` (and of ``after`` unless ``design_after``).
    design_after : SurveyDesign, optional
        The sample design of ``after``.
    strict : bool, default True
        The poor are ``y < z`` (True) or ``y <= z``.
    na : {"raise", "drop"}, default "raise"
        Missing values: raise, or drop those rows (reported as ``n_dropped``).
    se : {"linearized", "bootstrap", "replicate", None}, default "linearized"
        Standard errors: delta method on the joint linearized covariance of the means,
        FGT and Watts indices (the counterfactual lines' own error included through the
        kernel-smoothed derivative), the rescaled bootstrap (needs ``seed``), the design's
        replicate weights (pooled sample only), or None.
    level : float, default 0.95
        Confidence level of the intervals, in (0, 1).
    replicates : int, default 500
        Number of bootstrap replicates.
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.

    Returns
    -------
    ProPoorGrowth
        A :class:`povecon.result.Result` with the rows above and their joint covariance.

    Raises
    ------
    InputError
        Invalid options, no poor in a period (the log changes need ``P > 0``), a poor
        income that is not > 0 (Watts), or no growth in the mean (elasticities need
        ``mu_1 != mu_0``).

    References
    ----------
    Datt, G. and Ravallion, M. (1992). *Journal of Development Economics* 38(2), 275-295.
    Kakwani, N. and Pernia, E. (2000). What is pro-poor growth? *Asian Development Review*
    18(1), 1-16.
    Kakwani, N. and Son, H. H. (2008). Poverty equivalent growth rate. *Review of Income and
    Wealth* 54(4), 643-655.
    Ravallion, M. and Chen, S. (2003). Measuring pro-poor growth. *Economics Letters* 78(1), 93-99.
    """
    z = _input.positive_scalar(line, "line")
    if not isinstance(strict, (bool, np.bool_)):
        raise InputError(f"strict must be True or False, got {strict!r}")
    alphas = _alphas(alpha)
    T = _years(years)
    parts, labels = _samples(data, income, after, time, periods, weights, weights_after, design, design_after,
                             independent, na)
    plan = [("mean", 0), ("mean", 1), ("watts", 0), ("watts", 1), ("fgt", 0, 0.0)]
    for a in alphas:
        for st in (("fgt", 0, a), ("fgt", 1, a), ("cf", 0, a), ("cf", 1, a)):
            if st not in plan:
                plan.append(st)
    ix = {st: k for k, st in enumerate(plan)}

    def F(th):
        g = np.log(th[1] / th[0])
        out = [g / T, -(th[3] - th[2]) / (th[4] * T)]
        for a in alphas:
            P0, P1, C0, C1 = (th[ix[("fgt", 0, a)]], th[ix[("fgt", 1, a)]], th[ix[("cf", 0, a)]],
                              th[ix[("cf", 1, a)]])
            with np.errstate(divide="ignore", invalid="ignore"):
                delta = np.log(P1 / P0) / g
                eta = (np.log(C0 / P0) + np.log(P1 / C1)) / (2 * g)
                phi = delta / eta
                dr = (C0 - P0) / (P0 * (th[1] / th[0] - 1.0))
            out += [delta, eta, phi, phi * g / T, dr]
        return np.asarray(out, dtype=np.float64)

    theta = _evaluate(plan, parts, [pt.s.design.weights for pt in parts], False, z, strict, "eurostat")[0]
    if theta[0] == theta[1]:
        raise InputError("the mean does not change between the periods; growth elasticities are undefined")
    for a in alphas:
        for st in (("fgt", 0, a), ("fgt", 1, a), ("cf", 0, a), ("cf", 1, a)):
            if not theta[ix[st]] > 0:
                raise InputError(f"FGT({a:g}) is 0 in period {st[1]} (actual or counterfactual); its log change "
                                 "is undefined: raise the line or choose another alpha")
    span = f"{labels[0]}-{labels[1]}"
    rows = [{"measure": "mean_growth", "time": span, "alpha": np.nan},
            {"measure": "rc_rate", "time": span, "alpha": np.nan}]
    for a in alphas:
        rows += [{"measure": m, "time": span, "alpha": a} for m in
                 ("total_elasticity", "growth_elasticity", "kakwani_pernia", "pegr", "dr_growth_elasticity")]
    call = {"function": "pro_poor_growth", "line": z, "years": T, "periods": labels}
    return _estimate(ProPoorGrowth, rows, F, plan, parts, labels, line=z, strict=strict, rule="eurostat", se=se,
                     replicates=replicates, seed=seed, level=level, call=call,
                     notes=[_SAMPLING[len(parts) > 1]])


def poverty_elasticities(data=None, income=None, line=None, alpha=(0, 1, 2), *, weights=None, design=None,
                         strict: bool = True, na: str = "raise", se: str | None = "linearized", level: float = 0.95,
                         replicates: int = 500, seed: int | None = None) -> PovertyElasticities:
    """Kakwani's (1993) growth and Gini elasticities of FGT poverty, with standard errors.

    * ``growth_elasticity``: the change in ``log P_alpha`` when every income grows by one
      per cent (the Lorenz curve fixed): ``eta_0 = -z f(z) / H`` and
      ``eta_alpha = -alpha (P_{alpha-1} - P_alpha) / P_alpha`` for ``alpha >= 1``;
    * ``gini_elasticity``: the change in ``log P_alpha`` when the Gini rises by one per cent
      through the Lorenz shift ``L(p) - lambda (p - L(p))`` (the mean fixed):
      ``eps_0 = (mu - z) f(z) / H`` and ``eps_alpha = eta_alpha + alpha mu P_{alpha-1} / (z P_alpha)``.

    ``f(z)`` is the Gaussian kernel density of incomes at the line (bandwidth
    ``sd / n^0.2``, as the linearized quantiles).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The sample, one row per observation. When None, ``income`` is an array.
    income : str or array-like
        Column of ``data`` (or an array) with income or consumption per person.
    line : float
        Poverty line, in the units of ``income``.
    alpha : float or sequence of float, default (0, 1, 2)
        FGT orders: 0 or ``>= 1``.
    weights : str or array-like, optional
        Sampling weights, a column of ``data`` or an array.
    design : SurveyDesign, optional
        The sample design (strata, PSUs, weights ...).
    strict : bool, default True
        The poor are ``y < z`` (True) or ``y <= z``.
    na : {"raise", "drop"}, default "raise"
        Missing values: raise, or drop those rows (reported as ``n_dropped``).
    se : {"linearized", "bootstrap", "replicate", None}, default "linearized"
        Standard errors: delta method on the joint linearized covariance of the FGT
        indices, the mean and the kernel density at the line (for a fixed bandwidth),
        the rescaled bootstrap (needs ``seed``), the design's replicate weights, or None.
    level : float, default 0.95
        Confidence level of the intervals, in (0, 1).
    replicates : int, default 500
        Number of bootstrap replicates.
    seed : int, optional
        Seed of the bootstrap; required with ``se="bootstrap"``.

    Returns
    -------
    PovertyElasticities
        Rows ``growth_elasticity`` and ``gini_elasticity`` per ``alpha``, with their joint
        covariance.

    Raises
    ------
    InputError
        Invalid options, or ``P_alpha = 0`` (no poor).

    References
    ----------
    Kakwani, N. (1993). Poverty and economic growth with application to Cote d'Ivoire.
    *Review of Income and Wealth* 39(2), 121-139.
    """
    z = _input.positive_scalar(line, "line")
    if not isinstance(strict, (bool, np.bool_)):
        raise InputError(f"strict must be True or False, got {strict!r}")
    alphas = _alphas(alpha, one_or_more=True)
    parts, labels = _samples(data, income, None, None, None, weights, None, design, None, None, na, n_periods=1)
    plan = [("mean", 0), ("density", 0)]
    for a in alphas:
        for b in ([0.0] if a == 0 else [a - 1.0, a]):
            if ("fgt", 0, b) not in plan:
                plan.append(("fgt", 0, b))
    ix = {st: k for k, st in enumerate(plan)}

    def F(th):
        mu, f = th[0], th[1]
        out = []
        for a in alphas:
            with np.errstate(divide="ignore", invalid="ignore"):
                if a == 0:
                    H = th[ix[("fgt", 0, 0.0)]]
                    out += [-z * f / H, (mu - z) * f / H]
                else:
                    Pa, Pb = th[ix[("fgt", 0, a)]], th[ix[("fgt", 0, a - 1.0)]]
                    eta = -a * (Pb - Pa) / Pa
                    out += [eta, eta + a * mu * Pb / (z * Pa)]
        return np.asarray(out, dtype=np.float64)

    theta = _evaluate(plan, parts, [parts[0].s.design.weights], False, z, strict, "eurostat")[0]
    for a in alphas:
        if not theta[ix[("fgt", 0, float(a))]] > 0:
            raise InputError(f"FGT({a:g}) is 0: no one is poor at line {z:g}; elasticities are undefined")
    rows = []
    for a in alphas:
        rows += [{"measure": "growth_elasticity", "alpha": a}, {"measure": "gini_elasticity", "alpha": a}]
    call = {"function": "poverty_elasticities", "line": z}
    return _estimate(PovertyElasticities, rows, F, plan, parts, labels, line=z, strict=strict, rule="eurostat",
                     se=se, replicates=replicates, seed=seed, level=level, call=call)
