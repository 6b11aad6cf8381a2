"""The stacked subgroup table agrees with the measures it is built from."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from povecon.decompose import by_subgroup
from povecon.decompose._kernels import fgt, ge, gini
from povecon.errors import InputError


def test_by_subgroup_identities_and_totals():
    rng = np.random.default_rng(2)
    n = 300
    d = pd.DataFrame({"y": rng.lognormal(4, 0.7, n), "g": rng.choice(["a", "b", "c"], n), "w": rng.uniform(0.5, 2, n)})
    r = by_subgroup(d, "y", by="g", line=50, alpha=(0, 2), ge_alpha=(0, 2), weights="w", se=None)
    t = r.to_frame()
    y, w = d["y"].to_numpy(), d["w"].to_numpy()
    tot = lambda dec, m: float(t.query("decomposition == @dec and group == 'total' and measure == @m")["value"].iloc[0])  # noqa: E731
    assert tot("FGT(0)", "fgt") == pytest.approx(fgt(y, w, 50, 0), abs=1e-12)
    assert tot("FGT(2)", "fgt") == pytest.approx(fgt(y, w, 50, 2), abs=1e-12)
    assert tot("GE(0)", "total") == pytest.approx(ge(y, w, 0), abs=1e-10)
    assert tot("GE(2)", "within") + tot("GE(2)", "between") == pytest.approx(ge(y, w, 2), abs=1e-10)
    g = gini(y, w)
    assert tot("Gini", "total") == pytest.approx(g, abs=1e-10)
    assert tot("Gini", "within") + tot("Gini", "between") + tot("Gini", "overlap") == pytest.approx(g, abs=1e-10)
    c = t.query("decomposition == 'FGT(0)' and measure == 'contribution'")["value"].sum()
    assert c == pytest.approx(fgt(y, w, 50, 0), abs=1e-12)
    assert set(t["decomposition"]) == {"FGT(0)", "FGT(2)", "GE(0)", "GE(2)", "Gini"}


def test_by_subgroup_errors():
    d = pd.DataFrame({"y": [1.0, 2, 3, 4], "g": ["a", "a", "b", "b"]})
    with pytest.raises(InputError, match="line"):
        by_subgroup(d, "y", by="g")
    with pytest.raises(InputError, match="nothing"):
        by_subgroup(d, "y", by="g", alpha=(), ge_alpha=(), gini=False)
