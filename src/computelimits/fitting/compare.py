"""Several fits side by side, laid out like the paper's Tables 1-4.

Each column is one fit: coefficients with significance stars, standard errors in parentheses
below, then observations, R^2, adjusted R^2, residual standard error (with its degrees of freedom)
and the F statistic (with stars and degrees of freedom). Stars follow the paper's note:
``*p<0.1; **p<0.05; ***p<0.01``. Rendered as text, HTML or LaTeX; the numbers stay at full
precision in :meth:`RegressionTable.to_long`.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 7, Tables 1-4.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..benchmarks import benchmark_display_name
from ..errors import InputError
from ._render import check_format, html_escape, latex_escape, render_table
from .results import FitResult, term_label

__all__ = ["STAR_THRESHOLDS", "stars", "RegressionTable", "compare", "comparison_table",
           "format_coef"]

#: p-value thresholds for one, two and three stars (the paper's table notes).
STAR_THRESHOLDS: tuple[float, float, float] = (0.1, 0.05, 0.01)


def stars(p: float) -> str:
    """``"***"`` for p < 0.01, ``"**"`` for p < 0.05, ``"*"`` for p < 0.1, else ``""``.

    Examples
    --------
    >>> stars(0.004), stars(0.03), stars(0.07), stars(0.2)
    ('***', '**', '*', '')
    """
    try:
        p = float(p)
    except (TypeError, ValueError):
        return ""
    if math.isnan(p):
        return ""
    return "*" * sum(p < t for t in STAR_THRESHOLDS)


def format_coef(v: float, digits: int = 2) -> str:
    """Fixed decimals; a non-zero value that would print as zero gets one significant digit.

    Examples
    --------
    >>> format_coef(-0.1071), format_coef(-0.0021), format_coef(0.0)
    ('-0.11', '-0.002', '0.00')
    """
    v = float(v)
    if math.isnan(v):
        return ""
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    s = f"{v:.{digits}f}"
    if v != 0 and float(s) == 0:
        s = f"{v:.1g}"
    if s.startswith("-") and float(s) == 0:
        s = s[1:]
    return s


def _spans(cells: Sequence[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for c in cells:
        if out and out[-1][0] == c:
            out[-1] = (c, out[-1][1] + 1)
        else:
            out.append((c, 1))
    return out


@dataclass(frozen=True, eq=False)
class RegressionTable:
    """Fits side by side (see :func:`compare`); immutable."""

    results: tuple[FitResult, ...]
    labels: tuple[str, ...]
    title: str | None
    digits: int

    # ---------------------------------------------------------------- numbers
    def _rows(self) -> list[tuple[str, str]]:
        """Coefficient rows in order: (term, x) pairs; x is '' for terms shared by every x."""
        seen: list[tuple[str, str]] = []
        order = {"const": 0, "log10_x": 1, "year": 99}
        for r in self.results:
            for t in r.names:
                key = (t, r.x if t.startswith("log10_x") else "")
                if key not in seen:
                    seen.append(key)

        def rank(k):
            t = k[0]
            if t in order:
                return (order[t], k[1])
            if t.startswith("log10_x_"):
                return (1 + int(t.rsplit("_", 1)[1]) / 100, k[1])
            return (50, t)

        return sorted(seen, key=rank)

    def to_long(self) -> pd.DataFrame:
        """Full-precision long table: one row per column and coefficient, with fit statistics."""
        recs = []
        for j, r in enumerate(self.results, start=1):
            for i, t in enumerate(r.names):
                recs.append(dict(
                    column=j, label=self.labels[j - 1], benchmark=r.benchmark, x=r.x, form=r.form,
                    estimator=r.estimator, quantile=r.quantile, term=t,
                    estimate=float(r.params.iloc[i]), std_error=float(r.bse.iloc[i]),
                    p_value=float(r.pvalues.iloc[i]), stars=stars(r.pvalues.iloc[i]),
                    nobs=r.nobs, r2=r.rsquared, r2_adj=r.rsquared_adj, resid_se=r.resid_se,
                    df_resid=r.df_resid, fvalue=r.fvalue, f_pvalue=r.f_pvalue))
        return pd.DataFrame(recs)

    # ---------------------------------------------------------------- layout
    def _grid(self, fmt: str):
        d = self.digits
        esc = latex_escape if fmt == "latex" else (html_escape if fmt == "html" else str)

        def st(p):
            s = stars(p)
            if not s:
                return ""
            return f"$^{{{s}}}$" if fmt == "latex" else s

        res = self.results
        k = len(res)
        dep = [(r.form_spec.response_latex if fmt == "latex" else esc(r.form_spec.response))
               for r in res]
        headers = []
        if any(lbl for lbl in self.labels):
            headers.append([("", 1)] + _spans([esc(lbl) for lbl in self.labels]))
        headers.append([("", 1)] + _spans(dep))
        if any(r.estimator != "ols" for r in res):
            est = []
            for r in res:
                if r.estimator == "quantile":
                    est.append(esc(f"quantile {r.quantile:g}"))
                elif r.estimator == "ols-hc":
                    est.append(esc(f"OLS, {r.cov_type} SE"))
                else:
                    est.append("OLS")
            headers.append([("", 1)] + _spans(est))
        headers.append([("", 1)] + [(f"({j})", 1) for j in range(1, k + 1)])

        body: list[list[str] | None] = []
        for term, x in self._rows():
            coef, se = [""], [""]
            label_x = x or next((r.x for r in res), "per-pass")
            coef[0] = term_label(term, label_x, fmt=fmt) if fmt == "latex" else esc(
                term_label(term, label_x))
            for r in res:
                match = term in r.names and (not x or r.x == x)
                if match:
                    i = r.names.index(term)
                    coef.append(format_coef(r.params.iloc[i], d) + st(r.pvalues.iloc[i]))
                    se.append(f"({format_coef(r.bse.iloc[i], d)})")
                else:
                    coef.append("")
                    se.append("")
            body.append(coef)
            body.append(se)
        body.append(None)
        r2_label = "$R^{2}$" if fmt == "latex" else "R^2" if fmt == "text" else "R<sup>2</sup>"
        adj_label = ("Adjusted $R^{2}$" if fmt == "latex" else
                     "Adjusted R^2" if fmt == "text" else "Adjusted R<sup>2</sup>")
        body.append(["Observations"] + [str(r.nobs) for r in res])
        body.append([r2_label] + [format_coef(r.rsquared, d) for r in res])
        body.append([adj_label] + [format_coef(r.rsquared_adj, d) for r in res])
        body.append(["Residual Std. Error"] + [
            "" if math.isnan(r.resid_se) else f"{format_coef(r.resid_se, d)} (df = {r.df_resid:g})"
            for r in res])
        body.append(["F Statistic"] + [
            "" if math.isnan(r.fvalue) else
            f"{format_coef(r.fvalue, d)}{st(r.f_pvalue)} (df = {r.df_model:g}; {r.df_resid:g})"
            for r in res])
        notes = ["Note: *p<0.1; **p<0.05; ***p<0.01"]
        if any(r.estimator == "quantile" for r in res):
            notes.append("Quantile columns: pseudo R^2 (Koenker-Machado); no F statistic.")
        if any(r.estimator == "ols-hc" for r in res):
            notes.append("Robust columns: heteroskedasticity-consistent standard errors; robust Wald F.")
        units = sorted({r.x_unit for r in res})
        notes.append(f"Computation in {', '.join(units)} inside log10 (the unit changes only the constant).")
        if fmt == "latex":
            notes = [r"\textit{Note:} $^{*}$p$<$0.1; $^{**}$p$<$0.05; $^{***}$p$<$0.01"] + [
                latex_escape(n) for n in notes[1:]]
        elif fmt == "html":
            notes = [html_escape(n) for n in notes]
        title = self.title
        if title is not None:
            title = esc(title)
        return title, headers, body, notes

    def render(self, fmt: str = "text") -> str:
        """The table as ``"text"``, ``"html"`` or ``"latex"``."""
        fmt = check_format(fmt)
        title, headers, body, notes = self._grid(fmt)
        return render_table(fmt, title, headers, body, notes)

    def to_text(self) -> str:
        return self.render("text")

    def to_html(self) -> str:
        return self.render("html")

    def to_latex(self) -> str:
        return self.render("latex")

    def to_frame(self) -> pd.DataFrame:
        """The printed table as a DataFrame of strings (rows as printed, columns ``(1)``, ``(2)``...)."""
        _, headers, body, _ = self._grid("text")
        cols = [f"({j})" for j in range(1, len(self.results) + 1)]
        rows, index = [], []
        for r in body:
            if r is None:
                continue
            label = r[0]
            if label == "" and index:
                label = f"{index[-1]} (SE)"
            index.append(label)
            rows.append(list(r[1:]) + [""] * (len(cols) - len(r) + 1))
        return pd.DataFrame(rows, index=index, columns=cols)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.to_text()


def compare(results: Sequence[FitResult] | Mapping[str, FitResult], labels: Sequence[str] | None = None,
            title: str | None = None, digits: int = 2) -> RegressionTable:
    """Lay several fits side by side like the paper's Tables 1-4.

    Parameters
    ----------
    results : sequence of FitResult, or mapping label -> FitResult
    labels : sequence of str, optional
        Column headers (default: the benchmarks' names, or the mapping's keys).
    title : str, optional
    digits : int
        Decimals printed (the paper prints 2).

    Examples
    --------
    >>> t = compare([fit(df, form="error-linear"), fit(df)], title="Table 1")  # doctest: +SKIP
    >>> print(t)  # doctest: +SKIP
    """
    if isinstance(results, Mapping):
        labels = list(results) if labels is None else labels
        results = list(results.values())
    results = tuple(results)
    if not results:
        raise InputError("compare needs at least one fit")
    for r in results:
        if not isinstance(r, FitResult):
            raise InputError(f"compare takes FitResult objects; got {type(r).__name__}")
    if labels is None:
        labels = [benchmark_display_name(r.benchmark) for r in results]
    labels = tuple(str(lbl) for lbl in labels)
    if len(labels) != len(results):
        raise InputError(f"{len(labels)} labels for {len(results)} fits")
    if int(digits) < 0:
        raise InputError("digits must be >= 0")
    return RegressionTable(results=results, labels=labels, title=title, digits=int(digits))


def comparison_table(results, fmt: str = "text", labels: Sequence[str] | None = None,
                     title: str | None = None, digits: int = 2) -> str:
    """:func:`compare` rendered straight to ``"text"``, ``"html"`` or ``"latex"``."""
    return compare(results, labels=labels, title=title, digits=digits).render(fmt)

