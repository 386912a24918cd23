"""Figure functions of the scaling analysis return axes with the expected artists (Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection, PolyCollection  # noqa: E402

from computelimits.errors import InputError  # noqa: E402
from computelimits.fitting import (  # noqa: E402
    fit,
    fit_imputation,
    fit_specifications,
    impute_flops_from_params,
)
from computelimits.plotting import fits as P  # noqa: E402


def records(n=30, seed=0, benchmark="imagenet", burden=False):
    rng = np.random.default_rng(seed)
    gflops = 10 ** rng.uniform(0, 3, n)
    err = 10 ** (-0.5 - 0.1 * np.log10(gflops) + rng.normal(0, 0.06, n))
    df = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": benchmark,
                       "year": rng.uniform(2012, 2020, n), "error": err,
                       "params": 10 ** (6.5 + 0.9 * np.log10(gflops) + rng.normal(0, 0.1, n))})
    df["hardware_burden_flops" if burden else "flops_per_pass"] = gflops * 1e9
    df.loc[0, "model"] = "AlexNet"
    return df


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _scatters(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def _bands(ax):
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def test_plot_fit_draws_points_line_band_and_equation():
    r = fit(records())
    ax = P.plot_fit(r)
    assert len(_scatters(ax)) == 1 and len(_scatters(ax)[0].get_offsets()) == r.nobs
    assert len(ax.lines) == 1 and len(_bands(ax)) == 1
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert any("R²" in t.get_text() for t in ax.texts)
    # the fitted line is the model's prediction
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(y, r.predict(x * 1e9))


def test_plot_fit_uses_given_axes_and_linear_scale_for_exponential():
    fig, ax0 = plt.subplots()
    r = fit(records(), form="exponential")
    ax = P.plot_fit(r, ax=ax0, show_ci=False, show_equation=False, label_points=True)
    assert ax is ax0 and ax.get_yscale() == "linear" and not _bands(ax)
    assert len(ax.texts) == r.nobs  # one name per point, no equation box


def test_figure2b_normalised_to_alexnet():
    r = fit(records())
    ax = P.plot_figure2b(r)
    offs = _scatters(ax)[0].get_offsets()
    alex = r.data["model"].tolist().index("AlexNet")
    assert offs[alex, 0] == pytest.approx(1.0)
    assert "AlexNet" in ax.get_xlabel()
    with pytest.raises(InputError, match="no model named"):
        P.plot_figure2b(r, reference_model="LeNet")
    ax2 = P.plot_figure2b(r, reference_model="LeNet", reference_flops=2e9)
    np.testing.assert_allclose(_scatters(ax2)[0].get_offsets()[:, 0], r.data["x_value"] / 2e9)
    assert "LeNet" in ax2.get_xlabel()
    b = fit(records(burden=True), x="burden")
    with pytest.raises(InputError):
        P.plot_figure2b(b)


def test_figure3_and_figure10_grids():
    benches = ["imagenet", "coco", "squad11", "conll2003", "wmt14-en-fr"]
    poly = [fit(records(seed=i, benchmark=b, burden=True), x="burden") for i, b in enumerate(benches)]
    axes = P.plot_figure3(poly)
    assert len(axes) == 5
    assert all(len(_scatters(a)) == 1 and len(a.lines) == 1 for a in axes)
    assert axes[1].get_title().startswith("MS COCO")
    expo = [fit(records(seed=i, benchmark=b, burden=True), x="burden", form="exponential-inverse")
            for i, b in enumerate(benches)]
    axes10 = P.plot_figure10(expo, ncols=5)
    assert len(axes10) == 5 and all(a.get_yscale() == "linear" for a in axes10)
    fig, given = plt.subplots(1, 5)
    assert list(P.plot_figure10(expo, axes=given)) == list(given)
    with pytest.raises(InputError):
        P.plot_figure3(poly, axes=given[:2])


def test_figure7_imputation():
    df = records()
    df.loc[:4, "flops_per_pass"] = np.nan
    m = fit_imputation(df)
    filled = impute_flops_from_params(df, m)
    ax = P.plot_figure7(m, imputed=filled)
    sc = _scatters(ax)
    assert len(sc) == 2 and len(sc[0].get_offsets()) == m.nobs and len(sc[1].get_offsets()) == 5
    assert len(ax.lines) == 1 and ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_legend() is not None


def test_figure8_mean_vs_quantile():
    df = records(n=60)
    ax = P.plot_figure8(fit(df), fit(df, quantile=0.1))
    assert len(ax.lines) == 2 and len(_scatters(ax)) == 1
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("10% quantile" in s for s in labels) and any("conditional mean" in s for s in labels)


def test_figure9_specifications():
    res = fit_specifications(records())
    axes = P.plot_figure9(res)
    assert len(axes) == len(res)
    assert all("R²" in a.get_title() for a in axes)
    assert all(len(a.lines) == 1 for a in axes)


def test_figure2a_compute_vs_hardware():
    rng = np.random.default_rng(1)
    years = np.sort(rng.uniform(1990, 2024, 80))
    flops = 10 ** np.where(years < 2012, 14 + 0.3 * (years - 1990), 20.6 + 1.0 * (years - 2012))
    training = pd.DataFrame({"year": years, "training_compute_flops": flops * 10 ** rng.normal(0, 0.3, 80)})
    hw = pd.DataFrame({"year": [2008.5, 2012.2, 2016.3, 2020.4, 2022.7],
                       "peak_flops": [6.2e11, 3.3e12, 1.06e13, 1.95e13, 6.7e13]})
    ax = P.plot_figure2a(training, hw)
    assert len(_scatters(ax)) == 1 and len(ax.lines) == 2  # two eras
    rax = ax.right_ax
    assert len(rax.lines) == 2 and rax.get_yscale() == "log"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("x per year" in s for s in labels)
    # both axes span the same number of decades, so slopes compare
    lo, hi = ax.get_ylim()
    rlo, rhi = rax.get_ylim()
    assert np.log10(hi / lo) == pytest.approx(np.log10(rhi / rlo))
    ax2 = P.plot_figure2a(training, None, fit=False)
    assert not hasattr(ax2, "right_ax") and len(ax2.lines) == 0
    with pytest.raises(InputError):
        P.plot_figure2a(pd.DataFrame({"year": [2020]}))


def test_figure2a_on_reference_data(reference_dir):
    from computelimits.fitting import hardware_peak_frontier, load_epoch_training_compute

    tr = load_epoch_training_compute(reference_dir / "epoch-ai-models" / "notable_ai_models_2026-05-02.csv")
    try:
        hw = hardware_peak_frontier()
    except Exception:  # noqa: BLE001 - hardware table built by another module
        hw = None
    ax = P.plot_figure2a(tr, hw)
    assert len(_scatters(ax)) == 1 and len(ax.lines) == 2
