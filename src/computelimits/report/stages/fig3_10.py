"""Figures 3 and 10, Tables 3 and 4: error against hardware burden."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...errors import ComputeLimitsError
from .._common import (
    BURDEN_BENCHMARKS,
    EXTRA_BURDEN_BENCHMARK,
    _bname,
    _cmp,
    _figure,
    _fit,
    _fit_points,
    _interval,
    _point_labels,
    _pv,
    _sample,
)
from ..model import Section
from ..pipeline import STAGES, ReportContext
from ..regression import _NOT_COMPARABLE, _fit_comparisons, _regression_table


def _burden_section(ctx: ReportContext, *, key: str, table: str, fig_no: int,
                    plotter: Callable, title: str, form_text: str) -> Section:
    from ...fitting import paper_regressions

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
    axes = plotter({lab: r for lab, r in zip(labels, results.values(), strict=True)},
                   point_labels=_point_labels)
    import pandas as pd

    points = pd.concat([_fit_points(r) for r in results.values()], ignore_index=True)
    fig = _figure(f"figure{fig_no}", f"Figure {fig_no}: error vs hardware burden, {form_text}",
                  "One panel per benchmark: models, the fitted line and its 95% confidence band; "
                  "hardware burden = chips x peak FP32 FLOP/s x training time, in GFLOPs.", axes,
                  data=points)
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
    from ...plotting.fits import plot_figure3

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
                                    pv, dg, r.exponent, cmps_why, interval=(lo, hi),
                                    interval_of="ours"))
    if fits:
        r2 = [r.rsquared for r in fits.values()]
        for q, ours in (("r2_min", min(r2)), ("r2_max", max(r2))):
            pv, dg = _pv(src, q, "five benchmarks", col)
            sec.comparisons.append(_cmp(
                src, f"R^2 across the five benchmarks, {'lowest' if q == 'r2_min' else 'highest'}",
                pv, dg, ours, "Different data: " + ", ".join(
                    f"{_bname(b)} {r.nobs} models, R^2 {r.rsquared:.2f}" for b, r in fits.items())
                + ".", not_comparable=_NOT_COMPARABLE["r2"]))
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
    from ...plotting.fits import plot_figure10

    sec = _burden_section(ctx, key="figure10", table="Table 4", fig_no=10, plotter=plot_figure10,
                          title="Figure 10 and Table 4: hardware burden, exponential model",
                          form_text="exponential model (1/error)")
    const = _pv("Table 4", "const", "squad11")[0]
    sec.intro += (f" Table 4's header says 'Error rate', but its constants ({const:.2f} for SQuAD "
                  "1.1) and Figure 4's exponential projections only fit 1/error regressed on "
                  "log10(hardware burden) (docs/fitting.md), so that is what is fitted here.")
    return sec
