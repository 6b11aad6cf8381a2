"""Old names that keep working for one release, with a ``DeprecationWarning``.

``renamed_parameters(old="new", ...)`` lets a function accept a parameter under its old
name; ``deprecated_alias(func, "old_name")`` keeps a renamed function reachable. Every
rename is listed in ``docs/migration.md``.
"""

from __future__ import annotations

import functools
import warnings
from typing import Callable

from .errors import InputError

REMOVAL = "the next release"


def renamed_parameters(**mapping: str) -> Callable:
    """Decorator: accept each ``old`` keyword for ``new`` with a ``DeprecationWarning``.

    Passing both the old and the new name is an ``InputError``.
    """

    def wrap(func: Callable) -> Callable:
        @functools.wraps(func)
        def inner(*args, **kwargs):
            for old, new in mapping.items():
                if old in kwargs:
                    if new in kwargs:
                        raise InputError(f"{func.__name__}: pass {new}= only ({old}= is its old name)")
                    warnings.warn(f"{func.__name__}: the parameter {old}= is now {new}=; {old}= will be "
                                  f"removed in {REMOVAL}", DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        inner.__renamed_parameters__ = dict(mapping)
        return inner

    return wrap


def deprecated_alias(func: Callable, old_name: str, new_name: str | None = None) -> Callable:
    """``func`` under its old name, warning that it is now ``new_name``."""
    new_name = new_name or func.__name__

    @functools.wraps(func)
    def alias(*args, **kwargs):
        warnings.warn(f"{old_name} is now {new_name}; the old name will be removed in {REMOVAL}",
                      DeprecationWarning, stacklevel=2)
        return func(*args, **kwargs)

    alias.__deprecated_alias_of__ = new_name
    alias.__doc__ = f"Deprecated alias of :func:`{new_name}` (removed in {REMOVAL}).\n\n" + (func.__doc__ or "")
    return alias
