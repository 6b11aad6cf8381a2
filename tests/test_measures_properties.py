"""Axioms and identities of the measures, as hypothesis property tests."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

import povecon as pe
from povecon import measures as m

incomes = arrays(np.float64, st.integers(3, 25), elements=st.floats(1.0, 1000.0, allow_subnormal=False))
distinct_incomes = arrays(np.float64, st.integers(3, 25), elements=st.floats(1.0, 1000.0, allow_subnormal=False),
                          unique=True)
SETTINGS = settings(max_examples=40, deadline=None)

POVERTY = [
    (m.fgt, {"alpha": 0}), (m.fgt, {"alpha": 1}), (m.fgt, {"alpha": 2}), (m.fgt, {"alpha": 0.5}),
    (m.watts, {}), (m.sen, {}), (m.sst, {}), (m.takayama, {}), (m.chu, {"beta": 0.5}), (m.chu, {"beta": -1}),
]
INEQUALITY = [
    (m.gini, {}), (m.ge, {"alpha": 0}), (m.ge, {"alpha": 1}), (m.ge, {"alpha": 2}), (m.ge, {"alpha": -1}),
    (m.atkinson, {"epsilon": 0.5}), (m.atkinson, {"epsilon": 2}), (m.cv, {}), (m.decile_ratio, {}),
    (m.qsr, {}), (m.palma, {}),
]


@SETTINGS
@given(y=incomes, k=st.lists(st.integers(1, 4), min_size=25, max_size=25), zq=st.floats(0.1, 0.9))
def test_replication_invariance(y, k, zq):
    # integer weights == frequency expansion, for every measure (no finite-sample correction)
    k = np.array(k[: y.size], dtype=float)
    expanded = np.repeat(y, k.astype(int))
    z = float(np.quantile(y, zq))
    for fn, kw in POVERTY:
        a = float(fn(income=y, weights=k, line=z, se=None, **kw))
        b = float(fn(income=expanded, line=z, se=None, **kw))
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12), fn.__name__
    for fn, kw in INEQUALITY:
        a = float(fn(income=y, weights=k, se=None, **kw))
        b = float(fn(income=expanded, se=None, **kw))
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12), fn.__name__
    a = float(m.arpr(income=y, weights=k, se=None))
    assert a == pytest.approx(float(m.arpr(income=expanded, se=None)), abs=1e-12)
    la = m.lorenz(income=y, weights=k, points=5, se=None).to_frame()["value"]
    lb = m.lorenz(income=expanded, points=5, se=None).to_frame()["value"]
    np.testing.assert_allclose(la, lb, rtol=1e-9)


@SETTINGS
@given(y=distinct_incomes, c=st.floats(0.01, 100.0), zq=st.floats(0.1, 0.9))
def test_scale_invariance(y, c, zq):
    # Quantile-based measures jump at ties (an income equal to the quantile is "below" it),
    # and a line that equals an income up to float rounding gives gaps of ~1e-16 that
    # alpha < 1 inflates: so the property is checked on distinct incomes with a line
    # strictly between two of them. Both cases are the definitions, not scale effects.
    ys = np.sort(y)
    j = min(max(int(zq * ys.size), 1), ys.size - 1)
    z = float((ys[j - 1] + ys[j]) / 2)
    for fn, kw in INEQUALITY:
        assert float(fn(income=c * y, se=None, **kw)) == pytest.approx(float(fn(income=y, se=None, **kw)),
                                                                         rel=1e-8, abs=1e-12)
    for fn, kw in POVERTY:
        a = float(fn(income=c * y, line=c * z, se=None, **kw))
        assert a == pytest.approx(float(fn(income=y, line=z, se=None, **kw)), rel=1e-8, abs=1e-12)


@SETTINGS
@given(y=incomes, zq=st.floats(0.1, 0.9), bump=st.floats(1.0, 500.0))
def test_focus_axiom(y, zq, bump):
    # raising a non-poor income leaves every poverty measure unchanged
    z = float(np.quantile(y, zq))
    rich = y >= z
    if not rich.any():
        return
    y2 = y.copy()
    y2[np.flatnonzero(rich)[0]] += bump
    for fn, kw in POVERTY:
        assert float(fn(income=y2, line=z, se=None, **kw)) == pytest.approx(
            float(fn(income=y, line=z, se=None, **kw)), rel=1e-12, abs=1e-15)


@SETTINGS
@given(y=incomes, zq=st.floats(0.2, 0.9), cut=st.floats(0.05, 0.5))
def test_monotonicity(y, zq, cut):
    # lowering a poor income raises the distribution-sensitive measures
    z = float(np.quantile(y, zq))
    poor = np.flatnonzero(y < z)
    if poor.size == 0:
        return
    y2 = y.copy()
    y2[poor[0]] *= 1 - cut
    for fn, kw in [(m.fgt, {"alpha": 1}), (m.fgt, {"alpha": 2}), (m.watts, {}), (m.sen, {}), (m.sst, {}),
                   (m.chu, {"beta": 0.5})]:
        assert float(fn(income=y2, line=z, se=None, **kw)) > float(fn(income=y, line=z, se=None, **kw))


@SETTINGS
@given(y=st.lists(st.integers(1, 1000), min_size=4, max_size=20, unique=True), share=st.floats(0.05, 0.45))
def test_transfer_principle(y, share):
    # a rank-preserving transfer from a poorer to a richer person raises inequality and poverty severity
    y = np.sort(np.array(y, dtype=float))
    i, j = 0, 1
    t = share * min(y[i], (y[j] - y[i]) / 2)  # keeps y_i positive and below y_j
    y2 = y.copy()
    y2[i] -= t
    y2[j] += t
    for fn, kw in [(m.gini, {}), (m.theil, {}), (m.mld, {}), (m.atkinson, {"epsilon": 1}), (m.cv, {})]:
        assert float(fn(income=y2, se=None, **kw)) > float(fn(income=y, se=None, **kw))
    z = y2[j] + 1.0  # both remain poor
    for fn, kw in [(m.fgt, {"alpha": 2}), (m.watts, {}), (m.sst, {}), (m.sen, {})]:
        assert float(fn(income=y2, line=z, se=None, **kw)) > float(fn(income=y, line=z, se=None, **kw))


group_data = st.tuples(incomes, st.integers(2, 4), st.integers(0, 10_000))


@SETTINGS
@given(data=group_data, zq=st.floats(0.1, 0.9), alpha=st.sampled_from([0, 1, 2, 0.5]))
def test_fgt_decomposition_is_exact(data, zq, alpha):
    y, G, seed = data
    g = np.random.default_rng(seed).integers(0, G, y.size)
    z = float(np.quantile(y, zq))
    out = m.fgt_decomposition(income=y, line=z, alpha=alpha, by=g, se=None).to_frame()
    total = out.query("group == 'total'")["value"].iloc[0]
    assert total == pytest.approx(float(m.fgt(income=y, line=z, alpha=alpha, se=None)), abs=1e-12)
    assert out.query("measure == 'contribution'")["value"].sum() == pytest.approx(total, abs=1e-12)
    byg = m.fgt(income=y, line=z, alpha=alpha, by=g, se=None)
    np.testing.assert_allclose(out.query("measure == 'fgt'")["value"].iloc[:-1], byg.to_frame()["value"],
                               atol=1e-12)
    if total > 0:
        assert out.query("measure == 'share'")["value"].sum() == pytest.approx(1.0)


@SETTINGS
@given(data=group_data, alpha=st.sampled_from([0, 1, 2, 0.5, -1]))
def test_ge_decomposition_is_exact(data, alpha):
    y, G, seed = data
    g = np.random.default_rng(seed).integers(0, G, y.size)
    out = m.ge_decomposition(income=y, alpha=alpha, by=g, se=None).to_frame().set_index(["group", "measure"])["value"]
    total = out[("total", "total")]
    assert total == pytest.approx(float(m.ge(income=y, alpha=alpha, se=None)), rel=1e-10, abs=1e-14)
    assert out[("total", "within")] + out[("total", "between")] == pytest.approx(total, rel=1e-10, abs=1e-14)
    assert out.xs("within_contribution", level="measure").sum() == pytest.approx(out[("total", "within")],
                                                                                 rel=1e-10, abs=1e-14)
    # between = GE of the smoothed distribution (everyone at the group mean)
    means = pd.Series(y).groupby(g).transform("mean").to_numpy()
    assert out[("total", "between")] == pytest.approx(float(m.ge(income=means, alpha=alpha, se=None)),
                                                      rel=1e-9, abs=1e-13)


@SETTINGS
@given(data=group_data)
def test_gini_decomposition(data):
    y, G, seed = data
    g = np.random.default_rng(seed).integers(0, G, y.size)
    out = m.gini_decomposition(income=y, by=g, se=None).to_frame().set_index(["group", "measure"])["value"]
    means = pd.Series(y).groupby(g).transform("mean").to_numpy()
    assert out[("total", "between")] == pytest.approx(float(m.gini(income=means, se=None)), abs=1e-12)
    assert out[("total", "total")] == pytest.approx(float(m.gini(income=y, se=None)), abs=1e-12)


def test_gini_overlap_zero_when_groups_do_not_overlap():
    y = np.array([1.0, 2.0, 3.0, 10.0, 11.0, 15.0])
    out = m.gini_decomposition(income=y, by=np.array([0, 0, 0, 1, 1, 1]), se=None).to_frame().set_index("measure")
    assert out.loc["overlap", "value"] == pytest.approx(0.0, abs=1e-14)


def test_inputs_are_not_mutated():
    df = pd.DataFrame({"y": [3.0, 1.0, np.nan, 7.0, 2.0], "w": [1.0, 2.0, 1.0, 1.0, 3.0], "g": list("aabba")})
    before = df.copy()
    y = np.array([3.0, 1.0, 5.0, 7.0, 2.0])
    y0 = y.copy()
    r = m.gini(df, "y", weights="w", na="drop")
    assert r.n_dropped == 1 and r.n == 4
    m.fgt(df, "y", line=4, weights="w", by="g", na="drop")
    m.sen(income=y, line=4)
    m.ge_decomposition(income=y, by=np.array([0, 0, 1, 1, 0]))
    pd.testing.assert_frame_equal(df, before)
    np.testing.assert_array_equal(y, y0)


@pytest.mark.parametrize("call, match", [
    (lambda: m.fgt(income=[1.0, np.nan, 3.0], line=2), "missing"),
    (lambda: m.fgt(income=[1.0, 2.0, 3.0], line=2, weights=[1.0, -1.0, 1.0]), "negative"),
    (lambda: m.fgt(income=[1.0, 2.0, 3.0], line=2, weights=[0.0, 0.0, 0.0]), "all zero"),
    (lambda: m.fgt(income=[1.0, 2.0, 3.0], line=2, weights=[1.0, 1.0]), "has 2 values"),
    (lambda: m.fgt(income=[1.0, 2.0, 3.0], line=-2), "line"),
    (lambda: m.fgt(income=[1.0, 2.0, 3.0]), "poverty line is required"),
    (lambda: m.fgt(income=[1.0, 2.0, 3.0], line=2, alpha=-1), "alpha"),
    (lambda: m.fgt(income=["a", "b"], line=2), "numeric"),
    (lambda: m.fgt(income=[1.0, 2.0], line=2, se="jackknife"), "se must be"),
    (lambda: m.fgt(income=[1.0, 2.0], line=2, na="ignore"), "na must be"),
    (lambda: m.mld(income=[0.0, 1.0, 2.0]), "incomes > 0"),
    (lambda: m.theil(income=[-1.0, 1.0, 2.0]), "incomes >= 0"),
    (lambda: m.watts(income=[0.0, 1.0, 2.0], line=1.5), "Watts"),
    (lambda: m.gini(income=[-3.0, 1.0, 1.0]), "positive mean"),
    (lambda: m.gini(pd.DataFrame({"x": [1.0]}), "y"), "unknown column"),
    (lambda: m.gini(income=[1.0, 2.0], convention="stata"), "convention"),
    (lambda: m.sen(income=[1.0, 2.0], line=[1.0, 2.0]), "single poverty line"),
    (lambda: m.fgt(income=[1.0, 2.0], line=2, weights=[1.0, 1.0], design=pe.SurveyDesign()), "not both"),
    (lambda: m.fgt(income=[1.0, 2.0], line=2, domain=[False, False]), "domain is empty"),
    (lambda: m.fgt_decomposition(income=[1.0, 2.0], line=2), "by="),
])
def test_bad_input_raises_clear_errors(call, match):
    with pytest.raises(pe.PovEconError, match=match):
        call()


def test_strict_and_weak_comparison():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert float(m.fgt(income=y, line=2)) == 0.25
    assert float(m.fgt(income=y, line=2, strict=False)) == 0.5


def test_per_person_lines():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    z = np.array([2.0, 2.0, 5.0, 5.0])
    assert float(m.fgt(income=y, line=z, alpha=1)) == pytest.approx((0.5 + 0 + 0.4 + 0.2) / 4)


@SETTINGS
@given(y=arrays(np.float64, st.integers(1, 300), elements=st.floats(-1e6, 1e6, allow_subnormal=False)),
       jitter=st.booleans())
def test_fast_weighted_sort_matches_numpy(y, jitter):
    # the packed-key sort must order values exactly as np.sort, with weights carried along,
    # including near-ties that collide in the truncated key
    from povecon.measures._kernels import sort_weighted

    if jitter:
        y = np.round(y, 0) + np.arange(y.size) * 1e-9
    w = np.arange(y.size, dtype=float)
    ys, ws, order = sort_weighted(y, w)
    np.testing.assert_array_equal(ys, np.sort(y))
    np.testing.assert_array_equal(ws, w[order])
    np.testing.assert_array_equal(np.sort(order), np.arange(y.size))
