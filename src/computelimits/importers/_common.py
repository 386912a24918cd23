"""Helpers shared by the importers: parsing values as sources print them, joining keys, CSV output.

Everything here is deterministic and locale-free: numbers are parsed with explicit rules and
written with Python's shortest round-trip ``repr``; rows and columns are written in a fixed order
with ``\\n`` line endings.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from ..escaping import escape_csv_cell

__all__ = [
    "ImportResult",
    "DROPPED_COLUMNS",
    "parse_number",
    "parse_count",
    "parse_scaled",
    "find_arxiv_id",
    "normalize_name",
    "normalize_title",
    "strip_parenthetical",
    "format_cell",
    "records_to_csv",
    "dropped_frame",
    "records_frame",
    "resolve_hardware_or_none",
]

#: Columns of every importer's "dropped" table.
DROPPED_COLUMNS: tuple[str, ...] = ("source", "row", "model", "field", "value", "reason")


class ImportResult(NamedTuple):
    """What an importer returns: the records it could build and what it dropped, with reasons.

    A plain tuple, so ``records, dropped = import_pwc(path)`` works.

    Attributes
    ----------
    records : pandas.DataFrame
        Rows in the record schema (:func:`computelimits.schema.all_columns` order).
    dropped : pandas.DataFrame
        One row per dropped input row or value: ``source`` (file), ``row`` (the source's row
        reference), ``model``, ``field`` (empty when the whole row was dropped), ``value`` and
        ``reason``.
    """

    records: Any
    dropped: Any


_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_NUM = re.compile(
    r"^\s*(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)\s*"
    r"(?:(?:[x\u00d7*]\s*10\s*(?:\^|\*\*)\s*(?P<pow>[+-]?\d+))|(?:[eE](?P<exp>[+-]?\d+)))?\s*$"
)


def _clean(text: Any) -> str | None:
    if text is None:
        return None
    if isinstance(text, float) and math.isnan(text):
        return None
    s = str(text)
    # "10⁹" -> "10^9" before NFKC folds superscripts into plain digits ("109")
    s = re.sub(r"10([\u207b\u207a]?[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+)",
               lambda m: "10^" + m.group(1), s)
    s = unicodedata.normalize("NFKC", s).strip()
    return s or None


def parse_number(text: Any, *, percent: bool = True) -> float | None:
    """A plain number as a source prints it, or ``None``.

    Accepts thousands separators (``"1,281,167"``), a trailing percent sign (``"88.5%"``, when
    ``percent``), scientific notation (``"2.85e+20"``) and the paper style ``"3.8 x 10^9"`` /
    ``"3.8 × 10^9"``. Anything else (words, ranges, ``"~5"``) gives ``None``: never a guess.

    Examples
    --------
    >>> parse_number("88.5%"), parse_number("3.8 × 10^9"), parse_number("about 4")
    (88.5, 3800000000.0, None)
    """
    s = _clean(text)
    if s is None:
        return None
    if percent and s.endswith("%"):
        s = s[:-1].strip()
    m = _NUM.match(s)
    if not m:
        return None
    try:
        d = Decimal(m["num"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
    p = m["pow"] or m["exp"]
    try:
        if p is not None:
            if len(p.lstrip("+-")) > 6:  # 10^(a million digits): no finite float
                return None
            d = d.scaleb(int(p))
        v = float(d)
    except (InvalidOperation, ArithmeticError, ValueError):
        return None
    return v if math.isfinite(v) else None


def parse_scaled(text: Any) -> tuple[float, str] | None:
    """A number with an optional K/M/B/G/T suffix (``"480M"``) as ``(number, suffix)``.

    ``suffix`` is the lower-case letter, or ``""`` when the text has none.
    """
    s = _clean(text)
    if s is None:
        return None
    m = re.match(r"^(?P<num>.+?)\s*(?P<suf>[kKmMbBgGtT])?$", s)
    if not m:
        return None
    v = parse_number(m["num"], percent=False)
    if v is None:
        return None
    return v, (m["suf"] or "").lower()


def parse_count(text: Any, *, bare: bool = False) -> float | None:
    """A count written with a magnitude suffix: ``"480M"`` -> 4.8e8, ``"1.2B"`` -> 1.2e9.

    Parameters
    ----------
    bare : bool
        Accept a number without a suffix as the count itself. Leaderboards print parameter
        counts with a suffix; a bare ``"4.0"`` there is ambiguous, so the default is to refuse.
    """
    got = parse_scaled(text)
    if got is None:
        return None
    v, suf = got
    if not suf:
        return v if bare else None
    out = float(Decimal(repr(v)) * Decimal(repr(_SUFFIX[suf])))
    return out if math.isfinite(out) else None


_ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|arxiv:\s*)"
    r"(?P<id>\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
    re.IGNORECASE,
)


def find_arxiv_id(text: Any) -> str | None:
    """The first valid arXiv id in a URL or free text (canonical, without version), or ``None``.

    Examples
    --------
    >>> find_arxiv_id("http://arxiv.org/abs/1703.02136v1")
    '1703.02136'
    >>> find_arxiv_id("https://proceedings.neurips.cc/paper/2012/hash/c39986.html") is None
    True
    """
    from ..arxiv import parse_arxiv
    from ..errors import InputError

    s = _clean(text)
    if s is None:
        return None
    for m in _ARXIV_IN_TEXT.finditer(s):
        try:
            return parse_arxiv(m["id"]).id
        except InputError:
            continue
    return None


def normalize_name(text: Any) -> str:
    """Join key for model names: lower case, letters and digits only (``"ResNet-50"`` -> ``"resnet50"``).

    A decimal point between digits is kept (as ``p``) and ``+`` as ``plus``: ``"1.6GF"`` and
    ``"16GF"``, ``"DC5+"`` and ``"DC5"`` are different models.
    """
    s = _clean(text) or ""
    s = s.replace("\u00d7", "x")
    s = re.sub(r"(?<=\d)\.(?=\d)", "p", s)  # "RegNetY-1.6GF" and "RegNetY-16GF" stay apart
    s = s.replace("+", "plus")  # "Faster RCNN-DC5+" is not "Faster RCNN-DC5"
    return "".join(ch for ch in s.lower() if ch.isascii() and ch.isalnum())


def normalize_title(text: Any) -> str:
    """Join key for paper titles: lower case, letters and digits only, surrounding quotes removed."""
    s = (_clean(text) or "").strip("\"'\u201c\u201d ")
    return normalize_name(s)


def strip_parenthetical(text: Any) -> str:
    """``"ResNet-152 (ImageNet)"`` -> ``"ResNet-152"`` (trailing parentheses and brackets removed)."""
    s = _clean(text) or ""
    prev = None
    while prev != s:
        prev = s
        s = re.sub(r"\s*[\(\[][^\(\)\[\]]*[\)\]]\s*$", "", s).strip()
    return s


def format_cell(value: Any) -> str:
    """One CSV cell: empty for missing, ``repr`` for floats, ``true``/``false`` for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        import numpy as np

        if isinstance(value, np.bool_):
            return "true" if bool(value) else "false"
        if isinstance(value, np.floating):
            value = float(value)
        elif isinstance(value, np.integer):
            value = int(value)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if not math.isfinite(value):
            raise ValueError(f"refusing to write a non-finite number: {value!r}")
        return repr(value)
    if isinstance(value, int):
        return str(value)
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def records_to_csv(df, columns: list[str] | None = None) -> str:
    """A table as CSV text: fixed column order, ``\\n`` line endings, minimal quoting."""
    cols = list(columns) if columns is not None else list(df.columns)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(cols)
    for row in df[cols].itertuples(index=False, name=None):
        w.writerow([escape_csv_cell(format_cell(v)) for v in row])
    return buf.getvalue()


def dropped_frame(rows: list[dict]):
    """Build the ``dropped`` table from a list of dicts (missing keys become empty)."""
    import pandas as pd

    return pd.DataFrame([{c: r.get(c, "") for c in DROPPED_COLUMNS} for r in rows],
                        columns=list(DROPPED_COLUMNS)).astype(str)


def records_frame(rows: list[dict]):
    """Build a records table in schema column order (every schema column present, as object)."""
    import pandas as pd

    from ..schema import all_columns

    cols = all_columns()
    extra = sorted({k for r in rows for k in r} - set(cols))
    if extra:
        raise ValueError(f"not schema columns: {', '.join(extra)}")
    return pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols, dtype=object)


def resolve_hardware_or_none(name: Any) -> tuple[str | None, str | None]:
    """Canonical chip name for ``name`` via the hardware table: ``(canonical, None)`` or
    ``(None, reason)``. Several chips in one cell (``"NVIDIA V100,NVIDIA P100"``) are refused:
    a burden needs one chip type."""
    s = _clean(name)
    if s is None:
        return None, "empty"
    parts = [p.strip() for p in re.split(r"[,;\n]", s) if p.strip()]
    if len(parts) > 1:
        return None, "several hardware types in one cell"
    try:
        from ..hardware import resolve_hardware
    except ImportError:  # pragma: no cover - hardware table missing from the installation
        return None, "hardware table not available"
    from ..errors import UnknownNameError

    try:
        return resolve_hardware(parts[0]), None
    except UnknownNameError as exc:
        return None, str(exc)


def file_label(path: str | Path) -> str:
    """The file name used in ``*_source`` columns and messages."""
    return Path(path).name
