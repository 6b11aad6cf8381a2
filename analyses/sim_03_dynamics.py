"""SIM-03: poverty transitions, exits and re-entry after exit on the SIMULATED panel."""

import matplotlib.pyplot as plt

import povecon as pe
from povecon.reproduce.figures import NEUTRAL, simulated_note

FINDINGS = ["SIM-03"]
TITLE = "Simulated panel: transitions, exits and re-entry into poverty"

SEED = 2026
N_HOUSEHOLDS = 3000
LINE = 2300.0


def simulated_panel():
    sim = pe.datasets.simulate_households(N_HOUSEHOLDS, seed=SEED)
    return pe.PovertyPanel(sim.data, id="household", time="year", income="income", line=LINE, weights="weight")


def run(ctx):
    panel = simulated_panel()
    label = f"SIMULATED data ({N_HOUSEHOLDS} households, seed {SEED}), 2014-2022, line {LINE:.0f} yuan"

    head = panel.headcount().table()
    ctx.table("sim03_headcount_simulated", head, caption=f"{label}: weighted poverty headcount by year.")

    tm = panel.transition_table().rename_axis(index="origin", columns=None).reset_index()
    ctx.table("sim03_transitions_simulated", tm, latex=True,
              caption=f"{label}: one-year transition probabilities (rows: status in t-1; columns: status in t).")

    rates = panel.rates().table()
    ctx.table("sim03_rates_simulated", rates,
              caption=f"{label}: entry, exit, persistence, re-entry (after an observed exit) and first-entry "
                      "rates with household-clustered standard errors.")

    # the published table carries no standard errors for the life table; panel.reentry() holds them
    life = panel.reentry().table().drop(columns="survival_se", errors="ignore")
    ctx.table("sim03_reentry_by_years_since_exit_simulated", life,
              caption=f"{label}: life table of re-entry by years since exit (discrete hazard, Kaplan-Meier "
                      "survival out of poverty, cumulative re-entry).")

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.step([0] + life["years_since_exit"].tolist(), [1.0] + life["survival"].tolist(), where="post", color=NEUTRAL)
    ax.set_ylim(min(0.7, float(life["survival"].min()) - 0.05), 1.0)
    ax.set_xlabel("脱贫后年数 years since exit from poverty")
    ax.set_ylabel("仍未返贫的比例 share still out of poverty")
    ax.set_title("模拟数据 SIMULATED panel：脱贫后未返贫的比例（Kaplan-Meier）\nsurvival out of poverty after exit",
                 fontsize=10)
    ctx.figure("sim03_survival_after_exit_simulated", fig,
               caption=f"{label}: Kaplan-Meier survival out of poverty after an exit.",
               redraws=simulated_note("sim03_reentry_by_years_since_exit_simulated"))

    r = rates.set_index("rate")["value"]
    first = life.iloc[0]
    last = life.iloc[-1]
    ctx.text(
        f"**Simulated data.** On the SIMULATED panel, {100 * r['exit']:.1f}% of poor households leave poverty "
        f"each year and {100 * r['entry']:.1f}% of non-poor households fall in. Households that have already "
        f"exited re-enter at {100 * r['reentry']:.1f}% a year against {100 * r['first_entry']:.1f}% for "
        f"first entries. The re-entry hazard is highest in the first year after exit ({100 * first['hazard']:.1f}%); "
        f"after {int(last['years_since_exit'])} years {100 * last['cum_reentry']:.1f}% of exits have returned. "
        "These rates come from the simulator's planted shocks and persistent household effects."
    )
