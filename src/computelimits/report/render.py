"""Write a report: tables (CSV + LaTeX), ``report.md``, ``report.html`` (figures:
:mod:`computelimits.report.figure_files`).

The HTML page is self-contained (figures inlined as SVG, with a tooltip per point naming the
model, its year, value and source; CSS inline) so it can be mailed or archived as one file, and
prints cleanly (figures never split across pages, wide tables wrapped to the page).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..escaping import csv_text, escape_html, escape_latex, escape_markdown
from ..io import atomic_write_text
from .model import Section, comparison_frame
from .numbers import _is_year_column, _ours_digits, fmt_number

__all__ = ["write_tables", "render_markdown", "render_html", "fmt_number", "inline_svg"]

CSS = """
:root { --fg:#1d2330; --muted:#5b6475; --rule:#d9dde5; --accent:#2459a6; --bg:#ffffff; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: var(--fg); background: var(--bg); margin: 0; }
main { max-width: 1040px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.7rem; margin: .2rem 0 .4rem; }
h2 { font-size: 1.3rem; margin-top: 2.4rem; padding-top: .6rem; border-top: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin-top: 1.6rem; }
p.meta, .caption, .note { color: var(--muted); font-size: .9rem; }
nav.toc { background: #f5f7fa; border: 1px solid var(--rule); border-radius: 6px; padding: .6rem 1rem; }
nav.toc ol { margin: .2rem 0; padding-left: 1.3rem; }
figure { margin: 1rem 0 1.4rem; break-inside: avoid; page-break-inside: avoid; }
figure img, figure svg.fig { max-width: 100%; height: auto; display: block;
  border: 1px solid var(--rule); }
figure svg.fig g > title + * { cursor: help; }
.tablewrap { overflow-x: auto; margin: .6rem 0 1.2rem; break-inside: avoid; }
table { border-collapse: collapse; font-size: .86rem; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .55rem; text-align: right; vertical-align: top; }
th { background: #f0f3f8; }
td:first-child, th:first-child { text-align: left; }
td.why { text-align: left; color: var(--muted); max-width: 28rem; }
pre { background: #f7f8fa; border: 1px solid var(--rule); padding: .6rem; overflow-x: auto; font-size: .8rem; }
.failed { color: #a11; font-weight: 600; }
a { color: var(--accent); }
@page { margin: 12mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { page-break-before: auto; break-after: avoid; }
  h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  /* every table whole on paper: no scroll box, cells wrap, small type */
  .tablewrap { overflow: visible; break-inside: auto; }
  table { width: 100%; max-width: 100%; table-layout: auto; font-size: 7pt; }
  th, td { padding: .08rem .22rem; overflow-wrap: anywhere; word-break: break-word; }
  td.why { max-width: none; }
  tr, figure { break-inside: avoid; page-break-inside: avoid; }
  pre { white-space: pre-wrap; overflow: visible; overflow-wrap: anywhere; font-size: 6.5pt; }
  figure svg.fig, figure img { width: 100% !important; max-width: 100%; }
}
"""


def _display_frame(tbl):
    import pandas as pd

    if tbl.display is not None:
        return tbl.display
    df = tbl.frame
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        if _is_year_column(c):
            out[c] = [fmt_number(v).replace(",", "") for v in df[c]]
        else:
            out[c] = [fmt_number(v) for v in df[c]]
    return out


def inline_svg(svg: str) -> str:
    """An SVG file's text ready to inline in HTML: no XML prolog or doctype, shown at its own
    size (1 pt = 4/3 CSS px, so text reads at the point size it was drawn with) and at most the
    column width (its viewBox keeps the proportions)."""
    svg = re.sub(r"^\s*<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r"^\s*<!DOCTYPE[^>]*>\s*", "", svg)

    def size(m: re.Match) -> str:
        px = float(m.group(2)) * 96.0 / 72.0
        return f'<svg{m.group(1)} class="fig" style="width:{px:.0f}px"'

    return re.sub(r'<svg([^>]*?) width="([0-9.]+)pt" height="[0-9.]+pt"', size, svg, count=1)


def _latex(tbl) -> str:
    if tbl.latex is not None:
        return tbl.latex
    disp = _display_frame(tbl)
    cols = list(disp.columns)
    esc = escape_latex
    lines = [r"\begin{table}[ht]", r"\centering", f"\\caption{{{esc(tbl.title)}}}",
             r"\begin{tabular}{" + "l" + "r" * (len(cols) - 1) + "}", r"\hline",
             " & ".join(esc(c) for c in cols) + r" \\", r"\hline"]
    for _, row in disp.iterrows():
        lines.append(" & ".join(esc(v) for v in row.tolist()) + r" \\")
    lines += [r"\hline", r"\end{tabular}", r"\end{table}", ""]
    return "\n".join(lines)


def write_tables(sections: list[Section], tab_dir: Path) -> list[str]:
    """Save every table as CSV (full precision) and LaTeX; also ``comparison_with_paper.csv``."""
    tab_dir.mkdir(parents=True, exist_ok=True)
    import pandas as pd

    names = []
    frames = []
    for s in sections:
        for t in s.tables:
            atomic_write_text(tab_dir / f"{t.name}.csv", csv_text(t.frame))
            atomic_write_text(tab_dir / f"{t.name}.tex", _latex(t))
            names.append(t.name)
        frames.append(comparison_frame(s.comparisons, section=s.key))
    cmp = pd.concat(frames, ignore_index=True) if frames else comparison_frame([], section="")
    atomic_write_text(tab_dir / "comparison_with_paper.csv", csv_text(cmp))
    names.append("comparison_with_paper")
    return names


def _md_table(df) -> str:
    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(escape_markdown(c) for c in cols) + " |",
             "|" + "|".join("---" for _ in cols) + "|"]
    for _, row in df.iterrows():
        lines.append("| " + " | ".join(escape_markdown(v) for v in row.tolist()) + " |")
    return "\n".join(lines)


def _cmp_display(comparisons):
    import pandas as pd

    rows = []
    for c in comparisons:
        d = _ours_digits(c)
        rows.append({"source": c.source, "item": c.item, "paper": fmt_number(c.paper, c.digits),
                     "ours": fmt_number(c.ours, d), "difference": fmt_number(c.difference, d),
                     "shows": c.category, "why": c.why + (
                         f" Not comparable: {c.not_comparable}." if c.not_comparable
                         and c.category == "not comparable" else "")})
    return pd.DataFrame(rows, columns=["source", "item", "paper", "ours", "difference", "shows",
                                       "why"])


_GLANCE_NOTE = (
    "Numbers set beside the value the paper prints, per section, by what they show: ours rounds "
    "to the printed digits; or lies inside the paper's 95% interval (or the paper's value inside "
    "ours, for Monte-Carlo and projected numbers); or outside it; or cannot agree by "
    "construction (standard errors, F statistics and counts of a different dataset, R^2 of a "
    "different sample).")


def _display_frame_of(df):
    """A frame's cells as display strings (numbers formatted one way per column)."""
    from types import SimpleNamespace

    return _display_frame(SimpleNamespace(display=None, frame=df))


def _files(t) -> str:
    return f"tables/{t.name}.csv, tables/{t.name}.tex"


def render_markdown(title: str, meta_lines: list[str], sections: list[Section], figs: dict) -> str:
    """The whole report as Markdown (figures linked, tables inline)."""
    out = [f"# {title}", ""]
    out += [f"_{line}_  " for line in meta_lines] + [""]
    from .summary import glance_frame, headline_frame, summary_paragraphs

    paras = summary_paragraphs(sections)
    if paras:
        out += ["## Summary", ""]
        for p in paras:
            out += [p, ""]
        heads = headline_frame(sections)
        if len(heads):
            out += [_md_table(heads), ""]
    glance = glance_frame(sections)
    if len(glance):
        out += ["## At a glance", "", _md_table(_display_frame_of(glance)), "",
                _GLANCE_NOTE + " Every comparison: `tables/comparison_with_paper.csv`.", ""]
    for s in sections:
        out += [f"## {s.title}", ""]
        if s.intro:
            out += [s.intro.strip(), ""]
        for f in s.figures:
            out += [f"![{escape_markdown(f.title)}]({figs[f.name]['png']})", "",
                    f"*{escape_markdown(f.title)}.* {f.caption}", ""]
        for t in s.tables:
            if not t.show:
                continue
            out += [f"### {escape_markdown(t.title)}", ""]
            if t.text:
                out += ["```", t.text.rstrip(), "```", ""]
            else:
                out += [_md_table(_display_frame(t)), ""]
            if t.caption:
                out += [t.caption, ""]
            out += [f"Files: `tables/{t.name}.csv`, `tables/{t.name}.tex`", ""]
        hidden = [t for t in s.tables if not t.show]
        if hidden:
            out += ["More data: " + "; ".join(f"{t.title} (`tables/{t.name}.csv`)" for t in hidden),
                    ""]
        if s.comparisons:
            out += ["### Beside the paper", "", _md_table(_cmp_display(s.comparisons)), ""]
        for n in s.notes:
            out += [f"> {n}", ""]
    return "\n".join(out).rstrip() + "\n"


def _para_html(text: str) -> str:
    paras = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    res = []
    for p in paras:
        esc = escape_html(p)
        # light markdown: **bold**, `code`
        import re

        esc = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", esc)
        esc = re.sub(r"`(.+?)`", r"<code>\1</code>", esc)
        res.append(f"<p>{esc}</p>")
    return "\n".join(res)


def _html_table(df, why_col: str | None = None) -> str:
    head = "".join(f"<th>{escape_html(str(c))}</th>" for c in df.columns)
    body = []
    for _, row in df.iterrows():
        cells = []
        for c, v in zip(df.columns, row.tolist(), strict=True):
            cls = ' class="why"' if c == why_col else ""
            cells.append(f"<td{cls}>{escape_html(str(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="tablewrap"><table><thead><tr>{head}</tr></thead><tbody>'
            + "".join(body) + "</tbody></table></div>")


def render_html(title: str, meta_lines: list[str], sections: list[Section], figs: dict) -> str:
    """The whole report as one self-contained HTML page."""
    toc = "".join(f'<li><a href="#{escape_html(s.key)}">{escape_html(s.title)}</a></li>' for s in sections)
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape_html(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body><main>",
        f"<h1>{escape_html(title)}</h1>",
        "".join(f'<p class="meta">{escape_html(m)}</p>' for m in meta_lines),
        f'<nav class="toc"><strong>Contents</strong><ol>{toc}</ol></nav>',
    ]
    from .summary import glance_frame, headline_frame, summary_paragraphs

    paras = summary_paragraphs(sections)
    if paras:
        parts += ['<section id="summary"><h2>Summary</h2>',
                  "\n".join(f"<p>{escape_html(p)}</p>" for p in paras)]
        heads = headline_frame(sections)
        if len(heads):
            parts.append(_html_table(heads))
        parts.append("</section>")
    glance = glance_frame(sections)
    if len(glance):
        parts += ['<section id="glance"><h2>At a glance</h2>',
                  _html_table(_display_frame_of(glance)),
                  f'<p class="caption">{escape_html(_GLANCE_NOTE)} Every comparison: '
                  '<a href="tables/comparison_with_paper.csv">comparison_with_paper.csv</a>.</p>',
                  "</section>"]
    for s in sections:
        parts.append(f'<section id="{escape_html(s.key)}"><h2>{escape_html(s.title)}</h2>')
        if s.intro:
            parts.append(_para_html(s.intro))
        for f in s.figures:
            fd = figs[f.name]
            links = [f'<a href="{fd["png"]}">PNG</a>', f'<a href="{fd["svg"]}">SVG</a>']
            if fd.get("csv"):
                links.append(f'<a href="{fd["csv"]}">data (CSV)</a>')
            parts.append(
                f'<figure role="img" aria-label="{escape_html(f.title)}">{fd["svg_inline"]}'
                f'<figcaption class="caption"><strong>{escape_html(f.title)}.</strong> '
                f'{escape_html(f.caption)} {" · ".join(links)}</figcaption></figure>')
        for t in s.tables:
            if not t.show:
                continue
            parts.append(f"<h3>{escape_html(t.title)}</h3>")
            if t.html:
                parts.append(f'<div class="tablewrap">{t.html}</div>')
            elif t.text:
                parts.append(f"<pre>{escape_html(t.text)}</pre>")
            else:
                parts.append(_html_table(_display_frame(t)))
            cap = escape_html(t.caption) + " " if t.caption else ""
            parts.append(f'<p class="caption">{cap}<a href="tables/{escape_html(t.name)}.csv">CSV</a>'
                         f' · <a href="tables/{escape_html(t.name)}.tex">LaTeX</a></p>')
        hidden = [t for t in s.tables if not t.show]
        if hidden:
            links = "; ".join(f'{escape_html(t.title)} (<a href="tables/{escape_html(t.name)}.csv">'
                              f"CSV</a>)" for t in hidden)
            parts.append(f'<p class="caption">More data: {links}.</p>')
        if s.comparisons:
            parts.append("<h3>Beside the paper</h3>")
            parts.append(_html_table(_cmp_display(s.comparisons), why_col="why"))
        for n in s.notes:
            cls = "note failed" if n.startswith("This stage failed") else "note"
            parts.append(f'<p class="{cls}">{escape_html(n)}</p>')
        parts.append("</section>")
    parts += ["</main></body></html>", ""]
    return "\n".join(parts)
