"""What every file-in, table-out command shares: reading, options, tables out, flag-worded messages."""

from __future__ import annotations

import re
import sys
from fractions import Fraction
from pathlib import Path

import pandas as pd

from ..errors import InputError

READERS = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".pq": pd.read_parquet, ".dta": pd.read_stata}
WRITERS = (".csv", ".parquet", ".pq", ".xlsx", ".tex", ".md", ".markdown")
FLOAT = "{:.4f}".format


def read_file(path: str) -> pd.DataFrame:
    """A data file as a frame; an unknown suffix or an unreadable file is an InputError naming the file."""
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


def check_columns(data: pd.DataFrame, path: str, **flags) -> None:
    """Every column a flag names must be in the file; the message names the flag."""
    for flag, cols in flags.items():
        if cols is None:
            continue
        for col in [cols] if isinstance(cols, str) else cols:
            if col not in data.columns:
                raise InputError(f"--{flag.replace('_', '-')} {col}: {path} has no column {col!r} "
                                 f"(columns: {', '.join(map(str, data.columns[:20]))}"
                                 f"{' ...' if len(data.columns) > 20 else ''})")


# --- options -------------------------------------------------------------------

def fraction(text: str) -> float:
    """``1/3``, ``0.33`` or ``33`` (a percent, as the MPI functions read integers above 1)."""
    try:
        return float(Fraction(text.strip()))
    except (ValueError, ZeroDivisionError):
        raise InputError(f"--k {text}: not a number or a fraction such as 1/3") from None


def add_design(p) -> None:
    g = p.add_argument_group("survey design")
    g.add_argument("--weights", metavar="COL", help="sampling weight column")
    g.add_argument("--strata", metavar="COL", help="stratum column")
    g.add_argument("--psu", metavar="COL", help="primary sampling unit (cluster) column")
    g.add_argument("--fpc", metavar="COL", help="finite-population correction column (PSUs in the stratum, "
                                                "or the sampling fraction)")
    g.add_argument("--replicate-weights", nargs="+", metavar="COL",
                   help="replicate weight columns (used by --se replicate)")
    g.add_argument("--replicate-scale", type=float, default=1.0, metavar="S",
                   help="overall factor of the replicate variance (default 1)")


def add_inference(p, choices=("linearized", "bootstrap", "replicate", "none"), default="linearized") -> None:
    g = p.add_argument_group("inference")
    said = default or "the method's own: linearized where it exists, else none"
    g.add_argument("--se", choices=choices, default=default,
                   help=f"standard errors (default: {said}); bootstrap needs --seed")
    g.add_argument("--replicates", type=int, metavar="R", help="bootstrap replicates (default: 500)")
    g.add_argument("--seed", type=int, help="seed of the bootstrap (required with --se bootstrap)")
    g.add_argument("--level", type=float, default=0.95, help="confidence level of the intervals (default: 0.95)")


def add_na(p) -> None:
    p.add_argument("--na", choices=["raise", "drop"], default="raise",
                   help="missing values: raise (default), or drop those rows and say how many")


def add_output(p) -> None:
    g = p.add_argument_group("output")
    g.add_argument("-o", "--output", metavar="FILE", action="append",
                   help="also write the table; the extension chooses the format: .csv, .parquet, .xlsx, .tex, "
                        ".md (repeat -o for several files)")
    g.add_argument("--csv", metavar="FILE", help="also write the table as CSV")
    g.add_argument("--latex", metavar="FILE", help="also write the table as LaTeX")


def design(args):
    """``(design, weights)`` for an estimator: a SurveyDesign when strata, PSUs or an fpc are given."""
    from ..survey import SurveyDesign

    replicate = getattr(args, "replicate_weights", None)
    if getattr(args, "strata", None) or getattr(args, "psu", None) or getattr(args, "fpc", None) or replicate:
        return SurveyDesign(weights=args.weights, strata=args.strata, psu=args.psu, fpc=args.fpc,
                            replicate=replicate, replicate_scale=getattr(args, "replicate_scale", 1.0)), None
    return None, args.weights


def se(args):
    return None if args.se == "none" else args.se


def inference(args) -> dict:
    # only what was given: the estimators' own defaults stand otherwise (and some tell a default
    # from an explicit value)
    out = dict(level=args.level)
    if args.se is not None:
        out["se"] = se(args)
    for name in ("replicates", "seed"):
        if getattr(args, name) is not None:
            out[name] = getattr(args, name)
    return out


def report_dropped(n: int) -> None:
    # --na drop must never lose rows silently: say how many went
    if n:
        print(f"dropped {n} row(s) with missing values (--na drop)", file=sys.stderr)


# --- tables out ------------------------------------------------------------------

def printable(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "(no rows)"
    return frame.to_string(index=False, float_format=FLOAT)


def _latex(frame: pd.DataFrame) -> str:
    return frame.to_latex(index=False, float_format=FLOAT, na_rep="")


def _markdown(frame: pd.DataFrame) -> str:
    return frame.to_markdown(index=False, floatfmt=".4f", missingval="")


def _write_one(frame: pd.DataFrame, path: Path, suffix: str) -> None:
    if suffix == ".csv":
        frame.to_csv(path, index=False, lineterminator="\n")
    elif suffix in (".parquet", ".pq"):
        # object columns mixing None and labels are written as text, so any reader gets one type
        frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object}).to_parquet(path, index=False)


def write_tables(tables: dict[str, pd.DataFrame], path: str | Path, suffix: str | None = None) -> list[Path]:
    """Write the tables in the format the extension of ``path`` names; returns the files written.

    One table is written as it is. Several go to one file as sheets (.xlsx) or sections (.md, .tex); a
    .csv or .parquet file holds the estimate tables stacked with a leading ``table`` column, and a table
    of another shape (a listing of spells, say) goes to a file of its own, ``NAME-<table>.csv``.
    """
    path = Path(path)
    suffix = (suffix or path.suffix).lower()
    if suffix not in WRITERS:
        raise InputError(f"-o {path}: unknown output format {suffix!r}; use one of {', '.join(WRITERS)}")
    tables = {k: v for k, v in tables.items() if v is not None}
    single = len(tables) == 1
    written = [path]
    if suffix == ".xlsx":
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise InputError(f"-o {path}: writing .xlsx needs the openpyxl package (pip install openpyxl)") from None
        with pd.ExcelWriter(path, engine="openpyxl") as xl:
            for name, part in tables.items():
                part.to_excel(xl, sheet_name=("results" if single else name)[:31], index=False)
    elif suffix in (".tex", ".md", ".markdown"):
        render, heading = (_latex, "% {}\n") if suffix == ".tex" else (_markdown, "## {}\n\n")
        parts = [("" if single else heading.format(name)) + render(part) for name, part in tables.items()]
        path.write_text("\n".join(p if p.endswith("\n") else p + "\n" for p in parts), encoding="utf-8")
    elif single:
        _write_one(next(iter(tables.values())), path, suffix)
    else:
        estimates = {k: v for k, v in tables.items() if "value" in v.columns}
        _write_one(stacked(estimates), path, suffix)
        for name, part in tables.items():
            if name not in estimates:
                other = path.with_name(f"{path.stem}-{name}{path.suffix}")
                _write_one(part, other, suffix)
                written.append(other)
    return written


def emit(tables: pd.DataFrame | dict[str, pd.DataFrame], args) -> None:
    """Write the table(s) to every file asked for (``-o``, and the older ``--csv`` and ``--latex``)."""
    if isinstance(tables, pd.DataFrame):
        tables = {"results": tables}
    for path, suffix in [(p, None) for p in args.output or ()] + [(args.csv, ".csv"), (args.latex, ".tex")]:
        if path is not None:
            for written in write_tables(tables, path, suffix):
                print(f"wrote {written}", file=sys.stderr)


def stacked(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Several tables as one long frame with a leading ``table`` column (for one-file formats)."""
    parts = [t.assign(table=name)[["table", *t.columns]] for name, t in tables.items() if not t.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


# --- messages in the words of the command line -------------------------------------

# Python argument -> command-line flag, for messages the library words for Python callers
FLAGS = {
    "na": "--na", "se": "--se", "weights": "--weights", "by": "--by", "domain": "--domain", "seed": "--seed",
    "replicates": "--replicates", "level": "--level", "line": "--line", "income": "--income", "k": "--k",
    "time": "--time", "years": "--years", "status": "--status", "id": "--id", "sources": "--sources",
    "total": "--total", "strata": "--strata", "psu": "--psu", "fpc": "--fpc", "spec": "--spec",
    "alpha": "--alpha", "epsilon": "--epsilon", "growth": "--growth",
}
# constructs that have no flag of their own: say what to pass instead
PHRASES = (
    (re.compile(r"seed=<a whole number >= 0>"), "--seed N (a whole number >= 0)"),
    (re.compile(r"SurveyDesign\(replicate=\.\.\.\) replicate weights"), "replicate weights: pass "
     "--replicate-weights COL ..."),
    (re.compile(r"pass weights through the SurveyDesign, not both weights= and design="),
     "give the weights once, with --weights"),
    (re.compile(r"\bchange\(\) needs a result estimated with time="), "--change needs --time"),
    (re.compile(r"povecon\.RelativeLine\(\.\.\.\)"), "a relative line such as 60%median"),
    (re.compile(r"\bRelativeLine\(([^)]*)\)"), "a relative line (--line 60%median)"),
    (re.compile(r"\bdesign="), "--strata/--psu/--fpc"),
)
_ARG = re.compile(r"(?<![\w.-])(" + "|".join(sorted(FLAGS, key=len, reverse=True))
                  + r")=(?:'([^']*)'|\"([^\"]*)\"|(None)|(<[^>]*>)|([\w./+-]+)|(\.\.\.)|(?=[\s,;)]|$))")


def _flag(match: re.Match) -> str:
    flag = FLAGS[match.group(1)]
    quoted = match.group(2) if match.group(2) is not None else match.group(3)
    if quoted is not None:
        return f"{flag} {quoted}"
    if match.group(4):
        return f"{flag} none"
    value = match.group(5) or match.group(6)
    return f"{flag} {value}" if value else flag


def to_flags(message: str) -> str:
    """A library message with its Python arguments (``na='drop'``, ``weights=``) worded as flags."""
    for pattern, words in PHRASES:
        message = pattern.sub(words, message)
    return _ARG.sub(_flag, message)
