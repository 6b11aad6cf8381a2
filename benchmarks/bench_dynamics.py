"""Benchmark: PovertyPanel statistics on a large simulated panel.

Simulated data (labelled so): 5 million households x 8 years = 40 million rows,
status from a two-state Markov chain. Times construction, transitions, rates
(incl. re-entry), spells and the re-entry life table. Run by hand, not in tests:

    python benchmarks/bench_dynamics.py [n_households]
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from povecon.dynamics import PovertyPanel


def simulate(H: int, T: int = 8, seed: int = 20260101) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    s = np.empty((H, T), dtype=np.int8)
    s[:, 0] = rng.random(H) < 0.2
    for t in range(1, T):  # loop over years, vectorised over households
        u = rng.random(H)
        s[:, t] = np.where(s[:, t - 1] == 1, u < 0.6, u < 0.08)
    return pd.DataFrame({"hh": np.repeat(np.arange(H, dtype=np.int64), T),
                         "year": np.tile(np.arange(2015, 2015 + T, dtype=np.int64), H),
                         "sim_poor": s.ravel()})


def main(H: int) -> list[tuple[str, float]]:
    df = simulate(H)
    out = []
    t0 = time.perf_counter()
    p = PovertyPanel(df, "hh", "year", status="sim_poor")
    out.append(("construct (validate keys, sort, status)", time.perf_counter() - t0))
    for name, f in [("transition_matrix (with SEs)", p.transition_matrix),
                    ("rates (entry/exit/persistence/re-entry, SEs)", p.rates),
                    ("spells (with censoring)", p.spells),
                    ("reentry life table + Kaplan-Meier", p.reentry)]:
        t = time.perf_counter()
        f()
        out.append((name, time.perf_counter() - t))
    out.append(("total", time.perf_counter() - t0))
    return out


if __name__ == "__main__":
    H = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    for name, sec in main(H):
        print(f"{name:50s} {sec:8.2f} s")
