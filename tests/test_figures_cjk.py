"""The reproduction figures keep their Chinese labels: the shipped font subset draws every
character, nothing falls back to another font, and two runs give the same bytes."""

from __future__ import annotations

import filecmp
import importlib.util
import re
import warnings
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

import povecon  # noqa: E402
from povecon.errors import ReproduceError  # noqa: E402
from povecon.reproduce import context as context_module  # noqa: E402
from povecon.reproduce.context import Context, style  # noqa: E402
from povecon.reproduce.figures import (  # noqa: E402
    FONT_FAMILY,
    font_characters,
    figure_texts,
    font_path,
    line_ranges,
    missing_glyphs,
    redraws_note,
    register_font,
    verdict_label,
)
from povecon.reproduce.palette import VERDICT_COLOURS, VERDICT_LABELS_ZH  # noqa: E402
from povecon.reproduce.runner import discover, reproduce  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u9fff]")
GLYPH_WARNING = r".*Glyph .* missing from font"


def _subset_script():
    spec = importlib.util.spec_from_file_location("subset_font", ROOT / "scripts" / "subset_font.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _figure_findings() -> list[str]:
    return sorted({f for s in discover() if "ctx.figure(" in s.path.read_text(encoding="utf-8") for f in s.findings})


@pytest.fixture(scope="module")
def figure_run(tmp_path_factory):
    """Every analysis that draws a figure, run with a glyph fallback turned into an error,
    recording each figure's texts before it is saved."""
    texts: dict[str, list[str]] = {}
    last: list[list[str]] = []
    original_figure, original_check = Context.figure, context_module.missing_glyphs

    def check(fig):
        # Context.figure checks the glyphs after drawing the note, so this sees every string
        last[:] = [figure_texts(fig)]
        return original_check(fig)

    def figure(self, name, fig, caption="", *, redraws=""):
        path = original_figure(self, name, fig, caption, redraws=redraws)
        texts[name] = last[0]
        return path

    out = tmp_path_factory.mktemp("figs-a")
    with warnings.catch_warnings(), pytest.MonkeyPatch.context() as mp:
        warnings.filterwarnings("error", message=GLYPH_WARNING)
        mp.setattr(context_module, "missing_glyphs", check)
        mp.setattr(Context, "figure", figure)
        result = reproduce(out, only=_figure_findings(), progress=False)
    return result, texts


def test_font_ships_inside_the_package_with_its_licence():
    path = font_path()
    assert path.is_file() and path.suffix == ".otf"
    assert Path(povecon.__file__).resolve().parent in path.resolve().parents
    assert path.stat().st_size < 400_000  # a subset, not the 16 MB collection
    licence = (path.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    readme = (path.parent / "README.md").read_text(encoding="utf-8")
    assert "Noto Sans CJK SC" in readme and "subset_font.py" in readme


def test_matplotlib_finds_the_shipped_font_not_a_system_one():
    family = register_font()
    assert family == FONT_FAMILY
    found = font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    assert Path(found).resolve() == font_path().resolve()
    # registering twice does not add a second entry
    register_font()
    assert sum(f.fname == str(font_path()) for f in font_manager.fontManager.ttflist) == 1


def test_style_draws_with_the_subset_first():
    style()
    assert matplotlib.rcParams["font.family"][0] == FONT_FAMILY
    assert context_module._RC["font.family"][0] == FONT_FAMILY


def test_font_covers_every_character_the_sources_use():
    # fails when a figure label gains a character and the subset was not rebuilt
    wanted = set(_subset_script().characters(ROOT))
    lacking = "".join(sorted(wanted - font_characters()))
    assert not lacking, f"rebuild the font with scripts/subset_font.py; missing {lacking!r}"
    assert set(VERDICT_LABELS_ZH.values()) and all(set(v) <= font_characters() for v in VERDICT_LABELS_ZH.values())


def test_charset_file_matches_the_font():
    listed = (font_path().parent / "charset.txt").read_text(encoding="utf-8").rstrip("\n")
    assert set(listed) <= font_characters()


def test_a_character_outside_the_subset_is_reported_and_refused(tmp_path):
    style()
    fig, ax = plt.subplots()
    ax.set_title("贫困 poverty 龘")  # the last character is in no label of the project
    assert "龘" not in font_characters()
    # matplotlib itself sees the fallback fail, and povecon names the character
    with pytest.warns(UserWarning, match="Glyph .* missing"):
        assert missing_glyphs(fig) == "龘"
    ctx = Context(out=tmp_path, audit_frame=None)
    with pytest.raises(ReproduceError, match="龘"), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ctx.figure("bad", fig)
    assert not (tmp_path / "figures" / "bad.png").exists()


def test_every_character_of_the_subset_renders_without_fallback():
    style()
    chars = "".join(sorted(c for c in font_characters() if c.isprintable() and not c.isspace()))
    fig = plt.figure(figsize=(8, 8))
    for i in range(0, len(chars), 40):
        fig.text(0.01, 0.98 - 0.03 * (i // 40), chars[i:i + 40].replace("$", r"\$"), fontsize=8)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=GLYPH_WARNING)
        fig.canvas.draw()
    plt.close(fig)


def test_line_ranges_and_notes():
    assert line_ranges([141]) == "141"
    assert line_ranges([263, 264, 265, 271, 275, 276]) == "263–265, 271, 275–276"
    assert line_ranges(range(1, 40, 2)) == "1–39 (20 lines)"
    import pandas as pd

    rows = pd.DataFrame({"seed": ["002_9ed149d90c19c988.txt"] * 2, "line": [141, 142]})
    note = redraws_note("表2-1 Table 2-1", rows)
    assert note.splitlines()[0] == "重绘 Redraws: 表2-1 Table 2-1"
    assert "002_9ed149d90c19c988.txt" in note and "141–142" in note and "《" in note


def test_verdict_labels_follow_the_palette():
    for v in VERDICT_COLOURS:
        assert verdict_label(v).startswith(VERDICT_LABELS_ZH[v])
    with pytest.raises(ValueError):
        verdict_label("fine")


def test_every_figure_renders_with_no_glyph_fallback(figure_run):
    result, texts = figure_run
    assert not result.failures, result.failures
    figures = [o for c in result.contexts.values() for o in c.outputs if o.kind == "figure"]
    assert len(figures) >= 20 and set(texts) == {o.name for o in figures}
    have = font_characters()
    for name, strings in texts.items():
        used = {c for s in strings for c in s if not c.isspace()}
        assert used <= have, (name, "".join(sorted(used - have)))


def test_every_figure_carries_chinese_and_says_what_it_redraws(figure_run):
    result, texts = figure_run
    for c in result.contexts.values():
        for o in c.outputs:
            if o.kind != "figure":
                continue
            assert o.note.startswith(("重绘 Redraws:", "模拟数据 SIMULATED", "不重绘")), o.name
            drawn = texts[o.name]
            assert any(o.note.splitlines()[0] in s for s in drawn), o.name
            # a Chinese label besides the note: title, axis, tick or legend
            assert any(CJK.search(s) for s in drawn if s != o.note), o.name
            # a figure redrawing a report names the report's file and lines
            if o.note.startswith("重绘"):
                assert re.search(r"\d{3}_[0-9a-f]{16}\.txt, 行 lines \d", o.note), o.name
    report = (result.out / "report.md").read_text(encoding="utf-8")
    assert "重绘 Redraws:" in report


def test_figures_are_byte_identical_across_runs(figure_run, tmp_path):
    result, _ = figure_run
    # a second run of a few figure-heavy analyses into another folder
    only = ["RTP-08", "LUO-11", "X-01", "SIM-01"]
    again = reproduce(tmp_path, only=only, progress=False)
    assert not again.failures
    names = sorted(p.name for p in (tmp_path / "figures").glob("*.png"))
    assert len(names) >= 4
    match, mismatch, errors = filecmp.cmpfiles(result.out / "figures", tmp_path / "figures", names, shallow=False)
    assert match == names and not mismatch and not errors

