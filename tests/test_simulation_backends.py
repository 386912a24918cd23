"""The same seed gives identical numbers on every backend, worker count and chunk size."""

from __future__ import annotations

import math

import numpy as np
import pytest

from computelimits.errors import InputError, UnknownNameError
from computelimits.simulation import SimulationSettings, run_simulation
from computelimits.simulation.backends import make_chunks

SETTINGS = SimulationSettings(sims=6, d=24, s=3, n=(6, 15, 23, 24, 25, 50), seed=9)


@pytest.fixture(scope="module")
def serial():
    return run_simulation(SETTINGS, backend="serial")


def _same(a, b):
    assert np.array_equal(a.nmse, b.nmse)
    assert np.array_equal(a.flops, b.flops)
    assert np.array_equal(a.penalty, b.penalty, equal_nan=True)
    assert a == b


def test_chunking_does_not_change_numbers(serial):
    _same(serial, run_simulation(SETTINGS, backend="serial", chunk_size=4))


def test_processes_backend_is_identical(serial):
    res = run_simulation(SETTINGS, backend="processes", workers=2, chunk_size=2)
    assert res.backend == "processes"
    _same(serial, res)


def test_sampled_queries_are_identical_across_backends():
    st = SETTINGS.replace(queries=50, models=("oracle", "regularized"), sims=4)
    a = run_simulation(st, backend="serial")
    b = run_simulation(st, backend="processes", workers=2, chunk_size=1)
    _same(a, b)


@pytest.mark.dask
def test_dask_local_cluster_is_identical(serial):
    pytest.importorskip("distributed")
    res = run_simulation(SETTINGS, backend="dask", workers=2, chunk_size=3, dask_processes=False)
    assert res.backend == "dask"
    _same(serial, res)


def test_progress_is_reported_in_replications():
    calls = []
    run_simulation(SETTINGS.replace(sims=3), progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_make_chunks_cover_every_replication_once():
    chunks = make_chunks(10, workers=2)
    assert sorted(r for c in chunks for r in c) == list(range(10))
    assert make_chunks(5, workers=1, chunk_size=2) == [[0, 1], [2, 3], [4]]


@pytest.mark.parametrize("sims, workers", [(1000, 2), (1000, 16), (7, 3), (100_000, 64)])
def test_default_chunks_are_guided(sims, workers):
    """Contiguous, in order, never growing, a quarter of a fair share of what is left, ending in
    single replications, and few of them (about 4 workers (1 + ln(sims / 4 workers)))."""
    chunks = make_chunks(sims, workers)
    assert [r for c in chunks for r in c] == list(range(sims))
    sizes = [len(c) for c in chunks]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] == 1
    left = sims
    for size in sizes:
        assert size == max(1, -(-left // (4 * workers)))
        left -= size
    share = 4 * workers
    assert len(chunks) <= share * (2 + math.log(max(1, sims / share)))


@pytest.mark.parametrize(
    "kw, exc",
    [
        ({"backend": "spark"}, UnknownNameError),
        ({"backend": "serial", "scheduler": "tcp://127.0.0.1:8786"}, InputError),
        ({"backend": "processes", "workers": 0}, InputError),
        ({"backend": "serial", "chunk_size": 0}, InputError),
    ],
)
def test_bad_backend_options(kw, exc):
    with pytest.raises(exc):
        run_simulation(SETTINGS.replace(sims=1), **kw)


def test_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("distributed")
    from computelimits.errors import ComputeLimitsError

    with pytest.raises(ComputeLimitsError, match="cannot connect"):
        run_simulation(SETTINGS.replace(sims=1), backend="dask", scheduler="tcp://127.0.0.1:9",
                       connect_timeout=1)


@pytest.mark.dask
def test_existing_cluster_by_scheduler_address(serial, monkeypatch):
    """A cluster started beforehand (as the backend starts its own) and reached by its address
    gives the same numbers; its worker processes run without Dask's MALLOC_TRIM_THRESHOLD_."""
    pytest.importorskip("distributed")
    from distributed import Client

    from computelimits.simulation.backends import local_cluster

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with local_cluster(2) as cluster:
        res = run_simulation(SETTINGS, backend="dask", scheduler=cluster.scheduler_address,
                             chunk_size=2)
        with Client(cluster) as client:
            env = client.run(lambda: __import__("os").environ.get("MALLOC_TRIM_THRESHOLD_"))
            profiler = client.run(
                lambda: __import__("dask").config.get("distributed.worker.profile.enabled"))
            tick = client.run(
                lambda: __import__("dask").config.get("distributed.admin.tick.interval"))
    assert res.backend == "dask"
    _same(serial, res)
    assert set(env.values()) == {None}
    assert set(profiler.values()) == {False} and set(tick.values()) == {"1s"}


def test_backend_facts_live_on_the_registered_spec():
    from computelimits.simulation.backends import BACKENDS

    serial_ = BACKENDS.get("serial")
    assert serial_.default_workers() == 1 and not serial_.takes_scheduler
    assert serial_.chunks(3, 4, None) == [[0], [1], [2]]
    assert BACKENDS.get("dask").takes_scheduler
    assert BACKENDS.get("processes").chunks(8, 2, None) == [[0], [1], [2], [3], [4], [5], [6], [7]]
