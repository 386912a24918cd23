"""Intervals in one place: critical values, Fieller sets, percentiles of draws, anchorings.

Every interval the package reports comes from this module, so a method has one name and one
implementation wherever it is used (fits, projections, the backtest, algorithmic progress):

Kernels (arrays in, arrays out)
-------------------------------
:func:`critical_value`
    Two-sided critical value: Student t with ``df`` degrees of freedom; the normal quantile when
    ``df`` is ``None`` or infinite.
:func:`fieller_inverse`
    The Fieller set ``{w : (y - alpha - slope w)^2 <= crit^2 (s00 + 2 s01 w + s11 w^2)}``: where a
    fitted line reaches ``y`` (inverse prediction), with numerically stable roots.
:func:`fieller_ratio`
    Fieller's interval for a ratio of two coefficients ``r = g / b`` (the same set with
    ``y = g``, ``alpha = 0``, ``slope = b``).
:func:`delta_ratio`
    First-order delta-method interval for ``g / b``.
:func:`percentile_interval`
    Percentiles of draws by the inverted empirical CDF (each bound is one of the draws, so
    infinite draws give an infinite bound instead of NaN).
:func:`bootstrap_inverse`
    Percentiles of ``w* = (y - alpha_i) / slope_i`` over bootstrap draws.

Registries
----------
:data:`INTERVALS`
    Interval methods: ``fieller`` (the analytic method: t critical values, Fieller's inversion
    for inverse predictions and ratios), ``bootstrap`` (percentiles of pairs-bootstrap draws)
    and ``delta`` (ratios only). Each method says what it needs (draws or not) and what it can
    do (inverse predictions, ratios, prediction bands); callers look the facts up on the spec.
:data:`ANCHORINGS`
    Where a projection line starts: ``paper`` (Figure 4's arithmetic: today's best model moved
    along the fitted slope, exact at the anchor) or ``regression`` (the fitted line).

:data:`DEFAULT_INTERVAL` (``"fieller"``) is the default of every command and of the report.

References
----------
Fieller, E. C. (1954), "Some problems in interval estimation", JRSS B 16(2), 175-185.
Draper & Smith, *Applied Regression Analysis* (3rd ed.), section 3.2 (inverse prediction).
Press et al., *Numerical Recipes* (3rd ed.), section 5.6 (stable quadratic roots).
Thompson et al., "The Computational Limits of Deep Learning", section 3.3 and Figure 4.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._registry import Registry
from .errors import InputError

if TYPE_CHECKING:  # numpy is imported where it is used: the command line starts without it
    import numpy as np

__all__ = [
    "DEFAULT_INTERVAL",
    "critical_value",
    "check_level",
    "fieller_inverse",
    "fieller_ratio",
    "delta_ratio",
    "percentile_interval",
    "bootstrap_inverse",
    "bootstrap_ratio",
    "AnchorPoint",
    "AnchoredLine",
    "Anchoring",
    "ANCHORINGS",
    "anchored_line",
    "IntervalMethod",
    "INTERVALS",
    "get_interval",
]

#: The interval method every command and the report use unless told otherwise.
DEFAULT_INTERVAL = "fieller"


# --------------------------------------------------------------------------------------------
# critical values
# --------------------------------------------------------------------------------------------

def check_level(level: Any) -> float:
    """A confidence level as a float in (0, 1), else :class:`InputError`."""
    try:
        v = float(level)
    except (TypeError, ValueError):
        raise InputError(f"confidence level must be a number in (0, 1); got {level!r}") from None
    if not (0 < v < 1):
        raise InputError(f"confidence level must be in (0, 1); got {level!r}")
    return v


def critical_value(level: float = 0.95, df: float | None = None) -> float:
    """Two-sided critical value: Student t with ``df`` degrees of freedom, normal when ``df`` is
    ``None`` or infinite.

    Raises
    ------
    InputError
        A level outside (0, 1) or ``df <= 0``.

    Examples
    --------
    >>> round(critical_value(0.95), 3)
    1.96
    >>> round(critical_value(0.95, 49), 4)
    2.0096
    >>> critical_value(0.95, float("inf")) == critical_value(0.95)
    True
    """
    from scipy import special  # what scipy.stats' norm.ppf and t.ppf call, without its import cost

    q = 0.5 + check_level(level) / 2.0
    if df is None or not math.isfinite(float(df)):
        return float(special.ndtri(q))
    if float(df) <= 0:
        raise InputError(f"degrees of freedom must be > 0; got {df!r}")
    return float(special.stdtrit(float(df), q))


# --------------------------------------------------------------------------------------------
# Fieller sets
# --------------------------------------------------------------------------------------------

def fieller_inverse(y_target, alpha, slope, s00, s01, s11, crit):
    """Fieller interval for the ``w`` at which a line reaches ``y_target``.

    The line is ``alpha + slope * w`` with ``Var(line(w)) = s00 + 2 s01 w + s11 w^2`` (``w`` is
    ``log10 C`` minus a centre). The interval is ``{w : (y - alpha - slope w)^2 <= crit^2
    Var(line(w))}``, i.e. ``A w^2 + B w + C <= 0`` with ``A = slope^2 - crit^2 s11``,
    ``B = -2 (slope d + crit^2 s01)``, ``C = d^2 - crit^2 s00``, ``d = y - alpha``. It is a bounded
    interval exactly when ``A > 0`` (the slope is significant at the level); otherwise it is the
    whole axis or two rays, returned as ``(-inf, +inf)`` with ``bounded = False``.

    The roots are computed as ``q / A`` and ``C / q`` with ``q = -(B + sign(B) sqrt(B^2 - 4AC))/2``,
    which keeps full precision when ``B^2 >> |4AC|`` (the textbook ``(-B +/- sqrt(...)) / 2A``
    loses the small root to cancellation there).

    Parameters
    ----------
    y_target, alpha, slope, s00, s01, s11, crit : float or array_like
        Broadcast against each other (e.g. many targets, or many simulated fits).

    Returns
    -------
    lower, upper : ndarray
    bounded : ndarray of bool
        NaN bounds with ``bounded = False`` where a variance term or the slope is unknown (NaN).

    Examples
    --------
    >>> lo, hi, ok = fieller_inverse(-1.0, 0.0, -0.1, 0.0, 0.0, 0.02 ** 2, 2.0)
    >>> round(float(lo[0]), 2), round(float(hi[0]), 2), bool(ok[0])
    (7.14, 16.67, True)
    """
    import numpy as np
    y, a, b, v00, v01, v11, c = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=float)) for v in
          (y_target, alpha, slope, s00, s01, s11, crit)))
    d = y - a
    c2 = c * c
    A = b * b - c2 * v11
    B = -2.0 * (b * d + c2 * v01)
    C = d * d - c2 * v00
    unknown = ~(np.isfinite(v00) & np.isfinite(v01) & np.isfinite(v11) & np.isfinite(b)
                & np.isfinite(d) & np.isfinite(c))
    bounded = (A > 0) & ~unknown
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = np.sqrt(np.maximum(B * B - 4.0 * A * C, 0.0))
        q = -0.5 * (B + np.copysign(r, B))  # numerically stable roots q/A and C/q
        r1 = np.where(q != 0, q / A, -B / (2 * A))
        r2 = np.where(q != 0, C / q, -B / (2 * A))
    lo = np.where(bounded, np.minimum(r1, r2), -np.inf)
    hi = np.where(bounded, np.maximum(r1, r2), np.inf)
    lo = np.where(unknown, np.nan, lo)
    hi = np.where(unknown, np.nan, hi)
    return lo, hi, bounded


def _scalar3(lo, hi, ok, scalar: bool):
    if scalar:
        return float(lo[0]), float(hi[0]), bool(ok[0])
    return lo, hi, ok


def fieller_ratio(b, g, v_bb, v_bg, v_gg, crit):
    """Fieller interval for ``r = g / b``: ``{r : (g - r b)^2 <= crit^2 Var(g - r b)}``.

    ``Var(g - r b) = v_gg - 2 r v_bg + r^2 v_bb``: the set of :func:`fieller_inverse` with
    ``y = g``, ``alpha = 0``, ``slope = b``, ``s00 = v_gg``, ``s01 = -v_bg``, ``s11 = v_bb``.
    Returns ``(lower, upper, bounded)`` (floats for scalar input); ``(-inf, inf, False)`` when
    ``b`` is not significant at the level (``b^2 <= crit^2 v_bb``).

    Examples
    --------
    >>> lo, hi, ok = fieller_ratio(-0.11, -0.04, 0.02 ** 2, 0.0, 0.01 ** 2, 1.96)
    >>> round(lo, 3), round(hi, 3), ok
    (0.175, 0.658, True)
    """
    import numpy as np
    scalar = all(np.ndim(v) == 0 for v in (b, g, v_bb, v_bg, v_gg, crit))
    lo, hi, ok = fieller_inverse(g, 0.0, b, v_gg, -np.asarray(v_bg, dtype=float), v_bb, crit)
    return _scalar3(lo, hi, ok, scalar)


def delta_ratio(b, g, v_bb, v_bg, v_gg, crit):
    """Delta-method interval ``r +/- crit se(r)`` for ``r = g / b``, ``se^2 = grad' V grad``,
    ``grad = (-g / b^2, 1 / b)``; NaN where ``b = 0`` or an input is unknown.

    Examples
    --------
    >>> lo, hi, ok = delta_ratio(-0.11, -0.04, 0.02 ** 2, 0.0, 0.01 ** 2, 1.96)
    >>> round(lo, 3), round(hi, 3)
    (0.143, 0.584)
    """
    import numpy as np
    scalar = all(np.ndim(v) == 0 for v in (b, g, v_bb, v_bg, v_gg, crit))
    b, g, vbb, vbg, vgg, c = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=float)) for v in (b, g, v_bb, v_bg, v_gg, crit)))
    ok = (b != 0) & np.isfinite(b) & np.isfinite(g) & np.isfinite(vbb) & np.isfinite(vbg) \
        & np.isfinite(vgg)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = g / b
        db, dg = -g / (b * b), 1.0 / b
        se = np.sqrt(np.maximum(db * db * vbb + 2 * db * dg * vbg + dg * dg * vgg, 0.0))
    lo = np.where(ok, r - c * se, np.nan)
    hi = np.where(ok, r + c * se, np.nan)
    return _scalar3(lo, hi, ok, scalar)


# --------------------------------------------------------------------------------------------
# percentiles of draws
# --------------------------------------------------------------------------------------------

def percentile_interval(draws, level: float, axis: int = 0):
    """Equal-tailed percentile interval of draws along ``axis``.

    Percentiles use the inverted empirical CDF (no interpolation): each bound is one of the
    draws, and infinite draws give an infinite bound instead of NaN.

    Examples
    --------
    >>> percentile_interval([float(i) for i in range(1, 101)], 0.9)
    (5.0, 95.0)
    >>> percentile_interval([1.0, 2.0, float("inf")], 0.5)
    (1.0, inf)
    """
    import numpy as np
    lv = check_level(level)
    d = np.asarray(draws, dtype=float)
    lo = np.quantile(d, (1 - lv) / 2, axis=axis, method="inverted_cdf")
    hi = np.quantile(d, (1 + lv) / 2, axis=axis, method="inverted_cdf")
    if np.ndim(lo) == 0:
        return float(lo), float(hi)
    return lo, hi


def bootstrap_inverse(y_target, alpha_draws, slope_draws, level: float,
                      reach_sign: int | None = None):
    """Percentile interval of ``w* = (y - alpha_i) / slope_i`` over bootstrap draws.

    Parameters
    ----------
    y_target : float or array_like, shape (m,)
    alpha_draws : array_like, shape (n,) or (m, n)
        Draws of the line's value at the centre (one row per target when 2-d, e.g. with a
        simulated residual added for a new observation).
    slope_draws : array_like, shape (n,)
    level : float
    reach_sign : {-1, +1} or None
        The sign the slope must have for more computation to lower the error. A draw of the
        other sign cannot reach a lower target: its ``w*`` is ``+inf`` (exactly at the anchor,
        ``y = alpha``, it is 0). ``None``: only a zero slope is unreachable.

    Returns
    -------
    lower, upper : ndarray, shape (m,)
    n_unreachable : ndarray of int
        Draws that cannot reach each target.
    """
    import numpy as np
    y = np.atleast_1d(np.asarray(y_target, dtype=float))[:, None]
    a = np.asarray(alpha_draws, dtype=float)
    a = a[None, :] if a.ndim == 1 else a
    b = np.asarray(slope_draws, dtype=float)[None, :]
    if a.size == 0 or b.size == 0:
        raise InputError("no usable bootstrap draws")
    d = y - a
    ok = (b != 0) if reach_sign is None else (np.sign(b) == reach_sign)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(ok, d / np.where(b == 0, 1.0, b), np.inf)
    # exactly at the anchor (d == 0) every draw gives 0, whatever its slope
    w = np.where((d == 0) & ~ok, 0.0, w)
    lo, hi = percentile_interval(w, level, axis=1)
    n_bad = np.sum(~np.isfinite(w), axis=1)
    return np.atleast_1d(lo), np.atleast_1d(hi), n_bad


def bootstrap_ratio(draws_b, draws_g, level: float) -> tuple[float, float, bool]:
    """Percentile interval of ``g_i / b_i`` over bootstrap draws (``b_i = 0`` gives +/-inf)."""
    import numpy as np
    b = np.asarray(draws_b, dtype=float)
    g = np.asarray(draws_g, dtype=float)
    ok = np.isfinite(b) & np.isfinite(g)
    if not np.any(ok):
        return float("nan"), float("nan"), False
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(b[ok] != 0, g[ok] / b[ok], np.copysign(np.inf, g[ok]))
    lo, hi = percentile_interval(r, level)
    return lo, hi, bool(np.isfinite(lo) and np.isfinite(hi))


# --------------------------------------------------------------------------------------------
# anchorings
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnchorPoint:
    """What an anchoring needs to place a line ``y = c0 + (base(year) + (u - centre) e_b) . beta``.

    Attributes
    ----------
    names : tuple of str
        Coefficient names (``const``, ``log10_x`` [, ``year``]).
    u_mean : float
        Centre of the regression line (the mean of ``u = log10 C``; 0 when unknown).
    u_best, y_best : float
        The best model: its ``u`` and transformed error (NaN when unknown).
    year_origin, year_best : float
        Origin of the year regressor and the best model's year (used with a ``year`` coefficient).
    """

    names: tuple[str, ...]
    u_mean: float = 0.0
    u_best: float = float("nan")
    y_best: float = float("nan")
    year_origin: float = 0.0
    year_best: float = float("nan")


@dataclass(frozen=True)
class AnchoredLine:
    """A line in centred coordinates: ``alpha + slope * (u - centre)`` with its variance terms.

    ``s00``, ``s01``, ``s11``: ``Var(alpha)``, ``Cov(alpha, slope)``, ``Var(slope)``;
    ``alpha`` and the variance terms may be arrays (one line per row, e.g. per forecast year).
    ``alpha_draws`` / ``slope_draws``: bootstrap draws of the same (``None`` without draws).
    """

    centre: float
    alpha: Any
    slope: float
    s00: Any
    s01: Any
    s11: float
    alpha_draws: np.ndarray | None = None
    slope_draws: np.ndarray | None = None
    description: str = ""


@dataclass(frozen=True)
class Anchoring:
    """One anchoring of projection lines (registry :data:`ANCHORINGS`).

    Attributes
    ----------
    name, description : str
    exact_at_anchor : bool
        The anchor itself is taken as known: a projection's "today" row has no interval.
    needs_best : bool
        Needs today's best model (its error and computation).
    place : callable
        ``place(point: AnchorPoint) -> (c0, centre, base)``: the line is
        ``c0 + (base(year) + (u - centre) e_slope) . beta`` where ``base(year)`` is an
        ``(m, k)`` array of weights on the coefficients at ``u = centre``.
    template : str
        How a projection states its line, a :meth:`str.format` template with the fields
        ``who``, ``today_error``, ``today_flops``, ``slope``, ``intercept``, ``x_unit``, ``at``.
    """

    name: str
    description: str
    exact_at_anchor: bool
    needs_best: bool
    place: Callable[[AnchorPoint], tuple[float, float, Callable[[np.ndarray], np.ndarray]]]
    template: str = ""


def _regression_place(p: AnchorPoint):
    c = p.u_mean
    k = len(p.names)

    def base(yr):
        import numpy as np
        yr = np.atleast_1d(np.asarray(yr, dtype=float))
        w = np.zeros((len(yr), k))
        w[:, p.names.index("const")] = 1.0
        w[:, p.names.index("log10_x")] = c
        if "year" in p.names:
            w[:, p.names.index("year")] = yr - p.year_origin
        return w

    return 0.0, c, base


def _paper_place(p: AnchorPoint):
    if not (math.isfinite(p.u_best) and math.isfinite(p.y_best)):
        raise InputError("the 'paper' anchoring needs today's best error and its computation")
    k = len(p.names)

    def base(yr):
        import numpy as np
        yr = np.atleast_1d(np.asarray(yr, dtype=float))
        w = np.zeros((len(yr), k))
        if "year" in p.names:
            w[:, p.names.index("year")] = yr - p.year_best
        return w

    return p.y_best, p.u_best, base


#: Anchorings: ``paper`` (Figure 4: today's best model moved along the slope) and
#: ``regression`` (the fitted line itself).
ANCHORINGS: Registry[Anchoring] = Registry("anchoring")
ANCHORINGS.add("paper", Anchoring(
    "paper", "Figure 4: log10 C* = log10 C_best + (y* - y_best) / b, through the best model with "
             "the fitted slope; the anchor is exact", True, True, _paper_place,
    "today's best model{who}: error {today_error:.4g} at {today_flops:.3g} FLOPs, moved along "
    "slope {slope:.4g}"))
ANCHORINGS.add("regression", Anchoring(
    "regression", "regression line: log10 C* = (y* - a) / b", False, False, _regression_place,
    "regression line{at}: log10(C*/{x_unit}) = (y* - {intercept:.4g}) / {slope:.4g}"))


def _bilinear(A: np.ndarray, V: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Row-wise ``a' V c`` where a term with a zero weight counts as zero even if its covariance
    is unknown (NaN): published tables print no covariance, and the ``paper`` anchoring does not
    need it."""
    import numpy as np
    unknown = np.isnan(V)
    val = np.einsum("ij,jk,ik->i", A, np.where(unknown, 0.0, V), C)
    bad = np.einsum("ij,jk,ik->i", (A != 0).astype(float), unknown.astype(float),
                    (C != 0).astype(float)) > 0
    return np.where(bad, np.nan, val)


def anchored_line(anchoring: str | Anchoring, point: AnchorPoint, beta, cov,
                  years=None, draws=None, description: str = "") -> AnchoredLine:
    """The :class:`AnchoredLine` of coefficients ``beta`` (covariance ``cov``) under an anchoring.

    Parameters
    ----------
    anchoring : str or Anchoring
    point : AnchorPoint
    beta : array_like, shape (k,)
    cov : array_like, shape (k, k)
    years : array_like, optional
        Years at which a ``year`` coefficient is evaluated (one line per year); default one line
        at the origin.
    draws : array_like, shape (n, k), optional
        Bootstrap draws of ``beta``.
    """
    import numpy as np
    anc = anchoring if isinstance(anchoring, Anchoring) else ANCHORINGS.get(anchoring)
    c0, centre, base = anc.place(point)
    beta = np.asarray(beta, dtype=float)
    V = np.asarray(cov, dtype=float)
    ib = point.names.index("log10_x")
    B0 = base(point.year_origin if years is None else years)
    alpha = c0 + B0 @ beta
    e_b = np.zeros_like(B0)
    e_b[:, ib] = 1.0
    s00 = _bilinear(B0, V, B0)
    s01 = _bilinear(B0, V, e_b)
    ad = sd = None
    if draws is not None:
        dr = np.asarray(draws, dtype=float)
        sd = dr[:, ib]
        ad = c0 + dr @ B0.T  # (n, m)
        ad = ad[:, 0] if years is None else ad.T
    if years is None:
        alpha, s00, s01 = float(alpha[0]), float(s00[0]), float(s01[0])
    return AnchoredLine(centre, alpha, float(beta[ib]), s00, s01, float(V[ib, ib]), ad, sd,
                        description)


# --------------------------------------------------------------------------------------------
# interval methods
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IntervalMethod:
    """One interval method (registry :data:`INTERVALS`).

    Attributes
    ----------
    name, description : str
    needs_draws : bool
        Needs bootstrap draws of the coefficients.
    inverse : callable or None
        ``inverse(line, y, level, df, reach_sign) -> (lower, upper, kinds, n_unreachable)``:
        where the line reaches ``y``, in ``w = u - centre``; ``kinds`` per row: ``bounded``,
        ``unbounded``, ``unbounded-above`` or ``unavailable``. ``None``: not offered.
    ratio : callable or None
        ``ratio(b, g, v_bb, v_bg, v_gg, crit, draws_b, draws_g, level) -> (lower, upper,
        bounded)`` for ``g / b``. ``None``: not offered.
    band : callable or None
        ``band(yhat, var, draws, level, df) -> (lower, upper)``: interval for the line (or a new
        observation) at each row, from its variance (analytic) or its simulated draws
        (``draws`` of shape (m, n)). ``None``: not offered.
    """

    name: str
    description: str
    needs_draws: bool
    inverse: Callable | None = None
    ratio: Callable | None = None
    band: Callable | None = None


def _fieller_inverse(line: AnchoredLine, y, level, df, reach_sign):
    import numpy as np
    crit = critical_value(level, df)
    lo, hi, bounded = fieller_inverse(y, line.alpha, line.slope, line.s00, line.s01, line.s11,
                                      crit)
    kinds = np.where(bounded, "bounded", np.where(np.isnan(lo), "unavailable", "unbounded"))
    return lo, hi, kinds.astype(object), None


def _bootstrap_inverse(line: AnchoredLine, y, level, df, reach_sign):
    import numpy as np
    if line.slope_draws is None:
        raise InputError("bootstrap intervals need bootstrap draws: fit with bootstrap=N "
                         "(CLI: --bootstrap N), or use interval='fieller'")
    check_level(level)
    lo, hi, n_bad = bootstrap_inverse(y, line.alpha_draws, line.slope_draws, level, reach_sign)
    kinds = np.where(np.isfinite(hi) & np.isfinite(lo), "bounded",
                     np.where(np.isfinite(lo), "unbounded-above", "unbounded"))
    return lo, hi, kinds.astype(object), n_bad


def _fieller_ratio(b, g, v_bb, v_bg, v_gg, crit, draws_b, draws_g, level):
    return fieller_ratio(b, g, v_bb, v_bg, v_gg, crit)


def _delta_ratio(b, g, v_bb, v_bg, v_gg, crit, draws_b, draws_g, level):
    return delta_ratio(b, g, v_bb, v_bg, v_gg, crit)


def _bootstrap_ratio(b, g, v_bb, v_bg, v_gg, crit, draws_b, draws_g, level):
    return bootstrap_ratio(draws_b, draws_g, level)


def _analytic_band(yhat, var, draws, level, df):
    import numpy as np
    half = critical_value(level, df) * np.sqrt(np.maximum(np.asarray(var, dtype=float), 0.0))
    return yhat - half, yhat + half


def _bootstrap_band(yhat, var, draws, level, df):
    if draws is None:
        raise InputError("bootstrap intervals need bootstrap draws")
    return percentile_interval(draws, level, axis=1)


#: Interval methods, one vocabulary for every command: ``fieller``, ``bootstrap``, ``delta``.
INTERVALS: Registry[IntervalMethod] = Registry("interval method")
INTERVALS.add("fieller", IntervalMethod(
    "fieller", "analytic: t critical values; Fieller's inversion for inverse predictions and "
               "ratios (unbounded when the slope is not significant)", False,
    inverse=_fieller_inverse, ratio=_fieller_ratio, band=_analytic_band))
INTERVALS.add("bootstrap", IntervalMethod(
    "bootstrap", "percentiles over pairs-bootstrap draws of the coefficients", True,
    inverse=_bootstrap_inverse, ratio=_bootstrap_ratio, band=_bootstrap_band))
INTERVALS.add("delta", IntervalMethod(
    "delta", "first-order delta method, symmetric around the estimate (ratios only)", False,
    ratio=_delta_ratio))

#: Spellings no longer accepted, with the name that replaced them.
_RENAMED = {"analytic": "fieller"}


def get_interval(name: str | IntervalMethod, use: str | None = None) -> IntervalMethod:
    """The :class:`IntervalMethod` called ``name``, checked to offer ``use``.

    Parameters
    ----------
    name : str or IntervalMethod
    use : {"inverse", "ratio", "band"}, optional
        What the caller needs; a method that does not offer it raises :class:`InputError` naming
        those that do.

    Examples
    --------
    >>> get_interval("fieller").needs_draws
    False
    >>> get_interval("analytic")
    Traceback (most recent call last):
    ...
    computelimits.errors.InputError: interval method 'analytic' is now called 'fieller' (the same method: t critical values, Fieller's inversion); use interval='fieller'
    """
    if isinstance(name, IntervalMethod):
        meth = name
    else:
        key = str(name).strip().lower()
        if key in _RENAMED:
            new = _RENAMED[key]
            raise InputError(f"interval method {key!r} is now called {new!r} (the same method: "
                             f"t critical values, Fieller's inversion); use interval={new!r}")
        meth = INTERVALS.get(key)
    if use is not None and getattr(meth, use) is None:
        ok = [n for n in INTERVALS.names() if getattr(INTERVALS.get(n), use) is not None]
        what = {"inverse": "projections", "ratio": "ratios", "band": "prediction intervals"}
        raise InputError(f"interval method {meth.name!r} is not available for "
                         f"{what.get(use, use)}; use one of {', '.join(ok)}")
    return meth
