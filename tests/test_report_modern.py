"""The language-model chapter of `reproduce`, its projections and progress, and the backtest's
no-look-ahead on modern data."""

import math

import numpy as np
import pandas as pd
import pytest

import computelimits as cl
from computelimits.backtest import backtest
from computelimits.report.modern import TARGETS, modern_progress, modern_projections
from computelimits.sensitivity import sensitivity


@pytest.fixture(scope="module")
def chapter(tmp_path_factory):
    from computelimits.report.pipeline import reproduce

    out = tmp_path_factory.mktemp("rep") / "report"
    return reproduce(out, stages=["modern"])


def test_chapter_renders(chapter):
    assert chapter.ok, chapter.failed
    sec = chapter.sections[0]
    assert sec.title == "Beyond 2020: language models"
    assert sec.intro.startswith("Does Computation = O(Performance^9) hold")
    mm = sec.data["exponents"]["mmlu"]
    assert mm["models"] >= 200 and mm["exponent_lower"] < mm["exponent"] < mm["exponent_upper"]
    html = (chapter.out_dir / "report.html").read_text()
    assert "Beyond 2020: language models" in html and "Sensitivity of the implied exponent" in html
    svg = (chapter.out_dir / "figures" / "modern_error_vs_training_compute.svg").read_text()
    assert "<title>" in svg and "sample: " in svg          # points identifiable (tooltips)
    names = set(chapter.files)
    for t in ("modern_sensitivity", "modern_forms", "modern_progress", "modern_projections",
              "modern_backtest", "modern_mmlu_points"):
        assert f"tables/{t}.csv" in names
        frame = pd.read_csv(chapter.out_dir / "tables" / f"{t}.csv")
        assert "rule" in frame.columns and frame["rule"].notna().all(), t   # which rule
        assert {"sample", "samples"} & set(frame.columns), t                 # which sample


def test_chapter_headline_numbers_are_the_fits(chapter):
    r = cl.fit(benchmark="mmlu", x="training")
    mm = chapter.sections[0].data["exponents"]["mmlu"]
    assert abs(mm["exponent"] - r.exponent) < 1e-9 and mm["models"] == r.nobs


def test_projections_have_intervals_and_distance_to_largest_run():
    p = modern_projections().set_index("benchmark")
    assert set(p.index) == set(TARGETS)
    for _b, row in p.iterrows():
        assert row["flops_ci_lower"] < row["flops"] < row["flops_ci_upper"]
        assert row["usd_ci_lower"] < row["usd"] < row["usd_ci_upper"]
        assert row["co2_kg"] > 0 and row["energy_kwh"] > 0
        assert math.isclose(row["times_largest_run"], row["flops"] / row["largest_run_flops"])
        assert row["rule"] == "default"
    # MMLU 95%: the fitted line, from today's best model
    r = cl.fit(benchmark="mmlu", x="training")
    a, b = r.intercept, r.slope
    today = p.loc["mmlu", "today_error"]
    # paper anchoring: move along the slope from today's best model
    from computelimits.projection import project
    pr = project(r, [0.05], cost=None)
    assert math.isclose(pr.to_frame().iloc[0]["flops"], p.loc["mmlu", "flops"], rel_tol=1e-9)
    assert today > 0.05 and a != 0 and b < 0


def test_progress_table_has_published_estimate():
    s = sensitivity("mmlu", ["default", "sample:epoch-hub"], draws=10)
    t = modern_progress(s)
    ho = t[t["citation"] == "arXiv:2403.05812v1 abstract"].iloc[0]
    assert (ho["halving_months"], ho["halving_months_lower"], ho["halving_months_upper"]) == (8, 5, 14)
    ours = t[t["rule"] == "sample:epoch-hub"].iloc[0]
    assert ours["gain_per_year_lower"] < ours["gain_per_year"] < ours["gain_per_year_upper"]


def test_backtest_on_modern_data_has_no_look_ahead():
    d = cl.load_models("mmlu")
    d = d[d["year"].notna() & d["training_compute_flops"].notna()]
    kw = dict(benchmark="mmlu", x="training", cutoffs=[2022],
              variants=["polynomial-mean-paper", "polynomial-mean-regression"])
    base = backtest(d, **kw)
    later = d["year"].to_numpy() >= 2023
    assert later.sum() > 20
    # scramble what happened after the cut-off: the fits and forecasts must not move
    d2 = d.copy()
    d2.loc[later, "error"] = np.clip(d2.loc[later, "error"] * 0.5, 1e-3, 0.99)
    d2.loc[later, "metric_value"] = 1 - d2.loc[later, "error"]
    d2.loc[later, "training_compute_flops"] = d2.loc[later, "training_compute_flops"] * 100
    moved = backtest(d2, **kw)
    f1, f2 = base.fits, moved.fits
    assert np.allclose(f1["slope"], f2["slope"]) and np.allclose(f1["intercept"], f2["intercept"])
    assert (f1["n_train"] == int((d["year"] < 2023).sum())).all()
    # the forecasts of each later model use only the fit
    p1 = base.forecasts.set_index(["variant", "model"])["pred_error"]
    p2 = moved.forecasts.set_index(["variant", "model"])["pred_error"]
    r = cl.fit(d[d["year"] < 2023], benchmark="mmlu", x="training")
    m = base.forecasts[base.forecasts["variant"] == "polynomial-mean-regression"]
    assert np.allclose(m["pred_error"], r.predict(m["x_value"].to_numpy()))
    assert not np.allclose(p1.to_numpy(), p2.to_numpy())      # later models' compute did change
