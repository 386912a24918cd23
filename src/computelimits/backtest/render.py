"""Text, Markdown, HTML and LaTeX summaries of a :class:`~computelimits.backtest.BacktestResult`."""

from __future__ import annotations

import math

from ..errors import InputError
from .kernel import level_key

__all__ = ["render_summary", "summary_table", "summary_notes"]


def summary_table(res, digits: int = 3):
    """The scores per variant with the notes, as a :class:`computelimits.presentation.Table`."""
    from ..presentation import Table

    title, head, body, notes = _parts(res, digits)
    return Table(title=title, headers=[[(h, 1) for h in head]], body=body, notes=notes,
                 align="l" + "r" * (len(head) - 1))


def render_summary(res, fmt: str = "text", digits: int = 3) -> str:
    """The summary of a backtest result in ``fmt`` (see :meth:`BacktestResult.summary`)."""
    fmt = str(fmt).lower()
    if fmt not in ("text", "markdown", "html", "latex"):
        raise InputError(f"format must be text, markdown, html or latex; got {fmt!r}")
    if fmt != "markdown":
        return summary_table(res, digits).render(fmt)
    title, head, body, notes = _parts(res, digits)
    lines = [f"**{title}**", "", "| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines)


def _parts(res, digits: int):
    s = res.scores()
    keys = [level_key(lv) for lv in res.levels]
    head = (["Variant", "Forecasts", "MAE error"] + [f"Cov. {k}%" for k in keys]
            + ["Frontier", "MAE log10 C"] + [f"Cov. {k}% (C)" for k in keys])
    body = []
    for r in s.to_dict("records"):
        body.append([r["variant"], str(r["n_forecasts"]), _g(r["mae_error"], digits)]
                    + [_pct(r[f"coverage{k}"]) for k in keys]
                    + [str(r["n_frontier"]), _g(r["mae_log10_flops"], digits)]
                    + [_pct(r[f"coverage{k}_flops"]) for k in keys])
    cuts = ", ".join(map(str, res.cutoffs))
    title = (f"Backtest: {res.benchmark or 'data'}, {res.x} computation, cut-offs {cuts}, "
             f"{res.interval} intervals")
    return title, head, body, summary_notes(res)


def summary_notes(res) -> list[str]:
    """The notes under the summary table: best variants, the paper's variant, coverage."""
    notes = []
    s = res.scores().set_index("variant")
    b_err = res.best("mae_error")
    notes.append(f"Best error forecasts: {b_err} (mean absolute error "
                 f"{s.loc[b_err, 'mae_error']:.3g}).")
    b_fl = res.best_or_none("mae_log10_flops")
    if b_fl is not None:
        notes.append(f"Best forecasts of the computation needed on the frontier: {b_fl} "
                     f"({s.loc[b_fl, 'mae_log10_flops']:.3g} orders of magnitude off on "
                     "average).")
    pv = res.paper_variant
    if pv is not None:
        r = s.loc[pv]
        covs = ", ".join(f"{_pct(r[f'coverage{level_key(lv)}'])} of outcomes in its "
                         f"{lv:.0%} intervals" for lv in res.levels)
        notes.append(f"The paper's projection ({pv}): error off by {r['mae_error']:.3g} on "
                     f"average, {covs}; computation off by "
                     f"{r['mae_log10_flops']:.3g} orders of magnitude on the frontier.")
    cal = res.calibration()
    under = cal[cal["verdict"] == "under-coverage"]
    if len(under):
        items = sorted({f"{r.variant} ({r.target}, {r.level:.0%}: {r.coverage:.0%})"
                        for r in under.itertuples()})
        shown = items[:6]
        more = f" and {len(items) - 6} more" if len(items) > 6 else ""
        notes.append("Under-coverage (intervals too narrow for what happened): "
                     + "; ".join(shown) + more + ".")
    else:
        notes.append("No variant's intervals under-cover at the 5% screening level.")
    s_cov = s[f"coverage{level_key(max(res.levels))}"]
    no_pi = [v for v in res.variants if v in s_cov.index and math.isnan(s_cov[v])]
    if no_pi:
        shown = ", ".join(no_pi[:3]) + (f" and {len(no_pi) - 3} more" if len(no_pi) > 3 else "")
        notes.append(f"Prediction intervals are not defined analytically for {shown} (a quantile "
                     "fit says nothing about the spread of a new observation): coverage n/a; use "
                     "interval='bootstrap'.")
    notes.append("Coverage of (b) counts the frontier (new best errors after each cut-off); "
                 "MAE log10 C is in orders of magnitude of computation.")
    top = f"unbounded{level_key(max(res.levels))}_flops"
    unb = s[top].dropna()
    unb = unb[unb > 0]
    if len(unb):
        items = ", ".join(f"{v} ({x:.0%})" for v, x in unb.items())
        notes.append(f"Unbounded {max(res.levels):.0%} intervals for (b) (slope not "
                     f"significant at that level; they cover trivially): {items}.")
    from ..fitting.forms import get_form
    from .variants import get_variant

    forms = dict.fromkeys(get_form(get_variant(v).form) for v in res.variants
                          if v in _registered())
    notes.extend(f.note + "." for f in forms if f.note)
    notes.extend(res.notes)
    return notes


def _registered() -> set[str]:
    from .variants import VARIANTS

    return set(VARIANTS.names())


def _g(v, digits: int) -> str:
    v = float(v)
    if math.isnan(v):
        return "n/a"
    return f"{v:.{digits}g}"


def _pct(v) -> str:
    v = float(v)
    return "n/a" if math.isnan(v) else f"{v:.0%}"

