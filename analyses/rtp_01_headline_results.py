"""RTP-01: the headline results of poverty exit and where the report prints them."""

import numpy as np
import pandas as pd

FINDINGS = ["RTP-01"]
TITLE = "Headline results of poverty exit in the four prefectures, 2014-2020"


def _verdicts(audit: pd.DataFrame) -> str:
    counts = audit["verdict"].value_counts()
    return ", ".join(f"{int(counts[v])} {v}" for v in ("reproduced", "rounding", "inconsistent", "unverifiable") if v in counts)


def run(ctx):
    df = ctx.load("rtp_01_headline_results")
    # One row per quantity, one column per place it is printed: repeats should agree.
    df["where"] = "line " + df["line"].astype(str)
    df["row"] = df["entity"] + ": " + df["quantity"].str.replace("_", " ") + " " + df["year"]
    places = df.pivot_table(index="row", columns="where", values="printed", aggfunc="first", sort=True)
    places = places[sorted(places.columns, key=lambda c: int(c.split()[1]))].fillna("")
    ctx.table("rtp01_headline_by_place", places.reset_index(), floatfmt="g", caption="Headline numbers by the line printing them")

    v = df.set_index("id")["value"]
    p = "RTP-01.l19.four_prefectures."
    implied = pd.DataFrame([
        ("Poor population fall 2014-2019 (10k persons)", v[p + "poor_population_start"] - v[p + "poor_population_end"],
         "267.7 - 16.6; the text prints about 251"),
        ("Persons per exited household, 2014-2019", v[p + "persons_exited"] / v[p + "households_exited"], "251 / 61.4"),
        ("Persons per exited household, 2020", v[p + "persons_exited_2020"] / v[p + "households_exited_2020"], "16.58 / 4.21"),
        ("Rural population implied by 16.6 at 2.2% (10k)", 100 * v[p + "poor_population_end"] / v[p + "poverty_incidence_end"],
         "16.6 / 2.2%"),
        ("Rural population implied by 267.7 at 29.1% (10k)",
         100 * v[p + "poor_population_start"] / v["RTP-01.l63.xinjiang.poverty_incidence_start"],
         "267.7 / 29.1% (29.1% printed for 'Xinjiang' on line 63)"),
        ("Exits 2014-2019 plus 2020 (10k persons)", v[p + "persons_exited"] + v[p + "persons_exited_2020"],
         "251 + 16.58; line 63 prints 255.37 by October 2020"),
    ], columns=["quantity", "value", "computed from"])
    implied["value"] = np.round(implied["value"].to_numpy(float), 2)
    ctx.table("rtp01_implied", implied, latex=True, floatfmt="g", caption="Quantities implied by the headline numbers")

    audit = ctx.audit("RTP-01")
    bad = audit[audit["verdict"] == "inconsistent"]
    size = implied.set_index("quantity")["value"]
    cum = v[p + "persons_exited"] + v[p + "persons_exited_2020"]
    ctx.text(
        "The report repeats its headline results in the introduction (line 19), the results chapter "
        "(lines 63, 239), a conference quote (line 622) and the conclusion (lines 704-718). "
        f"Audit of RTP-01: {_verdicts(audit)}. The repeats agree with each other and with the county "
        "exit years of Table 3-1; what does not add up is the cumulative total of persons: "
        f"{len(bad)} claim(s) compare the {v['RTP-01.l63.xinjiang.persons_exited']:g} (10k) exited 'by October "
        f"2020' with {v[p + 'persons_exited']:g} exited in 2014-2019 plus {v[p + 'persons_exited_2020']:g} in 2020, "
        f"which already give {cum:.2f}. The implied persons per exited household "
        f"({size['Persons per exited household, 2014-2019']:.2f} in 2014-2019, "
        f"{size['Persons per exited household, 2020']:.2f} in 2020) and the rural population implied by the two "
        "incidence rates are derived here, not printed in the report."
    )
