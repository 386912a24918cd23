"""How the report writes numbers: one format per column, thousands grouped ("1,520" beside
"1,500"), years without separators, ours one digit finer than the paper prints."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["fmt_number"]


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
        return f"{x:,.{digits}f}"
    ax = abs(x)
    if ax != 0 and (ax >= 1e5 or ax < 1e-3):
        return f"{x:.3g}"
    if ax >= 1000:  # 1,427.3: no scientific notation below 1e5, thousands grouped
        return f"{x:,.1f}"
    return f"{x:.3g}"


#: Columns holding calendar years (or year-like labels): printed without thousands separators.
_YEAR_COLUMNS = ("year", "start", "end", "cutoff", "published")


def _is_year_column(name: Any) -> bool:
    n = str(name).lower()
    return any(n == k or n.endswith("_" + k) or n.startswith(k + "_") for k in _YEAR_COLUMNS)


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
