"""One presentation protocol: every result object has summary(fmt), __str__, _repr_html_, to_frame."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest

from computelimits.errors import InputError
from computelimits.presentation import FORMATS, Markup, Presentable, Table, Text, render


def _records(name: str = "Net^2 {big} 50% #1 $5 ~x <b>") -> pd.DataFrame:
    rng = np.random.default_rng(3)
    gflops = 10 ** rng.uniform(0, 3, 30)
    err = np.clip(10 ** (-0.5 - 0.1 * np.log10(gflops) + rng.normal(0, 0.03, 30)), 0.01, 0.9)
    return pd.DataFrame({"model": [f"{name} {i}" for i in range(30)], "benchmark": "imagenet",
                         "year": np.linspace(2012, 2020, 30), "error": err,
                         "flops_per_pass": gflops * 1e9, "params": gflops * 1e6})


def _results():
    from computelimits.costs import estimate_cost
    from computelimits.fitting import compare, fit, fit_periods
    from computelimits.fitting.impute import fit_imputation
    from computelimits.fitting.trends import fit_growth
    from computelimits.placement import place_on_fit
    from computelimits.simulation import SimulationSettings, run_simulation
    from computelimits.training import training_compute

    df = _records()
    poly = fit(df, benchmark="imagenet")
    q = fit(df, benchmark="imagenet", quantile=0.2)
    sim = run_simulation(SimulationSettings(sims=3, d=20, s=3, n=(10, 15, 30), seed=1))
    return {
        "FitResult": poly,
        "RegressionTable": compare([poly, q], title="Table ^1_"),
        "ImputationModel": fit_imputation(df, benchmark="imagenet"),
        "GrowthTrend": fit_growth([2012, 2013, 2014, 2015], [1e18, 2e19, 1e20, 3e21]),
        "Placement": place_on_fit(poly, 0.3, 5e9, label="my^net_{x}"),
        "SimulationResult": sim,
        "CrossingTable": sim.crossings(bootstrap=20),
        "PeriodFits": fit_periods(df, benchmark="imagenet", split_years=[2016]),
        "CostEstimate": estimate_cost(1e23),
        "TrainingCompute": training_compute(2 * 4.1e9, 1_281_167, 90),
    }


@pytest.fixture(scope="module")
def results():
    return _results()


def test_every_result_object_follows_the_protocol(results):
    for name, r in results.items():
        assert isinstance(r, Presentable), name
        params = list(inspect.signature(r.summary).parameters.values())
        assert params[0].name == "fmt" and params[0].default == "text", name
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[1:]), name
        text = r.summary("text")
        assert str(r) == text and text, name
        html = r._repr_html_()
        assert html == r.summary("html") and html.lstrip().startswith("<"), name
        latex = r.summary("latex")
        assert latex and "<b>" not in latex, name
        assert isinstance(r.to_frame(), pd.DataFrame) and len(r.to_frame()), name
        with pytest.raises(InputError):
            r.summary("docx")


def test_user_text_is_escaped_in_html_and_latex(results):
    cmp = results["RegressionTable"].summary("latex")
    assert r"Table \textasciicircum{}1\_" in cmp and "$R^{2}$" in cmp and "$^{***}$" in cmp
    place = results["Placement"]
    assert r"my\textasciicircum{}net\_\{x\}" in place.summary("latex")
    assert "<pre" in place.summary("html") and "my^net_{x}" in place.summary("html")
    t = Table("<script>", [[("", 1), ("a&b", 1)]], [["x<y", Markup("R^2", html="R<sup>2</sup>")]])
    html = render([t], "html")
    assert "&lt;script&gt;" in html and "<script>" not in html and "a&amp;b" in html
    assert "R<sup>2</sup>" in html


def test_text_block_keeps_lines_and_indents():
    b = Text(["head", "  indented 10%", ""])
    assert b.render("text") == "head\n  indented 10%\n"
    tex = b.render("latex")
    assert r"\quad indented 10\%" in tex and tex.startswith(r"\begin{flushleft}")


def test_summary_text_unchanged_for_placement_readme_layout(results):
    lines = str(results["Placement"]).splitlines()
    assert lines[0].startswith("my^net_{x} on imagenet: error 0.3 at 5 GFLOP")
    assert lines[1].startswith("  trend (polynomial): a = ")


def test_formats_are_the_three_documented():
    assert FORMATS == ("text", "html", "latex")


def test_flop_count_follows_the_protocol():
    torch = pytest.importorskip("torch")
    from computelimits.flops import count_flops

    fc = count_flops(torch.nn.Linear(4, 3), input_shape=(1, 4))
    assert isinstance(fc, Presentable)
    assert str(fc) == fc.summary() and "<pre" in fc._repr_html_()
    assert r"\begin{flushleft}" in fc.summary("latex") and len(fc.to_frame())


def test_a_result_class_without_the_protocol_cannot_be_made():
    class Half(Presentable):
        def _summary_blocks(self):
            return [Text(["x"])]

    with pytest.raises(TypeError):
        Half()
