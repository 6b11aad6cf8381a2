"""One exception hierarchy for povecon.

Every error povecon raises on purpose is a ``PovEconError``; the subclasses say
what to fix. ``InputError`` and ``SpecError`` also derive from ``ValueError`` so
code written against plain Python conventions still catches them.
"""

from __future__ import annotations


class PovEconError(Exception):
    """Base class of every error povecon raises on purpose."""


class InputError(PovEconError, ValueError):
    """Data handed to a function cannot be used as given (bad values, columns, weights)."""


class SpecError(PovEconError, ValueError):
    """A specification (MPI spec, relation, option) is incoherent."""


class DataError(PovEconError):
    """A shipped dataset is unknown, malformed, or fails its checksum or schema."""


class EstimationError(PovEconError, RuntimeError):
    """An estimator cannot produce a result (no variation, separation, non-convergence)."""


class ReproduceError(PovEconError):
    """The reproduction pipeline cannot run a finding or evaluate a claim."""


class InputWarning(UserWarning):
    """Input was used but changed on the way (e.g. a group emptied by dropping missing values)."""


__all__ = [
    "PovEconError",
    "InputError",
    "SpecError",
    "DataError",
    "EstimationError",
    "ReproduceError",
]
