"""Settings of the Figure 1 simulation: a frozen, validated value.

The paper (section 2) fixes ``d = 1000`` covariates of which ``s = 10`` have non-zero
coefficients, four models, performance ``-log10`` of the normalised prediction MSE and 1000
simulations per case. It does not state the noise level, the coefficient values, the sample sizes
or the Lasso penalty. The defaults below were chosen so that the simulation reproduces the two
numbers the paper prints (the flexible model needs about 1,500 observations and the Lasso about 175
to match the oracle at 15); ``docs/simulation.md`` documents the calibration and the sensitivity
to each choice.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2 and
Figure 1.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..errors import InputError

__all__ = [
    "SimulationSettings",
    "DEFAULT_N",
    "DEFAULT_SIGMA",
    "DEFAULT_COEF",
    "DEFAULT_PENALTY_C",
    "PAPER_SIMS",
    "MAX_GRAM_BYTES",
]


def _default_n() -> tuple[int, ...]:
    # 22 sample sizes evenly spaced in log n from 10 to 5,000, plus the reference n = 15
    import numpy as np

    grid = np.unique(np.round(np.geomspace(10, 5000, 22)).astype(int))
    return tuple(sorted({int(v) for v in grid} | {15}))


#: Default sample sizes: 22 log-spaced sizes from 10 to 5,000 plus 15 (23 values).
DEFAULT_N: tuple[int, ...] = _default_n()

#: Noise standard deviation (unstated in the paper; unit noise).
DEFAULT_SIGMA = 1.0

#: Value of each of the ``s`` non-zero coefficients (unstated in the paper; unit coefficients).
DEFAULT_COEF = 1.0

#: Constant ``c`` of the theory penalty ``lambda = c sigma sqrt(2 log d / n)``, calibrated so that
#: the Lasso matches the oracle's performance at n = 15 near n = 175 (paper, section 2).
DEFAULT_PENALTY_C = 1.33

#: Simulations per case in the paper (Figure 1 caption).
PAPER_SIMS = 1000

#: Largest Gram-matrix storage (bytes, all folds) a run may allocate per worker.
MAX_GRAM_BYTES = 4 * 1024**3


def _as_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InputError(f"{name} must be an integer, got {value!r}")
    v = int(value)
    if v < minimum:
        raise InputError(f"{name} must be >= {minimum}, got {v}")
    return v


def _as_float(name: str, value: Any, positive: bool = True) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v) or (positive and v <= 0):
        raise InputError(f"{name} must be a finite number{' > 0' if positive else ''}, got {value!r}")
    return v


@dataclass(frozen=True)
class SimulationSettings:
    """Everything that determines a Figure 1 simulation run (and, with ``seed``, its numbers).

    Parameters
    ----------
    sims : int
        Monte-Carlo replications per (model, sample size); the paper used 1000.
    n : tuple of int
        Sample sizes. Sorted and de-duplicated; ``reference_n`` is always added.
    d : int
        Number of covariates (paper: 1000).
    s : int
        Number of non-zero coefficients (paper: 10); ``1 <= s < d``.
    sigma : float
        Noise standard deviation.
    coef : float
        Value of each non-zero coefficient.
    penalty : str
        Lasso penalty rule, a name in :data:`computelimits.simulation.models.PENALTIES`:
        ``"theory"``, ``"cv"`` or ``"fixed"``.
    penalty_c : float
        Constant ``c`` of the theory rule ``lambda = c sigma sqrt(2 log d / n)``.
    penalty_value : float or None
        ``lambda`` of the ``"fixed"`` rule (required for it).
    cv_folds : int
        Folds of the ``"cv"`` rule (interleaved: row ``i`` is in fold ``i mod cv_folds``).
    cv_alphas : int
        Number of penalties on the cross-validation grid.
    cv_eps : float
        Smallest penalty on the grid as a fraction of ``lambda_max = max|X^T y| / n``.
    models : tuple of str
        Models to run, names in :data:`computelimits.simulation.models.MODELS`.
    reference_n : int
        Sample size at which the oracle's performance defines the crossing table (paper: 15).
    queries : int
        0: performance from the exact expectation over isotropic queries,
        ``||theta_hat - theta||^2 / ||theta||^2``; ``q > 0``: from ``q`` sampled query vectors
        per (model, n, replication), as the paper describes.
    seed : int
        Master seed (non-negative).

    Objective and penalty scale follow scikit-learn: ``1/(2n) ||y - X b||^2 + lambda ||b||_1``.
    """

    sims: int = 100
    n: tuple[int, ...] = DEFAULT_N
    d: int = 1000
    s: int = 10
    sigma: float = DEFAULT_SIGMA
    coef: float = DEFAULT_COEF
    penalty: str = "theory"
    penalty_c: float = DEFAULT_PENALTY_C
    penalty_value: float | None = None
    cv_folds: int = 5
    cv_alphas: int = 30
    cv_eps: float = 1e-2
    models: tuple[str, ...] = ("oracle", "expert", "flexible", "regularized")
    reference_n: int = 15
    queries: int = 0
    seed: int = 0

    def __post_init__(self) -> None:
        from .models import MODELS, PENALTIES

        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        set_("sims", _as_int("sims", self.sims, 1))
        set_("d", _as_int("d", self.d, 2))
        set_("s", _as_int("s", self.s, 1))
        if self.s >= self.d:
            raise InputError(
                f"s must be smaller than d (the expert model needs a wrong covariate), "
                f"got s={self.s}, d={self.d}"
            )
        set_("reference_n", _as_int("reference_n", self.reference_n, 1))
        raw = self.n
        if isinstance(raw, (str, bytes)) or not hasattr(raw, "__iter__"):
            raw = [raw]
        ns = [_as_int("n", v, 1) for v in raw]
        if not ns:
            raise InputError("n must list at least one sample size")
        set_("n", tuple(sorted(set(ns) | {self.reference_n})))
        set_("sigma", _as_float("sigma", self.sigma))
        coef = _as_float("coef", self.coef, positive=False)
        if coef == 0:
            raise InputError("coef must be non-zero")
        set_("coef", coef)
        set_("penalty", str(self.penalty).lower())
        PENALTIES.get(self.penalty)  # unknown rule -> UnknownNameError
        set_("penalty_c", _as_float("penalty_c", self.penalty_c))
        if self.penalty_value is not None:
            set_("penalty_value", _as_float("penalty_value", self.penalty_value))
        if PENALTIES.get(self.penalty).needs_value and self.penalty_value is None:
            raise InputError(f"the '{self.penalty}' penalty needs a value "
                             "(penalty_value / --penalty-value)")
        set_("cv_folds", _as_int("cv_folds", self.cv_folds, 2))
        set_("cv_alphas", _as_int("cv_alphas", self.cv_alphas, 2))
        eps = _as_float("cv_eps", self.cv_eps)
        if eps >= 1:
            raise InputError(f"cv_eps must be in (0, 1), got {eps}")
        set_("cv_eps", eps)
        models = self.models
        if isinstance(models, str):
            models = [m for m in models.split(",") if m.strip()]
        models = tuple(str(m).strip().lower() for m in models)
        if not models:
            raise InputError("models must name at least one model")
        for m in models:
            MODELS.get(m)  # unknown name -> UnknownNameError
        if len(set(models)) != len(models):
            raise InputError(f"models listed twice: {', '.join(models)}")
        set_("models", models)
        folds = max(MODELS.get(m).folds(self) for m in models)  # the penalty rule's folds
        if folds > 1 and self.n[0] < 2 * folds:
            raise InputError(
                f"the '{self.penalty}' penalty needs at least 2 x cv_folds = {2 * folds} rows; "
                f"smallest n is {self.n[0]}"
            )
        set_("queries", _as_int("queries", self.queries, 0))
        for what, rows in (("n", self.n[-1]), ("queries", self.queries)):
            if 8 * rows * self.d > MAX_GRAM_BYTES:  # rows x d doubles drawn per replication
                raise InputError(
                    f"{what}={rows} with d={self.d} needs {8 * rows * self.d / 1024**3:.3g} GiB per "
                    f"replication (limit {MAX_GRAM_BYTES / 1024**3:.0f} GiB); use a smaller {what}")
        set_("seed", _as_int("seed", self.seed, 0))
        full = any(MODELS.get(m).needs_full_gram for m in models)
        if full and 8 * self.d * self.d * folds > MAX_GRAM_BYTES:
            raise InputError(
                f"d={self.d} needs {8 * self.d**2 * folds / 1024**3:.1f} GiB of Gram matrices per "
                f"worker (limit {MAX_GRAM_BYTES / 1024**3:.0f} GiB); use a smaller d"
            )

    # ------------------------------------------------------------------ conveniences
    @property
    def n_max(self) -> int:
        """Largest sample size."""
        return self.n[-1]

    def replace(self, **changes: Any) -> SimulationSettings:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python representation (JSON-ready)."""
        out = asdict(self)
        out["n"] = list(self.n)
        out["models"] = list(self.models)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SimulationSettings:
        """Inverse of :meth:`to_dict`; unknown keys are an :class:`InputError`."""
        known = set(cls.__dataclass_fields__)
        extra = set(data) - known
        if extra:
            raise InputError(f"unknown simulation settings: {', '.join(sorted(extra))}")
        kw = dict(data)
        if "n" in kw:
            kw["n"] = tuple(kw["n"])
        if "models" in kw and not isinstance(kw["models"], str):
            kw["models"] = tuple(kw["models"])
        return cls(**kw)
