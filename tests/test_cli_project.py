"""CLI: ``computelimits project``, ``figure4`` and ``cost``."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest


def _run(runner, app, args):
    return runner.invoke(app, args)


def _err(res) -> str:
    try:
        return res.stderr
    except (ValueError, AttributeError):
        return res.output


@pytest.fixture(scope="module")
def data_csv(tmp_path_factory):
    rng = np.random.default_rng(1)
    n = 30
    lx = rng.uniform(17, 23, n)
    y = 0.10 - 0.07 * (lx - 9) + rng.normal(0, 0.08, n)
    df = pd.DataFrame(dict(model=[f"m{i}" for i in range(n)], benchmark="imagenet",
                           year=rng.uniform(2012, 2020, n).round(2), error=10 ** y,
                           hardware_burden_flops=10 ** lx))
    p = tmp_path_factory.mktemp("data") / "models.csv"
    df.to_csv(p, index=False)
    return p


def test_project_paper_json(runner, cli_app):
    res = _run(runner, cli_app, ["project", "--paper", "-b", "imagenet", "-t", "5%", "-t", "0.01",
                                 "--json"])
    assert res.exit_code == 0, _err(res)
    d = json.loads(res.stdout)
    assert d["form"] == "polynomial" and d["anchor"] == "paper"
    t = d["targets"]
    assert [x["target"] for x in t] == [0.05, 0.01]
    for x in t:
        assert {"target", "flops", "flops_ci", "co2_lbs", "co2_lbs_ci", "usd", "usd_ci", "form",
                "anchor"} <= set(x)
        assert x["flops_ci"][0] <= x["flops"] <= x["flops_ci"][1]
        assert x["co2_lbs_ci"][0] <= x["co2_lbs"] <= x["co2_lbs_ci"][1]
    # 14 + (log10 .05 - log10 .115) / -0.07 = 19.17 (GFLOPs) -> 28.17 in FLOPs
    assert math.log10(t[0]["flops"]) == pytest.approx(28.1675, abs=1e-3)
    assert d["cost_constants"]["pue"]["value"] == 1.58


def test_project_paper_exponential_and_unbounded(runner, cli_app):
    res = _run(runner, cli_app, ["project", "--paper", "-b", "coco", "-t", "10%", "--json"])
    d = json.loads(res.stdout)
    assert d["targets"][0]["ci_kind"] == "unbounded"
    assert d["targets"][0]["flops_ci"] == [0.0, None]  # infinite bound -> null, never a number
    res = _run(runner, cli_app, ["project", "--paper", "-b", "coco", "-t", "10%", "--form",
                                 "exponential", "--json"])
    d = json.loads(res.stdout)
    assert d["form"] == "exponential" and d["targets"][0]["ci_kind"] == "bounded"


@pytest.mark.parametrize("target,needle", [("12%", "at or above today"), ("0.5", "at or above"),
                                           ("150", "(0, 1)"), ("0", "(0, 1)"),
                                           ("five", "error rate")])
def test_project_bad_target_exits_2(runner, cli_app, target, needle):
    res = _run(runner, cli_app, ["project", "--paper", "-b", "imagenet", "-t", target])
    assert res.exit_code == 2
    err = _err(res)
    assert err.startswith("error: ") and needle in err and "Traceback" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("args,needle", [
    (["--cost", "hardware"], "--chip"),
    (["--cost", "strubell2019", "--chip", "V100"], "--cost hardware"),
    (["--cost", "none", "--chip", "V100"], "needs a cost model"),
    (["--cost", "hardware", "--chip", "V100", "--power-per-chip", "100"], "strubell2019"),
    (["--pue", "0.5"], "pue"),
    (["--pue", "x"], "pue"),
    (["--anchor", "today"], "anchoring"),
    (["--form", "cubic"], "polynomial"),
])
def test_project_bad_options_exit_2(runner, cli_app, args, needle):
    res = _run(runner, cli_app, ["project", "--paper", "-b", "imagenet", "-t", "5%", *args])
    assert res.exit_code == 2, res.stdout
    assert needle in _err(res)


def test_project_missing_target_and_benchmark(runner, cli_app):
    res = _run(runner, cli_app, ["project", "--paper", "-b", "imagenet"])
    assert res.exit_code == 2 and "--target" in _err(res)
    res = _run(runner, cli_app, ["project", "--paper", "-t", "5%"])
    assert res.exit_code == 2 and "--benchmark" in _err(res)


def test_project_data_bootstrap(runner, cli_app, data_csv):
    res = _run(runner, cli_app, ["project", "--data", str(data_csv), "-t", "5%", "--interval",
                                 "bootstrap", "--bootstrap", "200", "--seed", "3", "--anchor",
                                 "regression", "--json"])
    assert res.exit_code == 0, _err(res)
    d = json.loads(res.stdout)
    assert d["interval"] == "bootstrap" and d["benchmark"] == "imagenet"
    t = d["targets"][0]
    assert t["flops_ci"][0] < t["flops"] < t["flops_ci"][1]
    again = json.loads(_run(runner, cli_app, [
        "project", "--data", str(data_csv), "-t", "5%", "--interval", "bootstrap",
        "--bootstrap", "200", "--seed", "3", "--anchor", "regression", "--json"]).stdout)
    assert again["targets"][0]["flops_ci"] == t["flops_ci"]  # reproducible from --seed


def test_project_hardware_cost_text_and_formats(runner, cli_app, data_csv):
    res = _run(runner, cli_app, ["project", "--data", str(data_csv), "-t", "5%", "--cost",
                                 "hardware", "--chip", "V100", "--grid", "France", "--pue",
                                 "1.1:1.3"])
    assert res.exit_code == 0, _err(res)
    assert "Target: 5%" in res.stdout and "carbon_intensity_g_per_kwh" in res.stdout
    assert "France" in res.stdout
    tex = _run(runner, cli_app, ["project", "--data", str(data_csv), "-t", "5%", "--format",
                                 "latex"])
    assert r"\begin{tabular}" in tex.stdout


def test_project_plot_and_force(runner, cli_app, tmp_path):
    out = tmp_path / "p.png"
    args = ["project", "--paper", "-b", "squad11", "-t", "2%", "--plot", str(out)]
    res = _run(runner, cli_app, args)
    assert res.exit_code == 0, _err(res)
    assert out.stat().st_size > 1000
    res = _run(runner, cli_app, args)
    assert res.exit_code == 2 and "--force" in _err(res)
    assert _run(runner, cli_app, [*args, "--force"]).exit_code == 0


def test_figure4_formats(runner, cli_app, tmp_path):
    res = _run(runner, cli_app, ["figure4", "--format", "csv"])
    assert res.exit_code == 0, _err(res)
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("benchmark,column,form,row") and len(lines) == 31
    md = _run(runner, cli_app, ["figure4", "--format", "markdown"]).stdout
    assert "(paper 10^120)" in md
    out = tmp_path / "f4.tex"
    res = _run(runner, cli_app, ["figure4", "--format", "latex", "--out", str(out)])
    assert res.exit_code == 0 and r"\begin{tabular}" in out.read_text()
    res = _run(runner, cli_app, ["figure4", "--format", "latex", "--out", str(out)])
    assert res.exit_code == 2


def test_figure4_compare_json(runner, cli_app):
    res = _run(runner, cli_app, ["figure4", "--compare", "--json"])
    assert res.exit_code == 0, _err(res)
    rows = json.loads(res.stdout)
    assert len(rows) == 90 and all(r["consistent"] for r in rows)
    res = _run(runner, cli_app, ["figure4", "--compare", "--source", "data"])
    assert res.exit_code == 2


def test_cost_command(runner, cli_app):
    res = _run(runner, cli_app, ["cost", "--hardware", "P100", "--count", "8", "--hours", "84",
                                 "--cost", "strubell2019", "--power-per-chip", "189.42875",
                                 "--json"])
    assert res.exit_code == 0, _err(res)
    d = json.loads(res.stdout)
    assert round(d["co2_lbs"]) == 192 and round(d["energy_kwh"]) == 201
    assert round(d["usd_low"]) == 289 and round(d["usd_high"]) == 981
    res = _run(runner, cli_app, ["cost", "--flops", "1e23", "--flops", "1e24", "--json"])
    d = json.loads(res.stdout)
    assert len(d["co2_lbs"]) == 2
    res = _run(runner, cli_app, ["cost"])
    assert res.exit_code == 2
    res = _run(runner, cli_app, ["cost", "--flops", "lots"])
    assert res.exit_code == 2 and "--flops" in _err(res)
    res = _run(runner, cli_app, ["cost", "--hardware", "V100", "--count", "8", "--hours", "10"])
    assert res.exit_code == 0 and "usd_per_chip_hour" in res.stdout


def test_same_form_name_same_model_with_and_without_paper(runner, cli_app):
    """`--form exponential` is the paper's 1/error model in both modes (issue 14 item 1)."""
    out = {}
    for mode in (["--paper"], []):
        res = _run(runner, cli_app, ["project", *mode, "-b", "imagenet", "-t", "1%", "--form",
                                     "exponential", "--json"])
        assert res.exit_code == 0, _err(res)
        out[bool(mode)] = json.loads(res.stdout)
    assert out[True]["form"] == out[False]["form"] == "exponential"
    assert out[True]["equation"] == out[False]["equation"] == "1/error = a + b log10(C)"
    assert out[True]["targets"][0]["log10_flops"] - 9 == pytest.approx(118.9, abs=0.05)
    from computelimits.fitting import fit
    from computelimits.projection import project

    ours = project(fit(benchmark="imagenet", x="burden", form="exponential"), ["1%"])
    assert out[False]["targets"][0]["log10_flops"] == pytest.approx(
        ours.to_frame()["log10_flops"].iloc[0], rel=1e-12)
    # the other model has its own name, and the paper has no coefficients for it
    res = _run(runner, cli_app, ["project", "-b", "imagenet", "-t", "1%", "--form",
                                 "error-linear", "--json"])
    assert json.loads(res.stdout)["equation"] == "error = a + b log10(C)"
    assert any("now 'error-linear'" in n for n in out[False]["notes"])
    res = _run(runner, cli_app, ["project", "--paper", "-b", "imagenet", "-t", "1%", "--form",
                                 "error-linear"])
    assert res.exit_code == 2 and "polynomial, exponential" in _err(res)


def test_project_says_how_far_it_reaches(runner, cli_app):
    res = _run(runner, cli_app, ["project", "--paper", "-b", "imagenet", "-t", "1%"])
    assert res.exit_code == 0, _err(res)
    out = res.stdout
    assert "WARNING: target 1% needs 10^15.2 times the computation" in out
    assert "Other functional forms, target 1%: polynomial 10^29.2; exponential 10^118.9" in out
    assert "Backtest (polynomial-mean-paper" in out and "fieller intervals" in out
    assert "Energy (kWh)" in out and "CO2e (tonnes)" in out and "lbs" in out
    d = json.loads(_run(runner, cli_app, ["project", "--paper", "-b", "imagenet", "-t", "1%",
                                          "--json"]).stdout)
    assert d["interval"] == "fieller" and d["warnings"] and d["backtest_coverage"]["available"]
    assert {r["form"] for r in d["other_forms"]} == {"polynomial", "exponential"}
