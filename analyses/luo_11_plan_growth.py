"""LUO-11: implied compound growth of the four prefectures' 13th Five-Year targets."""

import matplotlib.pyplot as plt
import pandas as pd

FINDINGS = ["LUO-11"]
TITLE = "13th Five-Year targets of the four prefectures: stated vs implied annual growth"

QUAL = {"about": "about ", "over": "over ", "at_least": ">= ", "at_most": "<= ", "under": "under "}


def run(ctx):
    df = ctx.load("luo_11_plan_indicators").set_index("id")
    audit = ctx.audit("LUO-11")
    verdict = audit[audit["relation"].notna()].set_index("id")["verdict"]
    rows = []
    for gid in sorted(i for i in df.index if i.endswith(".growth")):
        stem = gid[: -len(".growth")]
        a, b, g = df.loc[stem + ".2015"], df.loc[stem + ".2020"], df.loc[gid]
        implied = 100 * ((b["value"] / a["value"]) ** (1 / 5) - 1)
        rows.append({"indicator": a["quantity"].replace("_", " "), "unit": a["unit"],
                     "2015": a["printed"], "2020 target": QUAL.get(b["qualifier"], "") + b["printed"],
                     "stated growth (%)": QUAL.get(g["qualifier"], "") + g["printed"],
                     "implied CAGR (%)": round(implied, 2), "stated": g["value"],
                     "verdict": verdict.get(gid, "")})
    table = pd.DataFrame(rows).sort_values("indicator").reset_index(drop=True)
    ctx.table("luo11_plan_growth", table.drop(columns="stated"), latex=True,
              caption="Four prefectures, 13th Five-Year plan: stated average annual growth vs the growth implied by the 2015 level and the 2020 target",
              floatfmt=".2f")

    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    y = range(len(table))
    ax.scatter(table["stated"], y, marker="o", label="stated rate", color="tab:blue")
    ax.scatter(table["implied CAGR (%)"], y, marker="x", label="implied by 2015 and 2020", color="tab:red")
    ax.set_yticks(list(y), table["indicator"])
    ax.set_xlabel("average annual growth, 2015-2020 (%)")
    ax.legend(loc="lower right", frameon=False)
    ctx.figure("luo11_plan_growth", fig, caption="Stated vs implied annual growth of the 13th Five-Year targets")

    checked = audit[audit["verdict"] != "unverifiable"]
    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"The plan table prints a 2015 level, a 2020 target and an average annual growth rate for "
        f"{len(table)} indicators (and the urbanisation target as a change in points). Recomputing the compound growth from level and target, "
        f"{(checked['verdict'] == 'reproduced').sum()} of {len(checked)} stated rates are reproduced, "
        f"{(checked['verdict'] == 'rounding').sum()} match only within rounding, and {len(bad)} "
        f"({', '.join(bad['id'])}) do not: the targets imply a different rate than the one printed."
    )
