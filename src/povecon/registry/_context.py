"""The registry-scale job an estimator call is running under (if any).

Kept free of imports so that the measures' engine can consult it without a cycle.
"""

from __future__ import annotations

from contextvars import ContextVar

JOB: ContextVar = ContextVar("povecon_registry_job", default=None)


def active(data) -> object | None:
    """The job whose collapsed frame ``data`` is, or None."""
    job = JOB.get()
    return job if job is not None and data is job.frame else None
