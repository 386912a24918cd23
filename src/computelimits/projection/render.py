"""Rendering of projection tables: ``10^x [lower-upper]`` cells in text, Markdown, LaTeX and HTML.

Used by :class:`computelimits.projection.Projection` and by Figure 4's table
(:mod:`computelimits.figure4`), which builds on the projections.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import InputError

__all__ = ["projection_table", "render_rows"]

# --------------------------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------------------------

_FMTS = ("text", "markdown", "latex", "html")


def _check_fmt(fmt: str) -> str:
    f = str(fmt).lower()
    if f == "md":
        f = "markdown"
    if f not in _FMTS:
        raise InputError(f"format must be one of {', '.join(_FMTS)}; got {fmt!r}")
    return f


def _pct(e: float) -> str:
    s = f"{100 * e:.4g}"
    return f"{s}%"


def _pow(u: float, fmt: str, digits: int = 1) -> str:
    """``10^u`` in the format; ``inf`` -> unbounded, NaN -> n/a."""
    u = float(u)
    if math.isnan(u):
        return "n/a"
    if math.isinf(u):
        if u > 0:
            return {"latex": r"$\infty$", "html": "&infin;"}.get(fmt, "inf")
        return "0"
    s = f"{u:.{digits}f}"
    if fmt == "latex":
        return f"$10^{{{s}}}$"
    if fmt == "html":
        return f"10<sup>{s}</sup>"
    return f"10^{s}"


def _interval(lo: float, hi: float, fmt: str) -> str:
    lo, hi = float(lo), float(hi)
    if math.isnan(lo) and math.isnan(hi):
        return "[n/a]"
    if lo == -math.inf and hi == math.inf:
        return "[unbounded]"
    sep = "--" if fmt == "latex" else "–" if fmt in ("html", "markdown") else "-"
    return f"[{_pow(lo, fmt)}{sep}{_pow(hi, fmt)}]"


def _esc(s: str, fmt: str) -> str:
    from ..escaping import escape

    return escape(s, fmt)


def _table(fmt: str, title: str, header: list[str], body: list[list[str]],
           notes: list[str]) -> str:
    fmt = _check_fmt(fmt)
    if fmt == "markdown":
        lines = [f"**{_esc(title, fmt)}**", "", "| " + " | ".join(_esc(h, fmt) for h in header)
                 + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(_esc(c, fmt) if "^" not in c else c for c in r) + " |"
                  for r in body]
        lines += [""] + [f"- {_esc(n, fmt)}" for n in notes if n]
        return "\n".join(lines).rstrip() + "\n"
    if fmt == "latex":
        ncol = len(header)
        lines = [r"\begin{table}[ht]", r"\centering", rf"\caption{{{_esc(title, fmt)}}}",
                 r"\begin{tabular}{" + "l" * ncol + "}", r"\toprule",
                 " & ".join(_esc(h, fmt) for h in header) + r" \\", r"\midrule"]
        lines += [" & ".join(c if "$" in c else _esc(c, fmt) for c in r) + r" \\" for r in body]
        lines += [r"\bottomrule", r"\end{tabular}"]
        if any(notes):
            lines.append(r"\par\footnotesize " + r" \\ ".join(_esc(n, fmt) for n in notes if n))
        lines.append(r"\end{table}")
        return "\n".join(lines) + "\n"
    if fmt == "html":
        th = "".join(f"<th>{_esc(h, fmt)}</th>" for h in header)
        trs = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in body)
        foot = "".join(f"<p class='note'>{_esc(n, fmt)}</p>" for n in notes if n)
        return (f"<table><caption>{_esc(title, fmt)}</caption><thead><tr>{th}</tr></thead>"
                f"<tbody>{trs}</tbody></table>{foot}\n")
    widths = [max(len(str(x)) for x in col) for col in zip(header, *body, strict=True)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    out = [title, line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in body]
    out += [f"Note: {n}" for n in notes if n]
    return "\n".join(s.rstrip() for s in out) + "\n"


def _rows(frame, fmt: str):
    """Header and body of a projection table, cells written for ``fmt``."""
    has_cost = "co2_kg" in frame.columns
    header = ["Error rate", "Computation (GFLOPs)", "x today's best"]
    co2_off, co2_unit = 0.0, "kg"
    if has_cost:
        v = np.asarray(frame["log10_co2_kg"], dtype=float)
        if np.any(np.isfinite(v) & (v >= 3.0)):
            co2_off, co2_unit = 3.0, "tonnes"
        header += ["Energy (kWh)", f"CO2e ({co2_unit})", "CO2e (lbs, the paper's unit)",
                   "Cost (USD)"]
    body = []
    for r in frame.to_dict("records"):
        label = ("Today: " if r["row"] == "today" else "Target: ") + _pct(r["target"])
        kind = "" if r["ci_kind"] in ("bounded", "exact") else f" {r['ci_kind']}"
        lf = float(r["log10_factor_vs_today"])
        cells = [label, _cell(r, "flops", fmt, -9.0) + kind,
                 "1x" if abs(lf) < 1e-9 else _pow(lf, fmt) + "x"]
        if has_cost:
            cells += [_cell(r, "energy_kwh", fmt), _cell(r, "co2_kg", fmt, -co2_off),
                      _pow(r["log10_co2_lbs"], fmt), _cell(r, "usd", fmt)]
        body.append(cells)
    return header, body


def projection_table(frame, title: str = "", notes: Sequence[str] = ()):
    """A :meth:`Projection.to_frame` table (today first) as a
    :class:`computelimits.presentation.Table`: error rate; computation (GFLOPs,
    ``10^x [lower-upper]``) and its factor beyond today's best model; with costs, energy (kWh),
    CO2e in tonnes (kg when every value is below a tonne) with the paper's pounds beside, and cost
    (USD), each with its interval."""
    from ..presentation import Markup, Table

    cols = {f: _rows(frame, f) for f in ("text", "html", "latex")}
    header = cols["text"][0]
    body = [[Markup(t, html=h, latex=x) for t, h, x in zip(rt, rh, rx, strict=True)]
            for rt, rh, rx in zip(cols["text"][1], cols["html"][1], cols["latex"][1],
                                  strict=True)]
    return Table(title=title, headers=[[(h, 1) for h in header]], body=body, notes=list(notes),
                 align="l" + "r" * (len(header) - 1))


def render_rows(frame, fmt: str = "text", title: str = "", notes: Sequence[str] = ()) -> str:
    """Render a :meth:`Projection.to_frame` table (today first) in ``fmt`` (``text``,
    ``markdown``, ``latex``, ``html``); see :func:`projection_table`."""
    fmt = _check_fmt(fmt)
    if fmt != "markdown":
        return projection_table(frame, title, notes).render(fmt)
    header, body = _rows(frame, fmt)
    return _table(fmt, title, header, body, list(notes))


def _cell(r: Mapping[str, Any], q: str, fmt: str, shift: float = 0.0) -> str:
    """``10^x [lower-upper]`` of quantity ``q`` in a :meth:`Projection.to_frame` row."""
    return (_pow(r[f"log10_{q}"] + shift, fmt) + " "
            + _interval(r[f"log10_{q}_ci_lower"] + shift, r[f"log10_{q}_ci_upper"] + shift, fmt))
