"""``Estimate``: the result of the poverty and inequality measures.

An ``Estimate`` is a :class:`povecon.result.Result` (one row per estimate: per group with
``by=``, per alpha with a list of alphas, ...). With one row, ``float(e)`` is the value,
``e.se`` its standard error and ``e.ci()`` a ``(lower, upper)`` tuple, as before the
common result type existed; ``Estimate(measure, value, se, ...)`` still builds a
one-row estimate.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from .result import CovarianceSource, Result


class Estimate(Result):
    """Estimates of a poverty or inequality measure.

    Parameters
    ----------
    measure : str, optional
        Name of the measure of a one-row estimate (e.g. ``"fgt0"``, ``"gini"``).
    value, se : float, optional
        Its value and standard error (NaN when not computed).
    n : int, optional
        Observations used.
    df : float, optional
        Design degrees of freedom (t intervals), ``None`` for normal intervals.
    n_dropped : int
        Rows dropped for missing values.
    params : dict
        The options that define the estimate (``alpha``, ``line``, ``strict`` ...); scalar
        ones become columns of the frame.
    details : dict
        Extra information (the estimated line, the SE method ...).
    level : float
        Confidence level of the stored intervals.
    frame : pandas.DataFrame, optional
        Several estimates at once (instead of ``measure``/``value``/``se``).
    covariance, call, design, se_method, notes
        As in :class:`povecon.result.Result`.

    Examples
    --------
    >>> import povecon as pe
    >>> e = pe.Estimate("fgt0", 0.25, se=0.05, n=100, df=99)
    >>> float(e)
    0.25
    >>> lower, upper = e.ci()
    >>> round(float(lower), 3), round(float(upper), 3)
    (0.151, 0.349)
    """

    _title = "Estimate"

    def __init__(self, measure: str | None = None, value: float | None = None, se: float = float("nan"),
                 n: int | None = None, df: float | None = None, n_dropped: int = 0,
                 params: Mapping[str, Any] | None = None, details: Mapping[str, Any] | None = None,
                 level: float = 0.95, *, frame: pd.DataFrame | None = None,
                 covariance: CovarianceSource | np.ndarray | None = None, call: Mapping[str, Any] | None = None,
                 design: Any = None, se_method: str | None = None, notes: Sequence[str] = ()):
        params = dict(params or {})
        details = dict(details or {})
        if frame is None:
            row = {"measure": measure, "value": float(value), "se": float(se), "n": n}
            row.update({k: v for k, v in params.items() if (np.isscalar(v) or v is None) and k not in row})
            frame = pd.DataFrame([row])
        if se_method is None:
            se_method = details.get("se_method")
        super().__init__(frame, covariance=covariance, df=df, n=n, n_dropped=n_dropped, level=level, call=call,
                         design=design, se_method=se_method, notes=notes)
        self.params = params
        self.details = details

    @property
    def measure(self) -> str | list:
        """The measure's name (a list when the result holds several measures)."""
        names = list(pd.unique(self.frame["measure"]))
        return names[0] if len(names) == 1 else names
