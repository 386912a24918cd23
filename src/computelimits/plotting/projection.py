"""Figure: the extrapolation behind a projection, with its confidence band.

Draws the models the relation was fitted on, today's best model, the anchored line extended to
the targets with its pointwise confidence band, and each target's projected computation with its
interval (an arrow where the interval is unbounded). Computation runs along the x axis as powers
of ten of GFLOPs (on a linear axis of exponents, so projections of 10^100 GFLOPs and more still
draw); error on a log axis for log-error forms, linear otherwise.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 3.3, Figure 4.
"""

from __future__ import annotations

import math

from ..benchmarks import benchmark_display_name

__all__ = ["plot_projection"]


def plot_projection(projection, ax=None, *, show_data: bool = True, n: int = 300,
                    color: str = "C0", target_color: str = "C3", band_alpha: float = 0.18,
                    label_targets: bool = True, yscale: str = "log",
                    max_decades: float | None = None):
    """Draw a :class:`~computelimits.projection.Projection`: data, line, band, targets.

    Parameters
    ----------
    projection : Projection
        From :func:`computelimits.projection.project`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure when omitted).
    show_data : bool
        Draw the fitted rows (when the relation carries them).
    n : int
        Points along the line.
    color, target_color : str
        Colours of the line and band, and of the targets.
    band_alpha : float
        Opacity of the band.
    label_targets : bool
        Write each target's projected computation beside it (on its left near the right edge).
    yscale : {"log", "linear"}
        Scale of the error axis (log by default: targets span decades of error).
    max_decades : float, optional
        Show at most this many decades of computation beyond the data and today's best model, so
        that far targets (the exponential form's 10^90 GFLOPs) do not squash the data into a
        sliver; a target further out is marked at the right edge with its value. Default: the
        axis reaches every target.

    Notes
    -----
    An interval bar ends in an arrow only where the interval is unbounded above (the slope is
    not significantly different from zero); a bounded interval that runs past the axis ends at
    the edge, and its upper end is written in the target's label.

    Returns
    -------
    matplotlib.axes.Axes
        Error axis in percent, limited to the errors of the fitted rows, today's best model and
        the targets; the band is clipped to errors in (0, 1] (a band on the 1/error scale that
        reaches 1/error <= 1 covers every error up to 100 %).
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from ..projection import line_band
    from ._style import log_axis, pct

    p = projection
    rel = p.relation
    spec = rel.form
    new_figure = ax is None
    if new_figure:
        _, ax = plt.subplots(figsize=(6.8, 4.4))
    off = math.log10(rel.x_scale) - 9.0  # u (log10 of x_unit) -> log10 GFLOPs
    frame = p.to_frame(include_today=True)

    us = [float(v) for v in frame["log10_flops"] - 9.0 if np.isfinite(v)]
    if show_data and rel.data is not None and len(rel.data):
        dx = np.asarray(rel.data["log10_x"], dtype=float) + off
        de = np.asarray(rel.data["error"], dtype=float)
        pts = ax.scatter(dx, de, s=16, color="0.55", zorder=2, label="models")
        if "model" in rel.data:
            from .hover import tag_points

            tag_points(pts, [f"{m} ({int(math.floor(y))}): error {100 * e:.3g}%, "
                             f"10^{x:.2f} GFLOPs" for m, y, e, x in
                             zip(rel.data["model"], rel.data["year"], de, dx, strict=True)])
        us += [float(np.nanmin(dx)), float(np.nanmax(dx))]
    today = frame[frame["row"] == "today"].iloc[0]
    if max_decades is not None:
        known = [float(today["log10_flops"]) - 9.0] if np.isfinite(today["log10_flops"]) else []
        if rel.data is not None and len(rel.data):
            known.append(float(np.nanmax(np.asarray(rel.data["log10_x"], dtype=float) + off)))
        if known:
            cap = max(known) + float(max_decades)
            us = [min(u, cap) for u in us]
    lo_u, hi_u = min(us), max(us)
    span = max(hi_u - lo_u, 1.0)
    grid = np.linspace(lo_u - 0.05 * span, hi_u + 0.08 * span, int(n))
    y, ylo, yhi = line_band(rel, grid - off, anchor=p.anchor, level=p.level)
    e = spec.inverse(y)
    elo, ehi, band = _error_band(spec, ylo, yhi)
    ok = np.isfinite(e) & (e > 0) & (e < 1)
    trend = (f"{spec.name} trend moved through today's best model\n(the paper's method: "
             "the line need not pass through the points)"
             if p.anchor == "paper" else f"{spec.name} trend ({p.anchor} anchoring)")
    ax.plot(grid[ok], e[ok], color=color, lw=1.6, zorder=3, label=trend)
    ax.fill_between(grid, elo, ehi, where=band, color=color, alpha=band_alpha, lw=0,
                    zorder=1, label=f"{p.level:.0%} confidence band")

    if p.anchor == "paper" and np.isfinite(today["log10_flops"]):
        ax.scatter([today["log10_flops"] - 9.0], [today["target"]], marker="*", s=140,
                   color=color, edgecolor="k", zorder=5, label="today's best model")
    xmin, xmax = grid[0], grid[-1]
    labelled = False
    for r in frame[frame["row"] == "target"].to_dict("records"):
        t, u = r["target"], r["log10_flops"] - 9.0
        ax.axhline(t, color=target_color, lw=0.8, ls=":", zorder=1)
        if not np.isfinite(u):
            continue
        lo, hi = r["log10_flops_ci_lower"] - 9.0, r["log10_flops_ci_upper"] - 9.0
        off_axis = u > xmax
        shown = min(u, xmax)
        ax.plot([shown], [t], ">" if off_axis else "o", color=target_color, ms=7, zorder=6,
                clip_on=False,
                label=None if labelled else f"target: computation needed ({p.level:.0%} interval)")
        labelled = True
        a = max(lo, xmin) if np.isfinite(lo) else xmin
        b = min(hi, xmax) if np.isfinite(hi) else xmax
        if np.isfinite(a) and np.isfinite(b) and a < b:
            ax.plot([a, b], [t, t], color=target_color, lw=2.2, alpha=0.8, zorder=4)
        note = ""
        if not np.isfinite(hi):  # an arrow means: no upper end at all
            start = min(shown, a) if np.isfinite(a) else shown
            if start < xmax:
                ax.annotate("", xy=(xmax, t), xytext=(start, t), annotation_clip=True,
                            arrowprops=dict(arrowstyle="->", color=target_color, lw=1.2))
            note = ", interval unbounded above"
        elif hi > xmax:  # bounded, but past the axis: say where it ends
            note = f", interval to $10^{{{hi:.0f}}}$"
        if label_targets:
            right = shown > xmin + 0.6 * (xmax - xmin)  # label on the left near the right edge
            where = " (off the axis)" if off_axis else ""
            ax.annotate(f"{pct(t)}: $10^{{{u:.1f}}}$ GFLOPs{where}{note}", (shown, t),
                        textcoords="offset points", xytext=(-4 if right else 4, 5),
                        ha="right" if right else "left", fontsize=8.5, color=target_color,
                        zorder=7,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75))
    ax.set_xlim(xmin, xmax)
    ax.set_yscale(yscale)
    ax.set_ylim(*_error_limits(p, yscale))
    if yscale == "log":
        log_axis(ax.yaxis, percent=True)
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(pct))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"$10^{{{v:g}}}$"))
    what = {"burden": "Hardware burden", "per-pass": "Computation per network pass"}.get(
        rel.x, "Computation")
    ax.set_xlabel(f"{what} (GFLOPs)")
    ax.set_ylabel("Error rate")
    ax.set_title(f"{benchmark_display_name(p.benchmark) or 'projection'}: {spec.name} form, {p.interval} "
                 f"{p.level:.0%} interval", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    return ax


def _error_band(spec, ylo, yhi):
    """The confidence band on the error scale, from the band ``[ylo, yhi]`` on the form's
    response scale.

    Only responses that are error rates in (0, 1) are kept: the band is clipped to the
    responses of errors 1e-300 and 1 - 1e-12 before it is mapped back (on the 1/error scale a
    band reaching 1/error <= 0 means "any error up to 100 %", not a negative error). Returns
    ``(lower, upper, where)``; ``where`` marks the points with a band.
    """
    import numpy as np

    v1, v2 = float(spec.transform(1e-300)), float(spec.transform(1.0 - 1e-12))
    vlo, vhi = min(v1, v2), max(v1, v2)
    ylo, yhi = np.asarray(ylo, dtype=float), np.asarray(yhi, dtype=float)
    where = np.isfinite(ylo) & np.isfinite(yhi) & (yhi >= vlo) & (ylo <= vhi)
    a = spec.inverse(np.clip(ylo, vlo, vhi))
    b = spec.inverse(np.clip(yhi, vlo, vhi))
    lower, upper = np.fmin(a, b), np.fmax(a, b)
    where &= np.isfinite(lower) & np.isfinite(upper)
    return np.where(where, lower, np.nan), np.where(where, upper, np.nan), where


def _error_limits(p, yscale: str) -> tuple[float, float]:
    """Error-axis limits on the errors that matter: the fitted rows, today's best and the
    targets (the band and the extrapolated line may run on to error 0 or 1)."""
    import numpy as np

    rel = p.relation
    errs = [float(t) for t in p.targets]
    if rel.today_error is not None:
        errs.append(float(rel.today_error))
    if rel.data is not None and len(rel.data):
        errs += [float(v) for v in np.asarray(rel.data["error"], dtype=float)]
    errs = [v for v in errs if np.isfinite(v) and 0 < v < 1]
    if not errs:
        return (1e-3, 1.0) if yscale == "log" else (0.0, 1.0)
    lo, hi = min(errs), max(errs)
    if yscale == "log":
        return lo / 2.0, min(1.0, hi * 1.6)
    pad = 0.1 * max(hi - lo, 0.01)
    return max(0.0, lo - pad), min(1.0, hi + pad)
