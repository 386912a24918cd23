"""Hand-curated facts: values the public tables lack, each stated in a paper and cited.

A facts file (``curation/facts_*.csv``) is long: one fact per row, header
``model,benchmark,arxiv_id,paper_title,field,value,unit,citation,note`` (see
``docs/INTERFACES.md``). :func:`read_facts` parses and checks every row and converts the value to
the record schema's unit (FLOPs, seconds, counts); rows that fail are returned as problems, never
silently fixed.

Checks, per row: ``field`` is one of :data:`FACT_FIELDS`; ``benchmark`` is in the registry;
``model`` is given; ``arxiv_id`` is a valid arXiv id (or empty with a ``paper_title``); ``citation``
is present and, when it starts with ``arXiv:``, names a valid id and a place (table, section,
figure, page...); ``value`` parses for its field (numbers as printed, ``"3.8 x 10^9"``,
``"1,281,167"``, ``"4.1G"`` with a unit); ``unit`` is right for the field (FLOP/MFLOP/GFLOP/MAC/
MMAC/GMAC for ``flops_per_pass``; s/h/days/weeks for ``training_time_s``; count/M/B for
``params``; FLOP/PFLOP/s-day for ``training_compute_flops``, an extra field: total training
compute as the paper states it); ``hardware`` resolves in the hardware table; ``metric`` is one of the benchmark's
metrics; no field is given two different values for one model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ValidationProblem
from ..units import COMPUTE_UNITS, COUNT_UNITS, PER_PASS_UNITS, TIME_UNITS, compute_unit_name
from ._common import normalize_name, parse_number, parse_scaled

__all__ = ["FACT_COLUMNS", "FACT_FIELDS", "Fact", "FactGroup", "read_facts", "group_facts"]

FACT_COLUMNS: tuple[str, ...] = ("model", "benchmark", "arxiv_id", "paper_title", "field", "value",
                                 "unit", "citation", "note")
FACT_FIELDS: tuple[str, ...] = ("metric", "metric_value", "date", "flops_per_pass", "params", "epochs",
                                "training_examples", "hardware", "hardware_count", "training_time_s",
                                "training_compute_flops")

# the unit tables are the ones of computelimits.units (one table for the whole package)
_FLOP_UNITS = {u: COMPUTE_UNITS[u] for u in PER_PASS_UNITS}
_TIME_UNITS = TIME_UNITS
_COUNT_UNITS = COUNT_UNITS
_PLACE = re.compile(r"(table|tab\.|section|sec\.|§|figure|fig\.|page|p\.|pp\.|appendix|app\.|"
                    r"footnote|abstract|algorithm|eq\.|equation)", re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    """One checked fact, its value in schema units."""

    file: str
    row: int
    model: str
    benchmark: str
    arxiv_id: str | None
    paper_title: str | None
    field: str
    value: object  #: float, or str for metric/date/hardware
    raw: str  #: value and unit as written
    citation: str
    note: str
    chips_per_unit: float = 1.0  #: for hardware: chips the written name stands for
    native: tuple | None = None  #: for flops_per_pass: (number, unit) as the paper counts

    @property
    def source(self) -> str:
        """The ``*_source`` text: the citation, the value as printed and the facts file."""
        return f"{self.citation} ({self.raw}; {self.file} row {self.row})"


@dataclass
class FactGroup:
    """The facts of one model on one benchmark (one paper)."""

    model: str
    benchmark: str
    arxiv_id: str | None
    paper_title: str | None
    facts: dict[str, Fact] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.benchmark, self.arxiv_id or normalize_name(self.paper_title), normalize_name(self.model))


def _convert(fld: str, value: str, unit: str, bench) -> tuple[object, str | None, float]:
    """(converted value, problem or None, chips per unit)."""
    u = unit.strip().lower()
    if fld == "metric":
        m = value.strip().lower()
        if m not in bench.metrics:
            return None, f"one of {', '.join(bench.metrics)} for {bench.benchmark}", 1.0
        return m, None, 1.0
    if fld == "date":
        v = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", v):
            import datetime as dt

            try:
                parts = [int(x) for x in v.split("-")]
                dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
                return v, None, 1.0
            except ValueError:
                pass
        return None, "a date YYYY-MM-DD or YYYY-MM", 1.0
    if fld == "hardware":
        try:
            from ..hardware import resolve_hardware_unit
        except ImportError:  # pragma: no cover
            return None, "a chip of the hardware table (table not available)", 1.0
        from ..errors import UnknownNameError

        try:
            canon, per = resolve_hardware_unit(value)
        except UnknownNameError as exc:
            return None, f"a known chip ({exc})", 1.0
        return canon, None, float(per)
    if fld == "flops_per_pass":
        got = parse_scaled(value)
        if got is None:
            return None, "a number (e.g. 3.8 x 10^9, 4.1, 4.1G)", 1.0
        num, suf = got
        if u not in _FLOP_UNITS:
            return None, "a unit FLOP, MFLOP, GFLOP, MAC, MMAC or GMAC", 1.0
        mult = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "b": 1e9, "t": 1e12}[suf]
        return (num * mult, u), None, 1.0
    if fld == "training_compute_flops":
        v = parse_number(value, percent=False)
        if v is None:
            return None, "a number (e.g. 2.3 x 10^19)", 1.0
        units = {k: f for k, f in COMPUTE_UNITS.items() if "mac" not in k and "mult" not in k}
        if u not in units:
            return None, "a unit FLOP, GFLOP, TFLOP, PFLOP or PFLOP/s-day", 1.0
        if v <= 0:
            return None, "a number > 0", 1.0
        return v * units[u], None, 1.0
    if fld == "training_time_s":
        v = parse_number(value, percent=False)
        if v is None:
            return None, "a number", 1.0
        if u not in _TIME_UNITS:
            return None, "a unit s, h, days or weeks", 1.0
        return v * _TIME_UNITS[u], None, 1.0
    if fld == "params":
        got = parse_scaled(value)
        if got is None:
            return None, "a number (e.g. 25.6 with unit M, or 25,557,032)", 1.0
        num, suf = got
        if u not in _COUNT_UNITS:
            return None, "a unit count, M or B", 1.0
        if suf and u not in ("", "count"):
            return None, "a magnitude either in the value (25.6M) or in the unit, not both", 1.0
        return num * _COUNT_UNITS[suf or u], None, 1.0
    # metric_value, epochs, training_examples, hardware_count: plain numbers
    v = parse_number(value, percent=(fld == "metric_value"))
    if v is None:
        return None, "a number", 1.0
    if fld in ("training_examples", "epochs", "hardware_count") and u in _COUNT_UNITS and u not in ("", "count"):
        v *= _COUNT_UNITS[u]
    elif fld != "metric_value" and u not in _COUNT_UNITS:
        return None, "a count (unit empty, count, K, M or B)", 1.0
    if v <= 0 and fld != "metric_value":
        return None, "a number > 0", 1.0
    return v, None, 1.0


def read_facts(paths) -> tuple[list[Fact], list[ValidationProblem]]:
    """Read and check facts files.

    Parameters
    ----------
    paths : iterable of str or Path
        Facts CSVs (missing files are a problem; an empty iterable is fine).

    Returns
    -------
    facts : list of Fact
        The rows that passed every check, values in schema units.
    problems : list of ValidationProblem
        One per failed check (file, row, column, what was expected).
    """
    import csv
    import io

    from ..arxiv import parse_arxiv
    from ..benchmarks import get_benchmark
    from ..errors import InputError, UnknownNameError

    facts: list[Fact] = []
    problems: list[ValidationProblem] = []
    for path in sorted(Path(p) for p in paths):
        name = path.name
        if not path.is_file():
            problems.append(ValidationProblem(name, None, None, "a facts file", "no such file"))
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(ValidationProblem(name, None, None, "a UTF-8 CSV", str(exc)))
            continue
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in FACT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(ValidationProblem(name, None, missing[0], "the facts header "
                                              + ",".join(FACT_COLUMNS), "no such column"))
            continue
        for i, r in enumerate(reader, start=1):
            r = {k: (v or "").strip() for k, v in r.items() if k is not None}
            if not any(r.values()):
                continue
            def bad(col, exp, got=None, _name=name, _i=i):
                problems.append(ValidationProblem(_name, _i, col, exp, None if got is None else repr(got)))

            ok = True
            if not r["model"]:
                bad("model", "a model name"); ok = False  # noqa: E702
            try:
                bench = get_benchmark(r["benchmark"])
            except UnknownNameError as exc:
                bad("benchmark", "a benchmark id (" + ", ".join(exc.candidates) + ")", r["benchmark"])
                bench, ok = None, False
            ax = None
            if r["arxiv_id"]:
                try:
                    ax = parse_arxiv(r["arxiv_id"]).id
                except InputError:
                    bad("arxiv_id", "a valid arXiv id (YYMM.NNNNN)", r["arxiv_id"]); ok = False  # noqa: E702
            elif not r["paper_title"]:
                bad("arxiv_id", "an arXiv id, or a paper_title for a paper not on arXiv"); ok = False  # noqa: E702
            cit = r["citation"]
            if not cit:
                bad("citation", "a citation (arXiv:<id> <Table N | Section N | p. N>)"); ok = False  # noqa: E702
            elif cit.lower().startswith("arxiv:"):
                m = re.match(r"arxiv:\s*(\S+)", cit, re.IGNORECASE)
                try:
                    parse_arxiv(m.group(1).rstrip(",;"))
                except (InputError, AttributeError):
                    bad("citation", "a valid arXiv id after 'arXiv:'", cit); ok = False  # noqa: E702
                if not _PLACE.search(cit[m.end():] if m else ""):
                    bad("citation", "a place in the paper (Table N, Section N, Figure N or p. N)", cit)
                    ok = False
            if r["field"] not in FACT_FIELDS:
                bad("field", "one of " + ", ".join(FACT_FIELDS), r["field"]); ok = False  # noqa: E702
            if not r["value"]:
                bad("value", "a value"); ok = False  # noqa: E702
            if not ok or bench is None:
                continue
            value, problem, per = _convert(r["field"], r["value"], r["unit"], bench)
            if problem is not None:
                col = "unit" if problem.startswith("a unit") else "value"
                bad(col, problem, r["unit"] if col == "unit" else r["value"])
                continue
            raw = f"{r['value']} {r['unit']}".strip()
            native = None
            if r["field"] == "flops_per_pass":
                num, unit = value
                native = (num, compute_unit_name(unit))
                value = num * _FLOP_UNITS[unit]
            facts.append(Fact(name, i, r["model"], bench.benchmark, ax, r["paper_title"] or None,
                              r["field"], value, raw, cit, r["note"], per, native))
    return facts, problems


def group_facts(facts: list[Fact]) -> tuple[list[FactGroup], list[ValidationProblem]]:
    """Group facts by (benchmark, paper, model); a field given two different values is a problem
    (both facts are then left out). A ``hardware`` name that stands for several chips
    (``"Cloud TPU v3"``) multiplies the group's ``hardware_count``."""
    groups: dict[tuple, FactGroup] = {}
    problems: list[ValidationProblem] = []
    conflicts: set[tuple] = set()
    for f in facts:
        g = FactGroup(f.model, f.benchmark, f.arxiv_id, f.paper_title)
        g = groups.setdefault(g.key, g)
        if g.paper_title is None and f.paper_title:
            g.paper_title = f.paper_title
        prev = g.facts.get(f.field)
        if prev is None:
            g.facts[f.field] = f
        elif prev.value != f.value:
            problems.append(ValidationProblem(
                f.file, f.row, "value", f"one value of {f.field} for {f.model} on {f.benchmark}; "
                f"{prev.file} row {prev.row} says {prev.raw}", f.raw))
            conflicts.add((g.key, f.field))
    for key, fld in conflicts:
        groups[key].facts.pop(fld, None)
    out = []
    for g in groups.values():
        hw = g.facts.get("hardware")
        cnt = g.facts.get("hardware_count")
        if hw is not None and cnt is not None and hw.chips_per_unit != 1.0:
            g.facts["hardware_count"] = Fact(
                cnt.file, cnt.row, cnt.model, cnt.benchmark, cnt.arxiv_id, cnt.paper_title, cnt.field,
                float(cnt.value) * hw.chips_per_unit,
                f"{cnt.raw} x {hw.chips_per_unit:g} chips per '{hw.raw}'", cnt.citation, cnt.note)
        out.append(g)
    out.sort(key=lambda g: g.key)
    return out, problems
