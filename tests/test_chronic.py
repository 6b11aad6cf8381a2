"""Chronic poverty measures of a PovertyPanel: Foster (2009) duration-adjusted FGT, the
spells approach, and the Alkire-Apablaza-Chakravarty-Yalonetzky (2017) chronic MPI.

Known answers are (a) worked by hand on a four-household panel and (b) recomputed by
brute force with a pandas groupby over households written independently of the library,
including the household-clustered linearized standard errors (with-replacement, one
stratum: ``m/(m-1) sum_i (w_i u_i)^2`` over the m households, u_i the household's
linearized variable of the ratio).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import povecon as pe
from povecon.errors import InputError

SIM = pe.datasets.simulate_households(400, seed=11).data  # SIMULATED
LINE = float(SIM["income"].quantile(0.3))


def _panel(df=SIM, scale=1.0, **kw):
    return pe.PovertyPanel(df.assign(weight=df["weight"] * scale), id="household", time="year", income="income",
                           line=LINE, weights="weight", **kw)


def _rows(r, measure, alpha=None):
    f = r.to_frame()
    f = f[f["measure"] == measure]
    if alpha is not None:
        f = f[f["alpha"] == alpha]
    assert len(f) == 1, (measure, alpha)
    return f.iloc[0]


# ------------------------------------------------------------ brute force
def _brute(df, *, tau=None, periods=None, line=LINE):
    """Household-level quantities written from the definitions (Foster 2009), by groupby."""
    d = df.assign(poor=(df["income"] < line).astype(float),
                  g=np.clip(1 - df["income"] / line, 0, None))
    g = d.groupby("household")
    h = pd.DataFrame({"w": g["weight"].mean(), "T": g.size(), "d": g["poor"].sum()})
    for a in (1, 2):
        h[f"g{a}"] = g["g"].apply(lambda s, a=a: float(np.sum(s.to_numpy() ** a)))
    h["share"] = h["d"] / h["T"]
    h["c"] = ((h["share"] >= tau - 1e-12) if tau is not None else (h["d"] >= periods)) & (h["d"] > 0)
    h["c"] = h["c"].astype(float)
    return h


def _ratio_se(h, a, b):
    """Value and linearized SE of sum w a / sum w b with households as PSUs."""
    W = h["w"]
    B = float((W * b).sum())
    R = float((W * a).sum()) / B
    z = (W * (a - R * b) / B).to_numpy()
    m = z.size
    return R, np.sqrt(m / (m - 1) * np.sum((z - z.mean()) ** 2)), z


def _brute_measures(h):
    one = pd.Series(1.0, index=h.index)
    out = {"chronic_headcount": _ratio_se(h, h["c"], one),
           "average_duration": _ratio_se(h, h["c"] * h["share"], h["c"]),
           ("K", 0): _ratio_se(h, h["c"] * h["share"], one)}
    for a in (1, 2):
        out[("K", a)] = _ratio_se(h, h["c"] * h[f"g{a}"] / h["T"], one)
        out[("G", a)] = _ratio_se(h, h["c"] * h[f"g{a}"] / h["T"], h["c"] * h["share"])
    return out


# ------------------------------------------------------------ Foster (2009)
def test_hand_worked_four_households():
    # line 10; incomes over three periods (hand computation, Foster 2009 definitions):
    #   A: 5, 8, 12  -> poor 2 of 3, gaps .5, .2
    #   B: 4, 4, 4   -> poor 3 of 3, gaps .6 each
    #   C: 9, 11, 11 -> poor 1 of 3, gap .1
    #   D: 20, 20, 20 -> never poor
    # tau = 2/3, equal weights: chronic = {A, B}; H = 2/4 = .5; D = (2/3 + 1)/2 = 5/6;
    # K0 = (2/3 + 1)/4 = 5/12 = H D; K1 = ((.5 + .2)/3 + 1.8/3)/4 = 2.5/12;
    # K2 = ((.25 + .04)/3 + 1.08/3)/4 = 1.37/12; G1 = K1/(H D) = 2.5/5 = .5; G2 = 1.37/5
    df = pd.DataFrame({"household": np.repeat(list("ABCD"), 3), "year": [1, 2, 3] * 4,
                       "income": [5, 8, 12, 4, 4, 4, 9, 11, 11, 20, 20, 20]})
    p = pe.PovertyPanel(df, id="household", time="year", income="income", line=10)
    r = p.chronic_fgt(tau=2 / 3)
    assert _rows(r, "chronic_headcount").value == pytest.approx(0.5)
    assert _rows(r, "average_duration").value == pytest.approx(5 / 6)
    assert _rows(r, "duration_adjusted_fgt", 0).value == pytest.approx(5 / 12)
    assert _rows(r, "duration_adjusted_fgt", 1).value == pytest.approx(2.5 / 12)
    assert _rows(r, "duration_adjusted_fgt", 2).value == pytest.approx(1.37 / 12)
    assert _rows(r, "average_gap", 1).value == pytest.approx(0.5)
    assert _rows(r, "average_gap", 2).value == pytest.approx(1.37 / 5)
    # the same cutoff as a number of periods
    r2 = p.chronic_fgt(periods=2)
    np.testing.assert_allclose(r2.to_frame()["value"], r.to_frame()["value"])


@pytest.mark.parametrize("cut", [{"tau": 0.5}, {"tau": 1.0}, {"periods": 1}, {"periods": 4}])
def test_brute_force_values_and_ses(cut):
    r = _panel().chronic_fgt(**cut, alpha=[0, 1, 2])
    b = _brute_measures(_brute(SIM, **cut))
    for key, (val, se, _) in b.items():
        row = (_rows(r, key) if isinstance(key, str) else
               _rows(r, "duration_adjusted_fgt" if key[0] == "K" else "average_gap", key[1]))
        assert row.value == pytest.approx(val, rel=1e-10), key
        assert row.se == pytest.approx(se, rel=1e-8), key
    assert r.df == SIM["household"].nunique() - 1


def test_identities_ever_and_always_poor():
    p = _panel()
    h = _brute(SIM, tau=1.0)
    r = p.chronic_fgt(tau=0.5)
    K0 = _rows(r, "duration_adjusted_fgt", 0).value
    assert K0 == pytest.approx(_rows(r, "chronic_headcount").value * _rows(r, "average_duration").value)
    for a in (1, 2):
        assert _rows(r, "duration_adjusted_fgt", a).value == pytest.approx(
            K0 * _rows(r, "average_gap", a).value)
    ever = float((h["w"] * (h["d"] > 0)).sum() / h["w"].sum())
    always = float((h["w"] * (h["d"] == h["T"])).sum() / h["w"].sum())
    assert _rows(p.chronic_fgt(periods=1), "chronic_headcount").value == pytest.approx(ever)
    assert _rows(p.chronic_fgt(periods=SIM["year"].nunique()), "chronic_headcount").value == pytest.approx(always)
    assert _rows(p.chronic_fgt(tau=1.0), "chronic_headcount").value == pytest.approx(always)
    # the always-poor are poor in every period: D = 1
    assert _rows(p.chronic_fgt(tau=1.0), "average_duration").value == pytest.approx(1.0)


def test_weights_times_100_change_nothing():
    a = _panel().chronic_fgt(tau=0.5).to_frame()
    b = _panel(scale=100).chronic_fgt(tau=0.5).to_frame()
    np.testing.assert_allclose(b[["value", "se"]], a[["value", "se"]], rtol=1e-10)


def test_tau_contrast_se_against_household_linearized_variables():
    p = _panel()
    r_half, r_all = p.chronic_fgt(tau=0.5), p.chronic_fgt(tau=1.0)
    c = pe.contrast(r_half, r_all).to_frame()
    row = c[c["measure"] == "chronic_headcount"].iloc[0]
    v1, _, z1 = _brute_measures(_brute(SIM, tau=0.5))["chronic_headcount"]
    v2, _, z2 = _brute_measures(_brute(SIM, tau=1.0))["chronic_headcount"]
    z = z1 - z2
    m = z.size
    assert row.value == pytest.approx(v1 - v2)
    assert row.se == pytest.approx(np.sqrt(m / (m - 1) * np.sum((z - z.mean()) ** 2)), rel=1e-8)
    # within one result: K1 - K2 keeps the covariance of the two rows
    ck = pe.contrast(r_half, alpha=(1.0, 2.0)).to_frame()
    kk = ck[ck["measure"] == "duration_adjusted_fgt"].iloc[0]
    b = _brute_measures(_brute(SIM, tau=0.5))
    z = b[("K", 1)][2] - b[("K", 2)][2]
    assert kk.value == pytest.approx(b[("K", 1)][0] - b[("K", 2)][0])
    assert kk.se == pytest.approx(np.sqrt(m / (m - 1) * np.sum((z - z.mean()) ** 2)), rel=1e-8)


def test_window_of_periods_contrast():
    # chronic poverty over two windows of the same households (2014-2017 vs 2019-2022): one
    # panel per window of the same households shares the households as PSUs
    early = SIM[SIM["year"] <= 2017]
    late = SIM[SIM["year"] >= 2019]
    r1, r2 = _panel(early).chronic_fgt(tau=0.5), _panel(late).chronic_fgt(tau=0.5)
    h1, h2 = _brute(early, tau=0.5), _brute(late, tau=0.5)
    one = pd.Series(1.0, index=h1.index)
    v1, _, z1 = _ratio_se(h1, h1["c"], one)
    v2, _, z2 = _ratio_se(h2, h2["c"], one)
    # the households' weights differ across windows, so the panels are different samples:
    # contrast them as independent or as one sample only when the design says so
    c = pe.contrast(r1, r2, independent=True).to_frame()
    row = c[c["measure"] == "chronic_headcount"].iloc[0]
    assert row.value == pytest.approx(v1 - v2)
    m = z1.size
    var = m / (m - 1) * (np.sum((z1 - z1.mean()) ** 2) + np.sum((z2 - z2.mean()) ** 2))
    assert row.se == pytest.approx(np.sqrt(var), rel=1e-8)


def test_unbalanced_panel_uses_observed_periods():
    # household B is seen twice, poor once: share 1/2, chronic at tau = 0.5
    df = pd.DataFrame({"household": ["A"] * 4 + ["B"] * 2, "year": [1, 2, 3, 4, 1, 2],
                       "income": [5, 5, 20, 20, 5, 20], "weight": [1, 1, 1, 1, 3, 3]})
    p = pe.PovertyPanel(df, id="household", time="year", income="income", line=10, weights="weight")
    r = p.chronic_fgt(tau=0.5, alpha=[0, 1])
    assert _rows(r, "chronic_headcount").value == pytest.approx(1.0)
    assert _rows(r, "average_duration").value == pytest.approx(0.5)
    # K1 = (1 x (.5 + .5)/4 + 3 x .5/2) / 4
    assert _rows(r, "duration_adjusted_fgt", 1).value == pytest.approx((0.25 + 0.75) / 4)


def test_status_panel_and_bad_input():
    df = SIM.assign(st=(SIM["income"] < LINE).astype(int))
    p = pe.PovertyPanel(df, id="household", time="year", status="st", weights="weight")
    r = p.chronic_fgt(tau=0.5, alpha=0)
    np.testing.assert_allclose(r.to_frame()["value"],
                               _panel().chronic_fgt(tau=0.5, alpha=0).to_frame()["value"])
    with pytest.raises(InputError, match="alpha > 0"):
        p.chronic_fgt(tau=0.5)
    q = _panel()
    for kw in ({}, {"tau": 0.5, "periods": 2}, {"tau": 0}, {"tau": 1.5}, {"periods": 0}, {"periods": 99},
               {"periods": 1.5}, {"tau": 0.5, "alpha": -1}, {"tau": 0.5, "alpha": []}):
        with pytest.raises(InputError):
            q.chronic_fgt(**kw)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.lists(st.floats(0.5, 30), min_size=2, max_size=5),
                          st.floats(0.5, 5)), min_size=2, max_size=6),
       st.sampled_from([0.2, 0.5, 2 / 3, 1.0]))
def test_property_K_is_H_D_G(households, tau):
    rows = []
    for i, (start, incomes, w) in enumerate(households):
        for t, y in enumerate(incomes):
            rows.append({"household": i, "year": start + t, "income": y, "weight": w})
    df = pd.DataFrame(rows)
    if df["year"].nunique() < 2:
        return
    p = pe.PovertyPanel(df, id="household", time="year", income="income", line=10, weights="weight",
                        spacing="waves")
    r = p.chronic_fgt(tau=tau)
    H, D = _rows(r, "chronic_headcount").value, _rows(r, "average_duration").value
    K0 = _rows(r, "duration_adjusted_fgt", 0).value
    if H == 0:
        assert K0 == 0
        return
    assert K0 == pytest.approx(H * D)
    for a in (1, 2):
        assert _rows(r, "duration_adjusted_fgt", a).value == pytest.approx(H * D * _rows(r, "average_gap", a).value)
    assert 0 <= _rows(r, "duration_adjusted_fgt", 2).value <= _rows(r, "duration_adjusted_fgt", 1).value <= K0


# ------------------------------------------------------------ spells approach
def _brute_spells(df, line=LINE):
    d = df.sort_values(["household", "year"]).assign(poor=(df["income"] < line).astype(int))
    # a poor spell starts at a poor wave whose previous wave (of the same household) is not poor
    prev = d.groupby("household")["poor"].shift(1, fill_value=0)
    d["start"] = ((d["poor"] == 1) & (prev == 0)).astype(int)
    g = d.groupby("household")
    return pd.DataFrame({"w": g["weight"].mean(), "T": g.size(), "d": g["poor"].sum(), "spells": g["start"].sum()})


def test_spell_shares_brute_force():
    r = _panel().spell_shares()
    h = _brute_spells(SIM)
    one = pd.Series(1.0, index=h.index)
    checks = {("never_poor", None): h["d"] == 0, ("ever_poor", None): h["d"] > 0,
              ("always_poor", None): h["d"] == h["T"], ("transient_poor", None): (h["d"] > 0) & (h["d"] < h["T"])}
    for k in range(int(h["spells"].max()) + 1):
        checks[("poor_spells", k)] = h["spells"] == k
    for k in (0, 3, 9):
        checks[("poor_periods", k)] = h["d"] == k
    f = r.to_frame()
    for (measure, k), ind in checks.items():
        row = f[(f["measure"] == measure) & ((f["count"] == k) if k is not None else f["count"].isna())]
        assert len(row) == 1
        val, se, _ = _ratio_se(h, ind.astype(float), one)
        assert row["value"].iloc[0] == pytest.approx(val, rel=1e-10), (measure, k)
        assert row["se"].iloc[0] == pytest.approx(se, rel=1e-8), (measure, k)
    val, se, _ = _ratio_se(h, h["spells"].astype(float), (h["d"] > 0).astype(float))
    row = _rows(r, "mean_poor_spells_ever_poor")
    assert (row.value, row.se) == (pytest.approx(val), pytest.approx(se, rel=1e-8))
    # the distributions add up to one; ever poor is Foster's headcount with a one-period cutoff
    assert f.loc[f["measure"] == "poor_spells", "value"].sum() == pytest.approx(1.0)
    assert f.loc[f["measure"] == "poor_periods", "value"].sum() == pytest.approx(1.0)
    p = _panel()
    assert _rows(r, "ever_poor").value == pytest.approx(_rows(p.chronic_fgt(periods=1), "chronic_headcount").value)
    assert _rows(r, "always_poor").value == pytest.approx(_rows(p.chronic_fgt(tau=1.0), "chronic_headcount").value)
    # a contrast between counts keeps their (negative) covariance
    c = pe.contrast(r, count=(1, 2)).to_frame()
    row = c[c["measure"] == "poor_spells"].iloc[0]
    _, _, z1 = _ratio_se(h, (h["spells"] == 1).astype(float), one)
    _, _, z2 = _ratio_se(h, (h["spells"] == 2).astype(float), one)
    z = z1 - z2
    assert row.se == pytest.approx(np.sqrt(z.size / (z.size - 1) * np.sum((z - z.mean()) ** 2)), rel=1e-8)


def test_spell_shares_weights_times_100():
    a = _panel().spell_shares().to_frame()
    b = _panel(scale=100).spell_shares().to_frame()
    np.testing.assert_allclose(b[["value", "se"]], a[["value", "se"]], rtol=1e-10)


# ------------------------------------------------------------ chronic MPI (AACY 2017)
SPEC = pe.MPISpec({"living": {"d_food": {}, "d_clothing": {}, "d_housing": {}, "d_water": {}},
                   "services": {"d_education": {}, "d_medical": {}}})
EARLY = SIM[SIM["year"] <= 2017].reset_index(drop=True)  # the simulated deprivations fade later
K = 0.2


def _mpi_panel(df=EARLY, scale=1.0):
    return pe.PovertyPanel(df.assign(weight=df["weight"] * scale), id="household", time="year", income="income",
                           line=LINE, weights="weight")


def _brute_mpi(df, k, *, tau=None, periods=None):
    # equal nested weights: living 1/2 over 4 indicators, services 1/2 over 2
    w = {"d_food": 1 / 8, "d_clothing": 1 / 8, "d_housing": 1 / 8, "d_water": 1 / 8,
         "d_education": 1 / 4, "d_medical": 1 / 4}
    c = sum(df[v] * wv for v, wv in w.items())
    d = df.assign(c=c, mpoor=(c >= k - 1e-9).astype(float))
    d["cp"] = d["c"] * d["mpoor"]
    g = d.groupby("household")
    h = pd.DataFrame({"w": g["weight"].mean(), "T": g.size(), "d": g["mpoor"].sum(), "cp": g["cp"].sum()})
    h["share"] = h["d"] / h["T"]
    h["c"] = (((h["share"] >= tau - 1e-12) if tau is not None else (h["d"] >= periods)) & (h["d"] > 0)).astype(float)
    one = pd.Series(1.0, index=h.index)
    return {"chronic_headcount": _ratio_se(h, h["c"], one),
            "average_duration": _ratio_se(h, h["c"] * h["share"], h["c"]),
            "average_intensity": _ratio_se(h, h["c"] * h["cp"] / h["T"], h["c"] * h["share"]),
            "chronic_m0": _ratio_se(h, h["c"] * h["cp"] / h["T"], one)}


@pytest.mark.parametrize("cut", [{"tau": 0.5}, {"periods": 1}, {"periods": 3}])
def test_chronic_mpi_brute_force(cut):
    r = pe.chronic_mpi(_mpi_panel(), SPEC, k=K, **cut)
    b = _brute_mpi(EARLY, K, **cut)
    for measure, (val, se, _) in b.items():
        row = _rows(r, measure)
        assert row.value == pytest.approx(val, rel=1e-10), measure
        assert row.se == pytest.approx(se, rel=1e-8, nan_ok=True), measure
    H, D, A = (_rows(r, m).value for m in ("chronic_headcount", "average_duration", "average_intensity"))
    assert _rows(r, "chronic_m0").value == pytest.approx(H * D * A)
    assert H > 0


def test_chronic_mpi_one_wave_cutoff_is_the_mean_of_the_waves_m0():
    # with periods=1 every ever-poor household is chronic and M^C is the mean over waves of
    # the cross-sectional M0 (balanced panel, household weights constant over waves)
    assert (EARLY.groupby("household")["weight"].nunique() == 1).all()
    r = pe.chronic_mpi(_mpi_panel(), SPEC, k=K, periods=1)
    m0 = pe.mpi(EARLY, SPEC, k=K, time="year", weights="weight", se=None).to_frame()
    m0 = m0[m0["measure"] == "M0"]["value"]
    assert len(m0) == EARLY["year"].nunique()
    assert _rows(r, "chronic_m0").value == pytest.approx(m0.mean(), rel=1e-10)


def test_chronic_mpi_k_list_weights_and_contrast():
    p = _mpi_panel()
    r = pe.chronic_mpi(p, SPEC, k=[K, 1 / 3], tau=0.5)
    f = r.to_frame()
    assert sorted(f["k"].unique()) == pytest.approx([K, 1 / 3])
    r100 = pe.chronic_mpi(_mpi_panel(scale=100), SPEC, k=[K, 1 / 3], tau=0.5).to_frame()
    np.testing.assert_allclose(r100[["value", "se"]], f[["value", "se"]], rtol=1e-10, equal_nan=True)
    # chronic (tau = 1/2) minus ever poor (one wave) headcount, against the brute force variables
    c = pe.contrast(pe.chronic_mpi(p, SPEC, k=K, tau=0.5), pe.chronic_mpi(p, SPEC, k=K, periods=1)).to_frame()
    row = c[c["measure"] == "chronic_headcount"].iloc[0]
    v1, _, z1 = _brute_mpi(EARLY, K, tau=0.5)["chronic_headcount"]
    v2, _, z2 = _brute_mpi(EARLY, K, periods=1)["chronic_headcount"]
    z = z1 - z2
    assert row.value == pytest.approx(v1 - v2)
    assert row.se == pytest.approx(np.sqrt(z.size / (z.size - 1) * np.sum((z - z.mean()) ** 2)), rel=1e-8)


def test_chronic_mpi_bad_input():
    p = _mpi_panel()
    with pytest.raises(pe.SpecError):
        pe.chronic_mpi(p, SPEC, tau=0.5)
    with pytest.raises(InputError):
        pe.chronic_mpi(p, SPEC, k=K)
    with pytest.raises(InputError):
        pe.chronic_mpi(p, {"x": {"nope": {}}}, k=K, tau=0.5)
    bad = EARLY.copy()
    bad.loc[0, "d_food"] = np.nan
    with pytest.raises(InputError, match="missing"):
        pe.chronic_mpi(_mpi_panel(bad), SPEC, k=K, tau=0.5)
