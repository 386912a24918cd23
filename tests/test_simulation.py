"""The Figure 1 simulation: theory, exactness against scikit-learn, FLOPs, results, figures."""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest

from computelimits.errors import InputError, UnknownNameError
from computelimits.simulation import (
    SimulationResult,
    SimulationSettings,
    paper_figure1,
    run_simulation,
)
from computelimits.simulation import fit_flops as fl
from computelimits.simulation.engine import simulate_replication
from computelimits.simulation.kernels import PrefixStats
from computelimits.simulation.lasso import lasso_active_set, lasso_homotopy
from computelimits.simulation.results import _crossing

SMALL = dict(d=30, s=3, n=(8, 15, 25, 29, 30, 31, 60, 120))


def _z(x: np.ndarray, expected: float) -> float:
    return (x.mean() - expected) / (x.std(ddof=1) / math.sqrt(x.size))


# --------------------------------------------------------------------------- settings
@pytest.mark.parametrize(
    "kw, match",
    [
        ({"s": 20, "d": 10}, "s must be smaller than d"),
        ({"s": 10, "d": 10}, "s must be smaller than d"),
        ({"n": (10, 0)}, "n must be >= 1"),
        ({"n": (-5,)}, "n must be >= 1"),
        ({"sims": 0}, "sims must be >= 1"),
        ({"sims": 2.5}, "sims must be an integer"),
        ({"sigma": 0}, "sigma must be"),
        ({"sigma": float("nan")}, "sigma must be"),
        ({"coef": 0}, "coef must be non-zero"),
        ({"penalty": "fixed"}, "needs a value"),
        ({"penalty_c": -1}, "penalty_c"),
        ({"queries": -1}, "queries"),
        ({"seed": -1}, "seed"),
        ({"cv_eps": 2.0}, "cv_eps"),
        ({"penalty": "cv", "n": (4, 20)}, "cv_folds"),
        ({"models": ("oracle", "oracle")}, "twice"),
        ({"d": 100_000}, "GiB"),
    ],
)
def test_bad_settings_raise_input_error(kw, match):
    with pytest.raises(InputError, match=match):
        SimulationSettings(**kw)


@pytest.mark.parametrize("kw", [{"penalty": "lars"}, {"models": ("oracle", "deep")}])
def test_unknown_names_suggest_candidates(kw):
    with pytest.raises(UnknownNameError, match="did you mean"):
        SimulationSettings(**kw)


def test_settings_normalise_and_round_trip():
    st = SimulationSettings(n=(50, 10, 50, 20), sims=3, models="oracle,flexible")
    assert st.n == (10, 15, 20, 50)  # sorted, unique, reference n = 15 added
    assert st.models == ("oracle", "flexible")
    assert SimulationSettings.from_dict(json.loads(json.dumps(st.to_dict()))) == st
    assert st.replace(sims=5).sims == 5
    with pytest.raises(InputError, match="unknown simulation settings"):
        SimulationSettings.from_dict({"sims": 2, "lambda": 1})
    with pytest.raises(AttributeError):
        st.sims = 4  # frozen


def test_default_grid_is_paper_scale():
    st = SimulationSettings()
    assert (st.d, st.s, st.reference_n) == (1000, 10, 15)
    assert len(st.n) >= 20 and st.n_max == 5000 and 15 in st.n


# --------------------------------------------------------------------------- theory
def test_least_squares_match_theory_within_monte_carlo_error():
    """E||theta_hat - theta||^2 = sigma^2 p / (n - p - 1) for least squares with n > p + 1
    (flexible: p = d; oracle: p = s); the expert adds the omitted coefficient to the noise and
    to the error; the minimum-norm flexible fit (n < d - 1) has
    ||theta||^2 (1 - n/d) + sigma^2 n / (d - n - 1)."""
    sigma, coef = 1.5, 0.8
    st = SimulationSettings(sims=600, d=40, s=4, n=(12, 20, 30, 80, 160), sigma=sigma, coef=coef,
                            models=("oracle", "expert", "flexible"), seed=11)
    res = run_simulation(st)
    err = res.nmse * st.s * coef**2  # ||theta_hat - theta||^2
    d, s, s2, t2 = st.d, st.s, sigma**2, coef**2
    for j, n in enumerate(st.n):
        assert abs(_z(err[:, 0, j], s2 * s / (n - s - 1))) < 4, ("oracle", n)
        assert abs(_z(err[:, 1, j], t2 + (s2 + t2) * s / (n - s - 1))) < 4, ("expert", n)
        if n > d + 1:
            assert abs(_z(err[:, 2, j], s2 * d / (n - d - 1))) < 4, ("flexible", n)
        elif n < d - 1:
            expected = s * t2 * (1 - n / d) + s2 * n / (d - n - 1)
            assert abs(_z(err[:, 2, j], expected)) < 4, ("flexible min-norm", n)


def test_flexible_theory_at_paper_dimension():
    """d = 1000: the flexible model's mean error at n = 1500 is sigma^2 d / (n - d - 1)."""
    st = SimulationSettings(sims=12, n=(15, 1500), models=("flexible",), seed=3)
    err = run_simulation(st).nmse[:, 0, 1] * st.s
    assert abs(_z(err, 1000 / 499)) < 4
    assert abs(err.mean() / (1000 / 499) - 1) < 0.05  # errors concentrate at this d


# --------------------------------------------------------------------------- exactness
@pytest.mark.parametrize("penalty, precision", [("theory", "auto"), ("cv", "auto"),
                                                ("fixed", "auto"), ("theory", "float64")])
def test_fast_engine_equals_naive_scikit_learn(penalty, precision):
    """Same seeds, same data: the fast engine (mixed precision by default, double precision
    for cross-validation) and the naive scikit-learn loop agree (the Lasso to the tolerance
    given to scikit-learn)."""
    from computelimits.simulation.naive import naive_replication

    st = SimulationSettings(sims=2, d=30, s=3, n=(10, 15, 29, 30, 31, 80), penalty=penalty,
                            penalty_value=0.15, seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for rep in range(2):
            fast, _, lam_fast = simulate_replication(st, rep, precision=precision)
            naive, lam_naive = naive_replication(st, rep, tol=1e-12)
            np.testing.assert_allclose(np.log10(fast), np.log10(naive), rtol=0, atol=1e-6)
            np.testing.assert_allclose(lam_fast, lam_naive, rtol=1e-9)


def _kkt(X, y, b, lam):
    n = len(y)
    g = X.T @ (y - X @ b) / n
    act = b != 0
    on = np.abs(g[act] - lam * np.sign(b[act])).max() if act.any() else 0.0
    off = np.abs(g[~act]).max() - lam
    return on, off


@pytest.mark.parametrize("n, d", [(40, 120), (200, 60), (60, 60)])
def test_homotopy_solves_the_lasso_exactly(n, d):
    rng = np.random.default_rng(n + d)
    X = rng.standard_normal((n, d))
    theta = np.zeros(d)
    theta[:5] = 1
    y = X @ theta + rng.standard_normal(n)
    st = PrefixStats(d)
    st.update(np.ascontiguousarray(X[: n // 3]), y[: n // 3])  # two blocks: prefix updates
    st.update(np.ascontiguousarray(X[n // 3 :]), y[n // 3 :])
    np.testing.assert_allclose(np.triu(st.G[0]), np.triu(X.T @ X), atol=1e-9)
    lams = [0.02, 0.5, 0.1, 5.0]  # any order; 5.0 is above lambda_max
    sols, flops, steps = lasso_homotopy(st.column_fn(), st.xty(), [n * v for v in lams],
                                        max_active=min(n, d))
    assert steps > 0 and flops > 0
    for lam, (idx, vals) in zip(lams, sols, strict=True):
        b = np.zeros(d)
        b[idx] = vals
        on, off = _kkt(X, y, b, lam)
        assert on < 1e-8 and off < 1e-8
    assert sols[3][0].size == 0
    # a correct warm start is certified in one solve, a wrong one is refused
    idx, vals = sols[2]
    sol, _ = lasso_active_set(st.column_fn(), st.xty(), n * 0.1, idx, np.sign(vals))
    assert sol is not None and np.allclose(sol[1], vals, atol=1e-9)
    wrong, _ = lasso_active_set(st.column_fn(), st.xty(), n * 0.1, idx[:-1], np.sign(vals[:-1]))
    assert wrong is None


def test_a_sample_size_does_not_depend_on_the_others():
    """Row i of a replication is the same whatever the grid (prefix sharing is exact)."""
    a = SimulationSettings(sims=1, n=(15, 40, 90), **{k: v for k, v in SMALL.items() if k != "n"})
    b = a.replace(n=(15, 22, 40, 61, 200))
    na, fa, _ = simulate_replication(a, 0)
    nb, fb, _ = simulate_replication(b, 0)
    ia, ib = a.n.index(40), b.n.index(40)
    np.testing.assert_allclose(na[:, ia], nb[:, ib], rtol=1e-10)
    np.testing.assert_allclose(fa[:3, ia], fb[:3, ib])


@pytest.mark.parametrize("precision", ["mixed", "float64"])
def test_reused_row_arrays_change_no_number(precision):
    """Inside ``reused_rows`` replications draw into one set of arrays (released after the
    block); in any order, the numbers are those of fresh arrays, bit for bit."""
    from computelimits.simulation import engine

    st = SimulationSettings(sims=3, **SMALL)
    fresh = [simulate_replication(st, r, precision=precision) for r in range(3)]
    seen = []
    real = engine._row_arrays

    def spy(*args):
        arrays = real(*args)
        seen.append(id(arrays[0]))
        return arrays

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "_row_arrays", spy)
        with engine.reused_rows():
            again = [simulate_replication(st, r, precision=precision) for r in (2, 0, 1, 2)]
            assert engine._LOCAL.rows is not None  # held while inside
    assert engine._LOCAL.rows is None
    for got, r in zip(again, (2, 0, 1, 2), strict=True):
        for a, b in zip(got, fresh[r], strict=True):
            np.testing.assert_array_equal(a, b)
    if precision == "mixed":  # every row drawn up front: one set of arrays for all four
        assert len(seen) == 4 and len(set(seen)) == 1


# --------------------------------------------------------------------------- FLOPs
def test_flop_formulas():
    assert fl.gram(3, 2) == 18  # 3 distinct entries, 3 mult + 3 add each
    assert fl.xty(3, 2) == 12
    assert fl.cholesky(1) == pytest.approx(1.0)  # one square root
    assert fl.cholesky(3) == pytest.approx(9 + 4.5 + 0.5)
    assert fl.ols(10, 3) == fl.least_squares(10, 3)
    assert fl.ols(2, 3) == fl.min_norm(2, 3)


def _flexible_work(n: int, d: int, steps: int, route: str) -> float:
    """Arithmetic the engine did for a flexible fit on each route (docs: Computation per fit)."""
    if route == "cholesky":
        return fl.least_squares(n, d)
    if route == "row-cholesky":
        return fl.min_norm(n, d)
    if route == "refined":
        return fl.least_squares(n, d) + steps * fl.refinement_step(n, d)
    if route == "row-refined":
        return fl.min_norm(n, d) + steps * fl.refinement_step_rows(n, d)
    assert route == "fallback", route  # the refined attempt, then double precision again
    if n >= d:
        return 2 * fl.least_squares(n, d) + steps * fl.refinement_step(n, d)
    return 2 * fl.min_norm(n, d) + steps * fl.refinement_step_rows(n, d)


@pytest.mark.parametrize("precision", ["float64", "mixed"])
def test_flops_per_fit_follow_the_formulas(precision):
    st = SimulationSettings(sims=1, **SMALL)
    diag: dict = {}
    _, flops, _ = simulate_replication(st, 0, precision=precision, diagnostics=diag)
    assert diag["precision"] == precision
    o, e, f, r = (st.models.index(m) for m in ("oracle", "expert", "flexible", "regularized"))
    for j, n in enumerate(st.n):
        assert flops[o, j] == fl.ols(n, st.s) == flops[e, j]
        assert flops[f, j] == fl.ols(n, st.d)  # the model's count, whatever the route
        steps, route = int(diag["steps"][f, j]), diag["route"][f, j]
        assert diag["work"][f, j] == _flexible_work(n, st.d, steps, route)
        if precision == "float64":
            assert steps == 0 and diag["work"][f, j] == flops[f, j]
        else:
            assert steps >= 1
        base = fl.gram(n, st.d) + fl.xty(n, st.d)
        assert base < flops[r, j] < base * 1.5  # the Gram dominates the Lasso's cost
    assert np.all(np.diff(flops[f]) > 0)


def test_lasso_flops_count_the_path_to_its_support():
    """The Lasso's count is the statistics plus the path adding its k covariates one by one;
    k is the support of the fit (the naive loop's scikit-learn fit, tight tolerance)."""
    from computelimits.simulation.naive import _draw, naive_fit

    st = SimulationSettings(sims=1, **SMALL)
    _, flops, _ = simulate_replication(st, 1)
    r = st.models.index("regularized")
    for j, n in enumerate(st.n):
        X, y = _draw(st, 1, n)
        _, coef, _ = naive_fit(st, "regularized", X, y, tol=1e-12)
        assert flops[r, j] == fl.lasso(n, st.d, int(np.count_nonzero(coef)))
    assert fl.lasso_path(10, 0) == 20.0
    assert fl.lasso_path(10, 2) == 20.0 + fl.cholesky_append(0) + fl.homotopy_step(10, 1) + (
        fl.cholesky_append(1) + fl.homotopy_step(10, 2))


@pytest.mark.parametrize("penalty", ["theory", "fixed"])
def test_counted_flops_do_not_depend_on_the_precision(penalty):
    """Issue: float64 and the default gave the same curve but FLOPs up to 63% apart."""
    st = SimulationSettings(sims=1, d=40, s=4, n=(10, 13, 20, 33, 39, 40, 41, 60, 200),
                            penalty=penalty, penalty_value=0.2 if penalty == "fixed" else None)
    for rep in range(3):
        a = simulate_replication(st, rep, precision="mixed")
        b = simulate_replication(st, rep, precision="float64")
        np.testing.assert_allclose(a[0], b[0], rtol=1e-9)
        np.testing.assert_array_equal(a[1], b[1])


# --------------------------------------------------------------------------- crossings
def test_crossing_interpolation():
    n = np.array([10, 100, 1000])
    assert _crossing(n, np.array([0.0, 1.0, 2.0]), 1.5) == (pytest.approx(10**2.5), 1000)
    assert _crossing(n, np.array([0.0, 1.0, 2.0]), 1.0) == (100.0, 100)
    assert _crossing(n, np.array([3.0, 4.0, 5.0]), 1.0) == (10.0, 10)
    assert _crossing(n, np.array([0.0, 1.0, 2.0]), 2.5) == (None, None)


def test_crossing_table_lands_near_the_paper():
    """The paper: flexible ~1,500, Lasso ~175 observations to match the oracle at n = 15. With
    30 replications (grid around the crossings) the crossings land within Monte-Carlo error."""
    st = SimulationSettings(sims=30, n=(15, 120, 150, 200, 260, 1400, 1700),
                            models=("oracle", "flexible", "regularized"), seed=0)
    table = run_simulation(st).crossings(bootstrap=200)
    assert table.reference_n == 15 and table.n["oracle"] == 15
    assert 1250 <= table.n["flexible"] <= 1900
    assert 120 <= table.n["regularized"] <= 260
    for m in ("flexible", "regularized"):
        lo, hi = table.ci[m]
        assert lo is not None and lo < table.n[m] and (hi is None or hi > table.n[m])
    assert table.paper == {"oracle": 15.0, "flexible": 1500.0, "regularized": 175.0}
    d = table.to_dict()
    assert d["reference_n"] == 15 and set(d) >= {"expert", "flexible", "regularized"} - {"expert"}


def test_least_squares_crossings_do_not_depend_on_sigma_or_coef():
    """With n > p, least-squares NMSE scale exactly with (sigma / coef)^2 on the same data, so
    the flexible model's crossing (at n > d) is the same for every noise level and coefficient
    value (docs: calibration). The minimum-norm fits (n < d) have a bias that does not scale."""
    st = SimulationSettings(sims=5, d=20, s=3, n=(15, 25, 40, 80), models=("oracle", "flexible"))
    a = run_simulation(st)
    b = run_simulation(st.replace(sigma=3.0, coef=0.5))
    ratio = b.nmse / a.nmse
    np.testing.assert_allclose(ratio[:, 0], (3.0 / 0.5) ** 2, rtol=1e-9)  # oracle, n > s
    np.testing.assert_allclose(ratio[:, 1, 1:], (3.0 / 0.5) ** 2, rtol=1e-9)  # flexible, n > d
    assert not np.allclose(ratio[:, 1, 0], (3.0 / 0.5) ** 2)  # flexible, n = 15 < d
    assert a.crossings(bootstrap=0).n == pytest.approx(b.crossings(bootstrap=0).n)


def test_paper_reference_values():
    assert paper_figure1() == {"oracle": 15.0, "flexible": 1500.0, "regularized": 175.0}


# --------------------------------------------------------------------------- results
@pytest.fixture(scope="module")
def small_result() -> SimulationResult:
    return run_simulation(SimulationSettings(sims=8, seed=2, **SMALL))


def test_result_is_an_immutable_value(small_result):
    res = small_result
    assert res.nmse.shape == (8, 4, len(res.n))
    with pytest.raises(ValueError):
        res.nmse[0, 0, 0] = 1.0
    with pytest.raises(AttributeError):
        res.settings = None
    again = run_simulation(res.settings)
    assert again == res and again is not res
    assert np.all(res.nmse > 0) and np.all(np.isfinite(res.performance))


def test_result_tables_and_json(small_result, tmp_path):
    res = small_result
    df = res.to_frame()
    assert len(df) == 4 * len(res.n)
    for col in ("model", "n", "performance_mean", "ci_lower", "ci_upper", "performance_log_mean",
                "flops_mean", "penalty_mean"):
        assert col in df.columns
    assert (df["ci_lower"] <= df["performance_mean"]).all()
    assert (df["performance_mean"] <= df["ci_upper"]).all()
    curves = res.curves
    assert set(curves) == set(res.models)
    assert set(curves["oracle"]) == {"n", "performance_mean", "performance_ci", "flops_mean"}
    payload = json.loads(json.dumps(res.to_dict(), allow_nan=False))
    assert set(payload) >= {"settings", "curves", "crossings"}
    assert "crossing" in res.summary().lower()
    assert res.crossings(bootstrap=0).paper == {}  # not the paper's d and s: no comparison
    mean_log = res.curve("flexible")[0]
    log_mean = res.curve("flexible", average="log_mean")[0]
    assert np.all(log_mean <= mean_log + 1e-12)  # Jensen: log of mean >= mean of log
    with pytest.raises(UnknownNameError):
        res.curve("flexible", average="median")
    path = tmp_path / "r.npz"
    res.to_npz(path)
    assert SimulationResult.from_npz(path) == res


def test_sampled_queries_approximate_the_exact_expectation():
    st = SimulationSettings(sims=3, d=20, s=3, n=(15, 40, 100), models=("oracle", "flexible"),
                            seed=5)
    exact = run_simulation(st).nmse
    sampled = run_simulation(st.replace(queries=4000)).nmse
    np.testing.assert_allclose(np.log10(sampled), np.log10(exact), atol=0.08)
    assert not np.array_equal(sampled, exact)


def test_figures_return_axes(small_result):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from computelimits.plotting.simulation import plot_figure1, plot_figure1a, plot_figure1b

    ax = plot_figure1a(small_result)
    assert ax.get_xscale() == "log" and len(ax.lines) >= 4
    fig, axes = plt.subplots(1, 2)
    assert plot_figure1b(small_result, ax=axes[1]) is axes[1]
    assert axes[1].get_yscale() == "log"
    a, b = plot_figure1(small_result, models=["oracle", "regularized"])
    assert len([ln for ln in a.lines if ln.get_label() in ("Oracle", "Regularized (Lasso)")]) == 2
    plt.close("all")


def test_penalty_rules_describe_themselves_in_the_summary():
    base = dict(sims=2, d=20, s=2, n=(10, 15, 40))
    res = run_simulation(SimulationSettings(**base))
    assert "penalty=theory (c=1.33)" in res.summary()
    res = run_simulation(SimulationSettings(**base, penalty="fixed", penalty_value=0.25))
    assert "penalty=fixed (lambda=0.25)" in res.summary()
    with pytest.raises(InputError, match="'fixed' penalty needs a value"):
        SimulationSettings(**base, penalty="fixed")
