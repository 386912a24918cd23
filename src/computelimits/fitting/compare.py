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
from ..presentation import Markup, Presentable, Table
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
class RegressionTable(Presentable):
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
    def _grid(self):
        """Title, header rows, body rows and notes as presentation cells (plain text or Markup)."""
        d = self.digits

        def st(p) -> Markup:
            s = stars(p)
            return Markup(s, latex=f"$^{{{s}}}$" if s else "")

        res = self.results
        k = len(res)
        dep = [Markup(r.form_spec.response, latex=r.form_spec.response_latex) for r in res]
        headers = []
        if any(lbl for lbl in self.labels):
            headers.append([("", 1)] + _spans(list(self.labels)))
        headers.append([("", 1)] + _spans(dep))
        how = [r.estimator_spec.describe("column", quantile=r.quantile, cov_type=r.cov_type)
               for r in res]
        if any(h != "OLS" for h in how):
            headers.append([("", 1)] + _spans(how))
        headers.append([("", 1)] + [(f"({j})", 1) for j in range(1, k + 1)])

        body: list[list | None] = []
        for term, x in self._rows():
            label_x = x or next((r.x for r in res), "per-pass")
            coef: list = [Markup(term_label(term, label_x), latex=term_label(term, label_x, fmt="latex"))]
            se: list = [""]
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
        body.append(["Observations"] + [str(r.nobs) for r in res])
        body.append([R2] + [format_coef(r.rsquared, d) for r in res])
        body.append(["Adjusted " + R2] + [format_coef(r.rsquared_adj, d) for r in res])
        body.append(["Residual Std. Error"] + [
            "" if math.isnan(r.resid_se) else f"{format_coef(r.resid_se, d)} (df = {r.df_resid:g})"
            for r in res])
        body.append(["F Statistic"] + [
            "" if math.isnan(r.fvalue) else
            format_coef(r.fvalue, d) + st(r.f_pvalue) + f" (df = {r.df_model:g}; {r.df_resid:g})"
            for r in res])
        notes: list = [Markup("Note: *p<0.1; **p<0.05; ***p<0.01",
                              latex=r"\textit{Note:} $^{*}$p$<$0.1; $^{**}$p$<$0.05; $^{***}$p$<$0.01")]
        seen: list[str] = []
        for r in res:
            n = r.estimator_spec.table_note
            if n and n not in seen:
                seen.append(n)
        notes.extend(seen)
        units = sorted({r.x_unit for r in res})
        notes.append(f"Computation in {', '.join(units)} inside log10 (the unit changes only the constant).")
        return self.title, headers, body, notes

    def _summary_blocks(self) -> list[Table]:
        title, headers, body, notes = self._grid()
        return [Table(title, headers, body, notes)]

    def to_text(self) -> str:
        """``summary("text")``."""
        return self.summary("text")

    def to_html(self) -> str:
        """``summary("html")``."""
        return self.summary("html")

    def to_latex(self) -> str:
        """``summary("latex")``."""
        return self.summary("latex")

    def to_frame(self) -> pd.DataFrame:
        """The printed table as a DataFrame of strings (rows as printed, columns ``(1)``, ``(2)``...)."""
        _, headers, body, _ = self._grid()
        cols = [f"({j})" for j in range(1, len(self.results) + 1)]
        rows, index = [], []
        for r in body:
            if r is None:
                continue
            cells = [c.render("text") if isinstance(c, Markup) else str(c) for c in r]
            label = cells[0]
            if label == "" and index:
                label = f"{index[-1]} (SE)"
            index.append(label)
            rows.append(cells[1:] + [""] * (len(cols) - len(cells) + 1))
        return pd.DataFrame(rows, index=index, columns=cols)


#: The R^2 label in every format.
R2 = Markup("R^2", html="R<sup>2</sup>", latex="$R^{2}$")


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
    >>> from computelimits.fitting import fit
    >>> t = compare([fit(benchmark="imagenet", form="error-linear"), fit(benchmark="imagenet")],
    ...             title="Table 1")
    >>> list(t.to_frame().columns)
    ['(1)', '(2)']
    >>> print(t.summary("latex").splitlines()[1])
    \\caption{Table 1}
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
    return compare(results, labels=labels, title=title, digits=digits).summary(fmt)

