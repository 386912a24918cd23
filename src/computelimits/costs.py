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
    A chip from the hardware table (:mod:`computelimits.hardware`), priced as a user pricing a
    run today would: chip-hours = FLOPs / (peak rate x utilisation) at the chip's dense tensor
    rate (FP32 without tensor cores) and the median model FLOP utilization of Epoch AI's runs
    (:func:`computelimits.cost_models.typical_utilization`); the paper's FP32 convention with
    utilization 1 is ``precision="fp32"``. Energy = chip-hours x TDP x average power fraction x server
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

Layout: this module evaluates estimates (:class:`CostEstimate`, :func:`estimate_cost`,
:func:`run_cost`); the constants and models live in :mod:`computelimits.cost_models`, the
readable rendering with context values in :mod:`computelimits.cost_context`. Every estimate's
first note states the peak rate and utilization it assumed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from .cost_models import (
    COST_MODELS,
    KG_PER_LB,
    STRUBELL2019_NAS,
    STRUBELL2019_T2T_BIG,
    CarbonIntensity,
    Constant,
    CostModel,
    _const,
    _finite,
    carbon_intensity,
    load_carbon_intensity,
)
from .errors import InputError, UnknownNameError
from .presentation import Presentable, Text

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

#: Hours in a Julian year (365.25 days), for chip-years.
HOURS_PER_YEAR = 365.25 * 24.0
_SECONDS_PER_HOUR = 3600.0


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
class CostEstimate(Presentable):
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
        for suffix in ("", "_low", "_high"):
            v = getattr(self, "co2_tonnes" + suffix)
            out["co2_tonnes" + suffix] = v.tolist() if isinstance(v, np.ndarray) else v
        out["constants"] = {k: dict(v) for k, v in self.constants.items()}
        out["options"] = dict(self.options)
        out["notes"] = list(self.notes)
        ctx = self.context()
        out["context"] = ctx if isinstance(self.flops, np.ndarray) else ctx[0]
        return out

    def to_frame(self):
        """One row per amount of computation; columns ``q``, ``q_low``, ``q_high`` for ``flops``,
        ``chip_hours``, ``chip_years``, ``energy_kwh``, ``co2_kg``, ``co2_lbs``, ``usd`` and
        ``co2_tonnes``."""
        import pandas as pd

        cols = {}
        for q in (*_QUANTITIES, "co2_tonnes"):
            for suffix in ("", "_low", "_high"):
                cols[q + suffix] = np.atleast_1d(getattr(self, q + suffix))
        df = pd.DataFrame(cols)
        df["method"] = self.method
        return df

    def constants_frame(self):
        """The constants used, one row each, with citation and version."""
        import pandas as pd

        return pd.DataFrame([dict(v) for v in self.constants.values()])

    @property
    def co2_tonnes(self) -> Any:
        """CO2e in metric tonnes (``co2_kg / 1000``)."""
        return self.co2_kg / 1000.0

    @property
    def co2_tonnes_low(self) -> Any:
        """Low end of :attr:`co2_tonnes`."""
        return self.co2_kg_low / 1000.0

    @property
    def co2_tonnes_high(self) -> Any:
        """High end of :attr:`co2_tonnes`."""
        return self.co2_kg_high / 1000.0

    def context(self) -> list[list[dict[str, Any]]]:
        """Per amount of computation, the comparisons with reference values a reader knows.

        See :func:`computelimits.cost_context.cost_context`: world GDP, world electricity demand
        and power-sector CO2 in a year, the largest and the most expensive training run in
        Epoch AI's data, each with its source and year.
        """
        from .cost_context import cost_context

        out = []
        for i in range(np.atleast_1d(self.flops).size):
            rows = []
            for q in ("flops", "energy_kwh", "co2_kg", "usd"):
                v = float(np.atleast_1d(getattr(self, q))[i])
                lg = np.log10(v) if v > 0 else (-np.inf if v == 0 else np.nan)
                rows.extend({"quantity": q, **c} for c in cost_context(q, float(lg)))
            out.append(rows)
        return out

    def _summary_blocks(self) -> list[Text]:
        """Human-readable text: per amount of computation, energy (kWh), CO2 (tonnes or kg, lbs
        beside) and dollars with their ranges and context (:func:`~computelimits.cost_context.
        render_cost`), the assumptions (peak rate, utilization) and every constant with its
        source."""
        from .cost_context import render_cost

        n = np.atleast_1d(self.flops).size
        lines = [f"Cost estimate ({self.method}, {self.version})"]
        for i in range(n):
            if n > 1:
                lines.append(f"[{i + 1}]")
            lines.append(render_cost(self, index=i, assumptions=False))
        lines.extend(f"Note: {x}" for x in self.notes)
        lines.append("Constants:")
        for k, c in self.constants.items():
            rng = "" if c["low"] == c["high"] else f" (range {c['low']:.4g}-{c['high']:.4g})"
            lines.append(f"  {k} = {c['value']:.6g} {c['unit']}{rng}  [{c['citation']}]")
        return [Text("\n".join(lines).splitlines())]


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


def _why(c: Constant, scale: float = 1.0) -> str:
    rng = "" if not c.is_range else f"; range {c.low / scale:.4g}-{c.high / scale:.4g}"
    return f" ({c.short or c.citation}{rng})"


def assumptions_note(consts: Mapping[str, Constant], model: CostModel | None = None) -> str:
    """The peak rate and utilization a cost assumes, in one line with their sources."""
    p, u = consts["peak_flops_per_chip"], consts["utilization"]
    prec = model is None or "precision" in model.options
    return (f"Assumes {p.value / 1e12:.4g} TFLOP/s per chip{_why(p, 1e12)} at utilization "
            f"{u.value:.4g}{_why(u)}; change with {'--precision or ' if prec else ''}"
            f"--peak-flops, and --utilization ({'precision=, ' if prec else ''}"
            "peak_flops_per_chip=, utilization=).")


def _build(model: CostModel, consts: Mapping[str, Constant], notes: tuple[str, ...],
           options: Mapping[str, Any], values: dict[str, np.ndarray], scalar: bool) -> CostEstimate:
    kw = {k: _ro(v, scalar) for k, v in values.items()}
    notes = (assumptions_note(consts, model), *notes)
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
    >>> round(float(np.log10(est.co2_lbs)), 1), round(float(np.log10(est.usd_low)), 1)
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
    finite = np.isfinite(f)
    for k, v in values.items():
        if np.any(np.isinf(v) & finite):
            raise InputError(f"the {k} of {f[np.isinf(v) & finite][0]:g} FLOPs overflows floating "
                             "point with these constants (a peak rate or utilization near 0?)")
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
    from .hardware import BURDEN_PEAK_RATE, get_hardware, resolve_hardware_unit

    name, chips_per_unit = resolve_hardware_unit(hardware)
    model = COST_MODELS.get(method)
    if "chip" in model.options:
        overrides = {"chip": name, **overrides}
    overrides = {"utilization": utilization, **overrides}
    options, overrides = _split_options(model, overrides)
    if "peak_flops_per_chip" not in overrides and "chip" not in model.options:
        # a model without a chip of its own (strubell2019): the run's chip at the burden rate
        used = get_hardware(name).peak_rate_used(options.get("precision") or BURDEN_PEAK_RATE)
        overrides["peak_flops_per_chip"] = _const(
            "peak_flops_per_chip", used.value, "FLOP/s", used.citation,
            "computelimits hardware table", exclusive_minimum=True,
            short=f"{used.hardware} {used.label} peak")
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
