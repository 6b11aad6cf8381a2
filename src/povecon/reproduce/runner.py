"""Run the analyses and the audit, and write audit.csv, report.md, tables and figures."""

from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from tqdm import tqdm

from .. import datasets
from ..errors import ReproduceError
from .audit import _finding_key, _selected, run_audit
from .context import Context, style
from .html import Site, write_site
from .report import write_report


def analyses_root() -> Path:
    return datasets.data_root().parent / "analyses"


@dataclass
class Script:
    path: Path
    module: ModuleType
    findings: list[str]
    title: str


@dataclass
class RunResult:
    """What :func:`reproduce` did.

    Parameters
    ----------
    out : pathlib.Path
        The output folder.
    audit : pandas.DataFrame
        The audit frame.
    contexts : dict of str to Context, optional
        Each analysis script's context, by script name.
    failures : dict of str to str, optional
        Scripts that failed, with the error.
    site : Site, optional
        The reading view written into ``html/``.
    """

    out: Path
    audit: pd.DataFrame
    contexts: dict[str, Context] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    site: Site | None = None


def discover(root: Path | None = None) -> list[Script]:
    """The analysis scripts, sorted by file name.

    Each defines ``FINDINGS`` and ``run(ctx)``.

    Parameters
    ----------
    root : pathlib.Path, optional
        The folder of the scripts; defaults to the project's ``analyses/``.

    Returns
    -------
    list of Script
    """
    root = root or analyses_root()
    if not root.is_dir():
        raise ReproduceError(f"no analyses/ folder at {root}")
    scripts = []
    for path in sorted(root.glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"povecon_analysis_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # a broken script must not hide the others
            raise ReproduceError(f"analyses/{path.name} cannot be imported: {exc}") from exc
        if not hasattr(module, "run") or not hasattr(module, "FINDINGS"):
            raise ReproduceError(f"analyses/{path.name} must define FINDINGS and run(ctx)")
        scripts.append(Script(path, module, list(module.FINDINGS), getattr(module, "TITLE", path.stem)))
    return scripts


def reproduce(out: str | Path = "outputs", only: list[str] | None = None, progress: bool = True,
              verbose: bool = False) -> RunResult:
    """Rebuild every finding: audit all claims, run the analysis scripts, write the report.

    Parameters
    ----------
    out : str or pathlib.Path, default "outputs"
        Output folder (``audit.csv``, ``report.md``, ``tables/``, ``figures/``, and the reading
        view ``html/``, which shows the report texts from the folder ``POVECON_SEEDS`` names).
    only : list of str, optional
        Finding ids or report prefixes to rebuild; None rebuilds everything.
    progress : bool, default True
        Report progress on standard error: a progress bar on a terminal, one plain line per
        analysis script otherwise (a log file then holds no bar redraws).
    verbose : bool, default False
        Also one line per script on a terminal (its findings, outcome and time).

    Returns
    -------
    RunResult

    Raises
    ------
    ReproduceError
        The data package does not verify.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    problems = [p for p in datasets.verify() if "no provenance" not in p]
    if problems:
        raise ReproduceError("the data package does not verify:\n  " + "\n  ".join(problems))
    scripts = [s for s in discover() if not only or any(_selected(f, only) for f in s.findings)]
    if only:
        # a script covering several findings sees the audit of all of them
        only = sorted(set(only) | {f for s in scripts for f in s.findings})
    audit = run_audit(only)
    audit.to_csv(out / "audit.csv", index=False, lineterminator="\n")
    result = RunResult(out, audit)
    style()
    # disable=None: tqdm draws only when standard error is a terminal
    bar = tqdm(scripts, desc="reproduce", unit="finding", disable=None if progress else True, file=sys.stderr)
    plain = progress and bar.disable
    for i, script in enumerate(bar, 1):
        if not bar.disable:
            bar.set_postfix_str(script.path.stem)
        ctx = Context(out=out, audit_frame=audit, script=script.path.name)
        np.random.seed(0)  # scripts must seed their own draws; this only guards against forgetting
        start = time.perf_counter()
        try:
            script.module.run(ctx)
        except Exception:
            result.failures[script.path.name] = traceback.format_exc(limit=4)
        finally:
            plt.close("all")
        result.contexts[script.path.name] = ctx
        if plain or (progress and verbose):
            outcome = "FAILED" if script.path.name in result.failures else "ok"
            line = (f"[{i}/{len(scripts)}] {script.path.stem} ({', '.join(script.findings)}): {outcome}"
                    + (f" in {time.perf_counter() - start:.1f}s" if verbose else ""))
            if plain:
                print(line, file=sys.stderr, flush=True)
            else:
                bar.write(line, file=sys.stderr)
    write_report(out, audit, scripts, result.contexts, result.failures)
    result.site = write_site(out, audit, scripts, result.contexts)
    return result
