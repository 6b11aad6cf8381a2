"""RTP-04: land area and counties of the four prefectures (Table 2-3)."""

import pandas as pd

FINDINGS = ["RTP-04"]
TITLE = "Land area and counties of the four prefectures (Table 2-3)"

_PREFS = ["Aksu", "Kashgar", "Hotan", "Kizilsu"]


def run(ctx):
    df = ctx.load("rtp_04_prefecture_counties")
    text = ctx.load("rtp_05_poverty_profile_text")
    area = df[df["quantity"] == "land_area"].set_index("id")["value"]
    names = df[df["quantity"] == "listed_county"].copy()
    names["prefecture"] = names["id"].str.split(".").str[1].str.capitalize()
    names["is_city"] = names["printed"].str.endswith("市")
    listed = names.groupby("prefecture").agg(counties_listed=("id", "size"), of_which_cities=("is_city", "sum"))
    stated = text[text["quantity"].isin(["cities", "counties"])].pivot_table(
        index="entity", columns="quantity", values="value", aggfunc="first")
    rows = []
    for p in _PREFS:
        rows.append({
            "prefecture": p,
            "land_area_10k_km2": area[f"RTP-04.{p.lower()}.land_area"],
            "area_share_pct": None,
            "counties_listed": int(listed.loc[p, "counties_listed"]),
            "cities_listed": int(listed.loc[p, "of_which_cities"]),
            "cities_stated": int(stated.loc[p, "cities"]),
            "counties_stated": int(stated.loc[p, "counties"]),
        })
    table = pd.DataFrame(rows)
    total = table["land_area_10k_km2"].sum()
    table["area_share_pct"] = (100 * table["land_area_10k_km2"] / total).round(1)
    stated_total = df.set_index("id").loc["RTP-04.l124.four_prefectures.land_area", "value"]
    stated_cc = df.set_index("id").loc["RTP-04.l136.four_prefectures.counties_and_cities", "value"]
    table.loc[len(table)] = {
        "prefecture": "Four prefectures (sum)", "land_area_10k_km2": round(total, 3), "area_share_pct": 100.0,
        "counties_listed": int(table["counties_listed"].sum()), "cities_listed": int(table["cities_listed"].sum()),
        "cities_stated": int(table["cities_stated"].sum()), "counties_stated": int(table["counties_stated"].sum()),
    }
    ctx.table("rtp04_prefectures", table, latex=True,
              floatfmt="g", caption="Land area and counties by prefecture (Table 2-3, text lines 170-176)")
    audit = ctx.audit("RTP-04")
    area_verdict = audit.loc[audit["id"] == "RTP-04.l124.four_prefectures.land_area", "verdict"].iloc[0]
    ctx.text(
        f"Table 2-3's four areas sum to {total:.3f} (10k km2) against 'about {stated_total:.0f}' in the text "
        f"(line 124; audit: {area_verdict}). The table lists {int(table['counties_listed'].iloc[-1])} counties and "
        f"cities, matching the {stated_cc:.0f} of line 136 and the city and county counts stated prefecture by "
        "prefecture."
    )
