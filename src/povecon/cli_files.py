"""``povecon measures FILE`` and ``povecon mpi FILE``: the estimators on a user's own file."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from .errors import InputError

READERS = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".pq": pd.read_parquet, ".dta": pd.read_stata}

MEASURES = ("fgt0", "fgt1", "fgt2", "watts", "sen", "gini", "theil", "mld", "atkinson", "palma", "qsr")


def read_file(path: str) -> pd.DataFrame:
    p = Path(path)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise InputError(f"{path}: unsupported file type {p.suffix!r}; use one of {', '.join(sorted(READERS))}")
    if not p.exists():
        raise InputError(f"{path}: no such file")
    try:
        return reader(p)
    except Exception as exc:  # every reader has its own exceptions; all mean "cannot read it"
        raise InputError(f"{path}: cannot read it as {p.suffix} ({exc})") from None


def _design(args):
    from .survey import SurveyDesign

    if args.strata or args.psu:
        return SurveyDesign(weights=args.weights, strata=args.strata, psu=args.psu), None
    return None, args.weights


def run_measures(args) -> pd.DataFrame:
    import povecon as pe

    data = read_file(args.file)
    design, weights = _design(args)
    wanted = args.measures or (["fgt0", "fgt1", "fgt2", "watts", "gini", "theil"] if args.line is not None
                               else ["gini", "theil", "mld", "palma"])
    unknown = [m for m in wanted if m not in MEASURES]
    if unknown:
        raise InputError(f"unknown measure(s) {unknown}; choose from {', '.join(MEASURES)}")
    needs_line = [m for m in wanted if m in ("fgt0", "fgt1", "fgt2", "watts", "sen")]
    if needs_line and args.line is None:
        raise InputError(f"{', '.join(needs_line)} need a poverty line: pass --line")
    common = dict(weights=weights, design=design, by=args.by, na=args.na)
    frames = []
    dropped = 0
    for m in wanted:
        if m.startswith("fgt"):
            r = pe.fgt(data, args.income, line=args.line, alpha=int(m[3]), **common)
        elif m in ("watts", "sen"):
            r = getattr(pe, m)(data, args.income, line=args.line, **common)
        else:
            r = getattr(pe, m)(data, args.income, **common)
        dropped = max(dropped, r.n_dropped)
        frames.append(r.to_frame().assign(measure=m))  # the name the user asked for (theil, not ge1)
    _report_dropped(dropped)
    out = pd.concat(frames, ignore_index=True)
    keep = (["group"] if args.by is not None else []) + ["measure", "value", "se", "ci_lower", "ci_upper", "n"]
    return out[keep]


def run_mpi(args) -> pd.DataFrame:
    import povecon as pe

    data = read_file(args.file)
    spec = pe.MPISpec.from_yaml(args.spec) if args.spec.endswith((".yaml", ".yml")) else pe.MPISpec.from_json(args.spec)
    design, weights = _design(args)
    res = pe.mpi(data, spec, k=args.k, design=design, weights=weights, by=args.by, na=args.na)
    _report_dropped(res.n_dropped)
    frame = res.to_frame()
    if not args.all:
        frame = frame[frame["measure"].isin(["H", "A", "M0"])]
    return frame.reset_index(drop=True)


def _report_dropped(n: int) -> None:
    # --na drop must never lose rows silently: say how many went
    if n:
        print(f"dropped {n} row(s) with missing values (--na drop)", file=sys.stderr)


def emit(frame: pd.DataFrame, args) -> None:
    print(frame.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    if args.csv:
        frame.to_csv(args.csv, index=False, lineterminator="\n")
        print(f"wrote {args.csv}", file=sys.stderr)
    if args.latex:
        Path(args.latex).write_text(frame.to_latex(index=False, float_format=lambda v: f"{v:.4f}"), encoding="utf-8")
        print(f"wrote {args.latex}", file=sys.stderr)


def _measures_command(args) -> int:
    emit(run_measures(args), args)
    return 0


def _mpi_command(args) -> int:
    emit(run_mpi(args), args)
    return 0


def add_parsers(sub) -> None:
    def common(p):
        p.add_argument("file", help="CSV, Parquet or Stata .dta file")
        p.add_argument("--weights", help="sampling weight column")
        p.add_argument("--strata", help="stratum column (design-based standard errors)")
        p.add_argument("--psu", help="primary sampling unit column")
        p.add_argument("--by", help="subgroup column")
        p.add_argument("--na", choices=["raise", "drop"], default="raise", help="missing values: raise (default) or drop and count")
        p.add_argument("--csv", help="also write the table as CSV")
        p.add_argument("--latex", help="also write the table as LaTeX")

    m = sub.add_parser("measures", help="poverty and inequality measures of a file's income column")
    common(m)
    m.add_argument("--income", required=True, help="income (or consumption) column")
    m.add_argument("--line", type=float, help="absolute poverty line (e.g. 2300)")
    m.add_argument("--measures", nargs="+", metavar="M", help=f"any of: {', '.join(MEASURES)}")
    m.set_defaults(func=_measures_command)

    p = sub.add_parser("mpi", help="Alkire-Foster MPI of a file with an indicator spec")
    common(p)
    p.add_argument("--spec", required=True, help="MPI specification (YAML or JSON)")
    p.add_argument("--k", type=float, nargs="+", required=True, help="poverty cutoff(s) in (0, 1]")
    p.add_argument("--all", action="store_true", help="every measure, not only H, A and M0")
    p.set_defaults(func=_mpi_command)
