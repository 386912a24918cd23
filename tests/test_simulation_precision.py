"""Mixed precision with iterative refinement gives the double-precision numbers.

The ``mixed`` engine accumulates the Gram matrices and factorises them in single precision and
recovers the double-precision answers (refinement with the double-precision rows; an exact
optimality certificate for the Lasso). These tests check the kernels against direct
double-precision solutions, the rigorous error bound the Lasso certificate relies on, every
fall-back path, and whole replications against the ``float64`` engine to 1e-8 in performance.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import blas

from computelimits.errors import InputError, UnknownNameError
from computelimits.simulation import MODELS, SimulationSettings, run_simulation
from computelimits.simulation import kernels as K
from computelimits.simulation import lasso as LS
from computelimits.simulation import mixed as MX
from computelimits.simulation import precision as P
from computelimits.simulation.engine import simulate_replication


def _models(st):
    return [MODELS.get(m) for m in st.models]


def _gram32(X):
    G = np.zeros((X.shape[1],) * 2, dtype=np.float32, order="F")
    blas.ssyrk(1.0, X.astype(np.float32).T, beta=1.0, c=G, trans=0, lower=1, overwrite_c=1)
    return G


# --------------------------------------------------------------------------- choice
def test_auto_picks_mixed_where_it_applies():
    st = SimulationSettings()
    assert P.resolve_precision(st, _models(st)).name == "mixed"
    cv = st.replace(penalty="cv")
    assert P.resolve_precision(cv, _models(cv)).name == "float64"
    few = st.replace(models=("oracle", "expert"))
    assert P.resolve_precision(few, _models(few)).name == "float64"
    huge = st.replace(n=(15, P.MAX_ROWS_BYTES // (8 * st.d) + 1))
    assert P.resolve_precision(huge, _models(huge)).name == "float64"
    assert P.resolve_precision(st, _models(st), "float64").name == "float64"
    with pytest.raises(InputError, match="cross-validated"):
        P.resolve_precision(cv, _models(cv), "mixed")
    with pytest.raises(UnknownNameError):
        P.resolve_precision(st, _models(st), "half")
    with pytest.raises(InputError):
        run_simulation(cv.replace(sims=1, d=20, n=(15, 30)), precision="mixed")
    assert P.list_precisions() == ["float64", "mixed"]


# --------------------------------------------------------------------------- kernels
def test_gram32_error_bound_holds():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3000, 40)) * rng.uniform(0.1, 30, size=40)
    G = X.T @ X
    G32 = _gram32(X).astype(np.float64)
    G32 = np.tril(G32) + np.tril(G32, -1).T
    gamma = MX.gram32_error_bound(X.shape[0])
    norms = np.sqrt(np.diag(G))
    assert np.all(np.abs(G32 - G) <= gamma * np.outer(norms, norms))
    assert np.abs(G32 - G).max() > 1e-10 * np.abs(G).max()  # not exact: a real test
    assert MX.gram32_error_bound(2**25) == np.inf


def test_mixed_stats_form_the_gram_matrix_lazily():
    """Rows are added to the single-precision Gram matrix only when it is read, all pending
    blocks in one call; the result is the Gram matrix of every row added, within the bound."""
    rng = np.random.default_rng(4)
    X = rng.standard_normal((300, 25))
    y = rng.standard_normal(300)
    st = MX.MixedPrefixStats(25, exact_cols=np.arange(3))
    for a, b in [(0, 7), (7, 20), (20, 120)]:
        st.update(X[a:b], y[a:b])
    assert st.n == 120 and st.gram_rows == 0  # nothing formed yet
    np.testing.assert_allclose(st.xty(), y[:120] @ X[:120], rtol=1e-12)
    G = X[:120].T @ X[:120]
    G32 = st.G32.astype(np.float64)
    assert st.gram_rows == 120
    full = np.tril(G32) + np.tril(G32, -1).T
    norms = np.sqrt(np.diag(G))
    assert np.all(np.abs(full - G) <= MX.gram32_error_bound(120) * np.outer(norms, norms))
    st.update(X[120:], y[120:])
    assert st.gram_rows == 120  # pending again until read
    np.testing.assert_allclose(st.column_fn()(3), X.T @ X[:, 3], rtol=1e-5)
    assert st.gram_rows == 300
    np.testing.assert_allclose(st.subset_stats().gram()[:3, :3], np.triu((X.T @ X)[:3, :3]),
                               rtol=1e-12)  # the exact statistics are never deferred


def test_mixed_lasso_uses_the_rows_below_d_until_the_gram_matrix_exists():
    st = SimulationSettings(sims=1, d=60, s=5, n=(10, 15, 30, 59, 80, 200))
    diag: dict = {}
    nm, _, pen = simulate_replication(st, 0, precision="mixed", diagnostics=diag)
    ref, _, pen64 = simulate_replication(st, 0, precision="float64")
    np.testing.assert_allclose(np.log10(nm), np.log10(ref), rtol=0, atol=1e-8)
    r = st.models.index("regularized")
    below = [j for j, n in enumerate(st.n) if n < st.d]
    assert set(diag["route"][r][below]) <= {"warm", "repaired", "exact-homotopy"}
    assert "exact-homotopy" in set(diag["route"][r][below])  # the first fit has no guess


@pytest.mark.parametrize("n, p", [(300, 100), (5000, 200), (130, 120)])
def test_refined_normal_equations_recover_double_precision(n, p):
    rng = np.random.default_rng(n + p)
    X = rng.standard_normal((n, p))
    y = X[:, :5].sum(axis=1) + rng.standard_normal(n)
    exact = np.linalg.lstsq(X, y, rcond=None)[0]
    G32, c = _gram32(X), y @ X
    b, steps = MX.refined_normal_equations(G32, X, y, c)
    assert b is not None and 1 <= steps <= MX.REFINE_MAX_STEPS
    assert np.linalg.norm(b - exact) <= 1e-11 * np.linalg.norm(exact)
    single = np.linalg.solve(np.tril(G32) + np.tril(G32, -1).T, c.astype(np.float32))
    assert np.linalg.norm(single - exact) > 1e-8 * np.linalg.norm(exact)  # refinement matters
    np.testing.assert_allclose(MX.exact_normal_equations(X, y), exact, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("n, block", [(5, 256), (256, 256), (1000, 256), (1001, 64)])
def test_normal_residual_is_the_blocked_double_precision_residual(n, block):
    rng = np.random.default_rng(n)
    X = rng.standard_normal((n, 40))
    y, b = rng.standard_normal(n), rng.standard_normal(40)
    plain = (y - X @ b) @ X
    got = MX.normal_residual(X, y, b, block=block)
    np.testing.assert_allclose(got, plain, rtol=0, atol=1e-12 * np.abs(plain).max() * n)
    np.testing.assert_array_equal(got, MX.normal_residual(X, y, b, block=block))  # deterministic
    if n <= block:
        np.testing.assert_array_equal(got, plain)  # one block: the plain expression


def test_refinement_gives_up_on_a_singular_system():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((50, 20))
    X[:, 7] = X[:, 3]  # exactly collinear: X^T X is singular
    y = rng.standard_normal(50)
    b, _ = MX.refined_normal_equations(_gram32(X), X, y, y @ X)
    assert b is None


def test_row_cholesky32_gives_every_minimum_norm_solution():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((60, 150))
    y = rng.standard_normal(60)
    rc = MX.RowCholesky32(X)
    for n in (5, 17, 40, 60):
        rc.extend(n)
        assert rc.ok
        b, steps = rc.solve(n, y)
        exact = np.linalg.lstsq(X[:n], y[:n], rcond=None)[0]  # minimum norm
        assert steps >= 1 and np.linalg.norm(b - exact) <= 1e-11 * np.linalg.norm(exact)
    Xs = X.copy()
    Xs[30] = Xs[10]  # row 31 repeats row 11: X X^T is singular from n = 31 on
    rc = MX.RowCholesky32(Xs)
    rc.extend(30)
    assert rc.ok and rc.solve(30, y)[0] is not None
    rc.extend(40)  # the factorisation breaks down, or refinement cannot converge
    assert not rc.ok or rc.solve(40, y)[0] is None


def _lasso_problem(n=400, d=80, seed=5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    theta = np.zeros(d)
    theta[:6] = 1.0
    y = X @ theta + rng.standard_normal(n)
    st = K.PrefixStats(d)
    st.update(X, y)
    return X, y, st


@pytest.mark.parametrize("rows", [False, True], ids=["gram32", "rows"])
def test_lasso_certificate_is_exact_and_repairs_guesses(rows):
    """Both certificates (single-precision Gram columns with a rounding bound, and the rows
    alone, used below d before the Gram matrix is formed) accept exactly the Lasso solution."""
    X, y, st = _lasso_problem()
    n, d = X.shape
    mu = n * 0.08
    (sol,), _, _ = LS.lasso_homotopy(st.column_fn(), st.xty(), [mu], max_active=min(n, d))
    idx, vals = sol
    assert idx.size >= 3
    G32, c = _gram32(X), y @ X

    def certify(mu, idx, signs):
        if rows:
            return LS.lasso_certify_rows(X, c, mu, idx, signs)
        return LS.lasso_certify(X, c, G32, mu, idx, signs)

    got, flops, hint = certify(mu, idx, np.sign(vals))
    assert got is not None and hint is None and flops > 0
    np.testing.assert_array_equal(got[0], idx)
    np.testing.assert_allclose(got[1], vals, rtol=1e-10)
    # a wrong guess is refused; repairs (active-set steps) lead to the solution
    signs = np.sign(vals).copy()
    signs[-1] *= -1
    for guess in [(idx[1:], np.sign(vals[1:])), (idx, signs), (idx[:0], signs[:0])]:
        got, _, hint = certify(mu, *guess)
        assert got is None and hint is not None
        for _ in range(15):
            got, _, hint = certify(mu, *hint)
            if got is not None:
                break
        assert got is not None
        np.testing.assert_array_equal(got[0], idx)
        np.testing.assert_allclose(got[1], vals, rtol=1e-10)
    # a covariate with the wrong sign: the repair drops it
    wrong, _, hint = certify(mu, idx, signs)
    assert wrong is None and idx[-1] not in hint[0]
    # the empty support: certified above max|c|, repaired below it
    none, _, hint = certify(2 * np.abs(c).max(), idx[:0], signs[:0])
    assert none is not None and none[0].size == 0 and hint is None
    none, _, hint = certify(0.9 * np.abs(c).max(), idx[:0], signs[:0])
    assert none is None and hint[0].size >= 1


def test_lasso_certificate_rechecks_exactly_what_the_bound_cannot_decide(monkeypatch):
    """With a useless error bound every covariate is checked exactly from the rows: the answer
    is the same."""
    X, y, st = _lasso_problem(seed=6)
    n, d = X.shape
    mu = n * 0.05
    (sol,), _, _ = LS.lasso_homotopy(st.column_fn(), st.xty(), [mu], max_active=min(n, d))
    monkeypatch.setattr(LS, "gram32_error_bound", lambda n: 10.0)
    got, _, _ = LS.lasso_certify(X, y @ X, _gram32(X), mu, sol[0], np.sign(sol[1]))
    assert got is not None
    np.testing.assert_allclose(got[1], sol[1], rtol=1e-10)
    inactive = np.setdiff1d(np.arange(d), sol[0])[:1]
    extra = np.sort(np.r_[sol[0], inactive])
    signs = np.where(np.isin(extra, sol[0]), 0.0, 1.0)
    signs[np.isin(extra, sol[0])] = np.sign(sol[1])
    bad, _, _ = LS.lasso_certify(X, y @ X, _gram32(X), mu, extra, signs)
    assert bad is None  # an extra covariate cannot have its guessed sign and satisfy the KKT


# --------------------------------------------------------------------------- whole replications
CASES = {
    "near_d": SimulationSettings(sims=1, d=60, s=5, n=(8, 15, 40, 58, 59, 60, 61, 62, 90, 300)),
    "small_penalty": SimulationSettings(sims=1, d=80, s=6, penalty="fixed", penalty_value=0.01,
                                        n=(10, 15, 50, 79, 80, 81, 200)),
    "noisy_queries": SimulationSettings(sims=1, d=50, s=5, sigma=3.0, coef=0.5, queries=40,
                                        n=(10, 15, 49, 50, 51, 400)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_mixed_precision_matches_double_precision(case):
    st = CASES[case]
    for rep in range(3):
        diag: dict = {}
        nm64, fl64, pen64 = simulate_replication(st, rep, precision="float64")
        nm, flops, pen = simulate_replication(st, rep, precision="mixed", diagnostics=diag)
        assert diag["precision"] == "mixed"
        np.testing.assert_allclose(np.log10(nm), np.log10(nm64), rtol=0, atol=1e-8)
        np.testing.assert_array_equal(pen, pen64)
        np.testing.assert_array_equal(flops, fl64)  # the models' counts, not the engine's
        f = st.models.index("flexible")
        assert np.all(diag["work"][f] > flops[f])  # the engine's work counts the refinement
        assert set(diag["route"][f]) <= {"refined", "row-refined", "fallback"}


def test_every_fallback_gives_the_double_precision_numbers(monkeypatch):
    """Refinement that does not converge, a single-precision row factorisation that breaks
    down and a Lasso certificate that fails all fall back to double precision."""
    st = CASES["near_d"]
    ref = simulate_replication(st, 0, precision="float64")[0]
    monkeypatch.setattr(P, "refined_normal_equations", lambda *a, **k: (None, 2))
    monkeypatch.setattr(MX.RowCholesky32, "solve", lambda self, n, y, **k: (None, 3))
    monkeypatch.setattr(P, "lasso_certify", lambda *a, **k: (None, 1.0, None))
    monkeypatch.setattr(P, "lasso_certify_rows", lambda *a, **k: (None, 1.0, None))
    diag: dict = {}
    nm, _, _ = simulate_replication(st, 0, precision="mixed", diagnostics=diag)
    np.testing.assert_allclose(np.log10(nm), np.log10(ref), rtol=0, atol=1e-8)
    assert set(diag["route"][st.models.index("flexible")]) == {"fallback"}
    assert set(diag["route"][st.models.index("regularized")]) == {"exact-homotopy"}


def test_run_simulation_precision_option():
    st = SimulationSettings(sims=3, d=40, s=4, n=(15, 39, 41, 120), seed=2)
    a = run_simulation(st)
    b = run_simulation(st, precision="float64")
    np.testing.assert_allclose(a.performance, b.performance, rtol=0, atol=1e-8)
    ca, cb = a.crossings(bootstrap=0).n, b.crossings(bootstrap=0).n
    assert ca.keys() == cb.keys()
    for m in ca:
        assert (ca[m] is None and cb[m] is None) or ca[m] == pytest.approx(cb[m], rel=1e-8)
