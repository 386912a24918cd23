"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMPUTELIMITS_SHARED", REPO.parent / "shared"))
REFERENCE = SHARED / "reference-data"


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """``../shared/reference-data`` (CI has it beside the clone); skip when absent."""
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE}")
    return REFERENCE


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
