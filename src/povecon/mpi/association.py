"""How the deprivation indicators of a specification go together (mpitb's ``assoc``).

For every pair of indicators ``(j, l)`` with weighted deprivation rates ``p_j``,
``p_l`` and joint rate ``p_jl`` (deprived in both):

* Cramer's V of the 2 x 2 table, ``|p_jl - p_j p_l| / sqrt(p_j (1 - p_j) p_l (1 - p_l))``
  (for a 2 x 2 table Cramer's V is the absolute phi coefficient);
* the redundancy measure ``R0 = p_jl / min(p_j, p_l)`` of Alkire, Foster, Seth,
  Santos, Roche and Ballon (2015, ch. 7): the share of the less frequent
  deprivation that the other one covers (1 when one deprivation always comes
  with the other).

Both use the sampling weights, and the deprivations before censoring
(``k=None``) or censored at the poverty cutoff ``k`` (deprived and poor).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import _input, survey
from ..errors import InputError, SpecError
from ..result import Result
from .estimate import _as_spec, _column_view, _deprivation
from .spec import K_TOL, normalize_k

MEASURES = ("cramers_v", "R0")


class AssociationResult(Result):
    """Cramer's V and the redundancy R0 for every pair of indicators (a :class:`povecon.result.Result`).

    The frame has one row per ``(measure, indicator, indicator2)`` with
    ``measure`` ``"cramers_v"`` or ``"R0"``; point estimates (no standard
    errors). Built by :func:`mpi_association`.

    Parameters
    ----------
    frame : pandas.DataFrame
        The long frame of estimates.
    indicators : list of str
        The indicators, in the spec's order.
    **kwargs
        ``covariance, df, n, n_dropped, level, call, design, se_method, notes`` as
        in :class:`povecon.result.Result`.
    """

    _title = "Association between deprivation indicators"

    def __init__(self, frame: pd.DataFrame, *, indicators=(), **kwargs):
        super().__init__(frame, **kwargs)
        self.indicators = list(indicators)

    def matrix(self, measure: str = "cramers_v") -> pd.DataFrame:
        """The measure as a symmetric indicator x indicator table (1 on the diagonal).

        Parameters
        ----------
        measure : {"cramers_v", "R0"}, default "cramers_v"
            Which association measure.

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        InputError
            An unknown measure.
        """
        if measure not in MEASURES:
            raise InputError(f"measure must be one of {MEASURES}, got {measure!r}")
        names = self.indicators
        out = pd.DataFrame(np.eye(len(names)), index=pd.Index(names, name="indicator"),
                           columns=pd.Index(names, name="indicator2"))
        f = self._frame[self._frame["measure"] == measure]
        for a, b, v in zip(f["indicator"], f["indicator2"], f["value"]):
            out.loc[a, b] = out.loc[b, a] = v
        return out

    def plot(self, measure: str = "cramers_v", *, ax=None, annot: bool = True, cmap: str = "viridis"):
        """A heat map of the measure over pairs of indicators (seaborn).

        Parameters
        ----------
        measure : {"cramers_v", "R0"}, default "cramers_v"
            Which association measure.
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; by default a new figure.
        annot : bool, default True
            Write the values in the cells.
        cmap : str, default "viridis"
            Colour map.

        Returns
        -------
        matplotlib.figure.Figure
        """
        import matplotlib.pyplot as plt
        import seaborn as sns

        m = self.matrix(measure)
        if ax is None:
            size = 1.0 + 0.6 * len(m)
            _, ax = plt.subplots(figsize=(size + 1.5, size))
        sns.heatmap(m, ax=ax, vmin=0, vmax=1, annot=annot, fmt=".2f", cmap=cmap, square=True,
                    cbar_kws={"label": measure})
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title({"cramers_v": "Cramer's V", "R0": "Redundancy R0"}[measure])
        return ax.figure


def _pairs(dep: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted deprivation rates (d,) and joint rates (d, d)."""
    tot = w.sum()
    x = dep.astype(np.float64)
    p = (w @ x) / tot
    joint = (x * w[:, None]).T @ x / tot
    return p, joint


def mpi_association(
    data: pd.DataFrame,
    spec: Any,
    *,
    weights: Any = None,
    design: Any = None,
    k: Any = None,
    na: str = "raise",
) -> AssociationResult:
    """Cramer's V and the redundancy measure R0 for every pair of deprivation indicators.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (the unit of identification).
    spec : MPISpec or dict
        The indicators and their deprivation cutoffs.
    weights : str or array-like, optional
        Sampling weights (column or array); default equal weights.
    design : SurveyDesign, optional
        A design whose weights are used (strata and PSUs play no role: the
        measures are point estimates); give ``design`` or ``weights``.
    k : float, optional
        Poverty cutoff (fraction or integer percent): with it the deprivations
        are censored (deprived and poor); None uses the uncensored ones.
    na : {"raise", "drop"}, default "raise"
        ``"drop"`` drops rows missing any indicator (listwise).

    Returns
    -------
    AssociationResult
        Rows ``measure`` (``"cramers_v"``, ``"R0"``) x pairs ``indicator``,
        ``indicator2`` (in the spec's order, each pair once), with ``k``;
        ``.matrix(measure)`` gives the square table and ``.plot(measure)`` a heat
        map. A pair with an indicator nobody (or everybody) is deprived in has
        Cramer's V NaN; R0 is NaN when nobody is deprived in one of the two.

    Raises
    ------
    InputError
        Missing columns or values (with ``na="raise"``), invalid weights.
    SpecError
        An incoherent spec or an invalid k.

    References
    ----------
    Alkire, S., Foster, J., Seth, S., Santos, M. E., Roche, J. M. and Ballon, P.
    (2015). *Multidimensional Poverty Measurement and Analysis*. Oxford
    University Press, ch. 7 (redundancy R0 and Cramer's V).

    Examples
    --------
    >>> import pandas as pd
    >>> import povecon as pe
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 0, 0], "c": [0, 1, 1, 0]})
    >>> spec = pe.MPISpec({"x": {"a": "a", "b": "b"}, "y": {"c": "c"}})
    >>> res = pe.mpi_association(df, spec)
    >>> round(float(res.matrix("R0").loc["a", "b"]), 3)
    1.0
    """
    spec = _as_spec(spec)
    if design is not None and weights is not None:
        raise InputError("pass weights through the SurveyDesign, not both weights= and design=")
    if na not in _input.NA_POLICIES:
        raise InputError(f"na must be one of {_input.NA_POLICIES}, got {na!r}")
    kk = None if k is None else normalize_k(k)
    if kk is not None and len(kk) != 1:
        raise SpecError(f"give one poverty cutoff k, got {k!r}")
    _input.check_columns(data, spec.variables, what="indicator column")
    n = len(data)
    if n == 0:
        raise InputError("the data have no rows")
    # through the survey gate, so a design that is not a SurveyDesign is an InputError
    w = survey.resolve(design, data, n, weights).weights
    cols = [_column_view(data, v) for v in spec.variables]
    keep = None
    n_dropped = 0
    missing = {v: int(data[v].isna().sum()) for v in dict.fromkeys(spec.variables)}
    if any(missing.values()):
        prepared = _input.drop_missing({v: data[v].to_numpy() for v in missing if missing[v]}, na)
        keep, n_dropped = prepared.keep, prepared.n_dropped
        w = w[keep]
        cols = [c[keep] for c in cols]
    if not (w > 0).any():
        raise InputError("every remaining row has weight zero")
    dep = np.column_stack([
        _deprivation(ind, _input.numeric(None, col, name=f"indicator {ind.name!r} (column {ind.variable!r})"))[0]
        for ind, col in zip(spec.indicators, cols)])
    if kk is not None:
        poor = dep @ spec.indicator_weights >= kk[0] - K_TOL
        dep &= poor[:, None]
    p, joint = _pairs(dep, w)
    names = spec.indicator_names
    ja, jb = np.triu_indices(len(names), k=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        denom = np.sqrt(p[ja] * (1 - p[ja]) * p[jb] * (1 - p[jb]))
        v = np.where(denom > 0, np.abs(joint[ja, jb] - p[ja] * p[jb]) / np.where(denom > 0, denom, 1.0), np.nan)
        low = np.minimum(p[ja], p[jb])
        r0 = np.where(low > 0, joint[ja, jb] / np.where(low > 0, low, 1.0), np.nan)
    m = ja.size
    kval = np.nan if kk is None else kk[0]
    frame = pd.DataFrame({
        "measure": ["cramers_v"] * m + ["R0"] * m,
        "group": pd.array(["all"] * (2 * m), dtype=object),
        "time": pd.array([None] * (2 * m), dtype=object),
        "indicator": [names[i] for i in ja] * 2,
        "indicator2": [names[i] for i in jb] * 2,
        "k": np.full(2 * m, kval),
        "value": np.concatenate([v, r0]),
        "se": np.full(2 * m, np.nan),
        "n": np.full(2 * m, int(w.size), dtype=np.int64),
    })
    call = {"function": "mpi_association", "spec": spec.name, "k": kval if kk is not None else None, "na": na}
    return AssociationResult(frame, indicators=names, n=int(w.size), n_dropped=n_dropped, call=call,
                             design=design,
                             notes=["point estimates: " + ("deprivations censored at k" if kk is not None
                                                           else "uncensored deprivations")])


__all__ = ["mpi_association", "AssociationResult"]
