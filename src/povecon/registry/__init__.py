"""Registry scale: povecon's estimators on data larger than memory, through dask.

A ``dask.dataframe.DataFrame`` (or Parquet files read by :func:`scan`) is accepted
wherever an estimator that has a summary form accepts a pandas DataFrame; see the
docs page "Working at registry scale".
"""

from __future__ import annotations

from ._dispatch import distributable
from ._frames import is_dask, refuse
from .scan import scan

__all__ = ["distributable", "is_dask", "refuse", "scan"]
