"""Small result types shared by the estimators.

``Estimate`` is what a scalar measure returns: ``float(result)`` is the point
estimate, ``.se`` its standard error (``nan`` when not computed), ``.ci(level)`` a
normal (or t, when design degrees of freedom are known) interval, and
``.to_frame()`` a one-row tidy frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats


@dataclass(frozen=True)
class Estimate:
    """A scalar estimate with its standard error.

    ``float(e)`` is the value, ``e.se`` its standard error, ``e.ci()`` an interval and
    ``e.to_frame()`` a one-row tidy frame. Every scalar measure returns one.

    Parameters
    ----------
    measure : str
        Name of the measure (``"fgt0"``, ``"gini"`` ...).
    value : float
        The point estimate.
    se : float, default nan
        Its standard error; NaN when not computed (``se=None``).
    n : int, optional
        Number of observations used.
    df : float, optional
        Design degrees of freedom; intervals use the t distribution when known,
        else the normal.
    n_dropped : int, default 0
        Rows dropped for missing values (``na="drop"``).
    params : dict, optional
        The options the estimate was computed with (line, alpha ...).
    details : dict, optional
        Further results (e.g. an estimated poverty line).
    level : float, default 0.95
        Default confidence level of :meth:`ci` and :meth:`to_frame`.

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

    measure: str
    value: float
    se: float = float("nan")
    n: int | None = None
    df: float | None = None
    n_dropped: int = 0
    params: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict, repr=False)
    level: float = 0.95  # the default confidence level of ci() and to_frame()

    def __float__(self) -> float:
        return float(self.value)

    def ci(self, level: float | None = None) -> tuple[float, float]:
        """Confidence interval ``value +- q * se``.

        ``q`` is the t quantile on ``df`` degrees of freedom when they are known, else the normal quantile.

        Parameters
        ----------
        level : float, optional
            Confidence level in (0, 1); defaults to the estimate's ``level``.

        Returns
        -------
        tuple of float
            ``(lower, upper)``; NaN bounds when no standard error was computed.

        Raises
        ------
        InputError
            ``level`` outside (0, 1).
        """
        level = self.level if level is None else level
        if not 0 < level < 1:
            from .errors import InputError

            raise InputError(f"level must lie in (0, 1), got {level!r}")
        q = 1 - (1 - level) / 2
        crit = stats.t.ppf(q, self.df) if self.df is not None and self.df > 0 else stats.norm.ppf(q)
        return (self.value - crit * self.se, self.value + crit * self.se)

    def to_frame(self, level: float | None = None) -> pd.DataFrame:
        """The estimate as a one-row tidy frame.

        Parameters
        ----------
        level : float, optional
            Confidence level of the interval; defaults to the estimate's ``level``.

        Returns
        -------
        pandas.DataFrame
            Columns ``measure, value, se, ci_lower, ci_upper, n`` and the scalar
            ``params``.
        """
        lo, hi = self.ci(level)
        row = {"measure": self.measure, "value": self.value, "se": self.se,
               "ci_lower": lo, "ci_upper": hi, "n": self.n}
        row.update({k: v for k, v in self.params.items() if np.isscalar(v) or v is None})
        return pd.DataFrame([row])

    def __repr__(self) -> str:
        se = "" if np.isnan(self.se) else f", se={self.se:.6g}"
        return f"Estimate({self.measure}={self.value:.6g}{se}, n={self.n})"
