"""pe.mpi: known answers, design-based SEs against R survey, missing values, changes, plots."""

import os
import shutil
import subprocess

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.errors import InputError

from conftest import reference_file  # noqa: E402

SYN = reference_file("syn_cdta.csv")
needs_syn = pytest.mark.skipif(not os.path.exists(SYN), reason="mpitb syn_cdta reference data not available")


# --- Alkire and Foster (2011), J. Public Econ. 95(7-8), 476-487, section 3 worked example -----------
AF_X = [[13.1, 14, 4, 1], [15.2, 7, 5, 0], [12.5, 10, 1, 0], [20, 11, 3, 1]]
AF_Z = (13, 12, 3, 1)


def af_data():
    return pd.DataFrame(AF_X, columns=["income", "years", "bmi", "health"])


def af_spec():
    return pe.MPISpec({c: {c: {"cutoff": z, "kind": "cardinal"}} for c, z in zip(af_data().columns, AF_Z)})


def test_alkire_foster_2011_worked_example():
    r = pe.mpi(af_data(), af_spec(), k=2 / 4)
    assert r.value("H") == pytest.approx(1 / 2)
    assert r.value("A") == pytest.approx(3 / 4)
    assert r.value("M0") == pytest.approx(3 / 8)
    assert r.value("M1") == pytest.approx(0.205529, abs=5e-7)
    assert r.value("M2") == pytest.approx(0.165457, abs=5e-7)
    # the paper's censored deprivation matrix: persons 2 and 3 are poor
    assert r.value("hdk", "income") == pytest.approx(1 / 4)
    assert r.value("hdk", "years") == pytest.approx(2 / 4)
    assert r.value("hd", "years") == pytest.approx(3 / 4)  # uncensored: person 4 too


def test_alkire_foster_union_and_intersection_by_hand():
    # deprivation matrix of the example: rows (0,0,0,0), (0,1,0,1), (1,1,1,1), (0,1,0,0)
    r = pe.mpi(af_data(), af_spec(), k=[1 / 4, 1])
    assert r.value("H", k=1 / 4) == pytest.approx(3 / 4)   # union
    assert r.value("M0", k=1 / 4) == pytest.approx(7 / 16)
    assert r.value("H", k=1) == pytest.approx(1 / 4)       # intersection
    assert r.value("M0", k=1) == pytest.approx(1 / 4)
    curve = r.k_curve().wide()
    np.testing.assert_allclose(curve["k"], [0.25, 0.5, 1.0])
    np.testing.assert_allclose(curve["M0"], [7 / 16, 3 / 8, 1 / 4])
    intensity = r.intensity(k=1 / 4)
    np.testing.assert_allclose(intensity["score"], [0.25, 0.5, 1.0])
    np.testing.assert_allclose(intensity["share"], [1 / 3, 1 / 3, 1 / 3])


def test_srs_se_of_headcount_closed_form():
    # With no design, H is a mean of 0/1 under simple random sampling: se = sqrt(H (1 - H) / (n - 1)).
    r = pe.mpi(af_data(), af_spec(), k=0.5)
    assert r.estimate("H").se == pytest.approx(np.sqrt(0.25 / 3))


def global_mpi_case():
    """Three households, hand-computed with the global MPI weights (1/6 and 1/18)."""
    from povecon.mpi.presets import GLOBAL_MPI_COLUMNS as C
    z = {v: [0, 0, 0] for v in C.values()}
    z["d_nutr"] = [1, 0, 0]
    z["d_educ"] = [0, 1, 0]
    z["d_satt"] = [0, 1, 0]
    for v in ("d_ckfl", "d_sani"):
        z[v] = [1, 1, 1]
    z["d_wtr"] = [1, 1, 0]
    for v in ("d_elct", "d_hsg", "d_asst"):
        z[v] = [0, 1, 0]
    df = pd.DataFrame(z)
    df["w"] = [1.0, 2.0, 1.0]
    return df


def test_global_mpi_hand_computed():
    # scores: hh1 = 1/6 + 3/18 = 1/3 (poor at k = 1/3, exactly on the cutoff), hh2 = 2/6 + 6/18 = 2/3,
    # hh3 = 2/18. Weights 1, 2, 1: H = 3/4, M0 = (1/3 + 2 * 2/3) / 4 = 5/12, A = 5/9.
    # pctb(nutrition) = (1/6)(1/4) / (5/12) = 10%, pctb(schooling) = (1/6)(2/4)/(5/12) = 20%,
    # pctb(cooking fuel) = (1/18)(3/4)/(5/12) = 10%, pctb(electricity) = (1/18)(2/4)/(5/12) = 20/3 %.
    r = pe.mpi(global_mpi_case(), pe.global_mpi(), weights="w")
    assert r.value("H") == pytest.approx(3 / 4)
    assert r.value("M0") == pytest.approx(5 / 12)
    assert r.value("A") == pytest.approx(5 / 9)
    assert r.value("pctb", "nutrition") == pytest.approx(10)
    assert r.value("pctb", "years_of_schooling") == pytest.approx(20)
    assert r.value("pctb", "cooking_fuel") == pytest.approx(10)
    assert r.value("pctb", "electricity") == pytest.approx(20 / 3)
    assert r.value("hd", "cooking_fuel") == pytest.approx(1)
    assert r.value("hdk", "cooking_fuel") == pytest.approx(3 / 4)
    assert r.value("actb", "nutrition") == pytest.approx(1 / 24)
    # mpitb writes k = 33: 1/3 >= 0.33, same poor; k just above 1/3 drops household 1
    assert pe.mpi(global_mpi_case(), pe.global_mpi(), k=33, weights="w").value("H") == pytest.approx(3 / 4)
    hi = pe.mpi(global_mpi_case(), pe.global_mpi(), k=0.34, weights="w")
    assert hi.value("H") == pytest.approx(1 / 2)
    assert hi.value("M0") == pytest.approx(1 / 3)


def test_frame_layout_and_estimate():
    r = pe.mpi(af_data(), af_spec(), k=[0.5, 0.75])
    f = r.to_frame()
    assert isinstance(r, pe.Result)
    assert list(f.columns) == ["measure", "group", "time", "indicator", "k", "value", "se", "ci_lower", "ci_upper",
                               "n"]
    assert set(f["measure"]) == {"hd", "H", "A", "M0", "M1", "M2", "hdk", "actb", "pctb"}
    assert f.loc[f["measure"] == "hd", "k"].isna().all()
    f.loc[0, "value"] = -1.0  # a copy: the result is unchanged
    assert r.to_frame().loc[0, "value"] != -1.0
    e = r.estimate("M0", k=0.5)
    assert float(e) == pytest.approx(3 / 8)
    lo, hi = e.ci()
    assert lo < 3 / 8 < hi
    with pytest.raises(InputError, match="several k"):
        r.value("M0")
    with pytest.raises(InputError, match="was not estimated"):
        r.value("M0", k=0.3)
    s = r.headline()
    assert list(s.columns[:2]) == ["H", "se_H"] and len(s) == 2
    assert isinstance(r.summary(), pe.Summary)


def test_ordinal_indicators_have_no_m1_m2():
    df = pd.DataFrame({"a": [1, 2, 3, 1], "b": [0, 1, 1, 0]})
    r = pe.mpi(df, {"x": {"a": {"cutoff": 2, "direction": "at_or_below"}}, "y": {"b": "b"}}, k=1)
    assert not {"M1", "M2"} & set(r.to_frame()["measure"])
    assert r.value("H") == pytest.approx(1 / 4)  # deprived in both (k = 1): only row 1 (a = 2 <= 2, b = 1)


def test_not_binary_column_is_an_error():
    df = pd.DataFrame({"a": [0, 1, 2], "b": [0, 1, 0]})
    with pytest.raises(InputError, match=r"'a' must hold 0/1.*\[2\.0\]"):
        pe.mpi(df, {"x": {"a": "a"}, "y": {"b": "b"}}, k=0.5)


def test_negative_cardinal_achievement_is_an_error():
    df = pd.DataFrame({"a": [-1.0, 5.0]})
    with pytest.raises(InputError, match="must be >= 0"):
        pe.mpi(df, {"x": {"a": {"cutoff": 2, "kind": "cardinal"}}}, k=1)


def test_string_column_is_an_error():
    df = pd.DataFrame({"a": ["no", "yes"]})
    with pytest.raises(InputError, match="numeric"):
        pe.mpi(df, {"x": {"a": "a"}}, k=1)


def test_missing_values_policy():
    df = pd.DataFrame({"a": [0, 1, np.nan, 1, 0], "b": [1, 1, 0, np.nan, 0], "g": ["u", "u", "v", "v", None]})
    spec = {"x": {"a": "a"}, "y": {"b": "b"}}
    before = df.copy()
    with pytest.raises(InputError, match="missing value"):
        pe.mpi(df, spec, k=0.5)
    r = pe.mpi(df, spec, k=0.5, na="drop", by="g")
    assert r.n_dropped == 3 and r.n == 2
    assert r.missing == {"a": 1, "b": 1, "g": 1}
    manual = pe.mpi(df.iloc[[0, 1]], spec, k=0.5, by="g")
    pd.testing.assert_frame_equal(r.to_frame(), manual.to_frame())
    pd.testing.assert_frame_equal(df, before)  # the caller's data are untouched


def test_bad_arguments():
    df = af_data()
    with pytest.raises(InputError, match="se must be"):
        pe.mpi(df, af_spec(), k=0.5, se="jackknife")
    with pytest.raises(InputError, match="seed"):
        pe.mpi(df, af_spec(), k=0.5, se="bootstrap")
    with pytest.raises(InputError, match="not both"):
        pe.mpi(df, af_spec(), k=0.5, weights=np.ones(4), design=pe.SurveyDesign())
    with pytest.raises(InputError, match="negative"):
        pe.mpi(df, af_spec(), k=0.5, weights=[1, -1, 1, 1])


def test_blocks_do_not_change_results():
    rng = np.random.default_rng(3)
    df = pd.DataFrame(rng.integers(0, 2, size=(500, 5)), columns=list("abcde"))
    df["g"] = rng.integers(0, 4, 500)
    df["psu"] = rng.integers(0, 40, 500)
    df["s"] = df["psu"] % 5
    spec = {"one": {"a": "a", "b": "b"}, "two": {"c": "c"}, "three": {"d": "d", "e": "e"}}
    des = pe.SurveyDesign(strata="s", psu="psu")
    a = pe.mpi(df, spec, k=[0.2, 0.5], by="g", design=des).to_frame()
    b = pe.mpi(df, spec, k=[0.2, 0.5], by="g", design=des, block_rows=37).to_frame()
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-15)


def _ratio_se_by_hand(y, x, w, strata, psu):
    """Textbook linearized SE of sum(w y) / sum(w x), with-replacement PSUs within strata."""
    X = (w * x).sum()
    theta = (w * y).sum() / X
    z = w * (y - theta * x) / X
    tot = pd.Series(z).groupby([strata, psu]).sum()
    var = 0.0
    for _, t in tot.groupby(level=0):
        nh = len(t)
        var += nh / (nh - 1) * ((t - t.mean()) ** 2).sum()
    return theta, np.sqrt(var)


def test_linearized_se_against_textbook_formula():
    rng = np.random.default_rng(11)
    n = 400
    df = pd.DataFrame(rng.binomial(1, 0.35, size=(n, 4)), columns=list("abcd"))
    df["s"] = rng.integers(0, 4, n)
    df["psu"] = df["s"] * 100 + rng.integers(0, 6, n)
    df["w"] = rng.uniform(0.5, 3, n)
    df["g"] = rng.integers(0, 3, n)
    r = pe.mpi(df, {"x": {"a": "a", "b": "b"}, "y": {"c": "c", "d": "d"}}, k=0.5, by="g",
               design=pe.SurveyDesign(weights="w", strata="s", psu="psu"))
    c = df[list("abcd")].to_numpy() @ np.full(4, 0.25)
    p = (c >= 0.5 - 1e-9).astype(float)
    w, s, u = df["w"].to_numpy(), df["s"].to_numpy(), df["psu"].to_numpy()
    for g in (0, 1, "all"):
        dom = np.ones(n) if g == "all" else (df["g"].to_numpy() == g).astype(float)
        for measure, y, x in [("M0", p * c * dom, dom), ("H", p * dom, dom), ("A", p * c * dom, p * dom),
                              ("hdk", p * df["a"].to_numpy() * dom, dom)]:
            th, se = _ratio_se_by_hand(y, x, w, s, u)
            e = r.estimate(measure, "a" if measure == "hdk" else None, group=g)
            assert e.value == pytest.approx(th, rel=1e-12)
            assert e.se == pytest.approx(se, rel=1e-9)
    # population share and the group's share of M0 are ratios across domains
    dom0 = (df["g"].to_numpy() == 0).astype(float)
    th, se = _ratio_se_by_hand(dom0, np.ones(n), w, s, u)
    assert r.estimate("popshare", group=0).se == pytest.approx(se, rel=1e-9)
    th, se = _ratio_se_by_hand(100 * p * c * dom0, p * c, w, s, u)
    e = r.estimate("grp_pctb", group=0)
    assert (e.value, e.se) == (pytest.approx(th), pytest.approx(se, rel=1e-9))


# --- mpitb's syn_cdta against R survey ------------------------------------------------------------
# Numbers from R 4.2 survey 4.1 (the script below; `Rscript` on it prints label, estimate, SE):
R_SCRIPT = r"""
library(survey)
d <- na.omit(read.csv(Sys.getenv("SYN_CDTA")))  # the file named by POVECON_REFERENCE_DATA
w6 <- c("d_nutr","d_cm","d_satt","d_educ"); w18 <- c("d_elct","d_sani","d_wtr","d_hsg","d_ckfl","d_asst")
d$c <- rowSums(d[,w6])/6 + rowSums(d[,w18])/18
d$poor <- as.numeric(d$c >= 1/3 - 1e-9); d$cens <- d$c * d$poor
d$hdk_nutr <- d$poor * d$d_nutr; d$ct_nutr <- d$poor * d$d_nutr / 6; d$ct_asst <- d$poor * d$d_asst / 18
d$t1 <- as.numeric(d$t == 1); d$a1t1 <- as.numeric(d$area == 1 & d$t == 1)
d$cens_t1 <- d$cens * d$t1; d$cens_a1t1 <- d$cens * d$a1t1
des <- svydesign(ids=~psu, strata=~stratum, weights=~weight, data=d, nest=TRUE)
p <- function(lbl, x) cat(sprintf("%s %.15g %.15g\n", lbl, coef(x), SE(x)))
for (tt in 1:2) {
  s <- subset(des, t == tt)
  p(paste0("M0_t", tt), svymean(~cens, s)); p(paste0("H_t", tt), svymean(~poor, s))
  p(paste0("A_t", tt), svyratio(~cens, ~poor, s)); p(paste0("hd_nutr_t", tt), svymean(~d_nutr, s))
  p(paste0("hdk_nutr_t", tt), svymean(~hdk_nutr, s))
  p(paste0("pctb_nutr_t", tt), svyratio(~I(100*ct_nutr), ~cens, s))
  p(paste0("pctb_asst_t", tt), svyratio(~I(100*ct_asst), ~cens, s))
}
s1 <- subset(des, t == 1 & area == 1)
p("M0_t1_area1", svymean(~cens, s1)); p("A_t1_area1", svyratio(~cens, ~poor, s1))
p("popshare_t1_area1", svyratio(~a1t1, ~t1, des))
p("grppctb_t1_area1", svyratio(~I(100*cens_a1t1), ~cens_t1, des))
b <- svyby(~cens, ~t, des, svymean, covmat=TRUE)
p("M0_abs_change", svycontrast(b, quote(`2` - `1`)))
p("M0_rel_change", svycontrast(b, quote(100*(`2` - `1`)/`1`)))
p("M0_annrel_change", svycontrast(b, quote(100*((`2`/`1`)^(1/8.5) - 1))))
bh <- svyby(~poor, ~t, des, svymean, covmat=TRUE)
p("H_abs_change", svycontrast(bh, quote(`2` - `1`)))
"""
R_OUT = {
    "M0_t1": (0.142416225749559, 0.002485917629852),
    "H_t1": (0.335216572504708, 0.00554180862575247),
    "A_t1": (0.424848403780988, 0.00185974916099188),
    "hd_nutr_t1": (0.252354048964218, 0.00537902331746788),
    "hdk_nutr_t1": (0.167877320419693, 0.00438826058540021),
    "pctb_nutr_t1": (19.6463241853387, 0.376279863395212),
    "pctb_asst_t1": (4.85385947420895, 0.126662606418526),
    "M0_t2": (0.0939512949822228, 0.00195460667124961),
    "H_t2": (0.230820725666086, 0.00473817304766535),
    "A_t2": (0.407031451405001, 0.00193457348115624),
    "hd_nutr_t2": (0.208595528183157, 0.00465644645530949),
    "hdk_nutr_t2": (0.114071495514794, 0.00363602662188893),
    "pctb_nutr_t2": (20.2359274800095, 0.476445111309468),
    "pctb_asst_t2": (3.88726149948539, 0.152620012201089),
    "M0_t1_area1": (0.141346105872374, 0.00312085113121484),
    "A_t1_area1": (0.427106889793457, 0.00235118822531029),
    "popshare_t1_area1": (0.599139090664514, 0.00577801232463396),
    "grppctb_t1_area1": (59.4637141207955, 0.998581822668049),
    "M0_abs_change": (-0.0484649307673363, 0.00319612943471636),
    "M0_rel_change": (-34.0304838948355, 1.81095580938122),
    "M0_annrel_change": (-4.77603292859816, 0.307533123392357),
    "H_abs_change": (-0.104395846838622, 0.00736149554131414),
}
SYN_DESIGN = pe.SurveyDesign(weights="weight", strata="stratum", psu="psu")


@pytest.fixture(scope="module")
def syn_result():
    if not os.path.exists(SYN):
        pytest.skip("mpitb syn_cdta reference data not available")
    data = pd.read_csv(SYN)
    return data, pe.mpi(data, pe.global_mpi(), design=SYN_DESIGN, time="t", by="area", na="drop")


def _ours(res, key):
    ch = res.change(1, 2, years=8.5, measures=("M0", "H")).to_frame()
    ch = ch[ch["group"] == "all"]
    table = {
        "M0_t1_area1": res.estimate("M0", group=1, time=1), "A_t1_area1": res.estimate("A", group=1, time=1),
        "popshare_t1_area1": res.estimate("popshare", group=1, time=1),
        "grppctb_t1_area1": res.estimate("grp_pctb", group=1, time=1),
    }
    for ctype, name in [("abs", "M0_abs_change"), ("rel", "M0_rel_change"), ("ann_rel", "M0_annrel_change")]:
        row = ch[(ch["measure"] == "M0") & (ch["ctype"] == ctype)].iloc[0]
        table[name] = (row["value"], row["se"])
    row = ch[(ch["measure"] == "H") & (ch["ctype"] == "abs")].iloc[0]
    table["H_abs_change"] = (row["value"], row["se"])
    if key in table:
        v = table[key]
        return (v.value, v.se) if hasattr(v, "se") else v
    name, t = key.rsplit("_t", 1)
    parts = name.split("_")
    measure, ind = parts[0], {"nutr": "nutrition", "asst": "assets"}.get(parts[-1]) if len(parts) > 1 else None
    e = res.estimate(measure, ind, time=int(t))
    return e.value, e.se


@needs_syn
@pytest.mark.parametrize("key", sorted(R_OUT))
def test_syn_cdta_against_r_survey(syn_result, key):
    data, res = syn_result
    value, se = _ours(res, key)
    assert value == pytest.approx(R_OUT[key][0], rel=1e-10)
    assert se == pytest.approx(R_OUT[key][1], rel=1e-8)


@needs_syn
def test_syn_cdta_missing_values_counted(syn_result):
    data, res = syn_result
    # mpitb's examples run na.omit first: 82 rows miss d_nutr, 37 d_satt, 97 rows in all
    assert res.n_dropped == 97 and res.missing["d_nutr"] == 82 and res.missing["d_satt"] == 37
    assert res.df == 597  # R: degf(des)


@needs_syn
@pytest.mark.r
@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript not on PATH")
def test_r_script_reproduces_fixture(tmp_path):
    script = tmp_path / "check.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    env = {**os.environ, "SYN_CDTA": SYN}
    out = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, check=True, timeout=120,
                         env=env).stdout
    got = {line.split()[0]: tuple(map(float, line.split()[1:])) for line in out.strip().splitlines()}
    for key, (v, se) in R_OUT.items():
        assert got[key][0] == pytest.approx(v, rel=1e-12) and got[key][1] == pytest.approx(se, rel=1e-12)


@needs_syn
def test_bootstrap_close_to_linearized_and_reproducible(syn_result):
    data, lin = syn_result
    a = pe.mpi(data, pe.global_mpi(), design=SYN_DESIGN, time="t", na="drop", se="bootstrap", seed=5,
               replicates=200)
    b = pe.mpi(data, pe.global_mpi(), design=SYN_DESIGN, time="t", na="drop", se="bootstrap", seed=5,
               replicates=200)
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    for m in ("M0", "H", "A"):
        for t in (1, 2):
            ratio = a.estimate(m, time=t).se / lin.estimate(m, time=t).se
            assert 0.75 < ratio < 1.25, (m, t, ratio)
    ch = a.change(1, 2, years=8.5, measures="M0").to_frame()
    se = ch.loc[ch["ctype"] == "abs", "se"].iloc[0]
    assert 0.75 < se / R_OUT["M0_abs_change"][1] < 1.25


def test_change_without_numeric_labels_omits_annualized():
    df = pd.DataFrame({"a": [1, 0, 1, 1, 0, 0], "r": ["before"] * 3 + ["after"] * 3})
    r = pe.mpi(df, {"x": {"a": "a"}}, k=1, time="r")
    ch = r.change("before", "after").to_frame()
    assert set(ch["ctype"]) == {"abs", "rel"}
    row = ch[ch["ctype"] == "abs"].iloc[0]
    assert row["value"] == pytest.approx(r.value("M0", time="after") - r.value("M0", time="before"))
    ch = r.change("before", "after", years=2).to_frame()
    ann = ch[(ch["measure"] == "M0") & (ch["ctype"] == "ann_rel")].iloc[0]
    assert ann["value"] == pytest.approx(100 * ((1 / 3) / (2 / 3)) ** 0.5 - 100)
    with pytest.raises(InputError, match="unknown time"):
        r.change("before", "later")


def test_plots_return_figures():
    from matplotlib.figure import Figure

    df = global_mpi_case()
    df = pd.concat([df, df.assign(d_nutr=0)], ignore_index=True)
    df["g"] = ["a"] * 3 + ["b"] * 3
    r = pe.mpi(df, pe.global_mpi(), by="g", weights="w")
    for kind in ("contributions", "kcurve", "groups"):
        fig = r.plot(kind)
        assert isinstance(fig, Figure) and fig.axes
    bars = r.plot("contributions").axes[0].patches
    assert len(bars) == 10 * 3  # ten indicators stacked for groups a, b and all
    with pytest.raises(InputError, match="kind must be"):
        r.plot("pie")
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.mark.parametrize("lonely", ["certainty", "center"])
@pytest.mark.parametrize("with_fpc", [False, True])
def test_variance_kernel_equals_survey_linearized_cov(lonely, with_fpc):
    # the diagonal-only kernel used for per-domain SEs must agree with the shared survey machinery
    from povecon.mpi.result import ultimate_cluster_var

    rng = np.random.default_rng(7)
    n = 250
    df = pd.DataFrame({"s": rng.integers(0, 5, n), "p": rng.integers(0, 4, n), "w": rng.uniform(1, 3, n)})
    df.loc[df["s"] == 4, "p"] = 0  # stratum 4 has a single PSU
    df["f"] = df["s"].map({0: 10, 1: 20, 2: 8, 3: 30, 4: 9})
    des = pe.SurveyDesign(weights="w", strata="s", psu="p", fpc="f" if with_fpc else None, lonely_psu=lonely)
    rd = des.resolve(df, n)
    z = rng.normal(size=(n, 5))
    np.testing.assert_allclose(ultimate_cluster_var(rd, z), np.diag(rd.linearized_cov(z)), rtol=1e-12)
    with pytest.raises(InputError, match="single PSU"):
        ultimate_cluster_var(pe.SurveyDesign(weights="w", strata="s", psu="p").resolve(df, n), z)


def test_replicate_weight_designs_are_refused_not_ignored():
    df = af_data()
    des = pe.SurveyDesign(replicate=np.ones((4, 3)))
    with pytest.raises(InputError, match="replicate-weight"):
        pe.mpi(df, af_spec(), k=0.5, design=des)


def test_too_many_cells_for_standard_errors(monkeypatch):
    from povecon.mpi import estimate as est

    monkeypatch.setattr(est, "MAX_CELL_TOTALS", 10)
    with pytest.raises(InputError, match="psu="):
        pe.mpi(af_data(), af_spec(), k=0.5)
    assert pe.mpi(af_data(), af_spec(), k=0.5, se=None).value("M0") == pytest.approx(3 / 8)


def test_groups_and_rounds_together():
    rng = np.random.default_rng(4)
    n = 300
    df = pd.DataFrame(rng.binomial(1, 0.4, size=(n, 3)), columns=list("abc"))
    df["g"] = rng.choice(["north", "south"], n)
    df["year"] = rng.choice([2015, 2020], n)
    spec = {"x": {"a": "a"}, "y": {"b": "b", "c": "c"}}
    r = pe.mpi(df, spec, k=[0.3, 0.6], by="g", time="year")
    for year in (2015, 2020):
        alone = pe.mpi(df[df["year"] == year], spec, k=[0.3, 0.6], by="g")
        for g in ("north", "south", "all"):
            for k in (0.3, 0.6):
                assert r.value("M0", k=k, group=g, time=year) == pytest.approx(alone.value("M0", k=k, group=g))
    ch = r.change(2015, 2020, measures=["M0"]).to_frame()
    assert set(ch["group"]) == {"north", "south", "all"}
    assert set(ch["ctype"]) == {"abs", "rel", "ann_abs", "ann_rel"}
    row = ch[(ch["group"] == "north") & (ch["ctype"] == "ann_abs") & np.isclose(ch["k"], 0.3)].iloc[0]
    want = (r.value("M0", k=0.3, group="north", time=2020) - r.value("M0", k=0.3, group="north", time=2015)) / 5
    assert row["value"] == pytest.approx(want)
    # independent rounds (no shared PSUs): the SE of the difference is sqrt(se0^2 + se1^2)
    se0 = r.estimate("M0", k=0.3, group="north", time=2015).se
    se1 = r.estimate("M0", k=0.3, group="north", time=2020).se
    absrow = ch[(ch["group"] == "north") & (ch["ctype"] == "abs") & np.isclose(ch["k"], 0.3)].iloc[0]
    assert absrow["se"] == pytest.approx(np.hypot(se0, se1), rel=1e-9)
    assert not r.k_curve(group="south", time=2020).wide().empty
    with pytest.raises(InputError, match="time="):
        r.value("M0", k=0.3)


def test_no_poor_and_no_se():
    df = pd.DataFrame({"a": [0, 0, 1], "b": [0, 0, 0]})
    r = pe.mpi(df, {"x": {"a": "a"}, "y": {"b": "b"}}, k=[0.5, 1], se=None)
    s = r.headline()
    assert s.loc[("all", 1.0), "H"] == 0 and np.isnan(s.loc[("all", 1.0), "A"])
    assert s["se_M0"].isna().all()
    f = r.to_frame()
    assert f.loc[(f["measure"] == "pctb") & (f["k"] == 1.0), "value"].isna().all()  # 0/0 is not a number


def test_by_must_be_a_column_name():
    with pytest.raises(InputError, match="column name"):
        pe.mpi(af_data(), af_spec(), k=0.5, by=[1, 1, 2, 2])
    with pytest.raises(InputError, match="unknown column"):
        pe.mpi(af_data(), af_spec(), k=0.5, by="region")


@pytest.mark.parametrize("direction, deprived", [("below", [1, 0, 0]), ("at_or_below", [1, 1, 0]),
                                                 ("above", [0, 0, 1]), ("at_or_above", [0, 1, 1])])
def test_deprivation_directions(direction, deprived):
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0]})
    r = pe.mpi(df, {"d": {"x": {"cutoff": 2, "direction": direction}}}, k=1, se=None)
    assert r.value("H") == pytest.approx(np.mean(deprived))
