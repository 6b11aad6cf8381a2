"""LUO-19: Hotan's 2018 GDP and 2017 legal entities; the shares labelled 'of Xinjiang'."""

import pandas as pd

FINDINGS = ["LUO-19"]
TITLE = "Hotan's economy: GDP by sector (2018) and legal entities (2017)"


def run(ctx):
    df = ctx.load("luo_19_hotan_economy").set_index("id")
    v = lambda k: df.loc["LUO-19." + k, "value"]
    pr = lambda k: df.loc["LUO-19." + k, "printed"]
    rows = []
    for s in ["primary", "secondary", "tertiary"]:
        rows.append({"sector": s, "Xinjiang entities": pr(f"xj.entities_{s}"), "Xinjiang share printed (%)": pr(f"xj.share_{s}"),
                     "Xinjiang share recomputed (%)": round(100 * v(f"xj.entities_{s}") / v("xj.entities"), 2),
                     "Hotan entities": pr(f"entities_{s}"), "Hotan share printed as 'of Xinjiang' (%)": pr(f"share_{s}"),
                     "Hotan / Xinjiang sector (%)": round(100 * v(f"entities_{s}") / v(f"xj.entities_{s}"), 2),
                     "Hotan / Hotan total (%)": round(100 * v(f"entities_{s}") / v("entities"), 2)})
    shares = pd.DataFrame(rows)
    ctx.table("luo19_entity_shares", shares, latex=True, floatfmt=".2f",
              caption="Legal entities by sector, 2017: the shares the text labels 'of Xinjiang' are Hotan's own sector shares")
    gdp = pd.DataFrame([{"sector": s, "GDP (10k yuan)": pr(f"gdp_{s}"), "share of Hotan GDP (%)": round(100 * v(f"gdp_{s}") / v("gdp"), 2),
                         "rank among 15 prefectures": pr(f"gdp_{s}_rank")} for s in ["primary", "secondary", "tertiary"]])
    ctx.table("luo19_gdp", gdp, floatfmt=".2f", caption="Hotan GDP by sector, 2018")
    printed_shares = ", ".join(shares["Hotan share printed as 'of Xinjiang' (%)"])
    ctx.text(
        f"Hotan's sector entity counts add to its total ({pr('entities')}), and the three percentages printed as shares "
        f"'of Xinjiang' ({printed_shares}) are reproduced only as shares of Hotan's own "
        f"total; as shares of Xinjiang's sector counts they would be {', '.join(f'{x:.2f}' for x in shares['Hotan / Xinjiang sector (%)'])}. "
        f"The per-capita GDP is printed as {pr('gdp_per_capita')}万元, where yuan is meant."
    )
