"""The real-data contrast examples printed in docs/methods/results-and-contrasts.md.

They run when the reference data are there (POVECON_REFERENCE_DATA, as the other
cross-checks) and check the numbers the page prints, so the page cannot drift from the code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

import povecon as pe

REF = os.environ.get("POVECON_REFERENCE_DATA")
PAGE = Path(__file__).resolve().parents[1] / "docs" / "methods" / "results-and-contrasts.md"


def _printed_row(after: str) -> list[float]:
    """The numbers of the first output row printed after the heading ``after``."""
    text = PAGE.read_text(encoding="utf-8").split(after, 1)[1]
    block = text.split("```text", 1)[1].split("```", 1)[0]
    row = block.strip().splitlines()[1]
    return [float(x) for x in re.findall(r"-?\d+\.\d+", row)]


@pytest.mark.skipif(not REF or not Path(REF, "eusilc.csv").exists(), reason="eusilc reference data not available")
def test_eusilc_region_contrast_matches_the_page():
    eusilc = pd.read_csv(Path(REF, "eusilc.csv"))
    design = pe.SurveyDesign(weights="rb050", strata="db040", psu="db030")
    r = pe.arpr(eusilc, "eqIncome", design=design, by="db040")
    c = pe.contrast(r, group=("Vienna", "Carinthia")).to_frame()
    got = c[["value", "se", "ci_lower", "ci_upper", "pvalue"]].round(4).iloc[0].tolist()
    assert got == pytest.approx(_printed_row("## A real example: EU-SILC regions"), abs=1e-12)
    # the difference equals the two regions' own estimates
    f = r.to_frame().set_index("group")
    assert c["value"].iloc[0] == pytest.approx(f.loc["Vienna", "value"] - f.loc["Carinthia", "value"], rel=1e-12)


@pytest.mark.skipif(not REF or not Path(REF, "syn_cdta.csv").exists(), reason="mpitb syn_cdta reference data not available")
def test_syn_cdta_round_contrasts_match_the_page():
    syn = pd.read_csv(Path(REF, "syn_cdta.csv"))
    design = pe.SurveyDesign(weights="weight", strata="stratum", psu="psu")
    res = pe.mpi(syn, pe.global_mpi(), k=1 / 3, design=design, time="t", by="area", na="drop")
    change = pe.contrast(res.select(measure=["M0", "H"], group="all"), time=(2, 1)).to_frame()
    first = change[["value", "se", "pvalue"]].round(4).iloc[0].tolist()
    assert first == pytest.approx(_printed_row("## A real example: the rounds of mpitb")[-3:], abs=1e-12)
    d = pe.did(res.select(measure="M0"), time=(1, 2), group=(1, 0)).to_frame()
    got = d[["value", "se", "pvalue"]].round(4).iloc[0].tolist()
    assert got == pytest.approx(_printed_row("### The difference in differences")[-3:], abs=1e-12)
