"""Functional forms that respect a benchmark's chance floor, and which form the data prefer.

The paper's form, ``log10(error) = a + b log10(C)``, lets the error fall towards 0 forever and rise
without bound as computation shrinks. A multiple-choice benchmark has a floor: guessing among four
answers scores 25 % (error 0.75), so no model's error exceeds ``1 - floor`` by much, and models
near chance sit on a flat stretch that drags the paper's slope towards zero (a larger implied
exponent). Two forms registered in :data:`computelimits.fitting.FORMS` measure the error against
the room above chance. With the chance floor ``f`` of the benchmark
(:attr:`computelimits.benchmarks.Benchmark.chance_floor`), the *normalised error* is
``e_n = error / (1 - f)``, one minus the normalised accuracy ``(accuracy - f)/(1 - f)``:

``floor-normalised``
    ``log10(e_n) = a + b log10(C)``. Computation = O((1/e_n)^exponent), exponent ``-1/b``. On the
    same rows the slope equals the paper's (dividing by ``1 - f`` shifts only the intercept); what
    changes is that rows at or below chance (``e_n >= 1``) cannot be fitted and are left out, and
    the level is read against the room above chance. It is the paper's form restricted to rows the
    floor allows.
``logistic``
    ``log10(e_n / (1 - e_n)) = a + b log10(C)``: the normalised accuracy is a sigmoid in
    log-compute, ``(accuracy - f)/(1 - f) = 1 / (1 + 10^(a + b log10 C))``, rising from chance to
    1. The implied exponent is *local*: ``d log10 C / d log10(1/error) = -1 / (b (1 - e_n))``
    (:func:`local_exponent`), large near chance and falling to ``-1/b`` as the error approaches
    0, so ``-1/b`` (what :meth:`FormSpec.exponent` returns) is the exponent of the low-error
    limit, comparable with the paper's.

For open-ended benchmarks (floor 0) ``floor-normalised`` is the paper's form and ``logistic`` is
``polynomial-odds``. A benchmark without a single floor (BIG-Bench Hard) cannot use these forms.

Which form the data prefer: :func:`compare_forms` fits each form on the same rows (those every form
can fit) and reports (1) the out-of-sample root mean squared error of ``log10(error)`` in a
deterministic K-fold cross-validation (rows ordered by computation, then label; row ``i`` goes to
fold ``i mod K``), and (2) AIC on the common ``log10(error)`` scale: each form's Gaussian
likelihood on its own response scale, converted to the density of ``log10(error)`` with the
Jacobian ``|dy / d log10(error)|``, with 3 parameters (a, b, sigma). Lower is better in both.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 3.2 (the log-log form).
Ruan, Maddison, Hashimoto (2024), "Observational Scaling Laws", arXiv:2405.10938 (sigmoid of
log-compute for benchmark accuracies).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..presentation import Presentable, Table
from .forms import FORMS, FormSpec, get_form, get_x

__all__ = ["FloorForm", "chance_floor", "local_exponent", "compare_forms", "FormComparison",
           "kfold_assignment", "FLOOR_FORMS"]


def chance_floor(benchmark: str | None) -> float:
    """The chance floor of a benchmark (0.25 for 4-way multiple choice, 0 for open-ended).

    Raises
    ------
    InputError
        No benchmark, or one without a single floor.

    Examples
    --------
    >>> chance_floor("mmlu"), chance_floor("winogrande"), chance_floor("gsm8k")
    (0.25, 0.5, 0.0)
    """
    from ..benchmarks import get_benchmark

    if benchmark is None:
        raise InputError("a chance-floor form needs the benchmark (benchmark=...) to know its floor")
    b = get_benchmark(benchmark)
    f = b.chance_floor
    if f is None or not np.isfinite(f):
        raise InputError(f"benchmark '{b.benchmark}' has no single chance floor; use a form without "
                         "a floor (polynomial, polynomial-odds)")
    return float(f)


def _unbound(e):
    raise InputError("a chance-floor form must be bound to a benchmark (fit(..., benchmark=...))")


def _norm_fwd(f):
    return lambda e: np.log10(e / (1.0 - f))


def _norm_inv(f):
    return lambda y: (1.0 - f) * np.power(10.0, y)


def _logit_fwd(f):
    def fwd(e):
        en = e / (1.0 - f)
        return np.log10(en / (1.0 - en))
    return fwd


def _logit_inv(f):
    return lambda y: (1.0 - f) / (1.0 + np.power(10.0, -y))


@dataclass(frozen=True)
class FloorForm(FormSpec):
    """A form whose response depends on the benchmark's chance floor (see the module docstring).

    Registered unbound (``floor=None``); :meth:`for_benchmark` returns the form with the floor of
    one benchmark, which :func:`computelimits.fitting.fit` and :class:`FitResult` use.
    """

    floor: float | None = None
    kind: str = "normalised"

    def for_benchmark(self, benchmark: str | None) -> FloorForm:
        f = chance_floor(benchmark)
        fwd, inv = ((_norm_fwd, _norm_inv) if self.kind == "normalised" else (_logit_fwd, _logit_inv))
        return replace(self, floor=f, _forward=fwd(f), _inverse=inv(f))

    def admits(self, error) -> np.ndarray:
        e = np.asarray(error, dtype=float)
        if self.floor is None:
            return np.ones(e.shape, dtype=bool)
        return (e > 0) & (e < 1.0 - self.floor)

    def transform(self, error):
        if self.floor is not None and not np.all(self.admits(error)):
            e = np.asarray(error, dtype=float)
            bad = e[~self.admits(e)].ravel()[0] if e.ndim else float(e)
            raise InputError(f"error {bad!r} is at or below chance for a floor of {self.floor:g}: "
                             f"the {self.name} form needs errors below {1 - self.floor:g}")
        return super().transform(error)


FLOOR_FORMS = ("floor-normalised", "logistic")
FORMS.add("floor-normalised", FloorForm(
    name="floor-normalised",
    response="log10(Error / (1 - chance floor))",
    response_latex=r"$\log_{10}(\textit{Error}/(1-f))$",
    equation="log10(error/(1 - f)) = a + b log10(C), f the chance floor",
    orientation=+1,
    exponent_meaning="Computation = O((1/e_n)^exponent) with e_n = error/(1 - chance floor): the "
                     "paper's exponent on the rows above chance",
    y_scale="log",
    paper="Not in the paper: the paper's form measured against the room above chance "
          "(docs/modern.md)",
    _forward=_unbound, _inverse=_unbound, floor=None, kind="normalised"))
FORMS.add("logistic", FloorForm(
    name="logistic",
    response="logit10 of the normalised error",
    response_latex=r"$\log_{10}(e_n/(1-e_n))$",
    equation="log10(e_n/(1 - e_n)) = a + b log10(C), e_n = error/(1 - f): normalised accuracy "
             "a sigmoid in log10(C)",
    orientation=+1,
    exponent_meaning="low-error limit of the local exponent -1/(b (1 - e_n)) "
                     "(d log10 C / d log10(1/error)); larger near chance",
    y_scale="log",
    paper="Not in the paper: sigmoid in log-compute from chance to 1 (docs/modern.md)",
    _forward=_unbound, _inverse=_unbound, floor=None, kind="logistic"))


def local_exponent(form: str | FormSpec, slope: float, error, benchmark: str | None = None):
    """The local implied exponent ``d log10(C) / d log10(1/error)`` at an error rate.

    For the paper's ``polynomial`` and ``floor-normalised`` forms it is ``-1/b`` everywhere; for
    ``logistic`` it is ``-1 / (b (1 - e_n))`` with ``e_n = error / (1 - floor)``. Computed
    numerically for any registered form from its transform:
    ``-1 / (b * d log10(error) / dy)``.

    Examples
    --------
    >>> round(local_exponent("polynomial", -0.1, 0.3), 6)
    10.0
    >>> round(local_exponent("logistic", -0.1, 0.375, "mmlu"), 6)   # e_n = 0.5
    20.0
    """
    spec = get_form(form)
    if isinstance(spec, FloorForm) and spec.floor is None:
        spec = spec.for_benchmark(benchmark)
    e = np.asarray(error, dtype=float)
    h = 1e-6
    le = np.log10(e)
    dy = (spec.transform(10 ** (le + h)) - spec.transform(10 ** (le - h))) / (2 * h)
    out = -1.0 / (float(slope) / dy)
    return float(out) if np.ndim(error) == 0 else out


def kfold_assignment(log10_x, labels, k: int) -> np.ndarray:
    """Deterministic folds: rows ordered by ``log10_x`` then label, row ``i`` in fold ``i mod k``.

    Examples
    --------
    >>> kfold_assignment([3.0, 1.0, 2.0, 1.0], ["a", "b", "c", "a"], 2).tolist()
    [1, 1, 0, 0]
    """
    lx = np.asarray(log10_x, dtype=float)
    lab = np.asarray(labels, dtype=object).astype(str)
    order = np.lexsort((lab, lx))
    fold = np.empty(len(lx), dtype=int)
    fold[order] = np.arange(len(lx)) % int(k)
    return fold


#: Columns of :meth:`FormComparison.to_frame`.
COMPARISON_COLUMNS = ("form", "rows", "slope", "exponent", "local_exponent_median", "cv_rmse_log10",
                      "aic_log10", "delta_aic", "preferred")


@dataclass(frozen=True, eq=False)
class FormComparison(Presentable):
    """Which functional form the data prefer on one benchmark (see the module docstring)."""

    benchmark: str
    x: str
    k: int
    rows: int
    left_out: int
    table: pd.DataFrame
    sample: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def preferred(self) -> str:
        """The form with the lowest cross-validated error (the first listed among ties)."""
        return str(self.table.loc[self.table["preferred"], "form"].iloc[0])

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _summary_blocks(self) -> list:
        """The table (the shared renderer escapes it for each format)."""
        body = [[str(r["form"]), f"{r['rows']}", f"{r['slope']:.4g}", f"{r['exponent']:.3g}",
                 f"{r['local_exponent_median']:.3g}", f"{r['cv_rmse_log10']:.4f}",
                 f"{r['aic_log10']:.1f}", f"{r['delta_aic']:.1f}", "yes" if r["preferred"] else ""]
                for r in self.table.to_dict("records")]
        headers = [[("Form", 1), ("Rows", 1), ("Slope b", 1), ("Exponent -1/b", 1),
                    ("Local exponent at median error", 1), (f"{self.k}-fold RMSE log10(error)", 1),
                    ("AIC (log10 error scale)", 1), ("dAIC", 1), ("Preferred", 1)]]
        notes = [f"Rows: {self.rows} ({self.sample}); {self.left_out} at or below the chance floor "
                 "left out of every form so that all are compared on the same rows.",
                 f"Deterministic {self.k}-fold cross-validation (rows ordered by computation, then "
                 "label); AIC with 3 parameters, likelihood converted to the log10(error) scale.",
                 f"The data prefer: {self.preferred} (lowest out-of-sample error)."] + list(self.notes)
        return [Table(title=f"Functional forms on {self.benchmark} "
                      f"({get_x(self.x).measure_text})", headers=headers, body=body, notes=notes)]


def _gauss_aic_log10(spec: FormSpec, y_fit, err) -> float:
    """AIC of a Gaussian fit of ``y = T(error)``, on the log10(error) scale (3 parameters)."""
    resid = np.asarray(y_fit, dtype=float)
    n = len(resid)
    s2 = float(resid @ resid) / n
    ll = -0.5 * n * (math.log(2 * math.pi * s2) + 1)
    le = np.log10(err)
    h = 1e-6
    jac = np.abs((spec.transform(10 ** (le + h)) - spec.transform(10 ** (le - h))) / (2 * h))
    ll += float(np.sum(np.log(jac)))
    return -2 * ll + 2 * 3


def compare_forms(data=None, *, benchmark: str | None = None, x: str = "training",
                  forms=("polynomial", "floor-normalised", "logistic"), k: int = 5,
                  sample: str = "") -> FormComparison:
    """Fit each form on the same rows; out-of-sample error (K-fold) and AIC say which fits best.

    Parameters
    ----------
    data : DataFrame, str, PathLike or None
        Records (one row per model), a CSV path, or ``None`` for the bundled data of the benchmark
        (its default one-row-per-model rule for a language-model benchmark).
    benchmark : str
        Benchmark id or alias.
    x : str
        x variable (:data:`computelimits.fitting.X_VARIABLES`; default training compute).
    forms : sequence of str
        Forms from :data:`computelimits.fitting.FORMS`.
    k : int
        Number of folds (>= 2).
    sample : str
        Words describing the rows (printed under the table).

    Returns
    -------
    FormComparison

    Examples
    --------
    >>> c = compare_forms(benchmark="mmlu")
    >>> c.preferred in ("polynomial", "floor-normalised", "logistic"), c.rows > 200
    (True, True)
    """
    from .core import fit_arrays, load_fit_records

    if int(k) < 2:
        raise InputError(f"k must be at least 2 folds; got {k!r}")
    k = int(k)
    records, bench = load_fit_records(data, benchmark)
    xs = get_x(x)
    specs = [get_form(f).for_benchmark(bench) for f in forms]
    xv = pd.to_numeric(records[xs.column], errors="coerce").to_numpy(dtype=float)
    err = pd.to_numeric(records["error"], errors="coerce").to_numpy(dtype=float)
    lab = records["model"].astype(str).to_numpy()
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(xv) & (xv > 0) & np.isfinite(err) & (err > 0) & (err < 1)
    xv, err, lab = xv[ok], err[ok], lab[ok]
    adm = np.ones(len(err), dtype=bool)
    for s in specs:
        adm &= s.admits(err)
    left_out = int((~adm).sum())
    xv, err, lab = xv[adm], err[adm], lab[adm]
    n = len(err)
    if n < 2 * k:
        raise InputError(f"too few rows ({n}) on {bench} for a {k}-fold comparison")
    folds = kfold_assignment(np.log10(xv), lab, k)
    rows: list[dict[str, Any]] = []
    for spec in specs:
        full = fit_arrays(xv, err, models=lab, benchmark=bench, x=xs.name, form=spec)
        pred = np.empty(n)
        for j in range(k):
            tr, te = folds != j, folds == j
            r = fit_arrays(xv[tr], err[tr], models=lab[tr], benchmark=bench, x=xs.name, form=spec)
            pred[te] = spec.inverse(r.predict_y(xv[te]))
        with np.errstate(invalid="ignore", divide="ignore"):
            le_hat = np.log10(pred)
        cv = float(np.sqrt(np.mean((le_hat - np.log10(err)) ** 2)))
        resid = full.data["y"].to_numpy() - full.predict_y(xv)
        rows.append(dict(form=spec.name, rows=n, slope=full.slope, exponent=full.exponent,
                         local_exponent_median=local_exponent(spec, full.slope, float(np.median(err)),
                                                              bench),
                         cv_rmse_log10=cv, aic_log10=_gauss_aic_log10(spec, resid, err)))
    table = pd.DataFrame(rows)
    table["delta_aic"] = table["aic_log10"] - table["aic_log10"].min()
    best = table["cv_rmse_log10"].min()
    # forms with the same out-of-sample error (the paper's and the floor-normalised form on the
    # same rows) tie
    table["preferred"] = np.isclose(table["cv_rmse_log10"], best, rtol=1e-9, atol=0)
    return FormComparison(benchmark=bench, x=xs.name, k=k, rows=n, left_out=left_out,
                          table=table[list(COMPARISON_COLUMNS)], sample=sample or "one row per model")
