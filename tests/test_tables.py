"""pe.table: several results side by side, written as LaTeX, HTML, Markdown, Excel and Word.

The models and the MPI run on SIMULATED households (pe.datasets.simulate_households);
the checks recompute the stars and the printed standard errors independently of the
table code (scipy's t and normal distributions on each result's degrees of freedom).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess

import numpy as np
import pytest
from scipy import stats

import povecon as pe
from povecon.errors import InputError

HAVE_DOCX = importlib.util.find_spec("docx") is not None
SIMULATED = "SIMULATED data: pe.datasets.simulate_households(400, seed=1); not observed households."


@pytest.fixture(scope="module")
def sim():
    return pe.datasets.simulate_households(400, seed=1).data


@pytest.fixture(scope="module")
def models(sim):
    panel = pe.PovertyPanel(sim, id="household", time="year", income="income", line=2300, weights="weight")
    rhs = "illness_shock + disaster_shock + policy_withdrawn"
    return [pe.lpm_fe(f"poor ~ {rhs}", panel),
            pe.cre_probit(f"poor ~ {rhs}", panel, estimator="pooled"),
            pe.reentry_hazard("~ edu_years + labour_short + ill_health", panel, duration="log")]


@pytest.fixture(scope="module")
def mpi_by_region(sim):
    spec = pe.MPISpec({"living": {"water": "d_water", "housing": "d_housing"},
                       "services": {"education": "d_education", "medical": "d_medical"}})
    d = sim[sim["year"] == 2014]
    return pe.mpi(d, spec, k=0.5, weights="weight", by="prefecture")


def _model_table(models):
    return pe.table(*models, select={"measure": "coef"}, notes=SIMULATED, title="Return to poverty (SIMULATED)")


def _expected_stars(value, se, df):
    """Stars computed here, not by the table code: p from scipy on the result's df (normal when None)."""
    z = abs(value / se)
    p = 2 * stats.norm.sf(z) if df is None else 2 * stats.t.sf(z, df)
    return sum(p < a for a in (0.10, 0.05, 0.01)), p


def _cell(frame, label, column):
    rows = frame.index[frame.iloc[:, 0] == label]
    assert len(rows) == 1, (label, list(frame.iloc[:, 0]))
    i = rows[0]
    return frame.loc[i, column], frame.loc[i + 1, column]


def test_model_table_stars_and_ses_match_the_results(models):
    t = _model_table(models)
    f = t.to_frame()
    heads = [m.model for m in models]
    assert list(f.columns[1:]) == heads
    seen_three = False
    for m, head in zip(models, heads):
        for term, value, se in zip(m.params.index, m.params, m.std_errors):
            n_stars, p = _expected_stars(value, se, m.df)
            label = "Constant" if term == "Intercept" else term
            est, se_cell = _cell(f, label, head)
            assert est == f"{value:.3f}" + "*" * n_stars, (head, term, p)
            assert se_cell == f"({round(se, 3):.3f})"
            seen_three |= n_stars == 3
            assert p == pytest.approx(float(m.pvalues[term]), rel=1e-9, abs=1e-300)
    assert seen_three  # a coefficient with p < 0.01 is in the table and got three stars
    # bottom rows: observations, households, SE method, df (normal for the ML models)
    bottom = f.set_index(f.columns[0]).loc[["N", "Households", "df"]]
    assert bottom.loc["N"].tolist() == [f"{m.n:,}" for m in models]
    assert bottom.loc["Households"].tolist() == [str(m.n_groups) for m in models]
    assert bottom.loc["df"].tolist() == [f"{models[0].df:g}", "normal", "normal"]
    assert any("SIMULATED" in n for n in t.notes)
    assert any("*** p < 0.01" in n for n in t.notes)


def test_estimates_frame_holds_the_numbers(models):
    t = _model_table(models)
    e = t.estimates
    lpm = e[(e["column"] == models[0].model) & (e["row"] == "illness_shock")].iloc[0]
    assert lpm["value"] == models[0].params["illness_shock"]
    assert lpm["se"] == models[0].std_errors["illness_shock"]
    assert lpm["stars"] == 3


def test_model_table_writers(models, tmp_path):
    t = _model_table(models)
    tex = t.to_latex(tmp_path / "models.tex", label="tab:models")
    assert (tmp_path / "models.tex").read_text(encoding="utf-8") == tex
    assert "\\toprule" in tex and "\\bottomrule" in tex and tex.count("\\midrule") == 2
    assert "illness\\_shock" in tex and "SIMULATED" in tex and "\\label{tab:models}" in tex
    html = t.to_html(tmp_path / "models.html")
    assert "<table" in html and "0.098***" in html and "SIMULATED" in html
    assert html == _model_table(models).to_html()  # identical from run to run
    md = t.to_markdown()
    assert "| illness_shock" in md and "\\*\\*\\* p < 0.01" in md

    from openpyxl import load_workbook

    t.to_excel(tmp_path / "models.xlsx")
    ws = load_workbook(tmp_path / "models.xlsx").active
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    assert cells[0][0] == "Return to poverty (SIMULATED)"
    header = next(r for r in cells if r[1] == models[0].model)
    assert header[1:4] == [m.model for m in models]
    i = next(k for k, r in enumerate(cells) if r[0] == "illness_shock")
    v, s = models[0].params["illness_shock"], models[0].std_errors["illness_shock"]
    assert cells[i][1] == f"{v:.3f}***" and cells[i + 1][1] == f"({s:.3f})"
    n_row = next(r for r in cells if r[0] == "N")
    assert n_row[1:4] == [f"{m.n:,}" for m in models]
    assert any(isinstance(r[0], str) and "SIMULATED" in r[0] for r in cells)


def test_model_table_docx(models, tmp_path):
    docx = pytest.importorskip("docx")
    path = _model_table(models).to_docx(tmp_path / "models.docx")
    doc = docx.Document(str(path))
    tab = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in tab.rows]
    assert rows[0][1:] == [m.model for m in models]
    i = next(k for k, r in enumerate(rows) if r[0] == "illness_shock")
    assert rows[i][1].endswith("***") and rows[i + 1][1].startswith("(")
    assert any("SIMULATED" in p.text for p in doc.paragraphs)


def _compile(tex: str, tmp_path, name: str) -> None:
    engine = shutil.which("latexmk") and "latexmk" or shutil.which("pdflatex") and "pdflatex"
    if not engine:
        pytest.skip("no TeX engine on PATH")
    doc = tmp_path / f"{name}.tex"
    doc.write_text("\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n" + tex
                   + "\\end{document}\n", encoding="utf-8")
    cmd = (["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", doc.name] if engine == "latexmk"
           else ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", doc.name])
    run = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / f"{name}.pdf").exists()


def test_latex_compiles(models, mpi_by_region, tmp_path):
    _compile(_model_table(models).to_latex(label="tab:models"), tmp_path, "models")
    t = pe.table(mpi_by_region.select(measure=["H", "A", "M0"]), columns="group", stars=None, notes=SIMULATED)
    _compile(t.to_latex(), tmp_path, "mpi")


def test_mpi_by_region(mpi_by_region, tmp_path):
    r = mpi_by_region.select(measure=["H", "A", "M0"])
    t = pe.table(r, columns="group", stars=None, notes=SIMULATED, title="MPI by prefecture (SIMULATED)")
    f = t.to_frame()
    groups = list(dict.fromkeys(r.frame["group"]))
    assert list(f.columns[1:]) == ["All" if g == "all" else g for g in groups]
    fr = r.frame
    for g, head in zip(groups, f.columns[1:]):
        for measure, label in (("H", "H (headcount)"), ("A", "A (intensity)"), ("M0", "M0 (MPI)")):
            row = fr[(fr["group"] == g) & (fr["measure"] == measure)].iloc[0]
            est, se = _cell(f, label, head)
            assert est == f"{row['value']:.3f}"  # stars=None: no stars
            assert se == f"({row['se']:.3f})"
        n = f.set_index(f.columns[0]).loc["N", head]
        assert n == f"{int(fr[fr['group'] == g]['n'].iloc[0]):,}"
    t.to_excel(tmp_path / "mpi.xlsx")
    from openpyxl import load_workbook

    cells = [[c.value for c in row] for row in load_workbook(tmp_path / "mpi.xlsx").active.iter_rows()]
    m0 = next(k for k, row in enumerate(cells) if row[0] == "M0 (MPI)")
    v = fr[(fr["group"] == groups[0]) & (fr["measure"] == "M0")].iloc[0]
    assert cells[m0][1] == f"{v['value']:.3f}" and cells[m0 + 1][1] == f"({v['se']:.3f})"
    html = t.to_html(tmp_path / "mpi.html")
    assert "MPI by prefecture" in html
    if HAVE_DOCX:
        assert t.to_docx(tmp_path / "mpi.docx").exists()
    # one column per measure instead, the prefectures as lines
    by_measure = pe.table(r, columns="measure", rows="group", stars=None).to_frame()
    assert list(by_measure.columns[1:]) == ["H (headcount)", "A (intensity)", "M0 (MPI)"]


def test_chinese_labels_and_overrides(mpi_by_region, models):
    r = mpi_by_region.select(measure=["H", "A", "M0"])
    f = pe.table(r, columns="group", lang="zh", labels={"Aksu": "阿克苏", "Kashgar": "喀什"}).to_frame()
    labels = list(f.iloc[:, 0])
    assert "多维贫困指数 M0" in labels and "多维贫困发生率 H" in labels and "样本量" in labels
    assert "阿克苏" in f.columns and "喀什" in f.columns and "全部" in f.columns
    t = pe.table(*models, select={"measure": "coef"}, lang="zh", labels={"illness_shock": "疾病冲击"})
    assert "疾病冲击" in list(t.to_frame().iloc[:, 0]) and "常数项" in list(t.to_frame().iloc[:, 0])
    assert any("括号内为标准误" in n for n in t.notes)
    assert pe.tables.LABELS["zh"]["fgt0"] == "贫困发生率" and pe.tables.LABELS["zh"]["gini"] == "基尼系数"


def test_measures_side_by_side_and_se_beside(sim):
    d = sim[sim["year"] == 2014]
    h = pe.fgt(d, "income", line=2300, alpha=[0, 1], weights="weight")
    g = pe.gini(d, "income", weights="weight")
    t = pe.table(h, g, names=["Poverty", "Inequality"], se_in="beside", stars=None)
    f = t.to_frame()
    assert list(f.iloc[:3, 0]) == ["Headcount ratio", "Poverty gap", "Gini"]
    assert f.loc[2, "Inequality"] == f"{g.value:.3f} ({g.se:.3f})"
    assert len(f) == 3 + 3  # no lines of SEs below; N, SE method, df at the bottom


def test_result_methods_delegate(mpi_by_region, tmp_path):
    r = mpi_by_region.select(measure="M0")
    assert r.to_latex(columns="group") == pe.table(r, columns="group").to_latex()
    assert r.to_html(tmp_path / "r.html") == pe.table(r).to_html()
    assert r.to_excel(tmp_path / "r.xlsx").exists()
    if HAVE_DOCX:
        assert r.to_docx(tmp_path / "r.docx").exists()


def test_contrast_keeps_its_own_pvalues(mpi_by_region):
    c = pe.contrast(mpi_by_region.select(measure="M0"), group=("Hotan", "Aksu"))
    t = pe.table(c)
    e = t.estimates.iloc[0]
    assert e["pvalue"] == pytest.approx(float(c.frame["pvalue"].iloc[0]))


def test_ci_lines(mpi_by_region):
    r = mpi_by_region.select(measure="M0", group="all")
    f = pe.table(r, ci=True, stars=None).to_frame()
    lo, hi = r.ci()
    assert f.iloc[2, 1] == f"[{lo:.3f}, {hi:.3f}]"


def test_bad_input(models, mpi_by_region):
    with pytest.raises(InputError):
        pe.table()
    with pytest.raises(InputError):
        pe.table(models[0].frame)
    with pytest.raises(InputError, match="se_in"):
        pe.table(models[0], se_in="below")
    with pytest.raises(InputError, match="lang"):
        pe.table(models[0], lang="fr")
    with pytest.raises(InputError, match="digits"):
        pe.table(models[0], digits=-1)
    with pytest.raises(InputError, match="stars"):
        pe.table(models[0], stars=(5,))
    with pytest.raises(InputError, match="one cell"):
        pe.table(mpi_by_region.select(measure="M0"), rows="measure")
    with pytest.raises(InputError, match="names"):
        pe.table(*models, names=["a"])
    with pytest.raises(InputError, match="columns"):
        pe.table(models[0], columns="prefecture")


def test_analysis_context_writes_the_display_table(models, tmp_path):
    import pandas as pd

    from povecon.reproduce.context import Context

    ctx = Context(out=tmp_path, audit_frame=pd.DataFrame({"finding": []}))
    frame = models[0].to_frame()
    display = pe.table(*models, select={"measure": "coef"}, notes=SIMULATED)
    ctx.table("models_simulated", frame, latex=True, caption="Models (SIMULATED)", display=display)
    tables = tmp_path / "tables"
    assert (tables / "models_simulated.md").read_text(encoding="utf-8") == display.to_markdown() + "\n"
    assert (tables / "models_simulated.html").read_text(encoding="utf-8") == display.to_html()
    tex = (tables / "models_simulated.tex").read_text(encoding="utf-8")
    assert "\\caption{Models (SIMULATED)}" in tex and "\\label{tab:models_simulated}" in tex and "***" in tex
    assert pd.read_csv(tables / "models_simulated.csv")["value"].tolist() == pytest.approx(frame["value"].tolist())
