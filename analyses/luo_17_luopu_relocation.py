"""LUO-17: Luopu's services and the Halakuaili reservoir relocation."""

import pandas as pd

FINDINGS = ["LUO-17"]
TITLE = "Luopu education, health, safety net and the reservoir relocation"


def run(ctx):
    df = ctx.load("luo_17_luopu_services").set_index("id")
    v = lambda k: df.loc["LUO-17.reloc." + k, "value"]
    moves = pd.DataFrame([
        {"batch": "2016", "households": v("households_2016"), "persons": v("persons_2016")},
        {"batch": "2017 (first batch)", "households": v("households_2017"), "persons": v("persons_2017")},
        {"batch": "moved in (sum)", "households": v("households_2016") + v("households_2017"), "persons": v("persons_2016") + v("persons_2017")},
        {"batch": "Hejiaxin site (printed)", "households": v("site_households"), "persons": v("site_persons")},
        {"batch": "reservoir population (printed)", "households": v("households"), "persons": v("persons")},
        {"batch": "not yet moved (difference)", "households": v("households") - v("site_households"), "persons": v("persons") - v("site_persons")},
    ])
    moves["persons per household"] = (moves["persons"] / moves["households"]).round(2)
    ctx.table("luo17_relocation", moves, latex=True, floatfmt=".6g",
              caption="Halakuaili reservoir relocation to Hejiaxin village: batches, site totals and the remaining households")
    per = pd.DataFrame([
        {"quantity": "land per settled household (mu)", "printed": df.loc["LUO-17.reloc.land_per_household", "printed"],
         "recomputed": round(v("land") / v("site_households"), 2)},
        {"quantity": "greenhouses per settled household", "printed": "", "recomputed": round(v("greenhouses") / v("site_households"), 2)},
        {"quantity": "integrated funds per settled household (10k yuan)", "printed": "", "recomputed": round(10000 * v("funds") / v("site_households"), 2)},
    ])
    ctx.table("luo17_relocation_per_household", per, floatfmt=".2f")
    audit = ctx.audit("LUO-17")
    checked = audit[audit["verdict"] != "unverifiable"].sort_values("claim")
    ctx.table("luo17_checks", checked[["claim", "id", "published", "recomputed", "verdict"]])
    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"The 2016 and first 2017 batches ({moves.loc[2, 'households']:.0f} households, {moves.loc[2, 'persons']:.0f} persons) "
        f"are exactly the Hejiaxin site totals; {moves.loc[5, 'households']:.0f} of the {v('households'):.0f} reservoir households "
        f"are not accounted for by these batches, although the text says all were moved. "
        f"{len(checked)} of {len(df)} numbers in this section can be checked; not reproduced: "
        + "; ".join(ctx.describe(r) for r in bad.itertuples()) + "."
    )
