"""Building blocks of the reproduction report: figures, tables, comparisons, sections.

Stages (see :mod:`computelimits.report.stages`) compute results with the library's public
functions and return a :class:`Section`; :mod:`computelimits.report.render` writes them out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ReportFigure", "ReportTable", "Comparison", "Section", "comparison_frame",
           "CATEGORIES"]


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


#: What a comparison with the paper shows, in the order the report counts them.
CATEGORIES: dict[str, str] = {
    "matches": "matches the printed digits",
    "consistent": "statistically consistent with the paper (inside a 95% interval)",
    "inconsistent": "inconsistent with the paper (outside the 95% interval)",
    "not comparable": "not comparable by construction",
    "no interval": "differs, with no interval to judge by",
}


def _bound(v: Any, default: float) -> float | None:
    """An interval end as a float: ``None``/infinite -> unbounded (``default``); NaN -> ``None``."""
    if v is None:
        return default
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    if math.isnan(x):
        return None
    return x


@dataclass
class Comparison:
    """One headline number beside the paper's printed value, and what the two say together.

    Its :attr:`category` follows from the numbers alone: ``"matches"`` when ours rounds to the
    printed value at the printed digits; else ``"not comparable"`` when ``not_comparable`` says
    why the two cannot agree by construction (a standard error or an F statistic of a different
    number of observations, a count of a different dataset); else ``"consistent"`` or
    ``"inconsistent"`` by whether the tested value lies inside ``interval`` (the paper's 95%
    interval, tested with ours, or ours, tested with the paper's value: ``interval_of``); else
    ``"no interval"``.

    Examples
    --------
    >>> Comparison("Table 1", "slope", paper=-0.11, ours=-0.1075, digits=2).category
    'matches'
    >>> Comparison("Table 3", "slope", paper=-0.12, ours=-0.09, digits=2,
    ...            interval=(-0.16, -0.08), interval_of="paper").category
    'consistent'
    >>> Comparison("Table 3", "slope SE", paper=0.02, ours=0.008, digits=2,
    ...            not_comparable="a standard error shrinks with more observations").category
    'not comparable'
    """

    source: str  #: "Table 1", "Figure 4", ...
    item: str  #: "ImageNet polynomial slope"
    paper: float | str | None
    ours: float | str | None
    digits: int | None = None  #: decimals the paper prints (negative: tens, hundreds ...)
    why: str = ""  #: one sentence on why they differ, where they do
    #: whether ours reproduces the printed value: by default, ours rounds to it at ``digits``, or
    #: (with an interval) the tested value is inside it; ``None`` when not comparable
    agrees: bool | None = None
    #: a 95% interval, ``(low, high)`` (``None`` or infinite: unbounded on that side)
    interval: tuple[float | None, float | None] | None = None
    #: whose interval: ``"paper"`` (ours is tested) or ``"ours"`` (the paper's value is tested)
    interval_of: str = "paper"
    #: why the two cannot agree by construction ("" when they can)
    not_comparable: str = ""
    #: shown in the report's opening table
    headline: bool = False

    def __post_init__(self):
        if self.interval_of not in ("paper", "ours"):
            raise ValueError(f"interval_of must be 'paper' or 'ours', got {self.interval_of!r}")
        if self.agrees is None:
            cat = self.category
            if cat in ("matches", "consistent", "inconsistent"):
                self.agrees = cat != "inconsistent"

    @property
    def difference(self) -> float | None:
        try:
            d = float(self.ours) - float(self.paper)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return d if math.isfinite(d) else None

    @property
    def matches(self) -> bool:
        """Ours rounds to the printed value at the printed digits."""
        if self.digits is None or self.difference is None:
            return False
        from ..reference import agrees

        return bool(agrees(float(self.ours), float(self.paper), int(self.digits)))  # type: ignore[arg-type]

    @property
    def inside(self) -> bool | None:
        """Whether the tested value lies inside :attr:`interval` (``None``: no usable interval)."""
        if self.interval is None:
            return None
        lo = _bound(self.interval[0], -math.inf)
        hi = _bound(self.interval[1], math.inf)
        tested = self.ours if self.interval_of == "paper" else self.paper
        try:
            v = float(tested)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        if lo is None or hi is None or not math.isfinite(v):
            return None
        return lo <= v <= hi

    @property
    def category(self) -> str:
        """One of :data:`CATEGORIES`, from the numbers (see the class notes)."""
        if self.matches:
            return "matches"
        if self.not_comparable:
            return "not comparable"
        inside = self.inside
        if inside is not None:
            return "consistent" if inside else "inconsistent"
        return "no interval"


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

    rows = []
    for c in comparisons:
        lo, hi = c.interval if c.interval is not None else (None, None)
        rows.append(dict(source=c.source, item=c.item, paper=c.paper, ours=c.ours,
                         difference=c.difference, paper_digits=c.digits, category=c.category,
                         agrees=c.agrees, interval_lower=lo, interval_upper=hi,
                         interval_of=c.interval_of if c.interval is not None else None,
                         not_comparable=c.not_comparable or None, why=c.why))
    cols = ["source", "item", "paper", "ours", "difference", "paper_digits", "category", "agrees",
            "interval_lower", "interval_upper", "interval_of", "not_comparable", "why"]
    df = pd.DataFrame(rows, columns=cols)
    if section is not None:
        df.insert(0, "section", section)
    return df
