"""The relations a printed number can be checked by.

Interval relations are functions of an (m, n) array of input points (one row
per point) returning m values, so the engine can evaluate the printed inputs
and the corners of their rounding box in one call.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ReproduceError


def _years(params: dict) -> float:
    try:
        return float(params["years"])
    except (KeyError, ValueError):
        raise ReproduceError("cagr_pct needs years=<number of years>") from None


def _expr(x: np.ndarray, params: dict) -> np.ndarray:
    if "expr" not in params:
        raise ReproduceError("expr relation needs expr=<expression in x0, x1, ...>")
    env = {f"x{i}": x[:, i] for i in range(x.shape[1])}
    env["np"] = np
    return np.asarray(eval(params["expr"], {"__builtins__": {}}, env), dtype=float)  # noqa: S307


INTERVAL: dict[str, tuple[int | None, object]] = {
    # name: (number of inputs required, or None for >= 1; function)
    "same": (1, lambda x, p: x[:, 0]),
    "sum": (None, lambda x, p: x.sum(axis=1)),
    "diff": (2, lambda x, p: x[:, 0] - x[:, 1]),
    "ratio": (2, lambda x, p: x[:, 0] / x[:, 1]),
    "pct": (2, lambda x, p: 100.0 * x[:, 0] / x[:, 1]),
    "product": (None, lambda x, p: x.prod(axis=1)),
    "mean": (None, lambda x, p: x.mean(axis=1)),
    "growth_pct": (2, lambda x, p: 100.0 * (x[:, 1] / x[:, 0] - 1.0)),
    "cagr_pct": (2, lambda x, p: 100.0 * ((x[:, 1] / x[:, 0]) ** (1.0 / _years(p)) - 1.0)),
    "expr": (None, _expr),
}

DISCRETE = ("count", "rank", "pct_of_n", "min_n")

#: relations of one quantity in possibly different units: every input is converted into the
#: target's unit through the unit table (``data/cross/units.csv``)
TO_TARGET_UNIT = ("same", "sum", "diff", "mean")
#: relations giving a percentage from two inputs of one quantity: the inputs are converted into
#: the first input's unit, and the percentage into the target's unit (``%``, ``‰`` ...)
TO_PERCENT = ("pct", "growth_pct", "cagr_pct")
#: ratio, product, expr and the discrete relations derive a unit the table does not hold: their
#: inputs are taken as printed and ``scale=`` states the derived unit

ALL = tuple(INTERVAL) + DISCRETE

DESCRIBE = {
    "same": "the same quantity printed elsewhere",
    "sum": "sum of the parts",
    "diff": "difference",
    "ratio": "ratio",
    "pct": "percentage from its parts",
    "product": "product",
    "mean": "mean",
    "growth_pct": "growth rate",
    "cagr_pct": "compound annual growth rate",
    "expr": "expression",
    "count": "count of listed items",
    "rank": "rank among the listed values",
    "pct_of_n": "a whole number of cases out of the sample size",
    "min_n": "smallest sample size consistent with the printed shares",
}


#: relations that state a printed number is the same quantity printed elsewhere: their quantities
#: must refer to the same date or period
SAME_DATE = ("same",)


# the report each seed text is (the audit's short names)
SEED_REPORTS = {"002_9ed149d90c19c988.txt": "RTP", "000_976a2d44ee9a927f.txt": "LUO"}


def not_comparable(kind: str, quantities) -> str:
    """Why a relation compares quantities that differ in date or definition ("" if it does not).

    The one comparability rule of the audit, for every relation alike:

    * **definition** -- the quantities of a relation (target and inputs) that carry a
      ``definition`` (stated by the text, ``data/*/comparability*.csv``) must carry the same one;
    * **date** -- in a relation of ``SAME_DATE`` (the same quantity printed twice), if any of its
      quantities carries a stated ``date``, each quantity's date (its stated ``date``, else its
      transcribed ``year``) must be the same.

    Parameters
    ----------
    kind : str
        The relation type.
    quantities : pandas.DataFrame
        Target (if any) and inputs, indexed by id, with ``year``, ``date`` and ``definition``.
    """
    reasons = []
    # a reader knows a number by its line in the report, not by the transcription's id
    names = {}
    for i, row in quantities.iterrows():  # a handful of quantities per relation
        ln, seed = row.get("line"), str(row.get("seed", "") or "")
        report = f"{SEED_REPORTS[seed]} " if seed in SEED_REPORTS else ""
        names[i] = f"{report}line {int(ln)}" if pd.notna(ln) and str(ln).strip() else str(i)
    defs = {names[i]: d for i, d in zip(quantities.index, quantities["definition"]) if d}
    if len(set(defs.values())) > 1:
        reasons.append("definitions differ: " + "; ".join(f"{i} {d}" for i, d in defs.items()))
    if kind in SAME_DATE and any(quantities["date"] != ""):
        dates = {names[i]: (d or f"{y} (year)")
                 for i, d, y in zip(quantities.index, quantities["date"], quantities["year"])}
        if len(set(dates.values())) > 1:
            reasons.append("dates differ: " + "; ".join(f"{i} {d}" for i, d in dates.items()))
    return "not comparable: " + "; ".join(reasons) if reasons else ""


def parse_params(text: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise ReproduceError(f"bad params entry {part!r}; expected key=value")
        key, value = part.split("=", 1)
        params[key.strip()] = value.strip()
    return params


def condition(cond: str):
    """A predicate on (printed text, value) from a ``cond=`` parameter."""
    if not cond:
        return lambda text, value: True
    op, _, arg = cond.partition(":")
    if op == "text":
        return lambda text, value: text == arg
    try:
        ref = float(arg)
    except ValueError:
        raise ReproduceError(f"bad cond {cond!r}") from None
    ops = {
        "eq": lambda v: v == ref, "ne": lambda v: v != ref, "le": lambda v: v <= ref,
        "lt": lambda v: v < ref, "ge": lambda v: v >= ref, "gt": lambda v: v > ref,
    }
    if op not in ops:
        raise ReproduceError(f"bad cond operator {op!r} in {cond!r}")
    return lambda text, value: bool(np.isfinite(value) and ops[op](value))
