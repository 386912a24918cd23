"""Figures of the backtest: forecast against what happened, scores per variant, progress rates.

Every function takes a computed result (:class:`~computelimits.backtest.BacktestResult`,
:class:`~computelimits.progress.ProgressResult`), draws on ``ax`` (a new figure when omitted)
and returns the axes; matplotlib is imported inside the functions.

========================  =============================================================
:func:`plot_backtest`     forecast vs actual (error, or computation on the frontier)
                          with prediction intervals, one colour per cut-off
:func:`plot_scores`       one score per variant (mean absolute error, coverage ...)
:func:`plot_progress`     doubling time of compute-equivalent progress vs published values
========================  =============================================================

References
----------
Thompson et al., "The Computational Limits of Deep Learning", sections 3.2-3.3, Figure 4.
"""

from __future__ import annotations

import math

import numpy as np

from ..benchmarks import benchmark_display_name

__all__ = ["plot_backtest", "plot_scores", "plot_progress"]


def _axes(ax, size=(6.0, 4.6)):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size)
    return ax


def plot_backtest(result, variant: str | None = None, *, kind: str = "error",
                  level: float | None = None, ax=None):
    """Forecast against actual outcome for one variant, with prediction intervals.

    Parameters
    ----------
    result : BacktestResult
    variant : str, optional
        Default: the paper's variant (``polynomial-mean-paper``) if backtested, else the first.
    kind : {"error", "flops"}
        ``"error"``: (a) forecast error against actual error for every forecast model;
        ``"flops"``: (b) computation needed against computation used, on the frontier (models
        that set a new best error after the cut-off), log-log.
    level : float, optional
        Interval level to draw (one of ``result.levels``; default the widest).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..backtest import level_key
    from ..errors import InputError

    if kind not in ("error", "flops"):
        raise InputError(f"kind must be 'error' or 'flops'; got {kind!r}")
    v = variant or result.paper_variant or result.variants[0]
    if v not in result.variants:
        raise InputError(f"variant {v!r} was not backtested; one of {', '.join(result.variants)}")
    lv = max(result.levels) if level is None else float(level)
    if level_key(lv) not in {level_key(x) for x in result.levels}:
        raise InputError(f"level {lv:g} was not computed; one of "
                         f"{', '.join(f'{x:g}' for x in result.levels)}")
    key = level_key(lv)
    f = result.forecasts
    f = f[f["variant"] == v]
    if kind == "flops":
        f = f[f["record"]]
        g = 1e9  # GFLOPs, as in every other figure
        xa, ya = f["actual_flops"].to_numpy(float) / g, f["needed_flops"].to_numpy(float) / g
        lo, hi = (f[f"needed_pi{key}_lower"].to_numpy(float) / g,
                  f[f"needed_pi{key}_upper"].to_numpy(float) / g)
        cov = f[f"needed_covered{key}"]
    else:
        xa, ya = f["error"].to_numpy(float), f["pred_error"].to_numpy(float)
        lo, hi = f[f"pi{key}_lower"].to_numpy(float), f[f"pi{key}_upper"].to_numpy(float)
        cov = f[f"covered{key}"]
    ax = _axes(ax)
    import matplotlib as mpl

    from .hover import tag_points

    def _fmt(v: float) -> str:
        return f"{100 * v:.3g}%" if kind == "error" else f"{v:.3g} GFLOPs"

    cuts = sorted(set(f["cutoff"]))
    cmap = mpl.colormaps["viridis"]
    colours = {c: cmap(i / max(len(cuts) - 1, 1)) for i, c in enumerate(cuts)}
    cut = f["cutoff"].to_numpy()
    has_pi = np.isfinite(lo) & np.isfinite(hi)
    for c in cuts:
        m = cut == c
        col = colours[c]
        mi = m & has_pi
        if mi.any():
            ax.errorbar(xa[mi], ya[mi], yerr=[ya[mi] - lo[mi], hi[mi] - ya[mi]], fmt="none",
                        ecolor=col, alpha=0.35, lw=1)
        pts = ax.scatter(xa[m], ya[m], color=col, s=18, zorder=3, label=f"fit up to {c}")
        tag_points(pts, [f"{mod} ({int(np.floor(yr))}): {'actual' if kind == 'error' else 'used'} "
                         f"{_fmt(a)}, {'forecast' if kind == 'error' else 'needed'} {_fmt(b)}; "
                         f"fit on models up to {c}"
                         for mod, yr, a, b in zip(f["model"].to_numpy()[m], f["year"].to_numpy()[m],
                                                  xa[m], ya[m], strict=True)])
    # points only: an unbounded interval (slope not significant) has no bar
    finite = np.concatenate([xa[np.isfinite(xa)], ya[np.isfinite(ya)]])
    from matplotlib.ticker import FuncFormatter

    from ._style import log_axis, pct

    if kind == "flops":
        ax.set_xscale("log")
        ax.set_yscale("log")
        log_axis(ax.xaxis)
        log_axis(ax.yaxis)
        pos = finite[finite > 0]
        lims = (pos.min() / 3, pos.max() * 3) if pos.size else (1, 10)
        ax.set_xlabel("Computation per pass used by the model (GFLOPs)")
        ax.set_ylabel("Computation per pass the fit said was needed (GFLOPs)", fontsize=9)
    else:
        span = (finite.max() - finite.min()) if finite.size else 1.0
        lims = (finite.min() - 0.05 * span, finite.max() + 0.05 * span) if finite.size \
            else (0, 1)
        ax.xaxis.set_major_formatter(FuncFormatter(pct))
        ax.yaxis.set_major_formatter(FuncFormatter(pct))
        ax.set_xlabel("Actual error rate")
        ax.set_ylabel("Forecast error rate")
    ax.plot(lims, lims, color="0.4", lw=1, ls="--", zorder=1, label="forecast = actual")
    ax.set_xlim(lims)
    ax.set_ylim(lims)
    c_valid = cov.dropna()
    outcomes = ("forecasts of later models' errors" if kind == "error"
                else "models that set a new best error")
    covtxt = (f"{lv:.0%} intervals hold {c_valid.astype(float).mean():.0%} of {len(c_valid):,} "
              f"{outcomes}" if len(c_valid) else f"{lv:.0%} intervals: n/a")
    what = "forecast error" if kind == "error" else "computation needed (models on the frontier)"
    ax.set_title(f"{benchmark_display_name(result.benchmark)}: {what}\nvariant {v}\n{covtxt}",
                 fontsize=9)
    # forecasts sit near the diagonal: the corner away from it (error bars included) is free
    ax.legend(fontsize=7, frameon=True, framealpha=0.85, edgecolor="none",
              loc="lower right" if kind == "flops" else "upper left")
    return ax


def plot_scores(result, metric: str = "mae_error", ax=None):
    """One score per variant as horizontal bars (nominal level marked for coverage scores).

    Parameters
    ----------
    result : BacktestResult
    metric : str
        A column of :meth:`BacktestResult.scores` (``mae_error``, ``mae_log10_flops``,
        ``coverage95`` ...).
    ax : matplotlib.axes.Axes, optional
    """
    from ..errors import InputError

    s = result.scores()
    if metric not in s.columns or metric == "variant":
        raise InputError(f"unknown score {metric!r}; one of {', '.join(s.columns[1:])}")
    ax = _axes(ax, (6.0, 0.3 * len(s) + 1.2))
    vals = s[metric].to_numpy(float)
    y = np.arange(len(s))[::-1]
    colours = ["C3" if v == result.paper_variant else "C0" for v in s["variant"]]
    ax.barh(y, np.nan_to_num(vals), color=colours)
    for yi, val in zip(y, vals, strict=True):
        if math.isnan(val):
            ax.text(0, yi, " n/a", va="center", fontsize=7)
    ax.set_yticks(y, s["variant"], fontsize=7)
    if metric.startswith("coverage"):
        key = metric[len("coverage"):].split("_")[0]
        nominal = float(key.replace("_", ".")) / 100
        ax.axvline(nominal, color="0.3", ls="--", lw=1)
        ax.set_xlim(0, 1)
    ax.set_xlabel(metric)
    ax.set_title(f"{benchmark_display_name(result.benchmark)}: {metric} by variant (red: the paper's)",
                 fontsize=9)
    return ax


def plot_progress(progress, ax=None):
    """Doubling time of compute-equivalent progress: this estimate beside published ones.

    Parameters
    ----------
    progress : ProgressResult
    ax : matplotlib.axes.Axes, optional
    """
    c = progress.comparison()
    ax = _axes(ax, (6.4, 0.55 * len(c) + 1.2))
    y = np.arange(len(c))[::-1]
    d = c["doubling_months"].to_numpy(float)
    lo = c["doubling_months_ci_lower"].to_numpy(float)
    hi = c["doubling_months_ci_upper"].to_numpy(float)
    finite = np.concatenate([d, lo, hi])
    finite = finite[np.isfinite(finite) & (finite > 0)]
    right = finite.max() * 2 if finite.size else 100.0
    left = finite.min() / 2 if finite.size else 1.0
    for yi, di, a, b in zip(y, d, lo, hi, strict=True):
        if np.isfinite(a) or np.isfinite(b):
            a2 = a if np.isfinite(a) and a > 0 else left
            b2 = b if np.isfinite(b) else right
            ax.plot([a2, b2], [yi, yi], color="0.3", lw=2)
            if not np.isfinite(b):
                ax.annotate("", xy=(right, yi), xytext=(b2 * 0.8, yi),
                            arrowprops=dict(arrowstyle="->", color="0.3"))
        if np.isfinite(di) and di > 0:
            ax.plot([di], [yi], "o", color="C3" if yi == y[0] else "C0", zorder=3)
    ax.set_xscale("log")
    ax.set_xlim(left, right)
    from matplotlib.ticker import FixedLocator, NullFormatter, ScalarFormatter

    ticks = [t for t in (1, 2, 3, 6, 12, 24, 48, 96, 192, 384, 768) if left <= t <= right]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(y, _short_labels(c, progress), fontsize=7)
    ax.set_xlabel("Months for the computation needed at a fixed error to halve")
    ax.set_title(f"Algorithmic progress, {benchmark_display_name(progress.benchmark)} "
                 f"({progress.level:.0%} intervals)", fontsize=9)
    return ax


def _short_labels(c, progress) -> list[str]:
    """Short row labels: "this fit (N models)", "Authors (year)" (+ where, when repeated)."""
    heads = [str(src).split(", ")[0] for src in c["source"]]
    out = []
    for i, (src, head) in enumerate(zip(c["source"], heads, strict=True)):
        if i == 0:
            out.append(f"this fit ({progress.nobs} models)")
        elif heads.count(head) > 1 and ", " in str(src):
            where = str(src).split(", ", 1)[1].split()
            out.append(f"{head}, {' '.join(where[:2])}")
        else:
            out.append(head)
    return out
