"""EU median indicators, S-Gini, Bonferroni, Zenga and polarization indices.

Known answers: R laeken on its eusilc data (script and numbers below), and brute-force
computations written here independently of the library (pairwise sums, rank loops,
fine-grid integrals of the quantile function). Standard errors: against the Monte Carlo
spread of the estimator (slow) and against the bootstrap of the same design.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.errors import InputError
from povecon.measures import indices

REF = os.environ.get("POVECON_REFERENCE_DATA")

# R 4.x, laeken (Alfons and Templ 2013), eusilc as shipped with laeken:
#   library(laeken); d <- read.csv("eusilc.csv")
#   r <- rmpg("eqIncome", weights = "rb050", breakdown = "db040", data = d)
#   r$value; r$valueByStratum
#   t <- arpt("eqIncome", weights = "rb050", data = d); p <- d$eqIncome < t
#   incMedian(d$eqIncome[p], d$rb050[p])
#   old <- d$age >= 65
#   incMedian(d$eqIncome[old], d$rb050[old]) / incMedian(d$eqIncome[!old], d$rb050[!old])
LAEKEN_RMPG = 18.9285968184135
LAEKEN_RMPG_BY = {"Burgenland": 12.3243786986586, "Carinthia": 13.1278664539570, "Lower Austria": 17.4802291186355,
                  "Salzburg": 28.8953310387232, "Styria": 15.5348568649837, "Tyrol": 19.5844670840565,
                  "Upper Austria": 19.4717749941157, "Vienna": 23.3560773111071, "Vorarlberg": 26.9670624377347}
LAEKEN_MEDIAN_POOR = 8803.735
LAEKEN_RMIR = 0.933036128120543


@pytest.fixture(scope="module")
def eusilc():
    if REF is None:
        pytest.skip("POVECON_REFERENCE_DATA not set")
    return pd.read_csv(os.path.join(REF, "eusilc.csv"))


def test_rmpg_matches_laeken(eusilc):
    r = pe.rmpg(eusilc, "eqIncome", weights="rb050")
    assert r.value * 100 == pytest.approx(LAEKEN_RMPG, rel=1e-10)
    by = pe.rmpg(eusilc, "eqIncome", weights="rb050", by="db040").to_frame()
    got = dict(zip(by["group"], by["value"] * 100))
    assert got == pytest.approx(LAEKEN_RMPG_BY, rel=1e-10)
    assert pe.median_poor(eusilc, "eqIncome", weights="rb050").value == pytest.approx(LAEKEN_MEDIAN_POOR, rel=1e-12)
    assert pe.rmir(eusilc, "eqIncome", age="age", weights="rb050").value == pytest.approx(LAEKEN_RMIR, rel=1e-12)


def test_eusilc_se_against_bootstrap(eusilc):
    des = pe.SurveyDesign(weights="rb050", strata="db040", psu="db030")
    for f, kw in ((pe.rmpg, {}), (pe.rmir, {"age": "age"})):
        lin = f(eusilc, "eqIncome", design=des, **kw)
        boot = f(eusilc, "eqIncome", design=des, se="bootstrap", replicates=200, seed=1, **kw)
        assert boot.value == lin.value
        # quantile-based: the bootstrap SE of a median is noisy and biased upward in finite samples
        assert 0.7 < lin.se / boot.se < 1.3


# --- brute force ------------------------------------------------------------------

def _median_eurostat(y, w):
    """Weighted median by the Eurostat rule, written as a loop."""
    idx = sorted(range(len(y)), key=lambda i: y[i])
    tot = sum(w)
    c = 0.0
    for k, i in enumerate(idx):
        c += w[i]
        if c / tot == 0.5:
            return 0.5 * (y[i] + y[idx[k + 1]])
        if c / tot > 0.5:
            return y[i]


def _small(n=60, seed=3):
    rng = np.random.default_rng(seed)
    y = np.round(rng.lognormal(2, 0.6, n), 2)
    w = rng.integers(1, 5, n).astype(float)
    age = rng.integers(0, 95, n).astype(float)
    return y, w, age


def test_median_indicators_brute_force():
    y, w, age = _small()
    z = 0.6 * _median_eurostat(list(y), list(w))
    poor = y < z
    mp = _median_eurostat(list(y[poor]), list(w[poor]))
    assert pe.median_poor(y, weights=w, se=None).value == pytest.approx(mp, rel=1e-12)
    assert pe.rmpg(y, weights=w, se=None).value == pytest.approx((z - mp) / z, rel=1e-12)
    old = age >= 65
    R = _median_eurostat(list(y[old]), list(w[old])) / _median_eurostat(list(y[~old]), list(w[~old]))
    assert pe.rmir(y, age=age, weights=w, se=None).value == pytest.approx(R, rel=1e-12)
    assert pe.rmir(y, age=age, age_limit=60, weights=w, se=None).value == pytest.approx(
        _median_eurostat(list(y[age >= 60]), list(w[age >= 60]))
        / _median_eurostat(list(y[age < 60]), list(w[age < 60])), rel=1e-12)


def test_integer_weights_equal_replicated_rows():
    """A weight of k is k copies of the row: every index agrees with the unweighted replicated sample."""
    y, w, age = _small(80, 5)
    rep = np.repeat(y, w.astype(int))
    for f in (pe.rmpg, pe.median_poor, pe.bonferroni, pe.zenga, pe.fw_polarization,
              lambda v, **k: pe.sgini(v, nu=3.5, **k)):
        assert f(y, weights=w, se=None).value == pytest.approx(f(rep, se=None).value, rel=1e-10)
    assert pe.rmir(y, age=age, weights=w, se=None).value == pytest.approx(
        pe.rmir(rep, age=np.repeat(age, w.astype(int)), se=None).value, rel=1e-12)


def test_sgini_two_is_gini():
    y, w, _ = _small(300, 8)
    g = pe.gini(y, weights=w)
    s = pe.sgini(y, nu=2, weights=w)
    assert s.value == pytest.approx(g.value, rel=1e-12)
    assert s.se == pytest.approx(g.se, rel=1e-10)


def test_sgini_brute_force_ranks():
    # Donaldson and Weymark (1980), unweighted: G(nu) = 1 - sum_i c_i y_(i) / mu with
    # c_i = ((n - i + 1) / n)^nu - ((n - i) / n)^nu, i = 1..n ascending
    y = np.array([3.0, 1.0, 7.0, 2.5, 11.0, 4.0, 6.0])
    n = len(y)
    ys = sorted(y)
    for nu in (1.5, 2.0, 3.0, 5.0):
        c = [((n - i + 1) / n) ** nu - ((n - i) / n) ** nu for i in range(1, n + 1)]
        want = 1 - sum(ci * yi for ci, yi in zip(c, ys)) / np.mean(y)
        assert pe.sgini(y, nu=nu, se=None).value == pytest.approx(want, rel=1e-12)
    # nu = 2 from pairwise differences: sum |yi - yj| / (2 n^2 mu)
    pair = np.abs(y[:, None] - y[None, :]).sum() / (2 * n * n * y.mean())
    assert pe.sgini(y, nu=2, se=None).value == pytest.approx(pair, rel=1e-12)


def test_bonferroni_and_zenga_fine_grid():
    y = np.array([3.0, 1.0, 7.0, 2.5, 11.0, 4.0, 6.0, 6.0, 0.5])
    n = len(y)
    ys = np.sort(y)
    M = 900_000  # a multiple of n: grid cells never straddle two observations
    p = (np.arange(M) + 0.5) / M
    Q = ys[np.minimum((p * n).astype(int), n - 1)]
    C = (np.cumsum(Q) - 0.5 * Q) / M  # int_0^p Q at the grid midpoints
    U = (np.cumsum(Q[::-1])[::-1] - 0.5 * Q) / M  # int_p^1 Q, summed from the top (no cancellation)
    mu = ys.mean()
    lorenz = C / mu
    B = 1 - np.mean(lorenz / p)
    assert pe.bonferroni(y, se=None).value == pytest.approx(B, abs=2e-4)
    # Zenga (2007): Z = int_0^1 [1 - mean(poorest p) / mean(richest 1 - p)] dp
    Z = np.mean(1 - (C / p) / (U / (1 - p)))
    assert pe.zenga(y, se=None).value == pytest.approx(Z, abs=2e-4)
    # the unweighted sample form of Bonferroni: 1 - sum_{i<n} m_i / ((n-1) mu) approaches it for large n
    big = np.random.default_rng(1).lognormal(0, 0.5, 20000)
    m = np.cumsum(np.sort(big)) / np.arange(1, big.size + 1)
    assert pe.bonferroni(big, se=None).value == pytest.approx(1 - m[:-1].sum() / ((big.size - 1) * big.mean()),
                                                              abs=2e-3)


def test_zenga_equal_incomes_and_linearized_variable():
    assert pe.zenga(np.full(10, 3.0), se=None).value == pytest.approx(0.0, abs=1e-12)
    rng = np.random.default_rng(6)
    y = np.round(rng.lognormal(0, 0.5, 300), 1)  # with ties
    w = rng.uniform(0.5, 2, 300)
    _, u = indices._zenga_value_if(y, w, True)
    g = _grad(lambda ww: indices._zenga_value_if(y, ww, False)[0], w)
    # the plug-in integral is smooth in the weights: its influence function is the gradient
    assert np.allclose(u, g, rtol=1e-4, atol=1e-6 * np.abs(g).max())
    assert abs(np.dot(w, u)) < 1e-12


def test_fw_brute_force():
    y = np.array([3.0, 1.0, 7.0, 2.5, 11.0, 4.0, 6.0, 5.0])  # even n: the poorer half is 4 observations
    ys = np.sort(y)
    mu = y.mean()
    L = ys[:4].sum() / y.sum()
    G = np.abs(y[:, None] - y[None, :]).sum() / (2 * len(y) ** 2 * mu)
    m = 0.5 * (ys[3] + ys[4])
    want = 2 * (2 * (0.5 - L) - G) * mu / m  # Foster and Wolfson (2010)
    assert pe.fw_polarization(y, se=None).value == pytest.approx(want, rel=1e-12)
    assert pe.fw_polarization(np.full(6, 2.0), se=None).value == pytest.approx(0.0, abs=1e-12)
    # two equal halves at 0 and 2 mu: complete bipolarization; the Eurostat median is mu
    assert pe.fw_polarization(np.array([0.0, 0, 0, 4, 4, 4]), se=None).value == pytest.approx(1.0)


def _der_brute(y, alpha, h):
    n = len(y)
    f = [sum(np.exp(-0.5 * ((y[i] - y[j]) / h) ** 2) for j in range(n)) / (n * h * np.sqrt(2 * np.pi))
         for i in range(n)]
    a = [sum(abs(y[i] - y[j]) for j in range(n)) / n for i in range(n)]
    return sum(f[i] ** alpha * a[i] for i in range(n)) / n


def test_der_brute_force_and_alpha_zero():
    y = np.array([3.0, 1.0, 7.0, 2.5, 11.0, 4.0, 6.0, 5.0, 5.0])
    r = pe.der_polarization(y, alpha=[0.25, 1.0, 1.6], normalize=False, bandwidth=1.3, se=None).to_frame()
    for a, v in zip(r["alpha"], r["value"]):
        assert v == pytest.approx(_der_brute(y, a, 1.3), rel=1e-12)
    x = y / y.mean()
    rn = pe.der_polarization(y, alpha=0.5, bandwidth=0.2, se=None)
    assert rn.value == pytest.approx(_der_brute(x, 0.5, 0.2), rel=1e-12)
    # alpha = 0: the mean absolute difference, 2 G mu (Duclos, Esteban and Ray 2004)
    z, w, _ = _small(200, 4)
    d0 = pe.der_polarization(z, alpha=0, normalize=False, weights=w)
    g = pe.gini(z, weights=w)
    mu = np.average(z, weights=w)
    assert d0.value == pytest.approx(2 * g.value * mu, rel=1e-12)
    # its linearized SE is the delta method on (G, mu): u = 2 (mu u_G + G u_mu)
    from povecon.measures._kernels import gini_with_if
    N = w.sum()
    G, uG = gini_with_if(z, w, True)
    u = 2 * (mu * uG + G * (z - mu) / N)
    t = w * u
    var = len(z) / (len(z) - 1) * np.sum((t - t.mean()) ** 2)
    assert d0.se == pytest.approx(np.sqrt(var), rel=1e-8)
    # normalized, alpha = 0 is twice the Gini
    assert pe.der_polarization(z, alpha=0, weights=w, se=None).value == pytest.approx(2 * g.value, rel=1e-12)


def test_der_binned_kernel_sums():
    rng = np.random.default_rng(2)
    x = np.sort(rng.lognormal(0, 0.6, 6000))
    c = rng.uniform(0.5, 2.0, x.size)
    h = 0.05
    fast = indices._kernel_sums(x, c, h)
    exact = np.array([np.dot(c, np.exp(-0.5 * ((xi - x) / h) ** 2)) for xi in x]) / (h * np.sqrt(2 * np.pi))
    assert np.max(np.abs(fast - exact) / exact.max()) < 1e-3


# --- linearized variables: exact gradients where the estimator is smooth in the weights ----

def _grad(fun, w, eps=1e-6):
    g = np.empty(w.size)
    for i in range(w.size):
        up, dn = w.copy(), w.copy()
        up[i] += eps
        dn[i] -= eps
        g[i] = (fun(up) - fun(dn)) / (2 * eps)
    return g


def test_der_linearized_variable_is_the_weight_gradient():
    """``theta_hat - theta ~= sum w_i u_i``: for DER with a fixed bandwidth u is d theta / d w_i exactly."""
    rng = np.random.default_rng(4)
    y = rng.lognormal(0, 0.5, 120)
    w = rng.uniform(0.5, 2, 120)
    for a in (0.5, 1.0):
        _, U = indices._der_value_if(y, w, [a], False, 0.3, True)
        g = _grad(lambda ww: indices._der_value_if(y, ww, [a], False, 0.3, False)[0][0], w)
        assert np.allclose(U[:, 0], g, rtol=1e-5, atol=1e-9 * np.abs(g).max())


def test_rank_indices_linearized_variable_near_gradient():
    rng = np.random.default_rng(6)
    y = rng.lognormal(0, 0.5, 400)
    w = rng.uniform(0.5, 2, 400)
    for fns in (indices._sgini_fns(3.0), indices._sgini_fns(1.5), indices._BONF):
        _, u = indices._rank_index(y, w, *fns, True)
        g = _grad(lambda ww: indices._rank_index(y, ww, *fns, False)[0], w)
        # the estimator integrates k over each cell, the influence function evaluates k' at
        # mid-ranks: they part only where k' is singular (Bonferroni at the lowest income,
        # S-Gini with nu < 2 at the highest), by O(1/n) overall
        assert np.linalg.norm(u - g) < 0.02 * np.linalg.norm(g)


@pytest.mark.slow
def test_linearized_se_matches_monte_carlo():
    rng = np.random.default_rng(11)
    calls = {"rmpg": lambda y, a: pe.rmpg(y), "median_poor": lambda y, a: pe.median_poor(y),
             "rmir": lambda y, a: pe.rmir(y, age=a), "fw": lambda y, a: pe.fw_polarization(y),
             "sgini3": lambda y, a: pe.sgini(y, nu=3), "bonferroni": lambda y, a: pe.bonferroni(y),
             "der": lambda y, a: pe.der_polarization(y, alpha=0.5), "zenga": lambda y, a: pe.zenga(y)}
    est = {k: [] for k in calls}
    ses = {k: [] for k in calls}
    for _ in range(250):
        a = rng.integers(0, 90, 2000)
        y = rng.lognormal(0, 0.6, 2000) * np.where(a >= 65, 0.8, 1.0)
        for k, f in calls.items():
            e = f(y, a)
            est[k].append(e.value)
            ses[k].append(e.se)
    for k in calls:
        ratio = np.mean(ses[k]) / np.std(est[k], ddof=1)
        assert 0.85 < ratio < 1.18, (k, ratio)  # 250 replications: the spread's own error is ~4.5%


def test_se_against_bootstrap_same_design():
    sim = pe.datasets.simulate_households(400, seed=3).data
    cross = sim[sim["year"] == 2019].reset_index(drop=True)
    des = pe.SurveyDesign(weights="weight", strata="prefecture", psu="village")
    for f in (lambda **k: pe.sgini(cross, "income", nu=3, **k), lambda **k: pe.bonferroni(cross, "income", **k),
              lambda **k: pe.fw_polarization(cross, "income", **k), lambda **k: pe.zenga(cross, "income", **k),
              lambda **k: pe.der_polarization(cross, "income", alpha=0.5, **k)):
        lin = f(design=des)
        boot = f(design=des, se="bootstrap", replicates=300, seed=3)
        assert 0.75 < lin.se / boot.se < 1.3


def test_weights_scale_invariance_and_by_contrast():
    y, w, age = _small(500, 9)
    grp = np.where(np.arange(500) % 2 == 0, "a", "b")
    for f in (pe.rmpg, pe.median_poor, pe.bonferroni, pe.zenga, pe.fw_polarization,
              lambda v, **k: pe.sgini(v, nu=3, **k),
              lambda v, **k: pe.rmir(v, age=age, **k), lambda v, **k: pe.der_polarization(v, alpha=[0.5, 1], **k)):
        r1 = f(y, weights=w, by=grp).to_frame()
        r2 = f(y, weights=w * 100, by=grp).to_frame()
        assert np.allclose(r1["value"], r2["value"], rtol=1e-10)
        assert np.allclose(r1["se"], r2["se"], rtol=1e-8)
    r = pe.rmpg(y, weights=w, by=grp)
    c = pe.contrast(r, group=("a", "b"))
    cov = r.cov().to_numpy()
    assert float(c.to_frame()["se"].iloc[0]) == pytest.approx(np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]))
    # the national line makes the two groups' rmpg correlated
    assert cov[0, 1] != 0


def test_bad_input():
    y = np.arange(1.0, 30.0)
    with pytest.raises(InputError):
        pe.rmir(y)
    with pytest.raises(InputError):
        pe.sgini(y, nu=1)
    with pytest.raises(InputError):
        pe.der_polarization(y, alpha=-1)
    with pytest.raises(InputError):
        pe.rmpg(np.full(10, 5.0))  # nobody below 60% of the median
    with pytest.raises(InputError):
        pe.zenga(np.array([-1.0, 2.0, 3.0]))


def test_property_sgini_two_is_gini_and_der_zero_is_mean_difference():
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")

    @hypothesis.settings(max_examples=40, deadline=None)
    @hypothesis.given(st.lists(st.floats(0.01, 1e4), min_size=2, max_size=40),
                      st.lists(st.floats(0.1, 10), min_size=40, max_size=40))
    def check(ys, ws):
        y = np.array(ys)
        w = np.array(ws[:len(ys)])
        g = pe.gini(y, weights=w, se=None).value
        assert pe.sgini(y, nu=2, weights=w, se=None).value == pytest.approx(g, rel=1e-9, abs=1e-12)
        mu = np.average(y, weights=w)
        assert pe.der_polarization(y, alpha=0, normalize=False, weights=w, se=None).value == pytest.approx(
            2 * g * mu, rel=1e-9, abs=1e-9)

    check()
