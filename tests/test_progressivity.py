"""Progressivity, redistribution and poverty-intensity decompositions: known answers, identities, SEs.

Reference values are brute-force computations written here independently of the
library (pairwise sums, explicit loops), from the definitions of the cited sources.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import povecon as pe
from povecon.result import stack

RNG = np.random.default_rng(20261129)
N = 400
Y = RNG.lognormal(8.0, 0.7, N)
Y[:15] = Y[15]  # ties in the ranking variable
W = RNG.uniform(0.5, 3.0, N)
DF = pd.DataFrame({
    "pre": Y, "w": W,
    "tax": 0.05 * Y + 0.00002 * Y ** 2,  # progressive: average rate rises with income
    "region": RNG.choice(["a", "b", "c"], N),
    "psu": np.repeat(np.arange(80), 5), "stratum": np.repeat(np.arange(8), 50),
})
DF["post"] = DF["pre"] - DF["tax"]


def _brute_concentration(x, y, w):
    # Kakwani, Wagstaff and van Doorslaer (1997): C = 2 cov(x, R) / mu_x, R the fractional
    # rank of y; here the weighted mid-rank, tied incomes pooled (pairwise form)
    x, y, w = map(np.asarray, (x, y, w))
    Nw = w.sum()
    F = np.array([(w[y < yi].sum() + 0.5 * w[y == yi].sum()) / Nw for yi in y])
    mx = np.dot(w, x) / Nw
    return 2 * np.dot(w, (x - mx) * (F - 0.5)) / Nw / mx


def _brute_gini(y, w):
    # Gini = sum_ij w_i w_j |y_i - y_j| / (2 N^2 mu)
    y, w = np.asarray(y), np.asarray(w)
    Nw = w.sum()
    return np.sum(np.outer(w, w) * np.abs(y[:, None] - y[None, :])) / (2 * Nw ** 2 * (np.dot(w, y) / Nw))


def _rows(r):
    f = r.to_frame()
    return dict(zip(f["measure"], f["value"])), dict(zip(f["measure"], f["se"]))


def test_concentration_known_answer_and_gini():
    x = DF["tax"].to_numpy()
    r = pe.concentration(DF, "pre", "tax", weights="w")
    assert float(r) == pytest.approx(_brute_concentration(x, Y, W), abs=1e-12)
    # the concentration of income ranked by itself is the Gini, with the same SE
    g = pe.gini(DF, "pre", weights="w")
    c = pe.concentration(DF, "pre", "pre", weights="w")
    assert float(c) == pytest.approx(_brute_gini(Y, W), abs=1e-12)
    assert float(c) == pytest.approx(float(g), abs=1e-14) and c.se == pytest.approx(g.se, rel=1e-10)


def test_concentration_small_hand_example():
    # x = (4, 3, 2, 1) against y = (1, 2, 3, 4), by hand: mid-ranks F = (1, 3, 5, 7) / 8, mean x = 2.5,
    # cov(x, F) = (1.5 (-3/8) + 0.5 (-1/8) - 0.5 (1/8) - 1.5 (3/8)) / 4 = -0.3125, C = 2 (-0.3125) / 2.5
    assert float(pe.concentration(income=[1.0, 2, 3, 4], variable=[4.0, 3, 2, 1])) == pytest.approx(-0.25)


def test_progressivity_known_answers_and_identities():
    r = pe.progressivity(DF, pre="pre", tax="tax", weights="w")
    v, _ = _rows(r)
    G = _brute_gini(Y, W)
    Ct = _brute_concentration(DF["tax"], Y, W)
    post = DF["post"].to_numpy()
    Gp = _brute_gini(post, W)
    Cp = _brute_concentration(post, Y, W)
    assert v["gini_pre"] == pytest.approx(G, abs=1e-12)
    assert v["concentration_tax"] == pytest.approx(Ct, abs=1e-12)
    assert v["kakwani_tax"] == pytest.approx(Ct - G, abs=1e-12)
    assert v["kakwani_tax"] > 0  # the rate rises with income
    assert v["gini_post"] == pytest.approx(Gp, abs=1e-12)
    assert v["concentration_post"] == pytest.approx(Cp, abs=1e-12)
    assert v["reynolds_smolensky"] == pytest.approx(G - Cp, abs=1e-12)
    assert v["redistributive_effect"] == pytest.approx(G - Gp, abs=1e-12)
    assert v["reranking"] == pytest.approx(Gp - Cp, abs=1e-12)
    # identities: RE = RS - reranking; Kakwani (1977): RS = g K / (1 - g)
    assert v["redistributive_effect"] == pytest.approx(v["reynolds_smolensky"] - v["reranking"], abs=1e-12)
    g = v["average_rate_tax"]
    assert g == pytest.approx(np.dot(W, DF["tax"]) / np.dot(W, Y), rel=1e-12)
    assert v["reynolds_smolensky"] == pytest.approx(g * v["kakwani_tax"] / (1 - g), abs=1e-12)
    # post given explicitly is the same as derived from the tax
    r2 = pe.progressivity(DF, pre="pre", post="post", tax="tax", weights="w")
    np.testing.assert_allclose(r2.to_frame()["value"], r.to_frame()["value"], atol=1e-12)


def test_proportional_tax_is_neutral():
    # a proportional tax leaves every Lorenz and concentration curve unchanged: K = 0, RS = 0
    r = pe.progressivity(DF.assign(tax=0.25 * DF["pre"]), pre="pre", tax="tax", weights="w")
    v, se = _rows(r)
    for k in ("kakwani_tax", "reynolds_smolensky", "redistributive_effect", "reranking"):
        assert abs(v[k]) < 1e-12 and se[k] < 1e-12


def test_lump_sum_transfer_financed_by_proportional_tax_is_progressive():
    t = 0.3 * DF["pre"]
    b = np.full(N, np.dot(W, t) / W.sum())  # equal per-head transfer, budget balanced
    r = pe.progressivity(DF.assign(tax=t, transfer=b), pre="pre", tax="tax", transfer="transfer", weights="w")
    v, _ = _rows(r)
    assert abs(v["kakwani_tax"]) < 1e-12
    # an equal transfer has C = 0, so K_transfer = -G_pre < 0: progressive by the documented sign
    assert v["concentration_transfer"] == pytest.approx(0.0, abs=1e-12)
    assert v["kakwani_transfer"] == pytest.approx(-v["gini_pre"], abs=1e-12)
    # post = 0.7 y + c: G_post = 0.7 mu G / (0.7 mu + c) = 0.7 G (budget balance: c = 0.3 mu), no reranking
    assert v["gini_post"] == pytest.approx(0.7 * v["gini_pre"], abs=1e-12)
    assert v["reynolds_smolensky"] == pytest.approx(0.3 * v["gini_pre"], abs=1e-12)
    assert abs(v["reranking"]) < 1e-12


def test_reranking_is_positive_when_ranks_change():
    post = DF["pre"].to_numpy()[::-1].copy()  # a scrambled post income
    r = pe.progressivity(DF.assign(post2=post), pre="pre", post="post2", weights="w")
    v, _ = _rows(r)
    assert v["reranking"] > 0
    assert list(r.to_frame()["measure"]) == ["gini_pre", "gini_post", "concentration_post", "reynolds_smolensky",
                                             "redistributive_effect", "reranking"]


def _design():
    return pe.SurveyDesign(weights="w", strata="stratum", psu="psu")


def test_joint_covariance_gives_contrasts_of_components():
    r = pe.progressivity(DF, pre="pre", tax="tax", design=_design())
    f = r.to_frame()
    C = np.asarray(r.cov())
    names = list(f["measure"])
    i, j = names.index("concentration_tax"), names.index("gini_pre")
    k = names.index("kakwani_tax")
    # K = C_tax - G_pre: its variance from the joint covariance equals its own
    var = C[i, i] + C[j, j] - 2 * C[i, j]
    assert np.sqrt(var) == pytest.approx(f["se"].iloc[k], rel=1e-8)
    # RE = RS - reranking
    a, b, c = (names.index(n) for n in ("reynolds_smolensky", "reranking", "redistributive_effect"))
    assert np.sqrt(C[a, a] + C[b, b] - 2 * C[a, b]) == pytest.approx(f["se"].iloc[c], rel=1e-8)


def test_by_groups_and_weight_scale():
    r1 = pe.progressivity(DF, pre="pre", tax="tax", design=_design(), by="region")
    r100 = pe.progressivity(DF.assign(w=DF["w"] * 100), pre="pre", tax="tax", design=_design(), by="region")
    f1, f100 = r1.to_frame(), r100.to_frame()
    np.testing.assert_allclose(f100[["value", "se"]], f1[["value", "se"]], rtol=1e-9, atol=1e-14)
    sub = DF[DF["region"] == "b"]
    vb = f1[(f1["group"] == "b") & (f1["measure"] == "kakwani_tax")]["value"].iloc[0]
    assert vb == pytest.approx(_brute_concentration(sub["tax"], sub["pre"], sub["w"])
                               - _brute_gini(sub["pre"], sub["w"]), abs=1e-12)


def test_errors():
    with pytest.raises(pe.InputError):
        pe.progressivity(DF, pre="pre", weights="w")
    with pytest.raises(pe.InputError):
        pe.concentration(DF.assign(z=-1.0), "pre", "z", weights="w")


@pytest.mark.slow
def test_linearized_se_matches_bootstrap():
    # simple random sampling: the linearized SE of each component against 400 bootstrap replicates
    r = pe.progressivity(DF, pre="pre", tax="tax", weights="w")
    b = pe.progressivity(DF, pre="pre", tax="tax", weights="w", se="bootstrap", replicates=400, seed=11)
    lin, boot = r.to_frame()["se"].to_numpy(), b.to_frame()["se"].to_numpy()
    keep = lin > 1e-10
    # bootstrap SEs from 400 replicates carry about 1/sqrt(2 * 400) = 3.5% relative error
    np.testing.assert_allclose(boot[keep], lin[keep], rtol=0.15)


# --- poverty intensity splits ---------------------------------------------------------

Z = float(np.quantile(Y, 0.35))


def _brute_intensity(y, w, z):
    # Foster, Greer and Thorbecke (1984) eq. 4 and the Watts split, from explicit loops over the poor
    poor = [(yi, wi) for yi, wi in zip(y, w) if yi < z]
    Nw, Np = sum(w), sum(wi for _, wi in poor)
    mp = sum(yi * wi for yi, wi in poor) / Np
    var = sum(wi * (yi - mp) ** 2 for yi, wi in poor) / Np
    mld = sum(wi * np.log(mp / yi) for yi, wi in poor) / Np
    p2 = sum(wi * ((z - yi) / z) ** 2 for yi, wi in poor) / Nw
    watts = sum(wi * np.log(z / yi) for yi, wi in poor) / Nw
    return Np / Nw, 1 - mp / z, np.sqrt(var) / mp, mld, np.log(z / mp), p2, watts


def test_squared_gap_split_known_answer_and_identity():
    r = pe.squared_gap_decomposition(DF, "pre", line=Z, weights="w")
    v, se = _rows(r)
    H, I, Cp, _, _, P2, _ = _brute_intensity(Y, W, Z)
    assert v["headcount"] == pytest.approx(H, abs=1e-12)
    assert v["income_gap_ratio"] == pytest.approx(I, abs=1e-12)
    assert v["cv_poor"] == pytest.approx(Cp, abs=1e-12)
    assert v["gap_term"] == pytest.approx(H * I ** 2, abs=1e-12)
    assert v["inequality_term"] == pytest.approx(H * (1 - I) ** 2 * Cp ** 2, abs=1e-12)
    assert v["squared_gap"] == pytest.approx(P2, abs=1e-12)
    assert v["gap_term"] + v["inequality_term"] == pytest.approx(v["squared_gap"], abs=1e-12)
    # the same P2 and SE as the FGT estimator
    ref = pe.squared_gap(DF, "pre", line=Z, weights="w")
    assert v["squared_gap"] == pytest.approx(float(ref), abs=1e-14)
    assert se["squared_gap"] == pytest.approx(ref.se, rel=1e-10)
    assert se["headcount"] == pytest.approx(pe.headcount(DF, "pre", line=Z, weights="w").se, rel=1e-10)


def test_watts_split_known_answer_and_identity():
    r = pe.watts_decomposition(DF, "pre", line=Z, weights="w")
    v, se = _rows(r)
    H, _, _, mld, lg, _, Wt = _brute_intensity(Y, W, Z)
    assert v["headcount"] == pytest.approx(H, abs=1e-12)
    assert v["log_gap"] == pytest.approx(lg, abs=1e-12)
    assert v["mld_poor"] == pytest.approx(mld, abs=1e-12)
    assert v["watts"] == pytest.approx(Wt, abs=1e-12)
    assert v["gap_term"] + v["inequality_term"] == pytest.approx(v["watts"], abs=1e-12)
    assert v["mld_poor"] == pytest.approx(float(pe.mld(income=Y[Y < Z], weights=W[Y < Z])), abs=1e-12)
    ref = pe.watts(DF, "pre", line=Z, weights="w")
    assert se["watts"] == pytest.approx(ref.se, rel=1e-10)


@pytest.mark.parametrize("func, total", [(pe.squared_gap_decomposition, "squared_gap"),
                                         (pe.watts_decomposition, "watts")])
@pytest.mark.parametrize("line", [Z, pe.RelativeLine(0.6, "median")])
def test_intensity_parts_sum_to_the_total_in_variance(func, total, line):
    # the two terms' linearized variables add up to the total's: the SE of their sum from the
    # joint covariance is the SE of the index, also when the line is estimated
    r = func(DF, "pre", line=line, design=_design())
    f = r.to_frame()
    names = list(f["measure"])
    C = np.asarray(r.cov())
    a, b, t = names.index("gap_term"), names.index("inequality_term"), names.index(total)
    assert np.sqrt(C[a, a] + C[b, b] + 2 * C[a, b]) == pytest.approx(f["se"].iloc[t], rel=1e-8)
    ref = (pe.squared_gap if total == "squared_gap" else pe.watts)(DF, "pre", line=line, design=_design())
    assert f["value"].iloc[t] == pytest.approx(float(ref), abs=1e-14)
    assert f["se"].iloc[t] == pytest.approx(ref.se, rel=1e-8)


def test_intensity_weight_scale_by_groups_and_errors():
    for func in (pe.squared_gap_decomposition, pe.watts_decomposition):
        r1 = func(DF, "pre", line=Z, design=_design(), by="region")
        r100 = func(DF.assign(w=DF["w"] * 100), "pre", line=Z, design=_design(), by="region")
        np.testing.assert_allclose(r100.to_frame()[["value", "se"]], r1.to_frame()[["value", "se"]], rtol=1e-9)
        with pytest.raises(pe.InputError):
            func(DF, "pre", line=1.0, weights="w")  # nobody poor
        with pytest.raises(pe.SpecError):
            func(DF, "pre", line=np.full(N, Z), weights="w")


@pytest.mark.slow
@pytest.mark.parametrize("func", [pe.squared_gap_decomposition, pe.watts_decomposition])
def test_intensity_se_matches_bootstrap(func):
    r = func(DF, "pre", line=Z, weights="w")
    b = func(DF, "pre", line=Z, weights="w", se="bootstrap", replicates=400, seed=12)
    np.testing.assert_allclose(b.to_frame()["se"], r.to_frame()["se"], rtol=0.15)


# --- J-divergence -----------------------------------------------------------------------


def _brute_j(y, w):
    # Rohde (2016): J = sum_i (s_i - p_i) log(s_i / p_i), s_i income and p_i population shares
    y, w = np.asarray(y, float), np.asarray(w, float)
    s, p = w * y / np.dot(w, y), w / w.sum()
    return float(np.sum((s - p) * np.log(s / p)))


def test_j_divergence_known_answer():
    r = pe.j_divergence(DF, "pre", weights="w")
    assert float(r) == pytest.approx(_brute_j(Y, W), abs=1e-12)
    T, L = pe.theil(DF, "pre", weights="w"), pe.mld(DF, "pre", weights="w")
    assert float(r) == pytest.approx(float(T) + float(L), abs=1e-12)
    # its linearized variable is the sum of T's and L's: the SE of their sum from two results under one design
    C = np.asarray(stack([T, L], "which", ["T", "L"]).cov())
    assert r.se == pytest.approx(np.sqrt(C.sum()), rel=1e-8)
    # equal incomes: zero; {1, 3} equally weighted, mu = 2, by hand:
    # J = E[(y/mu - 1) log(y/mu)] = (-0.5 log 0.5 + 0.5 log 1.5) / 2 = log(3) / 4
    assert float(pe.j_divergence(income=[2.0, 2.0])) == pytest.approx(0.0, abs=1e-15)
    assert float(pe.j_divergence(income=[1.0, 3.0])) == pytest.approx(np.log(3.0) / 4, abs=1e-15)


def test_j_divergence_decomposition_identity_and_brute_force():
    r = pe.j_divergence_decomposition(DF, "pre", by="region", weights="w")
    f = r.to_frame()
    get = lambda g, m: f[(f["group"] == g) & (f["measure"] == m)]["value"].iloc[0]  # noqa: E731
    total, within, between = get("total", "total"), get("total", "within"), get("total", "between")
    assert within + between == pytest.approx(total, abs=1e-12)
    assert total == pytest.approx(_brute_j(Y, W), abs=1e-12)
    # between: the J of the smoothed distribution (everyone at their group mean)
    reg = DF["region"].to_numpy()
    means = {g: np.dot(W[reg == g], Y[reg == g]) / W[reg == g].sum() for g in "abc"}
    assert between == pytest.approx(_brute_j([means[g] for g in reg], W), abs=1e-12)
    for g in "abc":
        m = reg == g
        assert get(g, "j_divergence") == pytest.approx(_brute_j(Y[m], W[m]), abs=1e-12)


def test_j_decomposition_weight_scale_and_contrast():
    r1 = pe.j_divergence_decomposition(DF, "pre", by="region", design=_design())
    r100 = pe.j_divergence_decomposition(DF.assign(w=DF["w"] * 100), "pre", by="region", design=_design())
    np.testing.assert_allclose(r100.to_frame()[["value", "se"]], r1.to_frame()[["value", "se"]], rtol=1e-9)
    f = r1.to_frame()
    C = np.asarray(r1.cov())
    rows = f.reset_index(drop=True)
    t = rows.index[(rows["group"] == "total") & (rows["measure"] == "total")][0]
    wi = rows.index[(rows["group"] == "total") & (rows["measure"] == "within")][0]
    b = rows.index[(rows["group"] == "total") & (rows["measure"] == "between")][0]
    assert np.sqrt(C[wi, wi] + C[b, b] + 2 * C[wi, b]) == pytest.approx(f["se"].iloc[t], rel=1e-8)
    assert f["se"].iloc[t] == pytest.approx(pe.j_divergence(DF, "pre", design=_design()).se, rel=1e-8)


@pytest.mark.slow
def test_j_decomposition_se_matches_bootstrap():
    # regions with different means: where the true between term is zero (regions drawn at random) its
    # gradient vanishes and no delta method holds (ge_decomposition's between term behaves alike)
    d = DF.assign(pre=DF["pre"] * DF["region"].map({"a": 1.0, "b": 1.5, "c": 2.2}))
    r = pe.j_divergence_decomposition(d, "pre", by="region", weights="w")
    b = pe.j_divergence_decomposition(d, "pre", by="region", weights="w", se="bootstrap", replicates=400, seed=13)
    np.testing.assert_allclose(b.to_frame()["se"], r.to_frame()["se"], rtol=0.15)


def test_squared_gap_split_haughton_khandker():
    # Haughton and Khandker (2009), ch. 4 example: 100, 110, 150, 160, z = 125 give P2 = 0.0136;
    # by hand H = 0.5, mu_p = 105, I = 0.16, var_p = 25, C_p = 5/105
    r = pe.squared_gap_decomposition(income=[100.0, 110, 150, 160], line=125.0)
    v, _ = _rows(r)
    assert v["income_gap_ratio"] == pytest.approx(0.16, abs=1e-15)
    assert v["cv_poor"] == pytest.approx(5 / 105, abs=1e-15)
    assert v["gap_term"] == pytest.approx(0.5 * 0.0256, abs=1e-15)
    assert v["squared_gap"] == pytest.approx(0.0136, abs=1e-15)
    assert v["gap_term"] + v["inequality_term"] == pytest.approx(0.0136, abs=1e-15)
    w, _ = _rows(pe.watts_decomposition(income=[100.0, 110, 150, 160], line=125.0))
    assert w["watts"] == pytest.approx(0.0877442, abs=5e-8)  # Haughton and Khandker 2009, ch. 4
    assert w["log_gap"] == pytest.approx(np.log(125 / 105), abs=1e-15)


# --- identities as properties ------------------------------------------------------------

_INCOMES = st.lists(st.floats(0.5, 1e4, allow_nan=False), min_size=6, max_size=40)


@settings(max_examples=40)
@given(y=_INCOMES, seed=st.integers(0, 10_000))
def test_identities_hold_for_any_sample(y, seed):
    rng = np.random.default_rng(seed)
    y = np.asarray(y)
    n = y.shape[0]
    w = rng.uniform(0.2, 5.0, n)
    groups = np.array(["a", "b"] * n)[:n]
    rate = rng.uniform(0.0, 0.6, n)
    tax = rate * y
    v, _ = _rows(pe.progressivity(pre=y, tax=tax, weights=w))
    tol = 1e-12 * max(1.0, abs(v["gini_pre"]))
    assert abs(v["redistributive_effect"] - (v["reynolds_smolensky"] - v["reranking"])) <= tol
    g = v["average_rate_tax"]
    assert abs(v["reynolds_smolensky"] - g * v["kakwani_tax"] / (1 - g)) <= 1e-10
    # J: within + between = total, every component from one kernel
    f = pe.j_divergence_decomposition(income=y, by=groups, weights=w, se=None).to_frame()
    tot = f[f["group"] == "total"].set_index("measure")["value"]
    assert abs(tot["within"] + tot["between"] - tot["total"]) <= 1e-12 * max(1.0, tot["total"])
    # intensity splits: gap term + inequality term = index
    z = float(np.quantile(y, 0.5)) + 1e-9
    for func, total in ((pe.squared_gap_decomposition, "squared_gap"), (pe.watts_decomposition, "watts")):
        d, _ = _rows(func(income=y, line=z, weights=w, se=None))
        assert abs(d["gap_term"] + d["inequality_term"] - d[total]) <= 1e-12 * max(1.0, d[total])


@pytest.mark.slow
def test_progressivity_se_matches_design_bootstrap():
    # stratified cluster design: linearized SEs against the Rao-Wu-Yue bootstrap of PSUs
    r = pe.progressivity(DF, pre="pre", tax="tax", design=_design())
    b = pe.progressivity(DF, pre="pre", tax="tax", design=_design(), se="bootstrap", replicates=500, seed=21)
    lin, boot = r.to_frame()["se"].to_numpy(), b.to_frame()["se"].to_numpy()
    keep = lin > 1e-10
    np.testing.assert_allclose(boot[keep], lin[keep], rtol=0.2)


def test_domain_and_missing_values():
    dom = (DF["region"] == "a").to_numpy()
    r = pe.progressivity(DF.assign(d=dom), pre="pre", tax="tax", design=_design(), domain="d")
    sub = DF[dom]
    v, _ = _rows(r)
    assert v["kakwani_tax"] == pytest.approx(_brute_concentration(sub["tax"], sub["pre"], sub["w"])
                                             - _brute_gini(sub["pre"], sub["w"]), abs=1e-12)
    by = pe.progressivity(DF, pre="pre", tax="tax", design=_design(), by="region").to_frame()
    np.testing.assert_allclose(by[by["group"] == "a"][["value", "se"]].to_numpy(),
                               r.to_frame()[["value", "se"]].to_numpy(), rtol=1e-10, atol=1e-15)
    miss = DF.assign(tax=DF["tax"].where(np.arange(N) % 50 != 0))
    with pytest.raises(pe.InputError):
        pe.progressivity(miss, pre="pre", tax="tax", weights="w")
    out = pe.progressivity(miss, pre="pre", tax="tax", weights="w", na="drop")
    assert out.n_dropped == 8
    kept = DF[np.arange(N) % 50 != 0]
    assert _rows(out)[0]["kakwani_tax"] == pytest.approx(
        _brute_concentration(kept["tax"], kept["pre"], kept["w"]) - _brute_gini(kept["pre"], kept["w"]), abs=1e-12)
