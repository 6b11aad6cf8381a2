"""Random-effects probit by Gauss-Hermite quadrature maximum likelihood.

No well-kept Python engine offers the random-effects probit (statsmodels has
pooled probit and GLMM by variational Bayes only), so the likelihood is written
here and maximised with scipy.optimize (BFGS with the analytic score), then the
covariance is the inverse of the numerical Hessian of the log-likelihood
(statsmodels ``approx_hess3``) or the cluster sandwich.

Model: y_it = 1[x_it'b + a_i + e_it > 0], a_i ~ N(0, s^2), e_it ~ N(0, 1).
Parameters: (b, log s). ``rho = s^2 / (1 + s^2)`` is the share of latent
variance due to the household effect. Rows must be sorted by household.

Sampling weights (one per household) weight each household's log-likelihood
contribution (pseudo-ML); they are rescaled to mean 1, so the estimates and the
reported (pseudo) log-likelihood do not depend on their scale, and the covariance
is then always the cluster sandwich ``H^-1 (sum_i w_i^2 s_i s_i') H^-1 G/(G-1)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

from ..errors import EstimationError


@dataclass
class REProbitFit:
    params: np.ndarray       # (b, log_sigma)
    cov: np.ndarray
    loglike: float
    converged: bool
    n_groups: int
    nobs: int
    n_nodes: int = 0


def _parts(theta, X, sgn, grp, G, nodes, logw):
    b, lsig = theta[:-1], theta[-1]
    sig = np.exp(lsig)
    xb = X @ b
    eta = xb[:, None] + (np.sqrt(2.0) * sig) * nodes[None, :]          # n x Q
    z = sgn[:, None] * eta
    lcdf = special.log_ndtr(z)
    S = np.empty((G, nodes.size))
    for q in range(nodes.size):  # Q quadrature nodes, not households
        S[:, q] = np.bincount(grp, weights=lcdf[:, q], minlength=G)
    A = S + logw[None, :]
    li = special.logsumexp(A, axis=1)
    post = np.exp(A - li[:, None])                                        # G x Q
    lam = sgn[:, None] * np.exp(stats.norm.logpdf(z) - lcdf)              # d log Phi / d eta
    return li, post, lam, sig


def loglike_obs(theta, X, sgn, grp, G, nodes, logw):
    return _parts(theta, X, sgn, grp, G, nodes, logw)[0]


def score_obs(theta, X, sgn, grp, G, nodes, logw):
    """Per-household score (G x k+1)."""
    li, post, lam, sig = _parts(theta, X, sgn, grp, G, nodes, logw)
    pl = post[grp] * lam                                                  # n x Q
    m = pl.sum(axis=1)
    gb = np.column_stack([np.bincount(grp, weights=X[:, j] * m, minlength=G) for j in range(X.shape[1])])
    gs = np.bincount(grp, weights=(pl * nodes[None, :]).sum(axis=1), minlength=G) * np.sqrt(2.0) * sig
    return np.column_stack([gb, gs])


def fit_re_probit(X, y, grp, *, n_nodes: int | str = "auto", start=None, cluster: bool = False,
                  tol: float = 1e-5, max_nodes: int = 256, weights=None) -> REProbitFit:
    """Fit; ``n_nodes="auto"`` starts at 32 nodes and doubles until the maximised
    log-likelihood changes by less than ``tol`` (non-adaptive quadrature needs many
    nodes when the household variance or T is large). ``weights``: one sampling
    weight per household (code of ``grp``), or None."""
    if weights is not None:
        weights = np.asarray(weights, dtype=float)
        if weights.shape != (int(grp.max()) + 1,) or not np.all(np.isfinite(weights)) or weights.min() < 0 \
                or not weights.sum() > 0:
            raise EstimationError("random-effects probit: household weights must be finite, >= 0, one per "
                                  "household and not all zero")
        weights = weights / weights.mean()
    if n_nodes != "auto":
        return _fit(X, y, grp, int(n_nodes), start, cluster, weights)
    q = 32
    fit = _fit(X, y, grp, q, start, cluster, weights)
    while q < max_nodes:
        q *= 2
        new = _fit(X, y, grp, q, fit.params, cluster, weights)
        if abs(new.loglike - fit.loglike) < tol * max(1.0, abs(fit.loglike)) * 1e-2:
            return new
        fit = new
    raise EstimationError(f"random-effects probit: quadrature did not stabilise with {max_nodes} nodes")


def _fit(X, y, grp, n_nodes, start, cluster, weights=None) -> REProbitFit:
    from statsmodels.tools.numdiff import approx_fprime

    G = int(grp.max()) + 1
    nodes, wts = np.polynomial.hermite.hermgauss(n_nodes)
    logw = np.log(wts / np.sqrt(np.pi))
    sgn = 2.0 * y - 1.0
    args = (X, sgn, grp, G, nodes, logw)
    if start is None:
        import statsmodels.api as sm

        try:
            pb = sm.Probit(y, X).fit(disp=0).params
        except Exception:  # pragma: no cover - a start value only
            pb = np.zeros(X.shape[1])
        start = np.r_[pb, np.log(0.5)]

    wg = np.ones(G) if weights is None else weights

    def f(t):
        li = loglike_obs(t, *args)
        return -(li.sum() if weights is None else wg @ li)

    def g(t):
        s = score_obs(t, *args)
        return -(s.sum(axis=0) if weights is None else wg @ s)

    res = optimize.minimize(f, start, jac=g, method="BFGS", options={"gtol": 1e-6, "maxiter": 1000})
    if not np.all(np.isfinite(res.x)):
        raise EstimationError("random-effects probit did not converge (non-finite parameters)")
    theta = res.x
    # Hessian from differencing the analytic score (more accurate than second differences)
    H = approx_fprime(theta, lambda t: -g(t), centered=True)
    H = (H + H.T) / 2
    try:
        Hinv = np.linalg.inv(-H)
    except np.linalg.LinAlgError:
        raise EstimationError("random-effects probit: singular information matrix (collinear regressors?)") from None
    if cluster or weights is not None:
        s = score_obs(theta, *args) * wg[:, None]
        cov = Hinv @ (s.T @ s) @ Hinv * G / (G - 1)
    else:
        cov = Hinv
    conv = bool(res.success) or np.max(np.abs(g(theta))) < 1e-3
    return REProbitFit(theta, cov, float(-res.fun), conv, G, X.shape[0], n_nodes)
