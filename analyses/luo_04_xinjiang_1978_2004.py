"""LUO-04: Xinjiang 1978-2004, poor population and incidence, and every stated growth rate."""

import matplotlib.pyplot as plt
import pandas as pd

from povecon.reproduce.figures import CATEGORY_COLOURS, NEUTRAL

FINDINGS = ["LUO-04"]
TITLE = "Xinjiang poverty reduction 1978-2004: stated growth rates recomputed"

POOR_LABELS = {"poor_population": "贫困人口 poor population",
               "low_income_poor_population": "低收入贫困人口 low-income poor"}


def run(ctx):
    df = ctx.load("luo_04_xinjiang_1978_2004")
    audit = ctx.audit("LUO-04")
    checked = audit[audit["verdict"] != "unverifiable"][["claim", "id", "published", "recomputed", "verdict", "explanation"]]
    ctx.table("luo04_claims", checked.sort_values("claim", ignore_index=True), latex=True,
              caption="Xinjiang 1978-2004: printed numbers and their recomputation")
    poor = df[df["quantity"].isin(["poor_population", "low_income_poor_population"]) & (df["entity"] == "Xinjiang")]
    inc = df[(df["quantity"] == "poverty_incidence") & (df["entity"] == "Xinjiang")]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    for (q, sub), colour in zip(poor.groupby("quantity"), CATEGORY_COLOURS[::2]):
        axes[0].plot(sub["year"].astype(int), sub["value"], marker="o", color=colour, label=POOR_LABELS[q])
    axes[0].set_ylabel("贫困人口（万人）\npoor population (10k persons)")
    axes[0].legend(fontsize=8)
    axes[1].plot(inc["year"].astype(int), inc["value"], marker="o", color=NEUTRAL)
    axes[1].set_ylabel("贫困发生率（%）\npoverty incidence (%)")
    for ax in axes:
        ax.set_xlabel("年份 year")
    fig.suptitle("新疆农村贫困人口与贫困发生率 Xinjiang's rural poor and incidence, 1978–2004", fontsize=11)
    fig.tight_layout()
    ctx.figure("luo04_xinjiang_poverty", fig, caption="Xinjiang's poor and incidence as printed, 1978-2004",
               redraws=ctx.redraws("正文所述新疆贫困人口与贫困发生率 the text on Xinjiang's poor and incidence",
                                   pd.concat([poor, inc])))
    ctx.text(
        "The 2001-2004 rates of the 30 key counties reproduce only when the period is counted as four "
        "years (2001-2004 inclusive); the 1985-1992 rate of 13.3% a year does not follow from +271.6% "
        "over any nearby period, and farm output's 24% a year is 23.4% even on the four-year count."
    )
