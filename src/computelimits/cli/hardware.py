"""``computelimits burden`` and ``computelimits hardware list|show``: the hardware table."""

from __future__ import annotations

import typer

from ._app import app
from ._common import handle_errors, out_console, parse_float, print_json

hardware_app = typer.Typer(
    help="The hardware table: peak FLOP/s per chip, TDP, release date, price (Epoch AI data).",
    no_args_is_help=True,
)
app.add_typer(hardware_app, name="hardware")


def _tflops(x: float) -> str:
    import math

    return "" if x is None or math.isnan(x) else f"{x / 1e12:,.2f}"


@app.command("burden")
@handle_errors
def burden_cmd(
    hardware: str = typer.Option(None, "--hardware", help="Chip name or alias: 'P100', 'Titan X', "
                                 "'TPUv3', 'Cloud TPU v3 Pod' (see `computelimits hardware list`)."),
    count: str = typer.Option(None, "--count", metavar="N",
                              help="Number of units of --hardware (chips; devices or pods for a "
                                   "multi-chip alias such as 'Cloud TPU v3')."),
    hours: str = typer.Option(None, "--hours", metavar="H", help="Training time in hours."),
    days: str = typer.Option(None, "--days", metavar="D", help="Training time in days."),
    seconds: str = typer.Option(None, "--seconds", metavar="S", help="Training time in seconds."),
    precision: str = typer.Option("paper", "--precision",
                                  help="Peak rate: paper (default: FP32, the paper's convention, "
                                       "or the matrix-unit rate of chips with no FP32 peak such "
                                       "as TPU v3), fp32, tensor (dense FP16/BF16 tensor cores), "
                                       "tensor-else-fp32, fp16, tf32 or best."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Hardware burden = processors x peak rate x time (paper section 3.2), in FLOPs.

    Example: computelimits burden --hardware P100 --count 8 --hours 84
    """
    from ..burden import burden_detail
    from ..errors import InputError

    if not hardware or not str(hardware).strip():
        raise InputError("--hardware is required (a chip name or alias, e.g. 'P100')")
    if count is None:
        raise InputError("--count is required (number of chips or units)")
    res = burden_detail(hardware, parse_float(count, "--count"), parse_float(seconds, "--seconds"),
                        hours=parse_float(hours, "--hours"), days=parse_float(days, "--days"),
                        precision=precision)
    if json_out:
        d = res.to_dict()
        print_json({k: d[k] for k in ("hardware", "name", "count", "chips_per_unit", "chips",
                                      "seconds", "precision", "peak_flops_per_chip",
                                      "rate_column", "rate_source", "burden_flops",
                                      "burden_gflops")})
        return
    unit = "" if res.chips_per_unit == 1 else f" ({res.chips:g} chips)"
    out_console().print(
        f"{res.count:g} x {res.name}{unit} = {res.chips:g} x {res.hardware} at "
        f"{res.peak_flops_per_chip / 1e12:.4g} TFLOP/s ({res.precision} convention: "
        f"{res.rate_column}) for {res.seconds / 3600:.4g} h\n"
        f"hardware burden = {res.burden_flops:.4g} FLOPs = {res.burden_gflops:.4g} GFLOPs\n"
        f"rate source: {res.rate_source}")


@hardware_app.command("list")
@handle_errors
def list_cmd(
    type_: str = typer.Option(None, "--type", help="Only this type (GPU, TPU, CPU, ...)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (every column)."),
) -> None:
    """List the chips of the hardware table with their peak rates (per chip)."""
    from ..errors import InputError
    from ..hardware import load_hardware

    df = load_hardware()
    if type_:
        types = sorted({t for t in df["type"] if t})
        keep = df["type"].str.lower() == type_.strip().lower()
        if not keep.any():
            raise InputError(f"no chips of type '{type_}'; types: {', '.join(types)}")
        df = df[keep]
    if json_out:
        print_json(df.to_dict("records"))
        return
    from rich.table import Table

    t = Table(title="Hardware (per chip, dense peak; Epoch AI data, CC BY 4.0)")
    for c, just in (("hardware", "left"), ("type", "left"), ("released", "left"),
                    ("FP32 TFLOP/s", "right"), ("tensor TFLOP/s", "right"), ("TDP W", "right"),
                    ("launch $", "right")):
        t.add_column(c, justify=just)
    for r in df.itertuples():
        t.add_row(r.hardware, r.type, r.release_date, _tflops(r.fp32_flops),
                  _tflops(r.tensor_flops), "" if r.tdp_w != r.tdp_w else f"{r.tdp_w:g}",
                  "" if r.launch_price_usd != r.launch_price_usd else f"{r.launch_price_usd:,.0f}")
    out_console().print(t)


@hardware_app.command("show")
@handle_errors
def show_cmd(
    name: str = typer.Argument(..., help="Chip name or alias."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one chip: every value with its source, aliases and caveats."""
    from ..hardware import VALUE_COLUMNS, get_hardware, resolve_hardware_unit

    canon, per_unit = resolve_hardware_unit(name)
    spec = get_hardware(canon)
    if json_out:
        print_json({"name": name, "chips_per_unit": per_unit, **spec.to_dict()})
        return
    from rich.table import Table

    t = Table(title=spec.hardware, show_header=True)
    t.add_column("field")
    t.add_column("value", justify="right")
    t.add_column("source")
    for c in VALUE_COLUMNS:
        v = getattr(spec, c)
        if isinstance(v, float):
            text = "" if v != v else (f"{v:.4g}" if c.endswith("_flops") else f"{v:g}")
        else:
            text = str(v or "")
        t.add_row(c, text, getattr(spec, f"{c}_source"))
    console = out_console()
    if per_unit != 1:
        console.print(f"'{name}' = {per_unit:g} x {spec.hardware}")
    console.print(t)
    if spec.aliases:
        console.print("aliases: " + ", ".join(spec.aliases))
    if spec.notes:
        console.print("notes: " + spec.notes)
