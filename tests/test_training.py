"""Training compute from passes and from hardware, with costs (computelimits.training)."""

from __future__ import annotations

import math

import pytest

from computelimits.costs import estimate_cost, run_cost
from computelimits.errors import InputError, UnknownNameError
from computelimits.hardware import peak_flops
from computelimits.training import (
    DEFAULT_BACKWARD_FACTOR,
    TrainingCompute,
    training_compute,
    training_compute_from_hardware,
)


def test_passes_by_hand():
    # 4.1 G multiply-adds per image, 1,281,167 images, 90 epochs, forward + backward = 3 x forward
    per_pass = 2 * 4.1e9
    tc = training_compute(per_pass, 1_281_167, 90, cost=None)
    assert DEFAULT_BACKWARD_FACTOR == 2.0
    assert tc.flops == pytest.approx(per_pass * 3 * 1_281_167 * 90, rel=1e-15)
    assert tc.method == "passes" and tc.cost is None
    assert tc.inputs["training_flops_per_example"] == pytest.approx(3 * per_pass)
    assert tc.flops_low == tc.flops_high == tc.flops
    assert tc.pflop_s_days == pytest.approx(tc.flops / (1e15 * 86400))
    assert any("3x" in n for n in tc.notes)


def test_explicit_backward_factor():
    tc = training_compute(1e9, 1000, 2, backward_factor=1.0, cost=None)
    assert tc.flops == pytest.approx(1e9 * 2 * 1000 * 2)
    assert training_compute(1e9, 10, backward_factor=0, cost=None).flops == pytest.approx(1e10)
    with pytest.raises(InputError):
        training_compute(1e9, 10, backward_factor=-1, cost=None)


def test_passes_cost_is_the_cost_model_on_the_flops():
    tc = training_compute(1e9, 1e6, 10)
    ref = estimate_cost(tc.flops, method="strubell2019")
    assert tc.cost.flops == pytest.approx(tc.flops)
    for q in ("energy_kwh", "co2_lbs", "usd", "usd_low", "usd_high"):
        assert getattr(tc.cost, q) == pytest.approx(getattr(ref, q))
    assert any("lower bounds" in n for n in tc.notes)
    # a utilisation below 1 scales chip-hours (and costs) up by 1/u
    tc4 = training_compute(1e9, 1e6, 10, utilization=0.4)
    assert tc4.cost.chip_hours == pytest.approx(tc.cost.chip_hours / 0.4)
    assert not any("lower bounds" in n for n in tc4.notes)
    # the hardware cost model with a chip
    # (priced as a run today: the V100's tensor rate at the typical MFU of Epoch AI's runs)
    from computelimits.cost_models import typical_utilization

    tch = training_compute(1e9, 1e6, 10, cost="hardware", chip="V100")
    mfu = typical_utilization().value
    assert tch.cost.chip_hours == pytest.approx(tc.flops / (peak_flops("V100", "tensor") * mfu)
                                                / 3600)
    assert not any("lower bounds" in n for n in tch.notes)


def test_from_hardware_by_hand():
    tc = training_compute_from_hardware("V100", 8, hours=24, cost=None)
    assert tc.flops == pytest.approx(8 * peak_flops("V100") * 24 * 3600, rel=1e-15)
    assert tc.inputs["hardware_burden_flops"] == pytest.approx(tc.flops)
    assert tc.method == "hardware"
    assert any("hardware burden" in n for n in tc.notes)
    same = training_compute_from_hardware("V100", 8, seconds=86400, cost=None)
    assert same.flops == tc.flops
    assert training_compute_from_hardware("V100", 8, days=1, cost=None).flops == tc.flops


def test_from_hardware_utilization_range_and_cost():
    burden = 8 * peak_flops("V100") * 86400
    tc = training_compute_from_hardware("V100", 8, hours=24, utilization=(0.3, 0.5))
    assert tc.flops_low == pytest.approx(0.3 * burden)
    assert tc.flops_high == pytest.approx(0.5 * burden)
    assert tc.flops == pytest.approx(math.sqrt(0.15) * burden)  # geometric middle
    ref = run_cost("V100", 8, 24, utilization=(0.3, 0.5))
    assert tc.cost.chip_hours == pytest.approx(192.0)
    assert tc.cost.energy_kwh == pytest.approx(ref.energy_kwh)
    assert tc.cost.flops == pytest.approx(tc.flops)
    assert tc.cost.flops_low == pytest.approx(tc.flops_low)
    d = tc.to_dict()
    assert d["cost"]["chip_hours"] == pytest.approx(192.0)
    row = tc.to_frame().iloc[0]
    assert row["flops"] == tc.flops and row["cost_method"] == "hardware"
    assert "petaFLOP/s-days" in tc.summary()


def test_from_hardware_multi_chip_alias():
    # "Cloud TPU v3" is a device of 4 chips; TPUs list no FP32 rate, so use the tensor rate
    tc = training_compute_from_hardware("Cloud TPU v3", 2, hours=10, precision="tensor",
                                        cost=None)
    assert tc.inputs["chips"] == 8
    assert tc.flops == pytest.approx(8 * peak_flops("TPUv3", "tensor") * 36000)
    with pytest.raises(InputError, match="fp32"):
        training_compute_from_hardware("Cloud TPU v3", 2, hours=10, cost=None, precision="fp32")
    # the burden default ("paper") takes the matrix-unit rate of a chip with no FP32 peak
    assert training_compute_from_hardware("Cloud TPU v3", 2, hours=10, cost=None).flops == tc.flops


def test_from_hardware_strubell_cost_uses_same_peak():
    tc = training_compute_from_hardware("P100", 8, hours=84, cost="strubell2019")
    assert tc.cost.flops == pytest.approx(tc.flops)
    assert tc.cost.chip_hours == pytest.approx(8 * 84)


@pytest.mark.parametrize("kwargs", [dict(hours=1, seconds=3600), dict(), dict(hours=-1),
                                    dict(hours=1, utilization=1.5),
                                    dict(hours=1, utilization=(0.7, 0.4, 0.6)),
                                    dict(hours=1, utilization="lots")])
def test_from_hardware_bad_input(kwargs):
    with pytest.raises(InputError):
        training_compute_from_hardware("V100", 8, cost=None, **kwargs)


def test_bad_input():
    with pytest.raises(InputError):
        training_compute(0, 10, cost=None)
    with pytest.raises(InputError):
        training_compute(1e9, -10, cost=None)
    with pytest.raises(InputError):
        training_compute("many", 10, cost=None)
    with pytest.raises(UnknownNameError):
        training_compute_from_hardware("Nonexistent Chip 9000", 1, hours=1, cost=None)


def test_immutable():
    tc = training_compute(1e9, 10, cost=None)
    assert isinstance(tc, TrainingCompute)
    with pytest.raises(AttributeError):
        tc.flops = 1.0
    with pytest.raises(TypeError):
        tc.inputs["epochs"] = 3


def test_measured_from_flop_count():
    torch = pytest.importorskip("torch")
    from computelimits.flops import count_flops

    model = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
    fc = count_flops(model, input_shape=(4, 16))
    fwd = 2 * 16 * 32 + 2 * 32 * 4                      # per example
    bwd = 2 * 16 * 32 + 2 * (2 * 32 * 4)                 # first layer: weight gradient only
    assert fc.forward_flops_per_example == fwd
    tc = training_compute(fc, 1000, 3, cost=None)
    assert tc.method == "measured"
    assert tc.flops == pytest.approx((fwd + bwd) * 1000 * 3)
    assert tc.inputs["backward_factor"] == pytest.approx(bwd / fwd)
    # an explicit factor overrides the measurement
    tc3 = training_compute(fc, 1000, 3, backward_factor=2, cost=None)
    assert tc3.method == "passes" and tc3.flops == pytest.approx(3 * fwd * 1000 * 3)
