#!/usr/bin/env python3
"""Build ``src/computelimits/data/epoch_training_compute.csv``: the extract of Epoch AI's notable
models table that Figure 2a needs.

Figure 2a (section 3.1, redone with current data) plots the training compute of notable models
against their publication date. Epoch AI's table has 47 columns and ~1,000 rows; the package ships
only the rows with a publication date and a positive training compute, and only the columns the
figure and its filters use, under Epoch's own header names, so that
:func:`computelimits.fitting.load_epoch_training_compute` reads the extract and a newer full export
alike (``computelimits reproduce --epoch-models FILE``).

Input (read only): ``<reference-dir>/epoch-ai-models/notable_ai_models_2026-05-02.csv``, Epoch AI,
"Data on Notable AI Models", CC BY 4.0 (credit: Epoch AI). Rows keep Epoch's order; the output is
byte-stable for a given input.

Usage::

    python scripts/build_epoch_extract.py [--reference-dir ../shared/reference-data]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "src" / "computelimits" / "data"
OUT_NAME = "epoch_training_compute.csv"
SOURCE = "epoch-ai-models/notable_ai_models_2026-05-02.csv"
#: Epoch's header names, kept as they are (the loader maps them).
COLUMNS = {
    "Model": "model name as Epoch AI gives it",
    "Organization": "developer(s)",
    "Publication date": "publication date (ISO day)",
    "Domain": "Epoch AI's domain label(s), comma separated",
    "Training compute (FLOP)": "total training compute, FLOP (not per pass)",
    "Confidence": "Epoch AI's confidence in the training compute estimate",
}
LICENCE = "CC BY 4.0"
ATTRIBUTION = ("Epoch AI, 'Data on Notable AI Models' (epoch.ai/data/notable_ai_models.csv, "
               "retrieved 2026-05-02), CC BY 4.0; credit: Epoch AI")


def _positive(v: str) -> bool:
    try:
        return float(v.replace(",", "")) > 0
    except ValueError:
        return False


def build_rows(source: Path) -> list[dict[str, str]]:
    with source.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{source}: missing columns {missing}")
        return [{c: row[c].strip() for c in COLUMNS} for row in reader
                if row["Publication date"].strip() and _positive(row["Training compute (FLOP)"])]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference-dir", type=Path, default=REPO.parent / "shared" / "reference-data")
    ap.add_argument("--out-dir", type=Path, default=DATA_DIR)
    args = ap.parse_args(argv)
    source = args.reference_dir / SOURCE
    if not source.is_file():
        print(f"error: {source}: no such file", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO / "src"))
    from computelimits.datasets import update_manifest
    from computelimits.io import atomic_write_text

    rows = build_rows(source)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    atomic_write_text(args.out_dir / OUT_NAME, buf.getvalue())
    entry = update_manifest(args.out_dir, OUT_NAME, {
        "description": "Training compute and publication date of Epoch AI's notable models with "
                       "a known training compute: the data of Figure 2a",
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "sources": [f"{SOURCE} (sha256 {hashlib.sha256(source.read_bytes()).hexdigest()})"],
        "builder": "scripts/build_epoch_extract.py",
        "loader": "computelimits.fitting.load_epoch_training_compute",
        "columns": COLUMNS,
    })
    print(f"wrote {args.out_dir / OUT_NAME}: {entry['rows']} rows, sha256 {entry['sha256'][:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
