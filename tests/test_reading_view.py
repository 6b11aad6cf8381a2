"""The reading view ``outputs/html``: locating numbers in the text, the pages, and the pages in headless Chromium.

The report texts are not part of the project: tests that need them read the folder named by
POVECON_SEEDS and are skipped without it; the browser tests are skipped when no Chromium is
installed.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from povecon.reproduce import discover, run_audit
from povecon.reproduce.html import report_texts, write_site
from povecon.reproduce.locate import cjk_value, locate_line, pattern
from povecon.reproduce.palette import VERDICT_COLOURS
from povecon.reproduce.runner import reproduce

SEEDS = os.environ.get("POVECON_SEEDS", "")
HAVE_TEXTS = bool(SEEDS) and all((Path(SEEDS) / seed).is_file() for seed, _ in report_texts().values())
needs_texts = pytest.mark.skipif(not HAVE_TEXTS, reason="set POVECON_SEEDS to the folder of the report texts")
CHROMIUM = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary installed")

#: transcribed numbers not found on their line: printed in words that their note does not quote.
#: A number added here must be looked at, so the list cannot grow unnoticed.
NOT_LOCATED = {"LUO-14.water.rivers", "LUO-14.water.sluices", "LUO-16.bulake.case_household_size"}
#: the printed China total of Table 3-2, 10371 yuan, against its four sources summing to 9371
RTP_302 = "RTP-09.china.disposable_income"


def _line(printed, note=None, ids=None):
    printed = list(printed)
    return pd.DataFrame({"id": ids or [f"n{i}" for i in range(len(printed))], "printed": printed,
                         "note": note or [""] * len(printed)})


def _marked(text, spans):
    return {k: text[s.start:s.end] for k, s in spans.items()}


# --- locating a printed number on its line ------------------------------------------------

def test_a_printed_number_is_never_part_of_a_longer_one():
    assert [m.group() for m in pattern("30").finditer("130 30.5 2030 30 3,030 30")] == ["30", "30"]
    assert pattern("30").search("由 30:3:27 调整").group() == "30"
    # thousands separators and stray spaces inside the printed number are allowed
    assert pattern("10371").search("全国 10,371 元").group() == "10,371"
    assert pattern("2.5").search("约 2 .5 亿").group() == "2 .5"


def test_numbers_printed_alike_take_successive_occurrences_and_then_share():
    text = "贫困县摘帽（个）\t1\t7\t5\t6\t7\t6"
    spans = locate_line(text, _line(["7", "6", "7", "6", "7"]))
    assert [spans[f"n{i}"].start for i in range(4)] == [text.index("7"), text.index("6"), text.rindex("7"),
                                                        text.rindex("6")]
    assert spans["n4"].how == "shared" and spans["n4"].start == spans["n0"].start


def test_the_words_a_note_quotes_place_the_number():
    text = "约61.4万户251万人脱贫，另有251个村"
    spans = locate_line(text, _line(["251", "251"], ["", "另有251个村"]))
    # the second number is placed by its quote although the first occurrence comes first
    assert spans["n1"].start == text.rindex("251") and spans["n1"].how == "quote"
    assert spans["n0"].start == text.index("251")


def test_numbers_printed_in_characters_are_found_through_their_note():
    text = "在景区举办了为期三天的胡杨美食文化节，一季桃两千人就业"
    spans = locate_line(text, _line(["3", "2000", "6"], ["printed in words: 为期三天", "一季桃两千人就业", ""]))
    assert _marked(text, spans) == {"n0": "三", "n1": "两千"}  # the 6 is not on the line: not located


def test_cjk_value():
    assert [cjk_value(t) for t in ("三", "十", "两千", "二十五", "一千", "三万五千", "百")] == [3, 10, 2000, 25, 1000,
                                                                                    35000, 100]
    assert cjk_value("三天") is None and cjk_value("") is None


# --- the pages ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def audit():
    return run_audit()


def test_without_the_texts_the_summary_page_says_so(tmp_path, audit):
    site = write_site(tmp_path, audit, discover(), {}, seeds=tmp_path / "nowhere")
    assert sorted(p.name for p in site.folder.iterdir()) == ["index.html", "view.css", "view.js"]
    assert sorted(site.missing) == sorted(seed for seed, _ in report_texts().values())
    index = (site.folder / "index.html").read_text(encoding="utf-8")
    assert 'class="notice"' in index and "POVECON_SEEDS" in index
    assert "Verdict counts per finding" in index and "RTP-09" in index
    assert "nowhere" in index and str(tmp_path) not in index  # the folder is named, never its absolute path


@pytest.fixture(scope="module")
def site(tmp_path_factory, audit):
    """The site of the full audit, with the tables and figures of RTP-09's analysis in the side panel."""
    if not HAVE_TEXTS:
        pytest.skip("set POVECON_SEEDS to the folder of the report texts")
    out = tmp_path_factory.mktemp("outputs")
    run = reproduce(out=out, only=["RTP-09"], progress=False)
    assert not run.failures and run.site is not None and (out / "html" / "rtp.html").exists()
    return write_site(out, audit, discover(), run.contexts, seeds=SEEDS), out, run.contexts


@needs_texts
def test_the_site_is_byte_identical_across_runs(site, audit, tmp_path):
    first, out, contexts = site
    for name in ("tables", "figures"):
        shutil.copytree(out / name, tmp_path / name)
    second = write_site(tmp_path, audit, discover(), contexts, seeds=SEEDS)
    names = sorted(p.name for p in first.folder.iterdir())
    assert names == ["index.html", "luo.html", "rtp.html", "view.css", "view.js"]
    assert sorted(p.name for p in second.folder.iterdir()) == names
    match, mismatch, errors = filecmp.cmpfiles(first.folder, second.folder, names, shallow=False)
    assert match == names, (mismatch, errors)
    for name in names:
        assert str(out) not in (first.folder / name).read_text(encoding="utf-8")


@needs_texts
def test_every_number_is_marked_or_listed(site, audit):
    s, _, _ = site
    assert set(s.not_located["id"]) == NOT_LOCATED
    assert s.located + len(s.not_located) == len(set(audit["id"]) - {""})
    index = (s.folder / "index.html").read_text(encoding="utf-8")
    for ident in NOT_LOCATED:
        assert ident in index
    pages = "".join((s.folder / p).read_text(encoding="utf-8") for p in ("rtp.html", "luo.html"))
    marked = {i for ids in re.findall(r'data-n="([^"]+)"', pages) for i in ids.split()}
    assert len(marked) == s.located and not marked & NOT_LOCATED


@needs_texts
def test_line_302_marks_the_inconsistent_total_with_its_checks(site):
    s, _, _ = site
    page = (s.folder / "rtp.html").read_text(encoding="utf-8")
    line = re.search(r'<div class="l has" id="L302">.*</div>', page).group()
    assert f'<span class="n v-inconsistent" data-n="{RTP_302}" data-f="RTP-09">10371</span>' in line
    data = re.search(r'<script type="application/json" id="audit-data">(.*)</script>', page).group(1)
    assert '"recomputed":"9371.00"' in data and '"verdict":"inconsistent"' in data
    # the side panel of RTP-09 links its table and shows its figure
    panel = re.search(r'<details class="finding" id="F-RTP-09".*?</details>', page, re.S).group()
    assert 'href="../tables/rtp09_' in panel and '<img src="../figures/' in panel


# --- in a real browser ----------------------------------------------------------------------

def _chromium(*args, cwd):
    res = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                          "--v=0", "--virtual-time-budget=5000", *args], capture_output=True, text=True,
                         timeout=180, cwd=cwd)
    assert res.returncode == 0, res.stderr[-2000:]
    problems = [ln for ln in res.stderr.splitlines() if ":CONSOLE" in ln or "Uncaught" in ln]
    assert not problems, problems
    return res.stdout


@needs_texts
@needs_chromium
@pytest.mark.parametrize("page", ["index.html", "rtp.html", "luo.html"])
def test_pages_load_in_chromium_without_errors(site, tmp_path, page):
    s, _, _ = site
    dom = _chromium("--dump-dom", (s.folder / page).as_uri(), cwd=tmp_path)
    root = re.search(r"<html[^>]*>", dom).group()
    assert 'data-ready="1"' in root and "data-errors" not in root, root
    if page != "index.html":
        # the script ran over every number: each span was made focusable
        assert dom.count('class="n ') == dom.count('tabindex="0"') > 100


@needs_texts
@needs_chromium
def test_rtp_302_in_chromium_with_a_screenshot(site, tmp_path):
    s, _, _ = site
    url = (s.folder / "rtp.html").as_uri() + f"?f=RTP-09&compact=1&n={RTP_302}"
    dom = _chromium("--dump-dom", url, cwd=tmp_path)
    span = re.search(rf'<span class="([^"]*)" data-n="{re.escape(RTP_302)}"[^>]*>10371</span>', dom)
    assert span and "v-inconsistent" in span.group(1).split()
    # the link to the number opened its audit rows: the recomputed sum and links to its inputs
    pop = re.search(r'<div id="pop" role="dialog" class="on".*?</div>', dom, re.S)
    assert pop and "9371.00" in pop.group() and 'href="#L302"' in pop.group()
    shot = tmp_path / "rtp-302.png"
    _chromium(f"--screenshot={shot}", "--window-size=1280,2000", url, cwd=tmp_path)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    from PIL import Image

    with Image.open(shot) as im:
        assert im.size == (1280, 2000)
        colours = {c for _, c in im.convert("RGB").getcolors(maxcolors=1 << 20)}
    # the filter bar's solid swatches and the badges show the palette's colours
    for verdict in ("inconsistent", "reproduced", "rounding"):
        rgb = tuple(int(VERDICT_COLOURS[verdict][i:i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, verdict
