"""Mixed-precision kernels of the Figure 1 simulation: a single-precision running Gram matrix,
single-precision Cholesky factorisations, and the double-precision answers recovered from the
double-precision rows by iterative refinement.

See :mod:`computelimits.simulation.precision` for how the engine uses them and
``docs/simulation.md`` ("Precision") for the accuracy they reach.

References
----------
Higham (2002), *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM: section 3.1
(error of a dot product) and chapter 12 (iterative refinement).
Buttari, Dongarra, Langou, Langou, Luszczek, Kurzak (2007), "Mixed precision iterative
refinement techniques for the solution of dense linear systems", Int. J. High Perform. Comput.
Appl. 21(4).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.linalg import blas, lapack

from .kernels import PrefixStats, solve_normal_equations, sym_column

__all__ = [
    "UNIT_ROUNDOFF_32",
    "UNIT_ROUNDOFF_64",
    "REFINE_TOL",
    "REFINE_MAX_STEPS",
    "gram32_error_bound",
    "MixedPrefixStats",
    "normal_residual",
    "refined_normal_equations",
    "exact_normal_equations",
    "RowCholesky32",
]


#: Unit roundoff of IEEE single precision (2^-24).
UNIT_ROUNDOFF_32 = 2.0**-24
#: Unit roundoff of IEEE double precision (2^-53).
UNIT_ROUNDOFF_64 = 2.0**-53

#: Default relative tolerance of iterative refinement: stop when the remaining error of the
#: solution, estimated from the last correction and the observed contraction, is below it.
REFINE_TOL = 1e-12
#: Default largest number of refinement steps before falling back to double precision.
REFINE_MAX_STEPS = 8
#: Safety factor on the error estimated after the first refinement step (see :func:`_refine`):
#: on the paper-scale grid the second correction, which measures the error left after the
#: first, was 1.0 - 2.2 times the estimate ``||correction_1||^2 / ||x||``.
REFINE_FIRST_STEP_SAFETY = 4.0


def gram32_error_bound(n: int) -> float:
    """``gamma`` with ``|G32_ij - (X^T X)_ij| <= gamma * sqrt(G_ii G_jj)`` for a single-precision
    Gram matrix of ``n`` double-precision rows.

    Each entry is a sum of ``n`` products of numbers rounded to single precision (relative error
    ``u`` each), accumulated in single precision in any order, so the error is at most
    ``gamma_{n+2} sum_r |x_ri x_rj| <= gamma_{n+2} ||x_i|| ||x_j||`` with
    ``gamma_k = k u / (1 - k u)``, ``u = 2^-24`` (Higham, *Accuracy and Stability of Numerical
    Algorithms*, 2nd ed., section 3.1); infinite when ``(n + 2) u >= 1``.
    """
    ku = (n + 2) * UNIT_ROUNDOFF_32
    return ku / (1.0 - ku) if ku < 1.0 else math.inf


class MixedPrefixStats:
    """Running sufficient statistics with a **single-precision** Gram matrix.

    The mixed-precision counterpart of :class:`PrefixStats` (one fold): ``X^T X`` is accumulated
    in single precision (BLAS ``ssyrk``, about twice the double-precision rate; the **lower**
    triangle, whose ``spotrf`` is faster in OpenBLAS), ``X^T y`` and
    ``y^T y`` in double precision (they are cheap). The fits recover double-precision answers
    from the double-precision rows (:func:`refined_normal_equations`, :class:`RowCholesky32`,
    :func:`lasso_certify`); the Gram matrix of the few covariates ``exact_cols`` that
    least-squares models on fixed subsets use is also kept exactly (a small :class:`PrefixStats`).

    Parameters
    ----------
    d : int
        Number of covariates.
    exact_cols : ndarray of int
        Covariates whose Gram matrix is also kept in double precision (may be empty).
    rows32 : ndarray, shape (m, d), float32, optional
        The rows already rounded to single precision (row ``i`` of :meth:`update`'s blocks is
        ``rows32[i]``), as :func:`~computelimits.simulation.streams.standard_normal_fill` writes
        them while drawing; without it each block is converted when the Gram matrix is formed.
    """

    precision = "mixed"
    folds = 1

    def __init__(self, d: int, exact_cols: np.ndarray | None = None,
                 rows32: np.ndarray | None = None):
        self.p = int(d)
        self._G32 = np.zeros((self.p, self.p), dtype=np.float32, order="F")
        self._pending: list[np.ndarray] = []
        self.rows32 = rows32
        self.gram_rows = 0
        self.c = np.zeros(self.p)
        self.yy = 0.0
        self.n = 0
        cols = np.empty(0, dtype=np.intp) if exact_cols is None else np.asarray(exact_cols)
        self.exact = PrefixStats(cols.size, cols=cols) if cols.size else None
        self._root = np.empty(0)
        self._root_n = -1

    def update(self, B: np.ndarray, y: np.ndarray) -> None:
        """Add rows ``B`` (C-ordered ``k x d``, double precision) with responses ``y``.

        ``X^T y``, ``y^T y`` and the exact statistics are updated at once; the rows' share of
        the single-precision Gram matrix is added when :attr:`G32` is next read (``B`` is kept by
        reference until then, so it must not change), so the many small blocks between the
        small sample sizes cost one efficient ``ssyrk`` instead of one each.
        """
        if self.rows32 is None:
            self._pending.append(B)
        self.c += y @ B
        self.yy += float(y @ y)
        if self.exact is not None:
            self.exact.update(B, y)
        self.n += B.shape[0]

    @property
    def G32(self) -> np.ndarray:
        """Lower triangle of the single-precision ``X^T X`` of every row added so far."""
        if self.gram_rows < self.n:
            if self.rows32 is not None:
                B32 = self.rows32[self.gram_rows:self.n]
            elif len(self._pending) == 1:
                B32 = self._pending[0].astype(np.float32)
            else:
                blocks = self._pending
                B32 = np.empty((sum(b.shape[0] for b in blocks), self.p), dtype=np.float32)
                i = 0
                for b in blocks:
                    B32[i:i + b.shape[0]] = b
                    i += b.shape[0]
            # B32 is C-ordered (k x d) so B32.T is Fortran (d x k): G32 += B32^T B32, no copy
            blas.ssyrk(1.0, B32.T, beta=1.0, c=self._G32, trans=0, lower=1, overwrite_c=1)
            self._pending = []
            self.gram_rows = self.n
        return self._G32

    def xty(self) -> np.ndarray:
        """``X^T y`` (double precision)."""
        return self.c

    def diagonal_bound(self) -> np.ndarray:
        """``sqrt(G32_jj / (1 - gamma))``, an upper bound on the norm of every column of the
        rows drawn so far (:func:`gram32_error_bound`; cached until the next update)."""
        if self._root_n != self.n:
            gamma = gram32_error_bound(self.n)
            diag = self.G32.diagonal().astype(np.float64)
            self._root = np.sqrt(diag / (1.0 - gamma)) if gamma < 1.0 else np.full(self.p, np.inf)
            self._root_n = self.n
        return self._root

    def subset_stats(self) -> PrefixStats:
        """The double-precision statistics of ``exact_cols`` (for least squares on them)."""
        if self.exact is None:
            raise ValueError("no exact columns were kept")
        return self.exact

    def column_fn(self) -> Callable[[int], np.ndarray]:
        """``j -> column j`` of the single-precision Gram matrix, as double."""
        G = self.G32
        return lambda j: sym_column(G, j, lower=True)


def _solve_lower32(L: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Solve ``L L^T x = v`` with a single-precision lower Cholesky factor; ``v``, ``x`` double."""
    scale = float(np.max(np.abs(v))) if v.size else 0.0
    if not scale > 0.0 or not math.isfinite(scale):
        return np.zeros_like(v) if scale == 0.0 else np.full_like(v, np.nan)
    w = (v / scale).astype(np.float32)
    w, _ = lapack.strtrs(L, w, lower=1, trans=0)
    w, _ = lapack.strtrs(L, w, lower=1, trans=1)
    return w.astype(np.float64) * scale


def _refine(
    x: np.ndarray,
    residual: Callable[[np.ndarray], np.ndarray],
    solve: Callable[[np.ndarray], np.ndarray],
    tol: float,
    max_steps: int,
) -> tuple[np.ndarray | None, int]:
    """Iterative refinement ``x <- x + solve(residual(x))`` until converged.

    ``x`` must be the unrefined solution ``M^{-1} c`` (``M``: the single-precision factorisation
    of the system ``A``), so that its error ``(I - M^{-1} A) x*`` is the iteration matrix applied
    to the solution. Converged after step ``k`` when the correction is below ``tol * ||x||``, or
    when the error left after it, estimated as ``rho / (1 - rho) * ||correction||``, is: from the
    second step on with the observed contraction ``rho = ||correction_k|| / ||correction_{k-1}||``;
    after the first step with ``rho = ||correction_1|| / ||x||`` (the relative size of the
    initial error, which estimates the same contraction) and the estimate multiplied by
    :data:`REFINE_FIRST_STEP_SAFETY`. Returns ``(None, steps)`` when it does not converge within
    ``max_steps`` or stops contracting.
    """
    prev = math.inf
    for k in range(1, max_steps + 1):
        delta = solve(residual(x))
        x += delta
        nd = float(np.linalg.norm(delta))
        nx = float(np.linalg.norm(x))
        if not math.isfinite(nd):
            return None, k
        if nd <= tol * nx:
            return x, k
        if k == 1:
            rho = nd / nx
            if rho < 0.5 and REFINE_FIRST_STEP_SAFETY * rho / (1.0 - rho) * nd <= tol * nx:
                return x, k
        else:
            rho = nd / prev
            if rho >= 0.5:
                return None, k  # too slow (or diverging): single precision is not enough here
            if rho / (1.0 - rho) * nd <= tol * nx:
                return x, k
        prev = nd
    return None, max_steps


#: Rows per block of :func:`normal_residual` (a block of ``256 x 1000`` doubles, 2 MB, stays in
#: cache between its two products).
RESIDUAL_BLOCK_ROWS = 256


def normal_residual(X: np.ndarray, y: np.ndarray, b: np.ndarray,
                    block: int = RESIDUAL_BLOCK_ROWS) -> np.ndarray:
    """``X^T (y - X b)`` in double precision, in one pass over the rows.

    The rows are taken ``block`` at a time, ``X_k^T (y_k - X_k b)`` added up over the blocks:
    the same ``4 n p`` FLOPs as ``(y - X @ b) @ X``, but every block of ``X`` is read from memory
    once instead of twice (for ``5000 x 1000`` rows, which do not fit in cache, 2.6 ms instead
    of 7.7 ms in isolation on the development machine; about 2% of a replication in the engine,
    see ``docs/simulation.md``, Speed). The result depends only on the arguments (a fixed
    summation order), so it is the same on every backend.
    """
    n = X.shape[0]
    if n <= block:
        return (y - X @ b) @ X
    out = np.zeros(X.shape[1])
    for i in range(0, n, block):
        Xk = X[i:i + block]
        out += (y[i:i + block] - Xk @ b) @ Xk
    return out


def refined_normal_equations(
    G32: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    c: np.ndarray,
    tol: float = REFINE_TOL,
    max_steps: int = REFINE_MAX_STEPS,
) -> tuple[np.ndarray | None, int]:
    """Least squares ``min ||y - X b||`` (``n >= p``) by a single-precision Cholesky factor of
    ``X^T X`` and iterative refinement with the double-precision data.

    ``b_0 = G32^{-1} c``, then ``b <- b + G32^{-1} X^T (y - X b)`` (residual in double
    precision, ``4 n p`` FLOPs a step) until :func:`_refine` declares convergence; the result is
    the double-precision least-squares solution (to ``tol``), not a single-precision one.

    Parameters
    ----------
    G32 : ndarray, shape (p, p), float32
        Lower triangle of the single-precision ``X^T X``.
    X, y : ndarray
        The double-precision rows (``n x p``, C-ordered) and responses.
    c : ndarray
        ``X^T y`` in double precision.

    Returns
    -------
    b : ndarray or None
        Solution, or None when the factorisation breaks down or refinement does not converge
        (the caller falls back to :func:`exact_normal_equations`).
    steps : int
        Refinement steps taken.
    """
    L, info = lapack.spotrf(G32, lower=1, clean=0)
    if info != 0:
        return None, 0
    b = _solve_lower32(L, c)
    return _refine(b, lambda v: normal_residual(X, y, v), lambda r: _solve_lower32(L, r), tol,
                   max_steps)


def exact_normal_equations(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Double-precision least squares from the rows: ``X^T X`` by ``dsyrk``, then
    :func:`solve_normal_equations` (the mixed-precision fall-back)."""
    G = blas.dsyrk(1.0, X.T, trans=0, lower=0)
    return solve_normal_equations(np.asfortranarray(G), y @ X)


class RowCholesky32:
    """Single-precision Cholesky factor of ``X X^T`` for every prefix of the rows, with iterative
    refinement to the double-precision minimum-norm solution.

    The mixed-precision counterpart of :class:`RowCholesky`. The leading ``n x n`` block of the
    factor of ``X X^T`` over ``m`` rows is the factor of the first ``n`` rows, so one
    single-precision ``ssyrk`` and one ``spotrf`` of all ``m`` rows (done at the first
    :meth:`extend`; the rows must all be filled by then) serve every sample size ``n <= m``; if the
    factorisation breaks down at row ``i`` (numerically singular in single precision), the
    leading ``i - 1`` rows still serve. :meth:`solve` refines ``alpha`` in
    ``(X X^T) alpha = y`` with double-precision residuals ``y - X (X^T alpha)`` (``4 n p`` FLOPs a
    step) and returns ``X^T alpha``.

    Parameters
    ----------
    X : ndarray, shape (m, p)
        The double-precision rows, all filled before the first :meth:`extend`.
    X32 : ndarray, shape (m, p), float32, optional
        The same rows rounded to single precision (converted from ``X`` if not given).
    """

    def __init__(self, X: np.ndarray, X32: np.ndarray | None = None):
        self.X = X
        self.X32 = X32
        self.L: np.ndarray | None = None
        self.good = 0  # leading rows with a valid factor
        self.n = 0
        self.ok = True

    def extend(self, n1: int) -> None:
        """Make the factor of the first ``n1`` rows available (``ok`` False if it is not)."""
        if self.L is None:
            X32 = self.X.astype(np.float32) if self.X32 is None else self.X32
            # X32 is C-ordered (m x p), so X32.T is Fortran (p x m): K = X32 X32^T
            K = blas.ssyrk(1.0, X32.T, trans=1, lower=1)
            L, info = lapack.spotrf(K, lower=1, clean=1, overwrite_a=1)
            self.L = L
            self.good = self.X.shape[0] if info == 0 else int(info) - 1
        self.ok = n1 <= self.good
        self.n = max(self.n, n1) if self.ok else self.n

    def solve(
        self, n: int, y: np.ndarray, tol: float = REFINE_TOL, max_steps: int = REFINE_MAX_STEPS
    ) -> tuple[np.ndarray | None, int]:
        """Minimum-norm least squares on the first ``n`` rows, ``X_n^T (X_n X_n^T)^{-1} y``,
        refined to double precision; ``(None, steps)`` if refinement does not converge."""
        assert self.L is not None and n <= self.good
        L = np.asfortranarray(self.L[:n, :n])
        Xn, yn = self.X[:n], y[:n]
        alpha = _solve_lower32(L, yn)
        alpha, steps = _refine(alpha, lambda a: yn - Xn @ (a @ Xn),
                               lambda r: _solve_lower32(L, r), tol, max_steps)
        if alpha is None:
            return None, steps
        return alpha @ Xn, steps

