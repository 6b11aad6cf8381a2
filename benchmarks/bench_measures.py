"""Time and peak memory of the measures on large weighted samples, against numpy floors and peers.

Run: ``python benchmarks/bench_measures.py [--n 10000000] [--repeat 5] [--no-r]``; writes
``benchmarks/results/measures.md`` (``--out`` to write elsewhere).

Everything is measured in the same run on the same data, so the ratios are comparable
even on a shared machine. Point estimates use ``se=None``; rows "with SE" add the
linearized standard error. Peak memory is traced by ``tracemalloc`` (numpy reports
its buffers to it) and given as a multiple of the input arrays (income + weights).

Peers, each skipped when not installed: ``ineqpy`` (weighted Gini and Theil), PySAL's
``inequality`` (unweighted Gini and Theil only, so compared with povecon's unweighted
Gini), and R ``laeken::gini`` with weights, timed inside Rscript with ``system.time``
on the same data read from a temporary binary file (the read is not timed).
"""

from __future__ import annotations

import argparse
import importlib
import platform
import shutil
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

import povecon as pe

HERE = Path(__file__).resolve().parent


def measure(fn, repeat=3):
    best, out = np.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak, out


def r_laeken_gini(y, w, repeat, ours):
    """R ``laeken::gini(y, weights = w)`` timed by ``system.time`` inside Rscript, alternating with ``ours``.

    Load on a shared machine drifts over minutes, so each R timing is paired with a
    povecon timing taken right after it. Returns (best R seconds, best povecon seconds,
    R value on the 0-1 scale, laeken version), or None without R or laeken.
    """
    if shutil.which("Rscript") is None:
        return None
    best_r, best_p, out = np.inf, np.inf, None
    with tempfile.TemporaryDirectory() as tmp:
        fy, fw = Path(tmp, "y.bin"), Path(tmp, "w.bin")
        y.tofile(fy)
        w.tofile(fw)
        code = (f'n <- {y.shape[0]}L; y <- readBin("{fy.as_posix()}", "double", n); '
                f'w <- readBin("{fw.as_posix()}", "double", n); '
                'suppressPackageStartupMessages(library(laeken)); '
                't <- system.time(g <- gini(y, weights = w))[["elapsed"]]; '
                'cat(sprintf("%.6f %.17g %s\n", t, g$value, as.character(packageVersion("laeken"))))')
        for _ in range(repeat):
            res = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True)
            if res.returncode != 0:
                print("R laeken skipped:", res.stderr.strip()[-300:], flush=True)
                return None
            t, v, ver = res.stdout.split()[-3:]
            best_r, out = min(best_r, float(t)), (float(v) / 100, ver)
            t0 = time.perf_counter()
            ours()
            best_p = min(best_p, time.perf_counter() - t0)
    return best_r, best_p, out[0], out[1]


def _peer(module):
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def main(argv=None) -> str:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-r", action="store_true", help="skip R laeken")
    ap.add_argument("--out", default=str(HERE / "results" / "measures.md"))
    args = ap.parse_args(argv)
    n, rep = args.n, args.repeat

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

    def numpy_fgt012():
        N = w.sum()
        poor = y < z
        g = np.where(poor, (z - y) / z, 0.0)
        return w[poor].sum() / N, np.dot(w, g) / N, np.dot(w, g * g) / N

    def numpy_theil():
        N = w.sum()
        s = y / (np.dot(w, y) / N)
        return np.dot(w, s * np.log(s)) / N

    runs = {
        "numpy: one pass `np.dot(w, y)`": lambda: np.dot(w, y),
        "numpy: FGT(0,1,2) as a user writes it": numpy_fgt012,
        "numpy: Watts `w @ log(z / min(y, z)) / N`": lambda: np.dot(w, np.log(z / np.minimum(y, z))) / w.sum(),
        "numpy: Theil `w @ (s log s) / N`": numpy_theil,
        "numpy: argsort + cumsum weighted Gini": numpy_gini,
        "povecon: FGT(0,1,2) fused `alpha=[0, 1, 2]`": lambda: pe.fgt(income=y, line=z, alpha=[0, 1, 2], weights=w,
                                                                      se=None),
        "povecon: FGT(0), FGT(1), FGT(2) three calls": lambda: [pe.fgt(income=y, line=z, alpha=a, weights=w, se=None)
                                                             for a in (0, 1, 2)],
        "povecon: Watts": lambda: pe.watts(income=y, line=z, weights=w, se=None),
        "povecon: Theil": lambda: pe.theil(income=y, weights=w, se=None),
        "povecon: Gini": lambda: pe.gini(income=y, weights=w, se=None),
        "povecon: Gini unweighted": lambda: pe.gini(income=y, se=None),
        "povecon: FGT(0,1,2) fused with SEs": lambda: pe.fgt(income=y, line=z, alpha=[0, 1, 2], weights=w),
        "povecon: Gini with SE": lambda: pe.gini(income=y, weights=w),
        "povecon: ARPR (estimated 60%-of-median line) with SE": lambda: pe.arpr(income=y, weights=w),
    }
    ineqpy = _peer("ineqpy.inequality")
    if ineqpy is not None:
        runs["ineqpy: weighted Gini"] = lambda: ineqpy.gini(income=y, weights=w)
        runs["ineqpy: weighted Theil"] = lambda: ineqpy.theil(income=y, weights=w)
    pysal_gini, pysal_theil = _peer("inequality.gini"), _peer("inequality.theil")
    if pysal_gini is not None:
        runs["PySAL inequality: Gini (unweighted only)"] = lambda: pysal_gini.Gini(y).g
        runs["PySAL inequality: Theil (unweighted only)"] = lambda: pysal_theil.Theil(y).T

    # correctness guards: the fast paths give the plain numbers
    gini_val = float(pe.gini(income=y, weights=w, se=None))
    assert abs(gini_val - numpy_gini()) < 1e-12
    fused = pe.fgt(income=y, line=z, alpha=[0, 1, 2], weights=w, se=None).to_frame()["value"].to_numpy()
    assert np.allclose(fused, numpy_fgt012(), rtol=1e-12, atol=0)

    rows, outs = {}, {}
    for name, fn in runs.items():
        t, peak, out = measure(fn, rep)
        rows[name], outs[name] = (t, peak), out
        print(f"{name}: {t:.3f} s, peak {peak / 2**20:.0f} MiB", flush=True)
    r = None if args.no_r else r_laeken_gini(y, w, rep, runs["povecon: Gini"])
    if r is not None:
        rows[f"R laeken {r[3]}: weighted `gini` (system.time)"] = (r[0], np.nan)
        rows["povecon: Gini, timed alternately with R laeken"] = (r[1], np.nan)
        print(f"R laeken gini: {r[0]:.3f} s; povecon alternately {r[1]:.3f} s", flush=True)

    T = {k: v[0] for k, v in rows.items()}
    P = {k: v[1] for k, v in rows.items()}
    lines = [
        "# Measures benchmark",
        "",
        f"n = {n:,} weighted observations (lognormal incomes, uniform weights); input arrays "
        f"{inbytes / 2**20:.0f} MiB. Best of {rep} wall-clock runs, all in one run of the script on the same "
        "data; peak = traced numpy allocations during one more run (not measured for R).",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}; "
        "2 shared cores, so timings are noisy: compare ratios, not seconds.",
        "",
        "| computation | time (s) | peak MiB | peak / inputs |",
        "|---|---:|---:|---:|",
    ]
    for name, (t, peak) in rows.items():
        pk = "-" if np.isnan(peak) else f"{peak / 2**20:.0f}"
        pr = "-" if np.isnan(peak) else f"{peak / inbytes:.2f}"
        lines.append(f"| {name} | {t:.3f} | {pk} | {pr} |")

    def ratio(a, b):
        return T[a] / T[b] if a in T and b in T else np.nan

    fused_k, three_k = "povecon: FGT(0,1,2) fused `alpha=[0, 1, 2]`", "povecon: FGT(0), FGT(1), FGT(2) three calls"
    dot_k, nfgt_k = "numpy: one pass `np.dot(w, y)`", "numpy: FGT(0,1,2) as a user writes it"
    gini_k, galt_k = "povecon: Gini", "povecon: Gini, timed alternately with R laeken"
    r_k = next((k for k in T if k.startswith("R laeken")), None)
    cmp = [
        ("Gini: povecon / R laeken (timed alternately)", ratio(galt_k, r_k) if r_k else np.nan),
        ("Gini: povecon / ineqpy", ratio(gini_k, "ineqpy: weighted Gini")),
        ("Gini: povecon / numpy argsort floor", ratio(gini_k, "numpy: argsort + cumsum weighted Gini")),
        ("Gini unweighted: povecon / PySAL", ratio("povecon: Gini unweighted", "PySAL inequality: Gini (unweighted only)")),
        ("FGT(0,1,2) fused / numpy FGT(0,1,2)", ratio(fused_k, nfgt_k)),
        ("FGT(0,1,2) fused / one `np.dot` pass", ratio(fused_k, dot_k)),
        ("FGT(0,1,2) three calls / fused", ratio(three_k, fused_k)),
        ("Watts: povecon / numpy", ratio("povecon: Watts", "numpy: Watts `w @ log(z / min(y, z)) / N`")),
        ("Theil: povecon / numpy", ratio("povecon: Theil", "numpy: Theil `w @ (s log s) / N`")),
        ("Theil: povecon / ineqpy", ratio("povecon: Theil", "ineqpy: weighted Theil")),
    ]
    lines += ["", "Ratios of times from the table (below 1: povecon is faster):", "",
              "| comparison | ratio |", "|---|---:|"]
    lines += [f"| {a} | {b:.2f} |" for a, b in cmp if np.isfinite(b)]

    agree = []
    if r is not None:
        agree.append(f"R laeken `gini`/100 {r[2]:.12f} vs povecon {gini_val:.12f} (difference {abs(r[2] - gini_val):.1e})")
    if "ineqpy: weighted Gini" in outs:
        agree.append(f"ineqpy Gini differs by {abs(outs['ineqpy: weighted Gini'] - gini_val):.1e} "
                     "(it uses the cumulative, not the mid-rank, distribution function)")
        th = float(pe.theil(income=y, weights=w, se=None))
        agree.append(f"ineqpy Theil differs by {abs(outs['ineqpy: weighted Theil'] - th):.1e}")
    if "PySAL inequality: Gini (unweighted only)" in outs:
        gu = float(pe.gini(income=y, se=None))
        agree.append(f"PySAL Gini differs from povecon's unweighted Gini by "
                     f"{abs(outs['PySAL inequality: Gini (unweighted only)'] - gu):.1e}")
    if agree:
        lines += ["", "Agreement on this sample: " + "; ".join(agree) + "."]

    fused_peak = P[fused_k] / inbytes
    point_peaks = {k.split(": ", 1)[1]: P[k] / inbytes for k in
                   (fused_k, "povecon: Watts", "povecon: Theil", gini_k)}
    worst = max(point_peaks, key=point_peaks.get)
    se_peaks = {k: P[k] / inbytes for k in T if k.startswith("povecon") and "SE" in k}
    g_r = ratio(galt_k, r_k) if r_k else np.nan

    def verdict(ok):
        return "**met**" if ok else "**not met**"

    lines += ["", "## Against the targets", ""]
    if np.isfinite(g_r):
        lines.append(f"- Target: weighted Gini in at most half the time of R laeken — {verdict(g_r <= 0.5)} "
                     f"({g_r:.2f}x laeken's time, the two timed alternately; {ratio(gini_k, r_k):.2f}x with "
                     "povecon's best from the main table).")
    else:
        lines.append("- Target: weighted Gini in at most half the time of R laeken — not measured (R or laeken missing).")
    f_np, f_dot = ratio(fused_k, nfgt_k), ratio(fused_k, dot_k)
    lines.append(f"- Target: FGT(0,1,2) within 1.2x of one numpy pass — {verdict(f_np <= 1.2)} against numpy "
                 f"computing the same three indices ({f_np:.2f}x); {verdict(f_dot <= 1.2)} against the bare "
                 f"`np.dot(w, y)` ({f_dot:.0f}x), which reads the data once and computes nothing else.")
    lines.append(f"- Target: peak memory at most 3x the inputs — point estimates {verdict(max(point_peaks.values()) <= 3)} "
                 f"(largest {point_peaks[worst]:.2f}x, {worst}; fused FGT {fused_peak:.2f}x); with linearized SEs "
                 f"{verdict(max(se_peaks.values()) <= 3)} (up to {max(se_peaks.values()):.2f}x).")
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    print(main())
