"""``computelimits place``: where your model sits against a benchmark's computation trend."""

from __future__ import annotations

import typer

from ._app import app
from ._common import check_figure_path, handle_errors, parse_float, print_json, write_figure
from .flops import _count


@app.command("place")
@handle_errors
def place_cmd(
    benchmark: str = typer.Option(None, "--benchmark", "-b",
                                  help="Benchmark id or alias (see `computelimits benchmarks`)."),
    error: str = typer.Option(None, "--error", metavar="E",
                              help="Your model's error rate, a fraction in (0, 1)."),
    metric_value: str = typer.Option(None, "--metric-value", metavar="V",
                                     help="Or its score on the benchmark's metric (e.g. 80.1 for "
                                          "80.1% top-1), turned into an error."),
    flops: str = typer.Option(None, "--flops", metavar="C",
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
    count: str = typer.Option(None, "--count", metavar="N", help="Units of --hardware."),
    hours: str = typer.Option(None, "--hours", metavar="H", help="Training time in hours."),
    days: str = typer.Option(None, "--days", metavar="D", help="Training time in days."),
    x: str = typer.Option(None, "--x", help="per-pass (default) or burden (default with "
                                            "--hardware)."),
    form: str = typer.Option("polynomial", "--form",
                             help="Functional form of the trend: polynomial, exponential (the "
                                  "paper's 1/error model), error-linear, polynomial-odds."),
    data: str = typer.Option(None, "--data", metavar="CSV",
                             help="Records to fit the trend on (default: the bundled dataset)."),
    quantile: str = typer.Option(None, "--quantile", metavar="Q",
                                 help="Place against a quantile regression (e.g. 0.1, Figure 8)."),
    year: str = typer.Option(None, "--year", metavar="Y",
                             help="Your model's year: adds a year trend to the fit (Table 2)."),
    intercept: str = typer.Option(None, "--intercept", metavar="A",
                                  help="Place against given coefficients instead of a fit: "
                                       "intercept (with --slope)."),
    slope: str = typer.Option(None, "--slope", metavar="B", help="Slope, with --intercept."),
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
    from ..errors import InputError

    if not benchmark and intercept is None:
        raise InputError("--benchmark is required (e.g. --benchmark imagenet)")
    if plot is not None:
        check_figure_path(plot, force)
    sources = [s for s in (flops, model, hardware) if s is not None]
    if len(sources) != 1:
        raise InputError("give the computation once: --flops, --model (per pass) or --hardware "
                         "with --count and a time (burden)")
    if hardware is not None:
        if x not in (None, "burden"):
            raise InputError("--hardware gives a hardware burden: use --x burden (or omit --x)")
        x = "burden"
        from ..burden import burden_detail

        if count is None:
            raise InputError("--count is required with --hardware")
        c = burden_detail(hardware, parse_float(count, "--count"), hours=parse_float(hours, "--hours"),
                          days=parse_float(days, "--days")).burden_flops
    elif model is not None:
        if x not in (None, "per-pass"):
            raise InputError("--model gives FLOPs per pass: use --x per-pass (or omit --x)")
        x = "per-pass"
        c = _count(model, input_shape, dtype, "eval", False).forward_flops_per_example
    else:
        from ..units import to_flops

        c = to_flops(parse_float(flops, "--flops"), flops_unit)
    x = x or "per-pass"
    err = parse_float(error, "--error")
    mv = parse_float(metric_value, "--metric-value")
    if (err is None) == (mv is None):
        raise InputError("give exactly one of --error (a fraction) or --metric-value")

    if intercept is not None or slope is not None:
        from ..fitting.forms import get_x
        from ..placement import place_on_trend

        if intercept is None or slope is None:
            raise InputError("give both --intercept and --slope")
        if data is not None or quantile is not None:
            raise InputError("--intercept/--slope place against given coefficients; drop --data "
                             "and --quantile")
        bench = None
        if benchmark:
            from ..benchmarks import resolve_benchmark

            bench = resolve_benchmark(benchmark)
        if err is None:
            if bench is None:
                raise InputError("--metric-value needs --benchmark to turn it into an error")
            from ..benchmarks import metric_to_error

            err = float(metric_to_error(bench, mv))
        p = place_on_trend(err, c, intercept=parse_float(intercept, "--intercept"),
                           slope=parse_float(slope, "--slope"), form=form, x_unit=x_unit,
                           benchmark=bench, x=get_x(x).name, label=label)
    else:
        from ..placement import place

        p = place(benchmark, err, c, metric_value=mv, x=x, data=data, form=form,
                  include_extra_data=extra_data,
                  quantile=parse_float(quantile, "--quantile"), year=parse_float(year, "--year"),
                  label=label)
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
        typer.echo(f"figure written to {plot}")
