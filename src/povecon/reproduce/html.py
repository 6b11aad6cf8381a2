"""The reading view: ``outputs/html/``, each report's text with every transcribed number marked.

A static site opened from disk (no server, no network): ``index.html`` gives the verdict
counts per report and per finding and lists the numbers that could not be found in the
text; one page per report shows its full text, each line anchored (``rtp.html#L302``) and
each transcribed number of the run wrapped in a span coloured by its class (its best
verdict, as ``counts.number_verdicts`` gives it). Hovering or clicking a number shows its
audit rows from the JSON block of the page; a side panel per finding lists its tables and
figures. The report texts are not part of the project: they are read from the folder named
by ``POVECON_SEEDS``; without them only the summary page is written, with a notice.

Every page is a pure function of the audit, the data package, the report texts and the
outputs of the analysis scripts: sorted iteration, no dates, no absolute paths.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from .audit import _finding_key, all_numbers
from .counts import BEST_FIRST, CHECK_VERDICTS, NUMBER_CLASSES, _is_check, headline, number_verdicts
from .locate import Span, locate
from .palette import VERDICT_COLOURS, VERDICT_LABELS_ZH
from .report import REPORTS, _titles, check_table, number_table

ASSETS = ("view.css", "view.js")
#: a number no relation checks is drawn in the grey of "unverifiable", dotted
UNCHECKED_COLOUR = VERDICT_COLOURS["unverifiable"]
CLASS_LABELS = {
    **{v: f"{v} · {VERDICT_LABELS_ZH[v]}" for v in VERDICT_COLOURS},
    "unchecked": "unchecked · 未核对",
}
_RANK = {v: i for i, v in enumerate(BEST_FIRST + ("unchecked",))}


@dataclass
class Site:
    """What :func:`write_site` wrote.

    Parameters
    ----------
    folder : pathlib.Path
        The site folder (``<out>/html``).
    pages : dict of str to str, optional
        Report page file name by report prefix (``{"RTP": "rtp.html"}``).
    missing : list of str, optional
        Report texts (seed files) that were not found.
    not_located : pandas.DataFrame, optional
        Numbers of the run not found on their line (``id``, ``finding``, ``seed``,
        ``line``, ``printed``, ``verdict``, ``reason``).
    located : int, default 0
        Numbers marked in the text.
    """

    folder: Path
    pages: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    not_located: pd.DataFrame = field(default_factory=pd.DataFrame)
    located: int = 0


def report_texts() -> dict[str, tuple[str, str]]:
    """Each report's seed file and title, by report prefix (``RTP``, ``LUO``), from ``report.REPORTS``.

    Returns
    -------
    dict of str to tuple of (str, str)
    """
    out = {}
    for prefix, text in REPORTS.items():
        m = re.fullmatch(r"(.*) \((\S+\.txt)\)", text)
        if m:
            out[prefix] = (m.group(2), m.group(1))
    return out


def seed_folder() -> Path | None:
    """The folder of the report texts (``POVECON_SEEDS``), or None when it is not set.

    Returns
    -------
    pathlib.Path or None
    """
    folder = os.environ.get("POVECON_SEEDS", "").strip()
    return Path(folder) if folder else None


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _cls(verdict: str) -> str:
    return "v-" + verdict.replace(" ", "-")


def _colour_css() -> str:
    rules = []
    for v, colour in VERDICT_COLOURS.items():
        c = _cls(v)
        weight = "font-weight:600;" if v == "inconsistent" else ""
        rules += [
            f".n.{c}{{background:{colour}2e;border-bottom-color:{colour};{weight}}}",
            f".badge.{c},.swatch.{c}{{background:{colour}}}",
            f".hide-{c} .n.{c}{{background:none;border-bottom-color:transparent;font-weight:inherit}}",
        ]
    c = _cls("unchecked")
    rules += [
        f".n.{c}{{border-bottom:1px dotted {UNCHECKED_COLOUR}}}",
        f".badge.{c}{{background:#fff;color:#444;border:1px dashed {UNCHECKED_COLOUR}}}",
        f".swatch.{c}{{border:1px dashed {UNCHECKED_COLOUR}}}",
        f".hide-{c} .n.{c}{{border-bottom-color:transparent}}",
    ]
    return "\n".join(rules)


def _head(title: str) -> list[str]:
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        '<link rel="icon" href="data:,">',
        '<link rel="stylesheet" href="view.css">',
        f"<style>\n{_colour_css()}\n</style>",
        '<script src="view.js"></script>',
        "</head>",
    ]


def _badge(verdict: str, text: str | None = None) -> str:
    return f'<span class="badge {_cls(verdict)}" title="{_e(CLASS_LABELS[verdict])}">{_e(text or verdict)}</span>'


def _json(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # a JSON string may not end the <script> element it stands in
    return text.replace("</", "<\\/")


# --- the data of the run ------------------------------------------------------------------

@dataclass
class _Run:
    numbers: pd.DataFrame  # every transcribed number (the run's and the inputs of its checks)
    classes: dict[str, str]  # number id -> its class, for the numbers of the run
    checks: pd.DataFrame  # audit rows with a claim
    why: dict[str, str]  # number id -> why no check concerns it
    pages: dict[str, str]  # seed file -> page file name, for the texts found
    titles: dict[str, str]


def _what(row) -> str:
    return " ".join(x for x in (row["entity"], str(row["quantity"]).replace("_", " "), row["year"]) if x)


def _number_entry(run: _Run, ident: str) -> dict:
    r = run.numbers.loc[ident]
    return {
        "printed": r["printed"], "unit": r["unit"], "qualifier": r["qualifier"], "finding": r["finding"],
        "what": _what(r), "line": int(r["line"]), "page": run.pages.get(r["seed"], ""),
        "verdict": run.classes.get(ident, ""), "note": r["note"], "why": run.why.get(ident, ""),
    }


def _check_entry(c) -> dict:
    return {
        "claim": c["claim"], "finding": c["finding"], "description": c["quantity"], "relation": c["relation"],
        "inputs": str(c["inputs"]).split(), "recomputed": c["recomputed"], "difference": c["difference"],
        "tolerance": c["tolerance"], "verdict": c["verdict"], "explanation": c["explanation"],
    }


def _page_data(run: _Run, ids: list[str]) -> dict:
    """The audit data of one page: its numbers, their checks, and the checks they are inputs to."""
    mine = set(ids)
    checks: dict[str, list] = {}
    uses: dict[str, list] = {}
    wanted = set(ids)
    for _, c in run.checks.iterrows():
        inputs = str(c["inputs"]).split()
        if c["id"] in mine:
            checks.setdefault(c["id"], []).append(_check_entry(c))
            wanted.update(inputs)
        for i in dict.fromkeys(inputs):
            if i in mine:
                uses.setdefault(i, []).append({"claim": c["claim"], "target": c["id"], "verdict": c["verdict"],
                                               "description": c["quantity"]})
                if c["id"]:
                    wanted.add(c["id"])
    numbers = {i: _number_entry(run, i) for i in sorted(wanted) if i in run.numbers.index}
    labels = dict(CLASS_LABELS)
    return {"numbers": numbers, "checks": checks, "uses": uses, "labels": labels}


# --- one report page ----------------------------------------------------------------------

def _render_line(text: str, groups: list[tuple[int, int, list[str]]], run: _Run) -> tuple[str, list[str]]:
    """The line as HTML with its numbers wrapped, and the ids of numbers that overlap another (not marked)."""
    out, stack, pos, rejected = [], [], 0, []
    for start, end, ids in sorted(groups, key=lambda g: (g[0], -g[1], g[2])):
        while stack and stack[-1] <= start:
            out.append(_e(text[pos:stack[-1]]) + "</span>")
            pos = stack.pop()
        if stack and end > stack[-1]:
            rejected += ids
            continue
        verdict = min((run.classes[i] for i in ids), key=_RANK.__getitem__)
        findings = " ".join(sorted({run.numbers.at[i, "finding"] for i in ids}, key=_finding_key))
        out.append(_e(text[pos:start]))
        out.append(f'<span class="n {_cls(verdict)}" data-n="{_e(" ".join(ids))}" data-f="{_e(findings)}">')
        pos = start
        stack.append(end)
    while stack:
        out.append(_e(text[pos:stack[-1]]) + "</span>")
        pos = stack.pop()
    out.append(_e(text[pos:]))
    return "".join(out), rejected


def _counts_html(values: list[str], order) -> str:
    return " ".join(_badge(v, f"{sum(x == v for x in values)}") for v in order if v in values)


def _outputs(out: Path, scripts, contexts) -> dict[str, list[str]]:
    """Each finding's programs, tables and figures, as HTML list items (links relative to html/)."""
    items: dict[str, list[str]] = {}
    for s in scripts:
        ctx = (contexts or {}).get(s.path.name)
        lines = [f"<li>Program: <code>analyses/{_e(s.path.name)}</code></li>"]
        for o in ctx.outputs if ctx else []:
            if o.kind == "table":
                rich = "html" if (out / "tables" / f"{o.name}.html").exists() else "md"
                cap = f" — {_e(o.caption)}" if o.caption else ""
                lines.append(f'<li>Table <a href="../tables/{_e(o.name)}.csv">{_e(o.name)}.csv</a> '
                             f'(<a href="../tables/{_e(o.name)}.{rich}">{rich}</a>){cap}</li>')
            elif o.kind == "figure" and (out / o.payload).exists():
                cap = _e(o.caption or o.name)
                lines.append(f'<li class="fig"><figure><a href="../{_e(o.payload)}"><img src="../{_e(o.payload)}" alt="{cap}" '
                             f'loading="lazy"></a><figcaption>{cap}</figcaption></figure></li>')
        for f in s.findings:
            items.setdefault(f, []).extend(lines)
    return items


def _side(findings: list[str], run: _Run, ids_by_finding: dict[str, list[str]], lines_by_finding,
          outputs: dict[str, list[str]]) -> list[str]:
    parts = ['<aside class="side" aria-label="Findings">', "<h2>Findings</h2>"]
    for f in findings:
        mine = ids_by_finding.get(f, [])
        checks = run.checks.loc[run.checks["finding"] == f, "verdict"].tolist()
        title = run.titles.get(f, "")
        parts.append(f'<details class="finding" id="F-{_e(f)}" data-f="{_e(f)}">')
        parts.append(f"<summary><strong>{_e(f)}</strong> {_e(title)}</summary>")
        parts.append('<div class="counts">')
        if mine:
            parts.append(f"Numbers here: {_counts_html([run.classes[i] for i in mine], NUMBER_CLASSES)}<br>")
        if checks:
            parts.append(f"Checks: {_counts_html(checks, CHECK_VERDICTS)}")
        parts.append("</div>")
        where = lines_by_finding.get(f, [])
        if where:
            links = ", ".join(f'<a href="#L{n}">{n}</a>' for n in where)
            parts.append(f'<p>Lines: {links} · <a href="?f={_e(f)}">show only this finding</a></p>')
        if outputs.get(f):
            parts.append("<ul>" + "".join(outputs[f]) + "</ul>")
        parts.append("</details>")
    parts.append("</aside>")
    return parts


def _report_page(prefix: str, title: str, seed: str, lines: list[str], run: _Run, spans: dict[str, Span],
                 outputs) -> tuple[str, list[tuple[str, str]]]:
    """One report page, and the numbers of it not marked (id, reason)."""
    on_page = run.numbers[(run.numbers["seed"] == seed) & run.numbers.index.isin(list(run.classes))]
    groups: dict[int, dict[tuple[int, int], list[str]]] = {}
    for ident in on_page.index:
        s = spans.get(ident)
        if s is not None:
            groups.setdefault(int(on_page.at[ident, "line"]), {}).setdefault((s.start, s.end), []).append(ident)
    body, rejected = [], []
    for n, text in enumerate(lines, 1):
        marked = groups.get(n, {})
        if marked:
            line_html, bad = _render_line(text, [(a, b, ids) for (a, b), ids in marked.items()], run)
            rejected += bad
            body.append(f'<div class="l has" id="L{n}"><a class="ln" href="#L{n}">{n}</a>'
                        f'<span class="tx">{line_html}</span></div>')
        else:
            body.append(f'<div class="l" id="L{n}"><a class="ln" href="#L{n}">{n}</a>'
                        f'<span class="tx">{_e(text)}</span></div>')
    marked_ids = sorted(i for g in groups.values() for ids in g.values() for i in ids if i not in set(rejected))
    ids_by_finding: dict[str, list[str]] = {}
    lines_by_finding: dict[str, list[int]] = {}
    for ident in marked_ids:
        f = run.numbers.at[ident, "finding"]
        ids_by_finding.setdefault(f, []).append(ident)
        line = int(run.numbers.at[ident, "line"])
        if line not in lines_by_finding.setdefault(f, []):
            lines_by_finding[f].append(line)
    for f in lines_by_finding:
        lines_by_finding[f].sort()
    findings = sorted(set(on_page["finding"]) | {f for f in outputs if f.split("-")[0] == prefix}
                      | {f for f in run.checks["finding"] if f.split("-")[0] == prefix}, key=_finding_key)
    page_classes = [run.classes[i] for i in marked_ids]
    filters = [f'<label><input type="checkbox" class="fv" value="{_e(v)}" checked> '
               f'<span class="swatch {_cls(v)}"></span>{_e(CLASS_LABELS[v])} ({page_classes.count(v)})</label>'
               for v in NUMBER_CLASSES]
    options = ['<option value="">all findings</option>'] + [
        f'<option value="{_e(f)}">{_e(f)} {_e(run.titles.get(f, ""))}</option>' for f in findings]
    doc = _head(f"{prefix}: {title}") + [
        "<body>",
        '<header class="top">',
        f'<h1><a href="index.html">Reading view</a> · {_e(prefix)}: <span lang="zh-CN">{_e(title)}</span> '
        f'<span class="muted">({_e(seed)})</span></h1>',
        '<div class="filters">',
        *filters,
        '<label>Finding <select id="ff">' + "".join(options) + "</select></label>",
        '<label><input type="checkbox" id="compact"> only lines with numbers</label>',
        "</div>",
        "</header>",
        '<div class="layout">',
        '<main class="text" lang="zh-CN">',
        *body,
        "</main>",
        *_side(findings, run, ids_by_finding, lines_by_finding, outputs),
        "</div>",
        f'<script type="application/json" id="audit-data">{_json(_page_data(run, marked_ids))}</script>',
        "</body>",
        "</html>",
    ]
    return "\n".join(doc) + "\n", [(i, "overlaps another marked number") for i in sorted(set(rejected))]


# --- the summary page ---------------------------------------------------------------------

def _table(frame: pd.DataFrame, left: set[str]) -> str:
    head = "".join(
        f'<th class="left">{_e(c)}</th>' if c in left else
        (f'<th><span class="swatch {_cls(c)}"></span>{_e(c)}</th>' if c in _RANK else f"<th>{_e(c)}</th>")
        for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = "".join(f'<td class="left">{v}</td>' if c in left else f"<td>{_e(v)}</td>"
                        for c, v in zip(frame.columns, row))
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _finding_table(run: _Run, findings: list[str], pages_of: dict[str, list[str]]) -> pd.DataFrame:
    by_finding: dict[str, list[str]] = {}
    for ident, v in sorted(run.classes.items()):
        by_finding.setdefault(run.numbers.at[ident, "finding"], []).append(v)
    rows = []
    for f in findings:
        checks = run.checks.loc[run.checks["finding"] == f, "verdict"].tolist()
        links = " ".join(f'<a href="{_e(p)}?f={_e(f)}">{_e(p)}</a>' for p in pages_of.get(f, []))
        rows.append({"finding": _e(f), "title": _e(run.titles.get(f, "")), "text": links,
                     "numbers by class": _counts_html(by_finding.get(f, []), NUMBER_CLASSES),
                     "checks by verdict": _counts_html(checks, CHECK_VERDICTS)})
    return pd.DataFrame(rows, columns=["finding", "title", "text", "numbers by class", "checks by verdict"])


def _index_page(run: _Run, audit: pd.DataFrame, findings: list[str], site: Site, pages_of, texts, folder) -> str:
    legend = " ".join(f'<span class="swatch {_cls(v)}"></span>{_e(CLASS_LABELS[v])}' for v in NUMBER_CLASSES)
    doc = _head("Reading view of the reproduction") + ["<body>", '<div class="summary">',
                                                       "<h1>Reading view of the reproduction</h1>"]
    if site.missing:
        doc.append('<p class="notice">The report texts are not part of the project, and '
                   + ", ".join(f"<code>{_e(s)}</code>" for s in site.missing)
                   + (" was" if len(site.missing) == 1 else " were") + " not found"
                   + (f" in the folder named by <code>POVECON_SEEDS</code> (<code>{_e(folder.name)}</code>)"
                      if folder else ": set <code>POVECON_SEEDS</code> to the folder of the report texts")
                   + " and run <code>povecon reproduce</code> again. The counts below do not need them.</p>")
    doc.append("<p>Each report's text with every transcribed number marked by its class, its best verdict over "
               "all the checks that concern it (reproduced &gt; rounding &gt; unverifiable &gt; inconsistent &gt; "
               "not comparable; <em>unchecked</em> when no check concerns it). Hover over or click a number for "
               f"its checks.</p><p>{legend}</p>")
    doc.append("<h2>Reports</h2><ul>")
    for prefix, (seed, title) in texts.items():
        page = site.pages.get(prefix)
        name = f'<span lang="zh-CN">{_e(title)}</span> ({_e(seed)})'
        doc.append(f'<li><strong>{_e(prefix)}</strong>: ' + (f'<a href="{_e(page)}">{name}</a>' if page else
                                                            f"{name} — text not available") + "</li>")
    doc.append("</ul>")
    total = len(run.classes)
    elsewhere = total - site.located - len(site.not_located)
    doc.append(f"<p>{site.located} of the {total} transcribed numbers of this run are marked in the text; "
               f"{len(site.not_located)} are not found on their line (listed at the end)"
               + (f"; {elsewhere} stand in a text that was not found" if elsewhere else "") + ".</p>")
    doc += ["<h2>Verdict counts per report</h2>", f"<p>{_e(headline(audit))}</p>",
            "<p>Printed numbers by best reading (X = numbers transcribed for the cross-report findings):</p>",
            _table(number_table(audit), {"report"}),
            "<p>Checks by verdict (by the report of the check's finding):</p>",
            _table(check_table(audit), {"report"}),
            "<h2>Verdict counts per finding</h2>",
            "<p>Each badge is a count; hover over it for its class.</p>",
            _table(_finding_table(run, findings, pages_of),
                   {"finding", "title", "text", "numbers by class", "checks by verdict"}),
            "<h2>Numbers not located in the text</h2>"]
    if len(site.not_located):
        nl = site.not_located
        rows = []
        for r in nl.itertuples(index=False):
            page = run.pages.get(r.seed)
            where = f'<a href="{_e(page)}#L{r.line}">{_e(page)} line {r.line}</a>' if page else f"{_e(r.seed)} line {r.line}"
            rows.append({"id": _e(r.id), "finding": _e(r.finding), "where": where, "printed": _e(r.printed),
                         "class": _badge(r.verdict), "reason": _e(r.reason)})
        doc.append(_table(pd.DataFrame(rows), {"id", "finding", "where", "printed", "class", "reason"}))
    else:
        doc.append("<p>None.</p>")
    doc += ["</div>", "</body>", "</html>"]
    return "\n".join(doc) + "\n"


# --- the site -----------------------------------------------------------------------------

def write_site(out: str | Path, audit: pd.DataFrame, scripts=(), contexts=None, seeds: str | Path | None = None) -> Site:
    """Write the reading view into ``<out>/html``.

    Parameters
    ----------
    out : str or pathlib.Path
        The output folder of the run (its ``tables/`` and ``figures/`` are linked).
    audit : pandas.DataFrame
        The audit frame of the run.
    scripts : list of Script, optional
        The analysis scripts of the run (for each finding's programs and titles).
    contexts : dict of str to Context, optional
        Their contexts by script name (for each finding's tables and figures).
    seeds : str or pathlib.Path, optional
        Folder of the report texts; defaults to ``POVECON_SEEDS``.

    Returns
    -------
    Site
    """
    out = Path(out)
    folder = out / "html"
    folder.mkdir(parents=True, exist_ok=True)
    texts = report_texts()
    seeds = Path(seeds) if seeds else seed_folder()
    for name in ("index.html", *ASSETS, *(f"{p.lower()}.html" for p in texts)):
        (folder / name).unlink(missing_ok=True)  # a page of an earlier run must not outlive its text
    for name in ASSETS:
        (folder / name).write_bytes((resources.files("povecon.reproduce") / "site" / name).read_bytes())

    numbers = all_numbers()
    nv = number_verdicts(audit)
    classes = dict(zip(nv["id"], nv["verdict"]))
    unchecked = audit[~_is_check(audit)]
    run = _Run(numbers=numbers, classes=classes, checks=audit[_is_check(audit)].astype(str),
               why=dict(zip(unchecked["id"], unchecked["explanation"])), pages={}, titles=_titles(scripts))
    site = Site(folder)
    lines: dict[str, list[str]] = {}
    for prefix, (seed, _) in texts.items():
        path = seeds / seed if seeds else None
        if path is not None and path.is_file():
            lines[seed] = path.read_text(encoding="utf-8").splitlines()
            site.pages[prefix] = run.pages[seed] = f"{prefix.lower()}.html"
        else:
            site.missing.append(seed)
    in_run = numbers[numbers.index.isin(list(classes))]
    spans = locate(in_run, lines)
    outputs = _outputs(out, scripts, contexts)
    lost = [(i, "not found on its line") for i in in_run.index if in_run.at[i, "seed"] in lines and i not in spans]
    for prefix, (seed, title) in texts.items():
        if seed in lines:
            page, bad = _report_page(prefix, title, seed, lines[seed], run, spans, outputs)
            (folder / site.pages[prefix]).write_text(page, encoding="utf-8")
            lost += bad
    lost.sort(key=lambda x: (_finding_key(numbers.at[x[0], "finding"]), x[0]))
    site.not_located = pd.DataFrame(
        [{"id": i, "finding": numbers.at[i, "finding"], "seed": numbers.at[i, "seed"],
          "line": int(numbers.at[i, "line"]), "printed": numbers.at[i, "printed"], "verdict": classes[i],
          "reason": why} for i, why in lost],
        columns=["id", "finding", "seed", "line", "printed", "verdict", "reason"])
    site.located = int(in_run["seed"].isin(list(lines)).sum()) - len(lost)
    pages_of: dict[str, list[str]] = {}
    for ident in sorted(classes):
        page = run.pages.get(numbers.at[ident, "seed"])
        f = numbers.at[ident, "finding"]
        if page and page not in pages_of.setdefault(f, []):
            pages_of[f].append(page)
    for f in pages_of:
        pages_of[f].sort()
    findings = sorted(set(audit["finding"]) | {f for s in scripts for f in s.findings}, key=_finding_key)
    (folder / "index.html").write_text(_index_page(run, audit, findings, site, pages_of, texts, seeds),
                                       encoding="utf-8")
    return site
