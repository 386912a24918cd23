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
    "PER_PASS_UNITS",
    "COUNT_UNITS",
    "compute_unit_name",
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
    "kflops": 1e3,
    "mflop": 1e6,
    "mflops": 1e6,
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
    "kmacs": 1e3 * FLOP_PER_MAC,
    "mmac": 1e6 * FLOP_PER_MAC,
    "mmacs": 1e6 * FLOP_PER_MAC,
    "gmac": 1e9 * FLOP_PER_MAC,
    "gmacs": 1e9 * FLOP_PER_MAC,
    "tmac": 1e12 * FLOP_PER_MAC,
    "tmacs": 1e12 * FLOP_PER_MAC,
    "pflop/s-day": PFLOP_S_DAY,
    "pf-day": PFLOP_S_DAY,
    "pfs-day": PFLOP_S_DAY,
    "tflop/s-day": 1e12 * 86400.0,
}

#: Units of an amount of computation per pass (every :data:`COMPUTE_UNITS` entry but the
#: per-day rates): what ``flops_per_pass`` may be given in.
PER_PASS_UNITS: tuple[str, ...] = tuple(u for u in COMPUTE_UNITS if "/s" not in u and "day" not in u)

#: Multiplier of each count unit (parameters, examples): "25.6 M" = 25,600,000.
COUNT_UNITS: dict[str, float] = {"": 1.0, "count": 1.0, "k": 1e3, "thousand": 1e3, "m": 1e6,
                                 "million": 1e6, "b": 1e9, "billion": 1e9}

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


def compute_unit_name(unit: str) -> str:
    """The canonical spelling of a compute unit (``"gmacs"`` -> ``"GMAC"``, ``"multiply-adds"``
    -> ``"MAC"``, ``"Flops"`` -> ``"FLOP"``).

    Examples
    --------
    >>> compute_unit_name("mmacs"), compute_unit_name("multiply-add"), compute_unit_name("GFLOPs")
    ('MMAC', 'MAC', 'GFLOP')
    """
    u = str(unit).strip().lower()
    _factor(COMPUTE_UNITS, u, "compute")
    if "mult" in u:
        return "MAC"
    if u.endswith("s") and u[:-1] in COMPUTE_UNITS:
        u = u[:-1]
    return u.upper()


def _scaled(value, factor: float, what: str, divide: bool = False):
    """``value * factor``; an :class:`~computelimits.errors.InputError` when a finite value
    overflows to infinity (never a silent ``inf``). NaN stays NaN (a missing value)."""
    try:
        x = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"expected a number of {what}, got {value!r}") from None
    with np.errstate(over="ignore", invalid="ignore"):
        out = x / factor if divide else x * factor
    if np.any(np.isinf(out) & np.isfinite(x)):
        raise InputError(f"{what}: {value!r} x {factor:g} overflows (more than 1.8e308)")
    return out if np.ndim(value) else float(out)


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
    >>> f"{to_flops(4.1, 'GMAC'):.4g}"  # ResNet-50's 4.1 G multiply-adds
    '8.2e+09'
    >>> to_flops(2, "GMAC")
    4000000000.0
    """
    return _scaled(value, _factor(COMPUTE_UNITS, unit, "compute"), "FLOPs")


def from_flops(flops, unit: str = "flop"):
    """Convert FLOPs to ``unit`` (inverse of :func:`to_flops`)."""
    return _scaled(flops, _factor(COMPUTE_UNITS, unit, "compute"), str(unit), divide=True)


def macs_to_flops(macs):
    """Multiply-accumulates to FLOPs (1 MAC = 2 FLOP)."""
    return to_flops(macs, "mac")


def flops_to_macs(flops):
    """FLOPs to multiply-accumulates (1 MAC = 2 FLOP)."""
    return from_flops(flops, "mac")


def to_seconds(value, unit: str = "s"):
    """Convert a duration in ``unit`` (``"h"``, ``"days"``, ...) to seconds."""
    return _scaled(value, _factor(TIME_UNITS, unit, "time"), "seconds")


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
