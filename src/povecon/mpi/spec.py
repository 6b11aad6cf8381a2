"""What an Alkire-Foster measure counts: dimensions, indicators, weights, cutoffs.

Conventions
-----------
* An indicator is ``binary`` (a 0/1 column, 1 = deprived), ``ordinal`` or
  ``cardinal`` (a variable with a deprivation cutoff ``z`` and a direction:
  ``"below"`` means deprived when ``x < z``, ``"at_or_below"`` when ``x <= z``,
  ``"above"`` when ``x > z``, ``"at_or_above"`` when ``x >= z``).
* Only cardinal indicators have normalized gaps ``g = (z - x) / z`` (Alkire and
  Foster 2011, eq. 2), so M1 and M2 exist only when every indicator is cardinal,
  deprived below a positive cutoff.
* Weights are nested. With no weights, dimensions share 1 equally and each
  dimension's share is split equally among its indicators. ``dimension`` weights
  alone must sum to 1 and are split equally within. Indicator weights are
  *overall* weights (the global MPI's 1/6 and 1/18) and must, all together, sum
  to 1; dimension weights, if also given, must equal the sum of their
  indicators' weights. Weights may be written as numbers or as ``"1/6"``.
* Poverty cutoffs ``k`` are fractions in (0, 1]. The single rule for mpitb-style
  integer percents: a value greater than 1 is read as a percent and must be an
  integer in (1, 100] (``33`` means 0.33). ``1`` is therefore the fraction 1
  (poor only if deprived in everything); write 1 percent as ``0.01``.
* A person is poor when the weighted deprivation score ``c >= k - 1e-9``: the
  tolerance keeps ``k = 1/3`` and three weights of 1/9 from disagreeing in the
  last bit of floating point.
* Destitution (OPHI): an indicator may carry a second, stricter deprivation
  rule (``destitution_cutoff``, ``destitution_direction``,
  ``destitution_variable``). A person is destitute when deprived at those rules
  in ``>= k`` of the weighted indicators; an indicator without a destitution
  rule counts with its poverty deprivation (OPHI keeps electricity and housing
  at their poverty cutoffs).
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np

from .._compat import REMOVAL, deprecated_alias, renamed_parameters
from ..errors import SpecError

DIRECTIONS = ("below", "at_or_below", "above", "at_or_above")
KINDS = ("binary", "ordinal", "cardinal")
WEIGHT_TOL = 1e-9
K_TOL = 1e-9  # scores are held on a 1e-9 grid for the score distribution and k-curves


def _number(value: Any, what: str) -> float:
    """A weight or cutoff written as a number or a fraction string like '1/6'."""
    if isinstance(value, bool):
        raise SpecError(f"{what} must be a number, got {value!r}")
    try:
        v = float(Fraction(value)) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise SpecError(f"{what} must be a number or a fraction like '1/6', got {value!r}") from None
    if not np.isfinite(v):
        raise SpecError(f"{what} must be finite, got {value!r}")
    return v


@dataclass(frozen=True)
class Indicator:
    """One deprivation indicator.

    Parameters
    ----------
    name : str
        Indicator name, unique within the spec.
    variable : str
        The data column.
    cutoff : float, optional
        Deprivation cutoff ``z``; None makes the indicator binary (the column
        holds 0/1 with 1 = deprived).
    direction : {"below", "at_or_below", "above", "at_or_above"}, default "below"
        Deprived when the variable is below (``x < z``), at or below, above or
        at or above the cutoff.
    kind : {"binary", "ordinal", "cardinal"}, optional
        Measurement scale; None infers binary (no cutoff) or cardinal. Only
        cardinal indicators have normalised gaps (M1, M2).
    weight : float or str, optional
        Overall weight (the global MPI's 1/6 and 1/18; a number or ``"1/6"``);
        None gives nested equal weights.
    label : str, default ""
        Display label.
    destitution_cutoff : float, optional
        Deprivation cutoff of the destitution measure (OPHI), applied to
        ``destitution_variable`` (default ``variable``) with
        ``destitution_direction``. None with no ``destitution_variable``: the
        indicator counts in destitution with its poverty deprivation.
    destitution_direction : {"below", "at_or_below", "above", "at_or_above"}, optional
        Direction of the destitution cutoff; default ``direction``.
    destitution_variable : str, optional
        Column the destitution rule reads. Without ``destitution_cutoff`` it is a
        0/1 column (1 = destitute in this indicator).

    Raises
    ------
    SpecError
        An unknown direction or kind, or a cutoff inconsistent with the kind.
    """

    name: str
    variable: str
    cutoff: float | None = None
    direction: str = "below"
    kind: str | None = None
    weight: float | None = None
    label: str = ""
    destitution_cutoff: float | None = None
    destitution_direction: str | None = None
    destitution_variable: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise SpecError(f"indicator name must be a non-empty string, got {self.name!r}")
        if not isinstance(self.variable, str) or not self.variable:
            raise SpecError(f"indicator {self.name!r}: variable must be a column name, got {self.variable!r}")
        if self.direction not in DIRECTIONS:
            raise SpecError(f"indicator {self.name!r}: direction must be one of {DIRECTIONS}, got {self.direction!r}")
        kind = self.kind or ("binary" if self.cutoff is None else "ordinal")
        if kind not in KINDS:
            raise SpecError(f"indicator {self.name!r}: kind must be one of {KINDS}, got {kind!r}")
        object.__setattr__(self, "kind", kind)
        if kind == "binary":
            if self.cutoff is not None:
                raise SpecError(f"indicator {self.name!r}: a binary (0/1) indicator takes no cutoff")
        else:
            if self.cutoff is None:
                raise SpecError(f"indicator {self.name!r}: a {kind} indicator needs a cutoff")
            object.__setattr__(self, "cutoff", _number(self.cutoff, f"cutoff of {self.name!r}"))
        if kind == "cardinal":
            if self.direction not in ("below", "at_or_below"):
                raise SpecError(
                    f"indicator {self.name!r}: cardinal indicators are deprived below the cutoff "
                    "(normalized gap (z - x) / z); recode the variable or declare it ordinal"
                )
            if self.cutoff <= 0:
                raise SpecError(f"indicator {self.name!r}: a cardinal cutoff must be > 0, got {self.cutoff}")
        if self.weight is not None:
            w = _number(self.weight, f"weight of {self.name!r}")
            if w <= 0:
                raise SpecError(f"indicator {self.name!r}: weight must be > 0, got {self.weight!r}")
            object.__setattr__(self, "weight", w)
        if self.destitution_direction is not None and self.destitution_direction not in DIRECTIONS:
            raise SpecError(f"indicator {self.name!r}: destitution_direction must be one of {DIRECTIONS}, "
                            f"got {self.destitution_direction!r}")
        if self.destitution_variable is not None and (not isinstance(self.destitution_variable, str)
                                                      or not self.destitution_variable):
            raise SpecError(f"indicator {self.name!r}: destitution_variable must be a column name, "
                            f"got {self.destitution_variable!r}")
        if self.destitution_cutoff is not None:
            if kind == "binary" and self.destitution_variable is None:
                raise SpecError(f"indicator {self.name!r}: a binary (0/1) indicator has no cutoff to make "
                                "stricter; give destitution_variable (a 0/1 column) instead")
            object.__setattr__(self, "destitution_cutoff",
                               _number(self.destitution_cutoff, f"destitution cutoff of {self.name!r}"))
        elif self.destitution_direction is not None:
            raise SpecError(f"indicator {self.name!r}: destitution_direction needs a destitution_cutoff")

    @property
    def has_destitution(self) -> bool:
        """True when the indicator has its own destitution rule."""
        return self.destitution_cutoff is not None or self.destitution_variable is not None

    @property
    def destitution_rule(self) -> "Indicator":
        """The destitution rule as an indicator of its own (the poverty rule when there is none)."""
        if not self.has_destitution:
            return self
        var = self.destitution_variable or self.variable
        if self.destitution_cutoff is None:
            return Indicator(self.name, var, kind="binary")
        return Indicator(self.name, var, cutoff=self.destitution_cutoff,
                         direction=self.destitution_direction or self.direction, kind="ordinal")


@dataclass(frozen=True)
class Dimension:
    """A named group of indicators.

    Parameters
    ----------
    name : str
        Dimension name.
    indicators : tuple of Indicator
        Its indicators, at least one.
    weight : float or str, optional
        The dimension's share of the total weight; None takes equal shares, or
        the sum of its indicators' weights.
    """

    name: str
    indicators: tuple[Indicator, ...]
    weight: float | None = None

    def __post_init__(self) -> None:
        if not self.indicators:
            raise SpecError(f"dimension {self.name!r} has no indicators")
        bad = [i for i in self.indicators if not isinstance(i, Indicator)]
        if bad:
            raise SpecError(f"dimension {self.name!r}: indicators must be Indicator objects, got {bad[:3]!r}; "
                            "or build the spec from a mapping {dimension: {indicator: rule}}")
        object.__setattr__(self, "indicators", tuple(self.indicators))
        if self.weight is not None:
            w = _number(self.weight, f"weight of dimension {self.name!r}")
            if w <= 0:
                raise SpecError(f"dimension {self.name!r}: weight must be > 0, got {self.weight!r}")
            object.__setattr__(self, "weight", w)


def _indicator_from(name: str, entry: Any) -> Indicator:
    if isinstance(entry, Indicator):
        return entry
    if isinstance(entry, str):
        return Indicator(name=name, variable=entry)
    if not isinstance(entry, Mapping):
        raise SpecError(f"indicator {name!r} must be a column name or a mapping, got {type(entry).__name__}")
    allowed = {"variable", "cutoff", "direction", "kind", "weight", "label", "destitution_cutoff",
               "destitution_direction", "destitution_variable"}
    extra = set(entry) - allowed
    if extra:
        raise SpecError(f"indicator {name!r} has unknown key(s) {sorted(extra)}; allowed: {sorted(allowed)}")
    return Indicator(name=name, variable=entry.get("variable", name), cutoff=entry.get("cutoff"),
                     direction=entry.get("direction", "below"), kind=entry.get("kind"),
                     weight=entry.get("weight"), label=entry.get("label", ""),
                     destitution_cutoff=entry.get("destitution_cutoff"),
                     destitution_direction=entry.get("destitution_direction"),
                     destitution_variable=entry.get("destitution_variable"))


@dataclass(frozen=True)
class MPISpec:
    """An Alkire-Foster specification: ordered dimensions of indicators and their weights.

    Weights are nested: with none given, dimensions share 1 equally and each
    dimension's share is split equally among its indicators.

    Parameters
    ----------
    dimensions : mapping or sequence of Dimension
        A mapping ``{dimension: {indicator: rule}}`` (or ``{dimension:
        {"weight": w, "indicators": {...}}}``), or Dimension objects. A rule is
        a column name (a binary 0/1 column) or a mapping with keys
        ``variable, cutoff, direction, kind, weight, label`` and, for the
        destitution measure, ``destitution_cutoff, destitution_direction,
        destitution_variable``.
    k : float or sequence, optional
        Default poverty cutoff(s) of ``pe.mpi``: fractions in (0, 1] or integer
        percents in (1, 100].
    name : str, default "MPI"
        Name of the measure.

    Raises
    ------
    SpecError
        Weights that do not sum to 1, duplicate names, or invalid rules.

    Examples
    --------
    >>> import povecon as pe
    >>> spec = pe.MPISpec({"living": {"water": "d_water", "power": "d_power"}, "health": {"ill": "d_ill"}}, k=1/3)
    >>> spec.weight_of("water"), spec.weight_of("ill")
    (0.25, 0.5)
    """

    dimensions: Any
    k: Any = None
    name: str = "MPI"
    indicators: tuple[Indicator, ...] = field(init=False, repr=False)
    indicator_weights: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        dims = self.dimensions
        if isinstance(dims, Mapping):
            built = []
            for dname, body in dims.items():
                dweight = None
                if isinstance(body, Mapping) and "indicators" in body:
                    extra = set(body) - {"indicators", "weight"}
                    if extra:
                        raise SpecError(f"dimension {dname!r} has unknown key(s) {sorted(extra)}")
                    dweight, body = body.get("weight"), body["indicators"]
                if isinstance(body, (list, tuple)):
                    inds = tuple(_indicator_from(e if isinstance(e, str) else getattr(e, "name", "?"), e)
                                 for e in body)
                elif isinstance(body, Mapping):
                    inds = tuple(_indicator_from(iname, e) for iname, e in body.items())
                else:
                    raise SpecError(f"dimension {dname!r} must map indicator names to rules")
                built.append(Dimension(str(dname), inds, dweight))
            dims = tuple(built)
        elif isinstance(dims, (list, tuple)) and all(isinstance(d, Dimension) for d in dims):
            dims = tuple(dims)
        else:
            raise SpecError("dimensions must be a mapping {dimension: {indicator: rule}} or a list of Dimension")
        if not dims:
            raise SpecError("a specification needs at least one dimension")
        names = [d.name for d in dims]
        if len(set(names)) != len(names):
            raise SpecError(f"dimension names repeat: {names}")
        inds = tuple(i for d in dims for i in d.indicators)
        inames = [i.name for i in inds]
        dup = sorted({x for x in inames if inames.count(x) > 1})
        if dup:
            raise SpecError(f"indicator names repeat: {dup}")
        object.__setattr__(self, "dimensions", dims)
        object.__setattr__(self, "indicators", inds)
        object.__setattr__(self, "indicator_weights", self._nested_weights(dims))
        if self.k is not None:
            object.__setattr__(self, "k", tuple(normalize_k(self.k)))

    @staticmethod
    def _nested_weights(dims: tuple[Dimension, ...]) -> np.ndarray:
        inds = [i for d in dims for i in d.indicators]
        given = [i.weight is not None for i in inds]
        if any(given) and not all(given):
            missing = [i.name for i in inds if i.weight is None]
            raise SpecError(f"give a weight to every indicator or to none; missing for {missing}")
        if all(given):
            w = np.array([i.weight for i in inds], dtype=np.float64)
            if abs(w.sum() - 1.0) > WEIGHT_TOL:
                raise SpecError(f"indicator weights must sum to 1, they sum to {w.sum():.12g}")
            pos = 0
            for d in dims:
                m = len(d.indicators)
                if d.weight is not None and abs(w[pos:pos + m].sum() - d.weight) > WEIGHT_TOL:
                    raise SpecError(
                        f"dimension {d.name!r} has weight {d.weight:g} but its indicators' weights "
                        f"sum to {w[pos:pos + m].sum():.12g}"
                    )
                pos += m
            return w
        dgiven = [d.weight is not None for d in dims]
        if any(dgiven) and not all(dgiven):
            raise SpecError("give a weight to every dimension or to none")
        dw = np.array([d.weight for d in dims], float) if all(dgiven) else np.full(len(dims), 1.0 / len(dims))
        if abs(dw.sum() - 1.0) > WEIGHT_TOL:
            raise SpecError(f"dimension weights must sum to 1, they sum to {dw.sum():.12g}")
        return np.concatenate([np.full(len(d.indicators), dw[j] / len(d.indicators)) for j, d in enumerate(dims)])

    # --- views ---------------------------------------------------------------
    @property
    def weights(self) -> np.ndarray:
        """Deprecated name of :attr:`indicator_weights` (``weights`` means sampling weights in povecon)."""
        warnings.warn("MPISpec.weights is now MPISpec.indicator_weights (weights are sampling weights in "
                      f"povecon); the old name will be removed in {REMOVAL}", DeprecationWarning, stacklevel=2)
        return self.indicator_weights

    @property
    def indicator_names(self) -> list[str]:
        return [i.name for i in self.indicators]

    @property
    def variables(self) -> list[str]:
        return [i.variable for i in self.indicators]

    @property
    def dimension_of(self) -> dict[str, str]:
        return {i.name: d.name for d in self.dimensions for i in d.indicators}

    @property
    def has_destitution(self) -> bool:
        """True when some indicator has a destitution rule (so ``pe.mpi`` estimates destitution)."""
        return any(i.has_destitution for i in self.indicators)

    @property
    def destitution_variables(self) -> list[str]:
        """The columns the destitution rules read (beyond :attr:`variables`)."""
        out = [i.destitution_variable for i in self.indicators if i.destitution_variable is not None]
        return [v for v in dict.fromkeys(out) if v not in self.variables]

    @property
    def cardinal(self) -> bool:
        """True when M1 and M2 are defined (every indicator cardinal)."""
        return all(i.kind == "cardinal" for i in self.indicators)

    def weight_of(self, indicator: str) -> float:
        """The overall weight of one indicator.

        Parameters
        ----------
        indicator : str
            Indicator name.

        Returns
        -------
        float

        Raises
        ------
        SpecError
            An unknown indicator.
        """
        return float(self.indicator_weights[self._index(indicator)])

    def _index(self, indicator: str) -> int:
        try:
            return self.indicator_names.index(indicator)
        except ValueError:
            raise SpecError(f"unknown indicator {indicator!r}; the spec has {self.indicator_names}") from None

    @renamed_parameters(weights="indicator_weights")
    def with_indicator_weights(self, indicator_weights: Mapping[str, Any]) -> "MPISpec":
        """The same spec with new indicator weights.

        Parameters
        ----------
        indicator_weights : mapping of str to float
            Every indicator to its overall weight, or every dimension to its
            weight (split equally within); not both. (Formerly ``weights``.)

        Returns
        -------
        MPISpec

        Raises
        ------
        SpecError
            Unknown names, a mix of indicator and dimension names, or weights not summing to 1.
        """
        weights = indicator_weights
        if not isinstance(weights, Mapping):
            raise SpecError("indicator weights must be a mapping of indicator or dimension names to weights")
        keys = set(weights)
        dnames = {d.name for d in self.dimensions}
        inames = set(self.indicator_names)
        unknown = keys - dnames - inames
        if unknown:
            raise SpecError(f"unknown indicator or dimension name(s) {sorted(unknown)}")
        if keys <= dnames and keys:
            dims = tuple(Dimension(d.name, tuple(_replace_weight(i, None) for i in d.indicators), weights.get(d.name))
                         for d in self.dimensions)
        else:
            if keys & dnames:
                raise SpecError("give weights either by indicator or by dimension, not both")
            dims = tuple(Dimension(d.name, tuple(_replace_weight(i, weights.get(i.name)) for i in d.indicators))
                         for d in self.dimensions)
        return MPISpec(dims, k=self.k, name=self.name)

    def to_dict(self) -> dict[str, Any]:
        """The spec as a plain mapping (the form ``from_dict`` reads).

        Returns
        -------
        dict
            ``name``, ``k`` (if set) and ``dimensions`` with every indicator's rule and overall weight.
        """
        out: dict[str, Any] = {"name": self.name, "dimensions": {}}
        if self.k is not None:
            out["k"] = list(self.k)
        for d in self.dimensions:
            inds = {}
            for i in d.indicators:
                rule: dict[str, Any] = {"variable": i.variable, "kind": i.kind,
                                        "weight": self.weight_of(i.name)}
                if i.cutoff is not None:
                    rule.update(cutoff=i.cutoff, direction=i.direction)
                if i.label:
                    rule["label"] = i.label
                for key in ("destitution_cutoff", "destitution_direction", "destitution_variable"):
                    if getattr(i, key) is not None:
                        rule[key] = getattr(i, key)
                inds[i.name] = rule
            out["dimensions"][d.name] = {"indicators": inds}
        return out

    # --- constructors --------------------------------------------------------
    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> "MPISpec":
        """Build a spec from a mapping with ``dimensions`` (and optionally ``name``, ``k``).

        Parameters
        ----------
        spec : mapping
            ``{"dimensions": {...}, "k": ..., "name": ...}``, e.g. what
            :meth:`to_dict` returns or a parsed YAML file.

        Returns
        -------
        MPISpec

        Raises
        ------
        SpecError
            A missing ``dimensions`` key or unknown top-level keys.
        """
        if not isinstance(spec, Mapping) or "dimensions" not in spec:
            raise SpecError("a spec mapping needs a 'dimensions' key (and optionally 'name', 'k')")
        extra = set(spec) - {"dimensions", "k", "name"}
        if extra:
            raise SpecError(f"unknown top-level key(s) {sorted(extra)}; allowed: dimensions, k, name")
        return cls(spec["dimensions"], k=spec.get("k"), name=str(spec.get("name", "MPI")))

    @classmethod
    def from_yaml(cls, source: str | Path) -> "MPISpec":
        """Build a spec from YAML.

        Parameters
        ----------
        source : str or pathlib.Path
            A path to a ``.yaml``/``.yml`` file, or the YAML text itself.

        Returns
        -------
        MPISpec

        Raises
        ------
        SpecError
            Text that does not parse, or an invalid spec.
        """
        import yaml

        text = _read_text(source, (".yaml", ".yml"))
        try:
            obj = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SpecError(f"cannot parse the YAML spec: {exc}") from None
        return cls.from_dict(obj)

    @classmethod
    def from_json(cls, source: str | Path) -> "MPISpec":
        """Build a spec from JSON.

        Parameters
        ----------
        source : str or pathlib.Path
            A path to a ``.json`` file, or the JSON text itself.

        Returns
        -------
        MPISpec

        Raises
        ------
        SpecError
            Text that does not parse, or an invalid spec.
        """
        text = _read_text(source, (".json",))
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(f"cannot parse the JSON spec: {exc}") from None
        return cls.from_dict(obj)


MPISpec.with_weights = renamed_parameters(weights="indicator_weights")(
    deprecated_alias(MPISpec.with_indicator_weights.__wrapped__, "MPISpec.with_weights",
                     "MPISpec.with_indicator_weights"))


def _replace_weight(ind: Indicator, w: Any) -> Indicator:
    return dataclasses.replace(ind, weight=w)


def _read_text(source: str | Path, suffixes: tuple[str, ...]) -> str:
    if isinstance(source, Path) or (isinstance(source, str) and source.endswith(suffixes) and "\n" not in source):
        p = Path(source)
        if not p.exists():
            raise SpecError(f"spec file {str(p)!r} does not exist")
        if not p.is_file():
            raise SpecError(f"spec file {str(p)!r} is not a file (a directory?)")
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise SpecError(f"cannot read the spec file {str(p)!r}: {exc}") from None
        if b"\x00" in raw:
            raise SpecError(f"spec file {str(p)!r} is binary (it contains NUL bytes), not a UTF-8 text spec")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SpecError(f"spec file {str(p)!r} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
                            "save it as UTF-8 (a GBK or UTF-16 file must be re-encoded)") from None
    if not isinstance(source, str):
        raise SpecError(f"a spec is a file path or the spec text, got {type(source).__name__}")
    return source


def normalize_k(k: Any) -> list[float]:
    """Poverty cutoffs as sorted unique fractions in (0, 1].

    Parameters
    ----------
    k : float, int or sequence
        Fractions in (0, 1], or integer percents in (1, 100] (``33`` means
        0.33). ``1`` is the fraction 1; write 1 percent as ``0.01``.

    Returns
    -------
    list of float

    Raises
    ------
    SpecError
        A value outside those ranges, or a non-integer percent.
    """
    values: Iterable[Any] = k if isinstance(k, (list, tuple, np.ndarray)) else [k]
    out = []
    for v in values:
        x = _number(v, "k")
        if x > 1:
            if x > 100 or x != int(x):
                raise SpecError(
                    f"k {v!r} is out of range: give a fraction in (0, 1] or an integer percent in (1, 100]"
                )
            x = x / 100.0
        if not 0 < x <= 1:
            raise SpecError(f"k {v!r} is out of range: give a fraction in (0, 1] or an integer percent in (1, 100]")
        out.append(x)
    if not out:
        raise SpecError("give at least one poverty cutoff k")
    return sorted(set(out))
