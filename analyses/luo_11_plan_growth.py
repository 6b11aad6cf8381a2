"""LUO-11: implied compound growth of the four prefectures' 13th Five-Year targets."""

import matplotlib.pyplot as plt
import pandas as pd

from povecon.reproduce.figures import NEUTRAL, NEUTRAL_LIGHT, verdict_label
from povecon.reproduce.palette import VERDICT_COLOURS

FINDINGS = ["LUO-11"]
TITLE = "13th Five-Year targets of the four prefectures: stated vs implied annual growth"

# the plan table's row headings
INDICATOR_ZH = {"gdp": "地区生产总值", "fixed_asset_investment": "全社会固定资产投资",
                "general_budget_revenue": "一般公共预算收入", "retail_sales": "社会消费品零售总额",
                "foreign_trade": "外贸进出口总额", "urban_disposable_income_per_capita": "城镇居民人均可支配收入",
                "rural_disposable_income_per_capita": "农村居民人均可支配收入", "registered_population": "户籍总人口"}
QUAL = {"about": "about ", "over": "over ", "at_least": ">= ", "at_most": "<= ", "under": "under "}


def run(ctx):
    df = ctx.load("luo_11_plan_indicators").set_index("id")
    audit = ctx.audit("LUO-11")
    verdict = audit[audit["relation"].notna()].set_index("id")["verdict"]
    rows = []
    for gid in sorted(i for i in df.index if i.endswith(".growth")):
        stem = gid[: -len(".growth")]
        a, b, g = df.loc[stem + ".2015"], df.loc[stem + ".2020"], df.loc[gid]
        implied = 100 * ((b["value"] / a["value"]) ** (1 / 5) - 1)
        rows.append({"indicator": a["quantity"].replace("_", " "), "quantity": a["quantity"], "growth_id": gid,
                     "unit": a["unit"],
                     "2015": a["printed"], "2020 target": QUAL.get(b["qualifier"], "") + b["printed"],
                     "stated growth (%)": QUAL.get(g["qualifier"], "") + g["printed"],
                     "implied CAGR (%)": round(implied, 2), "stated": g["value"],
                     "verdict": verdict.get(gid, "")})
    table = pd.DataFrame(rows).sort_values("indicator").reset_index(drop=True)
    ctx.table("luo11_plan_growth", table.drop(columns=["stated", "quantity", "growth_id"]), latex=True,
              caption="Four prefectures, 13th Five-Year plan: stated average annual growth vs the growth implied by the 2015 level and the 2020 target",
              floatfmt=".2f")

    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    y = list(range(len(table)))
    ax.scatter(table["stated"], y, marker="o", s=110, facecolors="none", edgecolors=NEUTRAL, linewidths=1.5, label="规划所列年均增长 stated rate", zorder=3)
    for v in sorted(set(table["verdict"]) - {""}, key=list(VERDICT_COLOURS).index):
        rows = table[table["verdict"] == v]
        ax.scatter(rows["implied CAGR (%)"], rows.index, marker="X", s=60, color=VERDICT_COLOURS[v], zorder=4,
                   label=f"由2015年值与2020年目标推算 implied: {verdict_label(v)}")
    unchecked = table[table["verdict"] == ""]
    if len(unchecked):
        ax.scatter(unchecked["implied CAGR (%)"], unchecked.index, marker="X", s=60, color=NEUTRAL_LIGHT, zorder=4,
                   label="由2015年值与2020年目标推算 implied (no check)")
    ax.set_yticks(y, [f"{INDICATOR_ZH.get(q, q)}\n{q.replace('_', ' ').replace('gdp', 'GDP')}" for q in table["quantity"]], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("2015–2020年均增长（%） average annual growth, 2015–2020 (%)")
    ax.set_title("“十三五”时期南疆四地州经济社会发展主要指标\n13th Five-Year targets: stated vs implied growth",
                 fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ids = [i for gid in table["growth_id"] for i in (gid, gid[: -len(".growth")] + ".2015", gid[: -len(".growth")] + ".2020")]
    ctx.figure("luo11_plan_growth", fig, caption="Stated vs implied annual growth of the 13th Five-Year targets",
               redraws=ctx.redraws("“十三五”时期南疆四地州经济社会发展主要指标 (13th Five-Year main indicators of "
                                   "the four prefectures); output table luo11_plan_growth", df.loc[ids]))

    checked = audit[audit["verdict"] != "unverifiable"]
    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"The plan table prints a 2015 level, a 2020 target and an average annual growth rate for "
        f"{len(table)} indicators (and the urbanisation target as a change in points). Recomputing the compound growth from level and target, "
        f"{(checked['verdict'] == 'reproduced').sum()} of {len(checked)} stated rates are reproduced, "
        f"{(checked['verdict'] == 'rounding').sum()} match only within rounding, and {len(bad)} "
        f"({', '.join(bad['id'])}) do not: the targets imply a different rate than the one printed."
    )
