"""Floating-point operation counts of the algorithms the Figure 1 simulation runs.

Every count is in FLOPs (one multiplication or one addition/subtraction/division/square root is
one FLOP; a multiply-add is two). Counts are exact for the dense kernels as written and follow the
standard operation counts of Golub & Van Loan, *Matrix Computations* (4th ed.), sections 1.1, 3.1
and 4.2; lower-order terms are kept so that small problems are not rounded to zero.

The computation attributed to one fit (one model at one sample size ``n``) is a property of the
**model**, defined independently of how the engine computes it (its precision, warm starts,
refinement steps, fall-backs): the arithmetic of a **stand-alone** fit at ``n`` by the textbook
algorithm, in exact arithmetic:

* least squares on ``p`` covariates (:func:`ols`): the normal equations by Cholesky when
  ``n >= p`` (:func:`least_squares`), the minimum-norm solution through ``X X^T`` otherwise
  (:func:`min_norm`);
* the Lasso on ``d`` covariates whose solution has ``k`` non-zero coefficients (:func:`lasso`):
  the sufficient statistics and the homotopy (LARS-Lasso) path that reaches the solution by
  adding its ``k`` covariates one at a time (:func:`lasso_path`), plus what the penalty rule
  spends (cross-validation: its fold paths).

So ``precision="float64"`` and ``"mixed"``, which give the same fits, report the same FLOPs. The
engine's own arithmetic (single-precision factorisations, refinement steps, certificates,
warm starts) is counted separately, as a diagnostic (``work`` in
:func:`computelimits.simulation.engine.simulate_replication`'s diagnostics). The simulation
shares the sufficient statistics between sample sizes (it adds the rows between consecutive
sample sizes to the running Gram matrix); the arithmetic it has spent on rows ``1..n`` is exactly
the stand-alone count, only spread over the sample sizes.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2 and
Figure 1(b) ("average computation required to improve performance").
"""

from __future__ import annotations

__all__ = [
    "gram",
    "gram_rows",
    "xty",
    "cholesky",
    "triangular_solve",
    "matvec",
    "least_squares",
    "min_norm",
    "ols",
    "homotopy_step",
    "cholesky_append",
    "quadratic_form",
    "refinement_step",
    "refinement_step_rows",
    "lasso_bound",
    "lasso_path",
    "lasso",
]


def gram(n: int, p: int) -> float:
    """``X^T X`` for ``X`` of shape ``(n, p)``, symmetric half only: ``n p (p + 1)``.

    Each of the ``p (p + 1) / 2`` distinct entries is a length-``n`` dot product
    (``n`` multiplications and ``n`` additions).
    """
    return float(n) * p * (p + 1)


def gram_rows(n: int, p: int) -> float:
    """``X X^T`` for ``X`` of shape ``(n, p)``, symmetric half only: ``p n (n + 1)``."""
    return float(p) * n * (n + 1)


def xty(n: int, p: int) -> float:
    """``X^T y`` (or ``X^T a``) for ``X`` of shape ``(n, p)``: ``2 n p``."""
    return 2.0 * n * p


matvec = xty


def cholesky(p: int) -> float:
    """Cholesky factorisation of a ``p x p`` s.p.d. matrix: ``p^3/3 + p^2/2 + p/6``."""
    return p**3 / 3.0 + p**2 / 2.0 + p / 6.0


def triangular_solve(p: int, rhs: int = 1) -> float:
    """Forward or back substitution with a ``p x p`` triangle, ``rhs`` right-hand sides: ``p^2``
    per right-hand side."""
    return float(p) * p * rhs


def least_squares(n: int, p: int) -> float:
    """Least squares by the normal equations (``n >= p``).

    ``gram(n, p) + xty(n, p) + cholesky(p) + 2 triangular_solve(p)``.
    """
    return gram(n, p) + xty(n, p) + cholesky(p) + 2 * triangular_solve(p)


def min_norm(n: int, p: int) -> float:
    """Minimum-norm least squares ``X^T (X X^T)^{-1} y`` (``n < p``).

    ``gram_rows(n, p) + cholesky(n) + 2 triangular_solve(n) + matvec(n, p)``.
    """
    return gram_rows(n, p) + cholesky(n) + 2 * triangular_solve(n) + matvec(n, p)


def ols(n: int, p: int) -> float:
    """Least squares on ``p`` covariates with ``n`` rows: :func:`least_squares` when
    ``n >= p``, otherwise :func:`min_norm`."""
    return least_squares(n, p) if n >= p else min_norm(n, p)


def homotopy_step(d: int, k: int) -> float:
    """One step of the Lasso homotopy (LARS-Lasso) with ``k`` active covariates out of ``d``.

    Direction ``G_AA^{-1} s_A`` by two triangular solves with the Cholesky factor of ``G_AA``
    (``2 k^2``), correlation change
    ``G_{:,A} w`` (``2 d k``), step lengths for entering covariates (``6 d``:
    ``(mu - r) / (1 - a)`` and ``(mu + r) / (1 + a)``, three operations each per covariate) and
    for leaving covariates (``2 k``), then the updates of the active coefficients (``2 k``) and of
    the correlations ``r -= gamma a`` (``2 d``).
    """
    return 2.0 * k * k + 2.0 * d * k + 6.0 * d + 2.0 * k + 2.0 * k + 2.0 * d


def cholesky_append(k: int) -> float:
    """Append one row/column to a ``k x k`` Cholesky factor: one triangular solve (``k^2``),
    one dot product (``2 k``), one subtraction and one square root (``2``)."""
    return float(k) * k + 2.0 * k + 2.0


def quadratic_form(k: int) -> float:
    """``b^T M b`` for a ``k x k`` matrix ``M``: ``2 k^2 + k`` (matrix-vector, then a dot)."""
    return 2.0 * k * k + k


def refinement_step(n: int, p: int) -> float:
    """One step of iterative refinement of least squares (``n >= p``) with a Cholesky factor
    of ``X^T X``: residual ``X^T (y - X b)`` in double precision (``4 n p + n``), correction by
    two triangular solves (``2 p^2``), update (``p``) and the two norms of the convergence test
    (``4 p``): ``4 n p + 2 p^2 + n + 5 p``."""
    return 4.0 * n * p + 2.0 * p * p + n + 5.0 * p


def refinement_step_rows(n: int, p: int) -> float:
    """One step of iterative refinement of minimum-norm least squares (``n < p``) with a
    Cholesky factor of ``X X^T``: residual ``y - X (X^T alpha)`` (``4 n p + n``), correction by
    two triangular solves (``2 n^2``), update (``n``) and the two norms of the convergence test
    (``4 n``): ``4 n p + 2 n^2 + 6 n``."""
    return 4.0 * n * p + 2.0 * n * n + 6.0 * n


def lasso_bound(d: int, k: int) -> float:
    """Error bound of the inactive correlations computed from a single-precision Gram matrix
    (:func:`computelimits.simulation.lasso.lasso_certify`), ``k`` active of ``d``: the roots
    ``sqrt(G_jj / (1 - gamma))`` (``2 d``), ``sum_i root_i |b_i|`` (``2 k``), the bound per
    covariate (``4 d``) and the comparison with ``mu`` (``2 d``): ``8 d + 2 k``."""
    return 8.0 * d + 2.0 * k


def lasso_path(d: int, k: int) -> float:
    """The homotopy (LARS-Lasso) path that reaches a solution with ``k`` non-zero coefficients
    out of ``d`` by adding them one at a time: ``2 d`` to find ``lambda_max = max |X^T y|``, then
    for ``j = 1..k`` the ``j``-th covariate entering the Cholesky factor
    (:func:`cholesky_append` of ``j - 1``) and one path step with ``j`` active
    (:func:`homotopy_step`)."""
    return 2.0 * d + sum(cholesky_append(j - 1) + homotopy_step(d, j) for j in range(1, k + 1))


def lasso(n: int, d: int, k: int) -> float:
    """The Lasso on ``d`` covariates with ``n`` rows and a solution with ``k`` non-zero
    coefficients: ``gram(n, d) + xty(n, d) + lasso_path(d, k)`` (sufficient statistics, then the
    path).

    Examples
    --------
    >>> lasso(100, 50, 0) == gram(100, 50) + xty(100, 50) + 2 * 50
    True
    """
    return gram(n, d) + xty(n, d) + lasso_path(d, k)
