"""``PovertyPanel``: poverty status over time and its transition statistics.

Conventions (see docs/methods/dynamics.md):

* Periods are the sorted distinct values of ``time`` ("waves"). With
  ``spacing="even"`` (default) the waves must be equally spaced; with
  ``spacing="waves"`` consecutive waves are treated as adjacent whatever the gap.
* A household observed at waves w and w+2 but not w+1 has a *gap*. With
  ``gaps="raise"`` (default) that is an error; with ``gaps="split"`` the
  household's record is split into segments of consecutive waves: no transition
  is counted across a gap and spells are censored at it.
* Status ``poor`` is ``real income < line`` (strict), real income being
  ``income / deflator``. The line may be a scalar, a mapping or Series by time, or a
  DataFrame with columns ``time`` (and ``region``) and ``line``.
* A spell is a maximal run of equal status within a segment. It is
  left-censored if it starts at the beginning of a segment (status before is
  unknown) and right-censored if it ends at the end of a segment.
* Re-entry: poor again after an observed exit. "Years since exit" is counted in
  waves from the first non-poor wave after the exit (d = 1 is the next wave).

All statistics are weighted by ``weights`` (sampling weights; the weight of the origin
period for transitions and of the first wave of a spell for spells). Their standard errors
are linearized under the panel's design: households are the primary sampling units (one
stratum, with-replacement approximation), and every period, transition or spell is a
domain of that one design, so estimates from different periods (the same households seen
again) have a known covariance and ``pe.contrast`` gives joint standard errors.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd
from scipy import stats

from .. import _input
from ..errors import EstimationError, InputError
from ..result import DenseCovariance, LinearizedCovariance, NoCovariance, Result, design_key
from ..survey import SurveyDesign

STATES = ("nonpoor", "poor")


def _line_per_row(data: pd.DataFrame, line: Any, time: str, region: str | None, n: int) -> np.ndarray:
    """Poverty line for every row from a scalar, a by-time mapping or a schedule frame."""
    if line is None:
        raise InputError("income= needs line= (a number, a mapping time -> line, or a DataFrame schedule)")
    if np.isscalar(line):
        v = _input.positive_scalar(line, "line")
        return np.full(n, v)
    if isinstance(line, pd.DataFrame):
        keys = [time] + ([region] if region is not None else [])
        _input.check_columns(line, keys + ["line"], what="line schedule column")
        _input.unique_keys(line, keys)
        merged = data[keys].merge(line[keys + ["line"]], on=keys, how="left", validate="many_to_one")
        arr = merged["line"].to_numpy(dtype=float)
        if np.isnan(arr).any():
            miss = merged.loc[np.isnan(arr), keys].drop_duplicates().head(5).to_dict("records")
            raise InputError(f"the line schedule has no line for {int(np.isnan(arr).sum())} row(s), e.g. {miss}")
    else:
        if isinstance(line, Mapping):
            line = pd.Series(line)
        if not isinstance(line, pd.Series):
            raise InputError(f"line must be a number, a mapping, a Series or a DataFrame, got {type(line).__name__}")
        arr = data[time].map(line).to_numpy(dtype=float)
        if np.isnan(arr).any():
            miss = sorted(set(data.loc[np.isnan(arr), time].tolist()))[:5]
            raise InputError(f"line has no value for time(s) {miss}")
    if (arr <= 0).any() or not np.isfinite(arr).all():
        raise InputError("poverty lines must be finite and > 0")
    return arr


def _frequency(data: pd.DataFrame, col: str | None, hh: np.ndarray, n: int) -> np.ndarray:
    """Validated frequency weights (Stata fweight): whole numbers >= 1, constant within household."""
    if col is None:
        return np.ones(n, dtype=np.int64)
    raw = data[col]
    try:
        f = raw.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        raise InputError(f"frequency column {col!r} must be numeric (a count of identical households)") from None
    if np.isnan(f).any():
        raise InputError(f"frequency column {col!r} has {int(np.isnan(f).sum())} missing value(s)")
    bad = ~np.isfinite(f) | (f < 1) | (f != np.round(f))
    if bad.any():
        raise InputError(f"frequency column {col!r} must hold whole numbers >= 1 (the number of identical "
                         f"households a record stands for); {int(bad.sum())} value(s) are not, e.g. "
                         f"{f[bad][:3].tolist()}")
    f = f.astype(np.int64)
    lo = np.full(int(hh.max()) + 1 if n else 0, np.iinfo(np.int64).max)
    hi = np.zeros_like(lo)
    np.minimum.at(lo, hh, f)
    np.maximum.at(hi, hh, f)
    varying = int((lo != hi).sum())
    if varying:
        raise InputError(f"frequency column {col!r} changes over time within {varying} household(s); a "
                         "frequency counts whole households, so it must be the same in every period of a household")
    return f


class _FrequencyPSUs:
    """One stratum of households drawn with replacement, household g standing for ``c_g``
    identical households (frequency weights).

    For PSU totals ``T_g`` computed with weight ``w_g c_g`` (so ``T_g = c_g t_g``, ``t_g`` the
    total of one copy) the with-replacement variance of the expanded sample of
    ``n = sum_g c_g`` households is ``n/(n-1) sum_g c_g (t_g - S/n)(t_g - S/n)'``, ``S = sum_g
    T_g``: that is ``n/(n-1) (sum_g T_g T_g' / c_g - S S' / n)``, taken in the centred form.
    """

    n_strata = 1

    def __init__(self, c: np.ndarray):
        self.c = np.asarray(c, dtype=np.float64)
        self.n_psu = int(np.asarray(c, dtype=np.int64).sum())

    @property
    def df(self) -> int:
        return self.n_psu - 1

    def _dev(self, T):
        T = np.asarray(T, dtype=np.float64)
        T = T[:, None] if T.ndim == 1 else T
        dev = T / self.c[:, None] - T.sum(axis=0) / self.n_psu
        return dev, self.n_psu / (self.n_psu - 1)

    def linearized_cov(self, T: np.ndarray) -> np.ndarray:
        one = np.asarray(T).ndim == 1
        dev, f = self._dev(T)
        cov = f * (dev * self.c[:, None]).T @ dev
        return cov[0, 0] if one else cov

    def linearized_var(self, T: np.ndarray) -> np.ndarray:
        one = np.asarray(T).ndim == 1
        dev, f = self._dev(T)
        var = f * np.einsum("ij,ij,i->j", dev, dev, self.c)
        return var[0] if one else var


def _km_linearized_se(dur: np.ndarray, event: np.ndarray, w: np.ndarray, cluster: np.ndarray,
                      times: np.ndarray) -> np.ndarray:
    """Design-based (linearized) SE of the weighted Kaplan-Meier curve at ``times`` (see
    :func:`_km_linearized`)."""
    return _km_linearized(dur, event, w, cluster, times)[0]


def _km_linearized(dur: np.ndarray, event: np.ndarray, w: np.ndarray, cluster: np.ndarray,
                   times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Design-based (linearized) SE of the weighted Kaplan-Meier curve at ``times``.

    The influence of spell i on log S(t) is
    ``z_i(t) = -sum_{t_k <= t} (d_ik - h_k r_ik) / (n_k (1 - h_k))`` with ``n_k``, ``h_k``
    the weighted risk set and hazard at t_k and ``d_ik``, ``r_ik`` the spell's event and
    at-risk indicators; ``Var S(t) = S(t)^2 m/(m-1) sum_c (sum_{i in c} w_i z_i(t))^2``
    over the m clusters (households), as the module's other SEs. With equal weights and
    one spell per cluster, ``sum_i z_i^2`` is Greenwood's sum (the cross terms vanish),
    so this is Greenwood's SE times sqrt(m/(m-1)). The SE does not depend on the scale
    of the weights. It is NaN from the first time the curve reaches zero.
    """
    r = dur[:, None] >= times[None, :]
    d = (dur[:, None] == times[None, :]) & event[:, None]
    n_k = w @ r
    d_k = w @ d
    h = np.divide(d_k, n_k, out=np.zeros_like(n_k), where=n_k > 0)
    surv = np.cumprod(1 - h)
    ok = (h < 1) & (n_k > 0)
    den = np.where(ok, n_k * (1 - h), 1.0)
    a = np.where(ok[None, :], (d - h[None, :] * r) / den[None, :], 0.0)
    z = -np.cumsum(a, axis=1) * w[:, None]
    codes, _ = pd.factorize(cluster)
    m = int(codes.max()) + 1
    Z = np.zeros((m, times.size))
    np.add.at(Z, codes, z)
    f = m / (m - 1) if m > 1 else np.nan
    var = f * np.sum(Z**2, axis=0)
    se = surv * np.sqrt(var)
    dead = np.cumsum(~ok) > 0
    se[dead] = np.nan
    # the same PSU-level influence values give the covariance across times
    cov = np.outer(surv, surv) * f * (Z.T @ Z)
    cov[dead, :] = np.nan
    cov[:, dead] = np.nan
    return se, cov


def _greenwood_cov(surv: np.ndarray, se: np.ndarray) -> np.ndarray:
    """Greenwood covariance of the Kaplan-Meier curve: ``S(s) S(t) G(min(s, t))`` with ``G`` the
    cumulative Greenwood sum ``(se / S)^2`` (the curve's increments are uncorrelated)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        g = np.where(surv > 0, (se / surv) ** 2, np.nan)
    k = np.arange(surv.size)
    cov = np.outer(surv, surv) * g[np.minimum.outer(k, k)]
    cov[np.diag_indices(surv.size)] = se**2
    return cov


class SurvivalResult(Result):
    """Kaplan-Meier survival out of poverty after an exit, by duration.

    A :class:`povecon.result.Result` with one row per event time: ``measure="survival"``,
    ``duration`` (waves since the first non-poor wave), ``value`` the survival probability,
    ``se`` its standard error, ``n`` the spells at risk; the covariance across durations
    is known (Greenwood's, or the design-based one with unequal weights), so
    ``pe.contrast(s, duration=(1, 3))`` has a correct SE. The statsmodels
    ``SurvfuncRight`` is :attr:`engine`; reading its attributes on the result
    (``s.surv_prob``, ``s.surv_prob_se``, ``s.surv_times`` ...) still works for one release,
    with a ``DeprecationWarning``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The estimates.
    engine : statsmodels.duration.survfunc.SurvfuncRight
        The fitted Kaplan-Meier object.
    covariance, df, n, call, se_method, notes
        As in :class:`povecon.result.Result`.
    """

    _title = "Survival out of poverty after exit (Kaplan-Meier)"

    def __init__(self, frame, engine, *, covariance=None, df=None, n=None, call=None, se_method=None, notes=()):
        super().__init__(frame, covariance=covariance, df=df, n=n, call=call, se_method=se_method, notes=notes)
        self.engine = engine

    def __getattr__(self, name):
        engine = self.__dict__.get("engine")
        if name.startswith("_") or engine is None or not hasattr(engine, name):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        warnings.warn(f"PovertyPanel.survival() now returns a result: read .engine.{name} (the statsmodels "
                      f"SurvfuncRight) or .to_frame(); .{name} on the result will be removed in the next release",
                      DeprecationWarning, stacklevel=2)
        return getattr(engine, name)


class PanelResult(Result):
    """Estimates from a :class:`PovertyPanel`: headcounts, transitions, rates, the re-entry
    life table, chronic and transient poverty, panel vulnerability.

    A :class:`povecon.result.Result`: one row per estimate with ``measure``, ``group``,
    ``time`` (the period; the origin period for transitions and rates), the family's
    columns (``from_state``, ``to_state``, ``duration``, ``alpha``, ``threshold`` ...) and
    ``value, se, ci_lower, ci_upper, n``. Standard errors are linearized with households as
    the primary sampling units; the covariance of any rows, within one result or across two
    results of the same panel, comes from the households' linearized scores, so
    ``pe.contrast(panel.headcount(), time=(2020, 2016))`` keeps the covariance between
    periods. Intervals use t on households minus one.

    :meth:`table` is the wide frame these methods returned before the common result type.
    Reading that frame's columns or methods on the result (``r["headcount"]``,
    ``r.set_index(...)``) still works for one release, with a ``DeprecationWarning``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The estimates.
    table : pandas.DataFrame
        The wide view returned by :meth:`table`.
    covariance, df, n, level, call, se_method, notes
        As in :class:`povecon.result.Result`.
    """

    _title = "Poverty panel estimates"

    def __init__(self, frame: pd.DataFrame, table: pd.DataFrame, *, covariance=None, df=None, n=None,
                 level: float = 0.95, call=None, se_method=None, notes=()):
        super().__init__(frame, covariance=covariance, df=df, n=n, level=level, call=call, se_method=se_method,
                         notes=notes)
        self._table = table

    def table(self) -> pd.DataFrame:
        """The wide frame of the call (as returned before the common result type).

        Returns
        -------
        pandas.DataFrame
            A copy.
        """
        return self._table.copy()

    def __getitem__(self, key):
        if isinstance(key, str) and key not in self._frame.columns and key in self._table.columns:
            warnings.warn(f"{self.call.get('function', 'this method')} now returns a result: read "
                          f".table()[{key!r}] (the old frame) or .to_frame(); indexing the result by the old "
                          "columns will be removed in the next release", DeprecationWarning, stacklevel=2)
            return self._table[key]
        return super().__getitem__(key)

    def __getattr__(self, name):
        table = self.__dict__.get("_table")
        if name.startswith("_") or table is None or not hasattr(pd.DataFrame, name):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        warnings.warn(f"{self.call.get('function', 'this method')} now returns a result, not a DataFrame: "
                      f"call .table().{name} (the old frame) or use .to_frame(); .{name} on the result will be "
                      "removed in the next release", DeprecationWarning, stacklevel=2)
        return getattr(table.copy(), name)


class _Scores:
    """PSU totals of the linearized variables of a result's rows, recomputed on demand.

    Each row's variable is a function returning one value per panel row (zero outside the
    row's domain); a panel of millions of rows keeps no (rows x estimates) matrix.
    """

    def __init__(self, design, fns):
        self.design, self.fns = design, fns

    def __call__(self, idx) -> np.ndarray:
        idx = np.asarray(idx, dtype=np.intp)
        if idx.size == 0:
            return np.zeros((self.design.n_psu, 0))
        return np.column_stack([self.design.psu_totals(self.fns[j]())[:, 0] for j in idx])


@dataclass(frozen=True)
class _Layout:
    """Sorted arrays describing the panel; every statistic is a vector op on them."""

    hh: np.ndarray        # household code 0..H-1
    wave: np.ndarray      # wave index 0..T-1
    poor: np.ndarray      # bool
    w: np.ndarray         # weights
    adj: np.ndarray       # adj[i]: row i+1 is the next wave of the same household (len n-1)
    seg_start: np.ndarray  # row starts a segment of consecutive waves
    seg_end: np.ndarray    # row ends a segment
    c: np.ndarray         # frequency: identical households the row's household stands for (1 without)


class PovertyPanel:
    """Household poverty status over time.

    Status is ``income / deflator < line`` (strict), or a given 0/1 column.
    Statistics are weighted; standard errors are linearized with households as
    clusters.

    Parameters
    ----------
    data : pandas.DataFrame or dask.dataframe.DataFrame
        Long form, one row per household and period (never modified). A dask
        DataFrame (a register larger than memory) is shuffled on ``id`` and
        collapsed to one record per distinct household history (its periods,
        status or income, deflator, region and weights) with ``frequency`` the
        number of households sharing it; every statistic computed through the
        households' linearized scores (headcount, transitions, rates, reentry,
        spell shares, chronic measures, panel vulnerability) then equals the
        in-memory one. Methods that need the households themselves (spells,
        survival, person-period data, the models) raise ``InputError``.
    id : str
        Column of the household identifier.
    time : str
        Column of the period (numeric).
    income : str, optional
        Column of income or consumption per person (nominal unless
        ``deflator`` is given), in the units of ``line``.
    status : str, optional
        Alternatively, a column of 0/1 poverty status (e.g. MPI poor).
    line : float, mapping, pandas.Series or pandas.DataFrame, optional
        Poverty line: a scalar, a mapping time -> line, a Series indexed by
        time, or a schedule with columns ``time`` (and ``region``) and ``line``,
        in the prices of the deflated income. Needed with ``income``.
    region : str, optional
        Column matched against the schedule's ``region`` column.
    deflator : str, optional
        Column of price deflators (income is divided by it).
    weights : str, optional
        Column of sampling weights.
    gaps : {"raise", "split"}, default "raise"
        A household missing a wave between two observed waves raises, or its
        record is split into segments: no transition is counted across a gap and
        spells are censored at it.
    spacing : {"even", "waves"}, default "even"
        Waves must be equally spaced, or consecutive waves count as adjacent
        whatever the gap.
    frequency : str, optional
        Column of frequency weights (Stata's fweight): each household record
        stands for this many identical households. Whole numbers >= 1, the same
        in every period of a household. Point estimates weight each row by its
        sampling weight times its frequency; every ``n`` counts households
        (pairs, spells) with their frequencies; standard errors treat the
        ``sum(frequency)`` households as the PSUs, so a panel with ``c``
        identical copies of a household gives the same estimates, SEs and ``n``
        as one record with ``frequency=c``. :meth:`survival`,
        :meth:`person_period` and the panel models refuse frequency weights.

    Raises
    ------
    InputError
        Both or neither of ``income`` and ``status``, fewer than two periods,
        gaps with ``gaps="raise"``, uneven spacing with ``spacing="even"``, a
        line missing for some period, or a frequency that is not a whole number
        >= 1 or changes within a household.

    Examples
    --------
    Simulated incomes of two households over three years:

    >>> import pandas as pd
    >>> import povecon as pe
    >>> df = pd.DataFrame({"hh": [1, 1, 1, 2, 2, 2], "year": [2018, 2019, 2020] * 2,
    ...                    "income": [2000, 2600, 2100, 3000, 3200, 3500]})
    >>> panel = pe.PovertyPanel(df, id="hh", time="year", income="income", line=2300)
    >>> panel.headcount().to_frame()["value"].tolist()
    [0.5, 0.0, 0.5]
    """

    def __init__(
        self,
        data: pd.DataFrame,
        id: str,
        time: str,
        income: str | None = None,
        status: str | None = None,
        line: Any = None,
        *,
        region: str | None = None,
        deflator: str | None = None,
        weights: str | None = None,
        gaps: str = "raise",
        spacing: str = "even",
        frequency: str | None = None,
    ) -> None:
        from ..registry._frames import is_dask

        self._from_dask = False
        if is_dask(data):
            from ..registry._panel import collapse_histories

            data, id, frequency = collapse_histories(
                data, id=id, time=time, income=income, status=status, line=line, region=region,
                deflator=deflator, weights=weights, gaps=gaps, frequency=frequency)
            self._from_dask = True
        if (income is None) == (status is None):
            raise InputError("give exactly one of income= (with line=) or status=")
        if gaps not in ("raise", "split"):
            raise InputError(f"gaps must be 'raise' or 'split', got {gaps!r}")
        if spacing not in ("even", "waves"):
            raise InputError(f"spacing must be 'even' or 'waves', got {spacing!r}")
        _input.check_columns(data, [id, time, income, status, region, deflator, weights, frequency])
        if id in ("poor", "_wave") or time in ("poor", "_wave"):
            raise InputError("id and time columns may not be called 'poor' or '_wave' (reserved)")
        n = len(data)
        t = _input.numeric(data, time, "time")
        hh, hh_labels = _input.groups(data, id, n, name="id")
        periods = np.unique(t)
        if periods.size < 2:
            raise InputError(f"a panel needs at least two periods; {time!r} has only {periods.tolist()}")
        steps = np.diff(periods)
        if spacing == "even" and not np.allclose(steps, steps[0]):
            raise InputError(
                f"periods are unevenly spaced ({periods.tolist()}); pass spacing='waves' to treat "
                "consecutive survey waves as adjacent"
            )
        wave = np.searchsorted(periods, t)
        if np.all(periods == np.round(periods)):
            periods = periods.astype(np.int64)
        w = _input.weights(data, weights, n)
        c = _frequency(data, frequency, hh, n)

        if status is not None:
            s = _input.numeric(data, status, "status")
            if not np.isin(s, (0.0, 1.0)).all():
                raise InputError(f"status {status!r} must be 0/1 (1 = poor)")
            poor = s == 1.0
            ratio = None
        else:
            y = _input.numeric(data, income, "income")
            if deflator is not None:
                y = y / _input.numeric(data, deflator, "deflator", positive=True)
            z = _line_per_row(data, line, time, region, n)
            ratio = y / z
            poor = ratio < 1.0

        key = hh.astype(np.int64) * periods.size + wave
        if n > 1 and (key[1:] > key[:-1]).all():
            order = np.arange(n)  # already sorted by household and period: skip the sort
            frame = data.reset_index(drop=True)
        else:
            order = np.argsort(key, kind="stable")
            if (key[order][1:] == key[order][:-1]).any():
                _input.unique_keys(data, [id, time])  # raises, naming the duplicate keys
            frame = data.iloc[order].reset_index(drop=True)
        frame["poor"] = poor[order].astype(np.int8)
        frame["_wave"] = wave[order]
        if ratio is not None:
            frame["welfare_ratio"] = ratio[order]
        hh, wave, poor, w, c = hh[order], wave[order], poor[order], w[order], c[order]
        same = hh[1:] == hh[:-1]
        adj = same & (wave[1:] - wave[:-1] == 1)
        gap = same & ~adj
        if gap.any() and gaps == "raise":
            ex = frame.loc[np.flatnonzero(gap)[:3], [id, time]].to_dict("records")
            raise InputError(
                f"{int(gap.sum())} gap(s): households missing periods between observed ones (e.g. after {ex}); "
                "pass gaps='split' to censor spells at gaps and skip transitions across them"
            )
        seg_start = np.r_[True, ~adj]
        seg_end = np.r_[~adj, True]
        self.data = frame
        self.id, self.time, self.income, self.status_col = id, time, income, status
        self.weights_col = weights
        self.frequency_col = frequency
        self.periods = periods
        self.households = hh_labels
        self.n_gaps = int(gap.sum())
        counts = np.bincount(hh)
        self.balanced = bool((counts == periods.size).all())
        self._n_codes = len(hh_labels)
        # one household code per row: its frequency, for counts and the variance (households as PSUs)
        self._hh_freq = np.zeros(self._n_codes, dtype=np.int64)
        self._hh_freq[hh] = c
        # point estimates weight every row by its sampling weight times its frequency
        # (Stata fweight x pweight); the sampling weights alone are kept for spells()
        self._w_sampling = w
        self._lay = _Layout(hh, wave, poor, w * c if frequency is not None else w, adj, seg_start, seg_end, c)

    # ------------------------------------------------------------- inference
    def _designs(self):
        """The panel's design at row level (households as PSUs, one stratum, the panel's
        sampling weights) and collapsed to one row per household, with the key that lets two
        results of this panel share a joint covariance."""
        cached = self.__dict__.get("_design_cache")
        if cached is None:
            L = self._lay
            rows = SurveyDesign(weights=L.w, psu=L.hh).resolve(None, L.hh.size)
            wkey = hashlib.sha1(np.ascontiguousarray(L.w, dtype=np.float64).tobytes()).hexdigest()
            # the households' row codes and weights identify the sample: two panels of the same
            # households (e.g. at two lines) share it, two different panels of equal size do not
            key = ("panel linearized", design_key(rows), wkey)
            pseudo = rows.psu_level()
            if self.frequency_col is not None:
                pseudo = _FrequencyPSUs(self._hh_freq)
                key += ("frequency", hashlib.sha1(np.ascontiguousarray(self._hh_freq).tobytes()).hexdigest())
            cached = self._design_cache = (rows, pseudo, key)
        return cached

    def _estimates(self, rows: list[dict], fns: list, table: pd.DataFrame, function: str,
                   cls: type | None = None, **extra) -> "PanelResult":
        """A result from rows of estimates and, per row, a function giving its linearized
        variable at every panel row (zero outside its domain)."""
        rd, pseudo, key = self._designs()
        frame = pd.DataFrame(rows)
        scores = _Scores(rd, fns)
        if pseudo.n_psu < 2:
            # one household: no variance between PSUs to estimate
            frame["se"] = np.nan
            cov, df = NoCovariance(), None
        else:
            var = np.concatenate([pseudo.linearized_var(scores(np.arange(j, min(j + 16, len(fns)))))
                                  for j in range(0, len(fns), 16)]) if fns else np.zeros(0)
            frame["se"] = np.sqrt(np.clip(var, 0, None))
            cov, df = LinearizedCovariance(pseudo, scores, key=key), pseudo.df
        return (cls or PanelResult)(frame, table, covariance=cov, df=df, n=self.n_households,
                                    call={"function": function}, se_method="linearized", **extra)

    def _row_scores(self, at: np.ndarray, values: np.ndarray):
        """A function giving ``values`` at panel rows ``at`` and zero elsewhere."""
        n = self._lay.hh.size

        def fn():
            u = np.zeros(n)
            u[at] = values
            return u
        return fn

    # ------------------------------------------------------------------ basics
    @property
    def n_households(self) -> int:
        """Households in the panel: records, or with ``frequency=`` the sum of their frequencies."""
        return int(self._hh_freq.sum())

    def _refuse(self, what: str, frequency_too: bool = True) -> None:
        """Raise for a method that needs one record per real household."""
        if self._from_dask:
            raise InputError(
                f"{what} does not run on a panel built from a dask DataFrame: that panel holds one record per "
                "distinct household history (with its frequency), not the households themselves; compute the "
                "rows you need into memory (ddf[columns].compute()) and build the panel from them")
        if frequency_too and self.frequency_col is not None:
            raise InputError(
                f"{what} does not take frequency weights (frequency=): it would count each record once; build "
                "the panel with one record per household (expand the records by their frequency)")

    def __repr__(self) -> str:
        held = f" in {self._n_codes} records" if self.frequency_col is not None else ""
        return (f"PovertyPanel({self.n_households} households{held}, {self.periods.size} periods, "
                f"{len(self.data)} rows, balanced={self.balanced}, gaps={self.n_gaps})")

    def headcount(self) -> "PanelResult":
        """Weighted poverty headcount by period, with standard errors.

        The headcount of period t is the ratio of weighted totals
        ``sum_i w_it poor_it / sum_i w_it`` over the households observed at t; its SE is
        linearized with households as PSUs (all households of the panel: each period is a
        domain of the one design), as ``pe.headcount(data, "income", line=...,
        by="year", design=pe.SurveyDesign(weights=..., psu="household"))``. The same
        households are seen in every period, so the covariance between periods is not zero;
        ``pe.contrast(panel.headcount(), time=(t1, t0))`` keeps it.

        Returns
        -------
        PanelResult
            One row per period: ``measure="headcount"``, ``time``, ``value``, ``se``, ``n``
            (households observed); ``.table()`` is the old frame (period, ``headcount``, ``n``).
        """
        L = self._lay
        T = self.periods.size
        num = np.bincount(L.wave, weights=L.w * L.poor, minlength=T)
        den = np.bincount(L.wave, weights=L.w, minlength=T)
        counts = self._count(L.wave, T)
        with np.errstate(invalid="ignore", divide="ignore"):
            h = num / den
        rows, fns = [], []
        for t in range(T):
            at = np.flatnonzero(L.wave == t)
            rows.append({"measure": "headcount", "time": self.periods[t], "value": h[t], "n": int(counts[t])})
            fns.append(self._row_scores(at, (L.poor[at] - h[t]) / den[t]))
        table = pd.DataFrame({self.time: self.periods, "headcount": h, "n": counts})
        return self._estimates(rows, fns, table, "PovertyPanel.headcount")

    def _count(self, codes: np.ndarray, size: int, at: np.ndarray | None = None) -> np.ndarray:
        """Households (or pairs, spells) per code, each record counted ``frequency`` times."""
        c = self._lay.c if at is None else self._lay.c[at]
        return np.bincount(codes, weights=c, minlength=size).round().astype(np.int64)

    # ------------------------------------------------------------- transitions
    def _pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        L = self._lay
        i = np.flatnonzero(L.adj)
        return L.poor[i], L.poor[i + 1], L.w[i], L.hh[i], L.wave[i]

    def _pair_ratio(self, origin_rows: np.ndarray, w: np.ndarray, den_mask: np.ndarray, hit: np.ndarray):
        """Weighted share of ``hit`` among pairs in ``den_mask`` and its linearized variable
        (at each pair's origin row, weighted by the origin weight)."""
        den = w * den_mask
        d = den.sum()
        p = (den * hit).sum() / d if d > 0 else np.nan
        sel = np.flatnonzero(den_mask)
        vals = (hit[sel] - p) / d if d > 0 else np.full(sel.size, np.nan)
        return p, self._row_scores(origin_rows[sel], vals)

    def _wave_groups(self, wave: np.ndarray, by_period: bool) -> list:
        if not by_period:
            return [(None, np.ones(wave.size, bool))]
        return [(self.periods[k], wave == k) for k in np.unique(wave)]

    def transition_matrix(self, by_period: bool = False) -> "PanelResult":
        """Weighted transition probabilities between consecutive periods, with standard errors.

        ``P(to_state at t | from_state at t-1)`` over adjacent pairs, weighted by the weight
        of the origin period; rows of each origin sum to one. SEs are linearized with
        households as PSUs (see :meth:`headcount`).

        Parameters
        ----------
        by_period : bool, default False
            One matrix per origin period instead of pooling all pairs.

        Returns
        -------
        PanelResult
            ``measure="transition"``, ``time`` (the origin period with ``by_period``, else
            None), ``from_state``, ``to_state``, ``value``, ``se``, ``n`` (pairs from the
            origin). ``.table()`` is the old frame (``origin``, ``destination``, ``prob``,
            ``se``, ``n`` and, with ``by_period``, ``period``).
        """
        by_period = _input.bool_option(by_period, "by_period")
        a, b, w, hh, wave = self._pairs()
        if a.size == 0:
            raise EstimationError("no household is observed in two consecutive periods")
        origin = np.flatnonzero(self._lay.adj)
        cp = self._lay.c[origin]
        rows, fns = [], []
        for per, sel in self._wave_groups(wave, by_period):
            for o in (0, 1):
                mask = (a == o) & sel
                for d in (0, 1):
                    p, fn = self._pair_ratio(origin, w, mask, b == d)
                    rows.append({"measure": "transition", "time": per, "from_state": STATES[o],
                                 "to_state": STATES[d], "value": p, "n": int(cp[mask].sum())})
                    fns.append(fn)
        result = self._estimates(rows, fns, pd.DataFrame(), "PovertyPanel.transition_matrix")
        f = result.frame
        table = pd.DataFrame({"origin": f["from_state"], "destination": f["to_state"], "prob": f["value"],
                              "se": f["se"], "n": f["n"]})
        if by_period:
            table.insert(0, "period", f["time"].to_numpy())
        result._table = table
        return result

    def transition_table(self) -> pd.DataFrame:
        """The 2x2 matrix of pooled transition probabilities (origin rows, destination columns).

        Returns
        -------
        pandas.DataFrame
        """
        tm = self.transition_matrix().table()
        return tm.pivot(index="origin", columns="destination", values="prob").loc[list(STATES), list(STATES)]

    def rates(self, by_period: bool = False) -> "PanelResult":
        """Entry, exit, persistence, re-entry and first-entry rates, with standard errors.

        * ``entry_rate``: P(poor_t | nonpoor_{t-1}); ``exit_rate``: P(nonpoor_t | poor_{t-1});
          ``persistence_rate``: P(poor_t | poor_{t-1});
        * ``reentry_rate``: P(poor_t | nonpoor_{t-1}, an exit observed earlier in the segment);
        * ``first_entry_rate``: P(poor_t | nonpoor_{t-1}, no exit observed before).

        Pairs are weighted by the weight of the origin period; SEs are linearized with
        households as PSUs (see :meth:`headcount`), so contrasts between rates, or between
        periods with ``by_period``, have joint SEs.

        Parameters
        ----------
        by_period : bool, default False
            Rates per origin period instead of pooling all pairs.

        Returns
        -------
        PanelResult
            One row per rate (``measure``), with ``time`` the origin period with
            ``by_period``; ``n`` counts the pairs in the denominator. ``.table()`` is the
            old frame (``rate`` without the ``_rate`` suffix, ``value``, ``se``, ``n``).
        """
        by_period = _input.bool_option(by_period, "by_period")
        a, b, w, hh, wave = self._pairs()
        origin = np.flatnonzero(self._lay.adj)
        cp = self._lay.c[origin]
        after_exit = self._after_exit_pairs()
        defs = {
            "entry": (a == 0, b == 1),
            "exit": (a == 1, b == 0),
            "persistence": (a == 1, b == 1),
            "reentry": ((a == 0) & after_exit, b == 1),
            "first_entry": ((a == 0) & ~after_exit, b == 1),
        }
        rows, fns = [], []
        for per, sel in self._wave_groups(wave, by_period):
            for name, (mask, hit) in defs.items():
                p, fn = self._pair_ratio(origin, w, mask & sel, hit)
                rows.append({"measure": f"{name}_rate", "time": per, "value": p,
                             "n": int(cp[(w * (mask & sel)) > 0].sum())})
                fns.append(fn)
        result = self._estimates(rows, fns, pd.DataFrame(), "PovertyPanel.rates")
        f = result.frame
        table = pd.DataFrame({"rate": f["measure"].str.replace("_rate", "", regex=False), "value": f["value"],
                              "se": f["se"], "n": f["n"]})
        if by_period:
            table.insert(0, "period", f["time"].to_numpy())
        result._table = table
        return result

    def _after_exit_pairs(self) -> np.ndarray:
        """For each adjacent pair, whether an exit (poor->nonpoor) was observed at or before its origin."""
        L = self._lay
        n = L.hh.size
        exit_at = np.zeros(n, dtype=np.int64)  # exit_at[r]: row r is the first nonpoor wave after poor
        exit_at[1:] = L.adj & L.poor[:-1] & ~L.poor[1:]
        seg_id = np.cumsum(L.seg_start) - 1
        cum = np.cumsum(exit_at)
        base = cum[L.seg_start][seg_id] - exit_at[L.seg_start][seg_id]
        seen = (cum - base) > 0  # an exit at or before row r within its segment
        i = np.flatnonzero(L.adj)
        return seen[i]

    # ------------------------------------------------------------------ spells
    def _spell_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """First and last row of every spell."""
        L = self._lay
        n = L.hh.size
        start = L.seg_start.copy()
        start[1:] |= L.poor[1:] != L.poor[:-1]
        first = np.flatnonzero(start)
        last = np.r_[first[1:] - 1, n - 1]
        return first, last

    def spells(self) -> pd.DataFrame:
        """One row per spell: id, state, start, end, length (waves), censoring, weight.

        ``after_exit`` marks non-poor spells that begin with an observed exit.

        Returns
        -------
        pandas.DataFrame
        """
        L = self._lay
        first, last = self._spell_bounds()
        poor = L.poor[first]
        left = L.seg_start[first]
        right = L.seg_end[last]
        # a spell not starting a segment is preceded by the other state
        after_exit = ~poor & ~left
        if self._from_dask:
            self._refuse("spells()")
        out = pd.DataFrame({
            self.id: self.households[L.hh[first]],
            "state": pd.Categorical.from_codes(poor.astype(np.int8), categories=list(STATES)),
            "start": self.periods[L.wave[first]],
            "end": self.periods[L.wave[last]],
            "length": L.wave[last] - L.wave[first] + 1,
            "left_censored": left,
            "right_censored": right,
            "after_exit": after_exit,
            "weight": self._w_sampling[first],
            "_hh": L.hh[first],
        })
        if self.frequency_col is not None:
            out.insert(out.columns.get_loc("weight") + 1, "frequency", L.c[first])
        return out

    def _exit_spells(self):
        """Non-poor spells after an observed exit that are at risk of re-entry: duration,
        event, weight, household and first row of each (in the order of :meth:`spells`)."""
        L = self._lay
        first, last = self._spell_bounds()
        after = ~L.poor[first] & ~L.seg_start[first]
        if not after.any():
            raise EstimationError("no exit from poverty is observed, so re-entry is undefined")
        first, last = first[after], last[after]
        # a non-poor spell of length L ending in re-entry has the event at d = L;
        # a right-censored one is at risk through d = L - 1 (its last wave is d = L - 1).
        event = ~L.seg_end[last]
        length = L.wave[last] - L.wave[first] + 1
        dur = np.where(event, length, length - 1)
        keep = dur > 0  # censored at the exit wave itself: never at risk
        if not keep.any():
            raise EstimationError("no household is observed after its exit from poverty")
        first = first[keep]
        return dur[keep], event[keep], L.w[first], L.hh[first], first

    def reentry(self) -> "PanelResult":
        """Life table of re-entry into poverty by years since exit, with standard errors.

        Among non-poor spells that start with an observed exit (each weighted by its first
        wave), at d = 1, 2, ... waves after the first non-poor wave: the discrete
        ``hazard`` h(d) (weighted re-entries over the weighted spells at risk), the
        Kaplan-Meier ``survival`` of non-poverty S(d) = prod_{s <= d} (1 - h(s)) and
        ``cum_reentry`` = 1 - S(d). SEs are linearized with households as PSUs (see
        :meth:`headcount`; the survival's from the influence of each spell on log S, as
        ``_km_linearized``); a survival that has reached zero has no SE (NaN).
        :meth:`survival` gives the curve at the event times with statsmodels' Greenwood SEs
        when the weights are equal.

        Returns
        -------
        PanelResult
            Rows ``measure`` in ``hazard``, ``survival``, ``cum_reentry`` by ``duration``
            (years since exit), ``n`` the spells at risk (unweighted). ``.table()`` is the old
            life table (``years_since_exit``, weighted ``at_risk`` and ``reentries``,
            ``hazard``, ``survival``, ``survival_se`` as in :meth:`survival`,
            ``cum_reentry``).

        Raises
        ------
        EstimationError
            No exit from poverty is observed, or no household is observed after one.
        """
        dur, event, w, hh, first = self._exit_spells()
        sf, _ = self._km(dur, event, w, hh)
        D = int(dur.max())
        d = np.arange(1, D + 1)
        at_risk = np.array([w[dur >= k].sum() for k in d])  # D is the number of waves: tiny loop
        events = np.array([w[(dur == k) & event].sum() for k in d])
        surv = np.ones(D)
        idx = np.searchsorted(sf.surv_times, d, side="right") - 1
        surv[idx >= 0] = sf.surv_prob[idx[idx >= 0]]
        se = np.zeros(D)
        se[idx >= 0] = sf.surv_prob_se[idx[idx >= 0]]
        hazard = np.divide(events, at_risk, out=np.full(D, np.nan), where=at_risk > 0)
        table = pd.DataFrame({"years_since_exit": d, "at_risk": at_risk, "reentries": events, "hazard": hazard,
                              "survival": surv, "survival_se": se, "cum_reentry": 1 - surv})
        # linearized variable of spell i for h(k): (d_ik - h_k r_ik) / at_risk_k; for log S(k):
        # minus the sum over s <= k of that of h(s) / (1 - h(s)); S times it for S(k)
        risk = dur[:, None] >= d[None, :]
        hit = (dur[:, None] == d[None, :]) & event[:, None]
        ok = (at_risk > 0) & (hazard < 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            zh = (hit - hazard[None, :] * risk) / at_risk[None, :]
            zs = -np.cumsum(np.where(ok[None, :], zh / (1 - hazard[None, :]), 0.0), axis=1) * surv[None, :]
        zs[:, np.cumsum(~ok) > 0] = np.nan  # the curve has reached zero: no linearization
        n_risk = (risk * self._lay.c[first][:, None]).sum(axis=0)
        rows, fns = [], []
        for measure, z, values in (("hazard", zh, hazard), ("survival", zs, surv), ("cum_reentry", -zs, 1 - surv)):
            for k in range(D):
                rows.append({"measure": measure, "duration": int(d[k]), "value": values[k], "n": int(n_risk[k])})
                fns.append(self._row_scores(first, z[:, k]))
        result = self._estimates(rows, fns, table, "PovertyPanel.reentry")
        if self.frequency_col is not None:
            # Greenwood's SE would count each record once: the table shows the design-based SE
            f = result.frame
            table["survival_se"] = f.loc[f["measure"] == "survival", "se"].to_numpy()
        return result

    def survival(self) -> SurvivalResult:
        """Kaplan-Meier survival out of poverty after an exit (non-poverty duration), with SEs.

        Without weights, or with all weights equal, this is statsmodels' unweighted
        Kaplan-Meier estimate with Greenwood's standard errors (normal intervals, as
        statsmodels). With unequal sampling weights (each spell weighted by its first wave)
        the curve is the weighted Kaplan-Meier and the SE its design-based linearized SE
        with households as clusters (see ``_km_linearized``): it does not change when the
        weights are rescaled, and intervals use t on households minus one. (statsmodels' own
        SE under ``freq_weights`` is the SE of the cumulative hazard and treats the weights
        as counts, so it is not used.)

        Returns
        -------
        SurvivalResult
            One row per event time (``measure="survival"``, ``duration``), with the
            statsmodels ``SurvfuncRight`` as ``.engine`` (its ``surv_prob_se`` holds the SE
            above). Its own interval methods (``simultaneous_cb``, ``quantile_ci``) do not
            know the design.

        Raises
        ------
        EstimationError
            No household is observed after an exit from poverty.
        """
        if self._from_dask or self.frequency_col is not None:
            self._refuse("survival() (statsmodels' Kaplan-Meier with Greenwood SEs; reentry() gives the same "
                         "curve with design-based SEs and does take them)")
        sp = self.spells()
        sp = sp[sp["after_exit"]]
        event = ~sp["right_censored"].to_numpy()
        dur = np.where(event, sp["length"].to_numpy(), sp["length"].to_numpy() - 1)
        keep = dur > 0
        if not keep.any():
            raise EstimationError("no household is observed after its exit from poverty")
        sf, cov = self._km(dur[keep], event[keep], sp["weight"].to_numpy()[keep], sp["_hh"].to_numpy()[keep])
        times = np.asarray(sf.surv_times)
        frame = pd.DataFrame({"measure": "survival",
                              "duration": times.astype(np.int64) if np.all(times == np.round(times)) else times,
                              "value": np.asarray(sf.surv_prob, dtype=float),
                              "se": np.asarray(sf.surv_prob_se, dtype=float),
                              "n": [int((dur[keep] >= t).sum()) for t in times]})  # spells at risk, unweighted
        weighted = cov is not None
        if cov is None:
            cov = _greenwood_cov(frame["value"].to_numpy(), frame["se"].to_numpy())
        method = "linearized (households as clusters)" if weighted else "Greenwood"
        return SurvivalResult(frame, sf, covariance=DenseCovariance(cov, method),
                              df=self.n_households - 1 if weighted else None, n=int(keep.sum()),
                              call={"function": "PovertyPanel.survival"}, se_method=method)

    @staticmethod
    def _km(dur: np.ndarray, event: np.ndarray, w: np.ndarray, hh: np.ndarray):
        """Kaplan-Meier fit and its design covariance: None when the weights are equal (the
        unweighted statsmodels fit, Greenwood SEs), else the weighted fit with the linearized
        clustered SE in ``surv_prob_se`` and its covariance across times."""
        from statsmodels.duration.survfunc import SurvfuncRight

        if (w == w[0]).all():
            return SurvfuncRight(dur.astype(float), event.astype(float)), None
        if not w.sum() > 0:
            raise EstimationError("every spell at risk of re-entry has weight zero")
        # the curve does not depend on the weights' scale; mean 1 keeps the counts readable
        sf = SurvfuncRight(dur.astype(float), event.astype(float), freq_weights=w * (w.size / w.sum()))
        sf.surv_prob_se, cov = _km_linearized(dur, event.astype(bool), w, hh, sf.surv_times)
        return sf, cov

    def person_period(self) -> pd.DataFrame:
        """Person-period data for the discrete-time hazard of re-entry.

        One row per household and wave t at risk: non-poor at t-1 within a
        non-poor spell that began with an observed exit, observed at t.
        ``event`` = poor at t; ``years_since_exit`` = d; covariates are those of
        the origin wave t-1 (known before the outcome).
        """
        self._refuse("person_period() (and the panel models built on it)")
        L = self._lay
        i = np.flatnonzero(L.adj)
        after = self._after_exit_pairs()
        keep = after & ~L.poor[i]
        i = i[keep]
        # wave of the first non-poor row of the current spell for each origin row
        n = L.hh.size
        start = L.seg_start.copy()
        start[1:] |= L.poor[1:] != L.poor[:-1]
        spell_first = np.maximum.accumulate(np.where(start, np.arange(n), 0))
        d = L.wave[i + 1] - L.wave[spell_first[i]]
        out = self.data.iloc[i].reset_index(drop=True).copy()
        out["event"] = L.poor[i + 1].astype(np.int8)
        out["years_since_exit"] = d
        out["outcome_time"] = self.periods[L.wave[i + 1]]
        return out

    # ------------------------------------------------------- chronic/transient
    def _household_mean(self, x: np.ndarray, weight_sum: float, mean: float):
        """Linearized variable of a weighted mean over households of ``x`` (one value per
        household, household weight = its mean weight over periods), spread over the
        household's rows so that the row weights add up to the household's weight."""
        L = self._lay
        cnt = np.bincount(L.hh, minlength=self._n_codes)
        vals = (x - mean)[L.hh] / (weight_sum * cnt[L.hh])
        return self._row_scores(np.arange(L.hh.size), vals)

    def chronic_transient(self, alpha: float = 2.0) -> "PanelResult":
        """Jalan-Ravallion (1998) chronic and transient components of total poverty, with SEs.

        With welfare ratios ``r_it = y_it / z_it`` and ``P(r) = max(1 - r, 0)^alpha``:
        total is the weighted mean over households of ``(1/T_i) sum_t P(r_it)``,
        chronic the weighted mean of ``P(mean_t r_it)``, transient the difference.
        Household weight: its mean weight over periods. SEs are linearized with households
        as PSUs (each component is a weighted mean of household-level quantities; the
        shares are ratios of them), so ``pe.contrast(r, measure=("chronic", "transient"))``
        has a joint SE.

        Parameters
        ----------
        alpha : float, default 2.0
            FGT order of ``P``.

        Returns
        -------
        PanelResult
            Rows ``measure`` in ``total``, ``chronic``, ``transient``, ``chronic_share``,
            ``transient_share`` (shares of total), with column ``alpha``; ``n`` households.
            ``.table()`` is the old frame (``component``, ``value``, ``share``).

        Raises
        ------
        InputError
            A panel built from ``status`` rather than ``income``.
        """
        if "welfare_ratio" not in self.data.columns:
            raise InputError("chronic_transient needs income= and line= (not a 0/1 status)")
        a = _input.positive_scalar(alpha, "alpha", allow_zero=False)
        L = self._lay
        r = self.data["welfare_ratio"].to_numpy()
        H = self._n_codes
        cnt = np.bincount(L.hh, minlength=H)
        p_it = np.maximum(1 - r, 0) ** a
        total_i = np.bincount(L.hh, weights=p_it, minlength=H) / cnt
        rbar = np.bincount(L.hh, weights=r, minlength=H) / cnt
        chronic_i = np.maximum(1 - rbar, 0) ** a
        wh = np.bincount(L.hh, weights=L.w, minlength=H) / cnt
        W = wh.sum()
        tot = np.sum(wh * total_i) / W
        chr_ = np.sum(wh * chronic_i) / W
        u_tot = self._household_mean(total_i, W, tot)
        u_chr = self._household_mean(chronic_i, W, chr_)
        u_tra = self._household_mean(total_i - chronic_i, W, tot - chr_)
        share_c = chr_ / tot if tot > 0 else np.nan
        share_t = (tot - chr_) / tot if tot > 0 else np.nan

        def share(u_part, s):
            # delta method for part / total
            return lambda: (u_part() - s * u_tot()) / tot if tot > 0 else np.full(L.hh.size, np.nan)

        values = [("total", tot, u_tot), ("chronic", chr_, u_chr), ("transient", tot - chr_, u_tra),
                  ("chronic_share", share_c, share(u_chr, share_c)),
                  ("transient_share", share_t, share(u_tra, share_t))]
        rows = [{"measure": m, "alpha": a, "value": v, "n": self.n_households} for m, v, _ in values]
        table = pd.DataFrame({"component": ["total", "chronic", "transient"], "value": [tot, chr_, tot - chr_],
                              "share": [1.0, share_c, share_t]})
        return self._estimates(rows, [fn for _, _, fn in values], table, "PovertyPanel.chronic_transient")

    def chronic_fgt(self, tau: float | None = None, *, periods: int | None = None,
                    alpha: Any = (0, 1, 2)) -> "PanelResult":
        """Foster (2009) duration-adjusted FGT measures of chronic poverty, with standard errors.

        A household is *chronically poor* when poor in at least a share ``tau`` of its
        observed periods (or in at least ``periods`` of them). With ``g_it = (z - y_it) / z``
        the normalized gap of a poor period (0 when not poor) and ``T_i`` the household's
        observed periods (``T`` in a balanced panel), Foster's measures are

        * ``chronic_headcount`` H: the weighted share of chronically poor households;
        * ``average_duration`` D: the mean share of periods in poverty among them;
        * ``duration_adjusted_fgt`` K_alpha: the weighted mean over households of
          ``(1/T_i) sum_t g_it^alpha`` for the chronically poor (0 for the others), so that
          ``K_0 = H x D`` (the duration-adjusted headcount), K_1 the duration-adjusted gap
          and K_2 the duration-adjusted squared gap;
        * ``average_gap`` G_alpha (alpha > 0): the mean of ``g^alpha`` over the chronically
          poor's poor periods, so that ``K_alpha = H x D x G_alpha``.

        With ``periods=1`` H is the ever-poor share; with ``tau=1`` the always-poor share.
        Households are the units, each weighted by its mean sampling weight over its
        periods. Every measure is a ratio of weighted household totals; its SE is linearized
        with households as PSUs (see :meth:`headcount`), so ``pe.contrast`` between rows,
        or between two cutoffs (``pe.contrast(p.chronic_fgt(tau=0.5), p.chronic_fgt(tau=1.0))``),
        has joint SEs.

        Parameters
        ----------
        tau : float, optional
            Duration cutoff as a share of periods, in (0, 1].
        periods : int, optional
            Duration cutoff as a number of periods (instead of ``tau``).
        alpha : float or sequence of float, default (0, 1, 2)
            FGT orders (alpha > 0 needs a panel built from ``income`` and ``line``).

        Returns
        -------
        PanelResult
            Rows ``measure`` as above with columns ``alpha``, ``tau``, ``periods``; ``n`` is
            the households in the denominator. ``.table()`` is the same rows as a plain frame.

        Raises
        ------
        InputError
            Neither or both cutoffs, a cutoff out of range, or alpha > 0 on a 0/1 status panel.
        """
        from .chronic import chronic_fgt

        return chronic_fgt(self, tau, periods=periods, alpha=alpha)

    def spell_shares(self) -> "PanelResult":
        """The spells approach (Bane and Ellwood 1986 style summaries), with standard errors.

        Weighted shares of households ``never_poor``, ``ever_poor`` (poor in at least one
        observed period), ``always_poor`` (in every observed period) and ``transient_poor``
        (ever but not always); the distribution of households by their number of poor
        spells (``poor_spells``, a spell being a maximal run of poor waves; a gap with
        ``gaps="split"`` ends a spell) and by their number of poor periods
        (``poor_periods``); the mean number of poor spells over all households and over the
        ever poor. Households are weighted by their mean sampling weight over their
        periods; every share is a ratio of weighted household totals with a linearized SE,
        households as PSUs (see :meth:`headcount`), so ``pe.contrast(r, count=(1, 2))``
        has a joint SE.

        Returns
        -------
        PanelResult
            Rows ``measure`` as above with column ``count`` (spells or periods); ``n`` is
            the households counted (unweighted). ``.table()`` is the same rows as a plain frame.
        """
        from .chronic import spell_shares

        return spell_shares(self)

    def poverty_profile(self, chronic_share: float = 1.0) -> pd.DataFrame:
        """Spells approach: weighted shares of households never poor, transient, or chronic.

        Household weight: its mean weight over periods.

        Parameters
        ----------
        chronic_share : float, default 1.0
            A household is chronic when poor in at least this share of its observed
            periods (default: all of them); transient when poor at least once but
            less often.

        Returns
        -------
        pandas.DataFrame
        """
        c = _input.fraction(chronic_share, "chronic_share")
        L = self._lay
        H = self._n_codes
        cnt = np.bincount(L.hh, minlength=H)
        share = np.bincount(L.hh, weights=L.poor.astype(float), minlength=H) / cnt
        wh = np.bincount(L.hh, weights=L.w, minlength=H) / cnt
        cls = np.where(share == 0, 0, np.where(share >= c - 1e-12, 2, 1))
        names = ["never", "transient", "chronic"]
        tot = wh.sum()
        return pd.DataFrame({"class": names,
                             "share": [wh[cls == k].sum() / tot for k in range(3)],
                             "n": [int(self._hh_freq[cls == k].sum()) for k in range(3)]})

    def household_class(self, chronic_share: float = 1.0) -> pd.Series:
        """Per-household spells-approach class: ``never``, ``transient`` or ``chronic``.

        Parameters
        ----------
        chronic_share : float, default 1.0
            A household is chronic when poor in at least this share of its observed
            periods (default: all of them); transient when poor at least once but
            less often.

        Returns
        -------
        pandas.Series
            Indexed by household.
        """
        c = _input.fraction(chronic_share, "chronic_share")
        self._refuse("household_class()", frequency_too=False)
        L = self._lay
        H = self._n_codes
        share = np.bincount(L.hh, weights=L.poor.astype(float), minlength=H) / np.bincount(L.hh, minlength=H)
        cls = np.where(share == 0, "never", np.where(share >= c - 1e-12, "chronic", "transient"))
        return pd.Series(cls, index=self.households, name="class")


__all__ = ["PovertyPanel", "PanelResult", "SurvivalResult"]
