"""Where the replications run: in this process, in a process pool, or on a Dask cluster.

Replications are grouped into chunks (one task each, many replications per task); every task
runs :func:`computelimits.simulation.engine.simulate_chunk` with single-threaded BLAS. A
replication's numbers depend only on the settings and its index, so the result is identical
whatever the backend, the number of workers or the chunk size.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", Figure 1
("averaged over 1000 simulations per case").
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._registry import Registry
from ..errors import ComputeLimitsError, InputError
from .engine import reused_rows, simulate_chunk
from .models import MODELS
from .precision import resolve_precision
from .results import SimulationResult
from .settings import SimulationSettings
from .streams import prepare_sampler

__all__ = [
    "BACKENDS",
    "LOCAL_CLUSTER_CONFIG",
    "run_simulation",
    "make_chunks",
    "default_workers",
    "local_cluster",
]

Progress = Callable[[int, int], None]
ChunkResult = dict[str, np.ndarray]

BACKENDS: Registry[Any] = Registry("backend")


def default_workers() -> int:
    """CPU cores available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def make_chunks(sims: int, workers: int, chunk_size: int | None = None) -> list[list[int]]:
    """Split replications ``0..sims-1`` into contiguous chunks.

    ``chunk_size`` fixes the size of every chunk. The default is *guided*: each chunk takes a
    quarter of an equal share of the replications still left (``ceil(left / (4 workers))``, at
    least one), so the tasks shrink towards the end of the run and no worker waits long for
    another's last, large task, while the number of tasks stays small (about
    ``4 workers (1 + ln(sims / (4 workers)))``).

    Examples
    --------
    >>> [len(c) for c in make_chunks(40, workers=2)]
    [5, 5, 4, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]
    >>> make_chunks(5, workers=1, chunk_size=2)
    [[0, 1], [2, 3], [4]]
    """
    if chunk_size is not None:
        size = max(1, int(chunk_size))
        return [list(range(a, min(a + size, sims))) for a in range(0, sims, size)]
    share = 4 * max(1, int(workers))
    chunks: list[list[int]] = []
    a = 0
    while a < sims:
        size = max(1, math.ceil((sims - a) / share))
        chunks.append(list(range(a, min(a + size, sims))))
        a += size
    return chunks


@dataclass(frozen=True)
class SerialBackend:
    """Run every chunk in this process, one after the other (one replication a chunk unless
    ``chunk_size`` is given: the finest progress)."""

    name: str = "serial"
    #: Whether ``scheduler`` (an existing cluster's address) means something to this backend.
    takes_scheduler: bool = False

    def default_workers(self) -> int:
        """Workers when the caller gives none: this process."""
        return 1

    def chunks(self, sims: int, workers: int, chunk_size: int | None) -> list[list[int]]:
        """The tasks: one replication each by default."""
        return make_chunks(sims, 1, 1 if chunk_size is None else chunk_size)

    def run(self, settings: SimulationSettings, chunks: Sequence[list[int]], workers: int,
            options: dict[str, Any]) -> Iterator[ChunkResult]:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"), reused_rows():
            for ch in chunks:
                yield simulate_chunk(settings, ch, limit_threads=False,
                                     precision=options.get("precision", "auto"))


class _PoolBackend:
    """What the parallel backends share: every available core, guided chunks (large first,
    shrinking towards the end: :func:`make_chunks`)."""

    takes_scheduler: bool = False

    def default_workers(self) -> int:
        """Workers when the caller gives none: the cores available to this process."""
        return default_workers()

    def chunks(self, sims: int, workers: int, chunk_size: int | None) -> list[list[int]]:
        """The tasks: guided chunks by default (load balance to the last replication)."""
        return make_chunks(sims, workers, chunk_size)


@dataclass(frozen=True)
class ProcessBackend(_PoolBackend):
    """A :class:`concurrent.futures.ProcessPoolExecutor` of ``workers`` processes.

    Processes are forked on Linux (fast start, no ``if __name__ == "__main__"`` guard needed) and
    spawned elsewhere (scripts on macOS and Windows need the guard, notebooks do not).
    """

    name: str = "processes"

    def run(self, settings: SimulationSettings, chunks: Sequence[list[int]], workers: int,
            options: dict[str, Any]) -> Iterator[ChunkResult]:
        import multiprocessing as mp
        import sys
        from concurrent.futures import ProcessPoolExecutor, as_completed

        method = "fork" if sys.platform.startswith("linux") else "spawn"
        ctx = mp.get_context(method)
        if method == "fork":  # compiled (or loaded) once here, inherited by every worker
            prepare_sampler(settings.n_max * settings.d)
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
            prec = options.get("precision", "auto")
            futs = [ex.submit(simulate_chunk, settings, ch, precision=prec) for ch in chunks]
            try:
                for f in as_completed(futs):
                    yield f.result()
            except BaseException:
                for f in futs:
                    f.cancel()
                raise


#: Dask configuration for the :class:`distributed.LocalCluster` the ``dask`` backend starts.
#:
#: * Dask's nanny sets ``MALLOC_TRIM_THRESHOLD_=65536`` in every worker process by default
#:   (``distributed.nanny.pre-spawn-environ``), which fixes glibc's trim and mmap thresholds, so
#:   every large array of a replication is a fresh ``mmap`` with its pages faulted in again: five
#:   times the page faults and 3.5 times the system time per task, measured. ``None`` leaves
#:   glibc's dynamic thresholds on (a value in this process's environment still wins: Dask lets
#:   the environment override its configuration).
#: * The rest quiets what every worker, nanny and scheduler does beside the tasks: the
#:   statistical profiler (a thread sampling the task's stack every 10 ms), the event-loop tick
#:   (every 20 ms), the memory monitor (every 100 ms) and the system monitor (every 500 ms).
#:   Together they took 3.5 - 4% of a replication's CPU time in each worker (0.0056 - 0.0060 s
#:   a replication, against 0.0004 s with these settings), and the scheduler and nannies
#:   compete with the workers for the same cores. Nothing here changes a number.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


def local_cluster(workers: int, processes: bool = True, **kwargs: Any) -> Any:
    """A :class:`distributed.LocalCluster` of ``workers`` single-threaded workers, started the
    way the ``dask`` backend starts its own (:data:`LOCAL_CLUSTER_CONFIG`, no dashboard).

    Use it to keep one cluster for several runs and pass its ``scheduler_address`` as
    ``scheduler``; close it when done (or use it as a context manager).

    Examples
    --------
    >>> from computelimits.simulation import SimulationSettings, run_simulation
    >>> from computelimits.simulation.backends import local_cluster
    >>> st = SimulationSettings(sims=2, d=20, s=2, n=(10, 40))
    >>> with local_cluster(2, processes=False) as cluster:
    ...     res = run_simulation(st, backend="dask", scheduler=cluster.scheduler_address)
    >>> res.nmse.shape
    (2, 4, 3)
    """
    import dask
    from distributed import LocalCluster

    opts: dict[str, Any] = {"n_workers": int(workers), "threads_per_worker": 1,
                            "processes": bool(processes), "dashboard_address": None}
    opts.update(kwargs)
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(**opts)


@dataclass(frozen=True)
class DaskBackend(_PoolBackend):
    """Dask distributed: the cluster at ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``), or a :class:`distributed.LocalCluster` of ``workers`` single-threaded
    worker processes started for this run (:func:`local_cluster`) and closed after it."""

    name: str = "dask"
    takes_scheduler: bool = True

    def run(self, settings: SimulationSettings, chunks: Sequence[list[int]], workers: int,
            options: dict[str, Any]) -> Iterator[ChunkResult]:
        try:
            from distributed import Client, as_completed
        except ImportError:  # pragma: no cover - exercised only without the extra
            raise ComputeLimitsError(
                "the dask backend needs dask.distributed: pip install 'computelimits[dask]'"
            ) from None
        cluster = None
        scheduler = options.get("scheduler")
        if scheduler:
            try:
                client = Client(scheduler, timeout=f"{options.get('connect_timeout', 20)}s")
            except (OSError, TimeoutError) as exc:
                raise ComputeLimitsError(
                    f"cannot connect to the Dask scheduler at {scheduler}: {exc}"
                ) from None
        else:
            cluster = local_cluster(workers, processes=bool(options.get("dask_processes", True)))
            client = Client(cluster)
        try:
            futs = client.map(simulate_chunk, [settings] * len(chunks), chunks, pure=False,
                              precision=options.get("precision", "auto"))
            for f in as_completed(futs):
                yield f.result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


for _b in (SerialBackend(), ProcessBackend(), DaskBackend()):
    BACKENDS.add(_b.name, _b)


def run_simulation(
    settings: SimulationSettings | None = None,
    backend: str = "serial",
    workers: int | None = None,
    progress: Progress | None = None,
    *,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    dask_processes: bool = True,
    connect_timeout: float = 20.0,
    precision: str = "auto",
) -> SimulationResult:
    """Run the Figure 1 simulation.

    Parameters
    ----------
    settings : SimulationSettings, optional
        Default: :class:`SimulationSettings()` (100 replications, the paper's d = 1000, s = 10).
    backend : {"serial", "processes", "dask"}
        Where the replications run (:data:`BACKENDS`). The numbers do not depend on it.
    workers : int, optional
        Worker processes (``processes``, local Dask cluster); default: the available cores.
    progress : callable, optional
        ``progress(done, total)`` after each finished chunk, in replications.
    scheduler : str, optional
        Address of an existing Dask scheduler (``backend="dask"`` only).
    chunk_size : int, optional
        Replications per task (default: guided, shrinking chunks; :func:`make_chunks`).
    dask_processes : bool
        Local Dask cluster only: worker processes (default) or threads in this process.
    connect_timeout : float
        Seconds to wait for the Dask scheduler at ``scheduler``.
    precision : {"auto", "float64", "mixed"}
        Arithmetic of the fits on all covariates
        (:data:`computelimits.simulation.precision.PRECISIONS`): ``"auto"`` uses mixed precision
        with iterative refinement where it applies; results agree with ``"float64"`` to about
        ``1e-12`` relative.

    Returns
    -------
    SimulationResult

    Examples
    --------
    >>> from computelimits.simulation import SimulationSettings, run_simulation
    >>> res = run_simulation(SimulationSettings(sims=4, d=50, s=5, n=(10, 20, 40, 80)))
    >>> res.nmse.shape
    (4, 4, 5)

    References
    ----------
    Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2,
    Figure 1.
    """
    st = SimulationSettings() if settings is None else settings
    if not isinstance(st, SimulationSettings):
        raise InputError("settings must be a SimulationSettings")
    impl = BACKENDS.get(backend)
    if scheduler and not impl.takes_scheduler:
        raise InputError(f"--scheduler needs the dask backend, not '{impl.name}'")
    if workers is None:
        workers = impl.default_workers()
    if isinstance(workers, bool) or int(workers) != workers or workers < 1:
        raise InputError(f"workers must be a positive integer, got {workers!r}")
    workers = int(workers)
    if chunk_size is not None and (int(chunk_size) != chunk_size or chunk_size < 1):
        raise InputError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    resolve_precision(st, [MODELS.get(m) for m in st.models], precision)  # fail early
    chunks = impl.chunks(st.sims, workers, chunk_size)
    M, N = len(st.models), len(st.n)
    nmse = np.full((st.sims, M, N), np.nan)
    flops = np.full((st.sims, M, N), np.nan)
    penalty = np.full((st.sims, N), np.nan)
    done = 0
    t0 = time.perf_counter()
    if progress is not None:
        progress(0, st.sims)
    options = {"scheduler": scheduler, "dask_processes": dask_processes, "precision": precision,
               "connect_timeout": connect_timeout}
    for out in impl.run(st, chunks, workers, options):
        r = out["reps"]
        nmse[r], flops[r], penalty[r] = out["nmse"], out["flops"], out["penalty"]
        done += r.size
        if progress is not None:
            progress(done, st.sims)
    elapsed = time.perf_counter() - t0
    if np.isnan(nmse).any():  # pragma: no cover - a backend lost a task
        raise ComputeLimitsError("some replications did not come back from the backend")
    return SimulationResult(st, nmse, flops, penalty, backend=impl.name, elapsed_s=elapsed)
