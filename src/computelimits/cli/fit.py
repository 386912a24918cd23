"""``computelimits fit``: regress error on computation for one benchmark (paper section 3.2, Tables 1-4)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import app
from ._common import handle_errors, parse_float, parse_int, print_json


@app.command("fit")
@handle_errors
def fit_cmd(
    benchmark: str = typer.Option(None, "--benchmark", "-b",
                                  help="Benchmark id or alias (imagenet, coco, squad11, conll2003, "
                                       "wmt14-en-fr ...); see `computelimits benchmarks`."),
    data: Path = typer.Option(None, "--data", metavar="FILE",
                              help="CSV in the record schema (default: the bundled dataset)."),
    x: str = typer.Option("per-pass", "--x",
                          help="Computation: per-pass (FLOPs of one network pass), burden "
                               "(hardware burden of training) or training (total training "
                               "compute, language models)."),
    form: str = typer.Option("polynomial", "--form",
                             help="polynomial: log10(error) ~ log10(C); exponential: 1/error ~ "
                                  "log10(C) (the paper's model, Table 4); error-linear: error ~ "
                                  "log10(C) (Table 1 column 1); polynomial-odds."),
    quantile: str = typer.Option(None, "--quantile", metavar="Q",
                                 help="Quantile regression at Q in (0, 1), e.g. 0.1 (Figure 8)."),
    year: bool = typer.Option(False, "--year", help="Add a year time trend (Table 2)."),
    robust: bool = typer.Option(False, "--robust", help="Heteroskedasticity-consistent standard errors."),
    cov_type: str = typer.Option("HC1", "--cov-type", help="HC0, HC1, HC2 or HC3 (with --robust)."),
    bootstrap: str = typer.Option("0", "--bootstrap", metavar="N",
                                  help="Pairs-bootstrap resamples; intervals become percentiles."),
    seed: str = typer.Option(None, "--seed", metavar="S", help="Seed of the bootstrap generator."),
    level: str = typer.Option("0.95", "--level", help="Confidence level."),
    exclude_imputed: bool = typer.Option(False, "--exclude-imputed",
                                         help="Leave out rows whose per-pass computation was "
                                              "imputed from parameters (Figure 7)."),
    extra_data: bool = typer.Option(True, "--extra-data/--no-extra-data",
                                    help="Include models trained on data beyond the benchmark's "
                                         "(JFT-300M, ImageNet-21k, Instagram ...; the dataset's "
                                         "extra_training_data column). --no-extra-data compares like "
                                         "with like."),
    impute: bool = typer.Option(False, "--impute",
                                help="Impute missing per-pass computation from parameters first."),
    x_unit: str = typer.Option("GFLOP", "--x-unit",
                               help="Unit of computation inside log10 (changes only the intercept)."),
    year_origin: str = typer.Option("0", "--year-origin",
                                    help="Year subtracted before the trend enters (intercept only)."),
    fmt: str = typer.Option("text", "--format", help="Summary format: text, html or latex."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Fit error against computation for one benchmark and print the slope, R^2 and implied exponent.

    Examples:

      computelimits fit --benchmark imagenet

      computelimits fit --data my_models.csv --x burden --form exponential --json

      computelimits fit -b imagenet --quantile 0.1 --bootstrap 1000 --seed 1
    """
    from ..fitting import fit

    res = fit(
        str(data) if data is not None else None,
        benchmark=benchmark,
        x=x,
        form=form,
        quantile=parse_float(quantile, "--quantile"),
        year=year,
        robust=cov_type if robust else False,
        bootstrap=parse_int(bootstrap, "--bootstrap"),
        seed=parse_int(seed, "--seed"),
        include_imputed=not exclude_imputed,
        level=parse_float(level, "--level"),
        x_unit=x_unit,
        year_origin=parse_float(year_origin, "--year-origin"),
        impute=impute,
        include_extra_data=extra_data,
    )
    if json_out:
        print_json(res.to_dict())
        return
    typer.echo(res.summary(fmt))
