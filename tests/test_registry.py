"""Registry scale: every estimator on a dask DataFrame equals the in-memory estimator.

The in-memory results are themselves checked against R survey, convey, laeken and mpitbR
elsewhere; here the dask path must give the same estimates and standard errors to 1e-10
(relative; an SE that is zero in theory, such as that of the Lorenz ordinate at p = 1, is
compared in absolute terms at 1e-14), whatever the partitioning: rows shuffled so that PSUs
and households span partitions. These tests use dask's synchronous scheduler; the
distributed scheduler (worker processes, a killed worker) is tested in
``test_registry_cluster.py``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import povecon as pe
from same_results import RTOL, assert_same

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")

import test_api_spine as spine  # noqa: E402



@pytest.fixture(autouse=True)
def _synchronous():
    with dask.config.set(scheduler="synchronous"):
        yield


def _split(df: pd.DataFrame, parts: int = 4, seed: int = 0):
    """Rows shuffled, then cut into partitions: PSUs and households span partitions."""
    return dd.from_pandas(df.sample(frac=1, random_state=seed), npartitions=parts, sort=False)


_same = assert_same


# --- the API walk: every weighted estimator either runs and agrees, or refuses clearly ---------

# PovertyPanel on a dask DataFrame: the statistics computed from the households' linearized scores
PANEL = ("panel_headcount", "panel_transition_matrix", "panel_rates", "panel_reentry", "panel_chronic_transient",
         "panel_chronic_fgt", "panel_spell_shares", "vulnerability_panel")
DISTRIBUTED = sorted(n for n, f in spine.WEIGHTED.items()
                     if hasattr(getattr(pe, n, None), "__distributable__")
                     or n in ("mpi", "mpi_parity", "by_subgroup") + PANEL)


def test_the_distributed_estimators_are_the_ones_documented():
    doc = open("docs/registry-scale.md", encoding="utf-8").read()
    names = {n for n in dir(pe) if hasattr(getattr(pe, n), "__distributable__")} | {"mpi", "by_subgroup"}
    missing = [n for n in sorted(names) if f"`{n}`" not in doc]
    assert not missing, f"distributed estimators missing from docs/registry-scale.md: {missing}"
    assert len(names) >= 30


@pytest.mark.parametrize("name", sorted(spine.WEIGHTED))
def test_every_weighted_estimator_runs_distributed_or_says_why_not(name, monkeypatch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        expected = spine.WEIGHTED[name](1.0)
        monkeypatch.setattr(spine, "_scaled", lambda df, s: _split(df, 3, seed=len(name)))
        try:
            got = spine.WEIGHTED[name](1.0)
        except pe.InputError as exc:
            assert name not in DISTRIBUTED, f"{name} should run distributed: {exc}"
            assert "dask" in str(exc), f"{name}: the refusal does not say why: {exc}"
            return
    assert name in DISTRIBUTED or name.startswith("mpi_"), f"{name} ran on dask without being declared"
    _same(expected, got, name)


# --- random partitions --------------------------------------------------------------------------

def _register(n=3000, seed=7):
    """A SIMULATED register: whole-yuan incomes (many ties), strata, PSUs, counties, households."""
    rng = np.random.default_rng(seed)
    hh = rng.integers(0, n // 3, n)
    psu = hh // 25
    return pd.DataFrame({
        "income": np.round(rng.lognormal(8.3, 0.8, n)),
        "w": rng.choice([0.0, 1.0, 2.5, 4.0], n, p=[0.02, 0.38, 0.4, 0.2]),
        "household": hh, "psu": psu, "stratum": psu % 5, "county": np.array(list("ABCDEFG"))[psu % 7],
        "urban": (psu % 3 == 0),
    })


REG = _register()
DES = pe.SurveyDesign(weights="w", strata="stratum", psu="psu")


@settings(max_examples=8, deadline=None)
@given(parts=st.integers(1, 9), seed=st.integers(0, 10_000))
def test_any_partitioning_gives_the_in_memory_answer(parts, seed):
    ddf = _split(REG, parts, seed)
    for f, kw in ((pe.fgt, dict(line=3000, alpha=[0, 1, 2], by="county")), (pe.gini, dict(domain="urban")),
                  (pe.arpr, dict(by="county")), (pe.quantile, dict(p=0.25))):
        with dask.config.set(scheduler="synchronous"):
            _same(f(REG, "income", design=DES, **kw), f(ddf, "income", design=DES, **kw), f.__name__)


@pytest.mark.parametrize("design", [None, "strata", "fpc", "lonely"])
def test_designs_without_psus_use_per_stratum_moments(design):
    df = REG.assign(fpc=np.where(REG["stratum"] == 0, 0.1, 5000.0))
    if design is None:
        kw = dict(weights="w")
    elif design == "strata":
        kw = dict(design=pe.SurveyDesign(weights="w", strata="stratum"))
    elif design == "fpc":
        kw = dict(design=pe.SurveyDesign(weights="w", strata="stratum", fpc="fpc"))
    else:
        df = pd.concat([df, df.iloc[:1].assign(stratum=99)], ignore_index=True)
        kw = dict(design=pe.SurveyDesign(weights="w", strata="stratum", lonely_psu="center"))
    for f, extra in ((pe.fgt, dict(line=3000, alpha=[0, 2], by="county")), (pe.gini, {}), (pe.palma, {})):
        _same(f(df, "income", **kw, **extra), f(_split(df, 5), "income", **kw, **extra), f"{f.__name__} {design}")


def test_psu_design_with_fpc_and_a_line_column():
    df = REG.assign(fpc=np.where(REG["stratum"] == 0, 0.2, 400.0), line=np.where(REG["urban"], 3600.0, 2800.0))
    des = pe.SurveyDesign(weights="w", strata="stratum", psu="psu", fpc="fpc")
    _same(pe.fgt(df, "income", line="line", design=des, by="county"),
          pe.fgt(_split(df, 4), "income", line="line", design=des, by="county"), "fgt with a line column")
    _same(pe.watts(df, "income", line=pe.RelativeLine(0.6), design=des),
          pe.watts(_split(df, 4), "income", line=pe.RelativeLine(0.6), design=des), "watts, relative line")


def test_missing_values_follow_the_gate():
    df = REG.copy()
    df.loc[[3, 50, 700], "income"] = np.nan
    df.loc[[9], "county"] = None
    ddf = _split(df, 4)
    with pytest.raises(pe.InputError, match=r"income has 3 missing value\(s\); pass na='drop'"):
        pe.fgt(ddf, "income", line=3000, design=DES)
    a = pe.fgt(df, "income", line=3000, design=DES, by="county", na="drop")
    b = pe.fgt(ddf, "income", line=3000, design=DES, by="county", na="drop")
    assert b.n_dropped == 4
    _same(a, b, "na='drop'")


def test_bad_input_is_refused_with_the_fix():
    ddf = _split(REG, 3)
    with pytest.raises(pe.InputError, match="column name of the dask DataFrame"):
        pe.gini(ddf, "income", weights=REG["w"].to_numpy())
    with pytest.raises(pe.InputError, match=r"unknown column.*'wage'"):
        pe.gini(ddf, "wage")
    with pytest.raises(pe.InputError, match="does not run on a dask DataFrame.*se='linearized'"):
        pe.gini(ddf, "income", se="bootstrap", seed=1)
    with pytest.raises(pe.InputError, match=r"weights has 1 negative"):
        pe.gini(_split(REG.assign(w=np.r_[-1.0, REG["w"].to_numpy()[1:]]), 3), "income", weights="w")
    with pytest.raises(pe.InputError, match="needs PSUs for standard errors"):
        pe.mpi(_split(spine.CROSS, 2), spine.SPEC, k=1 / 3, weights="weight")
    with pytest.raises(pe.InputError, match="does not run on a dask DataFrame"):
        pe.poverty_curve(ddf, "income", lines=5, weights="w", seed=1)


def test_a_census_is_told_it_has_no_sampling_error():
    ddf = _split(REG.assign(w=1.0), 3)
    with pytest.warns(pe.errors.InputWarning, match="census"):
        r = pe.headcount(ddf, "income", line=3000, weights="w")
    assert any("census" in n for n in r.notes)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pe.headcount(ddf, "income", line=3000, weights="w", se=None)  # no SE asked: nothing to say
        pe.headcount(ddf, "income", line=3000, design=DES)  # a sample design: SEs apply


def test_the_callers_frame_is_not_changed_and_results_contrast():
    ddf = _split(REG, 3)
    before = ddf.compute()
    a = pe.headcount(ddf, "income", line=3000, design=DES, by="county")
    b = pe.headcount(ddf, "income", line=3600, design=DES, by="county")
    pd.testing.assert_frame_equal(ddf.compute(), before)
    # two results of one register under one design: a joint covariance, as in memory
    ma = pe.headcount(REG, "income", line=3000, design=DES, by="county")
    mb = pe.headcount(REG, "income", line=3600, design=DES, by="county")
    c_mem = pe.contrast(mb, ma)
    c_dask = pe.contrast(b, a)
    np.testing.assert_allclose(c_dask.to_frame()["se"], c_mem.to_frame()["se"], rtol=RTOL)
    assert "independent" not in " ".join(c_dask.notes).lower()


def test_mpi_on_partitions_equals_the_in_memory_mpi():
    data = spine.SIM.sample(frac=1, random_state=4)
    ddf = dd.from_pandas(data, npartitions=5, sort=False)
    des = spine._design()
    for kw in (dict(k=[1 / 3, 1 / 2], by="prefecture", time="year"),
               dict(k=1 / 3, time="year", vulnerable=True, severe=True, inequality=True),
               dict(k=1 / 3, se="bootstrap", replicates=30, seed=3)):
        _same(pe.mpi(data, spine.SPEC, design=des, **kw), pe.mpi(ddf, spine.SPEC, design=des, **kw), str(kw))
    a = pe.mpi(data, spine.SPEC, k=1 / 3, weights="weight", se=None)
    b = pe.mpi(ddf, spine.SPEC, k=1 / 3, weights="weight", se=None)
    _same(a, b, "se=None")


def test_scan_reads_parquet_lazily(tmp_path):
    REG.iloc[:1500].to_parquet(tmp_path / "part-0.parquet")
    REG.iloc[1500:].to_parquet(tmp_path / "part-1.parquet")
    reg = pe.scan(str(tmp_path / "*.parquet"))
    assert pe.registry.is_dask(reg) and reg.npartitions == 2
    _same(pe.gini(REG, "income", design=DES, by="county"), pe.gini(reg, "income", design=DES, by="county"), "scan")
    with pytest.raises(pe.InputError, match="cannot read Parquet"):
        pe.scan(str(tmp_path / "nothing-here-*.parquet"))


def test_two_estimators_with_different_keys_share_the_psu_totals():
    ddf = _split(REG, 3)
    a = pe.gini(ddf, "income", design=DES)
    b = pe.headcount(ddf, "income", line=3000, design=DES, by="county")
    ma = pe.gini(REG, "income", design=DES)
    mb = pe.headcount(REG, "income", line=3000, design=DES, by="county")
    both = pe.result.stack([a, b], "result", ["gini", "headcount"])
    mem = pe.result.stack([ma, mb], "result", ["gini", "headcount"])
    assert np.isfinite(mem.cov().to_numpy()).all()
    np.testing.assert_allclose(both.cov().to_numpy(), mem.cov().to_numpy(), rtol=1e-9, atol=1e-15, equal_nan=False)


@pytest.mark.parametrize("keys", [["income"], ["income", "county"], ["income", "county", "urban"]])
def test_rows_find_their_collapsed_key(keys):
    from povecon.registry import _frames

    table = REG.groupby(keys, sort=True).size().reset_index()[keys]
    pos = _frames._positions(REG, keys, table)
    assert (table.iloc[pos].to_numpy() == REG[keys].to_numpy()).all()
    mixed = table.assign(county=table["county"].astype(object)) if "county" in keys else table
    if "county" in keys:  # labels that do not sort together take the general route, same answer
        mixed.loc[0, "county"] = 7
        probe = REG[keys].copy()
        probe["county"] = probe["county"].astype(object)
        probe.loc[(probe[keys].to_numpy() == table.iloc[0].to_numpy()).all(axis=1), "county"] = 7
        got = _frames._positions(probe, keys, mixed)
        assert (got == pos).all()
    with pytest.raises(pe.InputError, match="changed between the two passes"):
        _frames._positions(REG.assign(income=REG["income"] + 0.5), keys, table)


# --- found in review: each of these once differed between the two paths ------------------------

def test_options_that_count_observations_count_rows_not_distinct_values():
    ddf = _split(REG, 4)
    for conv in ("plugin", "corrected"):
        _same(pe.gini(REG, "income", convention=conv, design=DES, by="county"),
              pe.gini(ddf, "income", convention=conv, design=DES, by="county"), conv)
    with pytest.raises(pe.InputError, match="convention='convey'.*dask"):
        pe.gini(ddf, "income", convention="convey", design=DES)
    # 3,000+ rows but fewer distinct incomes: the exact/binned switch of the kernel sums counts rows
    big = _register(5000, seed=3).assign(income=lambda d: (d["income"] / 10).round() * 10)
    assert big["income"].nunique() < 3000 < len(big)
    _same(pe.der_polarization(big, "income", design=DES), pe.der_polarization(_split(big, 3), "income", design=DES),
          "der_polarization")


def test_the_gate_counts_rows_before_dropping_as_in_memory():
    df = REG.copy()
    df.loc[:6, ["income", "w"]] = np.nan
    for data in (df, _split(df, 3)):  # weights are checked on every row, before na='drop'
        with pytest.raises(pe.InputError, match=r"weights has 7 missing value\(s\)"):
            pe.gini(data, "income", design=DES, na="drop")
    zeros = REG.assign(income=np.r_[np.zeros(10), REG["income"].to_numpy()[10:]])
    for data in (zeros, _split(zeros, 3)):
        with pytest.raises(pe.InputError, match=r"income has 10 zero or negative value\(s\)"):
            pe.mld(data, "income", weights="w")
    inf = REG.assign(income=np.r_[[np.inf] * 3, REG["income"].to_numpy()[3:]])
    for data in (inf, _split(inf, 3)):
        with pytest.raises(pe.InputError, match=r"income has 3 infinite value\(s\)"):
            pe.gini(data, "income", weights="w")
    varying = REG.assign(f=np.where(REG.index < 10, 0.5, 0.2))
    des = pe.SurveyDesign(weights="w", strata="stratum", psu="psu", fpc="f")
    for data in (varying, _split(varying, 3)):  # checked even when no SE is asked for
        with pytest.raises(pe.InputError, match="fpc varies within"):
            pe.gini(data, "income", design=des, se=None)


def test_a_group_emptied_by_dropping_is_named_on_dask_too():
    df = REG.copy()
    df.loc[df["county"] == "A", "income"] = np.nan
    for data in (df, _split(df, 3)):
        with pytest.warns(pe.errors.InputWarning, match=r"\['A'\] vanished"):
            pe.gini(data, "income", design=DES, by="county", na="drop")


def test_a_sampling_fraction_is_a_sample_not_a_census():
    ddf = _split(REG.assign(one=1.0, f=0.5), 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pe.gini(ddf, "income", design=pe.SurveyDesign(weights="one", fpc="f"))


def test_results_that_dropped_the_same_rows_contrast_jointly():
    df = REG.copy()
    df.loc[[5, 70], "income"] = np.nan
    ddf = _split(df, 3)
    a = pe.headcount(ddf, "income", line=3000, design=DES, na="drop")
    b = pe.headcount(ddf, "income", line=3000, design=DES, domain="urban", na="drop")
    ma = pe.headcount(df, "income", line=3000, design=DES, na="drop")
    mb = pe.headcount(df, "income", line=3000, design=DES, domain="urban", na="drop")
    np.testing.assert_allclose(pe.contrast(b, a).to_frame()["se"], pe.contrast(mb, ma).to_frame()["se"], rtol=RTOL)


def test_a_dask_series_is_refused_not_read_into_memory():
    ddf = _split(REG, 3)
    with pytest.raises(pe.InputError, match="pass the dask DataFrame as data and the column name"):
        pe.gini(ddf["income"])
