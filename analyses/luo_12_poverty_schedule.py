"""LUO-12: the four prefectures' 2016-2020 exit schedule against its own baselines."""

import matplotlib.pyplot as plt
import pandas as pd

from povecon.reproduce.figures import NEUTRAL, NEUTRAL_LIGHT, number_verdict, verdict_label
from povecon.reproduce.palette import VERDICT_COLOURS

FINDINGS = ["LUO-12"]
TITLE = "The four prefectures' 2016-2020 poverty-exit schedule"

ROWS = [("exit_persons", "poor persons exiting (10k)", "indicator.registered_poor.2015"),
        ("exit_villages", "poor villages exiting", "indicator.poor_villages.2015"),
        ("exit_counties", "poor counties delisted", "indicator.poor_counties.2015"),
        ("relocation_households", "relocated households", None),
        ("relocation_persons", "relocated persons", "indicator.relocation_persons.2020")]
YEARS = ["2016", "2017", "2018", "2019", "2020"]


def run(ctx):
    df = ctx.load("luo_12_poverty_schedule").set_index("id")
    p = "LUO-12."
    rows = []
    for key, label, base in ROWS:
        row = {"row": label}
        parts = []
        for y in YEARS:
            rid = f"{p}schedule.{key}.{y}"
            row[y] = df.loc[rid, "printed"] if rid in df.index else ""
            if rid in df.index:
                parts.append(df.loc[rid, "value"])
        row["printed total"] = df.loc[f"{p}schedule.{key}.total", "printed"]
        row["sum of years"] = sum(parts)
        row["baseline (plan indicator)"] = df.loc[p + base, "printed"] if base else ""
        rows.append(row)
    table = pd.DataFrame(rows)
    ctx.table("luo12_exit_schedule", table, latex=True, floatfmt=".0f",
              caption="Four prefectures, 2016-2020 exit schedule: printed totals, the sum of the yearly entries and the plan baselines")

    sched = pd.DataFrame({y: [df.loc[f"{p}schedule.exit_counties.{y}", "value"]] for y in YEARS}).T
    total_id = p + "schedule.exit_counties.total"
    total_verdict = number_verdict(ctx.audit("LUO-12"), total_id)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.bar(YEARS, sched[0].cumsum(), color=NEUTRAL_LIGHT, label="贫困县摘帽累计 cumulative scheduled delistings")
    ax.axhline(df.loc[p + "indicator.poor_counties.2015", "value"], color=NEUTRAL, ls="--",
               label="2015年贫困县 26 poor counties in 2015 (baseline)")
    ax.axhline(df.loc[total_id, "value"], color=VERDICT_COLOURS.get(total_verdict, NEUTRAL), ls=":", lw=2,
               label=f"“总计”栏 printed total ({df.loc[total_id, 'printed']})"
                     + (f": {verdict_label(total_verdict)}" if total_verdict else ""))
    ax.set_xlabel("年份 year")
    ax.set_ylabel("贫困县（个） counties")
    ax.set_title("贫困县摘帽进度 Scheduled county delistings, 2016–2020", fontsize=10)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    drawn = df.loc[[f"{p}schedule.exit_counties.{y}" for y in YEARS] + [total_id, p + "indicator.poor_counties.2015"]]
    ctx.figure("luo12_county_schedule", fig, caption="Scheduled county delistings, cumulative, against the baseline and the printed total",
               redraws=ctx.redraws("“十三五”时期南疆四地州脱贫攻坚进度计划（贫困县摘帽）与脱贫攻坚主要指标（贫困县） "
                                   "(13th Five-Year exit schedule and indicators)", drawn))

    audit = ctx.audit("LUO-12")
    checked = audit[audit["verdict"] != "unverifiable"]
    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"{len(checked)} of the schedule's numbers can be recomputed (row totals, totals vs baselines). "
        f"{(checked['verdict'] == 'reproduced').sum()} are reproduced; {len(bad)} are not: "
        + "; ".join(ctx.describe(r) for r in bad.itertuples())
        + f". The county row's yearly entries add to {table.loc[2, 'sum of years']:.0f} against a baseline of "
        f"{table.loc[2, 'baseline (plan indicator)']} poor counties and a printed total of {table.loc[2, 'printed total']}."
    )
