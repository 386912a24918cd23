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
