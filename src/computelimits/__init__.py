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
    "summarize_models": "datasets",
    "load_figure6": "datasets",
    "import_epoch": "importers",
    "import_pwc": "importers",
    "import_timm": "importers",
    "import_epoch_hub": "importers",
    "load_modern": "modern",
    "one_row_per_model": "modern",
    # hardware and burden
    "load_hardware": "hardware",
    "resolve_hardware": "hardware",
    "peak_flops": "hardware",
    "get_hardware": "hardware",
    "resolve_hardware_unit": "hardware",
    "load_hardware_prices": "hardware",
    "hardware_burden": "burden",
    "fill_hardware_burden": "burden",
    # fitting (scaling analysis) and the paper's printed values
    "fit": "fitting",
    "FitResult": "fitting",
    "compare_fits": "fitting",
    "comparison_table": "fitting",
    "fit_imputation": "fitting",
    "impute_flops_from_params": "fitting",
    "years_worth_10x": "fitting",
    "load_paper_values": "reference",
    # the Figure 1 simulation (section 2)
    "run_simulation": "simulation",
    "SimulationSettings": "simulation",
    "SimulationResult": "simulation",
    # your model against the trend: FLOPs, training compute, placement
    "count_flops": "flops",
    "FlopCount": "flops",
    "load_model": "model_loader",
    "register_cpu_attention_formulas": "flops",
    "training_compute": "training",
    "training_compute_from_hardware": "training",
    "TrainingCompute": "training",
    "place": "placement",
    "place_on_trend": "placement",
    "place_on_fit": "placement",
    "Placement": "placement",
    # projections and their costs (section 3.3, Figure 4)
    "project": "projection",
    "Projection": "projection",
    "relation_from_coefficients": "projection",
    "estimate_cost": "costs",
    "run_cost": "costs",
    "CostEstimate": "costs",
    "carbon_intensity": "costs",
    "load_carbon_intensity": "costs",
    "figure4_table": "figure4",
    "figure4_comparison": "figure4",
    # out-of-time validation and algorithmic progress (issue 9); the function
    # ``backtest`` is not listed: it would shadow the submodule computelimits.backtest
    "BacktestResult": "backtest",
    "algorithmic_progress": "progress",
    "ProgressResult": "progress",
    "progress_table": "progress",
    # the one-command reproduction of the paper (issue 7)
    "reproduce": "report",
    "ReproduceResult": "report",
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
