"""LUO-20: the Luopu report's monitoring categories, shocks and causes, mapped to RTP-18."""

import povecon as pe

FINDINGS = ["LUO-20"]
TITLE = "Monitoring categories, shocks and causes of poverty (code list shared with RTP-18 / RTP-20)"


def run(ctx):
    terms = pe.china.monitoring_terms().rename(columns={"source_line": "line"})
    from povecon.dynamics.monitor import FLAGS

    stray = set(terms["flag"]) - set(FLAGS) - {""}
    if stray:
        raise ValueError(f"LUO-20 terms name monitoring flags the module does not have: {sorted(stray)}")
    typology = pe.china.risk_typology().set_index("code")
    known = set(typology.index)
    unknown = {c for codes in terms["rtp18_codes"] for c in codes.split() if c not in known}
    if unknown:
        raise ValueError(f"LUO-20 terms point to unknown RTP-18 codes: {sorted(unknown)}")
    terms["rtp18_labels"] = [
        "; ".join(f"{typology.loc[c, 'label_en']} ({typology.loc[c, 'label_zh']})" for c in codes.split())
        for codes in terms["rtp18_codes"]
    ]
    table = terms[["code", "kind", "label_zh", "label_en", "line", "rtp18_codes", "rtp18_labels", "flag"]]
    ctx.table("luo20_monitoring_terms", table, caption="LUO-20 terms with RTP-18 sub-types and monitoring flags")
    mapped = int((terms["rtp18_codes"] != "").sum())
    ctx.text(
        f"The Luopu report names {int((terms['kind'] == 'category').sum())} household categories to monitor, "
        f"{int((terms['kind'] == 'shock').sum())} shocks and {int((terms['kind'] == 'cause').sum())} groups of causes "
        f"(lines 2564, 3066, 3159) but prints no numbers for them. {mapped} of the {len(terms)} terms match a "
        "sub-type of the return-to-poverty report's risk typology (RTP-18); unemployment, price rises and social "
        "exclusion have no counterpart there. The `flag` column names the rule of `povecon.dynamics.monitor` that "
        "applies each category. Note the wording: the Luopu report says 边缘易返贫户 where national guidance and the "
        "monitoring module say 边缘易致贫户."
    )
