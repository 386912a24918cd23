"""``computelimits data``: the packaged dataset (list, show, validate) and importers for public sources."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import app
from ._common import benchmark_option, data_option, handle_errors, out_console, print_json, wrote

data_app = typer.Typer(
    help="The bundled datasets (the paper's benchmarks and language models): summary, records, "
         "validation, importers, snapshot diffs.",
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
    dataset: str = typer.Option("paper", "--dataset", help="'paper' (the paper's benchmarks) or 'modern' "
                                "(language models after 2020: MMLU, GPQA Diamond, ...)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Figure 6-style summary: papers, models, models with computation, with hardware burden, with both.

    The paper's Figure 6 counts are shown beside the dataset's (packaged dataset by default).
    With --dataset modern: per language-model benchmark, rows, models, models with a training
    compute and with a compute interval, open and closed models, first and last release.

    Example: computelimits data list --dataset modern
    """
    from ..datasets import summarize

    if dataset not in ("paper", "modern"):
        from ..errors import InputError

        raise InputError(f"--dataset must be 'paper' or 'modern', got {dataset!r}")
    if dataset == "modern":
        _list_modern(file, json_out)
        return

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


def _list_modern(file: Path | None, json_out: bool) -> None:
    from ..modern import summarize_modern

    s = summarize_modern(file)
    if json_out:
        print_json(s.to_dict("records"))
        return
    from rich.table import Table

    t = Table(title="Language models per benchmark (modern.csv; models = training runs)")
    for c in s.columns:
        t.add_column(c.replace("_", " "), justify="left" if c in ("benchmark", "first", "last") else "right")
    for r in s.to_dict("records"):
        t.add_row(*[("" if v is None else str(v)) for v in r.values()])
    out_console().print(t)


def _cell(v, f) -> str:
    """``f(v)`` for a table cell, blank for a missing value (None or NaN)."""
    return "" if v is None or (isinstance(v, float) and v != v) else f(v)


def _emit(df, out: Path | None, json_out: bool, with_sources: bool) -> bool:
    """Write the records shown to ``--out`` (CSV, every column) and print them as JSON with
    ``--json``; True when nothing is left to print (JSON was printed)."""
    if out is not None:
        from ..escaping import csv_text
        from ..io import atomic_write_text

        atomic_write_text(out, csv_text(df))
        wrote(out, f"{len(df)} records to")
    if json_out:
        cols = [c for c in df.columns if with_sources or not c.endswith("_source")]
        print_json(df[cols].to_dict("records"))
    return json_out


def _show_modern(b: str, file: Path | None, rule: str, limit: int, with_sources: bool,
                 json_out: bool, out: Path | None = None) -> None:
    from ..modern import load_modern, one_row_per_model

    if file is None:
        df = load_modern(b, rule=rule)
    else:
        from ..schema import read_records

        df = read_records(file)
        df = one_row_per_model(df[df["benchmark"] == b], rule)
    df = df.sort_values(["date", "model"], kind="mergesort", na_position="last").reset_index(drop=True)
    if limit:
        df = df.head(limit)
    if _emit(df, out, json_out, with_sources):
        return
    from rich.table import Table

    t = Table(title=f"{b}: {len(df)} records, one-row-per-model rule '{rule}' (oldest first)")
    for c, j in (("model", "left"), ("date", "left"), ("score", "right"), ("shots", "right"),
                 ("training FLOP", "right"), ("interval", "right"), ("method", "left"), ("source", "left")):
        t.add_column(c, justify=j)
    for r in df.to_dict("records"):
        lo, hi = r.get("training_compute_low_flops"), r.get("training_compute_high_flops")
        iv = "" if lo is None or lo != lo else f"{lo:.2g}-{hi:.2g}"
        t.add_row(str(r["model"]), r["date"] if isinstance(r.get("date"), str) else "",
                  _cell(r.get("metric_value"), lambda v: f"{v:.3f}"), _cell(r.get("shots"), str),
                  _cell(r.get("training_compute_flops"), lambda v: f"{v:.3g}"), iv,
                  _cell(r.get("training_compute_method"), str), _cell(r.get("dataset"), str))
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
    rule: str = typer.Option("preferred", "--rule", help="Language-model benchmarks: one-row-per-model rule "
                             "(preferred, best, all)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (every column)."),
    out: Path = typer.Option(None, "--out", "-o", metavar="FILE",
                             help="Also write the records shown (every column) to this CSV."),
    force: bool = typer.Option(False, "--force", help="Overwrite --out if it exists."),
) -> None:
    """The records of one benchmark, oldest first.

    Examples:

      computelimits data show -b imagenet --limit 20

      computelimits data show -b imagenet --out imagenet.csv

      computelimits data show -b mmlu --rule all
    """
    from ..benchmarks import get_benchmark, resolve_benchmark
    from ..errors import InputError

    if (benchmark_arg is None) == (benchmark is None):
        raise InputError("give the benchmark once: `data show imagenet` or `data show -b imagenet`")
    if out is not None:
        from ..io import check_writable

        check_writable(out, force=force)
    b = resolve_benchmark(benchmark or benchmark_arg)
    if get_benchmark(b).group == "modern":
        _show_modern(b, file, rule, limit, with_sources, json_out, out)
        return
    df = _records(file, None if all_metrics else "primary")
    df = df[df["benchmark"] == b].sort_values(["year", "model"], kind="mergesort").reset_index(drop=True)
    if limit:
        df = df.head(limit)
    if _emit(df, out, json_out, with_sources):
        return
    from rich.table import Table

    t = Table(title=f"{b}: {len(df)} records (oldest first)")
    for c, j in (("model", "left"), ("date", "left"), ("score", "right"), ("error", "right"),
                 ("FLOPs/pass", "right"), ("params", "right"), ("training hardware", "left"),
                 ("burden FLOPs", "right")):
        t.add_column(c, justify=j)
    for r in df.to_dict("records"):
        hw = ""
        if isinstance(r.get("hardware"), str) and r["hardware"]:
            hw = (_cell(r.get("hardware_count"), lambda v: f"{v:g} x ") + str(r["hardware"])
                  + _cell(r.get("training_time_s"), lambda v: f", {v / 3600:.3g} h"))
        t.add_row(str(r["model"]), r["date"] if isinstance(r.get("date"), str) else "",
                  _cell(r.get("metric_value"), lambda v, m=r["metric"]: f"{v:g} {m}"),
                  _cell(r.get("error"), lambda v: f"{v:.4f}"),
                  _cell(r.get("flops_per_pass"), lambda v: f"{v:.3g}"),
                  _cell(r.get("params"), lambda v: f"{v:.3g}"), hw,
                  _cell(r.get("hardware_burden_flops"), lambda v: f"{v:.3g}"))
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
            "with_hardware_burden": int(df["hardware_burden_flops"].notna().sum()),
            "with_training_compute": int(df["training_compute_flops"].notna().sum())}
    if json_out:
        print_json(info)
        return
    out_console().print(
        f"ok: {file}: {info['records']} valid records ({', '.join(f'{k} {v}' for k, v in sorted(by.items()))}); "
        f"{info['with_computation']} with per-pass computation, {info['with_hardware_burden']} with "
        f"hardware burden, {info['with_training_compute']} with training compute")


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


@import_app.command("epoch-hub")
@handle_errors
def import_epoch_hub_cmd(
    folder: Path = typer.Argument(..., help="An Epoch AI Benchmarking Hub export folder (benchmark_data/).",
                                  file_okay=False),
    out: Path = _OUT, force: bool = _FORCE, dropped: Path = _DROPPED,
    benchmark: list[str] = _BENCH, json_out: bool = _JSON,
) -> None:
    """Epoch AI Benchmarking Hub export -> language-model records (scores, release dates, training
    compute with the interval its note states, method, 6ND parameters and tokens).

    Each file's score column is read by name (EM, mean_score, Challenge score, ...); files of
    benchmarks not in the registry are listed as skipped.

    Example: computelimits data import epoch-hub benchmark_data/ --out hub.csv
    """
    from ..importers import import_epoch_hub

    _write_import(import_epoch_hub(folder, benchmark or None), out, force, dropped, json_out,
                  f"epoch-hub {folder}")


@data_app.command("diff")
@handle_errors
def diff_cmd(
    old: Path = typer.Argument(..., help="The older hub export folder.", file_okay=False),
    new: Path = typer.Argument(..., help="The newer hub export folder.", file_okay=False),
    out: Path = typer.Option(None, "--out", "-o", help="Also write every change to this CSV.", dir_okay=False),
    force: bool = _FORCE,
    json_out: bool = _JSON,
) -> None:
    """Rows added, removed and changed between two Epoch AI Benchmarking Hub snapshots.

    Rows are matched by the hub's record id (by model version in files without one); a changed row
    is listed once per changed cell.

    Example: computelimits data diff benchmark_data_2026-03/ benchmark_data_2026-04/ --out changes.csv
    """
    from ..importers import diff_snapshots
    from ..importers._common import records_to_csv
    from ..io import atomic_write_text, check_writable

    if out is not None:
        check_writable(out, force=force)
    d = diff_snapshots(old, new)
    rows = d[d["change"].isin(["added", "removed", "changed"])]
    per_file = []
    for f, g in d.groupby("file", sort=True):
        ch = g[g["change"] == "changed"]
        per_file.append(dict(file=f, added=int((g["change"] == "added").sum()),
                             removed=int((g["change"] == "removed").sum()),
                             changed_rows=int(ch["key"].nunique()), changed_cells=len(ch),
                             file_change=next((c for c in g["change"] if c.startswith("file")), "")))
    if out is not None:
        atomic_write_text(out, records_to_csv(d))
    info = {"old": str(old), "new": str(new), "added": int((rows["change"] == "added").sum()),
            "removed": int((rows["change"] == "removed").sum()),
            "changed_rows": int(rows[rows["change"] == "changed"][["file", "key"]].drop_duplicates().shape[0]),
            "changed_cells": int((rows["change"] == "changed").sum()),
            "files": per_file, "out": None if out is None else str(out)}
    if json_out:
        print_json(info)
        return
    from rich.table import Table

    t = Table(title=f"{old} -> {new}: {info['added']} rows added, {info['removed']} removed, "
                    f"{info['changed_rows']} changed ({info['changed_cells']} cells)")
    for c in ("file", "added", "removed", "changed rows", "changed cells", "file"):
        t.add_column(c, justify="left" if c == "file" else "right")
    for r in per_file:
        if r["added"] or r["removed"] or r["changed_rows"] or r["file_change"]:
            t.add_row(r["file"], str(r["added"]), str(r["removed"]), str(r["changed_rows"]),
                      str(r["changed_cells"]), r["file_change"])
    out_console().print(t)
