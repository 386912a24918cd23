"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMPUTELIMITS_SHARED", REPO.parent / "shared"))
REFERENCE = SHARED / "reference-data"


FIXTURES = REPO / "tests" / "fixtures"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """``../shared/reference-data`` (CI has it beside the clone). Absent: the test skips on a
    developer's checkout (the importers are still tested on ``tests/fixtures/``), and fails in CI
    (``CI`` set), where a missing folder must never pass silently."""
    if not REFERENCE.is_dir():
        if _in_ci():
            pytest.fail(f"reference data not found at {REFERENCE} (CI must have ../shared/ beside "
                        "the clone, or COMPUTELIMITS_SHARED pointing at it)")
        pytest.skip(f"reference data not found at {REFERENCE}")
    return REFERENCE


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """Small real extracts of the reference files, shipped with the tests (see its README)."""
    return FIXTURES


@pytest.fixture
def runner():
    """A Typer CLI runner (stderr kept apart from stdout)."""
    from typer.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # newer click: stderr always separate
        return CliRunner()


@pytest.fixture
def cli_app():
    from computelimits.cli import app

    return app


@pytest.fixture(scope="session")
def small_report(tmp_path_factory):
    """One small ``computelimits reproduce`` run (5 simulations, 50 bootstrap draws), shared by
    tests/test_report.py and tests/test_report_browser.py so the suite pays for it once.

    Returns a namespace with ``out`` (the report folder), ``exit_code``, ``stdout``, ``stderr``.
    """
    from types import SimpleNamespace

    from typer.testing import CliRunner

    from computelimits.cli import app

    try:
        cli = CliRunner(mix_stderr=False)
    except TypeError:  # newer click: stderr always separate
        cli = CliRunner()
    out = tmp_path_factory.mktemp("report") / "computelimits-report"
    res = cli.invoke(app, ["reproduce", "--out", str(out), "--sims", "5", "--bootstrap", "50",
                           "--seed", "0", "--json"])
    return SimpleNamespace(out=out, exit_code=res.exit_code, stdout=res.stdout,
                           stderr=res.stderr, exception=res.exception)
