"""The API reference page: every public name of ``povecon``, generated from the code.

``api_reference()`` returns the Markdown of ``docs/reference/api.md``; a test compares
the committed page with it, so the page cannot drift from the code. Names come from the
flat namespace (``import povecon as pe``), grouped by the subpackage that defines them;
``datasets`` and ``reproduce`` are used through their subpackage (``pe.datasets.load``),
so their own exports are listed.
"""

from __future__ import annotations

import inspect
import types
from typing import Any

WIDTH = 100  # longer signatures are shown one parameter per line
SECTIONS = ("measures", "survey", "mpi", "decompose", "dynamics", "china", "datasets", "reproduce", "errors")

_TITLES = {
    "measures": "Poverty and inequality measures",
    "survey": "Survey design",
    "mpi": "Multidimensional poverty (Alkire-Foster)",
    "decompose": "Decompositions",
    "dynamics": "Poverty dynamics",
    "china": "China policy data",
    "datasets": "Datasets (`pe.datasets`)",
    "reproduce": "Reproduction (`pe.reproduce`)",
    "errors": "Errors",
}

# where a name defined outside the subpackages belongs
_HOME = {"povecon._result": "measures", "povecon.survey": "survey", "povecon.errors": "errors"}


def _section(obj: Any) -> str:
    module = getattr(obj, "__module__", "") or ""
    if module in _HOME:
        return _HOME[module]
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in SECTIONS:
        return parts[1]
    raise ValueError(f"{obj!r} is defined in {module!r}, which has no section of the API reference")


def own_doc(obj: Any) -> str:
    """The object's own docstring ('' when absent or generated, as dataclasses do for classes without one)."""
    doc = obj.__doc__ if isinstance(obj, type) else inspect.getdoc(obj)
    if not doc:
        return ""
    doc = inspect.cleandoc(doc)
    if isinstance(obj, type) and doc.startswith(f"{obj.__name__}("):
        return ""
    return doc


def _summary(obj: Any) -> str:
    """The docstring's first line, continued while it wraps mid-sentence, on one line."""
    out = []
    for line in own_doc(obj).split("\n\n")[0].splitlines():
        out.append(line.strip())
        if line.rstrip().endswith("."):
            break
    return " ".join(out)


class _Text:
    """An annotation shown as written (postponed annotations are strings; repr would quote them)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _plain(annotation: Any) -> Any:
    if annotation is inspect.Parameter.empty or annotation is inspect.Signature.empty:
        return annotation
    return _Text(annotation if isinstance(annotation, str) else inspect.formatannotation(annotation))


def _signature(name: str, obj: Any) -> str:
    if isinstance(obj, type) and issubclass(obj, BaseException):
        bases = ", ".join(b.__name__ for b in obj.__bases__)
        return f"class {name}({bases})"
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return name
    params = [p.replace(annotation=_plain(p.annotation)) for p in sig.parameters.values()]
    ret = inspect.Signature.empty if isinstance(obj, type) else _plain(sig.return_annotation)
    sig = sig.replace(parameters=params, return_annotation=ret)
    one_line = f"{name}{sig}"
    if len(one_line) <= WIDTH:
        return one_line
    # one parameter per line, with the bare "*" before keyword-only parameters
    items, star = [], False
    for p in sig.parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            star = True
        if p.kind is p.KEYWORD_ONLY and not star:
            items.append("*")
            star = True
        items.append(str(p))
    tail = "" if sig.return_annotation is inspect.Signature.empty else f" -> {sig.return_annotation!r}"
    return f"{name}(\n" + "".join(f"    {i},\n" for i in items) + f"){tail}"


def public_names(module: types.ModuleType | None = None) -> list[str]:
    """Public, non-module names of ``povecon`` (or of ``module``), sorted."""
    if module is None:
        import povecon as module
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    return sorted(n for n in names if not isinstance(getattr(module, n), types.ModuleType))


def _entries() -> dict[str, list[tuple[str, str, Any]]]:
    import povecon as pe

    out: dict[str, list[tuple[str, str, Any]]] = {s: [] for s in SECTIONS}
    for name in public_names():
        obj = getattr(pe, name)
        if not callable(obj):
            continue
        out[_section(obj)].append((f"pe.{name}", name, obj))
    for sub in ("datasets", "reproduce"):
        module = getattr(pe, sub)
        for name in public_names(module):
            obj = getattr(module, name)
            if callable(obj):
                out[sub].append((f"pe.{sub}.{name}", name, obj))
    return out


# signatures are not runnable code: the docs example test skips "no-run" blocks
def api_reference() -> str:
    """Markdown of the API reference page (deterministic: sections in a fixed order, names sorted)."""
    lines = [
        "# API reference",
        "",
        "Every public name of `povecon` (`import povecon as pe`), grouped by subpackage, with its",
        "signature and the first line of its docstring. The methods pages give the formulas and",
        "conventions. This page is generated by `povecon.reproduce.apidoc.api_reference()`, and a",
        "test fails when it differs from the code.",
        "",
    ]
    for section, entries in _entries().items():
        if not entries:
            continue
        lines += [f"## {_TITLES[section]}", ""]
        for qualified, name, obj in entries:
            kind = "class" if isinstance(obj, type) else "function"
            lines += [f"### `{qualified}`", "", f"*{kind}*", "", "```python no-run", _signature(name, obj), "```", ""]
            summary = _summary(obj)
            if summary:
                lines += [summary, ""]
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["api_reference", "own_doc", "public_names", "SECTIONS"]
