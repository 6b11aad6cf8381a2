"""RTP-05: registered poor and key villages by prefecture, 2014 (Table 2-4 and text)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from povecon.reproduce.figures import PLACE_COLOURS

FINDINGS = ["RTP-05"]
TITLE = "Registered poor population and key villages by prefecture, 2014 (Table 2-4)"

_ORDER = ["Xinjiang", "Four prefectures", "Aksu", "Kashgar", "Hotan", "Kizilsu"]
_PREFS = ["Aksu", "Kashgar", "Hotan", "Kizilsu"]
# share column -> (count column, denominator row)
_SHARES = {
    "share_of_xinjiang_poor": ("poor_population", "Xinjiang"),
    "share_of_four_prefectures_poor": ("poor_population", "Four prefectures"),
    "share_of_xinjiang_key_villages": ("key_villages", "Xinjiang"),
    "share_of_four_prefectures_villages": ("key_villages", "Four prefectures"),
}

# the column headings of Table 2-4
SHARE_LABELS = {"share_of_xinjiang_poor": "占自治区贫困人口比例%\nshare of Xinjiang's poor",
                "share_of_four_prefectures_poor": "占南疆四地州人口比例%\nshare of the four prefectures' poor",
                "share_of_xinjiang_key_villages": "占自治区重点贫困村比例%\nshare of Xinjiang's key villages",
                "share_of_four_prefectures_villages": "占南疆四地州贫困村比例%\nshare of the four prefectures' villages"}


def run(ctx):
    w = ctx.load("rtp_05_poor_by_prefecture", wide=True).reindex(_ORDER)
    out = pd.DataFrame(index=w.index)
    out["poor_10k"] = w["poor_population"]
    out["key_villages"] = w["key_villages"]
    sums = w.loc[_PREFS, ["poor_population", "key_villages"]].sum()
    long = []
    for share, (count, den) in _SHARES.items():
        recomputed = 100 * w[count] / w.loc[den, count]
        out[f"{share}_printed"] = w[share]
        out[f"{share}_recomputed"] = recomputed.round(1)
        for ent in _ORDER:
            long.append((ent, share, w.loc[ent, share], recomputed[ent]))
    # The denominator rows print 100 by definition; the four-prefecture row vs the sum of prefectures:
    out.loc["Sum of prefectures"] = np.nan
    out.loc["Sum of prefectures", ["poor_10k", "key_villages"]] = sums.to_numpy()
    for share in _SHARES:
        out.loc["Sum of prefectures", f"{share}_printed"] = w.loc[_PREFS, share].sum()
    out["rural_population_implied_10k"] = (100 * w["poor_population"] / w["share_of_rural_population"]).round(1)
    out["share_of_rural_population_printed"] = w["share_of_rural_population"]
    ctx.table("rtp05_printed_vs_recomputed", out.reset_index(names="entity").round(2), latex=True,
              floatfmt="g", caption="Table 2-4: printed shares beside shares recomputed from the printed counts")

    text = ctx.load("rtp_05_poverty_profile_text")
    tab = ctx.load("rtp_05_poor_by_prefecture").set_index(["entity", "quantity"])["printed"]
    cmp_rows = []
    for _, r in text.iterrows():
        key = (r["entity"], r["quantity"])
        if key in tab.index:
            cmp_rows.append((r["entity"], r["quantity"], r["line"], r["printed"], r["unit"], tab[key]))
    extra = [("Four prefectures", "poverty_incidence vs share_of_rural_population", 136, "23.3", "%",
              tab[("Four prefectures", "share_of_rural_population")]),
             ("Four prefectures", "poor_villages vs key_villages", 136, "2605", "villages",
              tab[("Four prefectures", "key_villages")])]
    comparison = pd.DataFrame(cmp_rows + extra, columns=["entity", "quantity", "text_line", "text", "text_unit", "table"])
    comparison = comparison.sort_values(["entity", "quantity", "text_line"]).reset_index(drop=True)
    ctx.table("rtp05_text_vs_table", comparison, floatfmt="g", caption="Numbers printed both in the text and in Table 2-4")

    plot = pd.DataFrame(long, columns=["entity", "share", "printed", "recomputed"])
    plot["printed_minus_recomputed"] = plot["printed"] - plot["recomputed"]
    plot = plot[~((plot["entity"] == "Xinjiang") & plot["share"].str.startswith("share_of_xinjiang"))
                & ~((plot["entity"] == "Four prefectures") & plot["share"].str.startswith("share_of_four"))]
    names = dict(ctx.load("rtp_05_poor_by_prefecture")[["entity", "entity_zh"]].drop_duplicates().to_numpy())
    shown = plot.assign(share_label=plot["share"].map(SHARE_LABELS),
                        place=[f"{names[e]} {e}" for e in plot["entity"]])
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    sns.stripplot(data=shown, x="printed_minus_recomputed", y="share_label", hue="place",
                  hue_order=[f"{names[e]} {e}" for e in _ORDER], order=[SHARE_LABELS[s] for s in _SHARES],
                  palette={f"{names[e]} {e}": PLACE_COLOURS[e] for e in _ORDER}, size=7, jitter=False, ax=ax)
    ax.axvline(0, color="grey", lw=0.8)
    ax.axvspan(-0.05, 0.05, color="grey", alpha=0.15, lw=0)
    ax.set_xlabel("原表比例 − 由原表人数重算的比例（百分点）\nprinted share minus share recomputed from printed counts (points)")
    ax.set_ylabel("")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title("表2-4：各比例与原表人数的差 Table 2-4: printed shares against their counts", fontsize=10)
    ax.legend(title="地区 region", fontsize=8, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    table_rows = ctx.load("rtp_05_poor_by_prefecture")
    ctx.figure("rtp05_share_errors", fig,
               redraws=ctx.redraws("表2-4 2014年南疆四地州贫困县重点村、贫困人口比例 Table 2-4; "
                                   "output table rtp05_printed_vs_recomputed", table_rows))

    audit = ctx.audit("RTP-05")
    counts = audit["verdict"].value_counts()
    tv = text.set_index("id")["printed"]
    fp = w.loc["Four prefectures"]
    gap = plot.loc[plot["printed_minus_recomputed"].abs().idxmax()]
    ctx.text(
        f"Table 2-4's prefectures sum to {sums['poor_population']:.2f} (10k) poor against the printed "
        f"four-prefecture total of {fp['poor_population']:g}, and the text (line 136) gives "
        f"{tv['RTP-05.l136.four_prefectures.poor_population']}; the key villages add up to "
        f"{sums['key_villages']:.0f} (printed {fp['key_villages']:.0f}). Recomputing each share column from the "
        f"printed counts leaves the largest gap in the {gap['share'].replace('_', ' ')} column for {gap['entity']}: printed "
        f"{gap['printed']:g}%, recomputed {gap['recomputed']:.1f}%. The text's poverty incidence "
        f"({tv['RTP-05.l136.four_prefectures.poverty_incidence']} on line 136, "
        f"{tv['RTP-05.l168.four_prefectures.poverty_incidence']}% on line 168) is not the table's poor share of the "
        f"rural population ({fp['share_of_rural_population']:g}%). Audit of RTP-05: "
        + ", ".join(f"{int(counts[v])} {v}" for v in ("reproduced", "rounding", "inconsistent", "unverifiable")
                    if v in counts) + "."
    )
