"""RTP-18: the typology of return-to-poverty risks (povecon.china) and the chapter's numbers."""

import pandas as pd

import povecon as pe

FINDINGS = ["RTP-18"]
TITLE = "Typology of return-to-poverty risks"


def run(ctx):
    typ = pe.china.risk_typology().rename(columns={"source_line": "line"})
    ctx.table("rtp18_risk_typology",
              typ[["code", "type_en", "type_zh", "label_en", "label_zh", "line", "alt_zh"]],
              latex=True, caption="Return-to-poverty risk types and sub-types (RTP chapter 4), with povecon codes")

    df = ctx.load("rtp_18_risk_context").set_index("id")
    v = lambda i: df.loc["RTP-18." + i, "value"]  # noqa: E731
    derived = pd.DataFrame([
        {"figure": "Yingjisha 2019: persons per poor household", "value": round(v("l604.yingjisha_persons") / v("l604.yingjisha_households"), 2), "lines": "604"},
        {"figure": "Yingjisha 2019: poor persons per unexited poor village", "value": round(v("l604.yingjisha_persons") / v("l604.yingjisha_villages"), 0), "lines": "604"},
        {"figure": "2020 exit task: persons per household", "value": round(v("l490.remaining_persons") / v("l490.remaining_households"), 2), "lines": "490"},
        {"figure": "2020 exit task: persons per county (10k)", "value": round(v("l490.remaining_persons") / v("l490.remaining_counties"), 2), "lines": "490"},
    ])
    ctx.table("rtp18_derived", derived)

    per_type = typ.groupby("type_code", sort=False).size()
    audit = ctx.audit("RTP-18")
    checked = audit[audit["verdict"] != "unverifiable"]
    ctx.text(
        f"Chapter 4 sorts return-to-poverty risks into {len(per_type)} types with "
        f"{'/'.join(str(k) for k in per_type.unique())} sub-types each ({len(typ)} in all); povecon gives each a "
        "stable code (e.g. `capability.illness`) for the monitoring module. The overviews at lines 110 and 722 "
        "name three types differently from the chapter headings; both wordings are kept (`alt_zh`). "
        f"The chapter's numbers restated elsewhere in the report: {len(checked)} checks, "
        + ", ".join(f"{k} {n}" for k, n in checked['verdict'].value_counts().sort_index().items()) + "."
    )
