"""Hardware burden: the computing capability spent on training a model.

The paper's second measure of computation (section 3.2) is the *hardware burden*,
``#processors x ComputationRate x time``: the FLOPs the training hardware could have executed at
its peak rate, whatever fraction it achieved. The rate is the chip's peak FP32 rate ("We take the
processing power of FP32 single in GFLOPS as our standard", supplement section 6), or, for chips
that publish no FP32 peak (TPU v3 and later), their matrix-unit rate: the ``"paper"`` convention,
:data:`computelimits.hardware.BURDEN_PEAK_RATE`, the one default of every burden path here and
of :mod:`computelimits.schema`. ``precision="tensor"`` uses the dense tensor-core FP16/BF16 rate
instead, which FP32 understates 5-16x on tensor-core chips (V100: 125 vs 15.7 TFLOPS).

One function computes every burden: :func:`derive_hardware_burden`, vectorised over arrays or
pandas columns. :func:`hardware_burden`, :func:`burden_detail`, :func:`hardware_burden_array`,
:func:`fill_hardware_burden` and record validation call it, so one record gets one answer, and
the burden's source always names the rate column used and that column's own source.

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

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import DataValidationError, InputError, UnknownNameError, ValidationProblem
from .hardware import BURDEN_PEAK_RATE
from .units import TIME_UNITS, positive_float

__all__ = ["HardwareBurden", "BurdenColumns", "derive_hardware_burden", "hardware_burden",
           "burden_detail", "hardware_burden_array", "fill_hardware_burden"]


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
        The peak-rate convention asked for (:data:`computelimits.hardware.PEAK_RATES`).
    peak_flops_per_chip : float
        FLOP/s.
    burden_flops : float
        ``chips x peak_flops_per_chip x seconds``.
    rate_column : str
        Hardware-table column of the rate used (``fp32_flops``, ``tensor_flops`` ...).
    rate_source : str
        That column's own source (file and row of the reference table).
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
    rate_column: str = ""
    rate_source: str = ""

    @property
    def burden_gflops(self) -> float:
        """The burden in GFLOPs, the unit of the paper's Figure 3."""
        return self.burden_flops / 1e9

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (includes ``burden_gflops``)."""
        d = dict(self.__dict__)
        d["burden_gflops"] = self.burden_gflops
        return d


@dataclass(frozen=True)
class BurdenColumns:
    """Hardware burden of many rows, column by column (from :func:`derive_hardware_burden`).

    Every attribute is a 1-d :class:`numpy.ndarray` with one entry per input row.

    Attributes
    ----------
    hardware : ndarray of object
        Canonical chip (``None`` where no name was given).
    chips_per_unit, chips : ndarray of float
        Chips one unit of the named hardware is, and ``count x chips_per_unit``.
    peak_flops_per_chip : ndarray of float
        The rate used (NaN where the chip lists none the convention accepts).
    rate_column : ndarray of object
        Column of the hardware table the rate came from (``""`` where none).
    burden_flops : ndarray of float
        ``chips x peak_flops_per_chip x seconds``; NaN where a name, a count, a time or a rate
        is missing.
    source : ndarray of object
        The ``hardware_burden_flops_source`` text where a burden was derived: the rate column
        used and that column's own source; ``None`` elsewhere.
    """

    hardware: Any
    chips_per_unit: Any
    chips: Any
    peak_flops_per_chip: Any
    rate_column: Any
    burden_flops: Any
    source: Any


def _is_name(x: Any) -> bool:
    return isinstance(x, str) and x.strip() != ""


def derive_hardware_burden(hardware, count, seconds, precision: str = BURDEN_PEAK_RATE, *,
                           file: str = "<input>", first_row: int = 1) -> BurdenColumns:
    """Hardware burden = units x chips per unit x peak rate x seconds, vectorised.

    The one implementation of the burden: every other function here and record validation
    (:mod:`computelimits.schema`) call it.

    Parameters
    ----------
    hardware : str or array_like of str
        Chip names or aliases, one for all rows or one per row (``None``/NaN/empty: no burden).
    count : float or array_like
        Units of ``hardware`` (chips; devices, pods or cores for a multi-chip alias).
    seconds : float or array_like
        Training time in seconds. ``count`` and ``seconds`` are broadcast against ``hardware``.
    precision : str
        Peak-rate convention (:data:`computelimits.hardware.PEAK_RATES`); default ``"paper"``
        (:data:`computelimits.hardware.BURDEN_PEAK_RATE`).
    file : str
        Name used in error messages.
    first_row : int
        Row number of the first element in error messages (1 = first data row).

    Returns
    -------
    BurdenColumns

    Raises
    ------
    DataValidationError
        Unknown or ambiguous hardware names, one problem per row (file, row, ``hardware``).
    InputError
        Unknown ``precision``.

    Examples
    --------
    One record, 8 x TPU v3 for one hour: TPU v3 publishes no FP32 peak, so the paper's
    convention takes its matrix-unit rate (1.23e14 FLOP/s).

    >>> b = derive_hardware_burden(["TPU v3"], [8], [3600])
    >>> float(b.burden_flops[0])
    3.5424e+18
    >>> print(b.source[0])  # doctest: +ELLIPSIS
    derived: hardware_count x peak tensor rate (the chip publishes no FP32 peak) of Google TPU v3 ...
    """
    import pandas as pd

    from .hardware import get_hardware, get_peak_rate, resolve_hardware_unit

    conv = get_peak_rate(precision)
    names = np.asarray(hardware, dtype=object)
    with np.errstate(invalid="ignore", over="ignore"):
        cnt = np.asarray(count, dtype=float)
        secs = np.asarray(seconds, dtype=float)
    names, cnt, secs = (np.atleast_1d(a).ravel() for a in np.broadcast_arrays(names, cnt, secs))
    # one lookup per distinct name (a column of 10^6 rows names a few dozen chips)
    keys = np.array([x.strip() if _is_name(x) else None for x in names], dtype=object)
    codes, uniques = pd.factorize(keys, use_na_sentinel=True)
    u_canon = np.full(len(uniques) + 1, None, dtype=object)  # last slot: no name
    u_unit = np.full(len(uniques) + 1, np.nan)
    u_peak = np.full(len(uniques) + 1, np.nan)
    u_col = np.full(len(uniques) + 1, "", dtype=object)
    u_src = np.full(len(uniques) + 1, None, dtype=object)
    bad: dict[int, UnknownNameError] = {}
    for k, key in enumerate(uniques):
        try:
            chip, unit = resolve_hardware_unit(key)
        except UnknownNameError as exc:
            bad[k] = exc
            continue
        u_canon[k], u_unit[k] = chip, unit
        try:
            used = get_hardware(chip).peak_rate_used(conv.name)
        except InputError:
            continue  # the chip lists no rate this convention accepts: never guess
        fallback = used.column != conv.columns[0] and conv.combine != "max"
        why = (f" (the chip publishes no {conv.columns[0].removesuffix('_flops').upper()} peak)"
               if fallback else "")
        u_peak[k], u_col[k] = used.value, used.column
        u_src[k] = (f"derived: hardware_count x peak {used.label} rate{why} of {used.hardware} "
                    f"x training_time_s; {used.column} = {used.value:.4g} FLOP/s from "
                    f"{used.source}")
    if bad:
        problems = []
        for i in np.flatnonzero(np.isin(codes, list(bad))):
            exc = bad[int(codes[i])]
            what = "an unambiguous chip name" if str(exc).startswith("ambiguous") else "a known chip"
            cand = ", ".join(exc.candidates) or "see `computelimits hardware list`"
            problems.append(ValidationProblem(file, first_row + int(i), "hardware",
                                              f"{what} ({cand})", repr(names[i])))
        err = DataValidationError(problems)
        err.unknown_names = [bad[k] for k in sorted(bad)]  # the resolver's own errors
        raise err
    idx = np.where(codes < 0, len(uniques), codes)
    per_unit, peak = u_unit[idx], u_peak[idx]
    with np.errstate(invalid="ignore", over="ignore"):
        chips = cnt * per_unit
        burden = chips * peak * secs
    ok = np.isfinite(burden) & (burden > 0) & (cnt > 0) & (secs > 0)
    return BurdenColumns(hardware=u_canon[idx], chips_per_unit=per_unit, chips=chips,
                         peak_flops_per_chip=peak, rate_column=u_col[idx],
                         burden_flops=np.where(ok, burden, np.nan),
                         source=np.where(ok, u_src[idx], None))


def _duration(seconds, hours, days) -> float:
    given = [(v, unit) for v, unit in ((seconds, "s"), (hours, "h"), (days, "days"))
             if v is not None]
    if len(given) != 1:
        raise InputError("give the training time exactly once: seconds, hours or days")
    value, unit = given[0]
    name = {"s": "seconds", "h": "hours", "days": "days"}[unit]
    secs = positive_float(value, name) * TIME_UNITS[unit]
    if not math.isfinite(secs):
        raise InputError(f"{name} is too large: {value!r} overflows")
    return secs


def burden_detail(hardware: str, count: float, seconds: float | None = None, *,
                  hours: float | None = None, days: float | None = None,
                  precision: str = BURDEN_PEAK_RATE) -> HardwareBurden:
    """Hardware burden with its inputs (see :func:`hardware_burden`)."""
    from .hardware import get_hardware, get_peak_rate, resolve_hardware_unit

    n = positive_float(count, "count")
    secs = _duration(seconds, hours, days)
    conv = get_peak_rate(precision)
    canon, per_unit = resolve_hardware_unit(hardware)  # UnknownNameError with candidates
    used = get_hardware(canon).peak_rate_used(conv.name)  # InputError: the chip lists no rate
    b = derive_hardware_burden([canon], [n * per_unit], [secs], conv.name)
    flops = float(b.burden_flops[0])
    if not math.isfinite(flops):
        raise InputError(f"hardware burden of {n:g} x {hardware} for {secs:g} s overflows (or "
                         "underflows) floating point: give a count and a time in a real range")
    return HardwareBurden(name=str(hardware), hardware=canon, count=n, chips_per_unit=per_unit,
                          chips=n * per_unit, seconds=secs, precision=conv.name,
                          peak_flops_per_chip=used.value, burden_flops=flops,
                          rate_column=used.column, rate_source=used.source)


def hardware_burden(hardware: str, count: float, seconds: float | None = None, *,
                    hours: float | None = None, days: float | None = None,
                    precision: str = BURDEN_PEAK_RATE) -> float:
    """FLOPs of hardware burden: processors x peak rate x time (paper section 3.2).

    Parameters
    ----------
    hardware : str
        Chip name or alias ("P100", "Titan X", "TPUv3", "Cloud TPU v3 Pod", ...).
    count : float
        Number of units of ``hardware``: chips, or devices/pods/cores for a multi-chip alias.
    seconds, hours, days : float
        Training time; give exactly one.
    precision : str
        Peak-rate convention (:data:`computelimits.hardware.PEAK_RATES`): ``"paper"`` (default)
        is FP32, the paper's convention, or the matrix-unit rate of chips with no FP32 peak;
        ``"fp32"``, ``"tensor"``, ``"fp16"``, ``"tf32"``, ``"best"`` ask for one rate.

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
    >>> hardware_burden("TPU v3", 8, hours=1)  # no FP32 peak: the matrix-unit rate
    3.5424e+18
    """
    return burden_detail(hardware, count, seconds, hours=hours, days=days,
                         precision=precision).burden_flops


def hardware_burden_array(hardware, count, seconds, precision: str = BURDEN_PEAK_RATE):
    """Vectorised hardware burden (:func:`derive_hardware_burden`'s ``burden_flops``).

    Parameters
    ----------
    hardware : str or array_like of str
        One name for all rows, or one per row.
    count, seconds : float or array_like
        Units and seconds, broadcast against each other.
    precision : str
        Peak-rate convention; default ``"paper"``.

    Returns
    -------
    numpy.ndarray
        FLOPs, in the broadcast shape; NaN where a count or time is missing or not positive or
        the chip lists no rate at ``precision``.

    Raises
    ------
    UnknownNameError
        A name that is unknown or ambiguous.
    """
    names = np.asarray(hardware, dtype=object)
    shape = np.broadcast_shapes(names.shape, np.shape(count), np.shape(seconds))
    try:
        b = derive_hardware_burden(hardware, count, seconds, precision)
    except DataValidationError as exc:
        raise exc.unknown_names[0] from None
    return b.burden_flops.reshape(shape)


def fill_hardware_burden(records, precision: str = BURDEN_PEAK_RATE, overwrite: bool = False,
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
        Peak-rate convention; default ``"paper"`` (:data:`computelimits.hardware.BURDEN_PEAK_RATE`).
    overwrite : bool
        Recompute rows that already have a burden (default: only fill empty ones).
    source : str
        Name used in error messages.

    Returns
    -------
    pandas.DataFrame
        A copy with ``hardware_burden_flops`` (FLOPs) and ``hardware_burden_flops_source`` filled
        where hardware, count and time are all present and the chip lists a rate at
        ``precision``; other rows unchanged (empty stays empty). The source names the rate
        column used and that column's own source.

    Raises
    ------
    DataValidationError
        An unknown or ambiguous hardware name, with row and column.
    """
    import pandas as pd

    from .hardware import get_peak_rate

    prec = get_peak_rate(precision).name
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
    cnt = pd.to_numeric(df["hardware_count"], errors="coerce").to_numpy(dtype=float)
    secs = pd.to_numeric(df["training_time_s"], errors="coerce").to_numpy(dtype=float)
    todo = np.flatnonzero(np.isfinite(cnt) & np.isfinite(secs)
                          & (overwrite | ~np.isfinite(current)))
    filled = current.copy()
    src = df["hardware_burden_flops_source"].to_numpy(dtype=object, copy=True)
    if len(todo):
        problems: list[ValidationProblem] = []
        try:
            b = derive_hardware_burden(hw[todo], cnt[todo], secs[todo], prec, file=source)
        except DataValidationError as exc:  # rows of the subset -> rows of the table
            problems = [ValidationProblem(p.file, int(todo[p.row - 1]) + 1, p.column, p.expected,
                                          p.got) for p in exc.problems]
            raise DataValidationError(problems) from None
        got = np.isfinite(b.burden_flops)  # a chip without a rate keeps what it had
        filled[todo[got]] = b.burden_flops[got]
        src[todo[got]] = b.source[got]
    df["hardware_burden_flops"] = filled
    df["hardware_burden_flops_source"] = src
    return df
