"""LUO-01: China's rural poor population and incidence, 1978-2020, by the standard the text states."""

import matplotlib.pyplot as plt
import seaborn as sns

FINDINGS = ["LUO-01"]
TITLE = "National rural poor population and incidence by poverty standard, 1978-2020"


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
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, col, lab in [(axes[0], "poor_population_10k", "poor population (10k)"), (axes[1], "incidence_pct", "incidence (%)")]:
        sub = wide.dropna(subset=[col])
        # the figure font has no CJK glyphs: keep the English part of each standard
        sub = sub.assign(basis=sub["basis"].str.replace(r"[^\x00-\x7f]+", "", regex=True).str.replace(" (, ", " (", regex=False))
        sns.lineplot(data=sub, x="year", y=col, hue="basis", marker="o", ax=ax)
        ax.set_ylabel(lab)
        ax.legend(fontsize=6)
    ctx.figure("luo01_poverty_by_standard", fig, caption="Rural poverty by standard as printed")
    audit = ctx.audit("LUO-01")
    checked = audit[audit["verdict"] != "unverifiable"]
    ctx.text(
        f"The report prints China's rural poverty under at least four standards without always naming "
        f"them; {len(wide)} year-standard points are shown, one line per standard. Of "
        f"{len(checked)} checkable LUO-01 claims, {int((checked['verdict'] == 'reproduced').sum())} reproduce. "
        "The implied rural population (headcount / incidence) shows which pairs are mutually consistent."
    )
