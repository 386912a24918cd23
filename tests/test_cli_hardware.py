"""``computelimits burden`` and ``computelimits hardware``: JSON output, one-line errors, exit 2."""

from __future__ import annotations

import json

import pytest


def run(runner, app, *args):
    return runner.invoke(app, list(args))


def test_burden_json_by_hand(runner, cli_app):
    from computelimits.hardware import load_hardware

    r = run(runner, cli_app, "burden", "--hardware", "P100", "--count", "8", "--hours", "84",
            "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    peak = float(load_hardware().set_index("hardware").loc["NVIDIA P100", "fp32_flops"])
    assert d["hardware"] == "NVIDIA P100"
    assert d["count"] == 8 and d["seconds"] == 84 * 3600 and d["precision"] == "paper"
    assert d["peak_flops_per_chip"] == peak and d["rate_column"] == "fp32_flops"
    assert d["rate_source"] == "epoch-ml-hardware/ml_hardware_2025-12.csv row 138 (NVIDIA P100)"
    assert d["burden_flops"] == pytest.approx(8 * peak * 84 * 3600, rel=1e-15)
    assert d["burden_gflops"] == pytest.approx(d["burden_flops"] / 1e9)


def test_burden_tensor_and_pod(runner, cli_app):
    r = run(runner, cli_app, "burden", "--hardware", "Cloud TPU v3 Pod", "--count", "1",
            "--days", "6", "--precision", "tensor", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["chips"] == 1024 and d["peak_flops_per_chip"] == 123e12
    assert d["burden_flops"] == pytest.approx(1024 * 123e12 * 6 * 86400)


def test_burden_text(runner, cli_app):
    r = run(runner, cli_app, "burden", "--hardware", "V100", "--count", "8", "--seconds", "3600")
    assert r.exit_code == 0
    assert "NVIDIA V100" in r.stdout and "FLOPs" in r.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--hardware", "Titan Q", "--count", "8", "--hours", "1"], "unknown hardware 'Titan Q'"),
        (["--hardware", "Titan", "--count", "8", "--hours", "1"], "ambiguous hardware 'Titan'"),
        (["--hardware", "P100", "--count", "-8", "--hours", "1"], "count"),
        (["--hardware", "P100", "--count", "0", "--hours", "1"], "count"),
        (["--hardware", "P100", "--count", "eight", "--hours", "1"], "--count must be a number"),
        (["--hardware", "P100", "--count", "nan", "--hours", "1"], "count"),
        (["--hardware", "P100", "--count", "8", "--hours", "-2"], "hours"),
        (["--hardware", "P100", "--count", "8"], "training time"),
        (["--hardware", "P100", "--count", "8", "--hours", "1", "--days", "1"], "exactly once"),
        (["--count", "8", "--hours", "1"], "--hardware is required"),
        (["--hardware", "P100", "--hours", "1"], "--count is required"),
        (["--hardware", "P100", "--count", "8", "--hours", "1", "--precision", "fp64"],
         "unknown precision"),
        (["--hardware", "TPU v3", "--count", "8", "--hours", "1", "--precision", "fp32"],
         "no fp32 peak rate"),
        (["--hardware", "1080 Ti", "--count", "8", "--hours", "1", "--precision", "tensor"],
         "no tensor peak rate"),
    ],
)
def test_burden_bad_input_exit_2_one_line(runner, cli_app, args, needle):
    r = run(runner, cli_app, "burden", *args, "--json")
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("error: ") and needle in lines[0]
    assert "Traceback" not in r.stderr + r.stdout
    assert r.stdout == ""


def test_hardware_list(runner, cli_app):
    r = run(runner, cli_app, "hardware", "list", "--json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    names = {d["hardware"] for d in rows}
    assert {"NVIDIA GeForce GTX 580", "Google TPU v3", "NVIDIA V100"} <= names
    tpu = next(d for d in rows if d["hardware"] == "Google TPU v3")
    assert tpu["fp32_flops"] is None and tpu["tensor_flops"] == 123e12  # NaN -> null
    r = run(runner, cli_app, "hardware", "list", "--type", "tpu", "--json")
    assert {d["type"] for d in json.loads(r.stdout)} == {"TPU"}
    r = run(runner, cli_app, "hardware", "list")
    assert r.exit_code == 0 and "GTX 580" in r.stdout


def test_hardware_show(runner, cli_app):
    r = run(runner, cli_app, "hardware", "show", "Titan X", "--json")
    assert r.exit_code == 0
    d = json.loads(r.stdout)
    assert d["hardware"] == "NVIDIA GeForce GTX TITAN X" and d["fp32_flops"] == 6.691e12
    assert "ml_hardware_2025-12.csv" in d["fp32_flops_source"]
    assert "Titan X" in d["aliases"]
    r = run(runner, cli_app, "hardware", "show", "TPU v3 Pod", "--json")
    assert json.loads(r.stdout)["chips_per_unit"] == 1024
    r = run(runner, cli_app, "hardware", "show", "1080 Ti")
    assert r.exit_code == 0 and "10,609" in r.stdout


@pytest.mark.parametrize(("args", "needle"), [
    (["hardware", "show", "Titan Q"], "unknown hardware"),
    (["hardware", "show", "K20"], "ambiguous hardware 'K20'"),
    (["hardware", "list", "--type", "FPGA"], "no chips of type"),
])
def test_hardware_bad_input_exit_2_one_line(runner, cli_app, args, needle):
    r = run(runner, cli_app, *args)
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in r.stderr + r.stdout


def test_burden_of_a_tpu_without_fp32_rate_uses_the_one_default(runner, cli_app):
    # 8 x TPU v3 for an hour: the same 3.5424e18 FLOPs as every other burden path
    r = run(runner, cli_app, "burden", "--hardware", "TPU v3", "--count", "8", "--hours", "1",
            "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["burden_flops"] == pytest.approx(3.5424e18) and d["rate_column"] == "tensor_flops"
    r = run(runner, cli_app, "burden", "--hardware", "TPU v3", "--count", "8", "--hours", "1")
    assert "rate source: epoch-ml-hardware/ml_hardware_2025-12.csv row 111" in r.stdout
    r = run(runner, cli_app, "burden", "--hardware", "TPU v3", "--count", "8", "--hours", "1",
            "--precision", "fp32")
    assert r.exit_code == 2 and "no fp32 peak rate" in r.output


@pytest.mark.parametrize("name", ["TPU v3-" + "9" * 5000, "TPU v3-99999999999999999999999",
                                  "TPU v4-16384"])
def test_absurd_tpu_slice_is_one_clear_line(runner, cli_app, tmp_path, name):
    for args in (["burden", "--hardware", name, "--count", "1", "--hours", "1"],
                 ["hardware", "show", name],
                 ["place", "-b", "imagenet", "--error", "0.2", "--hardware", name, "--count",
                  "1", "--hours", "1"]):
        r = run(runner, cli_app, *args)
        assert r.exit_code == 2, (args[0], r.output[-300:])
        assert "Traceback" not in r.output and "at most one Pod" in r.output, args[0]
    f = tmp_path / "runs.csv"
    f.write_text("model,benchmark,metric_value,year,hardware,hardware_count,training_time_s\n"
                 f"m,imagenet,80,2020,{name},1,3600\n", encoding="utf-8")
    r = run(runner, cli_app, "data", "validate", str(f))
    assert r.exit_code == 2 and "row 1, column 'hardware'" in r.output
    assert "Traceback" not in r.output
