"""Figures of the scaling analysis: fits of error on computation, and compute growth over time.

Every function takes computed results (:class:`~computelimits.fitting.FitResult`,
:class:`~computelimits.fitting.ImputationModel`, tables of trends), draws on ``ax`` (a new figure
when omitted) and returns the axes; matplotlib is imported inside the functions.

========================  =============================================================
:func:`plot_fit`          one fit: points, fitted curve, confidence band, equation
:func:`plot_figure2a`     training compute of models over time vs peak hardware (2025 data)
:func:`plot_figure2b`     ImageNet error vs computation per pass, relative to AlexNet
:func:`plot_figure3`      hardware burden per benchmark, polynomial fits (grid)
:func:`plot_figure7`      params-to-GFLOPs imputation regression
:func:`plot_figure8`      conditional mean vs quantile (10 %) regression
:func:`plot_figure9`      alternative polynomial specifications and their R^2 (grid)
:func:`plot_figure10`     hardware burden per benchmark, exponential fits (grid)
========================  =============================================================

References
----------
Thompson et al., "The Computational Limits of Deep Learning", Figures 2, 3, 7, 8, 9, 10.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from ..benchmarks import benchmark_display_name
from ._style import corner_text, exclude_from_autoscale, log_axis

__all__ = [
    "plot_fit",
    "plot_fit_grid",
    "plot_figure2a",
    "plot_figure2b",
    "plot_figure3",
    "plot_figure7",
    "plot_figure8",
    "plot_figure9",
    "plot_figure10",
]

_X_LABELS = {
    "per-pass": "Computation per network pass ({unit})",
    "burden": "Hardware burden ({unit})",
}


def _axes(ax):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    return ax


def _grid_axes(n: int, axes, ncols: int):
    import matplotlib.pyplot as plt

    if axes is not None:
        flat = np.ravel(np.asarray(axes, dtype=object))
        if len(flat) < n:
            from ..errors import InputError

            raise InputError(f"{n} panels need {n} axes; got {len(flat)}")
        return flat[:n]
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    # panels sized so that a 3-column grid shows about 1:1 at a report's column width
    fig, ax = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 3.0 * nrows), squeeze=False)
    flat = ax.ravel()
    for extra in flat[n:]:
        extra.set_visible(False)
    fig.set_layout_engine("constrained")
    return flat[:n]


def _percent_axis(ax, log: bool) -> None:
    """Error axis in percent (the paper's figures read error rates in %)."""
    from ._style import percent_axis

    percent_axis(ax, log=log)


def _line_year(result):
    return float(np.median(result.data["year"])) if result.has_year else None


_SUPERSCRIPT = {2: "²", 3: "³"}
_MINUS = "\u2212"


def _num(v: float) -> str:
    """A coefficient with 3 significant digits and a true minus sign."""
    return f"{v:.3g}".replace("-", _MINUS)


def _equation(result) -> str:
    """The fitted equation in a few short lines: the equation with x = log10(computation) (and
    t = year), then what x and t are, then R^2 and n."""
    p = result.params
    resp = {"polynomial": "log10(error)", "exponential": "1/error", "error-linear": "error",
            "polynomial-odds": "log10(error/(1" + _MINUS + "error))"}.get(result.form, result.form)
    terms = []
    uses_year = False
    for name in result.names[1:]:
        v = p[name]
        if name == "log10_x":
            lab = "x"
        elif name.startswith("log10_x_"):
            k = int(name.rsplit("_", 1)[1])
            lab = "x" + _SUPERSCRIPT.get(k, f"^{k}")
        else:
            lab, uses_year = "t", True
        sign = _MINUS if v < 0 else "+"
        terms.append(f"{sign} {_num(abs(v))}{lab}")
    head = f"{resp} = {_num(p['const'])}"
    lines = [" ".join([head] + terms[:2])]
    for i in range(2, len(terms), 3):
        lines.append("      " + " ".join(terms[i:i + 3]))
    unit = result.x_unit
    defs = f"x = log10({unit}s)"
    if uses_year:
        defs += ", t = year" + ("" if result.year_origin == 0 else
                                f" {_MINUS} {result.year_origin:g}")
    r2 = result.estimator_spec.r2_symbol
    lines.append(defs)
    lines.append(f"{r2} = {result.rsquared:.2f}, n = {result.nobs}")
    return "\n".join(lines)


def _band_keep(err, line, lo, hi, log: bool):
    """The band clipped to a quarter of the data's (and line's) span beyond them, on the axis'
    scale: the part of the band the axis limits should include."""
    vals = np.concatenate([np.asarray(err, float), np.asarray(line, float)])
    vals = vals[np.isfinite(vals) & ((vals > 0) if log else True)]
    if not vals.size:
        return None
    f = np.log10 if log else (lambda v: np.asarray(v, float))
    g = (lambda v: 10.0 ** v) if log else (lambda v: v)
    a, b = float(np.min(f(vals))), float(np.max(f(vals)))
    span = max(b - a, 1e-3 if log else 1e-3 * max(abs(a), abs(b), 1e-9))
    lo_c = g(np.clip(f(lo), a - 0.25 * span, b + 0.25 * span))
    hi_c = g(np.clip(f(hi), a - 0.25 * span, b + 0.25 * span))
    return np.r_[lo_c, hi_c]


def plot_fit(result, ax=None, *, normalize_to: float | None = None, show_ci: bool = True,
             level: float | None = None, show_equation: bool = True, label_points: bool = False,
             color: str = "C0", point_color: str = "0.35", label: str | None = None,
             scatter: bool = True, title: str | None = None, point_labels=None,
             equation_group: list | None = None):
    """Draw one fit: the rows used, the fitted curve on the error scale and its confidence band.

    Parameters
    ----------
    result : FitResult
    ax : matplotlib.axes.Axes, optional
    normalize_to : float, optional
        Divide computation by this many FLOPs (e.g. AlexNet's, Figure 2b); default: show it in
        the fit's ``x_unit``.
    show_ci : bool
        Shade the pointwise confidence band of the fitted line (analytic, at ``level``).
    level : float, optional
        Confidence level of the band (default: the fit's).
    show_equation : bool
        Write the fitted equation (x = log10 of computation), R^2 and n in a small box, in the
        corner that hides the fewest points (chosen when the figure is drawn).
    label_points : bool
        Write model names beside the points.
    color, point_color : str
    label : str, optional
        Legend label of the curve.
    scatter : bool
        Draw the points (turn off to overlay a second curve).
    title : str, optional
    equation_group : list, optional
        Panels sharing this list put their equation boxes in the same corner
        (:func:`~computelimits.plotting._style.corner_text`); :func:`plot_fit_grid` passes one.
    point_labels : sequence of str or callable, optional
        One tooltip per row of ``result.data`` (model, year, value, source), or a function of the
        result returning them; shown on hover in SVG output
        (:func:`computelimits.plotting.hover.svg_with_titles`). Default: model, year, error and
        computation (:func:`~computelimits.plotting.hover.fit_point_labels`).

    Returns
    -------
    matplotlib.axes.Axes
        The x axis is log-scaled; the error axis is log-scaled for log-error forms, in percent.
        The confidence band is drawn in full but the axis limits follow it only a quarter of the
        data's span beyond the data and the line.
    """
    ax = _axes(ax)
    d = result.data
    scale = float(normalize_to) if normalize_to else result.x_scale
    xs = d["x_value"].to_numpy() / scale
    if scatter:
        from .hover import fit_point_labels, tag_points

        if point_labels is None:
            tips = fit_point_labels(result)
        else:
            tips = list(point_labels(result) if callable(point_labels) else point_labels)
        imputed = d["flops_imputed"].to_numpy(bool)
        pts = ax.scatter(xs[~imputed], d["error"].to_numpy()[~imputed], s=18, color=point_color,
                         alpha=0.8, label="models", zorder=3)
        tag_points(pts, [t for t, i in zip(tips, imputed, strict=True) if not i])
        if imputed.any():
            pts = ax.scatter(xs[imputed], d["error"].to_numpy()[imputed], s=18,
                             facecolors="none", edgecolors=point_color,
                             label="computation imputed from parameters", zorder=3)
            tag_points(pts, [t for t, i in zip(tips, imputed, strict=True) if i])
        if label_points:
            for xv, ev, m in zip(xs, d["error"], d["model"], strict=True):
                ax.annotate(str(m), (xv, ev), fontsize=6, xytext=(3, 2), textcoords="offset points")
    lo, hi = np.log10(d["x_value"].min()), np.log10(d["x_value"].max())
    pad = 0.05 * max(hi - lo, 0.1)
    grid = np.logspace(lo - pad, hi + pad, 200)
    year = _line_year(result)
    ev = result.predict(grid, year)
    ok = np.isfinite(ev) & (ev > 0)
    if label is not None:
        lab = label
    else:
        lab = result.estimator_spec.describe("line", quantile=result.quantile)
    if year is not None:
        lab += f" (at year {year:.1f})"
    ax.plot(grid[ok] / scale, ev[ok], color=color, lw=1.8, label=lab, zorder=4)
    log_y = result.form_spec.y_scale == "log"
    if show_ci and np.all(np.isfinite(result.bse.to_numpy())):
        blo, bhi = result.confidence_band(grid, year, level=level)
        good = ok & np.isfinite(blo) & np.isfinite(bhi) & (blo > 0)
        # the band may widen far beyond the data (a 1/error band reaches error 100 %): draw it
        # in full, but let the axis follow it only a quarter of the data's span beyond the data
        gx = grid[good] / scale
        keep = _band_keep(d["error"].to_numpy(float), ev[ok], blo[good], bhi[good], log_y)
        exclude_from_autoscale(
            ax, lambda: ax.fill_between(gx, blo[good], bhi[good], color=color, alpha=0.15, lw=0,
                                        zorder=2),
            keep=np.column_stack([np.r_[gx, gx], keep]) if keep is not None else None)
    ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    log_axis(ax.xaxis)
    _percent_axis(ax, log_y)
    unit = "relative to reference" if normalize_to else f"{result.x_unit}s"
    ax.set_xlabel(_X_LABELS.get(result.x, "{unit}").format(unit=unit))
    ax.set_ylabel("Error rate")
    if show_equation:
        corner_text(ax, _equation(result), fontsize=7.5, group=equation_group)
    if title is not None:
        ax.set_title(title)
    return ax


def plot_fit_grid(results, axes=None, *, ncols: int = 3, titles: Sequence[str] | None = None,
                  **kwargs):
    """One :func:`plot_fit` panel per result; returns the array of axes used.

    Parameters
    ----------
    results : sequence of FitResult, or mapping title -> FitResult
    axes : array of Axes, optional
        At least one per result; a new figure when omitted.
    ncols : int
        Columns of a new figure.
    titles : sequence of str, optional
        Panel titles (default: the mapping's keys or the benchmarks' names).
    """
    if isinstance(results, Mapping):
        titles = list(results) if titles is None else titles
        results = list(results.values())
    results = list(results)
    if not results:
        from ..errors import InputError

        raise InputError("no fits to plot")
    titles = [benchmark_display_name(r.benchmark) for r in results] if titles is None else list(titles)
    flat = _grid_axes(len(results), axes, ncols)
    kwargs.setdefault("equation_group", [])  # equation boxes in the same corner of every panel
    for ax, r, t in zip(flat, results, titles, strict=True):
        plot_fit(r, ax, title=t, **kwargs)
    return flat


def plot_figure2b(result, ax=None, *, reference_model: str | None = "AlexNet",
                  reference_flops: float | None = None, **kwargs):
    """Figure 2b: error vs computation per network pass, normalised to AlexNet (log-log).

    Parameters
    ----------
    result : FitResult
        A per-pass fit (ImageNet in the paper).
    reference_model : str or None
        Model whose per-pass computation is 1 on the x axis: its row among the rows used
        (matched case-insensitively), unless ``reference_flops`` is given. ``None`` (and no
        ``reference_flops``) plots GFLOPs.
    reference_flops : float, optional
        Per-pass computation (FLOPs) of ``reference_model``, for when that model is not among the
        rows of the fit (e.g. its per-pass computation is not in the data).

    Raises
    ------
    InputError
        A burden fit, or no row named ``reference_model`` and no ``reference_flops``.
    """
    from ..errors import InputError

    if result.x != "per-pass":
        raise InputError("Figure 2b plots computation per network pass; fit with x='per-pass'")
    norm = None
    if reference_flops is not None:
        norm = float(reference_flops)
        if not (math.isfinite(norm) and norm > 0):
            raise InputError(f"reference_flops must be a number of FLOPs > 0; got {reference_flops!r}")
    elif reference_model is not None:
        d = result.data
        hit = d[d["model"].astype(str).str.lower() == str(reference_model).lower()]
        if hit.empty:
            raise InputError(f"no model named '{reference_model}' among the {result.nobs} rows of "
                             "the fit; give reference_flops=..., or reference_model=None to plot "
                             "GFLOPs")
        norm = float(hit["x_value"].iloc[0])
    kwargs.setdefault("title", f"{benchmark_display_name(result.benchmark)}: error vs computation per pass")
    ax = plot_fit(result, ax, normalize_to=norm, **kwargs)
    if norm is not None:
        ax.set_xlabel(f"Computation per network pass (relative to {reference_model or 'reference'})")
    return ax


def plot_figure3(results, axes=None, **kwargs):
    """Figure 3: error vs hardware burden per benchmark, polynomial fits (one panel each)."""
    return plot_fit_grid(results, axes, **kwargs)


def plot_figure10(results, axes=None, **kwargs):
    """Figure 10: error vs hardware burden per benchmark, exponential fits (one panel each)."""
    return plot_fit_grid(results, axes, **kwargs)


def plot_figure7(model, ax=None, *, imputed=None, color: str = "C0", point_color: str = "0.35"):
    """Figure 7: computation per pass (GFLOPs) against parameters, with the imputation line.

    Parameters
    ----------
    model : ImputationModel
        From :func:`computelimits.fitting.fit_imputation`.
    imputed : pandas.DataFrame, optional
        Records after :func:`~computelimits.fitting.impute_flops_from_params`; rows flagged
        ``flops_imputed`` are drawn as open markers on the line.
    """
    ax = _axes(ax)
    d = model.data
    from .hover import tag_points

    pts = ax.scatter(d["params"], d["flops_per_pass"] / model.flops_scale, s=18,
                     color=point_color, label=f"models with both reported (n = {model.nobs})",
                     zorder=3)
    tag_points(pts, [f"{m}: {p:.3g} parameters, {f / model.flops_scale:.3g} {model.flops_unit}s "
                     "per pass" for m, p, f in zip(d["model"], d["params"], d["flops_per_pass"],
                                                   strict=True)])
    lo, hi = np.log10(d["params"].min()), np.log10(d["params"].max())
    grid = np.logspace(lo - 0.1, hi + 0.1, 100)
    ax.plot(grid, model.predict_flops(grid) / model.flops_scale, color=color, lw=1.8,
            label=f"log10({model.flops_unit}) = {model.intercept:.3g} + {model.slope:.3g} log10(params)"
                  f", R² = {model.rsquared:.2f}", zorder=4)
    if imputed is not None and "flops_imputed" in imputed:
        flag = imputed["flops_imputed"].astype(bool)
        if flag.any():
            ax.scatter(imputed.loc[flag, "params"].astype(float),
                       imputed.loc[flag, "flops_per_pass"].astype(float) / model.flops_scale,
                       s=22, facecolors="none", edgecolors=color, label="imputed", zorder=5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("Network size (parameters)")
    ax.set_ylabel(f"Computation per network pass ({model.flops_unit}s)")
    ax.set_title("Conversion regression: parameters to computation per pass")
    ax.legend(fontsize=7, loc="upper left")
    return ax


def plot_figure8(mean_result, quantile_results, ax=None, **kwargs):
    """Figure 8: the conditional-mean fit and quantile fit(s) (10 % in the paper) on one axes.

    Parameters
    ----------
    mean_result : FitResult
        Least-squares fit.
    quantile_results : FitResult or sequence of FitResult
        Quantile fits on the same rows.
    """
    qs = [quantile_results] if not isinstance(quantile_results, (list, tuple)) else list(quantile_results)
    ax = plot_fit(mean_result, ax, label=f"conditional mean (exponent {mean_result.exponent:.2f})",
                  show_equation=False, **kwargs)
    for i, q in enumerate(qs, start=1):
        plot_fit(q, ax, scatter=False, show_ci=False, show_equation=False, color=f"C{i}",
                 label=f"{q.quantile:.0%} quantile (exponent {q.exponent:.2f})")
    ax.legend(fontsize=7, loc="upper right")
    ax.set_title("Conditional mean vs quantile regression")
    return ax


def plot_figure9(results, axes=None, *, ncols: int = 2, **kwargs):
    """Figure 9: alternative polynomial specifications, one panel each with its R^2.

    Parameters
    ----------
    results : mapping name -> FitResult
        From :func:`computelimits.fitting.fit_specifications`.
    """
    if not isinstance(results, Mapping):
        results = {r.form + (f" (degree {r.degree})" if r.degree > 1 else ""): r for r in results}
    titles = [f"{name}: R² = {r.rsquared:.2f}" for name, r in results.items()]
    return plot_fit_grid(list(results.values()), axes, ncols=ncols, titles=titles, **kwargs)


def plot_figure2a(training, hardware=None, ax=None, *, break_year: float = 2012.0,
                  compute_color: str = "C0", hardware_color: str = "C3", fit: bool = True):
    """Figure 2a redone: training compute of models over time against peak hardware performance.

    The hardware series is drawn on a second y axis spanning the same number of decades, shifted
    so that both trends meet at ``break_year``: equal slopes mean computation grew as fast as
    hardware.

    Parameters
    ----------
    training : pandas.DataFrame
        ``year`` and ``training_compute_flops`` (from
        :func:`computelimits.fitting.load_epoch_training_compute`).
    hardware : pandas.DataFrame, optional
        ``year`` and ``peak_flops`` (FLOP/s per chip), e.g.
        :func:`computelimits.fitting.hardware_peak_frontier`; not drawn when omitted.
    ax : Axes, optional
    break_year : float
        Growth trends are fitted separately before and after this year (the paper's turning
        point: AlexNet, 2012).
    fit : bool
        Draw the fitted growth trends, labelled with their factor per year.

    Returns
    -------
    matplotlib.axes.Axes
        The compute axes; the hardware axes is ``ax.right_ax`` when drawn.
    """
    from ..errors import InputError
    from ..fitting.trends import fit_growth

    for c in ("year", "training_compute_flops"):
        if c not in training:
            raise InputError(f"training compute table needs a '{c}' column")
    ax = _axes(ax)
    yr = training["year"].to_numpy(float)
    fl = training["training_compute_flops"].to_numpy(float)
    pts = ax.scatter(yr, fl, s=8, color=compute_color, alpha=0.45,
                     label="models (training compute)", zorder=3)
    if "model" in training:
        from .hover import tag_points

        org = training["organization"] if "organization" in training else [""] * len(training)
        tag_points(pts, [f"{m} ({o + ', ' if isinstance(o, str) and o else ''}{int(y)}): "
                         f"{v:.3g} FLOP training compute; source: Epoch AI"
                         for m, o, y, v in zip(training["model"], org, yr, fl, strict=True)])
    ax.set_yscale("log")
    trends = {}
    if fit:
        for name, (a, b) in {"before": (None, break_year), "after": (break_year, None)}.items():
            try:
                t = fit_growth(yr, fl, quantity="training compute (FLOP)", start=a, end=b)
            except InputError:
                continue
            trends[name] = t
            g = np.linspace(t.start, t.end, 50)
            ax.plot(g, t.predict(g), color=compute_color, lw=2,
                    label=f"compute {t.start:.0f}-{t.end:.0f}: {t.factor_per_year:.2g}x per year")
    ax.set_xlabel("Publication year")
    ax.set_ylabel("Training compute (FLOP)")
    handles, labels = ax.get_legend_handles_labels()
    if hardware is not None and len(hardware):
        for c in ("year", "peak_flops"):
            if c not in hardware:
                raise InputError(f"hardware table needs a '{c}' column")
        rax = ax.twinx()
        hy, hp = hardware["year"].to_numpy(float), hardware["peak_flops"].to_numpy(float)
        rax.step(hy, hp, where="post", color=hardware_color, lw=1.5,
                 label="peak FP32 FLOP/s per chip (record chips)")
        rax.set_yscale("log")
        rax.set_ylabel("Peak hardware performance (FLOP/s per chip)")
        try:
            ht = fit_growth(hy, hp, quantity="peak FLOP/s")
            g = np.linspace(ht.start, ht.end, 50)
            rax.plot(g, ht.predict(g), color=hardware_color, lw=1, ls="--",
                     label=f"hardware: {ht.factor_per_year:.2g}x per year")
            anchor_c = trends["after"].predict(break_year) if "after" in trends else np.nanmedian(fl)
            anchor_h = ht.predict(break_year)
        except InputError:
            anchor_c, anchor_h = np.nanmedian(fl), np.nanmedian(hp)
        lo, hi = ax.get_ylim()
        k = anchor_h / anchor_c
        rax.set_ylim(lo * k, hi * k)
        ax.right_ax = rax
        h2, l2 = rax.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    ax.legend(handles, labels, fontsize=7, loc="upper left")
    ax.set_title("Computing power used by models vs hardware performance")
    return ax
