"""LUO-03: rural income series and their stated growth, recomputed over stated and alternative periods."""

import pandas as pd

FINDINGS = ["LUO-03"]
TITLE = "Rural income series: compound growth over the stated and alternative periods"

_SERIES = [  # (start id, end id, stated-rate id or None)
    ("china.1979.rural_income", "china.1985.rural_income", "china.1979_1985.rural_income_growth"),
    ("poor_counties.1985.rural_income", "poor_counties.1993.rural_income", None),
    ("poor_areas.2001.rural_income", "poor_areas.2010.rural_income", None),
    ("registered_poor.2015.income", "registered_poor.2020.income", None),
    ("china.2003.farm_spending", "china.2010.farm_spending", "china.2003_2010.farm_spending_growth"),
]


def run(ctx):
    df = ctx.load("luo_03_rural_income").set_index("id")
    rows = []
    for a, b, stated in _SERIES:
        ra, rb = df.loc[f"LUO-03.{a}"], df.loc[f"LUO-03.{b}"]
        years = int(rb["year"]) - int(ra["year"])
        growth = rb["value"] / ra["value"]
        rows.append({
            "series": ra["entity"], "quantity": ra["quantity"], "from": ra["year"], "to": rb["year"],
            "start": ra["value"], "end": rb["value"],
            "cagr_endpoints_pct": round(100 * (growth ** (1 / years) - 1), 2),
            "cagr_one_more_year_pct": round(100 * (growth ** (1 / (years + 1)) - 1), 2),
            "stated_pct": df.loc[f"LUO-03.{stated}", "printed"] if stated else "",
        })
    ctx.table("luo03_income_growth", pd.DataFrame(rows), latex=True,
              caption="Compound growth of the printed series (end-point years and one more year)")
    ctx.text(
        "Only two of the series carry a stated growth rate. The 'nearly 17%' a year for 1979-1985 is "
        "reproduced only if 133.6 yuan is the 1978 value (7 years); over the stated 6 years it is 19.9%."
    )
