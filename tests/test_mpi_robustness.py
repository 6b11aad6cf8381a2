"""k-curves, first-order dominance of score distributions, and weight robustness."""

import os

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.errors import InputError


def two_groups():
    # group a: scores 0, 1/3, 2/3 ; group b: scores 1/3, 2/3, 1 -- b first-order dominated by a
    dep = [[0, 0, 0], [1, 0, 0], [1, 1, 0],
           [0, 1, 0], [0, 1, 1], [1, 1, 1]]
    df = pd.DataFrame(dep, columns=["x", "y", "z"])
    df["g"] = ["a"] * 3 + ["b"] * 3
    return df, pe.MPISpec({"d1": {"x": "x"}, "d2": {"y": "y"}, "d3": {"z": "z"}})


def test_k_curve_function_matches_method():
    df, spec = two_groups()
    r = pe.mpi(df, spec, k=1 / 3, by="g", se=None)
    cur = pe.mpi_k_curve(r, group="b").wide()
    np.testing.assert_allclose(cur["k"], [1 / 3, 2 / 3, 1])
    np.testing.assert_allclose(cur["H"], [1, 2 / 3, 1 / 3])
    np.testing.assert_allclose(cur["M0"], [2 / 3, 5 / 9, 1 / 3])


def test_dominance():
    df, spec = two_groups()
    r = pe.mpi(df, spec, k=1 / 3, by="g", se=None)
    d = pe.mpi_dominance(r, "a", "b")
    assert d.less_poor == "a" and not d.equal
    assert d.max_gap == pytest.approx(1 / 3)  # P(c >= s) differs by 1/3 at s = 1/3, 2/3, 1
    assert pe.mpi_dominance(r, "b", "a").less_poor == "b"
    assert pe.mpi_dominance(r, "a", "a").equal
    # a crossing: group c with scores (0, 0, 1)
    df2 = pd.concat([df, pd.DataFrame({"x": [0, 0, 1], "y": [0, 0, 1], "z": [0, 0, 1], "g": ["c"] * 3})],
                    ignore_index=True)
    r2 = pe.mpi(df2, spec, k=1 / 3, by="g", se=None)
    # c: scores (0, 0, 1): P(c >= 1/3) = 1/3 < a's 2/3 but P(c >= 1) = 1/3 > a's 0
    assert pe.mpi_dominance(r2, "a", "c").less_poor is None
    assert pe.mpi_dominance(r2, "a", "c", k_range=(0.5, 1.0)).less_poor == "a"
    with pytest.raises(InputError, match="k_range"):
        pe.mpi_dominance(r2, "a", "c", k_range=(0.5, 0.2))
    with pytest.raises(InputError, match="unknown group"):
        pe.mpi_dominance(r2, "a", "zzz")


def test_dominance_between_rounds():
    df, spec = two_groups()
    df["t"] = [2010] * 3 + [2015] * 3
    r = pe.mpi(df, spec, k=1 / 3, time="t", se=None)
    assert pe.mpi_dominance(r, ("all", 2015), ("all", 2010)).less_poor == "b"


def test_weight_robustness():
    rng = np.random.default_rng(2)
    n = 600
    df = pd.DataFrame(rng.binomial(1, 0.3, size=(n, 4)), columns=list("abcd"))
    df["g"] = rng.integers(0, 5, n)
    # group 4 is much poorer in every indicator, so it stays the poorest under every weighting
    df.loc[df["g"] == 4, list("abcd")] = 1
    spec = pe.MPISpec({"one": {"a": "a", "b": "b"}, "two": {"c": "c", "d": "d"}})
    out = pe.mpi_weight_robustness(df, spec, {"health_heavy": {"one": 0.75, "two": 0.25},
                                          "flat": {"a": 0.25, "b": 0.25, "c": 0.25, "d": 0.25}}, k=0.5, by="g")
    assert list(out.m0.columns) == ["baseline", "health_heavy", "flat"]
    assert (out.ranks.loc[4] == 1).all()
    assert out.kendall_tau["flat"] == pytest.approx(1.0)  # nested equal weights are already flat here
    assert 0 <= out.robust_share <= 1
    # the baseline column equals a direct estimate
    r = pe.mpi(df, spec, k=0.5, by="g", se=None)
    assert out.m0.loc[2, "baseline"] == pytest.approx(r.value("M0", group=2))
    # robust share by hand from the M0 table
    v = out.m0.to_numpy()
    pairs = [(i, j) for i in range(5) for j in range(i + 1, 5)]
    same = [len(set(np.sign(v[i] - v[j]))) == 1 for i, j in pairs]
    assert out.robust_share == pytest.approx(np.mean(same))
    with pytest.raises(InputError, match="at least one"):
        pe.mpi_weight_robustness(df, spec, {}, k=0.5, by="g")
