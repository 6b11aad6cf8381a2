"""LUO-16: Luopu's programmes, with the red-date price insurance worked through."""

import pandas as pd

FINDINGS = ["LUO-16"]
TITLE = "Luopu programmes and the 2020 red-date price insurance"


def run(ctx):
    df = ctx.load("luo_16_luopu_programmes").set_index("id")
    v = lambda k: df.loc["LUO-16.insurance." + k, "value"]
    premium, insured, claims = v("premium"), v("sum_insured"), v("claims")
    ins = pd.DataFrame([
        ("premium = exchange + county + futures firm (10k yuan)", premium, v("premium_exchange") + v("premium_county") + v("premium_broker")),
        ("loss ratio = claims / premium (%)", v("loss_ratio"), 100 * claims / premium),
        ("premium rate = premium / sum insured (%)", None, 100 * premium / insured),
        ("sum insured per tonne (yuan)", None, 10000 * insured / v("quantity")),
        ("sum insured per mu (yuan)", None, 10000 * insured / v("area")),
        ("insured yield (kg per mu)", None, 1000 * v("quantity") / v("area")),
        ("premium per household (yuan)", None, 10000 * premium / v("households")),
        ("claims per household (yuan)", None, 10000 * claims / v("households")),
        ("registered-poor share of insured households (%)", None, 100 * v("poor_households") / v("households")),
        ("premium share paid by the exchange (%)", None, 100 * v("premium_exchange") / premium),
    ], columns=["quantity", "printed", "recomputed"])
    ins["recomputed"] = ins["recomputed"].round(2)
    ctx.table("luo16_red_date_insurance", ins, latex=True, floatfmt=".2f",
              caption="Luopu red-date price insurance, 2020: printed figures and the values implied by them")

    audit = ctx.audit("LUO-16")
    checked = audit[audit["verdict"] != "unverifiable"].sort_values("claim")
    ctx.table("luo16_checks", checked[["claim", "id", "published", "recomputed", "verdict"]])
    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"The insurance covered {v('households'):.0f} households ({ins.loc[8, 'recomputed']:.1f}% registered poor) and "
        f"{v('area'):.0f} mu; the premium was {ins.loc[2, 'recomputed']:.2f}% of the sum insured, entirely paid by the exchange, "
        f"the county and the futures firm, and claims equal to {ins.loc[1, 'recomputed']:.2f}% of the premium "
        f"({ins.loc[7, 'recomputed']:.0f} yuan per household) were paid. Across the {len(df)} programme numbers, "
        f"{len(checked)} can be checked; {(checked['verdict'] == 'reproduced').sum()} are reproduced, "
        f"{(checked['verdict'] == 'rounding').sum()} within rounding, {len(bad)} not"
        + (": " + "; ".join(ctx.describe(r) for r in bad.itertuples()) if len(bad) else "")
        + "."
    )
