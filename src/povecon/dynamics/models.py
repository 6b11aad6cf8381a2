"""Models of (return to) poverty on a ``PovertyPanel``.

Every function takes a formula and a ``PovertyPanel`` and returns a
``PanelModelResult`` with coefficients, standard errors and average marginal
(partial) effects (AMEs), so that ``model_table`` can set them side by side.

* ``lpm_fe``: linear probability model with household (and year) fixed effects,
  SEs clustered by household (linearmodels ``PanelOLS``). AME = coefficient.
* ``cre_probit``: correlated random-effects probit, Mundlak (household means of
  time-varying regressors) or Chamberlain (their values in every period;
  balanced panels). ``estimator="re"``: random-effects probit by Gauss-Hermite
  ML (``_reprobit``); ``"pooled"``: pooled probit (statsmodels) with clustered SEs.
  Average partial effects (Wooldridge 2010, ch. 15.8) use the coefficients
  scaled by ``1/sqrt(1 + sigma_a^2)``.
* ``dynamic_probit``: dynamic random-effects probit with Wooldridge (2005)
  initial conditions: regressors y_{t-1}, x_it, y_i0, household means of x over
  periods 1..T (and x_i0, as Rabe-Hesketh & Skrondal 2013 advise). APE of
  y_{t-1} is the mean difference in predicted probabilities.
* ``fe_logit``: conditional (fixed-effects) logit (statsmodels ``ConditionalLogit``);
  AMEs are not identified without the fixed effects and are reported as NaN.
* ``reentry_hazard``: discrete-time hazard of re-entry after an exit on
  person-period data (``PovertyPanel.person_period``), cloglog or logit GLM
  (statsmodels) with duration dummies (or log duration), SEs clustered by household.
* ``hausman``: Hausman test of household FE vs RE (linearmodels estimates,
  conventional covariances, as Stata ``hausman`` and R ``plm::phtest``).

Sampling weights (``PovertyPanel(..., weights=)``) are used wherever the engine
takes them: ``lpm_fe`` (weighted least squares), ``cre_probit`` and
``dynamic_probit`` (each household's likelihood weighted; the random-effects probit
then needs weights constant within households) and ``reentry_hazard`` (GLM
``var_weights``) report the weighted (pseudo-ML) estimates with cluster-robust
sandwich SEs by household, which do not change when the weights are rescaled; AMEs
are weighted means. ``fe_logit`` and ``hausman`` cannot use sampling weights and
raise ``InputError`` when the panel's weights are unequal. With all weights equal
every model is exactly the unweighted one.

Outcomes must be 0/1 with variation. The formula's left side defaults to
``poor`` (the panel's status). Missing values in model variables raise unless
``na="drop"`` (the count is reported in ``n_dropped``).
"""

from __future__ import annotations

import warnings
from typing import Any, Callable

import numpy as np
import pandas as pd
from scipy import special, stats

from .. import _input, inference
from .._compat import renamed_parameters
from ..errors import EstimationError, InputError, SpecError
from ..result import DenseCovariance, Result, Summary
from ._reprobit import fit_re_probit
from .panel import PovertyPanel

SEPARATION_BOUND = 15.0  # |coef| beyond this in a probit/logit signals (quasi-)separation


class PanelModelResult(Result):
    """Estimates of one panel model: coefficients and average marginal effects, with their covariance.

    A :class:`povecon.result.Result` whose canonical frame has one row per coefficient
    (``measure="coef"``, ``term=<regressor>``) and one per average marginal (partial)
    effect (``measure="ame"``), with ``value, se, ci_lower, ci_upper, n``. The covariance
    of all rows is known: the engine's coefficient covariance, and for the AMEs the
    delta method on it (AMEs and coefficients jointly), so ``pe.contrast(r, weights=...)``
    gives linear combinations of coefficients or AMEs with correct SEs.

    The statsmodels / linearmodels vocabulary reads the coefficients: :attr:`params`,
    :attr:`std_errors` (alias :attr:`bse`), :attr:`tstats`, :attr:`pvalues`,
    :meth:`conf_int`, :attr:`nobs`, and :meth:`cov` is the coefficient covariance
    (``cov(which="all")`` the covariance of every row). Inference uses the engine's
    distribution: normal for the maximum-likelihood models (``df`` is None); t for
    ``lpm_fe``, on the engine's degrees of freedom (linearmodels ``PanelOLS``: its residual
    degrees of freedom ``df_resid``; pyfixest: clusters minus one). The fitted object of the underlying library is :attr:`engine` (alias
    :attr:`model_result`).

    Parameters
    ----------
    model : str
        Description of the model.
    params : pandas.Series
        Coefficients.
    se : pandas.Series
        Their standard errors.
    ame : pandas.DataFrame
        Average marginal (partial) effects: columns ``ame`` and ``se`` (rows whose
        ``ame`` is NaN, not identified, are left out of the frame).
    nobs : int
        Observations used.
    n_groups : int
        Households used.
    n_dropped : int, default 0
        Rows dropped for missing values.
    cov : pandas.DataFrame, optional
        Covariance of the coefficients.
    engine : optional
        The fitted object of the underlying library.
    details : dict, optional
        Model-specific counts and settings.
    ame_jacobian : numpy.ndarray, optional
        Derivatives of the AMEs with respect to the coefficients (one row per AME): the
        AMEs' covariance and their covariance with the coefficients are then known
        (delta method); otherwise the AMEs carry only their own SEs.
    df : float, optional
        Degrees of freedom of the engine's t inference; None for normal inference.
    se_method : str, optional
        How the coefficient covariance was computed.
    level : float, default 0.95
        Confidence level of the stored intervals.
    """

    _title = "Panel model"

    def __init__(self, model: str, params: pd.Series, se: pd.Series, ame: pd.DataFrame, nobs: int,
                 n_groups: int, n_dropped: int = 0, cov: pd.DataFrame | None = None, engine: Any = None,
                 details: dict | None = None, *, ame_jacobian: np.ndarray | None = None, df: float | None = None,
                 se_method: str | None = None, level: float = 0.95):
        params = pd.Series(params, dtype=np.float64)
        se = pd.Series(np.asarray(se, dtype=np.float64), index=params.index)
        ame = pd.DataFrame(ame)
        keep = np.isfinite(ame["ame"].to_numpy(dtype=float))
        names = [str(t) for t in params.index]
        frame = pd.DataFrame({"measure": ["coef"] * len(params) + ["ame"] * int(keep.sum()),
                              "term": names + [str(t) for t in ame.index[keep]],
                              "value": np.r_[params.to_numpy(), ame["ame"].to_numpy(dtype=float)[keep]],
                              "se": np.r_[se.to_numpy(), ame["se"].to_numpy(dtype=float)[keep]],
                              "n": int(nobs)})
        k, m = len(params), int(keep.sum())
        V = None if cov is None else np.asarray(pd.DataFrame(cov).to_numpy(), dtype=np.float64)
        if V is not None and ame_jacobian is not None:
            J = np.atleast_2d(np.asarray(ame_jacobian, dtype=np.float64))[keep]
            full = np.block([[V, V @ J.T], [J @ V, J @ V @ J.T]])
            covariance = DenseCovariance(full, se_method)
        elif V is not None:
            # AMEs without their derivatives: own variances only, unknown (NaN) covariances
            full = np.full((k + m, k + m), np.nan)
            full[:k, :k] = V
            full[k:, k:][np.diag_indices(m)] = frame["se"].to_numpy()[k:] ** 2
            covariance = DenseCovariance(full, se_method)
        else:
            covariance = None
        super().__init__(frame, covariance=covariance, df=df, n=nobs, n_dropped=n_dropped, level=level,
                         call={"function": model}, se_method=se_method)
        self.model = model
        self.n_groups = int(n_groups)
        self.engine = engine
        self.details = dict(details or {})
        self._ame_index = list(ame.index)

    # --- the statsmodels / linearmodels vocabulary ---------------------------------------
    def _coef(self, col: str) -> pd.Series:
        f = self._frame[self._frame["measure"] == "coef"]
        return pd.Series(f[col].to_numpy(), index=pd.Index(f["term"].to_numpy()), name=col)

    @property
    def nobs(self) -> int:
        """Observations used (as ``n``)."""
        return self.n

    @property
    def params(self) -> pd.Series:
        """Coefficients, indexed by regressor."""
        return self._coef("value").rename("parameter")

    @property
    def std_errors(self) -> pd.Series:
        """Standard errors of the coefficients (linearmodels' name; :attr:`bse` is statsmodels')."""
        return self._coef("se").rename("std_error")

    @property
    def bse(self) -> pd.Series:
        """Standard errors of the coefficients (alias of :attr:`std_errors`)."""
        return self.std_errors

    @property
    def se(self) -> pd.Series:  # type: ignore[override]
        """Deprecated: the coefficients' standard errors; use :attr:`std_errors` (or :attr:`bse`)."""
        warnings.warn("PanelModelResult.se is now .std_errors (or .bse); .se will be removed in the next release",
                      DeprecationWarning, stacklevel=2)
        return self.std_errors

    @property
    def tstats(self) -> pd.Series:
        """Coefficient over standard error (a z statistic when ``df`` is None)."""
        return (self.params / self.std_errors).rename("tstat")

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values of the coefficients: t on ``df`` when known, else normal."""
        t = self.tstats
        return pd.Series(inference.pvalue(t.to_numpy(), self.df), index=t.index, name="pvalue")

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals of the coefficients.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level in (0, 1).

        Returns
        -------
        pandas.DataFrame
            Columns ``lower`` and ``upper``, one row per coefficient.
        """
        q = inference.critical(level, self.df)
        p, s = self.params, self.std_errors
        return pd.DataFrame({"lower": p - q * s, "upper": p + q * s})

    @property
    def ame(self) -> pd.DataFrame:
        """Average marginal (partial) effects: columns ``ame`` and ``se`` (NaN where not identified)."""
        f = self._frame[self._frame["measure"] == "ame"]
        got = pd.DataFrame({"ame": f["value"].to_numpy(), "se": f["se"].to_numpy()}, index=f["term"].to_numpy())
        return got.reindex([str(t) for t in self._ame_index]) if len(got) < len(self._ame_index) else got

    @property
    def model_result(self):
        """The fitted object of the underlying library (alias of :attr:`engine`)."""
        return self.engine

    def cov(self, which: str = "coef") -> pd.DataFrame:  # type: ignore[override]
        """Covariance matrix of the coefficients (``which="all"``: of every row, AMEs included).

        Parameters
        ----------
        which : {"coef", "all"}, default "coef"
            The coefficients only (labelled by regressor, like statsmodels ``cov_params()``),
            or every estimate of the frame (labelled by ``measure`` and ``term``).

        Returns
        -------
        pandas.DataFrame
        """
        if which not in ("coef", "all"):
            raise InputError(f"which must be 'coef' or 'all', got {which!r}")
        if which == "all":
            return super().cov()
        idx = np.flatnonzero((self._frame["measure"] == "coef").to_numpy())
        lab = pd.Index(self._frame["term"].to_numpy()[idx])
        return pd.DataFrame(self._cov_rows(idx), index=lab, columns=lab)

    def cov_params(self) -> pd.DataFrame:
        """Covariance of the coefficients (statsmodels' name; same as :meth:`cov`)."""
        return self.cov()

    def summary(self) -> Summary:
        """Coefficients and AMEs with standard errors, test statistics, p-values and intervals.

        Returns
        -------
        povecon.result.Summary
            Prints as text; ``.table`` is the frame (``t`` when the engine uses t inference,
            else ``z``).
        """
        f = self._frame
        stat = "t" if self.df is not None else "z"
        with np.errstate(invalid="ignore", divide="ignore"):
            z = f["value"] / f["se"]
        table = pd.DataFrame({"measure": f["measure"], "term": f["term"], "value": f["value"], "se": f["se"],
                              stat: z, "pvalue": inference.pvalue(z.to_numpy(), self.df),
                              "ci_lower": f["ci_lower"], "ci_upper": f["ci_upper"]})
        rule = f"t with {self.df:g} degrees of freedom" if self.df is not None else "normal"
        header = [f"Model: {self.model}", f"Observations: {self.n}; households: {self.n_groups}"
                  + (f" ({self.n_dropped} dropped for missing values)" if self.n_dropped else ""),
                  f"Standard errors: {self.se_method or 'model'}", f"Inference: {self.level:.0%} intervals ({rule})"]
        return Summary(f"{self._title}: {self.model}", header, table, list(self.notes))

    def __repr__(self) -> str:
        return f"PanelModelResult({self.model}, nobs={self.nobs}, groups={self.n_groups})"


def model_table(*results: PanelModelResult, digits: int = 3, effects: str = "ame") -> pd.DataFrame:
    """Side-by-side table of several models.

    Parameters
    ----------
    *results : PanelModelResult
        The models, one column each.
    digits : int, default 3
        Decimals shown.
    effects : {"ame", "coef"}, default "ame"
        Average marginal effects or coefficients, with SEs in parentheses.

    Returns
    -------
    pandas.DataFrame
        One row per regressor (and counts), one column per model.
    """
    if effects not in ("ame", "coef"):
        raise InputError("effects must be 'ame' or 'coef'")
    if not results:
        raise InputError("give at least one model result")
    for r in results:
        if not isinstance(r, PanelModelResult):
            raise InputError(f"model_table takes PanelModelResult objects, got {type(r).__name__}")
    cols = {}
    for r in results:
        if effects == "ame":
            est, se = r.ame["ame"], r.ame["se"]
        else:
            est, se = r.params, r.std_errors
        cell = {k: (f"{est[k]:.{digits}f} ({se[k]:.{digits}f})" if np.isfinite(est[k]) else "")
                for k in est.index}
        cell["N obs"] = str(r.nobs)
        cell["N households"] = str(r.n_groups)
        name = r.model
        while name in cols:
            name += "'"
        cols[name] = pd.Series(cell)
    tab = pd.DataFrame(cols)
    tail = ["N obs", "N households"]
    order = [i for i in tab.index if i not in tail] + tail
    return tab.loc[order].fillna("")


# ----------------------------------------------------------------- helpers
def _check_panel(panel: Any) -> PovertyPanel:
    if not isinstance(panel, PovertyPanel):
        raise InputError(f"expected a PovertyPanel, got {type(panel).__name__}")
    panel._refuse("the panel models")
    return panel


def _sampling_weights(panel: PovertyPanel, df: pd.DataFrame, refuse: str | None = None) -> np.ndarray | None:
    """The panel's sampling weights on the rows of ``df``, or None when the panel has
    none or they are all equal (the estimators are then exactly the unweighted ones).

    ``refuse``: the message of the ``InputError`` raised when the weights are unequal,
    for an estimator that cannot use them.
    """
    col = panel.weights_col
    if col is None or col not in df.columns:
        return None
    w = df[col].to_numpy(dtype=float)
    if w.size == 0 or (w == w[0]).all():
        return None
    if refuse is not None:
        raise InputError(refuse)
    # only relative weights matter; mean 1 keeps the likelihood's scale, so iterative fits stop
    # at the same point whatever the scale of the weights
    return w / w.mean()


def _household_weights(w: np.ndarray, grp: np.ndarray, name: str, alternative: str = "") -> np.ndarray:
    """One weight per household (codes ``grp``) from row weights constant within households."""
    s = pd.Series(w).groupby(grp)
    lo, hi = s.min().to_numpy(), s.max().to_numpy()
    varying = int(np.sum(hi - lo > 1e-12 * np.maximum(np.abs(hi), 1.0)))
    if varying:
        raise InputError(
            f"{name}: the random-effects likelihood weights whole households, so the sampling weights "
            f"must be constant within each household, but {varying} household(s) have weights that change "
            "over time; put one household weight (e.g. the base-wave weight) in every row of the weights "
            f"column{alternative}, or build the panel with PovertyPanel(..., weights=None) to fit it unweighted")
    return hi


def _wmean(v: np.ndarray, w: np.ndarray | None) -> float:
    return np.mean(v) if w is None else np.average(v, weights=w)


def _frame_for(formula: str, data: pd.DataFrame, na: str):
    """Rows of ``data`` usable for ``formula`` (missing-value policy applied)."""
    import formulaic

    if not isinstance(formula, str) or "~" not in formula:
        raise SpecError(f"formula must look like 'poor ~ x1 + x2', got {formula!r}")
    if formula.strip().startswith("~"):
        formula = "poor " + formula.strip()
    try:
        need = sorted(formulaic.Formula(formula).required_variables)
    except Exception as exc:
        raise SpecError(f"cannot parse formula {formula!r}: {exc}") from None
    need = [v for v in need if v not in ("np", "C")]
    _input.check_columns(data, need, what="formula variable")
    _input.finite_columns(data, need)
    df = data
    arrays = {v: df[v].to_numpy() for v in need}
    prep = _input.drop_missing({k: (v.astype(float) if v.dtype.kind in "biuf" else v) for k, v in arrays.items()}, na)
    if prep.keep is not None:
        df = df.loc[prep.keep].reset_index(drop=True)
    return formula, df, prep.n_dropped


def _matrices(formula: str, df: pd.DataFrame, intercept: bool):
    import formulaic

    try:
        mm = formulaic.model_matrix(formula, df, na_action="raise")
    except Exception as exc:
        raise SpecError(f"cannot build the design for {formula!r}: {exc}") from None
    y = mm.lhs.iloc[:, 0].to_numpy(dtype=float)
    X = pd.DataFrame(mm.rhs).astype(float)
    if not intercept and "Intercept" in X.columns:
        X = X.drop(columns="Intercept")
    if intercept and "Intercept" not in X.columns:
        X.insert(0, "Intercept", 1.0)
    X.index = df.index
    return y, X


def _binary(y: np.ndarray, what: str = "outcome") -> None:
    if not np.isin(y, (0.0, 1.0)).all():
        raise InputError(f"the {what} must be 0/1")
    if y.min() == y.max():
        raise EstimationError(f"the {what} does not vary (all {int(y[0])}); nothing to estimate")


def _within_varying(X: pd.DataFrame, grp: np.ndarray) -> list[str]:
    out = []
    for c in X.columns:
        v = X[c].to_numpy()
        gmin = pd.Series(v).groupby(grp).transform("min").to_numpy()
        gmax = pd.Series(v).groupby(grp).transform("max").to_numpy()
        if (gmax > gmin).any():
            out.append(c)
    return out


def _group_mean(v: np.ndarray, grp: np.ndarray) -> np.ndarray:
    G = grp.max() + 1
    return (np.bincount(grp, weights=v, minlength=G) / np.bincount(grp, minlength=G))[grp]


def _delta(fun: Callable[[np.ndarray], np.ndarray], theta: np.ndarray, cov: np.ndarray):
    from statsmodels.tools.numdiff import approx_fprime

    val = fun(theta)
    J = np.atleast_2d(approx_fprime(theta, fun, centered=True))
    return val, np.sqrt(np.clip(np.diag(J @ cov @ J.T), 0, None)), J


def _check_separation(params: pd.Series, model: str) -> None:
    big = params.index[np.abs(params.to_numpy()) > SEPARATION_BOUND]
    if len(big):
        raise EstimationError(
            f"{model}: coefficients of {list(big)} diverge: the outcome is (quasi-)perfectly separated "
            "by these regressors; drop or recode them")


def _weighted_glm(y, X, link, w, grp):
    """Binomial GLM with sampling weights as ``var_weights`` and the cluster sandwich.

    With the binomial family (scale 1) statsmodels' cluster covariance under
    ``var_weights`` is the sandwich of the weighted scores and the weighted Hessian
    (checked in tests/test_dynamics_weights.py), invariant to the scale of the weights;
    its warning that robust covariances are "not fully supported with var_weights"
    concerns families with an estimated scale and is silenced here. The weights are
    rescaled to mean 1 so that IRLS stops at the same iterate whatever their scale.
    """
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import SpecificationWarning

    model = sm.GLM(y, X, family=sm.families.Binomial(link), var_weights=w / np.mean(w))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=SpecificationWarning, message=".*var_weights")
        return model.fit(cov_type="cluster", cov_kwds={"groups": grp})


# ------------------------------------------------------------------ models
def lpm_fe(formula: str, panel: PovertyPanel, *, time_effects: bool = True, na: str = "raise",
           engine: str = "linearmodels") -> PanelModelResult:
    """Linear probability model with household (and year) fixed effects, SEs clustered by household.

    ``engine="linearmodels"`` (default): ``PanelOLS``; its clustered covariance scales by
    ``n / (n - k - absorbed effects)``, counting the household effects even though they
    are nested in the clusters. ``engine="pyfixest"`` (optional dependency, about 2x
    faster on registry-scale panels): ``feols(y ~ x | household + year)`` with CRV1,
    which leaves nested effects out of the correction (Stata ``reghdfe``, R ``fixest``).
    The coefficients are identical; the SEs differ only by that factor (about 1 + 1/(T-1)
    for T waves, e.g. 7% with 8 waves).

    With unequal sampling weights in the panel both engines fit weighted least squares
    (``PanelOLS(weights=)``, ``feols(weights=)``); the clustered SEs are the sandwich,
    unchanged by rescaling the weights.

    The average marginal effects are the coefficients.

    Parameters
    ----------
    formula : str
        A formulaic formula such as ``"poor ~ x1 + x2"``; a missing left side
        (``"~ x1 + x2"``) means the panel's status ``poor``. The outcome must be
        0/1 with variation.
    panel : PovertyPanel
        The panel whose data the formula refers to.
    time_effects : bool, default True
        Whether to add year fixed effects.
    na : {"raise", "drop"}, default "raise"
        Missing values in the model's variables raise :class:`InputError`, or
        their rows are dropped (counted in ``n_dropped``).
    engine : {"linearmodels", "pyfixest"}, default "linearmodels"
        ``"linearmodels"``: ``PanelOLS``, whose clustered covariance counts the
        absorbed household effects in the small-sample factor. ``"pyfixest"``
        (optional dependency, faster on large panels): ``feols`` with CRV1,
        which leaves nested effects out (Stata ``reghdfe``, R ``fixest``).
        Coefficients are identical; SEs differ by about ``1 + 1/(T-1)``.

    Returns
    -------
    PanelModelResult

    Raises
    ------
    SpecError
        A formula that does not parse or names unknown columns.
    EstimationError
        An outcome without variation, or a fit that does not converge.
    """
    if engine not in ("linearmodels", "pyfixest"):
        raise InputError(f"engine must be 'linearmodels' or 'pyfixest', got {engine!r}")
    time_effects = _input.bool_option(time_effects, "time_effects")
    panel = _check_panel(panel)
    formula, df, nd = _frame_for(formula, panel.data, na)
    y, X = _matrices(formula, df, intercept=False)
    _binary(y)
    w = _sampling_weights(panel, df)
    _input.full_rank(X, list(X.columns))
    if engine == "pyfixest":
        return _lpm_fe_pyfixest(formula, panel, df, y, X, time_effects, nd, w)
    from linearmodels import PanelOLS

    idx = pd.MultiIndex.from_arrays([df[panel.id].to_numpy(), df[panel.time].to_numpy()])
    mod = PanelOLS(pd.Series(y, index=idx, name=formula.split("~")[0].strip()),
                   X.set_index(idx), entity_effects=True, time_effects=time_effects,
                   drop_absorbed=False, check_rank=True,
                   weights=None if w is None else pd.Series(w, index=idx, name="weights"))
    from linearmodels.panel.utility import AbsorbingEffectError

    try:
        fit = mod.fit(cov_type="clustered", cluster_entity=True)
    except AbsorbingEffectError as exc:
        detail = " ".join(ln for ln in str(exc).strip().splitlines() if "drop_absorbed" not in ln).strip()
        raise SpecError(f"lpm_fe: regressors absorbed by the fixed effects (time-invariant, or "
                        f"collinear with year effects); drop them. {detail}") from None
    p, se = fit.params, fit.std_errors
    # PanelOLS fits debiased by default: its p-values and intervals are t on df_resid, and so are ours
    df_t = float(fit.df_resid) if getattr(fit, "_debiased", False) else None
    return PanelModelResult("LPM-FE", p, se, pd.DataFrame({"ame": p, "se": se}), int(fit.nobs),
                            int(fit.entity_info["total"]), nd, fit.cov, fit,
                            {"time_effects": time_effects, "r2_within": float(fit.rsquared_within),
                             "engine": "linearmodels", "weighted": w is not None},
                            ame_jacobian=np.eye(len(p)), df=df_t, se_method="cluster-robust (household)")


def _lpm_fe_pyfixest(formula, panel, df, y, X, time_effects, nd, w=None) -> PanelModelResult:
    try:
        import pyfixest as pf
    except ImportError:
        raise InputError("engine='pyfixest' needs the pyfixest package (pip install pyfixest)") from None
    # pyfixest gets plain column names: the design matrix already holds the formula's terms
    names = [f"x{j}" for j in range(X.shape[1])]
    frame = pd.DataFrame(X.to_numpy(dtype=float), columns=names)
    frame["_y"] = y
    frame["_id"] = pd.factorize(df[panel.id])[0]
    frame["_t"] = pd.factorize(df[panel.time])[0]
    fe = "_id + _t" if time_effects else "_id"
    if w is not None:
        frame["_w"] = w
    try:
        fit = pf.feols(f"_y ~ {' + '.join(names)} | {fe}", frame, vcov={"CRV1": "_id"},
                       weights=None if w is None else "_w")
    except Exception as exc:  # pyfixest's own errors (collinearity, ...) carry its message
        raise SpecError(f"lpm_fe (pyfixest): {exc}") from None
    coef = fit.coef()
    if list(coef.index) != names:
        dropped = sorted(set(names) - set(coef.index))
        raise SpecError("lpm_fe: regressors absorbed by the fixed effects (time-invariant, or collinear with "
                        f"year effects): {[X.columns[names.index(d)] for d in dropped]}; drop them")
    p = pd.Series(coef.to_numpy(), index=X.columns, name="parameter")
    se = pd.Series(fit.se().to_numpy(), index=X.columns, name="std_error")
    cov = pd.DataFrame(np.asarray(fit._vcov), index=X.columns, columns=X.columns)
    # pyfixest's CRV1 inference is t on clusters minus one: the result uses the same df
    return PanelModelResult("LPM-FE", p, se, pd.DataFrame({"ame": p, "se": se}), int(fit._N),
                            int(frame["_id"].nunique()), nd, cov, fit,
                            {"time_effects": time_effects, "engine": "pyfixest", "weighted": w is not None},
                            ame_jacobian=np.eye(len(p)), df=float(fit._df_t), se_method="cluster-robust (household)")


def cre_probit(formula: str, panel: PovertyPanel, *, method: str = "mundlak", estimator: str = "re",
               n_nodes: int | str = "auto", na: str = "raise") -> PanelModelResult:
    """Correlated random-effects probit (Mundlak or Chamberlain device).

    With unequal sampling weights: ``estimator="re"`` weights each household's
    log-likelihood by its weight (which must be constant within the household) and
    ``"pooled"`` fits a weighted probit GLM (statsmodels ``var_weights``); both report
    cluster-robust sandwich SEs by household and weighted APEs. The Mundlak means are
    the households' own (unweighted) means over periods.

    Average partial effects (Wooldridge 2010, ch. 15.8) use the coefficients scaled
    by ``1/sqrt(1 + sigma_a^2)``.

    Parameters
    ----------
    formula : str
        A formulaic formula such as ``"poor ~ x1 + x2"``; a missing left side
        (``"~ x1 + x2"``) means the panel's status ``poor``. The outcome must be
        0/1 with variation.
    panel : PovertyPanel
        The panel whose data the formula refers to.
    method : {"mundlak", "chamberlain"}, default "mundlak"
        Household means of the time-varying regressors (Mundlak) or their values
        in every period (Chamberlain; balanced panels only).
    estimator : {"re", "pooled"}, default "re"
        Random-effects probit by Gauss-Hermite maximum likelihood, or pooled
        probit with SEs clustered by household.
    n_nodes : int or "auto", default "auto"
        Gauss-Hermite quadrature nodes of the random-effects likelihood;
        ``"auto"`` starts at 32 and doubles until the maximum is stable.
    na : {"raise", "drop"}, default "raise"
        Missing values in the model's variables raise :class:`InputError`, or
        their rows are dropped (counted in ``n_dropped``).

    Returns
    -------
    PanelModelResult

    Raises
    ------
    SpecError
        A formula that does not parse or names unknown columns.
    EstimationError
        An outcome without variation, or a fit that does not converge.
    """
    if method not in ("mundlak", "chamberlain"):
        raise InputError("method must be 'mundlak' or 'chamberlain'")
    if estimator not in ("re", "pooled"):
        raise InputError("estimator must be 're' or 'pooled'")
    n_nodes = inference.check_n_nodes(n_nodes)
    panel = _check_panel(panel)
    formula, df, nd = _frame_for(formula, panel.data, na)
    y, X = _matrices(formula, df, intercept=True)
    _binary(y)
    grp = pd.factorize(df[panel.id])[0]
    tv = _within_varying(X.drop(columns="Intercept"), grp)
    if not tv:
        raise SpecError("no regressor varies within households; a CRE model needs time-varying regressors")
    Z = X.copy()
    if method == "mundlak":
        for c in tv:
            m = _group_mean(X[c].to_numpy(), grp)
            if np.ptp(m) > 1e-12:  # a year dummy's mean is 1/T for everyone in a balanced panel: no information
                Z[f"mean({c})"] = m
    else:
        counts = np.bincount(grp)
        if not (counts == panel.periods.size).all():
            raise EstimationError("the Chamberlain device needs a balanced panel; use method='mundlak'")
        tcode = np.searchsorted(panel.periods, df[panel.time].to_numpy())
        for c in tv:
            wide = np.zeros((grp.max() + 1, panel.periods.size))
            wide[grp, tcode] = X[c].to_numpy()
            for k, per in enumerate(panel.periods):
                Z[f"{c}_{per}"] = wide[grp, k]
        # one period's values would be collinear with x itself only via the sum; keep all (Chamberlain 1980)
    rank = np.linalg.matrix_rank(Z.to_numpy(dtype=float))
    if rank < Z.shape[1]:
        raise SpecError(f"the CRE design has {Z.shape[1]} columns but rank {rank}: some regressors are collinear "
                        f"(columns: {', '.join(map(str, Z.columns))}); drop one of each collinear set")
    w = _sampling_weights(panel, df)
    return _fit_probit(Z, y, grp, tv, {}, f"CRE-probit ({method}, {estimator})", estimator, n_nodes, nd,
                       w=w, alternative=", or use estimator='pooled'")


def _fit_probit(Z, y, grp, effects, discrete, name, estimator, n_nodes, nd, details=None, w=None,
                alternative=""):
    """Fit RE or pooled probit on design Z; APEs for ``effects`` (derivatives)
    and ``discrete`` ({name: column}: 0 -> 1 differences). ``w``: row sampling
    weights (None: unweighted)."""
    cols = list(Z.columns)
    Xa = Z.to_numpy()
    G = int(grp.max()) + 1
    if estimator == "re":
        wg = None if w is None else _household_weights(w, grp, name, alternative)
        fit = fit_re_probit(Xa, y, grp, n_nodes=n_nodes, cluster=False, weights=wg)
        theta, cov = fit.params, fit.cov
        names = cols + ["log_sigma_u"]
        engine = fit
        if not fit.converged:
            raise EstimationError(f"{name}: maximum likelihood did not converge")

        def scale(t):
            return 1 / np.sqrt(1 + np.exp(2 * t[-1]))
    else:
        import statsmodels.api as sm
        from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

        with warnings.catch_warnings():
            warnings.simplefilter("error", PerfectSeparationWarning)
            try:
                if w is None:
                    fit = sm.Probit(y, Z).fit(disp=0, cov_type="cluster", cov_kwds={"groups": grp})
                else:
                    fit = _weighted_glm(y, Z, sm.families.links.Probit(), w, grp)
            except (PerfectSeparationWarning, Exception) as exc:
                if "separation" in str(exc).lower():
                    raise EstimationError(f"{name}: perfect separation: {exc}") from None
                if isinstance(exc, np.linalg.LinAlgError):
                    raise EstimationError(f"{name}: singular information matrix (separation or "
                                          f"collinear regressors): {exc}") from None
                raise
        theta, cov = fit.params.to_numpy(), fit.cov_params().to_numpy()
        names = cols
        engine = fit

        def scale(t):
            return 1.0

    params = pd.Series(theta, index=names)
    _check_separation(params.drop("log_sigma_u", errors="ignore"), name)
    k = len(cols)
    pos = {c: cols.index(c) for c in cols}

    def apes(t):
        b = t[:k] * scale(t)
        xb = Xa @ b
        out = [_wmean(stats.norm.pdf(xb), w) * b[pos[c]] for c in effects]
        for c in discrete.values():
            j = pos[c]
            base = xb - Xa[:, j] * b[j]
            out.append(_wmean(special.ndtr(base + b[j]) - special.ndtr(base), w))
        return np.array(out)

    val, se, J = _delta(apes, theta, cov)
    ame = pd.DataFrame({"ame": val, "se": se}, index=list(effects) + list(discrete.keys()))
    det = dict(details or {})
    det["weighted"] = w is not None
    if estimator == "re":
        s2 = np.exp(2 * theta[-1])
        det.update(sigma_u=float(np.sqrt(s2)), rho=float(s2 / (1 + s2)), loglike=fit.loglike,
                   quadrature_nodes=fit.n_nodes)
    sandwich = estimator != "re" or w is not None
    return PanelModelResult(name, params, pd.Series(np.sqrt(np.diag(cov)), index=names), ame,
                            int(len(y)), G, nd, pd.DataFrame(cov, index=names, columns=names), engine, det,
                            ame_jacobian=J, se_method="cluster-robust (household)" if sandwich
                            else "model-based (inverse Hessian)")


def dynamic_probit(formula: str, panel: PovertyPanel, *, initial_x: bool = True, n_nodes: int | str = "auto",
                   na: str = "raise") -> PanelModelResult:
    """Dynamic random-effects probit of the outcome on its lag with Wooldridge (2005) initial conditions.

    Needs consecutive periods (a panel built with gaps='split' that has gaps raises).
    Households observed once cannot contribute and are counted in
    ``details['n_households_single']``. Unequal sampling weights (constant within
    households) weight each household's log-likelihood; the SEs are then the
    cluster-robust sandwich and the APEs weighted means.

    Regressors: ``y_{t-1}``, ``x_it``, ``y_i0`` and household means of ``x``. Needs
    consecutive periods (a panel built with ``gaps="split"`` that has gaps raises);
    households observed once are counted in ``details["n_households_single"]``.

    Parameters
    ----------
    formula : str
        A formulaic formula such as ``"poor ~ x1 + x2"``; a missing left side
        (``"~ x1 + x2"``) means the panel's status ``poor``. The outcome must be
        0/1 with variation.
    panel : PovertyPanel
        The panel whose data the formula refers to.
    initial_x : bool, default True
        Also include the initial-period regressors ``x_i0``, as Rabe-Hesketh and
        Skrondal (2013) advise.
    n_nodes : int or "auto", default "auto"
        Gauss-Hermite quadrature nodes of the random-effects likelihood;
        ``"auto"`` starts at 32 and doubles until the maximum is stable.
    na : {"raise", "drop"}, default "raise"
        Missing values in the model's variables raise :class:`InputError`, or
        their rows are dropped (counted in ``n_dropped``).

    Returns
    -------
    PanelModelResult

    Raises
    ------
    SpecError
        A formula that does not parse or names unknown columns.
    EstimationError
        An outcome without variation, or a fit that does not converge.
    """
    n_nodes = inference.check_n_nodes(n_nodes)
    panel = _check_panel(panel)
    if panel.n_gaps:
        raise EstimationError(f"dynamic_probit needs consecutive periods; the panel has {panel.n_gaps} gap(s)")
    formula, df, nd = _frame_for(formula, panel.data, na)
    if nd:
        raise EstimationError("dynamic_probit needs complete histories; missing values would open gaps")
    y, X = _matrices(formula, df, intercept=True)
    _binary(y)
    grp = pd.factorize(df[panel.id])[0]
    n = len(y)
    first = np.r_[True, grp[1:] != grp[:-1]]
    idx_first = np.flatnonzero(first)
    first_of = idx_first[np.cumsum(first) - 1]
    est = ~first
    if not est.any():
        raise EstimationError("no household is observed twice")
    single = int(np.sum(np.bincount(grp) == 1))
    xs = X.drop(columns="Intercept")
    tv = _within_varying(xs, grp)
    g_est = pd.factorize(grp[est])[0]
    Z = pd.DataFrame({"Intercept": np.ones(est.sum())})
    ylag = np.r_[np.nan, y[:-1]][est]
    Z["y_lag"] = ylag
    for c in xs.columns:
        Z[c] = xs[c].to_numpy()[est]
    Z["y_0"] = y[first_of][est]
    for c in tv:
        Z[f"mean({c})"] = _group_mean(Z[c].to_numpy(), g_est)
        if initial_x:
            Z[f"{c}_0"] = xs[c].to_numpy()[first_of][est]
    ys = y[est]
    _binary(ys, "outcome after the first period")
    w = _sampling_weights(panel, df)
    _input.full_rank(Z, list(Z.columns), "the dynamic probit regressors")
    return _fit_probit(Z, ys, g_est, list(xs.columns), {"y_lag": "y_lag"},
                       "dynamic RE probit (Wooldridge)", "re", n_nodes, nd,
                       {"n_households_single": single, "nobs_initial": int(first.sum())},
                       w=None if w is None else w[est])


def fe_logit(formula: str, panel: PovertyPanel, *, na: str = "raise") -> PanelModelResult:
    """Conditional (fixed-effects) logit.

    Households whose outcome never changes carry no information; their count is in
    ``details["n_groups_no_variation"]``. AMEs are not identified and are NaN.

    The engine (statsmodels ``ConditionalLogit``) takes no weights: a panel with
    unequal sampling weights raises ``InputError``.

    Parameters
    ----------
    formula : str
        A formulaic formula such as ``"poor ~ x1 + x2"``; a missing left side
        (``"~ x1 + x2"``) means the panel's status ``poor``. The outcome must be
        0/1 with variation.
    panel : PovertyPanel
        The panel whose data the formula refers to.
    na : {"raise", "drop"}, default "raise"
        Missing values in the model's variables raise :class:`InputError`, or
        their rows are dropped (counted in ``n_dropped``).

    Returns
    -------
    PanelModelResult

    Raises
    ------
    SpecError
        A formula that does not parse or names unknown columns.
    EstimationError
        An outcome without variation, or a fit that does not converge.
    """
    from statsmodels.discrete.conditional_models import ConditionalLogit

    panel = _check_panel(panel)
    formula, df, nd = _frame_for(formula, panel.data, na)
    _sampling_weights(panel, df, refuse=(
        "fe_logit: the conditional logit (statsmodels ConditionalLogit) does not support sampling weights, "
        f"and the panel's weights ({panel.weights_col!r}) are unequal; build the panel with "
        "PovertyPanel(..., weights=None) to fit the unweighted conditional logit, or use lpm_fe, "
        "which uses the weights"))
    y, X = _matrices(formula, df, intercept=False)
    _binary(y)
    grp = pd.factorize(df[panel.id])[0]
    ysum = np.bincount(grp, weights=y)
    cnt = np.bincount(grp)
    informative = (ysum > 0) & (ysum < cnt)
    if not informative.any():
        raise EstimationError("fe_logit: no household's outcome changes over time; nothing to estimate")
    keep = informative[grp]
    _input.full_rank(X.loc[keep], list(X.columns))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            # Newton with a tight tolerance: the default stops ~1e-4 short of the optimum
            fit = ConditionalLogit(y[keep], X.loc[keep].reset_index(drop=True), groups=grp[keep]).fit(
                disp=0, method="newton", tol=1e-12, maxiter=200)
        except np.linalg.LinAlgError:
            raise EstimationError("fe_logit: singular information matrix (separation or collinearity)") from None
    params, se = fit.params, fit.bse
    _check_separation(params, "fe_logit")
    if not np.all(np.isfinite(se)):
        raise EstimationError("fe_logit: singular information matrix (separation or collinearity)")
    ame = pd.DataFrame({"ame": np.nan, "se": np.nan}, index=params.index)
    return PanelModelResult("FE logit (conditional)", params, se, ame, int(keep.sum()),
                            int(informative.sum()), nd, fit.cov_params(), fit,
                            {"n_groups_no_variation": int((~informative).sum())},
                            se_method="model-based (inverse Hessian)")


def reentry_hazard(formula: str, panel: PovertyPanel, *, link: str = "cloglog", duration: str = "dummies",
                   na: str = "raise") -> PanelModelResult:
    """Discrete-time hazard of re-entry into poverty after an observed exit.

    ``formula`` is the right-hand side (``"~ x1 + x2"``, or ``"~ 1"``); covariates
    are taken at the last non-poor wave. ``duration``: "dummies" (one per year since
    exit, the baseline hazard), "log" (log years since exit) or "none".
    Unequal sampling weights (those of the origin waves) enter the GLM as
    ``var_weights``: weighted pseudo-ML estimates, cluster-robust sandwich SEs by
    household (unchanged by rescaling the weights), weighted AMEs.

    Fitted on :meth:`PovertyPanel.person_period` rows with SEs clustered by
    household; covariates are taken at the last non-poor wave.

    Parameters
    ----------
    formula : str
        The right-hand side (``"~ x1 + x2"``, or ``"~ 1"``).
    panel : PovertyPanel
        The panel; it needs observed exits.
    link : {"cloglog", "logit"}, default "cloglog"
        Link of the binary GLM.
    duration : {"dummies", "log", "none"}, default "dummies"
        Baseline hazard: one dummy per year since exit, log years since exit,
        or none.
    na : {"raise", "drop"}, default "raise"
        Missing values in the model's variables raise :class:`InputError`, or
        their rows are dropped (counted in ``n_dropped``).

    Returns
    -------
    PanelModelResult

    Raises
    ------
    SpecError
        A formula that does not parse or names unknown columns.
    EstimationError
        An outcome without variation, or a fit that does not converge.
    """
    import statsmodels.api as sm

    if link not in ("cloglog", "logit"):
        raise InputError("link must be 'cloglog' or 'logit'")
    if duration not in ("dummies", "log", "none"):
        raise InputError("duration must be 'dummies', 'log' or 'none'")
    panel = _check_panel(panel)
    if not isinstance(formula, str):
        raise SpecError(f"formula must be a string such as '~ x1 + x2', got {type(formula).__name__}")
    pp = panel.person_period()
    if pp.empty:
        raise EstimationError("no household is at risk of re-entry (no observed exit followed by an observation)")
    rhs = formula.split("~", 1)[1] if "~" in formula else formula
    f = "event ~ " + rhs
    formula_, df, nd = _frame_for(f, pp, na)
    y, X = _matrices(formula_, df, intercept=True)
    _binary(y, "re-entry event")
    d = df["years_since_exit"].to_numpy()
    covars = [c for c in X.columns if c != "Intercept"]
    if duration == "dummies":
        X = X.drop(columns="Intercept")
        for k in np.unique(d):
            X[f"d{k}"] = (d == k).astype(float)
    elif duration == "log":
        X["log_years_since_exit"] = np.log(d)
    _input.full_rank(X, list(X.columns), "the hazard regressors")
    grp = pd.factorize(df[panel.id])[0]
    w = _sampling_weights(panel, df)
    fam = sm.families.Binomial(sm.families.links.CLogLog() if link == "cloglog" else sm.families.links.Logit())
    if w is None:
        fit = sm.GLM(y, X, family=fam).fit(cov_type="cluster", cov_kwds={"groups": grp})
    else:
        fit = _weighted_glm(y, X, fam.link, w, grp)
    params = fit.params
    _check_separation(params, "reentry_hazard")
    Xa = X.to_numpy()
    pos = [list(X.columns).index(c) for c in covars]

    def ames(t):
        dmu = fam.link.inverse_deriv(Xa @ t)
        return np.array([_wmean(dmu, w) * t[j] for j in pos])

    val, se, J = _delta(ames, params.to_numpy(), fit.cov_params().to_numpy())
    return PanelModelResult(f"re-entry hazard ({link})", params, fit.bse,
                            pd.DataFrame({"ame": val, "se": se}, index=covars), int(fit.nobs),
                            int(grp.max() + 1), nd, fit.cov_params(), fit,
                            {"duration": duration, "person_periods": int(len(y)), "events": int(y.sum()),
                             "weighted": w is not None},
                            ame_jacobian=J, se_method="cluster-robust (household)")


class HausmanResult(Result):
    """The Hausman test of household fixed vs random effects.

    A :class:`povecon.result.Result` with one row, ``measure="hausman"``: ``value`` (and
    ``stat``) the chi-square statistic, ``pvalue`` its p-value; ``se`` is NaN (a test
    statistic has no standard error). The attributes :attr:`statistic`, :attr:`chi2_df` (the
    chi-square degrees of freedom, the rank of ``V_FE - V_RE``), :attr:`pvalue`, the compared
    coefficients :attr:`fe` and :attr:`re` and the fits :attr:`fe_fit`, :attr:`re_fit`
    (linearmodels). As on every result, :attr:`df` is the design degrees of freedom of
    intervals: None here (a test statistic has no interval). Mapping access
    (``h["statistic"]``, and ``h["df"]`` for the chi-square degrees of freedom) still works
    for one release, with a ``DeprecationWarning``; so does ``HausmanResult(df=...)``.

    Parameters
    ----------
    statistic : float
        The chi-square statistic.
    chi2_df : int
        Its degrees of freedom (formerly ``df=``).
    pvalue : float
        Its p-value.
    fe, re : pandas.Series
        The compared coefficients of the fixed- and random-effects models.
    n_dropped : int
        Rows dropped for missing values.
    fe_fit, re_fit : optional
        The fitted linearmodels objects.
    nobs : int, optional
        Observations used.
    """

    _title = "Hausman test, fixed vs random effects"
    _KEYS = ("statistic", "chi2_df", "df", "pvalue", "fe", "re", "n_dropped", "fe_fit", "re_fit")

    @renamed_parameters(df="chi2_df")
    def __init__(self, statistic: float, chi2_df: int, pvalue: float, fe: pd.Series, re: pd.Series,
                 n_dropped: int = 0, fe_fit: Any = None, re_fit: Any = None, nobs: int | None = None):
        frame = pd.DataFrame({"measure": ["hausman"], "value": [float(statistic)], "se": [np.nan],
                              "n": [nobs], "stat": [float(statistic)], "pvalue": [float(pvalue)]})
        super().__init__(frame, n=nobs, n_dropped=n_dropped, call={"function": "hausman"},
                         notes=["chi-square test; its degrees of freedom are the rank of V_FE - V_RE"])
        # Result.df is the design df of intervals (None: no interval); the test's df has its own name
        self.chi2_df = int(chi2_df)
        self.statistic = float(statistic)
        self.pvalue = float(pvalue)
        self.fe, self.re = fe, re
        self.fe_fit, self.re_fit = fe_fit, re_fit

    def _with_ci(self, f, level):
        f = f.copy()
        f["ci_lower"] = np.nan
        f["ci_upper"] = np.nan
        return f

    def __getitem__(self, key):
        if isinstance(key, str) and key in self._KEYS:
            # the old mapping's "df" was the chi-square degrees of freedom
            attr = "chi2_df" if key == "df" else key
            warnings.warn(f"the Hausman result is no longer a mapping: use h.{attr} instead of h[{key!r}] "
                          "(mapping access will be removed in the next release)", DeprecationWarning, stacklevel=2)
            return getattr(self, attr)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        return key in self._KEYS

    def keys(self):
        """Deprecated mapping keys (``statistic``, ``chi2_df`` (also ``df``), ``pvalue``, ...).

        Returns
        -------
        list of str
        """
        return list(self._KEYS)

    def coefficients(self) -> pd.DataFrame:
        """The compared coefficients side by side, with their difference.

        Returns
        -------
        pandas.DataFrame
            Columns ``fe``, ``re`` and ``difference``, one row per coefficient.
        """
        return pd.DataFrame({"fe": self.fe, "re": self.re, "difference": self.fe - self.re})

    def summary(self) -> Summary:
        """The statistic, its degrees of freedom and p-value, and the compared coefficients.

        Returns
        -------
        povecon.result.Summary
        """
        table = self.coefficients()
        header = [f"chi2({self.chi2_df}) = {self.statistic:.4g}, p = {self.pvalue:.4g}",
                  f"Observations: {self.n if self.n is not None else 'n/a'}"
                  + (f" ({self.n_dropped} dropped for missing values)" if self.n_dropped else "")]
        return Summary(self._title, header, table, list(self.notes))

    def __repr__(self) -> str:
        return f"HausmanResult(statistic={self.statistic:.6g}, chi2_df={self.chi2_df}, pvalue={self.pvalue:.4g})"


def hausman(formula: str, panel: PovertyPanel, *, na: str = "raise") -> HausmanResult:
    """Hausman test of household fixed vs random effects (linear, conventional covariances).

    Returns ``statistic``, ``chi2_df``, ``pvalue`` and both coefficient vectors. The
    contrast covariance ``V_FE - V_RE`` is inverted by pseudo-inverse; ``chi2_df`` is its rank.
    The test rests on RE being efficient under the null, which fails with sampling
    weights: a panel with unequal weights raises ``InputError``.

    The contrast covariance ``V_FE - V_RE`` is inverted by pseudo-inverse; ``chi2_df`` is
    its rank (as Stata ``hausman`` and R ``plm::phtest``).

    Parameters
    ----------
    formula : str
        A formulaic formula such as ``"poor ~ x1 + x2"``; a missing left side
        (``"~ x1 + x2"``) means the panel's status ``poor``. The outcome must be
        0/1 with variation.
    panel : PovertyPanel
        The panel whose data the formula refers to.
    na : {"raise", "drop"}, default "raise"
        Missing values in the model's variables raise :class:`InputError`, or
        their rows are dropped (counted in ``n_dropped``).

    Returns
    -------
    HausmanResult
        A result with one row (``measure="hausman"``, the statistic as ``value`` and
        ``stat``, its ``pvalue``); attributes ``statistic``, ``chi2_df`` (its degrees of
        freedom; ``df`` is the design df of intervals, None), ``pvalue``, both
        coefficient vectors (``fe``, ``re``) and the fits; ``coefficients()`` sets the
        coefficients side by side.

    Raises
    ------
    SpecError
        A formula that does not parse or names unknown columns.
    EstimationError
        An outcome without variation, or a fit that does not converge.
    """
    from linearmodels import PanelOLS, RandomEffects

    panel = _check_panel(panel)
    formula, df, nd = _frame_for(formula, panel.data, na)
    _sampling_weights(panel, df, refuse=(
        "hausman: the Hausman test compares conventional covariances and needs the random-effects "
        "estimator to be efficient, which fails with sampling weights, and the panel's weights "
        f"({panel.weights_col!r}) are unequal; build the panel with PovertyPanel(..., weights=None) to "
        "test the unweighted models"))
    y, X = _matrices(formula, df, intercept=True)
    if np.ptp(y) == 0:
        raise EstimationError(f"hausman: the outcome does not vary (all {y[0]:g}); nothing to test")
    _input.full_rank(X, list(X.columns))
    idx = pd.MultiIndex.from_arrays([df[panel.id].to_numpy(), df[panel.time].to_numpy()])
    ys = pd.Series(y, index=idx, name="y")
    Xi = X.set_index(idx)
    from linearmodels.panel.utility import AbsorbingEffectError

    try:
        fe = PanelOLS(ys, Xi.drop(columns="Intercept"), entity_effects=True).fit()
        re = RandomEffects(ys, Xi).fit()
    except AbsorbingEffectError:
        raise SpecError("hausman: every regressor is absorbed by the household effects (none varies within "
                        "households); the test needs time-varying regressors") from None
    except (ValueError, np.linalg.LinAlgError, ZeroDivisionError) as exc:
        raise EstimationError(f"hausman: the FE or RE model cannot be estimated on these data "
                              f"(too few households or no within variation): {exc}") from None
    common = [c for c in fe.params.index if c in re.params.index]
    dvec = (fe.params[common] - re.params[common]).to_numpy()
    V = fe.cov.loc[common, common].to_numpy() - re.cov.loc[common, common].to_numpy()
    stat = float(dvec @ np.linalg.pinv(V) @ dvec)
    rank = int(np.linalg.matrix_rank(V))
    return HausmanResult(statistic=stat, chi2_df=rank, pvalue=float(stats.chi2.sf(stat, rank)),
                         fe=fe.params[common], re=re.params[common], n_dropped=nd, fe_fit=fe, re_fit=re,
                         nobs=int(len(y)))


__all__ = ["PanelModelResult", "HausmanResult", "model_table", "lpm_fe", "cre_probit", "dynamic_probit", "fe_logit",
           "reentry_hazard", "hausman"]
