"""Stochastic dominance tests: t statistics, decisions and crossing points.

Known answers: the dominance curves ``D^s(z) = (1/(s-1)!) (1/N) sum w (z - y)^(s-1) 1{y <= z}``
and the variance of ``D_A - D_B`` are recomputed here line by line (Davidson & Duclos 2000,
Econometrica 68(6), eq. (2) and Theorem 1: the linearized variable of ``D^s(z)`` is
``((z - y)^(s-1) 1{y <= z} / (s-1)! - D^s(z)) / N``); the crossing point of two lognormal
distribution functions with different variances is known in closed form; the implicit-
function SE of a crossing follows Duclos, Araar & Fortin (DASP manual, ``cfgts``).
Foster & Shorrocks (1988): dominance at order s implies dominance at order s + 1.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import povecon as pe
from povecon.errors import InputError

RNG = np.random.default_rng(77)


def _D(y, w, lines, s, mask=None):
    m = np.ones_like(y, dtype=bool) if mask is None else mask
    N = w[m].sum()
    vals, U = [], np.zeros((y.shape[0], len(lines)))
    for k, z in enumerate(lines):
        f = np.where(y <= z, (z - y) ** (s - 1), 0.0) / math.factorial(s - 1)
        d = np.sum(w[m] * f[m]) / N
        vals.append(d)
        U[m, k] = (f[m] - d) / N
    return np.array(vals), U


def _srs_cov(U, w):
    t = U * w[:, None]
    d = t - t.mean(axis=0)
    n = len(w)
    return n / (n - 1) * d.T @ d


@pytest.mark.parametrize("order", [1, 2, 3])
def test_t_statistics_of_two_independent_samples(order):
    ya, yb = RNG.lognormal(9.1, 0.6, 800), RNG.lognormal(9.0, 0.7, 900)
    wa, wb = RNG.uniform(1, 4, 800), RNG.uniform(1, 4, 900)
    lines = np.linspace(4000, 15000, 12)
    r = pe.dominance(ya, yb, order=order, lines=lines, weights=(wa, wb), critical="smm")
    da, Ua = _D(ya, wa, lines, order)
    db, Ub = _D(yb, wb, lines, order)
    var = np.diag(_srs_cov(Ua, wa) + _srs_cov(Ub, wb))
    f = r.to_frame()
    np.testing.assert_allclose(f["value"], da - db, rtol=1e-9)
    np.testing.assert_allclose(f["stat"], (da - db) / np.sqrt(var), rtol=1e-7)
    assert r.df == (800 - 1) + (900 - 1)
    np.testing.assert_allclose(r.curves.query("sample == 'A'")["value"], da, rtol=1e-9)


def test_t_statistics_of_two_groups_of_one_clustered_design_use_the_joint_covariance():
    n = 1200
    df = pd.DataFrame({"y": RNG.lognormal(9, 0.7, n), "w": RNG.uniform(1, 5, n), "s": RNG.integers(0, 3, n)})
    df["v"] = df["s"] * 100 + RNG.integers(0, 10, n)
    df["g"] = np.where(RNG.uniform(size=n) < 0.5, "a", "b")
    design = pe.SurveyDesign(weights="w", strata="s", psu="v")
    lines = np.linspace(4000, 14000, 8)
    r = pe.dominance(df, income="y", by="g", order=2, lines=lines, design=design, critical="smm")
    y, w = df["y"].to_numpy(), df["w"].to_numpy()
    da, Ua = _D(y, w, lines, 2, df["g"].to_numpy() == "a")
    db, Ub = _D(y, w, lines, 2, df["g"].to_numpy() == "b")
    T = pd.DataFrame((Ua - Ub) * w[:, None]).groupby([df["s"].to_numpy(), df["v"].to_numpy()]).sum()
    var = np.zeros(len(lines))
    for _, block in T.groupby(level=0):
        d = block.to_numpy() - block.to_numpy().mean(axis=0)
        var += len(block) / (len(block) - 1) * (d * d).sum(axis=0)
    np.testing.assert_allclose(r.to_frame()["stat"], (da - db) / np.sqrt(var), rtol=1e-7)
    assert r.conclusion.startswith(("a ", "b ", "cannot", "curves"))


def test_a_shifted_up_distribution_dominates_at_first_order():
    yb = RNG.lognormal(9.0, 0.6, 3000)
    ya = RNG.lognormal(9.0, 0.6, 3000) * 1.25
    r = pe.dominance(ya, yb, order=1, lines=30, seed=3)
    assert r.decision == "A"
    assert r.conclusion.startswith("A dominates B (order 1) over [")
    assert r.max_t < -r.critical_value
    s = str(r.summary())
    assert "Max t" in s and "critical value" in s and r.conclusion in s
    flipped = pe.dominance(yb, ya, order=1, lines=30, seed=3)
    assert flipped.decision == "B" and flipped.conclusion.startswith("B dominates A (order 1)")


def test_equal_distributions_cannot_be_ranked():
    y = RNG.lognormal(9, 0.6, 1500)
    r = pe.dominance(y, y.copy(), order=2, lines=20, critical="smm")
    assert r.decision == "none" and r.conclusion.startswith("cannot rank A and B")


def test_crossing_of_two_lognormals_is_recovered_within_its_standard_error():
    # F_A = F_B where (ln z - mu_a) / s_a = (ln z - mu_b) / s_b
    mu_a, s_a, mu_b, s_b = 9.1, 0.4, 9.0, 0.8
    z_star = math.exp((mu_a * s_b - mu_b * s_a) / (s_b - s_a))
    ya, yb = RNG.lognormal(mu_a, s_a, 20000), RNG.lognormal(mu_b, s_b, 20000)
    r = pe.dominance(ya, yb, order=1, lines=(3000, 25000, 45), seed=5)
    assert r.decision == "cross"
    assert len(r.crossings) >= 1
    row = r.crossings.iloc[(r.crossings["at"] - z_star).abs().argmin()]
    assert abs(row["at"] - z_star) < 3 * row["se"], (row["at"], z_star, row["se"])
    assert 0 < row["se"] < 0.05 * z_star
    assert "curves cross at" in r.conclusion


def test_crossing_standard_error_agrees_with_the_spread_over_simulated_samples():
    mu_a, s_a, mu_b, s_b = 9.1, 0.4, 9.0, 0.8
    z_star = math.exp((mu_a * s_b - mu_b * s_a) / (s_b - s_a))
    rng = np.random.default_rng(9)
    at, ses = [], []
    for _ in range(40):
        r = pe.dominance(rng.lognormal(mu_a, s_a, 4000), rng.lognormal(mu_b, s_b, 4000), order=2,
                         lines=(2000, 60000, 30), critical="smm")
        c = r.crossings
        if len(c):
            at.append(c["at"].iloc[0])
            ses.append(c["se"].iloc[0])
    # order 2 crosses elsewhere than order 1; the spread of the estimates matches the mean delta-method SE
    assert len(at) >= 35
    assert np.std(at) == pytest.approx(np.mean(ses), rel=0.35)
    assert z_star < np.mean(at)


@given(seed=st.integers(0, 5000), shift=st.floats(0.0, 2.0))
@settings(max_examples=25, deadline=None)
def test_dominance_at_order_s_implies_order_s_plus_1(seed, shift):
    rng = np.random.default_rng(seed)
    yb = rng.lognormal(1, 0.5, 60).round(2)
    ya = yb + rng.uniform(0, shift, 60)  # every A income >= its B counterpart: first-order dominance
    w = rng.uniform(0.5, 2, 60)
    lines = (0.01, float(ya.max()) + 1, 25)
    for s in (1, 2, 3):
        r = pe.dominance(ya, yb, order=s, lines=lines, weights=(w, w), critical="smm")
        assert (r.to_frame()["value"].to_numpy() <= 1e-12).all()


def test_lorenz_and_generalized_lorenz_dominance():
    yb = RNG.lognormal(9, 0.9, 5000)
    ya = RNG.lognormal(9, 0.5, 5000)
    r = pe.dominance(ya, yb, kind="lorenz", points=10, seed=2)
    assert r.decision == "A" and "(Lorenz)" in r.conclusion
    assert len(r.crossings) == 0  # L(1) = 1 on both sides is not a crossing
    g = pe.dominance(ya * 1.5, yb, kind="generalized_lorenz", points=10, seed=2)
    assert g.decision == "A"
    la = pe.lorenz_curve(ya, points=10, seed=1).to_frame()["value"].to_numpy()
    lb = pe.lorenz_curve(yb, points=10, seed=1).to_frame()["value"].to_numpy()
    np.testing.assert_allclose(r.to_frame()["value"], la - lb, atol=1e-12)


def test_weights_times_100_leave_the_test_unchanged():
    n = 900
    df = pd.DataFrame({"y": RNG.lognormal(9, 0.7, n), "w": RNG.uniform(1, 5, n), "g": RNG.integers(0, 2, n)})

    def run(scale):
        return pe.dominance(df.assign(w=df["w"] * scale), income="y", by="g", order=2, lines=15, weights="w",
                            seed=4)

    a, b = run(1.0), run(100.0)
    cols = ["value", "se", "stat"]
    np.testing.assert_allclose(b.to_frame()[cols].to_numpy(float), a.to_frame()[cols].to_numpy(float), rtol=1e-8)
    assert a.critical_value == pytest.approx(b.critical_value) and a.conclusion == b.conclusion


def test_options_are_checked():
    y = RNG.lognormal(9, 0.6, 200)
    with pytest.raises(InputError, match="seed"):
        pe.dominance(y, y, order=1, critical="maxt")
    assert pe.dominance(y, y, order=1).critical == "smm"  # the default runs without a seed
    with pytest.raises(InputError):
        pe.dominance(y, y, order=4, critical="smm")
    with pytest.raises(InputError):
        pe.dominance(y, y, kind="atkinson", critical="smm")
    with pytest.raises(InputError, match="groups="):
        pe.dominance(pd.DataFrame({"y": y, "g": np.arange(200) % 3}), income="y", by="g", critical="smm")
    r = pe.dominance(pd.DataFrame({"y": y, "g": np.arange(200) % 3}), income="y", by="g", groups=(2, 0),
                     critical="smm")
    assert r.conclusion.split()[0] in ("2", "0", "cannot", "curves")
