"""pe.mpi on the common result type: result types, the one inference rule shared with pe.fgt,
scale invariance in the sampling weights, joint covariances for contrasts and differences in
differences (checked against a direct linearization), changes between rounds, renamed options."""

import inspect
import os

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.result import ContrastResult, Result

from conftest import reference_file  # noqa: E402

SYN = reference_file("syn_cdta.csv")
needs_syn = pytest.mark.skipif(not os.path.exists(SYN), reason="mpitb syn_cdta reference data not available")
SPEC = {"x": {"a": "a", "b": "b"}, "y": {"c": "c", "d": "d"}}
DESIGN = pe.SurveyDesign(weights="w", strata="s", psu="psu")


def panel(n=500, seed=11):
    """SIMULATED two-round, two-group survey with strata and PSUs shared by both rounds."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(rng.binomial(1, 0.35, size=(n, 4)), columns=list("abcd"))
    df["s"] = rng.integers(0, 4, n)
    df["psu"] = df["s"] * 100 + rng.integers(0, 7, n)
    df["w"] = rng.uniform(0.5, 3, n)
    df["g"] = rng.choice(["A", "B"], n)
    df["year"] = rng.choice([2014, 2019], n)
    df["income"] = rng.lognormal(8, 0.6, n)
    return df


def _scores(df, y, x, dom):
    """Linearized variable of sum(w y dom) / sum(w x dom) (zero outside the domain), by hand."""
    w = df["w"].to_numpy()
    X = (w * x * dom).sum()
    theta = (w * y * dom).sum() / X
    return theta, w * dom * (y - theta * x) / X


def _var_by_hand(df, z):
    """With-replacement ultimate-cluster variance of the total of z (PSUs within strata)."""
    tot = pd.Series(z).groupby([df["s"].to_numpy(), df["psu"].to_numpy()]).sum()
    var = 0.0
    for _, t in tot.groupby(level=0):
        nh = len(t)
        var += nh / (nh - 1) * ((t - t.mean()) ** 2).sum()
    return var


def _poor(df, k=0.5):
    c = df[list("abcd")].to_numpy(float) @ np.full(4, 0.25)
    p = (c >= k - 1e-9).astype(float)
    return c, p


# --- result types --------------------------------------------------------------------------

def test_every_entry_point_returns_a_result():
    df = panel()
    r = pe.mpi(df, SPEC, k=[0.25, 0.5], by="g", time="year", design=DESIGN)
    assert isinstance(r, pe.MPIResult) and isinstance(r, Result)
    assert list(r.to_frame().columns) == ["measure", "group", "time", "indicator", "k", "value", "se", "ci_lower",
                                          "ci_upper", "n"]
    assert isinstance(r.select(measure="M0"), pe.MPIResult)
    assert isinstance(r.estimate("M0", k=0.5, time=2014), pe.Estimate)
    ch = r.change(2014, 2019)
    assert isinstance(ch, ContrastResult)
    assert {"measure", "indicator", "k", "group", "t0", "t1", "ctype", "value", "se", "ci_lower",
            "ci_upper"} <= set(ch.to_frame().columns)
    assert isinstance(r.k_curve(group="A", time=2014), Result)
    assert isinstance(pe.mpi_k_curve(r, group="A", time=2014), Result)
    one = pe.mpi(df[df["year"] == 2014], SPEC, k=0.5, by="g", design=DESIGN)
    wr = pe.mpi_weight_robustness(df[df["year"] == 2014], pe.MPISpec(SPEC), {"flat": {"x": 0.5, "y": 0.5}},
                                  k=0.5, by="g", design=DESIGN, se="linearized")
    assert isinstance(wr, Result) and set(wr.to_frame()["weight_set"]) == {"baseline", "flat"}
    assert wr.select(weight_set="baseline", group="A").value == pytest.approx(one.value("M0", group="A"))
    assert wr.select(weight_set="baseline", group="A").se == pytest.approx(one.estimate("M0", group="A").se)
    # a list of k, by= and time= never change the type
    for kw in ({}, {"by": "g"}, {"time": "year"}, {"k": [0.25, 0.5, 0.75]}):
        out = pe.mpi(df, SPEC, **{"k": 0.5, **kw})
        assert type(out) is pe.MPIResult
    # the old headline table is still one call away; indexing the result warns
    assert list(r.headline().columns[:2]) == ["H", "se_H"]
    with pytest.warns(DeprecationWarning):
        r["value"]


def test_n_counts_the_rows_of_each_round_and_group():
    df = panel()
    f = pe.mpi(df, SPEC, k=0.5, by="g", time="year", design=DESIGN).to_frame()
    for (g, t), n in df.groupby(["g", "year"]).size().items():
        assert (f.loc[(f["group"] == g) & (f["time"] == t), "n"] == n).all()
    assert (f.loc[(f["group"] == "all") & (f["time"] == 2014), "n"] == (df["year"] == 2014).sum()).all()


# --- one inference rule: pe.mpi and pe.fgt agree on a headcount ---------------------------------

@pytest.mark.parametrize("design", ["weights", "stratified"])
def test_one_indicator_headcount_equals_fgt0(design):
    df = panel()
    line = float(np.quantile(df["income"], 0.3))
    spec = {"income": {"poor": {"variable": "income", "cutoff": line, "direction": "below", "kind": "ordinal"}}}
    if design == "weights":
        kw = {"weights": "w"}
    else:
        kw = {"design": DESIGN}
    m = pe.mpi(df, spec, k=1, se="linearized", **kw).select(measure="H")
    f = pe.fgt(df, "income", line=line, alpha=0, se="linearized", **kw)
    assert m.df == f.df and m.df == (len(df) - 1 if design == "weights" else df["psu"].nunique() - 4)
    # MPIResult.value(measure, ...) is a method, so a one-row MPI result is read with float()
    assert float(m) == pytest.approx(f.value, rel=1e-10)
    assert m.se == pytest.approx(f.se, rel=1e-10)
    for a, b in zip(m.ci(), f.ci()):
        assert a == pytest.approx(b, rel=1e-10)
    for a, b in zip(m.ci(0.9), f.ci(0.9)):
        assert a == pytest.approx(b, rel=1e-10)
    # the two results share the design, so their covariance is joint: the difference is 0 with SE 0
    c = pe.contrast(m.relabel(measure="headcount", group=None, indicator=None, k=None),
                    f.relabel(measure="headcount", group=None))
    # (the variance is zero up to rounding; its square root magnifies that, hence a relative bound)
    assert c.value == pytest.approx(0, abs=1e-12) and c.se <= 1e-6 * m.se


def test_bootstrap_headcount_equals_fgt0_with_the_same_seed():
    df = panel()
    line = float(np.quantile(df["income"], 0.3))
    spec = {"income": {"poor": {"variable": "income", "cutoff": line, "kind": "ordinal"}}}
    m = pe.mpi(df, spec, k=1, design=DESIGN, se="bootstrap", seed=8, replicates=50).select(measure="H")
    f = pe.fgt(df, "income", line=line, alpha=0, design=DESIGN, se="bootstrap", seed=8, replicates=50)
    assert m.df == f.df
    assert float(m) == pytest.approx(f.value, rel=1e-10)
    assert m.se == pytest.approx(f.se, rel=1e-10)


def test_replicates_default_is_500():
    for fn in (pe.mpi, pe.mpi_weight_robustness):
        assert inspect.signature(fn).parameters["replicates"].default == 500


# --- sampling weights are sampling weights --------------------------------------------------------

@pytest.mark.parametrize("se, kw", [("linearized", {"design": DESIGN}), ("linearized", {"weights": "w"}),
                                    ("bootstrap", {"design": DESIGN, "seed": 4, "replicates": 60})])
def test_weights_times_100_change_no_estimate_and_no_se(se, kw):
    df = panel()
    big = df.assign(w=df["w"] * 100)
    a = pe.mpi(df, SPEC, k=[0.25, 0.5], by="g", time="year", se=se, **kw)
    b = pe.mpi(big, SPEC, k=[0.25, 0.5], by="g", time="year", se=se, **kw)
    fa, fb = a.to_frame(), b.to_frame()
    np.testing.assert_allclose(fb["value"], fa["value"], rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(fb["se"], fa["se"], rtol=1e-9, atol=1e-14)
    assert fa["se"].notna().any()
    ca, cb = a.change(2014, 2019).to_frame(), b.change(2014, 2019).to_frame()
    np.testing.assert_allclose(cb["value"], ca["value"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(cb["se"], ca["se"], rtol=1e-9, atol=1e-12)
    da = pe.did(a.select(measure="M0", k=0.5), time=(2014, 2019), group=("A", "B"))
    db = pe.did(b.select(measure="M0", k=0.5), time=(2014, 2019), group=("A", "B"))
    assert (db.value, db.se) == (pytest.approx(da.value, rel=1e-10), pytest.approx(da.se, rel=1e-9))
    if se == "linearized":
        wa = pe.mpi_weight_robustness(df[df["year"] == 2014], pe.MPISpec(SPEC), {"f": {"x": 0.3, "y": 0.7}},
                                      k=0.5, by="g", se=se, **kw)
        wb = pe.mpi_weight_robustness(big[big["year"] == 2014], pe.MPISpec(SPEC), {"f": {"x": 0.3, "y": 0.7}},
                                      k=0.5, by="g", se=se, **kw)
        np.testing.assert_allclose(wb.to_frame()["value"], wa.to_frame()["value"], rtol=1e-10)
        np.testing.assert_allclose(wb.to_frame()["se"], wa.to_frame()["se"], rtol=1e-9)


# --- joint covariances: contrasts and differences in differences ---------------------------------

def test_group_contrast_se_equals_direct_linearization():
    df = panel()
    r = pe.mpi(df, SPEC, k=0.5, by="g", time="year", design=DESIGN)
    c, p = _poor(df)
    t14 = (df["year"] == 2014).to_numpy(float)
    dA, dB = t14 * (df["g"] == "A").to_numpy(float), t14 * (df["g"] == "B").to_numpy(float)
    for measure, y, x in [("M0", p * c, np.ones(len(df))), ("H", p, np.ones(len(df))), ("A", p * c, p)]:
        thA, zA = _scores(df, y, x, dA)
        thB, zB = _scores(df, y, x, dB)
        got = pe.contrast(r.select(measure=measure, time=2014), group=("A", "B"))
        assert got.value == pytest.approx(thA - thB, rel=1e-12)
        assert got.se == pytest.approx(np.sqrt(_var_by_hand(df, zA - zB)), rel=1e-9)
        assert got.df == r.df


def test_did_se_equals_direct_linearization():
    df = panel()
    r = pe.mpi(df, SPEC, k=0.5, by="g", time="year", design=DESIGN)
    c, p = _poor(df)
    parts = {}
    for g in ("A", "B"):
        for t in (2014, 2019):
            dom = ((df["g"] == g) & (df["year"] == t)).to_numpy(float)
            parts[(g, t)] = _scores(df, p * c, np.ones(len(df)), dom)
    value = (parts[("A", 2019)][0] - parts[("A", 2014)][0]) - (parts[("B", 2019)][0] - parts[("B", 2014)][0])
    z = (parts[("A", 2019)][1] - parts[("A", 2014)][1]) - (parts[("B", 2019)][1] - parts[("B", 2014)][1])
    got = pe.did(r.select(measure="M0"), time=(2014, 2019), group=("A", "B"))
    assert got.value == pytest.approx(value, rel=1e-12)
    assert got.se == pytest.approx(np.sqrt(_var_by_hand(df, z)), rel=1e-9)


def test_contrast_se_equals_delta_method_on_inference_joint_cov():
    # the bootstrap covariance: the delta method on Inference.joint_cov of the two rows' replicates
    df = panel()
    for se, kw in (("linearized", {}), ("bootstrap", {"seed": 2, "replicates": 80})):
        r = pe.mpi(df, SPEC, k=0.5, by="g", time="year", design=DESIGN, se=se, **kw)
        inf = r._inf
        ests = {}
        for t in (0, 1):
            m = inf.measures((t, None))
            i = m.measure.index("M0")
            theta, z, reps = inf.estimate((t, None), m.take([i]))
            ests[t] = (theta[0], None if z is None else z[:, 0], None if reps is None else reps[:, 0])
        theta = np.array([ests[0][0], ests[1][0]])
        if se == "linearized":
            cov = inf.joint_cov(None, np.column_stack([ests[0][1], ests[1][1]]), None)
        else:
            cov = inf.joint_cov(theta, None, np.column_stack([ests[0][2], ests[1][2]]))
        g = np.array([-1.0, 1.0])
        got = pe.contrast(r.select(measure="M0", group="all"), time=(2019, 2014))
        assert got.value == pytest.approx(theta[1] - theta[0], rel=1e-12)
        assert got.se == pytest.approx(np.sqrt(g @ cov @ g), rel=1e-9)
        # a ratio: the delta method with the gradient of theta1 / theta0
        rat = pe.contrast(r.select(measure="M0", group="all"), time=(2019, 2014), ratio=True)
        gr = np.array([-theta[1] / theta[0] ** 2, 1 / theta[0]])
        assert rat.se == pytest.approx(np.sqrt(gr @ cov @ gr), rel=1e-9)


@pytest.mark.parametrize("se, kw", [("linearized", {}), ("bootstrap", {"seed": 9, "replicates": 60}),
                                    (None, {})])
def test_change_abs_equals_contrast_between_rounds(se, kw):
    df = panel()
    r = pe.mpi(df, SPEC, k=[0.25, 0.5], by="g", time="year", design=DESIGN, se=se, **kw)
    ch = r.change(2014, 2019, measures=("M0", "H", "A", "hdk")).to_frame()
    for measure in ("M0", "H", "A", "hdk"):
        c = pe.contrast(r.select(measure=measure), time=(2019, 2014)).to_frame()
        a = ch[(ch["measure"] == measure) & (ch["ctype"] == "abs")]
        keys = ["group", "indicator", "k"]
        m = a.merge(c, on=keys, suffixes=("", "_c"))
        assert len(m) == len(a) == len(c)
        np.testing.assert_allclose(m["value"], m["value_c"], rtol=1e-12)
        np.testing.assert_allclose(m["se"], m["se_c"], rtol=1e-9, equal_nan=True)
        np.testing.assert_allclose(m["ci_lower"], m["ci_lower_c"], rtol=1e-9, equal_nan=True)
    if se is not None:
        # changes keep their covariance with each other: the change of A minus the change of B is the DiD
        chg = r.change(2014, 2019, measures="M0").select(ctype="abs", k=0.5)
        d = pe.did(r.select(measure="M0", k=0.5), time=(2014, 2019), group=("A", "B"))
        gap = pe.contrast(chg, group=("A", "B"))
        assert gap.value == pytest.approx(d.value, rel=1e-10)
        assert gap.se == pytest.approx(d.se, rel=1e-9)


@needs_syn
def test_syn_cdta_contrast_between_rounds_matches_r_survey():
    # mpitb's synthetic survey: the change in M0 and H between its two rounds against R survey's
    # svycontrast (values and SEs in tests/test_mpi_estimate.py, R_OUT)
    data = pd.read_csv(SYN)
    des = pe.SurveyDesign(weights="weight", strata="stratum", psu="psu")
    res = pe.mpi(data, pe.global_mpi(), design=des, time="t", by="area", na="drop")
    m0 = pe.contrast(res.select(measure="M0", group="all"), time=(2, 1))
    assert m0.value == pytest.approx(-0.0484649307673363, rel=1e-10)
    assert m0.se == pytest.approx(0.00319612943471636, rel=1e-8)
    assert m0.df == 597
    h = pe.contrast(res.select(measure="H", group="all"), time=(2, 1))
    assert h.value == pytest.approx(-0.104395846838622, rel=1e-10)
    assert h.se == pytest.approx(0.00736149554131414, rel=1e-8)
    # and between the areas in round 1, and the difference in differences
    by_area = pe.contrast(res.select(measure="M0", time=1), group=(1, 0))
    assert by_area.value == pytest.approx(res.value("M0", group=1, time=1) - res.value("M0", group=0, time=1))
    assert by_area.se > 0
    d = pe.did(res.select(measure="M0"), time=(1, 2), group=(1, 0))
    ch = res.change(1, 2, measures="M0").to_frame()
    want = (ch.loc[(ch["group"] == 1) & (ch["ctype"] == "abs"), "value"].iloc[0]
            - ch.loc[(ch["group"] == 0) & (ch["ctype"] == "abs"), "value"].iloc[0])
    assert d.value == pytest.approx(want, rel=1e-10)


# --- renamed options --------------------------------------------------------------------------

def test_old_names_warn_and_give_the_same_answer():
    spec = pe.MPISpec(SPEC)
    with pytest.warns(DeprecationWarning, match="indicator_weights"):
        old = spec.weights
    np.testing.assert_array_equal(old, spec.indicator_weights)
    new = spec.with_indicator_weights({"x": 0.3, "y": 0.7})
    with pytest.warns(DeprecationWarning):
        via_old = spec.with_weights({"x": 0.3, "y": 0.7})
    with pytest.warns(DeprecationWarning):
        via_kw = spec.with_indicator_weights(weights={"x": 0.3, "y": 0.7})
    np.testing.assert_array_equal(via_old.indicator_weights, new.indicator_weights)
    np.testing.assert_array_equal(via_kw.indicator_weights, new.indicator_weights)
    with pytest.warns(DeprecationWarning, match="line"):
        a = pe.china_basic_needs(income_line=2300)
    assert a.to_dict() == pe.china_basic_needs(line=2300).to_dict()
    df = panel()
    df = df[df["year"] == 2014]
    sets = {"f": {"x": 0.3, "y": 0.7}}
    new = pe.mpi_weight_robustness(df, spec, indicator_weight_sets=sets, k=0.5, by="g")
    with pytest.warns(DeprecationWarning, match="indicator_weight_sets"):
        old = pe.mpi_weight_robustness(df, spec, weight_sets=sets, k=0.5, by="g")
    pd.testing.assert_frame_equal(old.m0, new.m0)
    pd.testing.assert_frame_equal(old.to_frame(), new.to_frame())


def test_k_curve_old_columns_warn():
    r = pe.mpi(panel(), SPEC, k=0.5)
    cur = r.k_curve()
    with pytest.warns(DeprecationWarning, match="wide"):
        h = cur["H"]
    np.testing.assert_array_equal(h.to_numpy(), cur.wide()["H"].to_numpy())
    assert cur.select(measure="M0", k=0.5).value == pytest.approx(r.value("M0"))
