"""Unit conversions: FLOP / MAC / time (paper sections 3.2, 6.1: 1 multiply-add = 2 FLOPs)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from computelimits.errors import InputError
from computelimits.units import (
    COMPUTE_UNITS,
    FLOP_PER_MAC,
    PFLOP_S_DAY,
    TIME_UNITS,
    flops_to_macs,
    from_flops,
    is_positive_finite,
    macs_to_flops,
    to_flops,
    to_seconds,
)


def test_one_mac_is_two_flops():
    assert FLOP_PER_MAC == 2.0
    assert macs_to_flops(1) == 2.0
    assert flops_to_macs(2) == 1.0


@pytest.mark.parametrize(
    ("value", "unit", "flops"),
    [
        (4.1, "GMAC", 8.2e9),  # ResNet-50 forward pass, 4.1 G multiply-adds
        (4.1, "gmacs", 8.2e9),
        (1.0, "multiply-adds", 2.0),
        (1.0, "Mult-Adds", 2.0),
        (569.0, "MMAC", 1.138e9),  # MobileNet's 569 M mult-adds
        (7.8, "GFLOP", 7.8e9),
        (3.0, "TFLOP", 3e12),
        (1.0, "PFLOP", 1e15),
        (1.0, "pf-day", 8.64e19),
        (5.0, "kflop", 5e3),
        (1.0, " FLOP ", 1.0),  # whitespace and case ignored
    ],
)
def test_to_flops(value, unit, flops):
    assert to_flops(value, unit) == pytest.approx(flops, rel=1e-12)


def test_pflop_s_day():
    assert PFLOP_S_DAY == 1e15 * 24 * 3600


def test_round_trip_every_unit():
    for unit in COMPUTE_UNITS:
        assert from_flops(to_flops(3.7, unit), unit) == pytest.approx(3.7, rel=1e-12)


def test_arrays_are_converted_elementwise():
    out = to_flops([1.0, 2.0, 3.0], "GMAC")
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [2e9, 4e9, 6e9])
    np.testing.assert_allclose(from_flops(out, "gflop"), [2.0, 4.0, 6.0])


def test_scalars_stay_python_floats():
    assert isinstance(to_flops(2, "gflop"), float)
    assert isinstance(to_seconds(2, "h"), float)


@pytest.mark.parametrize(
    ("value", "unit", "seconds"),
    [
        (84, "h", 302400.0),  # 3.5 days
        (3.5, "days", 302400.0),
        (1, "week", 604800.0),
        (90, "min", 5400.0),
        (2, "s", 2.0),
        (1, "year", 365.25 * 86400),
    ],
)
def test_to_seconds(value, unit, seconds):
    assert to_seconds(value, unit) == pytest.approx(seconds)


def test_time_units_are_consistent():
    assert TIME_UNITS["d"] == 24 * TIME_UNITS["h"] == 24 * 60 * TIME_UNITS["min"]


@pytest.mark.parametrize("unit", ["parsec", "", "FLOP/s", "GB"])
def test_unknown_compute_unit_rejected_with_choices(unit):
    with pytest.raises(InputError, match="unknown compute unit") as exc:
        to_flops(1.0, unit)
    assert "gmac" in str(exc.value)  # lists what is accepted


def test_time_unit_is_not_a_compute_unit():
    with pytest.raises(InputError):
        to_flops(1.0, "hours")
    with pytest.raises(InputError, match="unknown time unit"):
        to_seconds(1.0, "GFLOP")


@pytest.mark.parametrize(
    ("x", "ok"),
    [(1, True), (1e-300, True), ("2.5", True), (0, False), (-1, False), (math.nan, False),
     (math.inf, False), ("abc", False), (None, False)],
)
def test_is_positive_finite(x, ok):
    assert is_positive_finite(x) is ok


# -- one unit table, one Figure 4 list (issue 13 item 6) -------------------------------------------
def test_facts_use_the_package_unit_tables():
    from computelimits.importers import facts
    from computelimits.units import COMPUTE_UNITS, PER_PASS_UNITS, TIME_UNITS

    assert facts._TIME_UNITS is TIME_UNITS
    assert set(facts._FLOP_UNITS) == set(PER_PASS_UNITS)
    assert all(facts._FLOP_UNITS[u] == COMPUTE_UNITS[u] for u in PER_PASS_UNITS)


def test_former_unit_disagreements():
    import pandas as pd

    from computelimits.benchmarks import get_benchmark
    from computelimits.importers.facts import _convert
    from computelimits.schema import validate_records

    # "MFLOPs" was a facts-only spelling: records accept it now, with the same factor
    row = {"model": "m", "benchmark": "imagenet", "year": "2017", "error": "0.3",
           "flops_per_pass": "600", "flops_unit": "MFLOPs"}
    assert validate_records(pd.DataFrame([row])).loc[0, "flops_per_pass"] == 6e8
    # "years" / "minute" were units-only time units: facts accept them now
    b = get_benchmark("imagenet")
    assert _convert("training_time_s", "2", "minutes", b)[0] == 120.0
    assert _convert("training_time_s", "1", "year", b)[0] == to_seconds(1, "year")
    # a per-day rate is not an amount per pass, in either reader
    assert _convert("flops_per_pass", "1", "pf-day", b)[1] is not None
    with pytest.raises(Exception, match="compute unit"):
        validate_records(pd.DataFrame([dict(row, flops_unit="pf-day")]))


def test_figure4_benchmarks_defined_once():
    from computelimits import benchmarks, figure4
    from computelimits.fitting import paper
    from computelimits.report import stages

    one = benchmarks.FIGURE4_BENCHMARKS
    assert one == ("imagenet", "coco", "squad11", "conll2003", "wmt14-en-fr")
    assert figure4.FIGURE4_BENCHMARKS is one and paper._BURDEN is one
    assert stages.BURDEN_BENCHMARKS is one
