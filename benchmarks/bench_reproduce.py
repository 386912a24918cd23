"""Benchmark of ``computelimits reproduce``: time per stage of the default run against the
25-second target on a 2-core machine, and the figure writing (half the run before) side by side:
the previous approach against the current one, in one session.

Each run is the real command in a fresh process (``computelimits reproduce --json`` into a
temporary folder), so interpreter start-up and imports count, as they do for a user. The table
gives, per stage, the seconds of each run and its share of the total; the last lines set the
wall time of the whole command beside the target (ratio = wall / target) and, with
``--paper-sims``, beside a paper-scale run (1000 simulations) made in the same session.
Nothing is asserted: speed is judged here, not in the test suite.

``--compare-render`` (on by default) draws the report's figures three times in this process and
writes them (1) the previous way: one after the other, PNG (150 dpi) and SVG each with a "tight"
bounding box (an extra draw per file); (2) the current way in one process (layout engine, no
tight box, SVG with a tooltip per point); (3) the current way in parallel worker processes
(:func:`computelimits.report.figure_files.write_figures`). On a shared machine absolute seconds
drift with the load; compare the ratios printed beside them, measured minutes apart.

Usage::

    python benchmarks/bench_reproduce.py                       # the default run, once
    python benchmarks/bench_reproduce.py --repeat 3            # three runs side by side
    taskset -c 0,1 python benchmarks/bench_reproduce.py        # emulate a 2-core machine
    python benchmarks/bench_reproduce.py --paper-sims 1000     # also the paper-scale run
    python benchmarks/bench_reproduce.py --json bench_reproduce.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 25.0


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_once(sims: int | None, bootstrap: int | None, seed: int) -> dict:
    """One ``computelimits reproduce`` in a subprocess; wall time and the stage seconds."""
    exe = shutil.which("computelimits", path=str(Path(sys.executable).parent)) \
        or shutil.which("computelimits")
    cmd = [exe] if exe else [sys.executable, "-c",
                            "from computelimits.cli import app; app()"]
    tmp = Path(tempfile.mkdtemp(prefix="bench-reproduce-"))
    args = ["reproduce", "--out", str(tmp / "report"), "--json", "--seed", str(seed)]
    if sims is not None:
        args += ["--sims", str(sims)]
    if bootstrap is not None:
        args += ["--bootstrap", str(bootstrap)]
    env = dict(os.environ, MPLBACKEND="Agg")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd + args, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    try:
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"reproduce exited {proc.returncode}: {proc.stderr.strip()}")
        out = json.loads(proc.stdout)
        manifest = json.loads((tmp / "report" / "manifest.json").read_text())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"wall_s": wall, "stage_seconds": out["stage_seconds"],
            "failed_stages": out["failed_stages"], "settings": manifest["settings"],
            "reported_total_s": manifest["total_seconds"]}


def _previous_write(sections, fig_dir: Path) -> None:
    """The figure writing ``reproduce`` did before (kept here as the baseline): serial, PNG and
    SVG each with ``bbox_inches="tight"``."""
    import io

    import matplotlib.pyplot as plt

    fig_dir.mkdir(parents=True, exist_ok=True)
    for s in sections:
        for f in s.figures:
            buf = io.BytesIO()
            f.figure.savefig(buf, format="png", dpi=150, bbox_inches="tight")
            (fig_dir / f"{f.name}.png").write_bytes(buf.getvalue())
            buf = io.BytesIO()
            f.figure.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
            (fig_dir / f"{f.name}.svg").write_bytes(buf.getvalue())
            plt.close(f.figure)


def compare_render(seed: int) -> dict:
    """Seconds to write the report's figures: previous approach, current serial, current
    parallel (figures drawn afresh for each, from the same stages)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from computelimits.report import STAGES
    from computelimits.report.figure_files import render_processes, write_figures
    from computelimits.report.pipeline import ReportContext, ReportSettings

    def sections():
        ctx = ReportContext(ReportSettings(sims=5, bootstrap=50, seed=seed))
        return [STAGES.get(n)(ctx) for n in STAGES.names()]

    n = render_processes()
    out = {"processes": n}
    tmp = Path(tempfile.mkdtemp(prefix="bench-render-"))
    try:
        for label, write in (("previous", lambda secs, d: _previous_write(secs, d)),
                             ("current, 1 process", lambda secs, d: write_figures(
                                 secs, d, processes=1)),
                             (f"current, {n} processes", lambda secs, d: write_figures(
                                 secs, d, processes=n))):
            secs = sections()
            t0 = time.perf_counter()
            write(secs, tmp / label.replace(" ", "_").replace(",", ""))
            out[label] = time.perf_counter() - t0
            out["figures"] = sum(len(s.figures) for s in secs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _table(runs: list[dict], labels: list[str]) -> str:
    stages = list(dict.fromkeys(k for r in runs for k in r["stage_seconds"]))
    w = max(12, *(len(s) for s in stages))
    head = f"{'stage':<{w}}" + "".join(f"{lab:>14}{'share':>8}" for lab in labels)
    lines = [head, "-" * len(head)]
    for s in stages:
        row = f"{s:<{w}}"
        for r in runs:
            v = r["stage_seconds"].get(s)
            tot = sum(r["stage_seconds"].values())
            row += (f"{v:>13.1f}s{v / tot:>8.0%}" if v is not None else f"{'-':>14}{'':>8}")
        lines.append(row)
    lines.append("-" * len(head))
    lines.append(f"{'stages total':<{w}}" + "".join(
        f"{sum(r['stage_seconds'].values()):>13.1f}s{'':>8}" for r in runs))
    lines.append(f"{'command wall':<{w}}" + "".join(f"{r['wall_s']:>13.1f}s{'':>8}" for r in runs))
    lines.append(f"{'wall / target':<{w}}" + "".join(
        f"{r['wall_s'] / TARGET_S:>14.2f}{'':>8}" for r in runs))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=1, help="default runs to time (default 1)")
    ap.add_argument("--sims", type=int, default=None, help="override --sims (default: the CLI's)")
    ap.add_argument("--bootstrap", type=int, default=None, help="override --bootstrap")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--paper-sims", type=int, default=0,
                    help="also time a run with this many simulations (1000 = paper scale)")
    ap.add_argument("--json", type=Path, default=None, help="write the results as JSON here")
    ap.add_argument("--no-compare-render", dest="compare_render", action="store_false",
                    help="skip the side-by-side timing of the figure writing")
    a = ap.parse_args(argv)

    print(f"computelimits reproduce benchmark: {_cores()} core(s) available, "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"target {TARGET_S:.0f} s for the default run on 2 cores")
    if _cores() != 2:
        print("note: not a 2-core run; pin with `taskset -c 0,1` to compare with the target")
    runs, labels = [], []
    for i in range(max(1, a.repeat)):
        runs.append(run_once(a.sims, a.bootstrap, a.seed))
        labels.append(f"default #{i + 1}" if a.repeat > 1 else "default")
    if a.paper_sims:
        runs.append(run_once(a.paper_sims, a.bootstrap, a.seed))
        labels.append(f"sims={a.paper_sims}")
    s = runs[0]["settings"]
    print(f"settings of the default run: sims={s['sims']}, bootstrap={s['bootstrap']}, "
          f"seed={s['seed']}\n")
    print(_table(runs, labels))
    default = [r["wall_s"] for r, lab in zip(runs, labels, strict=True)
               if lab.startswith("default")]
    best = min(default)
    verdict = "within" if best <= TARGET_S else "OVER"
    print(f"\nfastest default run: {best:.1f} s = {best / TARGET_S:.2f} x the {TARGET_S:.0f} s "
          f"target ({verdict} target)")
    if a.paper_sims:
        print(f"paper-scale run ({a.paper_sims} simulations): {runs[-1]['wall_s']:.1f} s = "
              f"{runs[-1]['wall_s'] / best:.1f} x the default run")
    for r in runs:
        if r["failed_stages"]:
            print(f"warning: failed stages {r['failed_stages']}")
    render = None
    if a.compare_render:
        render = compare_render(a.seed)
        base = render["previous"]
        print(f"\nwriting the {render['figures']} figures (PNG + SVG), same session:")
        for k, v in render.items():
            if k in ("processes", "figures"):
                continue
            print(f"  {k:<24}{v:>8.1f} s   {v / base:>5.2f} x the previous approach")
        print("  (a shared machine: read the ratios; the seconds drift with other users' load)")
    if a.json:
        a.json.write_text(json.dumps({"cores": _cores(), "target_s": TARGET_S, "labels": labels,
                                      "runs": runs, "render": render}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
