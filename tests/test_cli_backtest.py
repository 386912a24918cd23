"""``computelimits backtest`` and ``computelimits progress``."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest


@pytest.fixture
def records_csv(tmp_path):
    rng = np.random.default_rng(0)
    n = 50
    yr = rng.uniform(2010, 2020, n)
    lx = rng.uniform(0, 2, n) + 0.25 * (yr - 2010)
    err = 10 ** (-0.3 - 0.1 * lx - 0.01 * (yr - 2010) + rng.normal(0, 0.04, n))
    path = tmp_path / "records.csv"
    pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "ImageNet", "year": yr,
                  "error": err, "flops_per_pass": 1e9 * 10 ** lx}).to_csv(path, index=False)
    return path


def _run(runner, cli_app, args):
    return runner.invoke(cli_app, args, catch_exceptions=False)


def test_backtest_json(runner, cli_app, records_csv):
    r = _run(runner, cli_app, ["backtest", "--data", str(records_csv), "-b", "imagenet",
                               "-c", "2014,2015", "-c", "2016", "-v",
                               "polynomial-mean-paper,polynomial-mean-regression", "--json",
                               "--by", "cutoff"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["cutoffs"] == [2014, 2015, 2016]
    assert [s["variant"] for s in d["scores"]] == ["polynomial-mean-paper",
                                                   "polynomial-mean-regression"]
    assert {"mae_error", "mae_log10_flops", "coverage80", "coverage95"} <= set(d["scores"][0])
    assert len(d["scores_by_cutoff"]) == 6
    assert "forecasts" not in d
    from computelimits.backtest import backtest

    ours = backtest(str(records_csv), benchmark="imagenet", cutoffs=[2014, 2015, 2016],
                    variants=["polynomial-mean-paper", "polynomial-mean-regression"])
    assert d["scores"][0]["mae_error"] == pytest.approx(ours.scores()["mae_error"].iloc[0])


def test_backtest_text_plot_and_csv(runner, cli_app, records_csv, tmp_path):
    png, csv = tmp_path / "bt.png", tmp_path / "fc.csv"
    r = _run(runner, cli_app, ["backtest", "--data", str(records_csv), "-v",
                               "polynomial-mean-paper", "--plot", str(png), "--plot-kind",
                               "flops", "--forecasts-csv", str(csv)])
    assert r.exit_code == 0, r.output
    assert "Backtest:" in r.stdout and "polynomial-mean-paper" in r.stdout
    assert png.read_bytes()[:4] == b"\x89PNG"
    f = pd.read_csv(csv)
    assert {"variant", "cutoff", "model", "pred_error", "covered95", "log10_ratio"} <= set(
        f.columns)
    # existing outputs are not overwritten without --force
    r2 = _run(runner, cli_app, ["backtest", "--data", str(records_csv), "-v",
                                "polynomial-mean-paper", "--plot", str(png)])
    assert r2.exit_code == 2 and "--force" in r2.stderr
    r3 = _run(runner, cli_app, ["backtest", "--data", str(records_csv), "-v",
                                "polynomial-mean-paper", "--plot", str(png), "--force"])
    assert r3.exit_code == 0


def test_list_variants(runner, cli_app):
    r = _run(runner, cli_app, ["backtest", "--list-variants", "--json"])
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert len(rows) == 24 and sum(v["default"] for v in rows) == 16


@pytest.mark.parametrize("args, msg", [
    (["-v", "polynomial-mean-papr"], "unknown backtest variant"),
    (["-c", "20x5"], "--cutoffs"),
    (["-c", "2015.5"], "whole years"),
    (["-c", "2010"], "cut-off 2010"),
    (["--levels", "0.8,95"], "levels"),
    (["--interval", "jackknife"], "interval"),
    (["--by", "model"], "--by"),
    (["--min-train", "x"], "--min-train"),
    (["--plot", "out.gif"], ".png"),
])
def test_backtest_bad_input_exits_2(runner, cli_app, records_csv, tmp_path, args, msg,
                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = _run(runner, cli_app, ["backtest", "--data", str(records_csv), *args])
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and msg in lines[0]
    assert "Traceback" not in r.output


def test_backtest_missing_file_and_benchmark(runner, cli_app, tmp_path):
    r = _run(runner, cli_app, ["backtest", "--data", str(tmp_path / "nope.csv"), "-b",
                               "imagenet"])
    assert r.exit_code == 2 and "no such file" in r.stderr
    r = _run(runner, cli_app, ["backtest"])
    assert r.exit_code == 2 and "--benchmark" in r.stderr


def test_progress(runner, cli_app, records_csv, tmp_path):
    r = _run(runner, cli_app, ["progress", "--data", str(records_csv), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["benchmark"] == "imagenet"
    assert d["doubling_months"] > 0 and len(d["doubling_months_ci"]) == 2
    assert any("2212.05153" in c["citation"] for c in d["comparison"])
    png = tmp_path / "p.png"
    r = _run(runner, cli_app, ["progress", "--data", str(records_csv), "--interval", "delta",
                               "--plot", str(png)])
    assert r.exit_code == 0 and "halves every" in r.stdout and png.exists()
    r = _run(runner, cli_app, ["progress", "--data", str(records_csv), "--interval", "x"])
    assert r.exit_code == 2 and r.stderr.startswith("error:")
    r = _run(runner, cli_app, ["progress", "--data", str(records_csv), "--level", "2"])
    assert r.exit_code == 2


@pytest.mark.parametrize("bad", ["inf", "nan", "-inf", "2015,inf"])
def test_backtest_cutoffs_must_be_finite(runner, cli_app, bad):
    """``-c inf`` / ``-c nan`` are a one-line error (exit 2), not an OverflowError traceback."""
    r = runner.invoke(cli_app, ["backtest", "-b", "imagenet", "-c", bad])
    assert r.exit_code == 2, r.output
    assert "finite" in r.output and "Traceback" not in r.output
