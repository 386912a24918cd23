"""Pairs (case-resampling) bootstrap of regression coefficients.

The kernel works on arrays and takes an explicit :class:`numpy.random.Generator`, so a result is
reproducible from its seed. Rows ``(x_i, y_i)`` are resampled with replacement and the estimator is
refitted on each resample; resamples on which the fit is not identified (e.g. every drawn row has
the same computation) give NaN coefficients and are counted, not silently dropped.

References
----------
Efron & Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 9 (bootstrapping pairs).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import InputError

__all__ = ["pairs_bootstrap", "percentile_interval"]


def pairs_bootstrap(X: np.ndarray, y: np.ndarray, n_boot: int, rng: np.random.Generator,
                    fit_fn: Callable[..., np.ndarray], **options) -> np.ndarray:
    """Coefficients refitted on ``n_boot`` resamples of the rows of ``(X, y)``.

    Parameters
    ----------
    X : ndarray, shape (n, k)
        Design matrix.
    y : ndarray, shape (n,)
        Response.
    n_boot : int
        Number of resamples (>= 1).
    rng : numpy.random.Generator
        Source of randomness (e.g. ``np.random.default_rng(seed)``).
    fit_fn : callable
        ``fit_fn(X, y, **options) -> ndarray (k,)``; NaN where not identified.

    Returns
    -------
    ndarray, shape (n_boot, k)
        One row of coefficients per resample (NaN rows for unidentified resamples).

    Examples
    --------
    >>> from computelimits.fitting.estimators import ols_params
    >>> X = np.column_stack([np.ones(20), np.arange(20.0)])
    >>> y = 1.0 + 2.0 * np.arange(20.0)
    >>> draws = pairs_bootstrap(X, y, 50, np.random.default_rng(0), ols_params)
    >>> draws.shape, bool(np.allclose(draws[:, 1], 2.0))
    ((50, 2), True)
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise InputError("pairs_bootstrap needs X of shape (n, k) and y of shape (n,)")
    n_boot = int(n_boot)
    if n_boot < 1:
        raise InputError(f"the number of bootstrap resamples must be >= 1; got {n_boot}")
    if not isinstance(rng, np.random.Generator):
        raise InputError("pairs_bootstrap needs an explicit numpy.random.Generator")
    n, k = X.shape
    idx = rng.integers(0, n, size=(n_boot, n))
    out = np.empty((n_boot, k))
    for b in range(n_boot):
        rows = idx[b]
        out[b] = fit_fn(X[rows], y[rows], **options)
    return out


def percentile_interval(draws: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column of ``draws`` (rows with a NaN ignored).

    The percentiles are :func:`computelimits.intervals.percentile_interval`'s (inverted empirical
    CDF), the same as every other bootstrap interval in the package.

    Returns
    -------
    (lower, upper) : tuple of ndarray
    """
    from ..intervals import check_level
    from ..intervals import percentile_interval as _percentiles

    level = check_level(level)
    d = np.asarray(draws, dtype=float)
    ok = np.all(np.isfinite(d), axis=1)
    if not np.any(ok):
        nan = np.full(d.shape[1], np.nan)
        return nan, nan.copy()
    lo, hi = _percentiles(d[ok], level, axis=0)
    return np.atleast_1d(lo), np.atleast_1d(hi)
