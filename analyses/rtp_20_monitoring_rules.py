"""RTP-20: monitoring and dynamic-adjustment rules as data (povecon.china)."""

import pandas as pd

import povecon as pe

FINDINGS = ["RTP-20"]
TITLE = "Monitoring rules for exited households"


def run(ctx):
    classes = pe.china.exited_household_classes().rename(columns={"source_line": "line"})
    classes = classes[["rank", "code", "label_zh", "label_en", "income", "at_risk", "receives_policy", "line"]]
    ctx.table("rtp20_exited_household_classes", classes, latex=True,
              caption="Classes of exited households (RTP line 696) as povecon.china encodes them")

    rules = pd.DataFrame([
        {"rule": key, "constant": c.name, "value": c.value, "unit": c.unit, "line": c.source_line, "description": c.description_en}
        for key, c in sorted(pe.china.MONITORING_RULES.items())
    ])
    ctx.table("rtp20_monitoring_rules", rules)

    df = ctx.load("rtp_20_monitoring_rules")
    listing = df[["line", "entity", "quantity", "printed", "unit", "qualifier", "year"]].sort_values(["line", "quantity"])
    ctx.table("rtp20_numbers", listing)

    audit = ctx.audit("RTP-20")
    checked = audit[audit["verdict"] != "unverifiable"]
    share = pe.china.policy_constant("transferred_labour_in_county_share")
    ctx.text(
        f"RTP defines {len(classes)} classes of exited households; only the monitored class "
        f"(脱贫监测户) has a numeric rule: annual per-capita net income below "
        f"{pe.china.policy_constant('monitoring_income_threshold').value:.0f} yuan and at risk. The other two are set "
        "against the provincial mean rural disposable income, with 'near' left unquantified, and the classes do not "
        "cover every household (e.g. below the threshold but not at risk). "
        f"About {100 * share.value:.0f}% of transferred labour worked inside its county (line {share.source_line}). "
        f"{len(checked)} repeated numbers checked: "
        + ", ".join(f"{k} {n}" for k, n in checked['verdict'].value_counts().sort_index().items()) + "."
    )
