"""Bad-input battery over the public API.

Every case calls one public function with one bad input and accepts exactly one of:

* a povecon error (``PovEconError``) whose message mentions what is wrong;
* a warning naming what disappeared or changed (with an otherwise valid result);
* a valid, finite result.

Never a foreign exception (numpy, pandas, statsmodels, KeyError, TypeError ...), never a
silent NaN, and never a message suggesting an option (``name=`` / ``name='...'``) that the
function called does not have. Data are tiny so the whole battery runs in seconds.
"""

from __future__ import annotations

import inspect
import json
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest

import povecon as pe
from povecon.errors import PovEconError

# --------------------------------------------------------------------------- checker

# functions that take **kwargs and pass them on: their hints are checked against the target
_DELEGATES = {
    "headcount": pe.fgt, "poverty_gap": pe.fgt, "squared_gap": pe.fgt, "arpr": pe.fgt,
    "mld": pe.ge, "theil": pe.ge, "decile_ratio": pe.quantile_ratio, "mpi_weight_robustness": pe.mpi,
}

_HINT = re.compile(r"(?<![=<>!\w.])([A-Za-z_][A-Za-z0-9_]*)=(?!=)")
_CALLED = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\(")


def _params(fn) -> set[str]:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return set()
    out = {p.name for p in sig.parameters.values()
           if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
    name = getattr(fn, "__name__", "")
    if name in _DELEGATES:
        out |= _params(_DELEGATES[name])
    return out


def option_hints(message: str) -> list[str]:
    """Keyword names a message suggests (``na='drop'``, ``seed=<...>``, ``lonely_psu=...``)."""
    return _HINT.findall(message)


def check_hints(message: str, fn) -> None:
    """Every ``name=`` hint in ``message`` must be a parameter of ``fn`` or of a povecon
    callable the message names as ``Callable(name=...)``."""
    allowed = _params(fn)
    for called in _CALLED.findall(message):
        target = getattr(pe, called, None)
        if callable(target):
            allowed |= _params(target)
    bad = [h for h in option_hints(message) if h not in allowed]
    assert not bad, f"message suggests option(s) {bad} that {getattr(fn, '__qualname__', fn)} lacks: {message!r}"


def _finite(x) -> bool:
    try:
        return bool(np.all(np.isfinite(np.asarray(x, dtype=float))))
    except (TypeError, ValueError):
        return True


def assert_valid(out) -> None:
    """A returned result must carry finite headline numbers."""
    if isinstance(out, pe.Estimate) and len(out) == 1:
        assert math.isfinite(out.value), f"silent NaN: {out!r}"
        if out.details.get("se_method") is not None:
            assert math.isfinite(out.se), f"silent NaN standard error: {out!r}"
    elif isinstance(out, pe.Estimate):  # by=, a list of alphas, a decomposition: checked as their frame was
        assert_valid(out.to_frame())
    elif isinstance(out, pd.DataFrame):
        # a row over zero observations (n == 0) reports NaN by construction, visibly
        rows = out[out["n"] > 0] if "n" in out.columns else out
        for col in ("value", "coef", "vulnerability", "H", "M0"):
            if col in rows.columns:
                assert _finite(rows[col]), f"silent NaN in column {col!r}:\n{out}"
    elif isinstance(out, pd.Series):
        if out.dtype.kind == "f":
            assert _finite(out), f"silent NaN:\n{out}"
    elif isinstance(out, pe.Decomposition):
        # shares of a zero total are undefined (NaN by definition); the headline column must be finite
        assert math.isfinite(out.total), f"silent NaN total: {out!r}"
        assert _finite(out.table[out.value_column]), f"silent NaN: {out!r}"
    elif isinstance(out, pe.PanelModelResult):
        assert _finite(out.params) and _finite(out.std_errors), f"silent NaN: {out.summary()}"
    elif isinstance(out, pe.MPIResult):
        assert _finite(out.frame["value"] if "value" in out.frame else out.frame.select_dtypes("number")), \
            f"silent NaN:\n{out.frame}"
    elif isinstance(out, pe.VulnerabilityResult):
        assert _finite(out.vulnerability) and _finite(out.headcounts["value"])
        if out.details.get("replicates"):
            assert _finite(out.headcounts["se"]), f"silent NaN SE:\n{out.headcounts}"
    elif isinstance(out, pe.GroupedPoverty):
        assert _finite(out.table.select_dtypes("number").dropna(axis=1, how="all").iloc[:, :1])
    elif isinstance(out, pe.HausmanResult):
        assert math.isfinite(out.statistic) and math.isfinite(out.pvalue), f"silent NaN: {out}"
    elif isinstance(out, dict) and "statistic" in out:
        assert math.isfinite(out["statistic"]) and math.isfinite(out["pvalue"]), f"silent NaN: {out}"
    elif isinstance(out, pe.Result):
        # a row over zero observations (n == 0) reports NaN by construction, visibly
        f = out.to_frame()
        n = pd.to_numeric(f["n"], errors="coerce")
        rows = f[~(n == 0)]
        assert _finite(rows["value"]), f"silent NaN:\n{f}"


@dataclass
class Case:
    id: str
    fn: Callable                # the public function called (for the hint check)
    call: Callable[[], Any]     # zero-argument call with the bad input
    mentions: tuple = ()        # an error or warning must mention one of these (case-insensitive)
    expect: str = "any"         # "any" | "error" | "warn"
    marks: tuple = field(default=())


def run_case(case: Case) -> None:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            out = case.call()
        except PovEconError as exc:
            msg = str(exc)
            assert case.expect != "warn", f"expected a warning, got an error: {msg}"
            if case.mentions:
                assert any(m.lower() in msg.lower() for m in case.mentions), \
                    f"message does not mention any of {case.mentions}: {msg!r}"
            check_hints(msg, case.fn)
            return
        except Exception as exc:  # noqa: BLE001 - the point of the battery
            pytest.fail(f"foreign exception {type(exc).__name__}: {exc}")
    ours = [w for w in rec if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))]
    for w in ours:
        check_hints(str(w.message), case.fn)
    assert case.expect != "error", f"expected a povecon error, got a result: {out!r}"
    if case.expect == "warn":
        texts = [str(w.message) for w in ours]
        assert any(any(m.lower() in t.lower() for m in case.mentions) for t in texts), \
            f"expected a warning mentioning {case.mentions}, got {texts}"
    assert_valid(out)


CASES: list[Case] = []


def case(id, fn, call, *mentions, expect="any", marks=()):
    CASES.append(Case(id, fn, call, tuple(mentions), expect, tuple(marks)))



# --------------------------------------------------------------------------- tiny data

Y = np.array([1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 4.0, 6.0, 2.5, 7.0])
N = Y.size
W = np.array([1.0, 2.0, 1.0, 1.5, 1.0, 2.0, 1.0, 1.0, 3.0, 1.0])


def frame():
    return pd.DataFrame({
        "inc": Y, "w": W,
        "g": ["a", "a", "b", "b", "a", "b", "a", "b", "a", "b"],
        "st": [1, 1, 1, 1, 1, 2, 2, 2, 2, 2],
        "psu": [1, 1, 2, 2, 3, 4, 4, 5, 5, 6],
        "s1": Y * 0.6, "s2": Y * 0.4,
    })


def with_col(name, values):
    df = frame()
    df[name] = values
    return df


def nan_at(arr, i=2):
    a = np.array(arr, dtype=float)
    a[i] = np.nan
    return a


# --------------------------------------------------------------------------- measures

POV = {  # measures of poverty at a line
    "fgt": (pe.fgt, {"line": 4.0}), "headcount": (pe.headcount, {"line": 4.0}),
    "poverty_gap": (pe.poverty_gap, {"line": 4.0}), "squared_gap": (pe.squared_gap, {"line": 4.0}),
    "watts": (pe.watts, {"line": 4.0}), "sen": (pe.sen, {"line": 4.0}), "sst": (pe.sst, {"line": 4.0}),
    "chu": (pe.chu, {"line": 4.0}), "takayama": (pe.takayama, {"line": 4.0}),
    "time_to_exit": (pe.time_to_exit, {"line": 4.0}), "fgt_decomposition": (pe.fgt_decomposition,
                                                                             {"line": 4.0, "by": "g"}),
}
INEQ = {
    "arpr": (pe.arpr, {}), "poverty_line": (pe.poverty_line, {}), "quantile": (pe.quantile, {}),
    "gini": (pe.gini, {}), "ge": (pe.ge, {}), "mld": (pe.mld, {}), "theil": (pe.theil, {}),
    "atkinson": (pe.atkinson, {}), "cv": (pe.cv, {}), "palma": (pe.palma, {}), "qsr": (pe.qsr, {}),
    "decile_ratio": (pe.decile_ratio, {}), "quantile_ratio": (pe.quantile_ratio, {}),
    "lorenz": (pe.lorenz, {}), "gini_decomposition": (pe.gini_decomposition, {"by": "g"}),
    "ge_decomposition": (pe.ge_decomposition, {"by": "g"}),
}
MEASURES = {**POV, **INEQ}
NEEDS_BY = {"fgt_decomposition", "gini_decomposition", "ge_decomposition"}


def _m(fn, kw, data=None, income="inc", **extra):
    args = dict(kw)
    args.update(extra)
    return lambda: fn(frame() if data is None else data, income, **args)


for name, (fn, kw) in MEASURES.items():
    # incomes
    case(f"{name}-income-nan", fn, _m(fn, kw, with_col("inc", nan_at(Y))), "missing", "nan", expect="error")
    case(f"{name}-income-inf", fn, _m(fn, kw, with_col("inc", np.r_[Y[:-1], np.inf])), "infinite", "inf",
         expect="error")
    case(f"{name}-income-neginf", fn, _m(fn, kw, with_col("inc", np.r_[-np.inf, Y[1:]])), "infinite", "inf",
         expect="error")
    case(f"{name}-income-negative", fn, _m(fn, kw, with_col("inc", np.r_[-3.0, Y[1:]])), "negative", "> 0",
         ">= 0", "median")
    case(f"{name}-income-zero", fn, _m(fn, kw, with_col("inc", np.r_[0.0, Y[1:]])), "zero", "> 0")
    case(f"{name}-income-all-zero", fn, _m(fn, kw, with_col("inc", np.zeros(N))), "zero", "> 0", "mean",
         "median", "income")
    case(f"{name}-income-huge", fn, _m(fn, kw, with_col("inc", Y * 1e307)), "large", "income", "overflow")
    case(f"{name}-income-maxfloat", fn, _m(fn, kw, with_col("inc", np.r_[Y[:-1], 1.7e308])), "large", "income",
         "overflow")
    case(f"{name}-income-tiny", fn, _m(fn, kw, with_col("inc", Y * 1e-308)), "small", "income", "underflow",
         "zero")
    case(f"{name}-income-string", fn, _m(fn, kw, with_col("inc", ["x"] * N)), "income", "numeric")
    case(f"{name}-income-unknown", fn, _m(fn, kw, income="nope"), "nope")
    case(f"{name}-income-2d", fn, _m(fn, kw, data=None, income=None) if False else
         (lambda fn=fn, kw=kw: fn(None, np.ones((3, 2)), **kw)), "one-dimensional", "income", "column", "by")
    case(f"{name}-empty", fn, _m(fn, kw, frame().iloc[:0]), "empty", "no observation", expect="error")
    case(f"{name}-one-row", fn, _m(fn, kw, frame().iloc[:1]), "one", "single", "row", "observation", "group",
         "median", "variance")
    case(f"{name}-data-list", fn, lambda fn=fn, kw=kw: fn([1, 2, 3], "inc", **kw), "data", "DataFrame")
    # weights
    for wname, wval, ment in (
        ("negative", np.r_[-1.0, W[1:]], ("negative",)), ("nan", nan_at(W), ("missing", "nan")),
        ("all-zero", np.zeros(N), ("zero",)), ("string", "nope", ("nope",)),
        ("strings", np.array(["a"] * N), ("weights", "numeric")), ("short", W[:3], ("weights", "values")),
        ("inf", np.r_[np.inf, W[1:]], ("weights", "infinite")),
    ):
        case(f"{name}-weights-{wname}", fn, _m(fn, kw, weights=wval), *ment, expect="error")
    case(f"{name}-weights-series-misaligned", fn,
         _m(fn, kw, weights=pd.Series(W, index=np.arange(N) + 100)), "weights", "index",
         expect="error")
    # inference options
    for lv in (1.5, 0, 1, -0.1, "high", float("nan"), None):
        case(f"{name}-level-{lv}", fn, _m(fn, kw, level=lv), "level", expect="error")
    for r in (0, 1, -3, 2.5, "many", True):
        case(f"{name}-replicates-{r}", fn, _m(fn, kw, se="bootstrap", seed=1, replicates=r), "replicates",
             expect="error")
    for s in (-1, 1.5, "x"):
        case(f"{name}-seed-{s}", fn, _m(fn, kw, se="bootstrap", replicates=5, seed=s), "seed", expect="error")
    case(f"{name}-bootstrap-no-seed", fn, _m(fn, kw, se="bootstrap", replicates=5), "seed", expect="error")
    case(f"{name}-se-bogus", fn, _m(fn, kw, se="jackknife"), "se", expect="error")
    case(f"{name}-na-bogus", fn, _m(fn, kw, na="ignore"), "na", expect="error")
    # groups
    by_kw = {k: v for k, v in kw.items() if k != "by"}
    case(f"{name}-by-unknown", fn, _m(fn, by_kw, by="nope"), "nope", expect="error")
    df_vanish = frame()
    df_vanish["g"] = ["a", "a", "b", "b", "a", "b", "a", "b", "vanished", "b"]
    df_vanish.loc[8, "inc"] = np.nan
    case(f"{name}-by-group-vanishes", fn, _m(fn, by_kw, df_vanish, by="g", na="drop"), "vanished",
         expect="warn")
    case(f"{name}-by-nan-label", fn, _m(fn, by_kw, with_col("g", [None] + ["a", "b"] * 4 + ["a"]), by="g"),
         "missing", "by", "g")
    case(f"{name}-domain-empty", fn, _m(fn, kw, domain=np.zeros(N, dtype=bool)), "domain", expect="error")
    case(f"{name}-domain-bad", fn, _m(fn, kw, domain=np.arange(N)), "domain", expect="error")
    # designs
    case(f"{name}-design-and-weights", fn, _m(fn, kw, design=pe.SurveyDesign(weights="w"), weights="w"),
         "weights", "design", expect="error")
    case(f"{name}-design-not-design", fn, _m(fn, kw, design={"weights": "w"}), "design", expect="error")
    case(f"{name}-fpc-below-psus", fn,
         _m(fn, kw, design=pe.SurveyDesign(weights="w", strata="st", psu="psu", fpc=np.full(N, 2.0))),
         "fpc", expect="error")
    case(f"{name}-fpc-varies-in-stratum", fn,
         _m(fn, kw, design=pe.SurveyDesign(weights="w", strata="st", psu="psu", fpc=np.arange(N) + 10.0)),
         "fpc", expect="error")
    case(f"{name}-lonely-psu", fn,
         _m(fn, kw, design=pe.SurveyDesign(weights="w", strata="st", psu=[1] * 5 + [2] * 5)), "psu",
         "stratum", "strata")

# measure-specific parameters
for name, fn, param, bads, kw in (
    ("fgt", pe.fgt, "alpha", (-1, float("nan"), "two", float("inf"), None), {"line": 4.0}),
    ("fgt_decomposition", pe.fgt_decomposition, "alpha", (-1, float("nan"), "two"), {"line": 4.0, "by": "g"}),
    ("ge", pe.ge, "alpha", (float("nan"), "two", float("inf")), {}),
    ("ge_decomposition", pe.ge_decomposition, "alpha", (float("nan"), "two"), {"by": "g"}),
    ("atkinson", pe.atkinson, "epsilon", (-1, float("nan"), "one", 0), {}),
    ("chu", pe.chu, "beta", (float("nan"), "x", 2), {"line": 4.0}),
    ("quantile", pe.quantile, "p", (0, 1.5, -0.2, "half", float("nan")), {}),
    ("poverty_line", pe.poverty_line, "share", (0, -0.6, "x", float("nan"), float("inf")), {}),
    ("arpr", pe.arpr, "share", (0, -0.6, "x", float("nan")), {}),
    ("quantile_ratio", pe.quantile_ratio, "upper", (0, 1.5, "x", float("nan")), {}),
    ("quantile_ratio", pe.quantile_ratio, "lower", (0, -1, "x", 0.95), {}),
    ("lorenz", pe.lorenz, "points", (0, -3, "x", [0.5, 1.5], 2.5), {}),
    ("time_to_exit", pe.time_to_exit, "growth", (0, -0.1, "x", float("nan")), {"line": 4.0}),
    ("sen", pe.sen, "convention", ("bogus",), {"line": 4.0}),
    ("gini", pe.gini, "convention", ("bogus", 3), {}),
):
    for b in bads:
        case(f"{name}-{param}-{b!r}", fn, _m(fn, kw, **{param: b}), param, expect="error")

for name, (fn, kw) in POV.items():
    for lv in (-4.0, 0.0, float("nan"), float("inf"), "x", None):
        kw2 = dict(kw, line=lv)
        case(f"{name}-line-{lv!r}", fn, _m(fn, kw2), "line", expect="error")
    case(f"{name}-line-unknown-column", fn, _m(fn, dict(kw, line="nope")), "nope", "line", expect="error")
    case(f"{name}-line-relative-negative-median", fn,
         _m(fn, dict(kw, line=pe.RelativeLine()), with_col("inc", -Y)), "median", "negative", "line", "> 0",
         ">= 0")
    case(f"{name}-line-relative-bad-share", fn, lambda fn=fn, kw=kw: fn(frame(), "inc",
                                                                          **dict(kw, line=pe.RelativeLine(-1))),
         "share", expect="error")

for name, fn in (("arpr", pe.arpr), ("poverty_line", pe.poverty_line)):
    case(f"{name}-negative-median", fn, _m(fn, {}, with_col("inc", -Y)), "median", "negative", "line")
    case(f"{name}-zero-median", fn, _m(fn, {}, with_col("inc", np.r_[np.zeros(8), 1.0, 2.0])), "median",
         "zero", "line")
    case(f"{name}-of-bogus", fn, _m(fn, {}, of="mode"), "of", expect="error")
case("poverty_line-rule-bogus", pe.poverty_line, _m(pe.poverty_line, {}, rule="nope"), "rule", expect="error")

# grouped data
POP = [0.2, 0.2, 0.2, 0.2, 0.2]
INC = [0.06, 0.12, 0.18, 0.24, 0.40]
for fn, kw in ((pe.grouped_poverty, {"mean": 100.0, "line": 60.0}), (pe.lorenz_fit, {"mean": 100.0})):
    nm = fn.__name__
    case(f"{nm}-valid", fn, lambda fn=fn, kw=kw: fn(POP, INC, **kw))
    case(f"{nm}-pop-nan", fn, lambda fn=fn, kw=kw: fn(nan_at(POP, 1), INC, **kw), "population", "missing",
         "nan", expect="error")
    case(f"{nm}-pop-negative", fn, lambda fn=fn, kw=kw: fn([-0.2, 0.4, 0.2, 0.4, 0.2], INC, **kw),
         "population", "negative", "share", expect="error")
    case(f"{nm}-income-inf", fn, lambda fn=fn, kw=kw: fn(POP, [0.06, 0.12, np.inf, 0.24, 0.4], **kw), "income",
         "infinite", "inf", expect="error")
    case(f"{nm}-income-string", fn, lambda fn=fn, kw=kw: fn(POP, list("abcde"), **kw), "income", "numeric",
         expect="error")
    case(f"{nm}-length", fn, lambda fn=fn, kw=kw: fn(POP, INC[:3], **kw), "income", "population", "length",
         "values", expect="error")
    case(f"{nm}-empty", fn, lambda fn=fn, kw=kw: fn([], [], **kw), "empty", "population", "at least",
         expect="error")
    case(f"{nm}-one-group", fn, lambda fn=fn, kw=kw: fn([1.0], [1.0], **kw), "group", "point", "at least",
         expect="error")
    for mv in (-1.0, 0.0, float("nan"), "x", float("inf")):
        case(f"{nm}-mean-{mv!r}", fn, lambda fn=fn, kw=kw, mv=mv: fn(POP, INC, **dict(kw, mean=mv)), "mean",
             expect="error")
    case(f"{nm}-unknown-column", fn, lambda fn=fn, kw=kw: fn(pd.DataFrame({"p": POP}), "nope", **kw), "nope",
         "population", "income", expect="error")
for lv in (-60.0, 0.0, float("nan"), "x"):
    case(f"grouped_poverty-line-{lv!r}", pe.grouped_poverty,
         lambda lv=lv: pe.grouped_poverty(POP, INC, mean=100.0, line=lv), "line", expect="error")
for al in ((-1,), (float("nan"),), ("x",), ()):
    case(f"grouped_poverty-alphas-{al!r}", pe.grouped_poverty,
         lambda al=al: pe.grouped_poverty(POP, INC, mean=100.0, line=60.0, alphas=al), "alpha", expect="error")

# --------------------------------------------------------------------------- MPI

SPEC = {"health": {"d1": "d1"}, "education": {"d2": "d2"}, "living": {"d3": "d3"}}


def mpi_frame():
    return pd.DataFrame({
        "d1": [0, 1, 1, 0, 1, 0, 1, 1], "d2": [0, 1, 0, 1, 1, 0, 0, 1], "d3": [1, 1, 0, 0, 1, 0, 1, 0],
        "w": [1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.5], "g": list("aabbabab"),
        "st": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    })


def mpi_with(col, values):
    df = mpi_frame()
    df[col] = values
    return df


def _mpi(data=None, spec=SPEC, k=1 / 3, **kw):
    return lambda: pe.mpi(mpi_frame() if data is None else data, spec, k, **kw)


case("mpi-valid", pe.mpi, _mpi())
for kv in (0, -0.2, 1.5, 150, "x", float("nan"), float("inf"), None, [], [0.3, 2.5], True):
    case(f"mpi-k-{kv!r}", pe.mpi, _mpi(k=kv), "k", expect="error")
case("mpi-indicator-nan", pe.mpi, _mpi(mpi_with("d1", [0, np.nan, 1, 0, 1, 0, 1, 1])), "missing", "d1",
     expect="error")
case("mpi-indicator-not-binary", pe.mpi, _mpi(mpi_with("d1", [0, 2, 1, 0, 1, 0, 1, 1])), "d1", "0/1", "binary",
     expect="error")
case("mpi-indicator-string", pe.mpi, _mpi(mpi_with("d1", list("abcdefgh"))), "d1", "numeric", expect="error")
case("mpi-indicator-inf", pe.mpi, _mpi(mpi_with("d1", [0, np.inf, 1, 0, 1, 0, 1, 1])), "d1", "inf",
     expect="error")
case("mpi-unknown-column", pe.mpi, _mpi(spec={"h": {"x": "nope"}, "e": {"d2": "d2"}}), "nope", expect="error")
case("mpi-empty", pe.mpi, _mpi(mpi_frame().iloc[:0]), "empty", "no observation", "row", expect="error")
case("mpi-one-row", pe.mpi, _mpi(mpi_frame().iloc[:1]), "one", "single", "row", "observation")
case("mpi-one-row-nose", pe.mpi, _mpi(mpi_frame().iloc[:1], se=None))
case("mpi-data-not-frame", pe.mpi, lambda: pe.mpi([[0, 1, 1]], SPEC, 1 / 3), "data", "DataFrame",
     expect="error")
case("mpi-spec-not-spec", pe.mpi, _mpi(spec=42), "spec", expect="error")
for wname, wval, ment in (
    ("negative", [-1.0] + [1.0] * 7, ("negative",)), ("nan", [np.nan] + [1.0] * 7, ("missing", "nan")),
    ("all-zero", [0.0] * 8, ("zero",)), ("string", "nope", ("nope",)), ("short", [1.0, 2.0], ("weights",)),
):
    case(f"mpi-weights-{wname}", pe.mpi, _mpi(weights=wval), *ment, expect="error")
case("mpi-weights-series-misaligned", pe.mpi, _mpi(weights=pd.Series(np.ones(8), index=np.arange(8) + 50)),
     "weights", "index", expect="error")
for lv in (1.5, 0, "high", float("nan")):
    case(f"mpi-level-{lv!r}", pe.mpi, _mpi(level=lv), "level", expect="error")
for r in (0, 1, -3, 2.5, "many"):
    case(f"mpi-replicates-{r!r}", pe.mpi, _mpi(se="bootstrap", seed=1, replicates=r), "replicates",
         expect="error")
for s in (-1, 1.5, "x", None):
    case(f"mpi-seed-{s!r}", pe.mpi, _mpi(se="bootstrap", replicates=5, seed=s), "seed", expect="error")
case("mpi-se-bogus", pe.mpi, _mpi(se="jackknife"), "se", expect="error")
case("mpi-na-bogus", pe.mpi, _mpi(na="ignore"), "na", expect="error")
case("mpi-by-unknown", pe.mpi, _mpi(by="nope"), "nope", expect="error")
_mv = mpi_frame()
_mv["g"] = list("aabbabav")
_mv["g"] = _mv["g"].replace({"v": "vanished"})
_mv.loc[7, "d1"] = np.nan
case("mpi-by-group-vanishes", pe.mpi, _mpi(_mv, by="g", na="drop", se=None), "vanished", expect="warn")
case("mpi-fpc-below-psus", pe.mpi, _mpi(design=pe.SurveyDesign(weights="w", strata="st", psu="psu", fpc=[1.0] * 8)),
     "fpc", expect="error")
case("mpi-fpc-varies", pe.mpi,
     _mpi(design=pe.SurveyDesign(weights="w", strata="st", psu="psu", fpc=np.arange(8) + 10.0)), "fpc",
     expect="error")
case("mpi-block-rows-0", pe.mpi, _mpi(block_rows=0), "block_rows", expect="error")
case("mpi-time-unknown", pe.mpi, _mpi(time="nope"), "nope", expect="error")

# MPISpec
for nm, spec_dict, ment in (
    ("not-mapping", [1, 2], ("mapping", "dict", "spec")),
    ("empty", {}, ("dimension",)),
    ("no-dimensions", {"dimensions": {}}, ("dimension",)),
    ("indicator-not-str", {"dimensions": {"a": {"x": 5}}}, ("x", "variable", "indicator")),
    ("weights-bad-sum", {"dimensions": {"a": {"x": "x"}, "b": {"y": "y"}}, "weights": {"a": 0.9, "b": 0.9}},
     ("weight", "sum")),
    ("weights-negative", {"dimensions": {"a": {"x": "x"}, "b": {"y": "y"}}, "weights": {"a": -0.5, "b": 1.5}},
     ("weight",)),
    ("weights-nan", {"dimensions": {"a": {"x": "x"}, "b": {"y": "y"}}, "weights": {"a": float("nan"), "b": 0.5}},
     ("weight", "finite")),
    ("weights-string", {"dimensions": {"a": {"x": "x"}, "b": {"y": "y"}}, "weights": "equal"},
     ("weight",)),
    ("k-bad", {"dimensions": {"a": {"x": "x"}}, "k": 0}, ("k",)),
    ("k-string", {"dimensions": {"a": {"x": "x"}}, "k": "third"}, ("k",)),
    ("cutoff-string", {"dimensions": {"a": {"x": {"variable": "x", "cutoff": "low"}}}}, ("cutoff",)),
    ("direction-bad", {"dimensions": {"a": {"x": {"variable": "x", "cutoff": 1, "direction": "sideways"}}}},
     ("direction",)),
    ("unknown-key", {"dimensions": {"a": {"x": "x"}}, "wieghts": {}}, ("wieghts", "unknown", "key")),
    ("indicator-unknown-key", {"dimensions": {"a": {"x": {"variable": "x", "cuttof": 1}}}},
     ("cuttof", "unknown", "key")),
):
    case(f"MPISpec.from_dict-{nm}", pe.MPISpec.from_dict, lambda s=spec_dict: pe.MPISpec.from_dict(s), *ment,
         expect="error")
case("MPISpec-dimensions-int", pe.MPISpec, lambda: pe.MPISpec(5), "dimension", expect="error")
case("MPISpec-k-outside", pe.MPISpec, lambda: pe.MPISpec(SPEC, k=-1), "k", expect="error")
for kv in (0, -0.5, 101, "x", float("nan"), 33.5):
    case(f"MPISpec-k-{kv!r}", pe.MPISpec, lambda kv=kv: pe.MPISpec(SPEC, k=kv), "k", expect="error")


def _yaml_file(tmp_path, content: bytes, name="spec.yaml"):
    p = tmp_path / name
    p.write_bytes(content)
    return p


YAML_OK = "dimensions:\n  健康:\n    d1: d1\n  education:\n    d2: d2\n"
YAML_FILES = {
    "binary": (bytes(range(256)) * 4, ("binary", "utf-8", "read", "decode", "spec")),
    "gbk": (YAML_OK.encode("gbk"), ("utf-8", "encoding", "decode", "gbk")),
    "utf16": (YAML_OK.encode("utf-16"), ("utf-8", "encoding", "decode", "spec")),
    "malformed": (b"dimensions: [a, b\n  c: :\n", ("yaml", "parse")),
    "scalar": (b"42\n", ("mapping", "spec", "dict")),
    "empty": (b"", ("empty", "mapping", "spec")),
    "nul-bytes": (b"dimensions:\x00\x00\n", ("yaml", "spec", "parse", "binary", "read")),
}
for nm, (content, ment) in YAML_FILES.items():
    for how in ("path", "str"):
        CASES.append(Case(f"MPISpec.from_yaml-{nm}-{how}", pe.MPISpec.from_yaml,
                          ("yaml", content, how), ment, "error"))
for nm, (content, ment) in {"binary": YAML_FILES["binary"], "gbk": (json.dumps(
        {"dimensions": {"健康": {"d1": "d1"}}}, ensure_ascii=False).encode("gbk"), ("utf-8", "encoding", "decode")),
        "malformed": (b"{not json", ("json", "parse"))}.items():
    CASES.append(Case(f"MPISpec.from_json-{nm}", pe.MPISpec.from_json, ("json", content, "path"), ment, "error"))
case("MPISpec.from_yaml-missing", pe.MPISpec.from_yaml, lambda: pe.MPISpec.from_yaml("/nonexistent/spec.yaml"),
     "exist", "spec", expect="error")
case("MPISpec.from_yaml-directory", pe.MPISpec.from_yaml, ("yaml-dir", None, None), "spec", "directory", "read",
     expect="error")
case("MPISpec.from_yaml-not-str", pe.MPISpec.from_yaml, lambda: pe.MPISpec.from_yaml(42), "spec", "yaml",
     "path", "str", expect="error")

# presets
for cols, ment in (({"nutrition": 5}, ("nutrition", "column")), ({"nope": "x"}, ("nope", "indicator")),
                   ("columns", ("columns", "mapping"))):
    case(f"global_mpi-columns-{cols!r}", pe.global_mpi, lambda c=cols: pe.global_mpi(c), *ment, expect="error")
    case(f"china_basic_needs-columns-{cols!r}", pe.china_basic_needs, lambda c=cols: pe.china_basic_needs(c),
         *ment, expect="error")
for lv in (-1.0, 0.0, float("nan"), "x", float("inf")):
    case(f"china_basic_needs-line-{lv!r}", pe.china_basic_needs,
         lambda lv=lv: pe.china_basic_needs(line=lv), "line", expect="error")
case("china_basic_needs-income_column-int", pe.china_basic_needs,
     lambda: pe.china_basic_needs(line=4000.0, income_column=5), "income_column", "column",
     expect="error")


def _res(by="g", **kw):
    return pe.mpi(mpi_frame(), SPEC, 1 / 3, by=by, se=None, **kw)


for nm, call, ment in (
    ("not-result", lambda: pe.mpi_k_curve("x"), ("MPIResult", "result")),
    ("group-unknown", lambda: pe.mpi_k_curve(_res(), group="zzz"), ("zzz", "group")),
    ("ks-outside", lambda: pe.mpi_k_curve(_res(), ks=[0.5, 1.5]), ("k",)),
    ("ks-string", lambda: pe.mpi_k_curve(_res(), ks="x"), ("k",)),
    ("ks-nan", lambda: pe.mpi_k_curve(_res(), ks=[float("nan")]), ("k",)),
    ("ks-zero", lambda: pe.mpi_k_curve(_res(), ks=[0]), ("k",)),
    ("time-unknown", lambda: pe.mpi_k_curve(_res(), time=1999), ("time", "1999")),
):
    case(f"mpi_k_curve-{nm}", pe.mpi_k_curve, call, *ment, expect="error")
for nm, call, ment in (
    ("not-result", lambda: pe.mpi_dominance(None, "a", "b"), ("MPIResult", "result")),
    ("group-unknown", lambda: pe.mpi_dominance(_res(), "a", "zzz"), ("zzz",)),
    ("k_range-reversed", lambda: pe.mpi_dominance(_res(), "a", "b", k_range=(0.8, 0.2)), ("k_range",)),
    ("k_range-outside", lambda: pe.mpi_dominance(_res(), "a", "b", k_range=(-1, 2)), ("k_range",)),
    ("k_range-nan", lambda: pe.mpi_dominance(_res(), "a", "b", k_range=(float("nan"), 1)), ("k_range",)),
    ("k_range-string", lambda: pe.mpi_dominance(_res(), "a", "b", k_range="all"), ("k_range",)),
    ("k_range-scalar", lambda: pe.mpi_dominance(_res(), "a", "b", k_range=0.5), ("k_range",)),
):
    case(f"mpi_dominance-{nm}", pe.mpi_dominance, call, *ment, expect="error")
_ws = {"equal": {"health": 1 / 3, "education": 1 / 3, "living": 1 / 3}}
for nm, call, ment in (
    ("valid", lambda: pe.mpi_weight_robustness(mpi_frame(), pe.MPISpec(SPEC), _ws, 1 / 3, by="g"), ()),
    ("weights-bad-sum", lambda: pe.mpi_weight_robustness(mpi_frame(), pe.MPISpec(SPEC),
                                                         {"x": {"health": 0.9, "education": 0.9, "living": 0.9}},
                                                         1 / 3, by="g"), ("weight", "sum")),
    ("weights-unknown-dim", lambda: pe.mpi_weight_robustness(mpi_frame(), pe.MPISpec(SPEC),
                                                             {"x": {"wealth": 1.0}}, 1 / 3, by="g"),
     ("wealth", "unknown")),
    ("weight-sets-empty", lambda: pe.mpi_weight_robustness(mpi_frame(), pe.MPISpec(SPEC), {}, 1 / 3, by="g"),
     ("weight", "empty", "set")),
    ("weight-sets-int", lambda: pe.mpi_weight_robustness(mpi_frame(), pe.MPISpec(SPEC), 5, 1 / 3, by="g"),
     ("weight",)),
    ("k-bad", lambda: pe.mpi_weight_robustness(mpi_frame(), pe.MPISpec(SPEC), _ws, 2.5, by="g"), ("k",)),
    ("by-unknown", lambda: pe.mpi_weight_robustness(mpi_frame(), pe.MPISpec(SPEC), _ws, 1 / 3, by="nope"),
     ("nope",)),
    ("spec-bad", lambda: pe.mpi_weight_robustness(mpi_frame(), "spec", _ws, 1 / 3, by="g"), ("spec",)),
):
    case(f"mpi_weight_robustness-{nm}", pe.mpi_weight_robustness, call, *ment,
         expect="any" if nm == "valid" else "error")

# --------------------------------------------------------------------------- decompositions

D = pe.decompose
SRC = ["s1", "s2"]
for fn in (D.source_shares, D.gini_by_source, D.shorrocks_by_source, D.shapley_by_source):
    nm = fn.__name__
    boot = fn is not D.source_shares
    case(f"{nm}-valid", fn, lambda fn=fn: fn(frame(), SRC))
    case(f"{nm}-source-nan", fn, lambda fn=fn: fn(with_col("s1", nan_at(Y * 0.6)), SRC), "missing", "s1",
         expect="error")
    case(f"{nm}-source-inf", fn, lambda fn=fn: fn(with_col("s1", np.r_[np.inf, Y[1:]]), SRC), "infinite", "s1",
         expect="error")
    case(f"{nm}-source-string", fn, lambda fn=fn: fn(with_col("s1", ["x"] * N), SRC), "s1", "numeric",
         expect="error")
    case(f"{nm}-source-unknown", fn, lambda fn=fn: fn(frame(), ["s1", "nope"]), "nope", expect="error")
    case(f"{nm}-sources-empty", fn, lambda fn=fn: fn(frame(), []), "source", expect="error")
    case(f"{nm}-sources-none", fn, lambda fn=fn: fn(frame(), None), "source", expect="error")
    case(f"{nm}-total-zero", fn, lambda fn=fn: fn(with_col("s1", -Y * 0.4), SRC), "total", "zero", "positive",
         "mean", "> 0")
    case(f"{nm}-total-mismatch", fn, lambda fn=fn: fn(frame(), SRC, total=Y * 2), "total", "sum",
         expect="error")
    case(f"{nm}-total-unknown", fn, lambda fn=fn: fn(frame(), SRC, total="nope"), "nope", expect="error")
    case(f"{nm}-huge", fn, lambda fn=fn: fn(frame().assign(s1=Y * 1e307, s2=Y * 1e307), SRC), "large",
         "overflow", "income", "source")
    case(f"{nm}-tiny", fn, lambda fn=fn: fn(frame().assign(s1=Y * 1e-308, s2=Y * 1e-308), SRC), "small",
         "underflow", "income", "zero", "source")
    case(f"{nm}-empty", fn, lambda fn=fn: fn(frame().iloc[:0], SRC), "empty", expect="error")
    case(f"{nm}-one-row", fn, lambda fn=fn: fn(frame().iloc[:1], SRC), "one", "row", "observation", "single",
         "no inequality", "no variance")
    case(f"{nm}-na-bogus", fn, lambda fn=fn: fn(frame(), SRC, na="skip"), "na", expect="error")
    for wname, wval, ment in (
        ("negative", np.r_[-1.0, W[1:]], ("negative",)), ("nan", nan_at(W), ("missing", "nan")),
        ("all-zero", np.zeros(N), ("zero",)), ("string", "nope", ("nope",)), ("short", W[:3], ("weights",)),
    ):
        case(f"{nm}-weights-{wname}", fn, lambda fn=fn, wval=wval: fn(frame(), SRC, weights=wval), *ment,
             expect="error")
    case(f"{nm}-weights-series-misaligned", fn,
         lambda fn=fn: fn(frame(), SRC, weights=pd.Series(W, index=np.arange(N) + 100)), "weights", "index",
         expect="error")
    case(f"{nm}-fpc-below-psus", fn, lambda fn=fn: fn(frame(), SRC, design=pe.SurveyDesign(
        weights="w", strata="st", psu="psu", fpc=np.full(N, 2.0))), "fpc", expect="error" if boot else "any")
    if boot:
        for r in (1, -3, 2.5, "many", True):
            case(f"{nm}-replicates-{r!r}", fn, lambda fn=fn, r=r: fn(frame(), SRC, replicates=r, seed=1),
                 "replicates", expect="error")
        for s in (-1, 1.5, "x", None):
            case(f"{nm}-seed-{s!r}", fn, lambda fn=fn, s=s: fn(frame(), SRC, replicates=5, seed=s), "seed",
                 expect="error")
        case(f"{nm}-replicates-0-valid", fn, lambda fn=fn: fn(frame(), SRC, replicates=0))
for v in (0, -5, 2.5, "x"):
    case(f"shapley_by_source-permutations-{v!r}", D.shapley_by_source,
         lambda v=v: D.shapley_by_source(frame(), SRC, permutations=v), "permutations", expect="error")
case("shapley_by_source-index-bogus", D.shapley_by_source,
     lambda: D.shapley_by_source(frame(), SRC, index="entropy"), "index", expect="error")

# by_subgroup
BS = D.by_subgroup
case("by_subgroup-valid", BS, lambda: BS(frame(), "inc", by="g", line=4.0))
case("by_subgroup-income-nan", BS, lambda: BS(with_col("inc", nan_at(Y)), "inc", by="g", line=4.0), "missing",
     expect="error")
case("by_subgroup-income-inf", BS, lambda: BS(with_col("inc", np.r_[np.inf, Y[1:]]), "inc", by="g", line=4.0),
     "infinite", expect="error")
case("by_subgroup-income-zero", BS, lambda: BS(with_col("inc", np.r_[0.0, Y[1:]]), "inc", by="g", line=4.0),
     "zero", "> 0")
case("by_subgroup-income-negative", BS, lambda: BS(with_col("inc", np.r_[-1.0, Y[1:]]), "inc", by="g", line=4.0),
     "negative", "> 0")
case("by_subgroup-huge", BS, lambda: BS(with_col("inc", Y * 1e307), "inc", by="g", line=4e307), "large",
     "income", "overflow")
case("by_subgroup-tiny", BS, lambda: BS(with_col("inc", Y * 1e-308), "inc", by="g", line=4e-308), "small",
     "income", "underflow")
case("by_subgroup-by-unknown", BS, lambda: BS(frame(), "inc", by="nope", line=4.0), "nope", expect="error")
case("by_subgroup-group-vanishes", BS,
     lambda: BS(frame().assign(g=["a"] * 8 + ["vanished", "b"], inc=np.r_[Y[:8], np.nan, Y[9]]), "inc", by="g",
                line=4.0, na="drop"), "vanished", expect="warn")
for lv in (-1.0, float("nan"), "x"):
    case(f"by_subgroup-line-{lv!r}", BS, lambda lv=lv: BS(frame(), "inc", by="g", line=lv), "line",
         expect="error")
for al in ((float("nan"),), ("x",), (float("inf"),)):
    case(f"by_subgroup-fgt_alphas-{al!r}", BS, lambda al=al: BS(frame(), "inc", by="g", line=4.0, fgt_alphas=al),
         "alpha", expect="error")
    case(f"by_subgroup-ge_alphas-{al!r}", BS, lambda al=al: BS(frame(), "inc", by="g", line=4.0, ge_alphas=al),
         "alpha", expect="error")
for r in (0, 1, -2, "x"):
    case(f"by_subgroup-replicates-{r!r}", BS,
         lambda r=r: BS(frame(), "inc", by="g", line=4.0, se="bootstrap", seed=1, replicates=r), "replicates",
         expect="error")
for s in (-1, "x", 1.5):
    case(f"by_subgroup-seed-{s!r}", BS,
         lambda s=s: BS(frame(), "inc", by="g", line=4.0, se="bootstrap", replicates=5, seed=s), "seed",
         expect="error")
for lv in (0, 1.2, "x"):
    case(f"by_subgroup-level-{lv!r}", BS, lambda lv=lv: BS(frame(), "inc", by="g", line=4.0, level=lv), "level",
         expect="error")
case("by_subgroup-weights-negative", BS, lambda: BS(frame(), "inc", by="g", line=4.0, weights=np.r_[-1.0, W[1:]]),
     "negative", expect="error")

# changes in poverty
B0 = Y
B1 = Y * 1.2
for fn in (D.datt_ravallion, D.shapley_poverty_change):
    nm = fn.__name__
    case(f"{nm}-valid", fn, lambda fn=fn: fn(B0, B1, line=4.0))
    case(f"{nm}-before-nan", fn, lambda fn=fn: fn(nan_at(B0), B1, line=4.0), "missing", "before", expect="error")
    case(f"{nm}-after-nan", fn, lambda fn=fn: fn(B0, nan_at(B1), line=4.0), "missing", "after", expect="error")
    case(f"{nm}-before-inf", fn, lambda fn=fn: fn(np.r_[np.inf, B0[1:]], B1, line=4.0), "infinite", "before",
         expect="error")
    case(f"{nm}-before-negative", fn, lambda fn=fn: fn(np.r_[-1.0, B0[1:]], B1, line=4.0), "negative", "before",
         "> 0", ">= 0")
    case(f"{nm}-before-string", fn, lambda fn=fn: fn(["x"] * N, B1, line=4.0), "before", "numeric",
         expect="error")
    case(f"{nm}-before-empty", fn, lambda fn=fn: fn([], B1, line=4.0), "before", "empty", expect="error")
    case(f"{nm}-before-zero-mean", fn, lambda fn=fn: fn(np.zeros(N), B1, line=4.0), "mean", "zero", "before",
         "> 0")
    case(f"{nm}-huge", fn, lambda fn=fn: fn(B0 * 1e307, B1 * 1e307, line=4e307), "large", "overflow", "income",
         "before")
    case(f"{nm}-tiny", fn, lambda fn=fn: fn(B0 * 1e-308, B1 * 1e-308, line=4e-308), "small", "underflow",
         "income", "before")
    case(f"{nm}-one-row", fn, lambda fn=fn: fn(B0[:1], B1[:1], line=4.0), "one", "observation")
    for lv in (-4.0, 0.0, float("nan"), "x", None, float("inf")):
        case(f"{nm}-line-{lv!r}", fn, lambda fn=fn, lv=lv: fn(B0, B1, line=lv), "line", expect="error")
    for al in (-1, float("nan"), "x"):
        case(f"{nm}-alpha-{al!r}", fn, lambda fn=fn, al=al: fn(B0, B1, line=4.0, alpha=al), "alpha",
             expect="error")
    for wname, wval, ment in (
        ("negative", np.r_[-1.0, W[1:]], ("negative",)), ("nan", nan_at(W), ("missing", "nan")),
        ("all-zero", np.zeros(N), ("zero",)), ("short", W[:3], ("weights",)), ("string", "w", ("weights",)),
    ):
        case(f"{nm}-weights_before-{wname}", fn, lambda fn=fn, wval=wval: fn(B0, B1, line=4.0,
                                                                            weights_before=wval), *ment,
             expect="error")
case("datt_ravallion-reference-bogus", D.datt_ravallion,
     lambda: D.datt_ravallion(B0, B1, line=4.0, reference="middle"), "reference", expect="error")
for lv in (-4.0, float("nan"), "x"):
    case(f"shapley_poverty_change-line_after-{lv!r}", D.shapley_poverty_change,
         lambda lv=lv: D.shapley_poverty_change(B0, B1, line=4.0, line_after=lv), "line", expect="error")

SEC = D.sectoral
SB = np.array(["u", "u", "r", "r", "u", "r", "u", "r", "u", "r"])
case("sectoral-valid", SEC, lambda: SEC(B0, B1, line=4.0, sector_before=SB, sector_after=SB))
case("sectoral-before-nan", SEC, lambda: SEC(nan_at(B0), B1, line=4.0, sector_before=SB, sector_after=SB),
     "missing", "before", expect="error")
case("sectoral-sector-missing", SEC, lambda: SEC(B0, B1, line=4.0), "sector", expect="error")
case("sectoral-sector-short", SEC, lambda: SEC(B0, B1, line=4.0, sector_before=SB[:3], sector_after=SB),
     "sector", expect="error")
case("sectoral-sector-nan", SEC, lambda: SEC(B0, B1, line=4.0, sector_before=np.r_[None, SB[1:]],
                                               sector_after=SB), "missing", "sector", expect="error")
case("sectoral-new-sector", SEC, lambda: SEC(B0, B1, line=4.0, sector_before=SB,
                                               sector_after=np.r_[["x"], SB[1:]]), "sector", "x")
for lv in (-4.0, float("nan"), "x"):
    case(f"sectoral-line-{lv!r}", SEC, lambda lv=lv: SEC(B0, B1, line=lv, sector_before=SB, sector_after=SB),
         "line", expect="error")
case("sectoral-alpha-negative", SEC, lambda: SEC(B0, B1, line=4.0, alpha=-1, sector_before=SB, sector_after=SB),
     "alpha", expect="error")
case("sectoral-shares-bad-sum", SEC, lambda: SEC(shares_before=[0.5, 0.9], poverty_before=[0.2, 0.3],
                                                   shares_after=[0.5, 0.5], poverty_after=[0.1, 0.2]),
     "share", "sum", expect="error")
case("sectoral-shares-nan", SEC, lambda: SEC(shares_before=[0.5, np.nan], poverty_before=[0.2, 0.3],
                                               shares_after=[0.5, 0.5], poverty_after=[0.1, 0.2]),
     "share", "missing", "nan", expect="error")
case("sectoral-shares-negative", SEC, lambda: SEC(shares_before=[-0.5, 1.5], poverty_before=[0.2, 0.3],
                                                    shares_after=[0.5, 0.5], poverty_after=[0.1, 0.2]),
     "share", "negative", expect="error")
case("sectoral-shares-length", SEC, lambda: SEC(shares_before=[0.5, 0.5], poverty_before=[0.2],
                                                  shares_after=[0.5, 0.5], poverty_after=[0.1, 0.2]),
     "poverty_before", "length", "values", "sector", expect="error")


def ob_frame():
    rng = np.random.default_rng(3)
    n = 40
    x = rng.normal(size=n)
    grp = np.repeat(["m", "f"], n // 2)
    return pd.DataFrame({"y": 1 + x + (grp == "m") + rng.normal(scale=0.3, size=n), "x": x, "x2": 2 * x,
                         "z": rng.normal(size=n), "grp": grp})


OB = D.oaxaca_blinder
case("oaxaca_blinder-valid", OB, lambda: OB(ob_frame(), "y", ["x"], "grp"))
case("oaxaca_blinder-collinear", OB, lambda: OB(ob_frame(), "y", ["x", "x2"], "grp"), "collinear", "x2",
     expect="error")
case("oaxaca_blinder-inf-regressor", OB, lambda: OB(ob_frame().assign(x=lambda d: d.x.where(d.index != 3, np.inf)),
                                                      "y", ["x"], "grp"), "infinite", "x", expect="error")
case("oaxaca_blinder-nan-regressor", OB, lambda: OB(ob_frame().assign(x=lambda d: d.x.where(d.index != 3)), "y",
                                                      ["x"], "grp"), "missing", expect="error")
case("oaxaca_blinder-outcome-unknown", OB, lambda: OB(ob_frame(), "nope", ["x"], "grp"), "nope", expect="error")
case("oaxaca_blinder-covariate-unknown", OB, lambda: OB(ob_frame(), "y", ["nope"], "grp"), "nope",
     expect="error")
case("oaxaca_blinder-group-unknown", OB, lambda: OB(ob_frame(), "y", ["x"], "nope"), "nope", expect="error")
case("oaxaca_blinder-three-groups", OB, lambda: OB(ob_frame().assign(grp=np.resize(["a", "b", "c"], 40)), "y",
                                                     ["x"], "grp"), "group", expect="error")
case("oaxaca_blinder-one-group", OB, lambda: OB(ob_frame().assign(grp="a"), "y", ["x"], "grp"), "group",
     expect="error")
case("oaxaca_blinder-groups-unknown", OB, lambda: OB(ob_frame(), "y", ["x"], "grp", groups=("m", "zz")), "zz",
     expect="error")
case("oaxaca_blinder-constant-regressor-in-group", OB,
     lambda: OB(ob_frame().assign(z=np.r_[np.zeros(20), np.arange(20.0)]), "y", ["z"], "grp"), "z", "collinear",
     "constant", "vary")
case("oaxaca_blinder-kind-bogus", OB, lambda: OB(ob_frame(), "y", ["x"], "grp", kind="fourfold"), "kind",
     expect="error")
case("oaxaca_blinder-two_fold_type-bogus", OB, lambda: OB(ob_frame(), "y", ["x"], "grp", kind="twofold",
                                                            two_fold_type="x"), "two_fold_type", expect="error")
case("oaxaca_blinder-outcome-string", OB, lambda: OB(ob_frame().assign(y="a"), "y", ["x"], "grp"), "y",
     "numeric", expect="error")
case("oaxaca_blinder-empty", OB, lambda: OB(ob_frame().iloc[:0], "y", ["x"], "grp"), "empty", "group", "row",
     expect="error")
case("oaxaca_blinder-tiny-groups", OB, lambda: OB(ob_frame().iloc[18:22], "y", ["x", "z"], "grp"), "observation",
     "group", "row", "collinear")
case("oaxaca_blinder-na-bogus", OB, lambda: OB(ob_frame(), "y", ["x"], "grp", na="skip"), "na", expect="error")
for r in (1, -3, 2.5, "many"):
    case(f"oaxaca_blinder-replicates-{r!r}", OB, lambda r=r: OB(ob_frame(), "y", ["x"], "grp", replicates=r,
                                                                  seed=1), "replicates", expect="error")
for s in (-1, 1.5, "x", None):
    case(f"oaxaca_blinder-seed-{s!r}", OB, lambda s=s: OB(ob_frame(), "y", ["x"], "grp", replicates=5, seed=s),
         "seed", expect="error")

# --------------------------------------------------------------------------- dynamics


def panel_frame(H=12, T=4, seed=0):
    rng = np.random.default_rng(seed)
    ids = np.repeat(np.arange(H), T)
    t = np.tile(np.arange(2015, 2015 + T), H)
    x = rng.normal(size=H * T)
    inc = np.exp(1.2 + 0.8 * x + rng.normal(scale=0.6, size=H * T))
    return pd.DataFrame({"id": ids, "t": t, "x": x, "x2": 2 * x, "z": rng.normal(size=H * T), "inc": inc,
                         "w": 1.0 + (ids % 3), "c": ids % 4, "poor": None}).drop(columns="poor")


def panel(df=None, **kw):
    return pe.PovertyPanel(panel_frame() if df is None else df, "id", "t", income="inc", line=3.0, **kw)


PP = pe.PovertyPanel
case("PovertyPanel-valid", PP, lambda: panel().rates())
case("PovertyPanel-income-nan", PP, lambda: panel(panel_frame().assign(inc=lambda d: d.inc.where(d.index != 5))),
     "missing", "income", expect="error")
case("PovertyPanel-income-inf", PP, lambda: panel(panel_frame().assign(inc=lambda d: d.inc.where(d.index != 5,
                                                                                                 np.inf))),
     "infinite", expect="error")
case("PovertyPanel-income-string", PP, lambda: panel(panel_frame().assign(inc="x")), "income", "numeric",
     expect="error")
case("PovertyPanel-time-nan", PP, lambda: panel(panel_frame().assign(t=lambda d: d.t.where(d.index != 5))),
     "missing", "time", expect="error")
case("PovertyPanel-id-nan", PP, lambda: panel(panel_frame().assign(id=lambda d: d.id.where(d.index != 5))),
     "missing", "id", expect="error")
case("PovertyPanel-duplicate-keys", PP, lambda: panel(pd.concat([panel_frame(), panel_frame().head(2)])),
     "share a key", "duplicate", expect="error")
case("PovertyPanel-unknown-column", PP, lambda: PP(panel_frame(), "id", "t", income="nope", line=3.0), "nope",
     expect="error")
case("PovertyPanel-unknown-id", PP, lambda: PP(panel_frame(), "hh", "t", income="inc", line=3.0), "hh",
     expect="error")
case("PovertyPanel-one-period", PP, lambda: panel(panel_frame().query("t == 2015")), "period", expect="error")
case("PovertyPanel-empty", PP, lambda: panel(panel_frame().iloc[:0]), "empty", "period", expect="error")
case("PovertyPanel-one-row", PP, lambda: panel(panel_frame().iloc[:1]), "period", "row", expect="error")
case("PovertyPanel-status-not-binary", PP, lambda: PP(panel_frame().assign(s=2), "id", "t", status="s"),
     "0/1", expect="error")
case("PovertyPanel-status-nan", PP, lambda: PP(panel_frame().assign(s=np.r_[np.nan, np.zeros(47)]), "id", "t",
                                               status="s"), "missing", "status", expect="error")
case("PovertyPanel-both", PP, lambda: PP(panel_frame().assign(s=0), "id", "t", income="inc", status="s", line=3.0),
     "exactly one", expect="error")
case("PovertyPanel-data-not-frame", PP, lambda: PP([1, 2], "id", "t", status="s"), "DataFrame", "data",
     expect="error")
for lv in (-3.0, 0.0, float("nan"), "x", None, float("inf")):
    case(f"PovertyPanel-line-{lv!r}", PP, lambda lv=lv: PP(panel_frame(), "id", "t", income="inc", line=lv),
         "line", expect="error")
case("PovertyPanel-line-missing-time", PP, lambda: PP(panel_frame(), "id", "t", income="inc", line={2015: 3.0}),
     "line", "time", expect="error")
for wname, wval, ment in (("negative", -1.0, ("negative",)), ("nan", np.nan, ("missing", "nan")),
                          ("zero", 0.0, ("zero",)), ("string", "a", ("weights", "numeric"))):
    case(f"PovertyPanel-weights-{wname}", PP, lambda wval=wval: panel(panel_frame().assign(w=wval), weights="w"),
         *ment, expect="error")
case("PovertyPanel-gaps-bogus", PP, lambda: panel(gaps="fill"), "gaps", expect="error")
case("PovertyPanel-spacing-bogus", PP, lambda: panel(spacing="odd"), "spacing", expect="error")
case("PovertyPanel-deflator-zero", PP, lambda: panel(panel_frame().assign(d=0.0), deflator="d"), "deflator",
     "zero", expect="error")
case("PovertyPanel-deflator-nan", PP, lambda: panel(panel_frame().assign(d=np.r_[np.nan, np.ones(47)]),
                                                    deflator="d"), "deflator", "missing", expect="error")
case("PovertyPanel-gap", PP, lambda: panel(panel_frame().drop(index=[1])), "gap", expect="error")
case("PovertyPanel-uneven", PP, lambda: panel(panel_frame().assign(t=lambda d: d.t.replace({2018: 2020}))),
     "uneven", "spacing", expect="error")
case("PovertyPanel-huge-income", PP, lambda: PP(panel_frame().assign(inc=lambda d: d.inc * 1e307), "id", "t",
                                                income="inc", line=3e307).rates(), "large", "income")
for meth, kw, ment in (
    ("chronic_transient", {"alpha": -1}, ("alpha",)), ("chronic_transient", {"alpha": float("nan")}, ("alpha",)),
    ("chronic_transient", {"alpha": "x"}, ("alpha",)), ("household_class", {"chronic_share": 0}, ("chronic_share",)),
    ("household_class", {"chronic_share": 1.5}, ("chronic_share",)),
    ("household_class", {"chronic_share": "x"}, ("chronic_share",)),
    ("poverty_profile", {"chronic_share": -0.1}, ("chronic_share",)),
    ("poverty_profile", {"chronic_share": float("nan")}, ("chronic_share",)),
    ("transition_matrix", {"by_period": "yes"}, ("by_period",)),
    ("rates", {"by_period": "yes"}, ("by_period",)),
):
    case(f"PovertyPanel.{meth}-{kw!r}", getattr(PP, meth),
         lambda meth=meth, kw=kw: getattr(panel(), meth)(**kw), *ment, expect="error")
for meth in ("headcount", "rates", "spells", "survival", "transition_table", "reentry", "person_period",
             "transition_matrix", "chronic_transient", "household_class", "poverty_profile"):
    case(f"PovertyPanel.{meth}-all-poor", getattr(PP, meth),
         lambda meth=meth: getattr(panel(panel_frame().assign(inc=0.5)), meth)(), "poor", "exit", "transition",
         "status")
    case(f"PovertyPanel.{meth}-zero-income", getattr(PP, meth),
         lambda meth=meth: getattr(panel(panel_frame().assign(inc=lambda d: d.inc.where(d.index != 0, 0.0))),
                                   meth)(), "zero", "income", "> 0")


def status_frame():
    df = panel_frame(H=30, T=4, seed=1)
    rng = np.random.default_rng(7)
    df["y"] = (rng.normal(size=len(df)) + 0.8 * df["x"] > 0.3).astype(int)
    return df


def spanel(df=None):
    return pe.PovertyPanel(status_frame() if df is None else df, "id", "t", status="y")


MODELS = {"lpm_fe": pe.lpm_fe, "cre_probit": pe.cre_probit, "dynamic_probit": pe.dynamic_probit,
          "fe_logit": pe.fe_logit, "hausman": pe.hausman}


def _mod(fn, formula="poor ~ x", df=None, **kw):
    return lambda: fn(formula, spanel(df), **kw)


for nm, fn in MODELS.items():
    rhs = "poor ~ x"
    case(f"{nm}-valid", fn, _mod(fn, "poor ~ x + z"))
    case(f"{nm}-unknown-variable", fn, _mod(fn, "poor ~ nope"), "nope", expect="error")
    case(f"{nm}-formula-no-tilde", fn, _mod(fn, "poor x"), "formula", expect="error")
    case(f"{nm}-formula-not-str", fn, _mod(fn, 5), "formula", expect="error")
    case(f"{nm}-formula-unparsable", fn, _mod(fn, "poor ~ x +* ("), "formula", expect="error")
    case(f"{nm}-inf-regressor", fn, _mod(fn, rhs, status_frame().assign(x=lambda d: d.x.where(d.index != 4, np.inf))),
         "infinite", "x", expect="error")
    case(f"{nm}-neginf-regressor", fn,
         _mod(fn, rhs, status_frame().assign(x=lambda d: d.x.where(d.index != 4, -np.inf))), "infinite", "x",
         expect="error")
    case(f"{nm}-huge-regressor", fn, _mod(fn, rhs, status_frame().assign(x=lambda d: d.x * 1e305)), "large", "x",
         "scale", "singular", "converge", "separat")
    case(f"{nm}-nan-regressor", fn, _mod(fn, rhs, status_frame().assign(x=lambda d: d.x.where(d.index != 4))),
         "missing", expect="error")
    case(f"{nm}-nan-regressor-drop", fn,
         _mod(fn, rhs, status_frame().assign(x=lambda d: d.x.where(d.index != 4)), na="drop"),
         "gap", "missing", "complete")
    case(f"{nm}-collinear", fn, _mod(fn, "poor ~ x + x2"), "collinear", "x2", "absorbed", "rank", expect="error")
    case(f"{nm}-string-regressor", fn, _mod(fn, "poor ~ x + s", status_frame().assign(s="a")), "s", "vary",
         "collinear", "absorbed", "constant", "rank")
    case(f"{nm}-constant-outcome", fn, _mod(fn, rhs, status_frame().assign(y=0)), "vary", "constant",
         expect="error")
    case(f"{nm}-na-bogus", fn, _mod(fn, rhs, na="skip"), "na", expect="error")
    case(f"{nm}-panel-not-panel", fn, lambda fn=fn: fn("poor ~ x", status_frame()), "PovertyPanel",
         expect="error")
    case(f"{nm}-time-invariant-only", fn, _mod(fn, "poor ~ c"), "vary", "absorbed", "time-varying", "collinear",
         "within", "rank")
    case(f"{nm}-one-household", fn, _mod(fn, rhs, status_frame().query("id == 0").assign(
        y=[0, 1, 0, 1])), "household", "vary", "observ", "group", "absorbed", "singular")
for nm in ("cre_probit", "dynamic_probit"):
    fn = MODELS[nm]
    for nn in (0, -2, 2.5, "x", True):
        case(f"{nm}-n_nodes-{nn!r}", fn, _mod(fn, "poor ~ x", n_nodes=nn), "n_nodes", expect="error")
case("cre_probit-method-bogus", pe.cre_probit, _mod(pe.cre_probit, method="x"), "method", expect="error")
case("cre_probit-estimator-bogus", pe.cre_probit, _mod(pe.cre_probit, estimator="x"), "estimator",
     expect="error")
case("cre_probit-chamberlain-unbalanced", pe.cre_probit,
     _mod(pe.cre_probit, df=status_frame().query("not (id == 0 and t == 2018)"), method="chamberlain"),
     "balanced", expect="error")
case("lpm_fe-engine-bogus", pe.lpm_fe, _mod(pe.lpm_fe, engine="stata"), "engine", expect="error")
case("lpm_fe-time_effects-str", pe.lpm_fe, _mod(pe.lpm_fe, time_effects="yes"), "time_effects", expect="error")
case("lpm_fe-outcome-not-binary", pe.lpm_fe, _mod(pe.lpm_fe, "inc ~ x"), "0/1", expect="error")
case("hausman-continuous-outcome", pe.hausman, _mod(pe.hausman, "inc ~ x + z"))
case("hausman-constant-continuous-outcome", pe.hausman, _mod(pe.hausman, "k ~ x", status_frame().assign(k=3.5)),
     "vary", "constant", expect="error")

RH = pe.reentry_hazard
case("reentry_hazard-valid", RH, lambda: RH("~ x", spanel()))
case("reentry_hazard-unknown", RH, lambda: RH("~ nope", spanel()), "nope", expect="error")
case("reentry_hazard-inf", RH, lambda: RH("~ x", spanel(status_frame().assign(x=np.inf))), "infinite",
     expect="error")
case("reentry_hazard-collinear", RH, lambda: RH("~ x + x2", spanel()), "collinear", "x2", "rank",
     expect="error")
case("reentry_hazard-link-bogus", RH, lambda: RH("~ x", spanel(), link="probit"), "link", expect="error")
case("reentry_hazard-duration-bogus", RH, lambda: RH("~ x", spanel(), duration="x"), "duration", expect="error")
case("reentry_hazard-formula-int", RH, lambda: RH(5, spanel()), "formula", expect="error")
case("reentry_hazard-never-poor", RH, lambda: RH("~ x", spanel(status_frame().assign(y=0))), "exit", "re-entry",
     "risk", expect="error")
case("reentry_hazard-na-bogus", RH, lambda: RH("~ x", spanel(), na="skip"), "na", expect="error")
case("reentry_hazard-not-panel", RH, lambda: RH("~ x", status_frame()), "PovertyPanel", expect="error")


def vul_frame():
    rng = np.random.default_rng(5)
    n = 60
    x = rng.normal(size=n)
    return pd.DataFrame({"c": np.exp(1 + 0.5 * x + rng.normal(scale=0.5, size=n)), "x": x, "x2": 2 * x,
                         "z": rng.normal(size=n), "w": 1.0 + (np.arange(n) % 2), "cl": np.arange(n) // 3})


VC = pe.vulnerability_cjs


def _vc(df=None, cov=("x",), line=3.0, **kw):
    return lambda: VC(vul_frame() if df is None else df, "c", list(cov), line, **kw)


case("vulnerability_cjs-valid", VC, _vc(se="bootstrap", replicates=5, seed=1))
case("vulnerability_cjs-c-nan", VC, _vc(vul_frame().assign(c=lambda d: d.c.where(d.index != 2))), "missing",
     "consumption", expect="error")
case("vulnerability_cjs-c-inf", VC, _vc(vul_frame().assign(c=lambda d: d.c.where(d.index != 2, np.inf))),
     "infinite", expect="error")
case("vulnerability_cjs-c-zero", VC, _vc(vul_frame().assign(c=0.0)), "zero", expect="error")
case("vulnerability_cjs-c-huge", VC, _vc(vul_frame().assign(c=lambda d: d.c * 1e307), line=3e307), "large",
     "consumption")
case("vulnerability_cjs-c-tiny", VC, _vc(vul_frame().assign(c=lambda d: d.c * 1e-308), line=3e-308), "small",
     "consumption")
case("vulnerability_cjs-x-nan", VC, _vc(vul_frame().assign(x=lambda d: d.x.where(d.index != 2))), "missing",
     "x", expect="error")
case("vulnerability_cjs-x-inf", VC, _vc(vul_frame().assign(x=lambda d: d.x.where(d.index != 2, np.inf))),
     "infinite", "x", expect="error")
case("vulnerability_cjs-x-string", VC, _vc(vul_frame().assign(x="a")), "x", "numeric", expect="error")
case("vulnerability_cjs-collinear", VC, _vc(cov=("x", "x2")), "collinear", expect="error")
case("vulnerability_cjs-unknown", VC, _vc(cov=("nope",)), "nope", expect="error")
case("vulnerability_cjs-consumption-unknown", VC, lambda: VC(vul_frame(), "nope", ["x"], 3.0),
     "nope", expect="error")
case("vulnerability_cjs-empty", VC, _vc(vul_frame().iloc[:0]), "empty", expect="error")
case("vulnerability_cjs-one-row", VC, _vc(vul_frame().iloc[:1]), "observation", "row", "one")
for lv in (-3.0, 0.0, float("nan"), "x", float("inf")):
    case(f"vulnerability_cjs-line-{lv!r}", VC, _vc(line=lv), "line", expect="error")
for r in (1, -3, 2.5, "many", True):
    case(f"vulnerability_cjs-replicates-{r!r}", VC, _vc(se="bootstrap", replicates=r, seed=1), "replicates",
         expect="error")
for s in (-1, 1.5, "x", None):
    case(f"vulnerability_cjs-seed-{s!r}", VC, _vc(se="bootstrap", replicates=5, seed=s), "seed", expect="error")
for h in (0, -1, 1.5, "x"):
    case(f"vulnerability_cjs-horizon-{h!r}", VC, _vc(horizon=h), "horizon", expect="error")
for th in ((1.5,), ("x",), (float("nan"),), (0,)):
    case(f"vulnerability_cjs-thresholds-{th!r}", VC, _vc(thresholds=th), "threshold", expect="error")
case("vulnerability_cjs-negative-bogus", VC, _vc(negative="x"), "negative", expect="error")
for wname, wval, ment in (("negative", -1.0, ("negative",)), ("nan", np.nan, ("missing", "nan")),
                          ("zero", 0.0, ("zero",))):
    case(f"vulnerability_cjs-weights-{wname}", VC, _vc(vul_frame().assign(w=wval), weights="w"), *ment,
         expect="error")
case("vulnerability_cjs-weights-unknown", VC, _vc(weights="nope"), "nope", expect="error")
case("vulnerability_cjs-psu-unknown", VC, _vc(psu="nope", se="bootstrap", replicates=5, seed=1), "nope",
     expect="error")
case("vulnerability_cjs-psu-nan", VC, _vc(vul_frame().assign(cl=np.r_[np.nan, np.arange(59.0)]), psu="cl",
                                          se="bootstrap", replicates=5, seed=1), "missing", "psu", expect="error")

VP = pe.vulnerability_panel
case("vulnerability_panel-valid", VP, lambda: VP(panel()))
case("vulnerability_panel-threshold-above-one", VP, lambda: VP(panel(), thresholds=(1.5,)), "threshold",
     expect="error")
case("vulnerability_panel-threshold-string", VP, lambda: VP(panel(), thresholds=("x",)), "threshold",
     expect="error")
case("vulnerability_panel-not-panel", VP, lambda: VP(panel_frame()), "PovertyPanel", expect="error")
case("vulnerability_panel-status-panel", VP, lambda: VP(spanel()), "income", expect="error")
case("vulnerability_panel-single-obs", VP,
     lambda: VP(PP(panel_frame().query("not (id == 0 and t > 2015)"), "id", "t", income="inc", line=3.0,
                   gaps="split")), "observed once", "household")
case("vulnerability_panel-zero-income", VP, lambda: VP(panel(panel_frame().assign(inc=lambda d: d.inc.where(
    d.index != 0, 0.0)))), "income", "> 0")
case("vulnerability_panel-huge-income", VP, lambda: VP(PP(panel_frame().assign(inc=lambda d: d.inc * 1e307), "id",
                                                          "t", income="inc", line=3e307)), "large", "income")


def mon_frame():
    return pd.DataFrame({"id": [1, 1, 2, 2, 3, 3], "t": [2020, 2021] * 3,
                         "inc": [9000.0, 5000.0, 7000.0, 7200.0, 12000.0, 11000.0],
                         "exited": [1, 1, 1, 1, 0, 0], "risk": [0, 1, 0, 0, 0, 0],
                         "med": [100.0, 200.0, 300.0, 4000.0, 10.0, 10.0]})


MC = pe.monitor_classify


def _mc(df=None, **kw):
    return lambda: MC(mon_frame() if df is None else df, "id", "t", "inc", "exited", **kw)


case("monitor_classify-valid", MC, _mc())
case("monitor_classify-income-nan", MC, _mc(mon_frame().assign(inc=[np.nan, 5000.0, 7000.0, 7200.0, 1.0, 1.0])),
     "missing", "inc", expect="error")
case("monitor_classify-income-inf", MC, _mc(mon_frame().assign(inc=[np.inf, 5000.0, 7000.0, 7200.0, 1.0, 1.0])),
     "infinite", "inc", expect="error")
case("monitor_classify-income-negative", MC, _mc(mon_frame().assign(inc=[-5.0, 5000.0, 7000.0, 7200.0, 1.0,
                                                                         1.0])), "negative", "income")
case("monitor_classify-income-string", MC, _mc(mon_frame().assign(inc="x")), "inc", "numeric", expect="error")
case("monitor_classify-duplicate-keys", MC, _mc(pd.concat([mon_frame(), mon_frame().head(1)])), "share a key",
     expect="error")
case("monitor_classify-unknown", MC, lambda: MC(mon_frame(), "id", "t", "nope", "exited"), "nope",
     expect="error")
case("monitor_classify-exited-not-binary", MC, _mc(mon_frame().assign(exited=2)), "exited", "0/1",
     expect="error")
case("monitor_classify-exited-nan", MC, _mc(mon_frame().assign(exited=[np.nan, 1, 1, 1, 0, 0])), "missing",
     "exited", expect="error")
case("monitor_classify-empty", MC, _mc(mon_frame().iloc[:0]), "empty", expect="error")
case("monitor_classify-one-row", MC, _mc(mon_frame().iloc[:1]))
case("monitor_classify-data-not-frame", MC, lambda: MC([1], "id", "t", "inc", "exited"), "DataFrame",
     expect="error")
case("monitor_classify-guarantees-unknown", MC, _mc(guarantees={"health": "nope"}), "nope", expect="error")
case("monitor_classify-guarantees-list", MC, _mc(guarantees=["med"]), "guarantees", expect="error")
for pm in (-1.0, 0.0, float("nan"), "nope"):
    case(f"monitor_classify-provincial_mean-{pm!r}", MC, _mc(provincial_mean=pm), "provincial_mean", "nope",
         expect="error")
case("monitor_classify-rules-bogus", MC, _mc(rules={"threshold": 1}), "rules", "MonitorRules", expect="error")
for kw, ment in (({"threshold": -1.0}, "threshold"), ({"drop_share": 1.5}, "drop_share"),
                 ({"spike_share": -0.5}, "spike_share"), ({"near_tolerance": float("nan")}, "near_tolerance"),
                 ({"drop_share": "x"}, "drop_share")):
    case(f"MonitorRules-{kw!r}", pe.MonitorRules, lambda kw=kw: MC(mon_frame(), "id", "t", "inc", "exited",
                                                                     rules=pe.MonitorRules(**kw)), ment,
         expect="error")


def ew_panel():
    df = panel_frame(H=40, T=6, seed=4)
    df["flag"] = (df["x"] > 0.5).astype(int)
    return pe.PovertyPanel(df, "id", "t", income="inc", line=3.0)


EW = pe.evaluate_warning
case("evaluate_warning-valid", EW, lambda: EW(ew_panel(), "~ x", split=2018))
for sp in (1900, 2100, float("nan"), "x", None):
    case(f"evaluate_warning-split-{sp!r}", EW, lambda sp=sp: EW(ew_panel(), "~ x", split=sp), "split",
         expect="error")
for co in (-0.5, 1.5, float("nan"), "x"):
    case(f"evaluate_warning-cutoff-{co!r}", EW, lambda co=co: EW(ew_panel(), "~ x", split=2018, cutoff=co),
         "cutoff", expect="error")
case("evaluate_warning-flag-unknown", EW, lambda: EW(ew_panel(), "~ x", split=2018, flags=["nope"]), "nope",
     expect="error")
case("evaluate_warning-formula-unknown", EW, lambda: EW(ew_panel(), "~ nope", split=2018), "nope",
     expect="error")
case("evaluate_warning-link-bogus", EW, lambda: EW(ew_panel(), "~ x", split=2018, link="probit"), "link",
     expect="error")
case("evaluate_warning-not-panel", EW, lambda: EW(panel_frame(), "~ x", split=2018), "PovertyPanel",
     expect="error")
case("evaluate_warning-inf", EW, lambda: EW(pe.PovertyPanel(panel_frame(H=40, T=6, seed=4).assign(x=np.inf), "id",
                                                             "t", income="inc", line=3.0), "~ x", split=2018),
     "infinite", expect="error")

# --------------------------------------------------------------------------- SurveyDesign

SD = pe.SurveyDesign


def _sd(**kw):
    return lambda: pe.fgt(frame(), "inc", line=4.0, design=SD(**kw))


case("SurveyDesign-valid", SD, _sd(weights="w", strata="st", psu="psu"))
case("SurveyDesign-lonely-bogus", SD, _sd(weights="w", lonely_psu="drop"), "lonely_psu", expect="error")
case("SurveyDesign-strata-unknown", SD, _sd(weights="w", strata="nope"), "nope", expect="error")
case("SurveyDesign-psu-unknown", SD, _sd(weights="w", psu="nope"), "nope", expect="error")
case("SurveyDesign-weights-unknown", SD, _sd(weights="nope"), "nope", expect="error")
case("SurveyDesign-strata-nan", SD, _sd(weights="w", strata=[np.nan] + [1.0] * 9, psu="psu"), "missing", "strata",
     expect="error")
case("SurveyDesign-psu-nan", SD, _sd(weights="w", strata="st", psu=[np.nan] + [1.0] * 9), "missing", "psu",
     expect="error")
case("SurveyDesign-strata-short", SD, _sd(weights="w", strata=[1, 2]), "strata", expect="error")
case("SurveyDesign-fpc-nan", SD, _sd(weights="w", strata="st", psu="psu", fpc=nan_at(np.full(N, 10.0))), "fpc",
     expect="error")
case("SurveyDesign-fpc-negative", SD, _sd(weights="w", strata="st", psu="psu", fpc=np.full(N, -10.0)), "fpc",
     expect="error")
case("SurveyDesign-fpc-inf", SD, _sd(weights="w", strata="st", psu="psu", fpc=np.full(N, np.inf)), "fpc",
     expect="error")
case("SurveyDesign-fpc-below-psus", SD, _sd(weights="w", strata="st", psu="psu", fpc=np.full(N, 2.0)), "fpc",
     expect="error")
case("SurveyDesign-fpc-varies", SD, _sd(weights="w", strata="st", psu="psu", fpc=np.arange(N) + 10.0), "fpc",
     expect="error")
case("SurveyDesign-fpc-fraction-varies", SD, _sd(weights="w", strata="st", psu="psu",
                                                 fpc=np.linspace(0.1, 0.5, N)), "fpc", expect="error")
case("SurveyDesign-fpc-mixed", SD, _sd(weights="w", strata="st", psu="psu", fpc=np.r_[[0.5] * 5, [10.0] * 5]))
case("SurveyDesign-fpc-valid", SD, _sd(weights="w", strata="st", psu="psu", fpc=np.r_[[10.0] * 5, [0.5] * 5]))
case("SurveyDesign-fpc-exact", SD, _sd(weights="w", strata="st", psu="psu", fpc=np.r_[[3.0] * 5, [3.0] * 5]))
case("SurveyDesign-replicate-shape", SD, _sd(weights="w", replicate=np.ones((3, 2))), "replicate",
     expect="error")
case("SurveyDesign-replicate-nan", SD, _sd(weights="w", replicate=np.full((N, 2), np.nan)), "replicate",
     expect="error")
case("SurveyDesign-replicate-unknown", SD, _sd(weights="w", replicate=["r1", "r2"]), "r1", expect="error")
case("SurveyDesign-replicate-string", SD, _sd(weights="w", replicate="r1"), "replicate", expect="error")
case("SurveyDesign-replicate-one-column", SD, lambda: pe.fgt(frame(), "inc", line=4.0, se="replicate",
                                                             design=SD(weights="w", replicate=np.ones((N, 1)))),
     "replicate")
case("SurveyDesign-replicate-scale-nan", SD, lambda: pe.fgt(frame(), "inc", line=4.0, se="replicate", design=SD(
    weights="w", replicate=np.ones((N, 3)), replicate_scale=float("nan"))), "replicate_scale", expect="error")
case("SurveyDesign-replicate-scale-str", SD, lambda: pe.fgt(frame(), "inc", line=4.0, se="replicate", design=SD(
    weights="w", replicate=np.ones((N, 3)), replicate_scale="x")), "replicate_scale", expect="error")
case("SurveyDesign-replicate-rscales-length", SD, lambda: pe.fgt(frame(), "inc", line=4.0, se="replicate",
                                                                 design=SD(weights="w", replicate=np.ones((N, 3)),
                                                                           replicate_rscales=[1, 1])),
     "replicate_rscales", expect="error")
case("SurveyDesign-one-row", SD, lambda: pe.fgt(frame().iloc[:1], "inc", line=4.0,
                                                design=SD(weights="w", strata="st", psu="psu")),
     "one", "row", "observation", "single")
case("SurveyDesign-na-in-strata-no-na-hint", SD, _sd(weights="w", strata=np.r_[None, [1] * 9], psu="psu"),
     "missing", "strata", expect="error")
case("SurveyDesign-psu-single-per-stratum", SD, _sd(weights="w", strata="st", psu=np.r_[[1] * 5, [2] * 5]),
     "psu", "stratum")

# --------------------------------------------------------------------------- datasets


def _pkg_dir(tmp_path, content: bytes | None):
    root = tmp_path / "data"
    (root / "rtp").mkdir(parents=True)
    (root / "rtp" / "numbers.csv").write_text(",".join(f[0] for f in pe.datasets.NUMBER_FIELDS) + "\n",
                                               encoding="utf-8")
    if content is not None:
        (root / "datapackage.json").write_bytes(content)
    return root


PACKAGES = {
    "not-json": b"{not json",
    "binary": bytes(range(256)),
    "gbk": json.dumps({"resources": [], "title": "中文"}, ensure_ascii=False).encode("gbk"),
    "list": b"[1, 2]",
    "no-resources": b"{}",
    "resources-not-list": b'{"resources": 5}',
    "resource-no-name": b'{"resources": [{"path": "rtp/numbers.csv"}]}',
    "resource-no-path": b'{"resources": [{"name": "x"}]}',
    "resource-not-dict": b'{"resources": ["x"]}',
    "resource-no-schema": b'{"resources": [{"name": "x", "path": "rtp/numbers.csv"}]}',
    "resource-path-escapes": b'{"resources": [{"name": "x", "path": "../../etc/passwd", "schema": {"fields": []}}]}',
    "empty": b"",
    "missing": None,
}
for nm in PACKAGES:
    for op in ("names", "load", "verify"):
        CASES.append(Case(f"datasets.{op}-{nm}", getattr(pe.datasets, op), ("pkg", nm, op),
                          ("datapackage", "resource", "missing", "dataset", "x"), "any" if op == "verify" else "error"))
case("datasets.load-unknown", pe.datasets.load, lambda: pe.datasets.load("no_such_dataset"), "no_such_dataset",
     expect="error")
case("datasets.load-not-str", pe.datasets.load, lambda: pe.datasets.load(5), "dataset", "5", expect="error")


# --------------------------------------------------------------------------- curves, dominance, growth, indices, progressivity

def _df2():
    df = frame()
    df["t"] = [0, 1] * (N // 2)
    df["x"] = Y * 0.3
    return df


NEW = {  # each takes (data, **kw) with the tiny frame; income-like columns are "inc"
    "poverty_curve": (pe.poverty_curve, {"income": "inc", "lines": [3.0, 5.0], "band": None}),
    "quantile_curve": (pe.quantile_curve, {"income": "inc", "points": [0.25, 0.5], "band": None}),
    "lorenz_curve": (pe.lorenz_curve, {"income": "inc", "points": [0.25, 0.5], "band": None}),
    "dominance": (pe.dominance, {"income": "inc", "by": "g", "lines": [3.0, 5.0], "critical": "smm"}),
    "concentration": (pe.concentration, {"income": "inc", "variable": "x"}),
    "progressivity": (pe.progressivity, {"pre": "inc", "post": "s1"}),
    "growth_incidence": (pe.growth_incidence, {"income": "inc", "time": "t", "p": [0.5]}),
    "pro_poor_growth": (pe.pro_poor_growth, {"income": "inc", "line": 4.0, "time": "t"}),
    "rmpg": (pe.rmpg, {"income": "inc"}), "sgini": (pe.sgini, {"income": "inc"}),
    "zenga": (pe.zenga, {"income": "inc"}), "der_polarization": (pe.der_polarization, {"income": "inc"}),
    "watts_decomposition": (pe.watts_decomposition, {"income": "inc", "line": 4.0}),
}
for name, (fn, kw) in NEW.items():
    def _c(data=None, fn=fn, kw=kw, **extra):
        return lambda: fn(_df2() if data is None else data, **{**kw, **extra})
    col = "pre" if "pre" in kw else "income"
    nan_df = _df2()
    nan_df["inc"] = nan_at(Y)
    case(f"{name}-weights-negative", fn, _c(weights=np.r_[-1.0, W[1:]]), "negative", expect="error")
    case(f"{name}-column-unknown", fn, _c(**{col: "nope"}), "nope", expect="error")
    case(f"{name}-level-2", fn, _c(level=2), "level", expect="error")
    case(f"{name}-income-nan", fn, _c(nan_df), "missing", "nan", expect="error")
    case(f"{name}-bootstrap-no-seed", fn, _c(se="bootstrap", replicates=5), "seed", expect="error")


# --------------------------------------------------------------------------- the test

def _special(case_: Case, tmp_path, monkeypatch) -> Case:
    """Cases that need files: their ``call`` is a tuple (kind, payload, how)."""
    kind, payload, how = case_.call
    if kind in ("yaml", "json"):
        p = _yaml_file(tmp_path, payload, "spec." + ("yaml" if kind == "yaml" else "json"))
        arg = p if how == "path" else str(p)
        return Case(case_.id, case_.fn, lambda: case_.fn(arg), case_.mentions, case_.expect)
    if kind == "yaml-dir":
        d = tmp_path / "dir.yaml"
        d.mkdir()
        return Case(case_.id, case_.fn, lambda: case_.fn(d), case_.mentions, case_.expect)
    if kind == "pkg":
        root = _pkg_dir(tmp_path, PACKAGES[payload])
        monkeypatch.setenv("POVECON_DATA", str(root))
        fn = case_.fn
        if how == "load":
            call = lambda: fn("x")  # noqa: E731
        elif how == "verify":
            call = lambda: fn(root)  # noqa: E731
        else:
            call = fn
        return Case(case_.id, fn, call, case_.mentions, case_.expect)
    raise AssertionError(kind)


# new public functions of the chronic-poverty and MPI-association round
case("chronic_fgt-tau-out-of-range", pe.PovertyPanel.chronic_fgt, lambda: panel().chronic_fgt(tau=2.0), "tau",
     expect="error")
case("chronic_fgt-alpha-bogus", pe.PovertyPanel.chronic_fgt, lambda: panel().chronic_fgt(tau=0.5, alpha="x"), "alpha",
     expect="error")
case("mpi_association-na-bogus", pe.mpi_association, lambda: pe.mpi_association(mpi_frame(), SPEC, na="nope"),
     "na", expect="error")
case("mpi_association-weights-nan", pe.mpi_association,
     lambda: pe.mpi_association(mpi_frame().assign(w=[1, np.nan, 1, 1, 1, 1, 1, 1]), SPEC, weights="w"),
     "weights", expect="error")
case("mpi_association-design-not-a-design", pe.mpi_association,
     lambda: pe.mpi_association(mpi_frame(), SPEC, design="w"), "design", expect="error")
case("mpi-vulnerable-band-reversed", pe.mpi, _mpi(vulnerable=(0.3, 0.2)), "vulnerable", expect="error")
case("mpi-vulnerable-bogus", pe.mpi, _mpi(vulnerable="x"), "vulnerable", expect="error")


@pytest.mark.parametrize("c", [pytest.param(c, id=c.id, marks=c.marks) for c in CASES])
def test_bad_input(c: Case, request):
    if isinstance(c.call, tuple):  # only these need a folder (tmp_path costs time per case)
        c = _special(c, request.getfixturevalue("tmp_path"), request.getfixturevalue("monkeypatch"))
    run_case(c)


def test_battery_is_large_and_covers_every_family():
    assert len(CASES) >= 500
    fams = {c.id.split("-")[0].split(".")[0] for c in CASES}
    for need in ("fgt", "gini", "lorenz_fit", "grouped_poverty", "mpi", "MPISpec", "global_mpi",
                 "china_basic_needs", "mpi_k_curve", "mpi_dominance", "mpi_weight_robustness", "source_shares",
                 "gini_by_source", "shorrocks_by_source", "shapley_by_source", "by_subgroup", "datt_ravallion",
                 "shapley_poverty_change", "sectoral", "oaxaca_blinder", "PovertyPanel", "lpm_fe", "cre_probit",
                 "dynamic_probit", "fe_logit", "hausman", "reentry_hazard", "vulnerability_cjs",
                 "vulnerability_panel", "monitor_classify", "evaluate_warning", "SurveyDesign", "datasets"):
        assert need in fams, need


def test_hint_checker_catches_foreign_options():
    with pytest.raises(AssertionError, match="na"):
        check_hints("status has 1 missing value(s); pass na='drop'", pe.PovertyPanel)
    check_hints("income has 1 missing value(s); pass na='drop'", pe.fgt)
    check_hints("set SurveyDesign(lonely_psu='certainty')", pe.fgt)
    check_hints("weights= via headcount", pe.headcount)
    with pytest.raises(AssertionError, match="drop_absorbed"):
        check_hints("Set drop_absorbed=True to drop them", pe.lpm_fe)
