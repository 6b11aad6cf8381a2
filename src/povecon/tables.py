"""Paper-ready tables: several results side by side, the way journals print them.

:func:`table` lays out one column per result (or per value of a frame column, e.g. one
per region), each estimate with its standard error in parentheses below (or beside),
significance stars from the result's own p-values and, at the bottom, the sample size,
the standard-error method and the degrees of freedom behind the p-values. The
:class:`Table` it returns writes LaTeX and HTML through pandas' ``Styler``, Excel
through openpyxl and Word through python-docx.

p-values follow the one inference rule (:func:`povecon.inference.pvalue`): t on the
result's design degrees of freedom when they are known, normal otherwise; a result that
carries its own ``pvalue`` column (a contrast) keeps it.
"""

from __future__ import annotations

import html as _html
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from . import inference
from .errors import InputError
from .result import STAT_COLUMNS, Result

SE_STYLES = ("parentheses", "brackets", "beside", "none")
LANGS = ("en", "zh")
STATS = ("n", "n_groups", "se_method", "df", "level")

# Names of povecon's measures, statistics and table furniture. User labels override them.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "fgt0": "Headcount ratio", "headcount": "Headcount ratio", "fgt1": "Poverty gap",
        "poverty_gap": "Poverty gap", "poverty gap": "Poverty gap", "fgt2": "Squared poverty gap",
        "squared_gap": "Squared poverty gap", "watts": "Watts index", "sen": "Sen index", "sst": "SST index",
        "chu": "Chu index", "takayama": "Takayama index", "time_to_exit": "Time to exit",
        "gini": "Gini", "theil": "Theil index", "ge0": "MLD (GE(0))", "ge1": "Theil (GE(1))",
        "ge2": "GE(2)", "mld": "Mean log deviation", "atkinson": "Atkinson index", "cv": "Coefficient of variation",
        "palma": "Palma ratio", "qsr": "Quintile share ratio", "arpr": "At-risk-of-poverty rate",
        "H": "H (headcount)", "A": "A (intensity)", "M0": "M0 (MPI)", "hd": "Uncensored headcount",
        "hdk": "Censored headcount", "actb": "Absolute contribution", "pctb": "Contribution (%)",
        "popshare": "Population share", "coef": "Coefficient", "ame": "Average marginal effect",
        "Intercept": "Constant", "all": "All", "total": "Total",
        "n": "N", "n_groups": "Households", "se_method": "SE method", "df": "df", "level": "Confidence level",
        "normal": "normal", "linearized": "linearized", "bootstrap": "bootstrap", "replicate": "replicate weights",
        "cluster-robust (household)": "clustered by household",
    },
    "zh": {
        "fgt0": "贫困发生率", "headcount": "贫困发生率", "fgt1": "贫困缺口", "poverty_gap": "贫困缺口",
        "poverty gap": "贫困缺口", "fgt2": "平方贫困缺口", "squared_gap": "平方贫困缺口", "watts": "瓦茨指数",
        "sen": "森指数", "sst": "SST 指数", "chu": "Chu 指数", "takayama": "高山指数", "time_to_exit": "脱贫所需时间",
        "gini": "基尼系数", "theil": "泰尔指数", "ge0": "平均对数偏差", "ge1": "泰尔指数", "ge2": "广义熵指数 GE(2)",
        "mld": "平均对数偏差", "atkinson": "阿特金森指数", "cv": "变异系数", "palma": "帕尔玛比值",
        "qsr": "五等分收入比", "arpr": "相对贫困风险率",
        "H": "多维贫困发生率 H", "A": "平均剥夺强度 A", "M0": "多维贫困指数 M0", "hd": "未删减贫困发生率",
        "hdk": "删减贫困发生率", "actb": "绝对贡献", "pctb": "贡献率 (%)", "popshare": "人口份额",
        "coef": "系数", "ame": "平均边际效应", "Intercept": "常数项", "all": "全部", "total": "合计",
        "n": "样本量", "n_groups": "户数", "se_method": "标准误", "df": "自由度", "level": "置信水平",
        "normal": "正态", "linearized": "线性化", "bootstrap": "自助法", "replicate": "重复权数",
        "cluster-robust (household)": "按户聚类",
    },
}

_NOTES = {
    "en": {
        "parentheses": "Standard errors in parentheses.",
        "brackets": "Standard errors in brackets.",
        "beside": "Standard errors in parentheses.",
        "none": "",
        "ci": "{level:.0%} confidence intervals in brackets.",
        "stars": "{legend}; two-sided p-values, t on the degrees of freedom in the df row, normal where it says normal.",
        "sep": ", ",
    },
    "zh": {
        "parentheses": "括号内为标准误。",
        "brackets": "方括号内为标准误。",
        "beside": "括号内为标准误。",
        "none": "",
        "ci": "方括号内为 {level:.0%} 置信区间。",
        "stars": "{legend}；双侧检验，自由度一行给出 t 分布的自由度，标为正态者用正态分布。",
        "sep": "，",
    },
}


@dataclass
class Table:
    """A journal-style table of estimates; build it with :func:`table`.

    Parameters
    ----------
    header : list of tuple of str
        Column headers, one tuple per column (one entry per header level).
    body : list of tuple
        ``(label, cells, kind)`` per line: ``kind`` is ``"estimate"``, ``"se"`` (the line
        of standard errors or intervals under the estimates) or ``"stat"`` (the counts and
        notes at the bottom).
    notes : list of str
        Lines printed under the table.
    estimates : pandas.DataFrame
        The numbers behind the cells (one row per cell: ``row, column, value, se, pvalue,
        stars, ci_lower, ci_upper, n``), for checks and further use.
    title : str
        Caption.
    stub : str
        Header of the label column.
    """

    header: list[tuple[str, ...]]
    body: list[tuple[str, list[str], str]]
    notes: list[str] = field(default_factory=list)
    estimates: pd.DataFrame = field(default_factory=pd.DataFrame)
    title: str = ""
    stub: str = ""

    # --- frames ---------------------------------------------------------------------------
    @property
    def _levels(self) -> int:
        return len(self.header[0]) if self.header else 1

    def _columns(self) -> pd.Index:
        if self._levels == 1:
            return pd.Index([self.stub] + [h[0] for h in self.header])
        stub = tuple([""] * (self._levels - 1) + [self.stub])
        return pd.MultiIndex.from_tuples([stub] + list(self.header))

    def to_frame(self) -> pd.DataFrame:
        """The table as printed: a frame of text, the labels in the first column.

        Returns
        -------
        pandas.DataFrame
            One row per printed line (estimates, their standard errors, the bottom rows).
        """
        rows = [[label] + list(cells) for label, cells, _ in self.body]
        return pd.DataFrame(rows, columns=self._columns())

    def _styler(self):
        from pandas.io.formats.style import Styler

        # a fixed uuid and no cell ids keep the HTML identical from run to run
        return Styler(self.to_frame(), uuid="povecon", cell_ids=False).hide(axis="index")

    # --- writers --------------------------------------------------------------------------
    def to_latex(self, path: str | Path | None = None, *, label: str | None = None,
                 environment: str = "table", caption: str | None = None) -> str:
        """LaTeX (booktabs) through ``pandas.io.formats.style.Styler.to_latex``.

        Parameters
        ----------
        path : str or pathlib.Path, optional
            Also write the LaTeX to this file (UTF-8).
        label : str, optional
            ``\\label`` of the table.
        environment : {"table", "tabular"}, default "table"
            A floating ``table`` with caption and notes, or the bare ``tabular`` (notes
            then follow it as a paragraph).
        caption : str, optional
            Caption; default the table's title.

        Returns
        -------
        str
            The LaTeX source; it needs ``\\usepackage{booktabs}`` (and a CJK setup such as
            ``ctex`` with XeLaTeX for Chinese labels).
        """
        if environment not in ("table", "tabular"):
            raise InputError(f"environment must be 'table' or 'tabular', got {environment!r}")
        st = self._styler().format(escape="latex").format_index(escape="latex", axis=1)
        align = "l" + "c" * len(self.header)
        tabular = st.to_latex(hrules=True, column_format=align, multicol_align="c")
        tabular = _rule_before_stats(tabular, self.body, self._levels)
        notes = " ".join(_latex_escape(n) for n in self.notes)
        caption = self.title if caption is None else caption
        if environment == "tabular":
            out = tabular + (f"\\par\\smallskip{{\\footnotesize {notes}\\par}}\n" if notes else "")
        else:
            parts = ["\\begin{table}[htbp]", "\\centering"]
            if caption:
                parts.append(f"\\caption{{{_latex_escape(caption)}}}")
            if label:
                parts.append(f"\\label{{{label}}}")
            parts.append(tabular.rstrip("\n"))
            if notes:
                parts += ["\\par\\smallskip", f"\\begin{{minipage}}{{0.95\\linewidth}}\\footnotesize {notes}"
                          "\\end{minipage}"]
            parts.append("\\end{table}")
            out = "\n".join(parts) + "\n"
        _write(path, out)
        return out

    def to_html(self, path: str | Path | None = None) -> str:
        """HTML through ``pandas.io.formats.style.Styler.to_html`` (identical from run to run).

        Parameters
        ----------
        path : str or pathlib.Path, optional
            Also write the HTML to this file (UTF-8).

        Returns
        -------
        str
            A ``<table>`` with the caption, followed by the notes.
        """
        st = self._styler()
        if self.title:
            st = st.set_caption(self.title)
        stat_rows = [i for i, (_, _, kind) in enumerate(self.body) if kind == "stat"]
        if stat_rows:
            # the bottom rows are set off by a rule, as in print
            st = st.set_table_styles({c: [{"selector": f"td.row{stat_rows[0]}",
                                           "props": "border-top: 1px solid black;"}]
                                      for c in self.to_frame().columns})
        out = st.to_html(table_attributes='class="povecon-table"', doctype_html=False)
        if self.notes:
            out += "".join(f'<p class="povecon-table-note">{_html.escape(n)}</p>\n' for n in self.notes)
        _write(path, out)
        return out

    def to_markdown(self, path: str | Path | None = None) -> str:
        """Markdown (a pipe table, then the notes).

        Parameters
        ----------
        path : str or pathlib.Path, optional
            Also write the Markdown to this file (UTF-8).

        Returns
        -------
        str
        """
        from .reproduce.report import markdown_table

        f = self.to_frame()
        if self._levels > 1:
            f.columns = [" ".join(p for p in c if p) for c in f.columns]
        out = markdown_table(f, disable_numparse=True)
        if self.notes:
            # the star legend is text, not emphasis
            out += "\n\n" + "\n".join(n.replace("*", "\\*") + "  " for n in self.notes).rstrip()
        _write(path, out + "\n")
        return out

    def to_excel(self, path: str | Path, *, sheet: str = "Table") -> Path:
        """An Excel workbook (openpyxl): title, header, estimates, bottom rows and notes.

        Parameters
        ----------
        path : str or pathlib.Path
            The ``.xlsx`` file to write.
        sheet : str, default "Table"
            Worksheet name.

        Returns
        -------
        pathlib.Path
            The file written.
        """
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, Side

        path = Path(path)
        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        line = Side(style="thin")
        r = 1
        if self.title:
            ws.cell(row=r, column=1, value=self.title).font = Font(bold=True)
            r += 2
        ncol = len(self.header) + 1
        top = r
        for level in range(self._levels):
            ws.cell(row=r, column=1, value=self.stub if level == self._levels - 1 else "")
            for j, h in enumerate(self.header, start=2):
                c = ws.cell(row=r, column=j, value=h[level])
                c.alignment = Alignment(horizontal="center")
                c.font = Font(bold=True)
            if level < self._levels - 1:
                _merge_runs(ws, r, [h[level] for h in self.header])
            r += 1
        for j in range(1, ncol + 1):
            ws.cell(row=top, column=j).border = Border(top=line)
            ws.cell(row=r - 1, column=j).border = Border(bottom=line)
        first_stat = True
        for label, cells, kind in self.body:
            ws.cell(row=r, column=1, value=label)
            for j, v in enumerate(cells, start=2):
                ws.cell(row=r, column=j, value=v).alignment = Alignment(horizontal="center")
            if kind == "stat" and first_stat:
                for j in range(1, ncol + 1):
                    ws.cell(row=r, column=j).border = Border(top=line)
                first_stat = False
            r += 1
        for j in range(1, ncol + 1):
            ws.cell(row=r - 1, column=j).border = Border(bottom=line)
        for n in self.notes:
            ws.cell(row=r, column=1, value=n).font = Font(italic=True, size=9)
            r += 1
        ws.column_dimensions["A"].width = max([len(str(b[0])) for b in self.body] + [12]) + 2
        for j in range(2, ncol + 1):
            ws.column_dimensions[ws.cell(row=top, column=j).column_letter].width = max(
                [len(str(b[1][j - 2])) for b in self.body] + [len(str(h)) for h in self.header[j - 2]] + [10]) + 2
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)
        return path

    def to_docx(self, path: str | Path, *, document=None) -> Path:
        """A Word document (python-docx, the optional ``export`` dependency).

        Parameters
        ----------
        path : str or pathlib.Path
            The ``.docx`` file to write.
        document : docx.Document, optional
            Append the table to this document instead of a new one.

        Returns
        -------
        pathlib.Path
            The file written.
        """
        try:
            import docx
            from docx.enum.text import WD_ALIGN_PARAGRAPH
            from docx.shared import Pt
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("Word export needs python-docx: pip install 'povecon[export]'") from None
        path = Path(path)
        doc = docx.Document() if document is None else document
        if self.title:
            doc.add_paragraph(self.title).runs[0].bold = True
        ncol = len(self.header) + 1
        t = doc.add_table(rows=self._levels + len(self.body), cols=ncol)
        for level in range(self._levels):
            t.cell(level, 0).text = self.stub if level == self._levels - 1 else ""
            for j, h in enumerate(self.header, start=1):
                t.cell(level, j).text = h[level]
                for p in t.cell(level, j).paragraphs:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in p.runs:
                        run.bold = True
        for i, (label, cells, _) in enumerate(self.body, start=self._levels):
            t.cell(i, 0).text = label
            for j, v in enumerate(cells, start=1):
                t.cell(i, j).text = v
                t.cell(i, j).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for n in self.notes:
            run = doc.add_paragraph().add_run(n)
            run.italic = True
            run.font.size = Pt(9)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(path)
        return path

    def __str__(self) -> str:
        with pd.option_context("display.width", 200, "display.max_columns", 50, "display.max_rows", 500):
            text = self.to_frame().to_string(index=False)
        head = [self.title] if self.title else []
        return "\n".join(head + [text] + self.notes)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return self.to_html()


# --- building the table ---------------------------------------------------------------------

def table(*results: Result, labels: Mapping[Any, str] | Sequence[str] | None = None,
          stars: Sequence[float] | None = (0.10, 0.05, 0.01), se_in: str = "parentheses", digits: int = 3,
          lang: str = "en", notes: str | Sequence[str] = (), rows: str | Sequence[str] | None = None,
          columns: str | Sequence[str] | None = None, select: Mapping[str, Any] | None = None,
          names: Sequence[str] | None = None, title: str = "", ci: bool = False,
          stats: Sequence[str] = ("n", "n_groups", "se_method", "df")) -> Table:
    """Several results side by side, as journals print them.

    Parameters
    ----------
    *results : Result
        povecon results (panel models, measures, MPI, contrasts ...): one column each, or
        one column per value of ``columns``.
    labels : mapping or sequence of str, optional
        A mapping from any label (a measure, a regressor, a group, a column header, a
        bottom-row name such as ``"n"``) to the text to print; it overrides the built-in
        English or Chinese names. A sequence is taken as ``names``.
    stars : sequence of float or None, default (0.10, 0.05, 0.01)
        Significance levels: a p-value below each adds a star (``***`` for p < 0.01 by
        default). ``None`` or ``()`` for no stars (e.g. for poverty rates, whose test of
        zero means little).
    se_in : {"parentheses", "brackets", "beside", "none"}, default "parentheses"
        Standard errors in parentheses (or brackets) on the line below the estimate, in
        parentheses beside it in the same cell, or not shown.
    digits : int, default 3
        Decimals of estimates and standard errors.
    lang : {"en", "zh"}, default "en"
        Language of the built-in labels and notes.
    notes : str or sequence of str
        Notes added under the table, after the standard ones (e.g. the data source).
    rows : str or sequence of str, optional
        Frame columns that identify a line (default: the identifying columns whose values
        vary, e.g. ``term`` for models or ``measure`` and ``k`` for an MPI).
    columns : str or sequence of str, optional
        Frame columns to pivot into table columns (e.g. ``"group"``: one column per
        region). Default: one column per result. With several results the headers have
        two levels (result, then value).
    select : mapping, optional
        Keep only the rows matching these column values in every result that has the
        column (as :meth:`Result.select`), e.g. ``{"measure": "ame"}``.
    names : sequence of str, optional
        Header of each result (default: the model, or the function called).
    title : str, default ""
        Caption.
    ci : bool, default False
        Add the confidence interval (at each result's level) in brackets on a line below.
    stats : sequence of str, default ("n", "n_groups", "se_method", "df")
        Bottom rows, from ``"n"`` (observations), ``"n_groups"`` (households, when a
        result has them), ``"se_method"``, ``"df"`` (degrees of freedom of the p-values,
        "normal" when none) and ``"level"``.

    Returns
    -------
    Table
        With ``to_latex``, ``to_html``, ``to_markdown``, ``to_excel``, ``to_docx`` and
        ``to_frame``; ``.estimates`` holds the numbers behind every cell.

    Raises
    ------
    InputError
        No results, options out of range, or two estimates that would share one cell.

    Examples
    --------
    >>> pe.table(m1, m2, m3, select={"measure": "coef"})                 # doctest: +SKIP
    >>> pe.table(r.select(measure=["H", "A", "M0"]), columns="group", lang="zh")  # doctest: +SKIP
    """
    if not results:
        raise InputError("give at least one result")
    for r in results:
        if not isinstance(r, Result):
            raise InputError(f"table takes povecon results, got {type(r).__name__}")
    if lang not in LANGS:
        raise InputError(f"lang must be one of {LANGS}, got {lang!r}")
    if se_in not in SE_STYLES:
        raise InputError(f"se_in must be one of {SE_STYLES}, got {se_in!r}")
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or not 0 <= digits <= 12:
        raise InputError(f"digits must be a whole number from 0 to 12, got {digits!r}")
    stars = tuple(sorted((float(s) for s in (stars or ())), reverse=True))
    if any(not 0 < s < 1 for s in stars):
        raise InputError(f"stars are significance levels in (0, 1), e.g. (0.10, 0.05, 0.01); got {stars}")
    bad = [s for s in stats if s not in STATS]
    if bad:
        raise InputError(f"unknown bottom rows {bad}; choose from {STATS}")
    if labels is not None and not isinstance(labels, Mapping):
        names, labels = list(labels), None
    if names is not None and len(names) != len(results):
        raise InputError(f"names= needs one header per result ({len(results)}), got {len(names)}")
    words = dict(LABELS[lang])
    words.update({k: str(v) for k, v in (labels or {}).items()})

    def say(v) -> str:
        if isinstance(v, str) and v in words:
            return words[v]
        if _missing(v):
            return ""
        if isinstance(v, (float, np.floating)):
            return f"{v:.4g}"
        return str(v)

    pivot = _as_list(columns)
    picked = [_pick(r, select) for r in results]
    heads = _result_names(results, names)
    long = []
    for i, (r, f) in enumerate(zip(results, picked)):
        f = f.copy()
        missing = [c for c in pivot if c not in f.columns]
        if missing:
            raise InputError(f"columns={missing} are not columns of result {i + 1}; it has {r.key_columns}")
        if "pvalue" in f.columns:
            p = f["pvalue"].to_numpy(dtype=float)
        else:
            with np.errstate(invalid="ignore", divide="ignore"):
                p = inference.pvalue(f["value"].to_numpy(dtype=float) / f["se"].to_numpy(dtype=float), r.df)
        f["pvalue"] = np.where(np.isfinite(f["se"].to_numpy(dtype=float)), p, np.nan)
        f["_result"] = i
        long.append(f)
    keys_all: list[str] = []
    for f in long:
        keys_all += [c for c in f.columns if c not in STAT_COLUMNS and c not in keys_all and not c.startswith("_")]
    stacked = pd.concat(long, ignore_index=True)
    if stacked.empty:
        raise InputError(f"no estimate to show: select={dict(select or {})} matches none of these results")
    if rows is None:
        # the columns that tell a result's estimates apart, less those the earlier ones
        # determine (the FGT order alpha of "fgt0", the line of every row ...)
        row_cols = []
        for c in keys_all:
            if c in pivot or not any(c in f.columns and _distinct(f[c]) > 1 for f in long):
                continue
            if row_cols and _determined(stacked, row_cols, c):
                continue
            row_cols.append(c)
        if not row_cols:
            row_cols = ["measure"]
    else:
        row_cols = _as_list(rows)
        unknown = [c for c in row_cols if c not in stacked.columns]
        if unknown:
            raise InputError(f"rows={unknown} are not columns of these results; they have {keys_all}")
    stacked = stacked.reset_index(drop=True)
    stacked["_row"] = _keys(stacked, row_cols)
    col_keys = [(int(i),) + k for i, k in zip(stacked["_result"], _keys(stacked, pivot))]
    stacked["_col"] = col_keys
    dup = stacked.duplicated(["_row", "_col"], keep=False)
    if dup.any():
        clash = stacked.loc[dup, keys_all].drop_duplicates().head(4)
        others = [c for c in keys_all if c not in row_cols + pivot and _distinct(stacked.loc[dup, c]) > 1]
        raise InputError(
            "several estimates fall in one cell; add the columns that tell them apart to rows= "
            f"(candidates: {others or keys_all}) or narrow with select=. Clashing rows:\n{clash.to_string()}")
    row_order = list(dict.fromkeys(stacked["_row"]))
    col_order = [(i,) for i in range(len(results))] if not pivot else list(dict.fromkeys(stacked["_col"]))
    # header: the result's name, then the pivot values
    multi = len(results) > 1 or not pivot
    header = []
    for ck in col_order:
        parts = ([heads[ck[0]]] if multi else []) + [say(v) for v in ck[1:]]
        header.append(tuple(parts))
    header = [tuple(words.get(h, h) for h in hd) for hd in header]

    fmt = f"{{:.{digits}f}}"
    cells = {(rk, ck): rec for rk, ck, rec in zip(stacked["_row"], stacked["_col"], stacked.to_dict("records"))}
    body: list[tuple[str, list[str], str]] = []
    est_rows = []
    for rk in row_order:
        line, under, interval = [], [], []
        for ck in col_order:
            rec = cells.get((rk, ck))
            if rec is None:
                line.append("")
                under.append("")
                interval.append("")
                continue
            v, s, p = rec["value"], rec["se"], rec["pvalue"]
            n_stars = sum(p < t for t in stars) if np.isfinite(p) else 0
            mark = "*" * n_stars
            text = "" if not np.isfinite(v) else fmt.format(v) + mark
            se_text = fmt.format(s) if np.isfinite(s) else ""
            if se_in == "beside" and se_text:
                text += f" ({se_text})"
                se_cell = ""
            elif se_in == "parentheses" and se_text:
                se_cell = f"({se_text})"
            elif se_in == "brackets" and se_text:
                se_cell = f"[{se_text}]"
            else:
                se_cell = ""
            line.append(text)
            under.append(se_cell)
            lo, hi = rec.get("ci_lower", np.nan), rec.get("ci_upper", np.nan)
            interval.append(f"[{fmt.format(lo)}, {fmt.format(hi)}]" if np.isfinite(lo) and np.isfinite(hi) else "")
            est_rows.append({"row": _row_label(rk, row_cols, say), "column": " / ".join(header[col_order.index(ck)]),
                             "value": v, "se": s, "pvalue": p, "stars": n_stars,
                             "ci_lower": lo, "ci_upper": hi, "n": rec.get("n")})
        body.append((_row_label(rk, row_cols, say), line, "estimate"))
        if any(under):
            body.append(("", under, "se"))
        if ci and any(interval):
            body.append(("", interval, "se"))
    body += _bottom(results, picked, stacked, col_order, stats, say, words)
    tab_notes = _standard_notes(results, se_in, stars, ci, lang)
    tab_notes += [notes] if isinstance(notes, str) else [str(n) for n in notes]
    return Table(header=header, body=body, notes=[n for n in tab_notes if n], estimates=pd.DataFrame(est_rows),
                 title=title)


def _pick(r: Result, select: Mapping[str, Any] | None) -> pd.DataFrame:
    if not select:
        return r.frame
    mine = {k: v for k, v in select.items() if k in r.frame.columns}
    if not mine:
        return r.frame
    try:
        return r.select(**mine).frame
    except InputError:
        # nothing to show for this result (e.g. a conditional logit has no marginal effects):
        # its column stays, empty but for the bottom rows
        return r.frame.iloc[:0]


def _result_names(results, names) -> list[str]:
    if names is not None:
        return [str(n) for n in names]
    out = []
    for i, r in enumerate(results):
        name = getattr(r, "model", None) or r.call.get("function") or f"({i + 1})"
        name = str(name)
        if name in out:
            name = f"{name} ({i + 1})"
        out.append(name)
    return out


def _as_list(x) -> list[str]:
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


def _missing(v) -> bool:
    return v is None or (not isinstance(v, str) and np.ndim(v) == 0 and bool(pd.isna(v)))


def _distinct(s: pd.Series) -> int:
    return s.astype(object).where(s.notna(), "\0na").nunique()


def _determined(f: pd.DataFrame, by: list[str], col: str) -> bool:
    """Whether ``col`` takes one value for each combination of the ``by`` columns."""
    keys = pd.Series(_keys(f, by), index=f.index)
    vals = pd.Series(_keys(f, [col]), index=f.index)
    return bool((vals.groupby(keys.map(str)).nunique() <= 1).all())


def _keys(f: pd.DataFrame, cols: list[str]) -> list[tuple]:
    if not cols:
        return [()] * len(f)
    sub = f[cols].astype(object)
    return [tuple(None if _missing(v) else v for v in row) for row in sub.itertuples(index=False)]


def _row_label(key: tuple, cols: list[str], say) -> str:
    parts = []
    for c, v in zip(cols, key):
        if _missing(v):
            continue
        if isinstance(v, str) or c in ("measure", "term", "group", "indicator", "component"):
            parts.append(say(v))
        else:
            parts.append(f"{say(c)} = {say(v)}")
    return ", ".join(parts)


def _bottom(results, picked, stacked, col_order, stats, say, words) -> list[tuple[str, list[str], str]]:
    out = []
    for stat in stats:
        cells = []
        for ck in col_order:
            r = results[ck[0]]
            if stat == "n":
                sub = stacked[stacked["_col"].apply(lambda c, ck=ck: c == ck)]
                ns = pd.to_numeric(sub["n"], errors="coerce").dropna().unique() if "n" in sub else []
                n = int(ns[0]) if len(ns) == 1 else r.n
                cells.append("" if n is None else f"{int(n):,}")
            elif stat == "n_groups":
                g = getattr(r, "n_groups", None)
                cells.append("" if g is None else str(int(g)))
            elif stat == "se_method":
                cells.append(say(r.se_method) if r.se_method else "")
            elif stat == "df":
                cells.append(say("normal") if r.df is None else f"{r.df:g}")
            elif stat == "level":
                cells.append(f"{r.level:.0%}")
        if any(cells):
            out.append((words.get(stat, stat), cells, "stat"))
    return out


def _standard_notes(results, se_in, stars, ci, lang) -> list[str]:
    t = _NOTES[lang]
    out = [t[se_in]]
    if ci:
        levels = {r.level for r in results}
        out.append(t["ci"].format(level=levels.pop()) if len(levels) == 1 else t["ci"].format(level=0.95).replace(
            "95%", "each result's"))
    if stars:
        legend = t["sep"].join(f"{'*' * (i + 1)} p < {s:.2f}" if s >= 0.01 else f"{'*' * (i + 1)} p < {s:g}"
                              for i, s in enumerate(stars))
        out.append(t["stars"].format(legend=legend))
    return out


def _latex_escape(text: str) -> str:
    from pandas.io.formats.style_render import _escape_latex

    return _escape_latex(str(text))


def _rule_before_stats(tabular: str, body, levels: int) -> str:
    """A midrule between the estimates and the bottom rows, as journals set them."""
    kinds = [k for _, _, k in body]
    if "stat" not in kinds or kinds.index("stat") == 0:
        return tabular
    lines = tabular.split("\n")
    mid = next(i for i, ln in enumerate(lines) if ln.strip() == "\\midrule")
    target = mid + 1 + kinds.index("stat")
    lines.insert(target, "\\midrule")
    return "\n".join(lines)


def _merge_runs(ws, row: int, values: list[str]) -> None:
    start = 0
    for j in range(1, len(values) + 1):
        if j == len(values) or values[j] != values[start]:
            if j - start > 1:
                ws.merge_cells(start_row=row, start_column=start + 2, end_row=row, end_column=j + 1)
            start = j


def _write(path, text: str) -> None:
    if path is not None:
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


__all__ = ["Table", "table", "LABELS"]
