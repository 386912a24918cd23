"""The packaged dataset (models.csv): validity, sources, spot checks against the papers, licences,
and the build script's reproducibility (byte for byte, and equal to what is packaged)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

import computelimits as cl
from computelimits.datasets import (
    dataset_sha256,
    load_manifest,
    packaged_path,
    read_packaged_csv,
    summarize,
)
from computelimits.schema import SOURCED_COLUMNS, validate_records

REPO = Path(__file__).resolve().parents[1]
DERIVED = ("year", "error", "flops_unit_source", "hardware_burden_flops")


def _load_build():
    spec = importlib.util.spec_from_file_location("build_dataset", REPO / "scripts" / "build_dataset.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the script executes
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def raw():
    return read_packaged_csv("models.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def models():
    return cl.load_models(metric=None)


@pytest.fixture(scope="module")
def build_twice(reference_dir):
    b = _load_build()
    return b, b.build(reference_dir, REPO / "curation"), b.build(reference_dir, REPO / "curation")


def _one(df, **kw):
    m = df
    for k, v in kw.items():
        m = m[m[k] == v]
    assert len(m) == 1, f"expected one record for {kw}, found {len(m)}"
    return m.iloc[0]


# --------------------------------------------------------------------------------------------
# validity and sources
# --------------------------------------------------------------------------------------------
def test_every_packaged_record_validates(raw, models):
    v = validate_records(raw, source="models.csv", require_compute=False)
    assert len(v) == len(raw) == len(models) > 1000
    assert set(v["benchmark"]) == set(cl.list_benchmarks()["benchmark"])
    assert ((v["error"] > 0) & (v["error"] < 1)).all()
    assert v["year"].notna().all()


def test_csv_stores_no_derived_columns(raw):
    assert not set(DERIVED) & set(raw.columns)
    assert raw.columns[0] == "model"


def test_sources_recorded_for_every_value(raw):
    for col in SOURCED_COLUMNS:
        if col not in raw.columns:
            continue
        filled = raw[col].str.strip() != ""
        missing = raw.loc[filled & (raw[f"{col}_source"].str.strip() == ""), "model"].tolist()
        assert not missing, f"{col} without {col}_source: {missing[:5]}"


def test_no_imputed_values_and_units_known(models):
    assert not models["flops_imputed"].any()
    f = models[models["flops_per_pass"].notna()]
    assert set(f["flops_unit_source"]) <= {"flop", "mac"}
    assert (f["flops_per_pass"] > 1e5).all()


def test_hardware_is_canonical(models):
    from computelimits.hardware import load_hardware

    names = set(load_hardware()["hardware"])
    used = set(models["hardware"].dropna())
    assert used <= names, used - names


def test_load_models_metric_filter(models):
    prim = cl.load_models()
    assert len(prim) < len(models)
    assert set(prim["metric"]) == {"top1", "box_ap", "f1", "bleu", "wer"}
    assert not prim.duplicated(["model", "benchmark"]).any()
    assert set(cl.load_models("squad11", metric="em")["metric"]) == {"em"}
    assert set(cl.load_models("ILSVRC")["benchmark"]) == {"imagenet"}


# --------------------------------------------------------------------------------------------
# spot checks against the papers
# --------------------------------------------------------------------------------------------
def test_alexnet(models):
    # Krizhevsky et al. 2012, Table 2 (one CNN: 40.7% top-1 error) and Section 5 ("five to six
    # days on two GTX 580 3GB GPUs"); 60 million parameters (Section 1/abstract)
    a = _one(models, model="AlexNet", benchmark="imagenet", metric="top1")
    assert a["metric_value"] == pytest.approx(59.3)
    assert a["error"] == pytest.approx(0.407)
    assert a["hardware"] == "NVIDIA GeForce GTX 580" and a["hardware_count"] == 2
    assert 5 * 86400 <= a["training_time_s"] <= 6 * 86400
    assert a["params"] == 60e6
    assert a["date"].startswith("2012")
    assert a["hardware_burden_flops"] == pytest.approx(
        2 * cl.peak_flops("NVIDIA GeForce GTX 580") * a["training_time_s"])


def test_resnet50(models):
    # He et al. 2015 (arXiv:1512.03385), Table 1: 3.8 x 10^9 FLOPs (multiply-adds) per pass
    r = _one(models, model="ResNet-50", benchmark="imagenet", metric="top1")
    assert r["arxiv_id"] == "1512.03385" and r["date"].startswith("2015-12")
    per_pass = 3.8e9 * (2 if r["flops_unit_source"] == "mac" else 1)
    assert r["flops_per_pass"] == pytest.approx(per_pass)
    assert "1512.03385" in r["flops_per_pass_source"]
    assert r["params"] == pytest.approx(25.6e6, rel=0.01)
    assert 75 < r["metric_value"] < 78


def test_bert_large_squad(models):
    # Devlin et al. 2018 (arXiv:1810.04805): BERT-Large single model, SQuAD 1.1 dev F1 90.9
    # (Table 2); pre-trained on 16 Cloud TPUs (64 TPU chips) for 4 days (Appendix A.2)
    b = _one(models, model="BERT large (single)", benchmark="squad11", metric="f1")
    assert b["metric_value"] == pytest.approx(90.9)
    assert b["hardware"] == "Google TPU v2" and b["hardware_count"] == 64
    assert b["training_time_s"] == pytest.approx(4 * 86400)
    assert b["params"] == pytest.approx(340e6)


def test_transformer_big_wmt_en_de(models):
    # Vaswani et al. 2017 (arXiv:1706.03762): Transformer (big) 28.4 BLEU EN-DE (Table 2);
    # 8 P100 GPUs, 300k steps = 3.5 days (Section 5.2); 213M parameters (Table 3)
    t = _one(models, model="Transformer Big", benchmark="wmt14-en-de", metric="bleu")
    assert t["arxiv_id"] == "1706.03762"
    assert t["metric_value"] == pytest.approx(28.4) and t["error"] == pytest.approx(0.716)
    assert t["hardware"] == "NVIDIA P100" and t["hardware_count"] == 8
    assert t["training_time_s"] == pytest.approx(3.5 * 86400)
    assert t["params"] == pytest.approx(213e6)
    assert t["hardware_burden_flops"] == pytest.approx(8 * cl.peak_flops("NVIDIA P100") * 3.5 * 86400)


def test_noisy_student_and_timm_multiply_adds(models):
    n = _one(models, model="NoisyStudent (EfficientNet-L2)", benchmark="imagenet", metric="top1")
    assert n["metric_value"] == pytest.approx(88.4) and n["arxiv_id"] == "1911.04252"
    deit = _one(models, model="DeiT-B", benchmark="imagenet", metric="top1")
    assert deit["flops_per_pass"] > 1e10 and deit["year"] > 2020.9


def test_imagenet_extends_past_2020(models):
    img = models[models["benchmark"] == "imagenet"]
    assert img["year"].max() >= 2024
    names = set(img["model"])
    for expected in ("DeiT-B", "Swin-B", "ConvNeXt-B", "EfficientNetV2-L", "ViT-B/16 384 (ImageNet-21k)", "EVA"):
        assert any(n.startswith(expected) for n in names), expected
    assert (img[img["year"] >= 2021]["flops_per_pass"].notna()).mean() > 0.9


def test_mask_rcnn_coco(models):
    # He et al. 2017 (arXiv:1703.06870) Section 3.1: "Training with ResNet-50-FPN on COCO
    # trainval35k takes 32 hours in our synchronized 8-GPU implementation", 44 hours with ResNet-101
    r50 = _one(models, model="Mask R-CNN (ResNet-50-FPN)", benchmark="coco", metric="box_ap")
    r101 = _one(models, model="Mask R-CNN (ResNet-101-FPN)", benchmark="coco", metric="box_ap")
    assert r50["hardware_count"] == 8 and r101["hardware_count"] == 8
    assert r50["training_time_s"] == pytest.approx(32 * 3600)
    assert r101["training_time_s"] == pytest.approx(44 * 3600)


def test_transformer_base_wmt(models):
    # Vaswani et al. 2017 Section 5.2: base models trained 100,000 steps (12 hours) on 8 P100 GPUs;
    # per-pass computation counted from Table 3 (N=6, d_model=512, d_ff=2048, h=8) per target token
    for bench in ("wmt14-en-fr", "wmt14-en-de"):
        t = _one(models, model="Transformer Base", benchmark=bench, metric="bleu")
        assert t["hardware"] == "NVIDIA P100" and t["hardware_count"] == 8
        assert t["training_time_s"] == pytest.approx(12 * 3600)
        # 6 encoder + 6 decoder layers at 32 tokens: ~2 x 44.6M multiply-adds per target token
        assert t["flops_per_pass"] == pytest.approx(8.926e7, rel=1e-3)
        assert t["flops_per_pass_source"].startswith("counted: transformer-base")


def test_bert_large_squad_counted_per_pass(models):
    # BERT-Large (L=24, H=1024, A=16) on a 384-token SQuAD window: about 2 x 300M multiply-adds per
    # token for the weights plus attention; counted, not stated in the paper
    b = _one(models, model="BERT large (single)", benchmark="squad11", metric="f1")
    assert b["flops_per_pass"] == pytest.approx(6.417e8, rel=1e-3)
    assert "arXiv:1810.04805" in b["flops_per_pass_source"]
    assert b["flops_per_pass_source"].startswith("counted:")


def test_cascade_rcnn_coco(models):
    # Cai & Vasconcelos 2017 (arXiv:1712.00726): official README table "Res101-FPN-Cascade | 8 | ... |
    # 280k | 46 hr" and "Res50-FPN-baseline | 8 | ... | 32 hr"; Table 6: speeds "on a single Titan Xp"
    c = _one(models, model="Cascade R-CNN (ResNet-101-FPN+, cascade)", benchmark="coco", metric="box_ap")
    assert c["metric_value"] == pytest.approx(42.8)
    assert c["hardware"] == "NVIDIA TITAN Xp" and c["hardware_count"] == 8
    assert c["training_time_s"] == pytest.approx(46 * 3600)
    b = _one(models, model="Cascade R-CNN (ResNet-50-FPN+)", benchmark="coco", metric="box_ap")
    assert b["training_time_s"] == pytest.approx(32 * 3600)
    assert b["hardware_burden_flops"] == pytest.approx(8 * cl.peak_flops("NVIDIA TITAN Xp") * 32 * 3600)


def test_counted_switchboard_and_wide_transformers(models):
    # Jasper DR 10x5 (arXiv:1904.03288; NVIDIA's Fisher+Switchboard config): 333M weights, all at
    # 50 frames per second after the stride-2 prolog -> 2 x 332.5M x 50 FLOPs per second of audio
    j = _one(models, model="Jasper DR 10x5", benchmark="swb-hub500", metric="wer")
    assert j["flops_per_pass"] == pytest.approx(3.3251e10, rel=1e-4)
    assert j["flops_per_pass_source"].startswith("counted: jasper-dr-10x5-swb")
    # Shaw et al. 2018: the big Transformer plus relative key/value terms in 12 self-attention
    # sublayers (2 extra products of 2 x 32 x 32 x 1024 FLOPs each, per 32 target tokens)
    rpr = _one(models, model="Transformer (big) + Relative Position Representations",
               benchmark="wmt14-en-de", metric="bleu")
    big = _one(models, model="Transformer Big", benchmark="wmt14-en-de", metric="bleu", arxiv_id="1706.03762")
    # (stored to 6 significant digits, hence the tolerance)
    assert rpr["flops_per_pass"] - big["flops_per_pass"] == pytest.approx(12 * 2 * 2 * 32 * 32 * 1024 / 32, rel=1e-3)
    assert rpr["hardware"] == "NVIDIA P100" and rpr["hardware_count"] == 8
    # Ma and Hovy 2016 (arXiv:1603.01354 Table 1): per token, a 3 x 30 x 30 character CNN over 8
    # characters, a BLSTM of 200 units per direction on 100 + 30 inputs, and the CRF's 17 x 17
    # label-pair scores on the 400-d BLSTM output
    m = _one(models, model="BLSTM-CNN-CRF", benchmark="conll2003", metric="f1")
    hand = 2 * 8 * 3 * 30 * 30 + 2 * 2 * 4 * 200 * (130 + 200) + 2 * 400 * 17 * 17
    assert m["flops_per_pass"] == pytest.approx(hand, rel=1e-5)
    # T5-11B (bi_v1_11B.gin): about 2 FLOPs per weight per target token
    t5 = _one(models, model="T5", benchmark="wmt14-en-fr", metric="bleu")
    assert t5["flops_per_pass"] == pytest.approx(2.27e10, rel=1e-3)


def test_mnasnet_chip_from_the_paper(models):
    # arXiv:1807.11626 Section 4: "each architecture search takes 4.5 days on 64 TPUv2 devices";
    # Epoch's table says TPU v3: the paper wins (64 Cloud TPU v2 devices = 256 chips)
    m = _one(models, model="MnasNet-A3", benchmark="imagenet", metric="top1")
    assert m["hardware"] == "Google TPU v2" and m["hardware_count"] == 256
    assert m["training_time_s"] == pytest.approx(4.5 * 86400)
    assert "facts_depth.csv" in m["hardware_source"]


def test_extra_training_data_flag(models):
    img = models[(models["benchmark"] == "imagenet") & (models["metric"] == "top1")]
    flagged = img.set_index("model")["extra_training_data"]
    assert flagged["ViT-H/14 (JFT-300M)"] == "JFT-300M"
    assert flagged["NoisyStudent (EfficientNet-L2)"] == "JFT-300M"
    assert flagged["ResNeXt-101 32x48d"] == "Instagram"
    assert flagged["TinyViT-5M"] == "ImageNet-22k"  # from the timm tag dist_in22k_ft_in1k
    assert flagged["CoAtNet-7 (JFT-3B, 512)"] == "JFT-3B"
    # from the papers (curation/extra_training_data.csv): BiT Section 3.1, Noisy Student's abstract
    assert flagged["BiT-L (ResNet)"] == "JFT-300M" and flagged["BiT-M (ResNet)"] == "ImageNet-21k"
    assert flagged["NoisyStudent (EfficientNet-B0)"] == "JFT-300M"
    assert flagged["Meta Pseudo Labels (EfficientNet-L2)"] == "JFT-300M"
    for plain in ("ResNet-50", "AlexNet", "Xception", "EfficientNet-B7"):
        assert flagged.get(plain) is None or flagged[plain] != flagged[plain], plain  # empty
    without = cl.load_models("imagenet", include_extra_data=False)
    assert len(without) == len(img) - flagged.notna().sum()
    assert "ViT-H/14 (JFT-300M)" not in set(without["model"]) and "ResNet-50" in set(without["model"])


def test_fit_and_place_without_extra_data():
    from computelimits.fitting import fit
    from computelimits.placement import place

    all_ = fit(benchmark="imagenet")
    own = fit(benchmark="imagenet", include_extra_data=False)
    assert own.nobs < all_.nobs
    p_all = place("imagenet", metric_value=76.1, flops=8.2e9)
    p_own = place("imagenet", metric_value=76.1, flops=8.2e9, include_extra_data=False)
    assert p_own.to_dict() != p_all.to_dict()


# --------------------------------------------------------------------------------------------
# coverage, licences, manifest
# --------------------------------------------------------------------------------------------
def test_summary_against_figure6():
    s = summarize(compare=True).set_index("benchmark")
    assert list(s.index) == ["imagenet", "cifar10", "cifar100", "coco", "conll2003", "wmt14-en-fr",
                             "wmt14-en-de", "squad11", "swb-hub500"]
    assert s.loc["imagenet", "paper_with_computation"] == 62
    assert s.loc["imagenet", "with_computation"] >= 62
    assert s.loc["imagenet", "with_hardware_burden"] >= 1
    assert (s["with_all"] <= s[["with_computation", "with_hardware_burden"]].min(axis=1)).all()
    assert (s["short_computation"] >= 0).all()


#: Models with per-pass computation / with hardware burden per benchmark (primary metric): the
#: counts this dataset reaches (curation/facts*.csv, counted_flops.csv, Epoch checks), asserted so
#: that a lost source shows. The paper's Figure 6 counts are in figure6.csv.
COUNTS = {"coco": (42, 16), "conll2003": (5, 6), "wmt14-en-fr": (9, 8), "wmt14-en-de": (10, 8),
          "squad11": (4, 16), "swb-hub500": (1, 3)}


@pytest.mark.parametrize("bench", sorted(COUNTS))
def test_counts_per_benchmark(bench):
    s = summarize(compare=True).set_index("benchmark")
    assert (s.loc[bench, "with_computation"], s.loc[bench, "with_hardware_burden"]) == COUNTS[bench]


def test_readme_states_coverage_licences_and_columns():
    text = packaged_path("README.md").read_text("utf-8")
    for needle in ("CC BY-SA 4.0", "CC BY 4.0", "Apache-2.0", "Epoch AI", "Papers with Code",
                   "How to cite", "arXiv:2007.05558", "Shortfalls", "`flops_per_pass_source`"):
        assert needle in text, needle
    for b in summarize(compare=True).to_dict("records"):
        assert f"{b['with_computation']} ({b['paper_with_computation']})" in text


def test_manifest_entry():
    meta = load_manifest()["files"]["models.csv"]
    assert meta["sha256"] == dataset_sha256("models.csv")
    assert meta["licence"] == "CC BY-SA 4.0"
    licences = {s["licence"] for s in meta["sources"]}
    assert {"CC BY-SA 4.0", "CC BY 4.0", "Apache-2.0"} <= licences
    assert meta["script"] == "scripts/build_dataset.py"
    assert meta["loader"] == "computelimits.load_models"
    assert "Epoch AI" in meta["attribution"]
    assert meta["rows"] == len(read_packaged_csv("models.csv"))
    for name in ("timm_papers.csv", "figure6.csv"):
        assert load_manifest()["files"][name]["sha256"] == dataset_sha256(name)


def test_reference_files_not_copied_into_package(reference_dir):
    data = Path(str(packaged_path("models.csv"))).parent
    ours = {hashlib.sha256(p.read_bytes()).hexdigest() for p in data.iterdir() if p.is_file()}
    for sub in ("pwc-eval-tables-2020", "timm-imagenet-results", "epoch-ai-models"):
        for p in (reference_dir / sub).iterdir():
            assert hashlib.sha256(p.read_bytes()).hexdigest() not in ours, p.name


# --------------------------------------------------------------------------------------------
# the build
# --------------------------------------------------------------------------------------------
def test_build_is_reproducible_byte_for_byte(build_twice, tmp_path):
    b, one, two = build_twice
    assert one.csv_text == two.csv_text
    assert one.report_text == two.report_text
    assert one.readme_text == two.readme_text
    assert "\r" not in one.csv_text and one.csv_text.endswith("\n")
    d1, d2 = tmp_path / "a", tmp_path / "b"
    for d in (d1, d2):
        d.mkdir()
        (d / "manifest.json").write_text("{}\n")
        for name in ("figure6.csv", "timm_papers.csv"):
            (d / name).write_bytes(packaged_path(name).read_bytes())
    b.write(one, d1, tmp_path / "c1")
    b.write(two, d2, tmp_path / "c2")
    for name in ("models.csv", "README.md", "manifest.json"):
        assert (d1 / name).read_bytes() == (d2 / name).read_bytes(), name
    assert (tmp_path / "c1" / "build_report.md").read_bytes() == (tmp_path / "c2" / "build_report.md").read_bytes()


def test_packaged_files_are_the_build_output(build_twice):
    _, one, _ = build_twice
    stale = "stale packaged data: run `python scripts/build_dataset.py` and commit the result"
    assert packaged_path("models.csv").read_text("utf-8") == one.csv_text, stale
    assert packaged_path("README.md").read_text("utf-8") == one.readme_text, stale
    assert (REPO / "curation" / "build_report.md").read_text("utf-8") == one.report_text, stale


def test_build_report_lists_disagreements(build_twice):
    _, one, _ = build_twice
    text = one.report_text
    assert "## Disagreements between facts and tables" in text
    assert "## Facts:" in text and "## Coverage against the paper's Figure 6" in text
    manifest = json.loads(json.dumps(one.manifest_meta))
    assert manifest["licence"] == "CC BY-SA 4.0"


def test_build_works_without_facts(reference_dir, tmp_path):
    b = _load_build()
    out = b.build(reference_dir, tmp_path)  # an empty curation folder: no facts at all
    v = out.records
    assert len(v) > 1000
    assert not math.isnan(v["year"].max())
    assert "## Facts: 0 problems" in out.report_text


def test_report_can_leave_out_extra_data():
    from computelimits.report._common import _fit
    from computelimits.report.pipeline import ReportContext, ReportSettings

    own = ReportContext(ReportSettings(include_extra_data=False))
    every = ReportContext(ReportSettings())
    assert "ViT-H/14 (JFT-300M)" not in set(own.models["model"])
    assert "ViT-H/14 (JFT-300M)" in set(every.models["model"])
    assert _fit(own, benchmark="imagenet").nobs < _fit(every, benchmark="imagenet").nobs
