"""Sensitivity of the Figure 1 crossing table to the settings the paper does not state.

The paper (section 2) reports that the flexible model needs about 1,500 observations and the
Lasso about 175 to match the oracle's performance at n = 15. It does not state the noise level,
the coefficient values or the Lasso penalty. This script reruns the simulation around the
crossings while varying one unstated setting at a time, and prints the crossing sample sizes with
bootstrap intervals (the tables in ``docs/simulation.md`` come from it).

* ``--part lasso``: the penalty constant ``c`` of ``lambda = c sigma sqrt(2 log d / n)``, the noise
  level ``sigma`` (coefficients fixed at 1, so ``||theta||^2 / sigma^2 = s / sigma^2``) and the
  cross-validation rule; only the oracle and the Lasso, at sample sizes up to 400.
* ``--part flexible``: the flexible model's crossing under both averages (mean of logs, log of
  the mean); it does not depend on sigma, the coefficients or c (least squares errors scale with
  sigma^2 exactly like the oracle's).

Usage::

    python benchmarks/simulation_sensitivity.py --part lasso --sims 1000 --workers 2
    python benchmarks/simulation_sensitivity.py --part flexible --sims 300 --workers 2
"""

from __future__ import annotations

import argparse
import time

LASSO_N = (15, 100, 120, 140, 150, 160, 175, 190, 210, 240, 280, 340, 400)
FLEX_N = (15, 1300, 1400, 1450, 1500, 1550, 1600, 1700, 1800)


def _row(label: str, res, model: str, average: str = "mean_log") -> str:
    t = res.crossings(average=average, bootstrap=400)
    v = t.n[model]
    lo, hi = t.ci[model]
    fmt = lambda x: "never" if x is None else f"{x:,.0f}"  # noqa: E731
    return (f"{label:<34} {fmt(v):>8}   [{fmt(lo)}, {fmt(hi)}]   "
            f"(oracle at 15: {t.reference_performance:.3f})")


def lasso(sims: int, workers: int, seed: int) -> None:
    from computelimits.simulation import SimulationSettings, run_simulation

    base = SimulationSettings(sims=sims, n=LASSO_N, models=("oracle", "regularized"), seed=seed)
    print(f"Lasso crossing (n at which the Lasso matches the oracle at 15), {sims} replications")
    for c in (1.0, 1.2, 1.25, 1.33, 1.4, 1.5, 2.0):
        st = base.replace(penalty_c=c, n=LASSO_N + ((600, 800) if c >= 2 else ()))
        res = run_simulation(st, backend="processes", workers=workers)
        print(_row(f"theory c={c:g}, sigma=1", res, "regularized"), flush=True)
    for sigma in (0.5, 2.0, 3.0):
        res = run_simulation(base.replace(sigma=sigma), backend="processes", workers=workers)
        print(_row(f"theory c=1.33, sigma={sigma:g}", res, "regularized"), flush=True)
    res = run_simulation(base.replace(penalty="cv"), backend="processes", workers=workers)
    print(_row("cv (5 interleaved folds)", res, "regularized"), flush=True)
    res = run_simulation(base, backend="processes", workers=workers)
    print(_row("theory c=1.33, log of mean NMSE", res, "regularized", "log_mean"), flush=True)


def flexible(sims: int, workers: int, seed: int) -> None:
    from computelimits.simulation import SimulationSettings, run_simulation

    st = SimulationSettings(sims=sims, n=FLEX_N, models=("oracle", "flexible"), seed=seed)
    res = run_simulation(st, backend="processes", workers=workers)
    print(f"Flexible crossing, {sims} replications")
    print(_row("mean of -log10 NMSE (default)", res, "flexible", "mean_log"))
    print(_row("-log10 of mean NMSE", res, "flexible", "log_mean"))
    res2 = run_simulation(st.replace(sigma=3.0, coef=0.5), backend="processes", workers=workers)
    print(_row("sigma=3, coef=0.5 (mean of logs)", res2, "flexible", "mean_log"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("lasso", "flexible"), default="lasso")
    ap.add_argument("--sims", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    (lasso if args.part == "lasso" else flexible)(args.sims, args.workers, args.seed)
    print(f"({time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
