"""``computelimits project`` and ``computelimits figure4``: what reaching a target error would cost.

Projections of the computation, CO2 and dollars needed to reach target error rates, with
intervals (paper section 3.3, Figure 4).
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..intervals import DEFAULT_INTERVAL, get_interval
from . import _cost_options as co
from ._app import app
from ._common import (
    benchmark_option,
    bootstrap_option,
    check_figure_path,
    data_option,
    handle_errors,
    level_option,
    parse_float,
    parse_int,
    print_json,
    seed_option,
    write_figure,
    wrote,
)


def _constants_text(projection) -> str:
    c = projection.cost_per_flop
    if c is None:
        return ""
    lines = [f"Cost constants ({c.method}):"]
    for k, v in c.constants.items():
        rng = "" if v["low"] == v["high"] else f" (range {v['low']:.4g}-{v['high']:.4g})"
        lines.append(f"  {k} = {v['value']:.4g} {v['unit']}{rng}  [{v['citation']}]")
    return "\n".join(lines) + "\n"


@app.command("project")
@handle_errors
def project_cmd(
    target: list[str] = typer.Option(None, "--target", "-t", metavar="E",
                                     help="Target error rate: 0.05 or 5% (repeatable)."),
    benchmark: str = benchmark_option(),
    data: Path = data_option(),
    paper: bool = typer.Option(False, "--paper",
                               help="Use the paper's own coefficients (Table 3 polynomial, Table 4 "
                                    "exponential) and Figure 4's 'Today' instead of fitting data."),
    form: str = typer.Option("polynomial", "--form",
                             help="polynomial (Table 3), exponential (the paper's 1/error model, "
                                  "Table 4; the same model with and without --paper), "
                                  "error-linear (error linear in log C, Table 1 column 1) or "
                                  "polynomial-odds. With --paper: polynomial or exponential."),
    x: str = typer.Option("burden", "--x",
                          help="burden (hardware burden; costs need it) or per-pass."),
    anchor: str = typer.Option("paper", "--anchor",
                               help="paper: today's best model moved along the slope (Figure 4); "
                                    "regression: the fitted line."),
    interval: str = typer.Option(DEFAULT_INTERVAL, "--interval",
                                 help="fieller (default, as in the report) or bootstrap."),
    bootstrap: str = bootstrap_option(None, help="Bootstrap resamples of the fit (default 1000 "
                                                 "with --interval bootstrap)."),
    seed: str = seed_option(),
    level: str = level_option(),
    today_error: str = typer.Option(None, "--today-error", metavar="E",
                                    help="Override today's best error (default: lowest in the "
                                         "data)."),
    today_flops: str = typer.Option(None, "--today-flops", metavar="FLOPS",
                                    help="Override today's computation (FLOPs)."),
    cost: str = co.OPT_COST,
    chip: str = co.OPT_CHIP,
    precision: str = co.OPT_PRECISION,
    grid: str = co.OPT_GRID,
    pricing: str = co.OPT_PRICING,
    utilization: str = co.OPT_UTIL,
    pue: str = co.OPT_PUE,
    price: str = co.OPT_PRICE,
    carbon_intensity: str = co.OPT_CI,
    server_overhead: str = co.OPT_OVERHEAD,
    tdp_fraction: str = co.OPT_TDP_FRACTION,
    tdp: str = co.OPT_TDP,
    peak_flops: str = co.OPT_PEAK,
    power_per_chip: str = co.OPT_POWER,
    co2_per_kwh: str = co.OPT_CO2_KWH,
    fmt: str = typer.Option("text", "--format", help="Table format: text, markdown, latex, html."),
    plot: Path = typer.Option(None, "--plot", metavar="FILE",
                              help="Also write the extrapolation plot (PNG, SVG or PDF)."),
    force: bool = typer.Option(False, "--force", help="Overwrite --plot if it exists."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Computation, CO2 and dollars needed to reach target error rates, with intervals.

    Examples:

      computelimits project --paper -b imagenet -t 5% -t 1%

      computelimits project -b imagenet --data my_models.csv -t 0.05 --interval bootstrap --json

      computelimits project --paper -b squad11 -t 2% --cost hardware --chip A100 --grid France
    """
    from ..errors import InputError
    from ..projection import project

    if not target:
        raise InputError("give at least one --target error rate (e.g. -t 5%)")
    method, over = co.cost_settings(
        cost, chip=chip, precision=precision, grid=grid, pricing=pricing, utilization=utilization,
        pue=pue, usd_per_chip_hour=price, carbon_intensity_g_per_kwh=carbon_intensity,
        server_overhead=server_overhead, tdp_fraction=tdp_fraction, tdp_w=tdp,
        peak_flops_per_chip=peak_flops, power_per_chip_w=power_per_chip,
        co2_lbs_per_kwh=co2_per_kwh)
    lvl = parse_float(level, "--level")
    te = None
    if today_error is not None:
        from ..projection import parse_target

        te = parse_target(today_error)
    tf = parse_float(today_flops, "--today-flops")
    n_boot = parse_int(bootstrap, "--bootstrap")
    if plot is not None:
        check_figure_path(plot, force)
    if paper:
        from ..figure4 import paper_relation

        if data is not None:
            raise InputError("--paper uses the paper's coefficients; drop --data")
        if not benchmark:
            raise InputError("--paper needs --benchmark (imagenet, coco, squad11, conll2003, "
                             "wmt14-en-fr)")
        if x != "burden":
            raise InputError("--paper projects hardware burden (Tables 3-4); drop --x")
        from ..figure4 import FIGURE4_COLUMNS
        from ..fitting.forms import get_form

        spec = get_form(form)
        cols = {get_form(f).name: c for c, (_, f) in FIGURE4_COLUMNS.items()}
        if spec.name not in cols:
            raise InputError(f"--form with --paper must be one of the paper's Figure 4 forms "
                             f"({', '.join(cols)}); got {form!r}")
        result = paper_relation(benchmark, cols[spec.name])
        alternatives = {name: paper_relation(benchmark, c) for name, c in cols.items()
                        if name != spec.name}
    else:
        from ..fitting import fit

        if n_boot is None:
            n_boot = 1000 if get_interval(interval, "inverse").needs_draws else 0
        result = fit(str(data) if data is not None else None, benchmark=benchmark, x=x, form=form,
                     bootstrap=n_boot, seed=parse_int(seed, "--seed"))
        alternatives = True
    p = project(result, list(target), anchor=anchor.lower(), interval=interval.lower(),
                level=lvl, cost=method, today_error=te, today_flops=tf,
                alternatives=alternatives, **over)
    if plot is not None:
        from ..plotting.projection import plot_projection

        write_figure(plot, lambda ax: plot_projection(p, ax=ax))
    if json_out:
        d = p.to_dict()
        if plot is not None:
            d["plot"] = str(plot)
        print_json(d)
        return
    typer.echo(p.summary(fmt), nl=False)
    if fmt == "text":
        typer.echo(_constants_text(p), nl=False)
    if plot is not None:
        wrote(plot, "figure")


@app.command("figure4")
@handle_errors
def figure4_cmd(
    source: str = typer.Option("paper", "--source",
                               help="paper: the paper's Tables 3-4 coefficients (reproduces the "
                                    "printed figure); data: fit the data."),
    data: Path = data_option("CSV in the record schema for --source data (default: the "
                             "bundled dataset)."),
    benchmark: list[str] = benchmark_option(multiple=True, help="Benchmarks (repeatable; "
                                                                "default: Figure 4's five)."),
    target: list[str] = typer.Option(None, "--target", "-t", metavar="E",
                                     help="Targets for every benchmark (default: Figure 4's)."),
    anchor: str = typer.Option("paper", "--anchor", help="paper or regression (--source data)."),
    interval: str = typer.Option(DEFAULT_INTERVAL, "--interval",
                                 help="fieller (default) or bootstrap."),
    bootstrap: str = bootstrap_option(None, help="Bootstrap resamples (--source data, "
                                                 "--interval bootstrap; default 1000)."),
    seed: str = seed_option(),
    level: str = level_option(),
    cost: str = co.OPT_COST,
    chip: str = co.OPT_CHIP,
    precision: str = co.OPT_PRECISION,
    grid: str = co.OPT_GRID,
    pricing: str = co.OPT_PRICING,
    utilization: str = co.OPT_UTIL,
    pue: str = co.OPT_PUE,
    price: str = co.OPT_PRICE,
    carbon_intensity: str = co.OPT_CI,
    server_overhead: str = co.OPT_OVERHEAD,
    tdp_fraction: str = co.OPT_TDP_FRACTION,
    compare: bool = typer.Option(False, "--compare",
                                 help="Print each cell beside the printed one, with the range "
                                      "the paper's rounding allows (--source paper)."),
    fmt: str = typer.Option("text", "--format", help="text, markdown, latex, html or csv."),
    out: Path = typer.Option(None, "--out", "-o", metavar="FILE", help="Write to FILE."),
    force: bool = typer.Option(False, "--force", help="Overwrite --out."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON records."),
) -> None:
    """Figure 4: computation, CO2 and dollars to reach the paper's targets, for both forms.

    Examples:

      computelimits figure4

      computelimits figure4 --format latex --out figure4.tex

      computelimits figure4 --compare
    """
    from ..errors import InputError
    from ..figure4 import figure4_comparison, figure4_table
    from ..io import atomic_write_text, check_writable

    method, over = co.cost_settings(
        cost, chip=chip, precision=precision, grid=grid, pricing=pricing, utilization=utilization,
        pue=pue, usd_per_chip_hour=price, carbon_intensity_g_per_kwh=carbon_intensity,
        server_overhead=server_overhead, tdp_fraction=tdp_fraction)
    f = fmt.lower()
    if f not in ("text", "markdown", "md", "latex", "html", "csv"):
        raise InputError(f"--format must be text, markdown, latex, html or csv; got {fmt!r}")
    if out is not None:
        check_writable(out, force=force)
    if compare:
        if source.lower() != "paper":
            raise InputError("--compare sets the paper's coefficients beside the printed figure; "
                             "use it with --source paper")
        df = figure4_comparison(over if method == "strubell2019" else None)
        if json_out:
            print_json(df.to_dict("records"))
            return
        text = df.to_csv(index=False, lineterminator="\n") if f == "csv" else \
            df.to_string(index=False, formatters={"error": "{:.4g}".format},
                         float_format=lambda v: f"{v:.2f}") + "\n"
    else:
        n_boot = parse_int(bootstrap, "--bootstrap")
        if n_boot is None:
            n_boot = 1000 if get_interval(interval, "inverse").needs_draws else 0
        t = figure4_table(source, benchmarks=benchmark or None, targets=list(target) if target else None,
                          anchor=anchor.lower(), interval=interval.lower(),
                          level=parse_float(level, "--level"), cost=method,
                          data=str(data) if data is not None else None, bootstrap=n_boot,
                          seed=parse_int(seed, "--seed"), **over)
        if json_out:
            print_json(t.to_frame().to_dict("records"))
            return
        text = {"csv": t.to_csv, "markdown": t.to_markdown, "md": t.to_markdown,
                "latex": t.to_latex, "html": t.to_html, "text": t.to_text}[f]()
    if out is not None:
        atomic_write_text(out, text)
        typer.echo(f"wrote {out}")
    else:
        typer.echo(text, nl=False)
