"""Inequality by income source: known answers, cross-checks and identities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from povecon.decompose import sources as S
from povecon.decompose._kernels import frac_rank, gini
from povecon.errors import EstimationError, InputError, SpecError
from povecon.survey import SurveyDesign

# Known-answer example of the project's issue #6. Hand check from the definitions:
# total income (22, 26, 30, 25, 63), mean 33.2; pairwise population Gini of wages
# sum_ij |x_i - x_j| / (2 n^2 mean) = 520 / 1250 = 0.416; S_wage = 25 / 33.2.
EX = pd.DataFrame({"wage": [10, 20, 30, 5, 60], "transfers": [12, 6, 0, 20, 3]})


def pairwise_gini(y, w):
    d = np.abs(y[:, None] - y[None, :])
    return float(w @ d @ w / (2 * w.sum() ** 2 * np.dot(w, y) / w.sum()))


def test_lerman_yitzhaki_known_answer():
    r = S.gini_by_source(EX, ["wage", "transfers"])
    assert r.total == pytest.approx(0.209639, abs=1e-6)
    w = r.table.loc["wage"]
    assert w["S"] == pytest.approx(0.753012, abs=1e-6)
    assert w["G"] == pytest.approx(0.416, abs=1e-9)
    assert w["R"] == pytest.approx(0.961538, abs=1e-6)
    assert w["share"] == pytest.approx(1.436782, abs=1e-6)
    assert w["marginal"] == pytest.approx(1.436782 - 0.753012, abs=1e-6)
    assert r["transfers"] == pytest.approx(1 - 1.436782, abs=1e-6)


def test_shorrocks_known_answer():
    r = S.shorrocks_by_source(EX, ["wage", "transfers"])
    assert r["wage"] == pytest.approx(1.220686, abs=1e-6)
    assert r["transfers"] == pytest.approx(-0.220686, abs=1e-6)


def test_shapley_two_sources_by_hand():
    y1, y2 = EX["wage"].to_numpy(float), EX["transfers"].to_numpy(float)
    w = np.ones(5)
    g = lambda y: pairwise_gini(y, w)  # noqa: E731
    full = g(y1 + y2)
    v1, v2 = g(y1 + y2.mean()), g(y2 + y1.mean())
    r = S.shapley_by_source(EX, ["wage", "transfers"])
    assert r.table.loc["wage", "contribution"] == pytest.approx(0.5 * (v1 + full - v2), abs=1e-12)
    assert r.table.loc["transfers", "contribution"] == pytest.approx(0.5 * (v2 + full - v1), abs=1e-12)


def test_gini_matches_pairwise_formula_with_weights_and_ties():
    rng = np.random.default_rng(3)
    y = rng.integers(1, 6, 40).astype(float)  # many ties
    w = rng.uniform(0.1, 3, 40)
    assert gini(y, w) == pytest.approx(pairwise_gini(y, w), abs=1e-12)


def test_integer_weights_equal_replicated_rows():
    rng = np.random.default_rng(4)
    d = pd.DataFrame({"a": rng.lognormal(2, 1, 30), "b": rng.exponential(3, 30) - 1})
    w = rng.integers(1, 4, 30)
    rep = d.loc[d.index.repeat(w)].reset_index(drop=True)
    for fn in (S.gini_by_source, S.shorrocks_by_source, S.shapley_by_source):
        a = fn(d, ["a", "b"], weights=w).table
        b = fn(rep, ["a", "b"]).table
        pd.testing.assert_frame_equal(a, b, rtol=1e-10, atol=1e-12)


def test_shapley_of_variance_is_the_natural_decomposition():
    # Shorrocks (1982): for the variance, the Shapley rule gives cov(y_k, y) / var(y)
    rng = np.random.default_rng(5)
    Y = np.column_stack([rng.lognormal(1, 0.5, 200), rng.normal(2, 1, 200), rng.exponential(1, 200)])
    a = S.shapley_by_source(None, Y, index="var").table["share"].to_numpy()
    b = S.shorrocks_by_source(None, Y).table["share"].to_numpy()
    np.testing.assert_allclose(a, b, atol=1e-12)


sources_strategy = st.tuples(st.integers(3, 25), st.integers(2, 4)).flatmap(
    lambda shape: hnp.arrays(np.float64, shape,
                             elements=st.floats(-5, 100, allow_nan=False, allow_subnormal=False).map(lambda x: round(x, 2))))


@settings(max_examples=60, deadline=None)
@given(Y=sources_strategy, seed=st.integers(0, 10_000))
def test_shares_sum_to_one_and_contributions_to_total(Y, seed):
    rng = np.random.default_rng(seed)
    Y = Y.copy()
    Y[:, 0] += 120  # positive total income with variation in general
    w = rng.uniform(0.2, 2, Y.shape[0])
    y = Y.sum(axis=1)
    if np.ptp(y) < 1e-6:
        return
    sh = S.source_shares(None, Y, weights=w).table["share"]
    assert sh.sum() == pytest.approx(1, abs=1e-12)
    ly = S.gini_by_source(None, Y, weights=w)
    assert ly.table["share"].sum() == pytest.approx(1, abs=1e-9)
    assert ly.table["contribution"].sum() == pytest.approx(ly.total, abs=1e-12)
    assert ly.total == pytest.approx(pairwise_gini(y, w), abs=1e-10)
    assert S.shorrocks_by_source(None, Y, weights=w).table["share"].sum() == pytest.approx(1, abs=1e-9)
    sp = S.shapley_by_source(None, Y, weights=w)
    assert sp.table["contribution"].sum() == pytest.approx(sp.total, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_row_order_does_not_matter_with_ties(seed):
    rng = np.random.default_rng(seed)
    Y = rng.integers(0, 4, (15, 2)).astype(float) + np.array([5.0, 0.0])
    w = rng.integers(1, 3, 15).astype(float)
    perm = rng.permutation(15)
    a = S.gini_by_source(None, Y, weights=w).table
    b = S.gini_by_source(None, Y[perm], weights=w[perm]).table
    pd.testing.assert_frame_equal(a, b, rtol=1e-12, atol=1e-12)
    F = frac_rank(Y.sum(1), w)
    assert np.dot(w, F) / w.sum() == pytest.approx(0.5, abs=1e-12)


def test_sampled_shapley_beyond_exact_limit_adds_up_and_is_seeded():
    rng = np.random.default_rng(6)
    Y = rng.lognormal(0, 1, (300, 12))
    r1 = S.shapley_by_source(None, Y, permutations=60, seed=1)
    r2 = S.shapley_by_source(None, Y, permutations=60, seed=1)
    assert r1.details["exact"] is False
    pd.testing.assert_frame_equal(r1.table, r2.table)
    assert r1.table["contribution"].sum() == pytest.approx(r1.total, abs=1e-12)
    with pytest.raises(InputError, match="seed"):
        S.shapley_by_source(None, Y)


def test_sampled_shapley_close_to_exact():
    rng = np.random.default_rng(7)
    Y = rng.lognormal(0, 1, (200, 4)) * np.array([1, 2, 3, 4])
    exact = S.shapley_by_source(None, Y, index="theil").table["contribution"].to_numpy()
    # the same game (absent sources equalised at their mean), values from sampled orderings
    from povecon.decompose._shapley import shapley_values
    means = Y.mean(0)
    def v(mask):
        keep = np.array([mask >> i & 1 for i in range(4)], bool)
        return S.K.INDEXES["theil"](Y[:, keep].sum(1) + means[~keep].sum(), np.ones(200))
    sampled = shapley_values(v, 4, exact=False, permutations=3000, seed=3)
    np.testing.assert_allclose(sampled, exact, rtol=0.05)


def test_negative_sources_allowed_and_mean_zero_source():
    d = pd.DataFrame({"farm": [10.0, 20, 30, 40], "loss": [-2.0, 2, -1, 1]})
    r = S.gini_by_source(d, ["farm", "loss"])
    assert np.isnan(r.table.loc["loss", "G"])  # mean zero: G_k undefined
    assert r.table["contribution"].sum() == pytest.approx(r.total, abs=1e-12)
    assert r.table.loc["loss", "S"] == 0


def test_bootstrap_se_seeded_and_close_to_linearized_se_of_income_share():
    rng = np.random.default_rng(8)
    n = 600
    d = pd.DataFrame({"a": rng.lognormal(2, 0.8, n), "b": rng.exponential(4, n)})
    r1 = S.gini_by_source(d, ["a", "b"], se="bootstrap", replicates=400, seed=11)
    r2 = S.gini_by_source(d, ["a", "b"], se="bootstrap", replicates=400, seed=11)
    pd.testing.assert_frame_equal(r1.se_table, r2.se_table)
    assert (r1.se_table.to_numpy() > 0).all()
    # delta-method SE of the ratio of means S_a = mean(a) / mean(y)
    y = d["a"] + d["b"]
    Sa = d["a"].mean() / y.mean()
    design = SurveyDesign().resolve(d, n)
    lin = np.sqrt(design.linearized_cov(((d["a"] - Sa * y) / y.sum()).to_numpy()))
    assert r1.se_table.loc["a", "S"] == pytest.approx(lin, rel=0.2)


def test_errors():
    with pytest.raises(InputError, match="do not add up"):
        S.gini_by_source(EX.assign(tot=EX.sum(axis=1) + [0, 0, 1, 0, 0]), ["wage", "transfers"], total="tot")
    S.gini_by_source(EX.assign(tot=EX.sum(axis=1)), ["wage", "transfers"], total="tot")  # coherent: fine
    with pytest.raises(InputError, match="has 4 values"):
        S.gini_by_source(None, pd.DataFrame({"a": [1.0, 2, 3]}), total=[1.0, 2, 3, 4])
    with pytest.raises(InputError, match="empty"):
        S.gini_by_source(EX, [])
    with pytest.raises(InputError, match="unknown"):
        S.gini_by_source(EX, ["wage", "rent"])
    with pytest.raises(InputError, match="missing"):
        S.gini_by_source(EX.assign(wage=[1, np.nan, 3, 4, 5]), ["wage", "transfers"])
    r = S.gini_by_source(EX.assign(wage=[1, np.nan, 3, 4, 5]), ["wage", "transfers"], na="drop")
    assert r.n_dropped == 1 and r.n == 4
    with pytest.raises(InputError, match="seed"):
        S.gini_by_source(EX, ["wage", "transfers"], se="bootstrap", replicates=10)
    with pytest.raises(InputError, match="non-positive mean"):
        S.gini_by_source(None, np.array([[-1.0, 0.5], [-2.0, 0.1]]))
    with pytest.raises(SpecError):
        S.shapley_by_source(EX, ["wage", "transfers"], index="atkinson7")
    with pytest.raises(EstimationError):
        S.gini_by_source(None, np.array([[1.0, 1.0], [1.0, 1.0]]))


def test_does_not_mutate_input():
    d = EX.copy()
    before = d.copy()
    S.gini_by_source(d, ["wage", "transfers"], se="bootstrap", replicates=20, seed=1)
    S.shapley_by_source(d, ["wage", "transfers"])
    pd.testing.assert_frame_equal(d, before)
