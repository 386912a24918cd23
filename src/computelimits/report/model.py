"""Building blocks of the reproduction report: figures, tables, comparisons, sections.

Stages (see :mod:`computelimits.report.stages`) compute results with the library's public
functions and return a :class:`Section`; :mod:`computelimits.report.render` writes them out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ReportFigure", "ReportTable", "Comparison", "Section", "comparison_frame"]


@dataclass
class ReportFigure:
    """A matplotlib figure to save as ``figures/<name>.png`` and ``.svg``, with the data behind it.

    ``data`` (a DataFrame, one row per drawn point) is written as ``figures/<name>.csv``;
    ``inputs`` names the report inputs it was drawn from (:mod:`computelimits.report.inputs`).
    """

    name: str
    title: str
    caption: str
    figure: Any  #: a matplotlib Figure; closed after rendering
    data: Any = None  #: pandas.DataFrame behind the figure, one row per point
    inputs: tuple[str, ...] = ()  #: keys of the report inputs that fed it


@dataclass
class ReportTable:
    """A table to save as ``tables/<name>.csv`` and ``.tex`` and show in the report.

    ``frame`` holds full precision; ``display`` (optional) is the rounded, human version used in
    HTML/Markdown; ``latex`` (optional) overrides the LaTeX rendering (e.g. a regression table
    laid out like the paper's).
    """

    name: str
    title: str
    frame: Any  #: pandas.DataFrame, full precision
    caption: str = ""
    display: Any = None  #: pandas.DataFrame of strings, optional
    latex: str | None = None
    html: str | None = None  #: optional pre-rendered HTML (e.g. a regression comparison)
    text: str | None = None  #: optional pre-rendered monospace text for Markdown
    show: bool = True  #: False: written to tables/ and linked, but not printed in the report


@dataclass
class Comparison:
    """One headline number beside the paper's printed value."""

    source: str  #: "Table 1", "Figure 4", ...
    item: str  #: "ImageNet polynomial slope"
    paper: float | str | None
    ours: float | str | None
    digits: int | None = None  #: decimals the paper prints (negative: tens, hundreds ...)
    why: str = ""  #: one sentence on why they differ, where they do
    #: whether ours reproduces the printed value; by default, ours rounds to it at ``digits``
    #: (within half a unit of the last printed digit)
    agrees: bool | None = None

    def __post_init__(self):
        if self.agrees is None and self.digits is not None and self.difference is not None:
            from ..reference import agrees

            self.agrees = agrees(float(self.ours), float(self.paper), int(self.digits))  # type: ignore[arg-type]

    @property
    def difference(self) -> float | None:
        try:
            d = float(self.ours) - float(self.paper)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return d if math.isfinite(d) else None


@dataclass
class Section:
    """One part of the report (e.g. "Figure 2b and Table 1: ImageNet per-pass computation")."""

    key: str
    title: str
    intro: str = ""  #: paragraphs of plain text / light Markdown (blank-line separated)
    figures: list[ReportFigure] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  #: machine-readable results for JSON


def comparison_frame(comparisons: list[Comparison], section: str | None = None):
    """Comparisons as a DataFrame with stable columns (``section`` first when given)."""
    import pandas as pd

    rows = [dict(source=c.source, item=c.item, paper=c.paper, ours=c.ours,
                 difference=c.difference, paper_digits=c.digits, agrees=c.agrees, why=c.why)
            for c in comparisons]
    cols = ["source", "item", "paper", "ours", "difference", "paper_digits", "agrees", "why"]
    df = pd.DataFrame(rows, columns=cols)
    if section is not None:
        df.insert(0, "section", section)
    return df
