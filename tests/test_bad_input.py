"""Bad input at the command line: one clear line and exit 2, never a traceback, never a wrong
number (issue 16 items 3 and 4, the parts in the data path and its shared validators)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("args", "message"), [
    (["place", "-b", "imagenet", "--error", "0.2", "--flops", "1e10", "--year", "1800"],
     "year must be between 1950 and 2100"),
    (["place", "-b", "imagenet", "--error", "0.2", "--flops", "1e10", "--year", "9999"],
     "year must be between 1950 and 2100"),
    (["fit", "-b", "imagenet", "--quantile", "1e-320"], "quantile must be between"),
    (["fit", "-b", "imagenet", "--bootstrap", "1000000000"], "bootstrap must be a number"),
    (["simulate", "--n", "1000000000", "--sims", "1", "--no-progress"], "use a smaller n"),
    (["simulate", "--queries", "1000000000", "--sims", "1", "--no-progress"],
     "use a smaller queries"),
])
def test_out_of_range_options_exit_2(runner, cli_app, args, message):
    r = runner.invoke(cli_app, args)
    assert r.exit_code == 2, (r.output, r.exception)
    assert r.stderr.startswith("error: ") and message in r.stderr


def test_huge_input_shape_is_refused_before_allocating():
    from computelimits.errors import InputError
    from computelimits.flops import MAX_INPUT_ELEMENTS, parse_shape

    assert parse_shape("1,3,224,224") == (1, 3, 224, 224)
    with pytest.raises(InputError, match="use batch 1"):
        parse_shape("100000,3,224,224")
    with pytest.raises(InputError):
        parse_shape(f"{MAX_INPUT_ELEMENTS + 1}")


@pytest.mark.parametrize("command", [["place", "-b", "imagenet", "--error", "0.2", "--flops", "1e10"],
                                     ["backtest"], ["progress"], ["fit", "-b", "imagenet"]])
@pytest.mark.parametrize("data", ["folder", "missing", "binary"])
def test_unreadable_data_exit_2(runner, cli_app, tmp_path, command, data):
    path = {"folder": tmp_path, "missing": tmp_path / "absent.csv",
            "binary": tmp_path / "bin.csv"}[data]
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00model\n\x00\x01")
    r = runner.invoke(cli_app, [*command, "--data", str(path)])
    assert r.exit_code == 2, (r.output, r.exception)
    assert r.stderr.startswith("error: ") and str(path.name) in r.stderr


@pytest.mark.parametrize(("option", "message"), [
    ("--sims", "sims must be a number of simulations between 1 and 100,000; got 1000000000"),
    ("--bootstrap", "bootstrap must be a number of resamples between 0 and 100,000; got"),
])
def test_reproduce_huge_counts_refused_before_any_work(runner, cli_app, tmp_path, monkeypatch, option,
                                                       message):
    import computelimits.report as report

    def never(*args, **kwargs):
        raise AssertionError("reproduce ran")

    monkeypatch.setattr(report, "reproduce", never)
    out = tmp_path / "report"
    r = runner.invoke(cli_app, ["reproduce", "--out", str(out), option, "1000000000"])
    assert r.exit_code == 2, (r.output, r.exception)
    assert r.stderr.startswith("error: ") and message in r.stderr
    assert not out.exists()


def test_reproduce_library_bounds_counts_before_any_work(tmp_path):
    from computelimits.errors import InputError
    from computelimits.report import reproduce

    with pytest.raises(InputError, match="sims must be a number of simulations between 1 and 100,000"):
        reproduce(tmp_path / "out", sims=10**9)
    with pytest.raises(InputError, match="bootstrap must be a number of resamples between 0"):
        reproduce(tmp_path / "out", bootstrap=10**9)
    assert not (tmp_path / "out").exists()
