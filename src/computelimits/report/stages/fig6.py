"""Figure 6: what the bundled dataset holds, beside the paper's counts."""

from __future__ import annotations

import math

from .._common import (
    _bname,
    _cmp,
    _figure,
    _finite,
    _paper_collected,
    _pv,
)
from ..model import Comparison, ReportTable, Section
from ..pipeline import STAGES, ReportContext
from ..prose import _source_kinds


@STAGES.register("data")
def stage_data(ctx: ReportContext) -> Section:
    """Figure 6: per benchmark, papers, models and how many have each measure of computation."""
    import pandas as pd

    from ...datasets import summarize
    from ...plotting.report import plot_data_summary

    summ = summarize(compare=True)
    models = ctx.models
    yr = models.groupby("benchmark")["year"].agg(["min", "max"])
    summ["first_year"] = summ["benchmark"].map(yr["min"]).apply(math.floor)
    summ["last_year"] = summ["benchmark"].map(yr["max"]).apply(math.floor)
    names = {b: _bname(b) for b in summ["benchmark"]}
    collected = _paper_collected()

    def pair(ours, paper):
        return f"{int(ours):,} / {int(paper):,}" if _finite(paper) else f"{int(ours):,}"

    display = pd.DataFrame({
        "Benchmark": [names[b] for b in summ["benchmark"]],
        "Papers (ours / paper's found)": [pair(a, b) for a, b in
                                          zip(summ["papers"], summ["paper_papers_found"], strict=True)],
        "Models": [pair(a, b) for a, b in zip(summ["models"], summ["paper_models"], strict=True)],
        "With computation per pass": [pair(a, b) for a, b in zip(
            summ["with_computation"], summ["paper_with_computation"], strict=True)],
        "With hardware burden": [pair(a, b) for a, b in zip(
            summ["with_hardware_burden"], summ["paper_with_hardware_burden"], strict=True)],
        "With both": [pair(a, b) for a, b in zip(summ["with_all"], summ["paper_with_all"],
                                                 strict=True)],
        "Published": [f"{a} to {b}" for a, b in zip(summ["first_year"], summ["last_year"],
                                                    strict=True)],
    })
    table = ReportTable(
        name="figure6_data_summary", title="Figure 6: the bundled dataset beside the paper's",
        frame=summ, display=display,
        caption=("Each cell: ours / the paper's (Figure 6). Counts are of models on each "
                 "benchmark's primary metric; the paper's 'papers found' counts every paper it "
                 "examined, ours the papers with at least one usable record."))
    ax = plot_data_summary(summ, labels=names)
    fig = _figure("figure6", "Figure 6: models with each measure of computation",
                  "Models with per-pass computation (left) and hardware burden (right), in the "
                  "bundled dataset and in the paper's Figure 6.", ax, data=summ,
                  inputs=("models", "figure6"))

    cmps = []
    for r in summ.itertuples():
        d = models[models["benchmark"] == r.benchmark]
        for col, paper_col, what, src_col in (
                ("with_computation", "paper_with_computation", "computation per network pass",
                 "flops_per_pass_source"),
                ("with_hardware_burden", "paper_with_hardware_burden", "hardware burden",
                 "training_time_s_source")):
            ours, paper = int(getattr(r, col)), getattr(r, paper_col)
            if not _finite(paper):
                continue
            paper = int(paper)
            if ours > paper:
                srcs = _source_kinds(d.loc[d[col.replace("with_computation", "flops_per_pass")
                                              .replace("with_hardware_burden",
                                                       "hardware_burden_flops")].notna(), src_col])
                why = (f"More: the open dataset covers {r.first_year} to {r.last_year} (the paper's "
                       f"data predate {collected}); sources of {what}"
                       + (" (training time)" if col == "with_hardware_burden" else "")
                       + f": {srcs}.")
            elif ours < paper:
                why = (f"Fewer by {paper - ours}: a value enters only when a public source states it "
                       + ("(chip, chip count and training time are all needed)"
                          if col == "with_hardware_burden" else "(or a released model can be counted)")
                       + "; the paper's hand-collected values are not public.")
            else:
                why = "Same count."
            cmps.append(Comparison(source="Figure 6", item=f"{names[r.benchmark]}: models with {what}",
                                   paper=paper, ours=ours, digits=0, why=why,
                                   not_comparable="a count of the dataset: the open dataset is "
                                                  "a different collection of models"))
    total_papers = (models["arxiv_id"].where(models["arxiv_id"].notna(), models["paper_title"])
                    .where(lambda s: s.notna(), models["model"]).nunique())
    p_papers, dig = _pv("Section 3.2", "n_papers", item="all benchmarks")
    cmps.append(_cmp("Section 3.2", "research papers", p_papers, dig, total_papers,
                     "Different definitions: the paper counts every paper it examined, with or "
                     f"without computational details; ours counts the {total_papers:,} papers "
                     "with at least one record on a primary metric.",
                     not_comparable="different definitions of what is counted"))
    short = summ[(summ["short_computation"] > 0) | (summ["short_hardware_burden"] > 0)]
    intro = (
        f"The dataset bundled with computelimits is an open rebuild of the paper's data: "
        f"{len(models):,} models on {len(summ)} benchmarks, published {int(summ['first_year'].min())} "
        f"to {int(summ['last_year'].max())}, each value with its source (see the dataset card). "
        f"The paper's data were collected before {collected} and are not public.\n\n"
        f"Where ours has fewer models with a measure of computation than the paper "
        f"({', '.join(names[b] for b in short['benchmark']) or 'nowhere'}), the regressions below "
        f"rest on fewer observations and their intervals are wider.")
    return Section(key="data", title="Figure 6: the data", intro=intro, figures=[fig],
                   tables=[table], comparisons=cmps,
                   data={"summary": summ.to_dict("records"), "n_models": int(len(models))})
