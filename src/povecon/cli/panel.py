"""``povecon panel FILE --id --time``: poverty dynamics tables of a long household panel."""

from __future__ import annotations

import sys

import pandas as pd

from ..errors import InputError, PovEconError
from . import _common

TABLES = {
    "headcount": ("poverty headcount by period", lambda p, a: p.headcount().to_frame()),
    "transitions": ("transition probabilities between consecutive periods",
                    lambda p, a: p.transition_matrix(by_period=a.by_period).to_frame()),
    "rates": ("entry, exit, persistence and re-entry rates", lambda p, a: p.rates(by_period=a.by_period).to_frame()),
    "reentry": ("life table of re-entry into poverty by years since exit", lambda p, a: p.reentry().to_frame()),
    "spells": ("one row per poverty or non-poverty spell", lambda p, a: p.spells().drop(columns="_hh")),
}


def run(args) -> tuple[dict[str, pd.DataFrame], list[tuple[str, str]]]:
    import povecon as pe

    data = _common.read_file(args.file)
    _common.check_columns(data, args.file, id=args.id, time=args.time, income=args.income, status=args.status,
                          weights=args.weights, deflator=args.deflator)
    if (args.income is None) == (args.status is None):
        raise InputError("give --income (with --line) or --status, not both")
    if args.income is not None and args.line is None:
        raise InputError("--income needs --line")
    if args.status is not None and args.line is not None:
        raise InputError("--line applies to --income, not to --status")
    used = [c for c in (args.id, args.time, args.income, args.status, args.weights, args.deflator) if c]
    missing = data[used].isna().any(axis=1)
    if missing.any():
        if args.na == "raise":
            counts = ", ".join(f"{c} {n}" for c, n in data[used].isna().sum().items() if n)
            raise InputError(f"missing values ({counts}); pass --na drop to drop those rows")
        data = data[~missing].reset_index(drop=True)
        _common.report_dropped(int(missing.sum()))
    panel = pe.PovertyPanel(data, id=args.id, time=args.time, income=args.income, status=args.status,
                            line=args.line, weights=args.weights, deflator=args.deflator, gaps=args.gaps,
                            spacing=args.spacing)
    tables, failed = {}, []
    for name in dict.fromkeys(args.tables or TABLES):
        try:
            tables[name] = TABLES[name][1](panel, args).reset_index(drop=True)
        except PovEconError as exc:  # e.g. no exit observed: no re-entry table, the others still stand
            failed.append((name, _common.to_flags(str(exc))))
    return tables, failed


def command(args) -> int:
    tables, failed = run(args)
    for i, (name, table) in enumerate(tables.items()):
        print(("\n" if i else "") + f"{name}:")
        shown = table.drop(columns=[c for c in ("group", "time") if c in table and table[c].isna().all()])
        print(_common.printable(shown))
    if failed:
        print("\nnot computed:")
        for name, why in failed:
            print(f"  {name}: {why}")
    if tables:
        _common.emit(tables, args)
    if failed and args.strict:
        print(f"povecon: {len(failed)} table(s) could not be computed (--strict)", file=sys.stderr)
        return 1
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser(
        "panel", help="poverty transitions, rates, re-entry and spells of a household panel",
        description="A long file, one row per household and period. Poor: --income below --line, or a 0/1 "
                    "--status column. Tables: " + "; ".join(f"{k} ({v[0]})" for k, v in TABLES.items())
                    + ". Standard errors are linearized with households as clusters.")
    p.add_argument("file", help="CSV, Parquet or Stata .dta file")
    p.add_argument("--id", required=True, metavar="COL", help="household identifier column")
    p.add_argument("--time", required=True, metavar="COL", help="period column (numeric)")
    p.add_argument("--income", metavar="COL", help="income column (with --line)")
    p.add_argument("--line", type=float, help="poverty line, in the prices of the (deflated) income")
    p.add_argument("--status", metavar="COL", help="0/1 poverty status column, instead of --income and --line")
    p.add_argument("--weights", metavar="COL", help="sampling weight column")
    p.add_argument("--deflator", metavar="COL", help="price deflator column (income is divided by it)")
    p.add_argument("--tables", nargs="+", choices=list(TABLES), metavar="T",
                   help=f"tables to compute (default: all): {', '.join(TABLES)}")
    p.add_argument("--by-period", action="store_true", help="transitions and rates per period, not pooled")
    p.add_argument("--gaps", choices=["raise", "split"], default="raise",
                   help="a household missing a wave: raise (default) or split its record at the gap")
    p.add_argument("--spacing", choices=["even", "waves"], default="even",
                   help="waves must be evenly spaced (default), or consecutive waves count as adjacent")
    p.add_argument("--strict", action="store_true", help="exit 1 when any table cannot be computed")
    _common.add_na(p)
    _common.add_output(p)
    p.set_defaults(func=command)
