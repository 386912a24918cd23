"""arXiv identifiers to publication dates.

The paper dates each model by its arXiv identifier, which encodes the year and month a preprint
was made public: "the Gpipe paper has the name 1811.06965v5 indicating that it was made public on
November, 2018" (section 6.1).

Accepted forms
--------------
- new style ``YYMM.NNNN`` (2007-2014) or ``YYMM.NNNNN`` (2015 on), optional ``vN``;
- old style ``archive/YYMMNNN`` or ``archive.SUB/YYMMNNN`` (1991-2007), optional ``vN``;
- either of the above behind ``arXiv:`` or inside an ``arxiv.org/abs/``, ``/pdf/`` or
  ``/html/`` URL (``.pdf`` suffix allowed).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from .errors import InputError

__all__ = ["ArxivId", "parse_arxiv", "arxiv_date", "arxiv_year_fraction", "normalize_arxiv"]

_NEW = re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5})(?:v(?P<v>\d+))?$", re.ASCII)
_OLD = re.compile(
    r"^(?P<archive>[a-z][a-z\-]*(?:\.[A-Z]{2})?)/(?P<yy>\d{2})(?P<mm>\d{2})(?P<num>\d{3})(?:v(?P<v>\d+))?$",
    re.ASCII,
)
_URL = re.compile(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<id>.+?)(?:\.pdf)?/?$",
                  re.IGNORECASE)


@dataclass(frozen=True)
class ArxivId:
    """A parsed arXiv identifier."""

    id: str  #: canonical id without version, e.g. ``"1811.06965"`` or ``"cs/0112017"``
    year: int
    month: int
    version: int | None = None

    @property
    def date(self) -> _dt.date:
        """First day of the month the preprint was made public."""
        return _dt.date(self.year, self.month, 1)

    @property
    def year_fraction(self) -> float:
        """Decimal year at the middle of the month (e.g. Nov 2018 -> 2018.875)."""
        return self.year + (self.month - 0.5) / 12.0


def _year(yy: str) -> int:
    y = int(yy)
    return 1900 + y if y >= 91 else 2000 + y


def parse_arxiv(value: str) -> ArxivId:
    """Parse an arXiv identifier or URL.

    Raises
    ------
    InputError
        If the value is not a valid arXiv identifier (including impossible months and new-style
        ids dated before April 2007, when that scheme began).

    Examples
    --------
    >>> parse_arxiv("1811.06965v5").date
    datetime.date(2018, 11, 1)
    >>> parse_arxiv("https://arxiv.org/pdf/1512.03385.pdf").id
    '1512.03385'
    >>> parse_arxiv("cs/0112017").year
    2001
    """
    if value is None:
        raise InputError("expected an arXiv id, got nothing")
    s = str(value).strip()
    m = _URL.match(s)
    if m:
        s = m.group("id")
    if s.lower().startswith("arxiv:"):
        s = s[6:]
    m = _NEW.match(s)
    if m:
        year, month = 2000 + int(m["yy"]), int(m["mm"])
        if not 1 <= month <= 12 or (year, month) < (2007, 4):
            raise InputError(f"'{value}' is not a valid arXiv id (no such month {m['yy']}{m['mm']})")
        width = 4 if (year, month) < (2015, 1) else 5
        if len(m["num"]) != width:
            raise InputError(
                f"'{value}' is not a valid arXiv id (ids from {year}-{month:02d} have {width}-digit numbers)"
            )
        v = int(m["v"]) if m["v"] else None
        return ArxivId(f"{m['yy']}{m['mm']}.{m['num']}", year, month, v)
    m = _OLD.match(s)
    if m:
        year, month = _year(m["yy"]), int(m["mm"])
        if not 1 <= month <= 12 or year > 2007:
            raise InputError(f"'{value}' is not a valid old-style arXiv id")
        v = int(m["v"]) if m["v"] else None
        return ArxivId(f"{m['archive']}/{m['yy']}{m['mm']}{m['num']}", year, month, v)
    raise InputError(
        f"'{value}' is not an arXiv id; expected YYMM.NNNNN[vN], archive/YYMMNNN or an arxiv.org URL"
    )


def normalize_arxiv(value: str) -> str:
    """Canonical id without version (``"arXiv:1512.03385v1"`` -> ``"1512.03385"``)."""
    return parse_arxiv(value).id


def arxiv_date(value: str) -> _dt.date:
    """Month of first public release, as a date on the 1st."""
    return parse_arxiv(value).date


def arxiv_year_fraction(value: str) -> float:
    """Decimal year (mid-month) of first public release."""
    return parse_arxiv(value).year_fraction
