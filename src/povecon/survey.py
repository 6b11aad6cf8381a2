"""Survey designs and the variance machinery every estimator shares.

``SurveyDesign`` names the design variables (weights, strata, PSUs, finite
population correction) or carries replicate weights. ``design.resolve(data, n)``
turns it into arrays through the input gate; the resolved design then gives

* ``linearized_cov(scores)``: the Taylor-linearization (influence-function)
  covariance of estimators whose linearized variables are the columns of
  ``scores`` (one row per observation). Convention: with-replacement sampling of
  PSUs within strata (the "ultimate cluster" estimator), with the finite
  population correction ``1 - n_h / N_h`` when ``fpc`` is given. This is the
  default of R ``survey`` (``svydesign(ids=~psu, strata=~stratum, weights=~w)``)
  and Stata ``svy: mean`` with ``vce(linearized)``.
* ``replicate_weights(...)``: rescaled-bootstrap (Rao-Wu-Yue) replicates drawn
  with a seed, or the user's own replicate weights, and ``replicate_cov`` to turn
  replicate estimates into a covariance.

Lonely PSUs (a stratum with one PSU) raise unless ``lonely_psu`` says otherwise:
``"certainty"`` (contributes nothing, R's ``"certainty"``), ``"center"`` (deviation
from the grand mean of PSU totals, R's ``"adjust"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from . import _input
from .calibration import Calibration, CalibratedWeights, Calibrator
from .errors import InputError

LONELY_PSU = ("error", "certainty", "center")


def _index_dtype(count: int) -> type:
    """int32 for codes below ``count`` when it fits (half the memory of intp), else intp."""
    return np.int32 if count <= np.iinfo(np.int32).max else np.intp


def _codes(data: Any, col: Any, n: int, name: str) -> np.ndarray:
    """The codes of ``_input.groups(data, col, n, name=name)``, in int32 when their count allows.

    Integer labels in a dense range are coded through a lookup table built directly in
    the smaller dtype (no intp n-vector on the way); other labels go through ``groups``.
    """
    raw = _input.column(data, col, name, n)
    if raw.dtype.kind in "iu" and raw.size:
        lo, hi = int(raw.min()), int(raw.max())
        if hi - lo <= max(raw.size, 1 << 16) and hi < 1 << 63:  # as _input._dense_codes
            idx = raw if lo >= 0 and hi <= raw.size + (1 << 16) else raw.astype(np.int64) - lo
            present = np.zeros((hi if idx is raw else hi - lo) + 1, dtype=bool)
            present[idx] = True
            lookup = np.cumsum(present, dtype=_index_dtype(min(present.size, raw.size)))
            del present
            lookup -= 1
            return lookup[idx]
    codes, _ = _input.groups(data, col, n, name=name)
    return codes.astype(_index_dtype(n), copy=False)


@dataclass(frozen=True)
class SurveyDesign:
    """A complex survey design: weights, strata, PSUs, finite-population correction, replicate weights.

    Pass it as ``design=`` to an estimator. Every argument is a column name of the data
    passed to that estimator, or an array with one value per row.

    Parameters
    ----------
    weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities); None gives weight 1.
    strata : str or array-like, optional
        Stratum of each row; None is one stratum.
    psu : str or array-like, optional
        Primary sampling unit (cluster) of each row; None makes every row its
        own PSU. PSU labels are nested within strata.
    fpc : str or array-like, optional
        Finite-population correction: the population number of PSUs in the
        stratum (values >= 1) or the first-stage sampling fraction (values in
        (0, 1)). None means sampling with replacement.
    replicate : list of str or array-like, optional
        Replicate weights: a list of column names or an (n, R) array. They are
        used by ``se="replicate"``.
    replicate_scale : float, default 1.0
        Overall factor of the replicate variance
        ``scale * sum_r rscales_r * (theta_r - theta)^2`` (R ``svrepdesign``).
    replicate_rscales : array-like, optional
        Per-replicate factors ``rscales_r`` of that formula; None gives 1.
    lonely_psu : {"error", "certainty", "center"}, default "error"
        A stratum with a single PSU raises (``"error"``), contributes nothing
        (``"certainty"``, R's ``"certainty"``) or is centred on the grand mean of
        the PSU totals (``"center"``, R's ``"adjust"``).
    calibrate : Calibration, optional
        Population totals to calibrate the weights to (:class:`povecon.Calibration`,
        or build the design with :func:`povecon.calibrate`). The estimators then use the
        calibrated weights, calibration-aware linearized variances (residuals of the
        linearized variables on the calibration variables) and replicate weights
        calibrated replicate by replicate.

    Notes
    -----
    Linearized variances follow the ultimate-cluster approximation (with-replacement
    sampling of PSUs within strata), as R ``survey`` does; intervals use the t
    distribution on the design degrees of freedom (PSUs minus strata).

    Examples
    --------
    >>> import pandas as pd
    >>> import povecon as pe
    >>> df = pd.DataFrame({"y": [900, 1500, 2600, 3100, 1200, 4000],
    ...                    "w": [10, 10, 12, 12, 8, 8], "s": [1, 1, 1, 2, 2, 2],
    ...                    "v": [1, 2, 2, 3, 4, 4]})
    >>> design = pe.SurveyDesign(weights="w", strata="s", psu="v")
    >>> e = pe.fgt(df, "y", line=2300, design=design)
    >>> round(float(e), 3)
    0.467
    """

    weights: Any = None
    strata: Any = None
    psu: Any = None
    fpc: Any = None
    replicate: Any = None
    replicate_scale: float = 1.0
    replicate_rscales: Any = None
    lonely_psu: str = "error"
    calibrate: Any = None

    def resolve(self, data: Any, n: int) -> "ResolvedDesign":
        """The design's arrays for one data set, validated.

        Estimators call this; users rarely need it.

        Parameters
        ----------
        data : pandas.DataFrame or None
            The data whose columns the design names (None when the design holds
            arrays).
        n : int
            Number of rows.

        Returns
        -------
        ResolvedDesign
            Weights, stratum and PSU codes, fpc and replicate weights as arrays.

        Raises
        ------
        InputError
            Unknown columns, invalid weights, or an unknown ``lonely_psu``.
        """
        if self.lonely_psu not in LONELY_PSU:
            raise InputError(f"lonely_psu must be one of {LONELY_PSU}, got {self.lonely_psu!r}")
        # a read-only view of float64 weights, not a copy: nothing writes to a design's weights
        w = _input.weights(data, self.weights, n, copy=False)
        if self.strata is None:
            strata = np.zeros(n, dtype=_index_dtype(n))
        else:
            strata = _codes(data, self.strata, n, "strata")
        if self.psu is None:
            psu = np.arange(n, dtype=_index_dtype(n))
        else:
            raw = _codes(data, self.psu, n, "psu")
            # PSU labels may repeat across strata; a PSU is the (stratum, psu) pair, coded
            # through one integer key (a MultiIndex is ~15x slower at registry scale), int32
            # when the key range allows: at registry scale each n-vector counts
            width = int(raw.max()) + 1
            key = strata.astype(_index_dtype((int(strata.max()) + 1) * width))
            key *= width
            key += raw
            del raw
            psu = _codes(None, key, n, "psu")
            del key
        fpc = None
        if self.fpc is not None:
            fpc = _input.numeric(data, self.fpc, "fpc", n=n)
            if (fpc <= 0).any():
                raise InputError("fpc must be positive (population PSU counts, or sampling fractions in (0, 1))")
            _check_fpc(fpc, strata, psu)
        rep = None
        if self.replicate is not None:
            if isinstance(self.replicate, str):
                raise InputError(f"replicate must be a list of replicate weight columns or an (n, R) array, "
                                 f"got the single name {self.replicate!r}")
            if isinstance(self.replicate, (list, tuple)) and all(isinstance(c, str) for c in self.replicate):
                _input.check_columns(data, self.replicate, what="replicate weight column")
                raw = data[list(self.replicate)]
            else:
                raw = self.replicate
            try:
                rep = np.array(raw, dtype=np.float64, copy=True)
            except (TypeError, ValueError) as exc:
                raise InputError(f"replicate weights must be numeric: {exc}") from None
            if rep.ndim != 2 or rep.shape[0] != n:
                raise InputError(f"replicate weights must be an array with one row per observation ({n}) "
                                 f"and one column per replicate, got shape {rep.shape}")
            if not np.isfinite(rep).all() or (rep < 0).any():
                raise InputError("replicate weights must be finite and non-negative")
        try:
            scale = float(self.replicate_scale)
        except (TypeError, ValueError):
            raise InputError(f"replicate_scale must be a number, got {self.replicate_scale!r}") from None
        if not np.isfinite(scale) or scale <= 0:
            raise InputError(f"replicate_scale must be finite and > 0, got {self.replicate_scale!r}")
        rscales = None
        if self.replicate_rscales is not None:
            try:
                rscales = np.asarray(self.replicate_rscales, dtype=np.float64).reshape(-1)
            except (TypeError, ValueError):
                raise InputError(f"replicate_rscales must be numbers, got {self.replicate_rscales!r}") from None
            if not np.isfinite(rscales).all() or (rscales < 0).any():
                raise InputError("replicate_rscales must be finite and non-negative")
            if rep is not None and rscales.size != rep.shape[1]:
                raise InputError(f"replicate_rscales has {rscales.size} values but there are {rep.shape[1]} "
                                 "replicate weight columns")
        if self.calibrate is None:
            return ResolvedDesign(w, strata, psu, fpc, rep, scale, rscales, self.lonely_psu)
        if not isinstance(self.calibrate, Calibration):
            raise InputError(f"calibrate must be a povecon.Calibration, got {type(self.calibrate).__name__}")
        cal = CalibratedWeights.fit(Calibrator.build(self.calibrate, data, n), np.asarray(w, dtype=np.float64),
                                    rep)
        if rep is not None:
            rep = cal.recalibrate(rep, "replicate weight column")
        return ResolvedDesign(cal.weights, strata, psu, fpc, rep, scale, rscales, self.lonely_psu, cal)


def _check_fpc(fpc: np.ndarray, strata: np.ndarray, psu: np.ndarray) -> None:
    """The fpc is a stratum property: constant within a stratum, and a population count of
    PSUs (>= 1) no smaller than the number of PSUs sampled there, or a fraction in (0, 1)."""
    lo = pd.Series(fpc).groupby(strata).agg(["min", "max"])
    check_fpc_strata(lo["min"], lo["max"], pd.Series(psu).groupby(strata).nunique())


def check_fpc_strata(low: pd.Series, high: pd.Series, sampled: pd.Series) -> None:
    """The fpc rule on per-stratum summaries (indexed by stratum): its lowest and highest value
    and the number of PSUs sampled; the in-memory design and the registry's summaries share it."""
    if low.isna().any() or high.isna().any():
        raise InputError("fpc has missing values")
    varies = low.index[low.to_numpy() != high.to_numpy()]
    if len(varies):
        h = varies[0]
        raise InputError(f"fpc varies within {len(varies)} stratum/strata (e.g. stratum code {h}: "
                         f"{low[h]:g} to {high[h]:g}); the fpc is one value per stratum")
    if (low <= 0).any():
        raise InputError("fpc must be positive (population PSU counts, or sampling fractions in (0, 1))")
    bad = (low >= 1) & (low < sampled.reindex(low.index))
    if bad.any():
        h = bad.index[bad.to_numpy()][0]
        raise InputError(f"fpc is below the number of sampled PSUs in {int(bad.sum())} stratum/strata "
                         f"(e.g. stratum code {h}: fpc {low[h]:g} but {int(sampled[h])} PSUs sampled); "
                         "give the population number of PSUs (>= sampled) or a sampling fraction in (0, 1)")


@dataclass(frozen=True)
class ResolvedDesign:
    weights: np.ndarray
    strata: np.ndarray
    psu: np.ndarray
    fpc: np.ndarray | None
    replicate: np.ndarray | None
    replicate_scale: float
    replicate_rscales: np.ndarray | None
    lonely_psu: str
    # weights calibrated to population totals (povecon.calibration): variances use the residuals
    # of the linearized variables on the calibration variables, replicates are calibrated again
    calibration: CalibratedWeights | None = None

    @property
    def n(self) -> int:
        return self.weights.shape[0]

    @property
    def n_psu(self) -> int:
        return int(self.psu.max()) + 1

    @property
    def n_strata(self) -> int:
        return int(self.strata.max()) + 1

    @property
    def df(self) -> int:
        """Design degrees of freedom: PSUs minus strata."""
        return self.n_psu - self.n_strata

    def subset(self, keep: np.ndarray) -> "ResolvedDesign":
        """Rows ``keep`` (a boolean mask), e.g. after dropping missing values on request."""
        rep = None if self.replicate is None else self.replicate[keep]
        fpc = None if self.fpc is None else self.fpc[keep]
        psu = pd.factorize(self.psu[keep], sort=True)[0].astype(np.intp)
        strata = pd.factorize(self.strata[keep], sort=True)[0].astype(np.intp)
        if self.calibration is not None:
            # the rows left are calibrated again, so that the totals hold for the sample analysed
            cal = self.calibration.subset(keep)
            if rep is not None:
                rep = cal.recalibrate(cal.base_replicate, "replicate weight column")
            return ResolvedDesign(cal.weights, strata, psu, fpc, rep, self.replicate_scale,
                                  self.replicate_rscales, self.lonely_psu, cal)
        return ResolvedDesign(self.weights[keep], strata, psu, fpc, rep, self.replicate_scale,
                              self.replicate_rscales, self.lonely_psu)

    def psu_totals(self, scores: np.ndarray) -> np.ndarray:
        """PSU totals of the weighted scores ``w_i * scores_i``, shape ``(n_psu, m)``.

        A calibrated design weights the residuals of the scores on the calibration variables
        instead (R ``survey`` for calibrated designs), so every estimator's variance is
        calibration-aware.

        ``psu_level().linearized_cov(psu_totals(u))`` equals ``linearized_cov(u)``: results keep
        these totals so that the covariance of any of their estimates, within one result or
        across two results under one design, can be computed later.
        """
        u = np.asarray(scores, dtype=np.float64)
        u = u[:, None] if u.ndim == 1 else u
        if self.calibration is not None:
            u = self.calibration.residuals(u)
        wu = u * self.weights[:, None]
        if self.n_psu == self.n and np.array_equal(self.psu, np.arange(self.n)):
            return wu
        return np.column_stack([np.bincount(self.psu, weights=wu[:, j], minlength=self.n_psu)
                                for j in range(wu.shape[1])])

    def psu_level(self) -> "ResolvedDesign":
        """The design collapsed to one unit-weight row per PSU (for ``psu_totals``)."""
        n_psu = self.n_psu
        fpc = None
        if self.fpc is not None:
            fpc = np.empty(n_psu)
            fpc[self.psu] = self.fpc
        return ResolvedDesign(np.ones(n_psu), self._psu_strata(), np.arange(n_psu, dtype=np.intp), fpc, None,
                              self.replicate_scale, self.replicate_rscales, self.lonely_psu)

    def _psu_strata(self) -> np.ndarray:
        out = np.empty(self.n_psu, dtype=np.intp)
        out[self.psu] = self.strata
        return out

    def linearized_cov(self, scores: np.ndarray, *, overwrite: bool = False) -> np.ndarray:
        """Covariance of ``sum_i w_i * scores_i`` under the design.

        ``scores`` holds, per observation, the linearized variable of each estimator
        (shape (n,) or (n, m)); estimators pass their influence function divided by
        the estimated population size so that the estimate is approximately
        ``theta + sum_i w_i * scores_i``. A calibrated design takes the residuals of the
        scores on the calibration variables first (see ``povecon.calibration``). With
        ``overwrite`` a writable, C-contiguous float64 ``scores`` may be overwritten (one
        (n, m) array fewer at registry scale).
        """
        u = np.asarray(scores, dtype=np.float64)
        one = u.ndim == 1
        if one:
            u = u[:, None]
        if self.calibration is not None:
            u = scores = self.calibration.residuals(u)
        if overwrite and writable_scores(u, scores):
            wu = u
            wu *= self.weights[:, None]  # the same products as below, in place
        else:
            wu = u * self.weights[:, None]
        del u
        dev, scale = self._psu_deviations(wu)
        cov = (dev * scale[:, None]).T @ dev
        return cov[0, 0] if one else cov

    def linearized_var(self, scores: np.ndarray) -> np.ndarray:
        """The diagonal of ``linearized_cov(scores)`` (same convention, fpc and lonely-PSU rule).

        O(PSUs x columns) instead of O(PSUs x columns^2): estimators with hundreds of
        measures per domain need only the variances.
        """
        z = np.asarray(scores, dtype=np.float64)
        one = z.ndim == 1
        z = z[:, None] if one else z
        if self.calibration is not None:
            z = self.calibration.residuals(z)
        dev, scale = self._psu_deviations(z * self.weights[:, None])
        var = np.einsum("ij,ij,i->j", dev, dev, scale)
        return var[0] if one else var

    def _psu_deviations(self, wu: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """PSU totals of the weighted scores ``wu`` (n, m) minus their stratum means, and the
        per-PSU factor ``n_h / (n_h - 1)`` (times ``1 - f_h`` with an fpc) of the variance."""
        n_psu = self.n_psu
        if n_psu == self.n and np.array_equal(self.psu, np.arange(self.n)):
            totals = wu  # already one row per PSU
        else:
            # bincount per column: far faster than np.add.at at registry scale
            totals = np.column_stack(
                [np.bincount(self.psu, weights=wu[:, j], minlength=n_psu) for j in range(wu.shape[1])])
        ps = self._psu_strata()
        n_h = np.bincount(ps, minlength=self.n_strata).astype(np.float64)
        sums = np.column_stack(
            [np.bincount(ps, weights=totals[:, j], minlength=self.n_strata) for j in range(totals.shape[1])])
        dev = totals - (sums / n_h[:, None])[ps]
        lonely = n_h[ps] < 2
        if lonely.any():
            if n_psu == 1:
                raise InputError(f"a standard error needs at least two PSUs (observations of a simple random "
                                 f"sample); this sample has {self.n} row(s) in a single PSU")
            if self.lonely_psu == "error":
                raise InputError(f"{int((n_h < 2).sum())} stratum/strata have a single PSU; "
                                 "set SurveyDesign(lonely_psu='certainty' or 'center')")
            dev[lonely] = 0.0 if self.lonely_psu == "certainty" else totals[lonely] - totals.mean(axis=0)
        scale = np.where(n_h > 1, n_h / np.maximum(n_h - 1, 1), 1.0)[ps]
        if self.fpc is not None:
            first = np.zeros(n_psu)
            first[self.psu] = self.fpc
            pop = np.where(first >= 1, first, n_h[ps] / first)
            scale = scale * np.clip(1.0 - n_h[ps] / pop, 0.0, None)
        return dev, scale

    def bootstrap_weights(self, replicates: int = 500, seed: int | None = None) -> np.ndarray:
        """Rao-Wu-Yue rescaled bootstrap weights, shape (n, replicates).

        In each stratum ``n_h - 1`` PSUs are drawn with replacement; a PSU drawn
        ``m`` times gets weight ``w * m * n_h / (n_h - 1)`` (R ``survey``
        ``as.svrepdesign(type="subbootstrap")``). The variance of replicate
        estimates around the full-sample estimate, divided by the number of
        replicates, estimates the design variance. A calibrated design's replicates are the
        design weights so resampled, each calibrated again to the totals.
        """
        if seed is None:
            raise InputError("bootstrap needs a seed (seed=...) so the result is reproducible")
        rng = np.random.default_rng(seed)
        psu_stratum = self._psu_strata()
        n_h = np.bincount(psu_stratum, minlength=self.n_strata)
        if (n_h < 2).any():
            raise InputError("the rescaled bootstrap needs at least two PSUs in every stratum")
        order = np.argsort(psu_stratum, kind="stable")
        starts = np.concatenate([[0], np.cumsum(n_h)[:-1]])
        mult = np.zeros((self.n_psu, replicates))
        for h in range(self.n_strata):  # strata are few; draws are vectorised within
            members = order[starts[h]:starts[h] + n_h[h]]
            draws = rng.integers(0, n_h[h], size=(n_h[h] - 1, replicates))
            counts = np.zeros((n_h[h], replicates))
            np.add.at(counts, (draws, np.broadcast_to(np.arange(replicates), draws.shape)), 1.0)
            mult[members] = counts * n_h[h] / (n_h[h] - 1)
        if self.calibration is None:
            return self.weights[:, None] * mult[self.psu]
        return self.calibration.recalibrate(self.calibration.base_weights[:, None] * mult[self.psu], "bootstrap")

    def replicate_cov(self, full: np.ndarray, reps: np.ndarray, kind: str = "bootstrap") -> np.ndarray:
        """Covariance from replicate estimates ``reps`` (R, m) around ``full`` (m,): ``inference.replicate_covariance``."""
        from .inference import replicate_covariance

        return replicate_covariance(full, reps, kind, self.replicate_scale, self.replicate_rscales)


def writable_scores(u: np.ndarray, scores: Any) -> bool:
    """Whether ``u`` (``scores`` as float64, maybe reshaped) is ``scores``' own C-ordered, writable memory."""
    return (isinstance(scores, np.ndarray) and scores.dtype == np.float64 and u.flags.writeable
            and u.flags.c_contiguous and np.may_share_memory(u, scores))


def resolve(design: SurveyDesign | None, data: Any, n: int, weights: Any = None) -> ResolvedDesign:
    """The design of an estimator call: ``design`` if given, else simple random sampling with ``weights``."""
    if design is not None and weights is not None:
        raise InputError("pass weights through the SurveyDesign, not both weights= and design=")
    if design is None:
        design = SurveyDesign(weights=weights)
    if not isinstance(design, SurveyDesign):
        raise InputError(f"design must be a povecon.SurveyDesign, got {type(design).__name__}")
    return design.resolve(data, n)


def replicate_estimates(stat: Callable[[np.ndarray], np.ndarray], rep_weights: np.ndarray) -> np.ndarray:
    """Apply ``stat(weights) -> estimates`` to each replicate weight column."""
    return np.array([np.atleast_1d(stat(rep_weights[:, r])) for r in range(rep_weights.shape[1])])
