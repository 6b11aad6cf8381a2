"""Every public callable documents every parameter of its signature.

The public API is the flat namespace (``import povecon as pe``), the public names of
the subpackages a user reaches through ``pe.<subpackage>``, and the public methods of
the public classes. Docstrings follow numpydoc; they are read with numpydoc's own
parser, so a section the parser cannot see does not count.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import types
import warnings

import pytest
from numpydoc.docscrape import NumpyDocString

import povecon as pe

SUBPACKAGES = ("datasets", "reproduce", "china", "decompose", "measures", "mpi", "dynamics")


def _public_names(module: types.ModuleType) -> list[str]:
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    return sorted(names)


def _ours(obj) -> bool:
    return (getattr(obj, "__module__", None) or "").startswith("povecon")


def _methods(cls: type):
    """Public methods a class defines or inherits from a povecon class (properties take no parameters)."""
    seen = set()
    for klass in cls.__mro__:
        if not _ours(klass):
            continue
        for name, attr in vars(klass).items():
            if name.startswith("_") or name in seen:
                continue
            seen.add(name)
            if isinstance(attr, (staticmethod, classmethod)):
                attr = attr.__func__
            if inspect.isfunction(attr):
                yield name, getattr(cls, name)


def public_callables() -> dict[str, object]:
    found: dict[str, object] = {}
    # pe.mpi is the estimator, so subpackages are imported by their full name
    modules = [("pe", pe)] + [(f"povecon.{s}", importlib.import_module(f"povecon.{s}")) for s in SUBPACKAGES]
    for prefix, module in modules:
        for name in _public_names(module):
            obj = getattr(module, name)
            if isinstance(obj, types.ModuleType) or not callable(obj) or not _ours(obj):
                continue
            found[f"{prefix}.{name}"] = obj
    # a class reached under two names is checked once, with its methods
    classes = {obj: qual for qual, obj in reversed(list(found.items())) if isinstance(obj, type)}
    for cls, qual in classes.items():
        for name, method in _methods(cls):
            found[f"{qual}.{name}"] = method
    return found


CALLABLES = public_callables()


def _signature_names(obj) -> list[str] | None:
    """Parameter names to document; None when the signature is Python's own (exceptions)."""
    if isinstance(obj, type) and issubclass(obj, BaseException) and not any(
            "__init__" in vars(k) for k in obj.__mro__ if _ours(k)):
        return None
    sig = inspect.signature(obj)
    names = []
    for p in sig.parameters.values():
        if p.name in ("self", "cls") or p.name.startswith("_"):
            continue  # the instance, or a private field of a result the package builds
        star = "*" if p.kind is p.VAR_POSITIONAL else "**" if p.kind is p.VAR_KEYWORD else ""
        names.append(star + p.name)
    return names


def _documented_names(doc: str) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpydoc warns, rather than fails, on an unknown section
        parsed = NumpyDocString(doc)
    names = []
    for param in parsed["Parameters"]:
        names += [n.strip() for n in param.name.split(",") if n.strip()]
    return names


def _own_doc(obj) -> str:
    doc = obj.__doc__ if isinstance(obj, type) else inspect.getdoc(obj)
    doc = inspect.cleandoc(doc or "")
    if isinstance(obj, type) and doc.startswith(f"{obj.__name__}("):
        return ""  # the signature dataclasses write when a class has no docstring
    return doc


def test_the_public_api_is_found():
    assert len(CALLABLES) > 150
    for name in ("pe.fgt", "pe.SurveyDesign", "pe.MPIResult.change", "pe.PovertyPanel.survival",
                 "povecon.datasets.load", "povecon.reproduce.run_audit", "povecon.china.poverty_line",
                 "povecon.mpi.k_curve"):
        assert name in CALLABLES, name


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_parameters_are_documented(name):
    obj = CALLABLES[name]
    doc = _own_doc(obj)
    assert doc.strip(), f"{name} has no docstring"
    expected = _signature_names(obj)
    if expected is None:
        return
    documented = _documented_names(doc)
    missing = [p for p in expected if p not in documented]
    unknown = [p for p in documented if p not in expected]
    assert not missing, f"{name}: parameters missing from the Parameters section: {missing}"
    assert not unknown, f"{name}: the Parameters section names what the signature lacks: {unknown}"


# keyword arguments that name a result's own columns (filters, labels), not options
COLUMN_KWARGS = ("select", "contrast", "relabel", "plot")


def test_no_public_function_hides_options_behind_kwargs():
    hiding = [name for name, obj in CALLABLES.items()
              if not isinstance(obj, type) and name.rsplit(".", 1)[-1] not in COLUMN_KWARGS
              and _signature_names(obj) and any(
                  p.startswith("**") for p in _signature_names(obj))]
    assert not hiding, f"options hidden behind **kwargs: {hiding}"


@pytest.mark.parametrize("name", sorted(n for n, o in CALLABLES.items() if ">>>" in _own_doc(o)))
def test_examples_run(name):
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(CALLABLES[name], name, globs={}):
        runner.run(test)
    assert runner.failures == 0, f"{name}: an example in the docstring fails"
