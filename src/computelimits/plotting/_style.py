"""Shared axis and label helpers of the figures (matplotlib is imported inside the functions).

* :func:`log_axis`: ticks of a log axis that never crowd, whatever the panel's size: decades on
  long axes, 1-3 or 1-2-5 steps on axes spanning a decade or two, plain steps inside one decade;
  chosen when the figure is drawn, from the axis' length in points.
* :func:`percent_axis`: error rates read in percent, as in the paper's figures.
* :func:`corner_text`: a small text box placed, when drawn, in the corner of the axes that hides
  the fewest points and the least of the lines.
* :func:`exclude_from_autoscale`: draw a band without letting its far tails set the axis limits.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", Figures 2b, 3, 4, 10 (error axes in
percent, computation on log axes).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["log_axis", "percent_axis", "pct", "sci", "corner_text", "exclude_from_autoscale"]

#: Steps per decade tried in order, sparsest first; the first giving 3 or more labels that fit wins.
_MANTISSAS = ((1.0,), (1.0, 3.0), (1.0, 2.0, 5.0), (1.0, 2.0, 3.0, 5.0))


def pct(v: float, _pos=None) -> str:
    """An error fraction as a percentage label (``0.05 -> "5%"``); empty for v <= 0."""
    if not (np.isfinite(v) and v > 0):
        return ""
    p = 100.0 * v
    return f"{p:.3g}%" if p >= 0.01 else f"{p:.1e}%"


def sci(v: float, _pos=None) -> str:
    r"""A positive number as mathtext: ``1e10 -> $10^{10}$``, ``3e9 -> $3\times10^{9}$``."""
    if not (np.isfinite(v) and v > 0):
        return ""
    k = math.floor(math.log10(v) + 1e-9)
    m = float(f"{v / 10.0 ** k:.2g}")
    if m >= 10:  # rounding up to the next decade
        m, k = m / 10, k + 1
    if abs(m - 1.0) < 1e-9:
        return f"$10^{{{k}}}$"
    return f"${m:g}\\times10^{{{k}}}$"


def _log_tick_values(vmin: float, vmax: float, nmax: int,
                     nmax_decades: int | None = None) -> list[float]:
    """Labelled tick values of a log axis from vmin to vmax with at most ``nmax`` labels
    (``nmax_decades`` when every label is a power of ten, which takes less room)."""
    if not (np.isfinite(vmin) and np.isfinite(vmax)) or vmax <= 0:
        return []
    vmin, vmax = sorted((vmin, vmax))
    if vmin <= 0:
        vmin = vmax * 1e-3
    lo, hi = math.log10(vmin), math.log10(vmax)
    eps = 1e-9 * max(1.0, abs(hi - lo))
    nmax = max(2, int(nmax))
    nmax_dec = max(nmax, int(nmax_decades or nmax))

    def ticks(mants: Sequence[float], stride: int = 1) -> list[float]:
        out = []
        for k in range(math.floor(lo) - 1, math.ceil(hi) + 1):
            if k % stride:
                continue
            for m in mants:
                v = m * 10.0 ** k
                if lo - eps <= math.log10(v) <= hi + eps:
                    out.append(v)
        return out

    options = [ticks(m) for m in _MANTISSAS]
    limits = [nmax_dec] + [nmax] * (len(options) - 1)
    for t, n in zip(options, limits, strict=True):
        if 3 <= len(t) <= n:
            return t
    if hi - lo < 1.05:  # inside about one decade: plain evenly spaced values read best
        from matplotlib.ticker import MaxNLocator

        lin = [v for v in MaxNLocator(nbins=min(nmax, 5), steps=[1, 2, 5, 10])
               .tick_values(vmin, vmax) if vmin - 1e-12 * vmax <= v <= vmax * (1 + 1e-12) and v > 0]
        if len(lin) >= 2:
            return lin
    fits = [t for t, n in zip(options, limits, strict=True) if 2 <= len(t) <= n]
    if fits:
        return max(fits, key=len)
    n_dec = len(options[0])
    if n_dec > nmax_dec:
        stride = math.ceil(n_dec / nmax_dec)
        return ticks((1.0,), stride)
    return options[0]


def _axis_length_pts(axis) -> float | None:
    ax = axis.axes
    if ax is None or ax.figure is None:
        return None
    bb = ax.bbox
    length = bb.width if axis.axis_name == "x" else bb.height
    return float(length) * 72.0 / float(ax.figure.dpi)


def _label_size_pts(axis) -> float:
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    size = mpl.rcParams[f"{axis.axis_name}tick.labelsize"]
    return float(FontProperties(size=size).get_size_in_points())


@functools.cache
def _locator_class():
    from matplotlib.ticker import Locator

    class LogTicks(Locator):
        """Labelled ticks of a log axis; how many depends on the axis' length when drawn.

        Parameters
        ----------
        spacing : float
            Space one label needs along the axis, in multiples of the tick-label font size
            (about 5 for ``3x10^9`` side by side on an x axis, 2.2 stacked on a y axis).
        decade_spacing : float
            The same when every label is a power of ten (``10^9`` is narrower).
        """

        def __init__(self, spacing: float, decade_spacing: float | None = None):
            self.spacing = float(spacing)
            self.decade_spacing = float(decade_spacing or spacing)

        def _nmax(self, spacing: float) -> int:
            length = _axis_length_pts(self.axis) if self.axis is not None else None
            if length is None:
                return 6
            return max(2, int(length // (spacing * _label_size_pts(self.axis))))

        def __call__(self):
            vmin, vmax = self.axis.get_view_interval()
            return self.tick_values(vmin, vmax)

        def tick_values(self, vmin, vmax):
            return np.asarray(_log_tick_values(float(vmin), float(vmax),
                                               self._nmax(self.spacing),
                                               self._nmax(self.decade_spacing)))

        def view_limits(self, vmin, vmax):
            return vmin, vmax

    return LogTicks


def log_axis(axis, *, percent: bool = False, spacing: float | None = None) -> None:
    """Uncrowded labelled ticks on a log ``axis`` (``ax.xaxis`` or ``ax.yaxis``).

    Call after ``set_xscale("log")`` / ``set_yscale("log")`` (setting a scale resets the ticks).
    Labels are percentages (``percent=True``) or powers of ten; minor ticks stay unlabelled.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    if spacing is None:
        spacing = 2.2 if axis.axis_name == "y" else (4.0 if percent else 5.0)
    decades = spacing if axis.axis_name == "y" else 0.65 * spacing
    axis.set_major_locator(_locator_class()(spacing, decades))
    axis.set_major_formatter(FuncFormatter(pct if percent else sci))
    axis.set_minor_locator(LogLocator(subs="auto"))
    axis.set_minor_formatter(NullFormatter())


def percent_axis(ax, *, log: bool, which: str = "y") -> None:
    """An error axis in percent (the paper's figures read error rates in %), log or linear."""
    from matplotlib.ticker import FuncFormatter

    axis = ax.yaxis if which == "y" else ax.xaxis
    if log:
        log_axis(axis, percent=True)
    else:
        axis.set_major_formatter(FuncFormatter(pct))


@functools.cache
def _text_class():
    from matplotlib.text import Text

    class CornerText(Text):
        """Text in one of the corners of its axes, chosen when drawn to cover the fewest
        points and the least of the lines (like ``legend(loc="best")``)."""

        _CORNERS = {
            "lower left": (0.02, 0.03, "left", "bottom"),
            "upper right": (0.98, 0.97, "right", "top"),
            "lower right": (0.98, 0.03, "right", "bottom"),
            "upper left": (0.02, 0.97, "left", "top"),
        }

        def __init__(self, ax, text: str, corners: Sequence[str], group=None, **kwargs):
            x, y, ha, va = self._CORNERS[corners[0]]
            kwargs.setdefault("multialignment", "left")
            super().__init__(x, y, text, ha=ha, va=va, transform=ax.transAxes, **kwargs)
            self._corners = tuple(corners)
            self.corner = corners[0]
            self._group = group
            if group is not None:
                group.append(self)

        def _obstacles(self):
            from matplotlib.collections import PathCollection, PolyCollection

            ax = self.axes
            pts, lines, areas = [], [], []
            for c in ax.collections:
                if not c.get_visible():
                    continue
                if isinstance(c, PathCollection):
                    off = np.asarray(c.get_offsets(), dtype=float)
                    if off.size:
                        pts.append(c.get_offset_transform().transform(off))
                elif isinstance(c, PolyCollection):  # bands: (path, transform) pairs
                    areas += [(path, c.get_transform()) for path in c.get_paths()]
            for ln in ax.lines:
                if ln.get_visible():
                    xy = np.asarray(ln.get_xydata(), dtype=float)
                    if len(xy):
                        lines.append(ln.get_transform().transform(xy))
            pts_all = np.concatenate(pts) if pts else np.empty((0, 2))
            return pts_all, lines, areas

        def _score(self, bb, pts, lines, areas) -> float:
            def inside(xy):
                ok = np.all(np.isfinite(xy), axis=1)
                xy = xy[ok]
                return ((xy[:, 0] >= bb.x0) & (xy[:, 0] <= bb.x1) & (xy[:, 1] >= bb.y0)
                        & (xy[:, 1] <= bb.y1))

            s = float(inside(pts).sum()) if len(pts) else 0.0
            for xy in lines:  # a line counts as much as 10 points when wholly covered
                s += 10.0 * float(inside(xy).mean()) if len(xy) else 0.0
            if areas:  # a band counts as much as 2 points when it fills the box
                gx, gy = np.meshgrid(np.linspace(bb.x0, bb.x1, 6), np.linspace(bb.y0, bb.y1, 4))
                probe = np.column_stack([gx.ravel(), gy.ravel()])
                hit = np.zeros(len(probe), dtype=bool)
                for path, tr in areas:
                    hit |= tr.transform_path(path).contains_points(probe)
                s += 2.0 * float(hit.mean())
            return s

        def _place(self, corner):
            x, y, ha, va = self._CORNERS[corner]
            self.set_position((x, y))
            self.set_horizontalalignment(ha)
            self.set_verticalalignment(va)

        def _scores(self, renderer) -> list[float]:
            """How much the box hides in each corner, in the order of ``corners``."""
            pts, lines, areas = self._obstacles()
            pad = 0.5 * self.get_fontsize() * renderer.points_to_pixels(1.0)
            out = []
            for corner in self._corners:
                self._place(corner)
                out.append(self._score(self.get_window_extent(renderer).padded(pad), pts,
                                       lines, areas))
            return out

        def draw(self, renderer):
            if not self.get_visible() or self.axes is None:
                return
            members = [t for t in (self._group or [self]) if t.axes is not None
                       and t.get_visible()]
            if self._group is not None and members and self is not members[0] \
                    and getattr(members[0], "_drawn_with", None) is renderer:
                choice = members[0].corner  # the group's corner, chosen by its first member
            else:
                # the same corner in every panel of a group: the one hiding least in total
                totals = np.sum([t._scores(renderer) for t in members], axis=0)
                free = [c for c, v in zip(self._corners, totals, strict=True) if v == 0]
                choice = free[0] if free else self._corners[int(np.argmin(totals))]
                for t in members:
                    t.corner = choice
            self._drawn_with = renderer
            best = (None, choice)
            x, y, ha, va = self._CORNERS[best[1]]
            self.corner = best[1]
            self.set_position((x, y))
            self.set_horizontalalignment(ha)
            self.set_verticalalignment(va)
            super().draw(renderer)

    return CornerText


def corner_text(ax, text: str, *, corners: Sequence[str] = ("lower left", "upper right",
                                                            "lower right", "upper left"),
                fontsize: float = 7, group: list | None = None, **kwargs):
    """Add ``text`` in a white box in the corner of ``ax`` that hides the least data.

    The corner is chosen each time the figure is drawn (the layout is final then), trying
    ``corners`` in order and keeping the first that covers no point and no line, else the one
    covering least. Boxes given the same ``group`` (a list, shared by the panels of one figure)
    go to the same corner in every panel: the first free in all, else the one hiding least in
    total. Returns the text artist (in ``ax.texts``).
    """
    kwargs.setdefault("bbox", dict(boxstyle="round,pad=0.3", fc="white", ec="0.8", alpha=0.9))
    t = _text_class()(ax, text, corners, group=group, fontsize=fontsize, **kwargs)
    ax.add_artist(t)
    return t


def exclude_from_autoscale(ax, draw: Callable[[], object], *, keep=None):
    """Call ``draw()`` (e.g. ``lambda: ax.fill_between(...)``) without its artist widening the
    data limits; then widen them by the points ``keep`` (an (n, 2) array), if given.

    A confidence band that runs far beyond the data would otherwise squash the data into a
    corner; the band is still drawn in full, only clipped by the axes.
    """
    saved = ax.dataLim.frozen()
    ignore = ax.ignore_existing_data_limits
    out = draw()
    ax.dataLim.set(saved)
    ax.ignore_existing_data_limits = ignore
    if keep is not None:
        k = np.asarray(keep, dtype=float)
        k = k[np.all(np.isfinite(k), axis=1)] if k.size else k
        if len(k):
            ax.update_datalim(k)
    ax.autoscale_view()
    return out
