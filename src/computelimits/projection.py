"""Inverse prediction: the computation needed to reach a target error, with intervals and costs.

The paper extrapolates each fitted relation ``y = a + b log10(C)`` (``y`` the transformed error)
to ask how much computation a target error would need, and converts the answer to CO2 and dollars
(section 3.3, Figure 4). This module does that with an interval on every number.

Anchorings (:data:`ANCHORS`)
----------------------------
``paper``
    Figure 4's arithmetic: start from today's best model (the lowest error in the data, with its
    computation) and move along the fitted slope,
    ``log10 C* = log10 C_today + (y* - y_today) / b``. Only the slope is uncertain, so the
    interval comes from ``b``'s uncertainty alone.
``regression``
    The plain regression line: ``log10 C* = (y* - a) / b``, uncertain through ``a`` and ``b``.

Intervals (:data:`INTERVALS`)
-----------------------------
``fieller``
    Fieller-type inversion of the fitted relation: the set of ``u = log10 C`` with
    ``(y* - line(u))^2 <= t^2 Var(line(u))``. When the slope is not significantly different from
    zero at the chosen level the set is unbounded (the whole axis, or two rays); it is then
    reported as unbounded (``ci_kind = "unbounded"``), never as a finite number.
``bootstrap``
    Percentiles of ``u*`` over the fit's pairs-bootstrap draws of ``(a, b)``; a draw whose slope
    says more computation does not help makes the target unreachable (``u* = +inf``).

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 3.3 and
Figure 4. Fieller, E. C. (1954), "Some problems in interval estimation", JRSS B 16(2), 175-185;
Draper & Smith, *Applied Regression Analysis* (3rd ed.), section 3.2 (inverse prediction).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._registry import Registry
from .errors import InputError

__all__ = [
    "LinearRelation",
    "Projection",
    "ANCHORS",
    "INTERVALS",
    "project",
    "relation_from_fit",
    "relation_from_coefficients",
    "fieller_inverse",
    "bootstrap_inverse",
    "line_band",
    "parse_target",
]

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
        else "fit")


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
        ``"exponential"``, ``"exponential-inverse"`` ...) or a spec.
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
    from .fitting.forms import get_form
    from .units import to_flops

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
# kernels (arrays in, arrays out)
# --------------------------------------------------------------------------------------------

def _crit(level: float, df: float | None) -> float:
    from scipy import special  # scipy.stats' norm.ppf / t.ppf, without its import cost

    if not 0 < float(level) < 1:
        raise InputError(f"level must be in (0, 1); got {level!r}")
    q = 0.5 + float(level) / 2.0
    if df is None or not math.isfinite(float(df)):
        return float(special.ndtri(q))
    if float(df) <= 0:
        raise InputError(f"degrees of freedom must be > 0; got {df!r}")
    return float(special.stdtrit(float(df), q))


def fieller_inverse(y_target, alpha, slope, s00, s01, s11, crit):
    """Fieller interval for the ``w`` at which a line reaches ``y_target``.

    The line is ``alpha + slope * w`` with ``Var(line(w)) = s00 + 2 s01 w + s11 w^2`` (``w`` is
    ``log10 C`` minus a centre). The interval is ``{w : (y - alpha - slope w)^2 <= crit^2
    Var(line(w))}``, i.e. ``A w^2 + B w + C <= 0`` with ``A = slope^2 - crit^2 s11``,
    ``B = -2 (slope d + crit^2 s01)``, ``C = d^2 - crit^2 s00``, ``d = y - alpha``. It is a bounded
    interval exactly when ``A > 0`` (the slope is significant at the level); otherwise it is the
    whole axis or two rays, returned as ``(-inf, +inf)`` with ``bounded = False``.

    Parameters
    ----------
    y_target, alpha, slope, s00, s01, s11, crit : float or array_like
        Broadcast against each other (e.g. many targets, or many simulated fits).

    Returns
    -------
    lower, upper : ndarray
    bounded : ndarray of bool
        NaN bounds with ``bounded = False`` where a variance term is unknown (NaN).

    Examples
    --------
    >>> lo, hi, ok = fieller_inverse(-1.0, 0.0, -0.1, 0.0, 0.0, 0.02 ** 2, 2.0)
    >>> round(float(lo[0]), 2), round(float(hi[0]), 2), bool(ok[0])
    (7.14, 16.67, True)
    """
    y, a, b, v00, v01, v11, c = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=float)) for v in
          (y_target, alpha, slope, s00, s01, s11, crit)))
    d = y - a
    c2 = c * c
    A = b * b - c2 * v11
    B = -2.0 * (b * d + c2 * v01)
    C = d * d - c2 * v00
    unknown = ~(np.isfinite(v00) & np.isfinite(v01) & np.isfinite(v11))
    bounded = (A > 0) & ~unknown
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.sqrt(np.maximum(B * B - 4.0 * A * C, 0.0))
        q = -0.5 * (B + np.copysign(r, B))  # numerically stable roots q/A and C/q
        r1 = np.where(q != 0, q / A, -B / (2 * A))
        r2 = np.where(q != 0, C / q, -B / (2 * A))
    lo = np.where(bounded, np.minimum(r1, r2), -np.inf)
    hi = np.where(bounded, np.maximum(r1, r2), np.inf)
    lo = np.where(unknown, np.nan, lo)
    hi = np.where(unknown, np.nan, hi)
    return lo, hi, bounded


def bootstrap_inverse(y_target, alpha_draws, slope_draws, level: float, reach_sign: int):
    """Percentile interval of ``w* = (y - alpha_i) / slope_i`` over bootstrap draws.

    A draw whose slope does not have ``reach_sign`` (more computation does not lower the error)
    cannot reach the target: its ``w*`` is ``+inf``. Percentiles use the inverted empirical CDF
    (no interpolation, so infinite draws give an infinite bound instead of NaN).

    Returns
    -------
    lower, upper : ndarray
    n_unreachable : ndarray of int
        Draws that cannot reach each target.
    """
    y = np.atleast_1d(np.asarray(y_target, dtype=float))[:, None]
    a = np.asarray(alpha_draws, dtype=float)[None, :]
    b = np.asarray(slope_draws, dtype=float)[None, :]
    if a.size == 0:
        raise InputError("no usable bootstrap draws")
    d = y - a
    ok = np.sign(b) == reach_sign
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(ok, d / np.where(b == 0, 1.0, b), np.inf)
    # exactly at the anchor (d == 0) every draw gives 0, whatever its slope
    w = np.where((d == 0) & ~ok, 0.0, w)
    qlo, qhi = (1 - level) / 2, (1 + level) / 2
    lo = np.quantile(w, qlo, axis=1, method="inverted_cdf")
    hi = np.quantile(w, qhi, axis=1, method="inverted_cdf")
    n_bad = np.sum(~np.isfinite(w), axis=1)
    return lo, hi, n_bad


# --------------------------------------------------------------------------------------------
# anchorings
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnchoredLine:
    """A line in centred coordinates: ``alpha + slope * (u - centre)`` and its variance terms."""

    centre: float
    alpha: float
    slope: float
    s00: float
    s01: float
    s11: float
    alpha_draws: np.ndarray | None
    slope_draws: np.ndarray | None
    description: str


@dataclass(frozen=True)
class Anchor:
    """One anchoring of projections (registry :data:`ANCHORS`)."""

    name: str
    description: str
    line: Callable[[LinearRelation], AnchoredLine]


def _regression_line(rel: LinearRelation) -> AnchoredLine:
    V = np.asarray(rel.cov)
    c = float(np.mean(rel.data["log10_x"])) if rel.data is not None and "log10_x" in rel.data \
        else 0.0
    a, b = rel.intercept, rel.slope
    s00 = V[0, 0] + 2 * c * V[0, 1] + c * c * V[1, 1]
    s01 = V[0, 1] + c * V[1, 1]
    ad = sd = None
    if rel.draws is not None:
        ad = rel.draws[:, 0] + rel.draws[:, 1] * c
        sd = rel.draws[:, 1]
    at = "" if rel.year is None else f" (time trend evaluated at {rel.year:g})"
    return AnchoredLine(c, a + b * c, b, s00, s01, V[1, 1], ad, sd,
                        f"regression line{at}: log10(C*/{rel.x_unit}) = (y* - {a:.4g}) / {b:.4g}")


def _paper_line(rel: LinearRelation) -> AnchoredLine:
    if rel.today_error is None or rel.today_flops is None:
        raise InputError("the 'paper' anchoring needs today's best error and its computation")
    u_t = rel.u_today
    y_t = float(rel.form.transform(rel.today_error))
    V = np.asarray(rel.cov)
    ad = sd = None
    if rel.draws is not None:
        sd = rel.draws[:, 1]
        ad = np.full_like(sd, y_t)
    who = f" ({rel.today_model})" if rel.today_model else ""
    return AnchoredLine(u_t, y_t, rel.slope, 0.0, 0.0, V[1, 1], ad, sd,
                        f"today's best model{who}: error {rel.today_error:.4g} at "
                        f"{rel.today_flops:.3g} FLOPs, moved along slope {rel.slope:.4g}")


#: Anchorings: ``paper`` (Figure 4: today's best model moved along the slope) and
#: ``regression`` (the fitted line itself).
ANCHORS: Registry[Anchor] = Registry("projection anchor")
ANCHORS.add("paper", Anchor(
    "paper", "Figure 4: log10 C* = log10 C_today + (y* - y_today) / b, today = best error in the "
             "data", _paper_line))
ANCHORS.add("regression", Anchor(
    "regression", "regression line: log10 C* = (y* - a) / b", _regression_line))


@dataclass(frozen=True)
class IntervalMethod:
    """One interval method for projections (registry :data:`INTERVALS`)."""

    name: str
    description: str
    compute: Callable[[AnchoredLine, np.ndarray, float, LinearRelation], tuple]


def _fieller(line: AnchoredLine, y: np.ndarray, level: float, rel: LinearRelation):
    crit = _crit(level, rel.df_resid)
    lo, hi, bounded = fieller_inverse(y, line.alpha, line.slope, line.s00, line.s01, line.s11,
                                      crit)
    kinds = np.where(bounded, "bounded", np.where(np.isnan(lo), "unavailable", "unbounded"))
    return lo + line.centre, hi + line.centre, kinds, None


def _bootstrap(line: AnchoredLine, y: np.ndarray, level: float, rel: LinearRelation):
    if line.slope_draws is None:
        raise InputError("bootstrap intervals need bootstrap draws: fit with bootstrap=N "
                         "(CLI: --bootstrap N), or use interval='fieller'")
    _crit(level, None)  # validates the level
    lo, hi, n_bad = bootstrap_inverse(y, line.alpha_draws, line.slope_draws, level,
                                      rel.reach_sign)
    kinds = np.where(np.isfinite(hi) & np.isfinite(lo), "bounded",
                     np.where(np.isfinite(lo), "unbounded-above", "unbounded"))
    return lo + line.centre, hi + line.centre, kinds, n_bad


#: Interval methods: ``fieller`` and ``bootstrap``.
INTERVALS: Registry[IntervalMethod] = Registry("projection interval")
INTERVALS.add("fieller", IntervalMethod(
    "fieller", "Fieller inversion of the fitted relation (t critical values)", _fieller))
INTERVALS.add("bootstrap", IntervalMethod(
    "bootstrap", "percentiles over the fit's pairs-bootstrap draws", _bootstrap))


def line_band(rel: LinearRelation, u, *, anchor: str = "paper", level: float = 0.95):
    """The anchored line and its pointwise confidence band at ``u = log10(C / x_scale)``.

    Returns ``(y, y_lower, y_upper)`` on the form's response scale (``y +/- t sqrt(Var)``); used
    to draw the extrapolation band.
    """
    line = ANCHORS.get(anchor).line(rel)
    w = np.asarray(u, dtype=float) - line.centre
    y = line.alpha + line.slope * w
    var = line.s00 + 2 * line.s01 * w + line.s11 * w * w
    half = _crit(level, rel.df_resid) * np.sqrt(np.maximum(var, 0.0))
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


# --------------------------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------------------------

_COST_Q = ("energy_kwh", "co2_kg", "co2_lbs", "usd")


@dataclass(frozen=True, eq=False)
class Projection:
    """Computation, CO2 and dollars needed to reach target errors; an immutable value.

    Attributes
    ----------
    benchmark, form, x : str or None
        What was fitted.
    anchor, interval : str
        Anchoring and interval method (:data:`ANCHORS`, :data:`INTERVALS`).
    level : float
        Confidence level of the intervals.
    cost_method : str or None
        Cost model (:data:`computelimits.costs.COST_MODELS`) or ``None``.
    relation : LinearRelation
    targets : tuple of float
    notes : tuple of str
    cost_per_flop : CostEstimate or None
        The cost model evaluated at one FLOP, with its constants and citations; every cost model
        is linear in computation, so each cost is ``computation x`` this (computed in log10).

    Use :meth:`to_frame` for the numbers (one row per target, plus today's row on request),
    :meth:`to_dict` for JSON and :meth:`summary` for text, Markdown, LaTeX or HTML.
    """

    benchmark: str | None
    form: str
    x: str | None
    anchor: str
    interval: str
    level: float
    cost_method: str | None
    relation: LinearRelation
    targets: tuple[float, ...]
    notes: tuple[str, ...]
    description: str
    _frame: Any = field(repr=False)
    cost_per_flop: Any = field(default=None, repr=False)

    @property
    def today_error(self) -> float | None:
        return self.relation.today_error

    @property
    def today_flops(self) -> float | None:
        return self.relation.today_flops

    def to_frame(self, include_today: bool = False):
        """One row per target (today's row first with ``include_today``).

        Columns: ``row`` (``today`` / ``target``), ``target`` (error fraction), ``log10_flops``,
        ``log10_flops_ci_lower``, ``log10_flops_ci_upper``, ``flops``, ``flops_ci_lower``,
        ``flops_ci_upper``, ``ci_kind``, ``factor_vs_today``; for each of ``energy_kwh``,
        ``co2_kg``, ``co2_lbs``, ``usd``: the point value, ``_low``/``_high`` (ranges of the
        cost constants at the point computation) and ``_ci_lower``/``_ci_upper`` (fit interval
        and constant ranges together), each also as ``log10_<column>`` (exact where the value
        overflows floating point); then ``benchmark``, ``form``, ``x``, ``anchor``,
        ``interval``, ``level``, ``cost_method``.
        """
        df = self._frame.copy()
        if not include_today:
            df = df[df["row"] != "today"].reset_index(drop=True)
        return df

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: settings, today's model and one entry per target.

        Each target has ``target``, ``flops``, ``flops_ci`` ([lower, upper]), ``ci_kind``,
        ``co2_lbs``, ``co2_lbs_ci``, ``usd``, ``usd_ci``, ``energy_kwh``, ``energy_kwh_ci``,
        ``form``, ``anchor``; infinite bounds become ``null`` in JSON.
        """
        rows = []
        for r in self._frame.to_dict("records"):
            d = dict(row=r["row"], target=r["target"], flops=r["flops"],
                     flops_ci=[r["flops_ci_lower"], r["flops_ci_upper"]],
                     log10_flops=r["log10_flops"],
                     log10_flops_ci=[r["log10_flops_ci_lower"], r["log10_flops_ci_upper"]],
                     ci_kind=r["ci_kind"], factor_vs_today=r["factor_vs_today"])
            for q in _COST_Q:
                if q in r:
                    d[q] = r[q]
                    d[f"{q}_ci"] = [r[f"{q}_ci_lower"], r[f"{q}_ci_upper"]]
                    d[f"{q}_range"] = [r[f"{q}_low"], r[f"{q}_high"]]
            d.update(form=self.form, anchor=self.anchor)
            rows.append(d)
        today = rows[0] if rows and rows[0]["row"] == "today" else None
        return dict(
            benchmark=self.benchmark, form=self.form, x=self.x, anchor=self.anchor,
            interval=self.interval, level=self.level, cost_method=self.cost_method,
            today=dict(error=self.today_error, flops=self.today_flops,
                       model=self.relation.today_model, row=today),
            slope=self.relation.slope, slope_se=math.sqrt(self.relation.cov[1, 1]),
            intercept=self.relation.intercept, x_unit=self.relation.x_unit,
            description=self.description,
            targets=[r for r in rows if r["row"] == "target"],
            cost_constants=None if self.cost_per_flop is None else
            {k: dict(v) for k, v in self.cost_per_flop.constants.items()},
            notes=list(self.notes))

    def summary(self, fmt: str = "text") -> str:
        """A table of today and each target: computation, CO2 and dollars with intervals.

        Parameters
        ----------
        fmt : {"text", "markdown", "latex", "html"}
        """
        from .figure4 import render_rows

        title = (f"Projection: {self.benchmark or 'custom relation'}, {self.form} form, {self.anchor} "
                 f"anchoring, {self.interval} {self.level:.0%} intervals"
                 + (f", costs: {self.cost_method}" if self.cost_method else ""))
        return render_rows(self.to_frame(include_today=True), fmt=fmt, title=title,
                           notes=[self.description, *self.notes])


def _safe_pow10(u: np.ndarray, scale: float) -> np.ndarray:
    with np.errstate(over="ignore"):
        return scale * np.power(10.0, u)


def project(result, targets: float | Sequence[Any], *, anchor: str = "paper",
            interval: str = "fieller", level: float = 0.95, cost: str | None = "strubell2019",
            year: float | None = None, today_error: float | None = None,
            today_flops: float | None = None, **cost_overrides: Any) -> Projection:
    """Computation (and CO2, dollars) needed to reach each target error, with intervals.

    Parameters
    ----------
    result : FitResult or LinearRelation
        A degree-1 fit (:func:`computelimits.fitting.fit`) or a relation built from published
        coefficients (:func:`relation_from_coefficients`).
    targets : float, str or sequence
        Target error rates in (0, 1), below today's best error (``0.05`` or ``"5%"``).
    anchor : {"paper", "regression"}
        See :data:`ANCHORS`.
    interval : {"fieller", "bootstrap"}
        See :data:`INTERVALS`; ``bootstrap`` needs a fit with bootstrap draws.
    level : float
        Confidence level.
    cost : str or None
        Cost model name (:data:`computelimits.costs.COST_MODELS`) or ``None``. Costs are only
        computed for hardware burden (``x="burden"``): per-pass computation is not a training
        cost.
    year : float, optional
        With a time trend, the year of the projection (default: latest year in the data).
    today_error, today_flops : float, optional
        Override today's best model.
    **cost_overrides
        Options and constants of the cost model (see :func:`computelimits.costs.estimate_cost`).

    Returns
    -------
    Projection

    Raises
    ------
    InputError
        A target outside (0, 1) or at/above today's best error; unknown anchor or interval;
        bootstrap without draws.

    Examples
    --------
    Figure 4, ImageNet, polynomial form, from the paper's Table 3 (slope -0.07, SE 0.02, 13
    observations) and today's 11.5 % at 10^14 GFLOPs:

    >>> rel = relation_from_coefficients(0.10, -0.07, form="polynomial", slope_se=0.02,
    ...                                  df_resid=11, today_error=0.115, today_flops=1e23)
    >>> p = project(rel, ["5%", "1%"])
    >>> [round(v, 1) for v in p.to_frame()["log10_flops"] - 9]   # GFLOPs: paper 10^19, 10^28
    [19.2, 29.2]

    References
    ----------
    Thompson et al., section 3.3, Figure 4, Tables 3-4.
    """
    rel = result if isinstance(result, LinearRelation) else relation_from_fit(
        result, year=year, today_error=today_error, today_flops=today_flops)
    if isinstance(result, LinearRelation) and (today_error is not None or today_flops is not None):
        from dataclasses import replace

        rel = replace(rel, today_error=rel.today_error if today_error is None
                      else _check_error(today_error, "today_error"),
                      today_flops=rel.today_flops if today_flops is None else float(today_flops))
    anc = ANCHORS.get(anchor)
    meth = INTERVALS.get(interval)
    if isinstance(targets, (str, float, int)) or np.ndim(targets) == 0:
        targets = [targets]
    tg = [parse_target(t) for t in targets]
    if not tg:
        raise InputError("give at least one target error rate")
    if rel.today_error is None:
        raise InputError("today's best error is unknown; give today_error=...")
    for t in tg:
        if t >= rel.today_error:
            raise InputError(f"target {t:.4g} ({t:.2%}) is at or above today's best error "
                             f"{rel.today_error:.4g} ({rel.today_error:.2%}); a projection needs "
                             "a lower target")
    line = anc.line(rel)
    errs = np.array([rel.today_error, *tg])
    y = np.asarray(rel.form.transform(errs), dtype=float)
    notes: list[str] = []

    # point estimates
    reachable = np.sign(line.slope) == rel.reach_sign
    with np.errstate(divide="ignore", invalid="ignore"):
        w = (y - line.alpha) / line.slope
    u = line.centre + w
    if not reachable:
        notes.append(f"the fitted slope {line.slope:.4g} says error does not fall as "
                     "computation grows: no target below today can be reached by scaling")
        u = np.where(errs < rel.today_error, np.inf, u)
    lo, hi, kinds, n_bad = meth.compute(line, y, level, rel)
    kinds = np.asarray(kinds, dtype=object)
    if anc.name == "paper":  # today's row is the anchor itself: no uncertainty
        lo, hi = lo.copy(), hi.copy()
        lo[0] = hi[0] = u[0]
        kinds[0] = "exact"
    if not reachable:
        kinds = np.where(errs < rel.today_error, "unreachable", kinds)
        lo = np.where(errs < rel.today_error, np.nan, lo)
        hi = np.where(errs < rel.today_error, np.nan, hi)
    if np.any(kinds == "unbounded"):
        notes.append(f"unbounded interval: the slope is not significantly different from 0 at "
                     f"the {level:.0%} level, so the data cannot bound the computation needed")
    if np.any(kinds == "unavailable"):
        notes.append("interval unavailable: the covariance of intercept and slope is unknown "
                     "(use the 'paper' anchoring, which needs only the slope's standard error)")
    if n_bad is not None and np.any(n_bad > 0):
        m = int(np.max(n_bad))
        notes.append(f"{m} of {len(line.slope_draws)} bootstrap draws cannot reach the lowest "
                     "target (their slope says computation does not help)")
    off = math.log10(rel.x_scale)
    lu, llo, lhi = u + off, lo + off, hi + off
    flops = _safe_pow10(u, rel.x_scale)
    flo = _safe_pow10(lo, rel.x_scale)
    fhi = _safe_pow10(hi, rel.x_scale)

    import pandas as pd

    frame = pd.DataFrame({
        "row": ["today"] + ["target"] * len(tg),
        "target": errs,
        "log10_flops": lu,
        "log10_flops_ci_lower": llo,
        "log10_flops_ci_upper": lhi,
        "flops": flops,
        "flops_ci_lower": flo,
        "flops_ci_upper": fhi,
        "ci_kind": list(kinds),
        "factor_vs_today": _safe_pow10(lu - math.log10(rel.today_flops), 1.0)
        if rel.today_flops else np.nan,
    })
    unit_cost = None
    method = None if cost in (None, "none", "") else str(cost)
    if method is not None and rel.x == "per-pass":
        notes.append("costs not estimated: per-pass computation is one forward pass, not the "
                     "computation of training (fit with x='burden' for costs)")
        method = None
    if method is not None:
        from .costs import estimate_cost

        # Every cost model is linear in computation, so costs are computed in log space from
        # the cost of one FLOP: no overflow for projections of 10^100 FLOPs and more.
        unit_cost = estimate_cost(1.0, method, **cost_overrides)
        unavailable = np.isin(np.asarray(kinds, dtype=object), ["unavailable", "unreachable"])
        for q in _COST_Q:
            k, klo, khi = (float(getattr(unit_cost, q + sfx)) for sfx in ("", "_low", "_high"))
            with np.errstate(divide="ignore", invalid="ignore"):
                lk, lklo, lkhi = (math.log10(v) if v > 0 else np.nan for v in (k, klo, khi))
            cols = {
                f"log10_{q}": lu + lk, f"log10_{q}_low": lu + lklo, f"log10_{q}_high": lu + lkhi,
                f"log10_{q}_ci_lower": np.where(unavailable, np.nan, llo + lklo),
                f"log10_{q}_ci_upper": np.where(unavailable, np.nan, lhi + lkhi),
            }
            for name, v in cols.items():
                frame[name] = v
            for sfx in ("", "_low", "_high", "_ci_lower", "_ci_upper"):
                frame[q + sfx] = _safe_pow10(frame[f"log10_{q}{sfx}"].to_numpy(), 1.0)
        notes.extend(unit_cost.notes)
    logs = frame[[c for c in frame.columns if c.startswith("log10_")]].to_numpy(dtype=float)
    if np.any(np.isfinite(logs) & (logs > 308)):
        notes.append("values beyond 10^308 overflow floating point (shown as inf): the log10_* "
                     "columns keep them exactly")
    frame["benchmark"] = rel.benchmark
    frame["form"] = rel.form.name
    frame["x"] = rel.x
    frame["anchor"] = anc.name
    frame["interval"] = meth.name
    frame["level"] = float(level)
    frame["cost_method"] = method
    return Projection(
        benchmark=rel.benchmark, form=rel.form.name, x=rel.x, anchor=anc.name,
        interval=meth.name, level=float(level), cost_method=method, relation=rel,
        targets=tuple(tg), notes=tuple(dict.fromkeys(notes)), description=line.description,
        _frame=frame, cost_per_flop=unit_cost)
