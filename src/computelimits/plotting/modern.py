"""Figure 2b for language models: error against training compute, log-log, trend and band.

Points are coloured by the sample they come from (Epoch's hub, ObsScaling, Sloth, Epoch's
open-model data); in the SVG each point is wrapped in a link ``#model=<name>`` (shown when the
pointer rests on it), so every point can be identified.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_training_fit", "plot_training_grid", "SAMPLE_COLORS"]

#: Colours of the samples (``dataset`` column of ``modern.csv``).
SAMPLE_COLORS = {"epoch-hub": "C0", "obsscaling": "C1", "sloth": "C2",
                 "epoch-open-model-trends": "C4"}


def plot_training_fit(result, samples=None, ax=None, *, title: str | None = None,
                      chance_error: float | None = None):
    """Draw a training-compute fit with its points by sample.

    Parameters
    ----------
    result : FitResult
        A fit with ``x="training"`` (:func:`computelimits.fitting.fit`).
    samples : array_like of str, optional
        The sample (``dataset``) of each row of ``result.data``, for the colours.
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    chance_error : float, optional
        Draw the error of guessing (1 - chance floor) as a dotted line.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import computelimits as cl
    >>> r = cl.fit(benchmark="gpqa-diamond", x="training", x_unit="FLOP")
    >>> ax = plot_training_fit(r)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    """
    from .fits import plot_fit

    ax = plot_fit(result, ax, scatter=False, title=title, label="trend")
    d = result.data
    xs = d["x_value"].to_numpy(dtype=float) / result.x_scale
    err = d["error"].to_numpy(dtype=float)
    smp = (np.asarray(samples, dtype=object) if samples is not None
           else np.full(len(d), "data", dtype=object))
    from .hover import fit_point_labels, tag_points

    tips = np.asarray(fit_point_labels(result), dtype=object)
    for s in dict.fromkeys(smp):
        m = smp == s
        art = ax.scatter(xs[m], err[m], s=16, color=SAMPLE_COLORS.get(str(s), "0.35"), alpha=0.8,
                         label=str(s), zorder=3)
        tag_points(art, [f"{t}; sample: {s}" for t in tips[m]])
    if chance_error is not None and chance_error > 0:
        ax.axhline(chance_error, ls=":", color="0.4", lw=1, label="chance")
    ax.set_xlabel(f"Training compute ({result.x_unit}s)")
    ax.legend(fontsize=7, loc="lower left")
    return ax


def plot_training_grid(results, samples=None, axes=None, *, ncols: int = 4, chance_errors=None):
    """One panel per benchmark (:func:`plot_training_fit`), in a grid.

    Parameters
    ----------
    results : dict
        Benchmark -> training-compute :class:`FitResult`.
    samples : dict, optional
        Benchmark -> the sample of each row (colours).
    axes : array of Axes, optional
    ncols : int
    chance_errors : dict, optional
        Benchmark -> error of guessing (dotted line).

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    from ..benchmarks import get_benchmark

    names = list(results)
    n = len(names)
    if axes is None:
        nrows = -(-n // ncols)
        fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 3.0 * nrows), squeeze=False)
        fig.set_layout_engine("constrained")
    flat = np.ravel(np.asarray(axes, dtype=object))
    for ax, b in zip(flat, names, strict=False):
        r = results[b]
        lo, hi = r.exponent_ci()
        plot_training_fit(r, (samples or {}).get(b), ax=ax,
                          title=f"{get_benchmark(b).name}: exponent {r.exponent:.3g} "
                                f"[{lo:.3g}, {hi:.3g}], n={r.nobs}",
                          chance_error=(chance_errors or {}).get(b))
        ax.title.set_fontsize(8)
        ax.xaxis.label.set_fontsize(8)
        ax.yaxis.label.set_fontsize(8)
    for ax in flat[n:]:
        ax.set_visible(False)
    return np.asarray(axes)
