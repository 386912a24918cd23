"""The Typer application object shared by every command module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="computelimits",
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
