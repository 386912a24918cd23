"""Figure 2a for every install: a wheel built from this checkout, installed into a bare folder
and run from an empty working directory (no ``../shared``, no source tree on the path), draws
Figure 2a from the Epoch AI extract shipped inside the package and records it in the manifest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    wheels, target = tmp / "wheels", tmp / "site"
    import importlib.util

    # build with the installed setuptools when there is one (fast, offline); else let pip
    # fetch the build backend as a user's pip would
    isolation = ([] if importlib.util.find_spec("setuptools") is None
                 or importlib.util.find_spec("wheel") is None else ["--no-build-isolation"])
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q",
         "-w", str(wheels), str(REPO)], capture_output=True, text=True, cwd=tmp)
    if build.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{build.stderr[-2000:]}")
    wheel = next(wheels.glob("computelimits-*.whl"))
    inst = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)], capture_output=True, text=True, cwd=tmp)
    assert inst.returncode == 0, inst.stderr[-2000:]
    return target, wheel


def test_wheel_ships_the_extract_and_draws_figure2a(installed, tmp_path):
    target, wheel = installed
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "computelimits/data/epoch_training_compute.csv" in names
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("COMPUTELIMITS_") and k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)   # the installed wheel only, not this checkout's src/
    env["MPLBACKEND"] = "Agg"
    code = ("import computelimits, json, sys\n"
            "from computelimits.report import reproduce\n"
            "res = reproduce('out', stages=['figure2'])\n"
            "print(json.dumps({'file': computelimits.__file__, 'ok': res.ok}))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=run_dir, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    assert info["ok"] and info["file"].startswith(str(target))
    out = run_dir / "out"
    assert (out / "figures" / "figure2a.png").stat().st_size > 10_000
    m = json.loads((out / "manifest.json").read_text())
    e = m["inputs"]["epoch_models"]
    assert e["origin"] == "bundled" and e["file"] == "epoch_training_compute.csv"
    assert e["sha256"] == json.loads((target / "computelimits" / "data" / "manifest.json")
                                     .read_text())["files"]["epoch_training_compute.csv"]["sha256"]
    assert m["figure_inputs"]["figure2a"] == ["epoch_training_compute.csv", "hardware.csv"]
    assert "Figure 2a is not drawn" not in (out / "report.md").read_text()
