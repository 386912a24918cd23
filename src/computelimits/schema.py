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

from dataclasses import dataclass
from pathlib import Path

from .errors import DataValidationError, ValidationProblem

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


#: Numeric columns checked by the rules (``year`` and ``error`` have rules of their own).
NUMERIC_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.dtype in ("float", "int")
                                         and c.name not in ("year", "error"))
#: Numeric language-model columns (:data:`LM_COLUMNS`), checked when the table has them.
LM_NUMERIC_COLUMNS: tuple[str, ...] = tuple(c.name for c in LM_COLUMNS if c.dtype in ("float", "int"))
#: Columns :func:`read_records` lets the CSV parser read as numbers (every other one as text).
_TYPED_NUMERIC: frozenset[str] = frozenset((*NUMERIC_COLUMNS, *LM_NUMERIC_COLUMNS, "year", "error"))
#: Columns that, beside (model, benchmark, metric), tell two results of one model apart
#: (the language-model dataset keeps one row per shots, inference setting and source row).
DUPLICATE_KEY_EXTRA: tuple[str, ...] = ("shots", "inference_setting", "source_id")


def _csv_header(p: Path) -> list[str] | None:
    """The header row of a CSV as written (pandas renames a repeated name to ``name.1``)."""
    import csv

    try:
        with p.open(newline="", encoding="utf-8") as fh:
            return next(csv.reader(fh, skipinitialspace=True), None)
    except (UnicodeDecodeError, csv.Error):
        return None


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
    InputError
        The file does not exist or cannot be read (a folder, no permission).
    DataValidationError
        With one problem per bad cell (file, row, column, what was expected); a column named
        twice in the header is a problem too (never silently renamed).
    """
    p = Path(path)
    if validate:
        typed = _read_typed(p)
        if typed is not None:
            try:
                return validate_records(typed, source=p.name, hardware_precision=hardware_precision)
            except DataValidationError:
                pass  # reported below from the text as written (each bad cell quoted as typed)
            del typed
    df = _read_text(p)
    if not validate:
        return df
    return validate_records(df, source=p.name, hardware_precision=hardware_precision)


_READ_OPTIONS = dict(keep_default_na=False, na_values=[], skipinitialspace=True)


def _read_text(p: Path):
    """Every cell of the CSV as text (the table :func:`read_records` validates and quotes)."""
    import pandas as pd

    from .io import open_input

    with open_input(p) as fh:
        try:
            df = pd.read_csv(fh, dtype=str, **_READ_OPTIONS)
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataValidationError([ValidationProblem(p.name, None, None,
                                                         "a CSV file with a header row", msg)]) from None
    header = _csv_header(p)
    if header is not None and len(header) == len(df.columns):
        df.columns = [h.strip() for h in header]
    return df


def _read_typed(p: Path):
    """The CSV with the schema's numeric columns read as numbers by the parser, the rest as text;
    ``None`` when the file is not such a plain table (a repeated or padded column name, a cell
    the parser cannot read as a number, any unreadable line): then only the text read is used.

    The fast path of :func:`read_records`: a million numbers read by the parser cost a fraction
    of the time and memory of a million texts parsed afterwards, with the same values (both
    use pandas' one string-to-double routine). A table with any problem is validated again from
    its text, so that every message quotes the cell as written.
    """
    import pandas as pd

    from .io import open_input

    with open_input(p) as fh:
        header = _csv_header(p)
        if (not header or len(set(header)) != len(header)
                or any(h != h.strip() or not h for h in header)):
            return None
        numeric = [h for h in header if h in _TYPED_NUMERIC]
        try:
            return pd.read_csv(fh, dtype={c: "float64" for c in numeric} | {c: str for c in header
                                                                           if c not in numeric},
                               keep_default_na=False, na_values={c: [""] for c in numeric},
                               skipinitialspace=True)
        except (ValueError, TypeError, KeyError, OverflowError, UnicodeDecodeError):
            return None  # ParserError and EmptyDataError are ValueErrors


def validate_records(df, source: str = "<DataFrame>", hardware_precision: str = "paper",
                     require_compute: bool = True, require_date: bool = True):
    """Validate a records table and return it normalised.

    Two steps, both column-wise: the rules of :func:`computelimits.rules.check_records` (each
    column parsed at once, each bad cell reported), then the derivations of
    :func:`computelimits.derive.derive_records` (FLOPs from units, error from metric value,
    year from date or arXiv id, chips from multi-chip units, hardware burden).

    Checks, each reported with file, row and column: required columns present, none named twice;
    model and benchmark non-empty, benchmark known; date an ISO date in 1950-2100 (or year a
    number in that range, or an arXiv id); error in (0, 1) or derivable from metric_value;
    numeric columns numbers that are finite (no "nan"/"inf" text, no decimal comma, no value
    that overflows, also after unit conversion) and, for computation, parameters, counts and
    times, strictly positive; units known and of the right kind; hardware known and unambiguous;
    arXiv ids valid; no duplicate (model, benchmark, metric). An empty cell, ``None`` or a NaN
    cell of a DataFrame (pandas' missing value) means "not given".

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
        Require at least one computation column set (per-pass FLOPs, burden, hardware + count +
        time, or training compute).
    require_date : bool
        Require a date (or year, or arXiv id) on every row. ``False`` leaves ``year`` NaN where
        none is given (the language-model dataset keeps models whose sources give no date).

    Returns
    -------
    pandas.DataFrame
        Every schema column present, canonical order first, extra columns after.

    Raises
    ------
    DataValidationError
        Every problem found, whole-table problems first, then row by row.
    """
    from .derive import derive_records
    from .rules import Problems, check_records

    problems = Problems(source)
    cols = set(df.columns)
    seen: set[str] = set()
    for c in df.columns:
        if c in seen:
            problems.add_table(str(c), f"one column named {c}", "the name twice in the header")
        seen.add(c)

    def need(col: str, alternatives: tuple[str, ...] = ()):
        if col not in cols and not any(a in cols for a in alternatives):
            names = " or ".join((col, *alternatives))
            problems.add_table(names, f"a column named {names}", "no such column")

    need("model")
    need("benchmark")
    need("year", ("date", "arxiv_id"))
    need("error", ("metric_value",))
    if require_compute and not any(all(c in cols for c in s) for s in COMPUTE_COLUMN_SETS):
        problems.add_table("flops_per_pass",
                           "at least one computation column: flops_per_pass, hardware_burden_flops, "
                           "hardware + hardware_count + training_time_s, or training_compute_flops",
                           "none of them")
    if problems:
        raise DataValidationError(problems.sorted())

    numeric = NUMERIC_COLUMNS + tuple(c for c in LM_NUMERIC_COLUMNS if c in cols)
    checked = check_records(df, source, numeric, frozenset(_POSITIVE), all_columns(),
                            key_extra=tuple(c for c in DUPLICATE_KEY_EXTRA if c in cols),
                            require_date=require_date)
    res = derive_records(checked, numeric, hardware_precision)
    if checked.problems:
        raise DataValidationError(checked.problems.sorted())
    return res
