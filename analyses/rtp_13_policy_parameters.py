"""RTP-13: serious-illness insurance and rural dibao parameters (povecon.china constants)."""

import pandas as pd

import povecon as pe

FINDINGS = ["RTP-13"]
TITLE = "Serious-illness insurance and rural dibao parameters, 2019"

# data id (without the finding prefix) -> policy constant; shares are stored as fractions.
PAIRS = {
    "illness_insurance.threshold_share": "serious_illness_threshold_share",
    "illness_insurance.reimbursement_before": "serious_illness_reimbursement_before",
    "illness_insurance.reimbursement_after": "serious_illness_reimbursement",
    "illness_insurance.threshold_cut_poor": "serious_illness_threshold_cut_poor",
    "dibao.standard": "rural_dibao_standard",
    "dibao.allowance_before": "rural_dibao_allowance_before",
    "dibao.allowance_after": "rural_dibao_allowance",
    "dibao.four_categories_extra": "rural_dibao_extra_four_categories",
}


def run(ctx):
    df = ctx.load("rtp_13_policy_parameters").set_index("id")
    rows = []
    for rid, name in sorted(PAIRS.items()):
        c = pe.china.policy_constant(name)
        printed = df.loc["RTP-13." + rid]
        scale = 100 if c.unit == "fraction" else 1
        rows.append({"constant": name, "printed": printed["printed"], "unit": printed["unit"],
                     "qualifier": printed["qualifier"], "line": c.source_line,
                     "constant_value": c.value, "agrees": bool(c.value * scale == printed["value"])})
    ctx.table("rtp13_policy_constants", pd.DataFrame(rows), latex=True,
              caption="Policy parameters printed in RTP and the povecon.china constants built from them")

    k = {name: pe.china.policy_constant(name).value for name in PAIRS.values()}
    derived = pd.DataFrame([
        {"figure": "dibao allowance increase, 2019-07", "value": round(100 * (k["rural_dibao_allowance"] / k["rural_dibao_allowance_before"] - 1), 1), "unit": "%"},
        {"figure": "dibao allowance per year after the increase", "value": 12 * k["rural_dibao_allowance"], "unit": "yuan/year"},
        {"figure": "allowance incl. four-categories top-up", "value": k["rural_dibao_allowance"] + k["rural_dibao_extra_four_categories"], "unit": "yuan/month"},
        {"figure": "dibao standard per month", "value": round(k["rural_dibao_standard"] / 12, 1), "unit": "yuan/month"},
        {"figure": "deductible, share of income, poor households", "value": 100 * k["serious_illness_threshold_share"] * (1 - k["serious_illness_threshold_cut_poor"]), "unit": "%"},
        {"figure": "reimbursement rate change", "value": 100 * (k["serious_illness_reimbursement"] - k["serious_illness_reimbursement_before"]), "unit": "points"},
    ])
    ctx.table("rtp13_derived", derived)
    ctx.text(
        "The constants in `povecon.china` are the numbers RTP prints (lines 422 and 440), with their lines. "
        f"From July 2019 the rural dibao standard is at least {k['rural_dibao_standard']:.0f} yuan a year "
        f"({k['rural_dibao_standard'] / 12:.0f} a month) while the monthly allowance rose from "
        f"{k['rural_dibao_allowance_before']:.0f} to {k['rural_dibao_allowance']:.0f} yuan; for the poor the "
        "serious-illness deductible falls to "
        f"{100 * k['serious_illness_threshold_share'] * (1 - k['serious_illness_threshold_cut_poor']):.0f}% of "
        "per-capita disposable income. The report states no relation between these numbers to audit."
    )
