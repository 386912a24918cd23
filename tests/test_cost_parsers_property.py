"""Property tests: the hardware-name, slice, number and range parsers of the hardware, burden and
cost modules return a valid value or raise the package's own error, never anything else."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from computelimits.burden import burden_detail, derive_hardware_burden
from computelimits.cost_models import COST_MODELS, _parse_range_text
from computelimits.costs import estimate_cost
from computelimits.errors import ComputeLimitsError, InputError
from computelimits.hardware import load_hardware, resolve_hardware_unit
from computelimits.training import _utilization

FAST = settings(max_examples=1000, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
#: for the whole computations built on the parsers (slower per example)
SOME = settings(FAST, max_examples=250)

_CHIPS = frozenset(load_hardware()["hardware"])

# names close to real ones: slices with any digits, pods, cores, brand words, noise
_digits = st.text(alphabet="0123456789", min_size=1, max_size=400)
_slice = st.builds(lambda pre, gen, sep, n, suf: f"{pre}TPU{gen}{sep}{n}{suf}",
                   st.sampled_from(["", "Google ", "cloud ", "google cloud "]),
                   st.sampled_from([" v2", " v3", " v4", "v3", " v5", "-v3"]),
                   st.sampled_from(["-", "_", " ", ""]), _digits,
                   st.sampled_from(["", " pod", " slice", " Pod", "x"]))
_names = st.one_of(
    _slice,
    st.sampled_from(["P100", "V100", "Titan", "TPU", "TPU v3 Pod", "TPU v3 core", "A100",
                     "H100", "GTX 1080 Ti", "Cloud TPU v3", "", "   ", "NVIDIA", "tesla"]),
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(["NVIDIA ", "Tesla ", "GeForce ", ""]),
              st.text(alphabet="0123456789ABCDEFGHIKLMPRSTVXabcdefgiklmnoprstuvx -_", max_size=20)),
)


@FAST
@given(_names)
def test_hardware_name_parser(name):
    try:
        chip, per_unit = resolve_hardware_unit(name)
    except ComputeLimitsError:
        return
    assert chip in _CHIPS
    assert math.isfinite(per_unit) and 0 < per_unit <= 4096


_H100, _ = COST_MODELS.get("hardware").constants(chip="H100")

_number_text = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda x: f"{x:,.3f}"),  # thousands commas
    st.integers(min_value=-10**30, max_value=10**30).map(lambda i: f"{i:,}"),
    st.text(alphabet="0123456789.,:-+eE _", max_size=20),
    st.text(max_size=15),
)
_range_text = st.one_of(_number_text,
                        st.builds(lambda a, b: f"{a}:{b}", _number_text, _number_text))


@FAST
@given(_range_text, st.sampled_from(["tdp_w", "peak_flops_per_chip", "utilization", "pue",
                                     "usd_per_chip_hour", "carbon_intensity_g_per_kwh"]))
def test_constant_text_parser(text, name):
    consts = _H100
    try:
        c = consts[name].override(text)
    except InputError:
        return
    assert math.isfinite(c.low) and math.isfinite(c.value) and math.isfinite(c.high)
    assert c.low <= c.value <= c.high
    lo_ok = c.low > c.minimum if c.exclusive_minimum else c.low >= c.minimum
    assert lo_ok and c.high <= c.maximum
    parsed = _parse_range_text(text, name)
    assert isinstance(parsed, (str, tuple))


@FAST
@given(st.one_of(st.floats(), st.text(max_size=12), st.integers(-10**400, 10**400)),
       st.one_of(st.floats(), st.text(max_size=12), st.integers(-10**400, 10**400)),
       st.sampled_from(["P100", "TPU v3", "Cloud TPU v3 Pod", "TPU v4-8192", "V100"]),
       st.sampled_from(["paper", "fp32", "tensor", "best", "fp64"]))
def test_burden_number_parsers(count, hours, chip, precision):
    try:
        b = burden_detail(chip, count, hours=hours, precision=precision)
    except ComputeLimitsError:
        return
    assert math.isfinite(b.burden_flops) and b.burden_flops > 0
    assert b.rate_column.endswith("_flops") and b.rate_source


@SOME
@given(st.lists(st.tuples(st.one_of(_slice, st.sampled_from(["P100", "TPU v3", "Titan", "", "x",
                                                            "TPU v3 Pod", "GTX 580"])),
                          st.floats(), st.floats()), min_size=1, max_size=5))
def test_vectorised_burden(rows):
    names, counts, secs = zip(*rows, strict=True)
    try:
        b = derive_hardware_burden(list(names), list(counts), list(secs))
    except ComputeLimitsError:
        return
    ok = np.isfinite(b.burden_flops)
    assert (b.burden_flops[ok] > 0).all()
    assert all(isinstance(s, str) and "FLOP/s from" in s for s in b.source[ok])
    assert all(s is None for s in b.source[~ok])


@FAST
@given(st.one_of(st.floats(), st.text(max_size=8),
                 st.lists(st.one_of(st.floats(), st.text(max_size=5)), max_size=4)))
def test_utilization_parser(u):
    try:
        v, lo, hi = _utilization(u)
    except InputError:
        return
    assert 0 < lo <= v <= hi <= 1


@SOME
@given(st.one_of(st.floats(), st.lists(st.floats(), min_size=1, max_size=4)),
       st.sampled_from([{}, {"method": "hardware", "chip": "H100"},
                        {"peak_flops_per_chip": "1e-300"}, {"utilization": "1e-6"}]))
def test_cost_of_any_amount(flops, kw):
    try:
        est = estimate_cost(flops, **kw)
    except InputError:
        return
    for q in ("flops", "chip_hours", "energy_kwh", "co2_kg", "usd"):
        v = np.atleast_1d(getattr(est, q))
        finite_in = np.isfinite(np.atleast_1d(np.asarray(flops, dtype=float)))
        assert (v[finite_in] >= 0).all() and np.isfinite(v[finite_in]).all(), q


@pytest.mark.parametrize("name", ["TPU v3-" + "9" * 5000, "TPU v3-1" + "0" * 30,
                                  "TPU v4-16384", "TPU v2-1024"])
def test_absurd_slice_is_a_clear_error(name):
    from computelimits.errors import UnknownNameError

    with pytest.raises(UnknownNameError) as exc:
        resolve_hardware_unit(name)
    assert "at most one Pod" in str(exc.value) and len(str(exc.value)) < 400


def test_real_slices_still_resolve():
    assert resolve_hardware_unit("TPU v3-2048") == ("Google TPU v3", 1024.0)
    assert resolve_hardware_unit("TPU v4-8192") == ("Google TPU v4", 4096.0)
    assert resolve_hardware_unit("TPU v2-512") == ("Google TPU v2", 256.0)
    assert resolve_hardware_unit("Cloud TPU v3-008") == ("Google TPU v3", 4.0)
