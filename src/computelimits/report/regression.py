"""Regression tables of the report (Tables 1-4) and their rows beside the paper's.

:func:`_regression_table` lays fits out like the paper's tables (HTML, LaTeX, text) with a
full-precision CSV frame; :func:`_fit_comparisons` sets every printed statistic beside ours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._common import _AGREES, _finite
from .model import Comparison, ReportTable
from .prose import _why_fit

#: Quantities of Tables 1-4 compared row by row (stars and degrees of freedom are left out:
#: they follow from the others).
_FIT_QUANTITIES = {
    "const": "constant", "const_se": "constant, standard error",
    "slope": "slope on log10(computation)", "slope_se": "slope, standard error",
    "year": "year", "year_se": "year, standard error", "nobs": "observations",
    "r2": "R^2", "r2_adj": "adjusted R^2", "resid_se": "residual std. error",
    "f": "F statistic",
}



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


#: Statistics that cannot agree with a different dataset, and why (by construction).
_NOT_COMPARABLE = {
    "nobs": "a count of the dataset: the open dataset is a different collection of models",
    "const_se": "a standard error shrinks with the number of observations",
    "slope_se": "a standard error shrinks with the number of observations",
    "year_se": "a standard error shrinks with the number of observations",
    "f": "the F statistic grows with the number of observations",
    "r2": "R^2 describes the scatter of a sample, which differs with a different dataset",
    "r2_adj": "R^2 describes the scatter of a sample, which differs with a different dataset",
    "resid_se": "the residual spread describes a sample, which differs with a different dataset",
}
_YEAR_ORIGIN = ("with a year trend the constant depends on the year counted as zero, which the "
                "paper does not state")


def paper_interval(quantity: str, printed: dict[str, float],
                   level: float = 0.95) -> tuple[float, float] | None:
    """The paper's ``level`` interval for a printed coefficient: printed value -/+ the critical
    value (Student t with the paper's residual degrees of freedom) times its printed standard
    error; ``None`` without a standard error."""
    from ..fitting.readings import critical_value

    v, se = printed.get(quantity), printed.get(f"{quantity}_se")
    if not (_finite(v) and _finite(se) and se > 0):
        return None
    df = printed.get("resid_df")
    c = critical_value(level, df if _finite(df) and df > 0 else None)
    return (v - c * se, v + c * se)


def _fit_comparisons(result, source: str, column: str, label: str) -> list[Comparison]:
    """Every printed statistic of one column of Tables 1-4 beside ours, with the paper's 95%
    interval for the coefficients and the reason the others cannot agree by construction."""
    from ..fitting import against_paper

    df = against_paper(result, source, column)
    printed = dict(zip(df["quantity"], df["paper"].astype(float), strict=True))
    out = []
    for r in df.itertuples():
        if r.quantity not in _FIT_QUANTITIES:
            continue
        ours = float(r.ours)
        # with a year trend the constant and its standard error depend on the year origin
        year_origin = result.has_year and r.quantity in ("const", "const_se")
        comparable = bool(r.comparable) and not (r.quantity == "const_se" and result.has_year)
        not_comparable = (_YEAR_ORIGIN if year_origin and not comparable
                          else _NOT_COMPARABLE.get(r.quantity, ""))
        if not comparable and not not_comparable:
            not_comparable = _YEAR_ORIGIN
        interval = None if not_comparable else paper_interval(r.quantity, printed)
        c = Comparison(source=f"{source} {column}",
                       item=f"{label}: {_FIT_QUANTITIES[r.quantity]}", paper=float(r.paper),
                       ours=ours if _finite(ours) else None, digits=int(r.digits),
                       interval=interval, interval_of="paper", not_comparable=not_comparable)
        c.why = (_AGREES if c.category == "matches" else
                 _why_fit(result, r.quantity, ours, float(r.paper), printed, comparable,
                          interval=interval))
        out.append(c)
    return out
