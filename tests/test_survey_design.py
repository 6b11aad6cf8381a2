"""SurveyDesign variance machinery: textbook identities the estimators rely on."""

import numpy as np
import pytest

import povecon as pe
from povecon import measures as m


def test_srs_linearized_variance_is_textbook_variance_of_mean():
    # Cochran (1977), Sampling Techniques, eq. 2.12 (with-replacement form): var(ybar) = s^2 / n
    rng = np.random.default_rng(1)
    y = rng.lognormal(size=50)
    r = m.fgt(income=y, line=1.0)
    p = (y < 1.0).astype(float)
    assert r.se == pytest.approx(np.sqrt(p.var(ddof=1) / p.size), rel=1e-12)


def test_fpc_scales_variance_by_one_minus_sampling_fraction():
    rng = np.random.default_rng(2)
    y = rng.lognormal(size=80)
    base = m.fgt(income=y, line=1.0).se
    with_fpc = m.fgt(income=y, line=1.0, design=pe.SurveyDesign(fpc=np.full(80, 0.25))).se
    assert with_fpc == pytest.approx(base * np.sqrt(0.75), rel=1e-12)
    pop = m.fgt(income=y, line=1.0, design=pe.SurveyDesign(fpc=np.full(80, 320.0))).se
    assert pop == pytest.approx(with_fpc, rel=1e-12)


def test_clusters_sum_before_variance():
    # With one cluster per pair of identical units, clustered variance equals the variance of
    # the pair totals: duplicating rows inside clusters must not shrink the SE.
    rng = np.random.default_rng(3)
    y = rng.lognormal(size=30)
    yy = np.repeat(y, 2)
    psu = np.repeat(np.arange(30), 2)
    a = m.gini(income=y).se
    b = m.gini(income=yy, design=pe.SurveyDesign(psu=psu)).se
    assert b == pytest.approx(a, rel=1e-10)


def test_lonely_psu_policy():
    y = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    des = pe.SurveyDesign(strata=np.array([0, 0, 1, 1, 2]))
    with pytest.raises(pe.InputError, match="single PSU"):
        m.fgt(income=y, line=3.5, design=des)
    r = m.fgt(income=y, line=3.5, design=pe.SurveyDesign(strata=np.array([0, 0, 1, 1, 2]), lonely_psu="certainty"))
    assert np.isfinite(r.se)


def test_bootstrap_weights_seeded_and_unbiased_for_totals():
    rd = pe.SurveyDesign(strata=np.repeat([0, 1], 10)).resolve(None, 20)
    a = rd.bootstrap_weights(50, seed=4)
    assert np.array_equal(a, rd.bootstrap_weights(50, seed=4))
    assert not np.array_equal(a, rd.bootstrap_weights(50, seed=5))
    # rescaled bootstrap keeps each stratum's expected total weight
    assert a[:10].sum(axis=0).mean() == pytest.approx(10, rel=0.1)


def test_na_drop_subsets_design_consistently():
    y = np.array([1.0, np.nan, 3.0, 4.0, 0.5, 2.0])
    psu = np.array([0, 0, 1, 1, 2, 2])
    r = m.fgt(income=y, line=2.5, design=pe.SurveyDesign(psu=psu), na="drop")
    keep = ~np.isnan(y)
    r2 = m.fgt(income=y[keep], line=2.5, design=pe.SurveyDesign(psu=psu[keep]))
    assert (float(r), r.se, r.n_dropped) == (float(r2), r2.se, 1)


def test_linearized_var_is_the_diagonal_of_linearized_cov():
    import numpy as np
    from povecon.survey import SurveyDesign

    rng = np.random.default_rng(3)
    n = 300
    strata = np.repeat(np.arange(3), 100)
    psu = np.tile(np.repeat(np.arange(10), 10), 3)  # PSU labels repeat across strata
    z = rng.normal(size=(n, 4))
    for fpc in (None, np.full(n, 40.0)):
        d = SurveyDesign(weights=rng.uniform(1, 2, n), strata=strata, psu=psu, fpc=fpc).resolve(None, n)
        assert d.n_psu == 30
        np.testing.assert_allclose(d.linearized_var(z), np.diag(d.linearized_cov(z)), rtol=1e-12)
        np.testing.assert_allclose(d.linearized_var(z[:, 0]), d.linearized_cov(z[:, 0]), rtol=1e-12)
