"""RTP-08: exit year of each poor county by prefecture (Table 3-1) and the text's counts."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from povecon.reproduce.figures import NEUTRAL, NEUTRAL_LIGHT, PLACE_COLOURS, number_verdict, verdict_label
from povecon.reproduce.palette import VERDICT_COLOURS

FINDINGS = ["RTP-08"]
TITLE = "Poor-county exits by year and prefecture (Table 3-1)"

_PREFS = ["Aksu", "Kashgar", "Hotan", "Kizilsu"]
_COLORS = PLACE_COLOURS  # clear of the verdict colours, which mark the text's claims
PREF_ZH = {"Aksu": "阿克苏地区", "Kashgar": "喀什地区", "Hotan": "和田地区", "Kizilsu": "克州地区"}
CLAIM_IDS = {"by Dec 2019": "RTP-08.l258.four_prefectures.counties_exited_by_2019",
             "2014-2019": "RTP-01.l19.four_prefectures.counties_exited",
             "by Oct 2020": "RTP-01.l63.xinjiang.counties_exited"}


def _counties(df: pd.DataFrame) -> pd.DataFrame:
    exits = df[df["quantity"] == "exit_year"].copy()
    exits["prefecture"] = exits["id"].str.split(".").str[1].str.capitalize()
    starred = set(df.loc[df["quantity"] == "region_designated", "entity"])
    exits["region_designated"] = exits["entity"].isin(starred)
    exits["year"] = exits["value"].astype(int)
    return exits[["prefecture", "entity", "entity_zh", "line", "year", "region_designated"]]


def run(ctx):
    df = ctx.load("rtp_08_county_exits")
    c = _counties(df)
    years = sorted(c["year"].unique())
    by_year = pd.crosstab(c["prefecture"], c["year"]).reindex(index=_PREFS, columns=years, fill_value=0)
    by_year["total"] = by_year.sum(axis=1)
    by_year.loc["Four prefectures"] = by_year.sum()
    by_year.columns = [str(x) for x in by_year.columns]
    ctx.table("rtp08_exits_by_year", by_year.reset_index(names="prefecture"), latex=True,
              floatfmt="g", caption="Counties exiting poverty by year and prefecture (Table 3-1)")

    cum = by_year.loc["Four prefectures", [str(y) for y in years]].cumsum()
    text = df[df["table"] == "text"].set_index("id")
    h = ctx.load("rtp_01_headline_results").set_index("id")
    claims = pd.DataFrame([
        ("by Dec 2019", "line 258", text.loc["RTP-08.l258.four_prefectures.counties_exited_by_2019", "printed"], int(cum["2019"])),
        ("2014-2019", "line 19", h.loc["RTP-01.l19.four_prefectures.counties_exited", "printed"], int(cum["2019"])),
        ("in 2019", "line 744", text.loc["RTP-08.l744.four_prefectures.counties_exited_2019", "printed"], int(by_year.loc["Four prefectures", "2019"])),
        ("in 2020", "line 258", text.loc["RTP-08.l258.four_prefectures.counties_to_exit_2020", "printed"], int(by_year.loc["Four prefectures", "2020"])),
        ("2018-2020", "line 718", text.loc["RTP-08.l718.four_prefectures.counties_exited_2018_2020", "printed"],
         int(by_year.loc["Four prefectures", ["2018", "2019", "2020"]].sum())),
        ("by Oct 2020", "line 63", h.loc["RTP-01.l63.xinjiang.counties_exited", "printed"], int(cum["2020"])),
    ], columns=["period", "where", "text_says", "table_3_1_gives"])
    audit_all = pd.concat([ctx.audit("RTP-08"), ctx.audit("RTP-01")], ignore_index=True)
    ctx.table("rtp08_claims_vs_table", claims, latex=True, floatfmt="g", caption="The text's county-exit counts against Table 3-1")

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 6.4), gridspec_kw={"width_ratios": [3, 2]})
    c = (c.assign(order=c["prefecture"].map({p: i for i, p in enumerate(_PREFS)}))
          .sort_values(["order", "year", "entity"]).reset_index(drop=True))
    ypos = np.arange(len(c))[::-1]
    for (_, pref, star), grp in c.groupby(["order", "prefecture", "region_designated"], sort=True):
        ax1.scatter(grp["year"], ypos[grp.index], color=_COLORS[pref], marker="*" if star else "o",
                    s=90 if star else 40,
                    label=f"{PREF_ZH[pref]} {pref}{'（★区定 region-designated）' if star else ''}")
    ax1.set_yticks(ypos)
    ax1.set_yticklabels([f"{zh} {en}" for zh, en in zip(c["entity_zh"], c["entity"])], fontsize=8)
    ax1.set_xticks(years)
    ax1.set_xlabel("退出年份 exit year")
    ax1.set_title("表3-1 各贫困县摘帽退出年份 Table 3-1: exit year of each county", fontsize=10)
    ax1.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2)
    ax2.step([int(y) for y in cum.index], cum.to_numpy(), where="post", color=NEUTRAL,
             label="表3-1累计 cumulative, Table 3-1")
    shown = set()
    for _, r in claims.iterrows():
        yr = {"by Dec 2019": 2019, "2014-2019": 2019, "by Oct 2020": 2020}.get(r["period"])
        if yr is None:
            continue
        v = number_verdict(audit_all, CLAIM_IDS[r["period"]])
        ax2.plot(yr, float(r["text_says"]), "X", ms=9, color=VERDICT_COLOURS.get(v, NEUTRAL_LIGHT),
                 label=None if v in shown else f"正文所述 text: {verdict_label(v) if v else 'no check'}")
        shown.add(v)
        ax2.annotate(f"第{r['where'].removeprefix('line ')}行 {r['where']}: {r['text_says']}",
                     (yr, float(r["text_says"])), fontsize=8, xytext=(-9, 0), textcoords="offset points",
                     ha="right", va="center")
    ax2.set_xticks(years)
    ax2.set_xlabel("年份 year")
    ax2.set_ylabel("累计摘帽县数 counties exited (cumulative)")
    ax2.set_title("累计摘帽与正文所述 Cumulative exits vs the text", fontsize=10)
    ax2.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13))
    ctx.figure("rtp08_exit_timeline", fig,
               redraws=ctx.redraws("表3-1 南疆四地州贫困县摘帽退出时间序列表 Table 3-1, and the text's counts "
                                   "(lines 19, 63, 258); output tables rtp08_exits_by_year, rtp08_claims_vs_table",
                                   df[df["table"] == "Table 3-1"]))

    audit = ctx.audit("RTP-08")
    bad = int((audit["verdict"] == "inconsistent").sum())
    ctx.text(
        f"Table 3-1 lists {len(c)} counties: {int(cum['2019'])} exited by 2019 (one in 2016, "
        f"{int(by_year.loc['Four prefectures', '2018'])} in 2018, {int(by_year.loc['Four prefectures', '2019'])} in 2019) "
        f"and {int(by_year.loc['Four prefectures', '2020'])} in 2020. The text's counts against the table: "
        + "; ".join(f"{r['period']} ({r['where']}) {r['text_says']} vs {r['table_3_1_gives']}" for _, r in claims.iterrows())
        + f". The audit finds {bad} inconsistent claim(s). Starred counties are region-designated; the others "
        "are national poor counties."
    )
