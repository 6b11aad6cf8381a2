"""Alkire-Foster multidimensional poverty (issue #5).

``spec`` says what is counted, ``estimate`` how, ``result`` what came out,
``presets`` ships published indicator sets, ``robustness`` checks orderings.
"""

from .association import AssociationResult, mpi_association
from .estimate import mpi
from .presets import china_basic_needs, global_mpi
from .result import MPIResult
from .robustness import dominance, k_curve, weight_robustness
from .spec import Dimension, Indicator, MPISpec, normalize_k

__all__ = [
    "mpi", "MPISpec", "Dimension", "Indicator", "MPIResult", "normalize_k",
    "global_mpi", "china_basic_needs", "k_curve", "dominance", "weight_robustness",
    "mpi_association", "AssociationResult",
]
