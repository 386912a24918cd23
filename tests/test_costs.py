"""Cost models: Strubell et al.'s arithmetic, constants and ranges, the hardware model, carbon data."""

from __future__ import annotations

import csv
import dataclasses
import itertools
import json
import math

import numpy as np
import pytest

from computelimits.costs import (
    COST_MODELS,
    KG_PER_LB,
    STRUBELL2019_NAS,
    STRUBELL2019_T2T_BIG,
    CostEstimate,
    carbon_intensity,
    cost_constants,
    estimate_cost,
    list_cost_models,
    load_carbon_intensity,
    run_cost,
    strubell2019_per_gflop,
)
from computelimits.datasets import load_manifest
from computelimits.errors import InputError, UnknownNameError

# Strubell et al. (2019), Table 3 as printed (arXiv:1906.02243). CodeCarbon's transcription
# (the fixture) has "$41 - $410" for Transformer base; the paper prints $41-$140, which is also
# what 96 GPU-hours at $1.46 give.
PRINTED_ERRATA = {("Transformer_base", "cloud_compute_cost_usd_high"): 140}
HARDWARE = {"NVIDIA P100": "P100", "NVIDIA V100": "V100"}


def _strubell_rows(reference_dir):
    path = reference_dir / "codecarbon-data" / "strubell2019_table3_subset.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _printed(row, col):
    return float(PRINTED_ERRATA.get((row["model"], col), row[col]))


def test_transformer_big_exact():
    # 8 x P100, 1515.43 W, 84 h -> 201 kWh with PUE -> 192 lbs; $289-$981 (Table 3)
    est = run_cost("P100", 8, 84, method="strubell2019", power_per_chip_w=1515.43 / 8)
    assert round(est.energy_kwh) == 201
    assert round(est.co2_lbs) == 192
    assert round(est.usd_low) == 289 and round(est.usd_high) == 981
    assert est.chip_hours == 672
    assert est.co2_kg == pytest.approx(est.co2_lbs * KG_PER_LB)
    # the paper's hardware burden of this run, at the P100's FP32 peak
    assert est.flops == pytest.approx(672 * 3600 * 9.3e12)


def test_strubell_table3_fixture(reference_dir):
    """Every row of the fixture: CO2 and dollars within the rounding of the printed inputs.

    Power is printed to 0.01 W and hours to whole hours, so the exact inputs lie within half a
    unit of those digits; each printed output (whole lbs and dollars) must lie within the range
    those inputs give, widened by its own rounding (0.5). P100 rows (Strubell's $0.43-$1.46 per
    GPU-hour) are exact at the printed inputs.
    """
    rows = _strubell_rows(reference_dir)
    assert len(rows) == 5
    for row in rows:
        n = float(row["hardware_count"])
        p_w, h = float(row["power_w"]), float(row["training_time_hours"])
        p100 = row["hardware"] == "NVIDIA P100"
        extra = {} if p100 else {"usd_per_chip_hour": (0.5, 3.0)}  # V100 prices not modelled
        outs = []
        for pw, hh in itertools.product((p_w - 0.005, p_w + 0.005), (h - 0.5, h + 0.5)):
            outs.append(run_cost(HARDWARE[row["hardware"]], n, hh, method="strubell2019",
                                 power_per_chip_w=pw / n, **extra))
        lo = min(o.co2_lbs for o in outs) - 0.5
        hi = max(o.co2_lbs for o in outs) + 0.5
        assert lo <= float(row["co2eq_lbs"]) <= hi, row["model"]
        if p100:
            est = run_cost("P100", n, h, method="strubell2019", power_per_chip_w=p_w / n)
            assert round(est.usd_low) == _printed(row, "cloud_compute_cost_usd_low"), row["model"]
            assert round(est.usd_high) == _printed(row, "cloud_compute_cost_usd_high"), row["model"]
            if row["model"] != "NAS":  # NAS: 626,152 at 1515.43 W; 626,155 within power rounding
                assert round(est.co2_lbs) == float(row["co2eq_lbs"]), row["model"]


def test_fixture_erratum_is_real(reference_dir):
    row = {r["model"]: r for r in _strubell_rows(reference_dir)}["Transformer_base"]
    assert float(row["cloud_compute_cost_usd_high"]) == 410  # the transcription we correct
    est = run_cost("P100", 8, 12, method="strubell2019")
    assert round(est.usd_high) == 140 != 410


def test_constants_derive_from_table3():
    c = cost_constants("strubell2019").set_index("name")
    nas_hours = STRUBELL2019_NAS["chips"] * STRUBELL2019_NAS["hours"]
    assert c.loc["usd_per_chip_hour", "low"] == pytest.approx(0.43, abs=5e-7)
    assert c.loc["usd_per_chip_hour", "high"] == pytest.approx(1.46, abs=5e-7)
    assert c.loc["usd_per_chip_hour", "high"] == STRUBELL2019_NAS["usd_high"] / nas_hours
    assert c.loc["power_per_chip_w", "value"] == pytest.approx(1515.43 / 8)
    assert c.loc["pue", "value"] == 1.58 and c.loc["co2_lbs_per_kwh", "value"] == 0.954
    assert (c["citation"].str.len() > 10).all() and (c["version"].str.len() > 0).all()
    # T2T big's printed costs follow from the same prices
    t2t = STRUBELL2019_T2T_BIG
    assert round(t2t["chips"] * t2t["hours"] * c.loc["usd_per_chip_hour", "low"]) == 289


def test_per_gflop_factors_give_figure4_magnitudes():
    f = strubell2019_per_gflop()
    co2, usd = f["co2_lbs"], f["usd"]
    # 192 lbs / (672 GPU-h x 3600 s x 9.3e12 FLOP/s / 1e9) = 8.5e-9 lbs per GFLOP
    assert co2[0] == pytest.approx(192 / (672 * 3600 * 9.3e3), rel=2e-3)
    assert usd[1] < usd[0] == usd[2]
    # Figure 4, ImageNet today: 10^14 GFLOPs -> 10^6 lbs and $10^6 (printed powers of ten)
    assert abs(math.log10(1e14 * co2[0]) - 6) <= 1
    assert abs(math.log10(1e14 * usd[0]) - 6) <= 1 and abs(math.log10(1e14 * usd[1]) - 6) <= 1


def test_vectorised_and_readonly():
    est = estimate_cost([1e20, 2e20, np.inf])
    assert isinstance(est.co2_lbs, np.ndarray) and est.co2_lbs.shape == (3,)
    assert est.co2_lbs[1] == pytest.approx(2 * est.co2_lbs[0])
    assert np.isinf(est.usd[2])
    with pytest.raises(ValueError):
        est.co2_lbs[0] = 0
    s = estimate_cost(1e20)
    assert isinstance(s.co2_lbs, float) and s.co2_lbs == pytest.approx(est.co2_lbs[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.method = "x"
    assert isinstance(s, CostEstimate)
    d = s.to_dict()
    assert d["constants"]["pue"]["value"] == 1.58 and "citation" in d["constants"]["pue"]
    assert list(s.to_frame().columns[:3]) == ["flops", "flops_low", "flops_high"]


def test_overrides_value_and_range():
    base = estimate_cost(1e21)
    one = estimate_cost(1e21, pue=1.1)
    assert one.energy_kwh == pytest.approx(base.energy_kwh * 1.1 / 1.58)
    assert one.constants["pue"]["citation"] == "user override"
    rng = estimate_cost(1e21, pue=(1.1, 1.6), peak_flops_per_chip=9.3e12)
    assert rng.energy_kwh_low == pytest.approx(base.energy_kwh * 1.1 / 1.58)
    assert rng.energy_kwh_high == pytest.approx(base.energy_kwh * 1.6 / 1.58)
    assert rng.constants["pue"]["value"] == pytest.approx(math.sqrt(1.1 * 1.6))
    three = estimate_cost(1e21, pue=(1.2, 1.1, 1.6))
    assert three.constants["pue"]["value"] == 1.2
    txt = estimate_cost(1e21, pue="1.1:1.6")
    assert txt.energy_kwh_high == pytest.approx(rng.energy_kwh_high)
    # two ranges combine at the corners: the low end is the product of the low ends
    both = estimate_cost(1e21, pue=(1.1, 1.6), co2_lbs_per_kwh=(0.5, 1.0),
                         peak_flops_per_chip=9.3e12)
    assert both.co2_lbs_low == pytest.approx(base.energy_kwh * 1.1 / 1.58 * 0.5)
    assert both.co2_lbs_high == pytest.approx(base.energy_kwh * 1.6 / 1.58 * 1.0)


@pytest.mark.parametrize("bad", [
    dict(pue=0.9), dict(pue=(1.6, 1.1)), dict(utilization=1.5), dict(utilization=0),
    dict(pue="abc"), dict(pue=float("nan")), dict(pue=(1.0, 1.2, 1.3, 1.4)),
])
def test_bad_overrides(bad):
    with pytest.raises(InputError):
        estimate_cost(1e21, **bad)


def test_unknown_names():
    with pytest.raises(UnknownNameError) as e:
        estimate_cost(1e21, puee=1.2)
    assert "pue" in str(e.value)
    with pytest.raises(UnknownNameError):
        estimate_cost(1e21, method="strubel")
    with pytest.raises(InputError):
        estimate_cost(-1.0)
    with pytest.raises(InputError):
        estimate_cost(float("nan"))


def test_registry():
    assert {"strubell2019", "hardware"} <= set(COST_MODELS.names())
    df = list_cost_models()
    assert set(df["name"]) >= {"strubell2019", "hardware"}


def test_hardware_model_arithmetic():
    from computelimits.hardware import get_hardware, load_hardware_prices, peak_flops

    # the paper's FP32 convention (kept for burdens): utilization 1, chip-hours = FLOPs / peak
    est = estimate_cost(1e21, "hardware", chip="V100", grid="world", precision="fp32")
    c = est.constants
    spec = get_hardware("V100")
    assert c["peak_flops_per_chip"]["value"] == peak_flops("V100", "fp32")
    assert c["utilization"]["value"] == 1.0
    assert c["tdp_w"]["value"] == spec.tdp_w
    ch = 1e21 / peak_flops("V100", "fp32") / 3600
    assert est.chip_hours == pytest.approx(ch)
    kwh = ch * spec.tdp_w * 0.75 * 1.8 * 1.25 / 1000
    assert est.energy_kwh == pytest.approx(kwh)
    assert est.co2_kg == pytest.approx(kwh * 475 / 1000)
    p = load_hardware_prices()
    p = p[(p["hardware"] == spec.hardware) & (p["pricing"] == "on-demand")]
    assert c["usd_per_chip_hour"]["value"] == pytest.approx(np.median(p["price_per_chip_hour_usd"]))
    assert est.usd == pytest.approx(ch * c["usd_per_chip_hour"]["value"])
    assert est.usd_low < est.usd <= est.usd_high
    assert est.energy_kwh_low < est.energy_kwh < est.energy_kwh_high
    fr = estimate_cost(1e21, "hardware", chip="V100", grid="France", precision="fp32")
    assert fr.co2_kg / est.co2_kg == pytest.approx(carbon_intensity("France").gco2_per_kwh / 475)


def test_hardware_model_errors_and_notes():
    with pytest.raises(InputError, match="needs a chip"):
        estimate_cost(1e21, "hardware")
    with pytest.raises(UnknownNameError):
        estimate_cost(1e21, "hardware", chip="NoSuchChip 9000")
    with pytest.raises(UnknownNameError):
        estimate_cost(1e21, "hardware", chip="V100", grid="Atlantis")
    with pytest.raises(InputError):  # TPUs list no FP32 rate
        estimate_cost(1e21, "hardware", chip="TPUv3", precision="fp32")
    tpu = estimate_cost(1e21, "hardware", chip="TPUv3", precision="tensor")
    assert tpu.constants["server_overhead"]["value"] == 1.56
    # a chip with no cloud price: dollars are NaN and a note says why, never a made-up price
    from computelimits.hardware import load_hardware, load_hardware_prices

    h = load_hardware()
    priced = set(load_hardware_prices()["hardware"])
    cand = h[(h["type"] == "GPU") & h["fp32_flops"].notna() & h["tdp_w"].notna()
             & ~h["hardware"].isin(priced)]
    est = estimate_cost(1e21, "hardware", chip=cand["hardware"].iloc[0])
    assert math.isnan(est.usd) and any("price" in n for n in est.notes)
    assert math.isfinite(est.co2_kg)
    est2 = estimate_cost(1e21, "hardware", chip=cand["hardware"].iloc[0], usd_per_chip_hour=2.0)
    assert est2.usd == pytest.approx(est2.chip_hours * 2.0)
    assert not any("price" in n for n in est2.notes)


def test_run_cost_units_and_utilization():
    tpu = run_cost("Cloud TPU v3", 2, 10, precision="tensor")  # a device is 4 chips
    assert tpu.chip_hours == 80
    assert run_cost("Cloud TPU v3", 2, 10).chip_hours == 80  # default: the tensor rate
    half = run_cost("V100", 8, 10, utilization=0.5)
    full = run_cost("V100", 8, 10)
    assert half.flops == pytest.approx(full.flops / 2)
    assert half.energy_kwh == pytest.approx(full.energy_kwh)  # same chip time
    with pytest.raises(InputError):
        run_cost("V100", 0, 10)


def test_carbon_table():
    df = load_carbon_intensity()
    assert {"key", "kind", "gco2_per_kwh", "source", "dataset", "licence"} <= set(df.columns)
    assert df["key"].is_unique
    w = carbon_intensity("world")
    assert w.gco2_per_kwh == 475 and "iea.org" in w.source
    assert carbon_intensity("France").key == "country:FRA"
    assert carbon_intensity("FRA").key == "country:FRA"
    assert carbon_intensity("Virginia").key == "us-state:VA"
    assert carbon_intensity("us-central1").key == "cloud:gcp:us-central1"
    with pytest.raises(UnknownNameError) as e:
        carbon_intensity("Frnace")
    assert "country:FRA" in str(e.value)
    from computelimits.datasets import load_manifest, verify_manifest

    meta = load_manifest()["files"]["carbon_intensity.csv"]
    assert "MIT" in meta["licence"] and "CodeCarbon" in meta["attribution"]
    assert verify_manifest()["carbon_intensity.csv"]


def test_build_script_reproduces_packaged_table(reference_dir, tmp_path):
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("build_carbon", root / "scripts" / "build_carbon.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--reference-dir", str(reference_dir), "--out-dir", str(tmp_path)]) == 0
    for name in ("carbon_intensity.csv", "cost_context.csv"):
        packaged = root / "src" / "computelimits" / "data" / name
        assert (tmp_path / name).read_bytes() == packaged.read_bytes(), name
        built = json.loads((tmp_path / "manifest.json").read_text("utf-8"))["files"][name]
        assert load_manifest()["files"][name] == built, name


# -- a run today is priced at the tensor rate and a typical utilization (issue 14) -------------
@pytest.mark.parametrize("chip", ["H100", "A100", "V100", "TPU v4"])
def test_default_chip_rate_is_not_fp32_for_tensor_core_chips(chip):
    from computelimits.cost_models import typical_utilization
    from computelimits.hardware import get_hardware, peak_flops

    spec = get_hardware(chip)
    assert spec.tensor_flops > 0  # a tensor-core chip
    est = estimate_cost(1e24, "hardware", chip=chip)
    peak = est.constants["peak_flops_per_chip"]
    assert peak["value"] == spec.tensor_flops
    if not math.isnan(spec.fp32_flops):
        assert peak["value"] != spec.fp32_flops
    assert "tensor_flops" in peak["citation"] and "fp32" not in peak["citation"]
    assert spec.tensor_flops_source in peak["citation"]  # the rate's own source, always
    u = typical_utilization()
    assert est.constants["utilization"]["value"] == u.value < 1
    assert est.chip_hours == pytest.approx(1e24 / (spec.tensor_flops * u.value) / 3600)
    assert est.chip_hours < 1e24 / peak_flops(chip, "paper") / 3600 or spec.type == "TPU"
    # both assumptions are stated in the result's notes (and so in every rendering)
    assert "TFLOP/s per chip" in est.notes[0] and "utilization 0.3325" in est.notes[0]


def test_h100_is_no_longer_15x_too_expensive():
    est = estimate_cost(1e24, "hardware", chip="H100")
    fp32 = estimate_cost(1e24, "hardware", chip="H100", precision="fp32", utilization=1)
    # 989 vs 67 TFLOP/s at the same utilization: 14.8x fewer chip-hours; MFU 0.33 gives 3x back
    assert fp32.chip_hours / est.chip_hours == pytest.approx(989.4 / 66.91 * 0.3325, rel=1e-3)


def test_typical_utilization_is_the_median_of_epochs_runs():
    from computelimits.cost_models import load_model_flop_utilization, typical_utilization

    df = load_model_flop_utilization()
    assert len(df) == 34 and df["mfu"].between(0, 1).all()
    assert df["source"].str.contains("notable_ai_models_2026-05-02.csv row").all()
    u = typical_utilization()
    assert u.value == pytest.approx(float(np.median(df["mfu"])))
    assert (u.low, u.high) == (df["mfu"].min(), df["mfu"].max())
    assert "Epoch AI" in u.citation and "34 training runs" in u.citation
    # Llama 3.1-405B (Dubey et al. 2024, arXiv:2407.21783, Table 4: 38-43% MFU): Epoch's 0.4042
    assert float(df.loc[df["model"] == "Llama 3.1-405B", "mfu"].iloc[0]) == 0.4042


def test_every_assumption_overridable():
    est = estimate_cost(1e24, "hardware", chip="H100", utilization=0.5, precision="fp32")
    assert est.constants["utilization"]["value"] == 0.5
    assert est.constants["peak_flops_per_chip"]["value"] == 66.91e12
    assert "utilization 0.5" in est.notes[0]
    est = estimate_cost(1e24, "hardware", chip="H100", peak_flops_per_chip=1e15)
    assert est.constants["peak_flops_per_chip"]["value"] == 1e15


@pytest.mark.parametrize("text", ["0", "-1", "0:1e15"])
def test_zero_peak_rate_is_an_error(text):
    with pytest.raises(InputError, match="peak_flops_per_chip: expected FLOP/s > 0"):
        estimate_cost(1e24, "hardware", chip="H100", peak_flops_per_chip=text)
    with pytest.raises(InputError, match="> 0"):
        estimate_cost(1e24, peak_flops_per_chip=text)


@pytest.mark.parametrize(("text", "expected"), [("1,500", 1500.0), ("700", 700.0),
                                                 ("1,000:2,000", (1000.0, 2000.0))])
def test_tdp_text_thousands_separator(text, expected):
    est = estimate_cost(1e24, "hardware", chip="H100", tdp_w=text)
    c = est.constants["tdp_w"]
    assert (c["low"], c["high"]) == ((expected, expected) if np.ndim(expected) == 0 else expected)


@pytest.mark.parametrize("text", ["1,5", "0.3,0.5", "1,50", "1:2:3", ",", "1,500,0"])
def test_ambiguous_commas_are_errors_not_ranges(text):
    with pytest.raises(InputError, match="tdp_w"):
        estimate_cost(1e24, "hardware", chip="H100", tdp_w=text)


def test_overflowing_cost_is_an_error():
    with pytest.raises(InputError, match="overflow"):
        estimate_cost(1e300, "hardware", chip="H100", peak_flops_per_chip=1e-300)
    assert math.isinf(estimate_cost(math.inf).usd)  # an unbounded projection stays unbounded
