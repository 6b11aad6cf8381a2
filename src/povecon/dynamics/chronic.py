"""Chronic poverty measures over the waves of a :class:`~povecon.dynamics.panel.PovertyPanel`.

* Foster (2009) duration-adjusted FGT measures (the "counting" approach to chronic
  poverty): a household is chronically poor when poor in at least a share ``tau`` (or a
  number) of its periods; the measures are means of the gaps of the chronically poor's
  poor periods, censored to zero everywhere else.
* The spells approach (Bane and Ellwood 1986 style summaries): shares of households never,
  ever and always poor and by their number of poor spells.
* Alkire, Apablaza, Chakravarty and Yalonetzky (2017) chronic multidimensional poverty:
  the same duration cutoff applied to Alkire-Foster poverty in each wave.

Every estimate is a ratio of weighted totals of household-level quantities (households are
the units, each weighted by its mean sampling weight over its periods, as
``PovertyPanel.chronic_transient``), so its linearized variable is known at the household
and the standard errors follow the panel's design (households as PSUs), with joint
covariances across the rows of one result and across results of the same panel.

References
----------
Foster, J. E. (2009). A class of chronic poverty measures. In T. Addison, D. Hulme and
R. Kanbur (eds), *Poverty Dynamics: Interdisciplinary Perspectives*, 59-76. Oxford UP.

Alkire, S., Apablaza, M., Chakravarty, S. and Yalonetzky, G. (2017). Measuring chronic
multidimensional poverty. *Journal of Policy Modeling* 39(6), 983-1006.

Bane, M. J. and Ellwood, D. T. (1986). Slipping into and out of poverty: the dynamics of
spells. *Journal of Human Resources* 21(1), 1-23.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import _input
from ..errors import InputError
from .panel import PanelResult, PovertyPanel

# a share computed as d / T may miss an exact cutoff such as 2/3 by rounding
_TOL = 1e-12


def _alphas(alpha: Any) -> list[float]:
    values = alpha if isinstance(alpha, (list, tuple, np.ndarray, pd.Series)) else [alpha]
    out = [_input.positive_scalar(a, "alpha", allow_zero=True) for a in values]
    if not out:
        raise InputError("give at least one alpha")
    return list(dict.fromkeys(out))


def _cutoff(tau: Any, periods: Any, T: int) -> tuple[str, float]:
    """The duration cutoff: ``("share", tau)`` or ``("periods", count)``."""
    if (tau is None) == (periods is None):
        raise InputError("give exactly one duration cutoff: tau= (a share of periods in (0, 1]) or periods= "
                         "(a number of periods)")
    if tau is not None:
        return "share", _input.fraction(tau, "tau")
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or not 1 <= periods <= T:
        raise InputError(f"periods must be an integer from 1 to the number of periods ({T}), got {periods!r}")
    return "periods", int(periods)


class _Households:
    """Household-level view of a panel: counts of observed periods, weights, and the
    linearized variable of a ratio of weighted household totals."""

    def __init__(self, panel: PovertyPanel):
        self.panel = panel
        L = panel._lay
        self.H = panel._n_codes  # household records (codes); counts weight them by their frequency
        self.freq = panel._hh_freq
        self.n = panel.n_households
        self.cnt = np.bincount(L.hh, minlength=self.H).astype(float)
        # household weight: its mean sampling weight over its periods (as chronic_transient)
        self.w = np.bincount(L.hh, weights=L.w, minlength=self.H) / self.cnt

    def count(self, indicator: np.ndarray) -> int:
        """Households with ``indicator``, each record counted ``frequency`` times."""
        return int(self.freq[np.asarray(indicator, dtype=bool)].sum())

    def total(self, x: np.ndarray) -> np.ndarray:
        return np.bincount(self.panel._lay.hh, weights=x, minlength=self.H)

    def ratio(self, a: np.ndarray, b: np.ndarray):
        """``R = sum_i w_i a_i / sum_i w_i b_i`` and its linearized variable
        ``(a_i - R b_i) / sum_i w_i b_i``, spread over the household's rows in equal parts so
        that its rows' weighted total is the household's weight times it."""
        A, B = float(np.sum(self.w * a)), float(np.sum(self.w * b))
        hh = self.panel._lay.hh
        if B > 0:
            R = A / B
            vals = ((a - R * b) / (B * self.cnt))[hh]
        else:
            R, vals = np.nan, np.full(hh.size, np.nan)
        return R, self.panel._row_scores(np.arange(hh.size), vals)


def chronic_fgt(panel: PovertyPanel, tau: float | None = None, *, periods: int | None = None,
                alpha: Any = (0, 1, 2)) -> PanelResult:
    """Foster (2009) duration-adjusted FGT measures of chronic poverty, with standard errors.

    See :meth:`PovertyPanel.chronic_fgt`.
    """
    kind, cut = _cutoff(tau, periods, panel.periods.size)
    alphas = _alphas(alpha)
    L = panel._lay
    if any(a > 0 for a in alphas) and "welfare_ratio" not in panel.data.columns:
        raise InputError("alpha > 0 needs income= and line= (normalized gaps); a panel built from a 0/1 status "
                         "has only alpha=0")
    hs = _Households(panel)
    poor = L.poor.astype(float)
    d = hs.total(poor)                      # poor periods of each household
    share = d / hs.cnt                      # Foster's d_i / T (observed periods when unbalanced)
    chronic = (share >= cut - _TOL) if kind == "share" else (d >= cut)
    chronic &= d > 0
    c = chronic.astype(float)
    ones = np.ones(hs.H)
    # Foster (2009): H = q / n (identification), D = average share of periods in poverty among
    # the chronically poor, K_alpha = mu(g^alpha(tau)) = H D G_alpha, with g the normalized
    # gap (z - y) / z of a poor period and G_alpha the mean of g^alpha over the chronically
    # poor's poor periods (each household's periods count 1 / T_i, so that K = H D G holds
    # exactly in unbalanced panels too; in a balanced panel it is the plain mean)
    H, u_H = hs.ratio(c, ones)
    D, u_D = hs.ratio(c * share, c)
    rows = [{"measure": "chronic_headcount", "alpha": np.nan, "value": H, "n": hs.n},
            {"measure": "average_duration", "alpha": np.nan, "value": D, "n": hs.count(chronic)}]
    fns = [u_H, u_D]
    gaps = None
    if any(a > 0 for a in alphas):
        gaps = np.maximum(1.0 - panel.data["welfare_ratio"].to_numpy(), 0.0)
    for a in alphas:
        g = poor if a == 0 else np.where(L.poor, gaps, 0.0) ** a
        m = hs.total(g) / hs.cnt            # (1 / T_i) sum_t g_it^alpha
        K, u_K = hs.ratio(c * m, ones)
        rows.append({"measure": "duration_adjusted_fgt", "alpha": a, "value": K, "n": hs.n})
        fns.append(u_K)
        if a > 0:
            G, u_G = hs.ratio(c * m, c * share)
            rows.append({"measure": "average_gap", "alpha": a, "value": G, "n": hs.count(chronic)})
            fns.append(u_G)
    for r in rows:
        r["tau"] = cut if kind == "share" else np.nan
        r["periods"] = cut if kind == "periods" else np.nan
    result = panel._estimates(rows, fns, pd.DataFrame(), "PovertyPanel.chronic_fgt")
    f = result.frame
    result._table = f[["measure", "alpha", "value", "se", "n"]].copy()
    result.notes.append("chronically poor: poor in at least " + (f"a share {cut:g}" if kind == "share" else f"{cut}")
                        + " of the household's observed periods (Foster 2009); duration_adjusted_fgt at alpha=0 "
                        "is H x D")
    return result


def spell_shares(panel: PovertyPanel) -> PanelResult:
    """Spells-approach shares of households with standard errors.

    See :meth:`PovertyPanel.spell_shares`.
    """
    L = panel._lay
    hs = _Households(panel)
    d = hs.total(L.poor.astype(float))
    first, _ = panel._spell_bounds()
    # a poor spell is a maximal run of poor waves within a segment of consecutive waves
    spells = np.bincount(L.hh[first], weights=L.poor[first].astype(float), minlength=hs.H).astype(int)
    ones = np.ones(hs.H)
    rows, fns = [], []

    def add(measure, indicator, **cols):
        v, fn = hs.ratio(indicator.astype(float), ones)
        rows.append({"measure": measure, **cols, "value": v, "n": hs.count(indicator)})
        fns.append(fn)

    add("never_poor", d == 0)
    add("ever_poor", d > 0)
    add("always_poor", d == hs.cnt)
    add("transient_poor", (d > 0) & (d < hs.cnt))
    for k in range(int(spells.max()) + 1):
        add("poor_spells", spells == k, count=k)
    for k in range(panel.periods.size + 1):
        if k <= hs.cnt.max():
            add("poor_periods", d == k, count=k)
    v, fn = hs.ratio(spells.astype(float), ones)
    rows.append({"measure": "mean_poor_spells", "value": v, "n": hs.n})
    fns.append(fn)
    v, fn = hs.ratio(spells.astype(float), (d > 0).astype(float))
    rows.append({"measure": "mean_poor_spells_ever_poor", "value": v, "n": hs.count(d > 0)})
    fns.append(fn)
    result = panel._estimates(rows, fns, pd.DataFrame(), "PovertyPanel.spell_shares")
    result._table = result.frame[["measure", "count", "value", "se", "n"]].copy()
    return result


def chronic_mpi(panel: PovertyPanel, spec: Any, k: Any = None, tau: float | None = None, *,
                periods: int | None = None) -> PanelResult:
    """Chronic multidimensional poverty (Alkire, Apablaza, Chakravarty and Yalonetzky 2017).

    Triple cutoffs: an indicator's deprivation cutoff, the poverty cutoff ``k`` on the
    weighted deprivation score ``c_it`` of each wave (Alkire-Foster: poor in wave t when
    ``c_it >= k``), and the duration cutoff: a household is *chronically* multidimensionally
    poor when poor in at least a share ``tau`` of its observed waves (or in at least
    ``periods`` of them). Its censored deprivations are those of its poor waves; every
    other entry is set to zero. Alkire et al. (2017; also Alkire et al. 2015, *Multidimensional
    Poverty Measurement and Analysis*, section 9.4) define

    * ``chronic_headcount`` H: the weighted share of chronically poor households;
    * ``average_duration`` D: the mean share of waves in poverty among them;
    * ``average_intensity`` A: the mean deprivation score ``c_it`` over the chronically
      poor's poor waves;
    * ``chronic_m0`` M^C = H x D x A: the mean over households and waves of the censored
      weighted deprivations (the adjusted headcount ratio of chronic poverty).

    Each household's waves count ``1 / T_i`` (``T_i`` its observed waves), so the product
    holds exactly in an unbalanced panel; in a balanced panel A is the plain mean over
    poor waves. Households are weighted by their mean sampling weight over their waves,
    and the SEs are linearized with households as PSUs (as :meth:`PovertyPanel.chronic_fgt`),
    so ``pe.contrast`` between rows, k values or cutoffs has joint SEs. The per-indicator
    duration indices of the paper are not computed here.

    Parameters
    ----------
    panel : PovertyPanel
        The panel; its data must hold the spec's indicator columns in every wave (its own
        income or status is not used).
    spec : MPISpec or mapping
        Dimensions, indicators, their deprivation rules and ``indicator_weights``.
    k : float or sequence of float, optional
        Poverty cutoff(s) on the deprivation score (default: the spec's ``k``).
    tau : float, optional
        Duration cutoff as a share of waves, in (0, 1].
    periods : int, optional
        Duration cutoff as a number of waves (instead of ``tau``).

    Returns
    -------
    PanelResult
        Rows ``measure`` as above with columns ``k``, ``tau``, ``periods``; ``n`` is the
        households in the denominator.

    Raises
    ------
    InputError
        Missing indicator columns or values, neither or both duration cutoffs, or a
        cutoff out of range.
    SpecError
        No k given and none in the spec, or k out of range.
    """
    from ..errors import SpecError
    from ..mpi.estimate import _as_spec, _column_view, _deprivation
    from ..mpi.spec import K_TOL, normalize_k

    spec = _as_spec(spec)
    if k is None and spec.k is None:
        raise SpecError("give the poverty cutoff(s) k, e.g. k=1/3 (or set k in the spec)")
    ks = normalize_k(spec.k if k is None else k)
    kind, cut = _cutoff(tau, periods, panel.periods.size)
    panel._refuse("chronic_mpi", frequency_too=False)
    data = panel.data
    _input.check_columns(data, spec.variables, what="indicator column")
    score = np.zeros(len(data))
    for ind, wj in zip(spec.indicators, spec.indicator_weights):
        x = _column_view(data, ind.variable).astype(float)
        if np.isnan(x).any():
            raise InputError(f"indicator column {ind.variable!r} has {int(np.isnan(x).sum())} missing value(s); "
                             "chronic poverty needs every wave of every household")
        dep, _ = _deprivation(ind, x)
        score += wj * dep
    hs = _Households(panel)
    ones = np.ones(hs.H)
    rows, fns = [], []
    for kk in ks:
        poor_w = score >= kk - K_TOL
        d = hs.total(poor_w.astype(float))
        share = d / hs.cnt
        chronic = ((share >= cut - _TOL) if kind == "share" else (d >= cut)) & (d > 0)
        c = chronic.astype(float)
        m = hs.total(np.where(poor_w, score, 0.0)) / hs.cnt   # (1 / T_i) sum over poor waves of c_it
        for measure, a, b, n in (("chronic_headcount", c, ones, hs.n),
                                 ("average_duration", c * share, c, hs.count(chronic)),
                                 ("average_intensity", c * m, c * share, hs.count(chronic)),
                                 ("chronic_m0", c * m, ones, hs.n)):
            v, fn = hs.ratio(a, b)
            rows.append({"measure": measure, "k": kk, "tau": cut if kind == "share" else np.nan,
                         "periods": cut if kind == "periods" else np.nan, "value": v, "n": n})
            fns.append(fn)
    result = panel._estimates(rows, fns, pd.DataFrame(), "chronic_mpi")
    result._table = result.frame[["measure", "k", "value", "se", "n"]].copy()
    result.notes.append("chronically poor: MPI-poor (c >= k) in at least "
                        + (f"a share {cut:g}" if kind == "share" else f"{cut}")
                        + " of the household's observed waves (Alkire, Apablaza, Chakravarty and Yalonetzky 2017)")
    return result


__all__ = ["chronic_fgt", "chronic_mpi", "spell_shares"]
