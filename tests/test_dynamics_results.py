"""The poverty-dynamics family on the common result type.

Every entry point returns a ``povecon.Result``; the panel models speak the statsmodels /
linearmodels vocabulary and agree with the engine's own result object; contrasts of
coefficients and AMEs use their joint covariance; SEs do not move when the weights are
multiplied by 100; old names keep working with a DeprecationWarning.
All data here are simulated (``sim_`` columns) or the linearmodels wage panel.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import povecon as pe
from povecon.dynamics import PovertyPanel


def sim_panel(seed=7, H=400, T=6):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=H)
    x1 = rng.normal(size=(H, T)) + 0.3 * a[:, None]
    x2 = rng.normal(size=(H, T))
    y = (-0.4 + 0.5 * x1 - 0.3 * x2 + a[:, None] + rng.normal(size=(H, T)) > 0).astype(int)
    w = np.exp(0.4 * a + 0.2 * rng.normal(size=H))
    return pd.DataFrame({"id": np.repeat(np.arange(H), T), "t": np.tile(np.arange(2010, 2010 + T), H),
                         "sim_x1": x1.ravel(), "sim_x2": x2.ravel(), "sim_y": y.ravel(),
                         "sim_flag": (x1.ravel() > 1).astype(int), "sim_w": np.repeat(w, T),
                         "sim_z": rng.normal(size=H * T)})


@pytest.fixture(scope="module")
def sim():
    return sim_panel()


@pytest.fixture(scope="module")
def panel(sim):
    return PovertyPanel(sim, "id", "t", status="sim_y")


def cross_section(seed=3, n=500):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    lc = 1 + 0.4 * x + np.sqrt(0.2 + 0.05 * (x + 3)) * rng.normal(size=n)
    return pd.DataFrame({"sim_c": np.exp(lc), "sim_x": x, "sim_w": rng.uniform(0.5, 2.0, n),
                         "sim_v": np.arange(n) // 5})


# ------------------------------------------------------------------ result types
def test_every_entry_point_returns_a_result(sim, panel):
    f = "poor ~ sim_x1 + sim_x2"
    models = [pe.lpm_fe(f, panel), pe.cre_probit(f, panel, estimator="pooled"), pe.cre_probit(f, panel, n_nodes=16),
              pe.dynamic_probit(f, panel, n_nodes=16), pe.fe_logit(f, panel),
              pe.reentry_hazard("~ sim_x1", panel, duration="log")]
    for m in models:
        assert isinstance(m, pe.PanelModelResult) and isinstance(m, pe.Result)
        fr = m.to_frame()
        assert set(fr["measure"]) <= {"coef", "ame"}
        assert list(fr.columns[-5:]) == ["value", "se", "ci_lower", "ci_upper", "n"]
        np.testing.assert_allclose(fr.loc[fr["measure"] == "coef", "value"], m.params)
        assert isinstance(m.summary(), pe.Summary) and "Panel model" in str(m.summary())
    assert pe.model_table(*models).shape[1] == len(models)
    h = pe.hausman("sim_y ~ sim_x1 + sim_x2", panel)
    assert isinstance(h, pe.HausmanResult) and isinstance(h, pe.Result)
    assert float(h) == h.statistic and h.to_frame()["pvalue"].iloc[0] == h.pvalue
    assert h.pvalue == pytest.approx(stats.chi2.sf(h.statistic, h.chi2_df))
    assert isinstance(panel.survival(), pe.SurvivalResult)
    assert set(panel.survival().to_frame()["measure"]) == {"survival"}
    ev = pe.evaluate_warning(panel, "~ sim_x1", 2012, flags=["sim_flag"])
    assert isinstance(ev, pe.WarningEvaluation) and isinstance(ev, pe.Result)
    assert set(ev.to_frame()["measure"]) == {"flagged", "precision", "recall", "auc"}
    v = pe.vulnerability_cjs(cross_section(), "sim_c", ["sim_x"], np.exp(0.8), se="bootstrap", replicates=30,
                             seed=2)
    assert isinstance(v, pe.VulnerabilityResult) and isinstance(v, pe.Result)
    assert v.to_frame()["measure"].tolist() == ["vulnerability_rate", "vulnerability_rate", "mean_vulnerability",
                                                "observed_headcount"]
    assert v.se_method == "bootstrap" and v.df == 499
    # the SE convention of the family (replicate sd, divisor R - 1) is the covariance's diagonal
    np.testing.assert_allclose(np.sqrt(np.diag(v.cov())), v.to_frame()["se"], rtol=1e-10)


# ------------------------------------------------------------------ engine vocabulary
def test_lpm_fe_vocabulary_equals_linearmodels(panel):
    r = pe.lpm_fe("poor ~ sim_x1 + sim_x2 + sim_z", panel)
    fit = r.engine
    assert r.model_result is fit and r.df == fit.df_resid  # PanelOLS is debiased: t on df_resid
    pd.testing.assert_series_equal(r.params, fit.params, check_names=False, rtol=1e-12)
    pd.testing.assert_series_equal(r.std_errors, fit.std_errors, check_names=False, rtol=1e-12)
    pd.testing.assert_series_equal(r.bse, fit.std_errors, check_names=False, rtol=1e-12)
    pd.testing.assert_series_equal(r.tstats, fit.tstats, check_names=False, rtol=1e-10)
    pd.testing.assert_series_equal(r.pvalues, fit.pvalues, check_names=False, rtol=1e-8, atol=0)
    assert 0.01 < r.pvalues["sim_z"] < 0.99  # a p-value far from 0, so the t distribution is checked
    np.testing.assert_allclose(r.conf_int(0.9).to_numpy(), fit.conf_int(0.9).to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(r.cov().to_numpy(), fit.cov.to_numpy(), rtol=1e-12)
    assert r.nobs == fit.nobs
    with pytest.warns(DeprecationWarning, match="std_errors"):
        pd.testing.assert_series_equal(r.se, r.std_errors)


def test_lpm_fe_pyfixest_uses_its_t_inference(panel):
    pytest.importorskip("pyfixest")
    r = pe.lpm_fe("poor ~ sim_x1 + sim_x2 + sim_z", panel, engine="pyfixest")
    fit = r.engine
    assert r.df == pytest.approx(fit._df_t) and r.df == panel.n_households - 1
    np.testing.assert_allclose(r.pvalues, fit.pvalue().to_numpy(), rtol=1e-6, atol=1e-12)
    assert 0.01 < r.pvalues["sim_z"] < 0.99
    np.testing.assert_allclose(r.conf_int().to_numpy(), fit.confint().to_numpy(), rtol=1e-8)
    np.testing.assert_allclose(r.tstats, fit.tstat().to_numpy(), rtol=1e-10)


@pytest.mark.parametrize("which", ["hazard", "fe_logit", "pooled"])
def test_statsmodels_models_vocabulary_equals_the_engine(panel, which):
    if which == "hazard":
        r = pe.reentry_hazard("~ sim_x1", panel, duration="log")
    elif which == "fe_logit":
        r = pe.fe_logit("poor ~ sim_x1 + sim_x2", panel)
    else:
        r = pe.cre_probit("poor ~ sim_x1 + sim_x2", panel, estimator="pooled")
    fit = r.engine
    assert r.df is None  # maximum likelihood: normal inference, as the engine
    np.testing.assert_allclose(r.params, fit.params, rtol=1e-12)
    np.testing.assert_allclose(r.bse, fit.bse, rtol=1e-12)
    np.testing.assert_allclose(r.tstats, fit.tvalues, rtol=1e-10)
    np.testing.assert_allclose(r.pvalues, fit.pvalues, rtol=1e-8, atol=1e-300)
    np.testing.assert_allclose(r.conf_int().to_numpy(), np.asarray(fit.conf_int()), rtol=1e-10)
    np.testing.assert_allclose(r.cov().to_numpy(), np.asarray(fit.cov_params()), rtol=1e-12)
    if which == "fe_logit":  # AMEs are not identified: no AME rows, NaN in .ame
        assert (r.to_frame()["measure"] == "coef").all() and r.ame["ame"].isna().all()


def test_re_probit_inference_is_normal_and_from_its_covariance(panel):
    r = pe.cre_probit("poor ~ sim_x1 + sim_x2", panel, n_nodes=16)
    assert r.df is None and r.se_method.startswith("model-based")
    np.testing.assert_allclose(r.std_errors, np.sqrt(np.diag(r.engine.cov)), rtol=1e-12)
    z = r.params / r.std_errors
    np.testing.assert_allclose(r.pvalues, 2 * stats.norm.sf(np.abs(z)), rtol=1e-10)
    lo = r.to_frame().query("measure == 'coef'")["ci_lower"].to_numpy()
    np.testing.assert_allclose(lo, r.conf_int()["lower"], rtol=1e-12)


# ------------------------------------------------------------------ contrasts
def test_contrast_of_two_coefficients_is_c_V_c(panel):
    r = pe.lpm_fe("poor ~ sim_x1 + sim_x2", panel)
    c = pe.contrast(r, weights={(("measure", "coef"), ("term", "sim_x1")): 1.0,
                                (("measure", "coef"), ("term", "sim_x2")): 1.0})
    V = r.engine.cov.to_numpy()
    cv = np.array([1.0, 1.0])
    assert c.value == pytest.approx(r.engine.params.sum(), rel=1e-12)
    assert c.se == pytest.approx(np.sqrt(cv @ V @ cv), rel=1e-12)
    # the contrast keeps the engine's t inference (PanelOLS: t on df_resid)
    assert c.to_frame()["pvalue"].iloc[0] == pytest.approx(2 * stats.t.sf(abs(c.value / c.se), r.df), rel=1e-10)


def test_contrast_of_ame_and_coefficient_uses_the_delta_method(sim):
    # reentry hazard (cloglog): AME_x = mean(dmu/deta) * b_x; the joint covariance of the AME and
    # the coefficient comes from the same Jacobian, written here with central differences
    import statsmodels.api as sm

    p = PovertyPanel(sim, "id", "t", status="sim_y")
    r = pe.reentry_hazard("~ sim_x1", p, duration="log")
    fit = r.engine
    X = np.asarray(fit.model.exog)
    link = sm.families.links.CLogLog()
    j = list(fit.params.index).index("sim_x1")

    def g(t):  # AME of sim_x1 minus its coefficient
        return np.mean(link.inverse_deriv(X @ t)) * t[j] - t[j]

    th = fit.params.to_numpy()
    grad = np.array([(g(th + e) - g(th - e)) / 2e-6 for e in np.eye(th.size) * 1e-6])
    se_hand = np.sqrt(grad @ np.asarray(fit.cov_params()) @ grad)
    c = pe.contrast(r, weights={(("measure", "ame"), ("term", "sim_x1")): 1.0,
                                (("measure", "coef"), ("term", "sim_x1")): -1.0})
    assert c.value == pytest.approx(g(th), rel=1e-10)
    assert c.se == pytest.approx(se_hand, rel=1e-5)


def test_vulnerability_contrasts_share_the_replicates():
    df = cross_section()
    a = pe.vulnerability_cjs(df, "sim_c", ["sim_x"], np.exp(0.8), se="bootstrap", replicates=40, seed=4)
    b = pe.vulnerability_cjs(df, "sim_c", ["sim_x"], np.exp(0.8), horizon=3, se="bootstrap", replicates=40, seed=4)
    c = pe.contrast(b, a)  # one sample, one set of replicates: a joint covariance
    assert np.isfinite(c.to_frame()["se"]).all()
    within = pe.contrast(a, weights={(("measure", "vulnerability_rate"), ("rule", "0.5")): 1.0,
                                     (("measure", "observed_headcount"),): -1.0})
    V = a.cov().to_numpy()
    cv = np.array([1.0, 0, 0, -1.0])
    assert within.se == pytest.approx(np.sqrt(cv @ V @ cv), rel=1e-12)
    with pytest.raises(pe.InputError, match="independent"):
        pe.contrast(a, pe.vulnerability_cjs(df, "sim_c", ["sim_x"], np.exp(0.8), se="bootstrap", replicates=40,
                                            seed=5))


# ------------------------------------------------------------------ weights x 100
def test_weights_times_100_change_no_estimate_and_no_se(sim):
    p1 = PovertyPanel(sim, "id", "t", status="sim_y", weights="sim_w")
    p100 = PovertyPanel(sim.assign(w100=sim["sim_w"] * 100), "id", "t", status="sim_y", weights="w100")
    for fun, f, kw in ((pe.lpm_fe, "poor ~ sim_x1 + sim_x2", {}),
                       (pe.cre_probit, "poor ~ sim_x1 + sim_x2", {"estimator": "pooled"}),
                       (pe.reentry_hazard, "~ sim_x1", {"duration": "log"})):
        a, b = fun(f, p1, **kw), fun(f, p100, **kw)
        pd.testing.assert_frame_equal(a.to_frame(), b.to_frame(), rtol=1e-8)
        np.testing.assert_allclose(a.cov("all").to_numpy(), b.cov("all").to_numpy(), rtol=1e-7, atol=1e-12)
    s1, s100 = p1.survival(), p100.survival()
    pd.testing.assert_frame_equal(s1.to_frame(), s100.to_frame(), rtol=1e-9)
    e1, e100 = (pe.evaluate_warning(p, "~ sim_x1", 2012, flags=["sim_flag"]) for p in (p1, p100))
    pd.testing.assert_frame_equal(e1.to_frame(), e100.to_frame(), rtol=1e-9)
    df = cross_section()
    v1 = pe.vulnerability_cjs(df, "sim_c", ["sim_x"], np.exp(0.8), weights="sim_w", se="bootstrap",
                              replicates=30, seed=3)
    v100 = pe.vulnerability_cjs(df.assign(w100=df["sim_w"] * 100), "sim_c", ["sim_x"], np.exp(0.8),
                                weights="w100", se="bootstrap", replicates=30, seed=3)
    pd.testing.assert_frame_equal(v1.to_frame(), v100.to_frame(), rtol=1e-9)
    np.testing.assert_allclose(v1.cov().to_numpy(), v100.cov().to_numpy(), rtol=1e-8)


# ------------------------------------------------------------------ old names
def test_old_names_warn_and_give_the_same_answer():
    df = cross_section()
    new = pe.vulnerability_cjs(df, income="sim_c", covariates=["sim_x"], line=np.exp(0.8), se="bootstrap",
                               replicates=25, seed=1, psu="sim_v")
    with pytest.warns(DeprecationWarning) as rec:
        old = pe.vulnerability_cjs(df, consumption="sim_c", covariates=["sim_x"], line=np.exp(0.8),
                                   replicates=25, seed=1, cluster="sim_v")
    text = " ".join(str(w.message) for w in rec)
    assert "consumption= is now income=" in text and "cluster= is now psu=" in text and "se='bootstrap'" in text
    pd.testing.assert_frame_equal(new.to_frame(), old.to_frame())
    with pytest.warns(DeprecationWarning, match="se='bootstrap'"):
        none = pe.vulnerability_cjs(df, "sim_c", ["sim_x"], np.exp(0.8), replicates=0)
    assert none.se_method is None and none.to_frame()["se"].isna().all()
    # the default is now no standard errors (resampling needs a seed the user chooses)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        default = pe.vulnerability_cjs(df, "sim_c", ["sim_x"], np.exp(0.8))
    pd.testing.assert_frame_equal(default.headcounts, none.headcounts)


def test_hausman_mapping_access_warns(panel):
    h = pe.hausman("sim_y ~ sim_x1 + sim_x2", panel)
    with pytest.warns(DeprecationWarning, match="h.pvalue"):
        assert h["pvalue"] == h.pvalue
    with pytest.warns(DeprecationWarning):
        pd.testing.assert_series_equal(h["fe"], h.fe)
    np.testing.assert_allclose(h.coefficients()["difference"], h.fe - h.re)
