#!/usr/bin/env python
"""Build the packaged language-model dataset ``computelimits/data/modern.csv`` from public sources.

Inputs (read only; never copied into the package), all under ``../shared/reference-data/``:

- ``epoch-benchmarking-hub/2026-04/``: Epoch AI's Benchmarking Hub export (scores, release dates,
  organizations, training compute and its notes; ECI file: Epoch model names, accessibility,
  confidence grades) - CC BY 4.0, credit Epoch AI;
- ``obsscaling/eval_results/base_llm_benchmark_eval.csv``: ObsScaling (Ruan et al. 2024,
  arXiv:2405.10938) open base models, FLOPs = 6ND - Apache-2.0;
- ``sloth/data/data_v2.csv``: Sloth (Maia Polo et al. 2024, arXiv:2412.06540), Open LLM
  Leaderboard v1/v2 scores with parameters, tokens, FLOPs and dates - MIT;
- ``epoch-open-model-trends/data/benchmarks_with_model_accessibility.csv``: Epoch AI, "How far
  behind are open models?" (2024): MMLU and BBH with compute and open/closed - CC BY 4.0;
- ``epoch-benchmark-stitching/data/model_versions.csv`` and ``distilled_models.csv``: Epoch's
  model-version -> model join table and distilled flags (arXiv:2512.00193) - MIT;
- ``epoch-ai-models/``: Epoch AI model tables (publication dates, parameters, confidence grades,
  training-compute lower/upper bounds) - CC BY 4.0;
- ``curation/modern_aliases.csv``: the reviewed alias table (names the automatic rules cannot join).

Entity resolution: a model known under several names (hub model version, Hugging Face id,
ObsScaling/Sloth name, Epoch model name) gets one ``training_run`` key: the hub's model version
without its inference setting when the name joins to one (reviewed alias, Hugging Face id from
Epoch's join table, or the same normalised name), else the source's own name. The join report
(``curation/modern_build_report.md``) lists what joined, how, and what did not and why, per source.

Running it twice gives the same bytes; the manifest records each input file's sha256.

Usage::

    python scripts/build_modern.py            # build and write
    python scripts/build_modern.py --check    # exit 1 if the packaged files are stale
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference-data"
DEFAULT_CURATION = REPO / "curation"
DEFAULT_OUT = REPO / "src" / "computelimits" / "data"

HUB = "epoch-benchmarking-hub/2026-04"
OBS = "obsscaling/eval_results/base_llm_benchmark_eval.csv"
SLOTH = "sloth/data/data_v2.csv"
TRENDS = "epoch-open-model-trends/data/benchmarks_with_model_accessibility.csv"
VERSIONS = "epoch-benchmark-stitching/data/model_versions.csv"
DISTILLED = "epoch-benchmark-stitching/data/distilled_models.csv"
#: Epoch model tables, newest first: a value comes from the first table that has it.
EPOCH_TABLES = ("epoch-ai-models/notable_ai_models_2026-05-02.csv",
                "epoch-ai-models/all_ai_models_2025-03.csv")
ALIASES = "modern_aliases.csv"
OUT_FILE = "modern.csv"
CARD_FILE = "modern_card.md"
REPORT_FILE = "modern_build_report.md"

#: Source columns -> benchmark ids, per source.
OBS_BENCHMARKS = {"MMLU": "mmlu", "ARC-C": "arc-challenge", "HellaSwag": "hellaswag",
                  "Winograd": "winogrande", "GSM8K": "gsm8k"}
SLOTH_BENCHMARKS = {"MMLU": "mmlu", "ARC": "arc-challenge", "HellaSwag": "hellaswag",
                    "Winogrande": "winogrande", "GSM8K": "gsm8k", "BBH": "bbh",
                    "MATH Lvl 5": "math-level-5", "gpqa_diamond": "gpqa-diamond"}
TRENDS_BENCHMARKS = {"MMLU": "mmlu", "BBH": "bbh"}

ATTRIBUTION = (
    "Epoch AI, 'AI Benchmarking Hub' (https://epoch.ai/benchmarks, 2026), 'Data on AI Models' and "
    "'How far behind are open models?' (CC BY 4.0, credit: Epoch AI); Epoch AI benchmark-stitching "
    "join table and distilled flags (MIT, Copyright (c) 2025 Epoch AI; arXiv:2512.00193); ObsScaling, "
    "Ruan, Maddison, Hashimoto 2024, arXiv:2405.10938 (Apache-2.0); Sloth, Maia Polo et al. 2024, "
    "arXiv:2412.06540 (MIT)")
LICENCE = "CC BY 4.0 (Epoch AI data), with Apache-2.0 (ObsScaling) and MIT (Sloth, Epoch stitching) parts"
#: Columns of modern.csv: the language-model schema without the columns derived on load.
DERIVED_ON_LOAD = ("year", "error", "flops_unit_source", "hardware_burden_flops",
                   "hardware_burden_flops_source")


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def norm(name) -> str:
    """Join key of a model name: the Hugging Face id's last part, lower case, letters and digits,
    without the suffixes that name a file format rather than a model (``-hf``)."""
    s = str(name).strip().split("/")[-1].lower()
    s = re.sub(r"[-_](hf|fp8)$", "", s)
    s = re.sub(r"^meta[-_ ]?llama", "llama", s)  # "Meta-Llama-3-8B" is Llama 3 8B
    s = re.sub(r"(?<=\d)\.(?=\d)", "p", s)
    return "".join(ch for ch in s if ch.isalnum())


def _read(path: Path) -> list[dict]:
    csv.field_size_limit(10**8)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(v) -> float:
    if _blank(v):
        return math.nan
    try:
        x = float(str(v).replace(",", "").strip())
    except ValueError:
        return math.nan
    return x if math.isfinite(x) else math.nan


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class BuildOutput:
    records: object
    csv_text: str
    card_text: str
    report_text: str
    manifest_meta: dict
    counts: object


# ------------------------------------------------------------------------------------------
# lookups
# ------------------------------------------------------------------------------------------
class Epoch:
    """Epoch model tables by normalised model name (first table with a value wins per field)."""

    FIELDS = ("Publication date", "Parameters", "Confidence", "Training compute (FLOP)",
              "Training compute lower bound", "Training compute upper bound", "Model accessibility",
              "Organization")

    def __init__(self, ref: Path):
        self.by: dict[str, dict] = {}
        for f in EPOCH_TABLES:
            for i, r in enumerate(_read(ref / f)):
                k = str(r.get("Model", "")).strip().lower()
                if not k:
                    continue
                d = self.by.setdefault(k, {})
                for c in self.FIELDS:
                    if c in r and not _blank(r[c]) and c not in d:
                        d[c] = (str(r[c]).strip(), f"{Path(f).name}, row {i + 1} ({r['Model'].strip()}), '{c}'")

    def norm_key(self, name) -> str | None:
        """The Epoch model whose normalised name equals ``name``'s, when exactly one does."""
        if not hasattr(self, "_norm"):
            self._norm: dict[str, set] = {}
            for k in self.by:
                self._norm.setdefault(norm(k), set()).add(k)
        got = self._norm.get(norm(name), set())
        return next(iter(got)) if len(got) == 1 else None

    def get(self, model, field):
        if _blank(model):
            return None
        return self.by.get(str(model).strip().lower(), {}).get(field)


def _aliases(curation: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(source, name) -> (training_run or '', note) from the reviewed alias table."""
    out = {}
    p = curation / ALIASES
    for i, r in enumerate(_read(p)):
        key = (r["source"].strip(), r["source_name"].strip())
        if key in out:
            raise SystemExit(f"{p.name}, row {i + 1}: duplicate alias {key}")
        out[key] = (r["training_run"].strip(), r["note"].strip())
    return out


# ------------------------------------------------------------------------------------------
# the build
# ------------------------------------------------------------------------------------------
def build(ref: Path = DEFAULT_REFERENCE, curation: Path = DEFAULT_CURATION) -> BuildOutput:
    import pandas as pd

    from computelimits.benchmarks import get_benchmark
    from computelimits.importers.epoch_hub import ECI_FILE, import_epoch_hub
    from computelimits.schema import all_columns, validate_records

    ref, curation = Path(ref), Path(curation)
    epoch = Epoch(ref)
    versions = {r["id"].strip(): r for r in _read(ref / VERSIONS)}
    distilled = {r["model"].strip(): r for r in _read(ref / DISTILLED)}
    eci = {r["Model version"].strip(): r for r in _read(ref / HUB / ECI_FILE)}
    aliases = _aliases(curation)
    report: dict = {"no_date": set(), "hub_dropped": None, "joins": {}, "unmatched": {}, "dropped": [], "notes": [],
                    "epoch_join": {}}

    def epoch_model_of(version: str) -> tuple[str | None, str | None]:
        e = eci.get(version, {}).get("Model name", "")
        if not _blank(e):
            return e.strip(), f"{HUB}/{ECI_FILE}, 'Model name' of {version}"
        v = versions.get(version, {}).get("Model", "")
        if not _blank(v):
            return v.strip(), f"{VERSIONS}, 'Model' of {version}"
        return None, None

    # release dates for hub rows whose file has none: the version's date in Epoch's join table,
    # else the publication date of its Epoch model
    release: dict[str, tuple[str, str]] = {}
    for v in sorted(set(eci) | set(versions)):
        d = versions.get(v, {}).get("Version release date", "")
        if not _blank(d):
            release[v] = (d.strip(), f"{VERSIONS}, 'Version release date' of {v}")
            continue
        em, _ = epoch_model_of(v)
        got = epoch.get(em, "Publication date")
        if got:
            release[v] = (got[0], f"Epoch AI models: {got[1]} (the model's publication date)")

    hub, hub_dropped = import_epoch_hub(ref / HUB, release_dates=release)
    hub = hub.copy()
    report["hub_dropped"] = hub_dropped
    rows = hub.to_dict("records")

    # enrich hub rows: Epoch model (fallback), distilled flag, Epoch-table values
    ep_found = ep_total = 0
    for r in rows:
        v = r["model_version"]
        if _blank(r.get("epoch_model")) and not _blank(v):
            em, src = epoch_model_of(v)
            if em:
                r["epoch_model"], r["epoch_model_source"] = em, src
        _fill_from_epoch(r, epoch)
        if not _blank(r.get("epoch_model")):
            ep_total += 1
            ep_found += epoch.get(r["epoch_model"], "Publication date") is not None
        _distilled(r, distilled, (v, r.get("training_run")))
    report["epoch_join"] = dict(rows=ep_total, found=ep_found)

    # the entity index: names -> hub training run
    index: dict[str, set[str]] = {}
    hf: dict[str, str] = {}
    by_epoch_name: dict[str, str] = {}
    # hub versions whose names differ only by case, punctuation or a format suffix ("-hf") and that
    # Epoch gives the same model name are one training run: the shortest name is kept
    groups: dict[str, dict[str, set]] = {}
    for r in rows:
        groups.setdefault(norm(r["training_run"]), {}).setdefault(r["training_run"], set()).add(
            str(r.get("epoch_model") or ""))
    merged = {}
    for g in groups.values():
        ems = set().union(*g.values())
        if len(g) > 1 and len(ems) == 1 and "" not in ems:
            keep = sorted(g, key=lambda t: (len(t), t))[0]
            for t in g:
                if t != keep:
                    merged[t] = keep
    for r in rows:
        if r["training_run"] in merged:
            r["notes"] = "; ".join(x for x in (r.get("notes"), f"same model as hub version "
                                               f"{merged[r['training_run']]}") if x)
            r["training_run"] = merged[r["training_run"]]
    report["merged"] = merged
    runs = {r["training_run"] for r in rows}
    for t in runs:
        index.setdefault(norm(t), set()).add(t)
    from computelimits.importers.epoch_hub import split_inference_setting

    for vid, r in versions.items():
        run = merged.get(split_inference_setting(vid)[0], split_inference_setting(vid)[0])
        dev = str(r.get("Hugging Face developer id", "")).strip()
        if dev and run in runs:
            hf[f"{dev}/{vid}".lower()] = run
    run_info: dict[str, dict] = {}
    for r in rows:
        t = r["training_run"]
        info = run_info.setdefault(t, {})
        for c in ("date", "date_source", "epoch_model", "epoch_model_source", "organization",
                  "organization_source", "distilled", "distilled_source"):
            if _blank(info.get(c)) and not _blank(r.get(c)):
                info[c] = r[c]

    def resolve(source: str, name: str) -> tuple[str | None, str]:
        a = aliases.get((source, name))
        if a is not None:
            return (a[0] or None), ("alias table: " + a[1] if a[0] else "alias table says no hub model: " + a[1])
        h = hf.get(name.lower())
        if h:
            return h, "Hugging Face id in Epoch's join table"
        h = by_epoch_name.get(name.lower())
        if h:
            return h, "Epoch model name of one hub version"
        cands = index.get(norm(name), set())
        if len(cands) == 1:
            c = next(iter(cands))
            return c, ("same normalised name" if c in runs else "same normalised name as another source's model")
        if len(cands) > 1:
            return None, "ambiguous: " + ", ".join(sorted(cands))
        return None, "no hub model version with this Hugging Face id or name"

    sloth_rows = _read(ref / SLOTH)
    sloth_dates = {norm(r["Model"]): (r["date"].strip(), f"{SLOTH}, row {i + 1} ({r['Model']}), 'date'")
                   for i, r in enumerate(sloth_rows) if not _blank(r.get("date"))}

    def date_for(run, name, source_date=None):
        if run and not _blank(run_info.get(run, {}).get("date")):
            return run_info[run]["date"], run_info[run]["date_source"]
        if source_date:
            return source_date
        if norm(name) in sloth_dates:
            return sloth_dates[norm(name)]
        got = epoch.get(epoch.norm_key(name), "Publication date")
        if got:
            return got[0], f"Epoch AI models: {got[1]} (the model with the same normalised name)"
        return None, None

    def add_source_rows(source: str, file: str, table: list[dict], bench_map: dict, name_col: str, make):
        joins = {"names": 0, "joined": 0, "how": {}}
        unmatched = []
        seen = set()
        for i, r in enumerate(table):
            name = str(r.get(name_col, "")).strip()
            if not name:
                report["dropped"].append((source, i + 1, "", "no model name"))
                continue
            run, how = resolve(source, name)
            if name not in seen:
                seen.add(name)
                joins["names"] += 1
                if run:
                    joins["joined"] += 1
                    key = how.split(":")[0]
                    joins["how"][key] = joins["how"].get(key, 0) + 1
                else:
                    unmatched.append((name, how))
            base = make(i, r, name, run)
            if base is None:
                continue
            date = date_for(run, name, base.pop("_date", None))
            for col, bid in bench_map.items():
                x = _num(r.get(col))
                if math.isnan(x):
                    continue
                if not (0 < x < 1):
                    report["dropped"].append((source, i + 1, name, f"{col} = {x:g}: error rate outside (0, 1)"))
                    continue
                b = get_benchmark(bid)
                where = f"{file}, row {i + 1} ({name})"
                rec = dict(base)
                rec.update(benchmark=bid, metric=b.metric, metric_value=x,
                           metric_value_source=f"{where}, '{col}'", date=date[0], date_source=date[1],
                           _nodate=date[0] is None,
                           model=run or name, model_version=name, training_run=run or name,
                           dataset=source, source_id=f"{Path(file).name}#{i + 1}:{col}")
                if run:
                    info = run_info.get(run, {})
                    for c in ("epoch_model", "organization", "distilled"):
                        if _blank(rec.get(c)) and not _blank(info.get(c)):
                            rec[c], rec[f"{c}_source"] = info[c], info[f"{c}_source"]
                    rec["notes"] = "; ".join(x for x in (rec.get("notes"), f"joined to hub model {run} ({how})")
                                             if x)
                if rec.pop("_nodate"):
                    report["no_date"].add((source, name))
                    rec["notes"] = "; ".join(x for x in (rec.get("notes"), "no release date in any source")
                                             if x)
                rows.append(rec)
        report["joins"][source] = joins
        report["unmatched"][source] = unmatched
        for name, _why in unmatched:  # later sources can join to this source's names
            index.setdefault(norm(name), {name})

    def make_obs(i, r, name, run):
        where = f"{OBS}, row {i + 1} ({name})"
        rec = dict(family=r["Model Family"].strip() or None, family_source=f"{where}, 'Model Family'",
                   accessibility="open", accessibility_source="obsscaling/README.md: open base models "
                   "(weights released)")
        _scale_facts(rec, r, where, "Model Size (B)", "6 x params x tokens")
        _distilled(rec, distilled, (name.split("/")[-1], run))
        return rec

    def make_sloth(i, r, name, run):
        where = f"{SLOTH}, row {i + 1} ({name})"
        rec = dict(family=r["Family"].strip() or None, family_source=f"{where}, 'Family'",
                   accessibility="open", accessibility_source="sloth/README.md: open models "
                   "(Open LLM Leaderboard)",
                   notes="instruction-tuned" if r["Instruct"].strip() == "True" else "base model")
        _scale_facts(rec, r, where, "#Params (B)", "6ND")
        if not _blank(r.get("date")):
            rec["_date"] = (r["date"].strip(), f"{where}, 'date'")
        _distilled(rec, distilled, (name, run))
        return rec

    def make_trends(i, r, name, run):
        where = f"{TRENDS}, row {i + 1} ({name})"
        rec = dict(epoch_model=name, epoch_model_source=f"{where}, 'System'")
        oc = str(r.get("Open/Closed", "")).strip().lower()
        if oc in ("open", "closed"):
            rec.update(accessibility=oc, accessibility_source=f"{where}, 'Open/Closed'")
        flops = _num(r["Training compute (FLOP)"])
        if not math.isnan(flops):
            rec.update(training_compute_flops=flops, training_compute_flops_source=f"{where}, 'Training compute (FLOP)'")
        n = _num(r["Model size (parameters)"])
        if not math.isnan(n):
            rec.update(params=n, params_source=f"{where}, 'Model size (parameters)'")
        a = _num(r["Active Parameters"])
        if not math.isnan(a) and a != n:
            rec.update(active_params=a, active_params_source=f"{where}, 'Active Parameters'")
        t = str(r.get("Trust in benchmark results", "")).strip()
        rec["notes"] = f"'Trust in benchmark results' = {t}" if t else None
        if not _blank(r.get("Date")):
            rec["_date"] = (r["Date"].strip(), f"{where}, 'Date'")
        return rec

    add_source_rows("obsscaling", OBS, _read(ref / OBS), OBS_BENCHMARKS, "Model", make_obs)
    add_source_rows("sloth", SLOTH, sloth_rows, SLOTH_BENCHMARKS, "Model", make_sloth)
    # open-model-trends names are Epoch model names: join through the hub rows' Epoch model
    by_epoch: dict[str, set[str]] = {}
    for r in rows:
        if r.get("dataset") == "epoch-hub" and not _blank(r.get("epoch_model")):
            by_epoch.setdefault(str(r["epoch_model"]).lower(), set()).add(r["training_run"])
    for em, runs_ in by_epoch.items():
        if len(runs_) == 1:
            by_epoch_name[em] = next(iter(runs_))
    add_source_rows("epoch-open-model-trends", TRENDS, _read(ref / TRENDS), TRENDS_BENCHMARKS, "System",
                    make_trends)

    # properties of the trained model, given by one source, hold for every row of its run
    # (only empty cells are filled; each keeps the source of the row that gave it)
    shared = ("family", "distilled", "accessibility", "epoch_model", "organization")
    first: dict[tuple[str, str], tuple] = {}
    for r in rows:
        for c in shared:
            if not _blank(r.get(c)) and (r["training_run"], c) not in first:
                first[(r["training_run"], c)] = (r[c], r.get(f"{c}_source"))
    for r in rows:
        for c in shared:
            got = first.get((r["training_run"], c))
            if got and _blank(r.get(c)):
                r[c], r[f"{c}_source"] = got

    cols = [c for c in all_columns(lm=True) if c not in DERIVED_ON_LOAD]
    df = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols, dtype=object)
    order = {"epoch-hub": 0, "obsscaling": 1, "sloth": 2, "epoch-open-model-trends": 3}
    df["_o"] = df["dataset"].map(order)
    df = df.sort_values(["benchmark", "training_run", "_o", "model", "source_id"], kind="mergesort",
                        key=lambda s: s.astype(str).str.lower() if s.dtype == object else s)
    df = df.drop(columns="_o").reset_index(drop=True)
    validated = validate_records(df, source=OUT_FILE, require_compute=False, require_date=False)
    from computelimits.importers._common import records_to_csv

    csv_text = records_to_csv(df, cols)
    counts = _counts(validated)
    inputs = _inputs(ref, curation)
    report_text = _report(report, counts, validated, hub_dropped)
    card = _card(counts, validated, inputs)
    meta = _manifest_meta(inputs)
    return BuildOutput(validated, csv_text, card, report_text, meta, counts)


def _fill_from_epoch(r: dict, epoch: Epoch) -> None:
    em = r.get("epoch_model")
    if _blank(em):
        return
    p = epoch.get(em, "Parameters")
    x = _num(p[0]) if p else math.nan
    if not math.isnan(x) and x > 0:
        n = _num(r.get("params"))
        from_note = "6 x N x D" in str(r.get("params_source") or "")
        if _blank(r.get("params")):
            r["params"], r["params_source"] = x, f"Epoch AI models: {p[1]}"
        elif from_note and n < 0.9 * x:
            # the note's 6ND uses fewer parameters than the model has: a mixture of experts,
            # N is the active count; the total is Epoch's
            if _blank(r.get("active_params")):
                r["active_params"] = n
                r["active_params_source"] = (str(r["params_source"]) + f"; fewer than the {x:.3g} parameters "
                                             "of Epoch's model table, so active parameters")
            r["params"], r["params_source"] = x, f"Epoch AI models: {p[1]}"
    if _blank(r.get("training_compute_confidence")) and not _blank(r.get("training_compute_flops")):
        c = epoch.get(em, "Confidence")
        if c:
            r["training_compute_confidence"] = c[0]
    if _blank(r.get("accessibility")):
        from computelimits.importers.epoch_hub import accessibility_of

        a = epoch.get(em, "Model accessibility")
        if a and accessibility_of(a[0]):
            r["accessibility"], r["accessibility_source"] = accessibility_of(a[0]), f"Epoch AI models: {a[1]}"
    point = _num(r.get("training_compute_flops"))
    lo, hi = epoch.get(em, "Training compute lower bound"), epoch.get(em, "Training compute upper bound")
    tc = epoch.get(em, "Training compute (FLOP)")
    if (_blank(r.get("training_compute_low_flops")) and lo and hi and tc and not math.isnan(point)
            and abs(_num(tc[0]) - point) <= 1e-6 * point):
        a, b = _num(lo[0]), _num(hi[0])
        if a > 0 and b > 0 and a <= point <= b:
            r.update(training_compute_low_flops=a, training_compute_high_flops=b,
                     training_compute_low_flops_source=f"Epoch AI models: {lo[1]} (same point estimate)",
                     training_compute_high_flops_source=f"Epoch AI models: {hi[1]} (same point estimate)")


def _scale_facts(rec: dict, r: dict, where: str, params_col: str, method_note: str) -> None:
    """Training compute (FLOPs = 6ND, as ObsScaling and Sloth state it), parameters and tokens
    of one ObsScaling / Sloth row, each with its source column."""
    flops = _num(r["FLOPs (1E21)"]) * 1e21
    n, d = _num(r[params_col]) * 1e9, _num(r["Pretraining Data Size (T)"]) * 1e12
    if not math.isnan(flops):
        rec.update(training_compute_flops=flops, training_compute_method="6ND",
                   training_compute_flops_source=f"{where}, 'FLOPs (1E21)' x 1e21 ({method_note})")
    if not math.isnan(n):
        rec.update(params=n, params_source=f"{where}, '{params_col}' x 1e9")
    if not math.isnan(d):
        rec.update(training_tokens=d, training_tokens_source=f"{where}, 'Pretraining Data Size (T)' x 1e12")


def _distilled(r: dict, table: dict, names) -> None:
    for n in names:
        if not _blank(n) and n in table:
            d = table[n]
            r["distilled"] = "true" if d["distilled"].strip().upper() == "TRUE" else "false"
            r["distilled_source"] = (f"{DISTILLED}, model {n} (confidence {d['confidence'].strip()})")
            return


def _counts(df):
    import pandas as pd

    from computelimits.benchmarks import list_benchmarks

    out = []
    for b in list_benchmarks("modern")["benchmark"]:
        d = df[df["benchmark"] == b]
        if not len(d):
            continue
        c = d[d["training_compute_flops"].notna()]
        hubc = c[c["dataset"] == "epoch-hub"]
        out.append(dict(benchmark=b, rows=len(d), training_runs=d["training_run"].nunique(),
                        hub_versions_with_compute=hubc["model_version"].nunique(),
                        runs_with_compute=c["training_run"].nunique(),
                        with_interval=int(c.groupby("training_run")["training_compute_low_flops"]
                                          .apply(lambda s: s.notna().any()).sum())))
    return pd.DataFrame(out)


def _inputs(ref: Path, curation: Path) -> list[dict]:
    files = sorted(p.relative_to(ref).as_posix() for p in (ref / HUB).glob("*.csv"))
    files += [OBS, SLOTH, TRENDS, VERSIONS, DISTILLED, *EPOCH_TABLES]
    licence = {"epoch-benchmarking-hub": "CC BY 4.0 (Epoch AI)", "obsscaling": "Apache-2.0",
               "sloth": "MIT", "epoch-open-model-trends": "CC BY 4.0 (Epoch AI)",
               "epoch-benchmark-stitching": "MIT (Epoch AI)", "epoch-ai-models": "CC BY 4.0 (Epoch AI)"}
    out = [dict(file=f"reference-data/{f}", sha256=_sha(ref / f), licence=licence[f.split("/")[0]]) for f in files]
    out.append(dict(file=f"curation/{ALIASES}", sha256=_sha(curation / ALIASES), licence="this project"))
    return out


def _md(s) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _report(rep: dict, counts, df, hub_dropped) -> str:
    L: list[str] = []
    w = L.append
    w("# Build report: modern language-model dataset (scripts/build_modern.py)")
    w("")
    w("Generated; do not edit. Rebuild with `python scripts/build_modern.py`.")
    w("")
    w("## Counts per benchmark")
    w("")
    w("`hub versions with compute`: model versions with a training compute and a score in the hub alone; "
      "`runs with compute`: training runs (one trained model, all its inference settings and sources) with "
      "a compute, all sources; `with interval`: of those, runs with a compute interval.")
    w("")
    w("| benchmark | rows | training runs | hub versions with compute | runs with compute | with interval |")
    w("|---|---|---|---|---|---|")
    for r in counts.to_dict("records"):
        w(f"| {r['benchmark']} | {r['rows']} | {r['training_runs']} | {r['hub_versions_with_compute']} | "
          f"{r['runs_with_compute']} | {r['with_interval']} |")
    w("")
    w("## Entity resolution: join rate per source")
    w("")
    w("A name joins when it resolves to one training run: a hub model (reviewed alias, Hugging Face id in "
      "Epoch's join table, Epoch model name of one hub version, or the same normalised name) or a model of "
      "a source read before (ObsScaling, then Sloth, then Epoch's open-model data). Rows of names that do "
      "not join are kept under their own name (nothing is dropped for not joining).")
    w("")
    w("| source | names | joined | join rate | how |")
    w("|---|---|---|---|---|")
    for s, j in rep["joins"].items():
        how = ", ".join(f"{k}: {v}" for k, v in sorted(j["how"].items()))
        w(f"| {s} | {j['names']} | {j['joined']} | {j['joined'] / max(j['names'], 1):.0%} | {_md(how)} |")
    w("")
    w(f"Hub versions merged into one training run (names differing only by case, punctuation or a "
      f"format suffix, with the same Epoch model name): {len(rep['merged'])}.")
    w("")
    for a, b in sorted(rep["merged"].items()):
        w(f"- `{a}` -> `{b}`")
    ej = rep["epoch_join"]
    w("")
    w(f"Hub rows with an Epoch model name found in Epoch's model tables: {ej['found']} of {ej['rows']}.")
    w("")
    for s, um in rep["unmatched"].items():
        w(f"### Not joined: {s} ({len(um)})")
        w("")
        for name, why in sorted(um):
            w(f"- `{name}`: {_md(why)}")
        w("")
    nd = sorted(rep["no_date"])
    w(f"## Models without a release date ({len(nd)})")
    w("")
    w("No source gives a date for these (ObsScaling has none; Sloth, the hub and Epoch's model tables "
      "were searched by joined model and by normalised name). Their rows are kept with `date` empty "
      "(`year` NaN): usable against compute, not in trends over time.")
    w("")
    w(", ".join(f"`{n}` ({s})" for s, n in nd))
    w("")
    w("## Rows not kept")
    w("")
    d = hub_dropped[~hub_dropped["reason"].str.startswith("no compute interval")]
    w(f"Hub rows and files not kept ({len(d)}):")
    w("")
    for r in d.sort_values(["source", "row"]).to_dict("records"):
        w(f"- {r['source']} {r['row']} {_md(r['model'])}: {_md(r['reason'])}")
    w("")
    w(f"Rows of the other sources not kept ({len(rep['dropped'])}):")
    w("")
    for s, row, name, why in sorted(rep["dropped"], key=lambda t: (t[0], t[1], t[3])):
        w(f"- {s} row {row} {_md(name)}: {_md(why)}")
    w("")
    w("## Compute notes without an interval")
    w("")
    ni = hub_dropped[hub_dropped["reason"].str.startswith("no compute interval")]
    reasons = ni["reason"].value_counts().sort_index()
    w(f"{len(ni)} hub rows with a training compute have no interval; by reason:")
    w("")
    for k, v in reasons.items():
        w(f"- {v}: {_md(k)}")
    w("")
    w("The interval is left empty when the note states none; it is never guessed. Epoch's confidence "
      "grade (`training_compute_confidence`) is kept as given; no numeric width is derived from it.")
    w("")
    return "\n".join(L).rstrip("\n") + "\n"


def _card(counts, df, inputs) -> str:
    from computelimits.modern import DEFAULT_RULE, ROW_RULES
    from computelimits.schema import column_dictionary

    L: list[str] = []
    w = L.append
    w("# modern.csv: language models, benchmark scores and training compute (dataset card)")
    w("")
    w("Generated by `scripts/build_modern.py`; do not edit. Load with `computelimits.load_modern()` or "
      "`computelimits.load_models(\"mmlu\")`.")
    w("")
    w("## What it is")
    w("")
    w(f"{len(df)} results of language models on {df['benchmark'].nunique()} benchmarks (MMLU, GSM8K, "
      "HellaSwag, WinoGrande, ARC-Challenge, BBH, PIQA, TriviaQA, GPQA Diamond, MATH Level 5, OTIS mock "
      "AIME, FrontierMath, SWE-bench Verified), with each model's release date, organization, open/closed "
      "status, training compute (with an interval where the source states one), parameters, tokens, "
      "estimation method and distilled flag. Every value has a `*_source` column naming the file and row.")
    w("")
    w("## Several rows per model, and the one-row-per-model rule")
    w("")
    w("Rows are results, not models: one trained model (`training_run`) can have rows from several "
      "sources, shot counts and inference settings (reasoning effort `_high`, thinking budget `_32K`; "
      "these share one training compute). Analyses that need one row per model use a rule "
      "(`computelimits.modern.one_row_per_model(df, rule=...)`, `load_models(..., rule=...)`); "
      f"the default is `{DEFAULT_RULE}`.")
    w("")
    for name in ROW_RULES:
        w(f"- `{name}`: {ROW_RULES.get(name).description}")
    w("")
    w("## Counts per benchmark")
    w("")
    w("| benchmark | rows | training runs | hub versions with compute | runs with compute (all sources) | "
      "with compute interval |")
    w("|---|---|---|---|---|---|")
    for r in counts.to_dict("records"):
        w(f"| {r['benchmark']} | {r['rows']} | {r['training_runs']} | {r['hub_versions_with_compute']} | "
          f"{r['runs_with_compute']} | {r['with_interval']} |")
    w("")
    w("## Caveats")
    w("")
    w("- Scores are fractions (0-1). Chance floors (4-way multiple choice 0.25, 2-way 0.5, open-ended 0) "
      "are in the benchmark registry (`computelimits benchmarks`).")
    w("- Rows with a score of 0 or 1 are not kept (their error rate is outside (0, 1)); the build report "
      "lists them.")
    w("- Training compute is *total* training FLOP as the source estimates it (Epoch AI: reported, 6ND, "
      "hardware x time x utilisation, or imputed from benchmarks; ObsScaling and Sloth: 6ND). The "
      "interval (`training_compute_low_flops`, `training_compute_high_flops`) is filled only where the "
      "source states one: a confidence interval or range in Epoch's note, the two estimates whose "
      "geometric mean is the point, or the lower/upper bounds of Epoch's model table. Epoch's "
      "confidence grade is kept but not turned into a width.")
    w("- Shots: as the hub gives them; ObsScaling and Sloth rows leave them empty (their READMEs do not "
      "state them per row). Sloth's `ARC` column is the Open LLM Leaderboard v1 ARC-Challenge task.")
    wg = df[df["benchmark"] == "winogrande"]
    o = wg[wg["dataset"] == "obsscaling"].groupby("training_run")["metric_value"].first()
    sl = wg[wg["dataset"] == "sloth"].groupby("training_run")["metric_value"].first()
    both = o.index.intersection(sl.index)
    same = int(((o[both] - sl[both]).abs() < 1e-9).sum())
    w(f"- ObsScaling's `Winograd` column is read as WinoGrande: for {same} of the {len(both)} models that "
      "ObsScaling and Sloth both list, it equals Sloth's `Winogrande` exactly.")
    w("- Most recent closed frontier models have no training compute in the hub.")
    w("")
    w("## Sources, licences and credit")
    w("")
    w(ATTRIBUTION + ".")
    w("")
    w("| input | licence | sha256 |")
    w("|---|---|---|")
    for i in inputs:
        w(f"| {i['file']} | {i['licence']} | `{i['sha256'][:16]}...` |")
    w("")
    w("## Columns")
    w("")
    w("| column | type | unit | description |")
    w("|---|---|---|---|")
    for r in column_dictionary(lm=True).to_dict("records"):
        if r["column"] in DERIVED_ON_LOAD:
            continue
        w(f"| `{r['column']}` | {r['dtype']} | {_md(r['unit'])} | {_md(r['description'])} |")
        if r["source_column"]:
            w(f"| `{r['source_column']}` | str |  | where `{r['column']}` comes from (file and row) |")
    w("")
    return "\n".join(L).rstrip("\n") + "\n"


def _manifest_meta(inputs) -> dict:
    from computelimits.schema import column_dictionary

    cols = {r["column"]: dict(dtype=r["dtype"], unit=r["unit"], description=r["description"])
            for r in column_dictionary(lm=True).to_dict("records") if r["column"] not in DERIVED_ON_LOAD}
    return dict(description="Language models after 2020: benchmark scores (MMLU, GPQA Diamond, ...) with "
                            "training compute, intervals, parameters, tokens, sources",
                licence=LICENCE, attribution=ATTRIBUTION, loader="computelimits.load_modern",
                script="scripts/build_modern.py", card=CARD_FILE, inputs=inputs, columns=cols)


def write(out: BuildOutput, out_dir: Path = DEFAULT_OUT, curation_dir: Path = DEFAULT_CURATION) -> None:
    """Write modern.csv, its card, the manifest entries and the build report (atomically)."""
    from computelimits.datasets import update_manifest
    from computelimits.io import atomic_write_text

    out_dir, curation_dir = Path(out_dir), Path(curation_dir)
    atomic_write_text(out_dir / OUT_FILE, out.csv_text)
    atomic_write_text(out_dir / CARD_FILE, out.card_text)
    update_manifest(out_dir, OUT_FILE, out.manifest_meta)
    update_manifest(out_dir, CARD_FILE, dict(description="Dataset card of modern.csv", licence=LICENCE,
                                             script="scripts/build_modern.py"))
    atomic_write_text(curation_dir / REPORT_FILE, out.report_text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="reference-data folder")
    ap.add_argument("--curation", type=Path, default=DEFAULT_CURATION, help="curation folder (aliases)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="package data folder to write")
    ap.add_argument("--check", action="store_true", help="exit 1 if the packaged files are stale")
    args = ap.parse_args(argv)
    out = build(args.reference, args.curation)
    if args.check:
        stale = [n for n, t in ((OUT_FILE, out.csv_text), (CARD_FILE, out.card_text))
                 if not (args.out / n).is_file() or (args.out / n).read_text("utf-8") != t]
        if stale:
            print(f"stale: {', '.join(stale)} in {args.out}; run scripts/build_modern.py", file=sys.stderr)
            return 1
        print("up to date")
        return 0
    write(out, args.out, args.curation)
    print(f"wrote {args.out / OUT_FILE}: {len(out.records)} records")
    print(out.counts.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
