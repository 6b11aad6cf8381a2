"""The audit engine: evaluate every declared relation and give a verdict by rule.

Verdicts (docs/reproduction/audit.md):

* ``reproduced`` -- the value recomputed from the printed inputs rounds to the
  printed target at its printed precision;
* ``rounding`` -- not reproduced, but the range the inputs' rounding allows (each
  input moved by half a unit of its last printed digit) overlaps the target's
  own rounding interval;
* ``inconsistent`` -- neither, or the relation's computed quantity is in a unit of another
  family than the printed one (``10k persons`` computed, ``10k households`` printed);
* ``not comparable`` -- the relation compares quantities the text gives different dates
  or definitions (the rule: ``relations.not_comparable``); the value is still recomputed,
  but a difference is not a failure;
* ``unverifiable`` -- an input is missing or not numeric, or no relation checks
  the printed number.

Units (docs/reproduction/audit.md): inputs are converted through the unit table
(``units.py``) into the unit the relation computes in, and the result into the printed unit;
a relation that fails only because of the conversion says so ("computed 20.20‰, printed
20.20%: the unit differs"). A quantity printed in another unit than the one it is stated in
(``unit_conventions*.csv``) is a failed ``unit`` check. Pairs of the same quantity printed
twice that the same-quantity pass proposed and the data decided are ``same`` relations.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import datasets
from ..errors import ReproduceError
from . import relations as R
from . import same_quantity
from .numbers import annotate
from .units import check_units, conversion, show, unit_table

VERDICTS = ("reproduced", "rounding", "not comparable", "inconsistent", "unverifiable")
_EPS = 1e-9
_MAX_CORNERS = 10

AUDIT_COLUMNS = [
    "finding", "claim", "seed", "line", "id", "number_id", "quantity", "published", "unit",
    "recomputed", "verdict", "relation", "inputs", "difference", "tolerance", "explanation",
]


def number_id(seed: str, line: int, ident: str) -> str:
    """The key of one printed number: ``<seed file>:<line>:<transcription id>``.

    The transcription does not record where in its line a number stands; its id (one row of
    a numbers file of ``data/``, one printed number) tells numbers on the same line apart.
    """
    return f"{seed}:{int(line)}:{ident}" if ident else ""


def all_numbers() -> pd.DataFrame:
    """Every printed number of every numbers file of the data package, in one frame."""
    frames = [datasets.load(n) for n in datasets.names("numbers")]
    if not frames:
        raise ReproduceError("no transcribed numbers in the data package")
    numbers = pd.concat(frames, ignore_index=True)
    dup = numbers["id"][numbers["id"].duplicated()]
    if len(dup):
        raise ReproduceError(f"number ids are not unique: {sorted(dup)[:10]}")
    units = unit_table()
    check_units(numbers, units)
    numbers = annotate(numbers, frozenset(u for u, x in units.items() if x.counted)).set_index("id", drop=False)
    numbers["date"] = ""
    numbers["definition"] = ""
    for name in datasets.names("comparability"):
        for _, c in datasets.load(name).iterrows():
            if c["id"] not in numbers.index:
                raise ReproduceError(f"{name}: {c['id']!r} is not a transcribed number")
            num = numbers.loc[c["id"]]
            if (c["seed"], int(c["line"])) != (num["seed"], int(num["line"])):
                raise ReproduceError(f"{name}: {c['id']} cites {c['seed']}:{c['line']}, the number is at {num['seed']}:{num['line']}")
            numbers.loc[c["id"], ["date", "definition"]] = [c["date"], c["definition"]]
    return numbers


def all_relations() -> pd.DataFrame:
    """Every declared audit relation of the data package, in one frame."""
    frames = [datasets.load(n) for n in datasets.names("relations")]
    rel = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[f[0] for f in datasets.RELATION_FIELDS])
    dup = rel["claim"][rel["claim"].duplicated()]
    if len(dup):
        raise ReproduceError(f"claim ids are not unique: {sorted(dup)[:10]}")
    return rel


@dataclass
class _Outcome:
    recomputed: float
    lo: float
    hi: float
    verdict: str
    note: str = ""


def _fmt(x: float, decimals: int | None) -> str:
    if x is None or not np.isfinite(x):
        return ""
    if decimals is None or (isinstance(decimals, float) and not np.isfinite(decimals)):
        return f"{x:.6g}"
    d = min(int(decimals) + 2, 8)
    return f"{x:.{d}f}"


def _num(x: float) -> str:
    """A converted value with ten significant digits (14113.6075, 187), no trailing zeros."""
    return f"{x:.10g}"


def _interval(func, params, x: np.ndarray, h: np.ndarray, scale: float) -> tuple[float, float, float]:
    central = float(func(x[None, :], params)[0]) * scale
    free = np.flatnonzero(h > 0)
    if free.size == 0:
        return central, central, central
    if free.size <= _MAX_CORNERS:
        signs = np.array(list(itertools.product((-1.0, 1.0), repeat=free.size)))
        pts = np.repeat(x[None, :], len(signs), axis=0)
        pts[:, free] += signs * h[free]
        vals = func(pts, params) * scale
    else:
        # first-order bound: exact for sums and differences
        pts = np.repeat(x[None, :], free.size, axis=0)
        pts[np.arange(free.size), free] += h[free]
        spread = np.abs(func(pts, params) * scale - central).sum()
        vals = np.array([central - spread, central + spread])
    vals = vals[np.isfinite(vals)]
    if vals.size == 0:
        return central, central, central
    return central, float(min(vals.min(), central)), float(max(vals.max(), central))


def _judge(central: float, lo: float, hi: float, target: float, th: float, qualifier: str) -> str:
    if qualifier in ("over", "at_least"):
        strict = qualifier == "over"
        ok = central > target if strict else central >= target - _EPS
        return "reproduced" if ok else ("rounding" if hi >= target - th - _EPS else "inconsistent")
    if qualifier in ("under", "at_most"):
        strict = qualifier == "under"
        ok = central < target if strict else central <= target + _EPS
        return "reproduced" if ok else ("rounding" if lo <= target + th + _EPS else "inconsistent")
    wide = th
    if qualifier == "about":
        # "about" (约, 近): one full unit of the last printed digit still counts as rounding
        wide = 2 * th if th > 0 else 0.5
    if abs(central - target) <= th + _EPS * max(1.0, abs(target)):
        return "reproduced"
    if hi >= target - wide - _EPS and lo <= target + wide + _EPS:
        return "rounding"
    return "inconsistent"


_BOUNDS = ("over", "at_least", "under", "at_most")


def _as_set(qualifier: str, value: float, lo: float, hi: float) -> tuple[float, float]:
    """The values a printed number allows: a bound is a half-line, any other number its rounding interval."""
    if qualifier in ("over", "at_least"):
        return value, np.inf
    if qualifier in ("under", "at_most"):
        return -np.inf, value
    return lo, hi


def _same_bounds(tq: str, t: float, th: float, iq: str, c: float, lo: float, hi: float):
    """The verdict of one quantity printed twice when either print is a bound ("over 2300"), or None.

    Each print is read as the set of values it allows; the two statements contradict each other
    only if the sets are disjoint. The same number printed twice, once or twice as a bound, is
    reproduced; two different bounds (or a value and another bound) that can both hold are
    compatible but not a check of one number against the other: ``not comparable``, with the
    reason. A printed bound whose comparison is an exact value keeps the ordinary rule (the value
    satisfies the bound or not).
    """
    if iq not in _BOUNDS:
        return None  # a printed bound checked against a value: whether the value satisfies it (_judge)
    if (tq == iq or tq not in _BOUNDS) and abs(c - t) <= th + _EPS * max(1.0, abs(t)):
        return "reproduced", ""  # the same number printed twice, once as a bound
    wide = 2 * th if tq == "about" else th
    a_lo, a_hi = _as_set(tq, t, t - wide, t + wide)
    b_lo, b_hi = _as_set(iq, c, lo, hi)
    words = {"over": "over", "at_least": "at least", "under": "under", "at_most": "at most"}
    said = f"printed {words.get(tq, 'as')} {t:g}, elsewhere {words.get(iq, 'as')} {c:g}"
    if max(a_lo, b_lo) <= min(a_hi, b_hi) + _EPS * max(1.0, abs(t)):
        return "not comparable", f"not comparable: bounds, not values ({said}): both can hold"
    return "inconsistent", f"{said}: no value satisfies both"


def _evaluate(rel: pd.Series, numbers: pd.DataFrame, units: dict) -> _Outcome:
    kind = rel["relation"]
    if kind not in R.ALL:
        raise ReproduceError(f"claim {rel['claim']}: unknown relation {kind!r}; known: {', '.join(R.ALL)}")
    params = R.parse_params(rel["params"])
    ids = rel["inputs"].split()
    missing = [i for i in ids if i not in numbers.index]
    if missing:
        return _Outcome(np.nan, np.nan, np.nan, "unverifiable", f"input(s) not transcribed: {', '.join(missing)}")
    inp = numbers.loc[ids]
    target = numbers.loc[rel["target"]] if rel["target"] else None
    scale = float(params.get("scale", 1.0))

    if kind == "count":
        pred = R.condition(params.get("cond", ""))
        c = float(sum(pred(t, v) for t, v in zip(inp["printed"], inp["value"])))
        verdict = "reproduced" if target is not None and c == target["value"] else "inconsistent"
        return _Outcome(c, c, c, verdict)

    if inp["value"].isna().any():
        bad = list(inp.index[inp["value"].isna()])
        return _Outcome(np.nan, np.nan, np.nan, "unverifiable", f"non-numeric input(s): {', '.join(bad)}")

    if kind == "min_n":
        p = inp["value"].to_numpy()
        h = np.where(inp["half"].to_numpy() > 0, inp["half"].to_numpy(), 0.5)
        nmax = int(params.get("nmax", 100000))
        n = np.arange(1, nmax + 1)[:, None]
        c = np.round(p[None, :] * n / 100.0)
        ok = (np.abs(100.0 * c / n - p[None, :]) <= h[None, :] + _EPS).all(axis=1)
        hit = np.flatnonzero(ok)
        if hit.size == 0:
            return _Outcome(np.nan, np.nan, np.nan, "inconsistent", f"no sample size up to {nmax} gives every printed share")
        n0 = float(hit[0] + 1)
        if target is not None:
            verdict = "reproduced" if ok[int(target["value"]) - 1] else "inconsistent"
            return _Outcome(n0, n0, n0, verdict)
        return _Outcome(n0, n0, n0, "reproduced", "smallest n consistent with every printed share")

    if kind == "pct_of_n":
        n = float(inp["value"].iloc[0])
        p = float(target["value"])
        th = float(target["half"])
        cands = np.round(p * n / 100.0) + np.array([-1.0, 0.0, 1.0])
        cands = cands[(cands >= 0) & (cands <= n)]
        vals = 100.0 * cands / n * scale
        best = float(vals[np.argmin(np.abs(vals - p))])
        verdict = "reproduced" if abs(best - p) <= th + _EPS else "inconsistent"
        return _Outcome(best, best, best, verdict, f"closest count {best * n / 100 / scale:.0f} of n={n:.0f}")

    if kind == "rank":
        x = inp["value"].to_numpy()
        h = inp["half"].to_numpy()
        sign = 1.0 if params.get("order", "desc") == "desc" else -1.0
        v, others, oh = sign * x[0], sign * x[1:], h[1:]
        central = 1.0 + float((others > v).sum())
        best = 1.0 + float((others - oh > v + h[0]).sum())
        worst = 1.0 + float((others + oh >= v - h[0]).sum())
        t = float(target["value"])
        verdict = "reproduced" if central == t else ("rounding" if best <= t <= worst else "inconsistent")
        return _Outcome(central, best, worst, verdict)

    need, func = R.INTERVAL[kind]
    if (need is not None and len(ids) != need) or len(ids) == 0:
        raise ReproduceError(f"claim {rel['claim']}: {kind} needs {need or 'at least one'} input(s), got {len(ids)}")
    if target is None:
        raise ReproduceError(f"claim {rel['claim']}: relation {kind} needs a target")
    x, h = inp["value"].to_numpy(float), inp["half"].to_numpy(float)
    fac, out_fac, computed_unit, disagree = _unit_factors(rel, params, inp, target, units)
    with np.errstate(divide="ignore", invalid="ignore"):
        central, lo, hi = _interval(func, params, x * fac, h * fac, scale * out_fac)
    if not np.isfinite(central):
        return _Outcome(central, lo, hi, "unverifiable", "recomputation is undefined (division by zero?)")
    if disagree:
        return _Outcome(central, lo, hi, "inconsistent", disagree)
    qualifier = target["qualifier"]
    t, th = float(target["value"]), float(target["half"])
    if kind == "same":
        bounds = _same_bounds(qualifier or "", t, th, inp["qualifier"].iloc[0] or "", central, lo, hi)
        if bounds is not None:
            return _Outcome(central, lo, hi, *bounds)
    verdict = _judge(central, lo, hi, t, th, qualifier)
    note = ""
    if verdict == "inconsistent" and (np.any(fac != 1.0) or out_fac != 1.0):
        # would the numbers agree read without the conversion? then the unit is what differs
        with np.errstate(divide="ignore", invalid="ignore"):
            raw, rlo, rhi = _interval(func, params, x, h, scale)
        if np.isfinite(raw) and _judge(raw, rlo, rhi, t, th, qualifier) in ("reproduced", "rounding"):
            d = int(target["decimals"]) if target["decimals"] is not None and np.isfinite(target["decimals"]) else 2
            note = (f"computed {show(units, f'{raw:.{d}f}', computed_unit)} (= {show(units, _num(central), target['unit'])}), "
                    f"printed {show(units, target['printed'], target['unit'])}: the unit differs")
        else:
            moved = [f"{show(units, p, u)} = {show(units, _num(v * f), target['unit'] if kind in R.TO_TARGET_UNIT else inp['unit'].iloc[0])}"
                     for p, u, v, f in zip(inp["printed"], inp["unit"], x, fac) if f != 1.0]
            if moved:
                note = "converted through the unit table: " + "; ".join(moved)
    return _Outcome(central, lo, hi, verdict, note)


def _unit_factors(rel: pd.Series, params: dict, inp: pd.DataFrame, target: pd.Series, units: dict):
    """Factors taking each input, and the computed value, into the printed target's unit.

    Returns ``(input factors, output factor, unit the relation computes in, disagreement)``;
    the disagreement is "" or why the units cannot be compared (then the factors are 1).
    """
    kind, n = rel["relation"], len(inp)
    ones = np.ones(n)
    mode = params.get("units", "")
    if mode not in ("", "counted"):
        raise ReproduceError(f"claim {rel['claim']}: units={mode!r}; the only declared mode is units=counted")
    if kind not in R.TO_TARGET_UNIT + R.TO_PERCENT:
        if mode:
            raise ReproduceError(f"claim {rel['claim']}: units= applies only to {', '.join(R.TO_TARGET_UNIT)}")
        return ones, 1.0, target["unit"], ""
    if "scale" in params:
        raise ReproduceError(f"claim {rel['claim']}: scale= on a {kind} relation; its units convert through the "
                             "unit table (data/cross/units.csv), so drop scale=")
    involved = list(inp["unit"]) + [target["unit"]]
    if mode == "counted":
        # a declared one-for-one count (one household per greenhouse): counts of different things
        not_counts = sorted({u for u in involved if not units[u].counted or units[u].factor != 1.0})
        if kind not in R.TO_TARGET_UNIT or not_counts:
            raise ReproduceError(f"claim {rel['claim']}: units=counted needs a {'/'.join(R.TO_TARGET_UNIT)} relation "
                                 f"of exact counts; not counts: {', '.join(not_counts) or '-'}")
        return ones, 1.0, target["unit"], ""
    if kind in R.TO_TARGET_UNIT:
        into, out_unit = target["unit"], target["unit"]
    else:
        into, out_unit = inp["unit"].iloc[0], "%"
    fac = [conversion(units, u, into) for u in inp["unit"]]
    out = conversion(units, out_unit, target["unit"])
    if any(f is None for f in fac) or out is None:
        have = ", ".join(dict.fromkeys(f"{u} ({units[u].family})" for u in inp["unit"]))
        what = "the inputs are" if kind in R.TO_TARGET_UNIT else "a percentage is computed from"
        return ones, 1.0, into, (f"the unit differs: {what} {have}, printed {target['unit']} ({units[target['unit']].family}); "
                                 "quantities of different units are not the same quantity")
    # without the conversion an additive result is in the inputs' unit, a percentage in %
    raw_unit = inp["unit"].iloc[0] if kind in R.TO_TARGET_UNIT else "%"
    return np.array(fac, dtype=float), float(out), raw_unit, ""


def _comparable(rel: pd.Series, out: _Outcome, numbers: pd.DataFrame) -> _Outcome:
    """Apply the comparability rule to an evaluated relation (an unverifiable one stays so)."""
    if out.verdict == "unverifiable":
        return out
    ids = ([rel["target"]] if rel["target"] else []) + rel["inputs"].split()
    why = R.not_comparable(rel["relation"], numbers.loc[list(dict.fromkeys(ids))])
    if not why:
        return out
    return _Outcome(out.recomputed, out.lo, out.hi, "not comparable", why)


def _explain(rel: pd.Series, out: _Outcome, target: pd.Series | None, numbers: pd.DataFrame) -> str:
    if out.verdict not in ("inconsistent", "unverifiable", "not comparable"):
        return ""
    if out.verdict in ("unverifiable", "not comparable"):
        return out.note
    parts = []
    for i in rel["inputs"].split():
        if i in numbers.index:
            row = numbers.loc[i]
            parts.append(f"{row['printed']} {row['unit']} (line {row['line']})")
    what = R.DESCRIBE[rel["relation"]]
    if target is None:
        return f"{what}: {out.note}"
    qual = f"{target['qualifier']} " if target["qualifier"] else ""
    text = (
        f"printed {qual}{target['printed']} {target['unit']}; {what} from "
        f"{', '.join(parts)} gives {_fmt(out.recomputed, target['decimals'])}"
    )
    if rel["relation"] in R.INTERVAL and out.hi > out.lo:
        text += f" (rounding of the inputs allows {_fmt(out.lo, target['decimals'])} to {_fmt(out.hi, target['decimals'])})"
    if out.note:
        text += f"; {out.note}"
    return text


def run_audit(findings: list[str] | None = None) -> pd.DataFrame:
    """Evaluate every declared relation and list the transcribed numbers no relation checks.

    Parameters
    ----------
    findings : list of str, optional
        Finding ids (``"RTP-09"``) or report prefixes (``"LUO"``) to audit; None
        audits everything.

    Returns
    -------
    pandas.DataFrame
        One row per check (declared relation) and one per printed number that no relation
        checks, with the columns of ``AUDIT_COLUMNS``; ``number_id`` names the printed
        number a row concerns (several checks can concern the same number).

    Raises
    ------
    ReproduceError
        A relation that names an unknown number or cannot be evaluated.
    """
    numbers = all_numbers()
    units = unit_table()
    declared = all_relations()
    rels = pd.concat([declared, same_quantity.relations(numbers)], ignore_index=True)
    if rels["claim"].duplicated().any():
        raise ReproduceError(f"claim ids are not unique: {sorted(rels['claim'][rels['claim'].duplicated()])[:10]}")
    rows = []
    checked: set[str] = set()
    for _, rel in rels.iterrows():
        if findings and not _selected(rel["finding"], findings):
            continue
        if rel["target"] and rel["target"] not in numbers.index:
            raise ReproduceError(f"claim {rel['claim']}: target {rel['target']!r} is not a transcribed number")
        out = _comparable(rel, _evaluate(rel, numbers, units), numbers)
        target = numbers.loc[rel["target"]] if rel["target"] else None
        checked.add(rel["target"])
        first = numbers.loc[rel["inputs"].split()[0]] if rel["inputs"].split() and rel["inputs"].split()[0] in numbers.index else None
        src = target if target is not None else first
        decimals = target["decimals"] if target is not None else 0
        if rel["relation"] in ("count", "rank", "min_n"):
            decimals = -2  # whole numbers: printed without decimals
        diff = out.recomputed - float(target["value"]) if target is not None and np.isfinite(out.recomputed) and np.isfinite(target["value"]) else np.nan
        tol = float(target["half"]) + (out.hi - out.lo) / 2 if target is not None and np.isfinite(out.hi) else np.nan
        rows.append({
            "finding": rel["finding"],
            "claim": rel["claim"],
            "seed": src["seed"] if src is not None else "",
            "line": int(src["line"]) if src is not None else 0,
            "id": rel["target"],
            # a check with no target (min_n) concerns its inputs jointly, not one printed number
            "number_id": number_id(target["seed"], target["line"], rel["target"]) if target is not None else "",
            "quantity": rel["description"],
            "published": target["printed"] if target is not None else "",
            "unit": target["unit"] if target is not None else "",
            "recomputed": _fmt(out.recomputed, decimals),
            "verdict": out.verdict,
            "relation": rel["relation"],
            "inputs": rel["inputs"],
            "difference": _fmt(diff, decimals),
            "tolerance": _fmt(tol, decimals),
            "explanation": _explain(rel, out, target, numbers),
        })
    for row in _unit_checks(numbers, units):
        if findings and not _selected(row["finding"], findings):
            continue
        checked.add(row["id"])
        rows.append(row)
    uses: dict[str, int] = {}
    for ids in rels["inputs"]:
        for i in ids.split():
            uses[i] = uses.get(i, 0) + 1
    for _, num in numbers.iterrows():
        if num["id"] in checked or (findings and not _selected(num["finding"], findings)):
            continue
        k = uses.get(num["id"], 0)
        why = (f"not recomputable from other printed numbers; an input to {k} check(s)" if k
               else "no relation among the printed numbers involves this number")
        rows.append({
            "finding": num["finding"], "claim": "", "seed": num["seed"], "line": int(num["line"]),
            "id": num["id"], "number_id": number_id(num["seed"], num["line"], num["id"]), "quantity": " ".join(x for x in (num["entity"], num["quantity"].replace("_", " "), num["year"]) if x),
            "published": num["printed"], "unit": num["unit"], "recomputed": "", "verdict": "unverifiable",
            "relation": "", "inputs": "", "difference": "", "tolerance": "",
            "explanation": why,
        })
    audit = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    order = audit["finding"].map(_finding_key)
    audit = audit.assign(_o=order).sort_values(["_o", "line", "claim", "id"], kind="stable").drop(columns="_o")
    return audit.reset_index(drop=True)


def _unit_checks(numbers: pd.DataFrame, units: dict) -> list[dict]:
    """A failed ``unit`` check for every number printed in another unit than its quantity's.

    The units quantities are stated in are data (``unit_conventions*.csv``); a number whose
    unit agrees gets no row (the agreement recomputes nothing).
    """
    rows = []
    for name in datasets.names("unit_conventions"):
        for _, conv in datasets.load(name).iterrows():
            if conv["unit"] not in units:
                raise ReproduceError(f"{name}: unit {conv['unit']!r} of {conv['quantity']!r} is not in the unit table")
            hit = numbers[(numbers["quantity"] == conv["quantity"]) & (numbers["unit"] != conv["unit"])]
            for _, num in hit.sort_index().iterrows():
                f = conversion(units, num["unit"], conv["unit"])
                as_stated = (f" (= {show(units, _num(num['value'] * f), conv['unit'])})"
                             if f is not None and np.isfinite(num["value"]) else "")
                rows.append({
                    "finding": num["finding"], "claim": f"{num['id']}.unit", "seed": num["seed"], "line": int(num["line"]),
                    "id": num["id"], "number_id": number_id(num["seed"], num["line"], num["id"]),
                    "quantity": f"{conv['quantity'].replace('_', ' ')} is stated in {conv['unit']}",
                    # the printed value in the unit its quantity is stated in
                    "published": num["printed"], "unit": num["unit"],
                    "recomputed": _num(num["value"] * f) if as_stated else "", "verdict": "inconsistent",
                    "relation": "unit", "inputs": "", "difference": "", "tolerance": "",
                    "explanation": (f"printed {show(units, num['printed'], num['unit'])}{as_stated}; "
                                    f"{conv['quantity'].replace('_', ' ')} is stated in {show(units, '', conv['unit']).strip()} "
                                    f"({conv['reason']}; {conv['seed']} line {conv['line']}): the unit differs"),
                })
    return rows


def _finding_key(f: str) -> tuple:
    prefix, _, num = f.partition("-")
    rank = {"RTP": 0, "LUO": 1, "X": 2}.get(prefix, 3)
    return (rank, prefix, int(num) if num.isdigit() else 0, num)


def _selected(finding: str, wanted: list[str]) -> bool:
    return any(finding == w or finding.startswith(w.rstrip("-") + "-") and "-" not in w for w in wanted)
