"""LUO-05: the 14 contiguous poor areas: county shares, ratios to the national level, 2013 poor."""

FINDINGS = ["LUO-05"]
TITLE = "The 14 contiguous poor areas: shares and ratios recomputed"


def run(ctx):
    df = ctx.load("luo_05_contiguous_areas").set_index("id")
    audit = ctx.audit("LUO-05")
    checked = audit[audit["verdict"] != "unverifiable"][["claim", "id", "published", "recomputed", "verdict"]]
    ctx.table("luo05_claims", checked.sort_values("claim", ignore_index=True), latex=True,
              caption="Contiguous poor areas: printed shares and their recomputation")
    v = df["value"]
    gdp_cn = v["LUO-05.tibetan4.2010.gdp_pc"] / v["LUO-05.tibetan4.2010.gdp_pc_ratio"] * 100
    inc_cn = v["LUO-05.dabie.2010.rural_income"] / v["LUO-05.dabie.2010.rural_income_ratio"] * 100
    ctx.text(
        f"The highest-area ratios imply a 2010 national GDP per capita of {gdp_cn:,.0f} yuan and rural "
        f"net income of {inc_cn:,.0f} yuan; the lowest-area ratios agree with these. The land area is "
        "printed as 392 km2, a missing 万 (3.92 million km2)."
    )
