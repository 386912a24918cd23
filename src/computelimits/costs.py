"""From computation to chip-hours, energy, CO2 and dollars: a registry of cost models.

The paper turns projected computation into "the economic and environmental cost of training such
models on current hardware (using the conversions from [82])" (section 3.3, Figure 4); [82] is
Strubell, Ganesh and McCallum (2019). This module makes those conversions explicit: every
constant is a named :class:`Constant` with its unit, citation and version, and can be overridden
by the user with a single value or a ``(low, high)`` range. Ranges propagate: each output has a
``_low`` and ``_high`` companion, the extremes over every combination of range ends (all outputs
are monotone in every constant, so the corners give the exact bounds).

Cost models (:data:`COST_MODELS`)
---------------------------------
``strubell2019``
    The paper's conversion. Computation (hardware burden, i.e. chip peak rate x time, section 3.2)
    is turned back into P100 GPU-hours at the P100's peak FP32 rate; energy is Strubell et al.'s
    measured power of the Transformer-big run (1515.43 W for 8 P100 GPUs including CPU and DRAM,
    their Table 3) x PUE 1.58 (their eq. 1); CO2 is 0.954 lbs per kWh (their eq. 2, U.S. EPA); the
    dollar range is the cloud price range of their Table 3 ($0.43-$1.46 per P100-hour,
    preemptible to on-demand: the NAS row's $942,973-$3,201,722 for 2,192,960 GPU-hours).
    Per GFLOP of hardware burden this gives 8.5e-9 lbs CO2e and $1.3e-8-$4.4e-8 at the P100
    PCIe peak (7.5e-9 lbs and down to $1.1e-8 at the SXM2 peak): Figure 4's "10^14 GFLOPs ->
    10^6 lbs, $10^6" (see :func:`strubell2019_per_gflop`).
``hardware``
    A chip from the hardware table (:mod:`computelimits.hardware`): chip-hours = FLOPs /
    (peak rate x utilisation); energy = chip-hours x TDP x average power fraction x server
    overhead x PUE; CO2 = energy x grid carbon intensity (packaged table from CodeCarbon and ML
    CO2 Impact, :func:`load_carbon_intensity`); dollars = chip-hours x price per chip-hour from the
    Epoch AI price observations for that chip (median on-demand; range from the lowest
    commitment price to the highest on-demand price).

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 3.3 and
Figure 4. Strubell, Ganesh, McCallum, "Energy and Policy Considerations for Deep Learning in NLP",
ACL 2019, arXiv:1906.02243, section 2 and Table 3. Cottier, Rahman, Fattorini, Maslej, Owen,
"The rising costs of training frontier AI models", arXiv:2405.21015 (Epoch AI), whose energy
assumptions are in ``epoch-research/training-cost-trends``, ``energy.py``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from types import MappingProxyType
from typing import Any

import numpy as np

from ._registry import Registry
from .errors import ComputeLimitsError, InputError, UnknownNameError

__all__ = [
    "Constant",
    "CostModel",
    "CostEstimate",
    "CarbonIntensity",
    "COST_MODELS",
    "KG_PER_LB",
    "HOURS_PER_YEAR",
    "STRUBELL2019_T2T_BIG",
    "STRUBELL2019_NAS",
    "estimate_cost",
    "run_cost",
    "cost_constants",
    "list_cost_models",
    "strubell2019_per_gflop",
    "load_carbon_intensity",
    "carbon_intensity",
]

#: Kilograms in one avoirdupois pound (exact, by definition).
KG_PER_LB = 0.45359237
#: Hours in a Julian year (365.25 days), for chip-years.
HOURS_PER_YEAR = 365.25 * 24.0
_SECONDS_PER_HOUR = 3600.0

STRUBELL2019 = "Strubell, Ganesh, McCallum 2019, ACL, arXiv:1906.02243"
EPOCH_ENERGY = ("Epoch AI, epoch-research/training-cost-trends energy.py (commit 2663ad6f), "
                "assumptions of Cottier et al. 2024, arXiv:2405.21015")

#: The Transformer-big training run of Strubell et al. (2019), Table 3, from which the
#: ``strubell2019`` per-chip constants are derived: 8 P100 GPUs for 84 hours, 1515.43 W average
#: draw (GPUs + CPU + DRAM), 201 kWh x PUE, 192 lbs CO2e, cloud cost $289-$981.
STRUBELL2019_T2T_BIG: Mapping[str, float] = MappingProxyType(dict(
    chips=8, hours=84, power_w=1515.43, kwh_pue=201, co2_lbs=192, usd_low=289, usd_high=981))
#: The neural architecture search run of Strubell et al. (2019), Table 3 (8 P100 x 274,120 h,
#: $942,973-$3,201,722): its seven-digit costs give the per-GPU-hour prices exactly.
STRUBELL2019_NAS: Mapping[str, float] = MappingProxyType(dict(
    chips=8, hours=274120, power_w=1515.43, kwh_pue=656347, co2_lbs=626155, usd_low=942973,
    usd_high=3201722))


# --------------------------------------------------------------------------------------------
# constants
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Constant:
    """One named, cited constant of a cost model: a value and an optional ``[low, high]`` range.

    Attributes
    ----------
    name : str
        Keyword used to override it (``pue``, ``co2_lbs_per_kwh``, ...).
    value : float
        Point value used for the central estimate.
    low, high : float
        Range ends (equal to ``value`` when the constant is a single number).
    unit : str
    citation : str
        Where the value comes from (document, table, equation, dataset and commit).
    version : str
        Version of the source (publication, dataset commit) or ``"user"`` for overrides.
    note : str
        How it was derived, caveats.
    minimum, maximum : float
        Admissible bounds, checked on overrides.
    """

    name: str
    value: float
    low: float
    high: float
    unit: str
    citation: str
    version: str
    note: str = ""
    minimum: float = 0.0
    maximum: float = math.inf

    @property
    def is_range(self) -> bool:
        """True when ``low < high``."""
        return self.low < self.high

    def override(self, spec: Any) -> Constant:
        """A copy with the user's value: a number, ``(low, high)`` or ``(value, low, high)``.

        For ``(low, high)`` the point value is the geometric mean of the two ends (all constants
        are positive and act multiplicatively on the outputs).
        """
        if isinstance(spec, Constant):  # a cited replacement: keep its provenance
            if not (spec.low <= spec.value <= spec.high) or spec.low < self.minimum \
                    or spec.high > self.maximum:
                raise InputError(f"{self.name}: {spec.value:g} ({spec.low:g}-{spec.high:g}) is "
                                 f"outside [{self.minimum:g}, {self.maximum:g}]")
            return replace(spec, name=self.name, minimum=self.minimum, maximum=self.maximum)
        if isinstance(spec, str):
            spec = _parse_range_text(spec, self.name)
        if np.ndim(spec) == 0:
            v = _finite(spec, self.name)
            lo = hi = v
        else:
            vals = [_finite(x, self.name) for x in spec]
            if len(vals) == 2:
                lo, hi = vals
                if lo > hi:
                    raise InputError(f"{self.name}: range ({lo:g}, {hi:g}) has low > high")
                v = math.sqrt(lo * hi) if lo > 0 else (lo + hi) / 2.0
            elif len(vals) == 3:
                v, lo, hi = vals
            else:
                raise InputError(f"{self.name}: expected a number, (low, high) or (value, low, high)")
        if not lo <= v <= hi:
            raise InputError(f"{self.name}: value {v:g} is outside its range ({lo:g}, {hi:g})")
        if lo < self.minimum or hi > self.maximum:
            raise InputError(f"{self.name}: expected {self.unit or 'a value'} in "
                             f"[{self.minimum:g}, {self.maximum:g}], got {lo:g}"
                             + ("" if lo == hi else f" to {hi:g}"))
        return replace(self, value=v, low=lo, high=hi, citation="user override",
                       version="user", note=f"default was {self.value:g} ({self.citation})")

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready)."""
        return dict(name=self.name, value=self.value, low=self.low, high=self.high,
                    unit=self.unit, citation=self.citation, version=self.version, note=self.note)


def _finite(x: Any, name: str) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise InputError(f"{name}: expected a number, got {x!r}") from None
    if not math.isfinite(v):
        raise InputError(f"{name}: expected a finite number, got {x!r}")
    return v


def _parse_range_text(text: str, name: str) -> Any:
    """``"0.4"`` -> 0.4; ``"0.3:0.5"`` or ``"0.3,0.5"`` -> (0.3, 0.5)."""
    s = text.strip()
    for sep in (":", ","):
        if sep in s:
            return tuple(p.strip() for p in s.split(sep))
    return s


def _const(name, value, unit, citation, version, note="", low=None, high=None, minimum=0.0,
           maximum=math.inf) -> Constant:
    lo = value if low is None else low
    hi = value if high is None else high
    return Constant(name, float(value), float(lo), float(hi), unit, citation, version, note,
                    minimum, maximum)


# --------------------------------------------------------------------------------------------
# cost models
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CostModel:
    """A conversion method: default constants (given options) and the arithmetic.

    Attributes
    ----------
    name, description, version : str
    options : Mapping[str, Any]
        Non-numeric options and their defaults (e.g. ``chip``, ``grid``).
    defaults : callable
        ``defaults(**options) -> (dict[str, Constant], notes)``.
    energy : callable
        ``energy(chip_hours, values) -> dict`` with ``energy_kwh``, ``co2_kg``, ``usd``
        (arrays), where ``values`` maps constant names to floats.
    """

    name: str
    description: str
    version: str
    options: Mapping[str, Any]
    defaults: Callable[..., tuple[dict[str, Constant], tuple[str, ...]]]
    energy: Callable[[np.ndarray, Mapping[str, float]], dict[str, np.ndarray]]

    def constants(self, **options: Any) -> tuple[dict[str, Constant], tuple[str, ...]]:
        """Default constants for these options (unknown options raise)."""
        unknown = set(options) - set(self.options)
        if unknown:
            raise InputError(f"cost model '{self.name}' has no option "
                             f"{', '.join(sorted(unknown))}; options: "
                             f"{', '.join(self.options) or 'none'}")
        opts = {**self.options, **{k: v for k, v in options.items() if v is not None}}
        return self.defaults(**opts)


#: Registry of cost models: ``strubell2019`` and ``hardware``.
COST_MODELS: Registry[CostModel] = Registry("cost model")


def _strubell_defaults() -> tuple[dict[str, Constant], tuple[str, ...]]:
    run = STRUBELL2019_T2T_BIG
    nas = STRUBELL2019_NAS
    nas_hours = nas["chips"] * nas["hours"]
    c = [
        _const("peak_flops_per_chip", 9.3e12, "FLOP/s",
               "NVIDIA Tesla P100 datasheet: 9.3 TFLOP/s FP32 (PCIe), 10.6 (SXM2); Epoch AI ML "
               "Hardware dataset rows 'NVIDIA P100' (9.3e12) and 'NVIDIA Tesla P100 SXM2' "
               "(1.061e13)", "Epoch AI ml_hardware 2025-12",
               "Strubell et al. do not say which P100 variant; the range spans both. Hardware "
               "burden counts this peak rate (paper section 3.2).", low=9.3e12, high=1.061e13),
        _const("utilization", 1.0, "fraction of peak",
               "Paper section 3.2: hardware burden = processors x peak rate x time", "paper v1",
               "Burden counts peak FLOPs, so chip-hours = burden / peak; set < 1 only when the "
               "FLOPs are operations actually performed.", minimum=1e-6, maximum=1.0),
        _const("power_per_chip_w", run["power_w"] / run["chips"], "W per GPU",
               f"{STRUBELL2019}, Table 3 (Transformer big: 1515.43 W on 8 P100)", "ACL 2019",
               "Measured average draw of GPUs + CPU + DRAM, divided by the 8 GPUs."),
        _const("pue", 1.58, "ratio", f"{STRUBELL2019}, section 2, eq. 1 (Ascierto 2018, Uptime "
               "Institute global average)", "ACL 2019", minimum=1.0),
        _const("co2_lbs_per_kwh", 0.954, "lbs CO2e/kWh", f"{STRUBELL2019}, section 2, eq. 2 (U.S. "
               "EPA 2018 average)", "ACL 2019"),
        _const("usd_per_chip_hour", nas["usd_high"] / nas_hours, "USD per GPU-hour",
               f"{STRUBELL2019}, Table 3 (NAS on 8 P100 x 274,120 h: $942,973-$3,201,722; "
               "Transformer big on 8 x 84 h: $289-$981)", "ACL 2019",
               "942,973 / 2,192,960 = $0.4300 (preemptible) to 3,201,722 / 2,192,960 = $1.4600 "
               "(on-demand) per P100-hour (Google Cloud 2019; Epoch AI also records $1.46 "
               "on-demand on 2019-08-26); point value = on-demand.",
               low=nas["usd_low"] / nas_hours, high=nas["usd_high"] / nas_hours),
    ]
    return {k.name: k for k in c}, ()


def _strubell_energy(chip_hours: np.ndarray, v: Mapping[str, float]) -> dict[str, np.ndarray]:
    kwh = chip_hours * v["power_per_chip_w"] / 1000.0 * v["pue"]
    lbs = kwh * v["co2_lbs_per_kwh"]
    return dict(energy_kwh=kwh, co2_kg=lbs * KG_PER_LB, usd=chip_hours * v["usd_per_chip_hour"])


COST_MODELS.add("strubell2019", CostModel(
    name="strubell2019",
    description="The paper's conversion (Strubell et al. 2019): P100 GPU-hours at peak FP32, "
                "measured power x PUE 1.58, 0.954 lbs CO2e/kWh, $0.43-$1.46 per GPU-hour",
    version="strubell2019/1 (arXiv:1906.02243, Table 3)",
    options=MappingProxyType({}),
    defaults=_strubell_defaults,
    energy=_strubell_energy,
))

#: Server overhead and average power fraction by chip type (Epoch AI energy assumptions).
_TYPE_ENERGY = MappingProxyType({
    "GPU": dict(
        server_overhead=(1.8, 1.25, 2.08,
                         "Server power per chip over chip TDP: DGX H100 10.2 kW/8/0.7 kW = 1.82, "
                         "DGX A100 6.5/8/0.4 = 2.03, V100 systems 1.25-2.08; default = Epoch's "
                         "average 1.8"),
        tdp_fraction=(0.75, 0.5, 1.0,
                      "Average server power as a fraction of its maximum during training: "
                      "Epoch's 0.75 with its stated 90% CI 0.5-1.0")),
    "TPU": dict(
        server_overhead=(1.56, 1.47, 1.64,
                         "System over chip power (Jouppi et al. 2021, Table 1): TPUv2 1.64, "
                         "TPUv3 1.47, TPUv4i 1.57; default = Epoch's average 1.56"),
        tdp_fraction=(0.43, 0.3, 0.8,
                      "Measured over maximum server power for Google models (Patterson et al. "
                      "2021, Table 4): 37-53%, mean 43%; Epoch's 90% CI 0.3-0.8")),
})


def _hardware_defaults(chip: str | None = None, precision: str = "fp32", grid: str = "world",
                       pricing: str = "cloud") -> tuple[dict[str, Constant], tuple[str, ...]]:
    if not chip:
        raise InputError("the 'hardware' cost model needs a chip (e.g. chip='V100'; "
                         "CLI: --chip V100)")
    from . import hardware as _hw

    spec = _hw.get_hardware(chip)
    name = spec.hardware
    notes: list[str] = []
    peak = _hw.peak_flops(name, precision)
    col = "fp32_flops" if precision == "fp32" else "tensor_flops"
    peak_src = str(getattr(spec, f"{col}_source", "") or "hardware table")
    tdp = getattr(spec, "tdp_w", float("nan"))
    if tdp is None or not np.isfinite(float(tdp)) or float(tdp) <= 0:
        raise InputError(f"chip '{name}' has no TDP in the hardware table; pass tdp_w=...")
    ctype = str(getattr(spec, "type", "GPU") or "GPU").upper()
    energy = _TYPE_ENERGY.get("TPU" if "TPU" in ctype else "GPU")
    if "TPU" not in ctype and ctype != "GPU":
        notes.append(f"{name} is a {ctype}; GPU server-overhead assumptions used")
    ci = carbon_intensity(grid)
    c = [
        _const("peak_flops_per_chip", peak, "FLOP/s", f"hardware table: {name} {col} "
               f"({peak_src})", "computelimits hardware table",
               "Hardware burden counts this peak rate (paper section 3.2)."),
        _const("utilization", 1.0, "fraction of peak",
               "Paper section 3.2: hardware burden = processors x peak rate x time", "paper v1",
               "Burden counts peak FLOPs, so chip-hours = burden / peak; set < 1 when the "
               "FLOPs are operations actually performed (model FLOP utilisation).",
               minimum=1e-6, maximum=1.0),
        _const("tdp_w", float(tdp), "W per chip", f"hardware table: {name} tdp_w "
               f"({getattr(spec, 'tdp_w_source', '') or 'hardware table'})",
               "computelimits hardware table"),
        _const("tdp_fraction", energy["tdp_fraction"][0], "fraction of TDP", EPOCH_ENERGY,
               "2024", energy["tdp_fraction"][3], low=energy["tdp_fraction"][1],
               high=energy["tdp_fraction"][2], maximum=1.5),
        _const("server_overhead", energy["server_overhead"][0], "ratio", EPOCH_ENERGY, "2024",
               energy["server_overhead"][3], low=energy["server_overhead"][1],
               high=energy["server_overhead"][2], minimum=1.0),
        _const("pue", 1.25, "ratio", EPOCH_ENERGY + " (quoting SemiAnalysis: colocation 1.5-1.6, "
               "hyperscale < 1.4, Google ~1.1)", "2024",
               "1.25 default; 1.1 for hyperscalers (Patterson et al. 2021, Table 4).",
               low=1.1, high=1.6, minimum=1.0),
        _const("carbon_intensity_g_per_kwh", ci.gco2_per_kwh, "gCO2e/kWh",
               f"{ci.name} ({ci.key}): {ci.source}", f"{ci.dataset} {ci.dataset_version}"
               + (f", data year {ci.year}" if ci.year else "")),
    ]
    price, pnote = _price_constant(name, pricing)
    if pnote:
        notes.append(pnote)
    c.append(price)
    return {k.name: k for k in c}, tuple(notes)


def _price_constant(name: str, pricing: str) -> tuple[Constant, str]:
    """Price per chip-hour from the Epoch AI observations for ``name``."""
    from . import hardware as _hw

    prices = _hw.load_hardware_prices()
    p = prices[(prices["hardware"] == name)]
    p = p[np.isfinite(p["price_per_chip_hour_usd"].astype(float))]
    if pricing not in ("cloud", "on-demand"):
        raise InputError(f"pricing: expected 'cloud' (all cloud prices, median on-demand) or "
                         f"'on-demand', got {pricing!r}")
    demand = p[p["pricing"].astype(str).str.contains("demand", case=False)]
    if pricing == "on-demand":
        p = demand
    if len(p) == 0 or len(demand) == 0:
        c = _const("usd_per_chip_hour", float("nan"), "USD per chip-hour",
                   "no Epoch AI price observation", "Epoch AI hardware prices")
        return c, (f"no cloud price observation for {name} in the Epoch AI price table; dollars "
                   "are not estimated (pass usd_per_chip_hour=... or --price)")
    vals = p["price_per_chip_hour_usd"].astype(float)
    dvals = demand["price_per_chip_hour_usd"].astype(float)
    dates = p["date"].astype(str)
    providers = sorted({str(x) for x in p.get("provider", []) if str(x) and str(x) != "nan"})
    cite = (f"Epoch AI hardware price observations for {name}: {len(p)} prices "
            f"({dates.min()[:10]} to {dates.max()[:10]}; {', '.join(providers) or 'providers n/a'})")
    return _const("usd_per_chip_hour", float(np.median(dvals)), "USD per chip-hour", cite,
                  "Epoch AI training-cost-trends 'Hardware prices' (263c40a1)",
                  "Point = median on-demand price; low = lowest observed (incl. 1-/3-year "
                  "commitments); high = highest on-demand.", low=float(vals.min()),
                  high=float(max(dvals.max(), vals.max()))), ""


def _hardware_energy(chip_hours: np.ndarray, v: Mapping[str, float]) -> dict[str, np.ndarray]:
    kwh = (chip_hours * v["tdp_w"] * v["tdp_fraction"] * v["server_overhead"] * v["pue"]
           / 1000.0)
    kg = kwh * v["carbon_intensity_g_per_kwh"] / 1000.0
    return dict(energy_kwh=kwh, co2_kg=kg, usd=chip_hours * v["usd_per_chip_hour"])


COST_MODELS.add("hardware", CostModel(
    name="hardware",
    description="A chip from the hardware table: TDP x average power fraction x server overhead "
                "x PUE, grid carbon intensity, Epoch AI cloud prices",
    version="hardware/1",
    options=MappingProxyType(dict(chip=None, precision="fp32", grid="world", pricing="cloud")),
    defaults=_hardware_defaults,
    energy=_hardware_energy,
))


# --------------------------------------------------------------------------------------------
# estimates
# --------------------------------------------------------------------------------------------

_QUANTITIES = ("flops", "chip_hours", "chip_years", "energy_kwh", "co2_kg", "co2_lbs", "usd")


def _ro(x: Any, scalar: bool) -> Any:
    if scalar:
        return float(np.asarray(x).reshape(-1)[0])
    a = np.array(x, dtype=float)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class CostEstimate:
    """Chip time, energy, CO2 and dollars for one or more amounts of computation.

    Every quantity ``q`` in ``flops, chip_hours, chip_years, energy_kwh, co2_kg, co2_lbs, usd``
    has a point value ``q`` and the ends ``q_low``, ``q_high`` implied by the ranges of the
    constants. Scalars in, floats out; arrays in, read-only arrays out.

    Attributes
    ----------
    method : str
        Cost model name.
    constants : Mapping[str, dict]
        Every constant used: value, range, unit, citation, version (see :class:`Constant`).
    options : Mapping[str, Any]
        The model's options (chip, grid ...).
    notes : tuple of str
        Caveats (e.g. no price observation for the chip).
    """

    method: str
    flops: Any
    flops_low: Any
    flops_high: Any
    chip_hours: Any
    chip_hours_low: Any
    chip_hours_high: Any
    chip_years: Any
    chip_years_low: Any
    chip_years_high: Any
    energy_kwh: Any
    energy_kwh_low: Any
    energy_kwh_high: Any
    co2_kg: Any
    co2_kg_low: Any
    co2_kg_high: Any
    co2_lbs: Any
    co2_lbs_low: Any
    co2_lbs_high: Any
    usd: Any
    usd_low: Any
    usd_high: Any
    constants: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    version: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict: quantities (lists for arrays), constants, options, notes."""
        out: dict[str, Any] = dict(method=self.method, version=self.version)
        for q in _QUANTITIES:
            for suffix in ("", "_low", "_high"):
                v = getattr(self, q + suffix)
                out[q + suffix] = v.tolist() if isinstance(v, np.ndarray) else v
        out["constants"] = {k: dict(v) for k, v in self.constants.items()}
        out["options"] = dict(self.options)
        out["notes"] = list(self.notes)
        return out

    def to_frame(self):
        """One row per amount of computation; columns ``q``, ``q_low``, ``q_high``."""
        import pandas as pd

        cols = {}
        for q in _QUANTITIES:
            for suffix in ("", "_low", "_high"):
                cols[q + suffix] = np.atleast_1d(getattr(self, q + suffix))
        df = pd.DataFrame(cols)
        df["method"] = self.method
        return df

    def constants_frame(self):
        """The constants used, one row each, with citation and version."""
        import pandas as pd

        return pd.DataFrame([dict(v) for v in self.constants.values()])

    def summary(self) -> str:
        """Text summary: each quantity with its range, then the constants and their sources."""
        lines = [f"Cost estimate ({self.method}, {self.version})"]
        for q in _QUANTITIES:
            v, lo, hi = (np.atleast_1d(getattr(self, q + s)) for s in ("", "_low", "_high"))
            cells = [f"{_fmt(a)} [{_fmt(b)}, {_fmt(c)}]" for a, b, c in zip(v, lo, hi, strict=True)]
            lines.append(f"  {q:<11} " + "; ".join(cells))
        lines.append("Constants:")
        for k, c in self.constants.items():
            rng = "" if c["low"] == c["high"] else f" (range {c['low']:.4g}-{c['high']:.4g})"
            lines.append(f"  {k} = {c['value']:.6g} {c['unit']}{rng}  [{c['citation']}]")
        lines.extend(f"Note: {n}" for n in self.notes)
        return "\n".join(lines)


def _fmt(x: float) -> str:
    if not np.isfinite(x):
        return "inf" if x > 0 else ("nan" if np.isnan(x) else "-inf")
    return f"{x:.3g}"


def _resolve_constants(model: CostModel, overrides: Mapping[str, Any],
                       options: Mapping[str, Any]) -> tuple[dict[str, Constant], tuple[str, ...]]:
    consts, notes = model.constants(**options)
    unknown = [k for k in overrides if k not in consts]
    if unknown:
        raise UnknownNameError(f"constant of cost model '{model.name}'", unknown[0],
                               sorted(consts))
    consts = dict(consts)
    for k, spec in overrides.items():
        if spec is None:
            continue
        c = consts[k]
        if np.ndim(spec) == 0 and not isinstance(spec, (str, Constant)) and not c.is_range \
                and _finite(spec, k) == c.value:
            continue  # the default itself: keep its citation
        consts[k] = c.override(spec)
    if "usd_per_chip_hour" in overrides and overrides["usd_per_chip_hour"] is not None:
        notes = tuple(n for n in notes if "price" not in n)
    return consts, notes


def _evaluate(model: CostModel, consts: Mapping[str, Constant],
              chip_hours_fn: Callable[[Mapping[str, float]], np.ndarray],
              flops_fn: Callable[[Mapping[str, float]], np.ndarray]) -> dict[str, np.ndarray]:
    """Point values and range ends over all corners of the ranged constants."""

    def outputs(values: Mapping[str, float]) -> dict[str, np.ndarray]:
        ch = chip_hours_fn(values)
        e = model.energy(ch, values)
        return dict(flops=flops_fn(values), chip_hours=ch, chip_years=ch / HOURS_PER_YEAR,
                    energy_kwh=e["energy_kwh"], co2_kg=e["co2_kg"], co2_lbs=e["co2_kg"] / KG_PER_LB,
                    usd=e["usd"])

    point = {k: c.value for k, c in consts.items()}
    res = outputs(point)
    lo = {k: v.copy() for k, v in res.items()}
    hi = {k: v.copy() for k, v in res.items()}
    ranged = [k for k, c in consts.items() if c.is_range]
    with np.errstate(invalid="ignore"):
        for ends in itertools.product(*[(consts[k].low, consts[k].high) for k in ranged]):
            if not ranged:
                break
            corner = dict(point)
            corner.update(zip(ranged, ends, strict=True))
            o = outputs(corner)
            for k in res:
                lo[k] = np.fmin(lo[k], o[k])
                hi[k] = np.fmax(hi[k], o[k])
    for k in res:  # keep NaN where the point is NaN (e.g. no price)
        nan = np.isnan(res[k])
        lo[k] = np.where(nan, np.nan, lo[k])
        hi[k] = np.where(nan, np.nan, hi[k])
    out = dict(res)
    out.update({f"{k}_low": v for k, v in lo.items()})
    out.update({f"{k}_high": v for k, v in hi.items()})
    return out


def _build(model: CostModel, consts: Mapping[str, Constant], notes: tuple[str, ...],
           options: Mapping[str, Any], values: dict[str, np.ndarray], scalar: bool) -> CostEstimate:
    kw = {k: _ro(v, scalar) for k, v in values.items()}
    return CostEstimate(
        method=model.name, version=model.version,
        constants=MappingProxyType({k: MappingProxyType(c.to_dict()) for k, c in consts.items()}),
        options=MappingProxyType(dict(options)), notes=tuple(notes), **kw)


def _split_options(model: CostModel, kwargs: Mapping[str, Any]):
    options = {k: v for k, v in kwargs.items() if k in model.options}
    overrides = {k: v for k, v in kwargs.items() if k not in model.options}
    return options, overrides


def estimate_cost(flops: Any, method: str = "strubell2019", **overrides: Any) -> CostEstimate:
    """Chip-hours, energy, CO2 and dollars to perform ``flops`` of computation.

    Parameters
    ----------
    flops : float or array_like
        Computation in FLOPs (for the paper's projections, hardware burden: chips x peak rate x
        time). Non-negative; ``inf`` propagates (an unbounded projection has an unbounded cost).
    method : str
        A name in :data:`COST_MODELS` (``"strubell2019"`` or ``"hardware"``).
    **overrides
        Options of the model (``chip``, ``precision``, ``grid``, ``pricing`` for ``hardware``)
        and constants, each a number, a ``(low, high)`` range or ``(value, low, high)``:
        ``peak_flops_per_chip``, ``utilization``, ``pue``, ``usd_per_chip_hour``,
        ``power_per_chip_w`` and ``co2_lbs_per_kwh`` (strubell2019), ``tdp_w``, ``tdp_fraction``,
        ``server_overhead``, ``carbon_intensity_g_per_kwh`` (hardware).

    Returns
    -------
    CostEstimate

    Examples
    --------
    >>> est = estimate_cost(1e14 * 1e9)   # Figure 4: ImageNet today, 10^14 GFLOPs
    >>> round(math.log10(est.co2_lbs), 1), round(math.log10(est.usd_low), 1)
    (5.9, 6.1)

    References
    ----------
    Thompson et al., section 3.3 and Figure 4; Strubell et al. (2019), section 2 and Table 3.
    """
    model = COST_MODELS.get(method)
    options, overrides = _split_options(model, overrides)
    consts, notes = _resolve_constants(model, overrides, options)
    scalar = np.ndim(flops) == 0
    try:
        f = np.atleast_1d(np.asarray(flops, dtype=float))
    except (TypeError, ValueError):
        raise InputError(f"flops: expected numbers, got {flops!r}") from None
    if np.any(np.isnan(f)) or np.any(f < 0):
        raise InputError("flops: expected non-negative numbers (inf allowed for unbounded "
                         "projections)")

    def chip_hours(v):
        with np.errstate(over="ignore"):
            return f / (v["peak_flops_per_chip"] * v["utilization"]) / _SECONDS_PER_HOUR

    values = _evaluate(model, consts, chip_hours, lambda v: f)
    return _build(model, consts, notes, options, values, scalar)


def run_cost(hardware: str, count: float, hours: float, utilization: float | Any = 1.0, *,
             method: str = "hardware", **overrides: Any) -> CostEstimate:
    """Cost of a real training run whose chip-hours are known (``count`` chips for ``hours``).

    Parameters
    ----------
    hardware : str
        Chip name or alias from the hardware table (``"P100"``, ``"V100"``, ``"TPUv3"``...); a
        multi-chip unit (``"Cloud TPU v3"``: 4 chips) multiplies ``count``.
    count : float
        Number of chips (or units).
    hours : float
        Wall-clock training time in hours.
    utilization : float or (low, high)
        Fraction of the peak rate actually achieved; only changes the ``flops`` reported
        (computation performed); 1.0 gives the paper's hardware burden.
    method : str
        Cost model; ``"hardware"`` (default) uses the chip's TDP and prices, ``"strubell2019"``
        Strubell et al.'s constants (override ``power_per_chip_w`` with a measured draw).
    **overrides
        As in :func:`estimate_cost`.

    Examples
    --------
    Strubell et al. (2019), Table 3, Transformer big (8 x P100, 1515.43 W, 84 h):

    >>> est = run_cost("P100", 8, 84, method="strubell2019", power_per_chip_w=1515.43 / 8,
    ...                peak_flops_per_chip=9.3e12)
    >>> round(est.energy_kwh), round(est.co2_lbs), round(est.usd_low), round(est.usd_high)
    (201, 192, 289, 981)
    """
    n = _finite(count, "count")
    h = _finite(hours, "hours")
    if n <= 0 or h <= 0:
        raise InputError("count and hours must be > 0")
    from .hardware import peak_flops, resolve_hardware_unit

    name, chips_per_unit = resolve_hardware_unit(hardware)
    model = COST_MODELS.get(method)
    if "chip" in model.options:
        overrides = {"chip": name, **overrides}
    overrides = {"utilization": utilization, **overrides}
    options, overrides = _split_options(model, overrides)
    if "peak_flops_per_chip" not in overrides:
        precision = options.get("precision", "fp32")
        overrides["peak_flops_per_chip"] = _const(
            "peak_flops_per_chip", peak_flops(name, precision), "FLOP/s",
            f"hardware table: {name} peak {precision}", "computelimits hardware table")
    consts, notes = _resolve_constants(model, overrides, options)
    ch = np.array([n * chips_per_unit * h])
    values = _evaluate(
        model, consts, lambda v: ch,
        lambda v: ch * _SECONDS_PER_HOUR * v["peak_flops_per_chip"] * v["utilization"])
    return _build(model, consts, notes, {**options, "hardware": name, "count": n,
                                         "chips_per_unit": chips_per_unit, "hours": h},
                  values, True)


def cost_constants(method: str = "strubell2019", **options: Any):
    """The default constants of a cost model (for these options) as a DataFrame with citations."""
    import pandas as pd

    model = COST_MODELS.get(method)
    consts, _ = model.constants(**options)
    return pd.DataFrame([c.to_dict() for c in consts.values()])


def list_cost_models():
    """The registered cost models: name, description, version, options."""
    import pandas as pd

    return pd.DataFrame([dict(name=m.name, description=m.description, version=m.version,
                              options=", ".join(m.options) or "")
                         for m in (COST_MODELS.get(n) for n in COST_MODELS.names())])


def strubell2019_per_gflop(**overrides: Any) -> dict[str, tuple[float, float, float]]:
    """The paper's per-GFLOP conversion factors: CO2 (lbs) and dollars per GFLOP of burden.

    Derivation (Strubell et al. 2019, Table 3, Transformer big): 8 P100 x 84 h = 672 GPU-hours;
    at the P100's peak 9.3e12 FLOP/s (FP32) that is 2.25e19 FLOPs = 2.25e10 GFLOPs of hardware
    burden, which emitted 192 lbs CO2e and cost $289-$981 in the cloud. Hence 8.5e-9 lbs and
    $1.3e-8-$4.4e-8 per GFLOP (7.5e-9 lbs and $1.1e-8 at the P100 SXM2's 10.6e12 FLOP/s, the
    other end of the default range): 10^14 GFLOPs -> ~10^6 lbs and ~$10^6 (Figure 4, ImageNet
    today).

    Returns
    -------
    dict
        ``{"co2_lbs": (value, low, high), "usd": (value, low, high), "energy_kwh": ...}`` per GFLOP.
    """
    est = estimate_cost(1e9, "strubell2019", **overrides)
    return {q: (getattr(est, q), getattr(est, q + "_low"), getattr(est, q + "_high"))
            for q in ("energy_kwh", "co2_kg", "co2_lbs", "usd")}


# --------------------------------------------------------------------------------------------
# carbon intensity
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CarbonIntensity:
    """One row of the packaged carbon-intensity table."""

    key: str
    kind: str
    name: str
    country: str
    year: str
    gco2_per_kwh: float
    source: str
    dataset: str
    dataset_file: str
    dataset_version: str
    licence: str


def load_carbon_intensity():
    """Grid carbon intensities (gCO2e/kWh) packaged from CodeCarbon and ML CO2 Impact.

    Keys: ``world``, ``source:<fuel>``, ``country:<ISO3>``, ``us-state:<code>``,
    ``cloud:<provider>:<region>``, ``zone:<electricityMap zone>``; each row keeps its original
    source. Built by ``scripts/build_carbon.py`` (MIT licensed data; attribute CodeCarbon and
    ML CO2 Impact).
    """
    return _carbon_table().copy()


@cache
def _carbon_table():
    from .packaged import read_packaged_csv

    return read_packaged_csv("carbon_intensity.csv", dtype=str, keep_default_na=False)


def _norm(s: str) -> str:
    return "".join(ch for ch in str(s).lower() if ch.isalnum() or ch == ":")


@cache
def _carbon_aliases() -> dict[str, str]:
    df = _carbon_table()
    counts: dict[str, set[str]] = {}
    for key, name, kind in zip(df["key"], df["name"], df["kind"], strict=True):
        cands = {_norm(key), _norm(name) if kind in ("country", "us-state", "world",
                                                      "energy-source") else ""}
        if ":" in key:
            cands.add(_norm(key.split(":", 1)[1]))
            cands.add(_norm(key.rsplit(":", 1)[1]))
        for c in cands - {""}:
            counts.setdefault(c, set()).add(key)
    exact = {_norm(k): k for k in df["key"]}
    out = {a: next(iter(keys)) for a, keys in counts.items() if len(keys) == 1}
    out.update(exact)
    return out


def carbon_intensity(name: str = "world") -> CarbonIntensity:
    """Look up a grid carbon intensity by key or unambiguous alias.

    Examples
    --------
    >>> carbon_intensity("world").gco2_per_kwh
    475.0
    >>> carbon_intensity("France").key
    'country:FRA'
    """
    alias = _carbon_aliases().get(_norm(name))
    if alias is None:
        import difflib

        keys = list(_carbon_aliases())
        close = difflib.get_close_matches(_norm(name), keys, n=5, cutoff=0.5)
        raise UnknownNameError("grid (carbon intensity key)", str(name),
                               [_carbon_aliases()[c] for c in close] or ["world", "country:USA",
                                                                         "us-state:VA"])
    df = _carbon_table()
    r = df[df["key"] == alias].iloc[0]
    try:
        value = float(r["gco2_per_kwh"])
    except ValueError:  # pragma: no cover - the build script checks every value
        raise ComputeLimitsError(f"carbon_intensity.csv: bad value for {alias}") from None
    return CarbonIntensity(key=r["key"], kind=r["kind"], name=r["name"], country=r["country"],
                           year=r["year"], gco2_per_kwh=value, source=r["source"],
                           dataset=r["dataset"], dataset_file=r["dataset_file"],
                           dataset_version=r["dataset_version"], licence=r["licence"])
