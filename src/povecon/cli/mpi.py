"""``povecon mpi FILE --spec SPEC``: Alkire-Foster measures, per group and round, and changes between rounds."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from . import _common

HEADLINE = ("H", "A", "M0")
PRESETS = ("global", "china")


def load_spec(text: str):
    """A YAML or JSON spec file, or a preset: ``global`` (the global MPI) or ``china`` (basic needs)."""
    import povecon as pe

    if text == "global":
        return pe.global_mpi()
    if text == "china":
        return pe.china_basic_needs()
    if text.lower().endswith((".yaml", ".yml")):
        return pe.MPISpec.from_yaml(text)
    if text.lower().endswith(".json"):
        return pe.MPISpec.from_json(text)
    raise InputError(f"--spec {text}: a .yaml, .yml or .json file, or a preset ({', '.join(PRESETS)})")


def round_label(text: str, rounds) -> object:
    """The round of the ``--time`` column that ``text`` names (``1`` names the integer round 1)."""
    for t in rounds:
        if str(t) == text:
            return t
    try:
        x = float(text)
    except ValueError:
        x = None
    for t in rounds:
        try:
            if x is not None and float(t) == x:
                return t
        except (TypeError, ValueError):
            continue
    raise InputError(f"--change {text}: no such round in the --time column (rounds: "
                     f"{', '.join(map(str, rounds))})")


def run(args) -> dict[str, pd.DataFrame]:
    import povecon as pe

    data = _common.read_file(args.file)
    _common.check_columns(data, args.file, weights=args.weights, strata=args.strata, psu=args.psu,
                          fpc=args.fpc, by=args.by, time=args.time)
    if args.change and args.time is None:
        raise InputError("--change needs --time (the column of the rounds)")
    if args.years is not None and not args.change:
        raise InputError("--years applies to --change")
    spec = load_spec(args.spec)
    design, weights = _common.design(args)
    k = [_common.fraction(x) for x in args.k] if args.k else None
    res = pe.mpi(data, spec, k=k[0] if k and len(k) == 1 else k, design=design, weights=weights, by=args.by,
                 time=args.time, na=args.na, **_common.inference(args))
    _common.report_dropped(res.n_dropped)
    levels = res.to_frame()
    if not args.all:
        levels = levels[levels["measure"].isin(HEADLINE)]
    levels = _tidy(levels, args)
    tables = {"levels": levels}
    if args.change:
        t0, t1 = (round_label(t, res.times) for t in args.change)
        changes = res.change(t0, t1, measures=HEADLINE, years=args.years).to_frame()
        tables["changes"] = _tidy(changes.drop(columns=["time", "contrast"], errors="ignore"), args)
    return tables


def _tidy(frame: pd.DataFrame, args) -> pd.DataFrame:
    drop = [c for c in ("group",) if args.by is None and c in frame] + [c for c in ("time",) if args.time is None
                                                                         and c in frame]
    if not args.all and "indicator" in frame and frame["indicator"].isna().all():
        drop.append("indicator")
    return frame.drop(columns=drop).reset_index(drop=True)


def command(args) -> int:
    tables = run(args)
    for i, (name, table) in enumerate(tables.items()):
        if len(tables) > 1:
            print(("\n" if i else "") + f"{name}:")
        print(_common.printable(table))
    _common.emit(tables, args)
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("mpi", help="Alkire-Foster MPI of a file with an indicator spec",
                       description="H, A and M0 (every measure with --all) per --k, group and round, with "
                                   "standard errors under the design; --change adds the changes between two "
                                   "rounds (absolute, relative, and annualized with --years).")
    p.add_argument("file", help="CSV, Parquet or Stata .dta file")
    p.add_argument("--spec", required=True, metavar="SPEC",
                   help="MPI specification: a YAML or JSON file, or a preset (global, china)")
    p.add_argument("--k", nargs="+", metavar="K",
                   help="poverty cutoff(s): fractions such as 1/3 or 0.33, or percents (33); default: the spec's")
    p.add_argument("--by", metavar="COL", help="subgroup column")
    p.add_argument("--time", metavar="COL", help="column of the survey round")
    p.add_argument("--change", nargs=2, metavar=("T0", "T1"), help="changes from round T0 to round T1 "
                                                                   "(needs --time)")
    p.add_argument("--years", type=float, metavar="N",
                   help="years between the two rounds, for the annualized changes (default: T1 - T0 when "
                        "the rounds are calendar years)")
    p.add_argument("--all", action="store_true", help="every measure, not only H, A and M0")
    _common.add_design(p)
    _common.add_inference(p, choices=("linearized", "bootstrap", "none"))
    _common.add_na(p)
    _common.add_output(p)
    p.set_defaults(func=command)
