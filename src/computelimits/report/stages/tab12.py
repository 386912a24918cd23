"""Tables 1 and 2 and the ImageNet numbers of section 3.2."""

from __future__ import annotations

from .._common import (
    _cmp,
    _fit,
    _pv,
    _sample,
    _years,
)
from ..model import Section
from ..pipeline import STAGES, ReportContext
from ..regression import _fit_comparisons, _regression_table


@STAGES.register("tables12")
def stage_tables12(ctx: ReportContext) -> Section:
    """Tables 1 and 2, and the ImageNet numbers quoted in section 3.2."""
    expo = _fit(ctx, benchmark="imagenet", form="exponential")
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
