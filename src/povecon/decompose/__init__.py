"""Decompositions: by income source, by subgroup, of poverty changes, of group gaps.

See docs/methods/decompositions.md for conventions and references.
"""

from ._table import Decomposition
from .change import datt_ravallion, sectoral, shapley_poverty_change
from .gaps import oaxaca_blinder
from .sources import gini_by_source, shapley_by_source, shorrocks_by_source, source_shares
from .subgroup import by_subgroup

__all__ = [
    "Decomposition",
    "source_shares", "gini_by_source", "shorrocks_by_source", "shapley_by_source",
    "by_subgroup",
    "datt_ravallion", "shapley_poverty_change", "sectoral",
    "oaxaca_blinder",
]
