"""The data package: locate, describe, checksum and load the transcribed data."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..errors import DataError

# Columns of every printed-numbers file (see docs/reproduction/data-format.md).
NUMBER_FIELDS: list[tuple[str, str, str]] = [
    ("id", "string", "unique id of the printed number: <FINDING>.<slug>"),
    ("finding", "string", "finding id, e.g. RTP-05"),
    ("seed", "string", "seed file name of the report"),
    ("line", "integer", "line of the printed number in the seed file"),
    ("table", "string", "table label as printed, or 'text'"),
    ("entity", "string", "row label in English (places in pinyin)"),
    ("entity_zh", "string", "row label as printed in Chinese"),
    ("year", "string", "year or period the number refers to"),
    ("quantity", "string", "snake_case variable name"),
    ("value", "string", "the number as printed (precision kept)"),
    ("unit", "string", "unit as printed, in English"),
    ("qualifier", "string", "about / over / under / at_least / at_most, or empty"),
    ("basis", "string", "poverty standard or price basis, or empty"),
    ("note", "string", "context; never a verdict"),
]

RELATION_FIELDS: list[tuple[str, str, str]] = [
    ("claim", "string", "unique claim id"),
    ("finding", "string", "finding id"),
    ("target", "string", "id of the printed number checked"),
    ("relation", "string", "relation type (see data-format.md)"),
    ("inputs", "string", "space-separated ids of the inputs"),
    ("params", "string", "key=value pairs separated by ';'"),
    ("description", "string", "what is checked"),
]

# Date/period and definition of printed numbers where the text states them (``comparability*.csv``):
# one row per annotated number, citing the seed line that states it; numbers with no row carry neither.
COMPARABILITY_FIELDS: list[tuple[str, str, str]] = [
    ("id", "string", "id of the printed number annotated"),
    ("seed", "string", "seed file name of the report (the number's own)"),
    ("line", "integer", "line of the seed file that states the date or definition (the number's own)"),
    ("date", "string", "date or period the text states for the number, or empty"),
    ("definition", "string", "definition the text states for the number, or empty"),
    ("quote", "string", "the words of the seed line that state it"),
]

# The units the numbers are printed in (``units*.csv``): every ``unit`` of a numbers file must be
# one of them; a family groups the units of one kind of quantity, each with its factor to the
# family's base unit, so the audit converts between units from data, never per finding.
UNIT_FIELDS: list[tuple[str, str, str]] = [
    ("unit", "string", "unit as the numbers files write it (e.g. 10k persons, hectares, permille)"),
    ("family", "string", "kind of quantity; units of one family convert into each other"),
    ("factor", "string", "size of the unit in the family's base unit (a number, or a/b)"),
    ("counted", "string", "yes if an integer printed in this unit is an exact count, else empty"),
    ("printed", "string", "how the reports print the unit, alternatives separated by |"),
    ("description", "string", "what the unit is"),
]

# Units a quantity is conventionally stated in (``unit_conventions*.csv``), each citing a seed line
# where a report itself prints the quantity in that unit.
UNIT_CONVENTION_FIELDS: list[tuple[str, str, str]] = [
    ("quantity", "string", "quantity name of the numbers files (snake_case)"),
    ("unit", "string", "the unit the quantity is stated in"),
    ("seed", "string", "seed file name of a report that prints the quantity in that unit"),
    ("line", "integer", "line of that seed file"),
    ("reason", "string", "why the quantity is stated in that unit"),
]

# Candidate pairs of the same-quantity pass (``same_quantity*.csv``) and what was decided about each.
SAME_QUANTITY_FIELDS: list[tuple[str, str, str]] = [
    ("pair", "string", "the two number ids, space-separated, in sorted order"),
    ("first_line", "string", "<seed>:<line> of the first number"),
    ("second_line", "string", "<seed>:<line> of the second number"),
    ("first_label", "string", "entity, quantity and year of the first number"),
    ("second_label", "string", "entity, quantity and year of the second number"),
    ("first_base", "string", "the first number in its family's base unit"),
    ("second_base", "string", "the second number in the same base unit"),
    ("base_unit", "string", "the base unit (family)"),
    ("decision", "string", "same quantity / different quantity / different date"),
    ("reason", "string", "why"),
]

_FIELDS = {"numbers": NUMBER_FIELDS, "relations": RELATION_FIELDS, "comparability": COMPARABILITY_FIELDS,
           "units": UNIT_FIELDS, "unit_conventions": UNIT_CONVENTION_FIELDS, "same_quantity": SAME_QUANTITY_FIELDS}
_TITLES = {
    "relations": "Audit relations ({folder})",
    "comparability": "Dates and definitions stated by the text ({folder})",
    "units": "Units of the printed numbers and their conversions ({folder})",
    "unit_conventions": "Units quantities are stated in ({folder})",
    "same_quantity": "Candidate pairs of the same quantity and the decision on each ({folder})",
}


def data_root() -> Path:
    """The project's ``data/`` folder.

    ``POVECON_DATA`` overrides; otherwise the folder beside the source tree (the
    package is installed in editable mode from a clone), then ``./data``.
    """
    env = os.environ.get("POVECON_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "data" / "datapackage.json").exists() or (parent / "data" / "rtp").is_dir():
            return parent / "data"
    cwd = Path.cwd() / "data"
    if cwd.is_dir():
        return cwd
    raise DataError("cannot find the data/ folder; set POVECON_DATA to its path")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _resource_entries(root: Path) -> list[dict]:
    entries: list[dict] = []
    for meta in sorted(root.glob("*/resources*.yaml")):
        items = yaml.safe_load(meta.read_text(encoding="utf-8")) or []
        for item in items:
            item = dict(item)
            item.setdefault("path", f"{meta.parent.name}/{item['name']}.csv")
            entries.append(item)
    return entries


def _kind(path: Path) -> str:
    for kind in ("relations", "comparability", "unit_conventions", "units", "same_quantity"):
        if path.name.startswith(kind):
            return kind
    return "numbers"


def build_datapackage(root: Path | None = None) -> Path:
    """Write ``data/datapackage.json`` from the resources YAML files and the CSVs.

    Records the schema, units, provenance and sha256 of every file.

    Parameters
    ----------
    root : pathlib.Path, optional
        The data folder; defaults to :func:`data_root`.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    DataError
        A file without a description, or a malformed description.
    """
    root = Path(root) if root else data_root()
    described = {e["path"]: e for e in _resource_entries(root)}
    resources = []
    for csv in sorted(root.glob("*/*.csv")):
        rel = csv.relative_to(root).as_posix()
        kind = _kind(csv)
        fields = _FIELDS[kind]
        meta = described.get(rel, {})
        if kind == "numbers" and not meta:
            # still listed, so work in progress loads; verify() reports the missing provenance
            print(f"warning: {rel} has no entry in a resources*.yaml file of its folder", file=sys.stderr)
        name = meta.get("name", f"{csv.parent.name}_{csv.stem}")
        res = {
            "name": name,
            "path": rel,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": meta.get("title", _TITLES[kind].format(folder=csv.parent.name) if kind in _TITLES else name),
            "description": meta.get("description", ""),
            "hash": "sha256:" + _sha256(csv),
            "bytes": csv.stat().st_size,
            "schema": {
                "fields": [{"name": n, "type": t, "description": d} for n, t, d in fields],
                "primaryKey": fields[0][0],
            },
        }
        if meta.get("findings"):
            res["findings"] = list(meta["findings"])
        if meta.get("seed"):
            res["sources"] = [{"title": meta["seed"], "path": meta["seed"], "lines": str(meta.get("lines", ""))}]
        resources.append(res)
    package = {
        "profile": "tabular-data-package",
        "name": "povecon-report-data",
        "title": "Numbers transcribed from two reports on poverty in southern Xinjiang",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "sources": [
            {"title": "《贫困退出背景下南疆深度贫困地区防返贫机制研究》", "path": "002_9ed149d90c19c988.txt"},
            {"title": "《新疆南疆脱贫攻坚的政策实践案例调查研究》", "path": "000_976a2d44ee9a927f.txt"},
        ],
        "resources": resources,
    }
    out = root / "datapackage.json"
    out.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _package_at.cache_clear()
    return out


@lru_cache(maxsize=4)
def _package_at(path: str, mtime: float) -> dict:
    try:
        pkg = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"cannot read {path} (damaged datapackage.json? run `povecon data build`): {exc}") from None
    _check_package(pkg, path)
    return pkg


def _check_package(pkg, path: str) -> None:
    """Raise ``DataError`` unless ``pkg`` has the structure every reader relies on."""
    def bad(what: str):
        return DataError(f"{path} is damaged: {what}; run `povecon data build` to rewrite it")

    if not isinstance(pkg, dict):
        raise bad(f"expected a JSON object, got {type(pkg).__name__}")
    res = pkg.get("resources")
    if not isinstance(res, list):
        raise bad("'resources' is missing or not a list")
    for i, r in enumerate(res):
        if not isinstance(r, dict):
            raise bad(f"resource {i} is not an object")
        for key, kind in (("name", str), ("path", str), ("schema", dict)):
            if not isinstance(r.get(key), kind):
                raise bad(f"resource {i} ({r.get('name', '?')!r}) has no valid {key!r}")
        fields = r["schema"].get("fields")
        if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str)
                                                   for f in fields):
            raise bad(f"resource {i} ({r['name']!r}) has no valid schema fields")
        p = Path(r["path"])
        if p.is_absolute() or ".." in p.parts:
            raise bad(f"resource {i} ({r['name']!r}) has a path outside the data folder: {r['path']!r}")


def _package(root: Path | None = None) -> dict:
    root = Path(root) if root else data_root()
    path = root / "datapackage.json"
    if not path.exists():
        raise DataError(f"{path} is missing; run `povecon data build`")
    return _package_at(str(path), path.stat().st_mtime)


def names(kind: str | None = None) -> list[str]:
    """Names of the datasets in the package.

    Parameters
    ----------
    kind : {"numbers", "relations", "comparability", "units", "unit_conventions", "same_quantity"}, optional
        Only datasets of that kind (printed-number tables, audit relations, ...); None lists all.

    Returns
    -------
    list of str

    Examples
    --------
    >>> import povecon as pe
    >>> "rtp_relations_a" in pe.datasets.names("relations")
    True
    """
    out = []
    for res in _package()["resources"]:
        if kind is None or _kind(Path(res["path"])) == kind:
            out.append(res["name"])
    return sorted(out)


def _resource(name: str) -> dict:
    for res in _package()["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(names())
    raise DataError(f"unknown dataset {name!r}; known datasets: {known}")


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{path.name} is not a readable CSV: {exc}") from None
    if list(frame.columns) != columns:
        missing = [c for c in columns if c not in frame.columns]
        extra = [c for c in frame.columns if c not in columns]
        raise DataError(
            f"{path.name} does not follow its schema: missing columns {missing}, unexpected {extra} "
            f"(expected, in order: {columns})"
        )
    return frame


def parse_number(text: pd.Series) -> pd.Series:
    """Float value of printed numbers (NaN for non-numeric cells such as a star)."""
    return pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")


def load(name: str, *, wide: bool = False, verify_hash: bool = True) -> pd.DataFrame:
    """A transcribed table as a DataFrame.

    Printed-number files come back with ``printed`` (the text as printed) and
    ``value`` (its float, NaN where not numeric).

    Parameters
    ----------
    name : str
        Dataset name (see :func:`names`).
    wide : bool, default False
        Pivot printed numbers to one row per ``entity`` (and ``year`` when the
        table has several) and one column per ``quantity``.
    verify_hash : bool, default True
        Check the file against its sha256 in the data package first.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataError
        An unknown name, a missing file or a checksum mismatch.
    """
    if not isinstance(name, str):
        raise DataError(f"a dataset name is a string, got {name!r}")
    res = _resource(name)
    root = data_root()
    path = root / res["path"]
    if not path.exists():
        raise DataError(f"dataset {name!r}: file {res['path']} is missing")
    if verify_hash and res.get("hash") and "sha256:" + _sha256(path) != res["hash"]:
        raise DataError(f"dataset {name!r}: {res['path']} does not match its sha256 in datapackage.json")
    kind = _kind(path)
    frame = _read_csv(path, [f[0] for f in _FIELDS[kind]])
    if kind != "numbers":
        return frame
    frame = frame.rename(columns={"value": "printed"})
    frame.insert(frame.columns.get_loc("printed") + 1, "value", parse_number(frame["printed"]))
    frame["line"] = frame["line"].astype(np.int64)
    if not wide:
        return frame
    index = ["entity"] if frame["year"].nunique() <= 1 else ["entity", "year"]
    return frame.pivot_table(index=index, columns="quantity", values="value", aggfunc="first", sort=True)


def verify(root: Path | None = None) -> list[str]:
    """Problems found in the data package.

    Parameters
    ----------
    root : pathlib.Path, optional
        The data folder; defaults to :func:`data_root`.

    Returns
    -------
    list of str
        Empty when every file matches its hash and schema.
    """
    root = Path(root) if root else data_root()
    problems: list[str] = []
    pkg = _package(root)
    listed = {res["path"] for res in pkg["resources"]}
    for csv in sorted(root.glob("*/*.csv")):
        if csv.relative_to(root).as_posix() not in listed:
            problems.append(f"{csv.relative_to(root)} is not listed in datapackage.json (run `povecon data build`)")
    for res in pkg["resources"]:
        path = root / res["path"]
        if not path.exists():
            problems.append(f"{res['path']}: missing")
            continue
        if "sha256:" + _sha256(path) != res.get("hash"):
            problems.append(f"{res['path']}: sha256 differs from datapackage.json (run `povecon data build` after editing data)")
        if _kind(path) == "numbers" and not res.get("sources"):
            problems.append(f"{res['path']}: no provenance (add it to a resources*.yaml of its folder)")
        cols = [f["name"] for f in res["schema"]["fields"]]
        try:
            frame = _read_csv(path, cols)
        except DataError as exc:
            problems.append(str(exc))
            continue
        key = res["schema"].get("primaryKey")
        if key and frame[key].duplicated().any():
            problems.append(f"{res['path']}: duplicate {key} {sorted(frame.loc[frame[key].duplicated(), key])[:5]}")
        for field in res["schema"]["fields"]:
            if field["type"] == "integer":
                bad = ~frame[field["name"]].str.fullmatch(r"-?\d+")
                if bad.any():
                    problems.append(f"{res['path']}: non-integer {field['name']} in {int(bad.sum())} row(s)")
    return problems
