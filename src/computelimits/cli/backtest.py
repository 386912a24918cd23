"""``computelimits backtest`` and ``computelimits progress``: how well the projections hold up."""

from __future__ import annotations

from pathlib import Path

import typer

from ..intervals import DEFAULT_INTERVAL
from ._app import app
from ._common import (
    benchmark_option,
    bootstrap_option,
    check_figure_path,
    data_option,
    handle_errors,
    level_option,
    parse_int,
    print_json,
    seed_option,
    write_figure,
)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip() for p in str(v).split(",") if p.strip())
    return out


def _numbers(values: list[str] | None, option: str, kind=float) -> list:
    from ..errors import InputError

    out = []
    for p in _split(values):
        try:
            x = float(p)
        except ValueError:
            raise InputError(f"{option}: expected numbers separated by commas, got {p!r}") from None
        if x != x or x in (float("inf"), float("-inf")):
            raise InputError(f"{option}: expected finite numbers, got {p!r}")
        if kind is int:
            if x != int(x):
                raise InputError(f"{option}: expected whole years such as 2015, got {p!r}")
            x = int(x)
        out.append(x)
    return out


@app.command("backtest")
@handle_errors
def backtest_cmd(
    benchmark: str = benchmark_option(),
    data: Path = data_option("Records to backtest on (default: the bundled dataset)."),
    x: str = typer.Option("per-pass", "--x", help="Computation: per-pass or burden."),
    cutoffs: list[str] = typer.Option(None, "--cutoffs", "-c", metavar="YEARS",
                                      help="Cut-off years, e.g. 2015,2016,2017 (repeatable). "
                                           "Default: every year with --min-train models up "
                                           "to it and --min-test after it."),
    variants: list[str] = typer.Option(None, "--variants", "-v", metavar="NAMES",
                                       help="Variants, e.g. polynomial-mean-paper,"
                                            "polynomial-mean-regression (repeatable; default "
                                            "the 16 of the polynomial and exponential forms: "
                                            "`--list-variants`)."),
    levels: str = typer.Option("0.8,0.95", "--levels", help="Interval levels."),
    interval: str = typer.Option(DEFAULT_INTERVAL, "--interval",
                                 help="fieller (OLS prediction intervals, inverted by Fieller's "
                                      "method for the computation needed) or bootstrap."),
    bootstrap: str = bootstrap_option(200, help="Resamples per fit with --interval bootstrap "
                                                "(one fit per cut-off and variant)."),
    seed: str = seed_option(),
    min_train: str = typer.Option("10", "--min-train", metavar="N",
                                  help="Models needed up to a cut-off."),
    min_test: str = typer.Option("3", "--min-test", metavar="N",
                                 help="Models needed after a cut-off."),
    horizon: str = typer.Option(None, "--horizon", metavar="YEARS",
                                help="Forecast only models at most this many years ahead."),
    by: str = typer.Option(None, "--by", help="Also score per 'cutoff' or per 'lead'."),
    exclude_imputed: bool = typer.Option(False, "--exclude-imputed",
                                         help="Drop rows whose FLOPs were imputed."),
    forecasts_csv: str = typer.Option(None, "--forecasts-csv", metavar="FILE",
                                      help="Write every forecast (one row per variant, cut-off "
                                           "and model) to a CSV file."),
    plot: str = typer.Option(None, "--plot", metavar="FILE",
                             help="Write forecast vs actual with intervals: .png, .pdf, .svg."),
    plot_variant: str = typer.Option(None, "--plot-variant",
                                     help="Variant to plot (default: the paper's)."),
    plot_kind: str = typer.Option("error", "--plot-kind", help="error or flops."),
    force: bool = typer.Option(False, "--force", help="Overwrite output files."),
    with_forecasts: bool = typer.Option(False, "--with-forecasts",
                                        help="With --json: include every forecast."),
    list_variants: bool = typer.Option(False, "--list-variants",
                                       help="List the variants and exit."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Rolling-origin backtest: fit on models up to each cut-off year, forecast later ones.

    For every later model it forecasts (a) its error from its computation and (b) the
    computation needed to reach its error, and reports the error of the point forecasts and
    the coverage of the 80% and 95% prediction intervals, per variant (form x estimator x
    anchoring x year trend).

    Examples:

      computelimits backtest -b imagenet

      computelimits backtest -b imagenet -c 2016,2018,2020 -v polynomial-mean-paper --json

      computelimits backtest --data mine.csv -b imagenet --plot backtest.png
    """
    from ..errors import InputError

    if list_variants:
        from ..backtest import DEFAULT_VARIANTS, VARIANTS

        rows = [dict(variant=n, form=VARIANTS.get(n).form,
                     estimator=VARIANTS.get(n).estimator, anchor=VARIANTS.get(n).anchor,
                     year_trend=VARIANTS.get(n).year, default=n in DEFAULT_VARIANTS,
                     description=VARIANTS.get(n).description)
                for n in VARIANTS.names()]
        if json_out:
            print_json(rows)
        else:
            for r in rows:
                mark = "*" if r["default"] else " "
                typer.echo(f"{mark} {r['variant']:36s} {r['description']}")
            typer.echo("* backtested by default")
        return
    if not benchmark and data is None:
        raise InputError("--benchmark is required (e.g. --benchmark imagenet)")
    if by not in (None, "cutoff", "lead"):
        raise InputError(f"--by: expected 'cutoff' or 'lead', got {by!r}")
    if plot_kind not in ("error", "flops"):
        raise InputError(f"--plot-kind: expected 'error' or 'flops', got {plot_kind!r}")
    cut = _numbers(cutoffs, "--cutoffs", int) or None
    lv = _numbers([levels], "--levels")
    var = _split(variants) or None
    from pathlib import Path

    from ..io import check_writable

    if forecasts_csv is not None:
        check_writable(Path(forecasts_csv), force=force)
    if plot is not None:
        check_figure_path(plot, force)

    from ..backtest import backtest

    res = backtest(data, benchmark=benchmark, x=x, cutoffs=cut, variants=var, levels=lv,
                   interval=interval, n_boot=parse_int(bootstrap, "--bootstrap", 1),
                   seed=parse_int(seed, "--seed"), min_train=parse_int(min_train, "--min-train", 3),
                   min_test=parse_int(min_test, "--min-test", 1),
                   horizon=parse_int(horizon, "--horizon", 1), include_imputed=not exclude_imputed)
    if plot is not None:
        from ..plotting.backtest import plot_backtest

        write_figure(plot, lambda ax: plot_backtest(res, plot_variant, kind=plot_kind, ax=ax))
    if forecasts_csv is not None:
        from ..escaping import csv_text
        from ..io import atomic_write_text

        atomic_write_text(forecasts_csv, csv_text(res.forecasts))
    if json_out:
        d = res.to_dict(forecasts=with_forecasts)
        if by is not None:
            d[f"scores_by_{by}"] = res.scores(by=by).to_dict("records")
        if plot is not None:
            d["plot"] = plot
        if forecasts_csv is not None:
            d["forecasts_csv"] = forecasts_csv
        print_json(d)
        return
    typer.echo(res.summary())
    if by is not None:
        s = res.scores(by=by)
        cols = ["variant", by, "n_forecasts", "mae_error"] + \
            [c for c in s.columns if c.startswith("coverage") and not c.endswith("flops")] + \
            ["n_frontier", "mae_log10_flops"]
        typer.echo("")
        typer.echo(s[cols].to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    if plot is not None:
        typer.echo(f"figure written to {plot}")
    if forecasts_csv is not None:
        typer.echo(f"forecasts written to {forecasts_csv}")


@app.command("progress")
@handle_errors
def progress_cmd(
    benchmark: str = benchmark_option(),
    data: Path = data_option(),
    x: str = typer.Option("per-pass", "--x", help="Computation: per-pass or burden."),
    form: str = typer.Option("polynomial", "--form", help="Functional form of the fit."),
    level: str = level_option(),
    interval: str = typer.Option(DEFAULT_INTERVAL, "--interval",
                                 help="fieller (default), delta or bootstrap."),
    bootstrap: str = bootstrap_option(help="Resamples with --interval bootstrap."),
    seed: str = seed_option(),
    exclude_imputed: bool = typer.Option(False, "--exclude-imputed",
                                         help="Drop rows whose FLOPs were imputed."),
    plot: str = typer.Option(None, "--plot", metavar="FILE",
                             help="Write the comparison of doubling times: .png, .pdf, .svg."),
    force: bool = typer.Option(False, "--force", help="Overwrite --plot."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Algorithmic progress as computation: how much less computation a fixed error needs
    each year (from the year trend of Table 2), with an interval, compared with the paper's
    "3 years is worth 10x" and published estimates.

    Examples:

      computelimits progress -b imagenet

      computelimits progress -b imagenet --interval bootstrap --seed 1 --json
    """
    from ..errors import InputError

    if not benchmark and data is None:
        raise InputError("--benchmark is required (e.g. --benchmark imagenet)")
    lv = _numbers([level], "--level")
    if len(lv) != 1:
        raise InputError(f"--level: expected one number in (0, 1), got {level!r}")
    if plot is not None:
        check_figure_path(plot, force)
    from ..progress import algorithmic_progress

    p = algorithmic_progress(data, benchmark, x=x, form=form, level=lv[0], interval=interval,
                             bootstrap=parse_int(bootstrap, "--bootstrap", 1),
                             seed=parse_int(seed, "--seed"), include_imputed=not exclude_imputed)
    if plot is not None:
        from ..plotting.backtest import plot_progress

        write_figure(plot, lambda ax: plot_progress(p, ax=ax), size=(7.0, 3.6))
    if json_out:
        d = p.to_dict()
        if plot is not None:
            d["plot"] = plot
        print_json(d)
        return
    typer.echo(p.summary())
    if plot is not None:
        typer.echo(f"figure written to {plot}")
