"""Benchmark of records validation: ``read_records`` vs ``pandas.read_csv`` of the same file.

Writes a records CSV of ``--rows`` rows (default 10^6) that looks like a user's table: every
benchmark of the registry (ids and aliases), dates, arXiv ids of a few thousand papers, scores,
per-pass computation in FLOP, GFLOP and GMAC, and for a third of the rows training hardware (chip
names and multi-chip units), chip counts and times, so that every rule and every derivation runs.
Then, each in a fresh process (so that peak memory is its own), it times

* ``pandas.read_csv(path, dtype=str, keep_default_na=False)``: reading the text, the floor;
* ``computelimits.schema.read_records(path)``: the same read, every column-wise rule, every
  derived column;

and prints wall and CPU seconds (CPU time is the steadier figure on a shared machine), peak
resident memory above the interpreter with its imports (Linux: the
``VmHWM`` of ``/proc/self/status``, reset before the clock starts), and the ratios.
The issue's targets: 10^6 rows in <= 5 s and <= 500 MB.

Usage::

    python benchmarks/bench_validation.py                 # 10^6 rows
    python benchmarks/bench_validation.py --rows 200000 --json bench.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r"""
import json, sys, time
import pandas as pd
import computelimits.schema as schema
import computelimits.hardware, computelimits.benchmarks, computelimits.burden
computelimits.hardware.resolve_hardware_unit("V100")  # tables loaded before the clock starts
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
with open("/proc/self/clear_refs", "w") as fh:  # peak resident memory from here on
    fh.write("5")
base = status("VmRSS")
t0, c0 = time.perf_counter(), time.process_time()
if sys.argv[1] == "read_csv":
    df = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
else:
    df = schema.read_records(sys.argv[2])
sec, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = status("VmHWM")
print(json.dumps({"seconds": sec, "cpu_seconds": cpu, "peak_mb": peak - base, "rows": len(df),
                  "burden_rows": int(df["hardware_burden_flops"].notna().sum())
                  if "hardware_burden_flops" in df and df["hardware_burden_flops"].dtype != object
                  else None}))
"""


def write_csv(path: Path, rows: int, seed: int = 0) -> None:
    """A records CSV of ``rows`` rows (see the module docstring)."""
    import numpy as np
    import pandas as pd

    from computelimits.benchmarks import get_benchmark, list_benchmarks

    rng = np.random.default_rng(seed)
    ids = list(list_benchmarks()["benchmark"])
    names = {b: [b, *get_benchmark(b).aliases[:1]] for b in ids}
    b = rng.integers(0, len(ids), rows)
    bench = np.array([names[ids[k]][j % len(names[ids[k]])] for j, k in enumerate(b[:1000])]
                     * (rows // 1000 + 1), dtype=object)[:rows]
    bid = np.array([ids[k] for k in b[:1000]] * (rows // 1000 + 1), dtype=object)[:rows]
    scale = np.array([get_benchmark(x).metric_scale for x in ids])
    kind = np.array([get_benchmark(x).error_rule for x in ids])
    k = np.array([ids.index(x) for x in bid])
    # a score well inside the scale: 20%-90% of it (error rules of every kind stay in (0, 1))
    mv = np.round(scale[k] * rng.uniform(0.2, 0.9, rows), 2)
    del kind
    year = rng.integers(2012, 2025, rows)
    month = rng.integers(1, 13, rows)
    day = rng.integers(1, 29, rows)
    date = pd.Series([f"{y}-{m:02d}-{d:02d}" for y, m, d in zip(year, month, day, strict=True)])
    papers = [f"{yy:02d}{mm:02d}.{n:05d}" for yy, mm, n in
              zip(rng.integers(15, 24, 3000), rng.integers(1, 13, 3000), rng.integers(1, 99999, 3000),
                  strict=True)]
    arxiv = np.array(papers, dtype=object)[rng.integers(0, len(papers), rows)]
    has_arxiv = rng.random(rows) < 0.5
    units = np.array(["FLOP", "GFLOP", "GMAC", "MAC"], dtype=object)[rng.integers(0, 4, rows)]
    scale_u = {"FLOP": 1e9, "GFLOP": 1.0, "GMAC": 0.5, "MAC": 5e8}
    flops = np.round(rng.uniform(0.5, 50, rows), 3) * np.array([scale_u[u] for u in units])
    chips = np.array(["V100", "NVIDIA P100", "A100", "TPU v3 Pod", "Cloud TPU v3", "K80"],
                     dtype=object)
    hw = chips[rng.integers(0, len(chips), rows)]
    has_hw = rng.random(rows) < 1 / 3
    df = pd.DataFrame({
        "model": [f"model-{i}" for i in range(rows)],
        "benchmark": bench,
        "date": np.where(has_arxiv, "", date),
        "arxiv_id": np.where(has_arxiv, arxiv, ""),
        "metric_value": mv,
        "flops_per_pass": flops,
        "flops_unit": units,
        "params": np.round(rng.uniform(1e6, 1e9, rows), 0),
        "hardware": np.where(has_hw, hw, ""),
        "hardware_count": np.where(has_hw, rng.integers(1, 64, rows).astype(str), ""),
        "training_time_s": np.where(has_hw, (rng.integers(1, 500, rows) * 3600).astype(str), ""),
    })
    df.to_csv(path, index=False)


def run_child(what: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, what, str(path)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None, help="Also write the numbers here.")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.csv"
        write_csv(path, args.rows, args.seed)
        size_mb = path.stat().st_size / 2**20
        base = run_child("read_csv", path)
        ours = run_child("read_records", path)
    res = {"rows": args.rows, "file_mb": round(size_mb, 1), "read_csv": base, "read_records": ours,
           "time_ratio": ours["seconds"] / base["seconds"],
           "cpu_ratio": ours["cpu_seconds"] / base["cpu_seconds"],
           "memory_ratio": ours["peak_mb"] / max(base["peak_mb"], 1e-9)}
    print(f"{args.rows:,} rows, {size_mb:.0f} MB CSV")
    print("                         wall      CPU       peak memory")
    print(f"  pandas.read_csv        {base['seconds']:6.2f} s  {base['cpu_seconds']:6.2f} s  "
          f"{base['peak_mb']:7.0f} MB")
    print(f"  schema.read_records    {ours['seconds']:6.2f} s  {ours['cpu_seconds']:6.2f} s  "
          f"{ours['peak_mb']:7.0f} MB   ({ours['burden_rows']:,} burdens derived)")
    print(f"  ratio                  {res['time_ratio']:6.2f} x  {res['cpu_ratio']:6.2f} x  "
          f"{res['memory_ratio']:7.2f} x")
    print(f"  per row                {ours['seconds'] / args.rows * 1e6:7.2f} us wall, "
          f"{ours['cpu_seconds'] / args.rows * 1e6:.2f} us CPU")
    if args.rows == 1_000_000:
        ok = lambda good: "met" if good else "NOT met"  # noqa: E731
        print(f"  target (10^6 rows)     <= 5 s: {ok(ours['cpu_seconds'] <= 5)} on CPU time, "
              f"{ok(ours['seconds'] <= 5)} on wall time; <= 500 MB: {ok(ours['peak_mb'] <= 500)}")
    res["targets"] = {"cpu_seconds_le_5": ours["cpu_seconds"] <= 5, "seconds_le_5": ours["seconds"] <= 5,
                      "peak_mb_le_500": ours["peak_mb"] <= 500}
    if args.json is not None:
        args.json.write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
