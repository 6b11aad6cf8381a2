"""The measures on the common result type: joint covariances, contrasts, scale-free weights.

Every standard error of a contrast is checked against the design variance of the
difference of linearized variables written out here, not read from the engine.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import povecon as pe
from povecon import measures as m
from povecon.errors import InputError
from povecon.result import Result

from conftest import reference_file  # noqa: E402

Z = 8000.0


@pytest.fixture(scope="module")
def sample():
    """4 strata x 6 PSUs x 25 people; groups A, B, C are drawn per person, so they share PSUs."""
    rng = np.random.default_rng(7)
    H, J, K = 4, 6, 25
    h = np.repeat(np.arange(H), J * K)
    psu = np.repeat(np.arange(H * J), K)
    effect = rng.normal(0, 0.3, H * J)[psu]
    y = np.exp(9 + effect + rng.normal(0, 0.8, psu.size))
    w = rng.uniform(1, 5, psu.size) * (1 + h)
    g = rng.choice(["A", "B", "C"], psu.size, p=[0.4, 0.35, 0.25])
    return pd.DataFrame({"y": y, "w": w, "w100": 100 * w, "h": h, "psu": psu, "g": g})


def _design(weights="w"):
    return pe.SurveyDesign(weights=weights, strata="h", psu="psu")


def design_var(u: np.ndarray, d: pd.DataFrame, weights: str = "w") -> float:
    """Stratified with-replacement variance of the total of w*u (R survey, no fpc)."""
    t = pd.DataFrame({"h": d["h"], "psu": d["psu"], "t": d[weights] * u}).groupby(["h", "psu"])["t"].sum()
    var = 0.0
    for _, th in t.groupby(level="h"):
        n = th.size
        var += n / (n - 1) * float(((th - th.mean()) ** 2).sum())
    return var


def headcount_u(d: pd.DataFrame, z: float, mask=None):
    """Headcount of a domain and its linearized variable (zero outside the domain)."""
    w = d["w"].to_numpy()
    poor = (d["y"].to_numpy() < z).astype(float)
    inside = np.ones(len(d), bool) if mask is None else np.asarray(mask)
    N = w[inside].sum()
    P = float(np.dot(w[inside], poor[inside]) / N)
    return P, np.where(inside, (poor - P) / N, 0.0)


# --- (a) contrast between groups of one result ----------------------------------------------

def test_group_contrast_se_is_the_design_variance_of_the_difference(sample):
    r = pe.fgt(sample, "y", line=Z, by="g", design=_design())
    c = pe.contrast(r, group=("A", "B"))
    PA, uA = headcount_u(sample, Z, sample["g"] == "A")
    PB, uB = headcount_u(sample, Z, sample["g"] == "B")
    se = np.sqrt(design_var(uA - uB, sample))
    assert c.value == pytest.approx(PA - PB, rel=1e-12)
    assert c.se == pytest.approx(se, rel=1e-10)
    # the groups share PSUs: their covariance is not zero, and the result's cov() has it
    cov_ab = (design_var(uA + uB, sample) - design_var(uA - uB, sample)) / 4
    assert abs(cov_ab) > 0.05 * np.sqrt(design_var(uA, sample) * design_var(uB, sample))
    cov = r.cov()
    assert cov.loc["A", "B"] == pytest.approx(cov_ab, rel=1e-9)
    assert c.se != pytest.approx(np.sqrt(cov.loc["A", "A"] + cov.loc["B", "B"]), rel=1e-3)
    # t interval on the design degrees of freedom: 24 PSUs - 4 strata
    assert c.df == 20
    lo, hi = c.ci()
    q = stats.t.ppf(0.975, 20)
    assert (lo, hi) == pytest.approx((PA - PB - q * se, PA - PB + q * se), rel=1e-9)


# --- (b) contrast of two results under one design --------------------------------------------

def test_two_lines_under_one_design(sample):
    z1, z2 = 6000.0, Z
    r1 = pe.fgt(sample, "y", line=z1, design=_design())
    r2 = pe.fgt(sample, "y", line=z2, design=_design())
    c = pe.contrast(r1, r2)
    P1, u1 = headcount_u(sample, z1)
    P2, u2 = headcount_u(sample, z2)
    assert c.value == pytest.approx(P1 - P2, rel=1e-12)
    assert c.se == pytest.approx(np.sqrt(design_var(u1 - u2, sample)), rel=1e-10)
    # far from independent: the two headcounts share most of their poor
    assert c.se < 0.8 * np.hypot(r1.se, r2.se)


# --- (c) two independent samples -------------------------------------------------------------

def test_independent_samples(sample):
    a = sample[sample["h"] < 2].reset_index(drop=True)
    b = sample[sample["h"] >= 2].reset_index(drop=True)
    ra = pe.fgt(a, "y", line=Z, design=_design())
    rb = pe.fgt(b, "y", line=Z, design=_design())
    with pytest.raises(InputError, match="independent=True"):
        pe.contrast(ra, rb)
    c = pe.contrast(ra, rb, independent=True)
    assert c.value == pytest.approx(float(ra) - float(rb), rel=1e-12)
    assert c.se == pytest.approx(np.hypot(ra.se, rb.se), rel=1e-12)
    assert any("independent" in n for n in c.notes)
    assert "independent" in str(c.summary())


# --- (d) sampling weights: multiplying them by 100 changes nothing ---------------------------

ENTRY_POINTS = [
    (m.fgt, dict(line=Z)),
    (m.fgt, dict(line=Z, alpha=[0, 1, 2])),
    (m.fgt, dict(line=Z, alpha=0.5, by="g")),
    (m.fgt, dict(line=pe.RelativeLine(0.5, "mean"))),
    (m.headcount, dict(line=Z)),
    (m.poverty_gap, dict(line=Z)),
    (m.squared_gap, dict(line=Z)),
    (m.arpr, dict()),
    (m.arpr, dict(by="g")),
    (m.watts, dict(line=Z)),
    (m.time_to_exit, dict(line=Z)),
    (m.sen, dict(line=Z)),
    (m.sst, dict(line=Z)),
    (m.takayama, dict(line=Z)),
    (m.chu, dict(line=Z)),
    (m.gini, dict()),
    (m.ge, dict(alpha=2)),
    (m.mld, dict()),
    (m.theil, dict(by="g")),
    (m.atkinson, dict(epsilon=0.5)),
    (m.cv, dict()),
    (m.quantile_ratio, dict()),
    (m.decile_ratio, dict()),
    (m.qsr, dict()),
    (m.palma, dict()),
    (m.lorenz, dict(points=4)),
    (m.poverty_line, dict()),
    (m.quantile, dict(p=0.25)),
    (m.fgt_decomposition, dict(line=Z, by="g")),
    (m.ge_decomposition, dict(by="g")),
    (m.gini_decomposition, dict(by="g")),
]


@pytest.mark.parametrize("se", ["linearized", "bootstrap"])
@pytest.mark.parametrize("fn,kw", ENTRY_POINTS, ids=[f"{f.__name__}-{i}" for i, (f, _) in enumerate(ENTRY_POINTS)])
def test_weights_times_100_change_no_estimate_and_no_se(sample, fn, kw, se):
    opts = dict(se=se, replicates=30, seed=11) if se == "bootstrap" else dict(se=se)
    a = fn(sample, "y", design=_design("w"), **kw, **opts)
    b = fn(sample, "y", design=_design("w100"), **kw, **opts)
    assert isinstance(a, Result) and isinstance(b, Result)
    fa, fb = a.to_frame(), b.to_frame()
    np.testing.assert_allclose(fb["value"], fa["value"], rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(fb["se"], fa["se"], rtol=1e-8, atol=1e-13)
    assert np.isfinite(fa["se"]).all()
    # the same through plain weights (simple random sampling)
    c = fn(sample, "y", weights="w", **kw, **opts).to_frame()
    d = fn(sample, "y", weights="w100", **kw, **opts).to_frame()
    np.testing.assert_allclose(d["value"], c["value"], rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(d["se"], c["se"], rtol=1e-8, atol=1e-13)


# --- every entry point returns a Result, with or without by ---------------------------------

def test_every_entry_point_returns_the_result_type(sample):
    for fn, kw in ENTRY_POINTS:
        r = fn(sample, "y", weights="w", **kw)
        assert isinstance(r, pe.Estimate), fn.__name__
        assert not isinstance(r, pd.DataFrame)
        assert r.df == len(sample) - 1  # simple random sampling: n - 1
        cov = r.cov()
        assert cov.shape == (len(r), len(r)) and np.isfinite(cov.to_numpy()).all(), fn.__name__


def test_grouped_results_are_results_and_the_old_alphas_name_warns():
    p = [0.1, 0.2, 0.3, 0.4]
    inc = [0.03, 0.12, 0.3, 0.55]
    g = pe.lorenz_fit(p, inc, mean=100.0)
    assert isinstance(g, Result) and isinstance(g.gq, Result) and isinstance(g.beta, Result)
    assert set(g.to_frame()["curve"]) == {"GQ", "beta"}
    assert list(g.gq.to_frame()["term"]) == list(g.gq.params)
    pov = pe.grouped_poverty(p, inc, mean=100.0, line=60.0, alpha=[0, 2])
    assert isinstance(pov, pe.GroupedPoverty) and isinstance(pov, Result)
    f = pov.to_frame()
    assert sorted(set(f["alpha"])) == [0.0, 2.0] and f["se"].isna().all()
    if pov.preferred is not None:
        assert pov.headcount == pov.select(curve=pov.preferred, alpha=0).value
        assert pov.fgt(2) == pov.select(curve=pov.preferred, alpha=2).value
    with pytest.warns(DeprecationWarning, match="alphas= is now alpha="):
        old = pe.grouped_poverty(p, inc, mean=100.0, line=60.0, alphas=[0, 2])
    pd.testing.assert_frame_equal(old.to_frame(), f)
    with pytest.warns(DeprecationWarning, match="alphas= is now alpha="):
        g.poverty(60.0, alphas=[0, 2])
    assert pov.wide().shape[0] == 2 and "preferred" in pov.wide().columns
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pe.grouped_poverty(p, inc, mean=100.0, line=60.0, alpha=1)  # the new name is silent


# --- (e) real data: at-risk-of-poverty rates of two Austrian regions (EU-SILC) ---------------

EUSILC = reference_file("eusilc.csv")
needs_eusilc = pytest.mark.skipif(not os.path.exists(EUSILC), reason="eusilc reference data not available")

# R survey, as in test_measures_survey.py: svyby(~poor, ~db040, des, svymean) with
# poor = eqIncome < 11000 and des <- svydesign(ids = ~db030, strata = ~db040, weights = ~rb050).
# The regions are the strata, so their estimates are independent under the design and
# svycontrast(svyby(..., covmat = TRUE), ...) has SE sqrt(se_a^2 + se_b^2); its interval is
# confint(..., df = degf(des)): t on 6000 PSUs - 9 strata.
REGIONS = ['Burgenland', 'Carinthia', 'Lower Austria', 'Salzburg', 'Styria', 'Tyrol', 'Upper Austria', 'Vienna',
           'Vorarlberg']
R_BY_SE = [0.0312277581583606, 0.0167765074403044, 0.0116754405922605, 0.0187736506001718, 0.0121905960962302,
           0.0178786549115108, 0.0100476026597917, 0.0134004568691813, 0.0256977410599527]


@pytest.fixture(scope="module")
def eusilc():
    return pd.read_csv(EUSILC)


@needs_eusilc
def test_eusilc_fixed_line_region_contrast_matches_r_survey(eusilc):
    des = pe.SurveyDesign(weights="rb050", strata="db040", psu="db030")
    r = pe.fgt(eusilc, "eqIncome", line=11000, design=des, by="db040")
    c = pe.contrast(r, group=("Vienna", "Tyrol"))
    want = np.hypot(R_BY_SE[REGIONS.index("Vienna")], R_BY_SE[REGIONS.index("Tyrol")])
    assert c.se == pytest.approx(want, rel=1e-9)
    assert c.df == 6000 - 9
    lo, _ = c.ci()
    assert lo == pytest.approx(c.value - stats.t.ppf(0.975, 5991) * want, rel=1e-9)


@needs_eusilc
def test_eusilc_arpr_region_contrast_against_direct_linearization(eusilc):
    """ARPR by region with the national line (60% of the national median, laeken ``arpr``
    with ``breakdown``): the line's own sampling error makes the regions covary."""
    des = pe.SurveyDesign(weights="rb050", strata="db040", psu="db030")
    r = pe.arpr(eusilc, "eqIncome", design=des, by="db040")
    c = pe.contrast(r, group=("Vienna", "Tyrol"))

    y = eusilc["eqIncome"].to_numpy()
    w = eusilc["rb050"].to_numpy()
    N = w.sum()
    z = float(pe.poverty_line(eusilc, "eqIncome", weights="rb050", se=None))  # laeken: 10859.236
    q = z / 0.6
    mu = np.dot(w, y) / N
    # Silverman-type bandwidth on the number of observations (convey's h_fun uses sum(w),
    # which is not invariant to the scale of the weights)
    h = np.sqrt(np.dot(w, (y - mu) ** 2) / N) / y.size ** 0.2

    def kde(mask, at):
        k = np.exp(-0.5 * ((at - y[mask]) / h) ** 2)
        return np.dot(w[mask], k) / (w[mask].sum() * h * np.sqrt(2 * np.pi))

    everyone = np.ones(y.size, bool)
    u_line = -0.6 * ((y <= q) - 0.5) / (kde(everyone, q) * N)

    def u_region(name):
        inside = (eusilc["db040"] == name).to_numpy()
        Ng = w[inside].sum()
        P = np.dot(w[inside], y[inside] < z) / Ng
        return P, np.where(inside, ((y < z) - P) / Ng, 0.0) + kde(inside, z) * u_line

    frame = eusilc.rename(columns={"rb050": "w", "db040": "h", "db030": "psu"})
    Pv, uv = u_region("Vienna")
    Pt, ut = u_region("Tyrol")
    assert c.value == pytest.approx(Pv - Pt, rel=1e-10)
    assert c.se == pytest.approx(np.sqrt(design_var(uv - ut, frame)), rel=1e-8)
    # not independent: the shared national line enters both regions
    cov = r.cov()
    assert cov.loc["Vienna", "Tyrol"] != 0
    assert c.se != pytest.approx(np.hypot(r.select(group="Vienna").se, r.select(group="Tyrol").se), rel=1e-4)
