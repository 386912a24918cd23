"""The hardware table: peak computation rates, power and prices of the chips deep learning trained on.

The paper measures *hardware burden* as ``#processors x ComputationRate x time`` and takes "the
processing power of FP32 single in GFLOPS as our standard" (section 3.2 and supplement section 6).
This module is the lookup of that computation rate. The table (``data/hardware.csv``) is built by
``scripts/build_hardware.py`` from Epoch AI's hardware datasets (CC BY 4.0, credit "Epoch AI"):
one row per chip, every value with a ``<column>_source`` naming the file and row it came from.

Conventions
-----------
- Every rate is **per chip**, dense (no sparsity), in FLOP/s. For TPUs a chip is one TPU chip
  (two TensorCores for v2-v4); a "Cloud TPU v3" device is 4 chips and a TPU v3 Pod 1024 chips.
  Names that denote several chips (or part of one) are aliases with a ``chips_per_unit``
  multiplier (see :func:`resolve_hardware_unit`).
- A few boards carry two GPUs (Tesla K80, Tesla M60, GTX 690/590, Titan Z): Epoch lists the
  whole board, so the "chip" of those rows is the board.
- ``fp32_flops`` is the non-tensor FP32 rate (the paper's convention). ``tensor_flops`` is the
  dense tensor-core FP16/BF16 rate (TPU MXU rate for TPUs), which FP32 understates 5-16x on
  tensor-core chips; ``fp16_flops`` and ``tf32_flops`` are kept as listed by Epoch.

Names are resolved in this order: a canonical name (case, spaces and punctuation ignored); an
alias from ``data/hardware_aliases.csv`` ("Titan X", "P100", "TPUv3", "Cloud TPU v3 Pod"...); a TPU
slice name ``TPU v3-N`` (N TensorCores = N/2 chips, Cloud TPU naming for v2-v4); the same
name without vendor and brand words ("NVIDIA", "GeForce", "Tesla", "Google"...). Anything else,
or a name that fits several chips, raises :class:`~computelimits.errors.UnknownNameError` listing
the close candidates.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 3.2 and
supplement section 6 ("Hardware usage (hardware type, hardware performance (GFLOPs), #
processors, running time)").
Epoch AI, "Data on Machine Learning Hardware" (ml_hardware.csv) and the Epoch chip dataset,
CC BY 4.0.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ._registry import Registry
from .errors import InputError, UnknownNameError

__all__ = [
    "HardwareSpec",
    "PeakRate",
    "PEAK_RATES",
    "BURDEN_PEAK_RATE",
    "COST_PEAK_RATE",
    "PeakRateUsed",
    "VALUE_COLUMNS",
    "RATE_COLUMNS",
    "NUMERIC_COLUMNS",
    "get_peak_rate",
    "load_hardware",
    "load_hardware_aliases",
    "load_hardware_prices",
    "resolve_hardware",
    "resolve_hardware_unit",
    "get_hardware",
    "peak_flops",
    "normalize_hardware_name",
    "HardwareResolver",
]

#: Rate columns (FLOP/s per chip) of the table.
RATE_COLUMNS: tuple[str, ...] = ("fp32_flops", "fp16_flops", "tf32_flops", "tensor_flops")
#: Columns holding values; each has a ``<column>_source`` companion.
VALUE_COLUMNS: tuple[str, ...] = ("manufacturer", "type", "release_date", *RATE_COLUMNS, "tdp_w",
                                  "launch_price_usd")
#: Numeric value columns (NaN when the sources give no value).
NUMERIC_COLUMNS: tuple[str, ...] = (*RATE_COLUMNS, "tdp_w", "launch_price_usd")
_NUMERIC = NUMERIC_COLUMNS

HARDWARE_FILE = "hardware.csv"
ALIASES_FILE = "hardware_aliases.csv"
PRICES_FILE = "hardware_prices.csv"


# --------------------------------------------------------------------------------------------
# peak-rate conventions (which of a chip's rates a burden or a cost uses)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeakRate:
    """A peak-rate convention: which rate of a chip a hardware burden or a cost uses.

    Attributes
    ----------
    name : str
        The value of the ``precision`` argument (``"fp32"``, ``"paper"``, ...).
    columns : tuple of str
        Rate columns consulted.
    combine : {"first", "max"}
        ``"first"``: the first column with a value; ``"max"``: the largest value present.
    description : str
    achieved_at_peak : bool
        True for the paper's hardware-burden conventions (FP32 peak): the burden counts the peak
        rate, so chip-hours = burden / peak (utilization 1). False for the rates a run reaches
        only a fraction of (tensor cores): a cost at such a rate defaults to a typical
        utilization (:func:`computelimits.costs.typical_utilization`).
    """

    name: str
    columns: tuple[str, ...]
    combine: str
    description: str
    achieved_at_peak: bool = False

    def pick(self, values: Mapping[str, float]) -> tuple[float, str]:
        """``(rate, column)`` from a chip's ``{column: value}``; ``(nan, "")`` when none listed."""
        present = [(float(values[c]), c) for c in self.columns
                   if values.get(c) is not None and not math.isnan(float(values[c]))]
        if not present:
            return float("nan"), ""
        return max(present) if self.combine == "max" else present[0]

    def rate(self, values: Mapping[str, float]) -> float:
        """The rate from a chip's ``{column: value}`` (NaN when no column has a value)."""
        return self.pick(values)[0]


#: Peak-rate conventions (the ``precision`` argument of burdens and costs). ``paper`` is the
#: hardware-burden default (:data:`BURDEN_PEAK_RATE`), ``tensor-else-fp32`` the default for the
#: cost of a run today (:data:`COST_PEAK_RATE`). Not to be confused with the float arithmetic
#: of the simulation (:mod:`computelimits.simulation`).
PEAK_RATES: Registry[PeakRate] = Registry("precision")
for _p in (
    PeakRate("fp32", ("fp32_flops",), "first",
             "peak FP32 (single precision, non-tensor) rate: the paper's convention",
             achieved_at_peak=True),
    PeakRate("tensor", ("tensor_flops",), "first",
             "peak dense tensor-core FP16/BF16 rate (TPU matrix-unit rate for TPUs)"),
    PeakRate("fp16", ("fp16_flops",), "first", "peak FP16 (half precision, non-tensor) rate"),
    PeakRate("tf32", ("tf32_flops",), "first", "peak dense TensorFloat-32 tensor-core rate"),
    PeakRate("paper", ("fp32_flops", "tensor_flops"), "first",
             "peak FP32 rate (the paper's convention), or the dense tensor/matrix-unit rate for "
             "chips that publish no FP32 peak (TPU v3 and later): the hardware-burden default",
             achieved_at_peak=True),
    PeakRate("tensor-else-fp32", ("tensor_flops", "fp32_flops"), "first",
             "dense tensor-core FP16/BF16 rate (how models train today, in mixed precision), or "
             "the FP32 rate for chips without tensor cores: the default for the cost of a run"),
    PeakRate("best", ("fp32_flops", "fp16_flops", "tf32_flops", "tensor_flops"), "max",
             "largest dense rate the chip lists among fp32, fp16, tf32 and tensor"),
):
    PEAK_RATES.add(_p.name, _p)
del _p

#: The peak rate of a hardware burden unless told otherwise (paper section 3.2: FP32; TPU v3+
#: publish no FP32 rate and use their matrix-unit rate). Every burden path uses it.
BURDEN_PEAK_RATE = "paper"
#: The peak rate of the cost of a run on a named chip unless told otherwise.
COST_PEAK_RATE = "tensor-else-fp32"


def get_peak_rate(precision: str) -> PeakRate:
    """The :class:`PeakRate` convention named ``precision`` (``"fp32"``, ``"paper"``, ...)."""
    try:
        return PEAK_RATES.get(str(precision))
    except UnknownNameError as exc:
        raise InputError(f"unknown precision '{precision}'; expected one of: "
                         + ", ".join(PEAK_RATES.names())) from exc


# --------------------------------------------------------------------------------------------
# name resolution (pure: used by the build script as well)
# --------------------------------------------------------------------------------------------
#: Words dropped for the relaxed match ("NVIDIA GeForce GTX 1080 Ti" ~ "GTX 1080 Ti").
BRAND_WORDS: frozenset[str] = frozenset({
    "nvidia", "geforce", "tesla", "google", "amd", "radeon", "instinct", "gpu", "gpus",
})
_TPU_SLICE = re.compile(
    r"^\s*(?:google\s+)?(?:cloud\s+)?tpu\s*[-_ ]?\s*v(?P<gen>[234])\s*[-_ ]\s*(?P<cores>\d+)"
    r"(?:\s*(?:pod|slice))?\s*$", re.IGNORECASE)


def _shown(text: str) -> str:
    """A name as error messages show it: a pasted 5,000-character name is cut in the middle."""
    return text if len(text) <= 80 else f"{text[:50]}...{text[-20:]} ({len(text)} characters)"


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", str(s)).lower()


def normalize_hardware_name(name: str) -> str:
    """Lower case, letters and digits only (``"Tesla V100-SXM2"`` -> ``"teslav100sxm2"``)."""
    return "".join(ch for ch in _nfkc(name) if ch.isalnum())


def _stripped(name: str) -> str:
    tokens = re.findall(r"[^\W_]+", _nfkc(name))
    return "".join(t for t in tokens if t not in BRAND_WORDS)


@dataclass(frozen=True)
class _Target:
    hardware: tuple[str, ...]  # one name, or several for an ambiguous alias
    chips_per_unit: float


class HardwareResolver:
    """Resolve hardware names against a set of canonical names and an alias list.

    Parameters
    ----------
    canonical : iterable of str
        Canonical chip names.
    aliases : iterable of (alias, hardware, chips_per_unit)
        ``hardware`` is a canonical name, or several separated by ``"|"`` for a name that is
        ambiguous on purpose (resolving it raises and lists them).
    """

    def __init__(self, canonical: Iterable[str],
                 aliases: Iterable[tuple[str, str, float]] = ()):
        self.canonical: tuple[str, ...] = tuple(canonical)
        self._exact: dict[str, str] = {}
        for c in self.canonical:
            key = normalize_hardware_name(c)
            if key in self._exact and self._exact[key] != c:
                raise ValueError(f"canonical names '{self._exact[key]}' and '{c}' collide")
            self._exact[key] = c
        self._alias: dict[str, _Target] = {}
        self._alias_text: dict[str, str] = {}
        for alias, hw, cpu in aliases:
            key = normalize_hardware_name(alias)
            t = _Target(tuple(h.strip() for h in str(hw).split("|") if h.strip()), float(cpu))
            if key in self._exact:
                raise ValueError(f"alias '{alias}' is also a canonical name")
            if key in self._alias and self._alias[key] != t:
                raise ValueError(f"alias '{alias}' is listed twice with different targets")
            self._alias[key] = t
            self._alias_text[key] = alias
        self._relaxed: dict[str, set[_Target]] = {}
        for c in self.canonical:
            self._relaxed.setdefault(_stripped(c), set()).add(_Target((c,), 1.0))
        for key, t in self._alias.items():
            if t.chips_per_unit == 1.0:  # units of several chips (or part of one) match exactly
                self._relaxed.setdefault(_stripped(self._alias_text[key]), set()).add(t)

    # -- public ---------------------------------------------------------------------------
    def resolve(self, name: str) -> tuple[str, float]:
        """``(canonical name, chips per unit)`` for ``name``; raises :class:`UnknownNameError`."""
        if name is None or (isinstance(name, float) and math.isnan(name)) or not str(name).strip():
            raise UnknownNameError("hardware", "" if name is None else str(name),
                                   ["see `computelimits hardware list`"])
        text = str(name).strip()
        key = normalize_hardware_name(text)
        if key in self._exact:
            return self._exact[key], 1.0
        if key in self._alias:
            return self._single(text, self._alias[key])
        m = _TPU_SLICE.match(text)
        if m:
            return self._tpu_slice(text, m)
        targets = self._relaxed.get(_stripped(text), set())
        if len(targets) == 1:
            return self._single(text, next(iter(targets)))
        if len(targets) > 1:
            names = sorted({h for t in targets for h in t.hardware})
            raise UnknownNameError("hardware", text, names, ambiguous=True)
        # candidates from the first 64 characters: a pasted page of text stays fast
        prefixed = self._prefix_candidates(key[:64], _stripped(text[:64]))
        if len(prefixed) > 1:
            raise UnknownNameError("hardware", text, prefixed, ambiguous=True)
        raise UnknownNameError("hardware", _shown(text),
                               prefixed or self._close(key[:64], text[:64]))

    def names(self) -> list[str]:
        """Every canonical name and alias."""
        return list(self.canonical) + [self._alias_text[k] for k in self._alias]

    # -- helpers ---------------------------------------------------------------------------
    def _single(self, text: str, t: _Target) -> tuple[str, float]:
        if len(t.hardware) > 1:
            raise UnknownNameError("hardware", text, list(t.hardware), ambiguous=True)
        return t.hardware[0], t.chips_per_unit

    def _tpu_slice(self, text: str, m: re.Match) -> tuple[str, float]:
        gen = m["gen"]
        digits = m["cores"].lstrip("0") or "0"
        pod = self._alias.get(normalize_hardware_name(f"TPU v{gen} Pod"))
        max_cores = int(2 * pod.chips_per_unit) if pod is not None else 0
        suggest = [f"TPU v{gen}-8", f"TPU v{gen} Pod"]
        # compare digit counts first: a name of 5,000 digits never becomes an int or a float
        if len(digits) > 7 or (max_cores and int(digits) > max_cores):
            raise UnknownNameError(
                "hardware", _shown(text),
                [f"TPU v{gen}-8 ... TPU v{gen}-{max_cores} (a slice counts TensorCores, at most "
                 f"one Pod of {max_cores})" if max_cores else f"TPU v{gen}-8",
                 f"N x 'TPU v{gen} Pod' for several Pods"])
        cores = int(digits)
        if cores < 2 or cores % 2:
            raise UnknownNameError("hardware", _shown(text), suggest)
        chip, _ = self.resolve(f"TPU v{gen}")
        # Cloud TPU v2-v4 slice names count TensorCores; each chip has two.
        return chip, cores / 2.0

    def _prefix_candidates(self, key: str, skey: str) -> list[str]:
        if len(key) < 2:
            return []
        out = {c for k, c in self._exact.items() if k.startswith(key)}
        if skey:
            out |= {c for c in self.canonical if _stripped(c).startswith(skey) and _stripped(c) != skey}
        return sorted(out)[:10]

    def _close(self, key: str, text: str) -> list[str]:
        import difflib

        # first by the name without vendor/brand words ("v1000" ~ "v100"), then by the full name
        loose: dict[str, str] = {}
        full: dict[str, str] = {}
        for k, c in self._exact.items():
            loose.setdefault(_stripped(c), c)
            full[k] = c
        for k in self._alias:
            loose.setdefault(_stripped(self._alias_text[k]), self._alias_text[k])
            full.setdefault(k, self._alias_text[k])
        out: list[str] = []
        for probe, pool in ((_stripped(text), loose), (key, full)):
            for m in difflib.get_close_matches(probe, list(pool), n=6, cutoff=0.6):
                if pool[m] not in out:
                    out.append(pool[m])
        return out[:6]


# --------------------------------------------------------------------------------------------
# packaged data
# --------------------------------------------------------------------------------------------
@cache
def _hardware_table():
    from .packaged import read_packaged_csv

    df = read_packaged_csv(HARDWARE_FILE, dtype=str, keep_default_na=False)
    for c in _NUMERIC:
        df[c] = df[c].map(lambda v: float(v) if v.strip() else float("nan")).astype(float)
    df["in_epoch_ml_hardware"] = df["in_epoch_ml_hardware"].str.lower() == "true"
    return df


@cache
def _aliases_table():
    from .packaged import read_packaged_csv

    df = read_packaged_csv(ALIASES_FILE, dtype=str, keep_default_na=False)
    df["chips_per_unit"] = df["chips_per_unit"].astype(float)
    return df


@cache
def _resolver() -> HardwareResolver:
    hw = _hardware_table()
    al = _aliases_table()
    return HardwareResolver(hw["hardware"].tolist(),
                            zip(al["alias"], al["hardware"], al["chips_per_unit"], strict=True))


@cache
def _rows() -> dict[str, dict[str, Any]]:
    return {r["hardware"]: r for r in _hardware_table().to_dict("records")}


def load_hardware():
    """The hardware table, one row per canonical chip.

    Returns
    -------
    pandas.DataFrame
        Columns ``hardware``, then for each of :data:`VALUE_COLUMNS` the value and its
        ``<column>_source`` (file and row of the reference table it came from), then
        ``in_epoch_ml_hardware`` and ``notes``. Rates are FLOP/s per chip (dense), ``tdp_w``
        watts per chip, ``launch_price_usd`` US dollars at release. Empty text is ``""``; a
        missing number is NaN. A fresh copy.

    Examples
    --------
    >>> hw = load_hardware()
    >>> float(hw.set_index("hardware").loc["NVIDIA GeForce GTX 580", "fp32_flops"])
    1581000000000.0
    """
    return _hardware_table().copy()


def load_hardware_aliases():
    """The alias table (``alias``, ``hardware``, ``chips_per_unit``, ``note``, ``source``)."""
    return _aliases_table().copy()


def load_hardware_prices():
    """Cloud prices per chip-hour, one observation per row (Epoch AI's price table).

    Returns
    -------
    pandas.DataFrame
        ``hardware`` (canonical), ``date``, ``price_per_chip_hour_usd``, ``pricing``
        (``on-demand``, ``1-year``, ``3-year`` commitment), ``provider``, ``location``,
        ``description``, ``source`` (URL the observation was taken from) and ``source_row``
        (row of ``epoch-ml-hardware/hardware_prices.csv``). Nominal US dollars of ``date``.
    """
    return _prices_table().copy()


@cache
def _prices_table():
    from .packaged import read_packaged_csv

    return read_packaged_csv(PRICES_FILE, dtype={"hardware": str, "date": str, "pricing": str,
                                                 "provider": str, "location": str,
                                                 "description": str, "source": str,
                                                 "source_row": str},
                             keep_default_na=False)


def resolve_hardware_unit(name: str) -> tuple[str, float]:
    """Canonical chip name and the number of chips ``name`` denotes.

    ``"P100"`` -> ``("NVIDIA P100", 1.0)``; ``"Cloud TPU v3"`` (a device of 4 chips, 8 cores)
    -> ``("Google TPU v3", 4.0)``; ``"TPU v3 Pod"`` -> ``("Google TPU v3", 1024.0)``;
    ``"TPU v3 core"`` -> ``("Google TPU v3", 0.5)``; ``"TPU v3-2048"`` -> ``(..., 1024.0)``.

    Raises
    ------
    UnknownNameError
        Unknown or ambiguous name; ``candidates`` lists the close chips.
    """
    return _resolver().resolve(name)


def resolve_hardware(name: str) -> str:
    """Canonical chip name for a canonical name or an alias.

    Examples
    --------
    >>> resolve_hardware("Titan X")
    'NVIDIA GeForce GTX TITAN X'
    >>> resolve_hardware("TPUv3")
    'Google TPU v3'

    Raises
    ------
    UnknownNameError
        For an unknown or ambiguous name, with the close candidates.
    """
    return resolve_hardware_unit(name)[0]


@dataclass(frozen=True)
class PeakRateUsed:
    """The peak rate a burden or a cost used: value, the table column and its source.

    Attributes
    ----------
    hardware : str
        Canonical chip.
    precision : str
        The convention asked for (:data:`PEAK_RATES`).
    value : float
        FLOP/s per chip.
    column : str
        Column of the hardware table the value is from (``fp32_flops``, ``tensor_flops`` ...).
    source : str
        That column's own source (file and row of the reference table).
    """

    hardware: str
    precision: str
    value: float
    column: str
    source: str

    @property
    def label(self) -> str:
        """``"fp32"``, ``"tensor"`` ...: the rate actually used (the column without ``_flops``)."""
        return self.column.removesuffix("_flops")

    @property
    def citation(self) -> str:
        """One line: chip, column, value and the column's source."""
        return (f"hardware table: {self.hardware} {self.column} = {self.value:.4g} FLOP/s "
                f"({self.source})")


@dataclass(frozen=True)
class HardwareSpec:
    """One chip of the hardware table (values per chip; ``*_source`` say where each came from)."""

    hardware: str
    manufacturer: str
    type: str
    release_date: str
    fp32_flops: float
    fp16_flops: float
    tf32_flops: float
    tensor_flops: float
    tdp_w: float
    launch_price_usd: float
    manufacturer_source: str = ""
    type_source: str = ""
    release_date_source: str = ""
    fp32_flops_source: str = ""
    fp16_flops_source: str = ""
    tf32_flops_source: str = ""
    tensor_flops_source: str = ""
    tdp_w_source: str = ""
    launch_price_usd_source: str = ""
    in_epoch_ml_hardware: bool = False
    notes: str = ""
    aliases: tuple[str, ...] = field(default=())

    def peak_rate_used(self, precision: str = BURDEN_PEAK_RATE) -> PeakRateUsed:
        """The peak rate at ``precision`` with the column it came from and that column's source.

        Raises
        ------
        InputError
            The chip lists no rate the convention accepts (the table never guesses).
        """
        p = get_peak_rate(precision)
        rate, col = p.pick({c: getattr(self, c) for c in RATE_COLUMNS})
        if not col:
            have = [c.removesuffix("_flops") for c in RATE_COLUMNS
                    if not math.isnan(getattr(self, c))]
            hint = (f"it lists: {', '.join(have)}" if have else "it lists no FLOP/s rate")
            raise InputError(f"{self.hardware} has no {p.name} peak rate in the hardware table "
                             f"({hint}); choose another precision or give the burden directly")
        return PeakRateUsed(hardware=self.hardware, precision=p.name, value=rate, column=col,
                            source=str(getattr(self, f"{col}_source", "") or "hardware table"))

    def peak(self, precision: str = BURDEN_PEAK_RATE) -> float:
        """Peak FLOP/s per chip at ``precision``; raises :class:`InputError` when not listed."""
        return self.peak_rate_used(precision).value

    def to_dict(self) -> dict[str, Any]:
        """Attributes as a dict (NaN for a missing number)."""
        d = dict(self.__dict__)
        d["aliases"] = list(self.aliases)
        return d


@cache
def _aliases_of() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for a, h in zip(_aliases_table()["alias"], _aliases_table()["hardware"], strict=True):
        if "|" not in h:
            out.setdefault(h, []).append(a)
    return {k: tuple(v) for k, v in out.items()}


def get_hardware(name: str) -> HardwareSpec:
    """The :class:`HardwareSpec` of a chip (canonical name or alias).

    For a multi-chip alias ("TPU v3 Pod") the spec is that of one chip; use
    :func:`resolve_hardware_unit` for the number of chips.
    """
    canon = resolve_hardware(name)
    r = _rows()[canon]
    kwargs = {c: r[c] for c in HardwareSpec.__dataclass_fields__ if c in r and c != "aliases"}
    kwargs["in_epoch_ml_hardware"] = str(r.get("in_epoch_ml_hardware", "")).lower() == "true"
    for c in _NUMERIC:
        kwargs[c] = float(r[c])
    return HardwareSpec(**kwargs, aliases=_aliases_of().get(canon, ()))


def peak_flops(name: str, precision: str = BURDEN_PEAK_RATE) -> float:
    """Peak FLOP/s of **one chip** of ``name`` at ``precision``.

    Parameters
    ----------
    name : str
        Canonical name or alias. For a multi-chip alias the rate is still per chip.
    precision : str
        A convention of :data:`PEAK_RATES`. ``"paper"`` (default, :data:`BURDEN_PEAK_RATE`):
        FP32, the paper's convention (supplement section 6), or the matrix-unit rate of chips
        that publish no FP32 peak (TPU v3 and later); ``"fp32"`` only FP32; ``"tensor"`` the
        dense tensor-core FP16/BF16 rate.

    Raises
    ------
    UnknownNameError
        Unknown or ambiguous chip name.
    InputError
        The chip has no such rate in the table (e.g. ``"tensor"`` for a GTX 1080 Ti, ``"fp32"``
        for a TPU v3); the table never guesses a missing rate.

    Examples
    --------
    >>> peak_flops("V100")
    15670000000000.0
    >>> peak_flops("V100", "tensor")
    125000000000000.0
    >>> peak_flops("TPU v3")  # no FP32 rate published: the matrix-unit rate
    123000000000000.0
    """
    return get_hardware(name).peak(precision)


def _clear_caches() -> None:
    """Forget loaded tables (after a rebuild of the packaged files)."""
    for f in (_hardware_table, _aliases_table, _prices_table, _resolver, _rows, _aliases_of):
        f.cache_clear()
