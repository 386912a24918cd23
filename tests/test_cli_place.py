"""``computelimits place``."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from computelimits.hardware import peak_flops


def _err(result) -> str:
    try:
        return result.stderr
    except ValueError:
        return result.output


@pytest.fixture
def records(tmp_path):
    rng = np.random.default_rng(1)
    n = 20
    x = 10 ** rng.uniform(0, 3, n) * 1e9
    y = -0.51 - 0.11 * np.log10(x / 1e9) + rng.normal(0, 0.04, n)
    df = pd.DataFrame(dict(model=[f"net-{i}" for i in range(n)], benchmark="imagenet",
                           year=2015 + np.arange(n) % 5, error=10 ** y, flops_per_pass=x,
                           hardware_burden_flops=x * 1e8))
    path = tmp_path / "records.csv"
    df.to_csv(path, index=False)
    return path


def test_place_given_coefficients(runner, cli_app):
    # paper Table 1 column 2: log10(error) = -0.51 - 0.11 log10(GFLOPs)
    r = runner.invoke(cli_app, ["place", "-b", "imagenet", "--error", "0.2", "--flops", "10",
                                "--flops-unit", "GFLOP", "--intercept", "-0.51", "--slope",
                                "-0.11", "--json"])
    assert r.exit_code == 0, _err(r)
    d = json.loads(r.stdout)
    assert d["compute_equivalent_gain"] == pytest.approx(10 ** ((math.log10(0.2) + 0.51)
                                                                / -0.11 - 1))
    assert d["predicted_error"] == pytest.approx(10 ** -0.62)
    assert d["benchmark"] == "imagenet" and d["better_than_trend"] is True
    # the same through the accuracy and multiply-adds
    r = runner.invoke(cli_app, ["place", "-b", "ILSVRC", "--metric-value", "80", "--flops", "5",
                                "--flops-unit", "GMAC", "--intercept", "-0.51", "--slope",
                                "-0.11", "--json"])
    assert json.loads(r.stdout)["compute_equivalent_gain"] == pytest.approx(
        d["compute_equivalent_gain"])


def test_place_on_data_with_plot(runner, cli_app, records, tmp_path):
    out = tmp_path / "me.png"
    args = ["place", "-b", "imagenet", "--error", "0.2", "--flops", "1e10", "--data",
            str(records), "--plot", str(out), "--label", "MyNet"]
    r = runner.invoke(cli_app, [*args, "--json", "--reference"])
    assert r.exit_code == 0, _err(r)
    d = json.loads(r.stdout)
    assert d["n_reference"] == 20 and len(d["reference"]) == 20
    assert 0 <= d["percentile"] <= 100 and d["label"] == "MyNet"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # refuses to overwrite without --force
    r = runner.invoke(cli_app, args)
    assert r.exit_code == 2 and "--force" in _err(r)
    r = runner.invoke(cli_app, [*args, "--force"])
    assert r.exit_code == 0 and "compute-equivalent gain" in r.stdout


def test_place_burden_from_hardware(runner, cli_app, records):
    r = runner.invoke(cli_app, ["place", "-b", "imagenet", "--error", "0.2", "--hardware", "V100",
                                "--count", "8", "--days", "3", "--data", str(records), "--json"])
    assert r.exit_code == 0, _err(r)
    d = json.loads(r.stdout)
    assert d["x"] == "burden"
    assert d["flops"] == pytest.approx(8 * peak_flops("V100") * 3 * 86400)


def test_place_with_model(runner, cli_app, records, tmp_path):
    pytest.importorskip("torch")
    f = tmp_path / "net.py"
    f.write_text("import torch.nn as nn\n\ndef make():\n    return nn.Linear(100, 50)\n")
    r = runner.invoke(cli_app, ["place", "-b", "imagenet", "--error", "0.3", "--model",
                                f"{f}:make", "-s", "4,100", "--data", str(records), "--json"])
    assert r.exit_code == 0, _err(r)
    assert json.loads(r.stdout)["flops"] == 2 * 100 * 50


@pytest.mark.parametrize("args, message", [
    (["--error", "0.2", "--flops", "1e10"], "benchmark is required"),
    (["-b", "imagenet", "--error", "0.2"], "give the computation once"),
    (["-b", "imagenet", "--error", "0.2", "--flops", "1e10", "--hardware", "V100"],
     "give the computation once"),
    (["-b", "imagenet", "--flops", "1e10", "--intercept", "0", "--slope", "-0.1"],
     "exactly one of error"),
    (["-b", "imagenet", "--error", "20", "--flops", "1e10", "--intercept", "0", "--slope",
      "-0.1"], "fraction in (0, 1)"),
    (["-b", "imagenet", "--error", "0.2", "--flops", "-3", "--intercept", "0", "--slope",
      "-0.1"], "flops"),
    (["-b", "imagenet", "--error", "0.2", "--flops", "1e10", "--intercept", "0"], "slope"),
    (["-b", "imagenet", "--error", "0.2", "--flops", "1e10", "--intercept", "0", "--slope",
      "-0.1", "--form", "cubic"], "functional form"),
    (["-b", "imagenot", "--error", "0.2", "--flops", "1e10", "--intercept", "0", "--slope",
      "-0.1"], "benchmark"),
    (["-b", "imagenet", "--error", "0.2", "--flops", "1e10", "--data", "missing.csv"],
     "missing.csv"),
    (["-b", "imagenet", "--error", "0.2", "--flops", "1e10", "--intercept", "0", "--slope",
      "-0.1", "--plot", "x.gif"], ".png"),
    (["-b", "imagenet", "--error", "0.2", "--hardware", "V100", "--count", "1", "--hours", "1",
      "--x", "per-pass"], "x = burden"),
])
def test_place_errors(runner, cli_app, args, message):
    r = runner.invoke(cli_app, ["place", *args])
    assert r.exit_code == 2, r.stdout
    assert message in _err(r) and "Traceback" not in _err(r)
