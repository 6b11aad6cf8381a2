"""The estimation engine every measure runs through.

A measure supplies a *kernel* ``kernel(y, w, d, need_if) -> (value, u)``:
``y`` and ``w`` are the full sample's incomes and weights (original row order),
``d`` a boolean domain mask (``None`` for everyone), and ``u`` the linearized
variable over the full sample (zero outside the domain), so domain estimation
uses the full design as it must (R ``survey`` ``subset``; convey). ``value`` is a
scalar or a vector of components, ``u`` then has one column per component.

Standard errors:

* ``"linearized"``: ``ResolvedDesign.linearized_cov(u)``;
* ``"bootstrap"``: the kernel re-run on Rao-Wu-Yue rescaled bootstrap weights
  (``replicates``, ``seed`` required); any estimated line is re-estimated in
  every replicate;
* ``"replicate"``: the kernel re-run on the design's own replicate weights;
* ``None``: point estimate only.

Results are ``Estimate`` objects (:class:`povecon.result.Result`) whose covariance
source covers every (group, component) row, so contrasts across groups, alphas or two
results under one design get joint standard errors. Intervals follow
:mod:`povecon.inference`: t on the design degrees of freedom (PSUs minus strata;
``n - 1`` for simple random sampling; replicates minus one with replicate weights), as
R ``confint(..., df = degf(design))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from .. import _input, inference, survey
from ..registry import _context as _registry
from ..registry import refuse
from .._result import Estimate
from ..errors import EstimationError, InputError
from ..result import sample_key as result_sample_key
from ..result import BlockCovariance, LinearizedCovariance, NoCovariance, ReplicateCovariance

SE_METHODS = inference.SE_METHODS  # one list of the SE methods, in the inference rule


class SimpleDesign(survey.ResolvedDesign):
    """Weighted simple random sampling: one stratum, every observation its own PSU.

    What ``survey.resolve(None, data, n, weights)`` gives, except that the stratum and
    PSU index arrays (two n-vectors of intp, more memory than income and weights
    together) are built only when a variance asks for them. Arrays passed explicitly
    (``dataclasses.replace``) are used as given.
    """

    def __init__(self, weights, strata=None, psu=None, fpc=None, replicate=None, replicate_scale=1.0,
                 replicate_rscales=None, lonely_psu="error"):
        for k, v in (("weights", weights), ("_strata", strata), ("_psu", psu), ("fpc", fpc),
                     ("replicate", replicate), ("replicate_scale", replicate_scale),
                     ("replicate_rscales", replicate_rscales), ("lonely_psu", lonely_psu)):
            object.__setattr__(self, k, v)  # frozen dataclass: no ordinary assignment

    @property
    def strata(self) -> np.ndarray:
        if self._strata is None:
            object.__setattr__(self, "_strata", np.zeros(self.n, dtype=np.intp))
        return self._strata

    @property
    def psu(self) -> np.ndarray:
        if self._psu is None:
            object.__setattr__(self, "_psu", np.arange(self.n, dtype=np.intp))
        return self._psu

    def _plain(self) -> bool:
        return self._strata is None and self._psu is None and self.fpc is None and self.replicate is None

    def subset(self, keep: np.ndarray) -> survey.ResolvedDesign:
        if self._plain():
            return SimpleDesign(self.weights[keep])
        return super().subset(keep)

    @property
    def df(self) -> int:
        return self.n - 1 if self._plain() else super().df

    def psu_totals(self, scores: np.ndarray) -> np.ndarray:
        if not self._plain():
            return super().psu_totals(scores)
        u = np.asarray(scores, dtype=np.float64)
        return (u[:, None] if u.ndim == 1 else u) * self.weights[:, None]

    def psu_level(self) -> survey.ResolvedDesign:
        return SimpleDesign(np.ones(self.n)) if self._plain() else super().psu_level()

    def linearized_cov(self, scores: np.ndarray, *, overwrite: bool = False) -> np.ndarray:
        """``ResolvedDesign.linearized_cov`` for one stratum of single-observation PSUs.

        The PSU totals are the weighted scores themselves, so the general code's
        per-PSU and per-stratum passes (five (n, m) temporaries) reduce to centring
        one; equal to it up to rounding. ``overwrite`` as in ``ResolvedDesign``.
        """
        if not self._plain() or self.n < 2:
            return super().linearized_cov(scores, overwrite=overwrite)
        u = np.asarray(scores, dtype=np.float64)
        one = u.ndim == 1
        dev = u[:, None] if one else u
        if overwrite and survey.writable_scores(u, scores):
            dev *= self.weights[:, None]  # the same products, without a second (n, m) array
        else:
            dev = dev * self.weights[:, None]
        dev -= dev.mean(axis=0)
        cov = (dev.T @ dev) * (self.n / (self.n - 1))
        return cov[0, 0] if one else cov


def _resolve(design, data: Any, n: int, weights) -> survey.ResolvedDesign:
    if design is None:
        # the weights stay a read-only view when already float64: kernels never write to them
        return SimpleDesign(_input.weights(data, weights, n, copy=False))
    return survey.resolve(design, data, n, weights)


@dataclass(frozen=True)
class Sample:
    y: np.ndarray
    design: survey.ResolvedDesign
    codes: np.ndarray | None
    labels: pd.Index | None
    domain: np.ndarray | None
    n_dropped: int
    extra: dict
    call: dict | None = None
    design_spec: Any = None


def prepare(data: Any, income: Any, *, weights=None, design=None, by=None, domain=None, na: str = "raise",
            extra: dict | None = None, positive: bool = False, nonnegative: bool = False,
            why: str = "") -> Sample:
    """Validate inputs through the gate and apply the missing-value policy jointly."""
    if income is None and data is not None and not isinstance(data, pd.DataFrame):
        income, data = data, None  # pe.fgt(y, line=...): an array passed where the frame goes
    if income is None:
        raise InputError("income is required: a column name of data, or an array when data is None")
    refuse(data)
    if data is not None and not isinstance(data, pd.DataFrame):
        raise InputError(f"data must be a pandas DataFrame or None, got {type(data).__name__}")
    y = _input.numeric(data, income, "income", allow_nan=True, copy=False)
    n = y.shape[0]
    rd = _resolve(design, data, n, weights)
    arrays = {"income": y}
    for key, col in (extra or {}).items():
        arrays[key] = col if isinstance(col, np.ndarray) and col.shape == (n,) else _input.numeric(
            data, col, key, n=n, allow_nan=True)
    if by is not None:
        arrays["by"] = np.asarray(_input.column(data, by, "by", n), dtype=object)
    if domain is not None:
        dom = _input.column(data, domain, "domain", n)
        if dom.dtype.kind != "b":
            vals = pd.unique(pd.Series(dom).dropna())
            if not set(vals.tolist()) <= {0, 1}:
                raise InputError("domain must be boolean (or 0/1): True marks the subpopulation")
            # a nullable boolean or integer domain: missing becomes NaN, for the missing-value policy
            dom = pd.Series(dom).astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            dom = dom.astype(np.float64)
        arrays["domain"] = dom
    prep = _input.drop_missing(arrays, na)
    if prep.keep is not None:
        rd = rd.subset(prep.keep)
        if by is not None:
            _input.warn_vanished(arrays["by"], prep.keep, by if isinstance(by, str) else "by")
    y = prep["income"]
    tail = f" ({why})" if why else ""
    job = _registry.active(data)
    rows = None if job is None else job.frame.attrs["rows"]  # a collapsed row stands for this many

    def count(mask):
        return int(mask.sum()) if rows is None else int(rows[mask].sum())

    if positive and y.min() <= 0:
        raise InputError(f"income has {count(y <= 0)} zero or negative value(s); this measure needs incomes > 0{tail}")
    if nonnegative and y.min() < 0:
        raise InputError(f"income has {count(y < 0)} negative value(s); this measure needs incomes >= 0{tail}")
    codes = labels = None
    if by is not None:
        codes, labels = _input.groups(None, prep["by"], y.shape[0], name=by if isinstance(by, str) else "by")
    dom = None if domain is None else prep["domain"].astype(bool)
    if dom is not None and not dom.any():
        raise InputError("the domain is empty")
    ex = {k: prep[k] for k in (extra or {})}
    if design is not None:
        spec = design
    elif weights is not None:
        spec = survey.SurveyDesign(weights=weights if isinstance(weights, str) else "<array>")
    else:
        spec = None
    sample = Sample(y, rd, codes, labels, dom, prep.n_dropped, ex, None, spec)
    if job is not None:  # the collapsed table of a dask DataFrame: its rows stand for many
        from ..registry._measures import collapsed_sample

        return collapsed_sample(sample, job)
    return sample


def scatter(u: np.ndarray | None, d: np.ndarray | None, n: int) -> np.ndarray | None:
    """Linearized variable of a domain, padded with zeros to the full sample."""
    if u is None or d is None:
        return u
    out = np.zeros((n,) + u.shape[1:])
    out[d] = u
    return out


def _masks(s: Sample) -> tuple[list, list]:
    if s.codes is None:
        return [s.domain], [None]
    masks = []
    for g in range(len(s.labels)):
        m = s.codes == g
        if s.domain is not None:
            m &= s.domain
        masks.append(m)
    return masks, list(s.labels)


def _check_mass(w: np.ndarray, d: np.ndarray | None, label) -> None:
    mass = w.sum() if d is None else w[d].sum()
    if not mass > 0:
        where = "the sample" if label is None else f"group {label!r}"
        raise InputError(f"{where} has no observation with positive weight")


MAX_KEPT_SCORES = 50_000_000  # PSU-level scores kept per result (400 MB); beyond, cross-group covariances are not kept


@dataclass
class Run:
    """What ``_run`` computed: per domain the values and covariance, and the covariance source."""

    values: list
    covs: list
    labels: list
    ns: list
    source: Any
    df: float | None


def _psu_totals(rd: survey.ResolvedDesign, u: np.ndarray, own: bool) -> np.ndarray:
    """``rd.psu_totals(u)``, weighting a fresh ``u`` in place when every row is its own PSU."""
    if own and isinstance(rd, SimpleDesign) and rd._plain() and survey.writable_scores(u, u):
        u *= rd.weights[:, None]  # the same products, without a second (n, m) array
        return u
    return rd.psu_totals(u)


def _totals_cov(pseudo: survey.ResolvedDesign, T: np.ndarray) -> np.ndarray:
    """``pseudo.linearized_cov(T)``; for one stratum of unit PSUs from cross-products, without the
    centred copy of ``T`` (the totals of influence functions sum to about zero, so nothing cancels)."""
    if isinstance(pseudo, SimpleDesign) and pseudo._plain() and pseudo.n >= 2:
        n = T.shape[0]
        mu = T.mean(axis=0)
        return (T.T @ T - n * np.outer(mu, mu)) * (n / (n - 1))
    return np.atleast_2d(pseudo.linearized_cov(T))


def _domain_rows(rd: survey.ResolvedDesign, T: np.ndarray, d: np.ndarray | None) -> tuple:
    """The PSUs with a non-zero total and their totals: kept per result. A domain's scores are
    zero outside it unless an estimated line (the national median) reaches every row."""
    if d is None:
        return None, T
    nz = np.flatnonzero(np.any(T != 0, axis=1))
    return (None, T) if nz.size == T.shape[0] else (nz, T[nz])


def sample_key(rd: survey.ResolvedDesign, y: np.ndarray) -> str:
    """The sample's fingerprint (``povecon.result.sample_key``), the incomes breaking ties of equal weights."""
    return result_sample_key(rd, (y,))


class _SampleCovariance(LinearizedCovariance):
    """Linearized covariance whose joint key identifies the sample, computed when first asked."""

    def __init__(self, psu_design, scores, rd, y):
        super().__init__(psu_design, scores)
        self._sample = (rd, y)

    def joint_key(self):
        if self._key is None:
            self._key = ("linearized", sample_key(*self._sample))
            self._sample = None
        return self._key


def _linearized_source(pseudo, kept: list, offsets: np.ndarray, rd, y):
    """Covariance of any rows (group g, component j) from the kept sparse PSU totals."""
    n_psu = pseudo.n

    def scores(idx):
        out = np.zeros((n_psu, len(idx)))
        for c, i in enumerate(idx):
            g = int(np.searchsorted(offsets, i, side="right") - 1)
            nz, T = kept[g]
            col = T[:, i - offsets[g]]
            if nz is None:
                out[:, c] = col
            else:
                out[nz, c] = col
        return out

    return _SampleCovariance(pseudo, scores, rd, y)


def _run(kernel: Callable, s: Sample, se: str | None, replicates: int, seed: int | None,
         components: bool = False) -> Run:
    """Values (G, m), covariances (G, m, m) and a covariance source over every (domain, component)."""
    if hasattr(s.design, "job"):
        from ..registry._measures import run as run_collapsed

        return run_collapsed(kernel, s, se, replicates, seed, components)
    inference.options(se, replicates, seed)
    rd = s.design
    masks, labels = _masks(s)
    for d, lab in zip(masks, labels):
        _check_mass(rd.weights, d, lab)
    values, covs, kept = [], [], []
    pseudo = rd.psu_level() if se == "linearized" else None
    budget = MAX_KEPT_SCORES
    for d in masks:
        v, u = kernel(s.y, rd.weights, d, se == "linearized")
        v = np.atleast_1d(np.asarray(v, dtype=np.float64))
        values.append(v)
        if se == "linearized":
            u = u.reshape(s.y.shape[0], -1)
            # the kernel's fresh linearized variable is used once: weight it in place,
            # unless it shares memory with anything still in use
            own = not any(np.may_share_memory(u, a) for a in (v, s.y, rd.weights, *s.extra.values()))
            T = _psu_totals(rd, u, own)
            del u
            covs.append(_totals_cov(pseudo, T))
            if kept is not None:
                nz, rows = _domain_rows(rd, T, d)
                budget -= rows.size
                kept = kept + [(nz, rows)] if budget >= 0 else None
            del T
    source = None
    df = None
    if se in ("bootstrap", "replicate"):
        if se == "bootstrap":
            W = rd.bootstrap_weights(int(replicates), seed)
            kind = "bootstrap"
            key = ("bootstrap", int(replicates), seed, sample_key(rd, s.y))
        else:
            if rd.replicate is None:
                raise InputError("se='replicate' needs SurveyDesign(replicate=...) replicate weights")
            W = rd.replicate
            kind = "replicate"
            key = ("replicate", W.shape[1], sample_key(rd, s.y), float(np.sum(W)))
        reps = [np.empty((W.shape[1], v.shape[0])) for v in values]
        for r in range(W.shape[1]):  # loop over replicates, not observations
            wr = W[:, r]
            for j, d in enumerate(masks):
                if not (wr.sum() if d is None else wr[d].sum()) > 0:
                    raise EstimationError(
                        f"replicate {r} gives {'the sample' if labels[j] is None else f'group {labels[j]!r}'} "
                        "zero weight; the domain is too small for replication, use se='linearized'")
                reps[j][r] = kernel(s.y, wr, d, False)[0]
        covs = [np.atleast_2d(rd.replicate_cov(v, rp, kind)) for v, rp in zip(values, reps)]
        source = ReplicateCovariance(np.concatenate(values), np.column_stack(reps), kind, rd.replicate_scale,
                                     rd.replicate_rscales, key=key)
        df = float(W.shape[1] - 1) if kind == "replicate" else float(rd.df)
    if se == "linearized":
        offsets = np.concatenate([[0], np.cumsum([v.shape[0] for v in values])])
        if kept is not None:
            source = _linearized_source(pseudo, kept, offsets, rd, s.y)
        else:
            source = BlockCovariance(np.repeat(np.arange(len(values)), [v.shape[0] for v in values]), covs,
                                     "linearized")
        df = float(rd.df)
    if se is None:
        covs = [np.full((v.shape[0], v.shape[0]), np.nan) for v in values]
        source = NoCovariance()
    else:
        _input.finite_result([np.diagonal(c) for c in covs], "the standard error", inputs=s.y,
                             only_extreme=components)
    _input.finite_result(values, "the estimate", inputs=s.y, only_extreme=components)
    ns = [s.y.shape[0] if d is None else int(d.sum()) for d in masks]
    return Run(values, covs, labels, ns, source, df)


def _guarded_run(kernel, s, se, replicates, seed, components=False):
    try:
        return _run(kernel, s, se, replicates, seed, components)
    except (OverflowError, FloatingPointError, ZeroDivisionError):
        _input.finite_result(np.nan, "the estimate", inputs=s.y)
        raise


def _info(se, replicates, seed):
    out = {"se_method": se}
    if se == "bootstrap":
        out.update(replicates=int(replicates), seed=seed)
    return out


def _result(run: Run, names: Sequence[str], s: Sample, level: float, params: dict, details: dict, se,
            replicates, seed, per_component: dict | None = None, function: str | None = None) -> Estimate:
    rows = []
    for v, c, lab, n in zip(run.values, run.covs, run.labels, run.ns):
        for k, nm in enumerate(names):
            row = {"measure": nm, "group": lab, "value": v[k], "se": float(np.sqrt(max(c[k, k], 0.0)))
                   if np.isfinite(c[k, k]) else np.nan, "n": n}
            for col, vals in (per_component or {}).items():
                row[col] = vals[k]
            row.update({p: val for p, val in params.items() if (np.isscalar(val) or val is None) and p not in row})
            rows.append(row)
    det = dict(details or {})
    det.update(_info(se, replicates, seed))
    counts = getattr(s.design, "rows", None)
    n_total = s.y.shape[0] if counts is None else int(counts.sum())
    call = s.call or {"function": function or names[0]}
    return Estimate(frame=pd.DataFrame(rows), covariance=run.source, df=run.df, n=n_total,
                    n_dropped=s.n_dropped, params=params, details=det, level=level, se_method=se,
                    call=call, design=s.design_spec)


def estimate(name: str, kernel: Callable, s: Sample, *, se: str | None = "linearized", level: float = 0.95,
             replicates: int = 500, seed: int | None = None, params: dict | None = None,
             details: dict | None = None) -> Estimate:
    """A scalar measure: an ``Estimate`` with one row (per group with ``by``)."""
    level = inference.check_level(level)
    run = _guarded_run(kernel, s, se, replicates, seed)
    return _result(run, [name], s, level, dict(params or {}), dict(details or {}), se, replicates, seed)


def estimate_components(names: Sequence[str], kernel: Callable, s: Sample, *, se="linearized", level=0.95,
                        replicates=500, seed=None, params: dict | None = None, details: dict | None = None,
                        per_component: dict | None = None, function: str | None = None) -> Estimate:
    """A vector of components (e.g. FGT for several alphas, a decomposition): an ``Estimate``
    with one row per (group, component) and their joint covariance (``.cov()``)."""
    level = inference.check_level(level)
    run = _guarded_run(kernel, s, se, replicates, seed, components=True)
    return _result(run, list(names), s, level, dict(params or {}), dict(details or {}), se, replicates, seed,
                   per_component, function)


def domain_view(y: np.ndarray, w: np.ndarray, d: np.ndarray | None):
    return (y, w) if d is None else (y[d], w[d])
