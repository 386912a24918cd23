"""Sensitivity of the language-model exponent: selection rules, independent fits, compute uncertainty."""

import numpy as np
import pandas as pd
import pytest

import computelimits as cl
from computelimits.sensitivity import (
    SELECTION_RULES,
    ols_fit,
    select_rows,
    sensitivity,
    x_uncertainty,
)


@pytest.fixture(scope="module")
def mmlu_all():
    return cl.load_modern("mmlu", rule="all")


def _usable(d):
    return d[(d["training_compute_flops"] > 0) & d["error"].between(0, 1, inclusive="neither")]


def test_rule_all_keeps_every_usable_row(mmlu_all):
    assert len(select_rows(mmlu_all, "all")) == len(_usable(mmlu_all))


def test_rule_default_is_one_row_per_model(mmlu_all):
    d = select_rows(mmlu_all, "default")
    assert d["training_run"].is_unique
    ref = _usable(cl.load_modern("mmlu"))          # load_models' default rule
    assert set(d["source_id"]) == set(ref["source_id"])


def test_rule_best_score_keeps_each_models_best(mmlu_all):
    d = select_rows(mmlu_all, "best-score")
    assert d["training_run"].is_unique
    best = mmlu_all.groupby("training_run")["metric_value"].max()
    assert np.allclose(d["metric_value"].to_numpy(), best.loc[d["training_run"]].to_numpy())


def test_rule_frontier_improves_monotonically(mmlu_all):
    d = select_rows(mmlu_all, "frontier")
    d = d.assign(_d=pd.to_datetime(d["date"])).sort_values(["_d", "error"])
    assert len(d) >= 3 and np.all(np.diff(d["error"].to_numpy()) < 0)
    # nothing released earlier with a compute beat a frontier model
    dflt = select_rows(mmlu_all, "default").dropna(subset=["date"])
    dflt = dflt.assign(_d=pd.to_datetime(dflt["date"]))
    for _, r in d.iterrows():
        earlier = dflt[dflt["_d"] < r["_d"]]
        assert (earlier["error"] > r["error"]).all()


def test_rule_open_keeps_open_models_only(mmlu_all):
    d = select_rows(mmlu_all, "open")
    assert len(d) > 100 and set(d["accessibility"]) == {"open"} and d["training_run"].is_unique


def test_rule_within_family_has_families_of_two(mmlu_all):
    d = select_rows(mmlu_all, "within-family")
    sizes = d.groupby("family")["training_run"].nunique()
    assert len(sizes) > 5 and sizes.min() >= 2
    assert SELECTION_RULES.get("within-family").groups == "family"


def test_rule_no_distilled_drops_distilled(mmlu_all):
    d = select_rows(mmlu_all, "no-distilled")
    flagged = mmlu_all["distilled"].astype(str).str.lower() == "true"
    assert flagged.any()
    assert not set(d["training_run"]) & set(mmlu_all.loc[flagged, "training_run"])
    assert len(d) < len(select_rows(mmlu_all, "default"))


@pytest.mark.parametrize("sample", ["epoch-hub", "obsscaling", "sloth", "epoch-open-model-trends"])
def test_rule_sample_keeps_one_source(mmlu_all, sample):
    d = select_rows(mmlu_all, f"sample:{sample}")
    assert set(d["dataset"]) == {sample} and d["training_run"].is_unique
    assert len(d) == _usable(mmlu_all[mmlu_all["dataset"] == sample])["training_run"].nunique()


def test_fit_training_equals_independent_lstsq():
    d = _usable(cl.load_models("mmlu"))
    X = np.column_stack([np.ones(len(d)), np.log10(d["training_compute_flops"] / 1e9)])
    coef = np.linalg.lstsq(X, np.log10(d["error"]), rcond=None)[0]
    r = cl.fit(benchmark="mmlu", x="training")
    assert r.nobs == len(d)
    assert abs(r.slope - coef[1]) < 1e-6 and abs(r.intercept - coef[0]) < 1e-6


def test_sensitivity_rows_equal_independent_fits(mmlu_all):
    s = sensitivity("mmlu", ["default", "sample:epoch-hub", "within-family"], draws=20)
    for rule in ("default", "sample:epoch-hub"):
        d = select_rows(mmlu_all, rule)
        X = np.column_stack([np.ones(len(d)), np.log10(d["training_compute_flops"])])
        b = np.linalg.lstsq(X, np.log10(d["error"]), rcond=None)[0][1]
        row = s.get("mmlu", rule)
        assert abs(row["slope"] + 1 / row["exponent"]) < 1e-12
        assert abs(row["slope"] - b) < 1e-6 and row["models"] == d["training_run"].nunique()
        assert row["samples"].startswith(d["dataset"].value_counts().index[0])
    # within-family: the within transformation (demeaning per family) gives the same slope
    d = select_rows(mmlu_all, "within-family")
    lx = np.log10(d["training_compute_flops"])
    y = np.log10(d["error"])
    dx = lx - lx.groupby(d["family"]).transform("mean")
    dy = y - y.groupby(d["family"]).transform("mean")
    assert abs(s.get("mmlu", "within-family")["slope"] - float(dx @ dy / (dx @ dx))) < 1e-6


def test_default_mmlu_interval_with_number_of_models():
    s = sensitivity("mmlu", ["default"], draws=20)
    r = s.get("mmlu", "default")
    assert r["models"] >= 200 and r["exponent_lower"] < r["exponent"] < r["exponent_upper"]
    text = s.summary()
    assert "default" in text and "Models" in text and str(r["models"]) in text
    assert "epoch-hub" in text        # which samples the rows came from
    assert s.to_frame().columns[0] == "benchmark" and "<table" in s._repr_html_()
    assert "\\begin{tabular}" in s.summary("latex")


def test_year_trend_gain_matches_ratio(mmlu_all):
    s = sensitivity("mmlu", ["sample:epoch-hub"], draws=20)
    r = s.get("mmlu", "sample:epoch-hub")
    d = select_rows(mmlu_all, "sample:epoch-hub")
    X = np.column_stack([np.ones(len(d)), np.log10(d["training_compute_flops"]), d["year"]])
    _, b, g = np.linalg.lstsq(X, np.log10(d["error"]), rcond=None)[0]
    assert abs(np.log10(r["gain_per_year"]) - g / b) < 1e-6
    assert r["gain_per_year_lower"] < r["gain_per_year"] < r["gain_per_year_upper"]
    assert abs(r["halving_months"] - 12 * np.log10(2) / (g / b)) < 1e-6


def test_ols_fit_with_groups_matches_dummies():
    rng = np.random.default_rng(5)
    g = np.repeat(["a", "b", "c"], 10)
    x = rng.normal(size=30)
    y = 0.5 * x + np.repeat([1.0, 2.0, 3.0], 10) + rng.normal(0, 0.1, 30)
    coef, cov, df = ols_fit(y, [x], g)
    assert df == 30 - 4 and abs(coef[0] - 0.5) < 0.05 and cov[0, 0] > 0


def test_x_uncertainty_zero_width_is_plain_fit_and_wide_widens():
    rng = np.random.default_rng(3)
    c = 10 ** rng.uniform(20, 26, 60)
    y = 2 - 0.1 * np.log10(c) + rng.normal(0, 0.03, 60)
    coef, cov, _ = ols_fit(y, [np.log10(c)])
    same = x_uncertainty(y, c, c, c, draws=10, rng=np.random.default_rng(0))
    assert abs(same["slope"] - coef[0]) < 1e-12 and same["between_se"] < 1e-12
    assert abs(same["se"] - np.sqrt(cov[0, 0])) < 1e-9
    wide = x_uncertainty(y, c, c / 10, c * 10, draws=100, rng=np.random.default_rng(0))
    assert wide["se"] > 1.5 * same["se"] and wide["between_se"] > 0
    again = x_uncertainty(y, c, c / 10, c * 10, draws=100, rng=np.random.default_rng(0))
    assert again == wide                                  # seeded: reproducible
    # errors in x attenuate the slope towards zero
    assert abs(wide["slope"]) < abs(coef[0])


def test_unknown_rule_and_paper_benchmark_rejected():
    with pytest.raises(cl.errors.UnknownNameError):
        sensitivity("mmlu", ["nope"])
    with pytest.raises(cl.errors.InputError):
        sensitivity("imagenet", ["default"])


def test_cli_sensitivity(runner, cli_app):
    import json

    res = runner.invoke(cli_app, ["sensitivity", "-b", "mmlu", "-r", "default,sample:sloth",
                                  "--draws", "5", "--json"])
    assert res.exit_code == 0, res.stdout
    out = json.loads(res.stdout)
    rows = {r["rule"]: r for r in out["rows"]}
    assert set(rows) == {"default", "sample:sloth"} and rows["sample:sloth"]["samples"].startswith("sloth")
    assert rows["default"]["exponent"] == pytest.approx(cl.fit(benchmark="mmlu", x="training").exponent)
    text = runner.invoke(cli_app, ["sensitivity", "-b", "gpqa-diamond", "-r", "default", "--forms",
                                   "--draws", "5"])
    assert text.exit_code == 0 and "The data prefer:" in text.stdout and "Models" in text.stdout
    bad = runner.invoke(cli_app, ["sensitivity", "-b", "imagenet"])
    assert bad.exit_code == 2
    lst = runner.invoke(cli_app, ["sensitivity", "--list-rules"])
    assert "within-family" in lst.stdout


def test_cli_fit_training(runner, cli_app):
    res = runner.invoke(cli_app, ["fit", "-b", "mmlu", "--x", "training"])
    assert res.exit_code == 0 and "training compute" in res.stdout
    res = runner.invoke(cli_app, ["fit", "-b", "gpqa-diamond", "--x", "training", "--form", "logistic"])
    assert res.exit_code == 0 and "chance floor" in res.stdout


def test_cli_project_training(runner, cli_app):
    import json

    res = runner.invoke(cli_app, ["project", "-b", "gpqa-diamond", "--x", "training", "-t", "10%",
                                  "--json"])
    assert res.exit_code == 0, res.stdout
    out = json.loads(res.stdout)
    assert "gpqa-diamond" in json.dumps(out) and "training" in json.dumps(out)
