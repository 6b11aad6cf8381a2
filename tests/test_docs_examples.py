"""Every Python code block of the documentation's tutorials and methods pages runs.

Blocks of one page run in order in one namespace, in a scratch folder, so a page is a
script a student can follow. A block fenced as ```python no-run is shown but not run.
Blocks inside a collapsible admonition (``??? success "Solution"``, indented by four
spaces) are dedented and run in their place in the page, so the worked solutions of the
exercises are checked like the rest of the page.
"""

from __future__ import annotations

import ast
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"
TUTORIALS = sorted((DOCS / "tutorials").glob("[0-9]*.md"))

_OPEN = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)$")
_ADMONITION = re.compile(r"^(?P<indent> *)(\?\?\?\+?|!!!)\s+(?P<kind>\w[\w-]*)(?:\s+\"(?P<title>[^\"]*)\")?")
_RUN = re.compile(r"^python\s*$")


@dataclass
class Block:
    code: str
    line: int              # 1-based line of the opening fence
    admonition: str | None  # title of the enclosing admonition, None at top level


def code_blocks(text: str) -> list[Block]:
    """The runnable ```python blocks of a page, in page order.

    Top-level fences run as written; fences indented under an admonition header
    (``???`` or ``!!!``) are dedented first. Any other fence (``python no-run``, ``text``,
    an indented fence outside an admonition) is skipped.
    """
    lines = text.split("\n")
    blocks: list[Block] = []
    admonition: tuple[int, str] | None = None  # (indent of the header, title)
    i = 0
    while i < len(lines):
        line = lines[i]
        head = _ADMONITION.match(line)
        if head:
            admonition = (len(head["indent"]), head["title"] or head["kind"])
            i += 1
            continue
        indent = len(line) - len(line.lstrip(" "))
        if admonition is not None and line.strip() and indent <= admonition[0]:
            admonition = None  # a line back at the header's indentation closes the block
        fence = _OPEN.match(line)
        if not fence:
            i += 1
            continue
        pad = fence["indent"]
        end = i + 1
        while end < len(lines) and lines[end].rstrip() != pad + "```":
            end += 1
        body = "\n".join(lines[i + 1 : end]) + "\n"
        inside = admonition is not None and len(pad) > admonition[0]
        if _RUN.match(fence["info"]) and (not pad or inside):
            blocks.append(Block(textwrap.dedent(body), i + 1, admonition[1] if inside else None))
        i = end + 1
    return blocks


PAGES = sorted(p for p in DOCS.rglob("*.md") if code_blocks(p.read_text(encoding="utf-8")))


def test_tutorials_exist():
    assert len(TUTORIALS) >= 6, [t.name for t in TUTORIALS]


def test_parser_reads_admonitions():
    page = (
        "```python\nx = 1\n```\n\n"
        '??? success "Solution"\n\n    ```python\n    y = x + 1\n    assert y == 2\n    ```\n\n'
        "    ```python no-run\n    boom()\n    ```\n\n"
        "A paragraph closes the admonition.\n\n"
        "    ```python\n    not run: an indented fence outside an admonition\n    ```\n"
    )
    blocks = code_blocks(page)
    assert [b.code for b in blocks] == ["x = 1\n", "y = x + 1\nassert y == 2\n"]
    assert [b.admonition for b in blocks] == [None, "Solution"]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_page_code_runs(page, tmp_path):
    blocks = code_blocks(page.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__docs__"}
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        for i, block in enumerate(blocks):
            where = f"{page.name}[block {i + 1}, line {block.line}]"
            try:
                exec(compile(block.code, where, "exec"), namespace)  # noqa: S102
            except Exception as exc:  # pragma: no cover - the message is the point
                raise AssertionError(f"{where} failed: {exc!r}\n{block.code}") from exc
    finally:
        os.chdir(here)
        plt.close("all")


def _exercises(page: Path) -> list[str]:
    """The text of each ``### Exercise`` under the page's ``## Exercises`` section."""
    text = page.read_text(encoding="utf-8")
    parts = re.split(r"^## Exercises[ \t]*$", text, flags=re.M)
    assert len(parts) == 2, f"{page.name}: no (or more than one) '## Exercises' section"
    section = re.split(r"^## ", parts[1], flags=re.M)[0]
    return re.split(r"^### Exercise\b", section, flags=re.M)[1:]


@pytest.mark.parametrize("page", TUTORIALS, ids=[p.name for p in TUTORIALS])
def test_tutorial_exercises_have_checked_solutions(page):
    exercises = _exercises(page)
    assert 2 <= len(exercises) <= 4, f"{page.name}: {len(exercises)} exercises"
    for n, text in enumerate(exercises, 1):
        assert '??? success "Solution"' in text, f"{page.name}, exercise {n}: no solution block"
        solution = [b for b in code_blocks(text) if b.admonition == "Solution"]
        assert solution, f"{page.name}, exercise {n}: the solution has no runnable python block"
        last = ast.parse(solution[-1].code).body[-1]
        # the check is the point: a solution that only prints cannot fail
        assert isinstance(last, ast.Assert), f"{page.name}, exercise {n}: the solution must end with an assert"


def test_simulated_data_is_labelled():
    for page in DOCS.rglob("*.md"):
        for block in code_blocks(page.read_text(encoding="utf-8")):
            for line in block.code.splitlines():
                if "simulate_households(" in line:
                    assert "SIMULATED" in line, f"{page.name}: label the simulated data: {line.strip()}"
