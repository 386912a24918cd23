"""CLI start-up: the commands people type often, against ``python -c "import pandas"``.

Runs the reference (``python -c "import pandas"``) and every command side by side, alternating
them ``--repeats`` times in one run (same machine load), and prints the median wall time of each
and its ratio to the reference. The target (issue: a one-second CLI) is a ratio <= 3 for every
command listed here. Each command runs in a fresh interpreter, as a user's shell would start it.

Usage::

    python benchmarks/bench_cli_startup.py --repeats 7
    python benchmarks/bench_cli_startup.py --src ../other-checkout/src   # another version
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (label, arguments after ``computelimits``)
COMMANDS: list[tuple[str, list[str]]] = [
    ("fit", ["fit", "-b", "imagenet", "--json"]),
    ("place", ["place", "-b", "imagenet", "--metric-value", "76.1", "--flops", "4.1",
               "--flops-unit", "GMAC", "--json"]),
    ("project", ["project", "-b", "imagenet", "-t", "5%", "--json"]),
    ("data show", ["data", "show", "imagenet", "--limit", "5", "--json"]),
    ("data list", ["data", "list", "--json"]),
    ("hardware show", ["hardware", "show", "V100", "--json"]),
    ("burden", ["burden", "--hardware", "P100", "--count", "8", "--hours", "84", "--json"]),
    ("cost", ["cost", "--flops", "1e23", "--json"]),
]


def _run(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5, help="runs of each command (median taken)")
    ap.add_argument("--target", type=float, default=3.0, help="ratio to meet")
    ap.add_argument("--src", type=Path, default=ROOT / "src",
                    help="source tree of the version to time (default: this checkout's src/)")
    args = ap.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(args.src.resolve()) + os.pathsep + env.get("PYTHONPATH", "")
    py = sys.executable
    ref_argv = [py, "-c", "import pandas"]
    cli = [py, "-c", "from computelimits.cli import main; main()"]
    times: dict[str, list[float]] = {"import pandas": []}
    for label, _ in COMMANDS:
        times[label] = []
    for _ in range(args.repeats):  # alternate: every command sees the same load
        times["import pandas"].append(_run(ref_argv, env))
        for label, argv in COMMANDS:
            times[label].append(_run(cli + argv, env))
    ref = statistics.median(times["import pandas"])
    print(f"{'command':<16}{'median s':>10}{'ratio':>8}  target <= {args.target:g}x")
    print(f"{'import pandas':<16}{ref:>10.3f}{1.0:>8.2f}")
    worst = 0.0
    for label, _ in COMMANDS:
        m = statistics.median(times[label])
        worst = max(worst, m / ref)
        flag = "" if m / ref <= args.target else "  over target"
        print(f"{label:<16}{m:>10.3f}{m / ref:>8.2f}{flag}")
    print(f"worst ratio {worst:.2f} ({args.repeats} runs each, medians)")


if __name__ == "__main__":
    main()
