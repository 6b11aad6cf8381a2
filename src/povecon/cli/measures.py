"""``povecon measures FILE``: every poverty and inequality measure of an income column, each on its own.

A measure that cannot be computed for this data (Watts with zero incomes, say) does not stop the others:
it is reported with the reason, and only ``--strict`` turns that into a non-zero exit.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ..errors import InputError, PovEconError
from . import _common

# a requirement the data can miss: (rows that miss it, how to say it)
_NONPOSITIVE = (lambda y: y <= 0, "<= 0")
_NEGATIVE = (lambda y: y < 0, "< 0")


@dataclass(frozen=True)
class Measure:
    name: str
    help: str
    run: Callable  # (pe, data, income, line, args, common) -> Result
    line: bool = False  # needs --line
    misses: tuple | None = None  # incomes that make it impossible (for the count in the reason)


def _fgt(alpha):
    return lambda pe, d, y, z, a, c: pe.fgt(d, y, line=z, alpha=alpha, **c)


def _poverty(fn, **extra):
    return lambda pe, d, y, z, a, c: getattr(pe, fn)(d, y, line=z, **extra, **c)


def _inequality(fn, **extra):
    return lambda pe, d, y, z, a, c: getattr(pe, fn)(d, y, **extra, **c)


MEASURES = {m.name: m for m in (
    Measure("fgt0", "headcount ratio (FGT 0)", _fgt(0), line=True),
    Measure("fgt1", "poverty gap index (FGT 1)", _fgt(1), line=True),
    Measure("fgt2", "squared poverty gap (FGT 2)", _fgt(2), line=True),
    Measure("watts", "Watts index", _poverty("watts"), line=True, misses=_NONPOSITIVE),
    Measure("sen", "Sen index", _poverty("sen"), line=True, misses=_NEGATIVE),
    Measure("sst", "Sen-Shorrocks-Thon index", _poverty("sst"), line=True),
    Measure("takayama", "Takayama index", _poverty("takayama"), line=True, misses=_NEGATIVE),
    Measure("chu", "Clark-Hemming-Ulph index (beta 0.5)", _poverty("chu"), line=True),
    Measure("time_to_exit", "expected years out of poverty at --growth",
            lambda pe, d, y, z, a, c: pe.time_to_exit(d, y, line=z, growth=a.growth, **c),
            line=True, misses=_NONPOSITIVE),
    Measure("arpr", "at-risk-of-poverty rate (below 60% of the median)",
            lambda pe, d, y, z, a, c: pe.arpr(d, y, **c)),
    Measure("gini", "Gini coefficient", _inequality("gini"), misses=_NEGATIVE),
    Measure("theil", "Theil index (GE 1)", _inequality("theil")),
    Measure("mld", "mean log deviation (GE 0)", _inequality("mld"), misses=_NONPOSITIVE),
    Measure("ge2", "generalized entropy GE(2), half the squared CV", _inequality("ge", alpha=2)),
    Measure("atkinson", "Atkinson index (--epsilon, default 1)",
            lambda pe, d, y, z, a, c: pe.atkinson(d, y, epsilon=a.epsilon, **c), misses=_NONPOSITIVE),
    Measure("cv", "coefficient of variation", _inequality("cv")),
    Measure("decile_ratio", "P90/P10 ratio", _inequality("decile_ratio")),
    Measure("qsr", "S80/S20 quintile share ratio", _inequality("qsr")),
    Measure("palma", "Palma ratio (top 10% over bottom 40%)", _inequality("palma")),
)}

_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*(median|mean|p(\d+(?:\.\d+)?))\s*$", re.IGNORECASE)


def parse_line(text: str | None, data: pd.DataFrame):
    """``10859`` (a number), ``60%median``, ``50%mean``, ``40%p25`` (a quantile) or a column of lines."""
    import povecon as pe

    if text is None:
        return None
    m = _RELATIVE.match(text)
    if m:
        share = float(m.group(1)) / 100
        of = m.group(2).lower()
        if of.startswith("p"):
            of = float(m.group(3)) / 100
        return pe.RelativeLine(share, of)
    try:
        return float(text)
    except ValueError:
        pass
    if text in data.columns:
        return text
    raise InputError(f"--line {text}: not a number, a relative line (60%median, 50%mean, 40%p25) "
                     f"or a column of the file")


def reason(m: Measure, exc: PovEconError, y: np.ndarray) -> str:
    """Why a measure cannot be computed, with the count of incomes that make it so."""
    text = _common.to_flags(str(exc))
    if m.misses is not None:
        bad, words = m.misses
        count = int(np.count_nonzero(bad(y)))
        if count and not re.search(rf"\b{count}\b", text):
            text += f"; {count} income(s) are {words}"
    return text


def run(args) -> tuple[pd.DataFrame, list[tuple[str, str]], int]:
    """The table of computed rows, the measures not computed with their reasons, and the rows dropped."""
    import povecon as pe
    from ..measures import _core

    data = _common.read_file(args.file)
    _common.check_columns(data, args.file, income=args.income, weights=args.weights, strata=args.strata,
                          psu=args.psu, fpc=args.fpc, by=args.by, domain=args.domain,
                          replicate_weights=args.replicate_weights)
    line = parse_line(args.line, data)
    wanted = args.measures or [m for m in MEASURES if line is not None or not MEASURES[m].line]
    unknown = [m for m in wanted if m not in MEASURES]
    if unknown:
        raise InputError(f"--measures: unknown measure(s) {', '.join(unknown)}; choose from {', '.join(MEASURES)}")
    needs_line = [m for m in wanted if MEASURES[m].line]
    if needs_line and line is None:
        raise InputError(f"{', '.join(needs_line)} need a poverty line: pass --line (e.g. --line 2300 or "
                         f"--line 60%median)")
    design, weights = _common.design(args)
    common = dict(weights=weights, design=design, by=args.by, domain=args.domain, na=args.na,
                  **_common.inference(args))
    # what is wrong with the file itself (missing values, bad weights, a lonely PSU) is wrong for every
    # measure: say it once, as an error, rather than once per measure
    sample = _core.prepare(data, args.income, weights=weights, design=design, by=args.by, domain=args.domain,
                           na=args.na)
    y = sample.y if sample.domain is None else sample.y[sample.domain]
    frames, failed, dropped = [], [], sample.n_dropped
    for name in dict.fromkeys(wanted):
        m = MEASURES[name]
        try:
            r = m.run(pe, data, args.income, line, args, common)
        except PovEconError as exc:
            failed.append((name, reason(m, exc, y)))
            continue
        dropped = max(dropped, r.n_dropped)
        frames.append(r.to_frame().assign(measure=name))  # the name asked for (theil, not ge1)
    keep = (["group"] if args.by is not None else []) + ["measure", "value", "se", "ci_lower", "ci_upper", "n"]
    table = pd.concat(frames, ignore_index=True)[keep] if frames else pd.DataFrame(columns=keep)
    return table, failed, dropped


def command(args) -> int:
    table, failed, dropped = run(args)
    _common.report_dropped(dropped)
    print(_common.printable(table))
    if failed:
        print("\nnot computed:")
        for name, why in failed:
            print(f"  {name}: {why}")
    _common.emit(table, args)
    if failed and args.strict:
        print(f"povecon: {len(failed)} measure(s) could not be computed (--strict)", file=sys.stderr)
        return 1
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser(
        "measures", help="poverty and inequality measures of a file's income column",
        description="Each measure is computed on its own; one that cannot be computed for this data is "
                    "named with the reason and the others are still reported. Measures: "
                    + "; ".join(f"{m.name} ({m.help})" for m in MEASURES.values()) + ".")
    p.add_argument("file", help="CSV, Parquet or Stata .dta file")
    p.add_argument("--income", required=True, metavar="COL", help="income (or consumption) column")
    p.add_argument("--line", metavar="LINE",
                   help="poverty line: a number (2300), a share of the median or mean (60%%median, 50%%mean), "
                        "of a quantile (40%%p25), or a column of per-row lines")
    p.add_argument("--measures", nargs="+", metavar="M", choices=list(MEASURES),
                   help="measures to compute (default: all; those needing a line only with --line)")
    p.add_argument("--by", metavar="COL", help="subgroup column: one row per group")
    p.add_argument("--domain", metavar="COL", help="0/1 column marking the subpopulation to estimate")
    p.add_argument("--growth", type=float, default=0.02, help="annual growth rate for time_to_exit (default 0.02)")
    p.add_argument("--epsilon", type=float, default=1.0, help="inequality aversion of atkinson (default 1)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any measure cannot be computed")
    _common.add_design(p)
    _common.add_inference(p)
    _common.add_na(p)
    _common.add_output(p)
    p.set_defaults(func=command)
