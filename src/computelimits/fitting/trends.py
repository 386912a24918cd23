"""Growth of training compute and of hardware peak performance over time (Figure 2a, redone).

The paper's Figure 2a compares the computing power used by deep learning models over time
(OpenAI's "AI and Compute" data) with the growth of hardware performance: until about 2012 neural
networks grew their computation roughly as fast as hardware improved; afterwards, "approximately
10x per year from 2012 to 2019", far faster (section 3.1). This module redoes it with 2025 data:

- :func:`load_epoch_training_compute` reads Epoch AI's table of notable models (training compute in
  FLOP, publication date);
- :func:`hardware_peak_frontier` takes the record-setting chips of the hardware table
  (:func:`computelimits.hardware.load_hardware`, peak FP32 FLOP/s per chip), or
  :func:`load_karlrupp_peak` reads Karl Rupp's flagship-GPU series;
- :func:`fit_growth` fits ``log10(value) = a + b year`` and reports the growth factor per year and
  the doubling time, with intervals.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 3.1, Figure 2a.
Epoch AI, "Data on Notable AI Models" (CC BY 4.0). K. Rupp, "CPU, GPU and MIC hardware
characteristics over time" (CC BY 4.0).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import DataValidationError, InputError, ValidationProblem
from ..presentation import Presentable, Table
from .estimators import ESTIMATORS, Estimate
from .readings import critical_value
from .results import EstimateView

__all__ = ["load_epoch_training_compute", "hardware_peak_frontier", "load_karlrupp_peak",
           "GrowthTrend", "fit_growth", "decimal_year"]

#: Optional Epoch columns (canonical names of :data:`computelimits.importers.epoch.COLUMN_ALIASES`)
#: this loader keeps, and the names it gives them.
EPOCH_OPTIONAL = {
    "organization": "organization",
    "domain": "domain",
    "confidence": "confidence",
    "parameters": "params",
    "training_hardware": "training_hardware",
}


def decimal_year(dates) -> np.ndarray:
    """Dates to decimal years (day of year / days in year added to the year)."""
    ts = pd.to_datetime(pd.Series(dates), errors="coerce")
    days = np.where(ts.dt.is_leap_year, 366.0, 365.0)
    return (ts.dt.year + (ts.dt.day_of_year - 0.5) / days).to_numpy(dtype=float)


def load_epoch_training_compute(path: str | os.PathLike, *, domain: str | None = None,
                                exclude_confidence: tuple[str, ...] = ()) -> pd.DataFrame:
    """Training compute of models over time from an Epoch AI models CSV.

    Parameters
    ----------
    path : str or PathLike
        An Epoch AI export such as ``notable_ai_models_2026-05-02.csv`` (columns ``Model``,
        ``Publication date``, ``Training compute (FLOP)``, ...).
    domain : str, optional
        Keep models whose ``Domain`` contains this word (case-insensitive), e.g. ``"Vision"``.
    exclude_confidence : tuple of str
        Drop rows whose ``Confidence`` is one of these (e.g. ``("Speculative",)``).

    Returns
    -------
    pandas.DataFrame
        ``model``, ``date`` (Timestamp), ``year`` (decimal), ``training_compute_flops`` and, when
        present, ``organization``, ``domain``, ``confidence``, ``params``, ``training_hardware``;
        only rows with a date and a positive training compute, sorted by date.

    Raises
    ------
    DataValidationError
        The file lacks a needed column.
    """
    from ..importers.epoch import COLUMN_ALIASES, read_epoch

    raw = read_epoch(path)  # the one Epoch reader: every header spelling of every snapshot
    found = raw.attrs.get("columns", {})
    if "training_compute" not in found:
        names = COLUMN_ALIASES["training_compute"]
        raise DataValidationError([ValidationProblem(
            os.path.basename(os.fspath(path)), None, names[0],
            f"a column named {' or '.join(names)}", "no such column")])
    df = pd.DataFrame({"model": raw["model"], "date": raw["publication_date"],
                       "training_compute_flops": raw["training_compute"]})
    for canon, name in EPOCH_OPTIONAL.items():
        if canon in found:
            df[name] = raw[canon]
    df["date"] = pd.to_datetime(df["date"].str.strip(), errors="coerce")
    df["training_compute_flops"] = pd.to_numeric(df["training_compute_flops"].str.replace(",", ""),
                                                 errors="coerce")
    if "params" in df:
        df["params"] = pd.to_numeric(df["params"].str.replace(",", ""), errors="coerce")
    df = df[df["date"].notna() & (df["training_compute_flops"] > 0)]
    if domain is not None and "domain" in df:
        df = df[df["domain"].str.contains(str(domain), case=False, regex=False)]
    if exclude_confidence and "confidence" in df:
        bad = {c.lower() for c in exclude_confidence}
        df = df[~df["confidence"].str.lower().isin(bad)]
    df = df.sort_values("date", kind="stable").reset_index(drop=True)
    df.insert(2, "year", decimal_year(df["date"]))
    return df


def hardware_peak_frontier(hardware: pd.DataFrame | None = None, *, column: str = "fp32_flops",
                           types: tuple[str, ...] | None = ("GPU", "TPU")) -> pd.DataFrame:
    """The record-setting chips: each chip whose peak rate beat every earlier chip's.

    Parameters
    ----------
    hardware : pandas.DataFrame, optional
        A hardware table with ``hardware``, ``type``, ``release_date`` and ``column``; default
        :func:`computelimits.hardware.load_hardware`.
    column : str
        Peak-rate column (FLOP/s per chip): ``"fp32_flops"`` (the paper's convention) or
        ``"tensor_flops"``.
    types : tuple of str, optional
        Chip types kept (default GPUs and TPUs); ``None`` keeps all.

    Returns
    -------
    pandas.DataFrame
        ``hardware``, ``date``, ``year``, ``peak_flops`` (FLOP/s), sorted by date.
    """
    if hardware is None:
        from ..hardware import load_hardware

        hardware = load_hardware()
    need = {"hardware", "release_date", column}
    if not need.issubset(hardware.columns):
        raise InputError(f"the hardware table needs columns {', '.join(sorted(need))}")
    hw = hardware.copy()
    if types is not None and "type" in hw:
        hw = hw[hw["type"].astype(str).str.upper().isin({t.upper() for t in types})]
    hw["date"] = pd.to_datetime(hw["release_date"], errors="coerce")
    hw["peak_flops"] = pd.to_numeric(hw[column], errors="coerce")
    hw = hw[hw["date"].notna() & (hw["peak_flops"] > 0)].sort_values(["date", "peak_flops"],
                                                                       kind="stable")
    best, rows = -math.inf, []
    for r in hw.itertuples():
        if r.peak_flops > best:
            best = r.peak_flops
            rows.append((r.hardware, r.date, r.peak_flops))
    out = pd.DataFrame(rows, columns=["hardware", "date", "peak_flops"])
    out.insert(2, "year", decimal_year(out["date"]))
    return out


def load_karlrupp_peak(path: str | os.PathLike) -> pd.DataFrame:
    """Karl Rupp's flagship-chip series (``data-sp-nvidia.txt`` ...): ``year``, ``peak_flops``
    (FLOP/s, from the GFLOPs column), ``hardware``."""
    import shlex

    p = os.fspath(path)
    if not os.path.isfile(p):
        raise InputError(f"{p}: no such file")
    rows = []
    with open(p, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            parts = shlex.split(s)
            try:
                year, gflops = float(parts[0]), float(parts[1])
            except (ValueError, IndexError):
                raise DataValidationError([ValidationProblem(os.path.basename(p), i, None,
                                                             "Year GFLOPs ... Name", s)]) from None
            rows.append((parts[-1], year + 0.5, gflops * 1e9))
    return pd.DataFrame(rows, columns=["hardware", "year", "peak_flops"])


@dataclass(frozen=True, eq=False)
class GrowthTrend(Presentable, EstimateView):
    """``log10(value) = a + b * year`` fitted by OLS; immutable.

    Attributes
    ----------
    start, end : float
        Range of years fitted.
    quantity : str
        What grows (``"training compute (FLOP)"`` ...).
    """

    quantity: str
    start: float
    end: float
    _est: Estimate = field(repr=False)

    @property
    def intercept(self) -> float:
        return float(self._est.params[0])

    @property
    def slope(self) -> float:
        """Decades per year."""
        return float(self._est.params[1])

    @property
    def slope_se(self) -> float:
        return float(self._est.bse[1])

    def slope_ci(self, level: float = 0.95) -> tuple[float, float]:
        c = critical_value(level, self._est.df_resid)
        return (self.slope - c * self.slope_se, self.slope + c * self.slope_se)

    @property
    def factor_per_year(self) -> float:
        """Growth factor per year, ``10**slope`` (the paper: about 10x per year after 2012)."""
        return 10.0 ** self.slope

    def factor_per_year_ci(self, level: float = 0.95) -> tuple[float, float]:
        lo, hi = self.slope_ci(level)
        return (10.0 ** lo, 10.0 ** hi)

    @property
    def doubling_months(self) -> float:
        """Doubling time in months, ``12 log10(2) / slope`` (inf when not growing)."""
        return float("inf") if self.slope <= 0 else 12.0 * math.log10(2.0) / self.slope

    def predict(self, year):
        """Trend value at ``year`` (decimal years)."""
        y = np.asarray(year, dtype=float)
        out = np.power(10.0, self.intercept + self.slope * y)
        return float(out) if np.ndim(year) == 0 else out

    def to_dict(self, level: float = 0.95) -> dict:
        lo, hi = self.factor_per_year_ci(level)
        return dict(quantity=self.quantity, start=self.start, end=self.end, nobs=self.nobs,
                    slope_decades_per_year=self.slope, slope_se=self.slope_se,
                    factor_per_year=self.factor_per_year, factor_per_year_ci=[lo, hi],
                    doubling_months=self.doubling_months, r2=self.rsquared, level=level)

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """Tidy coefficient table (``term``, ``estimate``, ``std_error``, ``p_value``, CI)."""
        return self._coefficient_table(self._analytic_conf_int(level), level).assign(
            quantity=self.quantity)

    def summary(self, fmt: str = "text", *, level: float = 0.95) -> str:
        """Growth per year, doubling time and the fit, as text, HTML or LaTeX."""
        return self._render(fmt, level=level)

    def _summary_blocks(self, level: float = 0.95) -> list[Table]:
        lo, hi = self.factor_per_year_ci(level)
        body = [["Growth per year", f"{self.factor_per_year:.3g}x",
                 f"[{lo:.3g}x, {hi:.3g}x]"],
                ["Slope (decades per year)", f"{self.slope:.4g}", f"SE {self.slope_se:.3g}"],
                ["Doubling time (months)", f"{self.doubling_months:.3g}", ""],
                ["Observations", str(self.nobs), f"R^2 {self.rsquared:.3f}"]]
        title = f"Growth of {self.quantity}, {self.start:g}-{self.end:g}: log10(value) = a + b year"
        return [Table(title, [[("", 1), ("estimate", 1), (f"{level:.0%} interval", 1)]], body,
                      align="lrr")]


def fit_growth(years, values, *, quantity: str = "value", start: float | None = None,
               end: float | None = None) -> GrowthTrend:
    """Fit exponential growth ``log10(value) = a + b year`` on ``start <= year < end``.

    Raises
    ------
    InputError
        Fewer than 3 usable points or a single year.

    Examples
    --------
    >>> t = fit_growth([2012, 2013, 2014, 2015], [1e18, 1e19, 1e20, 1e21])
    >>> round(t.factor_per_year, 6)
    10.0
    """
    yr = np.asarray(years, dtype=float)
    v = np.asarray(values, dtype=float)
    if yr.shape != v.shape:
        raise InputError("years and values must have the same length")
    ok = np.isfinite(yr) & np.isfinite(v) & (v > 0)
    if start is not None:
        ok &= yr >= float(start)
    if end is not None:
        ok &= yr < float(end)
    n = int(ok.sum())
    if n < 3:
        raise InputError(f"too few points to fit a growth trend: {n} (at least 3 needed)")
    if np.ptp(yr[ok]) == 0:
        raise InputError("all points are in the same year; the growth rate is not identified")
    X = np.column_stack([np.ones(n), yr[ok]])
    est = ESTIMATORS.get("ols").fit(X, np.log10(v[ok]), ["const", "year"])
    return GrowthTrend(quantity=quantity, start=float(yr[ok].min()), end=float(yr[ok].max()), _est=est)
