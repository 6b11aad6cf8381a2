"""The SIMULATED household panel: calibration to printed marginals and recovery of planted effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from linearmodels.panel import PanelOLS

import povecon as pe
from povecon.errors import InputError


@pytest.fixture(scope="module")
def sim():
    return pe.datasets.simulate_households(4000, seed=11)


@pytest.mark.parametrize("seed", [0, 1])
def test_calibration_within_stated_tolerances(seed):
    cal = pe.datasets.simulate_households(3000, seed=seed).calibration
    assert len(cal) == len(pe.datasets.simulate.TARGETS)
    off = cal[~cal["within"]]
    assert off.empty, off.to_string()
    # the tolerance is not vacuous: it is a few points at most
    assert cal["tolerance"].max() <= 2.0


def test_same_seed_same_panel_other_seed_other_panel():
    a = pe.datasets.simulate_households(500, seed=5).data
    b = pe.datasets.simulate_households(500, seed=5).data
    c = pe.datasets.simulate_households(500, seed=6).data
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["income"], c["income"])


def test_panel_shape_labels_and_identities(sim):
    d = sim.data
    assert d.attrs["label"] == "SIMULATED"
    assert "SIMULATED" in sim.label
    assert not d.duplicated(["household", "year"]).any()
    assert sorted(d["year"].unique()) == list(range(2014, 2023))
    parts = d[["income_wage", "income_operating", "income_property", "income_transfer"]].sum(axis=1)
    np.testing.assert_allclose(parts, d["income"], rtol=1e-10)
    assert ((d["income"] < 2300) == (d["poor"] == 1)).all()
    for col in ["d_food", "d_clothing", "d_education", "d_medical", "d_housing", "d_water"]:
        assert set(d[col].unique()) <= {0, 1}


def test_household_fixed_effects_recover_planted_shocks(sim):
    d = sim.data.assign(lm=np.log(sim.data["income_market"])).set_index(["household", "year"])
    fit = PanelOLS.from_formula(
        "lm ~ illness_shock + disaster_shock + epidemic_shock + policy_withdrawn + EntityEffects + TimeEffects", d
    ).fit(cov_type="clustered", cluster_entity=True)
    truth = sim.truth
    for name, true in [("illness_shock", truth.illness_shock), ("disaster_shock", truth.disaster_shock),
                       ("epidemic_shock", truth.epidemic_2020), ("policy_withdrawn", truth.policy_withdrawal)]:
        z = (fit.params[name] - true) / fit.std_errors[name]
        assert abs(z) < 3.5, (name, fit.params[name], true)


def test_pooled_regression_recovers_planted_household_traits(sim):
    d = sim.data.assign(lm=np.log(sim.data["income_market"]))
    fit = smf.ols("lm ~ C(prefecture) + C(year) + edu_years + labour_short + ill_health + coop_work"
                  " + illness_shock + disaster_shock + epidemic_shock + policy_withdrawn", d).fit(
        cov_type="cluster", cov_kwds={"groups": d["household"]})
    truth = sim.truth
    for name in ["edu_years", "labour_short", "ill_health", "coop_work"]:
        z = (fit.params[name] - getattr(truth, name)) / fit.bse[name]
        assert abs(z) < 3.5, (name, fit.params[name], getattr(truth, name))


def test_bad_arguments_raise():
    with pytest.raises(InputError, match="at least 400"):
        pe.datasets.simulate_households(100)
    with pytest.raises(InputError, match="2014"):
        pe.datasets.simulate_households(1000, years=(2015, 2022))
