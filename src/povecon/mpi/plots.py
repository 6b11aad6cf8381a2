"""Figures of an ``MPIResult`` (matplotlib; each function returns the Figure)."""

from __future__ import annotations

import numpy as np

from ..errors import InputError

ALL = "all"


def _figure(ax=None, figsize=(7, 4)):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def contributions(res, k=None, time=None, ax=None):
    """Stacked bars of percentage contributions (one bar per group, or per round)."""
    kk = res._k(k)
    f = res.frame
    f = f[(f["measure"] == "pctb") & np.isclose(f["k"].to_numpy(), kk)]
    if res.time is not None and time is not None:
        f = f[f["time"] == time]
    xcol = "time" if res.time is not None and time is None and not res.by else "group"
    if res.time is not None and time is None and res.by:
        raise InputError("with both by= and time=, choose a round: plot('contributions', time=...)")
    table = f.pivot_table(index=xcol, columns="indicator", values="value", aggfunc="first", sort=False)
    table = table[[c for c in res.spec.indicator_names if c in table.columns]]
    fig, ax = _figure(ax)
    bottom = np.zeros(len(table))
    labels = [str(x) for x in table.index]
    for name in table.columns:
        vals = np.nan_to_num(table[name].to_numpy(dtype=float))
        ax.bar(labels, vals, bottom=bottom, label=name)
        bottom += vals
    ax.set_ylabel("contribution to M0 (%)")
    ax.set_title(f"Percentage contributions, k = {kk:.3g}")
    ax.legend(fontsize="small", ncol=2, bbox_to_anchor=(1.02, 1), loc="upper left")
    fig.tight_layout()
    return fig


def kcurve(res, group=ALL, time=None, ax=None):
    """M0 and H over every poverty cutoff k."""
    cur = res.k_curve(group=group, time=time).wide()
    fig, ax = _figure(ax)
    ax.step(cur["k"], cur["H"], where="post", label="H")
    ax.step(cur["k"], cur["M0"], where="post", label="M0")
    ax.set_xlabel("poverty cutoff k")
    ax.set_ylabel("value")
    ax.set_xlim(0, 1)
    ax.legend()
    fig.tight_layout()
    return fig


def groups(res, measure="M0", k=None, time=None, ax=None):
    """A measure by subgroup with confidence intervals."""
    if not res.by:
        raise InputError("plot('groups') needs a result estimated with by=")
    kk = res._k(k)
    f = res.frame
    f = f[(f["measure"] == measure) & np.isclose(f["k"].to_numpy(), kk) & (f["group"] != ALL)]
    if res.time is not None:
        if time is None:
            raise InputError("choose a round: plot('groups', time=...)")
        f = f[f["time"] == time]
    fig, ax = _figure(ax)
    x = np.arange(len(f))
    v = f["value"].to_numpy(dtype=float)
    err = np.vstack([v - f["ci_lower"].to_numpy(dtype=float), f["ci_upper"].to_numpy(dtype=float) - v])
    ax.bar(x, v, yerr=None if np.isnan(err).all() else err, capsize=3)
    ax.set_xticks(x, [str(g) for g in f["group"]], rotation=45, ha="right")
    ax.set_ylabel(f"{measure} (k = {kk:.3g})")
    fig.tight_layout()
    return fig
