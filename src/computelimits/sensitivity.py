"""How much the language-model answer depends on which rows are fitted: sensitivity as a result.

The paper's question asked of today's language models -- does training compute grow as a high
power of performance? -- has no single answer: it moves with the sample (Epoch's hub, ObsScaling,
Sloth), with the rule that picks one row per model, with the running frontier, open models only,
distilled models, and differences between model families. :func:`sensitivity` fits the paper's
log-log line ``log10(error) = a + b log10(C) [+ g year]`` on training compute ``C`` under each
named selection rule (:data:`SELECTION_RULES`) and reports, per benchmark and rule,

- the implied exponent ``-1/b`` (``Computation = O(Performance^exponent)``, performance
  ``1/error``, the paper's section 3.2) with the interval obtained by inverting the slope's
  t interval, and the number of rows and models it rests on;
- the compute-equivalent gain per year ``10^(g/b)`` and the halving time of the compute needed for
  a fixed error ``12 log10(2) / (g/b)`` months, with Fieller intervals
  (:func:`computelimits.intervals.fieller_ratio`), from the fit with a year trend on the
  rows that have a release date;
- the same exponent with the uncertainty of the training compute carried into the slope
  (:func:`x_uncertainty`): the compute of each row whose source states an interval is drawn from
  a split lognormal with the point estimate as median and ``[low, high]`` as its central 90 %
  (each side its own width), the fit repeated for every draw, and the draws combined with
  Rubin's rules (total variance = mean within-draw variance + (1 + 1/m) x between-draw variance).
  Rows without a stated interval are kept at their point value, so this is a lower bound on the
  effect of compute uncertainty.

Every row of the table names its rule and the samples (source datasets) its rows come from.

The fits are ordinary least squares (``numpy.linalg.lstsq``); the ``within-family`` rule adds one
dummy per model family instead of the constant (family fixed effects), so its slope uses only the
variation of compute inside families.

References
----------
Thompson et al., "The Computational Limits of Deep Learning", section 3.2 and Table 2 (the year
trend as a proxy for algorithmic progress). Rubin (1987), Multiple Imputation for Nonresponse in
Surveys (the combining rules).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._registry import Registry
from .errors import InputError
from .presentation import Presentable, Table

__all__ = ["SelectionRule", "SELECTION_RULES", "select_rows", "sensitivity", "SensitivityResult",
           "ols_fit", "x_uncertainty", "SENSITIVITY_COLUMNS", "Z90"]

#: The standard-normal quantile that puts 90 % in the middle (a stated [low, high] is read as a
#: central 90 % interval, as Epoch's notes state their confidence intervals).
Z90 = 1.6448536269514722
LOG10_2_MONTHS = 12.0 * math.log10(2.0)


# --------------------------------------------------------------------------------------------
# selection rules
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SelectionRule:
    """A named rule that picks the rows of one benchmark to fit.

    Attributes
    ----------
    name : str
        Registry name.
    description : str
        What the rule keeps, in words (printed under the table).
    select : callable
        ``select(rows) -> rows``: from every row of one benchmark (``load_modern(b, rule="all")``)
        to the rows fitted.
    groups : str or None
        Column whose values get their own intercept (fixed effects); ``None`` for one constant.
    """

    name: str
    description: str
    select: Callable[[pd.DataFrame], pd.DataFrame]
    groups: str | None = None


def _one_per_model(df: pd.DataFrame, rule: str) -> pd.DataFrame:
    from .modern import one_row_per_model

    return one_row_per_model(df, rule)


def _default(df: pd.DataFrame) -> pd.DataFrame:
    from .modern import DEFAULT_RULE

    return _one_per_model(df, DEFAULT_RULE)


def _flag(s: pd.Series) -> pd.Series:
    """A true/false column that may hold strings, booleans or missing values: True where true."""
    return s.map(lambda v: str(v).strip().lower() in ("true", "1", "yes")).astype(bool)


def _usable(df: pd.DataFrame) -> pd.DataFrame:
    c = pd.to_numeric(df["training_compute_flops"], errors="coerce")
    e = pd.to_numeric(df["error"], errors="coerce")
    return df[(c > 0) & (e > 0) & (e < 1)]


def _frontier(df: pd.DataFrame) -> pd.DataFrame:
    """Default rows with a date and a compute that, when released, beat every earlier model."""
    d = _usable(_default(df))
    d = d[d["date"].notna()].copy()
    d["_date"] = pd.to_datetime(d["date"], errors="coerce")
    d = d[d["_date"].notna()].sort_values(["_date", "error"], kind="mergesort")
    best = np.inf
    keep = []
    for idx, e in zip(d.index, d["error"].astype(float), strict=True):
        if e < best:
            keep.append(idx)
            best = e
    return d.loc[keep].drop(columns="_date")


def _within_family(df: pd.DataFrame) -> pd.DataFrame:
    d = _usable(_default(df)).copy()
    d = d[d["family"].notna()]
    d["family"] = d["family"].astype(str).str.strip().str.lower()
    n = d.groupby("family")["training_run"].transform("nunique")
    return d[n >= 2]


def _sample(name: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda df: _default(df[df["dataset"] == name])


#: Named selection rules (the rows each analysis of :func:`sensitivity` rests on).
SELECTION_RULES: Registry[SelectionRule] = Registry("selection rule")
for _r in (
    SelectionRule("all", "every row with a training compute (several per model: sources, shots, "
                  "inference settings)", lambda df: df),
    SelectionRule("default", "one row per model by the default rule (computelimits.modern "
                  "'preferred': the most direct source, then the highest score)", _default),
    SelectionRule("best-score", "one row per model: its highest score (any source, shots or "
                  "inference setting)",
                  lambda df: _one_per_model(df, "best")),
    SelectionRule("frontier", "running frontier: default rows with a release date that had a lower "
                  "error than every model released before them", _frontier),
    SelectionRule("open", "default rows of open-weight models only", lambda df: _default(
        df[df["accessibility"] == "open"])),
    SelectionRule("within-family", "default rows of families with at least two models, one "
                  "intercept per family (fixed effects): compute differences inside families",
                  _within_family, groups="family"),
    SelectionRule("no-distilled", "default rows without the models flagged as distilled",
                  lambda df: _default(df[~_flag(df["distilled"])])),
    SelectionRule("sample:epoch-hub", "Epoch AI Benchmarking Hub rows only, one per model",
                  _sample("epoch-hub")),
    SelectionRule("sample:obsscaling", "ObsScaling rows only (open base models, 6ND), one per model",
                  _sample("obsscaling")),
    SelectionRule("sample:sloth", "Sloth rows only (open models, Open LLM Leaderboard), one per "
                  "model", _sample("sloth")),
    SelectionRule("sample:epoch-open-model-trends", "Epoch open-model-trends rows only, one per "
                  "model", _sample("epoch-open-model-trends")),
):
    SELECTION_RULES.add(_r.name, _r)
del _r


def select_rows(records: pd.DataFrame, rule: str = "default") -> pd.DataFrame:
    """The usable rows (training compute > 0, error in (0, 1)) one rule keeps.

    Parameters
    ----------
    records : pandas.DataFrame
        Every row of one benchmark (``computelimits.load_modern(b, rule="all")``).
    rule : str
        Name in :data:`SELECTION_RULES`.

    Returns
    -------
    pandas.DataFrame
        The kept rows, index reset.

    Examples
    --------
    >>> import computelimits as cl
    >>> d = cl.load_modern("mmlu", rule="all")
    >>> set(select_rows(d, "sample:sloth")["dataset"])
    {'sloth'}
    """
    r = SELECTION_RULES.get(rule)
    return _usable(r.select(records)).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# the kernel
# --------------------------------------------------------------------------------------------

def ols_fit(y, columns: Sequence[np.ndarray], groups=None) -> tuple[np.ndarray, np.ndarray, int]:
    """Least squares of ``y`` on ``columns`` plus a constant (or one dummy per group).

    Returns ``(coef, cov, df_resid)`` for ``columns`` only (the constant or the group intercepts
    are left out); ``cov`` is the classical ``s^2 (X'X)^-1``.

    Examples
    --------
    >>> x = np.arange(6.0)
    >>> coef, cov, df = ols_fit(1 + 2 * x, [x])
    >>> round(float(coef[0]), 6), df
    (2.0, 4)
    """
    yv = np.asarray(y, dtype=float)
    cols = [np.asarray(c, dtype=float) for c in columns]
    if groups is None:
        inter = [np.ones_like(yv)]
    else:
        g = pd.factorize(np.asarray(groups))[0]
        inter = [(g == k).astype(float) for k in range(g.max() + 1)]
    X = np.column_stack(cols + inter)
    n, k = X.shape
    coef, _, rank, _ = np.linalg.lstsq(X, yv, rcond=None)
    df = n - k
    if rank < k or df <= 0:
        nan = np.full(len(cols), np.nan)
        return nan, np.full((len(cols), len(cols)), np.nan), max(df, 0)
    resid = yv - X @ coef
    s2 = float(resid @ resid) / df
    cov = s2 * np.linalg.inv(X.T @ X)
    m = len(cols)
    return coef[:m], cov[:m, :m], df


def _split_lognormal_draws(point, low, high, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` x rows draws of log10 compute: the point as median, ``[low, high]`` as central 90 %
    (each side its own width); rows without an interval stay at the point."""
    lp = np.log10(point)
    has = np.isfinite(low) & np.isfinite(high) & (low > 0) & (high > 0)
    sd_lo = np.where(has, np.maximum(lp - np.log10(np.where(has, low, 1.0)), 0.0) / Z90, 0.0)
    sd_hi = np.where(has, np.maximum(np.log10(np.where(has, high, 1.0)) - lp, 0.0) / Z90, 0.0)
    z = rng.standard_normal((n, len(lp)))
    return lp + np.where(z < 0, sd_lo, sd_hi) * z


def x_uncertainty(log10_error, compute, low, high, *, groups=None, draws: int = 200,
                  rng: np.random.Generator | None = None, level: float = 0.95
                  ) -> dict[str, float]:
    """The slope of ``log10(error)`` on ``log10(compute)`` with the compute intervals carried in.

    Each row's compute is drawn ``draws`` times from a split lognormal (median the point value,
    ``[low, high]`` its central 90 %); the slope is refitted on every draw and the draws combined
    with Rubin's rules.

    Parameters
    ----------
    log10_error, compute, low, high : array_like
        Response and the training compute with its interval (NaN where none is stated).
    groups : array_like, optional
        Group labels for fixed effects.
    draws : int
        Number of draws.
    rng : numpy.random.Generator, optional
        Source of the draws (default ``np.random.default_rng(0)``).
    level : float
        Confidence level of the interval.

    Returns
    -------
    dict
        ``slope`` (mean over draws), ``se`` (Rubin total), ``lower``, ``upper`` (interval for
        the slope, Student t with the fit's residual degrees of freedom, as the plain fit), ``between_se`` (the part of the uncertainty due to compute), ``draws``,
        ``n_with_interval``.

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> c = 10 ** rng.uniform(20, 26, 50)
    >>> le = -0.1 * np.log10(c) + 2 + rng.normal(0, 0.02, 50)
    >>> r = x_uncertainty(le, c, c / 3, c * 3, rng=np.random.default_rng(1))
    >>> r["n_with_interval"], bool(-0.1 < r["slope"] < -0.08)
    (50, True)
    """
    from .intervals import critical_value

    rng = np.random.default_rng(0) if rng is None else rng
    y = np.asarray(log10_error, dtype=float)
    c = np.asarray(compute, dtype=float)
    lo = np.asarray(low, dtype=float)
    hi = np.asarray(high, dtype=float)
    lx = _split_lognormal_draws(c, lo, hi, int(draws), rng)
    slopes, variances = [], []
    df = 1
    for row in lx:
        coef, cov, df = ols_fit(y, [row], groups)
        slopes.append(coef[0])
        variances.append(cov[0, 0])
    s = np.asarray(slopes)
    v = np.asarray(variances)
    ok = np.isfinite(s) & np.isfinite(v)
    s, v = s[ok], v[ok]
    m = len(s)
    between = float(np.var(s, ddof=1)) if m > 1 else 0.0
    total = float(np.mean(v)) + (1 + 1 / max(m, 1)) * between
    se = math.sqrt(total)
    z = critical_value(level, max(df, 1))
    mean = float(np.mean(s)) if m else float("nan")
    n_int = int(np.sum(np.isfinite(lo) & np.isfinite(hi)))
    return dict(slope=mean, se=se, lower=mean - z * se, upper=mean + z * se,
                between_se=math.sqrt(between), draws=m, n_with_interval=n_int)


# --------------------------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------------------------

#: Columns of :meth:`SensitivityResult.to_frame`.
SENSITIVITY_COLUMNS: tuple[str, ...] = (
    "benchmark", "rule", "samples", "rows", "models", "slope", "slope_se", "exponent",
    "exponent_lower", "exponent_upper", "year_rows", "gain_per_year", "gain_per_year_lower",
    "gain_per_year_upper", "halving_months", "halving_months_lower", "halving_months_upper",
    "with_compute_interval", "exponent_x", "exponent_x_lower", "exponent_x_upper", "level", "note")


@dataclass(frozen=True, eq=False)
class SensitivityResult(Presentable):
    """The implied exponent and the compute-equivalent gain per year, per benchmark and selection
    rule, with intervals (full precision; rounded only when rendered).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (benchmark, rule); columns :data:`SENSITIVITY_COLUMNS`.
    level : float
    draws : int
        Draws of the compute-uncertainty simulation.
    seed : int
        Seed of its ``np.random.default_rng``.
    """

    table: pd.DataFrame
    level: float
    draws: int
    seed: int
    notes: tuple[str, ...] = field(default=())

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy)."""
        return self.table.copy()

    def get(self, benchmark: str, rule: str = "default") -> dict[str, Any]:
        """One row as a dict."""
        t = self.table
        hit = t[(t["benchmark"] == benchmark) & (t["rule"] == rule)]
        if hit.empty:
            raise InputError(f"no sensitivity row for benchmark '{benchmark}' and rule '{rule}'")
        return hit.iloc[0].to_dict()

    def _summary_blocks(self) -> list:
        """The table (the shared renderer escapes it for each format)."""
        pct = f"{self.level:.0%}"
        body: list[list[str] | None] = []
        last = None
        for r in self.table.to_dict("records"):
            if last is not None and r["benchmark"] != last:
                body.append(None)
            last = r["benchmark"]
            body.append([str(r["benchmark"]), str(r["rule"]), str(r["samples"]),
                         f"{r['models']}", _num(r["exponent"]),
                         _interval(r["exponent_lower"], r["exponent_upper"]),
                         _interval(r["exponent_x_lower"], r["exponent_x_upper"])
                         if r["with_compute_interval"] else "-",
                         f"{r['with_compute_interval']}",
                         _num(r["gain_per_year"], "x"),
                         _gain_interval(r["gain_per_year_lower"], r["gain_per_year_upper"]),
                         f"{r['year_rows']}"])
        headers = [[("Benchmark", 1), ("Rule", 1), ("Samples (rows)", 1), ("Models", 1),
                    ("Exponent", 1), (f"{pct} interval", 1), ("with compute uncertainty", 1),
                    ("Rows with compute interval", 1), ("Gain per year", 1),
                    (f"{pct} interval", 1), ("Rows with date", 1)]]
        notes = [
            "Exponent: -1/b of log10(error) = a + b log10(training compute), Computation = "
            "O(Performance^exponent) with Performance = 1/error (the paper's reading; the paper "
            "found about 9 for ImageNet, theory gives 4 at best).",
            "Gain per year: 10^(g/b) from the fit with a year trend on rows with a release date "
            "(compute-equivalent algorithmic progress; Fieller interval).",
            f"With compute uncertainty: each stated [low, high] read as a central 90% lognormal "
            f"interval, {self.draws} draws (seed {self.seed}), Rubin's rules.",
            "Rules: " + "; ".join(f"{n}: {SELECTION_RULES.get(n).description}"
                                  for n in dict.fromkeys(self.table["rule"])),
        ]
        notes += [f"{r['benchmark']} / {r['rule']}: {r['note']}" for r in
                  self.table.to_dict("records") if r["note"]]
        notes += list(self.notes)
        return [Table(title="Sensitivity of the implied exponent to the rows fitted "
                      "(training compute, language models)", headers=headers, body=body,
                      notes=notes)]



def _gain_interval(lo, hi) -> str:
    """A gain-per-year interval; 'unbounded' where the Fieller set is (slope not significant)."""
    lo, hi = float(lo), float(hi)
    if math.isinf(hi) and lo == 0:
        return "unbounded"
    return _interval(lo, hi, "x")


def _pow10(v: float) -> float:
    """``10**v`` that saturates to 0 or inf instead of overflowing."""
    if math.isnan(v):
        return v
    return 0.0 if v < -300 else (math.inf if v > 300 else 10.0 ** v)


def _num(v, suffix: str = "") -> str:
    v = float(v)
    if not math.isfinite(v):
        return "n/a" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return f"{v:.3g}{suffix}"


def _interval(lo, hi, suffix: str = "") -> str:
    if math.isnan(float(lo)) and math.isnan(float(hi)):
        return "n/a"
    return f"[{_num(lo, suffix)}, {_num(hi, suffix)}]"


# --------------------------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------------------------

def _samples(rows: pd.DataFrame) -> str:
    counts = rows["dataset"].value_counts()
    return ", ".join(f"{k} {int(v)}" for k, v in counts.items()) or "-"


def _one(rows: pd.DataFrame, bench: str, rule: SelectionRule, level: float, draws: int,
         rng: np.random.Generator) -> dict[str, Any]:
    from .fitting.forms import get_form
    from .intervals import critical_value, fieller_ratio
    from .progress import _map_reciprocal

    form = get_form("polynomial")
    out: dict[str, Any] = {c: float("nan") for c in SENSITIVITY_COLUMNS}
    out.update(benchmark=bench, rule=rule.name, samples=_samples(rows), rows=len(rows),
               models=int(rows["training_run"].fillna(rows["model"]).nunique()) if len(rows) else 0,
               year_rows=0, with_compute_interval=0, level=level, note="")
    c = rows["training_compute_flops"].to_numpy(dtype=float)
    y = np.log10(rows["error"].to_numpy(dtype=float))
    groups = rows[rule.groups].to_numpy() if rule.groups else None
    n_groups = len(set(groups)) if groups is not None else 1
    lx = np.log10(c)
    if len(rows) < n_groups + 2 or np.ptp(lx) == 0:
        out["note"] = f"too few rows ({len(rows)}) to fit a slope"
        return out
    coef, cov, df = ols_fit(y, [lx], groups)
    b, vb = float(coef[0]), float(cov[0, 0])
    if not math.isfinite(b):
        out["note"] = "slope not identified"
        return out
    t = critical_value(level, df)
    se = math.sqrt(vb)
    lo, hi = form.exponent_interval(b - t * se, b + t * se, b)
    out.update(slope=b, slope_se=se, exponent=form.exponent(b), exponent_lower=lo, exponent_upper=hi)
    # year trend
    yr = pd.to_numeric(rows["year"], errors="coerce").to_numpy(dtype=float)
    has = np.isfinite(yr)
    out["year_rows"] = int(has.sum())
    gy = groups[has] if groups is not None else None
    ng = len(set(gy)) if gy is not None else 1
    if has.sum() >= ng + 3 and np.ptp(yr[has]) > 0 and np.ptp(lx[has]) > 0:
        cf, cv, dfy = ols_fit(y[has], [lx[has], yr[has]], gy)
        if np.all(np.isfinite(cf)):
            bb, gg = float(cf[0]), float(cf[1])
            ty = critical_value(level, dfy)
            rlo, rhi, _ = fieller_ratio(bb, gg, cv[0, 0], cv[0, 1], cv[1, 1], ty)
            r = gg / bb
            glo, ghi = _pow10(rlo), _pow10(rhi)
            mlo, mhi = _map_reciprocal(LOG10_2_MONTHS, rlo, rhi, r)
            out.update(gain_per_year=_pow10(r), gain_per_year_lower=glo, gain_per_year_upper=ghi,
                       halving_months=LOG10_2_MONTHS / r if r != 0 else math.inf,
                       halving_months_lower=mlo, halving_months_upper=mhi)
    else:
        out["note"] = "too few rows with a release date for the year trend"
    # compute uncertainty
    low = pd.to_numeric(rows["training_compute_low_flops"], errors="coerce").to_numpy(dtype=float)
    high = pd.to_numeric(rows["training_compute_high_flops"], errors="coerce").to_numpy(dtype=float)
    n_int = int(np.sum(np.isfinite(low) & np.isfinite(high)))
    out["with_compute_interval"] = n_int
    if n_int:
        xu = x_uncertainty(y, c, low, high, groups=groups, draws=draws, rng=rng, level=level)
        xlo, xhi = form.exponent_interval(xu["lower"], xu["upper"], xu["slope"])
        out.update(exponent_x=form.exponent(xu["slope"]), exponent_x_lower=xlo, exponent_x_upper=xhi)
    return out


def sensitivity(benchmarks: Sequence[str] | str | None = None, rules: Sequence[str] | None = None,
                *, data: pd.DataFrame | None = None, level: float = 0.95, draws: int = 200,
                seed: int = 0) -> SensitivityResult:
    """The implied exponent and gain per year under each selection rule, per benchmark.

    Parameters
    ----------
    benchmarks : str or list of str, optional
        Language-model benchmarks (default: every one with at least 10 models with training
        compute, except the composite index).
    rules : list of str, optional
        Names in :data:`SELECTION_RULES` (default: all).
    data : pandas.DataFrame, optional
        Records with the modern columns (default: the bundled ``modern.csv``, every row).
    level : float
        Confidence level.
    draws : int
        Draws of the compute-uncertainty simulation (:func:`x_uncertainty`).
    seed : int
        Seed of ``np.random.default_rng`` for the draws.

    Returns
    -------
    SensitivityResult

    Examples
    --------
    >>> s = sensitivity("mmlu", ["default", "sample:obsscaling"], draws=50)
    >>> row = s.get("mmlu", "default")
    >>> row["models"] > 200, bool(row["exponent_lower"] < row["exponent"] < row["exponent_upper"])
    (True, True)
    """
    from .benchmarks import get_benchmark, resolve_benchmark
    from .modern import load_modern

    if not (0 < float(level) < 1):
        raise InputError(f"confidence level must be in (0, 1); got {level!r}")
    if int(draws) < 2:
        raise InputError(f"draws must be at least 2; got {draws!r}")
    recs = load_modern(rule="all") if data is None else data
    if isinstance(benchmarks, str):
        benchmarks = [benchmarks]
    if benchmarks is None:
        benchmarks = default_benchmarks(recs)
    names = [SELECTION_RULES.get(r).name for r in (rules or SELECTION_RULES.names())]
    rng = np.random.default_rng(int(seed))
    rows = []
    for b in benchmarks:
        bench = resolve_benchmark(b)
        if get_benchmark(bench).group != "modern":
            raise InputError(f"'{bench}' is not a language-model benchmark; sensitivity needs "
                             "training compute (modern benchmarks: computelimits benchmarks)")
        d = recs[recs["benchmark"] == bench]
        for name in names:
            rule = SELECTION_RULES.get(name)
            rows.append(_one(select_rows(d, name), bench, rule, float(level), int(draws), rng))
    table = pd.DataFrame(rows, columns=list(SENSITIVITY_COLUMNS))
    empty = table[table["rows"] == 0]
    notes = tuple(f"no rows (left out): {', '.join(f'{b} / {r}' for b, r in zip(empty['benchmark'], empty['rule'], strict=True))}"
                  for _ in [0] if len(empty))
    table = table[table["rows"] > 0].reset_index(drop=True)
    return SensitivityResult(table=table, level=float(level), draws=int(draws), seed=int(seed),
                             notes=notes)


def default_benchmarks(records: pd.DataFrame | None = None, min_models: int = 10) -> list[str]:
    """Language-model benchmarks with an error rate and at least ``min_models`` models with
    training compute (default rule), registry order."""
    from .benchmarks import get_benchmark, list_benchmarks
    from .modern import load_modern

    recs = load_modern(rule="all") if records is None else records
    out = []
    for b in list_benchmarks("modern")["benchmark"]:
        if get_benchmark(b).error_rule != "complement":
            continue
        d = select_rows(recs[recs["benchmark"] == b], "default")
        if d["training_run"].nunique() >= min_models:
            out.append(b)
    return out
