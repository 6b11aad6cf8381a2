"""Shared test helpers.

Real survey files used for cross-checks (the laeken `eusilc` sample and mpitb's
`syn_cdta`) are not part of the project. Tests that need them read them from the folder
named by the environment variable ``POVECON_REFERENCE_DATA`` and are skipped when it is
unset or the file is absent; the reference numbers they compare against are stored in
the tests themselves.
"""

from __future__ import annotations

import os
from pathlib import Path


def reference_file(name: str) -> str:
    """Path of a reference data file (may not exist; tests skip then)."""
    return str(Path(os.environ.get("POVECON_REFERENCE_DATA", "")) / name) if os.environ.get(
        "POVECON_REFERENCE_DATA") else f"<POVECON_REFERENCE_DATA unset>/{name}"
