"""The result type of every decomposition: a tidy table plus context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Decomposition:
    """A decomposition result.

    ``result["growth"]`` returns that component's headline number.

    Parameters
    ----------
    method : str
        Name of the decomposition (``"Datt-Ravallion"``, ``"source shares"`` ...).
    table : pandas.DataFrame
        One row per component (sources, groups, or terms of a change).
    total : float
        The quantity decomposed.
    value_column : str
        The headline column of ``table``.
    n : int, optional
        Observations used.
    n_dropped : int, default 0
        Rows dropped for missing values.
    se : pandas.DataFrame, optional
        Bootstrap standard errors, the same shape as ``table``; None when not
        requested.
    params : dict, optional
        Options the decomposition was computed with.
    details : dict, optional
        Further results.
    """

    method: str
    table: pd.DataFrame
    total: float
    value_column: str
    n: int | None = None
    n_dropped: int = 0
    se: pd.DataFrame | None = None
    params: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict, repr=False)

    def __getitem__(self, key: Any) -> float:
        return float(self.table.loc[key, self.value_column])

    def to_frame(self) -> pd.DataFrame:
        """Copy of ``table`` (with ``se_<column>`` columns when SEs were computed).

        Returns
        -------
        pandas.DataFrame
        """
        out = self.table.copy()
        if self.se is not None:
            for col in self.se.columns:
                out[f"se_{col}"] = self.se[col]
        return out

    def __repr__(self) -> str:
        return f"Decomposition({self.method}, total={self.total:.6g}, n={self.n})\n{self.table.to_string()}"
