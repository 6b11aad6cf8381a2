"""Decompositions as Results: frame, identities, bootstrap covariance, weights scale, old names."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.decompose import Decomposition
from povecon.errors import EstimationError
from povecon.result import Result
from povecon.survey import SurveyDesign

SRC = ["a", "b", "c"]


@pytest.fixture(scope="module")
def hh():
    rng = np.random.default_rng(21)
    n = 240
    d = pd.DataFrame({"a": rng.lognormal(2, 0.8, n), "b": rng.exponential(4, n), "c": rng.normal(1, 2, n),
                      "w": rng.uniform(0.5, 3, n), "st": rng.integers(0, 3, n), "psu": rng.integers(0, 12, n)})
    d["psu"] = d["st"] * 100 + d["psu"]
    return d


@pytest.fixture(scope="module")
def periods():
    rng = np.random.default_rng(22)
    y0, y1 = rng.lognormal(4, 0.6, 150), rng.lognormal(4.15, 0.55, 120)
    return (y0, y1, rng.uniform(0.5, 2, 150), rng.uniform(0.5, 2, 120),
            rng.choice(["u", "r"], 150), rng.choice(["u", "r"], 120))


@pytest.fixture(scope="module")
def wages():
    rng = np.random.default_rng(0)
    n = 300
    d = pd.DataFrame({"edu": rng.normal(10, 2, n), "exper": rng.normal(20, 5, n), "female": rng.integers(0, 2, n)})
    d["lnw"] = 1 + 0.1 * d["edu"] + 0.02 * d["exper"] - 0.2 * d["female"] + rng.normal(0, 0.3, n)
    d["sex"] = np.where(d["female"] == 1, "f", "m")
    return d


SOURCE_FNS = [pe.source_shares, pe.gini_by_source, pe.shorrocks_by_source, pe.shapley_by_source]
CHANGE_FNS = [pe.datt_ravallion, pe.shapley_poverty_change]


def _change(fn, p, scale=1.0, **kw):
    y0, y1, w0, w1, s0, s1 = p
    if fn is pe.sectoral:
        return fn(y0, y1, line=60, alpha=1, by=s0, by_after=s1, weights=w0 * scale, weights_after=w1 * scale, **kw)
    return fn(y0, y1, line=60, alpha=1, weights=w0 * scale, weights_after=w1 * scale, **kw)


def test_every_entry_point_returns_a_result(hh, periods, wages):
    out = [fn(hh, SRC, weights="w") for fn in SOURCE_FNS]
    out += [_change(fn, periods) for fn in (*CHANGE_FNS, pe.sectoral)]
    out.append(pe.oaxaca_blinder(wages, "lnw", ["edu", "exper"], "sex"))
    for r in out:
        assert isinstance(r, Decomposition) and isinstance(r, Result)
        f = r.to_frame()
        assert list(f.columns[:4]) == ["measure", "group", "time", "component"]
        assert list(f.columns[-5:]) == ["value", "se", "ci_lower", "ci_upper", "n"]
        assert (f["component"] == "total").any()
        assert r.total == pytest.approx(float(r.select(component="total", measure=r.total_measure)))
        assert isinstance(r.table, pd.DataFrame) and "total" not in r.table.index
        assert r[r.table.index[0]] == pytest.approx(r.table.iloc[0][r.value_column])
        assert isinstance(r.method, str)
        assert r.se_method is None and r.se_table is None
    sub = pe.by_subgroup(hh.assign(y=hh.a + hh.b + 5, g=hh.st), "y", by="g", line=10, alpha=0, ge_alpha=1,
                         weights="w")
    assert isinstance(sub, Result) and set(sub.to_frame()["decomposition"]) == {"FGT(0)", "GE(1)", "Gini"}


def test_identities_hold_in_the_frame(hh, periods, wages):
    cases = [(pe.gini_by_source(hh, SRC, weights="w"), "contribution"),
             (pe.shapley_by_source(hh, SRC, weights="w", index="theil"), "contribution"),
             (pe.source_shares(hh, SRC, weights="w"), "mean")]
    cases += [(_change(fn, periods), "change") for fn in (*CHANGE_FNS, pe.sectoral)]
    cases.append((pe.oaxaca_blinder(wages, "lnw", ["edu", "exper"], "sex"), "gap"))
    for r, m in cases:
        f = r.to_frame()
        terms = f[(f.measure == m) & (f.component != "total")]["value"].sum()
        tot = f[(f.measure == m) & (f.component == "total")]["value"].iloc[0]
        assert terms == pytest.approx(tot, abs=1e-12)
        assert tot == pytest.approx(r.total, abs=1e-15) or m == "mean"
        shares = f[(f.measure == "share") & (f.component != "total")]["value"]
        assert shares.sum() == pytest.approx(1, abs=1e-9)
    sh = pe.shorrocks_by_source(hh, SRC, weights="w").to_frame()
    assert sh[(sh.measure == "share") & (sh.component != "total")]["value"].sum() == pytest.approx(1, abs=1e-12)


@pytest.mark.parametrize("fn", SOURCE_FNS, ids=lambda f: f.__name__)
def test_sources_weights_scale_free_with_bootstrap(hh, fn):
    a = fn(hh, SRC, design=SurveyDesign(weights="w", strata="st", psu="psu"), se="bootstrap", replicates=40, seed=3)
    b = fn(hh.assign(w=hh.w * 100), SRC, design=SurveyDesign(weights="w", strata="st", psu="psu"),
           se="bootstrap", replicates=40, seed=3)
    fa, fb = a.to_frame(), b.to_frame()
    np.testing.assert_allclose(fb["value"], fa["value"], rtol=1e-10, atol=1e-12)
    ok = fa["se"].notna()
    assert ok.sum() > 0
    np.testing.assert_allclose(fb["se"][ok], fa["se"][ok], rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("fn", [*CHANGE_FNS, pe.sectoral], ids=lambda f: f.__name__)
def test_changes_weights_scale_free_with_bootstrap(periods, fn):
    a = _change(fn, periods, 1.0, se="bootstrap", replicates=40, seed=5)
    b = _change(fn, periods, 100.0, se="bootstrap", replicates=40, seed=5)
    fa, fb = a.to_frame(), b.to_frame()
    np.testing.assert_allclose(fb["value"], fa["value"], rtol=1e-10, atol=1e-12)
    assert (fa["se"][fa.measure == "change"] > 0).all()
    np.testing.assert_allclose(fb["se"], fa["se"], rtol=1e-8, atol=1e-12)


def _sd_of_replicate_difference(r, i, j):
    # the replicates of the covariance source: the SE of a difference is the root mean squared
    # deviation of the replicate differences from the full-sample difference
    src = r._covariance
    d = (src.reps[:, i] - src.reps[:, j]) - (src.full[i] - src.full[j])
    d = d[np.isfinite(d)]
    return float(np.sqrt(np.mean(d ** 2)))


def test_contrast_of_two_terms_uses_the_joint_replicates(periods):
    r = _change(pe.datt_ravallion, periods, se="bootstrap", replicates=60, seed=9)
    c = pe.contrast(r.select(measure="change"), component=("growth", "redistribution"))
    f = r.frame
    i = int(np.flatnonzero((f.component == "growth") & (f.measure == "change"))[0])
    j = int(np.flatnonzero((f.component == "redistribution") & (f.measure == "change"))[0])
    assert c.value == pytest.approx(r["growth"] - r["redistribution"], abs=1e-14)
    assert c.se == pytest.approx(_sd_of_replicate_difference(r, i, j), rel=1e-10)
    # not the independent-terms SE: the terms are correlated
    indep = np.hypot(f.se[i], f.se[j])
    assert abs(c.se - indep) > 1e-6


def test_contrast_of_two_sources_uses_the_joint_replicates(hh):
    r = pe.gini_by_source(hh, SRC, weights="w", se="bootstrap", replicates=60, seed=4)
    c = pe.contrast(r.select(measure="contribution"), component=("a", "b"))
    f = r.frame
    i = int(np.flatnonzero((f.component == "a") & (f.measure == "contribution"))[0])
    j = int(np.flatnonzero((f.component == "b") & (f.measure == "contribution"))[0])
    assert c.se == pytest.approx(_sd_of_replicate_difference(r, i, j), rel=1e-10)
    # the oaxaca bootstrap keeps its replicates too
    rng = np.random.default_rng(1)
    w = pd.DataFrame({"x": rng.normal(size=200), "g": rng.choice(["p", "q"], 200)})
    w["y"] = w.x + (w.g == "p") * 0.3 + rng.normal(size=200)
    o = pe.oaxaca_blinder(w, "y", ["x"], "g", se="bootstrap", replicates=50, seed=2)
    co = pe.contrast(o.select(measure="gap"), component=("endowments", "coefficients"))
    fo = o.frame
    i = int(np.flatnonzero((fo.component == "endowments") & (fo.measure == "gap"))[0])
    j = int(np.flatnonzero((fo.component == "coefficients") & (fo.measure == "gap"))[0])
    assert co.se == pytest.approx(_sd_of_replicate_difference(o, i, j), rel=1e-10)


def test_se_column_is_the_replicate_rms_deviation(hh):
    r = pe.shorrocks_by_source(hh, SRC, weights="w", se="bootstrap", replicates=30, seed=8)
    src = r._covariance
    rms = np.sqrt(np.mean((src.reps - src.full) ** 2, axis=0))
    np.testing.assert_allclose(r.frame["se"], rms, rtol=1e-12)
    assert r.df == SurveyDesign(weights="w").resolve(hh, len(hh)).df
    lo, hi = r.select(component="a", measure="share").ci()
    assert lo < r.table.loc["a", "share"] < hi


def test_old_replicates_switch_warns_and_matches(hh, periods, wages):
    with pytest.warns(DeprecationWarning, match="se='bootstrap'"):
        old = pe.gini_by_source(hh, SRC, weights="w", replicates=20, seed=1)
    new = pe.gini_by_source(hh, SRC, weights="w", se="bootstrap", replicates=20, seed=1)
    pd.testing.assert_frame_equal(old.to_frame(), new.to_frame())
    with pytest.warns(DeprecationWarning, match="replicates=0"):
        none = pe.gini_by_source(hh, SRC, weights="w", replicates=0)
    assert none.se_method is None
    with pytest.warns(DeprecationWarning, match="se='bootstrap'"):
        o = pe.oaxaca_blinder(wages, "lnw", ["edu"], "sex", replicates=10, seed=1)
    assert o.se_method == "bootstrap"
    with pytest.warns(DeprecationWarning, match="se_table"):
        assert isinstance(new.se, pd.DataFrame)


def test_renamed_parameters_warn_and_give_the_same_answer(hh, periods, wages):
    y0, y1, w0, w1, s0, s1 = periods
    for fn in CHANGE_FNS:
        with pytest.warns(DeprecationWarning, match="weights_before= is now weights="):
            old = fn(y0, y1, line=60, alpha=1, weights_before=w0, weights_after=w1)
        new = fn(y0, y1, line=60, alpha=1, weights=w0, weights_after=w1)
        pd.testing.assert_frame_equal(old.to_frame(), new.to_frame())
    with pytest.warns(DeprecationWarning, match="sector_before= is now by="):
        old = pe.sectoral(y0, y1, line=60, sector_before=s0, sector_after=s1, weights_before=w0)
    new = pe.sectoral(y0, y1, line=60, by=s0, by_after=s1, weights=w0)
    pd.testing.assert_frame_equal(old.to_frame(), new.to_frame())
    with pytest.warns(DeprecationWarning, match="group= is now by="):
        old = pe.oaxaca_blinder(wages, "lnw", ["edu"], group="sex")
    pd.testing.assert_frame_equal(old.to_frame(), pe.oaxaca_blinder(wages, "lnw", ["edu"], by="sex").to_frame())
    d = hh.assign(y=hh.a + hh.b + 5, g=hh.st)
    with pytest.warns(DeprecationWarning, match="fgt_alphas= is now alpha="):
        old = pe.by_subgroup(d, "y", by="g", line=10, fgt_alphas=(0, 1), ge_alphas=(1,), weights="w")
    new = pe.by_subgroup(d, "y", by="g", line=10, alpha=(0, 1), ge_alpha=1, weights="w")
    pd.testing.assert_frame_equal(old.to_frame(), new.to_frame())


def test_income_column_of_two_frames(periods):
    y0, y1, w0, w1, s0, s1 = periods
    b = pd.DataFrame({"inc": y0, "wt": w0, "sec": s0})
    a = pd.DataFrame({"inc": y1, "wt": w1, "sec": s1})
    for fn in CHANGE_FNS:
        r = fn(b, a, income="inc", line=60, alpha=1, weights="wt")
        pd.testing.assert_frame_equal(r.to_frame(), fn(y0, y1, line=60, alpha=1, weights=w0,
                                                       weights_after=w1).to_frame())
    r = pe.sectoral(b, a, income="inc", line=60, by="sec", weights="wt")
    pd.testing.assert_frame_equal(r.to_frame(), pe.sectoral(y0, y1, line=60, by=s0, by_after=s1, weights=w0,
                                                            weights_after=w1).to_frame())


def test_failed_replicates_are_counted_and_reported():
    # a tiny sample: some replicates draw a single distinct income and the Gini is undefined
    d = pd.DataFrame({"a": [1.0, 2, 3, 50], "b": [1.0, 1, 1, 1]})
    with pytest.warns(UserWarning, match="bootstrap replicates failed"):
        r = pe.gini_by_source(d, ["a", "b"], se="bootstrap", replicates=200, seed=1)
    failed = r.details["replicates_failed"]
    assert 0 < failed < 100
    assert any("failed" in n for n in r.notes)
    src = r._covariance
    assert int(np.isnan(src.reps).all(axis=1).sum()) == failed  # a failed replicate is NaN in every row
    with pytest.raises(EstimationError, match="bootstrap failed"):
        pe.gini_by_source(pd.DataFrame({"a": [1.0, 9.0], "b": [1.0, 1.0]}), ["a", "b"], se="bootstrap",
                          replicates=50, seed=1)


def test_neumark_reference_is_the_pooled_regression_without_the_group_indicator(wages):
    cov = ["edu", "exper"]
    X = np.column_stack([wages[cov].to_numpy(), np.ones(len(wages))])
    beta = np.linalg.lstsq(X, wages["lnw"].to_numpy(), rcond=None)[0]
    a, b = wages[wages.sex == "m"], wages[wages.sex == "f"]
    dx = np.r_[a[cov].mean().to_numpy() - b[cov].mean().to_numpy(), 0.0]
    r = pe.oaxaca_blinder(wages, "lnw", cov, "sex", groups=("m", "f"), kind="twofold", two_fold_type="neumark")
    assert r["explained"] == pytest.approx(dx @ beta, abs=1e-10)


def test_bootstrap_refuses_data_without_a_sample():
    from povecon.errors import InputError

    with pytest.raises(InputError, match="microdata"):
        pe.sectoral(shares_before={"a": 0.5, "b": 0.5}, poverty_before={"a": 0.1, "b": 0.2},
                    shares_after={"a": 0.5, "b": 0.5}, poverty_after={"a": 0.1, "b": 0.3}, se="bootstrap", seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pe.source_shares(pd.DataFrame({"a": [1.0, 2], "b": [3.0, 4]}), ["a", "b"])
