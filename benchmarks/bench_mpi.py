"""Benchmark of pe.mpi at registry scale (not a test; run by hand).

    python benchmarks/bench_mpi.py [--n 10000000] [--repeat 3] [--out benchmarks/results/mpi.md]

Synthetic data: n households x 10 binary deprivation indicators (int8 columns),
20 subgroups, 200 strata of 100 PSUs each, sampling weights, 3 poverty cutoffs.
Compared with a numpy floor: the weighted deprivation score plus one ``bincount``
per measure (hd x 10, and per k: H, M0, hdk x 10) over the subgroups. Peak memory
is the tracemalloc peak of new allocations during the call (the input frame is
not counted), set against the deprivation matrix held as bytes (n x 10).
"""

from __future__ import annotations

import argparse
import gc
import platform
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

import povecon as pe

D, G, STRATA, PSU_PER_STRATUM = 10, 20, 200, 100
KS = [0.2, 1 / 3, 0.5]


def make_data(n: int, seed: int = 20240501) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    psu = np.sort(rng.integers(0, STRATA * PSU_PER_STRATUM, n)).astype(np.int32)
    cols = {f"d{j}": (rng.random(n, dtype=np.float32) < 0.15 + 0.03 * j).astype(np.int8) for j in range(D)}
    cols["region"] = (psu % G).astype(np.int8)  # subgroups nested in PSUs, as regions are
    cols["stratum"] = (psu // PSU_PER_STRATUM).astype(np.int16)
    cols["psu"] = psu
    cols["weight"] = rng.uniform(50, 150, n)
    return pd.DataFrame(cols)


def spec() -> pe.MPISpec:
    return pe.MPISpec({"health": {f"d{j}": f"d{j}" for j in range(0, 3)},
                       "education": {f"d{j}": f"d{j}" for j in range(3, 5)},
                       "living": {f"d{j}": f"d{j}" for j in range(5, 10)}})


def floor(df: pd.DataFrame, s: pe.MPISpec) -> dict:
    """The least work any implementation must do: score, then one bincount per measure."""
    w = df["weight"].to_numpy()
    g = df["region"].to_numpy().astype(np.intp)
    c = np.zeros(len(df))
    deps = [df[v].to_numpy() for v in s.variables]
    for wj, dj in zip(s.weights, deps):
        c += wj * dj
    out = {"N": np.bincount(g, w, G)}
    for j, dj in enumerate(deps):
        out[f"hd{j}"] = np.bincount(g, w * dj, G)
    for kk in KS:
        wp = w * (c >= kk - 1e-9)
        out[f"H{kk}"] = np.bincount(g, wp, G)
        out[f"M0{kk}"] = np.bincount(g, wp * c, G)
        for j, dj in enumerate(deps):
            out[f"hdk{j}{kk}"] = np.bincount(g, wp * dj, G)
    return out


RESOLVE_SECONDS = []


def _timed_resolve():
    """Wrap the design resolution pe.mpi calls, to attribute its time within the same run."""
    from povecon.mpi import estimate as est

    inner = est.resolve

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            RESOLVE_SECONDS.append(time.perf_counter() - t0)

    est.resolve = timed


def measure(fn):
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, elapsed, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results" / "mpi.md"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    df = make_data(args.n)
    s = spec()
    design = pe.SurveyDesign(weights="weight", strata="stratum", psu="psu")
    dep_bytes = args.n * D
    runs = {
        "numpy floor": lambda: floor(df, s),
        "pe.mpi point estimates (se=None)": lambda: pe.mpi(df, s, k=KS, by="region", weights="weight", se=None),
        "pe.mpi + linearized SEs (design)": lambda: pe.mpi(df, s, k=KS, by="region", design=design),
        "of which SurveyDesign.resolve (survey.py)": lambda: design.resolve(df, len(df)),
    }
    _timed_resolve()
    rows = []
    for name, fn in runs.items():
        best_t, best_p, out = np.inf, 0, None
        for _ in range(args.repeat):
            out, t, p = measure(fn)
            best_t, best_p = min(best_t, t), max(best_p, p)
        rows.append((name, best_t, best_p, out))
    fl, r0 = rows[0][3], rows[1][3]
    # the benchmark checks itself: the point estimates equal the floor's
    m0 = r0.frame[(r0.frame["measure"] == "M0") & (r0.frame["group"] != "all")]
    want = fl[f"M0{1 / 3}"] / fl["N"]
    got = m0[np.isclose(m0["k"], 1 / 3)]["value"].to_numpy()
    assert np.allclose(got, want, rtol=1e-10), "point estimates disagree with the floor"
    lines = [
        f"# pe.mpi benchmark: {args.n:,} households x {D} indicators, {G} subgroups, {len(KS)} values of k",
        "",
        f"Design: {STRATA} strata x {PSU_PER_STRATUM} PSUs; machine: {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}. Deprivation matrix as bytes: {dep_bytes / 1e6:.0f} MB.",
        "",
        "| run | time (s) | x floor | peak new memory (MB) | x deprivation matrix |",
        "|---|---:|---:|---:|---:|",
    ]
    base = rows[0][1]
    for name, t, p, _ in rows:
        lines.append(f"| {name} | {t:.2f} | {t / base:.2f} | {p / 1e6:.0f} | {p / dep_bytes:.2f} |")
    resolve_in_run = min(RESOLVE_SECONDS) if RESOLVE_SECONDS else float("nan")
    se_own = rows[2][1] - resolve_in_run
    lines += ["", f"Best of {args.repeat} runs for time, largest peak. The last row times the shared design resolution "
              "(`SurveyDesign.resolve`) alone; it is also part of the SE run, where it took "
              f"{resolve_in_run:.2f} s. Without it the SE run takes {se_own:.2f} s ({se_own / base:.2f} x floor)."]
    pt, st = rows[1][1] / base, rows[2][1] / base

    def verdict(ok):
        return "**met**" if ok else "**not met**"

    lines += ["", "## Against the targets", "",
              f"- Target: MPI point estimates within 2x the numpy floor — {verdict(pt <= 2)} ({pt:.2f}x).",
              f"- Target: MPI linearized SEs within 5x the numpy floor — {verdict(st <= 5)} ({st:.2f}x).",
              f"- Target: MPI peak memory at most 3x the deprivation matrix — point estimates "
              f"{verdict(rows[1][2] <= 3 * dep_bytes)} ({rows[1][2] / dep_bytes:.2f}x), with SEs "
              f"{verdict(rows[2][2] <= 3 * dep_bytes)} ({rows[2][2] / dep_bytes:.2f}x; the design resolution alone "
              f"peaks at {rows[3][2] / dep_bytes:.2f}x)."]
    if rows[2][2] > max(rows[1][2], rows[3][2]) * 1.05:
        lines += ["", "The SE run peaks above both the point run and the design resolution: the resolved design "
                  "keeps three n-vectors (weights, stratum and PSU codes; 24 bytes a row) for the whole call, and "
                  "the (PSU x domain) cell coding in `pe.mpi` builds its int64 key with two temporaries while "
                  "the domain codes are alive (another 24 bytes a row, 48 in all, 4.8x the 10-byte deprivation "
                  "row)."]
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
