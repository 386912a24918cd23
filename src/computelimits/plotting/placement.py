"""Figure: a model over its benchmark's scatter and fitted computation trend.

Draws the models the trend was fitted on, the trend line, the placed model, and an arrow from the
model's computation to the computation the trend needs to reach the same error (the
compute-equivalent gain). Axes as the paper's Figures 2b and 3: computation in GFLOPs on a log
scale; error on a log scale for log-error forms, linear otherwise.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 3.2, Figures 2b and 3.
"""

from __future__ import annotations

import math

from ..benchmarks import benchmark_display_name

__all__ = ["plot_placement"]


_X_LABELS = {
    "per-pass": "Computation per network pass (GFLOPs)",
    "burden": "Hardware burden (GFLOPs)",
}

#: Decades beyond the data the trend line is drawn to reach the model's error.
_MAX_EXTENSION_DECADES = 4.0


def plot_placement(placement, ax=None, *, label_reference: bool = False, show_gain: bool = True,
                   color: str = "C3", reference_color: str = "0.45", trend_color: str = "C0"):
    """Draw a :class:`~computelimits.placement.Placement` over its reference data and trend.

    Parameters
    ----------
    placement : Placement
        From :func:`computelimits.placement.place` or :func:`~computelimits.placement.place_on_trend`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure when omitted).
    label_reference : bool
        Write the reference models' names beside their points.
    show_gain : bool
        Draw the arrow to the computation the trend needs for the model's error, labelled with the
        compute-equivalent gain (clipped at a few decades beyond the data, with the full value in
        the label).
    color, reference_color, trend_color : str
        Colours of the model, the reference points and the trend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from ..fitting.forms import get_form
    from ._style import log_axis, pct, percent_axis

    p = placement
    new_figure = ax is None
    if new_figure:
        _, ax = plt.subplots(figsize=(6.4, 4.4))
    spec = get_form(p.form)
    bench = benchmark_display_name(p.benchmark)
    g = 1e9
    ref_x = np.asarray(p.reference_flops, dtype=float)
    ref_e = np.asarray(p.reference_error, dtype=float)
    if ref_x.size:
        ax.scatter(ref_x / g, ref_e, s=18, color=reference_color, alpha=0.8, zorder=2,
                   label=f"{bench or 'reference'} models (n = {ref_x.size})")
        if label_reference:
            for name, xv, ev in zip(p.reference_model, ref_x, ref_e, strict=True):
                ax.annotate(name, (xv / g, ev), fontsize=6, color=reference_color,
                            xytext=(3, 2), textcoords="offset points")

    # extent of the trend line: the data, the model, and (within reason) where the trend
    # reaches the model's error
    logs = [math.log10(p.flops)] + ([float(np.log10(ref_x.min())), float(np.log10(ref_x.max()))]
                                    if ref_x.size else [])
    lo, hi = min(logs), max(logs)
    reach = p.log10_gain + math.log10(p.flops) if math.isfinite(p.log10_gain) else None
    clipped = False
    if reach is not None:
        r = min(max(reach, lo - _MAX_EXTENSION_DECADES), hi + _MAX_EXTENSION_DECADES)
        clipped = r != reach
        lo, hi = min(lo, r), max(hi, r)
    pad = max(0.1 * (hi - lo), 0.25)
    xs = np.logspace(lo - pad, hi + pad, 200)
    ys = np.asarray(p.predict(xs), dtype=float)
    ok = np.isfinite(ys) & (ys > 0) if spec.y_scale == "log" else np.isfinite(ys)
    equation = f"{spec.equation}: a = {p.intercept:.3g}, b = {p.slope:.3g}"
    ax.plot(xs[ok] / g, ys[ok], color=trend_color, lw=1.6, zorder=3,
            label=f"trend ({p.form}{', ' + 'year ' + format(p.year, 'g') if p.year_coef else ''})"
                  f"\n{equation}")

    ax.scatter([p.flops / g], [p.error], marker="*", s=180, color=color, edgecolor="black",
               linewidth=0.6, zorder=5, label=f"{p.label}: error {pct(p.error)}")
    if show_gain and reach is not None:
        end = 10.0 ** min(max(reach, lo), hi)
        gain = (f"{10 ** p.log10_gain:.3g}x" if abs(p.log10_gain) < 300
                else f"10^{p.log10_gain:.3g}x")
        ax.annotate("", xy=(end / g, p.error), xytext=(p.flops / g, p.error),
                    arrowprops=dict(arrowstyle="->", color=color, lw=1.2,
                                    linestyle="--" if clipped else "-"), zorder=4)
        ax.annotate(f"compute-equivalent gain {gain}" + (" (arrow clipped)" if clipped else ""),
                    xy=(math.sqrt(end * p.flops) / g, p.error), xytext=(0, 6),
                    textcoords="offset points", ha="center", fontsize=8, color=color, zorder=6,
                    bbox=dict(facecolor="white", alpha=0.8, edgecolor="none", pad=1))
    ax.set_xscale("log")
    ax.set_yscale(spec.y_scale)
    log_axis(ax.xaxis)
    percent_axis(ax, log=spec.y_scale == "log")
    ax.set_xlabel(_X_LABELS.get(p.x, "Computation (GFLOPs)"))
    ax.set_ylabel("Error rate")
    # two short lines rather than one that runs past the figure's edges
    ax.set_title(f"{p.label}\nagainst the {bench} computation trend".replace("  ", " "),
                 fontsize=10)
    ax.legend(fontsize=7, loc="best", frameon=False)
    if p.warnings:
        ax.text(0.01, 0.01, "\n".join(f"! {w}" for w in p.warnings[:3]), transform=ax.transAxes,
                fontsize=6, color="0.3", va="bottom", ha="left", wrap=True)
    if new_figure:
        ax.figure.tight_layout()
    return ax
