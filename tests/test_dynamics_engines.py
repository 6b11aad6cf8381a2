"""The two engines of the fixed-effects LPM agree: same coefficients, SEs differ only by the
documented small-sample factor (linearmodels counts the household effects nested in the clusters)."""

from __future__ import annotations

import numpy as np
import pytest

import povecon as pe
from povecon.errors import InputError

pytest.importorskip("pyfixest")


@pytest.fixture(scope="module")
def panel():
    sim = pe.datasets.simulate_households(800, seed=4)  # SIMULATED panel
    return pe.PovertyPanel(sim.data, id="household", time="year", status="poor")


def test_pyfixest_engine_matches_linearmodels(panel):
    f = "poor ~ illness_shock + disaster_shock + policy_withdrawn"
    a = pe.lpm_fe(f, panel)
    b = pe.lpm_fe(f, panel, engine="pyfixest")
    np.testing.assert_allclose(b.params.to_numpy(), a.params.to_numpy(), rtol=1e-9, atol=1e-12)
    ratio = (a.std_errors / b.std_errors).to_numpy()
    # one common factor for every coefficient: the degrees-of-freedom conventions, nothing else
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-9)
    T = panel.periods.size
    assert 1.0 < ratio[0] < np.sqrt(T / (T - 1)) * 1.01
    assert b.details["engine"] == "pyfixest" and a.details["engine"] == "linearmodels"


def test_unknown_engine_is_an_input_error(panel):
    with pytest.raises(InputError, match="engine"):
        pe.lpm_fe("poor ~ illness_shock", panel, engine="stata")
