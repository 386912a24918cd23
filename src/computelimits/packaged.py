"""Packaged data files: where they are, how to read them, and the manifest that describes them.

The lowest layer of the data modules: it imports nothing else of the package but the errors, so
every module that reads a packaged table (:mod:`computelimits.hardware`, :mod:`computelimits.costs`,
:mod:`computelimits.datasets`) can use it without an import cycle. Packaged CSVs live in
``computelimits/data`` and are read with :mod:`importlib.resources`; nothing is read at import
time. ``data/manifest.json`` records, for every file, its sha256, row count, description,
licence, sources and the script that builds it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from .errors import ComputeLimitsError

__all__ = ["MANIFEST", "packaged_path", "read_packaged_csv", "dataset_sha256", "sha256_bytes",
           "load_manifest", "verify_manifest"]

MANIFEST = "manifest.json"


def _data_root():
    from importlib import resources

    return resources.files("computelimits.data")


def packaged_path(name: str):
    """A :class:`importlib.resources.abc.Traversable` for a packaged data file."""
    p = _data_root().joinpath(name)
    if not p.is_file():
        raise ComputeLimitsError(f"packaged data file '{name}' is missing; reinstall computelimits")
    return p


def sha256_bytes(b: bytes) -> str:
    """Hex sha256 of ``b``."""
    return hashlib.sha256(b).hexdigest()


def dataset_sha256(name: str) -> str:
    """sha256 of a packaged file's bytes."""
    return sha256_bytes(packaged_path(name).read_bytes())


@cache
def load_manifest() -> dict[str, Any]:
    """The parsed ``manifest.json`` (files, sha256, licences, sources, column dictionaries)."""
    return json.loads(packaged_path(MANIFEST).read_text("utf-8"))


def verify_manifest() -> dict[str, bool]:
    """Check every packaged file against the sha256 in the manifest; returns ``{file: ok}``."""
    files = load_manifest().get("files", {})
    return {name: dataset_sha256(name) == meta.get("sha256") for name, meta in files.items()}


def read_packaged_csv(name: str, **kwargs):
    """Read a packaged CSV into a :class:`pandas.DataFrame` (``kwargs`` go to ``read_csv``)."""
    import io

    import pandas as pd

    raw = packaged_path(name).read_bytes()
    return pd.read_csv(io.BytesIO(raw), **kwargs)
