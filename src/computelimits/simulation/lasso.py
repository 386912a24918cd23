"""The Lasso kernels of the Figure 1 simulation: the exact homotopy (LARS-Lasso) path, the
warm-start check on a guessed support, and the exact optimality certificates of mixed precision.

References
----------
Efron, Hastie, Johnstone, Tibshirani (2004), "Least angle regression", Ann. Statist. 32(2).
Osborne, Presnell, Turlach (2000), "A new approach to variable selection in least squares
problems", IMA J. Numer. Anal. 20(3).
Higham (2002), *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM, section 3.1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy.linalg import lapack

from . import fit_flops as fl
from .mixed import UNIT_ROUNDOFF_64, gram32_error_bound

__all__ = [
    "lasso_homotopy",
    "lasso_active_set",
    "exact_column_fn",
    "lasso_certify_rows",
    "lasso_certify",
]


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
        Arithmetic performed (:func:`computelimits.simulation.fit_flops.homotopy_step` per step,
        :func:`~computelimits.simulation.fit_flops.cholesky_append` per entering covariate, a
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

