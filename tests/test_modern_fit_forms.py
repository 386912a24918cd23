"""Chance-floor forms: synthetic recovery, local exponents, the form comparison, training compute."""

import numpy as np
import pandas as pd
import pytest

import computelimits as cl
from computelimits.errors import InputError
from computelimits.fitting import FORMS, compare_forms, fit, local_exponent
from computelimits.fitting.floors import chance_floor, kfold_assignment


def _records(err, c, bench="mmlu"):
    return pd.DataFrame({"model": [f"m{i}" for i in range(len(err))], "benchmark": bench,
                         "year": 2024.0, "error": err, "training_compute_flops": c})


def _logistic_data(a, b, floor, n=300, noise=0.03, seed=1):
    rng = np.random.default_rng(seed)
    lx = rng.uniform(0, 6, n)
    y = a + b * lx + rng.normal(0, noise, n)
    err = (1 - floor) / (1 + 10 ** (-y))
    return err, 1e9 * 10 ** lx


@pytest.mark.parametrize("bench,floor", [("mmlu", 0.25), ("winogrande", 0.5), ("gsm8k", 0.0)])
def test_logistic_recovers_parameters(bench, floor):
    err, c = _logistic_data(1.5, -0.6, floor)
    r = fit(_records(err, c, bench), x="training", form="logistic")
    assert abs(r.slope + 0.6) < 3 * r.slope_se and abs(r.intercept - 1.5) < 0.02
    assert abs(r.exponent - 1 / 0.6) < 0.05
    # the fitted curve maps back to the error scale through the floor
    assert np.allclose(r.predict(1e9 * 10 ** 3.0), (1 - floor) / (1 + 10 ** -(1.5 - 1.8)), rtol=0.02)


def test_floor_normalised_recovers_parameters_and_drops_below_chance():
    rng = np.random.default_rng(2)
    lx = rng.uniform(0, 6, 200)
    en = 10 ** (-0.05 - 0.12 * lx + rng.normal(0, 0.02, 200))
    err = 0.75 * en
    err[:10] = 0.8                                      # below chance: left out with a note
    r = fit(_records(err, 1e9 * 10 ** lx), x="training", form="floor-normalised")
    assert r.nobs == 190 and any("chance floor" in n for n in r.notes)
    assert abs(r.slope + 0.12) < 3 * r.slope_se and abs(r.intercept + 0.05) < 0.02
    # same rows, the paper's form: same slope, intercept shifted by log10(1 - floor)
    p = fit(_records(err[10:], 1e9 * 10 ** lx[10:]), x="training")
    assert abs(p.slope - r.slope) < 1e-10 and abs(p.intercept - r.intercept - np.log10(0.75)) < 1e-10


def test_local_exponent_matches_closed_form():
    b = -0.5
    for e in (0.05, 0.3, 0.6):
        en = e / 0.75
        assert abs(local_exponent("logistic", b, e, "mmlu") + 1 / (b * (1 - en))) < 1e-5
        assert abs(local_exponent("floor-normalised", b, e, "mmlu") - 2.0) < 1e-5
    assert abs(local_exponent("polynomial", -0.25, 0.2) - 4.0) < 1e-8


def test_floor_forms_need_a_floor():
    assert chance_floor("piqa") == 0.5
    with pytest.raises(InputError):
        chance_floor("bbh")
    with pytest.raises(InputError):
        FORMS.get("logistic").transform(0.3)
    err, c = _logistic_data(1.0, -0.5, 0.0, n=30)
    with pytest.raises(InputError):
        fit(_records(err, c, "bbh"), x="training", form="logistic")


def test_comparison_prefers_the_true_form():
    err, c = _logistic_data(2.0, -0.7, 0.25, n=400, noise=0.05)
    cmp = compare_forms(_records(err, c), x="training", k=5)
    assert cmp.preferred == "logistic" and cmp.rows == 400
    t = cmp.to_frame().set_index("form")
    assert t.loc["logistic", "delta_aic"] == 0
    rng = np.random.default_rng(4)
    lx = rng.uniform(0, 6, 400)
    err2 = 10 ** (-0.2 - 0.25 * lx + rng.normal(0, 0.05, 400))  # power law from near chance to 2%
    cmp2 = compare_forms(_records(err2, 1e9 * 10 ** lx), x="training", k=5)
    t2 = cmp2.to_frame().set_index("form")
    assert cmp2.preferred in ("polynomial", "floor-normalised")
    assert t2.loc["polynomial", "cv_rmse_log10"] < t2.loc["logistic", "cv_rmse_log10"]
    assert "Preferred" in cmp2.summary() and "<table" in cmp2._repr_html_()


def test_kfold_is_deterministic_and_balanced():
    rng = np.random.default_rng(0)
    lx = rng.normal(size=23)
    f = kfold_assignment(lx, [f"m{i}" for i in range(23)], 5)
    assert np.array_equal(f, kfold_assignment(lx, [f"m{i}" for i in range(23)], 5))
    assert sorted(np.bincount(f)) == [4, 4, 5, 5, 5]


def test_compare_forms_on_real_mmlu_is_reproducible():
    a = compare_forms(benchmark="mmlu")
    b = compare_forms(benchmark="mmlu")
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    d = cl.load_models("mmlu")
    d = d[d["training_compute_flops"].notna() & (d["error"] < 0.75)]
    assert a.rows == len(d)


def test_year_trend_quantile_place_progress_on_training_compute():
    d = cl.load_models("mmlu")
    d = d[d["training_compute_flops"].notna() & d["year"].notna()]
    r = fit(benchmark="mmlu", x="training", year=True)
    X = np.column_stack([np.ones(len(d)), np.log10(d["training_compute_flops"] / 1e9), d["year"]])
    coef = np.linalg.lstsq(X, np.log10(d["error"]), rcond=None)[0]
    assert r.nobs == len(d) and np.allclose(r.params.to_numpy(), coef, atol=1e-6)
    q = fit(benchmark="mmlu", x="training", quantile=0.1)
    assert q.estimator == "quantile" and q.slope < 0
    p = cl.algorithmic_progress(benchmark="mmlu", x="training")
    assert abs(np.log10(p.gain_per_year) - coef[2] / coef[1]) < 1e-6
    from computelimits.placement import place_on_fit

    base = fit(benchmark="mmlu", x="training")
    pl = place_on_fit(base, 0.2, 1e25)
    assert abs(pl.predicted_error - base.predict(1e25)) < 1e-9 and "training compute" in pl.summary()
