"""RTP-11: village infrastructure and public services, 2018 (Table 3-5, cited as 3-4)."""

import matplotlib.pyplot as plt
import seaborn as sns

from povecon.reproduce.figures import PLACE_COLOURS

FINDINGS = ["RTP-11"]
TITLE = "Village infrastructure and public services, 2018"

REGIONS = ["China", "Xinjiang", "Four prefectures"]
# the numbered column headings of Table 3-5 (each "所在自然村…的农户比重%"); the second is
# printed without its item
ITEMS_ZH = {"road_access_share": "1. 通公路 road", "phone_access_share": "2.（原表缺项目名）phone (inferred)",
            "tv_signal_share": "3. 有电视信号 TV signal", "paved_main_road_share": "4. 主干道硬化 paved main road",
            "bus_access_share": "5. 乘坐公共汽车 bus", "broadband_share": "6. 通宽带 broadband",
            "waste_collection_share": "7. 垃圾集中处理 waste collection", "clinic_share": "8. 有卫生室 clinic",
            "kindergarten_share": "9. 有幼儿园 kindergarten", "primary_school_share": "10. 小学便利 primary school"}


def run(ctx):
    df = ctx.load("rtp_11_village_services")
    table = df[df["table"] == "Table 3-5"]
    order = list(dict.fromkeys(table.sort_values("id")["quantity"]))
    wide = table.pivot(index="quantity", columns="entity", values="value").loc[order, REGIONS]
    wide["gap_to_china"] = wide["Four prefectures"] - wide["China"]
    wide["gap_to_xinjiang"] = wide["Four prefectures"] - wide["Xinjiang"]
    out = wide.round(1).reset_index().rename(columns={"quantity": "households_whose_village_has"})
    out = out.sort_values("households_whose_village_has", ignore_index=True)
    ctx.table("rtp11_village_services", out, latex=True,
              caption="Share of rural households (%) whose natural village has each service, 2018 "
                      "(RTP Table 3-5), with gaps in percentage points")

    audit = ctx.audit("RTP-11")
    checked = audit[audit["verdict"] != "unverifiable"].sort_values("claim")
    ctx.table("rtp11_text_vs_table", checked[["claim", "id", "published", "recomputed", "verdict", "quantity"]]
              .rename(columns={"quantity": "check"}))

    names = dict(table[["entity", "entity_zh"]].drop_duplicates().to_numpy())
    long = table.assign(item=table["quantity"].map(ITEMS_ZH), place=[f"{names[e]} {e}" for e in table["entity"]])
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    sns.pointplot(data=long, y="item", x="value", hue="place", hue_order=[f"{names[e]} {e}" for e in REGIONS],
                  order=list(ITEMS_ZH.values()), palette=[PLACE_COLOURS[e] for e in REGIONS],
                  linestyle="none", dodge=0.4, ax=ax)
    ax.set_xlabel("所在自然村有该项的农户比重（%） % of households whose natural village has the item")
    ax.set_ylabel("")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title("表3-5 2018年贫困地区农村基础设施和公共服务状况\nTable 3-5: village services, 2018", fontsize=10)
    ax.legend(title="地区 region", fontsize=8, title_fontsize=8, loc="lower left")
    ctx.figure("rtp11_village_services", fig,
               redraws=ctx.redraws("表3-5 2018年贫困地区农村基础设施和公共服务状况 Table 3-5 (正文称表3-4, cited as "
                                   "3-4); output table rtp11_village_services", table))

    worst = wide["gap_to_china"].idxmin()
    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"The four prefectures match or exceed the national shares on "
        f"{int((wide['gap_to_china'] >= 0).sum())} of {len(wide)} items; the largest shortfall is "
        f"{worst.replace('_', ' ')} ({wide.loc[worst, 'gap_to_china']:.1f} points). "
        f"Of {len(checked)} text-vs-table checks, {len(bad)} are inconsistent"
        + (": " + "; ".join(bad["quantity"]) if len(bad) else "")
        + ". The text cites the table as 3-4; it is printed as 3-5."
    )
