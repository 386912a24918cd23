"""Tables 1 and 2 and the ImageNet numbers of section 3.2."""

from __future__ import annotations

from typing import Any

from .._common import (
    PAPER_ARXIV,
    _cmp,
    _fit,
    _interval,
    _paper_collected,
    _progress,
    _pv,
    _sample,
    _years,
)
from ..model import Section
from ..pipeline import STAGES, ReportContext
from ..regression import _FIT_QUANTITIES, _NOT_COMPARABLE, _fit_comparisons, _regression_table


def _period_fits(ctx: ReportContext) -> dict[str, Any]:
    """ImageNet per-pass polynomial fits on the models published before the paper's release and
    on those published since (cached)."""
    def make():
        import pandas as pd

        from ...arxiv import arxiv_date
        from ...datasets import load_models
        from ...fitting import fit

        d = load_models("imagenet", include_extra_data=ctx.settings.include_extra_data)
        before = pd.to_datetime(d["date"]) < pd.Timestamp(arxiv_date(PAPER_ARXIV))
        return {"before": fit(d[before], benchmark="imagenet"),
                "after": fit(d[~before], benchmark="imagenet")}

    return ctx.get("imagenet-periods", make)


@STAGES.register("tables12")
def stage_tables12(ctx: ReportContext) -> Section:
    """Tables 1 and 2, and the ImageNet numbers quoted in section 3.2."""
    expo = _fit(ctx, benchmark="imagenet", form="error-linear")  # Table 1 (1): error itself
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
    t1_slope = next(c for c in cmps if c.source == "Table 1 (2)" and c.item.endswith(
        _FIT_QUANTITIES["slope"]))
    periods = _period_fits(ctx)
    early, late = periods["before"], periods["after"]
    cut = _paper_collected()
    mixed = (f"pooled over periods: models published before {cut} alone give "
             f"{early.slope:.3f} ({early.nobs} models), later ones {late.slope:.3f} "
             f"({late.nobs}); later models sit lower at equal computation, which steepens the "
             f"pooled line (with a year trend: {trend.slope:.3f})")
    cmps.append(_cmp(src, "ImageNet: slope, all models (pooled)",
                     *_pv(src, "slope", "imagenet", col), poly.slope,
                     f"{data_why}; {mixed}.", interval=t1_slope.interval, interval_of="paper"))
    cmps.append(_cmp(src, f"ImageNet: slope, models published before {cut} (the paper's "
                     "period)", *_pv(src, "slope", "imagenet", col), early.slope,
                     f"Like for like in time: {early.nobs} models published before {cut} vs the "
                     f"paper's {_pv('Table 1', 'nobs', 'imagenet', '(2)')[0]:.0f}; the paper's "
                     f"95% interval is {t1_slope.interval[0]:.3f} to {t1_slope.interval[1]:.3f}.",
                     interval=t1_slope.interval, interval_of="paper", headline=True))
    pci = (_pv(src, "exponent_ci_lower", "imagenet", col)[0],
           _pv(src, "exponent_ci_upper", "imagenet", col)[0])
    cmps.append(_cmp(src, "ImageNet: Computation = O(Performance^k), k", pe, de, poly.exponent,
                     f"k = -1/slope; {data_why}; our 95% interval {lo:.1f} to {hi:.1f}, the "
                     f"paper's {pci[0]:g} to {pci[1]:g}.", interval=pci, interval_of="paper",
                     headline=True))
    for q, ours, side in (("exponent_ci_lower", lo, "lower"), ("exponent_ci_upper", hi, "upper")):
        pv, dg = _pv(src, q, "imagenet", col)
        cmps.append(_cmp(src, f"ImageNet: k, 95% interval, {side} end", pv, dg, ours,
                         f"{data_why}: with {poly.nobs} observations the interval is "
                         f"{hi - lo:.1f} wide (the paper's: {pci[1] - pci[0]:.1f}).",
                         not_comparable="an interval narrows with more observations"))
    cmps.append(_cmp(src, "ImageNet: share of variance explained (R^2)",
                     *_pv(src, "r2", "imagenet", col), poly.rsquared, f"{data_why}.",
                     not_comparable=_NOT_COMPARABLE["r2"]))
    yc = "per-pass polynomial + year"
    added = trend.rsquared - poly.rsquared
    cmps.append(_cmp(src, "ImageNet: R^2 added by the year trend",
                     *_pv(src, "r2_added_by_year", "imagenet", yc), added,
                     f"{data_why}: computation alone explains {poly.rsquared:.0%} here (the "
                     f"paper: {_pv(src, 'r2', 'imagenet', col)[0]:.0%}), leaving less to add.",
                     not_comparable=_NOT_COMPARABLE["r2"]))
    prog = _progress(ctx)
    cmps.append(_cmp(src, "ImageNet: years of algorithmic progress worth 10x computation",
                     *_pv(src, "years_worth_10x", "imagenet", yc), trend.years_worth_10x,

                     f"{data_why}: slope {trend.slope:.3f} and year {trend.year_coef:.4f} per year "
                     f"give {trend.years_worth_10x:.2f} years (the paper: "
                     f"{_pv('Table 2', 'slope', 'imagenet', '(2)')[0]:g} and "
                     f"{_pv('Table 2', 'year', 'imagenet', '(2)')[0]:g}); our 95% "
                     f"{prog.interval} interval: {_interval(*prog.years_to_10x_ci)} years.",
                     interval=prog.years_to_10x_ci, interval_of="ours", headline=True))
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
    split = _regression_table(
        "imagenet_periods", "ImageNet by period: pooled, before and after the paper, year trend",
        {"all models": poly, f"before {cut}": early, f"{cut} on": late, "all, with year": trend},
        f"The polynomial fit of Table 1 (2) on all models, on the models published before the "
        f"paper ({cut}) and after it, and with a year trend (Table 2 (2)).",
        labels=["ImageNet"] * 4)
    steeper = poly.slope < min(early.slope, late.slope)
    intro += (
        f"\n\nThe pooled slope is {poly.slope:.3f} (the paper: "
        f"{_pv('Table 1', 'slope', 'imagenet', '(2)')[0]:g}); the periods alone give "
        f"{early.slope:.3f} for the {early.nobs} models published before {cut} (the paper's "
        f"period) and {late.slope:.3f} for the {late.nobs} published since"
        + (". The pooled line is steeper than either: later models reach lower error at equal "
           "computation, so pooling both periods tilts it" if steeper else "")
        + f"; with a year trend the slope is {trend.slope:.3f}. The like-for-like comparison "
        f"with the paper is the earlier period: {early.slope:.3f} against its "
        f"{_pv('Table 1', 'slope', 'imagenet', '(2)')[0]:g}.")
    return Section(key="tables12", title="Tables 1 and 2: ImageNet, error vs computation per pass",
                   intro=intro, tables=[t1, t2, split], comparisons=cmps,
                   data={"table1": {"(1)": expo.to_dict(), "(2)": poly.to_dict()},
                         "table2": {"(1)": poly.to_dict(), "(2)": trend.to_dict()},
                         "periods": {"cut": cut, "pooled": poly.slope, "before": early.slope,
                                     "after": late.slope, "with_year": trend.slope,
                                     "nobs_before": early.nobs, "nobs_after": late.nobs,
                                     "pooled_steeper": bool(steeper)}})
