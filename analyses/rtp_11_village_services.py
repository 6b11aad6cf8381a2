"""RTP-11: village infrastructure and public services, 2018 (Table 3-5, cited as 3-4)."""

import matplotlib.pyplot as plt
import seaborn as sns

FINDINGS = ["RTP-11"]
TITLE = "Village infrastructure and public services, 2018"

REGIONS = ["China", "Xinjiang", "Four prefectures"]


def run(ctx):
    df = ctx.load("rtp_11_village_services")
    table = df[df["table"] == "Table 3-5"]
    order = list(dict.fromkeys(table.sort_values("id")["quantity"]))
    wide = table.pivot(index="quantity", columns="entity", values="value").loc[order, REGIONS]
    wide["gap_to_china"] = wide["Four prefectures"] - wide["China"]
    wide["gap_to_xinjiang"] = wide["Four prefectures"] - wide["Xinjiang"]
    out = wide.round(1).reset_index().rename(columns={"quantity": "households_whose_village_has"})
    out = out.sort_values("households_whose_village_has", ignore_index=True)
    ctx.table("rtp11_village_services", out, latex=True,
              caption="Share of rural households (%) whose natural village has each service, 2018 "
                      "(RTP Table 3-5), with gaps in percentage points")

    audit = ctx.audit("RTP-11")
    checked = audit[audit["verdict"] != "unverifiable"].sort_values("claim")
    ctx.table("rtp11_text_vs_table", checked[["claim", "id", "published", "recomputed", "verdict", "quantity"]]
              .rename(columns={"quantity": "check"}))

    long = table.assign(item=table["quantity"].str.removesuffix("_share").str.replace("_", " "))
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    sns.pointplot(data=long, y="item", x="value", hue="entity", hue_order=REGIONS,
                  linestyle="none", dodge=0.4, ax=ax)
    ax.set_xlabel("% of households")
    ax.set_ylabel("")
    ax.set_title("Village services, 2018 (RTP Table 3-5)")
    ctx.figure("rtp11_village_services", fig)

    worst = wide["gap_to_china"].idxmin()
    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"The four prefectures match or exceed the national shares on "
        f"{int((wide['gap_to_china'] >= 0).sum())} of {len(wide)} items; the largest shortfall is "
        f"{worst.replace('_', ' ')} ({wide.loc[worst, 'gap_to_china']:.1f} points). "
        f"Of {len(checked)} text-vs-table checks, {len(bad)} are inconsistent"
        + (": " + "; ".join(bad["quantity"]) if len(bad) else "")
        + ". The text cites the table as 3-4; it is printed as 3-5."
    )
