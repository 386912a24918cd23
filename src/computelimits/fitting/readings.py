"""The paper's readings of regression coefficients, as small functions.

- The **implied exponent**: a polynomial fit ``log10(error) = a + b log10(C)`` means
  ``Computation = O(Performance^(-1/b))`` with ``Performance = 1/error``; the paper's ImageNet slope
  -0.11 gives 9.1 ("O(Performance^9)", section 3.2). Its confidence interval is the slope's interval
  mapped through ``-1/b`` (the paper: 7 to 13.9).
- **Algorithmic progress as computation**: with a time trend ``+ g year`` (Table 2), one year moves
  the response by ``g`` and a tenfold increase in computation by ``b``, so ``b/g`` years of
  algorithmic progress are worth 10x computation (the paper: "3 years", from -0.11 / -0.04).

The critical value is :func:`computelimits.intervals.critical_value` (re-exported here), the one
used by every interval in the package.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 3.2, Tables 1-2.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..intervals import critical_value
from .forms import get_form

__all__ = [
    "critical_value",
    "slope_interval",
    "exponent_from_slope",
    "exponent_ci_from_slope",
    "years_worth_10x",
    "computation_per_year",
]


def slope_interval(slope: float, se: float, df: float | None = None,
                   level: float = 0.95) -> tuple[float, float]:
    """``slope -/+ critical_value(level, df) * se``."""
    c = critical_value(level, df)
    return (float(slope) - c * float(se), float(slope) + c * float(se))


def exponent_from_slope(slope: float, form: str = "polynomial") -> float:
    """Implied exponent of a slope under a functional form (``-1/slope`` for the polynomial form).

    Examples
    --------
    >>> round(exponent_from_slope(-0.11), 1)   # Table 1 column 2 -> section 3.2's "Performance^9"
    9.1
    """
    return get_form(form).exponent(slope)


def exponent_ci_from_slope(slope: float, se: float, df: float | None = None, level: float = 0.95,
                           form: str = "polynomial") -> tuple[float, float]:
    """Interval for the implied exponent, by inverting the slope's interval.

    Examples
    --------
    >>> lo, hi = exponent_ci_from_slope(-0.11, 0.02, df=49)
    >>> round(lo, 1), round(hi, 1)
    (6.7, 14.3)
    """
    lo, hi = slope_interval(slope, se, df, level)
    return get_form(form).exponent_interval(lo, hi, slope)


def years_worth_10x(result_or_slope: Any, year_coef: float | None = None) -> float:
    """Years of the time trend that move the response as much as a tenfold increase in computation.

    Parameters
    ----------
    result_or_slope : FitResult or float
        A fit with a year trend, or the slope on ``log10(computation)``.
    year_coef : float, optional
        The coefficient on year (needed when a slope is given).

    Returns
    -------
    float
        ``slope / year_coef``; positive when both point the same way (computation and time both
        reduce the error). The paper's Table 2: -0.11 / -0.04 = 2.75, "3 years of algorithmic
        improvement is equivalent to an increase in computing power of 10x" (section 3.2).

    Examples
    --------
    >>> years_worth_10x(-0.11, -0.04)
    2.75
    """
    if year_coef is None:
        params = getattr(result_or_slope, "params", None)
        if params is None:
            raise InputError("years_worth_10x needs a FitResult with a year trend, or slope and year_coef")
        if "year" not in params.index:
            raise InputError("this fit has no year trend; refit with year=True")
        slope, g = float(params["log10_x"]), float(params["year"])
    else:
        slope, g = float(result_or_slope), float(year_coef)
    if g == 0:
        return float("inf")
    return slope / g


def computation_per_year(result_or_slope: Any, year_coef: float | None = None) -> float:
    """Factor of computation that one year of the time trend is worth: ``10 ** (1 / years_worth_10x)``.

    Examples
    --------
    >>> round(computation_per_year(-0.11, -0.04), 2)
    2.31
    """
    y = years_worth_10x(result_or_slope, year_coef)
    return float("nan") if y == 0 else 10.0 ** (1.0 / y)
