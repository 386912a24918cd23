"""``computelimits flops`` and ``computelimits training-compute``: your model's computation and cost."""

from __future__ import annotations

import typer

from ._app import app
from ._common import handle_errors, out_console, parse_float, print_json


def _range(text: str | None, option: str):
    """``"0.4"`` -> 0.4; ``"0.3:0.5"`` -> (0.3, 0.5); ``"0.4:0.3:0.5"`` -> (0.4, 0.3, 0.5)."""
    if text is None:
        return None
    parts = [p for p in str(text).split(":")]
    vals = [parse_float(p, option) for p in parts]
    if len(vals) == 1:
        return vals[0]
    if len(vals) in (2, 3):
        return tuple(vals)
    from ..errors import InputError

    raise InputError(f"{option}: expected a number, LOW:HIGH or VALUE:LOW:HIGH, got {text!r}")


def _count(spec: str, shapes: list[str] | None, dtype: str, mode: str, backward: bool):
    from ..errors import InputError
    from ..flops import count_flops, parse_shape
    from ..model_loader import load_model

    if not shapes:
        raise InputError("--input-shape is required (e.g. --input-shape 1,3,224,224; repeat it "
                         "for several inputs)")
    parsed = [parse_shape(s) for s in shapes]
    model = load_model(spec)
    return count_flops(model, input_shape=parsed, input_dtype=dtype, mode=mode, backward=backward)


_SHAPE_HELP = ("Shape of a random input, batch first: 1,3,224,224. Repeat for a model with "
               "several positional inputs.")


@app.command("flops")
@handle_errors
def flops_cmd(
    spec: str = typer.Argument(..., metavar="FILE.py:FACTORY",
                               help="A Python file and the function in it that returns the "
                                    "torch.nn.Module (built locally: no weights, no network)."),
    input_shape: list[str] = typer.Option(None, "--input-shape", "-s", metavar="SHAPE",
                                          help=_SHAPE_HELP),
    dtype: str = typer.Option("float32", "--dtype",
                              help="Input dtype: float32, float64, float16, bfloat16, int64 "
                                   "(token ids: zeros), int32."),
    mode: str = typer.Option("eval", "--mode", help="Run the model in eval or train mode."),
    backward: bool = typer.Option(True, "--backward/--no-backward",
                                  help="Also count the backward pass (one training step)."),
    depth: int = typer.Option(2, "--depth", min=0, help="Module depth of the breakdown table."),
    by: str = typer.Option("module", "--by", help="Breakdown by 'module' or 'operator'."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """FLOPs of a PyTorch model, counted by torch.utils.flop_counter (needs the torch extra).

    Reports forward FLOPs, multiply-adds, forward+backward FLOPs, per-example values (the paper's computation per network pass, section 3.2), a per-module breakdown and the operators that have no FLOP formula.

    Example: computelimits flops mymodel.py:make_model --input-shape 1,3,224,224
    """
    from ..errors import InputError

    if by not in ("module", "operator"):
        raise InputError(f"--by must be 'module' or 'operator', got '{by}'")
    fc = _count(spec, input_shape, dtype, mode, backward)
    if json_out:
        print_json(fc.to_dict())
        return
    from rich.table import Table

    con = out_console()
    typer.echo(fc.summary())
    df = fc.to_frame(by=by, depth=depth if by == "module" else None)
    t = Table(title=f"FLOPs by {by}" + (f" (depth <= {depth})" if by == "module" else ""))
    first = "module" if by == "module" else "operator"
    for c in (first, "forward FLOPs", "backward FLOPs", "forward share"):
        t.add_column(c, justify="left" if c == first else "right")
    for r in df.itertuples():
        name = ("  " * r.depth + r.module) if by == "module" else r.operator
        t.add_row(name, f"{r.forward_flops:,}", f"{r.backward_flops:,}",
                  f"{r.forward_share:.1%}" if r.forward_share == r.forward_share else "")
    con.print(t)


@app.command("training-compute")
@handle_errors
def training_compute_cmd(
    flops_per_pass: str = typer.Option(None, "--flops-per-pass", metavar="X",
                                       help="Forward FLOPs per example (in --flops-unit)."),
    flops_unit: str = typer.Option("FLOP", "--flops-unit",
                                   help="Unit of --flops-per-pass: FLOP, GFLOP, MAC, GMAC ..."),
    model: str = typer.Option(None, "--model", metavar="FILE.py:FACTORY",
                              help="Count the FLOPs per example of this model (torch extra)."),
    input_shape: list[str] = typer.Option(None, "--input-shape", "-s", metavar="SHAPE",
                                          help=_SHAPE_HELP + " With --model."),
    dtype: str = typer.Option("float32", "--dtype", help="Input dtype with --model."),
    examples: str = typer.Option(None, "--examples", metavar="N",
                                 help="Training examples per epoch."),
    epochs: str = typer.Option(None, "--epochs", metavar="E", help="Epochs (default 1)."),
    backward_factor: str = typer.Option(None, "--backward-factor", metavar="F",
                                        help="Backward FLOPs per forward FLOP (default 2: a "
                                             "training pass = 3 forward passes; measured with "
                                             "--model)."),
    hardware: str = typer.Option(None, "--hardware", help="Chip name or alias (hardware route)."),
    count: str = typer.Option(None, "--count", metavar="N", help="Number of --hardware units."),
    hours: str = typer.Option(None, "--hours", metavar="H", help="Training time in hours."),
    days: str = typer.Option(None, "--days", metavar="D", help="Training time in days."),
    seconds: str = typer.Option(None, "--seconds", metavar="S", help="Training time in seconds."),
    precision: str = typer.Option("fp32", "--precision",
                                  help="Peak rate of --hardware: fp32 (the paper's) or tensor ..."),
    utilization: str = typer.Option(None, "--utilization", metavar="U",
                                    help="Fraction of peak reached: 0.4, or a range 0.3:0.5. "
                                         "Hardware route: default 1 (= hardware burden); passes "
                                         "route: used for the cost (default 1: lower bounds)."),
    cost: str = typer.Option(None, "--cost",
                             help="Cost model: strubell2019 (default for passes), hardware "
                                  "(default for --hardware; needs --chip for passes), or none."),
    chip: str = typer.Option(None, "--chip", help="Chip of the 'hardware' cost model (passes "
                                                  "route)."),
    grid: str = typer.Option(None, "--grid", help="Grid carbon intensity ('world', 'us' ...) of "
                                                  "the 'hardware' cost model."),
    price: str = typer.Option(None, "--price", metavar="USD",
                              help="Price per chip-hour (or LOW:HIGH), overriding the model's."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Training compute and its cost: from FLOPs per pass x examples x epochs, or from hardware.

    Examples:

      computelimits training-compute --flops-per-pass 4.1 --flops-unit GMAC --examples 1281167 --epochs 90

      computelimits training-compute --model net.py:make --input-shape 1,3,32,32 --examples 50000 --epochs 200

      computelimits training-compute --hardware V100 --count 8 --hours 24 --utilization 0.3:0.5
    """
    from ..errors import InputError

    overrides: dict = {}
    if chip:
        overrides["chip"] = chip
    if grid:
        overrides["grid"] = grid
    if price is not None:
        overrides["usd_per_chip_hour"] = _range(price, "--price")
    cost_name = None if cost is not None and cost.strip().lower() == "none" else cost

    if hardware is not None:
        from ..training import training_compute_from_hardware

        if flops_per_pass is not None or model is not None:
            raise InputError("give either --hardware (with --count and a time) or "
                             "--flops-per-pass / --model, not both")
        if count is None:
            raise InputError("--count is required with --hardware")
        util = _range(utilization, "--utilization")
        res = training_compute_from_hardware(
            hardware, parse_float(count, "--count"), parse_float(seconds, "--seconds"),
            hours=parse_float(hours, "--hours"), days=parse_float(days, "--days"),
            utilization=1.0 if util is None else util, precision=precision,
            cost=None if cost is not None and cost_name is None else (cost_name or "hardware"),
            **overrides)
    else:
        from ..training import training_compute
        from ..units import to_flops

        if (flops_per_pass is None) == (model is None):
            raise InputError("give --flops-per-pass or --model (or --hardware, --count and a time)")
        if examples is None:
            raise InputError("--examples is required (training examples per epoch)")
        if model is not None:
            per_pass = _count(model, input_shape, dtype, "eval", True)
        else:
            per_pass = to_flops(parse_float(flops_per_pass, "--flops-per-pass"), flops_unit)
        if utilization is not None:
            overrides["utilization"] = _range(utilization, "--utilization")
        res = training_compute(
            per_pass, parse_float(examples, "--examples"),
            1.0 if epochs is None else parse_float(epochs, "--epochs"),
            backward_factor=parse_float(backward_factor, "--backward-factor"),
            cost=None if cost is not None and cost_name is None else (cost_name or "strubell2019"),
            **overrides)
    if json_out:
        print_json(res.to_dict())
        return
    typer.echo(res.summary())
