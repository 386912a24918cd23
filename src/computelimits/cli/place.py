"""``computelimits place``: where your model sits against a benchmark's computation trend."""

from __future__ import annotations

from pathlib import Path

import typer

from ._app import app
from ._common import (
    benchmark_option,
    check_figure_path,
    data_option,
    handle_errors,
    number_option,
    print_json,
    write_figure,
    wrote,
)


@app.command("place")
@handle_errors
def place_cmd(
    benchmark: str = benchmark_option(),
    error: str = number_option(None, "--error", metavar="E",
                              help="Your model's error rate, a fraction in (0, 1)."),
    metric_value: str = number_option(None, "--metric-value", metavar="V",
                                     help="Or its score on the benchmark's metric (e.g. 80.1 for "
                                          "80.1% top-1), turned into an error."),
    flops: str = number_option(None, "--flops", metavar="C",
                              help="Computation: FLOPs per forward pass on one example (--x "
                                   "per-pass) or hardware burden (--x burden), in --flops-unit."),
    flops_unit: str = typer.Option("FLOP", "--flops-unit", help="Unit of --flops: FLOP, GFLOP, "
                                                                "MAC, GMAC ..."),
    model: str = typer.Option(None, "--model", metavar="FILE.py:FACTORY",
                              help="Count the per-pass FLOPs of this model instead of --flops."),
    input_shape: list[str] = typer.Option(None, "--input-shape", "-s", metavar="SHAPE",
                                          help="Input shape with --model (batch first)."),
    dtype: str = typer.Option("float32", "--dtype", help="Input dtype with --model."),
    hardware: str = typer.Option(None, "--hardware",
                                 help="Training chip: computes the hardware burden (--x burden)."),
    count: str = number_option(None, "--count", metavar="N", help="Units of --hardware."),
    hours: str = number_option(None, "--hours", metavar="H", help="Training time in hours."),
    days: str = number_option(None, "--days", metavar="D", help="Training time in days."),
    x: str = typer.Option(None, "--x", help="per-pass (default) or burden (default with "
                                            "--hardware)."),
    form: str = typer.Option("polynomial", "--form",
                             help="Functional form of the trend: polynomial, exponential (the "
                                  "paper's 1/error model), error-linear, polynomial-odds."),
    data: Path = data_option("Records to fit the trend on (default: the bundled dataset)."),
    quantile: str = number_option(None, "--quantile", metavar="Q",
                                 help="Place against a quantile regression (e.g. 0.1, Figure 8)."),
    year: str = number_option(None, "--year", metavar="Y",
                             help="Your model's year: adds a year trend to the fit (Table 2)."),
    intercept: str = number_option(None, "--intercept", metavar="A",
                                  help="Place against given coefficients instead of a fit: "
                                       "intercept (with --slope)."),
    slope: str = number_option(None, "--slope", metavar="B", help="Slope, with --intercept."),
    x_unit: str = typer.Option("GFLOP", "--x-unit",
                               help="Unit of computation inside log10 for --intercept/--slope "
                                    "(the paper's tables: GFLOP)."),
    extra_data: bool = typer.Option(True, "--extra-data/--no-extra-data",
                                    help="Include models trained on data beyond the benchmark's "
                                         "(JFT-300M, ImageNet-21k, Instagram ...; the dataset's "
                                         "extra_training_data column). --no-extra-data compares like "
                                         "with like."),
    label: str = typer.Option("your model", "--label", help="Name of your model."),
    plot: str = typer.Option(None, "--plot", metavar="FILE",
                             help="Write the figure (model over the scatter and trend): .png, "
                                  ".pdf, .svg."),
    force: bool = typer.Option(False, "--force", help="Overwrite --plot if it exists."),
    reference: bool = typer.Option(False, "--reference",
                                   help="With --json: include the reference models."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Place your model against the fitted trend of error on computation (paper section 3.2).

    Reports the error the trend predicts at your computation, the residual, its percentile among the benchmark's models, and the compute-equivalent gain: how many times more computation the trend needs to reach your error.

    Examples:

      computelimits place -b imagenet --error 0.2 --flops 4.1 --flops-unit GMAC

      computelimits place -b imagenet --metric-value 80.1 --model net.py:make -s 1,3,224,224 --plot me.png

      computelimits place -b squad11 --error 0.1 --hardware V100 --count 8 --days 3
    """
    from ..placement import model_computation, place

    if plot is not None:
        check_figure_path(plot, force)
    c, x = model_computation(
        flops=flops, flops_unit=flops_unit, model=model, input_shape=input_shape, dtype=dtype,
        hardware=hardware, count=count, hours=hours, days=days, x=x)
    p = place(benchmark, error, c, metric_value=metric_value, x=x, data=data, form=form,
              quantile=quantile, year=year, intercept=intercept, slope=slope, x_unit=x_unit,
              label=label, include_extra_data=extra_data)
    if plot is not None:
        from ..plotting.placement import plot_placement

        write_figure(plot, lambda ax: plot_placement(p, ax=ax), size=(6.4, 4.4))
    if json_out:
        d = p.to_dict(reference=reference)
        if plot is not None:
            d["plot"] = plot
        print_json(d)
        return
    typer.echo(p.summary())
    if plot is not None:
        wrote(plot, "figure")
