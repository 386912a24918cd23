"""The result of a projection: an immutable value with tables, JSON and summaries."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import InputError
from ..presentation import Presentable
from .relation import LinearRelation

__all__ = ["Projection", "QUANTITIES", "REACH_WARNING_FACTOR"]


# --------------------------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------------------------

#: Quantities of a projection and their units: computation, then what each cost model gives.
QUANTITIES: dict[str, str] = {"flops": "FLOP", "energy_kwh": "kWh", "co2_kg": "kg CO2e",
                              "co2_lbs": "lbs CO2e", "usd": "USD"}
_COST_Q = ("energy_kwh", "co2_kg", "co2_lbs", "usd")
_CONTEXT_Q = ("flops", "energy_kwh", "co2_kg", "usd")
#: Past this factor beyond today's best model a projection carries a plain warning.
REACH_WARNING_FACTOR = 100.0


@dataclass(frozen=True, eq=False)
class Projection(Presentable):
    """Computation, energy, CO2 and dollars needed to reach target errors; an immutable value.

    Attributes
    ----------
    benchmark, form, x : str or None
        What was fitted (``form`` is the registry name of the model, e.g. ``"exponential"``:
        the paper's ``1/error`` model).
    anchor, interval : str
        Anchoring and interval method (:data:`computelimits.intervals.ANCHORINGS`,
        :data:`computelimits.intervals.INTERVALS`).
    level : float
        Confidence level of the intervals.
    cost_method : str or None
        Cost model (:data:`computelimits.costs.COST_MODELS`) or ``None``.
    relation : LinearRelation
    targets : tuple of float
    notes : tuple of str
    description : str
        The projection's arithmetic in words.
    cost_per_flop : CostEstimate or None
        The cost model evaluated at one FLOP, with its constants and citations; every cost model
        is linear in computation, so each cost is ``computation x`` this (computed in log10).
    warnings : tuple of str
        Plain warnings: targets more than :data:`REACH_WARNING_FACTOR` times today's best
        model's computation, unbounded intervals.
    alternatives : pandas.DataFrame or None
        The same targets under the other functional forms (see :meth:`other_forms`).
    data_max_flops : float or None
        The largest computation in the data the relation was fitted on.

    Use :meth:`to_frame` for the numbers, :meth:`to_dict` for JSON, :meth:`summary` for text,
    Markdown, LaTeX or HTML, :meth:`other_forms` for the other forms' answers and
    :attr:`backtest_coverage` for how often such intervals covered what happened.
    """

    benchmark: str | None
    form: str
    x: str | None
    anchor: str
    interval: str
    level: float
    cost_method: str | None
    relation: LinearRelation
    targets: tuple[float, ...]
    notes: tuple[str, ...]
    description: str
    _frame: Any = field(repr=False)
    cost_per_flop: Any = field(default=None, repr=False)
    warnings: tuple[str, ...] = ()
    alternatives: Any = field(default=None, repr=False)
    data_max_flops: float | None = None

    @property
    def today_error(self) -> float | None:
        return self.relation.today_error

    @property
    def today_flops(self) -> float | None:
        return self.relation.today_flops

    @property
    def equation(self) -> str:
        """The fitted model in words, e.g. ``"1/error = a + b log10(C)"``."""
        return str(self.relation.form.equation)

    def to_frame(self, include_today: bool = False, layout: str = "wide"):
        """The numbers, one vocabulary: every interval is ``ci_lower`` / ``ci_upper``.

        Parameters
        ----------
        include_today : bool
            Add today's best model as the first row (``row == "today"``).
        layout : {"wide", "long"}
            ``wide`` (one row per target): ``row`` (``today`` / ``target``), ``target`` (error
            fraction), ``ci_kind`` (``exact``, ``bounded``, ``unbounded``, ``unbounded-above``,
            ``unreachable``, ``unavailable``), ``factor_vs_today`` (computation / today's best
            model's) and ``log10_factor_vs_today``; then for each quantity ``q`` of :data:`QUANTITIES` that was computed
            (``flops``; with a cost model ``energy_kwh``, ``co2_kg``, ``co2_lbs``, ``usd``):
            ``q``, ``q_ci_lower``, ``q_ci_upper``, ``log10_q``, ``log10_q_ci_lower``,
            ``log10_q_ci_upper`` (the log10 columns are exact where a value overflows floating
            point and shows as ``inf``). Cost intervals combine the fit's interval with the
            ranges of the cost constants. ``long`` (tidy, one row per target and quantity):
            ``row``, ``target``, ``quantity``, ``unit``, ``value``, ``ci_lower``, ``ci_upper``,
            ``log10_value``, ``log10_ci_lower``, ``log10_ci_upper``, ``ci_kind``.
        """
        import pandas as pd

        df = self._frame.copy()
        if not include_today:
            df = df[df["row"] != "today"].reset_index(drop=True)
        lay = str(layout).lower()
        if lay == "wide":
            return df
        if lay != "long":
            raise InputError(f"layout must be 'wide' or 'long'; got {layout!r}")
        parts = []
        for q, unit in QUANTITIES.items():
            if q not in df.columns:
                continue
            parts.append(pd.DataFrame({
                "row": df["row"], "target": df["target"], "quantity": q, "unit": unit,
                "value": df[q], "ci_lower": df[f"{q}_ci_lower"], "ci_upper": df[f"{q}_ci_upper"],
                "log10_value": df[f"log10_{q}"], "log10_ci_lower": df[f"log10_{q}_ci_lower"],
                "log10_ci_upper": df[f"log10_{q}_ci_upper"], "ci_kind": df["ci_kind"]}))
        return pd.concat(parts, ignore_index=True)

    def other_forms(self):
        """The same targets under the other functional forms, beside this one.

        Columns: ``form``, ``equation``, ``chosen`` (this projection's form), ``target``,
        ``log10_flops``, ``log10_flops_ci_lower``, ``log10_flops_ci_upper``, ``ci_kind``,
        ``interval``, ``orders_from_chosen`` (log10 of the ratio to this form's answer) and
        ``note`` (why a form has no answer). Empty when no alternative was computed.
        """
        import pandas as pd

        if self.alternatives is None:
            return pd.DataFrame(columns=["form", "equation", "chosen", "target", "log10_flops",
                                         "log10_flops_ci_lower", "log10_flops_ci_upper",
                                         "ci_kind", "interval", "orders_from_chosen", "note"])
        return self.alternatives.copy()

    def context(self):
        """Each target's computation, energy, CO2 and cost beside values a reader knows.

        The reference values of :func:`computelimits.cost_context.load_cost_context` (world GDP,
        world electricity demand and power-sector CO2 in a year, the largest and the most
        expensive training run in Epoch AI's data), each with its source and year; a value is
        compared with a reference when it reaches at least 1/10,000 of it.

        Returns
        -------
        pandas.DataFrame
            ``target``, ``quantity`` (``flops``, ``energy_kwh``, ``co2_kg``, ``usd``), ``key``,
            ``label``, ``year``, ``short_source``, ``source``, ``url``, ``reference`` (the
            reference value), ``log10_ratio`` (log10 of the projected value over it).
        """
        import pandas as pd

        from ..cost_context import cost_context

        rows = []
        for r in self.to_frame().to_dict("records"):
            for q in _CONTEXT_Q:
                if f"log10_{q}" in r:
                    rows += [dict(target=r["target"], quantity=q, **c)
                             for c in cost_context(q, float(r[f"log10_{q}"]))]
        cols = ["target", "quantity", "key", "label", "year", "short_source", "source", "url",
                "reference", "log10_ratio"]
        return pd.DataFrame(rows).reindex(columns=cols)

    @cached_property
    def backtest_coverage(self) -> dict[str, Any]:
        """How often intervals of this kind covered what happened, measured by a backtest.

        A rolling-origin backtest (:func:`computelimits.backtest.backtest`) of the variant with
        this projection's form, anchoring, year trend and estimator, on the data the
        relation was fitted on (the bundled dataset for published coefficients), at this
        projection's level and interval method: ``coverage`` is the share of the computations
        actually used to reach new best errors (the frontier) inside the forecast interval,
        out of ``n``. ``available`` is ``False`` (with a ``reason``) where it cannot be measured.
        Computed on first use and kept.
        """
        from ..backtest import VARIANTS, backtest, backtest_arrays
        from ..errors import ComputeLimitsError

        rel = self.relation
        has_year = rel.year is not None
        match = [n for n in VARIANTS.names() if (VARIANTS.get(n).form == rel.form.name
                 and VARIANTS.get(n).anchor == self.anchor and VARIANTS.get(n).year == has_year
                 and VARIANTS.get(n).quantile == rel.quantile)]
        out: dict[str, Any] = dict(available=False, variant=None, level=self.level,
                                   interval=self.interval, benchmark=self.benchmark, x=self.x)
        if not match:
            what = "" if rel.quantile is None else f" fitted at the {rel.quantile:g} quantile"
            out["reason"] = f"the backtest has no variant for the {rel.form.name} form{what}"
            return out
        v = match[0]
        out["variant"] = v
        rng = np.random.default_rng(0)
        try:
            if rel.data is not None and {"log10_x", "error", "year"} <= set(rel.data.columns):
                d = rel.data
                ok = np.isfinite(d["year"].astype(float)).to_numpy()
                forecasts, _, _ = backtest_arrays(
                    d["log10_x"].to_numpy(dtype=float)[ok], d["error"].to_numpy(dtype=float)[ok],
                    d["year"].to_numpy(dtype=float)[ok], variants=[v], levels=(self.level,),
                    interval=self.interval, rng=rng, x_scale=rel.x_scale)
                out["data"] = "the rows of the fit"
            else:
                forecasts = backtest(benchmark=rel.benchmark, x=rel.x or "burden", variants=[v],
                                     levels=(self.level,), interval=self.interval,
                                     seed=0).forecasts
                out["data"] = "the bundled dataset"
        except ComputeLimitsError as exc:
            out["reason"] = str(exc)
            return out
        from ..backtest import level_key

        fr = forecasts[forecasts["record"]]
        cov = fr[f"needed_covered{level_key(self.level)}"].dropna()
        if cov.empty:
            out["reason"] = (f"{v} has no {self.interval} intervals to score (a quantile fit has no "
                             "analytic prediction interval)" if len(fr) else
                             "no new best model after any cut-off to score")
            return out
        out.update(available=True, coverage=float(cov.astype(float).mean()), n=int(len(cov)),
                   cutoffs=sorted(int(c) for c in set(forecasts["cutoff"])))
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: settings, today's model, one entry per target, reach and other forms.

        Each target has ``target``, ``flops``, ``flops_ci`` ([lower, upper]), ``log10_flops``,
        ``log10_flops_ci``, ``ci_kind``, ``factor_vs_today`` and, with a cost model, for each of
        ``energy_kwh``, ``co2_kg``, ``co2_lbs``, ``usd``: the value, ``<q>_ci`` and
        ``<q>_range`` (the range of the cost constants at the point computation); infinite
        bounds become ``null`` in JSON. Also ``warnings``, ``other_forms`` (records of
        :meth:`other_forms`) and ``backtest_coverage``.
        """
        rows = []
        unit = self.cost_per_flop
        for r in self._frame.to_dict("records"):
            d = dict(row=r["row"], target=r["target"], flops=r["flops"],
                     flops_ci=[r["flops_ci_lower"], r["flops_ci_upper"]],
                     log10_flops=r["log10_flops"],
                     log10_flops_ci=[r["log10_flops_ci_lower"], r["log10_flops_ci_upper"]],
                     ci_kind=r["ci_kind"], factor_vs_today=r["factor_vs_today"],
                     log10_factor_vs_today=r["log10_factor_vs_today"])
            for q in _COST_Q:
                if q in r:
                    d[q] = r[q]
                    d[f"{q}_ci"] = [r[f"{q}_ci_lower"], r[f"{q}_ci_upper"]]
                    d[f"{q}_range"] = [r["flops"] * float(getattr(unit, q + "_low")),
                                       r["flops"] * float(getattr(unit, q + "_high"))]
            d.update(form=self.form, anchor=self.anchor)
            rows.append(d)
        today = rows[0] if rows and rows[0]["row"] == "today" else None
        return dict(
            benchmark=self.benchmark, form=self.form, equation=self.equation, x=self.x,
            anchor=self.anchor, interval=self.interval, level=self.level,
            cost_method=self.cost_method,
            today=dict(error=self.today_error, flops=self.today_flops,
                       model=self.relation.today_model, row=today),
            data_max_flops=self.data_max_flops,
            slope=self.relation.slope, slope_se=math.sqrt(self.relation.cov[1, 1]),
            intercept=self.relation.intercept, x_unit=self.relation.x_unit,
            description=self.description,
            targets=[r for r in rows if r["row"] == "target"],
            warnings=list(self.warnings),
            other_forms=self.other_forms().to_dict("records"),
            context=self.context().to_dict("records"),
            backtest_coverage=self.backtest_coverage,
            cost_constants=None if self.cost_per_flop is None else
            {k: dict(v) for k, v in self.cost_per_flop.constants.items()},
            notes=list(self.notes))

    def summary(self, fmt: str = "text") -> str:
        """A table of today and each target (computation, energy, CO2, dollars, with intervals),
        then the warnings, the other forms' answers, the values in context (:meth:`context`) and
        the backtest's measured coverage.

        Parameters
        ----------
        fmt : {"text", "markdown", "latex", "html"}
        """
        from .render import render_rows

        return render_rows(self.to_frame(include_today=True), fmt=fmt, title=self._title(),
                           notes=self._notes())

    def _title(self) -> str:
        return (f"Projection: {self.benchmark or 'custom relation'}, {self.form} form "
                f"({self.equation}), {self.anchor} anchoring, {self.interval} {self.level:.0%} "
                "intervals" + (f", costs: {self.cost_method}" if self.cost_method else ""))

    def _notes(self) -> list[str]:
        return [*(f"WARNING: {w}" for w in self.warnings), self.description,
                *self._reach_lines(), *self.notes]

    def _summary_blocks(self) -> list:
        from .render import projection_table

        return [projection_table(self.to_frame(include_today=True), self._title(),
                                 self._notes())]

    def _reach_lines(self) -> list[str]:
        lines = []
        alt = self.other_forms()
        if len(alt):
            for t, g in alt.groupby("target", sort=False):
                parts = [f"{r['form']} {_pow10_text(r['log10_flops'] - 9.0)}"
                         + ("" if r["chosen"] else f" ({_orders(r['orders_from_chosen'])})")
                         for r in g.to_dict("records") if math.isfinite(r["log10_flops"])
                         or r["chosen"]]
                lines.append(f"Other functional forms, target {100 * t:.4g}%: "
                             + "; ".join(parts) + " GFLOPs (each form's own fit, same "
                             "anchoring).")
        from ..cost_context import describe_in_context

        words = {"flops": "computation", "energy_kwh": "energy", "co2_kg": "CO2",
                 "usd": "cost"}
        for r in self.to_frame().to_dict("records"):
            parts = [f"{words[q]} = {t}" for q in _CONTEXT_Q if f"log10_{q}" in r
                     for t in describe_in_context(q, float(r[f"log10_{q}"]))]
            if parts:
                lines.append(f"In context, target {100 * r['target']:.4g}%: "
                             + "; ".join(parts) + ".")
        cov = self.backtest_coverage
        if cov.get("available"):
            lines.append(
                f"Backtest ({cov['variant']}, {cov['data']}, cut-offs "
                f"{cov['cutoffs'][0]}-{cov['cutoffs'][-1]}): {self.level:.0%} {self.interval} "
                f"intervals for the computation needed covered {cov['coverage']:.0%} of "
                f"{cov['n']} new best models.")
        else:
            lines.append(f"Backtest coverage not measured: {cov.get('reason')}.")
        return lines

    def __repr__(self) -> str:
        return (f"Projection(benchmark={self.benchmark!r}, form={self.form!r}, "
                f"anchor={self.anchor!r}, interval={self.interval!r}, level={self.level!r}, "
                f"targets={list(self.targets)!r}, cost_method={self.cost_method!r})")


def _pow10_text(u: float) -> str:
    return "n/a" if not math.isfinite(u) else f"10^{u:.1f}"


def _orders(d: float) -> str:
    if not math.isfinite(d):
        return "n/a"
    return f"{abs(d):.1f} orders of magnitude {'more' if d > 0 else 'less'}"


def _safe_pow10(u: np.ndarray, scale: float) -> np.ndarray:
    with np.errstate(over="ignore"):
        return scale * np.power(10.0, u)

