"""Derived columns of a records table, computed column-wise from checked values.

After the column-wise rules (:func:`computelimits.rules.check_records`) this step computes what a
record does not state directly, for all rows at once:

- ``flops_per_pass`` in FLOPs from the unit the source counted in (1 MAC = 2 FLOP), and
  ``flops_unit_source`` (``flop`` or ``mac``);
- ``error`` from ``metric_value`` by the benchmark's rule, checked against a given ``error``;
- ``date`` and ``year`` from ``date``, else the arXiv id's month, else ``year``;
- chips from units of a multi-chip name ("TPU v3 Pod" = 1024 chips);
- ``hardware_burden_flops`` = chips x peak rate x seconds by
  :func:`computelimits.burden.derive_hardware_burden`, the one implementation of the burden rule
  (it also writes the source: the rate column used and that column's own source).

A derived value that is out of range (an error outside (0, 1), fewer than 1e3 FLOPs per pass, a
number that overflows to infinity) is a problem of the row, reported like the rules' problems.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .rules import ORDER, CheckedRecords

__all__ = ["derive_records"]


def _missing(values: np.ndarray) -> np.ndarray:
    return _missing_any(values)


def derive_records(checked: CheckedRecords, numeric: tuple[str, ...],
                   hardware_precision: str = "paper") -> pd.DataFrame:
    """The normalised table (derived columns filled); problems go to ``checked.problems``.

    ``checked`` is consumed: its arrays become the derived columns (no copies of a million rows).

    Parameters
    ----------
    checked : CheckedRecords
    numeric : tuple of str
        The schema's numeric columns (other than ``year`` and ``error``).
    hardware_precision : str
        A peak-rate convention of :data:`computelimits.hardware.PEAK_RATES` (``"paper"``: FP32,
        else the tensor rate for chips with no FP32 peak).
    """
    from .units import COMPUTE_UNITS

    c = checked
    P = c.problems
    df = c.frame
    n = len(df)
    cols = _Modified(df)
    # the arrays of ``checked`` are filled in place (it is consumed), those of absent columns
    # (one shared read-only array) copied first
    nums = dict(c.numbers)
    for k in ("flops_per_pass", "hardware_count", "hardware_burden_flops"):
        if not nums[k].flags.writeable:
            nums[k] = nums[k].copy()

    # text columns that the rules normalised (a value the rules could not read is a problem, so
    # a table that validates holds only these normalised values)
    cols["model"] = c.model
    cols["benchmark"] = c.benchmark
    cols["metric"] = c.metric
    cols["hardware"] = c.hardware
    cols["arxiv_id"] = c.arxiv_id

    # per-pass computation in FLOPs
    flops = nums["flops_per_pass"]
    conv = (c.flops_unit != None) & ~np.isnan(flops)  # noqa: E711
    if conv.any():
        units = c.flops_unit[conv]
        factor = pd.Series(units, dtype=object).map(COMPUTE_UNITS).to_numpy(dtype=float)
        with np.errstate(over="ignore"):
            flops[conv] = flops[conv] * factor
        prev = cols["flops_unit_source"][conv]
        keep = np.isin(units, ["flop", "flops"]) & np.isin(prev.astype(str), ["mac", "flop"])
        mac = np.array(["mac" in u or "mult" in u for u in pd.unique(units)], dtype=bool)
        is_mac = pd.Series(units, dtype=object).map(dict(zip(pd.unique(units), mac, strict=True)))
        src = np.array(["flop", "mac"], dtype=object)[is_mac.to_numpy(dtype=bool).astype(int)]
        cols["flops_unit_source"][conv] = np.where(keep, prev, src)
        cols["flops_unit"][conv] = "FLOP"
    have = ~np.isnan(flops)
    fill = have & _missing(cols["flops_unit_source"])
    cols["flops_unit_source"][fill] = "flop"
    P.add(have & np.isinf(flops), "flops_per_pass",
          "a finite number of FLOPs (flops_per_pass in flops_unit overflows)",
          df["flops_per_pass"], ORDER["flops_min"])
    P.add(have & (flops < 1e3), "flops_per_pass",
          "FLOPs per pass (>= 1e3; give flops_unit, e.g. GFLOP, for scaled values)",
          df["flops_per_pass"], ORDER["flops_min"])
    flops[np.isinf(flops)] = np.nan

    # error from metric_value, by each benchmark's rule
    err = c.error
    mv = nums["metric_value"]
    bcodes, bids = pd.factorize(c.benchmark)  # -1: no benchmark; ids in order of appearance
    for k, bid in enumerate(bids):
        from .benchmarks import get_benchmark

        b = get_benchmark(bid)
        rows = (bcodes == k) & ~np.isnan(mv)
        if not rows.any():
            continue
        derived = np.full(n, np.nan)
        derived[rows] = b.to_error(mv[rows])
        off = rows & ~((derived > 0) & (derived < 1))
        for m in pd.unique(c.metric[off]):
            P.add(off & (c.metric == m), "metric_value", f"a {m} value on a 0-{b.metric_scale:g} scale",
                  df["metric_value"], ORDER["error"])
        good = rows & ~off
        take = good & np.isnan(err)
        err[take] = derived[take]
        clash = good & ~take & (np.abs(err - derived) > 1e-6)
        for r in np.flatnonzero(clash):
            P.add_row(int(r), "error", f"{derived[r]:.6g} (= {b.error_description} from metric_value)",
                      repr(df["error"].iloc[r]), ORDER["error"])
    P.add(np.isnan(err) & c.error_ok, "error", "an error rate (or a metric_value to derive it from)",
          None, ORDER["error"])
    out_of = ~np.isnan(err) & ~((err > 0) & (err < 1))
    pct = out_of & (err >= 1) & (err < 100)
    P.add(pct, "error", "a fraction in (0, 1) (percent given? use a fraction, e.g. 0.235)",
          df["error"], ORDER["error"])
    P.add(out_of & ~pct, "error", "a fraction in (0, 1)", df["error"], ORDER["error"])

    # date and year: the date, else the arXiv id's month, else the year column
    year = c.date_year
    cols["date"] = c.date
    from_arxiv = np.isnan(year) & ~c.date_bad & (c.arxiv_id != None)  # noqa: E711
    if from_arxiv.any():
        cols["date"][from_arxiv] = c.arxiv_date[from_arxiv]
        blank = from_arxiv & _missing(cols["date_source"])
        from .rules import map_unique

        # one source text per paper, shared by its rows
        cols["date_source"][blank] = map_unique(c.arxiv_id[blank], lambda a: f"arXiv:{a} (identifier)")
        year[from_arxiv] = c.arxiv_year[from_arxiv]
    use_year = np.isnan(year) & ~np.isnan(c.year)
    year[use_year] = c.year[use_year]
    P.add(np.isnan(year) & ~c.date_reported & c.require_date, "year", "a year (or a date or arXiv id to derive it from)",
          None, ORDER["year"])

    # chips from units of a multi-chip name
    cnt = nums["hardware_count"]
    units = (c.hardware != None) & (c.chips_per_unit != 1.0) & ~np.isnan(cnt)  # noqa: E711
    if units.any():
        with np.errstate(over="ignore"):
            chips = cnt[units] * c.chips_per_unit[units]
        prev = cols["hardware_count_source"][units]
        prev_blank = _missing(prev)
        raw = df["hardware"].to_numpy(dtype=object)[units]
        notes = [f"{a:g} x '{str(h).strip()}' = {b:g} chips"
                 for a, h, b in zip(cnt[units], raw, chips, strict=True)]
        cols["hardware_count_source"][units] = [note if pb else f"{pv}; {note}" for note, pb, pv in
                                               zip(notes, prev_blank, prev, strict=True)]
        cnt[units] = chips
    P.add(np.isinf(cnt), "hardware_count", "a finite number of chips (hardware_count x chips per "
          "unit overflows)", df["hardware_count"], ORDER["derived"])
    cnt[np.isinf(cnt)] = np.nan

    # hardware burden = chips x peak rate x seconds
    burden = nums["hardware_burden_flops"]
    secs = nums["training_time_s"]
    todo = np.isnan(burden) & (c.hardware != None) & ~np.isnan(cnt) & ~np.isnan(secs)  # noqa: E711
    if todo.any():
        from .burden import derive_hardware_burden

        rows = np.flatnonzero(todo)
        b = derive_hardware_burden(c.hardware[rows], cnt[rows], secs[rows], hardware_precision,
                                   file=P.source)
        hit = ~np.isnan(b.burden_flops)
        burden[rows[hit]] = b.burden_flops[hit]
        named = rows[hit & _missing(cols["hardware_burden_flops_source"][rows])]
        cols["hardware_burden_flops_source"][named] = b.source[hit & np.isin(rows, named)]
        with np.errstate(over="ignore", invalid="ignore"):
            over = np.isinf(cnt[rows] * b.peak_flops_per_chip * secs[rows])
        P.add(np.isin(np.arange(n), rows[over]), "hardware_burden_flops",
              "a finite hardware burden (hardware_count x peak rate x training_time_s overflows)",
              None, ORDER["derived"])

    nums["flops_per_pass"], nums["hardware_count"], nums["hardware_burden_flops"] = flops, cnt, burden

    # assemble: floats, booleans, and text with every kind of missing as None. Each array moves
    # into the table (no copy) and leaves ``checked``, so that no column is held twice.
    nums["year"], nums["error"] = year, err
    del year, err, flops, cnt, burden, mv, secs
    for name in ("model", "benchmark", "metric", "hardware", "arxiv_id", "date", "numbers", "error",
                 "date_year", "arxiv_date", "arxiv_year", "year", "chips_per_unit", "flops_unit"):
        setattr(c, name, None)
    empty = nan = None
    res: dict[str, pd.Series] = {}
    for k in df.columns:
        if k in nums and not nums[k].flags.writeable:  # absent: one shared all-NaN column
            if nan is None:
                nan = pd.Series(np.full(n, np.nan))
            res[k] = nan
        elif k in nums:
            res[k] = pd.Series(nums.pop(k), dtype=float, copy=False)
        elif k == "flops_imputed":
            res[k] = pd.Series(c.flops_imputed, dtype=bool)
        elif k in cols:  # normalised when copied (``_Modified``) or by the rules
            res[k] = pd.Series(cols.pop(k))
        else:
            s = df[k]
            miss = _missing_any(s.to_numpy(dtype=object)) if df.has(k) else None
            if miss is None or miss.all():
                if empty is None:
                    empty = pd.Series(np.full(n, None, dtype=object), dtype=object)
                res[k] = empty
            elif s.dtype == object:
                v = s.to_numpy(dtype=object, copy=True)
                v[miss] = None
                res[k] = pd.Series(v)
            else:
                res[k] = s.mask(miss) if miss.any() else s
    return pd.DataFrame(res, copy=False)


class _Modified(dict):
    """Columns the derivations change: each copied from the input on first use."""

    def __init__(self, frame):
        super().__init__()
        self.frame = frame

    def __missing__(self, key):
        v = self.frame[key].to_numpy(dtype=object, copy=True)
        v[_missing_any(v)] = None
        self[key] = v
        return v


def _missing_any(v: np.ndarray) -> np.ndarray:
    """None, NaN, pd.NA or blank text (other values, numbers included, are present)."""
    v = np.asarray(v, dtype=object)
    n = len(v)
    if n > 50_000 and len(pd.unique(v[:: n // 5000])) <= 2500:  # a few distinct values
        from .rules import map_unique

        return pd.isna(map_unique(v, lambda x: None if isinstance(x, str) and not x.strip()
                                  else True))
    miss = pd.isna(v)
    present = ~miss
    if present.any():
        miss[present] = np.fromiter((isinstance(x, str) and (not x or x.isspace())
                                     for x in v[present]), dtype=bool, count=int(present.sum()))
    return miss
