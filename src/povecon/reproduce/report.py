"""report.md: verdict counts, every inconsistency explained, and each finding's outputs."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import tabulate
import yaml

from .. import datasets
from .audit import VERDICTS, _finding_key
from .counts import CHECK_VERDICTS, NUMBER_CLASSES, _is_check, headline, number_verdicts
from .relations import SEED_REPORTS

REPORTS = {
    "RTP": "《贫困退出背景下南疆深度贫困地区防返贫机制研究》 (002_9ed149d90c19c988.txt)",
    "LUO": "《新疆南疆脱贫攻坚的政策实践案例调查研究》 (000_976a2d44ee9a927f.txt)",
    "X": "Cross-report and repeated quantities",
}


def _counts(frame: pd.DataFrame) -> dict[str, int]:
    vc = frame["verdict"].value_counts()
    return {v: int(vc.get(v, 0)) for v in VERDICTS}


@contextmanager
def _narrow_chars():
    # tabulate pads CJK text to its display width only when the optional wcwidth package
    # happens to be importable; pinning one rule keeps generated pages byte-identical
    # whatever else is installed
    saved = tabulate.WIDE_CHARS_MODE
    tabulate.WIDE_CHARS_MODE = False
    try:
        yield
    finally:
        tabulate.WIDE_CHARS_MODE = saved


def markdown_table(frame: pd.DataFrame, **kwargs) -> str:
    """``frame.to_markdown(index=False)``, independent of the optional ``wcwidth`` package."""
    with _narrow_chars():
        return frame.to_markdown(index=False, **kwargs)


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _titles(scripts) -> dict[str, str]:
    titles: dict[str, str] = {}
    for s in scripts:
        for f in s.findings:
            titles.setdefault(f, s.title)
    cross = datasets.data_root() / "cross" / "findings.yaml"
    if cross.exists():
        meta = yaml.safe_load(cross.read_text(encoding="utf-8")) or {}
        items = meta.items() if isinstance(meta, dict) else [(m["id"], m) for m in meta]
        for fid, m in items:
            titles.setdefault(fid, m.get("title", "") if isinstance(m, dict) else str(m))
    return titles


def unverifiable_note(audit: pd.DataFrame) -> str:
    checks = _is_check(audit)
    u = audit[~checks]
    inputs = int(u["explanation"].str.startswith("not recomputable").sum())
    return (f"Of the {len(u)} printed numbers that no check concerns, {inputs} are inputs to other checks and the "
            "rest are numbers no other printed number determines (one-off counts, amounts, parameters); "
            f"{int((checks & (audit['verdict'] == 'unverifiable')).sum())} checks have a missing or non-numeric input.")


def _report_of(series: pd.Series) -> pd.Series:
    return series.astype(str).str.split("-").str[0]




def _with_report(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with the report whose text prints the number (the seed file of the printed number)."""
    out = rows.copy()
    out.insert(0, "report", out["seed"].map(SEED_REPORTS).fillna(_report_of(out["finding"])))
    return out


def _by_report(keys: pd.Series, values: pd.Series, columns) -> pd.DataFrame:
    reports = sorted(set(keys), key=lambda r: _finding_key(r + "-0"))
    rows = []
    for rep in reports + ["all"]:
        vc = (values if rep == "all" else values[keys == rep]).value_counts()
        c = {v: int(vc.get(v, 0)) for v in columns}
        rows.append({"report": rep, "total": sum(c.values()), **c})
    return pd.DataFrame(rows, columns=["report", "total", *columns])


def number_table(audit: pd.DataFrame) -> pd.DataFrame:
    """Distinct printed numbers by best reading, per report (by the transcription's report)."""
    nv = number_verdicts(audit)
    return _by_report(nv["report"], nv["verdict"], NUMBER_CLASSES)


def check_table(audit: pd.DataFrame) -> pd.DataFrame:
    """Checks by verdict, per report (by the check's finding)."""
    checks = audit[_is_check(audit)]
    return _by_report(_report_of(checks["finding"]), checks["verdict"], CHECK_VERDICTS)


def _failing(audit: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, set]:
    """Failing checks of numbers inconsistent under every reading, the other failing checks, and those numbers."""
    nv = number_verdicts(audit)
    lost = set(nv.loc[nv["verdict"] == "inconsistent", "number_id"])
    bad = audit[_is_check(audit) & (audit["verdict"] == "inconsistent")]
    every = bad["number_id"].isin(lost) | (bad["number_id"] == "")
    return bad[every], bad[~every], lost


def write_report(out: Path, audit: pd.DataFrame, scripts, contexts, failures) -> Path:
    titles = _titles(scripts)
    lines = [
        "# Reproduction report",
        "",
        "Every printed number transcribed from the two reports is in `audit.csv`: one row per check (a",
        "declared relation recomputes a printed number from other printed numbers) and one row per printed",
        "number no check concerns; `number_id` names the printed number a row concerns. A check's verdict",
        "follows from the printed precision alone (see the documentation page *The audit*): `reproduced`",
        "(equal at printed precision), `rounding` (explained by rounding of the printed inputs),",
        "`inconsistent`, `not comparable` (the text gives the quantities compared different dates or",
        "definitions, `data/*/comparability*.csv`; the reason is in `explanation`), or `unverifiable` (an",
        "input is not numeric or not transcribed). A printed number counts once, by its best reading over",
        "all its checks (reproduced > rounding > unverifiable > inconsistent > not comparable): it is",
        "`inconsistent` only if every declared check of it fails, `not comparable` if every check of it",
        "compares it with a quantity of another date or definition or with a compatible bound, and `unchecked`",
        "if no check concerns it.",
        "",
        "Reports: " + "; ".join(f"**{k}** = {v}" for k, v in REPORTS.items() if k != "X") + ".",
        "",
        "## Verdicts",
        "",
        headline(audit),
        "",
        "Printed numbers by best reading (by the report the number is transcribed from; **X** = numbers",
        "transcribed for the cross-report findings):",
        "",
        markdown_table(number_table(audit)),
        "",
        "Checks by verdict (by the report of the check's finding):",
        "",
        markdown_table(check_table(audit)),
        "",
        unverifiable_note(audit),
        "",
    ]
    if failures:
        lines += ["## Analyses that failed", ""]
        for name, tb in sorted(failures.items()):
            lines += [f"### {name}", "", "```", tb.strip(), "```", ""]
    every, other, lost = _failing(audit)
    every, other = _with_report(every), _with_report(other)
    cols = ["report", "finding", "line", "quantity", "published", "unit", "recomputed", "explanation"]
    lines += ["## Inconsistent numbers", "",
              f"{len(lost)} printed numbers cannot be reproduced under any declared reading "
              f"({len(every)} failing checks):", ""]
    if len(every):
        lines += [markdown_table(every[cols].map(_md_escape)), ""]
    lines += ["## Failing checks of numbers that another reading reproduces", "",
              f"{len(other)} further checks fail, but the printed number they concern is reproduced or explained "
              "by rounding under another declared reading:", ""]
    if len(other):
        lines += [markdown_table(other[cols].map(_md_escape)), ""]

    findings = sorted(set(audit["finding"]) | {f for s in scripts for f in s.findings}, key=_finding_key)
    done_scripts: set[str] = set()
    lines += ["## Findings", ""]
    for fid in findings:
        sub = audit[audit["finding"] == fid]
        lines += [f"### {fid}: {titles.get(fid, '')}".rstrip(": "), ""]
        if len(sub):
            checks = sub[_is_check(sub)]
            c = _counts(checks)
            lines += [f"Audit: {len(checks)} checks — " + ", ".join(f"{v} {k}" for k, v in c.items())
                      + f"; {len(sub) - len(checks)} printed numbers no check concerns.", ""]
            for _, r in checks[checks["verdict"] == "inconsistent"].iterrows():
                saved = "" if r["number_id"] in lost or not r["number_id"] else \
                    " (another declared reading reproduces this number)"
                lines.append(f"- **Inconsistent** (line {r['line']}, `{r['claim']}`): {r['quantity']}. "
                             f"{r['explanation']}.{saved}")
            if c["inconsistent"]:
                lines.append("")
        for s in scripts:
            if fid not in s.findings:
                continue
            name = s.path.name
            if name in done_scripts:
                lines += [f"Outputs: see `{name}` above.", ""]
                continue
            done_scripts.add(name)
            lines += [f"Program: `analyses/{name}`", ""]
            if name in failures:
                lines += ["**This analysis failed**; see *Analyses that failed*.", ""]
            for o in contexts.get(name).outputs if contexts.get(name) else []:
                if o.kind == "text":
                    lines += [o.payload, ""]
                elif o.kind == "table":
                    lines += [f"Table `tables/{o.name}.csv`" + (f": {o.caption}" if o.caption else ""), "", o.payload, ""]
                else:
                    lines += [f"![{o.caption or o.name}]({o.payload})", ""]
                    if getattr(o, "note", ""):
                        lines += [_md_escape(o.note.replace("\n", "; ")), ""]
    path = out / "report.md"
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return path


AUDIT_PAGES = {
    "RTP": ("audit-rtp.md", "Audit: the return-to-poverty report"),
    "LUO": ("audit-luo.md", "Audit: the Luopu county report"),
    "X": ("audit-cross.md", "Audit: cross-report and repeated quantities"),
}


def audit_pages(audit: pd.DataFrame) -> dict[str, str]:
    """Documentation pages (file name -> Markdown) with verdict counts and every inconsistency."""
    pages = {}
    for prefix, (fname, title) in AUDIT_PAGES.items():
        sub = audit[_report_of(audit["finding"]) == prefix]
        lines = [f"# {title}", "", f"Source: {REPORTS[prefix]}.", "",
                 "Generated from the audit by `povecon reproduce --docs docs/reports`; the method is on "
                 "[The audit](../reproduction/audit.md).", "", "## Verdicts by finding", ""]
        if len(sub):
            checks = sub[_is_check(sub)]
            tab = checks.groupby("finding")["verdict"].value_counts().unstack(fill_value=0)
            tab = tab.reindex(index=sorted(set(sub["finding"]), key=_finding_key), columns=list(VERDICTS),
                              fill_value=0)
            tab["unchecked numbers"] = sub[~_is_check(sub)].groupby("finding").size().reindex(tab.index, fill_value=0)
            tab.loc["total"] = tab.sum()
            nv = number_verdicts(audit)
            nv = nv[nv["number_id"].isin(set(checks["number_id"]) - {""})]
            n = {v: int((nv["verdict"] == v).sum()) for v in NUMBER_CLASSES if v != "unchecked"}
            lines += ["Checks by verdict and printed numbers no check concerns:", "",
                      markdown_table(tab.reset_index()), "", unverifiable_note(sub), "",
                      f"The checks on this page concern {len(nv)} printed numbers; by their best reading over all "
                      "their declared checks (on this page or another): "
                      + ", ".join(f"{v} {k}" for k, v in n.items()) + ".", ""]
        every, other, lost = _failing(audit)
        bad = every[_report_of(every["finding"]) == prefix]
        rest = other[_report_of(other["finding"]) == prefix]
        nlost = len(set(bad["number_id"]) - {""})
        lines += ["## Inconsistent numbers", "",
                  f"{nlost} printed numbers are inconsistent under every declared reading ({len(bad)} failing checks "
                  f"here); {len(rest)} further checks here fail for numbers another reading reproduces.", ""]
        if len(bad):
            t = _with_report(bad)[["report", "finding", "line", "quantity", "published", "recomputed", "explanation"]]
            lines += [markdown_table(t.map(_md_escape)), ""]
        if len(rest):
            t = _with_report(rest)[["report", "finding", "line", "quantity", "published", "recomputed", "explanation"]]
            lines += ["Failing checks of numbers that another declared reading reproduces:", "",
                      markdown_table(t.map(_md_escape)), ""]
        pages[fname] = "\n".join(lines).rstrip() + "\n"
    return pages


def write_audit_pages(audit: pd.DataFrame, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for fname, text in audit_pages(audit).items():
        path = folder / fname
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def findings_map(audit: pd.DataFrame, scripts, contexts) -> pd.DataFrame:
    """Finding -> program -> outputs -> verdict counts (the replication map)."""
    titles = _titles(scripts)
    rows = []
    for fid in sorted(set(audit["finding"]) | {f for s in scripts for f in s.findings}, key=_finding_key):
        progs = [s for s in scripts if fid in s.findings]
        outs = [o for s in progs for o in (contexts[s.path.name].outputs if s.path.name in contexts else [])]
        c = _counts(audit[audit["finding"] == fid])
        rows.append({
            "finding": fid,
            "title": titles.get(fid, ""),
            "program": ", ".join(f"analyses/{s.path.name}" for s in progs),
            "tables": ", ".join(f"tables/{o.name}.csv" for o in outs if o.kind == "table"),
            "figures": ", ".join(o.payload for o in outs if o.kind == "figure"),
            **c,
        })
    return pd.DataFrame(rows)
