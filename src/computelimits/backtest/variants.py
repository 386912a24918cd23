"""Backtest variants: functional form x estimator x anchoring x year trend, as a registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._registry import Registry
from ..errors import InputError

__all__ = ["Variant", "VARIANTS", "DEFAULT_VARIANTS", "PAPER_VARIANT", "get_variant"]


@dataclass(frozen=True)
class Variant:
    """One way of forecasting: form x estimator x anchoring x year trend.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"polynomial-mean-paper"`` or ``"exponential-q10-regression-year"``.
    form : str
        Functional form (:data:`computelimits.fitting.FORMS`): ``polynomial``, ``exponential``
        (the paper's 1/error model, Table 4) or ``error-linear`` (Table 1 column 1).
    quantile : float or None
        ``None`` for least squares (the conditional mean), else the quantile fitted (0.1 for the
        paper's Figure 8).
    anchor : str
        ``"paper"`` or ``"regression"`` (:data:`computelimits.intervals.ANCHORINGS`).
    year : bool
        Whether the fit has a linear year trend (Table 2).
    description : str
    """

    name: str
    form: str
    quantile: float | None
    anchor: str
    year: bool
    description: str

    @property
    def estimator(self) -> str:
        """``"mean"`` or ``"q<percent>"`` (``"q10"`` for the 10 % quantile)."""
        return "mean" if self.quantile is None else f"q{100 * self.quantile:g}"

    @property
    def estimator_spec(self) -> tuple[str, dict[str, Any]]:
        """The estimator (:data:`computelimits.fitting.ESTIMATORS` name) and its options."""
        if self.quantile is None:
            return "ols", {}
        return "quantile", {"quantile": float(self.quantile)}

    @property
    def predictive(self) -> bool:
        """Whether the fit's residual variance describes a new observation (least squares);
        one conditional quantile says nothing about the spread, so a quantile fit has no
        analytic prediction interval."""
        return self.quantile is None


_ESTIMATOR_LABELS = {"mean": None, "q10": 0.1}
_FORM_WORDS = {"polynomial": "log10(error) linear in log10(C)",
               "exponential": "1/error linear in log10(C) (the paper's exponential model)",
               "error-linear": "error linear in log10(C)"}

#: Forecasting variants. Names are ``<form>-<estimator>-<anchor>[-year]``.
VARIANTS: Registry[Variant] = Registry("backtest variant")
for _form in ("polynomial", "exponential", "error-linear"):
    for _est, _q in _ESTIMATOR_LABELS.items():
        for _anchor in ("paper", "regression"):
            for _year in (False, True):
                _name = f"{_form}-{_est}-{_anchor}" + ("-year" if _year else "")
                VARIANTS.add(_name, Variant(
                    _name, _form, _q, _anchor, _year,
                    f"{_FORM_WORDS[_form]}, "
                    + ("OLS (conditional mean)" if _q is None else f"{_q:g} quantile regression")
                    + (", anchored at the best model so far (Figure 4)" if _anchor == "paper"
                       else ", regression line")
                    + (", with a year trend (Table 2)" if _year else "")))
del _form, _est, _q, _anchor, _year, _name

#: The variants backtested by default: the two forms of the paper's Figure 4 (16 variants).
DEFAULT_VARIANTS: tuple[str, ...] = tuple(
    n for n in VARIANTS.names() if VARIANTS.get(n).form in ("polynomial", "exponential"))

#: The paper's own projection: polynomial form, least squares, Figure 4 anchoring, no year trend.
PAPER_VARIANT = "polynomial-mean-paper"


def get_variant(v: str | Variant) -> Variant:
    """A registered variant by name, or a custom :class:`Variant` checked for known parts."""
    if isinstance(v, Variant):
        from ..fitting.forms import get_form
        from ..intervals import ANCHORINGS

        get_form(v.form)
        ANCHORINGS.get(v.anchor)
        if v.quantile is not None and not (0 < float(v.quantile) < 1):
            raise InputError(f"variant {v.name!r}: quantile must be in (0, 1); got {v.quantile!r}")
        return v
    return VARIANTS.get(str(v).strip())
