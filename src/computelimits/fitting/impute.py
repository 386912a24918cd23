"""Per-pass computation imputed from the number of parameters (paper Figure 7, section 7.1).

"When a deep learning paper ... does not report the number of gigaflops or multiply-adds, but does
report network size, we perform a mapping between the two. This is done using a prediction line
from regressing network size on gigaflops, as shown in figure 7, on models where both are known."

:func:`fit_imputation` fits ``log10(GFLOPs per pass) = a + b log10(parameters)`` by OLS on the
rows where both are known (and not themselves imputed); :func:`impute_flops_from_params` fills
``flops_per_pass`` where it is missing and parameters are known, sets ``flops_imputed = True`` and
records the regression used in ``flops_per_pass_source``. Imputed rows can be left out of any fit
with ``include_imputed=False``.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 7.1, Figure 7.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError
from ..presentation import Presentable, Table
from .estimators import ESTIMATORS, Estimate
from .results import EstimateView

__all__ = ["ImputationModel", "fit_imputation", "impute_flops_from_params"]


@dataclass(frozen=True, eq=False)
class ImputationModel(Presentable, EstimateView):
    """The Figure 7 regression ``log10(computation per pass) = a + b log10(parameters)``; immutable.

    Coefficients (``const``, ``log10_params``) and fit statistics as in
    :class:`~computelimits.fitting.FitResult` (``params``, ``bse``, ``nobs``, ``rsquared``,
    ``resid_se`` in log10 units ...).

    Attributes
    ----------
    flops_unit : str
        Unit of computation inside the log (``"GFLOP"``, as Figure 7).
    flops_scale : float
        FLOPs per ``flops_unit``.
    benchmark : str or None
        Benchmark the rows came from (``None`` when pooled over several).
    """

    flops_unit: str
    flops_scale: float
    benchmark: str | None
    _est: Estimate = field(repr=False)
    _data: pd.DataFrame = field(repr=False)

    @property
    def intercept(self) -> float:
        return float(self._est.params[0])

    @property
    def slope(self) -> float:
        return float(self._est.params[1])

    @property
    def data(self) -> pd.DataFrame:
        """Rows used: ``model``, ``benchmark``, ``params``, ``flops_per_pass`` (FLOPs),
        ``log10_params``, ``log10_flops`` (log10 of computation in ``flops_unit``)."""
        return self._data.copy()

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Student-t intervals of ``const`` and ``log10_params`` (``ci_lower``, ``ci_upper``)."""
        return self._analytic_conf_int(level)

    def predict_flops(self, params):
        """Imputed computation per pass (FLOPs) for parameter counts ``params``."""
        p = np.asarray(params, dtype=float)
        if np.any(~np.isfinite(p) | (p <= 0)):
            raise InputError("parameter counts must be finite and > 0")
        out = self.flops_scale * np.power(10.0, self.intercept + self.slope * np.log10(p))
        return float(out) if np.ndim(params) == 0 else out

    @property
    def description(self) -> str:
        """One line naming the regression, used as ``flops_per_pass_source`` of imputed rows."""
        return (f"imputed from params by the Figure 7 regression (paper section 7.1): "
                f"log10({self.flops_unit} per pass) = {self.intercept:.4g} + {self.slope:.4g} "
                f"log10(params), OLS on {self.nobs} models with both known, R^2 = {self.rsquared:.2f}")

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """Tidy coefficient table (``term``, ``estimate``, ``std_error``, ``p_value``, CI)."""
        return self._coefficient_table(self.conf_int(level), level)

    def summary(self, fmt: str = "text", *, digits: int = 4) -> str:
        """Coefficients and fit statistics as text, HTML or LaTeX."""
        return self._render(fmt, digits=digits)

    def _summary_blocks(self, digits: int = 4) -> list[Table]:
        t = self.to_frame()
        body: list[list[str] | None] = [
            [r.term, f"{r.estimate:.{digits}g}", f"{r.std_error:.{digits}g}", f"{r.p_value:.3g}",
             f"{r.ci_lower:.{digits}g}", f"{r.ci_upper:.{digits}g}"] for r in t.itertuples()]
        body.append(None)
        body.append(["Observations", str(self.nobs), "", "R^2", f"{self.rsquared:.3f}", ""])
        title = f"Figure 7: log10({self.flops_unit} per pass) on log10(parameters)"
        head = [("", 1), ("coef", 1), ("std err", 1), ("p", 1), ("[0.025", 1), ("0.975]", 1)]
        return [Table(title, [head], body, [f"Residual SE {self.resid_se:.3g} (log10 units)"],
                      align="lrrrrr")]


def _records(data, benchmark):
    from ..benchmarks import resolve_benchmark
    from ..datasets import load_records

    return load_records(data, benchmark), (resolve_benchmark(benchmark) if benchmark is not None
                                           else None)


def _num(df: pd.DataFrame, col: str) -> np.ndarray:
    if col not in df.columns:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)


def _flag(df: pd.DataFrame) -> np.ndarray:
    if "flops_imputed" not in df.columns:
        return np.zeros(len(df), dtype=bool)
    return df["flops_imputed"].map(lambda v: str(v).strip().lower() in ("true", "1", "yes")).to_numpy(bool)


def fit_imputation(data=None, *, benchmark: str | None = None,
                   flops_unit: str = "GFLOP") -> ImputationModel:
    """Fit the Figure 7 regression of log10(computation per pass) on log10(parameters).

    Parameters
    ----------
    data : DataFrame, str, PathLike or None
        Records (validated), a CSV path, or ``None`` for the bundled dataset.
    benchmark : str, optional
        Use only this benchmark's rows (default: every row given, pooled).
    flops_unit : str
        Unit of computation inside the log (``"GFLOP"``, Figure 7's); changes only the intercept.

    Raises
    ------
    InputError
        Fewer than 3 rows with both parameters and (reported, not imputed) per-pass computation, or
        all parameter counts equal.

    References
    ----------
    Thompson et al., "The Computational Limits of Deep Learning", section 7.1, Figure 7.
    """
    df, bench = _records(data, benchmark)
    return _fit_frame(df, bench, flops_unit)


def _fit_frame(df: pd.DataFrame, bench: str | None, flops_unit: str = "GFLOP") -> ImputationModel:
    from ..units import COMPUTE_UNITS

    key = str(flops_unit).strip().lower()
    if key not in COMPUTE_UNITS or "/" in key:
        raise InputError(f"flops_unit must be a compute unit such as GFLOP; got '{flops_unit}'")
    scale = COMPUTE_UNITS[key]
    pr, fl = _num(df, "params"), _num(df, "flops_per_pass")
    ok = np.isfinite(pr) & (pr > 0) & np.isfinite(fl) & (fl > 0) & ~_flag(df)
    n = int(ok.sum())
    if n < 3:
        raise InputError(f"too few rows to fit the params-to-FLOPs regression: {n} row(s) have both "
                         "params and reported flops_per_pass; at least 3 are needed")
    lp, lf = np.log10(pr[ok]), np.log10(fl[ok] / scale)
    if np.ptp(lp) == 0:
        raise InputError("all rows used for the params-to-FLOPs regression have the same params")
    X = np.column_stack([np.ones(n), lp])
    est = ESTIMATORS.get("ols").fit(X, lf, ["const", "log10_params"])
    used = df[ok].reset_index(drop=True)
    frame = pd.DataFrame({
        "model": used["model"].to_numpy() if "model" in used else np.arange(n),
        "benchmark": used["benchmark"].to_numpy() if "benchmark" in used else None,
        "params": pr[ok], "flops_per_pass": fl[ok], "log10_params": lp, "log10_flops": lf})
    if bench is None and "benchmark" in used and used["benchmark"].nunique() == 1:
        bench = str(used["benchmark"].iloc[0])
    return ImputationModel(flops_unit=str(flops_unit), flops_scale=float(scale), benchmark=bench,
                           _est=est, _data=frame)


def impute_flops_from_params(records: pd.DataFrame, model: ImputationModel | None = None, *,
                             return_model: bool = False):
    """Fill missing ``flops_per_pass`` from ``params`` with the Figure 7 regression.

    Rows with reported per-pass computation are untouched. A row with parameters but no per-pass
    computation gets the regression's prediction, ``flops_imputed = True`` and
    ``flops_per_pass_source`` naming the regression (coefficients, rows, R^2).

    Parameters
    ----------
    records : pandas.DataFrame
        Records in the record schema, already normalised (``flops_per_pass`` in FLOPs), with at
        least ``params`` and ``flops_per_pass`` columns.
    model : ImputationModel, optional
        A fitted regression; fitted on ``records`` (rows with both values) when omitted.
    return_model : bool
        Also return the model used.

    Returns
    -------
    pandas.DataFrame or (DataFrame, ImputationModel)
        A new table; the input is not modified.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"model": ["a", "b", "c", "d"], "benchmark": "imagenet",
    ...                    "params": [1e6, 1e7, 1e8, 5e7],
    ...                    "flops_per_pass": [1e8, 1e9, 1e10, None]})
    >>> out = impute_flops_from_params(df)
    >>> round(float(out.loc[3, "flops_per_pass"]) / 5e9, 6), bool(out.loc[3, "flops_imputed"])
    (1.0, True)
    """
    if not isinstance(records, pd.DataFrame):
        raise InputError("impute_flops_from_params needs a records DataFrame")
    for c in ("params", "flops_per_pass"):
        if c not in records.columns:
            raise InputError(f"records need a '{c}' column to impute per-pass computation")
    if model is None:
        model = _fit_frame(records, None)
    out = records.copy()
    flag = _flag(out)
    if "flops_imputed" not in out.columns:
        out["flops_imputed"] = False
    out["flops_imputed"] = flag
    if "flops_per_pass_source" not in out.columns:
        out["flops_per_pass_source"] = None
    pr, fl = _num(out, "params"), _num(out, "flops_per_pass")
    fill = np.isfinite(pr) & (pr > 0) & ~(np.isfinite(fl) & (fl > 0))
    if fill.any():
        out["flops_per_pass"] = pd.to_numeric(out["flops_per_pass"], errors="coerce").astype(float)
        out["flops_per_pass_source"] = out["flops_per_pass_source"].astype(object)
        out.loc[fill, "flops_per_pass"] = model.predict_flops(pr[fill])
        out.loc[fill, "flops_imputed"] = True
        out.loc[fill, "flops_per_pass_source"] = model.description
        if "flops_unit" in out.columns:
            out["flops_unit"] = out["flops_unit"].astype(object)
            out.loc[fill, "flops_unit"] = "FLOP"
    return (out, model) if return_model else out

