"""Cost-model options shared by ``computelimits project``, ``figure4`` and ``cost``.

Values of constants are strings parsed by :meth:`computelimits.costs.Constant.override`: a number
(``0.4``) or a range (``0.3:0.5``). Only light imports here.
"""

from __future__ import annotations

import typer

HELP_RANGE = "a number or a range LOW:HIGH"

OPT_COST = typer.Option("strubell2019", "--cost",
                        help="Cost model: strubell2019 (the paper's conversions), hardware (a chip "
                             "from the hardware table) or none.")
OPT_CHIP = typer.Option(None, "--chip", help="Chip for --cost hardware ('V100', 'A100', 'TPUv3'"
                                             " ...; see `computelimits hardware list`).")
OPT_PRECISION = typer.Option(None, "--precision",
                             help="Peak rate of --chip: fp32 (the paper's), tensor, fp16, tf32.")
OPT_GRID = typer.Option(None, "--grid", help="Grid carbon intensity for --cost hardware: world "
                                             "(default), a country ('France', 'USA'), a US state, "
                                             "a cloud region ('us-central1') or a zone key.")
OPT_PRICING = typer.Option(None, "--pricing",
                           help="Prices for --cost hardware: cloud (median on-demand, range incl. "
                                "commitments) or on-demand.")
OPT_UTIL = typer.Option(None, "--utilization", metavar="U",
                        help=f"Fraction of peak achieved ({HELP_RANGE}); 1 for hardware burden.")
OPT_PUE = typer.Option(None, "--pue", help=f"Power usage effectiveness ({HELP_RANGE}).")
OPT_PRICE = typer.Option(None, "--price", metavar="USD",
                         help=f"Dollars per chip-hour ({HELP_RANGE}).")
OPT_CI = typer.Option(None, "--carbon-intensity", metavar="G",
                      help=f"gCO2e per kWh, --cost hardware ({HELP_RANGE}).")
OPT_OVERHEAD = typer.Option(None, "--server-overhead",
                            help=f"Server power over chip TDP, --cost hardware ({HELP_RANGE}).")
OPT_TDP_FRACTION = typer.Option(None, "--tdp-fraction",
                                help=f"Average power as a fraction of TDP ({HELP_RANGE}).")
OPT_TDP = typer.Option(None, "--tdp", metavar="W", help=f"Chip TDP in W ({HELP_RANGE}).")
OPT_PEAK = typer.Option(None, "--peak-flops", metavar="FLOPS",
                        help=f"Peak FLOP/s per chip ({HELP_RANGE}).")
OPT_POWER = typer.Option(None, "--power-per-chip", metavar="W",
                         help=f"Measured W per chip incl. host share, --cost strubell2019 "
                              f"({HELP_RANGE}).")
OPT_CO2_KWH = typer.Option(None, "--co2-per-kwh", metavar="LBS",
                           help=f"lbs CO2e per kWh, --cost strubell2019 ({HELP_RANGE}).")

_HARDWARE_ONLY = ("chip", "precision", "grid", "pricing", "carbon_intensity_g_per_kwh",
                  "server_overhead", "tdp_fraction", "tdp_w")
_STRUBELL_ONLY = ("power_per_chip_w", "co2_lbs_per_kwh")
_FLAGS = {"chip": "--chip", "precision": "--precision", "grid": "--grid", "pricing": "--pricing",
          "carbon_intensity_g_per_kwh": "--carbon-intensity",
          "server_overhead": "--server-overhead", "tdp_fraction": "--tdp-fraction",
          "tdp_w": "--tdp", "power_per_chip_w": "--power-per-chip",
          "co2_lbs_per_kwh": "--co2-per-kwh"}


def cost_settings(cost: str | None, **given) -> tuple[str | None, dict]:
    """``(method, overrides)`` from the CLI values; a clear error for options of another model.

    ``given`` maps constant/option names (``pue``, ``usd_per_chip_hour``, ``chip`` ...) to the
    strings typed (``None`` when absent).
    """
    from ..errors import InputError

    method = None if cost is None or str(cost).lower() in ("none", "") else str(cost).lower()
    over = {k: v for k, v in given.items() if v is not None}
    if method is None:
        if over:
            raise InputError(f"{_FLAGS.get(next(iter(over)), next(iter(over)))} needs a cost "
                             "model (--cost strubell2019 or hardware)")
        return None, {}
    wrong = _HARDWARE_ONLY if method != "hardware" else _STRUBELL_ONLY
    for k in over:
        if k in wrong:
            need = "hardware" if k in _HARDWARE_ONLY else "strubell2019"
            raise InputError(f"{_FLAGS[k]} applies to --cost {need}, not --cost {method}")
    if method == "hardware" and "chip" not in over:
        raise InputError("--cost hardware needs --chip (e.g. --chip V100)")
    return method, over
