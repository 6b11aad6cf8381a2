"""Registry scale for panels: ``PovertyPanel`` on a dask DataFrame equals the in-memory panel.

The rows of a SIMULATED panel are shuffled and cut into partitions, so that every household's
periods are spread over several partitions; ``PovertyPanel`` shuffles them on the household
id, collapses the households to their distinct histories with frequencies, and every statistic
computed from the households' linearized scores must equal the in-memory one to 1e-10
(estimates, standard errors, intervals, counts). Dask's synchronous scheduler only; the
distributed scheduler is exercised for the measures in ``test_registry_cluster.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from same_results import RTOL, assert_same

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")



@pytest.fixture(autouse=True)
def _synchronous():
    with dask.config.set(scheduler="synchronous"):
        yield


def _split(df: pd.DataFrame, parts: int = 5, seed: int = 0):
    """Rows shuffled, then cut into partitions: households span partitions."""
    return dd.from_pandas(df.sample(frac=1, random_state=seed), npartitions=parts, sort=False)


def _data(unequal: bool = False, gaps: bool = False) -> pd.DataFrame:
    df = pe.datasets.simulate_households(400, seed=7).data[["household", "year", "income", "poor", "weight"]].copy()
    rng = np.random.default_rng(11)
    if unequal:
        df["weight"] = df["weight"] * rng.uniform(0.5, 1.5, len(df))
    else:
        df["weight"] = 1.0
    if gaps:
        drop = df["year"].between(2015, 2021).to_numpy() & (rng.random(len(df)) < 0.06)
        df = df[~drop]
    return df.reset_index(drop=True)


_same = assert_same


STATISTICS = {
    "headcount": lambda p: p.headcount(),
    "transition_matrix": lambda p: p.transition_matrix(),
    "transition_matrix_by_period": lambda p: p.transition_matrix(by_period=True),
    "rates": lambda p: p.rates(),
    "rates_by_period": lambda p: p.rates(by_period=True),
    "reentry": lambda p: p.reentry(),
    "spell_shares": lambda p: p.spell_shares(),
    "chronic_fgt": lambda p: p.chronic_fgt(tau=0.5, alpha=0),
    "chronic_fgt_ever": lambda p: p.chronic_fgt(periods=1, alpha=0),
}
INCOME_ONLY = {
    "chronic_transient": lambda p: p.chronic_transient(),
    "chronic_fgt_gaps": lambda p: p.chronic_fgt(tau=0.5),
    "vulnerability_panel": lambda p: pe.vulnerability_panel(p, thresholds=(0.3, 0.5)),
}


@pytest.mark.parametrize("unequal", [False, True], ids=["equal-weights", "unequal-weights"])
@pytest.mark.parametrize("kind", ["income", "status"])
def test_panel_statistics_equal_the_in_memory_ones(kind, unequal):
    df = _data(unequal=unequal)
    kw = dict(id="household", time="year", weights="weight")
    kw.update(income="income", line=3000.0) if kind == "income" else kw.update(status="poor")
    mem = pe.PovertyPanel(df, **kw)
    reg = pe.PovertyPanel(_split(df, seed=int(unequal)), **kw)
    assert reg.n_households == mem.n_households == df["household"].nunique()
    assert list(reg.periods) == list(mem.periods) and reg.balanced == mem.balanced
    if kind == "status" and not unequal:
        # 0/1 statuses with equal weights: households collapse to far fewer distinct histories
        assert len(reg.households) < mem.n_households / 2
        assert reg.data["frequency"].max() > 1
    stats = dict(STATISTICS, **(INCOME_ONLY if kind == "income" else {}))
    for name, stat in stats.items():
        _same(stat(mem), stat(reg), f"{kind} {name}")
    # a joint covariance across two results of the register's panel, as in memory
    c_mem = pe.contrast(mem.headcount().select(time=2021), mem.rates().select(measure="entry_rate"))
    c_reg = pe.contrast(reg.headcount().select(time=2021), reg.rates().select(measure="entry_rate"))
    np.testing.assert_allclose(c_reg.to_frame()["se"], c_mem.to_frame()["se"], rtol=RTOL)


def test_gaps_split_and_a_line_by_period():
    df = _data(unequal=True, gaps=True)
    line = {y: 2800.0 + 50 * (y - 2014) for y in range(2014, 2023)}
    kw = dict(id="household", time="year", income="income", line=line, weights="weight", gaps="split")
    mem = pe.PovertyPanel(df, **kw)
    reg = pe.PovertyPanel(_split(df, parts=7, seed=3), **kw)
    assert mem.n_gaps > 0
    for name, stat in STATISTICS.items():
        _same(stat(mem), stat(reg), f"gaps {name}")
    _same(mem.chronic_transient(), reg.chronic_transient(), "gaps chronic_transient")
    with pytest.raises(pe.InputError, match="gaps='split'"):
        pe.PovertyPanel(_split(df), **dict(kw, gaps="raise"))


def test_a_register_frequency_column_multiplies():
    df = _data()
    df["f"] = np.where(df["household"] % 3 == 0, 2, 1)
    copies = df[df["f"] == 2].assign(household=lambda d: d["household"] + 10_000)
    kw = dict(id="household", time="year", status="poor")
    mem = pe.PovertyPanel(pd.concat([df, copies], ignore_index=True), **kw)
    reg = pe.PovertyPanel(_split(df), frequency="f", **kw)
    for name in ("headcount", "rates", "spell_shares"):
        _same(STATISTICS[name](mem), STATISTICS[name](reg), f"frequency {name}")


def test_what_needs_the_households_refuses_and_says_dask():
    reg = pe.PovertyPanel(_split(_data()), id="household", time="year", income="income", line=3000.0)
    spec = pe.MPISpec({"living": {"d_food": {}, "d_water": {}}})
    for call in (reg.survival, reg.person_period, reg.spells, reg.household_class,
                 lambda: pe.dynamics.lpm_fe("~ 1", reg), lambda: pe.chronic_mpi(reg, spec, k=0.5, tau=0.5)):
        with pytest.raises(pe.InputError, match="dask"):
            call()


def test_bad_register_rows_are_reported():
    df = _data()
    dup = pd.concat([df, df.iloc[[5]]], ignore_index=True)
    with pytest.raises(pe.InputError, match="duplicate"):
        pe.PovertyPanel(_split(dup), id="household", time="year", status="poor")
    na = df.copy()
    na.loc[3, "income"] = np.nan
    with pytest.raises(pe.InputError, match="'income' has 1 missing"):
        pe.PovertyPanel(_split(na), id="household", time="year", income="income", line=3000.0)
    with pytest.raises(pe.InputError, match="exactly one"):
        pe.PovertyPanel(_split(df), id="household", time="year")
    with pytest.raises(pe.InputError, match="unknown"):
        pe.PovertyPanel(_split(df), id="household", time="year", status="nope")
    bad = df.assign(f=1.5)
    with pytest.raises(pe.InputError, match="whole numbers"):
        pe.PovertyPanel(_split(bad), id="household", time="year", status="poor", frequency="f")
