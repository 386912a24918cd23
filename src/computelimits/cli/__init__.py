"""Command-line interface: a thin Typer + Rich layer over the public library functions.

Each command group lives in its own module in this package and registers itself on
:data:`computelimits.cli._app.app`. Modules are discovered, so adding a command never means
editing this file. Command modules import only ``typer`` at module level; the numerical stack is
imported inside the command functions, so ``computelimits --help`` starts fast.
"""

from __future__ import annotations

import importlib
import pkgutil

from ._app import app

__all__ = ["app", "main"]

_loaded = False


def _load_commands() -> None:
    global _loaded
    if _loaded:
        return
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True


def main() -> None:
    """Entry point of the ``computelimits`` console script."""
    _load_commands()
    app()


_load_commands()
