"""Training compute of a model, and what it cost: from FLOPs per pass, or from the hardware used.

Two routes, as the paper's two measures of computation (section 3.2):

1. **From passes** (:func:`training_compute`): FLOPs per forward pass on one example x (1 +
   backward factor) x training examples x epochs. The backward pass computes the gradients with
   respect to both the activations and the weights of every matrix product, each as costly as the
   forward product, so the usual convention is a backward factor of 2, i.e. a training pass costs
   3x a forward pass (Amodei & Hernandez, "AI and Compute", OpenAI 2018; Kaplan et al. 2020,
   arXiv:2001.08361, section 2.1: ``C ~ 6 N`` per token = 3 x ``2 N``). The factor is explicit
   and overridable, and a :class:`~computelimits.flops.FlopCount` gives the *measured* one
   (PyTorch counts slightly under 2 because the first layer's input gradient is not needed).
2. **From hardware** (:func:`training_compute_from_hardware`): chips x peak FLOP/s per chip x
   seconds x utilisation. With utilisation 1 this is the paper's *hardware burden* (processors x
   computation rate x time, at peak FP32, section 3.2 and supplement section 6), an upper bound on
   the operations actually performed; real runs reach a fraction of peak.

Both attach a :class:`~computelimits.costs.CostEstimate` (energy, CO2, dollars, with ranges).

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning" (arXiv:2007.05558),
sections 3.2, 3.3 and 6.1. Amodei & Hernandez (2018), "AI and Compute", OpenAI blog, appendix
"Methods". Kaplan et al. (2020), "Scaling Laws for Neural Language Models", arXiv:2001.08361.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import InputError
from .hardware import BURDEN_PEAK_RATE
from .presentation import Presentable, Text
from .units import positive_float

__all__ = [
    "DEFAULT_BACKWARD_FACTOR",
    "TrainingCompute",
    "training_compute",
    "training_compute_from_hardware",
]

#: Backward-pass FLOPs per forward-pass FLOP: a training pass costs (1 + 2) = 3 forward passes
#: (Amodei & Hernandez 2018; Kaplan et al. 2020, section 2.1).
DEFAULT_BACKWARD_FACTOR = 2.0


@dataclass(frozen=True)
class TrainingCompute(Presentable):
    """Total training computation of one model, with its cost; an immutable value.

    Attributes
    ----------
    method : {"passes", "measured", "hardware"}
        ``passes``: per-pass FLOPs x (1 + backward factor) x examples x epochs; ``measured``: the
        same with the forward+backward FLOPs measured by PyTorch; ``hardware``: chips x peak rate
        x time x utilisation.
    flops, flops_low, flops_high : float
        Training computation in FLOPs (the ends differ when the utilisation is a range).
    inputs : Mapping[str, Any]
        Everything that went into the number (per-pass FLOPs, factor, examples, epochs; or chip,
        chips, seconds, peak rate, precision, utilisation).
    cost : CostEstimate or None
        Energy, CO2 and dollars (:mod:`computelimits.costs`); ``None`` when not asked for.
    notes : tuple of str
        Conventions and caveats of this estimate.
    """

    method: str
    flops: float
    flops_low: float
    flops_high: float
    inputs: Mapping[str, Any] = field(default_factory=dict)
    cost: Any = None
    notes: tuple[str, ...] = ()

    @property
    def pflop_s_days(self) -> float:
        """The computation in petaFLOP/s-days (the unit of "AI and Compute")."""
        from .units import PFLOP_S_DAY

        return self.flops / PFLOP_S_DAY

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (the CLI's ``--json``), the cost nested under ``cost``."""
        return dict(method=self.method, flops=self.flops, flops_low=self.flops_low,
                    flops_high=self.flops_high, pflop_s_days=self.pflop_s_days,
                    inputs=dict(self.inputs),
                    cost=None if self.cost is None else self.cost.to_dict(),
                    notes=list(self.notes))

    def to_frame(self):
        """One-row :class:`pandas.DataFrame`: computation, inputs and cost quantities."""
        import pandas as pd

        row: dict[str, Any] = dict(method=self.method, flops=self.flops,
                                   flops_low=self.flops_low, flops_high=self.flops_high,
                                   pflop_s_days=self.pflop_s_days)
        row.update({k: v for k, v in self.inputs.items() if not isinstance(v, (dict, list))})
        if self.cost is not None:
            for q in ("chip_hours", "energy_kwh", "co2_kg", "co2_lbs", "usd"):
                for s in ("", "_low", "_high"):
                    row[q + s] = float(getattr(self.cost, q + s))
            row["cost_method"] = self.cost.method
        return pd.DataFrame([row])

    def _summary_blocks(self) -> list[Text]:
        """Plain-text report."""
        rng = ("" if self.flops_low == self.flops_high
               else f" (range {self.flops_low:.4g} to {self.flops_high:.4g})")
        lines = [f"Training compute ({self.method}): {self.flops:.4g} FLOPs{rng} = "
                 f"{self.pflop_s_days:.4g} petaFLOP/s-days"]
        for k, v in self.inputs.items():
            lines.append(f"  {k}: {v:.6g}" if isinstance(v, float) else f"  {k}: {v}")
        if self.cost is not None:
            from .cost_context import render_cost

            c = self.cost
            lines.append(f"  cost ({c.method}):")
            lines.extend(f"    {x}" for x in render_cost(c, assumptions=False).splitlines())
            lines.extend(f"  cost note: {n}" for n in c.notes)
        lines.extend(f"  note: {n}" for n in self.notes)
        return [Text("\n".join(lines).splitlines())]



def _utilization(u: Any) -> tuple[float, float, float]:
    """``u`` or ``(low, high)`` or ``(value, low, high)`` -> (value, low, high) in (0, 1]."""
    given = list(u) if isinstance(u, (tuple, list)) else [u]
    try:
        vals = [float(x) for x in given]
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"utilization must be a number or numbers, got {u!r:.60}") from None
    if len(vals) not in (1, 2, 3):
        raise InputError(f"utilization: expected a number, (low, high) or (value, low, high), "
                         f"got {u!r:.60}")
    if not all(math.isfinite(x) and 0 < x <= 1 for x in vals):
        raise InputError(f"utilization must be in (0, 1] (a fraction of peak), got {u!r:.60}")
    if len(vals) == 1:
        v = lo = hi = vals[0]
    elif len(vals) == 2:
        lo, hi = sorted(vals)
        # geometric mean, as computelimits.cost_models.Constant.override; kept inside the range
        v = min(max(math.sqrt(lo) * math.sqrt(hi), lo), hi)
    else:
        v, lo, hi = vals[0], min(vals[1:]), max(vals[1:])
    if not lo <= v <= hi:
        raise InputError(f"utilization: value {v} outside its range ({lo}, {hi})")
    return v, lo, hi


def _cost_of(flops: float, cost: str | None, overrides: Mapping[str, Any]):
    if cost is None:
        return None
    from .costs import estimate_cost

    return estimate_cost(flops, method=cost, **overrides)


def training_compute(flops_per_pass, examples: float, epochs: float = 1.0, *,
                     backward_factor: float | None = None, cost: str | None = "strubell2019",
                     **cost_overrides: Any) -> TrainingCompute:
    """Training computation from FLOPs per forward pass, examples and epochs.

    ``flops = flops_per_pass x (1 + backward_factor) x examples x epochs``.

    Parameters
    ----------
    flops_per_pass : float or FlopCount
        FLOPs of one forward pass on one example (the paper's computation per network pass), or
        a :class:`~computelimits.flops.FlopCount`, whose measured forward+backward FLOPs per
        example are used (unless ``backward_factor`` is given).
    examples : float
        Training examples seen per epoch (e.g. 1,281,167 for ImageNet).
    epochs : float
        Passes over the training set.
    backward_factor : float, optional
        Backward FLOPs per forward FLOP; :data:`DEFAULT_BACKWARD_FACTOR` (2, so a training pass
        costs 3 forward passes) for a number, the measured ratio for a ``FlopCount``.
    cost : str or None
        Cost model of :data:`computelimits.costs.COST_MODELS` (``"strubell2019"``, ``"hardware"``
        with ``chip=...``); ``None`` for no cost.
    **cost_overrides
        Options and constants of the cost model, e.g. ``utilization=0.4`` (the fraction of peak
        the chips reach; the default 1.0 makes chip-hours and costs lower bounds),
        ``chip="V100"``, ``usd_per_chip_hour=(1, 3)``.

    Returns
    -------
    TrainingCompute

    Examples
    --------
    ResNet-50 (4.1 G multiply-adds per 224x224 image, He et al. 2015, Table 1) for 90 epochs
    of ImageNet:

    >>> tc = training_compute(2 * 4.1e9, 1_281_167, 90, cost=None)
    >>> f"{tc.flops:.3e}"
    '2.837e+18'
    """
    ex = positive_float(examples, "examples")
    ep = positive_float(epochs, "epochs")
    notes: list[str] = []
    inputs: dict[str, Any] = {}
    if hasattr(flops_per_pass, "forward_flops_per_example"):
        fc = flops_per_pass
        fwd = positive_float(fc.forward_flops_per_example, "forward FLOPs per example")
        if backward_factor is None:
            method = "measured"
            per_example = float(fc.forward_backward_flops_per_example)
            factor = per_example / fwd - 1.0
            notes.append(f"forward + backward FLOPs measured by PyTorch on {fc.model} "
                         f"(backward = {factor:.4g} x forward)")
            if fc.backward_flops == 0:
                notes.append("the FLOP count has no backward pass: only forward FLOPs are counted")
        else:
            method = "passes"
            factor = float(backward_factor)
            per_example = fwd * (1.0 + factor)
        inputs["model"] = fc.model
    else:
        fwd = positive_float(flops_per_pass, "flops_per_pass")
        method = "passes"
        factor = DEFAULT_BACKWARD_FACTOR if backward_factor is None else float(backward_factor)
        per_example = fwd * (1.0 + factor)
    if not (math.isfinite(factor) and factor >= 0):
        raise InputError(f"backward_factor must be >= 0, got {backward_factor!r}")
    if method == "passes":
        notes.append(f"a training pass = forward + backward = (1 + {factor:g}) x forward FLOPs"
                     + (" (the usual 3x convention)" if factor == DEFAULT_BACKWARD_FACTOR else ""))
    flops = per_example * ex * ep
    inputs.update(flops_per_pass=fwd, backward_factor=factor,
                  training_flops_per_example=per_example, examples=ex, epochs=ep)
    c = _cost_of(flops, cost, cost_overrides)
    if c is not None and c.constants["utilization"]["value"] == 1.0:
        notes.append("cost assumes the chips run at their peak rate (utilization 1): chip-hours, "
                     "energy, CO2 and dollars are lower bounds; pass utilization=... (e.g. a "
                     "measured model FLOP utilisation)")
    return TrainingCompute(method=method, flops=flops, flops_low=flops, flops_high=flops,
                           inputs=MappingProxyType(inputs), cost=c, notes=tuple(notes))


def training_compute_from_hardware(hardware: str, count: float, seconds: float | None = None, *,
                                   hours: float | None = None, days: float | None = None,
                                   utilization: Any = 1.0,
                                   precision: str = BURDEN_PEAK_RATE, cost: str | None = "hardware",
                                   **cost_overrides: Any) -> TrainingCompute:
    """Training computation from the hardware used: chips x peak rate x time x utilisation.

    Parameters
    ----------
    hardware : str
        Chip name or alias from the hardware table (``"V100"``, ``"TPUv3"``, ``"Cloud TPU v3"``
        = 4 chips ...).
    count : float
        Number of ``hardware`` units (chips, or devices/pods for multi-chip aliases).
    seconds, hours, days : float
        Wall-clock training time (give exactly one).
    utilization : float or (low, high) or (value, low, high)
        Fraction of the peak rate achieved. 1.0 (default) gives the paper's hardware burden
        (section 3.2), an upper bound on the operations performed.
    precision : str
        Peak-rate convention: ``"paper"`` (default: FP32, the paper's convention, or the
        matrix-unit rate of chips with no FP32 peak), ``"fp32"``, ``"tensor"`` ...
        (:data:`computelimits.hardware.PEAK_RATES`).
    cost : str or None
        Cost model for the run's chip-hours (:func:`computelimits.costs.run_cost`): ``"hardware"``
        (the chip's TDP and prices) or ``"strubell2019"``; ``None`` for no cost.
    **cost_overrides
        Options and constants of the cost model (``grid="us"``, ``pue=1.1`` ...).

    Returns
    -------
    TrainingCompute

    Examples
    --------
    8 V100 for 24 hours at peak FP32 (15.67 TFLOP/s per chip in the hardware table):

    >>> tc = training_compute_from_hardware("V100", 8, hours=24, cost=None)
    >>> f"{tc.flops:.4e}"
    '1.0831e+19'
    """
    from .burden import burden_detail
    from .hardware import get_peak_rate

    u, u_lo, u_hi = _utilization(utilization)
    prec = get_peak_rate(precision).name
    bd = burden_detail(hardware, count, seconds, hours=hours, days=days, precision=prec)
    canon, per_unit, chips, secs = bd.hardware, bd.chips_per_unit, bd.chips, bd.seconds
    n, peak, burden = bd.count, bd.peak_flops_per_chip, bd.burden_flops
    notes: list[str] = []
    if per_unit != 1.0:
        notes.append(f"'{hardware}' is {per_unit:g} chip(s) of {canon}: {chips:g} chips in all")
    if u == 1.0 and u_lo == u_hi:
        notes.append("utilization 1: this is the paper's hardware burden (peak rate x time), an "
                     "upper bound on the operations performed")
    inputs = dict(hardware=canon, count=n, chips=chips, seconds=secs, hours=secs / 3600.0,
                  precision=prec, peak_flops_per_chip=peak, utilization=u,
                  utilization_low=u_lo, utilization_high=u_hi, hardware_burden_flops=burden)
    c = None
    if cost is not None:
        from .costs import run_cost

        extra = dict(cost_overrides)
        if cost == "hardware":
            extra.setdefault("precision", prec)
        else:  # the same peak rate as the computation above
            extra.setdefault("peak_flops_per_chip", peak)
        util = u if u_lo == u_hi else (u, u_lo, u_hi)
        c = run_cost(canon, chips, secs / 3600.0, utilization=util, method=cost, **extra)
    return TrainingCompute(method="hardware", flops=burden * u, flops_low=burden * u_lo,
                           flops_high=burden * u_hi, inputs=MappingProxyType(inputs), cost=c,
                           notes=tuple(notes))
