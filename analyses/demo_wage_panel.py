"""DEMO-WAGE: poverty-dynamics tools on a real panel (Vella-Verbeek US wages).

The data are the Vella and Verbeek (1998) panel of 545 young US men, 1980-87, as
shipped with linearmodels (``linearmodels.datasets.wage_panel``). It is a US wage
panel used only to demonstrate the tools: "low pay" stands in for poverty.
"""

import matplotlib.pyplot as plt
import numpy as np

import povecon as pe
from povecon.reproduce.figures import NEUTRAL

FINDINGS = ["DEMO-WAGE"]
TITLE = "Demonstration on a real panel: low pay among 545 US men, 1980-87 (Vella-Verbeek)"

LOW_PAY_SHARE = 2 / 3  # low pay: hourly wage below two-thirds of the year's median


def low_pay_panel():
    from linearmodels.datasets import wage_panel

    df = wage_panel.load()
    median = df.groupby("year")["lwage"].transform("median")
    df["low_pay"] = (df["lwage"] < median + np.log(LOW_PAY_SHARE)).astype(int)
    return pe.PovertyPanel(df, id="nr", time="year", status="low_pay")


def run(ctx):
    panel = low_pay_panel()
    ctx.text(
        "This is a **US wage panel** (Vella and Verbeek 1998; 545 men observed every year 1980-87, "
        "shipped with linearmodels), used only to demonstrate povecon's poverty-dynamics tools on real "
        "data. 'Low pay' (hourly wage below two-thirds of the year's median) plays the role of poverty; "
        "nothing here is a finding about poverty in China."
    )
    ctx.table("demo_wage_low_pay_rate", panel.headcount().table().rename(columns={"headcount": "low_pay_share"}),
              caption="Share of men in low pay by year (unweighted).")
    tm = panel.transition_matrix().table()
    ctx.table("demo_wage_transitions", tm, caption="One-year transitions between low pay and not "
              "(probabilities, SEs clustered by person).")
    ctx.table("demo_wage_rates", panel.rates().table(), caption="Entry, exit, persistence and re-entry rates; "
              "re-entry: into low pay after an observed exit.")
    lt = panel.reentry().table()
    ctx.table("demo_wage_reentry", lt, caption="Re-entry into low pay by years since exit "
              "(life table and Kaplan-Meier via statsmodels SurvfuncRight).")
    ctx.table("demo_wage_profile", panel.poverty_profile(),
              caption="Spells approach: never, sometimes (transient) and always (chronic) low-paid.")

    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.step(np.r_[0, lt["years_since_exit"]], np.r_[0, lt["cum_reentry"]], where="post", color=NEUTRAL)
    ax.set_xlabel("退出低薪后年数\nyears since exit from low pay")
    ax.set_ylabel("重回低薪的累计比例\ncumulative share back in low pay")
    ax.set_title("重回低薪 Re-entry into low pay\n(Vella-Verbeek US wage panel)")
    ctx.figure("demo_wage_reentry", fig, caption="Kaplan-Meier cumulative re-entry into low pay.",
               redraws="不重绘两份报告中的表 Redraws no table of either report: 美国工资面板演示 a demonstration "
                       "on a US wage panel\n(Vella-Verbeek 1998); output table demo_wage_reentry")

    rhs = "married + union"
    models = [
        pe.lpm_fe(f"poor ~ {rhs} + hours", panel),
        pe.cre_probit(f"poor ~ {rhs} + black + hisp", panel),
        pe.dynamic_probit(f"poor ~ {rhs}", panel),
        pe.fe_logit(f"poor ~ {rhs} + hours", panel),
        pe.reentry_hazard(f"~ {rhs}", panel),
    ]
    ctx.table("demo_wage_models", pe.model_table(*models), index=True,
              caption="Average marginal effects (SEs) on the probability of low pay; the hazard column is "
              "the effect on the annual probability of re-entry after an exit. Conditional logit has no AMEs.",
              display=pe.table(*models, select={"measure": "ame"},
                               notes="US wage panel (Vella-Verbeek), a demonstration; low pay stands in for poverty."))
    ctx.table("demo_wage_model_coefs", pe.model_table(*models, effects="coef"), index=True,
              caption="Coefficients (SEs) of the same models.",
              display=pe.table(*models, select={"measure": "coef"},
                               notes="US wage panel (Vella-Verbeek), a demonstration; low pay stands in for poverty."))
    dyn = models[2]
    h = pe.hausman("lwage ~ expersq + married + union", panel)
    ctx.text(
        f"State dependence: the dynamic random-effects probit (Wooldridge initial conditions) gives an "
        f"average partial effect of last year's low pay of {dyn.ame.loc['y_lag', 'ame']:.3f} "
        f"(SE {dyn.ame.loc['y_lag', 'se']:.3f}); the household effect accounts for a share "
        f"{dyn.details['rho']:.2f} of the latent variance. Hausman test of fixed vs random effects for "
        f"log wages on experience squared, marriage and union status: chi2({h.chi2_df}) = "
        f"{h.statistic:.2f}, p = {h.pvalue:.2g}."
    )
