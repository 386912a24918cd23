"""One implementation of every interval (issue 13 item 1): a test per former disagreement."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from computelimits.errors import InputError, UnknownNameError
from computelimits.intervals import (
    ANCHORINGS,
    DEFAULT_INTERVAL,
    INTERVALS,
    AnchorPoint,
    anchored_line,
    bootstrap_inverse,
    critical_value,
    delta_ratio,
    fieller_inverse,
    fieller_ratio,
    get_interval,
    percentile_interval,
)


# ------------------------------------------------------------------ critical values
@pytest.mark.parametrize("df", [None, float("inf"), np.inf])
def test_critical_value_without_df_is_the_normal_quantile_everywhere(df):
    """The backtest's copy returned NaN for an infinite df; the others the normal quantile."""
    from computelimits.fitting import critical_value as fit_crit
    from computelimits.fitting.readings import critical_value as readings_crit

    z = stats.norm.ppf(0.975)
    assert critical_value(0.95, df) == pytest.approx(z, rel=1e-15)
    assert fit_crit is critical_value and readings_crit is critical_value


def test_critical_value_t_and_bad_input():
    assert critical_value(0.95, 49) == pytest.approx(stats.t.ppf(0.975, 49), rel=1e-15)
    assert critical_value(0.8, 11) == pytest.approx(stats.t.ppf(0.9, 11), rel=1e-15)
    for lv in (0, 1, 1.5, -0.1):
        with pytest.raises(InputError, match="level"):
            critical_value(lv)
    with pytest.raises(InputError, match="degrees of freedom"):
        critical_value(0.95, 0)


def test_backtest_uses_the_normal_quantile_for_infinite_df():
    """A training fit with infinite residual df (as a published table without df would give)
    gets normal critical values, not NaN intervals."""
    from computelimits.intervals import _analytic_band

    lo, hi = _analytic_band(np.array([0.0]), np.array([1.0]), None, 0.95, float("inf"))
    assert hi[0] == pytest.approx(stats.norm.ppf(0.975)) and lo[0] == -hi[0]


# ------------------------------------------------------------------ Fieller roots
def _naive(y, a, b, s00, s01, s11, c):
    """The textbook quadratic formula (the former progress copy)."""
    d = y - a
    A = b * b - c * c * s11
    B = -2.0 * (b * d + c * c * s01)
    C = d * d - c * c * s00
    r = math.sqrt(max(B * B - 4 * A * C, 0.0))
    return sorted(((-B - r) / (2 * A), (-B + r) / (2 * A)))


def _exact(y, a, b, s00, s01, s11, c, digits=60):
    """Roots in exact rational arithmetic, square root to ``digits`` digits (Decimal)."""
    from decimal import Decimal, getcontext

    getcontext().prec = digits
    y, a, b, s00, s01, s11, c = (Fraction(v) for v in (y, a, b, s00, s01, s11, c))
    d = y - a
    A = b * b - c * c * s11
    B = -2 * (b * d + c * c * s01)
    C = d * d - c * c * s00
    disc = B * B - 4 * A * C

    def dec(q):
        return Decimal(q.numerator) / Decimal(q.denominator)

    r = dec(disc).sqrt()
    return sorted(float((-dec(B) + s * r) / (2 * dec(A))) for s in (-1, 1))


def test_fieller_agrees_with_the_naive_formula_where_well_conditioned():
    rng = np.random.default_rng(0)
    for _ in range(200):
        y, a = rng.normal(0, 1, 2)
        b = rng.choice([-1, 1]) * rng.uniform(0.2, 1.0)
        s11 = rng.uniform(0.001, 0.01)
        s00 = rng.uniform(0.001, 0.1)
        s01 = rng.uniform(-1, 1) * math.sqrt(s00 * s11)
        lo, hi, ok = fieller_inverse(y, a, b, s00, s01, s11, 1.96)
        assert ok[0]
        nlo, nhi = _naive(y, a, b, s00, s01, s11, 1.96)
        assert lo[0] == pytest.approx(nlo, rel=1e-9, abs=1e-12)
        assert hi[0] == pytest.approx(nhi, rel=1e-9, abs=1e-12)


def test_fieller_small_root_stays_right_where_the_naive_formula_cancels():
    """B^2 >> 4AC: the textbook formula loses the small root to cancellation."""
    # y - alpha = 1, slope 1, crit 1, s00 = s11 = 0, s01 = 5e7 - 1: A = 1, B = -1e8, C = 1,
    # roots (1e8 -/+ sqrt(1e16 - 4)) / 2 = 1e-8 (to 16 digits) and 1e8
    args = (1.0, 0.0, 1.0, 0.0, 5e7 - 1, 0.0, 1.0)
    lo, hi, ok = fieller_inverse(*args)
    ex_lo, ex_hi = _exact(*args)
    assert ok[0] and ex_lo == pytest.approx(1e-8, rel=1e-15)
    assert abs(lo[0] - ex_lo) <= 1e-15 * ex_lo and abs(hi[0] - ex_hi) <= 1e-15 * ex_hi
    n_lo, _ = _naive(*args)
    assert abs(n_lo - ex_lo) > 0.1 * ex_lo  # the former progress formula: off by over 10 %
    # the ratio g / b (progress), the same set: the former copy there used the textbook roots
    lo, hi, ok = fieller_ratio(1.0, 1.0, 0.0, -(5e7 - 1), 0.0, 1.0)
    assert ok and abs(lo - ex_lo) <= 1e-15 * ex_lo and abs(hi - ex_hi) <= 1e-15 * ex_hi


def test_fieller_unbounded_unknown_and_rowwise():
    lo, hi, ok = fieller_inverse([0.0], 0.0, -0.01, 0.01, 0.0, 0.01, 2.0)  # slope not significant
    assert lo[0] == -np.inf and hi[0] == np.inf and not ok[0]
    lo, hi, ok = fieller_inverse([0.0], 0.0, -0.1, np.nan, 0.0, 0.001, 2.0)  # unknown variance
    assert np.isnan(lo[0]) and not ok[0]
    lo, hi, ok = fieller_inverse([0.0], 0.0, np.nan, 0.01, 0.0, 0.001, 2.0)  # unknown slope
    assert np.isnan(lo[0]) and not ok[0]
    alphas = np.array([0.1, -0.2, 0.3])  # one line per row = one call per row
    lo, hi, _ = fieller_inverse([0.0, 0.0, 0.0], alphas, -0.5, 0.01, 0.0, 0.001, 1.96)
    for i, a in enumerate(alphas):
        l1, h1, _ = fieller_inverse(0.0, a, -0.5, 0.01, 0.0, 0.001, 1.96)
        assert lo[i] == l1[0] and hi[i] == h1[0]


def test_ratio_is_the_inverse_set():
    """Progress's ratio interval is the same Fieller set as the projection's inverse."""
    b, g, vbb, vbg, vgg = -0.11, -0.04, 0.02 ** 2, 0.3 * 0.02 * 0.01, 0.01 ** 2
    lo, hi, ok = fieller_ratio(b, g, vbb, vbg, vgg, 1.96)
    l2, h2, ok2 = fieller_inverse(g, 0.0, b, vgg, -vbg, vbb, 1.96)
    assert (lo, hi, ok) == (float(l2[0]), float(h2[0]), bool(ok2[0]))
    # and the set's definition holds at its ends: (g - r b)^2 = c^2 Var(g - r b)
    for r in (lo, hi):
        assert (g - r * b) ** 2 == pytest.approx(1.96 ** 2 * (vgg - 2 * r * vbg + r * r * vbb))
    dlo, dhi, _ = delta_ratio(b, g, vbb, vbg, vgg, 1.96)
    assert dlo < g / b < dhi


# ------------------------------------------------------------------ percentiles of draws
def test_percentiles_are_draws_and_keep_infinities():
    d = np.random.default_rng(1).normal(size=1001)
    lo, hi = percentile_interval(d, 0.9)
    assert lo in d and hi in d  # no interpolation: every bound is a draw
    lo, hi = percentile_interval(np.r_[d, [np.inf] * 200], 0.95)
    assert np.isinf(hi) and np.isfinite(lo)
    from computelimits.fitting.bootstrap import percentile_interval as fit_percentiles

    two = np.column_stack([d, 2 * d])
    flo, fhi = fit_percentiles(two, 0.9)
    assert flo[0] == percentile_interval(d, 0.9)[0] and fhi[1] == percentile_interval(2 * d, 0.9)[1]


def test_bootstrap_inverse_sign_rule():
    y = np.array([-1.0])
    lo, hi, bad = bootstrap_inverse(y, np.zeros(4), np.array([-0.1, -0.2, 0.1, 0.0]), 0.5,
                                    reach_sign=-1)
    assert bad[0] == 2  # the positive and the zero slope cannot reach a lower target
    lo, hi, bad = bootstrap_inverse(y, np.zeros(4), np.array([-0.1, -0.2, 0.1, 0.0]), 0.5)
    assert bad[0] == 1  # without a sign rule only the zero slope


# ------------------------------------------------------------------ registries
def test_one_registry_one_vocabulary():
    from computelimits import backtest as bt
    from computelimits.progress import algorithmic_progress

    assert bt.ANCHORINGS is ANCHORINGS
    assert set(INTERVALS.names()) == {"fieller", "bootstrap", "delta"}
    assert DEFAULT_INTERVAL == "fieller"
    assert get_interval("fieller").inverse is not None and get_interval("delta").inverse is None
    for call in (lambda: get_interval("analytic"),
                 lambda: bt.backtest(_records(), interval="analytic"),
                 lambda: algorithmic_progress(_records(), "imagenet", interval="analytic")):
        with pytest.raises(InputError, match="now called 'fieller'"):
            call()
    with pytest.raises(InputError, match="not available for projections"):
        get_interval("delta", "inverse")
    with pytest.raises(UnknownNameError):
        get_interval("jackknife")
    assert ANCHORINGS.get("paper").exact_at_anchor and not ANCHORINGS.get("regression").exact_at_anchor
    with pytest.raises(InputError, match="today's best"):
        anchored_line("paper", AnchorPoint(("const", "log10_x")), [0.0, -0.1], np.eye(2))


def _records(n=40, seed=2):
    rng = np.random.default_rng(seed)
    yr = rng.uniform(2010, 2020, n)
    lx = rng.uniform(0, 2, n) + 0.25 * (yr - 2010)
    err = 10 ** (-0.3 - 0.1 * lx - 0.02 * (yr - 2010) + rng.normal(0, 0.03, n))
    return pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet",
                         "year": yr, "error": err, "flops_per_pass": 1e9 * 10 ** lx})


@pytest.mark.parametrize("anchor", ["paper", "regression"])
def test_backtest_and_projection_anchor_the_same_line(anchor):
    """The backtest's forecast of the computation needed equals a projection from the same
    training fit (the two former anchoring copies are one)."""
    from computelimits.backtest import backtest_arrays
    from computelimits.fitting.core import fit_arrays
    from computelimits.projection import project

    df = _records(60)
    u = np.log10(df["flops_per_pass"].to_numpy() / 1e9)
    err, yr = df["error"].to_numpy(), df["year"].to_numpy()
    f, _, _ = backtest_arrays(u, err, yr, models=df["model"].to_numpy(), cutoffs=[2016],
                              variants=[f"polynomial-mean-{anchor}"], levels=(0.95,))
    tr = np.floor(yr) <= 2016
    res = fit_arrays(df["flops_per_pass"].to_numpy()[tr], err[tr], year=yr[tr],
                     models=df["model"].to_numpy()[tr])
    rec = f[f["record"]]
    assert len(rec) >= 2
    p = project(res, list(rec["error"]), anchor=anchor, cost=None, alternatives=False)
    np.testing.assert_allclose(p.to_frame()["log10_flops"], np.log10(rec["needed_flops"]),
                               rtol=1e-10)


def test_results_follow_the_presentation_protocol():
    from computelimits.backtest import BacktestResult
    from computelimits.presentation import Presentable
    from computelimits.progress import ProgressResult
    from computelimits.projection import Projection

    for cls in (Projection, BacktestResult, ProgressResult):
        assert issubclass(cls, Presentable)
