"""The four models of Figure 1 and the Lasso penalty rules, in registries.

:data:`MODELS`
    ``oracle`` (least squares on the ``s`` true covariates), ``expert`` (``s - 1`` true covariates
    and one wrong one), ``flexible`` (least squares on all ``d``; minimum-norm solution when
    ``n < d``), ``regularized`` (Lasso on all ``d``, penalty from a rule in :data:`PENALTIES`).
:data:`PENALTIES`
    ``theory`` (``lambda = c sigma sqrt(2 log d / n)``), ``cv`` (K-fold cross-validation over a
    log-spaced grid), ``fixed`` (a given ``lambda``).

Every model fits from the running sufficient statistics of the replication
(:class:`~computelimits.simulation.kernels.PrefixStats`), so moving to the next sample size only
adds the new rows; the FLOPs reported for a fit are those of a stand-alone fit at that sample size
(:mod:`computelimits.simulation.fit_flops`). How the fits on all ``d`` covariates are computed (double
precision, or mixed precision with refinement) is the run's precision
(:mod:`computelimits.simulation.precision`); the oracle and expert always use the exact
double-precision Gram matrix of their few covariates.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2 (the
oracle, expert, flexible and regularized models) and Figure 1.
Tibshirani (1996), "Regression shrinkage and selection via the lasso", JRSS B 58(1) (the Lasso).
Bickel, Ritov, Tsybakov (2009), "Simultaneous analysis of Lasso and Dantzig selector",
Ann. Statist. 37(4) (the ``sigma sqrt(2 log d / n)`` scale of the theory penalty).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._registry import Registry
from . import fit_flops as fl
from .kernels import min_norm_solve, solve_normal_equations, sym_column, sym_submatrix
from .lasso import lasso_homotopy
from .replication import ReplicationData, ReplicationSettings

__all__ = [
    "MODELS",
    "PENALTIES",
    "Fit",
    "LeastSquaresModel",
    "LassoModel",
    "TheoryPenalty",
    "FixedPenalty",
    "CrossValidationPenalty",
    "list_models",
    "list_penalties",
]

MODELS: Registry[Any] = Registry("simulation model")
PENALTIES: Registry[Any] = Registry("penalty rule")


@dataclass(frozen=True)
class Fit:
    """One fitted model: sparse coefficients, FLOPs of a stand-alone fit (the model's count,
    :mod:`computelimits.simulation.fit_flops`), penalty used, and how the engine computed it
    (``work``: the arithmetic it actually did for this fit; refinement steps or homotopy
    segments; the route taken: see :mod:`computelimits.simulation.precision`)."""

    idx: np.ndarray
    vals: np.ndarray
    flops: float
    penalty: float = math.nan
    steps: int = 0
    route: str = ""
    work: float = math.nan


# --------------------------------------------------------------------------- least squares
@dataclass(frozen=True)
class LeastSquaresModel:
    """Least squares on a fixed set of covariates (all of them when ``covariates`` is None).

    With ``n >= p`` covariates: normal equations by Cholesky
    (:func:`~computelimits.simulation.fit_flops.least_squares`); with ``n < p``: the minimum-norm
    solution ``X^T (X X^T)^{-1} y`` (:func:`~computelimits.simulation.fit_flops.min_norm`).
    """

    name: str
    label: str
    description: str
    select: Callable[[int, int], np.ndarray | None]  # (d, s) -> covariates, None for all
    #: Whether the fit has a penalty (``Fit.penalty``, the run's ``penalty`` array).
    penalized: bool = False

    @property
    def needs_full_gram(self) -> bool:
        """True for a model on all covariates (``select`` returns None for any ``d, s``)."""
        return self.select(2, 1) is None

    def covariates(self, st: ReplicationSettings) -> np.ndarray | None:
        return self.select(st.d, st.s)

    def n_covariates(self, st: ReplicationSettings) -> int:
        cols = self.covariates(st)
        return st.d if cols is None else int(cols.size)

    def folds(self, st: ReplicationSettings) -> int:
        return 1

    def rows_needed(self, st: ReplicationSettings) -> int:
        p = self.n_covariates(st)
        return max((n for n in st.n if n < p), default=0)

    def new_state(self, data: ReplicationData) -> Any:
        rows = self.rows_needed(data.settings)
        if self.needs_full_gram and rows > 0:
            return data.precision.min_norm_state(data, rows)
        return None

    def fit(self, data: ReplicationData, state: Any, n: int) -> Fit:
        st = data.settings
        cols = self.covariates(st)
        p = st.d if cols is None else cols.size
        flops = fl.ols(n, p)  # the model's count, whichever route computes it
        if cols is None:  # all covariates: the run's precision decides how
            solve = data.precision.least_squares if n >= p else data.precision.min_norm
            args = (data, n) if n >= p else (state, data, n)
            b, work, steps, route = solve(*args)
            return Fit(np.arange(p), b, flops, steps=steps, route=route, work=work)
        if n >= p:  # a few covariates: their double-precision Gram matrix is kept exactly
            stats = data.stats.subset_stats()
            loc = stats.local(cols)
            G = sym_submatrix(stats.gram(), np.sort(loc))
            order = np.argsort(loc)
            c = stats.xty()[loc[order]]
            b = solve_normal_equations(G, c)
            return Fit(cols[order], b, flops, route="cholesky", work=flops)
        return Fit(cols, min_norm_solve(data.X[:n, cols], data.y[:n]), flops, route="direct",
                   work=flops)


def _true_covariates(d: int, s: int) -> np.ndarray:
    return np.arange(s)


def _expert_covariates(d: int, s: int) -> np.ndarray:
    # the last true covariate (index s-1) is replaced by the first null one (index s)
    return np.r_[np.arange(s - 1), s]


def _all_covariates(d: int, s: int) -> None:
    return None


MODELS.add("oracle", LeastSquaresModel(
    "oracle", "Oracle", "least squares on exactly the s true covariates", _true_covariates))
MODELS.add("expert", LeastSquaresModel(
    "expert", "Expert", "least squares on s-1 true covariates and 1 wrong one",
    _expert_covariates))
MODELS.add("flexible", LeastSquaresModel(
    "flexible", "Flexible", "least squares on all d covariates (minimum norm when n < d)",
    _all_covariates))


# --------------------------------------------------------------------------- Lasso
@dataclass(frozen=True)
class LassoModel:
    """The Lasso on all ``d`` covariates, solved exactly by the homotopy path
    (:func:`~computelimits.simulation.lasso.lasso_homotopy`) from the Gram matrix, at the
    penalty given by the rule ``settings.penalty``.

    FLOPs: :func:`~computelimits.simulation.fit_flops.lasso` (the sufficient statistics and the path
    that adds the solution's ``k`` covariates one at a time), plus what the penalty rule spent
    (cross-validation fits); the same whichever precision computes the fit.
    """

    name: str
    label: str
    description: str
    needs_full_gram: bool = True
    penalized: bool = True

    def covariates(self, st: ReplicationSettings) -> np.ndarray | None:
        return None

    def folds(self, st: ReplicationSettings) -> int:
        return PENALTIES.get(st.penalty).folds(st)

    def rows_needed(self, st: ReplicationSettings) -> int:
        return 0

    def new_state(self, data: ReplicationData) -> Any:
        return {"idx": None, "signs": None}  # previous sample size's solution (warm start)

    def fit(self, data: ReplicationData, state: Any, n: int) -> Fit:
        st = data.settings
        lam, rule_flops = PENALTIES.get(st.penalty).penalty(data, n)
        sol, work, steps, route = data.precision.lasso(data, state, n, n * lam)
        state["idx"], state["signs"] = sol[0], np.sign(sol[1])
        flops = rule_flops + fl.lasso(n, st.d, int(sol[0].size))  # the model's count
        return Fit(sol[0], sol[1], flops, lam, steps=steps, route=route,
                   work=rule_flops + fl.gram(n, st.d) + fl.xty(n, st.d) + work)


MODELS.add("regularized", LassoModel(
    "regularized", "Regularized (Lasso)", "Lasso on all d covariates"))


# --------------------------------------------------------------------------- penalty rules
@dataclass(frozen=True)
class TheoryPenalty:
    """``lambda = c sigma sqrt(2 log d / n)`` with the true noise level ``sigma``.

    The ``sigma sqrt(2 log d / n)`` scale is the one under which the Lasso attains the
    ``O(sqrt(s log d / n))`` error rate the paper quotes (section 2, [63]); ``c`` is
    ``settings.penalty_c``.
    """

    name: str = "theory"
    description: str = "lambda = c * sigma * sqrt(2 log d / n)"
    #: Whether the rule needs ``settings.penalty_value``.
    needs_value: bool = False

    def folds(self, st: ReplicationSettings) -> int:
        return 1

    def describe(self, st: ReplicationSettings) -> str:
        """The rule with its setting, for summaries."""
        return f"{self.name} (c={st.penalty_c:g})"

    def penalty(self, data: ReplicationData, n: int) -> tuple[float, float]:
        st = data.settings
        return st.penalty_c * st.sigma * math.sqrt(2.0 * math.log(st.d) / n), 0.0


@dataclass(frozen=True)
class FixedPenalty:
    """A fixed ``lambda`` (``settings.penalty_value``) at every sample size."""

    name: str = "fixed"
    description: str = "lambda = penalty_value"
    needs_value: bool = True

    def folds(self, st: ReplicationSettings) -> int:
        return 1

    def describe(self, st: ReplicationSettings) -> str:
        return f"{self.name} (lambda={st.penalty_value:g})"

    def penalty(self, data: ReplicationData, n: int) -> tuple[float, float]:
        return float(data.settings.penalty_value), 0.0  # type: ignore[arg-type]


@dataclass(frozen=True)
class CrossValidationPenalty:
    """K-fold cross-validation over ``cv_alphas`` penalties log-spaced from
    ``lambda_max = max|X^T y| / n`` down to ``cv_eps * lambda_max`` (scikit-learn's grid).

    Folds are interleaved (row ``i`` in fold ``i mod K``); rows are independent and identically
    distributed, so this is distributed as a random split, and it lets every fold keep its own
    running Gram matrix across sample sizes. Each fold's path is computed exactly by the homotopy
    on the training statistics (total minus fold), the held-out error from the fold's statistics
    (``y'y - 2 b'X'y + b'X'X b``); the penalty with the smallest mean held-out MSE is chosen
    (largest penalty on ties), as ``sklearn.linear_model.LassoCV`` does.

    FLOPs: the fold paths, the training statistics (``d`` per requested Gram column and per
    ``X^T y``), the held-out errors and the total Gram (``(K - 1) d (d + 1) / 2``).
    """

    name: str = "cv"
    description: str = "K-fold cross-validation (interleaved folds) over a log-spaced grid"
    needs_value: bool = False

    def folds(self, st: ReplicationSettings) -> int:
        return st.cv_folds

    def describe(self, st: ReplicationSettings) -> str:
        return self.name

    def grid(self, c: np.ndarray, n: int, st: ReplicationSettings) -> np.ndarray:
        lam_max = float(np.max(np.abs(c))) / n
        return np.geomspace(lam_max, lam_max * st.cv_eps, st.cv_alphas)

    def penalty(self, data: ReplicationData, n: int) -> tuple[float, float]:
        st, stats = data.settings, data.stats
        d, K = st.d, stats.folds
        c_all = stats.xty()
        grid = self.grid(c_all, n, st)
        flops = 2.0 * d + (K - 1) * d * (d + 1) / 2.0 + (K - 1) * d
        G_tot = stats.gram()
        mse = np.zeros(grid.size)
        calls = [0]
        for f in range(K):
            nf = int(stats.counts[f])
            ntr = n - nf
            Gf = stats.G[f]

            def column(j: int, Gf=Gf) -> np.ndarray:
                calls[0] += 1
                return sym_column(G_tot, j) - sym_column(Gf, j)

            c_tr = c_all - stats.c[f]
            sols, hflops, _ = lasso_homotopy(column, c_tr, ntr * grid, max_active=min(ntr, d))
            flops += hflops + d
            for g, (idx, vals) in enumerate(sols):
                if idx.size:
                    M = sym_submatrix(Gf, idx)
                    rss = stats.yy[f] - 2.0 * vals @ stats.c[f][idx] + vals @ (M @ vals)
                    flops += fl.quadratic_form(idx.size) + 2.0 * idx.size + 2.0
                else:
                    rss = stats.yy[f]
                mse[g] += rss / nf / K
        flops += calls[0] * d + 2.0 * K * grid.size
        best = int(np.argmin(mse))
        return float(grid[best]), flops


for _rule in (TheoryPenalty(), CrossValidationPenalty(), FixedPenalty()):
    PENALTIES.add(_rule.name, _rule)


def list_models() -> list[str]:
    """Names of the registered models."""
    return MODELS.names()


def list_penalties() -> list[str]:
    """Names of the registered Lasso penalty rules."""
    return PENALTIES.names()

