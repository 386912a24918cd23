"""Load a user's PyTorch model from ``FILE.py:FACTORY`` (the ``flops`` and ``place`` commands).

The file is imported as a private module, its factory called, and the result checked to be a
:class:`torch.nn.Module`; every failure is an :class:`~computelimits.errors.InputError` naming the
file. FLOPs are counted by :mod:`computelimits.flops`.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import InputError, UnknownNameError

__all__ = ["load_factory", "load_model"]


def _split_spec(spec: str) -> tuple[Path, str]:
    text = str(spec).strip()
    if ":" not in text or text.endswith(":"):
        raise InputError(f"expected FILE.py:FACTORY (a Python file and the function that returns "
                         f"the model), got '{spec}'")
    path, attr = text.rsplit(":", 1)
    if not path or not attr.isidentifier():
        raise InputError(f"expected FILE.py:FACTORY with FACTORY a Python name, got '{spec}'")
    return Path(path).expanduser(), attr


def load_factory(spec: str) -> Callable[..., Any]:
    """The callable named by ``FILE.py:FACTORY``, imported from the file.

    The file is imported as a private module (not left in ``sys.modules``), with its folder on
    ``sys.path`` only while it is imported (so it can import its neighbours) and without writing
    bytecode caches beside it. Importing a file runs its code: load only files you trust.

    Raises
    ------
    InputError
        Bad spec, missing file, an exception while importing, or a factory that is not callable.
    UnknownNameError
        The file defines no such name (the callables it does define are suggested).
    """
    path, attr = _split_spec(spec)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.suffix != ".py":
        raise InputError(f"{path}: expected a Python file (.py)")
    resolved = path.resolve()
    name = "_computelimits_user_" + hashlib.sha1(str(resolved).encode()).hexdigest()[:12]
    mod_spec = importlib.util.spec_from_file_location(name, resolved)
    if mod_spec is None or mod_spec.loader is None:
        raise InputError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(mod_spec)
    folder = str(resolved.parent)
    old_bytecode = sys.dont_write_bytecode
    sys.modules[name] = module
    sys.path.insert(0, folder)
    sys.dont_write_bytecode = True
    try:
        mod_spec.loader.exec_module(module)
    except SystemExit as exc:
        raise InputError(f"{path}: the file called exit({exc.code}) while being imported") from None
    except Exception as exc:
        raise InputError(f"{path}: importing the file failed: {type(exc).__name__}: {exc}"
                         ) from None
    finally:
        sys.dont_write_bytecode = old_bytecode
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)
        sys.modules.pop(name, None)
    if not hasattr(module, attr):
        candidates = sorted(k for k, v in vars(module).items()
                            if callable(v) and not k.startswith("_")
                            and getattr(v, "__module__", None) == name)
        raise UnknownNameError(f"factory in {path}", attr, candidates)
    factory = getattr(module, attr)
    if not callable(factory):
        raise InputError(f"{path}: '{attr}' is a {type(factory).__name__}, not a function "
                         f"that returns a model")
    return factory


def load_model(spec: str, **factory_kwargs: Any):
    """Call the factory named by ``FILE.py:FACTORY`` and check it returns a ``torch.nn.Module``.

    Parameters
    ----------
    spec : str
        ``path/to/file.py:make_model``. The factory is called with ``factory_kwargs`` and must
        build the model locally (no weights or network access are needed to count FLOPs).

    Raises
    ------
    TorchNotInstalledError, InputError, UnknownNameError
    """
    from .flops import _import_torch

    torch = _import_torch()
    factory = load_factory(spec)
    try:
        model = factory(**factory_kwargs)
    except Exception as exc:
        raise InputError(f"{spec}: the factory raised {type(exc).__name__}: {exc}") from None
    if not isinstance(model, torch.nn.Module):
        raise InputError(f"{spec}: the factory returned {type(model).__name__}, "
                         f"expected a torch.nn.Module")
    return model
