"""The report's stages: one function per item of the paper, each returning a :class:`Section`.

Stages run in the order they are registered in :data:`computelimits.report.STAGES`:

==============  ============================================================================
``data``        Figure 6: what the bundled dataset holds, beside the paper's counts
``figure1``     Figure 1 (a, b): the simulation, and the crossing points 15 / 175 / 1,500
``figure2``     Figure 2a (training compute vs hardware, Epoch AI data) and 2b (ImageNet)
``tables12``    Tables 1 and 2 and the ImageNet headline numbers of section 3.2
``figure3``     Figure 3 and Table 3: hardware burden, polynomial model
``figure10``    Figure 10 and Table 4: hardware burden, exponential model (1/error scale)
``figure4``     Figure 4: computation, CO2 and dollars to reach the targets
``figures789``  Figures 7 (imputation), 8 (10 % quantile) and 9 (alternative specifications)
``backtest``    How well do these projections hold up? (rolling-origin backtest)
==============  ============================================================================

Each stage computes with the library's public functions, draws with :mod:`computelimits.plotting`
and sets every headline number beside the value the paper prints
(:func:`computelimits.reference.load_paper_values`, :func:`computelimits.load_figure6`), with a
sentence, built from the numbers, on why they differ where they do.

Figure 2a needs an Epoch AI models export, which is public reference data and not bundled with
the package: :func:`find_epoch_models_file` looks in ``$COMPUTELIMITS_REFERENCE_DIR``, then
``$COMPUTELIMITS_SHARED/reference-data``, then ``../shared/reference-data`` beside a source
checkout; without it the stage draws Figure 2b only and says how to add 2a.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning" (arXiv:2007.05558),
Figures 1-4 and 6-10, Tables 1-4.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..benchmarks import FIGURE4_BENCHMARKS
from ..errors import ComputeLimitsError
from .model import Comparison, ReportFigure, ReportTable, Section
from .pipeline import STAGES, ReportContext

__all__ = ["find_reference_dir", "find_epoch_models_file", "REFERENCE_ENV", "PAPER_ARXIV"]

#: arXiv id of the paper (its release month dates the paper's data collection).
PAPER_ARXIV = "2007.05558"
#: Environment variable naming the reference-data folder (with ``epoch-ai-models/`` inside).
REFERENCE_ENV = "COMPUTELIMITS_REFERENCE_DIR"
#: Benchmarks of Figure 3 / Tables 3-4 (the paper's order).
BURDEN_BENCHMARKS = FIGURE4_BENCHMARKS
#: Shown in Figure 3 of the paper but not in its tables.
EXTRA_BURDEN_BENCHMARK = "wmt14-en-de"
#: Figure 2a's periods (section 3.1): the turning point (AlexNet, 2012) and "approximately 10x
#: per year from 2012 to 2019" (up to the end of 2019).
BREAK_YEAR = 2012
PAPER_PERIOD = (2012, 2020)
#: Bootstrap resamples of the Figure 1 crossing intervals.
CROSSING_BOOTSTRAP = 200

_AGREES = "Agrees to the digits the paper prints."
_X_MEASURE = {"per-pass": "computation per network pass", "burden": "hardware burden"}


# ============================================================================================
# helpers
# ============================================================================================

def find_reference_dir() -> Path | None:
    """The public reference-data folder, or ``None`` when it cannot be found.

    Looks, in order, at ``$COMPUTELIMITS_REFERENCE_DIR``, ``$COMPUTELIMITS_SHARED/reference-data``
    and ``<checkout>/../shared/reference-data`` (a source checkout of computelimits with the
    project's shared folder beside it, as in CI).
    """
    cands: list[Path] = []
    if os.environ.get(REFERENCE_ENV):
        cands.append(Path(os.environ[REFERENCE_ENV]))
    if os.environ.get("COMPUTELIMITS_SHARED"):
        cands.append(Path(os.environ["COMPUTELIMITS_SHARED"]) / "reference-data")
    here = Path(__file__).resolve()
    if len(here.parents) > 3:  # src/computelimits/report/stages.py -> checkout root
        cands.append(here.parents[3].parent / "shared" / "reference-data")
    for c in cands:
        if c.is_dir():
            return c
    return None


def find_epoch_models_file() -> Path | None:
    """The newest Epoch AI ``notable_ai_models_*.csv`` in the reference data, or ``None``."""
    ref = find_reference_dir()
    if ref is None:
        return None
    files = sorted((ref / "epoch-ai-models").glob("notable_ai_models*.csv"))
    return files[-1] if files else None


def _paper_collected() -> str:
    """Month the paper was first released (its data were collected before)."""
    from ..arxiv import arxiv_date

    return arxiv_date(PAPER_ARXIV).strftime("%B %Y")


def _bname(b: str | None) -> str:
    from ..benchmarks import get_benchmark

    return get_benchmark(b).name if b else "data"


def _pv(source: str, quantity: str, item: str | None = None,
        column: str | None = None) -> tuple[float, int]:
    from ..reference import paper_value

    return paper_value(source, quantity, item=item, column=column)


def _finite(v: Any) -> bool:
    try:
        return math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _agrees(ours: Any, paper: float, digits: int) -> bool:
    from ..reference import agrees

    return _finite(ours) and agrees(float(ours), float(paper), int(digits))


def _cmp(source: str, item: str, paper: float, digits: int, ours: Any, why: str) -> Comparison:
    """A comparison row whose ``why`` is ``_AGREES`` when ours rounds to the printed value."""
    ours_v = float(ours) if _finite(ours) else None
    return Comparison(source=source, item=item, paper=float(paper), ours=ours_v, digits=int(digits),
                      why=_AGREES if _agrees(ours, paper, digits) else why)


def _figure(name: str, title: str, caption: str, axes: Any) -> ReportFigure:
    import numpy as np

    first = np.ravel(np.asarray(axes, dtype=object))[0]
    return ReportFigure(name=name, title=title, caption=caption, figure=first.figure)


def _fit(ctx: ReportContext, **kw: Any):
    """:func:`computelimits.fitting.fit` on the bundled data, cached across stages."""
    from ..fitting import fit

    kw.setdefault("include_extra_data", ctx.settings.include_extra_data)
    key = "fit:" + repr(sorted(kw.items()))
    return ctx.get(key, lambda: fit(**kw))


def _data(ctx: ReportContext):
    """Records for functions that load the bundled data themselves: ``None`` (their default, all
    models) unless the run leaves out models trained on extra data."""
    return None if ctx.settings.include_extra_data else ctx.models


def _years(result) -> tuple[int, int]:
    y = result.data["year"]
    return int(math.floor(y.min())), int(math.floor(y.max()))


def _sample(result) -> str:
    y0, y1 = _years(result)
    return f"{result.nobs} models published {y0} to {y1}"


def _pretty(v: float, digits: int = 3) -> str:
    if not _finite(v):
        return "unbounded" if v is not None and math.isinf(float(v)) else "n/a"
    return f"{float(v):,.{digits}g}"


def _interval(lo: float, hi: float, digits: int = 3) -> str:
    return f"{_pretty(lo, digits)} to {_pretty(hi, digits)}"


def _regression_frame(results: dict[str, Any]):
    """Fits side by side at full precision: one row per statistic, one column per fit."""
    import pandas as pd

    any_year = any(r.has_year for r in results.values())
    stats: list[tuple[str, Callable[[Any], float]]] = [
        ("benchmark", lambda r: r.benchmark),
        ("x", lambda r: r.x),
        ("form", lambda r: r.form),
        ("const", lambda r: r.intercept),
        ("const_se", lambda r: float(r.bse["const"])),
        ("slope", lambda r: r.slope),
        ("slope_se", lambda r: r.slope_se),
        ("slope_pvalue", lambda r: r.slope_pvalue),
    ]
    if any_year:
        stats += [("year", lambda r: r.year_coef if r.has_year else float("nan")),
                  ("year_se", lambda r: float(r.bse["year"]) if r.has_year else float("nan"))]
    stats += [
        ("nobs", lambda r: r.nobs),
        ("r2", lambda r: r.rsquared),
        ("r2_adj", lambda r: r.rsquared_adj),
        ("resid_se", lambda r: r.resid_se),
        ("df_resid", lambda r: r.df_resid),
        ("f", lambda r: r.fvalue),
        ("f_pvalue", lambda r: r.f_pvalue),
        ("exponent", lambda r: r.exponent),
        ("first_year", lambda r: float(r.data["year"].min())),
        ("last_year", lambda r: float(r.data["year"].max())),
    ]
    rows = []
    for name, get in stats:
        row: dict[str, Any] = {"statistic": name}
        for label, r in results.items():
            row[label] = get(r)
        rows.append(row)
    return pd.DataFrame(rows)


def _regression_table(name: str, title: str, results: dict[str, Any], caption: str,
                      labels: list[str] | None = None) -> ReportTable:
    """A regression table laid out like the paper's (HTML/LaTeX/text) with a full-precision CSV."""
    from ..fitting import compare

    t = compare(list(results.values()), labels=labels or list(results), title=title)
    return ReportTable(name=name, title=title, frame=_regression_frame(results), caption=caption,
                       html=t.to_html(), latex=t.to_latex(), text=t.to_text())


#: Quantities of Tables 1-4 compared row by row (stars and degrees of freedom are left out:
#: they follow from the others).
_FIT_QUANTITIES = {
    "const": "constant", "const_se": "constant, standard error",
    "slope": "slope on log10(computation)", "slope_se": "slope, standard error",
    "year": "year", "year_se": "year, standard error", "nobs": "observations",
    "r2": "R^2", "r2_adj": "adjusted R^2", "resid_se": "residual std. error",
    "f": "F statistic",
}


def _why_fit(result, quantity: str, ours: float, paper: float, printed: dict[str, float],
             comparable: bool = True) -> str:
    """Why a fit statistic differs from the printed one, from the numbers at hand."""
    if not comparable:
        return ("Not comparable: with a year trend the constant and its standard error depend "
                "on the year counted as zero, which the paper does not state.")
    pn = printed.get("nobs")
    n = result.nobs
    paper_n = f"the paper's {pn:.0f}" if _finite(pn) else "the paper's"
    data = f"our {_sample(result)} vs {paper_n}, collected before {_paper_collected()}"
    if quantity == "nobs":
        return (f"Different data: the open dataset has {_sample(result)} with "
                f"{_X_MEASURE.get(result.x, result.x)}; the paper had {pn:.0f}, collected before "
                f"{_paper_collected()}.")
    if quantity in ("const", "slope", "year"):
        se = printed.get(f"{quantity}_se")
        if _finite(se) and se > 0:
            from ..intervals import critical_value

            k = abs(ours - paper) / se
            df = printed.get("resid_df")
            crit = critical_value(0.95, df if _finite(df) else None)
            where = "inside" if k <= crit else "outside"
            return (f"Different data ({data}): {k:.1f} of the paper's standard errors apart, "
                    f"{where} its 95% interval.")
        return f"Different data ({data})."
    if quantity == "resid_se":
        how = "less" if ours < paper else "more"
        return f"Different data ({data}): our models scatter {how} around the line."
    if quantity.endswith("_se") and _finite(pn) and paper != 0:
        return (f"Standard errors shrink with more observations: {n} instead of {pn:.0f} predicts "
                f"{math.sqrt(pn / n):.2f} times the paper's; ours is {ours / paper:.2f} times.")
    if quantity in ("r2", "r2_adj"):
        span = float(result.data["log10_x"].max() - result.data["log10_x"].min())
        return (f"Different data ({data}); our {_X_MEASURE.get(result.x, result.x)} spans "
                f"{span:.1f} orders of magnitude.")
    if quantity == "f":
        pr2 = printed.get("r2")
        r2 = f", R^2 {result.rsquared:.2f} vs {pr2:.2f}" if _finite(pr2) else ""
        return f"F grows with observations and R^2: {n} vs {pn:.0f} observations{r2}."
    return f"Different data ({data})."


def _fit_comparisons(result, source: str, column: str, label: str) -> list[Comparison]:
    """Every printed statistic of one column of Tables 1-4 beside ours."""
    from ..fitting import against_paper

    df = against_paper(result, source, column)
    printed = dict(zip(df["quantity"], df["paper"].astype(float), strict=True))
    out = []
    for r in df.itertuples():
        if r.quantity not in _FIT_QUANTITIES:
            continue
        ours = float(r.ours)
        # with a year trend the constant and its standard error depend on the year origin
        comparable = bool(r.comparable) and not (r.quantity == "const_se" and result.has_year)
        if r.agrees and comparable:
            why = _AGREES
        else:
            why = _why_fit(result, r.quantity, ours, float(r.paper), printed, comparable)
        out.append(Comparison(source=f"{source} {column}",
                              item=f"{label}: {_FIT_QUANTITIES[r.quantity]}", paper=float(r.paper),
                              ours=ours if _finite(ours) else None, digits=int(r.digits), why=why,
                              agrees=bool(r.agrees) if comparable else None))
    return out


def _source_kinds(sources) -> str:
    """'151 from papers, 140 from timm, ...' for a column of ``*_source`` strings."""
    kinds: dict[str, int] = {}
    for s in sources.dropna().astype(str):
        if s.startswith("timm"):
            k = "timm"
        elif s.startswith("arXiv") or s.startswith("Krizhevsky"):
            k = "papers (curated)"
        elif s.startswith("Papers with Code") or s.startswith("pwc"):
            k = "Papers with Code"
        elif s.startswith("Epoch"):
            k = "Epoch AI"
        elif s.startswith("derived"):
            k = "derived"
        else:
            k = "released code"
        kinds[k] = kinds.get(k, 0) + 1
    return ", ".join(f"{v} {k}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))


# ============================================================================================
# Figure 6: the data
# ============================================================================================

@STAGES.register("data")
def stage_data(ctx: ReportContext) -> Section:
    """Figure 6: per benchmark, papers, models and how many have each measure of computation."""
    import pandas as pd

    from ..datasets import summarize
    from ..plotting.report import plot_data_summary

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
                  "bundled dataset and in the paper's Figure 6.", ax)

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
                                   paper=paper, ours=ours, digits=0, why=why))
    total_papers = (models["arxiv_id"].where(models["arxiv_id"].notna(), models["paper_title"])
                    .where(lambda s: s.notna(), models["model"]).nunique())
    p_papers, dig = _pv("Section 3.2", "n_papers", item="all benchmarks")
    cmps.append(_cmp("Section 3.2", "research papers", p_papers, dig, total_papers,
                     "Different definitions: the paper counts every paper it examined, with or "
                     f"without computational details; ours counts the {total_papers:,} papers "
                     "with at least one record on a primary metric."))
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


# ============================================================================================
# Figure 1: the simulation
# ============================================================================================

@STAGES.register("figure1")
def stage_figure1(ctx: ReportContext) -> Section:
    """Figure 1 (a, b): the four models of section 2, and the crossing sample sizes."""
    from ..plotting.simulation import fig1a, fig1b
    from ..simulation import SimulationSettings, run_simulation

    s = ctx.settings
    st = SimulationSettings(sims=s.sims, seed=s.seed)
    backend = "processes" if s.sims >= 20 and (os.cpu_count() or 1) > 1 else "serial"
    res = run_simulation(st, backend=backend, progress=ctx.step)
    tab = res.crossings(bootstrap=CROSSING_BOOTSTRAP, seed=s.seed)
    a = fig1a(res)
    fa = _figure("figure1a", "Figure 1(a): average performance as sample sizes increase",
                 f"-log10 of the normalised prediction MSE, averaged over {st.sims} simulations "
                 "per case (95% intervals shaded); crosses mark where each model reaches the "
                 f"oracle's performance at n = {tab.reference_n}.", a)
    b = fig1b(res)
    fb = _figure("figure1b", "Figure 1(b): average computation required to improve performance",
                 "Mean FLOPs of one fit against average performance, one point per sample size.", b)
    ct = tab.to_frame()
    table = ReportTable(
        name="figure1_crossings",
        title=f"Sample size at which each model matches the oracle at n = {tab.reference_n}",
        frame=ct, caption=(f"Interpolated in log n between grid sizes; {tab.level:.0%} bootstrap "
                           f"intervals over the {st.sims} replications ({tab.bootstrap} resamples). "
                           "paper_n: section 2."))
    curves = ReportTable(name="figure1_curves", title="Figure 1 curves (data behind the plots)",
                         frame=res.to_frame(), show=False)
    cmps = []
    for m in ("oracle", "flexible", "regularized"):
        if m not in tab.paper:
            continue
        paper, digits = _pv("Figure 1", "crossing_n", item=m)
        ours = tab.n.get(m)
        lo, hi = tab.ci.get(m, (None, None))
        agrees = None
        if m == tab.reference_model:
            why = "The reference sample size, by construction."
        elif ours is None:
            why = (f"Never reached on the simulated grid (up to n = {max(st.n):,}) with "
                   f"{st.sims} replications.")
        elif lo is not None and hi is not None and lo <= paper <= hi:
            agrees = True
            why = (f"The paper's value is inside our {tab.level:.0%} interval "
                   f"({lo:,.0f} to {hi:,.0f}) from {st.sims} replications.")
        else:
            iv = (f" ({tab.level:.0%} interval {_interval(lo, hi, 4)})"
                  if lo is not None or hi is not None else "")
            why = (f"Monte-Carlo estimate from {st.sims} replications{iv}; the paper averaged "
                   f"{_pv('Figure 1', 'sims', item='simulation')[0]:.0f} and does not state the "
                   "noise level, coefficients or Lasso penalty (the defaults are calibrated to its "
                   "two numbers; docs/simulation.md).")
        if m != tab.reference_model and ours is not None and _agrees(ours, paper, digits) \
                and not agrees:
            why, agrees = _AGREES, True
        cmps.append(Comparison(source="Figure 1", item=f"{m} model: sample size to match the "
                               f"oracle at n = {tab.reference_n}", paper=paper, ours=ours,
                               digits=digits, why=why, agrees=agrees))
    intro = (
        f"Section 2's illustration: a linear model with d = {st.d} covariates of which s = {st.s} "
        "matter, fitted by an oracle (the true covariates), an expert (one wrong), a flexible "
        "least-squares model (all) and a regularised Lasso (all). "
        f"This run: {st.sims} replications per case (the paper: "
        f"{_pv('Figure 1', 'sims', item='simulation')[0]:.0f}; `--sims 1000` reproduces that "
        f"scale), seed {st.seed}, {backend} backend, {res.elapsed_s:.1f} s.")
    return Section(key="figure1", title="Figure 1: flexibility, data and computation (simulation)",
                   intro=intro, figures=[fa, fb], tables=[table, curves], comparisons=cmps,
                   data={"settings": st.to_dict(), "crossings": tab.to_dict(),
                         "backend": backend, "elapsed_s": res.elapsed_s})


# ============================================================================================
# Figure 2: computing power over time; ImageNet error vs computation per pass
# ============================================================================================

@STAGES.register("figure2")
def stage_figure2(ctx: ReportContext) -> Section:
    """Figure 2a (training compute vs hardware peak, Epoch AI data) and 2b (ImageNet)."""
    import pandas as pd

    from ..fitting import fit_growth, hardware_peak_frontier, load_epoch_training_compute
    from ..plotting.fits import plot_figure2a, plot_figure2b

    figures, tables, cmps, notes = [], [], [], []
    data: dict[str, Any] = {}
    epoch = find_epoch_models_file()
    growth_intro = ""
    if epoch is None:
        notes.append(
            "Figure 2a is not drawn: it needs an Epoch AI models export (notable_ai_models_*.csv, "
            "CC BY 4.0), which is not bundled with the package. Put it in "
            f"<folder>/epoch-ai-models/ and set {REFERENCE_ENV}=<folder> (a source checkout finds "
            "../shared/reference-data by itself).")
    else:
        training = load_epoch_training_compute(epoch)
        hardware = hardware_peak_frontier()
        ax = plot_figure2a(training, hardware, break_year=float(BREAK_YEAR))
        figures.append(_figure(
            "figure2a", "Figure 2(a): computing power used by models vs hardware performance",
            f"Training compute of {len(training):,} models in Epoch AI's notable-models table "
            f"({epoch.name}) against the peak FP32 FLOP/s of record-setting chips "
            "(computelimits' hardware table), on axes spanning the same decades.", ax))
        rows, trends = [], {}
        yr, fl = training["year"], training["training_compute_flops"]
        a0, a1 = PAPER_PERIOD
        period = f"{a0}-{a1 - 1}"
        after = training[training["year"] >= a0]
        record = after[after["training_compute_flops"] >= after["training_compute_flops"].cummax()]
        specs = [
            ("compute_before_break", f"training compute, all models, before {BREAK_YEAR}", yr, fl,
             None, BREAK_YEAR),
            ("compute_paper_period", f"training compute, all models, {period}", yr, fl, a0, a1),
            ("compute_since_break", f"training compute, all models, {BREAK_YEAR} on", yr, fl,
             BREAK_YEAR, None),
            ("record_compute_paper_period",
             f"training compute, record-setting models, {period}", record["year"],
             record["training_compute_flops"], None, a1),
            ("hardware_peak", "peak FP32 FLOP/s per chip, record chips", hardware["year"],
             hardware["peak_flops"], None, None),
        ]
        for key, label, y, v, a, b in specs:
            try:
                t = fit_growth(y, v, quantity=label, start=a, end=b)
            except ComputeLimitsError as exc:
                notes.append(f"{label}: not fitted ({exc})")
                continue
            trends[key] = t
            lo, hi = t.factor_per_year_ci()
            rows.append(dict(series=key, description=label, start=t.start, end=t.end, nobs=t.nobs,
                             factor_per_year=t.factor_per_year, factor_per_year_ci_lower=lo,
                             factor_per_year_ci_upper=hi, doubling_months=t.doubling_months,
                             r2=t.rsquared))
        gt = pd.DataFrame(rows)
        tables.append(ReportTable(
            name="figure2a_growth", title="Figure 2(a): growth per year", frame=gt,
            caption="log10(value) = a + b year by least squares; factor per year = 10^b with its "
                    "95% interval; doubling time in months."))
        data["growth"] = gt.to_dict("records")
        data["epoch_file"] = epoch.name
        paper, digits = _pv("Section 3.1", "growth_factor_per_year",
                            item="deep learning models")
        for key in ("compute_paper_period", "record_compute_paper_period"):
            if key not in trends:
                continue
            t = trends[key]
            lo, hi = t.factor_per_year_ci()
            what = ("all notable models" if key == "compute_paper_period"
                    else "record-setting models")
            which = (f"all {t.nobs} Epoch AI notable models" if key == "compute_paper_period" else
                     f"the {t.nobs} Epoch AI notable models that set a new record")
            cmps.append(_cmp(
                "Section 3.1 (Figure 2a)", f"growth of training compute {period}, {what} "
                "(factor per year)", paper, digits, t.factor_per_year,
                f"Different data: the paper's rate comes from OpenAI's 'AI and Compute' selection "
                f"of the largest training runs; ours fits {which} with known training compute "
                f"published {period} ({lo:.1f}x to {hi:.1f}x per year, 95%)."))
        if "compute_since_break" in trends and "hardware_peak" in trends:
            c, h = trends["compute_since_break"], trends["hardware_peak"]
            growth_intro = (
                f" Since {BREAK_YEAR} the training compute of notable models grew {c.factor_per_year:.2g}x "
                f"per year (doubling every {c.doubling_months:.0f} months), the peak FP32 rate of "
                f"record chips {h.factor_per_year:.2g}x per year.")

    poly = _fit(ctx, benchmark="imagenet")
    d = poly.data
    alex = d[(d["model"].str.lower() == "alexnet") & ~d["flops_imputed"].astype(bool)]
    if len(alex):
        ax = plot_figure2b(poly, reference_model="AlexNet")
        norm_note = "computation relative to AlexNet (2012)"
    else:
        ax = plot_figure2b(poly, reference_model=None)
        norm_note = "computation in GFLOPs"
        notes.append("Figure 2(b) is in GFLOPs, not relative to AlexNet: AlexNet has no sourced "
                     "per-pass computation in the dataset (normalising would only shift the axis).")
    y0, y1 = _years(poly)
    figures.append(_figure(
        "figure2b", "Figure 2(b): ImageNet error vs computation per network pass",
        f"{poly.nobs} ImageNet models published {y0} to {y1} with sourced per-pass computation; "
        f"{norm_note}; log-log, so a straight line is a polynomial relation (slope "
        f"{poly.slope:.3f}, Computation = O(Performance^{poly.exponent:.1f})).", ax))
    data["figure2b"] = {"nobs": poly.nobs, "slope": poly.slope, "exponent": poly.exponent}
    intro = ("Figure 2(a) redone with 2025 data: how fast the computation used by models grew "
             "against the growth of hardware." + growth_intro + " Figure 2(b): ImageNet error "
             "against computation per network pass; its regression is Table 1, column (2).")
    return Section(key="figure2", title="Figure 2: computing power over time, and ImageNet",
                   intro=intro, figures=figures, tables=tables, comparisons=cmps, notes=notes,
                   data=data)


# ============================================================================================
# Tables 1 and 2: ImageNet, computation per network pass
# ============================================================================================

@STAGES.register("tables12")
def stage_tables12(ctx: ReportContext) -> Section:
    """Tables 1 and 2, and the ImageNet numbers quoted in section 3.2."""
    expo = _fit(ctx, benchmark="imagenet", form="error-linear")
    poly = _fit(ctx, benchmark="imagenet")
    trend = _fit(ctx, benchmark="imagenet", year=True)
    t1 = _regression_table(
        "table1", "Table 1: exponential (1) and polynomial (2) forms, ImageNet",
        {"(1)": expo, "(2)": poly},
        "Error rate (1) and log10(error rate) (2) on log10(GFLOPs per network pass); standard "
        "errors in parentheses; *p<0.1, **p<0.05, ***p<0.01.", labels=["ImageNet", "ImageNet"])
    t2 = _regression_table(
        "table2", "Table 2: with a year trend as a proxy for algorithmic progress, ImageNet",
        {"(1)": poly, "(2)": trend},
        f"log10(error rate) on log10(GFLOPs per network pass) and the year (counted from "
        f"{trend.year_origin:g}).", labels=["ImageNet", "ImageNet"])
    cmps = (_fit_comparisons(expo, "Table 1", "(1)", "exponential")
            + _fit_comparisons(poly, "Table 1", "(2)", "polynomial")
            + _fit_comparisons(poly, "Table 2", "(1)", "polynomial")
            + _fit_comparisons(trend, "Table 2", "(2)", "with year"))
    data_why = f"Different data (our {_sample(poly)} vs the paper's {_pv('Table 1', 'nobs', 'imagenet', '(2)')[0]:.0f})"
    src, col = "Section 3.2", "per-pass polynomial"
    lo, hi = poly.exponent_ci()
    pe, de = _pv(src, "exponent", "imagenet", col)
    cmps.append(_cmp(src, "ImageNet: slope", *_pv(src, "slope", "imagenet", col), poly.slope,
                     f"{data_why}."))
    cmps.append(_cmp(src, "ImageNet: Computation = O(Performance^k), k", pe, de, poly.exponent,
                     f"k = -1/slope; {data_why}."))
    for q, ours, side in (("exponent_ci_lower", lo, "lower"), ("exponent_ci_upper", hi, "upper")):
        pv, dg = _pv(src, q, "imagenet", col)
        cmps.append(_cmp(src, f"ImageNet: k, 95% interval, {side} end", pv, dg, ours,
                         f"{data_why}: with {poly.nobs} observations the interval is "
                         f"{hi - lo:.1f} wide (the paper's: "
                         f"{_pv(src, 'exponent_ci_upper', 'imagenet', col)[0] - _pv(src, 'exponent_ci_lower', 'imagenet', col)[0]:.1f})."))
    cmps.append(_cmp(src, "ImageNet: share of variance explained (R^2)",
                     *_pv(src, "r2", "imagenet", col), poly.rsquared, f"{data_why}."))
    yc = "per-pass polynomial + year"
    added = trend.rsquared - poly.rsquared
    cmps.append(_cmp(src, "ImageNet: R^2 added by the year trend",
                     *_pv(src, "r2_added_by_year", "imagenet", yc), added,
                     f"{data_why}: computation alone explains {poly.rsquared:.0%} here (the "
                     f"paper: {_pv(src, 'r2', 'imagenet', col)[0]:.0%}), leaving less to add."))
    cmps.append(_cmp(src, "ImageNet: years of algorithmic progress worth 10x computation",
                     *_pv(src, "years_worth_10x", "imagenet", yc), trend.years_worth_10x,
                     f"{data_why}: slope {trend.slope:.3f} and year {trend.year_coef:.4f} per year "
                     f"give {trend.years_worth_10x:.2f} years (the paper: "
                     f"{_pv('Table 2', 'slope', 'imagenet', '(2)')[0]:g} and "
                     f"{_pv('Table 2', 'year', 'imagenet', '(2)')[0]:g})."))
    theory, _ = _pv(src, "exponent", "lower bound", "theory")
    y0, y1 = _years(poly)
    intro = (
        f"ImageNet top-1 error against computation per network pass: {poly.nobs} models published "
        f"{y0} to {y1} with sourced per-pass computation (the paper: "
        f"{_pv('Table 1', 'nobs', 'imagenet', '(2)')[0]:.0f}). The polynomial slope is "
        f"{poly.slope:.3f}, so computation scales as O(Performance^{poly.exponent:.1f}) (95% "
        f"interval {lo:.1f} to {hi:.1f}; theory's best case is O(Performance^{theory:.0f})); with "
        f"the year trend, {trend.years_worth_10x:.1f} years of algorithmic progress are worth 10x "
        "computation.")
    return Section(key="tables12", title="Tables 1 and 2: ImageNet, error vs computation per pass",
                   intro=intro, tables=[t1, t2], comparisons=cmps,
                   data={"table1": {"(1)": expo.to_dict(), "(2)": poly.to_dict()},
                         "table2": {"(1)": poly.to_dict(), "(2)": trend.to_dict()}})


# ============================================================================================
# Figures 3 and 10, Tables 3 and 4: hardware burden
# ============================================================================================

def _burden_section(ctx: ReportContext, *, key: str, table: str, fig_no: int,
                    plotter: Callable, title: str, form_text: str) -> Section:
    from ..fitting import paper_regressions

    specs = paper_regressions(table)
    form = specs[0].form
    fits: dict[str, Any] = {}
    cols: dict[str, str] = {}
    notes = []
    for p in specs:
        try:
            fits[p.benchmark] = _fit(ctx, benchmark=p.benchmark, x="burden", form=form)
            cols[p.benchmark] = p.column
        except ComputeLimitsError as exc:
            notes.append(f"{_bname(p.benchmark)} not fitted: {exc}")
    try:
        extra = _fit(ctx, benchmark=EXTRA_BURDEN_BENCHMARK, x="burden", form=form)
    except ComputeLimitsError as exc:
        extra = None
        notes.append(f"{_bname(EXTRA_BURDEN_BENCHMARK)} not shown: {exc}")
    if not fits:
        raise ComputeLimitsError(f"no benchmark of {table} could be fitted: " + "; ".join(notes))
    results = {f"{cols[b]} {_bname(b)}": r for b, r in fits.items()}
    labels = [_bname(b) for b in fits]
    if extra is not None:
        results[f"{_bname(EXTRA_BURDEN_BENCHMARK)} (not in the paper's table)"] = extra
        labels.append(f"{_bname(EXTRA_BURDEN_BENCHMARK)}*")
    tbl = _regression_table(
        table.lower().replace(" ", ""), f"{table}: hardware burden, {form_text}", results,
        f"{form_text.capitalize()} on log10(hardware burden in GFLOPs); standard errors in "
        "parentheses; *p<0.1, **p<0.05, ***p<0.01."
        + (f" * {_bname(EXTRA_BURDEN_BENCHMARK)} is drawn in the paper's Figure 3 but not in "
           "its tables." if extra is not None else ""), labels=labels)
    axes = plotter({lab: r for lab, r in zip(labels, results.values(), strict=True)})
    fig = _figure(f"figure{fig_no}", f"Figure {fig_no}: error vs hardware burden, {form_text}",
                  "One panel per benchmark: models, the fitted line and its 95% confidence band; "
                  "hardware burden = chips x peak FP32 FLOP/s x training time, in GFLOPs.", axes)
    cmps = []
    for b, r in fits.items():
        cmps += _fit_comparisons(r, table, cols[b], _bname(b))
    data = {f"{table} {cols[b]}": r.to_dict() for b, r in fits.items()}
    if extra is not None:
        data[EXTRA_BURDEN_BENCHMARK] = extra.to_dict()
    return Section(key=key, title=title, figures=[fig], tables=[tbl], comparisons=cmps,
                   notes=notes, data=data,
                   intro=(f"Error against hardware burden (section 3.2: processors x computation "
                          f"rate x time) for the benchmarks of {table}: "
                          + "; ".join(f"{_bname(b)} {r.nobs} models (the paper: "
                                      f"{_pv(table, 'nobs', b, cols[b])[0]:.0f})"
                                      for b, r in fits.items()) + "."))


@STAGES.register("figure3")
def stage_figure3(ctx: ReportContext) -> Section:
    """Figure 3 and Table 3: hardware burden, polynomial model, with section 3.2's readings."""
    from ..plotting.fits import plot_figure3

    sec = _burden_section(ctx, key="figure3", table="Table 3", fig_no=3, plotter=plot_figure3,
                          title="Figure 3 and Table 3: hardware burden, polynomial model",
                          form_text="polynomial model (log10 error)")
    src, col = "Section 3.2", "burden polynomial"
    fits = {b: _fit(ctx, benchmark=b, x="burden", form="polynomial") for b in BURDEN_BENCHMARKS
            if _has_fit(ctx, b, "polynomial")}
    for b, r in fits.items():
        pv, dg = _pv(src, "exponent", b, col)
        lo, hi = r.exponent_ci()
        cmps_why = (f"k = -1/slope with slope {r.slope:.3f} from our {_sample(r)} (the paper: "
                    f"{_pv('Table 3', 'slope', b)[0]:g} from {_pv('Table 3', 'nobs', b)[0]:.0f}); "
                    f"95% interval for k: {_interval(lo, hi)}.")
        sec.comparisons.append(_cmp(src, f"{_bname(b)}: Computation = O(Performance^k), k",
                                    pv, dg, r.exponent, cmps_why))
    if fits:
        r2 = [r.rsquared for r in fits.values()]
        for q, ours in (("r2_min", min(r2)), ("r2_max", max(r2))):
            pv, dg = _pv(src, q, "five benchmarks", col)
            sec.comparisons.append(_cmp(
                src, f"R^2 across the five benchmarks, {'lowest' if q == 'r2_min' else 'highest'}",
                pv, dg, ours, "Different data: " + ", ".join(
                    f"{_bname(b)} {r.nobs} models, R^2 {r.rsquared:.2f}" for b, r in fits.items())
                + "."))
    return sec


def _has_fit(ctx: ReportContext, b: str, form: str) -> bool:
    try:
        _fit(ctx, benchmark=b, x="burden", form=form)
        return True
    except ComputeLimitsError:
        return False


@STAGES.register("figure10")
def stage_figure10(ctx: ReportContext) -> Section:
    """Figure 10 and Table 4: hardware burden, exponential model (on the 1/error scale)."""
    from ..plotting.fits import plot_figure10

    sec = _burden_section(ctx, key="figure10", table="Table 4", fig_no=10, plotter=plot_figure10,
                          title="Figure 10 and Table 4: hardware burden, exponential model",
                          form_text="exponential model (1/error)")
    const = _pv("Table 4", "const", "squad11")[0]
    sec.intro += (f" Table 4's header says 'Error rate', but its constants ({const:.2f} for SQuAD "
                  "1.1) and Figure 4's exponential projections only fit 1/error regressed on "
                  "log10(hardware burden) (docs/fitting.md), so that is what is fitted here.")
    return sec


# ============================================================================================
# Figure 4: projections
# ============================================================================================

@STAGES.register("figure4")
def stage_figure4(ctx: ReportContext) -> Section:
    """Figure 4: computation, CO2 and dollars to reach the targets, from our data and from the
    paper's own coefficients."""
    import matplotlib.pyplot as plt
    import numpy as np

    from ..figure4 import figure4_comparison, figure4_table
    from ..plotting.projection import plot_projection

    s = ctx.settings
    from ..intervals import DEFAULT_INTERVAL

    interval = DEFAULT_INTERVAL  # the same default as `computelimits project`
    t = figure4_table("data", interval=interval, bootstrap=s.bootstrap, seed=s.seed, data=_data(ctx))
    frame = t.to_frame()
    check = figure4_comparison()
    paper_t = figure4_table("paper")
    tables = [
        ReportTable(name="figure4", title="Figure 4 from the bundled data", frame=frame,
                    html=t.to_html(), latex=t.to_latex(), text=t.to_text(),
                    caption=(f"Hardware-burden fits of Tables 3 and 4 on our data, moved from "
                             f"today's best model along the fitted slope (the paper's "
                             f"arithmetic); {interval} 95% intervals"
                             + (f" ({s.bootstrap} resamples, seed {s.seed})"
                                if interval == "bootstrap" else "")
                             + "; CO2 and dollars with Strubell et al.'s conversions; "
                             "'paper' is the printed power.")),
        ReportTable(name="figure4_paper_coefficients",
                    title="Figure 4 recomputed from the paper's own coefficients",
                    frame=paper_t.to_frame(), html=paper_t.to_html(), latex=paper_t.to_latex(),
                    text=paper_t.to_text(),
                    caption="Tables 3 and 4 as printed, today's rows of Figure 4; checks the "
                            "arithmetic, independent of our data."),
        ReportTable(name="figure4_printed_check", title="Every printed cell against the "
                    "paper's coefficients", frame=check, show=False),
    ]
    cmps = []
    n_cells, n_ok = len(check), int(check["consistent"].sum())
    within = int(check["within_one_order"].sum())
    cmps.append(Comparison(
        source="Figure 4", item="printed cells reproduced from the paper's coefficients "
        "(consistent with the printed rounding)", paper=n_cells, ours=n_ok, digits=0,
        why=("All consistent: the printed slopes (two decimals) and powers of ten leave each "
             f"cell a range; {within} of {n_cells} are also within one order of magnitude of our "
             "point value." if n_ok == n_cells else
             f"{n_cells - n_ok} printed cells fall outside the range their rounding allows.")))
    today_done = set()
    for (b, col), g in frame.groupby(["benchmark", "column"], sort=False):
        proj = next(p for p in t.projections if p.benchmark == b and
                    (p.form == "polynomial") == (col == "polynomial"))
        rel = proj.relation
        table = "Table 3" if col == "polynomial" else "Table 4"
        pslope = _pv(table, "slope", b)[0]
        pn = _pv(table, "nobs", b)[0]
        today = g[g["row"] == "today"].iloc[0]
        p_err = _pv("Figure 4", "today_error_pct", b)
        p_today = _pv("Figure 4", "today_log10_gflops", b, column=col)
        n = len(rel.data) if rel.data is not None else float("nan")
        ours_today = (f"{rel.today_model} at {today['error']:.1%} and "
                      f"10^{today['log10_gflops']:.1f} GFLOPs")
        base = (f"our line: slope {rel.slope:.3g} from {n} models, from {ours_today}; the "
                f"paper's: slope {pslope:g} from {pn:.0f} models, from {p_err[0]:g}% and "
                f"10^{p_today[0]:.0f} GFLOPs")
        if b not in today_done:
            today_done.add(b)
            cmps.append(_cmp("Figure 4", f"{_bname(b)}: today's best error (%)", p_err[0],
                             p_err[1], 100 * today["error"],
                             f"Different data: our best model with hardware burden is "
                             f"{rel.today_model}."))
        cmps.append(_cmp("Figure 4", f"{_bname(b)}, {col}: today's computation (log10 GFLOPs)",
                         p_today[0], p_today[1], today["log10_gflops"],
                         f"Different data: our best model with hardware burden is {ours_today}."))
        for r in g[g["row"] != "today"].itertuples():
            if not _finite(r.paper_log10_gflops):
                continue
            inside = (_finite(r.log10_gflops_ci_lower) and r.log10_gflops_ci_lower
                      <= r.paper_log10_gflops <= (r.log10_gflops_ci_upper
                                                  if _finite(r.log10_gflops_ci_upper) else np.inf))
            cmps.append(_cmp(
                "Figure 4", f"{_bname(b)}, {col}, target {100 * r.error:g}%: computation "
                "(log10 GFLOPs)", r.paper_log10_gflops, 0, r.log10_gflops,
                f"Different data ({base}); the printed value is "
                f"{'inside' if inside else 'outside'} our 95% interval."))
    figures = []
    for col, form in (("polynomial", "polynomial"), ("exponential", "exponential")):
        projs = [p for p in t.projections if p.form == form]
        if not projs:
            continue
        ncols = 3
        nrows = math.ceil(len(projs) / ncols)
        fig, axs = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 3.5 * nrows), squeeze=False)
        fig.set_layout_engine("constrained")
        flat = axs.ravel()
        for ax, p in zip(flat, projs, strict=False):
            plot_projection(p, ax=ax)
            ax.set_title(f"{_bname(p.benchmark)}", fontsize=10)
            if ax.get_legend() is not None:
                ax.get_legend().remove()
        handles, names = flat[0].get_legend_handles_labels()
        for ax in flat[len(projs):]:
            ax.set_axis_off()
        if len(projs) < len(flat):  # one legend for all panels, in the first free slot
            flat[len(projs)].legend(handles, names, loc="center", fontsize=9, frameon=False)
        else:
            fig.legend(handles, names, loc="outside lower center", ncols=len(names),
                       fontsize=9, frameon=False)
        figures.append(ReportFigure(
            name=f"figure4_{col}", title=f"Figure 4 extrapolations, {col} model",
            caption=("Models with hardware burden, today's best, the line moved along the fitted "
                     f"slope with its 95% band, and each target's projected computation ({interval} "
                     "interval; an arrow where it is unbounded). Computation in powers of ten of "
                     "GFLOPs."), figure=fig))
    off_co2 = float((frame["log10_co2_lbs"] - frame["log10_gflops"]).median())
    off_usd = float((frame["log10_usd"] - frame["log10_gflops"]).median())
    intro = (
        "What would the targets cost if the trends held? Computation from the hardware-burden "
        "regressions; CO2 and dollars with the paper's conversions (Strubell et al. 2019). The "
        "first table extrapolates our fits; the second recomputes the figure from the paper's "
        f"printed coefficients: {n_ok} of its {n_cells} printed cells are consistent with the "
        "rounding of those coefficients. CO2 (lbs) and dollars are fixed offsets of the "
        f"computation in GFLOPs ({off_co2:+.1f} and {off_usd:+.1f} orders of magnitude), so only "
        "computation is compared row by row below.")
    return Section(key="figure4", title="Figure 4: what the targets would cost", intro=intro,
                   figures=figures, tables=tables, comparisons=cmps,
                   data={"interval": interval, "bootstrap": s.bootstrap, "seed": s.seed,
                         "rows": frame.to_dict("records"),
                         "paper_coefficients_consistent": n_ok, "printed_cells": n_cells})


# ============================================================================================
# Figures 7, 8, 9
# ============================================================================================

@STAGES.register("figures789")
def stage_figures789(ctx: ReportContext) -> Section:
    """Figure 7 (params -> GFLOPs imputation), Figure 8 (mean vs 10 % quantile), Figure 9
    (alternative specifications)."""
    import pandas as pd

    from ..datasets import load_models
    from ..fitting import (
        SPECIFICATIONS,
        fit_imputation,
        fit_specifications,
        impute_flops_from_params,
    )
    from ..plotting.fits import plot_figure7, plot_figure8, plot_figure9

    figures, tables, cmps = [], [], []
    records = load_models("imagenet", include_extra_data=ctx.settings.include_extra_data)
    imp = fit_imputation(records)
    filled = impute_flops_from_params(records, imp)
    figures.append(_figure(
        "figure7", "Figure 7: conversion regression from network size to computation per pass",
        f"log10(GFLOPs per pass) on log10(parameters), {imp.nobs} ImageNet models with both "
        f"sourced; open markers: {int(filled['flops_imputed'].sum())} models with parameters only, "
        "placed on the line.", plot_figure7(imp, imputed=filled)))
    poly = _fit(ctx, benchmark="imagenet")
    poly_imp = _fit(ctx, benchmark="imagenet", impute=True)
    rows = []
    for label, r in (("sourced per-pass computation only (this report)", poly),
                     ("with computation imputed from parameters (the paper's method)", poly_imp)):
        lo, hi = r.exponent_ci()
        rows.append(dict(fit=label, nobs=r.nobs, n_imputed=r.n_imputed, slope=r.slope,
                         slope_se=r.slope_se, exponent=r.exponent, exponent_ci_lower=lo,
                         exponent_ci_upper=hi, r2=r.rsquared))
    imp_frame = imp.to_frame().assign(nobs=imp.nobs, r2=imp.rsquared, resid_se=imp.resid_se)
    tables.append(ReportTable(name="figure7_imputation", title="Figure 7: the imputation regression",
                              frame=imp_frame))
    tables.append(ReportTable(
        name="table1_imputation", title="Table 1 (2) with and without imputed computation",
        frame=pd.DataFrame(rows),
        caption="The paper imputes per-pass computation from parameters where a paper reports "
                "only the network size (section 7.1); the report's tables use sourced values "
                "and show here what imputing changes."))
    q10 = _fit(ctx, benchmark="imagenet", quantile=0.1)
    figures.append(_figure(
        "figure8", "Figure 8: conditional mean vs 10% quantile regression",
        "The least-squares line (the paper's Figure 2b) and the 10% quantile regression, which "
        "approximates the best error reachable at each computation.", plot_figure8(poly, q10)))
    qlo, qhi = q10.exponent_ci()
    tables.append(ReportTable(
        name="figure8_quantile", title="Figure 8: mean and 10% quantile fits",
        frame=pd.DataFrame([dict(fit="conditional mean", nobs=poly.nobs, slope=poly.slope,
                                 exponent=poly.exponent, exponent_ci_lower=poly.exponent_ci()[0],
                                 exponent_ci_upper=poly.exponent_ci()[1]),
                            dict(fit="10% quantile", nobs=q10.nobs, slope=q10.slope,
                                 exponent=q10.exponent, exponent_ci_lower=qlo,
                                 exponent_ci_upper=qhi)])))
    pv, dg = _pv("Section 3.2 footnote 10", "exponent", "imagenet", "per-pass quantile 0.1")
    cmps.append(_cmp("Section 3.2 footnote 10", "ImageNet, 10% quantile: Computation = "
                     "O(Performance^k), k", pv, dg, q10.exponent,
                     f"Different data (our {_sample(q10)}); 95% interval {_interval(qlo, qhi)}; "
                     f"the mean fit gives {poly.exponent:.1f}."))
    specs = fit_specifications(benchmark="imagenet")
    figures.append(_figure(
        "figure9", "Figure 9: alternative polynomial specifications",
        "The paper's log-log line, with quadratic and cubic terms, and with performance as the "
        "odds of a correct answer; each panel gives its R^2.",
        plot_figure9(specs)))
    tables.append(ReportTable(
        name="figure9_specifications", title="Figure 9: explanatory power of each specification",
        frame=pd.DataFrame([dict(specification=k, description=SPECIFICATIONS.get(k).description,
                                 nobs=r.nobs, r2=r.rsquared, r2_adj=r.rsquared_adj)
                            for k, r in specs.items()])))
    best = max(specs, key=lambda k: specs[k].rsquared_adj)
    intro = (
        f"Figure 7: {imp.nobs} ImageNet models report both parameters and per-pass computation "
        f"(R^2 {imp.rsquared:.2f}; a factor of 10^{imp.resid_se:.2f} either way). Imputing the "
        f"{poly_imp.n_imputed} models with parameters only changes the Table 1 slope from "
        f"{poly.slope:.3f} to {poly_imp.slope:.3f}. Figure 8: the 10% quantile gives "
        f"O(Performance^{q10.exponent:.1f}). Figure 9: the highest adjusted R^2 is '{best}' "
        f"({specs[best].rsquared_adj:.3f}; the paper's line: {specs['polynomial'].rsquared_adj:.3f}).")
    return Section(key="figures789", title="Figures 7, 8 and 9: robustness of the ImageNet fit",
                   intro=intro, figures=figures, tables=tables, comparisons=cmps,
                   data={"imputation": {"nobs": imp.nobs, "intercept": imp.intercept,
                                        "slope": imp.slope, "r2": imp.rsquared},
                         "quantile": q10.to_dict(),
                         "specifications": {k: {"r2": r.rsquared, "r2_adj": r.rsquared_adj}
                                            for k, r in specs.items()}})


# ============================================================================================
# Backtest
# ============================================================================================

@STAGES.register("backtest")
def stage_backtest(ctx: ReportContext) -> Section:
    """How well do these projections hold up? A rolling-origin backtest on ImageNet, and
    algorithmic progress beside the paper's and published estimates."""
    from ..backtest import backtest
    from ..progress import algorithmic_progress

    res = backtest(_data(ctx), benchmark="imagenet")
    prog = algorithmic_progress(_data(ctx), benchmark="imagenet")
    scores = res.scores()
    tables = [
        ReportTable(name="backtest_scores", title="Backtest scores per variant", frame=scores,
                    html=res.summary("html"), latex=res.summary("latex"),
                    text=res.summary("text"),
                    caption="MAE error: mean absolute error of the error forecasts (0.01 = one "
                            "percentage point); Cov.: share of outcomes inside the prediction "
                            "intervals; MAE log10 C: orders of magnitude between the computation "
                            "forecast to reach a new best error and the computation used."),
        ReportTable(name="backtest_calibration", title="Backtest: interval coverage against "
                    "nominal", frame=res.calibration(), show=False),
        ReportTable(name="algorithmic_progress",
                    title="Algorithmic progress: computation one year of progress is worth",
                    frame=prog.comparison(),
                    caption="Years of progress worth 10x computation and the months in which the "
                            "computation needed for a fixed error halves; published estimates "
                            "measure training compute, ours and the paper's computation per pass."),
    ]
    cmps = []
    ylo, yhi = prog.years_to_10x_ci
    pv, dg = _pv("Section 3.2", "years_worth_10x", "imagenet", "per-pass polynomial + year")
    cmps.append(_cmp("Section 3.2", "ImageNet: years of algorithmic progress worth 10x "
                     "computation", pv, dg, prog.years_to_10x,
                     f"Different data ({prog.nobs} models vs the paper's "
                     f"{_pv('Table 2', 'nobs', 'imagenet', '(2)')[0]:.0f}); our 95% "
                     f"{prog.interval} interval is {_interval(ylo, yhi)} years."))
    comp = prog.comparison()
    dlo, dhi = prog.doubling_months_ci
    for r in comp.iloc[1:].itertuples():
        if "Thompson" in r.source:
            continue
        has_ci = _finite(r.doubling_months_ci_lower) and _finite(r.doubling_months_ci_upper)
        inside = (has_ci and r.doubling_months_ci_lower <= prog.doubling_months
                  <= r.doubling_months_ci_upper)
        cmps.append(Comparison(
            source=r.source, item="months for the computation needed at a fixed error to halve",
            paper=float(r.doubling_months), ours=prog.doubling_months, digits=0,
            agrees=bool(inside) if has_ci else None,
            why=(f"Different measures: {r.compute_measure} there, computation per network pass "
                 f"here ({prog.nobs} ImageNet models; 95% interval {_interval(dlo, dhi)} months)"
                 + (f"; ours is {'inside' if inside else 'outside'} their 95% interval, "
                    f"{r.doubling_months_ci_lower:g} to {r.doubling_months_ci_upper:g}"
                    if has_ci else "") + ".")))
    import matplotlib.pyplot as plt

    from ..plotting.backtest import plot_backtest, plot_progress

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.8))
    fig.set_layout_engine("constrained")
    plot_backtest(res, kind="error", ax=ax1)
    plot_backtest(res, kind="flops", ax=ax2)
    pv_name = res.paper_variant or res.variants[0]
    figures = [
        ReportFigure(
            name="backtest_forecasts", title="Forecast vs actual",
            caption=(f"The paper's projection ({pv_name}) refitted on the models up to each "
                     "cut-off (colour). Left: forecast against actual error of every later model; "
                     "right: the computation the fit said a new best error needed against the "
                     "computation used. Bars: 95% prediction intervals; dashed: forecast = actual."),
            figure=fig),
        _figure("algorithmic_progress", "Algorithmic progress beside published estimates",
                "Months in which the computation needed for a fixed ImageNet error halves: this "
                "fit (with its 95% interval), the paper's reading and published estimates.",
                plot_progress(prog)),
    ]
    s = scores.set_index("variant")
    pvar = res.paper_variant
    summary = ""
    if pvar is not None and pvar in s.index:
        r = s.loc[pvar]
        summary = (
            f" The paper's own projection ({pvar}: polynomial form, conditional mean, moved from "
            f"the best model along the slope) forecast later models' errors to within "
            f"{100 * r['mae_error']:.1f} percentage points on average, with "
            f"{r['coverage80']:.0%} of outcomes inside its 80% intervals and "
            f"{r['coverage95']:.0%} inside its 95% intervals; on the frontier it was "
            f"{r['mae_log10_flops']:.2f} orders of magnitude off the computation actually used.")
    intro = (
        "The paper extrapolates its regressions by many orders of magnitude without checking how "
        "such extrapolations fare. Here each regression is refitted on the ImageNet models "
        f"published up to a cut-off year ({', '.join(map(str, res.cutoffs))}) and scored on the "
        f"models published after it ({res.n_models} models with per-pass computation)." + summary
        + f" Best error forecasts: {res.best('mae_error')}.")
    return Section(key="backtest", title="How well do these projections hold up?", intro=intro,
                   figures=figures, tables=tables, comparisons=cmps, notes=list(res.notes),
                   data={"backtest": res.to_dict(), "algorithmic_progress": prog.to_dict()})
