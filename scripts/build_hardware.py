#!/usr/bin/env python
"""Build the packaged hardware tables from Epoch AI's public hardware data.

Writes, into ``--out`` (default ``src/computelimits/data``):

- ``hardware.csv``: one row per chip: peak FP32 / FP16 / TF32 / tensor FLOP/s **per chip**, TDP,
  release date, launch price, each value with a ``<column>_source`` naming the file and row;
- ``hardware_aliases.csv``: the hand-written alias list (``curation/hardware_aliases.csv``) after
  validation (every alias maps to a chip of the table; multi-chip units carry ``chips_per_unit``);
- ``hardware_prices.csv``: cloud prices per chip-hour, one observation per row;
- ``model_flop_utilization.csv``: the model FLOP utilization (MFU) of every training run Epoch's
  notable-models table records one for (the typical utilization the ``hardware`` cost model
  prices a run at, :func:`computelimits.cost_models.typical_utilization`);

and records the four files in ``manifest.json`` (sha256, licence, sources, column dictionary).

Sources (under ``--reference-dir``, default ``../shared/reference-data``):

1. ``epoch-ml-hardware/ml_hardware_2025-12.csv``: Epoch's ML hardware dataset; every row is kept.
2. ``epoch-ml-hardware/chip_dataset_grid_view_2025-06.csv``: Epoch's chip table; fills values the
   first lacks, and adds the chips that (a) Epoch's model records name as training hardware, (b)
   the price table or the alias list names, or (c) ``curation/hardware_include.csv`` lists
   (older GPUs that papers cite).
3. ``epoch-ml-hardware/hardware_prices.csv``: cloud prices, and launch prices for chips the two
   tables give none ("release price"/"launch price" observations of a single unit).
4. ``mlco2-impact/gpus.csv``: TDP only, and only where both Epoch tables lack it (its TPU rows
   are average power, not TDP, and are skipped).
5. ``epoch-ai-models/*.csv``: the ``Training hardware`` names; the build fails unless every one
   of them resolves to a chip of the table.

The output is deterministic: the same inputs give the same bytes. Run from the repository root::

    python scripts/build_hardware.py
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from computelimits.datasets import update_manifest  # noqa: E402
from computelimits.errors import UnknownNameError  # noqa: E402
from computelimits.hardware import (  # noqa: E402
    RATE_COLUMNS,
    VALUE_COLUMNS,
    HardwareResolver,
    normalize_hardware_name,
)
from computelimits.io import atomic_write_text  # noqa: E402

ML_FILE = "epoch-ml-hardware/ml_hardware_2025-12.csv"
CHIP_FILE = "epoch-ml-hardware/chip_dataset_grid_view_2025-06.csv"
PRICE_FILE = "epoch-ml-hardware/hardware_prices.csv"
MLCO2_FILE = "mlco2-impact/gpus.csv"
MODELS_DIR = "epoch-ai-models"
MFU_FILE = "epoch-ai-models/notable_ai_models_2026-05-02.csv"
MFU_COLUMN = "Hardware utilization (MFU)"

#: hardware.csv column -> Epoch column (same header in both Epoch tables)
EPOCH_COLUMNS = {
    "manufacturer": "Manufacturer",
    "type": "Type",
    "release_date": "Release date",
    "fp32_flops": "FP32 (single precision) performance (FLOP/s)",
    "fp16_flops": "FP16 (half precision) performance (FLOP/s)",
    "tf32_flops": "TF32 (TensorFloat-32) performance (FLOP/s)",
    "tensor_flops": "Tensor-FP16/BF16 performance (FLOP/s)",
    "tdp_w": "TDP (W)",
    "launch_price_usd": "Release price (USD)",
}
NUMERIC = (*RATE_COLUMNS, "tdp_w", "launch_price_usd")
TEXT = ("manufacturer", "type", "release_date")

HARDWARE_COLUMNS = ["hardware"] + [c for v in VALUE_COLUMNS for c in (v, f"{v}_source")] + [
    "in_epoch_ml_hardware", "notes"]
ALIAS_COLUMNS = ["alias", "hardware", "chips_per_unit", "note", "source"]
PRICE_COLUMNS = ["hardware", "date", "price_per_chip_hour_usd", "pricing", "provider", "location",
                 "description", "note", "source", "source_row"]
PRICINGS = (("Price per chip-hour (on-demand)", "on-demand"),
            ("Price per chip-hour (1-year CUD)", "1-year"),
            ("Price per chip-hour (3-year CUD)", "3-year"))

COLUMN_DICTIONARY = {
    "hardware.csv": {
        "hardware": "Canonical chip name (Epoch AI's name)",
        "manufacturer": "Manufacturer",
        "type": "GPU, TPU, CPU, NPU, ... as Epoch classifies it",
        "release_date": "Release date, YYYY-MM-DD",
        "fp32_flops": "Peak FP32 (single precision, non-tensor) FLOP/s per chip, dense",
        "fp16_flops": "Peak FP16 (half precision, non-tensor) FLOP/s per chip, dense",
        "tf32_flops": "Peak TensorFloat-32 tensor-core FLOP/s per chip, dense",
        "tensor_flops": "Peak tensor-core FP16/BF16 FLOP/s per chip, dense (TPU matrix units)",
        "tdp_w": "Thermal design power per chip, W",
        "launch_price_usd": "Price at release, US dollars of the release date",
        "*_source": "Where the value came from: reference file, row (1 = first data row) and name",
        "in_epoch_ml_hardware": "true when the chip is in Epoch's ML hardware dataset",
        "notes": "Caveats: per-board rates, clock conventions, discrepancies with the paper",
    },
    "hardware_aliases.csv": {
        "alias": "A name papers use (case, spaces and punctuation ignored when matching)",
        "hardware": "Canonical chip; several separated by '|' for a name ambiguous on purpose",
        "chips_per_unit": "Chips one unit of the alias is (4 for a Cloud TPU v3 device, 1024 for a "
                          "TPU v3 Pod, 0.5 for one TensorCore); hardware_count counts units",
        "note": "Why the alias maps where it does",
        "source": "Source of chips_per_unit when it is not 1",
    },
    "hardware_prices.csv": {
        "hardware": "Canonical chip name",
        "date": "Date of the observation, YYYY-MM-DD",
        "price_per_chip_hour_usd": "Cloud price per chip-hour, US dollars of that date",
        "pricing": "on-demand, 1-year or 3-year (committed-use) price",
        "provider": "Cloud provider",
        "location": "Region",
        "description": "Provider's description of the offer, if any",
        "note": "Epoch's note on the observation, if any",
        "source": "URL the price was read from (as recorded by Epoch AI)",
        "source_row": "Row of epoch-ml-hardware/hardware_prices.csv (1 = first data row)",
    },
    "model_flop_utilization.csv": {
        "model": "Model name (Epoch AI)",
        "publication_date": "Publication date, YYYY-MM-DD",
        "training_hardware": "Training hardware as Epoch names it",
        "mfu": "Model FLOP utilization: model FLOPs per second achieved over the hardware's peak "
               "(fraction)",
        "source": "Reference file and row (1 = first data row)",
    },
}

ATTRIBUTION = (
    "Contains data from Epoch AI: 'Data on Machine Learning Hardware' (ml_hardware.csv), the "
    "Epoch chip dataset and the Epoch hardware-price table (github.com/epoch-research/"
    "training-cost-trends), published under the Creative Commons Attribution 4.0 licence "
    "(CC BY 4.0); credit 'Epoch AI'. Values were selected, renamed and reorganised (one row per "
    "chip, one column per rate); no value was changed."
)


class BuildError(Exception):
    """The inputs are inconsistent; the message says where."""


# ------------------------------------------------------------------------------------------------
# reading
# ------------------------------------------------------------------------------------------------
def _read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    if not path.is_file():
        raise BuildError(f"{path}: no such file")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(text: str | None) -> float | None:
    if text is None:
        return None
    s = str(text).strip().replace("$", "").replace(",", "")
    if not s:
        return None
    try:
        x = float(s)
    except ValueError:
        return None
    return x if math.isfinite(x) and x > 0 else None


def _date(text: str | None) -> str | None:
    s = (text or "").strip()
    return s if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) else None


def _fmt(x: float | None) -> str:
    return "" if x is None else repr(float(x))


def _origin(reference_dir: Path, rel: str) -> str:
    """Upstream origin of ``rel`` as its folder README states it (table row or 'Origin' line)."""
    folder, name = rel.split("/", 1)
    readme = reference_dir / folder / "README.md"
    if not readme.is_file():
        return ""
    lines = readme.read_text("utf-8").splitlines()
    for line in lines:  # a bullet "- Origin: ..." describes the whole folder
        text = line.strip().lstrip("-* ").strip()
        if text.lower().startswith("origin"):
            return text
    for line in lines:  # else the row of a table "| file | origin repo | commit | path | ..."
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and cells and cells[0] == name:
            return " | ".join(cells[1:])
    return ""


def _licence_line(reference_dir: Path, folder: str) -> str:
    readme = reference_dir / folder / "README.md"
    if readme.is_file():
        for line in readme.read_text("utf-8").splitlines():
            if line.lower().lstrip("-* ").startswith("license"):
                return line.strip().lstrip("-* ").strip()
    return ""


# ------------------------------------------------------------------------------------------------
# building
# ------------------------------------------------------------------------------------------------
def _source(rel: str, rownum: int, name: str) -> str:
    return f"{rel} row {rownum} ({name})"


def build(reference_dir: Path, out_dir: Path, curation_dir: Path = REPO / "curation",
          log=print) -> dict[str, int]:
    """Build the three tables into ``out_dir`` and update its manifest; returns row counts."""
    reference_dir, out_dir = Path(reference_dir), Path(out_dir)
    ml = _read_csv(reference_dir / ML_FILE)
    chips = _read_csv(reference_dir / CHIP_FILE)
    prices = _read_csv(reference_dir / PRICE_FILE)
    mlco2 = _read_csv(reference_dir / MLCO2_FILE)
    aliases = _read_csv(curation_dir / "hardware_aliases.csv")
    include = _read_csv(curation_dir / "hardware_include.csv")
    notes = _read_csv(curation_dir / "hardware_notes.csv")

    # -- the Epoch tables, indexed by normalised name ------------------------------------------
    ml_by_key: dict[str, tuple[int, dict]] = {}
    for i, r in enumerate(ml, 1):
        key = normalize_hardware_name(r["Hardware name"])
        if not key:
            raise BuildError(f"{ML_FILE} row {i}: empty hardware name")
        if key in ml_by_key:
            raise BuildError(f"{ML_FILE} row {i}: '{r['Hardware name']}' duplicates row "
                             f"{ml_by_key[key][0]}")
        ml_by_key[key] = (i, r)
    chip_by_key: dict[str, tuple[int, dict]] = {}
    for i, r in enumerate(chips, 1):
        key = normalize_hardware_name(r["Hardware name"])
        if key:
            chip_by_key.setdefault(key, (i, r))  # first of duplicated names

    # canonical name -> (file, row number, row)
    canonical: dict[str, tuple[str, int, dict]] = {}
    for i, r in enumerate(ml, 1):
        canonical[r["Hardware name"].strip()] = (ML_FILE, i, r)

    def add_from_chip_table(name: str, why: str) -> None:
        key = normalize_hardware_name(name)
        if key in ml_by_key or any(normalize_hardware_name(c) == key for c in canonical):
            return
        if key not in chip_by_key:
            raise BuildError(f"{why}: '{name}' is in neither {ML_FILE} nor {CHIP_FILE}")
        i, r = chip_by_key[key]
        canonical[r["Hardware name"].strip()] = (CHIP_FILE, i, r)

    alias_rows = []
    for n, a in enumerate(aliases, 1):
        where = f"curation/hardware_aliases.csv row {n}"
        targets = [t.strip() for t in a["hardware"].split("|") if t.strip()]
        same = [t.strip() for t in a.get("same_rates_as", "").split(";") if t.strip()]
        if not a["alias"].strip() or not targets:
            raise BuildError(f"{where}: alias and hardware are required")
        cpu = _num(a.get("chips_per_unit", ""))
        if cpu is None:
            raise BuildError(f"{where}: chips_per_unit must be a number > 0, got "
                             f"{a.get('chips_per_unit')!r}")
        if cpu != 1 and not a.get("source", "").strip():
            raise BuildError(f"{where}: chips_per_unit {cpu:g} needs a source")
        for t in targets + same:
            add_from_chip_table(t, where)
        alias_rows.append((n, a["alias"].strip(), targets, cpu, same, a.get("note", "").strip(),
                           a.get("source", "").strip()))
    for n, r in enumerate(include, 1):
        add_from_chip_table(r["hardware"].strip(), f"curation/hardware_include.csv row {n}")

    def resolver() -> HardwareResolver:
        return HardwareResolver(canonical, [(a, "|".join(t), c) for _, a, t, c, *_ in alias_rows])

    # -- every name a model record, the price table or the chip table's ML usage names ----------
    wanted: list[tuple[str, str]] = []
    for i, r in enumerate(chips, 1):
        if (_num(r.get("Number of ML models trained")) or 0) > 0:
            wanted.append((r["Hardware name"].strip(), f"{CHIP_FILE} row {i}"))
    model_names: dict[str, str] = {}
    model_files = sorted((reference_dir / MODELS_DIR).glob("*.csv"))
    if not model_files:
        raise BuildError(f"{reference_dir / MODELS_DIR}: no model files to check names against")
    for f in model_files:
        for i, r in enumerate(_read_csv(f), 1):
            for name in (r.get("Training hardware") or "").split(","):
                if name.strip():
                    model_names.setdefault(name.strip(), f"{MODELS_DIR}/{f.name} row {i}")
    wanted += sorted(model_names.items())
    for i, r in enumerate(prices, 1):
        wanted.append((r["Hardware model"].strip(), f"{PRICE_FILE} row {i}"))

    res = resolver()
    merged: dict[str, str] = {}
    for name, where in wanted:
        try:
            got, _ = res.resolve(name)
        except UnknownNameError as exc:
            if normalize_hardware_name(name) in chip_by_key:
                add_from_chip_table(name, where)
                res = resolver()
                continue
            raise BuildError(f"{where}: hardware '{name}' does not resolve ({exc}); add an alias "
                             "to curation/hardware_aliases.csv") from None
        if normalize_hardware_name(got) != normalize_hardware_name(name):
            merged.setdefault(name, got)
    for name, where in wanted:  # coverage: every name resolves to one chip
        try:
            res.resolve(name)
        except UnknownNameError as exc:
            raise BuildError(f"{where}: hardware '{name}' does not resolve ({exc})") from None
    for name, got in sorted(merged.items()):
        log(f"  name '{name}' resolves to '{got}'")

    # -- values ---------------------------------------------------------------------------------
    rows: dict[str, dict[str, object]] = {}
    for name, (rel, i, r) in canonical.items():
        key = normalize_hardware_name(name)
        candidates = [(rel, i, r)]
        if rel == ML_FILE and key in chip_by_key:
            candidates.append((CHIP_FILE, *chip_by_key[key]))
        row: dict[str, object] = {"hardware": name}
        for col, epoch_col in EPOCH_COLUMNS.items():
            value, src = None, ""
            for crel, ci, cr in candidates:
                raw = cr.get(epoch_col, "")
                v = (_num(raw) if col in NUMERIC else
                     _date(raw) if col == "release_date" else (raw or "").strip() or None)
                if v is not None:
                    value, src = v, _source(crel, ci, cr["Hardware name"].strip())
                    break
            row[col], row[f"{col}_source"] = value, src
        row["in_epoch_ml_hardware"] = rel == ML_FILE
        row["notes"] = ""
        rows[name] = row

    # TDP gaps from mlco2 (GPU rows only: its TPU rows are average power, not TDP)
    for i, r in enumerate(mlco2, 1):
        if r.get("type", "").strip().lower() != "gpu":
            continue
        tdp = _num(r.get("tdp_watts"))
        try:
            got, cpu = res.resolve(r["name"])
        except UnknownNameError:
            continue
        if tdp is not None and cpu == 1 and rows[got]["tdp_w"] is None:
            rows[got]["tdp_w"] = tdp
            rows[got]["tdp_w_source"] = _source(MLCO2_FILE, i, r["name"].strip())
            log(f"  TDP of '{got}' from {MLCO2_FILE} row {i}")

    # launch-price gaps from single-unit release/launch price observations
    launch: dict[str, list[tuple[str, int, float, str]]] = {}
    for i, r in enumerate(prices, 1):
        price, note = _num(r.get("Price (hardware purchase)")), r.get("Notes", "")
        n_gpus = _num(r.get("Number of GPUs"))
        if (price is None or not re.search(r"(release|launch) price", note, re.IGNORECASE)
                or "not a real" in note.lower() or n_gpus not in (None, 1.0)):
            continue
        got, _ = res.resolve(r["Hardware model"])
        launch.setdefault(got, []).append((_date(r["Price date"]) or "", i, price,
                                           r["Hardware model"].strip()))
    for name, obs in sorted(launch.items()):
        if rows[name]["launch_price_usd"] is not None:
            continue
        rel_date = str(rows[name]["release_date"] or "")
        obs.sort(key=lambda o: (abs(_days(o[0]) - _days(rel_date)) if rel_date and o[0] else 0,
                                o[0], o[1]))
        d, i, price, model = obs[0]
        rows[name]["launch_price_usd"] = price
        rows[name]["launch_price_usd_source"] = _source(PRICE_FILE, i, f"{model}, {d}")
        log(f"  launch price of '{name}' from {PRICE_FILE} row {i}")

    for n, r in enumerate(notes, 1):
        name = r["hardware"].strip()
        if name not in rows:
            raise BuildError(f"curation/hardware_notes.csv row {n}: '{name}' is not in the table")
        rows[name]["notes"] = r["note"].strip()

    # -- aliases: every target present, equal rates where the alias claims so ---------------------
    for n, alias, targets, _cpu, same, _note, _src in alias_rows:
        for t in targets + same:
            if t not in rows:
                raise BuildError(f"curation/hardware_aliases.csv row {n}: '{t}' is not a "
                                 "canonical name of the table (check spelling and case)")
        for s in same:
            for col in ("fp32_flops", "tensor_flops"):
                if rows[s][col] != rows[targets[0]][col]:
                    raise BuildError(
                        f"curation/hardware_aliases.csv row {n}: alias '{alias}' claims '{s}' has "
                        f"the rates of '{targets[0]}', but {col} differs "
                        f"({rows[s][col]} vs {rows[targets[0]][col]})")
        try:
            got = res.resolve(alias)[0]
        except UnknownNameError as exc:
            got = None if len(targets) > 1 else str(exc)
        if got != (targets[0] if len(targets) == 1 else None):
            raise BuildError(f"curation/hardware_aliases.csv row {n}: '{alias}' resolves to "
                             f"{got!r}, not {' | '.join(targets)}")

    # -- prices per chip-hour ---------------------------------------------------------------------
    price_rows = []
    for i, r in enumerate(prices, 1):
        got, _ = res.resolve(r["Hardware model"])
        for col, pricing in PRICINGS:
            p = _num(r.get(col))
            if p is None:
                continue
            price_rows.append({
                "hardware": got, "date": _date(r["Price date"]) or "",
                "price_per_chip_hour_usd": p, "pricing": pricing,
                "provider": r.get("Vendor", "").strip(), "location": r.get("Location", "").strip(),
                "description": r.get("Cloud GPU description", "").strip(),
                "note": " ".join(r.get("Notes", "").split()),
                "source": r.get("Price source", "").strip(),
                "source_row": _source(PRICE_FILE, i, r["Hardware model"].strip()),
            })
    order = {p: k for k, (_, p) in enumerate(PRICINGS)}
    price_rows.sort(key=lambda d: (d["hardware"], d["date"], d["provider"], d["location"],
                                   order[d["pricing"]], d["source_row"]))

    # -- write ----------------------------------------------------------------------------------
    table = sorted(rows.values(), key=lambda d: (d["release_date"] or "9999-99-99",
                                                 str(d["hardware"]).lower(), d["hardware"]))
    out_dir.mkdir(parents=True, exist_ok=True)
    _write(out_dir / "hardware.csv", HARDWARE_COLUMNS, [
        {c: (_fmt(v) if c in NUMERIC else ("true" if v is True else "false" if v is False else
                                           "" if v is None else str(v)))
         for c, v in d.items()} for d in table])
    _write(out_dir / "hardware_aliases.csv", ALIAS_COLUMNS, [
        {"alias": a, "hardware": "|".join(t), "chips_per_unit": _fmt(c), "note": note,
         "source": src} for _, a, t, c, _s, note, src in alias_rows])
    _write(out_dir / "hardware_prices.csv", PRICE_COLUMNS, [
        {**d, "price_per_chip_hour_usd": _fmt(d["price_per_chip_hour_usd"])} for d in price_rows])

    mlco2_used = any(str(d["tdp_w_source"]).startswith(MLCO2_FILE) for d in table)
    epoch_sources = [
        {"file": f"../shared/reference-data/{rel}", "origin": _origin(reference_dir, rel),
         "licence": "CC BY 4.0, Epoch AI", "role": role}
        for rel, role in ((ML_FILE, "main table: every chip and its values"),
                          (CHIP_FILE, "more chips (older and consumer GPUs) and missing values"),
                          (PRICE_FILE, "launch prices where the tables give none"))]
    hw_sources = list(epoch_sources)
    if mlco2_used:
        hw_sources.append({"file": f"../shared/reference-data/{MLCO2_FILE}",
                           "origin": _origin(reference_dir, MLCO2_FILE),
                           "licence": _licence_line(reference_dir, "mlco2-impact") or "MIT",
                           "role": "TDP of GPUs both Epoch tables leave empty"})
    hw_sources += [
        {"file": "curation/hardware_include.csv", "origin": "this repository",
         "licence": "same as computelimits", "role": "older chips to include from the chip table"},
        {"file": "curation/hardware_notes.csv", "origin": "this repository",
         "licence": "same as computelimits", "role": "caveats in the notes column"},
    ] + [
        {"file": f"../shared/reference-data/{MODELS_DIR}/{f.name}",
         "origin": _origin(reference_dir, f"{MODELS_DIR}/{f.name}"),
         "licence": "CC BY 4.0, Epoch AI",
         "role": "Training hardware names: every one must resolve (checked, not copied)"}
        for f in model_files
    ]
    mfu_rows = _mfu_rows(reference_dir)
    _write(out_dir / "model_flop_utilization.csv",
           list(COLUMN_DICTIONARY["model_flop_utilization.csv"]), mfu_rows)
    log(f"model_flop_utilization.csv: {len(mfu_rows)} runs with a measured MFU")
    common = {"built_by": "scripts/build_hardware.py", "attribution": ATTRIBUTION,
              "documentation": "docs/hardware.md"}
    update_manifest(out_dir, "hardware.csv", {
        **common,
        "description": "Peak FP32, FP16, TF32 and tensor FLOP/s per chip (dense), TDP, release "
                       "date and launch price of the chips deep learning trained on (GPUs, TPUs, "
                       "other accelerators and the few CPUs Epoch's model records name), each "
                       "value with the file and row it came from",
        "licence": "CC BY 4.0, Epoch AI" + (" (TDP gap-fills from mlco2-impact: MIT)"
                                            if mlco2_used else ""),
        "loader": "computelimits.hardware.load_hardware",
        "sources": hw_sources,
        "columns": COLUMN_DICTIONARY["hardware.csv"],
    })
    update_manifest(out_dir, "hardware_aliases.csv", {
        **common,
        "description": "Names papers use for chips ('Titan X', 'P100', 'TPUv3', 'Cloud TPU v3 Pod') "
                       "and the canonical chip; multi-chip units carry chips_per_unit",
        "licence": "same as computelimits (hand-written); targets are Epoch AI names (CC BY 4.0)",
        "loader": "computelimits.hardware.load_hardware_aliases",
        "sources": [{"file": "curation/hardware_aliases.csv", "origin": "this repository",
                     "licence": "same as computelimits", "role": "the alias list"}],
        "columns": COLUMN_DICTIONARY["hardware_aliases.csv"],
    })
    update_manifest(out_dir, "hardware_prices.csv", {
        **common,
        "description": "Cloud prices per chip-hour (on-demand, 1-year and 3-year commitments), "
                       "one observation per row, with canonical chip names",
        "licence": "CC BY 4.0, Epoch AI",
        "loader": "computelimits.hardware.load_hardware_prices",
        "sources": [epoch_sources[2] | {"role": "every chip-hour price observation"}],
        "columns": COLUMN_DICTIONARY["hardware_prices.csv"],
    })
    update_manifest(out_dir, "model_flop_utilization.csv", {
        **common,
        "description": "Model FLOP utilization (MFU) of the training runs Epoch AI's notable-models "
                       "table records one for; their median is the typical utilization of the "
                       "hardware cost model",
        "licence": "CC BY 4.0, Epoch AI",
        "loader": "computelimits.cost_models.load_model_flop_utilization",
        "sources": [{"file": f"../shared/reference-data/{MFU_FILE}",
                     "origin": _origin(reference_dir, MFU_FILE), "licence": "CC BY 4.0, Epoch AI",
                     "role": f"every row with a '{MFU_COLUMN}' value"}],
        "columns": COLUMN_DICTIONARY["model_flop_utilization.csv"],
    })
    return {"hardware.csv": len(table), "hardware_aliases.csv": len(alias_rows),
            "hardware_prices.csv": len(price_rows),
            "model_flop_utilization.csv": len(mfu_rows)}


def _mfu_rows(reference_dir: Path) -> list[dict[str, str]]:
    """One row per run of Epoch's notable-models table with an MFU, in file order."""
    rows = []
    for i, r in enumerate(_read_csv(reference_dir / MFU_FILE), start=1):
        v = _num(r.get(MFU_COLUMN))
        if v is None:
            continue
        if not 0 < v <= 1:
            raise BuildError(f"{MFU_FILE} row {i}: MFU {v} outside (0, 1]")
        rows.append({"model": r["Model"].strip(), "publication_date": r["Publication date"][:10],
                     "training_hardware": r["Training hardware"].strip(), "mfu": repr(v),
                     "source": _source(MFU_FILE, i, r["Model"].strip())})
    if len(rows) < 10:
        raise BuildError(f"{MFU_FILE}: only {len(rows)} runs with '{MFU_COLUMN}'")
    return rows


def _days(d: str) -> int:
    import datetime as dt

    return dt.date.fromisoformat(d).toordinal()


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    atomic_write_text(path, buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference-dir", type=Path, default=REPO.parent / "shared" / "reference-data",
                    help="folder with epoch-ml-hardware/, mlco2-impact/, epoch-ai-models/ "
                         "(default: ../shared/reference-data)")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "computelimits" / "data",
                    help="output folder (default: src/computelimits/data)")
    ap.add_argument("--curation-dir", type=Path, default=REPO / "curation",
                    help="folder with hardware_aliases.csv, hardware_include.csv, "
                         "hardware_notes.csv (default: curation/)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    args = ap.parse_args(argv)
    log = (lambda *a, **k: None) if args.quiet else print
    try:
        counts = build(args.reference_dir, args.out, args.curation_dir, log=log)
    except BuildError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    for name, n in counts.items():
        log(f"wrote {args.out / name} ({n} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
