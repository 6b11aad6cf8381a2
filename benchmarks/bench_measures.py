"""Time and peak memory of the measures on large weighted samples, against numpy floors.

Run: ``python benchmarks/bench_measures.py [n]`` (default n = 10_000_000); writes
``benchmarks/results/measures.md``. Point estimates (``se=None``) and, separately,
linearized standard errors. Peak memory is traced by ``tracemalloc`` (numpy reports
its buffers to it) and given as a multiple of the input arrays (income + weights).
"""

from __future__ import annotations

import platform
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

import povecon as pe


def measure(fn, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak


def main(n: int = 10_000_000) -> str:
    rng = np.random.default_rng(20240601)
    y = rng.lognormal(9.5, 0.9, n)
    w = rng.uniform(50, 500, n)
    z = float(np.median(y)) * 0.6
    inbytes = y.nbytes + w.nbytes

    def numpy_gini():
        o = np.argsort(y)
        ys, ws = y[o], w[o]
        cw = np.cumsum(ws) - 0.5 * ws
        return 2 * np.dot(ws * ys, cw) / (ws.sum() * np.dot(ws, ys)) - 1

    floors = {
        "numpy single pass `np.dot(w, y)`": lambda: np.dot(w, y),
        "numpy single expression `w[y < z].sum()`": lambda: w[y < z].sum(),
        "numpy argsort + cumsum weighted Gini": numpy_gini,
    }
    ours = {
        "FGT(0), FGT(1), FGT(2) (three calls)": lambda: [pe.fgt(income=y, line=z, alpha=a, weights=w, se=None)
                                                         for a in (0, 1, 2)],
        "FGT(0) one call": lambda: pe.fgt(income=y, line=z, weights=w, se=None),
        "Watts": lambda: pe.watts(income=y, line=z, weights=w, se=None),
        "Gini": lambda: pe.gini(income=y, weights=w, se=None),
        "Theil": lambda: pe.theil(income=y, weights=w, se=None),
        "Gini with linearized SE": lambda: pe.gini(income=y, weights=w),
        "FGT(0) with linearized SE": lambda: pe.fgt(income=y, line=z, weights=w),
        "ARPR (estimated 60%-of-median line) with SE": lambda: pe.arpr(income=y, weights=w),
    }
    # correctness guard: the fast sort path must give the argsort Gini
    assert abs(float(pe.gini(income=y, weights=w, se=None)) - numpy_gini()) < 1e-12
    rows = {}
    for name, fn in {**floors, **ours}.items():
        rows[name] = measure(fn)
        print(f"{name}: {rows[name][0]:.3f} s, peak {rows[name][1] / 2**20:.0f} MiB", flush=True)
    single = rows["numpy single pass `np.dot(w, y)`"][0]
    expr = rows["numpy single expression `w[y < z].sum()`"][0]
    gfloor = rows["numpy argsort + cumsum weighted Gini"][0]
    lines = [
        "# Measures benchmark",
        "",
        f"n = {n:,} weighted observations (lognormal incomes, uniform weights); input arrays "
        f"{inbytes / 2**20:.0f} MiB. Best of 3 wall-clock runs; peak = traced numpy allocations during one run.",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}; "
        "2 shared cores, so timings are noisy.",
        "",
        "| computation | time (s) | vs `np.dot` pass | vs `w[y<z].sum()` | vs argsort Gini | peak MiB | peak / inputs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (t, peak) in rows.items():
        lines.append(f"| {name} | {t:.3f} | {t / single:.1f}x | {t / expr:.2f}x | {t / gfloor:.2f}x | "
                     f"{peak / 2**20:.0f} | {peak / inbytes:.2f} |")
    text = "\n".join(lines) + "\n"
    out = Path(__file__).parent / "results" / "measures.md"
    out.write_text(text)
    return text


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000))
