"""``computelimits data``: list, show, validate, import epoch|pwc|timm."""

from __future__ import annotations

import json

import pandas as pd
import pytest

PWC_LONG = "pwc-eval-tables-2020/pwc2020_target_benchmarks_long.csv"
EPOCH_NOTABLE = "epoch-ai-models/notable_ai_models_2026-05-02.csv"
TIMM_RESULTS = "timm-imagenet-results/results-imagenet.csv"
TIMM_BENCH = "timm-imagenet-results/benchmark-infer-amp-nchw-pt291-cu128-4090.csv"


def _ok(result):
    assert result.exit_code == 0, (result.stdout, getattr(result, "stderr", ""))
    return result


def _err(result):
    try:
        return result.stderr
    except ValueError:  # pragma: no cover - old click mixing streams
        return result.output


def test_data_list_json(runner, cli_app):
    res = _ok(runner.invoke(cli_app, ["data", "list", "--json"]))
    rows = json.loads(res.stdout)
    assert [r["benchmark"] for r in rows][:3] == ["imagenet", "cifar10", "cifar100"]
    img = rows[0]
    assert img["paper_with_computation"] == 62 and img["paper_with_hardware_burden"] == 43
    assert img["with_computation"] >= 62
    for k in ("papers", "models", "with_computation", "with_hardware_burden", "with_all"):
        assert isinstance(img[k], int)


def test_data_list_table(runner, cli_app):
    res = _ok(runner.invoke(cli_app, ["data", "list"]))
    assert "imagenet" in res.stdout and "(62)" in res.stdout


def test_data_show(runner, cli_app):
    res = _ok(runner.invoke(cli_app, ["data", "show", "ILSVRC", "--json", "--limit", "3"]))
    rows = json.loads(res.stdout)
    assert len(rows) == 3 and {r["benchmark"] for r in rows} == {"imagenet"}
    assert rows[0]["year"] <= rows[-1]["year"]
    assert "metric_value_source" not in rows[0]
    res = _ok(runner.invoke(cli_app, ["data", "show", "swb-hub500", "--json", "--sources"]))
    assert "metric_value_source" in json.loads(res.stdout)[0]
    _ok(runner.invoke(cli_app, ["data", "show", "wmt14-en-de", "--limit", "2"]))


def test_data_show_unknown_benchmark(runner, cli_app):
    res = runner.invoke(cli_app, ["data", "show", "mnist"])
    assert res.exit_code == 2
    assert _err(res).startswith("error: unknown benchmark 'mnist'")


def test_data_validate(runner, cli_app, tmp_path):
    from computelimits.datasets import packaged_path

    good = tmp_path / "good.csv"
    good.write_bytes(packaged_path("models.csv").read_bytes())
    res = _ok(runner.invoke(cli_app, ["data", "validate", str(good), "--json"]))
    info = json.loads(res.stdout)
    assert info["valid"] and info["records"] > 1000
    bad = tmp_path / "bad.csv"
    bad.write_text("model,benchmark,date,metric_value,flops_per_pass\n"
                   "A,imagenet,2019-01-01,76.1,4e9\nB,imagenet,someday,150,-3\n")
    res = runner.invoke(cli_app, ["data", "validate", str(bad)])
    assert res.exit_code == 2
    first = _err(res).splitlines()[0]
    assert first.startswith("error: bad.csv, row 2, column")
    res = runner.invoke(cli_app, ["data", "validate", str(bad), "--json"])
    assert res.exit_code == 2
    out = json.loads(res.stdout)
    assert not out["valid"] and {p["column"] for p in out["problems"]} >= {"date", "flops_per_pass"}
    res = runner.invoke(cli_app, ["data", "validate", str(tmp_path / "none.csv")])
    assert res.exit_code == 2 and "no such file" in _err(res)


def test_import_pwc_writes_refuses_and_forces(runner, cli_app, reference_dir, tmp_path):
    out, dropped = tmp_path / "pwc.csv", tmp_path / "dropped.csv"
    args = ["data", "import", "pwc", str(reference_dir / PWC_LONG), "--out", str(out), "--dropped", str(dropped)]
    res = _ok(runner.invoke(cli_app, [*args, "--json"]))
    info = json.loads(res.stdout)
    assert info["records"] == 1048 and info["dropped"] == 194
    assert info["dropped_reasons"]["no paper date and no arXiv id"] == 160
    df = pd.read_csv(out)
    assert len(df) == 1048 and set(df["benchmark"]) >= {"imagenet", "swb-hub500"}
    assert len(pd.read_csv(dropped)) == 194
    res = runner.invoke(cli_app, args)
    assert res.exit_code == 2 and "exists; use --force" in _err(res)
    before = out.read_bytes()
    _ok(runner.invoke(cli_app, [*args, "--force"]))
    assert out.read_bytes() == before  # deterministic


def test_import_pwc_one_benchmark(runner, cli_app, reference_dir, tmp_path):
    out = tmp_path / "swb.csv"
    res = _ok(runner.invoke(cli_app, ["data", "import", "pwc", str(reference_dir / PWC_LONG),
                                      "--out", str(out), "-b", "Switchboard"]))
    assert "wrote" in res.stdout
    assert set(pd.read_csv(out)["benchmark"]) == {"swb-hub500"}


def test_import_epoch(runner, cli_app, reference_dir, tmp_path):
    out = tmp_path / "epoch.csv"
    res = _ok(runner.invoke(cli_app, ["data", "import", "epoch", str(reference_dir / EPOCH_NOTABLE),
                                      "--out", str(out), "--json"]))
    info = json.loads(res.stdout)
    assert info["records"] == 67 and info["per_benchmark"]["imagenet"] == 37
    df = pd.read_csv(out)
    assert df["metric_value"].isna().all()
    assert "hardware_source" in df.columns


def test_import_timm(runner, cli_app, reference_dir, tmp_path):
    out = tmp_path / "timm.csv"
    res = _ok(runner.invoke(cli_app, ["data", "import", "timm", str(reference_dir / TIMM_RESULTS),
                                      str(reference_dir / TIMM_BENCH), "--out", str(out)]))
    assert "dropped" in res.stdout and "no paper mapping" in res.stdout
    df = pd.read_csv(out)
    assert (df["flops_unit"] == "GMAC").all() and set(df["metric"]) == {"top1", "top5"}
    _ok(runner.invoke(cli_app, ["data", "validate", str(out)]))
    cpu = reference_dir / "timm-imagenet-results/benchmark-infer-fp32-nchw-pt221-cpu-i9_10940x-dynamo.csv"
    res = runner.invoke(cli_app, ["data", "import", "timm", str(reference_dir / TIMM_RESULTS), str(cpu),
                                  "--out", str(tmp_path / "x.csv")])
    assert res.exit_code == 2 and "infer_gmacs" in _err(res)
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("argv", [["data"], ["data", "import"]])
def test_help_without_arguments(runner, cli_app, argv):
    res = runner.invoke(cli_app, argv)
    assert res.exit_code in (0, 2)
    assert "Usage" in (res.stdout + _err(res))
