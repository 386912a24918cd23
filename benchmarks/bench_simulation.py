"""Benchmark of the Figure 1 simulation: fast engine vs a naive scikit-learn loop, side by side.

Part 1 runs the same replications (same settings, same seeds, so the same data) through

* the naive loop (:mod:`computelimits.simulation.naive`): every case (model, n, replication) draws
  its data again and is refitted from scratch with scikit-learn (``LinearRegression``, ``Lasso``
  or ``LassoCV`` with default tolerances);
* the fast engine (:func:`computelimits.simulation.engine.simulate_replication`, default
  ``precision="auto"``: mixed precision with iterative refinement): one draw per replication
  shared by all sample sizes, running Gram matrices, exact Lasso;
* the fast engine in double precision (``precision="float64"``), the previous engine;

alternating the three per replication, single-threaded BLAS for all, and reports the time ratios,
the largest difference between their performance numbers, and the refinement steps taken
(on the grid, and on a grid packed around ``n = d`` where the systems are worst conditioned).

Part 2 times the paper-scale run (1000 replications, d = 1000, all four models, the default 23
sample sizes up to 5,000) with the ``processes`` backend and prints the crossing table.

Part 3 compares the two on the **whole machine**, each as it runs by default: the naive loop with
NumPy's default BLAS thread pool (one thread per core: what a plain loop in a notebook gets) on
``--machine-sims`` replications, scaled to the paper's number of replications, against the wall
time of the paper-scale run of part 2 (the engine's worker processes on every core, BLAS
single-threaded inside each). Part 1 is the per-core (algorithmic) ratio, part 3 the ratio a user
of this machine sees for the paper-scale run.

Usage::

    python benchmarks/bench_simulation.py                      # both parts (paper scale: minutes)
    python benchmarks/bench_simulation.py --compare-sims 3 --paper-sims 0   # part 1 only
    python benchmarks/bench_simulation.py --penalty cv --compare-sims 1 --paper-sims 0
    python benchmarks/bench_simulation.py --json bench.json
    python benchmarks/bench_simulation.py --compare-sims 0 --near-d-sims 0 --paper-sims 200 \
        --machine-sims 2                                       # part 3 on a shorter run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
import warnings


def _cpu_self() -> float:
    return time.process_time()


def _cpu_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _routes(models, diag_list) -> dict:
    """Per model: how often each route was taken, and the refinement steps per sample size."""
    import numpy as np

    out = {}
    for i, m in enumerate(models):
        routes: dict[str, int] = {}
        for dg in diag_list:
            for r in dg["route"][i]:
                routes[r] = routes.get(r, 0) + 1
        steps = np.array([dg["steps"][i] for dg in diag_list])
        out[m] = {"routes": routes, "steps_min": steps.min(axis=0).tolist(),
                  "steps_max": steps.max(axis=0).tolist()}
    return out


def compare(settings, reps: int) -> dict:
    """Naive vs fast (auto) vs fast (float64) on replications ``0..reps-1``, alternating."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    from computelimits.simulation.engine import reused_rows, simulate_replication
    from computelimits.simulation.naive import naive_replication
    from computelimits.simulation.streams import prepare_sampler

    warm = settings.replace(n=(settings.n[0], settings.n[1]), sims=1)
    keys = ("naive", "fast", "float64")
    t = {k: [] for k in keys}  # seconds per replication, wall
    c = {k: [] for k in keys}  # CPU
    diff_naive = np.zeros(len(settings.models))
    diff_f64 = np.zeros(len(settings.models))
    diags: list[dict] = []

    def timed(key, fn):
        w, cc = time.perf_counter(), _cpu_self()
        out = fn()
        t[key].append(time.perf_counter() - w)
        c[key].append(_cpu_self() - cc)
        return out

    # the engine runs its replications as every backend does: one set of row arrays reused
    with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings(), reused_rows():
        warnings.simplefilter("ignore")  # scikit-learn convergence chatter at tiny n
        naive_replication(warm, 0)  # imports and first-call costs, outside the timings
        prepare_sampler(settings.n_max * settings.d)  # the compiled sampler: loaded and checked
        simulate_replication(warm, 0)
        simulate_replication(warm, 0, precision="float64")
        for r in range(reps):
            diag: dict = {}
            runs = {
                "naive": lambda r=r: naive_replication(settings, r)[0],
                "fast": lambda r=r, diag=diag: simulate_replication(settings, r,
                                                                    diagnostics=diag)[0],
                "float64": lambda r=r: simulate_replication(settings, r, precision="float64")[0],
            }
            order = keys if r % 2 == 0 else keys[::-1]  # alternate the order too
            nm = {k: timed(k, runs[k]) for k in order}
            diags.append(diag)
            perf = -np.log10(nm["fast"])
            diff_naive = np.maximum(diff_naive,
                                    np.abs(perf + np.log10(nm["naive"])).max(axis=1))
            diff_f64 = np.maximum(diff_f64, np.abs(perf + np.log10(nm["float64"])).max(axis=1))
    T = {k: np.asarray(v) for k, v in t.items()}
    C = {k: np.asarray(v) for k, v in c.items()}

    def spread(a):
        return {"median": float(np.median(a)), "min": float(a.min()), "max": float(a.max())}

    return {
        "replications": reps,
        "precision": diags[0]["precision"],
        "naive_wall_s_per_rep": float(np.median(T["naive"])),
        "fast_wall_s_per_rep": float(np.median(T["fast"])),
        "float64_wall_s_per_rep": float(np.median(T["float64"])),
        "naive_cpu_s_per_rep": float(np.median(C["naive"])),
        "fast_cpu_s_per_rep": float(np.median(C["fast"])),
        "float64_cpu_s_per_rep": float(np.median(C["float64"])),
        # per-replication ratios (the same replication through both), median and range
        "ratio_wall": spread(T["naive"] / T["fast"]),
        "ratio_cpu": spread(C["naive"] / C["fast"]),
        "ratio_wall_float64": spread(T["naive"] / T["float64"]),
        "mixed_over_float64_wall": spread(T["float64"] / T["fast"]),
        "max_abs_diff_performance": dict(zip(settings.models, diff_naive.tolist(), strict=True)),
        "max_abs_diff_performance_vs_float64": dict(
            zip(settings.models, diff_f64.tolist(), strict=True)),
        "refinement": _routes(settings.models, diags),
    }


def floor(settings, reps: int) -> dict:
    """Seconds per replication of the kernels no exact, same-seed engine can skip (single
    thread): drawing the replication's data from its seeds, the single-precision ``X^T X`` of all
    ``max(n)`` rows in one call, a single-precision Cholesky factorisation per sample size
    ``>= d``, and ``X X^T`` with its factorisation for the largest size ``< d``. The naive loop's
    time divided by this bounds the per-core ratio any such engine can reach on this machine."""
    import numpy as np
    from scipy.linalg import blas, lapack
    from threadpoolctl import threadpool_limits

    from computelimits.simulation.streams import data_generators, standard_normal_fill

    st = settings
    above = [n for n in st.n if n >= st.d]
    below = max((n for n in st.n if n < st.d), default=0)
    X = np.empty((st.n_max, st.d))
    X32 = np.empty((st.n_max, st.d), dtype=np.float32)
    parts = {"draw": 0.0, "gram": 0.0, "cholesky": 0.0, "min_norm": 0.0}
    numpy_draw = 0.0
    with threadpool_limits(limits=1, user_api="blas"):
        for r in range(reps + 1):  # the first round warms up, untimed
            t = {}
            w = _cpu_self()
            gx, gz = data_generators(st.seed, r)
            gx.standard_normal(out=X)
            if r:
                numpy_draw += (_cpu_self() - w) / reps
            w = _cpu_self()
            gx, gz = data_generators(st.seed, r)
            standard_normal_fill(gx, X, X32)  # the engine's sampler: X and X32 in one pass
            gz.standard_normal(st.n_max)
            t["draw"] = _cpu_self() - w
            w = _cpu_self()
            G = blas.ssyrk(1.0, X32.T, trans=0, lower=1)
            t["gram"] = _cpu_self() - w
            w = _cpu_self()
            for _ in above:
                lapack.spotrf(G, lower=1, clean=0)
            t["cholesky"] = _cpu_self() - w
            w = _cpu_self()
            if below:
                K = blas.ssyrk(1.0, X32[:below].T, trans=1, lower=1)
                lapack.spotrf(K, lower=1, clean=0, overwrite_a=1)
            t["min_norm"] = _cpu_self() - w
            if r:
                for k, v in t.items():
                    parts[k] += v / reps
    return {"parts_s": parts, "total_s": sum(parts.values()), "numpy_draw_s": numpy_draw}


def near_d(settings, reps: int) -> dict:
    """Refinement steps and fall-backs on a grid packed around n = d (worst conditioning), and
    the largest difference from the double-precision engine there."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    from computelimits.simulation.engine import simulate_replication

    d = settings.d
    grid = sorted({15, d - 10, d - 5, d - 1, d, d + 1, d + 2, d + 5, d + 10, d + 50, int(1.1 * d)})
    st = settings.replace(n=tuple(n for n in grid if n >= 1), sims=1)
    diags, diff = [], 0.0
    with threadpool_limits(limits=1, user_api="blas"):
        for r in range(reps):
            diag: dict = {}
            nm, _, _ = simulate_replication(st, r, diagnostics=diag)
            nm64, _, _ = simulate_replication(st, r, precision="float64")
            diags.append(diag)
            diff = max(diff, float(np.abs(np.log10(nm) - np.log10(nm64)).max()))
    return {"n": list(st.n), "replications": reps, "max_abs_diff_performance_vs_float64": diff,
            "refinement": _routes(st.models, diags)}


def _print_refinement(models_info: dict, n: list[int]) -> None:
    for m, info in models_info.items():
        if m in ("oracle", "expert"):
            continue
        routes = ", ".join(f"{k} {v}" for k, v in sorted(info["routes"].items()))
        label = "steps" if m == "flexible" else "segments/repairs"
        print(f"    {m:12s} routes: {routes}")
        print(f"    {'':12s} {label} per n (min-max): "
              + " ".join(f"{nn}:{a}-{b}" if a != b else f"{nn}:{a}"
                         for nn, a, b in zip(n, info["steps_min"], info["steps_max"],
                                             strict=True)))


def naive_default_threads(settings, reps: int) -> dict:
    """The naive loop with the BLAS thread pool left at its default (every core), as a plain
    loop runs it; replications ``0..reps-1``."""
    from threadpoolctl import threadpool_info

    from computelimits.simulation.naive import naive_replication

    threads = max((i.get("num_threads", 1) for i in threadpool_info()
                   if i.get("user_api") == "blas"), default=1)
    warm = settings.replace(n=(settings.n[0], settings.n[1]), sims=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        naive_replication(warm, 0)
        w = time.perf_counter()
        for r in range(reps):
            naive_replication(settings, r)
        wall = time.perf_counter() - w
    return {"replications": reps, "blas_threads": threads, "wall_s_per_rep": wall / reps}


def paper_run(settings, workers: int, backend: str) -> dict:
    from computelimits.simulation import run_simulation

    c0 = _cpu_children() + _cpu_self()
    w = time.perf_counter()
    res = run_simulation(settings, backend=backend, workers=workers)
    wall = time.perf_counter() - w
    cpu = _cpu_children() + _cpu_self() - c0
    table = res.crossings()
    return {
        "sims": settings.sims,
        "backend": backend,
        "workers": workers,
        "wall_s": wall,
        "cpu_s": cpu,
        "cpu_s_per_rep": cpu / settings.sims,
        "crossings": table.to_dict(),
        "crossings_text": str(table),
    }


def _usage() -> tuple[float, float, float]:
    """(user + system CPU s, system CPU s, minor page faults) of this process and its reaped
    children (the pool's and the local Dask cluster's worker processes)."""
    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime, a.ru_stime + b.ru_stime,
            float(a.ru_minflt + b.ru_minflt))


def _run_dask_nanny_default(settings, workers: int):
    """The dask backend on a LocalCluster with Dask's default nanny environment
    (``MALLOC_TRIM_THRESHOLD_=65536`` in every worker), reached by its address; the variable the
    nanny leaks into this process is removed afterwards."""
    from distributed import LocalCluster

    from computelimits.simulation import run_simulation

    before = os.environ.get("MALLOC_TRIM_THRESHOLD_")
    try:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            return run_simulation(settings, backend="dask", workers=workers,
                                  scheduler=cluster.scheduler_address)
    finally:
        if before is None:
            os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
        else:
            os.environ["MALLOC_TRIM_THRESHOLD_"] = before


def backends(settings, workers: int, rounds: int, nanny_default: bool = False) -> dict:
    """Wall time of the same replications on the ``serial``, ``processes`` and ``dask`` (a
    :func:`~computelimits.simulation.backends.local_cluster` of ``workers`` started for the run,
    as ``run_simulation`` starts it) backends, ``rounds`` times in alternating order; ratios to
    ``serial`` per round (median and range), CPU and system time and minor page faults per
    replication (worker processes included), and whether the numbers are byte-identical. With
    ``nanny_default`` also ``dask`` on a cluster with Dask's default nanny environment."""
    import numpy as np

    from computelimits.simulation import run_simulation

    names = ["serial", "processes", "dask"] + (["dask-nanny-default"] if nanny_default else [])
    wall: dict[str, list[float]] = {k: [] for k in names}
    use: dict[str, list[list[float]]] = {k: [] for k in names}
    first: dict = {}
    identical = True
    for i in range(rounds):
        for b in (names if i % 2 == 0 else names[::-1]):
            u0 = _usage()
            w = time.perf_counter()
            if b == "dask-nanny-default":
                res = _run_dask_nanny_default(settings, workers)
            else:
                res = run_simulation(settings, backend=b, workers=1 if b == "serial" else workers)
            wall[b].append(time.perf_counter() - w)
            use[b].append([(x1 - x0) / settings.sims for x0, x1 in zip(u0, _usage(), strict=True)])
            ref = first.setdefault("res", res)
            identical &= (res.nmse.tobytes() == ref.nmse.tobytes()
                          and res.flops.tobytes() == ref.flops.tobytes()
                          and res.penalty.tobytes() == ref.penalty.tobytes())
    ser = np.asarray(wall["serial"])
    out: dict = {"sims": settings.sims, "workers": workers, "rounds": rounds,
                 "byte_identical": bool(identical), "wall_s": wall}
    for b in names:
        u = np.median(np.asarray(use[b]), axis=0)
        out[f"{b}_per_rep"] = {"cpu_s": float(u[0]), "sys_s": float(u[1]),
                               "minor_faults": float(u[2])}
        if b != "serial":
            r = ser / np.asarray(wall[b])
            out[f"{b}_speedup"] = {"median": float(np.median(r)), "min": float(r.min()),
                                   "max": float(r.max())}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compare-sims", type=int, default=3,
                    help="replications timed side by side (naive vs fast); 0 to skip")
    ap.add_argument("--paper-sims", type=int, default=1000,
                    help="replications of the timed paper-scale run; 0 to skip")
    ap.add_argument("--near-d-sims", type=int, default=3,
                    help="replications on a grid packed around n = d (refinement steps); 0 to skip")
    ap.add_argument("--machine-sims", type=int, default=2,
                    help="replications of the naive loop with default BLAS threads, compared with "
                         "the paper-scale run (part 3; needs --paper-sims > 0); 0 to skip")
    ap.add_argument("--backend-sims", type=int, default=0,
                    help="part 4: replications run on every backend (serial, processes, dask) "
                         "for their speed-ups over serial; 0 to skip")
    ap.add_argument("--backend-rounds", type=int, default=1,
                    help="part 4: rounds, alternating the order of the backends")
    ap.add_argument("--nanny-default", action="store_true",
                    help="part 4: also dask on a cluster with Dask's default nanny environment "
                         "(MALLOC_TRIM_THRESHOLD_=65536 in the workers)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--backend", default="processes")
    ap.add_argument("--d", type=int, default=1000)
    ap.add_argument("--penalty", default="theory")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", dest="json_path", default=None)
    args = ap.parse_args(argv)

    from computelimits.simulation import SimulationSettings

    st = SimulationSettings(sims=max(1, args.paper_sims), d=args.d, penalty=args.penalty,
                            seed=args.seed)
    out: dict = {
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
            else os.cpu_count(),
            "loadavg_start": os.getloadavg(),
        },
        "settings": {**st.to_dict(), "sims": None},
    }
    if args.compare_sims > 0:
        print(f"Part 1: naive scikit-learn loop vs fast engine, {args.compare_sims} replication(s), "
              f"d={st.d}, {len(st.n)} sample sizes up to {st.n_max}, penalty={st.penalty}",
              flush=True)
        cmp_ = compare(st, args.compare_sims)
        out["compare"] = cmp_
        def rr(x):
            return f"{x['median']:.1f}x ({x['min']:.1f} - {x['max']:.1f})"

        print("  medians per replication (ratios: median and range of per-replication ratios)")
        print(f"  naive          : {cmp_['naive_wall_s_per_rep']:8.3f} s/replication wall, "
              f"{cmp_['naive_cpu_s_per_rep']:8.3f} s CPU")
        print(f"  fast ({cmp_['precision']:7s}): {cmp_['fast_wall_s_per_rep']:8.3f} s/replication "
              f"wall, {cmp_['fast_cpu_s_per_rep']:8.3f} s CPU")
        print(f"  fast (float64) : {cmp_['float64_wall_s_per_rep']:8.3f} s/replication wall, "
              f"{cmp_['float64_cpu_s_per_rep']:8.3f} s CPU")
        print(f"  ratio naive/fast: {rr(cmp_['ratio_wall'])} wall, {rr(cmp_['ratio_cpu'])} CPU; "
              f"naive/float64 {rr(cmp_['ratio_wall_float64'])} wall; {cmp_['precision']} is "
              f"{rr(cmp_['mixed_over_float64_wall'])} float64")
        print("  max |performance difference| vs naive: "
              + ", ".join(f"{k} {v:.1e}" for k, v in cmp_["max_abs_diff_performance"].items()))
        print("  max |performance difference| vs float64: "
              + ", ".join(f"{k} {v:.1e}"
                          for k, v in cmp_["max_abs_diff_performance_vs_float64"].items()))
        _print_refinement(cmp_["refinement"], list(st.n))
        fl_ = floor(st, args.compare_sims)
        fl_["max_ratio"] = cmp_["naive_cpu_s_per_rep"] / fl_["total_s"]
        out["floor"] = fl_
        print(f"  floor (kernels no exact same-seed engine skips): {fl_['total_s']:.3f} s = "
              + ", ".join(f"{k} {v * 1e3:.0f} ms" for k, v in fl_["parts_s"].items())
              + f"; naive/floor = {fl_['max_ratio']:.1f}x (CPU), the most any such engine reaches here"
              + f" (drawing with NumPy's own fill: {fl_['numpy_draw_s'] * 1e3:.0f} ms)")
    if args.near_d_sims > 0:
        nd = near_d(st, args.near_d_sims)
        out["near_d"] = nd
        print(f"Near n = d: {nd['replications']} replication(s), n = {nd['n']}; max |performance "
              f"difference| vs float64 {nd['max_abs_diff_performance_vs_float64']:.1e}")
        _print_refinement(nd["refinement"], nd["n"])
    if args.paper_sims > 0:
        print(f"Part 2: paper-scale run, {st.sims} replications, backend={args.backend}, "
              f"workers={args.workers}", flush=True)
        pr = paper_run(st, args.workers, args.backend)
        out["paper_run"] = pr
        print(f"  wall {pr['wall_s']:.1f} s, CPU {pr['cpu_s']:.1f} s "
              f"({pr['cpu_s_per_rep']:.3f} s CPU per replication)")
        print(pr["crossings_text"])
        if args.machine_sims > 0:
            print(f"Part 3: whole machine, naive loop with default BLAS threads, "
                  f"{args.machine_sims} replication(s)", flush=True)
            nv = naive_default_threads(st, args.machine_sims)
            engine_per_rep = pr["wall_s"] / st.sims
            nv["naive_paper_scale_s"] = nv["wall_s_per_rep"] * st.sims
            nv["engine_wall_s_per_rep"] = engine_per_rep
            nv["ratio_wall"] = nv["wall_s_per_rep"] / engine_per_rep
            out["machine_compare"] = nv
            print(f"  naive loop ({nv['blas_threads']} BLAS threads): "
                  f"{nv['wall_s_per_rep']:.3f} s/replication -> {st.sims} replications "
                  f"~{nv['naive_paper_scale_s'] / 60:.1f} min")
            print(f"  engine ({args.backend}, {args.workers} workers): {pr['wall_s']:.1f} s for "
                  f"{st.sims} ({engine_per_rep:.4f} s/replication)")
            print(f"  ratio naive/engine on the whole machine: {nv['ratio_wall']:.1f}x")
    if args.backend_sims > 0:
        print(f"Part 4: backends, {args.backend_sims} replications, {args.workers} workers, "
              f"{args.backend_rounds} round(s)", flush=True)
        bk = backends(st.replace(sims=args.backend_sims), args.workers, args.backend_rounds,
                      nanny_default=args.nanny_default)
        out["backends"] = bk
        for b, ts in bk["wall_s"].items():
            sp = bk.get(f"{b}_speedup")
            u = bk[f"{b}_per_rep"]
            extra = (f"  {sp['median']:.2f}x serial ({sp['min']:.2f} - {sp['max']:.2f})"
                     if sp else "")
            print(f"  {b:18s}: wall " + ", ".join(f"{t:.1f}" for t in ts) + " s" + extra)
            print(f"  {'':18s}  per replication: CPU {u['cpu_s']:.3f} s, system "
                  f"{u['sys_s']:.4f} s, {u['minor_faults']:.0f} minor page faults")
        print(f"  numbers byte-identical across backends: {bk['byte_identical']}")
    out["machine"]["loadavg_end"] = os.getloadavg()
    print(f"load average start {out['machine']['loadavg_start']}, "
          f"end {out['machine']['loadavg_end']}")
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as fh:
            json.dump(out, fh, indent=2, default=str)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
