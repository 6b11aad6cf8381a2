"""Calibration of design weights (linear GREG and raking) and calibration-aware variances.

Known answers are R ``survey`` 4.1.1 (``calibrate``, ``rake``, ``svymean``, ``svytotal``,
``svyratio``, ``svyby``) on

* a small SIMULATED stratified cluster sample built by ``_sim()`` below (arithmetic, no
  random generator, so it is the same everywhere), always run;
* R survey's ``apiclus1`` (the cluster sample of its own calibration examples), run when
  the file is available (``conftest.reference_file``).

Means come from ``pe.fgt``: with a line ``z`` above every value, FGT(1) is
``1 - mean(y) / z``, so ``mean = z (1 - FGT1)`` and ``SE(mean) = z SE(FGT1)``. Totals and
the ratio are computed from the resolved design in the test: ``sum w y`` and
``psu_level().linearized_cov(psu_totals(u))``, the same path every estimator takes.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import povecon as pe
from povecon.errors import EstimationError, InputError

from conftest import reference_file


def _sim() -> pd.DataFrame:
    """SIMULATED: 120 rows, 4 strata of 5 PSUs of 6 rows."""
    i = np.arange(120)
    psu = i // 6
    st_ = psu % 4
    return pd.DataFrame({
        "st": st_, "psu": psu,
        "w": 40.0 + (i * 13 % 17) * 5.0 + st_ * 10.0,
        "sex": np.where((i * 7 + psu) % 3 == 0, "m", "f"),
        "region": np.array(["north", "south", "west"])[(i * 5 + st_) % 3],
        "age": 20.0 + (i * 29 % 53),
        "income": 700.0 + (i * 37 % 101) * 31.0 + (psu % 5) * 150.0 + ((i * 7 + psu) % 3 == 0) * 400.0,
    })


SIM = _sim()
SIM_TOTALS = {"(Intercept)": 12000, "sex": {"f": 7000, "m": 5000},
              "region": {"north": 4500, "south": 3800, "west": 3700}, "age": 564000}

# R survey 4.1.1 on _sim() written to sim.csv:
#   library(survey); options(digits = 15)
#   sim <- read.csv("sim.csv")
#   d <- svydesign(id = ~psu, strata = ~st, weights = ~w, data = sim, nest = TRUE)
#   pop <- c(`(Intercept)` = 12000, sexm = 5000, regionsouth = 3800, regionwest = 3700, age = 564000)
#   lin <- calibrate(d, ~sex + region + age, pop)
#   bnd <- calibrate(d, ~sex + region + age, pop, bounds = c(0.75, 1.4))
#   rak <- calibrate(d, ~sex + region + age, pop, calfun = "raking", epsilon = 1e-12)
#   for each: weights(.)[c(1, 2, 60, 120)], sum(weights(.)); svymean(~income, .);
#   svymean(~I(income < 2000), .); svytotal(~income, .); svytotal(~age, .);
#   svyby(~I(income < 2000), ~region, ., svymean)
R_SIM = {
    "lin": dict(kw={}, weights=[56.7162864693159, 87.0873827690206, 45.1308974851152, 80.100004426296],
                mean=(2719.10989158004, 75.4664269038804), headcount=(0.268944919617799, 0.0357645482761954),
                total_income=(32629318.6989605, 905597.122846566),
                by_region=([0.280238038294518, 0.232397608037885, 0.292745122309269],
                           [0.0960104835601912, 0.07893341166995, 0.0768517553019994])),
    "bnd": dict(kw={"bounds": (0.75, 1.4)}, weights=[56.0, 78.75, 45.0, 77.3394037571169],
                mean=(2714.93721351707, 75.9778807534009), headcount=(0.268452345024905, 0.0351719612688306),
                total_income=(32579246.5622048, 911734.569040812),
                by_region=([0.291527108109631, 0.224592208999952, 0.285433989082624],
                           [0.0993099778390351, 0.0762947914551874, 0.0768954640893887])),
    "rak": dict(kw={"method": "raking"}, weights=[56.4790508124779, 88.0908995572567, 46.9264057951092,
                                                  77.6625957628066],
                mean=(2717.75377193972, 74.0200329955643), headcount=(0.268260866676799, 0.0353046978959642),
                total_income=(32613045.2632766, 888240.395946772),
                by_region=([0.277080726052322, 0.234424404044397, 0.292284972302007],
                           [0.0951699005638802, 0.0791436030347472, 0.0765940584802746])),
}
RTOL = 1e-6


def _total(design, data, col):
    rd = design.resolve(data, len(data))
    y = data[col].to_numpy(float)
    return rd.weights @ y, float(np.sqrt(rd.psu_level().linearized_cov(rd.psu_totals(y))[0, 0]))


def _mean(data, col, design, line, **kw):
    f = pe.fgt(data, col, line=line, alpha=1, design=design, **kw)
    return line * (1 - f.value), line * f.se


@pytest.mark.parametrize("name", sorted(R_SIM))
def test_simulated_sample_matches_r_survey(name):
    ref = R_SIM[name]
    d = pe.calibrate(pe.SurveyDesign(weights="w", strata="st", psu="psu"), SIM_TOTALS, **ref["kw"])
    rd = d.resolve(SIM, len(SIM))
    np.testing.assert_allclose(rd.weights[[0, 1, 59, 119]], ref["weights"], rtol=RTOL)
    assert rd.weights.sum() == pytest.approx(12000, rel=1e-9)
    np.testing.assert_allclose(_mean(SIM, "income", d, 10000.0), ref["mean"], rtol=RTOL)
    h = pe.headcount(SIM, "income", line=2000, design=d)
    np.testing.assert_allclose((h.value, h.se), ref["headcount"], rtol=RTOL)
    assert h.df == 16  # 20 PSUs - 4 strata, as R degf()
    np.testing.assert_allclose(_total(d, SIM, "income"), ref["total_income"], rtol=RTOL)
    by = pe.headcount(SIM, "income", line=2000, design=d, by="region").to_frame()
    np.testing.assert_allclose(by["value"], ref["by_region"][0], rtol=RTOL)
    np.testing.assert_allclose(by["se"], ref["by_region"][1], rtol=RTOL)
    if name == "bnd":  # the bounds bind, as in R (range of g: 0.75, 1.4)
        g = rd.weights / SIM["w"].to_numpy()
        assert g.min() == pytest.approx(0.75) and g.max() == pytest.approx(1.4)


# R survey 4.1.1, its own calibration examples on the California schools cluster sample:
#   library(survey); data(api); options(digits = 15)
#   dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
#   pop.totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018)
#   g1 <- calibrate(dclus1, ~stype, pop.totals)
#   g2 <- calibrate(dclus1, ~stype + api99, c(pop.totals, api99 = 3914069))
#   pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
#   pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
#   r1 <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),
#              control = list(maxit = 100, epsilon = 1e-12))
#   (calibrate(dclus1, ~stype + sch.wide, c(pop.totals, sch.wideYes = 5122), calfun = "raking")
#    gives the same weights and SEs to 1e-12)
#   for each: weights(.)[c(1, 50, 100, 183)]; svymean(~api00, .); svymean(~I(api00 < 700), .);
#   svytotal(~enroll, .); svytotal(~api00, .); svyratio(~api.stu, ~enroll, .)
#   jk <- as.svrepdesign(dclus1, type = "JK1", mse = TRUE)   # scale 14/15 * (1 - 15/757)
#   jkg <- calibrate(jk, ~stype, pop.totals)
#   jkr <- calibrate(jk, ~stype + sch.wide, c(pop.totals, sch.wideYes = 5122), calfun = "raking")
#   svymean(~api00, .); svymean(~I(api00 < 700), .)
API_STYPE = {"stype": {"E": 4421, "H": 755, "M": 1018}}
API_WIDE = {"sch.wide": {"No": 1072, "Yes": 5122}}
R_API = {
    "g1": dict(totals=API_STYPE, method="linear",
               weights=[53.9285714285714, 30.7013888888889, 53.9285714285714, 30.7013888888889],
               mean=(642.310788211582, 23.9204864450904), lt700=(0.663027462572587, 0.0824479219179243),
               enroll=(3680892.94511905, 406292.636294802), api00=(3978473.02218254, 148163.49304089),
               ratio=(0.847989789518013, 0.00718825862540332), jk_mean=(642.310788211582, 26.9357276764246),
               jk_lt700=(0.663027462572587, 0.0920041407843622)),
    "g2": dict(totals={**API_STYPE, "api99": 3914069}, method="linear",
               weights=[51.6327425948848, 33.4394404022281, 53.7437377512831, 39.2276529278364],
               mean=(665.30907116578, 3.44175311640481), lt700=(0.583347773459557, 0.0308103523897168),
               enroll=(3638487.20413188, 385524.427352479), api00=(4120924.38680084, 21318.2188030115),
               ratio=(0.848827380422162, 0.00736985824056277)),
    "r1": dict(totals={**API_STYPE, **API_WIDE}, method="raking",
               weights=[50.3294011160392, 29.8706754926847, 67.1255292411947, 29.8706754926847],
               mean=(641.23032092682, 23.7036168879225), lt700=(0.671064784699783, 0.079227516837653),
               enroll=(3647280.14806521, 400603.25686197), api00=(3971780.60782072, 146820.203003792),
               ratio=(0.848231571735981, 0.00723252550995402), jk_mean=(641.23032092682, 26.8744422179427),
               jk_lt700=(0.671064784699782, 0.0889516294831151)),
}


@pytest.fixture(scope="module")
def apiclus1():
    path = reference_file("apiclus1.csv")
    if not os.path.exists(path):
        pytest.skip(f"{path} not available (R survey's apiclus1)")
    return pd.read_csv(path)


@pytest.mark.parametrize("name", sorted(R_API))
def test_api_cluster_sample_matches_r_survey(apiclus1, name):
    ref = R_API[name]
    df = apiclus1
    d = pe.calibrate(pe.SurveyDesign(weights="pw", psu="dnum", fpc="fpc"), ref["totals"], method=ref["method"])
    rd = d.resolve(df, len(df))
    np.testing.assert_allclose(rd.weights[[0, 49, 99, 182]], ref["weights"], rtol=RTOL)
    assert rd.weights.sum() == pytest.approx(6194, rel=1e-9)
    np.testing.assert_allclose(_mean(df, "api00", d, 1000.0), ref["mean"], rtol=RTOL)
    h = pe.headcount(df, "api00", line=700, design=d)
    np.testing.assert_allclose((h.value, h.se), ref["lt700"], rtol=RTOL)
    assert h.df == 14
    np.testing.assert_allclose(_total(d, df, "enroll"), ref["enroll"], rtol=RTOL)
    np.testing.assert_allclose(_total(d, df, "api00"), ref["api00"], rtol=RTOL)
    y, x = df["api.stu"].to_numpy(float), df["enroll"].to_numpy(float)
    w = rd.weights
    ratio = (w @ y) / (w @ x)
    se = float(np.sqrt(rd.psu_level().linearized_cov(rd.psu_totals((y - ratio * x) / (w @ x)))[0, 0]))
    np.testing.assert_allclose((ratio, se), ref["ratio"], rtol=RTOL)


@pytest.mark.parametrize("name", ["g1", "r1"])
def test_api_replicate_weights_are_calibrated_replicate_by_replicate(apiclus1, name):
    ref = R_API[name]
    df = apiclus1
    # JK1: replicate r drops cluster r and multiplies the others by 15/14 (R as.svrepdesign "JK1")
    codes = pd.factorize(df["dnum"], sort=True)[0]
    W = df["pw"].to_numpy()[:, None] * np.where(codes[:, None] == np.arange(15)[None, :], 0.0, 15 / 14)
    d = pe.SurveyDesign(weights="pw", replicate=W, replicate_scale=14 / 15 * (1 - 15 / 757),
                        calibrate=pe.Calibration(ref["totals"], ref["method"]))
    np.testing.assert_allclose(_mean(df, "api00", d, 1000.0, se="replicate"), ref["jk_mean"], rtol=RTOL)
    h = pe.headcount(df, "api00", line=700, design=d, se="replicate")
    np.testing.assert_allclose((h.value, h.se), ref["jk_lt700"], rtol=RTOL)


# --- properties ------------------------------------------------------------------------

def _design(**kw):
    return pe.SurveyDesign(weights="w", strata="st", psu="psu", **kw)


@given(scale=st.floats(0.5, 2.0), shift=st.floats(-0.1, 0.1), method=st.sampled_from(["linear", "raking"]))
def test_calibrated_weights_reproduce_the_totals(scale, shift, method):
    totals = {"sex": {"f": 7000 * scale, "m": 5000 * scale * (1 + shift)},
              "region": {"north": 4500 * scale, "south": 3800 * scale, "west": 3700 * scale + 5000 * scale * shift},
              "age": 564000 * scale}
    w = pe.calibrate(SIM, totals, method=method, weights="w", bounds=(0, np.inf) if method == "linear" else None)
    for col in ("sex", "region"):
        got = w.groupby(SIM[col]).sum()
        for cat, t in totals[col].items():
            assert got[cat] == pytest.approx(t, rel=1e-9)
    assert w @ SIM["age"] == pytest.approx(totals["age"], rel=1e-9)


def test_raking_by_proportional_fitting_equals_newton_raking():
    margins = {"sex": SIM_TOTALS["sex"], "region": SIM_TOTALS["region"]}
    ipf = pe.calibrate(SIM, margins, method="raking", weights="w")  # categorical margins only: IPF
    newton = pe.calibrate(SIM, {"(Intercept)": 12000, **margins}, method="raking", weights="w")
    np.testing.assert_allclose(ipf, newton, rtol=1e-8)


@pytest.mark.parametrize("method", ["linear", "raking"])
def test_standard_errors_ignore_a_common_scale_of_weights_and_totals(method):
    def run(k, se="linearized", **kw):
        df = SIM.assign(w=SIM["w"] * k)
        tot = {"sex": {c: v * k for c, v in SIM_TOTALS["sex"].items()}, "age": SIM_TOTALS["age"] * k}
        d = pe.calibrate(_design(), tot, method=method)
        f = pe.fgt(df, "income", line=2000, alpha=[0, 1], design=d, by="region", se=se, **kw).to_frame()
        return f[["value", "se"]].to_numpy(), _total(d, df, "income")
    (a, ta), (b, tb) = run(1.0), run(100.0)
    np.testing.assert_allclose(b, a, rtol=1e-9)
    np.testing.assert_allclose(tb, np.array(ta) * 100, rtol=1e-9)  # totals and their SEs scale with N
    # weights x100 with the same totals: the same calibrated weights
    d = pe.calibrate(_design(), SIM_TOTALS, method=method)
    r1 = pe.headcount(SIM, "income", line=2000, design=d)
    r100 = pe.headcount(SIM.assign(w=SIM["w"] * 100), "income", line=2000, design=d)
    assert (r100.value, r100.se) == pytest.approx((r1.value, r1.se), rel=1e-9)
    boot = [run(k, se="bootstrap", seed=5, replicates=40)[0] for k in (1.0, 100.0)]
    np.testing.assert_allclose(boot[1], boot[0], rtol=1e-8)


@pytest.mark.parametrize("method", ["linear", "raking"])
@pytest.mark.parametrize("se", ["linearized", "bootstrap", "replicate"])
def test_a_calibration_variable_has_no_sampling_error(method, se):
    # the classic check: calibrated on N and the total of age, the mean of age is known exactly
    W = SIM["w"].to_numpy()[:, None] * (1 + 0.3 * np.sin(np.arange(120)[:, None] * (1 + np.arange(8))[None, :]))
    d = _design(replicate=W, calibrate=pe.Calibration({"(Intercept)": 12000, "age": 564000}, method))
    kw = {"seed": 1, "replicates": 30} if se == "bootstrap" else {}
    mean, sd = _mean(SIM, "age", d, 1000.0, se=se, **kw)
    assert mean == pytest.approx(47.0, rel=1e-9)
    assert sd < 1e-9
    tot, tse = _total(d, SIM, "age")
    assert tot == pytest.approx(564000, rel=1e-9) and tse < 1e-6
    # and a variable that is not calibrated keeps a sampling error
    assert _mean(SIM, "income", d, 10000.0, se=se, **kw)[1] > 1


def test_bootstrap_replicates_are_recalibrated():
    d = pe.calibrate(_design(), SIM_TOTALS, method="raking")
    rd = d.resolve(SIM, len(SIM))
    W = rd.bootstrap_weights(20, seed=3)
    np.testing.assert_allclose(W.sum(axis=0), 12000, rtol=1e-9)
    np.testing.assert_allclose(SIM["age"].to_numpy() @ W, 564000, rtol=1e-9)
    # and the uncalibrated design's replicates are the same resampling of the design weights
    W0 = _design().resolve(SIM, len(SIM)).bootstrap_weights(20, seed=3)
    assert ((W > 0) == (W0 > 0)).all()


def test_calibrating_on_a_proxy_of_the_outcome_lowers_its_standard_error():
    # a regression estimator: the residual of income on a close proxy varies little
    df = SIM.assign(proxy=(SIM["income"] / 500).round() * 500)
    total = float(df["w"] @ df["proxy"]) * 1.02
    plain = _mean(df, "income", _design(), 10000.0)
    cal = _mean(df, "income", pe.calibrate(_design(), {"(Intercept)": 12000, "proxy": total}), 10000.0)
    assert cal[1] < 0.2 * plain[1]


def test_missing_rows_are_dropped_before_calibration():
    df = SIM.assign(income=SIM["income"].where(np.arange(120) % 10 != 3))
    d = pe.calibrate(_design(), SIM_TOTALS)
    r = pe.headcount(df, "income", line=2000, design=d, na="drop")
    kept = df[df["income"].notna()].reset_index(drop=True)
    ref = pe.headcount(kept, "income", line=2000, design=d)
    assert (r.value, r.se) == pytest.approx((ref.value, ref.se), rel=1e-12)
    assert r.n_dropped == 12


# --- errors ------------------------------------------------------------------------------

def test_unknown_column_raises():
    with pytest.raises(InputError, match="nope"):
        pe.headcount(SIM, "income", line=2000, design=pe.calibrate(_design(), {"nope": 3}))


def test_category_in_the_data_but_not_in_the_totals_raises():
    with pytest.raises(InputError, match="'west'.*not in its totals"):
        pe.calibrate(SIM, {"region": {"north": 4500, "south": 7500}}, weights="w")


def test_category_with_a_total_but_no_observation_raises():
    with pytest.raises(InputError, match="'east'.*no observation"):
        pe.calibrate(SIM, {"region": {**SIM_TOTALS["region"], "east": 10}}, weights="w")


def test_inconsistent_margins_do_not_converge():
    bad = {"sex": {"f": 7000, "m": 5000}, "region": {"north": 4500, "south": 3800, "west": 4700}}
    with pytest.raises(EstimationError, match="cannot meet the totals"):
        pe.calibrate(SIM, bad, method="raking", weights="w", max_iter=200)
    with pytest.raises(EstimationError, match="cannot meet"):
        pe.calibrate(SIM, bad, method="linear", weights="w")


def test_negative_linear_weights_raise_and_bounds_are_enforced():
    far = {"(Intercept)": 12000, "age": 12000 * 70.0}  # a mean age of 70 in a sample of mean 45
    with pytest.raises(EstimationError, match="negative weight.*bounds"):
        pe.calibrate(SIM, far, weights="w")
    with pytest.raises(EstimationError, match="bounds|converge"):
        pe.calibrate(SIM, far, weights="w", bounds=(0.5, 2.0))
    with pytest.raises(EstimationError, match="bounds"):
        pe.calibrate(SIM, SIM_TOTALS, method="raking", weights="w", bounds=(0.9, 1.1))


def test_invalid_specifications_raise():
    for kw in ({"method": "logit"}, {"bounds": (1.2, 2)}, {"bounds": "wide"}, {"max_iter": 0}):
        with pytest.raises(InputError):
            pe.calibrate(SIM, SIM_TOTALS, weights="w", **kw)
    with pytest.raises(InputError, match="must be a number"):
        pe.calibrate(SIM, {"age": "many"}, weights="w")
    with pytest.raises(InputError, match="Calibration"):
        pe.headcount(SIM, "income", line=2000, design=_design(calibrate={"age": 1}))
    with pytest.raises(InputError, match="calibrated designs"):
        pe.mpi(SIM.assign(d1=SIM["age"] > 50, d2=SIM["income"] < 2000), pe.MPISpec({"a": {"d1": {}, "d2": {}}}),
               k=0.5, design=pe.calibrate(_design(), SIM_TOTALS))
