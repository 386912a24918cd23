"""The working state of one replication, and the settings its models and precisions read.

:class:`ReplicationData` is what the models (:mod:`computelimits.simulation.models`) and the
precisions (:mod:`computelimits.simulation.precision`) fit from; the engine
(:mod:`computelimits.simulation.engine`) fills it. :class:`ReplicationSettings` lists the settings
they read; :class:`~computelimits.simulation.settings.SimulationSettings` satisfies it. Both live
here, below the models, so that the settings can validate model and penalty names against the
registries without the registries importing the settings back.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2 and
Figure 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

__all__ = ["ReplicationData", "ReplicationSettings"]


class ReplicationSettings(Protocol):
    """The simulation settings the models and precisions read (read-only).

    :class:`~computelimits.simulation.settings.SimulationSettings` documents each attribute.
    """

    @property
    def n(self) -> tuple[int, ...]: ...

    @property
    def d(self) -> int: ...

    @property
    def s(self) -> int: ...

    @property
    def sigma(self) -> float: ...

    @property
    def penalty(self) -> str: ...

    @property
    def penalty_c(self) -> float: ...

    @property
    def penalty_value(self) -> float | None: ...

    @property
    def cv_folds(self) -> int: ...

    @property
    def cv_alphas(self) -> int: ...

    @property
    def cv_eps(self) -> float: ...

    @property
    def n_max(self) -> int: ...


@dataclass
class ReplicationData:
    """Mutable working state of one replication (what the models fit from).

    Attributes
    ----------
    settings : SimulationSettings
        The run's settings (typed as the :class:`ReplicationSettings` the fits read).
    rep : int
        Replication index.
    theta : ndarray, shape (d,)
        True coefficients.
    stats : PrefixStats or MixedPrefixStats
        Running ``X^T X``, ``X^T y``, ``y^T y`` of the rows drawn so far.
    X : ndarray or None
        The first rows of the design, kept as far as the fits need them (``float64``: the
        minimum-norm fits; ``mixed``: every row, for refinement).
    X32 : ndarray or None
        The same rows rounded to single precision, when the precision uses them
        (``mixed``: its Gram matrices); drawn in the same pass as ``X``.
    y : ndarray, shape (max n,)
        Responses drawn so far (filled up to :attr:`n`).
    precision : DoublePrecision or MixedPrecision
        How the fits on all covariates are computed
        (:data:`computelimits.simulation.precision.PRECISIONS`).
    n : int
        Rows drawn so far.
    """

    settings: ReplicationSettings
    rep: int
    theta: np.ndarray
    stats: Any
    X: np.ndarray | None
    y: np.ndarray
    precision: Any
    X32: np.ndarray | None = None
    n: int = 0
