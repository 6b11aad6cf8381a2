"""Changes in poverty: Datt-Ravallion, Shapley, Ravallion-Huppi."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from povecon.decompose.change import datt_ravallion, sectoral, shapley_poverty_change
from povecon.decompose._kernels import fgt
from povecon.errors import InputError
from povecon.measures.grouped import lorenz_fit

# Known answer of the project's issue #6, checked by hand: FGT1 at z = 125 is 0.1 before
# (two gaps of 0.2 among four people) and 0.004 after; growth scales the first
# distribution by 137/125 (gaps 0.1232), redistribution rescales the second to mean 125.
B0, B1 = [100, 100, 150, 150], [124, 124, 150, 150]


def test_datt_ravallion_known_answer():
    r = datt_ravallion(B0, B1, line=125, alpha=1)
    assert r.total == pytest.approx(-0.096, abs=1e-12)
    assert r["growth"] == pytest.approx(-0.0384, abs=1e-12)
    assert r["redistribution"] == pytest.approx(-0.052555, abs=1e-6)
    assert r["residual"] == pytest.approx(-0.005045, abs=1e-6)


def test_shapley_two_factor_is_average_of_both_reference_periods():
    a = datt_ravallion(B0, B1, line=125, alpha=1, reference="initial")
    b = datt_ravallion(B0, B1, line=125, alpha=1, reference="final")
    s = shapley_poverty_change(B0, B1, line=125, alpha=1)
    assert s["growth"] == pytest.approx((a["growth"] + b["growth"]) / 2, abs=1e-14)
    assert s["redistribution"] == pytest.approx((a["redistribution"] + b["redistribution"]) / 2, abs=1e-14)
    assert list(s.table.index) == ["growth", "redistribution"]


incomes = st.lists(st.floats(1, 1000, allow_nan=False, allow_subnormal=False), min_size=2, max_size=30)


@settings(max_examples=80, deadline=None)
@given(y0=incomes, y1=incomes, z=st.floats(10, 900), z1=st.floats(10, 900), alpha=st.sampled_from([0, 0.5, 1, 2, 3]))
def test_shapley_terms_add_up(y0, y1, z, z1, alpha):
    s = shapley_poverty_change(y0, y1, line=z, line_after=z1, alpha=alpha)
    direct = fgt(np.array(y1), np.ones(len(y1)), z1, alpha) - fgt(np.array(y0), np.ones(len(y0)), z, alpha)
    assert s.total == pytest.approx(direct, abs=1e-12)
    assert s.table["value"].sum() == pytest.approx(s.total, abs=1e-12)


@settings(max_examples=80, deadline=None)
@given(y0=incomes, k=st.sampled_from([0.25, 0.5, 2.0, 4.0]), z=st.floats(10, 900),
       alpha=st.sampled_from([0, 1, 2]))
def test_proportional_change_is_pure_growth(y0, k, z, alpha):
    # scaling by a power of two is exact in floating point, so even FGT0 is exactly pure growth
    y1 = [k * v for v in y0]
    for r in (datt_ravallion(y0, y1, line=z, alpha=alpha), shapley_poverty_change(y0, y1, line=z, alpha=alpha)):
        assert r["growth"] == pytest.approx(r.total, abs=1e-12)
        assert r["redistribution"] == pytest.approx(0, abs=1e-12)


def test_weights_equal_replicated_rows():
    rng = np.random.default_rng(1)
    y0, y1 = rng.lognormal(4, 0.6, 50), rng.lognormal(4.2, 0.5, 40)
    w0, w1 = rng.integers(1, 4, 50), rng.integers(1, 4, 40)
    a = datt_ravallion(y0, y1, line=60, alpha=2, weights=w0, weights_after=w1)
    b = datt_ravallion(np.repeat(y0, w0), np.repeat(y1, w1), line=60, alpha=2)
    pd.testing.assert_frame_equal(a.table, b.table, rtol=1e-10, atol=1e-13)


def lognormal_P(z, mu, sigma, alpha):
    m = np.log(mu) - sigma ** 2 / 2
    d = (np.log(z) - m) / sigma
    if alpha == 0:
        return stats.norm.cdf(d)
    return stats.norm.cdf(d) - mu / z * stats.norm.cdf(d - sigma)


def lognormal_deciles(mu, sigma):
    p = np.arange(1, 11) / 10
    L = stats.norm.cdf(stats.norm.ppf(p) - sigma)
    L[-1] = 1.0
    return lorenz_fit(p, L, mean=mu, cumulative=True)


@pytest.mark.parametrize("alpha", [0, 1])
def test_grouped_datt_ravallion_against_lognormal_truth(alpha):
    (m0, s0), (m1, s1), z = (100.0, 0.7), (120.0, 0.55), 90.0
    r = datt_ravallion(lognormal_deciles(m0, s0), lognormal_deciles(m1, s1), line=z, alpha=alpha)
    P = lambda mu, s: lognormal_P(z, mu, s, alpha)  # noqa: E731
    assert r.total == pytest.approx(P(m1, s1) - P(m0, s0), abs=0.01)
    assert r["growth"] == pytest.approx(P(m1, s0) - P(m0, s0), abs=0.01)
    assert r["redistribution"] == pytest.approx(P(m0, s1) - P(m0, s0), abs=0.01)
    s = shapley_poverty_change(lognormal_deciles(m0, s0), lognormal_deciles(m1, s1), line=z, alpha=alpha)
    assert s.table["value"].sum() == pytest.approx(s.total, abs=1e-12)


def test_sectoral_known_answer_and_identity():
    # by hand: before sector a = (100, 150), b = (100, 150); after a = (124, 124, 150), b = (150)
    y0, s0 = [100, 150, 100, 150], ["a", "a", "b", "b"]
    y1, s1 = [124, 124, 150, 150], ["a", "a", "a", "b"]
    r = sectoral(y0, y1, line=125, alpha=0, by=s0, by_after=s1)
    by = r.details["by_sector"]
    assert by.loc["a", "P_after"] == pytest.approx(2 / 3)
    assert r["intra-sectoral"] == pytest.approx(0.5 * (2 / 3 - 0.5) + 0.5 * (0 - 0.5))
    assert r["population shift"] == pytest.approx(0.25 * 0.5 - 0.25 * 0.5)
    assert r["interaction"] == pytest.approx(0.25 * (2 / 3 - 0.5) - 0.25 * (0 - 0.5))
    assert r.total == pytest.approx(fgt(np.array(y1, float), np.ones(4), 125, 0) - 0.5)
    assert r.table["value"].sum() == pytest.approx(r.total, abs=1e-14)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000), alpha=st.sampled_from([0, 1, 2]))
def test_sectoral_total_equals_aggregate_change(seed, alpha):
    rng = np.random.default_rng(seed)
    n0, n1 = 60, 70
    y0, y1 = rng.lognormal(4, 0.7, n0), rng.lognormal(4.1, 0.7, n1)
    s0, s1 = rng.choice(["u", "r", "x"], n0), rng.choice(["u", "r", "x"], n1)
    if len(set(s0)) < 3 or len(set(s1)) < 3:
        return
    w0, w1 = rng.uniform(0.5, 2, n0), rng.uniform(0.5, 2, n1)
    r = sectoral(y0, y1, line=55, alpha=alpha, by=s0, by_after=s1, weights=w0, weights_after=w1)
    assert r.total == pytest.approx(fgt(y1, w1, 55, alpha) - fgt(y0, w0, 55, alpha), abs=1e-12)
    assert r.table["value"].sum() == pytest.approx(r.total, abs=1e-12)


def test_sectoral_from_tables():
    r = sectoral(shares_before=pd.Series({"urban": 0.3, "rural": 0.7}), poverty_before=pd.Series({"urban": 0.1, "rural": 0.4}),
                 shares_after=pd.Series({"urban": 0.4, "rural": 0.6}), poverty_after=pd.Series({"urban": 0.08, "rural": 0.3}))
    assert r["intra-sectoral"] == pytest.approx(0.3 * -0.02 + 0.7 * -0.1)
    assert r["population shift"] == pytest.approx(0.1 * 0.1 - 0.1 * 0.4)
    assert r["interaction"] == pytest.approx(0.1 * -0.02 - 0.1 * -0.1)


def test_errors():
    with pytest.raises(InputError, match="both periods"):
        sectoral([1, 2, 3], [1, 2, 3], line=2, by=["a", "b", "c"], by_after=["a", "b", "b"])
    with pytest.raises(InputError, match="2 values but the data have 3"):
        sectoral([1, 2, 3], [1, 2, 3], line=2, by=["a", "b"], by_after=["a", "b", "b"])
    with pytest.raises(InputError, match="summing to 1"):
        sectoral(shares_before={"a": 0.5}, poverty_before={"a": 0.1}, shares_after={"a": 1.0}, poverty_after={"a": 0.1})
    with pytest.raises(InputError, match="either"):
        sectoral()
    with pytest.raises(InputError, match="line"):
        datt_ravallion(B0, B1, line=0)
    with pytest.raises(InputError, match="alpha"):
        datt_ravallion(B0, B1, line=125, alpha=-1)
    with pytest.raises(InputError, match="missing"):
        datt_ravallion([1, np.nan], B1, line=125)
    with pytest.raises(InputError, match="empty"):
        shapley_poverty_change([], B1, line=125)
    with pytest.raises(InputError, match="reference"):
        datt_ravallion(B0, B1, line=125, reference="middle")
