"""Array kernels of the Figure 1 simulation: seeded streams, running sufficient statistics,
least squares, minimum-norm least squares and the Lasso homotopy, in double precision and in
mixed precision (single-precision Gram matrices and factorisations, double-precision answers by
iterative refinement and exact optimality certificates).

Everything here works on NumPy arrays and takes its randomness from an explicit
:class:`numpy.random.Generator`; nothing here knows about models, backends or the command line.

Seeds
-----
Every stream is a :class:`numpy.random.SFC64` generator (fast, passes BigCrush and PractRand;
the normals are NumPy's ziggurat) seeded by
``numpy.random.SeedSequence(entropy=seed, spawn_key=key)``:

* ``key = (0, r, 0)``: the covariates ``x`` of replication ``r`` (row after row, ``d`` numbers a
  row, so row ``i`` is the same whatever the sample sizes asked for);
* ``key = (0, r, 1)``: the noise ``z`` of replication ``r`` (one number a row);
* ``key = (1, m, n, r)``: randomness private to model ``m`` (a stable CRC-32 of its name) at
  sample size ``n`` in replication ``r``; used for the query vectors when performance is
  estimated from sampled queries (``queries > 0``).

Because the data of a replication depend on ``(seed, r)`` only, a replication gives the same
numbers whichever worker, process, backend or chunk runs it.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2.
Efron, Hastie, Johnstone, Tibshirani (2004), "Least angle regression", Ann. Statist. 32(2).
Higham (2002), *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM: section 3.1
(error of a dot product) and chapter 12 (iterative refinement).
Osborne, Presnell, Turlach (2000), "A new approach to variable selection in least squares
problems", IMA J. Numer. Anal. 20(3).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence

import numpy as np
from scipy.linalg import blas, lapack, solve_triangular

from . import flops as fl

__all__ = [
    "derive_seed",
    "data_generators",
    "model_generator",
    "model_key",
    "true_coefficients",
    "PrefixStats",
    "MixedPrefixStats",
    "RowCholesky",
    "RowCholesky32",
    "gram32_error_bound",
    "refined_normal_equations",
    "normal_residual",
    "lasso_certify_rows",
    "exact_normal_equations",
    "lasso_certify",
    "exact_column_fn",
    "sym_column",
    "sym_submatrix",
    "solve_normal_equations",
    "min_norm_solve",
    "lasso_homotopy",
    "lasso_active_set",
    "normalized_error",
    "normalized_error_queries",
]


# --------------------------------------------------------------------------- seeds and data
def derive_seed(seed: int, *key: int) -> np.random.SeedSequence:
    """``SeedSequence(entropy=seed, spawn_key=key)``: an independent stream per ``key``."""
    return np.random.SeedSequence(entropy=int(seed), spawn_key=tuple(int(k) for k in key))


def data_generators(seed: int, rep: int) -> tuple[np.random.Generator, np.random.Generator]:
    """The covariate and noise generators of replication ``rep`` (keys ``(0, rep, 0|1)``)."""
    gx = np.random.Generator(np.random.SFC64(derive_seed(seed, 0, rep, 0)))
    gz = np.random.Generator(np.random.SFC64(derive_seed(seed, 0, rep, 1)))
    return gx, gz


def model_key(name: str) -> int:
    """A stable integer for a model name (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(name.encode("utf-8"))


def model_generator(seed: int, model: str, n: int, rep: int) -> np.random.Generator:
    """The generator private to ``model`` at sample size ``n`` in replication ``rep``."""
    return np.random.Generator(np.random.SFC64(derive_seed(seed, 1, model_key(model), n, rep)))


def true_coefficients(d: int, s: int, coef: float) -> np.ndarray:
    """``theta``: ``coef`` on the first ``s`` covariates, zero on the other ``d - s``.

    With isotropic Gaussian covariates the positions of the non-zero coefficients do not matter,
    so the support is ``{0, ..., s-1}``.
    """
    theta = np.zeros(d)
    theta[:s] = coef
    return theta


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
    update with ``k`` rows costs ``k p (p + 1)`` FLOPs (:func:`computelimits.simulation.flops.gram`).
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


# --------------------------------------------------------------------------- mixed precision
#: Unit roundoff of IEEE single precision (2^-24).
UNIT_ROUNDOFF_32 = 2.0**-24
#: Unit roundoff of IEEE double precision (2^-53).
UNIT_ROUNDOFF_64 = 2.0**-53

#: Default relative tolerance of iterative refinement: stop when the remaining error of the
#: solution, estimated from the last correction and the observed contraction, is below it.
REFINE_TOL = 1e-12
#: Default largest number of refinement steps before falling back to double precision.
REFINE_MAX_STEPS = 8


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
    """

    precision = "mixed"
    folds = 1

    def __init__(self, d: int, exact_cols: np.ndarray | None = None):
        self.p = int(d)
        self._G32 = np.zeros((self.p, self.p), dtype=np.float32, order="F")
        self._pending: list[np.ndarray] = []
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
        self._pending.append(B)
        self.c += y @ B
        self.yy += float(y @ y)
        if self.exact is not None:
            self.exact.update(B, y)
        self.n += B.shape[0]

    @property
    def G32(self) -> np.ndarray:
        """Lower triangle of the single-precision ``X^T X`` of every row added so far."""
        if self._pending:
            blocks = self._pending
            if len(blocks) == 1:
                B32 = blocks[0].astype(np.float32)
            else:
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

    Converged after step ``k`` when the correction is below ``tol * ||x||``, or (from the second
    step on) when the error left after it, estimated as ``rho / (1 - rho) * ||correction||`` with
    the observed contraction ``rho = ||correction_k|| / ||correction_{k-1}||``, is. Returns
    ``(None, steps)`` when it does not converge within ``max_steps`` or stops contracting.
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
        rho = nd / prev
        if k > 1:
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
    """

    def __init__(self, X: np.ndarray):
        self.X = X
        self.L: np.ndarray | None = None
        self.good = 0  # leading rows with a valid factor
        self.n = 0
        self.ok = True

    def extend(self, n1: int) -> None:
        """Make the factor of the first ``n1`` rows available (``ok`` False if it is not)."""
        if self.L is None:
            X32 = self.X.astype(np.float32)
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


# --------------------------------------------------------------------------- Lasso homotopy
def lasso_homotopy(
    column: Callable[[int], np.ndarray],
    c: np.ndarray,
    mu_targets: Sequence[float] | np.ndarray,
    max_active: int | None = None,
) -> tuple[list[tuple[np.ndarray, np.ndarray]], float, int]:
    """Exact Lasso solutions at several penalties by the homotopy (LARS-Lasso) path.

    Solves ``min_b  1/2 b^T G b - c^T b + mu ||b||_1`` (``G = X^T X``, ``c = X^T y``; the
    scikit-learn objective ``1/(2n) ||y - X b||^2 + lambda ||b||_1`` has ``mu = n lambda``) for
    every ``mu`` in ``mu_targets``, following the piecewise-linear path from ``mu = max|c|`` down.

    Parameters
    ----------
    column : callable
        ``j -> G[:, j]``; only the columns of covariates that enter the model are requested.
    c : ndarray, shape (d,)
        ``X^T y``.
    mu_targets : sequence of float
        Penalties, in any order.
    max_active : int, optional
        Stop adding covariates beyond this many (``min(n, d)`` keeps ``G_AA`` non-singular).

    Returns
    -------
    solutions : list of (indices, values)
        Sparse solution for each target, in the order given.
    flops : float
        Arithmetic performed (:func:`computelimits.simulation.flops.homotopy_step` per step,
        :func:`~computelimits.simulation.flops.cholesky_append` per entering covariate, a
        re-factorisation per leaving covariate, ``2 d`` to start).
    steps : int
        Number of path segments followed.
    """
    c = np.asarray(c, dtype=float)
    d = c.shape[0]
    targets = np.asarray(mu_targets, dtype=float).ravel()
    order = np.argsort(-targets, kind="stable")
    cap = d if max_active is None else max(1, min(int(max_active), d))
    with np.errstate(divide="ignore", invalid="ignore"):
        return _Homotopy(column, c, cap).run(targets, order)


class _Homotopy:
    """State of one Lasso homotopy path (see :func:`lasso_homotopy`).

    The active Gram block ``G_AA = L L^T`` is kept as its Cholesky factor, extended by one row
    when a covariate enters and re-factorised when one leaves.
    """

    def __init__(self, column: Callable[[int], np.ndarray], c: np.ndarray, cap: int):
        self.column = column
        self.d = c.shape[0]
        self.cap = cap
        self.r = c.copy()  # correlations c - G b
        self.room = min(cap, 32)
        self.GA = np.empty((self.d, self.room), order="F")  # G[:, A]
        self.L = np.zeros((self.room, self.room), order="F")  # Cholesky factor of G[A, A]
        self.beta = np.zeros(self.room)  # b[A]
        self.A: list[int] = []
        self.sgn: list[float] = []
        self.flops = 0.0

    def _grow(self) -> None:
        k = len(self.A)
        self.room = min(2 * self.room, self.cap)
        extra = self.room - k
        self.GA = np.asfortranarray(np.pad(self.GA, ((0, 0), (0, extra))))
        self.L = np.asfortranarray(np.pad(self.L, ((0, extra), (0, extra))))
        self.beta = np.pad(self.beta, (0, extra))

    def direction(self) -> np.ndarray:
        """``G_AA^{-1} s_A`` by two triangular solves with the Cholesky factor (``2 k^2``)."""
        k = len(self.A)
        w, _ = lapack.dpotrs(self.L[:k, :k], np.asarray(self.sgn), lower=1)
        return w

    def _add(self, j: int) -> bool:
        """Append covariate ``j`` to the active set; False if ``G_AA`` would become singular."""
        k = len(self.A)
        col = self.column(j)
        if k:
            v, _ = lapack.dtrtrs(self.L[:k, :k], col[np.asarray(self.A)], lower=1)
            piv = col[j] - v @ v
        else:
            v, piv = None, col[j]
        self.flops += fl.cholesky_append(k)
        if not piv > 1e-10 * col[j]:
            return False
        if k == self.room:
            self._grow()
        self.GA[:, k] = col
        if k:
            self.L[k, :k] = v
        self.L[k, k] = np.sqrt(piv)
        self.beta[k] = 0.0
        self.A.append(j)
        self.sgn.append(float(np.sign(self.r[j])))
        return True

    def _drop(self, i: int) -> None:
        """Remove the ``i``-th active covariate (re-factorise ``G_AA``)."""
        k = len(self.A)
        del self.A[i]
        del self.sgn[i]
        self.beta[i : k - 1] = self.beta[i + 1 : k]
        self.GA[:, i : k - 1] = self.GA[:, i + 1 : k]
        k -= 1
        idx = np.asarray(self.A, dtype=np.intp)
        u, _ = lapack.dpotrf(np.asfortranarray(self.GA[idx, :k]), lower=1, clean=1)
        self.L[:k, :k] = u
        self.flops += fl.cholesky(k)

    def run(self, targets: np.ndarray, order: np.ndarray):
        d, inf = self.d, np.inf
        empty = (np.empty(0, dtype=np.intp), np.empty(0))
        sols: list = [empty] * targets.size
        r = self.r
        j = int(np.argmax(np.abs(r)))
        mu = float(abs(r[j]))
        self.flops += 2.0 * d
        ti = 0
        while ti < order.size and targets[order[ti]] >= mu:
            ti += 1  # penalty above lambda_max: the solution is zero
        if ti == order.size or mu <= 0.0:
            return sols, self.flops, 0
        self._add(j)
        just_dropped = -1
        steps = 0
        while True:
            k = len(self.A)
            idx = np.asarray(self.A, dtype=np.intp)
            w = self.direction()
            a = self.GA[:, :k] @ w
            if k < self.cap:  # step at which an inactive covariate reaches |r_j| = mu
                g = (mu - r) / (1.0 - a)
                g[~(g > 0)] = inf  # also NaN
                g2 = (mu + r) / (1.0 + a)
                g2[~(g2 > 0)] = inf
                np.minimum(g, g2, out=g)
                g[idx] = inf
                if just_dropped >= 0:
                    g[just_dropped] = inf
                j_in = int(np.argmin(g))
                gamma_in = float(g[j_in])
            else:
                j_in, gamma_in = -1, inf
            # step at which an active coefficient crosses zero (a lone one never does)
            gd = -self.beta[:k] / w
            gd[~(gd > 1e-12 * mu)] = inf
            i_out = int(np.argmin(gd))
            gamma_out = float(gd[i_out]) if k > 1 else inf
            gamma_end = mu - targets[order[ti]]
            gamma = min(gamma_in, gamma_out, gamma_end)
            steps += 1
            self.flops += fl.homotopy_step(d, k)
            while ti < order.size and mu - targets[order[ti]] <= gamma * (1 + 1e-12):
                t = order[ti]
                vals = self.beta[:k] + (mu - targets[t]) * w
                self.flops += 2.0 * k
                srt = np.argsort(idx)
                sols[t] = (idx[srt], vals[srt])
                ti += 1
            if ti == order.size:
                return sols, self.flops, steps
            self.beta[:k] += gamma * w
            r -= gamma * a
            mu -= gamma
            just_dropped = -1
            if gamma == gamma_end and gamma < min(gamma_in, gamma_out):
                continue  # reached a target penalty: nothing enters or leaves
            if gamma == gamma_out:
                just_dropped = self.A[i_out]
                self._drop(i_out)
            elif not self._add(j_in):
                self.cap = k  # G_AA would be singular: no further covariate can enter


def lasso_active_set(
    column: Callable[[int], np.ndarray],
    c: np.ndarray,
    mu: float,
    idx: np.ndarray,
    signs: np.ndarray,
) -> tuple[tuple[np.ndarray, np.ndarray] | None, float]:
    """Try a guessed support and signs (a warm start) for the Lasso at penalty ``mu``.

    Solves the optimality conditions on the guessed support ``A`` with signs ``s``,
    ``G_AA b = c_A - mu s``, and certifies the result: it is *the* Lasso solution if every
    coefficient has its guessed sign and every other covariate satisfies
    ``|c_j - G_jA b| <= mu`` (the Karush-Kuhn-Tucker conditions). Otherwise ``None`` is returned
    and the caller runs :func:`lasso_homotopy`.

    Parameters
    ----------
    column, c, mu
        As in :func:`lasso_homotopy` (a single penalty).
    idx : ndarray of int
        Guessed support (ascending), e.g. the solution at the previous sample size.
    signs : ndarray
        Guessed signs (+1/-1) of the coefficients on ``idx``.

    Returns
    -------
    solution : (indices, values) or None
    flops : float
        ``cholesky(k) + 2 triangular_solve(k) + k`` for the solve, ``2 d k + d`` for the
        correlations and ``2 d`` for the check.
    """
    d = c.shape[0]
    k = int(idx.size)
    if k == 0:
        ok = float(np.max(np.abs(c))) <= mu
        return ((idx, np.empty(0)) if ok else None), 2.0 * d
    GA = np.empty((d, k), order="F")
    for i, j in enumerate(idx):
        GA[:, i] = column(int(j))
    u, info = lapack.dpotrf(np.asfortranarray(GA[idx, :]), lower=1, clean=1)
    flops = fl.cholesky(k) + 2 * fl.triangular_solve(k) + k
    if info != 0:
        return None, flops
    b, _ = lapack.dpotrs(u, c[idx] - mu * signs, lower=1)
    flops += 2.0 * d * k + 3.0 * d
    if not np.all(np.sign(b) == signs):
        return None, flops
    corr = c - GA @ b
    corr[idx] = 0.0
    if float(np.max(np.abs(corr))) > mu * (1 + 1e-12):
        return None, flops
    return (idx, b), flops


def exact_column_fn(X: np.ndarray) -> Callable[[int], np.ndarray]:
    """``j -> X^T X[:, j]`` computed from the double-precision rows (``2 n d`` FLOPs a column)."""
    return lambda j: X[:, j] @ X


def _support_solution(X: np.ndarray, c: np.ndarray, mu: float, idx: np.ndarray,
                      signs: np.ndarray):
    """The part the two Lasso certificates share: ``b = G_AA^{-1} (c_A - mu s)`` with ``G_AA``
    from the double-precision rows, and the sign check. Returns ``(done, XA, b, flops)``:
    ``done`` is a complete certificate result (the empty support decided, a breakdown, or
    wrong signs with their repair) or None when the correlations remain to be checked."""
    n, d = X.shape
    k = int(idx.size)
    if k == 0:
        viol = np.flatnonzero(np.abs(c) > mu * (1.0 + 1e-12))
        if viol.size == 0:
            return ((idx, np.empty(0)), 2.0 * d, None), None, None, 2.0 * d
        return (None, 2.0 * d, (viol, np.sign(c[viol]))), None, None, 2.0 * d
    XA = X[:, idx]
    GAA = XA.T @ XA
    flops = fl.gram(n, k)
    U, info = lapack.dpotrf(GAA, lower=0, clean=0)
    flops += fl.cholesky(k)
    if info != 0:
        return (None, flops, None), None, None, flops
    b, _ = lapack.dpotrs(U, c[idx] - mu * signs, lower=0)
    flops += 2 * fl.triangular_solve(k) + 2.0 * k
    right = np.sign(b) == signs
    if not right.all():
        return (None, flops, (idx[right], signs[right])), None, None, flops
    return None, XA, b, flops


def lasso_certify_rows(
    X: np.ndarray,
    c: np.ndarray,
    mu: float,
    idx: np.ndarray,
    signs: np.ndarray,
) -> tuple[tuple[np.ndarray, np.ndarray] | None, float, tuple[np.ndarray, np.ndarray] | None]:
    """The Lasso solution on a guessed support, certified exactly from the rows alone.

    The counterpart of :func:`lasso_certify` without a Gram matrix (used while the running Gram
    matrix has not been formed, i.e. at sample sizes below ``d``): ``G_AA = X_A^T X_A`` from the
    rows, ``b = G_AA^{-1} (c_A - mu s)``, signs checked, and the correlations of every covariate
    ``c - X^T (X_A b)`` computed in double precision (``2 n k + 2 n d`` FLOPs), so no rounding
    bound is needed. Same arguments (without ``G32``) and returns as :func:`lasso_certify`.
    """
    n, d = X.shape
    k = int(idx.size)
    limit = mu * (1.0 + 1e-12)
    done, XA, b, flops = _support_solution(X, c, mu, idx, signs)
    if done is not None:
        return done
    corr = c - (XA @ b) @ X
    corr[idx] = 0.0
    flops += fl.xty(n, k) + fl.xty(n, d) + d
    viol = np.flatnonzero(np.abs(corr) > limit)
    if viol.size:
        new = np.concatenate([idx, viol])
        order = np.argsort(new)
        return None, flops, (new[order], np.concatenate([signs, np.sign(corr[viol])])[order])
    return (idx, b), flops, None


def lasso_certify(
    X: np.ndarray,
    c: np.ndarray,
    G32: np.ndarray,
    mu: float,
    idx: np.ndarray,
    signs: np.ndarray,
    root: np.ndarray | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray] | None, float, tuple[np.ndarray, np.ndarray] | None]:
    """The double-precision Lasso solution on a guessed support, certified exactly.

    The mixed-precision counterpart of :func:`lasso_active_set`: the support ``A`` and signs
    ``s`` may come from anywhere (the previous sample size, a repaired guess, or a homotopy path
    on the single-precision Gram matrix); the coefficients solve ``G_AA b = c_A - mu s`` with
    ``G_AA`` computed in double precision from the rows (``n k (k + 1)`` FLOPs), and the result
    is returned only if it satisfies the Lasso's optimality (Karush-Kuhn-Tucker) conditions for
    the **double-precision** data: every coefficient has its guessed sign and every other
    covariate has ``|c_j - G_jA b| <= mu``. The inactive correlations are computed with the
    single-precision Gram columns, whose error is bounded rigorously
    (:func:`gram32_error_bound`: ``gamma sqrt(G_jj) sum_i sqrt(G_ii) |b_i|``, plus the
    double-precision rounding); only covariates within that bound of ``mu`` are checked again
    exactly from the rows (``2 n`` FLOPs each, after ``X_A b``, ``2 n k``).

    Parameters
    ----------
    X : ndarray, shape (n, d)
        Double-precision rows.
    c : ndarray, shape (d,)
        ``X^T y`` in double precision.
    G32 : ndarray, shape (d, d), float32
        Lower triangle of the single-precision ``X^T X``.
    mu : float
        Penalty on the ``1/2 b^T G b - c^T b + mu ||b||_1`` scale.
    idx, signs : ndarray
        Guessed support (ascending) and signs (+1/-1).
    root : ndarray, optional
        ``sqrt(G32_jj / (1 - gamma))`` (:meth:`MixedPrefixStats.diagonal_bound`; computed here
        if not given).

    Returns
    -------
    solution : (indices, values) or None
    flops : float
    repaired : (indices, signs) or None
        When the guess fails: the guess without the coefficients of the wrong sign, or with the
        covariates whose correlation exceeds ``mu`` added (with its sign), an active-set step
        worth certifying next; None when there is nothing to repair.
    """
    n, d = X.shape
    k = int(idx.size)
    limit = mu * (1.0 + 1e-12)
    done, XA, b, flops = _support_solution(X, c, mu, idx, signs)
    if done is not None:
        return done
    GA = np.empty((d, k), order="F")
    for i, j in enumerate(idx.tolist()):
        GA[j:, i] = G32[j:, j]
        GA[:j, i] = G32[j, :j]
    corr = c - GA @ b
    corr[idx] = 0.0
    gamma = gram32_error_bound(n)
    if gamma < 1.0:
        # sqrt(G_jj) <= root_j; |G32_ji| <= (1 + gamma) root_j root_i
        if root is None:
            root = np.sqrt(G32.diagonal().astype(np.float64) / (1.0 - gamma))
        rounding = 2.0 * (k + 2) * UNIT_ROUNDOFF_64
        scale = float(root[idx] @ np.abs(b))
        slack = (gamma + rounding) * scale * root + rounding * np.abs(c)
    else:  # no useful bound: check every covariate exactly
        slack = np.full(d, np.inf)
    slack[idx] = 0.0
    flops += fl.xty(d, k) + d + fl.lasso_bound(d, k)
    cand = np.flatnonzero(np.abs(corr) + slack > limit)
    if cand.size:
        u = XA @ b
        exact = c[cand] - u @ X[:, cand]
        flops += fl.xty(n, k) + fl.xty(n, cand.size) + cand.size
        viol = np.abs(exact) > limit
        if viol.any():
            new = np.concatenate([idx, cand[viol]])
            order = np.argsort(new)
            return None, flops, (new[order], np.concatenate([signs, np.sign(exact[viol])])[order])
    return (idx, b), flops, None


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
