"""The common result type, the one inference rule and ``pe.contrast``.

The contrasts are checked against covariances computed directly in the tests: the
linearized variable of a headcount written out by hand, summed to PSU totals and put
through the ultimate-cluster variance formula (R ``survey``'s default, Wolter 2007 ch. 6).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import povecon as pe
from povecon import inference
from povecon.errors import InputError
from povecon.result import Result, did, stack


# --- the inference rule ---------------------------------------------------------------------

def test_critical_is_t_on_df_and_normal_without():
    assert inference.critical(0.95, 10) == pytest.approx(stats.t.ppf(0.975, 10))
    assert inference.critical(0.95, None) == pytest.approx(stats.norm.ppf(0.975))
    assert inference.critical(0.9, np.inf) == pytest.approx(stats.norm.ppf(0.95))


@pytest.mark.parametrize("bad", [0, 1, -0.5, 1.5, "0.95", None, True, float("nan")])
def test_level_is_checked(bad):
    with pytest.raises(InputError, match="level"):
        inference.check_level(bad)


@pytest.mark.parametrize("bad", [0, 1, -3, 2.5, "10", True])
def test_replicates_are_checked(bad):
    with pytest.raises(InputError, match="replicates"):
        inference.check_replicates(bad)


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True])
def test_seeds_are_checked(bad):
    with pytest.raises(InputError, match="seed"):
        inference.check_seed(bad)


def test_bootstrap_needs_a_seed():
    with pytest.raises(InputError, match="seed"):
        inference.options("bootstrap", 100, None)
    assert inference.options("bootstrap", 100, 3).seed == 3


# --- Result mechanics -----------------------------------------------------------------------

def _toy(df=40):
    f = pd.DataFrame({"measure": "H", "group": ["A", "B", "A", "B"], "time": [1, 1, 2, 2],
                      "value": [0.30, 0.20, 0.25, 0.10]})
    cov = np.array([[1.0, 0.2, 0.3, 0.1],
                    [0.2, 4.0, 0.1, 0.5],
                    [0.3, 0.1, 1.0, 0.2],
                    [0.1, 0.5, 0.2, 4.0]]) * 1e-4
    f["se"] = np.sqrt(np.diag(cov))
    return Result(f, covariance=cov, df=df, n=500, se_method="linearized"), cov


def test_result_views():
    r, cov = _toy()
    f = r.to_frame()
    assert list(f.columns[:3]) == ["measure", "group", "time"]
    assert {"value", "se", "ci_lower", "ci_upper", "n"} <= set(f.columns)
    q = stats.t.ppf(0.975, 40)
    np.testing.assert_allclose(f["ci_upper"] - f["value"], q * f["se"])
    lo90 = r.to_frame(0.9)["ci_lower"]
    assert (lo90 > f["ci_lower"]).all()
    np.testing.assert_allclose(r.cov().to_numpy(), cov)
    one = r.select(group="A", time=2)
    assert float(one) == 0.25 and one.se == pytest.approx(0.01)
    assert one.ci() == pytest.approx((0.25 - q * 0.01, 0.25 + q * 0.01))
    with pytest.raises(InputError, match="4 estimates"):
        float(r)
    with pytest.raises(InputError, match="group"):
        r.select(group="Z")
    text = str(r.summary())
    assert "t with 40 design degrees of freedom" in text and "0.25" in text


def test_indexing_a_result_warns_and_still_works():
    r, _ = _toy()
    with pytest.warns(DeprecationWarning, match="to_frame"):
        col = r["value"]
    np.testing.assert_allclose(col, [0.30, 0.20, 0.25, 0.10])
    with pytest.raises(InputError, match="not a column"):
        r["nope"]


def test_relabel_keeps_rows_and_covariance():
    r, cov = _toy()
    r2 = r.relabel(group=["a", "b", "a", "b"])
    assert list(r2.to_frame()["group"]) == ["a", "b", "a", "b"]
    np.testing.assert_allclose(r2.cov().to_numpy(), cov)


# --- contrasts ----------------------------------------------------------------------------------

def test_contrast_between_groups_uses_the_joint_covariance():
    r, cov = _toy()
    c = pe.contrast(r, group=("A", "B")).to_frame()
    assert list(c["time"]) == [1, 2]
    np.testing.assert_allclose(c["value"], [0.10, 0.15])
    # Var(a - b) = Var(a) + Var(b) - 2 Cov(a, b)
    expect = np.sqrt([cov[0, 0] + cov[1, 1] - 2 * cov[0, 1], cov[2, 2] + cov[3, 3] - 2 * cov[2, 3]])
    np.testing.assert_allclose(c["se"], expect)
    np.testing.assert_allclose(c["pvalue"], 2 * stats.t.sf(np.abs(c["value"] / expect), 40))


def test_ratio_contrast_is_the_delta_method():
    r, cov = _toy()
    c = pe.contrast(r, time=(2, 1), ratio=True).select(group="A")
    a, b = 0.25, 0.30
    g = np.array([1 / b, -a / b**2])
    sub = cov[np.ix_([2, 0], [2, 0])]
    assert float(c) == pytest.approx(a / b)
    assert c.se == pytest.approx(np.sqrt(g @ sub @ g))


def test_linear_combination_and_did_agree():
    r, cov = _toy()
    d = did(r, time=(1, 2), group=("A", "B"))
    L = np.array([-1.0, 1.0, 1.0, -1.0])  # (A2 - A1) - (B2 - B1) over rows A1, B1, A2, B2
    assert float(d) == pytest.approx(L @ np.array([0.30, 0.20, 0.25, 0.10]))
    assert d.se == pytest.approx(np.sqrt(L @ cov @ L))
    lin = pe.contrast(r, weights={(("group", "A"), ("time", 2)): 1, (("group", "A"), ("time", 1)): -1,
                                  (("group", "B"), ("time", 2)): -1, (("group", "B"), ("time", 1)): 1})
    assert float(lin) == pytest.approx(float(d))
    assert lin.se == pytest.approx(d.se)


def test_two_results_need_a_shared_design_or_independence():
    r1, _ = _toy()
    r2, _ = _toy()
    with pytest.raises(InputError, match="independent=True"):
        pe.contrast(r1, r2)
    c = pe.contrast(r1, r2, independent=True)
    np.testing.assert_allclose(c.to_frame()["value"], 0.0)
    np.testing.assert_allclose(c.to_frame()["se"], np.sqrt(2) * r1.to_frame()["se"])
    assert any("independent" in n for n in c.notes)
    assert "independent" in str(c.summary())
    assert c.df == 80  # two independent designs: their degrees of freedom add


@pytest.mark.parametrize("call", [
    lambda r: pe.contrast(r),
    lambda r: pe.contrast(r, group=("A",)),
    lambda r: pe.contrast(r, group=("A", "B"), time=(1, 2)),
    lambda r: pe.contrast(r, region=("A", "B")),
    lambda r: pe.contrast(r, group=("A", "B"), independent=True),
    lambda r: pe.contrast(pd.DataFrame(), group=("A", "B")),
    lambda r: pe.contrast(r, weights={(("group", "A"),): 1}),
])
def test_contrast_refuses_what_it_cannot_do(call):
    r, _ = _toy()
    with pytest.raises(InputError):
        call(r)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4), st.floats(0.1, 3.0))
def test_contrast_is_antisymmetric_and_scale_equivariant(vals, scale):
    r, cov = _toy()
    f = r.to_frame()
    f["value"] = vals
    r = Result(f[["measure", "group", "time", "value", "se"]], covariance=cov, df=40)
    ab = pe.contrast(r, group=("A", "B")).to_frame()
    ba = pe.contrast(r, group=("B", "A")).to_frame()
    np.testing.assert_allclose(ab["value"], -ba["value"])
    np.testing.assert_allclose(ab["se"], ba["se"])
    f2 = f.assign(value=f["value"] * scale)
    r2 = Result(f2[["measure", "group", "time", "value", "se"]], covariance=cov * scale**2, df=40)
    c2 = pe.contrast(r2, group=("A", "B")).to_frame()
    np.testing.assert_allclose(c2["value"], scale * ab["value"])
    np.testing.assert_allclose(c2["se"], scale * ab["se"])
    np.testing.assert_allclose(c2["pvalue"], ab["pvalue"])


# --- measures under a design: contrasts against a hand-written linearization ------------------

def _survey(seed=3, n=600):
    rng = np.random.default_rng(seed)
    stratum = rng.integers(0, 3, n)
    psu = stratum * 10 + rng.integers(0, 5, n)
    group = np.where(rng.random(n) < 0.5, "A", "B")  # groups share PSUs: non-zero covariance
    income = np.exp(rng.normal(8 + 0.2 * (group == "A") + 0.1 * stratum, 0.7, n))
    w = rng.uniform(50, 150, n)
    return pd.DataFrame({"income": income, "w": w, "stratum": stratum, "psu": psu, "group": group})


def _ultimate_cluster_cov(U, w, stratum, psu):
    """Covariance of estimators with linearized variables U (n, m): with-replacement PSUs in strata."""
    T = pd.DataFrame(U * w[:, None]).groupby([stratum, psu]).sum()
    cov = np.zeros((U.shape[1], U.shape[1]))
    for _, Th in T.groupby(level=0):
        nh = len(Th)
        D = Th.to_numpy() - Th.to_numpy().mean(axis=0)
        cov += nh / (nh - 1) * D.T @ D
    return cov


def _headcount_u(y, w, z, mask):
    """Linearized variable of the domain headcount: (1{y<z} - H) / N_d on the domain, 0 outside."""
    N = w[mask].sum()
    H = np.sum(w[mask] * (y[mask] < z)) / N
    return np.where(mask, ((y < z) - H) / N, 0.0), H


def test_fgt_by_group_contrast_matches_hand_linearization():
    df = _survey()
    design = pe.SurveyDesign(weights="w", strata="stratum", psu="psu")
    z = 2500.0
    r = pe.fgt(df, "income", line=z, by="group", design=design)
    y, w = df["income"].to_numpy(), df["w"].to_numpy()
    uA, HA = _headcount_u(y, w, z, (df["group"] == "A").to_numpy())
    uB, HB = _headcount_u(y, w, z, (df["group"] == "B").to_numpy())
    cov = _ultimate_cluster_cov(np.column_stack([uA, uB]), w, df["stratum"].to_numpy(), df["psu"].to_numpy())
    assert abs(cov[0, 1]) > 1e-7  # the test means something only if the groups covary
    np.testing.assert_allclose(r.cov().to_numpy(), cov, rtol=1e-10, atol=1e-15)
    c = pe.contrast(r, group=("A", "B"))
    assert float(c) == pytest.approx(HA - HB, rel=1e-12)
    assert c.se == pytest.approx(np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]), rel=1e-10)
    dof = df.groupby("stratum")["psu"].nunique().sum() - df["stratum"].nunique()
    assert c.df == dof and r.df == dof


def test_two_lines_under_one_design_covary():
    df = _survey(5)
    design = pe.SurveyDesign(weights="w", strata="stratum", psu="psu")
    r1 = pe.fgt(df, "income", line=2000.0, design=design)
    r2 = pe.fgt(df, "income", line=3000.0, design=design)
    y, w = df["income"].to_numpy(), df["w"].to_numpy()
    all_ = np.ones(len(df), bool)
    u1, _ = _headcount_u(y, w, 2000.0, all_)
    u2, _ = _headcount_u(y, w, 3000.0, all_)
    cov = _ultimate_cluster_cov(np.column_stack([u1, u2]), w, df["stratum"].to_numpy(), df["psu"].to_numpy())
    c = pe.contrast(r2, r1)
    assert c.se == pytest.approx(np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]), rel=1e-10)
    assert not c.notes


def test_results_on_different_samples_refuse_a_joint_covariance():
    a, b = _survey(1), _survey(2)
    ra = pe.fgt(a, "income", line=2500.0, weights="w")
    rb = pe.fgt(b.iloc[:500], "income", line=2500.0, weights="w")
    with pytest.raises(InputError, match="independent"):
        pe.contrast(ra, rb)
    c = pe.contrast(ra, rb, independent=True)
    assert c.se == pytest.approx(np.hypot(ra.se, rb.se))


def test_bootstrap_results_with_one_seed_covary():
    df = _survey(7, 300)
    design = pe.SurveyDesign(weights="w", strata="stratum", psu="psu")
    kw = dict(design=design, se="bootstrap", replicates=60, seed=11)
    r1 = pe.fgt(df, "income", line=2000.0, **kw)
    r2 = pe.gini(df, "income", **kw)
    c = pe.contrast(r1, r2)  # same seed and design: the same replicates, so a joint covariance
    assert np.isfinite(c.se)
    with pytest.raises(InputError):
        pe.contrast(r1, pe.gini(df, "income", **{**kw, "seed": 12}))


def test_fgt_and_mpi_give_one_interval_for_one_headcount():
    df = _survey(9)
    z = 2500.0
    df["deprived"] = (df["income"] < z).astype(float)
    spec = pe.MPISpec({"income": {"deprived": {}}})
    for design in (pe.SurveyDesign(weights="w"), pe.SurveyDesign(weights="w", strata="stratum", psu="psu")):
        h = pe.fgt(df, "income", line=z, design=design)
        m = pe.mpi(df, spec, k=1.0, design=design)
        row = m.to_frame().query("measure == 'H'").iloc[0]
        assert row["value"] == pytest.approx(float(h), rel=1e-12)
        assert row["se"] == pytest.approx(h.se, rel=1e-10)
        assert row["ci_lower"] == pytest.approx(h.ci()[0], rel=1e-10)
        assert row["ci_upper"] == pytest.approx(h.ci()[1], rel=1e-10)


def test_stack_keeps_joint_covariances_of_parts_under_one_design():
    df = _survey(4)
    design = pe.SurveyDesign(weights="w", strata="stratum", psu="psu")
    r1 = pe.fgt(df, "income", line=2000.0, design=design)
    r2 = pe.fgt(df, "income", line=3000.0, design=design)
    s = stack([r1, r2], "line_label", ["low", "high"])
    direct = pe.contrast(r2, r1)
    c = pe.contrast(s, line_label=("high", "low"))
    assert c.se == pytest.approx(direct.se, rel=1e-12)


def test_scaling_weights_leaves_measures_and_contrasts_unchanged():
    df = _survey(6)
    big = df.assign(w=df["w"] * 100)
    for data in (df, big):
        design = pe.SurveyDesign(weights="w", strata="stratum", psu="psu")
        r = pe.fgt(data, "income", line=2500.0, by="group", design=design)
        c = pe.contrast(r, group=("A", "B"))
        if data is df:
            base = (r.to_frame()[["value", "se"]].to_numpy(), float(c), c.se)
        else:
            np.testing.assert_allclose(r.to_frame()[["value", "se"]].to_numpy(), base[0], rtol=1e-10)
            assert float(c) == pytest.approx(base[1], rel=1e-10)
            assert c.se == pytest.approx(base[2], rel=1e-10)


def test_measures_keep_their_return_type_with_by_and_alpha_lists():
    df = _survey(8)
    for r in (pe.fgt(df, "income", line=2500.0, weights="w"),
              pe.fgt(df, "income", line=2500.0, weights="w", by="group"),
              pe.fgt(df, "income", line=2500.0, weights="w", alpha=[0, 1, 2]),
              pe.gini(df, "income", weights="w", by="group")):
        assert isinstance(r, pe.Estimate) and isinstance(r, Result)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pe.fgt(df, "income", line=2500.0, weights="w").to_frame()
