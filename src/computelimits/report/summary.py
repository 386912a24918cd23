"""The report's opening: what reproduced, in plain language, a headline table, and every
comparison with the paper counted by what it shows (:data:`~computelimits.report.model.CATEGORIES`).

Everything here is computed from the sections' comparisons, so the opening cannot disagree with
the rows below it.
"""

from __future__ import annotations

from typing import Any

from .model import CATEGORIES, Comparison, Section
from .numbers import _ours_digits, fmt_number

__all__ = ["glance_frame", "headline_frame", "summary_paragraphs", "category_counts"]

#: Short column names of the categories in the "At a glance" table.
_SHORT = {"matches": "match the printed digits", "consistent": "consistent (95%)",
          "inconsistent": "inconsistent", "not comparable": "not comparable by construction",
          "no interval": "differ, no interval"}


def _all(sections: list[Section]) -> list[Comparison]:
    return [c for s in sections for c in s.comparisons]


def category_counts(comparisons: list[Comparison]) -> dict[str, int]:
    """``{category: count}`` in the order of :data:`CATEGORIES` (zeros included)."""
    out = dict.fromkeys(CATEGORIES, 0)
    for c in comparisons:
        out[c.category] += 1
    return out


def glance_frame(sections: list[Section]):
    """Per section, and in total: the numbers compared with the paper, by category (a column
    for "no interval" only when some comparison has none)."""
    import pandas as pd

    rows = []
    for s in sections:
        if s.comparisons:
            rows.append({"section": s.title, "compared": len(s.comparisons),
                         **category_counts(s.comparisons)})
    if not rows:
        return pd.DataFrame()
    total = category_counts(_all(sections))
    rows.append({"section": "All sections", "compared": sum(total.values()), **total})
    df = pd.DataFrame(rows)
    if not df["no interval"].any():
        df = df.drop(columns="no interval")
    return df.rename(columns=_SHORT)


def _fmt(c: Comparison, v: Any) -> str:
    """The paper's value at its printed digits; ours one digit finer (as in the tables below)."""
    return fmt_number(v, _ours_digits(c) if v is c.ours else c.digits)


def headline_frame(sections: list[Section]):
    """The headline comparisons (``Comparison.headline``): item, the paper's value, ours, their
    95% interval and what the two show together."""
    import pandas as pd

    rows = []
    for c in _all(sections):
        if not c.headline:
            continue
        iv = ""
        if c.interval is not None:
            d = _ours_digits(c)
            lo = fmt_number(c.interval[0], d) if c.interval[0] is not None else "-∞"
            hi = fmt_number(c.interval[1], d) if c.interval[1] is not None else "∞"
            iv = f"{lo} to {hi} ({'the paper' if c.interval_of == 'paper' else 'ours'})"
        rows.append({"item": f"{c.item} [{c.source}]", "paper": _fmt(c, c.paper),
                     "ours": _fmt(c, c.ours), "95% interval": iv,
                     "what it shows": CATEGORIES[c.category]})
    return pd.DataFrame(rows, columns=["item", "paper", "ours", "95% interval", "what it shows"])


def summary_paragraphs(sections: list[Section]) -> list[str]:
    """A few plain sentences on what reproduced, built from the counts and the headline rows."""
    cmps = _all(sections)
    if not cmps:
        return []
    n = category_counts(cmps)
    total = len(cmps)
    judged = n["matches"] + n["consistent"] + n["inconsistent"]
    out = [
        f"This report sets {total} numbers beside the values the paper prints. Of the "
        f"{judged} that a different dataset could reproduce, {n['matches']} match the printed "
        f"digits and {n['consistent']} more are statistically consistent with the paper (inside "
        f"a 95% interval); {n['inconsistent']} are not. The other {n['not comparable']} cannot "
        "agree by construction: standard errors, F statistics and observation counts of a "
        "different, larger dataset, and R^2 or residual spread of a different sample"
        + (f"; {n['no interval']} differ with no interval to judge by" if n["no interval"]
           else "") + "."]
    heads = [c for c in cmps if c.headline]
    ok = [c for c in heads if c.category in ("matches", "consistent")]
    bad = [c for c in heads if c.category == "inconsistent"]
    if heads:
        out.append(
            f"Of the {len(heads)} headline numbers below, {len(ok)} reproduce (match or are "
            "consistent)" + (": " + "; ".join(f"{c.item} ({_fmt(c, c.ours)} vs the paper's "
                                             f"{_fmt(c, c.paper)})" for c in ok) if ok else "")
            + "." + (" Not reproduced: " + "; ".join(
                f"{c.item} ({_fmt(c, c.ours)} vs {_fmt(c, c.paper)})" for c in bad) + "."
                if bad else ""))
    periods = next((s.data.get("periods") for s in sections if s.data.get("periods")), None)
    if periods:
        out.append(
            f"ImageNet's pooled slope ({periods['pooled']:.3f} on all models) mixes periods: "
            f"models published before {periods['cut']} give {periods['before']:.3f} "
            f"({periods['nobs_before']} models), those published since {periods['after']:.3f} "
            f"({periods['nobs_after']})"
            + ("; the pooled line is steeper than either, because later models sit lower at "
               "equal computation" if periods.get("pooled_steeper") else "")
            + f"; with a year trend the slope is {periods['with_year']:.3f}. The earlier period "
            "is the like-for-like comparison with the paper (Tables 1 and 2 below).")
    return out
