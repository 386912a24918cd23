"""The benchmark registry and the paper's error rules (section 3.2, Figure 6, Tables 3-4)."""

from __future__ import annotations

import numpy as np
import pytest

from computelimits.benchmarks import (
    ERROR_RULES,
    error_to_metric,
    get_benchmark,
    list_benchmarks,
    metric_to_error,
    resolve_benchmark,
)
from computelimits.errors import UnknownNameError

PAPER_BENCHMARKS = {"imagenet", "cifar10", "cifar100", "coco", "conll2003", "wmt14-en-fr",
                    "wmt14-en-de", "squad11", "swb-hub500"}


def test_registry_holds_the_papers_benchmarks():
    df = list_benchmarks()
    assert set(df["benchmark"]) == PAPER_BENCHMARKS
    assert df["benchmark"].is_unique
    assert (df["training_set_size"] > 0).all()
    assert df["error_rule"].isin(ERROR_RULES.names()).all()


@pytest.mark.parametrize(
    ("name", "bid"),
    [
        ("ImageNet", "imagenet"),
        ("ILSVRC", "imagenet"),
        ("ilsvrc-2012", "imagenet"),
        ("CIFAR 10", "cifar10"),
        ("cifar-100", "cifar100"),
        ("MS COCO", "coco"),
        ("COCO test-dev", "coco"),
        ("CoNLL03", "conll2003"),
        ("WMT 2014 EN-FR", "wmt14-en-fr"),
        ("wmt2014 english-german", "wmt14-en-de"),
        ("SQuAD v1.1", "squad11"),
        ("Switchboard", "swb-hub500"),
        ("imagenet", "imagenet"),
    ],
)
def test_aliases(name, bid):
    assert resolve_benchmark(name) == bid


def test_unknown_benchmark_lists_candidates():
    with pytest.raises(UnknownNameError, match="unknown benchmark 'imagenett'") as exc:
        resolve_benchmark("imagenett")
    assert "imagenet" in exc.value.candidates


def test_unknown_benchmark_without_close_match_lists_all():
    with pytest.raises(UnknownNameError) as exc:
        resolve_benchmark("MNIST")
    assert exc.value.candidates  # never an empty "did you mean"


@pytest.mark.parametrize(
    ("bid", "metric_value", "error"),
    [
        ("imagenet", 76.1, 0.239),  # ResNet-50 top-1 76.1 % -> 23.9 % error
        ("cifar10", 96.0, 0.04),
        ("coco", 41.0, 0.59),  # box AP 41 -> 1 - 0.41
        ("conll2003", 92.8, 0.072),
        ("wmt14-en-de", 28.4, 0.716),  # Transformer (big), BLEU 28.4
        ("squad11", 93.2, 0.068),
        ("swb-hub500", 5.5, 0.055),  # word error rate is already an error
    ],
)
def test_metric_to_error(bid, metric_value, error):
    assert metric_to_error(bid, metric_value) == pytest.approx(error)
    assert error_to_metric(bid, error) == pytest.approx(metric_value)


def test_vectorised_conversion():
    out = metric_to_error("imagenet", np.array([50.0, 75.0]))
    np.testing.assert_allclose(out, [0.5, 0.25])


def test_direction_matches_rule():
    for bid in PAPER_BENCHMARKS:
        b = get_benchmark(bid)
        assert b.higher_is_better == (b.error_rule == "complement")


def test_alternative_metric_accepted_and_unknown_metric_rejected():
    assert metric_to_error("imagenet", 93.0, metric="top5") == pytest.approx(0.07)
    with pytest.raises(UnknownNameError, match="metric"):
        metric_to_error("imagenet", 93.0, metric="bleu")
