"""MPI measures OPHI publishes next to H, A and M0 (issue 13 item 6).

* ``vuln`` (vulnerable: score in [20%, k)), ``sev`` (severe: score >= 50%), ``ineq`` (OPHI's
  inequality among the poor: the weighted variance of the scores of the poor), and the
  destitution measures ``dst_H``, ``dst_A``, ``dst_M0``, ``dst_share`` of ``pe.mpi``;
* ``pe.mpi_association``: Cramer's V and the redundancy R0 of every pair of indicators.

Known answers are brute force written here (pandas groupby / explicit tables, not the
estimator's cell totals); standard errors are checked against a direct linearization written
here, against the bootstrap, and against R survey 4.1.1 (R 4.2.2) on mpitb's synthetic
``syn_cdta`` (script and numbers below; mpitbR 1.0 has no vulnerable/severe/inequality/
destitution measures, so R survey's ``svymean`` + ``svycontrast`` are the reference).
"""

from __future__ import annotations

import dataclasses
import io
import os

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from scipy.stats import chi2_contingency  # noqa: E402
from scipy.stats.contingency import association  # noqa: E402

import povecon as pe  # noqa: E402
from povecon.errors import InputError, SpecError  # noqa: E402

from conftest import reference_file  # noqa: E402

TOL = 1e-9
W = np.array([1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 9, 1 / 9, 1 / 9])  # dimension weights 1/3: 1/6 x2, 1/6 x2, 1/9 x3
NAMES = [f"i{j}" for j in range(7)]


def _data(n=600, seed=0):
    rng = np.random.default_rng(seed)
    rate = np.linspace(0.15, 0.55, 7)
    dep = (rng.random((n, 7)) < rate).astype(int)
    df = pd.DataFrame(dep, columns=NAMES)
    df["x"] = rng.integers(0, 10, n)  # an ordinal achievement: deprived below 5, destitute below 2
    df["psu"] = rng.integers(0, 40, n)
    df["stratum"] = df["psu"] % 5
    df["w"] = rng.uniform(0.5, 3.0, n)
    df["g"] = np.where(rng.random(n) < 0.5, "A", "B")
    df["dd"] = df["i0"] * (rng.random(n) < 0.5)  # destitution 0/1 column of i0: a subset of its deprivation
    return df


def _spec(dest=True):
    ind = lambda j, **kw: pe.Indicator(NAMES[j], NAMES[j], weight=W[j], **kw)  # noqa: E731
    first = ind(0, destitution_variable="dd") if dest else ind(0)
    xrule = pe.Indicator("x", "x", cutoff=5, weight=W[6], destitution_cutoff=2 if dest else None)
    return pe.MPISpec([pe.Dimension("h", (first, ind(1))), pe.Dimension("e", (ind(2), ind(3))),
                       pe.Dimension("l", (ind(4), ind(5), xrule))])


DESIGN = pe.SurveyDesign(weights="w", strata="stratum", psu="psu")


def _scores(df):
    dep = df[NAMES[:6]].to_numpy().astype(float)
    c = dep @ W[:6] + W[6] * (df["x"].to_numpy() < 5)
    ddep = dep.copy()
    ddep[:, 0] = df["dd"].to_numpy()
    cd = ddep @ W[:6] + W[6] * (df["x"].to_numpy() < 2)
    return c, cd


def _brute(df, k, low=0.2, sev=0.5):
    """Every new measure per group and overall, by pandas groupby on person-level variables."""
    c, cd = _scores(df)
    poor = c >= k - TOL
    dst = cd >= k - TOL
    v = pd.DataFrame({"g": df["g"], "w": df["w"], "poor": poor, "c": c,
                      "vuln": (c >= low - TOL) & ~poor, "sev": c >= sev - TOL, "dst": dst, "cd": cd})
    out = {}
    for g, part in list(v.groupby("g")) + [("all", v)]:
        wp = part["w"] * part["poor"]
        a = np.average(part["c"], weights=wp)
        out[g] = {
            "vuln": np.average(part["vuln"], weights=part["w"]),
            "sev": np.average(part["sev"], weights=part["w"]),
            "ineq": np.average((part["c"] - a) ** 2, weights=wp),
            "dst_H": np.average(part["dst"], weights=part["w"]),
            "dst_A": np.average(part["cd"], weights=part["w"] * part["dst"]),
            "dst_M0": np.average(part["cd"] * part["dst"], weights=part["w"]),
            "dst_share": np.average(part["dst"], weights=wp),
        }
    return out


def _fit(df, k=1 / 3, **kw):
    opts = dict(vulnerable=True, severe=True, inequality=True)
    opts.update(kw)
    return pe.mpi(df, _spec(), k=k, design=DESIGN, by="g", **opts)


# --- known answers ------------------------------------------------------------------------------
@pytest.mark.parametrize("k", [1 / 3, 0.5])
def test_new_measures_equal_brute_force(k):
    df = _data()
    r = _fit(df, k=k)
    want = _brute(df, k)
    for g, measures in want.items():
        for m, val in measures.items():
            kk = None if m == "sev" else k
            assert r.value(m, k=kk, group=g) == pytest.approx(val, rel=1e-12, abs=1e-15), (g, m)


def test_fixed_vulnerability_band_has_no_k():
    df = _data()
    r = pe.mpi(df, _spec(), k=[1 / 3, 0.5], weights="w", vulnerable=(0.2, 0.3), se=None)
    f = r.to_frame()
    rows = f[f["measure"] == "vuln"]
    assert len(rows) == 1 and rows["k"].isna().all()
    c, _ = _scores(df)
    want = np.average((c >= 0.2 - TOL) & (c < 0.3 - TOL), weights=df["w"])
    assert r.value("vuln") == pytest.approx(want, rel=1e-12)


def test_vulnerable_accepts_percents_and_a_lower_cutoff():
    df = _data()
    a = pe.mpi(df, _spec(), k=33, weights="w", vulnerable=20, se=None)
    b = pe.mpi(df, _spec(), k=0.33, weights="w", vulnerable=(0.2, None), se=None)
    assert a.value("vuln") == b.value("vuln")


def test_default_frame_is_unchanged_and_destitution_follows_the_spec():
    df = _data()
    plain = pe.mpi(df, _spec(dest=False), k=1 / 3, weights="w")
    assert set(plain.to_frame()["measure"]) == {"hd", "H", "A", "M0", "hdk", "actb", "pctb"}
    with_dest = pe.mpi(df, _spec(), k=1 / 3, weights="w")
    assert {"dst_H", "dst_A", "dst_M0", "dst_share"} <= set(with_dest.to_frame()["measure"])
    off = pe.mpi(df, _spec(), k=1 / 3, weights="w", destitution=False)
    assert not off.to_frame()["measure"].str.startswith("dst_").any()
    pd.testing.assert_frame_equal(off.to_frame(), plain.to_frame())
    with pytest.raises(SpecError, match="destitution"):
        pe.mpi(df, _spec(dest=False), k=1 / 3, destitution=True)


@pytest.mark.parametrize("bad", [dict(vulnerable=(0.3, 0.2)), dict(vulnerable=(0.1, 0.2, 0.3)),
                                 dict(vulnerable="x"), dict(severe=0), dict(severe=1.5), dict(inequality="yes")])
def test_bad_options_raise(bad):
    with pytest.raises((InputError, SpecError)):
        pe.mpi(_data(50), _spec(), k=1 / 3, se=None, **bad)


def test_destitution_rules_in_the_spec():
    with pytest.raises(SpecError, match="binary"):
        pe.Indicator("a", "a", destitution_cutoff=1)
    with pytest.raises(SpecError, match="destitution_direction"):
        pe.Indicator("a", "a", cutoff=3, destitution_direction="sideways")
    with pytest.raises(SpecError, match="needs a destitution_cutoff"):
        pe.Indicator("a", "a", cutoff=3, destitution_direction="above")
    spec = _spec()
    again = pe.MPISpec.from_dict(spec.to_dict())
    assert [dataclasses.astuple(i)[7:] for i in again.indicators] == \
        [dataclasses.astuple(i)[7:] for i in spec.indicators]
    assert spec.has_destitution and spec.destitution_variables == ["dd"]
    yaml_like = {"dimensions": {"d": {"x": {"variable": "x", "cutoff": 5, "destitution_cutoff": 2,
                                            "destitution_direction": "at_or_below"}}}}
    rule = pe.MPISpec.from_dict(yaml_like).indicators[0].destitution_rule
    assert (rule.cutoff, rule.direction, rule.variable) == (2.0, "at_or_below", "x")
    # reweighting keeps the destitution rules
    rw = spec.with_indicator_weights({"h": 0.5, "e": 0.25, "l": 0.25})
    assert rw.indicators[0].destitution_variable == "dd" and rw.indicators[6].destitution_cutoff == 2


def test_destitution_missing_column_and_values():
    df = _data(80).drop(columns="dd")
    with pytest.raises(InputError, match="dd"):
        pe.mpi(df, _spec(), k=1 / 3, se=None)
    df = _data(80)
    df.loc[3, "dd"] = np.nan
    with pytest.raises(InputError, match="missing"):
        pe.mpi(df, _spec(), k=1 / 3, se=None)
    r = pe.mpi(df, _spec(), k=1 / 3, se=None, na="drop")
    assert r.n_dropped == 1


# --- identities (hypothesis) --------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), low=st.sampled_from([0.1, 0.2, 0.25]), k=st.sampled_from([1 / 3, 0.4, 0.5]))
def test_vulnerable_poor_and_rest_partition_the_population(seed, low, k):
    df = _data(120, seed)
    r = pe.mpi(df, _spec(), k=[low, k], weights="w", vulnerable=low, severe=True, inequality=True, se=None)
    # vulnerable [low, k) + poor [k, 1] = everyone with c >= low = H at k = low
    assert r.value("vuln", k=k) + r.value("H", k=k) == pytest.approx(r.value("H", k=low), abs=1e-12)
    c, _ = _scores(df)
    rest = np.average(c < low - TOL, weights=df["w"])
    assert r.value("vuln", k=k) + r.value("H", k=k) + rest == pytest.approx(1.0, abs=1e-12)
    # severe = H at k = 0.5; the variance is >= 0 and 0 when every poor person has one score
    assert r.value("sev") == pytest.approx(pe.mpi(df, _spec(), k=0.5, weights="w", se=None).value("H"), abs=1e-12)
    assert r.value("ineq", k=k) >= -1e-15


def test_weights_times_100_change_nothing():
    df = _data()
    for se in ("linearized", "bootstrap"):
        kw = dict(se=se, replicates=50, seed=3) if se == "bootstrap" else {}
        a = _fit(df, **kw).to_frame()
        b = _fit(df.assign(w=df["w"] * 100), **kw).to_frame()
        np.testing.assert_allclose(b[["value", "se"]].to_numpy(), a[["value", "se"]].to_numpy(),
                                   rtol=1e-9, atol=1e-14, equal_nan=True)


# --- standard errors ----------------------------------------------------------------------------
def _design_var(z, df):
    """With-replacement variance of a total: strata x PSU totals of z, sum_h n_h/(n_h-1) sum (z_hi - mean)^2."""
    t = pd.DataFrame({"z": z, "psu": df["psu"], "h": df["stratum"]}).groupby(["h", "psu"])["z"].sum()
    var = 0.0
    for _, zh in t.groupby(level="h"):
        nh = len(zh)
        var += nh / (nh - 1) * ((zh - zh.mean()) ** 2).sum()
    return var


def _influence(df, k, measure, group):
    """Person-level linearized variable of one measure in one domain (zero outside it)."""
    c, cd = _scores(df)
    w = df["w"].to_numpy() * ((df["g"] == group).to_numpy() if group != "all" else 1.0)
    p = (c >= k - TOL).astype(float)
    if measure == "ineq":
        s0, s1, s2 = (w * p).sum(), (w * p * c).sum(), (w * p * c * c).sum()
        m = s1 / s0
        return w * (p * c * c - s2 / s0 * p) / s0 - 2 * m * w * (p * c - m * p) / s0
    if measure == "vuln":
        y = ((c >= 0.2 - TOL) & (p == 0)).astype(float)
        return w * (y - np.average(y, weights=w)) / w.sum()
    if measure == "dst_share":
        y = p * (cd >= k - TOL)
        theta = (w * y).sum() / (w * p).sum()
        return w * (y - theta * p) / (w * p).sum()
    raise AssertionError(measure)


@pytest.mark.parametrize("measure", ["ineq", "vuln", "dst_share"])
def test_linearized_se_equals_a_direct_linearization(measure):
    df = _data()
    r = _fit(df)
    for g in ("A", "all"):
        want = np.sqrt(_design_var(_influence(df, 1 / 3, measure, g), df))
        assert r.estimate(measure, group=g).se == pytest.approx(want, rel=1e-10)


def test_contrast_between_groups_has_the_joint_linearized_se():
    df = _data()
    r = _fit(df)
    for measure in ("ineq", "vuln"):
        con = pe.contrast(r.select(measure=measure), group=("A", "B"))
        z = _influence(df, 1 / 3, measure, "A") - _influence(df, 1 / 3, measure, "B")
        assert con.frame["value"].iloc[0] == pytest.approx(r.value(measure, group="A") - r.value(measure, group="B"))
        assert con.frame["se"].iloc[0] == pytest.approx(np.sqrt(_design_var(z, df)), rel=1e-10)


def test_bootstrap_se_agrees_with_linearized_within_simulation_error():
    df = _data(1500, seed=4)
    lin = _fit(df).to_frame()
    boot = _fit(df, se="bootstrap", replicates=1500, seed=11).to_frame()
    sel = lin["measure"].isin(["vuln", "sev", "ineq", "dst_H", "dst_A", "dst_M0", "dst_share"]).to_numpy()
    ratio = boot["se"].to_numpy()[sel] / lin["se"].to_numpy()[sel]
    # 1500 replicates: the SE of a bootstrap SE is about 1/sqrt(2 * 1500) = 1.8% of it
    assert np.all(np.abs(ratio - 1) < 0.12), ratio
    assert abs(np.mean(ratio) - 1) < 0.05


# --- R survey on mpitb's syn_cdta ---------------------------------------------------------------
SYN = reference_file("syn_cdta.csv")
needs_syn = pytest.mark.skipif(not os.path.exists(SYN), reason="mpitb syn_cdta reference data not available")

# Rscript on this (SYN_CDTA names the data file; R 4.2.2, survey 4.1.1) printed R_SURVEY below.
R_SCRIPT = r"""
library(survey)
d <- na.omit(read.csv(Sys.getenv("SYN_CDTA")))
w <- c(d_nutr = 1/6, d_cm = 1/6, d_educ = 1/6, d_satt = 1/6, d_ckfl = 1/18, d_sani = 1/18,
       d_wtr = 1/18, d_elct = 1/18, d_hsg = 1/18, d_asst = 1/18)
ind <- names(w)
d$c <- as.vector(as.matrix(d[, ind]) %*% w)
# an artificial destitution rule for the cross-check: stricter nutrition and assets
dst <- d[, ind]
dst$d_nutr <- d$d_nutr * d$d_cm
dst$d_asst <- d$d_asst * d$d_hsg
d$cd <- as.vector(as.matrix(dst) %*% w)
tol <- 1e-9
d$p <- as.numeric(d$c >= 1/3 - tol)
d$vuln <- as.numeric(d$c >= 0.2 - tol & d$p == 0)
d$sev <- as.numeric(d$c >= 0.5 - tol)
d$pc <- d$p * d$c
d$pc2 <- d$p * d$c^2
d$dp <- as.numeric(d$cd >= 1/3 - tol)
d$dpc <- d$dp * d$cd
d$dpp <- d$dp * d$p
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d)
for (tt in 1:2) for (a in c("all", "0", "1")) {
  sub <- if (a == "all") subset(des, t == tt) else subset(des, t == tt & area == as.integer(a))
  m <- svymean(~vuln + sev + p + pc + pc2 + dp + dpc + dpp, sub)
  e <- svycontrast(m, list(vuln = quote(vuln), sev = quote(sev), ineq = quote(pc2 / p - (pc / p)^2),
                           dst_H = quote(dp), dst_A = quote(dpc / dp), dst_M0 = quote(dpc),
                           dst_share = quote(dpp / p)))
  for (nm in names(coef(e)))
    cat(nm, a, tt, format(coef(e)[[nm]], digits = 15), format(SE(e)[[nm]], digits = 15), "\n")
}
"""

# measure area t value se
R_SURVEY = """
vuln all 1 0.29862792574657 0.00529912350286622
sev all 1 0.0817863868711326 0.00323777189583699
ineq all 1 0.00812346601052102 0.000323072869359818
dst_H all 1 0.215227333871402 0.00473510643465269
dst_A all 1 0.403576388888889 0.00210483751375015
dst_M0 all 1 0.0868606701940035 0.00201261989988738
dst_share all 1 0.642054574638844 0.00935239234541665
vuln 0 1 0.288926174496644 0.00771397599816165
sev 0 1 0.0785234899328859 0.00508227808446294
ineq 0 1 0.0081391230141524 0.000584182633024834
dst_H 0 1 0.22248322147651 0.00761694804412931
dst_A 0 1 0.404055639349757 0.00352823448667827
dst_M0 0 1 0.0898956002982849 0.00324477953727874
dst_share 0 1 0.651277013752456 0.0153052579984123
vuln 1 1 0.305118994162551 0.00693153748292522
sev 1 1 0.083969465648855 0.00399280491666489
ineq 1 1 0.00810016635570007 0.000382165370271973
dst_H 1 1 0.2103726986978 0.00589100470552505
dst_A 1 1 0.403237282106012 0.00255363662678216
dst_M0 1 1 0.0848301152522078 0.00246492449091592
dst_share 1 1 0.635685210312076 0.0116733778268146
vuln all 2 0.292006962110055 0.00506081335721397
sev all 2 0.041103226670237 0.0023195640518899
ineq all 2 0.00601376226594358 0.000261463880485974
dst_H all 2 0.138840540902397 0.00399249983355486
dst_A all 2 0.389799635701275 0.00206484521781857
dst_M0 all 2 0.0541199922643222 0.00156288131682976
dst_share all 2 0.601508120649652 0.0120380336689493
vuln 0 2 0.303404539385848 0.00826331034913962
sev 0 2 0.0380507343124166 0.00334687273514175
ineq 0 2 0.00572908308118394 0.00040221910877352
dst_H 0 2 0.139853137516689 0.00642011755347172
dst_A 0 2 0.389286661363034 0.00312490035018902
dst_M0 0 2 0.0544429609850171 0.00254539269873856
dst_share 0 2 0.608127721335268 0.0190206463183156
vuln 1 2 0.284372904091214 0.00641127263811893
sev 1 2 0.0431477755421417 0.0030799087792242
ineq 1 2 0.00619588915309549 0.00033675576339773
dst_H 1 2 0.138162307176392 0.0050163215291438
dst_A 1 2 0.39014742898238 0.00274041770655928
dst_M0 1 2 0.0539036689271431 0.00196807081422451
dst_share 1 2 0.597101449275362 0.0151343798555371
"""


@needs_syn
def test_new_measures_equal_r_survey_on_syn_cdta():
    data = pd.read_csv(SYN).dropna()  # the script's na.omit
    data = data.assign(dd_nutr=data["d_nutr"] * data["d_cm"], dd_asst=data["d_asst"] * data["d_hsg"])
    rule = {"d_nutr": "dd_nutr", "d_asst": "dd_asst"}
    spec = pe.MPISpec([pe.Dimension(d.name, tuple(dataclasses.replace(i, destitution_variable=rule.get(i.variable))
                                                  for i in d.indicators)) for d in pe.global_mpi().dimensions])
    r = pe.mpi(data, spec, k=1 / 3, design=pe.SurveyDesign(weights="weight", strata="stratum", psu="psu"),
               by="area", time="t", vulnerable=True, severe=True, inequality=True)
    ref = pd.read_csv(io.StringIO(R_SURVEY.strip()), sep=" ", header=None, names=["m", "g", "t", "b", "se"],
                      dtype={"g": str})
    assert len(ref) == 7 * 3 * 2
    for m, g, t, b, se in ref.itertuples(index=False):
        est = r.estimate(m, k=None if m == "sev" else 1 / 3, group=g if g == "all" else int(g), time=t)
        # the same closed forms on both sides: observed differences below 1e-13
        assert est.value == pytest.approx(b, rel=1e-10), (m, g, t)
        assert est.se == pytest.approx(se, rel=1e-10), (m, g, t)


# --- association between indicators -------------------------------------------------------------
def test_cramers_v_equals_scipy_unweighted():
    df = _data()
    r = pe.mpi_association(df, _spec())
    v = r.matrix("cramers_v")
    dep = df[NAMES[:6]].assign(x=(df["x"] < 5).astype(int))
    dep.columns = _spec().indicator_names
    for a in dep.columns:
        for b in dep.columns:
            if a < b:
                table = pd.crosstab(dep[a], dep[b]).to_numpy()
                assert v.loc[a, b] == pytest.approx(association(table, method="cramer"), rel=1e-12)


def test_weighted_association_equals_a_brute_force_table():
    df = _data()
    r = pe.mpi_association(df, _spec(), weights="w")
    v, r0 = r.matrix("cramers_v"), r.matrix("R0")
    dep = df[NAMES[:6]].assign(x=(df["x"] < 5).astype(int))
    dep.columns = _spec().indicator_names
    w = df["w"].to_numpy()
    for a in dep.columns:
        for b in dep.columns:
            if a == b:
                continue
            table = np.array([[w[(dep[a] == i) & (dep[b] == j)].sum() for j in (0, 1)] for i in (0, 1)])
            chi2 = chi2_contingency(table, correction=False)[0]
            assert v.loc[a, b] == pytest.approx(np.sqrt(chi2 / table.sum()), rel=1e-10)
            pa, pb = table[1].sum() / table.sum(), table[:, 1].sum() / table.sum()
            assert r0.loc[a, b] == pytest.approx(table[1, 1] / table.sum() / min(pa, pb), rel=1e-12)
    f = r.to_frame()
    assert list(f.columns[:3]) == ["measure", "group", "time"] and len(f) == 2 * 7 * 6 // 2
    assert r.matrix("R0").to_numpy().diagonal().tolist() == [1.0] * 7


def test_association_censored_at_k_and_edge_cases():
    df = _data()
    r = pe.mpi_association(df, _spec(), weights="w", k=1 / 3)
    c, _ = _scores(df)
    poor = c >= 1 / 3 - TOL
    a, b = df["i0"].to_numpy() * poor, df["i1"].to_numpy() * poor
    w = df["w"].to_numpy()
    joint, pa, pb = np.average(a * b, weights=w), np.average(a, weights=w), np.average(b, weights=w)
    assert r.matrix("R0").loc["i0", "i1"] == pytest.approx(joint / min(pa, pb), rel=1e-12)
    assert r.frame["k"].eq(1 / 3).all()
    # nobody deprived in an indicator: V and R0 NaN for its pairs, not an error
    zero = pe.mpi_association(df.assign(i2=0), _spec())
    assert np.isnan(zero.matrix("cramers_v").loc["i2", "i3"]) and np.isnan(zero.matrix("R0").loc["i2", "i3"])
    with pytest.raises(InputError):
        r.matrix("phi")
    with pytest.raises(InputError):
        pe.mpi_association(df, _spec(), weights="w", design=DESIGN)


def test_association_plot_is_a_heat_map():
    import matplotlib.pyplot as plt

    r = pe.mpi_association(_data(), _spec(), weights="w")
    fig = r.plot("R0")
    assert fig.axes and fig.axes[0].get_title() == "Redundancy R0"
    plt.close(fig)
