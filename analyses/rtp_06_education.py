"""RTP-06: education of the poor population (Table 2-5)."""

import matplotlib.pyplot as plt
import pandas as pd

FINDINGS = ["RTP-06"]
TITLE = "Education of the poor population (Table 2-5)"

_LEVELS = ["share_illiterate_or_semi", "share_primary", "share_junior_secondary",
           "share_senior_secondary", "share_college_or_above"]


def run(ctx):
    df = ctx.load("rtp_06_education")
    v = df.set_index("quantity")["value"]
    table = pd.DataFrame({"level": [q.replace("share_", "").replace("_", " ") for q in _LEVELS],
                          "printed_pct": [v[q] for q in _LEVELS]})
    table["cumulative_pct"] = table["printed_pct"].cumsum().round(2)
    total = float(table["printed_pct"].sum())
    ctx.table("rtp06_education", table, latex=True, floatfmt="g", caption="Highest education level of the poor (Table 2-5)")

    fig, ax = plt.subplots(figsize=(6, 2.8))
    ax.barh(table["level"], table["printed_pct"], color="#55A868")
    ax.invert_yaxis()
    ax.set_xlabel("% of the poor population (as printed)")
    ax.set_title(f"Table 2-5: the five levels print to {total:.2f}%")
    ctx.figure("rtp06_education", fig)

    audit = ctx.audit("RTP-06")
    verdict = audit.loc[audit["claim"] != "", "verdict"].iloc[0]
    ctx.text(
        f"The five education levels of Table 2-5 sum to {total:.2f}%, not 100% (audit: {verdict}): "
        f"{100 - total:.2f} points of the poor population are unaccounted for. "
        f"{v['share_primary'] + v['share_illiterate_or_semi']:.2f}% have at most primary schooling."
    )
