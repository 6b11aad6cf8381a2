"""RTP-14 ... RTP-17: prevalences from the research team's field surveys, with 95% intervals.

Wilson and exact (Clopper-Pearson) intervals from statsmodels. Where the report prints
counts, n is their total or the printed sample size; for Yecheng (Table 4-3) it prints
only percentages, so n is the smallest sample size consistent with all of them (the
audit's min_n) and counts are implied by it.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from povecon.reproduce.figures import NEUTRAL

FINDINGS = ["RTP-14", "RTP-15", "RTP-16", "RTP-17"]
TITLE = "Field-survey prevalences with 95% intervals"

SURVEY_ZH = {"Yingjisha 2019": "英吉沙县 表4-1", "Maigaiti 2019": "麦盖提县 表4-2", "Yecheng 2019": "叶城县 表4-3",
             "Hotan Dec 2019": "和田", "Hotan city Dec 2019": "和田市"}
# the text's wording of the Hotan survey items (lines 584 and 602)
TEXT_ITEMS_ZH = {"per-capita income 3700-5000 yuan": "人均收入在3700-5000之间",
                 "income 3700-5000 and subsidies over 6000 yuan": "其中得到超过6000元补贴",
                 "subsidies over 6000 yuan, among the 3700-5000 group": "3700-5000户中超过6000元补贴",
                 "works in a cooperative": "加入合作社就业务工",
                 "holds cooperative shares": "入股合作社",
                 "shareholder without dividend": "未享受分红"}


def _item_names(ctx):
    """Chinese names of the plotted items: the tables' row labels, the text's words for the rest."""
    names = dict(TEXT_ITEMS_ZH)
    for n in ("rtp_14_yingjisha_health", "rtp_14_maigaiti_education", "rtp_15_yecheng_support"):
        names.update(ctx.load(n)[["entity", "entity_zh"]].drop_duplicates().to_numpy())
    return names


def _min_n(ctx, finding, first_input):
    audit = ctx.audit(finding)
    row = audit[(audit["relation"] == "min_n") & audit["inputs"].str.startswith(first_input)]
    return int(row["recomputed"].iloc[0])


def _rows_from_table(df, survey, finding):
    """Count/percent pairs of one printed table; n = column total."""
    counts = df[df["quantity"] == "households"].set_index("entity")
    pcts = df[df["quantity"] == "pct_of_sample"].set_index("entity")["value"]
    n = int(counts["value"].sum())
    return [{"finding": finding, "survey": survey, "item": ent, "count": int(r["value"]), "n": n,
             "n_source": "sum of printed counts", "printed_pct": pcts[ent], "line": int(r["line"])}
            for ent, r in counts.iterrows()]


def run(ctx):
    rows = []
    rows += _rows_from_table(ctx.load("rtp_14_yingjisha_health"), "Yingjisha 2019: health (Table 4-1)", "RTP-14")
    rows += _rows_from_table(ctx.load("rtp_14_maigaiti_education"), "Maigaiti 2019: education (Table 4-2)", "RTP-14")

    ye = ctx.load("rtp_15_yecheng_support")
    n_ye = _min_n(ctx, "RTP-15", "RTP-15.yecheng")
    for _, r in ye.iterrows():
        rows.append({"finding": "RTP-15", "survey": "Yecheng 2019: support received (Table 4-3)", "item": r["entity"],
                     "count": int(np.rint(r["value"] * n_ye / 100)), "n": n_ye,
                     "n_source": "implied: smallest n fitting all shares", "printed_pct": r["value"], "line": int(r["line"])})

    ho = ctx.load("rtp_16_hotan_survey").set_index("id")
    g = lambda i: ho.loc["RTP-16.hotan." + i]  # noqa: E731
    n_ho, c17, c8 = int(g("sample_households")["value"]), int(g("income_3700_5000.households")["value"]), int(g("subsidy_over_6000.households")["value"])
    for item, c, n, src in [("per-capita income 3700-5000 yuan", c17, n_ho, "printed sample"),
                            ("income 3700-5000 and subsidies over 6000 yuan", c8, n_ho, "printed sample"),
                            ("subsidies over 6000 yuan, among the 3700-5000 group", c8, c17, "printed subgroup")]:
        rows.append({"finding": "RTP-16", "survey": "Hotan Dec 2019: 115 poor households", "item": item, "count": c, "n": n,
                     "n_source": src, "printed_pct": np.nan, "line": 584})

    hc = ctx.load("rtp_17_hotan_city_cooperatives").set_index("id")
    h = lambda i: hc.loc["RTP-17.hotan_city." + i]  # noqa: E731
    n_hc = int(h("sample_households")["value"])
    for item, cid, pid, n, src in [("works in a cooperative", "coop_workers.households", "coop_workers.pct", n_hc, "printed sample"),
                                   ("holds cooperative shares", "shareholders.households", "shareholders.pct", n_hc, "printed sample"),
                                   ("shareholder without dividend", "no_dividend.households", None, int(h("shareholders_again.households")["value"]), "printed subgroup")]:
        rows.append({"finding": "RTP-17", "survey": "Hotan city Dec 2019: 708 exited households", "item": item,
                     "count": int(h(cid)["value"]), "n": n, "n_source": src,
                     "printed_pct": h(pid)["value"] if pid else np.nan, "line": 602})

    t = pd.DataFrame(rows)
    count, n = t["count"].to_numpy(), t["n"].to_numpy()
    t["pct"] = 100 * count / n
    for method, tag in [("wilson", "wilson"), ("beta", "exact")]:
        lo, hi = proportion_confint(count, n, alpha=0.05, method=method)
        t[f"{tag}_lo"], t[f"{tag}_hi"] = 100 * np.asarray(lo), 100 * np.asarray(hi)
    t["pct_matches_printed"] = np.where(t["printed_pct"].isna(), "",
                                        np.where(np.abs(t["pct"] - t["printed_pct"]) <= 0.05 + 1e-9, "yes", "no"))
    num = ["pct", "wilson_lo", "wilson_hi", "exact_lo", "exact_hi"]
    t[num] = t[num].round(1)
    t = t[["finding", "survey", "item", "count", "n", "n_source", "printed_pct", "pct", "pct_matches_printed",
           "wilson_lo", "wilson_hi", "exact_lo", "exact_hi", "line"]]
    t = t.sort_values(["finding", "survey", "line", "item"], ignore_index=True)
    ctx.table("rtp14_17_prevalences", t, latex=True,
              caption="Prevalences in RTP's field surveys with Wilson and exact 95% intervals (percent)")

    zh = _item_names(ctx)
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(t) + 1.4))
    y = np.arange(len(t))[::-1]
    ax.errorbar(t["pct"], y, xerr=[t["pct"] - t["wilson_lo"], t["wilson_hi"] - t["pct"]],
                fmt="o", color=NEUTRAL, capsize=2, label="Wilson 95% 区间 interval")
    ax.errorbar(t["pct"], y - 0.25, xerr=[t["pct"] - t["exact_lo"], t["exact_hi"] - t["pct"]],
                fmt="none", color="#B8860B", capsize=2, label="精确 exact 95% 区间 interval")
    ax.set_yticks(y, [f"{zh.get(it, '')} {it}\n({SURVEY_ZH[s.split(':')[0]]} {s.split(':')[0]}, n={k}"
                      f"{', implied' if src.startswith('implied') else ''})"
                      for it, s, k, src in zip(t["item"], t["survey"], t["n"], t["n_source"])], fontsize=8)
    ax.set_xlabel("占样本户比例（%） % of households")
    ax.set_xlim(0, 100)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("课题组调研样本：比例及95%区间 RTP field surveys: prevalence with 95% intervals", fontsize=10)
    sources = pd.concat([ctx.load(n) for n in ("rtp_14_yingjisha_health", "rtp_14_maigaiti_education",
                                               "rtp_15_yecheng_support", "rtp_16_hotan_survey",
                                               "rtp_17_hotan_city_cooperatives")], ignore_index=True)
    ctx.figure("rtp14_17_prevalences", fig,
               redraws=ctx.redraws("表4-1 英吉沙县、表4-2 麦盖提县、表4-3 叶城县样本 Tables 4-1 to 4-3, and the "
                                   "text's Hotan surveys; output table rtp14_17_prevalences", sources))

    widest = t.loc[(t["wilson_hi"] - t["wilson_lo"]).idxmax()]
    ctx.text(
        f"Printed percentages against those recomputed from counts (for Yecheng, from the implied counts) "
        f"('pct_matches_printed': "
        f"{int((t['pct_matches_printed'] == 'yes').sum())} yes, {int((t['pct_matches_printed'] == 'no').sum())} no). "
        f"Tables 4-1 and 4-2 both have n = {rows[0]['n']}; Table 4-3 prints no sample size, and the smallest n "
        f"consistent with its seven shares is {n_ye}. The samples are small: the widest Wilson interval "
        f"({widest['item']}, {widest['survey'].split(':')[0]}) spans {widest['wilson_lo']:.1f}-{widest['wilson_hi']:.1f}%. "
        "The surveys are convenience samples of registered households; the intervals describe sampling noise "
        "only under simple random sampling within each survey."
    )
