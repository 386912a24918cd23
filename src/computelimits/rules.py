"""Column-wise rules for a records table: parse each column at once and report the bad cells.

Every rule works on a whole column (a :class:`pandas.Series`) and returns typed values plus the
problems it found, each naming file, row and column (:class:`~computelimits.errors.ValidationProblem`).
Nothing here derives one column from another: that is :mod:`computelimits.derive`. Both are run,
in that order, by :func:`computelimits.schema.validate_records`.

Interpretations (documented in ``docs/data.md``)
------------------------------------------------
- A missing cell is an empty or all-blank text, ``None``, or a NaN / ``pd.NA`` cell of a
  DataFrame (pandas' marker for a missing value).
- Numbers: ``.`` is the decimal point. A comma is accepted only as a thousands separator in
  groups of three digits (``1,281,167``); any other comma (``4,1``, a decimal comma) is an error,
  never a silent 41. Written-out ``nan``/``inf`` and values that overflow to infinity are errors.
- Dates: ISO ``YYYY-MM-DD`` or ``YYYY-MM`` (a time after ``T`` or a space is ignored), a real
  calendar day, between 1950 and 2100 (the range ``year`` accepts). Words such as ``now`` or
  ``today`` are errors: a record's date is when its paper appeared, never when it was read.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import InputError, ValidationProblem

__all__ = ["YEAR_RANGE", "Problems", "text_values", "parse_numbers", "parse_number", "parse_dates",
           "parse_date", "decimal_year", "check_year"]

#: Years a record may carry (``year``, or the year of ``date``): inclusive bounds.
YEAR_RANGE: tuple[int, int] = (1950, 2100)

_THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?$"
_DATE_RE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?"
         r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$", re.ASCII)


@dataclass
class Problems:
    """Problems found in one table, each tagged with the rule order so that they can be listed
    row by row, in the order the rules ran, whatever order the columns were checked in."""

    source: str
    items: list[tuple[int, float, ValidationProblem]] = field(default_factory=list)

    def add(self, mask, column: str, expected: str, raw=None, order: float = 0.0) -> None:
        """One problem per row where ``mask`` is true; ``raw`` (the column's input values) gives
        the ``got`` text (``repr`` of the cell); ``order`` places the rule within a row."""
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        for r in rows:
            got = None if raw is None else repr(_cell(raw, r))
            self.items.append((int(r) + 1, order, ValidationProblem(self.source, int(r) + 1, column,
                                                                    expected, got)))

    def add_row(self, row: int, column: str, expected: str, got=None, order: float = 0.0) -> None:
        """One problem in 0-based ``row``; ``got`` is used as is (already ``repr``-ed text)."""
        self.items.append((row + 1, order, ValidationProblem(self.source, row + 1, column, expected,
                                                             got)))

    def add_table(self, column: str | None, expected: str, got: str | None = None) -> None:
        """A problem with the whole table (a missing or duplicated column)."""
        self.items.append((0, -1, ValidationProblem(self.source, None, column, expected, got)))

    def sorted(self) -> list[ValidationProblem]:
        """Whole-table problems first, then by row, in rule order within a row."""
        return [p for _, _, p in sorted(self.items, key=lambda t: (t[0], t[1]))]

    def __bool__(self) -> bool:
        return bool(self.items)


def _cell(raw, r: int):
    v = raw.iloc[r] if isinstance(raw, pd.Series) else raw[r]
    if isinstance(v, np.generic):
        v = v.item()
    return v


def map_unique(values: np.ndarray, func) -> np.ndarray:
    """``func`` applied to each distinct non-missing value once, as an object array (``None``
    where missing). Columns repeat a few names many times (benchmarks, units, chips, dates): this
    keeps the per-cell Python work to the distinct values."""
    values = np.asarray(values, dtype=object)
    if len(values) > 50_000 and len(pd.unique(values[:: len(values) // 5000])) > 2500:
        # mostly distinct (names, free text): hashing would cost more than it saves
        miss = pd.isna(values)
        out = np.full(len(values), None, dtype=object)
        out[~miss] = [func(v) for v in values[~miss]]
        return out
    codes, uniq = pd.factorize(values, use_na_sentinel=True)
    mapped = np.empty(len(uniq) + 1, dtype=object)
    mapped[:-1] = [func(u) for u in uniq]
    mapped[-1] = None
    return mapped[codes]


def _strip(v):
    t = (v if type(v) is str else str(v)).strip()
    return t or None


def text_values(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Stripped text of a column and its missing mask.

    Returns
    -------
    values : numpy.ndarray of object
        ``str(cell).strip()``, ``None`` where missing.
    missing : numpy.ndarray of bool
        Empty or blank text, ``None``, NaN or ``pd.NA``.
    """
    arr = s.to_numpy(dtype=object)
    n = len(arr)
    if n > 50_000 and len(pd.unique(arr[:: n // 5000])) > 2500:  # mostly distinct: no hashing
        miss = pd.isna(arr)
        out = np.full(n, None, dtype=object)
        out[~miss] = [x.strip() if type(x) is str else str(x).strip() for x in arr[~miss]]
        blank = np.zeros(n, dtype=bool)
        blank[~miss] = out[~miss] == ""
        out[blank] = None
        return out, miss | blank
    out = map_unique(arr, _strip)
    return out, pd.isna(out)


def parse_numbers(s: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A column of numbers as floats.

    Returns
    -------
    values : numpy.ndarray of float
        NaN where missing or bad.
    missing : numpy.ndarray of bool
    bad : numpy.ndarray of bool
        Present but not a finite number (words, ``nan``/``inf`` text, overflow, a decimal comma).
    """
    if pd.api.types.is_bool_dtype(s.dtype):
        s = s.astype(float)
    if pd.api.types.is_numeric_dtype(s.dtype):
        v = s.to_numpy(dtype=float, na_value=np.nan)
        miss = np.isnan(v)
        bad = np.isinf(v)
        v = np.where(bad, np.nan, v)
        return v, miss, bad
    arr = s.to_numpy(dtype=object)
    miss = pd.isna(arr) | (arr == "")
    try:
        v = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, copy=True)
    except (TypeError, ValueError):  # cells that are neither text nor numbers (lists, objects)
        v = np.full(len(arr), np.nan)
    bad = ~miss & ~np.isfinite(v)
    if bad.any():  # the few cells to_numeric did not read: blank, thousands separators, words
        for r in np.flatnonzero(bad):
            t = str(arr[r]).strip()
            if not t:
                miss[r], bad[r] = True, False
            elif re.match(_THOUSANDS, t, re.ASCII):
                x = float(t.replace(",", ""))
                if math.isfinite(x):
                    v[r], bad[r] = x, False
    v[bad] = np.nan
    return v, miss, bad


def parse_number(value) -> float:
    """One cell as :func:`parse_numbers` reads it: a finite float, NaN when missing.

    Raises
    ------
    InputError
        Not a finite number (a decimal comma, words, ``nan``/``inf``, overflow).

    Examples
    --------
    >>> parse_number("1,281,167"), parse_number(" 2.5e3 ")
    (1281167.0, 2500.0)
    >>> parse_number("4,1")
    Traceback (most recent call last):
    ...
    computelimits.errors.InputError: expected a number with '.' as decimal point (a comma only separates thousands, as in 1,281,167), got '4,1'
    """
    v, _, bad = parse_numbers(pd.Series([value], dtype=object))
    if bad[0]:
        raise InputError(f"expected {number_expected([value])}, got {value!r}")
    return float(v[0])


def number_expected(raw) -> str:
    """What a number column expected, with the decimal-comma hint when the bad cell has a comma."""
    if any(isinstance(x, str) and "," in x for x in raw):
        return ("a number with '.' as decimal point (a comma only separates thousands, as in "
                "1,281,167)")
    return "a finite number (no NaN or inf)"


def _date_of(text: str):
    m = _DATE_RE.match(text)
    if m is None:
        return None
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"] or 1)
    if not YEAR_RANGE[0] <= y <= YEAR_RANGE[1]:
        return None
    try:
        day = _dt.date(y, mo, d)
    except ValueError:
        return None
    doy = day.timetuple().tm_yday
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return day.isoformat(), y + (doy - 0.5) / (366 if leap else 365)


def parse_dates(s: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A column of ISO dates.

    Returns
    -------
    iso : numpy.ndarray of object
        ``YYYY-MM-DD`` (the 1st for ``YYYY-MM``), ``None`` where missing or bad.
    year : numpy.ndarray of float
        Decimal year (:func:`decimal_year`), NaN where missing or bad.
    missing, bad : numpy.ndarray of bool
        ``bad``: present but not a calendar date in :data:`YEAR_RANGE`.
    """
    txt, miss = text_values(s)
    codes, uniq = pd.factorize(txt)  # -1: missing; each distinct text parsed once
    iso_u = np.full(len(uniq) + 1, None, dtype=object)
    year_u = np.full(len(uniq) + 1, np.nan)
    ok_u = np.zeros(len(uniq) + 1, dtype=bool)
    for k, u in enumerate(uniq):
        p = _date_of(u)
        if p is not None:
            iso_u[k], year_u[k], ok_u[k] = p[0], p[1], True
    return iso_u[codes], year_u[codes], miss, ~miss & ~ok_u[codes]


def decimal_year(ts) -> np.ndarray:
    """Timestamps (or ISO dates) to decimal years at mid-day: ``year + (day_of_year - 0.5) / days
    in the year``."""
    t = pd.to_datetime(pd.Series(ts), errors="coerce")
    days = np.where(t.dt.is_leap_year, 366.0, 365.0)
    return (t.dt.year.to_numpy(dtype=float) + (t.dt.day_of_year.to_numpy(dtype=float) - 0.5) / days)


def parse_date(value) -> str:
    """One date as :func:`parse_dates` reads it: ``YYYY-MM-DD``.

    Raises
    ------
    InputError
        Not an ISO date (``now``, ``today``, ``last spring``), not a calendar day, or a year
        outside :data:`YEAR_RANGE`.

    Examples
    --------
    >>> parse_date("2014-09"), parse_date("2014-09-04T12:00")
    ('2014-09-01', '2014-09-04')
    """
    iso, _, miss, bad = parse_dates(pd.Series([value], dtype=object))
    if miss[0] or bad[0]:
        raise InputError(f"expected {DATE_EXPECTED}, got {value!r}")
    return str(iso[0])


#: What a date cell must be, in words.
DATE_EXPECTED = (f"a date YYYY-MM-DD (or YYYY-MM) between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}")


def check_year(year, what: str = "year") -> float:
    """``year`` as a float, or an :class:`~computelimits.errors.InputError` unless it is a
    finite number in :data:`YEAR_RANGE` (the years records may carry).

    Examples
    --------
    >>> check_year(2017.5)
    2017.5
    >>> check_year(1800)
    Traceback (most recent call last):
    ...
    computelimits.errors.InputError: year must be between 1950 and 2100, got 1800
    """
    try:
        y = float(year)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{what} must be a number, got {year!r}") from None
    lo, hi = YEAR_RANGE
    if not (lo <= y <= hi):  # also false for NaN
        raise InputError(f"{what} must be between {lo} and {hi}, got {year!r}")
    return y


# --------------------------------------------------------------------------------------------
# the record schema's rules, column by column
# --------------------------------------------------------------------------------------------
#: Order of the rules within a row (problems of one row are listed in this order).
ORDER = {"model": 0, "benchmark": 1, "number": 2, "flops_unit": 3, "flops_min": 4, "metric": 5,
         "error": 6, "date": 7, "arxiv_id": 8, "year": 9, "hardware": 10, "derived": 10.5,
         "flops_imputed": 11, "duplicate": 12}

_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


class RecordFrame:
    """A records table seen with every schema column: a column the input lacks reads as all
    missing (one shared array, nothing copied)."""

    def __init__(self, df: pd.DataFrame, schema_columns: list[str]):
        self.df = df.reset_index(drop=True)
        have = set(self.df.columns)
        del have
        #: schema columns in canonical order, then the input's other columns
        self.columns = list(schema_columns) + [c for c in self.df.columns
                                               if c not in set(schema_columns)]
        self._empty: pd.Series | None = None

    def __len__(self) -> int:
        return len(self.df)

    def has(self, name: str) -> bool:
        """The input has this column."""
        return name in self.df.columns

    def __getitem__(self, name: str) -> pd.Series:
        if name in self.df.columns:
            return self.df[name]
        if self._empty is None:
            self._empty = pd.Series(np.full(len(self.df), None, dtype=object), dtype=object)
        return self._empty


@dataclass
class CheckedRecords:
    """A records table after the column-wise rules: typed columns, resolved names, problems.

    Input of :func:`computelimits.derive.derive_records`. Arrays are positional (row ``i`` is
    data row ``i + 1`` of the file).
    """

    frame: RecordFrame  #: the input, every schema column readable (missing ones empty)
    problems: Problems
    model: np.ndarray  #: stripped model names (the input where missing)
    benchmark: np.ndarray  #: canonical benchmark ids, None where missing or unknown
    metric: np.ndarray  #: metric names, the benchmark's primary metric when not given
    #: numeric columns as given (NaN: missing or bad); the columns the input lacks share one
    #: read-only all-NaN array (copy it before writing)
    numbers: dict[str, np.ndarray]
    error: np.ndarray  #: ``error`` as given (NaN: missing or bad)
    error_ok: np.ndarray  #: ``error`` parsed (missing or a finite number)
    flops_unit: np.ndarray  #: lower-case known compute unit, None where missing or unknown
    date: np.ndarray  #: ISO date, None where missing or bad
    date_year: np.ndarray
    date_bad: np.ndarray  #: a date was given but is not one
    arxiv_id: np.ndarray  #: canonical arXiv id, None where missing or bad
    arxiv_date: np.ndarray
    arxiv_year: np.ndarray
    year: np.ndarray  #: ``year`` as given and in range, NaN otherwise
    date_reported: np.ndarray  #: a date, arXiv id or year problem was already reported
    hardware: np.ndarray  #: canonical chip, None where missing or unknown
    chips_per_unit: np.ndarray
    flops_imputed: np.ndarray
    require_date: bool = True  #: a row needs a date, an arXiv id or a year


def check_records(df: pd.DataFrame, source: str, numeric: tuple[str, ...],
                  positive: frozenset[str], all_columns: list[str], *,
                  key_extra: tuple[str, ...] = (), require_date: bool = True) -> CheckedRecords:
    """Apply every column-wise rule of the record schema (see :mod:`computelimits.schema`).

    ``key_extra``: columns that, beside (model, benchmark, metric), tell two results apart in
    the duplicate check; ``require_date``: a row without date, arXiv id or year is a problem."""
    from . import arxiv as _arxiv
    from .benchmarks import get_benchmark
    from .errors import UnknownNameError
    from .units import PER_PASS_UNITS

    P = Problems(source)
    out = RecordFrame(df, all_columns)
    n = len(out)

    # model
    model, mmiss = text_values(out["model"])
    P.add(mmiss, "model", "a model name", None, ORDER["model"])
    if mmiss.any():
        model = np.where(mmiss, out["model"].to_numpy(dtype=object), model)

    # benchmark: resolve each distinct name once
    braw = out["benchmark"]
    btxt, bmiss = text_values(braw)
    P.add(bmiss, "benchmark", "a benchmark name", None, ORDER["benchmark"])
    bench = np.full(n, None, dtype=object)
    benches: dict[str, object] = {}
    if (~bmiss).any():
        codes, uniq = pd.factorize(pd.Series(braw.to_numpy(dtype=object)[~bmiss], dtype=object)
                                   .astype(str))
        ids = np.full(len(uniq), None, dtype=object)
        for k, name in enumerate(uniq):
            try:
                b = get_benchmark(str(name))
                ids[k] = b.benchmark
                benches[b.benchmark] = b
            except UnknownNameError as exc:
                expected = "a known benchmark (" + ", ".join(exc.candidates) + ")"
                rows = np.zeros(n, dtype=bool)
                rows[np.flatnonzero(~bmiss)[codes == k]] = True
                P.add(rows, "benchmark", expected, braw, ORDER["benchmark"])
        bench[~bmiss] = ids[codes]
    del btxt  # (here and below: a million-row intermediate freed as soon as it is used)

    # numbers
    numbers: dict[str, np.ndarray] = {}
    absent = np.full(n, np.nan)
    absent.flags.writeable = False
    for j, c in enumerate(numeric):
        if not out.has(c):  # an absent column: all missing, nothing to parse
            numbers[c] = absent
            continue
        raw = out[c]
        v, _, bad = parse_numbers(raw)
        if bad.any():
            P.add(bad, c, number_expected(raw[bad].tolist()), raw, ORDER["number"] + j / 100)
        if c in positive:
            nonpos = v <= 0
            if nonpos.any():
                P.add(nonpos, c, "a number > 0", raw, ORDER["number"] + j / 100)
                v = np.where(nonpos, np.nan, v)
        numbers[c] = v

    # unit of per-pass computation
    utxt, umiss = text_values(out["flops_unit"])
    ulow = map_unique(utxt, str.lower)
    uok = map_unique(ulow, lambda u: u in PER_PASS_UNITS) == True  # noqa: E712
    P.add(~umiss & ~uok, "flops_unit", "a compute unit (FLOP, GFLOP, MAC, GMAC, ...)",
          out["flops_unit"], ORDER["flops_unit"])
    unit = np.where(uok, ulow, None)
    del utxt, ulow, uok

    # metric: the benchmark's primary metric when not given
    mtxt, mmiss_ = text_values(out["metric"])
    metric = out["metric"].to_numpy(dtype=object).copy()
    has_b = bench != None  # noqa: E711
    if has_b.any():
        mlow = map_unique(mtxt, str.lower)
        bcodes, bids = pd.factorize(bench)  # -1: no benchmark
        for k, bid in enumerate(bids):
            b = benches[bid]
            rows = bcodes == k
            mb = mlow[rows].copy()
            mb[mmiss_[rows]] = b.metric  # one shared str, not a new one per row
            metric[rows] = mb
            wrong = np.zeros(n, dtype=bool)
            wrong[rows] = ~np.isin(mb.astype(str), list(b.metrics))
            P.add(wrong, "metric", f"one of {', '.join(b.metrics)} for {b.benchmark}", out["metric"],
                  ORDER["metric"])

    mlow = mtxt = None

    # error as given (checked against metric_value when deriving)
    err, _, ebad = (parse_numbers(out["error"]) if out.has("error")
                    else (np.full(n, np.nan), None, np.zeros(n, dtype=bool)))
    P.add(ebad, "error", "an error rate: a finite fraction in (0, 1)", out["error"], ORDER["error"])

    # dates: an explicit date, an arXiv id, a numeric year
    date, date_year, _, dbad = parse_dates(out["date"])
    P.add(dbad, "date", DATE_EXPECTED, out["date"], ORDER["date"])
    reported = dbad.copy()
    atxt, amiss = text_values(out["arxiv_id"])
    arx = np.full(n, None, dtype=object)
    adate = np.full(n, None, dtype=object)
    ayear = np.full(n, np.nan)
    if (~amiss).any():
        present = np.flatnonzero(~amiss)
        araw = out["arxiv_id"].to_numpy(dtype=object)
        codes, uniq = pd.factorize(pd.Series([str(araw[i]) for i in present], dtype=object))
        parsed = []
        for u in uniq:
            try:
                parsed.append(_arxiv.parse_arxiv(u))
            except InputError:
                parsed.append(None)
        ids = np.array([None if a is None else a.id for a in parsed], dtype=object)
        dates = np.array([None if a is None else a.date.isoformat() for a in parsed], dtype=object)
        years = np.array([np.nan if a is None else a.year_fraction for a in parsed], dtype=float)
        arx[present], adate[present], ayear[present] = ids[codes], dates[codes], years[codes]
        abad = np.zeros(n, dtype=bool)
        abad[present] = ids[codes] == None  # noqa: E711
        P.add(abad, "arxiv_id", "an arXiv id (YYMM.NNNNN, archive/YYMMNNN or an arxiv.org URL)",
              out["arxiv_id"], ORDER["arxiv_id"])
        reported |= abad
        del araw, codes
    del atxt
    yraw = out["year"]
    y, _, ybad = (parse_numbers(yraw) if out.has("year")
                  else (np.full(n, np.nan), None, np.zeros(n, dtype=bool)))
    P.add(ybad, "year", "a year as a number (e.g. 2017 or 2017.5)", yraw, ORDER["year"])
    lo, hi = YEAR_RANGE
    yout = ~np.isnan(y) & ~((y >= lo) & (y <= hi))
    P.add(yout, "year", f"a year between {lo} and {hi}", yraw, ORDER["year"])
    reported |= ybad | yout
    y = np.where(yout, np.nan, y)

    # hardware: resolve each distinct name once
    hraw = out["hardware"]
    htxt, hmiss = text_values(hraw)
    hw = np.full(n, None, dtype=object)
    per = np.ones(n)
    if (~hmiss).any():
        from .hardware import resolve_hardware_unit

        present = np.flatnonzero(~hmiss)
        raw_h = hraw.to_numpy(dtype=object)
        codes, uniq = pd.factorize(pd.Series([str(raw_h[i]) for i in present], dtype=object))
        canon = np.full(len(uniq), None, dtype=object)
        units = np.ones(len(uniq))
        for k, name in enumerate(uniq):
            try:
                canon[k], units[k] = resolve_hardware_unit(name)
            except UnknownNameError as exc:
                cand = ", ".join(exc.candidates) if exc.candidates else "see `computelimits hardware list`"
                what = "an unambiguous chip name" if str(exc).startswith("ambiguous") else "a known chip"
                rows = np.zeros(n, dtype=bool)
                rows[present[codes == k]] = True
                P.add(rows, "hardware", f"{what} ({cand})", hraw, ORDER["hardware"])
            except (OverflowError, ValueError):
                rows = np.zeros(n, dtype=bool)
                rows[present[codes == k]] = True
                P.add(rows, "hardware", "a known chip with a sensible unit size", hraw,
                      ORDER["hardware"])
        hw[present], per[present] = canon[codes], units[codes]
        del raw_h, codes
    del htxt

    # flops_imputed
    itxt, imiss = text_values(out["flops_imputed"])
    ilow = map_unique(itxt, str.lower)
    is_true = np.isin(ilow, _TRUE)
    is_false = np.isin(ilow, _FALSE)
    P.add(~imiss & ~is_true & ~is_false, "flops_imputed", "true or false", out["flops_imputed"],
          ORDER["flops_imputed"])
    del itxt, ilow, is_false

    # duplicates of (model, benchmark, metric)
    keyed = has_b & ~mmiss
    if keyed.any():
        rows = np.flatnonzero(keyed)
        lower = np.array([m if type(m) is str and m.islower() else str(m).lower()
                          for m in model[rows]], dtype=object)
        key = np.zeros(len(rows), dtype=np.int64)
        extra = [text_values(out[c])[0][rows] for c in key_extra]
        for e in extra:
            e[pd.isna(e)] = ""
        for part in (lower, bench[rows], metric[rows], *extra):  # metric: text on keyed rows
            codes, uniq = pd.factorize(part)
            key = key * (len(uniq) + 1) + (codes + 1)
        del lower, extra, codes, uniq
        dup = pd.Series(key).duplicated(keep="first").to_numpy(dtype=bool)
        if dup.any():
            first_row = pd.Series(rows).groupby(key).transform("first").to_numpy()
            for pos in np.flatnonzero(dup):
                P.add_row(int(rows[pos]), "model",
                          f"a unique (model, benchmark, metric); same as row {first_row[pos] + 1}",
                          repr(model[rows[pos]]), ORDER["duplicate"])

    return CheckedRecords(frame=out, problems=P, model=model, benchmark=bench, metric=metric,
                          numbers=numbers, error=err, error_ok=~ebad, flops_unit=unit, date=date,
                          date_year=date_year, date_bad=dbad, arxiv_id=arx, arxiv_date=adate, arxiv_year=ayear,
                          year=y, date_reported=reported, hardware=hw, chips_per_unit=per,
                          flops_imputed=is_true, require_date=require_date)
