"""The importers and ``data import`` on small real extracts shipped with the tests
(tests/fixtures/): they run on every checkout, with or without ../shared/ (issue 16 item 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from computelimits.importers import import_epoch, import_pwc, import_timm
from computelimits.schema import all_columns, validate_records


def test_epoch_extract(fixtures_dir):
    records, dropped = import_epoch(fixtures_dir / "epoch_notable_extract.csv")
    assert records.groupby("benchmark").size().to_dict() == {"cifar10": 1, "imagenet": 6,
                                                            "squad11": 3, "wmt14-en-de": 3}
    reasons = dropped["reason"].str.replace(r":.*", "", regex=True).value_counts().to_dict()
    assert reasons["no benchmark's training data named in 'Training dataset'"] == 5
    assert len(dropped) == 17 and list(records.columns) == all_columns()
    assert records["metric_value"].isna().all() and records["date_source"].notna().all()


def test_pwc_extract(fixtures_dir):
    records, dropped = import_pwc(fixtures_dir / "pwc2020_long_extract.csv")
    assert records.groupby(["benchmark", "metric"]).size().to_dict() == {
        ("coco", "box_ap"): 3, ("conll2003", "f1"): 10, ("imagenet", "top1"): 15,
        ("imagenet", "top5"): 12, ("swb-hub500", "wer"): 9}
    assert len(dropped) == 4
    out = validate_records(records.dropna(subset=["metric_value"]), require_compute=False)
    assert out["error"].between(0, 1, inclusive="neither").all()


def test_timm_extract(fixtures_dir):
    records, _ = import_timm(fixtures_dir / "timm_results_extract.csv",
                             fixtures_dir / "timm_benchmark_extract.csv")
    assert records.groupby("metric").size().to_dict() == {"top1": 22, "top5": 22}
    assert (records["flops_unit"] == "GMAC").all()
    out = validate_records(records)
    assert (out["flops_unit_source"] == "mac").all()


@pytest.mark.parametrize("command", [
    ["epoch", "epoch_notable_extract.csv"],
    ["pwc", "pwc2020_long_extract.csv"],
    ["timm", "timm_results_extract.csv", "timm_benchmark_extract.csv"],
])
def test_data_import_cli_on_extracts(runner, cli_app, fixtures_dir, tmp_path, command):
    out = tmp_path / "records.csv"
    args = ["data", "import", command[0], *(str(fixtures_dir / f) for f in command[1:]),
            "--out", str(out), "--json"]
    res = runner.invoke(cli_app, args)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["records"] == len(pd.read_csv(out)) > 0
    res = runner.invoke(cli_app, args)
    assert res.exit_code == 2 and "use --force" in res.stderr


def test_ci_fails_loudly_without_reference_data(tmp_path):
    # with CI set and no ../shared/, a test needing the reference data fails instead of skipping
    test = tmp_path / "test_needs_reference.py"
    test.write_text("def test_it(reference_dir):\n    assert reference_dir.is_dir()\n")
    (tmp_path / "conftest.py").write_text(
        (Path(__file__).parent / "conftest.py").read_text())
    env = dict(os.environ, CI="true", COMPUTELIMITS_SHARED=str(tmp_path / "nowhere"))
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 1 and "reference data not found" in r.stdout
    env["CI"] = ""
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0 and "1 skipped" in r.stdout
