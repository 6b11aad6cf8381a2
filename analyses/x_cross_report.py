"""Cross-report audit: quantities printed in both reports, or twice in one."""

import matplotlib.pyplot as plt
import pandas as pd

from povecon.reproduce.figures import verdict_label
from povecon.reproduce.palette import VERDICT_COLOURS

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
    order = [v for v in VERDICT_COLOURS if v in counts.columns]
    counts = counts[order]
    fig, ax = plt.subplots(figsize=(6.5, 4))
    counts.rename(columns=verdict_label).plot.barh(stacked=True, ax=ax, color=[VERDICT_COLOURS[v] for v in order])
    ax.set_xlabel("核对数 claims")
    ax.set_ylabel("")
    ax.set_title("两份报告中同一数量的核对结论 Verdicts of the cross-report comparisons", fontsize=10)
    ax.invert_yaxis()
    ax.legend(title="结论 verdict", frameon=False, fontsize=8, title_fontsize=8, loc="upper left",
              bbox_to_anchor=(1.01, 1.0))
    ctx.figure("x_cross_verdicts", fig, caption="Verdicts of the cross-report comparisons by quantity group",
               redraws=ctx.redraws("两份报告中重复出现的数量 quantities printed in both reports or twice in one "
                                   "(findings X-01 to X-08); output table x_cross_verdicts", checked))

    bad = checked[checked["verdict"] == "inconsistent"]
    ctx.text(
        f"{len(checked)} comparisons link numbers printed in both reports or twice in LUO; "
        f"{(checked['verdict'] == 'reproduced').sum()} agree, {(checked['verdict'] == 'rounding').sum()} agree within rounding "
        f"and {len(bad)} do not: " + "; ".join(ctx.describe(r) for r in bad.sort_values("claim").itertuples()) + "."
    )
