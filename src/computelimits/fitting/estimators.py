"""Estimators for the regressions, as a registry: OLS, OLS with robust (HC) errors, quantile.

Every estimator works on a design matrix ``X`` (first column the constant) and a response ``y``
(ndarrays) and returns an :class:`Estimate`, a plain immutable record of numbers; the statsmodels
result object is not kept. Each estimator also has a ``params_only`` kernel used by the pairs
bootstrap (:mod:`computelimits.fitting.bootstrap`).

- ``ols``: ordinary least squares, classical standard errors (the paper's Tables 1-4);
- ``ols-hc``: the same coefficients with heteroskedasticity-consistent (sandwich) standard errors,
  ``HC1`` by default (``HC0``, ``HC2``, ``HC3`` accepted); inference uses the t distribution with
  the residual degrees of freedom, as for classical errors;
- ``quantile``: quantile regression (statsmodels ``QuantReg``), e.g. the 10 % quantile of Figure 8,
  which approximates the best error reachable at each level of computation. R^2 is then the
  Koenker-Machado pseudo R^2 and there is no F statistic.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 7.1, Tables 1-4, Figure 8.
Koenker & Machado (1999), "Goodness of fit and related inference processes for quantile regression".
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._registry import Registry
from ..errors import InputError

__all__ = ["Estimate", "EstimatorSpec", "ESTIMATORS", "HC_TYPES", "ols_params"]

#: Heteroskedasticity-consistent covariance types accepted by ``ols-hc``.
HC_TYPES: tuple[str, ...] = ("HC0", "HC1", "HC2", "HC3")


def _ro(a) -> np.ndarray:
    arr = np.array(a, dtype=float, copy=True)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class Estimate:
    """Numbers from one estimation (read-only arrays, in the order of ``names``)."""

    names: tuple[str, ...]
    params: np.ndarray
    bse: np.ndarray
    tvalues: np.ndarray
    pvalues: np.ndarray
    cov: np.ndarray
    nobs: int
    df_model: float
    df_resid: float
    rsquared: float
    rsquared_adj: float
    fvalue: float
    f_pvalue: float
    resid_se: float
    use_t: bool
    cov_type: str
    rsquared_kind: str = "R^2"
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class EstimatorSpec:
    """A registered estimator.

    Attributes
    ----------
    name : str
    description : str
    fit : callable
        ``fit(X, y, names, **options) -> Estimate``.
    params_only : callable
        ``params_only(X, y, **options) -> ndarray`` (NaN where the fit is not identified); the
        bootstrap kernel.
    """

    name: str
    description: str
    fit: Callable[..., Estimate]
    params_only: Callable[..., np.ndarray]
    title: str = "OLS"
    column: str = "OLS"
    line: str = "fit"
    table_note: str = ""
    r2_symbol: str = "R²"

    def describe(self, what: str, *, quantile: float | None = None, cov_type: str = "") -> str:
        """The estimator in words, filled in for one fit.

        Parameters
        ----------
        what : {"title", "column", "line"}
            A summary title (``"quantile regression, q = 0.1"``), a table column header
            (``"quantile 0.1"``) or a legend label of the fitted line.

        Examples
        --------
        >>> ESTIMATORS.get("quantile").describe("column", quantile=0.1)
        'quantile 0.1'
        >>> ESTIMATORS.get("ols-hc").describe("title", cov_type="HC1")
        'OLS, robust (HC1) standard errors'
        """
        if what not in ("title", "column", "line"):
            raise InputError(f"what must be 'title', 'column' or 'line'; got '{what}'")
        template = getattr(self, what)
        return template.format(quantile=float("nan") if quantile is None else quantile,
                               cov_type=cov_type)


def ols_params(X: np.ndarray, y: np.ndarray, **_: Any) -> np.ndarray:
    """Least-squares coefficients; all NaN when ``X`` is rank deficient (e.g. a constant x).

    Examples
    --------
    >>> X = np.column_stack([np.ones(3), [0.0, 1.0, 2.0]])
    >>> ols_params(X, np.array([1.0, 3.0, 5.0])).round(6).tolist()
    [1.0, 2.0]
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    beta, _, rank, _ = np.linalg.lstsq(X, y, rcond=None)
    if rank < X.shape[1]:
        return np.full(X.shape[1], np.nan)
    return beta


def _from_statsmodels(res, names, cov_type: str, rsquared_kind: str = "R^2",
                      notes: tuple[str, ...] = ()) -> Estimate:
    def f(v):
        try:
            return float(v)
        except (TypeError, ValueError):
            return float("nan")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Estimate(
            names=tuple(names),
            params=_ro(res.params),
            bse=_ro(res.bse),
            tvalues=_ro(res.tvalues),
            pvalues=_ro(res.pvalues),
            cov=_ro(res.cov_params()),
            nobs=int(res.nobs),
            df_model=f(res.df_model),
            df_resid=f(res.df_resid),
            rsquared=f(getattr(res, "rsquared", np.nan)) if rsquared_kind == "R^2" else f(res.prsquared),
            rsquared_adj=f(getattr(res, "rsquared_adj", np.nan)) if rsquared_kind == "R^2" else float("nan"),
            fvalue=f(getattr(res, "fvalue", np.nan)) if rsquared_kind == "R^2" else float("nan"),
            f_pvalue=f(getattr(res, "f_pvalue", np.nan)) if rsquared_kind == "R^2" else float("nan"),
            resid_se=float(np.sqrt(res.mse_resid)) if rsquared_kind == "R^2" else float("nan"),
            use_t=bool(res.use_t),
            cov_type=cov_type,
            rsquared_kind=rsquared_kind,
            notes=tuple(notes),
        )


def _pinv_extended(X: np.ndarray, rcond: float = 1e-15) -> tuple[np.ndarray, np.ndarray]:
    """Pseudo-inverse by SVD and the singular values, step for step as statsmodels computes it
    (``statsmodels.tools.tools.pinv_extended``), so that the numbers are bit-identical."""
    u, s, vt = np.linalg.svd(X, False)
    s_orig = np.copy(s)
    cutoff = rcond * np.maximum.reduce(s)
    for i in range(min(u.shape[0], vt.shape[1])):
        s[i] = 1.0 / s[i] if s[i] > cutoff else 0.0
    return np.dot(np.transpose(vt), np.multiply(s[:, np.newaxis], np.transpose(u))), s_orig


def _fit_ols(X, y, names, **_: Any) -> Estimate:
    """Classical OLS with numpy and ``scipy.special`` only (no statsmodels import: the CLI's
    start-up). The operations are statsmodels' ``OLS(y, X).fit()`` (pinv method) in the same
    order, so every number is identical to it (a test compares them on the bundled data)."""
    from scipy import special

    X = np.ascontiguousarray(X, dtype=float)
    y = np.ascontiguousarray(y, dtype=float)
    pinv, sv = _pinv_extended(X)
    ncov = np.dot(pinv, np.transpose(pinv))
    params = np.dot(pinv, y)
    rank = np.linalg.matrix_rank(np.diag(sv))
    nobs = X.shape[0]
    df_model = float(rank - 1)  # the first column is the constant
    df_resid = float(nobs - rank)
    resid = y - np.dot(X, params)
    ssr = np.dot(resid, resid)
    weights = np.ones_like(y)  # statsmodels: OLS is WLS with unit weights; its centred TSS is this
    tss = np.sum(weights * (y - np.average(y, weights=weights)) ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = ssr / df_resid
        cov = ncov * scale
        bse = np.sqrt(np.diag(cov))
        tvalues = params / bse
        pvalues = special.stdtr(df_resid, -np.abs(tvalues)) * 2
        rsquared = 1 - ssr / tss
        rsquared_adj = 1 - (np.divide(nobs - 1, df_resid) * (1 - rsquared))
        fvalue = ((tss - ssr) / df_model) / (ssr / df_resid) if df_model else float("nan")
        f_pvalue = special.fdtrc(df_model, df_resid, fvalue) if df_model else float("nan")
    return Estimate(
        names=tuple(names), params=_ro(params), bse=_ro(bse), tvalues=_ro(tvalues),
        pvalues=_ro(pvalues), cov=_ro(cov), nobs=int(nobs), df_model=df_model, df_resid=df_resid,
        rsquared=float(rsquared), rsquared_adj=float(rsquared_adj), fvalue=float(fvalue),
        f_pvalue=float(f_pvalue), resid_se=float(np.sqrt(ssr / df_resid)), use_t=True,
        cov_type="nonrobust")


def _fit_ols_hc(X, y, names, cov_type: str = "HC1", **_: Any) -> Estimate:
    import statsmodels.api as sm

    ct = str(cov_type).upper()
    if ct not in HC_TYPES:
        raise InputError(f"robust covariance type must be one of {', '.join(HC_TYPES)}; got '{cov_type}'")
    res = sm.OLS(np.asarray(y, float), np.asarray(X, float)).fit(cov_type=ct, use_t=True)
    return _from_statsmodels(res, names, ct)


def _check_q(quantile) -> float:
    try:
        q = float(quantile)
    except (TypeError, ValueError):
        raise InputError(f"quantile must be a number in (0, 1); got {quantile!r}") from None
    if not (0 < q < 1):
        raise InputError(f"quantile must be in (0, 1); got {quantile!r}")
    return q


def _quantreg(X, y, q, bandwidth="hsheather", vcov="robust"):
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, IterationLimitWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IterationLimitWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return sm.QuantReg(np.asarray(y, float), np.asarray(X, float)).fit(
            q=q, bandwidth=bandwidth, vcov=vcov, max_iter=5000)


def _fit_quantile(X, y, names, quantile=0.5, bandwidth: str = "hsheather", **_: Any) -> Estimate:
    q = _check_q(quantile)
    try:
        res = _quantreg(X, y, q, bandwidth=bandwidth)
    except (np.linalg.LinAlgError, ValueError, ZeroDivisionError, OverflowError):
        raise InputError(f"the quantile regression at q = {q:g} cannot be computed on these "
                         f"{len(y)} rows (too close to 0 or 1 for the data); choose a quantile "
                         "nearer the middle") from None
    notes: list[str] = []
    if not np.all(np.isfinite(np.asarray(res.bse, float))):
        notes.append(
            f"standard errors are undefined at quantile {q:g} with {int(res.nobs)} rows and the "
            f"'{bandwidth}' bandwidth (the bandwidth reaches past 0 or 1); use bootstrap "
            "intervals or bandwidth='bofinger'")
    return _from_statsmodels(res, names, f"sandwich ({bandwidth} bandwidth)",
                             rsquared_kind="pseudo R^2 (Koenker-Machado)", notes=tuple(notes))


def _quantile_params(X, y, quantile=0.5, bandwidth: str = "hsheather", **_: Any) -> np.ndarray:
    X = np.asarray(X, float)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        return np.full(X.shape[1], np.nan)
    try:
        fitted = _quantreg(X, y, float(quantile), bandwidth=bandwidth, vcov="iid")
    except (np.linalg.LinAlgError, ValueError, ZeroDivisionError, OverflowError):
        return np.full(X.shape[1], np.nan)  # counted as not identified by the bootstrap
    return np.asarray(fitted.params, dtype=float)


ESTIMATORS: Registry[EstimatorSpec] = Registry("estimator")
ESTIMATORS.add("ols", EstimatorSpec(
    "ols", "ordinary least squares, classical standard errors", _fit_ols, ols_params))
ESTIMATORS.add("ols-hc", EstimatorSpec(
    "ols-hc", "ordinary least squares, heteroskedasticity-consistent (HC) standard errors",
    _fit_ols_hc, ols_params, title="OLS, robust ({cov_type}) standard errors",
    column="OLS, {cov_type} SE",
    table_note="Robust columns: heteroskedasticity-consistent standard errors; robust Wald F."))
ESTIMATORS.add("quantile", EstimatorSpec(
    "quantile", "quantile regression (statsmodels QuantReg), sandwich standard errors",
    _fit_quantile, _quantile_params, title="quantile regression, q = {quantile:g}",
    column="quantile {quantile:g}", line="quantile {quantile:g}",
    table_note="Quantile columns: pseudo R^2 (Koenker-Machado); no F statistic.",
    r2_symbol="pseudo R²"))
