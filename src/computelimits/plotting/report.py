"""Figures that only the reproduction report draws.

==============================  =========================================================
:func:`plot_data_summary`       Figure 6 as bars: models with computation / hardware
                                burden, ours beside the paper's counts
:func:`plot_projection_grid`    Figure 4: one projection panel per benchmark, one legend
:func:`plot_backtest_panels`    the backtest's two panels: error forecasts, computation
==============================  =========================================================

Every function takes computed results, draws on ``axes`` (a new figure when omitted) and returns
the axes; matplotlib is imported inside the functions.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", supplement Figure 6.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plot_data_summary", "plot_projection_grid", "plot_backtest_panels"]

_PANELS = (
    ("with_computation", "paper_with_computation", "Models with computation per network pass"),
    ("with_hardware_burden", "paper_with_hardware_burden", "Models with hardware burden"),
)


def plot_data_summary(summary: Any, axes: Any = None, *, labels: dict[str, str] | None = None,
                      ours_color: str = "C0", paper_color: str = "0.6"):
    """Figure 6 as two bar panels: per benchmark, how many models have the data each analysis
    needs, in the bundled dataset and in the paper.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`computelimits.datasets.summarize` with ``compare=True`` (columns
        ``benchmark``, ``with_computation``, ``with_hardware_burden`` and the ``paper_*`` counts).
    axes : sequence of two Axes, optional
        A new figure with two panels when omitted.
    labels : dict, optional
        Benchmark id -> label (default: the ids).

    Returns
    -------
    ndarray of Axes
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from ..errors import InputError

    need = {"benchmark"} | {c for p in _PANELS for c in p[:2]}
    missing = sorted(need - set(summary.columns))
    if missing:
        raise InputError(f"the summary needs columns {', '.join(missing)} "
                         "(use summarize(compare=True))")
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 0.42 * len(summary) + 1.6), sharey=True)
        fig.set_layout_engine("constrained")
    axes = np.ravel(np.asarray(axes, dtype=object))
    names = [(labels or {}).get(b, b) for b in summary["benchmark"]]
    y = np.arange(len(summary))
    h = 0.38
    for ax, (ours_col, paper_col, title) in zip(axes, _PANELS, strict=False):
        ours = summary[ours_col].astype(float).to_numpy()
        paper = summary[paper_col].astype(float).to_numpy()
        ax.barh(y - h / 2, ours, height=h, color=ours_color, label="this dataset")
        ax.barh(y + h / 2, paper, height=h, color=paper_color, label="paper (Figure 6)")
        top = np.nanmax(np.r_[ours, paper, 1.0])
        for yi, v in zip(y - h / 2, ours, strict=True):
            ax.text(v + 0.01 * top, yi, f"{v:.0f}", va="center", fontsize=7)
        for yi, v in zip(y + h / 2, paper, strict=True):
            if np.isfinite(v):
                ax.text(v + 0.01 * top, yi, f"{v:.0f}", va="center", fontsize=7, color="0.35")
        ax.set_xlim(0, top * 1.15)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("Number of models")
        ax.grid(True, axis="x", alpha=0.3)
    axes[0].set_yticks(y, names)
    axes[0].invert_yaxis()
    axes[0].legend(fontsize=8, loc="lower right", frameon=False)
    return axes


def plot_projection_grid(projections: Any, titles: Any = None, *, ncols: int = 2,
                         panel_size: tuple[float, float] = (5.0, 3.6), **kwargs: Any):
    """Figure 4 as a grid: one :func:`~computelimits.plotting.projection.plot_projection` panel
    per projection, and one legend for all (in the first free panel, else below the grid).

    Two columns by default, so that the labels stay readable when the figure is shown at the
    width of a report column.

    Parameters
    ----------
    projections : sequence of Projection
    titles : sequence of str, optional
        Panel titles (default: the benchmarks' names).
    ncols : int
    panel_size : (width, height) in inches
    **kwargs
        Passed to ``plot_projection``.

    Returns
    -------
    ndarray of Axes
    """
    import math

    import matplotlib.pyplot as plt

    from ..benchmarks import benchmark_display_name
    from .projection import plot_projection

    projs = list(projections)
    titles = ([benchmark_display_name(p.benchmark) for p in projs] if titles is None
              else list(titles))
    ncols = max(1, min(ncols, len(projs)))
    nrows = math.ceil(len(projs) / ncols)
    fig, axs = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
                            squeeze=False)
    fig.set_layout_engine("constrained")
    flat = axs.ravel()
    for ax, p, t in zip(flat, projs, titles, strict=False):
        plot_projection(p, ax=ax, **kwargs)
        ax.set_title(t, fontsize=11)
        if ax.get_legend() is not None:
            ax.get_legend().remove()
    handles, names = flat[0].get_legend_handles_labels()
    for ax in flat[len(projs):]:
        ax.set_axis_off()
    if len(projs) < len(flat):
        flat[len(projs)].legend(handles, names, loc="center", fontsize=10, frameon=False)
    else:
        fig.legend(handles, names, loc="outside lower center", ncols=min(len(names), 3),
                   fontsize=10, frameon=False)
    return flat


def plot_backtest_panels(result: Any, *, figsize: tuple[float, float] = (11.0, 4.8)):
    """The backtest side by side: (a) forecast against actual error, (b) computation the fit
    said a new best error needed against the computation used. Returns the two axes."""
    import matplotlib.pyplot as plt

    from .backtest import plot_backtest

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=figsize)
    fig.set_layout_engine("constrained")
    plot_backtest(result, kind="error", ax=ax1)
    plot_backtest(result, kind="flops", ax=ax2)
    return ax1, ax2
