"""Pooled, per-period and year-trend fits side by side (the ImageNet headline mixes periods)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from computelimits.errors import InputError
from computelimits.fitting import PeriodFits, fit, fit_periods


@pytest.fixture(scope="module")
def records():
    """Three periods (2012-16, 2016-20, 2020-24) with the same within-period slope (-0.1); each
    later period sits 0.15 lower in log10(error) and uses ten times the computation, so the
    pooled slope is steeper than every period's."""
    rng = np.random.default_rng(7)
    n = 300
    year = rng.uniform(2012, 2024, n)
    period = np.digitize(year, [2016, 2020])
    lx = 1.0 * period + rng.normal(0, 0.8, n)
    err = 10 ** (-0.4 - 0.1 * lx - 0.15 * period + rng.normal(0, 0.02, n))
    return pd.DataFrame({"model": [f"m{i}" for i in range(n)], "benchmark": "imagenet",
                         "year": year, "error": err, "flops_per_pass": 1e9 * 10 ** lx})


def test_periods_partition_the_pooled_rows_and_equal_separate_fits(records):
    pf = fit_periods(records, benchmark="imagenet", split_years=[2018])
    assert isinstance(pf, PeriodFits) and pf.labels == ("before 2018", "from 2018")
    assert pf.pooled.nobs == sum(p.nobs for p in pf.periods) == pf.trend.nobs == 300
    early = fit(records[records["year"] < 2018], benchmark="imagenet")
    assert pf.periods[0].slope == pytest.approx(early.slope, rel=1e-12)
    assert pf.trend.has_year and not pf.pooled.has_year


def test_pooled_slope_is_steeper_than_each_period_when_later_models_sit_lower(records):
    pf = fit_periods(records, benchmark="imagenet", split_years=[2016, 2020])
    assert len(pf.periods) == 3
    for p in pf.periods:
        assert p.slope == pytest.approx(-0.1, abs=0.01)
        assert pf.pooled.slope < p.slope - 0.03
    assert pf.pooled.slope < pf.trend.slope and pf.trend.year_coef < 0
    assert "steeper than within every period" in pf.reading()
    frame = pf.to_frame()
    assert frame["fit"].tolist() == ["all years", "before 2016", "2016 to 2020", "from 2020",
                                     "all years + year trend"]
    assert frame.loc[0, "slope"] == pf.pooled.slope
    for fmt in ("text", "html", "latex"):
        assert pf.summary(fmt)


def test_bundled_imagenet_pooled_slope_is_steeper_than_both_periods():
    pf = fit_periods(benchmark="imagenet", split_years=[2020.5])
    assert all(pf.pooled.slope < p.slope for p in pf.periods)
    assert pf.trend.year_coef < 0


def test_bad_splits(records):
    with pytest.raises(InputError, match="split year"):
        fit_periods(records, split_years=[])
    with pytest.raises(InputError, match="differ"):
        fit_periods(records, split_years=[2018, 2018])
    with pytest.raises(InputError, match="period"):
        fit_periods(records, split_years=[2011])
    with pytest.raises(InputError, match="year"):
        fit_periods(records, split_years=[2018], year=True)


def test_cli_split_year(runner, cli_app, records, tmp_path):
    p = tmp_path / "r.csv"
    records.to_csv(p, index=False)
    res = runner.invoke(cli_app, ["fit", "--data", str(p), "--split-year", "2018", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert [f["fit"] for f in d["fits"]] == ["all years", "before 2018", "from 2018",
                                             "all years + year trend"]
    assert d["fits"][1]["period_end"] == 2018 and d["fits"][0]["period_start"] is None
    res = runner.invoke(cli_app, ["fit", "--data", str(p), "--split-year", "2018"])
    assert res.exit_code == 0 and "all years + year trend" in res.stdout
    res = runner.invoke(cli_app, ["fit", "--data", str(p), "--split-year", "x"])
    assert res.exit_code == 2 and "--split-year" in res.stderr


def test_plot_periods_draws_a_line_per_period_and_the_pooled_line(records):
    import matplotlib

    matplotlib.use("Agg")
    from computelimits.plotting.periods import plot_periods

    pf = fit_periods(records, benchmark="imagenet", split_years=[2016, 2020])
    ax = plot_periods(pf)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["before 2016", "2016 to 2020", "from 2020", "all years (pooled)"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == labels
