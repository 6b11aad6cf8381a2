"""Time and peak memory of poverty curves and dominance tests against a numpy floor.

Run: ``python benchmarks/bench_curves.py [--n 10000000] [--lines 200] [--repeat 3]``; writes
``benchmarks/results/curves.md`` (``--out`` to write elsewhere).

The floor is what a user writes in numpy for the point estimates alone: one ``argsort`` of
the incomes, the weights and incomes gathered in that order, the cumulative sums of ``w``,
``w y`` and ``w y^2`` and their values at the lines (``searchsorted``), from which FGT(0),
FGT(1) and FGT(2) at every line follow. povecon computes the three curves with pointwise
linearized standard errors (the joint covariance of the grid) and, for the dominance test,
the same for two samples plus the t ratios and the simulated maximum-t critical value.
Everything is timed in one run on the same data; peak memory is traced by ``tracemalloc``.
"""

from __future__ import annotations

import argparse
import platform
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


def main(argv=None) -> str:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--lines", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(HERE / "results" / "curves.md"))
    args = ap.parse_args(argv)
    n, K, rep = args.n, args.lines, args.repeat

    rng = np.random.default_rng(20240611)
    y = rng.lognormal(9.5, 0.9, n)
    w = rng.uniform(50, 500, n)
    y2 = rng.lognormal(9.55, 0.9, n)
    w2 = rng.uniform(50, 500, n)
    lines = np.linspace(np.quantile(y, 0.05), np.quantile(y, 0.95), K)
    inbytes = y.nbytes + w.nbytes

    def numpy_floor(y=y, w=w):
        o = np.argsort(y)
        ys, ws = y[o], w[o]
        cw = np.cumsum(ws)
        wy = ws * ys
        c1 = np.cumsum(wy)
        wy *= ys
        c2 = np.cumsum(wy)
        k = np.searchsorted(ys, lines, side="left") - 1
        N = cw[-1]
        W = np.where(k >= 0, cw[k], 0.0)
        S1 = np.where(k >= 0, c1[k], 0.0)
        S2 = np.where(k >= 0, c2[k], 0.0)
        return W / N, (lines * W - S1) / (lines * N), (lines ** 2 * W - 2 * lines * S1 + S2) / (lines ** 2 * N)

    def curves_se():
        return pe.poverty_curve(y, lines=lines, alpha=[0, 1, 2], weights=w, band=None)

    def curves_point():
        return pe.poverty_curve(y, lines=lines, alpha=[0, 1, 2], weights=w, se=None)

    def dominance():
        return pe.dominance(y2, y, order=2, lines=lines, weights=(w2, w), seed=1)

    rows = {}
    for name, fn in (("numpy: argsort + cumsums of w, wy, wy^2, FGT(0,1,2) at the lines", numpy_floor),
                     ("povecon: FGT(0,1,2) curves, point estimates", curves_point),
                     ("povecon: FGT(0,1,2) curves with pointwise SEs (joint covariance)", curves_se),
                     ("povecon: dominance test, order 2, two samples (SEs, t, max-t)", dominance)):
        t, peak, out = measure(fn, rep)
        rows[name] = (t, peak)
        print(f"{name}: {t:.3f} s, peak {peak / 2**20:.0f} MiB", flush=True)

    # the floor's FGT values equal povecon's
    fl = numpy_floor()
    r = curves_point().to_frame()
    for a in (0, 1, 2):
        np.testing.assert_allclose(r.loc[r["alpha"] == a, "value"].to_numpy(), fl[a], rtol=1e-9)

    floor = rows["numpy: argsort + cumsums of w, wy, wy^2, FGT(0,1,2) at the lines"][0]
    t_se = rows["povecon: FGT(0,1,2) curves with pointwise SEs (joint covariance)"][0]
    t_pt = rows["povecon: FGT(0,1,2) curves, point estimates"][0]
    t_dom = rows["povecon: dominance test, order 2, two samples (SEs, t, max-t)"][0]
    out = [
        "# Curves and dominance benchmark", "",
        f"n = {n:,} weighted observations per sample (lognormal incomes, uniform weights), {K} poverty lines; "
        f"input arrays {inbytes / 2**20:.0f} MiB per sample. Best of {rep} wall-clock runs in one run of the "
        "script; peak = traced numpy allocations during one more run.",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}; 2 shared "
        "cores, so timings are noisy: compare ratios, not seconds.", "",
        "- Target: FGT(0,1,2) curves with pointwise SEs at 200 lines / numpy sort-and-cumsum floor <= 2",
        "- Target: dominance test between two such samples / numpy floor <= 4", "",
        "| computation | time (s) | peak MiB | peak / inputs |", "|---|---:|---:|---:|"]
    for name, (t, peak) in rows.items():
        out.append(f"| {name} | {t:.3f} | {peak / 2**20:.0f} | {peak / inbytes:.2f} |")
    out += ["", "| comparison | ratio |", "|---|---:|",
            f"| FGT(0,1,2) curves with SEs / numpy floor | {t_se / floor:.2f} |",
            f"| FGT(0,1,2) curves, point estimates / numpy floor | {t_pt / floor:.2f} |",
            f"| dominance (two samples) / numpy floor (one sample) | {t_dom / floor:.2f} |", ""]
    text = "\n".join(out)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return text


if __name__ == "__main__":
    main()
