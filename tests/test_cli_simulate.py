"""``computelimits simulate``: JSON, outputs, and one-line errors with exit status 2."""

from __future__ import annotations

import json

import pytest

SMALL = ["--sims", "4", "--d", "20", "--s", "3", "--n", "10,15,30,60", "--no-progress"]


def test_simulate_json(runner, cli_app):
    r = runner.invoke(cli_app, ["simulate", *SMALL, "--json", "--seed", "3"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["settings"]["sims"] == 4 and data["settings"]["d"] == 20
    assert data["settings"]["n"] == [10, 15, 30, 60]
    assert set(data["curves"]) == {"oracle", "expert", "flexible", "regularized"}
    for curve in data["curves"].values():
        assert set(curve) >= {"n", "performance_mean", "performance_ci", "flops_mean"}
        assert len(curve["performance_ci"]) == 4 and len(curve["performance_ci"][0]) == 2
    cr = data["crossings"]
    assert cr["reference_n"] == 15
    assert {"expert", "flexible", "regularized"} <= set(cr)
    # with d = 20 and n <= 60 the flexible model cannot match the oracle at 15: null
    assert cr["flexible"] is None
    again = runner.invoke(cli_app, ["simulate", *SMALL, "--json", "--seed", "3"])
    assert json.loads(again.stdout)["curves"] == data["curves"]


def test_simulate_precision_option_agrees(runner, cli_app):
    # mixed precision (float32 Gram + float64 refinement) and plain float64 agree to 1e-8
    runs = {}
    for prec in ("mixed", "float64"):
        r = runner.invoke(cli_app, ["simulate", *SMALL, "--json", "--precision", prec])
        assert r.exit_code == 0, r.output
        runs[prec] = json.loads(r.stdout)["curves"]
    for model, curve in runs["mixed"].items():
        ref = runs["float64"][model]["performance_mean"]
        assert curve["performance_mean"] == pytest.approx(ref, abs=1e-8)


def test_simulate_text_and_backend(runner, cli_app):
    r = runner.invoke(cli_app, ["simulate", *SMALL, "--backend", "processes", "--workers", "2",
                                "--penalty", "fixed", "--penalty-value", "0.2"])
    assert r.exit_code == 0, r.output
    assert "matches the oracle at n = 15" in r.stdout
    assert "processes" in r.stdout


def test_simulate_writes_outputs(runner, cli_app, tmp_path):
    out = tmp_path / "fig1"
    r = runner.invoke(cli_app, ["simulate", *SMALL, "--out", str(out)])
    assert r.exit_code == 0, r.output
    names = {p.name for p in out.iterdir()}
    assert names == {"simulation.csv", "crossings.csv", "simulation.json", "replications.npz",
                     "figure1a.png", "figure1b.png", ".computelimits-files.json"}  # + what we wrote
    assert (out / "figure1a.png").read_bytes()[:4] == b"\x89PNG"
    r2 = runner.invoke(cli_app, ["simulate", *SMALL, "--out", str(out)])
    assert r2.exit_code == 2 and "--force" in r2.stderr
    r3 = runner.invoke(cli_app, ["simulate", *SMALL, "--out", str(out), "--force"])
    assert r3.exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--s", "30", "--d", "20"], "s must be smaller than d"),
        (["--n", "0,10"], "n must be >= 1"),
        (["--n", "10,-3"], "n must be >= 1"),
        (["--n", "10,abc"], "not a number"),
        (["--sims", "0"], "sims must be >= 1"),
        (["--sims", "-2"], "sims must be >= 1"),
        (["--penalty", "ridge"], "unknown penalty rule"),
        (["--penalty", "fixed"], "needs a value"),
        (["--sigma", "0"], "sigma must be"),
        (["--backend", "spark"], "unknown backend"),
        (["--workers", "0", "--backend", "processes"], "workers must be"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "needs the dask backend"),
        (["--average", "median"], "unknown average"),
        (["--precision", "half"], "unknown precision"),
    ],
)
def test_bad_settings_exit_2_with_one_line(runner, cli_app, args, message):
    base = ["simulate", "--sims", "2", "--d", "20", "--s", "3", "--n", "10,15", "--no-progress"]
    r = runner.invoke(cli_app, base + args)
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
    assert "Traceback" not in r.output
