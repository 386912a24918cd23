"""Figure 2: training compute against hardware (2a, Epoch AI data) and ImageNet (2b)."""

from __future__ import annotations

from typing import Any

from ...errors import ComputeLimitsError
from .._common import (
    _cmp,
    _figure,
    _fit,
    _fit_points,
    _point_labels,
    _pv,
    _years,
)
from ..model import ReportTable, Section
from ..pipeline import STAGES, ReportContext

#: Figure 2a's periods (section 3.1): the turning point (AlexNet, 2012) and "approximately 10x
#: per year from 2012 to 2019" (up to the end of 2019).
BREAK_YEAR = 2012
PAPER_PERIOD = (2012, 2020)


@STAGES.register("figure2")
def stage_figure2(ctx: ReportContext) -> Section:
    """Figure 2a (training compute vs hardware peak, Epoch AI data) and 2b (ImageNet)."""
    import pandas as pd

    from ...fitting import fit_growth, hardware_peak_frontier, load_epoch_training_compute
    from ...plotting.fits import plot_figure2a, plot_figure2b

    figures, tables, cmps, notes = [], [], [], []
    data: dict[str, Any] = {}
    epoch = ctx.input("epoch_models")
    growth_intro = ""
    training = load_epoch_training_compute(epoch.path)
    hardware = hardware_peak_frontier()
    ax = plot_figure2a(training, hardware, break_year=float(BREAK_YEAR))
    figures.append(_figure(
        "figure2a", "Figure 2(a): computing power used by models vs hardware performance",
        f"Training compute of {len(training):,} models in Epoch AI's notable-models table "
        f"({epoch.name}, {'bundled extract' if epoch.origin == 'bundled' else 'given file'}) against the peak FP32 FLOP/s of record-setting chips "
        "(computelimits' hardware table), on axes spanning the same decades.", ax,
        data=training, inputs=("epoch_models", "hardware")))
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
    data["epoch_file"] = epoch.to_dict()
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
            f"published {period} ({lo:.1f}x to {hi:.1f}x per year, 95%).",
            interval=(lo, hi), interval_of="ours", headline=key == "compute_paper_period"))
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
        ax = plot_figure2b(poly, reference_model="AlexNet", point_labels=_point_labels)
        norm_note = "computation relative to AlexNet (2012)"
    else:
        ax = plot_figure2b(poly, reference_model=None, point_labels=_point_labels)
        norm_note = "computation in GFLOPs"
        notes.append("Figure 2(b) is in GFLOPs, not relative to AlexNet: AlexNet has no sourced "
                     "per-pass computation in the dataset (normalising would only shift the axis).")
    y0, y1 = _years(poly)
    figures.append(_figure(
        "figure2b", "Figure 2(b): ImageNet error vs computation per network pass",
        f"{poly.nobs} ImageNet models published {y0} to {y1} with sourced per-pass computation; "
        f"{norm_note}; log-log, so a straight line is a polynomial relation (slope "
        f"{poly.slope:.3f}, Computation = O(Performance^{poly.exponent:.1f})).", ax,
        data=_fit_points(poly)))
    data["figure2b"] = {"nobs": poly.nobs, "slope": poly.slope, "exponent": poly.exponent}
    intro = ("Figure 2(a) redone with 2025 data: how fast the computation used by models grew "
             "against the growth of hardware." + growth_intro + " Figure 2(b): ImageNet error "
             "against computation per network pass; its regression is Table 1, column (2).")
    return Section(key="figure2", title="Figure 2: computing power over time, and ImageNet",
                   intro=intro, figures=figures, tables=tables, comparisons=cmps, notes=notes,
                   data=data)
