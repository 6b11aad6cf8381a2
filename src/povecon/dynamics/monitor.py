"""Monitoring and early warning of return to poverty.

``classify`` flags households each period by the monitoring rules (constants and
class definitions live in ``povecon.china``):

* ``unstable_exited`` (脱贫不稳定户): an exited household (脱贫户) with per-capita
  income below the monitoring threshold (5000 yuan by default);
* ``marginal`` (边缘易致贫户): a household that was never registered poor with
  income below the threshold;
* ``sudden_hardship`` (突发严重困难户): income fell by at least ``drop_share``
  since the previous period, or rigid expenditure (e.g. medical) is at least
  ``spike_share`` of income. The reports give no numbers for either; the
  defaults (0.3 and 0.5) are conventions of this library, to be set by the user;
* ``guarantee_failure`` (两不愁三保障 not met): any of the given 0/1 failure columns;
* ``exited_class``: the class of an exited household (``povecon.china``
  ``EXITED_HOUSEHOLD_CLASSES``: codes ``not_receiving_policy``, ``receiving_policy``,
  ``monitored``), or empty when no class applies (the report's classes do not
  cover every case). "Near or at" the provincial mean is income >=
  ``(1 - near_tolerance) * mean`` (the report gives no tolerance; default 0).

``risk_codes`` maps flags to the return-to-poverty risk typology
(``povecon.china.RISK_SUBTYPES``) only where the link is direct: failures of the
health guarantee and medical expenditure spikes -> ``capability.illness``,
failures of the education guarantee -> ``capability.education_skills``; other
causes come from a user column of sub-type codes.

``evaluate_warning`` fits the discrete-time re-entry hazard on early years, scores
households at risk in held-out later years and reports precision, recall and ROC
AUC of each flag and of the score against actual re-entry (weighted by the panel's
sampling weights when they are unequal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .. import _input
from ..errors import EstimationError, InputError
from ..result import Result
from .panel import PovertyPanel

FLAGS = ("unstable_exited", "marginal", "sudden_hardship", "guarantee_failure")
FLAG_LABELS_ZH = {"unstable_exited": "脱贫不稳定户", "marginal": "边缘易致贫户",
                  "sudden_hardship": "突发严重困难户", "guarantee_failure": "两不愁三保障未达标"}
#: direct links from a guarantee dimension to a risk sub-type code
GUARANTEE_RISK = {"health": "capability.illness", "medical": "capability.illness",
                  "education": "capability.education_skills"}


def _threshold_default() -> float:
    from ..china import policy_constant

    return float(policy_constant("monitoring_income_threshold").value)


@dataclass(frozen=True)
class MonitorRules:
    """Parameters of the monitoring rules used by :func:`classify`.

    The reports give no numbers for the two shares and the tolerance; the defaults are conventions of this library.

    Parameters
    ----------
    threshold : float, optional
        Monitoring income threshold, yuan per person per year; None takes the
        policy constant (5000 yuan).
    drop_share : float, default 0.3
        A fall in income of at least this share since the previous period is a
        sudden hardship.
    spike_share : float, default 0.5
        Rigid expenditure (e.g. medical) of at least this share of income is a
        sudden hardship.
    near_tolerance : float, default 0.0
        Income counts as near the provincial mean when
        ``>= (1 - near_tolerance) * mean``.
    """

    threshold: float | None = None
    drop_share: float = 0.3
    spike_share: float = 0.5
    near_tolerance: float = 0.0

    def __post_init__(self) -> None:
        # a negative share would flag every household; catch it when the rules are written
        _input.fraction(self.drop_share, "drop_share")
        _input.positive_scalar(self.spike_share, "spike_share")
        _input.fraction(self.near_tolerance, "near_tolerance", low_open=False)

    def resolved_threshold(self) -> float:
        """The monitoring threshold in yuan (the policy constant when ``threshold`` is None).

        Returns
        -------
        float
        """
        return _threshold_default() if self.threshold is None else _input.positive_scalar(self.threshold, "threshold")


def _zero_one(data: pd.DataFrame, col: str, name: str) -> np.ndarray:
    v = _input.numeric(data, col, name)
    if not np.isin(v, (0, 1)).all():
        raise InputError(f"{name} column {col!r} must be 0/1 (1 = yes)")
    return v == 1


def classify(data: pd.DataFrame, id: str, time: str, income: str, exited: str, *,
             at_risk: str | None = None, expenditure: str | None = None,
             guarantees: dict[str, str] | None = None, provincial_mean: float | str | None = None,
             receives_policy: str | None = None, rules: MonitorRules = MonitorRules()) -> pd.DataFrame:
    """Monitoring flags per household-period, one row per input row in the input's order.

    Flags: ``unstable_exited``, ``marginal``, ``sudden_hardship``,
    ``guarantee_failure``, and ``exited_class`` (see :func:`povecon.china.exited_household_classes`).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per household and period.
    id : str
        Column of the household identifier.
    time : str
        Column of the period.
    income : str
        Column of per-capita income, yuan per year.
    exited : str
        0/1 column, 1 for an exited (formerly registered poor) household.
    at_risk : str, optional
        0/1 column of households judged at risk of returning to poverty.
    expenditure : str, optional
        Column of rigid expenditure (e.g. medical), in the units of income.
    guarantees : dict of str to str, optional
        ``{dimension: 0/1 failure column}``, dimensions such as food, clothing,
        education, health, housing.
    provincial_mean : float or str, optional
        Provincial mean income, a number or a column; needed for the two upper
        exited-household classes.
    receives_policy : str, optional
        0/1 column of households still receiving support policies.
    rules : MonitorRules, optional
        The rule parameters.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    InputError
        Missing columns, or flag columns that are not 0/1.
    """
    from ..china import EXITED_HOUSEHOLD_CLASSES

    cols = [id, time, income, exited, at_risk, expenditure, receives_policy]
    if guarantees is not None and not isinstance(guarantees, dict):
        raise InputError(f"guarantees must be a dict {{dimension: 0/1 failure column}}, got {type(guarantees).__name__}")
    if not isinstance(rules, MonitorRules):
        raise InputError(f"rules must be a MonitorRules, got {type(rules).__name__}")
    cols += list((guarantees or {}).values())
    if isinstance(provincial_mean, str):
        cols.append(provincial_mean)
    _input.check_columns(data, cols)
    _input.unique_keys(data, [id, time])
    n = len(data)
    thr = rules.resolved_threshold()
    y = _input.numeric(data, income, "income")
    ex = _input.numeric(data, exited, "exited")
    if not np.isin(ex, (0, 1)).all():
        raise InputError(f"{exited!r} must be 0/1")
    ex = ex == 1
    risk = None if at_risk is None else _zero_one(data, at_risk, "at_risk")
    t = _input.numeric(data, time, "time")
    hh, _ = _input.groups(data, id, n, name="id")
    order = np.lexsort((t, hh))
    prev = np.full(n, np.nan)
    same = hh[order][1:] == hh[order][:-1]
    prev_sorted = np.r_[np.nan, np.where(same, y[order][:-1], np.nan)]
    prev[order] = prev_sorted
    with np.errstate(invalid="ignore", divide="ignore"):
        drop = (prev > 0) & ((prev - y) / prev >= rules.drop_share)
    spike = np.zeros(n, bool)
    if expenditure is not None:
        e = _input.numeric(data, expenditure, "expenditure", nonnegative=True)
        spike = e >= rules.spike_share * np.maximum(y, 0)
    out = pd.DataFrame({id: data[id].to_numpy(), time: data[time].to_numpy()}, index=data.index)
    below = y < thr
    out["unstable_exited"] = ex & below
    out["marginal"] = ~ex & below
    out["sudden_hardship"] = drop | spike
    out["income_drop"] = drop
    out["expenditure_spike"] = spike
    fail = np.zeros(n, bool)
    for dim, col in (guarantees or {}).items():
        f = _input.numeric(data, col, col)
        if not np.isin(f, (0, 1)).all():
            raise InputError(f"guarantee failure column {col!r} must be 0/1")
        out[f"fail_{dim}"] = f == 1
        fail |= f == 1
    out["guarantee_failure"] = fail
    # exited-household classes from the china rule definitions
    mean = None
    if provincial_mean is not None:
        mean = (np.full(n, _input.positive_scalar(provincial_mean, "provincial_mean"))
                if not isinstance(provincial_mean, str) else _input.numeric(data, provincial_mean, "provincial_mean"))
    pol = None if receives_policy is None else _zero_one(data, receives_policy, "receives_policy")
    cls = np.full(n, "", dtype=object)
    for c in sorted(EXITED_HOUSEHOLD_CLASSES, key=lambda c: -c.rank):  # the monitored class wins
        ok = ex.copy()
        for cond in c.income:
            if cond.reference == "monitoring_threshold":
                ref = np.full(n, thr)
            elif mean is None:
                ok[:] = False
                continue
            else:
                ref = mean
            if cond.op == "lt":
                ok &= y < ref
            elif cond.op == "ge":
                ok &= y >= ref
            else:  # approx_ge
                ok &= y >= (1 - rules.near_tolerance) * ref
        if c.at_risk is not None:
            if risk is None:
                ok[:] = False
            else:
                ok &= risk == c.at_risk
        if c.receives_policy is not None and pol is not None:
            ok &= pol == c.receives_policy
        cls = np.where(ok & (cls == ""), c.code, cls)
    out["exited_class"] = cls
    out["flagged"] = out[list(FLAGS)].any(axis=1)
    return out


def risk_codes(flags: pd.DataFrame, cause: pd.Series | None = None) -> pd.Series:
    """Risk sub-type codes (``;``-joined, sorted) implied by the flags of each row.

    Only direct links: failures of the health guarantee and medical expenditure
    spikes give ``capability.illness``, failures of the education guarantee
    ``capability.education_skills``; other causes come from ``cause``.

    Parameters
    ----------
    flags : pandas.DataFrame
        The output of :func:`classify`.
    cause : pandas.Series, optional
        Sub-type codes per row from another source (``;``-separated).

    Returns
    -------
    pandas.Series
    """
    from ..china import check_risk_codes

    parts = []
    for dim, code in GUARANTEE_RISK.items():
        col = f"fail_{dim}"
        if col in flags.columns:
            parts.append(np.where(flags[col].to_numpy(), code, ""))
    if "expenditure_spike" in flags.columns:
        parts.append(np.where(flags["expenditure_spike"].to_numpy(), "capability.illness", ""))
    if cause is not None:
        c = pd.Series(cause).fillna("").astype(str).to_numpy()
        check_risk_codes([v for v in set(c) if v])
        parts.append(c)
    if not parts:
        return pd.Series("", index=flags.index, name="risk_codes")
    codes = [";".join(sorted({p for p in row if p})) for row in zip(*parts)]  # row-wise join of short strings
    return pd.Series(codes, index=flags.index, name="risk_codes")


def roc_auc(score: np.ndarray, outcome: np.ndarray, weights: np.ndarray | None = None) -> float:
    """ROC AUC = P(score of a case > score of a non-case) + 0.5 P(tie) (Mann-Whitney).

    With ``weights`` (sampling weights) each case/non-case pair counts with the
    product of their weights: the population AUC.

    Parameters
    ----------
    score : numpy.ndarray
        Risk scores.
    outcome : numpy.ndarray
        0/1 outcomes, aligned with ``score``.
    weights : numpy.ndarray, optional
        Sampling weights, aligned with ``score``.

    Returns
    -------
    float
        NaN when only one outcome class is present.
    """
    s = np.asarray(score, float)
    o = np.asarray(outcome).astype(bool)
    n1, n0 = o.sum(), (~o).sum()
    if n1 == 0 or n0 == 0:
        return float("nan")
    if weights is None:
        r = stats.rankdata(s)
        return float((r[o].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))
    w = _input.weights(None, weights, s.size)
    _, inv = np.unique(s, return_inverse=True)
    w1 = np.bincount(inv, weights=w * o)      # case weight at each distinct score, ascending
    w0 = np.bincount(inv, weights=w * ~o)     # non-case weight at each distinct score
    below = np.cumsum(w0) - w0                # non-case weight strictly below each score
    W1, W0 = w1.sum(), w0.sum()
    if not (W1 > 0 and W0 > 0):
        return float("nan")
    return float(np.sum(w1 * (below + 0.5 * w0)) / (W1 * W0))


def _binary_metrics(pred: np.ndarray, outcome: np.ndarray, w: np.ndarray | None = None) -> dict:
    """Rows flagged (a count), weighted precision and recall, AUC of the 0/1 flag."""
    pred = pred.astype(bool)
    o = outcome.astype(bool)
    if w is None:
        tp = int((pred & o).sum())
        return {"flagged": int(pred.sum()), "precision": tp / pred.sum() if pred.any() else np.nan,
                "recall": tp / o.sum() if o.any() else np.nan, "auc": roc_auc(pred.astype(float), o)}
    tp = w[pred & o].sum()
    return {"flagged": int(pred.sum()), "precision": tp / w[pred].sum() if w[pred].sum() > 0 else np.nan,
            "recall": tp / w[o].sum() if w[o].sum() > 0 else np.nan,
            "auc": roc_auc(pred.astype(float), o, w)}


METRICS = ("flagged", "precision", "recall", "auc")


class WarningEvaluation(Result):
    """Out-of-sample performance of early-warning flags and a model risk score.

    A :class:`povecon.result.Result` with one row per predictor (column ``predictor``:
    the score rule, then each flag) and metric (``measure``: ``flagged``, a count of test
    person-periods, and the (weighted) ``precision``, ``recall`` and ROC ``auc``). No
    standard errors are computed (``se`` is NaN). :meth:`table` gives the old wide frame;
    ``n_train``, ``n_test``, ``reentries_test``, ``weighted`` and ``cutoff`` are attributes.

    Parameters
    ----------
    frame : pandas.DataFrame
        The long frame (see above).
    n_train, n_test, reentries_test : int
        Training and test person-periods, and re-entries among the test ones.
    weighted : bool
        Whether the panel's unequal sampling weights were used.
    cutoff : float
        Score at or above which a household is flagged by the model.
    call : dict, optional
        The call.
    """

    _title = "Early-warning evaluation (test years)"

    def __init__(self, frame: pd.DataFrame, *, n_train: int, n_test: int, reentries_test: int, weighted: bool,
                 cutoff: float, call=None):
        super().__init__(frame, n=n_test, call=call)
        self.n_train, self.n_test, self.reentries_test = int(n_train), int(n_test), int(reentries_test)
        self.weighted = bool(weighted)
        self.cutoff = float(cutoff)

    def table(self) -> pd.DataFrame:
        """The wide frame: one row per predictor, columns ``predictor, flagged, precision, recall, auc``.

        Returns
        -------
        pandas.DataFrame
            With ``attrs`` ``n_train``, ``n_test``, ``reentries_test`` and ``weighted`` (as
            ``evaluate_warning`` returned before the common result type).
        """
        f = self._frame
        wide = f.pivot(index="predictor", columns="measure", values="value")
        order = list(pd.unique(f["predictor"]))
        out = wide.loc[order, [m for m in METRICS if m in wide.columns]].reset_index()
        out.columns.name = None
        out["flagged"] = out["flagged"].astype(np.int64)
        out.attrs.update(n_train=self.n_train, n_test=self.n_test, reentries_test=self.reentries_test,
                         weighted=self.weighted)
        return out


def evaluate_warning(panel: PovertyPanel, formula: str, split: float, *,
                     flags: Sequence[str] = (), cutoff: float | None = None,
                     link: str = "cloglog") -> WarningEvaluation:
    """Out-of-sample evaluation of flags and a model risk score against re-entry into poverty.

    The hazard model (``reentry_hazard`` with ``formula``'s right side) is fitted on
    person-period rows whose outcome period is <= ``split`` and scored on the later
    ones. ``flags``: 0/1 columns of the panel data (taken at the origin period).
    ``cutoff`` turns the score into a flag (default: the training re-entry rate).

    With unequal sampling weights in the panel (those of the origin waves) the hazard
    is a weighted GLM (``var_weights``), the default cutoff is the weighted training
    rate, and precision, recall and AUC are weighted (population) quantities;
    ``flagged`` stays a count of person-periods.

    The hazard model (:func:`reentry_hazard`) is fitted on person-period rows whose
    outcome period is ``<= split`` and scored on the later ones; precision, recall
    and ROC AUC are reported for each flag and for the score.

    Parameters
    ----------
    panel : PovertyPanel
        The panel, with observed exits and re-entries.
    formula : str
        Right-hand side of the hazard model (``"~ x1 + x2"``).
    split : float
        Last outcome period of the training rows.
    flags : sequence of str, default ()
        0/1 columns of the panel data, taken at the origin period.
    cutoff : float, optional
        Score above which a household is flagged; default the training
        re-entry rate.
    link : {"cloglog", "logit"}, default "cloglog"
        Link of the hazard model.

    Returns
    -------
    WarningEvaluation
        One row per predictor (the score rule and each flag) and metric (``flagged``,
        ``precision``, ``recall``, ``auc``); ``.table()`` is the wide frame.

    Raises
    ------
    EstimationError
        ``split`` leaves no training or no test person-periods.
    """
    import statsmodels.api as sm

    from .models import _binary, _check_panel, _frame_for, _matrices, _sampling_weights

    panel = _check_panel(panel)
    if link not in ("cloglog", "logit"):
        raise InputError(f"link must be 'cloglog' or 'logit', got {link!r}")
    if not isinstance(formula, str):
        raise InputError(f"formula must be a string such as '~ x1 + x2', got {type(formula).__name__}")
    try:
        split = float(split)
    except (TypeError, ValueError):
        raise InputError(f"split must be a period (a number), got {split!r}") from None
    pp = panel.person_period()
    _input.check_columns(pp, list(flags), what="flag column")
    train = pp[pp["outcome_time"] <= split].reset_index(drop=True)
    test = pp[pp["outcome_time"] > split].reset_index(drop=True)
    if train.empty or test.empty:
        raise EstimationError(f"split={split} leaves no training or no test person-periods")
    rhs = formula.split("~", 1)[1] if "~" in formula else formula
    f = "event ~ " + rhs + " + np.log(years_since_exit)"
    f, tr, nd = _frame_for(f, train, "raise")
    y, X = _matrices(f, tr, intercept=True)
    _binary(y, "re-entry event in the training years")
    fam = sm.families.Binomial(sm.families.links.CLogLog() if link == "cloglog" else sm.families.links.Logit())
    _, te, _ = _frame_for(f, test, "raise")
    # weights only when unequal anywhere in the panel's person-periods, so equal weights give the unweighted fit
    weighted = _sampling_weights(panel, pp) is not None
    w = tr[panel.weights_col].to_numpy(dtype=float) if weighted else None
    wt = te[panel.weights_col].to_numpy(dtype=float) if weighted else None
    # only predictions are used: no covariance; weights at mean 1 so the fit does not depend on their scale
    fit = sm.GLM(y, X, family=fam, var_weights=None if w is None else w / w.mean()).fit()
    yt, Xt = _matrices(f, te, intercept=True)
    score = fit.predict(Xt[X.columns])
    cut = (float(y.mean()) if w is None else float(np.average(y, weights=w))) if cutoff is None \
        else _input.fraction(cutoff, "cutoff")
    rows = [{"predictor": f"score >= {cut:.3f}", **_binary_metrics(score >= cut, yt, wt)}]
    rows[0]["auc"] = roc_auc(score, yt, wt)
    for c in flags:
        v = _input.numeric(te, c, c)
        rows.append({"predictor": c, **_binary_metrics(v == 1, yt, wt)})
    long = pd.DataFrame([{"measure": m, "predictor": r["predictor"], "value": float(r[m]), "n": int(len(yt))}
                         for r in rows for m in METRICS])
    return WarningEvaluation(long, n_train=int(len(y)), n_test=int(len(yt)), reentries_test=int(yt.sum()),
                             weighted=weighted, cutoff=cut,
                             call={"function": "evaluate_warning", "split": split, "flags": list(flags),
                                   "link": link})


__all__ = ["MonitorRules", "WarningEvaluation", "classify", "risk_codes", "roc_auc", "evaluate_warning", "FLAGS", "FLAG_LABELS_ZH"]
