"""Bundled datasets: loaders, listing and the manifest (sha256, licence, sources).

Packaged CSVs live in ``computelimits/data`` and are read with :mod:`importlib.resources`;
nothing is read at import time. ``data/manifest.json`` records, for every file, its sha256, row
count, description, licence, sources and the script that builds it. The build scripts under
``scripts/`` update the manifest through :func:`update_manifest`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from .packaged import (  # noqa: F401  (re-exported: the public names of this module)
    MANIFEST,
    dataset_sha256,
    load_manifest,
    packaged_path,
    read_packaged_csv,
    sha256_bytes,
    verify_manifest,
)

__all__ = [
    "list_datasets",
    "load_models",
    "load_records",
    "load_manifest",
    "verify_manifest",
    "packaged_path",
    "read_packaged_csv",
    "update_manifest",
    "dataset_sha256",
    "load_figure6",
    "summarize",
    "summarize_models",
    "SUMMARY_COLUMNS",
]

def list_datasets():
    """The packaged data files with description, rows, licence and sha256, as a DataFrame."""
    import pandas as pd

    rows = []
    for name, meta in sorted(load_manifest().get("files", {}).items()):
        rows.append(dict(file=name, description=meta.get("description", ""),
                         rows=meta.get("rows"), licence=meta.get("licence", ""),
                         loader=meta.get("loader", ""), sha256=meta.get("sha256", "")))
    return pd.DataFrame(rows)


@cache
def _models_validated():
    from .schema import validate_records

    raw = read_packaged_csv("models.csv", dtype=str, keep_default_na=False)
    return validate_records(raw, source="computelimits/data/models.csv", require_compute=False)


#: Columns :func:`load_models` shows first: what a reader looks at (model, result, computation).
READ_FIRST: tuple[str, ...] = ("model", "benchmark", "year", "error", "flops_per_pass",
                               "hardware_burden_flops", "metric", "metric_value", "params",
                               "date", "arxiv_id", "paper_title")


def reading_order(columns, provenance: bool = True) -> list[str]:
    """Columns in reading order: :data:`READ_FIRST`, the other values, then provenance (every
    ``*_source`` column and ``notes``), which ``provenance=False`` leaves out."""
    cols = list(columns)
    prov = [c for c in cols if c.endswith("_source") or c == "notes"]
    first = [c for c in READ_FIRST if c in cols]
    rest = [c for c in cols if c not in set(first) | set(prov)]
    return first + rest + (prov if provenance else [])


def load_models(benchmark: str | None = None, include_imputed: bool = True,
                metric: str | None = "primary", rule: str | None = "preferred",
                include_extra_data: bool = True, provenance: bool = True):
    """The curated records of models on the paper's benchmarks (or, for a language-model
    benchmark such as ``"mmlu"``, the bundled ``modern.csv``: see :func:`computelimits.load_modern`).

    Parameters
    ----------
    benchmark : str, optional
        Benchmark id or alias (``"imagenet"``, ``"MS COCO"``, ``"mmlu"``...); all of the paper's
        benchmarks when omitted.
    include_imputed : bool
        Keep rows whose ``flops_per_pass`` was imputed from parameters (``flops_imputed``).
    metric : str or None
        ``"primary"`` (default): one row per model, on each benchmark's primary metric (top-1,
        box AP, F1, BLEU, WER), the rows the paper's regressions use. A metric name (``"top5"``,
        ``"em"``) keeps that metric only; ``None`` keeps every metric (several rows per model).
    include_extra_data : bool
        Keep models trained on data beyond the benchmark's own training set (a non-empty
        ``extra_training_data``: JFT-300M, ImageNet-21k, Instagram ...). ``False`` compares like
        with like: models that saw only the benchmark's training data.
    provenance : bool
        Keep the provenance columns (every ``*_source`` column: where each value comes from, and
        ``notes``), after the values (default). ``False`` leaves them out: a table to read.
    rule : str or None
        Language-model benchmarks only: the one-row-per-model rule
        (:data:`computelimits.modern.ROW_RULES`; default ``"preferred"``; ``"all"`` keeps every row).

    Returns
    -------
    pandas.DataFrame
        Validated, normalised records (see :mod:`computelimits.schema`); a fresh copy. Columns
        in reading order (:func:`reading_order`): model, benchmark, year, error, computation
        first, provenance last.

    Examples
    --------
    >>> import computelimits as cl
    >>> df = cl.load_models("imagenet", provenance=False)
    >>> list(df.columns[:4])
    ['model', 'benchmark', 'year', 'error']
    >>> any(c.endswith("_source") for c in df.columns)
    False
    >>> bool(cl.load_models("mmlu")["training_run"].is_unique)
    True
    """
    from .benchmarks import get_benchmark, resolve_benchmark

    if benchmark is not None and get_benchmark(benchmark).group == "modern":
        from .modern import load_modern

        lm = load_modern(benchmark, rule=rule)
        return lm[reading_order(lm.columns, provenance)].reset_index(drop=True)
    df = _models_validated()
    if benchmark is not None:
        df = df[df["benchmark"] == resolve_benchmark(benchmark)]
    if metric == "primary":
        primary = {b: get_benchmark(b).metric for b in df["benchmark"].unique()}
        df = df[df["metric"] == df["benchmark"].map(primary)]
    elif metric is not None:
        df = df[df["metric"] == str(metric).lower()]
    if not include_imputed:
        df = df[~df["flops_imputed"]]
    if not include_extra_data:
        df = drop_extra_data(df)
    return df[reading_order(df.columns, provenance)].reset_index(drop=True).copy()


def load_records(data=None, benchmark: str | None = None):
    """Validated records from the bundled dataset, a records DataFrame or a CSV path: the one
    loader behind every command's ``--data``.

    Parameters
    ----------
    data : pandas.DataFrame, str, os.PathLike or None
        Records in the record schema (validated with
        :func:`computelimits.schema.validate_records`), a CSV path (read with
        :func:`computelimits.schema.read_records`: a missing, unreadable or malformed file is
        one clear error), or ``None`` for the bundled dataset (:func:`load_models`, each
        benchmark's primary metric).
    benchmark : str, optional
        Keep this benchmark only (id or alias).

    Returns
    -------
    pandas.DataFrame
        Validated records, index 0..n-1.

    Raises
    ------
    InputError
        ``data`` of another type, or a file that cannot be read.
    DataValidationError
        The records break the schema.
    """
    import os

    import pandas as pd

    from .benchmarks import get_benchmark, resolve_benchmark
    from .errors import InputError
    from .schema import read_records, validate_records

    bench = resolve_benchmark(benchmark) if benchmark is not None else None
    # language-model records may lack a release date (ObsScaling-only rows); a fit needs one only
    # with a year trend, which checks it
    need_date = bench is None or get_benchmark(bench).group != "modern"
    if data is None:
        df = load_models(bench)
    elif isinstance(data, pd.DataFrame):
        df = validate_records(data, source="<DataFrame>", require_compute=False,
                              require_date=need_date)
    elif isinstance(data, (str, os.PathLike)):
        df = read_records(data)
    else:
        raise InputError(f"data must be a records DataFrame or a CSV path; got {type(data).__name__}")
    if bench is not None:
        df = df[df["benchmark"] == bench]
    return df.reset_index(drop=True)


def drop_extra_data(df):
    """``df`` without the models trained on extra data (non-empty ``extra_training_data``); a table
    without that column is returned unchanged."""
    if "extra_training_data" not in df.columns:
        return df
    col = df["extra_training_data"]
    return df[col.isna() | (col.astype(str).str.strip() == "")]


#: Columns of :func:`summarize` (the counts of the paper's Figure 6).
SUMMARY_COLUMNS: tuple[str, ...] = ("benchmark", "papers", "models", "with_computation",
                                    "with_hardware_burden", "with_all")


def load_figure6():
    """The paper's Figure 6 counts per benchmark (papers found, models, models with computation,
    with hardware burden, with both), as a DataFrame.

    References
    ----------
    Thompson et al., "The Computational Limits of Deep Learning", supplement Figure 6.
    """
    return read_packaged_csv("figure6.csv", dtype={"benchmark": str, "state_of_the_art": str,
                                                   "source": str})


def summarize(records=None, *, compare: bool = False):
    """A Figure 6-style summary of records: per benchmark, papers, models, models with per-pass
    computation, with hardware burden, and with both.

    Counts use each benchmark's primary metric (one row per model). A paper is an arXiv id, else
    a title, else the model; "with computation" means ``flops_per_pass`` is known (sourced or
    imputed), "with hardware burden" that ``hardware_burden_flops`` is (given, or derived from
    chip, count and time).

    Parameters
    ----------
    records : pandas.DataFrame or str or Path, optional
        Records (validated or not) or a CSV path; the packaged dataset when omitted.
    compare : bool
        Add the paper's Figure 6 counts (``paper_*`` columns) and the shortfalls
        (``short_computation``, ``short_hardware_burden``: how many fewer models than the paper,
        0 when at least as many).

    Returns
    -------
    pandas.DataFrame
        One row per benchmark present, in registry order, columns :data:`SUMMARY_COLUMNS`.

    References
    ----------
    Thompson et al., "The Computational Limits of Deep Learning", supplement Figure 6.
    """
    import pandas as pd

    from .benchmarks import get_benchmark, list_benchmarks
    from .schema import read_records, validate_records

    if records is None:
        df = load_models(metric=None)
    elif isinstance(records, (str, Path)):
        df = read_records(records)
    else:
        df = validate_records(records, require_compute=False)
    order = list(list_benchmarks(None)["benchmark"])
    rows = []
    for b in [x for x in order if x in set(df["benchmark"])]:
        d = df[(df["benchmark"] == b) & (df["metric"] == get_benchmark(b).metric)]
        paper = d["arxiv_id"].where(d["arxiv_id"].notna(), d["paper_title"])
        paper = paper.where(paper.notna(), d["model"])
        comp = d["flops_per_pass"].notna()
        burden = d["hardware_burden_flops"].notna()
        rows.append(dict(benchmark=b, papers=int(paper.nunique()), models=int(d["model"].nunique()),
                         with_computation=int(comp.sum()), with_hardware_burden=int(burden.sum()),
                         with_all=int((comp & burden).sum())))
    out = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    if compare:
        fig = load_figure6().set_index("benchmark")
        for c in ("papers_found", "models", "with_computation", "with_hardware_burden", "with_all"):
            out[f"paper_{c}"] = out["benchmark"].map(fig[c]).astype("Int64")
        out["short_computation"] = (out["paper_with_computation"] - out["with_computation"]).clip(lower=0)
        out["short_hardware_burden"] = (out["paper_with_hardware_burden"]
                                        - out["with_hardware_burden"]).clip(lower=0)
    return out


def update_manifest(data_dir: str | Path, file_name: str, meta: dict[str, Any]) -> dict[str, Any]:
    """Record ``file_name`` (already written in ``data_dir``) in ``data_dir/manifest.json``.

    Adds sha256 and row count to ``meta``; writes the manifest deterministically (sorted keys,
    fixed indentation, trailing newline) and atomically. Used by the build scripts.
    """
    from .io import atomic_write_text

    data_dir = Path(data_dir)
    path = data_dir / file_name
    raw = path.read_bytes()
    entry = dict(meta)
    entry["sha256"] = sha256_bytes(raw)
    if file_name.endswith(".csv"):
        entry["rows"] = max(raw.count(b"\n") - 1, 0) if raw.endswith(b"\n") else raw.count(b"\n")
    mpath = data_dir / MANIFEST
    manifest = json.loads(mpath.read_text("utf-8")) if mpath.exists() else {}
    manifest.setdefault("name", "computelimits bundled data")
    manifest.setdefault("files", {})
    manifest["files"][file_name] = entry
    atomic_write_text(mpath, json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    load_manifest.cache_clear()
    return entry


#: Alias of :func:`summarize` exported at the package top level (``computelimits.summarize_models``).
summarize_models = summarize
