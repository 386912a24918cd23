"""The bundled dataset as a reader sees it (issue 15 item 5) and the one records loader."""

from __future__ import annotations

import pandas as pd
import pytest

from computelimits.datasets import READ_FIRST, load_models, load_records


def test_load_models_shows_what_people_read_first():
    df = load_models("imagenet")
    assert tuple(df.columns[: len(READ_FIRST)]) == READ_FIRST
    prov = [c for c in df.columns if c.endswith("_source")]
    assert prov and df.columns.get_loc(prov[0]) > df.columns.get_loc("hardware")
    assert list(df.columns[-len(prov) - 1:]) == [*prov, "notes"]


def test_load_models_can_leave_provenance_out():
    full = load_models("imagenet")
    lean = load_models("imagenet", provenance=False)
    assert not [c for c in lean.columns if c.endswith("_source") or c == "notes"]
    pd.testing.assert_frame_equal(lean, full[lean.columns])


def test_one_loader_for_every_kind_of_data(tmp_path):
    bundled = load_records(None, "imagenet")
    assert set(bundled["benchmark"]) == {"imagenet"}
    frame = load_records(bundled[["model", "benchmark", "year", "error", "flops_per_pass"]])
    assert len(frame) == len(bundled)
    p = tmp_path / "r.csv"
    frame[["model", "benchmark", "year", "error", "flops_per_pass"]].to_csv(p, index=False)
    assert len(load_records(p)) == len(bundled) and len(load_records(str(p), "ImageNet")) == len(bundled)
    with pytest.raises(Exception, match="DataFrame or a CSV path"):
        load_records(42)
