"""Stata ``.dta`` files with their labels (through pyreadstat).

* :func:`read_dta` returns a plain DataFrame: a variable whose every value carries a
  value label becomes a pandas ``Categorical`` whose categories are the labels in the
  order of their codes; other variables keep their numbers.
* :func:`dta_labels` returns the labels themselves (:class:`DtaLabels`): the variable
  labels, the value labels of each variable and the file label. Labels live there, not
  in ``DataFrame.attrs``, which pandas does not carry through most operations.
* :func:`write_dta` writes a frame or a povecon result with variable labels and value
  labels (categorical columns are written as labelled integer codes), so that reading
  the file back gives the same frame and labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .errors import InputError
from .result import Result

_STATA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")

# Variable labels of a result's standard columns.
RESULT_LABELS = {
    "measure": "Measure", "group": "Group", "time": "Time", "term": "Regressor", "k": "Poverty cutoff k",
    "alpha": "FGT order alpha", "line": "Poverty line", "indicator": "Indicator", "component": "Component",
    "value": "Estimate", "se": "Standard error", "n": "Observations", "stat": "Test statistic",
    "pvalue": "Two-sided p-value", "contrast": "Contrast",
}


@dataclass
class DtaLabels:
    """The labels of a Stata file.

    Parameters
    ----------
    variable_labels : dict
        Variable name to its label.
    value_labels : dict
        Variable name to its value labels ``{code: label}`` (only labelled variables).
    file_label : str, optional
        The dataset's label.
    label_sets : dict
        Variable name to the name of its Stata value-label set (e.g. ``"racelbl"``).
    """

    variable_labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    file_label: str | None = None
    label_sets: dict[str, str] = field(default_factory=dict)


def _pyreadstat():
    try:
        import pyreadstat
    except ImportError:  # pragma: no cover - a declared dependency
        raise ImportError("reading and writing .dta files needs pyreadstat: pip install pyreadstat") from None
    return pyreadstat


def _check_path(path) -> Path:
    if not isinstance(path, (str, Path)):
        raise InputError(f"path must be a file path, got {type(path).__name__}")
    return Path(path)


def dta_labels(path: str | Path) -> DtaLabels:
    """The variable labels, value labels and file label of a Stata file (its header only).

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.dta`` file.

    Returns
    -------
    DtaLabels
    """
    path = _check_path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    _, meta = _pyreadstat().read_dta(str(path), metadataonly=True)
    return _labels_of(meta)


def _labels_of(meta) -> DtaLabels:
    var = {k: v for k, v in (meta.column_names_to_labels or {}).items() if v}
    values = {k: dict(v) for k, v in (meta.variable_value_labels or {}).items()}
    return DtaLabels(variable_labels=var, value_labels=values, file_label=meta.file_label or None,
                     label_sets=dict(meta.variable_to_label or {}))


def read_dta(path: str | Path, *, value_labels: bool = True, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a Stata file, applying its value labels.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.dta`` file (Stata 8 to 18 formats).
    value_labels : bool, default True
        Turn each variable whose every non-missing value has a value label into a
        ``Categorical`` with the labels as categories, in the order of their codes.
        Variables with unlabelled values keep their codes. ``False`` keeps every code.
    columns : list of str, optional
        Read only these variables.

    Returns
    -------
    pandas.DataFrame
        The data; the labels themselves are returned by :func:`dta_labels`.
    """
    path = _check_path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    df, meta = _pyreadstat().read_dta(str(path), usecols=columns)
    for var in df.columns:
        # integer variables with missing values arrive as objects: numbers with NaN
        if df[var].dtype == object:
            present = df[var].dropna()
            if len(present) and all(isinstance(v, (int, float, np.integer, np.floating)) for v in present):
                df[var] = pd.to_numeric(df[var], errors="coerce").astype(float)
    if value_labels:
        for var, mapping in (meta.variable_value_labels or {}).items():
            if var not in df.columns or not mapping:
                continue
            col = df[var]
            present = col.dropna().unique()
            if not all(v in mapping for v in present):
                continue  # a code without a label: keep the numbers (the labels are in dta_labels)
            codes = sorted(mapping)
            cats = [mapping[c] for c in codes]
            if len(set(cats)) != len(cats):
                continue  # two codes share a label: a categorical would merge them
            df[var] = pd.Categorical.from_codes(
                col.map({c: i for i, c in enumerate(codes)}).fillna(-1).astype(int), categories=cats)
    return df


def write_dta(data: pd.DataFrame | Result, path: str | Path, *, labels: Mapping[str, str] | DtaLabels | None = None,
              value_labels: Mapping[str, Mapping[Any, str]] | None = None, file_label: str | None = None,
              version: int = 15) -> Path:
    """Write a frame (or a povecon result's frame) to a Stata file with its labels.

    Parameters
    ----------
    data : pandas.DataFrame or Result
        The data. A result is written as its long frame (``to_frame()``), its standard
        columns labelled ("Estimate", "Standard error" ...).
    path : str or pathlib.Path
        The ``.dta`` file to write.
    labels : mapping or DtaLabels, optional
        Variable labels ``{name: label}`` (they override the standard ones of a result), or
        the :class:`DtaLabels` of a file read with :func:`read_dta` (its variable labels,
        value labels and file label).
    value_labels : mapping, optional
        Value labels ``{name: {code: label}}`` of numeric columns; for a categorical column
        they give the code of each category (default: 1, 2, ... in category order).
    file_label : str, optional
        The dataset's label.
    version : int, default 15
        Stata file format version (8 to 15; 14 and later hold UTF-8 text such as Chinese).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputError
        A column name Stata cannot hold, a categorical with a category missing from its
        value labels, or a column of objects that are neither text nor numbers.
    """
    path = _check_path(path)
    var_labels: dict[str, str] = {}
    val_labels: dict[str, dict[Any, str]] = {}
    if isinstance(data, Result):
        frame = data.to_frame()
        var_labels.update({c: t for c, t in RESULT_LABELS.items() if c in frame.columns})
        level = f"{data.level:.0%}"
        var_labels.update({"ci_lower": f"Lower bound of {level} CI", "ci_upper": f"Upper bound of {level} CI"})
        if file_label is None:
            file_label = str(data.call.get("function") or getattr(data, "_title", "") or "") or None
    elif isinstance(data, pd.DataFrame):
        frame = data.copy()
    else:
        raise InputError(f"write_dta takes a DataFrame or a povecon result, got {type(data).__name__}")
    if isinstance(labels, DtaLabels):
        var_labels.update(labels.variable_labels)
        val_labels.update({k: dict(v) for k, v in labels.value_labels.items()})
        file_label = labels.file_label if file_label is None else file_label
    elif labels is not None:
        if not isinstance(labels, Mapping):
            raise InputError("labels must be a mapping {variable: label} or the DtaLabels of a file")
        var_labels.update({str(k): str(v) for k, v in labels.items()})
    val_labels.update({k: dict(v) for k, v in (value_labels or {}).items()})
    frame = frame.reset_index(drop=True)
    bad = [str(c) for c in frame.columns if not (isinstance(c, str) and _STATA_NAME.match(c))]
    if bad:
        raise InputError(f"Stata variable names are letters, digits and _ (not starting with a digit), at most "
                         f"32 characters; rename {bad} first (frame.rename(columns={{...}}))")
    unknown = [c for c in list(var_labels) + list(val_labels) if c not in frame.columns]
    var_labels = {c: t for c, t in var_labels.items() if c in frame.columns}
    val_labels = {c: v for c, v in val_labels.items() if c in frame.columns}
    if unknown and labels is not None and not isinstance(labels, DtaLabels):
        raise InputError(f"labels for variables not in the data: {sorted(set(unknown))}")
    long_labels = [c for c, t in var_labels.items() if len(t.encode("utf-8")) > 80]
    if long_labels:
        raise InputError(f"Stata variable labels hold at most 80 bytes; shorten the labels of {long_labels}")
    out = {}
    for c in frame.columns:
        out[c], codes = _stata_column(frame[c], val_labels.get(c), c)
        if codes is not None:
            val_labels[c] = codes
    frame = pd.DataFrame(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    _pyreadstat().write_dta(frame, str(path), file_label=file_label or "",
                            column_labels={c: var_labels.get(c, "") for c in frame.columns},
                            variable_value_labels={c: {_code(k): str(v) for k, v in m.items()}
                                                   for c, m in val_labels.items()},
                            version=version)
    return path


def _code(k):
    f = float(k)
    return int(f) if f.is_integer() else f


def _stata_column(col: pd.Series, mapping: Mapping[Any, str] | None, name: str):
    """A column pyreadstat can write, and the value labels of a categorical."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = [str(c) for c in col.cat.categories]
        if mapping:
            inverse = {str(v): _code(k) for k, v in mapping.items()}
            missing = [c for c in cats if c not in inverse]
            if missing:
                raise InputError(f"categories {missing} of {name!r} have no code in its value labels")
            codes = {inverse[c]: c for c in cats}
        else:
            codes = {i + 1: c for i, c in enumerate(cats)}
        by_cat = {c: k for k, c in codes.items()}
        vals = pd.Series([by_cat[str(v)] if not pd.isna(v) else np.nan for v in col], dtype=float)
        if vals.notna().all() and all(isinstance(k, int) for k in codes):
            vals = vals.astype(np.int32)
        labels = dict(mapping) if mapping else codes
        return vals, {_code(k): v for k, v in labels.items()}
    if pd.api.types.is_bool_dtype(col):
        return col.astype(np.int8), None
    if pd.api.types.is_numeric_dtype(col):
        if pd.api.types.is_extension_array_dtype(col):
            # nullable numbers: Stata's missing is a numeric missing, so a float column
            if col.isna().any() or col.dtype.kind == "f":
                return pd.Series(col.to_numpy(dtype=float, na_value=np.nan), index=col.index), None
            col = pd.Series(col.to_numpy(dtype=np.int64), index=col.index)
        if col.dtype.kind in "iu" and len(col) and col.min() >= -2**31 + 1 and col.max() <= 2**31 - 28:
            # Stata has no 64-bit integers (they would be written as doubles): its long holds these
            return col.astype(np.int32), None
        return col, None
    if pd.api.types.is_datetime64_any_dtype(col):
        return col, None
    # text (pandas' str dtype or objects): Stata's missing text is ""
    values = col.astype(object)
    present = values[values.notna()]
    if present.empty:
        return pd.Series(np.nan, index=col.index, dtype=float), None
    if all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in present):
        return pd.to_numeric(values, errors="coerce").astype(float), None
    if not all(isinstance(v, str) for v in present):
        kinds = sorted({type(v).__name__ for v in present})
        raise InputError(f"column {name!r} mixes {kinds}; convert it to text or numbers before writing")
    return values.where(values.notna(), "").astype(object), None


__all__ = ["DtaLabels", "read_dta", "dta_labels", "write_dta", "RESULT_LABELS"]
