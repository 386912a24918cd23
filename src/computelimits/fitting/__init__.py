"""Regressions of error on computation, their result objects and the paper's readings.

The entry point is :func:`fit`: error against computation for one benchmark, with the x variable
(:data:`X_VARIABLES`: computation per network pass or hardware burden), the functional form
(:data:`FORMS`) and the estimator (:data:`ESTIMATORS`: OLS, OLS with robust errors, quantile
regression) taken from registries. It returns an immutable :class:`FitResult`. :func:`compare`
lays fits side by side like the paper's Tables 1-4.

Examples
--------
>>> from computelimits.fitting import fit, compare
>>> poly = fit(benchmark="imagenet")                      # the bundled dataset
>>> expo = fit(benchmark="imagenet", form="error-linear")  # Table 1 column 1
>>> poly.slope < 0 and poly.exponent > 1                  # Computation = O(Performance^exponent)
True
>>> lo, hi = poly.exponent_ci(0.95)
>>> bool(lo < poly.exponent < hi)
True
>>> table = compare([expo, poly], title="Table 1")
>>> print(table.summary("text").splitlines()[0])          # also "html" and "latex"
Table 1

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning" (arXiv:2007.05558),
sections 3.2 and 7, Tables 1-4, Figures 2, 3, 7-10.
"""

from __future__ import annotations

from .bootstrap import pairs_bootstrap, percentile_interval
from .compare import STAR_THRESHOLDS, RegressionTable, compare, comparison_table, stars
from .core import (
    SPECIFICATIONS,
    Specification,
    design_matrix,
    fit,
    fit_arrays,
    fit_specifications,
    load_fit_records,
)
from .estimators import ESTIMATORS, Estimate, EstimatorSpec, ols_params
from .floors import FormComparison, compare_forms, local_exponent  # registers the floor forms
from .forms import FORMS, X_VARIABLES, FormSpec, XSpec, get_form, get_x
from .impute import ImputationModel, fit_imputation, impute_flops_from_params
from .paper import (
    PAPER_REGRESSIONS,
    PaperRegression,
    against_paper,
    fit_paper_regressions,
    paper_regressions,
)
from .periods import PeriodFits, fit_periods
from .readings import (
    computation_per_year,
    critical_value,
    exponent_ci_from_slope,
    exponent_from_slope,
    slope_interval,
    years_worth_10x,
)
from .results import FitResult
from .trends import (
    GrowthTrend,
    fit_growth,
    hardware_peak_frontier,
    load_epoch_training_compute,
    load_karlrupp_peak,
)

#: Alias of :func:`compare` under a name that reads well at package level
#: (``computelimits.compare_fits``).
compare_fits = compare

__all__ = [
    "fit",
    "fit_arrays",
    "fit_periods",
    "PeriodFits",
    "FitResult",
    "FORMS",
    "FormSpec",
    "X_VARIABLES",
    "XSpec",
    "ESTIMATORS",
    "EstimatorSpec",
    "Estimate",
    "get_form",
    "compare_forms",
    "FormComparison",
    "local_exponent",
    "get_x",
    "compare",
    "compare_fits",
    "comparison_table",
    "RegressionTable",
    "stars",
    "STAR_THRESHOLDS",
    "SPECIFICATIONS",
    "Specification",
    "fit_specifications",
    "design_matrix",
    "load_fit_records",
    "ImputationModel",
    "fit_imputation",
    "impute_flops_from_params",
    "pairs_bootstrap",
    "percentile_interval",
    "ols_params",
    "critical_value",
    "slope_interval",
    "exponent_from_slope",
    "exponent_ci_from_slope",
    "years_worth_10x",
    "computation_per_year",
    "PAPER_REGRESSIONS",
    "PaperRegression",
    "paper_regressions",
    "fit_paper_regressions",
    "against_paper",
    "load_epoch_training_compute",
    "hardware_peak_frontier",
    "load_karlrupp_peak",
    "fit_growth",
    "GrowthTrend",
]
