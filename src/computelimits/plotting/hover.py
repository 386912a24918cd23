"""Points a reader can identify: a tooltip per drawn point in SVG output.

A plotting function marks a scatter with :func:`tag_points` (one label per point: model, year,
value, source); :func:`svg_with_titles` saves the figure as SVG and wraps each marked point in an
SVG ``<g>`` with a ``<title>``, which browsers show when the pointer rests on the point. The PNG
output is unchanged. Works offline and in a self-contained HTML page (inline SVG); no JavaScript.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> coll = ax.scatter([1, 2], [3, 4])
>>> tag_points(coll, ["AlexNet (2012)", "VGG-16 (2014)"])
2
>>> svg = svg_with_titles(fig).decode()
>>> svg.count("<title>"), "<title>VGG-16 (2014)</title>" in svg
(2, True)
>>> plt.close(fig)
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

import numpy as np

__all__ = ["tag_points", "point_titles", "svg_with_titles", "fit_point_labels"]

_ATTR = "_computelimits_point_titles"
_COUNTER = itertools.count()


def tag_points(collection: Any, labels: Sequence[str]) -> int:
    """Attach one tooltip label per point of a scatter (a matplotlib ``PathCollection``).

    Points that are not drawn (non-finite, or not positive on a log axis, judged when the figure
    is saved) are skipped with their labels, so labels stay aligned with the markers in the SVG.
    Returns the number of labels attached.

    Raises
    ------
    ValueError
        ``labels`` and the collection's points differ in number.
    """
    n = len(collection.get_offsets())
    labels = [str(v) for v in labels]
    if len(labels) != n:
        raise ValueError(f"{len(labels)} labels for {n} points")
    gid = f"cl-points-{next(_COUNTER)}"
    collection.set_gid(gid)
    fig = collection.axes.figure if collection.axes is not None else collection.figure
    fig.__dict__.setdefault(_ATTR, {})[gid] = (collection, labels)
    return n


def _drawn(collection: Any) -> np.ndarray:
    offsets = np.asarray(collection.get_offsets(), dtype=float).reshape(-1, 2)
    ok = np.isfinite(offsets).all(axis=1)
    ax = collection.axes
    if ax is not None:
        if ax.get_xscale() == "log":
            ok &= offsets[:, 0] > 0
        if ax.get_yscale() == "log":
            ok &= offsets[:, 1] > 0
    return ok


def point_titles(figure: Any) -> dict[str, list[str]]:
    """``{gid: labels of the drawn points}`` of the tagged scatters still in ``figure``."""
    out = {}
    for gid, (coll, labels) in getattr(figure, _ATTR, {}).items():
        if coll.axes is None or coll.axes.figure is not figure or coll not in coll.axes.collections:
            continue
        out[gid] = [lab for lab, ok in zip(labels, _drawn(coll), strict=True) if ok]
    return out


def fit_point_labels(result: Any, sources: Any = None) -> list[str]:
    """One tooltip per row of a fit's data: model, year, error and computation (and source).

    Parameters
    ----------
    result : FitResult
    sources : mapping model -> str, optional
        Where each model's numbers come from (e.g. an arXiv id).
    """
    from ..fitting.forms import get_x

    d = result.data
    unit = f"{result.x_unit}s"
    what = get_x(result.x).measure_text
    out = []
    imputed = d["flops_imputed"] if "flops_imputed" in d else [False] * len(d)
    for m, y, e, x, imp in zip(d["model"], d["year"], d["error"], d["x_value"], imputed,
                               strict=True):
        when = f" ({int(np.floor(y))})" if np.isfinite(float(y)) else ""
        lab = (f"{m}{when}: error {100 * float(e):.3g}%, "
               f"{what} {float(x) / result.x_scale:.3g} {unit}"
               + (" (imputed from parameters)" if bool(imp) else ""))
        src = None if sources is None else sources.get(m)
        if src:
            lab += f"; source: {src}"
        out.append(lab)
    return out


def _insert_titles(svg: str, titles: dict[str, list[str]]) -> str:
    # one marker per point: a <use> of a shared marker path, or (sizes varying) a <path>
    use = re.compile(r"<(?:use|path) [^>]*/>")
    for gid, labels in titles.items():
        start = svg.find(f'<g id="{gid}"')
        if start < 0 or not labels:
            continue
        pos = svg.find(">", start) + 1  # after the group's opening tag
        if svg[pos:pos + 40].lstrip().startswith("<defs>"):  # the shared marker, not a point
            pos = svg.find("</defs>", pos) + len("</defs>")
        out = [svg[:pos]]
        for lab in labels:  # the markers of a scatter are drawn in the order of its points
            m = use.search(svg, pos)
            if m is None:
                break
            out.append(svg[pos:m.start()])
            out.append(f"<g><title>{escape(lab)}</title>{m.group(0)}</g>")
            pos = m.end()
        out.append(svg[pos:])
        svg = "".join(out)
    return svg


def svg_with_titles(figure: Any, **savefig_kwargs: Any) -> bytes:
    """The figure as SVG bytes, each tagged point wrapped with its ``<title>`` tooltip.

    ``savefig_kwargs`` go to :meth:`matplotlib.figure.Figure.savefig` (``format="svg"`` and a
    date-free metadata block are set, so the output is byte-stable).
    """
    kw = {"bbox_inches": "tight", **savefig_kwargs, "format": "svg"}
    kw.setdefault("metadata", {"Date": None})
    buf = io.BytesIO()
    figure.savefig(buf, **kw)
    titles = point_titles(figure)
    if not titles:
        return buf.getvalue()
    return _insert_titles(buf.getvalue().decode("utf-8"), titles).encode("utf-8")
