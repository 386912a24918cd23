"""One replication of the Figure 1 simulation, and a chunk of replications (a backend task).

A replication draws one data set of ``max(n)`` rows and fits every model at every sample size on
its prefixes: rows are added block by block between consecutive sample sizes to the running
sufficient statistics, and every model is fitted from those statistics (the rows are drawn block
by block, or all at once when every row is kept, as in mixed precision: the same numbers either
way). The numbers of a replication depend only on ``(settings, replication index)``, never on
which worker runs it.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2 and
Figure 1.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from .kernels import normalized_error, normalized_error_queries
from .models import MODELS
from .precision import resolve_precision
from .replication import ReplicationData  # defined there; re-exported here
from .settings import SimulationSettings
from .streams import data_generators, model_generator, standard_normal_fill, true_coefficients

__all__ = ["ReplicationData", "simulate_replication", "simulate_chunk", "reused_rows"]

_LOCAL = threading.local()


@contextmanager
def reused_rows() -> Iterator[None]:
    """Let the replications this thread runs inside share one set of row arrays.

    A replication that draws all its rows at once writes every row before it reads any, so the
    next one can draw into the same arrays: this saves the operating system clearing 60 MB of
    fresh pages a replication at paper scale (3 - 9 ms of about 150, measured) and changes no
    number. Outside the block every replication allocates its own arrays; the arrays are
    released when the outermost block ends. :func:`simulate_chunk` and the ``serial`` backend
    run their replications inside one.

    Examples
    --------
    >>> import numpy as np
    >>> from computelimits.simulation import SimulationSettings
    >>> st = SimulationSettings(sims=2, d=20, s=2, n=(10, 40))
    >>> fresh = [simulate_replication(st, r)[0] for r in range(2)]
    >>> with reused_rows():
    ...     shared = [simulate_replication(st, r)[0] for r in range(2)]
    >>> all(np.array_equal(a, b) for a, b in zip(fresh, shared))
    True
    """
    outer = getattr(_LOCAL, "rows", None)
    if outer is None:
        _LOCAL.rows = {}
    try:
        yield
    finally:
        if outer is None:
            _LOCAL.rows = None


def _row_arrays(m: int, d: int, single: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """``m x d`` double-precision rows and, if ``single``, their single-precision copy: this
    thread's shared arrays inside :func:`reused_rows`, fresh ones otherwise."""
    cache = getattr(_LOCAL, "rows", None)
    key = (m, d, single)
    if cache is not None and key in cache:
        return cache[key]
    arrays = (np.empty((m, d)), np.empty((m, d), dtype=np.float32) if single else None)
    if cache is not None:
        cache[key] = arrays
    return arrays


def simulate_replication(
    settings: SimulationSettings,
    rep: int,
    precision: str = "auto",
    diagnostics: dict | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run every model at every sample size on one replication's data.

    Parameters
    ----------
    settings : SimulationSettings
    rep : int
        Replication index (keys the data streams, see :mod:`computelimits.simulation.streams`).
    precision : {"auto", "float64", "mixed"}
        Arithmetic of the fits on all covariates
        (:data:`computelimits.simulation.precision.PRECISIONS`); the numbers agree to about
        ``1e-12`` relative whichever is used.
    diagnostics : dict, optional
        Filled with ``precision`` (the name used), ``steps`` (``models x sizes``: refinement
        steps of least-squares fits; for the Lasso, homotopy segments, or the number of
        active-set repairs of a repaired warm start) and ``route`` (``models x sizes`` strings:
        the path each fit took: ``"cholesky"``, ``"row-cholesky"``, ``"direct"``,
        ``"refined"``, ``"row-refined"``, ``"fallback"``; for the Lasso ``"warm"``,
        ``"repaired"``, ``"homotopy"``, ``"homotopy32"``, ``"exact-homotopy"``) and ``work``
        (``models x sizes``: the arithmetic the engine actually did for each fit, single- and
        double-precision operations alike, as a stand-alone fit; compare ``flops``).

    Returns
    -------
    nmse : ndarray, shape (models, sample sizes)
        Normalised prediction MSE of each fit.
    flops : ndarray, shape (models, sample sizes)
        FLOPs of a stand-alone fit: the model's count
        (:mod:`computelimits.simulation.fit_flops`), the same whichever ``precision`` is used.
    penalty : ndarray, shape (sample sizes,)
        Lasso penalty ``lambda`` used (NaN when the regularized model is not run).
    """
    st = settings
    grid = st.n
    models = [MODELS.get(m) for m in st.models]
    d, s = st.d, st.s
    gx, gz = data_generators(st.seed, rep)
    theta = true_coefficients(d, s, st.coef)

    prec = resolve_precision(st, models, precision)
    m_rows = prec.rows_kept(st, models)
    upfront = bool(m_rows) and m_rows == grid[-1]
    if upfront:  # every row is written (drawn) before any is read
        X, X32 = _row_arrays(m_rows, d, bool(prec.single_rows))
    else:
        X, X32 = (np.empty((m_rows, d)) if m_rows else None), None
    stats = prec.new_stats(st, models, rows32=X32)
    y = np.empty(grid[-1])
    data = ReplicationData(st, rep, theta, stats, X, y, prec, X32)
    states = [m.new_state(data) for m in models]

    nmse = np.empty((len(models), len(grid)))
    flops = np.empty((len(models), len(grid)))
    penalty = np.full(len(grid), np.nan)
    if diagnostics is not None:
        diagnostics["precision"] = prec.name
        steps = diagnostics["steps"] = np.zeros((len(models), len(grid)), dtype=np.int64)
        route = diagnostics["route"] = np.full((len(models), len(grid)), "", dtype=object)
        work = diagnostics["work"] = np.empty((len(models), len(grid)))
    theta_s = theta[:s]
    if upfront:  # every row is kept: draw them all at once (the same numbers, row after row)
        standard_normal_fill(gx, X, X32)
        z = gz.standard_normal(grid[-1])
    for j, n in enumerate(grid):
        n0 = data.n
        k = n - n0
        if upfront:
            B, zb = X[n0:n], z[n0:n]
        elif X is not None and n <= m_rows:
            B = X[n0:n]
            standard_normal_fill(gx, B)
            zb = gz.standard_normal(k)
        else:
            B = np.empty((k, d))
            standard_normal_fill(gx, B)
            if X is not None and n0 < m_rows:
                X[n0:m_rows] = B[: m_rows - n0]
            zb = gz.standard_normal(k)
        y[n0:n] = B[:, :s] @ theta_s + st.sigma * zb  # block by block, whatever the mode
        stats.update(B, y[n0:n])
        data.n = n
        for i, (model, state) in enumerate(zip(models, states, strict=True)):
            fit = model.fit(data, state, n)
            if st.queries:
                rng = model_generator(st.seed, model.name, n, rep)
                nmse[i, j] = normalized_error_queries(theta, fit.idx, fit.vals, rng, st.queries)
            else:
                nmse[i, j] = normalized_error(theta, fit.idx, fit.vals)
            flops[i, j] = fit.flops
            if diagnostics is not None:
                steps[i, j], route[i, j], work[i, j] = fit.steps, fit.route, fit.work
            if model.penalized:
                penalty[j] = fit.penalty
    return nmse, flops, penalty


def simulate_chunk(
    settings: SimulationSettings,
    reps: Sequence[int],
    limit_threads: bool = True,
    precision: str = "auto",
) -> dict[str, np.ndarray]:
    """Run replications ``reps`` with single-threaded BLAS (one backend task).

    ``limit_threads=False`` leaves the BLAS thread pool alone (the caller has limited it);
    ``precision`` as in :func:`simulate_replication`.

    Returns
    -------
    dict
        ``reps`` (int array), ``nmse`` and ``flops`` (``len(reps) x models x sizes``),
        ``penalty`` (``len(reps) x sizes``).
    """
    reps = [int(r) for r in reps]
    M, N = len(settings.models), len(settings.n)
    out = {
        "reps": np.asarray(reps, dtype=np.int64),
        "nmse": np.empty((len(reps), M, N)),
        "flops": np.empty((len(reps), M, N)),
        "penalty": np.empty((len(reps), N)),
    }
    if limit_threads:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return simulate_chunk(settings, reps, limit_threads=False, precision=precision)
    with reused_rows():
        for i, r in enumerate(reps):
            out["nmse"][i], out["flops"][i], out["penalty"][i] = simulate_replication(
                settings, r, precision=precision)
    return out
