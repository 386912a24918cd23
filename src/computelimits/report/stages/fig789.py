"""Figures 7, 8 and 9: robustness of the ImageNet fit."""

from __future__ import annotations

from .._common import (
    _cmp,
    _figure,
    _fit,
    _fit_points,
    _interval,
    _point_labels,
    _pv,
    _sample,
)
from ..model import ReportTable, Section
from ..pipeline import STAGES, ReportContext


@STAGES.register("figures789")
def stage_figures789(ctx: ReportContext) -> Section:
    """Figure 7 (params -> GFLOPs imputation), Figure 8 (mean vs 10 % quantile), Figure 9
    (alternative specifications)."""
    import pandas as pd

    from ...datasets import load_models
    from ...fitting import (
        SPECIFICATIONS,
        fit_imputation,
        fit_specifications,
        impute_flops_from_params,
    )
    from ...plotting.fits import plot_figure7, plot_figure8, plot_figure9

    figures, tables, cmps = [], [], []
    records = load_models("imagenet", include_extra_data=ctx.settings.include_extra_data)
    imp = fit_imputation(records)
    filled = impute_flops_from_params(records, imp)
    figures.append(_figure(
        "figure7", "Figure 7: conversion regression from network size to computation per pass",
        f"log10(GFLOPs per pass) on log10(parameters), {imp.nobs} ImageNet models with both "
        f"sourced; open markers: {int(filled['flops_imputed'].sum())} models with parameters only, "
        "placed on the line.", plot_figure7(imp, imputed=filled),
        data=filled.loc[filled["params"].notna() & filled["flops_per_pass"].notna(),
                        ["model", "year", "params", "flops_per_pass", "flops_imputed",
                         "params_source", "flops_per_pass_source"]]))
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
        "approximates the best error reachable at each computation.",
        plot_figure8(poly, q10, point_labels=_point_labels), data=_fit_points(poly)))
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
                     f"the mean fit gives {poly.exponent:.1f}.", interval=(qlo, qhi),
                     interval_of="ours"))
    specs = fit_specifications(benchmark="imagenet")
    figures.append(_figure(
        "figure9", "Figure 9: alternative polynomial specifications",
        "The paper's log-log line, with quadratic and cubic terms, and with performance as the "
        "odds of a correct answer; each panel gives its R^2.",
        plot_figure9(specs, point_labels=_point_labels),
        data=_fit_points(specs["polynomial"])))
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
