"""Shared test helpers.

Real survey files used for cross-checks (the laeken `eusilc` sample, R survey's `apiclus1`
and mpitb's `syn_cdta`) are not part of the project. Tests that need them read them from the
folder named by the environment variable ``POVECON_REFERENCE_DATA``; when it is unset or lacks
the file, `eusilc` and `apiclus1` are exported from R's laeken and survey packages if R and
they are installed (the Debian packages r-cran-laeken, r-cran-survey). Tests are skipped when a file is not available; the
reference numbers they compare against are stored in the tests themselves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from hypothesis import settings

# Property tests draw the same examples on every run, so CI is reproducible; set
# HYPOTHESIS_PROFILE=explore to draw fresh examples while developing.
settings.register_profile("povecon", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "povecon"))

_EXPORTED: dict[str, str] = {}

_FROM_R = {
    # file name -> R code writing it to the path in the environment variable OUT
    "eusilc.csv": 'library(laeken); data(eusilc); write.csv(eusilc, Sys.getenv("OUT"), row.names = FALSE)',
    # the California schools cluster sample of R survey's own calibration examples
    "apiclus1.csv": 'library(survey); data(api); write.csv(apiclus1, Sys.getenv("OUT"), row.names = FALSE)',
}


def _export_from_r(name: str) -> str | None:
    if name in _EXPORTED:
        return _EXPORTED[name]
    path = None
    if name in _FROM_R and shutil.which("Rscript"):
        out = Path(tempfile.mkdtemp(prefix="povecon-ref-")) / name
        try:
            subprocess.run(["Rscript", "-e", _FROM_R[name]], env={**os.environ, "OUT": str(out)},
                           capture_output=True, timeout=120, check=True)
            path = str(out) if out.exists() else None
        except (subprocess.SubprocessError, OSError):
            path = None
    _EXPORTED[name] = path
    return path


def reference_file(name: str) -> str:
    """Path of a reference data file (may not exist; tests skip then)."""
    folder = os.environ.get("POVECON_REFERENCE_DATA")
    if folder and (Path(folder) / name).exists():
        return str(Path(folder) / name)
    return _export_from_r(name) or f"<POVECON_REFERENCE_DATA unset>/{name}"
