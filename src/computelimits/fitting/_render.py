"""Render small tables of strings as monospace text, HTML or LaTeX (no dependencies).

A table is a title, header rows whose cells may span columns, body rows (``None`` draws a rule)
and notes. Cells are already formatted for the target format: callers escape with
:func:`latex_escape` / :func:`html_escape` where needed.
"""

from __future__ import annotations

import html as _html
from collections.abc import Sequence

__all__ = ["render_table", "latex_escape", "html_escape", "FORMATS", "check_format"]

FORMATS = ("text", "html", "latex")

Header = Sequence[tuple[str, int]]
Body = Sequence[Sequence[str] | None]

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"$<$", ">": r"$>$",
}


def check_format(fmt: str) -> str:
    from ..errors import InputError

    f = str(fmt).lower()
    if f not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}; got '{fmt}'")
    return f


def latex_escape(s: str) -> str:
    """Escape LaTeX special characters in plain text."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(s))


def html_escape(s: str) -> str:
    return _html.escape(str(s), quote=True)


def _expand(header: Header) -> list[str]:
    out: list[str] = []
    for text, span in header:
        out.append(text)
        out.extend([""] * (int(span) - 1))
    return out


def render_table(fmt: str, title: str | None, headers: Sequence[Header], body: Body,
                 notes: Sequence[str] = (), align: str | None = None) -> str:
    """Render a table; see the module docstring.

    Parameters
    ----------
    fmt : {"text", "html", "latex"}
    title : str or None
    headers : list of header rows, each a list of ``(cell, span)``
    body : list of rows (lists of cells) or ``None`` for a rule
    notes : lines printed under the table
    align : str, optional
        One character per column (``l``, ``c``, ``r``); default ``l`` then ``c``.
    """
    fmt = check_format(fmt)
    ncol = max([sum(s for _, s in h) for h in headers] + [len(r) for r in body if r is not None])
    align = align or ("l" + "c" * (ncol - 1))
    if fmt == "text":
        return _text(title, headers, body, notes, ncol, align)
    if fmt == "html":
        return _html_table(title, headers, body, notes, ncol, align)
    return _latex(title, headers, body, notes, ncol, align)


def _text(title, headers, body, notes, ncol, align) -> str:
    widths = [0] * ncol
    for r in body:
        if r is not None:
            for i, c in enumerate(r):
                widths[i] = max(widths[i], len(c))
    for h in headers:
        pos = 0
        for text, span in h:
            if span == 1:
                widths[pos] = max(widths[pos], len(text))
            pos += span
    for h in headers:  # make spanning cells fit
        pos = 0
        for text, span in h:
            if span > 1:
                have = sum(widths[pos:pos + span]) + 2 * (span - 1)
                if len(text) > have:
                    widths[pos + span - 1] += len(text) - have
            pos += span
    total = sum(widths) + 2 * (ncol - 1)

    def fmt_cell(text, width, a):
        if a == "l":
            return text.ljust(width)
        if a == "r":
            return text.rjust(width)
        return text.center(width)

    def line(cells):
        return "  ".join(fmt_cell(c, widths[i], align[i]) for i, c in enumerate(cells)).rstrip()

    out: list[str] = []
    if title:
        out.append(title)
    out.append("=" * total)
    for h in headers:
        parts, pos = [], 0
        for text, span in h:
            w = sum(widths[pos:pos + span]) + 2 * (span - 1)
            parts.append(fmt_cell(text, w, "l" if pos == 0 else "c"))
            pos += span
        out.append("  ".join(parts).rstrip())
    out.append("-" * total)
    for r in body:
        out.append("-" * total if r is None else line(list(r) + [""] * (ncol - len(r))))
    out.append("=" * total)
    out.extend(notes)
    return "\n".join(out)


def _html_table(title, headers, body, notes, ncol, align) -> str:
    amap = {"l": "left", "c": "center", "r": "right"}
    out = ['<table class="computelimits-table" style="border-collapse:collapse;'
           'border-top:2px solid currentColor;border-bottom:2px solid currentColor">']
    if title:
        out.append(f'<caption style="caption-side:top;text-align:left">{title}</caption>')
    out.append("<thead>")
    for i, h in enumerate(headers):
        style = ' style="border-bottom:1px solid currentColor"' if i == len(headers) - 1 else ""
        cells, pos = [], 0
        for text, span in h:
            cs = f' colspan="{span}"' if span > 1 else ""
            cells.append(f'<th{cs} style="text-align:{"left" if pos == 0 else "center"};'
                         f'padding:2px 8px">{text}</th>')
            pos += span
        out.append(f"<tr{style}>" + "".join(cells) + "</tr>")
    out.append("</thead><tbody>")
    rule_next = False
    for r in body:
        if r is None:
            rule_next = True
            continue
        style = ' style="border-top:1px solid currentColor"' if rule_next else ""
        rule_next = False
        cells = [f'<td style="text-align:{amap[align[i]]};padding:2px 8px">{c}</td>'
                 for i, c in enumerate(list(r) + [""] * (ncol - len(r)))]
        out.append(f"<tr{style}>" + "".join(cells) + "</tr>")
    out.append("</tbody>")
    if notes:
        out.append("<tfoot>")
        for n in notes:
            out.append(f'<tr style="border-top:1px solid currentColor"><td colspan="{ncol}" '
                       f'style="text-align:left;padding:2px 8px">{n}</td></tr>')
        out.append("</tfoot>")
    out.append("</table>")
    return "\n".join(out)


def _latex(title, headers, body, notes, ncol, align) -> str:
    out = [r"\begin{table}[!htbp]\centering"]
    if title:
        out.append(rf"\caption{{{title}}}")
    out.append(rf"\begin{{tabular}}{{{align}}}")
    out.append(r"\hline\hline")
    for h in headers:
        cells = [(rf"\multicolumn{{{span}}}{{c}}{{{text}}}" if span > 1 else text) for text, span in h]
        out.append(" & ".join(cells) + r" \\")
    out.append(r"\hline")
    for r in body:
        if r is None:
            out.append(r"\hline")
        else:
            out.append(" & ".join(list(r) + [""] * (ncol - len(r))) + r" \\")
    out.append(r"\hline\hline")
    for n in notes:
        out.append(rf"\multicolumn{{{ncol}}}{{l}}{{{n}}} \\")
    out.append(r"\end{tabular}")
    out.append(r"\end{table}")
    return "\n".join(out)
