"""The documentation site works offline: formulas are rendered by the KaTeX copy in
docs/assets/katex and no page loads a script, stylesheet or font from the network."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
KATEX = ROOT / "docs" / "assets" / "katex"
# a page with inline and display formulas
FORMULA_PAGE = Path("tutorials") / "01-poverty-lines-and-fgt" / "index.html"

_REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_LOADING_RELS = {"stylesheet", "preconnect", "preload", "modulepreload", "icon", "dns-prefetch"}


def _config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def _entries(config: dict, key: str) -> list[str]:
    out = []
    for item in config.get(key) or []:
        out.append(item if isinstance(item, str) else item.get("path", ""))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    for module in ("mkdocs", "material", "mkdocstrings"):
        pytest.importorskip(module)
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    return out


def test_config_loads_nothing_remote():
    config = _config()
    assert config["theme"].get("font") is False  # no web fonts fetched by the theme
    assert not config["theme"].get("custom_dir")  # no overrides that could add remote tags
    for key in ("extra_javascript", "extra_css"):
        for entry in _entries(config, key):
            assert not _REMOTE.match(entry), f"{key} loads {entry}"
            assert (ROOT / "docs" / entry).is_file(), f"{key} entry {entry} is not in docs/"


def test_katex_is_vendored_with_its_licence():
    config = _config()
    for name in ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js", "LICENSE"):
        assert (KATEX / name).is_file(), name
    licence = (KATEX / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Khan Academy" in licence
    assert "assets/katex/katex.min.js" in _entries(config, "extra_javascript")
    assert "assets/katex/contrib/auto-render.min.js" in _entries(config, "extra_javascript")
    assert "assets/katex/katex.min.css" in _entries(config, "extra_css")
    css = (KATEX / "katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert fonts, "the stylesheet names no fonts"
    for font in fonts:
        assert font.endswith(".woff2"), font
        assert (KATEX / font).is_file(), font
    shipped = {p.name for p in (KATEX / "fonts").iterdir()}
    assert shipped == {Path(f).name for f in fonts}


def test_no_cdn_left_in_docs():
    cdn = re.compile(r"unpkg\.com|jsdelivr|cdnjs|googleapis|mathjax", re.IGNORECASE)
    texts = [ROOT / "mkdocs.yml", *(ROOT / "docs").rglob("*.md"), *(ROOT / "docs" / "javascripts").rglob("*")]
    for path in texts:
        if path.is_file():
            assert not cdn.search(path.read_text(encoding="utf-8")), path


def test_built_pages_load_nothing_remote(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag in _SCRIPT.findall(html):
            src = _attr(tag, "src")
            assert src is None or not _REMOTE.match(src), f"{page.relative_to(site)} loads {src}"
        for tag in _LINK.findall(html):
            if (_attr(tag, "rel") or "") not in _LOADING_RELS:
                continue  # navigation links (prev, next, canonical) load nothing
            href = _attr(tag, "href") or ""
            assert not _REMOTE.match(href), f"{page.relative_to(site)} loads {href}"


def _attr(tag: str, name: str) -> str | None:
    match = re.search(r"\b" + name + r"=\"([^\"]*)\"", tag)
    return match.group(1) if match else None


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.mark.skipif(_chromium() is None, reason="no chromium to render the page")
def test_formulas_render_from_disk_without_network(site, tmp_path):
    page = site / FORMULA_PAGE
    source = page.read_text(encoding="utf-8")
    expected = source.count('class="arithmatex"')
    assert expected > 0, "the formula page has no formulas"
    run = subprocess.run(
        [
            _chromium(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # every host name fails to resolve
            "--proxy-server=http://127.0.0.1:9",  # and anything else goes to a closed port
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=5000",
            "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert dom.count('class="katex"') == expected
    assert "katex-error" not in dom
