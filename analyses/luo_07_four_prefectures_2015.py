"""LUO-07: the four prefectures in 2015, and the Xinjiang and national values their shares imply."""

import pandas as pd

FINDINGS = ["LUO-07"]
TITLE = "Four prefectures 2015: shares and the Xinjiang / national values they imply"

_IMPLIED = [  # (value id, share id, what the share is of)
    ("four.area", "four.area_share", "Xinjiang land area (10k km2)"),
    ("four.2015.population", "four.2015.population_share", "Xinjiang registered population (10k)"),
    ("four.2015.poor_counties", "four.2015.poor_counties_share", "Xinjiang poor counties"),
    ("four.2015.poor_villages", "four.2015.poor_villages_share", "Xinjiang poor villages"),
    ("four.2015.poor_population", "four.2015.poor_population_share", "Xinjiang poor population (10k)"),
    ("four.2015.gdp_pc", "four.2015.gdp_pc_pct_xj", "Xinjiang GDP per capita (yuan)"),
    ("four.2015.gdp_pc", "four.2015.gdp_pc_pct_cn", "China GDP per capita (yuan)"),
    ("four.2015.rural_income", "four.2015.rural_income_pct_xj", "Xinjiang rural income (yuan)"),
    ("four.2015.rural_income", "four.2015.rural_income_pct_cn", "China rural income (yuan)"),
    ("four.border_length", "four.border_share", "Xinjiang border length (km)"),
]


def run(ctx):
    df = ctx.load("luo_07_four_prefectures_2015").set_index("id")
    rows = []
    for val, share, what in _IMPLIED:
        x, s = df.loc[f"LUO-07.{val}"], df.loc[f"LUO-07.{share}"]
        rows.append({"implied": what, "four_prefectures": x["printed"], "printed_share_pct": s["printed"],
                     "implied_value": round(100 * x["value"] / s["value"], 1)})
    ctx.table("luo07_implied", pd.DataFrame(rows), latex=True,
              caption="Values implied by the four prefectures' printed shares, 2015")
    ctx.text(
        "Dividing each four-prefecture figure by its printed share recovers the Xinjiang (or national) "
        "denominator; 26 poor counties at 74.3% imply 35 counties, the number line 1280 gives for Xinjiang. "
        "Per-capita water is printed as 3969 亿 m3, a unit error (m3 meant)."
    )
