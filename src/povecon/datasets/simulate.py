"""A SIMULATED southern-Xinjiang household panel with planted determinants of return to poverty.

Nothing here is observed data. The simulator draws rural households of the four
prefectures (Aksu, Kashgar, Hotan, Kizilsu) and follows them over 2014-2022. Its
marginals are calibrated to numbers the two reports print (each target carries its
finding id, source file and line), and the determinants of falling back into poverty are
planted in a log-income equation whose true coefficients come back with the data:

    log y_it = mu_p + g * (t - 2014) + b_edu * edu_years + b_labour * labour_short
               + b_health * ill_health + b_coop * coop_work + a_i
               + d_illness * illness_it + d_disaster * disaster_it
               + d_epidemic * (2020 and wage earner) + d_policy * policy_withdrawn_it + e_it

with ``a_i ~ N(0, sigma_a^2)`` and ``e_it`` AR(1). ``mu_p`` is set so each prefecture's
2014 headcount at the line equals its printed incidence, ``g`` so the four prefectures'
2019 headcount equals the printed 2.2%. Incomes are per capita, yuan at 2010 prices,
so the 2300-yuan line (2010 prices) is constant over time. From July 2019 households
with the comprehensive social-security measure are topped up to the 3732-yuan rural
dibao standard (a transfer). Transfer-dependent households lose part of their income
three years after their county exits (policy withdrawal, 政策延续性中断).

The 两不愁三保障 + drinking water indicators are drawn with probabilities that fall in
income and over time; deprivation columns are 0/1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._input import positive_scalar
from ..errors import InputError

RTP = "002_9ed149d90c19c988.txt"

PREFECTURES = ("Aksu", "Kashgar", "Hotan", "Kizilsu")

# (quantity, group, target, finding, source_file, source_line); shares in percent as printed
TARGETS: list[tuple[str, str, float, str, str, int]] = [
    ("poverty_incidence_2014", "Aksu", 12.1, "RTP-05", RTP, 183),
    ("poverty_incidence_2014", "Kashgar", 32.4, "RTP-05", RTP, 184),
    ("poverty_incidence_2014", "Hotan", 41.2, "RTP-05", RTP, 185),
    ("poverty_incidence_2014", "Kizilsu", 33.4, "RTP-05", RTP, 186),
    ("poverty_incidence_2019", "Four prefectures", 2.2, "RTP-01", RTP, 19),
    ("members_under_16", "Four prefectures", 23.6, "RTP-02", RTP, 141),
    ("members_17_60", "Four prefectures", 66.78, "RTP-02", RTP, 141),
    ("members_over_60", "Four prefectures", 9.6, "RTP-02", RTP, 141),
    ("head_illiterate", "Four prefectures", 10.29, "RTP-06", RTP, 214),
    ("head_primary", "Four prefectures", 46.1, "RTP-06", RTP, 214),
    ("head_junior", "Four prefectures", 38.99, "RTP-06", RTP, 214),
    ("head_senior", "Four prefectures", 2.63, "RTP-06", RTP, 214),
    ("head_college", "Four prefectures", 0.71, "RTP-06", RTP, 214),
    ("health_healthy", "Four prefectures", 80.9, "RTP-14", RTP, 508),
    ("health_serious_illness", "Four prefectures", 0.9, "RTP-14", RTP, 509),
    ("health_chronic", "Four prefectures", 11.8, "RTP-14", RTP, 510),
    ("health_disability", "Four prefectures", 6.4, "RTP-14", RTP, 511),
    ("support_industry", "Four prefectures", 73.8, "RTP-15", RTP, 564),
    ("support_employment", "Four prefectures", 69.0, "RTP-15", RTP, 565),
    ("support_land", "Four prefectures", 7.1, "RTP-15", RTP, 566),
    ("support_border_guard", "Four prefectures", 4.8, "RTP-15", RTP, 567),
    ("support_relocation", "Four prefectures", 16.7, "RTP-15", RTP, 568),
    ("support_social_security", "Four prefectures", 40.5, "RTP-15", RTP, 569),
    ("support_microcredit", "Four prefectures", 45.2, "RTP-15", RTP, 570),
    ("coop_work", "Four prefectures", 13.8, "RTP-17", RTP, 602),
    ("coop_shareholder", "Four prefectures", 2.7, "RTP-17", RTP, 602),
    # 2018 income structure: shares of the printed components (2901, 5271, 77, 2512)
    ("share_wage_2018", "Four prefectures", 100 * 2901 / 10761, "RTP-09", RTP, 304),
    ("share_operating_2018", "Four prefectures", 100 * 5271 / 10761, "RTP-09", RTP, 304),
    ("share_property_2018", "Four prefectures", 100 * 77 / 10761, "RTP-09", RTP, 304),
    ("share_transfer_2018", "Four prefectures", 100 * 2512 / 10761, "RTP-09", RTP, 304),
]

# Registered poor (万人) and incidence (%) by prefecture, Table 2-4 (RTP lines 183-186):
# the rural population is poor / incidence, which sets the prefecture shares.
_POOR = {"Aksu": 20.63, "Kashgar": 105.59, "Hotan": 70.35, "Kizilsu": 15.66}
_INCIDENCE = {p: t for (q, p, t, *_) in TARGETS if q == "poverty_incidence_2014"}

LINE_2010_PRICES = 2300.0  # RTP line 168: the 2014 registration standard, 2300 yuan (2010 prices)
DIBAO_2019 = 3732.0        # RTP line 440: rural dibao standard from 2019-07
MONITORING = 5000.0        # RTP line 662: per-capita income under 5000 yuan is monitored

EDU_YEARS = np.array([0.0, 6.0, 9.0, 12.0, 15.0])


@dataclass(frozen=True)
class Truth:
    """The planted parameters of the simulated log per-capita income equation.

    Coefficients are effects on log income (``-0.35`` is about a 30% fall).

    Parameters
    ----------
    edu_years : float, default 0.03
        Effect of a year of schooling of the household head.
    labour_short : float, default -0.2
        Effect of a labour shortage in the household.
    ill_health : float, default -0.15
        Effect of chronic ill health.
    coop_work : float, default 0.1
        Effect of work in a cooperative or factory.
    illness_shock : float, default -0.35
        Effect of a serious illness in the year.
    disaster_shock : float, default -0.25
        Effect of a natural disaster in the village in the year.
    epidemic_2020 : float, default -0.2
        Effect of the 2020 epidemic on wage earners.
    policy_withdrawal : float, default -0.3
        Effect of losing support after the county's exit.
    sigma_household : float, default 0.35
        Standard deviation of the household effect ``a_i``.
    sigma_noise : float, default 0.25
        Standard deviation of the AR(1) noise ``e_it``.
    rho_noise : float, default 0.3
        Autocorrelation of the noise.
    p_illness_healthy : float, default 0.04
        Yearly probability of a serious illness, healthy households.
    p_illness_ill : float, default 0.2
        The same for households in chronic ill health.
    p_disaster_village : float, default 0.08
        Yearly probability of a disaster in a village.
    withdrawal_lag : int, default 3
        Years after the county's exit before transfer-dependent households lose
        support.
    transfer_dependent_share : float, default 0.4
        Share of households whose income depends on transfers.
    """

    edu_years: float = 0.03
    labour_short: float = -0.20
    ill_health: float = -0.15
    coop_work: float = 0.10
    illness_shock: float = -0.35
    disaster_shock: float = -0.25
    epidemic_2020: float = -0.20
    policy_withdrawal: float = -0.30
    sigma_household: float = 0.35
    sigma_noise: float = 0.25
    rho_noise: float = 0.30
    p_illness_healthy: float = 0.04
    p_illness_ill: float = 0.20
    p_disaster_village: float = 0.08
    withdrawal_lag: int = 3
    transfer_dependent_share: float = 0.40

    def coefficients(self) -> pd.Series:
        """The planted coefficients of the income equation.

        Returns
        -------
        pandas.Series
            Named ``true_coefficient``, indexed by regressor.
        """
        names = ["edu_years", "labour_short", "ill_health", "coop_work", "illness_shock",
                 "disaster_shock", "epidemic_2020", "policy_withdrawal"]
        return pd.Series({n: getattr(self, n) for n in names}, name="true_coefficient")


@dataclass
class SimulatedHouseholds:
    """A SIMULATED household panel and what it was built from.

    Built by :func:`simulate_households`; nothing in it is observed data.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per household-year.
    truth : Truth
        The planted parameters.
    prefecture_intercepts : dict of str to float
        Calibrated intercepts ``mu_p``.
    growth : float
        Calibrated yearly growth ``g`` of log income.
    calibration : pandas.DataFrame
        Every targeted marginal beside its simulated value.
    seed : int
        The random seed the panel was drawn with.
    label : str, optional
        The label every output built from the data carries.
    notes : list of str, optional
        Notes on the simulation.
    """

    data: pd.DataFrame
    truth: Truth
    prefecture_intercepts: dict[str, float]
    growth: float
    calibration: pd.DataFrame
    seed: int
    label: str = "SIMULATED data calibrated to printed marginals; not observed households"
    notes: list[str] = field(default_factory=list)


def _wmean(x, w):
    return float(np.sum(x * w) / np.sum(w))


def simulate_households(
    n_households: int = 5000,
    years: tuple[int, int] = (2014, 2022),
    seed: int = 0,
    *,
    truth: Truth | None = None,
    village_size: int = 25,
) -> SimulatedHouseholds:
    """Draw a SIMULATED household panel for the four prefectures of southern Xinjiang.

    The sample is stratified by prefecture (strata) with villages as PSUs; the
    allocation is proportional to the square root of the rural population, so the
    sampling weights differ across prefectures and must be used. Incomes are per
    capita, yuan per year at 2010 prices.

    Parameters
    ----------
    n_households : int, default 5000
        Number of households, at least 400 (every prefecture needs villages).
    years : tuple of int, default (2014, 2022)
        First and last year, inclusive.
    seed : int, default 0
        Seed of every random draw.
    truth : Truth, optional
        The planted parameters; the defaults by default.
    village_size : int, default 25
        Households sampled per village (PSU).

    Returns
    -------
    SimulatedHouseholds

    Examples
    --------
    >>> import povecon as pe
    >>> sim = pe.datasets.simulate_households(n_households=400, seed=1)
    >>> sim.label.startswith("SIMULATED")
    True
    """
    n = int(positive_scalar(n_households, "n_households"))
    if n < 400:
        raise InputError("n_households must be at least 400 so every prefecture has villages to sample")
    try:
        first, last = (int(y) for y in years)
    except (TypeError, ValueError):
        raise InputError(f"years must be a pair (first, last), got {years!r}") from None
    if isinstance(village_size, bool) or not isinstance(village_size, (int, np.integer)) or village_size < 1:
        raise InputError(f"village_size must be a whole number of households >= 1, got {village_size!r}")
    if not (first == 2014 and last >= 2020):
        raise InputError("years must start in 2014 (the registration year) and reach at least 2020")
    truth = truth or Truth()
    rng = np.random.default_rng(seed)
    T = last - first + 1
    yrs = np.arange(first, last + 1)

    # --- design: strata = prefectures, PSUs = villages --------------------------------
    rural = np.array([_POOR[p] / _INCIDENCE[p] * 100 for p in PREFECTURES])  # 万 persons
    alloc = np.sqrt(rural) / np.sqrt(rural).sum()
    n_p = np.maximum(np.round(alloc * n).astype(int), 2 * village_size)
    n_p[-1] = max(n - n_p[:-1].sum(), 2 * village_size)
    pref = np.repeat(np.arange(4), n_p)
    n = pref.size
    village = np.concatenate([np.arange(k) // village_size + 1000 * (i + 1) for i, k in enumerate(n_p)])
    weight = (rural * 1e4 / 4.09)[pref] / n_p[pref]  # households; 4.09 persons per household (RTP-01: 251万 / 61.4万)

    # --- static household attributes --------------------------------------------------
    def share(q):
        return next(t for (qq, _, t, *_) in TARGETS if qq == q) / 100

    def exact(p: np.ndarray) -> np.ndarray:
        """Categories in exact proportion ``p`` within each prefecture, randomly assigned:
        the sample reproduces the printed shares up to one household per stratum."""
        p = np.asarray(p, float) / np.sum(p)
        out = np.empty(n, dtype=np.intp)
        for s in range(4):  # four strata
            idx = np.flatnonzero(pref == s)
            counts = np.floor(p * idx.size).astype(int)
            rest = idx.size - counts.sum()
            counts[np.argsort(-(p * idx.size - counts), kind="stable")[:rest]] += 1
            out[rng.permutation(idx)] = np.repeat(np.arange(p.size), counts)
        return out

    size = 1 + rng.poisson(3.09, n)
    age_p = np.array([share("members_under_16"), share("members_17_60"), share("members_over_60")])
    age_p = age_p / age_p.sum()  # the printed shares sum to 100.0 ± rounding
    ages = rng.multinomial(size, age_p)  # (n, 3) counts per household
    workers = ages[:, 1]
    labour_short = (workers <= 1).astype(float)
    edu_p = np.array([share(f"head_{k}") for k in ("illiterate", "primary", "junior", "senior", "college")])
    edu_cat = exact(edu_p)
    edu_years = EDU_YEARS[edu_cat]
    health_p = np.array([share(f"health_{k}") for k in ("healthy", "serious_illness", "chronic", "disability")])
    health = exact(health_p)
    ill_health = (health > 0).astype(float)
    supports = {k: exact([1 - share(f"support_{k}"), share(f"support_{k}")]).astype(np.int8)
                for k in ("industry", "employment", "land", "border_guard", "relocation", "social_security", "microcredit")}
    coop_work = exact([1 - share("coop_work"), share("coop_work")]).astype(float)
    coop_share = exact([1 - share("coop_shareholder"), share("coop_shareholder")]).astype(np.int8)
    a_i = rng.normal(0, truth.sigma_household, n)
    wage_earner = ((workers >= 1) & (rng.random(n) < 0.5 + 0.3 * supports["employment"])).astype(float)

    # --- shocks ---------------------------------------------------------------------
    p_ill = np.where(ill_health > 0, truth.p_illness_ill, truth.p_illness_healthy)
    illness = (rng.random((n, T)) < p_ill[:, None]).astype(float)
    villages, vcode = np.unique(village, return_inverse=True)
    disaster = (rng.random((villages.size, T)) < truth.p_disaster_village).astype(float)[vcode]
    epidemic = np.outer(wage_earner, (yrs == 2020).astype(float))
    eps = np.empty((n, T))
    eps[:, 0] = rng.normal(0, truth.sigma_noise, n)
    innov = rng.normal(0, truth.sigma_noise * np.sqrt(1 - truth.rho_noise**2), (n, T))
    for t in range(1, T):  # AR(1) over years: T steps, each vectorised over households
        eps[:, t] = truth.rho_noise * eps[:, t - 1] + innov[:, t]

    static = (truth.edu_years * edu_years + truth.labour_short * labour_short
              + truth.ill_health * ill_health + truth.coop_work * coop_work + a_i)
    shocks = (truth.illness_shock * illness + truth.disaster_shock * disaster
              + truth.epidemic_2020 * epidemic)
    base = static[:, None] + shocks + eps
    transfer_dependent = (labour_short > 0) | (supports["social_security"] > 0) & (rng.random(n) < 0.5)
    log_line = np.log(LINE_2010_PRICES)

    # mu_p: each prefecture's 2014 weighted headcount equals its printed incidence
    mu = np.zeros(4)
    for p in range(4):  # four strata
        m = pref == p
        order = np.argsort(base[m, 0])
        cw = np.cumsum(weight[m][order]) / weight[m].sum()
        q = base[m, 0][order][np.searchsorted(cw, _INCIDENCE[PREFECTURES[p]] / 100)]
        mu[p] = log_line - q - 1e-9

    # policy withdrawal is scheduled, not chosen: transfer-dependent households lose support
    # `withdrawal_lag` years after their county exits (drawn per village, 2017-2020), which
    # keeps the planted effect exogenous and recoverable with household fixed effects
    county_exit = rng.choice(np.array([2017, 2018, 2019, 2020]), villages.size)[vcode]
    withdrawn = (transfer_dependent[:, None]
                 & (yrs[None, :] >= county_exit[:, None] + truth.withdrawal_lag)).astype(float)

    def path(g: float):
        logy = mu[pref][:, None] + g * (yrs - first)[None, :] + base + truth.policy_withdrawal * withdrawn
        y = np.exp(logy)
        dibao = np.zeros((n, T))
        late = yrs >= 2020  # the 2019-07 standard applies to full years from 2020
        topped = (supports["social_security"][:, None] > 0) & late[None, :] & (y < DIBAO_2019)
        dibao[topped] = DIBAO_2019 - y[topped]
        return y + dibao, dibao

    i2019 = int(np.flatnonzero(yrs == 2019)[0])
    target19 = share("poverty_incidence_2019")
    lo, hi = 0.0, 0.6
    for _ in range(50):  # bisection on the common growth rate
        g = (lo + hi) / 2
        y, dibao = path(g)
        h = _wmean(y[:, i2019] < LINE_2010_PRICES, weight)
        lo, hi = (lo, g) if h < target19 else (g, hi)
    g = (lo + hi) / 2
    y, dibao = path(g)

    # --- income sources: shares calibrated to the 2018 structure ---------------------
    i2018 = int(np.flatnonzero(yrs == 2018)[0])
    raw_w = 0.25 + 0.20 * wage_earner - 0.10 * labour_short + rng.normal(0, 0.05, n)
    raw_t = 0.15 + 0.20 * labour_short + 0.10 * supports["social_security"] + rng.normal(0, 0.05, n)
    raw_p = rng.exponential(0.007, n)
    target = {k: share(f"share_{k}_2018") for k in ("wage", "transfer", "property")}
    for _ in range(20):  # shift the share means onto the targets (clipping makes it iterative)
        sw, st = np.clip(raw_w, 0, 0.9), np.clip(raw_t, 0, 0.9)
        sp = np.clip(raw_p, 0, 0.1)
        tot = sw + st + sp
        scale = np.where(tot > 0.95, 0.95 / tot, 1.0)
        sw, st, sp = sw * scale, st * scale, sp * scale
        yy = y[:, i2018] - dibao[:, i2018]
        raw_w += target["wage"] - _wmean(sw * yy, weight) / _wmean(yy, weight)
        raw_t += target["transfer"] - _wmean(st * yy, weight) / _wmean(yy, weight)
        raw_p *= target["property"] / max(_wmean(sp * yy, weight) / _wmean(yy, weight), 1e-12)
    market = y - dibao
    wage = market * sw[:, None]
    transfer = market * st[:, None] + dibao
    prop = market * sp[:, None]
    operating = market - wage - market * st[:, None] - prop

    # --- 两不愁三保障 + drinking water, falling in income and over time -------------------
    z = (np.log(y) - log_line)
    trend = (yrs - first)[None, :]
    def deprived(a, b_inc, b_t):
        p = 1 / (1 + np.exp(-(a - b_inc * z - b_t * trend)))
        return (rng.random((n, T)) < p).astype(np.int8)
    indicators = {
        "d_food": deprived(-2.5, 2.0, 0.30),
        "d_clothing": deprived(-3.0, 2.0, 0.30),
        "d_education": deprived(-2.0, 1.0, 0.40),
        "d_medical": deprived(-1.5, 1.0, 0.60),
        "d_housing": deprived(-1.0, 1.0, 0.50),
        "d_water": deprived(-1.2, 0.8, 0.50),
    }

    # --- assemble the long frame ------------------------------------------------------
    hh = np.arange(1, n + 1)
    frame = pd.DataFrame({
        "household": np.repeat(hh, T),
        "year": np.tile(yrs, n),
        "prefecture": np.repeat(np.array(PREFECTURES, dtype=object)[pref], T),
        "village": np.repeat(village, T),
        "county_exit_year": np.repeat(county_exit, T),
        "weight": np.repeat(weight, T),
        "size": np.repeat(size, T),
        "members_under_16": np.repeat(ages[:, 0], T),
        "members_17_60": np.repeat(ages[:, 1], T),
        "members_over_60": np.repeat(ages[:, 2], T),
        "labour_short": np.repeat(labour_short.astype(np.int8), T),
        "head_education": np.repeat(np.array(["illiterate", "primary", "junior", "senior", "college"], dtype=object)[edu_cat], T),
        "edu_years": np.repeat(edu_years, T),
        "health": np.repeat(np.array(["healthy", "serious_illness", "chronic", "disability"], dtype=object)[health], T),
        "ill_health": np.repeat(ill_health.astype(np.int8), T),
        **{f"support_{k}": np.repeat(v, T) for k, v in supports.items()},
        "coop_work": np.repeat(coop_work.astype(np.int8), T),
        "coop_shareholder": np.repeat(coop_share, T),
        "wage_earner": np.repeat(wage_earner.astype(np.int8), T),
        "transfer_dependent": np.repeat(transfer_dependent.astype(np.int8), T),
        "illness_shock": illness.ravel().astype(np.int8),
        "disaster_shock": disaster.ravel().astype(np.int8),
        "epidemic_shock": epidemic.ravel().astype(np.int8),
        "policy_withdrawn": withdrawn.ravel().astype(np.int8),
        "income": y.ravel(),
        "income_wage": wage.ravel(),
        "income_operating": operating.ravel(),
        "income_property": prop.ravel(),
        "income_transfer": transfer.ravel(),
        "dibao_topup": dibao.ravel(),
        "income_market": market.ravel(),
        **{k: v.ravel() for k, v in indicators.items()},
    })
    frame["log_income"] = np.log(frame["income"])
    frame["poor"] = (frame["income"] < LINE_2010_PRICES).astype(np.int8)
    frame["below_monitoring"] = (frame["income"] < MONITORING).astype(np.int8)
    frame.attrs["simulated"] = True
    frame.attrs["label"] = "SIMULATED"

    calib = calibration_table(frame)
    return SimulatedHouseholds(frame, truth, dict(zip(PREFECTURES, mu.round(12))), float(g), calib, seed)


def calibration_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Every targeted marginal beside its simulated (weighted) value.

    Parameters
    ----------
    frame : pandas.DataFrame
        The simulated household-year data.

    Returns
    -------
    pandas.DataFrame
        Target, simulated value and the tolerance it is held to, with the finding,
        ``source_file`` and ``source_line`` the target is printed at.
    """
    w = frame["weight"].to_numpy()
    rows = []
    first = frame["year"] == frame["year"].min()
    f14 = frame[first]
    w14 = f14["weight"].to_numpy()
    members = f14[["members_under_16", "members_17_60", "members_over_60"]].to_numpy() * w14[:, None]
    member_share = members.sum(0) / members.sum()
    for q, group, target, finding, source_file, source_line in TARGETS:
        if q.startswith("poverty_incidence"):
            yr = int(q[-4:])
            sub = frame[(frame["year"] == yr) & ((frame["prefecture"] == group) | (group == "Four prefectures"))]
            sim = 100 * _wmean(sub["poor"].to_numpy(), sub["weight"].to_numpy())
            tol = 0.5
        elif q.startswith("members_"):
            sim = 100 * member_share[["members_under_16", "members_17_60", "members_over_60"].index(q)]
            tol = 2.0  # members are drawn (multinomial), not allocated
        elif q.startswith("head_"):
            # the printed education shares sum to 98.72%; the simulator renormalises them
            total = sum(t for (qq, *_r) in TARGETS if qq.startswith("head_") for t in [_r[1]])
            target = target * 100 / total
            sim = 100 * _wmean((f14["head_education"] == q[5:]).to_numpy(), w14)
            tol = 0.5  # allocated exactly per stratum: only rounding to whole households
        elif q.startswith("health_"):
            sim = 100 * _wmean((f14["health"] == q[7:]).to_numpy(), w14)
            tol = 0.5
        elif q.startswith("support_") or q.startswith("coop_"):
            sim = 100 * _wmean(f14[q].to_numpy(), w14)
            tol = 0.5
        else:  # income shares, 2018
            k = q.split("_")[1]
            sub = frame[frame["year"] == 2018]
            sim = 100 * (sub[f"income_{k}"] * sub["weight"]).sum() / (sub["income"] * sub["weight"]).sum()
            tol = 1.0
        rows.append({"quantity": q, "group": group, "target": round(target, 4), "simulated": round(sim, 4),
                     "tolerance": tol, "within": abs(sim - target) <= tol,
                     "finding": finding, "source_file": source_file, "source_line": source_line})
    return pd.DataFrame(rows)
