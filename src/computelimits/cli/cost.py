"""``computelimits cost``: chip-hours, energy, CO2 and dollars of an amount of computation or a run."""

from __future__ import annotations

import typer

from . import _cost_options as co
from ._app import app
from ._common import handle_errors, parse_float, print_json


@app.command("cost")
@handle_errors
def cost_cmd(
    flops: list[str] = typer.Option(None, "--flops", metavar="F",
                                    help="Computation in FLOPs, e.g. 1e23 (repeatable)."),
    hardware: str = typer.Option(None, "--hardware",
                                 help="A real run: chip name or alias (with --count and --hours)."),
    count: str = typer.Option(None, "--count", metavar="N", help="Chips (or units) of the run."),
    hours: str = typer.Option(None, "--hours", metavar="H", help="Training time in hours."),
    cost: str = typer.Option(None, "--cost",
                             help="Cost model: strubell2019 (default with --flops), hardware "
                                  "(default with --hardware or --chip)."),
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
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Chip-hours, energy (kWh), CO2 (kg, lbs) and dollars, each with the range of its constants.

    Examples:

      computelimits cost --flops 1e23

      computelimits cost --flops 1e23 --chip H100 --grid France

      computelimits cost --flops 1e23 --chip H100 --precision fp32 --utilization 1

      computelimits cost --hardware P100 --count 8 --hours 84 --cost strubell2019 --power-per-chip 189.43
    """
    from ..costs import estimate_cost, run_cost
    from ..errors import InputError

    run = hardware is not None or count is not None or hours is not None
    if run and flops:
        raise InputError("give either --flops or a run (--hardware, --count, --hours), not both")
    if not run and not flops:
        raise InputError("give --flops F, or a run: --hardware CHIP --count N --hours H")
    if run:
        if not (hardware and count is not None and hours is not None):
            raise InputError("a run needs --hardware, --count and --hours")
        if chip is not None:
            raise InputError("with --hardware the chip is the run's; drop --chip")
    if run and cost is None:
        cost = "hardware"
    run_chip = hardware if cost is not None and cost.strip().lower() == "hardware" else None
    method, over = co.cost_settings(
        cost, chip=run_chip if run else chip,
        precision=precision, grid=grid,
        pricing=pricing, utilization=utilization, pue=pue, usd_per_chip_hour=price,
        carbon_intensity_g_per_kwh=carbon_intensity, server_overhead=server_overhead,
        tdp_fraction=tdp_fraction, tdp_w=tdp, peak_flops_per_chip=peak_flops,
        power_per_chip_w=power_per_chip, co2_lbs_per_kwh=co2_per_kwh)
    if method is None:
        raise InputError("--cost none: nothing to estimate")
    if run:
        over.pop("chip", None)
        util = over.pop("utilization", 1.0)
        est = run_cost(hardware, parse_float(count, "--count"), parse_float(hours, "--hours"), util,
                       method=method, **over)
    else:
        values = [parse_float(f, "--flops") for f in flops]
        est = estimate_cost(values if len(values) > 1 else values[0], method, **over)
    if json_out:
        print_json(est.to_dict())
        return
    typer.echo(est.summary())
