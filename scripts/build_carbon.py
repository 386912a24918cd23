#!/usr/bin/env python3
"""Build ``carbon_intensity.csv`` and ``cost_context.csv`` (``src/computelimits/data``).

``carbon_intensity.csv`` comes from CodeCarbon and ML CO2 Impact data; ``cost_context.csv``
holds the reference values a reader knows (world GDP, world electricity demand and power-sector
CO2 in a year, from ``curation/cost_context.csv``; the largest and the most expensive training run
of Epoch AI's notable-models table), each with its source and year, used to put huge costs in
context (:mod:`computelimits.cost_context`).

Grid carbon intensities (gCO2e per kWh) used by the ``hardware`` cost model
(:mod:`computelimits.costs`). Inputs (read only, never copied whole into the package):

- ``codecarbon-data`` (mlco2/codecarbon, MIT licence):
  ``carbon_intensity_per_source.json`` (world average, per energy source),
  ``global_energy_mix.json`` (per country), ``usa_emissions.json`` (per US state, lbs/MWh,
  2016), ``cloud_impact.csv`` (per Google Cloud region);
- ``mlco2-impact`` (mlco2/impact, MIT licence): ``impact.csv`` (cloud regions of other
  providers; Google regions already covered by CodeCarbon's newer table are skipped) and
  ``2021-10-27yearly_averages.csv`` (electricityMap yearly averages per grid zone; latest year
  per zone).

One row per key: ``world``, ``source:<fuel>``, ``country:<ISO3>``, ``us-state:<code>``,
``cloud:<provider>:<region>``, ``zone:<zone key>``. Every row keeps its original source (URL or
citation), the dataset and file it came from, and the data year when known.

Usage::

    python scripts/build_carbon.py [--reference-dir ../shared/reference-data]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "src" / "computelimits" / "data"
OUT_NAME = "carbon_intensity.csv"
LBS_TO_KG = 0.45359237  # exact, by definition of the avoirdupois pound

CODECARBON = ("codecarbon", "mlco2/codecarbon b05965e43b690cdc53787c7577adbe6e2caf4ed9", "MIT")
MLCO2 = ("mlco2-impact", "mlco2/impact d0d3ee5a71ea222ac344a94900642ed2ce649af4", "MIT")

COLUMNS = ["key", "kind", "name", "country", "year", "gco2_per_kwh", "source", "dataset",
           "dataset_file", "dataset_version", "licence"]

CONTEXT_NAME = "cost_context.csv"
CONTEXT_COLUMNS = ["key", "quantity", "value", "unit", "year", "label", "short_source", "source",
                   "url"]
CONTEXT_QUANTITIES = ("flops", "energy_kwh", "co2_kg", "usd")
EPOCH_MODELS = "epoch-ai-models/notable_ai_models_2026-05-02.csv"
EPOCH_CREDIT = ("Epoch AI, 'Notable AI Models' (export 2026-05-02, CC BY 4.0), "
                f"{EPOCH_MODELS}")


def _row(key, kind, name, country, year, value, source, dataset, file):
    ds, version, licence = dataset
    return dict(key=key, kind=kind, name=name, country=country or "",
                year="" if year in (None, "") else str(int(float(year))),
                gco2_per_kwh=f"{float(value):.6g}", source=source, dataset=ds,
                dataset_file=file, dataset_version=version, licence=licence)


def build_rows(ref: Path) -> list[dict]:
    cc = ref / "codecarbon-data"
    ml = ref / "mlco2-impact"
    rows: list[dict] = []

    per_source = json.loads((cc / "carbon_intensity_per_source.json").read_text("utf-8"))
    if per_source.get("unit") != "gCO2.eq/kWh":
        raise SystemExit(f"unexpected unit in carbon_intensity_per_source.json: {per_source.get('unit')}")
    rows.append(_row("world", "world", "World average", "", None, per_source["world_average"],
                     per_source["world_average_source"], CODECARBON,
                     "carbon_intensity_per_source.json"))
    for fuel in sorted(k for k in per_source if not k.endswith("_source") and k not in
                       ("unit", "world_average")):
        rows.append(_row(f"source:{fuel}", "energy-source", fuel.replace("_", " "), "", None,
                         per_source[fuel], per_source.get(f"{fuel}_source", ""), CODECARBON,
                         "carbon_intensity_per_source.json"))

    mix = json.loads((cc / "global_energy_mix.json").read_text("utf-8"))
    for iso3 in sorted(mix):
        e = mix[iso3]
        ci = e.get("carbon_intensity")
        if ci is None or ci == "":
            continue
        rows.append(_row(f"country:{iso3}", "country", e["country_name"], iso3, e.get("year"), ci,
                         "CodeCarbon codecarbon/data/private_infra/global_energy_mix.json",
                         CODECARBON, "global_energy_mix.json"))

    usa = json.loads((cc / "usa_emissions.json").read_text("utf-8"))
    unit = usa.pop("_unit", {}).get("emissions")
    if unit != "lbs/MWh":
        raise SystemExit(f"unexpected unit in usa_emissions.json: {unit}")
    for state in sorted(usa):
        e = usa[state]
        if e["regionCode"].lower() == "usa":  # the national average, not a state
            rows.append(_row("us-national-2016", "us-national", "United States (2016 average)",
                             "USA", 2016, float(e["emissions"]) * LBS_TO_KG,
                             "CodeCarbon codecarbon/data/private_infra/2016/usa_emissions.json "
                             "(lbs CO2/MWh, converted to g/kWh)", CODECARBON, "usa_emissions.json"))
            continue
        rows.append(_row(f"us-state:{e['regionCode']}", "us-state", state.title(), "USA", 2016,
                         float(e["emissions"]) * LBS_TO_KG,  # lbs/MWh -> kg/MWh = g/kWh
                         "CodeCarbon codecarbon/data/private_infra/2016/usa_emissions.json (lbs CO2/MWh, converted to g/kWh)",
                         CODECARBON, "usa_emissions.json"))

    seen_cloud: set[str] = set()
    with open(cc / "cloud_impact.csv", encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            key = f"cloud:{r['provider'].strip().lower()}:{r['region'].strip().lower()}"
            seen_cloud.add(key)
            name = f"{r['providerName']} {r['region']} ({r['city']}, {r['country_name']})"
            rows.append(_row(key, "cloud-region", name, r["countryIsoCode"], None, r["impact"],
                             r["source"], CODECARBON, "cloud_impact.csv"))
    with open(ml / "impact.csv", encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            key = f"cloud:{r['provider'].strip().lower()}:{r['region'].strip().lower()}"
            if key in seen_cloud or r["impact"].strip() == "":
                continue
            seen_cloud.add(key)
            where = ", ".join(x for x in (r["city"], r["state"], r["country"]) if x.strip())
            name = f"{r['providerName']} {r['region']} ({where})"
            rows.append(_row(key, "cloud-region", name, "", None, r["impact"], r["source"], MLCO2,
                             "impact.csv"))

    latest: dict[str, dict] = {}
    with open(ml / "2021-10-27yearly_averages.csv", encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            z = r["zone_key"].strip()
            if r["carbon_intensity_avg"].strip() == "":
                continue
            if z not in latest or int(r["year"]) > int(latest[z]["year"]):
                latest[z] = r
    for z in sorted(latest):
        r = latest[z]
        name = r["Zone Name"].strip() or r["Country"].strip()
        if r["Zone Name"].strip() and r["Country"].strip() and r["Country"].strip() != name:
            name = f"{name} ({r['Country'].strip()})"
        rows.append(_row(f"zone:{z}", "grid-zone", name, "", r["year"], r["carbon_intensity_avg"],
                         "electricityMap yearly average via ML CO2 Impact (Lacoste et al. 2019)",
                         MLCO2, "2021-10-27yearly_averages.csv"))

    keys = [r["key"] for r in rows]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        raise SystemExit(f"duplicate keys: {sorted(dup)}")
    for r in rows:
        v = float(r["gco2_per_kwh"])
        if not (0 <= v < 2000):
            raise SystemExit(f"implausible carbon intensity {v} for {r['key']}")
    return rows


def _largest(rows: list[dict], column: str) -> tuple[int, dict, float]:
    best = None
    for i, r in enumerate(rows, start=1):
        try:
            v = float((r.get(column) or "").replace(",", ""))
        except ValueError:
            continue
        if v == v and v > 0 and (best is None or v > best[2]):
            best = (i, r, v)
    if best is None:
        raise SystemExit(f"{EPOCH_MODELS}: no value in column {column!r}")
    return best


def build_context_rows(ref: Path, curation: Path) -> list[dict]:
    """The context values: the curated ones, then the largest runs of Epoch AI's data."""
    with open(curation / CONTEXT_NAME, encoding="utf-8", newline="") as fh:
        rows = [{k: r[k] for k in CONTEXT_COLUMNS} for r in csv.DictReader(fh)]
    for r in rows:
        if r["quantity"] not in CONTEXT_QUANTITIES or not float(r["value"]) > 0 \
                or not r["source"].strip() or not r["short_source"].strip() \
                or not r["year"].strip():
            raise SystemExit(f"curation/{CONTEXT_NAME}: bad row {r}")
    # cross-check the curated world electricity demand against CodeCarbon's per-country table
    mix = json.loads((ref / "codecarbon-data" / "global_energy_mix.json").read_text("utf-8"))
    total_kwh = sum(float(e.get("total_TWh") or 0) for e in mix.values()) * 1e9
    elec = next(float(r["value"]) for r in rows if r["key"] == "world_electricity")
    if not 0.9 < total_kwh / elec < 1.1:
        raise SystemExit(f"world electricity {elec:g} kWh disagrees with CodeCarbon's sum "
                         f"{total_kwh:g} kWh by more than 10%")
    csv.field_size_limit(1 << 30)
    with open(ref / EPOCH_MODELS, encoding="utf-8-sig", newline="") as fh:
        models = list(csv.DictReader(fh))
    for key, quantity, column, unit, what in (
            ("largest_training_run", "flops", "Training compute (FLOP)", "FLOP",
             "training compute of the largest training run"),
            ("costliest_training_run", "usd", "Training compute cost (2023 USD)", "USD (2023)",
             "estimated cost of the most expensive training run")):
        i, r, v = _largest(models, column)
        conf = (r.get("Confidence") or "").strip().lower()
        rows.append(dict(
            key=key, quantity=quantity, value=f"{v:.6g}", unit=unit,
            year=(r.get("Publication date") or "")[:4],
            label=f"{what} in Epoch AI's data ({r['Model'].strip()}"
                  + (f", {conf} estimate" if conf else "") + ")",
            short_source=f"Epoch AI Notable AI Models (2026-05-02 export), row {i}",
            source=f"{EPOCH_CREDIT} row {i} ({r['Model'].strip()}), column '{column}'",
            url="https://epoch.ai/data/notable_ai_models.csv"))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference-dir", type=Path, default=REPO.parent / "shared" / "reference-data")
    ap.add_argument("--out-dir", type=Path, default=DATA_DIR)
    ap.add_argument("--curation-dir", type=Path, default=REPO / "curation")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(REPO / "src"))
    from computelimits.datasets import update_manifest
    from computelimits.io import atomic_write_text

    rows = build_rows(args.reference_dir)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    atomic_write_text(args.out_dir / OUT_NAME, buf.getvalue())
    entry = update_manifest(args.out_dir, OUT_NAME, {
        "description": "Grid carbon intensity (gCO2e/kWh) per world, energy source, country, US "
                       "state, cloud region and electricityMap zone, for the hardware cost model",
        "licence": "MIT (CodeCarbon; ML CO2 Impact)",
        "attribution": "CodeCarbon (mlco2/codecarbon) and ML CO2 Impact (mlco2/impact, Lacoste "
                       "et al. 2019, arXiv:1910.09700); original sources per row",
        "sources": [f"{CODECARBON[1]} (codecarbon/data)", f"{MLCO2[1]} (data/*.csv)"],
        "builder": "scripts/build_carbon.py",
        "loader": "computelimits.costs.load_carbon_intensity",
        "columns": {
            "key": "lookup key: world, source:<fuel>, country:<ISO3>, us-national-2016, "
                   "us-state:<code>, cloud:<provider>:<region>, zone:<electricityMap zone>",
            "kind": "world | energy-source | country | us-national | us-state | cloud-region | "
                    "grid-zone",
            "name": "human-readable name",
            "country": "ISO 3166-1 alpha-3 code when known",
            "year": "data year when known",
            "gco2_per_kwh": "grid carbon intensity, grams CO2e per kWh",
            "source": "original source as given by the dataset",
            "dataset": "codecarbon | mlco2-impact",
            "dataset_file": "file in the dataset",
            "dataset_version": "repository and commit",
            "licence": "licence of the dataset",
        },
    })
    print(f"wrote {args.out_dir / OUT_NAME}: {entry['rows']} rows, sha256 {entry['sha256'][:12]}")
    write_context(args.reference_dir, args.curation_dir, args.out_dir)
    return 0


def write_context(ref: Path, curation: Path, out_dir: Path) -> dict:
    """Write ``cost_context.csv`` and its manifest entry; returns the entry."""
    from computelimits.datasets import update_manifest
    from computelimits.io import atomic_write_text

    rows = build_context_rows(ref, curation)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CONTEXT_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    atomic_write_text(out_dir / CONTEXT_NAME, buf.getvalue())
    entry = update_manifest(out_dir, CONTEXT_NAME, {
        "description": "Reference values a reader knows (world GDP, world electricity demand and "
                       "power-sector CO2 in a year, the largest and the most expensive training "
                       "run in Epoch AI's data), to put costs in context",
        "licence": "facts with their sources (curation/cost_context.csv: IMF, Ember); Epoch AI "
                   "rows CC BY 4.0",
        "attribution": "IMF World Economic Outlook 2023; Ember, Global Electricity Review 2024; "
                       "Epoch AI, Notable AI Models (CC BY 4.0); original source per row",
        "sources": [f"curation/{CONTEXT_NAME}", f"../shared/reference-data/{EPOCH_MODELS}",
                    f"{CODECARBON[1]} (global_energy_mix.json, cross-check only)"],
        "builder": "scripts/build_carbon.py",
        "loader": "computelimits.cost_context.load_cost_context",
        "columns": {
            "key": "identifier (world_gdp, world_electricity, world_power_co2, "
                   "largest_training_run, costliest_training_run)",
            "quantity": "the cost quantity it puts in context: flops, energy_kwh, co2_kg or usd",
            "value": "the reference value, in unit",
            "unit": "FLOP, kWh, kg CO2 or USD",
            "year": "year the value refers to",
            "label": "what it is, in words",
            "short_source": "the source in a few words, for printed output",
            "source": "document or file (and row) the value comes from",
            "url": "where to read it, when public",
        },
    })
    print(f"wrote {out_dir / CONTEXT_NAME}: {entry['rows']} rows, sha256 {entry['sha256'][:12]}")
    return entry


if __name__ == "__main__":
    raise SystemExit(main())
