"""report.md: verdict counts, every inconsistency explained, and each finding's outputs."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import tabulate
import yaml

from .. import datasets
from .audit import VERDICTS, _finding_key

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
    u = audit[audit["verdict"] == "unverifiable"]
    inputs = int(u["explanation"].str.startswith("not recomputable").sum())
    return (f"Of the {len(u)} unverifiable rows, {inputs} are printed numbers that other checks use as inputs, "
            f"{int((u['relation'] != '').sum())} are checks with a missing or non-numeric input, and the rest are "
            "numbers no other printed number determines (one-off counts, amounts, parameters).")


def verdict_table(audit: pd.DataFrame) -> pd.DataFrame:
    audit = audit.assign(report=audit["finding"].str.split("-").str[0])
    rows = []
    for rep in sorted(audit["report"].unique(), key=lambda r: _finding_key(r + "-0")):
        sub = audit[audit["report"] == rep]
        rows.append({"report": rep, "rows": len(sub), **_counts(sub)})
    rows.append({"report": "all", "rows": len(audit), **_counts(audit)})
    return pd.DataFrame(rows)


def write_report(out: Path, audit: pd.DataFrame, scripts, contexts, failures) -> Path:
    titles = _titles(scripts)
    lines = [
        "# Reproduction report",
        "",
        "Every printed number transcribed from the two reports is listed in `audit.csv`. Each declared",
        "relation recomputes a printed number from other printed numbers; the verdict follows from the",
        "printed precision alone (see the documentation page *The audit*): `reproduced` (equal at printed",
        "precision), `rounding` (explained by rounding of the printed inputs), `inconsistent`, or",
        "`unverifiable` (no relation can check it, or an input is not numeric).",
        "",
        "Reports: " + "; ".join(f"**{k}** = {v}" for k, v in REPORTS.items() if k != "X") + ".",
        "",
        "## Verdicts",
        "",
        markdown_table(verdict_table(audit)),
        "",
        unverifiable_note(audit),
        "",
    ]
    if failures:
        lines += ["## Analyses that failed", ""]
        for name, tb in sorted(failures.items()):
            lines += [f"### {name}", "", "```", tb.strip(), "```", ""]
    bad = audit[audit["verdict"] == "inconsistent"]
    lines += ["## Inconsistent numbers", "",
              f"{len(bad)} printed numbers cannot be reproduced from the numbers they should follow from.", ""]
    if len(bad):
        tab = bad[["finding", "line", "quantity", "published", "unit", "recomputed", "explanation"]]
        lines += [markdown_table(tab.map(_md_escape)), ""]

    findings = sorted(set(audit["finding"]) | {f for s in scripts for f in s.findings}, key=_finding_key)
    done_scripts: set[str] = set()
    lines += ["## Findings", ""]
    for fid in findings:
        sub = audit[audit["finding"] == fid]
        lines += [f"### {fid}: {titles.get(fid, '')}".rstrip(": "), ""]
        if len(sub):
            c = _counts(sub)
            lines += [f"Audit: {len(sub)} rows — " + ", ".join(f"{v} {k}" for k, v in c.items()) + ".", ""]
            for _, r in sub[sub["verdict"] == "inconsistent"].iterrows():
                lines.append(f"- **Inconsistent** (line {r['line']}, `{r['claim']}`): {r['quantity']}. {r['explanation']}.")
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
        sub = audit[audit["finding"].str.split("-").str[0] == prefix]
        lines = [f"# {title}", "", f"Source: {REPORTS[prefix]}.", "",
                 "Generated from the audit by `povecon reproduce --docs docs/reports`; the method is on "
                 "[The audit](../reproduction/audit.md).", "", "## Verdicts by finding", ""]
        if len(sub):
            tab = sub.groupby("finding")["verdict"].value_counts().unstack(fill_value=0)
            tab = tab.reindex(columns=list(VERDICTS), fill_value=0)
            tab = tab.loc[sorted(tab.index, key=_finding_key)]
            tab.loc["total"] = tab.sum()
            lines += [markdown_table(tab.reset_index()), "", unverifiable_note(sub), ""]
        bad = sub[sub["verdict"] == "inconsistent"]
        lines += ["## Inconsistent numbers", "", f"{len(bad)} printed numbers are inconsistent with the numbers they should follow from.", ""]
        if len(bad):
            t = bad[["finding", "line", "quantity", "published", "recomputed", "explanation"]]
            lines += [markdown_table(t.map(_md_escape)), ""]
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
