"""Epoch AI's Benchmarking Hub export -> language-model records, and the diff of two snapshots.

The hub export (``benchmark_data.zip`` from https://epoch.ai/benchmarks, CC BY 4.0, credit Epoch
AI) is a folder of CSV files, one per benchmark, whose score columns differ per file
(``EM``, ``mean_score``, ``Challenge score``, ...). :data:`HUB_FILES` says, per file, which
benchmark of the registry it holds and which column is the score; files not in it are skipped and
listed. ``epoch_capabilities_index.csv`` gives, per model version, Epoch's model name,
accessibility, the confidence grade of the training-compute estimate and the Epoch Capabilities
Index (``eci_score``: a composite, kept as a model attribute, not as a benchmark score).

Every record keeps the hub row it came from (``source_id`` = ``file#id``) and the link the hub
gives (``source_link``); the training-compute note is read by
:func:`~computelimits.importers.compute_notes.parse_compute_note` for an interval, the method and
6ND factors, which are left empty (with the reason in the dropped table) when the note does not
state them.

A malformed file (a missing score column, a compute that is not a number, a duplicate id) raises
:class:`~computelimits.errors.DataValidationError` naming file, row and column.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from .._registry import Registry
from ..errors import DataValidationError, InputError, ValidationProblem
from ._common import ImportResult, dropped_frame

__all__ = ["HubFile", "HUB_FILES", "read_hub_file", "import_epoch_hub", "diff_snapshots",
           "split_inference_setting", "normalize_shots", "accessibility_of", "ECI_FILE"]

ECI_FILE = "epoch_capabilities_index.csv"
HUB_CREDIT = "Epoch AI, 'AI Benchmarking Hub', https://epoch.ai/benchmarks (CC BY 4.0)"


@dataclass(frozen=True)
class HubFile:
    """One file of the hub export: the benchmark it holds and the columns to read."""

    file: str
    benchmark: str
    score: str
    stderr: str = ""
    kind: str = "external"  #: "run" (Epoch's own evaluation, with logs) or "external" (collected)


#: Hub file name -> :class:`HubFile` (the registered benchmarks the hub covers).
HUB_FILES: Registry[HubFile] = Registry("hub file")
for _f in (
    HubFile("mmlu_external.csv", "mmlu", "EM"),
    HubFile("gsm8k_external.csv", "gsm8k", "EM"),
    HubFile("hella_swag_external.csv", "hellaswag", "Overall accuracy"),
    HubFile("wino_grande_external.csv", "winogrande", "Accuracy"),
    HubFile("arc_ai2_external.csv", "arc-challenge", "Challenge score"),
    HubFile("bbh_external.csv", "bbh", "Average"),
    HubFile("piqa_external.csv", "piqa", "Score"),
    HubFile("trivia_qa_external.csv", "triviaqa", "EM"),
    HubFile("gpqa_diamond.csv", "gpqa-diamond", "mean_score", "stderr", "run"),
    HubFile("math_level_5.csv", "math-level-5", "mean_score", "stderr", "run"),
    HubFile("otis_mock_aime_2024_2025.csv", "otis-mock-aime", "mean_score", "stderr", "run"),
    HubFile("frontiermath.csv", "frontiermath", "mean_score", "stderr", "run"),
    HubFile("swe_bench_verified.csv", "swe-bench-verified", "mean_score", "stderr", "run"),
):
    HUB_FILES.add(_f.file, _f)

_REQUIRED = ("Model version", "Release date", "Training compute (FLOP)", "id")
# reasoning-effort and thinking-budget suffixes of model versions ("o3-2025-04-16_high", "_32K")
_SETTING = re.compile(r"_(?P<s>minimal|low|medium|high|xhigh|max|unknown|none|\d+(?:\.\d+)?[KkMm])$")


def split_inference_setting(version: str) -> tuple[str, str]:
    """``"o3-2025-04-16_high"`` -> ``("o3-2025-04-16", "high")``; ``("gpt-4o", "")`` without a suffix.

    The variants of one trained model (reasoning effort, thinking budget) share its training
    compute; the part before the suffix is the ``training_run`` key.

    Examples
    --------
    >>> split_inference_setting("claude-opus-4-5-20251101_32K")
    ('claude-opus-4-5-20251101', '32K')
    >>> split_inference_setting("Llama-2-7b")
    ('Llama-2-7b', '')
    """
    m = _SETTING.search(str(version))
    if not m:
        return str(version), ""
    return str(version)[: m.start()], m["s"]


def normalize_shots(v) -> str:
    """Shots as text: ``5.0`` -> ``"5"``, ``"25-shot"`` -> ``"25"``, ``"few"`` kept, empty when missing.

    Examples
    --------
    >>> normalize_shots("5.0"), normalize_shots("25-shot"), normalize_shots("0\\n"), normalize_shots("few")
    ('5', '25', '0', 'few')
    """
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    s = str(v).strip().lower().removesuffix("-shot").strip()
    try:
        f = float(s)
        return str(int(f)) if f == int(f) else s
    except ValueError:
        return s


def accessibility_of(text) -> str:
    """Epoch's 'Model accessibility' as ``"open"`` (downloadable weights) or ``"closed"``; ``""`` unknown."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    t = str(text).strip().lower()
    if t.startswith("open weights"):
        return "open"
    if t in ("api access", "hosted access (no api)", "unreleased"):
        return "closed"
    return ""


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _read_csv(path: Path):
    import pandas as pd

    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataValidationError([ValidationProblem(path.name, None, None, "a CSV file with a header row",
                                                     msg)]) from None


def _number(v):
    """(value, ok): NaN for an empty cell; ok=False for text that is not a finite number."""
    if _blank(v):
        return math.nan, True
    try:
        x = float(str(v).replace(",", "").strip())
    except ValueError:
        return None, False
    return (x, True) if math.isfinite(x) else (None, False)


def read_hub_file(path: str | Path, spec: HubFile | None = None):
    """One hub file, checked: the columns it must have, numbers that are numbers, unique ids.

    Parameters
    ----------
    path : str or Path
        A CSV of the export.
    spec : HubFile, optional
        Defaults to :data:`HUB_FILES` for the file's name.

    Returns
    -------
    pandas.DataFrame
        The file as text cells, plus float columns ``_score``, ``_stderr``, ``_compute`` and
        ``_row`` (1-based data row, as messages count them).

    Raises
    ------
    DataValidationError
        One problem per bad cell: file, row, column, what was expected.
    """
    p = Path(path)
    spec = spec or HUB_FILES.get(p.name)
    df = _read_csv(p)
    problems: list[ValidationProblem] = []
    for c in (*_REQUIRED, spec.score):
        if c not in df.columns:
            problems.append(ValidationProblem(p.name, None, c, f"a column named '{c}'", "no such column"))
    if problems:
        raise DataValidationError(problems)
    scores, errs, comps = [], [], []
    seen: dict[str, int] = {}
    for i, rec in enumerate(df.to_dict("records")):
        row = i + 1
        x, ok = _number(rec[spec.score])
        if not ok:
            problems.append(ValidationProblem(p.name, row, spec.score, "a score (a number)", repr(rec[spec.score])))
        scores.append(x if ok else math.nan)
        s, ok = _number(rec.get(spec.stderr)) if spec.stderr and spec.stderr in df.columns else (math.nan, True)
        if not ok:
            problems.append(ValidationProblem(p.name, row, spec.stderr, "a standard error (a number)",
                                              repr(rec[spec.stderr])))
        errs.append(s if ok else math.nan)
        c, ok = _number(rec["Training compute (FLOP)"])
        if not ok or (c is not None and not math.isnan(c) and c <= 0):
            problems.append(ValidationProblem(p.name, row, "Training compute (FLOP)",
                                              "a training compute in FLOP (a number > 0)",
                                              repr(rec["Training compute (FLOP)"])))
            c = math.nan
        comps.append(c)
        rid = str(rec["id"]).strip()
        if not rid:
            problems.append(ValidationProblem(p.name, row, "id", "a row id"))
        elif rid in seen:
            problems.append(ValidationProblem(p.name, row, "id", f"a unique id (same as row {seen[rid]})", repr(rid)))
        else:
            seen[rid] = row
    if problems:
        raise DataValidationError(problems)
    df["_score"], df["_stderr"], df["_compute"] = scores, errs, comps
    df["_row"] = range(1, len(df) + 1)
    return df


def _eci_table(folder: Path) -> dict[str, dict]:
    """Model version -> Epoch model name, accessibility, confidence grade, ECI (the ECI file)."""
    p = folder / ECI_FILE
    if not p.is_file():
        return {}
    df = _read_csv(p)
    need = ("Model version", "Model name")
    miss = [c for c in need if c not in df.columns]
    if miss:
        raise DataValidationError([ValidationProblem(p.name, None, c, f"a column named '{c}'", "no such column")
                                   for c in miss])
    out = {}
    for i, r in enumerate(df.to_dict("records")):
        v = str(r["Model version"]).strip()
        if v in out:
            raise DataValidationError([ValidationProblem(p.name, i + 1, "Model version",
                                                         "a unique model version", repr(v))])
        out[v] = r
    return out


def _snapshot_label(folder: Path) -> str:
    return f"Epoch AI Benchmarking Hub {folder.name}"


def import_epoch_hub(folder: str | Path, benchmarks=None, release_dates=None) -> ImportResult:
    """Read a hub export folder into records of the language-model schema.

    Parameters
    ----------
    folder : str or Path
        The export folder (``benchmark_data/``), one CSV per benchmark.
    benchmarks : list of str, optional
        Keep only these benchmarks (ids or aliases).
    release_dates : mapping, optional
        Model version -> ``(date, source)`` for rows whose file gives no release date (e.g. from
        Epoch's model tables); such rows are dropped when it has none either.

    Returns
    -------
    ImportResult
        ``records`` (columns :func:`computelimits.schema.all_columns` with ``lm=True``) and
        ``dropped``: rows not kept (a score of 0 or 1, no score, no model name, no release
        date), values left empty
        (an interval the note does not state), and files of benchmarks not in the registry.

    Raises
    ------
    InputError
        ``folder`` is not a folder, or holds none of the hub's files.
    DataValidationError
        A malformed file (see :func:`read_hub_file`).
    """
    import pandas as pd

    from ..benchmarks import get_benchmark, resolve_benchmark
    from ..schema import all_columns
    from .compute_notes import parse_compute_note

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder (give the hub export folder, e.g. benchmark_data/)")
    files = sorted(p.name for p in folder.glob("*.csv"))
    known = [f for f in files if f in HUB_FILES]
    if not known:
        raise InputError(f"{folder}: none of the hub's files ({', '.join(sorted(HUB_FILES))})")
    keep = None if not benchmarks else {resolve_benchmark(b) for b in benchmarks}
    eci = _eci_table(folder)
    label = _snapshot_label(folder)
    rows: list[dict] = []
    dropped: list[dict] = []
    for f in files:
        if f not in HUB_FILES:
            if f != ECI_FILE:
                dropped.append(dict(source=f, reason="file skipped: its benchmark is not in the registry"))
            continue
        spec = HUB_FILES.get(f)
        if keep is not None and spec.benchmark not in keep:
            continue
        bench = get_benchmark(spec.benchmark)
        df = read_hub_file(folder / f, spec)
        for r in df.to_dict("records"):
            rid = str(r["id"]).strip()
            where = f"{label}: {f}, id {rid}"
            version = str(r["Model version"]).strip()
            name = str(r.get("Name", "") or "").strip()
            model = version or name
            if not model:
                dropped.append(dict(source=f, row=rid, reason="no model version and no name"))
                continue
            score = r["_score"]
            if math.isnan(score):
                dropped.append(dict(source=f, row=rid, model=model, field=spec.score, reason="no score"))
                continue
            if not (0 < score < 1):
                dropped.append(dict(source=f, row=rid, model=model, field=spec.score, value=repr(score),
                                    reason=f"score {score:g}: an error rate of {1 - score:g} is outside (0, 1)"))
                continue
            date, date_source = str(r.get("Release date") or "").strip(), where + ", 'Release date'"
            if not date and version in (release_dates or {}):
                date, date_source = release_dates[version]
            if not date:
                dropped.append(dict(source=f, row=rid, model=model, field="Release date",
                                    reason="no release date (a record needs a date)"))
                continue
            run, setting = split_inference_setting(version) if version else (name, "")
            e = eci.get(version, {})
            rec = dict(
                model=model, model_version=version or None, training_run=run, inference_setting=setting or None,
                benchmark=bench.benchmark, metric=bench.metric,
                metric_value=score, metric_value_source=where + (f"; reported by {r['Source'].strip()}"
                                                                 if str(r.get("Source", "")).strip() else
                                                                 "; Epoch AI's own evaluation" if spec.kind == "run"
                                                                 else ""),
                metric_stderr=r["_stderr"] if not math.isnan(r["_stderr"]) else None,
                metric_stderr_source=where if not math.isnan(r["_stderr"]) else None,
                shots=normalize_shots(r.get("Shots")) or None,
                dataset="epoch-hub", source_id=f"{f}#{rid}",
                source_link=(str(r.get("Source link") or r.get("Log viewer") or "").strip() or None),
                notes=(f"no model version in the hub; named by its 'Name' column ({name})" if not version
                       else None),
            )
            rec["date"], rec["date_source"] = date, date_source
            if not _blank(r.get("Organization")):
                rec["organization"], rec["organization_source"] = str(r["Organization"]).strip(), where
            if e:
                if not _blank(e.get("Model name")):
                    rec["epoch_model"] = str(e["Model name"]).strip()
                    rec["epoch_model_source"] = f"{label}: {ECI_FILE}, 'Model name' of {version}"
                acc = accessibility_of(e.get("Model accessibility"))
                if acc:
                    rec["accessibility"] = acc
                    rec["accessibility_source"] = (f"{label}: {ECI_FILE}, 'Model accessibility' = "
                                                   f"{str(e['Model accessibility']).strip()}")
                x, ok = _number(e.get("ECI Score"))
                if ok and not math.isnan(x):
                    rec["eci_score"] = x
                    rec["eci_score_source"] = f"{label}: {ECI_FILE}, 'ECI Score' of {version}"
                if not _blank(e.get("Confidence")) and not math.isnan(r["_compute"]):
                    rec["training_compute_confidence"] = str(e["Confidence"]).strip()
            comp = r["_compute"]
            if not math.isnan(comp):
                rec["training_compute_flops"] = comp
                rec["training_compute_flops_source"] = where + ", 'Training compute (FLOP)'"
                note = r.get("Training compute notes")
                est = parse_compute_note(note, comp)
                if est.method:
                    rec["training_compute_method"] = est.method
                if est.has_interval:
                    kind = {"ci": "confidence interval stated", "range": "range stated",
                            "two-estimates": "the two estimates whose geometric mean is the point, as stated"}
                    src = f"{where}, 'Training compute notes': {kind[est.interval_kind]} ('{est.interval_text}')"
                    rec.update(training_compute_low_flops=est.low, training_compute_high_flops=est.high,
                               training_compute_low_flops_source=src, training_compute_high_flops_source=src)
                else:
                    dropped.append(dict(source=f, row=rid, model=model, field="training_compute_low_flops",
                                        value="", reason=f"no compute interval: {est.reason}"))
                if not math.isnan(est.params):
                    src = f"{where}, 'Training compute notes': 6 x N x D product"
                    col = "active_params" if est.active else "params"
                    rec[col], rec[f"{col}_source"] = est.params, src
                    rec["training_tokens"], rec["training_tokens_source"] = est.tokens, src
            rows.append(rec)
    cols = all_columns(lm=True)
    records = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols, dtype=object)
    return ImportResult(records, dropped_frame(dropped))


def _keyed_rows(path: Path) -> dict[str, dict]:
    """Rows of one export file by key: the ``id`` column, else the model version (numbered when repeated)."""
    df = _read_csv(path)
    key_col = next((c for c in ("id", "ID", "UUID") if c in df.columns), None)
    out: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for r in df.to_dict("records"):
        if key_col and str(r[key_col]).strip():
            k = str(r[key_col]).strip()
        else:
            base = str(r.get("Model version", "")).strip()
            counts[base] = counts.get(base, 0) + 1
            k = base if counts[base] == 1 else f"{base}#{counts[base]}"
        if k in out:
            k = f"{k}#dup{sum(1 for x in out if x.startswith(k))}"
        out[k] = {c: str(v) for c, v in r.items()}
    return out


#: Columns of :func:`diff_snapshots`.
DIFF_COLUMNS: tuple[str, ...] = ("file", "key", "model_version", "change", "column", "old", "new")


def diff_snapshots(old: str | Path, new: str | Path):
    """Rows added, removed and changed between two hub export folders (every CSV file).

    Rows are matched by their ``id`` (the hub's record id; files without one by model version).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DIFF_COLUMNS`; ``change`` is ``"added"``, ``"removed"``, ``"changed"``
        (one row per changed cell), ``"file added"`` or ``"file removed"``; sorted by file and key.
    """
    import pandas as pd

    old, new = Path(old), Path(new)
    for d in (old, new):
        if not d.is_dir():
            raise InputError(f"{d}: not a folder (give two hub export folders)")
    fo = {p.relative_to(old).as_posix() for p in old.rglob("*.csv")}
    fn = {p.relative_to(new).as_posix() for p in new.rglob("*.csv")}
    out: list[dict] = []
    for f in sorted(fo | fn):
        if f not in fn:
            out.append(dict(file=f, change="file removed"))
            continue
        if f not in fo:
            out.append(dict(file=f, change="file added"))
            continue
        a, b = _keyed_rows(old / f), _keyed_rows(new / f)
        for k in sorted(set(a) | set(b)):
            mv = (b.get(k) or a.get(k) or {}).get("Model version", "")
            if k not in b:
                out.append(dict(file=f, key=k, model_version=mv, change="removed"))
            elif k not in a:
                out.append(dict(file=f, key=k, model_version=mv, change="added"))
            else:
                for c in sorted(set(a[k]) | set(b[k])):
                    va, vb = a[k].get(c, ""), b[k].get(c, "")
                    if va != vb:
                        out.append(dict(file=f, key=k, model_version=mv, change="changed", column=c,
                                        old=va, new=vb))
    return pd.DataFrame([{c: r.get(c, "") for c in DIFF_COLUMNS} for r in out], columns=list(DIFF_COLUMNS))
