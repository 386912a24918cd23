"""``computelimits flops`` and ``computelimits training-compute``."""

from __future__ import annotations

import json
import sys

import pytest

from computelimits.hardware import peak_flops

MODEL = """
import torch.nn as nn

def make():
    return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Flatten(),
                         nn.Linear(8 * 4 * 4, 10))

def two_inputs():
    class Add(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Linear(4, 2), nn.Linear(6, 2)

        def forward(self, x, y):
            return self.a(x) + self.b(y)
    return Add()

def nothing():
    return None
"""
# hand counts for make() on a 2x3x4x4 input
CONV = 2 * 2 * 3 * 8 * 9 * 4 * 4
LIN = 2 * 2 * 128 * 10


@pytest.fixture
def model_file(tmp_path):
    f = tmp_path / "net.py"
    f.write_text(MODEL)
    return f


def _err(result) -> str:
    try:
        return result.stderr
    except ValueError:  # older click: stderr mixed into output
        return result.output


def test_flops_no_torch(runner, cli_app, monkeypatch, model_file):
    monkeypatch.setitem(sys.modules, "torch", None)
    r = runner.invoke(cli_app, ["flops", f"{model_file}:make", "--input-shape", "1,3,4,4"])
    assert r.exit_code == 2
    err = _err(r)
    assert "pip install 'computelimits[torch]'" in err
    assert err.startswith("error: ") and "Traceback" not in err
    r = runner.invoke(cli_app, ["training-compute", "--model", f"{model_file}:make", "-s",
                                "1,3,4,4", "--examples", "10"])
    assert r.exit_code == 2 and "computelimits[torch]" in _err(r)


def test_flops_json(runner, cli_app, model_file):
    pytest.importorskip("torch")
    r = runner.invoke(cli_app, ["flops", f"{model_file}:make", "-s", "2,3,4,4", "--json"])
    assert r.exit_code == 0, _err(r)
    d = json.loads(r.stdout)
    assert d["forward_flops"] == CONV + LIN
    assert d["forward_macs"] == (CONV + LIN) // 2
    assert d["backward_flops"] == CONV + 2 * LIN
    assert d["forward_backward_flops"] == 2 * CONV + 3 * LIN
    assert d["forward_flops_per_example"] == (CONV + LIN) / 2
    assert d["batch_size"] == 2
    mods = {m["module"]: m for m in d["modules"]}
    assert mods["Sequential.0"]["forward_flops"] == CONV
    assert "aten.relu" in d["unsupported_ops"]


def test_flops_table_and_options(runner, cli_app, model_file):
    pytest.importorskip("torch")
    r = runner.invoke(cli_app, ["flops", f"{model_file}:make", "-s", "2,3,4,4"])
    assert r.exit_code == 0, _err(r)
    assert f"{CONV + LIN:,}" in r.stdout and "Sequential.0" in r.stdout
    r = runner.invoke(cli_app, ["flops", f"{model_file}:make", "-s", "2,3,4,4", "--by",
                                "operator", "--no-backward"])
    assert r.exit_code == 0 and "aten.convolution" in r.stdout
    r = runner.invoke(cli_app, ["flops", f"{model_file}:two_inputs", "-s", "3,4", "-s", "3,6",
                                "--json"])
    assert r.exit_code == 0, _err(r)
    assert json.loads(r.stdout)["forward_flops"] == 2 * 3 * 4 * 2 + 2 * 3 * 6 * 2


@pytest.mark.parametrize("args, message", [
    (["{f}:make"], "--input-shape is required"),
    (["{f}:make", "-s", "1,3,x"], "input shape"),
    (["{f}:make", "-s", "1,5,4,4"], "failed on inputs"),
    (["{f}:mkae", "-s", "1,3,4,4"], "did you mean: make"),
    (["{f}:nothing", "-s", "1,3,4,4"], "expected a torch.nn.Module"),
    (["{f}", "-s", "1,3,4,4"], "FILE.py:FACTORY"),
    (["missing.py:make", "-s", "1,3,4,4"], "no such file"),
    (["{f}:make", "-s", "1,3,4,4", "--dtype", "complex64"], "unknown input dtype"),
    (["{f}:make", "-s", "1,3,4,4", "--by", "layer"], "--by"),
])
def test_flops_errors(runner, cli_app, model_file, args, message):
    pytest.importorskip("torch")
    r = runner.invoke(cli_app, ["flops", *[a.format(f=model_file) for a in args]])
    assert r.exit_code == 2
    assert message in _err(r) and "Traceback" not in _err(r)


def test_training_compute_from_passes(runner, cli_app):
    r = runner.invoke(cli_app, ["training-compute", "--flops-per-pass", "4.1", "--flops-unit",
                                "GMAC", "--examples", "1281167", "--epochs", "90", "--json"])
    assert r.exit_code == 0, _err(r)
    d = json.loads(r.stdout)
    assert d["flops"] == pytest.approx(2 * 4.1e9 * 3 * 1281167 * 90)
    assert d["method"] == "passes" and d["cost"]["method"] == "strubell2019"
    r = runner.invoke(cli_app, ["training-compute", "--flops-per-pass", "1e9", "--examples",
                                "100", "--backward-factor", "1", "--cost", "none", "--json"])
    d = json.loads(r.stdout)
    assert d["flops"] == pytest.approx(2e11) and d["cost"] is None
    r = runner.invoke(cli_app, ["training-compute", "--flops-per-pass", "1e9", "--examples",
                                "100", "--cost", "hardware", "--chip", "V100", "--utilization",
                                "0.5", "--json"])
    d = json.loads(r.stdout)
    # a run today: the V100's tensor rate (the paper's FP32 rate is for burdens)
    assert d["cost"]["chip_hours"] == pytest.approx(
        3e11 / (0.5 * peak_flops("V100", "tensor")) / 3600)
    r = runner.invoke(cli_app, ["training-compute", "--flops-per-pass", "1e9", "--examples",
                                "100"])
    assert r.exit_code == 0 and "Training compute" in r.stdout


def test_training_compute_from_model(runner, cli_app, model_file):
    pytest.importorskip("torch")
    r = runner.invoke(cli_app, ["training-compute", "--model", f"{model_file}:make", "-s",
                                "2,3,4,4", "--examples", "1000", "--epochs", "2", "--json",
                                "--cost", "none"])
    assert r.exit_code == 0, _err(r)
    d = json.loads(r.stdout)
    assert d["method"] == "measured"
    assert d["flops"] == pytest.approx((2 * CONV + 3 * LIN) / 2 * 1000 * 2)


def test_training_compute_from_hardware(runner, cli_app):
    r = runner.invoke(cli_app, ["training-compute", "--hardware", "V100", "--count", "8",
                                "--hours", "24", "--utilization", "0.3:0.5", "--json"])
    assert r.exit_code == 0, _err(r)
    d = json.loads(r.stdout)
    burden = 8 * peak_flops("V100") * 86400
    assert d["flops_low"] == pytest.approx(0.3 * burden)
    assert d["flops_high"] == pytest.approx(0.5 * burden)
    assert d["inputs"]["hardware_burden_flops"] == pytest.approx(burden)
    assert d["cost"]["method"] == "hardware"


@pytest.mark.parametrize("args, message", [
    ([], "give --flops-per-pass or --model"),
    (["--flops-per-pass", "1e9"], "--examples is required"),
    (["--flops-per-pass", "many", "--examples", "10"], "--flops-per-pass must be a number"),
    (["--flops-per-pass", "1e9", "--examples", "10", "--flops-unit", "bogoflop"], "unknown"),
    (["--hardware", "V100", "--hours", "2"], "--count is required"),
    (["--hardware", "V100", "--count", "2"], "training time"),
    (["--hardware", "Warp Core", "--count", "2", "--hours", "1"], "unknown"),
    (["--hardware", "V100", "--count", "2", "--hours", "1", "--utilization", "2"], "utilization"),
    (["--hardware", "V100", "--count", "2", "--hours", "1", "--flops-per-pass", "3"], "not both"),
    (["--flops-per-pass", "1e9", "--examples", "10", "--cost", "magic"], "cost model"),
])
def test_training_compute_errors(runner, cli_app, args, message):
    r = runner.invoke(cli_app, ["training-compute", *args])
    assert r.exit_code == 2
    assert message in _err(r) and "Traceback" not in _err(r)
