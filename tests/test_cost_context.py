"""Costs a reader can read: units, ranges and context values with their sources; the cost CLI."""

from __future__ import annotations

import json
import math

import pytest

from computelimits.cost_context import (
    cost_context,
    describe_in_context,
    format_co2,
    format_energy,
    format_usd,
    load_cost_context,
    render_cost,
)
from computelimits.costs import KG_PER_LB, estimate_cost


def _err(res) -> str:
    try:
        return res.stderr
    except (ValueError, AttributeError):
        return res.output


def test_context_values_have_source_and_year():
    ctx = load_cost_context().set_index("key")
    assert set(ctx.index) == {"world_gdp", "world_electricity", "world_power_co2",
                              "largest_training_run", "costliest_training_run"}
    assert (ctx["source"].str.len() > 20).all() and (ctx["short_source"].str.len() > 5).all()
    assert ctx["year"].str.fullmatch(r"\d{4}").all()
    # Ember, Global Electricity Review 2024: 29,471 TWh of demand in 2023
    assert ctx.loc["world_electricity", "value"] == 29_471e9
    assert ctx.loc["world_gdp", "value"] == 105e12 and "Monetary Fund" in ctx.loc["world_gdp", "source"]
    # the largest run of Epoch AI's notable-models export (2026-05-02): Grok 4, 5e26 FLOP
    assert ctx.loc["largest_training_run", "value"] == 5e26
    assert "row 79 (Grok 4)" in ctx.loc["largest_training_run", "source"]


def test_context_ratios():
    # $210 trillion = 2 x world GDP
    (gdp,) = [c for c in cost_context("usd", math.log10(210e12)) if c["key"] == "world_gdp"]
    assert 10 ** gdp["log10_ratio"] == pytest.approx(2.0)
    assert any(t.startswith("2 x world GDP") and "IMF" in t
               for t in describe_in_context("usd", math.log10(210e12)))
    assert any(t.startswith("1% of world GDP")
               for t in describe_in_context("usd", math.log10(1.05e12)))
    assert any(t.startswith("10^80.0 x world GDP")
               for t in describe_in_context("usd", 80 + math.log10(1.05e14)))
    assert cost_context("usd", 3.0) == []  # $1,000 says nothing next to world GDP
    assert cost_context("usd", math.inf) == [] and cost_context("usd", math.nan) == []


def test_units_people_know():
    assert format_usd(math.log10(4.36e6)) == "$4.36 million"
    assert format_usd(math.log10(2.5e9)) == "$2.5 billion"
    assert format_usd(20.31) == "$10^20.3"
    assert format_usd(math.inf) == "unbounded" and format_usd(math.nan) == "not estimated"
    assert format_energy(math.log10(201)) == "201 kWh"
    assert format_energy(math.log10(2.0e9)) == "10^9.3 kWh (2 TWh)"
    assert format_energy(math.log10(8.937e5)) == "893,700 kWh (894 MWh)"
    # CO2: kg below a tonne, tonnes above, lbs beside (the paper's and Strubell et al.'s unit)
    assert format_co2(math.log10(192 * KG_PER_LB)) == "87.09 kg CO2e (192 lbs)"
    assert format_co2(math.log10(626155 * KG_PER_LB)) == "284 tonnes CO2e (626,200 lbs)"


def test_render_cost_strubell_transformer_big():
    from computelimits.costs import run_cost

    est = run_cost("P100", 8, 84, method="strubell2019", power_per_chip_w=1515.43 / 8,
                   peak_flops_per_chip=9.3e12)
    text = render_cost(est)
    assert "Energy       201.1 kWh" in text  # Table 3: 201 kWh x PUE
    assert "87.03 kg CO2e (191.9 lbs)" in text  # Strubell et al. 2019, Table 3: 192 lbs
    assert "$289 to $981" in text
    assert "Note: Assumes 9.3 TFLOP/s per chip" in text


def test_render_cost_of_a_huge_projection_row():
    # a Projection.to_frame() row: log10 columns beyond floating point
    row = {"log10_flops": 120.0, "flops": math.inf, "log10_usd": 100.0, "log10_usd_low": 99.0,
           "log10_usd_high": 101.0, "usd": math.inf, "log10_energy_kwh": 97.5,
           "log10_co2_kg": 95.0}
    text = render_cost(row)
    assert "Computation  1e+120 FLOP" in text
    assert "Cost         $10^100.0 [$10^99.0 to $10^101.0]" in text
    assert "10^86.0 x world GDP" in text and "world electricity demand" in text
    assert "10^92.0 tonnes CO2e" in text


def test_estimate_carries_energy_tonnes_and_context():
    est = estimate_cost(1e29, "hardware", chip="H100")
    d = est.to_dict()
    assert d["co2_tonnes"] == pytest.approx(d["co2_kg"] / 1000)
    assert d["energy_kwh"] > 0
    keys = {c["key"] for c in d["context"]}
    assert {"world_gdp", "world_electricity", "largest_training_run"} <= keys
    frame = est.to_frame()
    assert {"energy_kwh", "co2_kg", "co2_lbs", "co2_tonnes", "usd"} <= set(frame.columns)
    text = est.summary()
    for needle in ("kWh", "tonnes CO2e", "lbs", "$", "world GDP", "utilization 0.3325",
                   "989.4 TFLOP/s"):
        assert needle in text, needle


# -- the cost command --------------------------------------------------------------------------
def test_cost_cli_chip_implies_hardware_and_states_assumptions(runner, cli_app):
    res = runner.invoke(cli_app, ["cost", "--flops", "1e25", "--chip", "H100"])
    assert res.exit_code == 0, _err(res)
    out = res.stdout
    assert out.startswith("Cost estimate (hardware")
    assert "989.4 TFLOP/s per chip (NVIDIA H100 SXM5 80GB tensor peak)" in out
    assert "utilization 0.3325" in out and "median MFU of 34 runs, Epoch AI" in out
    for needle in ("Energy ", "kWh", "tonnes CO2e", "lbs", "Cost ", "largest training run"):
        assert needle in out, needle
    res = runner.invoke(cli_app, ["cost", "--flops", "1e25", "--chip", "H100", "--precision",
                                  "fp32", "--utilization", "1", "--json"])
    d = json.loads(res.stdout)
    assert d["constants"]["peak_flops_per_chip"]["value"] == 66.91e12
    assert d["constants"]["utilization"]["value"] == 1.0
    assert d["co2_tonnes"] == pytest.approx(d["co2_kg"] / 1000) and d["context"]


@pytest.mark.parametrize(("args", "needle"), [
    (["--peak-flops", "0"], "peak_flops_per_chip: expected FLOP/s > 0"),
    (["--peak-flops", "-5"], "> 0"),
    (["--chip", "H100", "--tdp", "1,5"], "not a thousands separator"),
    (["--chip", "H100", "--tdp", "0.3,0.5"], "LOW:HIGH"),
    (["--chip", "H100", "--tdp", "0"], "tdp_w"),
    (["--peak-flops", "1e-300", "--flops", "1e300"], "overflow"),
    (["--chip", "TPU v3-99999999"], "TPU v3-2048"),
])
def test_cost_cli_bad_numbers_exit_2(runner, cli_app, args, needle):
    base = [] if "--flops" in args else ["--flops", "1e24"]
    res = runner.invoke(cli_app, ["cost", *base, *args])
    assert res.exit_code == 2, res.stdout
    err = _err(res)
    assert needle in err and "Traceback" not in err


def test_cost_cli_tdp_thousands(runner, cli_app):
    res = runner.invoke(cli_app, ["cost", "--flops", "1e24", "--chip", "H100", "--tdp", "1,500",
                                  "--json"])
    assert res.exit_code == 0, _err(res)
    c = json.loads(res.stdout)["constants"]["tdp_w"]
    assert (c["value"], c["low"], c["high"]) == (1500.0, 1500.0, 1500.0)
