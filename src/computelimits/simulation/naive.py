"""The straightforward implementation of the Figure 1 simulation, as a reference.

Every case (replication, sample size, model) is handled from scratch: the case's data are drawn
again from the replication's streams (so they are the very rows the fast engine uses), and the
model is fitted with scikit-learn, without sharing anything between cases. It is slow by design;
the benchmark (``benchmarks/bench_simulation.py``) times it against the fast engine on the same
settings and seeds, and the tests check that both give the same numbers.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2.
"""

from __future__ import annotations

import math

import numpy as np

from .kernels import normalized_error, normalized_error_queries
from .models import MODELS
from .settings import SimulationSettings
from .streams import data_generators, model_generator, true_coefficients

__all__ = ["naive_replication", "naive_fit"]


def _draw(settings: SimulationSettings, rep: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    gx, gz = data_generators(settings.seed, rep)
    X = gx.standard_normal((n, settings.d))
    z = gz.standard_normal(n)
    theta = true_coefficients(settings.d, settings.s, settings.coef)
    y = X[:, : settings.s] @ theta[: settings.s] + settings.sigma * z
    return X, y


def naive_fit(settings: SimulationSettings, model: str, X: np.ndarray, y: np.ndarray,
              tol: float = 1e-4):
    """Fit ``model`` on ``(X, y)`` with scikit-learn; returns ``(indices, coefficients, lambda)``.

    ``tol`` is the Lasso's stopping tolerance (scikit-learn's default ``1e-4``; the fast engine's
    homotopy is exact, so a small ``tol`` makes the two agree to many digits).
    """
    from sklearn.linear_model import Lasso, LassoCV, LinearRegression

    st = settings
    n, d = X.shape
    spec = MODELS.get(model)
    cols = spec.covariates(st)
    if not spec.penalized:
        idx = np.arange(d) if cols is None else cols
        lr = LinearRegression(fit_intercept=False).fit(X[:, idx], y)  # min-norm when n < p
        return idx, lr.coef_, math.nan
    if st.penalty == "cv":
        K = st.cv_folds
        rows = np.arange(n)
        splits = [(rows[rows % K != f], rows[rows % K == f]) for f in range(K)]
        lam_max = float(np.max(np.abs(X.T @ y))) / n
        alphas = np.geomspace(lam_max, lam_max * st.cv_eps, st.cv_alphas)
        m = LassoCV(alphas=alphas, cv=splits, fit_intercept=False, tol=tol,
                    max_iter=100_000).fit(X, y)
        return np.arange(d), m.coef_, float(m.alpha_)
    if st.penalty == "theory":
        lam = st.penalty_c * st.sigma * math.sqrt(2.0 * math.log(d) / n)
    else:
        lam = float(st.penalty_value)  # type: ignore[arg-type]
    m = Lasso(alpha=lam, fit_intercept=False, tol=tol, max_iter=100_000).fit(X, y)
    return np.arange(d), m.coef_, lam


def naive_replication(
    settings: SimulationSettings, rep: int, tol: float = 1e-4
) -> tuple[np.ndarray, np.ndarray]:
    """NMSE and Lasso penalty of replication ``rep``, every case refitted from scratch.

    ``tol``: the Lasso's stopping tolerance (see :func:`naive_fit`).

    Returns
    -------
    nmse : ndarray, shape (models, sample sizes)
    penalty : ndarray, shape (sample sizes,)
    """
    st = settings
    theta = true_coefficients(st.d, st.s, st.coef)
    nmse = np.empty((len(st.models), len(st.n)))
    penalty = np.full(len(st.n), np.nan)
    for j, n in enumerate(st.n):
        for i, model in enumerate(st.models):
            X, y = _draw(st, rep, n)  # every case draws its data again
            idx, coef, lam = naive_fit(st, model, X, y, tol=tol)
            if st.queries:
                rng = model_generator(st.seed, model, n, rep)
                nmse[i, j] = normalized_error_queries(theta, idx, coef, rng, st.queries)
            else:
                nmse[i, j] = normalized_error(theta, idx, coef)
            if MODELS.get(model).penalized:
                penalty[j] = lam
    return nmse, penalty
