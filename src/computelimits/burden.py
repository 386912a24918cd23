"""Hardware burden: the computing capability spent on training a model.

The paper's second measure of computation (section 3.2) is the *hardware burden*,
``#processors x ComputationRate x time``: the FLOPs the training hardware could have executed at
its peak rate, whatever fraction it achieved. The rate is the chip's peak FP32 rate by default
("We take the processing power of FP32 single in GFLOPS as our standard", supplement section 6);
``precision="tensor"`` uses the dense tensor-core FP16/BF16 rate instead, which FP32 understates
5-16x on tensor-core chips (V100: 125 vs 15.7 TFLOPS).

``count`` counts the units the hardware name denotes: chips for a chip name or a single-chip
alias ("P100", "TPUv3"), devices or pods for a multi-chip alias ("Cloud TPU v3" = 4 chips,
"TPU v3 Pod" = 1024 chips), cores for "TPU v3 core" (half a chip). See
:func:`computelimits.hardware.resolve_hardware_unit`.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 3.2,
Figure 3, supplement sections 6 and 7.2 (Tables 3-4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import DataValidationError, InputError, UnknownNameError, ValidationProblem
from .units import TIME_UNITS, positive_float

__all__ = ["HardwareBurden", "hardware_burden", "burden_detail", "hardware_burden_array",
           "fill_hardware_burden"]


@dataclass(frozen=True)
class HardwareBurden:
    """One hardware-burden computation, with every input it used.

    Attributes
    ----------
    name : str
        Hardware name as given.
    hardware : str
        Canonical chip.
    count : float
        Units as given (chips, devices, pods or cores, depending on ``name``).
    chips_per_unit : float
    chips : float
        ``count x chips_per_unit``.
    seconds : float
    precision : str
    peak_flops_per_chip : float
        FLOP/s.
    burden_flops : float
        ``chips x peak_flops_per_chip x seconds``.
    """

    name: str
    hardware: str
    count: float
    chips_per_unit: float
    chips: float
    seconds: float
    precision: str
    peak_flops_per_chip: float
    burden_flops: float

    @property
    def burden_gflops(self) -> float:
        """The burden in GFLOPs, the unit of the paper's Figure 3."""
        return self.burden_flops / 1e9

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (includes ``burden_gflops``)."""
        d = dict(self.__dict__)
        d["burden_gflops"] = self.burden_gflops
        return d



def _duration(seconds, hours, days) -> float:
    given = [(v, unit) for v, unit in ((seconds, "s"), (hours, "h"), (days, "days"))
             if v is not None]
    if len(given) != 1:
        raise InputError("give the training time exactly once: seconds, hours or days")
    value, unit = given[0]
    name = {"s": "seconds", "h": "hours", "days": "days"}[unit]
    return positive_float(value, name) * TIME_UNITS[unit]


def burden_detail(hardware: str, count: float, seconds: float | None = None, *,
                  hours: float | None = None, days: float | None = None,
                  precision: str = "fp32") -> HardwareBurden:
    """Hardware burden with its inputs (see :func:`hardware_burden`)."""
    from .hardware import peak_flops, resolve_hardware_unit

    n = positive_float(count, "count")
    secs = _duration(seconds, hours, days)
    canon, per_unit = resolve_hardware_unit(hardware)
    peak = peak_flops(canon, precision)
    chips = n * per_unit
    return HardwareBurden(name=str(hardware), hardware=canon, count=n, chips_per_unit=per_unit,
                          chips=chips, seconds=secs, precision=str(precision),
                          peak_flops_per_chip=peak, burden_flops=chips * peak * secs)


def hardware_burden(hardware: str, count: float, seconds: float | None = None, *,
                    hours: float | None = None, days: float | None = None,
                    precision: str = "fp32") -> float:
    """FLOPs of hardware burden: processors x peak rate x time (paper section 3.2).

    Parameters
    ----------
    hardware : str
        Chip name or alias ("P100", "Titan X", "TPUv3", "Cloud TPU v3 Pod", ...).
    count : float
        Number of units of ``hardware``: chips, or devices/pods/cores for a multi-chip alias.
    seconds, hours, days : float
        Training time; give exactly one.
    precision : {"fp32", "tensor", "fp16", "tf32", "best"}
        Peak rate used; ``"fp32"`` is the paper's convention.

    Returns
    -------
    float
        FLOPs.

    Raises
    ------
    UnknownNameError
        Unknown or ambiguous hardware name.
    InputError
        Count or time not a finite positive number, time given zero or several times, or the chip
        lists no rate at ``precision``.

    Examples
    --------
    The big Transformer (Vaswani et al. 2017, arXiv:1706.03762, section 5.2): 8 P100 GPUs for
    3.5 days.

    >>> from computelimits.hardware import peak_flops
    >>> hardware_burden("P100", 8, hours=84) == 8 * peak_flops("P100") * 84 * 3600
    True
    """
    return burden_detail(hardware, count, seconds, hours=hours, days=days,
                         precision=precision).burden_flops


def hardware_burden_array(hardware, count, seconds, precision: str = "fp32"):
    """Vectorised hardware burden.

    Parameters
    ----------
    hardware : str or array_like of str
        One name for all rows, or one per row.
    count, seconds : float or array_like
        Units and seconds, broadcast against each other.
    precision : str

    Returns
    -------
    numpy.ndarray
        FLOPs; NaN where a count or time is missing or the chip lists no rate at ``precision``.

    Raises
    ------
    UnknownNameError
        A name that is unknown or ambiguous.
    """
    import numpy as np

    from .hardware import get_hardware, get_precision, resolve_hardware_unit

    get_precision(precision)  # reject an unknown precision even for empty input
    cnt = np.asarray(count, dtype=float)
    secs = np.asarray(seconds, dtype=float)
    names = np.asarray(hardware, dtype=object)
    names, cnt, secs = np.broadcast_arrays(names, cnt, secs)
    rate: dict[str, tuple[float, float]] = {}
    per_chip = np.empty(names.shape, dtype=float)
    per_unit = np.empty(names.shape, dtype=float)
    for idx, name in np.ndenumerate(names):
        key = str(name)
        if key not in rate:
            canon, unit = resolve_hardware_unit(key)
            try:
                peak = get_hardware(canon).peak(precision)
            except InputError:
                peak = float("nan")
            rate[key] = (peak, unit)
        per_chip[idx], per_unit[idx] = rate[key]
    out = cnt * per_unit * per_chip * secs
    out[~((cnt > 0) & (secs > 0))] = np.nan
    return out


def fill_hardware_burden(records, precision: str = "fp32", overwrite: bool = False,
                         source: str = "<DataFrame>"):
    """Fill ``hardware_burden_flops`` of a records table from hardware, count and time.

    Parameters
    ----------
    records : pandas.DataFrame
        Records with ``hardware``, ``hardware_count`` and ``training_time_s`` (seconds); other
        columns are kept. ``hardware_count`` counts units of the named hardware (see the module
        docstring). A validated table (:func:`computelimits.schema.validate_records`) already
        holds canonical chips and chip counts.
    precision : str
        Peak rate; ``"fp32"`` is the paper's convention.
    overwrite : bool
        Recompute rows that already have a burden (default: only fill empty ones).
    source : str
        Name used in error messages.

    Returns
    -------
    pandas.DataFrame
        A copy with ``hardware_burden_flops`` (FLOPs) and ``hardware_burden_flops_source`` filled
        where hardware, count and time are all present and the chip lists a rate at
        ``precision``; other rows unchanged (empty stays empty).

    Raises
    ------
    DataValidationError
        An unknown or ambiguous hardware name, with row and column.
    """
    import numpy as np
    import pandas as pd

    from .hardware import get_precision

    prec = get_precision(precision).name
    df = records.copy()
    for col in ("hardware", "hardware_count", "training_time_s"):
        if col not in df.columns:
            raise DataValidationError([ValidationProblem(source, None, col, f"a column named {col}",
                                                         "no such column")])
    if "hardware_burden_flops" not in df.columns:
        df["hardware_burden_flops"] = np.nan
    if "hardware_burden_flops_source" not in df.columns:
        df["hardware_burden_flops_source"] = None
    current = pd.to_numeric(df["hardware_burden_flops"], errors="coerce").to_numpy(dtype=float)
    hw = df["hardware"].to_numpy(dtype=object)
    has_hw = np.array([isinstance(h, str) and h.strip() != "" for h in hw])
    cnt = pd.to_numeric(df["hardware_count"], errors="coerce").to_numpy(dtype=float)
    secs = pd.to_numeric(df["training_time_s"], errors="coerce").to_numpy(dtype=float)
    todo = has_hw & np.isfinite(cnt) & np.isfinite(secs) & (overwrite | ~np.isfinite(current))
    if not todo.any():
        df["hardware_burden_flops"] = current
        return df
    from .hardware import resolve_hardware_unit

    problems = []
    canon: dict[int, str] = {}
    for pos in np.flatnonzero(todo):
        try:
            canon[int(pos)] = resolve_hardware_unit(hw[pos])[0]
        except UnknownNameError as exc:
            cand = ", ".join(exc.candidates)
            problems.append(ValidationProblem(source, int(pos) + 1, "hardware",
                                              f"a known, unambiguous chip ({cand})", repr(hw[pos])))
    if problems:
        raise DataValidationError(problems)
    new = hardware_burden_array(hw[todo], cnt[todo], secs[todo], precision=prec)
    filled = current.copy()
    src = df["hardware_burden_flops_source"].to_numpy(dtype=object, copy=True)
    for pos, value in zip(np.flatnonzero(todo), new, strict=True):
        if np.isfinite(value):  # a chip without a rate at this precision keeps what it had
            filled[pos] = value
            src[pos] = (f"derived: hardware_count x peak {prec} rate of {canon[int(pos)]} x "
                        "training_time_s")
    df["hardware_burden_flops"] = filled
    df["hardware_burden_flops_source"] = src
    return df
