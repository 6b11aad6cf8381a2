"""RTP-07: population share, urbanisation and GDP of the four prefectures, 2010-2014."""

import pandas as pd

FINDINGS = ["RTP-07"]
TITLE = "Population share and urbanisation of the four prefectures, 2010-2014"


def run(ctx):
    df = ctx.load("rtp_07_population_urbanisation").set_index("id")
    v = df["value"]
    p = "RTP-07.l222.four_prefectures."
    table = pd.DataFrame([
        ("population share of Xinjiang (%)", v[p + "population_share_2010"], v[p + "population_share_2014"],
         v[p + "population_share_2014"] - v[p + "population_share_2010"], ""),
        ("urbanisation rate (%)", v[p + "urbanisation_rate_2010"], v[p + "urbanisation_rate_2014"],
         round(v[p + "urbanisation_rate_2014"] - v[p + "urbanisation_rate_2010"], 1),
         df.loc[p + "urbanisation_change", "printed"]),
    ], columns=["quantity", "2010", "2014", "change_points_recomputed", "change_printed"])
    ctx.table("rtp07_population_urbanisation", table, latex=True, floatfmt="g", caption="Line 222, 2010-2014")

    q = "RTP-07.l201.four_prefectures."
    implied = pd.DataFrame([
        ("Xinjiang GDP 2014 implied by 1726 at 18.6% (100m yuan)", round(100 * v[q + "gdp"] / v[q + "gdp_share_of_xinjiang"], 0)),
        ("Xinjiang urbanisation 2014 implied by 24.2% + 'nearly 22' points (%)",
         round(v[q + "urbanisation_rate_2014"] + v[q + "urbanisation_gap_to_xinjiang"], 1)),
    ], columns=["implied quantity (not printed)", "value"])
    ctx.table("rtp07_implied_xinjiang", implied, floatfmt="g", caption="Xinjiang values implied by line 201")
    audit = ctx.audit("RTP-07")
    ok = (audit.loc[audit["claim"] != "", "verdict"] == "reproduced").sum()
    ctx.text(
        f"Between 2010 and 2014 the four prefectures' share of Xinjiang's population rose from "
        f"{v[p + 'population_share_2010']:g}% to {v[p + 'population_share_2014']:g}% while their urbanisation rate "
        f"rose only from {v[p + 'urbanisation_rate_2010']:g}% to {v[p + 'urbanisation_rate_2014']:g}%; the report's "
        f"'{df.loc[p + 'urbanisation_change', 'printed']}%' is a change in percentage points. {ok} of {int((audit['claim'] != '').sum())} declared relations reproduce. The 2014 "
        "GDP share and the urbanisation gap imply Xinjiang-wide values that the report does not print."
    )
