"""Frequency weights in ``PovertyPanel`` (``frequency=``): the known-answer test.

Stata's definition of frequency weights (``[U] 11.1.6 weight``): "fweights, or frequency
weights, are weights that indicate the number of duplicated observations". So a panel in
which some households appear ``c`` times as identical copies (the same periods, statuses,
incomes and weights, under different ids) must give exactly what the panel with one record
per distinct household and ``frequency=c`` gives: the same estimates, standard errors,
intervals, degrees of freedom and counts ``n``. The copies here are on a SIMULATED panel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from same_results import RTOL, assert_same



def _panel_data(gaps: bool = False, unequal: bool = False) -> pd.DataFrame:
    df = pe.datasets.simulate_households(400, seed=3).data[["household", "year", "income", "poor", "weight"]].copy()
    rng = np.random.default_rng(5)
    if unequal:
        # weights that change from wave to wave within a household
        df["weight"] = df["weight"] * rng.uniform(0.5, 1.5, len(df))
    if gaps:
        interior = df["year"].between(2015, 2021).to_numpy()
        drop = interior & (rng.random(len(df)) < 0.06)
        df = df[~drop]
    return df.reset_index(drop=True)


def _duplicated(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The panel with 80 households copied once and 30 copied twice (new ids), and the same
    panel with one record per household and its frequency."""
    ids = np.sort(df["household"].unique())
    twice, thrice = ids[10:90], ids[200:230]
    copies = [df]
    for k, chosen in ((1, np.r_[twice, thrice]), (2, thrice)):
        extra = df[df["household"].isin(chosen)].copy()
        extra["household"] = extra["household"] + 100_000 * k
        copies.append(extra)
    expanded = pd.concat(copies, ignore_index=True)
    collapsed = df.copy()
    freq = pd.Series(1, index=ids)
    freq[twice] = 2
    freq[thrice] = 3
    collapsed["freq"] = collapsed["household"].map(freq).to_numpy()
    return expanded, collapsed


_same = assert_same


STATISTICS = {
    "headcount": lambda p: p.headcount(),
    "transition_matrix": lambda p: p.transition_matrix(),
    "transition_matrix_by_period": lambda p: p.transition_matrix(by_period=True),
    "rates": lambda p: p.rates(),
    "rates_by_period": lambda p: p.rates(by_period=True),
    "reentry": lambda p: p.reentry(),
    "spell_shares": lambda p: p.spell_shares(),
    "chronic_transient": lambda p: p.chronic_transient(),
    "chronic_fgt_tau": lambda p: p.chronic_fgt(tau=0.5),
    "chronic_fgt_periods": lambda p: p.chronic_fgt(periods=1, alpha=[0, 2]),
    "vulnerability_panel": lambda p: pe.vulnerability_panel(p, thresholds=(0.3, 0.5)),
}


@pytest.mark.parametrize("gaps", [False, True], ids=["balanced", "gaps"])
@pytest.mark.parametrize("unequal", [False, True], ids=["household-weights", "wave-weights"])
def test_duplicated_households_equal_frequency_weights(gaps, unequal):
    expanded, collapsed = _duplicated(_panel_data(gaps=gaps, unequal=unequal))
    kw = dict(id="household", time="year", income="income", line=3000.0, weights="weight",
              gaps="split" if gaps else "raise")
    full = pe.PovertyPanel(expanded, **kw)
    freq = pe.PovertyPanel(collapsed, frequency="freq", **kw)
    assert freq.n_households == full.n_households == expanded["household"].nunique()
    for name, stat in STATISTICS.items():
        if name == "vulnerability_panel" and gaps:
            continue  # households observed once have no variance
        _same(stat(full), stat(freq), name)
    # joint covariances across two results of one panel are kept
    a_full, b_full = full.headcount(), full.rates()
    a_freq, b_freq = freq.headcount(), freq.rates()
    c_full = pe.contrast(a_full.select(time=2020), b_full.select(measure="exit_rate"))
    c_freq = pe.contrast(a_freq.select(time=2020), b_freq.select(measure="exit_rate"))
    np.testing.assert_allclose(c_freq.to_frame()["se"], c_full.to_frame()["se"], rtol=RTOL)
    np.testing.assert_allclose(freq.headcount().cov().to_numpy(), full.headcount().cov().to_numpy(),
                               rtol=1e-9, atol=1e-16)
    # descriptive counts
    np.testing.assert_array_equal(freq.poverty_profile(0.5)["n"], full.poverty_profile(0.5)["n"])
    np.testing.assert_allclose(freq.poverty_profile(0.5)["share"], full.poverty_profile(0.5)["share"], rtol=RTOL)


def test_status_panel_with_frequency():
    expanded, collapsed = _duplicated(_panel_data())
    kw = dict(id="household", time="year", status="poor", weights="weight")
    full, freq = pe.PovertyPanel(expanded, **kw), pe.PovertyPanel(collapsed, frequency="freq", **kw)
    for name in ("headcount", "transition_matrix", "rates", "reentry", "spell_shares"):
        _same(STATISTICS[name](full), STATISTICS[name](freq), name)
    _same(full.chronic_fgt(tau=1.0, alpha=0), freq.chronic_fgt(tau=1.0, alpha=0), "chronic_fgt")


def test_frequency_one_changes_nothing():
    df = _panel_data(unequal=True).assign(one=1)
    kw = dict(id="household", time="year", income="income", line=3000.0, weights="weight")
    plain, ones = pe.PovertyPanel(df, **kw), pe.PovertyPanel(df, frequency="one", **kw)
    for name in ("headcount", "rates", "chronic_fgt_tau"):
        _same(STATISTICS[name](plain), STATISTICS[name](ones), name)


def test_methods_that_count_records_refuse_frequency():
    _, collapsed = _duplicated(_panel_data())
    p = pe.PovertyPanel(collapsed, id="household", time="year", income="income", line=3000.0, frequency="freq")
    for call in (p.survival, p.person_period,
                 lambda: pe.dynamics.lpm_fe("~ 1", p) if hasattr(pe.dynamics, "lpm_fe") else p.person_period()):
        with pytest.raises(pe.InputError, match="frequency"):
            call()
    sp = p.spells()
    assert "frequency" in sp.columns and set(sp["frequency"]) == {1, 2, 3}


@pytest.mark.parametrize("values, message", [
    ([1.5], "whole numbers"), ([0], "whole numbers"), ([-2], "whole numbers"), ([np.nan], "missing"),
    (["a"], "numeric"),
])
def test_bad_frequencies_are_refused(values, message):
    df = pd.DataFrame({"hh": [1, 1, 2, 2], "year": [1, 2, 1, 2], "poor": [0, 1, 1, 1]})
    df["f"] = pd.Series([values[0], values[0], 1, 1], dtype=object if isinstance(values[0], str) else float)
    with pytest.raises(pe.InputError, match=message):
        pe.PovertyPanel(df, id="hh", time="year", status="poor", frequency="f")


def test_frequency_must_be_constant_within_household():
    df = pd.DataFrame({"hh": [1, 1, 2, 2], "year": [1, 2, 1, 2], "poor": [0, 1, 1, 1], "f": [1, 2, 3, 3]})
    with pytest.raises(pe.InputError, match="same in every period"):
        pe.PovertyPanel(df, id="hh", time="year", status="poor", frequency="f")
    with pytest.raises(pe.InputError, match="unknown"):
        pe.PovertyPanel(df, id="hh", time="year", status="poor", frequency="nope")
