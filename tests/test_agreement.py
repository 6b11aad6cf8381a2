"""The agreement table (docs/reference/agreement.md) is generated from tests/agreement.py.

Every test the registry names must be defined in the file it names, and the committed page must
be the one the registry renders; regenerate it with ``python -m tests.agreement``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import agreement

ROOT = Path(__file__).resolve().parent.parent


def _defined(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        names |= {f"{cls.name}::{n.name}" for n in cls.body if isinstance(n, ast.FunctionDef)}
    return names


@pytest.mark.parametrize("test", sorted(set(agreement.all_tests())))
def test_named_test_exists(test):
    file, _, func = test.partition("::")
    path = ROOT / file
    assert path.is_file(), f"{file} does not exist"
    assert func.startswith("test"), test
    assert func in _defined(path), f"{func} is not defined in {file}"


def test_every_check_names_a_test():
    for c in agreement.CHECKS + agreement.ENGINE_CHECKS:
        assert "::" in c.test and c.estimator and c.peer and c.data and c.tolerance, c
    # the only entry without a test says so: an estimator with no comparison at all
    assert [i.estimator for i in agreement.INTERNAL if "::" not in i.test] == ['`pe.gini(convention="convey")`']


def test_page_is_generated_from_the_registry():
    committed = agreement.PAGE.read_text(encoding="utf-8") if agreement.PAGE.exists() else ""
    assert committed == agreement.render(), (
        "docs/reference/agreement.md is out of date: run `python -m tests.agreement` from the repository root")


def test_page_is_in_the_navigation():
    assert "reference/agreement.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
