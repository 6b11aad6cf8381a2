"""The parameter descriptions every estimator shares, written once for all their docstrings.

Each entry is a numpydoc parameter (name line, then its text indented by eight spaces);
``block`` joins entries at a docstring's four-space parameter indentation.
"""

from __future__ import annotations

WEIGHTS = """weights : str or array-like, optional
        Sampling weights (inverse inclusion probabilities), a column of ``data``
        or an array; None gives every observation weight 1. Give ``weights`` or
        ``design``, not both."""

DESIGN = """design : SurveyDesign, optional
        The sample design (weights, strata, PSUs, finite-population correction,
        replicate weights); standard errors then reflect stratification and
        clustering."""

DOMAIN = """domain : str or array-like of bool, optional
        Marks a subpopulation (True or 1). It is estimated with the full design,
        as R ``survey::subset`` does, so its standard error allows for the random
        domain size."""

NA = """na : {"raise", "drop"}, default "raise"
        Missing values in the columns used: ``"raise"`` raises
        :class:`InputError`; ``"drop"`` drops those rows (from the design as
        well) and reports their count as ``n_dropped``."""

SE = """se : {"linearized", "bootstrap", "replicate", None}, default "linearized"
        Standard errors: ``"linearized"`` (Taylor / influence-function variance
        under the design), ``"bootstrap"`` (Rao-Wu-Yue rescaled bootstrap of
        PSUs; needs ``seed``), ``"replicate"`` (the design's replicate weights)
        or None (point estimate only)."""

LEVEL = """level : float, default 0.95
        Confidence level of the intervals, in (0, 1)."""

REPLICATES = """replicates : int, default 500
        Number of bootstrap replicates (used with ``se="bootstrap"``)."""

SEED = """seed : int, optional
        Seed of the bootstrap. Required with ``se="bootstrap"``: no random step
        runs unseeded."""


def by(result: str) -> str:
    """The ``by`` parameter, ending with what the result holds per group."""
    return f"""by : str or array-like, optional
        Grouping variable. Each group is estimated as a domain of the full design
        {result}."""


def block(*entries: str) -> str:
    """Entries joined as consecutive parameters (the first without its indentation)."""
    return "\n    ".join(entries)
