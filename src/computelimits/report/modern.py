"""Report chapter "Beyond 2020: language models": the paper's question asked of today's models.

Registered as the report stage ``modern`` (after the paper's chapters). It answers, per
language-model benchmark, with training compute as the computation: the implied exponent with its
interval and the number of models, against the paper's 9 for ImageNet and the theory's 4; how much
the answer moves with the rows fitted (:mod:`computelimits.sensitivity`); which functional form the
data prefer (:mod:`computelimits.fitting.floors`); algorithmic progress beside published
estimates; what reaching target scores would take; and how the paper's method would have fared
had it been applied at earlier cut-offs (:mod:`computelimits.backtest`).
"""

from __future__ import annotations

import math
from typing import Any

from . import stages as _paper_stages  # noqa: F401  (the paper's chapters register first)
from .model import Comparison, ReportFigure, ReportTable, Section
from .pipeline import STAGES, ReportContext

__all__ = ["stage_modern", "CHAPTER_RULES", "TARGETS", "PAPER_IMAGENET_EXPONENT",
           "THEORY_EXPONENT", "modern_projections", "modern_progress"]

#: Selection rules shown in the chapter's sensitivity table.
CHAPTER_RULES = ("default", "all", "frontier", "open", "within-family", "no-distilled",
                 "sample:epoch-hub", "sample:obsscaling", "sample:sloth")
#: Target scores of the projections: benchmark -> target error (MMLU 95 %, GPQA Diamond 90 %).
TARGETS = {"mmlu": 0.05, "gpqa-diamond": 0.10}
#: The paper's ImageNet reading (section 3.2: "Computation = O(Performance^9)") and the theory's
#: best case (section 3.1: at least the fourth power).
PAPER_IMAGENET_EXPONENT = 9
THEORY_EXPONENT = 4
#: Projection cost model and chip (a 2020s training run: tensor peak, Epoch's median MFU).
COST_MODEL, CHIP = "hardware", "H100"
BACKTEST_BENCHMARK = "mmlu"
MIN_MODELS = 30
#: Draws of the compute-uncertainty simulation in the chapter.
DRAWS = 50


def _p(v: float, digits: int = 3) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    if math.isinf(v):
        return "unbounded" if v > 0 else "-unbounded"
    return f"{v:.{digits}g}"


def _fit_training(bench: str):
    from ..fitting import fit

    return fit(benchmark=bench, x="training", x_unit="FLOP")


def modern_progress(sens) -> Any:
    """Algorithmic progress per benchmark and rule (from a :class:`SensitivityResult`) with the
    published language-model estimates (Ho et al. 2024) appended; one DataFrame."""
    import pandas as pd

    from ..progress import load_published_progress

    t = sens.to_frame()
    rows = [dict(source=f"this toolkit: {r['benchmark']}, rule {r['rule']}", benchmark=r["benchmark"],
                 rule=r["rule"], samples=r["samples"], models=r["year_rows"],
                 gain_per_year=r["gain_per_year"], gain_per_year_lower=r["gain_per_year_lower"],
                 gain_per_year_upper=r["gain_per_year_upper"], halving_months=r["halving_months"],
                 halving_months_lower=r["halving_months_lower"],
                 halving_months_upper=r["halving_months_upper"], level=r["level"],
                 citation="computelimits (fit with a year trend on training compute)")
            for r in t.to_dict("records") if r["rule"] in ("default", "sample:epoch-hub", "open")]
    pub = load_published_progress()
    for r in pub[pub["benchmark"] == "language-modelling"].to_dict("records"):
        m = float(r["value"])
        rows.append(dict(source=f"{r['authors'].split(',')[0]} et al. ({r['year']}), {r['title']}",
                         benchmark=r["benchmark"], rule="published", samples=r["compute_measure"],
                         models=float("nan"), gain_per_year=2 ** (12 / m),
                         gain_per_year_lower=2 ** (12 / float(r["ci_upper"])),
                         gain_per_year_upper=2 ** (12 / float(r["ci_lower"])), halving_months=m,
                         halving_months_lower=float(r["ci_lower"]),
                         halving_months_upper=float(r["ci_upper"]), level=float(r["level"]),
                         citation=r["citation"]))
    return pd.DataFrame(rows)


def modern_projections(targets: dict[str, float] | None = None, level: float = 0.95) -> Any:
    """Training compute, energy, CO2 and dollars to reach each target score, with intervals, and
    how far each lies beyond the largest training run in the data (default-rule fit)."""
    import pandas as pd

    from ..modern import load_modern
    from ..projection import project
    from ..sensitivity import _samples

    rows = []
    for bench, target in (targets or TARGETS).items():
        r = _fit_training(bench)
        p = project(r, [target], cost=COST_MODEL, chip=CHIP, level=level)
        f = p.to_frame().iloc[0]
        largest = float(load_modern(rule="all")["training_compute_flops"].max())
        largest_b = float(r.data["x_value"].max())
        used = load_modern(bench)
        used = used[used["model"].isin(set(r.data["model"]))]
        rows.append(dict(
            benchmark=bench, target_score=1 - target, target_error=target, rule="default",
            samples=_samples(used),
            models=r.nobs, today_model=p.relation.today_model, today_error=p.today_error,
            flops=f["flops"], flops_ci_lower=f["flops_ci_lower"], flops_ci_upper=f["flops_ci_upper"],
            energy_kwh=f["energy_kwh"], energy_kwh_ci_lower=f["energy_kwh_ci_lower"],
            energy_kwh_ci_upper=f["energy_kwh_ci_upper"], co2_kg=f["co2_kg"],
            co2_kg_ci_lower=f["co2_kg_ci_lower"], co2_kg_ci_upper=f["co2_kg_ci_upper"],
            usd=f["usd"], usd_ci_lower=f["usd_ci_lower"], usd_ci_upper=f["usd_ci_upper"],
            largest_run_flops=largest, largest_run_benchmark_flops=largest_b,
            times_largest_run=f["flops"] / largest, cost_model=f"{COST_MODEL} ({CHIP})"))
    return pd.DataFrame(rows)


def _headline(sens, benches: list[str]) -> str:
    parts = []
    for b in benches:
        r = sens.get(b, "default")
        t = sens.to_frame()
        t = t[(t["benchmark"] == b) & (t["models"] >= 20) & t["exponent"].map(math.isfinite)]
        lo_r, hi_r = t["exponent"].min(), t["exponent"].max()
        parts.append(
            f"**{b}**: exponent {_p(r['exponent'])} (95% interval {_p(r['exponent_lower'])} to "
            f"{_p(r['exponent_upper'])}, {r['models']} models, default rule); "
            f"{_p(lo_r)} to {_p(hi_r)} across the selection rules with at least 20 models")
    return ("Does Computation = O(Performance^9) hold for today's language models? With training "
            "compute as the computation and one row per model, the implied exponent (error falls "
            "as computation^(-1/exponent)) is, per benchmark: " + "; ".join(parts) + ". "
            f"The paper found about {PAPER_IMAGENET_EXPONENT} for ImageNet (computation per "
            f"pass); theory gives {THEORY_EXPONENT} at best. So: the power is still high, far "
            "above the theory's 4 on most benchmarks, but *which* high power depends on the sample "
            "and selection as much as on the benchmark, as the sensitivity table shows. Near a "
            "benchmark's chance floor (GPQA Diamond) or ceiling the log-log line is a poor "
            "description, and exponents there are not comparable with the paper's.")


def _backtest_sentence(res) -> str:
    s = res.scores().set_index("variant")
    pv = res.paper_variant
    if pv is None or pv not in s.index:
        return ""
    r = s.loc[pv]
    best = s["mae_log10_flops"].idxmin()
    return (f"Had the paper's method ({pv}: log-log mean fit, anchored on the best model) been used "
            f"at each cut-off, its forecasts of the training compute needed for the next record "
            f"{'MMLU' if res.benchmark == 'mmlu' else res.benchmark} scores would have been off by "
            f"{_p(r['mae_log10_flops'])} orders of magnitude on average (bias "
            f"{_p(r['bias_log10_flops'])}: "
            f"{'too much' if r['bias_log10_flops'] > 0 else 'too little'} compute), and its 80% "
            f"intervals covered {_p(100 * r['coverage80'])}% of outcomes. The best variant here "
            f"({best}) was off by {_p(s.loc[best, 'mae_log10_flops'])}. Early cut-offs rest on a "
            "handful of models with a shallow slope, which is where the paper's method misleads "
            "most: it projects that records need far more compute than they used.")


@STAGES.register("modern")
def stage_modern(ctx: ReportContext) -> Section:
    """Beyond 2020: the implied exponent, its sensitivity, forms, progress, projections and a
    backtest for language models, with training compute as the computation."""
    import numpy as np
    import pandas as pd

    from ..backtest import backtest
    from ..benchmarks import get_benchmark
    from ..fitting import compare_forms
    from ..modern import load_modern
    from ..plotting.modern import plot_training_grid
    from ..sensitivity import default_benchmarks, sensitivity

    recs = load_modern(rule="all")
    benches = default_benchmarks(recs, min_models=MIN_MODELS)
    sens = sensitivity(benches, CHAPTER_RULES, data=recs, draws=DRAWS, seed=ctx.settings.seed)
    tables, figures, notes = [], [], []
    tables.append(ReportTable(
        name="modern_sensitivity", title="Sensitivity of the implied exponent and of the gain per "
        "year to the rows fitted", frame=sens.to_frame(), html=sens.summary("html"),
        text=sens.summary("text"), latex=sens.summary("latex"),
        caption="Per benchmark and selection rule: the samples the rows come from, the number of "
                "models, the exponent with its 95% interval, the same with the stated compute "
                "intervals carried into the slope, and the compute-equivalent gain per year."))
    # forms
    forms = []
    for b in benches:
        if get_benchmark(b).chance_floor is None or not math.isfinite(get_benchmark(b).chance_floor):
            notes.append(f"{b}: no single chance floor, the floor forms are not fitted")
            continue
        c = compare_forms(benchmark=b, x="training")
        forms.append(c.to_frame().assign(benchmark=b, rows_left_out=c.left_out, rule="default",
                                         sample="all samples, one row per model"))
    ftab = pd.concat(forms, ignore_index=True)
    ftab = ftab[["benchmark"] + [c for c in ftab.columns if c != "benchmark"]]
    pref = ftab[ftab["preferred"]].groupby("benchmark")["form"].agg(", ".join)
    tables.append(ReportTable(
        name="modern_forms", title="Which functional form the data prefer", frame=ftab,
        caption="Each form fitted on the same rows (default rule, rows above the chance floor); "
                "5-fold cross-validated RMSE of log10(error) (deterministic folds) and AIC on the "
                "log10(error) scale. Preferred (lowest out-of-sample error): "
                + "; ".join(f"{b}: {f}" for b, f in pref.items()) + ". AIC favours the logistic "
                "form wherever models crowd near chance, because it predicts how tightly they "
                "cluster there; the out-of-sample error of point forecasts decides here."))
    # the Figure 2b-style chart: one panel per benchmark
    fits, smps, chance, panels = {}, {}, {}, []
    for b in benches:
        r = _fit_training(b)
        d = load_modern(b)
        sample = dict(zip(d["model"].astype(str), d["dataset"], strict=False))
        smps[b] = [sample.get(str(m), "") for m in r.data["model"]]
        fits[b] = r
        f = get_benchmark(b).chance_floor
        if f is not None and math.isfinite(f):
            chance[b] = 1 - f
        points = r.data.assign(sample=smps[b], rule="default")
        panels.append(points.assign(benchmark=b))
        tables.append(ReportTable(
            name=f"modern_{b}_points", title=f"{b}: the points of the figure",
            frame=points, show=False))
    axes = plot_training_grid(fits, smps, chance_errors=chance)
    figures.append(ReportFigure(
        name="modern_error_vs_training_compute",
        title="Error against training compute, one panel per language-model benchmark",
        caption="Default rule (one row per model), log-log trend with its 95% confidence band, "
                "the exponent with its 95% interval and the number of models in each title; "
                "dotted: the error of guessing. Colours: sample. Hovering a point shows the model, "
                "its year, error, training compute and sample; the rows of each panel are in "
                "tables/modern_<benchmark>_points.csv.",
        figure=np.ravel(axes)[0].figure,
        data=pd.concat(panels, ignore_index=True)[
            ["benchmark", "model", "year", "error", "x_value", "sample", "rule"]]))
    # progress
    prog = modern_progress(sens)
    tables.append(ReportTable(
        name="modern_progress", title="Algorithmic progress for language models: "
        "compute-equivalent gain per year", frame=prog,
        caption="From log10(error) = a + b log10(C) + g year on the rows with a release date: "
                "gain per year 10^(g/b) and the months in which the compute needed for a fixed "
                "error halves, Fieller intervals; beside Ho et al. (2024), who measure "
                "pre-training compute for a fixed perplexity. On GPQA Diamond and MATH Level 5 "
                "the year trend also absorbs post-training and reasoning (inference settings), "
                "which training compute does not count: their gains are not pre-training "
                "efficiency."))
    # projections
    proj = modern_projections()
    tables.append(ReportTable(
        name="modern_projections", title="What reaching target scores would take", frame=proj,
        caption=f"Default-rule fit, paper anchoring (from today's best model along the slope), "
                f"95% Fieller intervals; energy, CO2 and dollars from the '{COST_MODEL}' cost "
                f"model on {CHIP} chips at Epoch's median utilisation. 'times_largest_run': the "
                "projected compute over the largest training run in the data."))
    # backtest
    bt = backtest(benchmark=BACKTEST_BENCHMARK, x="training",
                  variants=["polynomial-mean-paper", "polynomial-mean-regression",
                            "polynomial-q10-regression", "polynomial-mean-regression-year"])
    tables.append(ReportTable(
        name="modern_backtest", title=f"Backtest on {BACKTEST_BENCHMARK}: fitted only on models "
        "released up to each cut-off",
        frame=bt.scores().assign(benchmark=BACKTEST_BENCHMARK, rule="default",
                                 sample="all samples, rows with a release date"),
        html=bt.summary("html"),
        text=bt.summary("text"), latex=bt.summary("latex"),
        caption="Default rule (one row per model), all samples; rows without a release date are "
                "left out (they cannot be placed before or after a cut-off)."))
    cmps = []
    for b in benches:
        r = sens.get(b, "default")
        lo, hi = r["exponent_lower"], r["exponent_upper"]
        cmps.append(Comparison(
            source="Section 3.2", item=f"Computation = O(Performance^k): k for {b} on training "
            "compute (ours, default rule) vs ImageNet per pass (paper)",
            paper=float(PAPER_IMAGENET_EXPONENT), ours=float(r["exponent"]),
            agrees=bool(lo <= PAPER_IMAGENET_EXPONENT <= hi),
            why=f"Different benchmark, models and computation; our 95% interval is {_p(lo)} to "
                f"{_p(hi)} on {r['models']} models ({r['samples']}), which "
                f"{'includes' if lo <= PAPER_IMAGENET_EXPONENT <= hi else 'excludes'} the "
                f"paper's {PAPER_IMAGENET_EXPONENT}."))
    for row in prog[prog["rule"] == "published"].to_dict("records")[:1]:
        for o in prog[prog["rule"] == "sample:epoch-hub"].to_dict("records"):
            m, mlo, mhi = o["halving_months"], row["halving_months_lower"], row["halving_months_upper"]
            inside = bool(math.isfinite(m) and mlo <= m <= mhi)
            cmps.append(Comparison(
                source=row["source"], item=f"months for the compute needed at a fixed score to "
                f"halve: {o['benchmark']} (Epoch hub sample) vs language modelling (Ho et al.)",
                paper=float(row["halving_months"]), ours=float(m), agrees=inside,
                why=f"Different measure (benchmark score vs perplexity) and models ({o['models']} "
                    f"with a release date); ours {'inside' if inside else 'outside'} their "
                    f"{row['level']:.0%} interval, {mlo:g} to {mhi:g} months (ours: "
                    f"{_p(o['halving_months_lower'])} to {_p(o['halving_months_upper'])})."))
    mm = sens.get("mmlu", "default") if "mmlu" in benches else None
    data: dict[str, Any] = {
        "benchmarks": benches,
        "exponents": {b: {k: sens.get(b, "default")[k] for k in
                          ("exponent", "exponent_lower", "exponent_upper", "models", "samples")}
                      for b in benches},
        "preferred_form": dict(pref),
    }
    intro = _headline(sens, benches) + "\n\n" + _backtest_sentence(bt)
    if mm is not None:
        notes.append(f"MMLU, default rule: exponent {_p(mm['exponent'])} "
                     f"[{_p(mm['exponent_lower'])}, {_p(mm['exponent_upper'])}] on "
                     f"{mm['models']} models ({mm['samples']}).")
    notes.append("Sample: computelimits' modern.csv (Epoch AI Benchmarking Hub, ObsScaling, Sloth, "
                 "Epoch's open-model data; data/modern_card.md). Every table names its rule.")
    return Section(key="modern", title="Beyond 2020: language models", intro=intro,
                   figures=figures, tables=tables, comparisons=cmps, notes=notes, data=data)
