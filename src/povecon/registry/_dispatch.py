"""Which estimators accept a dask DataFrame, and the switch to the registry path."""

from __future__ import annotations

import functools
import inspect
from typing import Callable

from ._frames import is_dask


def distributable(*columns: str):
    """Decorator: the estimator also accepts a dask DataFrame as ``data``.

    ``columns`` are the parameters that may name columns (``income``, ``line``, ``by``,
    ``domain`` ...); with a dask DataFrame they must be column names.
    """

    def wrap(func: Callable) -> Callable:
        sig = inspect.signature(func)

        @functools.wraps(func)
        def inner(*args, **kwargs):
            data = args[0] if args else kwargs.get("data")
            if not is_dask(data):
                return func(*args, **kwargs)
            from ._measures import run_dask

            return run_dask(func, sig, sig.bind(*args, **kwargs), ("income",) + tuple(columns))

        inner.__distributable__ = ("income",) + tuple(columns)
        return inner

    return wrap
