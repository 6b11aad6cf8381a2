"""The large-sample fast paths give the same numbers as the plain computations.

Fused multi-alpha FGT, copy-free input gate, lazily built simple design, packed-key
weighted sort and the in-place Gini must change speed and memory only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon import _input
from povecon.errors import InputError
from povecon.measures import _core, _kernels

ALPHAS = [0, 1, 2, 0.5]


@pytest.fixture(scope="module")
def df():
    rng = np.random.default_rng(11)
    n = 2500
    out = pd.DataFrame({"y": rng.lognormal(9, 1, n), "w": rng.uniform(1, 5, n), "g": rng.integers(0, 3, n),
                        "st": rng.integers(0, 4, n)})
    out["psu"] = out["st"] * 10 + rng.integers(0, 5, n)
    out["z"] = rng.uniform(6000, 9000, n)
    out["dom"] = rng.random(n) < 0.6
    return out


def _design():
    return pe.SurveyDesign(weights="w", strata="st", psu="psu")


CASES = [
    dict(line=8000.0, weights="w"),
    dict(line=8000.0, weights="w", strict=False, se=None),
    dict(line="z", weights="w"),
    dict(line=pe.RelativeLine(0.6), design=_design()),
    dict(line=8000.0, design=_design(), by="g"),
    dict(line=8000.0, weights="w", domain="dom"),
    dict(line=8000.0, weights="w", se="bootstrap", seed=3, replicates=20),
]


@pytest.mark.parametrize("kw", CASES)
def test_fused_fgt_equals_separate_calls(df, kw):
    fused = pe.fgt(df, "y", alpha=ALPHAS, **kw).to_frame()
    assert list(fused["measure"].unique()) == [f"fgt{a:g}" for a in ALPHAS]
    for a in ALPHAS:
        one = pe.fgt(df, "y", alpha=a, **kw)
        rows = fused[fused["alpha"] == a]
        if len(one) > 1:
            one = one.to_frame()
            np.testing.assert_allclose(rows["value"], one["value"], rtol=0, atol=1e-12)
            np.testing.assert_allclose(rows["se"], one["se"], rtol=0, atol=1e-12)
            assert list(rows["group"]) == list(one["group"])
        else:
            assert abs(rows["value"].iloc[0] - one.value) <= 1e-12
            if kw.get("se", "linearized") is None:
                assert np.isnan(rows["se"].iloc[0]) and np.isnan(one.se)
            else:
                assert abs(rows["se"].iloc[0] - one.se) <= 1e-12


def test_fused_fgt_shapes_and_errors(df):
    assert isinstance(pe.fgt(df, "y", 8000.0, alpha=2, weights="w"), pe.Estimate)
    out = pe.fgt(df, "y", 8000.0, alpha=[0, 1, 2], weights="w")
    assert list(out.to_frame()["alpha"]) == [0, 1, 2]
    assert out.cov().shape == (3, 3)
    assert np.isfinite(out.cov().to_numpy()).all()
    with pytest.raises(InputError):
        pe.fgt(df, "y", 8000.0, alpha=[])
    with pytest.raises(InputError):
        pe.fgt(df, "y", 8000.0, alpha=[1, 1])
    with pytest.raises(InputError):
        pe.fgt(df, "y", 8000.0, alpha=[0, -1])


@pytest.mark.parametrize("se", [None, "linearized"])
def test_no_input_mutation(df, se):
    rng = np.random.default_rng(5)
    y = rng.lognormal(9, 1, 800)
    y[3] = np.nan
    w = rng.uniform(1, 5, 800)
    frame = df.copy()
    keep = (y.copy(), w.copy(), frame.copy())
    pe.fgt(income=y, line=8000.0, alpha=[0, 1, 2], weights=w, na="drop", se=se)
    pe.gini(income=y, weights=w, na="drop", se=se)
    pe.watts(income=y, line=8000.0, weights=w, na="drop", se=se)
    pe.theil(income=y, weights=w, na="drop", se=se)
    yc = y[~np.isnan(y)]
    wc = w[~np.isnan(y)]
    keepc = (yc.copy(), wc.copy())
    for f in (lambda: pe.fgt(income=yc, line=8000.0, alpha=[0, 1, 2], weights=wc, se=se),
              lambda: pe.gini(income=yc, weights=wc, se=se), lambda: pe.theil(income=yc, weights=wc, se=se),
              lambda: pe.watts(income=yc, line=8000.0, weights=wc, se=se),
              lambda: pe.gini(frame, "y", weights="w", se=se), lambda: pe.fgt(frame, "y", "z", weights="w", se=se)):
        f()
    np.testing.assert_array_equal(y, keep[0])
    np.testing.assert_array_equal(w, keep[1])
    np.testing.assert_array_equal(yc, keepc[0])
    np.testing.assert_array_equal(wc, keepc[1])
    pd.testing.assert_frame_equal(frame, keep[2])
    assert y.flags.writeable and yc.flags.writeable and wc.flags.writeable


def test_read_only_caller_arrays(df):
    y = df["y"].to_numpy().copy()
    w = df["w"].to_numpy().copy()
    want = pe.gini(income=y, weights=w)
    y.flags.writeable = False
    w.flags.writeable = False
    got = pe.gini(income=y, weights=w)
    assert got.value == want.value and got.se == want.se


def test_gate_view_keeps_every_check():
    a = np.array([1.0, 2.0, 3.0])
    v = _input.numeric(None, a, "income", copy=False)
    assert not v.flags.writeable and np.shares_memory(v, a)
    assert not np.shares_memory(_input.numeric(None, a, "income"), a)
    with pytest.raises(InputError, match="1 missing"):
        _input.numeric(None, np.array([1.0, np.nan]), "income", copy=False)
    with pytest.raises(InputError, match="1 infinite"):
        _input.numeric(None, np.array([1.0, np.inf]), "income", copy=False)
    with pytest.raises(InputError, match="1 zero or negative"):
        _input.numeric(None, np.array([1.0, 0.0]), "income", positive=True, copy=False)
    with pytest.raises(InputError, match="1 negative"):
        _input.weights(None, np.array([1.0, -1.0]), 2, copy=False)
    with pytest.raises(InputError, match="all zero"):
        _input.weights(None, np.zeros(2), 2, copy=False)
    with pytest.raises(InputError, match="1 missing"):
        _input.weights(None, np.array([1.0, np.nan]), 2, copy=False)
    huge = np.full(4, 1e308)  # the sum overflows: the slow scan must still accept the data
    assert _input.numeric(None, huge, "income", copy=False) is not huge


@pytest.mark.parametrize("na", ["raise", "drop"])
def test_simple_design_same_ses_as_explicit_design(df, na):
    y = df["y"].to_numpy().copy()
    if na == "drop":
        y[::97] = np.nan
    w = df["w"].to_numpy()
    for f in (pe.gini, pe.theil, lambda **k: pe.fgt(line=8000.0, alpha=[0, 2], **k),
              lambda **k: pe.arpr(**k)):
        lazy = f(income=y, weights=w, na=na)
        full = f(income=y, design=pe.SurveyDesign(weights=w), na=na)
        if len(lazy) > 1:
            lazy, full = lazy.to_frame(), full.to_frame()
            np.testing.assert_allclose(lazy["se"], full["se"], rtol=1e-12)
            np.testing.assert_array_equal(lazy["value"], full["value"])
        else:
            assert lazy.value == full.value
            assert lazy.se == pytest.approx(full.se, rel=1e-12)


def test_simple_design_builds_index_arrays_on_demand():
    rd = _core.SimpleDesign(np.array([1.0, 2.0, 3.0]))
    assert rd._psu is None and rd._strata is None
    assert rd.n_psu == 3 and rd.n_strata == 1 and rd.df == 2
    np.testing.assert_array_equal(rd.psu, np.arange(3))
    sub = rd.subset(np.array([True, False, True]))
    np.testing.assert_array_equal(sub.weights, [1.0, 3.0])
    np.testing.assert_array_equal(sub.psu, [0, 1])


def test_sort_weighted_exact_with_truncated_key_ties():
    rng = np.random.default_rng(2)
    n = 5000
    # values a few ulps apart: the packed key keeps only the high bits, so many runs tie
    y = 1.0 + rng.integers(0, 1 << 14, n) * np.finfo(float).eps
    y[:50] *= -1
    y[50] = -0.0
    w = rng.uniform(0, 2, n)
    ys, ws, order = _kernels.sort_weighted(y, w)
    np.testing.assert_array_equal(order, np.argsort(y, kind="stable"))
    np.testing.assert_array_equal(ys, y[order])
    np.testing.assert_array_equal(ws, w[order])


def test_gini_point_matches_argsort_formula():
    rng = np.random.default_rng(8)
    for y in (rng.lognormal(9, 1, 20000), np.round(rng.normal(10, 3, 20000), 1)):
        w = rng.uniform(0.5, 3, y.shape[0])
        o = np.argsort(y)
        ys, ws = y[o], w[o]
        cw = np.cumsum(ws) - 0.5 * ws
        want = 2 * np.dot(ws * ys, cw) / (ws.sum() * np.dot(ws, ys)) - 1
        assert abs(pe.gini(income=y, weights=w, se=None).value - want) < 1e-12
        g = pe.gini(income=y, weights=w)
        assert abs(g.value - want) < 1e-12 and g.se > 0


def test_simple_design_covariance_equals_general_formula():
    rng = np.random.default_rng(4)
    w = rng.uniform(0.5, 4, 3000)
    u = rng.normal(size=(3000, 3)) * [1.0, 1e-3, 50.0]
    lazy = _core.SimpleDesign(w)
    full = pe.SurveyDesign(weights=w).resolve(None, 3000)
    np.testing.assert_allclose(lazy.linearized_cov(u), full.linearized_cov(u), rtol=1e-12)
    assert lazy.linearized_cov(u[:, 0]) == pytest.approx(full.linearized_cov(u[:, 0]), rel=1e-12)
    with pytest.raises(InputError, match="single PSU"):
        _core.SimpleDesign(np.ones(1)).linearized_cov(np.ones(1))


def test_integer_groups_dense_path_equals_factorize():
    rng = np.random.default_rng(9)
    for raw in (rng.integers(0, 50, 1000).astype(np.int16), rng.integers(-30, 30, 1000),
                rng.integers(10**6, 10**6 + 300, 1000).astype(np.uint32), np.array([7]),
                rng.integers(0, 10**12, 100), np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max])):
        codes, labels = _input.groups(None, raw, raw.shape[0])
        want_codes, want_labels = pd.factorize(pd.Series(raw), sort=True)
        np.testing.assert_array_equal(codes, want_codes)
        assert codes.dtype == np.intp
        pd.testing.assert_index_equal(labels, pd.Index(want_labels, name="by"))


def test_sort_weighted_large_sample_gathers_in_a_thread():
    assert _kernels._THREAD_MIN <= 1 << 20
    rng = np.random.default_rng(6)
    n = (1 << 20) + 17
    y = np.round(rng.lognormal(5, 1, n), 9)  # near and exact ties: both refinement paths
    w = rng.uniform(0, 2, n)
    ys, ws, order = _kernels.sort_weighted(y, w)
    np.testing.assert_array_equal(order, np.argsort(y, kind="stable"))
    np.testing.assert_array_equal(ys, y[order])
    np.testing.assert_array_equal(ws, w[order])
