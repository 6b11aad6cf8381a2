"""PovertyPanel's tables as Results: types, design-based SEs, joint contrasts across periods,
weights x100, old access; HausmanResult's degrees of freedom."""

import warnings

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.dynamics import PovertyPanel
from povecon.dynamics.panel import _km_linearized


def simulated(H=80, T=4, seed=11, balanced=True):
    rng = np.random.default_rng(seed)
    u = rng.normal(size=H)
    rows = []
    for h in range(H):
        w = rng.uniform(0.5, 3.0)  # one weight per household, varying by period below
        start = 0 if balanced or h % 5 else 1
        for t in range(start, T):
            inc = np.exp(1.0 + 0.6 * u[h] + 0.5 * rng.normal())
            rows.append((h, 2016 + 2 * t, inc, w * rng.uniform(0.9, 1.1)))
    return pd.DataFrame(rows, columns=["hh", "year", "inc", "w"])


LINE = 2.6


def make(df, **kw):
    return PovertyPanel(df, "hh", "year", income="inc", line=LINE, weights="w", **kw)


METHODS = {
    "headcount": lambda p: p.headcount(),
    "transition_matrix": lambda p: p.transition_matrix(by_period=True),
    "rates": lambda p: p.rates(by_period=True),
    "reentry": lambda p: p.reentry(),
    "chronic_transient": lambda p: p.chronic_transient(alpha=2),
    "vulnerability_panel": lambda p: pe.vulnerability_panel(p),
}


@pytest.mark.parametrize("name", list(METHODS))
def test_result_types_and_frame(name):
    p = make(simulated())
    r = METHODS[name](p)
    assert isinstance(r, pe.PanelResult) and isinstance(r, pe.Result)
    f = r.to_frame()
    assert list(f.columns[:3]) == ["measure", "group", "time"]
    assert list(f.columns[-5:]) == ["value", "se", "ci_lower", "ci_upper", "n"]
    assert r.se_method == "linearized" and r.df == p.n_households - 1
    ok = f["se"].notna()
    assert (f.loc[ok, "se"] >= 0).all() and ok.any()
    assert isinstance(r.table(), pd.DataFrame) and isinstance(r.summary(), pe.Summary)


def test_families_columns_and_old_tables():
    p = make(simulated())
    tm = p.transition_matrix()
    assert {"from_state", "to_state"} <= set(tm.to_frame().columns)
    old = tm.table()
    assert list(old.columns) == ["origin", "destination", "prob", "se", "n"]
    np.testing.assert_array_equal(old["prob"], tm.to_frame()["value"])
    assert list(p.transition_matrix(by_period=True).table().columns) == ["period", "origin", "destination",
                                                                          "prob", "se", "n"]
    rates = p.rates()
    assert rates.to_frame()["measure"].tolist() == ["entry_rate", "exit_rate", "persistence_rate",
                                                    "reentry_rate", "first_entry_rate"]
    assert rates.table()["rate"].tolist() == ["entry", "exit", "persistence", "reentry", "first_entry"]
    hc = p.headcount()
    assert list(hc.table().columns) == ["year", "headcount", "n"]
    np.testing.assert_array_equal(hc.to_frame()["time"], p.periods)
    lt = p.reentry()
    assert set(lt.to_frame()["measure"]) == {"hazard", "survival", "cum_reentry"}
    life = lt.table()
    np.testing.assert_allclose(lt.select(measure="hazard").to_frame()["value"], life["hazard"])
    np.testing.assert_allclose(lt.select(measure="survival").to_frame()["value"], life["survival"])
    ct = p.chronic_transient()
    assert list(ct.table()["component"]) == ["total", "chronic", "transient"]
    assert ct.select(measure="total").value == pytest.approx(
        ct.select(measure="chronic").value + ct.select(measure="transient").value)
    v = pe.vulnerability_panel(p, thresholds=(0.3, 0.5))
    assert v.households.shape[0] == p.n_households
    hh = v.households
    wh = p.data.groupby("hh")["w"].mean().loc[hh.index]
    assert v.select(measure="mean_vulnerability").value == pytest.approx(np.average(hh["vulnerability"],
                                                                                   weights=wh))
    assert v.select(measure="vulnerability_rate", threshold=0.3).value == pytest.approx(
        np.average(hh["vulnerability"] >= 0.3, weights=wh))


def test_old_frame_access_warns_and_gives_the_old_frame():
    p = make(simulated())
    r = p.headcount()
    with pytest.warns(DeprecationWarning, match="table"):
        col = r["headcount"]
    pd.testing.assert_series_equal(col, r.table()["headcount"])
    with pytest.warns(DeprecationWarning, match="set_index"):
        old = p.rates().set_index("rate")
    assert old.loc["exit", "value"] == pytest.approx(p.rates().select(measure="exit_rate").value)
    v = pe.vulnerability_panel(p)
    with pytest.warns(DeprecationWarning):
        assert v.loc[v.households.index[0], "vulnerability"] == v.households["vulnerability"].iloc[0]
    with pytest.raises(AttributeError):
        p.headcount().not_a_frame_method


@pytest.mark.parametrize("balanced", [True, False])
def test_headcount_se_equals_fgt_with_households_as_psus(balanced):
    df = simulated(balanced=balanced)
    p = make(df)
    design = pe.SurveyDesign(weights="w", psu="hh")
    # the pooled data with each year a domain: the same linearization, all households as PSUs
    ref = pe.headcount(df, "inc", line=LINE, by="year", design=design).to_frame()
    mine = p.headcount().to_frame()
    np.testing.assert_allclose(mine["value"].to_numpy(), ref["value"].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(mine["se"].to_numpy(), ref["se"].to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(mine["ci_lower"].to_numpy(), ref["ci_lower"].to_numpy(), rtol=1e-10)
    if balanced:
        # every household in every year: one year's data alone is the same design
        for t in p.periods:
            one = pe.fgt(df[df["year"] == t], "inc", line=LINE, design=design)
            row = p.headcount().select(time=t)
            assert row.value == pytest.approx(float(one), rel=1e-12)
            assert row.se == pytest.approx(one.se, rel=1e-10)


def hand_headcount_scores(df, t):
    """Household totals of w_it (poor_it - H_t) / N_t for period t (zero for households not seen)."""
    d = df[df["year"] == t]
    poor = (d["inc"] < LINE).astype(float)
    N = d["w"].sum()
    H_t = (d["w"] * poor).sum() / N
    z = (d["w"] * (poor - H_t) / N).groupby(d["hh"]).sum()
    return H_t, z.reindex(sorted(df["hh"].unique()), fill_value=0.0)


@pytest.mark.parametrize("balanced", [True, False])
def test_contrast_between_periods_keeps_the_covariance(balanced):
    df = simulated(balanced=balanced)
    p = make(df)
    c = pe.contrast(p.headcount(), time=(2022, 2016))
    h1, z1 = hand_headcount_scores(df, 2022)
    h0, z0 = hand_headcount_scores(df, 2016)
    z = (z1 - z0).to_numpy()
    m = z.size
    var = m / (m - 1) * np.sum((z - z.mean()) ** 2)
    assert c.value == pytest.approx(h1 - h0, rel=1e-12)
    assert c.se == pytest.approx(np.sqrt(var), rel=1e-10)
    # the same households in both years: the covariance is positive here, and dropping it is wrong
    v1, v0 = (m / (m - 1) * np.sum((zz - zz.mean()) ** 2) for zz in (z1.to_numpy(), z0.to_numpy()))
    assert abs(c.se - np.sqrt(v1 + v0)) > 1e-4
    assert c.df == p.n_households - 1
    # the same contrast from pe.headcount on the pooled data (domains of one design)
    ref = pe.headcount(df, "inc", line=LINE, by="year", design=pe.SurveyDesign(weights="w", psu="hh"))
    rc = pe.contrast(ref, group=(2022, 2016))
    assert c.se == pytest.approx(rc.se, rel=1e-10)


def test_contrast_of_rates_against_pair_level_scores():
    df = simulated()
    p = make(df)
    r = p.rates()
    c = pe.contrast(r, measure=("exit_rate", "entry_rate"))
    d = df.sort_values(["hh", "year"]).assign(poor=lambda x: (x["inc"] < LINE).astype(float))
    d["next"] = d.groupby("hh")["poor"].shift(-1)
    pairs = d.dropna(subset=["next"])

    def scores(origin, hit):
        sel = pairs["poor"] == origin
        D = pairs.loc[sel, "w"].sum()
        rate = (pairs.loc[sel, "w"] * (pairs.loc[sel, "next"] == hit)).sum() / D
        z = (sel * pairs["w"] * ((pairs["next"] == hit) - rate) / D).groupby(pairs["hh"]).sum()
        return rate, z

    ex, zx = scores(1, 0)
    en, zn = scores(0, 1)
    z = (zx - zn).to_numpy()
    m = p.n_households
    assert c.value == pytest.approx(ex - en, rel=1e-12)
    assert c.se == pytest.approx(np.sqrt(m / (m - 1) * np.sum((z - z.mean()) ** 2)), rel=1e-10)
    # across two results of one panel (and two panels of the same households): joint too
    tm = p.transition_matrix()
    c2 = pe.contrast(r.select(measure="exit_rate").relabel(measure="x"),
                     tm.select(from_state="poor", to_state="nonpoor").relabel(measure="x"))
    assert c2.value == pytest.approx(0.0, abs=1e-14) and c2.se == pytest.approx(0.0, abs=1e-12)
    other = PovertyPanel(df, "hh", "year", income="inc", line=LINE * 1.2, weights="w")
    c3 = pe.contrast(other.headcount(), p.headcount())
    assert (c3.to_frame()["se"] > 0).all()
    with pytest.raises(pe.InputError, match="independent"):
        pe.contrast(make(simulated(seed=12)).headcount(), p.headcount())


def test_reentry_survival_se_is_the_clustered_km_linearization():
    df = simulated(H=150, T=6, seed=4)
    p = make(df)
    lt = p.reentry()
    dur, event, w, hh, _ = p._exit_spells()
    times = np.arange(1, int(dur.max()) + 1)
    se_km, _ = _km_linearized(dur, event, w, hh, times.astype(float))
    m = np.unique(hh).size
    H = p.n_households
    # _km_linearized counts the m households with a spell at risk; the panel's design all H
    mine = lt.select(measure="survival").to_frame()["se"].to_numpy()
    ok = np.isfinite(se_km)
    assert ok.sum() >= 3
    np.testing.assert_allclose(mine[ok], se_km[ok] * np.sqrt(H / (H - 1) * (m - 1) / m), rtol=1e-9)


@pytest.mark.parametrize("name", list(METHODS))
def test_weights_times_100_leave_estimates_and_ses_unchanged(name):
    df = simulated(balanced=False)
    a = METHODS[name](make(df)).to_frame()
    b = METHODS[name](make(df.assign(w=df["w"] * 100))).to_frame()
    np.testing.assert_allclose(a["value"], b["value"], rtol=1e-10)
    np.testing.assert_allclose(a["se"], b["se"], rtol=1e-9)


def test_hausman_chi2_df_and_design_df():
    fe = pd.Series([0.5, -0.2], index=["x1", "x2"])
    re = pd.Series([0.4, -0.1], index=["x1", "x2"])
    h = pe.HausmanResult(statistic=6.2, chi2_df=2, pvalue=0.045, fe=fe, re=re, nobs=100)
    assert h.chi2_df == 2 and h.df is None
    with pytest.warns(DeprecationWarning, match="chi2_df"):
        assert h["df"] == 2
    with pytest.warns(DeprecationWarning, match="chi2_df"):
        old = pe.HausmanResult(statistic=6.2, df=2, pvalue=0.045, fe=fe, re=re, nobs=100)
    assert old.chi2_df == 2 and old.df is None
    text = str(h.summary())
    assert "chi2(2) = 6.2" in text and "degrees of freedom" not in text.split("\n")[2]
    assert "chi2_df=2" in repr(h)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert h.to_frame()["ci_lower"].isna().all()
