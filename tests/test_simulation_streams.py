"""The random streams: the compiled sampler draws exactly NumPy's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from computelimits.simulation import streams
from computelimits.simulation.engine import simulate_replication
from computelimits.simulation.settings import SimulationSettings


def _pair(seed: int):
    return (np.random.Generator(np.random.SFC64(streams.derive_seed(seed, 0, 3, 0)))
            for _ in range(2))


@pytest.fixture
def compiled_always(monkeypatch):
    """The default route takes the compiled loop for small fills too."""
    monkeypatch.setattr(streams, "COMPILED_MIN_DRAWS", 0)


@pytest.mark.parametrize("compiled", [None, False])
def test_fill_equals_numpy_bit_for_bit_and_leaves_the_same_state(compiled, compiled_always):
    a, b = _pair(11)
    want = a.standard_normal((700, 301))  # 210,700 draws: thousands through the slow paths
    out = np.empty((700, 301))
    out32 = np.empty((700, 301), dtype=np.float32)
    streams.standard_normal_fill(b, out, out32, compiled=compiled)
    np.testing.assert_array_equal(out, want)
    np.testing.assert_array_equal(out32, want.astype(np.float32))
    np.testing.assert_array_equal(a.standard_normal(5), b.standard_normal(5))
    # the slow paths were exercised: tails beyond the ziggurat's base (|x| > 3.654) occur
    assert np.sum(np.abs(want) > 3.6541528853610088) > 10


def test_compiled_sampler_is_used_when_numba_is_installed():
    pytest.importorskip("numba")
    assert streams.compiled_sampler() is not None
    a, b = _pair(5)
    out = np.empty(10_000)
    streams.standard_normal_fill(b, out, compiled=True)
    np.testing.assert_array_equal(out, a.standard_normal(10_000))


def test_other_bit_generators_and_bad_arrays():
    a = np.random.Generator(np.random.PCG64(3))
    b = np.random.Generator(np.random.PCG64(3))
    out = np.empty(100)
    streams.standard_normal_fill(b, out)  # not SFC64: NumPy fills it
    np.testing.assert_array_equal(out, a.standard_normal(100))
    with pytest.raises(RuntimeError):
        streams.standard_normal_fill(b, out, compiled=True)
    with pytest.raises(ValueError):
        streams.standard_normal_fill(b, np.empty(10, dtype=np.float32))
    with pytest.raises(ValueError):
        streams.standard_normal_fill(b, out, np.empty(5, dtype=np.float32))


def test_small_fills_use_numpy_until_the_loop_is_loaded(monkeypatch):
    monkeypatch.setattr(streams, "_KERNEL", None)
    monkeypatch.setattr(streams, "compiled_sampler", lambda: pytest.fail("loaded for 10 draws"))
    a, b = _pair(4)
    out = np.empty(10)
    streams.standard_normal_fill(b, out)
    np.testing.assert_array_equal(out, a.standard_normal(10))
    streams.prepare_sampler(10)  # too small to load it


def test_engine_numbers_do_not_depend_on_the_sampler(monkeypatch, compiled_always):
    st = SimulationSettings(sims=1, d=40, s=4, n=(10, 30, 39, 40, 41, 90))
    fast = simulate_replication(st, 2)
    monkeypatch.setattr(streams, "_KERNEL", False)  # as without numba
    slow = simulate_replication(st, 2)
    for x, y in zip(fast, slow, strict=True):
        np.testing.assert_array_equal(x, y)


def test_a_sampler_that_fails_its_check_is_not_used(monkeypatch):
    """Should the compiled loop ever draw other numbers (or fail to build), NumPy draws."""
    def bad_kernel(state, out, out32, write32):
        out[:] = 0.0

    monkeypatch.setattr(streams, "_KERNEL", None)
    monkeypatch.setattr(streams, "_build_kernel", lambda: bad_kernel)
    with pytest.warns(RuntimeWarning, match="differ"):
        assert streams.compiled_sampler() is None
    a, b = _pair(8)
    out = np.empty(2_000_000)
    streams.standard_normal_fill(b, out)
    np.testing.assert_array_equal(out, a.standard_normal(2_000_000))

    def broken():
        raise RuntimeError("cannot cache function")

    monkeypatch.setattr(streams, "_KERNEL", None)
    monkeypatch.setattr(streams, "_build_kernel", broken)
    with pytest.warns(RuntimeWarning, match="cannot cache"):
        assert streams.compiled_sampler() is None
