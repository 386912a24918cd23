"""Import Epoch AI model tables (notable / all / large-scale / frontier models) into the record schema.

Epoch AI's databases list, per model, the publication date, parameters, training compute,
training hardware, hardware quantity and training time, each with notes. Their column names drift
between snapshots ("Training hardware" / "Training hardware type", "Link" / "Links",
"(DEPRECATED) Training dataset size (datapoints)" ...): :data:`COLUMN_ALIASES` maps every spelling
seen to one canonical name, matched without regard to case, spacing or punctuation.

Epoch has **no benchmark scores**. :func:`import_epoch` therefore writes *compute-side* records:
every schema column it can source (date, paper, parameters, epochs, hardware, chip count, training
time, training compute) with ``metric_value`` left empty, for the user to join with scores (for
example from :func:`computelimits.importers.import_pwc`). A row becomes a record only when one
benchmark of the registry can be identified from it (:func:`identify_benchmark`):

1. the benchmark's training data is named in ``Training dataset`` (:data:`TRAINING_DATA`
   patterns, e.g. ``ImageNet|ILSVRC`` for ImageNet, ``WMT`` + ``German`` for WMT 2014 EN-DE);
2. when the snapshot has a ``Task`` column and the row a task, the benchmark's task must be one of
   the row's tasks (so a detector trained on ImageNet + COCO is a COCO record);
3. exactly one benchmark must remain; none or several -> the row is dropped with the reason.

Hardware names are resolved through the hardware table; a name that does not resolve (or a cell
naming several chip types) is left out of the record and reported. Names for several chips
("Cloud TPU v3" = 4 chips) multiply the hardware quantity.

Epoch AI data is licensed CC BY 4.0 (credit "Epoch AI").
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DataValidationError, ValidationProblem
from ._common import (
    ImportResult,
    dropped_frame,
    file_label,
    find_arxiv_id,
    normalize_name,
    parse_number,
    records_frame,
)

__all__ = ["COLUMN_ALIASES", "TRAINING_DATA", "TASKS", "read_epoch", "identify_benchmark",
           "import_epoch", "resolve_hardware_count"]

#: Canonical column -> spellings seen in Epoch snapshots (first match wins).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "model": ("Model", "System", "Model name"),
    "publication_date": ("Publication date", "Publication Date", "Date", "Publication date (YYYY-MM-DD)"),
    "link": ("Link", "Links", "Link(s)", "URL", "Paper link"),
    "reference": ("Reference", "Paper title", "Title", "Paper"),
    "organization": ("Organization", "Organisation", "Organization(s)"),
    "domain": ("Domain", "Domains"),
    "task": ("Task", "Tasks"),
    "parameters": ("Parameters", "Parameters (count)", "Number of parameters"),
    "training_compute": ("Training compute (FLOP)", "Training compute (FLOPs)", "Training compute",
                         "Training Compute (FLOP)"),
    "training_dataset": ("Training dataset", "Training datasets", "Dataset"),
    "epochs": ("Epochs", "Number of epochs"),
    "training_time_hours": ("Training time (hours)", "Training time (hrs)", "Training time (h)",
                            "Training time"),
    "training_hardware": ("Training hardware", "Training hardware type", "Hardware", "Hardware type"),
    "hardware_quantity": ("Hardware quantity", "Hardware count", "Number of hardware units",
                          "Training hardware quantity", "Hardware units"),
    "confidence": ("Confidence",),
}

_REQUIRED = ("model", "publication_date")

#: Benchmark -> regular expression for its training data in ``Training dataset``.
TRAINING_DATA: dict[str, str] = {
    "imagenet": r"imagenet|ilsvrc",
    "cifar10": r"cifar[\s\-]?10(?!0)",
    "cifar100": r"cifar[\s\-]?100",
    "coco": r"\bcoco\b|ms[\s\-]?coco",
    "conll2003": r"conll",
    "wmt14-en-fr": r"\bwmt.*(?:french|en[\s\-]?fr\b)|(?:french|en[\s\-]?fr\b).*\bwmt",
    "wmt14-en-de": r"\bwmt.*(?:german|en[\s\-]?de\b)|(?:german|en[\s\-]?de\b).*\bwmt",
    "squad11": r"squad(?![\s\-]*(?:v?2))",
    "swb-hub500": r"switchboard|\bswbd?\b|fisher",
}

#: Epoch ``Task`` values (lower case) -> the registry's task names.
TASKS: dict[str, str] = {
    "image classification": "image classification",
    "object recognition": "image classification",
    "object detection": "object detection",
    "named entity recognition": "named entity recognition",
    "named entity recognition (ner)": "named entity recognition",
    "translation": "machine translation",
    "machine translation": "machine translation",
    "question answering": "question answering",
    "reading comprehension": "question answering",
    "speech recognition": "speech recognition",
    "speech recognition (asr)": "speech recognition",
    "speech-to-text": "speech recognition",
}


def _key(s: str) -> str:
    return "".join(ch for ch in str(s).lower() if ch.isalnum())


def read_epoch(path: str | Path):
    """An Epoch AI model table with canonical column names.

    Parameters
    ----------
    path : str or Path
        Any Epoch export (notable, all, large-scale, frontier models; CSV).

    Returns
    -------
    pandas.DataFrame
        Columns: ``row`` (1-based data row of the file), every canonical column of
        :data:`COLUMN_ALIASES` found (strings; empty when absent), and ``arxiv_id`` (from
        ``link``, else ``None``). Missing optional columns are added empty;
        ``attrs["columns"]`` maps each canonical column present to the file's header.

    Raises
    ------
    DataValidationError
        When the file lacks the model name or publication date columns.
    """
    import io

    import pandas as pd

    from ..io import read_input_bytes

    p = Path(path)
    raw = read_input_bytes(p)
    try:
        df = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, na_values=[],
                         encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataValidationError([ValidationProblem(p.name, None, None, "an Epoch AI CSV export", msg)]) from None
    have = {_key(c): c for c in df.columns}
    out = pd.DataFrame({"row": range(1, len(df) + 1)})
    found: dict[str, str] = {}
    for canon, names in COLUMN_ALIASES.items():
        col = next((have[_key(n)] for n in names if _key(n) in have), None)
        if col is not None:
            found[canon] = col
        if col is None:
            if canon in _REQUIRED:
                raise DataValidationError([ValidationProblem(
                    p.name, None, names[0], f"an Epoch AI export with a column {' or '.join(names)}",
                    "no such column")])
            out[canon] = ""
        else:
            out[canon] = df[col].astype(str).str.strip().to_numpy()
    out["arxiv_id"] = [find_arxiv_id(v) for v in out["link"]]
    out.attrs["has_task"] = any(_key(n) in have for n in COLUMN_ALIASES["task"])
    out.attrs["columns"] = found  # canonical name -> the file's own header, for columns present
    return out


def identify_benchmark(training_dataset: str, task: str = "", has_task: bool = True) -> tuple[str | None, str]:
    """The one benchmark an Epoch row is about, or ``(None, reason)``. See the module rules."""
    from ..benchmarks import get_benchmark

    ds = str(training_dataset or "")
    named = [b for b, pat in TRAINING_DATA.items() if re.search(pat, ds, re.IGNORECASE)]
    if not named:
        return None, "no benchmark's training data named in 'Training dataset'"
    tasks = {TASKS[t.strip().lower()] for t in str(task or "").split(",") if t.strip().lower() in TASKS}
    if has_task and str(task or "").strip():
        named = [b for b in named if get_benchmark(b).task in tasks]
        if not named:
            return None, "training data of a benchmark named, but the row's task is none of its tasks"
    if len(named) > 1:
        return None, "several benchmarks' training data named: " + ", ".join(named)
    return named[0], ""


def resolve_hardware_count(name: str, quantity: float | None) -> tuple[str | None, float | None, str]:
    """Canonical chip and chip count for a hardware cell and its quantity.

    Returns ``(hardware, count, problem)``; ``hardware`` is ``None`` with ``problem`` set when the
    name does not resolve to one chip. A name for several chips (``"Cloud TPU v3"``, 4 chips)
    multiplies ``quantity``.
    """
    s = str(name or "").strip()
    if not s:
        return None, quantity, ""
    parts = [x.strip() for x in re.split(r"[,;\n]", s) if x.strip()]
    if len(parts) > 1:
        return None, quantity, "several hardware types in one cell"
    try:
        from .. import hardware as _hw
    except ImportError:  # pragma: no cover
        return None, quantity, "hardware table not available"
    from ..errors import UnknownNameError

    try:
        if hasattr(_hw, "resolve_hardware_unit"):
            canon, per_unit = _hw.resolve_hardware_unit(parts[0])
        else:  # pragma: no cover - older hardware module
            canon, per_unit = _hw.resolve_hardware(parts[0]), 1.0
    except UnknownNameError as exc:
        return None, quantity, str(exc)
    if quantity is not None and per_unit != 1.0:
        quantity = quantity * per_unit
    return canon, quantity, ""


def import_epoch(path: str | Path, benchmarks: list[str] | None = None) -> ImportResult:
    """Compute-side records of the paper's benchmarks from an Epoch AI model table.

    Parameters
    ----------
    path : str or Path
        An Epoch AI CSV export (column names of any snapshot; see :data:`COLUMN_ALIASES`).
    benchmarks : list of str, optional
        Registry ids or aliases to keep.

    Returns
    -------
    ImportResult
        ``(records, dropped)``. Records have ``metric_value`` empty (Epoch has no scores); the
        ``notes`` column says so and carries Epoch's confidence and training dataset.

    Examples
    --------
    >>> records, dropped = import_epoch("notable_ai_models.csv")  # doctest: +SKIP
    >>> dropped["reason"].value_counts()  # doctest: +SKIP
    """
    from ..benchmarks import resolve_benchmark

    keep = None if benchmarks is None else {resolve_benchmark(b) for b in benchmarks}
    src = file_label(path)
    df = read_epoch(path)
    has_task = bool(df.attrs.get("has_task"))
    rows: list[dict] = []
    dropped: list[dict] = []
    seen: dict[tuple, int] = {}
    for r in df.to_dict("records"):
        ref, model = f"row {r['row']}", r["model"]
        if not model:
            dropped.append(dict(source=src, row=ref, reason="no model name"))
            continue
        bench, why = identify_benchmark(r["training_dataset"], r["task"], has_task)
        if bench is None:
            dropped.append(dict(source=src, row=ref, model=model, reason=why))
            continue
        if keep is not None and bench not in keep:
            dropped.append(dict(source=src, row=ref, model=model, reason=f"benchmark {bench} not requested"))
            continue
        if not r["publication_date"] and not r["arxiv_id"]:
            dropped.append(dict(source=src, row=ref, model=model,
                                reason="no publication date and no arXiv id: cannot be placed in time"))
            continue
        key = (bench, normalize_name(model))
        if key in seen:
            dropped.append(dict(source=src, row=ref, model=model,
                                reason=f"same model and benchmark as row {seen[key]}"))
            continue
        seen[key] = r["row"]
        rec = epoch_values(r, src, dropped)
        rec.update(model=model, benchmark=bench)
        notes = ["Epoch AI has no benchmark scores: metric_value to be joined from a results source",
                 f"Epoch training dataset: {r['training_dataset']}"]
        if r["confidence"]:
            notes.append(f"Epoch confidence: {r['confidence']}")
        rec["notes"] = "; ".join(notes)
        rows.append(rec)
    return ImportResult(records_frame(rows), dropped_frame(dropped))


def epoch_values(r: dict, src: str, dropped: list[dict] | None = None) -> dict:
    """Schema values of one :func:`read_epoch` row, each with its ``*_source`` (paper-level and
    model-level values: title, arXiv id, date, parameters, epochs, hardware, chip count, training
    time, training compute). Values that do not parse are reported in ``dropped``."""
    where = f"Epoch AI {src} row {r['row']}"
    out: dict = {}
    bad = (lambda field, value, reason: dropped.append(dict(
        source=src, row=f"row {r['row']}", model=r["model"], field=field, value=value, reason=reason))
        ) if dropped is not None else (lambda *a: None)
    title = r["reference"].strip().strip("\"'\u201c\u201d").strip()
    if title:
        out["paper_title"] = title
    if r["arxiv_id"]:
        out["arxiv_id"] = r["arxiv_id"]
    if r["publication_date"]:
        d = r["publication_date"][:10]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            out["date"] = d
            out["date_source"] = f"{where} ('Publication date')"
        else:
            bad("date", r["publication_date"], "not a YYYY-MM-DD date")

    def num(col: str, field: str, positive: bool = True):
        raw = r[col]
        if not raw:
            return None
        v = parse_number(raw, percent=False)
        if v is None or (positive and v <= 0):
            bad(field, raw, "not a positive number")
            return None
        return v

    for col, field, label in (("parameters", "params", "Parameters"), ("epochs", "epochs", "Epochs"),
                              ("training_compute", "training_compute_flops", "Training compute (FLOP)")):
        v = num(col, field)
        if v is not None:
            out[field] = v
            out[f"{field}_source"] = f"{where} ('{label}')"
    hours = num("training_time_hours", "training_time_s")
    if hours is not None:
        out["training_time_s"] = hours * 3600.0
        out["training_time_s_source"] = f"{where} ('Training time (hours)' = {r['training_time_hours']})"
    qty = num("hardware_quantity", "hardware_count")
    if r["training_hardware"]:
        hw, count, problem = resolve_hardware_count(r["training_hardware"], qty)
        if hw is None:
            bad("hardware", r["training_hardware"], f"hardware not usable: {problem}")
            if qty is not None:
                bad("hardware_count", r["hardware_quantity"], "chip count without a usable chip type")
        else:
            out["hardware"] = hw
            out["hardware_source"] = f"{where} ('Training hardware' = {r['training_hardware']})"
            if count is not None:
                out["hardware_count"] = count
                per = "" if count == qty else f" x {count / qty:g} chips per unit"
                out["hardware_count_source"] = (
                    f"{where} ('Hardware quantity' = {r['hardware_quantity']}{per})")
    elif qty is not None:
        bad("hardware_count", r["hardware_quantity"], "chip count without a chip type")
    return out
