"""How well do these projections hold up? Rolling-origin backtest and algorithmic progress."""

from __future__ import annotations

from .._common import (
    _data,
    _figure,
    _finite,
    _interval,
    _progress,
)
from ..model import Comparison, ReportFigure, ReportTable, Section
from ..pipeline import STAGES, ReportContext


@STAGES.register("backtest")
def stage_backtest(ctx: ReportContext) -> Section:
    """How well do these projections hold up? A rolling-origin backtest on ImageNet, and
    algorithmic progress beside the paper's and published estimates."""
    from ...backtest import backtest

    res = backtest(_data(ctx), benchmark="imagenet")
    prog = _progress(ctx)
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
            interval=(r.doubling_months_ci_lower, r.doubling_months_ci_upper) if has_ci else None,
            interval_of="paper",
            not_comparable="" if has_ci else "a different measure of computation, published "
                                             "without an interval",
            why=(f"Different measures: {r.compute_measure} there, computation per network pass "
                 f"here ({prog.nobs} ImageNet models; 95% interval {_interval(dlo, dhi)} months)"
                 + (f"; ours is {'inside' if inside else 'outside'} their 95% interval, "
                    f"{r.doubling_months_ci_lower:g} to {r.doubling_months_ci_upper:g}"
                    if has_ci else "") + ".")))
    from ...plotting.backtest import plot_progress
    from ...plotting.report import plot_backtest_panels

    axes = plot_backtest_panels(res)
    pv_name = res.paper_variant or res.variants[0]
    figures = [
        ReportFigure(
            name="backtest_forecasts", title="Forecast vs actual",
            caption=(f"The paper's projection ({pv_name}) refitted on the models up to each "
                     "cut-off (colour). Left: forecast against actual error of every later model; "
                     "right: the computation the fit said a new best error needed against the "
                     "computation used. Bars: 95% prediction intervals; dashed: forecast = actual."),
            figure=axes[0].figure, inputs=("models",),
            data=res.forecasts[res.forecasts["variant"] == pv_name]),
        _figure("algorithmic_progress", "Algorithmic progress beside published estimates",
                "Months in which the computation needed for a fixed ImageNet error halves: this "
                "fit (with its 95% interval), the paper's reading and published estimates.",
                plot_progress(prog), data=prog.comparison(),
                inputs=("models", "published_progress")),
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
