"""Inverse prediction: Fieller and bootstrap kernels, coverage, anchorings, Figure 4, rendering."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from computelimits.errors import InputError, UnknownNameError
from computelimits.figure4 import (
    FIGURE4_BENCHMARKS,
    figure4_comparison,
    figure4_table,
    paper_relation,
    paper_targets,
)
from computelimits.intervals import ANCHORINGS as ANCHORS
from computelimits.intervals import INTERVALS, bootstrap_inverse, fieller_inverse
from computelimits.projection import (
    LinearRelation,
    Projection,
    line_band,
    parse_target,
    project,
    relation_from_coefficients,
)

# ---------------------------------------------------------------------------------------------
# kernels
# ---------------------------------------------------------------------------------------------


def _brute_force(y, a, b, s00, s01, s11, crit, grid):
    ok = (y - a - b * grid) ** 2 <= crit ** 2 * (s00 + 2 * s01 * grid + s11 * grid ** 2)
    return grid[ok]


def test_fieller_matches_its_definition():
    grid = np.linspace(-50, 50, 200001)
    a, b, s00, s01, s11, crit = 0.3, -0.11, 0.02 ** 2, -0.0001, 0.02 ** 2, 2.01
    for y in (-0.5, -1.0, -2.0, 0.3):
        lo, hi, ok = fieller_inverse([y], a, b, s00, s01, s11, crit)
        inside = _brute_force(y, a, b, s00, s01, s11, crit, grid)
        assert ok[0]
        assert lo[0] == pytest.approx(inside.min(), abs=1e-3)
        assert hi[0] == pytest.approx(inside.max(), abs=1e-3)
        assert lo[0] <= (y - a) / b <= hi[0]


def test_fieller_unbounded_when_slope_not_significant():
    # |b| / se = 1.5 < 2: the set is the whole line or two rays -> reported unbounded
    lo, hi, ok = fieller_inverse([-1.0, 0.0], 0.0, -0.03, 0.0, 0.0, 0.02 ** 2, 2.0)
    assert not ok.any() and np.all(np.isneginf(lo)) and np.all(np.isposinf(hi))
    # unknown covariance -> unavailable (NaN), not a number
    lo, hi, ok = fieller_inverse([-1.0], 0.0, -0.1, np.nan, np.nan, 0.02 ** 2, 2.0)
    assert np.isnan(lo[0]) and np.isnan(hi[0]) and not ok[0]


def test_fieller_at_the_anchor_is_a_point():
    # paper anchoring: no variance at the anchor, so the target today is reached exactly there
    lo, hi, ok = fieller_inverse([0.0], 0.0, -0.1, 0.0, 0.0, 0.02 ** 2, 2.0)
    assert ok[0] and lo[0] == pytest.approx(0) and hi[0] == pytest.approx(0)


def test_bootstrap_inverse_unreachable_draws():
    slopes = np.array([-0.1] * 90 + [0.05] * 10)  # 10 % of draws: computation does not help
    lo, hi, n_bad = bootstrap_inverse([-1.0], np.zeros(100), slopes, 0.95, reach_sign=-1)
    assert n_bad[0] == 10 and np.isposinf(hi[0]) and lo[0] == pytest.approx(10.0)
    lo, hi, n_bad = bootstrap_inverse([-1.0], np.zeros(100), slopes, 0.80, reach_sign=-1)
    assert hi[0] == pytest.approx(10.0)  # the 90th percentile is still finite


# ---------------------------------------------------------------------------------------------
# coverage by simulation (known relation)
# ---------------------------------------------------------------------------------------------


def _ols_batch(u, y):
    """OLS of each row of y on u (rows = simulations): intercepts, slopes, cov terms, df."""
    n = u.shape[-1]
    ub = u.mean(axis=-1, keepdims=True)
    sxx = ((u - ub) ** 2).sum(-1)
    b = ((u - ub) * (y - y.mean(-1, keepdims=True))).sum(-1) / sxx
    a = y.mean(-1) - b * ub[..., 0]
    resid = y - a[..., None] - b[..., None] * u
    s2 = (resid ** 2).sum(-1) / (n - 2)
    v_bb = s2 / sxx
    v_aa = s2 * (1.0 / n + ub[..., 0] ** 2 / sxx)
    v_ab = -ub[..., 0] * s2 / sxx
    return a, b, v_aa, v_ab, v_bb


TRUE_A, TRUE_B, SIGMA, N = 0.1, -0.07, 0.1, 25


def _simulate(rng, m):
    u = rng.uniform(10, 16, size=(m, N))
    y = TRUE_A + TRUE_B * u + rng.normal(0, SIGMA, size=(m, N))
    return u, y


def test_fieller_coverage_regression_anchor():
    from scipy import stats

    rng = np.random.default_rng(20240601)
    m = 4000
    u, y = _simulate(rng, m)
    a, b, vaa, vab, vbb = _ols_batch(u, y)
    crit = stats.t.ppf(0.975, N - 2)
    y_star = np.log10(0.02)  # extrapolating well beyond the data
    u_true = (y_star - TRUE_A) / TRUE_B
    lo, hi, ok = fieller_inverse(y_star, a, b, vaa, vab, vbb, crit)
    assert lo.shape == (m,)
    cover = np.mean((lo <= u_true) & (u_true <= hi))
    assert 0.935 <= cover <= 0.965, cover  # binomial s.e. 0.0034 around 0.95


def test_fieller_coverage_paper_anchor():
    """Paper anchoring: a known point on the true line moved along the estimated slope."""
    from scipy import stats

    rng = np.random.default_rng(7)
    m = 4000
    u, y = _simulate(rng, m)
    _, b, _, _, vbb = _ols_batch(u, y)
    crit = stats.t.ppf(0.975, N - 2)
    u_t = 15.0
    y_t = TRUE_A + TRUE_B * u_t
    y_star = y_t - 1.0
    u_true = u_t + (y_star - y_t) / TRUE_B
    lo, hi, _ = fieller_inverse(y_star - y_t, 0.0, b, 0.0, 0.0, vbb, crit)
    cover = np.mean((lo + u_t <= u_true) & (u_true <= hi + u_t))
    assert 0.935 <= cover <= 0.965, cover


def test_bootstrap_coverage_regression_anchor():
    rng = np.random.default_rng(11)
    m, n_boot = 300, 400
    u, y = _simulate(rng, m)
    y_star = np.log10(0.02)
    u_true = (y_star - TRUE_A) / TRUE_B
    hits = 0
    for i in range(m):
        idx = rng.integers(0, N, size=(n_boot, N))
        a_d, b_d, *_ = _ols_batch(u[i][idx], y[i][idx])
        lo, hi, _ = bootstrap_inverse([y_star], a_d, b_d, 0.95, reach_sign=-1)
        hits += lo[0] <= u_true <= hi[0]
    # percentile pairs bootstrap at n = 25 covers a little under nominal
    assert 0.88 <= hits / m <= 0.99, hits / m


# ---------------------------------------------------------------------------------------------
# project() on published coefficients and Figure 4
# ---------------------------------------------------------------------------------------------


def test_paper_arithmetic_imagenet():
    poly = project(paper_relation("imagenet", "polynomial"), ["5%", "1%"])
    f = poly.to_frame(include_today=True)
    expected = 14 + (np.log10([0.115, 0.05, 0.01]) - np.log10(0.115)) / -0.07
    np.testing.assert_allclose(f["log10_flops"] - 9, expected)
    exp = project(paper_relation("imagenet", "exponential"), ["5%", "1%"])
    g = exp.to_frame()
    np.testing.assert_allclose(g["log10_flops"] - 9, 14 + (1 / np.array([0.05, 0.01]) - 1 / 0.115)
                               / 0.87)
    assert exp.form == "exponential" and exp.relation.reach_sign == 1
    # "it is estimated to take an additional 10^5 x more computing to get to 5%" (section 3.3)
    assert 4.5 < math.log10(poly.to_frame()["factor_vs_today"].iloc[0]) < 5.5


def test_figure4_every_cell_within_printed_rounding():
    """Every Figure 4 cell against the paper's own coefficients (Tables 3-4, Figure 4 today).

    Tolerance: the paper prints coefficients to two decimals and every cell as a rounded power
    of ten. A printed cell must lie in the range our arithmetic gives when the slope varies by
    half a unit of its last digit, today's computation by +/-0.5 decades and today's error by
    half a unit of its last digit, widened by 0.5 (its own rounding). A flat one-decade
    tolerance is too tight where the slope has one significant digit (-0.02 means -0.015 to
    -0.025, so a 30-decade extrapolation may move by 10 decades); the cells whose band is narrow
    are held to it below.
    """
    c = figure4_comparison()
    assert len(c) == 5 * 2 * 3 * 3
    bad = c[~c["consistent"]]
    assert bad.empty, bad
    narrow = c[(c["band_upper"] - c["band_lower"]) <= 1.5]
    assert len(narrow) >= 30
    assert narrow["within_one_order"].all(), narrow[~narrow["within_one_order"]]
    # today's rows test the conversion factors alone: within one order everywhere
    today = c[c["row"] == "today"]
    assert today["within_one_order"].all()


def test_figure4_comparison_can_fail():
    # a conversion a decade off breaks the CO2 and dollar cells
    c = figure4_comparison({"co2_lbs_per_kwh": 9.54})
    assert not c[c["quantity"] == "log10_co2_lbs"]["consistent"].all()
    assert c[c["quantity"] == "log10_gflops"]["consistent"].all()


def test_figure4_table_renderings(tmp_path):
    t = figure4_table()
    df = t.to_frame()
    assert set(df["benchmark"]) == set(FIGURE4_BENCHMARKS)
    assert len(df) == 5 * 2 * 3
    assert {"log10_gflops", "log10_gflops_ci_lower", "log10_co2_lbs", "log10_usd",
            "paper_log10_gflops", "ci_kind"} <= set(df.columns)
    csv_text = t.to_csv()
    back = pd.read_csv(__import__("io").StringIO(csv_text))
    np.testing.assert_allclose(back["log10_gflops"], df["log10_gflops"])
    md = t.to_markdown()
    assert md.count("\n|") >= 16 and "10^19.2" in md and "(paper 10^19)" in md
    tex = t.to_latex()
    assert r"\begin{tabular}" in tex and r"$10^{19.2}$" in tex and r"\%" in tex
    assert "<table" in t.to_html() and t._repr_html_() == t.to_html()
    assert "unbounded" in t.to_text()  # the rounded SE of MS COCO's slope leaves it unbounded
    out = tmp_path / "fig4.csv"
    t.to_csv(out)
    assert out.read_text() == csv_text
    with pytest.raises(FileExistsError):
        t.to_csv(out)
    t.to_csv(out, force=True)


def test_paper_targets_and_relation():
    assert paper_targets("SQuAD 1.1") == (0.04621, 0.02, 0.01)
    rel = paper_relation("coco", "exponential")
    assert rel.today_flops == pytest.approx(1e24)  # 10^15 GFLOPs in the exponential column
    assert np.isnan(rel.cov[0, 1])
    with pytest.raises(InputError):
        paper_relation("cifar10")
    # the regression anchoring needs a covariance the paper does not print
    p = project(rel, "10%", anchor="regression")
    assert p.to_frame()["ci_kind"].iloc[0] == "unavailable"
    assert any("covariance" in n for n in p.notes)


# ---------------------------------------------------------------------------------------------
# project() on fits
# ---------------------------------------------------------------------------------------------


def _records(seed=0, n=30, slope=-0.07):
    rng = np.random.default_rng(seed)
    lx = rng.uniform(17, 23, n)
    y = 0.10 + slope * (lx - 9) + rng.normal(0, 0.08, n)
    return pd.DataFrame(dict(model=[f"m{i}" for i in range(n)], benchmark="imagenet",
                             year=rng.uniform(2012, 2020, n).round(2), error=10 ** y,
                             hardware_burden_flops=10 ** lx,
                             flops_per_pass=10 ** (lx - 8)))


@pytest.fixture(scope="module")
def fitted():
    from computelimits.fitting import fit

    df = _records()
    return df, fit(df, x="burden", form="polynomial", bootstrap=300, seed=3)


def test_project_fit_paper_anchor(fitted):
    df, res = fitted
    p = project(res, ["5%", 0.02])
    f = p.to_frame(include_today=True)
    best = df.loc[df["error"].idxmin()]
    assert p.today_error == pytest.approx(best["error"])
    assert f["flops"].iloc[0] == pytest.approx(best["hardware_burden_flops"])
    assert f["ci_kind"].iloc[0] == "exact"
    u_t = math.log10(best["hardware_burden_flops"])
    expect = u_t + (np.log10([0.05, 0.02]) - math.log10(best["error"])) / res.slope
    np.testing.assert_allclose(f["log10_flops"].iloc[1:], expect)
    assert (f["log10_flops_ci_lower"] <= f["log10_flops"]).all()
    assert (f["log10_flops"] <= f["log10_flops_ci_upper"]).all()
    assert (f["ci_kind"].iloc[1:] == "bounded").all()
    assert p.relation.today_model == best["model"]


def test_project_fit_regression_anchor(fitted):
    _, res = fitted
    p = project(res, ["5%", "2%"], anchor="regression")
    f = p.to_frame()
    np.testing.assert_allclose(f["flops"], res.x_for_error(np.array([0.05, 0.02])), rtol=1e-9)
    b = project(res, ["5%", "2%"], anchor="regression", interval="bootstrap")
    g = b.to_frame()
    np.testing.assert_allclose(g["flops"], f["flops"])
    assert (g["log10_flops_ci_lower"] < g["log10_flops"]).all()
    assert (g["log10_flops"] < g["log10_flops_ci_upper"]).all()
    # the two intervals broadly agree on this well-determined fit
    assert np.all(np.abs(g["log10_flops_ci_upper"] - f["log10_flops_ci_upper"]) < 2)


def test_costs_follow_computation(fitted):
    from computelimits.costs import estimate_cost

    _, res = fitted
    p = project(res, ["5%"], cost="strubell2019", pue=(1.1, 1.6))
    f = p.to_frame()
    est = estimate_cost(f["flops"].to_numpy(), pue=(1.1, 1.6))
    np.testing.assert_allclose(f["co2_lbs"], est.co2_lbs, rtol=1e-9)
    rng = p.to_dict()["targets"][0]["co2_lbs_range"]  # the constants' range at the point
    np.testing.assert_allclose(rng, [est.co2_lbs_low[0], est.co2_lbs_high[0]], rtol=1e-9)
    lo = estimate_cost(f["flops_ci_lower"].to_numpy(), pue=(1.1, 1.6))
    hi = estimate_cost(f["flops_ci_upper"].to_numpy(), pue=(1.1, 1.6))
    np.testing.assert_allclose(f["co2_lbs_ci_lower"], lo.co2_lbs_low, rtol=1e-9)
    np.testing.assert_allclose(f["usd_ci_upper"], hi.usd_high, rtol=1e-9)
    assert p.cost_per_flop.constants["pue"]["low"] == 1.1
    none = project(res, ["5%"], cost=None).to_frame()
    assert "co2_lbs" not in none.columns


def test_huge_projections_stay_finite_in_log10():
    p = project(paper_relation("conll2003", "exponential"), ["1%"])
    f = p.to_frame()
    assert f["log10_flops"].iloc[0] > 180
    assert f["log10_co2_lbs_ci_upper"].iloc[0] > 308  # beyond float range, kept in log10
    assert np.isinf(f["co2_lbs_ci_upper"].iloc[0])
    assert any("10^308" in n for n in p.notes)


def test_per_pass_has_no_costs():
    from computelimits.fitting import fit

    res = fit(_records(), x="per-pass", form="polynomial")
    p = project(res, "5%")
    assert p.cost_method is None and "co2_lbs" not in p.to_frame().columns
    assert any("per-pass" in n for n in p.notes)


def test_year_trend_and_today_override():
    from computelimits.fitting import fit

    df = _records(seed=5)
    res = fit(df, x="burden", form="polynomial", year=True)
    p = project(res, "5%", anchor="regression", year=2020.0)
    assert p.relation.year == 2020.0
    g = res.params
    u = (math.log10(0.05) - g["const"] - g["year"] * 2020.0) / g["log10_x"] + 9
    assert p.to_frame()["log10_flops"].iloc[0] == pytest.approx(u)
    q = project(res, "5%", today_error=0.2, today_flops=1e20)
    assert q.today_error == 0.2 and q.to_frame(include_today=True)["flops"].iloc[0] == 1e20


def test_unreachable_when_slope_points_the_wrong_way():
    rel = relation_from_coefficients(-1.0, 0.05, form="polynomial", slope_se=0.01, df_resid=20,
                                     today_error=0.1, today_flops=1e20)
    p = project(rel, "5%")
    f = p.to_frame()
    assert np.isposinf(f["flops"].iloc[0]) and f["ci_kind"].iloc[0] == "unreachable"
    assert any("does not fall" in n for n in p.notes)


@pytest.mark.parametrize("target", [0.2, 0.115, 1.5, 0, -0.1, "abc", "150%", float("nan")])
def test_bad_targets(target):
    rel = paper_relation("imagenet")
    with pytest.raises(InputError):
        project(rel, [target])


def test_bad_settings(fitted):
    _, res = fitted
    rel = paper_relation("imagenet")
    with pytest.raises(UnknownNameError):
        project(rel, "5%", anchor="today")
    with pytest.raises(UnknownNameError):
        project(rel, "5%", interval="jackknife")
    with pytest.raises(InputError, match="not available for projections"):
        project(rel, "5%", interval="delta")  # a ratio-only method of the one registry
    with pytest.raises(InputError, match="now called 'fieller'"):
        project(rel, "5%", interval="analytic")
    with pytest.raises(InputError, match="bootstrap"):
        project(rel, "5%", interval="bootstrap")  # no draws for published coefficients
    with pytest.raises(InputError):
        project(rel, "5%", level=1.5)
    with pytest.raises(InputError):
        project(rel, [])
    assert set(ANCHORS.names()) == {"paper", "regression"}
    assert set(INTERVALS.names()) == {"fieller", "bootstrap", "delta"}


def test_parse_target():
    assert parse_target("5%") == 0.05 and parse_target(" 0.3 ") == 0.3 and parse_target(0.1) == 0.1
    with pytest.raises(InputError, match="percentage"):
        parse_target(5)


def test_result_is_a_value(fitted):
    _, res = fitted
    p = project(res, ["5%"])
    assert isinstance(p, Projection) and isinstance(p.relation, LinearRelation)
    f = p.to_frame()
    f.loc[0, "flops"] = -1
    assert p.to_frame()["flops"].iloc[0] > 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.anchor = "regression"
    with pytest.raises(ValueError):
        p.relation.cov[0, 0] = 1.0
    d = p.to_dict()
    t = d["targets"][0]
    assert {"target", "flops", "flops_ci", "co2_lbs", "co2_lbs_ci", "usd", "usd_ci", "form",
            "anchor"} <= set(t)
    for fmt, marker in (("text", "Target: 5%"), ("markdown", "| Target: 5% |"),
                        ("latex", r"\begin{tabular}"), ("html", "<table")):
        assert marker in p.summary(fmt)
    with pytest.raises(InputError):
        p.summary("rtf")


def test_line_band_contains_line(fitted):
    _, res = fitted
    p = project(res, "5%")
    u = np.linspace(8, 20, 50)
    y, lo, hi = line_band(p.relation, u, anchor="paper")
    assert np.all(lo <= y) and np.all(y <= hi)
    # the band is pinned at today's model for the paper anchoring
    y0, lo0, hi0 = line_band(p.relation, [p.relation.u_today], anchor="paper")
    assert lo0[0] == pytest.approx(hi0[0])


def test_plot_projection(fitted):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from computelimits.plotting.projection import plot_projection

    _, res = fitted
    ax = plot_projection(project(res, ["5%", "2%"]))
    assert ax.get_xlabel().startswith("Hardware burden") and len(ax.collections) >= 2
    plt.close(ax.figure)
    fig, ax2 = plt.subplots()
    out = plot_projection(project(paper_relation("coco"), ["30%", "10%"]), ax=ax2)
    assert out is ax2  # unbounded intervals draw as arrows, no error
    plt.close(fig)


def test_figure4_from_data():
    rng = np.random.default_rng(0)
    frames = []
    for b, e0 in (("imagenet", 0.1), ("coco", 0.45)):
        lx = rng.uniform(17, 23, 25)
        err = np.clip(10 ** (np.log10(e0) - 0.05 * (lx - 20) + rng.normal(0, 0.03, 25)),
                      0.01, 0.95)
        frames.append(pd.DataFrame(dict(model=[f"{b}{i}" for i in range(25)], benchmark=b,
                                        year=2019, error=err, hardware_burden_flops=10 ** lx)))
    df = pd.concat(frames, ignore_index=True)
    t = figure4_table("data", data=df, benchmarks=["imagenet", "coco", "squad11"],
                      targets={"imagenet": ["5%", "1%"], "coco": ["50%", "10%"]})
    f = t.to_frame()
    assert set(f["benchmark"]) == {"imagenet", "coco"}
    assert any("squad11" in n and "not fitted" in n for n in t.notes)
    assert any("coco" in n and "already" in n for n in t.notes)  # 50 % is above today's error
    best = df[df["benchmark"] == "imagenet"].sort_values("error").iloc[0]
    today = f[(f["benchmark"] == "imagenet") & (f["row"] == "today")]
    np.testing.assert_allclose(today["log10_gflops"], math.log10(best["hardware_burden_flops"]) - 9)
    # the paper's printed cell is matched by target value where Figure 4 has one
    cell = f[(f["benchmark"] == "imagenet") & (f["column"] == "polynomial") & (f["error"] == 0.05)]
    assert cell["paper_log10_gflops"].iloc[0] == 19


# ---------------------------------------------------------------------------------------------
# one meaning per form name (issue 14 item 1)
# ---------------------------------------------------------------------------------------------

def test_exponential_is_the_papers_model_in_data_and_paper_mode():
    from computelimits.fitting import fit
    from computelimits.fitting.forms import get_form

    paper = project(paper_relation("imagenet", "exponential"), ["1%"], alternatives=False)
    data = project(fit(benchmark="imagenet", x="burden", form="exponential"), ["1%"],
                   alternatives=False)
    assert paper.relation.form is data.relation.form is get_form("exponential")
    assert paper.equation == data.equation == "1/error = a + b log10(C)"
    assert get_form("exponential-inverse") is get_form("exponential")  # the same model
    # the change of meaning is said, not silent
    assert any("now 'error-linear'" in n for n in data.notes)
    assert "earlier versions fitted error = a + b log10(C)" in data.summary()
    # 10^118.9 GFLOPs from the paper's coefficients; from the data, the same arithmetic on the
    # 1/error scale: log10 C_today + (1/0.01 - 1/e_today) / b
    assert paper.to_frame()["log10_flops"].iloc[0] - 9 == pytest.approx(118.9, abs=0.05)
    rel = data.relation
    expect = np.log10(rel.today_flops) + (1 / 0.01 - 1 / rel.today_error) / rel.slope
    assert data.to_frame()["log10_flops"].iloc[0] == pytest.approx(expect, rel=1e-12)
    assert rel.slope > 0  # 1/error rises with computation
    lin = project(fit(benchmark="imagenet", x="burden", form="error-linear"), ["1%"],
                  alternatives=False)
    assert lin.equation == "error = a + b log10(C)"
    r = lin.relation
    expect = np.log10(r.today_flops) + (0.01 - r.today_error) / r.slope
    assert lin.to_frame()["log10_flops"].iloc[0] == pytest.approx(expect, rel=1e-12)
    # the two models answer very differently: one name cannot mean both
    assert data.to_frame()["log10_flops"].iloc[0] - lin.to_frame()["log10_flops"].iloc[0] > 20


# ---------------------------------------------------------------------------------------------
# how far a projection reaches (issue 14 item 3)
# ---------------------------------------------------------------------------------------------

def test_factor_beyond_today_and_warning_on_a_far_target():
    p = project(paper_relation("imagenet"), ["11%", "5%", "1%"], alternatives=False)
    f = p.to_frame()
    # (log10 e* - log10 0.115) / -0.07 decades beyond Figure 4's 10^14 GFLOPs
    expect = (np.log10([0.11, 0.05, 0.01]) - np.log10(0.115)) / -0.07
    np.testing.assert_allclose(f["log10_factor_vs_today"], expect, rtol=1e-12)
    np.testing.assert_allclose(np.log10(f["factor_vs_today"]), expect, rtol=1e-12)
    assert f["factor_vs_today"].iloc[0] == pytest.approx(10 ** 0.2759, rel=1e-3)
    # 11%: 1.9x, no warning; 5% (10^5.2x) and 1% (10^15.2x): a plain warning each
    assert len(p.warnings) == 2
    assert "target 5% needs 10^5.2 times" in p.warnings[0] and "over 100x" in p.warnings[0]
    assert "target 1% needs 10^15.2 times" in p.warnings[1]
    text = p.summary()
    assert "WARNING: target 1% needs 10^15.2 times" in text and "10^15.2x" in text
    assert p.to_dict()["warnings"] == list(p.warnings)
    near = project(paper_relation("imagenet"), ["11%"], alternatives=False)
    assert near.warnings == ()


def test_far_target_beyond_the_data(fitted):
    df, res = fitted
    p = project(res, ["1%"], alternatives=False)
    best = df.loc[df["error"].idxmin()]
    lf = p.to_frame()["log10_flops"].iloc[0]
    assert p.to_frame()["log10_factor_vs_today"].iloc[0] == pytest.approx(
        lf - np.log10(best["hardware_burden_flops"]))
    assert p.data_max_flops == pytest.approx(df["hardware_burden_flops"].max())
    assert any("times the largest computation in the data" in w for w in p.warnings)


def test_other_forms_beside_the_chosen_one(fitted):
    _, res = fitted
    p = project(res, ["5%"])
    alt = p.other_forms()
    assert alt["chosen"].sum() == 1 and alt.loc[alt["chosen"], "form"].item() == "polynomial"
    assert {"exponential", "error-linear", "polynomial-odds"} <= set(alt["form"])
    chosen = alt.loc[alt["chosen"], "log10_flops"].item()
    assert chosen == pytest.approx(p.to_frame()["log10_flops"].iloc[0])
    for r in alt[~alt["chosen"]].to_dict("records"):
        if not np.isfinite(r["log10_flops"]):  # a form that cannot be fitted says why
            assert r["note"]
            continue
        other = project(fit_form(res, r["form"]), ["5%"], alternatives=False)
        assert r["log10_flops"] == pytest.approx(other.to_frame()["log10_flops"].iloc[0])
        assert r["orders_from_chosen"] == pytest.approx(r["log10_flops"] - chosen)
    assert "Other functional forms, target 5%" in p.summary()
    # published coefficients: the caller gives the other table
    pp = project(paper_relation("imagenet"), ["5%"],
                 alternatives={"exponential": paper_relation("imagenet", "exponential")})
    e = pp.other_forms().set_index("form")
    assert e.loc["exponential", "log10_flops"] - 9 == pytest.approx(27.0, abs=0.05)
    assert project(paper_relation("imagenet"), ["5%"]).other_forms().empty


def fit_form(res, form):
    from computelimits.fitting import fit

    return fit(res.data.assign(hardware_burden_flops=res.data["x_value"]), x="burden", form=form)


def test_backtest_coverage_is_measured(fitted):
    from computelimits.backtest import backtest

    df, res = fitted
    p = project(res, ["5%"], alternatives=False)
    cov = p.backtest_coverage
    assert cov["available"] and cov["variant"] == "polynomial-mean-paper"
    direct = backtest(df, x="burden", variants=["polynomial-mean-paper"], levels=(0.95,))
    c, n = direct.coverage("polynomial-mean-paper", 0.95, "flops")
    assert cov["coverage"] == pytest.approx(c) and cov["n"] == n > 0
    assert f"covered {c:.0%} of {n} new best models" in p.summary()
    # a form the backtest does not have: said, not invented
    q = project(fit_form(res, "polynomial-odds"), ["5%"], alternatives=False)
    assert not q.backtest_coverage["available"] and "no variant" in q.backtest_coverage["reason"]


def test_frame_one_vocabulary_and_notebook_display(fitted):
    _, res = fitted
    p = project(res, ["5%", "2%"], alternatives=False)
    wide = p.to_frame()
    assert not [c for c in wide.columns if c.endswith(("_low", "_high"))]
    assert {"energy_kwh", "co2_kg_ci_lower", "log10_usd_ci_upper"} <= set(wide.columns)
    long = p.to_frame(layout="long")
    assert list(long.columns) == ["row", "target", "quantity", "unit", "value", "ci_lower",
                                  "ci_upper", "log10_value", "log10_ci_lower", "log10_ci_upper",
                                  "ci_kind"]
    assert set(long["quantity"]) == {"flops", "energy_kwh", "co2_kg", "co2_lbs", "usd"}
    e = long[(long["quantity"] == "energy_kwh") & (long["target"] == 0.05)]
    assert e["value"].item() == pytest.approx(wide.loc[wide["target"] == 0.05, "energy_kwh"].item())
    with pytest.raises(InputError, match="layout"):
        p.to_frame(layout="tall")
    html = p._repr_html_()
    assert html.startswith("<table") and "Energy (kWh)" in html
    assert "CO2e (tonnes)" in str(p) and "lbs" in str(p)
    assert repr(p).startswith("Projection(") and len(repr(p)) < 300
    assert r"\begin{tabular}" in p.summary("latex")


def test_figure4_table_says_how_far_it_reaches():
    t = figure4_table()
    f = t.to_frame()
    im = f[(f["benchmark"] == "imagenet") & (f["column"] == "polynomial")]
    np.testing.assert_allclose(im["log10_factor_vs_today"],
                               (np.log10([0.115, 0.05, 0.01]) - np.log10(0.115)) / -0.07,
                               atol=1e-12)
    reach = f.loc[f["row"] != "today", "log10_factor_vs_today"]
    assert t.notes[0].startswith(f"Reach: the targets need 10^{reach.min():.1f} to "
                                 f"10^{reach.max():.1f} times")
    assert f"{int((reach > 2).sum())} of {len(reach)} are over 100x" in t.notes[0]


def test_projection_in_context_of_known_values():
    from computelimits.cost_context import load_cost_context

    p = project(paper_relation("imagenet"), ["1%"], alternatives=False)
    ctx = p.context().set_index(["quantity", "key"])
    ref = load_cost_context().set_index("key")["value"]
    f = p.to_frame().iloc[0]
    assert ctx.loc[("usd", "world_gdp"), "log10_ratio"] == pytest.approx(
        f["log10_usd"] - np.log10(ref["world_gdp"]))
    assert ctx.loc[("energy_kwh", "world_electricity"), "log10_ratio"] == pytest.approx(
        f["log10_energy_kwh"] - np.log10(ref["world_electricity"]))
    assert ctx.loc[("flops", "largest_training_run"), "year"] != ""
    text = p.summary()
    assert "In context, target 1%:" in text and "world GDP" in text and "IMF" in text
    assert p.to_dict()["context"][0]["target"] == 0.01
