"""The record schema: one result of one model on one benchmark, with a source for every value.

A *record* is a row of a table. The curated dataset and any user CSV use the same columns; a user
CSV needs only the minimal ones (:data:`MINIMAL_COLUMNS`). :func:`validate_records` checks a table
at the boundary and returns it normalised (canonical benchmark ids, FLOPs, seconds, derived error,
year and hardware burden), or raises :class:`~computelimits.errors.DataValidationError` listing
one problem per cell: file, row, column, what was expected.

Conventions
-----------
- ``error`` is a fraction in (0, 1), derived from ``metric_value`` by the benchmark's rule when
  not given (see :mod:`computelimits.benchmarks`).
- ``flops_per_pass`` is in FLOPs. Sources that count multiply-adds say so in ``flops_unit``
  (``"MAC"``, ``"GMAC"``, ...); the value is converted with 1 MAC = 2 FLOP and the unit the source
  used is kept in ``flops_unit_source`` (``flop`` or ``mac``).
- ``hardware_burden_flops`` = ``hardware_count`` x peak rate of ``hardware`` x ``training_time_s``
  (FP32 peak by default, the paper's convention, section 6.1) when not given directly.
- Every value column ``X`` may have a ``X_source`` column: an arXiv id with table/section, or the
  reference file it came from. ``flops_imputed`` flags per-pass FLOPs imputed from parameters.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", sections 3.2, 6.1 and 7.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .errors import DataValidationError, InputError, UnknownNameError, ValidationProblem

__all__ = [
    "Column",
    "COLUMNS",
    "COLUMN_NAMES",
    "SOURCED_COLUMNS",
    "MINIMAL_COLUMNS",
    "LM_COLUMNS",
    "column_dictionary",
    "validate_records",
    "read_records",
    "empty_records",
]


@dataclass(frozen=True)
class Column:
    """One column of the record schema."""

    name: str
    dtype: str  #: "str", "float", "int", "bool", "date"
    unit: str
    description: str
    sourced: bool = False  #: has a companion ``<name>_source`` column
    derived: bool = False  #: computed by :func:`validate_records` when absent


COLUMNS: tuple[Column, ...] = (
    Column("model", "str", "", "Model name as the paper (or leaderboard) gives it"),
    Column("paper_title", "str", "", "Title of the paper that introduced the result"),
    Column("arxiv_id", "str", "", "arXiv identifier, canonical form without version (e.g. 1512.03385)"),
    Column("date", "date", "YYYY-MM-DD", "Publication date (first public version)", sourced=True),
    Column("year", "float", "decimal year", "Publication date as a decimal year (mid-month)", derived=True),
    Column("benchmark", "str", "", "Benchmark id from the registry (aliases accepted on input)"),
    Column("metric", "str", "", "Metric name (the benchmark's primary metric if empty)"),
    Column("metric_value", "float", "metric scale (e.g. % for accuracy, BLEU points)",
           "Reported score on the metric's own scale", sourced=True),
    Column("error", "float", "fraction", "Error rate in (0, 1), derived from metric_value by the benchmark's rule", derived=True),
    Column("flops_per_pass", "float", "FLOP", "Computation of one forward pass on one example", sourced=True),
    Column("flops_unit", "str", "", "Unit of flops_per_pass on input (FLOP, GFLOP, MAC, GMAC, ...); converted to FLOP"),
    Column("flops_unit_source", "str", "", "Unit the source counted in: 'flop' or 'mac' (1 MAC = 2 FLOP)", derived=True),
    Column("flops_imputed", "bool", "", "True when flops_per_pass was imputed from parameters (Figure 7 regression)"),
    Column("params", "float", "count", "Number of parameters", sourced=True),
    Column("epochs", "float", "count", "Training epochs", sourced=True),
    Column("training_examples", "float", "count", "Training examples (per epoch) used", sourced=True),
    Column("hardware", "str", "", "Training hardware, canonical name from the hardware table", sourced=True),
    Column("hardware_count", "float", "chips", "Number of chips used for training", sourced=True),
    Column("training_time_s", "float", "s", "Wall-clock training time", sourced=True),
    Column("hardware_burden_flops", "float", "FLOP", "count x peak FP32 rate x time (paper section 3.2)", sourced=True, derived=True),
    Column("training_compute_flops", "float", "FLOP", "Total training compute as estimated by the source (e.g. Epoch AI)", sourced=True),
    Column("extra_training_data", "str", "",
           "Data beyond the benchmark's own training set that the model was (pre-)trained on (JFT-300M, "
           "ImageNet-21k, Instagram...); empty when none is recorded", sourced=True),
    Column("notes", "str", "", "Free text: settings, caveats"),
)

#: Optional columns of language-model records (the "modern" dataset, :mod:`computelimits.modern`):
#: validated when present, kept out of :func:`all_columns` unless asked for (``lm=True``).
LM_COLUMNS: tuple[Column, ...] = (
    Column("model_version", "str", "", "Model version as the source names it, setting suffix included "
           "(e.g. o3-2025-04-16_high)"),
    Column("epoch_model", "str", "", "Model (family-level name) as Epoch AI's model tables name it "
           "(e.g. GPT-4o for every gpt-4o-* version)", sourced=True),
    Column("family", "str", "", "Model family (e.g. Llama-2), as ObsScaling/Sloth or the alias table give it",
           sourced=True),
    Column("organization", "str", "", "Developer organization", sourced=True),
    Column("accessibility", "str", "", "'open' (downloadable weights) or 'closed' (API/hosted/unreleased)",
           sourced=True),
    Column("training_run", "str", "", "Key shared by the rows of one trained model: model_version without "
           "its inference setting (rows of one training_run share one training compute)"),
    Column("inference_setting", "str", "", "Reasoning effort / thinking budget of the variant "
           "('high', '32K', ...), empty for the default"),
    Column("shots", "str", "", "Few-shot examples in the prompt ('0', '5', 'few'), empty when not given"),
    Column("metric_stderr", "float", "metric scale", "Standard error of metric_value as the source gives it",
           sourced=True),
    Column("training_compute_low_flops", "float", "FLOP", "Lower end of the training-compute interval",
           sourced=True),
    Column("training_compute_high_flops", "float", "FLOP", "Upper end of the training-compute interval",
           sourced=True),
    Column("training_compute_method", "str", "", "How the training compute was estimated: 6ND, hardware, "
           "6ND+hardware, reported, benchmark-imputation, other"),
    Column("training_compute_confidence", "str", "", "Epoch AI's confidence grade (Confident, Likely, "
           "Speculative, Unknown)"),
    Column("active_params", "float", "count", "Parameters active per token (mixture of experts)", sourced=True),
    Column("training_tokens", "float", "tokens", "Pretraining tokens", sourced=True),
    Column("distilled", "str", "", "'true' when the model was distilled from a larger one, 'false', empty "
           "when unknown", sourced=True),
    Column("eci_score", "float", "index points", "Epoch Capabilities Index of the model version (a composite "
           "on an open scale, not an error rate)", sourced=True),
    Column("dataset", "str", "", "Source dataset of the row (epoch-hub, obsscaling, sloth, ...)"),
    Column("source_id", "str", "", "Where the row comes from: file and row id in the source"),
    Column("source_link", "str", "", "The link the source gives for the score (paper, leaderboard, log)"),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
SOURCED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.sourced)
#: Columns a user CSV must have (``year`` or ``date``; ``error`` or ``metric_value``; plus
#: at least one computation column, see :func:`validate_records`).
MINIMAL_COLUMNS: tuple[str, ...] = ("model", "benchmark", "year|date", "error|metric_value")
COMPUTE_COLUMN_SETS: tuple[tuple[str, ...], ...] = (
    ("flops_per_pass",),
    ("hardware_burden_flops",),
    ("hardware", "hardware_count", "training_time_s"),
    ("training_compute_flops",),
)
_BY_NAME = {c.name: c for c in (*COLUMNS, *LM_COLUMNS)}
_POSITIVE = {"flops_per_pass", "params", "epochs", "training_examples", "hardware_count",
             "training_time_s", "hardware_burden_flops", "training_compute_flops",
             "training_compute_low_flops", "training_compute_high_flops", "active_params",
             "training_tokens"}
_KEY = ("model", "benchmark", "metric")


def column_dictionary(lm: bool = False):
    """The schema as a :class:`pandas.DataFrame` (name, dtype, unit, description, ...);
    with ``lm=True`` the language-model columns (:data:`LM_COLUMNS`) follow."""
    import pandas as pd

    rows = []
    for c in (*COLUMNS, *LM_COLUMNS) if lm else COLUMNS:
        rows.append(dict(column=c.name, dtype=c.dtype, unit=c.unit, description=c.description,
                         derived=c.derived, source_column=f"{c.name}_source" if c.sourced else ""))
    return pd.DataFrame(rows)


def all_columns(lm: bool = False) -> list[str]:
    """Every column in canonical order, each sourced column followed by its ``_source``;
    ``lm=True`` adds the language-model columns (:data:`LM_COLUMNS`) before ``notes``."""
    out: list[str] = []
    cols = COLUMNS if not lm else (*COLUMNS[:-1], *LM_COLUMNS, COLUMNS[-1])
    for c in cols:
        out.append(c.name)
        if c.sourced:
            out.append(f"{c.name}_source")
    return out


def empty_records():
    """An empty records table with every schema column."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=_pandas_dtype(c)) for c in all_columns()})


def _pandas_dtype(col: str) -> str:
    c = _BY_NAME.get(col)
    if c is None or c.dtype in ("str", "date"):
        return "object"
    return {"float": "float64", "int": "float64", "bool": "bool"}[c.dtype]


def _blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return False  # a real NaN is reported separately by the numeric check
    return isinstance(v, str) and v.strip() == ""


def _key_text(v) -> str:
    """A cell as text for the duplicate key ('' when missing)."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or type(v).__name__ == "NAType":
        return ""
    return str(v).strip()


def _parse_float(v):
    """Return (value, ok).

    Missing -> (nan, True): blank text, ``None``, and a NaN *cell* of a DataFrame (``float('nan')``
    or ``pd.NA``, pandas' marker for a missing value, so validated tables validate again).
    Written-out "nan"/"inf" text, or an infinite number -> (None, False).
    """
    if v is None or (isinstance(v, str) and v.strip() == "") or type(v).__name__ == "NAType":
        return float("nan"), True
    if isinstance(v, float) and math.isnan(v):
        return float("nan"), True
    try:
        x = float(str(v).replace(",", "").strip()) if isinstance(v, str) else float(v)
    except (TypeError, ValueError):
        return None, False
    if not math.isfinite(x):
        return None, False
    return x, True


def read_records(path: str | Path, validate: bool = True, hardware_precision: str = "paper"):
    """Read a CSV in the record schema, validated and normalised.

    Parameters
    ----------
    path : str or Path
        CSV file with a header row.
    validate : bool
        Validate and normalise (default). ``False`` returns the raw table.
    hardware_precision : {"paper", "fp32", "tensor", "fp16", "tf32", "best"}
        Peak rate used to derive ``hardware_burden_flops`` from hardware, count and time.
        ``"paper"`` (default): the FP32 peak, the paper's convention, or for chips that publish
        no FP32 peak (TPU v3 and later) their tensor rate; the source column says which.

    Raises
    ------
    DataValidationError
        With one problem per bad cell (file, row, column, what was expected).
    """
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False, na_values=[], skipinitialspace=True)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataValidationError([ValidationProblem(p.name, None, None, "a CSV file with a header row",
                                                     msg)]) from None
    if not validate:
        return df
    return validate_records(df, source=p.name, hardware_precision=hardware_precision)


def validate_records(df, source: str = "<DataFrame>", hardware_precision: str = "paper",
                     require_compute: bool = True, require_date: bool = True):
    """Validate a records table and return it normalised.

    Checks, each reported with file, row and column: required columns present; model and benchmark
    non-empty, benchmark known; date parseable (or year a number); error in (0, 1) or derivable from
    metric_value; numeric columns numbers that are finite (no "nan"/"inf" text, no infinite value)
    and, for computation, parameters, counts and times, strictly positive; units known and of the
    right kind; hardware known and unambiguous; arXiv ids valid; no duplicate (model, benchmark,
    metric). An empty cell, ``None`` or a NaN cell of a DataFrame (pandas' missing value) means
    "not given".

    ``hardware_count`` counts units of the named hardware: chips for a chip name, devices or pods
    for a multi-chip alias ("Cloud TPU v3" = 4 chips, "TPU v3 Pod" = 1024 chips); the output holds
    the canonical chip and the number of chips (see :func:`computelimits.hardware.resolve_hardware_unit`).

    Parameters
    ----------
    df : pandas.DataFrame
        Records; strings or numbers. Columns outside the schema are kept unchanged.
    source : str
        Name used in messages (a file name).
    hardware_precision : {"paper", "fp32", "tensor", "fp16", "tf32", "best"}
        Peak rate used to derive hardware burden (:data:`computelimits.hardware.PEAK_RATES`);
        ``"paper"``: FP32, or the tensor rate for chips with no FP32 peak (TPU v3+).
    require_compute : bool
        Require at least one computation column set (per-pass FLOPs, burden, or hardware + count + time).
    require_date : bool
        Require a date (or year, or arXiv id) on every row. ``False`` leaves ``year`` NaN where
        none is given (the language-model dataset keeps models whose sources give no date).

    Returns
    -------
    pandas.DataFrame
        Every schema column present, canonical order first, extra columns after.
    """
    import numpy as np
    import pandas as pd

    from . import arxiv as _arxiv
    from .benchmarks import get_benchmark
    from .units import COMPUTE_UNITS

    problems: list[ValidationProblem] = []
    cols = set(df.columns)

    def need(col: str, alternatives: tuple[str, ...] = ()):
        if col not in cols and not any(a in cols for a in alternatives):
            names = " or ".join((col, *alternatives))
            problems.append(ValidationProblem(source, None, names, f"a column named {names}", "no such column"))

    need("model")
    need("benchmark")
    need("year", ("date", "arxiv_id"))
    need("error", ("metric_value",))
    if require_compute and not any(all(c in cols for c in s) for s in COMPUTE_COLUMN_SETS):
        problems.append(ValidationProblem(
            source, None, "flops_per_pass",
            "at least one computation column: flops_per_pass, hardware_burden_flops, "
            "hardware + hardware_count + training_time_s, or training_compute_flops", "none of them"))
    if problems:
        raise DataValidationError(problems)

    n = len(df)
    out = df.copy().reset_index(drop=True)
    for c in all_columns():
        if c not in out.columns:
            out[c] = None
    records = out.to_dict("records")

    numeric = [c.name for c in COLUMNS if c.dtype in ("float", "int") and c.name != "year"]
    numeric += [c.name for c in LM_COLUMNS if c.dtype in ("float", "int") and c.name in cols]
    result: dict[str, list] = {c: [None] * n for c in out.columns}
    seen: dict[tuple, int] = {}

    for i, rec in enumerate(records):
        row = i + 1
        bad = lambda col, exp, got=None, row=row: problems.append(  # noqa: E731
            ValidationProblem(source, row, col, exp, None if got is None else repr(got)))
        for c in out.columns:
            result[c][i] = rec.get(c)

        # text fields
        model = rec.get("model")
        if _blank(model) or (isinstance(model, float) and math.isnan(model)):
            bad("model", "a model name")
        else:
            result["model"][i] = str(model).strip()
        bench = None
        braw = rec.get("benchmark")
        if _blank(braw) or (isinstance(braw, float) and math.isnan(braw)):
            bad("benchmark", "a benchmark name")
        else:
            try:
                bench = get_benchmark(str(braw))
                result["benchmark"][i] = bench.benchmark
            except UnknownNameError as exc:
                bad("benchmark", "a known benchmark (" + ", ".join(exc.candidates) + ")", braw)

        # numbers
        vals: dict[str, float] = {}
        for c in numeric:
            if c == "error":  # checked with metric_value below (one problem per cell)
                continue
            x, ok = _parse_float(rec.get(c))
            if not ok:
                bad(c, "a finite number (no NaN or inf)", rec.get(c))
                vals[c] = float("nan")
                continue
            if c in _POSITIVE and not math.isnan(x) and x <= 0:
                bad(c, "a number > 0", rec.get(c))
                x = float("nan")
            vals[c] = x

        # units of per-pass computation
        unit = rec.get("flops_unit")
        if not _blank(unit) and not (isinstance(unit, float) and math.isnan(unit)):
            u = str(unit).strip().lower()
            if u not in COMPUTE_UNITS or "/s" in u:
                bad("flops_unit", "a compute unit (FLOP, GFLOP, MAC, GMAC, ...)", unit)
            elif not math.isnan(vals["flops_per_pass"]):
                vals["flops_per_pass"] *= COMPUTE_UNITS[u]
                prev = rec.get("flops_unit_source")
                if not (u in ("flop", "flops") and prev in ("mac", "flop")):
                    # (an already normalised row keeps the unit its source counted in)
                    result["flops_unit_source"][i] = "mac" if "mac" in u or "mult" in u else "flop"
                result["flops_unit"][i] = "FLOP"
        if not math.isnan(vals["flops_per_pass"]) and _blank(result["flops_unit_source"][i] or ""):
            result["flops_unit_source"][i] = "flop"
        if not math.isnan(vals["flops_per_pass"]) and vals["flops_per_pass"] < 1e3:
            bad("flops_per_pass", "FLOPs per pass (>= 1e3; give flops_unit, e.g. GFLOP, for scaled values)",
                rec.get("flops_per_pass"))

        # metric and error
        metric = rec.get("metric")
        if bench is not None:
            if _blank(metric) or (isinstance(metric, float) and math.isnan(metric)):
                metric = bench.metric
            metric = str(metric).strip().lower()
            if metric not in bench.metrics:
                bad("metric", f"one of {', '.join(bench.metrics)} for {bench.benchmark}", rec.get("metric"))
            result["metric"][i] = metric
        err, ok = _parse_float(rec.get("error"))
        if not ok:
            bad("error", "an error rate: a finite fraction in (0, 1)", rec.get("error"))
            err = float("nan")
        mv = vals["metric_value"]
        if bench is not None and not math.isnan(mv):
            derived = bench.to_error(mv)
            if not (0 < derived < 1):
                bad("metric_value", f"a {metric} value on a 0-{bench.metric_scale:g} scale", rec.get("metric_value"))
            elif math.isnan(err):
                err = derived
            elif abs(err - derived) > 1e-6:
                bad("error", f"{derived:.6g} (= {bench.error_description} from metric_value)", rec.get("error"))
        if math.isnan(err) and ok:
            bad("error", "an error rate (or a metric_value to derive it from)")
        elif not math.isnan(err) and not (0 < err < 1):
            hint = " (percent given? use a fraction, e.g. 0.235)" if 1 <= err < 100 else ""
            bad("error", "a fraction in (0, 1)" + hint, rec.get("error"))
        result["error"][i] = err

        # dates: explicit date, else arXiv id month, else a numeric year
        year = float("nan")
        date_reported = False
        d = rec.get("date")
        if not _blank(d) and not (isinstance(d, float) and math.isnan(d)):
            try:
                ts = pd.Timestamp(str(d).strip())
                if pd.isna(ts):
                    raise ValueError
                result["date"][i] = ts.strftime("%Y-%m-%d")
                year = ts.year + (ts.day_of_year - 0.5) / (366 if ts.is_leap_year else 365)
            except (ValueError, TypeError):
                bad("date", "a date YYYY-MM-DD (or YYYY-MM)", d)
                date_reported = True
        ax = rec.get("arxiv_id")
        if not _blank(ax) and not (isinstance(ax, float) and math.isnan(ax)):
            try:
                a = _arxiv.parse_arxiv(str(ax))
                result["arxiv_id"][i] = a.id
                if math.isnan(year) and not date_reported:
                    result["date"][i] = a.date.isoformat()
                    if _blank(result["date_source"][i] or ""):
                        result["date_source"][i] = f"arXiv:{a.id} (identifier)"
                    year = a.year_fraction
            except InputError:
                bad("arxiv_id", "an arXiv id (YYMM.NNNNN, archive/YYMMNNN or an arxiv.org URL)", ax)
                date_reported = True
        y, ok = _parse_float(rec.get("year"))
        if not ok:
            bad("year", "a year as a number (e.g. 2017 or 2017.5)", rec.get("year"))
            date_reported = True
        elif not math.isnan(y):
            if not (1950 <= y <= 2100):
                bad("year", "a year between 1950 and 2100", rec.get("year"))
                date_reported = True
            elif math.isnan(year):
                year = y
        if math.isnan(year) and not date_reported and require_date:
            bad("year", "a year (or a date or arXiv id to derive it from)")
        result["year"][i] = year

        # hardware and burden
        hw = rec.get("hardware")
        hw_name = None
        if not _blank(hw) and not (isinstance(hw, float) and math.isnan(hw)):
            from .hardware import resolve_hardware_unit

            try:
                hw_name, per_unit = resolve_hardware_unit(str(hw))
                result["hardware"][i] = hw_name
                cnt = vals["hardware_count"]
                if per_unit != 1.0 and not math.isnan(cnt):
                    # a multi-chip unit ("TPU v3 Pod") or part of a chip ("TPU v3 core"):
                    # hardware_count counted units; store chips
                    vals["hardware_count"] = cnt * per_unit
                    prev = result.get("hardware_count_source", [None] * n)[i]
                    note = f"{cnt:g} x '{str(hw).strip()}' = {cnt * per_unit:g} chips"
                    result["hardware_count_source"][i] = (
                        f"{prev}; {note}" if not _blank(prev) and prev is not None
                        and not (isinstance(prev, float) and math.isnan(prev)) else note)
            except UnknownNameError as exc:
                cand = ", ".join(exc.candidates) if exc.candidates else "see `computelimits hardware list`"
                what = ("an unambiguous chip name" if str(exc).startswith("ambiguous")
                        else "a known chip")
                bad("hardware", f"{what} ({cand})", hw)
        burden = vals["hardware_burden_flops"]
        cnt, secs = vals["hardware_count"], vals["training_time_s"]
        if math.isnan(burden) and hw_name and not math.isnan(cnt) and not math.isnan(secs):
            from .burden import derive_hardware_burden

            # the one burden function (burden.py): the rate and its source column are cited
            b = derive_hardware_burden([hw_name], [cnt], [secs], hardware_precision)
            if math.isfinite(b.burden_flops[0]):  # chip has no such peak rate: never guess
                burden = float(b.burden_flops[0])
                if _blank(result.get("hardware_burden_flops_source", [None] * n)[i] or ""):
                    result["hardware_burden_flops_source"][i] = b.source[0]
        vals["hardware_burden_flops"] = burden
        for c in numeric:
            if c != "error":
                result[c][i] = vals.get(c, float("nan"))

        imp = rec.get("flops_imputed")
        if _blank(imp) or imp is None or (isinstance(imp, float) and math.isnan(imp)):
            result["flops_imputed"][i] = False
        elif str(imp).strip().lower() in ("true", "1", "yes"):
            result["flops_imputed"][i] = True
        elif str(imp).strip().lower() in ("false", "0", "no"):
            result["flops_imputed"][i] = False
        else:
            bad("flops_imputed", "true or false", imp)

        # duplicates
        if result["model"][i] and bench is not None:
            # several rows of one model are distinct results when their shots, inference
            # setting or source row differ (the modern dataset keeps them all)
            key = (str(result["model"][i]).lower(), bench.benchmark, result["metric"][i],
                   *(_key_text(rec.get(c)) for c in ("shots", "inference_setting", "source_id")))
            if key in seen:
                bad("model", f"a unique (model, benchmark, metric); same as row {seen[key]}",
                    result["model"][i])
            else:
                seen[key] = row

    if problems:
        raise DataValidationError(problems)

    res = pd.DataFrame(result, columns=list(out.columns))
    for c in numeric + ["year", "error"]:
        res[c] = pd.to_numeric(res[c], errors="coerce").astype(float)
    res["flops_imputed"] = res["flops_imputed"].astype(bool)
    for c in res.columns:
        if c not in numeric + ["year", "error", "flops_imputed"]:
            res[c] = res[c].where(res[c].notna(), None).map(
                lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) or
                (isinstance(v, str) and v.strip() == "") else v)
    order = all_columns() + [c for c in res.columns if c not in set(all_columns())]
    return res[order]
