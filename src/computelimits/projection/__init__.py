"""Inverse prediction: the computation needed to reach a target error, with intervals and costs.

The paper extrapolates each fitted relation ``y = a + b log10(C)`` (``y`` the transformed error)
to ask how much computation a target error would need, and converts the answer to CO2 and dollars
(section 3.3, Figure 4). This module does that with an interval on every number, and says how
far each projection reaches: the factor beyond today's best model (with a plain warning past
:data:`REACH_WARNING_FACTOR`), the other functional forms' answers, and how often intervals of the
same kind covered what happened in a backtest.

Anchorings (:data:`computelimits.intervals.ANCHORINGS`)
-------------------------------------------------------
``paper``
    Figure 4's arithmetic: start from today's best model (the lowest error in the data, with its
    computation) and move along the fitted slope,
    ``log10 C* = log10 C_today + (y* - y_today) / b``. Only the slope is uncertain, so the
    interval comes from ``b``'s uncertainty alone.
``regression``
    The plain regression line: ``log10 C* = (y* - a) / b``, uncertain through ``a`` and ``b``.

Intervals (:data:`computelimits.intervals.INTERVALS`)
-----------------------------------------------------
``fieller`` (default, also of the CLI and the report)
    Fieller-type inversion of the fitted relation: the set of ``u = log10 C`` with
    ``(y* - line(u))^2 <= t^2 Var(line(u))``. When the slope is not significantly different from
    zero at the chosen level the set is unbounded (the whole axis, or two rays); it is then
    reported as unbounded (``ci_kind = "unbounded"``), never as a finite number.
``bootstrap``
    Percentiles of ``u*`` over the fit's pairs-bootstrap draws of ``(a, b)``; a draw whose slope
    says more computation does not help makes the target unreachable (``u* = +inf``).

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 3.3 and
Figure 4. Fieller, E. C. (1954), "Some problems in interval estimation", JRSS B 16(2), 175-185;
Draper & Smith, *Applied Regression Analysis* (3rd ed.), section 3.2 (inverse prediction).
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..errors import InputError
from ..fitting.forms import get_x
from ..intervals import ANCHORINGS, DEFAULT_INTERVAL, get_interval
from .reach import other_forms, reach_warnings
from .relation import (
    CI_KINDS,
    LinearRelation,
    _check_error,
    anchored,
    line_band,
    parse_target,
    relation_from_coefficients,
    relation_from_fit,
)
from .result import _COST_Q, QUANTITIES, REACH_WARNING_FACTOR, Projection, _safe_pow10

__all__ = [
    "LinearRelation",
    "Projection",
    "QUANTITIES",
    "REACH_WARNING_FACTOR",
    "CI_KINDS",
    "project",
    "relation_from_fit",
    "relation_from_coefficients",
    "anchored",
    "line_band",
    "parse_target",
]


def project(result, targets: float | Sequence[Any], *, anchor: str = "paper",
            interval: str = DEFAULT_INTERVAL, level: float = 0.95,
            cost: str | None = "strubell2019", year: float | None = None,
            today_error: float | None = None, today_flops: float | None = None,
            alternatives: bool | Mapping[str, Any] = True, **cost_overrides: Any) -> Projection:
    """Computation (and energy, CO2, dollars) needed to reach each target error, with intervals.

    Parameters
    ----------
    result : FitResult or LinearRelation
        A degree-1 fit (:func:`computelimits.fitting.fit`) or a relation built from published
        coefficients (:func:`relation_from_coefficients`).
    targets : float, str or sequence
        Target error rates in (0, 1), below today's best error (``0.05`` or ``"5%"``).
    anchor : {"paper", "regression"}
        See :data:`computelimits.intervals.ANCHORINGS`.
    interval : {"fieller", "bootstrap"}
        See :data:`computelimits.intervals.INTERVALS` (default ``"fieller"``, the default of
        every command and of the report); ``bootstrap`` needs a fit with bootstrap draws.
    level : float
        Confidence level.
    cost : str or None
        Cost model name (:data:`computelimits.costs.COST_MODELS`) or ``None``. Costs are only
        computed for hardware burden (``x="burden"``): per-pass computation is not a training
        cost.
    year : float, optional
        With a time trend, the year of the projection (default: latest year in the data).
    today_error, today_flops : float, optional
        Override today's best model.
    alternatives : bool or mapping
        The other functional forms' answers for the same targets (:meth:`Projection.other_forms`):
        ``True`` refits a :class:`FitResult`'s rows with every other form (no alternatives for a
        bare :class:`LinearRelation`); a mapping ``{form name: FitResult or LinearRelation}``
        gives them (e.g. the paper's other table); ``False``: none.
    **cost_overrides
        Options and constants of the cost model (see :func:`computelimits.costs.estimate_cost`).

    Returns
    -------
    Projection

    Raises
    ------
    InputError
        A target outside (0, 1) or at/above today's best error; unknown anchor or interval;
        bootstrap without draws.

    Examples
    --------
    Figure 4, ImageNet, polynomial form, from the paper's Table 3 (slope -0.07, SE 0.02, 13
    observations) and today's 11.5 % at 10^14 GFLOPs:

    >>> rel = relation_from_coefficients(0.10, -0.07, form="polynomial", slope_se=0.02,
    ...                                  df_resid=11, today_error=0.115, today_flops=1e23)
    >>> p = project(rel, ["5%", "1%"])
    >>> [round(v, 1) for v in p.to_frame()["log10_flops"] - 9]   # GFLOPs: paper 10^19, 10^28
    [19.2, 29.2]
    >>> [round(v, 1) for v in np.log10(p.to_frame()["factor_vs_today"])]  # beyond today's best
    [5.2, 15.2]

    References
    ----------
    Thompson et al., section 3.3, Figure 4, Tables 3-4.
    """
    rel = result if isinstance(result, LinearRelation) else relation_from_fit(
        result, year=year, today_error=today_error, today_flops=today_flops)
    if isinstance(result, LinearRelation) and (today_error is not None or today_flops is not None):
        rel = replace(rel, today_error=rel.today_error if today_error is None
                      else _check_error(today_error, "today_error"),
                      today_flops=rel.today_flops if today_flops is None else float(today_flops))
    anc = ANCHORINGS.get(anchor)
    meth = get_interval(interval, "inverse")
    if isinstance(targets, (str, float, int)) or np.ndim(targets) == 0:
        targets = [targets]
    tg = [parse_target(t) for t in targets]
    if not tg:
        raise InputError("give at least one target error rate")
    if rel.today_error is None:
        raise InputError("today's best error is unknown; give today_error=...")
    for t in tg:
        if t >= rel.today_error:
            raise InputError(f"target {t:.4g} ({t:.2%}) is at or above today's best error "
                             f"{rel.today_error:.4g} ({rel.today_error:.2%}); a projection needs "
                             "a lower target")
    line = anchored(rel, anc.name)
    errs = np.array([rel.today_error, *tg])
    y = np.asarray(rel.form.transform(errs), dtype=float)
    notes: list[str] = [rel.form.note] if getattr(rel.form, "note", "") else []

    # point estimates
    reachable = np.sign(line.slope) == rel.reach_sign
    with np.errstate(divide="ignore", invalid="ignore"):
        w = (y - line.alpha) / line.slope
    u = line.centre + w
    if not reachable:
        notes.append(f"the fitted slope {line.slope:.4g} says error does not fall as "
                     "computation grows: no target below today can be reached by scaling")
        u = np.where(errs < rel.today_error, np.inf, u)
    lo, hi, kinds, n_bad = meth.inverse(line, y, level, rel.df_resid, rel.reach_sign)
    lo, hi = lo + line.centre, hi + line.centre
    if anc.exact_at_anchor:  # today's row is the anchor itself: no uncertainty
        lo[0] = hi[0] = u[0]
        kinds[0] = "exact"
    if not reachable:
        kinds = np.where(errs < rel.today_error, "unreachable", kinds)
        lo = np.where(errs < rel.today_error, np.nan, lo)
        hi = np.where(errs < rel.today_error, np.nan, hi)
    if np.any(kinds == "unbounded"):
        notes.append(f"unbounded interval: the slope is not significantly different from 0 at "
                     f"the {level:.0%} level, so the data cannot bound the computation needed")
    if np.any(kinds == "unavailable"):
        notes.append("interval unavailable: the covariance of intercept and slope is unknown "
                     "(use the 'paper' anchoring, which needs only the slope's standard error)")
    if n_bad is not None and np.any(n_bad > 0):
        m = int(np.max(n_bad))
        notes.append(f"{m} of {len(line.slope_draws)} bootstrap draws cannot reach the lowest "
                     "target (their slope says computation does not help)")
    off = math.log10(rel.x_scale)
    logs = {"flops": (u + off, lo + off, hi + off)}

    import pandas as pd

    log_today = math.log10(rel.today_flops) if rel.today_flops else float("nan")
    frame = pd.DataFrame({"row": ["today"] + ["target"] * len(tg), "target": errs,
                          "ci_kind": list(kinds),
                          "factor_vs_today": _safe_pow10(u + off - log_today, 1.0),
                          "log10_factor_vs_today": u + off - log_today})
    unit_cost = None
    method = None if cost in (None, "none", "") else str(cost)
    if method is not None and not get_x(rel.x or "burden").training_cost:
        notes.append(f"costs not estimated: {rel.x} computation is not the computation of "
                     "training (fit with x='burden' for costs)")
        method = None
    if method is not None:
        from ..costs import estimate_cost

        # Every cost model is linear in computation, so costs are computed in log space from
        # the cost of one FLOP: no overflow for projections of 10^100 FLOPs and more.
        unit_cost = estimate_cost(1.0, method, **cost_overrides)
        unavailable = np.isin(np.asarray(kinds, dtype=object), ["unavailable", "unreachable"])
        lu, llo, lhi = logs["flops"]
        for q in _COST_Q:
            k, klo, khi = (float(getattr(unit_cost, q + sfx)) for sfx in ("", "_low", "_high"))
            lk, lklo, lkhi = (math.log10(v) if v > 0 else np.nan for v in (k, klo, khi))
            logs[q] = (lu + lk, np.where(unavailable, np.nan, llo + lklo),
                       np.where(unavailable, np.nan, lhi + lkhi))
        notes.extend(unit_cost.notes)
    for q, (lv, llv, lhv) in logs.items():
        frame[q], frame[f"{q}_ci_lower"], frame[f"{q}_ci_upper"] = (
            _safe_pow10(v, 1.0) for v in (lv, llv, lhv))
        frame[f"log10_{q}"], frame[f"log10_{q}_ci_lower"], frame[f"log10_{q}_ci_upper"] = \
            lv, llv, lhv
    all_logs = np.concatenate([np.asarray(v, dtype=float) for t in logs.values() for v in t])
    if np.any(np.isfinite(all_logs) & (all_logs > 308)):
        notes.append("values beyond 10^308 overflow floating point (shown as inf): the log10_* "
                     "columns keep them exactly")
    data_max = None
    if rel.data is not None and "x_value" in rel.data:
        xv = np.asarray(rel.data["x_value"], dtype=float)
        xv = xv[np.isfinite(xv) & (xv > 0)]
        data_max = float(np.max(xv)) if xv.size else None
    warnings = reach_warnings(rel, tg, u[1:] + off, hi[1:] + off, kinds[1:], data_max, level)
    alt = None
    if alternatives is not False:
        alt = other_forms(result, rel, tg, (u[1:] + off, lo[1:] + off, hi[1:] + off, kinds[1:]),
                            anc.name, meth, level, alternatives, today_error, today_flops)
    return Projection(
        benchmark=rel.benchmark, form=rel.form.name, x=rel.x, anchor=anc.name,
        interval=meth.name, level=float(level), cost_method=method, relation=rel,
        targets=tuple(tg), notes=tuple(dict.fromkeys(notes)), description=line.description,
        _frame=frame, cost_per_flop=unit_cost, warnings=tuple(warnings), alternatives=alt,
        data_max_flops=data_max)

