"""Shapley values of a small cooperative game (exact, or by sampled orderings)."""

from __future__ import annotations

from itertools import combinations
from math import factorial
from typing import Callable

import numpy as np


def shapley_values(v: Callable[[int], float], k: int, *, exact: bool = True,
                   permutations: int = 0, seed: int | None = None) -> np.ndarray:
    """Shapley values of ``k`` players for the characteristic function ``v(mask)``.

    ``mask`` is a bitmask of the players "present". Exact: every subset once
    (``2**k`` calls). Otherwise ``permutations`` random orderings (seeded); each
    ordering's marginal contributions sum to ``v(all) - v(none)``, so the sampled
    values still add up exactly.
    """
    cache: dict[int, float] = {}

    def val(mask: int) -> float:
        if mask not in cache:
            cache[mask] = float(v(mask))
        return cache[mask]

    phi = np.zeros(k)
    if exact:
        for j in range(k):
            others = [i for i in range(k) if i != j]
            for size in range(k):
                wgt = factorial(size) * factorial(k - size - 1) / factorial(k)
                for sub in combinations(others, size):
                    mask = sum(1 << i for i in sub)
                    phi[j] += wgt * (val(mask | (1 << j)) - val(mask))
        return phi
    rng = np.random.default_rng(seed)
    for _ in range(permutations):
        mask = 0
        for j in rng.permutation(k):
            new = mask | (1 << int(j))
            phi[j] += val(new) - val(mask)
            mask = new
    return phi / permutations
