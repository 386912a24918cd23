"""Safe input and output: clean errors, atomic writes, umask permissions, folders we own.

Every file the package writes goes through :func:`atomic_write_bytes` (a temporary file beside the
target, renamed into place, with the permissions the user's umask gives a new file). Every
multi-file output (``reproduce --out``, ``simulate --out``) goes through :func:`output_folder`:
the whole set is written to a temporary sibling folder and swapped in at the end, so the folder
holds either the previous output or the complete new one, never a mix, whatever interrupts the
run. A folder we wrote carries a list of its files (:data:`OWNED_LIST`); ``force`` replaces such
a folder only when it holds nothing else, so a file the user put there is never deleted.

Problems with a path (a folder where a file is expected, a parent that is a file, no permission)
are one :class:`OutputError` naming the path, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import ComputeLimitsError, InputError

__all__ = ["atomic_write_text", "atomic_write_bytes", "check_writable", "OutputExistsError",
           "OutputError", "to_jsonable", "read_input_bytes", "open_input", "output_folder",
           "check_output_folder",
           "OWNED_LIST", "new_file_mode"]

#: File listing what we wrote in an output folder (relative paths), written last.
OWNED_LIST = ".computelimits-files.json"


class OutputExistsError(ComputeLimitsError, FileExistsError):
    """The output exists and ``force`` was not given (or it holds files we did not write)."""


class OutputError(ComputeLimitsError, OSError):
    """An output path that cannot be written (a folder, a parent that is a file, no permission)."""


def new_file_mode() -> int:
    """Permissions of a new file under the current umask (``0o666 & ~umask``)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _new_dir_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


def read_input_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a file the user gave us, or one clear :class:`~computelimits.errors.InputError`.

    A missing file, a folder, a file we may not read: each is one line naming the path, never a
    traceback.
    """
    with open_input(path) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise InputError(f"{Path(path)}: cannot read ({exc.strerror or exc})") from None


def open_input(path: str | os.PathLike):
    """A file the user gave us opened for binary reading (read it as a stream, without holding
    its bytes), or the one clear :class:`~computelimits.errors.InputError` of
    :func:`read_input_bytes`."""
    p = Path(path)
    try:
        fh = p.open("rb")
        if p.is_dir():  # some systems open a folder and fail on reading it
            fh.close()
            raise IsADirectoryError
        return fh
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a folder, expected a file") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied (cannot read the file)") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None


def _check_parent(p: Path) -> None:
    """Raise :class:`OutputError` unless ``p``'s parent is (or can become) a writable folder."""
    parent = p.parent
    probe = parent
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise OutputError(f"{p}: cannot write there: {probe} is a file, not a folder")
    if probe.exists() and not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"{p}: permission denied: cannot write in the folder {probe}")


def check_writable(path: str | Path, force: bool = False, what: str = "file") -> Path:
    """Check an output path before any work is done.

    Raises :class:`OutputExistsError` if ``path`` exists and ``force`` is false (for folders: a
    non-empty folder), and :class:`OutputError` if it cannot be written: a folder where a file
    is expected (or a file where a folder is), a parent that is a file, a folder without write
    permission.

    Parameters
    ----------
    path : str or Path
    force : bool
        Allow overwriting (a folder: see :func:`check_output_folder`).
    what : {"file", "folder"}
    """
    p = Path(path)
    if what == "folder":
        return check_output_folder(p, force=force)
    if p.is_dir():
        raise OutputError(f"{p} is a folder; expected a file name")
    _check_parent(p)
    if p.exists() and not force:
        raise OutputExistsError(f"{p} exists; use --force to overwrite")
    return p


def _owned_files(folder: Path) -> set[str] | None:
    """The files our list in ``folder`` names, or ``None`` when there is no readable list."""
    try:
        listed = json.loads((folder / OWNED_LIST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(listed, list):
        return None
    return {str(x) for x in listed} | {OWNED_LIST}


def _present_files(folder: Path) -> set[str]:
    return {str(q.relative_to(folder)) for q in folder.rglob("*") if not q.is_dir()}


def _foreign_files(folder: Path) -> list[str]:
    """Files in ``folder`` that our list does not name (all of them when there is no list)."""
    owned = _owned_files(folder) or set()
    return sorted(_present_files(folder) - owned)


def check_output_folder(path: str | Path, force: bool = False) -> Path:
    """Check a multi-file output folder before any work is done.

    Absent or empty: fine. Non-empty: refused without ``force``; with ``force``, accepted only if
    every file in it is one we wrote (listed in its :data:`OWNED_LIST`), so that replacing it
    deletes nothing the user put there.

    Raises
    ------
    OutputExistsError
        Non-empty without ``force``, or holding files we did not write.
    OutputError
        A file where the folder should be, a parent that is a file, no permission.
    """
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputError(f"{p} is a file; expected a folder name")
    _check_parent(p)
    if p.is_dir() and any(p.iterdir()):
        if not force:
            raise OutputExistsError(f"{p} exists and is not empty; use --force to replace an "
                                    "earlier output")
        foreign = _foreign_files(p)
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5
                                              else "")
            raise OutputExistsError(
                f"{p} holds files computelimits did not write ({shown}); --force replaces only an "
                "earlier output of ours: move them away or choose another folder")
        if not os.access(p, os.W_OK | os.X_OK):
            raise OutputError(f"{p}: permission denied: cannot replace the folder")
    return p


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, exchange = -100, 2
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), exchange)
    return rc == 0


def _remove_owned(folder: Path, owned: set[str]) -> None:
    """Delete the files of ``owned`` in ``folder`` and the folders left empty; anything else stays."""
    for rel in sorted(owned, reverse=True):
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
            (folder / rel).unlink()
    for d in sorted((q for q in folder.rglob("*") if q.is_dir()), key=lambda q: -len(q.parts)):
        with contextlib.suppress(OSError):
            d.rmdir()
    with contextlib.suppress(OSError):
        folder.rmdir()


@contextlib.contextmanager
def output_folder(path: str | Path, force: bool = False) -> Iterator[Path]:
    """Write a set of files all-or-nothing: yields a temporary sibling folder to write into,
    then swaps it in for ``path``.

    On success the folder gets a list of its files (:data:`OWNED_LIST`) and replaces ``path``
    in one step (an atomic exchange where the system has one), then the previous output is
    deleted file by file (only files it listed). On any exception, ``KeyboardInterrupt``
    included, the temporary folder is removed and ``path`` is untouched; a process killed
    outright leaves ``path`` as it was (plus a hidden ``.<name>.*.tmp`` sibling).

    ``path`` is checked again at the end: a folder that appeared or changed during the run is
    not replaced unless ``force`` and everything in it is ours; the new output is then kept
    beside it (``<name>.new-<time>``) and :class:`OutputExistsError` says where.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "results"
    >>> with output_folder(out) as tmp:
    ...     _ = atomic_write_text(tmp / "a.csv", "x\\n1\\n")
    >>> sorted(p.name for p in out.iterdir())
    ['.computelimits-files.json', 'a.csv']
    """
    out = Path(path)
    check_output_folder(out, force=force)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"{out}: cannot write in {out.parent} ({exc.strerror or exc})") from None
    try:
        os.chmod(tmp, _new_dir_mode())
        yield tmp
        files = sorted(_present_files(tmp))
        atomic_write_text(tmp / OWNED_LIST, json.dumps(files, indent=1) + "\n")
        _swap_in(tmp, out, force)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(tmp: Path, out: Path, force: bool) -> None:
    busy = out.is_dir() and any(out.iterdir())
    if out.exists() and not out.is_dir():
        busy = True
    if busy and (not force or (out.is_dir() and _foreign_files(out))):
        kept = out.with_name(f"{out.name}.new-{time.strftime('%Y%m%d-%H%M%S')}")
        tmp.rename(kept)
        why = ("files computelimits did not write appeared there during the run" if force
               else "it was created or filled during the run (use --force to replace an earlier "
                    "output)")
        raise OutputExistsError(f"{out} was not replaced: {why}; the new output is in {kept}")
    if out.is_dir():
        owned = _owned_files(out) or set()
        if _exchange(tmp, out):
            old = tmp  # after the exchange, tmp holds the previous output
        else:
            old = out.with_name(f".{out.name}.old-{int(time.time() * 1000)}")
            out.rename(old)
            tmp.rename(out)
        _remove_owned(old, owned)
        if old.exists():  # files that were not ours stay, in sight
            old.rename(out.with_name(f"{out.name}.kept-{time.strftime('%Y%m%d-%H%M%S')}"))
    else:
        tmp.rename(out)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    The file gets the permissions of a new file under the user's umask (not the 0600 of a
    temporary file). Raises :class:`OutputError` (one line naming the path) when the path
    cannot be written.
    """
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p} is a folder; expected a file name")
    _check_parent(p)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    except OSError as exc:
        raise OutputError(f"{p}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), new_file_mode())
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, ComputeLimitsError):
            raise OutputError(f"{p}: cannot write ({exc.strerror or exc})") from None
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
