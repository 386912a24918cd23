"""Out-of-time validation: would the paper's regressions have forecast what happened next?

The paper fits error against computation on the models published up to 2020 and extrapolates by
many orders of magnitude (section 3.3, Figure 4) without checking how such extrapolations fare.
:func:`backtest` does the check with a *rolling origin*: for each cut-off year ``Y`` it fits only
on the models published up to ``Y`` and forecasts, for every model published after ``Y``,

(a) its error from its computation (a point forecast and prediction intervals for a *new*
    observation), and
(b) the computation needed to reach its error (inverse prediction, in orders of magnitude),
    scored on the *frontier*: the models that set a new best error after ``Y`` (the last of them
    reached "the best error achieved after ``Y``").

Each forecast is compared with what happened. Repeating over cut-offs gives the error of the
point forecasts and the coverage of the 80 % and 95 % intervals, for every *variant*
(:data:`VARIANTS`): functional form (polynomial / the paper's exponential, ``1/error``; also
``error-linear`` on request) x estimator (conditional mean / 10 % quantile, Figure 8) x anchoring
(the paper's Figure 4 arithmetic / the regression line) x with or without the year trend of
Table 2.

Intervals (:data:`computelimits.intervals.INTERVALS`)
-----------------------------------------------------
``fieller`` (default)
    Least-squares prediction intervals for a new observation:
    ``yhat +/- t(df) sqrt(s^2 + w' V w)`` with ``s`` the residual standard error, ``V`` the
    covariance of the coefficients and ``w`` the weights of the forecast line; for (b) the same
    variance inverted by Fieller's method. Not defined for a quantile fit (one conditional
    quantile says nothing about the spread of a new observation): coverage is then reported as
    not applicable (NaN), never as a number.
``bootstrap``
    Pairs bootstrap of the coefficients plus a residual drawn from the training fit (OLS
    residuals rescaled by ``sqrt(n / (n - k))``), percentiles of the simulated new observation
    (a) or of the computation at which it reaches the target (b). Defined for every variant.

Anchorings (:data:`computelimits.intervals.ANCHORINGS`)
-------------------------------------------------------
``paper``
    The line through the training set's best model (lowest error, its computation and year)
    with the fitted slope(s): ``y = y_best + b (u - u_best) [+ g (year - year_best)]``; the
    anchor is treated as exact, as in the paper's Figure 4.
``regression``
    The fitted line ``y = a + b u [+ g year]``.

Here ``u = log10(computation)`` and ``y`` is the form's transformed error (``log10(error)`` for
the polynomial form, ``1/error`` for the exponential form).

Layout: :mod:`.variants` (the registry of variants), :mod:`.kernel` (fits and forecasts on
arrays), :mod:`.result` (:class:`BacktestResult`: scores and calibration), :mod:`.render` (its
summaries); this module holds the entry point :func:`backtest`.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning" (arXiv:2007.05558),
sections 3.2-3.3, Tables 1-2, Figures 4 and 8. Tashman (2000), "Out-of-sample tests of forecasting
accuracy: an analysis and review", Int. J. Forecasting 16(4) (rolling-origin evaluation).
Fieller (1954), JRSS B 16(2) (inverse prediction). Davison & Hinkley (1997), *Bootstrap Methods
and their Application*, section 6.3.3 (bootstrap prediction intervals).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from ..intervals import ANCHORINGS, get_interval
from ..progress import ProgressResult, algorithmic_progress
from .kernel import X_SCALE, _check_levels, backtest_arrays, default_cutoffs, level_key
from .result import BacktestResult
from .variants import DEFAULT_VARIANTS, PAPER_VARIANT, VARIANTS, Variant, get_variant

__all__ = [
    "Variant",
    "VARIANTS",
    "DEFAULT_VARIANTS",
    "PAPER_VARIANT",
    "ANCHORINGS",
    "BacktestResult",
    "backtest",
    "backtest_arrays",
    "default_cutoffs",
    "get_variant",
    "level_key",
    "algorithmic_progress",
    "ProgressResult",
]

# --------------------------------------------------------------------------------------------
# the public entry point
# --------------------------------------------------------------------------------------------

def backtest(data=None, *, benchmark: str | None = None, x: str = "per-pass",
             cutoffs: Sequence[int] | int | None = None,
             variants: Sequence[str | Variant] | None = None,
             levels: Sequence[float] = (0.8, 0.95), seed: int | None = None,
             interval: str = "fieller", n_boot: int = 200, min_train: int = 10,
             min_test: int = 3, horizon: int | None = None,
             include_imputed: bool = True) -> BacktestResult:
    """Rolling-origin backtest of the paper's regressions on one benchmark.

    For each cut-off year ``Y``, fit each variant only on the models published up to ``Y``
    (``floor(year) <= Y``), then forecast for every later model (a) its error from its
    computation and (b) the computation needed to reach its error, and compare with what
    happened.

    Parameters
    ----------
    data : DataFrame, str, PathLike or None
        Records in the record schema (columns ``model``, ``benchmark``, ``year`` or ``date``,
        ``error`` or ``metric_value``, and the computation column), a CSV path, or ``None`` for
        the bundled dataset (:func:`computelimits.load_models`).
    benchmark : str, optional
        Benchmark id or alias; required when ``data`` holds several benchmarks.
    x : {"per-pass", "burden"}
        Computation per network pass (Tables 1-2) or hardware burden (Tables 3-4).
    cutoffs : int or sequence of int, optional
        Cut-off years. Default: every year with at least ``min_train`` models up to it and
        ``min_test`` after it (:func:`default_cutoffs`).
    variants : sequence of str or Variant, optional
        Names from :data:`VARIANTS` (default: :data:`DEFAULT_VARIANTS`, the 16 of the polynomial
        and exponential forms) or custom :class:`Variant` objects.
    levels : sequence of float
        Interval levels (default 80 % and 95 %).
    seed : int, optional
        Seed of the bootstrap generator (``interval="bootstrap"``); drawn and recorded when
        omitted.
    interval : {"fieller", "bootstrap"}
        See the module docstring (``"analytic"``, the former name of ``"fieller"``, raises an
        error naming it).
    n_boot : int
        Bootstrap resamples per fit with ``interval="bootstrap"``.
    min_train, min_test : int
        Models needed before and after a cut-off (default cut-offs and checks of given ones).
    horizon : int, optional
        Forecast only models published at most this many years after the cut-off.
    include_imputed : bool
        Keep rows whose per-pass computation was imputed from parameters.

    Returns
    -------
    BacktestResult

    Raises
    ------
    InputError
        Too few models, a cut-off without enough models before or after it, unknown options.
    DataValidationError
        Records that break the schema.
    UnknownNameError
        Unknown benchmark, x variable or variant.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> n = 60
    >>> year = np.sort(rng.uniform(2012, 2020, n))
    >>> lx = rng.uniform(0, 3, n) + 0.2 * (year - 2012)
    >>> err = 10 ** (-0.5 - 0.1 * lx + rng.normal(0, 0.05, n))
    >>> df = pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet",
    ...                    "year": year, "error": err, "flops_per_pass": 1e9 * 10 ** lx})
    >>> r = backtest(df, variants=["polynomial-mean-regression"])
    >>> r.scores()[["variant", "n_forecasts"]].iloc[0].tolist()   # doctest: +SKIP
    ['polynomial-mean-regression', 180]

    References
    ----------
    Thompson et al., "The Computational Limits of Deep Learning", sections 3.2-3.3, Figure 4.
    """
    from ..fitting.core import _check_seed, load_fit_records
    from ..fitting.forms import get_x

    xspec = get_x(x)
    records, bench = load_fit_records(data, benchmark)
    if not include_imputed:
        records = records[~records["flops_imputed"].astype(bool)]
    col = xspec.column
    xv = pd.to_numeric(records[col], errors="coerce").to_numpy(dtype=float)
    err = pd.to_numeric(records["error"], errors="coerce").to_numpy(dtype=float)
    yr = pd.to_numeric(records["year"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(xv) & (xv > 0) & np.isfinite(err) & np.isfinite(yr)
    n = int(ok.sum())
    if n < 4:
        raise InputError(f"too few usable rows for {bench} with x={xspec.name}: {n} row(s) have "
                         f"{col}, an error rate and a year; a backtest needs models before and "
                         "after a cut-off")
    seed_used = None
    rng = None
    method = get_interval(interval, "inverse")
    if method.needs_draws:
        seed_used = _check_seed(seed)
        rng = np.random.default_rng(seed_used)
    elif seed is not None:
        _check_seed(seed)
    forecasts, fits, notes = backtest_arrays(
        np.log10(xv[ok] / X_SCALE), err[ok], yr[ok],
        models=records.loc[ok, "model"].astype(str).to_numpy(), cutoffs=cutoffs,
        variants=variants, levels=levels, interval=method.name, n_boot=n_boot, rng=rng,
        min_train=min_train, min_test=min_test, horizon=horizon)
    forecasts.insert(0, "benchmark", bench)
    vs = tuple(dict.fromkeys(forecasts["variant"]))
    return BacktestResult(
        benchmark=bench, x=xspec.name, cutoffs=tuple(sorted(set(forecasts["cutoff"]))),
        variants=vs, levels=_check_levels(levels), interval=method.name,
        n_boot=int(n_boot) if rng is not None else 0, seed=seed_used,
        min_train=int(min_train), min_test=int(min_test), horizon=horizon, n_models=n,
        notes=tuple(notes), _forecasts=forecasts, _fits=fits)

