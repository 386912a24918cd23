"""The record schema rejects each class of bad row, naming file, row and column (paper section 7)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from computelimits.errors import DataValidationError, InputError
from computelimits.schema import (
    COLUMN_NAMES,
    SOURCED_COLUMNS,
    all_columns,
    column_dictionary,
    read_records,
    validate_records,
)
from computelimits.units import to_flops

GOOD = {"model": "ResNet-50", "benchmark": "imagenet", "year": "2015.9", "metric_value": "76.1",
        "flops_per_pass": "4.1", "flops_unit": "GMAC"}
GOOD2 = {"model": "VGG-16", "benchmark": "ImageNet", "date": "2014-09-04", "error": "0.255",
         "flops_per_pass": "15.5", "flops_unit": "GMAC"}


def write_csv(path, rows):
    cols = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def problems_of(df, source="records.csv", **kw):
    with pytest.raises(DataValidationError) as exc:
        validate_records(pd.DataFrame(df), source=source, **kw)
    return exc.value


def assert_names(exc, file, row, column):
    """The first problem (the message) names file, row and column."""
    msg = str(exc)
    assert msg.startswith(f"{file}, row {row}, column '{column}': expected"), msg
    p = exc.problems[0]
    assert (p.file, p.row, p.column) == (file, row, column)


# -- good rows ---------------------------------------------------------------------------------
def test_good_rows_are_normalised():
    out = validate_records(pd.DataFrame([GOOD, GOOD2]))
    assert list(out.columns[: len(all_columns())]) == all_columns()
    r0, r1 = out.iloc[0], out.iloc[1]
    assert r0["error"] == pytest.approx(0.239)  # derived from top-1 accuracy
    assert r0["flops_per_pass"] == pytest.approx(8.2e9)  # 4.1 GMAC = 8.2 GFLOP
    assert r0["flops_unit_source"] == "mac"
    assert r1["benchmark"] == "imagenet" and r1["metric"] == "top1"
    assert r1["year"] == pytest.approx(2014 + (247 - 0.5) / 365)  # 4 Sept = day 247
    assert not out["flops_imputed"].any()


def test_arxiv_id_gives_date_and_year():
    row = dict(GOOD)
    row.pop("year")
    row["arxiv_id"] = "arXiv:1512.03385v1"
    out = validate_records(pd.DataFrame([row]))
    assert out.loc[0, "arxiv_id"] == "1512.03385"
    assert out.loc[0, "date"] == "2015-12-01"
    assert out.loc[0, "year"] == pytest.approx(2015 + 11.5 / 12)
    assert "1512.03385" in out.loc[0, "date_source"]


def test_validation_is_idempotent():
    once = validate_records(pd.DataFrame([GOOD, GOOD2]))
    twice = validate_records(once)
    pd.testing.assert_frame_equal(once, twice)


def test_column_dictionary_covers_schema():
    d = column_dictionary()
    assert list(d["column"]) == list(COLUMN_NAMES)
    assert set(d.loc[d["source_column"] != "", "column"]) == set(SOURCED_COLUMNS)


# -- one test per class of bad row -------------------------------------------------------------
def test_missing_error():
    row = {k: v for k, v in GOOD.items() if k != "metric_value"}
    exc = problems_of([GOOD2, row])
    assert_names(exc, "records.csv", 2, "error")


@pytest.mark.parametrize(("column", "value"), [
    ("flops_per_pass", "-4.1"),
    ("flops_per_pass", "0"),
    ("hardware_burden_flops", "-1e18"),
    ("hardware_burden_flops", "0"),
    ("hardware_count", "0"),
    ("training_time_s", "-3600"),
    ("params", "-25000000"),
])
def test_negative_or_zero_compute(column, value):
    row = dict(GOOD, **{column: value})
    exc = problems_of([row])
    assert_names(exc, "records.csv", 1, column)
    assert "> 0" in str(exc)


def test_unknown_benchmark():
    exc = problems_of([GOOD, dict(GOOD, model="x", benchmark="MNIST")])
    assert_names(exc, "records.csv", 2, "benchmark")
    assert "MNIST" in str(exc)


@pytest.mark.parametrize(("column", "value"), [
    ("flops_per_pass", "nan"),
    ("flops_per_pass", "NaN"),
    ("flops_per_pass", "inf"),
    ("metric_value", "nan"),
    ("error", "nan"),
    ("params", "-inf"),
])
def test_nan_and_inf(column, value):
    exc = problems_of([dict(GOOD, **{column: value})])
    assert_names(exc, "records.csv", 1, column)
    assert len([p for p in exc.problems if p.column == column]) == 1  # reported once


def test_infinite_float_value_in_dataframe():
    exc = problems_of([dict(GOOD, flops_per_pass=float("inf"), flops_unit=None)])
    assert_names(exc, "records.csv", 1, "flops_per_pass")


def test_nan_cell_of_a_dataframe_means_missing():
    # pandas marks a missing cell with NaN: a row without per-pass FLOPs but with a burden is fine
    row = dict(GOOD, flops_per_pass=float("nan"), flops_unit=None, hardware_burden_flops=1e18)
    out = validate_records(pd.DataFrame([row]))
    assert pd.isna(out.loc[0, "flops_per_pass"]) and out.loc[0, "hardware_burden_flops"] == 1e18


@pytest.mark.parametrize("unit", ["hours", "s", "TFLOP/s", "pflop/s-day", "GB"])
def test_unit_mismatch(unit):
    exc = problems_of([dict(GOOD, flops_unit=unit)])
    assert_names(exc, "records.csv", 1, "flops_unit")


def test_percent_instead_of_fraction():
    exc = problems_of([{k: v for k, v in GOOD.items() if k != "metric_value"} | {"error": "23.9"}])
    assert_names(exc, "records.csv", 1, "error")
    assert "percent" in str(exc)


def test_error_inconsistent_with_metric_value():
    exc = problems_of([dict(GOOD, error="0.30")])
    assert_names(exc, "records.csv", 1, "error")


def test_duplicate_record():
    exc = problems_of([GOOD, GOOD2, dict(GOOD, model="resnet-50", benchmark="ILSVRC")])
    assert_names(exc, "records.csv", 3, "model")
    assert "row 1" in str(exc)  # points at the first copy


def test_same_model_on_another_benchmark_is_not_a_duplicate():
    other = dict(GOOD, benchmark="cifar10", metric_value="93.0")
    assert len(validate_records(pd.DataFrame([GOOD, other]))) == 2


def test_bad_arxiv_id_and_year():
    exc = problems_of([dict(GOOD, arxiv_id="1513.03385")])
    assert_names(exc, "records.csv", 1, "arxiv_id")
    exc = problems_of([dict(GOOD, year="1850")])
    assert_names(exc, "records.csv", 1, "year")
    exc = problems_of([dict(GOOD, year="", date="last spring")])
    assert_names(exc, "records.csv", 1, "date")


def test_unknown_and_ambiguous_hardware():
    row = dict(GOOD, hardware="Titan Q", hardware_count="2", training_time_s="3600")
    exc = problems_of([row])
    assert_names(exc, "records.csv", 1, "hardware")
    assert "known chip" in str(exc)
    exc = problems_of([dict(row, hardware="K20")])
    assert "unambiguous" in str(exc) and "NVIDIA Tesla K20X" in str(exc)


def test_missing_columns_named():
    exc = problems_of([{"model": "a", "year": "2017", "error": "0.2", "flops_per_pass": "1e9"}])
    assert exc.problems[0].row is None and exc.problems[0].column == "benchmark"
    assert "records.csv, column 'benchmark'" in str(exc)
    exc = problems_of([{"model": "a", "benchmark": "imagenet", "year": "2017", "error": "0.2"}])
    assert "computation column" in str(exc)


def test_every_problem_is_reported():
    rows = [dict(GOOD, flops_per_pass="nan"), dict(GOOD2, benchmark="MNIST"), dict(GOOD, model="")]
    exc = problems_of(rows)
    where = {(p.row, p.column) for p in exc.problems}
    assert {(1, "flops_per_pass"), (2, "benchmark"), (3, "model")} <= where
    assert "more problem" in str(exc)
    assert len(exc.report().splitlines()) == len(exc.problems)


# -- read_records on files: the file name is in every message -----------------------------------
@pytest.mark.parametrize(("bad", "row", "column"), [
    ({"metric_value": ""}, 2, "error"),
    ({"flops_per_pass": "-1"}, 2, "flops_per_pass"),
    ({"flops_per_pass": "0"}, 2, "flops_per_pass"),
    ({"benchmark": "ImageNet-22k-private"}, 2, "benchmark"),
    ({"flops_per_pass": "nan"}, 2, "flops_per_pass"),
    ({"flops_unit": "hours"}, 2, "flops_unit"),
    ({"model": "VGG-16", "benchmark": "imagenet"}, 2, "model"),  # duplicate of row 1
])
def test_read_records_names_file_row_column(tmp_path, bad, row, column):
    good = dict(GOOD2, metric_value="", error="0.255")
    path = write_csv(tmp_path / "mine.csv", [good, dict(GOOD, **bad)])
    with pytest.raises(DataValidationError) as exc:
        read_records(path)
    assert_names(exc.value, "mine.csv", row, column)


def test_read_records_good_file(tmp_path):
    path = write_csv(tmp_path / "ok.csv", [GOOD, GOOD2])
    out = read_records(path)
    assert list(out["model"]) == ["ResNet-50", "VGG-16"]
    raw = read_records(path, validate=False)
    assert raw.loc[0, "flops_per_pass"] == "4.1"


def test_read_records_missing_or_broken_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_records(tmp_path / "absent.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataValidationError, match="empty.csv"):
        read_records(empty)


# -- hardware burden derived from hardware, count and time --------------------------------------
def test_burden_derived_from_hardware_count_time():
    from computelimits.hardware import peak_flops

    row = {"model": "Transformer (big)", "benchmark": "wmt14-en-de", "arxiv_id": "1706.03762",
           "metric_value": "28.4", "hardware": "P100", "hardware_count": "8",
           "training_time_s": str(84 * 3600)}
    out = validate_records(pd.DataFrame([row]))
    assert out.loc[0, "hardware"] == "NVIDIA P100"
    assert out.loc[0, "hardware_burden_flops"] == pytest.approx(
        8 * peak_flops("NVIDIA P100") * 84 * 3600, rel=1e-12)
    assert "fp32" in out.loc[0, "hardware_burden_flops_source"]
    tensor = validate_records(pd.DataFrame([dict(row, hardware="V100")]),
                              hardware_precision="tensor")
    assert tensor.loc[0, "hardware_burden_flops"] == pytest.approx(8 * 125e12 * 84 * 3600)


def test_given_burden_is_kept():
    row = {"model": "m", "benchmark": "imagenet", "year": "2018", "error": "0.2",
           "hardware": "P100", "hardware_count": "8", "training_time_s": "3600",
           "hardware_burden_flops": "1e18"}
    assert validate_records(pd.DataFrame([row])).loc[0, "hardware_burden_flops"] == 1e18


def test_multi_chip_unit_counts_chips():
    # NoisyStudent: one TPU v3 Pod (paper section 2: "approximately 1,000 TPUs")
    row = {"model": "NoisyStudent", "benchmark": "imagenet", "year": "2019.9", "error": "0.116",
           "hardware": "TPU v3 Pod", "hardware_count": "1", "training_time_s": str(6 * 86400)}
    out = validate_records(pd.DataFrame([row]), hardware_precision="tensor")
    assert out.loc[0, "hardware"] == "Google TPU v3"
    assert out.loc[0, "hardware_count"] == 1024
    assert "1024 chips" in out.loc[0, "hardware_count_source"]
    assert out.loc[0, "hardware_burden_flops"] == pytest.approx(1024 * 123e12 * 6 * 86400)
    # fp32 is not listed for TPU v3: with precision "fp32" the burden stays empty, never guessed
    fp32 = validate_records(pd.DataFrame([row]), hardware_precision="fp32")
    assert pd.isna(fp32.loc[0, "hardware_burden_flops"])
    # the default "paper" convention falls back to the tensor rate and says so in the source
    paper = validate_records(pd.DataFrame([row]))
    assert paper.loc[0, "hardware_burden_flops"] == pytest.approx(1024 * 123e12 * 6 * 86400)
    assert "publishes no FP32 peak" in paper.loc[0, "hardware_burden_flops_source"]
    gpu = validate_records(pd.DataFrame([{**row, "hardware": "V100", "hardware_count": "8"}]))
    assert gpu.loc[0, "hardware_burden_flops"] == pytest.approx(8 * 15.67e12 * 6 * 86400, rel=1e-3)
    assert "peak fp32 rate" in gpu.loc[0, "hardware_burden_flops_source"]
    # and normalised records validate to themselves
    pd.testing.assert_frame_equal(out, validate_records(out, hardware_precision="tensor"))


# -- wrong numbers that used to pass (issue 16 item 3) --------------------------------------------
def test_duplicated_column_is_an_error(tmp_path):
    p = tmp_path / "dup.csv"
    p.write_text("model,benchmark,year,error,error,flops_per_pass\n"
                 "ResNet-50,imagenet,2015.9,0.239,0.5,8.2e9\n")
    with pytest.raises(DataValidationError) as exc:
        read_records(p)
    prob = exc.value.problems[0]
    assert (prob.file, prob.row, prob.column) == ("dup.csv", None, "error")
    assert "named error" in str(exc.value) and "error.1" not in str(exc.value)
    df = pd.DataFrame([["a", "imagenet", "2017", "0.2", "0.3", "1e9"]],
                      columns=["model", "benchmark", "year", "error", "error", "flops_per_pass"])
    with pytest.raises(DataValidationError, match="column 'error'"):
        validate_records(df)


@pytest.mark.parametrize("value", ["now", "today", "yesterday", "1700-01-01", "9999-12-31",
                                   "2017-02-30", "12/05/2017"])
def test_dates_that_are_not_publication_dates(value):
    exc = problems_of([dict(GOOD, year="", date=value)])
    assert_names(exc, "records.csv", 1, "date")
    assert "between 1950 and 2100" in str(exc)


def test_date_range_matches_year_range():
    from computelimits.rules import YEAR_RANGE

    lo, hi = YEAR_RANGE
    ok = validate_records(pd.DataFrame([dict(GOOD, year="", date=f"{lo}-01-01"),
                                        dict(GOOD2, date=f"{hi}-12-31")]))
    assert ok["year"].between(lo, hi + 1).all()
    assert_names(problems_of([dict(GOOD, year=str(lo - 1))]), "records.csv", 1, "year")
    assert_names(problems_of([dict(GOOD, year="", date=f"{lo - 1}-12-31")]), "records.csv", 1, "date")


@pytest.mark.parametrize(("row", "column"), [
    ({"flops_per_pass": "1e300", "flops_unit": "PFLOP"}, "flops_per_pass"),
    ({"flops_per_pass": "1e400"}, "flops_per_pass"),
    ({"hardware": "V100", "hardware_count": "1e200", "training_time_s": "1e200"},
     "hardware_burden_flops"),
    ({"hardware": "TPU v3 Pod", "hardware_count": "1e306", "training_time_s": "3600"},
     "hardware_count"),
])
def test_values_overflowing_to_infinity_are_errors(row, column):
    exc = problems_of([dict(GOOD, **row)])
    assert column in {p.column for p in exc.problems}
    assert any(w in str(exc) for w in ("finite", "overflows"))


@pytest.mark.parametrize(("value", "ok"), [("4,1", None), ("4,10", None), ("1,5000", None),
                                            ("1,281,167", 1281167.0), ("8,200,000,000", 8.2e9)])
def test_decimal_comma_is_an_error_thousands_are_not(value, ok):
    row = dict(GOOD, flops_per_pass=value, flops_unit="GFLOP" if ok is None else "FLOP")
    if ok is None:
        exc = problems_of([row])
        assert_names(exc, "records.csv", 1, "flops_per_pass")
        assert "decimal point" in str(exc)
    else:
        out = validate_records(pd.DataFrame([row]))
        assert out.loc[0, "flops_per_pass"] == ok


def test_column_wise_rules_scale():
    # 20,000 rows validate column-wise (one problem among them still found, with its row)
    rows = [dict(GOOD, model=f"m{i}") for i in range(20_000)]
    rows[12_345] = dict(rows[12_345], flops_unit="hours")
    exc = problems_of(rows)
    assert [(p.row, p.column) for p in exc.problems] == [(12_346, "flops_unit"),
                                                          (12_346, "flops_per_pass")]
    out = validate_records(pd.DataFrame(rows[:12_345] + rows[12_346:]))
    assert len(out) == 19_999 and (out["flops_per_pass"] == to_flops(4.1, "GMAC")).all()


# -- read_records' typed read: the same table as the text read, the same messages ---------------
def test_typed_read_gives_the_text_reads_table(tmp_path):
    from computelimits.schema import _read_text, _read_typed

    rows = [dict(GOOD, model=f"m{i}", flops_per_pass=v, params=p, extra=" kept ")
            for i, (v, p) in enumerate([("4.1", "25557032"), (" 0.1000000000000000055511151231257827",
                                                                "9007199254740993"),
                                        ("5.", ""), (".5", "1e6"), ("+2.25e0", "")])]
    path = write_csv(tmp_path / "ok.csv", [*rows, GOOD2])
    typed = _read_typed(path)
    assert typed is not None and typed["flops_per_pass"].dtype == "float64"
    pd.testing.assert_frame_equal(read_records(path),
                                  validate_records(_read_text(path), source="ok.csv"),
                                  check_exact=True)


@pytest.mark.parametrize(("cell", "got"), [("inf", "'inf'"), ("1e400", "'1e400'"), ("4,1", "'4,1'"),
                                           ("100", "'100'")])
def test_typed_read_problems_quote_the_text(tmp_path, cell, got):
    # a number the parser reads (inf, an overflow, a value below 1e3 FLOPs) or one it cannot (a
    # decimal comma): either way the message quotes the cell as written
    path = write_csv(tmp_path / "mine.csv", [GOOD2, dict(GOOD, flops_per_pass=cell, flops_unit="")])
    with pytest.raises(DataValidationError) as exc:
        read_records(path)
    assert_names(exc.value, "mine.csv", 2, "flops_per_pass")
    assert exc.value.problems[0].got == got
