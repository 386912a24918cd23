"""``computelimits fit``: output, JSON keys, reproducible bootstrap, one-line errors with exit 2."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory):
    rng = np.random.default_rng(3)
    n = 30
    gflops = 10 ** rng.uniform(0, 3, n)
    year = rng.uniform(2012, 2020, n)
    err = 10 ** (-0.5 - 0.1 * np.log10(gflops) - 0.03 * (year - 2016) + rng.normal(0, 0.05, n))
    df = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "ImageNet", "year": year,
                       "error": err, "flops_per_pass": gflops, "flops_unit": "GFLOP",
                       "hardware_burden_flops": gflops * 1e17})
    p = tmp_path_factory.mktemp("cli") / "records.csv"
    df.to_csv(p, index=False)
    return p


def _run(runner, app, *args):
    return runner.invoke(app, ["fit", *map(str, args)])


def test_fit_text_summary(runner, cli_app, csv_path):
    res = _run(runner, cli_app, "--data", csv_path)
    assert res.exit_code == 0, res.output
    assert "polynomial fit" in res.stdout and "Implied exponent" in res.stdout


def test_fit_json_keys_and_values(runner, cli_app, csv_path):
    res = _run(runner, cli_app, "--data", csv_path, "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    for k in ("benchmark", "x", "form", "nobs", "intercept", "slope", "slope_se", "slope_pvalue",
              "r2", "r2_adj", "exponent", "exponent_ci"):
        assert k in d, k
    assert d["benchmark"] == "imagenet" and d["x"] == "per-pass" and d["form"] == "polynomial"
    assert d["nobs"] == 30 and len(d["exponent_ci"]) == 2
    assert "year_coef" not in d
    from computelimits.fitting import fit

    r = fit(csv_path)
    assert d["slope"] == pytest.approx(r.slope) and d["exponent"] == pytest.approx(r.exponent)


def test_fit_json_with_year_burden_exponential(runner, cli_app, csv_path):
    res = _run(runner, cli_app, "--data", csv_path, "--x", "burden", "--form", "exponential",
               "--year", "--robust", "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["x"] == "burden" and d["form"] == "exponential" and d["cov_type"] == "HC1"
    assert "year_coef" in d and "years_worth_10x" in d


def test_fit_quantile_and_bootstrap_reproducible(runner, cli_app, csv_path):
    args = ("--data", csv_path, "--benchmark", "imagenet", "--quantile", "0.25", "--bootstrap", "30",
            "--seed", "7", "--json")
    a = json.loads(_run(runner, cli_app, *args).stdout)
    b = json.loads(_run(runner, cli_app, *args).stdout)
    assert a["exponent_ci"] == b["exponent_ci"] and a["interval"] == "bootstrap" and a["seed"] == 7
    assert a["quantile"] == 0.25


@pytest.mark.parametrize("fmt, marker", [("html", "<table"), ("latex", r"\begin{tabular}")])
def test_fit_formats(runner, cli_app, csv_path, fmt, marker):
    res = _run(runner, cli_app, "--data", csv_path, "--format", fmt)
    assert res.exit_code == 0 and marker in res.stdout


def _bad_csv(tmp_path, **changes):
    df = pd.DataFrame({"model": ["a", "b", "c", "d"], "benchmark": "imagenet", "year": 2016,
                       "error": [0.3, 0.25, 0.2, 0.18], "flops_per_pass": [1e9, 2e9, 4e9, 8e9]})
    for k, v in changes.items():
        df[k] = v
    p = tmp_path / "bad.csv"
    df.to_csv(p, index=False)
    return p


@pytest.mark.parametrize("changes, args, message", [
    ({"flops_per_pass": [1e9, None, None, None]}, (), "too few usable rows"),
    ({"flops_per_pass": 5e9}, (), "same flops_per_pass"),
    ({"error": [0.3, 1.5, 0.2, 0.18]}, (), "error"),
    ({}, ("--quantile", "2"), "quantile"),
    ({}, ("--quantile", "abc"), "--quantile must be a number"),
    ({}, ("--form", "cubic"), "unknown functional form"),
    ({}, ("--x", "parameters"), "unknown x variable"),
    ({}, ("--bootstrap", "-3"), "--bootstrap"),
    ({}, ("--year",), "same year"),
])
def test_fit_errors_exit_2_with_one_line(runner, cli_app, tmp_path, changes, args, message):
    res = _run(runner, cli_app, "--data", _bad_csv(tmp_path, **changes), *args)
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith("error: ") and message in res.stderr
    assert "Traceback" not in res.output


def test_fit_missing_file_exits_2(runner, cli_app, tmp_path):
    res = _run(runner, cli_app, "--data", tmp_path / "nope.csv")
    assert res.exit_code == 2 and "no such file" in res.stderr


def test_fit_several_benchmarks_need_a_choice(runner, cli_app, tmp_path):
    p = _bad_csv(tmp_path, benchmark=["imagenet", "imagenet", "coco", "coco"])
    res = _run(runner, cli_app, "--data", p)
    assert res.exit_code == 2 and "several benchmarks" in res.stderr


def test_fit_extreme_quantile_is_a_clean_error(runner, cli_app):
    res = runner.invoke(cli_app, ["fit", "-b", "imagenet", "--quantile", "1e-320"])
    assert res.exit_code == 2 and "quantile" in res.stderr and "Traceback" not in res.stderr
