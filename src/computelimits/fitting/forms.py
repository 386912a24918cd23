"""Functional forms and x variables of the paper's regressions, as registries.

A *functional form* says how the error rate is transformed before it is regressed on
``log10(computation)``; an *x variable* says which computation is used. The paper uses:

- **polynomial**: ``log10(error) = a + b log10(C)``. Read as ``Computation = O(Performance^(-1/b))``
  with performance ``p = 1/error`` (section 3.2, Figure 2b, Table 1 column 2, Tables 2 and 3);
- **exponential**: ``1/error = a + b log10(C)``, the paper's exponential model: Table 4, Figure 10
  and the exponential half of Figure 4 are on this scale. Table 4's constants (e.g. -19.80 for
  SQuAD 1.1) cannot be error fractions, and Figure 4's exponential ImageNet projection (11.5 % ->
  5 % costs 10^14 -> 10^27 GFLOPs) is what Table 4's ImageNet slope 0.87 gives on the ``1/error``
  scale ((1/0.05 - 1/0.115)/0.87 = 13 decades). ``exponential-inverse`` is another spelling of it;
- **error-linear**: ``error = a + b log10(C)`` (Table 1 column 1, which the paper also labels
  "exponential"): computation grows exponentially as the error falls, by ``-1/b`` decades of
  computation per unit of error. Earlier versions called this form ``exponential`` in fits of
  data; that name now means the paper's model above in every command;
- **polynomial-odds**: ``log10(error / (1 - error)) = a + b log10(C)``, one of the alternative
  polynomial specifications compared in Figure 9 (performance measured as the odds of a correct
  answer).

The x variables are ``per-pass`` (computation of one network pass, ``flops_per_pass``),
``burden`` (hardware burden = processors x peak rate x time, ``hardware_burden_flops``) and, for the
language models after 2020, ``training`` (total training compute, ``training_compute_flops``).

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning",
sections 3.2, 7.1, 7.2; Tables 1-4; Figures 2b, 3, 4, 9, 10.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._registry import Registry
from ..errors import InputError

__all__ = ["FormSpec", "XSpec", "FORMS", "X_VARIABLES", "get_form", "get_x"]


@dataclass(frozen=True)
class FormSpec:
    """One functional form: the response ``y = transform(error)``, regressed on ``log10(x)``.

    Attributes
    ----------
    name : str
        Registry name.
    response : str
        The response in words, as the paper's table headers print it (``"log10(Error rate)"``).
    response_latex : str
        The same in LaTeX.
    equation : str
        The fitted equation in words.
    orientation : int
        ``+1`` when ``y`` increases with the error (log10(error), error), ``-1`` when it decreases
        (1/error). The implied exponent is ``-orientation / slope``: the decades of computation
        bought per unit of improvement of ``y``.
    exponent_meaning : str
        What the implied exponent means for this form.
    y_scale : str
        Matplotlib scale of the error axis when plotting this form (``"log"`` or ``"linear"``).
    paper : str
        Where the paper uses the form.
    note : str
        What a reader must know about the name (e.g. that its meaning changed); printed by
        projections and the backtest.
    """

    name: str
    response: str
    response_latex: str
    equation: str
    orientation: int
    exponent_meaning: str
    y_scale: str
    paper: str
    _forward: Callable[[np.ndarray], np.ndarray]
    _inverse: Callable[[np.ndarray], np.ndarray]
    note: str = ""

    def transform(self, error):
        """Error fraction(s) in (0, 1) to the response ``y``.

        Raises
        ------
        InputError
            If an error is not a finite number strictly between 0 and 1.
        """
        e = np.asarray(error, dtype=float)
        bad = ~np.isfinite(e) | (e <= 0) | (e >= 1)
        if np.any(bad):
            first = e[bad].ravel()[0] if e.ndim else float(e)
            raise InputError(f"error rates must be fractions in (0, 1); got {first!r}")
        y = self._forward(e)
        return float(y) if np.ndim(error) == 0 else y

    def inverse(self, y):
        """Response ``y`` back to the error fraction (may leave (0, 1) when extrapolating)."""
        v = np.asarray(y, dtype=float)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            e = self._inverse(v)
        return float(e) if np.ndim(y) == 0 else e

    def for_benchmark(self, benchmark: str | None) -> FormSpec:
        """The form as it applies to one benchmark (itself; forms that depend on the benchmark,
        such as the chance-floor forms of :mod:`computelimits.fitting.floors`, bind it here)."""
        return self

    def admits(self, error) -> np.ndarray:
        """Which error rates the form can transform (all; floor forms leave out rows at or below
        chance)."""
        return np.ones(np.shape(error), dtype=bool)

    def exponent(self, slope: float) -> float:
        """Implied exponent ``-orientation / slope`` (NaN for a zero slope)."""
        s = float(slope)
        return float("nan") if s == 0 or not np.isfinite(s) else -self.orientation / s

    def exponent_interval(self, slope_lower: float, slope_upper: float,
                          slope: float | None = None) -> tuple[float, float]:
        """Interval for the exponent obtained by inverting an interval for the slope.

        The map ``b -> -orientation/b`` is monotone on each side of zero, so a slope interval that
        excludes zero maps to a finite exponent interval. When the slope interval contains zero the
        data cannot rule out that computation does not matter: the exponent set is unbounded and
        the branch on the point estimate's side is returned, open to infinity.

        Examples
        --------
        >>> lo, hi = FORMS.get("polynomial").exponent_interval(-0.15, -0.07)
        >>> round(lo, 2), round(hi, 2)
        (6.67, 14.29)
        """
        lo, hi = sorted((float(slope_lower), float(slope_upper)))
        if not (np.isfinite(lo) and np.isfinite(hi)):
            return (float("nan"), float("nan"))
        o = self.orientation
        if lo > 0 or hi < 0:
            a, b = -o / lo, -o / hi
            return (min(a, b), max(a, b))
        # zero inside the interval: unbounded
        point = slope if slope is not None else (lo + hi) / 2
        expected_side = (point * o) < 0  # slope with the sign that means "computation helps"
        if expected_side:
            edge = lo if o > 0 else hi
            return (-o / edge if edge != 0 else float("inf"), float("inf"))
        edge = hi if o > 0 else lo
        return (float("-inf"), -o / edge if edge != 0 else float("-inf"))


FORMS: Registry[FormSpec] = Registry("functional form")
FORMS.add("polynomial", FormSpec(
    name="polynomial",
    response="log10(Error rate)",
    response_latex=r"$\log_{10}(\textit{Error rate})$",
    equation="log10(error) = a + b log10(C)",
    orientation=+1,
    exponent_meaning="Computation = O(Performance^exponent) with Performance = 1/error "
                     "(paper section 3.2: slope -1/alpha for Computation = Performance^alpha)",
    y_scale="log",
    paper="Section 3.2, Figure 2b, Table 1 column 2, Table 2, Table 3, Figure 3",
    _forward=np.log10,
    _inverse=lambda y: np.power(10.0, y),
))
_EXPONENTIAL = FormSpec(
    name="exponential",
    response="1 / Error rate",
    response_latex=r"$1/\textit{Error rate}$",
    equation="1/error = a + b log10(C)",
    orientation=-1,
    exponent_meaning="decades of computation per unit rise of performance 1/error: "
                     "Computation = 10^((1/error - a)/b), exponential in performance",
    y_scale="linear",
    paper="Table 4, Figure 10, exponential columns of Figure 4 (section 7.2)",
    _forward=lambda e: 1.0 / e,
    _inverse=lambda y: 1.0 / y,
    note="'exponential' is the paper's exponential model, 1/error = a + b log10(C) (Table 4, "
         "Figure 4), with and without --paper; earlier versions fitted error = a + b log10(C) "
         "under this name when fitting data: that model is now 'error-linear'",
)
FORMS.add("exponential", _EXPONENTIAL)
FORMS.add("exponential-inverse", _EXPONENTIAL)  # another spelling of the same model
FORMS.add("error-linear", FormSpec(
    name="error-linear",
    response="Error rate",
    response_latex=r"\textit{Error rate}",
    equation="error = a + b log10(C)",
    orientation=+1,
    exponent_meaning="decades of computation per unit (1.0) fall of the error rate: "
                     "Computation = 10^(-(error - a)/b), exponential in the error",
    y_scale="linear",
    paper="Table 1 column 1 (section 7.1, footnote 10; the paper calls it exponential)",
    _forward=lambda e: e,
    _inverse=lambda y: y,
))
FORMS.add("polynomial-odds", FormSpec(
    name="polynomial-odds",
    response="log10(Error rate / (1 - Error rate))",
    response_latex=r"$\log_{10}(\textit{Error}/(1-\textit{Error}))$",
    equation="log10(error/(1 - error)) = a + b log10(C)",
    orientation=+1,
    exponent_meaning="Computation = O(Odds^exponent) with Odds = (1 - error)/error "
                     "(an alternative polynomial specification, Figure 9)",
    y_scale="log",
    paper="Figure 9 (alternative polynomial specifications)",
    _forward=lambda e: np.log10(e / (1.0 - e)),
    _inverse=lambda y: 1.0 / (1.0 + np.power(10.0, -y)),
))


@dataclass(frozen=True)
class XSpec:
    """One x variable: the record column that holds the computation, in FLOPs."""

    name: str
    column: str
    label: str  #: as the paper's tables print it
    label_latex: str
    description: str
    paper: str
    measure: str = ""  #: short name in running text ("hardware burden")
    training_cost: bool = False  #: the computation of training (what costs are estimated from)

    #: Column flagging rows whose value was imputed from parameters (Figure 7); ``None`` when
    #: this x is never imputed.
    imputed_column: str | None = None

    @property
    def measure_text(self) -> str:
        """The short name of the computation for running text (``measure`` or ``description``)."""
        return self.measure or self.description


X_VARIABLES: Registry[XSpec] = Registry("x variable")
X_VARIABLES.add("per-pass", XSpec(
    name="per-pass",
    column="flops_per_pass",
    label="log10(Computation per Network Update)",
    label_latex=r"$\log_{10}(\textit{Computation per Network Update})$",
    description="computation of one forward pass of the network on one example",
    paper="Section 3.2 (1), Figure 2b, Tables 1-2",
    measure="computation per network pass",
    imputed_column="flops_imputed",
))
X_VARIABLES.add("burden", XSpec(
    name="burden",
    column="hardware_burden_flops",
    label="log10(Hardware Burden)",
    label_latex=r"$\log_{10}(\textit{Hardware Burden})$",
    description="hardware burden of training: processors x peak FP32 rate x training time",
    paper="Section 3.2 (2), Figures 3 and 10, Tables 3-4",
    measure="hardware burden",
    training_cost=True,
))
X_VARIABLES.add("training", XSpec(
    name="training",
    column="training_compute_flops",
    label="log10(Training Compute)",
    label_latex=r"$\log_{10}(\textit{Training Compute})$",
    description="total training compute",
    paper="Not in the paper (language models after 2020, modern.csv: Epoch's estimate or 6ND; "
          "docs/modern.md); hardware burden (section 3.2 (2)) is its closest analogue",
    measure="training compute",
    training_cost=True,
))


def get_form(form: str | FormSpec) -> FormSpec:
    """The :class:`FormSpec` for a registry name (or the spec itself)."""
    return form if isinstance(form, FormSpec) else FORMS.get(form)


def get_x(x: str | XSpec) -> XSpec:
    """The :class:`XSpec` for a registry name (or the spec itself)."""
    return x if isinstance(x, XSpec) else X_VARIABLES.get(x)
