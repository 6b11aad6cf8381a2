"""RTP-10: durable goods per 100 rural households, 2019 (Table 3-3), and the text's quotes."""

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

FINDINGS = ["RTP-10"]
TITLE = "Durable goods per 100 rural households, 2019"

GOODS = ["cars", "washing_machines", "refrigerators", "mobile_phones", "computers"]
REGIONS = ["China", "Xinjiang", "Four prefectures"]


def run(ctx):
    df = ctx.load("rtp_10_durable_goods")
    table = df[df["table"] == "Table 3-3"]
    wide = table.pivot(index="entity", columns="quantity", values="value").loc[REGIONS, GOODS]
    four = wide.loc["Four prefectures"]
    rows = [wide]
    rows.append(pd.DataFrame([four - wide.loc["China"]], index=["Four prefectures minus China"]))
    rows.append(pd.DataFrame([four - wide.loc["Xinjiang"]], index=["Four prefectures minus Xinjiang"]))
    rows.append(pd.DataFrame([100 * four / wide.loc["China"]], index=["Four prefectures, % of China"]))
    out = pd.concat(rows).round(1)
    out.index.name = "row"
    ctx.table("rtp10_durable_goods", out.reset_index(), latex=True,
              caption="Durable goods per 100 rural households, 2019 (RTP Table 3-3), with gaps recomputed")

    audit = ctx.audit("RTP-10")
    checked = audit[audit["verdict"] != "unverifiable"]
    ctx.table("rtp10_text_vs_table",
              checked[["claim", "id", "published", "recomputed", "verdict", "quantity"]]
              .rename(columns={"quantity": "check"}).sort_values("claim"))

    long = table.assign(good=table["quantity"].str.replace("_", " "))
    fig, ax = plt.subplots(figsize=(7, 3.6))
    sns.barplot(data=long, x="good", y="value", hue="entity", hue_order=REGIONS, ax=ax)
    ax.set_xlabel("")
    ax.set_ylabel("per 100 households")
    ax.set_title("Durable goods per 100 rural households, 2019 (RTP Table 3-3)")
    ctx.figure("rtp10_durable_goods", fig)

    bad = checked[checked["verdict"] == "inconsistent"]
    gap_cn = float(four["cars"] - wide.loc["China", "cars"])
    gap_xj = float(four["cars"] - wide.loc["Xinjiang", "cars"])
    ctx.text(
        f"Table 3-3 puts the four prefectures' car ownership {abs(gap_cn):.1f} per 100 households below "
        f"China and {abs(gap_xj):.1f} below Xinjiang, against the text's 'about 9-10 points below both'. Of {len(checked)} checks of text against table, {len(bad)} are inconsistent "
        f"({'; '.join(bad['quantity'])}); the text also dates the numbers to end-2018 while the table says 2019."
    )
