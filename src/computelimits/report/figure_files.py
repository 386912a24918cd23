"""Write the report's figures: PNG (150 dpi, for papers and the Markdown report), SVG with a
tooltip per point (inlined in the HTML report) and the CSV of the data behind each figure.

Rendering is most of the time ``reproduce`` spends writing, so figures are rendered in parallel
worker processes where the platform can fork (the workers inherit the drawn figures; nothing is
pickled but file names); elsewhere, or with ``processes=1``, one after the other. The files are
the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

from ..io import atomic_write_bytes, atomic_write_text
from .model import ReportFigure, Section

__all__ = ["write_figures", "render_processes"]

#: Figures waiting to be rendered by forked workers (set just before the pool forks).
_PENDING: list[ReportFigure] = []


def render_processes() -> int:
    """Worker processes for rendering: the CPUs this process may use, at most 4, and 1 where
    processes cannot be forked (they must inherit the figures)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(4, n))


def _render(fig: ReportFigure, fig_dir: Path) -> list[str]:
    import io

    from ..plotting.hover import svg_with_titles

    # a layout engine keeps titles, labels and outside legends on the canvas, so the files need
    # no "tight" bounding box (which costs one more full draw per file)
    if fig.figure.get_layout_engine() is None:
        fig.figure.set_layout_engine("constrained")
    buf = io.BytesIO()
    fig.figure.savefig(buf, format="png", dpi=150)
    atomic_write_bytes(fig_dir / f"{fig.name}.png", buf.getvalue())
    atomic_write_bytes(fig_dir / f"{fig.name}.svg", svg_with_titles(fig.figure, bbox_inches=None))
    files = [f"figures/{fig.name}.png", f"figures/{fig.name}.svg"]
    if fig.data is not None:
        atomic_write_text(fig_dir / f"{fig.name}.csv",
                          fig.data.to_csv(index=False, lineterminator="\n"))
        files.append(f"figures/{fig.name}.csv")
    return files


def _render_pending(args: tuple[int, str]) -> tuple[int, list[str]]:
    i, fig_dir = args
    return i, _render(_PENDING[i], Path(fig_dir))


def _cost(fig: ReportFigure) -> int:
    """Rough rendering cost: artists on all axes (largest first keeps the workers busy)."""
    return sum(len(ax.get_children()) + sum(len(getattr(c, "get_offsets", lambda: ())())
                                            for c in ax.collections)
               for ax in fig.figure.axes)


def write_figures(sections: list[Section], fig_dir: Path, *,
                  processes: int | None = None) -> dict[str, dict[str, Any]]:
    """Save every figure of ``sections`` into ``fig_dir`` and close it.

    Parameters
    ----------
    sections : list of Section
    fig_dir : Path
    processes : int, optional
        Rendering processes (default :func:`render_processes`); 1 renders in this process.

    Returns
    -------
    dict
        ``{name: {"png": path, "svg": path, "csv": path or None, "files": [...]}}``, paths
        relative to the report folder.
    """
    import matplotlib.pyplot as plt

    fig_dir.mkdir(parents=True, exist_ok=True)
    figs = [f for s in sections for f in s.figures]
    n = render_processes() if processes is None else max(1, int(processes))
    n = min(n, len(figs))
    files: dict[int, list[str]] = {}
    if n > 1:
        global _PENDING
        _PENDING = figs
        order = sorted(range(len(figs)), key=lambda i: -_cost(figs[i]))
        try:
            with multiprocessing.get_context("fork").Pool(n) as pool:
                for i, f in pool.imap_unordered(_render_pending,
                                                [(i, str(fig_dir)) for i in order]):
                    files[i] = f
        finally:
            _PENDING = []
    else:
        for i, f in enumerate(figs):
            files[i] = _render(f, fig_dir)
    out: dict[str, dict[str, Any]] = {}
    for i, f in enumerate(figs):
        plt.close(f.figure)
        out[f.name] = {"png": f"figures/{f.name}.png", "svg": f"figures/{f.name}.svg",
                       "csv": f"figures/{f.name}.csv" if f.data is not None else None,
                       "files": files[i]}
    return out
