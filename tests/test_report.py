"""``computelimits reproduce``: every promised file, the rows of every table, the manifest, the
refusal to overwrite, atomic output, failed stages, and the comparison with the paper.

The end-to-end run (``small_report`` in conftest.py: 5 simulations, 50 bootstrap draws) is shared
with tests/test_report_browser.py.
"""

from __future__ import annotations

import json
import os
import re

import pandas as pd
import pytest

from computelimits.report import STAGES

FIGURES = ("figure6", "figure1a", "figure1b", "figure2a", "figure2b", "figure3", "figure10",
           "figure4_polynomial", "figure4_exponential", "figure7", "figure8", "figure9",
           "backtest_forecasts", "algorithmic_progress", "modern_error_vs_training_compute")
TABLES = ("figure6_data_summary", "figure1_crossings", "figure1_curves", "table1", "table2",
          "table3", "table4", "figure4", "figure4_paper_coefficients", "figure4_printed_check",
          "figure7_imputation", "table1_imputation", "figure8_quantile", "figure9_specifications",
          "backtest_scores", "backtest_calibration", "algorithmic_progress")
STAGE_NAMES = ("data", "figure1", "figure2", "tables12", "figure3", "figure10", "figure4",
               "figures789", "backtest", "modern")
FIVE = ("imagenet", "coco", "squad11", "conll2003", "wmt14-en-fr")


@pytest.fixture(scope="module")
def rep(small_report):
    assert small_report.exit_code == 0, (small_report.stderr, small_report.exception)
    return small_report


def _csv(rep, name) -> pd.DataFrame:
    return pd.read_csv(rep.out / "tables" / f"{name}.csv")


# ---------------------------------------------------------------- the run and its files
def test_stages_registered_in_paper_order():
    assert tuple(STAGES.names()) == STAGE_NAMES


def test_json_summary_and_no_failed_stage(rep):
    d = json.loads(rep.stdout)
    assert d["failed_stages"] == {}
    assert set(d["stage_seconds"]) == {*STAGE_NAMES, "write"}
    assert d["report_html"].endswith("report.html")
    assert "report.md" in d["files"] and "manifest.json" in d["files"]


def test_every_promised_file_exists(rep):
    out = rep.out
    for f in ("report.html", "report.md", "manifest.json", "tables/comparison_with_paper.csv"):
        assert (out / f).is_file(), f
    for name in FIGURES:
        for ext in ("png", "svg"):
            p = out / "figures" / f"{name}.{ext}"
            assert p.is_file() and p.stat().st_size > 1000, p
        data = pd.read_csv(out / "figures" / f"{name}.csv")   # the data behind every figure
        assert len(data) >= 3 and len(data.columns) >= 3, name
        assert (out / "figures" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for name in TABLES + ("figure2a_growth",):
        assert (out / "tables" / f"{name}.csv").is_file(), name
        tex = (out / "tables" / f"{name}.tex").read_text()
        assert "\\begin{tabular}" in tex or "\\begin{table}" in tex, name


def test_atomic_no_temporary_folders_left(rep):
    leftovers = [p.name for p in rep.out.parent.iterdir() if p.name != rep.out.name]
    assert leftovers == []
    assert not [p for p in rep.out.rglob("*.tmp")]


# ---------------------------------------------------------------- rows of every table
def test_regression_tables_have_the_papers_columns_and_statistics(rep):
    stats = {"const", "const_se", "slope", "slope_se", "nobs", "r2", "r2_adj", "resid_se", "f",
             "exponent"}
    t1 = _csv(rep, "table1")
    assert list(t1.columns) == ["statistic", "(1)", "(2)"]
    assert stats <= set(t1["statistic"])
    v = t1.set_index("statistic")
    # Table 1 column 1 (error itself) is the error-linear form; "exponential" is Table 4's model
    assert v.loc["form", "(1)"] == "error-linear" and v.loc["form", "(2)"] == "polynomial"
    assert float(v.loc["nobs", "(1)"]) == float(v.loc["nobs", "(2)"]) > 50
    t2 = _csv(rep, "table2").set_index("statistic")
    assert list(t2.columns) == ["(1)", "(2)"] and {"year", "year_se"} <= set(t2.index)
    assert pd.isna(pd.to_numeric(t2.loc["year", "(1)"])) and float(t2.loc["year", "(2)"]) < 0
    for name, form in (("table3", "polynomial"), ("table4", "exponential")):
        t = _csv(rep, name).set_index("statistic")
        benches = list(t.loc["benchmark"])
        assert benches[:5] == list(FIVE), (name, benches)   # the paper's five columns, in order
        assert set(t.loc["form"]) == {form} and set(t.loc["x"]) == {"burden"}
        assert list(t.columns[:5]) == [f"({i}) {n}" for i, n in enumerate(
            ["ImageNet (ILSVRC-2012)", "MS COCO (test-dev)", "SQuAD 1.1",
             "CoNLL-2003 (English NER)", "WMT 2014 English-French"], 1)]


def test_regression_csv_is_full_precision_and_matches_fit(rep):
    from computelimits.fitting import fit

    t1 = _csv(rep, "table1").set_index("statistic")
    r = fit(benchmark="imagenet")
    assert float(t1.loc["slope", "(2)"]) == pytest.approx(r.slope, rel=1e-12)
    assert float(t1.loc["r2", "(2)"]) == pytest.approx(r.rsquared, rel=1e-12)


def test_figure4_table_has_benchmark_by_target_rows(rep):
    f4 = _csv(rep, "figure4")
    assert len(f4) == 5 * 2 * 3
    assert set(f4["benchmark"]) == set(FIVE) and set(f4["column"]) == {"polynomial", "exponential"}
    counts = f4.groupby(["benchmark", "column"])["row"].apply(list)
    assert all(v == ["today", "target1", "target2"] for v in counts)
    targets = f4[f4["row"] != "today"]
    assert targets["paper_log10_gflops"].notna().all()   # the paper's targets, so printed cells
    assert (targets["log10_gflops"] > f4[f4["row"] == "today"]["log10_gflops"].min()).all()
    pc = _csv(rep, "figure4_paper_coefficients")
    assert len(pc) == 30
    chk = _csv(rep, "figure4_printed_check")
    assert len(chk) == 90 and chk["consistent"].all()


def test_data_crossing_and_backtest_tables(rep):
    from computelimits.benchmarks import list_benchmarks

    f6 = _csv(rep, "figure6_data_summary")
    assert list(f6["benchmark"]) == list(list_benchmarks()["benchmark"])
    assert {"paper_with_computation", "paper_with_hardware_burden"} <= set(f6.columns)
    cr = _csv(rep, "figure1_crossings")
    assert list(cr["model"]) == ["oracle", "expert", "flexible", "regularized"]
    assert cr.set_index("model").loc["flexible", "paper_n"] == 1500
    curves = _csv(rep, "figure1_curves")
    assert set(curves["sims"]) == {5} and len(curves) == 4 * curves["n"].nunique()
    sc = _csv(rep, "backtest_scores")
    assert "polynomial-mean-paper" in set(sc["variant"]) and len(sc) == 16
    ap = _csv(rep, "algorithmic_progress")
    assert ap["doubling_months"].notna().all() and len(ap) >= 3


def test_backtest_numbers_are_the_librarys(rep):
    from computelimits.backtest import backtest

    sc = _csv(rep, "backtest_scores")
    ours = backtest(benchmark="imagenet").scores()
    pd.testing.assert_series_equal(sc["mae_error"], ours["mae_error"], check_exact=False,
                                   rtol=1e-12)


# ---------------------------------------------------------------- beside the paper
def test_comparisons_cover_every_stage_with_reasons(rep):
    c = _csv(rep, "comparison_with_paper")
    assert set(STAGE_NAMES) <= set(c["section"])
    assert c["why"].notna().all() and (c["why"].str.len() > 10).all()
    differ = c[c["agrees"] == False]  # noqa: E712 - a CSV column of True/False/empty
    assert len(differ) > 0
    assert not differ["why"].str.startswith("Agrees").any()
    agree = c[c["agrees"] == True]  # noqa: E712
    assert len(agree) > 0
    # the headline numbers the issue names are all there
    items = " | ".join(c["item"])
    for needle in ("slope on log10(computation)", "observations", "R^2",
                   "Computation = O(Performance^k)", "target 5%", "flexible model",
                   "regularized model", "oracle model"):
        assert needle in items, needle
    fig1 = c[c["section"] == "figure1"].set_index("item")
    assert sorted(fig1["paper"].astype(float)) == [15, 175, 1500]


def test_why_sentences_carry_the_numbers(rep):
    """Reasons are computed from the data (model counts, years), not canned."""
    from computelimits.fitting import fit

    c = _csv(rep, "comparison_with_paper")
    r = fit(benchmark="imagenet")
    nobs = c[(c["source"] == "Table 1 (2)") & (c["item"] == "polynomial: observations")]
    assert len(nobs) == 1
    why = nobs["why"].iloc[0]
    assert f"{r.nobs} models" in why and "51" in why and "July 2020" in why
    assert str(int(r.data["year"].max())) in why


# ---------------------------------------------------------------- manifest, pages
def test_manifest_fields(rep):
    m = json.loads((rep.out / "manifest.json").read_text())
    for k in ("computelimits_version", "created_utc", "python", "platform", "versions",
              "settings", "dataset_sha256", "stage_seconds", "total_seconds", "failed_stages",
              "figures", "tables", "results"):
        assert k in m, k
    assert m["settings"] == {"sims": 5, "seed": 0, "bootstrap": 50, "stages": list(STAGE_NAMES),
                             "include_extra_data": True, "epoch_models": None}
    assert m["versions"]["numpy"] and m["versions"]["matplotlib"] and m["versions"]["pandas"]
    assert m["dataset_sha256"] and all(re.fullmatch(r"[0-9a-f]{64}", v)
                                       for v in m["dataset_sha256"].values())
    from computelimits.datasets import dataset_sha256

    assert m["dataset_sha256"]["models.csv"] == dataset_sha256("models.csv")
    assert set(m["stage_seconds"]) == {*STAGE_NAMES, "write"}
    assert all(v >= 0 for v in m["stage_seconds"].values())
    assert m["failed_stages"] == {}
    assert "backtest" in m["results"] and "scores" in m["results"]["backtest"]["backtest"]
    assert m["results"]["figure1"]["settings"]["sims"] == 5
    assert all((rep.out / f).is_file() for f in m["figures"])


def test_html_is_self_contained(rep):
    html = (rep.out / "report.html").read_text()
    assert len(re.findall(r'<figure role="img"[^>]*><svg ', html)) == len(FIGURES)  # inlined
    srcs = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert all(s.startswith("data:") for s in srcs)
    assert "<script" not in html and 'rel="stylesheet"' not in html
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    for key in STAGE_NAMES:
        assert f'<section id="{key}">' in html
    assert "At a glance" in html and "@media print" in html and "<h2>Summary</h2>" in html


def test_markdown_links_existing_figures_and_tables(rep):
    md = (rep.out / "report.md").read_text()
    for link in re.findall(r"\]\((figures/[^)]+)\)", md):
        assert (rep.out / link).is_file(), link
    for link in re.findall(r"`(tables/[^`]+\.(?:csv|tex))`", md):
        assert (rep.out / link).is_file(), link
    assert "## Tables 1 and 2" in md and "Beside the paper" in md


# ---------------------------------------------------------------- refusal, force, atomicity
def test_refuses_to_overwrite_a_non_empty_folder(runner, cli_app, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    res = runner.invoke(cli_app, ["reproduce", "--out", str(out)])
    assert res.exit_code == 2
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error:") and "--force" in err
    assert (out / "notes.txt").read_text() == "keep me" and sorted(os.listdir(out)) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_force_replaces_atomically_and_reports_progress(tmp_path):
    from computelimits.io import atomic_write_text, output_folder
    from computelimits.report import reproduce

    out = tmp_path / "rep"
    with output_folder(out) as earlier:  # an earlier output of ours, with a file now stale
        atomic_write_text(earlier / "old.txt", "old")
    seen = []
    res = reproduce(out, sims=2, seed=1, force=True, stages=["figure1"],
                    progress=lambda name, i, total: seen.append((name, i, total)))
    assert res.ok and not (out / "old.txt").exists() and (out / "report.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]   # no temp or backup left
    assert seen[0] == ("figure1", 0, 1) and seen[-1] == ("writing", 1, 1)
    assert any(n.startswith("figure1 ") and "/2" in n for n, _, _ in seen)  # simulations done
    m = json.loads((out / "manifest.json").read_text())
    assert m["settings"]["stages"] == ["figure1"] and m["settings"]["seed"] == 1


def test_an_empty_folder_is_used_without_force(tmp_path):
    from computelimits.report import reproduce

    out = tmp_path / "empty"
    out.mkdir()
    res = reproduce(out, stages=["tables12"])
    assert res.ok and (out / "tables" / "table1.csv").is_file()


def test_a_failing_stage_is_reported_not_fatal(monkeypatch, tmp_path, runner, cli_app):
    import computelimits.datasets as ds

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(ds, "summarize", broken)
    out = tmp_path / "r"
    res = runner.invoke(cli_app, ["reproduce", "--out", str(out), "--stage", "data",
                                  "--stage", "tables12", "--json"])
    assert res.exit_code == 1
    d = json.loads(res.stdout)
    assert set(d["failed_stages"]) == {"data"} and "boom" in d["failed_stages"]["data"]
    html = (out / "report.html").read_text()
    assert "This stage failed: RuntimeError: boom" in html and "Table 1" in html
    assert json.loads((out / "manifest.json").read_text())["failed_stages"]["data"]


@pytest.mark.parametrize("args, needle", [
    (["--stage", "nope"], "report stage"),
    (["--sims", "0"], "sims"),
    (["--bootstrap", "-1"], "bootstrap"),
])
def test_bad_options_exit_2(runner, cli_app, tmp_path, args, needle):
    res = runner.invoke(cli_app, ["reproduce", "--out", str(tmp_path / "x"), *args])
    assert res.exit_code == 2
    assert needle in (res.stderr + res.stdout)
    assert not (tmp_path / "x").exists()


# ---------------------------------------------------------------- pieces
EPOCH_HEADER = "Model,Organization,Publication date,Domain,Training compute (FLOP),Confidence\n"


def _epoch_csv(path, n=40):
    """A small Epoch-style export: training compute growing 10x a year from 2012."""
    rows = [f"model-{i},Org,{2005 + i // 2}-0{1 + i % 2 * 5}-15,Vision,{10.0 ** (12 + (i // 2 - 7)):.3e},"
            "Confident" for i in range(n)]
    path.write_text(EPOCH_HEADER + "\n".join(rows) + "\n")
    return path


def test_figure2a_is_drawn_from_the_bundled_extract():
    """No reference data needed: the package ships the extract, recorded with its sha256."""
    import matplotlib.pyplot as plt

    from computelimits.datasets import dataset_sha256, load_manifest
    from computelimits.report.pipeline import ReportContext, ReportSettings
    from computelimits.report.stages.fig2 import stage_figure2

    ctx = ReportContext(ReportSettings())
    sec = stage_figure2(ctx)
    plt.close("all")
    assert [f.name for f in sec.figures] == ["figure2a", "figure2b"]
    assert sec.figures[0].inputs == ("epoch_models", "hardware")
    assert len(sec.figures[0].data) == load_manifest()["files"]["epoch_training_compute.csv"]["rows"]
    inp = ctx.inputs["epoch_models"]
    assert inp.origin == "bundled" and inp.sha256 == dataset_sha256("epoch_training_compute.csv")
    meta = load_manifest()["files"]["epoch_training_compute.csv"]
    assert meta["licence"] == "CC BY 4.0" and "Epoch AI" in meta["attribution"]


def test_epoch_models_file_is_an_explicit_recorded_input(tmp_path):
    import hashlib

    from computelimits.report import reproduce

    src = _epoch_csv(tmp_path / "newer_export.csv")
    out = tmp_path / "rep"
    res = reproduce(out, stages=["figure2"], epoch_models=src)
    assert res.ok
    m = json.loads((out / "manifest.json").read_text())
    e = m["inputs"]["epoch_models"]
    assert e["origin"] == "given" and e["path"] == str(src)
    assert e["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert m["figure_inputs"]["figure2a"] == ["newer_export.csv", "hardware.csv"]
    assert m["figure_inputs"]["figure2b"] == ["models.csv"]
    assert m["settings"]["epoch_models"] == str(src)
    data = pd.read_csv(out / "figures" / "figure2a.csv")
    assert len(data) == 40 and data["model"].iloc[0] == "model-0"


def test_epoch_models_from_the_environment_and_missing_file(runner, cli_app, tmp_path,
                                                            monkeypatch):
    src = _epoch_csv(tmp_path / "env_export.csv")
    monkeypatch.setenv("COMPUTELIMITS_EPOCH_MODELS", str(src))
    res = runner.invoke(cli_app, ["reproduce", "--out", str(tmp_path / "r"), "--stage",
                                  "figure2", "--json"])
    assert res.exit_code == 0, res.stderr
    m = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert m["inputs"]["epoch_models"]["file"] == "env_export.csv"
    res = runner.invoke(cli_app, ["reproduce", "--out", str(tmp_path / "x"), "--epoch-models",
                                  str(tmp_path / "nope.csv")])
    assert res.exit_code == 2 and "nope.csv" in res.stderr and not (tmp_path / "x").exists()


def test_comparison_agreement_and_formatting():
    from computelimits.report.model import Comparison, comparison_frame
    from computelimits.report.render import fmt_number

    assert Comparison("Table 1", "slope", -0.11, -0.1075, digits=2).agrees is True
    no_iv = Comparison("Table 1", "slope", -0.11, -0.1049, digits=2)
    assert no_iv.agrees is None and no_iv.category == "no interval"
    assert Comparison("Figure 1", "n", 1500, 1530.0, digits=-2).agrees is True
    assert Comparison("x", "y", "text", None).agrees is None
    df = comparison_frame([Comparison("Table 1", "slope", -0.11, -0.1, digits=2)], section="t")
    assert list(df.columns)[:2] == ["section", "source"] and df["difference"].iloc[0] == \
        pytest.approx(0.01)
    assert fmt_number(1500.0, -2) == "1,500" and fmt_number(-0.10751, 3) == "-0.108"
    assert fmt_number(1427.3) == "1,427.3" and fmt_number(316) == "316"
    assert fmt_number(1427.26, 0) == "1,427" and fmt_number(1500.0, -2) == "1,500"
    assert fmt_number(float("nan")) == "" and fmt_number(float("inf")) == "∞"



# ---------------------------------------------------------------- what each comparison shows
def test_category_follows_from_the_numbers():
    """A value inside the paper's interval is never 'inconsistent'; one outside is, unless it
    matches the printed digits; counts and standard errors are 'not comparable'."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from computelimits.report.model import CATEGORIES, Comparison

    finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)

    @settings(max_examples=300, deadline=None)
    @given(paper=finite, half=st.floats(1e-6, 1e5), t=st.floats(-3, 3), digits=st.integers(-2, 4),
           of=st.sampled_from(["paper", "ours"]))
    def check(paper, half, t, digits, of):
        lo, hi = paper - half, paper + half
        ours = paper + t * half
        c = Comparison("Table 1", "slope", paper=paper, ours=ours, digits=digits,
                       interval=(lo, hi) if of == "paper" else (ours - half, ours + half),
                       interval_of=of)
        assert c.category in CATEGORIES
        inside = abs(t) <= 1
        if inside:
            assert c.category in ("matches", "consistent")
            assert c.agrees is True
        elif not c.matches:
            assert c.category == "inconsistent" and c.agrees is False

    check()
    nc = Comparison("Table 1", "observations", paper=51, ours=316, digits=0,
                    not_comparable="a count of a different dataset")
    assert nc.category == "not comparable" and nc.agrees is None
    assert Comparison("F1", "n", paper=1500, ours=1530.0, digits=-2).category == "matches"
    unb = Comparison("F4", "x", paper=93.0, ours=40.0, digits=0, interval=(30.0, None),
                     interval_of="ours")
    assert unb.category == "consistent"          # unbounded above
    assert Comparison("F4", "x", paper=93.0, ours=40.0, digits=0, interval=(float("nan"), 50.0),
                      interval_of="ours").category == "no interval"


def test_comparison_rows_carry_their_category_and_it_follows_the_numbers(rep):
    c = _csv(rep, "comparison_with_paper")
    assert set(c["category"]) <= {"matches", "consistent", "inconsistent", "not comparable",
                                  "no interval"}
    with_iv = c[c["interval_of"].notna()]
    assert len(with_iv) > 20
    for r in with_iv.itertuples():
        tested = r.ours if r.interval_of == "paper" else r.paper
        lo = -float("inf") if pd.isna(r.interval_lower) else r.interval_lower
        hi = float("inf") if pd.isna(r.interval_upper) else r.interval_upper
        if lo <= tested <= hi:
            assert r.category != "inconsistent", r.item
        elif r.category != "matches":
            assert r.category == "inconsistent", r.item
    # the three groups that used to read "differ"
    se = c[c["item"].str.endswith("standard error")]
    assert len(se) >= 20 and set(se["category"]) <= {"not comparable", "matches"}
    counts = c[c["item"].str.endswith((": observations", ": F statistic"))]
    assert len(counts) >= 20 and set(counts["category"]) <= {"not comparable", "matches"}
    assert c["not_comparable"].notna().sum() == (c["category"] == "not comparable").sum() + \
        ((c["category"] == "matches") & c["not_comparable"].notna()).sum()
    inside_why = c[c["why"].str.contains("inside (?:its|our|the paper's) 95% interval", regex=True)]
    assert len(inside_why) > 10 and not (inside_why["category"] == "inconsistent").any()


def test_opening_summary_and_glance_counts(rep):
    md = (rep.out / "report.md").read_text()
    assert md.index("## Summary") < md.index("## At a glance") < md.index("## Figure 6")
    c = _csv(rep, "comparison_with_paper")
    total = re.search(r"^\| All sections \| (.+) \|$", md, flags=re.M).group(1).split(" | ")
    counts = c["category"].value_counts()
    assert int(total[0]) == len(c)
    assert [int(v) for v in total[1:5]] == [int(counts.get(k, 0)) for k in
                                            ("matches", "consistent", "inconsistent",
                                             "not comparable")]
    assert f"This report sets {len(c)} numbers beside the values the paper prints" in md
    assert "| item | paper | ours | 95% interval | what it shows |" in md
    assert "before July 2020" in md and "with a year trend the slope is" in md
    assert "the pooled line is steeper than either" in md


def test_report_svgs_carry_a_model_name_per_point(rep):
    import xml.etree.ElementTree as ET
    from xml.sax.saxutils import escape

    for f in (rep.out / "figures").glob("*.svg"):   # every file parses, every marker is defined
        root = ET.fromstring(f.read_bytes())
        ids = {el.get("id") for el in root.iter() if el.get("id")}
        refs = {v[1:] for el in root.iter() for k, v in el.attrib.items()
                if k.endswith("href") and v.startswith("#")}
        assert refs <= ids, (f.name, refs - ids)

    for name in ("figure2b", "figure3", "figure8"):
        svg = (rep.out / "figures" / f"{name}.svg").read_text()
        titles = re.findall(r"<title>(.*?)</title>", svg)
        data = pd.read_csv(rep.out / "figures" / f"{name}.csv")
        assert len(titles) == len(data), name
        joined = "\n".join(titles)
        for m in data["model"]:
            assert escape(m) in joined, (name, m)
        assert sum("; source: " in t for t in titles) >= 0.9 * len(titles), name
    html = (rep.out / "report.html").read_text()
    assert html.count("<title>") >= 316 and "source: arXiv:" in html
    f2a = (rep.out / "figures" / "figure2a.svg").read_text()
    assert f2a.count("source: Epoch AI</title>") == len(pd.read_csv(rep.out / "figures" /
                                                                    "figure2a.csv"))


def test_period_split_table(rep):
    t = _csv(rep, "imagenet_periods").set_index("statistic")
    assert list(t.columns) == ["all models", "before July 2020", "July 2020 on", "all, with year"]
    n = t.loc["nobs"].astype(float)
    assert n["before July 2020"] + n["July 2020 on"] == n["all models"]
    slope = t.loc["slope"].astype(float)
    # the pooled line is steeper than either period alone (later models sit lower)
    assert slope["all models"] < min(slope["before July 2020"], slope["July 2020 on"])


def test_citation_block_and_citation_file(rep):
    import yaml

    from computelimits._version import __version__

    md = (rep.out / "report.md").read_text()
    assert "## Citing this report" in md and "arXiv:2007.05558" in md.split("## Citing")[1]
    m = json.loads((rep.out / "manifest.json").read_text())
    src = _csv(rep, "sources")
    assert set(src["file"]) == {v["file"] for v in m["inputs"].values()}
    assert {"models.csv", "epoch_training_compute.csv", "paper_tables.csv"} <= set(src["file"])
    assert set(src["sha256"]) == {v["sha256"] for v in m["inputs"].values()}
    lic = src.set_index("file")["licence"]
    assert lic["epoch_training_compute.csv"] == "CC BY 4.0" and lic["models.csv"] == "CC BY-SA 4.0"
    from pathlib import Path

    cff = yaml.safe_load((Path(__file__).resolve().parents[1] / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and str(cff["version"]) == __version__
    assert cff["preferred-citation"]["identifiers"][0]["value"] == "arXiv:2007.05558"
    assert {"CC-BY-4.0", "CC-BY-SA-4.0"} <= {r["license"] for r in cff["references"]}
