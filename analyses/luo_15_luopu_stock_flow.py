"""LUO-15: Luopu's registered poor and exits as a stock-flow account."""

import pandas as pd

FINDINGS = ["LUO-15"]
TITLE = "Luopu and Hotan: registered poor, exits and the remaining stock"


def run(ctx):
    df = ctx.load("luo_15_luopu_registration").set_index("id")
    v = lambda k: df.loc["LUO-15." + k, "value"]
    acct = []
    for unit, reg, ex in [("villages", "registered_villages", "exited_villages"),
                          ("households", "registered_households", "exited_households"),
                          ("persons", "registered_persons", "exited_persons")]:
        acct.append({"unit": unit, "registered (cumulative)": v(reg), "exited 2014-2018": v(ex),
                     "remaining end-2018": v(reg) - v(ex), "exit share (%)": round(100 * v(ex) / v(reg), 2)})
    acct = pd.DataFrame(acct)
    ctx.table("luo15_luopu_account", acct, latex=True, floatfmt=".6g",
              caption="Luopu: registered poor, exits 2014-2018 and the remaining stock (recomputed)")
    size = pd.DataFrame({"group": ["registered", "exited 2014-2018", "remaining end-2018"],
                         "persons per household": [round(acct.loc[2, c] / acct.loc[1, c], 2)
                                                   for c in ["registered (cumulative)", "exited 2014-2018", "remaining end-2018"]]})
    ctx.table("luo15_household_size", size, floatfmt=".2f")

    stock, exits, plan = v("hotan.remaining_persons_2018"), v("hotan.exits_2019"), v("hotan.plan_2020")
    hotan = pd.DataFrame([
        {"step": "remaining poor, end-2018", "10k persons": stock},
        {"step": "exits 2019", "10k persons": exits},
        {"step": "implied remaining, end-2019", "10k persons": round(stock - exits, 2)},
        {"step": "planned exits 2020", "10k persons": plan},
        {"step": "gap (implied stock - plan)", "10k persons": round(stock - exits - plan, 2)},
    ])
    ctx.table("luo15_hotan_flow", hotan, floatfmt=".2f", caption="Hotan: end-2018 stock, 2019 exits and the 2020 plan")
    ctx.text(
        f"Of Luopu's {v('registered_persons'):.0f} registered poor, {v('exited_persons'):.0f} "
        f"({acct.loc[2, 'exit share (%)']:.1f}%) had exited by 2018, leaving {acct.loc[2, 'remaining end-2018']:.0f} persons in "
        f"{acct.loc[1, 'remaining end-2018']:.0f} households; the remaining households are larger "
        f"({size.loc[2, 'persons per household']:.2f} persons) than those that exited ({size.loc[1, 'persons per household']:.2f}). "
        f"For Hotan, the end-2018 stock less the 2019 exits leaves {stock - exits:.2f}万, not the {plan:.2f}万 planned for 2020 "
        f"although the text says all would exit by the end of 2020."
    )
