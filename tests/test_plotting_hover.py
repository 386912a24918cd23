"""Points a reader can identify: per-point SVG tooltips line up with the markers they name."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from computelimits.plotting.hover import svg_with_titles, tag_points  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _well_formed(svg: str) -> None:
    """The SVG parses, and every <use> points at a marker defined in the same file."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg.encode())
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    refs = {v[1:] for el in root.iter() for k, v in el.attrib.items()
            if k.endswith("href") and v.startswith("#")}
    assert refs <= ids, refs - ids
    n_markers = len(re.findall(r"<use |<path ", svg))
    assert n_markers > 0


def _titled_markers(svg: str) -> list[tuple[str, float]]:
    """(title, x position in the SVG) of every titled marker, in document order."""
    out = []
    for title, el in re.findall(r"<g><title>(.*?)</title>(<(?:use|path) [^>]*/>)</g>", svg,
                                flags=re.S):
        m = re.search(r' x="([-0-9.]+)"', el) or re.search(r'd="M ([-0-9.]+)', el)
        out.append((title, float(m.group(1))))
    return out


@pytest.mark.parametrize("sizes", [10.0, [5.0, 40.0, 10.0, 20.0, 30.0]])
def test_titles_follow_the_points_in_order(sizes):
    """Shared markers (<use>) and per-size markers (<path>) alike: each title sits on the marker
    of its own point (x positions increase with the data), points off a log axis dropped."""
    fig, ax = plt.subplots()
    x = np.array([3.0, 1.0, -1.0, 10.0, 30.0])  # -1 is not drawn on a log axis
    coll = ax.scatter(x, [1, 2, 3, 4, 5], s=sizes)
    ax.set_xscale("log")
    tag_points(coll, [f"p{v:g}" for v in x])
    svg = svg_with_titles(fig).decode()
    _well_formed(svg)
    marks = _titled_markers(svg)
    assert [t for t, _ in marks] == ["p3", "p1", "p10", "p30"]
    xs = dict(marks)
    assert xs["p1"] < xs["p3"] < xs["p10"] < xs["p30"]


def test_titles_are_escaped_and_counted():
    fig, ax = plt.subplots()
    coll = ax.scatter([1, 2], [1, 2])
    assert tag_points(coll, ["A & B <x>", "C"]) == 2
    svg = svg_with_titles(fig).decode()
    assert "<title>A &amp; B &lt;x&gt;</title>" in svg
    with pytest.raises(ValueError, match="3 labels for 2 points"):
        tag_points(coll, ["a", "b", "c"])


def test_fit_plot_names_every_model():
    from computelimits.fitting import fit
    from computelimits.plotting.fits import plot_fit

    r = fit(benchmark="imagenet")
    ax = plot_fit(r)
    svg = svg_with_titles(ax.figure).decode()
    _well_formed(svg)
    # the markers of the scatter are all still drawn: as many <use> as points
    assert svg.count("<use ") >= r.nobs
    titles = re.findall(r"<title>(.*?)</title>", svg)
    assert len(titles) == r.nobs
    from xml.sax.saxutils import escape

    for m, y in zip(r.data["model"], r.data["year"], strict=True):
        assert f"{escape(m)} ({int(y)}): error" in "\n".join(titles), m
    assert all(re.search(r"\(\d{4}\): error [0-9.]+%, computation per network pass [0-9.e+]+ GFLOPs", t)
               for t in titles)
