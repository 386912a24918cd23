"""The bundled language-model dataset (modern.csv), its benchmarks and rules: no ../shared needed."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

import computelimits as cl
from computelimits.benchmarks import get_benchmark, list_benchmarks, resolve_benchmark
from computelimits.errors import DataValidationError, InputError, UnknownNameError
from computelimits.modern import ROW_RULES, load_modern, one_row_per_model, summarize_modern

PAPER = {"imagenet", "cifar10", "cifar100", "coco", "conll2003", "wmt14-en-fr", "wmt14-en-de", "squad11",
         "swb-hub500"}
#: The issue's numbers: hub model versions with a training compute and a score (2026-04 snapshot).
HUB_COUNTS = {"mmlu": 84, "gsm8k": 63, "hellaswag": 53, "winogrande": 57, "arc-challenge": 51, "bbh": 38,
              "gpqa-diamond": 54, "math-level-5": 46}


@pytest.fixture(scope="module")
def allrows():
    return load_modern(rule="all")


def _row(df, source_id):
    m = df[df["source_id"] == source_id]
    assert len(m) == 1, source_id
    return m.iloc[0]


# ------------------------------------------------------------------------------------------------
# the registry
# ------------------------------------------------------------------------------------------------
def test_paper_registry_is_unchanged_and_modern_benchmarks_are_apart():
    assert set(list_benchmarks()["benchmark"]) == PAPER
    modern = list_benchmarks("modern").set_index("benchmark")
    assert {"mmlu", "gsm8k", "hellaswag", "winogrande", "arc-challenge", "bbh", "piqa", "triviaqa",
            "gpqa-diamond", "math-level-5", "otis-mock-aime", "frontiermath", "swe-bench-verified",
            "eci"} <= set(modern.index)
    assert not set(modern.index) & PAPER
    assert len(list_benchmarks(None)) == len(PAPER) + len(modern)
    with pytest.raises(UnknownNameError):
        list_benchmarks("vision")


@pytest.mark.parametrize(("bid", "floor"), [("mmlu", 0.25), ("gpqa-diamond", 0.25), ("hellaswag", 0.25),
                                            ("arc-challenge", 0.25), ("winogrande", 0.5), ("piqa", 0.5),
                                            ("gsm8k", 0.0), ("math-level-5", 0.0), ("triviaqa", 0.0),
                                            ("frontiermath", 0.0), ("swe-bench-verified", 0.0)])
def test_chance_floors(bid, floor):
    assert get_benchmark(bid).chance_floor == floor
    assert get_benchmark(bid).chance_floor_source


def test_bbh_and_eci_have_no_single_floor_and_eci_has_no_error_rate():
    assert math.isnan(get_benchmark("bbh").chance_floor)
    with pytest.raises(InputError, match="composite index"):
        get_benchmark("ECI").to_error(150.0)


@pytest.mark.parametrize(("alias", "bid"), [("GPQA", "gpqa-diamond"), ("ARC-C", "arc-challenge"),
                                            ("MATH Lvl 5", "math-level-5"), ("Winogrande", "winogrande"),
                                            ("BIG-Bench Hard", "bbh"), ("hendrycksTest", "mmlu")])
def test_aliases(alias, bid):
    assert resolve_benchmark(alias) == bid


def test_mmlu_error_is_one_minus_accuracy():
    assert get_benchmark("mmlu").to_error(0.7) == pytest.approx(0.3)


# ------------------------------------------------------------------------------------------------
# counts and spot checks against the hub rows
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("bid", "n"), sorted(HUB_COUNTS.items()))
def test_hub_model_versions_with_compute_per_benchmark(allrows, bid, n):
    d = allrows[(allrows["benchmark"] == bid) & (allrows["dataset"] == "epoch-hub")
                & allrows["training_compute_flops"].notna()]
    assert d["model_version"].nunique() == n


def test_other_sources_add_models(allrows):
    obs = allrows[(allrows["dataset"] == "obsscaling") & (allrows["benchmark"] == "mmlu")]
    assert obs["training_compute_flops"].notna().sum() == 123  # ObsScaling's README: 123 with FLOPs
    mmlu = allrows[(allrows["benchmark"] == "mmlu") & allrows["training_compute_flops"].notna()]
    assert mmlu["training_run"].nunique() > 2 * HUB_COUNTS["mmlu"]


def test_spot_check_llama2_7b_mmlu(allrows):
    r = _row(allrows, "mmlu_external.csv#recDRfiRYG3HCQq5K")  # Stanford CRFM row of the hub
    assert (r["model"], r["training_run"], r["metric_value"], r["shots"]) == ("Llama-2-7b", "Llama-2-7b",
                                                                              0.458, "5")
    assert r["training_compute_flops"] == 8.4e22 and r["error"] == pytest.approx(0.542)
    assert "Stanford CRFM" in r["metric_value_source"] and r["source_link"].startswith("https://crfm")


def test_spot_check_gpt4_gpqa_with_the_notes_interval(allrows):
    r = _row(allrows, "gpqa_diamond.csv#fu7pWqbSC4MUBdwv3GFNa5")
    assert r["model"] == "gpt-4-0613" and r["metric_value"] == pytest.approx(0.306503, abs=1e-6)
    assert r["metric_stderr"] == pytest.approx(0.023373, abs=1e-6)
    assert (r["training_compute_flops"], r["training_compute_low_flops"],
            r["training_compute_high_flops"]) == (2.1e25, 8.2e24, 4.4e25)
    assert "90% CI: 8.2E+24 to 4.4E+25" in r["training_compute_low_flops_source"]
    assert (r["training_compute_confidence"], r["accessibility"], r["epoch_model"]) == (
        "Likely", "closed", "GPT-4 (Jun 2023)")


def test_eci_is_carried_per_model_version(allrows):
    d = allrows[(allrows["model_version"] == "gemma-2-9b") & (allrows["dataset"] == "epoch-hub")]
    assert len(d) and set(d["eci_score"]) == {119.82756811820607}  # epoch_capabilities_index.csv


def test_mixture_of_experts_active_and_total_parameters(allrows):
    r = allrows[(allrows["model"] == "DeepSeek-V3") & (allrows["benchmark"] == "gpqa-diamond")].iloc[0]
    assert (r["params"], r["active_params"], r["training_tokens"]) == (6.71e11, 3.7e10, 1.48e13)
    assert r["training_compute_method"] == "6ND"


def test_inference_settings_share_one_training_compute(allrows):
    hub = allrows[allrows["dataset"] == "epoch-hub"]
    per_run = hub.dropna(subset=["training_compute_flops"]).groupby("training_run")["training_compute_flops"]
    assert (per_run.nunique() == 1).all()
    claude = hub[hub["training_run"] == "claude-3-7-sonnet-20250219"]
    assert {"16K", "32K", "64K"} <= set(claude["inference_setting"].dropna())
    assert set(claude["training_compute_flops"].dropna()) == {3.35e25}


def test_every_value_has_a_source(allrows):
    for c in ("metric_value", "training_compute_flops", "training_compute_low_flops", "params",
              "active_params", "training_tokens", "date", "epoch_model", "organization", "accessibility",
              "distilled", "family", "eci_score"):
        has = allrows[c].notna()
        assert allrows.loc[has, f"{c}_source"].notna().all(), c


def test_intervals_contain_the_point(allrows):
    d = allrows.dropna(subset=["training_compute_low_flops"])
    assert len(d) > 0
    assert (d["training_compute_low_flops"] <= d["training_compute_flops"]).all()
    assert (d["training_compute_flops"] <= d["training_compute_high_flops"]).all()


# ------------------------------------------------------------------------------------------------
# entity resolution (known pairs)
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("source", "name", "run"), [
    ("obsscaling", "meta-llama/Llama-2-7b-hf", "Llama-2-7b"),  # Hugging Face id in Epoch's join table
    ("obsscaling", "meta-llama/Meta-Llama-3.1-405B-FP8", "Llama-3.1-405B"),  # reviewed alias
    ("sloth", "llama-30b", "LLaMA-33B"),  # reviewed alias (released as 30B, the paper's 33B)
    ("sloth", "bloom-1b1", "bigscience/bloom-1b1"),  # not in the hub: joined to ObsScaling's name
    ("epoch-open-model-trends", "LLaMa-1 13B", "LLaMA-13B"),
    ("epoch-open-model-trends", "Llama 3 70B", "Meta-Llama-3-70B"),
    ("epoch-hub", "Llama-2-70b-chat-hf", "Llama-2-70b-chat"),  # two hub names of one model
    ("epoch-hub", "fireworks/kimi-k2p5", "kimi-k2.5"),
])
def test_entity_resolution_known_pairs(allrows, source, name, run):
    d = allrows[(allrows["dataset"] == source) & (allrows["model_version"] == name)]
    assert len(d) and set(d["training_run"]) == {run}


def test_a_reviewed_non_match_stays_apart(allrows):
    d = allrows[allrows["model_version"] == "Flan-PaLM 540B"]
    assert set(d["training_run"]) == {"Flan-PaLM 540B"}


# ------------------------------------------------------------------------------------------------
# one row per model
# ------------------------------------------------------------------------------------------------
def test_rules_registry():
    assert {"all", "preferred", "best"} <= set(ROW_RULES.names())
    with pytest.raises(UnknownNameError):
        load_modern("mmlu", rule="median")


def test_default_rule_is_one_row_per_training_run_and_prefers_compute_then_the_hub(allrows):
    mmlu_all = allrows[allrows["benchmark"] == "mmlu"]
    one = load_modern("mmlu")
    assert one["training_run"].is_unique
    assert set(one["training_run"]) == set(mmlu_all["training_run"])
    r = one[one["training_run"] == "Llama-2-7b"].iloc[0]
    assert r["dataset"] == "epoch-hub" and r["metric_value"] == 0.458  # hub first, then highest score
    has = mmlu_all.groupby("training_run")["training_compute_flops"].apply(lambda s: s.notna().any())
    kept = one.set_index("training_run")["training_compute_flops"].notna()
    assert (kept[has[has].index]).all()


def test_best_rule_takes_the_highest_score_of_any_row(allrows):
    best = load_modern("mmlu", rule="best")
    mx = allrows[allrows["benchmark"] == "mmlu"].groupby("training_run")["metric_value"].max()
    assert (best.set_index("training_run")["metric_value"] == mx[best["training_run"]].values).all()


def test_rule_all_and_one_row_per_model_function(allrows):
    d = allrows[allrows["benchmark"] == "gsm8k"]
    assert len(one_row_per_model(d, "all")) == len(d)
    assert len(one_row_per_model(d)) == d["training_run"].nunique()


def test_load_models_routes_modern_benchmarks():
    d = cl.load_models("mmlu")
    assert set(d["benchmark"]) == {"mmlu"} and d["training_run"].is_unique
    assert len(cl.load_models("mmlu", rule="all")) > len(d)
    assert set(cl.load_models()["benchmark"]) <= PAPER  # the paper's analyses see the paper's data only


def test_summary_and_manifest(allrows):
    s = summarize_modern().set_index("benchmark")
    m = allrows[allrows["benchmark"] == "mmlu"]
    assert s.loc["mmlu", "with_training_compute"] == m.dropna(subset=["training_compute_flops"])[
        "training_run"].nunique()
    assert s.loc["mmlu", "rows"] == len(m) and s.loc["mmlu", "models"] == m["training_run"].nunique()
    assert s.loc["gpqa-diamond", "open"] > 0 and s.loc["gpqa-diamond", "closed"] > 0
    assert cl.datasets.verify_manifest()["modern.csv"]
    meta = cl.load_manifest()["files"]["modern.csv"]
    assert "CC BY 4.0" in meta["attribution"] and "Apache-2.0" in meta["attribution"] and "MIT" in meta["attribution"]
    files = {i["file"] for i in meta["inputs"]}
    assert "reference-data/epoch-benchmarking-hub/2026-04/mmlu_external.csv" in files
    assert all(len(i["sha256"]) == 64 for i in meta["inputs"])


# ------------------------------------------------------------------------------------------------
# a user CSV of modern models
# ------------------------------------------------------------------------------------------------
def test_user_csv_of_modern_models_validates(tmp_path, runner, cli_app):
    p = tmp_path / "mine.csv"
    p.write_text("model,benchmark,date,metric_value,training_compute_flops,shots\n"
                 "my-llm,MMLU,2025-01-10,0.71,3e24,5\nmy-llm,GPQA,2025-01-10,0.4,3e24,\n")
    df = cl.read_records(p)
    assert list(df["benchmark"]) == ["mmlu", "gpqa-diamond"]
    assert df["error"].tolist() == pytest.approx([0.29, 0.6])
    res = runner.invoke(cli_app, ["data", "validate", str(p), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["with_training_compute"] == 2
    res = runner.invoke(cli_app, ["data", "show", "mmlu", "--file", str(p), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)[0]["model"] == "my-llm"
    two = pd.DataFrame(dict(model=["a", "a", "b"], benchmark=["mmlu"] * 3, metric_value=[0.5, 0.6, 0.4]))
    assert one_row_per_model(two, "best")["metric_value"].tolist() == [0.6, 0.4]  # no training_run: by model


def test_user_csv_with_a_bad_compute_names_row_and_column(tmp_path, runner, cli_app):
    p = tmp_path / "bad.csv"
    p.write_text("model,benchmark,date,metric_value,training_compute_flops\nm,mmlu,2025-01-01,0.5,lots\n")
    with pytest.raises(DataValidationError, match="row 1, column 'training_compute_flops'"):
        cl.read_records(p)
    res = runner.invoke(cli_app, ["data", "validate", str(p)])
    assert res.exit_code == 2 and "training_compute_flops" in res.stderr


def test_several_rows_of_one_model_are_not_duplicates():
    df = pd.DataFrame(dict(model=["m", "m"], benchmark=["mmlu", "mmlu"], date=["2024-01-01"] * 2,
                           metric_value=[0.5, 0.6], shots=["0", "5"], training_compute_flops=[1e23, 1e23]))
    assert len(cl.validate_records(df)) == 2
    with pytest.raises(DataValidationError, match="unique"):
        cl.validate_records(df.assign(shots="5"))


# ------------------------------------------------------------------------------------------------
# the command line
# ------------------------------------------------------------------------------------------------
def test_cli_benchmarks_lists_modern_apart(runner, cli_app):
    res = runner.invoke(cli_app, ["benchmarks"])
    assert res.exit_code == 0 and "Language-model benchmarks" in res.stdout and "gpqa-diamond" in res.stdout
    rows = json.loads(runner.invoke(cli_app, ["benchmarks", "--json"]).stdout)
    assert {r["benchmark"] for r in rows if r["group"] == "paper"} == PAPER


def test_cli_data_list_and_show_modern(runner, cli_app):
    res = runner.invoke(cli_app, ["data", "list", "--dataset", "modern", "--json"])
    assert res.exit_code == 0
    got = {r["benchmark"]: r for r in json.loads(res.stdout)}
    assert got["mmlu"]["with_training_compute"] >= HUB_COUNTS["mmlu"]
    res = runner.invoke(cli_app, ["data", "show", "GPQA", "--json", "--rule", "all"])
    assert res.exit_code == 0
    assert len(json.loads(res.stdout)) == len(load_modern("gpqa-diamond", rule="all"))
    res = runner.invoke(cli_app, ["data", "show", "mmlu", "--limit", "3"])
    assert res.exit_code == 0 and "preferred" in res.stdout
    res = runner.invoke(cli_app, ["data", "list", "--dataset", "nope"])
    assert res.exit_code == 2
