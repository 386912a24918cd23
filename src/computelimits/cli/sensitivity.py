"""``computelimits sensitivity``: how the language-model exponent moves with the rows fitted."""

from __future__ import annotations

import typer

from ._app import app
from ._common import (
    benchmark_option,
    handle_errors,
    level_option,
    parse_float,
    parse_int,
    print_json,
    seed_option,
)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip() for p in str(v).split(",") if p.strip())
    return out


@app.command("sensitivity")
@handle_errors
def sensitivity_cmd(
    benchmark: list[str] = benchmark_option(
        multiple=True, help="Language-model benchmarks, e.g. mmlu,gpqa-diamond (repeatable; "
                            "default: every one with 10 or more models with training compute)."),
    rule: list[str] = typer.Option(None, "--rule", "-r", metavar="NAMES",
                                   help="Selection rules (repeatable; default all: "
                                        "`--list-rules`)."),
    draws: str = typer.Option("200", "--draws", metavar="N",
                              help="Draws of the compute-uncertainty simulation."),
    seed: str = seed_option("Seed of the simulation."),
    level: str = level_option(),
    forms: bool = typer.Option(False, "--forms",
                               help="Also compare the functional forms (paper's, floor-normalised, "
                                    "logistic) per benchmark."),
    list_rules: bool = typer.Option(False, "--list-rules", help="List the selection rules and exit."),
    fmt: str = typer.Option("text", "--format", help="text, html or latex."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Implied exponent and compute-equivalent gain per year of language models on training
    compute, under named selection rules, with intervals and the number of models.

    Examples:

      computelimits sensitivity -b mmlu

      computelimits sensitivity -b mmlu,gpqa-diamond -r default,frontier,sample:epoch-hub --json

      computelimits sensitivity -b gpqa-diamond --forms
    """
    from ..sensitivity import SELECTION_RULES

    if list_rules:
        rows = [dict(rule=n, description=SELECTION_RULES.get(n).description)
                for n in SELECTION_RULES.names()]
        if json_out:
            print_json(rows)
        else:
            for r in rows:
                typer.echo(f"{r['rule']:32s} {r['description']}")
        return
    from ..presentation import check_format
    from ..sensitivity import sensitivity

    check_format(fmt)
    res = sensitivity(_split(benchmark) or None, _split(rule) or None,
                      draws=parse_int(draws, "--draws", minimum=2),
                      seed=parse_int(seed, "--seed"), level=parse_float(level, "--level"))
    comparisons = []
    if forms:
        from ..fitting import compare_forms

        comparisons = [compare_forms(benchmark=b, x="training")
                       for b in dict.fromkeys(res.table["benchmark"])]
    if json_out:
        out = {"level": res.level, "draws": res.draws, "seed": res.seed,
               "rows": res.to_frame().to_dict("records"), "notes": list(res.notes)}
        if forms:
            out["forms"] = [dict(benchmark=c.benchmark, preferred=c.preferred, rows=c.rows,
                                 left_out=c.left_out, table=c.to_frame().to_dict("records"))
                            for c in comparisons]
        print_json(out)
        return
    typer.echo(res.summary(fmt))
    for c in comparisons:
        typer.echo("")
        typer.echo(c.summary(fmt))
