"""Import Papers with Code evaluation tables (leaderboards) into the record schema.

Papers with Code published its leaderboards as ``evaluation-tables.json(.gz)``: a tree of tasks,
each with datasets, each with ``sota.rows`` = ``{model_name, paper_title, paper_url, paper_date,
metrics}``. This module reads that file (gzipped or not) or the long CSV derived from it
(``task, dataset, row_index, model_name, paper_title, paper_url, paper_date, metric, value``),
keeps the leaderboards of the paper's benchmarks (:data:`LEADERBOARDS`) and turns each row into
one record per metric the benchmark registry knows.

Rules (each drop is reported with its reason):

- a row needs a model name and a paper date or arXiv id (otherwise it cannot be placed in time);
- values are parsed verbatim (``"88.5%"``, ``"480M"``); a value that does not parse is dropped,
  never guessed (a parameter count without a magnitude suffix, e.g. ``"4.0"``, is dropped);
- the same model of the same paper on two leaderboards of one benchmark (COCO test-dev and
  minival, SQuAD test and dev) is kept once, from the leaderboard listed first;
- a model name that several papers use on one benchmark (``"ResNet-50"``) keeps its name for the
  earliest paper and gets ``" [arXiv:ID]"`` (or ``" [<paper date>]"``) appended for the others.

Papers with Code data is licensed CC BY-SA 4.0.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 6.1 (results "cross-checked
with information paperswithcode.com").
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import DataValidationError, InputError, ValidationProblem
from ._common import (
    ImportResult,
    dropped_frame,
    file_label,
    find_arxiv_id,
    normalize_name,
    normalize_title,
    parse_count,
    parse_number,
    records_frame,
)

__all__ = ["Leaderboard", "LEADERBOARDS", "read_pwc", "import_pwc"]


@dataclass(frozen=True)
class Leaderboard:
    """How one Papers with Code leaderboard maps onto a benchmark of the registry.

    Attributes
    ----------
    benchmark : str
        Registry id.
    label : str
        Short name of the split, written into ``notes``.
    metrics : dict
        PwC metric name -> registry metric, for scores on the metric's own scale.
    error_metrics : dict
        PwC metric name -> registry metric, for error percentages of a "higher is better"
        metric; converted exactly as ``100 - value`` and used only when the score itself is absent.
    params : str or None
        PwC column with parameter counts (``"480M"``).
    flops : str or None
        PwC column with per-pass FLOPs (``"796M"``).
    """

    benchmark: str
    label: str
    metrics: dict = field(default_factory=dict)
    error_metrics: dict = field(default_factory=dict)
    params: str | None = None
    flops: str | None = None


#: (task, dataset) -> :class:`Leaderboard`, in order of preference within a benchmark.
LEADERBOARDS: dict[tuple[str, str], Leaderboard] = {
    ("Image Classification", "ImageNet"): Leaderboard(
        "imagenet", "ImageNet val", {"Top 1 Accuracy": "top1", "Top 5 Accuracy": "top5"},
        params="Number of params"),
    ("Image Classification", "CIFAR-10"): Leaderboard(
        "cifar10", "CIFAR-10 test", {"Percentage correct": "top1"},
        {"Percentage error": "top1"}, params="PARAMS", flops="FLOPS"),
    ("Image Classification", "CIFAR-100"): Leaderboard(
        "cifar100", "CIFAR-100 test", {"Percentage correct": "top1"},
        {"Percentage error": "top1"}, params="PARAMS", flops="FLOPS"),
    ("Object Detection", "COCO test-dev"): Leaderboard(
        "coco", "COCO test-dev", {"box AP": "box_ap"}),
    ("Object Detection", "COCO minival"): Leaderboard(
        "coco", "COCO minival", {"box AP": "box_ap"}),
    ("Named Entity Recognition", "CoNLL 2003 (English)"): Leaderboard(
        "conll2003", "CoNLL 2003 English test", {"F1": "f1"}),
    ("Machine Translation", "WMT2014 English-French"): Leaderboard(
        "wmt14-en-fr", "WMT2014 EN-FR newstest2014", {"BLEU score": "bleu"}),
    ("Machine Translation", "WMT 2014 EN-FR"): Leaderboard(
        "wmt14-en-fr", "WMT 2014 EN-FR", {"BLEU score": "bleu"}),
    ("Machine Translation", "WMT2014 English-German"): Leaderboard(
        "wmt14-en-de", "WMT2014 EN-DE newstest2014", {"BLEU score": "bleu"}),
    ("Machine Translation", "WMT 2014 EN-DE"): Leaderboard(
        "wmt14-en-de", "WMT 2014 EN-DE", {"BLEU score": "bleu"}),
    ("Question Answering", "SQuAD1.1"): Leaderboard(
        "squad11", "SQuAD1.1 test", {"F1": "f1", "EM": "em"}),
    ("Question Answering", "SQuAD1.1 dev"): Leaderboard(
        "squad11", "SQuAD1.1 dev", {"F1": "f1", "EM": "em"}),
    ("Speech Recognition", "Switchboard + Hub500"): Leaderboard(
        "swb-hub500", "Hub5'00 Switchboard", {"Percentage error": "wer"}),
    ("Speech Recognition", "Hub5'00 SwitchBoard"): Leaderboard(
        "swb-hub500", "Hub5'00 Switchboard", {"SwitchBoard": "wer", "Word Error Rate (WER)": "wer"}),
}
# Deliberately not mapped: "Switchboard (300hr)" (names the training data, not the test set),
# "swb_hub_500 WER fullSWBCH" (Switchboard + CallHome average, a different test set),
# "Open-Domain Question Answering / SQuAD1.1" (a different task), SacreBLEU columns (a different
# BLEU), COCO APS/APM/APL (not metrics of the registry).

_LONG_COLUMNS = ("task", "dataset", "row_index", "model_name", "paper_title", "paper_url",
                 "paper_date", "metric", "value")


def _walk(tasks: list, out: list[dict]) -> None:
    for t in tasks:
        name = t.get("task", "")
        for ds in t.get("datasets", []) or []:
            stack = [ds]
            while stack:
                d = stack.pop(0)
                rows = ((d.get("sota") or {}).get("rows")) or []
                for i, r in enumerate(rows):
                    out.append(dict(task=name, dataset=d.get("dataset", ""), row_index=i,
                                    model_name=r.get("model_name"), paper_title=r.get("paper_title"),
                                    paper_url=r.get("paper_url"), paper_date=r.get("paper_date"),
                                    metrics=dict(r.get("metrics") or {})))
                stack.extend(d.get("subdatasets", []) or [])
        _walk(t.get("subtasks", []) or [], out)


def read_pwc(path: str | Path) -> list[dict]:
    """Leaderboard rows of a Papers with Code dump, in file order.

    Parameters
    ----------
    path : str or Path
        ``evaluation-tables.json``, the same gzipped (detected from the content, whatever the
        name), or the long CSV with columns ``task, dataset, row_index, model_name, paper_title,
        paper_url, paper_date, metric, value``.

    Returns
    -------
    list of dict
        ``task, dataset, row_index, model_name, paper_title, paper_url, paper_date, metrics``
        (``metrics``: PwC metric name -> value as printed).
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    raw = p.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"{p.name}: not a readable gzip file ({exc})") from None
    head = raw.lstrip()[:1]
    if head in (b"[", b"{"):
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{p.name}: not valid JSON ({exc})") from None
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list) or not all(isinstance(t, dict) and "task" in t for t in data):
            raise InputError(f"{p.name}: expected the Papers with Code evaluation-tables JSON "
                             "(a list of tasks with 'task' and 'datasets')")
        out: list[dict] = []
        _walk(data, out)
        return out
    return _read_long_csv(p, raw)


def _read_long_csv(p: Path, raw: bytes) -> list[dict]:
    import csv
    import io

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p.name}: neither Papers with Code JSON nor a UTF-8 CSV ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _LONG_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataValidationError([ValidationProblem(
            p.name, None, missing[0], "the Papers with Code JSON or a long CSV with columns "
            + ", ".join(_LONG_COLUMNS), "no such column")])
    rows: dict[tuple, dict] = {}
    for r in reader:
        key = (r["task"], r["dataset"], r["row_index"])
        e = rows.get(key)
        if e is None:
            e = rows[key] = dict(task=r["task"], dataset=r["dataset"], row_index=int(r["row_index"] or 0),
                                 model_name=r["model_name"], paper_title=r["paper_title"],
                                 paper_url=r["paper_url"], paper_date=r["paper_date"], metrics={})
        e["metrics"][r["metric"]] = r["value"]
    return list(rows.values())


def _blank(v) -> bool:
    return v is None or str(v).strip() == ""


def import_pwc(path: str | Path, benchmarks: list[str] | None = None) -> ImportResult:
    """Records of the paper's benchmarks from a Papers with Code evaluation-tables dump.

    Parameters
    ----------
    path : str or Path
        The JSON dump (gzipped or not) or the long CSV derived from it (see :func:`read_pwc`).
    benchmarks : list of str, optional
        Registry ids or aliases to keep (all benchmarks of :data:`LEADERBOARDS` by default).

    Returns
    -------
    ImportResult
        ``(records, dropped)``: records in the schema (score, date, paper, parameters and, for
        CIFAR, FLOPs where the leaderboard has them; every value with its ``*_source``), and the
        dropped rows and values with reasons.

    Examples
    --------
    >>> records, dropped = import_pwc("evaluation-tables.json.gz")  # doctest: +SKIP
    >>> records.groupby("benchmark").size()  # doctest: +SKIP
    """
    from ..benchmarks import resolve_benchmark

    keep = None if benchmarks is None else {resolve_benchmark(b) for b in benchmarks}
    src = file_label(path)
    entries = read_pwc(path)
    dropped: list[dict] = []
    order = {k: i for i, k in enumerate(LEADERBOARDS)}

    # 1. rows of mapped leaderboards that can be placed in time
    cands = []
    for e in entries:
        lb = LEADERBOARDS.get((e["task"], e["dataset"]))
        if lb is None or (keep is not None and lb.benchmark not in keep):
            continue
        ref = f"{e['task']} / {e['dataset']} row {e['row_index']}"
        model = (e["model_name"] or "").strip()
        if not model:
            dropped.append(dict(source=src, row=ref, reason="no model name"))
            continue
        arxiv = find_arxiv_id(e["paper_url"])
        date = (e["paper_date"] or "").strip() or None
        if date is None and arxiv is None:
            dropped.append(dict(source=src, row=ref, model=model,
                                reason="no paper date and no arXiv id: cannot be placed in time"))
            continue
        title = (e["paper_title"] or "").strip() or None
        paper_key = arxiv or normalize_title(title) or (e["paper_url"] or "").strip() or date
        cands.append(dict(e=e, lb=lb, ref=ref, model=model, arxiv=arxiv, date=date, title=title,
                          paper_key=paper_key, rank=(order[(e["task"], e["dataset"])], e["row_index"])))

    # 2. one row per (benchmark, paper, model): preferred leaderboard, best rank
    cands.sort(key=lambda c: (c["lb"].benchmark, c["rank"]))
    chosen: dict[tuple, dict] = {}
    for c in cands:
        key = (c["lb"].benchmark, c["paper_key"], normalize_name(c["model"]))
        first = chosen.get(key)
        if first is None:
            chosen[key] = c
            continue
        why = ("same model and paper on a preferred leaderboard: " + first["ref"]
               if first["lb"] is not c["lb"] else "repeated row of the same model and paper: " + first["ref"])
        dropped.append(dict(source=src, row=c["ref"], model=c["model"], reason=why))

    # 3. model names shared by several papers on one benchmark get a paper suffix
    by_name: dict[tuple, list[dict]] = {}
    for c in chosen.values():
        by_name.setdefault((c["lb"].benchmark, normalize_name(c["model"])), []).append(c)
    for group in by_name.values():
        if len({c["paper_key"] for c in group}) < 2:
            continue
        group.sort(key=lambda c: (c["date"] or "9999", c["paper_key"]))
        for c in group[1:]:
            c["model"] = f"{c['model']} [arXiv:{c['arxiv']}]" if c["arxiv"] else f"{c['model']} [{c['date']}]"

    # 4. records
    rows: list[dict] = []
    for c in sorted(chosen.values(), key=lambda c: (c["lb"].benchmark, c["rank"])):
        e, lb = c["e"], c["lb"]
        where = f"Papers with Code evaluation tables ({src}): {c['ref']}"
        base = dict(model=c["model"], paper_title=c["title"], arxiv_id=c["arxiv"], date=c["date"],
                    date_source=f"Papers with Code paper_date ({src})" if c["date"] else None,
                    benchmark=lb.benchmark)
        notes = [f"PwC leaderboard: {lb.label}"]
        if not c["arxiv"] and not _blank(e["paper_url"]):
            notes.append(f"paper: {e['paper_url'].strip()}")
        base["notes"] = "; ".join(notes)
        if lb.params and not _blank(e["metrics"].get(lb.params)):
            v = parse_count(e["metrics"][lb.params])
            if v is None:
                dropped.append(dict(source=src, row=c["ref"], model=c["model"], field="params",
                                    value=e["metrics"][lb.params],
                                    reason="parameter count without a magnitude suffix (K/M/B) or not a number"))
            else:
                base["params"] = v
                base["params_source"] = f"{where}, '{lb.params}' = {e['metrics'][lb.params]}"
        if lb.flops and not _blank(e["metrics"].get(lb.flops)):
            v = parse_count(e["metrics"][lb.flops])
            if v is None:
                dropped.append(dict(source=src, row=c["ref"], model=c["model"], field="flops_per_pass",
                                    value=e["metrics"][lb.flops],
                                    reason="FLOPs without a magnitude suffix or not a number"))
            else:
                base["flops_per_pass"] = v
                base["flops_unit"] = "FLOP"
                base["flops_per_pass_source"] = f"{where}, '{lb.flops}' = {e['metrics'][lb.flops]}"
        scores: dict[str, tuple[float, str]] = {}
        for name, metric in lb.metrics.items():
            raw = e["metrics"].get(name)
            if _blank(raw) or metric in scores:
                continue
            v = parse_number(raw)
            if v is None:
                dropped.append(dict(source=src, row=c["ref"], model=c["model"], field=metric, value=raw,
                                    reason="score is not a number"))
                continue
            scores[metric] = (v, f"{where}, '{name}' = {raw}")
        for name, metric in lb.error_metrics.items():
            raw = e["metrics"].get(name)
            if _blank(raw) or metric in scores:
                continue
            v = parse_number(raw)
            if v is None:
                dropped.append(dict(source=src, row=c["ref"], model=c["model"], field=metric, value=raw,
                                    reason="error percentage is not a number"))
                continue
            score = float(Decimal("100") - Decimal(repr(v)))
            scores[metric] = (score, f"{where}, 100 - '{name}' ({raw})")
        if not scores:
            dropped.append(dict(source=src, row=c["ref"], model=c["model"],
                                reason=f"no score in {', '.join([*lb.metrics, *lb.error_metrics])}"))
            continue
        for metric, (v, why) in scores.items():
            rows.append({**base, "metric": metric, "metric_value": v, "metric_value_source": why})

    return ImportResult(records_frame(rows), dropped_frame(dropped))
