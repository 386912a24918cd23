"""Figure 4 of the paper: computation, CO2 and dollars to reach target error rates.

Figure 4 extrapolates, for five benchmarks, the hardware-burden regressions of Tables 3
(polynomial: ``log10(error) = a + b log10(C)``) and 4 (exponential: on the ``1/error`` scale,
``1/error = a + b log10(C)``, the ``exponential`` form) from today's best model to two
targets, and converts the computation (in GFLOPs) to CO2 (lbs) and dollars with Strubell et al.'s
conversions. :func:`figure4_table` rebuilds it, with an interval on every cell, either from the
paper's own coefficients (``source="paper"``) or from fits to a dataset (``source="data"``), and
renders it as CSV, Markdown or LaTeX. :func:`figure4_comparison` sets each reproduced cell beside
the printed one.

The arithmetic of a cell (``paper`` anchoring), with ``f`` the form's transform::

    log10 C_target = log10 C_today + (f(e_target) - f(e_today)) / b
    log10 CO2      = log10 C_target + log10(lbs per GFLOP)      (8.5e-9 lbs/GFLOP)
    log10 USD      = log10 C_target + log10(USD per GFLOP)      ($1.3e-8 - $4.4e-8 per GFLOP)

e.g. ImageNet, polynomial: 14 + (log10 0.05 - log10 0.115) / -0.07 = 19.2 (printed 10^19);
exponential: 14 + (1/0.05 - 1/0.115) / 0.87 = 27.0 (printed 10^27).

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 3.3,
Figure 4, Tables 3 and 4; Strubell, Ganesh, McCallum (2019), arXiv:1906.02243, Table 3.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .benchmarks import FIGURE4_BENCHMARKS  # Figure 4's benchmarks (defined once, there)
from .errors import InputError
from .presentation import Presentable
from .projection.render import (
    _check_fmt,
    _interval,
    _pct,
    _pow,
    _table,
    render_rows,
)

__all__ = [
    "FIGURE4_BENCHMARKS",
    "FIGURE4_COLUMNS",
    "Figure4Table",
    "figure4_table",
    "figure4_comparison",
    "paper_relation",
    "paper_targets",
    "render_rows",
]

#: Figure 4's two column groups -> (table with the coefficients, functional form).
FIGURE4_COLUMNS: Mapping[str, tuple[str, str]] = {
    "polynomial": ("Table 3", "polynomial"),
    "exponential": ("Table 4", "exponential"),
}
_ROWS = ("today", "target1", "target2")
_Q = ("log10_gflops", "log10_co2_lbs", "log10_usd")


@cache
def _paper_index() -> dict[tuple[str, str, str, str], tuple[float, int]]:
    """The rows of the paper reference table Figure 4 needs, keyed for fast lookup."""
    from .reference import load_paper_values

    out: dict[tuple[str, str, str, str], tuple[float, int]] = {}
    for src in ("Figure 4", *sorted({t for t, _ in FIGURE4_COLUMNS.values()})):
        for r in load_paper_values(src).itertuples(index=False):
            key = (src.lower(), str(r.item).lower(), str(r.quantity), str(r.column))
            if key in out:
                raise KeyError(f"duplicate reference row {key}")
            out[key] = (float(r.value), int(r.digits))
    return out


def _pv(source: str, quantity: str, item: str, column: str | None = None) -> tuple[float, int]:
    """``(value, digits)`` printed in the paper (see :mod:`computelimits.reference`)."""
    idx = _paper_index()
    hits = [v for (s, i, q, c), v in idx.items()
            if s == source.lower() and i == item and q == quantity
            and (column is None or c == column)]
    if len(hits) != 1:
        raise KeyError(f"{len(hits)} reference rows for {source!r}, {quantity!r}, {item!r}, "
                       f"{column!r}")
    return hits[0]


def _column(column: str) -> tuple[str, str]:
    try:
        return FIGURE4_COLUMNS[str(column).lower()]
    except KeyError:
        raise InputError(f"Figure 4 column must be one of {', '.join(FIGURE4_COLUMNS)}; "
                         f"got {column!r}") from None


def _bench(benchmark: str) -> str:
    from .benchmarks import resolve_benchmark

    b = resolve_benchmark(benchmark)
    if b not in FIGURE4_BENCHMARKS:
        raise InputError(f"{b} is not in Figure 4 (it has {', '.join(FIGURE4_BENCHMARKS)})")
    return b


def paper_targets(benchmark: str) -> tuple[float, float, float]:
    """Figure 4's today error and two targets for a benchmark, as fractions.

    Examples
    --------
    >>> paper_targets("imagenet")
    (0.115, 0.05, 0.01)
    """
    b = _bench(benchmark)
    return tuple(round(_pv("Figure 4", f"{r}_error_pct", b)[0] / 100.0, 10)
                 for r in ("today", "target1", "target2"))


def paper_relation(benchmark: str, column: str = "polynomial"):
    """The paper's fitted relation for Figure 4: Table 3 (polynomial) or Table 4 (exponential).

    Coefficients, standard errors and residual degrees of freedom as printed; today's error and
    computation (10^k GFLOPs) from Figure 4's "Today" row (each column group prints its own).
    The covariance of intercept and slope is not printed, so only the ``paper`` anchoring has an
    interval.
    """
    from .projection import relation_from_coefficients

    b = _bench(benchmark)
    table, form = _column(column)
    const = _pv(table, "const", b)[0]
    slope = _pv(table, "slope", b)[0]
    today_e = paper_targets(b)[0]
    today_u = _pv("Figure 4", "today_log10_gflops", b, column=str(column).lower())[0]
    return relation_from_coefficients(
        const, slope, form=form, slope_se=_pv(table, "slope_se", b)[0],
        intercept_se=_pv(table, "const_se", b)[0], df_resid=_pv(table, "resid_df", b)[0],
        x_unit="GFLOP", x="burden", benchmark=b, today_error=today_e,
        today_flops=10.0 ** today_u * 1e9,
        source=f"Thompson et al. {table} ({form}); today from Figure 4")


# --------------------------------------------------------------------------------------------
# the table
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Figure4Table(Presentable):
    """Figure 4 rebuilt: one row per benchmark x column (polynomial / exponential) x row.

    Columns of :meth:`to_frame`: ``benchmark``, ``column``, ``form``, ``row`` (``today``,
    ``target1`` ...), ``error``, ``log10_gflops`` with ``_ci_lower``/``_ci_upper``, ``ci_kind``,
    ``log10_factor_vs_today`` (log10 of the computation over today's best model's),
    ``log10_co2_lbs`` and ``log10_usd`` with ``_ci_lower``/``_ci_upper``, the paper's printed
    powers ``paper_log10_gflops``, ``paper_log10_co2_lbs``, ``paper_log10_usd`` (NaN where the
    paper has no such cell), and ``source``, ``anchor``, ``interval``, ``level``,
    ``cost_method``.
    """

    source: str
    anchor: str
    interval: str
    level: float
    cost_method: str | None
    notes: tuple[str, ...]
    _frame: Any = field(repr=False)
    projections: tuple = field(default=(), repr=False)

    def to_frame(self):
        """The long table (a fresh copy)."""
        return self._frame.copy()

    def to_csv(self, path: str | Path | None = None, force: bool = False) -> str:
        """CSV text at full precision; written atomically to ``path`` when given."""
        from .escaping import csv_text

        text = csv_text(self._frame)
        if path is not None:
            from .io import atomic_write_text, check_writable

            atomic_write_text(check_writable(path, force=force), text)
        return text

    def _cells(self, fmt: str, intervals: bool, paper: bool) -> tuple[str, list[str], list]:
        """Title, header and body of the table, number cells written for ``fmt``."""
        from .benchmarks import get_benchmark
        from .intervals import ANCHORINGS

        df = self._frame
        exact = ANCHORINGS.get(self.anchor).exact_at_anchor
        cols = list(dict.fromkeys(df["column"]))
        qlabel = {"log10_gflops": "Computation (GFLOPs)", "log10_co2_lbs": "CO2 (lbs)",
                  "log10_usd": "Cost (USD)"}
        header = ["Benchmark", "Error rate"] + [f"{c.capitalize()}: {qlabel[q]}"
                                                 for c in cols for q in _Q]
        body = []
        for (b, row), g in df.groupby(["benchmark", "row"], sort=False):
            e = float(g["error"].iloc[0])
            label = ("Today" if row == "today" else row.replace("target", "Target ")) + \
                f": {_pct(e)}"
            cells = [get_benchmark(b).name if row == "today" else "", label]
            for c in cols:
                r = g[g["column"] == c]
                for q in _Q:
                    if r.empty:
                        cells.append("")
                        continue
                    r0 = r.iloc[0]
                    s = _pow(r0[q], fmt)
                    # the anchor row of an exact anchoring has no interval to show
                    if intervals and (r0["row"] != "today" or not exact):
                        s += " " + _interval(r0[f"{q}_ci_lower"], r0[f"{q}_ci_upper"], fmt)
                    if paper and f"paper_{q}" in r0 and np.isfinite(r0[f"paper_{q}"]):
                        s += f" (paper {_pow(r0[f'paper_{q}'], fmt, digits=0)})"
                    cells.append(s)
            body.append(cells)
        title = (f"Figure 4 ({self.source} coefficients, {self.anchor} anchoring, "
                 f"{self.interval} {self.level:.0%} intervals"
                 + (f", costs: {self.cost_method}" if self.cost_method else "") + ")")
        return title, header, body

    def _summary_blocks(self, intervals: bool = True, paper: bool = True) -> list:
        from .presentation import Markup, Table

        title, header, text = self._cells("text", intervals, paper)
        html, latex = (self._cells(f, intervals, paper)[2] for f in ("html", "latex"))
        body = [[Markup(t, html=h, latex=x) for t, h, x in zip(rt, rh, rx, strict=True)]
                for rt, rh, rx in zip(text, html, latex, strict=True)]
        return [Table(title=title, headers=[[(h, 1) for h in header]], body=body,
                      notes=list(self.notes), align="ll" + "r" * (len(header) - 2))]

    def _render(self, fmt: str, intervals: bool = True, paper: bool = True) -> str:
        fmt = _check_fmt(fmt)
        if fmt == "markdown":  # Markdown is not one of the protocol's formats: its own layout
            title, header, body = self._cells(fmt, intervals, paper)
            return _table(fmt, title, header, body, list(self.notes))
        return super()._render(fmt, intervals=intervals, paper=paper)

    def to_markdown(self, intervals: bool = True, paper: bool = True) -> str:
        """Markdown table in the paper's layout (``10^x``; intervals and printed values)."""
        return self._render("markdown", intervals, paper)

    def to_latex(self, intervals: bool = True, paper: bool = True) -> str:
        """LaTeX ``tabular`` (booktabs) in the paper's layout."""
        return self._render("latex", intervals, paper)

    def to_text(self, intervals: bool = True, paper: bool = True) -> str:
        """Plain-text table."""
        return self._render("text", intervals, paper)

    def to_html(self, intervals: bool = True, paper: bool = True) -> str:
        """HTML table."""
        return self._render("html", intervals, paper)

    def summary(self, fmt: str = "text") -> str:
        """The table in ``fmt`` (``text``, ``markdown``, ``latex``, ``html``)."""
        return self._render(fmt)


def _parse_targets(targets, b: str) -> list[float]:
    if targets is None:
        return list(paper_targets(b)[1:])
    if isinstance(targets, Mapping):
        t = targets.get(b)
        if t is None:
            return list(paper_targets(b)[1:])
        targets = t
    if isinstance(targets, (str, float, int)):
        targets = [targets]
    return list(targets)


def figure4_table(source: str = "paper", *, benchmarks: Sequence[str] | None = None,
                  targets: Any = None, columns: Sequence[str] = ("polynomial", "exponential"),
                  anchor: str = "paper", interval: str = "fieller", level: float = 0.95,
                  cost: str | None = "strubell2019", data=None, bootstrap: int = 0,
                  seed: int | None = None, **cost_overrides: Any) -> Figure4Table:
    """Rebuild Figure 4: per benchmark x target, computation, CO2 and dollars for both forms.

    Parameters
    ----------
    source : {"paper", "data"}
        ``paper``: the coefficients of Tables 3 and 4 and Figure 4's "Today" rows (a
        reproduction of the printed figure). ``data``: fit hardware burden on ``data`` (the
        bundled dataset when ``None``) with :func:`computelimits.fitting.fit`; today = the best
        error in the data.
    benchmarks : sequence of str, optional
        Default: the five of Figure 4 (for ``data``, those with enough rows).
    targets : sequence or mapping, optional
        Target errors for every benchmark, or ``{benchmark: targets}``; default Figure 4's.
    columns : sequence of str
        ``"polynomial"`` (Table 3's form) and/or ``"exponential"`` (Table 4's ``1/error``).
    anchor, interval, level, cost, **cost_overrides
        As in :func:`computelimits.projection.project`; the ``regression`` anchoring needs
        ``source="data"`` (the paper prints no covariances).
    bootstrap, seed : int
        Bootstrap draws for ``interval="bootstrap"`` with ``source="data"``.

    Returns
    -------
    Figure4Table
    """
    import pandas as pd

    from .projection import parse_target, project

    src = str(source).lower()
    if src not in ("paper", "data"):
        raise InputError(f"source must be 'paper' or 'data'; got {source!r}")
    benches = [_bench(b) for b in (benchmarks or FIGURE4_BENCHMARKS)]
    frames, projections, notes = [], [], []
    for b in benches:
        for col in columns:
            table, form = _column(col)
            if src == "paper":
                rel = paper_relation(b, col)
            else:
                from .fitting import fit
                from .projection import relation_from_fit

                try:
                    res = fit(data, benchmark=b, x="burden", form=form, bootstrap=bootstrap,
                              seed=seed)
                except InputError as exc:
                    notes.append(f"{b} {col}: not fitted ({exc})")
                    continue
                rel = relation_from_fit(res)
            tg = [parse_target(t) for t in _parse_targets(targets, b)]
            if src == "data":
                reached = [t for t in tg if t >= rel.today_error]
                if reached:
                    notes.append(f"{b}: the data's best error {rel.today_error:.4g} is already at "
                                 f"or below {', '.join(f'{t:.4g}' for t in reached)}; not "
                                 "projected")
                tg = [t for t in tg if t < rel.today_error]
                if not tg:
                    continue
            p = project(rel, tg, anchor=anchor, interval=interval, level=level, cost=cost,
                        **cost_overrides)
            projections.append(p)
            f = p.to_frame(include_today=True)
            out = pd.DataFrame({
                "benchmark": b, "column": str(col).lower(), "form": form,
                "row": ["today"] + [f"target{i}" for i in range(1, len(f))],
                "error": f["target"].to_numpy(),
                "log10_gflops": f["log10_flops"].to_numpy() - 9.0,
                "log10_gflops_ci_lower": f["log10_flops_ci_lower"].to_numpy() - 9.0,
                "log10_gflops_ci_upper": f["log10_flops_ci_upper"].to_numpy() - 9.0,
                "ci_kind": f["ci_kind"].to_numpy(),
                "log10_factor_vs_today": f["log10_factor_vs_today"].to_numpy(),
            })
            for q in ("log10_co2_lbs", "log10_usd"):
                for suf in ("", "_ci_lower", "_ci_upper"):
                    out[q + suf] = f[q + suf].to_numpy() if q + suf in f else np.nan
            for q in _Q:
                out[f"paper_{q}"] = [_paper_cell(b, col, r, q, e) for r, e in
                                     zip(out["row"], out["error"], strict=True)]
            frames.append(out)
            notes.extend(f"{b} {col}: {n}" for n in p.notes)
    if not frames:
        raise InputError("nothing to tabulate: " + "; ".join(notes))
    frame = pd.concat(frames, ignore_index=True)
    reach = frame.loc[frame["row"] != "today", "log10_factor_vs_today"].to_numpy(dtype=float)
    reach = reach[np.isfinite(reach)]
    if reach.size:
        from .projection import REACH_WARNING_FACTOR

        far = int(np.sum(reach > math.log10(REACH_WARNING_FACTOR)))
        notes.insert(0, f"Reach: the targets need 10^{reach.min():.1f} to 10^{reach.max():.1f} "
                        f"times the computation of today's best model; {far} of {reach.size} are "
                        f"over {REACH_WARNING_FACTOR:g}x, extrapolations far past anything "
                        "observed.")
    frame["source"] = src
    frame["anchor"] = anchor
    frame["interval"] = interval
    frame["level"] = float(level)
    frame["cost_method"] = projections[0].cost_method
    return Figure4Table(source=src, anchor=anchor, interval=interval, level=float(level),
                        cost_method=projections[0].cost_method,
                        notes=tuple(dict.fromkeys(notes)), _frame=frame,
                        projections=tuple(projections))


def _paper_cell(b: str, col: str, row: str, q: str, error: float) -> float:
    """The printed power for a cell, NaN when the paper has none (e.g. other targets)."""
    t = paper_targets(b)
    idx = {"today": 0, "target1": 1, "target2": 2}.get(row)
    if idx is None or abs(t[idx] - error) > 1e-12:
        # a custom target: match it to a printed one by value
        matches = [i for i, v in enumerate(t) if abs(v - error) < 1e-12]
        if not matches:
            return float("nan")
        idx = matches[0]
    try:
        return _pv("Figure 4", f"{_ROWS[idx]}_{q}", b, column=str(col).lower())[0]
    except KeyError:
        return float("nan")


# --------------------------------------------------------------------------------------------
# comparison with the printed figure
# --------------------------------------------------------------------------------------------

def figure4_comparison(cost_overrides: Mapping[str, Any] | None = None):
    """Each Figure 4 cell reproduced from the paper's coefficients, beside the printed power.

    The paper prints coefficients to two decimals and every cell as a rounded power of ten, so
    the exact inputs are unknown. For each cell this gives the range of the reproduced exponent
    when the inputs vary within their printed rounding: the slope within half a unit of its last
    printed digit (e.g. -0.07 -> [-0.075, -0.065]), today's computation within +/-0.5 of its
    printed power, today's error within half a unit of its last digit; CO2 and dollar cells add
    the range of Strubell et al.'s conversion factors. The printed value is *consistent* when
    it lies in that range widened by 0.5 (its own rounding to an integer power).

    Returns
    -------
    pandas.DataFrame
        One row per cell: ``benchmark``, ``column``, ``row``, ``error``, ``quantity``, ``ours``
        (point exponent), ``paper``, ``diff`` (paper - ours), ``band_lower``, ``band_upper``,
        ``consistent``, ``within_one_order`` (``|diff| <= 1``).
    """
    import pandas as pd

    from .costs import strubell2019_per_gflop
    from .fitting.forms import get_form

    fac = strubell2019_per_gflop(**dict(cost_overrides or {}))
    lf = {q: tuple(math.log10(v) for v in fac[k]) for q, k in
          (("log10_co2_lbs", "co2_lbs"), ("log10_usd", "usd"))}
    rows = []
    for b in FIGURE4_BENCHMARKS:
        e = paper_targets(b)
        e_dig = int(_pv("Figure 4", "today_error_pct", b)[1])
        h_e = 0.5 * 10.0 ** (-e_dig) / 100.0
        for col, (table, form) in FIGURE4_COLUMNS.items():
            spec = get_form(form)
            slope, s_dig = _pv(table, "slope", b)
            h_b = 0.5 * 10.0 ** (-s_dig)
            T = _pv("Figure 4", "today_log10_gflops", b, column=col)[0]
            for i, row in enumerate(_ROWS):
                if i == 0:
                    point, lo, hi = T, T - 0.5, T + 0.5
                else:
                    y_target = spec.transform(e[i])

                    def expo(bb, tt, et, y_target=y_target, spec=spec):
                        return tt + (y_target - spec.transform(et)) / bb

                    point = expo(slope, T, e[0])
                    corners = [expo(bb, tt, et) for bb, tt, et in itertools.product(
                        (slope - h_b, slope + h_b), (T - 0.5, T + 0.5), (e[0] - h_e, e[0] + h_e))]
                    lo, hi = min(corners), max(corners)
                for q in _Q:
                    if q == "log10_gflops":
                        ours, blo, bhi = point, lo, hi
                    else:
                        v, flo, fhi = lf[q]
                        ours, blo, bhi = point + v, lo + flo, hi + fhi
                    paper = _pv("Figure 4", f"{row}_{q}", b, column=col)[0]
                    rows.append(dict(benchmark=b, column=col, row=row, error=e[i], quantity=q,
                                     ours=ours, paper=paper, diff=paper - ours, band_lower=blo,
                                     band_upper=bhi,
                                     consistent=bool(blo - 0.5 <= paper <= bhi + 0.5),
                                     within_one_order=bool(abs(paper - ours) <= 1.0)))
    return pd.DataFrame(rows)
