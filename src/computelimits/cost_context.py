"""Costs a reader can read: units people know, and huge numbers set beside values they know.

A projection can reach 10^30 dollars; printed as ``1e+30`` it is easy to misread and impossible
to picture. :func:`render_cost` turns a cost result into lines a policy reader can quote:
energy in kWh (MWh, GWh, TWh), CO2 in kg or tonnes with pounds beside it (the unit of the paper's
Figure 4 and of Strubell et al. 2019), dollars in words (million, billion, trillion) or as a
power of ten beyond that, each with its range, and, for the large ones, the multiple of a
reference value the reader knows: world GDP, world electricity demand and power-sector CO2 in a
year, the largest and the most expensive training run in Epoch AI's data. Every reference value
carries its source and year (:func:`load_cost_context`, built by ``scripts/build_carbon.py``).

Values are handled as base-10 logarithms inside, so 10^120 renders as well as 10^3.

Examples
--------
>>> from computelimits.costs import estimate_cost
>>> print(render_cost(estimate_cost(1e23), context=False, assumptions=False))
Computation  1e+23 FLOP
Chip time    2,987,000 chip-hours = 340.7 chip-years [2,618,000 to 2,987,000]
Energy       894,000 kWh (894 MWh) [783,600 to 894,000 kWh]
CO2          386.8 tonnes CO2e (852,800 lbs) [339.1 tonnes to 386.8 tonnes]
Cost         $4.36 million [$1.13 million to $4.36 million]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

__all__ = [
    "ContextValue",
    "load_cost_context",
    "cost_context",
    "describe_in_context",
    "format_energy",
    "format_co2",
    "format_usd",
    "render_cost",
]

CONTEXT_FILE = "cost_context.csv"
KG_PER_LB = 0.45359237
#: Below this fraction of a reference value, the comparison is left out (it says nothing).
MIN_FRACTION = 1e-4


@dataclass(frozen=True)
class ContextValue:
    """A reference value a reader knows, with its source and year.

    Attributes
    ----------
    key : str
        ``world_gdp``, ``world_electricity``, ``world_power_co2``, ``largest_training_run``,
        ``costliest_training_run``.
    quantity : str
        The cost quantity it compares with: ``flops``, ``energy_kwh``, ``co2_kg`` or ``usd``.
    value : float
        In ``unit``.
    unit, year, label : str
    short_source : str
        The source in a few words (printed).
    source, url : str
        The full source (document, file and row) and where to read it.
    """

    key: str
    quantity: str
    value: float
    unit: str
    year: str
    label: str
    short_source: str
    source: str
    url: str


@cache
def _context() -> tuple[ContextValue, ...]:
    from .packaged import read_packaged_csv

    df = read_packaged_csv(CONTEXT_FILE, dtype=str, keep_default_na=False)
    return tuple(ContextValue(key=r["key"], quantity=r["quantity"], value=float(r["value"]),
                              unit=r["unit"], year=r["year"], label=r["label"],
                              short_source=r["short_source"], source=r["source"], url=r["url"])
                 for r in df.to_dict("records"))


def load_cost_context():
    """The reference values as a :class:`pandas.DataFrame` (one row each, with source and year).

    Examples
    --------
    >>> ctx = load_cost_context().set_index("key")
    >>> float(ctx.loc["world_electricity", "value"]), ctx.loc["world_electricity", "year"]
    (29471000000000.0, '2023')
    """
    import pandas as pd

    return pd.DataFrame([c.__dict__ for c in _context()])


def _log10(x: Any) -> float:
    x = float(x)
    if math.isnan(x):
        return math.nan
    if x <= 0:
        return -math.inf
    return math.log10(x)  # inf -> inf


def cost_context(quantity: str, log10_value: float) -> list[dict[str, Any]]:
    """Comparisons of one value with every reference value of its quantity.

    Parameters
    ----------
    quantity : {"flops", "energy_kwh", "co2_kg", "usd"}
    log10_value : float
        Base-10 logarithm of the value, in the quantity's unit (FLOP, kWh, kg, USD).

    Returns
    -------
    list of dict
        ``key``, ``label``, ``year``, ``short_source``, ``source``, ``url``, ``reference`` (the
        value) and
        ``log10_ratio`` (value / reference), for the references the value reaches at least
        :data:`MIN_FRACTION` of; empty for NaN or infinite values.
    """
    if not math.isfinite(log10_value):
        return []
    out = []
    for c in _context():
        if c.quantity != quantity:
            continue
        lr = log10_value - math.log10(c.value)
        if lr >= math.log10(MIN_FRACTION):
            out.append(dict(key=c.key, label=c.label, year=c.year, short_source=c.short_source,
                            source=c.source, url=c.url, reference=c.value, log10_ratio=lr))
    return out


def describe_in_context(quantity: str, log10_value: float) -> list[str]:
    """Phrases such as ``"3.2 x world GDP ..., 2023 (IMF ...)"`` for a value (:func:`cost_context`)."""
    lines = []
    for c in cost_context(quantity, log10_value):
        lr = c["log10_ratio"]
        if lr < 0:
            share = 10 ** (lr + 2)
            head = f"{share:.2g}% of"
        elif lr < 6:
            head = f"{_plain(10 ** lr, 3)} x"
        else:
            head = f"10^{lr:.1f} x"
        lines.append(f"{head} {c['label']}, {c['year']} ({c['short_source']})")
    return lines


# --------------------------------------------------------------------------------------------
# numbers in words
# --------------------------------------------------------------------------------------------
_WORDS = ((12, "trillion"), (9, "billion"), (6, "million"))


def _plain(x: float, digits: int = 4) -> str:
    """``2987043.2`` -> ``"2,987,000"``; ``0.01234`` -> ``"0.01234"`` (``digits`` significant)."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    mag = math.floor(math.log10(abs(x)))
    rounded = round(x, -mag + digits - 1)
    if abs(rounded) >= 10 ** (digits - 1):
        return f"{rounded:,.0f}"
    return f"{rounded:,.{max(digits - 1 - mag, 0)}f}".rstrip("0").rstrip(".")


def _power(lg: float) -> str:
    """A value given by its log10 when too large (or small) for words: ``10^20.3``."""
    return f"10^{lg:.1f}"


def _special(lg: float) -> str | None:
    if math.isnan(lg):
        return "not estimated"
    if lg == math.inf:
        return "unbounded"
    if lg == -math.inf:
        return "0"
    return None


def _count(lg: float) -> str:
    s = _special(lg)
    if s is not None:
        return s
    return _plain(10 ** lg) if -3 <= lg < 9 else _power(lg)


def format_usd(log10_usd: float) -> str:
    """Dollars in words: ``$4.36 million``, ``$1.2 trillion``, ``$10^20.3`` beyond 10^15.

    Examples
    --------
    >>> format_usd(math.log10(4.36e6)), format_usd(12.0), format_usd(20.31)
    ('$4.36 million', '$1 trillion', '$10^20.3')
    """
    s = _special(log10_usd)
    if s is not None:
        return s if s != "0" else "$0"
    if log10_usd >= 15:
        return "$" + _power(log10_usd)
    for exp, word in _WORDS:
        if log10_usd >= exp:
            return f"${_plain(10 ** (log10_usd - exp), 3)} {word}"
    return f"${_plain(10 ** log10_usd, 3)}"


def format_energy(log10_kwh: float) -> str:
    """kWh, with MWh/GWh/TWh beside large values: ``893,700 kWh (894 MWh)``."""
    s = _special(log10_kwh)
    if s is not None:
        return s if s != "0" else "0 kWh"
    main = f"{_count(log10_kwh)} kWh"
    for exp, unit in ((9, "TWh"), (6, "GWh"), (3, "MWh")):
        if log10_kwh >= exp:
            if log10_kwh - exp >= 6:
                return f"{main} ({_power(log10_kwh - exp)} {unit})"
            return f"{main} ({_plain(10 ** (log10_kwh - exp), 3)} {unit})"
    return main


def format_co2(log10_kg: float) -> str:
    """CO2 in kg (below a tonne) or tonnes, with pounds beside: ``386.8 tonnes CO2e (852,600 lbs)``.

    Examples
    --------
    >>> format_co2(math.log10(192 * 0.45359237))  # Strubell et al.'s Transformer big: 192 lbs
    '87.09 kg CO2e (192 lbs)'
    """
    s = _special(log10_kg)
    if s is not None:
        return s if s != "0" else "0 kg CO2e"
    lbs = _count(log10_kg - math.log10(KG_PER_LB))
    if log10_kg < 3:
        return f"{_plain(10 ** log10_kg)} kg CO2e ({lbs} lbs)"
    return f"{_count(log10_kg - 3)} tonnes CO2e ({lbs} lbs)"


def _co2_range(lg: float) -> str:
    s = _special(lg)
    if s is not None:
        return s
    return f"{_plain(10 ** lg)} kg" if lg < 3 else f"{_count(lg - 3)} tonnes"


# --------------------------------------------------------------------------------------------
# rendering a cost result
# --------------------------------------------------------------------------------------------
_QUANTITIES = ("flops", "chip_hours", "energy_kwh", "co2_kg", "usd")


def _logs(cost: Any, index: int | None) -> dict[str, float]:
    """``{q, q_low, q_high: log10}`` from a CostEstimate or a mapping (``log10_q`` keys win)."""
    out: dict[str, float] = {}
    for q in _QUANTITIES:
        for sfx in ("", "_low", "_high"):
            name = q + sfx
            if isinstance(cost, Mapping) or hasattr(cost, "keys"):
                raw = cost.get(f"log10_{name}") if hasattr(cost, "get") else None
                if raw is not None and not _isnull(raw):
                    out[name] = float(np.asarray(raw, dtype=float).reshape(-1)[index or 0])
                    continue
                raw = cost.get(name) if hasattr(cost, "get") else None
            else:
                raw = getattr(cost, name, None)
            if raw is None:
                continue
            arr = np.asarray(raw, dtype=float).reshape(-1)
            out[name] = _log10(arr[index or 0] if arr.size > 1 else arr[0])
    return out


def _isnull(x: Any) -> bool:
    try:
        return bool(np.all(np.isnan(np.asarray(x, dtype=float))))
    except (TypeError, ValueError):
        return True


def _rng(lg: dict[str, float], q: str, fmt) -> str:
    lo, hi, mid = lg.get(q + "_low"), lg.get(q + "_high"), lg.get(q)
    if lo is None or hi is None or lo == hi == mid or (math.isnan(lo) and math.isnan(hi)):
        return ""
    return f" [{fmt(lo)} to {fmt(hi)}]"


def render_cost(cost: Any, *, index: int | None = None, context: bool = True,
                assumptions: bool = True) -> str:
    """A cost result as lines a reader can quote, with ranges, units people know and context.

    Parameters
    ----------
    cost : CostEstimate or mapping
        A :class:`~computelimits.costs.CostEstimate`, or a mapping (a dict, a
        :class:`pandas.Series` row of ``Projection.to_frame()``) with ``flops``, ``chip_hours``,
        ``energy_kwh``, ``co2_kg``, ``usd`` and their ``_low``/``_high`` ends; ``log10_<q>``
        keys are used first when present (no overflow for 10^100 and beyond).
    index : int, optional
        Which element of an array-valued estimate (default: the first).
    context : bool
        Add the comparisons with reference values (:func:`describe_in_context`).
    assumptions : bool
        Add the estimate's notes (a ``CostEstimate`` states its peak rate and utilization
        first).

    Returns
    -------
    str
        One line per quantity (computation, chip time, energy, CO2, cost), the comparisons
        indented below each, then the notes; no trailing newline.
    """
    lg = _logs(cost, index)
    lines = []
    if "flops" in lg:
        f = lg["flops"]
        flops = _special(f) or (f"{10 ** f:.3g} FLOP" if f < 300 else f"{_power(f)} FLOP")
        lines.append(f"Computation  {flops}")
        if context:
            lines.extend(f"             = {t}" for t in describe_in_context("flops", f))
    if "chip_hours" in lg:
        ch = lg["chip_hours"]
        years = _count(ch - math.log10(365.25 * 24)) if math.isfinite(ch) else ""
        lines.append(f"Chip time    {_count(ch)} chip-hours"
                     + (f" = {years} chip-years" if years else "")
                     + _rng(lg, "chip_hours", _count))
    for q, label, fmt, rfmt in (("energy_kwh", "Energy", format_energy, _count),
                                ("co2_kg", "CO2", format_co2, _co2_range),
                                ("usd", "Cost", format_usd, format_usd)):
        if q not in lg:
            continue
        rng = _rng(lg, q, rfmt)
        if q == "energy_kwh" and rng:
            rng = rng[:-1] + " kWh]"
        if q == "co2_kg" and rng and "tonnes" not in rng and " kg" not in rng:
            rng = ""
        lines.append(f"{label:<12} {fmt(lg[q])}{rng}")
        if context:
            lines.extend(f"             = {t}" for t in describe_in_context(q, lg[q]))
    if assumptions:
        lines.extend(f"Note: {n}" for n in getattr(cost, "notes", ()) or ())
    return "\n".join(lines)
