"""Language models after 2020: the bundled ``modern.csv`` and the one-row-per-model rules.

``modern.csv`` (built by ``scripts/build_modern.py`` from Epoch AI's Benchmarking Hub, ObsScaling,
Sloth and Epoch's open-model data; see its card ``data/modern_card.md``) holds *results*: one
trained model (its ``training_run``) can have rows from several sources, shot counts and
inference settings (reasoning effort, thinking budget), which share one training compute.

Analyses that need one row per model pick it with a named rule (:data:`ROW_RULES`); the default,
:data:`DEFAULT_RULE`, is what :func:`computelimits.load_models` applies to a modern benchmark.

=============  ===============================================================================
``all``        every row (several per model)
``preferred``  per training run and benchmark: a row with a training compute first, then the
               most direct source (Epoch's hub, then ObsScaling, Sloth, Epoch's open-model
               data), then the highest score; ties broken by the source row id
``best``       per training run and benchmark: the highest score of any row (any source, shots
               or inference setting), the training compute taken from that row's run
=============  ===============================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ._registry import Registry

__all__ = ["load_modern", "one_row_per_model", "summarize_modern", "ROW_RULES", "DEFAULT_RULE", "RowRule",
           "SOURCE_PRIORITY", "MODERN_SUMMARY_COLUMNS"]

#: Source datasets, most direct first (used by the ``preferred`` rule).
SOURCE_PRIORITY: tuple[str, ...] = ("epoch-hub", "obsscaling", "sloth", "epoch-open-model-trends")
DEFAULT_RULE = "preferred"
FILE = "modern.csv"


@dataclass(frozen=True)
class RowRule:
    """A one-row-per-model rule: ``select(df) -> df``."""

    name: str
    description: str
    select: Callable


#: Named one-row-per-model rules.
ROW_RULES: Registry[RowRule] = Registry("one-row-per-model rule")


def _ranked(df, keys: list[tuple[str, bool]]):
    """One row per (training_run, benchmark): the first after sorting by ``keys``."""
    import numpy as np

    d = df.copy()
    for c in ("dataset", "source_id", "training_compute_flops"):
        if c not in d.columns:
            d[c] = None
    if "training_run" not in d.columns:
        d["training_run"] = None
    d["training_run"] = d["training_run"].where(d["training_run"].notna(), d["model"])
    d["_has_compute"] = d["training_compute_flops"].notna()
    pri = {s: i for i, s in enumerate(SOURCE_PRIORITY)}
    d["_source_rank"] = d["dataset"].map(pri).fillna(len(pri)).astype(int)
    d["_sid"] = d["source_id"].astype(str)
    d["_score"] = d["metric_value"].astype(float).fillna(-np.inf)
    by = [k for k, _ in keys] + ["_sid"]
    asc = [a for _, a in keys] + [True]
    d = d.sort_values(by, ascending=asc, kind="mergesort")
    d = d.drop_duplicates(["training_run", "benchmark"], keep="first")
    return d.drop(columns=["_has_compute", "_source_rank", "_sid", "_score"]).sort_index()


ROW_RULES.add("all", RowRule("all", "every row (several per model: sources, shots, inference settings)",
                             lambda df: df))
ROW_RULES.add("preferred", RowRule(
    "preferred", "per training run and benchmark: a row with a training compute first, then the most direct "
    "source (Epoch hub, ObsScaling, Sloth, Epoch open-model data), then the highest score",
    lambda df: _ranked(df, [("_has_compute", False), ("_source_rank", True), ("_score", False)])))
ROW_RULES.add("best", RowRule(
    "best", "per training run and benchmark: the highest score of any row (any source, shots or "
    "inference setting)",
    lambda df: _ranked(df, [("_score", False), ("_has_compute", False), ("_source_rank", True)])))


def one_row_per_model(df, rule: str = DEFAULT_RULE):
    """Apply a one-row-per-model rule (:data:`ROW_RULES`) to modern records.

    Parameters
    ----------
    df : pandas.DataFrame
        Records (``model``, ``benchmark``, ``metric_value``; ``training_run`` groups the rows of one
        model, ``model`` when absent; ``dataset``, ``source_id``, ``training_compute_flops`` are
        used when present).
    rule : str
        ``"preferred"`` (default), ``"best"`` or ``"all"``.

    Returns
    -------
    pandas.DataFrame
        The kept rows, in their original order, index reset.

    Examples
    --------
    >>> import computelimits as cl
    >>> d = cl.load_modern("mmlu", rule="all")
    >>> one = one_row_per_model(d)
    >>> bool(one.groupby("training_run").size().max() == 1), len(one) < len(d)
    (True, True)
    """
    return ROW_RULES.get(rule).select(df).reset_index(drop=True)


@cache
def _validated():
    from .packaged import read_packaged_csv
    from .schema import validate_records

    raw = read_packaged_csv(FILE, dtype=str, keep_default_na=False)
    return validate_records(raw, source=f"computelimits/data/{FILE}", require_compute=False,
                            require_date=False)


def load_modern(benchmark: str | None = None, rule: str | None = DEFAULT_RULE,
                with_compute: bool = False):
    """The bundled language-model records (``modern.csv``).

    Parameters
    ----------
    benchmark : str, optional
        Benchmark id or alias (``"mmlu"``, ``"GPQA"``...); all modern benchmarks when omitted.
    rule : str or None
        One-row-per-model rule (:data:`ROW_RULES`); ``"all"`` or ``None`` keeps every row.
    with_compute : bool
        Keep only rows with a training compute.

    Returns
    -------
    pandas.DataFrame
        Validated records (:mod:`computelimits.schema`, language-model columns included); a copy.

    Examples
    --------
    >>> d = load_modern("gpqa-diamond")
    >>> bool(d["training_run"].is_unique), sorted(set(d["benchmark"]))
    (True, ['gpqa-diamond'])
    """
    from .benchmarks import resolve_benchmark

    df = _validated()
    if benchmark is not None:
        df = df[df["benchmark"] == resolve_benchmark(benchmark)]
    if with_compute:
        df = df[df["training_compute_flops"].notna()]
    if rule is not None:
        df = one_row_per_model(df, rule)
    return df.reset_index(drop=True).copy()


#: Columns of :func:`summarize_modern`.
MODERN_SUMMARY_COLUMNS: tuple[str, ...] = ("benchmark", "rows", "models", "with_training_compute",
                                           "with_interval", "open", "closed", "first", "last")


def summarize_modern(records=None):
    """Per language-model benchmark: rows, models (training runs), models with a training compute,
    with a compute interval, open and closed models, and the first and last release date.

    Parameters
    ----------
    records : pandas.DataFrame or str or Path, optional
        Records (validated or not) or a CSV path; the bundled ``modern.csv`` when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MODERN_SUMMARY_COLUMNS`, registry order.

    Examples
    --------
    >>> s = summarize_modern().set_index("benchmark")
    >>> int(s.loc["mmlu", "with_training_compute"]) >= 84
    True
    """
    from pathlib import Path

    import pandas as pd

    from .benchmarks import list_benchmarks
    from .schema import read_records, validate_records

    if records is None:
        df = load_modern(rule="all")
    elif isinstance(records, (str, Path)):
        df = read_records(records)
    else:
        df = validate_records(records, require_compute=False, require_date=False)
    df = df.copy()
    if "training_run" not in df.columns:
        df["training_run"] = None
    df["training_run"] = df["training_run"].where(df["training_run"].notna(), df["model"])
    for c in ("training_compute_low_flops", "accessibility"):
        if c not in df.columns:
            df[c] = None
    rows = []
    for b in list_benchmarks("modern")["benchmark"]:
        d = df[df["benchmark"] == b]
        if not len(d):
            continue
        by = d.groupby("training_run")
        comp = by["training_compute_flops"].apply(lambda s: s.notna().any())
        iv = by["training_compute_low_flops"].apply(lambda s: s.notna().any())
        acc = by["accessibility"].first()
        dates = d["date"].dropna()
        rows.append(dict(benchmark=b, rows=len(d), models=int(d["training_run"].nunique()),
                         with_training_compute=int(comp.sum()), with_interval=int(iv.sum()),
                         open=int((acc == "open").sum()), closed=int((acc == "closed").sum()),
                         first=min(dates) if len(dates) else None, last=max(dates) if len(dates) else None))
    return pd.DataFrame(rows, columns=list(MODERN_SUMMARY_COLUMNS))
