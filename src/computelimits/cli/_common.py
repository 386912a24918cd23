"""Shared CLI plumbing: one-line errors with exit status 2, JSON output, Rich consoles, and the
options every command shares, declared once (:func:`benchmark_option`, :func:`data_option`,
:func:`seed_option`, :func:`level_option`, :func:`bootstrap_option`).

Numbers are parsed by the options' callbacks, which raise the package's own
:class:`~computelimits.errors.InputError`; the application's group turns it into one line on
stderr and exit status 2 (see :mod:`computelimits.cli._app`).

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
        from ..errors import ComputeLimitsError

        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except (ComputeLimitsError, FileExistsError, FileNotFoundError) as exc:
            report_error(exc)
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def report_error(exc: BaseException) -> None:
    """Print a user error as :func:`handle_errors` does and exit with status 2."""
    from ..errors import DataValidationError

    if isinstance(exc, DataValidationError):
        lines = exc.report().splitlines()
        sys.stderr.write(f"error: {lines[0]}\n")
        for line in lines[1:]:
            sys.stderr.write(f"       {line}\n")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if isinstance(exc, FileNotFoundError) and not isinstance(exc, FileExistsError):
        fail(f"{exc.filename or exc}: no such file")
    fail(str(exc))


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


def wrote(path, what: str = "") -> None:
    """Say where a file was written (on stderr, so that ``--json`` output stays clean)."""
    sys.stderr.write(f"wrote {what + ' ' if what else ''}{path}\n")


# ------------------------------------------------------------------------------------------
# Shared options: declared once, the same name, type and default in every command.

#: Seed of every random generator a command uses (bootstrap, simulation): results are
#: reproducible by default; give another seed for another draw.
SEED_DEFAULT = 0
#: Resamples for percentile (bootstrap) intervals, where a command's interval is a bootstrap.
BOOTSTRAP_DEFAULT = 1000
#: Confidence level of every interval.
LEVEL_DEFAULT = 0.95

BENCHMARK_HELP = ("Benchmark id or alias (imagenet, coco, squad11, conll2003, wmt14-en-fr ...; "
                  "see `computelimits benchmarks`).")


def _parse_seed(value):
    if value is None or isinstance(value, int):
        return value
    return parse_int(value, "--seed")


def _parse_level(value):
    if value is None or isinstance(value, float):
        return value
    from ..errors import InputError

    v = parse_float(value, "--level")
    if not 0 < v < 1:
        raise InputError(f"--level must be in (0, 1), e.g. 0.95; got {value!r}")
    return v


def _parse_bootstrap(value):
    if value is None or isinstance(value, int):
        return value
    from ..errors import InputError
    from ..fitting.core import MAX_BOOTSTRAP  # one limit for the library and the CLI

    n = parse_int(value, "--bootstrap")
    if n > MAX_BOOTSTRAP:
        raise InputError(f"--bootstrap must be a number of resamples between 0 and "
                         f"{MAX_BOOTSTRAP:,}; got {value!r}")
    return n


def _check_data(value):
    if value is None:
        return None
    from pathlib import Path

    from ..errors import InputError

    p = Path(value)
    if not p.exists():
        raise InputError(f"{p}: no such file (--data)")
    if p.is_dir():
        raise InputError(f"{p} is a folder; --data expects a CSV file")
    try:
        with open(p, "rb"):
            pass
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc}) (--data)") from None
    return p


def benchmark_option(*, multiple: bool = False, help: str | None = None):
    """``--benchmark/-b NAME`` (repeatable when ``multiple``)."""
    text = help or BENCHMARK_HELP
    if multiple and "repeatable" not in text:
        text += " Repeatable."
    return typer.Option(None, "--benchmark", "-b", metavar="NAME", help=text)


def data_option(help: str | None = None, aliases: tuple[str, ...] = ()):
    """``--data FILE``: a CSV in the record schema; checked to exist and be readable."""
    return typer.Option(None, "--data", *aliases, metavar="FILE", callback=_check_data,
                        help=help or "CSV in the record schema (default: the bundled dataset).")


def seed_option(help: str | None = None):
    """``--seed N`` (default :data:`SEED_DEFAULT`), parsed to an int >= 0."""
    return typer.Option(str(SEED_DEFAULT), "--seed", metavar="N", callback=_parse_seed,
                        help=help or "Seed of the random generator: the same seed gives the same "
                                     "numbers.")


def level_option(help: str | None = None):
    """``--level P`` (default :data:`LEVEL_DEFAULT`), parsed to a float in (0, 1)."""
    return typer.Option(str(LEVEL_DEFAULT), "--level", metavar="P", callback=_parse_level,
                        help=help or "Confidence level of the intervals.")


def bootstrap_option(default: int | None = BOOTSTRAP_DEFAULT, help: str | None = None):
    """``--bootstrap N`` resamples, parsed to an int in [0, ``fitting.core.MAX_BOOTSTRAP``]."""
    return typer.Option(None if default is None else str(default), "--bootstrap", metavar="N",
                        callback=_parse_bootstrap,
                        help=help or "Bootstrap resamples for percentile intervals.")


def number_option(default: str | None, *names: str, metavar: str = "X", help: str = ""):
    """A numeric option parsed by its callback (:func:`parse_float`: ``1e9``, ``1,000``; finite)
    into a float; a bad value is the package's :class:`~computelimits.errors.InputError`."""
    option = next(n for n in names if n.startswith("--"))

    def parse(value):
        return value if value is None or isinstance(value, float) else parse_float(value, option)

    return typer.Option(default, *names, metavar=metavar, callback=parse, help=help)
