"""The paper's regressions (Tables 1-4) as specifications, and our fits beside its printed numbers.

Each :class:`PaperRegression` names one column of Tables 1-4: benchmark, x variable, functional
form and whether a year trend is included. :func:`against_paper` lines up a :class:`FitResult` with
the numbers printed in that column (from :func:`computelimits.reference.load_paper_values`), with
the tolerance the printed digits allow.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 7, Tables 1-4.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..benchmarks import FIGURE4_BENCHMARKS
from ..errors import ComputeLimitsError, InputError
from .compare import stars
from .core import fit
from .results import FitResult

__all__ = ["PaperRegression", "PAPER_REGRESSIONS", "paper_regressions", "fit_paper_regressions",
           "against_paper"]


@dataclass(frozen=True)
class PaperRegression:
    """One column of the paper's Tables 1-4."""

    source: str
    column: str
    benchmark: str
    x: str
    form: str
    year: bool = False

    @property
    def key(self) -> str:
        return f"{self.source} {self.column}"

    def fit(self, data=None, **kwargs: Any) -> FitResult:
        """Fit this specification on ``data`` (default: the bundled dataset)."""
        return fit(data, benchmark=self.benchmark, x=self.x, form=self.form, year=self.year, **kwargs)


_BURDEN = FIGURE4_BENCHMARKS  # Tables 3-4: the benchmarks of Figure 4

#: Every regression column of Tables 1-4.
PAPER_REGRESSIONS: tuple[PaperRegression, ...] = (
    PaperRegression("Table 1", "(1)", "imagenet", "per-pass", "error-linear"),
    PaperRegression("Table 1", "(2)", "imagenet", "per-pass", "polynomial"),
    PaperRegression("Table 2", "(1)", "imagenet", "per-pass", "polynomial"),
    PaperRegression("Table 2", "(2)", "imagenet", "per-pass", "polynomial", year=True),
    *(PaperRegression("Table 3", f"({i})", b, "burden", "polynomial") for i, b in enumerate(_BURDEN, 1)),
    *(PaperRegression("Table 4", f"({i})", b, "burden", "exponential")
      for i, b in enumerate(_BURDEN, 1)),
)


def paper_regressions(source: str | None = None) -> list[PaperRegression]:
    """The specifications of one table (``"Table 3"``) or of all four."""
    out = [p for p in PAPER_REGRESSIONS if source is None or p.source.lower() == str(source).lower()]
    if not out:
        raise InputError(f"no paper regressions for '{source}'; expected Table 1 to Table 4")
    return out


def fit_paper_regressions(data=None, source: str | None = None, skip_errors: bool = False,
                          **kwargs: Any) -> dict[str, FitResult]:
    """Fit every specification of a table (or all four) on ``data``.

    Parameters
    ----------
    skip_errors : bool
        Leave out specifications that cannot be fitted (e.g. too few rows) instead of raising.

    Returns
    -------
    dict
        ``"Table 3 (2)"`` -> :class:`FitResult`.
    """
    out: dict[str, FitResult] = {}
    for p in paper_regressions(source):
        try:
            out[p.key] = p.fit(data, **kwargs)
        except ComputeLimitsError:
            if not skip_errors:
                raise
    return out


def _ours(result: FitResult, quantity: str) -> float:
    est = result
    getters = {
        "const": lambda: est.intercept,
        "const_se": lambda: float(est.bse.get("const", float("nan"))),
        "slope": lambda: est.slope,
        "slope_se": lambda: est.slope_se,
        "year": lambda: est.year_coef,
        "year_se": lambda: float(est.bse.get("year", float("nan"))),
        "nobs": lambda: float(est.nobs),
        "r2": lambda: est.rsquared,
        "r2_adj": lambda: est.rsquared_adj,
        "resid_se": lambda: est.resid_se,
        "resid_df": lambda: est.df_resid,
        "f": lambda: est.fvalue,
        "f_df1": lambda: est.df_model,
        "f_df2": lambda: est.df_resid,
        "const_stars": lambda: float(len(stars(est.pvalues.get("const", float("nan"))))),
        "slope_stars": lambda: float(len(stars(est.slope_pvalue))),
        "year_stars": lambda: float(len(stars(est.pvalues.get("year", float("nan"))))),
        "f_stars": lambda: float(len(stars(est.f_pvalue))),
        "exponent": lambda: est.exponent,
    }
    g = getters.get(quantity)
    return float("nan") if g is None else float(g())


def against_paper(result: FitResult, source: str, column: str) -> pd.DataFrame:
    """Our fit beside the numbers printed in one column of Tables 1-4.

    Returns
    -------
    pandas.DataFrame
        One row per printed quantity: ``source``, ``column``, ``item``, ``quantity``, ``paper``,
        ``digits``, ``ours``, ``difference`` (ours - paper), ``agrees`` (within half a unit of the
        last printed digit), ``comparable`` (False for the constant of a year-trend fit, whose year
        origin the paper does not state) and ``note``.
    """
    from ..reference import agrees, load_paper_values

    ref = load_paper_values(source)
    ref = ref[ref["column"] == column]
    if ref.empty:
        raise InputError(f"no printed values for {source} {column}")
    rows = []
    for r in ref.itertuples():
        ours = _ours(result, r.quantity)
        comparable = not (r.quantity == "const" and result.has_year)
        rows.append(dict(source=r.source, column=r.column, item=r.item, quantity=r.quantity,
                         paper=r.value, digits=r.digits, ours=ours, difference=ours - r.value,
                         agrees=agrees(ours, r.value, r.digits), comparable=comparable,
                         note=r.note))
    return pd.DataFrame(rows)
