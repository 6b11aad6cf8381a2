"""LUO-09: GDP per capita, rural income, primary share by prefecture, 2000/2010/2017."""

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from povecon.reproduce.figures import PLACE_COLOURS

FINDINGS = ["LUO-09"]
TITLE = "Prefecture indicators 2000/2010/2017: growth, ratios to Xinjiang, ranks"

_ENT = ["Xinjiang", "Aksu", "Kizilsu", "Kashgar", "Hotan"]
_Q = ["gdp_per_capita", "rural_disposable_income_per_capita", "primary_sector_share"]
# the table's row headings
_Q_LABELS = {"gdp_per_capita": "人均 GDP（元）\nGDP per capita (yuan)",
             "rural_disposable_income_per_capita": "农村居民人均可支配收入（元）\nrural disposable income per capita (yuan)",
             "primary_sector_share": "第一产业所占比重（%）\nprimary sector share (%)"}


def run(ctx):
    df = ctx.load("luo_09_prefecture_indicators")
    t = df[df["table"].str.startswith("Table")].copy()
    t["year"] = t["year"].astype(int)
    rows = []
    for (ent, q), g in t.groupby(["entity", "quantity"]):
        s = g.set_index("year")["value"]
        xj = t[(t["entity"] == "Xinjiang") & (t["quantity"] == q)].set_index("year")["value"]
        row = {"entity": ent, "quantity": q}
        for y in (2000, 2010, 2017):
            row[str(y)] = s[y]
            row[f"pct_of_xinjiang_{y}"] = round(100 * s[y] / xj[y], 1)
            if ent != "Xinjiang":
                pre = t[(t["year"] == y) & (t["quantity"] == q) & (t["entity"] != "Xinjiang")]
                row[f"rank_{y}"] = int((pre["value"] > s[y]).sum() + 1)
        if q != "primary_sector_share":
            row["cagr_2000_2010"] = round(100 * ((s[2010] / s[2000]) ** (1 / 10) - 1), 2)
            row["cagr_2010_2017"] = round(100 * ((s[2017] / s[2010]) ** (1 / 7) - 1), 2)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["entity"] = pd.Categorical(out["entity"], _ENT, ordered=True)
    out = out.sort_values(["quantity", "entity"], ignore_index=True)
    out["entity"] = out["entity"].astype(str)
    ctx.table("luo09_indicators", out, latex=True,
              caption="Indicators by prefecture: levels, % of Xinjiang, rank among four (1 = highest), CAGR")
    names = dict(zip(t["entity"], t["entity_zh"]))
    plot = t.assign(place=[f"{names[e]} {e}" for e in t["entity"]], panel=t["quantity"].map(_Q_LABELS))
    g = sns.relplot(data=plot, x="year", y="value", hue="place", col="panel", kind="line", marker="o",
                    facet_kws={"sharey": False}, height=3.2, col_order=[_Q_LABELS[q] for q in _Q],
                    hue_order=[f"{names[e]} {e}" for e in _ENT],
                    palette={f"{names[e]} {e}": PLACE_COLOURS[e] for e in _ENT})
    g.set_titles("{col_name}", size=9)
    g.set_axis_labels("年份 year", "")
    g.set(xticks=[2000, 2010, 2017])
    sns.move_legend(g, "upper left", bbox_to_anchor=(1.0, 0.9), title="地区 region", fontsize=8)
    ctx.figure("luo09_prefecture_indicators", g.figure, caption="Prefecture indicators, 2000/2010/2017",
               redraws=ctx.redraws("南疆四地州和全疆的社会经济发展状况表 (socio-economic indicators of the four "
                                   "prefectures and Xinjiang)", t))
    ctx.text(
        "The text says Aksu ranks first and Hotan last in both GDP per capita and rural income. Aksu is "
        "first in every year; Hotan is last in GDP per capita every year but not in rural income in 2010 "
        "and 2017, where Kizilsu is lower (Kizilsu's 2010 income, 1902 yuan, also breaks its own trend)."
    )
