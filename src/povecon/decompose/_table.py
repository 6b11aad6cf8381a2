"""The result type of every decomposition: a tidy table plus context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Decomposition:
    """A decomposition result.

    ``table`` has one row per component (sources, groups, or terms of a change);
    ``value_column`` names its headline column, so ``result["growth"]`` or
    ``result["wage"]`` returns that component's headline number. ``total`` is the
    quantity decomposed. ``se`` holds bootstrap standard errors (same shape as
    ``table``) when requested, else ``None``.
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
        """Copy of ``table`` (with ``se_<column>`` columns when SEs were computed)."""
        out = self.table.copy()
        if self.se is not None:
            for col in self.se.columns:
                out[f"se_{col}"] = self.se[col]
        return out

    def __repr__(self) -> str:
        return f"Decomposition({self.method}, total={self.total:.6g}, n={self.n})\n{self.table.to_string()}"
