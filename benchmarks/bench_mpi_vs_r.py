"""pe.mpi next to R mpitbR (the R port of Stata's mpitb) on ~1 million rows (not a test; run by hand).

    POVECON_REFERENCE_DATA=<folder with syn_cdta.csv> python benchmarks/bench_mpi_vs_r.py \
        [--copies 68] [--repeats 3] [--out benchmarks/results/mpi_vs_r.md]

Data: mpitb's synthetic survey ``syn_cdta`` (listwise complete rows, as mpitbR's
examples use it) stacked ``--copies`` times; each copy gets its own PSU labels
(``psu + copy * 10^7``) inside the original strata, so every copy is a fresh set of
sampled clusters and the design stays a stratified cluster sample.

Task, the same on both sides: the global-MPI-like specification (3 dimensions,
10 indicators, nested equal weights), k = 20, 33 and 50 percent, by the 20-level
``region`` and for the whole sample; M0, H, A, hd, hdk, absolute and percentage
contributions, with linearized standard errors under
``ids=~psu, strata=~stratum, weights=~weight``.

- R: ``survey::svydesign`` + ``mpitb.set`` + ``mpitb.est`` (timed inside R; reading
  the CSV is not timed). mpitbR calls ``svyby(..., multicore = TRUE)``, so it uses
  the ``parallel`` package's forked workers (``mc.cores``, default 2).
- povecon: ``pe.mpi`` (design resolution included), one thread.

The script skips (exit 0) with a message when the reference data, ``Rscript`` or
the mpitbR package is missing. mpitbR is not on Debian; install it from its
source into a library named by ``R_LIBS`` / ``R_LIBS_USER``.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import povecon as pe

KS_PERCENT = [20, 33, 50]
R_SCRIPT = r"""
suppressPackageStartupMessages(library(mpitbR))
args <- commandArgs(TRUE)
d <- read.csv(args[1])
ind <- list(d1 = c("d_nutr","d_cm"), d2 = c("d_satt","d_educ"),
            d3 = c("d_elct","d_sani","d_wtr","d_hsg","d_ckfl","d_asst"))
t0 <- proc.time()
des <- survey::svydesign(id = ~psu, weights = ~weight, strata = ~stratum, data = d)
set <- mpitb.set(des, indicators = ind, name = "bench")
est <- mpitb.est(set, klist = c(20, 33, 50), weights = "equal", over = "region", verbose = FALSE)
el <- (proc.time() - t0)[["elapsed"]]
write.csv(as.data.frame(est$lframe), args[2], row.names = FALSE)
cat(sprintf("elapsed %.3f\n", el))
cat(sprintf("versions R=%s survey=%s mpitbR=%s mc.cores=%s\n", getRversion(), packageVersion("survey"),
            packageVersion("mpitbR"), getOption("mc.cores", 2L)))
"""


def skip(msg: str) -> None:
    print(f"skipped: {msg}")
    sys.exit(0)


def replicate(d0: pd.DataFrame, copies: int) -> pd.DataFrame:
    parts = []
    for i in range(copies):
        x = d0.copy()
        x["psu"] = x["psu"] + i * 10**7
        parts.append(x)
    return pd.concat(parts, ignore_index=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=None, help="copies of syn_cdta (default: enough for 1e6 rows)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results" / "mpi_vs_r.md"))
    args = ap.parse_args()

    folder = os.environ.get("POVECON_REFERENCE_DATA")
    if not folder or not (Path(folder) / "syn_cdta.csv").exists():
        skip("set POVECON_REFERENCE_DATA to a folder holding mpitb's syn_cdta.csv")
    if shutil.which("Rscript") is None:
        skip("Rscript not on PATH")
    probe = subprocess.run(["Rscript", "-e", 'quit(status = !requireNamespace("mpitbR", quietly = TRUE))'],
                           capture_output=True)
    if probe.returncode != 0:
        skip("R package mpitbR is not installed (not on Debian; install from its source into R_LIBS)")

    d0 = pd.read_csv(Path(folder) / "syn_cdta.csv").dropna().reset_index(drop=True)
    copies = args.copies or math.ceil(1_000_000 / len(d0))
    data = replicate(d0, copies)
    n = len(data)
    print(f"{n} rows ({copies} copies of {len(d0)}), {data['psu'].nunique()} PSUs, "
          f"{data['stratum'].nunique()} strata, {data['region'].nunique()} regions", flush=True)

    design = pe.SurveyDesign(weights="weight", strata="stratum", psu="psu")
    spec = pe.global_mpi()
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        res = pe.mpi(data, spec, k=KS_PERCENT, design=design, by="region")
        times.append(time.perf_counter() - t0)
    t_py = float(np.median(times))
    print(f"povecon: {t_py:.2f} s (median of {args.repeats})", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        csv, rscript, lout = Path(tmp) / "data.csv", Path(tmp) / "bench.R", Path(tmp) / "lframe.csv"
        data.to_csv(csv, index=False)
        rscript.write_text(R_SCRIPT, encoding="utf-8")
        out = subprocess.run(["Rscript", str(rscript), str(csv), str(lout)], capture_output=True, text=True,
                             check=True).stdout
        lf = pd.read_csv(lout)
    info = dict(line.split(" ", 1) for line in out.strip().splitlines())
    t_r = float(info["elapsed"])
    print(f"R mpitbR: {t_r:.1f} s; {info['versions']}", flush=True)

    # the two agree on this data too (largest relative differences over every row)
    from povecon.mpi.presets import GLOBAL_MPI_COLUMNS

    name = {v: k for k, v in GLOBAL_MPI_COLUMNS.items()}
    rel_b, rel_se = 0.0, 0.0
    for r in lf.itertuples():
        e = res.estimate(r.measure, None if pd.isna(r.indicator) else name[r.indicator],
                         k=None if r.measure == "hd" else r.k, group="all" if r.loa == "nat" else int(r.subg))
        scale = 100.0 if r.measure == "pctb" else 1.0
        rel_b = max(rel_b, abs(e.value / (scale * r.b) - 1))
        if not pd.isna(r.se):
            rel_se = max(rel_se, abs(e.se / r.se - 1))

    cpu = os.cpu_count()
    lines = [
        "# pe.mpi next to R mpitbR",
        "",
        f"`python benchmarks/bench_mpi_vs_r.py` on {platform.system()} {platform.machine()}, {cpu} CPUs, "
        f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}; "
        f"{info['versions'].replace('=', ' ')}.",
        "",
        f"Data: mpitb's `syn_cdta` (complete rows, {len(d0):,}) stacked {copies} times = **{n:,} rows**, "
        f"{data['psu'].nunique():,} PSUs (relabelled per copy) in {data['stratum'].nunique()} strata. "
        "Task on both sides: global-MPI nested equal weights (10 indicators), k = 20, 33, 50 %, "
        "by the 20 regions and overall; M0, H, A, hd, hdk, absolute and percentage contributions; "
        "linearized SEs under `ids=~psu, strata=~stratum, weights=~weight`.",
        "",
        "| tool | wall time (s) | ratio |",
        "| --- | ---: | ---: |",
        f"| R mpitbR `svydesign` + `mpitb.set` + `mpitb.est` (one run; forked `svyby` workers) | {t_r:.1f} | 1 |",
        f"| povecon `pe.mpi` (median of {args.repeats}; one thread) | {t_py:.2f} | "
        f"**{t_r / t_py:.0f}x faster** |",
        "",
        f"Same numbers: over all {len(lf):,} rows of mpitbR's table, the largest relative difference is "
        f"{rel_b:.1e} for the estimates (mpitbR's levels come from `svyciprop`'s logit fit, converged to "
        f"about 1e-8) and {rel_se:.1e} for the standard errors. Contributions have no SE in mpitbR.",
        "",
        "Reading the CSV is not timed in R; pandas' frame is already in memory for povecon. "
        "Timings depend on the machine.",
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
