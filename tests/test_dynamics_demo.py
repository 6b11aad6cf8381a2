"""The DEMO-WAGE analysis runs end to end with the reproduce context."""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from povecon.reproduce.context import Context

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # ~45 s: five model fits on the real panel (each is tested fast elsewhere)
def test_demo_wage_panel_runs(tmp_path):
    spec = importlib.util.spec_from_file_location("demo_wage_panel", ROOT / "analyses" / "demo_wage_panel.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.FINDINGS == ["DEMO-WAGE"] and mod.TITLE
    ctx = Context(out=tmp_path, audit_frame=pd.DataFrame({"finding": []}))
    mod.run(ctx)
    names = {o.name for o in ctx.outputs if o.kind == "table"}
    assert {"demo_wage_transitions", "demo_wage_reentry", "demo_wage_models"} <= names
    assert (tmp_path / "figures" / "demo_wage_reentry.png").exists()
    assert any("US wage panel" in str(o.payload) for o in ctx.outputs if o.kind == "text")
    tm = pd.read_csv(tmp_path / "tables" / "demo_wage_transitions.csv")
    np.testing.assert_allclose(tm.groupby("origin")["prob"].sum(), 1.0, atol=1e-9)
