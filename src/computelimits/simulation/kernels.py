"""Double-precision array kernels of the Figure 1 simulation: running sufficient statistics,
symmetric storage, least squares, minimum-norm least squares, and the performance measure.

Everything here works on NumPy arrays; nothing here knows about models, backends or the command
line. The mixed-precision counterparts are in :mod:`computelimits.simulation.mixed`, the Lasso
in :mod:`computelimits.simulation.lasso` and the random streams in
:mod:`computelimits.simulation.streams`.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2.
Golub, Van Loan (2013), *Matrix Computations*, 4th ed., sections 4.2 (Cholesky) and 5.7
(minimum-norm solutions).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.linalg import blas, lapack, solve_triangular

__all__ = [
    "PrefixStats",
    "RowCholesky",
    "sym_column",
    "sym_submatrix",
    "solve_normal_equations",
    "min_norm_solve",
    "normalized_error",
    "normalized_error_queries",
]


# --------------------------------------------------------------------------- symmetric storage
def sym_column(G: np.ndarray, j: int, lower: bool = False) -> np.ndarray:
    """Column ``j`` (double precision) of the symmetric matrix whose upper (or, with
    ``lower=True``, lower) triangle is stored in ``G``."""
    p = G.shape[0]
    out = np.empty(p)
    if lower:
        out[j:] = G[j:, j]
        out[:j] = G[j, :j]
    else:
        out[: j + 1] = G[: j + 1, j]
        out[j + 1 :] = G[j, j + 1 :]
    return out


def sym_submatrix(G: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``G[idx][:, idx]`` (full, Fortran order) from upper-triangle storage; ``idx`` ascending."""
    M = G[np.ix_(idx, idx)]
    U = np.triu(M)
    return np.asfortranarray(U + np.triu(M, 1).T)


class PrefixStats:
    """Running sufficient statistics ``X^T X``, ``X^T y``, ``y^T y`` over a prefix of rows.

    Rows are added in order with :meth:`update`; after rows ``0..n-1`` have been added the
    statistics are those of the first ``n`` rows, so a fit at sample size ``n`` never has to look
    at the rows again. Row ``i`` belongs to fold ``i mod folds`` (interleaved folds, used by
    cross-validation); with ``folds=1`` there is a single Gram matrix.

    Parameters
    ----------
    p : int
        Number of columns kept.
    folds : int
        Number of interleaved folds.
    cols : ndarray of int or None
        Columns of the full design to keep (``None``: all).

    Notes
    -----
    Gram matrices are Fortran-ordered with the **upper** triangle filled (BLAS ``dsyrk``), so an
    update with ``k`` rows costs ``k p (p + 1)`` FLOPs (:func:`computelimits.simulation.fit_flops.gram`).
    """

    precision = "float64"

    def __init__(self, p: int, folds: int = 1, cols: np.ndarray | None = None):
        self.p = int(p)
        self.folds = int(folds)
        self.cols = None if cols is None else np.asarray(cols, dtype=np.intp)
        self.G = [np.zeros((self.p, self.p), order="F") for _ in range(self.folds)]
        self.c = np.zeros((self.folds, self.p))
        self.yy = np.zeros(self.folds)
        self.counts = np.zeros(self.folds, dtype=np.int64)
        self.n = 0
        self._total: np.ndarray | None = None
        self._total_n = -1
        if self.cols is not None:
            self.pos = np.full(int(self.cols.max()) + 1, -1, dtype=np.intp)
            self.pos[self.cols] = np.arange(self.cols.size)

    def update(self, B: np.ndarray, y: np.ndarray) -> None:
        """Add rows ``B`` (C-ordered ``k x d``) with responses ``y`` after the current prefix."""
        if self.cols is not None:
            B = B[:, self.cols]
        k = B.shape[0]
        K = self.folds
        for f in range(K):
            start = (f - self.n) % K
            if K == 1:
                Bf, yf = B, y
            else:
                Bf, yf = B[start::K], y[start::K]
            if Bf.shape[0] == 0:
                continue
            # Bf is C-ordered (kf x p) so Bf.T is Fortran (p x kf): G += Bf^T Bf, no copy
            at = Bf.T if Bf.flags.c_contiguous else np.asfortranarray(Bf.T)
            blas.dsyrk(1.0, at, beta=1.0, c=self.G[f], trans=0, lower=0, overwrite_c=1)
            self.c[f] += yf @ Bf
            self.yy[f] += yf @ yf
            self.counts[f] += Bf.shape[0]
        self.n += k

    def subset_stats(self) -> PrefixStats:
        """The statistics holding the double-precision Gram matrix of the fixed-subset models'
        covariates (here: these)."""
        return self

    def local(self, idx: np.ndarray) -> np.ndarray:
        """Positions of global column indices ``idx`` in the kept columns."""
        if self.cols is None:
            return np.asarray(idx, dtype=np.intp)
        return self.pos[np.asarray(idx, dtype=np.intp)]

    def gram(self) -> np.ndarray:
        """Total Gram matrix (upper triangle), summed over folds (cached per prefix)."""
        if self.folds == 1:
            return self.G[0]
        if self._total_n != self.n:
            tot = np.array(self.G[0], order="F")
            for g in self.G[1:]:
                tot += g
            self._total, self._total_n = tot, self.n
        return self._total  # type: ignore[return-value]

    def xty(self) -> np.ndarray:
        """Total ``X^T y`` over folds."""
        return self.c.sum(axis=0)

    def column_fn(self, exclude: int | None = None) -> Callable[[int], np.ndarray]:
        """A function ``j -> column j`` of the total Gram matrix minus fold ``exclude``."""
        if self.folds == 1:
            G = self.G[0]
            return lambda j: sym_column(G, j)
        if exclude is None:
            G = self.gram()
            return lambda j: sym_column(G, j)
        Gf = self.G[exclude]
        G = self.gram()
        return lambda j: sym_column(G, j) - sym_column(Gf, j)


class RowCholesky:
    """Cholesky factor ``L`` of ``X X^T`` for a growing prefix of rows (block updates).

    The leading ``n x n`` block of the factor of ``X X^T`` over ``m`` rows is the factor of the
    first ``n`` rows, so one blocked factorisation serves every sample size ``n <= m``; the work
    spent on rows ``0..n-1`` is that of a stand-alone factorisation of ``X_n X_n^T``.

    Parameters
    ----------
    X : ndarray, shape (m, p)
        Storage of the rows (filled by the caller before :meth:`extend`).
    """

    def __init__(self, X: np.ndarray):
        self.X = X
        m = X.shape[0]
        self.L = np.zeros((m, m), order="F")
        self.n = 0
        self.ok = True

    def extend(self, n1: int) -> None:
        """Factor rows ``self.n .. n1-1`` into ``L``."""
        n0 = self.n
        if n1 <= n0 or not self.ok:
            return
        B = self.X[n0:n1]
        K22 = B @ B.T
        if n0 > 0:
            K12 = self.X[:n0] @ B.T
            W = solve_triangular(self.L[:n0, :n0], K12, lower=True, check_finite=False)
            self.L[n0:n1, :n0] = W.T
            K22 = K22 - W.T @ W
        c, info = lapack.dpotrf(K22, lower=1, clean=1)
        if info != 0:
            self.ok = False
            return
        self.L[n0:n1, n0:n1] = c
        self.n = n1

    def solve(self, n: int, y: np.ndarray) -> np.ndarray:
        """Minimum-norm least squares on the first ``n`` rows: ``X_n^T (X_n X_n^T)^{-1} y``."""
        L = self.L[:n, :n]
        a = solve_triangular(L, y[:n], lower=True, check_finite=False)
        a = solve_triangular(L, a, lower=True, trans="T", check_finite=False)
        return a @ self.X[:n]


# --------------------------------------------------------------------------- least squares
def solve_normal_equations(G: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Solve ``G b = c`` for s.p.d. ``G`` given by its upper triangle (Cholesky, LAPACK).

    Falls back to a least-squares solve of the symmetrised system if the factorisation breaks
    down numerically (it does not for Gaussian designs with ``n > p``).
    """
    u, info = lapack.dpotrf(G, lower=0, clean=0)
    if info == 0:
        b, info2 = lapack.dpotrs(u, c, lower=0)
        if info2 == 0:
            return b
    Gs = np.triu(G) + np.triu(G, 1).T
    return np.linalg.lstsq(Gs, c, rcond=None)[0]


def min_norm_solve(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Minimum-norm least squares ``X^T (X X^T)^{-1} y`` for ``X`` with fewer rows than columns."""
    K = X @ X.T
    u, info = lapack.dpotrf(K, lower=0, clean=0)
    if info != 0:
        return np.linalg.lstsq(X, y, rcond=None)[0]
    a, _ = lapack.dpotrs(u, y, lower=0)
    return a @ X


# --------------------------------------------------------------------------- performance
def normalized_error(theta: np.ndarray, idx: np.ndarray, vals: np.ndarray) -> float:
    """``||theta_hat - theta||^2 / ||theta||^2``: the mean squared prediction error against the
    true predictor over isotropic Gaussian queries (its exact expectation), normalised by the
    mean square of the true predictor."""
    diff = -theta.copy()
    diff[idx] += vals
    return float(diff @ diff) / float(theta @ theta)


def normalized_error_queries(
    theta: np.ndarray, idx: np.ndarray, vals: np.ndarray, rng: np.random.Generator, q: int
) -> float:
    """Normalised prediction MSE on ``q`` isotropic Gaussian query vectors drawn from ``rng``:
    ``mean((x0^T theta_hat - x0^T theta)^2) / mean((x0^T theta)^2)``."""
    d = theta.shape[0]
    Q = rng.standard_normal((q, d))
    diff = -theta.copy()
    diff[idx] += vals
    e = Q @ diff
    t = Q @ theta
    return float(e @ e) / float(t @ t)
