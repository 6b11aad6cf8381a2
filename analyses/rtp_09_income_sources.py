"""RTP-09: per-capita disposable income by source, 2018 (Table 3-2)."""

import matplotlib.pyplot as plt
import pandas as pd

FINDINGS = ["RTP-09"]
TITLE = "Per-capita disposable income by source, 2018 (Table 3-2)"

_ORDER = ["China", "Xinjiang", "Four prefectures"]
_SOURCES = ["wage_income", "operating_income", "property_income", "transfer_income"]
# source colours kept clear of the verdict colours; the ink of the numbers on each
_COLORS = ["#44546A", "#8EA3BF", "#B8860B", "#E3C878"]
_INK = ["white", "black", "white", "black"]
# the column headings of Table 3-2
SOURCES_ZH = {"wage_income": "工资性收入", "operating_income": "经营性收入", "property_income": "财产性收入",
              "transfer_income": "转移性收入"}


def run(ctx):
    df = ctx.load("rtp_09_income_sources")
    w = df[df["table"] == "Table 3-2"].pivot(index="entity", columns="quantity", values="value").reindex(_ORDER)
    table = w[["disposable_income"] + _SOURCES].copy()
    table["sum_of_sources"] = w[_SOURCES].sum(axis=1)
    table["printed_minus_sum"] = table["disposable_income"] - table["sum_of_sources"]
    for s in _SOURCES:
        table[s.replace("_income", "_share_pct")] = (100 * w[s] / table["sum_of_sources"]).round(1)
    ctx.table("rtp09_income_sources", table.reset_index(names="entity"), latex=True,
              floatfmt="g", caption="2018 per-capita disposable income (yuan) and source shares of the sum of sources (Table 3-2)")

    shares = 100 * w[_SOURCES].div(w[_SOURCES].sum(axis=1), axis=0)
    names = dict(df[["entity", "entity_zh"]].drop_duplicates().to_numpy())
    rows = [f"{names[e]}\n{e}" for e in shares.index]
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    left = pd.Series(0.0, index=shares.index)
    for s, col, ink in zip(_SOURCES, _COLORS, _INK):
        ax.barh(rows, shares[s], left=left, color=col, label=f"{SOURCES_ZH[s]} {s.replace('_income', '')}")
        for ent, row in zip(shares.index, rows):
            if shares.loc[ent, s] < 3:  # too thin to hold its number; the table has it
                continue
            ax.text(left[ent] + shares.loc[ent, s] / 2, row, f"{shares.loc[ent, s]:.1f}", ha="center", va="center",
                    fontsize=8, color=ink)
        left += shares[s]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("占四项收入之和的比例（%） % of the sum of the four printed sources")
    ax.set_title("表3-2 2018年南疆四地州收入结构 Table 3-2: income structure, 2018", fontsize=10)
    ax.legend(ncol=2, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.22))
    ctx.figure("rtp09_income_structure", fig,
               redraws=ctx.redraws("表3-2 2018年南疆四地州收入结构表 Table 3-2; output table rtp09_income_sources",
                                   df[(df["table"] == "Table 3-2") & df["quantity"].isin(_SOURCES)]))

    t = shares["transfer_income"]
    ctx.text(
        f"China's printed total ({w.loc['China', 'disposable_income']:.0f} yuan) exceeds the sum of its printed "
        f"sources ({table.loc['China', 'sum_of_sources']:.0f}) by {table.loc['China', 'printed_minus_sum']:.0f} yuan; "
        f"Xinjiang and the four prefectures differ by {table.loc['Xinjiang', 'printed_minus_sum']:.0f} and "
        f"{table.loc['Four prefectures', 'printed_minus_sum']:.0f} yuan, within rounding. The report calls the four prefectures' transfer share "
        f"high: transfers are {t['Four prefectures']:.1f}% of their income against {t['Xinjiang']:.1f}% for "
        f"Xinjiang, but {t['China']:.1f}% for China (computed on the sum of the printed sources; the China share "
        "depends on which of its numbers is misprinted)."
    )
