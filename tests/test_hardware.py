"""The hardware table: aliases, ambiguity, per-chip TPU rates, sources, and its build script."""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from computelimits.errors import InputError, UnknownNameError
from computelimits.hardware import (
    NUMERIC_COLUMNS,
    PEAK_RATES,
    VALUE_COLUMNS,
    HardwareResolver,
    get_hardware,
    load_hardware,
    load_hardware_aliases,
    load_hardware_prices,
    peak_flops,
    resolve_hardware,
    resolve_hardware_unit,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "computelimits" / "data"
BUILT = ("hardware.csv", "hardware_aliases.csv", "hardware_prices.csv", "model_flop_utilization.csv")


# -- aliases -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Titan X", "NVIDIA GeForce GTX TITAN X"),
        ("titan x", "NVIDIA GeForce GTX TITAN X"),
        ("Titan X (Pascal)", "NVIDIA TITAN X Pascal"),
        ("Titan Xp", "NVIDIA TITAN Xp"),
        ("GTX Titan Black", "NVIDIA GeForce GTX Titan Black"),
        ("NVIDIA GTX Titan Black", "NVIDIA GeForce GTX Titan Black"),
        ("P100", "NVIDIA P100"),
        ("Tesla P100", "NVIDIA P100"),
        ("P100 SXM2", "NVIDIA Tesla P100 SXM2"),
        ("V100", "NVIDIA V100"),
        ("Tesla V100-SXM2-16GB", "NVIDIA Tesla V100 SXM2 16 GB"),
        ("A100", "NVIDIA A100"),
        ("K40", "NVIDIA Tesla K40s"),
        ("Tesla K80", "NVIDIA Tesla K80"),
        ("GTX 580", "NVIDIA GeForce GTX 580"),
        ("NVIDIA GPU 1080 Ti", "NVIDIA GeForce GTX 1080 Ti"),  # the paper's example
        ("GeForce GTX 1080Ti", "NVIDIA GeForce GTX 1080 Ti"),
        ("RTX 2080 Ti", "NVIDIA GeForce RTX 2080 Ti 11GB"),
        ("TPUv3", "Google TPU v3"),
        ("TPU v3", "Google TPU v3"),
        ("tpu-v2", "Google TPU v2"),
        ("Google TPU v6e", "Google TPU v6e Trillium"),
        ("NVIDIA GeForce GTX 1080 Ti", "NVIDIA GeForce GTX 1080 Ti"),
    ],
)
def test_alias_resolution(name, canonical):
    assert resolve_hardware(name) == canonical


def test_every_alias_maps_to_a_chip_of_the_table():
    chips = set(load_hardware()["hardware"])
    aliases = load_hardware_aliases()
    assert len(aliases) > 30
    for _, a in aliases.iterrows():
        targets = a["hardware"].split("|")
        assert set(targets) <= chips, a["alias"]
        assert a["chips_per_unit"] > 0
        if a["chips_per_unit"] != 1:
            assert a["source"], f"{a['alias']}: a multiplier needs a source"
        if len(targets) == 1:
            assert resolve_hardware_unit(a["alias"]) == (targets[0], a["chips_per_unit"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Titan", "NVIDIA TITAN Xp"),  # seven Titans
        ("TPU", "Google TPU v2"),  # which generation?
        ("K20", "NVIDIA Tesla K20X"),  # K20c, K20m and K20X differ
        ("V100 PCIe", "NVIDIA Tesla V100 PCIe 32 GB"),
        ("A100 SXM4", "NVIDIA A100 SXM4 80 GB"),
        ("P100 PCIe 16GB", "NVIDIA Tesla P100 PCIe 16GB"),  # two Epoch rows
    ],
)
def test_ambiguous_names_are_errors_listing_candidates(name, expected):
    with pytest.raises(UnknownNameError, match=f"^ambiguous hardware '{name}'") as exc:
        resolve_hardware(name)
    assert expected in exc.value.candidates
    assert len(exc.value.candidates) >= 2
    assert expected in str(exc.value)


@pytest.mark.parametrize(("name", "expected"), [
    ("GTX 9999", "NVIDIA GeForce GTX 980"),
    ("Titan Q", "NVIDIA TITAN Xp"),
    ("Tesla V1000", "NVIDIA V100"),
])
def test_unknown_names_list_close_candidates(name, expected):
    with pytest.raises(UnknownNameError, match=f"^unknown hardware '{name}'; did you mean") as exc:
        resolve_hardware(name)
    assert expected in exc.value.candidates


@pytest.mark.parametrize("name", ["", "   ", None])
def test_empty_name_rejected(name):
    with pytest.raises(UnknownNameError):
        resolve_hardware(name)


def test_unknown_name_is_a_keyerror_and_a_user_error():
    from computelimits.errors import ComputeLimitsError

    with pytest.raises(KeyError):
        resolve_hardware("Hopper")
    with pytest.raises(ComputeLimitsError):
        resolve_hardware("Hopper")


def test_resolver_rejects_inconsistent_inputs():
    with pytest.raises(ValueError, match="collide"):
        HardwareResolver(["NVIDIA P100", "nvidia p-100"])
    with pytest.raises(ValueError, match="canonical"):
        HardwareResolver(["NVIDIA P100"], [("NVIDIA P100", "NVIDIA P100", 1)])


# -- TPUs: per chip ------------------------------------------------------------------------------
def test_tpu_rates_are_per_chip():
    # Google: 180 TFLOPS per 4-chip TPU v2 device; 123 TFLOPS bf16 per v3 chip (Cloud TPU docs).
    assert peak_flops("TPU v2", "tensor") == 45e12
    assert peak_flops("TPU v3", "tensor") == 123e12
    assert peak_flops("TPU v4", "tensor") == 275e12
    assert get_hardware("Cloud TPU v3 Pod").tensor_flops == 123e12  # spec of one chip


@pytest.mark.parametrize(
    ("name", "chips"),
    [
        ("TPUv3", 1.0),
        ("TPU v3 chip", 1.0),
        ("Cloud TPU v3", 4.0),  # one v3-8 device: 4 chips, 8 TensorCores
        ("TPU v3-8", 4.0),
        ("v3-8 TPU", None),  # not a name we parse
        ("TPU v3-32", 16.0),
        ("Cloud TPU v3-2048", 1024.0),
        ("TPU v3 Pod", 1024.0),
        ("Cloud TPU v3 Pod", 1024.0),
        ("TPU v3 core", 0.5),
        ("TPU v2 Pod", 256.0),
        ("TPU v2-512", 256.0),
        ("Cloud TPU v2", 4.0),
        ("TPU v4 Pod", 4096.0),
        ("GK210", 0.5),  # one GPU of a two-GPU Tesla K80 board
    ],
)
def test_multi_chip_units(name, chips):
    if chips is None:
        with pytest.raises(UnknownNameError):
            resolve_hardware_unit(name)
        return
    assert resolve_hardware_unit(name)[1] == chips


@pytest.mark.parametrize("name", ["TPU v3-7", "TPU v3-0", "TPU v9-8"])
def test_bad_tpu_slices_rejected(name):
    with pytest.raises(UnknownNameError):
        resolve_hardware_unit(name)


def test_multi_chip_alias_never_matches_loosely():
    # "K80 GK210" is half a board; "Tesla K80" must stay the whole board
    assert resolve_hardware_unit("Tesla K80") == ("NVIDIA Tesla K80", 1.0)
    assert resolve_hardware_unit("NVIDIA Tesla K80") == ("NVIDIA Tesla K80", 1.0)


# -- values against public specifications (documented in docs/hardware.md) ---------------------
@pytest.mark.parametrize(
    ("name", "tflops"),
    [
        ("P100 SXM2", 10.6),
        ("V100", 15.7),
        ("GTX 1080 Ti", 11.34),
        ("GTX 580", 1.581),
        ("Titan X", 6.691),
        ("K40", 5.046),
        ("A100", 19.5),
        ("H100", 66.9),
    ],
)
def test_fp32_matches_public_specs(name, tflops):
    assert peak_flops(name) / 1e12 == pytest.approx(tflops, rel=0.01)


def test_1080ti_differs_from_the_papers_base_clock_figure():
    # supplement section 6: "NVIDIA GPU 1080 Ti" ... "10609 GFLOPs"; the table has the boost rate
    ratio = peak_flops("1080 Ti") / 10609e9
    assert 1.06 < ratio < 1.08
    assert "10,609" in get_hardware("1080 Ti").notes


def test_tensor_and_fp32_differ_for_tensor_core_chips():
    assert peak_flops("V100", "tensor") / peak_flops("V100") == pytest.approx(125 / 15.67, rel=1e-3)
    assert peak_flops("A100", "tensor") == 312e12
    assert peak_flops("Titan V", "best") == get_hardware("Titan V").fp16_flops


@pytest.mark.parametrize(("name", "precision"), [("TPU v3", "fp32"), ("1080 Ti", "tensor"),
                                                  ("TPU v1", "best"), ("Titan V", "tensor")])
def test_missing_rate_is_an_error_not_a_guess(name, precision):
    with pytest.raises(InputError, match=f"no {precision} peak rate"):
        peak_flops(name, precision)


def test_unknown_precision():
    with pytest.raises(InputError, match="unknown precision 'fp64'"):
        peak_flops("V100", "fp64")
    assert {"fp32", "tensor"} <= set(PEAK_RATES.names())


# -- table integrity ---------------------------------------------------------------------------
def test_table_shape_and_sources():
    hw = load_hardware()
    assert hw["hardware"].is_unique
    assert len(hw) >= 200
    assert {"GPU", "TPU"} <= set(hw["type"])
    for col in VALUE_COLUMNS:
        has_value = hw[col].notna() & (hw[col].astype(str) != "")
        has_source = hw[f"{col}_source"].astype(str) != ""
        assert (has_value == has_source).all(), col
    for col in NUMERIC_COLUMNS:
        assert (hw[col].dropna() > 0).all(), col
    dates = hw["release_date"][hw["release_date"] != ""]
    assert dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    # every chip of the paper's era that papers name is present with an FP32 rate
    era = ["GTX 580", "GTX 680", "GTX Titan", "Titan Black", "Titan X", "Titan X Pascal",
           "K20X", "K40", "K80", "M40", "GTX 980", "GTX 980 Ti", "GTX 1070", "GTX 1080",
           "GTX 1080 Ti", "Titan Xp", "Titan V", "Titan RTX", "RTX 2080 Ti", "P100", "V100", "A100"]
    for name in era:
        assert not math.isnan(peak_flops(name)), name


def test_sources_point_at_real_rows(reference_dir):
    hw = load_hardware().set_index("hardware")
    src = hw.loc["NVIDIA GeForce GTX 580", "fp32_flops_source"]
    rel, rest = src.split(" row ")
    row = int(rest.split(" ")[0])
    with open(reference_dir / rel, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[row - 1]["Hardware name"] == "NVIDIA GeForce GTX 580"
    assert float(rows[row - 1]["FP32 (single precision) performance (FLOP/s)"]) == 1.581e12


def test_loaders_return_copies():
    a = load_hardware()
    a.loc[:, "fp32_flops"] = -1.0
    assert (load_hardware()["fp32_flops"].dropna() > 0).all()


def test_spec_is_frozen():
    spec = get_hardware("V100")
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.fp32_flops = 0.0
    assert spec.to_dict()["hardware"] == "NVIDIA V100"


def test_prices_per_chip_hour():
    p = load_hardware_prices()
    assert list(p.columns[:6]) == ["hardware", "date", "price_per_chip_hour_usd", "pricing",
                                   "provider", "location"]
    assert set(p["hardware"]) <= set(load_hardware()["hardware"])
    assert set(p["pricing"]) == {"on-demand", "1-year", "3-year"}
    assert (p["price_per_chip_hour_usd"] > 0).all()
    # Google listed a v3-8 device (4 chips) at $8/hour: $2 per chip-hour
    v3 = p[(p["hardware"] == "Google TPU v3") & (p["pricing"] == "on-demand")
           & (p["location"] == "Iowa (us-central1)")]
    assert set(v3["price_per_chip_hour_usd"]) == {2.0}


def test_nothing_is_read_at_import():
    code = ("import sys, computelimits.hardware as h, computelimits.burden; "
            "assert h._hardware_table.cache_info().currsize == 0; "
            "assert 'pandas' not in sys.modules, 'pandas imported at import time'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_epoch_training_hardware_name_resolves(reference_dir):
    for f in sorted((reference_dir / "epoch-ai-models").glob("*.csv")):
        csv.field_size_limit(1 << 30)
        with open(f, encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                for name in (r.get("Training hardware") or "").split(","):
                    if name.strip():
                        resolve_hardware(name)


def test_packaged_records_hardware_resolves():
    path = DATA / "models.csv"
    if not path.exists():
        pytest.skip("models.csv not built yet")
    with open(path, encoding="utf-8", newline="") as fh:
        names = {r.get("hardware", "") for r in csv.DictReader(fh)}
    for name in sorted(n for n in names if n and n.strip()):
        resolve_hardware(name)


# -- the build script ----------------------------------------------------------------------------
def _build_module():
    spec = importlib.util.spec_from_file_location("build_hardware",
                                                  REPO / "scripts" / "build_hardware.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def two_builds(reference_dir, tmp_path_factory):
    mod = _build_module()
    outs = []
    for k in range(2):
        out = tmp_path_factory.mktemp(f"build{k}")
        mod.build(reference_dir, out, log=lambda *a, **kw: None)
        outs.append(out)
    return outs


def test_build_is_deterministic(two_builds):
    a, b = two_builds
    for name in (*BUILT, "manifest.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_packaged_files_equal_a_fresh_build(two_builds):
    fresh = two_builds[0]
    for name in BUILT:
        assert (DATA / name).read_bytes() == (fresh / name).read_bytes(), (
            f"{name} is stale: run python scripts/build_hardware.py")
    packaged = json.loads((DATA / "manifest.json").read_text("utf-8"))["files"]
    built = json.loads((fresh / "manifest.json").read_text("utf-8"))["files"]
    for name in BUILT:
        assert packaged[name] == built[name], name
    assert "CC BY 4.0" in built["hardware.csv"]["licence"]
    assert "Epoch AI" in built["hardware.csv"]["attribution"]
    assert built["hardware.csv"]["built_by"] == "scripts/build_hardware.py"


def test_build_rejects_an_alias_to_a_missing_chip(reference_dir, tmp_path):
    mod = _build_module()
    cur = tmp_path / "curation"
    cur.mkdir()
    for name in ("hardware_include.csv", "hardware_notes.csv"):
        (cur / name).write_bytes((REPO / "curation" / name).read_bytes())
    text = (REPO / "curation" / "hardware_aliases.csv").read_text("utf-8")
    (cur / "hardware_aliases.csv").write_text(text + "Voodoo,3dfx Voodoo 9,1,,,\n", "utf-8")
    with pytest.raises(mod.BuildError, match="Voodoo 9"):
        mod.build(reference_dir, tmp_path / "out", cur, log=lambda *a, **kw: None)


def test_build_rejects_a_false_equal_rates_claim(reference_dir, tmp_path):
    mod = _build_module()
    cur = tmp_path / "curation"
    cur.mkdir()
    for name in ("hardware_include.csv", "hardware_notes.csv"):
        (cur / name).write_bytes((REPO / "curation" / name).read_bytes())
    text = (REPO / "curation" / "hardware_aliases.csv").read_text("utf-8")
    (cur / "hardware_aliases.csv").write_text(
        text + "P100 any,NVIDIA P100,1,NVIDIA Tesla P100 SXM2,,\n", "utf-8")
    with pytest.raises(mod.BuildError, match="fp32_flops differs"):
        mod.build(reference_dir, tmp_path / "out", cur, log=lambda *a, **kw: None)
