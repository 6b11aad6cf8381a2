"""Every Python code block of the documentation's tutorials and methods pages runs.

Blocks of one page run in order in one namespace, in a scratch folder, so a page is a
script a student can follow. A block fenced as ```python no-run is shown but not run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```", re.S | re.M)
PAGES = sorted(p for p in DOCS.rglob("*.md") if FENCE.search(p.read_text(encoding="utf-8")))


def test_tutorials_exist():
    tutorials = sorted((DOCS / "tutorials").glob("[0-9]*.md"))
    assert len(tutorials) >= 6, [t.name for t in tutorials]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_page_code_runs(page, tmp_path):
    blocks = FENCE.findall(page.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__docs__"}
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        for i, code in enumerate(blocks):
            try:
                exec(compile(code, f"{page.name}[block {i + 1}]", "exec"), namespace)  # noqa: S102
            except Exception as exc:  # pragma: no cover - the message is the point
                raise AssertionError(f"{page.name}, code block {i + 1} failed: {exc!r}\n{code}") from exc
    finally:
        os.chdir(here)
        plt.close("all")
