"""``computelimits benchmarks``: the benchmark registry."""

from __future__ import annotations

import typer

from ._app import app
from ._common import handle_errors, out_console, print_json


@app.command("benchmarks")
@handle_errors
def benchmarks_cmd(
    json_out: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the paper's benchmarks: metric, direction, error rule, training-set size."""
    from ..benchmarks import list_benchmarks

    df = list_benchmarks()
    if json_out:
        print_json(df.to_dict("records"))
        return
    from rich.table import Table

    t = Table(title="Benchmarks (paper section 6, Figure 6)")
    for c in ("benchmark", "name", "task", "metric", "error_description", "training_set_size",
              "training_set_unit"):
        t.add_column(c)
    for r in df.itertuples():
        t.add_row(r.benchmark, r.name, r.task, r.metric, r.error_description,
                  f"{r.training_set_size:,.0f}", r.training_set_unit)
    out_console().print(t)
