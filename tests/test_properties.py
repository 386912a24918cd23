"""Property-based tests of every parser and validator of the data path (issue 16 item 4): on any
input, each returns a valid value or raises the package's own error, never anything else."""

from __future__ import annotations

import math
import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from computelimits.arxiv import parse_arxiv
from computelimits.errors import ComputeLimitsError, DataValidationError, InputError
from computelimits.importers._common import find_arxiv_id, parse_count, parse_number
from computelimits.rules import YEAR_RANGE, check_year, parse_date
from computelimits.rules import parse_number as parse_cell
from computelimits.schema import validate_records
from computelimits.units import COMPUTE_UNITS, TIME_UNITS, positive_float, to_flops, to_seconds

MANY = settings(max_examples=1000, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

#: Text that looks like what people type into numeric, date and id cells, and what they should not.
_pieces = st.sampled_from(["1", "2", "0", "9", ".", ",", "-", "+", "e", "E", "x", "10^", "×", " ",
                           "nan", "inf", "NaN", "%", "k", "M", "G", "T", "B", "/", ":", "v", "T00",
                           "arXiv:", "https://arxiv.org/abs/", "cs/", "1e400", "١", "\u00a0"])
TEXT = st.one_of(st.text(max_size=24), st.lists(_pieces, max_size=8).map("".join))
NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**30, 10**30))


@MANY
@given(value=st.one_of(NUMBERS, TEXT), unit=st.one_of(st.sampled_from(sorted(COMPUTE_UNITS)), TEXT))
def test_to_flops(value, unit):
    try:
        out = to_flops(value, unit)
    except InputError:
        return
    assert isinstance(out, float)
    x = float(value)
    assert math.isnan(out) == math.isnan(x)
    assert not (math.isinf(out) and math.isfinite(x))  # overflow is an error, never inf


@MANY
@given(value=st.one_of(NUMBERS, TEXT), unit=st.one_of(st.sampled_from(sorted(TIME_UNITS)), TEXT))
def test_to_seconds(value, unit):
    try:
        out = to_seconds(value, unit)
    except InputError:
        return
    assert not (math.isinf(out) and math.isfinite(float(value)))


@MANY
@given(value=st.one_of(NUMBERS, TEXT, st.none()))
def test_positive_float(value):
    try:
        out = positive_float(value, "x")
    except InputError:
        return
    assert math.isfinite(out) and out > 0


@MANY
@given(text=st.one_of(TEXT, st.from_regex(r"\A(arXiv:)?\d{4}\.\d{4,5}(v\d{1,2})?\Z"),
                      st.from_regex(r"\A[a-z\-]{2,8}/\d{7}\Z")))
def test_parse_arxiv(text):
    try:
        a = parse_arxiv(text)
    except InputError:
        return
    assert 1991 <= a.year <= 2099 and 1 <= a.month <= 12
    assert parse_arxiv(a.id) == parse_arxiv(a.id)  # the canonical id parses again
    assert 1991 <= a.year_fraction < 2100
    found = find_arxiv_id(f"https://arxiv.org/abs/{a.id}")
    assert found == a.id


@MANY
@given(text=st.one_of(TEXT, st.from_regex(r"\A\d{4}-\d{1,2}(-\d{1,2})?\Z"), st.dates().map(str)))
def test_parse_date(text):
    try:
        iso = parse_date(text)
    except InputError:
        return
    y, m, d = (int(x) for x in iso.split("-"))
    assert YEAR_RANGE[0] <= y <= YEAR_RANGE[1] and 1 <= m <= 12 and 1 <= d <= 31
    assert parse_date(iso) == iso


@MANY
@given(value=st.one_of(NUMBERS, TEXT))
def test_check_year(value):
    try:
        y = check_year(value)
    except InputError:
        return
    assert YEAR_RANGE[0] <= y <= YEAR_RANGE[1]


@MANY
@given(value=st.one_of(NUMBERS, TEXT, st.none()))
def test_parse_number_cell(value):
    try:
        x = parse_cell(value)
    except InputError:
        return
    assert math.isnan(x) or math.isfinite(x)
    if isinstance(value, str) and "," in value and not math.isnan(x):
        digits = value.strip().lstrip("+-").split(".")[0].split("e")[0].split("E")[0]
        assert all(len(g) == 3 for g in digits.split(",")[1:])  # commas only between thousands


@MANY
@given(text=st.one_of(TEXT, st.none(), st.floats()))
def test_source_number_parsers(text):
    for fn in (parse_number, lambda t: parse_count(t, bare=True)):
        v = fn(text)
        assert v is None or math.isfinite(v)


_CELLS = {
    "model": st.one_of(st.just("ResNet"), st.just(""), st.text(max_size=6)),
    "benchmark": st.sampled_from(["imagenet", "ImageNet", "coco", "MNIST", "", "squad11"]),
    "year": st.one_of(st.just(""), st.floats(allow_nan=True, allow_infinity=True).map(repr),
                      st.sampled_from(["2017", "1800", "2017.5", "now"])),
    "date": st.one_of(st.just(""), TEXT, st.sampled_from(["2014-09-04", "2014-09", "today",
                                                          "9999-01-01"])),
    "metric_value": st.one_of(st.just(""), NUMBERS.map(str), st.sampled_from(["76.1", "4,1"])),
    "error": st.one_of(st.just(""), NUMBERS.map(str), st.sampled_from(["0.25", "25"])),
    "flops_per_pass": st.one_of(st.just(""), NUMBERS.map(str), TEXT),
    "flops_unit": st.one_of(st.just(""), st.sampled_from(sorted(COMPUTE_UNITS)), TEXT),
    "hardware": st.sampled_from(["", "V100", "TPU v3 Pod", "K20", "Titan Q"]),
    "hardware_count": st.one_of(st.just(""), NUMBERS.map(str)),
    "training_time_s": st.one_of(st.just(""), NUMBERS.map(str)),
    "arxiv_id": st.one_of(st.just(""), TEXT, st.sampled_from(["1512.03385", "arXiv:1811.06965v5"])),
}


@MANY
@given(rows=st.lists(st.fixed_dictionaries(_CELLS), min_size=1, max_size=3))
def test_validate_records(rows):
    try:
        out = validate_records(pd.DataFrame(rows), source="p.csv")
    except DataValidationError as exc:
        assert exc.problems and all(p.file == "p.csv" for p in exc.problems)
        assert all(p.row is None or 1 <= p.row <= len(rows) for p in exc.problems)
        return
    assert len(out) == len(rows)
    assert ((out["error"] > 0) & (out["error"] < 1)).all()
    assert out["year"].between(YEAR_RANGE[0], YEAR_RANGE[1] + 1).all()
    for c in ("flops_per_pass", "hardware_burden_flops", "hardware_count", "training_time_s"):
        v = out[c].to_numpy(dtype=float)
        assert not np.isinf(v).any() and not (v[~np.isnan(v)] <= 0).any()
    assert (out["flops_per_pass"].dropna() >= 1e3).all()


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(text=st.text(alphabet=string.printable, max_size=200))
def test_read_records_on_any_text(tmp_path_factory, text):
    from computelimits.schema import read_records

    p = tmp_path_factory.mktemp("csv") / "any.csv"
    p.write_text(text, encoding="utf-8")
    try:
        read_records(p)
    except ComputeLimitsError:
        pass


def test_property_suite_uses_at_least_1000_examples():
    assert MANY.max_examples >= 1000


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__, "-q"])
