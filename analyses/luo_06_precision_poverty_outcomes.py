"""LUO-06: 2014 registration, national 2015-2020 outcomes, Xinjiang support and final totals."""

import pandas as pd

FINDINGS = ["LUO-06"]
TITLE = "Registration, 2015-2020 outcomes and Xinjiang's two final totals"

_EDU = ["preschool", "primary", "junior", "senior", "tertiary"]


def run(ctx):
    df = ctx.load("luo_06_precision_poverty_outcomes").set_index("id")
    v = df["value"]
    finals = pd.DataFrame({
        "quantity": ["poor lifted (10k)", "villages exited", "counties delisted"],
        "line_1181": [df.loc[f"LUO-06.xinjiang.2020.{k}_l1181", "printed"] for k in ["poor_lifted", "villages_exited", "counties_delisted"]],
        "line_1280": [df.loc[f"LUO-06.xinjiang.2020.{k}_l1280", "printed"] for k in ["poor_lifted", "villages_exited", "counties_delisted"]],
    })
    ctx.table("luo06_final_totals", finals, latex=True, caption="Xinjiang's final totals, printed twice")
    edu = pd.DataFrame({
        "level": _EDU,
        "rate_2019": [v[f"LUO-06.xinjiang.2019.{k}"] for k in _EDU],
        "change_since_2014": [v[f"LUO-06.xinjiang.2014_2019.{k}_change"] for k in _EDU],
    })
    edu["implied_rate_2014"] = (edu["rate_2019"] - edu["change_since_2014"]).round(2)
    ctx.table("luo06_education_2014", edu, caption="Enrolment rates 2019 and the 2014 levels implied by the printed changes")
    years = 2019 - 2014
    cagr = 100 * ((v["LUO-06.xinjiang.2019.transfers"] / v["LUO-06.xinjiang.2014.transfers"]) ** (1 / years) - 1)
    hh = v["LUO-06.china.2014.registered_population"] / v["LUO-06.china.2014.registered_households"]
    ctx.text(
        f"Central transfers to Xinjiang grew {cagr:.1f}% a year over 2014-2019, not the stated 10.4% "
        f"(neither on five nor on six years). The two final totals disagree (308.9 vs 306.49 (10k) people; "
        f"32 vs 35 counties). The 2014 registration implies {hh:.2f} persons per poor household."
    )
