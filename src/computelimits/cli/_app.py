"""The Typer application object shared by every command module.

Its group lists the commands in the order a reader meets them (the paper, the data, fitting,
your model, projections and costs, checks, the simulation), each with a one-line purpose; shows
no type placeholders (``<bool>``, ``<str>``) in the options; and turns the package's errors
raised while options are parsed (their callbacks) into one line on stderr and exit status 2.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup

#: Commands in the order ``computelimits --help`` lists them; others follow alphabetically.
COMMAND_ORDER: tuple[str, ...] = (
    "reproduce", "data", "benchmarks", "fit", "place", "flops", "training-compute", "project",
    "figure4", "cost", "burden", "hardware", "backtest", "progress", "sensitivity", "simulate",
)


def _first_sentence(text: str, limit: int = 100) -> str:
    """The first sentence of the first paragraph, cut at a clause if it is long."""
    para = " ".join(text.strip().split("\n\n")[0].split())
    i = para.find(". ")
    sentence = para if i < 0 else para[: i + 1]
    if len(sentence) <= limit:
        return sentence
    for sep in (": ", " (", ", "):
        j = sentence.find(sep, 20, limit)
        if j > 0:
            return sentence[:j] + "."
    return sentence


def _no_type(ctx) -> None:
    return None


def _tidy_params(params) -> None:
    for p in params:
        if getattr(p, "param_type_name", "") == "argument":
            p.display_type_rich = _no_type  # the argument's name already says what it is
            continue
        if getattr(p, "param_type_name", "") != "option" or p.metavar is not None:
            continue
        if getattr(p, "is_flag", False) or getattr(p, "count", False):
            p.metavar = ""
        else:
            long = next((o for o in p.opts if o.startswith("--")), p.opts[0])
            p.metavar = long.lstrip("-").upper().replace("-", "_")


def _tidy(cmd) -> None:
    """One-line purpose; metavars instead of ``<str>``/``<bool>`` type placeholders."""
    if getattr(cmd, "_computelimits_tidy", False):
        return
    if cmd.help and not cmd.short_help:
        cmd.short_help = _first_sentence(cmd.help)
    _tidy_params(cmd.params)
    original = cmd.format_help

    def format_help(ctx, formatter):
        _tidy_params(cmd.get_params(ctx))  # the help option is made when help is shown
        return original(ctx, formatter)

    cmd.format_help = format_help
    for sub in getattr(cmd, "commands", {}).values():
        _tidy(sub)
    cmd._computelimits_tidy = True


class CommandGroup(TyperGroup):
    """The root group: ordered commands, tidy help, package errors from option callbacks."""

    def list_commands(self, ctx) -> list[str]:
        names = list(super().list_commands(ctx))
        known = [n for n in COMMAND_ORDER if n in names]
        return known + sorted(n for n in names if n not in COMMAND_ORDER)

    def get_command(self, ctx, cmd_name):
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            _tidy(cmd)
        return cmd

    def format_help(self, ctx, formatter) -> None:
        _tidy_params(self.get_params(ctx))
        super().format_help(ctx, formatter)

    def invoke(self, ctx):
        from ..errors import ComputeLimitsError

        try:
            return super().invoke(ctx)
        except (ComputeLimitsError, FileExistsError, FileNotFoundError) as exc:
            from ._common import report_error

            report_error(exc)


app = typer.Typer(
    name="computelimits",
    cls=CommandGroup,
    help=(
        "How much computation deep learning spends per unit of progress, and what further "
        "progress would cost (Thompson et al., 'The Computational Limits of Deep Learning')."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        from .._version import __version__

        typer.echo(f"computelimits {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version_callback, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """How much computation deep learning spends per unit of progress, and what it would cost."""
