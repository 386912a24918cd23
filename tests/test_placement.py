"""A model against the fitted trend (computelimits.placement, plotting.placement)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from computelimits.errors import InputError
from computelimits.placement import Placement, place, place_on_fit, place_on_trend

# Paper, Table 1 column 2 (ImageNet): log10(error) = -0.51 - 0.11 log10(GFLOPs per pass)
A, B = -0.51, -0.11


def test_compute_equivalent_gain_by_hand():
    # a model with 20 % error at 10 GFLOPs per pass
    p = place_on_trend(0.20, 10e9, intercept=A, slope=B, x_unit="GFLOP")
    # the trend at 10 GFLOPs: log10(error) = -0.51 - 0.11 * 1 = -0.62
    assert p.predicted_y == pytest.approx(-0.62)
    assert p.predicted_error == pytest.approx(10 ** -0.62)
    # residual on the log10(error) scale
    assert p.residual == pytest.approx(math.log10(0.2) + 0.62)
    assert p.residual < 0 and p.better_than_trend
    # the trend reaches 20 % at log10(GFLOPs) = (log10(0.2) + 0.51) / -0.11 = 1.7179...
    lg_trend = (math.log10(0.2) - A) / B
    assert p.trend_flops == pytest.approx(10 ** lg_trend * 1e9)
    assert p.compute_equivalent_gain == pytest.approx(10 ** (lg_trend - 1))
    assert p.compute_equivalent_gain == pytest.approx(5.2229, abs=1e-4)
    assert p.log10_gain == pytest.approx(p.residual / B)
    assert p.n_reference == 0 and math.isnan(p.percentile)


def test_unit_of_the_logarithm_only_moves_the_intercept():
    g = place_on_trend(0.2, 10e9, intercept=A, slope=B, x_unit="GFLOP")
    f = place_on_trend(0.2, 10e9, intercept=A - 9 * B, slope=B, x_unit="FLOP")
    assert f.compute_equivalent_gain == pytest.approx(g.compute_equivalent_gain)
    assert f.predicted_error == pytest.approx(g.predicted_error)


def test_worse_than_trend_gain_below_one():
    p = place_on_trend(0.30, 10e9, intercept=A, slope=B)
    assert not p.better_than_trend and p.residual > 0
    assert p.compute_equivalent_gain == pytest.approx(10 ** ((math.log10(0.3) - A) / B - 1))
    assert p.compute_equivalent_gain < 1


def test_exponential_forms():
    # Table 1 column 1: error = 0.31 - 0.06 log10(GFLOPs)
    p = place_on_trend(0.20, 10e9, intercept=0.31, slope=-0.06, form="error-linear")
    assert p.predicted_error == pytest.approx(0.25)
    assert p.residual == pytest.approx(-0.05)
    assert p.compute_equivalent_gain == pytest.approx(10 ** (0.05 / 0.06))
    # 1/error rises with computation: slope > 0, orientation -1
    p = place_on_trend(0.20, 10e9, intercept=3.0, slope=0.5, form="exponential")
    assert p.orientation == -1
    assert p.predicted_error == pytest.approx(1 / 3.5)
    assert p.residual == pytest.approx(5 - 3.5) and p.better_than_trend
    assert p.log10_gain == pytest.approx((5 - 3.5) / 0.5)


def test_slope_that_does_not_help_has_no_gain():
    p = place_on_trend(0.2, 1e10, intercept=A, slope=0.05)
    assert math.isnan(p.compute_equivalent_gain) and math.isnan(p.trend_flops)
    assert any("does not make the error fall" in w for w in p.warnings)


def test_enormous_gain_stays_finite_in_log():
    # error-linear form: a tiny error needs astronomically more computation
    p = place_on_trend(0.01, 1e10, intercept=0.31, slope=-0.0001, form="error-linear")
    assert p.log10_gain == pytest.approx((0.01 - 0.31 + 0.0001) / -0.0001)
    assert math.isinf(p.compute_equivalent_gain)
    assert "10^" in p.summary()


def test_percentile_and_share_beaten():
    # four reference models with residuals -0.1, 0, +0.1, +0.2 on the log10(error) scale
    x = np.array([1e9, 1e10, 1e11, 1e12])
    resid = np.array([-0.1, 0.0, 0.1, 0.2])
    err = 10 ** (A + B * np.log10(x / 1e9) + resid)
    p = place_on_trend(10 ** (A + B * 1 + 0.05), 1e10, intercept=A, slope=B,
                       reference_flops=x, reference_error=err, reference_model=list("abcd"))
    assert p.residual == pytest.approx(0.05)
    assert np.allclose(p.reference_residual, resid)
    assert p.percentile == pytest.approx(50.0)       # two of four residuals below
    assert p.share_beaten == pytest.approx(50.0)     # two of four further above the trend
    assert p.n_reference == 4 and p.reference_model == tuple("abcd")
    assert p.warnings == ()
    # a tie counts half
    q = place_on_trend(10 ** (A + B * 1 + 0.1), 1e10, intercept=A, slope=B,
                       reference_flops=x, reference_error=err)
    assert q.percentile == pytest.approx(100 * 2.5 / 4)


def test_extrapolation_warnings():
    x = np.array([1e9, 1e10, 1e11])
    err = 10 ** (A + B * np.log10(x / 1e9))
    p = place_on_trend(0.2, 1e14, intercept=A, slope=B, reference_flops=x, reference_error=err)
    assert any("outside the data" in w and "extrapolated" in w for w in p.warnings)
    p = place_on_trend(0.01, 1e10, intercept=A, slope=B, reference_flops=x, reference_error=err)
    assert any("compute-equivalent gain is an extrapolation" in w for w in p.warnings)
    p = place_on_trend(0.2, 1e10, intercept=A, slope=B, slope_pvalue=0.3)
    assert any("not significant" in w for w in p.warnings)


def test_year_term():
    # a trend with a year term: log10(error) = -0.24 - 0.11 log10(GFLOPs) - 0.04 (year - 0)
    p = place_on_trend(0.2, 1e10, intercept=-0.24, slope=-0.11, year=5, year_coef=-0.04)
    assert p.predicted_y == pytest.approx(-0.24 - 0.11 - 0.2)
    assert p.log10_gain == pytest.approx((math.log10(0.2) - p.predicted_y) / -0.11)
    with pytest.raises(InputError, match="year"):
        place_on_trend(0.2, 1e10, intercept=-0.24, slope=-0.11, year_coef=-0.04)


@pytest.mark.parametrize("kwargs", [dict(error=0.0), dict(error=1.2), dict(error=float("nan")),
                                    dict(flops=0), dict(flops=-1e9), dict(flops="a lot")])
def test_bad_input(kwargs):
    args = dict(error=0.2, flops=1e10) | kwargs
    with pytest.raises(InputError):
        place_on_trend(args["error"], args["flops"], intercept=A, slope=B)


def test_value_and_renderings():
    p = place_on_trend(0.2, 1e10, intercept=A, slope=B, reference_flops=[1e9, 1e11],
                       reference_error=[0.3, 0.2], benchmark="imagenet", label="mine")
    assert isinstance(p, Placement)
    with pytest.raises(AttributeError):
        p.error = 0.1
    d = p.to_dict()
    assert d["compute_equivalent_gain"] == p.compute_equivalent_gain and "reference" not in d
    assert len(p.to_dict(reference=True)["reference"]) == 2
    assert p.to_frame().loc[0, "label"] == "mine"
    s = p.summary()
    assert "compute-equivalent gain" in s and "mine" in s
    assert p.predict(1e10) == pytest.approx(p.predicted_error)


# ------------------------------------------------------------------ against a fit


def synthetic_records(n=25, seed=0, a=A, b=B, with_year=False):
    rng = np.random.default_rng(seed)
    x = 10 ** rng.uniform(0, 3, n) * 1e9
    year = rng.uniform(2013, 2020, n)
    y = a + b * np.log10(x / 1e9) + rng.normal(0, 0.04, n)
    return pd.DataFrame(dict(model=[f"net-{i}" for i in range(n)], benchmark="imagenet",
                             year=year if with_year else 2018.0 + (np.arange(n) % 3),
                             error=10 ** y, flops_per_pass=x))


def test_place_against_a_fit():
    from computelimits.fitting import fit

    df = synthetic_records()
    res = fit(df, benchmark="imagenet")
    p = place("ILSVRC", 0.2, 1e10, data=df)
    assert p.benchmark == "imagenet" and p.x == "per-pass" and p.form == "polynomial"
    assert p.slope == pytest.approx(res.slope) and p.intercept == pytest.approx(res.intercept)
    assert p.predicted_error == pytest.approx(res.predict(1e10))
    assert p.trend_flops == pytest.approx(res.x_for_error(0.2))
    assert p.compute_equivalent_gain == pytest.approx(res.x_for_error(0.2) / 1e10)
    # the percentile is among the fit's own residuals
    resid = res.data["y"] - res.predict_y(res.data["x_value"].to_numpy())
    assert np.allclose(sorted(p.reference_residual), sorted(resid))
    expected = 100 * (np.sum(resid < p.residual) + 0.5 * np.sum(resid == p.residual)) / len(resid)
    assert p.percentile == pytest.approx(expected)
    assert p.n_reference == res.nobs == 25
    assert p.fit_nobs == 25 and p.fit_rsquared == pytest.approx(res.rsquared)
    # metric value instead of error: 80 % top-1 = 20 % error
    q = place("imagenet", metric_value=80.0, flops=1e10, data=df)
    assert q.error == pytest.approx(0.2) and q.log10_gain == pytest.approx(p.log10_gain)
    # a result object directly
    r = place_on_fit(res, 0.2, 1e10)
    assert r.log10_gain == pytest.approx(p.log10_gain)


def test_place_with_year_and_quantile():
    from computelimits.fitting import fit

    df = synthetic_records(n=40, with_year=True)
    res = fit(df, benchmark="imagenet", year=True)
    p = place("imagenet", 0.2, 1e10, data=df, year=2019.0)
    assert p.year_coef == pytest.approx(res.year_coef)
    assert p.predicted_error == pytest.approx(res.predict(1e10, year=2019.0))
    assert p.trend_flops == pytest.approx(res.x_for_error(0.2, year=2019.0))
    with pytest.raises(InputError, match="year"):
        place_on_fit(res, 0.2, 1e10)
    qres = fit(df, benchmark="imagenet", quantile=0.1)
    qp = place("imagenet", 0.2, 1e10, data=df, quantile=0.1)
    assert qp.slope == pytest.approx(qres.slope)


def test_place_input_errors():
    df = synthetic_records()
    with pytest.raises(InputError):
        place("imagenet", 0.2, None, data=df)
    with pytest.raises(InputError):
        place("imagenet", 0.2, 1e10, metric_value=80, data=df)
    with pytest.raises(InputError):
        place("imagenet", None, 1e10, data=df)


def test_plot_placement():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from computelimits.plotting.placement import plot_placement

    df = synthetic_records()
    p = place("imagenet", 0.2, 1e10, data=df, label="mine")
    ax = plot_placement(p)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    # reference scatter + the model; the trend line
    offsets = [c.get_offsets() for c in ax.collections]
    assert sum(len(o) for o in offsets) == p.n_reference + 1
    assert any(np.allclose(o, [[p.flops / 1e9, p.error]]) for o in offsets)
    assert len(ax.lines) == 1
    assert any("compute-equivalent gain" in t.get_text() for t in ax.texts)
    plt.close(ax.figure)
    # on given axes, exponential form: linear error axis
    fig, ax2 = plt.subplots()
    q = place_on_trend(0.01, 1e10, intercept=0.31, slope=-0.06, form="error-linear")
    assert plot_placement(q, ax=ax2, label_reference=True) is ax2
    assert ax2.get_yscale() == "linear"
    plt.close(fig)
