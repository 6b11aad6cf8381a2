"""Cross-report audit: quantities printed in both reports, or twice in one."""

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

FINDINGS = ["X-01", "X-02", "X-03", "X-04", "X-05", "X-06", "X-07", "X-08"]
TITLE = "The same quantities across the two reports"


def run(ctx):
    audit = pd.concat([ctx.audit(f) for f in FINDINGS], ignore_index=True)
    checked = audit[audit["verdict"] != "unverifiable"].copy()
    rows = []
    for r in checked.sort_values(["finding", "claim"]).itertuples():
        inputs = str(r.inputs).split()
        target_side = "RTP" if str(r.id).startswith("RTP") else "LUO"
        rows.append({"finding": r.finding, "claim": r.claim, "quantity": r.quantity,
                     "target": f"{target_side} {r.published} {r.unit} (line {r.line})",
                     "compared with": " + ".join(inputs), "recomputed": r.recomputed,
                     "difference": r.difference, "verdict": r.verdict})
    table = pd.DataFrame(rows)
    ctx.table("x_cross_report", table, latex=True, floatfmt=".4g",
              caption="Quantities printed in both reports or twice in one: the printed target, what it is compared with, and the verdict")

    counts = checked.groupby(["finding", "verdict"]).size().unstack(fill_value=0)
    ctx.table("x_cross_verdicts", counts, index=True)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    counts.plot.barh(stacked=True, ax=ax, color=sns.color_palette("colorblind", counts.shape[1]))
    ax.set_xlabel("claims")
    ax.invert_yaxis()
    ax.legend(frameon=False, fontsize=8)
    ctx.figure("x_cross_verdicts", fig, caption="Verdicts of the cross-report comparisons by quantity group")

    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"{len(checked)} comparisons link numbers printed in both reports or twice in LUO; "
        f"{(checked['verdict'] == 'reproduced').sum()} agree, {(checked['verdict'] == 'rounding').sum()} agree within rounding "
        f"and {len(bad)} do not: " + "; ".join(f"{r.id} {r.published} vs {r.recomputed}" for r in bad.sort_values("claim").itertuples()) + "."
    )
