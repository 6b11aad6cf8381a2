"""LUO-08: poor population and key villages by prefecture, 2015: every share recomputed."""

import pandas as pd

FINDINGS = ["LUO-08"]
TITLE = "Poor population and key villages by prefecture, 2015: printed vs recomputed shares"

_ORDER = ["Xinjiang", "Four prefectures", "Kashgar", "Hotan", "Kizilsu", "Aksu"]
_PREFS = ["Kashgar", "Hotan", "Kizilsu", "Aksu"]


def run(ctx):
    df = ctx.load("luo_08_prefecture_poverty_2015")
    tab = df[df["table"].str.contains("重点村概括") & (df["unit"] != "text")]
    w = tab.pivot_table(index="entity", columns="quantity", values="value", aggfunc="first").reindex(_ORDER)
    out = pd.DataFrame(index=w.index)
    out["poor_10k"] = w["poor_population"]
    out["key_villages"] = w["key_villages"]
    for share, count, den in [("share_of_xinjiang_poor", "poor_population", "Xinjiang"),
                              ("share_of_four_prefectures_poor", "poor_population", "Four prefectures"),
                              ("share_of_xinjiang_key_villages", "key_villages", "Xinjiang"),
                              ("share_of_four_prefectures_key_villages", "key_villages", "Four prefectures")]:
        out[share] = w[share]
        out[share + "_recomputed"] = (100 * w[count] / w.loc[den, count]).round(1)
    sums = w.loc[_PREFS, ["poor_population", "key_villages"]].sum()
    out = out.reset_index()
    ctx.table("luo08_prefecture_shares", out, latex=True,
              caption="Poor population and key villages by prefecture, 2015: printed and recomputed shares")
    ctx.text(
        f"The four prefectures' row prints 218.6 (10k) poor, but the prefectures sum to "
        f"{sums['poor_population']:.2f}; key villages add up ({int(sums['key_villages'])}). Kashgar's 43% of "
        "Xinjiang's key villages is 40.3% recomputed, and the four prefectures' 68.1% is 85.5%. "
        "The 2016 list names 21 national poor counties (8 + 2 + 7 + 4), matching its count."
    )
