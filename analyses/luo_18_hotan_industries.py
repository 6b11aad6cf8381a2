"""LUO-18: how similar are the characteristic industries of Hotan's last five poor counties?"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy.spatial.distance import pdist, squareform

FINDINGS = ["LUO-18"]
TITLE = "Characteristic industries of Hotan's five remaining poor counties: overlap"

# Coding of the printed cell text: keyword -> industry. Order matters only for the column order.
CODES = [("核桃", "walnut"), ("红枣", "red dates"), ("石榴", "pomegranate"), ("杏", "apricot"), ("葡萄", "grape"),
         ("羊", "sheep"), ("兔", "rabbit"), ("鸽", "pigeon"), ("畜牧", "livestock (unspecified)"),
         ("玫瑰", "rose"), ("设施农业", "greenhouse farming")]


def run(ctx):
    df = ctx.load("luo_18_hotan_industries")
    cells = df[df["quantity"] == "characteristic_industries"].sort_values("line")
    counties = list(cells["entity"])
    matrix = pd.DataFrame([[int(k in text) for k, _ in CODES] for text in cells["printed"]],
                          index=pd.Index(counties, name="county"), columns=[c for _, c in CODES])
    printed = cells[["entity", "entity_zh", "printed"]].rename(columns={"entity": "county", "printed": "characteristic industries (printed)"})
    ctx.table("luo18_industry_text", printed)
    ctx.table("luo18_industry_matrix", matrix, index=True, latex=True, floatfmt=".0f",
              caption="Hotan's five remaining poor counties: characteristic industries coded from the report's table (1 = listed)")

    sim = pd.DataFrame(1 - squareform(pdist(matrix.to_numpy(dtype=bool), metric="jaccard")), index=counties, columns=counties)
    ctx.table("luo18_jaccard", sim.round(3), index=True, latex=True, floatfmt=".3f",
              caption="Pairwise Jaccard similarity of the counties' industry sets")
    pairs = sim.where(np.triu(np.ones(sim.shape, dtype=bool), k=1)).stack()

    names = [f"{zh}\n{en}" for zh, en in zip(cells["entity_zh"], cells["entity"])]
    fig, ax = plt.subplots(figsize=(5.6, 4.8))
    sns.heatmap(sim.set_axis(names, axis=0).set_axis(names, axis=1), annot=True, fmt=".2f", vmin=0, vmax=1,
                cmap="viridis", square=True, ax=ax, cbar_kws={"label": "Jaccard 相似度 Jaccard similarity"})
    ax.tick_params(labelsize=8)
    ax.tick_params(axis="y", labelrotation=0)
    ax.set_title("特色产业的重合度 Overlap of characteristic industries", fontsize=10)
    ctx.figure("luo18_jaccard_heatmap", fig, caption="Pairwise Jaccard similarity of the five counties' characteristic industries",
               redraws=ctx.redraws("和田地区未摘帽贫困县特色产业 (characteristic industries of Hotan's remaining poor "
                                   "counties), 特色产业 column coded; output table luo18_jaccard", cells))

    common = matrix.columns[matrix.sum() >= 3]
    top = pairs.idxmax()
    ctx.text(
        f"Coding the table's {len(counties)} cells into {matrix.shape[1]} industries, the mean pairwise Jaccard similarity is "
        f"{pairs.mean():.2f} (range {pairs.min():.2f}-{pairs.max():.2f}; most similar: {top[0]} and {top[1]}). "
        f"Industries listed by three or more counties: {', '.join(common) if len(common) else 'none'}. "
        f"Industries per county: {', '.join(f'{c} {n}' for c, n in matrix.sum(axis=1).items())}. "
        f"The report calls the counties' industries homogeneous (趋同); the similarity above is what its own table supports. "
        f"The coding is the keyword list in the script, applied to the printed cell text."
    )
