"""Axioms and identities of the Alkire-Foster family (hypothesis property tests).

Properties from Alkire and Foster (2011), section 4: decomposability (subgroup
consistency), dimensional monotonicity, and the identities M0 = H x A and
sum_j w_j hdk_j = M0.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import povecon as pe

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw, min_rows=1):
    n = draw(st.integers(min_rows, 25))
    d = draw(st.integers(1, 6))
    dep = draw(arrays(np.int8, (n, d), elements=st.integers(0, 1)))
    raw = draw(arrays(np.float64, d, elements=st.floats(0.05, 1.0)))
    w = raw / raw.sum()
    sw = draw(arrays(np.float64, n, elements=st.floats(0.1, 10.0)))
    groups = draw(arrays(np.int8, n, elements=st.integers(0, 2)))
    k = draw(st.sampled_from([0.01, 0.2, 1 / 3, 0.5, 0.75, 1.0]))
    cols = [f"i{j}" for j in range(d)]
    df = pd.DataFrame(dep, columns=cols)
    df["sw"] = sw
    df["g"] = groups
    # explicit overall weights, adjusted so they sum to exactly 1 in floating point
    w = np.append(w[:-1], 1.0 - w[:-1].sum()) if d > 1 else np.array([1.0])
    spec = pe.MPISpec({"dim": {c: {"variable": c, "weight": float(x)} for c, x in zip(cols, w)}})
    return df, spec, k


@SETTINGS
@given(cases())
def test_m0_equals_h_times_a_and_contributions_add_up(case):
    df, spec, k = case
    r = pe.mpi(df, spec, k=k, weights="sw", se=None)
    H, A, M0 = r.value("H"), r.value("A"), r.value("M0")
    if H > 0:
        assert M0 == pytest.approx(H * A, rel=1e-12, abs=1e-15)
        f = r.to_frame()
        assert f.loc[f["measure"] == "pctb", "value"].sum() == pytest.approx(100.0, rel=1e-12)
        assert f.loc[f["measure"] == "actb", "value"].sum() == pytest.approx(M0, rel=1e-12)
        assert k - 1e-9 <= A <= 1 + 1e-12
    else:
        assert M0 == 0 and np.isnan(A)
    assert 0 <= M0 <= H <= 1


@SETTINGS
@given(cases())
def test_subgroup_consistency(case):
    df, spec, k = case
    r = pe.mpi(df, spec, k=k, weights="sw", by="g", se=None)
    f = r.to_frame()
    groups = sorted(set(df["g"]))
    share = np.array([r.value("popshare", group=g) for g in groups])
    m0 = np.array([r.value("M0", group=g) for g in groups])
    h = np.array([r.value("H", group=g) for g in groups])
    assert share.sum() == pytest.approx(1.0, rel=1e-12)
    assert (share * m0).sum() == pytest.approx(r.value("M0"), rel=1e-12, abs=1e-15)
    assert (share * h).sum() == pytest.approx(r.value("H"), rel=1e-12, abs=1e-15)
    if r.value("M0") > 0:
        assert f.loc[f["measure"] == "grp_pctb", "value"].sum() == pytest.approx(100.0, rel=1e-12)
    # the subgroup estimates equal estimates on the subgroup alone
    g0 = groups[0]
    alone = pe.mpi(df[df["g"] == g0], spec, k=k, weights="sw", se=None)
    assert alone.value("M0") == pytest.approx(r.value("M0", group=g0), rel=1e-12, abs=1e-15)


@SETTINGS
@given(cases(), st.data())
def test_dimensional_monotonicity(case, data):
    df, spec, k = case
    r = pe.mpi(df, spec, k=k, weights="sw", se=None)
    cols = spec.variables
    dep = df[cols].to_numpy()
    score = dep @ spec.indicator_weights
    poor_rows = np.flatnonzero(score >= k - 1e-9)
    candidates = [(i, j) for i in poor_rows for j in range(len(cols)) if dep[i, j] == 0]
    if not candidates:
        return
    i, j = data.draw(st.sampled_from(candidates))
    worse = df.copy()
    worse.iloc[i, j] = 1
    r2 = pe.mpi(worse, spec, k=k, weights="sw", se=None)
    assert r2.value("M0") > r.value("M0")
    assert r2.value("H") == pytest.approx(r.value("H"))


@SETTINGS
@given(cases())
def test_monotone_in_k_and_k_curve_matches_reestimation(case):
    df, spec, k = case
    ks = [0.05, 0.2, 1 / 3, 0.5, 0.8, 1.0]
    r = pe.mpi(df, spec, k=ks, weights="sw", se=None)
    H = [r.value("H", k=x) for x in ks]
    M0 = [r.value("M0", k=x) for x in ks]
    assert all(a >= b - 1e-15 for a, b in zip(H, H[1:]))
    assert all(a >= b - 1e-15 for a, b in zip(M0, M0[1:]))
    curve = r.k_curve(ks=ks).wide()
    np.testing.assert_allclose(curve["H"], H, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(curve["M0"], M0, rtol=1e-12, atol=1e-15)


@SETTINGS
@given(cases(min_rows=2))
def test_replication_and_scale_invariance(case):
    df, spec, k = case
    r = pe.mpi(df, spec, k=k, weights="sw", se=None)
    doubled = pe.mpi(pd.concat([df, df], ignore_index=True), spec, k=k, weights="sw", se=None)
    scaled = pe.mpi(df.assign(sw=df["sw"] * 7.5), spec, k=k, weights="sw", se=None)
    for m in ("H", "M0"):
        assert doubled.value(m) == pytest.approx(r.value(m), rel=1e-12, abs=1e-15)
        assert scaled.value(m) == pytest.approx(r.value(m), rel=1e-12, abs=1e-15)


@SETTINGS
@given(cases(min_rows=3))
def test_linearized_se_nonnegative_and_deterministic(case):
    df, spec, k = case
    a = pe.mpi(df, spec, k=k, weights="sw", by="g")
    b = pe.mpi(df, spec, k=k, weights="sw", by="g")
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    se = a.to_frame()["se"].dropna()
    assert (se >= 0).all()


@SETTINGS
@given(cases(min_rows=2))
def test_dominance_implies_robust_orderings(case):
    # Alkire et al. (2015, ch. 8): first-order dominance of the score distribution implies the same
    # H and M0 ordering at every k
    df, spec, _ = case
    ks = [0.05, 0.2, 1 / 3, 0.5, 0.8, 1.0]
    r = pe.mpi(df, spec, k=ks, weights="sw", by="g", se=None)
    groups = sorted(set(df["g"]))
    if len(groups) < 2:
        return
    a, b = groups[:2]
    d = pe.mpi_dominance(r, a, b)
    for k in ks:
        ha, hb = r.value("H", k=k, group=a), r.value("H", k=k, group=b)
        ma, mb = r.value("M0", k=k, group=a), r.value("M0", k=k, group=b)
        if d.less_poor == "a":
            assert ha <= hb + 1e-12 and ma <= mb + 1e-12
        elif d.less_poor == "b":
            assert hb <= ha + 1e-12 and mb <= ma + 1e-12
        elif d.equal:
            assert ha == pytest.approx(hb) and ma == pytest.approx(mb)
