"""Figures that only the reproduction report draws.

=========================  ==============================================================
:func:`plot_data_summary`  Figure 6 as bars: models with computation / hardware burden,
                           ours beside the paper's counts
=========================  ==============================================================

Every function takes computed results, draws on ``axes`` (a new figure when omitted) and returns
the axes; matplotlib is imported inside the functions.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", supplement Figure 6.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plot_data_summary"]

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
