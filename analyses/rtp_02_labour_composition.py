"""RTP-02: labour composition of registered poor households (Table 2-1)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from povecon.reproduce.figures import NEUTRAL, NEUTRAL_LIGHT

FINDINGS = ["RTP-02"]
TITLE = "Labour composition of registered poor households (Table 2-1)"

_AGE = ["share_aged_under_16", "share_aged_17_60", "share_aged_over_60"]
_LABOUR = ["share_lost_labour_capacity", "share_no_labour"]
# the column headings of Table 2-1
LABELS_ZH = {"share_aged_under_16": "16岁以下", "share_aged_17_60": "17-60岁", "share_aged_over_60": "60岁以上",
             "share_lost_labour_capacity": "丧失劳动力", "share_no_labour": "无劳动力"}
LABELS_EN = {"share_aged_under_16": "under 16", "share_aged_17_60": "aged 17-60", "share_aged_over_60": "over 60",
             "share_lost_labour_capacity": "lost labour capacity", "share_no_labour": "no labour"}


def run(ctx):
    df = ctx.load("rtp_02_labour_composition")
    v = df.set_index("quantity")["value"]
    table = pd.DataFrame({
        "category": _AGE + _LABOUR,
        "kind": ["age bracket"] * 3 + ["labour capacity"] * 2,
        "printed_pct": [v[q] for q in _AGE + _LABOUR],
    })
    ctx.table("rtp02_labour_composition", table, latex=True, floatfmt="g", caption="Table 2-1 as printed")
    age_sum = float(np.sum([v[q] for q in _AGE]))
    outside = float(v["share_aged_under_16"] + v["share_aged_over_60"])
    no_work = float(v["share_lost_labour_capacity"] + v["share_no_labour"])
    checks = pd.DataFrame([
        ("sum of the three age brackets", round(age_sum, 2), "partition: should be 100"),
        ("under 16 plus over 60", round(outside, 2), "members outside working age"),
        ("lost capacity plus no labour", round(no_work, 2), "labour categories overlap the age brackets"),
    ], columns=["quantity", "pct", "reading"])
    ctx.table("rtp02_identities", checks, floatfmt="g", caption="Sums of the printed shares")

    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    colors = [NEUTRAL] * 3 + [NEUTRAL_LIGHT] * 2
    labels = [f"{LABELS_ZH[q]}  {LABELS_EN[q]}" for q in _AGE + _LABOUR]
    ax.barh(labels, table["printed_pct"], color=colors)
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel("占建档立卡贫困户人口比例（%，原表数值） % of members (as printed)")
    ax.set_title("表2-1 建档立卡贫困户劳动力构成 Table 2-1: labour composition", fontsize=10)
    ax.legend(handles=[Patch(color=NEUTRAL, label="年龄段 age bracket"),
                       Patch(color=NEUTRAL_LIGHT, label="劳动能力 labour capacity")],
              fontsize=8, loc="lower right")
    ctx.figure("rtp02_labour_composition", fig,
               redraws=ctx.redraws("表2-1 建档立卡贫困户劳动力构成 Table 2-1; output table rtp02_labour_composition", df))

    audit = ctx.audit("RTP-02")
    verdict = audit.loc[audit["claim"] != "", "verdict"].iloc[0]
    ctx.text(
        f"The three age brackets sum to {age_sum:.2f}% (audit of the remainder: {verdict}), so they "
        "partition the household members (the printed bounds '16岁以下', '17-60岁', '60岁以上' are "
        f"ambiguous at 16 and 60). 'Lost labour capacity' and 'no labour' ({no_work:.2f}% together) cut across the age "
        f"brackets: they are close to, but not the same as, the {outside:.1f}% outside working age, so "
        "they cannot be added to the age shares."
    )
