"""The input gate aligns a pandas Series on the data's index (or refuses it)."""

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon import _input


def _frame(seed=4, n=300):
    rng = np.random.default_rng(seed)
    # simulated incomes and weights on a non-default index
    return pd.DataFrame({"y": rng.lognormal(1, 0.6, n), "w": rng.uniform(0.5, 3, n)},
                        index=rng.permutation(np.arange(1000, 1000 + n)))


def test_shuffled_series_is_aligned_by_label():
    df = _frame()
    w = df["w"]
    shuffled = w.sample(frac=1, random_state=1)
    assert not shuffled.index.equals(df.index)
    np.testing.assert_array_equal(_input.weights(df, shuffled, len(df)), df["w"].to_numpy())
    a = pe.fgt(df, "y", line=2.5, alpha=1, weights="w")
    b = pe.fgt(df, "y", line=2.5, alpha=1, weights=shuffled)
    assert b.value == a.value and b.se == a.se
    # the income itself as a shuffled Series, too
    c = pe.fgt(df, df["y"].sample(frac=1, random_state=2), line=2.5, alpha=1, weights="w")
    assert c.value == a.value
    # a Series used by position (the old behaviour) would give another answer
    d = pe.fgt(df, "y", line=2.5, alpha=1, weights=shuffled.to_numpy())
    assert d.value != a.value


def test_mismatched_series_raises_and_names_the_fix():
    df = _frame()
    w = df["w"].reset_index(drop=True)  # index 0..n-1, the data's is 1000..
    with pytest.raises(pe.InputError, match=r"300 label\(s\) of the data are missing.*to_numpy"):
        _input.weights(df, w, len(df))
    with pytest.raises(pe.InputError, match="does not match"):
        pe.fgt(df, "y", line=2.5, weights=w)
    partial = df["w"].iloc[:-1]
    with pytest.raises(pe.InputError, match=r"1 label\(s\) of the data are missing"):
        pe.fgt(df, "y", line=2.5, weights=partial)
    # by position is still possible when asked for
    assert np.isfinite(pe.fgt(df, "y", line=2.5, weights=w.to_numpy()).value)


def test_series_without_data_is_taken_as_is():
    df = _frame()
    w = df["w"].reset_index(drop=True)
    arr = _input.weights(None, w, len(df))
    np.testing.assert_array_equal(arr, df["w"].to_numpy())
