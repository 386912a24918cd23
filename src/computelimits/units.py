"""Units of computation and time, converted explicitly.

The paper counts computation in floating-point operations (FLOPs); many sources report
multiply-accumulates (MACs, "multiply-adds"). One multiply-add is two FLOPs. Everything the
package stores is in FLOPs and seconds; conversions happen at the boundary, by name.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", sections 3.2, 6.1, 7.1.
"""

from __future__ import annotations

import math

import numpy as np

from .errors import InputError

__all__ = [
    "FLOP_PER_MAC",
    "COMPUTE_UNITS",
    "TIME_UNITS",
    "to_flops",
    "from_flops",
    "macs_to_flops",
    "flops_to_macs",
    "to_seconds",
    "positive_float",
    "PFLOP_S_DAY",
]

#: FLOPs in one multiply-accumulate (one multiply plus one add).
FLOP_PER_MAC = 2.0

#: FLOPs in one petaFLOP/s-day (the unit of OpenAI's "AI and Compute").
PFLOP_S_DAY = 1e15 * 86400.0

#: Multiplier to FLOPs for every compute unit name we accept (case-insensitive keys).
COMPUTE_UNITS: dict[str, float] = {
    "flop": 1.0,
    "flops": 1.0,
    "kflop": 1e3,
    "mflop": 1e6,
    "gflop": 1e9,
    "gflops": 1e9,
    "tflop": 1e12,
    "tflops": 1e12,
    "pflop": 1e15,
    "pflops": 1e15,
    "mac": FLOP_PER_MAC,
    "macs": FLOP_PER_MAC,
    "multiply-add": FLOP_PER_MAC,
    "multiply-adds": FLOP_PER_MAC,
    "mult-adds": FLOP_PER_MAC,
    "kmac": 1e3 * FLOP_PER_MAC,
    "mmac": 1e6 * FLOP_PER_MAC,
    "mmacs": 1e6 * FLOP_PER_MAC,
    "gmac": 1e9 * FLOP_PER_MAC,
    "gmacs": 1e9 * FLOP_PER_MAC,
    "tmac": 1e12 * FLOP_PER_MAC,
    "pflop/s-day": PFLOP_S_DAY,
    "pf-day": PFLOP_S_DAY,
    "pfs-day": PFLOP_S_DAY,
    "tflop/s-day": 1e12 * 86400.0,
}

#: Seconds in each time unit we accept.
TIME_UNITS: dict[str, float] = {
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
    "week": 7 * 86400.0,
    "weeks": 7 * 86400.0,
    "year": 365.25 * 86400.0,
    "years": 365.25 * 86400.0,
}


def _factor(table: dict[str, float], unit: str, kind: str) -> float:
    try:
        return table[str(unit).strip().lower()]
    except KeyError:
        raise InputError(
            f"unknown {kind} unit '{unit}'; expected one of: {', '.join(sorted(table))}"
        ) from None


def to_flops(value, unit: str = "flop"):
    """Convert a compute amount in ``unit`` to FLOPs.

    Parameters
    ----------
    value : float or array_like
        Amount in ``unit``.
    unit : str
        One of :data:`COMPUTE_UNITS` (e.g. ``"GMAC"``, ``"GFLOP"``, ``"multiply-add"``).

    Examples
    --------
    >>> to_flops(4.1, "GMAC")  # ResNet-50's 4.1 G multiply-adds
    8200000000.0
    """
    f = _factor(COMPUTE_UNITS, unit, "compute")
    return np.asarray(value, dtype=float) * f if np.ndim(value) else float(value) * f


def from_flops(flops, unit: str = "flop"):
    """Convert FLOPs to ``unit`` (inverse of :func:`to_flops`)."""
    f = _factor(COMPUTE_UNITS, unit, "compute")
    return np.asarray(flops, dtype=float) / f if np.ndim(flops) else float(flops) / f


def macs_to_flops(macs):
    """Multiply-accumulates to FLOPs (1 MAC = 2 FLOP)."""
    return to_flops(macs, "mac")


def flops_to_macs(flops):
    """FLOPs to multiply-accumulates (1 MAC = 2 FLOP)."""
    return from_flops(flops, "mac")


def to_seconds(value, unit: str = "s"):
    """Convert a duration in ``unit`` (``"h"``, ``"days"``, ...) to seconds."""
    f = _factor(TIME_UNITS, unit, "time")
    out = np.asarray(value, dtype=float) * f if np.ndim(value) else float(value) * f
    return out


def is_positive_finite(x) -> bool:
    """True for a real, finite, strictly positive number."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return False
    return math.isfinite(v) and v > 0


def positive_float(value, what: str) -> float:
    """``value`` as a float, or an :class:`~computelimits.errors.InputError` naming ``what``
    unless it is a finite number > 0."""
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int beyond 1e308
        raise InputError(f"{what} must be a finite number > 0, got {value!r:.40}") from None
    if not math.isfinite(x) or x <= 0:
        raise InputError(f"{what} must be a finite number > 0, got {value!r}")
    return x
