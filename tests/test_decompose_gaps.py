"""Oaxaca-Blinder through statsmodels, checked against the textbook formulas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from povecon.decompose import oaxaca_blinder
from povecon.errors import EstimationError, InputError


@pytest.fixture(scope="module")
def wages():
    rng = np.random.default_rng(0)
    n = 400
    d = pd.DataFrame({"edu": rng.normal(10, 2, n), "exper": rng.normal(20, 5, n), "female": rng.integers(0, 2, n)})
    d["lnw"] = 1 + 0.1 * d["edu"] + 0.02 * d["exper"] - 0.2 * d["female"] + 0.02 * d["female"] * d["edu"] \
        + rng.normal(0, 0.3, n)
    d["sex"] = np.where(d["female"] == 1, "f", "m")
    return d


def ols(y, X):
    X1 = np.column_stack([X, np.ones(len(X))])
    return np.linalg.lstsq(X1, y, rcond=None)[0], X1.mean(axis=0)


def test_threefold_matches_formulas(wages):
    # Oaxaca (1973), Blinder (1973); three-fold form as in Jann (2008), Stata Journal 8(4), eq. (3)
    cov = ["edu", "exper"]
    a, b = wages[wages.sex == "m"], wages[wages.sex == "f"]
    ba, xa = ols(a["lnw"].to_numpy(), a[cov].to_numpy())
    bb, xb = ols(b["lnw"].to_numpy(), b[cov].to_numpy())
    r = oaxaca_blinder(wages, "lnw", cov, "sex", groups=("m", "f"))
    assert r.total == pytest.approx(a["lnw"].mean() - b["lnw"].mean(), abs=1e-12)
    assert r["endowments"] == pytest.approx((xa - xb) @ bb, abs=1e-10)
    assert r["coefficients"] == pytest.approx(xb @ (ba - bb), abs=1e-10)
    assert r["interaction"] == pytest.approx((xa - xb) @ (ba - bb), abs=1e-10)
    assert r.table["value"].sum() == pytest.approx(r.total, abs=1e-10)
    swapped = oaxaca_blinder(wages, "lnw", cov, "sex", groups=("f", "m"))
    assert swapped.total == pytest.approx(-r.total, abs=1e-12)


def test_twofold_pooled_matches_formula(wages):
    cov = ["edu", "exper"]
    a, b = wages[wages.sex == "m"], wages[wages.sex == "f"]
    # pooled coefficients from the regression that includes the group indicator (Jann 2008, Fortin 2008)
    bp, _ = ols(wages["lnw"].to_numpy(), wages[cov + ["female"]].to_numpy())
    dx = a[cov].mean().to_numpy() - b[cov].mean().to_numpy()
    r = oaxaca_blinder(wages, "lnw", cov, "sex", groups=("m", "f"), kind="twofold")
    assert r["explained"] == pytest.approx(dx @ bp[:2], abs=1e-10)
    assert r["explained"] + r["unexplained"] == pytest.approx(r.total, abs=1e-12)


def test_bootstrap_is_seeded(wages):
    kw = dict(groups=("m", "f"), kind="twofold", se="bootstrap", replicates=30, seed=4)
    r1 = oaxaca_blinder(wages, "lnw", ["edu", "exper"], "sex", **kw)
    r2 = oaxaca_blinder(wages, "lnw", ["edu", "exper"], "sex", **kw)
    pd.testing.assert_frame_equal(r1.se_table, r2.se_table)
    assert (r1.se_table["value"] > 0).all()


def test_errors(wages):
    with pytest.raises(InputError, match="exactly two groups"):
        oaxaca_blinder(wages.assign(sex=np.resize(["a", "b", "c"], len(wages))), "lnw", ["edu"], "sex")
    with pytest.raises(InputError, match="empty"):
        oaxaca_blinder(wages, "lnw", ["edu"], "sex", groups=("m", "x"))
    with pytest.raises(EstimationError, match="not identified"):
        oaxaca_blinder(wages.assign(c=1.0), "lnw", ["edu", "c"], "sex")
    with pytest.raises(InputError, match="unknown"):
        oaxaca_blinder(wages, "lnw", ["school"], "sex")
    with pytest.raises(InputError, match="seed"):
        oaxaca_blinder(wages, "lnw", ["edu"], "sex", se="bootstrap", replicates=10)
    with pytest.raises(InputError, match="two_fold_type"):
        oaxaca_blinder(wages, "lnw", ["edu"], "sex", kind="twofold", two_fold_type="oaxaca")
    with pytest.raises(InputError, match="missing"):
        oaxaca_blinder(wages.assign(edu=np.where(np.arange(len(wages)) == 3, np.nan, wages["edu"])),
                       "lnw", ["edu"], "sex")
