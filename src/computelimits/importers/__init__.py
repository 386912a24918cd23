"""Importers for the public sources users have: Epoch AI, Papers with Code, timm.

Each importer is a function returning an :class:`ImportResult` ``(records, dropped)``: a table in
the record schema (:mod:`computelimits.schema`) with a ``*_source`` for every value, and a table of
what was dropped and why. The command line wraps them as ``computelimits data import epoch|pwc|timm``.

========================  =======================================================================
:func:`import_epoch`      Epoch AI model tables (compute side: dates, hardware, time, training FLOP)
:func:`import_pwc`        Papers with Code evaluation tables (scores, dates, some parameters/FLOPs)
:func:`import_timm`       timm ImageNet results + benchmark files (top-1/top-5, multiply-adds)
:func:`import_epoch_hub`  Epoch AI Benchmarking Hub export folder (language-model scores, compute)
========================  =======================================================================
"""

from __future__ import annotations

from ._common import ImportResult, records_to_csv
from .epoch import import_epoch, read_epoch
from .epoch_hub import diff_snapshots, import_epoch_hub
from .pwc import import_pwc, read_pwc
from .timm import import_timm, load_timm_papers, read_timm

__all__ = [
    "ImportResult",
    "import_epoch",
    "import_pwc",
    "import_timm",
    "import_epoch_hub",
    "diff_snapshots",
    "read_epoch",
    "read_pwc",
    "read_timm",
    "load_timm_papers",
    "records_to_csv",
    "IMPORTERS",
]

#: Importer name -> function (the ``data import`` sub-commands).
IMPORTERS = {"epoch": import_epoch, "pwc": import_pwc, "timm": import_timm, "epoch-hub": import_epoch_hub}
