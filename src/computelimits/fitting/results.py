"""The result of a fit of error against computation: an immutable value.

:class:`FitResult` holds numbers at full precision (coefficients, standard errors, p-values,
covariance, R^2, F, residual standard error, bootstrap draws) and the rows used, and derives the
paper's readings from them: the implied exponent ``-1/b`` with an interval obtained by inverting the
slope's interval, and, with a year trend, how many years of algorithmic progress are worth 10x
computation. It renders itself as text, HTML and LaTeX; rounding happens only there.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 3.2, section 7, Tables 1-4.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..escaping import escape_latex
from ..presentation import Presentable, Table
from .bootstrap import percentile_interval
from .estimators import ESTIMATORS, Estimate, EstimatorSpec
from .forms import FORMS, X_VARIABLES, FormSpec, XSpec
from .readings import critical_value

__all__ = ["FitResult", "INTERVAL_METHODS", "term_label"]

#: Interval methods accepted by :meth:`FitResult.conf_int`.
INTERVAL_METHODS = ("analytic", "bootstrap")


def term_label(term: str, x: str, x_unit: str = "GFLOP", fmt: str = "text") -> str:
    """Row label of a coefficient as the paper's tables print it."""
    spec = X_VARIABLES.get(x)
    if term == "const":
        return r"\textit{Constant}" if fmt == "latex" else "Constant"
    if term == "year":
        return r"\textit{Year}" if fmt == "latex" else "Year"
    if term == "log10_x":
        return spec.label_latex if fmt == "latex" else spec.label
    if term.startswith("log10_x_"):
        p = term.rsplit("_", 1)[1]
        base = spec.label_latex if fmt == "latex" else spec.label
        return f"{base}$^{p}$" if fmt == "latex" else f"{base}^{p}"
    return escape_latex(term) if fmt == "latex" else term


class EstimateView:
    """Read-only views of the :class:`~computelimits.fitting.estimators.Estimate` a result object
    keeps as ``_est``: coefficients as Series, fit statistics, analytic intervals and the tidy
    coefficient table. Shared by :class:`FitResult`, the Figure 7 imputation model and the growth
    trends; full precision, nothing rounded."""

    _est: Estimate

    # ------------------------------------------------------------------ coefficients
    @property
    def names(self) -> tuple[str, ...]:
        """Coefficient names: ``const``, ``log10_x`` (``log10_x_2`` ...), optionally ``year``."""
        return self._est.names

    def _series(self, arr, name) -> pd.Series:
        return pd.Series(np.array(arr, dtype=float), index=list(self._est.names), name=name)

    @property
    def params(self) -> pd.Series:
        """Coefficients, indexed by :attr:`names`."""
        return self._series(self._est.params, "params")

    @property
    def bse(self) -> pd.Series:
        """Standard errors of the coefficients."""
        return self._series(self._est.bse, "bse")

    @property
    def tvalues(self) -> pd.Series:
        """t statistics (z for large-sample inference)."""
        return self._series(self._est.tvalues, "tvalues")

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values of the coefficients."""
        return self._series(self._est.pvalues, "pvalues")

    def cov_params(self) -> pd.DataFrame:
        """Covariance matrix of the coefficients."""
        n = list(self._est.names)
        return pd.DataFrame(np.array(self._est.cov, dtype=float), index=n, columns=n)

    # ------------------------------------------------------------------ fit statistics
    @property
    def nobs(self) -> int:
        return int(self._est.nobs)

    @property
    def df_resid(self) -> float:
        return float(self._est.df_resid)

    @property
    def df_model(self) -> float:
        return float(self._est.df_model)

    @property
    def rsquared(self) -> float:
        """R^2 (pseudo R^2 of Koenker-Machado for a quantile regression)."""
        return float(self._est.rsquared)

    @property
    def rsquared_adj(self) -> float:
        """Adjusted R^2 (NaN for a quantile regression)."""
        return float(self._est.rsquared_adj)

    @property
    def rsquared_kind(self) -> str:
        return self._est.rsquared_kind

    @property
    def fvalue(self) -> float:
        """F statistic of all slopes = 0 (robust Wald F with HC errors; NaN for quantiles)."""
        return float(self._est.fvalue)

    @property
    def f_pvalue(self) -> float:
        return float(self._est.f_pvalue)

    @property
    def resid_se(self) -> float:
        """Residual standard error ``sqrt(SSR / df_resid)`` (NaN for a quantile regression)."""
        return float(self._est.resid_se)

    @property
    def use_t(self) -> bool:
        return bool(self._est.use_t)

    # ------------------------------------------------------------------ intervals and tables
    def _analytic_conf_int(self, level: float) -> pd.DataFrame:
        """``params -/+ c * bse``, ``c`` from Student t (``df_resid``) or the normal."""
        c = critical_value(level, self.df_resid if self.use_t else None)
        p, se = np.asarray(self._est.params), np.asarray(self._est.bse)
        return pd.DataFrame({"ci_lower": p - c * se, "ci_upper": p + c * se},
                            index=list(self._est.names))

    def _coefficient_table(self, ci: pd.DataFrame, level: float) -> pd.DataFrame:
        """Tidy coefficients: ``term``, ``estimate``, ``std_error``, ``statistic``, ``p_value``,
        ``ci_lower``, ``ci_upper`` (from ``ci``), ``level``."""
        return pd.DataFrame({
            "term": list(self._est.names),
            "estimate": np.array(self._est.params, dtype=float),
            "std_error": np.array(self._est.bse, dtype=float),
            "statistic": np.array(self._est.tvalues, dtype=float),
            "p_value": np.array(self._est.pvalues, dtype=float),
            "ci_lower": ci["ci_lower"].to_numpy(),
            "ci_upper": ci["ci_upper"].to_numpy(),
            "level": float(level),
        })


@dataclass(frozen=True, eq=False)
class FitResult(Presentable, EstimateView):
    """A fitted regression of (transformed) error on log10(computation); immutable.

    Create with :func:`computelimits.fitting.fit`. Arrays and tables returned by the properties are
    fresh copies: changing them never changes the result.

    Attributes
    ----------
    benchmark : str or None
        Benchmark id of the rows used.
    x : str
        ``"per-pass"`` or ``"burden"`` (registry :data:`~computelimits.fitting.X_VARIABLES`).
    form : str
        Functional form (registry :data:`~computelimits.fitting.FORMS`).
    quantile : float or None
        Quantile of a quantile regression, ``None`` for least squares.
    estimator : str
        ``"ols"``, ``"ols-hc"`` or ``"quantile"`` (registry :data:`~computelimits.fitting.ESTIMATORS`).
    cov_type : str
        Covariance of the coefficients (``"nonrobust"``, ``"HC1"`` ...).
    x_unit : str
        Unit of computation inside ``log10`` (``"GFLOP"`` by default, as the paper's tables); it
        changes only the intercept: ``a_FLOP = a_GFLOP - 9 b``.
    x_scale : float
        FLOPs per ``x_unit``.
    year_origin : float
        Year subtracted before the year trend enters (0: calendar years).
    degree : int
        Degree of the polynomial in ``log10(x)`` (1 for every fit in the paper).
    include_imputed : bool
        Whether rows with imputed per-pass computation were allowed.
    n_imputed : int
        Number of rows used whose per-pass computation was imputed from parameters.
    n_bootstrap : int
        Bootstrap resamples requested (0: none).
    seed : int or None
        Seed of the bootstrap generator (``np.random.default_rng(seed)``).
    interval : str
        Default interval method of :meth:`conf_int` and :meth:`exponent_ci`: ``"bootstrap"`` when
        resamples were drawn, else ``"analytic"``.
    level : float
        Default confidence level for summaries and :meth:`to_dict`.
    notes : tuple of str
        Warnings about the fit (undefined standard errors, failed resamples ...).
    """

    benchmark: str | None
    x: str
    form: str
    quantile: float | None
    estimator: str
    cov_type: str
    x_unit: str
    x_scale: float
    year_origin: float
    degree: int
    include_imputed: bool
    n_imputed: int
    n_bootstrap: int
    seed: int | None
    interval: str
    level: float
    notes: tuple[str, ...]
    _est: Estimate = field(repr=False)
    _data: pd.DataFrame = field(repr=False)
    _boot: np.ndarray | None = field(repr=False, default=None)

    @property
    def bootstrap_params(self) -> np.ndarray | None:
        """Bootstrap draws, shape (resamples, coefficients), NaN rows for failed resamples."""
        return None if self._boot is None else np.array(self._boot, dtype=float)

    @property
    def n_bootstrap_failed(self) -> int:
        """Resamples on which the fit was not identified (excluded from bootstrap intervals)."""
        if self._boot is None:
            return 0
        return int(np.sum(~np.all(np.isfinite(self._boot), axis=1)))

    # ------------------------------------------------------------------ specs
    @property
    def form_spec(self) -> FormSpec:
        """The functional form (``transform``, ``inverse``, ``name`` ...)."""
        return FORMS.get(self.form).for_benchmark(self.benchmark)

    @property
    def x_spec(self) -> XSpec:
        return X_VARIABLES.get(self.x)

    @property
    def estimator_spec(self) -> EstimatorSpec:
        """The registered estimator (how to name it in titles, columns and legends)."""
        return ESTIMATORS.get(self.estimator)

    @property
    def data(self) -> pd.DataFrame:
        """Rows used: ``model``, ``benchmark``, ``year``, ``error``, ``y`` (transformed response),
        ``x_value`` (FLOPs), ``log10_x`` (log10 of x in ``x_unit``), ``flops_imputed``."""
        return self._data.copy()

    # ------------------------------------------------------------------ slope and readings
    def _get(self, arr, term: str) -> float:
        try:
            return float(arr[self._est.names.index(term)])
        except ValueError:
            return float("nan")

    @property
    def intercept(self) -> float:
        return self._get(self._est.params, "const")

    @property
    def slope(self) -> float:
        """Coefficient on ``log10(x)``."""
        return self._get(self._est.params, "log10_x")

    @property
    def slope_se(self) -> float:
        return self._get(self._est.bse, "log10_x")

    @property
    def slope_pvalue(self) -> float:
        return self._get(self._est.pvalues, "log10_x")

    @property
    def year_coef(self) -> float:
        """Coefficient on year (NaN without a time trend)."""
        return self._get(self._est.params, "year")

    @property
    def has_year(self) -> bool:
        return "year" in self._est.names

    def _method(self, method: str | None) -> str:
        m = self.interval if method is None else str(method).lower()
        if m not in INTERVAL_METHODS:
            raise InputError(f"interval method must be one of {', '.join(INTERVAL_METHODS)}; got '{method}'")
        if m == "bootstrap" and self._boot is None:
            raise InputError("no bootstrap draws in this fit; refit with bootstrap=N (and a seed)")
        return m

    def conf_int(self, level: float = 0.95, method: str | None = None) -> pd.DataFrame:
        """Confidence intervals of the coefficients.

        Parameters
        ----------
        level : float
            Confidence level in (0, 1).
        method : {"analytic", "bootstrap"}, optional
            ``analytic``: ``params -/+ c * bse`` with ``c`` from Student t (``df_resid`` degrees of
            freedom) or the normal; ``bootstrap``: percentiles of the pairs-bootstrap draws.
            Default: :attr:`interval`.

        Returns
        -------
        pandas.DataFrame
            Index: coefficient names; columns ``ci_lower``, ``ci_upper``.
        """
        if self._method(method) == "analytic":
            return self._analytic_conf_int(level)
        lo, hi = percentile_interval(self._boot, level)
        return pd.DataFrame({"ci_lower": lo, "ci_upper": hi}, index=list(self._est.names))

    @property
    def exponent(self) -> float:
        """Implied exponent ``-orientation/slope`` (``-1/b`` for the polynomial form: Computation =
        O(Performance^exponent)); NaN for polynomials of degree > 1."""
        if self.degree != 1:
            return float("nan")
        return self.form_spec.exponent(self.slope)

    def exponent_ci(self, level: float = 0.95, method: str | None = None) -> tuple[float, float]:
        """Interval for the implied exponent, by inverting the slope's interval.

        Infinite on one side when the slope's interval contains zero (see
        :meth:`FormSpec.exponent_interval`). The paper: slope -0.11 (SE 0.02) gives 9.1,
        95 % CI 7 to 13.9 (section 3.2).
        """
        if self.degree != 1:
            return (float("nan"), float("nan"))
        ci = self.conf_int(level, method).loc["log10_x"]
        return self.form_spec.exponent_interval(ci["ci_lower"], ci["ci_upper"], self.slope)

    @property
    def years_worth_10x(self) -> float:
        """Years of the time trend worth a tenfold increase in computation (``slope/year``); NaN
        without a year trend. The paper's Table 2 reading: "3 years ... is equivalent to ... 10x"."""
        if not self.has_year:
            return float("nan")
        g = self.year_coef
        return float("inf") if g == 0 else self.slope / g

    # ------------------------------------------------------------------ prediction
    def _design(self, x_values, year) -> np.ndarray:
        x = np.atleast_1d(np.asarray(x_values, dtype=float))
        if np.any(~np.isfinite(x) | (x <= 0)):
            raise InputError("computation values must be finite and > 0 (in FLOPs)")
        lx = np.log10(x / self.x_scale)
        cols = [np.ones_like(lx), lx] + [lx ** p for p in range(2, self.degree + 1)]
        if self.has_year:
            if year is None:
                raise InputError("this fit has a year trend; give the year to predict for")
            yr = np.broadcast_to(np.asarray(year, dtype=float), lx.shape)
            cols.append(yr - self.year_origin)
        return np.column_stack(cols)

    def predict_y(self, x_values, year=None):
        """Predicted response ``y`` (on the form's scale) at computation ``x_values`` (FLOPs)."""
        X = self._design(x_values, year)
        y = X @ np.asarray(self._est.params)
        return float(y[0]) if np.ndim(x_values) == 0 and np.ndim(year) == 0 else y

    def predict(self, x_values, year=None):
        """Predicted error rate at computation ``x_values`` (FLOPs), through the form's inverse.

        The conditional mean of ``y`` (the conditional quantile for a quantile regression) mapped
        back to an error rate; ``year`` is required when the fit has a time trend.
        """
        return self.form_spec.inverse(self.predict_y(x_values, year))

    def confidence_band(self, x_values, year=None, level: float | None = None):
        """Pointwise confidence band of the fitted line at ``x_values`` (FLOPs), on the error scale.

        ``y_hat -/+ c * sqrt(x' V x)`` with the coefficients' covariance ``V`` (analytic), mapped
        through the form's inverse; returns ``(lower, upper)`` arrays of error rates.
        """
        lvl = self.level if level is None else level
        X = self._design(x_values, year)
        cov = np.asarray(self._est.cov, dtype=float)
        se = np.sqrt(np.einsum("ij,jk,ik->i", X, cov, X))
        c = critical_value(lvl, self.df_resid if self.use_t else None)
        yhat = X @ np.asarray(self._est.params)
        a = self.form_spec.inverse(yhat - c * se)
        b = self.form_spec.inverse(yhat + c * se)
        return np.minimum(a, b), np.maximum(a, b)

    def x_for_error(self, error, year=None):
        """Computation (FLOPs) at which the fitted line reaches ``error`` (point estimate).

        Inverse prediction for degree-1 fits: ``log10(x) = (transform(error) - a - g*year) / b``.
        Intervals for this quantity are the projection module's job (Fieller or bootstrap).
        """
        if self.degree != 1:
            raise InputError("inverse prediction needs a degree-1 fit")
        y = np.asarray(self.form_spec.transform(error), dtype=float)
        rhs = y - self.intercept
        if self.has_year:
            if year is None:
                raise InputError("this fit has a year trend; give the year")
            rhs = rhs - self.year_coef * (np.asarray(year, dtype=float) - self.year_origin)
        with np.errstate(over="ignore"):
            lx = rhs / self.slope
            out = self.x_scale * np.power(10.0, lx)
        return float(out) if np.ndim(error) == 0 and np.ndim(year) == 0 else out

    # ------------------------------------------------------------------ tables
    def to_frame(self, level: float | None = None, method: str | None = None) -> pd.DataFrame:
        """Tidy coefficient table: one row per term.

        Columns: ``term``, ``estimate``, ``std_error``, ``statistic``, ``p_value``, ``ci_lower``,
        ``ci_upper``, ``level``, and the fit's ``benchmark``, ``x``, ``form``, ``estimator``.
        """
        lvl = self.level if level is None else level
        return self._coefficient_table(self.conf_int(lvl, method), lvl).assign(
            benchmark=self.benchmark, x=self.x, form=self.form, estimator=self.estimator)

    def glance(self, level: float | None = None, method: str | None = None) -> pd.DataFrame:
        """One-row table of fit-level statistics and readings (tidy ``glance``)."""
        return pd.DataFrame([self.to_dict(level, method, coefficients=False)])

    def to_dict(self, level: float | None = None, method: str | None = None,
                coefficients: bool = True) -> dict[str, Any]:
        """Plain dict of the fit (the CLI's ``--json``): identity, slope, fit statistics, readings."""
        lvl = self.level if level is None else level
        m = self._method(method)
        ci = self.conf_int(lvl, m)
        elo, ehi = self.exponent_ci(lvl, m)
        d: dict[str, Any] = {
            "benchmark": self.benchmark,
            "x": self.x,
            "x_column": self.x_spec.column,
            "x_unit": self.x_unit,
            "form": self.form,
            "equation": self.form_spec.equation,
            "estimator": self.estimator,
            "cov_type": self.cov_type,
            "quantile": self.quantile,
            "nobs": self.nobs,
            "df_resid": self.df_resid,
            "intercept": self.intercept,
            "intercept_se": self._get(self._est.bse, "const"),
            "slope": self.slope,
            "slope_se": self.slope_se,
            "slope_pvalue": self.slope_pvalue,
            "slope_ci": [float(ci.loc["log10_x", "ci_lower"]), float(ci.loc["log10_x", "ci_upper"])],
            "r2": self.rsquared,
            "r2_kind": self.rsquared_kind,
            "r2_adj": self.rsquared_adj,
            "resid_se": self.resid_se,
            "fvalue": self.fvalue,
            "f_pvalue": self.f_pvalue,
            "exponent": self.exponent,
            "exponent_ci": [elo, ehi],
            "exponent_meaning": self.form_spec.exponent_meaning,
            "level": float(lvl),
            "interval": m,
            "n_imputed": self.n_imputed,
            "include_imputed": self.include_imputed,
            "bootstrap": self.n_bootstrap,
            "bootstrap_failed": self.n_bootstrap_failed,
            "seed": self.seed,
        }
        if self.has_year:
            d.update({
                "year_coef": self.year_coef,
                "year_se": self._get(self._est.bse, "year"),
                "year_pvalue": self._get(self._est.pvalues, "year"),
                "year_origin": self.year_origin,
                "years_worth_10x": self.years_worth_10x,
            })
        if coefficients:
            d["params"] = dict(zip(self._est.names, map(float, self._est.params), strict=True))
            d["bse"] = dict(zip(self._est.names, map(float, self._est.bse), strict=True))
            d["pvalues"] = dict(zip(self._est.names, map(float, self._est.pvalues), strict=True))
        d["notes"] = list(self.notes)
        return d

    # ------------------------------------------------------------------ rendering
    def _title(self) -> str:
        how = self.estimator_spec.describe("title", quantile=self.quantile, cov_type=self.cov_type)
        bench = self.benchmark or "(all rows)"
        return f"{bench}: {self.form} fit of error on {self.x_spec.description} ({how})"

    def summary(self, fmt: str = "text", *, level: float | None = None, method: str | None = None,
                digits: int = 4) -> str:
        """Human-readable summary: coefficients with intervals, fit statistics, implied exponent.

        Parameters
        ----------
        fmt : {"text", "html", "latex"}
        level : float, optional
            Confidence level (default :attr:`level`).
        method : {"analytic", "bootstrap"}, optional
        digits : int
            Significant digits shown.
        """
        return self._render(fmt, level=level, method=method, digits=digits)

    def _summary_blocks(self, level: float | None = None, method: str | None = None,
                        digits: int = 4) -> list[Table]:
        lvl = self.level if level is None else level
        m = self._method(method)
        ci = self.conf_int(lvl, m)
        g = _fmt_g(digits)
        stat = "t" if self.use_t else "z"
        lo_q, hi_q = (1 - lvl) / 2, 1 - (1 - lvl) / 2
        head = [("", 1), ("coef", 1), ("std err", 1), (stat, 1), (f"P>|{stat}|", 1),
                (f"[{lo_q:g}", 1), (f"{hi_q:g}]", 1)]
        body: list[list[str] | None] = []
        for i, name in enumerate(self._est.names):
            body.append([name, g(self._est.params[i]), g(self._est.bse[i]), g(self._est.tvalues[i]),
                         _fmt_p(self._est.pvalues[i]), g(ci.iloc[i, 0]), g(ci.iloc[i, 1])])
        elo, ehi = self.exponent_ci(lvl, m)
        stats = [
            ["Observations", f"{self.nobs}", self.rsquared_kind, g(self.rsquared)],
            ["Residual SE", "" if math.isnan(self.resid_se) else
             f"{g(self.resid_se)} (df = {self.df_resid:g})", "Adjusted R^2", g(self.rsquared_adj)],
            ["F statistic", "" if math.isnan(self.fvalue) else
             f"{g(self.fvalue)} (df = {self.df_model:g}; {self.df_resid:g})",
             "Prob (F)", _fmt_p(self.f_pvalue)],
            ["Implied exponent", g(self.exponent), f"{lvl:.0%} interval ({m})",
             f"[{g(elo)}, {g(ehi)}]" if self.degree == 1 else ""],
        ]
        if self.has_year:
            stats.append(["Years worth 10x", g(self.years_worth_10x), "Year origin",
                          f"{self.year_origin:g}"])
        notes = [
            f"Model: {self.form_spec.equation}; x = {self.x_spec.column} in {self.x_unit} "
            f"(the unit changes only the intercept).",
            f"Exponent: {self.form_spec.exponent_meaning}.",
            f"Rows: {self.nobs} ({self.n_imputed} with per-pass computation imputed from parameters)."
            if self.x_spec.column == "flops_per_pass" else f"Rows: {self.nobs}.",
        ]
        if self.n_bootstrap:
            notes.append(f"Pairs bootstrap: {self.n_bootstrap} resamples, seed {self.seed}, "
                         f"{self.n_bootstrap_failed} not identified.")
        notes.extend(f"Note: {n}" for n in self.notes)
        return [Table(self._title(), [head], body, align="lrrrrrr"),
                Table(None, [[("Fit", 1), ("", 1), ("", 1), ("", 1)]], stats, notes, align="lrlr")]

    def __repr__(self) -> str:
        slope = f"{self.slope:.4g}" if math.isfinite(self.slope) else "nan"
        return (f"FitResult(benchmark={self.benchmark!r}, x={self.x!r}, form={self.form!r}, "
                f"estimator={self.estimator!r}, nobs={self.nobs}, slope={slope}, "
                f"r2={self.rsquared:.3f}, exponent={self.exponent:.3g})")


def _fmt_g(digits: int):
    def g(v) -> str:
        v = float(v)
        if math.isnan(v):
            return ""
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return f"{v:.{digits}g}"

    return g


def _fmt_p(p) -> str:
    p = float(p)
    if math.isnan(p):
        return ""
    return "<0.001" if p < 0.001 else f"{p:.3f}"
