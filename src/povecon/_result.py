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
    """A scalar estimate: ``float(e)`` is the value, ``e.se`` its standard error, ``e.ci()`` and ``e.to_frame()`` views."""

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
        level = self.level if level is None else level
        if not 0 < level < 1:
            from .errors import InputError

            raise InputError(f"level must lie in (0, 1), got {level!r}")
        q = 1 - (1 - level) / 2
        crit = stats.t.ppf(q, self.df) if self.df is not None and self.df > 0 else stats.norm.ppf(q)
        return (self.value - crit * self.se, self.value + crit * self.se)

    def to_frame(self, level: float | None = None) -> pd.DataFrame:
        lo, hi = self.ci(level)
        row = {"measure": self.measure, "value": self.value, "se": self.se,
               "ci_lower": lo, "ci_upper": hi, "n": self.n}
        row.update({k: v for k, v in self.params.items() if np.isscalar(v) or v is None})
        return pd.DataFrame([row])

    def __repr__(self) -> str:
        se = "" if np.isnan(self.se) else f", se={self.se:.6g}"
        return f"Estimate({self.measure}={self.value:.6g}{se}, n={self.n})"
