"""The pooled fit beside one fit per period (:class:`~computelimits.fitting.PeriodFits`).

Each period's models and fitted line in its own colour, the pooled line in dark grey: when later
models sit lower at equal computation, the pooled line is visibly steeper than every period's.
matplotlib is imported inside :func:`plot_fit`.
"""

from __future__ import annotations

from .fits import plot_fit

__all__ = ["plot_periods"]


def plot_periods(periods, ax=None, *, title: str | None = None):
    """Draw each period's fit (points and line) and the pooled line on one axes.

    Parameters
    ----------
    periods : PeriodFits
        From :func:`computelimits.fitting.fit_periods`.
    ax : matplotlib.axes.Axes, optional
        A new figure when omitted.
    title : str, optional
        Default: ``"<benchmark>: pooled and per-period fits"``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    for i, (label, r) in enumerate(zip(periods.labels, periods.periods, strict=True)):
        ax = plot_fit(r, ax=ax, color=f"C{i + 1}", point_color=f"C{i + 1}", label=label,
                      show_ci=False, show_equation=False)
    pooled = periods.pooled
    ax = plot_fit(pooled, ax=ax, color="0.2", label="all years (pooled)", show_ci=False,
                  show_equation=False, scatter=False,
                  title=title or f"{pooled.benchmark or 'data'}: pooled and per-period fits")
    ax.legend(handles=ax.get_lines(), fontsize=8)  # the lines; the points share their colours
    return ax
