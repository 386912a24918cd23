"""Importers (Epoch AI, Papers with Code, timm), value parsing and the facts reader.

Counts on the real reference files are asserted exactly: a change in a rule shows up here.
"""

from __future__ import annotations

import gzip
import json

import pytest

from computelimits.errors import DataValidationError
from computelimits.importers import import_epoch, import_pwc, import_timm, read_epoch, read_timm
from computelimits.importers._common import (
    find_arxiv_id,
    normalize_name,
    parse_count,
    parse_number,
    records_to_csv,
    strip_parenthetical,
)
from computelimits.importers.epoch import identify_benchmark
from computelimits.importers.facts import group_facts, read_facts
from computelimits.schema import SOURCED_COLUMNS, all_columns, validate_records

PWC_JSON = "pwc-eval-tables-2020/evaluation-tables_2020.json.gz"
PWC_LONG = "pwc-eval-tables-2020/pwc2020_target_benchmarks_long.csv"
EPOCH_NOTABLE = "epoch-ai-models/notable_ai_models_2026-05-02.csv"
EPOCH_ALL = "epoch-ai-models/all_ai_models_2025-03.csv"
TIMM_RESULTS = "timm-imagenet-results/results-imagenet.csv"
TIMM_BENCH = "timm-imagenet-results/benchmark-infer-amp-nchw-pt291-cu128-4090.csv"


@pytest.fixture(scope="module")
def pwc_json(reference_dir):
    return import_pwc(reference_dir / PWC_JSON)


@pytest.fixture(scope="module")
def epoch_notable(reference_dir):
    return import_epoch(reference_dir / EPOCH_NOTABLE)


@pytest.fixture(scope="module")
def timm_import(reference_dir):
    return import_timm(reference_dir / TIMM_RESULTS, reference_dir / TIMM_BENCH)


# --------------------------------------------------------------------------------------------
# value parsing
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("88.5%", 88.5), ("1,281,167", 1281167.0), ("2.85e+20", 2.85e20), ("3.8 x 10^9", 3.8e9),
    ("3.8 × 10^9", 3.8e9), ("3.8 × 10⁹", 3.8e9), ("  42 ", 42.0), ("about 4", None), ("~5", None),
    ("4-5", None), ("", None), (None, None), ("nan", None), ("inf", None),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text, bare, expected", [
    ("480M", False, 480e6), ("87.42M", False, 87.42e6), ("1.2B", False, 1.2e9), ("796M", False, 796e6),
    ("350K", False, 350e3), ("4.0", False, None), ("4.0", True, 4.0), ("M", False, None), ("12 apples", False, None),
])
def test_parse_count(text, bare, expected):
    assert parse_count(text, bare=bare) == expected


def test_find_arxiv_id_and_names():
    assert find_arxiv_id("http://arxiv.org/abs/1703.02136v1") == "1703.02136"
    assert find_arxiv_id("https://arxiv.org/pdf/1512.03385.pdf") == "1512.03385"
    assert find_arxiv_id("see arXiv:1811.06965v5, Table 2") == "1811.06965"
    assert find_arxiv_id("https://www.aclweb.org/anthology/N19-1078/") is None
    assert find_arxiv_id("https://arxiv.org/abs/1399.00001") is None  # month 99 does not exist
    assert normalize_name("ResNeXt-101 32×16d") == normalize_name("resnext101 32x16d")
    assert normalize_name("RegNetY-1.6GF") != normalize_name("RegNetY-16GF")
    assert normalize_name("Faster RCNN-DC5+") != normalize_name("Faster RCNN-DC5")
    assert strip_parenthetical("ResNet-152 (ImageNet)") == "ResNet-152"
    assert strip_parenthetical("ViT-B/16 (i21k) [v2]") == "ViT-B/16"


def test_records_to_csv_is_deterministic():
    import pandas as pd

    df = pd.DataFrame({"a": [0.1 + 0.2, None, 3.0], "b": ["x,y", "z", None], "c": [True, False, True]})
    text = records_to_csv(df)
    assert text == 'a,b,c\n0.30000000000000004,"x,y",true\n,z,false\n3.0,,true\n'
    assert "\r" not in text


# --------------------------------------------------------------------------------------------
# Papers with Code
# --------------------------------------------------------------------------------------------
def test_pwc_real_dump_counts(pwc_json):
    records, dropped = pwc_json
    counts = records.groupby(["benchmark", "metric"]).size().to_dict()
    assert counts == {
        ("cifar10", "top1"): 96, ("cifar100", "top1"): 72, ("coco", "box_ap"): 187,
        ("conll2003", "f1"): 44, ("imagenet", "top1"): 194, ("imagenet", "top5"): 150,
        ("squad11", "em"): 96, ("squad11", "f1"): 100, ("swb-hub500", "wer"): 18,
        ("wmt14-en-de", "bleu"): 56, ("wmt14-en-fr", "bleu"): 37,
    }
    reasons = dropped["reason"].str.replace(r":.*", "", regex=True).value_counts().to_dict()
    assert reasons["no paper date and no arXiv id"] == 160
    assert len(dropped) == 194
    assert list(records.columns) == all_columns()


def test_pwc_long_csv_matches_json(reference_dir, pwc_json):
    records, dropped = import_pwc(reference_dir / PWC_LONG)
    assert len(records) == 1048  # the long CSV lacks the two tiny "WMT 2014 EN-xx" leaderboards
    assert len(dropped) == 194
    a = pwc_json.records.set_index(["benchmark", "metric", "model"])["metric_value"]
    b = records.set_index(["benchmark", "metric", "model"])["metric_value"]
    common = a.index.intersection(b.index)
    assert len(common) == 1048
    assert (a[common] == b[common]).all()


def test_pwc_records_validate_and_are_sourced(pwc_json):
    records, _ = pwc_json
    v = validate_records(records, source="pwc", require_compute=False)
    assert len(v) == len(records)
    for col in SOURCED_COLUMNS:
        filled = records[col].notna()
        assert records.loc[filled, f"{col}_source"].notna().all(), col


def test_pwc_spot_values(pwc_json):
    r = pwc_json.records.set_index(["benchmark", "metric", "model"])
    noisy = r.loc[("imagenet", "top1", "NoisyStudent (EfficientNet-L2)")]
    assert noisy["metric_value"] == 88.4 and noisy["params"] == 480e6
    assert noisy["arxiv_id"] == "1911.04252" and noisy["date"] == "2019-11-11"
    # same name from several papers: the earliest keeps it
    assert r.loc[("imagenet", "top1", "ResNet-50"), "arxiv_id"] == "1512.03385"
    assert ("imagenet", "top1", "ResNet-50 [arXiv:1910.04209]") in r.index
    # CIFAR "Percentage error" only -> exact 100 - error
    cifar = pwc_json.records[pwc_json.records["benchmark"] == "cifar100"]
    assert (cifar["metric_value"] <= 100).all()
    swb = r.loc[("swb-hub500", "wer", "ResNet + BiLSTMs acoustic model")]
    assert swb["metric_value"] == 5.5


def _write_json(path, tasks, gz):
    raw = json.dumps(tasks).encode()
    path.write_bytes(gzip.compress(raw, mtime=0) if gz else raw)
    return path


def _row(name, url, date, **metrics):
    return {"model_name": name, "paper_title": f"Paper of {name}", "paper_url": url, "paper_date": date,
            "metrics": metrics, "code_links": [], "model_links": []}


@pytest.mark.parametrize("gz", [True, False])
def test_pwc_rules_on_a_small_dump(tmp_path, gz):
    tasks = [{"task": "Image Classification", "categories": [], "description": "", "source_link": None,
              "synonyms": [], "subtasks": [], "datasets": [
                  {"dataset": "CIFAR-100", "dataset_citations": [], "dataset_links": [], "description": "",
                   "subdatasets": [], "sota": {"metrics": [], "rows": [
                       _row("A", "https://arxiv.org/abs/1912.11370v3", "2019-12-24", **{"Percentage error": "6.49"}),
                       _row("B", "", "", **{"Percentage correct": "90"}),
                       _row("C", "https://arxiv.org/abs/2005.05859", "2020-05-12",
                            **{"Percentage correct": "88.3%", "PARAMS": "4.0", "FLOPS": "796M"}),
                   ]}}]},
             {"task": "Object Detection", "categories": [], "description": "", "source_link": None,
              "synonyms": [], "datasets": [
                  {"dataset": "COCO minival", "subdatasets": [], "sota": {"rows": [
                      _row("D", "https://arxiv.org/abs/1911.09070", "2019-11-20", **{"box AP": "54.4"})]}},
                  {"dataset": "COCO test-dev", "subdatasets": [], "sota": {"rows": [
                      _row("D", "https://arxiv.org/abs/1911.09070", "2019-11-20", **{"box AP": "55.1"})]}}],
              "subtasks": []}]
    p = _write_json(tmp_path / ("t.json.gz" if gz else "t.json"), tasks, gz)
    records, dropped = import_pwc(p)
    r = records.set_index("model")
    assert r.loc["A", "metric_value"] == 93.51  # exactly 100 - 6.49
    assert "100 - 'Percentage error'" in r.loc["A", "metric_value_source"]
    assert "B" not in r.index
    assert r.loc["C", "flops_per_pass"] == 796e6 and r.loc["C", "flops_unit"] == "FLOP"
    assert r.loc["C", "metric_value"] == 88.3
    assert r.loc["C", "params"] is None or r.loc["C", "params"] != r.loc["C", "params"]
    assert r.loc["D", "metric_value"] == 55.1  # test-dev preferred to minival
    why = dict(zip(dropped["model"] + "/" + dropped["field"], dropped["reason"], strict=True))
    assert why["B/"].startswith("no paper date")
    assert why["C/params"].startswith("parameter count without a magnitude suffix")
    assert why["D/"].startswith("same model and paper on a preferred leaderboard")


def test_pwc_bad_inputs(tmp_path):
    from computelimits.errors import InputError

    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        import_pwc(bad)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(DataValidationError, match="column 'task'"):
        import_pwc(other)
    with pytest.raises(InputError, match="no such file"):
        import_pwc(tmp_path / "missing.json")


# --------------------------------------------------------------------------------------------
# Epoch AI
# --------------------------------------------------------------------------------------------
def test_epoch_notable_counts(epoch_notable):
    records, dropped = epoch_notable
    assert records.groupby("benchmark").size().to_dict() == {
        "cifar10": 6, "cifar100": 1, "coco": 6, "conll2003": 1, "imagenet": 37, "squad11": 9,
        "swb-hub500": 3, "wmt14-en-de": 4}
    assert len(dropped) == 944
    reasons = dropped["reason"].str.replace(r":.*", "", regex=True).value_counts().to_dict()
    assert reasons["no benchmark's training data named in 'Training dataset'"] == 902
    assert records["metric_value"].isna().all()  # Epoch has no scores


def test_epoch_other_snapshot_drifted_columns(reference_dir):
    records, dropped = import_epoch(reference_dir / EPOCH_ALL)
    assert len(records) == 136 and len(dropped) == 2093  # 2092 rows + 1 value (two chip types)
    assert records.groupby("benchmark").size()["coco"] == 30


def test_epoch_values_and_sources(epoch_notable):
    records, _ = epoch_notable
    alex = records.set_index("model").loc["AlexNet"]
    assert alex["benchmark"] == "imagenet"
    assert alex["hardware"] == "NVIDIA GeForce GTX 580"  # Epoch name resolves in the hardware table
    assert alex["training_compute_flops"] == 4.7e17
    assert alex["date"] == "2012-09-30"
    for col in SOURCED_COLUMNS:
        filled = records[col].notna()
        assert records.loc[filled, f"{col}_source"].notna().all(), col
    # with a score added, the records are valid records
    scored = records.assign(metric_value=50.0)
    validate_records(scored, source="epoch", require_compute=False)


def test_epoch_column_aliases(tmp_path):
    p = tmp_path / "epoch.csv"
    p.write_text(
        "System,Publication Date,Links,Paper title,Training hardware type,Number of hardware units,"
        "Training time (hrs),Training compute (FLOPs),Training datasets,Parameters\n"
        "Net A,2016-03-01,https://arxiv.org/abs/1603.05027,Identity Mappings,NVIDIA P100,8,24,1e18,ImageNet,25000000\n"
        "Net B,2016-03-01,,Something,,,,,Wikipedia,\n"
        "Net C,2017-01-01,,T,\"NVIDIA V100,NVIDIA P100\",4,,,ImageNet,\n",
        encoding="utf-8")
    df = read_epoch(p)
    assert df.loc[0, "training_hardware"] == "NVIDIA P100" and df.loc[0, "arxiv_id"] == "1603.05027"
    records, dropped = import_epoch(p)
    a = records.set_index("model").loc["Net A"]
    assert a["hardware_count"] == 8.0 and a["training_time_s"] == 24 * 3600.0
    assert a["benchmark"] == "imagenet" and a["training_compute_flops"] == 1e18
    c = records.set_index("model").loc["Net C"]
    assert c["hardware"] is None and c["hardware_count"] is None  # several chip types: unusable
    fields = set(dropped["field"])
    assert {"hardware", "hardware_count"} <= fields
    assert "Net B" in set(dropped["model"])


def test_epoch_missing_required_column(tmp_path):
    p = tmp_path / "e.csv"
    p.write_text("Name,Year\nx,2020\n")
    with pytest.raises(DataValidationError, match="Publication date|Model"):
        import_epoch(p)


@pytest.mark.parametrize("dataset, task, expected", [
    ("ImageNet", "Image classification", "imagenet"),
    ("ILSVRC 2012 subset of ImageNet", "", "imagenet"),
    ("COCO,ImageNet", "Object detection", "coco"),
    ("WMT English-German,WMT14", "Translation", "wmt14-en-de"),
    ("WMT14", "Translation", None),
    ("CIFAR-100", "Image classification", "cifar100"),
    ("CIFAR-10", "Image classification", "cifar10"),
    ("SQuAD 2.0", "Question answering", None),
    ("Switchboard,Fisher", "Speech recognition (ASR)", "swb-hub500"),
    ("ImageNet,CIFAR-10", "Image classification", None),
])
def test_identify_benchmark(dataset, task, expected):
    assert identify_benchmark(dataset, task)[0] == expected


# --------------------------------------------------------------------------------------------
# timm
# --------------------------------------------------------------------------------------------
def test_timm_join_is_complete(reference_dir):
    t = read_timm(reference_dir / TIMM_RESULTS, reference_dir / TIMM_BENCH)
    assert len(t) == 1556
    assert t["gmacs"].notna().all()  # every checkpoint joins on (architecture, image size)
    r50 = t.set_index(["timm_model", "img_size"]).loc[("resnet50.tv_in1k", 224)]
    assert r50["gmacs"] == 4.11 and r50["param_count"] == 25.56


def test_timm_import_counts_and_values(timm_import):
    from computelimits.importers import load_timm_papers

    records, dropped = timm_import
    mapping = load_timm_papers()
    n_record = int((mapping["use"] == "record").sum())
    assert len(records) == 2 * n_record  # top-1 and top-5 of each released checkpoint
    reasons = dropped["reason"].str.replace(r":.*", "", regex=True).value_counts().to_dict()
    assert reasons["no paper mapping for this checkpoint and size"] == 1556 - len(mapping)
    assert reasons["compute-only mapping"] == int((mapping["use"] == "compute").sum())
    deit = records.set_index(["model", "metric"]).loc[("DeiT-B", "top1")]
    assert deit["flops_unit"] == "GMAC" and deit["arxiv_id"] == "2012.12877"
    assert "benchmark-infer-amp-nchw-pt291-cu128-4090.csv" in deit["flops_per_pass_source"]
    v = validate_records(records, source="timm")
    mac = v[v["flops_unit_source"] == "mac"]
    assert len(mac) == len(v)  # multiply-adds, converted with 1 MAC = 2 FLOP
    assert v.set_index(["model", "metric"]).loc[("DeiT-B", "top1"), "flops_per_pass"] == pytest.approx(
        2 * deit["flops_per_pass"] * 1e9)


def test_timm_cpu_benchmark_file_refused(reference_dir):
    with pytest.raises(DataValidationError, match="infer_gmacs"):
        import_timm(reference_dir / TIMM_RESULTS,
                    reference_dir / "timm-imagenet-results/benchmark-infer-fp32-nchw-pt221-cpu-i9_10940x-dynamo.csv")


def test_timm_mapping_is_valid_and_checkpoints_exist(reference_dir):
    from computelimits.importers import load_timm_papers

    m = load_timm_papers()
    t = read_timm(reference_dir / TIMM_RESULTS, reference_dir / TIMM_BENCH)
    have = set(zip(t["timm_model"], t["img_size"], strict=True))
    assert set(zip(m["timm_model"], m["img_size"], strict=True)) <= have
    assert m["citation"].str.len().gt(10).all()


def test_timm_user_mapping_checked(tmp_path, reference_dir):
    p = tmp_path / "map.csv"
    p.write_text("timm_model,img_size,model,arxiv_id,paper_title,use,citation,note\n"
                 "resnet50.tv_in1k,224,ResNet-50,9999.1,,maybe,,\n")
    with pytest.raises(DataValidationError) as exc:
        import_timm(reference_dir / TIMM_RESULTS, reference_dir / TIMM_BENCH, p)
    cols = {pr.column for pr in exc.value.problems}
    assert {"use", "arxiv_id", "citation"} <= cols


# --------------------------------------------------------------------------------------------
# facts
# --------------------------------------------------------------------------------------------
FACT_HEADER = "model,benchmark,arxiv_id,paper_title,field,value,unit,citation,note\n"


def test_facts_parse_and_convert(tmp_path):
    p = tmp_path / "facts_x.csv"
    p.write_text(FACT_HEADER + "\n".join([
        "ResNet-50,imagenet,1512.03385,,flops_per_pass,3.8 x 10^9,MAC,arXiv:1512.03385 Table 1,",
        "ResNet-50,imagenet,1512.03385,,params,25.6,M,arXiv:1512.03385 Table 1,",
        "ResNet-50,ILSVRC,1512.03385,,metric_value,75.3%,,arXiv:1512.03385 Table 3,",
        "ResNet-50,imagenet,1512.03385,,hardware,Titan X,,arXiv:1512.03385 Section 3.4,",
        "ResNet-50,imagenet,1512.03385,,hardware_count,8,,arXiv:1512.03385 Section 3.4,",
        "ResNet-50,imagenet,1512.03385,,training_time_s,2,weeks,arXiv:1512.03385 p. 4,",
        "AlexNet,imagenet,,ImageNet Classification with Deep CNNs,date,2012-12,,NeurIPS 2012 proceedings p. 1,",
        "BERT,squad11,1810.04805,,hardware,Cloud TPU v2,,arXiv:1810.04805 Appendix A.2,",
        "BERT,squad11,1810.04805,,hardware_count,16,,arXiv:1810.04805 Appendix A.2,",
        "Transformer Big,wmt14-en-de,1706.03762,,training_compute_flops,2.3 x 10^19,FLOP,arXiv:1706.03762 Table 2,",
    ]) + "\n")
    facts, problems = read_facts([p])
    assert problems == []
    by = {(f.model, f.field): f for f in facts}
    assert by[("ResNet-50", "flops_per_pass")].value == 7.6e9
    assert by[("ResNet-50", "flops_per_pass")].native == (3.8e9, "MAC")
    assert by[("ResNet-50", "params")].value == pytest.approx(25.6e6)
    assert by[("ResNet-50", "metric_value")].benchmark == "imagenet"
    assert by[("ResNet-50", "hardware")].value == "NVIDIA GeForce GTX TITAN X"
    assert by[("ResNet-50", "training_time_s")].value == 2 * 604800.0
    assert by[("Transformer Big", "training_compute_flops")].value == pytest.approx(2.3e19)
    groups, gp = group_facts(facts)
    assert gp == []
    bert = next(g for g in groups if g.model == "BERT")
    assert bert.facts["hardware_count"].value == 64.0  # 16 Cloud TPUs = 64 chips


def test_facts_problems_are_reported(tmp_path):
    p = tmp_path / "facts_bad.csv"
    p.write_text(FACT_HEADER + "\n".join([
        "M,imagenet,1512.03385,,speed,3,,arXiv:1512.03385 Table 1,",  # unknown field
        "M,imagenet,1513.99999,,params,3,M,arXiv:1512.03385 Table 1,",  # bad arXiv id
        "M,imagenet,1512.03385,,params,3,M,,",  # no citation
        "M,imagenet,1512.03385,,params,3,M,arXiv:1512.03385,",  # citation without a place
        "M,imagenet,1512.03385,,flops_per_pass,3,GFLOP/s,arXiv:1512.03385 Table 1,",  # a rate, not an amount
        "M,imagenet,1512.03385,,training_time_s,3,fortnights,arXiv:1512.03385 Table 1,",
        "M,imagenet,1512.03385,,hardware,Quantum Toaster 9000,,arXiv:1512.03385 Table 1,",
        "M,imagenet,1512.03385,,metric,bleu,,arXiv:1512.03385 Table 1,",
        "M,imagenet,1512.03385,,params,about 3,M,arXiv:1512.03385 Table 1,",
        "M,no-such-bench,1512.03385,,params,3,M,arXiv:1512.03385 Table 1,",
    ]) + "\n")
    facts, problems = read_facts([p])
    assert facts == []
    rows = sorted(pr.row for pr in problems)
    assert rows == list(range(1, 11))
    assert {pr.file for pr in problems} == {"facts_bad.csv"}


def test_facts_conflicting_values(tmp_path):
    p = tmp_path / "facts_c.csv"
    p.write_text(FACT_HEADER
                 + "M,imagenet,1512.03385,,params,3,M,arXiv:1512.03385 Table 1,\n"
                 + "M,imagenet,1512.03385,,params,4,M,arXiv:1512.03385 Table 2,\n")
    facts, problems = read_facts([p])
    groups, gp = group_facts(facts)
    assert len(gp) == 1 and "params" not in groups[0].facts


def test_facts_missing_header(tmp_path):
    p = tmp_path / "facts_h.csv"
    p.write_text("model,value\nx,1\n")
    facts, problems = read_facts([p, tmp_path / "facts_none.csv"])
    assert facts == [] and len(problems) == 2
