"""The glossary's tables: enough measurement terms, pinyin everywhere, real functions, live links."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import povecon as pe

DOCS = Path(__file__).resolve().parents[1] / "docs"
GLOSSARY = DOCS / "glossary.md"

# `pe.fgt(`, `pe.PovertyPanel.rates`, `pe.inference.critical`: the dotted name after "pe."
_NAME = re.compile(r"\bpe\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#([^)\s]+))?\)")
_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")


def _cells(line: str) -> list[str]:
    # a table row; "|" never appears inside the glossary's cells
    return [c.strip() for c in line.strip().strip("|").split("|")]


def tables() -> dict[str, list[dict[str, str]]]:
    """Rows of every table, keyed by the ``##`` section the table is in."""
    out: dict[str, list[dict[str, str]]] = {}
    section = ""
    header: list[str] | None = None
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section, header = line[3:].strip(), None
        elif line.startswith("|"):
            cells = _cells(line)
            if header is None:
                header = cells
            elif not set("".join(cells)) <= set("-: "):
                out.setdefault(section, []).append(dict(zip(header, cells)))
        else:
            header = None
    return out


TABLES = tables()
MEASUREMENT = next(rows for name, rows in TABLES.items() if name.startswith("Measurement"))
ALL_ROWS = [row for rows in TABLES.values() for row in rows]


def resolve(dotted: str):
    obj = pe
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def test_enough_measurement_terms():
    terms = [row["中文"] for row in MEASUREMENT]
    assert len(terms) >= 40, len(terms)
    assert len(set(terms)) == len(terms), "a term appears twice"
    for needed in ["贫困发生率", "基尼系数", "泰尔指数", "洛伦兹曲线", "多维贫困指数", "剥夺得分",
                   "调整后贫困发生率 M0", "脆弱性", "帕尔玛比值", "阿特金森指数", "平均对数偏差",
                   "瓦茨指数", "森指数", "夏普里分解", "增长再分配分解", "抽样权数", "初级抽样单元",
                   "设计效应", "线性化标准误", "自助法", "置信区间", "转移矩阵", "生存分析", "随机效应"]:
        assert any(needed in t for t in terms), needed


@pytest.mark.parametrize("row", ALL_ROWS, ids=[r["中文"] for r in ALL_ROWS])
def test_every_row_has_pinyin(row):
    pinyin = row.get("pinyin", "")
    assert pinyin, f"{row['中文']}: no pinyin"
    # tone marks, not tone numbers; latin letters only (no characters left in the pinyin)
    assert not re.search(r"[a-z][1-5]\b", pinyin), pinyin
    assert any(ch in _TONE_MARKS for ch in pinyin), f"{row['中文']}: pinyin without tone marks: {pinyin}"
    assert not any(unicodedata.name(ch, "").startswith("CJK") for ch in pinyin), pinyin


@pytest.mark.parametrize("row", MEASUREMENT, ids=[r["中文"] for r in MEASUREMENT])
def test_measurement_row_names_real_functions_and_a_method_section(row):
    names = _NAME.findall(row["povecon"])
    assert names, f"{row['中文']}: no povecon function named"
    for name in names:
        try:
            obj = resolve(name)
        except AttributeError:
            pytest.fail(f"{row['中文']}: pe.{name} does not exist")
        assert callable(obj) or isinstance(obj, type), f"pe.{name} is not callable"
    links = _LINK.findall(row["formula and method"])
    assert links, f"{row['中文']}: no link to a methods page"
    for target, anchor in links:
        assert (DOCS / target).is_file(), f"{row['中文']}: {target} does not exist"
        assert anchor, f"{row['中文']}: link to a section, not only a page"


def test_parser_sees_both_tables():
    assert any(name.startswith("Policy") for name in TABLES)
    assert all({"中文", "pinyin"} <= set(row) for row in ALL_ROWS)
