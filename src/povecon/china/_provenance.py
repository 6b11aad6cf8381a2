"""Old provenance attribute names of the china records, kept for one release.

The records used to call the transcribed file ``seed`` and its line ``line``; ``seed``
now means a random seed everywhere in povecon and ``line`` a poverty line, so the
provenance is ``source_file`` and ``source_line``.
"""

from __future__ import annotations

import warnings

from .._compat import REMOVAL


def renamed_attribute(old: str, new: str) -> property:
    """A read-only property ``old`` that returns ``new`` with a ``DeprecationWarning``."""

    def get(self):
        warnings.warn(f"{type(self).__name__}.{old} is now .{new}; .{old} will be removed in {REMOVAL}",
                      DeprecationWarning, stacklevel=2)
        return getattr(self, new)

    return property(get, doc=f"Deprecated: use ``{new}``.")
