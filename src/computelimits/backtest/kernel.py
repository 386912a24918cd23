"""The rolling-origin backtest on arrays: one training fit per variant and cut-off, forecasts
for the later models, and the table of forecasts (see :mod:`computelimits.backtest`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..intervals import AnchoredLine, AnchorPoint, anchored_line, get_interval
from .variants import DEFAULT_VARIANTS, Variant, get_variant

__all__ = ["backtest_arrays", "default_cutoffs", "level_key", "X_SCALE"]

#: Computation inside the log is in GFLOPs, as the paper's tables (only intercepts depend on it).
X_SCALE = 1e9


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
    from ..fitting.bootstrap import pairs_bootstrap
    from ..fitting.core import design_matrix
    from ..fitting.estimators import ESTIMATORS

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
    est_name, opts = variant.estimator_spec
    est = ESTIMATORS.get(est_name)
    e = est.fit(X, y, names, **opts)
    beta = np.asarray(e.params, dtype=float)
    resid = y - X @ beta
    # least squares: residuals rescaled to the unbiased variance for predictive draws; a quantile
    # fit has no residual variance for a new observation (NaN: no analytic prediction interval)
    s2 = float(e.resid_se) ** 2 if variant.predictive else float("nan")
    pool = resid * math.sqrt(n / max(n - k, 1)) if variant.predictive else resid
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


def level_key(level: float) -> str:
    """Column key of a level: ``0.8 -> "80"``, ``0.95 -> "95"``, ``0.975 -> "97_5"``."""
    return f"{100 * float(level):g}".replace(".", "_")


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



def _anchor_point(fit: _TrainFit) -> AnchorPoint:
    return AnchorPoint(fit.names, u_mean=fit.u_mean, u_best=fit.u_best, y_best=fit.y_best,
                       year_origin=fit.year_origin, year_best=fit.year_best)


def _forecast_rows(fit: _TrainFit, variant: Variant, u, yr, y_actual, levels, method,
                   rng: np.random.Generator | None) -> dict[str, np.ndarray]:
    """Forecasts for test rows (arrays) from one training fit: (a) error and (b) computation.

    (a) the interval method's band for a new observation (variance of the line plus the residual
    variance, or simulated draws: coefficient draws plus a residual from the training fit);
    (b) the same inverted: where the line, with the new observation's noise, reaches the actual
    error (Fieller's set, or percentiles of the simulated inverse).
    """
    m = len(u)
    line = anchored_line(variant.anchor, _anchor_point(fit), fit.beta, fit.cov, years=yr,
                         draws=fit.draws)
    centre = line.centre
    slope = line.slope
    w = u - centre
    yhat = line.alpha + slope * w
    with np.errstate(divide="ignore", invalid="ignore"):
        u_need = centre + (y_actual - line.alpha) / slope if slope != 0 else np.full(m, np.inf)
    out: dict[str, np.ndarray] = {"y_pred": yhat, "u_need": np.asarray(u_need, dtype=float)}
    # the new observation: its residual variance (analytic) or a drawn residual (bootstrap)
    var_new = line.s00 + 2 * line.s01 * w + line.s11 * w * w + fit.s2
    ysim = None
    if method.needs_draws:
        e = rng.choice(fit.resid, size=(m, len(fit.draws)), replace=True)
        a_new = line.alpha_draws + e  # (m, nb)
        ysim = a_new + np.outer(w, line.slope_draws)
        line = AnchoredLine(centre, line.alpha, slope, line.s00 + fit.s2, line.s01, line.s11,
                            a_new, line.slope_draws)
    else:
        line = AnchoredLine(centre, line.alpha, slope, line.s00 + fit.s2, line.s01, line.s11)
    for lv in levels:
        key = level_key(lv)
        out[f"y_lo{key}"], out[f"y_hi{key}"] = method.band(yhat, var_new, ysim, lv, fit.df)
        lo, hi, _, _ = method.inverse(line, y_actual, lv, fit.df, None)
        out[f"u_lo{key}"], out[f"u_hi{key}"] = centre + lo, centre + hi
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
                    levels: Sequence[float] = (0.8, 0.95), interval: str = "fieller",
                    n_boot: int = 200, rng: np.random.Generator | None = None,
                    min_train: int = 10, min_test: int = 3, horizon: int | None = None,
                    x_scale: float = X_SCALE) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
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
    from ..fitting.forms import get_form

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
    method = get_interval(interval, "inverse")
    get_interval(method, "band")
    if method.needs_draws:
        n_boot = _check_int(n_boot, "n_boot (bootstrap resamples)", 10)
        if not isinstance(rng, np.random.Generator):
            raise InputError("bootstrap intervals need an explicit numpy.random.Generator")
    else:
        n_boot = 0
    vs = [get_variant(v) for v in (DEFAULT_VARIANTS if variants is None else variants)]
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
            res = _forecast_rows(f, v, u[te], yr[te], ys[v.form][te], levels, method, rng)
            frames.append(_frame(v, cut, form, names[te], yr[te], u[te], err[te],
                                 ys[v.form][te], record[te], best_after[te], res, levels,
                                 x_scale))
            fit_rows.append(_fit_row(v, cut, f, int(tr.sum()), int(te.sum()), x_scale))
    if not used_cutoffs:
        raise InputError("no cut-off could be backtested: " + "; ".join(notes))
    cols = {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}
    for k in list(cols):
        if k.startswith(("covered", "needed_covered")):
            v = cols[k]
            cols[k] = pd.array(np.where(np.isnan(v), None, v == 1.0), dtype="boolean")
    return pd.DataFrame(cols), pd.DataFrame(fit_rows), notes


def _frame(v: Variant, cut, form, names, yr, u, err, y_act, record, best_after, res, levels,
           x_scale) -> dict[str, np.ndarray]:
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
    for lv in levels:
        key = level_key(lv)
        ylo, yhi = res[f"y_lo{key}"], res[f"y_hi{key}"]
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

