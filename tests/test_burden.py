"""Hardware burden = processors x peak rate x time (paper section 3.2), checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from computelimits.burden import (
    burden_detail,
    derive_hardware_burden,
    fill_hardware_burden,
    hardware_burden,
    hardware_burden_array,
)
from computelimits.errors import DataValidationError, InputError, UnknownNameError
from computelimits.hardware import load_hardware


def peak(chip: str, column: str = "fp32_flops") -> float:
    """The rate straight from the packaged table (independent of peak_flops)."""
    hw = load_hardware().set_index("hardware")
    return float(hw.loc[chip, column])


def test_transformer_big_8_p100_84_hours():
    # Vaswani et al. 2017 (arXiv:1706.03762, section 5.2): 8 NVIDIA P100 GPUs, 3.5 days
    by_hand = 8 * peak("NVIDIA P100") * 84 * 3600
    assert by_hand == pytest.approx(8 * 9.3e12 * 302400)  # = 2.249856e19 FLOPs
    assert hardware_burden("P100", 8, hours=84) == pytest.approx(by_hand, rel=1e-15)
    assert hardware_burden("P100", 8, 84 * 3600) == pytest.approx(by_hand, rel=1e-15)
    assert hardware_burden("NVIDIA P100", 8, days=3.5) == pytest.approx(by_hand, rel=1e-15)


def test_transformer_on_p100_sxm2():
    by_hand = 8 * 10.61e12 * 84 * 3600
    assert hardware_burden("P100 SXM2", 8, hours=84) == pytest.approx(by_hand, rel=1e-12)


def test_alexnet_two_gtx580_six_days():
    # Krizhevsky et al. 2012: two GTX 580 3GB GPUs, five to six days
    assert hardware_burden("GTX 580", 2, days=6) == pytest.approx(2 * 1.581e12 * 6 * 86400)


def test_tensor_precision_option():
    by_hand = 8 * peak("NVIDIA V100", "tensor_flops") * 10 * 86400
    assert by_hand == pytest.approx(8 * 125e12 * 864000)
    got = hardware_burden("V100", 8, days=10, precision="tensor")
    assert got == pytest.approx(by_hand, rel=1e-15)
    ratio = got / hardware_burden("V100", 8, days=10)
    assert 5 < ratio < 16  # FP32 understates tensor-core chips 5-16x
    assert ratio == pytest.approx(125 / 15.67, rel=1e-12)


def test_tpu_pod_counts_chips():
    # NoisyStudent: one TPU v3 Pod (1024 chips) for 6 days (paper section 2)
    d = burden_detail("TPU v3 Pod", 1, days=6, precision="tensor")
    assert (d.hardware, d.chips_per_unit, d.chips) == ("Google TPU v3", 1024.0, 1024.0)
    assert d.burden_flops == pytest.approx(1024 * 123e12 * 6 * 86400, rel=1e-15)
    assert hardware_burden("Cloud TPU v3", 2, hours=1, precision="tensor") == pytest.approx(
        8 * 123e12 * 3600)
    assert hardware_burden("TPU v3 core", 8, hours=1, precision="tensor") == pytest.approx(
        4 * 123e12 * 3600)


def test_detail_is_a_value():
    d = burden_detail("Titan X", 4, hours=24)
    assert d.burden_gflops == d.burden_flops / 1e9
    assert d.to_dict()["peak_flops_per_chip"] == 6.691e12
    with pytest.raises(AttributeError):
        d.count = 5


@pytest.mark.parametrize(("count", "kw"), [
    (-8, {"hours": 84}),
    (0, {"hours": 84}),
    (math.nan, {"hours": 84}),
    (math.inf, {"hours": 84}),
    ("eight", {"hours": 84}),
    (8, {"hours": -1}),
    (8, {"days": 0}),
    (8, {}),  # no time
    (8, {"hours": 1, "days": 1}),  # two times
])
def test_bad_inputs(count, kw):
    with pytest.raises(InputError):
        hardware_burden("P100", count, **kw)


def test_bad_names_and_missing_rates():
    with pytest.raises(UnknownNameError):
        hardware_burden("Titan", 2, hours=1)  # ambiguous
    with pytest.raises(InputError, match="no fp32 peak rate"):
        hardware_burden("TPU v3", 8, hours=1, precision="fp32")  # TPUs list no FP32 rate


def test_array_matches_scalar():
    names = ["P100", "V100", "TPU v3", "Cloud TPU v3"]
    out = hardware_burden_array(names, [8, 8, 4, 1], [3600.0, 7200.0, 3600.0, 3600.0])
    assert out[0] == pytest.approx(hardware_burden("P100", 8, 3600))
    assert out[1] == pytest.approx(hardware_burden("V100", 8, 7200))
    # no FP32 rate for TPU v3: the default ("paper") takes its matrix-unit rate
    assert out[2] == pytest.approx(4 * 123e12 * 3600) and out[3] == pytest.approx(out[2])
    fp32 = hardware_burden_array(names, [8, 8, 4, 1], 3600.0, precision="fp32")
    assert np.isnan(fp32[2]) and np.isnan(fp32[3]) and fp32[0] == out[0]
    t = hardware_burden_array(names, [8, 8, 4, 1], 3600.0, precision="tensor")
    assert np.isnan(t[0])  # P100 has no tensor cores
    assert t[2] == pytest.approx(4 * 123e12 * 3600) and t[3] == pytest.approx(t[2])
    assert hardware_burden_array("P100", [1, -1, np.nan], 10.0)[1:].tolist() == [
        pytest.approx(np.nan, nan_ok=True)] * 2


def test_fill_hardware_burden():
    df = pd.DataFrame({
        "model": ["a", "b", "c", "d"],
        "hardware": ["P100", "TPU v3", None, "V100"],
        "hardware_count": [8, 4, 2, 8],
        "training_time_s": [3600.0, 3600.0, 10.0, np.nan],
        "hardware_burden_flops": [np.nan, np.nan, np.nan, 5e18],
    })
    out = fill_hardware_burden(df)
    assert out.loc[0, "hardware_burden_flops"] == pytest.approx(8 * 9.3e12 * 3600)
    assert "NVIDIA P100" in out.loc[0, "hardware_burden_flops_source"]
    assert out.loc[1, "hardware_burden_flops"] == pytest.approx(4 * 123e12 * 3600)
    assert np.isnan(fill_hardware_burden(df, precision="fp32").loc[1, "hardware_burden_flops"])
    assert np.isnan(out.loc[2, "hardware_burden_flops"])
    assert out.loc[3, "hardware_burden_flops"] == 5e18  # given value kept
    assert np.isnan(df.loc[0, "hardware_burden_flops"])  # input untouched
    tensor = fill_hardware_burden(df, precision="tensor")
    assert tensor.loc[1, "hardware_burden_flops"] == pytest.approx(4 * 123e12 * 3600)


def test_fill_reports_bad_names_with_row():
    df = pd.DataFrame({"hardware": ["P100", "Titan"], "hardware_count": [1, 1],
                       "training_time_s": [1.0, 1.0]})
    with pytest.raises(DataValidationError) as exc:
        fill_hardware_burden(df, source="runs.csv")
    p = exc.value.problems[0]
    assert (p.file, p.row, p.column) == ("runs.csv", 2, "hardware")
    with pytest.raises(DataValidationError, match="training_time_s"):
        fill_hardware_burden(df.drop(columns="training_time_s"))


# -- one record, one answer (issue: three paths gave 3.54e18, NaN and an error) ---------------
def test_tpu_v3_one_answer_from_every_path():
    from computelimits.schema import validate_records

    by_hand = 8 * peak("Google TPU v3", "tensor_flops") * 3600  # no FP32 rate: its tensor rate
    assert by_hand == pytest.approx(3.5424e18)
    row = {"model": "m", "benchmark": "imagenet", "metric_value": 80.0, "year": 2020,
           "hardware": "TPU v3", "hardware_count": 8, "training_time_s": 3600.0}
    validated = validate_records(pd.DataFrame([row]))
    filled = fill_hardware_burden(pd.DataFrame([row]))
    answers = {
        "hardware_burden": hardware_burden("TPU v3", 8, hours=1),
        "burden_detail": burden_detail("TPU v3", 8, 3600).burden_flops,
        "hardware_burden_array": float(hardware_burden_array("TPU v3", 8, 3600.0)),
        "fill_hardware_burden": float(filled.loc[0, "hardware_burden_flops"]),
        "validate_records": float(validated.loc[0, "hardware_burden_flops"]),
    }
    assert set(answers.values()) == {by_hand}, answers
    # the burden cites the rate column used and that column's own source
    src = {filled.loc[0, "hardware_burden_flops_source"],
           validated.loc[0, "hardware_burden_flops_source"]}
    assert len(src) == 1
    text = src.pop()
    assert "tensor_flops = 1.23e+14 FLOP/s" in text
    assert "ml_hardware_2025-12.csv row 111" in text
    d = burden_detail("TPU v3", 8, 3600)
    assert (d.precision, d.rate_column) == ("paper", "tensor_flops")
    assert "row 111" in d.rate_source


def test_burden_source_cites_the_fp32_column_of_a_gpu():
    out = derive_hardware_burden(["V100", "P100"], [8, 1], [3600.0, 1.0])
    assert list(out.rate_column) == ["fp32_flops", "fp32_flops"]
    assert "fp32_flops = 1.567e+13 FLOP/s from epoch-ml-hardware/ml_hardware_2025-12.csv row 121" \
        in out.source[0]
    tensor = derive_hardware_burden(["V100"], [8], [3600.0], "tensor")
    assert "tensor_flops = 1.25e+14" in tensor.source[0]


def test_derive_reports_every_bad_row():
    with pytest.raises(DataValidationError) as exc:
        derive_hardware_burden(["P100", "Titan", "nope-9000"], 1, 1.0, file="x.csv", first_row=1)
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, "hardware"), (3, "hardware")]


def test_burden_overflow_is_an_error():
    with pytest.raises(InputError, match="overflow"):
        hardware_burden("V100", 1e300, days=1e10)
