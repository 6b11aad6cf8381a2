"""The same quantity printed in two places: propose candidate pairs, read the decisions.

The pass proposes, the data decides. :func:`propose` lists pairs of printed numbers (both
reports, every numbers file) that may be one quantity printed twice:

* the same unit **family** (units convert through the unit table; labels, ranks and
  calendar years are not quantities that can be compared);
* the same **place** (``entity``, ignoring case) and the same **year** (``year`` as transcribed);
* **close labels**: the ``quantity`` names, as sets of ``_``-separated words with ``total``
  dropped, are equal or one contains the other (``total_area`` and ``land_area``);
* printed on different lines, and not already joined (directly or through a chain) by a
  declared ``same`` relation; of several pairs joining the same two groups only the first,
  in (seed, line, id) order, is proposed.

``data/cross/same_quantity.csv`` records the decision on every proposal (``same quantity``,
``different quantity`` or ``different date``) with a reason; a test fails when a proposal has
no row, so new data forces a decision. :func:`relations` turns each pair decided ``same
quantity`` into a ``same`` audit relation, compared after unit conversion.
"""

from __future__ import annotations

import itertools

import pandas as pd

from .. import datasets
from ..errors import ReproduceError
from .units import unit_table

DECISIONS = ("same quantity", "different quantity", "different date")
#: unit families whose values are not quantities a second printing could repeat
_NOT_QUANTITIES = frozenset({"label", "rank", "ratio part", "angle", "year"})
_DROP = frozenset({"total"})


def _words(quantity: str) -> frozenset[str]:
    return frozenset(quantity.split("_")) - _DROP


def _close(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def _components(rels: pd.DataFrame) -> dict[str, str]:
    """Union-find over the declared ``same`` relations: each id's group representative."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for target, inputs in zip(rels.loc[rels["relation"] == "same", "target"], rels.loc[rels["relation"] == "same", "inputs"]):
        ids = ([target] if target else []) + inputs.split()
        for other in ids[1:]:
            a, b = find(ids[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {x: find(x) for x in list(parent)}


def _base_units(table) -> dict[str, str]:
    base: dict[str, str] = {}
    for name in sorted(table):
        u = table[name]
        if u.factor == 1.0:
            base.setdefault(u.family, name)
    return base


def propose(numbers: pd.DataFrame, rels: pd.DataFrame) -> pd.DataFrame:
    """Candidate pairs of the same quantity printed twice.

    Parameters
    ----------
    numbers : pandas.DataFrame
        Every printed number (``audit.all_numbers()``); not modified.
    rels : pandas.DataFrame
        Every declared relation (``audit.all_relations()``).

    Returns
    -------
    pandas.DataFrame
        One row per proposed pair with the columns of ``same_quantity.csv`` except
        ``decision`` and ``reason``, sorted by ``pair``.
    """
    table = unit_table()
    base = _base_units(table)
    group = _components(rels)
    nums = numbers[numbers["value"].notna()].reset_index(drop=True)
    nums["family_"] = [table[u].family for u in nums["unit"]]
    nums = nums[~nums["family_"].isin(_NOT_QUANTITIES)]
    nums["place_"] = nums["entity"].str.strip().str.lower()
    nums = nums.sort_values(["seed", "line", "id"], kind="stable")
    rows, joined = [], set()
    for _, g in nums.groupby(["family_", "place_", "year"], sort=True):
        recs = list(g.itertuples(index=False))
        for a, b in itertools.combinations(recs, 2):
            if (a.seed, a.line) == (b.seed, b.line) or not _close(a.quantity, b.quantity):
                continue
            ga, gb = group.get(a.id, a.id), group.get(b.id, b.id)
            key = tuple(sorted((ga, gb)))
            if ga == gb or key in joined:
                continue
            joined.add(key)
            first, second = sorted((a, b), key=lambda r: r.id)
            unit = base.get(first.family_, first.family_)
            rows.append({
                "pair": f"{first.id} {second.id}",
                "first_line": f"{first.seed}:{first.line}",
                "second_line": f"{second.seed}:{second.line}",
                "first_label": " ".join(x for x in (first.entity, first.quantity, first.year) if x),
                "second_label": " ".join(x for x in (second.entity, second.quantity, second.year) if x),
                "first_base": f"{first.value * table[first.unit].factor:.10g}",
                "second_base": f"{second.value * table[second.unit].factor:.10g}",
                "base_unit": unit,
            })
    cols = [f[0] for f in datasets.SAME_QUANTITY_FIELDS if f[0] not in ("decision", "reason")]
    return pd.DataFrame(rows, columns=cols).sort_values("pair", kind="stable").reset_index(drop=True)


def decisions() -> pd.DataFrame:
    """The reviewed decisions of every ``same_quantity*.csv`` of the data package.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``pair``.

    Raises
    ------
    ReproduceError
        An unknown decision, a pair listed twice, or a decision without a reason.
    """
    frames = [datasets.load(n) for n in datasets.names("same_quantity")]
    if not frames:
        return pd.DataFrame(columns=[f[0] for f in datasets.SAME_QUANTITY_FIELDS]).set_index("pair")
    dec = pd.concat(frames, ignore_index=True)
    bad = dec.loc[~dec["decision"].isin(DECISIONS), ["pair", "decision"]]
    if len(bad):
        raise ReproduceError(f"same_quantity: unknown decision(s) {bad.values.tolist()[:5]}; known: {', '.join(DECISIONS)}")
    if (dec["reason"].str.strip() == "").any():
        raise ReproduceError(f"same_quantity: no reason for {dec.loc[dec['reason'].str.strip() == '', 'pair'].tolist()[:5]}")
    if dec["pair"].duplicated().any():
        raise ReproduceError(f"same_quantity: pairs listed twice: {dec.loc[dec['pair'].duplicated(), 'pair'].tolist()[:5]}")
    return dec.set_index("pair")


def relations(numbers: pd.DataFrame) -> pd.DataFrame:
    """A ``same`` audit relation for every pair decided ``same quantity``.

    The number printed first (seed, line) is the target, the other the input; the audit
    converts the input into the target's unit through the unit table.

    Parameters
    ----------
    numbers : pandas.DataFrame
        Every printed number, indexed by id.

    Returns
    -------
    pandas.DataFrame
        Relation rows (``claim`` ``<finding>.sq<NN>``, numbered in pair order per finding).

    Raises
    ------
    ReproduceError
        A decided pair names a number that is not transcribed.
    """
    dec = decisions()
    rows, seen = [], {}
    for pair, d in dec[dec["decision"] == "same quantity"].iterrows():
        ids = pair.split()
        missing = [i for i in ids if i not in numbers.index]
        if len(ids) != 2 or missing:
            raise ReproduceError(f"same_quantity: pair {pair!r} does not name two transcribed numbers")
        target, other = sorted(ids, key=lambda i: (numbers.loc[i, "seed"], int(numbers.loc[i, "line"]), i))
        finding = numbers.loc[target, "finding"]
        seen[finding] = seen.get(finding, 0) + 1
        rows.append({
            "claim": f"{finding}.sq{seen[finding]:02d}", "finding": finding, "target": target,
            "relation": "same", "inputs": other, "params": "",
            "description": f"Same quantity printed twice (same-quantity pass): {d['reason']}",
        })
    return pd.DataFrame(rows, columns=[f[0] for f in datasets.RELATION_FIELDS])
