"""Cost-model options shared by ``computelimits project``, ``figure4`` and ``cost``.

Values of constants are strings parsed by :meth:`computelimits.costs.Constant.override`: a number
(``0.4``) or a range (``0.3:0.5``). Only light imports here.
"""

from __future__ import annotations

import typer

HELP_RANGE = "a number or a range LOW:HIGH"

OPT_COST = typer.Option(None, "--cost",
                        help="Cost model: strubell2019 (the paper's conversions; the default), "
                             "hardware (a chip from the hardware table; the default with --chip) "
                             "or none.")
OPT_CHIP = typer.Option(None, "--chip", help="Price on this chip ('H100', 'A100', 'TPUv3' ...; "
                                             "see `computelimits hardware list`); implies --cost "
                                             "hardware.")
OPT_PRECISION = typer.Option(None, "--precision",
                             help="Peak rate of --chip: tensor-else-fp32 (default: the dense "
                                  "tensor rate, FP32 without tensor cores), fp32 (the paper's "
                                  "burden convention; utilization then defaults to 1), paper, "
                                  "tensor, fp16, tf32, best.")
OPT_GRID = typer.Option(None, "--grid", help="Grid carbon intensity for --cost hardware: world "
                                             "(default), a country ('France', 'USA'), a US state, "
                                             "a cloud region ('us-central1') or a zone key.")
OPT_PRICING = typer.Option(None, "--pricing",
                           help="Prices for --cost hardware: cloud (median on-demand, range incl. "
                                "commitments) or on-demand.")
OPT_UTIL = typer.Option(None, "--utilization", metavar="U",
                        help=f"Fraction of peak achieved ({HELP_RANGE}); default with --chip: "
                             "the median MFU of Epoch AI's runs (0.33), 1 with --precision fp32 "
                             "or --cost strubell2019 (hardware burden).")
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

    ``cost`` is the ``--cost`` value: ``None`` when not given (``strubell2019``, or ``hardware``
    when ``--chip`` is given), ``"none"`` for no cost. ``given`` maps constant/option names
    (``pue``, ``usd_per_chip_hour``, ``chip`` ...) to the strings typed (``None`` when absent).
    """
    from ..errors import InputError

    over = {k: v for k, v in given.items() if v is not None}
    if cost is None:
        method: str | None = "hardware" if "chip" in over else "strubell2019"
    elif str(cost).strip().lower() in ("none", ""):
        method = None
    else:
        method = str(cost).strip().lower()
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
        raise InputError("--cost hardware needs --chip (e.g. --chip H100)")
    return method, over
