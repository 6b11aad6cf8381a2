"""One comparison of two results for every "two paths give the same answer" test.

Used by the registry-scale tests (dask against memory) and the frequency-weight tests
(collapsed against expanded households): same rows and labels, estimates, standard errors and
intervals to ``rtol`` (an SE that is zero in theory is compared in absolute terms, ``atol``),
the same counts, rows dropped and degrees of freedom.
"""

from __future__ import annotations

import numpy as np

RTOL, ATOL = 1e-10, 1e-14


def assert_same(a, b, what: str, *, rtol: float = RTOL, atol: float = ATOL) -> None:
    fa, fb = a.to_frame(), b.to_frame()
    assert len(fa) == len(fb), what
    labels = [c for c in fa.columns if c not in ("value", "se", "ci_lower", "ci_upper", "n")]
    assert labels == [c for c in fb.columns if c not in ("value", "se", "ci_lower", "ci_upper", "n")], what
    numeric = [c for c in labels if fa[c].dtype.kind in "fc" or fb[c].dtype.kind in "fc"]
    for col in labels:
        if col not in numeric:
            assert fa[col].astype(str).tolist() == fb[col].astype(str).tolist(), (what, col)
    for col in numeric + ["value", "se", "ci_lower", "ci_upper"]:
        np.testing.assert_allclose(fb[col].to_numpy(float), fa[col].to_numpy(float), rtol=rtol, atol=atol,
                                   equal_nan=True, err_msg=f"{what}: {col}")
    np.testing.assert_array_equal(fb["n"].to_numpy(), fa["n"].to_numpy(), err_msg=f"{what}: n")
    assert a.n == b.n, (what, "n", a.n, b.n)
    assert a.n_dropped == b.n_dropped, (what, "n_dropped")
    assert a.df == b.df, (what, "df", a.df, b.df)
