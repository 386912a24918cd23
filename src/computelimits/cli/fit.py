"""``computelimits fit``: regress error on computation for one benchmark (paper section 3.2, Tables 1-4)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import app
from ._common import (
    benchmark_option,
    bootstrap_option,
    check_figure_path,
    data_option,
    handle_errors,
    level_option,
    number_option,
    parse_float,
    print_json,
    seed_option,
    write_figure,
    wrote,
)


@app.command("fit")
@handle_errors
def fit_cmd(
    benchmark: str = benchmark_option(),
    data: Path = data_option(),
    x: str = typer.Option("per-pass", "--x",
                          help="Computation: per-pass (FLOPs of one network pass), burden "
                               "(hardware burden of training) or training (total training "
                               "compute, language models)."),
    form: str = typer.Option("polynomial", "--form",
                             help="polynomial: log10(error) ~ log10(C); exponential: 1/error ~ "
                                  "log10(C) (the paper's model, Table 4); error-linear: error ~ "
                                  "log10(C) (Table 1 column 1); polynomial-odds."),
    quantile: str = number_option(None, "--quantile", metavar="Q",
                                 help="Quantile regression at Q in (0, 1), e.g. 0.1 (Figure 8)."),
    year: bool = typer.Option(False, "--year", help="Add a year time trend (Table 2)."),
    robust: bool = typer.Option(False, "--robust", help="Heteroskedasticity-consistent standard errors."),
    cov_type: str = typer.Option("HC1", "--cov-type", help="HC0, HC1, HC2 or HC3 (with --robust)."),
    bootstrap: str = bootstrap_option(0, help="Pairs-bootstrap resamples (0: analytic "
                                              "intervals); the intervals become percentiles."),
    seed: str = seed_option(),
    level: str = level_option(),
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
    year_origin: str = number_option("0", "--year-origin",
                                    help="Year subtracted before the trend enters (intercept only)."),
    split_year: list[str] = typer.Option(None, "--split-year", metavar="YEAR",
                                         help="Also fit each period split at YEAR (decimal, e.g. "
                                              "2020.5 for July 2020; repeatable), beside the "
                                              "pooled fit and the fit with a year trend."),
    plot: Path = typer.Option(None, "--plot", metavar="FILE",
                              help="Draw the fit (the rows, the fitted line and its band; with "
                                   "--split-year one line per period): .png, .pdf or .svg."),
    force: bool = typer.Option(False, "--force", help="Overwrite --plot if it exists."),
    fmt: str = typer.Option("text", "--format", help="Summary format: text, html or latex."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Fit error against computation for one benchmark and print the slope, R^2 and implied exponent.

    Examples:

      computelimits fit --benchmark imagenet

      computelimits fit --data my_models.csv --x burden --form exponential --json

      computelimits fit -b imagenet --quantile 0.1 --bootstrap 1000 --seed 1

      computelimits fit -b imagenet --split-year 2020.5 --plot periods.png
    """
    from ..errors import InputError
    from ..fitting import fit, fit_periods

    options = dict(
        benchmark=benchmark,
        x=x,
        form=form,
        quantile=quantile,
        robust=cov_type if robust else False,
        bootstrap=bootstrap,
        seed=seed,
        include_imputed=not exclude_imputed,
        level=level,
        x_unit=x_unit,
        year_origin=year_origin,
        impute=impute,
        include_extra_data=extra_data,
    )
    if plot is not None:
        check_figure_path(plot, force)
    source = str(data) if data is not None else None
    if split_year:
        if year:
            raise InputError("--split-year already shows the fit with a year trend; drop --year")
        res = fit_periods(source, split_years=[parse_float(y, "--split-year") for y in split_year],
                          **options)
    else:
        res = fit(source, year=year, **options)
    if plot is not None:
        write_figure(plot, lambda ax: _draw(res, ax))
    if json_out:
        d = res.to_dict()
        if plot is not None:
            d["plot"] = str(plot)
        print_json(d)
        return
    typer.echo(res.summary(fmt))
    if plot is not None:
        wrote(plot, "figure")


def _draw(res, ax):
    """The fit, or for periods each period's fit beside the pooled line."""
    if hasattr(res, "periods"):
        from ..plotting.periods import plot_periods

        return plot_periods(res, ax=ax)
    from ..plotting.fits import plot_fit

    return plot_fit(res, ax=ax)
