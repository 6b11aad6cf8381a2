"""RTP-10: durable goods per 100 rural households, 2019 (Table 3-3), and the text's quotes."""

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from povecon.reproduce.figures import PLACE_COLOURS

FINDINGS = ["RTP-10"]
TITLE = "Durable goods per 100 rural households, 2019"

GOODS = ["cars", "washing_machines", "refrigerators", "mobile_phones", "computers"]
REGIONS = ["China", "Xinjiang", "Four prefectures"]
# the column headings of Table 3-3
GOODS_ZH = {"cars": "汽车（台）", "washing_machines": "洗衣机（台）", "refrigerators": "电冰箱（台）",
            "mobile_phones": "移动电话（部）", "computers": "计算机（台）"}


def run(ctx):
    df = ctx.load("rtp_10_durable_goods")
    table = df[df["table"] == "Table 3-3"]
    wide = table.pivot(index="entity", columns="quantity", values="value").loc[REGIONS, GOODS]
    four = wide.loc["Four prefectures"]
    rows = [wide]
    rows.append(pd.DataFrame([four - wide.loc["China"]], index=["Four prefectures minus China"]))
    rows.append(pd.DataFrame([four - wide.loc["Xinjiang"]], index=["Four prefectures minus Xinjiang"]))
    rows.append(pd.DataFrame([100 * four / wide.loc["China"]], index=["Four prefectures, % of China"]))
    out = pd.concat(rows).round(1)
    out.index.name = "row"
    ctx.table("rtp10_durable_goods", out.reset_index(), latex=True,
              caption="Durable goods per 100 rural households, 2019 (RTP Table 3-3), with gaps recomputed")

    audit = ctx.audit("RTP-10")
    checked = audit[audit["verdict"] != "unverifiable"]
    ctx.table("rtp10_text_vs_table",
              checked[["claim", "id", "published", "recomputed", "verdict", "quantity"]]
              .rename(columns={"quantity": "check"}).sort_values("claim"))

    names = dict(table[["entity", "entity_zh"]].drop_duplicates().to_numpy())
    long = table.assign(good=[f"{GOODS_ZH[q]}\n{q.replace('_', ' ')}" for q in table["quantity"]],
                        place=[f"{names[e]} {e}" for e in table["entity"]])
    fig, ax = plt.subplots(figsize=(7.5, 4))
    sns.barplot(data=long, x="good", y="value", hue="place", hue_order=[f"{names[e]} {e}" for e in REGIONS],
                order=[f"{GOODS_ZH[q]}\n{q.replace('_', ' ')}" for q in GOODS], palette=[PLACE_COLOURS[e] for e in REGIONS], ax=ax)
    ax.set_xlabel("")
    ax.tick_params(axis="x", labelsize=8)
    ax.set_ylabel("每百户拥有量 per 100 households")
    ax.set_title("表3-3 2019年南疆贫困地区农村每百户耐用消费品拥有量\nTable 3-3: durable goods per 100 rural households, 2019",
                 fontsize=10)
    ax.legend(title="地区 region", fontsize=8, title_fontsize=8)
    ctx.figure("rtp10_durable_goods", fig,
               redraws=ctx.redraws("表3-3 2019年南疆贫困地区农村每百户耐用消费品拥有量 Table 3-3; "
                                   "output table rtp10_durable_goods", table))

    bad = checked[checked["verdict"] == "inconsistent"]
    gap_cn = float(four["cars"] - wide.loc["China", "cars"])
    gap_xj = float(four["cars"] - wide.loc["Xinjiang", "cars"])
    ctx.text(
        f"Table 3-3 puts the four prefectures' car ownership {abs(gap_cn):.1f} per 100 households below "
        f"China and {abs(gap_xj):.1f} below Xinjiang, against the text's 'about 9-10 points below both'. Of {len(checked)} checks of text against table, {len(bad)} are inconsistent "
        f"({'; '.join(bad['quantity'])}); the text also dates the numbers to end-2018 while the table says 2019."
    )
