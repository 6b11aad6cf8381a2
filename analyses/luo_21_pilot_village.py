"""LUO-21: the Piliangairike pilot village, welfare homes and health-system counts."""

import pandas as pd

FINDINGS = ["LUO-21"]
TITLE = "Pilot village Piliangairike: poverty shares and onion returns; welfare and health counts"


def run(ctx):
    df = ctx.load("luo_21_pilot_village_welfare").set_index("id")
    v = lambda k: df.loc["LUO-21." + k, "value"]
    village = pd.DataFrame([
        {"quantity": "registered-poor share of households (%)", "value": round(100 * v("pilot.poor_households") / v("pilot.households"), 2)},
        {"quantity": "registered-poor share of persons (%)", "value": round(100 * v("pilot.poor_persons") / v("pilot.persons"), 2)},
        {"quantity": "persons per household, all", "value": round(v("pilot.persons") / v("pilot.households"), 2)},
        {"quantity": "persons per household, registered poor", "value": round(v("pilot.poor_persons") / v("pilot.poor_households"), 2)},
        {"quantity": "persons per household, not poor", "value": round((v("pilot.persons") - v("pilot.poor_persons")) / (v("pilot.households") - v("pilot.poor_households")), 2)},
        {"quantity": "arable land of the village (mu, 1.4 mu per person)", "value": round(v("pilot.land_per_capita") * v("pilot.persons"), 1)},
        {"quantity": "onion income per mu, grower (yuan)", "value": round(v("pilot.onion_income_last") / v("pilot.onion_area_last"), 1)},
        {"quantity": "onion income per mu, village (yuan)", "value": round(10000 * v("pilot.village_onion_income") / v("pilot.village_onion_area"), 1)},
        {"quantity": "onion area as share of village land (%)", "value": round(100 * v("pilot.village_onion_area") / (v("pilot.land_per_capita") * v("pilot.persons")), 2)},
    ])
    ctx.table("luo21_pilot_village", village, latex=True, floatfmt=".2f",
              caption="Piliangairike village: shares, household sizes and onion returns recomputed from the printed counts")
    welfare = pd.DataFrame([
        {"quantity": "care-home beds added per elderly resident wishing to enter", "value": round(v("welfare.home_beds") / v("welfare.elderly"), 3)},
        {"quantity": "child-welfare beds added per orphan", "value": round(v("welfare.child_beds") / v("welfare.orphans"), 3)},
        {"quantity": "investment per bed added (10k yuan)", "value": round(10000 * v("welfare.funds") / (v("welfare.home_beds") + v("welfare.child_beds")), 2)},
    ])
    ctx.table("luo21_welfare", welfare, floatfmt=".3f")
    audit = ctx.audit("LUO-21")
    checked = audit[audit["verdict"] != "unverifiable"].sort_values("claim")
    ctx.table("luo21_checks", checked[["claim", "id", "published", "recomputed", "verdict"]])
    ctx.text(
        f"{village.loc[0, 'value']:.1f}% of Piliangairike's households and {village.loc[1, 'value']:.1f}% of its people were registered poor; "
        f"poor households are smaller ({village.loc[3, 'value']:.2f} persons) than the others ({village.loc[4, 'value']:.2f}). "
        f"The village's onion returns (15万 on 60 mu) give {village.loc[7, 'value']:.0f} yuan per mu, the same as the grower's example. "
        f"Beds added cover {100 * welfare.loc[0, 'value']:.0f}% of the elderly wishing to enter a home and {100 * welfare.loc[1, 'value']:.0f}% "
        f"of orphans, against the stated 100% target. {len(checked)} relations checked: "
        f"{(checked['verdict'] == 'reproduced').sum()} reproduced."
    )
