"""Every Python code block of the README runs, as written.

The blocks run in order in one namespace, in a scratch folder, as a reader would
paste them. A block fenced as ```python no-run is shown but not run (the convention
of the documentation pages).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```", re.S | re.M)


def test_readme_has_python_examples():
    assert FENCE.findall(README.read_text(encoding="utf-8"))


def test_readme_code_runs(tmp_path):
    blocks = FENCE.findall(README.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__readme__"}
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        for i, code in enumerate(blocks):
            try:
                exec(compile(code, f"README.md[block {i + 1}]", "exec"), namespace)  # noqa: S102
            except Exception as exc:  # pragma: no cover - the message is the point
                raise AssertionError(f"README.md, code block {i + 1} failed: {exc!r}\n{code}") from exc
    finally:
        os.chdir(here)
        plt.close("all")
