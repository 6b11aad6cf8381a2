"""RTP-12: programme numbers of the 2014-2019 campaign (text and footnotes)."""

import pandas as pd

FINDINGS = ["RTP-12"]
TITLE = "Poverty-alleviation programme numbers, 2014-2019"

# Per-unit and share figures implied by pairs of printed numbers the report puts
# side by side (numerator id, denominator id, scale, unit of the result).
DERIVED = [
    ("Shanghai aid: share used for poverty (printed 85.29%)", "l460.shanghai_poverty_funds", "l460.shanghai_funds", 100, "%"),
    ("Hotan city dibao: persons per household", "l442.dibao_persons", "l442.dibao_households", 1, "persons"),
    ("Hotan city dibao: registered poor among recipients", "l442.registered_poor_on_dibao", "l442.dibao_persons", 100, "%"),
    ("Fruit processing firms among agricultural processors", "l374.fruit_firms", "l374.processing_firms", 100, "%"),
    ("Fruit processing firms: profit / revenue", "l374.fruit_firms_profit", "l374.fruit_firms_revenue", 100, "%"),
    ("Zhejiang 'hundred villages' projects: jobs per project", "l476.zhejiang_jobs", "l476.zhejiang_projects", 1e4, "persons"),
    ("Zhejiang projects: investment per job", "l476.zhejiang_investment", "l476.zhejiang_jobs", 1e8 / 1e4, "yuan"),
    ("Zhejiang projects: investment per project", "l476.zhejiang_investment", "l476.zhejiang_projects", 1e4, "10k yuan"),
    ("Beijing aid to Hotan city: funds per project", "l456.beijing_funds", "l456.beijing_projects", 1e4, "10k yuan"),
    ("Haidian aid: funds per project", "l456.haidian_funds", "l456.haidian_projects", 1, "10k yuan"),
    ("2019 aid plan, 22 deep-poor counties: funds per project", "l458.aid_funds_plan", "l458.aid_projects", 1e4, "10k yuan"),
    ("2019 aid plan: funds per deep-poor county", "l458.aid_funds_plan", "l458.deep_poor_counties", 1, "100m yuan"),
    ("Maigaiti: aid per poor university student", "l420.students_aid", "l420.students_aided", 1e4, "yuan"),
    ("Maigaiti: support per hardship student", "l420.hardship_funds", "l420.hardship_students", 1e4, "yuan"),
    ("Deep-poor counties: trainings per county, 2019", "l402.training_deep_counties", "l402.deep_poor_counties", 1e4, "person-times"),
    ("Deep-poor counties: share of Xinjiang's rural trainings, 2019", "l402.training_deep_counties", "l402.training_xinjiang", 100, "%"),
    ("Labour transferred 2019 as share of the 2018-19 total", "l394.labour_transferred", "l396.labour_transferred", 1e-2, "%"),
    ("2018-19 transfers as share of the three-year goal", "l396.labour_transferred", "l396.transfer_goal", 100, "%"),
    ("Kashgar 2018: persons placed per 100 trainings", "l482.placed", "l482.farmers_trained", 100, "per 100"),
]


def run(ctx):
    df = ctx.load("rtp_12_programmes")
    by_id = df.set_index("id")
    r = "RTP-12."

    rows = []
    for label, num, den, scale, unit in DERIVED:
        x, y = by_id.loc[r + num], by_id.loc[r + den]
        rows.append({"figure": label, "numerator": f"{x['printed']} {x['unit']} (line {x['line']})",
                     "denominator": f"{y['printed']} {y['unit']} (line {y['line']})",
                     "value": round(scale * x["value"] / y["value"], 2), "unit": unit,
                     "note": "lower bound of a 'more than' figure" if "over" in (x["qualifier"], y["qualifier"]) else ""})
    derived = pd.DataFrame(rows)
    ctx.table("rtp12_derived", derived, latex=True,
              caption="Shares and per-unit figures implied by RTP's programme numbers (recomputed)", floatfmt=".2f")

    listing = df[["entity", "quantity", "printed", "unit", "qualifier", "year", "line", "id"]].sort_values(["line", "id"])
    ctx.table("rtp12_programme_numbers", listing)

    audit = ctx.audit("RTP-12")
    checked = audit[audit["verdict"] != "unverifiable"].sort_values("claim")
    ctx.table("rtp12_checks", checked[["claim", "id", "published", "recomputed", "verdict", "quantity"]]
              .rename(columns={"quantity": "check"}))
    counts = checked["verdict"].value_counts().sort_index()
    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"{len(df)} numbers are printed in the programme sections (lines {df['line'].min()}-{df['line'].max()}); "
        f"most are one-off counts nothing else in the report pins down. {len(checked)} can be checked: "
        + ", ".join(f"{v} {k}" for k, v in counts.items()) + ". "
        + ("Inconsistent: " + "; ".join(bad["quantity"]) + ". " if len(bad) else "")
        + "The derived table gives the per-unit figures the report leaves implicit."
    )
