"""Find each transcribed number in its line of the report text, for the reading view.

The transcription records a number's seed file, line and printed text, not where in the
line it stands. A number is located by searching its printed text on its line:

1. When its ``note`` quotes words of the line (``约61.4万户251万人脱贫``), the search is
   confined to that quote, which tells apart numbers printed alike on one line; a number
   the quote writes in characters (``为期三天`` for 3) is located at those characters.
2. Otherwise the first occurrence of the printed text not already taken by another number
   of the line, numbers taken in the order of the data files (the order of transcription).
   Thousands separators and spaces inside a printed number are allowed, and a printed
   number never matches part of a longer one (``30`` is not found in ``130`` or ``3.05``).
3. A number whose every occurrence is taken shares one (two transcriptions of the same
   printed number, e.g. a cross-report finding quoting a number of one report).

A number not found on its line is reported as not located, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CJK_RUN = re.compile(f"[{''.join(_CJK_DIGITS)}{''.join(_CJK_UNITS)}]+")
_QUOTE_SPLIT = re.compile(r"[;；:：()（）]")
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Span:
    """Where one transcribed number stands in its line.

    Parameters
    ----------
    start, end : int
        Character offsets in the line (``line[start:end]`` is the marked text).
    how : str
        ``"quote"`` (inside the words its note quotes), ``"text"`` (searched on the line)
        or ``"shared"`` (an occurrence another transcription also takes).
    """

    start: int
    end: int
    how: str


def cjk_value(text: str) -> int | None:
    """The value of a number written in Chinese characters (``两千`` -> 2000), or None."""
    if not text or any(c not in _CJK_DIGITS and c not in _CJK_UNITS for c in text):
        return None
    total, section, digit = 0, 0, None
    for c in text:
        if c in _CJK_DIGITS:
            digit = _CJK_DIGITS[c]
            continue
        unit = _CJK_UNITS[c]
        if unit == 10000:
            total += (section + (digit or 0)) * unit
            section = 0
        else:
            # a bare unit (十, 百) counts one of it
            section += (1 if digit is None else digit) * unit
        digit = None
    return total + section + (digit or 0)


def pattern(printed: str) -> re.Pattern:
    """The regular expression that finds a printed number (or printed text) on a line.

    Parameters
    ----------
    printed : str
        The number as printed (spaces are ignored).

    Returns
    -------
    re.Pattern
    """
    chars = [c for c in printed if not c.isspace()]
    if not chars:
        raise ValueError("an empty printed number cannot be located")
    body = "[ ,]*".join(re.escape(c) for c in chars)
    # a digit next to the match, a decimal point or a thousands separator would make it part of a longer number
    before = r"(?<![\d.])(?<!\d,)" if chars[0].isdigit() else ""
    after = r"(?![\d]|[.,]\d)" if chars[-1].isdigit() else ""
    return re.compile(before + body + after)


def _free(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return all(span[1] <= a or span[0] >= b for a, b in taken)


def _quotes(note: str, text: str) -> list[tuple[int, int]]:
    """Where the Chinese words quoted in a note stand on the line (spaces of the line ignored)."""
    out = []
    for part in _QUOTE_SPLIT.split(note or ""):
        chars = [c for c in part if not c.isspace()]
        if len(chars) < 2 or not _HAS_CJK.search(part):
            continue
        m = re.search(r"\s*".join(re.escape(c) for c in chars), text)
        if m:
            out.append(m.span())
    return out


def _numeral_runs(text: str, quote: tuple[int, int]) -> list[tuple[int, int]]:
    return [m.span() for m in _CJK_RUN.finditer(text, *quote)]


def _value(printed: str) -> float | None:
    try:
        return float(printed.replace(",", ""))
    except ValueError:
        return cjk_value(printed)


def locate_line(text: str, numbers: pd.DataFrame) -> dict[str, Span]:
    """Locate the numbers of one line.

    Parameters
    ----------
    text : str
        The line.
    numbers : pandas.DataFrame
        The numbers transcribed from it (``id``, ``printed``, ``note``), in transcription order.

    Returns
    -------
    dict of str to Span
        By number id; a number not found is absent.
    """
    todo = [(i, p, _quotes(n, text)) for i, p, n in zip(numbers["id"], numbers["printed"], numbers["note"])]
    spans: dict[str, Span] = {}
    taken: list[tuple[int, int]] = []

    def take(ident: str, span: tuple[int, int], how: str) -> None:
        spans[ident] = Span(span[0], span[1], how)
        taken.append(span)

    # 1. the printed text, or the same value in characters, inside the words the note quotes
    for ident, printed, quotes in todo:
        value = _value(printed)
        for quote in quotes:
            hit = [m.span() for m in pattern(printed).finditer(text, *quote) if _free(m.span(), taken)]
            hit = hit or [r for r in _numeral_runs(text, quote)
                          if _free(r, taken) and value is not None and cjk_value(text[r[0]:r[1]]) == value]
            if hit:
                take(ident, hit[0], "quote")
                break
    # 2. the first free occurrence of the printed text on the line
    for ident, printed, quotes in todo:
        if ident in spans:
            continue
        free = [m.span() for m in pattern(printed).finditer(text) if _free(m.span(), taken)]
        if free:
            take(ident, free[0], "text")
    # 3. the only numerals the note quotes, printed in another unit ("上万只" for 1 of 10k)
    for ident, printed, quotes in todo:
        if ident in spans:
            continue
        for quote in quotes:
            runs = _numeral_runs(text, quote)
            if len(runs) == 1 and _free(runs[0], taken):
                take(ident, runs[0], "quote")
                break
    # 4. an occurrence another transcription of the same printed number already takes
    for ident, printed, quotes in todo:
        if ident in spans:
            continue
        value = _value(printed)
        same = [r for q in quotes for r in _numeral_runs(text, q)
                if value is not None and cjk_value(text[r[0]:r[1]]) == value]
        same += [m.span() for m in pattern(printed).finditer(text)]
        same += [runs[0] for runs in (_numeral_runs(text, q) for q in quotes) if len(runs) == 1]
        if same:
            spans[ident] = Span(same[0][0], same[0][1], "shared")
    return spans


def locate(numbers: pd.DataFrame, lines: dict[str, list[str]]) -> dict[str, Span]:
    """Locate every transcribed number in the report texts.

    Parameters
    ----------
    numbers : pandas.DataFrame
        Transcribed numbers (``id``, ``seed``, ``line``, ``printed``, ``note``) in
        transcription order (as :func:`povecon.reproduce.all_numbers` returns them).
    lines : dict of str to list of str
        Each seed file's lines, by file name; numbers of a seed not given are not located.

    Returns
    -------
    dict of str to Span
        By number id; numbers not found on their line are absent.
    """
    spans: dict[str, Span] = {}
    for (seed, line), group in numbers.groupby(["seed", "line"], sort=True):
        text = lines.get(seed)
        if text is None or not 1 <= int(line) <= len(text):
            continue
        spans.update(locate_line(text[int(line) - 1], group))
    return spans
