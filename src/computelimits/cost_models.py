"""Cost models: the cited constants and the arithmetic from chip-hours to energy, CO2 and dollars.

Every constant is a named :class:`Constant` with its unit, citation and version, overridable by
a single value or a ``(low, high)`` range. The models are registered in :data:`COST_MODELS`;
:mod:`computelimits.costs` evaluates them (``estimate_cost``, ``run_cost``) and is the public
entry point. Split from :mod:`computelimits.costs` (one concern per module): this module holds
the constants, the models and the packaged tables they read (grid carbon intensity, observed
model FLOP utilization).

``strubell2019``
    The paper's conversion (section 3.3, Figure 4, reference [82] = Strubell, Ganesh, McCallum
    2019): P100 GPU-hours at the P100's peak FP32 rate, measured power x PUE 1.58, 0.954 lbs
    CO2e per kWh, $0.43-$1.46 per GPU-hour (their Table 3).
``hardware``
    A chip from the hardware table priced as a user pricing a run today would: chip-hours =
    FLOPs / (peak rate x utilization) at the chip's dense tensor rate (FP32 for chips without
    tensor cores; :data:`computelimits.hardware.COST_PEAK_RATE`) and the median model FLOP
    utilization of the runs in Epoch AI's data (:func:`typical_utilization`); with the burden
    conventions (``precision="fp32"`` or ``"paper"``) the utilization defaults to 1, as in the
    paper. Energy = chip-hours x TDP x average power fraction x server overhead x PUE; CO2 =
    energy x grid carbon intensity; dollars = chip-hours x Epoch AI's price observations.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 3.3 and
Figure 4. Strubell, Ganesh, McCallum, "Energy and Policy Considerations for Deep Learning in NLP",
ACL 2019, arXiv:1906.02243, section 2 and Table 3. Cottier, Rahman, Fattorini, Maslej, Owen,
"The rising costs of training frontier AI models", arXiv:2405.21015 (Epoch AI), whose energy
assumptions are in ``epoch-research/training-cost-trends``, ``energy.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from types import MappingProxyType
from typing import Any

import numpy as np

from ._registry import Registry
from .errors import ComputeLimitsError, InputError, UnknownNameError

__all__ = [
    "Constant",
    "CostModel",
    "CarbonIntensity",
    "COST_MODELS",
    "KG_PER_LB",
    "STRUBELL2019_T2T_BIG",
    "STRUBELL2019_NAS",
    "load_carbon_intensity",
    "carbon_intensity",
    "load_model_flop_utilization",
    "typical_utilization",
]

#: Kilograms in one avoirdupois pound (exact, by definition).
KG_PER_LB = 0.45359237

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
    exclusive_minimum : bool
        True when ``minimum`` itself is not admissible (a peak rate of 0 FLOP/s would make
        every cost infinite).
    short : str
        A few words saying where the value comes from, for one-line summaries.
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
    exclusive_minimum: bool = False
    short: str = ""

    def _admissible(self, lo: float, hi: float) -> bool:
        above = lo > self.minimum if self.exclusive_minimum else lo >= self.minimum
        return above and hi <= self.maximum

    def _bounds_text(self) -> str:
        if self.maximum == math.inf:
            return f"{'>' if self.exclusive_minimum else '>='} {self.minimum:g}"
        return f"in {'(' if self.exclusive_minimum else '['}{self.minimum:g}, {self.maximum:g}]"

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
            if not (spec.low <= spec.value <= spec.high) or not self._admissible(spec.low,
                                                                                 spec.high):
                raise InputError(f"{self.name}: {spec.value:g} ({spec.low:g}-{spec.high:g}) is "
                                 f"not {self._bounds_text()}")
            return replace(spec, name=self.name, minimum=self.minimum, maximum=self.maximum,
                           exclusive_minimum=self.exclusive_minimum)
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
                # geometric mean, without overflowing lo * hi
                v = math.sqrt(lo) * math.sqrt(hi) if lo > 0 else lo / 2.0 + hi / 2.0
                v = min(max(v, lo), hi)  # rounding of the product must not leave the range
            elif len(vals) == 3:
                v, lo, hi = vals
            else:
                raise InputError(f"{self.name}: expected a number, (low, high) or (value, low, high)")
        if not lo <= v <= hi:
            raise InputError(f"{self.name}: value {v:g} is outside its range ({lo:g}, {hi:g})")
        if not self._admissible(lo, hi):
            raise InputError(f"{self.name}: expected {self.unit or 'a value'} "
                             f"{self._bounds_text()}, got {lo:g}"
                             + ("" if lo == hi else f" to {hi:g}"))
        return replace(self, value=v, low=lo, high=hi, citation="user override",
                       version="user", note=f"default was {self.value:g} ({self.citation})",
                       short="your value")

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


_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?$")


def _parse_range_text(text: str, name: str) -> Any:
    """A number or a range typed by a user.

    ``"0.4"`` -> ``"0.4"``; ``"0.3:0.5"`` -> ``("0.3", "0.5")``; ``"1,500"`` (commas grouping
    thousands) -> ``"1500"``. Any other comma is an error, never a silent range: ``"1,5"`` could
    be a decimal comma, ``"0.3,0.5"`` a range (write ``0.3:0.5``).
    """
    s = str(text).strip()
    parts = [p.strip() for p in s.split(":")] if ":" in s else [s]
    if len(parts) > 2:
        raise InputError(f"{name}: expected a number or a range LOW:HIGH, got {text!r}")
    out = []
    for p in parts:
        if "," in p:
            if not _GROUPED.match(p):
                raise InputError(f"{name}: {text!r} has a comma that is not a thousands separator;"
                                 " write a range as LOW:HIGH (0.3:0.5) and decimals with a point")
            p = p.replace(",", "")
        out.append(p)
    return tuple(out) if len(out) == 2 else out[0]


def _const(name, value, unit, citation, version, note="", low=None, high=None, minimum=0.0,
           maximum=math.inf, exclusive_minimum=False, short="") -> Constant:
    lo = value if low is None else low
    hi = value if high is None else high
    return Constant(name, float(value), float(lo), float(hi), unit, citation, version, note,
                    minimum, maximum, exclusive_minimum, short)


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
               "burden counts this peak rate (paper section 3.2).", low=9.3e12, high=1.061e13,
               exclusive_minimum=True, short="P100 FP32 peak, PCIe to SXM2"),
        _const("utilization", 1.0, "fraction of peak",
               "Paper section 3.2: hardware burden = processors x peak rate x time", "paper v1",
               "Burden counts peak FLOPs, so chip-hours = burden / peak; set < 1 only when the "
               "FLOPs are operations actually performed.", minimum=1e-6, maximum=1.0,
               short="the paper's hardware burden counts peak FLOPs"),
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


def _hardware_defaults(chip: str | None = None, precision: str | None = None, grid: str = "world",
                       pricing: str = "cloud") -> tuple[dict[str, Constant], tuple[str, ...]]:
    if not chip:
        raise InputError("the 'hardware' cost model needs a chip (e.g. chip='V100'; "
                         "CLI: --chip V100)")
    from . import hardware as _hw

    spec = _hw.get_hardware(chip)
    name = spec.hardware
    notes: list[str] = []
    conv = _hw.get_peak_rate(_hw.COST_PEAK_RATE if precision is None else precision)
    used = spec.peak_rate_used(conv.name)
    tdp = getattr(spec, "tdp_w", float("nan"))
    if tdp is None or not np.isfinite(float(tdp)) or float(tdp) <= 0:
        raise InputError(f"chip '{name}' has no TDP in the hardware table; pass tdp_w=...")
    ctype = str(getattr(spec, "type", "GPU") or "GPU").upper()
    energy = _TYPE_ENERGY.get("TPU" if "TPU" in ctype else "GPU")
    if "TPU" not in ctype and ctype != "GPU":
        notes.append(f"{name} is a {ctype}; GPU server-overhead assumptions used")
    ci = carbon_intensity(grid)
    if conv.achieved_at_peak:  # the paper's burden convention: burden / peak = chip-hours
        util = _const("utilization", 1.0, "fraction of peak",
                      "Paper section 3.2: hardware burden = processors x peak rate x time",
                      "paper v1", f"With the burden convention ('{conv.name}') the FLOPs are "
                      "peak FLOPs, so chip-hours = burden / peak; set < 1 when they are "
                      "operations actually performed.", minimum=1e-6, maximum=1.0,
                      short="the paper's hardware burden counts peak FLOPs")
    else:
        util = typical_utilization()
    c = [
        _const("peak_flops_per_chip", used.value, "FLOP/s", used.citation,
               "computelimits hardware table",
               f"Peak-rate convention '{conv.name}': {conv.description}.",
               exclusive_minimum=True, short=f"{name} {used.label} peak"),
        util,
        _const("tdp_w", float(tdp), "W per chip", f"hardware table: {name} tdp_w "
               f"({getattr(spec, 'tdp_w_source', '') or 'hardware table'})",
               "computelimits hardware table", exclusive_minimum=True),
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


# --------------------------------------------------------------------------------------------
# typical utilization (model FLOP utilization observed in real runs)
# --------------------------------------------------------------------------------------------
MFU_FILE = "model_flop_utilization.csv"


@cache
def _mfu_table():
    from .packaged import read_packaged_csv

    return read_packaged_csv(MFU_FILE, dtype={"model": str, "publication_date": str,
                                              "training_hardware": str, "source": str},
                             keep_default_na=False)


def load_model_flop_utilization():
    """Model FLOP utilization (MFU) of the training runs Epoch AI records one for.

    Returns
    -------
    pandas.DataFrame
        ``model``, ``publication_date``, ``training_hardware``, ``mfu`` (fraction of the
        hardware's peak) and ``source`` (file and row of Epoch AI's notable-models table,
        export 2026-05-02, CC BY 4.0). Built by ``scripts/build_hardware.py``.
    """
    return _mfu_table().copy()


def typical_utilization() -> Constant:
    """The utilization a cost of a run today assumes: the median MFU of Epoch AI's runs.

    The point value is the median model FLOP utilization of the runs in
    :func:`load_model_flop_utilization` (34 runs, 2012-2025, median 0.33); the range is the
    lowest to the highest observed. Model FLOPs are the operations the model needs, so
    chip-hours = FLOPs / (peak x MFU).

    Examples
    --------
    >>> u = typical_utilization()
    >>> round(u.value, 4), round(u.low, 3), round(u.high, 3)
    (0.3325, 0.171, 0.549)
    """
    df = _mfu_table()
    v = df["mfu"].astype(float).to_numpy()
    dates = df["publication_date"].astype(str)
    return _const("utilization", float(np.median(v)), "fraction of peak (MFU)",
                  f"median model FLOP utilization of {len(v)} training runs "
                  f"({dates.min()[:4]}-{dates.max()[:4]}) in Epoch AI's notable AI models data "
                  "(column 'Hardware utilization (MFU)', export 2026-05-02, CC BY 4.0)",
                  "Epoch AI notable_ai_models 2026-05-02",
                  "Range: the lowest to the highest observed MFU. Utilization 1 (the paper's "
                  "burden convention) would price a run as if the chips ran at peak.",
                  low=float(v.min()), high=float(v.max()), minimum=1e-6, maximum=1.0,
                  short=f"median MFU of {len(v)} runs, Epoch AI")


def _price_constant(name: str, pricing: str) -> tuple[Constant, str]:
    """Price per chip-hour from the Epoch AI observations for ``name``."""
    from . import hardware as _hw

    prices = _hw._prices_table()  # read only here: no copy
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
    description="A chip from the hardware table, priced as a run today: dense tensor peak (FP32 "
                "without tensor cores) x typical MFU (Epoch AI), TDP x average power fraction x "
                "server overhead x PUE, grid carbon intensity, Epoch AI cloud prices",
    version="hardware/2",
    options=MappingProxyType(dict(chip=None, precision=None, grid="world", pricing="cloud")),
    defaults=_hardware_defaults,
    energy=_hardware_energy,
))


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
