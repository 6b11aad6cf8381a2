"""Poverty and inequality from grouped data through parametric Lorenz curves.

Follows Datt (1998), "Computational tools for poverty measurement and analysis"
(IFPRI FCND Discussion Paper 50), as implemented by PovcalNet / PIP:

* General Quadratic (GQ) Lorenz curve (Villasenor and Arnold 1989):
  ``L(1 - L) = a (p^2 - L) + b L (p - 1) + c (p - L)``, fitted by OLS without a
  constant on every observed point except (1, 1).
* Beta Lorenz curve (Kakwani 1980): ``L = p - theta p^gamma (1 - p)^delta``,
  fitted by OLS of ``log(p - L)`` on ``log p`` and ``log(1 - p)``.

Headcount, poverty gap and squared gap use Datt's closed forms; other FGT
orders integrate ``(1 - mean L'(p) / z)^alpha`` over ``(0, H)`` numerically.
The GQ Gini is ``1 - 2 int L``, the Beta Gini ``2 theta B(1 + gamma, 1 + delta)``.

Validity (PovcalNet's rules). GQ: ``n^2 - 4 m e^2 >= 0``; ``e < 0`` (L(0) = 0);
``c >= 0`` (L'(0+) >= 0); ``m < 0``, or ``0 < m < n^2 / (4 e^2)`` with ``n >= 0``,
or ``0 < m < -n / 2`` with ``m < n^2 / (4 e^2)`` (convexity on (0, 1)); and
``a + c >= 0.9`` (L(1) = 1, Datt's ``a + c >= 1`` with PovcalNet's tolerance).
Beta: ``L'(p) >= 0`` on ``[0.001, 0.1]`` and ``L''(p) >= 0`` on ``[0.001, 0.999]``
(checked on a 0.001 grid; PovcalNet checks a 0.05 grid). L(0) = 0 and L(1) = 1
hold by construction.

Preferred estimate (PovcalNet): among valid fits, the one with the smaller sum
of squared Lorenz errors -- for poverty over the points with ``p < H`` plus the
first point at or above ``H``; for the Gini over all points. With no valid fit
there is no preferred estimate and asking for it raises ``EstimationError``.

Every result is a :class:`povecon.result.Result` without standard errors: the points
are published group shares, not a sample, so there is no design to linearize under.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import integrate, optimize, special

from .. import _input
from .._compat import renamed_parameters
from ..errors import EstimationError, InputError
from ..result import NoCovariance, Result

_NO_SE = ("grouped data: no standard errors (the Lorenz curves are fitted to published group shares, "
          "not to a sample)")
MIN_POINTS = 3  # both curves have three parameters
_GRID = np.linspace(0.001, 0.999, 999)


def _as_vector(x: Any, name: str) -> np.ndarray:
    if x is None:
        raise InputError(f"{name} is required")
    arr = _input.numeric(None, np.atleast_1d(np.asarray(x, dtype=object)), name)
    return arr


class LorenzCurve(Result):
    """One fitted Lorenz curve: the general quadratic (GQ) or the Beta curve.

    Built by :func:`lorenz_fit`; ``valid`` is True when every check passes. The
    result's frame holds the fitted parameters, one row each (``term``).

    Parameters
    ----------
    kind : {"GQ", "beta"}
        The functional form (Villasenor and Arnold 1989; Kakwani 1980).
    params : dict of str to float
        The fitted parameters.
    checks : dict of str to bool
        Validity conditions of the fit (convexity, ``L(0) = 0`` ...).
    p : numpy.ndarray
        Cumulative population shares of the fitted points.
    L_obs : numpy.ndarray
        Observed Lorenz ordinates at ``p``.
    """

    _title = "Lorenz curve fit"

    def __init__(self, kind: str, params: dict[str, float], checks: dict[str, bool], p: np.ndarray,
                 L_obs: np.ndarray):
        frame = pd.DataFrame({"measure": f"lorenz_{kind}", "curve": kind, "term": list(params),
                              "value": [float(v) for v in params.values()]})
        super().__init__(frame, covariance=NoCovariance(), n=int(np.asarray(p).size),
                         call={"function": "lorenz_fit"}, notes=[_NO_SE])
        self.kind = kind
        self.params = dict(params)
        self.checks = dict(checks)
        self.p = p
        self.L_obs = L_obs

    @property
    def valid(self) -> bool:
        return all(self.checks.values())

    # --- the curve --------------------------------------------------------
    def L(self, p: Any) -> np.ndarray:
        """Lorenz ordinates ``L(p)`` of the fitted curve.

        Parameters
        ----------
        p : float or array-like
            Cumulative population shares in [0, 1].

        Returns
        -------
        numpy.ndarray
            Income shares of the poorest ``p``.
        """
        p = np.asarray(p, dtype=float)
        q = self.params
        if self.kind == "GQ":
            disc = np.clip(q["m"] * p ** 2 + q["n"] * p + q["e"] ** 2, 0.0, None)
            return -0.5 * (q["b"] * p + q["e"] + np.sqrt(disc))
        with np.errstate(divide="ignore", invalid="ignore"):
            return p - q["theta"] * p ** q["gamma"] * (1 - p) ** q["delta"]

    def dL(self, p: Any) -> np.ndarray:
        """First derivative ``L'(p)``: income at rank ``p`` relative to the mean.

        Parameters
        ----------
        p : float or array-like
            Cumulative population shares in [0, 1].

        Returns
        -------
        numpy.ndarray
            The slope at each ``p``.
        """
        p = np.asarray(p, dtype=float)
        q = self.params
        if self.kind == "GQ":
            disc = q["m"] * p ** 2 + q["n"] * p + q["e"] ** 2
            with np.errstate(divide="ignore", invalid="ignore"):
                return -q["b"] / 2 - (2 * q["m"] * p + q["n"]) / (4 * np.sqrt(disc))
        t, g, d = q["theta"], q["gamma"], q["delta"]
        with np.errstate(divide="ignore", invalid="ignore"):
            return 1 - t * p ** g * (1 - p) ** d * (g / p - d / (1 - p))

    def d2L(self, p: Any) -> np.ndarray:
        """Second derivative ``L''(p)`` (non-negative where the curve is convex).

        Parameters
        ----------
        p : float or array-like
            Cumulative population shares in [0, 1].

        Returns
        -------
        numpy.ndarray
            The curvature at each ``p``.
        """
        p = np.asarray(p, dtype=float)
        q = self.params
        if self.kind == "GQ":
            disc = q["m"] * p ** 2 + q["n"] * p + q["e"] ** 2
            with np.errstate(divide="ignore", invalid="ignore"):
                return q["r"] ** 2 / (8 * disc ** 1.5)
        t, g, d = q["theta"], q["gamma"], q["delta"]
        with np.errstate(divide="ignore", invalid="ignore"):
            return t * p ** g * (1 - p) ** d * (
                g * (1 - g) / p ** 2 + 2 * g * d / (p * (1 - p)) + d * (1 - d) / (1 - p) ** 2)

    # --- measures ---------------------------------------------------------
    def headcount(self, line: float, mean: float) -> float:
        """Share of the population below ``line`` when the mean is ``mean``.

        Parameters
        ----------
        line : float
            Poverty line, in the units of ``mean``.
        mean : float
            Mean income the curve is scaled to.

        Returns
        -------
        float
            The headcount ratio in [0, 1] (NaN where the GQ formula has no solution).
        """
        x = line / mean
        q = self.params
        if self.kind == "GQ":
            m, n, r, b = q["m"], q["n"], q["r"], q["b"]
            u = b + 2 * x
            with np.errstate(invalid="ignore", divide="ignore"):
                h = -(n + r * u / np.sqrt(u ** 2 - m)) / (2 * m)
            return float(np.clip(h, 0.0, 1.0)) if np.isfinite(h) else float("nan")
        f = lambda p: float(self.dL(p)) - x  # noqa: E731
        lo, hi = 1e-10, 1 - 1e-10
        if f(lo) >= 0:
            return 0.0
        if f(hi) <= 0:
            return 1.0
        return float(optimize.brentq(f, lo, hi, xtol=1e-14))

    def fgt(self, line: float, mean: float, alpha: float = 0) -> float:
        """FGT(alpha) at ``line`` for this Lorenz curve scaled to ``mean``.

        Parameters
        ----------
        line : float
            Poverty line, in the units of ``mean``.
        mean : float
            Mean income the curve is scaled to.
        alpha : float, default 0
            Poverty aversion, ``>= 0``.

        Returns
        -------
        float
            The FGT index, a fraction.
        """
        H = self.headcount(line, mean)
        if alpha == 0 or H == 0 or not np.isfinite(H):
            return H
        k = mean / line
        PG = H - k * float(self.L(H))
        if alpha == 1:
            return float(PG)
        if alpha == 2:
            closed = self._spg(H, PG, k)
            if closed is not None:
                return closed
        val, _ = integrate.quad(lambda p: max(1 - k * float(self.dL(p)), 0.0) ** alpha, 0.0, H, limit=200)
        return float(val)

    def _spg(self, H: float, PG: float, k: float) -> float | None:
        q = self.params
        if self.kind == "GQ":
            m, n, r, a, b = q["m"], q["n"], q["r"], q["a"], q["b"]
            s1, s2 = (r - n) / (2 * m), -(r + n) / (2 * m)
            ratio = (1 - H / s1) / (1 - H / s2)
            if not ratio > 0:
                return None
            return float(2 * PG - H - k ** 2 * (a * H + b * float(self.L(H)) - r / 16 * np.log(ratio)))
        t, g, d = q["theta"], q["gamma"], q["delta"]
        args = [(2 * g - 1, 2 * d + 1), (2 * g, 2 * d), (2 * g + 1, 2 * d - 1)]
        if any(a_ <= 0 or b_ <= 0 for a_, b_ in args):
            return None
        B = [special.betainc(a_, b_, H) * special.beta(a_, b_) for a_, b_ in args]
        return float((1 - k) * (2 * PG - (1 - k) * H)
                     + t ** 2 * k ** 2 * (g ** 2 * B[0] - 2 * g * d * B[1] + d ** 2 * B[2]))

    def gini(self) -> float:
        """Gini coefficient of the fitted curve.

        Returns
        -------
        float
            ``1 - 2 int_0^1 L(p) dp`` (closed form for the Beta curve).
        """
        if self.kind == "beta":
            q = self.params
            return float(2 * q["theta"] * special.beta(1 + q["gamma"], 1 + q["delta"]))
        area, _ = integrate.quad(lambda p: float(self.L(p)), 0.0, 1.0, limit=200)
        return float(1 - 2 * area)

    def sse(self, headcount: float | None = None) -> float:
        """Sum of squared Lorenz errors over the fitted points.

        Parameters
        ----------
        headcount : float, optional
            With a headcount, only the points up to it (and the next one), as
            PovcalNet chooses between the fits for poverty; None uses every point.

        Returns
        -------
        float
            The sum of squared residuals ``(L_obs - L(p))^2``.
        """
        res2 = (self.L_obs - self.L(self.p)) ** 2
        if headcount is None:
            return float(res2.sum())
        below = self.p < headcount
        upto = int(below.sum())
        return float(res2[: min(upto + 1, res2.size)].sum())


def _fit_gq(p: np.ndarray, L: np.ndarray) -> LorenzCurve:
    y = L * (1 - L)
    X = np.column_stack([p ** 2 - L, L * (p - 1), p - L])
    (a, b, c), *_ = np.linalg.lstsq(X, y, rcond=None)
    e = -(a + b + c + 1)
    m = b ** 2 - 4 * a
    n = 2 * b * e - 4 * c
    r2 = n ** 2 - 4 * m * e ** 2
    r = float(np.sqrt(r2)) if r2 >= 0 else float("nan")
    cn3 = n ** 2 / (4 * e ** 2) if e != 0 else np.inf
    checks = {
        "discriminant_nonnegative": bool(r2 >= 0),
        "L(0)=0 (e<0)": bool(e < 0),
        "L'(0+)>=0 (c>=0)": bool(c >= 0),
        "convex": bool(m < 0 or (0 < m < cn3 and n >= 0) or (0 < m < -n / 2 and m < cn3)),
        "L(1)=1 (a+c>=0.9)": bool(a + c >= 0.9),
    }
    params = {"a": float(a), "b": float(b), "c": float(c), "e": float(e), "m": float(m), "n": float(n), "r": r}
    return LorenzCurve("GQ", params, checks, p, L)


def _fit_beta(p: np.ndarray, L: np.ndarray) -> LorenzCurve:
    gap = p - L
    if (gap <= 0).any():
        raise InputError("a Lorenz point lies on or above the equality line (L >= p); the groups are not "
                         "ordered from poorest to richest, or the shares are wrong")
    X = np.column_stack([np.ones_like(p), np.log(p), np.log(1 - p)])
    (lt, g, d), *_ = np.linalg.lstsq(X, np.log(gap), rcond=None)
    curve = LorenzCurve("beta", {"theta": float(np.exp(lt)), "gamma": float(g), "delta": float(d)}, {}, p, L)
    with np.errstate(all="ignore"):
        slope_ok = bool(np.all(curve.dL(_GRID[_GRID <= 0.1]) >= 0))
        convex_ok = bool(np.all(curve.d2L(_GRID) >= 0))
    checks = {"L'(p)>=0 on [0.001, 0.1]": slope_ok, "convex on [0.001, 0.999]": convex_ok}
    return LorenzCurve("beta", curve.params, checks, p, L)


class GroupedPoverty(Result):
    """Poverty at one line from both Lorenz fits, and the preferred estimate.

    Built by :meth:`GroupedDistribution.poverty` and :func:`grouped_poverty`. The
    result's frame has one row per (curve, alpha): ``measure`` (``fgt0`` ...),
    ``curve``, ``alpha``, ``valid``, ``preferred`` and ``value``;
    ``select(curve=r.preferred)`` gives the preferred fit. ``headcount``, ``gap`` and
    ``severity`` are FGT(0), FGT(1) and FGT(2) of the preferred fit; ``table`` is the
    wide view (one row per curve).

    Parameters
    ----------
    line : float
        The poverty line.
    mean : float
        The mean income the curves were scaled to.
    table : pandas.DataFrame
        One row per curve (``GQ``, ``beta``): ``valid``, ``FGT<alpha>`` columns
        and ``sse_to_H``.
    preferred : str or None
        The valid curve with the smaller error up to the headcount; None when
        neither fit is valid.
    """

    _title = "Poverty from grouped data"

    def __init__(self, line: float, mean: float, table: pd.DataFrame, preferred: str | None):
        rows = []
        for curve, row in table.iterrows():
            for col in table.columns:
                if col.startswith("FGT"):
                    a = float(col[3:])
                    rows.append({"measure": f"fgt{a:g}", "curve": curve, "alpha": a, "valid": bool(row["valid"]),
                                 "preferred": curve == preferred, "value": float(row[col])})
        super().__init__(pd.DataFrame(rows), covariance=NoCovariance(), call={"function": "grouped_poverty"},
                         notes=[_NO_SE])
        self.line = float(line)
        self.mean = float(mean)
        self.table = table
        self.preferred = preferred

    def _pref(self, col: str) -> float:
        if self.preferred is None:
            raise EstimationError("neither the GQ nor the Beta Lorenz fit is valid (see .table); "
                                  "no preferred poverty estimate")
        return float(self.table.loc[self.preferred, col])

    @property
    def headcount(self) -> float:
        return self._pref("FGT0")

    @property
    def gap(self) -> float:
        return self._pref("FGT1")

    @property
    def severity(self) -> float:
        return self._pref("FGT2")

    def fgt(self, alpha: float) -> float:
        """FGT(alpha) of the preferred fit.

        Parameters
        ----------
        alpha : float
            One of the orders computed by ``poverty(line, alpha)``.

        Returns
        -------
        float
            The index, a fraction.

        Raises
        ------
        InputError
            The order was not computed.
        EstimationError
            Neither fit is valid.
        """
        col = f"FGT{_input.positive_scalar(alpha, 'alpha', allow_zero=True):g}"
        if col not in self.table.columns:
            have = [c[3:] for c in self.table.columns if c.startswith("FGT")]
            raise InputError(f"FGT({alpha:g}) was not computed (orders held: {', '.join(have)}); "
                             "pass it in alpha= when calling poverty()")
        return self._pref(col)

    def wide(self) -> pd.DataFrame:
        """The table of both fits with a ``preferred`` column (what ``to_frame()`` gave before
        the grouped results became :class:`povecon.result.Result`; ``to_frame()`` is now the
        long frame).

        Returns
        -------
        pandas.DataFrame
            A copy of ``table`` indexed by curve.
        """
        out = self.table.copy()
        out["preferred"] = out.index == self.preferred
        return out


class GroupedDistribution(Result):
    """Lorenz points of a grouped distribution, its mean, and both fitted curves.

    Built by :func:`lorenz_fit`. The result's frame holds the Gini of each fit
    (``curve``, ``valid``, ``preferred``); :meth:`poverty` measures poverty at a line.

    Parameters
    ----------
    points : pandas.DataFrame
        The Lorenz points ``p`` and ``L``.
    mean : float
        Mean income of the distribution.
    gq : LorenzCurve
        The general quadratic fit.
    beta : LorenzCurve
        The Beta fit.
    details : dict, optional
        How the input was read (form, bracket means used, notes).
    """

    _title = "Grouped distribution (Lorenz curve fits)"

    def __init__(self, points: pd.DataFrame, mean: float, gq: LorenzCurve, beta: LorenzCurve,
                 details: dict[str, Any] | None = None):
        self.points = points
        self.mean = float(mean)
        self.gq = gq
        self.beta = beta
        self.details = dict(details or {})
        best = self.choose()
        frame = pd.DataFrame([{"measure": "gini", "curve": k, "valid": c.valid,
                               "preferred": best is not None and best.kind == k, "value": c.gini()}
                              for k, c in self.curves.items()])
        super().__init__(frame, covariance=NoCovariance(), n=int(len(points)), call={"function": "lorenz_fit"},
                         notes=[_NO_SE])

    @property
    def curves(self) -> dict[str, LorenzCurve]:
        return {"GQ": self.gq, "beta": self.beta}

    def choose(self, line: float | None = None, mean: float | None = None) -> LorenzCurve | None:
        """The preferred valid curve: for poverty at ``line``, or for the whole distribution.

        Parameters
        ----------
        line : float, optional
            Poverty line; the curve with the smaller error up to the headcount wins.
            None compares the errors over every point.
        mean : float, optional
            Mean income; defaults to the distribution's mean.

        Returns
        -------
        LorenzCurve or None
            None when neither fit is valid.
        """
        mu = self.mean if mean is None else mean
        best, best_sse = None, np.inf
        for c in (self.gq, self.beta):
            if not c.valid:
                continue
            s = c.sse() if line is None else c.sse(c.headcount(line, mu))
            if s < best_sse:
                best, best_sse = c, s
        return best

    @renamed_parameters(alphas="alpha")
    def poverty(self, line: float, alpha: float | Sequence[float] = (0, 1, 2),
                mean: float | None = None) -> GroupedPoverty:
        """FGT measures at ``line`` from both fits.

        Parameters
        ----------
        line : float
            Poverty line, in the units of the mean, > 0.
        alpha : float or sequence of float, default (0, 1, 2)
            FGT order(s) to compute (formerly ``alphas=``).
        mean : float, optional
            Mean income; defaults to the distribution's mean (e.g. pass a survey
            mean in another year's prices).

        Returns
        -------
        GroupedPoverty
        """
        z = _input.positive_scalar(line, "line")
        mu = self.mean if mean is None else _input.positive_scalar(mean, "mean")
        rows = {}
        alphas = list(alpha) if isinstance(alpha, (list, tuple, np.ndarray)) else [alpha]
        if not alphas:
            raise InputError("alpha is empty: give at least one FGT order, e.g. alpha=(0, 1, 2)")
        alphas = [_input.positive_scalar(a, "alpha (FGT orders)", allow_zero=True) for a in alphas]
        for name, c in self.curves.items():
            H = c.headcount(z, mu)
            row: dict[str, Any] = {"valid": c.valid}
            for a in alphas:
                row[f"FGT{a:g}"] = c.fgt(z, mu, a)
            row["sse_to_H"] = c.sse(H)
            rows[name] = row
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = "curve"
        best = self.choose(z, mu)
        return GroupedPoverty(z, mu, table, None if best is None else best.kind)

    def fgt(self, line: float, alpha: float = 0, mean: float | None = None, curve: str | None = None) -> float:
        """One FGT number from one curve or the preferred valid fit.

        Parameters
        ----------
        line : float
            Poverty line, in the units of the mean, > 0.
        alpha : float, default 0
            Poverty aversion, ``>= 0``.
        mean : float, optional
            Mean income; defaults to the distribution's mean.
        curve : {"GQ", "beta"}, optional
            The curve to use; None takes the preferred valid fit.

        Returns
        -------
        float

        Raises
        ------
        EstimationError
            ``curve=None`` and neither fit is valid.
        """
        line = _input.positive_scalar(line, "line")
        alpha = _input.positive_scalar(alpha, "alpha", allow_zero=True)
        mu = self.mean if mean is None else _input.positive_scalar(mean, "mean")
        if curve is None:
            c = self.choose(line, mu)
            if c is None:
                raise EstimationError("neither the GQ nor the Beta Lorenz fit is valid; no preferred estimate")
        elif curve in self.curves:
            c = self.curves[curve]
        else:
            raise InputError(f"curve must be 'GQ', 'beta' or None, got {curve!r}")
        return c.fgt(line, mu, alpha)

    def inequality(self) -> pd.DataFrame:
        """Gini of both fits, their validity, SSE over all points and the preferred fit.

        Returns
        -------
        pandas.DataFrame
            One row per curve.
        """
        best = self.choose()
        rows = {k: {"valid": c.valid, "gini": c.gini(), "sse": c.sse()} for k, c in self.curves.items()}
        out = pd.DataFrame.from_dict(rows, orient="index")
        out.index.name = "curve"
        out["preferred"] = out.index == (None if best is None else best.kind)
        return out

    def gini(self) -> float:
        """Gini coefficient of the preferred fit.

        Returns
        -------
        float

        Raises
        ------
        EstimationError
            Neither fit is valid.
        """
        best = self.choose()
        if best is None:
            raise EstimationError("neither the GQ nor the Beta Lorenz fit is valid; no preferred Gini")
        return best.gini()

    def checks(self) -> pd.DataFrame:
        """Every validity check of both fits.

        Returns
        -------
        pandas.DataFrame
            Columns ``curve``, ``check``, ``passed``.
        """
        rows = [(k, name, ok) for k, c in self.curves.items() for name, ok in c.checks.items()]
        return pd.DataFrame(rows, columns=["curve", "check", "passed"])


def _from_shares(pop: np.ndarray, inc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if pop.shape != inc.shape:
        raise InputError(f"population has {pop.size} groups but income has {inc.size}")
    if (pop <= 0).any():
        raise InputError("population shares must all be > 0 (drop empty groups)")
    if (inc < 0).any():
        raise InputError("income shares must be >= 0")
    if not inc.sum() > 0:
        raise InputError("income shares are all zero; give each group's share of total income")
    rel = (inc / inc.sum()) / (pop / pop.sum())
    if (np.diff(rel) < -1e-12).any():
        raise InputError("group mean incomes must not fall from one group to the next: order the groups "
                         "from poorest to richest (income share / population share must be non-decreasing)")
    return np.cumsum(pop) / pop.sum(), np.cumsum(inc) / inc.sum()


def lorenz_fit(
    population: Any,
    income: Any = None,
    *,
    mean: float,
    bounds: Any = None,
    bracket_means: Any = None,
    lower: float = 0.0,
    cumulative: bool = False,
) -> GroupedDistribution:
    """Fit the GQ and Beta Lorenz curves to a grouped distribution.

    Two input forms, groups ordered from poorest to richest: shares
    (``population`` and ``income``) or brackets (``population`` with ``bounds``
    and ``mean``). Bracket means other than ``bracket_means`` are an
    approximation; the details record the means used.

    Parameters
    ----------
    population : array-like
        Per group (poorest first): its share of the population, or its count.
        With ``cumulative=True``, the cumulative population shares ``p``.
    income : array-like, optional
        Per group: its share of total income (any common scale, e.g. percent),
        or the cumulative income shares ``L`` with ``cumulative=True``. Omit it
        when giving ``bounds``.
    mean : float
        Mean income of the distribution (per person, in the units of the line).
    bounds : array-like, optional
        The K-1 inner cut points of K income brackets (e.g. ``[2000, 2800]`` for
        <2000, 2000-2800, >2800); ``population`` then gives each bracket's
        share or count.
    bracket_means : array-like, optional
        Mean income within each bracket; by default the midpoints of the closed
        brackets, with the top bracket's mean implied by ``mean``.
    lower : float, default 0.0
        Lower end of the bottom bracket.
    cumulative : bool, default False
        ``population`` and ``income`` are cumulative Lorenz points; a final
        (1, 1) is added if absent.

    Returns
    -------
    GroupedDistribution

    Raises
    ------
    InputError
        Fewer than three Lorenz points strictly inside (0, 1) (each curve has
        three parameters, so at least four groups are needed), groups not
        ordered from poorest to richest, or inconsistent inputs.

    References
    ----------
    Datt, G. (1998). Computational tools for poverty measurement and analysis.
    FCND Discussion Paper 50, IFPRI.
    """
    mu = _input.positive_scalar(mean, "mean")
    pop = _as_vector(population, "population")
    details: dict[str, Any] = {}
    if pop.size - (0 if cumulative else 1) < MIN_POINTS:
        # say the decisive problem first: too few groups, whatever else is wrong
        raise InputError(
            f"{pop.size} groups give at most {pop.size - (0 if cumulative else 1)} Lorenz point(s) inside (0, 1); "
            f"the GQ and Beta Lorenz curves have 3 parameters each and need at least {MIN_POINTS} such points, "
            "i.e. at least 4 groups or income brackets. Use finer groups (e.g. quintiles or deciles)")
    if bounds is not None:
        if income is not None:
            raise InputError("give either income shares (income=...) or bracket bounds (bounds=...), not both")
        if cumulative:
            raise InputError("cumulative=True applies to share input, not to brackets")
        cuts = _as_vector(bounds, "bounds")
        if cuts.size != pop.size - 1:
            raise InputError(f"{pop.size} brackets need {pop.size - 1} inner bounds, got {cuts.size}")
        if (np.diff(cuts) <= 0).any() or cuts[0] <= lower:
            raise InputError(f"bounds must increase and exceed lower={lower}")
        if (pop <= 0).any():
            raise InputError("every bracket needs a population share > 0 (drop empty brackets)")
        s = pop / pop.sum()
        edges = np.concatenate([[lower], cuts])
        if bracket_means is not None:
            bm = _as_vector(bracket_means, "bracket_means")
            if bm.size != pop.size:
                raise InputError(f"bracket_means needs {pop.size} values, got {bm.size}")
        else:
            mids = (edges[:-1] + edges[1:]) / 2
            top = (mu - float(np.dot(s[:-1], mids))) / s[-1]
            if top <= cuts[-1]:
                raise InputError(
                    f"with bracket midpoints the stated mean {mu:g} implies a top-bracket mean of {top:.6g}, "
                    f"not above its lower bound {cuts[-1]:g}; the mean and the shares are inconsistent -- "
                    "give bracket_means=...")
            bm = np.concatenate([mids, [top]])
            details["bracket_means_assumed"] = bm.tolist()
        lo_ok = bm[1:] >= cuts - 1e-9
        hi_ok = bm[:-1] <= cuts + 1e-9
        if not (lo_ok.all() and hi_ok.all() and bm[0] >= lower):
            raise InputError("each bracket mean must lie inside its bracket")
        implied = float(np.dot(s, bm))
        if bracket_means is not None and abs(implied - mu) > 1e-6 * mu:
            raise InputError(f"bracket_means and population shares imply a mean of {implied:.6g}, "
                             f"not the stated mean {mu:g}")
        p, L = _from_shares(s, s * bm)
        details["input"] = "brackets"
    elif income is None:
        raise InputError("give income shares (income=...) or bracket bounds (bounds=...)")
    else:
        inc = _as_vector(income, "income")
        if cumulative:
            if pop.shape != inc.shape:
                raise InputError(f"population has {pop.size} points but income has {inc.size}")
            if (np.diff(pop) <= 0).any() or (np.diff(inc) < 0).any() or pop[0] <= 0 or inc[0] < 0:
                raise InputError("cumulative points must increase from above 0 (p strictly, L weakly)")
            if pop[-1] > 1 + 1e-9 or inc[-1] > 1 + 1e-9:
                raise InputError("cumulative shares must not exceed 1 (give them as fractions)")
            p, L = pop.copy(), inc.copy()
            if abs(L[-1] - 1) <= 1e-6 and abs(p[-1] - 1) <= 1e-6:
                p[-1], L[-1] = 1.0, 1.0
            if p[-1] < 1 - 1e-12:
                p, L = np.append(p, 1.0), np.append(L, 1.0)
            if abs(L[-1] - 1) > 1e-6:
                raise InputError("the cumulative income share must reach 1 when the population share does")
            slopes = np.diff(np.concatenate([[0.0], L])) / np.diff(np.concatenate([[0.0], p]))
            if (np.diff(slopes) < -1e-9 * slopes.max()).any():
                raise InputError("the Lorenz points are not convex: order the groups from poorest to richest")
        else:
            p, L = _from_shares(pop, inc)
        details["input"] = "cumulative" if cumulative else "shares"
    inner = p < 1 - 1e-12
    p_in, L_in = p[inner], L[inner]
    k = int(p_in.size)
    if k < MIN_POINTS:
        raise InputError(
            f"{k + 1} groups give {k} Lorenz point(s) inside (0, 1); the GQ and Beta Lorenz curves have "
            f"3 parameters each and need at least {MIN_POINTS} such points, i.e. at least 4 groups or "
            "income brackets. Use finer groups (e.g. quintiles or deciles)")
    if k == MIN_POINTS:
        details["note"] = "exactly identified: 3 points for 3 parameters, the fits pass through every point"
    points = pd.DataFrame({"p": p, "L": L})
    return GroupedDistribution(points, mu, _fit_gq(p_in, L_in), _fit_beta(p_in, L_in), details)


@renamed_parameters(alphas="alpha")
def grouped_poverty(population: Any, income: Any = None, *, mean: float, line: float,
                    alpha: float | Sequence[float] = (0, 1, 2), bounds: Any = None, bracket_means: Any = None,
                    lower: float = 0.0, cumulative: bool = False) -> GroupedPoverty:
    """Fit both Lorenz curves and measure poverty at ``line`` in one call.

    Equal to ``lorenz_fit(population, income, mean=mean, ...).poverty(line, alpha)``.

    Parameters
    ----------
    population : array-like
        Per group (poorest first): its share of the population, or its count.
        With ``cumulative=True``, the cumulative population shares ``p``.
    income : array-like, optional
        Per group: its share of total income (any common scale, e.g. percent),
        or the cumulative income shares ``L`` with ``cumulative=True``. Omit it
        when giving ``bounds``.
    mean : float
        Mean income of the distribution (per person, in the units of the line).
    line : float
        Poverty line, in the units of ``mean``.
    alpha : float or sequence of float, default (0, 1, 2)
        FGT order(s) to compute (formerly ``alphas=``; the old name still works with a
        ``DeprecationWarning``).
    bounds : array-like, optional
        The K-1 inner cut points of K income brackets (e.g. ``[2000, 2800]`` for
        <2000, 2000-2800, >2800); ``population`` then gives each bracket's
        share or count.
    bracket_means : array-like, optional
        Mean income within each bracket; by default the midpoints of the closed
        brackets, with the top bracket's mean implied by ``mean``.
    lower : float, default 0.0
        Lower end of the bottom bracket.
    cumulative : bool, default False
        ``population`` and ``income`` are cumulative Lorenz points; a final
        (1, 1) is added if absent.

    Returns
    -------
    GroupedPoverty

    Raises
    ------
    InputError
        As :func:`lorenz_fit`.
    """
    return lorenz_fit(population, income, mean=mean, bounds=bounds, bracket_means=bracket_means, lower=lower,
                      cumulative=cumulative).poverty(line, alpha)


__all__ = ["lorenz_fit", "grouped_poverty", "GroupedDistribution", "GroupedPoverty", "LorenzCurve"]
