"""Safe output: atomic writes and refusal to overwrite what a user owns without ``force``."""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import ComputeLimitsError, InputError

__all__ = ["atomic_write_text", "atomic_write_bytes", "check_writable", "OutputExistsError",
           "to_jsonable"]


class OutputExistsError(ComputeLimitsError, FileExistsError):
    """The output exists and ``force`` was not given."""


def read_input_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a file the user gave us, or one clear :class:`~computelimits.errors.InputError`.

    A missing file, a folder, a file we may not read: each is one line naming the path, never a
    traceback.
    """
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a folder, expected a file") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied (cannot read the file)") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None


def check_writable(path: str | Path, force: bool = False, what: str = "file") -> Path:
    """Raise :class:`OutputExistsError` if ``path`` exists (a non-empty folder for folders).

    Parameters
    ----------
    path : str or Path
    force : bool
        Allow overwriting.
    what : {"file", "folder"}
    """
    p = Path(path)
    if force:
        return p
    if what == "folder":
        if p.exists() and (not p.is_dir() or any(p.iterdir())):
            raise OutputExistsError(f"{p} exists and is not empty; use --force to overwrite")
    elif p.exists():
        raise OutputExistsError(f"{p} exists; use --force to overwrite")
    return p


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return p


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Text version of :func:`atomic_write_bytes` (``\\n`` line endings)."""
    return atomic_write_bytes(path, text.encode(encoding))


def to_jsonable(obj: Any) -> Any:
    """Recursively convert numpy/pandas scalars and arrays to JSON types; NaN/inf become null."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover
        np = None  # type: ignore[assignment]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if np is not None:
        if isinstance(obj, np.ndarray):
            return [to_jsonable(v) for v in obj.tolist()]
        if isinstance(obj, np.generic):
            obj = obj.item()
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if obj is None or isinstance(obj, (str, int, bool)):
        return obj
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if hasattr(obj, "to_dict"):
        return to_jsonable(obj.to_dict())
    return str(obj)
