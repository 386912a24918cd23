"""CLI start-up: the numpy OLS equals statsmodels' OLS, and the quick commands import neither
statsmodels nor scipy.stats (the speed itself is measured in benchmarks/bench_cli_startup.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from computelimits.fitting import fit
from computelimits.fitting.estimators import _fit_ols, _from_statsmodels

FIELDS = ("params", "bse", "tvalues", "pvalues", "cov", "rsquared", "rsquared_adj", "fvalue",
          "f_pvalue", "resid_se", "df_model", "df_resid", "nobs")


@pytest.mark.parametrize("bench,x,form,year", [
    ("imagenet", "per-pass", "polynomial", False), ("imagenet", "per-pass", "polynomial", True),
    ("imagenet", "per-pass", "exponential", False), ("imagenet", "burden", "polynomial", False),
    ("coco", "burden", "exponential-inverse", False), ("cifar10", "per-pass", "polynomial", False),
    ("squad11", "burden", "polynomial", False),
])
def test_numpy_ols_equals_statsmodels_on_the_bundled_data(bench, x, form, year):
    sm = pytest.importorskip("statsmodels.api")
    r = fit(benchmark=bench, x=x, form=form, year=year)
    cols = [np.ones(r.nobs), r.data["log10_x"].to_numpy()]
    if year:
        cols.append(r.data["year"].to_numpy())
    X, y = np.column_stack(cols), r.data["y"].to_numpy()
    ours = _fit_ols(X, y, r.names)
    ref = _from_statsmodels(sm.OLS(y, X).fit(), r.names, "nonrobust")
    for f in FIELDS:
        np.testing.assert_allclose(np.asarray(getattr(ours, f), float),
                                   np.asarray(getattr(ref, f), float), rtol=1e-12, atol=0, err_msg=f)


def test_critical_values_equal_scipy_stats():
    from scipy import stats

    from computelimits.fitting.readings import critical_value

    for level in (0.5, 0.9, 0.95, 0.99):
        q = 1 - (1 - level) / 2
        assert critical_value(level) == stats.norm.ppf(q)
        for df in (3, 49.0, 314.0):
            assert critical_value(level, df) == stats.t.ppf(q, df)


_PROBE = """
import json, sys
from computelimits.cli import main

HEAVY = ("statsmodels", "scipy.stats", "matplotlib")
found = {}
for args in json.loads(sys.argv[1]):
    sys.argv = ["computelimits", *args]
    try:
        main()
    except SystemExit as e:
        if e.code not in (0, None):
            raise
    found[" ".join(args[:2])] = sorted(m for m in HEAVY if m in sys.modules)
sys.stderr.write("HEAVY=" + json.dumps(found) + "\\n")
"""

QUICK = [
    ["fit", "-b", "imagenet", "--json"],
    ["place", "-b", "imagenet", "--metric-value", "76.1", "--flops", "4.1", "--flops-unit", "GMAC",
     "--json"],
    ["project", "-b", "imagenet", "-t", "5%", "--json"],
    ["data", "show", "imagenet", "--limit", "2", "--json"],
    ["hardware", "show", "V100", "--json"],
    ["burden", "--hardware", "P100", "--count", "8", "--hours", "84", "--json"],
    ["cost", "--flops", "1e23", "--json"],
]


def test_quick_commands_import_no_heavy_module():
    """One interpreter runs the commands in turn; after each, none of the heavy modules has been
    imported (so each command alone would not import them either)."""
    src = Path(__file__).resolve().parents[1] / "src"
    env = dict(os.environ, PYTHONPATH=str(src) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(QUICK)], capture_output=True,
                          text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY=")]
    found = json.loads(line[0][len("HEAVY="):])
    assert len(found) == len(QUICK) and all(v == [] for v in found.values()), found
