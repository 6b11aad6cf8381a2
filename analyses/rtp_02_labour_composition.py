"""RTP-02: labour composition of registered poor households (Table 2-1)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

FINDINGS = ["RTP-02"]
TITLE = "Labour composition of registered poor households (Table 2-1)"

_AGE = ["share_aged_under_16", "share_aged_17_60", "share_aged_over_60"]
_LABOUR = ["share_lost_labour_capacity", "share_no_labour"]


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

    fig, ax = plt.subplots(figsize=(6.5, 2.8))
    colors = ["#4C72B0"] * 3 + ["#DD8452"] * 2
    labels = [q.replace("share_", "").replace("_", " ") for q in _AGE + _LABOUR]
    ax.barh(labels, table["printed_pct"], color=colors)
    ax.invert_yaxis()
    ax.set_xlabel("% of registered poor household members (as printed)")
    ax.set_title("Table 2-1: age brackets (blue) and labour capacity (orange)")
    ctx.figure("rtp02_labour_composition", fig)

    audit = ctx.audit("RTP-02")
    verdict = audit.loc[audit["claim"] != "", "verdict"].iloc[0]
    ctx.text(
        f"The three age brackets sum to {age_sum:.2f}% (audit of the remainder: {verdict}), so they "
        "partition the household members (the printed bounds '16岁以下', '17-60岁', '60岁以上' are "
        f"ambiguous at 16 and 60). 'Lost labour capacity' and 'no labour' ({no_work:.2f}% together) cut across the age "
        f"brackets: they are close to, but not the same as, the {outside:.1f}% outside working age, so "
        "they cannot be added to the age shares."
    )
