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
    """List the benchmarks, the paper's nine and today's language-model benchmarks.

    The paper's nine with metric, error rule and training-set size, then the language-model
    benchmarks after 2020 with metric, answer format and chance floor."""
    from ..benchmarks import list_benchmarks

    paper, modern = list_benchmarks("paper"), list_benchmarks("modern")
    if json_out:
        print_json(paper.to_dict("records") + modern.to_dict("records"))
        return
    from rich.table import Table

    t = Table(title="The paper's benchmarks (paper section 6, Figure 6)")
    for c in ("benchmark", "name", "task", "metric", "error_description", "training_set_size",
              "training_set_unit"):
        t.add_column(c)
    for r in paper.itertuples():
        t.add_row(r.benchmark, r.name, r.task, r.metric, r.error_description,
                  f"{r.training_set_size:,.0f}", r.training_set_unit)
    con = out_console()
    con.print(t)
    m = Table(title="Language-model benchmarks after 2020 (computelimits.load_modern)")
    for c in ("benchmark", "name", "metric", "answer format", "chance floor"):
        m.add_column(c)
    for r in modern.itertuples():
        floor = "" if r.chance_floor != r.chance_floor else f"{r.chance_floor:g}"
        m.add_row(r.benchmark, r.name, r.metric, r.answer_format, floor or "none")
    con.print(m)
