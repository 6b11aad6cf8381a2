"""RTP-03: income of poor households (Table 2-2) and the headcount at the 2300-yuan line.

The table gives only three income brackets (<2000, 2000-2800, >2800 yuan). The share
below 2300 yuan is estimated here by linear interpolation of the cumulative share
within the 2000-2800 bracket, i.e. assuming incomes are spread uniformly inside that
bracket. This is an interpolation, not a survey estimate.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats

import povecon as pe
from povecon.reproduce.figures import NEUTRAL

FINDINGS = ["RTP-03"]
TITLE = "Income of poor households and the headcount at the 2300-yuan line (Table 2-2)"

LINE = 2300.0          # 2010 national rural poverty line, yuan per person per year
EDGES = np.array([2000.0, 2800.0])   # the inner bracket bounds printed in the header


def interpolated_headcount(below_low: float, inner: float, line: float = LINE) -> float:
    """Cumulative % below ``line`` by linear interpolation inside the 2000-2800 bracket."""
    cdf = np.array([below_low, below_low + inner])
    return float(np.interp(line, EDGES, cdf))


def lognormal_headcount(below_low: float, below_high: float, line: float = LINE) -> tuple[float, float, float]:
    """Two cumulative shares identify a lognormal exactly: (mu, sigma, % below ``line``)."""
    a, b = stats.norm.ppf([below_low / 100.0, below_high / 100.0])
    sigma = (np.log(EDGES[1]) - np.log(EDGES[0])) / (b - a)
    mu = np.log(EDGES[0]) - a * sigma
    return float(mu), float(sigma), 100.0 * float(stats.norm.cdf((np.log(line) - mu) / sigma))


def lorenz_attempt(shares) -> str:
    """What povecon's Lorenz-curve fit says about three brackets (it needs four and a mean)."""
    try:
        pe.lorenz_fit(shares, bounds=EDGES, mean=1.0)
    except pe.InputError as exc:
        return str(exc)
    return "fitted"


def run(ctx):
    df = ctx.load("rtp_03_income_overview")
    v = df.set_index("quantity")["value"]
    low, mid, high = v["share_income_below_2000"], v["share_income_2000_2800"], v["share_income_above_2800"]
    total = low + mid + high
    brackets = pd.DataFrame({
        "bracket_yuan": ["< 2000", "2000-2800", "> 2800", "sum"],
        "printed_pct": [low, mid, high, round(total, 2)],
        "rescaled_to_100_pct": np.round(np.array([low, mid, high, total]) * 100.0 / total, 2),
    })
    ctx.table("rtp03_income_brackets", brackets, latex=True,
              floatfmt="g", caption="Poor households by income bracket (Table 2-2); the printed shares sum to 100.10%")

    h_printed = interpolated_headcount(low, mid)
    h_rescaled = interpolated_headcount(100.0 * low / total, 100.0 * mid / total)
    est = pd.DataFrame([
        ("linear interpolation, printed shares", round(h_printed, 2)),
        ("linear interpolation, shares rescaled to 100%", round(h_rescaled, 2)),
        ("lognormal through the two printed cumulative shares, rescaled",
         round(lognormal_headcount(100.0 * low / total, 100.0 * (low + mid) / total)[2], 2)),
        ("GQ / Beta Lorenz curve (povecon.lorenz_fit)", np.nan),
    ], columns=["method", "headcount_below_2300_pct"])
    why_not = lorenz_attempt([low, mid, high])
    ctx.table("rtp03_headcount_2300", est, latex=True,
              floatfmt="g", caption="Share of poor households below 2300 yuan, estimated from three brackets")

    shares = pd.DataFrame({
        "income_source": ["wage (务工)", "operating (经营性)", "other (not printed)"],
        "printed_pct": [v["wage_income_share"], v["operating_income_share"], np.nan],
        "remainder_pct": [np.nan, np.nan, round(100.0 - v["wage_income_share"] - v["operating_income_share"], 2)],
    })
    ctx.table("rtp03_income_sources", shares, floatfmt="g", caption="Income shares of poor households (Table 2-2)")

    fig, ax = plt.subplots(figsize=(6.4, 4))
    xs = np.array([2000.0, 2800.0])
    ax.plot(xs, [low, low + mid], "o-", color=NEUTRAL, label="原表收入区间边界处的累计比例 cumulative share at the printed bounds")
    ax.plot([LINE], [h_printed], "s", color="black", ms=7,
            label=f"{LINE:.0f}元处线性插值 interpolated at {LINE:.0f} yuan: {h_printed:.1f}%")
    ax.axvline(LINE, color="black", lw=0.8, ls="--")
    ax.axhline(100, color="grey", lw=0.6)
    ax.set_xlim(1500, 3300)
    ax.set_ylim(0, 105)
    ax.set_xlabel("人均收入（元/年） income, yuan per person per year")
    ax.set_ylabel("收入低于该值的贫困户比例（%）\n% of poor households below")
    ax.set_title("表2-2 贫困家庭收入概况：2300元处的贫困户比例（插值）\nTable 2-2: share below 2300 yuan by interpolation",
                 fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    drawn = df[df["quantity"].isin(["share_income_below_2000", "share_income_2000_2800"])]
    ctx.figure("rtp03_headcount_interpolation", fig,
               redraws=ctx.redraws("表2-2 贫困家庭收入概况 Table 2-2 (收入低于2000元、介于2000-2800元贫困户比例); "
                                   "output table rtp03_headcount_2300", drawn))

    audit = ctx.audit("RTP-03")
    verdict = audit.loc[audit["claim"] != "", "verdict"].iloc[0]
    ctx.text(
        f"The three income brackets of Table 2-2 print to {total:.2f}% (audit: {verdict}; the top "
        "bracket's header is printed as 'above 2000-2800 yuan'). Interpolating linearly inside the "
        f"2000-2800 bracket puts {h_printed:.1f}% of poor households below the 2300-yuan line "
        f"({h_rescaled:.1f}% after rescaling the brackets to 100%). This is an interpolation that "
        "assumes incomes spread evenly within the bracket, not an estimate from household data. "
        f"Wage and operating income make up {v['wage_income_share'] + v['operating_income_share']:.2f}% "
        "of income; the other sources are not printed."
    )
    ctx.text(
        "A parametric curve needs more than the table gives. A lognormal is exactly identified by the two "
        "printed cumulative shares and puts the headcount at "
        f"{lognormal_headcount(100.0 * low / total, 100.0 * (low + mid) / total)[2]:.1f}%. The General Quadratic "
        "and Beta Lorenz curves (Villasenor-Arnold; Kakwani; Datt 1998) cannot be fitted: `povecon.lorenz_fit` "
        f"answers \"{why_not}\" — and Table 2-2 prints no mean income for these households either, so that row "
        "is left empty rather than filled with a guess."
    )
