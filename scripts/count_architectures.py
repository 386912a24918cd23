#!/usr/bin/env python
"""Count the per-pass computation of the architectures in :mod:`computelimits.architectures` and
write ``curation/counted_flops.csv`` (read by ``scripts/build_dataset.py``, which needs no PyTorch).

One row per dataset record that uses a counted architecture (``COUNTED_RECORDS``): the forward
FLOPs per token at the benchmark's documented length (``TEXT_DEFINITION``), the configuration, and
where its hyper-parameters are stated. Deterministic: the counts depend only on the shapes.

Usage::

    python scripts/count_architectures.py          # count (about a minute on a CPU) and write
    python scripts/count_architectures.py --check  # exit 1 if the file differs from a fresh count
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "curation" / "counted_flops.csv"
COLUMNS = ("benchmark", "arxiv_id", "model", "architecture", "flops_per_pass", "unit", "per", "configuration",
           "config_citation", "config_quote", "why_this_architecture", "params_counted")


def rows() -> list[dict]:
    """The CSV rows, counted now."""
    from computelimits.architectures import COUNTED_RECORDS, count_architecture, get_architecture

    counts: dict = {}
    out = []
    for bench, arxiv, model, name, why in COUNTED_RECORDS:
        if name not in counts:
            counts[name] = count_architecture(name)
        c = counts[name]
        a = get_architecture(name)
        out.append({"benchmark": bench, "arxiv_id": arxiv, "model": model, "architecture": name,
                    "flops_per_pass": f"{c.flops_per_token:.6g}", "unit": "FLOP", "per": a.per,
                    "configuration": a.describe(), "config_citation": a.citation, "config_quote": a.quote,
                    "why_this_architecture": why, "params_counted": str(c.params)})
    return out


def to_csv(rs: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in rs:
        w.writerow(r)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the file differs from a fresh count")
    args = ap.parse_args(argv)
    text = to_csv(rows())
    if args.check:
        same = OUT.is_file() and OUT.read_text("utf-8") == text
        print("up to date" if same else f"stale: {OUT}; run scripts/count_architectures.py", file=sys.stderr)
        return 0 if same else 1
    from computelimits.io import atomic_write_text

    atomic_write_text(OUT, text)
    print(f"wrote {OUT}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
