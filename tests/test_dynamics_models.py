"""Return-to-poverty models: known answers, engine cross-checks, planted parameters.

All simulated panels here are simulated data (labelled ``sim_`` in variable names).
"""

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.dynamics import PovertyPanel
from povecon.dynamics._reprobit import loglike_obs


def wage_low_pay():
    from linearmodels.datasets import wage_panel

    df = wage_panel.load()
    med = df.groupby("year")["lwage"].transform("median")
    df["low"] = (df["lwage"] < med + np.log(2 / 3)).astype(int)
    return df


def test_conditional_logit_stata_known_answer():
    # Known answer from the Stata clogit example quoted in statsmodels' test suite
    # (statsmodels/discrete/tests/test_conditional.py): beta = 0.9272407, se = 1.295155;
    # with x2: beta = (1.011074, 1.236758).
    y = [0, 1, 0, 1, 0, 1, 0, 1, 1, 1]
    g = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2]
    x1 = [0, 1, 0, 0, 1, 1, 0, 0, 1, 0]
    x2 = [0, 0, 1, 0, 0, 1, 0, 1, 1, 1]
    t = [0, 1, 2, 0, 1, 2, 0, 1, 2, 3]
    df = pd.DataFrame({"g": g, "t": t, "y": y, "x1": x1, "x2": x2})
    p = PovertyPanel(df, "g", "t", status="y")
    r = pe.fe_logit("poor ~ x1", p)
    assert r.params["x1"] == pytest.approx(0.9272407, abs=1e-6)
    assert r.std_errors["x1"] == pytest.approx(1.295155, abs=1e-5)
    r2 = pe.fe_logit("poor ~ x1 + x2", p)
    np.testing.assert_allclose(r2.params[["x1", "x2"]], [1.011074, 1.236758], atol=1e-5)


def test_hausman_equals_r_plm():
    # R 4.x, plm:
    #   fe <- plm(lwage ~ expersq + married + union, data=pd, model="within")
    #   re <- plm(lwage ~ expersq + married + union, data=pd, model="random")
    #   phtest(fe, re)  # chisq = 112.118223656, df = 3
    p = PovertyPanel(wage_low_pay(), "nr", "year", status="low")
    h = pe.hausman("lwage ~ expersq + married + union", p)
    assert h.statistic == pytest.approx(112.118223656, rel=1e-6)
    assert h.chi2_df == 3 and h.df is None
    np.testing.assert_allclose(h.fe, [0.00369909194988, 0.10734287638801, 0.08276249446511], rtol=1e-8)
    np.testing.assert_allclose(h.re, [0.00319171996193, 0.13155516915380, 0.10345075996837], rtol=1e-6)


def test_re_probit_equals_lme4_glmer():
    # R lme4 (adaptive Gauss-Hermite, 24 nodes) on the Vella-Verbeek low-pay indicator:
    #   d$m_married <- ave(d$married, d$nr); d$m_union <- ave(d$union, d$nr)
    #   glmer(low ~ married + union + black + m_married + m_union + (1|nr), data=d,
    #         family=binomial(link="probit"), nAGQ=24)
    # fixef, sqrt(diag(vcov)), VarCorr (variance), logLik:
    b = [-0.80578933582, -0.08181127638, -0.14671240826, 0.51023212903, -0.85605719629, -1.04361069988]
    se = [0.10579650045, 0.08899027487, 0.10265949694, 0.19477111140, 0.19419834736, 0.23813017622]
    var_u, ll = 1.385737287, -1632.261341
    p = PovertyPanel(wage_low_pay(), "nr", "year", status="low")
    r = pe.cre_probit("poor ~ married + union + black", p)
    np.testing.assert_allclose(r.params.iloc[:6], b, atol=2e-4)
    np.testing.assert_allclose(r.std_errors.iloc[:6], se, rtol=2e-3)
    assert r.details["sigma_u"] ** 2 == pytest.approx(var_u, rel=2e-3)
    assert r.details["loglike"] == pytest.approx(ll, abs=1e-3)
    # APE identity: derivative APE equals mean of phi(x b_s) b_s with the scaled coefficients
    assert np.isfinite(r.ame.loc["married", "se"]) and r.ame.loc["married", "se"] > 0


def test_dynamic_probit_likelihood_matches_lme4_and_is_maximal():
    # R lme4 glmer(low ~ ylag + married + union + y0 + mm + married0 + mu + union0 + (1|nr),
    #   family=binomial(link="probit"), nAGQ=24) on periods 1981-87 (mm, mu: means over 1981-87;
    #   y0, married0, union0: 1980 values). glmer reported max|grad| = 0.10 (not fully converged):
    rb = [-1.16825708410, 0.81433802476, -0.10822634354, -0.02254729339, 0.63320723863,
          -0.46919660364, -0.06614166960, -0.77752188292, -0.09368958404]
    r_var, r_ll = 0.8647472013, -1313.966252
    p = PovertyPanel(wage_low_pay(), "nr", "year", status="low")
    r = pe.dynamic_probit("poor ~ married + union", p)
    names = ["Intercept", "y_lag", "married", "union", "y_0", "mean(married)", "married_0", "mean(union)", "union_0"]
    np.testing.assert_allclose(r.params[names], rb, atol=1e-2)
    # our likelihood evaluated at R's estimates reproduces R's log-likelihood ...
    fit = r.engine
    df = wage_low_pay().sort_values(["nr", "year"])
    df["ylag"] = df.groupby("nr")["low"].shift()
    for c in ("low", "married", "union"):
        df[c + "0"] = df.groupby("nr")[c].transform("first")
    e = df[df["year"] > 1980].copy()
    e["mm"] = e.groupby("nr")["married"].transform("mean")
    e["mu"] = e.groupby("nr")["union"].transform("mean")
    X = np.column_stack([np.ones(len(e)), e["ylag"], e["married"], e["union"], e["low0"], e["mm"],
                         e["married0"], e["mu"], e["union0"]])
    g = pd.factorize(e["nr"])[0]
    nodes, w = np.polynomial.hermite.hermgauss(fit.n_nodes)
    args = (X, 2.0 * e["low"].to_numpy() - 1, g, g.max() + 1, nodes, np.log(w / np.sqrt(np.pi)))
    ll_at_r = loglike_obs(np.r_[rb, 0.5 * np.log(r_var)], *args).sum()
    assert ll_at_r == pytest.approx(r_ll, abs=2e-3)
    # ... and ours is at least as high (R stopped early)
    assert r.details["loglike"] >= ll_at_r - 1e-6
    assert r.ame.loc["y_lag", "ame"] > 0


def sim_panel(seed, H=600, T=5, beta=0.7, xi=0.5, sigma=0.8):
    """Simulated CRE probit panel: a_i = xi * mean_t(x_it) + u_i."""
    rng = np.random.default_rng(seed)
    c = rng.normal(size=H)
    x = c[:, None] + rng.normal(size=(H, T))
    a = xi * x.mean(axis=1) + sigma * rng.normal(size=H)
    y = (0.2 + beta * x + a[:, None] + rng.normal(size=(H, T)) > 0).astype(int)
    return pd.DataFrame({"id": np.repeat(np.arange(H), T), "t": np.tile(np.arange(T), H),
                         "sim_x": x.ravel(), "sim_y": y.ravel(), "sim_z": rng.normal(size=H * T)})


def test_cre_probit_recovers_planted_parameters():
    df = sim_panel(11)
    p = PovertyPanel(df, "id", "t", status="sim_y")
    r = pe.cre_probit("poor ~ sim_x", p)
    assert abs(r.params["sim_x"] - 0.7) < 3 * r.std_errors["sim_x"]
    assert abs(r.params["mean(sim_x)"] - 0.5) < 3 * r.std_errors["mean(sim_x)"]
    assert abs(r.details["sigma_u"] - 0.8) < 0.2
    # APE against its definition on the (known) data-generating process
    s = 1 / np.sqrt(1 + 0.8**2)
    xm = df.groupby("id")["sim_x"].transform("mean")
    true_ape = np.mean(0.7 * s * np.exp(-0.5 * ((0.2 + 0.7 * df["sim_x"] + 0.5 * xm) * s) ** 2) / np.sqrt(2 * np.pi))
    assert abs(r.ame.loc["sim_x", "ame"] - true_ape) < 3 * r.ame.loc["sim_x", "se"]
    pooled = pe.cre_probit("poor ~ sim_x", p, estimator="pooled")
    # pooled probit estimates the scaled coefficient beta / sqrt(1 + sigma^2)
    assert abs(pooled.params["sim_x"] - 0.7 * s) < 3 * pooled.std_errors["sim_x"]
    ch = pe.cre_probit("poor ~ sim_x", p, method="chamberlain")
    assert abs(ch.params["sim_x"] - 0.7) < 3 * ch.std_errors["sim_x"]


def sim_dynamic(seed, H=800, T=6, rho=0.6, beta=0.5):
    """Simulated dynamic probit with a Wooldridge-consistent initial condition."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(H, T + 1))
    y0 = (rng.uniform(size=H) < 0.4).astype(int)
    a = -0.4 + 0.6 * y0 + 0.3 * x[:, 1:].mean(axis=1) + 0.7 * rng.normal(size=H)
    y = np.zeros((H, T + 1), int)
    y[:, 0] = y0
    for t in range(1, T + 1):  # loop over periods, vectorised over households
        y[:, t] = (rho * y[:, t - 1] + beta * x[:, t] + a + rng.normal(size=H) > 0)
    return pd.DataFrame({"id": np.repeat(np.arange(H), T + 1), "t": np.tile(np.arange(T + 1), H),
                         "sim_x": x.ravel(), "sim_y": y.ravel()})


def test_dynamic_probit_recovers_state_dependence():
    p = PovertyPanel(sim_dynamic(5), "id", "t", status="sim_y")
    r = pe.dynamic_probit("poor ~ sim_x", p)
    assert abs(r.params["y_lag"] - 0.6) < 3 * r.std_errors["y_lag"]
    assert abs(r.params["sim_x"] - 0.5) < 3 * r.std_errors["sim_x"]
    assert abs(r.params["y_0"] - 0.6) < 3 * r.std_errors["y_0"]


def test_lpm_fe_equals_linearmodels_and_recovers():
    from linearmodels import PanelOLS

    rng = np.random.default_rng(2)
    H, T = 400, 6
    alpha = rng.uniform(0.1, 0.4, H)
    x = (rng.uniform(size=(H, T)) < 0.3 + 0.4 * alpha[:, None]).astype(float)
    y = (rng.uniform(size=(H, T)) < alpha[:, None] + 0.25 * x + 0.05 * np.arange(T) / T).astype(int)
    df = pd.DataFrame({"id": np.repeat(np.arange(H), T), "t": np.tile(np.arange(T), H),
                       "sim_x": x.ravel(), "sim_y": y.ravel()})
    p = PovertyPanel(df, "id", "t", status="sim_y")
    r = pe.lpm_fe("poor ~ sim_x", p)
    direct = PanelOLS.from_formula("sim_y ~ sim_x + EntityEffects + TimeEffects",
                                   df.set_index(["id", "t"])).fit(cov_type="clustered", cluster_entity=True)
    assert r.params["sim_x"] == pytest.approx(direct.params["sim_x"], rel=1e-12)
    assert r.std_errors["sim_x"] == pytest.approx(direct.std_errors["sim_x"], rel=1e-12)
    assert abs(r.params["sim_x"] - 0.25) < 3 * r.std_errors["sim_x"]
    tab = pe.model_table(r, pe.cre_probit("poor ~ sim_x", p, estimator="pooled"))
    assert tab.shape[1] == 2 and "sim_x" in tab.index


def test_reentry_hazard_saturated_equals_life_table_and_recovers():
    rng = np.random.default_rng(9)
    H, T = 3000, 8
    x = rng.normal(size=(H, T))
    # simulated: exit/entry process with covariate effect on re-entry
    y = np.zeros((H, T), int)
    y[:, 0] = rng.uniform(size=H) < 0.5
    for t in range(1, T):
        p_entry = 1 - np.exp(-np.exp(-1.5 + 0.5 * x[:, t - 1]))
        y[:, t] = np.where(y[:, t - 1] == 1, rng.uniform(size=H) < 0.5, rng.uniform(size=H) < p_entry)
    df = pd.DataFrame({"id": np.repeat(np.arange(H), T), "t": np.tile(np.arange(T), H),
                       "sim_x": x.ravel(), "sim_y": y.ravel()})
    p = PovertyPanel(df, "id", "t", status="sim_y")
    sat = pe.reentry_hazard("~ 1", p)
    lt = p.reentry().table().set_index("years_since_exit")["hazard"]
    fitted = 1 - np.exp(-np.exp(sat.params.to_numpy()))
    np.testing.assert_allclose(fitted, lt.to_numpy(), rtol=1e-6)
    r = pe.reentry_hazard("~ sim_x", p)
    assert abs(r.params["sim_x"] - 0.5) < 3 * r.std_errors["sim_x"]
    # no duration dependence was planted: the log-duration slope is near zero
    rl = pe.reentry_hazard("~ sim_x", p, duration="log")
    assert abs(rl.params["log_years_since_exit"]) < 3 * rl.std_errors["log_years_since_exit"]


def test_model_errors():
    df = sim_panel(3, H=50, T=3)
    p = PovertyPanel(df.assign(sim_y=0), "id", "t", status="sim_y")
    with pytest.raises(pe.EstimationError, match="does not vary"):
        pe.lpm_fe("poor ~ sim_x", p)
    # perfect separation: the outcome equals an indicator of the regressor
    sep = df.assign(sim_y=(df["sim_x"] > 0).astype(int), sim_d=(df["sim_x"] > 0).astype(float))
    ps = PovertyPanel(sep, "id", "t", status="sim_y")
    with pytest.raises(pe.EstimationError, match="separat"):
        pe.cre_probit("poor ~ sim_d + sim_x", ps, estimator="pooled")
    with pytest.raises(pe.EstimationError, match="separat|singular"):
        pe.fe_logit("poor ~ sim_d", ps)
    p1 = PovertyPanel(df, "id", "t", status="sim_y")
    with pytest.raises(pe.InputError, match="unknown"):
        pe.lpm_fe("poor ~ nope", p1)
    with pytest.raises(pe.SpecError, match="time-varying"):
        pe.cre_probit("poor ~ 1", p1)
    with pytest.raises(pe.InputError, match="missing"):
        pe.lpm_fe("poor ~ sim_z", PovertyPanel(df.assign(sim_z=np.where(df.index == 3, np.nan, 1.0)),
                                               "id", "t", status="sim_y"))


@pytest.mark.slow
def test_re_probit_coverage_over_replications():
    # 95% Wald intervals for the slope should cover in about 95% of 60 simulated panels
    hits = 0
    R = 60
    for s in range(R):
        r = pe.cre_probit("poor ~ sim_x", PovertyPanel(sim_panel(1000 + s, H=300, T=4), "id", "t", status="sim_y"))
        hits += abs(r.params["sim_x"] - 0.7) < 1.96 * r.std_errors["sim_x"]
    assert 0.85 <= hits / R <= 1.0
