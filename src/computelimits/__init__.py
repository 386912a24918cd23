"""computelimits: how much computation deep learning spends per unit of progress.

A toolkit implementing the system of Thompson, Greenewald, Lee and Manso, "The Computational
Limits of Deep Learning" (arXiv:2007.05558): an open dataset of models on the paper's benchmarks,
the regressions of error on computation, projections of the computation, energy, CO2 and dollars
needed to reach a target error, the Figure 1 simulation, and a one-command reproduction.

Public functions are imported lazily (``computelimits.load_models`` imports pandas only when
called), so importing the package and starting the CLI stay fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._version import __version__

# public name -> module that defines it
_LAZY: dict[str, str] = {
    # errors
    "ComputeLimitsError": "errors",
    "DataValidationError": "errors",
    "InputError": "errors",
    "UnknownNameError": "errors",
    # units, arXiv, benchmarks, schema
    "to_flops": "units",
    "from_flops": "units",
    "macs_to_flops": "units",
    "flops_to_macs": "units",
    "parse_arxiv": "arxiv",
    "arxiv_date": "arxiv",
    "list_benchmarks": "benchmarks",
    "get_benchmark": "benchmarks",
    "resolve_benchmark": "benchmarks",
    "metric_to_error": "benchmarks",
    "validate_records": "schema",
    "read_records": "schema",
    "column_dictionary": "schema",
    # data
    "load_models": "datasets",
    "list_datasets": "datasets",
    "load_manifest": "datasets",
    # hardware and burden
    "load_hardware": "hardware",
    "resolve_hardware": "hardware",
    "peak_flops": "hardware",
    "get_hardware": "hardware",
    "resolve_hardware_unit": "hardware",
    "load_hardware_prices": "hardware",
    "hardware_burden": "burden",
    "fill_hardware_burden": "burden",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'computelimits' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{mod}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
