"""The Figure 1 simulation: model complexity, regularisation, data and computation.

A sparse linear model ``y = theta^T x + z`` (``d`` isotropic Gaussian covariates, ``s`` non-zero
coefficients, Gaussian noise) is fitted by four models (oracle, expert, flexible least squares,
Lasso) at many sample sizes; performance is ``-log10`` of the normalised prediction MSE and
computation is the FLOPs of each fit. :func:`run_simulation` runs it (serially, in processes or
on Dask) and returns a :class:`SimulationResult` with the curves of Figure 1(a)/(b) and the
crossing table (the sample size at which each model matches the oracle at n = 15).

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2 and
Figure 1. See ``docs/simulation.md``.
"""

from __future__ import annotations

from .backends import BACKENDS, run_simulation
from .models import MODELS, PENALTIES, list_models, list_penalties
from .precision import PRECISIONS, list_precisions
from .results import CrossingTable, SimulationResult, paper_figure1
from .settings import DEFAULT_N, PAPER_SIMS, SimulationSettings

__all__ = [
    "BACKENDS",
    "CrossingTable",
    "DEFAULT_N",
    "MODELS",
    "PAPER_SIMS",
    "PENALTIES",
    "PRECISIONS",
    "SimulationResult",
    "SimulationSettings",
    "list_models",
    "list_penalties",
    "list_precisions",
    "paper_figure1",
    "run_simulation",
]
