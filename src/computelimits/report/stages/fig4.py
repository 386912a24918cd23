"""Figure 4: computation, CO2 and dollars to reach the paper's targets."""

from __future__ import annotations

from .._common import (
    _bname,
    _cmp,
    _data,
    _finite,
    _pv,
)
from ..model import Comparison, ReportFigure, ReportTable, Section
from ..pipeline import STAGES, ReportContext

#: Why "today" of Figure 4 cannot agree with a different dataset.
_TODAY = "today's best model is the best in a different dataset"


@STAGES.register("figure4")
def stage_figure4(ctx: ReportContext) -> Section:
    """Figure 4: computation, CO2 and dollars to reach the targets, from our data and from the
    paper's own coefficients."""
    import pandas as pd

    from ...figure4 import figure4_comparison, figure4_table
    from ...intervals import DEFAULT_INTERVAL
    from ...plotting.report import plot_projection_grid

    s = ctx.settings
    interval = DEFAULT_INTERVAL  # the same default as `computelimits project`
    t = figure4_table("data", interval=interval, bootstrap=s.bootstrap, seed=s.seed,
                      data=_data(ctx))
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
                             f"{rel.today_model}.", not_comparable=_TODAY))
        cmps.append(_cmp("Figure 4", f"{_bname(b)}, {col}: today's computation (log10 GFLOPs)",
                         p_today[0], p_today[1], today["log10_gflops"],
                         f"Different data: our best model with hardware burden is {ours_today}.",
                         not_comparable=_TODAY))
        for r in g[g["row"] != "today"].itertuples():
            if not _finite(r.paper_log10_gflops):
                continue
            # an interval without a finite upper end is unbounded above
            iv = (r.log10_gflops_ci_lower if _finite(r.log10_gflops_ci_lower) else float("nan"),
                  r.log10_gflops_ci_upper if _finite(r.log10_gflops_ci_upper) else None)
            c = _cmp("Figure 4", f"{_bname(b)}, {col}, target {100 * r.error:g}%: computation "
                     "(log10 GFLOPs)", r.paper_log10_gflops, 0, r.log10_gflops, "",
                     interval=iv, interval_of="ours")
            if c.category != "matches":
                c.why = (f"Different data ({base}); the printed value is "
                         f"{'inside' if c.inside else 'outside'} our 95% interval.")
            cmps.append(c)
    figures = []
    # the exponential form's targets lie up to 10^200 GFLOPs: show 15 decades past the data
    # and mark further targets at the edge, so the data keep a readable share of each panel
    for col, form, reach in (("polynomial", "polynomial", None),
                             ("exponential", "exponential", 15.0)):
        projs = [p for p in t.projections if p.form == form]
        if not projs:
            continue
        axs = plot_projection_grid(projs, [_bname(p.benchmark) for p in projs],
                                   max_decades=reach)
        points = pd.concat([p.relation.data[["benchmark", "model", "year", "error", "x_value"]]
                            .rename(columns={"x_value": "hardware_burden_flops"})
                            .assign(kind="model") for p in projs if p.relation.data is not None]
                           + [frame[frame["column"] == col].assign(kind="projection")],
                           ignore_index=True)
        figures.append(ReportFigure(
            name=f"figure4_{col}", title=f"Figure 4 extrapolations, {col} model",
            caption=("Models with hardware burden, today's best, the line moved along the fitted "
                     f"slope with its 95% band, and each target's projected computation ({interval} "
                     "interval; an arrow only where it is unbounded above; a bounded interval "
                     "running past the axis ends at the edge with its upper end in the label"
                     + ("; targets more than 15 decades past the data are marked at the right "
                        "edge with their value" if reach else "")
                     + "). The line goes through today's best model, as in the paper, so it "
                     "need not pass through the cloud of points. Computation in powers of ten "
                     "of GFLOPs."), figure=axs[0].figure, data=points, inputs=("models", "paper_values")))
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
