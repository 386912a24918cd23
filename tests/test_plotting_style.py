"""Readability of the figures: uncrowded log ticks, percent axes, equation boxes that avoid the
data, confidence bands that neither squash the data nor leave the error range (Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from computelimits.fitting import fit, fit_specifications  # noqa: E402
from computelimits.fitting.forms import get_form  # noqa: E402
from computelimits.plotting import _style as S  # noqa: E402
from computelimits.plotting import fits as P  # noqa: E402
from computelimits.plotting.projection import _error_band, plot_projection  # noqa: E402
from computelimits.projection import project  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def records(n=30, seed=0, decades=(0.0, 3.0), burden=False, noise=0.06):
    rng = np.random.default_rng(seed)
    gflops = 10 ** rng.uniform(*decades, n)
    err = 10 ** (-0.5 - 0.1 * np.log10(gflops) + rng.normal(0, noise, n))
    df = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "coco",
                       "year": rng.uniform(2012, 2020, n), "error": err})
    df["hardware_burden_flops" if burden else "flops_per_pass"] = gflops * 1e9
    return df


def _overlaps(boxes) -> bool:
    boxes = sorted(boxes, key=lambda b: b.x0)
    return any(a.x1 > b.x0 for a, b in zip(boxes, boxes[1:], strict=False))


# ---------------------------------------------------------------- tick choice and labels
def test_log_ticks_decades_on_long_axes_and_steps_on_short_ones():
    assert S._log_tick_values(1e9, 1e14, 6, 8) == pytest.approx([1e9, 1e10, 1e11, 1e12, 1e13,
                                                                  1e14])
    # 1.5 decades: 1-3 steps, not a single decade label
    assert S._log_tick_values(2.5e9, 9e10, 4) == pytest.approx([3e9, 1e10, 3e10])
    # inside one decade: evenly spaced values
    lin = S._log_tick_values(0.55, 0.65, 6)
    assert len(lin) >= 2 and all(0.55 <= v <= 0.65 for v in lin)
    assert np.allclose(np.diff(lin), np.diff(lin)[0])
    # a hundred decades on a short axis: every k-th decade, never more than allowed
    many = S._log_tick_values(1.0, 1e100, 5)
    assert 2 <= len(many) <= 5 and all(np.log10(v) % 1 == 0 for v in many)


def test_labels():
    assert S.pct(0.05) == "5%" and S.pct(0.625) == "62.5%" and S.pct(0) == ""
    assert S.sci(1e10) == "$10^{10}$" and S.sci(3e9) == r"$3\times10^{9}$"
    assert S.sci(0.1) == "$10^{-1}$"


def test_narrow_log_axis_labels_do_not_overlap():
    # a panel a quarter of a report wide, computation spanning 1.5 decades (MS COCO in Figure 3)
    r = fit(records(decades=(9.4, 10.95), burden=True), x="burden")
    fig, ax = plt.subplots(figsize=(2.6, 2.4), layout="constrained")
    P.plot_fit(r, ax=ax)
    fig.canvas.draw()
    labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    lo, hi = ax.get_xlim()
    shown = [t for t in labels if lo <= t.get_position()[0] <= hi]
    assert len(shown) >= 2
    assert not _overlaps([t.get_window_extent() for t in shown])
    assert all(t.get_text() == "" for t in ax.xaxis.get_minorticklabels())
    assert all(t.get_text().endswith("%") for t in ax.get_yticklabels() if t.get_text())


# ---------------------------------------------------------------- equation box
def test_equation_is_short_and_defines_x():
    specs = fit_specifications(records())
    text = P._equation(specs["polynomial-cubic"])
    lines = text.splitlines()
    assert max(len(s) for s in lines) <= 48
    assert "x = log10(GFLOPs)" in lines and lines[-1].startswith("R² = ")
    assert "x³" in text and "-" not in text.replace("log10", "")  # true minus signs
    year = P._equation(fit(records(), year=True))
    assert "t = year" in year


def test_corner_text_avoids_the_points():
    fig, ax = plt.subplots(figsize=(4, 3))
    rng = np.random.default_rng(0)
    ax.scatter(rng.uniform(0, 0.3, 40), rng.uniform(0, 0.3, 40))  # crowd the lower left
    ax.scatter([1.0], [1.0])
    t = S.corner_text(ax, "a = 1\nb = 2")
    assert t in ax.texts
    fig.canvas.draw()
    assert t.corner != "lower left"


def test_figure9_with_equations_keeps_its_layout():
    axes = P.plot_figure9(fit_specifications(records()))
    fig = axes[0].figure
    fig.canvas.draw()
    width = fig.bbox.width
    assert all(a.get_window_extent().width > 0.25 * width for a in axes)
    assert all(any("R²" in t.get_text() for t in a.texts) for a in axes)


# ---------------------------------------------------------------- bands
def test_wide_band_does_not_squash_the_data():
    # few noisy rows on the 1/error scale: the band reaches far beyond the data
    df = records(n=6, seed=3, noise=0.15, burden=True)
    r = fit(df, x="burden", form="exponential-inverse")
    ax = P.plot_fit(r)
    lo, hi = ax.get_ylim()
    x, y = ax.lines[0].get_data()
    vals = np.r_[df["error"], y]
    span = vals.max() - vals.min()
    assert hi <= vals.max() + 0.35 * span and lo >= vals.min() - 0.35 * span


def test_error_band_clipped_to_valid_errors():
    inv = get_form("exponential-inverse")
    lo, hi, where = _error_band(inv, np.array([-0.5, 0.2, 4.0]), np.array([3.0, 0.5, 5.0]))
    # 1/error from -0.5 to 3: any error from 1/3 up to 100 %
    assert where.tolist() == [True, False, True]
    assert lo[0] == pytest.approx(1 / 3) and hi[0] == pytest.approx(1.0)
    assert (lo[2], hi[2]) == pytest.approx((0.2, 0.25))
    poly = get_form("polynomial")
    lo, hi, where = _error_band(poly, np.array([-2.0]), np.array([0.5]))
    assert where[0] and lo[0] == pytest.approx(0.01) and hi[0] == pytest.approx(1.0)


def test_projection_error_axis_in_percent_and_on_the_targets():
    df = records(n=8, seed=3, noise=0.06, burden=True, decades=(8, 11))
    r = fit(df, x="burden", form="exponential-inverse")
    ax = plot_projection(project(r, ["2%", "1%"]))
    lo, hi = ax.get_ylim()
    assert 1e-3 < lo < 0.01 and hi <= 1.0  # not 1e-300
    assert ax.yaxis.get_major_formatter()(0.05) == "5%"
    for coll in ax.collections:
        for path in coll.get_paths():
            ys = path.vertices[:, 1]
            if len(ys) > 4 and np.isfinite(ys).all() and (ys > 0).all():
                assert ys.max() <= 1.0 + 1e-9
    texts = [t.get_text() for t in ax.texts]
    assert any(s.startswith("1%: ") for s in texts)
    ax.figure.canvas.draw()
    fig_box = ax.figure.bbox
    for t in ax.texts:
        if t.get_text():
            b = t.get_window_extent()
            assert b.x1 <= fig_box.x1 + 1 and b.x0 >= fig_box.x0 - 1
