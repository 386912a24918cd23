"""Read Epoch AI's training-compute notes: the interval they state, the method, and 6ND factors.

Epoch AI explains each training-compute estimate in a free-text note ("Training compute notes"),
for example ``"6ND = 6 * 7B * 1.5T = 6.3e22"`` or ``"... 90% CI [3.23e+24, 2.05e+25]"``. This
module reads what such a note states, and nothing else: an interval only when the note gives
one (a confidence interval, a range, or the two estimates whose geometric mean is the point),
the estimation method when the note's arithmetic shows it, and the parameters and tokens of a
``6 x N x D`` product. Whatever cannot be read is left empty and the reason is returned: never a
guess.

Examples
--------
>>> e = parse_compute_note("6ND = 6 * 7B * 1.5T = 6.3e22", 6.3e22)
>>> e.method, e.params, e.tokens
('6ND', 7000000000.0, 1500000000000.0)
>>> e = parse_compute_note("Likely around 6e25 [CI: 2e25 to 2e26] FLOP.", 6e25)
>>> e.low, e.high, e.interval_kind
(2e+25, 2e+26, 'ci')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["NoteEstimate", "parse_compute_note", "parse_note_number", "METHODS"]

#: Estimation methods, as :func:`parse_compute_note` names them.
METHODS: tuple[str, ...] = ("6ND", "hardware", "6ND+hardware", "reported", "benchmark-imputation", "other")

_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_LETTERS = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
# a number: 1,234.5 | 3.2e+24 | 2.268 x 10^24 | 10^25, with an optional magnitude word or letter
_NUMBER = re.compile(
    r"(?<![\w.])(?P<mant>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*[eE]\s*(?P<exp>[+-]?\d+)|\s*[x\u00d7*]\s*10\s*\^\s*(?P<pow>[+-]?\d+)|\^(?P<ownpow>[+-]?\d+))?"
    r"(?:\s*(?P<word>thousand|million|billion|trillion)\b|(?P<letter>[kKmMbBtT])(?![a-zA-Z]))?"
)
_TOLERANCE = 0.05  # relative agreement between a note's arithmetic and the point value


@dataclass(frozen=True)
class NoteEstimate:
    """What one training-compute note states.

    Attributes
    ----------
    method : str
        One of :data:`METHODS`, or ``""`` when the note does not show it.
    low, high : float
        Interval the note gives (FLOP); NaN when it gives none.
    interval_kind : str
        ``"ci"`` (a stated confidence interval), ``"range"`` (a stated range), ``"two-estimates"``
        (the point is the geometric mean of two estimates; low/high are those two), or ``""``.
    interval_text : str
        The words of the note the interval was read from.
    params, tokens : float
        ``N`` and ``D`` of a ``6 x N x D`` product that reproduces a number in the note; NaN otherwise.
    active : bool
        ``params`` are the *active* parameters (a mixture of experts) per the note.
    reason : str
        Why no interval was read (``""`` when one was).
    """

    method: str = ""
    low: float = math.nan
    high: float = math.nan
    interval_kind: str = ""
    interval_text: str = ""
    params: float = math.nan
    tokens: float = math.nan
    active: bool = False
    reason: str = ""

    @property
    def has_interval(self) -> bool:
        return not (math.isnan(self.low) or math.isnan(self.high))


def _value(m) -> float:
    from decimal import Decimal

    v = Decimal(m["mant"].replace(",", ""))
    if m["exp"]:
        v = v.scaleb(int(m["exp"]))
    if m["pow"]:
        v = v.scaleb(int(m["pow"]))
    if m["ownpow"]:
        v = v ** int(m["ownpow"])
    if m["word"]:
        v *= Decimal(repr(_WORDS[m["word"].lower()]))
    if m["letter"]:
        v *= Decimal(repr(_LETTERS[m["letter"].lower()]))
    return float(v)


def parse_note_number(text: str) -> float | None:
    """One number as notes write it (``"8.2E+24"``, ``"14.8T"``, ``"2.268 × 10^24"``), or ``None``.

    Examples
    --------
    >>> parse_note_number("14.8T"), parse_note_number("37 billion"), parse_note_number("1e25")
    (14800000000000.0, 37000000000.0, 1e+25)
    """
    m = _NUMBER.fullmatch(str(text).strip())
    return _value(m) if m else None


def _close(a: float, b: float, tol: float = _TOLERANCE) -> bool:
    return a > 0 and b > 0 and abs(a - b) <= tol * max(a, b)


_NUM_SRC = _NUMBER.pattern
_CI = re.compile(r"(?P<level>\d{2})?\s*%?\s*CI\s*[:\[(]?\s*(?P<a>" + _NUM_SRC.replace("?P<", "?P<a_")
                 + r")\s*(?:to|,|-|\u2013)\s*(?P<b>" + _NUM_SRC.replace("?P<", "?P<b_") + r")", re.IGNORECASE)
_RANGE = re.compile(r"(?:range of|estimate of|between)\s+(?P<a>" + _NUM_SRC.replace("?P<", "?P<a_")
                    + r")\s*(?:FLOP\s*)?(?:to|and|-|\u2013)\s*(?P<b>" + _NUM_SRC.replace("?P<", "?P<b_") + r")",
                    re.IGNORECASE)
_SQRT = re.compile(r"sqrt\s*\(\s*(?P<a>" + _NUM_SRC.replace("?P<", "?P<a_") + r")\s*[*x\u00d7]\s*(?P<b>"
                   + _NUM_SRC.replace("?P<", "?P<b_") + r")\s*\)", re.IGNORECASE)


def _sub_value(m: re.Match, prefix: str) -> float:
    g = {k[len(prefix):]: v for k, v in m.groupdict().items() if k.startswith(prefix)}

    class _M(dict):
        def __getitem__(self, k):
            return dict.get(self, k)

    return _value(_M(g))


def _interval(note: str, point: float) -> tuple[float, float, str, str, str]:
    """(low, high, kind, text, reason) for the first interval the note states."""
    found = []
    for kind, rx in (("ci", _CI), ("two-estimates", _SQRT), ("range", _RANGE)):
        for m in rx.finditer(note):
            a, b = _sub_value(m, "a_"), _sub_value(m, "b_")
            lo, hi = min(a, b), max(a, b)
            if lo < 1e12:  # not FLOP counts (e.g. "10-30B" parameters)
                continue
            found.append((lo, hi, kind, m.group(0).strip()))
    if not found:
        return math.nan, math.nan, "", "", "the note states no interval"
    for lo, hi, kind, text in found:
        if math.isnan(point) or lo * (1 - 1e-9) <= point <= hi * (1 + 1e-9):
            if kind == "two-estimates" and not math.isnan(point) and not _close(math.sqrt(lo * hi), point):
                continue
            return lo, hi, kind, text, ""
    lo, hi, kind, text = found[0]
    return (math.nan, math.nan, "", "",
            f"the note's interval ({text!r}) does not contain the point value {point:.3g}: left empty")


_BREAK = re.compile(r"[=+\n;:\[\]]|,\s|\.\s")
_TIMES = re.compile(r"[*\u00d7\u00b7]|\sx\s")


def _products(note: str):
    """Chains of numbers joined by multiplication signs (no '=', '+', sentence end between)."""
    nums = [(m.start(), m.end(), _value(m)) for m in _NUMBER.finditer(note)]
    chains, cur = [], []
    for i, (s, e, v) in enumerate(nums):
        if cur:
            between = note[cur[-1][1]:s]
            if _BREAK.search(between) or not _TIMES.search(between):
                chains.append(cur)
                cur = []
        cur.append((s, e, v))
        if i == len(nums) - 1:
            chains.append(cur)
    out = []
    for ch in chains:
        # "7*10^9" written as two factors: fold a bare power of ten into the factor before it
        merged: list[list] = []
        for s, e, v in ch:
            txt = note[s:e]
            if merged and re.fullmatch(r"10\s*\^\s*[+-]?\d+", txt):
                merged[-1][2] *= v
                merged[-1][1] = e
            else:
                merged.append([s, e, v])
        out.append(merged)
    return out


def _six_nd(note: str, point: float):
    """(params, tokens, active) of a 6 x N x D product the note writes, checked by its arithmetic."""
    results = [_value(m) for m in re.finditer(r"=\s*(?:~\s*)?(" + _NUM_SRC.replace("?P<", "?P<r_") + ")", note)
               for m in [_NUMBER.search(m.group(1))] if m]
    targets = [point] + results if not math.isnan(point) else results
    for chain in _products(note):
        if len(chain) != 3:
            continue
        sixes = [f for f in chain if f[2] == 6.0]
        others = [f for f in chain if f[2] != 6.0]
        if len(sixes) != 1 or len(others) != 2 or min(o[2] for o in others) < 1e6:
            continue
        prod = 6.0 * others[0][2] * others[1][2]
        if not any(_close(prod, t, 0.1) for t in targets):
            continue
        labels = []
        for _s, e, _v in others:
            after = note[e:e + 30].lower()
            after = re.split(r"[*\u00d7=\n]", after)[0]
            labels.append(after)
        n_i = d_i = None
        for i, lab in enumerate(labels):
            if "token" in lab:
                d_i = i
            elif "param" in lab:
                n_i = i
        if n_i is None and d_i is None:
            n_i = 0 if others[0][2] < others[1][2] else 1
            d_i = 1 - n_i
        elif n_i is None:
            n_i = 1 - d_i
        elif d_i is None:
            d_i = 1 - n_i
        if n_i == d_i:
            continue
        active = "active" in labels[n_i] or "activ" in note[max(0, others[n_i][0] - 12):others[n_i][0]].lower()
        return others[n_i][2], others[d_i][2], active, prod
    return math.nan, math.nan, False, math.nan


_IMPUTED = re.compile(r"imput|from benchmark scores", re.IGNORECASE)
_HARDWARE = re.compile(r"GPU|TPU|hours|utili[sz]ation|FLOP\s*/\s*s|FLOPS\b|petaflop|days", re.IGNORECASE)
_REPORTED = re.compile(r"state[sd]|reported|per table|table\s+[A-Z]?\.?\d|paper says|model card|according to|"
                       r"in the paper|we estimate|from the paper", re.IGNORECASE)


def parse_compute_note(note: str | None, point: float = math.nan) -> NoteEstimate:
    """Read an Epoch training-compute note (see the module docstring).

    Parameters
    ----------
    note : str or None
        The note text.
    point : float
        The training compute the note explains (FLOP); used to check the note's arithmetic and
        that an interval contains it. NaN when unknown.

    Returns
    -------
    NoteEstimate

    Examples
    --------
    >>> e = parse_compute_note("90% CI: 8.2E+24 to 4.4E+25", 2.1e25)
    >>> (e.low, e.high, e.interval_kind)
    (8.2e+24, 4.4e+25, 'ci')
    >>> parse_compute_note("Almost certainly >1e25").reason
    'the note states no interval'
    """
    if note is None or (isinstance(note, float) and math.isnan(note)) or not str(note).strip():
        return NoteEstimate(reason="no note")
    text = str(note)
    lo, hi, kind, itext, reason = _interval(text, point)
    params, tokens, active, prod = _six_nd(text, point)
    if _IMPUTED.search(text):
        method = "benchmark-imputation"
    elif kind == "two-estimates":
        method = "6ND+hardware"
    elif not math.isnan(prod) and (math.isnan(point) or _close(prod, point, 0.1)):
        method = "6ND"
    elif re.search(r"\b6\s*ND\b", text) and not _HARDWARE.search(text):
        method = "6ND"
    elif _HARDWARE.search(text) and re.search(r"\d\s*[*\u00d7]\s*\d|\*", text):
        method = "hardware"
    elif _REPORTED.search(text):
        method = "reported"
    else:
        method = "other"
    return NoteEstimate(method=method, low=lo, high=hi, interval_kind=kind, interval_text=itext,
                        params=params, tokens=tokens, active=active, reason=reason)
