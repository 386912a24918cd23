"""``computelimits data``: the packaged dataset (list, show, validate) and importers for public sources."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import app
from ._common import benchmark_option, data_option, handle_errors, out_console, print_json, wrote

data_app = typer.Typer(
    help="The dataset of models on the paper's benchmarks: summary, records, validation, importers.",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")

import_app = typer.Typer(
    help="Convert a public source to a CSV in the record schema (reports what was dropped and why).",
    no_args_is_help=True,
)
data_app.add_typer(import_app, name="import")

_FILE_HELP = "A records CSV to use instead of the packaged dataset."


def _records(file: Path | None, metric: str | None = "primary"):
    from ..datasets import load_models
    from ..schema import read_records

    if file is None:
        return load_models(metric=metric)
    df = read_records(file)
    if metric == "primary":
        from ..benchmarks import get_benchmark

        primary = {b: get_benchmark(b).metric for b in df["benchmark"].unique()}
        df = df[df["metric"] == df["benchmark"].map(primary)].reset_index(drop=True)
    return df


@data_app.command("list")
@handle_errors
def list_cmd(
    file: Path = typer.Option(None, "--file", help=_FILE_HELP, dir_okay=False),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Figure 6-style summary: papers, models, models with computation, with hardware burden, with both.

    The paper's Figure 6 counts are shown beside the dataset's (packaged dataset by default).

    Example: computelimits data list
    """
    from ..datasets import summarize

    s = summarize(None if file is None else file, compare=True)
    if json_out:
        print_json(s.to_dict("records"))
        return
    from rich.table import Table

    t = Table(title="Models per benchmark (paper's Figure 6 counts in parentheses)")
    for c in ("benchmark", "papers", "models", "with computation", "with hardware burden", "with both"):
        t.add_column(c, justify="left" if c == "benchmark" else "right")
    for r in s.to_dict("records"):
        t.add_row(r["benchmark"], f"{r['papers']} ({r['paper_papers_found']})",
                  f"{r['models']} ({r['paper_models']})",
                  f"{r['with_computation']} ({r['paper_with_computation']})",
                  f"{r['with_hardware_burden']} ({r['paper_with_hardware_burden']})",
                  f"{r['with_all']} ({r['paper_with_all']})")
    out_console().print(t)


@data_app.command("show")
@handle_errors
def show_cmd(
    benchmark_arg: str = typer.Argument(None, metavar="BENCHMARK",
                                        help="Benchmark id or alias (or give it with -b)."),
    benchmark: str = benchmark_option(),
    file: Path = data_option(_FILE_HELP, aliases=("--file",)),
    all_metrics: bool = typer.Option(False, "--all-metrics",
                                     help="Include secondary metrics (top-5, SQuAD EM) as extra rows."),
    with_sources: bool = typer.Option(False, "--sources", help="JSON: include every *_source column."),
    limit: int = typer.Option(0, "--limit", min=0, help="Show at most N rows (0: all)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (every column)."),
    out: Path = typer.Option(None, "--out", "-o", metavar="FILE",
                             help="Also write the records shown (every column) to this CSV."),
    force: bool = typer.Option(False, "--force", help="Overwrite --out if it exists."),
) -> None:
    """The records of one benchmark, oldest first.

    Examples:

      computelimits data show -b imagenet --limit 20

      computelimits data show -b imagenet --out imagenet.csv
    """
    from ..benchmarks import resolve_benchmark
    from ..errors import InputError

    if (benchmark_arg is None) == (benchmark is None):
        raise InputError("give the benchmark once: `data show imagenet` or `data show -b imagenet`")
    if out is not None:
        from ..io import check_writable

        check_writable(out, force=force)
    b = resolve_benchmark(benchmark or benchmark_arg)
    df = _records(file, None if all_metrics else "primary")
    df = df[df["benchmark"] == b].sort_values(["year", "model"], kind="mergesort").reset_index(drop=True)
    if limit:
        df = df.head(limit)
    if out is not None:
        from ..escaping import csv_text
        from ..io import atomic_write_text

        atomic_write_text(out, csv_text(df))
        wrote(out, f"{len(df)} records to")
    if json_out:
        cols = [c for c in df.columns if with_sources or not c.endswith("_source")]
        print_json(df[cols].to_dict("records"))
        return
    from rich.table import Table

    def num(v, f):
        return "" if v is None or (isinstance(v, float) and v != v) else f(v)

    t = Table(title=f"{b}: {len(df)} records (oldest first)")
    for c, j in (("model", "left"), ("date", "left"), ("score", "right"), ("error", "right"),
                 ("FLOPs/pass", "right"), ("params", "right"), ("training hardware", "left"),
                 ("burden FLOPs", "right")):
        t.add_column(c, justify=j)
    for r in df.to_dict("records"):
        hw = ""
        if isinstance(r.get("hardware"), str) and r["hardware"]:
            hw = (num(r.get("hardware_count"), lambda v: f"{v:g} x ") + str(r["hardware"])
                  + num(r.get("training_time_s"), lambda v: f", {v / 3600:.3g} h"))
        t.add_row(str(r["model"]), r["date"] if isinstance(r.get("date"), str) else "",
                  num(r.get("metric_value"), lambda v, m=r["metric"]: f"{v:g} {m}"),
                  num(r.get("error"), lambda v: f"{v:.4f}"),
                  num(r.get("flops_per_pass"), lambda v: f"{v:.3g}"),
                  num(r.get("params"), lambda v: f"{v:.3g}"), hw,
                  num(r.get("hardware_burden_flops"), lambda v: f"{v:.3g}"))
    out_console().print(t)


@data_app.command("validate")
@handle_errors
def validate_cmd(
    file: Path = typer.Argument(..., help="A CSV in the record schema.", dir_okay=False),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (problems too, with exit status 2)."),
) -> None:
    """Check a records CSV: columns, benchmarks, dates, scores, units, hardware, sources.

    Every problem is reported with file, row, column and what was expected; exit status 2 when
    there is any.

    Example: computelimits data validate my_models.csv
    """
    from ..errors import DataValidationError
    from ..schema import read_records

    try:
        df = read_records(file)
    except DataValidationError as exc:
        if not json_out:
            raise
        print_json({"file": str(file), "valid": False,
                    "problems": [dict(file=p.file, row=p.row, column=p.column, expected=p.expected,
                                      got=p.got) for p in exc.problems]})
        raise typer.Exit(2) from None
    by = df.groupby("benchmark").size().to_dict()
    info = {"file": str(file), "valid": True, "records": int(len(df)), "per_benchmark": by,
            "with_computation": int(df["flops_per_pass"].notna().sum()),
            "with_hardware_burden": int(df["hardware_burden_flops"].notna().sum())}
    if json_out:
        print_json(info)
        return
    out_console().print(
        f"ok: {file}: {info['records']} valid records ({', '.join(f'{k} {v}' for k, v in sorted(by.items()))}); "
        f"{info['with_computation']} with per-pass computation, {info['with_hardware_burden']} with "
        "hardware burden")


def _write_import(result, out: Path, force: bool, dropped_out: Path | None, json_out: bool, what: str) -> None:
    from ..importers._common import records_to_csv
    from ..io import atomic_write_text, check_writable

    check_writable(out, force=force)
    if dropped_out is not None:
        check_writable(dropped_out, force=force)
    records, dropped = result
    atomic_write_text(out, records_to_csv(records))
    if dropped_out is not None:
        atomic_write_text(dropped_out, records_to_csv(dropped))
    reasons = (dropped["reason"].str.replace(r":.*", "", regex=True).value_counts().sort_index()
               if len(dropped) else {})
    info = {"source": what, "out": str(out), "records": int(len(records)),
            "per_benchmark": records.groupby("benchmark").size().to_dict() if len(records) else {},
            "dropped": int(len(dropped)), "dropped_reasons": {k: int(v) for k, v in dict(reasons).items()},
            "dropped_out": None if dropped_out is None else str(dropped_out)}
    if json_out:
        print_json(info)
        return
    con = out_console()
    con.print(f"wrote {out}: {info['records']} records "
              f"({', '.join(f'{k} {v}' for k, v in sorted(info['per_benchmark'].items())) or 'none'})")
    if info["dropped"]:
        con.print(f"dropped {info['dropped']} rows or values"
                  + (f" (all listed in {dropped_out})" if dropped_out else " (use --dropped FILE for the list)")
                  + ":")
        for k, v in info["dropped_reasons"].items():
            con.print(f"  {v:6d}  {k}")


_OUT = typer.Option(..., "--out", "-o", help="CSV to write (refused if it exists, unless --force).",
                    dir_okay=False)
_FORCE = typer.Option(False, "--force", help="Overwrite --out (and --dropped) if they exist.")
_DROPPED = typer.Option(None, "--dropped", help="Also write the dropped rows with reasons to this CSV.",
                        dir_okay=False)
_BENCH = benchmark_option(multiple=True, help="Keep only this benchmark (repeatable).")
_JSON = typer.Option(False, "--json", help="Print a JSON summary.")


@import_app.command("epoch")
@handle_errors
def import_epoch_cmd(
    file: Path = typer.Argument(..., help="An Epoch AI models CSV (notable, all, large-scale, frontier).",
                                dir_okay=False),
    out: Path = _OUT, force: bool = _FORCE, dropped: Path = _DROPPED,
    benchmark: list[str] = _BENCH, json_out: bool = _JSON,
) -> None:
    """Epoch AI models -> compute-side records (dates, chips, chip counts, time, training FLOP).

    Epoch has no benchmark scores: metric_value is left empty for you to join. A row becomes a
    record when one benchmark's training data is named in 'Training dataset' (and matches its task).

    Example: computelimits data import epoch notable_ai_models.csv --out epoch.csv
    """
    from ..importers import import_epoch

    _write_import(import_epoch(file, benchmark or None), out, force, dropped, json_out, f"epoch {file}")


@import_app.command("pwc")
@handle_errors
def import_pwc_cmd(
    file: Path = typer.Argument(..., help="Papers with Code evaluation-tables JSON (.json or .json.gz), "
                                "or its long CSV.", dir_okay=False),
    out: Path = _OUT, force: bool = _FORCE, dropped: Path = _DROPPED,
    benchmark: list[str] = _BENCH, json_out: bool = _JSON,
) -> None:
    """Papers with Code leaderboards -> records (scores, dates, arXiv ids, parameters).

    Example: computelimits data import pwc evaluation-tables.json.gz --out pwc.csv
    """
    from ..importers import import_pwc

    _write_import(import_pwc(file, benchmark or None), out, force, dropped, json_out, f"pwc {file}")


@import_app.command("timm")
@handle_errors
def import_timm_cmd(
    results: Path = typer.Argument(..., help="timm results-imagenet.csv.", dir_okay=False),
    benchmark_file: Path = typer.Argument(..., metavar="BENCHMARK",
                                          help="timm benchmark-infer-*.csv with infer_gmacs.", dir_okay=False),
    out: Path = _OUT, force: bool = _FORCE, dropped: Path = _DROPPED,
    papers: Path = typer.Option(None, "--papers", help="Checkpoint -> paper mapping CSV (default: the "
                                "packaged timm_papers.csv).", dir_okay=False),
    json_out: bool = _JSON,
) -> None:
    """timm ImageNet results + multiply-adds -> records of checkpoints that are a paper's released weights.

    Example: computelimits data import timm results-imagenet.csv benchmark-infer-amp-nchw-pt291-cu128-4090.csv --out timm.csv
    """
    from ..importers import import_timm

    _write_import(import_timm(results, benchmark_file, papers), out, force, dropped, json_out,
                  f"timm {results}")
