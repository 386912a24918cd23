"""Shared CLI plumbing: one-line errors with exit status 2, JSON output, Rich consoles.

Only light imports here: ``computelimits --help`` must start fast.
"""

from __future__ import annotations

import functools
import json
import math
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from ..io import to_jsonable

F = TypeVar("F", bound=Callable[..., Any])

EXIT_BAD_INPUT = 2


def err_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def out_console():
    from rich.console import Console

    return Console(highlight=False)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    """Print one line ``error: message`` on stderr and exit with ``code``."""
    msg = " ".join(str(message).split()) if "\n" not in str(message) else str(message)
    sys.stderr.write(f"error: {msg}\n")
    raise typer.Exit(code)


def handle_errors(func: F) -> F:
    """Decorator: turn user errors into one clear line on stderr and exit status 2.

    :class:`~computelimits.errors.ComputeLimitsError` (bad CSV, unknown name, bad target...)
    and ``FileExistsError`` (output exists, no --force) are user errors. A
    :class:`~computelimits.errors.DataValidationError` prints its first problem on the first line
    and the rest (up to 20) below it.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from ..errors import ComputeLimitsError, DataValidationError

        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except DataValidationError as exc:
            lines = exc.report().splitlines()
            sys.stderr.write(f"error: {lines[0]}\n")
            for line in lines[1:]:
                sys.stderr.write(f"       {line}\n")
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except (ComputeLimitsError, FileExistsError) as exc:
            fail(str(exc))
        except FileNotFoundError as exc:
            fail(f"{exc.filename or exc}: no such file")
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def print_json(obj: Any) -> None:
    """Write ``obj`` as JSON (strict: NaN/inf as null) to stdout."""
    sys.stdout.write(json.dumps(to_jsonable(obj), indent=2, allow_nan=False) + "\n")


def parse_float(text: str | None, option: str) -> float | None:
    """Parse a numeric option ourselves, so a bad value is one clear line (exit 2).

    Accepts ``1e9``, ``1,000`` and ``1_000``; rejects NaN and infinity. ``None`` passes through.
    """
    if text is None:
        return None
    from ..errors import InputError

    try:
        value = float(str(text).replace(",", "").replace("_", "").strip())
    except ValueError:
        raise InputError(f"{option} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise InputError(f"{option} must be a finite number, got {text!r}")
    return value


def parse_int(text: str | None, option: str, minimum: int = 0) -> int | None:
    """Parse a whole-number option >= ``minimum``; ``None`` passes through."""
    if text is None:
        return None
    from ..errors import InputError

    try:
        value = int(str(text).replace(",", "").replace("_", "").strip())
    except ValueError:
        raise InputError(f"{option} must be a whole number >= {minimum}, got {text!r}") from None
    if value < minimum:
        raise InputError(f"{option} must be a whole number >= {minimum}, got {text!r}")
    return value


#: Figure formats the commands write (from the file's extension).
FIGURE_FORMATS = ("png", "pdf", "svg")


def check_figure_path(path, force: bool, option: str = "--plot"):
    """Check a figure's output path before any work is done: a known extension, and no existing
    file replaced without ``--force``. Returns the path as a :class:`pathlib.Path`."""
    from pathlib import Path

    from ..errors import InputError
    from ..io import check_writable

    target = Path(path)
    if target.suffix.lower().lstrip(".") not in FIGURE_FORMATS:
        raise InputError(f"{option}: expected a .png, .pdf or .svg file, got '{path}'")
    check_writable(target, force=force)
    return target


def write_figure(path, draw: Callable[[Any], Any], size=(6.4, 4.8)) -> None:
    """Draw on a new matplotlib ``Figure`` (no pyplot: no backend, no global state) with
    ``draw(ax)`` and write it atomically, in the format of the file's extension (150 dpi).
    Check the path first with :func:`check_figure_path`."""
    import io
    from pathlib import Path

    from matplotlib.figure import Figure

    from ..io import atomic_write_bytes

    target = Path(path)
    fig = Figure(figsize=size)
    draw(fig.add_subplot())
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format=target.suffix.lower().lstrip("."), dpi=150)
    atomic_write_bytes(target, buf.getvalue())
