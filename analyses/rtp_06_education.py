"""RTP-06: education of the poor population (Table 2-5)."""

import matplotlib.pyplot as plt
import pandas as pd

from povecon.reproduce.figures import NEUTRAL

FINDINGS = ["RTP-06"]
TITLE = "Education of the poor population (Table 2-5)"

_LEVELS = ["share_illiterate_or_semi", "share_primary", "share_junior_secondary",
           "share_senior_secondary", "share_college_or_above"]
# the column headings of Table 2-5
LEVELS_ZH = {"share_illiterate_or_semi": "文盲、半文盲", "share_primary": "小学文化程度",
             "share_junior_secondary": "初中文化程度", "share_senior_secondary": "高中文化程度",
             "share_college_or_above": "大专及以上学历文化程度"}


def run(ctx):
    df = ctx.load("rtp_06_education")
    v = df.set_index("quantity")["value"]
    table = pd.DataFrame({"level": [q.replace("share_", "").replace("_", " ") for q in _LEVELS],
                          "printed_pct": [v[q] for q in _LEVELS]})
    table["cumulative_pct"] = table["printed_pct"].cumsum().round(2)
    total = float(table["printed_pct"].sum())
    ctx.table("rtp06_education", table, latex=True, floatfmt="g", caption="Highest education level of the poor (Table 2-5)")

    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    ax.barh([f"{LEVELS_ZH[q]}  {lvl}" for q, lvl in zip(_LEVELS, table["level"])], table["printed_pct"], color=NEUTRAL)
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel("占贫困人口比例（%，原表数值） % of the poor population (as printed)")
    ax.set_title(f"表2-5 贫困人口受教育程度：五项合计 {total:.2f}%\nTable 2-5: the five levels print to {total:.2f}%",
                 fontsize=10)
    ctx.figure("rtp06_education", fig,
               redraws=ctx.redraws("表2-5 贫困人口受教育程度 Table 2-5; output table rtp06_education", df))

    audit = ctx.audit("RTP-06")
    verdict = audit.loc[audit["claim"] != "", "verdict"].iloc[0]
    ctx.text(
        f"The five education levels of Table 2-5 sum to {total:.2f}%, not 100% (audit: {verdict}): "
        f"{100 - total:.2f} points of the poor population are unaccounted for. "
        f"{v['share_primary'] + v['share_illiterate_or_semi']:.2f}% have at most primary schooling."
    )
