"""Tests of the rolling-origin backtest and of algorithmic progress (issue 9)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from computelimits.backtest import (
    DEFAULT_VARIANTS,
    PAPER_VARIANT,
    VARIANTS,
    BacktestResult,
    Variant,
    backtest,
    backtest_arrays,
    default_cutoffs,
    level_key,
)
from computelimits.errors import InputError, UnknownNameError
from computelimits.intervals import bootstrap_ratio as ratio_interval_bootstrap
from computelimits.intervals import delta_ratio as ratio_interval_delta
from computelimits.intervals import fieller_ratio as ratio_interval_fieller
from computelimits.progress import (
    LOG10_2_MONTHS,
    ProgressResult,
    _map_reciprocal,
    algorithmic_progress,
    load_published_progress,
    progress_table,
)


# ------------------------------------------------------------------ synthetic data
def synth(rng, n=40, slope=-0.1, year_coef=0.0, sd=0.05, regime=None):
    """Models 2010-2020 whose computation grows over time; log10(error) linear in log10(C).

    ``regime=(year, shift)``: from that year on, log10(error) drops by ``shift`` (a deliberate
    break the earlier fits cannot know about).
    """
    yr = rng.uniform(2010, 2020, n)
    lx = rng.uniform(0, 2, n) + 0.25 * (yr - 2010)
    ly = -0.3 + slope * lx + year_coef * (yr - 2010) + rng.normal(0, sd, n)
    if regime is not None:
        ly[yr >= regime[0]] -= regime[1]
    return lx, 10 ** ly, yr


def synth_records(rng, n=40, **kw) -> pd.DataFrame:
    lx, err, yr = synth(rng, n, **kw)
    return pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet",
                         "year": yr, "error": err, "flops_per_pass": 1e9 * 10 ** lx})


# ------------------------------------------------------------------ registry and kernels
def test_variants_cover_every_combination():
    assert len(VARIANTS) == 24 and len(DEFAULT_VARIANTS) == 16
    combos = {(VARIANTS.get(n).form, VARIANTS.get(n).estimator, VARIANTS.get(n).anchor,
               VARIANTS.get(n).year) for n in VARIANTS.names()}
    assert combos == {(f, e, a, y) for f in ("polynomial", "exponential", "error-linear")
                      for e in ("mean", "q10") for a in ("paper", "regression")
                      for y in (False, True)}
    # the default is Figure 4's pair of forms; "exponential" is the paper's 1/error model
    assert {VARIANTS.get(n).form for n in DEFAULT_VARIANTS} == {"polynomial", "exponential"}
    from computelimits.fitting.forms import get_form

    assert get_form(VARIANTS.get("exponential-mean-paper").form).equation.startswith("1/error")
    v = VARIANTS.get(PAPER_VARIANT)
    assert (v.form, v.quantile, v.anchor, v.year) == ("polynomial", None, "paper", False)
    assert VARIANTS.get("exponential-q10-regression-year").quantile == 0.1
    with pytest.raises(UnknownNameError):
        VARIANTS.get("polynomial-median-paper")


def test_level_key():
    assert [level_key(x) for x in (0.8, 0.95, 0.975, 0.5)] == ["80", "95", "97_5", "50"]


def test_default_cutoffs():
    years = [2012, 2013, 2013, 2014, 2015, 2016]
    assert default_cutoffs(years, min_train=3, min_test=2) == (2013, 2014)
    assert default_cutoffs(years, min_train=10, min_test=1) == ()
    assert default_cutoffs([2012.9, 2013.1, 2013.5, 2014.2], min_train=1, min_test=1) == (2012, 2013)


# ------------------------------------------------------------------ exact numbers
def test_analytic_prediction_interval_is_the_ols_one():
    """The (a) interval of the regression anchoring equals statsmodels' interval for a new
    observation, fitted on the models up to the cut-off."""
    import statsmodels.api as sm

    lx, err, yr = synth(np.random.default_rng(5), n=50)
    f, fits, _ = backtest_arrays(lx, err, yr, cutoffs=[2016],
                                 variants=["polynomial-mean-regression"], levels=(0.8, 0.95))
    tr = np.floor(yr) <= 2016
    res = sm.OLS(np.log10(err[tr]), sm.add_constant(lx[tr])).fit()
    te = ~tr
    for lv in (0.8, 0.95):
        fr = res.get_prediction(sm.add_constant(lx[te], has_constant="add")).summary_frame(
            alpha=1 - lv)
        np.testing.assert_allclose(np.log10(f[f"pi{level_key(lv)}_lower"]), fr["obs_ci_lower"],
                                   rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(np.log10(f[f"pi{level_key(lv)}_upper"]), fr["obs_ci_upper"],
                                   rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.log10(f["pred_error"]), fr["mean"], rtol=1e-12)
    assert fits.loc[0, "slope"] == pytest.approx(res.params[1])
    assert fits.loc[0, "n_train"] == tr.sum() and fits.loc[0, "n_test"] == te.sum()
    # with analytic intervals (b) covers exactly when (a) covers: same band, inverted
    for k in ("80", "95"):
        assert (f[f"covered{k}"] == f[f"needed_covered{k}"]).all()


def test_paper_anchoring_moves_from_the_best_model_along_the_slope():
    lx, err, yr = synth(np.random.default_rng(6), n=50)
    f, fits, _ = backtest_arrays(lx, err, yr, cutoffs=[2015], variants=[PAPER_VARIANT])
    tr = np.floor(yr) <= 2015
    i = np.argmin(err[tr])
    u_best, y_best = lx[tr][i], np.log10(err[tr][i])
    fit = fits.iloc[0]
    assert fit["best_error"] == pytest.approx(err[tr][i])
    assert fit["best_flops"] == pytest.approx(1e9 * 10 ** u_best)
    u = np.log10(f["x_value"] / 1e9)
    np.testing.assert_allclose(np.log10(f["pred_error"]), y_best + fit["slope"] * (u - u_best))
    # (b): the computation to reach each model's error along the same line
    need = u_best + (np.log10(f["error"]) - y_best) / fit["slope"]
    np.testing.assert_allclose(np.log10(f["needed_flops"] / 1e9), need)
    np.testing.assert_allclose(f["log10_ratio"], need - u)


def test_noise_free_relation_is_forecast_exactly():
    rng = np.random.default_rng(1)
    lx, err, yr = synth(rng, n=30, sd=1e-9)
    f, _, _ = backtest_arrays(lx, err, yr, variants=["polynomial-mean-regression"],
                              min_train=8)
    np.testing.assert_allclose(f["pred_error"], f["error"], rtol=1e-6)
    np.testing.assert_allclose(f["log10_ratio"], 0.0, atol=1e-5)


def test_frontier_flags():
    lx, err, yr = synth(np.random.default_rng(2), n=60)
    f, _, _ = backtest_arrays(lx, err, yr, variants=[PAPER_VARIANT])
    for cut, g in f.groupby("cutoff"):
        train_best = err[np.floor(yr) <= cut].min()
        rec = g[g["record"]].sort_values("year")
        assert (rec["error"] < train_best).all()
        assert (np.diff(rec["error"].to_numpy()) < 0).all()
        # every non-record model was beaten by an earlier model (training or forecast)
        for r in g[~g["record"]].itertuples():
            earlier = err[(yr < r.year) | ((yr == r.year) & (err < r.error))]
            assert earlier.min() <= r.error
        assert g.loc[g["best_after"], "error"].item() == g["error"].min()
        assert g["best_after"].sum() == 1
        assert (g["lead"] >= 1).all() and (np.floor(g["year"]) - cut == g["lead"]).all()


# ------------------------------------------------------------------ calibration
def _coverage(variant, year_coef=0.0, regime=None, reps=60, **kw):
    c = {"80": [], "95": []}
    for seed in range(reps):
        lx, err, yr = synth(np.random.default_rng(seed), year_coef=year_coef, regime=regime)
        f, _, _ = backtest_arrays(lx, err, yr, variants=[variant], **kw)
        for k in c:
            c[k].append(f[f"covered{k}"].astype(float).mean())
    return {k: float(np.mean(v)) for k, v in c.items()}


@pytest.mark.parametrize("variant, year_coef", [("polynomial-mean-regression", 0.0),
                                                ("polynomial-mean-regression-year", -0.02)])
def test_stable_relation_reaches_nominal_coverage(variant, year_coef):
    """On data from a known stable relation the prediction intervals cover at the nominal rate
    (averaged over seeded replications; standard errors about 0.01 and 0.006)."""
    cov = _coverage(variant, year_coef)
    assert cov["80"] == pytest.approx(0.80, abs=0.04)
    assert cov["95"] == pytest.approx(0.95, abs=0.025)


def test_regime_change_is_reported_as_under_coverage():
    """A deliberate break (errors drop by a factor 1.8 from 2016 on) makes the intervals fitted
    before it miss: coverage far below nominal, and the backtest says so."""
    cov = _coverage("polynomial-mean-regression", regime=(2016, 0.25), reps=20)
    assert cov["80"] < 0.5 and cov["95"] < 0.6
    df = synth_records(np.random.default_rng(11), n=60, regime=(2016, 0.25))
    r = backtest(df, variants=["polynomial-mean-regression", PAPER_VARIANT])
    cal = r.calibration()
    row = cal[(cal["variant"] == "polynomial-mean-regression") & (cal["target"] == "error")]
    assert set(row["verdict"]) == {"under-coverage"}
    assert (row["coverage"] < row["level"] - 0.2).all()
    assert "Under-coverage" in r.summary()
    assert "polynomial-mean-regression (error, 95%" in r.summary()


def test_stable_relation_is_reported_consistent():
    df = synth_records(np.random.default_rng(12), n=80)
    r = backtest(df, variants=["polynomial-mean-regression"])
    cal = r.calibration()
    assert set(cal.loc[cal["target"] == "error", "verdict"]) == {"consistent"}


def test_bootstrap_intervals_cover_and_are_reproducible():
    c = _coverage("polynomial-mean-regression", reps=12, interval="bootstrap", n_boot=100,
                  rng=np.random.default_rng(0))
    # pairs-bootstrap prediction intervals run a little narrow with 10-35 training models
    assert 0.70 <= c["80"] <= 0.88 and 0.85 <= c["95"] <= 0.99
    df = synth_records(np.random.default_rng(3), n=30)
    kw = dict(variants=["polynomial-mean-regression", "polynomial-q10-regression"],
              interval="bootstrap", n_boot=20, cutoffs=[2016])
    a, b, c2 = backtest(df, seed=4, **kw), backtest(df, seed=4, **kw), backtest(df, seed=5, **kw)
    pd.testing.assert_frame_equal(a.forecasts, b.forecasts)
    assert not a.forecasts["pi95_lower"].equals(c2.forecasts["pi95_lower"])
    assert a.seed == 4 and a.n_boot == 20
    # bootstrap intervals exist for quantile variants too
    assert a.scores()["coverage95"].notna().all()


def test_quantile_variants_have_no_analytic_coverage():
    df = synth_records(np.random.default_rng(4), n=50)
    r = backtest(df, variants=["polynomial-q10-regression", "polynomial-mean-regression"])
    s = r.scores().set_index("variant")
    assert math.isnan(s.loc["polynomial-q10-regression", "coverage95"])
    assert math.isnan(s.loc["polynomial-q10-regression", "coverage80_flops"])
    assert not math.isnan(s.loc["polynomial-mean-regression", "coverage95"])
    f = r.forecasts
    q = f[f["variant"] == "polynomial-q10-regression"]
    assert q["pi95_lower"].isna().all() and q["covered95"].isna().all()
    assert str(q["covered95"].dtype) == "boolean"
    cal = r.calibration()
    assert set(cal.loc[cal["variant"] == "polynomial-q10-regression", "verdict"]) == {
        "not applicable"}
    # the 10% quantile line lies below more outcomes than the mean line
    assert (s.loc["polynomial-q10-regression", "share_below"]
            < s.loc["polynomial-mean-regression", "share_below"] - 0.1)
    assert "not defined analytically" in r.summary()


# ------------------------------------------------------------------ result object
@pytest.fixture(scope="module")
def result() -> BacktestResult:
    df = synth_records(np.random.default_rng(8), n=60, year_coef=-0.01)
    return backtest(df, benchmark="imagenet")


def test_result_shapes_and_scores(result):
    f = result.forecasts
    assert set(f["variant"]) == set(DEFAULT_VARIANTS)
    for c in ("variant", "cutoff", "model", "year", "x_value", "error", "pred_error",
              "pi80_lower", "pi80_upper", "pi95_lower", "pi95_upper", "covered80", "covered95",
              "needed_flops", "actual_flops", "log10_ratio", "record", "best_after"):
        assert c in f.columns
    sizes = f.groupby(["cutoff", "variant"]).size()
    assert sizes.groupby(level="cutoff").nunique().eq(1).all()  # same forecasts per variant
    s = result.scores()
    assert list(s["variant"]) == list(result.variants)
    for c in ("n_forecasts", "mae_error", "mae_log10_flops", "coverage80", "coverage95"):
        assert c in s.columns
    g = f[f["variant"] == PAPER_VARIANT]
    row = s.set_index("variant").loc[PAPER_VARIANT]
    assert row["mae_error"] == pytest.approx(np.mean(np.abs(g["pred_error"] - g["error"])))
    rec = g[g["record"]]
    assert row["mae_log10_flops"] == pytest.approx(np.mean(np.abs(rec["log10_ratio"])))
    assert row["coverage95"] == pytest.approx(g["covered95"].astype(float).mean())
    best = g[g["best_after"]]
    assert len(best) == len(result.cutoffs)
    assert row["mae_log10_flops_best"] == pytest.approx(np.mean(np.abs(best["log10_ratio"])))
    by = result.scores(by="cutoff")
    assert set(by["cutoff"]) == set(result.cutoffs)
    assert by.groupby("variant")["n_forecasts"].sum().eq(s.set_index("variant")["n_forecasts"]).all()
    assert set(result.scores(by="lead")["lead"]) == set(f["lead"])
    with pytest.raises(InputError):
        result.scores(by="model")
    # immutable: copies
    copy = result.forecasts
    copy.loc[0, "error"] = 99.0
    assert result.forecasts.loc[0, "error"] != 99.0


def test_best_summary_and_json(result):
    s = result.scores().set_index("variant")
    assert result.best("mae_error") == s["mae_error"].idxmin()
    assert result.best("coverage95") in result.variants
    with pytest.raises(InputError):
        result.best("nope")
    for fmt in ("text", "markdown", "html", "latex"):
        out = result.summary(fmt)
        assert "polynomial-mean-regression-year" in out.replace("\\_", "_")
    with pytest.raises(InputError):
        result.summary("rtf")
    assert str(result) == result.summary() and "<table" in result._repr_html_()
    frame = result.to_frame()
    assert list(frame["variant"]) == list(result.variants)
    cal = result.calibration().set_index(["variant", "target", "level"])
    c, n = result.coverage(PAPER_VARIANT, 0.95, "flops")
    assert c == pytest.approx(cal.loc[(PAPER_VARIANT, "flops", 0.95), "coverage"])
    assert n == cal.loc[(PAPER_VARIANT, "flops", 0.95), "n"]
    from computelimits.cli._common import to_jsonable

    d = result.to_dict(forecasts=True)
    text = json.dumps(to_jsonable(d), allow_nan=False)
    back = json.loads(text)
    assert back["paper_variant"] == PAPER_VARIANT
    assert len(back["forecasts"]) == len(result.forecasts)
    assert back["cutoffs"] == list(result.cutoffs)
    assert "forecasts" not in result.to_dict()


def test_custom_variant_and_options():
    df = synth_records(np.random.default_rng(9), n=50)
    v = Variant("poly-median", "polynomial", 0.5, "regression", False, "median regression")
    r = backtest(df, variants=[v, "polynomial-mean-regression"], levels=(0.5, 0.9), horizon=2)
    assert r.variants == ("poly-median", "polynomial-mean-regression")
    assert {"pi50_lower", "pi90_upper", "covered90"} <= set(r.forecasts.columns)
    assert r.forecasts["lead"].max() <= 2
    assert "coverage50" in r.scores().columns


@pytest.mark.parametrize("kwargs, match", [
    (dict(cutoffs=[2011]), "cut-off 2011"),
    (dict(cutoffs=[2019]), "after 2019"),
    (dict(cutoffs=[2015.5]), "whole years"),
    (dict(cutoffs=["abc"]), "years such as"),
    (dict(levels=(0.8, 1.2)), "levels"),
    (dict(interval="analytic"), "now called 'fieller'"),  # the one vocabulary
    (dict(min_train=2), "min_train"),
    (dict(horizon=0), "horizon"),
    (dict(variants=[]), "at least one variant"),
    (dict(seed=-1, interval="bootstrap"), "seed"),
])
def test_bad_input(kwargs, match):
    df = synth_records(np.random.default_rng(10), n=40)
    with pytest.raises(InputError, match=match):
        backtest(df, **kwargs)


def test_bad_names_and_data():
    df = synth_records(np.random.default_rng(10), n=40)
    with pytest.raises(UnknownNameError):
        backtest(df, variants=["polynomial-mean-papr"])
    with pytest.raises(UnknownNameError):
        backtest(df, x="per-epoch")
    with pytest.raises(UnknownNameError, match="interval method"):
        backtest(df, interval="jackknife")
    with pytest.raises(InputError, match="too few usable rows"):
        backtest(df.head(3))
    with pytest.raises(InputError, match="no cut-off year"):
        backtest(df, min_train=39, min_test=3)


# ------------------------------------------------------------------ plots
def test_plots(result):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from computelimits.plotting.backtest import plot_backtest, plot_progress, plot_scores

    ax = plot_backtest(result)
    assert PAPER_VARIANT in ax.get_title()
    ax2 = plot_backtest(result, "polynomial-mean-regression", kind="flops", level=0.8)
    assert ax2.get_xscale() == "log"
    assert plot_scores(result, "coverage95").get_xlim() == (0, 1)
    with pytest.raises(InputError):
        plot_backtest(result, "nope")
    with pytest.raises(InputError):
        plot_backtest(result, level=0.5)
    with pytest.raises(InputError):
        plot_scores(result, "nope")
    df = synth_records(np.random.default_rng(3), n=60, year_coef=-0.02)
    fig, axp = plt.subplots()
    assert plot_progress(algorithmic_progress(df), ax=axp) is axp
    plt.close("all")


# ------------------------------------------------------------------ algorithmic progress
def test_ratio_intervals():
    b, g, vbb, vbg, vgg, c = -0.11, -0.04, 0.02 ** 2, 0.0003 * 0.02 * 0.01, 0.01 ** 2, 1.96
    lo, hi, ok = ratio_interval_fieller(b, g, vbb, vbg, vgg, c)
    r = np.linspace(-2, 3, 500001)
    inside = (g - r * b) ** 2 <= c * c * (vgg - 2 * r * vbg + r * r * vbb)
    assert ok and lo == pytest.approx(r[inside].min(), abs=2e-5)
    assert hi == pytest.approx(r[inside].max(), abs=2e-5)
    lo, hi, ok = ratio_interval_fieller(-0.01, -0.04, 0.02 ** 2, 0.0, 0.01 ** 2, c)
    assert (lo, hi, ok) == (-np.inf, np.inf, False)
    dlo, dhi, _ = ratio_interval_delta(b, g, vbb, vbg, vgg, c)
    assert (dlo + dhi) / 2 == pytest.approx(g / b)
    blo, bhi, bok = ratio_interval_bootstrap(np.array([-0.1, -0.2, -0.1, 0.0]),
                                             np.array([-0.01, -0.02, -0.03, -0.01]), 0.5)
    assert bok is False or (blo <= bhi)


def test_map_reciprocal():
    k = LOG10_2_MONTHS
    assert _map_reciprocal(k, 0.1, 0.2, 0.15) == pytest.approx((k / 0.2, k / 0.1))
    lo, hi = _map_reciprocal(k, -0.1, 0.2, 0.05)
    assert lo == pytest.approx(k / 0.2) and hi == math.inf
    assert _map_reciprocal(k, -np.inf, np.inf, 0.1) == (-math.inf, math.inf)


def test_progress_recovers_a_known_rate():
    """log10(error) = a - 0.1 log10(C) - 0.03 year: one year is worth 0.3 decades of
    computation, 10x every 3.33 years, a doubling every 12.04 months."""
    df = synth_records(np.random.default_rng(21), n=200, year_coef=-0.03, sd=0.03)
    df["year"] = np.random.default_rng(22).uniform(2010, 2020, 200)  # year apart from compute
    lx = np.log10(df["flops_per_pass"] / 1e9)
    df["error"] = 10 ** (-0.3 - 0.1 * lx - 0.03 * (df["year"] - 2010)
                         + np.random.default_rng(23).normal(0, 0.03, 200))
    p = algorithmic_progress(df, "imagenet")
    assert isinstance(p, ProgressResult)
    assert p.ratio == pytest.approx(0.3, rel=0.1)
    assert p.ratio_ci[0] < 0.3 < p.ratio_ci[1]
    assert p.years_to_10x == pytest.approx(1 / p.ratio)
    assert p.doubling_months == pytest.approx(LOG10_2_MONTHS / p.ratio)
    assert p.gain_per_year == pytest.approx(10 ** p.ratio)
    assert p.needed_factor_per_year == pytest.approx(10 ** -p.ratio)
    lo, hi = p.doubling_months_ci
    assert lo < p.doubling_months < hi
    assert p.years_to_10x_ci[0] < 1 / 0.3 < p.years_to_10x_ci[1]
    for method in ("delta", "bootstrap"):
        q = algorithmic_progress(df, "imagenet", interval=method, bootstrap=300, seed=1)
        assert q.ratio == pytest.approx(p.ratio)
        assert q.ratio_ci[0] < 0.3 < q.ratio_ci[1]
    b1 = algorithmic_progress(df, "imagenet", interval="bootstrap", bootstrap=200, seed=7)
    b2 = algorithmic_progress(df, "imagenet", interval="bootstrap", bootstrap=200, seed=7)
    assert b1.ratio_ci == b2.ratio_ci
    frame = p.to_frame()
    assert len(frame) == 1 and {"doubling_months_ci_lower", "ratio"} <= set(frame.columns)
    assert "halves every" in p.summary() and p.summary("markdown").startswith("**")
    assert str(p) == p.summary() and "<table" in p._repr_html_() and "halves" in p._repr_html_()
    assert r"\begin{tabular}" in p.summary("latex") and repr(p).startswith("ProgressResult(")


def test_progress_interval_coverage_on_arrays():
    """The Fieller interval for r = g/b covers the true ratio at about the nominal rate."""
    import statsmodels.api as sm

    from computelimits.fitting.readings import critical_value

    hits = 0
    reps = 150
    for s in range(reps):
        rng = np.random.default_rng(100 + s)
        n = 30
        yr = rng.uniform(2010, 2020, n)
        lx = rng.uniform(0, 3, n) + 0.2 * (yr - 2010)
        y = -0.3 - 0.1 * lx - 0.02 * (yr - 2015) + rng.normal(0, 0.06, n)
        res = sm.OLS(y, np.column_stack([np.ones(n), lx, yr - 2015])).fit()
        V = res.cov_params()
        lo, hi, _ = ratio_interval_fieller(res.params[1], res.params[2], V[1, 1], V[1, 2],
                                           V[2, 2], critical_value(0.95, res.df_resid))
        hits += lo <= 0.2 <= hi
    assert hits / reps == pytest.approx(0.95, abs=0.05)


def test_progress_comparison_reference_values():
    df = synth_records(np.random.default_rng(3), n=60, year_coef=-0.02)
    c = algorithmic_progress(df, "imagenet").comparison().set_index("citation")
    # the paper: "3 years ... 10x" (section 3.2) and Table 2 col (2): -0.11 / -0.04
    assert c.loc["arXiv:2007.05558 section 3.2", "years_to_10x"] == 3
    assert c.loc["arXiv:2007.05558 section 3.2", "doubling_months"] == pytest.approx(
        36 * math.log10(2))
    assert c.loc["arXiv:2007.05558 Table 2", "years_to_10x"] == pytest.approx(2.75)
    e = c.loc["arXiv:2212.05153 abstract"]
    assert (e["doubling_months"], e["doubling_months_ci_lower"],
            e["doubling_months_ci_upper"]) == (9, 4, 25)
    assert c.loc["arXiv:2005.04305 abstract", "doubling_months"] == 16
    pub = load_published_progress()
    assert set(pub["key"]) == {"erdil2022", "hernandez2020", "ho2024", "ho2024neurips"}
    assert pub["printed"].str.len().min() > 20


def test_progress_bad_input_and_table():
    df = synth_records(np.random.default_rng(3), n=30)
    with pytest.raises(UnknownNameError):
        algorithmic_progress(df, "imagenet", interval="jackknife")
    with pytest.raises(InputError):
        algorithmic_progress(df, "imagenet", level=1.5)
    same_year = df.assign(year=2015.0)
    with pytest.raises(InputError, match="same year"):
        algorithmic_progress(same_year, "imagenet")
    other = synth_records(np.random.default_rng(4), n=30).assign(benchmark="cifar10", year=2016.0)
    t = progress_table(pd.concat([df, other], ignore_index=True))
    assert list(t["benchmark"]) == ["imagenet", "cifar10"]
    assert math.isnan(t.loc[1, "ratio"]) and "same year" in t.loc[1, "notes"]
    assert math.isfinite(t.loc[0, "ratio"])


def test_insignificant_slope_gives_unbounded_progress():
    rng = np.random.default_rng(30)
    n = 30
    df = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet",
                       "year": rng.uniform(2012, 2020, n), "error": rng.uniform(0.1, 0.3, n),
                       "flops_per_pass": 1e9 * 10 ** rng.uniform(0, 3, n)})
    p = algorithmic_progress(df, "imagenet")
    if not p.bounded:
        assert p.ratio_ci == (-math.inf, math.inf)
        assert any("not significant" in n for n in p.notes)
    else:  # a chance significant slope: the interval is then finite
        assert all(math.isfinite(v) for v in p.ratio_ci)


# ------------------------------------------------------------------ the bundled dataset
def _bundled_imagenet():
    from computelimits.datasets import packaged_path

    try:
        packaged_path("models.csv")
    except Exception:
        pytest.skip("bundled models.csv not built yet")


def test_real_imagenet_backtest_runs_and_is_deterministic():
    _bundled_imagenet()
    a = backtest(benchmark="imagenet")
    b = backtest(benchmark="imagenet")
    pd.testing.assert_frame_equal(a.scores(), b.scores())
    s = a.scores().set_index("variant")
    row = s.loc[PAPER_VARIANT]
    assert row["n_forecasts"] > 0 and np.isfinite(row["mae_error"])
    assert np.isfinite(row["coverage95"]) and row["n_frontier"] > 0
    p = algorithmic_progress(benchmark="imagenet")
    assert p.nobs > 20 and np.isfinite(p.ratio)


def test_report_section_shows_these_numbers():
    """The reproduce report's backtest section carries exactly this backtest's numbers."""
    _bundled_imagenet()
    try:
        from computelimits.report.pipeline import ReportContext, ReportSettings
        from computelimits.report.stages import stage_backtest
    except ImportError:
        pytest.skip("report backtest stage not available")
    import matplotlib.pyplot as plt

    sec = stage_backtest(ReportContext(ReportSettings(stages=("backtest",))))
    plt.close("all")
    ours = backtest(benchmark="imagenet").to_dict()
    assert sec.data["backtest"]["scores"] == ours["scores"] or _same(
        sec.data["backtest"]["scores"], ours["scores"])
    assert sec.data["algorithmic_progress"]["ratio"] == algorithmic_progress(
        benchmark="imagenet").ratio


def _same(a, b) -> bool:
    a, b = pd.DataFrame(a), pd.DataFrame(b)
    pd.testing.assert_frame_equal(a, b)
    return True


def test_unbounded_computation_intervals_are_flagged():
    """Without a relation the slope is not significant: the (b) intervals are unbounded, cover
    trivially, and the backtest says so instead of presenting the coverage as success."""
    rng = np.random.default_rng(40)
    n = 50
    df = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet",
                       "year": rng.uniform(2010, 2020, n), "error": rng.uniform(0.1, 0.3, n),
                       "flops_per_pass": 1e9 * 10 ** rng.uniform(0, 3, n)})
    r = backtest(df, variants=["polynomial-mean-regression"])
    s = r.scores().iloc[0]
    assert s["unbounded95_flops"] > 0.5
    assert 0 <= s["unbounded80_flops"] <= s["unbounded95_flops"]
    assert "Unbounded 95% intervals" in r.summary()
