"""Write a report: figures (PNG + SVG), tables (CSV + LaTeX), ``report.md``, ``report.html``.

The HTML page is self-contained (figures embedded as base64 PNG, CSS inline) so it can be mailed
or archived as one file, and prints cleanly (figures never split across pages).
"""

from __future__ import annotations

import base64
import io
import math
from pathlib import Path
from typing import Any

from ..escaping import csv_text, escape_html, escape_latex, escape_markdown
from ..io import atomic_write_bytes, atomic_write_text
from .model import Section, comparison_frame

__all__ = ["write_figures", "write_tables", "render_markdown", "render_html", "fmt_number"]

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
figure img { max-width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
.tablewrap { overflow-x: auto; margin: .6rem 0 1.2rem; break-inside: avoid; }
table { border-collapse: collapse; font-size: .86rem; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .55rem; text-align: right; vertical-align: top; }
th { background: #f0f3f8; }
td:first-child, th:first-child { text-align: left; }
td.why { text-align: left; color: var(--muted); max-width: 28rem; }
pre { background: #f7f8fa; border: 1px solid var(--rule); padding: .6rem; overflow-x: auto; font-size: .8rem; }
.failed { color: #a11; font-weight: 600; }
a { color: var(--accent); }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { page-break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
"""


def fmt_number(v: Any, digits: int | None = None) -> str:
    """Human rendering: ints with thousands separators, floats to ``digits`` (or 3 significant)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    try:
        x = float(v)
    except (TypeError, ValueError):
        return str(v)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if isinstance(v, (int,)) or (x.is_integer() and abs(x) < 1e15 and digits is None):
        return f"{int(x):,}"
    if digits is not None:
        if digits < 0:  # rounded to tens, hundreds ...
            return f"{round(x, digits):,.0f}"
        return f"{x:,.{digits}f}" if abs(x) >= 1e4 else f"{x:.{digits}f}"
    ax = abs(x)
    if ax != 0 and (ax >= 1e5 or ax < 1e-3):
        return f"{x:.3g}"
    if ax >= 1000:  # 1427.3, 2019.5: no scientific notation below 1e5
        return f"{x:.1f}"
    return f"{x:.3g}"


def _display_frame(tbl):
    import pandas as pd

    if tbl.display is not None:
        return tbl.display
    df = tbl.frame
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        out[c] = [fmt_number(v) for v in df[c]]
    return out


def write_figures(sections: list[Section], fig_dir: Path) -> dict[str, dict[str, str]]:
    """Save every figure as PNG (150 dpi) and SVG; returns ``{name: {"png": path, "svg": path,
    "png_b64": data}}`` and closes the figures."""
    import matplotlib.pyplot as plt

    fig_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict[str, str]] = {}
    for s in sections:
        for f in s.figures:
            buf = io.BytesIO()
            f.figure.savefig(buf, format="png", dpi=150, bbox_inches="tight")
            png = buf.getvalue()
            atomic_write_bytes(fig_dir / f"{f.name}.png", png)
            buf = io.BytesIO()
            f.figure.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
            atomic_write_bytes(fig_dir / f"{f.name}.svg", buf.getvalue())
            plt.close(f.figure)
            out[f.name] = {"png": f"figures/{f.name}.png", "svg": f"figures/{f.name}.svg",
                           "png_b64": base64.b64encode(png).decode("ascii")}
    return out


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


def _ours_digits(c) -> int | None:
    """Show ours one digit finer than the paper prints (whole numbers as whole numbers)."""
    try:
        if float(c.ours).is_integer() and (c.digits is None or c.digits <= 0):
            return None
    except (TypeError, ValueError):
        return None
    if c.digits is None:
        return None
    return 0 if c.digits < 0 else int(c.digits) + 1


def _cmp_display(comparisons):
    import pandas as pd

    rows = []
    for c in comparisons:
        d = _ours_digits(c)
        mark = "" if c.agrees is None else ("yes" if c.agrees else "no")
        rows.append({"source": c.source, "item": c.item, "paper": fmt_number(c.paper, c.digits),
                     "ours": fmt_number(c.ours, d), "difference": fmt_number(c.difference, d),
                     "agrees": mark, "why": c.why})
    return pd.DataFrame(rows, columns=["source", "item", "paper", "ours", "difference", "agrees",
                                       "why"])


def _glance(sections: list[Section]):
    """Per section: how many numbers were compared with the paper and how many agree."""
    import pandas as pd

    rows = []
    for s in sections:
        if not s.comparisons:
            continue
        judged = [c for c in s.comparisons if c.agrees is not None]
        rows.append({"section": s.title, "compared with the paper": len(s.comparisons),
                     "reproduced": sum(bool(c.agrees) for c in judged),
                     "differ": sum(not c.agrees for c in judged)})
    return pd.DataFrame(rows, columns=["section", "compared with the paper", "reproduced",
                                       "differ"])


def _files(t) -> str:
    return f"tables/{t.name}.csv, tables/{t.name}.tex"


def render_markdown(title: str, meta_lines: list[str], sections: list[Section], figs: dict) -> str:
    """The whole report as Markdown (figures linked, tables inline)."""
    out = [f"# {title}", ""]
    out += [f"_{line}_  " for line in meta_lines] + [""]
    glance = _glance(sections)
    if len(glance):
        out += ["## At a glance", "", _md_table(glance.astype(str)), "",
                "Every comparison: `tables/comparison_with_paper.csv`.", ""]
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
    glance = _glance(sections)
    if len(glance):
        parts += ['<section id="glance"><h2>At a glance</h2>', _html_table(glance.astype(str)),
                  '<p class="caption">Numbers set beside the value the paper prints, per section; '
                  '"reproduced": ours rounds to the printed value (or, for Monte-Carlo numbers, '
                  'the printed value is inside our interval). Every comparison: '
                  '<a href="tables/comparison_with_paper.csv">comparison_with_paper.csv</a>.</p>',
                  "</section>"]
    for s in sections:
        parts.append(f'<section id="{escape_html(s.key)}"><h2>{escape_html(s.title)}</h2>')
        if s.intro:
            parts.append(_para_html(s.intro))
        for f in s.figures:
            b64 = figs[f.name]["png_b64"]
            parts.append(
                f'<figure><img src="data:image/png;base64,{b64}" alt="{escape_html(f.title)}">'
                f'<figcaption class="caption"><strong>{escape_html(f.title)}.</strong> '
                f'{escape_html(f.caption)} <a href="{figs[f.name]["svg"]}">SVG</a></figcaption></figure>')
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
