"""``computelimits simulate``: the Figure 1 simulation (paper, section 2)."""

from __future__ import annotations

import typer

from ._app import app
from ._common import err_console, handle_errors, out_console, print_json, seed_option, write_figure


def _int_list(text: str | None, what: str) -> tuple[int, ...] | None:
    from ..errors import InputError

    if text is None or not text.strip():
        return None
    out = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            v = float(part)
        except ValueError:
            raise InputError(f"{what}: '{part}' is not a number (expected e.g. 10,15,100)") from None
        if not v.is_integer():
            raise InputError(f"{what}: '{part}' is not a whole number")
        out.append(int(v))
    if not out:
        raise InputError(f"{what}: no values given")
    return tuple(out)


@app.command("simulate")
@handle_errors
def simulate_cmd(
    sims: int = typer.Option(100, "--sims", help="Replications per (model, n); paper: 1000."),
    n: str = typer.Option(None, "--n", metavar="LIST",
                          help="Sample sizes, comma-separated (default: 23 sizes, 10 to 5,000)."),
    d: int = typer.Option(1000, "--d", help="Covariates (paper: 1000)."),
    s: int = typer.Option(10, "--s", help="Non-zero coefficients (paper: 10)."),
    sigma: float = typer.Option(None, "--sigma", help="Noise standard deviation (default 1)."),
    coef: float = typer.Option(None, "--coef", help="Value of each non-zero coefficient (default 1)."),
    penalty: str = typer.Option("theory", "--penalty", metavar="RULE",
                                help="Lasso penalty rule: theory, cv or fixed."),
    penalty_c: float = typer.Option(None, "--penalty-c",
                                    help="c in the theory rule c*sigma*sqrt(2 log d/n) (default 1.33)."),
    penalty_value: float = typer.Option(None, "--penalty-value",
                                        help="lambda of the fixed rule."),
    cv_folds: int = typer.Option(5, "--cv-folds", help="Folds of the cv rule."),
    models: str = typer.Option(None, "--models", metavar="LIST",
                               help="Models, comma-separated (oracle,expert,flexible,regularized)."),
    queries: int = typer.Option(0, "--queries",
                                help="0: exact expectation over queries; q: q sampled queries."),
    reference_n: int = typer.Option(15, "--reference-n",
                                    help="Oracle sample size defining the crossing table."),
    average: str = typer.Option("mean-log", "--average",
                                help="mean-log (mean of -log10 NMSE) or log-mean."),
    backend: str = typer.Option("serial", "--backend", help="serial, processes or dask."),
    workers: int = typer.Option(None, "--workers", help="Worker processes (default: the available cores)."),
    scheduler: str = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                  help="Existing Dask scheduler, e.g. tcp://host:8786."),
    chunk_size: int = typer.Option(None, "--chunk-size", help="Replications per task."),
    precision: str = typer.Option("auto", "--precision",
                                  help="auto, mixed (float32 Gram + float64 refinement) or float64; "
                                       "the same fits (performance within ~1e-12, 1e-8 tested) "
                                       "and the same counted FLOPs."),
    seed: str = seed_option("Master seed: the replications' seeds follow from it."),
    out: str = typer.Option(None, "--out", metavar="DIR",
                            help="Write tables, JSON, raw replications and Figure 1 here."),
    force: bool = typer.Option(False, "--force", help="Replace an earlier output in --out."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
    progress: bool = typer.Option(True, "--progress/--no-progress",
                                  help="Progress bar on stderr."),
) -> None:
    """Run the Figure 1 simulation: oracle, expert, flexible and Lasso models on a sparse
    linear model; performance and computation per sample size, and the crossing table."""
    from pathlib import Path

    from ..io import check_writable
    from ..simulation import SimulationSettings, run_simulation
    from ..simulation.results import _check_average

    kw: dict = {
        "sims": sims, "d": d, "s": s, "penalty": penalty, "cv_folds": cv_folds,
        "queries": queries, "reference_n": reference_n, "seed": seed,
    }
    ns = _int_list(n, "--n")
    if ns is not None:
        kw["n"] = ns
    ms = None if models is None else tuple(m for m in models.split(",") if m.strip())
    if ms is not None:
        kw["models"] = ms
    for key, val in (("sigma", sigma), ("coef", coef), ("penalty_c", penalty_c),
                     ("penalty_value", penalty_value)):
        if val is not None:
            kw[key] = val
    settings = SimulationSettings(**kw)
    avg = _check_average(average)
    out_dir = None if out is None else check_writable(Path(out), force=force, what="folder")

    bar_cb = None
    bar = None
    if progress:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        bar = Progress(TextColumn("simulating"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn(), TimeRemainingColumn(), console=err_console(),
                       transient=True)
        task = bar.add_task("sims", total=settings.sims)

        def bar_cb(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

    if bar is not None:
        with bar:
            res = run_simulation(settings, backend=backend, workers=workers, progress=bar_cb,
                                 scheduler=scheduler, chunk_size=chunk_size, precision=precision)
    else:
        res = run_simulation(settings, backend=backend, workers=workers, scheduler=scheduler,
                             chunk_size=chunk_size, precision=precision)

    written = []
    if out_dir is not None:
        from ..io import output_folder

        with output_folder(out_dir, force=force) as tmp:  # all files or none
            written = [out_dir / p.name for p in _write_outputs(res, tmp, avg)]
    if json_out:
        payload = res.to_dict(average=avg)
        if written:
            payload["files"] = [str(p) for p in written]
        print_json(payload)
        return
    con = out_console()
    con.print(res.summary(average=avg))
    con.print(f"\n{settings.sims} replications in {res.elapsed_s:.1f} s ({res.backend})")
    for p in written:
        con.print(f"wrote {p}")


def _write_outputs(res, out_dir, average: str) -> list:
    """Tables, JSON, raw replications and the two Figure 1 panels, written atomically."""
    import json

    from ..io import atomic_write_text, to_jsonable

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    p = out_dir / "simulation.csv"
    atomic_write_text(p, res.to_frame().to_csv(index=False))
    written.append(p)
    if "oracle" in res.models:
        p = out_dir / "crossings.csv"
        atomic_write_text(p, res.crossings(average=average).to_frame().to_csv(index=False))
        written.append(p)
    p = out_dir / "simulation.json"
    atomic_write_text(p, json.dumps(to_jsonable(res.to_dict(average=average)), indent=2,
                                    allow_nan=False) + "\n")
    written.append(p)
    p = out_dir / "replications.npz"
    res.to_npz(p)
    written.append(p)
    from ..plotting.simulation import plot_figure1a, plot_figure1b

    for name, fn in (("figure1a.png", plot_figure1a), ("figure1b.png", plot_figure1b)):
        p = out_dir / name
        write_figure(p, lambda ax, fn=fn: fn(res, ax=ax, average=average), size=(6, 4.2))
        written.append(p)
    return written
