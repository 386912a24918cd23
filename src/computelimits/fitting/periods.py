"""The pooled fit beside one fit per period and beside the fit with a year trend.

A pooled regression of error on computation over many years mixes two things: the return to
computation at a given time, and progress over time (later models reach a lower error at the same
computation). When later models sit lower *and* use more computation, the pooled slope is steeper
than the slope within any period. On the bundled ImageNet data, for example, the pooled per-pass
slope is steeper than the slope up to mid-2020 and the slope after it. :func:`fit_periods` makes
this visible: the pooled fit, a fit per period (split at one or more years) and the pooled fit with
a year trend (the paper's Table 2, column 2), all on the same rows, side by side.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 3.2, Tables 1-2.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..presentation import Presentable, Table, Text
from .compare import RegressionTable, compare
from .core import fit, load_fit_records
from .results import FitResult

__all__ = ["PeriodFits", "fit_periods"]


@dataclass(frozen=True, eq=False)
class PeriodFits(Presentable):
    """Pooled, per-period and year-trend fits on the same rows; immutable.

    Attributes
    ----------
    pooled : FitResult
        All rows with a year.
    periods : tuple of FitResult
        One fit per period, in time order.
    bounds : tuple of (float, float)
        ``[start, end)`` of each period in decimal years (``-inf``/``inf`` at the ends).
    trend : FitResult
        The pooled fit with a year trend.
    split_years : tuple of float
        The years the rows were split at.
    """

    pooled: FitResult
    periods: tuple[FitResult, ...]
    bounds: tuple[tuple[float, float], ...]
    trend: FitResult
    split_years: tuple[float, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """Period labels: ``"before 2020.5"``, ``"2020.5 to 2022"``, ``"from 2022"``."""
        out = []
        for lo, hi in self.bounds:
            if math.isinf(lo):
                out.append(f"before {hi:g}")
            elif math.isinf(hi):
                out.append(f"from {lo:g}")
            else:
                out.append(f"{lo:g} to {hi:g}")
        return tuple(out)

    @property
    def fits(self) -> dict[str, FitResult]:
        """Column label -> fit, in the order of the table."""
        return {"all years": self.pooled, **dict(zip(self.labels, self.periods, strict=True)),
                "all years + year trend": self.trend}

    def table(self, digits: int = 3) -> RegressionTable:
        """The fits side by side, laid out like the paper's tables."""
        bench = self.pooled.benchmark or "the data"
        return compare(self.fits, title=f"{bench}: pooled, per-period and year-trend fits",
                       digits=digits)

    def reading(self) -> str:
        """One sentence comparing the pooled slope with the slopes of the periods."""
        ps = [p.slope for p in self.periods]
        pooled = self.pooled.slope
        per = ", ".join(f"{s:.3f} ({lbl}, n = {p.nobs})"
                        for s, lbl, p in zip(ps, self.labels, self.periods, strict=True))
        text = f"Slope on log10 computation: pooled {pooled:.3f} (n = {self.pooled.nobs}); {per}."
        if all(pooled < s for s in ps) or all(pooled > s for s in ps):
            side = "steeper" if all(abs(pooled) > abs(s) for s in ps) else "flatter"
            text += (f" The pooled slope is {side} than within every period: it mixes the return "
                     "to computation with change over time.")
        text += (f" With a year trend the slope is {self.trend.slope:.3f} and the year "
                 f"coefficient {self.trend.year_coef:.4f} per year (at equal computation).")
        if self.pooled.degree == 1:
            ex = "; ".join(f"{lbl} {r.exponent:.3g}" for lbl, r in self.fits.items())
            text += f" Implied exponent (Computation = O(Performance^exponent)): {ex}."
        return text

    def _summary_blocks(self, digits: int = 3) -> list[Table | Text]:
        return [*self.table(digits)._summary_blocks(), Text([self.reading()])]

    def summary(self, fmt: str = "text", *, digits: int = 3) -> str:
        """The side-by-side table and the reading, as text, HTML or LaTeX."""
        return self._render(fmt, digits=digits)

    def to_frame(self) -> pd.DataFrame:
        """One row per fit: ``fit``, ``period_start``, ``period_end``, ``nobs``, ``slope``,
        ``slope_se``, ``slope_ci_lower``, ``slope_ci_upper``, ``exponent``, ``year_coef``, ``r2``
        (full precision; intervals at each fit's level)."""
        rows = []
        spans = [(-math.inf, math.inf), *self.bounds, (-math.inf, math.inf)]
        for (label, r), (lo, hi) in zip(self.fits.items(), spans, strict=True):
            ci = r.conf_int(r.level).loc["log10_x"]
            rows.append(dict(fit=label, period_start=lo, period_end=hi, nobs=r.nobs,
                             slope=r.slope, slope_se=r.slope_se, slope_ci_lower=ci["ci_lower"],
                             slope_ci_upper=ci["ci_upper"], exponent=r.exponent,
                             year_coef=r.year_coef, r2=r.rsquared, level=r.level))
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (the CLI's ``--json``): the split years, the reading and every fit."""
        spans = [(-math.inf, math.inf), *self.bounds, (-math.inf, math.inf)]
        fits = []
        for (label, r), (lo, hi) in zip(self.fits.items(), spans, strict=True):
            d = {"fit": label, "period_start": None if math.isinf(lo) else lo,
                 "period_end": None if math.isinf(hi) else hi}
            d.update(r.to_dict(coefficients=False))
            fits.append(d)
        return {"split_years": list(self.split_years), "reading": self.reading(), "fits": fits}


def fit_periods(data=None, *, benchmark: str | None = None, split_years: Sequence[float] = (2020.5,),
                **kwargs: Any) -> PeriodFits:
    """Fit the pooled rows, each period, and the pooled rows with a year trend.

    Parameters
    ----------
    data : DataFrame, str, PathLike or None
        As :func:`computelimits.fitting.fit` (default: the bundled dataset).
    benchmark : str, optional
    split_years : sequence of float
        Decimal years at which to split (a row of year ``y`` belongs to the period with
        ``start <= y < end``); default ``2020.5`` (July 2020, the paper's cut-off).
    **kwargs
        Passed to every :func:`~computelimits.fitting.fit` (``x``, ``form``, ``quantile``,
        ``robust``, ``include_imputed``, ``level`` ...); not ``year`` (the trend fit adds it).

    Returns
    -------
    PeriodFits

    Examples
    --------
    >>> pf = fit_periods(benchmark="imagenet", split_years=[2020.5])
    >>> pf.labels
    ('before 2020.5', 'from 2020.5')
    >>> pf.pooled.nobs == sum(p.nobs for p in pf.periods) == pf.trend.nobs
    True
    """
    if "year" in kwargs:
        raise InputError("fit_periods adds the year trend itself; do not pass year=")
    try:
        splits = sorted(float(s) for s in split_years)
    except (TypeError, ValueError):
        raise InputError(f"split years must be numbers; got {split_years!r}") from None
    if not splits or not all(math.isfinite(s) for s in splits):
        raise InputError("give at least one finite split year")
    if len(set(splits)) != len(splits):
        raise InputError(f"split years must differ; got {split_years!r}")
    records, bench = load_fit_records(data, benchmark)
    years = pd.to_numeric(records["year"], errors="coerce").to_numpy(dtype=float) \
        if "year" in records else np.full(len(records), np.nan)
    has = np.isfinite(years)
    if not has.any():
        raise InputError(f"no row of {bench} has a year; periods need years")
    records, years = records[has].reset_index(drop=True), years[has]
    edges = [-math.inf, *splits, math.inf]
    bounds = tuple(zip(edges[:-1], edges[1:], strict=True))
    pooled = fit(records, benchmark=bench, **kwargs)  # the periods partition these rows
    periods = []
    for lo, hi in bounds:
        part = records[(years >= lo) & (years < hi)]
        try:
            periods.append(fit(part, benchmark=bench, **kwargs))
        except InputError as exc:
            raise InputError(f"period [{lo:g}, {hi:g}): {exc}") from None
    trend = fit(records, benchmark=bench, year=True, **kwargs)
    return PeriodFits(pooled=pooled, periods=tuple(periods), bounds=bounds, trend=trend,
                      split_years=tuple(splits))
