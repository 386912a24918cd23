"""Escape user data for every format we write: one function per format, used everywhere.

Model names, paper titles, notes and file names come from users and from scraped tables. Before
such text lands in an output it passes through exactly one of these functions:

=============  ==========================  ====================================================
format         function                    what it neutralises
=============  ==========================  ====================================================
text           :func:`escape_text`         nothing (plain text is shown as is)
HTML           :func:`escape_html`         ``& < > " '`` (no tag, attribute or script survives)
LaTeX          :func:`escape_latex`        ``\\ & % $ # _ { } ~ ^ < >`` (compiles in text mode)
Markdown       :func:`escape_markdown`     raw HTML (``<script>``), link and image syntax
                                           (``[x](javascript:...)``), emphasis, code, tables
CSV            :func:`escape_csv_cell`     spreadsheet formulas: a text cell starting with
                                           ``= + - @``, tab or carriage return gets a leading
                                           ``'`` (numbers such as ``-0.11`` are left alone)
=============  ==========================  ====================================================

:func:`escape` picks the function by format name (registry :data:`ESCAPERS`); :func:`csv_text`
writes a DataFrame as CSV with every text cell passed through :func:`escape_csv_cell`.

The CSV rule follows OWASP's "CSV injection" advice: a cell is defused by the leading apostrophe,
which spreadsheets show as text and do not evaluate. Reading such a file back with pandas keeps
the apostrophe, so the defused value is visible rather than silently changed.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["ESCAPERS", "escape", "escape_text", "escape_html", "escape_latex",
           "escape_markdown", "escape_csv_cell", "csv_text"]

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIAL))
# A power of ten written as text ("10^308", "10^-3.5") is set in math mode.
_POWER_RE = re.compile(r"(?<![\w.])(\d+)\^\{?(-?\d+(?:\.\d+)?)\}?(?!\w)(?!\.\d)")

# Markdown punctuation that can start emphasis, code, links, images, headings, lists or tables.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_text(s: Any) -> str:
    """Plain text needs no escaping: ``str(s)``.

    Examples
    --------
    >>> escape_text("a_b & c")
    'a_b & c'
    """
    return str(s)


def escape_html(s: Any) -> str:
    """Escape text for HTML element content and quoted attribute values.

    Examples
    --------
    >>> escape_html('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return _html.escape(str(s), quote=True)


def escape_latex(s: Any) -> str:
    """Escape text for LaTeX text mode: every one of ``\\ & % $ # _ { } ~ ^ < >``.

    A power written as text (``10^308``, ``10^{-3.5}``) is set in math mode instead.

    Examples
    --------
    >>> escape_latex("ResNet_50 ^2 {x} 10% $5 #1 ~")
    'ResNet\\\\_50 \\\\textasciicircum{}2 \\\\{x\\\\} 10\\\\% \\\\$5 \\\\#1 \\\\textasciitilde{}'
    >>> escape_latex("beyond 10^308 FLOPs")
    'beyond $10^{308}$ FLOPs'
    """
    text = str(s)
    out, pos = [], 0
    for m in _POWER_RE.finditer(text):
        out.append(_LATEX_RE.sub(lambda c: _LATEX_SPECIAL[c.group(0)], text[pos:m.start()]))
        out.append(f"${m.group(1)}^{{{m.group(2)}}}$")
        pos = m.end()
    out.append(_LATEX_RE.sub(lambda c: _LATEX_SPECIAL[c.group(0)], text[pos:]))
    return "".join(out)


def escape_markdown(s: Any) -> str:
    """Escape text for Markdown (CommonMark/GFM) so that it renders literally.

    HTML-significant characters become entities (no raw HTML such as ``<script>`` survives, nor
    an autolink ``<javascript:...>``); Markdown punctuation gets a backslash (no link, image,
    emphasis, code span or table cell boundary can be formed); line breaks become spaces (a
    value cannot start a new block).

    Examples
    --------
    >>> escape_markdown("[click](javascript:alert(1)) <script>")
    '\\\\[click\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\) &lt;script&gt;'
    >>> escape_markdown("a|b *c*")
    'a\\\\|b \\\\*c\\\\*'
    """
    text = " ".join(str(s).splitlines())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def escape_csv_cell(value: Any) -> Any:
    """Defuse a spreadsheet formula: text starting with ``= + - @``, tab or CR gets a leading ``'``.

    Non-text values and text that is a plain number (``"-0.11"``, ``"+3"``) are returned
    unchanged.

    Examples
    --------
    >>> escape_csv_cell('=HYPERLINK("http://x","y")'), escape_csv_cell("@SUM(A1)")
    ('\\'=HYPERLINK("http://x","y")', "'@SUM(A1)")
    >>> escape_csv_cell("-0.11"), escape_csv_cell(-2.5), escape_csv_cell("ResNet-50")
    ('-0.11', -2.5, 'ResNet-50')
    """
    if not isinstance(value, str) or not value.startswith(_CSV_TRIGGERS):
        return value
    if value[0] in "+-" and _is_number(value):
        return value
    return "'" + value


def csv_text(frame: Any, **to_csv: Any) -> str:
    """``frame.to_csv`` with every text cell (and column name) passed through :func:`escape_csv_cell`.

    Defaults: ``index=False``, ``lineterminator="\\n"``; other keywords go to
    :meth:`pandas.DataFrame.to_csv`. Numeric columns are written exactly as pandas writes them.

    Examples
    --------
    >>> import pandas as pd
    >>> print(csv_text(pd.DataFrame({"model": ["=cmd|' /C calc'!A0", "ResNet"], "error": [0.2, -0.1]})), end="")
    model,error
    '=cmd|' /C calc'!A0,0.2
    ResNet,-0.1
    """
    import pandas as pd

    df = frame.copy()
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype):
            df[col] = s.map(escape_csv_cell)
    df.columns = [escape_csv_cell(c) if isinstance(c, str) else c for c in df.columns]
    to_csv.setdefault("index", False)
    to_csv.setdefault("lineterminator", "\n")
    return df.to_csv(**to_csv)


#: Format name -> escaping function for text placed in that format.
ESCAPERS: Mapping[str, Callable[[Any], str]] = {
    "text": escape_text,
    "html": escape_html,
    "latex": escape_latex,
    "markdown": escape_markdown,
    "md": escape_markdown,
}


def escape(s: Any, fmt: str) -> str:
    """Escape ``s`` for format ``fmt`` (a key of :data:`ESCAPERS`).

    Examples
    --------
    >>> escape("x^2", "latex"), escape("x<2", "html")
    ('x\\\\textasciicircum{}2', 'x&lt;2')
    """
    try:
        fn = ESCAPERS[str(fmt).lower()]
    except KeyError:
        from .errors import InputError

        raise InputError(f"format must be one of {', '.join(ESCAPERS)}; got '{fmt}'") from None
    return fn(s)
