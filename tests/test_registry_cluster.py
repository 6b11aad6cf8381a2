"""Registry scale on a real cluster: a dask.distributed LocalCluster of two worker processes.

The same estimators as ``test_registry.py`` run on the distributed scheduler (each partition
pickled to another process, summaries merged across processes) and must equal the in-memory
results to 1e-10; a worker killed in the middle of a computation is survived (its nanny
restarts it and the scheduler reruns its tasks) with the answer unchanged.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time

import numpy as np
import pandas as pd
import pytest

import povecon as pe

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
cloudpickle = pytest.importorskip("cloudpickle")

import test_registry as local  # noqa: E402

# the worker processes cannot import this test folder: ship its functions by value
cloudpickle.register_pickle_by_value(sys.modules[__name__])

REG = local.REG
DES = local.DES
PAUSE = 0.25  # seconds each partition takes to "read", so that a computation lasts long enough to be hurt


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as c:
        c.wait_for_workers(2, timeout=60)
        yield c


def test_the_cluster_has_two_worker_processes(client):
    pids = client.run(os.getpid)
    assert len(pids) == 2 and len(set(pids.values())) == 2 and os.getpid() not in pids.values()


@pytest.mark.parametrize("call", [
    lambda d: pe.fgt(d, "income", line=3000, alpha=[0, 1, 2], design=DES, by="county"),
    lambda d: pe.gini(d, "income", design=DES, domain="urban"),
    lambda d: pe.arpr(d, "income", design=DES, by="county"),
    lambda d: pe.palma(d, "income", weights="w"),
], ids=["fgt", "gini", "arpr", "palma"])
def test_estimators_on_the_cluster_equal_the_in_memory_results(client, call):
    ddf = local._split(REG, 6, seed=11)
    local._same(call(REG), call(ddf), "distributed")


def test_mpi_on_the_cluster(client):
    import test_api_spine as spine

    data = spine.SIM.sample(frac=1, random_state=2)
    ddf = dd.from_pandas(data, npartitions=4, sort=False)
    kw = dict(k=[1 / 3, 1 / 2], design=spine._design(), by="prefecture", time="year")
    local._same(pe.mpi(data, spine.SPEC, **kw), pe.mpi(ddf, spine.SPEC, **kw), "mpi distributed")


def _slow_part(frame: pd.DataFrame) -> pd.DataFrame:
    time.sleep(PAUSE)
    return frame


def test_a_worker_killed_mid_computation_changes_nothing(client):
    shuffled = REG.sample(frac=1, random_state=5)
    cuts = np.linspace(0, len(shuffled), 17).astype(int)
    parts = [shuffled.iloc[a:b] for a, b in zip(cuts[:-1], cuts[1:])]
    ddf = dd.from_delayed([dask.delayed(_slow_part)(p) for p in parts], meta=REG.iloc[:0], verify_meta=False)
    expected = pe.fgt(REG, "income", line=3000, alpha=[0, 1], design=DES, by="county")
    before = client.run(os.getpid)
    out = {}

    def work():
        try:
            out["result"] = pe.fgt(ddf, "income", line=3000, alpha=[0, 1], design=DES, by="county")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            out["error"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 30
    while not any(client.processing().values()):  # wait until tasks are running on the workers
        assert time.monotonic() < deadline, "the computation never started"
        time.sleep(0.02)
    victim = sorted(before.values())[0]
    os.kill(victim, signal.SIGKILL)
    killed_while_running = thread.is_alive()
    thread.join(timeout=180)
    assert not thread.is_alive(), "the computation did not finish after a worker was killed"
    assert killed_while_running, "the worker was killed after the computation ended"
    assert "error" not in out, f"the computation failed: {out.get('error')!r}"
    client.wait_for_workers(2, timeout=60)
    after = client.run(os.getpid)
    assert victim not in after.values(), "the killed worker is still there"
    local._same(expected, out["result"], "after a worker was killed")


def test_panel_on_the_cluster(client):
    import test_api_spine as spine

    rows = spine.SIM[["household", "year", "poor", "weight"]]  # SIMULATED
    ddf = dd.from_pandas(rows.sample(frac=1, random_state=3), npartitions=4, sort=False)
    mem = pe.PovertyPanel(rows, id="household", time="year", status="poor", weights="weight")
    dist = pe.PovertyPanel(ddf, id="household", time="year", status="poor", weights="weight")
    for stat in ("headcount", "transition_matrix", "rates"):
        local._same(getattr(mem, stat)(), getattr(dist, stat)(), f"panel {stat} distributed")
