"""Algorithmic progress as computation: how much less computation reaches a fixed error each year.

With a year trend, ``y = a + b log10(C) + g year`` (the paper's Table 2), holding the error fixed
one year of the trend is worth ``r = g / b`` orders of magnitude of computation. So each year

- the computation needed for a fixed error falls by the *compute-equivalent gain per year*
  ``10^r`` (the needed computation is multiplied by ``10^(-r)``);
- ten-fold computation is worth ``1/r`` years of progress (the paper: "3 years of algorithmic
  improvement is equivalent to an increase in computing power of 10x", section 3.2);
- the computation needed halves every ``12 log10(2) / r`` months (the *doubling time* of
  compute-equivalent progress, the unit of published estimates).

Intervals for ``r`` (:data:`computelimits.intervals.INTERVALS`, the methods that offer ratios):
``fieller`` (default; exact under the regression's normal errors, unbounded when the slope on
computation is not significant), ``delta`` (first-order delta method) and ``bootstrap``
(percentiles of ``g_i / b_i`` over pairs bootstrap draws). They map to the derived quantities through monotone functions; an interval for
``r`` that contains 0 means "no progress" cannot be ruled out and gives an unbounded doubling
time, reported as such.

:meth:`ProgressResult.comparison` lays the estimate beside the paper's reading and published
estimates (:func:`load_published_progress`): Erdil & Besiroglu (2022) and Hernandez & Brown
(2020). Those measure *training* computation; the paper's Table 2 and the default here use
computation *per network pass*: the rates are comparable as rates of compute-equivalent
progress, not as the same quantity.

References
----------
Thompson et al., "The Computational Limits of Deep Learning" (arXiv:2007.05558), section 3.2,
Table 2. Erdil & Besiroglu (2022), "Algorithmic progress in computer vision", arXiv:2212.05153.
Hernandez & Brown (2020), "Measuring the algorithmic efficiency of neural networks",
arXiv:2005.04305. Fieller (1954), JRSS B 16(2) (ratio intervals).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InputError
from .intervals import DEFAULT_INTERVAL, check_level, critical_value, get_interval
from .presentation import Presentable

__all__ = [
    "ProgressResult",
    "algorithmic_progress",
    "progress_table",
    "load_published_progress",
    "LOG10_2_MONTHS",
]

#: ``12 log10(2)``: months of progress at ``r = 1`` decade per year needed to halve computation.
LOG10_2_MONTHS = 12.0 * math.log10(2.0)


def _map_reciprocal(k: float, lo: float, hi: float, point: float) -> tuple[float, float]:
    """Image of ``[lo, hi]`` under ``r -> k / r`` (k > 0); the branch of the point estimate
    when the interval contains 0 (open to infinity)."""
    if not (math.isfinite(lo) or math.isfinite(hi)):
        if math.isnan(lo) or math.isnan(hi):
            return float("nan"), float("nan")
        return float("-inf"), float("inf")
    if lo > 0 or hi < 0:
        a = k / lo if lo != 0 else float("inf")
        b = k / hi if hi != 0 else float("inf")
        return (min(a, b), max(a, b))
    if point > 0:
        return (k / hi if hi > 0 else float("inf"), float("inf"))
    if point < 0:
        return (float("-inf"), k / lo if lo < 0 else float("-inf"))
    return float("-inf"), float("inf")


# --------------------------------------------------------------------------------------------
# published estimates
# --------------------------------------------------------------------------------------------

def load_published_progress():
    """Published estimates of algorithmic progress (``reference/published_progress.csv``).

    Columns: ``key``, ``authors``, ``year``, ``title``, ``citation``, ``benchmark``,
    ``quantity`` (``doubling_months``), ``value``, ``ci_lower``, ``ci_upper``, ``level``,
    ``compute_measure``, ``printed`` (the sentence the number comes from).
    """
    import io
    from importlib import resources

    import pandas as pd

    raw = resources.files("computelimits.reference").joinpath(
        "published_progress.csv").read_bytes()
    return pd.read_csv(io.BytesIO(raw), dtype={"key": str, "citation": str})


# --------------------------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ProgressResult(Presentable):
    """Compute-equivalent algorithmic progress on one benchmark; an immutable value.

    Attributes
    ----------
    benchmark : str or None
    x : str
        ``"per-pass"`` or ``"burden"``.
    form : str
        Functional form of the fit.
    interval : str
        ``"fieller"``, ``"delta"`` or ``"bootstrap"`` (:data:`computelimits.intervals.INTERVALS`).
    level : float
    nobs : int
    slope, slope_se : float
        Coefficient on ``log10(computation)`` and its standard error.
    year_coef, year_se : float
        Coefficient on year and its standard error.
    cov_slope_year : float
    ratio : float
        ``r = year_coef / slope``: orders of magnitude of computation one year is worth.
    ratio_ci : tuple of float
    bounded : bool
        Whether the interval for ``r`` is bounded.
    notes : tuple of str
    fit : FitResult
        The regression with the year trend.
    """

    benchmark: str | None
    x: str
    form: str
    interval: str
    level: float
    nobs: int
    slope: float
    slope_se: float
    year_coef: float
    year_se: float
    cov_slope_year: float
    ratio: float
    ratio_ci: tuple[float, float]
    bounded: bool
    notes: tuple[str, ...]
    fit: Any = field(repr=False)

    @property
    def gain_per_year(self) -> float:
        """Factor by which the computation needed for a fixed error falls each year: ``10^r``."""
        return float(10.0 ** self.ratio) if math.isfinite(self.ratio) else float("nan")

    @property
    def gain_per_year_ci(self) -> tuple[float, float]:
        lo, hi = self.ratio_ci
        with np.errstate(over="ignore"):
            return (float(np.power(10.0, lo)), float(np.power(10.0, hi)))

    @property
    def needed_factor_per_year(self) -> float:
        """Factor the needed computation is multiplied by each year: ``10^(-r)``."""
        return float(10.0 ** (-self.ratio)) if math.isfinite(self.ratio) else float("nan")

    @property
    def years_to_10x(self) -> float:
        """Years of progress worth ten-fold computation: ``1/r`` (the paper: about 3)."""
        return 1.0 / self.ratio if self.ratio != 0 else float("inf")

    @property
    def years_to_10x_ci(self) -> tuple[float, float]:
        return _map_reciprocal(1.0, *self.ratio_ci, self.ratio)

    @property
    def doubling_months(self) -> float:
        """Months in which the computation needed for a fixed error halves: ``12 log10(2) / r``."""
        return LOG10_2_MONTHS / self.ratio if self.ratio != 0 else float("inf")

    @property
    def doubling_months_ci(self) -> tuple[float, float]:
        return _map_reciprocal(LOG10_2_MONTHS, *self.ratio_ci, self.ratio)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the estimate, its intervals and the comparison."""
        return dict(
            benchmark=self.benchmark, x=self.x, form=self.form, interval=self.interval,
            level=self.level, nobs=self.nobs, slope=self.slope, slope_se=self.slope_se,
            year_coef=self.year_coef, year_se=self.year_se, cov_slope_year=self.cov_slope_year,
            ratio=self.ratio, ratio_ci=list(self.ratio_ci), bounded=self.bounded,
            gain_per_year=self.gain_per_year, gain_per_year_ci=list(self.gain_per_year_ci),
            needed_factor_per_year=self.needed_factor_per_year,
            years_to_10x=self.years_to_10x, years_to_10x_ci=list(self.years_to_10x_ci),
            doubling_months=self.doubling_months,
            doubling_months_ci=list(self.doubling_months_ci),
            comparison=self.comparison().to_dict("records"), notes=list(self.notes))

    def to_frame(self):
        """One-row DataFrame of :meth:`to_dict` without the comparison (intervals split into
        ``_ci_lower`` / ``_ci_upper`` columns)."""
        import pandas as pd

        d = self.to_dict()
        d.pop("comparison")
        d["notes"] = "; ".join(d["notes"])
        flat: dict[str, Any] = {}
        for k, v in d.items():
            if isinstance(v, list) and k.endswith("_ci"):
                flat[f"{k}_lower"], flat[f"{k}_upper"] = v
            else:
                flat[k] = v
        return pd.DataFrame([flat])

    def comparison(self):
        """This estimate beside the paper's reading and published estimates, in common units.

        Columns: ``source``, ``citation``, ``compute_measure``, ``years_to_10x``,
        ``doubling_months``, ``doubling_months_ci_lower``, ``doubling_months_ci_upper``,
        ``gain_per_year``, ``printed`` (what the source prints; the other columns are converted
        from it with ``doubling = 12 log10(2) x years_to_10x``).
        """
        import pandas as pd

        from .reference import paper_value

        rows = []
        lo, hi = self.doubling_months_ci
        rows.append(dict(
            source=f"this fit ({self.benchmark}, {self.nobs} models, {self.x} computation)",
            citation="computelimits", compute_measure=_measure(self.x),
            years_to_10x=self.years_to_10x, doubling_months=self.doubling_months,
            doubling_months_ci_lower=lo, doubling_months_ci_upper=hi,
            gain_per_year=self.gain_per_year,
            printed=f"{self.level:.0%} {self.interval} interval"))
        if self.benchmark in (None, "imagenet"):
            yrs, _ = paper_value("Section 3.2", "years_worth_10x", item="imagenet")
            rows.append(_row_years("Thompson et al. (2020), section 3.2 (ImageNet)",
                                   "arXiv:2007.05558 section 3.2", _MEASURE["per-pass"], yrs,
                                   "'3 years of algorithmic improvement is equivalent to an "
                                   "increase in computing power of 10x'"))
            b, _ = paper_value("Table 2", "slope", item="imagenet", column="(2)")
            g, _ = paper_value("Table 2", "year", item="imagenet", column="(2)")
            rows.append(_row_years("Thompson et al. (2020), Table 2 column (2) coefficients",
                                   "arXiv:2007.05558 Table 2", _MEASURE["per-pass"], b / g,
                                   f"slope {b:g}, year {g:g}: {b:g} / {g:g} years per 10x"))
        pub = load_published_progress()
        if self.benchmark is not None:
            pub = pub[pub["benchmark"] == self.benchmark]
        for r in pub.to_dict("records"):
            if r["quantity"] != "doubling_months":
                continue
            m = float(r["value"])
            lo = float(r["ci_lower"]) if r["ci_lower"] == r["ci_lower"] else float("nan")
            hi = float(r["ci_upper"]) if r["ci_upper"] == r["ci_upper"] else float("nan")
            rows.append(dict(
                source=f"{r['authors']} ({r['year']}), {r['title']}", citation=r["citation"],
                compute_measure=r["compute_measure"], years_to_10x=m / LOG10_2_MONTHS,
                doubling_months=m, doubling_months_ci_lower=lo, doubling_months_ci_upper=hi,
                gain_per_year=10.0 ** (LOG10_2_MONTHS / m), printed=r["printed"]))
        return pd.DataFrame(rows)

    def _comparison_lines(self) -> list[str]:
        comp = []
        for r in self.comparison().iloc[1:].to_dict("records"):
            ci = ""
            if math.isfinite(r["doubling_months_ci_lower"]):
                ci = f" ({_iv(r['doubling_months_ci_lower'], r['doubling_months_ci_upper'])})"
            comp.append(f"{r['source']}: doubling every {_n(r['doubling_months'])} "
                        f"months{ci}, {_n(r['years_to_10x'])} years per 10x "
                        f"[{r['compute_measure']}]")
        return comp

    def summary(self, fmt: str = "text") -> str:
        """The estimate with its interval, then the comparison with published estimates.

        Parameters
        ----------
        fmt : {"text", "markdown", "html", "latex"}
        """
        fmt = str(fmt).lower()
        if fmt not in ("text", "markdown", "html", "latex"):
            raise InputError(f"format must be text, markdown, html or latex; got {fmt!r}")
        lvl = f"{self.level:.0%}"
        ylo, yhi = self.years_to_10x_ci
        dlo, dhi = self.doubling_months_ci
        glo, ghi = self.gain_per_year_ci
        head = (f"Algorithmic progress on {self.benchmark or 'the data'} ({self.nobs} models, "
                f"{self.x} computation, {self.form} form with a year trend):")
        comp = self._comparison_lines()
        if fmt in ("html", "latex"):
            return self._render(fmt)
        lines = [
            head,
            f"  one year is worth {_n(self.ratio)} orders of magnitude of computation "
            f"({lvl} {self.interval} interval {_iv(*self.ratio_ci)})",
            f"  compute-equivalent gain per year: {_n(self.gain_per_year)}x ({_iv(glo, ghi)})",
            f"  years worth 10x computation: {_n(self.years_to_10x)} ({_iv(ylo, yhi)})",
            f"  computation needed for a fixed error halves every {_n(self.doubling_months)} "
            f"months ({_iv(dlo, dhi)})",
        ]
        if comp:
            lines.append("  compared with:")
        lines.extend(f"    {c}" for c in comp)
        lines.extend(f"  note: {n}" for n in self.notes)
        if fmt == "markdown":
            return "\n".join([f"**{lines[0]}**", ""] + [f"- {ln.strip()}" for ln in lines[1:]])
        return "\n".join(lines)

    def _summary_blocks(self) -> list:
        from .presentation import Table

        lo10, hi10 = self.years_to_10x_ci
        rows = [
            ("one year is worth (orders of magnitude of computation)", self.ratio,
             self.ratio_ci),
            ("compute-equivalent gain per year (x)", self.gain_per_year, self.gain_per_year_ci),
            ("years worth 10x computation", self.years_to_10x, (lo10, hi10)),
            ("months in which the computation needed for a fixed error halves",
             self.doubling_months, self.doubling_months_ci),
        ]
        notes = [f"compared with {c}" for c in self._comparison_lines()] + list(self.notes)
        return [Table(
            title=(f"Algorithmic progress on {self.benchmark or 'the data'} ({self.nobs} models, "
                   f"{self.x} computation, {self.form} form with a year trend)"),
            headers=[[("Quantity", 1), ("Estimate", 1),
                      (f"{self.level:.0%} {self.interval} interval", 1)]],
            body=[[q, _n(v), _iv(*ci)] for q, v, ci in rows], notes=notes, align="lrr")]

    def __repr__(self) -> str:
        return (f"ProgressResult(benchmark={self.benchmark!r}, x={self.x!r}, form={self.form!r}, "
                f"interval={self.interval!r}, level={self.level!r}, ratio={self.ratio:.4g}, "
                f"ratio_ci=({self.ratio_ci[0]:.4g}, {self.ratio_ci[1]:.4g}))")


_MEASURE = {"per-pass": "computation per network pass", "burden": "hardware burden"}


def _measure(x: str) -> str:
    """Short name of an x variable (:data:`computelimits.fitting.forms.X_VARIABLES`)."""
    from .fitting.forms import X_VARIABLES

    return X_VARIABLES.get(x).measure_text if x in X_VARIABLES else str(x)


def _row_years(source, citation, measure, years, printed) -> dict[str, Any]:
    return dict(source=source, citation=citation, compute_measure=measure, years_to_10x=years,
                doubling_months=LOG10_2_MONTHS * years, doubling_months_ci_lower=float("nan"),
                doubling_months_ci_upper=float("nan"), gain_per_year=10.0 ** (1.0 / years),
                printed=printed)


def _n(v: float) -> str:
    v = float(v)
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return f"{v:.3g}"


def _iv(lo: float, hi: float) -> str:
    return f"{_n(lo)} to {_n(hi)}"


# --------------------------------------------------------------------------------------------
# entry points
# --------------------------------------------------------------------------------------------

def algorithmic_progress(data=None, benchmark: str | None = None, *, x: str = "per-pass",
                         form: str = "polynomial", level: float = 0.95,
                         interval: str = DEFAULT_INTERVAL, bootstrap: int = 2000,
                         seed: int | None = None, include_imputed: bool = True,
                         robust: bool | str = False) -> ProgressResult:
    """Compute-equivalent algorithmic progress per year from a fit with a year trend.

    Fits ``y = a + b log10(C) + g year`` (:func:`computelimits.fitting.fit` with ``year=True``,
    the paper's Table 2) and reads off ``r = g / b``: the orders of magnitude of computation one
    year of progress is worth at a fixed error, with the gain per year ``10^r``, the years worth
    10x computation ``1/r`` and the doubling time ``12 log10(2) / r`` months, each with an
    interval.

    Parameters
    ----------
    data : DataFrame, str, PathLike or None
        Records (record schema), a CSV path, or ``None`` for the bundled dataset.
    benchmark : str, optional
        Benchmark id or alias.
    x : {"per-pass", "burden"}
    form : str
        Functional form (:data:`computelimits.fitting.FORMS`); the ratio ``g / b`` is in orders
        of magnitude per year for every form.
    level : float
        Confidence level.
    interval : {"fieller", "delta", "bootstrap"}
        See :data:`computelimits.intervals.INTERVALS`.
    bootstrap : int
        Pairs-bootstrap resamples for ``interval="bootstrap"``.
    seed : int, optional
        Seed of the bootstrap (recorded in ``fit.seed``).
    include_imputed : bool
    robust : bool or str
        Heteroskedasticity-consistent covariance for the analytic intervals (see ``fit``).

    Returns
    -------
    ProgressResult

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(3)
    >>> n = 80
    >>> year = rng.uniform(2012, 2020, n)
    >>> lx = rng.uniform(0, 3, n)
    >>> err = 10 ** (-0.3 - 0.1 * lx - 0.03 * (year - 2012) + rng.normal(0, 0.02, n))
    >>> df = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet",
    ...                    "year": year, "error": err, "flops_per_pass": 1e9 * 10 ** lx})
    >>> p = algorithmic_progress(df)
    >>> round(p.years_to_10x, 1)                 # true value 0.1 / 0.03 = 3.33
    3.4

    References
    ----------
    Thompson et al., section 3.2 and Table 2; Erdil & Besiroglu (2022), arXiv:2212.05153.
    """
    from .fitting import fit

    meth = get_interval(interval, "ratio")
    level = check_level(level)
    res = fit(data, benchmark=benchmark, x=x, form=form, year=True,
              bootstrap=int(bootstrap) if meth.needs_draws else 0,
              seed=seed if meth.needs_draws else None, include_imputed=include_imputed,
              robust=robust)
    V = res.cov_params()
    b, g = res.slope, res.year_coef
    v_bb, v_bg, v_gg = (float(V.loc["log10_x", "log10_x"]), float(V.loc["log10_x", "year"]),
                        float(V.loc["year", "year"]))
    notes: list[str] = []
    draws_b = draws_g = None
    if res.bootstrap_params is not None:
        names = list(res.params.index)
        draws_b = res.bootstrap_params[:, names.index("log10_x")]
        draws_g = res.bootstrap_params[:, names.index("year")]
    crit = critical_value(level, res.df_resid if res.use_t else None)
    lo, hi, bounded = meth.ratio(b, g, v_bb, v_bg, v_gg, crit, draws_b, draws_g, level)
    ratio = g / b if b != 0 else float("nan")
    if not bounded:
        notes.append(f"the slope on computation is not significant at the {level:.0%} level: "
                     "the interval for the progress rate is unbounded")
    elif lo <= 0 <= hi:
        notes.append("the interval includes no progress (r = 0): the doubling time and the "
                     "years worth 10x are unbounded above")
    if b >= 0:
        notes.append(f"the slope on computation ({b:.3g}) is not negative: more computation does "
                     "not lower the error in this fit, so the progress reading is not meaningful")
    elif ratio < 0:
        notes.append("the year trend points the other way (errors at fixed computation rise over "
                     "time): the estimated progress is negative")
    notes.extend(res.notes)
    return ProgressResult(
        benchmark=res.benchmark, x=res.x, form=res.form, interval=meth.name, level=float(level),
        nobs=res.nobs, slope=float(b), slope_se=float(res.slope_se), year_coef=float(g),
        year_se=math.sqrt(v_gg), cov_slope_year=v_bg, ratio=float(ratio),
        ratio_ci=(float(lo), float(hi)), bounded=bool(bounded), notes=tuple(notes), fit=res)


def progress_table(data=None, benchmarks: Sequence[str] | None = None, **kwargs: Any):
    """:func:`algorithmic_progress` for several benchmarks, one row each.

    Benchmarks that cannot be fitted (too few models, a single year ...) get a row with the
    reason in ``notes`` and NaN numbers, never a made-up value.

    Parameters
    ----------
    data : DataFrame, str, PathLike or None
    benchmarks : sequence of str, optional
        Default: every benchmark in the data.
    **kwargs
        Passed to :func:`algorithmic_progress`.

    Returns
    -------
    pandas.DataFrame
        The columns of :meth:`ProgressResult.to_frame`, one row per benchmark.
    """
    import pandas as pd

    from .benchmarks import resolve_benchmark
    from .errors import ComputeLimitsError

    if benchmarks is None:
        if data is None:
            from .datasets import load_models

            recs = load_models()
        elif isinstance(data, pd.DataFrame):
            recs = data
        else:
            from .schema import read_records

            recs = read_records(data)
        benchmarks = [b for b in dict.fromkeys(recs["benchmark"].dropna())]
        data = recs
    rows = []
    for bname in benchmarks:
        bid = resolve_benchmark(bname)
        try:
            rows.append(algorithmic_progress(data, bid, **kwargs).to_frame())
        except ComputeLimitsError as exc:
            rows.append(pd.DataFrame([dict(benchmark=bid, notes=str(exc))]))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
