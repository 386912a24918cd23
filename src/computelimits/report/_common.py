"""What every report stage shares: the paper's printed values, cached fits, comparison rows.

Computation only (no prose beyond the one-line "agrees" mark, no layout); the sentences that
explain a difference are in :mod:`computelimits.report.prose`.
"""

from __future__ import annotations

import math
from typing import Any

from ..benchmarks import FIGURE4_BENCHMARKS
from .model import Comparison, ReportFigure
from .pipeline import ReportContext

#: arXiv id of the paper (its release month dates the paper's data collection).
PAPER_ARXIV = "2007.05558"
#: Benchmarks of Figure 3 / Tables 3-4 (the paper's order).
BURDEN_BENCHMARKS = FIGURE4_BENCHMARKS
#: Shown in Figure 3 of the paper but not in its tables.
EXTRA_BURDEN_BENCHMARK = "wmt14-en-de"

_AGREES = "Agrees to the digits the paper prints."
_X_MEASURE = {"per-pass": "computation per network pass", "burden": "hardware burden"}


def _paper_collected() -> str:
    """Month the paper was first released (its data were collected before)."""
    from ..arxiv import arxiv_date

    return arxiv_date(PAPER_ARXIV).strftime("%B %Y")


def _bname(b: str | None) -> str:
    from ..benchmarks import get_benchmark

    return get_benchmark(b).name if b else "data"


def _pv(source: str, quantity: str, item: str | None = None,
        column: str | None = None) -> tuple[float, int]:
    from ..reference import paper_value

    return paper_value(source, quantity, item=item, column=column)


def _finite(v: Any) -> bool:
    try:
        return math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _agrees(ours: Any, paper: float, digits: int) -> bool:
    from ..reference import agrees

    return _finite(ours) and agrees(float(ours), float(paper), int(digits))


def _cmp(source: str, item: str, paper: float, digits: int, ours: Any, why: str,
         **kw: Any) -> Comparison:
    """A comparison row whose ``why`` is ``_AGREES`` when ours rounds to the printed value;
    ``kw`` (``interval``, ``interval_of``, ``not_comparable``, ``headline``) go to
    :class:`Comparison`."""
    ours_v = float(ours) if _finite(ours) else None
    return Comparison(source=source, item=item, paper=float(paper), ours=ours_v, digits=int(digits),
                      why=_AGREES if _agrees(ours, paper, digits) else why, **kw)


def _figure(name: str, title: str, caption: str, axes: Any, *, data: Any = None,
            inputs: tuple[str, ...] = ("models",)) -> ReportFigure:
    """A report figure from the axes a plotting function returned (one or an array)."""
    import numpy as np

    first = np.ravel(np.asarray(axes, dtype=object))[0]
    return ReportFigure(name=name, title=title, caption=caption, figure=first.figure, data=data,
                        inputs=tuple(inputs))


def _fit(ctx: ReportContext, **kw: Any):
    """:func:`computelimits.fitting.fit` on the bundled data, cached across stages."""
    from ..fitting import fit

    kw.setdefault("include_extra_data", ctx.settings.include_extra_data)
    key = "fit:" + repr(sorted(kw.items()))
    return ctx.get(key, lambda: fit(**kw))


def _data(ctx: ReportContext):
    """Records for functions that load the bundled data themselves: ``None`` (their default, all
    models) unless the run leaves out models trained on extra data."""
    return None if ctx.settings.include_extra_data else ctx.models


def _years(result) -> tuple[int, int]:
    y = result.data["year"]
    return int(math.floor(y.min())), int(math.floor(y.max()))


def _sample(result) -> str:
    y0, y1 = _years(result)
    return f"{result.nobs} models published {y0} to {y1}"


def _pretty(v: float, digits: int = 3) -> str:
    if not _finite(v):
        return "unbounded" if v is not None and math.isinf(float(v)) else "n/a"
    return f"{float(v):,.{digits}g}"


def _interval(lo: float, hi: float, digits: int = 3) -> str:
    return f"{_pretty(lo, digits)} to {_pretty(hi, digits)}"


_X_SOURCE = {"per-pass": "flops_per_pass_source", "burden": "hardware_burden_flops_source"}


def _fit_points(result) -> Any:
    """The rows a fit used, with their sources: the data behind a fit's figure (one row per
    point: benchmark, model, year, error, computation in the fit's unit, where each comes from)."""
    from ..datasets import load_models

    d = result.data
    src = load_models(result.benchmark).drop_duplicates("model").set_index("model")
    paper = src["arxiv_id"].map(lambda a: f"arXiv:{a}" if isinstance(a, str) and a else None)
    paper = paper.where(paper.notna(), src["paper_title"])
    x_src = _X_SOURCE.get(result.x)
    unit = f"{result.x_unit.lower()}s"
    out = d[["benchmark", "model", "year", "error"]].copy()
    out[f"computation_{unit}" if result.x == "per-pass" else f"hardware_burden_{unit}"] = (
        d["x_value"] / result.x_scale)
    out["computation_imputed"] = d["flops_imputed"].astype(bool)
    out["paper"] = d["model"].map(paper)
    out["error_source"] = d["model"].map(src["metric_value_source"])
    if x_src is not None and x_src in src:
        out["computation_source"] = d["model"].map(src[x_src])
    return out.reset_index(drop=True)


def _point_labels(result) -> list[str]:
    """Hover labels of a fit's points: model, year, error, computation and source."""
    from ..plotting.hover import fit_point_labels

    pts = _fit_points(result)
    srcs = {m: (p if isinstance(p, str) else None) for m, p in zip(pts["model"], pts["paper"],
                                                                    strict=True)}
    return fit_point_labels(result, sources=srcs)


def _progress(ctx: ReportContext):
    """Algorithmic progress on ImageNet (cached; the backtest stage shows it in full)."""
    from ..progress import algorithmic_progress

    return ctx.get("progress:imagenet", lambda: algorithmic_progress(_data(ctx),
                                                                          benchmark="imagenet"))
