"""The fitting entry point: error against computation for one benchmark.

:func:`fit` takes records (the bundled dataset, a DataFrame or a CSV in the record schema),
selects one benchmark and one computation variable, transforms the error by a functional form and
estimates ``y = a + b log10(x) [+ g year]`` with an estimator from the registry, optionally with
pairs-bootstrap draws. Nothing here plots.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", sections 3.2 and 7, Tables 1-4,
Figures 2b, 3, 8, 9, 10.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._registry import Registry
from ..errors import InputError
from .bootstrap import pairs_bootstrap
from .estimators import ESTIMATORS, HC_TYPES
from .forms import get_form, get_x
from .results import FitResult

__all__ = ["fit", "fit_arrays", "load_fit_records", "design_matrix", "SPECIFICATIONS", "Specification",
           "fit_specifications", "check_count", "MAX_BOOTSTRAP"]


def load_fit_records(data=None, benchmark: str | None = None) -> tuple[pd.DataFrame, str | None]:
    """Validated records for one benchmark, and the benchmark's id.

    Parameters
    ----------
    data : pandas.DataFrame, str, os.PathLike or None
        Records in the record schema (validated with
        :func:`computelimits.schema.validate_records`), a CSV path (read with
        :func:`computelimits.schema.read_records`), or ``None`` for the bundled dataset
        (:func:`computelimits.load_models`).
    benchmark : str, optional
        Benchmark id or alias; required when the data hold several benchmarks.

    Raises
    ------
    InputError
        No rows, or several benchmarks and none chosen.
    DataValidationError
        The records break the schema.
    """
    from ..benchmarks import resolve_benchmark
    from ..datasets import load_records

    bench = resolve_benchmark(benchmark) if benchmark is not None else None
    df = load_records(data, bench)
    where = ("the bundled dataset" if data is None else "the data" if isinstance(data, pd.DataFrame)
             else str(data))
    if bench is not None:
        df = df[df["benchmark"] == bench]
        if df.empty:
            raise InputError(f"no rows for benchmark '{bench}' in {where}")
    else:
        found = sorted(set(df["benchmark"].dropna()))
        if not found:
            raise InputError(f"no rows in {where}")
        if len(found) > 1:
            raise InputError(f"{where} has several benchmarks ({', '.join(found)}); choose one with "
                             "benchmark=... (--benchmark)")
        bench = found[0]
    return df.reset_index(drop=True), bench


def design_matrix(log10_x: np.ndarray, degree: int = 1, year: np.ndarray | None = None
                  ) -> tuple[np.ndarray, list[str]]:
    """Columns ``const``, ``log10_x`` (``log10_x_2`` ... up to ``degree``), optionally ``year``."""
    lx = np.asarray(log10_x, dtype=float)
    cols, names = [np.ones_like(lx), lx], ["const", "log10_x"]
    for p in range(2, int(degree) + 1):
        cols.append(lx ** p)
        names.append(f"log10_x_{p}")
    if year is not None:
        cols.append(np.asarray(year, dtype=float))
        names.append("year")
    return np.column_stack(cols), names


def _estimator_name(quantile, robust, bandwidth: str = "hsheather") -> tuple[str, dict[str, Any]]:
    if quantile is not None:
        return "quantile", {"quantile": quantile, "bandwidth": bandwidth}
    if robust is False or robust is None:
        return "ols", {}
    cov = "HC1" if robust is True else str(robust).upper()
    if cov not in HC_TYPES:
        raise InputError(f"robust must be True or one of {', '.join(HC_TYPES)}; got {robust!r}")
    return "ols-hc", {"cov_type": cov}


def _check_seed(seed) -> int:
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1)[0])
    try:
        s = int(seed)
    except (TypeError, ValueError):
        raise InputError(f"seed must be a non-negative integer; got {seed!r}") from None
    if s < 0 or s != seed:
        raise InputError(f"seed must be a non-negative integer; got {seed!r}")
    return s


def fit(data=None, *, benchmark: str | None = None, x: str = "per-pass", form: str = "polynomial",
        quantile: float | None = None, year: bool = False, robust: bool | str = False,
        bootstrap: int = 0, seed: int | None = None, include_imputed: bool = True,
        level: float = 0.95, x_unit: str = "GFLOP", year_origin: float = 0.0, degree: int = 1,
        impute: bool = False, quantile_bandwidth: str = "hsheather",
        include_extra_data: bool = True) -> FitResult:
    """Fit error against computation for one benchmark.

    Estimates ``transform(error) = a + b log10(x / x_unit) [+ g (year - year_origin)]``.

    Parameters
    ----------
    data : DataFrame, str, PathLike or None
        Records in the record schema, a CSV path, or ``None`` for the bundled dataset.
    benchmark : str, optional
        Benchmark id or alias (``"imagenet"``, ``"MS COCO"`` ...); required when ``data`` holds
        several benchmarks.
    x : {"per-pass", "burden", "training"}
        Computation per network pass (``flops_per_pass``, paper Figure 2b, Tables 1-2), hardware
        burden (``hardware_burden_flops``, Figures 3 and 10, Tables 3-4) or total training compute
        (``training_compute_flops``, the language-model benchmarks, docs/modern.md). Registry
        :data:`X_VARIABLES`.
    form : str
        Functional form from :data:`FORMS`: ``"polynomial"`` (log10 error), ``"exponential"``
        (the paper's exponential model, 1/error: Table 4, Figures 4 and 10), ``"error-linear"``
        (error, Table 1 column 1), ``"polynomial-odds"``.
    quantile : float, optional
        Fit this conditional quantile instead of the mean (e.g. 0.1, Figure 8).
    year : bool
        Add a linear time trend (Table 2) as a proxy for algorithmic progress.
    robust : bool or {"HC0", "HC1", "HC2", "HC3"}
        Heteroskedasticity-consistent standard errors (``True`` means ``HC1``). Ignored for quantile
        regressions, whose errors are always sandwich errors.
    bootstrap : int
        Number of pairs-bootstrap resamples (0: none). With resamples, intervals default to
        bootstrap percentiles.
    seed : int, optional
        Seed of ``np.random.default_rng`` for the bootstrap; a fresh one is drawn (and recorded in
        the result) when omitted.
    include_imputed : bool
        Keep rows whose per-pass computation was imputed from parameters (``flops_imputed``).
    level : float
        Default confidence level of the result's summaries.
    x_unit : str
        Unit of computation inside the log (default ``"GFLOP"``, the paper's). Changes only the
        intercept.
    year_origin : float
        Subtracted from the year before it enters (0: calendar years). Changes only the intercept.
        The paper does not state the origin of Table 2's year variable.
    degree : int
        Degree of the polynomial in ``log10(x)`` (Figure 9's alternative specifications); the
        implied exponent is defined for degree 1 only.
    impute : bool
        Before fitting, fill missing per-pass computation from parameters with the Figure 7
        regression (:func:`impute_flops_from_params`); imputed rows are flagged.
    quantile_bandwidth : str
        Bandwidth rule for quantile-regression standard errors (statsmodels: ``"hsheather"``,
        ``"bofinger"``, ``"chamberlain"``).
    include_extra_data : bool
        Keep models trained on data beyond the benchmark's training set (``extra_training_data``,
        see :func:`computelimits.datasets.load_models`).

    Returns
    -------
    FitResult

    Raises
    ------
    InputError
        Too few usable rows, all computations equal, unknown names, bad options.
    DataValidationError
        Records that break the schema (e.g. errors outside (0, 1)).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> c = 10 ** rng.uniform(0, 3, 40) * 1e9                  # FLOPs per pass
    >>> err = 10 ** (-0.5 - 0.11 * np.log10(c / 1e9) + rng.normal(0, 0.05, 40))
    >>> df = pd.DataFrame({"model": [f"m{i}" for i in range(40)], "benchmark": "imagenet",
    ...                    "year": 2015.0, "error": err, "flops_per_pass": c})
    >>> r = fit(df)
    >>> r.nobs, bool(abs(r.slope + 0.11) < 3 * r.slope_se)
    (40, True)

    References
    ----------
    Thompson et al., "The Computational Limits of Deep Learning", section 3.2, Tables 1-4.
    """
    xspec = get_x(x)
    _check_options(form, quantile, robust, degree, x_unit, bootstrap, level)
    records, bench = load_fit_records(data, benchmark)
    if not include_extra_data:
        from ..datasets import drop_extra_data

        records = drop_extra_data(records)
    if impute and xspec.imputed_column is not None:
        from .impute import impute_flops_from_params

        records = impute_flops_from_params(records)
    col = xspec.column
    imputed = (records[xspec.imputed_column].astype(bool).to_numpy()
               if xspec.imputed_column is not None else np.zeros(len(records), dtype=bool))
    return fit_arrays(
        pd.to_numeric(records[col], errors="coerce").to_numpy(dtype=float),
        pd.to_numeric(records["error"], errors="coerce").to_numpy(dtype=float),
        year=pd.to_numeric(records["year"], errors="coerce").to_numpy(dtype=float),
        models=records["model"].to_numpy(), imputed=imputed, benchmark=bench, x=xspec.name,
        form=form, quantile=quantile, use_year=year, robust=robust, bootstrap=bootstrap, seed=seed,
        include_imputed=include_imputed, level=level, x_unit=x_unit, year_origin=year_origin,
        degree=degree, quantile_bandwidth=quantile_bandwidth)


#: Most pairs-bootstrap resamples a fit accepts (indices of every resample are held at once);
#: also the most simulation replications ``reproduce --sims`` accepts (:func:`check_count`).
MAX_BOOTSTRAP = 100_000


def check_count(value, name: str = "bootstrap", what: str = "resamples", minimum: int = 0) -> int:
    """``value`` as an int between ``minimum`` and :data:`MAX_BOOTSTRAP`, else an
    :class:`~computelimits.errors.InputError` naming ``name`` (checked before any work, so that a
    count of 1e9 never allocates).

    Examples
    --------
    >>> check_count(500)
    500
    >>> check_count(10**9, "sims", "simulations", minimum=1)
    Traceback (most recent call last):
    ...
    computelimits.errors.InputError: sims must be a number of simulations between 1 and 100,000; got 1000000000
    """
    try:
        n = int(value)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{name} must be a number of {what} >= {minimum}; got {value!r}") from None
    if n < minimum or n > MAX_BOOTSTRAP:
        raise InputError(f"{name} must be a number of {what} between {minimum} and {MAX_BOOTSTRAP:,}; "
                         f"got {value}")
    return n


def _check_options(form, quantile, robust, degree, x_unit, bootstrap, level):
    """Validate options before any data is read (cheap, clear errors first)."""
    from ..units import COMPUTE_UNITS

    get_form(form)
    _estimator_name(quantile, robust)
    if quantile is not None:
        from .estimators import _check_q

        _check_q(quantile)
        if not 1e-3 <= float(quantile) <= 1 - 1e-3:  # beyond: not estimable from records
            raise InputError(f"quantile must be between 0.001 and 0.999; got {quantile!r}")
    try:
        d = int(degree)
    except (TypeError, ValueError):
        raise InputError(f"degree must be an integer >= 1; got {degree!r}") from None
    if d < 1 or d != degree:
        raise InputError(f"degree must be an integer >= 1; got {degree!r}")
    unit_key = str(x_unit).strip().lower()
    if unit_key not in COMPUTE_UNITS or "/" in unit_key:
        raise InputError(f"x_unit must be a compute unit such as FLOP, GFLOP, PFLOP; got '{x_unit}'")
    n_boot = check_count(bootstrap or 0)
    try:
        lv = float(level)
    except (TypeError, ValueError):
        raise InputError(f"confidence level must be in (0, 1); got {level!r}") from None
    if not (0 < lv < 1):
        raise InputError(f"confidence level must be in (0, 1); got {level!r}")
    return COMPUTE_UNITS[unit_key], n_boot


def fit_arrays(x_flops, error, *, year=None, models=None, imputed=None, benchmark: str | None = None,
               x: str = "per-pass", form: str = "polynomial", quantile: float | None = None,
               use_year: bool = False, robust: bool | str = False, bootstrap: int = 0,
               seed: int | None = None, include_imputed: bool = True, level: float = 0.95,
               x_unit: str = "GFLOP", year_origin: float = 0.0, degree: int = 1,
               quantile_bandwidth: str = "hsheather") -> FitResult:
    """The fitting kernel on arrays (what :func:`fit` calls after reading and validating records).

    Parameters
    ----------
    x_flops : array_like
        Computation of each row in FLOPs; rows with a missing or non-positive value are skipped.
    error : array_like
        Error rates; each must be in (0, 1).
    year : array_like, optional
        Decimal years (needed when ``use_year``).
    models : array_like, optional
        Row labels kept in the result's ``data`` (default ``row1``, ``row2`` ...).
    imputed : array_like of bool, optional
        Rows whose computation was imputed (counted in ``n_imputed``).
    benchmark : str, optional
        Label of the result.
    use_year : bool
        Add the year trend (``year=True`` of :func:`fit`).
    Other parameters
        As :func:`fit`.

    Returns
    -------
    FitResult
    """
    fspec = get_form(form).for_benchmark(benchmark)
    xspec = get_x(x)
    x_scale, n_boot = _check_options(form, quantile, robust, degree, x_unit, bootstrap, level)
    degree = int(degree)
    est_name, est_opts = _estimator_name(quantile, robust, quantile_bandwidth)
    estimator = ESTIMATORS.get(est_name)

    xv = np.asarray(x_flops, dtype=float).ravel()
    err = np.asarray(error, dtype=float).ravel()
    nrow = len(xv)
    if len(err) != nrow:
        raise InputError(f"x has {nrow} values but error has {len(err)}")
    yr = (np.full(nrow, np.nan) if year is None else
          np.broadcast_to(np.asarray(year, dtype=float), (nrow,)).copy())
    lab = (np.array([f"row{i + 1}" for i in range(nrow)], dtype=object) if models is None
           else np.asarray(models, dtype=object).ravel())
    imp = np.zeros(nrow, dtype=bool) if imputed is None else np.asarray(imputed, dtype=bool).ravel()
    if len(yr) != nrow or len(lab) != nrow or len(imp) != nrow:
        raise InputError("x, error, year, models and imputed must have the same length")
    if not include_imputed:
        keep = ~imp
        xv, err, yr, lab, imp = xv[keep], err[keep], yr[keep], lab[keep], imp[keep]
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(xv) & (xv > 0) & np.isfinite(err)
    if use_year:
        ok &= np.isfinite(yr)
    xv, err, yr, lab, imp = xv[ok], err[ok], yr[ok], lab[ok], imp[ok]
    admitted = fspec.admits(err)
    if not np.all(admitted):
        xv, err, yr, lab, imp = (xv[admitted], err[admitted], yr[admitted], lab[admitted],
                                 imp[admitted])
        dropped_note = (f"{int((~admitted).sum())} row(s) outside the range of the "
                        f"{fspec.name} form (at or below the chance floor) left out")
    else:
        dropped_note = None

    bench = benchmark
    col = xspec.column
    k = 1 + degree + (1 if use_year else 0)
    need = max(k + 1, 3)
    n = len(xv)
    if n < need:
        raise InputError(
            f"too few usable rows for {bench or 'the data'} with x={xspec.name}: {n} row(s) have "
            f"{col} and an error rate{' and a year' if use_year else ''}; a fit with {k} "
            f"coefficients needs at least {need}")
    y = fspec.transform(err)
    lx = np.log10(xv / x_scale)
    if np.ptp(lx) == 0:
        raise InputError(f"all {n} usable rows for {bench or 'the data'} have the same {col} "
                         f"({xv[0]:g} FLOP); the slope is not identified")
    if use_year and np.ptp(yr) == 0:
        raise InputError(f"all {n} usable rows for {bench or 'the data'} have the same year "
                         f"({yr[0]:g}); the year trend is not identified")
    X, names = design_matrix(lx, degree, (yr - float(year_origin)) if use_year else None)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise InputError(f"the regressors for {bench or 'the data'} are collinear (e.g. year moves "
                         "in lockstep with computation); the coefficients are not identified")

    est = estimator.fit(X, y, names, **est_opts)
    notes = list(est.notes) + ([dropped_note] if dropped_note else [])
    boot = None
    seed_used = None
    if n_boot:
        seed_used = _check_seed(seed)
        rng = np.random.default_rng(seed_used)
        boot = pairs_bootstrap(X, y, n_boot, rng, estimator.params_only, **est_opts)
        boot.setflags(write=False)
        failed = int(np.sum(~np.all(np.isfinite(boot), axis=1)))
        if failed:
            notes.append(f"{failed} of {n_boot} bootstrap resamples were not identified "
                         "(e.g. every drawn row had the same computation) and are left out")
    elif seed is not None:
        _check_seed(seed)

    frame = pd.DataFrame({
        "model": lab,
        "benchmark": bench,
        "year": yr,
        "error": err,
        "y": np.asarray(y, dtype=float),
        "x_value": xv,
        "log10_x": lx,
        "flops_imputed": imp,
    })
    return FitResult(
        benchmark=bench, x=xspec.name, form=fspec.name,
        quantile=None if quantile is None else float(quantile),
        estimator=est_name, cov_type=est.cov_type, x_unit=str(x_unit), x_scale=float(x_scale),
        year_origin=float(year_origin), degree=degree, include_imputed=bool(include_imputed),
        n_imputed=int(imp.sum()), n_bootstrap=n_boot, seed=seed_used,
        interval="bootstrap" if n_boot else "analytic", level=float(level), notes=tuple(notes),
        _est=est, _data=frame, _boot=boot,
    )


@dataclass(frozen=True)
class Specification:
    """One alternative specification of Figure 9: a functional form and a polynomial degree."""

    name: str
    form: str
    degree: int
    description: str


#: Alternative polynomial specifications compared in Figure 9 ("various polynomial functional
#: forms and the explanatory power (R^2) that results from each", section 7.1). The paper's text
#: does not list them; these are the natural polynomial variants: the paper's log-log line, the
#: same with quadratic and cubic terms in log10(computation), and performance measured as odds.
SPECIFICATIONS: Registry[Specification] = Registry("specification")
for _s in (
    Specification("polynomial", "polynomial", 1, "log10(error) linear in log10(C) (the paper's)"),
    Specification("polynomial-quadratic", "polynomial", 2, "log10(error) quadratic in log10(C)"),
    Specification("polynomial-cubic", "polynomial", 3, "log10(error) cubic in log10(C)"),
    Specification("polynomial-odds", "polynomial-odds", 1,
                  "log10(error/(1-error)) linear in log10(C): Computation = O(odds^alpha)"),
):
    SPECIFICATIONS.add(_s.name, _s)
del _s


def fit_specifications(data=None, *, benchmark: str | None = None, x: str = "per-pass",
                       specifications: list[str] | None = None, **kwargs: Any) -> dict[str, FitResult]:
    """Fit each alternative specification of Figure 9 on the same rows.

    Parameters
    ----------
    specifications : list of str, optional
        Names from :data:`SPECIFICATIONS` (default: all).
    **kwargs
        Passed to :func:`fit` (``year``, ``robust``, ``include_imputed`` ...).

    Returns
    -------
    dict
        Name -> :class:`FitResult`, in the order asked.
    """
    names = list(specifications) if specifications is not None else SPECIFICATIONS.names()
    records, bench = load_fit_records(data, benchmark)
    out: dict[str, FitResult] = {}
    for name in names:
        s = SPECIFICATIONS.get(name)
        out[s.name] = fit(records, benchmark=bench, x=x, form=s.form, degree=s.degree, **kwargs)
    return out

