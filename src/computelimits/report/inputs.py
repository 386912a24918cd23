"""The files a report is built from, named explicitly and recorded with their sha256.

Every figure and table of the report comes from a packaged file (the bundled dataset, the hardware
table, the paper's printed values, the extract of Epoch AI's notable-models table behind Figure 2a)
or from a file the user names (``reproduce(epoch_models=...)``, ``computelimits reproduce
--epoch-models FILE`` or ``$COMPUTELIMITS_EPOCH_MODELS``). Nothing is found by searching folders:
``manifest.json`` lists each input with its path, sha256 and licence, and which input fed each
figure.

Examples
--------
>>> from computelimits.report.inputs import resolve_input
>>> inp = resolve_input("epoch_models")
>>> inp.origin, inp.name, len(inp.sha256)
('bundled', 'epoch_training_compute.csv', 64)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["ReportInput", "resolve_input", "INPUTS", "EPOCH_MODELS_ENV"]

#: Environment variable the CLI reads for ``--epoch-models`` (a newer Epoch AI export).
EPOCH_MODELS_ENV = "COMPUTELIMITS_EPOCH_MODELS"

#: Inputs the report knows: key -> (package, packaged file, what it is, licence); the licence of a
#: file in ``computelimits.data`` is read from its manifest (``None`` here).
INPUTS: dict[str, tuple[str, str, str, str | None]] = {
    "models": ("computelimits.data", "models.csv",
               "the bundled dataset of models (error, computation, hardware burden)",
               None),
    "hardware": ("computelimits.data", "hardware.csv",
                 "peak rates and prices of chips (hardware burden, Figure 2a)",
                 None),
    "figure6": ("computelimits.data", "figure6.csv",
                "the paper's Figure 6 counts per benchmark", None),
    "paper_values": ("computelimits.reference", "paper_tables.csv",
                     "every number the paper prints (Tables 1-4, Figures 1 and 4, sections 3.1-3.2)",
                     "transcribed from the paper"),
    "published_progress": ("computelimits.reference", "published_progress.csv",
                           "published estimates of algorithmic progress",
                           "transcribed from the cited papers"),
    "epoch_models": ("computelimits.data", "epoch_training_compute.csv",
                     "Epoch AI's notable models with training compute (Figure 2a)",
                     None),
}


@dataclass(frozen=True)
class ReportInput:
    """One input file of the report.

    Attributes
    ----------
    key : str
        Its role (``"models"``, ``"epoch_models"``, ...).
    path : pathlib.Path
        Where it was read.
    sha256 : str
        sha256 of its bytes, as read.
    origin : str
        ``"bundled"`` (packaged with computelimits) or ``"given"`` (named by the user).
    description, licence : str
    """

    key: str
    path: Path
    sha256: str
    origin: str
    description: str
    licence: str

    @property
    def name(self) -> str:
        return self.path.name

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.name, "path": str(self.path) if self.origin == "given" else
                f"computelimits/{self.path.parent.name}/{self.name}", "sha256": self.sha256,
                "origin": self.origin, "description": self.description, "licence": self.licence}


def _packaged(package: str, name: str) -> Path:
    from importlib import resources

    p = resources.files(package).joinpath(name)
    if not p.is_file():
        raise InputError(f"packaged file {package}/{name} is missing; reinstall computelimits")
    return Path(str(p))


def resolve_input(key: str, path: str | Path | None = None) -> ReportInput:
    """The input ``key``: the packaged file, or ``path`` when given.

    Parameters
    ----------
    key : str
        One of :data:`INPUTS`.
    path : path, optional
        A file to use instead of the packaged one (e.g. a newer Epoch AI export).

    Raises
    ------
    InputError
        Unknown key, or ``path`` is not a readable file.
    """
    if key not in INPUTS:
        raise InputError(f"unknown report input '{key}'; known: {', '.join(INPUTS)}")
    package, name, description, licence = INPUTS[key]
    if licence is None:
        from ..datasets import load_manifest

        licence = load_manifest()["files"].get(name, {}).get("licence", "see data/manifest.json")
    if path is None:
        p, origin = _packaged(package, name), "bundled"
    else:
        p, origin = Path(path).expanduser(), "given"
        if not p.is_file():
            raise InputError(f"{p}: no such file (the {key.replace('_', ' ')} input)")
        if key == "epoch_models":
            licence = "see the file's source (Epoch AI exports: CC BY 4.0, credit: Epoch AI)"
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    return ReportInput(key=key, path=p, sha256=digest, origin=origin, description=description,
                       licence=licence)
