"""Out-of-time validation: would the paper's regressions have forecast what happened next?

The paper fits error against computation on the models published up to 2020 and extrapolates by
many orders of magnitude (section 3.3, Figure 4) without checking how such extrapolations fare.
:func:`backtest` does the check with a *rolling origin*: for each cut-off year ``Y`` it fits only
on the models published up to ``Y`` and forecasts, for every model published after ``Y``,

(a) its error from its computation (a point forecast and prediction intervals for a *new*
    observation), and
(b) the computation needed to reach its error (inverse prediction, in orders of magnitude),
    scored on the *frontier*: the models that set a new best error after ``Y`` (the last of them
    reached "the best error achieved after ``Y``").

Each forecast is compared with what happened. Repeating over cut-offs gives the error of the
point forecasts and the coverage of the 80 % and 95 % intervals, for every *variant*
(:data:`VARIANTS`): functional form (polynomial / exponential) x estimator (conditional mean /
10 % quantile, Figure 8) x anchoring (the paper's Figure 4 arithmetic / the regression line) x
with or without the year trend of Table 2.

Intervals
---------
``analytic`` (default)
    Least-squares prediction intervals for a new observation:
    ``yhat +/- t(df) sqrt(s^2 + w' V w)`` with ``s`` the residual standard error, ``V`` the
    covariance of the coefficients and ``w`` the weights of the forecast line; for (b) the same
    variance inverted by Fieller's method. Not defined for a quantile fit (one conditional
    quantile says nothing about the spread of a new observation): coverage is then reported as
    not applicable (NaN), never as a number.
``bootstrap``
    Pairs bootstrap of the coefficients plus a residual drawn from the training fit (OLS
    residuals rescaled by ``sqrt(n / (n - k))``), percentiles of the simulated new observation
    (a) or of the computation at which it reaches the target (b). Defined for every variant.

Anchorings
----------
``paper``
    The line through the training set's best model (lowest error, its computation and year)
    with the fitted slope(s): ``y = y_best + b (u - u_best) [+ g (year - year_best)]``; the
    anchor is treated as exact, as in the paper's Figure 4.
``regression``
    The fitted line ``y = a + b u [+ g year]``.

Here ``u = log10(computation)`` and ``y`` is the form's transformed error (``log10(error)`` for
the polynomial form, ``error`` for the exponential form).

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning" (arXiv:2007.05558),
sections 3.2-3.3, Tables 1-2, Figures 4 and 8. Tashman (2000), "Out-of-sample tests of forecasting
accuracy: an analysis and review", Int. J. Forecasting 16(4) (rolling-origin evaluation).
Fieller (1954), JRSS B 16(2) (inverse prediction). Davison & Hinkley (1997), *Bootstrap Methods
and their Application*, section 6.3.3 (bootstrap prediction intervals).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._registry import Registry
from .errors import InputError
from .progress import ProgressResult, algorithmic_progress

__all__ = [
    "Variant",
    "VARIANTS",
    "PAPER_VARIANT",
    "Anchoring",
    "ANCHORINGS",
    "BACKTEST_INTERVALS",
    "BacktestResult",
    "backtest",
    "backtest_arrays",
    "default_cutoffs",
    "fieller_rows",
    "level_key",
    "algorithmic_progress",
    "ProgressResult",
]

#: Computation inside the log is in GFLOPs, as the paper's tables (only intercepts depend on it).
_X_SCALE = 1e9


# --------------------------------------------------------------------------------------------
# variants
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    """One way of forecasting: form x estimator x anchoring x year trend.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"polynomial-mean-paper"`` or ``"exponential-q10-regression-year"``.
    form : str
        Functional form (:data:`computelimits.fitting.FORMS`).
    quantile : float or None
        ``None`` for least squares (the conditional mean), else the quantile fitted (0.1 for the
        paper's Figure 8).
    anchor : str
        ``"paper"`` or ``"regression"`` (:data:`ANCHORINGS`).
    year : bool
        Whether the fit has a linear year trend (Table 2).
    description : str
    """

    name: str
    form: str
    quantile: float | None
    anchor: str
    year: bool
    description: str

    @property
    def estimator(self) -> str:
        """``"mean"`` or ``"q<percent>"`` (``"q10"`` for the 10 % quantile)."""
        return "mean" if self.quantile is None else f"q{100 * self.quantile:g}"


_ESTIMATOR_LABELS = {"mean": None, "q10": 0.1}
_FORM_WORDS = {"polynomial": "log10(error) linear in log10(C)",
               "exponential": "error linear in log10(C)"}

#: Forecasting variants. Names are ``<form>-<estimator>-<anchor>[-year]``.
VARIANTS: Registry[Variant] = Registry("backtest variant")
for _form in ("polynomial", "exponential"):
    for _est, _q in _ESTIMATOR_LABELS.items():
        for _anchor in ("paper", "regression"):
            for _year in (False, True):
                _name = f"{_form}-{_est}-{_anchor}" + ("-year" if _year else "")
                VARIANTS.add(_name, Variant(
                    _name, _form, _q, _anchor, _year,
                    f"{_FORM_WORDS[_form]}, "
                    + ("OLS (conditional mean)" if _q is None else f"{_q:g} quantile regression")
                    + (", anchored at the best model so far (Figure 4)" if _anchor == "paper"
                       else ", regression line")
                    + (", with a year trend (Table 2)" if _year else "")))
del _form, _est, _q, _anchor, _year, _name

#: The paper's own projection: polynomial form, least squares, Figure 4 anchoring, no year trend.
PAPER_VARIANT = "polynomial-mean-paper"


def _variant(v: str | Variant) -> Variant:
    if isinstance(v, Variant):
        from .fitting.forms import get_form

        get_form(v.form)
        ANCHORINGS.get(v.anchor)
        if v.quantile is not None and not (0 < float(v.quantile) < 1):
            raise InputError(f"variant {v.name!r}: quantile must be in (0, 1); got {v.quantile!r}")
        return v
    return VARIANTS.get(str(v).strip())


# --------------------------------------------------------------------------------------------
# one training fit, on arrays
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _TrainFit:
    names: tuple[str, ...]
    beta: np.ndarray
    cov: np.ndarray
    s2: float  # residual variance (NaN for a quantile fit)
    df: float
    resid: np.ndarray  # residual pool for bootstrap predictive draws
    draws: np.ndarray | None  # bootstrap coefficient draws (finite rows only)
    u_mean: float
    year_origin: float
    u_best: float
    y_best: float
    year_best: float
    best_model: str
    best_error: float


def _fit_train(u, y, yr, err, models, variant: Variant, n_boot: int,
               rng: np.random.Generator | None) -> _TrainFit | str:
    """Fit one variant's regression on training arrays; a string says why it cannot be fitted."""
    from .fitting.bootstrap import pairs_bootstrap
    from .fitting.core import design_matrix
    from .fitting.estimators import ESTIMATORS

    n = len(u)
    k = 2 + (1 if variant.year else 0)
    if n < k + 1:
        return f"{n} training rows for {k} coefficients"
    if np.ptp(u) == 0:
        return "every training model has the same computation"
    origin = float(np.mean(yr))
    if variant.year and np.ptp(yr) == 0:
        return "every training model has the same year (no year trend)"
    X, names = design_matrix(u, 1, (yr - origin) if variant.year else None)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        return "collinear regressors"
    if variant.quantile is None:
        est = ESTIMATORS.get("ols")
        opts: dict[str, Any] = {}
    else:
        est = ESTIMATORS.get("quantile")
        opts = {"quantile": float(variant.quantile)}
    e = est.fit(X, y, names, **opts)
    beta = np.asarray(e.params, dtype=float)
    resid = y - X @ beta
    if variant.quantile is None:
        s2 = float(e.resid_se) ** 2
        pool = resid * math.sqrt(n / max(n - k, 1))
    else:
        s2 = float("nan")
        pool = resid
    draws = None
    if n_boot:
        d = pairs_bootstrap(X, y, n_boot, rng, est.params_only, **opts)
        draws = d[np.all(np.isfinite(d), axis=1)]
        if len(draws) == 0:
            return "no bootstrap resample could be fitted"
    order = np.lexsort((u, err))  # lowest error, ties to the least computation
    i = int(order[0])
    return _TrainFit(tuple(names), beta, np.asarray(e.cov, dtype=float), s2, float(e.df_resid),
                     pool, draws, float(np.mean(u)), origin, float(u[i]), float(y[i]),
                     float(yr[i]), str(models[i]), float(err[i]))


# --------------------------------------------------------------------------------------------
# anchorings: the forecast line as weights on the coefficients
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Anchoring:
    """How the forecast line is placed (registry :data:`ANCHORINGS`).

    ``line(fit) -> (c0, centre, base)``: the line is
    ``c0 + (base(year) + (u - centre) e_slope) . beta`` with ``base(year)`` the weights on the
    coefficients at ``u = centre`` (an array of shape (m, k) for m years).
    """

    name: str
    description: str
    line: Callable[[_TrainFit], tuple[float, float, Callable[[np.ndarray], np.ndarray]]]


def _regression_anchor(f: _TrainFit):
    c = f.u_mean

    def base(yr):
        yr = np.asarray(yr, dtype=float)
        cols = [np.ones_like(yr), np.full_like(yr, c)]
        if "year" in f.names:
            cols.append(yr - f.year_origin)
        return np.column_stack(cols)

    return 0.0, c, base


def _paper_anchor(f: _TrainFit):
    def base(yr):
        yr = np.asarray(yr, dtype=float)
        cols = [np.zeros_like(yr), np.zeros_like(yr)]
        if "year" in f.names:
            cols.append(yr - f.year_best)
        return np.column_stack(cols)

    return f.y_best, f.u_best, base


ANCHORINGS: Registry[Anchoring] = Registry("backtest anchoring")
ANCHORINGS.add("paper", Anchoring(
    "paper", "through the best model so far with the fitted slope (paper Figure 4)", _paper_anchor))
ANCHORINGS.add("regression", Anchoring(
    "regression", "the fitted regression line", _regression_anchor))

#: Interval methods of the backtest.
BACKTEST_INTERVALS: tuple[str, ...] = ("analytic", "bootstrap")


# --------------------------------------------------------------------------------------------
# kernels on arrays
# --------------------------------------------------------------------------------------------

def fieller_rows(y, alpha, slope, s00, s01, s11, crit):
    """Fieller sets ``{w : (y - alpha - slope w)^2 <= crit^2 (s00 + 2 s01 w + s11 w^2)}``, row-wise.

    The vectorised form of :func:`computelimits.projection.fieller_inverse`: ``y``, ``alpha``,
    ``s00`` and ``s01`` may be arrays (one line per row), ``slope``, ``s11`` and ``crit`` scalars.
    The set is a bounded interval when ``slope^2 > crit^2 s11`` (the slope is significant at the
    level); otherwise it is unbounded and returned as ``(-inf, inf)``. Unknown variances (NaN)
    give NaN bounds.

    Returns
    -------
    lower, upper : ndarray
    bounded : ndarray of bool

    Examples
    --------
    >>> lo, hi, ok = fieller_rows([-1.0], 0.0, -0.1, 0.0, 0.0, 0.02 ** 2, 2.0)
    >>> round(float(lo[0]), 3), round(float(hi[0]), 3), bool(ok[0])
    (7.143, 16.667, True)
    """
    y, alpha, s00, s01 = (np.asarray(v, dtype=float) for v in (y, alpha, s00, s01))
    y, alpha, s00, s01 = np.broadcast_arrays(np.atleast_1d(y), alpha, s00, s01)
    slope, s11, crit = float(slope), float(s11), float(crit)
    d = y - alpha
    c2 = crit * crit
    A = slope * slope - c2 * s11
    B = -2.0 * (slope * d + c2 * s01)
    C = d * d - c2 * s00
    unknown = ~(np.isfinite(s00) & np.isfinite(s01)) | (not math.isfinite(s11)) \
        | (not math.isfinite(slope))
    lo = np.full(y.shape, -np.inf)
    hi = np.full(y.shape, np.inf)
    bounded = np.zeros(y.shape, dtype=bool)
    if A > 0:
        r = np.sqrt(np.maximum(B * B - 4.0 * A * C, 0.0))
        q = -0.5 * (B + np.copysign(r, B))
        with np.errstate(divide="ignore", invalid="ignore"):
            r1 = np.where(q != 0, q / A, -B / (2 * A))
            r2 = np.where(q != 0, C / q, -B / (2 * A))
        lo, hi = np.minimum(r1, r2), np.maximum(r1, r2)
        bounded = np.ones(y.shape, dtype=bool)
    lo = np.where(unknown, np.nan, lo)
    hi = np.where(unknown, np.nan, hi)
    return lo, hi, bounded & ~unknown


def level_key(level: float) -> str:
    """Column key of a level: ``0.8 -> "80"``, ``0.95 -> "95"``, ``0.975 -> "97_5"``."""
    return f"{100 * float(level):g}".replace(".", "_")


def _crit(level: float, df: float) -> float:
    from scipy import stats

    q = 0.5 + float(level) / 2.0
    if not math.isfinite(df) or df <= 0:
        return float("nan")
    return float(stats.t.ppf(q, df))


def _check_levels(levels) -> tuple[float, ...]:
    if isinstance(levels, (int, float)):
        levels = (levels,)
    out = []
    for lv in levels:
        try:
            v = float(lv)
        except (TypeError, ValueError):
            raise InputError(f"levels must be numbers in (0, 1) such as 0.8, 0.95; got {lv!r}") \
                from None
        if not (0 < v < 1):
            raise InputError(f"levels must be in (0, 1) (e.g. 0.8, 0.95); got {lv!r}")
        out.append(v)
    if not out:
        raise InputError("give at least one interval level (e.g. 0.8, 0.95)")
    if len({level_key(v) for v in out}) != len(out):
        raise InputError(f"interval levels repeat: {levels!r}")
    return tuple(out)


def _forecast_rows(fit: _TrainFit, variant: Variant, form, u, yr, y_actual, levels,
                   interval: str, rng: np.random.Generator | None) -> dict[str, np.ndarray]:
    """Forecasts for test rows (arrays) from one training fit: (a) error and (b) computation."""
    anchor = ANCHORINGS.get(variant.anchor)
    c0, centre, base = anchor.line(fit)
    beta, V = fit.beta, fit.cov
    ib = fit.names.index("log10_x")
    m = len(u)
    B0 = base(yr)  # (m, k) weights at u = centre
    W = B0.copy()
    W[:, ib] += u - centre
    yhat = c0 + W @ beta
    slope = float(beta[ib])
    alpha = c0 + B0 @ beta
    with np.errstate(divide="ignore", invalid="ignore"):
        u_need = centre + (y_actual - alpha) / slope if slope != 0 else np.full(m, np.inf)
    out: dict[str, np.ndarray] = {"y_pred": yhat, "u_need": np.asarray(u_need, dtype=float)}

    if interval == "analytic":
        var_line = np.einsum("ij,jk,ik->i", W, V, W)
        s00 = np.einsum("ij,jk,ik->i", B0, V, B0) + fit.s2
        s01 = B0 @ V[:, ib]
        for lv in levels:
            key = level_key(lv)
            t = _crit(lv, fit.df)
            half = t * np.sqrt(np.maximum(fit.s2 + var_line, 0.0))
            out[f"y_lo{key}"], out[f"y_hi{key}"] = yhat - half, yhat + half
            lo, hi, _ = fieller_rows(y_actual, alpha, slope, s00, s01, V[ib, ib], t)
            out[f"u_lo{key}"], out[f"u_hi{key}"] = centre + lo, centre + hi
        return out

    # bootstrap: coefficient draws plus a residual for the new observation
    draws = fit.draws
    nb = len(draws)
    e = rng.choice(fit.resid, size=(m, nb), replace=True)
    ysim = c0 + W @ draws.T + e  # (m, nb)
    a_d = c0 + B0 @ draws.T  # (m, nb)
    b_d = draws[:, ib][None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        usim = centre + np.where(b_d != 0, (y_actual[:, None] - e - a_d) / b_d, np.inf)
    for lv in levels:
        key = level_key(lv)
        ql, qh = (1 - lv) / 2, (1 + lv) / 2
        out[f"y_lo{key}"] = np.quantile(ysim, ql, axis=1)
        out[f"y_hi{key}"] = np.quantile(ysim, qh, axis=1)
        out[f"u_lo{key}"] = np.quantile(usim, ql, axis=1, method="inverted_cdf")
        out[f"u_hi{key}"] = np.quantile(usim, qh, axis=1, method="inverted_cdf")
    return out


def default_cutoffs(year, min_train: int = 10, min_test: int = 3) -> tuple[int, ...]:
    """Cut-off years with at least ``min_train`` models up to the year and ``min_test`` after.

    A model belongs to cut-off ``Y``'s training set when it was published in year ``Y`` or
    earlier (``floor(year) <= Y``) and is forecast when it was published later.

    Examples
    --------
    >>> default_cutoffs([2012, 2013, 2013, 2014, 2015, 2016], min_train=3, min_test=2)
    (2013, 2014)
    """
    yr = np.floor(np.asarray(year, dtype=float))
    yr = yr[np.isfinite(yr)]
    if yr.size == 0:
        return ()
    out = []
    for y in range(int(yr.min()), int(yr.max())):
        if np.sum(yr <= y) >= min_train and np.sum(yr > y) >= min_test:
            out.append(y)
    return tuple(out)


def _check_int(v, what: str, minimum: int) -> int:
    try:
        i = int(v)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be an integer >= {minimum}; got {v!r}") from None
    if i != v or i < minimum:
        raise InputError(f"{what} must be an integer >= {minimum}; got {v!r}")
    return i


def _check_cutoffs(cutoffs, yr_floor, min_train, min_test) -> tuple[int, ...]:
    if isinstance(cutoffs, (int, float, str)):
        cutoffs = [cutoffs]
    out = []
    for c in cutoffs:
        try:
            f = float(c)
        except (TypeError, ValueError):
            raise InputError(f"cut-offs must be years such as 2015; got {c!r}") from None
        if not math.isfinite(f) or f != int(f):
            raise InputError(f"cut-offs must be whole years such as 2015 (a model published in "
                             f"year Y or earlier is in cut-off Y's training set); got {c!r}")
        y = int(f)
        n_tr, n_te = int(np.sum(yr_floor <= y)), int(np.sum(yr_floor > y))
        if n_tr < min_train:
            raise InputError(f"cut-off {y}: {n_tr} model(s) published up to {y}; a backtest fit "
                             f"needs at least {min_train} (min_train)")
        if n_te < min_test:
            raise InputError(f"cut-off {y}: {n_te} model(s) published after {y}; at least "
                             f"{min_test} are needed to forecast (min_test)")
        out.append(y)
    if not out:
        raise InputError("give at least one cut-off year")
    if len(set(out)) != len(out):
        raise InputError(f"cut-off years repeat: {sorted(out)}")
    return tuple(sorted(out))


def backtest_arrays(log10_x, error, year, *, models=None, cutoffs=None,
                    variants: Sequence[str | Variant] | None = None,
                    levels: Sequence[float] = (0.8, 0.95), interval: str = "analytic",
                    n_boot: int = 200, rng: np.random.Generator | None = None,
                    min_train: int = 10, min_test: int = 3, horizon: int | None = None,
                    x_scale: float = _X_SCALE) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The rolling-origin backtest on arrays (the kernel of :func:`backtest`).

    Parameters
    ----------
    log10_x : array_like
        ``log10(computation / x_scale)`` per model.
    error : array_like
        Error rates in (0, 1).
    year : array_like
        Decimal publication years.
    models : array_like of str, optional
        Model names (default ``m0``, ``m1`` ...).
    cutoffs, variants, levels, interval, min_train, min_test, horizon
        See :func:`backtest`.
    n_boot : int
        Bootstrap resamples per fit with ``interval="bootstrap"``.
    rng : numpy.random.Generator, optional
        Required with ``interval="bootstrap"``.
    x_scale : float
        FLOPs per unit of computation inside ``log10_x``.

    Returns
    -------
    forecasts : pandas.DataFrame
        One row per (variant, cut-off, forecast model); see :attr:`BacktestResult.forecasts`.
    fits : pandas.DataFrame
        One row per (variant, cut-off): the training fit.
    notes : list of str
    """
    from .fitting.forms import get_form

    u = np.asarray(log10_x, dtype=float)
    err = np.asarray(error, dtype=float)
    yr = np.asarray(year, dtype=float)
    if not (u.shape == err.shape == yr.shape) or u.ndim != 1:
        raise InputError("log10_x, error and year must be 1-d arrays of the same length")
    if not np.all(np.isfinite(u) & np.isfinite(err) & np.isfinite(yr)):
        raise InputError("log10_x, error and year must be finite")
    if np.any((err <= 0) | (err >= 1)):
        raise InputError("error rates must be fractions in (0, 1)")
    names = np.asarray([f"m{i}" for i in range(len(u))] if models is None else models,
                       dtype=object)
    if names.shape != u.shape:
        raise InputError("models must have one name per row")
    min_train = _check_int(min_train, "min_train", 3)
    min_test = _check_int(min_test, "min_test", 1)
    if horizon is not None:
        horizon = _check_int(horizon, "horizon", 1)
    levels = _check_levels(levels)
    interval = str(interval).lower()
    if interval not in BACKTEST_INTERVALS:
        raise InputError(f"interval must be one of {', '.join(BACKTEST_INTERVALS)}; got "
                         f"{interval!r}")
    if interval == "bootstrap":
        n_boot = _check_int(n_boot, "n_boot (bootstrap resamples)", 10)
        if not isinstance(rng, np.random.Generator):
            raise InputError("bootstrap intervals need an explicit numpy.random.Generator")
    else:
        n_boot = 0
    vs = [_variant(v) for v in (VARIANTS.names() if variants is None else variants)]
    if not vs:
        raise InputError("give at least one variant")
    if len({v.name for v in vs}) != len(vs):
        raise InputError("variants repeat")
    yr_floor = np.floor(yr)
    if cutoffs is None:
        cutoffs = default_cutoffs(yr, min_train, min_test)
        if not cutoffs:
            raise InputError(
                f"no cut-off year has at least {min_train} models up to it and {min_test} after "
                f"it ({len(u)} models, {int(yr_floor.min())}-{int(yr_floor.max())}); lower "
                "min_train/min_test or add data")
    else:
        cutoffs = _check_cutoffs(cutoffs, yr_floor, min_train, min_test)

    forms = {v.form: get_form(v.form) for v in vs}
    ys = {name: np.asarray(f.transform(err), dtype=float) for name, f in forms.items()}
    notes: list[str] = []
    frames: list[dict[str, np.ndarray]] = []
    fit_rows: list[dict[str, Any]] = []
    used_cutoffs = []
    for cut in cutoffs:
        tr = yr_floor <= cut
        te = yr_floor > cut
        if horizon is not None:
            te &= yr_floor <= cut + horizon
        if not np.any(te):
            notes.append(f"cut-off {cut}: no model within {horizon} year(s) after it; skipped")
            continue
        # fit every variant first: a cut-off is used only if all variants can be fitted, so that
        # the variants are compared on the same forecasts
        fits: dict[str, _TrainFit] = {}
        cache: dict[tuple, _TrainFit | str] = {}
        failed = None
        for v in vs:
            key = (v.form, v.quantile, v.year)
            if key not in cache:
                cache[key] = _fit_train(u[tr], ys[v.form][tr], yr[tr], err[tr], names[tr], v,
                                        n_boot, rng)
            r = cache[key]
            if isinstance(r, str):
                failed = (v.name, r)
                break
            fits[v.name] = r
        if failed is not None:
            notes.append(f"cut-off {cut}: variant {failed[0]} cannot be fitted ({failed[1]}); "
                         "cut-off skipped for every variant")
            continue
        used_cutoffs.append(cut)
        # the frontier after the cut-off: models that beat every earlier model's error
        idx = np.flatnonzero(te)
        order = idx[np.lexsort((err[idx], yr[idx]))]
        best = float(np.min(err[tr]))
        record = np.zeros(len(u), dtype=bool)
        for i in order:
            if err[i] < best:
                record[i] = True
                best = float(err[i])
        best_after = np.zeros(len(u), dtype=bool)
        best_after[idx[np.argmin(err[idx])]] = True
        for v in vs:
            f = fits[v.name]
            form = forms[v.form]
            res = _forecast_rows(f, v, form, u[te], yr[te], ys[v.form][te], levels, interval,
                                 rng)
            frames.append(_frame(v, cut, f, form, names[te], yr[te], u[te], err[te],
                                 ys[v.form][te], record[te], best_after[te], res, levels,
                                 interval, x_scale))
            fit_rows.append(_fit_row(v, cut, f, int(tr.sum()), int(te.sum()), x_scale))
    if not used_cutoffs:
        raise InputError("no cut-off could be backtested: " + "; ".join(notes))
    cols = {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}
    for k in list(cols):
        if k.startswith(("covered", "needed_covered")):
            v = cols[k]
            cols[k] = pd.array(np.where(np.isnan(v), None, v == 1.0), dtype="boolean")
    return pd.DataFrame(cols), pd.DataFrame(fit_rows), notes


def _frame(v: Variant, cut, f: _TrainFit, form, names, yr, u, err, y_act, record, best_after,
           res, levels, interval, x_scale) -> dict[str, np.ndarray]:
    m = len(u)
    pred = np.asarray(form.inverse(res["y_pred"]), dtype=float)
    def rep(val, dtype=object):
        return np.full(m, val, dtype=dtype)

    cols: dict[str, Any] = {
        "variant": rep(v.name),
        "form": rep(v.form),
        "estimator": rep(v.estimator),
        "anchor": rep(v.anchor),
        "year_trend": rep(v.year, bool),
        "cutoff": rep(int(cut), int),
        "lead": (np.floor(yr) - cut).astype(int),
        "model": np.asarray(names, dtype=object),
        "year": yr,
        "x_value": x_scale * np.power(10.0, u),
        "error": err,
        "pred_error": pred,
    }
    na_pi = interval == "analytic" and v.quantile is not None
    for lv in levels:
        key = level_key(lv)
        ylo, yhi = res[f"y_lo{key}"], res[f"y_hi{key}"]
        if na_pi:
            ylo, yhi = np.full(m, np.nan), np.full(m, np.nan)
        a, b = np.asarray(form.inverse(ylo), dtype=float), np.asarray(form.inverse(yhi), dtype=float)
        cols[f"pi{key}_lower"], cols[f"pi{key}_upper"] = np.fmin(a, b), np.fmax(a, b)
        cov = ((ylo <= y_act) & (y_act <= yhi)).astype(float)
        cols[f"covered{key}"] = np.where(np.isnan(ylo), np.nan, cov)
    cols["below"] = (y_act < res["y_pred"]) if form.orientation > 0 else (y_act > res["y_pred"])
    cols["record"] = record
    cols["best_after"] = best_after
    un = res["u_need"]
    off = math.log10(x_scale)
    with np.errstate(over="ignore"):
        cols["needed_flops"] = np.power(10.0, un + off)
    cols["actual_flops"] = cols["x_value"]
    with np.errstate(invalid="ignore"):
        cols["log10_ratio"] = un - u
    for lv in levels:
        key = level_key(lv)
        lo, hi = res[f"u_lo{key}"], res[f"u_hi{key}"]
        if na_pi:
            lo, hi = np.full(m, np.nan), np.full(m, np.nan)
        with np.errstate(over="ignore"):
            cols[f"needed_pi{key}_lower"] = np.power(10.0, lo + off)
            cols[f"needed_pi{key}_upper"] = np.power(10.0, hi + off)
        cov = ((lo <= u) & (u <= hi)).astype(float)
        cols[f"needed_covered{key}"] = np.where(np.isnan(lo), np.nan, cov)
    return cols


def _fit_row(v: Variant, cut, f: _TrainFit, n_train, n_test, x_scale) -> dict[str, Any]:
    p = dict(zip(f.names, f.beta, strict=True))
    se = dict(zip(f.names, np.sqrt(np.maximum(np.diag(f.cov), 0.0)), strict=True))
    return dict(
        variant=v.name, cutoff=int(cut), n_train=n_train, n_test=n_test,
        intercept=float(p["const"]), slope=float(p["log10_x"]),
        slope_se=float(se["log10_x"]), year_coef=float(p.get("year", np.nan)),
        year_se=float(se.get("year", np.nan)), year_origin=f.year_origin,
        resid_se=math.sqrt(f.s2) if math.isfinite(f.s2) else float("nan"),
        df_resid=f.df, best_model=f.best_model, best_error=f.best_error,
        best_flops=x_scale * 10.0 ** f.u_best, best_year=f.year_best,
        n_bootstrap=0 if f.draws is None else len(f.draws))


# --------------------------------------------------------------------------------------------
# scores
# --------------------------------------------------------------------------------------------

def _mean_bool(s: pd.Series) -> float:
    s = s.dropna()
    return float(s.astype(float).mean()) if len(s) else float("nan")


def _score(g: pd.DataFrame, levels: tuple[float, ...]) -> dict[str, Any]:
    d: dict[str, Any] = {"n_forecasts": int(len(g))}
    diff = g["pred_error"] - g["error"]
    d["mae_error"] = float(np.mean(np.abs(diff)))
    d["bias_error"] = float(np.mean(diff))
    for lv in levels:
        d[f"coverage{level_key(lv)}"] = _mean_bool(g[f"covered{level_key(lv)}"])
    d["share_below"] = float(np.mean(g["below"]))
    rec = g[g["record"]]
    d["n_frontier"] = int(len(rec))
    lr = rec["log10_ratio"].to_numpy(dtype=float)
    fin = np.isfinite(lr)
    d["mae_log10_flops"] = float(np.mean(np.abs(lr[fin]))) if fin.any() else float("nan")
    d["bias_log10_flops"] = float(np.mean(lr[fin])) if fin.any() else float("nan")
    d["n_unreachable"] = int(np.sum(~fin))
    for lv in levels:
        k = level_key(lv)
        d[f"coverage{k}_flops"] = _mean_bool(rec[f"needed_covered{k}"])
    for lv in levels:
        k = level_key(lv)
        lo = rec[f"needed_pi{k}_lower"].to_numpy(dtype=float)
        hi = rec[f"needed_pi{k}_upper"].to_numpy(dtype=float)
        known = ~(np.isnan(lo) | np.isnan(hi))
        d[f"unbounded{k}_flops"] = (float(np.mean(np.isinf(lo[known]) | np.isinf(hi[known])))
                                    if known.any() else float("nan"))
    lb = g.loc[g["best_after"], "log10_ratio"].to_numpy(dtype=float)
    fb = np.isfinite(lb)
    d["mae_log10_flops_best"] = float(np.mean(np.abs(lb[fb]))) if fb.any() else float("nan")
    la = g["log10_ratio"].to_numpy(dtype=float)
    fa = np.isfinite(la)
    d["mae_log10_flops_all"] = float(np.mean(np.abs(la[fa]))) if fa.any() else float("nan")
    return d


def _binom_under(k: int, n: int, p: float) -> float:
    """One-sided p-value of observing ``k`` or fewer successes in ``n`` at rate ``p``."""
    from scipy import stats

    return float(stats.binom.cdf(k, n, p))


def _binom_over(k: int, n: int, p: float) -> float:
    from scipy import stats

    return float(stats.binom.sf(k - 1, n, p))


@dataclass(frozen=True, eq=False)
class BacktestResult:
    """The result of :func:`backtest`; an immutable value.

    Attributes
    ----------
    benchmark : str or None
    x : str
        ``"per-pass"`` or ``"burden"``.
    cutoffs : tuple of int
        Cut-off years actually backtested.
    variants : tuple of str
    levels : tuple of float
        Interval levels (0.8 and 0.95 by default).
    interval : str
        ``"analytic"`` or ``"bootstrap"``.
    n_boot : int
        Bootstrap resamples per fit (0 for analytic intervals).
    seed : int or None
    min_train, min_test : int
    horizon : int or None
    n_models : int
        Models with the needed columns (error, computation, year).
    notes : tuple of str
    """

    benchmark: str | None
    x: str
    cutoffs: tuple[int, ...]
    variants: tuple[str, ...]
    levels: tuple[float, ...]
    interval: str
    n_boot: int
    seed: int | None
    min_train: int
    min_test: int
    horizon: int | None
    n_models: int
    notes: tuple[str, ...]
    _forecasts: pd.DataFrame = field(repr=False)
    _fits: pd.DataFrame = field(repr=False)

    @property
    def forecasts(self) -> pd.DataFrame:
        """One row per (variant, cut-off, forecast model); a fresh copy.

        Identity: ``variant``, ``form``, ``estimator`` (``mean`` / ``q10``), ``anchor``,
        ``year_trend``, ``cutoff``, ``lead`` (publication year minus cut-off), ``model``,
        ``year``, ``x_value`` (its computation, FLOPs), ``error`` (what happened).

        (a) error from computation: ``pred_error``, ``pi<L>_lower``/``pi<L>_upper`` (prediction
        interval at level L, e.g. ``pi80_lower``; NaN where not applicable), ``covered<L>``
        (nullable boolean), ``below`` (the actual error is below the forecast).

        (b) computation needed to reach the model's error: ``needed_flops``, ``actual_flops``
        (= ``x_value``), ``log10_ratio`` = log10(needed / actual) (orders of magnitude; > 0: the
        forecast said more computation was needed than was used), ``needed_pi<L>_lower``,
        ``needed_pi<L>_upper`` (FLOPs), ``needed_covered<L>``; ``record`` marks the frontier
        (a new best error after the cut-off), ``best_after`` the best error after the cut-off.
        """
        return self._forecasts.copy()

    @property
    def fits(self) -> pd.DataFrame:
        """One row per (variant, cut-off): the training fit.

        Columns: ``variant``, ``cutoff``, ``n_train``, ``n_test``, ``intercept`` (at 1 GFLOP and,
        with a year trend, at ``year_origin``, the mean training year), ``slope``, ``slope_se``,
        ``year_coef``, ``year_se``, ``year_origin``, ``resid_se`` (NaN for a quantile fit),
        ``df_resid``, the paper anchoring's model (``best_model``, ``best_error``,
        ``best_flops``, ``best_year``: the lowest error up to the cut-off) and ``n_bootstrap``
        (usable resamples).
        """
        return self._fits.copy()

    @property
    def paper_variant(self) -> str | None:
        """The paper's own variant if backtested (:data:`PAPER_VARIANT`), else ``None``."""
        return PAPER_VARIANT if PAPER_VARIANT in self.variants else None

    def scores(self, by: str | None = None) -> pd.DataFrame:
        """Scores per variant (and per cut-off or lead with ``by``).

        Parameters
        ----------
        by : {None, "cutoff", "lead"}

        Returns
        -------
        pandas.DataFrame
            ``variant`` [``cutoff`` | ``lead``], ``n_forecasts``; (a): ``mae_error`` (mean
            absolute error of the error forecasts, as a fraction: 0.01 = one percentage point),
            ``bias_error`` (forecast minus actual), ``coverage<L>`` (share of actual errors inside
            the level-L prediction interval; NaN when not applicable), ``share_below`` (share of
            actual errors below the forecast; about 0.5 for a calibrated mean, the quantile for a
            quantile fit); (b) on the frontier: ``n_frontier``, ``mae_log10_flops`` (mean absolute
            log10(needed/actual): orders of magnitude), ``bias_log10_flops``, ``n_unreachable``
            (zero slope: not scored), ``coverage<L>_flops``, ``unbounded<L>_flops`` (share of
            those intervals that are unbounded because the slope is not significant at the level:
            they cover trivially); ``mae_log10_flops_best``: the same
            for the best error achieved after each cut-off only (one forecast per cut-off); and
            over every forecast model: ``mae_log10_flops_all``. Every forecast counts once (pooled over cut-offs).

        With analytic intervals a model's (b) interval covers its computation exactly when its
        (a) interval covers its error (the Fieller set inverts the same prediction band), so
        ``coverage<L>_flops`` is the (a) coverage on the frontier; bootstrap intervals differ.
        """
        keys = ["variant"]
        if by is not None:
            if by not in ("cutoff", "lead"):
                raise InputError(f"by must be None, 'cutoff' or 'lead'; got {by!r}")
            keys.append(by)
        rows = []
        f = self._forecasts
        for key, g in f.groupby(keys, sort=False):
            key = key if isinstance(key, tuple) else (key,)
            rows.append({**dict(zip(keys, key, strict=True)), **_score(g, self.levels)})
        out = pd.DataFrame(rows)
        order = {v: i for i, v in enumerate(self.variants)}
        out = out.sort_values(keys, key=lambda s: s.map(order) if s.name == "variant" else s,
                              kind="mergesort").reset_index(drop=True)
        return out

    def calibration(self) -> pd.DataFrame:
        """Coverage against nominal, per variant, level and forecast kind, with a verdict.

        Columns: ``variant``, ``target`` (``error`` for (a), ``flops`` for (b) on the frontier),
        ``level``, ``n``, ``covered``, ``coverage``, ``p_under`` / ``p_over`` (one-sided binomial
        p-values of so few / so many covered), ``verdict``: ``under-coverage``,
        ``over-coverage`` (p < 0.05), ``consistent`` or ``not applicable``.

        Forecasts from one cut-off share a fit, so they are not independent: the p-values treat
        them as if they were and overstate the evidence; read them as a screen.
        """
        rows = []
        f = self._forecasts
        for v, g in f.groupby("variant", sort=False):
            for target, gg, prefix in (("error", g, "covered"),
                                       ("flops", g[g["record"]], "needed_covered")):
                for lv in self.levels:
                    s = gg[f"{prefix}{level_key(lv)}"].dropna()
                    n = int(len(s))
                    k = int(s.astype(bool).sum())
                    if n == 0:
                        rows.append(dict(variant=v, target=target, level=lv, n=0, covered=0,
                                         coverage=float("nan"), p_under=float("nan"),
                                         p_over=float("nan"), verdict="not applicable"))
                        continue
                    pu, po = _binom_under(k, n, lv), _binom_over(k, n, lv)
                    verdict = ("under-coverage" if pu < 0.05 else
                               "over-coverage" if po < 0.05 else "consistent")
                    rows.append(dict(variant=v, target=target, level=lv, n=n, covered=k,
                                     coverage=k / n, p_under=pu, p_over=po, verdict=verdict))
        return pd.DataFrame(rows)

    def best(self, metric: str = "mae_error") -> str:
        """The variant with the lowest ``metric`` (a column of :meth:`scores`).

        For a coverage column, the variant closest to nominal.
        """
        s = self.scores()
        if metric not in s.columns or metric in ("variant",):
            raise InputError(f"unknown score {metric!r}; one of {', '.join(s.columns[1:])}")
        vals = s[metric].astype(float)
        if metric.startswith("coverage"):
            key = metric[len("coverage"):].split("_")[0]
            nominal = {level_key(lv): lv for lv in self.levels}[key]
            vals = (vals - nominal).abs()
        if vals.isna().all():
            raise InputError(f"no variant has a value for {metric!r}")
        return str(s.loc[vals.idxmin(), "variant"])

    def to_dict(self, forecasts: bool = False) -> dict[str, Any]:
        """JSON-ready: settings, scores, calibration, fits (and the forecasts on request)."""
        d: dict[str, Any] = dict(
            benchmark=self.benchmark, x=self.x, cutoffs=list(self.cutoffs),
            variants=list(self.variants), levels=list(self.levels), interval=self.interval,
            n_boot=self.n_boot, seed=self.seed, min_train=self.min_train,
            min_test=self.min_test, horizon=self.horizon, n_models=self.n_models,
            paper_variant=self.paper_variant,
            best=dict(error=self.best("mae_error"), flops=_safe_best(self, "mae_log10_flops")),
            scores=_records(self.scores()), calibration=_records(self.calibration()),
            fits=_records(self._fits), notes=list(self.notes))
        if forecasts:
            d["forecasts"] = _records(self._forecasts)
        return d

    def summary(self, fmt: str = "text", digits: int = 3) -> str:
        """A table of the scores per variant with the best variants and the calibration verdicts.

        Parameters
        ----------
        fmt : {"text", "markdown", "html", "latex"}
        digits : int
            Significant digits.
        """
        fmt = str(fmt).lower()
        if fmt not in ("text", "markdown", "html", "latex"):
            raise InputError(f"format must be text, markdown, html or latex; got {fmt!r}")
        s = self.scores()
        keys = [level_key(lv) for lv in self.levels]
        head = (["Variant", "Forecasts", "MAE error"] + [f"Cov. {k}%" for k in keys]
                + ["Frontier", "MAE log10 C"] + [f"Cov. {k}% (C)" for k in keys])
        body = []
        for r in s.to_dict("records"):
            body.append([r["variant"], str(r["n_forecasts"]), _g(r["mae_error"], digits)]
                        + [_pct(r[f"coverage{k}"]) for k in keys]
                        + [str(r["n_frontier"]), _g(r["mae_log10_flops"], digits)]
                        + [_pct(r[f"coverage{k}_flops"]) for k in keys])
        cuts = ", ".join(map(str, self.cutoffs))
        title = (f"Backtest: {self.benchmark or 'data'}, {self.x} computation, cut-offs {cuts}, "
                 f"{self.interval} intervals")
        notes = self._summary_notes()
        if fmt == "markdown":
            lines = [f"**{title}**", "", "| " + " | ".join(head) + " |",
                     "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
            lines += ["| " + " | ".join(r) + " |" for r in body]
            lines += [""] + [f"- {n}" for n in notes]
            return "\n".join(lines)
        from .fitting._render import html_escape, latex_escape, render_table

        esc = latex_escape if fmt == "latex" else (html_escape if fmt == "html" else str)
        return render_table(fmt, esc(title), [[(esc(h), 1) for h in head]],
                            [[esc(c) for c in r] for r in body], [esc(n) for n in notes],
                            align="l" + "r" * (len(head) - 1))

    def _summary_notes(self) -> list[str]:
        notes = []
        s = self.scores().set_index("variant")
        b_err = self.best("mae_error")
        notes.append(f"Best error forecasts: {b_err} (mean absolute error "
                     f"{s.loc[b_err, 'mae_error']:.3g}).")
        b_fl = _safe_best(self, "mae_log10_flops")
        if b_fl is not None:
            notes.append(f"Best forecasts of the computation needed on the frontier: {b_fl} "
                         f"({s.loc[b_fl, 'mae_log10_flops']:.3g} orders of magnitude off on "
                         "average).")
        pv = self.paper_variant
        if pv is not None:
            r = s.loc[pv]
            covs = ", ".join(f"{_pct(r[f'coverage{level_key(lv)}'])} of outcomes in its "
                             f"{lv:.0%} intervals" for lv in self.levels)
            notes.append(f"The paper's projection ({pv}): error off by {r['mae_error']:.3g} on "
                         f"average, {covs}; computation off by "
                         f"{r['mae_log10_flops']:.3g} orders of magnitude on the frontier.")
        cal = self.calibration()
        under = cal[cal["verdict"] == "under-coverage"]
        if len(under):
            items = sorted({f"{r.variant} ({r.target}, {r.level:.0%}: {r.coverage:.0%})"
                            for r in under.itertuples()})
            shown = items[:6]
            more = f" and {len(items) - 6} more" if len(items) > 6 else ""
            notes.append("Under-coverage (intervals too narrow for what happened): "
                         + "; ".join(shown) + more + ".")
        else:
            notes.append("No variant's intervals under-cover at the 5% screening level.")
        if self.interval == "analytic" and any(v.split("-")[1] != "mean" for v in self.variants):
            notes.append("Quantile variants: prediction intervals are not defined analytically "
                         "(coverage n/a); use interval='bootstrap'.")
        notes.append("Coverage of (b) counts the frontier (new best errors after each cut-off); "
                     "MAE log10 C is in orders of magnitude of computation.")
        top = f"unbounded{level_key(max(self.levels))}_flops"
        unb = s[top].dropna()
        unb = unb[unb > 0]
        if len(unb):
            items = ", ".join(f"{v} ({x:.0%})" for v, x in unb.items())
            notes.append(f"Unbounded {max(self.levels):.0%} intervals for (b) (slope not "
                         f"significant at that level; they cover trivially): {items}.")
        notes.extend(self.notes)
        return notes

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return self.summary("html")

    def __repr__(self) -> str:
        return (f"BacktestResult(benchmark={self.benchmark!r}, x={self.x!r}, "
                f"cutoffs={list(self.cutoffs)}, variants={len(self.variants)}, "
                f"forecasts={len(self._forecasts)}, interval={self.interval!r})")


def _safe_best(res: BacktestResult, metric: str) -> str | None:
    try:
        return res.best(metric)
    except InputError:
        return None


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for r in df.to_dict("records"):
        out.append({k: (None if v is pd.NA else v) for k, v in r.items()})
    return out


def _g(v, digits: int) -> str:
    v = float(v)
    if math.isnan(v):
        return "n/a"
    return f"{v:.{digits}g}"


def _pct(v) -> str:
    v = float(v)
    return "n/a" if math.isnan(v) else f"{v:.0%}"


# --------------------------------------------------------------------------------------------
# the public entry point
# --------------------------------------------------------------------------------------------

def backtest(data=None, *, benchmark: str | None = None, x: str = "per-pass",
             cutoffs: Sequence[int] | int | None = None,
             variants: Sequence[str | Variant] | None = None,
             levels: Sequence[float] = (0.8, 0.95), seed: int | None = None,
             interval: str = "analytic", n_boot: int = 200, min_train: int = 10,
             min_test: int = 3, horizon: int | None = None,
             include_imputed: bool = True) -> BacktestResult:
    """Rolling-origin backtest of the paper's regressions on one benchmark.

    For each cut-off year ``Y``, fit each variant only on the models published up to ``Y``
    (``floor(year) <= Y``), then forecast for every later model (a) its error from its
    computation and (b) the computation needed to reach its error, and compare with what
    happened.

    Parameters
    ----------
    data : DataFrame, str, PathLike or None
        Records in the record schema (columns ``model``, ``benchmark``, ``year`` or ``date``,
        ``error`` or ``metric_value``, and the computation column), a CSV path, or ``None`` for
        the bundled dataset (:func:`computelimits.load_models`).
    benchmark : str, optional
        Benchmark id or alias; required when ``data`` holds several benchmarks.
    x : {"per-pass", "burden"}
        Computation per network pass (Tables 1-2) or hardware burden (Tables 3-4).
    cutoffs : int or sequence of int, optional
        Cut-off years. Default: every year with at least ``min_train`` models up to it and
        ``min_test`` after it (:func:`default_cutoffs`).
    variants : sequence of str or Variant, optional
        Names from :data:`VARIANTS` (default: all 16) or custom :class:`Variant` objects.
    levels : sequence of float
        Interval levels (default 80 % and 95 %).
    seed : int, optional
        Seed of the bootstrap generator (``interval="bootstrap"``); drawn and recorded when
        omitted.
    interval : {"analytic", "bootstrap"}
        See the module docstring.
    n_boot : int
        Bootstrap resamples per fit with ``interval="bootstrap"``.
    min_train, min_test : int
        Models needed before and after a cut-off (default cut-offs and checks of given ones).
    horizon : int, optional
        Forecast only models published at most this many years after the cut-off.
    include_imputed : bool
        Keep rows whose per-pass computation was imputed from parameters.

    Returns
    -------
    BacktestResult

    Raises
    ------
    InputError
        Too few models, a cut-off without enough models before or after it, unknown options.
    DataValidationError
        Records that break the schema.
    UnknownNameError
        Unknown benchmark, x variable or variant.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> n = 60
    >>> year = np.sort(rng.uniform(2012, 2020, n))
    >>> lx = rng.uniform(0, 3, n) + 0.2 * (year - 2012)
    >>> err = 10 ** (-0.5 - 0.1 * lx + rng.normal(0, 0.05, n))
    >>> df = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet",
    ...                    "year": year, "error": err, "flops_per_pass": 1e9 * 10 ** lx})
    >>> r = backtest(df, variants=["polynomial-mean-regression"])
    >>> r.scores()[["variant", "n_forecasts"]].iloc[0].tolist()   # doctest: +SKIP
    ['polynomial-mean-regression', 180]

    References
    ----------
    Thompson et al., "The Computational Limits of Deep Learning", sections 3.2-3.3, Figure 4.
    """
    from .fitting.core import _check_seed, load_fit_records
    from .fitting.forms import get_x

    xspec = get_x(x)
    records, bench = load_fit_records(data, benchmark)
    if not include_imputed:
        records = records[~records["flops_imputed"].astype(bool)]
    col = xspec.column
    xv = pd.to_numeric(records[col], errors="coerce").to_numpy(dtype=float)
    err = pd.to_numeric(records["error"], errors="coerce").to_numpy(dtype=float)
    yr = pd.to_numeric(records["year"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(xv) & (xv > 0) & np.isfinite(err) & np.isfinite(yr)
    n = int(ok.sum())
    if n < 4:
        raise InputError(f"too few usable rows for {bench} with x={xspec.name}: {n} row(s) have "
                         f"{col}, an error rate and a year; a backtest needs models before and "
                         "after a cut-off")
    seed_used = None
    rng = None
    if str(interval).lower() == "bootstrap":
        seed_used = _check_seed(seed)
        rng = np.random.default_rng(seed_used)
    elif seed is not None:
        _check_seed(seed)
    forecasts, fits, notes = backtest_arrays(
        np.log10(xv[ok] / _X_SCALE), err[ok], yr[ok],
        models=records.loc[ok, "model"].astype(str).to_numpy(), cutoffs=cutoffs,
        variants=variants, levels=levels, interval=interval, n_boot=n_boot, rng=rng,
        min_train=min_train, min_test=min_test, horizon=horizon)
    forecasts.insert(0, "benchmark", bench)
    vs = tuple(dict.fromkeys(forecasts["variant"]))
    return BacktestResult(
        benchmark=bench, x=xspec.name, cutoffs=tuple(sorted(set(forecasts["cutoff"]))),
        variants=vs, levels=_check_levels(levels), interval=str(interval).lower(),
        n_boot=int(n_boot) if rng is not None else 0, seed=seed_used,
        min_train=int(min_train), min_test=int(min_test), horizon=horizon, n_models=n,
        notes=tuple(notes), _forecasts=forecasts, _fits=fits)

