"""The verdict colours, one palette for the figures, the report and the HTML reading view.

Colour-blind safe (Okabe-Ito): green reproduces, blue is within rounding, purple is not
comparable, vermilion is inconsistent, grey could not be checked. A figure or page that
colours by verdict takes its colours from here, so a verdict looks the same everywhere.
"""

from __future__ import annotations

VERDICT_COLOURS = {
    "reproduced": "#009E73",
    "rounding": "#0072B2",
    "not comparable": "#CC79A7",
    "inconsistent": "#D55E00",
    "unverifiable": "#999999",
}

VERDICT_LABELS_ZH = {
    "reproduced": "可复现",
    "rounding": "舍入误差内",
    "not comparable": "不可比",
    "inconsistent": "不一致",
    "unverifiable": "无法核验",
}


def verdict_colour(verdict: str) -> str:
    """The colour of a verdict (``ValueError`` for an unknown one)."""
    try:
        return VERDICT_COLOURS[verdict]
    except KeyError:
        raise ValueError(f"unknown verdict {verdict!r}; expected one of {', '.join(VERDICT_COLOURS)}") from None
