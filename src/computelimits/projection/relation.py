"""The fitted relation a projection extrapolates, its anchored line and target parsing."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..errors import InputError
from ..intervals import ANCHORINGS, AnchoredLine, AnchorPoint, anchored_line, critical_value

__all__ = ["LinearRelation", "relation_from_fit", "relation_from_coefficients", "anchored",
           "line_band", "parse_target", "CI_KINDS"]

CI_KINDS = ("exact", "bounded", "unbounded", "unbounded-above", "unreachable", "unavailable")


# --------------------------------------------------------------------------------------------
# the fitted relation
# --------------------------------------------------------------------------------------------

def _ro(a) -> np.ndarray:
    arr = np.array(a, dtype=float)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class LinearRelation:
    """A fitted line ``y = intercept + slope * u`` with ``u = log10(C / x_scale)``.

    The minimal description of a fit that projections need; build one from a
    :class:`~computelimits.fitting.FitResult` (:func:`relation_from_fit`) or from published
    coefficients (:func:`relation_from_coefficients`).

    Attributes
    ----------
    intercept, slope : float
        Coefficients (at ``year`` when the fit has a time trend).
    cov : ndarray, shape (2, 2)
        Covariance of ``(intercept, slope)``; NaN entries where unknown (published tables print
        standard errors, not the covariance).
    df_resid : float or None
        Residual degrees of freedom for Student t critical values; ``None`` for the normal.
    form : FormSpec
        Functional form: ``transform(error) -> y``, ``inverse``, ``name``, ``orientation``.
    x_scale : float
        FLOPs per unit of ``C`` inside the log (1e9 when ``u`` is log10 of GFLOPs).
    x_unit : str
    x : str or None
        ``"burden"`` or ``"per-pass"``.
    benchmark : str or None
    today_error, today_flops : float or None
        Today's best model: lowest error and its computation (FLOPs).
    today_model : str or None
    year : float or None
        Year at which a time trend was evaluated.
    draws : ndarray, shape (n, 2), or None
        Bootstrap draws of ``(intercept, slope)``.
    data : pandas.DataFrame or None
        Rows of the fit (``log10_x``, ``x_value``, ``error``, ``y``, ``model``), for plots.
    source : str
        Where the coefficients come from.
    quantile : float or None
        The conditional quantile fitted (``None``: the conditional mean, least squares).
    """

    intercept: float
    slope: float
    cov: np.ndarray
    df_resid: float | None
    form: Any
    x_scale: float = 1.0
    x_unit: str = "FLOP"
    x: str | None = "burden"
    benchmark: str | None = None
    today_error: float | None = None
    today_flops: float | None = None
    today_model: str | None = None
    year: float | None = None
    draws: np.ndarray | None = field(default=None, repr=False)
    data: Any = field(default=None, repr=False)
    source: str = ""
    quantile: float | None = None

    @property
    def reach_sign(self) -> int:
        """Sign the slope must have for more computation to lower the error (``-orientation``)."""
        return -int(self.form.orientation)

    @property
    def u_today(self) -> float:
        """``log10(today_flops / x_scale)``."""
        if self.today_flops is None:
            return float("nan")
        return math.log10(self.today_flops / self.x_scale)


def _today_from_data(data) -> tuple[float, float, str | None]:
    d = data[np.isfinite(data["error"].astype(float)) & (data["x_value"].astype(float) > 0)]
    if d.empty:
        raise InputError("the fit has no rows with an error and a computation")
    d = d.sort_values(["error", "x_value"], kind="mergesort")
    best = d.iloc[0]
    model = str(best["model"]) if "model" in d.columns else None
    return float(best["error"]), float(best["x_value"]), model


def relation_from_fit(result, *, year: float | None = None, today_error: float | None = None,
                      today_flops: float | None = None) -> LinearRelation:
    """The :class:`LinearRelation` of a :class:`~computelimits.fitting.FitResult`.

    Parameters
    ----------
    result : FitResult
        A degree-1 fit.
    year : float, optional
        With a time trend, the year at which the line is evaluated (default: the latest year in
        the data).
    today_error, today_flops : float, optional
        Override today's best model (default: the row with the lowest error; ties go to the
        least computation).
    """
    if getattr(result, "degree", 1) != 1:
        raise InputError("projections need a degree-1 fit (y = a + b log10 C)")
    names = list(result.params.index)
    p = np.asarray(result.params, dtype=float)
    V = np.asarray(result.cov_params().loc[names, names], dtype=float)
    w_a = np.zeros(len(names))
    w_b = np.zeros(len(names))
    w_a[names.index("const")] = 1.0
    w_b[names.index("log10_x")] = 1.0
    data = result.data
    yr = None
    if "year" in names:
        yr = float(np.nanmax(data["year"].astype(float))) if year is None else float(year)
        w_a[names.index("year")] = yr - float(getattr(result, "year_origin", 0.0))
    a, b = float(w_a @ p), float(w_b @ p)
    cov = np.array([[w_a @ V @ w_a, w_a @ V @ w_b], [w_b @ V @ w_a, w_b @ V @ w_b]])
    draws = None
    boot = result.bootstrap_params
    if boot is not None:
        bd = np.asarray(boot, dtype=float)
        bd = bd[np.all(np.isfinite(bd), axis=1)]
        draws = np.column_stack([bd @ w_a, bd @ w_b])
    te, tf, tm = _today_from_data(data)
    if today_error is not None:
        te, tm = _check_error(today_error, "today_error"), None
    if today_flops is not None:
        tf = float(today_flops)
        if not (math.isfinite(tf) and tf > 0):
            raise InputError(f"today_flops must be a positive number of FLOPs, got {today_flops!r}")
        tm = None
    df = result.df_resid if getattr(result, "use_t", True) else None
    return LinearRelation(
        intercept=a, slope=b, cov=_ro(cov), df_resid=df, form=result.form_spec,
        x_scale=float(getattr(result, "x_scale", 1.0)), x_unit=str(getattr(result, "x_unit", "FLOP")),
        x=result.x, benchmark=result.benchmark, today_error=te, today_flops=tf, today_model=tm,
        year=yr, draws=None if draws is None else _ro(draws), data=data,
        source=f"fit ({result.estimator}, {result.nobs} rows)" if hasattr(result, "estimator")
        else "fit", quantile=getattr(result, "quantile", None))


def relation_from_coefficients(intercept: float, slope: float, *, form: str | Any,
                               slope_se: float, intercept_se: float = float("nan"),
                               cov_intercept_slope: float = float("nan"),
                               df_resid: float | None = None, x_unit: str = "GFLOP",
                               x: str = "burden", benchmark: str | None = None,
                               today_error: float | None = None,
                               today_flops: float | None = None,
                               source: str = "") -> LinearRelation:
    """A :class:`LinearRelation` from published coefficients (e.g. the paper's Tables 3 and 4).

    Parameters
    ----------
    intercept, slope : float
        Coefficients of ``y = intercept + slope * log10(C / x_unit)``.
    form : str or FormSpec
        Functional form name in :data:`computelimits.fitting.FORMS` (``"polynomial"``,
        ``"exponential"`` (the paper's ``1/error`` model, Table 4), ``"error-linear"`` ...) or a
        spec.
    slope_se, intercept_se, cov_intercept_slope : float
        Standard errors and covariance; tables rarely print the covariance, so the
        ``regression`` anchoring's interval is unavailable without it (the ``paper`` anchoring
        needs only ``slope_se``).
    df_resid : float, optional
        Residual degrees of freedom (observations - 2); ``None`` for normal critical values.
    x_unit : str
        Unit of ``C`` inside the log (``"GFLOP"`` for the paper's tables).
    today_error, today_flops : float, optional
        Today's best error (fraction) and its computation in FLOPs.
    """
    from ..fitting.forms import get_form
    from ..units import to_flops

    spec = get_form(form)
    ab = float(cov_intercept_slope)
    cov = np.array([[float(intercept_se) ** 2, ab], [ab, float(slope_se) ** 2]])
    return LinearRelation(
        intercept=float(intercept), slope=float(slope), cov=_ro(cov),
        df_resid=None if df_resid is None else float(df_resid), form=spec,
        x_scale=float(to_flops(1.0, x_unit)), x_unit=x_unit, x=x, benchmark=benchmark,
        today_error=None if today_error is None else _check_error(today_error, "today_error"),
        today_flops=None if today_flops is None else float(today_flops), source=source)



# --------------------------------------------------------------------------------------------
# the anchored line
# --------------------------------------------------------------------------------------------

def anchored(rel: LinearRelation, anchor: str = "paper") -> AnchoredLine:
    """The relation's line under an anchoring (:data:`computelimits.intervals.ANCHORINGS`), in
    centred coordinates, with its variance terms and bootstrap draws."""
    anc = ANCHORINGS.get(anchor)
    c = float(np.mean(rel.data["log10_x"])) if rel.data is not None and "log10_x" in rel.data \
        else 0.0
    y_t = float("nan") if rel.today_error is None else float(rel.form.transform(rel.today_error))
    point = AnchorPoint(("const", "log10_x"), u_mean=c, u_best=rel.u_today, y_best=y_t)
    line = anchored_line(anc, point, [rel.intercept, rel.slope], rel.cov, draws=rel.draws)
    text = anc.template.format(
        who=f" ({rel.today_model})" if rel.today_model else "", today_error=rel.today_error,
        today_flops=rel.today_flops, slope=rel.slope, intercept=rel.intercept,
        x_unit=rel.x_unit, at="" if rel.year is None else f" (time trend evaluated at {rel.year:g})")
    return replace(line, description=text)


def line_band(rel: LinearRelation, u, *, anchor: str = "paper", level: float = 0.95):
    """The anchored line and its pointwise confidence band at ``u = log10(C / x_scale)``.

    Returns ``(y, y_lower, y_upper)`` on the form's response scale (``y +/- t sqrt(Var)``); used
    to draw the extrapolation band.
    """
    line = anchored(rel, anchor)
    w = np.asarray(u, dtype=float) - line.centre
    y = line.alpha + line.slope * w
    var = line.s00 + 2 * line.s01 * w + line.s11 * w * w
    half = critical_value(level, rel.df_resid) * np.sqrt(np.maximum(var, 0.0))
    return y, y - half, y + half


# --------------------------------------------------------------------------------------------
# targets
# --------------------------------------------------------------------------------------------

def _check_error(e: Any, what: str = "target") -> float:
    try:
        v = float(e)
    except (TypeError, ValueError):
        raise InputError(f"{what}: expected an error rate in (0, 1) such as 0.05 or '5%', "
                         f"got {e!r}") from None
    if not (math.isfinite(v) and 0 < v < 1):
        hint = " (a percentage? write '5%' or 0.05)" if 1 <= v < 100 else ""
        raise InputError(f"{what}: expected an error rate in (0, 1), got {e!r}{hint}")
    return v


def parse_target(text: Any) -> float:
    """An error rate from ``0.05``, ``"0.05"`` or ``"5%"``; must lie in (0, 1).

    Examples
    --------
    >>> parse_target("5%"), parse_target("0.3")
    (0.05, 0.3)
    """
    if isinstance(text, str):
        s = text.strip()
        if s.endswith("%"):
            try:
                return _check_error(float(s[:-1]) / 100.0, f"target {text!r}")
            except ValueError:
                raise InputError(f"target: expected an error rate such as 0.05 or '5%', "
                                 f"got {text!r}") from None
        return _check_error(s, "target")
    return _check_error(text, "target")



