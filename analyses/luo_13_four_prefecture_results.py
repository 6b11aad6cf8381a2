"""LUO-13: four-prefecture results 2013-2019 and the figures derived from them."""

import pandas as pd

FINDINGS = ["LUO-13"]
TITLE = "Four-prefecture poverty results and programme figures, 2013-2019"

# (label, numerator id, denominator id, scale, unit): denominators the report implies but never prints.
DERIVED = [
    ("Rural population implied by 267.7万 poor at 29.1% (2013)", "result.poor_2013", "result.incidence_2013", 100, "10k persons"),
    ("Rural population implied by 16.6万 poor at 2.2% (2019)", "result.poor_2019", "result.incidence_2019", 100, "10k persons"),
    ("Xinjiang relocation task implied by 13.95万 = 87%", "relocation.persons", "relocation.share_of_region", 100, "10k persons"),
    ("Persons per relocated household", "relocation.persons", "relocation.households", 1, "persons"),
    ("Total transport workers implied by 15万 = 22%", "roads.rural_workers", "roads.rural_worker_share", 100, "10k persons"),
    ("ADBC poverty loans implied by 239亿 = 59.3%", "adbc.targeted_loans", "adbc.targeted_share", 100, "100m yuan"),
    ("All aid funds of 10 provinces implied by 69.96亿 = 60%", "aid.funds", "aid.fund_share", 100, "100m yuan"),
    ("Aid funds per aid project", "aid.funds", "aid.projects", 10000, "10k yuan"),
    ("Planned investment per planned project", "plan.funds", "plan.projects", 10000, "10k yuan"),
    ("Funds in place per project started", "plan.funds_actual", "plan.projects_actual", 10000, "10k yuan"),
    ("Projects started vs planned", "plan.projects_actual", "plan.projects", 100, "% of plan"),
    ("Funds in place vs planned", "plan.funds_actual", "plan.funds", 100, "% of plan"),
    ("Persons poor due to illness per household (Aug 2019)", "health.ill_poor_persons", "health.ill_poor_households", 1, "persons"),
]


def run(ctx):
    df = ctx.load("luo_13_four_prefecture_results").set_index("id")
    p = "LUO-13."
    rows = []
    for label, num, den, scale, unit in DERIVED:
        x, y = df.loc[p + num], df.loc[p + den]
        rows.append({"figure": label, "numerator": f"{x['printed']} {x['unit']} (line {x['line']})",
                     "denominator": f"{y['printed']} {y['unit']} (line {y['line']})",
                     "value": round(scale * x["value"] / y["value"], 2), "unit": unit})
    ctx.table("luo13_derived", pd.DataFrame(rows), latex=True, floatfmt=".2f",
              caption="Denominators and per-unit values implied by the four prefectures' results (recomputed)")

    audit = ctx.audit("LUO-13")
    checked = audit[audit["verdict"] != "unverifiable"].sort_values("claim")
    ctx.table("luo13_checks", checked[["claim", "id", "published", "recomputed", "verdict"]])
    bad = checked[checked["verdict"] == "inconsistent"]
    by = {r["figure"]: r["value"] for r in rows}
    r13, r19 = rows[0]["value"], rows[1]["value"]
    proj, funds = by["Projects started vs planned"] - 100, by["Funds in place vs planned"] - 100
    ctx.text(
        f"LUO prints {len(df)} numbers on the four prefectures' results (lines {df['line'].min()}-{df['line'].max()}); "
        f"{len(checked)} can be checked against others. The 2013 and 2019 headcounts and incidences imply rural "
        f"populations of {r13:.0f}万 and {r19:.0f}万, a fall the report does not discuss. "
        f"Not reproduced: " + "; ".join(ctx.describe(r) for r in bad.itertuples())
        + f". The claim that projects and funds both exceed the plan by over 20% gives +{funds:.1f}% for funds and +{proj:.1f}% for projects."
    )
