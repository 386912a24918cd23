"""Epoch Benchmarking Hub importer, compute-note parser, snapshot diff and the modern build.

Tests on synthetic files and real note texts run anywhere; those on the real hub snapshots and
the build need ../shared/reference-data and skip without it.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pandas as pd
import pytest

from computelimits.datasets import packaged_path
from computelimits.errors import DataValidationError
from computelimits.importers.compute_notes import parse_compute_note, parse_note_number
from computelimits.importers.epoch_hub import (
    diff_snapshots,
    import_epoch_hub,
    normalize_shots,
    read_hub_file,
    split_inference_setting,
)

HUB = "epoch-benchmarking-hub"
REPO = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------------------------
# the note parser, on notes as Epoch wrote them
# ------------------------------------------------------------------------------------------------
def test_note_confidence_intervals():
    e = parse_compute_note("90% CI: 8.2E+24 to 4.4E+25\n\nNOTE: this is a rough estimate based on public "
                           "information", 2.1e25)
    assert (e.low, e.high, e.interval_kind) == (8.2e24, 4.4e25, "ci")
    e = parse_compute_note("Training compute estimated to be 7.36001e+24 from benchmark scores. "
                           "https://colab.research.google.com/drive/x\n\n90% CI [3.23e+24, 2.05e+25]", 7.36001e24)
    assert (e.low, e.high, e.method) == (3.23e24, 2.05e25, "benchmark-imputation")
    e = parse_compute_note("Likely around 6e25 [CI: 2e25 to 2e26] FLOP. See document below", 6.6e25)
    assert (e.low, e.high) == (2e25, 2e26)


def test_note_ranges_and_two_estimates():
    e = parse_compute_note("Assuming the additional post-training contributed between 1% and 100% of Kimi K2's "
                           "training compute (which we confidently estimate at 2.976e+24), we get a range of "
                           "3.0e24 to 6.0e24, and a geometric mean of 4.2e24.", 4.2e24)
    assert (e.low, e.high, e.interval_kind) == (3.0e24, 6.0e24, "range")
    e = parse_compute_note("6ND = 6* 14*10^9 parameters * 10*10^12 tokens = 8.4e+23 FLOP\n\n989500000000000 FLOP "
                           "/ sec [assumed bf16 precision] * 1920 GPUs * 504 hours * 3600 sec / hour * 0.3 "
                           "[assumed utilization] = 1.0341209e+24 FLOP\n\ngeometric mean\nsqrt(8.4e+23 * "
                           "1.0341209e+24) = 9.3202015e+23", 9.3202015e23)
    assert (e.low, e.high, e.interval_kind, e.method) == (8.4e23, 1.0341209e24, "two-estimates", "6ND+hardware")
    assert (e.params, e.tokens) == (14e9, 10e12)


@pytest.mark.parametrize(("note", "point", "n", "d", "active"), [
    ("6*7*10^9*3*10^12 = 1.26e+23", 1.26e23, 7e9, 3e12, False),
    ("6 × 37B × 14.8T = 3.29e24 pretraining FLOPs, 1e22 posttrainining FLOPs - see doc below", 3.3e24,
     37e9, 14.8e12, False),
    ("1.4e12 tokens * 6.52e10 parameters * 6 FLOP/token/parameter = 5.5e23 FLOP", 5.5e23, 6.52e10, 1.4e12, False),
    ("2T tokens * 1.3B parameters * 6 FLOP / parameter / token = 15.6 * 10^21 = 1.56 * 10^22 FLOP", 1.56e22,
     1.3e9, 2e12, False),
    ("21b active params * 8.1 trillion * 6 = 1.02e24", 1.02e24, 21e9, 8.1e12, True),
    ("(6 FLOP/token/parameter) * (23T tokens) * (32B active parameters) = 4.42e24 FLOP", 4.42e24, 32e9, 23e12,
     True),
    ("The network activates 96.6 billion parameters per token and trained for 600B tokens.\n\n6 * 600B * 96.6B = "
     "3.478e23", 3.478e23, 96.6e9, 600e9, False),
])
def test_note_6nd_formulas(note, point, n, d, active):
    e = parse_compute_note(note, point)
    assert e.method in ("6ND", "6ND+hardware")
    assert e.params == pytest.approx(n) and e.tokens == pytest.approx(d) and e.active is active


@pytest.mark.parametrize(("note", "method"), [
    ("384 A100 GPUs * 314 TFLOPS throughput per GPU * 117 days * 0.3 (utilization assumption) = 3.65664e23",
     "hardware"),
    ("Table D.1\nhttps://arxiv.org/abs/2005.14165", "reported"),
    ("Training compute imputed to be 1.58e25 FLOP from benchmark scores.", "benchmark-imputation"),
    ("2.3e22, per table 2", "reported"),
])
def test_note_methods(note, method):
    assert parse_compute_note(note, math.nan).method == method


def test_note_without_an_interval_says_why_and_guesses_nothing():
    e = parse_compute_note("Almost certainly >1e25", math.nan)
    assert not e.has_interval and e.reason == "the note states no interval"
    e = parse_compute_note("90% CI: 1e24 to 2e24", 5e24)  # does not contain the point
    assert not e.has_interval and "does not contain" in e.reason
    assert parse_compute_note(None).reason == "no note"
    e = parse_compute_note("We think active parameter count is 10-30B.", 1e24)  # a range of parameters
    assert not e.has_interval


def test_note_numbers():
    assert parse_note_number("2.268 × 10^24") == 2.268e24
    assert parse_note_number("14.8 trillion") == 14.8e12
    assert parse_note_number("about 4") is None


@pytest.mark.parametrize(("v", "run", "setting"), [("o3-2025-04-16_high", "o3-2025-04-16", "high"),
                                                   ("claude-opus-4-6_120K", "claude-opus-4-6", "120K"),
                                                   ("gpt-5.4-pro-2026-03-05_xhigh", "gpt-5.4-pro-2026-03-05", "xhigh"),
                                                   ("Qwen/Qwen3-235B-A22B-Thinking-2507", "Qwen/Qwen3-235B-A22B-Thinking-2507", ""),
                                                   ("gpt_4", "gpt_4", "")])
def test_inference_settings(v, run, setting):
    assert split_inference_setting(v) == (run, setting)


def test_shots():
    assert [normalize_shots(x) for x in (5.0, "25-shot", "0\n", "few", None)] == ["5", "25", "0", "few", ""]


# ------------------------------------------------------------------------------------------------
# malformed hub files: one clear error naming file, row, column; exit 2
# ------------------------------------------------------------------------------------------------
_HEAD = "Model version,EM,Release date,Organization,Country,Training compute (FLOP),Training compute notes,Name,Shots,Source,Source link,Notes,id\n"


def _hub(tmp_path, body, head=_HEAD):
    d = tmp_path / "hub"
    d.mkdir(exist_ok=True)
    (d / "mmlu_external.csv").write_text(head + body)
    return d


def test_good_synthetic_file(tmp_path):
    d = _hub(tmp_path, "m-1,0.6,2024-01-01,Org,US,2e23,\"6*10B*3.3T = 2e23\",M 1,5.0,Paper,http://x,,r1\n"
                       "m-1_high,0.7,2024-01-01,Org,US,2e23,,M 1,5,Paper,http://x,,r2\n")
    rec, dropped = import_epoch_hub(d)
    assert list(rec["training_run"]) == ["m-1", "m-1"] and list(rec["inference_setting"].fillna("")) == ["", "high"]
    assert rec.loc[0, "params"] == 10e9 and rec.loc[0, "training_tokens"] == 3.3e12


@pytest.mark.parametrize(("body", "head", "where"), [
    ("m,0.6,2024-01-01,O,US,1e23,,M,5,S,L,,r1\n", _HEAD.replace(",EM,", ",Score,"), "column 'EM'"),
    ("m,0.6,2024-01-01,O,US,1e23,,M,5,S,L,,r1\nn,0.5,2024-01-01,O,US,about 1e23,,N,5,S,L,,r2\n", _HEAD,
     "row 2, column 'Training compute (FLOP)'"),
    ("m,0.6,2024-01-01,O,US,1e23,,M,5,S,L,,r1\nn,0.5,2024-01-01,O,US,1e23,,N,5,S,L,,r1\n", _HEAD,
     "row 2, column 'id'"),
    ("m,high,2024-01-01,O,US,1e23,,M,5,S,L,,r1\n", _HEAD, "row 1, column 'EM'"),
])
def test_malformed_hub_file(tmp_path, runner, cli_app, body, head, where):
    d = _hub(tmp_path, body, head)
    with pytest.raises(DataValidationError, match="mmlu_external.csv, " + where.replace("(", r"\(").replace(")", r"\)")):
        read_hub_file(d / "mmlu_external.csv")
    res = runner.invoke(cli_app, ["data", "import", "epoch-hub", str(d), "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 2 and "mmlu_external.csv" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "o.csv").exists()


def test_not_a_hub_folder(tmp_path, runner, cli_app):
    res = runner.invoke(cli_app, ["data", "import", "epoch-hub", str(tmp_path), "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 2 and "none of the hub's files" in res.stderr


def test_diff_on_synthetic_snapshots(tmp_path):
    a = tmp_path / "a"
    a.mkdir()
    (a / "mmlu_external.csv").write_text(_HEAD + "m,0.6,2024-01-01,O,US,1e23,,M,5,S,L,,r1\n"
                                         "n,0.5,2024-01-01,O,US,1e23,,N,5,S,L,,r2\n")
    b = tmp_path / "b"
    b.mkdir()
    (b / "mmlu_external.csv").write_text(_HEAD + "m,0.65,2024-01-01,O,US,1e23,,M,5,S,L,,r1\n"
                                         "k,0.5,2024-01-01,O,US,1e23,,K,5,S,L,,r3\n")
    (b / "new_external.csv").write_text(_HEAD)
    d = diff_snapshots(a, b)
    got = {(r["change"], r["key"], r["column"], r["old"], r["new"]) for r in d.to_dict("records")}
    assert got == {("removed", "r2", "", "", ""), ("added", "r3", "", "", ""), ("changed", "r1", "EM", "0.6", "0.65"),
                   ("file added", "", "", "", "")}


# ------------------------------------------------------------------------------------------------
# the real snapshots (../shared)
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hub_new(reference_dir):
    return reference_dir / HUB / "2026-04"


@pytest.fixture(scope="module")
def imported(hub_new):
    return import_epoch_hub(hub_new)


def test_real_import_counts_per_benchmark(imported):
    rec, _ = imported
    c = rec.dropna(subset=["training_compute_flops"]).groupby("benchmark")["model_version"].nunique()
    # the hub's own rows (8 rows without a release date need the build's date join; see build tests)
    assert c.to_dict() == {"arc-challenge": 51, "bbh": 38, "frontiermath": 18, "gpqa-diamond": 54, "gsm8k": 59,
                           "hellaswag": 50, "math-level-5": 46, "mmlu": 84, "otis-mock-aime": 42, "piqa": 40,
                           "swe-bench-verified": 3, "triviaqa": 31, "winogrande": 57}


def test_real_import_spot_check_against_the_raw_row(imported, hub_new):
    rec, dropped = imported
    raw = pd.read_csv(hub_new / "gpqa_diamond.csv").set_index("id")
    r = rec[rec["source_id"] == "gpqa_diamond.csv#fu7pWqbSC4MUBdwv3GFNa5"].iloc[0]
    assert r["metric_value"] == raw.loc["fu7pWqbSC4MUBdwv3GFNa5", "mean_score"]
    assert r["training_compute_flops"] == raw.loc["fu7pWqbSC4MUBdwv3GFNa5", "Training compute (FLOP)"]
    reasons = dropped["reason"].str.replace(r":.*", "", regex=True).value_counts()
    assert reasons["file skipped"] == 36 and reasons["score 0"] == 6 and reasons["no score"] == 3


def test_real_notes_all_parse_and_intervals_contain_the_point(hub_new):
    kinds = {}
    for f in sorted(hub_new.glob("*.csv")):
        df = pd.read_csv(f)
        if "Training compute notes" not in df:
            continue
        for note, point in zip(df["Training compute notes"], df["Training compute (FLOP)"], strict=True):
            if not isinstance(note, str):
                continue
            e = parse_compute_note(note, float(point))
            if e.has_interval:
                kinds[note] = e.interval_kind
                if not math.isnan(point):
                    assert e.low <= point <= e.high
    assert sorted(kinds.values()).count("ci") == 3 and sorted(kinds.values()).count("two-estimates") == 6


def test_real_snapshot_diff(reference_dir, runner, cli_app, tmp_path):
    old, new = reference_dir / HUB / "2026-03", reference_dir / HUB / "2026-04"
    d = diff_snapshots(old, new)
    assert (d["change"] == "added").sum() == 359 and (d["change"] == "removed").sum() == 0
    assert d[d["change"] == "changed"][["file", "key"]].drop_duplicates().shape[0] == 513
    assert {"gdpval_external.csv", "posttrainbench_external.csv"} <= set(d.loc[d["change"] == "file added", "file"])
    added = d[(d["change"] == "added") & (d["file"] == "gpqa_diamond.csv")]
    assert "AQF46S9hBhosKPEMy3fyB9" in set(added["key"])  # gpt-5.4-mini, run 2026-04-15
    res = runner.invoke(cli_app, ["data", "diff", str(old), str(new), "--json", "-o", str(tmp_path / "d.csv")])
    assert res.exit_code == 0
    info = json.loads(res.stdout)
    assert (info["added"], info["removed"], info["changed_rows"]) == (359, 0, 513)
    assert len(pd.read_csv(tmp_path / "d.csv")) == len(d)


def test_cli_import_real_folder(hub_new, runner, cli_app, tmp_path):
    out = tmp_path / "hub.csv"
    res = runner.invoke(cli_app, ["data", "import", "epoch-hub", str(hub_new), "-o", str(out), "-b", "mmlu",
                                  "--json"])
    assert res.exit_code == 0
    info = json.loads(res.stdout)
    assert list(info["per_benchmark"]) == ["mmlu"]
    res = runner.invoke(cli_app, ["data", "validate", str(out)])
    assert res.exit_code == 0


# ------------------------------------------------------------------------------------------------
# the build
# ------------------------------------------------------------------------------------------------
def _load_build():
    spec = importlib.util.spec_from_file_location("build_modern", REPO / "scripts" / "build_modern.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the script executes
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def built(reference_dir):
    b = _load_build()
    return b, b.build(reference_dir, REPO / "curation"), b.build(reference_dir, REPO / "curation")


def test_build_is_reproducible_byte_for_byte(built, tmp_path):
    b, one, two = built
    assert one.csv_text == two.csv_text and one.card_text == two.card_text
    assert one.report_text == two.report_text
    assert "\r" not in one.csv_text and one.csv_text.endswith("\n")
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "manifest.json").write_text("{}\n")
    b.write(one, tmp_path / "a", tmp_path / "a")
    b.write(two, tmp_path / "b", tmp_path / "b")
    for name in ("modern.csv", "modern_card.md", "manifest.json", "modern_build_report.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_packaged_files_are_the_build_output(built):
    _, one, _ = built
    stale = "stale packaged data: run `python scripts/build_modern.py` and commit the result"
    assert packaged_path("modern.csv").read_text("utf-8") == one.csv_text, stale
    assert packaged_path("modern_card.md").read_text("utf-8") == one.card_text, stale
    assert (REPO / "curation" / "modern_build_report.md").read_text("utf-8") == one.report_text, stale


def test_build_report_states_join_rates(built):
    _, one, _ = built
    text = one.report_text
    for s in ("obsscaling", "sloth", "epoch-open-model-trends"):
        assert f"| {s} |" in text
    assert "### Not joined: obsscaling" in text and "no hub model version" in text
    assert "Compute notes without an interval" in text
