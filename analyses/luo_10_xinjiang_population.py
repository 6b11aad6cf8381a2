"""LUO-10: Xinjiang population by group 2010-2018 and the unit audit of the printed rates."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from povecon.reproduce.figures import CATEGORY_COLOURS

FINDINGS = ["LUO-10"]
TITLE = "Xinjiang population 2010-2018 and rates printed with % where permille is meant"


def run(ctx):
    df = ctx.load("luo_10_xinjiang_population").set_index("id")
    v = df["value"]
    rows = []
    for g in ["total", "minority", "uyghur", "han"]:
        a, b = v[f"LUO-10.{g}.2010.population"], v[f"LUO-10.{g}.2018.population"]
        rows.append({"group": df.loc[f"LUO-10.{g}.2010.population", "entity"], "pop_2010_10k": a, "pop_2018_10k": b,
                     "increase_printed": v[f"LUO-10.{g}.2010_2018.increase"], "increase_recomputed": round(b - a, 2),
                     "growth_printed_pct": df.loc[f"LUO-10.{g}.2010_2018.growth", "printed"],
                     "growth_recomputed_pct": round(100 * (b / a - 1), 2)})
    ctx.table("luo10_population_groups", pd.DataFrame(rows), latex=True, caption="Population growth by group, 2010-2018")
    years = list(range(2010, 2019))
    birth = np.array([v[f"LUO-10.xinjiang.{y}.birth_rate"] for y in years])
    nat = np.array([v[f"LUO-10.xinjiang.{y}.natural_growth_rate"] for y in years])
    rates = pd.DataFrame({"year": years, "birth_printed": birth, "natural_growth_printed": nat,
                          "implied_death_rate": np.round(birth - nat, 2)})
    ctx.table("luo10_rates", rates, caption="Birth and natural growth rates as printed (unit printed %, permille meant)")
    as_pct = 100 * (np.prod(1 + nat[1:] / 100) - 1)
    as_pm = 100 * (np.prod(1 + nat[1:] / 1000) - 1)
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.plot(years, birth, marker="o", color=CATEGORY_COLOURS[0], label="出生率 birth rate (as printed)")
    ax.plot(years, nat, marker="o", color=CATEGORY_COLOURS[2], label="人口自然增长率 natural growth rate (as printed)")
    ax.set_xlabel("年份 year")
    ax.set_ylabel("印为 % 的数值（实为 ‰）\nvalue printed with %, permille meant")
    ax.set_title("新疆出生率与人口自然增长率 Xinjiang birth and natural growth rates", fontsize=10)
    ax.legend(fontsize=8)
    rate_rows = df[df.index.str.contains(r"\.xinjiang\.\d{4}\.(?:birth_rate|natural_growth_rate)$")]
    ctx.figure("luo10_rates", fig, caption="Xinjiang birth and natural growth rates, 2010-2018",
               redraws=ctx.redraws("正文所述新疆2010–2018年出生率与自然增长率 the text's Xinjiang birth and "
                                   "natural growth rates, 2010–2018; output table luo10_rates", rate_rows))
    ctx.text(
        f"Read as printed (%), the 2011-2018 natural growth rates would compound to {as_pct:.0f}% population "
        f"growth; read as permille they give {as_pm:.1f}%, against the printed total growth of 13.99% "
        "(the rest being migration). The rates are permille. Hotan's 2018 natural growth (2.96) is below "
        "the national 3.81, although the text says all four prefectures exceed the national rate."
    )
