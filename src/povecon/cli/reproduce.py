"""``povecon reproduce`` and ``povecon data``: rebuild the two reports' findings; build or verify the data."""

from __future__ import annotations

import sys
from pathlib import Path


def _reproduce(args) -> int:
    from ..reproduce import reproduce

    result = reproduce(out=args.out, only=args.only or None, progress=not args.quiet, verbose=args.verbose)
    if args.docs:
        from ..reproduce.report import findings_map, markdown_table, write_audit_pages
        from ..reproduce.runner import discover

        for path in write_audit_pages(result.audit, Path(args.docs)):
            print(f"wrote {path}")
        fmap = findings_map(result.audit, discover(), result.contexts)
        path = Path(args.docs) / "findings-map.md"
        path.write_text("# Findings map\n\nFinding -> program -> outputs (in the output folder) -> audit verdicts.\n\n"
                        + markdown_table(fmap) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    from ..reproduce.counts import count_checks, count_numbers

    checks, numbers = count_checks(result.audit), count_numbers(result.audit)
    print(f"wrote {args.out}/audit.csv ({len(result.audit)} rows; {sum(checks.values())} checks: "
          + ", ".join(f"{k} {v}" for k, v in checks.items()) + f"; {sum(numbers.values())} printed numbers "
          "by best reading: " + ", ".join(f"{k} {v}" for k, v in numbers.items()) + f") and {args.out}/report.md")
    site = result.site
    if site is not None:
        where = f"{args.out}/html/index.html"
        if site.missing:
            print(f"wrote {where} (summary only: report text(s) {', '.join(site.missing)} not found; "
                  "set POVECON_SEEDS to their folder for the annotated texts)")
        else:
            print(f"wrote {where} and the annotated texts ({site.located} numbers marked, "
                  f"{len(site.not_located)} not located)")
    if result.failures:
        print("analyses that failed: " + ", ".join(sorted(result.failures)), file=sys.stderr)
        if args.verbose:
            for name, trace in sorted(result.failures.items()):
                print(f"\n{name}:\n{trace}", file=sys.stderr)
        return 1
    return 0


def _data(args) -> int:
    from .. import datasets

    if args.action == "build":
        path = datasets.build_datapackage()
        print(f"wrote {path}")
        return 0
    problems = datasets.verify()
    for p in problems:
        print(p, file=sys.stderr)
    print("data package verifies" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


def add_parsers(sub) -> None:
    rep = sub.add_parser("reproduce", help="rebuild every finding of the two reports, audit and report",
                         description="Progress goes to standard error: a bar on a terminal, one line per "
                                     "analysis script otherwise (so a redirected log has no bar redraws).")
    rep.add_argument("--out", default="outputs", help="output folder (default: outputs/)")
    rep.add_argument("--only", nargs="+", metavar="ID", help="finding ids (RTP-09) or a report prefix (RTP, LUO, X)")
    loud = rep.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="no progress, only the summary")
    loud.add_argument("-v", "--verbose", action="store_true",
                      help="a line per script with its time, and the tracebacks of failed scripts")
    rep.add_argument("--docs", metavar="DIR", help="also write the audit pages of the documentation into DIR")
    rep.set_defaults(func=_reproduce)
    data = sub.add_parser("data", help="build or verify data/datapackage.json")
    data.add_argument("action", choices=["build", "verify"])
    data.set_defaults(func=_data)
