"""The font, glyph check and source note of the reproduction figures.

The figures carry the reports' Chinese labels. They are drawn with a subset of Noto Sans
CJK SC shipped inside the package (``fonts/``, SIL Open Font License 1.1), never with a
font of the machine, so a figure is byte-identical everywhere and no label silently loses
its glyphs. ``scripts/subset_font.py`` rebuilds the subset when a figure needs a character
it lacks; :func:`missing_glyphs` names such characters.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

FONT_FILE = "NotoSansSC-povecon-subset.otf"
FONT_FAMILY = "Noto Sans SC povecon subset"
NOTE_SIZE = 7
NOTE_COLOUR = "#333333"


def font_path() -> Path:
    """The shipped font subset.

    Returns
    -------
    pathlib.Path
        Its path inside the installed package.
    """
    return Path(str(resources.files("povecon.reproduce").joinpath("fonts", FONT_FILE)))


def register_font() -> str:
    """Make the shipped font known to matplotlib (once) and return its family name.

    Returns
    -------
    str
        The family name to put in ``font.family``.
    """
    from matplotlib import font_manager

    path = str(font_path())
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    return FONT_FAMILY


@lru_cache(maxsize=1)
def font_characters() -> frozenset[str]:
    """The characters the shipped font has a glyph for.

    Returns
    -------
    frozenset of str
    """
    from fontTools.ttLib import TTFont

    with TTFont(font_path(), lazy=True) as font:
        return frozenset(chr(c) for c in font.getBestCmap())


def figure_texts(fig) -> list[str]:
    """Every visible string a figure draws: titles, labels, tick labels, legends, notes.

    Tick labels are set when a figure is drawn, so the figure is laid out (not rendered) first.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    list of str
    """
    from matplotlib.text import Text

    fig.draw_without_rendering()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def missing_glyphs(fig) -> str:
    """The characters a figure draws that the shipped font has no glyph for.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    str
        The characters, sorted; empty when the font covers the figure.
    """
    have = font_characters()
    used = {c for text in figure_texts(fig) for c in text if not c.isspace()}
    return "".join(sorted(used - have))


def line_ranges(lines) -> str:
    """Line numbers as compact ranges, e.g. ``"118–121, 125"``.

    Parameters
    ----------
    lines : iterable of int

    Returns
    -------
    str
    """
    nums = sorted({int(x) for x in lines if pd.notna(x)})
    if not nums:
        return ""
    runs, start, prev = [], nums[0], nums[0]
    for n in nums[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}" if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    if len(runs) > 6:
        # a long list of single lines helps nobody find the table; the span does
        return f"{nums[0]}–{nums[-1]} ({len(nums)} lines)"
    return ", ".join(runs)


def redraws_note(where: str, sources: pd.DataFrame | None = None, *, reports: dict[str, str] | None = None) -> str:
    """The note under a figure saying which report table and which lines it redraws.

    Parameters
    ----------
    where : str
        The table as the report names it, in Chinese with English beside it, e.g.
        ``"表2-1 Table 2-1"``.
    sources : pandas.DataFrame, optional
        The transcribed rows the figure draws, with ``seed`` (the report's file name) and
        ``line`` columns; one line of the note per report file.
    reports : dict of str to str, optional
        Report file name to report title; defaults to the two reports of the reproduction.

    Returns
    -------
    str
    """
    if reports is None:
        from .report import REPORTS

        reports = {}
        for label in REPORTS.values():
            if "(" in label:
                title, file = label.rsplit("(", 1)
                reports[file.rstrip(")").strip()] = title.strip()
    lines = [f"重绘 Redraws: {where}"]
    if sources is not None and len(sources):
        for seed, rows in sources.groupby("seed", sort=True):
            title = reports.get(seed, "")
            lines.append(f"{title} {seed}, 行 lines {line_ranges(rows['line'])}".strip())
    return "\n".join(lines)


def add_note(fig, text: str) -> None:
    """Put a small note under everything a figure draws (kept by ``bbox_inches="tight"``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    text : str

    Returns
    -------
    None
    """
    fig.draw_without_rendering()
    box = fig.get_tightbbox()  # inches, legends and labels outside the axes included
    x = box.x0 / fig.get_figwidth()
    y = (box.y0 - 0.06) / fig.get_figheight()
    fig.text(x, y, text, ha="left", va="top", fontsize=NOTE_SIZE, color=NOTE_COLOUR, linespacing=1.4)


def verdict_label(verdict: str) -> str:
    """A verdict as a figure labels it: Chinese, then English (``"不一致 inconsistent"``).

    Parameters
    ----------
    verdict : str
        One of the audit's verdicts.

    Returns
    -------
    str
    """
    from .palette import VERDICT_LABELS_ZH, verdict_colour

    verdict_colour(verdict)  # the same ValueError for an unknown verdict
    return f"{VERDICT_LABELS_ZH[verdict]} {verdict}"


# Ink for data that carries no verdict: a slate distinct from every verdict colour, so a plain
# bar never reads as "reproduced" or "inconsistent".
NEUTRAL = "#44546A"
NEUTRAL_LIGHT = "#8EA3BF"


def number_verdict(audit: pd.DataFrame, number: str) -> str | None:
    """The verdict of one printed number by its best reading, or None when no check concerns it.

    Parameters
    ----------
    audit : pandas.DataFrame
        Audit rows (e.g. ``ctx.audit("LUO-12")``).
    number : str
        The printed number's ``id``.

    Returns
    -------
    str or None
    """
    from .counts import number_verdicts

    nv = number_verdicts(audit)
    found = nv.loc[nv["id"] == number, "verdict"]
    return None if found.empty or found.iloc[0] == "unchecked" else str(found.iloc[0])

# one colour per place in every figure, kept clear of the verdict colours (the Okabe-Ito hues
# the verdicts do not use, and earth tones)
PLACE_COLOURS = {"China": NEUTRAL_LIGHT, "Xinjiang": NEUTRAL, "Four prefectures": "#B8860B",
                 "Aksu": "#E69F00", "Kashgar": "#56B4E9", "Hotan": "#8C564B", "Kizilsu": "#000000"}
# categories with no order and no verdict (income sources, MPI indicators), clear of the verdict colours
CATEGORY_COLOURS = ["#44546A", "#8EA3BF", "#B8860B", "#E3C878", "#8C564B", "#D9C3B0"]
# the prefectures as the reports name them
PLACE_ZH = {"China": "全国", "Xinjiang": "新疆", "Four prefectures": "南疆四地州", "all": "四地州合计",
            "Aksu": "阿克苏", "Kashgar": "喀什", "Hotan": "和田", "Kizilsu": "克州"}


def simulated_note(table: str) -> str:
    """The note under a figure of simulated data: it redraws no table of either report.

    Parameters
    ----------
    table : str
        The output table the figure draws.

    Returns
    -------
    str
    """
    return ("模拟数据 SIMULATED data: 不重绘两份报告中的任何表 redraws no table of either report\n"
            f"output table {table}")
