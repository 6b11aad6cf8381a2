"""PovertyPanel: hand-computed cases, engine cross-checks, properties, errors."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings, strategies as st, HealthCheck

import povecon as pe
from povecon.dynamics import PovertyPanel

# hh 1: P N N P N ; hh 2: N N N N N ; hh 3: P P N (2010-2012)
HAND = pd.DataFrame({
    "hh": [1] * 5 + [2] * 5 + [3] * 3,
    "yr": list(range(2010, 2015)) * 2 + [2010, 2011, 2012],
    "s": [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0],
})


def rate(p, name):
    return p.rates().select(measure=f"{name}_rate").value


def test_hand_transitions_and_rates():
    p = PovertyPanel(HAND, "hh", "yr", status="s")
    assert not p.balanced and p.n_gaps == 0
    tab = p.transition_table()
    # pairs from non-poor: hh1 N->N, N->P; hh2 4 x N->N  => 6 pairs, 1 entry
    assert tab.loc["nonpoor", "poor"] == pytest.approx(1 / 6)
    # pairs from poor: hh1 P->N twice; hh3 P->P, P->N  => 4 pairs, 3 exits
    assert tab.loc["poor", "nonpoor"] == pytest.approx(3 / 4)
    assert rate(p, "persistence") == pytest.approx(1 / 4)
    # re-entry: only hh1's N->N (2011-12) and N->P (2012-13) follow an exit
    assert rate(p, "reentry") == pytest.approx(1 / 2)
    assert rate(p, "first_entry") == pytest.approx(0.0)


def test_hand_spells_and_reentry_table():
    p = PovertyPanel(HAND, "hh", "yr", status="s")
    sp = p.spells()
    assert sp["state"].tolist() == ["poor", "nonpoor", "poor", "nonpoor", "nonpoor", "poor", "nonpoor"]
    assert sp["length"].tolist() == [1, 2, 1, 1, 5, 2, 1]
    assert sp["left_censored"].tolist() == [True, False, False, False, True, True, False]
    assert sp["right_censored"].tolist() == [False, False, False, True, True, False, True]
    lt = p.reentry().table()
    # one exit spell observed for 2 waves ending in re-entry; the other two are censored at d=0
    assert lt["at_risk"].tolist() == [1.0, 1.0]
    assert lt["reentries"].tolist() == [0.0, 1.0]
    assert lt["survival"].tolist() == [1.0, 0.0]
    pp = p.person_period()
    assert pp["years_since_exit"].tolist() == [1, 2]
    assert pp["event"].tolist() == [0, 1]
    assert pp["yr"].tolist() == [2011, 2012]  # covariates from the origin wave


def test_transition_se_equals_statsmodels_cluster():
    rng = np.random.default_rng(3)
    H, T = 60, 5
    df = pd.DataFrame({"id": np.repeat(np.arange(H), T), "t": np.tile(np.arange(T), H),
                       "s": rng.integers(0, 2, H * T), "w": rng.uniform(0.5, 2, H * T)})
    p = PovertyPanel(df, "id", "t", status="s", weights="w")
    tm = p.transition_matrix().table().set_index(["origin", "destination"])
    # same quantity as a weighted mean of next status among non-poor origins, clustered by household
    o = df.groupby("id")["s"].shift(-1)
    sel = (df["s"] == 0) & o.notna()
    fit = sm.WLS(o[sel].to_numpy(float), np.ones(sel.sum()), weights=df.loc[sel, "w"]).fit(
        cov_type="cluster", cov_kwds={"groups": df.loc[sel, "id"].to_numpy()})
    assert tm.loc[("nonpoor", "poor"), "prob"] == pytest.approx(fit.params[0], rel=1e-12)
    # statsmodels' small-sample factor G/(G-1) * (N-1)/(N-K) reduces to G/(G-1) with K = 1 over the G
    # households with a non-poor origin; the panel's design counts all H households as PSUs (the pairs
    # from non-poor are a domain of it, as pe.fgt(..., by=) treats groups), hence H/(H-1)
    G = df.loc[sel, "id"].nunique()
    factor = np.sqrt(H / (H - 1) * (G - 1) / G)
    assert tm.loc[("nonpoor", "poor"), "se"] == pytest.approx(fit.bse[0] * factor, rel=1e-10)


def test_income_with_line_schedule_region_and_deflator():
    df = pd.DataFrame({"id": [1, 1, 2, 2], "t": [2019, 2020, 2019, 2020], "reg": ["a", "a", "b", "b"],
                       "inc": [100.0, 220.0, 100.0, 150.0], "cpi": [1.0, 2.0, 1.0, 1.0]})
    sched = pd.DataFrame({"t": [2019, 2020, 2019, 2020], "reg": ["a", "a", "b", "b"],
                          "line": [120.0, 100.0, 90.0, 160.0]})
    before = df.copy()
    p = PovertyPanel(df, "id", "t", income="inc", line=sched, region="reg", deflator="cpi")
    # hh1: 100<120 poor, 220/2=110>=100 nonpoor ; hh2: 100>=90 nonpoor, 150<160 poor
    assert p.data["poor"].tolist() == [1, 0, 0, 1]
    pd.testing.assert_frame_equal(df, before)  # caller's data untouched
    p2 = PovertyPanel(df, "id", "t", income="inc", line={2019: 100.0, 2020: 200.0})
    assert p2.data["poor"].tolist() == [0, 0, 0, 1]


def test_jalan_ravallion_hand():
    df = pd.DataFrame({"id": [1, 1, 2, 2], "t": [1, 2, 1, 2], "y": [0.5, 1.5, 0.5, 0.5]})
    p = PovertyPanel(df, "id", "t", income="y", line=1.0)
    ct = p.chronic_transient(alpha=2).table().set_index("component")["value"]
    # hh1: total (0.25 + 0)/2 = 0.125, chronic P(1.0) = 0; hh2: total 0.25 = chronic
    assert ct["total"] == pytest.approx((0.125 + 0.25) / 2)
    assert ct["chronic"] == pytest.approx(0.125)
    assert ct["transient"] == pytest.approx(0.0625)
    prof = p.poverty_profile().set_index("class")["share"]
    assert prof.tolist() == [0.0, 0.5, 0.5]


def test_gaps_and_spacing_and_keys():
    df = pd.DataFrame({"id": [1, 1, 1, 2, 2, 2], "t": [1, 2, 4, 1, 2, 3], "s": [1, 0, 1, 0, 1, 1]})
    with pytest.raises(pe.InputError, match="gap"):
        PovertyPanel(df, "id", "t", status="s")
    p = PovertyPanel(df, "id", "t", status="s", gaps="split")
    assert p.n_gaps == 1
    # the 2 -> 4 gap carries no transition: pairs are hh1 1->2, hh2 1->2, 2->3
    assert p.transition_matrix().table()["n"].iloc[[0, 2]].sum() == 3
    sp = p.spells()
    assert sp.loc[(sp["id"] == 1) & (sp["start"] == 4), "left_censored"].item()
    assert sp.loc[(sp["id"] == 1) & (sp["start"] == 2), "right_censored"].item()
    with pytest.raises(pe.EstimationError, match="consecutive"):
        pe.dynamic_probit("poor ~ 1", p)
    uneven = pd.DataFrame({"id": [1, 1, 1], "t": [2010, 2012, 2013], "s": [1, 0, 1]})
    with pytest.raises(pe.InputError, match="unevenly"):
        PovertyPanel(uneven, "id", "t", status="s")
    assert PovertyPanel(uneven, "id", "t", status="s", spacing="waves").transition_matrix().table().groupby("origin")["n"].first().sum() == 2
    dup = pd.DataFrame({"id": [1, 1, 1], "t": [1, 1, 2], "s": [0, 1, 1]})
    with pytest.raises(pe.InputError, match="share a key"):
        PovertyPanel(dup, "id", "t", status="s")
    one = pd.DataFrame({"id": [1, 2], "t": [5, 5], "s": [0, 1]})
    with pytest.raises(pe.InputError, match="two periods"):
        PovertyPanel(one, "id", "t", status="s")
    with pytest.raises(pe.InputError, match="0/1"):
        PovertyPanel(df.assign(s=2), "id", "t", status="s", gaps="split")
    with pytest.raises(pe.InputError, match="exactly one"):
        PovertyPanel(df, "id", "t")


@st.composite
def panels(draw):
    H = draw(st.integers(1, 12))
    T = draw(st.integers(2, 6))
    rows = []
    for h in range(H):
        # household 0 spans every period, so the periods stay evenly spaced; one weight per
        # household, since spells carry the weight of their first wave and person-periods that
        # of their origin wave, which agree only when a household's weight is constant
        start = 0 if h == 0 else draw(st.integers(0, T - 2))
        stop = T if h == 0 else draw(st.integers(start + 2, T))
        w = draw(st.floats(0.1, 5))
        for t in range(start, stop):
            rows.append((h, t, draw(st.integers(0, 1)), w))
    return pd.DataFrame(rows, columns=["id", "t", "s", "w"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels())
def test_properties(df):
    p = PovertyPanel(df, "id", "t", status="s", weights="w")
    tm = p.transition_matrix().table()
    sums = tm.dropna(subset=["prob"]).groupby("origin")["prob"].sum()
    np.testing.assert_allclose(sums, 1.0)
    sp = p.spells()
    # spells partition the rows
    assert sp["length"].sum() == len(df)
    # left-censored exactly at a household's first observed period (no gaps here)
    first = df.groupby("id")["t"].min()
    assert (sp["left_censored"] == (sp["start"].to_numpy() == first.loc[sp["id"]].to_numpy())).all()
    last = df.groupby("id")["t"].max()
    assert (sp["right_censored"] == (sp["end"].to_numpy() == last.loc[sp["id"]].to_numpy())).all()
    pp = p.person_period()
    # no re-entry without a prior exit: every at-risk household has an observed exit before
    exits = df.sort_values(["id", "t"]).assign(prev=lambda d: d.groupby("id")["s"].shift())
    exit_t = exits[(exits["prev"] == 1) & (exits["s"] == 0)].groupby("id")["t"].min()
    if len(pp):
        assert (pp["t"].to_numpy() >= exit_t.reindex(pp["id"]).to_numpy()).all()
        # events = exit spells that end inside the window
        ends = sp[sp["after_exit"] & ~sp["right_censored"]]
        assert pp["event"].sum() == len(ends)
        lt = p.reentry().table()
        # life-table hazard (from spells) = weighted event share by duration (from person-period data)
        h = pp.groupby("years_since_exit").apply(lambda g: np.average(g["event"], weights=g["w"]),
                                                include_groups=False)
        np.testing.assert_allclose(lt.set_index("years_since_exit")["hazard"].loc[h.index], h.to_numpy())
        np.testing.assert_allclose(lt["survival"], np.cumprod(1 - lt["hazard"]), atol=1e-12)
    else:
        assert p.rates().select(measure="reentry_rate").to_frame()["n"].item() == 0
    ct = None
    jr = PovertyPanel(df.assign(y=df["w"]), "id", "t", income="y", line=2.5).chronic_transient()
    ct = jr.table().set_index("component")["value"]
    assert ct["chronic"] <= ct["total"] + 1e-12  # Jensen: P convex
