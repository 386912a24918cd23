"""Benchmark of the Figure 1 simulation: fast engine vs a naive scikit-learn loop, side by side.

Part 1 runs the same replications (same settings, same seeds, so the same data) through

* the naive loop (:mod:`computelimits.simulation.naive`): every case (model, n, replication) draws
  its data again and is refitted from scratch with scikit-learn (``LinearRegression``, ``Lasso``
  or ``LassoCV`` with default tolerances);
* the fast engine (:func:`computelimits.simulation.engine.simulate_replication`): one draw per
  replication shared by all sample sizes, running Gram matrices, exact Lasso homotopy;

alternating the two per replication, single-threaded BLAS for both, and reports the time ratio and
the largest difference between their performance numbers.

Part 2 times the paper-scale run (1000 replications, d = 1000, all four models, the default 23
sample sizes up to 5,000) with the ``processes`` backend and prints the crossing table.

Usage::

    python benchmarks/bench_simulation.py                      # both parts (paper scale: minutes)
    python benchmarks/bench_simulation.py --compare-sims 3 --paper-sims 0   # part 1 only
    python benchmarks/bench_simulation.py --penalty cv --compare-sims 1 --paper-sims 0
    python benchmarks/bench_simulation.py --json bench.json
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


def compare(settings, reps: int) -> dict:
    """Naive vs fast on replications ``0..reps-1``; alternate to share any machine noise."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    from computelimits.simulation.engine import simulate_replication
    from computelimits.simulation.naive import naive_replication

    warm = settings.replace(n=(settings.n[0], settings.n[1]), sims=1)
    t_naive = t_fast = c_naive = c_fast = 0.0
    diff_perf = np.zeros(len(settings.models))
    with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn convergence chatter at tiny n
        naive_replication(warm, 0)  # imports and first-call costs, outside the timings
        simulate_replication(warm, 0)
        for r in range(reps):
            w, c = time.perf_counter(), _cpu_self()
            nm_naive, _ = naive_replication(settings, r)
            t_naive += time.perf_counter() - w
            c_naive += _cpu_self() - c
            w, c = time.perf_counter(), _cpu_self()
            nm_fast, _, _ = simulate_replication(settings, r)
            t_fast += time.perf_counter() - w
            c_fast += _cpu_self() - c
            d = np.abs(np.log10(nm_naive) - np.log10(nm_fast)).max(axis=1)
            diff_perf = np.maximum(diff_perf, d)
    return {
        "replications": reps,
        "naive_wall_s_per_rep": t_naive / reps,
        "fast_wall_s_per_rep": t_fast / reps,
        "naive_cpu_s_per_rep": c_naive / reps,
        "fast_cpu_s_per_rep": c_fast / reps,
        "ratio_wall": t_naive / t_fast,
        "ratio_cpu": c_naive / c_fast,
        "max_abs_diff_performance": dict(zip(settings.models, diff_perf.tolist(), strict=True)),
    }


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compare-sims", type=int, default=3,
                    help="replications timed side by side (naive vs fast); 0 to skip")
    ap.add_argument("--paper-sims", type=int, default=1000,
                    help="replications of the timed paper-scale run; 0 to skip")
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
        print(f"  naive : {cmp_['naive_wall_s_per_rep']:8.3f} s/replication wall, "
              f"{cmp_['naive_cpu_s_per_rep']:8.3f} s CPU")
        print(f"  fast  : {cmp_['fast_wall_s_per_rep']:8.3f} s/replication wall, "
              f"{cmp_['fast_cpu_s_per_rep']:8.3f} s CPU")
        print(f"  ratio : {cmp_['ratio_wall']:.1f}x wall, {cmp_['ratio_cpu']:.1f}x CPU")
        print("  max |performance difference| per model: "
              + ", ".join(f"{k} {v:.1e}" for k, v in cmp_["max_abs_diff_performance"].items()))
    if args.paper_sims > 0:
        print(f"Part 2: paper-scale run, {st.sims} replications, backend={args.backend}, "
              f"workers={args.workers}", flush=True)
        pr = paper_run(st, args.workers, args.backend)
        out["paper_run"] = pr
        print(f"  wall {pr['wall_s']:.1f} s, CPU {pr['cpu_s']:.1f} s "
              f"({pr['cpu_s_per_rep']:.3f} s CPU per replication)")
        print(pr["crossings_text"])
    out["machine"]["loadavg_end"] = os.getloadavg()
    print(f"load average start {out['machine']['loadavg_start']}, "
          f"end {out['machine']['loadavg_end']}")
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as fh:
            json.dump(out, fh, indent=2, default=str)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
