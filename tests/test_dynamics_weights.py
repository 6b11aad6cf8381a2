"""Sampling weights in the poverty-dynamics family.

(a) multiplying every weight by 100 changes no estimate and no SE;
(b) weighted estimates equal a direct weighted fit of the engine, written here;
(c) estimators that cannot use weights refuse unequal ones;
(d) equal weights give exactly the unweighted results.
All panels here are simulated (``sim_`` columns).
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import povecon as pe
from povecon.dynamics import PovertyPanel
from povecon.dynamics import monitor, vulnerability
from povecon.dynamics.models import _weighted_glm


def sim_weighted_panel(seed=21, H=300, T=5):
    """RE probit panel; household weights related to the household effect, so they matter."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(H, T)) + 0.5 * rng.normal(size=H)[:, None]
    a = 0.4 * x.mean(axis=1) + 0.8 * rng.normal(size=H)
    y = (-0.3 + 0.6 * x + a[:, None] + rng.normal(size=(H, T)) > 0).astype(int)
    wh = np.exp(0.6 * a + 0.3 * rng.normal(size=H))  # household (base) weight
    df = pd.DataFrame({"id": np.repeat(np.arange(H), T), "t": np.tile(np.arange(2010, 2010 + T), H),
                       "sim_x": x.ravel(), "sim_y": y.ravel(), "sim_flag": rng.integers(0, 2, H * T),
                       "sim_wh": np.repeat(wh, T)})
    df["sim_wr"] = df["sim_wh"] * rng.uniform(0.7, 1.3, H * T)  # row weights varying over time
    df["sim_wc"] = 3.0
    return df


@pytest.fixture(scope="module")
def sim():
    return sim_weighted_panel()


def panels(df, col):
    """The panel with weights ``col`` and with the same weights times 100."""
    return (PovertyPanel(df, "id", "t", status="sim_y", weights=col),
            PovertyPanel(df.assign(w100=df[col] * 100), "id", "t", status="sim_y", weights="w100"))


def same(a, b, rtol):
    np.testing.assert_allclose(a.params, b.params, rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(a.std_errors, b.std_errors, rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(a.ame.to_numpy(), b.ame.to_numpy(), rtol=rtol, atol=1e-12)


# ------------------------------------------------------------------ survival
def _exit_spells(panel):
    sp = panel.spells()
    sp = sp[sp["after_exit"]]
    event = ~sp["right_censored"].to_numpy()
    dur = np.where(event, sp["length"], sp["length"] - 1)
    keep = dur > 0
    return dur[keep].astype(float), event[keep], sp["weight"].to_numpy()[keep], sp["_hh"].to_numpy()[keep]


def test_survival_se_invariant_to_weight_scale_and_unweighted_when_equal(sim):
    from statsmodels.duration.survfunc import SurvfuncRight

    p1, p100 = panels(sim, "sim_wr")
    s1, s100 = p1.survival(), p100.survival()
    assert isinstance(s1, pe.Result) and s1.se_method.startswith("linearized")
    f1, f100 = s1.to_frame(), s100.to_frame()
    np.testing.assert_allclose(f100["value"], f1["value"], rtol=1e-12)
    np.testing.assert_allclose(f100["se"], f1["se"], rtol=1e-10)
    np.testing.assert_allclose(s100.cov().to_numpy(), s1.cov().to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(f1["value"], s1.engine.surv_prob, rtol=1e-12)
    np.testing.assert_allclose(f1["se"], s1.engine.surv_prob_se, rtol=1e-12)
    # the weights matter for the curve (so the test above is not vacuous)
    pu = PovertyPanel(sim, "id", "t", status="sim_y")
    assert np.max(np.abs(pu.survival().to_frame()["value"] - f1["value"])) > 1e-3
    # equal weights (3.0 everywhere) = statsmodels' unweighted Kaplan-Meier with Greenwood SEs
    dur, event, _, _ = _exit_spells(pu)
    direct = SurvfuncRight(dur, event.astype(float))
    for eq in (PovertyPanel(sim, "id", "t", status="sim_y", weights="sim_wc").survival(), pu.survival()):
        np.testing.assert_allclose(eq.to_frame()["value"], direct.surv_prob, rtol=1e-12)
        np.testing.assert_allclose(eq.to_frame()["se"], direct.surv_prob_se, rtol=1e-12)
        assert eq.df is None and eq.se_method == "Greenwood"
    # old attribute access still works, with a warning
    with pytest.warns(DeprecationWarning, match="engine.surv_prob"):
        np.testing.assert_allclose(s1.surv_prob, f1["value"])
    # the re-entry life table reports the same curve and SEs
    lt = p1.reentry().table().set_index("years_since_exit")
    np.testing.assert_allclose(lt.loc[f1["duration"], "survival_se"], f1["se"], rtol=1e-12)


def test_survival_covariance_is_the_linearized_covariance_across_durations(sim):
    # the SE of S(1) - S(3) from the result's covariance equals the SE of the difference of the
    # two curves' influence values computed here by hand (households as clusters)
    p1, _ = panels(sim, "sim_wr")
    s = p1.survival()
    dur, event, w, hh = _exit_spells(p1)
    times = s.to_frame()["duration"].to_numpy(dtype=float)
    r = dur[:, None] >= times[None, :]
    d = (dur[:, None] == times[None, :]) & event[:, None]
    n_k, d_k = w @ r, w @ d
    h = d_k / n_k
    surv = np.cumprod(1 - h)
    z = -np.cumsum((d - h * r) / (n_k * (1 - h)), axis=1) * w[:, None] * surv[None, :]
    Z = pd.DataFrame(z).groupby(hh).sum().to_numpy()
    m = Z.shape[0]
    diff = Z[:, 0] - Z[:, 2]
    se_hand = np.sqrt(m / (m - 1) * np.sum(diff**2))
    c = pe.contrast(s, duration=(int(times[0]), int(times[2])))
    assert c.value == pytest.approx(surv[0] - surv[2], rel=1e-10)
    assert c.se == pytest.approx(se_hand, rel=1e-8)


def test_km_linearized_se_is_greenwood_with_equal_weights():
    # The influence-function variance of the Kaplan-Meier estimator equals Greenwood's
    # formula (statsmodels SurvfuncRight, unweighted) when every spell is its own cluster;
    # ours carries the clusters' m/(m-1) factor on the variance.
    from statsmodels.duration.survfunc import SurvfuncRight
    from povecon.dynamics.panel import _km_linearized_se

    rng = np.random.default_rng(12)
    dur = rng.integers(1, 7, 400).astype(float)
    event = rng.uniform(size=400) < 0.6
    sf = SurvfuncRight(dur, event.astype(float))
    se = _km_linearized_se(dur, event, np.full(400, 2.5), np.arange(400), sf.surv_times)
    m = 400
    np.testing.assert_allclose(se * np.sqrt((m - 1) / m), sf.surv_prob_se, rtol=1e-10)
    # spells of one household are one cluster: pairing them changes the SE
    se_pairs = _km_linearized_se(dur, event, np.full(400, 2.5), np.arange(400) // 2, sf.surv_times)
    assert np.max(np.abs(se_pairs - se)) > 1e-4


# ------------------------------------------------------------------ LPM-FE
def test_lpm_fe_weighted_equals_panelols_and_scale_free(sim):
    from linearmodels import PanelOLS

    p1, p100 = panels(sim, "sim_wr")
    r1, r100 = pe.lpm_fe("poor ~ sim_x", p1), pe.lpm_fe("poor ~ sim_x", p100)
    same(r1, r100, 1e-9)
    # (b) direct weighted PanelOLS (linearmodels documents weights= as WLS weights)
    d = sim.set_index(["id", "t"])
    direct = PanelOLS(d["sim_y"].astype(float), d[["sim_x"]], entity_effects=True, time_effects=True,
                      weights=d["sim_wr"]).fit(cov_type="clustered", cluster_entity=True)
    assert r1.params["sim_x"] == pytest.approx(direct.params["sim_x"], rel=1e-10)
    assert r1.std_errors["sim_x"] == pytest.approx(direct.std_errors["sim_x"], rel=1e-10)
    unw = pe.lpm_fe("poor ~ sim_x", PovertyPanel(sim, "id", "t", status="sim_y"))
    assert abs(unw.params["sim_x"] - r1.params["sim_x"]) > 1e-4
    # pyfixest engine: same weighted coefficient, scale-free SEs
    pytest.importorskip("pyfixest")
    f1, f100 = (pe.lpm_fe("poor ~ sim_x", p, engine="pyfixest") for p in (p1, p100))
    assert f1.params["sim_x"] == pytest.approx(r1.params["sim_x"], rel=1e-8)
    same(f1, f100, 1e-8)


# ------------------------------------------------------------------ probits
def test_pooled_probit_weighted_equals_glm_and_scale_free(sim):
    p1, p100 = panels(sim, "sim_wr")
    r1 = pe.cre_probit("poor ~ sim_x", p1, estimator="pooled")
    r100 = pe.cre_probit("poor ~ sim_x", p100, estimator="pooled")
    same(r1, r100, 1e-9)
    # (b) direct statsmodels probit GLM with var_weights, clustered by household
    Z = pd.DataFrame({"Intercept": 1.0, "sim_x": sim["sim_x"],
                      "mean(sim_x)": sim.groupby("id")["sim_x"].transform("mean")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        direct = sm.GLM(sim["sim_y"], Z, family=sm.families.Binomial(sm.families.links.Probit()),
                        var_weights=sim["sim_wr"]).fit(cov_type="cluster", cov_kwds={"groups": sim["id"]})
    np.testing.assert_allclose(r1.params, direct.params, rtol=1e-7)
    np.testing.assert_allclose(r1.std_errors, direct.bse, rtol=1e-7)
    # weighted APE of x: weighted mean of phi(x b) b
    xb = Z.to_numpy() @ direct.params.to_numpy()
    ape = np.average(np.exp(-xb**2 / 2) / np.sqrt(2 * np.pi), weights=sim["sim_wr"]) * direct.params["sim_x"]
    assert r1.ame.loc["sim_x", "ame"] == pytest.approx(ape, rel=1e-7)


def test_re_probit_weighted_scale_free_and_equals_replicated_households(sim):
    p1, p100 = panels(sim, "sim_wh")
    r1 = pe.cre_probit("poor ~ sim_x", p1, n_nodes=32)
    r100 = pe.cre_probit("poor ~ sim_x", p100, n_nodes=32)
    same(r1, r100, 1e-6)
    assert r1.details["weighted"]
    # (b) integer household weights 1 or 2 give the pseudo-ML of the panel in which every
    # household of weight 2 appears twice (the definition of a weighted likelihood)
    sub = sim[sim["id"] < 150].copy()
    sub["sim_k"] = 1 + (sub["id"] % 3 == 0)
    rw = pe.cre_probit("poor ~ sim_x", PovertyPanel(sub, "id", "t", status="sim_y", weights="sim_k"),
                       n_nodes=32)
    dup = pd.concat([sub, sub[sub["sim_k"] == 2].assign(id=lambda d: d["id"] + 10_000)])
    rd = pe.cre_probit("poor ~ sim_x", PovertyPanel(dup, "id", "t", status="sim_y"), n_nodes=32)
    np.testing.assert_allclose(rw.params, rd.params, atol=2e-5)
    np.testing.assert_allclose(rw.ame["ame"], rd.ame["ame"], atol=2e-5)
    # weights varying within households cannot weight a household's likelihood
    with pytest.raises(pe.InputError, match="constant within each household.*estimator='pooled'"):
        pe.cre_probit("poor ~ sim_x", PovertyPanel(sim, "id", "t", status="sim_y", weights="sim_wr"))


def test_dynamic_probit_weighted_scale_free(sim):
    p1, p100 = panels(sim, "sim_wh")
    r1 = pe.dynamic_probit("poor ~ sim_x", p1, n_nodes=32)
    r100 = pe.dynamic_probit("poor ~ sim_x", p100, n_nodes=32)
    same(r1, r100, 1e-6)
    unw = pe.dynamic_probit("poor ~ sim_x", PovertyPanel(sim, "id", "t", status="sim_y"), n_nodes=32)
    assert np.max(np.abs(unw.params - r1.params)) > 1e-3
    with pytest.raises(pe.InputError, match="constant within each household") as exc:
        pe.dynamic_probit("poor ~ sim_x", PovertyPanel(sim, "id", "t", status="sim_y", weights="sim_wr"))
    assert "estimator=" not in str(exc.value)  # dynamic_probit has no estimator option


# ------------------------------------------------------------------ refusals
def test_fe_logit_and_hausman_refuse_unequal_weights(sim):
    p = PovertyPanel(sim, "id", "t", status="sim_y", weights="sim_wr")
    with pytest.raises(pe.InputError, match=r"does not support sampling weights.*weights=None"):
        pe.fe_logit("poor ~ sim_x", p)
    with pytest.raises(pe.InputError, match=r"hausman.*weights=None"):
        pe.hausman("sim_y ~ sim_x", p)


def test_equal_weights_give_exactly_the_unweighted_models(sim):
    pu = PovertyPanel(sim, "id", "t", status="sim_y")
    pc = PovertyPanel(sim, "id", "t", status="sim_y", weights="sim_wc")
    for fun, kw in ((pe.lpm_fe, {}), (pe.fe_logit, {}), (pe.reentry_hazard, {}),
                    (pe.cre_probit, {"estimator": "pooled"})):
        f = "~ sim_x" if fun is pe.reentry_hazard else "poor ~ sim_x"
        a, b = fun(f, pu, **kw), fun(f, pc, **kw)
        pd.testing.assert_series_equal(a.params, b.params)
        pd.testing.assert_series_equal(a.std_errors, b.std_errors)
    h_u, h_c = pe.hausman("sim_y ~ sim_x", pu), pe.hausman("sim_y ~ sim_x", pc)
    assert h_u.statistic == h_c.statistic


# ------------------------------------------------------------------ hazard
def test_reentry_hazard_weighted_equals_glm_sandwich_and_scale_free(sim):
    p1, p100 = panels(sim, "sim_wr")
    r1, r100 = pe.reentry_hazard("~ sim_x", p1), pe.reentry_hazard("~ sim_x", p100)
    same(r1, r100, 1e-9)
    # (b) direct GLM with var_weights = origin-wave weights, cluster by household
    pp = p1.person_period()
    X = pd.DataFrame({"sim_x": pp["sim_x"]})
    for k in np.unique(pp["years_since_exit"]):
        X[f"d{k}"] = (pp["years_since_exit"] == k).astype(float)
    link = sm.families.links.CLogLog()
    direct = _weighted_glm(pp["event"].to_numpy(float), X, link, pp["sim_wr"].to_numpy(),
                           pp["id"].to_numpy())
    np.testing.assert_allclose(r1.params, direct.params, rtol=1e-9)
    np.testing.assert_allclose(r1.std_errors, direct.bse, rtol=1e-9)
    # the cluster covariance statsmodels gives under var_weights is the sandwich
    # B^-1 (sum_g s_g s_g') B^-1 G/(G-1) (N-1)/(N-K) of the weighted scores and Hessian
    m = sm.GLM(pp["event"].to_numpy(float), X, family=sm.families.Binomial(link), var_weights=pp["sim_wr"])
    s = m.score_obs(direct.params.to_numpy())
    B = np.linalg.inv(-m.hessian(direct.params.to_numpy()))
    g = pd.factorize(pp["id"])[0]
    S = np.vstack([np.bincount(g, weights=s[:, j]) for j in range(s.shape[1])]).T
    G, N, K = S.shape[0], len(pp), X.shape[1]
    V = B @ S.T @ S @ B * G / (G - 1) * (N - 1) / (N - K)
    np.testing.assert_allclose(r1.std_errors, np.sqrt(np.diag(V)), rtol=1e-6)
    mu = link.inverse_deriv(X.to_numpy() @ direct.params.to_numpy())
    assert r1.ame.loc["sim_x", "ame"] == pytest.approx(
        np.average(mu, weights=pp["sim_wr"]) * direct.params["sim_x"], rel=1e-9)


# ------------------------------------------------------------------ monitoring
def test_evaluate_warning_weighted_and_scale_free(sim):
    p1, p100 = panels(sim, "sim_wr")
    r1 = pe.evaluate_warning(p1, "~ sim_x", 2013, flags=["sim_flag"])
    r100 = pe.evaluate_warning(p100, "~ sim_x", 2013, flags=["sim_flag"])
    assert isinstance(r1, pe.WarningEvaluation) and r1.weighted
    pd.testing.assert_frame_equal(r1.to_frame(), r100.to_frame(), rtol=1e-9)
    e1, e100 = r1.table(), r100.table()
    pd.testing.assert_frame_equal(e1, e100, rtol=1e-9)
    assert e1.attrs["weighted"]
    eu = pe.evaluate_warning(PovertyPanel(sim, "id", "t", status="sim_y"), "~ sim_x", 2013,
                             flags=["sim_flag"]).table()
    ec = pe.evaluate_warning(PovertyPanel(sim, "id", "t", status="sim_y", weights="sim_wc"), "~ sim_x", 2013,
                             flags=["sim_flag"]).table()
    pd.testing.assert_frame_equal(eu, ec)
    assert not e1[["precision", "recall", "auc"]].equals(eu[["precision", "recall", "auc"]])
    # weighted precision and recall of the flag, by their definitions
    pp = p1.person_period()
    te = pp[pp["outcome_time"] > 2013]
    w, flag, ev = te["sim_wr"].to_numpy(), te["sim_flag"].to_numpy() == 1, te["event"].to_numpy() == 1
    row = e1.set_index("predictor").loc["sim_flag"]
    assert row["precision"] == pytest.approx(w[flag & ev].sum() / w[flag].sum(), rel=1e-12)
    assert row["recall"] == pytest.approx(w[flag & ev].sum() / w[ev].sum(), rel=1e-12)


def test_weighted_auc_equals_auc_of_replicated_rows():
    # integer weights k: the weighted AUC is the Mann-Whitney AUC of the data with each row k times
    rng = np.random.default_rng(8)
    s = np.round(rng.normal(size=200), 1)  # ties on purpose
    o = rng.uniform(size=200) < 0.3
    k = rng.integers(1, 4, 200)
    assert monitor.roc_auc(s, o, k) == pytest.approx(monitor.roc_auc(np.repeat(s, k), np.repeat(o, k)), rel=1e-12)
    assert monitor.roc_auc(s, o, np.full(200, 7.0)) == pytest.approx(monitor.roc_auc(s, o), rel=1e-12)


# ------------------------------------------------------------------ vulnerability bootstrap
def _cross_section(seed=3, n=600):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    lc = 1 + 0.4 * x + np.sqrt(0.2 + 0.05 * (x + 3)) * rng.normal(size=n)
    return pd.DataFrame({"sim_c": np.exp(lc), "sim_x": x})


def _failing(monkeypatch, fail_calls):
    """Make the three-step refit raise on the given call numbers (call 0 is the point estimate)."""
    real = vulnerability._three_step
    calls = {"n": 0}

    def patched(*args):
        k = calls["n"]
        calls["n"] += 1
        if k in fail_calls:
            raise pe.EstimationError("3 FGLS predicted variance(s) are <= 0")
        return real(*args)

    monkeypatch.setattr(vulnerability, "_three_step", patched)


def test_cjs_bootstrap_counts_and_reports_failed_refits(monkeypatch):
    df = _cross_section()
    full = pe.vulnerability_cjs(df, "sim_c", ["sim_x"], np.exp(0.8), se="bootstrap", replicates=20, seed=5)
    assert full.details["replicates_used"] == 20 and full.details["replicates_failed"] == 0
    _failing(monkeypatch, {3, 7, 11})
    with pytest.warns(UserWarning, match=r"3 of 20 bootstrap refits failed.*<= 0"):
        r = pe.vulnerability_cjs(df, "sim_c", ["sim_x"], np.exp(0.8), se="bootstrap", replicates=20, seed=5)
    assert r.details["replicates"] == 20
    assert r.details["replicates_used"] == 17 and r.details["replicates_failed"] == 3
    assert "17 of 20 replicates" in repr(r) and "3 failed" in repr(r)
    # point estimates are untouched; the SEs come from the 17 replicates that succeeded
    pd.testing.assert_series_equal(r.headcounts["value"], full.headcounts["value"])
    assert not np.allclose(r.headcounts["se"], full.headcounts["se"])


def test_cjs_bootstrap_raises_when_most_refits_fail(monkeypatch):
    df = _cross_section()
    _failing(monkeypatch, set(range(1, 12)))  # 11 of 20 fail: fewer than half succeed
    with pytest.raises(pe.EstimationError, match=r"only 9 of 20 replicates"):
        pe.vulnerability_cjs(df, "sim_c", ["sim_x"], np.exp(0.8), se="bootstrap", replicates=20, seed=5)


def test_cjs_replicates_and_seed_validation():
    df = _cross_section(n=100)
    # the old switch (replicates= without se=) keeps its checks for one release
    with pytest.raises(pe.InputError, match="replicates must be 0"):
        pe.vulnerability_cjs(df, "sim_c", ["sim_x"], 3.0, replicates=1)
    with pytest.raises(pe.InputError, match="seed"), pytest.warns(DeprecationWarning, match="se='bootstrap'"):
        pe.vulnerability_cjs(df, "sim_c", ["sim_x"], 3.0, replicates=5, seed=None)
    with pytest.raises(pe.InputError, match="seed"):
        pe.vulnerability_cjs(df, "sim_c", ["sim_x"], 3.0, se="bootstrap", replicates=5)
    with pytest.raises(pe.InputError, match="replicates"):
        pe.vulnerability_cjs(df, "sim_c", ["sim_x"], 3.0, se="bootstrap", replicates=1, seed=1)
    with pytest.raises(pe.InputError, match="se must be"):
        pe.vulnerability_cjs(df, "sim_c", ["sim_x"], 3.0, se="linearized")
    r = pe.vulnerability_cjs(df, "sim_c", ["sim_x"], 3.0)
    assert r.details["replicates_used"] == 0 and "no SEs" in repr(r)
