"""LUO-14: Luopu county profile - population, GDP, land use and area."""

import pandas as pd

FINDINGS = ["LUO-14"]
TITLE = "Luopu county profile, 2015"


def run(ctx):
    df = ctx.load("luo_14_luopu_profile").set_index("id")
    v = lambda k: df.loc["LUO-14." + k, "value"]
    pr = lambda k: df.loc["LUO-14." + k, "printed"]
    gdp, pop = v("gdp.total_2015"), v("pop.total_2015")
    sectors = pd.DataFrame({
        "sector": ["primary", "secondary", "tertiary", "total"],
        "printed (10k yuan)": [pr("gdp.primary_2015"), pr("gdp.secondary_2015"), pr("gdp.tertiary_2015"), pr("gdp.total_2015")],
        "share of GDP (%)": [round(100 * v(k) / gdp, 2) for k in ["gdp.primary_2015", "gdp.secondary_2015", "gdp.tertiary_2015", "gdp.total_2015"]],
    })
    ctx.table("luo14_gdp_sectors", sectors, latex=True, floatfmt=".2f", caption="Luopu GDP by sector, 2015 (shares recomputed)")

    land_keys = ["land.cultivated", "land.orchard", "land.forest", "land.pasture", "land.other_agricultural", "land.agricultural", "land.total"]
    land = pd.DataFrame({
        "land use": [df.loc["LUO-14." + k, "quantity"].replace("_", " ") for k in land_keys],
        "printed (ha)": [pr(k) for k in land_keys],
        "km2": [round(v(k) / 100, 2) for k in land_keys],
        "share of land area (%)": [round(100 * v(k) / v("land.total"), 2) for k in land_keys],
    })
    ctx.table("luo14_land_use", land, latex=True, floatfmt=".2f", caption="Luopu land use in hectares, with km2 and shares recomputed")

    gpc = 10000 * gdp / pop
    ctx.text(
        f"Luopu's 2015 GDP of {pr('gdp.total_2015')}万元 is exactly the sum of its three sectors, and the printed per-capita "
        f"GDP ({pr('gdp.per_capita_2015')} yuan) equals GDP over the year-end population of {pr('pop.total_2015')} "
        f"({gpc:.2f} yuan), although the text says the mean registered population was used. The land survey's total "
        f"({v('land.total') / 100:.1f} km2) is {v('geo.area') - v('land.total') / 100:.0f} km2 smaller than the county area "
        f"printed a few pages earlier ({pr('geo.area')} km2). The natural growth rate is printed as {pr('pop.natural_growth')}% "
        f"where permille is meant (birth {pr('pop.birth_rate')}‰ minus death {pr('pop.death_rate')}‰)."
    )
