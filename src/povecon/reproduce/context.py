"""What an analysis script sees: loaders, the audit, and writers for its outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .. import datasets  # noqa: E402
from ..errors import ReproduceError  # noqa: E402
from ..tables import Table  # noqa: E402
from .figures import FONT_FAMILY, add_note, missing_glyphs, redraws_note, register_font  # noqa: E402
from .report import markdown_table  # noqa: E402

# Fixed rendering so two runs give byte-identical PNGs: the shipped CJK subset draws every
# label (Context.figure refuses a character it lacks), DejaVu Sans only backs up other figures.
_RC = {
    "font.family": [FONT_FAMILY, "DejaVu Sans"],
    "axes.unicode_minus": True,
    "legend.fontsize": 8,
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "svg.hashsalt": "povecon",
    "path.simplify": True,
}


@dataclass
class Output:
    kind: str  # table | figure | text
    name: str
    payload: object = None
    caption: str = ""
    note: str = ""


@dataclass
class Context:
    """What an analysis script's ``run(ctx)`` receives: data loaders, the audit, and output writers.

    Parameters
    ----------
    out : pathlib.Path
        The output folder.
    audit_frame : pandas.DataFrame
        The audit of the findings being rebuilt.
    script : str, default ""
        Name of the script.
    outputs : list of Output, optional
        What the script has written so far, for the report.
    """

    out: Path
    audit_frame: pd.DataFrame
    script: str = ""
    outputs: list[Output] = field(default_factory=list)

    def __post_init__(self):
        # an analysis draws with plt before it hands the figure over: the shipped CJK font must
        # already be the default, whoever built the context (the runner, a test, a notebook)
        style()

    def load(self, name: str, wide: bool = False) -> pd.DataFrame:
        """A transcribed table (see :func:`povecon.datasets.load`).

        Parameters
        ----------
        name : str
            Dataset name.
        wide : bool, default False
            Pivot to one column per quantity.

        Returns
        -------
        pandas.DataFrame
        """
        return datasets.load(name, wide=wide)

    def audit(self, finding: str) -> pd.DataFrame:
        """The audit rows of one finding.

        Parameters
        ----------
        finding : str
            Finding id, e.g. ``"RTP-09"``.

        Returns
        -------
        pandas.DataFrame
        """
        return self.audit_frame[self.audit_frame["finding"] == finding].reset_index(drop=True)

    @staticmethod
    def describe(row) -> str:
        """One audit row in words a reader of the report can check: line, quantity, printed, recomputed.

        Parameters
        ----------
        row : tuple or pandas.Series
            A row of :meth:`audit` (from ``itertuples()`` or ``iterrows()``).

        Returns
        -------
        str
            E.g. ``"line 1542 (Poor counties delisted, total 2016-2020): printed 6, recomputed 26"``.
        """
        get = row.get if hasattr(row, "get") else lambda k: getattr(row, k)
        unit = get("unit")
        unit = f" {unit}" if isinstance(unit, str) and unit else ""

        def num(v):
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return f"{v:.6g}" if v == v else "—"
            return str(v)

        return (f"line {get('line')} ({get('quantity')}): printed {num(get('published'))}{unit}, "
                f"recomputed {num(get('recomputed'))}{unit}")

    def table(self, name: str, frame: pd.DataFrame, *, latex: bool = False, caption: str = "",
              index: bool = False, floatfmt: str = ".4g", display=None) -> Path:
        """Write a table as CSV and Markdown (and LaTeX) and record it for the report.

        A table of estimates with standard errors passes ``display=pe.table(...)``: the CSV
        keeps the numbers of ``frame`` and the Markdown, LaTeX and HTML versions are the
        journal-style table (estimates with SEs in parentheses, stars, N and notes).

        Parameters
        ----------
        name : str
            File name without extension (a plain file stem).
        frame : pandas.DataFrame
            The table.
        latex : bool, default False
            Also write a ``.tex`` file.
        caption : str, default ""
            Caption in the report and the LaTeX file.
        index : bool, default False
            Write the frame's index as columns.
        floatfmt : str, default ".4g"
            Number format of the Markdown and LaTeX versions (the CSV keeps 10
            significant digits).
        display : povecon.tables.Table, optional
            The journal-style table the Markdown, LaTeX and HTML versions show (an HTML
            file is then written too).

        Returns
        -------
        pathlib.Path
            The CSV path.

        Raises
        ------
        ReproduceError
            A bad name or a table that is not a DataFrame.
        """
        _check_name(name)
        if not isinstance(frame, pd.DataFrame):
            raise ReproduceError(f"table {name!r} must be a DataFrame")
        if display is not None and not isinstance(display, Table):
            raise ReproduceError(f"display= of table {name!r} must be a pe.table(...)")
        tables = self.out / "tables"
        tables.mkdir(parents=True, exist_ok=True)
        frame = frame.reset_index() if index else frame
        path = tables / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")
        if display is not None:
            md = display.to_markdown()
            display.to_html(tables / f"{name}.html")
            if latex:
                display.to_latex(tables / f"{name}.tex", caption=caption or None, label=f"tab:{name}")
        else:
            md = _markdown(frame, floatfmt)
            if latex:
                tex = frame.to_latex(index=False, caption=caption or None, label=f"tab:{name}",
                                     float_format=lambda v: format(v, floatfmt), escape=True)
                (tables / f"{name}.tex").write_text(tex, encoding="utf-8")
        (tables / f"{name}.md").write_text(md + "\n", encoding="utf-8")
        self.outputs.append(Output("table", name, md, caption))
        return path

    def redraws(self, where: str, sources: pd.DataFrame | None = None) -> str:
        """The note saying which report table and lines a figure redraws (see ``figure``).

        Parameters
        ----------
        where : str
            The table as the report names it, Chinese with English beside it, e.g.
            ``"表2-1 Table 2-1"``.
        sources : pandas.DataFrame, optional
            The transcribed rows drawn (``seed`` and ``line`` columns), for the report
            file and its lines.

        Returns
        -------
        str
        """
        return redraws_note(where, sources)

    def figure(self, name: str, fig, caption: str = "", *, redraws: str = "") -> Path:
        """Save a figure as PNG, close it, and record it for the report.

        Parameters
        ----------
        name : str
            File name without extension.
        fig : matplotlib.figure.Figure
            The figure.
        caption : str, default ""
            Caption in the report.
        redraws : str, default ""
            Which report table and lines the figure redraws (``ctx.redraws(...)``), or
            why it redraws none; drawn under the figure and repeated in the report.

        Returns
        -------
        pathlib.Path
            The PNG path.

        Raises
        ------
        ReproduceError
            A bad name, or text the shipped font has no glyph for (it would be drawn as
            empty boxes or in another font on another machine).
        """
        _check_name(name)
        if redraws:
            add_note(fig, redraws)
        missing = missing_glyphs(fig)
        if missing:
            plt.close(fig)
            raise ReproduceError(
                f"figure {name!r} draws characters the shipped font lacks: {missing!r}; "
                "rebuild the subset with scripts/subset_font.py")
        figures = self.out / "figures"
        figures.mkdir(parents=True, exist_ok=True)
        path = figures / f"{name}.png"
        fig.savefig(path, metadata={"Software": None}, bbox_inches="tight")
        plt.close(fig)
        self.outputs.append(Output("figure", name, f"figures/{name}.png", caption, redraws))
        return path

    def text(self, markdown: str) -> None:
        """Add a paragraph of Markdown to the finding's section of the report.

        Parameters
        ----------
        markdown : str
            The text.

        Returns
        -------
        None
        """
        self.outputs.append(Output("text", "", markdown.strip()))


def _markdown(frame: pd.DataFrame, floatfmt: str) -> str:
    """Markdown with floats formatted once and text (printed numbers) left exactly as printed."""
    shown = frame.copy()
    for col in shown.columns:
        if pd.api.types.is_float_dtype(shown[col]):
            shown[col] = [("" if pd.isna(v) else format(v, floatfmt)) for v in shown[col]]
    return markdown_table(shown, disable_numparse=True)


def _check_name(name: str) -> None:
    if not name or any(c in name for c in "/\\ ") or name.startswith("."):
        raise ReproduceError(f"output name {name!r} must be a plain file stem")


def style():
    """The fixed plotting style of the reproduction outputs."""
    import seaborn as sns

    register_font()
    sns.set_theme(context="notebook", style="whitegrid", rc=_RC)
    matplotlib.rcParams.update(_RC)
