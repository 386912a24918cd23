"""``computelimits reproduce``: the whole paper rebuilt in one command."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import app
from ._common import (
    bootstrap_option,
    err_console,
    handle_errors,
    out_console,
    print_json,
    seed_option,
)


@app.command("reproduce")
@handle_errors
def reproduce_cmd(
    out: Path = typer.Option(Path("computelimits-report"), "--out", "-o",
                             help="Output folder (must be absent or empty unless --force)."),
    sims: int = typer.Option(100, "--sims", help="Figure 1 simulations per case (paper: 1000).", min=1),
    seed: str = seed_option("Master random seed (every figure and interval follows from it)."),
    bootstrap: str = bootstrap_option(500, help="Bootstrap resamples for the report's projection "
                                                "intervals."),
    force: bool = typer.Option(False, "--force", help="Replace a non-empty output folder."),
    stage: list[str] = typer.Option(None, "--stage", help="Run only this stage (repeatable)."),
    epoch_models: Path = typer.Option(
        None, "--epoch-models", envvar="COMPUTELIMITS_EPOCH_MODELS", show_envvar=True,
        help="An Epoch AI notable-models CSV for Figure 2a (default: the extract bundled with "
             "computelimits); recorded in manifest.json with its sha256."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON summary instead of progress."),
    extra_data: bool = typer.Option(True, "--extra-data/--no-extra-data",
                                    help="Include models trained on data beyond the benchmark's "
                                         "(JFT-300M, ImageNet-21k, Instagram ...)."),
) -> None:
    """Rebuild the paper's figures and tables from the bundled data, beside the published values.

    Writes report.html (self-contained), report.md, figures/ (PNG, SVG), tables/ (CSV, LaTeX)
    and manifest.json (versions, seed, dataset sha256, settings, time per stage).
    """
    from ..fitting.core import check_count
    from ..io import check_writable
    from ..report import reproduce

    # fail before any work (--bootstrap is bounded by its option, against the same MAX_BOOTSTRAP)
    check_count(sims, "sims", "simulations", minimum=1)
    check_writable(out, force=force, what="folder")
    if epoch_models is not None and not epoch_models.is_file():
        from ..errors import InputError

        raise InputError(f"--epoch-models {epoch_models}: no such file")
    if json_out:
        res = reproduce(out, sims=sims, seed=seed, bootstrap=bootstrap, force=force,
                        stages=stage or None, epoch_models=epoch_models,
                        include_extra_data=extra_data)
    else:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                      TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                      console=err_console(), transient=False) as bar:
            task = bar.add_task("starting", total=None)

            def progress(name: str, i: int, total: int) -> None:
                # writing the files is one more step, so the clock runs until they are written
                bar.update(task, description=name, completed=i, total=total + 1)

            res = reproduce(out, sims=sims, seed=seed, bootstrap=bootstrap, force=force,
                            stages=stage or None, epoch_models=epoch_models, progress=progress,
                            include_extra_data=extra_data)
            bar.update(task, description="done", completed=len(res.stage_seconds),
                       total=len(res.stage_seconds))
    summary = {"out_dir": str(res.out_dir), "report_html": str(res.out_dir / "report.html"),
               "files": list(res.files), "stage_seconds": res.stage_seconds,
               "failed_stages": res.failed}
    if json_out:
        print_json(summary)
    else:
        con = out_console()
        total = sum(res.stage_seconds.values())
        con.print(f"Wrote {len(res.files)} files to [bold]{res.out_dir}[/] in {total:.1f} s; "
                  f"open {res.out_dir / 'report.html'}")
        for name, msg in res.failed.items():
            err_console().print(f"[red]stage {name} failed:[/] {msg}")
    if res.failed:
        raise typer.Exit(1)
