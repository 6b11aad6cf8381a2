"""LUO-04: Xinjiang 1978-2004, poor population and incidence, and every stated growth rate."""

import matplotlib.pyplot as plt

FINDINGS = ["LUO-04"]
TITLE = "Xinjiang poverty reduction 1978-2004: stated growth rates recomputed"


def run(ctx):
    df = ctx.load("luo_04_xinjiang_1978_2004")
    audit = ctx.audit("LUO-04")
    checked = audit[audit["verdict"] != "unverifiable"][["claim", "id", "published", "recomputed", "verdict", "explanation"]]
    ctx.table("luo04_claims", checked.sort_values("claim", ignore_index=True), latex=True,
              caption="Xinjiang 1978-2004: printed numbers and their recomputation")
    poor = df[df["quantity"].isin(["poor_population", "low_income_poor_population"]) & (df["entity"] == "Xinjiang")]
    inc = df[(df["quantity"] == "poverty_incidence") & (df["entity"] == "Xinjiang")]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    for q, sub in poor.groupby("quantity"):
        axes[0].plot(sub["year"].astype(int), sub["value"], marker="o", label=q)
    axes[0].set_ylabel("10k persons")
    axes[0].legend(fontsize=7)
    axes[1].plot(inc["year"].astype(int), inc["value"], marker="o")
    axes[1].set_ylabel("incidence (%)")
    ctx.figure("luo04_xinjiang_poverty", fig, caption="Xinjiang's poor and incidence as printed, 1978-2004")
    ctx.text(
        "The 2001-2004 rates of the 30 key counties reproduce only when the period is counted as four "
        "years (2001-2004 inclusive); the 1985-1992 rate of 13.3% a year does not follow from +271.6% "
        "over any nearby period, and farm output's 24% a year is 23.4% even on the four-year count."
    )
