"""The reproduction pipeline end to end on the shipped data."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pandas as pd
import pytest

from povecon import datasets
from povecon.cli import main
from povecon.reproduce import AUDIT_COLUMNS, all_numbers, all_relations, discover, run_audit
from povecon.reproduce.report import audit_pages

ROOT = Path(__file__).resolve().parents[1]


def test_data_package_verifies():
    # checksums, schemas, primary keys and provenance of every shipped file
    assert datasets.verify() == []


def test_every_relation_refers_to_transcribed_numbers():
    numbers = all_numbers()
    rels = all_relations()
    ids = set(numbers.index)
    missing = {(r.claim, i) for r in rels.itertuples() for i in r.inputs.split() if i not in ids}
    assert not missing, sorted(missing)[:10]
    targets = set(rels["target"]) - {""}
    assert targets <= ids


def test_number_rows_carry_seed_and_line():
    numbers = all_numbers()
    assert set(numbers["seed"]) <= {"002_9ed149d90c19c988.txt", "000_976a2d44ee9a927f.txt"}
    assert (numbers["line"] > 0).all()
    # every id is prefixed by its finding
    assert (numbers.apply(lambda r: r["id"].startswith(r["finding"] + "."), axis=1)).all()


def test_audit_has_required_columns_and_covers_all_findings():
    audit = run_audit()
    assert list(audit.columns) == AUDIT_COLUMNS
    # LUO-20 prints no numbers (a code list): it is covered by its analysis, not by audit rows
    found = set(audit["finding"]) | {f for s in discover() for f in s.findings}
    assert {f"RTP-{i:02d}" for i in range(1, 21)} <= found
    assert {f"LUO-{i:02d}" for i in range(1, 22)} <= found
    assert len(audit) >= 600
    bad = audit[audit["verdict"] == "inconsistent"]
    assert (bad["recomputed"] != "").all() and (bad["explanation"] != "").all()


def test_cli_end_to_end_on_a_subset_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["reproduce", "--only", "RTP-09", "RTP-14", "--out", str(a), "--quiet"]) == 0
    assert main(["reproduce", "--only", "RTP-09", "RTP-14", "--out", str(b), "--quiet"]) == 0
    audit = pd.read_csv(a / "audit.csv", dtype=str, keep_default_na=False)
    # RTP-14 shares its program with RTP-15..17, so their audit rows come along
    assert set(audit["finding"]) == {"RTP-09", "RTP-14", "RTP-15", "RTP-16", "RTP-17"}
    assert {"finding", "seed", "line", "quantity", "published", "recomputed", "verdict"} <= set(audit.columns)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert Path("report.md") in files and any(f.suffix == ".png" for f in files)
    match, mismatch, errors = filecmp.cmpfiles(a, b, [str(f) for f in files], shallow=False)
    assert not mismatch and not errors


def test_cli_reports_povecon_errors_cleanly(capsys, tmp_path):
    assert main(["reproduce", "--only", "NOPE-01", "--out", str(tmp_path), "--quiet"]) == 0
    assert pd.read_csv(tmp_path / "audit.csv").empty
    with pytest.raises(SystemExit):
        main(["reproduce", "--bogus"])


def test_documentation_audit_pages_are_current():
    pages = audit_pages(run_audit())
    for name, text in pages.items():
        path = ROOT / "docs" / "reports" / name
        assert path.exists(), f"run `povecon reproduce --docs docs/reports` to create {name}"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: rerun `povecon reproduce --docs docs/reports`"


def test_every_printed_number_is_on_its_seed_line():
    """Each value appears verbatim on the line it cites; numbers printed in words say so in `note`.

    Needs the seed texts, which are not part of the project: set POVECON_SEEDS to their folder.
    """
    import os

    folder = os.environ.get("POVECON_SEEDS")
    if not folder:
        pytest.skip("set POVECON_SEEDS to the folder of the seed texts")
    numbers = all_numbers()
    lines = {s: (Path(folder) / s).read_text(encoding="utf-8").splitlines() for s in numbers["seed"].unique()}
    missing = []
    for r in numbers.itertuples():
        text = lines[r.seed][r.line - 1].replace(",", "").replace(" ", "")
        if r.printed.replace(" ", "") not in text and not r.note:
            missing.append((r.id, r.line, r.printed))
    assert not missing, missing[:20]
