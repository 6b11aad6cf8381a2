"""Growth incidence, pro-poor growth and Kakwani's poverty elasticities.

Known answers are identities of the cited papers, checked numerically on simulated
lognormal samples, and the SIMULATED households of ``pe.datasets.simulate_households``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import povecon as pe
from povecon.errors import InputError

SIM = pe.datasets.simulate_households(600, seed=5).data  # SIMULATED
TWO = SIM[SIM["year"].isin([2016, 2020])].reset_index(drop=True)
DESIGN = pe.SurveyDesign(weights="weight", strata="prefecture", psu="village")
LINE = float(TWO.loc[TWO["year"] == 2016, "income"].quantile(0.35))


def _lognormal(n, mu, sigma, seed):
    r = np.random.default_rng(seed)
    return r.lognormal(mu, sigma, n), r.uniform(0.5, 2.0, n)


def _pooled(y0, w0, y1, w1):
    return pd.DataFrame({"y": np.concatenate([y0, y1]), "w": np.concatenate([w0, w1]),
                         "t": np.repeat([0, 1], [y0.size, y1.size])})


# --- known answers -----------------------------------------------------------------------

def test_rc_rate_by_watts_is_the_mean_of_the_log_gic_up_to_the_initial_headcount():
    # Ravallion and Chen (2003, eq. 4): the mean of the (log) growth incidence curve over
    # p <= H_0 equals -dW/dt / H_0. Between two surveys the two differ by the second-order
    # term -(1/H_0) int_{H_1}^{H_0} log(z / y_1(p)) dp, which is checked as well.
    y0, w0 = _lognormal(20000, 0.0, 0.6, 1)
    y1, w1 = _lognormal(20000, 0.01, 0.58, 2)
    z = 0.8
    rc = pe.pro_poor_growth(y0, line=z, after=y1, weights=w0, weights_after=w1, independent=True, se=None)
    rc_value = float(rc.select(measure="rc_rate"))
    H0 = float(pe.headcount(y0, line=z, weights=w0, se=None))
    H1 = float(pe.headcount(y1, line=z, weights=w1, se=None))
    K = 4000
    grid = (np.arange(K) + 0.5) / K
    p = grid[grid <= H0]
    g = pe.growth_incidence(y0, after=y1, weights=w0, weights_after=w1, independent=True, p=p, log=True, se=None)
    mean_gic = float(g.curve()["value"].mean())
    assert mean_gic == pytest.approx(rc_value, abs=2e-3)
    # the exact discrete-time gap, from the second period's quantile function
    lo, hi = sorted((H1, H0))
    pp = np.linspace(lo, hi, 400)
    q1 = np.array([pe.quantile(y1, p=v, weights=w1, se=None).value for v in pp])
    gap = -np.sign(H0 - H1) * np.trapezoid(np.log(z / q1), pp) / H0
    assert mean_gic - rc_value == pytest.approx(gap, abs=3e-4)


def test_gic_weighted_by_initial_quantiles_gives_the_growth_of_the_mean():
    # int g(p) y_0(p) dp / int y_0(p) dp = mu_1 / mu_0 - 1, because int y_t(p) dp = mu_t
    # (anonymous curve; Ravallion and Chen 2003, section 2)
    y0, w0 = _lognormal(3000, 0.0, 0.5, 3)
    y1, w1 = _lognormal(3000, 0.1, 0.4, 4)
    K = 60000
    p = (np.arange(K) + 0.5) / K
    g = pe.growth_incidence(y0, after=y1, weights=w0, weights_after=w1, independent=True, p=p, se=None,
                            rule="inverse")
    ratio = 1 + g.curve()["value"].to_numpy()
    # the quantile function of period 0 on the same grid (the inverse weighted CDF)
    order = np.argsort(y0)
    cw = np.cumsum(w0[order]) / w0.sum()
    q0 = y0[order][np.minimum(np.searchsorted(cw, p, side="left"), y0.size - 1)]
    lhs = np.sum(ratio * q0 - q0) / np.sum(q0)
    mu0, mu1 = np.average(y0, weights=w0), np.average(y1, weights=w1)
    assert lhs == pytest.approx(mu1 / mu0 - 1, rel=2e-3)
    assert g.mean_growth == pytest.approx(mu1 / mu0 - 1, rel=1e-12)


@pytest.mark.parametrize("alpha", [1, 2])
def test_kakwani_growth_elasticity_is_the_derivative_of_log_fgt(alpha):
    # Kakwani (1993): eta_alpha = -alpha (P_{alpha-1} - P_alpha) / P_alpha is d log P / d log(1 + eps)
    # when every income is multiplied by (1 + eps)
    y, w = _lognormal(5000, 0.0, 0.7, 5)
    z = 0.9
    e = pe.poverty_elasticities(y, line=z, alpha=alpha, weights=w, se=None)
    eps = 1e-5
    up = float(pe.fgt(y * (1 + eps), line=z, alpha=alpha, weights=w, se=None))
    dn = float(pe.fgt(y * (1 - eps), line=z, alpha=alpha, weights=w, se=None))
    num = (np.log(up) - np.log(dn)) / (np.log1p(eps) - np.log1p(-eps))
    assert float(e.select(measure="growth_elasticity")) == pytest.approx(num, rel=1e-4)
    # the Gini elasticity: incomes y + lam (y - mu) raise the Gini by (1 + lam), the mean fixed
    mu = np.average(y, weights=w)
    lam = 1e-5
    g_up = float(pe.fgt(y + lam * (y - mu), line=z, alpha=alpha, weights=w, se=None))
    g_dn = float(pe.fgt(y - lam * (y - mu), line=z, alpha=alpha, weights=w, se=None))
    gini = float(pe.gini(y, weights=w, se=None))
    gini_up = float(pe.gini(y + lam * (y - mu), weights=w, se=None))
    assert gini_up / gini == pytest.approx(1 + lam, rel=1e-9)
    num_g = (np.log(g_up) - np.log(g_dn)) / (np.log1p(lam) - np.log1p(-lam))
    assert float(e.select(measure="gini_elasticity")) == pytest.approx(num_g, rel=1e-4)


def test_kakwani_headcount_elasticity_matches_a_smoothed_derivative():
    # eta_0 = -z f(z) / H: with a large sample the finite difference over +-3% is smooth
    y, w = _lognormal(400000, 0.0, 0.7, 6)
    z = 0.9
    e = pe.poverty_elasticities(y, line=z, alpha=0, weights=w, se=None)
    eps = 0.03
    up = float(pe.headcount(y * (1 + eps), line=z, weights=w, se=None))
    dn = float(pe.headcount(y * (1 - eps), line=z, weights=w, se=None))
    num = (np.log(up) - np.log(dn)) / (np.log1p(eps) - np.log1p(-eps))
    assert float(e.select(measure="growth_elasticity")) == pytest.approx(num, rel=0.03)
    # lognormal truth: eta_0 = -phi(x) / (sigma Phi(x)), x = log(z) / sigma
    from scipy.stats import norm
    x = np.log(z) / 0.7
    assert float(e.select(measure="growth_elasticity")) == pytest.approx(-norm.pdf(x) / (0.7 * norm.cdf(x)),
                                                                         rel=0.03)


def test_datt_ravallion_link():
    # the growth component of Datt and Ravallion (1992) over P_0 and the growth in the mean
    y0, w0 = _lognormal(4000, 0.0, 0.6, 7)
    y1, w1 = _lognormal(4000, 0.02, 0.6, 8)
    z = 0.8
    r = pe.pro_poor_growth(y0, line=z, alpha=[0, 1], after=y1, weights=w0, weights_after=w1, independent=True,
                           se=None)
    for a in (0, 1):
        dr = pe.datt_ravallion(y0, y1, line=z, alpha=a, weights=w0, weights_after=w1).to_frame()
        growth = float(dr.loc[(dr["component"] == "growth") & (dr["measure"] == "change"), "value"].iloc[0])
        P0 = float(pe.fgt(y0, line=z, alpha=a, weights=w0, se=None))
        gm = np.average(y1, weights=w1) / np.average(y0, weights=w0) - 1
        assert float(r.select(measure="dr_growth_elasticity", alpha=a)) == pytest.approx(growth / (P0 * gm),
                                                                                        rel=1e-9)
    # and, for a small change in the mean, it approximates Kakwani's point elasticity of period 0
    e = pe.poverty_elasticities(y0, line=z, alpha=1, weights=w0, se=None)
    assert float(r.select(measure="dr_growth_elasticity", alpha=1)) == pytest.approx(
        float(e.select(measure="growth_elasticity")), rel=0.05)


# --- hypothesis: uniform growth ------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(c=st.floats(0.85, 1.25).filter(lambda v: abs(v - 1) > 1e-3), seed=st.integers(0, 10_000))
def test_uniform_growth_gives_a_flat_curve_and_rc_equal_to_log_growth(c, seed):
    # y_1 = c y_0: every quantile grows by c - 1 (Ravallion and Chen 2003: a flat curve), the
    # Kakwani-Pernia index is 1 and the PEGR equals the growth in the mean (Kakwani and Son 2008)
    y0, w0 = _lognormal(800, 0.0, 0.5, seed)
    y1 = c * y0
    df = _pooled(y0, w0, y1, w0)
    g = pe.growth_incidence(df, "y", time="t", weights="w", p=19, se=None)
    np.testing.assert_allclose(g.curve()["value"], c - 1, rtol=0, atol=1e-12)
    z = float(np.quantile(y0, 0.4))
    r = pe.pro_poor_growth(df, "y", line=z, alpha=[1, 2], time="t", weights="w", se=None)
    H0 = float(pe.headcount(y0, line=z, weights=w0, se=None))
    H1 = float(pe.headcount(y1, line=z, weights=w0, se=None))
    # RC = log c up to the second-order term, bounded by |H_0 - H_1| |log c| / H_0
    assert abs(float(r.select(measure="rc_rate")) - np.log(c)) <= abs(H0 - H1) * abs(np.log(c)) / H0 + 1e-12
    np.testing.assert_allclose(r.select(measure="kakwani_pernia").to_frame()["value"], 1.0, rtol=1e-8)
    np.testing.assert_allclose(r.select(measure="pegr").to_frame()["value"], np.log(c), rtol=1e-8)


# --- standard errors -----------------------------------------------------------------------

def test_gic_se_by_hand_for_a_pooled_simple_random_sample():
    # delta method written out: g = q1/q0 - 1, u_g = u1/q0 - q1 u0/q0^2 with the quantiles'
    # kernel-density linearized variables; SRS covariance n/(n-1) sum (w u - mean)^2
    y0, w0 = _lognormal(1500, 0.0, 0.5, 9)
    y1, w1 = _lognormal(1500, 0.05, 0.5, 10)
    df = _pooled(y0, w0, y1, w1)
    g = pe.growth_incidence(df, "y", time="t", weights="w", p=[0.5])
    y, w, t = df["y"].to_numpy(), df["w"].to_numpy(), df["t"].to_numpy()

    def lin(m):
        from povecon.measures._kernels import bandwidth, density
        yd, wd = y[m], w[m]
        q = pe.quantile(yd, p=0.5, weights=wd, se=None).value
        f = density(yd, wd, q, bandwidth(yd, wd))
        u = np.zeros(y.size)
        u[m] = -((yd <= q) - 0.5) / (f * wd.sum())
        return q, u

    q0, u0 = lin(t == 0)
    q1, u1 = lin(t == 1)
    ug = u1 / q0 - q1 * u0 / q0 ** 2
    wu = w * ug
    n = y.size
    var = n / (n - 1) * np.sum((wu - wu.mean()) ** 2)
    assert float(g.select(measure="gic").value) == pytest.approx(q1 / q0 - 1, rel=1e-12)
    assert g.select(measure="gic").se == pytest.approx(np.sqrt(var), rel=1e-5)
    assert g.df == n - 1


def test_joint_covariance_and_contrasts():
    g = pe.growth_incidence(TWO, "income", time="year", design=DESIGN, p=[0.1, 0.5, 0.9])
    V = g.cov().to_numpy()
    c = pe.contrast(g, p=(0.1, 0.9))
    assert c.se == pytest.approx(np.sqrt(V[0, 0] + V[2, 2] - 2 * V[0, 2]), rel=1e-9)
    assert c.value == pytest.approx(g.values.iloc[0] - g.values.iloc[2], rel=1e-12)
    # a pooled result shares the sample key: its rows combine with other estimators of that sample
    h = pe.headcount(TWO, "income", line=LINE, design=DESIGN, by="year")
    assert g._covariance.joint(h._covariance, np.array([0]), np.array([0, 1])) is not None


def test_independent_samples_add_variances_and_need_the_flag():
    a = TWO[TWO["year"] == 2016].reset_index(drop=True)
    b = TWO[TWO["year"] == 2020].reset_index(drop=True)
    with pytest.raises(InputError, match="independent=True"):
        pe.growth_incidence(a, "income", after=b, design=DESIGN)
    with pytest.raises(InputError, match="time="):
        pe.growth_incidence(a, "income", design=DESIGN)
    gi = pe.growth_incidence(a, "income", after=b, independent=True, design=DESIGN, p=[0.5], log=True)
    q0 = pe.quantile(a, "income", p=0.5, design=DESIGN)
    q1 = pe.quantile(b, "income", p=0.5, design=DESIGN)
    se = np.sqrt((q1.se / q1.value) ** 2 + (q0.se / q0.value) ** 2)
    assert gi.select(measure="gic").se == pytest.approx(se, rel=1e-5)
    assert gi.df == q0.df + q1.df


def _scaled(df, s):
    return df.assign(weight=df["weight"] * s)


@pytest.mark.parametrize("make", [
    lambda d: pe.growth_incidence(d, "income", time="year", design=DESIGN, p=9, years=4),
    lambda d: pe.growth_incidence(d[d.year == 2016], "income", after=d[d.year == 2020], independent=True,
                                  design=DESIGN, p=9),
    lambda d: pe.pro_poor_growth(d, "income", line=LINE, alpha=[0, 1, 2], time="year", design=DESIGN),
    lambda d: pe.poverty_elasticities(d[d.year == 2016], "income", line=LINE, design=DESIGN),
])
def test_weights_times_100_change_nothing(make):
    a, b = make(_scaled(TWO, 1.0)).to_frame(), make(_scaled(TWO, 100.0)).to_frame()
    np.testing.assert_allclose(b[["value", "se"]], a[["value", "se"]], rtol=1e-8, atol=1e-12)


def test_linearized_ses_agree_with_the_bootstrap_of_the_same_design():
    sim = pe.datasets.simulate_households(2000, seed=11).data  # SIMULATED
    d = sim[sim["year"].isin([2016, 2020])].reset_index(drop=True)
    z = float(d.loc[d["year"] == 2016, "income"].quantile(0.35))
    calls = {
        "gic": lambda se, **k: pe.growth_incidence(d, "income", time="year", design=DESIGN, p=[0.25, 0.5, 0.75],
                                                   se=se, **k),
        "ppg": lambda se, **k: pe.pro_poor_growth(d, "income", line=z, alpha=[0, 1, 2], time="year", design=DESIGN,
                                                  se=se, **k),
        "ppg_independent": lambda se, **k: pe.pro_poor_growth(d[d.year == 2016], "income", after=d[d.year == 2020],
                                                              independent=True, line=z, alpha=[0, 1],
                                                              design=DESIGN, se=se, **k),
        "eta": lambda se, **k: pe.poverty_elasticities(d[d.year == 2016], "income", line=z, alpha=[0, 1, 2],
                                                       design=DESIGN, se=se, **k),
    }
    for name, call in calls.items():
        lin = call("linearized").to_frame()["se"].to_numpy()
        boot = call("bootstrap", replicates=400, seed=2).to_frame()["se"].to_numpy()
        # 400 replicates: the bootstrap SE has a relative error near 1/sqrt(800) ~ 4%; the
        # quantiles' kernel density adds more, hence the wide band
        np.testing.assert_array_less(np.abs(np.log(boot / lin)), np.log(1.35), err_msg=name)


def test_options_and_errors():
    with pytest.raises(InputError):
        pe.growth_incidence(TWO, "income", time="year", design=DESIGN, p=[0.0, 0.5])
    with pytest.raises(InputError, match="seed"):
        pe.growth_incidence(TWO, "income", time="year", design=DESIGN, se="bootstrap")
    with pytest.raises(InputError, match="alpha"):
        pe.poverty_elasticities(TWO, "income", line=LINE, alpha=0.5, design=DESIGN)
    with pytest.raises(InputError, match="periods"):
        pe.growth_incidence(SIM, "income", time="year", design=DESIGN)
    g = pe.growth_incidence(SIM, "income", time="year", periods=(2016, 2020), design=DESIGN, p=4, years=4)
    assert g.periods == (2016, 2020) and len(g.curve()) == 4
    assert isinstance(g, pe.Result) and "anonymous" in str(g.summary())


def test_plot_draws_band_and_mean():
    import matplotlib
    matplotlib.use("Agg")
    g = pe.growth_incidence(TWO, "income", time="year", design=DESIGN, p=19)
    ax = g.plot()
    assert len(ax.collections) == 1 and len(ax.lines) == 3
