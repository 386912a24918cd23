"""How far a projection reaches: warnings past 100x today's best model, and the other
functional forms' answers for the same targets."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..intervals import DEFAULT_INTERVAL
from .relation import LinearRelation, relation_from_fit
from .result import REACH_WARNING_FACTOR

__all__ = ["reach_warnings", "other_forms"]


def reach_warnings(rel: LinearRelation, tg, lu, lhi, kinds, data_max, level) -> list[str]:
    """Plain warnings for targets far beyond today's best model."""
    out = []
    if not rel.today_flops:
        return out
    lt = math.log10(rel.today_flops)
    who = f"{rel.today_model}, " if rel.today_model else ""
    for t, v, h, k in zip(tg, lu, lhi, kinds, strict=True):
        f = v - lt
        if not (math.isfinite(f) and f > math.log10(REACH_WARNING_FACTOR)):
            continue
        beyond = ""
        if data_max:
            beyond = (f", 10^{v - math.log10(data_max):.1f} times the largest computation in "
                      "the data")
        unb = "; its interval is unbounded above" if (not math.isfinite(h) and k != "unavailable") \
            else ""
        out.append(f"target {100 * t:.4g}% needs 10^{f:.1f} times the computation of today's "
                   f"best model ({who}10^{lt:.1f} FLOPs){beyond}: far past anything observed "
                   f"(over {REACH_WARNING_FACTOR:g}x), so the fitted line has never been tested "
                   f"this far{unb}. Read it as the line's arithmetic, not a forecast.")
    return out


def other_forms(result, rel: LinearRelation, tg, chosen, anchor: str, meth, level,
                  given, today_error, today_flops):
    """The other forms' answers for the same targets (a DataFrame), or ``None``."""
    import pandas as pd

    from ..errors import ComputeLimitsError
    from ..fitting.forms import FORMS

    others: dict[str, Any] = {}
    if isinstance(given, Mapping):
        others = dict(given)
    elif hasattr(result, "form_spec") and result.data is not None:
        seen = {rel.form.name}
        for name in FORMS.names():
            spec = FORMS.get(name)
            if spec.name in seen:
                continue
            seen.add(spec.name)
            others[spec.name] = _refit(result, spec.name)
    else:
        return None
    # alternatives use the chosen method unless it needs draws they do not have
    lu_chosen = chosen[0]
    rows = [dict(form=rel.form.name, equation=rel.form.equation, chosen=True, target=t,
                 log10_flops=v, log10_flops_ci_lower=lo, log10_flops_ci_upper=hi, ci_kind=k,
                 orders_from_chosen=0.0, interval=meth.name, note="")
            for t, v, lo, hi, k in zip(tg, *chosen, strict=True)]
    for name, res in others.items():
        base = dict(form=name, chosen=False, interval=meth.name)
        try:
            if isinstance(res, Exception):
                raise res
            alt_rel = res if isinstance(res, LinearRelation) else relation_from_fit(
                res, year=rel.year, today_error=today_error, today_flops=today_flops)
            m = meth if (not meth.needs_draws or alt_rel.draws is not None) else DEFAULT_INTERVAL
            from . import project

            p = project(alt_rel, tg, anchor=anchor, interval=m, level=level, cost=None,
                        alternatives=False)
        except ComputeLimitsError as exc:
            rows += [dict(base, equation="", target=t, log10_flops=float("nan"),
                          orders_from_chosen=float("nan"), note=str(exc)) for t in tg]
            continue
        f = p.to_frame()
        for t, r, c in zip(tg, f.to_dict("records"), lu_chosen, strict=True):
            rows.append(dict(base, equation=p.equation, target=t, log10_flops=r["log10_flops"],
                             log10_flops_ci_lower=r["log10_flops_ci_lower"],
                             log10_flops_ci_upper=r["log10_flops_ci_upper"],
                             ci_kind=r["ci_kind"], interval=p.interval,
                             orders_from_chosen=r["log10_flops"] - c,
                             note="; ".join(n for n in p.notes if n != p.relation.form.note)))
    cols = ["form", "equation", "chosen", "target", "log10_flops", "log10_flops_ci_lower",
            "log10_flops_ci_upper", "ci_kind", "interval", "orders_from_chosen", "note"]
    return pd.DataFrame(rows).reindex(columns=cols)


def _refit(result, form: str):
    """``result`` refitted on its own rows with another functional form (or the error)."""
    from ..errors import ComputeLimitsError
    from ..fitting.core import fit_arrays
    from ..fitting.estimators import HC_TYPES

    d = result.data
    try:
        return fit_arrays(
            d["x_value"].to_numpy(dtype=float), d["error"].to_numpy(dtype=float),
            year=d["year"].to_numpy(dtype=float) if "year" in d else None,
            models=d["model"].to_numpy() if "model" in d else None, benchmark=result.benchmark,
            x=result.x, form=form, quantile=result.quantile,
            use_year="year" in result.params.index,
            robust=result.cov_type if result.cov_type in HC_TYPES else False,
            x_unit=result.x_unit, year_origin=result.year_origin)
    except ComputeLimitsError as exc:
        return exc

