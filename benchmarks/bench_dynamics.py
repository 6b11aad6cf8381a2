"""Benchmarks of the dynamics module: PovertyPanel statistics, and the FE linear probability model.

Simulated data (labelled so). Run by hand, not in tests:

    python benchmarks/bench_dynamics.py [--n 5000000] [--fe-n 1000000] [--repeat 3] [--only panel|fe]

* PovertyPanel: ``--n`` households x 8 years, status from a two-state Markov chain;
  times construction, transitions, rates (incl. re-entry), spells and the re-entry
  life table.
* FE-LPM: ``--fe-n`` households x 8 years, a binary poverty outcome on two regressors
  with household and year fixed effects and SEs clustered by household, fitted by
  linearmodels ``PanelOLS`` (what ``povecon.dynamics.lpm_fe`` uses) and by
  ``pyfixest.feols`` (skipped when not installed). Both fits are checked to agree.

Writes ``benchmarks/results/dynamics.md`` (``--out`` to write elsewhere).
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

from povecon.dynamics import PovertyPanel

HERE = Path(__file__).resolve().parent
T = 8


def simulate(H: int, seed: int = 20260101) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    s = np.empty((H, T), dtype=np.int8)
    s[:, 0] = rng.random(H) < 0.2
    for t in range(1, T):  # loop over years, vectorised over households
        u = rng.random(H)
        s[:, t] = np.where(s[:, t - 1] == 1, u < 0.6, u < 0.08)
    return pd.DataFrame({"hh": np.repeat(np.arange(H, dtype=np.int64), T),
                         "year": np.tile(np.arange(2015, 2015 + T, dtype=np.int64), H),
                         "sim_poor": s.ravel()})


def panel_part(H: int) -> list[str]:
    df = simulate(H)
    out = []
    t0 = time.perf_counter()
    p = PovertyPanel(df, "hh", "year", status="sim_poor")
    out.append(("construct (validate keys, sort, status)", time.perf_counter() - t0))
    for name, f in [("transition_matrix (with clustered SEs)", p.transition_matrix),
                    ("rates (entry/exit/persistence/re-entry, SEs)", p.rates),
                    ("spells (with censoring)", p.spells),
                    ("re-entry life table + Kaplan-Meier", p.reentry)]:
        t = time.perf_counter()
        f()
        out.append((name, time.perf_counter() - t))
    out.append(("**total**", time.perf_counter() - t0))
    for name, sec in out:
        print(f"{name:50s} {sec:8.2f} s", flush=True)
    return ["## PovertyPanel at scale", "",
            f"Simulated data: {H:,} households x {T} years ({H * T / 1e6:.0f} million rows), two-state Markov "
            "status. One run; 2 shared cores, so wall times are upper bounds. No per-household Python loop: every "
            "statistic is a vector operation on the sorted panel.", "",
            "| step | wall time (s) |", "|---|---:|"] + [f"| {a} | {b:.2f} |" for a, b in out]


def simulate_fe(H: int, seed: int = 20260102) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = H * T
    hh = np.repeat(np.arange(H, dtype=np.int64), T)
    year = np.tile(np.arange(2015, 2015 + T, dtype=np.int64), H)
    a = np.repeat(rng.normal(0, 1, H), T)
    x1 = 0.5 * a + rng.normal(0, 1, n)  # correlated with the household effect: FE matter
    x2 = (rng.random(n) < 0.3 + 0.1 * (a > 0)).astype(np.float64)
    latent = a + 0.05 * (year - 2015) - 0.4 * x1 + 0.3 * x2 + rng.logistic(0, 1, n)
    return pd.DataFrame({"hh": hh, "year": year, "sim_poor": (latent > 1.0).astype(np.float64), "x1": x1, "x2": x2})


def best_of(fn, repeat):
    best, out, first = np.inf, None, None
    for i in range(repeat):
        t = time.perf_counter()
        out = fn()
        el = time.perf_counter() - t
        first = el if i == 0 else first
        best = min(best, el)
    return best, first, out


def fe_part(H: int, repeat: int) -> list[str]:
    from linearmodels import PanelOLS

    df = simulate_fe(H)
    idx = pd.MultiIndex.from_arrays([df["hh"].to_numpy(), df["year"].to_numpy()])

    def lm():
        # as povecon.dynamics.lpm_fe fits it
        mod = PanelOLS(pd.Series(df["sim_poor"].to_numpy(), index=idx, name="sim_poor"),
                       df[["x1", "x2"]].set_index(idx), entity_effects=True, time_effects=True,
                       drop_absorbed=False, check_rank=True)
        return mod.fit(cov_type="clustered", cluster_entity=True)

    rows = []
    t_lm, first_lm, fit_lm = best_of(lm, repeat)
    print(f"linearmodels PanelOLS: {t_lm:.2f} s", flush=True)
    rows.append(("linearmodels PanelOLS (entity + time effects, clustered by household)", t_lm, first_lm))
    b_lm, se_lm = fit_lm.params[["x1", "x2"]].to_numpy(), fit_lm.std_errors[["x1", "x2"]].to_numpy()
    lines = ["## Fixed-effects linear probability model", "",
             f"Simulated data: {H:,} households x {T} years ({H * T / 1e6:.0f} million rows); outcome "
             "`sim_poor` (binary) on `x1` (continuous, correlated with the household effect) and `x2` (binary), "
             "household and year fixed effects, SEs clustered by household. Best of "
             f"{repeat} runs in one script run; the first run of pyfixest includes its JIT compilation.", ""]
    try:
        import pyfixest as pf
    except ImportError:
        pf = None
    if pf is not None:
        def fx():
            return pf.feols("sim_poor ~ x1 + x2 | hh + year", data=df, vcov={"CRV1": "hh"})

        t_fx, first_fx, fit_fx = best_of(fx, repeat)
        print(f"pyfixest feols: {t_fx:.2f} s (first {first_fx:.2f} s)", flush=True)
        # the pipe is escaped: it would end the markdown table cell
        rows.append((f"pyfixest {pf.__version__} `feols(y ~ x1 + x2 \\| hh + year)`, CRV1 by hh", t_fx, first_fx))
        b_fx = fit_fx.coef()[["x1", "x2"]].to_numpy()
        se_fx = fit_fx.se()[["x1", "x2"]].to_numpy()
        db = np.max(np.abs(b_fx - b_lm) / np.abs(b_lm))
        dse = np.max(np.abs(se_fx - se_lm) / se_lm)
        # small-sample factors: linearmodels scales by n / (n - k - absorbed effects), counting the
        # household effects; pyfixest's CRV1 by G/(G-1) (n-1)/(n-k-T), not counting effects nested
        # in the clusters
        n, k, G = len(df), 2, H
        f_lm = np.sqrt(n / (n - k - H - (T - 1)))
        f_fx = np.sqrt(G / (G - 1) * (n - 1) / (n - k - T))
        dse_raw = np.max(np.abs(se_fx / f_fx - se_lm / f_lm) / (se_lm / f_lm))
        faster = "pyfixest" if t_fx < t_lm else "linearmodels"
    lines += ["| estimator | best time (s) | first run (s) | x linearmodels |", "|---|---:|---:|---:|"]
    lines += [f"| {a} | {b:.2f} | {c:.2f} | {b / t_lm:.2f} |" for a, b, c in rows]
    lines += ["", f"linearmodels: x1 = {b_lm[0]:.6f} (SE {se_lm[0]:.6f}), x2 = {b_lm[1]:.6f} (SE {se_lm[1]:.6f})."]
    if pf is not None:
        lines += [f"pyfixest: x1 = {b_fx[0]:.6f} (SE {se_fx[0]:.6f}), x2 = {b_fx[1]:.6f} (SE {se_fx[1]:.6f}).",
                  "", f"- Target: time the FE-LPM on {H:,} households x {T} years with linearmodels and pyfixest — "
                  f"**measured**: {faster} faster ({max(t_fx, t_lm) / min(t_fx, t_lm):.1f}x warm); coefficients "
                  f"agree to {db:.0e}, clustered SEs to {dse_raw:.0e} once the small-sample factors are aligned.",
                  "", f"Agreement: coefficients to a relative {db:.1e}. The clustered SEs differ by a relative "
                  f"{dse:.1e}, all of it the small-sample factor: linearmodels (as `lpm_fe` calls it) scales the "
                  "covariance by n / (n - k - absorbed effects), counting the household effects although they are "
                  f"nested in the clusters (here x{f_lm:.4f} on the SE); pyfixest's CRV1 applies "
                  f"G/(G-1) (n-1)/(n-k-T) (x{f_fx:.5f}), leaving out effects nested in the clusters. "
                  f"Without those factors the SEs agree to a relative {dse_raw:.1e}.",
                  "", f"Faster here: **{faster}** ({max(t_fx, t_lm) / min(t_fx, t_lm):.1f}x on warm runs; "
                  f"first runs {first_lm:.1f} s vs {first_fx:.1f} s).",
                  "", "Recommendation: the speed-up does not by itself justify a dependency that brings numba, llvmlite and "
                  "scikit-learn; keep linearmodels in `lpm_fe` and offer pyfixest as an optional backend for "
                  "registry-scale panels. Separately, the degrees-of-freedom convention of the clustered SEs needs a "
                  "decision: linearmodels counts the household effects although they are nested in the clusters "
                  "(SEs larger by the factor above), pyfixest does not."]
    else:
        lines += ["", "pyfixest is not installed; its comparison was skipped."]
    return lines


def main(argv=None) -> str:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5_000_000, help="households for the PovertyPanel part")
    ap.add_argument("--fe-n", type=int, default=1_000_000, help="households for the FE-LPM part")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=["panel", "fe"], default=None)
    ap.add_argument("--out", default=str(HERE / "results" / "dynamics.md"))
    args = ap.parse_args(argv)
    lines = ["# Dynamics benchmarks", "",
             f"Machine: {platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}, "
             f"pandas {pd.__version__}; 2 shared cores.", ""]
    if args.only != "fe":
        lines += panel_part(args.n) + [""]
    if args.only != "panel":
        lines += fe_part(args.fe_n, args.repeat)
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    print(main())
