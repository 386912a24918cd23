"""Figure 2b for language models: error against training compute, log-log, trend and band.

Points are coloured by the sample they come from (Epoch's hub, ObsScaling, Sloth, Epoch's
open-model data); each point is its own artist whose SVG id names the model
(``point-<index>-<model>``), so a model can be found in the SVG.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["plot_training_fit", "SAMPLE_COLORS"]

#: Colours of the samples (``dataset`` column of ``modern.csv``).
SAMPLE_COLORS = {"epoch-hub": "C0", "obsscaling": "C1", "sloth": "C2",
                 "epoch-open-model-trends": "C4"}


def _gid(i: int, model: str) -> str:
    return f"point-{i}-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", str(model))[:80]


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
    seen: set[str] = set()
    for i, (xv, ev, m, s) in enumerate(zip(xs, err, d["model"], smp, strict=True)):
        lab = str(s) if s not in seen else None
        seen.add(s)
        art = ax.scatter([xv], [ev], s=16, color=SAMPLE_COLORS.get(str(s), "0.35"), alpha=0.8,
                         label=lab, zorder=3)
        art.set_gid(_gid(i, m))
    if chance_error is not None and chance_error > 0:
        ax.axhline(chance_error, ls=":", color="0.4", lw=1, label="chance")
    ax.set_xlabel(f"Training compute ({result.x_unit}s)")
    ax.legend(fontsize=7, loc="lower left")
    return ax
