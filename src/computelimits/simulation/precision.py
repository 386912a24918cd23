"""Arithmetic precision of the Figure 1 engine: double precision, or mixed precision with
iterative refinement, in a registry.

:data:`PRECISIONS`
    ``float64``: every Gram matrix and factorisation in double precision (BLAS ``dsyrk``,
    LAPACK ``dpotrf``).
    ``mixed``: the ``d x d`` Gram matrix, the Cholesky factorisations and the ``X X^T`` of the
    minimum-norm fits in single precision (``ssyrk``, ``spotrf``: about twice the rate), and the
    double-precision answer recovered from the double-precision rows: least squares by iterative
    refinement, the Lasso by an exact certificate of optimality. Results agree with ``float64``
    to about ``1e-12`` relative; a fit whose refinement does not converge (a nearly singular
    system, ``n`` close to ``d``) or whose certificate fails falls back to double precision.

``"auto"`` (the default everywhere) picks ``mixed`` when it applies (a model on all ``d``
covariates, a single fold, i.e. not the cross-validated penalty, and the rows of a replication
fit in :data:`MAX_ROWS_BYTES`) and ``float64`` otherwise. The choice depends on the settings
only, so every backend and worker makes the same one.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2.
Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed. (2002), chapter 12
(iterative refinement).
Buttari, Dongarra, Langou, Langou, Luszczek, Kurzak (2007), "Mixed precision iterative
refinement techniques for the solution of dense linear systems", Int. J. High Perform. Comput.
Appl. 21(4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._registry import Registry
from ..errors import InputError
from . import fit_flops as fl
from .kernels import PrefixStats, RowCholesky, min_norm_solve, solve_normal_equations
from .lasso import (
    exact_column_fn,
    lasso_active_set,
    lasso_certify,
    lasso_certify_rows,
    lasso_homotopy,
)
from .mixed import MixedPrefixStats, RowCholesky32, exact_normal_equations, refined_normal_equations
from .replication import ReplicationData, ReplicationSettings

__all__ = [
    "PRECISIONS",
    "MAX_ROWS_BYTES",
    "DoublePrecision",
    "MixedPrecision",
    "resolve_precision",
    "list_precisions",
]

PRECISIONS: Registry[Any] = Registry("precision")

#: Largest storage (bytes) of the double-precision rows of one replication that ``mixed``
#: precision keeps (it needs every row for refinement; ``float64`` keeps only the rows of the
#: minimum-norm fits). Beyond it ``"auto"`` uses ``float64``.
MAX_ROWS_BYTES = 512 * 1024**2

#: (solution, flops, route) of a fit; route names the path taken (diagnostics).
Solved = tuple[Any, float, int, str]


def _fixed_columns(st: ReplicationSettings, models: Sequence[Any]) -> np.ndarray:
    """Union of the covariates of the models on fixed subsets (oracle, expert)."""
    cols = [m.covariates(st) for m in models]
    cols = [c for c in cols if c is not None]
    if not cols:
        return np.empty(0, dtype=np.intp)
    return np.unique(np.concatenate(cols)).astype(np.intp)


@dataclass(frozen=True)
class DoublePrecision:
    """Double precision throughout: the running Gram matrix by ``dsyrk``, Cholesky by
    ``dpotrf``, the Lasso homotopy and its warm start on the double-precision Gram matrix."""

    name: str = "float64"
    description: str = "double precision throughout (dsyrk, dpotrf)"

    def unavailable(self, st: ReplicationSettings, models: Sequence[Any]) -> str | None:
        """Why this precision cannot run these settings (None: it can)."""
        return None

    #: Whether the replication draws a single-precision copy of the rows it keeps.
    single_rows: bool = False

    def new_stats(self, st: ReplicationSettings, models: Sequence[Any],
                  rows32: np.ndarray | None = None) -> PrefixStats:
        """The running statistics (``rows32`` unused: see :attr:`single_rows`)."""
        if any(m.needs_full_gram for m in models):
            cols, p = None, st.d
        else:
            cols = _fixed_columns(st, models)
            p = cols.size
        folds = max(m.folds(st) for m in models)
        return PrefixStats(p, folds=folds, cols=cols)

    def rows_kept(self, st: ReplicationSettings, models: Sequence[Any]) -> int:
        """Rows of the design the replication keeps (those the minimum-norm fits need)."""
        return max(m.rows_needed(st) for m in models)

    def least_squares(self, data: ReplicationData, n: int) -> Solved:
        """Least squares on all covariates, ``n >= d``: Cholesky of the running Gram matrix."""
        stats = data.stats
        b = solve_normal_equations(stats.gram(), stats.xty())
        return b, fl.least_squares(n, stats.p), 0, "cholesky"

    def min_norm_state(self, data: ReplicationData, rows: int) -> RowCholesky:
        return RowCholesky(data.X[:rows])

    def min_norm(self, state: RowCholesky, data: ReplicationData, n: int) -> Solved:
        """Minimum-norm least squares on all covariates, ``n < d``."""
        p = data.settings.d
        state.extend(n)
        if state.ok:
            return state.solve(n, data.y), fl.min_norm(n, p), 0, "row-cholesky"
        return min_norm_solve(data.X[:n], data.y[:n]), fl.min_norm(n, p), 0, "direct"

    def lasso(self, data: ReplicationData, warm: dict, n: int, mu: float) -> Solved:
        """The Lasso at ``mu``: certify the previous support, else follow the homotopy path."""
        stats, d = data.stats, data.settings.d
        column, c = stats.column_fn(), stats.xty()
        flops = 0.0
        if warm["idx"] is not None and warm["idx"].size < min(n, d):
            sol, wflops = lasso_active_set(column, c, mu, warm["idx"], warm["signs"])
            flops += wflops
            if sol is not None:
                return sol, flops, 0, "warm"
        (sol,), hflops, steps = lasso_homotopy(column, c, [mu], max_active=min(n, d))
        return sol, flops + hflops, steps, "homotopy"


@dataclass(frozen=True)
class MixedPrecision:
    """Single-precision Gram matrix and factorisations, double-precision answers.

    * least squares, ``n >= d``: ``spotrf`` of the single-precision Gram matrix, then iterative
      refinement with the double-precision rows
      (:func:`~computelimits.simulation.mixed.refined_normal_equations`); if it does not
      converge in ``REFINE_MAX_STEPS`` steps, the Gram matrix of the ``n`` rows is recomputed in
      double precision (:func:`~computelimits.simulation.mixed.exact_normal_equations`);
    * minimum norm, ``n < d``: the blocked single-precision factor of ``X X^T``
      (:class:`~computelimits.simulation.mixed.RowCholesky32`) and refinement; if it fails,
      :func:`~computelimits.simulation.kernels.min_norm_solve` in double precision;
    * the Lasso: the previous sample size's support, certified exactly
      (:func:`~computelimits.simulation.lasso.lasso_certify`); else the homotopy path on the
      single-precision Gram matrix, its support certified exactly; else (rare: a covariate within
      rounding of entering or leaving) the homotopy path with double-precision Gram columns
      computed from the rows. Below ``d``, while the Gram matrix has not been formed yet (the
      statistics form it lazily, when a fit first reads it), the certificate and the path use
      the rows alone (:func:`~computelimits.simulation.lasso.lasso_certify_rows`, exact
      columns ``X^T x_j``), which at those sample sizes costs less than forming the Gram matrix.
    """

    name: str = "mixed"
    description: str = "single-precision Gram and Cholesky, refined to double precision"
    #: Active-set repairs of a failed warm start before the homotopy path is followed.
    repairs: int = 15

    def unavailable(self, st: ReplicationSettings, models: Sequence[Any]) -> str | None:
        if not any(m.needs_full_gram for m in models):
            return "no model uses all d covariates (nothing to gain)"
        if max(m.folds(st) for m in models) > 1:
            return "the cross-validated penalty needs double-precision fold Gram matrices"
        if 8 * st.n_max * st.d > MAX_ROWS_BYTES:
            return (f"it keeps all {st.n_max} x {st.d} rows ({8 * st.n_max * st.d / 1024**2:.0f}"
                    f" MiB, limit {MAX_ROWS_BYTES / 1024**2:.0f} MiB)")
        return None

    single_rows: bool = True

    def new_stats(self, st: ReplicationSettings, models: Sequence[Any],
                  rows32: np.ndarray | None = None) -> MixedPrefixStats:
        return MixedPrefixStats(st.d, _fixed_columns(st, models), rows32=rows32)

    def rows_kept(self, st: ReplicationSettings, models: Sequence[Any]) -> int:
        return st.n_max  # refinement and certificates need every row

    def least_squares(self, data: ReplicationData, n: int) -> Solved:
        stats = data.stats
        p = stats.p
        X, y = data.X[:n], data.y[:n]
        b, steps = refined_normal_equations(stats.G32, X, y, stats.xty())
        flops = fl.least_squares(n, p) + steps * fl.refinement_step(n, p)
        if b is not None:
            return b, flops, steps, "refined"
        return exact_normal_equations(X, y), flops + fl.least_squares(n, p), steps, "fallback"

    def min_norm_state(self, data: ReplicationData, rows: int) -> RowCholesky32:
        X32 = None if data.X32 is None else data.X32[:rows]
        return RowCholesky32(data.X[:rows], X32)

    def min_norm(self, state: RowCholesky32, data: ReplicationData, n: int) -> Solved:
        p = data.settings.d
        state.extend(n)
        flops = fl.min_norm(n, p)
        if state.ok:
            b, steps = state.solve(n, data.y)
            flops += steps * fl.refinement_step_rows(n, p)
            if b is not None:
                return b, flops, steps, "row-refined"
        else:
            steps = 0
        return min_norm_solve(data.X[:n], data.y[:n]), flops + fl.min_norm(n, p), steps, "fallback"

    def lasso(self, data: ReplicationData, warm: dict, n: int, mu: float) -> Solved:
        stats, d = data.stats, data.settings.d
        X, c = data.X[:n], stats.xty()
        # below d, before the Gram matrix is formed: certificates from the rows alone
        rows = stats.gram_rows == 0 and n < d
        if rows:
            def certify(idx, signs):
                return lasso_certify_rows(X, c, mu, idx, signs)
        else:
            G32, root = stats.G32, stats.diagonal_bound()

            def certify(idx, signs):
                return lasso_certify(X, c, G32, mu, idx, signs, root=root)
        flops = 0.0
        guess = None if warm["idx"] is None else (warm["idx"], warm["signs"])
        for attempt in range(1 + self.repairs):
            if guess is None or guess[0].size >= min(n, d):
                break
            sol, cflops, guess = certify(*guess)
            flops += cflops
            if sol is not None:
                return sol, flops, attempt, "warm" if attempt == 0 else "repaired"
        steps = 0
        if not rows:
            (path,), hflops, steps = lasso_homotopy(stats.column_fn(), c, [mu],
                                                    max_active=min(n, d))
            sol, cflops, _ = certify(path[0], np.sign(path[1]))
            flops += hflops + cflops
            if sol is not None:
                return sol, flops, steps, "homotopy32"
        sol, hflops, steps2 = _exact_homotopy(X, c, mu)
        return sol, flops + hflops, steps + steps2, "exact-homotopy"


def _exact_homotopy(X: np.ndarray, c: np.ndarray, mu: float):
    """The Lasso homotopy with double-precision Gram columns ``X^T x_j`` computed from the rows
    as the path asks for them (``2 n d`` FLOPs each, counted); ``(solution, flops, steps)``."""
    n, d = X.shape
    calls = [0]
    column = exact_column_fn(X)

    def counted(j: int) -> np.ndarray:
        calls[0] += 1
        return column(j)

    (sol,), hflops, steps = lasso_homotopy(counted, c, [mu], max_active=min(n, d))
    return sol, hflops + calls[0] * fl.xty(n, d), steps


for _p in (DoublePrecision(), MixedPrecision()):
    PRECISIONS.add(_p.name, _p)


def resolve_precision(st: ReplicationSettings, models: Sequence[Any], precision: str = "auto"):
    """The precision strategy for a run: ``"auto"`` picks ``mixed`` where it applies, else
    ``float64``; a named one that cannot run these settings is an :class:`InputError`."""
    name = str(precision).lower()
    if name == "auto":
        mixed = PRECISIONS.get("mixed")
        return mixed if mixed.unavailable(st, models) is None else PRECISIONS.get("float64")
    impl = PRECISIONS.get(name)
    why = impl.unavailable(st, models)
    if why is not None:
        raise InputError(f"precision '{name}' cannot run these settings: {why}")
    return impl


def list_precisions() -> list[str]:
    """Names of the registered precisions (plus ``"auto"``, accepted everywhere)."""
    return PRECISIONS.names()
