"""povecon: reproducible poverty econometrics.

The public API is flat: ``import povecon as pe`` then ``pe.fgt``, ``pe.gini``,
``pe.mpi``, ``pe.MPISpec``, ``pe.PovertyPanel`` ...
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import errors  # noqa: F401
from ._result import Estimate  # noqa: F401
from .errors import (  # noqa: F401
    DataError,
    EstimationError,
    InputError,
    PovEconError,
    ReproduceError,
    SpecError,
)

# --- survey design ---------------------------------------------------------
from .survey import SurveyDesign  # noqa: F401

# --- datasets (transcribed report data, simulator) -------------------------
from . import datasets  # noqa: F401

# --- measures: poverty, inequality, lines, grouped data --------------------
# (filled by the measures module)

# --- multidimensional poverty ---------------------------------------------
# (filled by the mpi module)

# --- decompositions --------------------------------------------------------
# (filled by the decompose module)

# --- poverty dynamics ------------------------------------------------------
# (filled by the dynamics module)

# --- China policy constants ------------------------------------------------
from . import china  # noqa: F401
