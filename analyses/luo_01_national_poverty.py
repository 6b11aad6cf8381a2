"""LUO-01: China's rural poor population and incidence, 1978-2020, by the standard the text states."""

import matplotlib.pyplot as plt
import seaborn as sns

from povecon.reproduce.figures import CATEGORY_COLOURS

FINDINGS = ["LUO-01"]
TITLE = "National rural poor population and incidence by poverty standard, 1978-2020"

# the standards in the order the report introduces them, labelled as it words them
BASES = ["unknown", "1985 standard (206 yuan)", "national standard (国家贫困标准, unspecified)",
         "1196 yuan standard (2010)", "current standard (现行标准)"]
BASIS_ZH = {"unknown": "未说明标准 not stated",
            "1985 standard (206 yuan)": "1985年206元标准 1985 standard (206 yuan)",
            "national standard (国家贫困标准, unspecified)": "国家贫困标准 national standard (unspecified)",
            "1196 yuan standard (2010)": "1196元标准 1196-yuan standard (2010)",
            "current standard (现行标准)": "现行标准 current standard"}


def _basis_label(basis: str) -> str:
    return BASIS_ZH.get(basis, basis)


def run(ctx):
    df = ctx.load("luo_01_national_poverty")
    china = df[(df["entity"] == "China") & df["quantity"].isin(["poor_population", "poverty_incidence"])].copy()
    # one scale for headcounts: 10k persons (1亿 = 10000万)
    china["value_10k"] = china["value"] * china["unit"].map({"100m persons": 10000.0, "10k persons": 1.0, "%": 1.0})
    china["year"] = china["year"].astype(int)
    wide = china.pivot_table(index=["basis", "year"], columns="quantity", values="value_10k", aggfunc="first")
    wide = wide.reset_index().sort_values(["year", "basis"], ignore_index=True)
    # rural population implied by headcount / incidence where both are printed for a year and standard
    wide["implied_rural_population_10k"] = (100 * wide["poor_population"] / wide["poverty_incidence"]).round(0)
    wide = wide.rename(columns={"poor_population": "poor_population_10k", "poverty_incidence": "incidence_pct"})
    ctx.table("luo01_national_poverty", wide, latex=True,
              caption="China's rural poor and incidence as printed, with the standard the text states")
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.4))
    panels = [(axes[0], "poor_population_10k", "农村贫困人口（万人）\nrural poor (10k persons)"),
              (axes[1], "incidence_pct", "贫困发生率（%）\npoverty incidence (%)")]
    for ax, col, lab in panels:
        sub = wide.dropna(subset=[col])
        sns.lineplot(data=sub.assign(basis=sub["basis"].map(_basis_label)), x="year", y=col, hue="basis",
                     hue_order=[_basis_label(b) for b in BASES if b in set(sub["basis"])], marker="o", palette=dict(zip(map(_basis_label, BASES), CATEGORY_COLOURS)), ax=ax)
        ax.set_xlabel("年份 year")
        ax.set_ylabel(lab)
        ax.legend(title="贫困标准 poverty standard", fontsize=8, title_fontsize=8)
    rows = china[china["quantity"].isin(["poor_population", "poverty_incidence"])]
    ctx.figure("luo01_poverty_by_standard", fig, caption="Rural poverty by standard as printed",
               redraws=ctx.redraws("正文所述全国农村贫困人口与贫困发生率 the text's national rural poor and incidence; "
                                   "output table luo01_national_poverty", rows))
    audit = ctx.audit("LUO-01")
    checked = audit[audit["verdict"] != "unverifiable"]
    ctx.text(
        f"The report prints China's rural poverty under at least four standards without always naming "
        f"them; {len(wide)} year-standard points are shown, one line per standard. Of "
        f"{len(checked)} checkable LUO-01 claims, {int((checked['verdict'] == 'reproduced').sum())} reproduce. "
        "The implied rural population (headcount / incidence) shows which pairs are mutually consistent."
    )
