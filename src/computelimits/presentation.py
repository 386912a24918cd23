"""One presentation protocol for every result object: ``summary(fmt)``, ``__str__``,
``_repr_html_`` and ``to_frame()``.

A result class inherits :class:`Presentable` and describes its summary once, as a list of
*blocks* built from plain (unescaped) text:

- :class:`Table`: a title, header rows whose cells may span columns, body rows (``None`` draws a
  rule) and notes;
- :class:`Text`: lines shown as they are (indentation kept).

:func:`render` lays the blocks out as ``"text"``, ``"html"`` or ``"latex"``, escaping every plain
cell with :mod:`computelimits.escaping`; a cell that needs different markup per format (``R^2``,
``$^{***}$``) is a :class:`Markup`. The mixin then gives the class ``summary(fmt)``,
``__str__`` (the text summary) and ``_repr_html_`` (Jupyter); the class itself provides
``to_frame()`` (its numbers, at full precision, as a :class:`pandas.DataFrame`). Summaries take
further options only as keywords after ``fmt``.

The model is linearmodels' results classes: one summary object, rendered to text, HTML or LaTeX.

Examples
--------
>>> t = Table(title="Fit of x_1", headers=[[("", 1), ("coef", 1)]], body=[["a^2", "0.5"]])
>>> print(render([t], "text"))
Fit of x_1
=========
     coef
---------
a^2  0.5
=========
>>> print(render([t], "latex").splitlines()[1])
\\caption{Fit of x\\_1}
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .escaping import escape_html, escape_latex

__all__ = ["FORMATS", "check_format", "Markup", "Table", "Text", "render", "render_table",
           "Presentable"]

#: Formats every ``summary(fmt)`` accepts.
FORMATS = ("text", "html", "latex")


def check_format(fmt: str) -> str:
    """Lower-cased ``fmt`` if it is one of :data:`FORMATS`; else :class:`~computelimits.errors.InputError`.

    Examples
    --------
    >>> check_format("LaTeX")
    'latex'
    """
    from .errors import InputError

    f = str(fmt).lower()
    if f not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}; got '{fmt}'")
    return f


@dataclass(frozen=True)
class Markup:
    """A cell written separately per format (already escaped there); ``text`` is the fallback.

    Examples
    --------
    >>> r2 = Markup("R^2", html="R<sup>2</sup>", latex="$R^{2}$")
    >>> r2.render("html"), r2.render("text")
    ('R<sup>2</sup>', 'R^2')
    """

    text: str
    html: str | None = None
    latex: str | None = None

    def render(self, fmt: str) -> str:
        if fmt == "html":
            return escape_html(self.text) if self.html is None else self.html
        if fmt == "latex":
            return escape_latex(self.text) if self.latex is None else self.latex
        return self.text

    def __add__(self, other: Cell) -> Markup:
        o = other if isinstance(other, Markup) else Markup(str(other))
        return Markup(self.text + o.text, html=self.render("html") + o.render("html"),
                      latex=self.render("latex") + o.render("latex"))

    def __radd__(self, other: Cell) -> Markup:
        return Markup(str(other)) + self


Cell = str | Markup


def _cell(c: Cell, fmt: str) -> str:
    if isinstance(c, Markup):
        return c.render(fmt)
    if fmt == "html":
        return escape_html(c)
    if fmt == "latex":
        return escape_latex(c)
    return str(c)


@dataclass(frozen=True)
class Table:
    """A table block (plain-text cells; see the module docstring).

    Parameters
    ----------
    title : str or Markup, optional
    headers : list of header rows, each a list of ``(cell, span)``
    body : list of rows (lists of cells) or ``None`` for a rule
    notes : lines printed under the table
    align : str, optional
        One character per column (``l``, ``c``, ``r``); default ``l`` then ``c``.
    """

    title: Cell | None = None
    headers: Sequence[Sequence[tuple[Cell, int]]] = ()
    body: Sequence[Sequence[Cell] | None] = ()
    notes: Sequence[Cell] = ()
    align: str | None = None

    def render(self, fmt: str) -> str:
        fmt = check_format(fmt)
        title = None if self.title is None else _cell(self.title, fmt)
        headers = [[(_cell(c, fmt), int(s)) for c, s in h] for h in self.headers]
        body = [None if r is None else [_cell(c, fmt) for c in r] for r in self.body]
        notes = [_cell(n, fmt) for n in self.notes]
        return render_table(fmt, title, headers, body, notes, align=self.align)


@dataclass(frozen=True)
class Text:
    """Lines of text shown as they are: monospace in HTML, one line each in LaTeX."""

    lines: Sequence[Cell] = field(default_factory=tuple)

    def render(self, fmt: str) -> str:
        fmt = check_format(fmt)
        if fmt == "text":
            return "\n".join(_cell(c, fmt) for c in self.lines)
        if fmt == "html":
            return ('<pre class="computelimits-summary" style="white-space:pre-wrap">'
                    + "\n".join(_cell(c, fmt) for c in self.lines) + "</pre>")
        out = []
        for c in self.lines:
            raw = c.text if isinstance(c, Markup) else str(c)
            indent = (len(raw) - len(raw.lstrip(" "))) // 2
            body = c.render(fmt) if isinstance(c, Markup) else escape_latex(raw.lstrip(" "))
            out.append(r"\quad " * indent + (body if body else r"~"))
        return "\\begin{flushleft}\n" + " \\\\\n".join(out) + "\n\\end{flushleft}"


Block = Table | Text


def render(blocks: Sequence[Block], fmt: str = "text") -> str:
    """Render blocks one after the other (a blank line between blocks in LaTeX)."""
    fmt = check_format(fmt)
    sep = "\n\n" if fmt == "latex" else "\n"
    return sep.join(b.render(fmt) for b in blocks)


class Presentable(ABC):
    """Mixin giving a result object the presentation protocol.

    A subclass implements ``_summary_blocks(**options)`` returning a list of :class:`Table` /
    :class:`Text` blocks, and ``to_frame()`` (both abstract: a class without them cannot be
    instantiated). A subclass whose summary takes options overrides :meth:`summary` with
    ``(self, fmt="text", *, option=...)`` and calls :meth:`_render`.
    """

    @abstractmethod
    def _summary_blocks(self, **options: Any) -> list[Block]:
        """The summary as blocks of plain text (see the module docstring)."""

    def _render(self, fmt: str, **options: Any) -> str:
        fmt = check_format(fmt)
        return render(self._summary_blocks(**options), fmt)

    def summary(self, fmt: str = "text") -> str:
        """The result as ``"text"``, ``"html"`` or ``"latex"`` (numbers rounded only here)."""
        return self._render(fmt)

    @abstractmethod
    def to_frame(self) -> Any:
        """The result's numbers at full precision as a :class:`pandas.DataFrame`."""

    def __str__(self) -> str:
        return self.summary("text")

    def _repr_html_(self) -> str:
        return self.summary("html")


# ------------------------------------------------------------------------------------ layout
# The layout functions take cells already written for the target format.

def render_table(fmt: str, title: str | None, headers, body, notes: Sequence[str] = (),
                 align: str | None = None) -> str:
    """Lay out a table whose cells are already written for ``fmt`` (escaped where needed).

    Prefer :class:`Table`, which escapes plain cells itself.

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
