"""``povecon decompose``: by income source, by subgroup, or a change in poverty into growth and redistribution.

Which one runs follows from the flags: ``--sources`` decomposes by source, ``--by`` by subgroup, and two
files (or ``--time COL --change T0 T1`` on one file) decompose the change in poverty between them.
"""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from . import _common
from .mpi import round_label

SOURCE_METHODS = {"shares": "source_shares", "gini": "gini_by_source", "shorrocks": "shorrocks_by_source",
                  "shapley": "shapley_by_source"}
CHANGE_METHODS = {"datt-ravallion": "datt_ravallion", "shapley": "shapley_poverty_change"}


def _kind(args) -> str:
    if args.sources:
        if len(args.files) > 1 or args.change:
            raise InputError("--sources decomposes one file; a change between files or rounds takes --income "
                             "and --line instead")
        return "sources"
    if len(args.files) == 2 or args.change:
        if len(args.files) == 2 and args.change:
            raise InputError("give two files or --time with --change, not both")
        return "change"
    if args.by:
        return "subgroup"
    raise InputError("say what to decompose: --sources (by income source), --by (by subgroup), or two files "
                     "or --time COL --change T0 T1 (a change in poverty)")


def run(args) -> pd.DataFrame:
    import povecon as pe

    if len(args.files) > 2:
        raise InputError("decompose takes one file, or two (before and after)")
    kind = _kind(args)
    method = args.method or ("shares" if kind == "sources" else "datt-ravallion")
    inference = _common.inference(args)
    if kind == "sources":
        if method not in SOURCE_METHODS:
            raise InputError(f"--method {method}: by source, choose one of {', '.join(SOURCE_METHODS)}")
        data = _common.read_file(args.files[0])
        _common.check_columns(data, args.files[0], sources=args.sources, total=args.total, weights=args.weights,
                              strata=args.strata, psu=args.psu, fpc=args.fpc)
        design, weights = _common.design(args)
        res = getattr(pe, SOURCE_METHODS[method])(data, args.sources, total=args.total, weights=weights,
                                                  design=design, na=args.na, **inference)
        return res.to_frame()
    if args.income is None:
        raise InputError(f"a decomposition by {'subgroup' if kind == 'subgroup' else 'period'} needs --income")
    if kind == "subgroup":
        data = _common.read_file(args.files[0])
        _common.check_columns(data, args.files[0], income=args.income, by=args.by, weights=args.weights,
                              strata=args.strata, psu=args.psu, fpc=args.fpc)
        design, weights = _common.design(args)
        alpha = tuple(args.alpha) if args.line is not None else ()
        res = pe.by_subgroup(data, args.income, by=args.by, line=args.line, alpha=alpha,
                             ge_alpha=tuple(args.ge_alpha), weights=weights, design=design, na=args.na,
                             **inference)
        return res.to_frame()
    if method not in CHANGE_METHODS:
        raise InputError(f"--method {method}: a change in poverty takes one of {', '.join(CHANGE_METHODS)}")
    if args.line is None:
        raise InputError("a change in poverty needs --line")
    if args.strata or args.psu or args.fpc:
        raise InputError("the change decompositions resample each period's rows; give --weights only")
    before, after = _periods(args)
    extra = {"line_after": args.line_after} if method == "shapley" else {"reference": args.reference}
    if method != "shapley" and args.line_after is not None:
        raise InputError("--line-after applies to --method shapley")
    res = getattr(pe, CHANGE_METHODS[method])(before, after, income=args.income, line=args.line,
                                              alpha=args.alpha[0], weights=args.weights, **extra, **inference)
    return res.to_frame()


def _periods(args) -> tuple[pd.DataFrame, pd.DataFrame]:
    if len(args.files) == 2:
        frames = [_common.read_file(f) for f in args.files]
        for f, d in zip(args.files, frames):
            _common.check_columns(d, f, income=args.income, weights=args.weights)
        return frames[0], frames[1]
    if args.time is None:
        raise InputError("--change needs --time (the column of the rounds)")
    data = _common.read_file(args.files[0])
    _common.check_columns(data, args.files[0], income=args.income, weights=args.weights, time=args.time)
    rounds = pd.unique(data[args.time].dropna())
    t0, t1 = (round_label(t, rounds) for t in args.change)
    return (data[data[args.time] == t0].reset_index(drop=True),
            data[data[args.time] == t1].reset_index(drop=True))


def command(args) -> int:
    table = run(args)
    print(_common.printable(table.drop(columns=[c for c in ("group", "time") if c in table
                                                 and table[c].isna().all()])))
    _common.emit(table, args)
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser(
        "decompose", help="decompose inequality by source or subgroup, or a change in poverty",
        description="By income source: --sources A B C --method shares|gini|shorrocks|shapley. By subgroup: "
                    "--income COL --by COL [--line Z] (FGT, GE and Gini decompositions). A change in poverty "
                    "between two files (before after), or two rounds of one file (--time COL --change T0 "
                    "T1): --income COL --line Z --method datt-ravallion|shapley.")
    p.add_argument("files", nargs="+", metavar="FILE", help="one file, or two (before and after)")
    p.add_argument("--income", metavar="COL", help="income (or consumption) column")
    p.add_argument("--sources", nargs="+", metavar="COL", help="income source columns")
    p.add_argument("--total", metavar="COL", help="total income column the sources must add up to")
    p.add_argument("--method", choices=sorted({*SOURCE_METHODS, *CHANGE_METHODS}),
                   help="by source: shares (default), gini (Lerman-Yitzhaki), shorrocks, shapley; "
                        "a change: datt-ravallion (default), shapley")
    p.add_argument("--by", metavar="COL", help="subgroup column")
    p.add_argument("--line", type=float, help="poverty line (FGT rows of a subgroup decomposition; a change)")
    p.add_argument("--line-after", type=float, help="poverty line of the second period (--method shapley)")
    p.add_argument("--alpha", type=float, nargs="+", default=[0, 1, 2],
                   help="FGT order(s) (default 0 1 2; a change uses the first)")
    p.add_argument("--ge-alpha", type=float, nargs="*", default=[0, 1, 2],
                   help="GE order(s) of a subgroup decomposition (default 0 1 2; none to skip)")
    p.add_argument("--reference", choices=["initial", "final"], default="initial",
                   help="reference period of Datt-Ravallion (default initial)")
    p.add_argument("--time", metavar="COL", help="column of the rounds, with --change")
    p.add_argument("--change", nargs=2, metavar=("T0", "T1"), help="decompose the change from round T0 to T1")
    _common.add_design(p)
    _common.add_inference(p, choices=("linearized", "bootstrap", "none"), default=None)
    _common.add_na(p)
    _common.add_output(p)
    p.set_defaults(func=command)
