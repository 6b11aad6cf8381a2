"""Known answers for the poverty and inequality measures, each from a cited source."""

import numpy as np
import pytest

import povecon as pe
from povecon import measures as m

HK = np.array([100.0, 110.0, 150.0, 160.0])  # Haughton and Khandker (2009), Handbook on Poverty and Inequality, ch. 4
Z = 125.0


@pytest.mark.parametrize("alpha, expected", [(0, 0.5), (1, 0.08), (2, 0.0136)])
def test_fgt_haughton_khandker(alpha, expected):
    # Haughton and Khandker 2009, ch. 4 worked example: P0 = 0.5, P1 = 0.08, P2 = 0.0136
    assert float(m.fgt(income=HK, line=Z, alpha=alpha)) == pytest.approx(expected, abs=1e-12)


def test_watts_haughton_khandker():
    # Haughton and Khandker 2009, ch. 4: Watts = 0.0877442
    assert float(m.watts(income=HK, line=Z)) == pytest.approx(0.0877442, abs=5e-8)


def test_time_to_exit_is_watts_over_growth():
    # Haughton and Khandker 2009, ch. 4 (after Morduch 1998): population exit time = Watts / g
    w = float(m.watts(income=HK, line=Z))
    assert float(m.time_to_exit(income=HK, line=Z, growth=0.05, among="population")) == pytest.approx(w / 0.05)
    # among the poor: (log(125/100) + log(125/110)) / 2 / 0.05
    expected = (np.log(1.25) + np.log(125 / 110)) / 2 / 0.05
    assert float(m.time_to_exit(income=HK, line=Z, growth=0.05)) == pytest.approx(expected)


def test_sen_plugin_haughton_khandker():
    # Haughton and Khandker 2009, ch. 4: Sen = 0.09 (H = 0.5, I = 0.16, G_p = 1/42)
    assert float(m.sen(income=HK, line=Z)) == pytest.approx(0.09, abs=1e-12)


def test_sen_1976_finite_form():
    # Sen (1976), Econometrica 44(2), eq. for P = 2/((q+1) n z) sum_{i<=q} (z - y_i)(q + 1 - i)
    q, n = 2, 4
    expected = 2 / ((q + 1) * n * Z) * ((Z - 100) * 2 + (Z - 110) * 1)
    assert float(m.sen(income=HK, line=Z, convention="sen1976")) == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(0.0866667, abs=1e-7)


def test_sst_shorrocks_rank_formula():
    # Shorrocks (1995), Econometrica 63(5): P = (1/n^2) sum_i (2n - 2i + 1) g_i, i = income rank.
    # For the Haughton-Khandker data this is (7 * 0.2 + 5 * 0.12) / 16 = 0.125 = P1 * (1 + G(gaps))
    # (Osberg and Xu 2000). The handbook's printed 0.0625 is not reproduced by either formula.
    g = np.array([0.2, 0.12, 0.0, 0.0])
    n = 4
    expected = sum((2 * n - 2 * i + 1) * g[i - 1] for i in range(1, n + 1)) / n**2
    assert expected == pytest.approx(0.125)
    assert float(m.sst(income=HK, line=Z)) == pytest.approx(expected, abs=1e-12)


def test_gini_of_one_to_n():
    # For incomes 1..n the mean-difference Gini is (n - 1) / (3 n) (Kendall and Stuart; Cowell 2011,
    # Measuring Inequality, ch. 2); ineq::Gini(1:5) = 0.2666667 and Gini(1:5, corr=TRUE) = 1/3.
    y = np.arange(1.0, 6.0)
    assert float(m.gini(income=y)) == pytest.approx(4 / 15, abs=1e-12)
    assert float(m.gini(income=y, convention="corrected")) == pytest.approx(1 / 3, abs=1e-12)


def test_two_point_entropy_closed_forms():
    # Cowell (2011), Measuring Inequality, ch. 3: with incomes (1, 3), mu = 2,
    # Theil = (1/2)[(1/2)log(1/2) + (3/2)log(3/2)], MLD = (1/2)[log 2 + log(2/3)],
    # GE(2) = CV^2 / 2 = 1/8, Atkinson(1) = 1 - sqrt(3)/2.
    y = np.array([1.0, 3.0])
    assert float(m.theil(income=y)) == pytest.approx(0.5 * (0.5 * np.log(0.5) + 1.5 * np.log(1.5)))
    assert float(m.mld(income=y)) == pytest.approx(0.5 * (np.log(2) + np.log(2 / 3)))
    assert float(m.ge(income=y, alpha=2)) == pytest.approx(0.125)
    assert float(m.cv(income=y)) == pytest.approx(0.5)
    assert float(m.atkinson(income=y, epsilon=1)) == pytest.approx(1 - np.sqrt(3) / 2)
    assert float(m.atkinson(income=y, epsilon=2)) == pytest.approx(1 - 1.5 / 2)  # harmonic mean 1.5


def test_takayama_is_gini_of_censored():
    # Takayama (1979), Econometrica 47(3): Gini of min(y, z)
    assert float(m.takayama(income=HK, line=Z)) == pytest.approx(float(m.gini(income=np.minimum(HK, Z))))


def test_chu_beta_zero_is_one_minus_censored_geometric_mean():
    # Zheng (1997), J. Econ. Surveys 11(2): CHU(0) = 1 - exp(mean log(y*/z))
    expected = 1 - np.exp(np.mean(np.log(np.minimum(HK, Z) / Z)))
    assert float(m.chu(income=HK, line=Z, beta=0)) == pytest.approx(expected)


def test_eurostat_median_rule():
    # laeken::weightedMedian rule: average of neighbours when a cumulative share hits 0.5 exactly
    assert float(m.quantile(income=HK, p=0.5, se=None)) == 130.0
    assert float(m.quantile(income=np.array([1.0, 2.0, 3.0]), p=0.5, se=None)) == 2.0
    assert float(m.poverty_line(income=HK, se=None)) == pytest.approx(78.0)


def test_lorenz_ordinates_one_to_four():
    # Lorenz curve of (1, 2, 3, 4): cumulative income shares 0.1, 0.3, 0.6, 1.0
    out = m.lorenz(income=np.array([4.0, 1.0, 3.0, 2.0]), points=4)
    np.testing.assert_allclose(out.to_frame()["value"], [0.1, 0.3, 0.6, 1.0])
    gl = m.lorenz(income=np.array([4.0, 1.0, 3.0, 2.0]), points=[0.5], generalized=True)
    assert gl.to_frame()["value"].iloc[0] == pytest.approx(3 / 4)


def test_quantile_ratio_and_shares():
    y = np.arange(1.0, 11.0)  # ten people, incomes 1..10
    # Eurostat quantiles: Q(0.9) = 9.5, Q(0.1) = 1.5; QSR: (9 + 10) / (1 + 2); Palma: 10 / (1+2+3+4)
    assert float(m.decile_ratio(income=y)) == pytest.approx(9.5 / 1.5)
    assert float(m.qsr(income=y)) == pytest.approx(19 / 3)
    assert float(m.palma(income=y)) == pytest.approx(10 / 10)


def test_arrays_and_frames_agree():
    import pandas as pd

    df = pd.DataFrame({"inc": HK, "w": [1.0, 2.0, 1.0, 3.0]})
    a = m.fgt(df, "inc", line=Z, alpha=1, weights="w")
    b = m.fgt(income=HK, line=Z, alpha=1, weights=np.array([1.0, 2.0, 1.0, 3.0]))
    assert float(a) == float(b) and a.se == b.se
    assert isinstance(a, pe.Estimate)
