# PYTHON_ARGCOMPLETE_OK
"""The ``povecon`` command line.

Each subcommand lives in its own module; messages speak of flags (``--na drop``), never of Python
arguments (``na='drop'``). Shell completion comes from argcomplete (see docs/reference/cli.md).
"""

from __future__ import annotations

import argparse
import sys

from ..errors import PovEconError
from ._common import to_flags

__all__ = ["build_parser", "main", "to_flags"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand.

    Returns
    -------
    argparse.ArgumentParser
    """
    from . import decompose, measures, mpi, panel, reproduce

    parser = argparse.ArgumentParser(prog="povecon", description="Reproducible poverty econometrics.")
    sub = parser.add_subparsers(dest="command", required=True)
    reproduce.add_parsers(sub)
    measures.add_parser(sub)
    mpi.add_parser(sub)
    decompose.add_parser(sub)
    panel.add_parser(sub)
    return parser


def _complete(parser: argparse.ArgumentParser) -> None:
    # completion is optional: without argcomplete the command works, it just does not complete
    try:
        import argcomplete
    except ImportError:
        return
    argcomplete.autocomplete(parser)


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``povecon``; None reads ``sys.argv``.

    Returns
    -------
    int
        The exit status: 0 success, 1 something asked for could not be done (failed analyses,
        measures not computed with ``--strict``), 2 a usage or input error.
    """
    parser = build_parser()
    _complete(parser)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except PovEconError as exc:
        print(f"povecon: error: {to_flags(str(exc))}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
