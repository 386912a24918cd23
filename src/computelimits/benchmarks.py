"""The benchmark registry: what each benchmark measures and how the paper turns it into an error rate.

The registry is data (``data/benchmarks.csv``); the error rules it names are a small registry of
functions. The paper analyses every benchmark as an *error rate*, a fraction in (0, 1): for
"higher is better" scores (accuracy, box AP, F1, BLEU) the error is ``1 - score/100``; word
error rate is used as is (section 3.2, Figure 4, Tables 3-4).

References
----------
Thompson et al., "The Computational Limits of Deep Learning", sections 3.2, 6.2-6.4, Figure 6.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ._registry import Registry
from .errors import UnknownNameError

__all__ = [
    "Benchmark",
    "ERROR_RULES",
    "list_benchmarks",
    "get_benchmark",
    "benchmark_display_name",
    "resolve_benchmark",
    "metric_to_error",
    "error_to_metric",
    "FIGURE4_BENCHMARKS",
    "GROUPS",
]

#: The benchmarks of the paper's hardware-burden analysis, in its order: Figure 4, Figure 3's
#: fits and Tables 3-4 (the one copy of this list; figure4, the paper's regressions and the
#: report use it).
FIGURE4_BENCHMARKS: tuple[str, ...] = ("imagenet", "coco", "squad11", "conll2003", "wmt14-en-fr")

#: Error rules: (metric value as a fraction of its scale) -> error fraction, and back.
ERROR_RULES: Registry[tuple] = Registry("error rule")
ERROR_RULES.add("complement", (lambda f: 1.0 - f, lambda e: 1.0 - e))
ERROR_RULES.add("identity", (lambda f: f, lambda e: e))


def _no_error_rate(_):
    from .errors import InputError

    raise InputError("a composite index (e.g. the Epoch Capabilities Index) is on an open scale and "
                     "has no error rate; use it as a model attribute, not as a benchmark score")


ERROR_RULES.add("index", (_no_error_rate, _no_error_rate))

#: Benchmark groups: the paper's nine (section 6) and the language-model benchmarks after 2020.
GROUPS: tuple[str, ...] = ("paper", "modern")


@dataclass(frozen=True)
class Benchmark:
    """One benchmark of the registry (a row of ``data/benchmarks.csv``)."""

    benchmark: str
    name: str
    aliases: tuple[str, ...]
    task: str
    area: str
    metric: str
    metric_alternatives: tuple[str, ...]
    metric_scale: float
    higher_is_better: bool
    error_rule: str
    error_description: str
    training_set_size: float
    training_set_unit: str
    training_set_source: str
    paper_table: str
    group: str = "paper"  #: "paper" (the paper's nine) or "modern" (language models after 2020)
    answer_format: str = ""  #: e.g. "4-way multiple choice", "open-ended (numeric answer)"
    chance_floor: float = float("nan")  #: score of random guessing (fraction); NaN when none applies
    chance_floor_source: str = ""  #: why the floor is what it is
    reference: str = ""  #: the benchmark's paper (arXiv id) or page

    @property
    def metrics(self) -> tuple[str, ...]:
        """The primary metric followed by the accepted alternatives."""
        return (self.metric, *self.metric_alternatives)

    def to_error(self, value, metric: str | None = None):
        """Metric value on its reported scale (e.g. 76.1 % top-1) to an error fraction."""
        self._check_metric(metric)
        fwd, _ = ERROR_RULES.get(self.error_rule)
        return fwd(np.asarray(value, dtype=float) / self.metric_scale) if np.ndim(value) else float(
            fwd(float(value) / self.metric_scale))

    def from_error(self, error, metric: str | None = None):
        """Error fraction back to the metric's reported scale."""
        self._check_metric(metric)
        _, inv = ERROR_RULES.get(self.error_rule)
        return inv(np.asarray(error, dtype=float)) * self.metric_scale if np.ndim(error) else float(
            inv(float(error)) * self.metric_scale)

    def _check_metric(self, metric: str | None) -> None:
        if metric is not None and str(metric).lower() not in self.metrics:
            raise UnknownNameError(f"metric for {self.benchmark}", str(metric), list(self.metrics))


def _split(s) -> tuple[str, ...]:
    if s is None or (isinstance(s, float) and np.isnan(s)) or str(s).strip() == "":
        return ()
    return tuple(x.strip() for x in str(s).split(";") if x.strip())


def _float_or_nan(s) -> float:
    return float(s) if s is not None and str(s).strip() else float("nan")


@cache
def _load() -> dict[str, Benchmark]:
    import csv
    import io
    from importlib import resources

    text = resources.files("computelimits.data").joinpath("benchmarks.csv").read_text("utf-8")
    out: dict[str, Benchmark] = {}
    for row in csv.DictReader(io.StringIO(text)):
        b = Benchmark(
            benchmark=row["benchmark"],
            name=row["name"],
            aliases=_split(row["aliases"]),
            task=row["task"],
            area=row["area"],
            metric=row["metric"],
            metric_alternatives=_split(row["metric_alternatives"]),
            metric_scale=_float_or_nan(row["metric_scale"]),
            higher_is_better=row["higher_is_better"].strip().lower() == "true",
            error_rule=row["error_rule"],
            error_description=row["error_description"],
            training_set_size=_float_or_nan(row["training_set_size"]),
            training_set_unit=row["training_set_unit"],
            training_set_source=row["training_set_source"],
            paper_table=row["paper_table"],
            group=row.get("group") or "paper",
            answer_format=row.get("answer_format") or "",
            chance_floor=_float_or_nan(row.get("chance_floor")),
            chance_floor_source=row.get("chance_floor_source") or "",
            reference=row.get("reference") or "",
        )
        out[b.benchmark] = b
    return out


def _norm(s: str) -> str:
    return "".join(ch for ch in str(s).lower() if ch.isalnum())


@cache
def _alias_map() -> dict[str, str]:
    m: dict[str, str] = {}
    for key, b in _load().items():
        for a in (key, b.name, *b.aliases):
            m[_norm(a)] = key
    return m


def list_benchmarks(group: str | None = "paper"):
    """The registry as a :class:`pandas.DataFrame`, one row per benchmark.

    Parameters
    ----------
    group : {"paper", "modern"} or None
        ``"paper"`` (default): the paper's nine benchmarks, as the paper's analyses use them.
        ``"modern"``: the language-model benchmarks after 2020 (MMLU, GPQA Diamond, ...), with
        their chance floors. ``None``: every registered benchmark, the paper's first.

    Examples
    --------
    >>> len(list_benchmarks()), "mmlu" in set(list_benchmarks("modern")["benchmark"])
    (9, True)
    """
    import pandas as pd

    if group is not None and group not in GROUPS:
        raise UnknownNameError("benchmark group", str(group), list(GROUPS))
    rows = []
    for b in _load().values():
        if group is not None and b.group != group:
            continue
        d = dict(b.__dict__)
        d["aliases"] = ";".join(b.aliases)
        d["metric_alternatives"] = ";".join(b.metric_alternatives)
        rows.append(d)
    return pd.DataFrame(rows)


def resolve_benchmark(name: str) -> str:
    """Canonical benchmark id for a name or alias (case, spaces and punctuation ignored).

    Examples
    --------
    >>> resolve_benchmark("ILSVRC")
    'imagenet'
    >>> resolve_benchmark("WMT 2014 EN-FR")
    'wmt14-en-fr'
    """
    key = _alias_map().get(_norm(name))
    if key is None:
        import difflib

        close = difflib.get_close_matches(str(name).lower(), list(_load()), n=4, cutoff=0.3)
        raise UnknownNameError("benchmark", str(name), close or list(_load()))
    return key


def get_benchmark(name: str) -> Benchmark:
    """The :class:`Benchmark` for a name or alias."""
    return _load()[resolve_benchmark(name)]


def benchmark_display_name(name) -> str:
    """A benchmark's display name for labels (``"imagenet"`` -> ``"ImageNet (ILSVRC-2012)"``);
    the name itself when it is not a known benchmark, ``""`` for ``None`` or ``""``."""
    if not name:
        return ""
    try:
        return get_benchmark(name).name
    except Exception:  # noqa: BLE001 - a label only
        return str(name)


def metric_to_error(benchmark: str, value, metric: str | None = None):
    """Convert a reported metric value to the paper's error fraction for ``benchmark``."""
    return get_benchmark(benchmark).to_error(value, metric)


def error_to_metric(benchmark: str, error, metric: str | None = None):
    """Convert an error fraction back to the benchmark's reported metric scale."""
    return get_benchmark(benchmark).from_error(error, metric)
