"""A uniform CLI: ordered commands with one-line purposes, shared options declared once, numbers
parsed by callbacks that give the package's one-line error, files said where they went."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from computelimits.cli._app import COMMAND_ORDER
from computelimits.cli._common import SEED_DEFAULT
from computelimits.errors import InputError
from computelimits.fitting.core import MAX_BOOTSTRAP as BOOTSTRAP_MAX


def _commands(cli_app):
    import click  # noqa: F401  (typer vendors click; only names are used)

    group = typer.main.get_command(cli_app)
    ctx = group.make_context("computelimits", ["--help"], resilient_parsing=True)
    out = {}
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        subs = getattr(cmd, "commands", None)
        if subs:
            for sub_name, sub in subs.items():
                out[f"{name} {sub_name}"] = sub
        else:
            out[name] = cmd
    return group, ctx, out


def test_commands_are_listed_in_order_with_one_line_purpose(runner, cli_app):
    res = runner.invoke(cli_app, ["--help"])
    assert res.exit_code == 0
    group, ctx, _ = _commands(cli_app)
    names = group.list_commands(ctx)
    assert names[: len(COMMAND_ORDER)] == [n for n in COMMAND_ORDER if n in names]
    for n in names:
        short = group.get_command(ctx, n).short_help
        assert short and "\n" not in short and len(short) <= 110, n
    pos = [res.stdout.find(f" {n} ") for n in ("reproduce", "data", "fit", "place", "simulate")]
    assert pos == sorted(pos) and -1 not in pos


def test_no_type_placeholders_in_any_help(runner, cli_app):
    _, _, cmds = _commands(cli_app)
    for path in [[], *[name.split() for name in cmds]]:
        res = runner.invoke(cli_app, [*path, "--help"])
        assert res.exit_code == 0, path
        for clutter in ("<bool>", "<str>", "<path>", "<int>", "<float>"):
            assert clutter not in res.stdout, (path, clutter)


def test_shared_options_are_spelled_and_defaulted_the_same(cli_app):
    _, _, cmds = _commands(cli_app)
    seen = {"--benchmark": 0, "--data": 0, "--seed": 0, "--level": 0, "--bootstrap": 0}
    for name, cmd in cmds.items():
        for p in cmd.params:
            opts = set(getattr(p, "opts", ()))
            if "--benchmark" in opts:
                assert p.opts[:2] == ["--benchmark", "-b"] and p.metavar == "NAME", name
                seen["--benchmark"] += 1
            if "--data" in opts:
                assert p.metavar == "FILE" and p.callback is not None, name
                seen["--data"] += 1
            if "--seed" in opts:
                assert p.default == str(SEED_DEFAULT) and p.metavar == "N", name
                seen["--seed"] += 1
            if "--level" in opts:
                assert p.default == "0.95" and p.callback is not None, name
                seen["--level"] += 1
            if "--bootstrap" in opts:
                assert p.metavar == "N" and p.callback is not None, name
                seen["--bootstrap"] += 1
    assert all(v >= 3 for v in seen.values()), seen


@pytest.mark.parametrize("args, message", [
    (["fit", "-b", "imagenet", "--seed", "-1"], "--seed"),
    (["fit", "-b", "imagenet", "--seed", "abc"], "--seed"),
    (["fit", "-b", "imagenet", "--level", "1.5"], "--level"),
    (["fit", "-b", "imagenet", "--bootstrap", "1e9"], "--bootstrap"),
    (["fit", "-b", "imagenet", "--bootstrap", "1000000000"], f"{BOOTSTRAP_MAX:,}"),
    (["project", "-b", "imagenet", "-t", "1%", "--level", "nan"], "--level"),
    (["place", "-b", "imagenet", "--error", "0.2", "--flops", "1e9", "--data", "nope.csv"],
     "nope.csv"),
    (["backtest", "-b", "imagenet", "--data", "."], "folder"),
    (["simulate", "--seed", "x"], "--seed"),
])
def test_option_callbacks_give_one_line_errors(runner, cli_app, args, message):
    res = runner.invoke(cli_app, args)
    assert res.exit_code == 2, res.output
    err = res.stderr
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_data_show_takes_b_and_writes_csv(runner, cli_app, tmp_path):
    out = tmp_path / "imagenet.csv"
    res = runner.invoke(cli_app, ["data", "show", "-b", "imagenet", "--limit", "3", "--out",
                                  str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.stdout)) == 3 and f"wrote 3 records to {out}" in res.stderr
    assert len(pd.read_csv(out)) == 3
    res = runner.invoke(cli_app, ["data", "show", "-b", "imagenet", "--out", str(out)])
    assert res.exit_code == 2 and "exists" in res.stderr
    res = runner.invoke(cli_app, ["data", "show", "imagenet", "--limit", "1"])
    assert res.exit_code == 0


def test_data_show_writes_csv_for_language_model_benchmarks(runner, cli_app, tmp_path):
    """The same ``--out`` for the language-model benchmarks (one row per model by the rule)."""
    out = tmp_path / "mmlu.csv"
    res = runner.invoke(cli_app, ["data", "show", "-b", "mmlu", "--limit", "5", "--out", str(out)])
    assert res.exit_code == 0, res.output
    frame = pd.read_csv(out)
    assert len(frame) == 5 and "training_compute_flops" in frame.columns
    assert set(frame["benchmark"]) == {"mmlu"} and f"wrote 5 records to {out}" in res.stderr


def test_fit_plot_draws_and_says_where(runner, cli_app, tmp_path):
    png = tmp_path / "fit.png"
    res = runner.invoke(cli_app, ["fit", "-b", "imagenet", "--plot", str(png)])
    assert res.exit_code == 0, res.output
    assert png.read_bytes()[:4] == b"\x89PNG" and f"wrote figure {png}" in res.stderr
    svg = tmp_path / "periods.svg"
    res = runner.invoke(cli_app, ["fit", "-b", "imagenet", "--split-year", "2020.5", "--plot",
                                  str(svg), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["plot"] == str(svg) and "from 2020.5" in svg.read_text()
    res = runner.invoke(cli_app, ["fit", "-b", "imagenet", "--plot", str(png)])
    assert res.exit_code == 2 and "exists" in res.stderr


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(max_size=30), st.floats(allow_nan=True).map(repr),
                 st.integers(min_value=-10**30, max_value=10**30).map(str)))
def test_option_parsers_return_valid_values_or_raise_input_error(text):
    from computelimits.cli._common import _parse_bootstrap, _parse_level, _parse_seed
    from computelimits.flops import parse_shape

    for parse, ok in ((_parse_seed, lambda v: isinstance(v, int) and v >= 0),
                      (_parse_level, lambda v: 0 < v < 1),
                      (_parse_bootstrap, lambda v: isinstance(v, int) and 0 <= v <= BOOTSTRAP_MAX),
                      (parse_shape, lambda v: all(isinstance(d, int) and d > 0 for d in v))):
        try:
            value = parse(text)
        except InputError:
            continue
        assert ok(value), (parse.__name__, text, value)
