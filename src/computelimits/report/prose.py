"""Sentences of the report built from the numbers: why a value differs from the printed one,
where the data come from.

Each function takes computed results and returns text; nothing here fits, tests or draws.
"""

from __future__ import annotations

import math

from ._common import _X_MEASURE, _finite, _paper_collected, _sample


def _why_fit(result, quantity: str, ours: float, paper: float, printed: dict[str, float],
             comparable: bool = True, interval: tuple[float, float] | None = None) -> str:
    """Why a fit statistic differs from the printed one, from the numbers at hand."""
    if not comparable:
        return ("Not comparable: with a year trend the constant and its standard error depend "
                "on the year counted as zero, which the paper does not state.")
    pn = printed.get("nobs")
    n = result.nobs
    paper_n = f"the paper's {pn:.0f}" if _finite(pn) else "the paper's"
    data = f"our {_sample(result)} vs {paper_n}, collected before {_paper_collected()}"
    if quantity == "nobs":
        return (f"Different data: the open dataset has {_sample(result)} with "
                f"{_X_MEASURE.get(result.x, result.x)}; the paper had {pn:.0f}, collected before "
                f"{_paper_collected()}.")
    if quantity in ("const", "slope", "year"):
        se = printed.get(f"{quantity}_se")
        if interval is not None and _finite(se) and se > 0:
            k = abs(ours - paper) / se
            where = "inside" if interval[0] <= ours <= interval[1] else "outside"
            return (f"Different data ({data}): {k:.1f} of the paper's standard errors apart, "
                    f"{where} its 95% interval ({interval[0]:.3g} to {interval[1]:.3g}).")
        return f"Different data ({data})."
    if quantity == "resid_se":
        how = "less" if ours < paper else "more"
        return f"Different data ({data}): our models scatter {how} around the line."
    if quantity.endswith("_se") and _finite(pn) and paper != 0:
        return (f"Standard errors shrink with more observations: {n} instead of {pn:.0f} predicts "
                f"{math.sqrt(pn / n):.2f} times the paper's; ours is {ours / paper:.2f} times.")
    if quantity in ("r2", "r2_adj"):
        span = float(result.data["log10_x"].max() - result.data["log10_x"].min())
        return (f"Different data ({data}); our {_X_MEASURE.get(result.x, result.x)} spans "
                f"{span:.1f} orders of magnitude.")
    if quantity == "f":
        pr2 = printed.get("r2")
        r2 = f", R^2 {result.rsquared:.2f} vs {pr2:.2f}" if _finite(pr2) else ""
        return f"F grows with observations and R^2: {n} vs {pn:.0f} observations{r2}."
    return f"Different data ({data})."


def _source_kinds(sources) -> str:
    """'151 from papers, 140 from timm, ...' for a column of ``*_source`` strings."""
    kinds: dict[str, int] = {}
    for s in sources.dropna().astype(str):
        if s.startswith("timm"):
            k = "timm"
        elif s.startswith("arXiv") or s.startswith("Krizhevsky"):
            k = "papers (curated)"
        elif s.startswith("Papers with Code") or s.startswith("pwc"):
            k = "Papers with Code"
        elif s.startswith("Epoch"):
            k = "Epoch AI"
        elif s.startswith("derived"):
            k = "derived"
        else:
            k = "released code"
        kinds[k] = kinds.get(k, 0) + 1
    return ", ".join(f"{v} {k}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))
