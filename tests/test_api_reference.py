"""The API reference page is generated from the code and must match it."""

from __future__ import annotations

import inspect
import types
from pathlib import Path

import povecon as pe
from povecon.reproduce.apidoc import SECTIONS, api_reference, own_doc, public_names

PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference" / "api.md"


def test_committed_page_is_current():
    assert PAGE.read_text(encoding="utf-8") == api_reference(), (
        "docs/reference/api.md is stale: regenerate it with "
        "python -c 'from povecon.reproduce.apidoc import api_reference; "
        "open(\"docs/reference/api.md\", \"w\", encoding=\"utf-8\").write(api_reference())'"
    )


def test_generation_is_deterministic():
    assert api_reference() == api_reference()


def test_every_public_name_is_on_the_page():
    text = api_reference()
    for name in public_names():
        if callable(getattr(pe, name)):
            assert f"### `pe.{name}`" in text, name
    for sub in ("datasets", "reproduce"):
        module = getattr(pe, sub)
        for name in public_names(module):
            if callable(getattr(module, name)):
                assert f"### `pe.{sub}.{name}`" in text, f"{sub}.{name}"


def test_sections_follow_the_fixed_order():
    text = api_reference()
    heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(heads) == len(SECTIONS)
    assert heads[0] == "## Poverty and inequality measures" and heads[-1] == "## Errors"


def _public_callables():
    for name in public_names():
        obj = getattr(pe, name)
        if callable(obj):
            yield f"pe.{name}", obj
    for sub in ("datasets", "reproduce"):
        module = getattr(pe, sub)
        for name in public_names(module):
            obj = getattr(module, name)
            if callable(obj):
                yield f"pe.{sub}.{name}", obj


def test_every_public_callable_has_its_own_docstring():
    missing = [name for name, obj in _public_callables() if not own_doc(obj).strip()]
    assert not missing, f"public callables without a docstring: {missing}"


def test_own_doc_ignores_generated_dataclass_docstrings():
    from dataclasses import dataclass

    @dataclass
    class Bare:
        x: int

    assert Bare.__doc__.startswith("Bare(")
    assert own_doc(Bare) == ""
    assert own_doc(pe.Estimate).startswith("A scalar estimate")


def test_submodules_and_errors_are_not_listed_as_functions():
    text = api_reference()
    for name in public_names():
        assert not isinstance(getattr(pe, name), types.ModuleType)
    errors_part = text[text.index("## Errors"):]
    for cls in pe.errors.__all__:
        assert f"### `pe.{cls}`" in errors_part
        assert inspect.isclass(getattr(pe, cls))
