"""One escaping function per output format (issue: user data in Markdown, LaTeX, CSV, HTML)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computelimits.errors import InputError
from computelimits.escaping import (
    csv_text,
    escape,
    escape_csv_cell,
    escape_html,
    escape_latex,
    escape_markdown,
)

HOSTILE = ['<script>alert(1)</script>', '[click](javascript:alert(1))', '<javascript:alert(1)>',
           'Net^2 {x} 50% #1 $5 ~ _a & b \\ c', '=HYPERLINK("http://evil","x")', "@SUM(A1:A9)",
           "+cmd|' /C calc'!A0", "-2+3", "\tTAB", "| pipe | *bold* `code` ![img](x)"]


def _bare_latex_specials(s: str) -> list[str]:
    """Special characters not part of an escape sequence or a $10^{..}$ power."""
    s = re.sub(r"\$\d+\^\{-?[\d.]+\}\$", "", s)
    s = re.sub(r"\\(textbackslash|textasciicircum|textasciitilde|textless|textgreater)\{\}", "", s)
    s = re.sub(r"\\[&%$#_{}]", "", s)
    return [c for c in s if c in "\\&%$#_{}~^<>"]


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_latex_escape_leaves_no_bare_special(s):
    assert _bare_latex_specials(escape_latex(s)) == []


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_html_and_markdown_escape_leave_no_tag_or_link(s):
    h = escape_html(s)
    assert "<" not in h and ">" not in h and '"' not in h
    m = escape_markdown(s)
    assert "<" not in m and ">" not in m and "\n" not in m
    assert re.search(r"(?<!\\)[\[\]()`*|]", m) is None


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_csv_cells_never_start_a_formula(s):
    out = escape_csv_cell(s)
    if out and out[0] in "=+-@\t\r":
        float(out)  # only plain numbers may start with a sign


def test_latex_examples_from_the_issue():
    assert escape_latex("EfficientNet^2") == r"EfficientNet\textasciicircum{}2"
    assert escape_latex("values beyond 10^308 overflow.") == "values beyond $10^{308}$ overflow."
    assert escape_latex("$ ^ ~ { }") == r"\$ \textasciicircum{} \textasciitilde{} \{ \}"


def test_markdown_examples_from_the_issue():
    assert "<script>" not in escape_markdown("<script>alert(1)</script>")
    md = escape_markdown("[x](javascript:alert(1))")
    assert "](" not in md and md.startswith("\\[")


def test_csv_text_defuses_formulas_and_keeps_numbers():
    df = pd.DataFrame({"model": ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+cmd", "ResNet-50"],
                       "value": ["-0.5", "1e3", "x", "+7"], "error": [-0.1, 0.2, 0.3, 0.4]})
    back = pd.read_csv(io.StringIO(csv_text(df)), dtype=str)
    assert back["model"].tolist() == ['\'=HYPERLINK("http://x","y")', "'@SUM(A1)", "'+cmd", "ResNet-50"]
    assert back["value"].tolist() == ["-0.5", "1e3", "x", "+7"]
    assert back["error"].tolist() == ["-0.1", "0.2", "0.3", "0.4"]


def test_records_csv_of_data_import_is_defused():
    from computelimits.importers import records_to_csv

    text = records_to_csv(pd.DataFrame({"model": ["=1+1", "ok"], "error": [0.1, -0.2]}))
    assert text.splitlines()[1:] == ["'=1+1,0.1", "ok,-0.2"]


def test_report_writers_use_the_escapers(tmp_path):
    from computelimits.report.model import ReportTable
    from computelimits.report.render import _latex, _md_table

    frame = pd.DataFrame({"model": ["Net^2 {big} 10% $5 ~x"], "link": ["[a](javascript:alert(1))<script>"]})
    md = _md_table(frame)
    assert "<script>" not in md and "](javascript" not in md
    t = ReportTable(name="t", title="A_title ^", frame=frame)
    tex = _latex(t)
    assert r"Net\textasciicircum{}2 \{big\} 10\% \$5 \textasciitilde{}x" in tex
    assert r"A\_title \textasciicircum{}" in tex


def test_figure4_latex_has_powers_in_math_mode():
    from computelimits.figure4 import figure4_table

    tex = figure4_table("paper").to_latex()
    assert "10^308" not in tex and r"\textasciicircum{}308" not in tex  # "$10^{308}$" if present


def test_escape_dispatch():
    assert escape("a<b", "html") == "a&lt;b" and escape("a_b", "text") == "a_b"
    with pytest.raises(InputError):
        escape("x", "rtf")
