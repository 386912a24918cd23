#!/usr/bin/env python
"""Build the packaged dataset ``computelimits/data/models.csv`` from public sources and curated facts.

Inputs (read only; never copied into the package):

- ``../shared/reference-data/pwc-eval-tables-2020/evaluation-tables_2020.json.gz``: Papers with
  Code leaderboards, Sept 2020 (scores, paper dates, some parameters) - CC BY-SA 4.0;
- ``../shared/reference-data/timm-imagenet-results/results-imagenet.csv`` and
  ``benchmark-infer-amp-nchw-pt291-cu128-4090.csv``: timm re-evaluations and multiply-adds per
  image - Apache-2.0 - used through the paper mapping ``computelimits/data/timm_papers.csv``;
- ``../shared/reference-data/epoch-ai-models/``: Epoch AI notable (2026-05), all ML systems
  (2025-06) and all models (2025-03) tables (dates, chips, chip counts, training time, training
  compute) - CC BY 4.0;
- ``curation/facts*.csv``: hand-curated facts with citations (per-pass FLOPs, hardware, chip
  counts, training time, scores stated in the papers);
- ``curation/epoch_matches.csv``: explicit record <-> Epoch model matches where names differ.

Steps: Papers with Code records -> timm multiply-adds and parameters attached to the paper's
records (or records of papers' released weights) -> facts (a fact overrides a table value; every
disagreement is listed) -> Epoch AI fills what is still empty -> names made unique -> validated
with the record schema -> written sorted with fixed number formatting. The build also writes
``curation/build_report.md``, the dataset card ``computelimits/data/README.md`` and the manifest
entry. Running it twice gives the same bytes.

Usage::

    python scripts/build_dataset.py                 # build and write
    python scripts/build_dataset.py --check         # exit 1 if the packaged files are stale
    python scripts/build_dataset.py --reference DIR --curation DIR --out DIR
"""

from __future__ import annotations

import argparse
import hashlib
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference-data"
DEFAULT_CURATION = REPO / "curation"
DEFAULT_OUT = REPO / "src" / "computelimits" / "data"

PWC_FILE = "pwc-eval-tables-2020/evaluation-tables_2020.json.gz"
TIMM_RESULTS = "timm-imagenet-results/results-imagenet.csv"
TIMM_BENCHMARK = "timm-imagenet-results/benchmark-infer-amp-nchw-pt291-cu128-4090.csv"
#: Epoch snapshots, newest first: a value is taken from the first snapshot that has it.
EPOCH_FILES = (
    "epoch-ai-models/notable_ai_models_2026-05-02.csv",
    "epoch-ai-models/all_ml_systems_full_view_2025-06.csv",
    "epoch-ai-models/all_ai_models_2025-03.csv",
)
OUT_FILE = "models.csv"

#: Columns written to models.csv: the schema's, without those derived on load.
DERIVED_ON_LOAD = ("year", "error", "flops_unit_source", "hardware_burden_flops",
                   "hardware_burden_flops_source")
#: Model-level fields (the same for every metric record of a model).
MODEL_FIELDS = ("paper_title", "arxiv_id", "date", "flops_per_pass", "flops_unit", "params", "epochs",
                "training_examples", "hardware", "hardware_count", "training_time_s",
                "training_compute_flops", "flops_imputed")
#: Fields of one training run: Epoch fills them together or not at all.
RUN_FIELDS = ("hardware", "hardware_count", "training_time_s")
#: Benchmarks whose Epoch model values need the benchmark's own training data named in the row
#: (an ImageNet classifier row says nothing about the detector or CIFAR model built on it).
SAME_DATA_BENCHMARKS = ("imagenet", "cifar10", "cifar100", "coco")

LICENCE = "CC BY-SA 4.0"
ATTRIBUTION = (
    "Derived from Papers with Code evaluation tables (CC BY-SA 4.0), Epoch AI 'Data on Notable / "
    "All AI Models' (CC BY 4.0, credit: Epoch AI), timm / pytorch-image-models results "
    "(Apache-2.0, Ross Wightman and Hugging Face) and facts curated from the cited papers.")
CITATION = (
    "Thompson, N. C., Greenewald, K., Lee, K., Manso, G. F. (2020). The Computational Limits of "
    "Deep Learning. arXiv:2007.05558. Dataset rebuilt from public sources by the computelimits "
    "project (computelimits/data/models.csv).")


# ------------------------------------------------------------------------------------------
# small helpers
# ------------------------------------------------------------------------------------------
def _empty(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_SUFFIX = re.compile(r"\s*\[(?:arXiv:[^\]]+|\d{4}-\d{2}-\d{2}|[^\]]*)\]\s*$")


def base_name(model: str) -> str:
    """A model name without the ``[arXiv:ID]`` suffix added to tell same-named models apart."""
    return _SUFFIX.sub("", str(model)).strip()


def _num_differs(a, b, rel: float = 0.01) -> bool:
    a, b = float(a), float(b)
    return abs(a - b) > rel * max(abs(a), abs(b))


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def _flops(rec: dict) -> float | None:
    from computelimits.units import to_flops

    if _empty(rec.get("flops_per_pass")):
        return None
    return float(to_flops(float(rec["flops_per_pass"]), rec.get("flops_unit") or "FLOP"))


@dataclass
class Model:
    """The records (one per metric) of one model of one paper on one benchmark."""

    benchmark: str
    paper: str  # arXiv id, else normalised title
    name: str  # normalised base name
    metrics: dict = field(default_factory=dict)  # metric -> record dict
    origin: str = ""
    epoch_dataset: tuple = ()  # (training dataset, snapshot, row) of the matched Epoch row

    def get(self, f):
        for r in self.metrics.values():
            if not _empty(r.get(f)):
                return r[f]
        return None

    def set(self, f, value, source=None):
        for r in self.metrics.values():
            r[f] = value
            if source is not None:
                r[f"{f}_source"] = source


@dataclass
class Report:
    """Everything the build report lists."""

    inputs: list = field(default_factory=list)
    pwc_drops: object = None
    facts_read: dict = field(default_factory=dict)
    fact_problems: list = field(default_factory=list)
    facts_unverified: list = field(default_factory=list)
    facts_applied: list = field(default_factory=list)
    facts_new: list = field(default_factory=list)
    facts_unused: list = field(default_factory=list)
    disagreements: list = field(default_factory=list)
    timm_attached: list = field(default_factory=list)
    timm_new: list = field(default_factory=list)
    timm_unused: list = field(default_factory=list)
    epoch_matched: list = field(default_factory=list)
    epoch_paper_only: list = field(default_factory=list)
    epoch_rejected: list = field(default_factory=list)
    epoch_unresolved_hw: dict = field(default_factory=dict)
    epoch_match_problems: list = field(default_factory=list)
    renamed: list = field(default_factory=list)
    aliases: list = field(default_factory=list)
    possible_duplicates: list = field(default_factory=list)
    counted: list = field(default_factory=list)
    epoch_checks: list = field(default_factory=list)
    extra_data: list = field(default_factory=list)


@dataclass
class BuildOutput:
    """The build's products, as text (nothing written yet)."""

    records: object  # validated DataFrame
    csv_text: str
    report_text: str
    readme_text: str
    manifest_meta: dict
    summary: object


# ------------------------------------------------------------------------------------------
# the build
# ------------------------------------------------------------------------------------------
def build(reference_dir: Path = DEFAULT_REFERENCE, curation_dir: Path = DEFAULT_CURATION) -> BuildOutput:
    """Run the whole build in memory and return its products."""
    from computelimits.importers import import_pwc, load_timm_papers, read_timm
    from computelimits.importers._common import normalize_name, normalize_title
    from computelimits.importers.facts import group_facts, read_facts

    reference_dir, curation_dir = Path(reference_dir), Path(curation_dir)
    rep = Report()
    for rel in (PWC_FILE, TIMM_RESULTS, TIMM_BENCHMARK, *EPOCH_FILES):
        p = reference_dir / rel
        if not p.is_file():
            raise SystemExit(f"error: reference file missing: {p}")
        rep.inputs.append((rel, _sha256(p)))

    models: dict[tuple, Model] = {}

    def paper_key(arxiv, title) -> str:
        return arxiv if not _empty(arxiv) else normalize_title(title)

    def add_record(rec: dict, origin: str) -> Model:
        key = (rec["benchmark"], paper_key(rec.get("arxiv_id"), rec.get("paper_title")),
               normalize_name(base_name(rec["model"])))
        m = models.get(key)
        if m is None:
            m = models[key] = Model(*key, origin=origin)
        m.metrics[rec["metric"]] = rec
        return m

    # 1. Papers with Code -----------------------------------------------------------------
    pwc, pwc_drop = import_pwc(reference_dir / PWC_FILE)
    rep.pwc_drops = pwc_drop
    for rec in pwc.to_dict("records"):
        rec = {k: v for k, v in rec.items() if not _empty(v)}
        rec["model"] = base_name(rec["model"])
        add_record(rec, "pwc")

    # 2. facts: a fact overrides a table value ------------------------------------------------
    aliases = _read_aliases(curation_dir, rep)
    paths = sorted(curation_dir.glob("facts*.csv"))
    facts, problems = read_facts(paths)
    groups, gproblems = group_facts(facts)
    rep.fact_problems = problems + gproblems
    for p in paths:
        rep.facts_read[p.name] = sum(1 for f in facts if f.file == p.name)
    rep.facts_unverified = [f for f in facts if re.search(r"from memory|unverified|not verified", f.note, re.I)]
    for g in groups:
        key = aliases.get(g.key, g.key)
        target = models.get(key)
        metric = g.facts["metric"].value if "metric" in g.facts else None
        if target is None:
            if "metric_value" not in g.facts:
                rep.facts_unused.append((g, "no score among the facts and no table record of this model"))
                continue
            from computelimits.benchmarks import get_benchmark

            metric = metric or get_benchmark(g.benchmark).metric
            rec = dict(model=g.model, benchmark=g.benchmark, metric=metric, arxiv_id=g.arxiv_id,
                       paper_title=g.paper_title)
            target = add_record(rec, "facts")
            rep.facts_new.append(g)
        else:
            rep.facts_applied.append(g)
            if g.paper_title and _empty(target.get("paper_title")):
                target.set("paper_title", g.paper_title)
        _apply_facts(target, g, metric, rep)

    # 2b. per-pass computation counted from the papers' stated architectures (fill only) --------
    _apply_counted(models, aliases, curation_dir, rep)

    # 3. timm: multiply-adds and parameters of the papers' architectures (fill only) ------------
    table = read_timm(reference_dir / TIMM_RESULTS, reference_dir / TIMM_BENCHMARK)
    trows = {(r["timm_model"], r["img_size"]): r for r in table.to_dict("records")}
    from computelimits.importers.timm import timm_values

    for m in load_timm_papers().to_dict("records"):
        r = trows.get((m["timm_model"], m["img_size"]))
        if r is None:
            rep.timm_unused.append((m["model"], m["timm_model"], m["img_size"], "checkpoint not in timm results"))
            continue
        vals = timm_values(r, m)
        key = ("imagenet", m["arxiv_id"], normalize_name(m["model"]))
        target = models.get(aliases.get(key, key))
        if target is not None:
            for f in ("flops_per_pass", "params"):
                if f not in vals:
                    continue
                if _empty(target.get(f)):
                    target.set(f, vals[f], vals[f"{f}_source"])
                    if f == "flops_per_pass":
                        target.set("flops_unit", vals["flops_unit"])
                else:
                    _compare_with_fact(target, f, vals, rep)
            rep.timm_attached.append((m["model"], m["timm_model"], m["img_size"], m["use"]))
            continue
        if m["use"] != "record":
            rep.timm_unused.append((m["model"], m["timm_model"], m["img_size"],
                                    "compute-only mapping and no record of the paper's model"))
            continue
        for metric in ("top1", "top5"):
            v = r[metric]
            if v is None or v != v:
                continue
            rec = dict(vals)
            rec.update(metric=metric, metric_value=v,
                       metric_value_source=(f"timm {r['results_file']} row {r['row']} ('{metric}' of "
                                            f"{r['timm_model']} at {r['img_size']}px, the paper's released "
                                            "weights re-evaluated by timm)"),
                       notes=f"timm checkpoint {r['timm_model']} at {r['img_size']}px"
                             + (f"; {m['note']}" if m["note"] else ""))
            add_record(rec, "timm")
        rep.timm_new.append((m["model"], m["timm_model"], m["img_size"]))

    # 4. Epoch AI: fill what is still empty ------------------------------------------------------
    _join_epoch(models, reference_dir, curation_dir, rep)

    # 4b. extra training data (JFT, ImageNet-21k, Instagram ...) of image classifiers -------------
    _extra_training_data(models, curation_dir, rep)

    # 5. unique names, validation, output --------------------------------------------------------
    records = _finalize(models, rep)
    return _products(records, rep, reference_dir)


def _apply_facts(m: Model, g, metric: str | None, rep: Report) -> None:
    """Write a fact group's values into a model's records; the fact wins, disagreements listed."""
    from computelimits.benchmarks import get_benchmark

    metric = metric or get_benchmark(m.benchmark).metric
    for fld, f in sorted(g.facts.items()):
        if fld == "metric":
            continue
        if fld == "metric_value":
            rec = m.metrics.get(metric)
            if rec is None:  # a score on a metric the tables lack: a new record of the model
                base = next(iter(m.metrics.values()))
                rec = {k: v for k, v in base.items() if k in ("model", "benchmark") or
                       any(k == x or k == f"{x}_source" for x in MODEL_FIELDS) or k == "notes"}
                rec["metric"] = metric
                m.metrics[metric] = rec
            old = rec.get("metric_value")
            if not _empty(old) and abs(float(old) - float(f.value)) > 1e-9:
                rep.disagreements.append((m, f"metric_value ({metric})", _fmt(old), rec.get("metric_value_source"), f))
            rec["metric_value"] = f.value
            rec["metric_value_source"] = f.source
            continue
        old, old_src = m.get(fld), None
        for r in m.metrics.values():
            if not _empty(r.get(f"{fld}_source")):
                old_src = r[f"{fld}_source"]
                break
        if fld == "flops_per_pass":
            old_flops = _flops(next(r for r in m.metrics.values()))
            if old_flops is not None and _num_differs(old_flops, f.value):
                rep.disagreements.append((m, "flops_per_pass (FLOP)", _fmt(old_flops), old_src, f))
            m.set("flops_per_pass", f.native[0], f.source)
            m.set("flops_unit", f.native[1])
            continue
        if not _empty(old):
            differs = (str(old) != str(f.value)) if fld in ("hardware", "date") else _num_differs(old, f.value)
            if differs:
                rep.disagreements.append((m, fld, _fmt(old), old_src, f))
        m.set(fld, f.value, f.source)


#: Benchmarks whose models are flagged when trained on data beyond the benchmark's training set.
EXTRA_DATA_BENCHMARKS = ("imagenet", "cifar10", "cifar100")
#: Names of extra training data: a pattern in a model name, timm tag or Epoch dataset -> the label.
EXTRA_DATA_PATTERNS = (
    (r"JFT-?3B", "JFT-3B"),
    (r"JFT-?300M|\bJFT\b(?!-?3B)|\bjft(?!-?3b)", "JFT-300M"),
    (r"ImageNet-?21k|\bin21k|_in21k", "ImageNet-21k"),
    (r"ImageNet-?22k|\bin22k|_in22k", "ImageNet-22k"),
    (r"Instagram|\bIG-?\d|(^|[._])ig(_|\d|$)", "Instagram"),
    (r"Merged-?38M|\bm38m", "Merged-38M"),
    (r"Merged-?30M|\bm30m", "Merged-30M"),
    (r"LAION", "LAION"),
    (r"\bCLIP\b|\bWIT\b|openai", "CLIP image-text pairs (WIT)"),
    (r"YFCC", "YFCC100M"),
)


#: The benchmark's own data in an Epoch 'Training dataset' cell.
TRAINING_DATA_IMAGE = {"imagenet": r"ImageNet|ILSVRC", "cifar10": r"CIFAR", "cifar100": r"CIFAR"}


def _extra_data_label(text: str) -> str | None:
    found = [label for pat, label in EXTRA_DATA_PATTERNS if re.search(pat, text, re.I)]
    return " + ".join(dict.fromkeys(found)) or None


def _read_extra_data(curation_dir: Path, rep: Report) -> dict:
    """``curation/extra_training_data.csv``: (benchmark, arXiv id, normalised name) -> (data,
    source) for models whose extra data the paper (or Epoch AI's row of the paper) states."""
    import csv

    from computelimits.importers._common import normalize_name

    p = curation_dir / "extra_training_data.csv"
    out: dict = {}
    if not p.is_file():
        return out
    with p.open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            if not all((r.get(c) or "").strip() for c in ("benchmark", "model", "extra_training_data",
                                                          "citation", "evidence")):
                rep.epoch_match_problems.append(f"extra_training_data.csv row {i}: benchmark, model, "
                                                "extra_training_data, citation and evidence required")
                continue
            out[(r["benchmark"], r["arxiv_id"], normalize_name(r["model"]))] = (
                r["extra_training_data"], f"{r['citation']}: {r['evidence']} (extra_training_data.csv row {i})")
    return out


def _extra_training_data(models: dict, curation_dir: Path, rep: Report) -> None:
    """Flag image classifiers trained on more than the benchmark's training set (issue: a
    ResNet-50 compared against JFT-trained models). Sources, first that names extra data: the
    paper (``curation/extra_training_data.csv``), the model's name (Papers with Code or the
    curated name), the tag of the timm checkpoint whose weights made the record, the training
    dataset of the matched Epoch AI row when it names the benchmark's data too."""
    curated = _read_extra_data(curation_dir, rep)
    used = set()
    for key in sorted(models):
        m = models[key]
        if m.benchmark not in EXTRA_DATA_BENCHMARKS:
            continue
        name = next(iter(m.metrics.values()))["model"]
        notes = " ".join(str(r.get("notes") or "") for r in m.metrics.values())
        ck = re.search(r"timm checkpoint (\S+)", notes)
        tag = ck.group(1).split(".", 1)[1] if ck and "." in ck.group(1) else ""
        label = _extra_data_label(name)
        if key in curated:
            (label, src), _ = curated[key], used.add(key)
        elif label:
            src = f"the model's name names the data ('{name}')"
        elif tag and _extra_data_label(tag):
            label, src = _extra_data_label(tag), f"timm checkpoint tag '{tag}' of {ck.group(1)}"
        elif (m.epoch_dataset and _extra_data_label(m.epoch_dataset[0])
              and re.search(TRAINING_DATA_IMAGE[m.benchmark], m.epoch_dataset[0], re.I)):
            # an Epoch row naming the benchmark's data and extra data (a row naming only JFT may
            # describe another model of the paper, e.g. Xception's JFT run)
            ds, lab, row = m.epoch_dataset
            label, src = _extra_data_label(ds), f"Epoch AI {lab} row {row} ('Training dataset' = {ds})"
        else:
            continue
        m.set("extra_training_data", label, src)
        rep.extra_data.append((m.benchmark, name, label, src))
    for key in sorted(set(curated) - used):
        rep.epoch_match_problems.append(f"extra_training_data.csv: no record {key[2]!r} ({key[0]}, {key[1]})")


COUNTED_FILE = "counted_flops.csv"


def _apply_counted(models: dict, aliases: dict, curation_dir: Path, rep: Report) -> None:
    """``curation/counted_flops.csv`` (written by ``scripts/count_architectures.py``): forward FLOPs
    per token counted from an architecture stated in the paper. Fills records without a per-pass
    value; a record with a stated value keeps it and the two are listed side by side."""
    import csv

    from computelimits.importers._common import normalize_name

    p = curation_dir / COUNTED_FILE
    if not p.is_file():
        return
    with p.open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            key = (r["benchmark"], r["arxiv_id"], normalize_name(r["model"]))
            m = models.get(aliases.get(key, key))
            where = f"{COUNTED_FILE} row {i}"
            if m is None:
                rep.counted.append((r, None, f"no record {r['model']!r} ({r['benchmark']}, {r['arxiv_id']})"))
                continue
            value = float(r["flops_per_pass"])
            stated = _flops(next(iter(m.metrics.values())))
            if stated is not None:
                rep.counted.append((r, m, f"kept the stated value {stated:.4g} FLOP "
                                          f"({m.get('flops_per_pass_source')}); counted {value:.4g}"))
                continue
            m.set("flops_per_pass", value, f"counted: {r['architecture']} built from {r['config_citation']} "
                                           f"({r['configuration']}), forward FLOPs per {r['per']} with "
                                           f"torch.utils.flop_counter ({where})")
            m.set("flops_unit", "FLOP")
            rep.counted.append((r, m, "used"))


def _epoch_tables(reference_dir: Path):
    from computelimits.importers import read_epoch
    from computelimits.importers._common import normalize_name, normalize_title, strip_parenthetical

    out = []
    for rel in EPOCH_FILES:
        df = read_epoch(reference_dir / rel)
        df["label"] = Path(rel).name
        df["title_key"] = [normalize_title(t) for t in df["reference"]]
        df["name_key"] = [normalize_name(x) for x in df["model"]]
        df["base_key"] = [normalize_name(strip_parenthetical(x)) for x in df["model"]]
        out.append(df)
    return out


def _read_aliases(curation_dir: Path, rep: Report) -> dict:
    """``curation/model_aliases.csv``: a facts or mapping name that is the same model as a record
    of another name (same paper and benchmark): (benchmark, arxiv, name) -> the record's key."""
    import csv

    from computelimits.arxiv import parse_arxiv
    from computelimits.benchmarks import resolve_benchmark
    from computelimits.errors import ComputeLimitsError
    from computelimits.importers._common import normalize_name

    p = curation_dir / "model_aliases.csv"
    out: dict = {}
    if not p.is_file():
        return out
    with p.open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=1):
            try:
                b, ax = resolve_benchmark(r["benchmark"]), parse_arxiv(r["arxiv_id"]).id
            except (ComputeLimitsError, KeyError) as exc:
                rep.epoch_match_problems.append(f"model_aliases.csv row {i}: {exc}")
                continue
            if not all((r.get(c) or "").strip() for c in ("model", "same_as", "evidence")):
                rep.epoch_match_problems.append(f"model_aliases.csv row {i}: model, same_as and evidence required")
                continue
            out[(b, ax, normalize_name(r["model"]))] = (b, ax, normalize_name(base_name(r["same_as"])))
            rep.aliases.append((b, r["model"], r["same_as"], r["evidence"]))
    return out


def _read_epoch_matches(curation_dir: Path, rep: Report) -> dict:
    """``curation/epoch_matches.csv``: (benchmark, arxiv_id, model) -> Epoch model name."""
    import csv

    from computelimits.arxiv import parse_arxiv
    from computelimits.benchmarks import resolve_benchmark
    from computelimits.errors import ComputeLimitsError
    from computelimits.importers._common import normalize_name

    p = curation_dir / "epoch_matches.csv"
    out: dict = {}
    if not p.is_file():
        return out
    with p.open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=1):
            try:
                key = (resolve_benchmark(r["benchmark"]), parse_arxiv(r["arxiv_id"]).id,
                       normalize_name(r["model"]))
            except (ComputeLimitsError, KeyError) as exc:
                rep.epoch_match_problems.append(f"epoch_matches.csv row {i}: {exc}")
                continue
            if not (r.get("epoch_model") or "").strip() or not (r.get("citation") or "").strip():
                rep.epoch_match_problems.append(f"epoch_matches.csv row {i}: epoch_model and citation required")
                continue
            out[key] = (normalize_name(r["epoch_model"]), r["citation"].strip())
    return out


def _read_epoch_checks(curation_dir: Path, rep: Report) -> set:
    """``curation/epoch_checks.csv``: Epoch hardware values checked against the papers' text. Every
    row is listed in the report; rows with ``use_epoch_run = no`` keep Epoch's chip, count and time
    out of the record. Returns the keys of those records."""
    import csv

    from computelimits.importers._common import normalize_name

    p = curation_dir / "epoch_checks.csv"
    out: set = set()
    if not p.is_file():
        return out
    with p.open(encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            if r["use_epoch_run"] not in ("yes", "no"):
                rep.epoch_match_problems.append(f"epoch_checks.csv row {i}: use_epoch_run must be yes or no")
                continue
            rep.epoch_checks.append(r)
            if r["use_epoch_run"] == "no":
                out.add((r["benchmark"], r["arxiv_id"], normalize_name(r["model"])))
    return out


def _join_epoch(models: dict, reference_dir: Path, curation_dir: Path, rep: Report) -> None:
    """Dates, titles, parameters, epochs, chips, chip counts, training time and training compute
    from Epoch AI, for records still missing them.

    A model matches an Epoch row of the same paper (arXiv id, or normalised title) when the
    names agree (Epoch's name, or Epoch's name without a trailing parenthetical that names the
    benchmark's data, e.g. "ResNet-152 (ImageNet)") or ``curation/epoch_matches.csv`` says so.
    Rows of the same paper that match no model still give paper-level values (date, title). For
    image benchmarks (:data:`SAME_DATA_BENCHMARKS`) a matched row gives model values (parameters,
    epochs, training compute, chips, count, time) only when its training data names the
    benchmark's (or, for ImageNet, is not given) (an Xception trained on JFT does not lend its run to ImageNet, an ImageNet
    MobileNet not its parameters to a COCO detector). Chip, count and time are taken together from
    one row, and only when the record has none of them.
    """
    from computelimits.importers._common import strip_parenthetical
    from computelimits.importers.epoch import TRAINING_DATA, epoch_values

    tables = _epoch_tables(reference_dir)
    explicit = _read_epoch_matches(curation_dir, rep)
    no_run = _read_epoch_checks(curation_dir, rep)
    by_paper: list[tuple[dict, dict]] = []
    for df in tables:
        ax: dict = {}
        ti: dict = {}
        for r in df.to_dict("records"):
            if r["arxiv_id"]:
                ax.setdefault(r["arxiv_id"], []).append(r)
            if r["title_key"]:
                ti.setdefault(r["title_key"], []).append(r)
        by_paper.append((ax, ti))

    for key in sorted(models):
        m = models[key]
        title = m.get("paper_title")
        from computelimits.importers._common import normalize_title

        tkey = normalize_title(title) if title else None
        want = explicit.get((m.benchmark, m.paper, m.name))
        matched = None
        paper_rows = []
        for ax, ti in by_paper:
            cands = list(ax.get(m.paper, []))
            if tkey:
                cands += [r for r in ti.get(tkey, []) if r not in cands]
            if not cands:
                continue
            paper_rows.extend(cands)
            for r in cands:
                if want:
                    hit = r["name_key"] == want[0]
                else:  # "ResNet-152 (ImageNet)": a parenthetical naming the benchmark's own data
                    hit = m.name == r["name_key"] or (
                        m.name == r["base_key"] and bool(re.search(
                            TRAINING_DATA[m.benchmark], r["model"][len(strip_parenthetical(r["model"])):], re.I)))
                if hit:
                    matched = r
                    break
            if matched is not None:
                break
        if not paper_rows:
            continue
        # paper-level values from the newest snapshot's first row of the paper
        pr = paper_rows[0]
        pvals = epoch_values(pr, pr["label"])
        for f in ("date", "paper_title", "arxiv_id"):
            if _empty(m.get(f)) and f in pvals:
                m.set(f, pvals[f], pvals.get(f"{f}_source") if f == "date" else None)
        if matched is None:
            rep.epoch_paper_only.append((m, sorted({r["model"] for r in paper_rows})))
            continue
        vals = epoch_values(matched, matched["label"])
        m.epoch_dataset = (matched["training_dataset"] or "", matched["label"], matched["row"])
        reason = "explicit match (epoch_matches.csv: " + want[1] + ")" if want else "same paper and model name"
        same_data = True
        if m.benchmark in SAME_DATA_BENCHMARKS:
            ds = matched["training_dataset"] or ""
            # Epoch's image-classification rows without a dataset are ImageNet models; for CIFAR and
            # COCO records such a row is most likely the ImageNet backbone, so it must say so
            same_data = (bool(re.search(TRAINING_DATA[m.benchmark], ds, re.I)) if ds
                         else m.benchmark == "imagenet")
        if not same_data:
            rep.epoch_rejected.append((m, matched["model"], matched["label"],
                                       matched["training_dataset"] or "(none given)"))
        if matched["training_hardware"] and "hardware" not in vals:
            rep.epoch_unresolved_hw.setdefault(matched["training_hardware"], set()).add(matched["label"])
        if not same_data:
            continue
        run_fields = ("epochs", "training_compute_flops")
        filled = []
        for f in ("params", *run_fields):
            if f not in vals:
                continue
            if _empty(m.get(f)):
                m.set(f, vals[f], vals[f"{f}_source"])
                filled.append(f)
            else:
                _compare_with_fact(m, f, vals, rep)
        if (m.benchmark, m.paper, m.name) in no_run:
            # checked against the paper: Epoch's run is not used (curation/epoch_checks.csv); a paper
            # fact of the record that differs from it is still listed as a disagreement
            for f in RUN_FIELDS:
                if f in vals and not _empty(m.get(f)):
                    _compare_with_fact(m, f, vals, rep)
        elif any(f in vals for f in RUN_FIELDS):
            if all(_empty(m.get(f)) for f in RUN_FIELDS):
                for f in RUN_FIELDS:
                    if f in vals:
                        m.set(f, vals[f], vals[f"{f}_source"])
                        filled.append(f)
            else:
                for f in RUN_FIELDS:
                    if f in vals and not _empty(m.get(f)):
                        _compare_with_fact(m, f, vals, rep)
        rep.epoch_matched.append((m, matched["model"], matched["label"], reason, filled))


def _compare_with_fact(m: Model, f: str, vals: dict, rep: Report) -> None:
    """List a table value that disagrees with a fact already in the record (the fact stays)."""
    src = m.get(f"{f}_source") or ""
    if not re.search(r"facts[^ ]*\.csv row \d+\)$", src):
        return
    if f == "flops_per_pass":
        from computelimits.units import to_flops

        old = _flops(next(iter(m.metrics.values())))
        new = float(to_flops(float(vals[f]), vals.get("flops_unit") or "FLOP"))
        if _num_differs(old, new):
            rep.disagreements.append((m, "flops_per_pass (FLOP)", _fmt(new), vals[f"{f}_source"],
                                      _FactView(src, f"{m.get(f)} {m.get('flops_unit') or 'FLOP'}")))
        return
    old = m.get(f)
    differs = str(old) != str(vals[f]) if f == "hardware" else _num_differs(old, vals[f])
    if differs:
        rep.disagreements.append((m, f, _fmt(vals[f]), vals[f"{f}_source"], _FactView(src, old)))


@dataclass(frozen=True)
class _FactView:
    """A fact already applied, seen from a later table (for the disagreement list)."""

    source: str
    value: object

    @property
    def raw(self) -> str:
        return _fmt(self.value)


def _finalize(models: dict, rep: Report):
    """Unique model names per benchmark, then validation with the record schema."""
    import pandas as pd

    from computelimits.schema import all_columns, validate_records

    def sort_date(m: Model) -> str:
        d = m.get("date")
        if not _empty(d):
            return str(d)
        if not _empty(m.get("arxiv_id")):
            from computelimits.arxiv import arxiv_date

            return arxiv_date(m.get("arxiv_id")).isoformat()
        return "9999"

    scores: dict[tuple, list[Model]] = {}
    for m in models.values():
        for metric, r in m.metrics.items():
            if not _empty(r.get("metric_value")):
                scores.setdefault((m.benchmark, m.paper, metric, float(r["metric_value"])), []).append(m)
    for (b, paper, metric, v), ms in sorted(scores.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2], kv[0][3])):
        if len(ms) > 1:
            names = sorted(next(iter(x.metrics.values()))["model"] for x in ms)
            rep.possible_duplicates.append((b, paper, metric, v, names))
    by_name: dict[tuple, list[Model]] = {}
    for m in models.values():
        by_name.setdefault((m.benchmark, m.name), []).append(m)
    for group in by_name.values():
        group.sort(key=lambda m: (sort_date(m), m.paper))
        for m in group[1:]:
            ax = m.get("arxiv_id")
            label = f"arXiv:{ax}" if not _empty(ax) else sort_date(m)
            for r in m.metrics.values():
                new = f"{base_name(r['model'])} [{label}]"
                if new != r["model"]:
                    rep.renamed.append((r["model"], new, m.benchmark))
                r["model"] = new
    rows = []
    for m in models.values():
        for r in m.metrics.values():
            r.setdefault("flops_imputed", False)
            rows.append(r)
    cols = [c for c in all_columns() if c not in DERIVED_ON_LOAD]
    df = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols, dtype=object)
    df["_date"] = [sort_date_str(r) for r in rows]
    df = df.sort_values(["benchmark", "metric", "_date", "model"], kind="mergesort").drop(columns="_date")
    df = df.reset_index(drop=True)
    validate_records(df, source="models.csv (build)", require_compute=False)  # raises on any problem
    return df


def sort_date_str(r: dict) -> str:
    if not _empty(r.get("date")):
        return str(r["date"])
    if not _empty(r.get("arxiv_id")):
        from computelimits.arxiv import arxiv_date

        return arxiv_date(r["arxiv_id"]).isoformat()
    return "9999"


# ------------------------------------------------------------------------------------------
# products: CSV, report, README, manifest entry
# ------------------------------------------------------------------------------------------
def _products(df, rep: Report, reference_dir: Path) -> BuildOutput:
    from computelimits.datasets import summarize
    from computelimits.importers._common import records_to_csv
    from computelimits.schema import validate_records

    csv_text = records_to_csv(df)
    validated = validate_records(df, source="models.csv (build)", require_compute=False)
    summary = summarize(validated, compare=True)
    meta = _manifest_meta(rep)
    return BuildOutput(validated, csv_text, _report(rep, summary, validated), _readme(summary, validated, rep),
                       meta, summary)


def _manifest_meta(rep: Report) -> dict:
    from computelimits.schema import column_dictionary

    cols = column_dictionary()
    return {
        "description": ("Models on the paper's nine benchmarks: scores, publication dates, per-pass "
                        "computation, parameters, training hardware, chip counts and training time, "
                        "each value with its source (record schema of computelimits.schema)."),
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "citation": CITATION,
        "loader": "computelimits.load_models",
        "script": "scripts/build_dataset.py",
        "derived_on_load": list(DERIVED_ON_LOAD),
        "sources": [
            {"name": "Papers with Code evaluation tables (2020-09 dump)", "licence": "CC BY-SA 4.0",
             "file": PWC_FILE, "sha256": dict(rep.inputs)[PWC_FILE]},
            {"name": "timm (pytorch-image-models) ImageNet results and benchmark files",
             "licence": "Apache-2.0", "files": [TIMM_RESULTS, TIMM_BENCHMARK],
             "sha256": [dict(rep.inputs)[TIMM_RESULTS], dict(rep.inputs)[TIMM_BENCHMARK]]},
            {"name": "Epoch AI model databases", "licence": "CC BY 4.0", "credit": "Epoch AI",
             "files": list(EPOCH_FILES), "sha256": [dict(rep.inputs)[f] for f in EPOCH_FILES]},
            {"name": "Hand-curated facts from the cited papers", "files": sorted(rep.facts_read),
             "licence": LICENCE},
        ],
        "columns": {r["column"]: {"dtype": r["dtype"], "unit": r["unit"], "description": r["description"]}
                    for r in cols.to_dict("records")},
    }


def _md_escape(s) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _report(rep: Report, summary, records) -> str:
    L: list[str] = []
    w = L.append
    w("# Dataset build report")
    w("")
    w("Written by `scripts/build_dataset.py` (deterministic; do not edit by hand).")
    w("")
    w("## Inputs")
    w("")
    w("| file | sha256 |")
    w("|---|---|")
    for rel, sha in rep.inputs:
        w(f"| `{rel}` | `{sha}` |")
    for name, n in sorted(rep.facts_read.items()):
        w(f"| `curation/{name}` | {n} valid facts |")
    w("")
    w("## Coverage against the paper's Figure 6 (primary metric, one row per model)")
    w("")
    w(_summary_table(summary))
    w("")
    w(f"## Facts: {len(rep.fact_problems)} problems (these facts were not used)")
    w("")
    for p in rep.fact_problems:
        w(f"- {_md_escape(p)}")
    w("")
    w(f"## Facts noted as not verified against the paper ({len(rep.facts_unverified)})")
    w("")
    w("Facts whose note says they were written from memory or not verified; they are used, and")
    w("should be checked against the cited place.")
    w("")
    for f in rep.facts_unverified:
        w(f"- {f.file} row {f.row}: {_md_escape(f.model)} ({f.benchmark}) {f.field} = {_md_escape(f.raw)}")
    w("")
    w(f"## Fact groups: {len(rep.facts_applied)} applied to table records, {len(rep.facts_new)} added as new "
      f"records, {len(rep.facts_unused)} not used")
    w("")
    for g, why in rep.facts_unused:
        w(f"- not used: {_md_escape(g.model)} ({g.benchmark}, {g.arxiv_id or g.paper_title}): {why}")
    w("")
    w(f"## Per-pass computation counted from stated architectures ({len(rep.counted)} rows of "
      f"`curation/{COUNTED_FILE}`)")
    w("")
    w("Forward FLOPs per token (translation: per target token) of the network built in PyTorch from the")
    w("paper's hyper-parameters (`computelimits.architectures`); a value stated in the paper wins.")
    w("")
    w("| benchmark | model | architecture | counted (FLOP) | outcome |")
    w("|---|---|---|---|---|")
    for r, _m, outcome in rep.counted:
        w(f"| {r['benchmark']} | {_md_escape(r['model'])} | {r['architecture']} | {float(r['flops_per_pass']):.4g} | "
          f"{_md_escape(outcome)} |")
    w("")
    w(f"## Disagreements between facts and tables ({len(rep.disagreements)}; the paper fact is kept)")
    w("")
    w("| benchmark | model | field | table value | table source | fact | fact source |")
    w("|---|---|---|---|---|---|---|")
    for m, fld, old, old_src, f in rep.disagreements:
        name = next(iter(m.metrics.values()))["model"]
        w(f"| {m.benchmark} | {_md_escape(name)} | {fld} | {_md_escape(old)} | {_md_escape(old_src or '')} | "
          f"{_md_escape(f.raw)} | {_md_escape(f.source)} |")
    w("")
    w(f"## timm: {len(rep.timm_attached)} mappings attached to paper records, {len(rep.timm_new)} records "
      f"from papers' released weights, {len(rep.timm_unused)} unused")
    w("")
    for model, ck, size, why in rep.timm_unused:
        w(f"- unused: {_md_escape(model)} <- `{ck}` at {size}px: {why}")
    w("")
    w(f"## Epoch AI: {len(rep.epoch_matched)} models matched, {len(rep.epoch_paper_only)} with paper-level "
      "values only (no model of the paper matched by name)")
    w("")
    w("Matched:")
    w("")
    for m, em, label, reason, filled in rep.epoch_matched:
        name = next(iter(m.metrics.values()))["model"]
        w(f"- {m.benchmark}: {_md_escape(name)} = Epoch '{_md_escape(em)}' ({label}; {reason}); filled: "
          f"{', '.join(filled) or 'nothing (already known)'}")
    w("")
    w(f"Epoch hardware values checked against the papers ({len(rep.epoch_checks)}, "
      "`curation/epoch_checks.csv`; when they disagree the paper wins):")
    w("")
    w("| benchmark | model | Epoch | the paper | citation | verdict | Epoch run used |")
    w("|---|---|---|---|---|---|---|")
    for r in rep.epoch_checks:
        w("| " + " | ".join(_md_escape(r[c]) for c in ("benchmark", "model", "epoch_values", "paper_statement",
                                                       "citation", "verdict", "use_epoch_run")) + " |")
    w("")
    w("Paper-level only (Epoch models of the same paper, none matching by name; add a line to "
      "`curation/epoch_matches.csv` with a citation when one is the same model):")
    w("")
    for m, names in rep.epoch_paper_only:
        name = next(iter(m.metrics.values()))["model"]
        w(f"- {m.benchmark}: {_md_escape(name)} ({m.paper}); Epoch: {_md_escape('; '.join(names))}")
    w("")
    w("Matched by name, but no model values used because the Epoch row's training data is not the "
      "benchmark's (paper-level values only):")
    w("")
    for m, em, label, ds in rep.epoch_rejected:
        name = next(iter(m.metrics.values()))["model"]
        w(f"- {m.benchmark}: {_md_escape(name)} = Epoch '{_md_escape(em)}' ({label}), training dataset: "
          f"{_md_escape(ds)}")
    w("")
    w("Epoch hardware names that did not resolve to one chip of the hardware table:")
    w("")
    for name, labels in sorted(rep.epoch_unresolved_hw.items()):
        w(f"- '{_md_escape(name)}' ({', '.join(sorted(labels))})")
    for p in rep.epoch_match_problems:
        w(f"- {p}")
    w("")
    w(f"## Models trained on extra data ({len(rep.extra_data)}; column `extra_training_data`)")
    w("")
    w("Image classifiers whose paper (`curation/extra_training_data.csv`), name, timm checkpoint tag or")
    w("Epoch AI training dataset names data beyond the benchmark's training set.")
    w("`load_models(include_extra_data=False)`, `fit --no-extra-data`, `place --no-extra-data` and")
    w("`reproduce --no-extra-data` leave them out.")
    w("")
    for b, name, label, src in rep.extra_data:
        w(f"- {b}: {_md_escape(name)}: {_md_escape(label)} ({_md_escape(src)})")
    w("")
    w(f"## Model aliases applied ({len(rep.aliases)}, from `curation/model_aliases.csv`)")
    w("")
    for b, model, same, ev in rep.aliases:
        w(f"- {b}: '{_md_escape(model)}' is '{_md_escape(same)}': {_md_escape(ev)}")
    w("")
    w(f"## Possible duplicates ({len(rep.possible_duplicates)}): same paper, benchmark, metric and score")
    w("")
    w("Different names of one paper with the same score. When two are one model, add a line to")
    w("`curation/model_aliases.csv` (with the evidence); when they are different models, nothing to do.")
    w("")
    for b, paper, metric, v, names in rep.possible_duplicates:
        w(f"- {b} ({paper}) {metric} = {v:g}: " + "; ".join(f"'{_md_escape(n)}'" for n in names))
    w("")
    w(f"## Models renamed to stay unique ({len(rep.renamed)})")
    w("")
    for old, new, b in sorted(set(rep.renamed)):
        w(f"- {b}: '{_md_escape(old)}' -> '{_md_escape(new)}'")
    w("")
    d = rep.pwc_drops
    w(f"## Papers with Code rows and values dropped ({len(d)})")
    w("")
    w("| reason | count |")
    w("|---|---|")
    reasons = d["reason"].str.replace(r":.*", "", regex=True)
    for reason, n in sorted(reasons.value_counts().items()):
        w(f"| {_md_escape(reason)} | {n} |")
    w("")
    return "\n".join(L).rstrip("\n") + "\n"


def _summary_table(summary) -> str:
    from computelimits.benchmarks import get_benchmark

    L = ["| benchmark | papers | models | with computation (paper) | with hardware burden (paper) | "
         "with both (paper) | shortfall |", "|---|---|---|---|---|---|---|"]
    for r in summary.to_dict("records"):
        short = []
        if r["short_computation"]:
            short.append(f"{r['short_computation']} with computation")
        if r["short_hardware_burden"]:
            short.append(f"{r['short_hardware_burden']} with hardware burden")
        L.append(f"| {get_benchmark(r['benchmark']).name} | {r['papers']} | {r['models']} | "
                 f"{r['with_computation']} ({r['paper_with_computation']}) | "
                 f"{r['with_hardware_burden']} ({r['paper_with_hardware_burden']}) | "
                 f"{r['with_all']} ({r['paper_with_all']}) | {', '.join(short) or 'none'} |")
    return "\n".join(L)


def _readme(summary, records, rep: Report) -> str:
    from computelimits.benchmarks import get_benchmark
    from computelimits.schema import column_dictionary

    n = len(records)
    primary = records[records["metric"] == records["benchmark"].map(lambda b: get_benchmark(b).metric)]
    no_rate = primary[primary["hardware"].notna() & primary["hardware_count"].notna()
                      & primary["training_time_s"].notna() & primary["hardware_burden_flops"].isna()]
    years = records["year"].dropna()
    img = records[(records["benchmark"] == "imagenet")]
    newest = (img.sort_values(["year", "model"], kind="mergesort")["model"].iloc[-1]
              if len(img) else "")
    newest_date = img["date"].max() if len(img) else ""
    L: list[str] = []
    w = L.append
    w("# computelimits dataset: `models.csv`")
    w("")
    w("Models on the nine benchmarks of Thompson, Greenewald, Lee and Manso, *The Computational Limits of")
    w("Deep Learning* (arXiv:2007.05558): score, publication date, per-pass computation, parameters,")
    w("training hardware, chip count and training time, **each value with its source**. The paper's own")
    w("working data is not public; this is an open rebuild from public sources and cited papers.")
    w("")
    w("This file is generated by `scripts/build_dataset.py`; do not edit it by hand.")
    w("")
    w("```python")
    w("import computelimits as cl")
    w("df = cl.load_models(\"imagenet\")        # validated, one row per model (primary metric)")
    w("cl.load_models(metric=None)             # every record, incl. top-5 and SQuAD EM")
    w("```")
    w("")
    w(f"{len(primary)} models on the benchmarks' primary metrics, {n} records with the secondary metrics "
      f"(ImageNet top-5, SQuAD EM); publication years {int(years.min()) if len(years) else ''}-"
      f"{int(years.max()) if len(years) else ''}; newest ImageNet model: {newest} ({newest_date}).")
    w("")
    w("## Coverage against the paper's Figure 6")
    w("")
    w("Counts per benchmark on the primary metric (one row per model): models with per-pass computation,")
    w("with hardware burden (chip x count x time, derived on load from the hardware table), and with both;")
    w("the paper's Figure 6 counts in parentheses.")
    w("")
    w(_summary_table(summary))
    w("")
    w("**Shortfalls are stated, not filled.** Where a count is below the paper's, the missing values")
    w("could not be sourced from the public tables or from facts curated so far; nothing is guessed")
    w("(which papers were read and why the rest could not be sourced: `curation/facts_depth_notes.md`). The")
    w("paper's per-pass counts include values it imputed from parameter counts (its Figure 7); this dataset")
    w("contains no imputed values (`flops_imputed` is false everywhere) - imputation, if wanted, is an")
    w("analysis step that must flag its rows. The hardware-burden counts depend on the chip having a")
    w("peak FP32 rate in the hardware table: " + (
        f"{len(no_rate)} models have chip, chip count and training time but no burden, because "
        + ", ".join(sorted(set(no_rate["hardware"]))) + " has no FP32 rate there."
        if len(no_rate) else "every model with chip, count and time has one."))
    w("Epoch AI's chip, count and time for models found by architecture search may describe the")
    w("search rather than the final training run; the sources say which Epoch row each came from.")
    w("")
    w("## Definitions: per-pass computation by modality")
    w("")
    w("`flops_per_pass` is the computation of one forward pass (paper section 3.2), in FLOPs (1 multiply-add")
    w("= 2 FLOPs; `flops_unit_source` says what the source counted). One definition per modality:")
    w("")
    w("- **Images** (ImageNet, CIFAR, COCO): one image at the paper's evaluation size.")
    from computelimits.architectures import LENGTHS, SPEECH_DEFINITION, TEXT_DEFINITION

    w(f"- **Text** (WMT 2014, SQuAD 1.1, CoNLL-2003): {TEXT_DEFINITION}. Stated lengths: "
      + "; ".join(f"{b} {n} tokens ({why})" for b, (n, why) in LENGTHS.items() if b != "swb-hub500") + ".")
    w(f"- **Speech** (Switchboard): {SPEECH_DEFINITION}. Only fully specified convolutional acoustic")
    w("  models are counted (Jasper DR 10x5 from the authors' Fisher+Switchboard configuration); attention")
    w("  decoders, whose cost per second depends on the tokens spoken, are not (see")
    w("  `curation/facts_depth_notes.md` and `curation/facts_depth2_notes.md`).")
    w("")
    counted = records[records["flops_per_pass_source"].fillna("").str.startswith("counted:")]
    w(f"Values stated in a paper keep their source's unit of input where it is the same definition. "
      f"{counted['model'].nunique()} records carry a **counted** value (`flops_per_pass_source` starts with")
    w("`counted:`): the network was built in PyTorch from the paper's hyper-parameters")
    w("(`computelimits.architectures`, configuration and citation in the source) and counted with")
    w("`torch.utils.flop_counter` by `scripts/count_architectures.py` (stored in `curation/counted_flops.csv`).")
    w("")
    w("## Hardware conventions and the rate of each burden")
    w("")
    w("`hardware` is one chip type and `hardware_count` counts **chips**. Papers' units are converted by the")
    w("hardware alias table (`hardware_aliases.csv`), never guessed:")
    w("")
    w("- a Google TPU *device* (\"Cloud TPU\", \"TPU v2/v3 device\", v2-8/v3-8) = 4 chips = 8 TensorCores; a")
    w("  TPU *core* = half a chip; a TPU v2 Pod = 256 chips, a v3 Pod = 1024 chips. \"64 TPUv2 devices\"")
    w("  (MnasNet) is 256 chips;")
    w("- an NVIDIA Tesla K80 *board* holds two GK210 GPUs: the table's K80 row is the board; a paper (or a")
    w("  cloud instance) counting the GPUs CUDA sees is written `GK210` (half a board). Papers that write")
    w("  \"K80 GPUs\" without saying which (Xception's 60, GNMT's 96, the Weighted Transformer) are counted")
    w("  as boards; if they meant GK210 GPUs, their burden is half the one given;")
    w("- \"Titan X\" in 2015-2016 papers is the Maxwell GTX TITAN X; the Pascal TITAN X (2016) is written")
    w("  `Titan X Pascal`; a bare \"Titan\" is ambiguous and refused.")
    w("")
    w("The hardware burden (derived on load) is chips x peak rate x seconds. The rate is the chip's peak")
    w("FP32 rate, the paper's convention (section 3.2), and the chip's tensor rate only where the chip")
    w("publishes no FP32 rate (TPU v3 and later); `hardware_burden_flops_source` names the rate used. Rates")
    w("per chip in this dataset:")
    w("")
    w("| chip | rate used | FLOP/s per chip | models |")
    w("|---|---|---|---|")
    from computelimits.hardware import peak_flops

    burd = primary[primary["hardware_burden_flops"].notna()]
    for chip, grp in sorted(burd.groupby("hardware")):
        src = str(grp["hardware_burden_flops_source"].iloc[0])
        which = "tensor (no FP32 peak published)" if "tensor" in src else "FP32"
        rate = peak_flops(chip, "tensor" if "tensor" in src else "fp32")
        w(f"| {chip} | {which} | {rate:.3g} | {len(grp)} |")
    w("")
    w("Mixed rates make burdens on TPU v3 (tensor) and on GPUs (FP32) differ by the FP32-to-tensor ratio;")
    w("`computelimits.schema.validate_records(df, hardware_precision=\"tensor\")` recomputes them at one")
    w("precision (TPU v2's FP32 peak of 3 TFLOP/s is far below its 45 TFLOP/s bfloat16 matrix rate).")
    w("Epoch AI's chip values were checked against the papers (`curation/epoch_checks.csv`, listed in the")
    w("build report); where they disagree, the paper's value is kept.")
    w("")
    w("## Extra training data")
    w("")
    n_extra = primary["extra_training_data"].notna().sum()
    w(f"`extra_training_data` names data beyond the benchmark's training set ({n_extra} models: JFT-300M,")
    w("ImageNet-21k/22k, Instagram, CLIP's image-text pairs...), from the paper (`curation/")
    w("extra_training_data.csv`, with the quote), the model's name, the tag of the timm checkpoint that made")
    w("the record, or an Epoch AI row naming ImageNet plus the extra data (source in")
    w("`extra_training_data_source`). Empty means none recorded, not none used. Compare like with like with")
    w("`load_models(include_extra_data=False)`, `fit(..., include_extra_data=False)`, `place(...,")
    w("include_extra_data=False)` or `--no-extra-data` on `computelimits fit`, `place` and `reproduce`.")
    w("")
    w("## Sources and how they are combined")
    w("")
    w("1. **Papers with Code evaluation tables** (Sept 2020 dump): scores (verbatim, units parsed),")
    w("   paper dates, arXiv ids from paper URLs, some parameter counts and CIFAR FLOPs. Leaderboards:")
    w("   ImageNet, CIFAR-10/100, COCO test-dev (then minival), CoNLL 2003 (English), WMT2014 EN-FR and")
    w("   EN-DE, SQuAD1.1 (test, then dev), Switchboard Hub5'00. Rows without a paper date or arXiv id are")
    w("   dropped (they cannot be placed in time).")
    w("2. **timm** (pytorch-image-models): `infer_gmacs` = multiply-adds per image at the evaluation")
    w(f"   size (stored as `flops_unit` = GMAC, 1 MAC = 2 FLOP), from `{Path(TIMM_BENCHMARK).name}`,")
    w("   and parameter counts. timm rows carry no date, so a row is used only through the paper mapping")
    w("   `timm_papers.csv` (checkpoint -> paper, with citation): `compute` rows lend the architecture's")
    w("   multiply-adds to the paper's own record; `record` rows (the paper's released weights) make a")
    w("   record with timm's re-evaluated top-1/top-5.")
    w("3. **Hand-curated facts** (`curation/facts*.csv`): values stated in the papers (per-pass FLOPs,")
    w("   hardware, chip counts, training time, scores), each with its citation (arXiv id + table,")
    w("   section or page). A fact overrides a table value; every disagreement is listed in")
    w("   `curation/build_report.md`.")
    w("4. **Epoch AI** model tables (notable 2026-05, all ML systems 2025-06, all models 2025-03):")
    w("   publication dates, parameters, training chip, chip count, training time, training compute, for")
    w("   records of the same paper (arXiv id, then title) and model (name, or an explicit match in")
    w("   `curation/epoch_matches.csv`). Epoch only fills empty values; chip, count and time come from one")
    w("   Epoch row together; ImageNet, CIFAR and COCO records take model values only from Epoch rows")
    w("   whose training data names the benchmark's (for ImageNet: or names none).")
    w("")
    w("Model names shared by several papers on one benchmark keep the name for the earliest paper; the")
    w("others get ` [arXiv:ID]` appended. Derived on load (not stored): `year`, `error` (by the benchmark")
    w("registry's rule), `flops_unit_source`, `hardware_burden_flops` (= chips x peak FP32 FLOP/s x")
    w("seconds, paper section 3.2).")
    w("")
    w("## Licence and attribution")
    w("")
    w(f"The dataset is released under **{LICENCE}** (share-alike, because it adapts Papers with Code data).")
    w("")
    w("| source | licence | attribution |")
    w("|---|---|---|")
    w("| Papers with Code evaluation tables (2020-09) | CC BY-SA 4.0 | Papers with Code (paperswithcode.com) |")
    w("| Epoch AI, Data on Notable / All AI Models | CC BY 4.0 | Epoch AI, epoch.ai/data |")
    w("| timm results and benchmark files | Apache-2.0 | Ross Wightman, Hugging Face: pytorch-image-models |")
    w("| Curated facts | CC BY-SA 4.0 | the computelimits project; each fact cites its paper |")
    w("")
    w("## How to cite")
    w("")
    w(CITATION)
    w("")
    w("Please also credit Epoch AI and Papers with Code as above.")
    w("")
    w("## Columns")
    w("")
    w("| column | type | unit | description |")
    w("|---|---|---|---|")
    for r in column_dictionary().to_dict("records"):
        desc = r["description"] + (" (derived on load)" if r["column"] in DERIVED_ON_LOAD else "")
        w(f"| `{r['column']}` | {r['dtype']} | {_md_escape(r['unit'])} | {_md_escape(desc)} |")
        if r["source_column"] and r["column"] not in DERIVED_ON_LOAD:
            w(f"| `{r['source_column']}` | str |  | where `{r['column']}` comes from (file and row, or citation) |")
    w("")
    return "\n".join(L).rstrip("\n") + "\n"


# ------------------------------------------------------------------------------------------
# writing
# ------------------------------------------------------------------------------------------
def write(out: BuildOutput, out_dir: Path = DEFAULT_OUT, curation_dir: Path = DEFAULT_CURATION) -> None:
    """Write models.csv, README.md, the manifest entry and the build report (atomically)."""
    from computelimits.datasets import update_manifest
    from computelimits.io import atomic_write_text

    out_dir, curation_dir = Path(out_dir), Path(curation_dir)
    atomic_write_text(out_dir / OUT_FILE, out.csv_text)
    atomic_write_text(out_dir / "README.md", out.readme_text)
    update_manifest(out_dir, OUT_FILE, out.manifest_meta)
    update_manifest(out_dir, "figure6.csv", {
        "description": "The paper's Figure 6 counts per benchmark (reference values)",
        "licence": "quoted from arXiv:2007.05558 (supplement Figure 6)", "loader": "computelimits.datasets.load_figure6",
        "script": "hand-copied from the paper"})
    update_manifest(out_dir, "timm_papers.csv", {
        "description": "timm checkpoint -> paper mapping (which checkpoints are a paper's architecture or "
                       "released weights), with citations", "licence": LICENCE,
        "loader": "computelimits.importers.load_timm_papers", "script": "hand-curated"})
    atomic_write_text(curation_dir / "build_report.md", out.report_text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="reference-data folder")
    ap.add_argument("--curation", type=Path, default=DEFAULT_CURATION, help="curation folder (facts)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="package data folder to write")
    ap.add_argument("--check", action="store_true",
                    help="build in memory and exit 1 if models.csv or README.md differ from --out")
    args = ap.parse_args(argv)
    out = build(args.reference, args.curation)
    if args.check:
        stale = [name for name, text in ((OUT_FILE, out.csv_text), ("README.md", out.readme_text))
                 if not (args.out / name).is_file() or (args.out / name).read_text("utf-8") != text]
        if stale:
            print(f"stale: {', '.join(stale)} in {args.out}; run scripts/build_dataset.py", file=sys.stderr)
            return 1
        print("up to date")
        return 0
    write(out, args.out, args.curation)
    s = out.summary
    print(f"wrote {args.out / OUT_FILE}: {len(out.records)} records")
    print(s[["benchmark", "models", "with_computation", "with_hardware_burden", "with_all"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
