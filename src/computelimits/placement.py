"""Your model against the trend: where a new result sits relative to the fitted computation trend.

The paper fits, per benchmark, the error rate against the computation of the models that reached
it (section 3.2, Figures 2b and 3, Tables 1-4). A new model with error ``e`` at computation ``C``
can be read against that line in three ways:

- **residual**: ``y(e) - (a + b log10 C)`` in the fitted form's units (``log10(error)`` for the
  polynomial form); its percentile among the residuals of the dataset the trend was fitted on;
- **predicted error**: the error the trend predicts at ``C``;
- **compute-equivalent gain**: ``C_trend(e) / C``, where ``C_trend(e)`` is the computation at
  which the fitted line reaches ``e``. A gain of 10 means the trend would need ten times this
  model's computation to match its error: the method is worth a tenfold increase in computation
  (the same reading as the paper's "3 years of algorithmic improvement is equivalent to an
  increase in computing power of 10x", section 3.2). Since ``log10 C_trend(e) = (y(e) - a) / b``,
  ``log10(gain) = residual / b``.

The kernel :func:`place_on_trend` works on coefficients (intercept, slope, form, the unit of
computation inside the logarithm), so placements against published coefficients (e.g. Table 1:
``log10(error) = -0.51 - 0.11 log10(GFLOPs)``) need no data; :func:`place` fits the trend on the
bundled dataset (or yours) with :func:`computelimits.fitting.fit` and places the model on it.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning" (arXiv:2007.05558),
section 3.2, section 7, Tables 1-4.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InputError
from .presentation import Presentable, Text
from .units import positive_float

__all__ = ["Placement", "place_on_trend", "place", "place_on_fit", "model_computation"]

_SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Placement(Presentable):
    """A model placed against a fitted trend of error on computation; an immutable value.

    Attributes
    ----------
    benchmark : str or None
    x : str
        ``"per-pass"`` (computation of one forward pass) or ``"burden"`` (hardware burden).
    form : str
        Functional form of the trend (``"polynomial"``: ``log10(error) = a + b log10(C)``).
    label : str
        Name of the placed model.
    error : float
        The model's error rate (fraction).
    flops : float
        The model's computation, FLOPs (per pass or burden, as ``x``).
    year : float or None
        The model's year (used only when the trend has a year term).
    intercept, slope : float
        Trend coefficients ``a`` and ``b`` (``log10`` of computation in ``x_unit``).
    year_coef, year_origin : float
        Year term of the trend (``0`` and ``0`` without one).
    x_unit : str
        Unit of computation inside the logarithm; ``x_scale`` FLOPs per unit.
    orientation : int
        ``+1`` when the form's ``y`` grows with the error, ``-1`` when it falls (``1/error``).
    model_y : float
        ``y`` of the model's error on the form's scale.
    predicted_y, predicted_error : float
        The trend at the model's computation, on the form's scale and as an error rate (may leave
        (0, 1) far outside the data; see :attr:`warnings`).
    residual : float
        ``model_y - predicted_y`` (form's units). ``better_than_trend`` says whether the error is
        below the trend (negative residual for the polynomial and exponential forms).
    percentile : float
        Percentile rank (0-100) of ``residual`` among the reference residuals (mid-rank for
        ties); NaN without reference data.
    share_beaten : float
        Percentage of reference models that sit further on the worse side of the trend than this
        model; NaN without reference data.
    trend_flops : float
        Computation (FLOPs) at which the trend reaches the model's error (``inf`` when beyond
        floating point).
    log10_gain, compute_equivalent_gain : float
        ``log10(trend_flops / flops)`` and the gain itself; NaN when the trend does not fall
        with computation.
    n_reference : int
        Models in the reference data.
    reference_flops, reference_error, reference_model, reference_residual : tuple
        The reference data (for figures and percentiles).
    warnings : tuple of str
        Extrapolations and other caveats; empty when the placement is inside the data.
    """

    benchmark: str | None
    x: str
    form: str
    label: str
    error: float
    flops: float
    year: float | None
    intercept: float
    slope: float
    year_coef: float
    year_origin: float
    x_unit: str
    x_scale: float
    orientation: int
    model_y: float
    predicted_y: float
    predicted_error: float
    residual: float
    percentile: float
    share_beaten: float
    trend_flops: float
    log10_gain: float
    compute_equivalent_gain: float
    better_than_trend: bool
    n_reference: int
    reference_flops: tuple[float, ...] = field(default=(), repr=False)
    reference_error: tuple[float, ...] = field(default=(), repr=False)
    reference_model: tuple[str, ...] = field(default=(), repr=False)
    reference_residual: tuple[float, ...] = field(default=(), repr=False)
    fit_nobs: int | None = None
    fit_rsquared: float = float("nan")
    slope_pvalue: float = float("nan")
    warnings: tuple[str, ...] = ()

    def predict(self, flops, year=None):
        """The trend's error rate at ``flops`` (FLOPs), for drawing the line."""
        from .fitting.forms import get_form

        lx = np.log10(np.asarray(flops, dtype=float) / self.x_scale)
        y = self.intercept + self.slope * lx
        if self.year_coef:
            yr = self.year if year is None else year
            y = y + self.year_coef * (np.asarray(yr, dtype=float) - self.year_origin)
        return get_form(self.form).inverse(y)

    def to_dict(self, reference: bool = False) -> dict[str, Any]:
        """Plain dict (the CLI's ``--json``); the reference data only when ``reference``."""
        keys = ("benchmark", "x", "form", "label", "error", "flops", "year", "predicted_error",
                "residual", "percentile", "share_beaten", "compute_equivalent_gain", "log10_gain",
                "trend_flops", "better_than_trend", "model_y", "predicted_y", "intercept", "slope",
                "year_coef", "year_origin", "x_unit", "x_scale", "orientation", "n_reference",
                "fit_nobs", "fit_rsquared", "slope_pvalue")
        d = {k: getattr(self, k) for k in keys}
        d["warnings"] = list(self.warnings)
        if reference:
            d["reference"] = [dict(model=m, flops=f, error=e, residual=r) for m, f, e, r in zip(
                self.reference_model, self.reference_flops, self.reference_error,
                self.reference_residual, strict=True)]
        return d

    def to_frame(self):
        """One-row :class:`pandas.DataFrame` of :meth:`to_dict` (without the reference data)."""
        import pandas as pd

        d = self.to_dict()
        d["warnings"] = "; ".join(self.warnings)
        return pd.DataFrame([d])

    def _summary_blocks(self) -> list[Text]:
        """The reading of the placement, line by line."""
        from .fitting.forms import get_x
        from .units import from_flops

        g = lambda v: f"{from_flops(v, 'gflop'):.4g} GFLOP"  # noqa: E731
        what = "computation per pass" if self.x == "per-pass" else get_x(self.x).measure_text
        side = "below (better than)" if self.better_than_trend else "above (worse than)"
        lines = [
            f"{self.label} on {self.benchmark or 'the data'}: error {self.error:.4g} at "
            f"{g(self.flops)} ({what})",
            f"  trend ({self.form}): a = {self.intercept:.4g}, b = {self.slope:.4g} "
            f"(log10 of {self.x_unit})" + (f", year {self.year_coef:.4g}" if self.year_coef else ""),
            f"  trend predicts error {self.predicted_error:.4g} at this computation; the model is "
            f"{side} the trend (residual {self.residual:+.4g})",
        ]
        if self.n_reference:
            lines.append(f"  residual percentile {self.percentile:.1f} among {self.n_reference} "
                         f"models; better than {self.share_beaten:.1f}% of them relative to the "
                         f"trend")
        if math.isfinite(self.log10_gain):
            lines.append(f"  compute-equivalent gain {_fmt_gain(self.log10_gain)}: the trend "
                         f"needs {_fmt_flops(self.trend_flops, self.log10_gain, self.flops)} to "
                         f"reach this error")
        else:
            lines.append("  compute-equivalent gain undefined (the trend does not fall with "
                         "computation)")
        lines.extend(f"  warning: {w}" for w in self.warnings)
        return [Text(lines)]


def _fmt_gain(lg: float) -> str:
    return f"{10 ** lg:.3g}x" if abs(lg) < 300 else f"10^{lg:.4g}x"


def _fmt_flops(trend: float, lg: float, flops: float) -> str:
    if math.isfinite(trend):
        return f"{trend / 1e9:.4g} GFLOP"
    return f"10^{lg + math.log10(flops) - 9:.4g} GFLOP"



def _percentile_rank(values: np.ndarray, v: float) -> float:
    if values.size == 0:
        return float("nan")
    below = np.sum(values < v)
    ties = np.sum(values == v)
    return float(100.0 * (below + 0.5 * ties) / values.size)


def place_on_trend(error: float, flops: float, *, intercept: float, slope: float,
                   form: str = "polynomial", x_unit: str = "GFLOP", year: float | None = None,
                   year_coef: float = 0.0, year_origin: float = 0.0,
                   reference_flops: Sequence[float] | None = None,
                   reference_error: Sequence[float] | None = None,
                   reference_year: Sequence[float] | None = None,
                   reference_model: Sequence[str] | None = None,
                   benchmark: str | None = None, x: str = "per-pass", label: str = "your model",
                   slope_pvalue: float = float("nan"), fit_nobs: int | None = None,
                   fit_rsquared: float = float("nan")) -> Placement:
    """Place a model with ``error`` at computation ``flops`` against ``y = a + b log10(C)``.

    The kernel of :func:`place`: everything is computed from the coefficients given.

    Parameters
    ----------
    error : float
        The model's error rate, a fraction in (0, 1).
    flops : float
        The model's computation in FLOPs (per forward pass on one example, or hardware burden,
        matching the trend).
    intercept, slope : float
        Trend coefficients; ``log10`` of computation measured in ``x_unit``.
    form : str
        Functional form (registry :data:`computelimits.fitting.FORMS`).
    x_unit : str
        Unit of computation inside the logarithm (the paper's tables: ``"GFLOP"``); any unit of
        :data:`computelimits.units.COMPUTE_UNITS`.
    year, year_coef, year_origin : float, optional
        For a trend with a year term ``+ g (year - origin)``: the model's year and the term.
    reference_flops, reference_error, reference_year, reference_model : sequence, optional
        The models the trend was fitted on, for the residual percentile (and the figure).
    benchmark, x, label : str
        Descriptions carried into the result.
    slope_pvalue, fit_nobs, fit_rsquared : optional
        Fit statistics carried into the result (a non-significant slope adds a warning).

    Returns
    -------
    Placement

    Examples
    --------
    Table 1 (column 2) of the paper: ``log10(error) = -0.51 - 0.11 log10(GFLOPs)``. A model with
    20 % error at 10 GFLOPs per pass sits below the trend, which needs about 5.2x its
    computation to reach 20 %:

    >>> p = place_on_trend(0.20, 10e9, intercept=-0.51, slope=-0.11)
    >>> round(p.predicted_error, 4), round(p.compute_equivalent_gain, 3)
    (0.2399, 5.223)
    """
    from .fitting.forms import get_form
    from .units import to_flops

    spec = get_form(form)
    e = float(error)
    if not (math.isfinite(e) and 0 < e < 1):
        raise InputError(f"error must be a fraction in (0, 1), got {error!r} "
                         "(give accuracy-type metrics as a metric value, not an error)")
    c = positive_float(flops, "flops")
    a, b = float(intercept), float(slope)
    if not (math.isfinite(a) and math.isfinite(b)):
        raise InputError("trend coefficients must be finite numbers")
    scale = float(to_flops(1.0, x_unit))
    g = float(year_coef or 0.0)
    if g != 0.0 and year is None:
        raise InputError("this trend has a year term; give the model's year")
    yr_term = g * (float(year) - float(year_origin)) if g != 0.0 else 0.0

    model_y = float(spec.transform(e))
    lx = math.log10(c / scale)
    pred_y = a + b * lx + yr_term
    pred_err = float(spec.inverse(pred_y))
    resid = model_y - pred_y
    better = spec.orientation * resid < 0
    warns: list[str] = []

    helps = b * spec.orientation < 0  # the trend's error falls as computation grows
    if helps:
        log10_gain = resid / b
        log10_trend = log10_gain + math.log10(c)
        trend = 10.0 ** log10_trend if log10_trend < 308 else float("inf")
        gain = 10.0 ** log10_gain if log10_gain < 308 else float("inf")
    else:
        log10_gain = log10_trend = trend = gain = float("nan")
        warns.append(f"the trend's slope ({b:.4g}) does not make the error fall as computation "
                     "grows: no compute-equivalent gain")
    if math.isfinite(slope_pvalue) and slope_pvalue > _SIGNIFICANCE:
        warns.append(f"the trend's slope is not significant (p = {slope_pvalue:.3g}): the "
                     "placement reads a line the data barely support")
    if not (0 < pred_err < 1) or not math.isfinite(pred_err):
        warns.append(f"the trend predicts an error of {pred_err:.4g} at this computation, "
                     "outside (0, 1): far outside the data")

    ref_f = np.asarray(reference_flops if reference_flops is not None else [], dtype=float)
    ref_e = np.asarray(reference_error if reference_error is not None else [], dtype=float)
    if ref_f.shape != ref_e.shape:
        raise InputError("reference_flops and reference_error must have the same length")
    keep = np.isfinite(ref_f) & (ref_f > 0) & np.isfinite(ref_e) & (ref_e > 0) & (ref_e < 1)
    ref_y_year = np.zeros(ref_f.shape)
    if g != 0.0 and ref_f.size:
        if reference_year is None:
            raise InputError("this trend has a year term; give reference_year too")
        ry = np.asarray(reference_year, dtype=float)
        keep &= np.isfinite(ry)
        ref_y_year = g * (ry - float(year_origin))
    models = (list(reference_model) if reference_model is not None
              else [f"model {i + 1}" for i in range(ref_f.size)])
    if len(models) != ref_f.size:
        raise InputError("reference_model must have one name per reference point")
    ref_f, ref_e, ref_y_year = ref_f[keep], ref_e[keep], ref_y_year[keep]
    models = [m for m, k in zip(models, keep, strict=True) if k]
    ref_resid = (np.asarray(spec.transform(ref_e), dtype=float)
                 - (a + b * np.log10(ref_f / scale) + ref_y_year)) if ref_f.size else np.array([])
    pct = _percentile_rank(ref_resid, resid)
    beaten = (float(100.0 * np.mean(spec.orientation * ref_resid > spec.orientation * resid))
              if ref_resid.size else float("nan"))

    if ref_f.size:
        lo, hi = float(ref_f.min()), float(ref_f.max())
        if c < lo or c > hi:
            warns.append(f"the model's computation ({c:.3g} FLOPs) is outside the data "
                         f"({lo:.3g} to {hi:.3g}): the trend is extrapolated")
        if helps and math.isfinite(log10_trend) and not (
                math.log10(lo) <= log10_trend <= math.log10(hi)):
            warns.append(f"the trend reaches this error only at 10^{log10_trend:.3g} FLOPs, "
                         "outside the data: the compute-equivalent gain is an extrapolation")
        if ref_f.size < 3:
            warns.append(f"only {ref_f.size} reference models: the percentile means little")

    return Placement(
        benchmark=benchmark, x=x, form=spec.name, label=label, error=e, flops=c,
        year=None if year is None else float(year), intercept=a, slope=b, year_coef=g,
        year_origin=float(year_origin), x_unit=x_unit, x_scale=scale,
        orientation=int(spec.orientation), model_y=model_y, predicted_y=pred_y,
        predicted_error=pred_err, residual=resid, percentile=pct, share_beaten=beaten,
        trend_flops=trend, log10_gain=log10_gain, compute_equivalent_gain=gain,
        better_than_trend=bool(better), n_reference=int(ref_f.size),
        reference_flops=tuple(map(float, ref_f)), reference_error=tuple(map(float, ref_e)),
        reference_model=tuple(map(str, models)), reference_residual=tuple(map(float, ref_resid)),
        fit_nobs=fit_nobs, fit_rsquared=float(fit_rsquared), slope_pvalue=float(slope_pvalue),
        warnings=tuple(warns),
    )


def place_on_fit(result, error: float, flops: float, *, year: float | None = None,
                 label: str = "your model") -> Placement:
    """Place a model against a :class:`~computelimits.fitting.FitResult` (degree 1).

    The reference data are the rows the fit used, so the percentile is among the models that
    define the trend.
    """
    if getattr(result, "degree", 1) != 1:
        raise InputError("placement needs a straight-line trend (degree 1)")
    if result.has_year and year is None:
        raise InputError("this fit has a year trend; give the model's year")
    d = result.data
    params = result.params
    return place_on_trend(
        error, flops, intercept=float(params["const"]), slope=float(params["log10_x"]),
        form=result.form, x_unit=result.x_unit, year=year,
        year_coef=float(params["year"]) if result.has_year else 0.0,
        year_origin=float(result.year_origin) if result.has_year else 0.0,
        reference_flops=d["x_value"].to_numpy(float), reference_error=d["error"].to_numpy(float),
        reference_year=d["year"].to_numpy(float) if "year" in d else None,
        reference_model=d["model"].astype(str).tolist() if "model" in d else None,
        benchmark=result.benchmark, x=result.x, label=label,
        slope_pvalue=float(result.slope_pvalue), fit_nobs=int(result.nobs),
        fit_rsquared=float(result.rsquared),
    )


def model_computation(*, flops: float | None = None, flops_unit: str = "FLOP",
                      model: str | None = None, input_shape: Sequence | None = None,
                      dtype: str = "float32", hardware: str | None = None,
                      count: float | None = None, hours: float | None = None,
                      days: float | None = None, x: str | None = None) -> tuple[float, str]:
    """A model's computation in FLOPs from exactly one source, and the x variable it measures.

    Parameters
    ----------
    flops, flops_unit :
        A number in ``flops_unit`` (``"FLOP"``, ``"GFLOP"``, ``"GMAC"`` ...): per forward pass
        (``x="per-pass"``, the default) or a hardware burden (``x="burden"``).
    model, input_shape, dtype :
        ``"file.py:factory"`` counted with PyTorch (:func:`computelimits.flops.count_flops`) on
        inputs of ``input_shape`` (shapes or ``"1,3,224,224"`` strings, batch first): FLOPs per
        forward pass of one example (``x="per-pass"``).
    hardware, count, hours, days :
        A training run: its hardware burden, chips x peak FP32 rate x time (``x="burden"``).
    x : {"per-pass", "burden"}, optional
        Must agree with the source when given.

    Returns
    -------
    (float, str)
        FLOPs and ``"per-pass"`` or ``"burden"``.

    Examples
    --------
    >>> flops, x = model_computation(flops=4.1, flops_unit="GMAC")
    >>> print(f"{flops / 1e9:.4g} GFLOP", x)
    8.2 GFLOP per-pass
    """
    given = [name for name, v in (("flops", flops), ("model", model), ("hardware", hardware))
             if v is not None]
    if len(given) != 1:
        raise InputError("give the computation once: flops, model (per pass) or hardware with "
                         "count and a time (burden)")
    if hardware is not None:
        if x not in (None, "burden"):
            raise InputError("a training run on hardware gives a hardware burden, not per-pass "
                             "computation: use x = burden (or leave x out)")
        if count is None:
            raise InputError("count is required with hardware")
        from .burden import burden_detail

        return float(burden_detail(hardware, count, hours=hours, days=days).burden_flops), "burden"
    if model is not None:
        if x not in (None, "per-pass"):
            raise InputError("a counted model gives FLOPs per pass: use x = per-pass (or leave x "
                             "out)")
        if not input_shape:
            raise InputError("input_shape is required with a model (e.g. 1,3,224,224; one per "
                             "positional input)")
        from .flops import count_flops, parse_shape
        from .model_loader import load_model

        shapes = [parse_shape(s) if isinstance(s, str) else tuple(s) for s in input_shape]
        fc = count_flops(load_model(model), input_shape=shapes, input_dtype=dtype, mode="eval",
                         backward=False)
        return float(fc.forward_flops_per_example), "per-pass"
    from .units import to_flops

    c = to_flops(positive_float(flops, "flops"), flops_unit)
    return positive_float(c, "flops"), (x or "per-pass")


def place(benchmark: str | None, error: float | None = None, flops: float | None = None, *,
          metric_value: float | None = None, x: str = "per-pass", data=None,
          form: str = "polynomial", quantile: float | None = None, year: float | None = None,
          include_imputed: bool = True, robust: bool = False, result=None,
          intercept: float | None = None, slope: float | None = None, x_unit: str = "GFLOP",
          label: str = "your model", include_extra_data: bool = True) -> Placement:
    """Where a model sits against the fitted computation trend of a benchmark.

    Parameters
    ----------
    benchmark : str or None
        Benchmark id or alias (``"imagenet"``, ``"SQuAD 1.1"``...); may be ``None`` only with
        ``intercept``/``slope`` and an ``error``.
    error : float, optional
        The model's error rate in (0, 1). Or give ``metric_value``.
    flops : float
        The model's computation in FLOPs: per forward pass on one example (``x="per-pass"``,
        e.g. :attr:`computelimits.flops.FlopCount.forward_flops_per_example`) or the hardware
        burden of its training (``x="burden"``: chips x peak FP32 FLOP/s x seconds); see
        :func:`model_computation`.
    metric_value : float, optional
        The model's score on the benchmark's metric scale (e.g. 80.1 for 80.1 % top-1), turned
        into an error by the benchmark's rule.
    x : {"per-pass", "burden"}
    data : DataFrame or path, optional
        Records to fit the trend on (the bundled dataset when omitted).
    form : str
        Functional form of the trend (``"polynomial"``, the paper's main form, ``"exponential"``,
        the paper's ``1/error`` model, ``"error-linear"``...).
    quantile : float, optional
        Fit a quantile regression (e.g. 0.1, the frontier of Figure 8) instead of the mean.
    year : float, optional
        The model's year; enables a year term in the trend (Table 2) when given.
    include_imputed, robust, include_extra_data :
        Passed to :func:`computelimits.fitting.fit` (``include_extra_data=False`` leaves out models
        trained on data beyond the benchmark's, e.g. JFT-300M).
    result : FitResult, optional
        An existing fit to place against (the other fitting options are then ignored).
    intercept, slope, x_unit :
        Place against given coefficients (e.g. the paper's Table 1: ``-0.51``, ``-0.11``,
        ``"GFLOP"``) instead of a fit; no reference models then.
    label : str
        Name of the model in the result and the figure.

    Returns
    -------
    Placement

    Raises
    ------
    InputError
        Bad error / metric / computation, or a fit that cannot be made.
    """
    from .benchmarks import metric_to_error, resolve_benchmark

    coefficients = intercept is not None or slope is not None
    if benchmark is None and not coefficients:
        raise InputError("a benchmark is required (e.g. benchmark='imagenet')")
    bench = resolve_benchmark(benchmark) if benchmark is not None else None
    if (error is None) == (metric_value is None):
        raise InputError("give exactly one of error (a fraction) or metric_value")
    if error is None:
        if bench is None:
            raise InputError("a metric value needs the benchmark to turn it into an error")
        error = float(metric_to_error(bench, float(metric_value)))
    if flops is None:
        raise InputError("give the model's computation (flops)")
    flops = positive_float(flops, "flops")
    if year is not None:
        from .rules import check_year

        year = check_year(year)  # the years records may carry (a trend says nothing of 1800)
    if coefficients:
        from .fitting.forms import get_x

        if intercept is None or slope is None:
            raise InputError("give both intercept and slope")
        if data is not None or quantile is not None or result is not None:
            raise InputError("intercept/slope place against given coefficients; drop data, "
                             "quantile and result")
        return place_on_trend(float(error), flops, intercept=float(intercept), slope=float(slope),
                              form=form, x_unit=x_unit, benchmark=bench, x=get_x(x).name,
                              label=label)
    if result is None:
        from .fitting import fit

        result = fit(data, benchmark=bench, x=x, form=form, quantile=quantile,
                     year=year is not None, include_imputed=include_imputed, robust=robust,
                     include_extra_data=include_extra_data)
    return place_on_fit(result, float(error), flops, year=year, label=label)
