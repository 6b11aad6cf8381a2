"""Grouped data through GQ and Beta Lorenz curves (Datt 1998)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, optimize, stats

from povecon.errors import EstimationError, InputError
from povecon.measures.grouped import grouped_poverty, lorenz_fit

# Cross-check against the World Bank's PovcalNet / PIP engine: Lorenz points, mean and
# line from the test suite of the R package wbpip (PIP-Technical-Team/wbpip,
# tests/testthat/test-gd_estimate_lq.R and test-gd_compute_pip_stats_lb.R), whose
# values reproduce the .NET PovcalNet code base.
PIP_P = [0.0005, 0.0032, 0.0148, 0.0443, 0.0991, 0.257, 0.4385, 0.5938, 0.7089, 1]
PIP_L = [5.824760527229386e-05, 0.000604029410841011, 0.0037949334793616948, 0.013988878652244477,
         0.036992164583098786, 0.12140708906131342, 0.24531391873082081, 0.37446670169288321,
         0.48753116241194566, 1]
PIP_MEAN, PIP_LINE = 51.5660557757944, 57.791666666666664


def test_pip_gq_and_beta_benchmark():
    g = lorenz_fit(PIP_P, PIP_L, mean=PIP_MEAN, cumulative=True)
    q = g.gq.params
    assert (q["a"], q["b"], q["c"]) == pytest.approx((0.795981535745657, -1.4445933880119242, 0.14728191995919815),
                                                     abs=1e-10)
    assert q["r"] == pytest.approx(1.3477796260474386, abs=1e-10)
    b = g.beta.params
    assert (b["theta"], b["gamma"], b["delta"]) == pytest.approx(
        (0.57803721740313529, 0.94205090386544987, 0.52578600019473676), abs=1e-10)
    assert g.gq.valid and g.beta.valid
    pov = g.poverty(PIP_LINE)
    t = pov.table
    assert t.loc["GQ", "FGT0"] == pytest.approx(0.76005810499191284, abs=1e-7)
    assert t.loc["GQ", "FGT1"] == pytest.approx(0.27617606019159308, abs=1e-10)
    assert t.loc["GQ", "FGT2"] == pytest.approx(0.12832887439632906, abs=1e-10)
    assert t.loc["beta", "FGT0"] == pytest.approx(0.71833938360214233, abs=1e-6)
    assert t.loc["beta", "FGT1"] == pytest.approx(0.27137498479545558, abs=1e-6)
    assert t.loc["beta", "FGT2"] == pytest.approx(0.12933674851941607, abs=1e-6)
    assert g.gq.gini() == pytest.approx(0.32126464221602591, abs=1e-8)
    assert g.beta.gini() == pytest.approx(0.31236656171451094, abs=1e-5)  # PIP integrates numerically
    # PIP's fit statistic for GQ (gd_compute_fit_lq benchmark: sse = 2.53e-06)
    assert g.gq.sse() == pytest.approx(2.5301549524661934e-06, rel=1e-6)
    assert pov.preferred == "GQ" and pov.headcount == t.loc["GQ", "FGT0"]


GQ_TRUE = dict(a=0.9, b=-1.4, c=0.15)  # a + c >= 1: passes through (1, 1)
BETA_TRUE = dict(theta=0.55, gamma=0.94, delta=0.55)


def gq_curve(p, a, b, c):
    e = -(a + b + c + 1)
    m, n = b * b - 4 * a, 2 * b * e - 4 * c
    return -0.5 * (b * p + e + np.sqrt(m * p * p + n * p + e * e))


def gq_slope(p, a, b, c):
    e = -(a + b + c + 1)
    m, n = b * b - 4 * a, 2 * b * e - 4 * c
    return -b / 2 - (2 * m * p + n) / (4 * np.sqrt(m * p * p + n * p + e * e))


def beta_curve(p, theta, gamma, delta):
    return p - theta * p ** gamma * (1 - p) ** delta


@pytest.mark.parametrize("kind", ["GQ", "beta"])
def test_exact_curve_recovered_and_formulas_match_integrals(kind):
    p = np.array([0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0])
    L = gq_curve(p, **GQ_TRUE) if kind == "GQ" else beta_curve(p, **BETA_TRUE)
    assert L[-1] == pytest.approx(1.0, abs=1e-12)  # the true curve passes through (1, 1)
    g = lorenz_fit(p, L, mean=100.0, cumulative=True)
    c = g.curves[kind]
    truth = GQ_TRUE if kind == "GQ" else BETA_TRUE
    for k, v in truth.items():
        assert c.params[k] == pytest.approx(v, abs=1e-9)
    assert c.valid
    assert c.sse() == pytest.approx(0, abs=1e-20)
    for line in (40.0, 80.0, 120.0):
        k = 100.0 / line
        H = c.headcount(line, 100.0)
        # headcount solves mean * L'(H) = line
        root = optimize.brentq(lambda x: float(c.dL(x)) - line / 100.0, 1e-9, 1 - 1e-9)
        assert H == pytest.approx(root, abs=1e-9)
        # closed forms for the gap and squared gap against direct integration
        for alpha in (1, 2):
            direct, _ = integrate.quad(lambda x: (1 - k * float(c.dL(x))) ** alpha, 0, H, limit=200)
            assert c.fgt(line, 100.0, alpha) == pytest.approx(direct, abs=1e-8)
        area, _ = integrate.quad(lambda x: float(c.L(x)), 0, 1)
        assert c.gini() == pytest.approx(1 - 2 * area, abs=1e-8)


def test_sample_from_gq_distribution_grouped_into_deciles():
    # incomes y = mean * L'(u), u ~ U(0, 1), have exactly the GQ Lorenz curve
    rng = np.random.default_rng(0)
    u = np.sort(rng.uniform(size=200_000))
    p_grid = np.linspace(0, 1, 11)
    y = 100.0 * gq_slope(u, **GQ_TRUE)
    groups = np.searchsorted(p_grid[1:-1], u, side="right")
    pop = np.bincount(groups, minlength=10).astype(float)
    inc = np.bincount(groups, weights=y, minlength=10)
    g = lorenz_fit(pop, inc, mean=y.mean())
    for k, v in GQ_TRUE.items():
        assert g.gq.params[k] == pytest.approx(v, abs=0.02)
    for line in (60.0, 100.0):
        assert g.fgt(line, 0, curve="GQ") == pytest.approx(np.mean(y < line), abs=0.005)
        assert g.fgt(line, 1, curve="GQ") == pytest.approx(np.mean(np.clip(1 - y / line, 0, None)), abs=0.003)


def lognormal_fgt(z, mu, sigma):
    m = np.log(mu) - sigma ** 2 / 2
    d = (np.log(z) - m) / sigma
    H = stats.norm.cdf(d)
    pg = H - mu / z * stats.norm.cdf(d - sigma)
    ey2 = np.exp(2 * m + 2 * sigma ** 2)
    spg = H - 2 * mu / z * stats.norm.cdf(d - sigma) + ey2 / z ** 2 * stats.norm.cdf(d - 2 * sigma)
    return H, pg, spg


def test_lognormal_deciles_against_exact_fgt():
    sigma, mu = 0.6, 100.0
    p = np.arange(1, 11) / 10
    L = stats.norm.cdf(stats.norm.ppf(p) - sigma)
    L[-1] = 1.0
    g = lorenz_fit(p, L, mean=mu, cumulative=True)
    exact_gini = 2 * stats.norm.cdf(sigma / np.sqrt(2)) - 1
    assert g.gini() == pytest.approx(exact_gini, abs=0.005)
    for z in (50.0, 80.0, 110.0):
        pov = g.poverty(z)
        H, pg, spg = lognormal_fgt(z, mu, sigma)
        assert pov.headcount == pytest.approx(H, abs=0.01)
        assert pov.gap == pytest.approx(pg, abs=0.005)
        assert pov.severity == pytest.approx(spg, abs=0.005)


def lognormal_brackets(bounds, mu, sigma):
    m = np.log(mu) - sigma ** 2 / 2
    edges = np.concatenate([[0], bounds, [np.inf]])
    with np.errstate(divide="ignore"):
        a = (np.log(edges) - m) / sigma
    pop = np.diff(stats.norm.cdf(a))
    inc = np.diff(stats.norm.cdf(a - sigma)) * mu
    return pop, inc / pop


def test_brackets_with_bracket_means_recover_lognormal():
    bounds = np.array([1000.0, 1500, 2000, 2800, 4000, 6000])
    pop, means = lognormal_brackets(bounds, 2600.0, 0.7)
    g = lorenz_fit(pop, mean=2600.0, bounds=bounds, bracket_means=means)
    H, pg, _ = lognormal_fgt(2300.0, 2600.0, 0.7)
    assert g.fgt(2300.0, 0) == pytest.approx(H, abs=0.01)
    assert g.fgt(2300.0, 1) == pytest.approx(pg, abs=0.005)


def test_brackets_with_midpoints_run_and_record_assumption():
    bounds = np.array([1000.0, 1500, 2000, 2800, 4000])
    pop, _ = lognormal_brackets(bounds, 2600.0, 0.5)
    g = lorenz_fit(pop * 100, mean=2600.0, bounds=bounds)  # percent shares are fine
    assert len(g.details["bracket_means_assumed"]) == 6
    assert g.details["bracket_means_assumed"][0] == 500.0
    assert 0 < g.poverty(2300.0).table.loc["GQ", "FGT0"] < 1


def test_three_brackets_is_too_few_and_says_what_is_needed():
    with pytest.raises(InputError, match="at least 4 groups or income brackets"):
        lorenz_fit([0.3, 0.4, 0.3], mean=2600.0, bounds=[2000, 2800])
    with pytest.raises(InputError, match="at least 4"):
        grouped_poverty([0.3, 0.4, 0.3], [0.1, 0.3, 0.6], mean=100, line=50)


def test_input_errors():
    with pytest.raises(InputError, match="poorest to richest"):
        lorenz_fit([1, 1, 1, 1, 1], [0.3, 0.1, 0.2, 0.2, 0.2], mean=10)
    with pytest.raises(InputError, match="5 groups but income has 4"):
        lorenz_fit([1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4], mean=10)
    with pytest.raises(InputError, match="inconsistent"):
        lorenz_fit([0.2, 0.2, 0.2, 0.2, 0.2], mean=1000.0, bounds=[500, 1000, 1500, 2000])
    with pytest.raises(InputError, match="inner bounds"):
        lorenz_fit([0.2, 0.2, 0.2, 0.2, 0.2], mean=1000.0, bounds=[500, 1000])
    with pytest.raises(InputError, match="not both"):
        lorenz_fit([0.2] * 5, [0.2] * 5, mean=1000.0, bounds=[1, 2, 3, 4])
    with pytest.raises(InputError, match="mean"):
        lorenz_fit([0.2] * 5, [0.1, 0.15, 0.2, 0.25, 0.3], mean=-1)
    with pytest.raises(InputError, match="missing"):
        lorenz_fit([0.2, np.nan, 0.2, 0.2, 0.2], [0.1, 0.15, 0.2, 0.25, 0.3], mean=1)


def test_no_valid_fit_means_no_preferred_estimate():
    # a curve with a kink (all income with the top 1%) defeats both forms' validity checks
    p = np.array([0.2, 0.4, 0.6, 0.8, 0.99, 1.0])
    L = np.array([0.001, 0.002, 0.003, 0.004, 0.005, 1.0])
    g = lorenz_fit(p, L, mean=10.0, cumulative=True)
    pov = g.poverty(5.0)
    if not (g.gq.valid or g.beta.valid):
        assert pov.preferred is None
        with pytest.raises(EstimationError, match="neither"):
            pov.headcount
    else:  # the checks must then at least hold where claimed
        assert pov.preferred in ("GQ", "beta")
    assert set(g.checks()["curve"]) == {"GQ", "beta"}
