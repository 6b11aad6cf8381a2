"""Poverty, quantile and Lorenz curves over a grid: known answers and properties.

Known answers are brute-force computations written here: for each line a numpy pass over
the data (FGT of Foster, Greer & Thorbecke 1984 at that line) and the linearized variance
of the ultimate-cluster estimator by hand (PSU totals of ``w_i (g_i^alpha - P) / N``
centred within strata, times ``n_h / (n_h - 1)``; Wolter 2007, ch. 6; the estimator of
R ``survey::svymean`` with ``svydesign(ids=~psu, strata=~stratum, weights=~w)``).
Curves as in Foster & Shorrocks (1988); uniform bands by the simulated maximum-t
(Hothorn, Bretz & Westfall 2008) or the studentized maximum modulus (Stoline & Ury 1979).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import povecon as pe
from povecon.errors import InputError
from povecon.measures import curves

RNG = np.random.default_rng(20240611)
N_OBS = 1500
DF = pd.DataFrame({"y": RNG.lognormal(9.0, 0.7, N_OBS), "w": RNG.uniform(1, 6, N_OBS),
                   "s": RNG.integers(0, 3, N_OBS)})
DF["v"] = DF["s"] * 100 + RNG.integers(0, 12, N_OBS)
DF["g"] = np.where(RNG.uniform(size=N_OBS) < 0.4, "north", "south")
DESIGN = pe.SurveyDesign(weights="w", strata="s", psu="v")
LINES = np.array([3000.0, 5500.0, 8000.0, 11000.0, 16000.0])


def _hand_cov(U, w, strata, psu):
    """Ultimate-cluster covariance of sum_i w_i U_i (columns are estimators), written out."""
    wu = U * w[:, None]
    T = pd.DataFrame(wu).groupby([np.asarray(strata), np.asarray(psu)]).sum()
    cov = np.zeros((U.shape[1], U.shape[1]))
    for h, block in T.groupby(level=0):
        d = block.to_numpy() - block.to_numpy().mean(axis=0)
        nh = len(block)
        cov += nh / (nh - 1) * d.T @ d
    return cov


def _brute(y, w, lines, alpha, normalized, strict=True, mask=None):
    """Per-line loop: values and linearized variables (zero outside the domain)."""
    m = np.ones_like(y, dtype=bool) if mask is None else mask
    N = w[m].sum()
    vals, U = [], np.zeros((y.shape[0], len(lines)))
    for k, z in enumerate(lines):
        poor = (y < z) if strict else (y <= z)
        gap = np.where(poor, z - y, 0.0)
        if normalized:
            gap = gap / z
        f = poor.astype(float) if alpha == 0 else gap ** alpha
        P = np.sum(w[m] * f[m]) / N
        vals.append(P)
        U[m, k] = (f[m] - P) / N
    return np.array(vals), U


@pytest.mark.parametrize("alpha", [0, 1, 2])
@pytest.mark.parametrize("normalized", [True, False])
def test_poverty_curve_matches_a_per_line_loop_under_a_stratified_clustered_design(alpha, normalized):
    r = pe.poverty_curve(DF, "y", lines=LINES, alpha=alpha, normalized=normalized, design=DESIGN, seed=1)
    y, w = DF["y"].to_numpy(), DF["w"].to_numpy()
    vals, U = _brute(y, w, LINES, alpha, normalized)
    cov = _hand_cov(U, w, DF["s"].to_numpy(), DF["v"].to_numpy())
    f = r.to_frame()
    np.testing.assert_allclose(f["line"], LINES)
    np.testing.assert_allclose(f["value"], vals, rtol=1e-10)
    np.testing.assert_allclose(f["se"], np.sqrt(np.diag(cov)), rtol=1e-9)
    np.testing.assert_allclose(r.cov().to_numpy(), cov, rtol=1e-8, atol=1e-14 * np.abs(cov).max())
    assert r.df == DF.groupby("s")["v"].nunique().sum() - 3


def test_poverty_curve_points_equal_fgt_at_each_line():
    r = pe.poverty_curve(DF, "y", lines=LINES, alpha=1, design=DESIGN, by="g", seed=1)
    for g in ("north", "south"):
        for z in LINES[[0, 3]]:
            e = pe.fgt(DF, "y", line=z, alpha=1, design=DESIGN, domain=DF["g"] == g)
            row = r.select(group=g, line=z)
            assert row.value == pytest.approx(e.value, rel=1e-12)
            assert row.se == pytest.approx(e.se, rel=1e-10)


def test_domain_groups_get_the_joint_covariance_of_a_contrast():
    r = pe.poverty_curve(DF, "y", lines=LINES, alpha=0, design=DESIGN, by="g", seed=1)
    c = pe.contrast(r, group=("north", "south"))
    y, w = DF["y"].to_numpy(), DF["w"].to_numpy()
    va, Ua = _brute(y, w, LINES, 0, True, mask=DF["g"].to_numpy() == "north")
    vb, Ub = _brute(y, w, LINES, 0, True, mask=DF["g"].to_numpy() == "south")
    cov = _hand_cov(Ua - Ub, w, DF["s"].to_numpy(), DF["v"].to_numpy())
    np.testing.assert_allclose(c.to_frame()["value"], va - vb, rtol=1e-10)
    np.testing.assert_allclose(c.to_frame()["se"], np.sqrt(np.diag(cov)), rtol=1e-8)


@pytest.mark.parametrize("design", [None, pe.SurveyDesign(weights="w", strata="s")])
@pytest.mark.parametrize("spec", [("poverty", 0), ("poverty", 1), ("poverty", 2), ("lorenz", False),
                                  ("lorenz", True), ("quantile", None)])
def test_the_moment_formula_for_single_observation_psus_equals_the_psu_totals(monkeypatch, design, spec):
    kind, opt = spec
    kw = {"weights": "w"} if design is None else {"design": design}

    def run():
        if kind == "poverty":
            return pe.poverty_curve(DF, "y", lines=12, alpha=opt, by="g", domain=DF["y"] > 2500, seed=3, **kw)
        if kind == "lorenz":
            return pe.lorenz_curve(DF, "y", points=8, generalized=opt, by="g", seed=3, **kw)
        return pe.quantile_curve(DF, "y", points=7, by="g", seed=3, **kw)

    totals = run()
    monkeypatch.setattr(curves, "MAX_TOTALS", 0)
    moments = run()
    a, b = totals.cov().to_numpy(), moments.cov().to_numpy()
    np.testing.assert_allclose(b, a, rtol=1e-7, atol=1e-12 * np.abs(a).max())
    np.testing.assert_allclose(moments.to_frame()["value"], totals.to_frame()["value"], rtol=1e-12)


@pytest.mark.parametrize("generalized", [False, True])
def test_lorenz_curve_equals_the_lorenz_ordinates(generalized):
    r = pe.lorenz_curve(DF, "y", points=10, generalized=generalized, design=DESIGN, seed=2)
    e = pe.lorenz(DF, "y", points=10, generalized=generalized, design=DESIGN)
    np.testing.assert_allclose(r.to_frame()["value"], e.to_frame()["value"], rtol=1e-10)
    np.testing.assert_allclose(r.to_frame()["se"], e.to_frame()["se"], rtol=1e-8, atol=1e-12)


def test_quantile_curve_equals_the_quantiles():
    r = pe.quantile_curve(DF, "y", points=[0.1, 0.25, 0.5, 0.9], design=DESIGN, seed=2)
    for p in (0.1, 0.25, 0.5, 0.9):
        e = pe.quantile(DF, "y", p=p, design=DESIGN)
        row = r.select(p=p)
        assert row.value == pytest.approx(e.value, rel=1e-12)
        assert row.se == pytest.approx(e.se, rel=1e-8)


def test_uniform_band_lies_between_pointwise_and_studentized_maximum_modulus():
    r = pe.poverty_curve(DF, "y", lines=40, alpha=0, design=DESIGN, seed=7)
    f = r.to_frame()
    q = pe.inference.critical(0.95, r.df)
    c = r.band_critical[None]
    smm = curves.critical_smm(40, 0.95, r.df)
    assert q < c < smm
    assert (f["band_lower"] <= f["ci_lower"] + 1e-15).all() and (f["band_upper"] >= f["ci_upper"] - 1e-15).all()
    again = pe.poverty_curve(DF, "y", lines=40, alpha=0, design=DESIGN, seed=7)
    assert again.band_critical[None] == c  # seeded: reproducible
    s = pe.poverty_curve(DF, "y", lines=40, alpha=0, design=DESIGN, band="smm")
    assert s.band_critical[None] == pytest.approx(smm)
    assert "Uniform band" in str(r.summary())


def test_studentized_maximum_modulus_known_values():
    # one statistic: the two-sided t quantile; infinite df: Sidak's bound
    assert curves.critical_smm(1, 0.95, 20) == pytest.approx(2.085963, abs=1e-5)
    assert curves.critical_smm(10, 0.95, None) == pytest.approx(2.80, abs=0.01)
    # the definition by simulation: max_k |Z_k| / s, Z independent normal, s^2 ~ chi2_20 / 20
    rng = np.random.default_rng(5)
    m = np.abs(rng.standard_normal((400_000, 10))).max(axis=1) / np.sqrt(rng.chisquare(20, 400_000) / 20)
    assert curves.critical_smm(10, 0.95, 20) == pytest.approx(np.quantile(m, 0.95), abs=0.01)


def test_simulated_band_covers_independent_points_like_sidak():
    # independent points: the maximum-t quantile is Sidak's exactly (up to simulation error)
    c = curves.critical_maxt(np.eye(10), 0.95, None, np.random.default_rng(1))
    assert c == pytest.approx(curves.critical_smm(10, 0.95, None), abs=0.04)


def test_without_seed_the_simulated_band_is_left_out_with_a_note():
    r = pe.poverty_curve(DF, "y", lines=5, design=DESIGN)
    assert r.to_frame()["band_lower"].isna().all()
    assert any("seed" in n for n in r.notes)
    assert r.to_frame()["se"].notna().all()


@given(seed=st.integers(0, 10_000), n=st.integers(5, 60))
@settings(max_examples=30, deadline=None)
def test_incidence_curve_is_monotone_in_the_line(seed, n):
    rng = np.random.default_rng(seed)
    y = rng.lognormal(0, 1, n).round(1)
    w = rng.uniform(0.1, 3, n)
    r = pe.poverty_curve(y, lines=(0.1, 5.0, 30), alpha=0, weights=w, se=None)
    v = r.to_frame()["value"].to_numpy()
    assert (np.diff(v) >= -1e-15).all()
    for a in (1, 2):
        v = pe.poverty_curve(y, lines=(0.1, 5.0, 30), alpha=a, normalized=False, weights=w, se=None)
        assert (np.diff(v.to_frame()["value"].to_numpy()) >= -1e-12).all()


@pytest.mark.parametrize("fn", ["poverty", "quantile", "lorenz"])
def test_weights_times_100_change_nothing(fn):
    def run(scale):
        d = DF.assign(w=DF["w"] * scale)
        des = pe.SurveyDesign(weights="w", strata="s", psu="v")
        if fn == "poverty":
            return pe.poverty_curve(d, "y", lines=LINES, alpha=2, design=des, by="g", seed=4)
        if fn == "quantile":
            return pe.quantile_curve(d, "y", points=5, design=des, seed=4)
        return pe.lorenz_curve(d, "y", points=5, design=des, seed=4)

    a, b = run(1.0).to_frame(), run(100.0).to_frame()
    cols = ["value", "se", "band_lower", "band_upper"]
    np.testing.assert_allclose(b[cols].to_numpy(float), a[cols].to_numpy(float), rtol=1e-8, atol=1e-13)


def test_bootstrap_agrees_with_the_linearized_standard_errors():
    lin = pe.poverty_curve(DF, "y", lines=LINES[1:4], alpha=1, design=DESIGN, seed=1)
    boot = pe.poverty_curve(DF, "y", lines=LINES[1:4], alpha=1, design=DESIGN, se="bootstrap", replicates=400,
                            seed=11)
    ratio = boot.to_frame()["se"].to_numpy() / lin.to_frame()["se"].to_numpy()
    # 400 replicates of a design with ~33 PSUs: the SE of an SE is about 1/sqrt(2 * 30)
    assert np.all(np.abs(ratio - 1) < 0.35), ratio
    assert boot.se_method == "bootstrap"


def test_grid_specifications():
    r = pe.poverty_curve(DF, "y", lines=(1000, 2000, 3), se=None)
    np.testing.assert_allclose(r.to_frame()["line"], [1000, 1500, 2000])
    r = pe.poverty_curve(DF, "y", lines=4, se=None)
    assert len(r) == 4
    with pytest.raises(InputError):
        pe.poverty_curve(DF, "y", lines=[-1, 5], alpha=1, se=None)
    with pytest.raises(InputError):
        pe.poverty_curve(DF, "y", lines=5, alpha=3)
    with pytest.raises(InputError):
        pe.poverty_curve(DF, "y", lines=5, band="bonferroni")


def test_plot_draws_curves_and_bands():
    import matplotlib

    matplotlib.use("Agg")
    r = pe.poverty_curve(DF, "y", lines=10, design=DESIGN, by="g", seed=1)
    ax = r.plot()
    assert len(ax.collections) == 2 and len(ax.lines) == 6
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert "band_lower" not in r.key_columns


def test_a_list_of_alphas_shares_one_sort_and_has_the_joint_covariance():
    r = pe.poverty_curve(DF, "y", lines=LINES[:3], alpha=[0, 2], design=DESIGN, seed=1)
    assert list(r.to_frame()["measure"].unique()) == ["fgt0", "fgt2"]
    y, w = DF["y"].to_numpy(), DF["w"].to_numpy()
    v0, U0 = _brute(y, w, LINES[:3], 0, True)
    v2, U2 = _brute(y, w, LINES[:3], 2, True)
    cov = _hand_cov(np.hstack([U0, U2]), w, DF["s"].to_numpy(), DF["v"].to_numpy())
    np.testing.assert_allclose(r.cov().to_numpy(), cov, rtol=1e-8, atol=1e-14 * np.abs(cov).max())
    c = pe.contrast(r, alpha=(0, 2))
    np.testing.assert_allclose(c.to_frame()["value"], v0 - v2, rtol=1e-10)


def test_default_line_grid_does_not_move_when_weights_are_rescaled():
    # equal weights put a cumulative share on 5%/95% up to rounding; rescaling every weight changes
    # that rounding, and the grid of a population quantity must not follow it
    from povecon.measures.curves import line_grid
    rng = np.random.default_rng(0)
    for _ in range(2000):
        n = int(rng.integers(2, 60))
        y = rng.integers(0, 6, n).astype(float)
        w = rng.integers(1, 4, n) * float(rng.choice([1.0, 0.1, 1 / 3]))
        if len(np.unique(y)) < 2:
            continue
        try:
            g = line_grid(5, [(y, w)])
        except pe.InputError:
            continue
        np.testing.assert_array_equal(g, line_grid(5, [(y, w * 100)]))
