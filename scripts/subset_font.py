"""Rebuild the CJK font subset the reproduction figures are drawn with.

The figures carry Chinese labels, and the default matplotlib font (DejaVu Sans) has no CJK
glyphs. Shipping a subset of an open-licensed font inside the package keeps every figure
byte-identical on any machine, whatever fonts it has installed. The subset holds printable
ASCII, a short list of punctuation and symbols, and every non-ASCII character that occurs
in the analysis scripts, the reproduction code and the ``entity_zh`` column of the
transcribed data: that is every character a figure can draw.

Usage (needs the Noto Sans CJK collection, e.g. Debian's ``fonts-noto-cjk``; only this
script reads it, the package ships the subset)::

    python scripts/subset_font.py [--source NotoSansCJK-Regular.ttc]

Without ``--source`` the collection is located with fontconfig (``fc-match``).

Run it again after adding Chinese text to a figure; ``tests/test_figures_cjk.py`` fails
while the shipped subset lacks a character the sources use.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FONT_DIR = ROOT / "src" / "povecon" / "reproduce" / "fonts"
OUTPUT = FONT_DIR / "NotoSansSC-povecon-subset.otf"
SOURCE_FACE = "Noto Sans CJK SC"
FAMILY = "Noto Sans SC povecon subset"
POSTSCRIPT = "NotoSansSC-povecon-subset"

# symbols a figure may draw that the sources need not spell out: matplotlib's minus sign for
# negative ticks, and the punctuation of bilingual labels
EXTRA = "−–—‘’“”…·×÷±≤≥≈°%‰，、。：；！？（）《》【】「」％～"


def source_texts(root: Path = ROOT) -> list[str]:
    """The texts whose characters the subset must cover, in a fixed order."""
    texts = []
    for pattern in ("analyses/*.py", "src/povecon/reproduce/*.py"):
        texts += [p.read_text(encoding="utf-8") for p in sorted(root.glob(pattern))]
    for path in sorted((root / "data").rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            texts += [row.get("entity_zh") or "" for row in csv.DictReader(fh)]
    return texts


def characters(root: Path = ROOT) -> str:
    """Every character the subset holds, sorted by code point."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | set(EXTRA)
    for text in source_texts(root):
        chars |= {c for c in text if ord(c) > 0x7E and c.isprintable() and not c.isspace()}
    return "".join(sorted(chars))


def _face(source: Path):
    from fontTools.ttLib import TTCollection, TTFont

    if source.suffix.lower() == ".ttc":
        for i, font in enumerate(TTCollection(source).fonts):
            if font["name"].getDebugName(1) == SOURCE_FACE:
                return TTFont(source, fontNumber=i, recalcTimestamp=False)
        raise SystemExit(f"{source} holds no {SOURCE_FACE!r} face")
    return TTFont(source, recalcTimestamp=False)


def _rename(font) -> None:
    # a family name of its own, so that matplotlib never confuses the subset with a full
    # Noto Sans CJK installed on the machine
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17):
            name.removeNames(nameID=rec.nameID)
    for nid, value in ((1, FAMILY), (2, "Regular"), (3, f"{POSTSCRIPT};subset"), (4, FAMILY), (6, POSTSCRIPT)):
        name.setName(value, nid, 3, 1, 0x409)
    desc = ("Subset of Noto Sans CJK SC Regular (version 2.004) to the characters of povecon's "
            "reproduction figures; SIL Open Font License 1.1.")
    name.setName(desc, 10, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [POSTSCRIPT]
        top = cff.topDictIndex[0]
        for key in ("FullName", "FamilyName"):
            if hasattr(top, key):
                setattr(top, key, FAMILY)


def find_source() -> Path | None:
    """The installed Noto Sans CJK SC file, as fontconfig knows it (None without fontconfig)."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{SOURCE_FACE}:style=Regular"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    # fc-match answers with its best substitute when the face is missing
    return Path(found) if "NotoSansCJK" in Path(found).name else None


def build(source: Path, output: Path = OUTPUT) -> tuple[Path, int]:
    """Write the subset; returns its path and the number of characters it maps."""
    from fontTools import subset

    chars = characters()
    font = _face(source)
    missing = [c for c in chars if ord(c) not in font.getBestCmap()]
    if missing:
        raise SystemExit(f"{SOURCE_FACE} has no glyph for {''.join(missing)!r}")
    options = subset.Options()
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    options.name_languages = [0x409]
    options.drop_tables += ["VORG", "vhea", "vmtx"]  # no vertical text in a figure
    options.layout_features = ["kern", "palt", "locl"]
    options.desubroutinize = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    _rename(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(output)
    (output.parent / "charset.txt").write_text(chars + "\n", encoding="utf-8")
    return output, len(chars)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None,
                        help="Noto Sans CJK collection (.ttc) or the SC face (.otf)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    source = args.source or find_source()
    if source is None or not source.exists():
        print(f"no Noto Sans CJK font found ({source or 'fc-match'}); install it or pass --source",
              file=sys.stderr)
        return 1
    path, n = build(source, args.output)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {n} characters, "
          f"{path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
