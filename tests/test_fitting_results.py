"""Result objects, comparison tables, and the paper's own arithmetic from its printed numbers."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from computelimits.errors import InputError
from computelimits.fitting import (
    compare,
    comparison_table,
    computation_per_year,
    critical_value,
    exponent_ci_from_slope,
    exponent_from_slope,
    fit,
    stars,
    years_worth_10x,
)
from computelimits.fitting.compare import format_coef
from computelimits.reference import agrees, load_paper_values, paper_value, tolerance


def make_records(n=51, seed=1, slope=-0.11, year_coef=-0.04):
    rng = np.random.default_rng(seed)
    gflops = 10 ** rng.uniform(0, 3, n)
    year = rng.uniform(2012, 2020, n)
    err = 10 ** (-0.5 + slope * np.log10(gflops) + year_coef * (year - 2016) + rng.normal(0, 0.08, n))
    return pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet",
                         "year": year, "error": err, "flops_per_pass": gflops * 1e9})


@pytest.fixture(scope="module")
def fits():
    df = make_records()
    return {"expo": fit(df, form="exponential"), "poly": fit(df), "year": fit(df, year=True),
            "q10": fit(df, quantile=0.1), "robust": fit(df, robust=True)}


# ---------------------------------------------------------------- the paper's arithmetic
def test_exponent_from_table1_slope():
    """Table 1 column 2 slope -0.11 -> section 3.2's O(Performance^9) (9.1 to one decimal)."""
    slope, d = paper_value("Table 1", "slope", item="imagenet", column="(2)")
    exp_printed, exp_digits = paper_value("Section 3.2", "exponent", item="imagenet",
                                          column="per-pass polynomial")
    e = exponent_from_slope(slope)
    assert round(e, 1) == 9.1
    assert agrees(e, exp_printed, exp_digits)


def test_exponent_interval_from_table1_is_the_inverted_slope_interval():
    """Section 3.2: "the 95% confidence interval for scaling is between O(Performance^7) and
    O(Performance^13.9)" is the slope's t interval (df = 49) mapped through -1/b.

    The printed numbers are rounded, so we check both directions: the printed exponent interval
    maps back to a slope interval whose centre and half-width round to the printed slope (-0.11)
    and standard error (0.02); and a slope within the printed rounding, with the t statistic the
    printed F gives (sqrt(36.31)), reproduces 7 and 13.9 at the printed digits.
    """
    lo_p, lo_d = paper_value("Section 3.2", "exponent_ci_lower", item="imagenet")
    hi_p, hi_d = paper_value("Section 3.2", "exponent_ci_upper", item="imagenet")
    slope_p, slope_d = paper_value("Table 1", "slope", item="imagenet", column="(2)")
    se_p, se_d = paper_value("Table 1", "slope_se", item="imagenet", column="(2)")
    f_p, _ = paper_value("Table 1", "f", item="imagenet", column="(2)")
    df, _ = paper_value("Table 1", "resid_df", item="imagenet", column="(2)")
    t = critical_value(0.95, df)

    # backwards: exponent interval -> slope interval
    b_lo, b_hi = -1 / lo_p, -1 / hi_p
    centre, half = (b_lo + b_hi) / 2, (b_hi - b_lo) / 2
    assert agrees(centre, slope_p, slope_d)
    assert agrees(abs(half) / t, se_p, se_d)

    # forwards: some slope within the printed rounding, with t = sqrt(F), gives 7 and 13.9
    tstat = np.sqrt(f_p)
    hits = []
    for b in np.linspace(slope_p - tolerance(slope_d), slope_p + tolerance(slope_d), 2001):
        se = abs(b) / tstat
        lo, hi = exponent_ci_from_slope(b, se, df=df)
        if agrees(lo, lo_p, lo_d) and agrees(hi, hi_p, hi_d) and agrees(se, se_p, se_d):
            hits.append(b)
    assert hits, "no slope within the printed rounding reproduces the printed interval"
    # and the printed coefficients themselves give an interval around the printed one
    lo, hi = exponent_ci_from_slope(slope_p, se_p, df=df)
    assert lo < lo_p + 0.5 and hi > hi_p - 0.5


def test_three_years_worth_10x_from_table2():
    slope, _ = paper_value("Table 2", "slope", item="imagenet", column="(2)")
    g, _ = paper_value("Table 2", "year", item="imagenet", column="(2)")
    printed, digits = paper_value("Section 3.2", "years_worth_10x", item="imagenet")
    y = years_worth_10x(slope, g)
    assert y == pytest.approx(2.75)
    assert agrees(y, printed, digits)
    assert computation_per_year(slope, g) == pytest.approx(10 ** (1 / 2.75))


def test_table2_additional_variance_and_table3_r2_range():
    r2_1, _ = paper_value("Table 2", "r2", item="imagenet", column="(1)")
    r2_2, _ = paper_value("Table 2", "r2", item="imagenet", column="(2)")
    added, d = paper_value("Section 3.2", "r2_added_by_year", item="imagenet")
    assert agrees(r2_2 - r2_1, added, d)
    t3 = load_paper_values("Table 3", quantity="r2")
    assert t3["value"].min() == paper_value("Section 3.2", "r2_min")[0]
    assert t3["value"].max() == paper_value("Section 3.2", "r2_max")[0]


@pytest.mark.parametrize("bench", ["imagenet", "squad11", "coco", "conll2003", "wmt14-en-fr"])
def test_burden_exponents_in_section32_follow_from_table3(bench):
    slope, _ = paper_value("Table 3", "slope", item=bench)
    printed, digits = paper_value("Section 3.2", "exponent", item=bench, column="burden polynomial")
    assert agrees(exponent_from_slope(slope), printed, digits)


def test_table_f_statistics_match_r2_and_df():
    """F = (R^2/k) / ((1 - R^2)/df) within the rounding of the printed R^2 (Tables 1, 3, 4)."""
    t = load_paper_values()
    t = t[t["source"].isin(["Table 1", "Table 3", "Table 4"])]
    for (src, col), g in t.groupby(["source", "column"]):
        v = g.set_index("quantity")["value"]
        r2, k, df = v["r2"], v["f_df1"], v["f_df2"]
        lo = ((r2 - 0.005) / k) / ((1 - r2 + 0.005) / df)
        hi = ((r2 + 0.005) / k) / ((1 - r2 - 0.005) / df)
        assert lo <= v["f"] <= hi, (src, col)


# ---------------------------------------------------------------- reference table
def test_reference_table_shape():
    df = load_paper_values()
    assert list(df.columns) == ["source", "column", "item", "quantity", "value", "digits", "note"]
    assert set(load_paper_values("Table 3")["item"]) == {"imagenet", "coco", "squad11", "conll2003",
                                                          "wmt14-en-fr"}
    assert paper_value("Table 3", "const", item="coco") == (-0.002, 3)
    assert tolerance(2) == 0.005
    with pytest.raises(KeyError):
        paper_value("Table 1", "slope")  # two columns match
    df.loc[0, "value"] = 1e9  # a copy
    assert load_paper_values().loc[0, "value"] != 1e9


# ---------------------------------------------------------------- result objects
def test_readings_of_a_fit(fits):
    r = fits["poly"]
    assert r.exponent == pytest.approx(-1 / r.slope)
    lo, hi = r.conf_int(0.95).loc["log10_x"]
    assert r.exponent_ci(0.95) == pytest.approx((-1 / lo, -1 / hi))
    w90 = np.diff(r.exponent_ci(0.90))[0]
    w99 = np.diff(r.exponent_ci(0.99))[0]
    assert w90 < w99
    assert np.isnan(r.years_worth_10x) and np.isnan(r.year_coef)
    y = fits["year"]
    assert y.years_worth_10x == pytest.approx(years_worth_10x(y))
    with pytest.raises(InputError):
        years_worth_10x(r)
    with pytest.raises(InputError, match="bootstrap"):
        r.conf_int(method="bootstrap")


def test_to_frame_and_to_dict(fits):
    r = fits["year"]
    t = r.to_frame()
    assert list(t.columns[:7]) == ["term", "estimate", "std_error", "statistic", "p_value",
                                   "ci_lower", "ci_upper"]
    assert t["term"].tolist() == ["const", "log10_x", "year"]
    d = r.to_dict()
    for k in ("benchmark", "x", "form", "nobs", "intercept", "slope", "slope_se", "slope_pvalue",
              "r2", "r2_adj", "exponent", "exponent_ci", "year_coef", "years_worth_10x"):
        assert k in d
    assert len(d["exponent_ci"]) == 2
    from computelimits.cli._common import to_jsonable

    json.dumps(to_jsonable(d), allow_nan=False)
    g = r.glance()
    assert len(g) == 1 and g["nobs"].iloc[0] == 51


@pytest.mark.parametrize("fmt, marker", [("text", "Observations"), ("html", "<table"),
                                         ("latex", r"\begin{tabular}")])
def test_summary_formats(fits, fmt, marker):
    r = fits["year"]
    s = r.summary(fmt)
    assert marker in s
    assert f"{r.slope:.4g}" in s and "Years worth 10x" in s
    assert fits["poly"]._repr_html_().startswith("<table")
    assert "pseudo R^2" in fits["q10"].summary() or "pseudo" in fits["q10"].summary()


def test_summary_rejects_unknown_format(fits):
    with pytest.raises(InputError):
        fits["poly"].summary("docx")


# ---------------------------------------------------------------- comparison tables
def test_stars_and_number_format():
    assert [stars(p) for p in (0.001, 0.01, 0.049, 0.05, 0.09, 0.1, np.nan)] == \
        ["***", "**", "**", "*", "*", "", ""]
    assert format_coef(-0.0021) == "-0.002"  # as Table 3 prints the COCO constant
    assert format_coef(-0.004) == "-0.004" and format_coef(0.31) == "0.31"
    assert format_coef(-0.001, 2) == "-0.001"


def test_comparison_table_like_table1(fits):
    t = compare([fits["expo"], fits["poly"]], title="Table 1")
    text = t.to_text()
    for s in ("Table 1", "Error rate", "log10(Error rate)", "Constant",
              "log10(Computation per Network Update)", "Observations", "R^2", "Adjusted R^2",
              "Residual Std. Error", "F Statistic", "(df = 1; 49)", "*p<0.1; **p<0.05; ***p<0.01",
              "(1)", "(2)"):
        assert s in text, s
    r = fits["poly"]
    assert f"{r.slope:.2f}{stars(r.slope_pvalue)}" in text
    assert f"({r.slope_se:.2f})" in text
    frame = t.to_frame()
    assert list(frame.columns) == ["(1)", "(2)"]
    assert frame.loc["Observations", "(2)"] == "51"
    assert frame.loc["Constant", "(2)"].startswith(format_coef(r.intercept))
    long = t.to_long()
    assert set(long["term"]) == {"const", "log10_x"} and len(long) == 4
    assert long.loc[(long.column == 2) & (long.term == "log10_x"), "estimate"].iloc[0] == r.slope


def test_comparison_table_with_year_quantile_and_robust(fits):
    t = compare({"mean": fits["poly"], "trend": fits["year"], "q": fits["q10"], "hc": fits["robust"]})
    text = str(t)
    assert "Year" in text and "quantile 0.1" in text and "HC1" in text
    assert "(df = 2; 48)" in text
    html = t.to_html()
    assert html.startswith("<table") and "R<sup>2</sup>" in html and t._repr_html_() == html
    latex = t.to_latex()
    assert r"\begin{tabular}" in latex and "$^{***}$" in latex and r"$\log_{10}" in latex
    assert comparison_table([fits["poly"]], fmt="latex").count(r"\begin{tabular}") == 1


def test_compare_rejects_bad_input(fits):
    with pytest.raises(InputError):
        compare([])
    with pytest.raises(InputError):
        compare([fits["poly"]], labels=["a", "b"])
    with pytest.raises(InputError):
        compare(["not a fit"])
