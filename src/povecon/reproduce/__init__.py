"""Reproduce the two reports: the audit engine, the analysis runner and the report."""

from .audit import AUDIT_COLUMNS, VERDICTS, all_numbers, all_relations, run_audit  # noqa: F401
from .context import Context  # noqa: F401
from .html import write_site  # noqa: F401
from .runner import RunResult, discover, reproduce  # noqa: F401
