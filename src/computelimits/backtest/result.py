"""The result of a backtest: forecasts, fits, scores and calibration (an immutable value)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..presentation import Presentable
from .kernel import level_key
from .variants import PAPER_VARIANT

__all__ = ["BacktestResult"]


# --------------------------------------------------------------------------------------------
# scores
# --------------------------------------------------------------------------------------------

def _mean_bool(s: pd.Series) -> float:
    s = s.dropna()
    return float(s.astype(float).mean()) if len(s) else float("nan")


def _score(g: pd.DataFrame, levels: tuple[float, ...]) -> dict[str, Any]:
    d: dict[str, Any] = {"n_forecasts": int(len(g))}
    diff = g["pred_error"] - g["error"]
    d["mae_error"] = float(np.mean(np.abs(diff)))
    d["bias_error"] = float(np.mean(diff))
    for lv in levels:
        d[f"coverage{level_key(lv)}"] = _mean_bool(g[f"covered{level_key(lv)}"])
    d["share_below"] = float(np.mean(g["below"]))
    rec = g[g["record"]]
    d["n_frontier"] = int(len(rec))
    lr = rec["log10_ratio"].to_numpy(dtype=float)
    fin = np.isfinite(lr)
    d["mae_log10_flops"] = float(np.mean(np.abs(lr[fin]))) if fin.any() else float("nan")
    d["bias_log10_flops"] = float(np.mean(lr[fin])) if fin.any() else float("nan")
    d["n_unreachable"] = int(np.sum(~fin))
    for lv in levels:
        k = level_key(lv)
        d[f"coverage{k}_flops"] = _mean_bool(rec[f"needed_covered{k}"])
    for lv in levels:
        k = level_key(lv)
        lo = rec[f"needed_pi{k}_lower"].to_numpy(dtype=float)
        hi = rec[f"needed_pi{k}_upper"].to_numpy(dtype=float)
        known = ~(np.isnan(lo) | np.isnan(hi))
        d[f"unbounded{k}_flops"] = (float(np.mean(np.isinf(lo[known]) | np.isinf(hi[known])))
                                    if known.any() else float("nan"))
    lb = g.loc[g["best_after"], "log10_ratio"].to_numpy(dtype=float)
    fb = np.isfinite(lb)
    d["mae_log10_flops_best"] = float(np.mean(np.abs(lb[fb]))) if fb.any() else float("nan")
    la = g["log10_ratio"].to_numpy(dtype=float)
    fa = np.isfinite(la)
    d["mae_log10_flops_all"] = float(np.mean(np.abs(la[fa]))) if fa.any() else float("nan")
    return d


def _binom_under(k: int, n: int, p: float) -> float:
    """One-sided p-value of observing ``k`` or fewer successes in ``n`` at rate ``p``."""
    from scipy import stats

    return float(stats.binom.cdf(k, n, p))


def _binom_over(k: int, n: int, p: float) -> float:
    from scipy import stats

    return float(stats.binom.sf(k - 1, n, p))



@dataclass(frozen=True, eq=False)
class BacktestResult(Presentable):
    """The result of :func:`backtest`; an immutable value.

    Attributes
    ----------
    benchmark : str or None
    x : str
        ``"per-pass"`` or ``"burden"``.
    cutoffs : tuple of int
        Cut-off years actually backtested.
    variants : tuple of str
    levels : tuple of float
        Interval levels (0.8 and 0.95 by default).
    interval : str
        ``"fieller"`` or ``"bootstrap"`` (:data:`computelimits.intervals.INTERVALS`).
    n_boot : int
        Bootstrap resamples per fit (0 for Fieller intervals).
    seed : int or None
    min_train, min_test : int
    horizon : int or None
    n_models : int
        Models with the needed columns (error, computation, year).
    notes : tuple of str
    """

    benchmark: str | None
    x: str
    cutoffs: tuple[int, ...]
    variants: tuple[str, ...]
    levels: tuple[float, ...]
    interval: str
    n_boot: int
    seed: int | None
    min_train: int
    min_test: int
    horizon: int | None
    n_models: int
    notes: tuple[str, ...]
    _forecasts: pd.DataFrame = field(repr=False)
    _fits: pd.DataFrame = field(repr=False)

    @property
    def forecasts(self) -> pd.DataFrame:
        """One row per (variant, cut-off, forecast model); a fresh copy.

        Identity: ``variant``, ``form``, ``estimator`` (``mean`` / ``q10``), ``anchor``,
        ``year_trend``, ``cutoff``, ``lead`` (publication year minus cut-off), ``model``,
        ``year``, ``x_value`` (its computation, FLOPs), ``error`` (what happened).

        (a) error from computation: ``pred_error``, ``pi<L>_lower``/``pi<L>_upper`` (prediction
        interval at level L, e.g. ``pi80_lower``; NaN where not applicable), ``covered<L>``
        (nullable boolean), ``below`` (the actual error is below the forecast).

        (b) computation needed to reach the model's error: ``needed_flops``, ``actual_flops``
        (= ``x_value``), ``log10_ratio`` = log10(needed / actual) (orders of magnitude; > 0: the
        forecast said more computation was needed than was used), ``needed_pi<L>_lower``,
        ``needed_pi<L>_upper`` (FLOPs), ``needed_covered<L>``; ``record`` marks the frontier
        (a new best error after the cut-off), ``best_after`` the best error after the cut-off.
        """
        return self._forecasts.copy()

    @property
    def fits(self) -> pd.DataFrame:
        """One row per (variant, cut-off): the training fit.

        Columns: ``variant``, ``cutoff``, ``n_train``, ``n_test``, ``intercept`` (at 1 GFLOP and,
        with a year trend, at ``year_origin``, the mean training year), ``slope``, ``slope_se``,
        ``year_coef``, ``year_se``, ``year_origin``, ``resid_se`` (NaN for a quantile fit),
        ``df_resid``, the paper anchoring's model (``best_model``, ``best_error``,
        ``best_flops``, ``best_year``: the lowest error up to the cut-off) and ``n_bootstrap``
        (usable resamples).
        """
        return self._fits.copy()

    @property
    def paper_variant(self) -> str | None:
        """The paper's own variant if backtested (:data:`PAPER_VARIANT`), else ``None``."""
        return PAPER_VARIANT if PAPER_VARIANT in self.variants else None

    def scores(self, by: str | None = None) -> pd.DataFrame:
        """Scores per variant (and per cut-off or lead with ``by``).

        Parameters
        ----------
        by : {None, "cutoff", "lead"}

        Returns
        -------
        pandas.DataFrame
            ``variant`` [``cutoff`` | ``lead``], ``n_forecasts``; (a): ``mae_error`` (mean
            absolute error of the error forecasts, as a fraction: 0.01 = one percentage point),
            ``bias_error`` (forecast minus actual), ``coverage<L>`` (share of actual errors inside
            the level-L prediction interval; NaN when not applicable), ``share_below`` (share of
            actual errors below the forecast; about 0.5 for a calibrated mean, the quantile for a
            quantile fit); (b) on the frontier: ``n_frontier``, ``mae_log10_flops`` (mean absolute
            log10(needed/actual): orders of magnitude), ``bias_log10_flops``, ``n_unreachable``
            (zero slope: not scored), ``coverage<L>_flops``, ``unbounded<L>_flops`` (share of
            those intervals that are unbounded because the slope is not significant at the level:
            they cover trivially); ``mae_log10_flops_best``: the same
            for the best error achieved after each cut-off only (one forecast per cut-off); and
            over every forecast model: ``mae_log10_flops_all``. Every forecast counts once (pooled over cut-offs).

        With Fieller intervals a model's (b) interval covers its computation exactly when its
        (a) interval covers its error (the Fieller set inverts the same prediction band), so
        ``coverage<L>_flops`` is the (a) coverage on the frontier; bootstrap intervals differ.
        """
        keys = ["variant"]
        if by is not None:
            if by not in ("cutoff", "lead"):
                raise InputError(f"by must be None, 'cutoff' or 'lead'; got {by!r}")
            keys.append(by)
        rows = []
        f = self._forecasts
        for key, g in f.groupby(keys, sort=False):
            key = key if isinstance(key, tuple) else (key,)
            rows.append({**dict(zip(keys, key, strict=True)), **_score(g, self.levels)})
        out = pd.DataFrame(rows)
        order = {v: i for i, v in enumerate(self.variants)}
        out = out.sort_values(keys, key=lambda s: s.map(order) if s.name == "variant" else s,
                              kind="mergesort").reset_index(drop=True)
        return out

    def calibration(self) -> pd.DataFrame:
        """Coverage against nominal, per variant, level and forecast kind, with a verdict.

        Columns: ``variant``, ``target`` (``error`` for (a), ``flops`` for (b) on the frontier),
        ``level``, ``n``, ``covered``, ``coverage``, ``p_under`` / ``p_over`` (one-sided binomial
        p-values of so few / so many covered), ``verdict``: ``under-coverage``,
        ``over-coverage`` (p < 0.05), ``consistent`` or ``not applicable``.

        Forecasts from one cut-off share a fit, so they are not independent: the p-values treat
        them as if they were and overstate the evidence; read them as a screen.
        """
        rows = []
        f = self._forecasts
        for v, g in f.groupby("variant", sort=False):
            for target, gg, prefix in (("error", g, "covered"),
                                       ("flops", g[g["record"]], "needed_covered")):
                for lv in self.levels:
                    s = gg[f"{prefix}{level_key(lv)}"].dropna()
                    n = int(len(s))
                    k = int(s.astype(bool).sum())
                    if n == 0:
                        rows.append(dict(variant=v, target=target, level=lv, n=0, covered=0,
                                         coverage=float("nan"), p_under=float("nan"),
                                         p_over=float("nan"), verdict="not applicable"))
                        continue
                    pu, po = _binom_under(k, n, lv), _binom_over(k, n, lv)
                    verdict = ("under-coverage" if pu < 0.05 else
                               "over-coverage" if po < 0.05 else "consistent")
                    rows.append(dict(variant=v, target=target, level=lv, n=n, covered=k,
                                     coverage=k / n, p_under=pu, p_over=po, verdict=verdict))
        return pd.DataFrame(rows)

    def best(self, metric: str = "mae_error") -> str:
        """The variant with the lowest ``metric`` (a column of :meth:`scores`).

        For a coverage column, the variant closest to nominal.
        """
        s = self.scores()
        if metric not in s.columns or metric in ("variant",):
            raise InputError(f"unknown score {metric!r}; one of {', '.join(s.columns[1:])}")
        vals = s[metric].astype(float)
        if metric.startswith("coverage"):
            key = metric[len("coverage"):].split("_")[0]
            nominal = {level_key(lv): lv for lv in self.levels}[key]
            vals = (vals - nominal).abs()
        if vals.isna().all():
            raise InputError(f"no variant has a value for {metric!r}")
        return str(s.loc[vals.idxmin(), "variant"])

    def to_dict(self, forecasts: bool = False) -> dict[str, Any]:
        """JSON-ready: settings, scores, calibration, fits (and the forecasts on request)."""
        d: dict[str, Any] = dict(
            benchmark=self.benchmark, x=self.x, cutoffs=list(self.cutoffs),
            variants=list(self.variants), levels=list(self.levels), interval=self.interval,
            n_boot=self.n_boot, seed=self.seed, min_train=self.min_train,
            min_test=self.min_test, horizon=self.horizon, n_models=self.n_models,
            paper_variant=self.paper_variant,
            best=dict(error=self.best("mae_error"), flops=self.best_or_none("mae_log10_flops")),
            scores=_records(self.scores()), calibration=_records(self.calibration()),
            fits=_records(self._fits), notes=list(self.notes))
        if forecasts:
            d["forecasts"] = _records(self._forecasts)
        return d

    def best_or_none(self, metric: str) -> str | None:
        """:meth:`best`, or ``None`` when no variant has a value for ``metric``."""
        try:
            return self.best(metric)
        except InputError:
            return None

    def to_frame(self) -> pd.DataFrame:
        """The scores, one row per variant (:meth:`scores`); the forecasts are in
        :attr:`forecasts`, the calibration verdicts in :meth:`calibration`."""
        return self.scores()

    def coverage(self, variant: str | None = None, level: float | None = None,
                 target: str = "flops") -> tuple[float, int]:
        """Measured coverage of one variant's intervals: ``(share covered, forecasts)``.

        Parameters
        ----------
        variant : str, optional
            Default: the paper's variant when backtested, else the first.
        level : float, optional
            Default: the highest level backtested.
        target : {"flops", "error"}
            ``flops``: intervals for the computation needed, on the frontier (b); ``error``:
            prediction intervals for the error (a).
        """
        v = variant or self.paper_variant or self.variants[0]
        lv = max(self.levels) if level is None else float(level)
        cal = self.calibration()
        row = cal[(cal["variant"] == v) & (cal["target"] == target)
                  & np.isclose(cal["level"], lv)]
        if row.empty:
            raise InputError(f"no coverage for variant {v!r}, target {target!r}, level {lv!r}")
        r = row.iloc[0]
        return float(r["coverage"]), int(r["n"])

    def summary(self, fmt: str = "text", digits: int = 3) -> str:
        """A table of the scores per variant with the best variants and the calibration verdicts.

        Parameters
        ----------
        fmt : {"text", "markdown", "html", "latex"}
        digits : int
            Significant digits.
        """
        from .render import render_summary

        return render_summary(self, fmt, digits)

    def _summary_blocks(self, digits: int = 3) -> list:
        from .render import summary_table

        return [summary_table(self, digits)]

    def __repr__(self) -> str:
        return (f"BacktestResult(benchmark={self.benchmark!r}, x={self.x!r}, "
                f"cutoffs={list(self.cutoffs)}, variants={len(self.variants)}, "
                f"forecasts={len(self._forecasts)}, interval={self.interval!r})")



def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for r in df.to_dict("records"):
        out.append({k: (None if v is pd.NA else v) for k, v in r.items()})
    return out

