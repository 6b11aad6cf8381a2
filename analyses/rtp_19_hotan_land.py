"""RTP-19: Hotan's registered population and irrigated land, 2018: land per person."""

import pandas as pd

FINDINGS = ["RTP-19"]
TITLE = "Hotan 2018: irrigated land per registered person"

MU_PER_HECTARE = 15.0  # 1 mu = 1/15 hectare (legal definition)


def run(ctx):
    df = ctx.load("rtp_19_hotan_land").set_index("id")
    pop = df.loc["RTP-19.hotan.registered_population"]
    land = df.loc["RTP-19.hotan.irrigated_land"]
    mu_pp = land["value"] / pop["value"]  # 10k mu / 10k persons = mu per person
    # Half a unit of the last printed digit bounds what the printed figures allow.
    lo = (land["value"] - 0.005) / (pop["value"] + 0.005)
    hi = (land["value"] + 0.005) / (pop["value"] - 0.005)
    out = pd.DataFrame([
        {"quantity": "registered population (printed)", "value": pop["value"], "lower": None, "upper": None, "unit": "10k persons", "line": pop["line"]},
        {"quantity": "irrigated cultivated land (printed)", "value": land["value"], "lower": None, "upper": None, "unit": "10k mu", "line": land["line"]},
        {"quantity": "irrigated land per person", "value": mu_pp, "lower": lo, "upper": hi, "unit": "mu/person", "line": None},
        {"quantity": "irrigated land per person", "value": mu_pp / MU_PER_HECTARE, "lower": lo / MU_PER_HECTARE, "upper": hi / MU_PER_HECTARE, "unit": "ha/person", "line": None},
        {"quantity": "persons per hectare of irrigated land", "value": MU_PER_HECTARE / mu_pp, "lower": MU_PER_HECTARE / hi, "upper": MU_PER_HECTARE / lo, "unit": "persons/ha", "line": None},
    ])
    out[["value", "lower", "upper"]] = out[["value", "lower", "upper"]].astype(float).round(4)
    out["line"] = out["line"].astype("Int64")
    ctx.table("rtp19_hotan_land", out, latex=True, caption="Hotan prefecture 2018: irrigated land per registered person (recomputed; lower/upper from the printed rounding)", floatfmt=".4f")
    ctx.text(
        f"Hotan had {pop['printed']}万 registered people and {land['printed']}万 mu of irrigated cultivated land at "
        f"end-2018: {mu_pp:.2f} mu ({mu_pp / MU_PER_HECTARE:.3f} ha) per person, about "
        f"{MU_PER_HECTARE / mu_pp:.1f} people per irrigated hectare. The report's comparison with the 1980s "
        "prints no number, so it cannot be checked."
    )
