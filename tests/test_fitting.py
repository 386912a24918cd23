"""Fitting API: equality with statsmodels, coverage, bootstrap, imputation, bad input."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from computelimits.errors import DataValidationError, InputError, UnknownNameError
from computelimits.fitting import (
    ESTIMATORS,
    FORMS,
    PAPER_REGRESSIONS,
    SPECIFICATIONS,
    X_VARIABLES,
    against_paper,
    fit,
    fit_arrays,
    fit_growth,
    fit_imputation,
    fit_specifications,
    hardware_peak_frontier,
    impute_flops_from_params,
    load_epoch_training_compute,
    load_karlrupp_peak,
    pairs_bootstrap,
)
from computelimits.fitting.estimators import ols_params


def make_records(n=40, slope=-0.11, intercept=-0.5, year_coef=0.0, sigma=0.08, seed=0,
                 benchmark="imagenet", burden=False):
    """Synthetic records in the record schema with log10(error) linear in log10(GFLOPs)."""
    rng = np.random.default_rng(seed)
    gflops = 10 ** rng.uniform(0, 3, n)
    year = rng.uniform(2012, 2020, n)
    log_err = intercept + slope * np.log10(gflops) + year_coef * (year - 2016) + rng.normal(0, sigma, n)
    df = pd.DataFrame({
        "model": [f"model-{i}" for i in range(n)],
        "benchmark": benchmark,
        "year": year,
        "error": 10 ** log_err,
    })
    df["hardware_burden_flops" if burden else "flops_per_pass"] = gflops * 1e9
    return df


@pytest.fixture(scope="module")
def records():
    return make_records(n=51, year_coef=-0.04, seed=1)


def _direct(df, y, year=False, unit=1e9):
    X = np.column_stack([np.ones(len(df)), np.log10(df["flops_per_pass"].to_numpy() / unit)])
    if year:
        X = np.column_stack([X, df["year"].to_numpy()])
    return X, y


# ---------------------------------------------------------------- equality with statsmodels
@pytest.mark.parametrize("form, transform", [
    ("polynomial", np.log10),
    ("error-linear", lambda e: e),
    ("exponential", lambda e: 1 / e),  # the paper's exponential model (Table 4)
    ("exponential-inverse", lambda e: 1 / e),  # another spelling of it
    ("polynomial-odds", lambda e: np.log10(e / (1 - e))),
])
def test_ols_equals_direct_statsmodels(records, form, transform):
    r = fit(records, form=form)
    X, y = _direct(records, transform(records["error"].to_numpy()))
    ref = sm.OLS(y, X).fit()
    np.testing.assert_allclose(r.params.to_numpy(), ref.params, rtol=1e-10)
    np.testing.assert_allclose(r.bse.to_numpy(), ref.bse, rtol=1e-10)
    np.testing.assert_allclose(r.pvalues.to_numpy(), ref.pvalues, rtol=1e-8, atol=1e-300)
    np.testing.assert_allclose(r.cov_params().to_numpy(), ref.cov_params(), rtol=1e-10)
    np.testing.assert_allclose(r.conf_int(0.9).to_numpy(), ref.conf_int(alpha=0.1), rtol=1e-10)
    assert r.rsquared == pytest.approx(ref.rsquared, rel=1e-12)
    assert r.rsquared_adj == pytest.approx(ref.rsquared_adj, rel=1e-12)
    assert r.fvalue == pytest.approx(ref.fvalue, rel=1e-10)
    assert r.f_pvalue == pytest.approx(ref.f_pvalue, rel=1e-8)
    assert r.resid_se == pytest.approx(np.sqrt(ref.mse_resid), rel=1e-12)
    assert r.nobs == 51 and r.df_resid == 49
    assert list(r.params.index) == ["const", "log10_x"]
    assert r.slope == pytest.approx(ref.params[1]) and r.slope_se == pytest.approx(ref.bse[1])


@pytest.mark.parametrize("robust, cov", [(True, "HC1"), ("HC3", "HC3"), ("hc0", "HC0")])
def test_robust_equals_statsmodels_hc(records, robust, cov):
    r = fit(records, robust=robust)
    X, y = _direct(records, np.log10(records["error"].to_numpy()))
    ref = sm.OLS(y, X).fit(cov_type=cov, use_t=True)
    assert r.estimator == "ols-hc" and r.cov_type == cov
    np.testing.assert_allclose(r.params.to_numpy(), ref.params, rtol=1e-10)
    np.testing.assert_allclose(r.bse.to_numpy(), ref.bse, rtol=1e-10)
    np.testing.assert_allclose(r.pvalues.to_numpy(), ref.pvalues, rtol=1e-8)
    np.testing.assert_allclose(r.conf_int().to_numpy(), ref.conf_int(), rtol=1e-10)
    assert r.fvalue == pytest.approx(ref.fvalue, rel=1e-10)


def test_year_trend_equals_statsmodels(records):
    r = fit(records, year=True)
    X, y = _direct(records, np.log10(records["error"].to_numpy()), year=True)
    ref = sm.OLS(y, X).fit()
    np.testing.assert_allclose(r.params.to_numpy(), ref.params, rtol=1e-9)
    np.testing.assert_allclose(r.bse.to_numpy(), ref.bse, rtol=1e-8)
    assert list(r.params.index) == ["const", "log10_x", "year"]
    assert r.fvalue == pytest.approx(ref.fvalue, rel=1e-9)
    assert r.years_worth_10x == pytest.approx(ref.params[1] / ref.params[2])
    assert r.year_coef == pytest.approx(ref.params[2])
    # the year origin moves only the constant
    r0 = fit(records, year=True, year_origin=2012)
    assert r0.slope == pytest.approx(r.slope) and r0.year_coef == pytest.approx(r.year_coef)
    assert r0.intercept == pytest.approx(r.intercept + 2012 * r.year_coef)
    assert r0.rsquared == pytest.approx(r.rsquared)


def test_quantile_equals_statsmodels_quantreg(records):
    r = fit(records, quantile=0.1)
    X, y = _direct(records, np.log10(records["error"].to_numpy()))
    ref = sm.QuantReg(y, X).fit(q=0.1, max_iter=5000)
    assert r.estimator == "quantile" and r.quantile == 0.1
    np.testing.assert_allclose(r.params.to_numpy(), ref.params, rtol=1e-6)
    np.testing.assert_allclose(r.bse.to_numpy(), ref.bse, rtol=1e-6)
    assert r.rsquared == pytest.approx(ref.prsquared, rel=1e-8)
    assert np.isnan(r.fvalue) and np.isnan(r.rsquared_adj)
    assert r.rsquared_kind.startswith("pseudo")
    # the 10% line lies below the conditional mean (Figure 8: best achievable error)
    m = fit(records)
    assert r.intercept < m.intercept


def test_quantile_undefined_standard_errors_are_reported():
    df = make_records(n=12, seed=3)
    r = fit(df, quantile=0.1)
    assert np.isnan(r.slope_se) and r.notes and "undefined" in r.notes[0]
    assert np.isfinite(fit(df, quantile=0.1, quantile_bandwidth="bofinger").slope_se)


def test_x_unit_changes_only_the_intercept(records):
    g = fit(records)
    f = fit(records, x_unit="FLOP")
    assert g.x_unit == "GFLOP" and g.x_scale == 1e9
    assert f.slope == pytest.approx(g.slope, rel=1e-10)
    assert f.intercept == pytest.approx(g.intercept - 9 * g.slope, rel=1e-10)
    assert f.rsquared == pytest.approx(g.rsquared)
    assert f.predict(1e12) == pytest.approx(g.predict(1e12))


def test_burden_and_registries():
    df = make_records(n=20, burden=True, seed=4, benchmark="coco")
    r = fit(df, x="burden")
    assert r.x == "burden" and r.x_spec.column == "hardware_burden_flops" and r.benchmark == "coco"
    assert set(FORMS.names()) >= {"polynomial", "exponential", "exponential-inverse"}
    assert set(X_VARIABLES.names()) == {"per-pass", "burden", "training"}
    assert set(ESTIMATORS.names()) == {"ols", "ols-hc", "quantile"}
    with pytest.raises(UnknownNameError, match="did you mean"):
        fit(df, x="burden", form="polynomal")
    with pytest.raises(UnknownNameError):
        fit(df, x="per pass please")


def test_arrays_kernel_matches_records(records):
    a = fit(records)
    b = fit_arrays(records["flops_per_pass"], records["error"], benchmark="imagenet")
    np.testing.assert_allclose(a.params.to_numpy(), b.params.to_numpy(), rtol=1e-12)
    assert b.data["model"].iloc[0] == "row1"


# ---------------------------------------------------------------- coverage
def test_confidence_interval_coverage_on_synthetic_data():
    """On data with a known slope, the 95% interval covers it in about 95% of replications."""
    rng = np.random.default_rng(20240607)
    true_slope, reps, n = -0.11, 400, 12
    covered = covered_exp = 0
    for _ in range(reps):
        gflops = 10 ** rng.uniform(0, 3, n)
        err = 10 ** (-0.5 + true_slope * np.log10(gflops) + rng.normal(0, 0.08, n))
        r = fit_arrays(gflops * 1e9, err)
        lo, hi = r.conf_int(0.95).loc["log10_x"]
        covered += lo <= true_slope <= hi
        elo, ehi = r.exponent_ci(0.95)
        covered_exp += elo <= -1 / true_slope <= ehi
    assert 0.92 <= covered / reps <= 0.98
    # inverting the slope's interval keeps its coverage exactly
    assert covered_exp == covered


# ---------------------------------------------------------------- bootstrap
def test_bootstrap_reproducible_and_close_to_analytic():
    df = make_records(n=200, seed=5)
    a = fit(df, bootstrap=300, seed=11)
    b = fit(df, bootstrap=300, seed=11)
    c = fit(df, bootstrap=300, seed=12)
    np.testing.assert_array_equal(a.bootstrap_params, b.bootstrap_params)
    assert not np.array_equal(a.bootstrap_params, c.bootstrap_params)
    assert a.bootstrap_params.shape == (300, 2) and a.interval == "bootstrap" and a.seed == 11
    boot = a.conf_int(0.95).loc["log10_x"]
    ana = a.conf_int(0.95, method="analytic").loc["log10_x"]
    width_ratio = (boot["ci_upper"] - boot["ci_lower"]) / (ana["ci_upper"] - ana["ci_lower"])
    assert 0.75 < width_ratio < 1.33
    assert boot["ci_lower"] < a.slope < boot["ci_upper"]
    elo, ehi = a.exponent_ci()
    assert elo == pytest.approx(-1 / boot["ci_lower"]) and ehi == pytest.approx(-1 / boot["ci_upper"])


def test_bootstrap_without_seed_records_the_seed():
    df = make_records(n=20, seed=6)
    a = fit(df, bootstrap=20)
    assert isinstance(a.seed, int)
    b = fit(df, bootstrap=20, seed=a.seed)
    np.testing.assert_array_equal(a.bootstrap_params, b.bootstrap_params)


def test_bootstrap_kernel_counts_unidentified_resamples():
    X = np.column_stack([np.ones(4), [0.0, 0.0, 0.0, 1.0]])
    y = np.array([0.1, 0.2, 0.15, 0.5])
    draws = pairs_bootstrap(X, y, 200, np.random.default_rng(0), ols_params)
    failed = ~np.all(np.isfinite(draws), axis=1)
    assert 0 < failed.sum() < 200
    with pytest.raises(InputError):
        pairs_bootstrap(X, y, 10, np.random.RandomState(0), ols_params)  # noqa: NPY002
    df = pd.DataFrame({"model": list("abcd"), "benchmark": "imagenet", "year": 2015,
                       "error": [0.3, 0.31, 0.29, 0.2], "flops_per_pass": [1e9, 1e9, 1e9, 1e10]})
    r = fit(df, bootstrap=100, seed=1)
    assert r.n_bootstrap_failed > 0 and any("not identified" in n for n in r.notes)
    assert np.isfinite(r.conf_int().to_numpy()).all()


def test_bootstrap_of_a_quantile_fit():
    df = make_records(n=30, seed=7)
    r = fit(df, quantile=0.1, bootstrap=40, seed=2)
    assert r.bootstrap_params.shape == (40, 2)
    lo, hi = r.conf_int().loc["log10_x"]
    assert lo < hi


# ---------------------------------------------------------------- imputation (Figure 7)
def test_imputation_recovers_a_known_relation_and_flags_rows():
    params = np.array([5e6, 1e7, 2.5e7, 6e7, 1e8, 3e8, 4e7, 2e7])
    flops = 2.0 * params ** 1.1 * 1e-1  # exact power law
    df = pd.DataFrame({"model": [f"m{i}" for i in range(8)], "benchmark": "imagenet",
                       "year": 2018, "error": 0.25, "params": params,
                       "flops_per_pass": list(flops[:6]) + [None, None]})
    m = fit_imputation(df.iloc[:6].assign(flops_per_pass=flops[:6]))
    assert m.slope == pytest.approx(1.1) and m.rsquared == pytest.approx(1.0)
    assert m.predict_flops(4e7) == pytest.approx(flops[6])
    out = impute_flops_from_params(df)
    assert df["flops_per_pass"].isna().sum() == 2  # input untouched
    assert out["flops_imputed"].tolist() == [False] * 6 + [True, True]
    np.testing.assert_allclose(out["flops_per_pass"].to_numpy(float), flops, rtol=1e-9)
    assert "Figure 7" in out.loc[6, "flops_per_pass_source"]
    assert out.loc[0, "flops_per_pass_source"] is None or pd.isna(out.loc[0, "flops_per_pass_source"])


def test_imputation_equals_statsmodels_and_feeds_fit():
    rng = np.random.default_rng(8)
    n = 30
    params = 10 ** rng.uniform(6, 8.5, n)
    gflops = 10 ** (-6.5 + 0.95 * np.log10(params) + rng.normal(0, 0.2, n))
    err = 10 ** (-0.5 - 0.1 * np.log10(gflops) + rng.normal(0, 0.05, n))
    df = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet", "year": 2017,
                       "error": err, "params": params, "flops_per_pass": gflops * 1e9})
    df.loc[:9, "flops_per_pass"] = np.nan
    m = fit_imputation(df)
    ok = df["flops_per_pass"].notna()
    ref = sm.OLS(np.log10(df.loc[ok, "flops_per_pass"] / 1e9),
                 sm.add_constant(np.log10(df.loc[ok, "params"]))).fit()
    np.testing.assert_allclose(m.params.to_numpy(), ref.params.to_numpy(), rtol=1e-10)
    assert m.nobs == 20
    with pytest.raises(InputError, match="too few usable rows"):
        fit(df.iloc[:12])  # two rows with computation
    full = fit(df, impute=True)
    assert full.nobs == 30 and full.n_imputed == 10
    assert fit(df, impute=True, include_imputed=False).nobs == 20
    assert "Figure 7" in m.description and "log10_params" in m.summary()


def test_include_imputed_flag(records):
    df = records.copy()
    df["flops_imputed"] = [i < 5 for i in range(len(df))]
    assert fit(df).n_imputed == 5
    r = fit(df, include_imputed=False)
    assert r.nobs == len(df) - 5 and r.n_imputed == 0
    # burden fits ignore the per-pass imputation flag
    b = df.rename(columns={"flops_per_pass": "hardware_burden_flops"})
    assert fit(b, x="burden", include_imputed=False).nobs == len(df)


# ---------------------------------------------------------------- input paths and errors
def test_csv_path_in_gflop_units_equals_dataframe(tmp_path, records):
    csv = records.assign(flops_per_pass=records["flops_per_pass"] / 1e9, flops_unit="GFLOP")
    path = tmp_path / "mine.csv"
    csv.to_csv(path, index=False)
    a, b = fit(path), fit(records)
    np.testing.assert_allclose(a.params.to_numpy(), b.params.to_numpy(), rtol=1e-9)


def test_errors_are_clear(records):
    with pytest.raises(InputError, match="too few usable rows"):
        fit(records.iloc[:2])
    with pytest.raises(InputError, match="same flops_per_pass"):
        fit(records.assign(flops_per_pass=5e9))
    with pytest.raises(DataValidationError, match="error"):
        fit(records.assign(error=records["error"] * 10))
    with pytest.raises(InputError, match="several benchmarks"):
        fit(pd.concat([records, records.assign(benchmark="coco")]))
    with pytest.raises(InputError, match="no rows for benchmark"):
        fit(records, benchmark="coco")
    with pytest.raises(InputError, match="quantile"):
        fit(records, quantile=1.5)
    with pytest.raises(InputError, match="x_unit"):
        fit(records, x_unit="parsecs")
    with pytest.raises(InputError, match="degree"):
        fit(records, degree=0)
    with pytest.raises(InputError, match="robust"):
        fit(records, robust="HC9")
    with pytest.raises(InputError, match="seed"):
        fit(records, bootstrap=5, seed=-1)
    with pytest.raises(InputError, match="level"):
        fit(records, level=1.5)
    with pytest.raises(InputError, match="same year"):
        fit(records.assign(year=2015.0), year=True)
    with pytest.raises(InputError, match="no such file"):
        fit("/nonexistent/records.csv")
    with pytest.raises(InputError, match="too few usable rows"):
        fit(records.iloc[:40], x="burden")  # no burden column at all


# ---------------------------------------------------------------- results are values
def test_result_is_immutable(records):
    r = fit(records)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.form = "exponential"
    p = r.params
    p.iloc[1] = 99.0
    assert r.params.iloc[1] != 99.0
    d = r.data
    d.loc[0, "error"] = 0.99
    assert r.data.loc[0, "error"] != 0.99
    assert r.form_spec.name == "polynomial"
    assert list(r.data.columns) == ["model", "benchmark", "year", "error", "y", "x_value", "log10_x",
                                    "flops_imputed"]


def test_predict_and_inverse(records):
    r = fit(records)
    e = r.predict(1e12)
    assert e == pytest.approx(10 ** (r.intercept + r.slope * 3))
    assert r.x_for_error(e) == pytest.approx(1e12)
    np.testing.assert_allclose(r.predict(np.array([1e10, 1e11])),
                               10 ** (r.intercept + r.slope * np.array([1, 2])))
    ry = fit(records, year=True)
    with pytest.raises(InputError, match="year"):
        ry.predict(1e12)
    assert ry.x_for_error(ry.predict(1e12, 2018), 2018) == pytest.approx(1e12)
    lo, hi = r.confidence_band(np.array([1e10, 1e12]))
    assert np.all(lo < r.predict(np.array([1e10, 1e12]))) and np.all(hi > lo)


def test_forms_roundtrip_and_domain():
    e = np.array([0.01, 0.2, 0.7])
    for name in FORMS:
        f = FORMS.get(name).for_benchmark("mmlu")  # floor forms bind a chance floor
        np.testing.assert_allclose(f.inverse(f.transform(e)), e)
    with pytest.raises(InputError):
        FORMS.get("polynomial").transform([0.2, 1.0])
    with pytest.raises(InputError):
        FORMS.get("exponential").transform(0.0)


def test_exponent_interval_cases():
    poly = FORMS.get("polynomial")
    assert poly.exponent(-0.1) == pytest.approx(10)
    assert poly.exponent_interval(-0.2, -0.05) == pytest.approx((5, 20))
    lo, hi = poly.exponent_interval(-0.2, 0.05, -0.1)  # zero inside: open to infinity
    assert lo == pytest.approx(5) and hi == np.inf
    inv = FORMS.get("exponential-inverse")  # 1/error rises with computation
    assert inv.exponent(0.5) == pytest.approx(2)
    assert inv.exponent_interval(0.25, 1.0) == pytest.approx((1, 4))


def test_specifications_of_figure9(records):
    res = fit_specifications(records)
    assert list(res) == SPECIFICATIONS.names()
    assert res["polynomial-quadratic"].rsquared >= res["polynomial"].rsquared
    assert res["polynomial-cubic"].rsquared >= res["polynomial-quadratic"].rsquared
    assert "log10_x_2" in res["polynomial-quadratic"].params.index
    assert np.isnan(res["polynomial-cubic"].exponent)
    assert np.isfinite(res["polynomial-odds"].exponent)


def test_paper_regressions_and_against_paper(records):
    assert len(PAPER_REGRESSIONS) == 14
    assert {p.source for p in PAPER_REGRESSIONS} == {"Table 1", "Table 2", "Table 3", "Table 4"}
    t4 = [p for p in PAPER_REGRESSIONS if p.source == "Table 4"]
    assert {p.form for p in t4} == {"exponential"} and {p.x for p in t4} == {"burden"}
    r = fit(records, year=True)
    cmp = against_paper(r, "Table 2", "(2)")
    assert {"paper", "ours", "agrees", "digits"} <= set(cmp.columns)
    row = cmp.set_index("quantity").loc["nobs"]
    assert row["ours"] == 51 and row["paper"] == 51 and row["agrees"]
    assert not cmp.set_index("quantity").loc["const", "comparable"]


# ---------------------------------------------------------------- growth trends (Figure 2a data)
def test_growth_trend():
    t = fit_growth([2012, 2013, 2014, 2015, 2016], [1e18, 1e19, 1e20, 1e21, 1e22])
    assert t.factor_per_year == pytest.approx(10.0)
    assert t.doubling_months == pytest.approx(12 * np.log10(2))
    assert t.predict(2017) == pytest.approx(1e23)
    with pytest.raises(InputError):
        fit_growth([2012, 2012, 2012], [1, 2, 3])


def test_epoch_loader_on_a_fixture(tmp_path):
    p = tmp_path / "epoch.csv"
    p.write_text('Model,Publication date,Training compute (FLOP),Domain,Confidence\n'
                 'A,2012-09-30,4.7e17,Vision,Confident\n'
                 '"B, big",2020-05-28,3.1e23,Language,Likely\n'
                 'C,2019-01-01,,Language,Confident\n'
                 'D,bad date,1e20,Vision,Speculative\n', encoding="utf-8")
    df = load_epoch_training_compute(p)
    assert df["model"].tolist() == ["A", "B, big"]
    assert df["year"].iloc[0] == pytest.approx(2012.75, abs=0.01)
    assert load_epoch_training_compute(p, domain="vision")["model"].tolist() == ["A"]
    bad = tmp_path / "bad.csv"
    bad.write_text("Model,Organization\nA,X\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="Publication date"):
        load_epoch_training_compute(bad)
    bad.write_text("Model,Date\nA,2012\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="Training compute"):
        load_epoch_training_compute(bad)


def test_epoch_loader_accepts_every_header_spelling(tmp_path):
    # one Epoch reader for the importer and the Figure 2a loader: the header aliases of other
    # snapshots (and a UTF-8 byte-order mark) are read the same way by both
    from computelimits.importers import read_epoch

    p = tmp_path / "epoch.csv"
    p.write_text('\ufeffSystem,Publication Date,Training compute (FLOPs),Domains\n'
                 'A,2012-09-30,4.7e17,Vision\n', encoding="utf-8")
    df = load_epoch_training_compute(p)
    assert df["model"].tolist() == ["A"] and df["training_compute_flops"].tolist() == [4.7e17]
    assert df["domain"].tolist() == ["Vision"]
    assert read_epoch(p)["training_compute"].tolist() == ["4.7e17"]


def test_epoch_and_hardware_reference_data(reference_dir):
    df = load_epoch_training_compute(reference_dir / "epoch-ai-models" / "notable_ai_models_2026-05-02.csv")
    assert len(df) > 300 and (df["training_compute_flops"] > 0).all()
    assert df["year"].is_monotonic_increasing
    kr = load_karlrupp_peak(reference_dir / "karlrupp-peak-flops" / "data-sp-nvidia.txt")
    assert kr["peak_flops"].iloc[0] == pytest.approx(624e9) and len(kr) == 12


def test_hardware_frontier_is_increasing():
    hw = pd.DataFrame({"hardware": ["a", "b", "c", "d"], "type": ["GPU", "GPU", "CPU", "GPU"],
                       "release_date": ["2010-01-01", "2011-01-01", "2012-01-01", "2013-01-01"],
                       "fp32_flops": [1e12, 0.5e12, 9e12, 2e12]})
    f = hardware_peak_frontier(hw)
    assert f["hardware"].tolist() == ["a", "d"]
    assert f["peak_flops"].is_monotonic_increasing
