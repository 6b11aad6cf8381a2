"""Data shipped with povecon: the numbers transcribed from the two reports.

``load(name)`` returns one transcribed table as a DataFrame; ``names()`` lists them.
Every file is described in ``data/datapackage.json`` (a Frictionless tabular data
package: schema, units, provenance, sha256), which ``build_datapackage()`` writes
from the per-folder ``resources*.yaml`` files and ``verify()`` checks.
"""

from .package import (  # noqa: F401
    NUMBER_FIELDS,
    RELATION_FIELDS,
    SAME_QUANTITY_FIELDS,
    build_datapackage,
    data_root,
    load,
    names,
    verify,
)
from .simulate import SimulatedHouseholds, Truth, calibration_table, simulate_households  # noqa: F401,E402
