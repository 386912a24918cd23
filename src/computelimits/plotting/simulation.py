"""Figure 1 of the paper from a :class:`~computelimits.simulation.SimulationResult`.

=====================  ==================================================================
:func:`plot_figure1a`  average performance vs sample size, with intervals and crossings
:func:`plot_figure1b`  average computation (FLOPs per fit) vs average performance
:func:`plot_figure1`   both panels side by side
=====================  ==================================================================

Every function takes a result, draws on ``ax`` (a new figure when omitted) and returns the axes;
matplotlib is imported inside the functions.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", Figure 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["plot_figure1a", "plot_figure1b", "plot_figure1", "MODEL_STYLE"]

#: Colour and label per model.
MODEL_STYLE: dict[str, dict[str, str]] = {
    "oracle": {"color": "#1b9e77", "label": "Oracle"},
    "expert": {"color": "#d95f02", "label": "Expert"},
    "flexible": {"color": "#7570b3", "label": "Flexible"},
    "regularized": {"color": "#e7298a", "label": "Regularized (Lasso)"},
}


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 4.2))
    return ax


def _models(result, models: Sequence[str] | None) -> list[str]:
    if models is None:
        return list(result.models)
    return [m for m in (str(x).lower() for x in models) if m in result.models]


def plot_figure1a(
    result: Any,
    ax: Any = None,
    *,
    models: Sequence[str] | None = None,
    average: str = "mean_log",
    level: float = 0.95,
    show_ci: bool = True,
    show_crossings: bool = True,
):
    """Figure 1(a): average performance (``-log10`` NMSE) against the number of observations.

    Parameters
    ----------
    result : SimulationResult
    ax : matplotlib Axes, optional
    models : sequence of str, optional
        Subset of models to draw (default all).
    average : {"mean_log", "log_mean"}
    level : float
        Level of the shaded intervals.
    show_ci : bool
        Shade the intervals.
    show_crossings : bool
        Dashed line at the oracle's performance at the reference ``n`` and a marker where each
        model crosses it (when the oracle was run).

    Returns
    -------
    matplotlib Axes
    """
    ax = _axes(ax)
    n = result.n
    for m in _models(result, models):
        mean, lo, hi = result.curve(m, average=average, level=level)
        mean, lo, hi = mean[0], lo[0], hi[0]
        style = MODEL_STYLE.get(m, {"color": None, "label": m})
        ax.plot(n, mean, marker="o", ms=3, lw=1.5, color=style["color"], label=style["label"])
        if show_ci and np.isfinite(lo).all():
            ax.fill_between(n, lo, hi, color=style["color"], alpha=0.2, lw=0)
    if show_crossings and "oracle" in result.models and result.settings.reference_n in result.n:
        table = result.crossings(average=average, bootstrap=0)
        ref = table.reference_performance
        ax.axhline(ref, color="0.4", ls="--", lw=0.8)
        for m, v in table.n.items():
            if v is not None and m != table.reference_model and m in _models(result, models):
                ax.plot([v], [ref], marker="x", ms=8, mew=2,
                        color=MODEL_STYLE.get(m, {}).get("color", "k"))
                ax.annotate(f"{v:,.0f}", (v, ref), textcoords="offset points", xytext=(4, -12),
                            fontsize=8, color=MODEL_STYLE.get(m, {}).get("color", "k"))
    ax.set_xscale("log")
    ax.set_xlabel("Number of observations n")
    ax.set_ylabel("Performance (-log10 normalised MSE)")
    ax.set_title("Figure 1(a): performance vs data")
    ax.legend(fontsize=8, frameon=False)
    ax.grid(True, which="major", alpha=0.3)
    return ax


def plot_figure1b(
    result: Any,
    ax: Any = None,
    *,
    models: Sequence[str] | None = None,
    average: str = "mean_log",
):
    """Figure 1(b): average computation per fit (FLOPs, log scale) against average performance.

    Each point is one sample size; the computation is the mean FLOPs of a stand-alone fit
    (:mod:`computelimits.simulation.fit_flops`).

    Returns
    -------
    matplotlib Axes
    """
    ax = _axes(ax)
    fm = result.flops.mean(axis=0)
    for m in _models(result, models):
        i = result.models.index(m)
        mean = result.curve(m, average=average)[0][0]
        style = MODEL_STYLE.get(m, {"color": None, "label": m})
        ax.plot(mean, fm[i], marker="o", ms=3, lw=1.5, color=style["color"],
                label=style["label"])
    ax.set_yscale("log")
    ax.set_xlabel("Performance (-log10 normalised MSE)")
    ax.set_ylabel("Computation per fit (FLOPs)")
    ax.set_title("Figure 1(b): computation vs performance")
    # beside the axes: inside, the curves fill every corner (the Lasso's runs to the top right)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              borderaxespad=0.0)
    ax.grid(True, which="major", alpha=0.3)
    return ax


def plot_figure1(result: Any, axes: Sequence[Any] | None = None, **kwargs: Any):
    """Both panels of Figure 1; returns ``(ax_a, ax_b)``. ``kwargs`` go to both panels
    (``models``, ``average``)."""
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    ax_a, ax_b = axes
    plot_figure1a(result, ax_a, **kwargs)
    plot_figure1b(result, ax_b, **{k: v for k, v in kwargs.items() if k in ("models", "average")})
    return ax_a, ax_b
