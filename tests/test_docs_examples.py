"""The README's and the docs' Python examples run (they cannot rot): each ```python block of a
document is executed in order, in one namespace per document, in a temporary folder.

A block whose first line is a comment naming a Python file (``# mynet.py``) is that file: it is
written to the folder for later blocks to load, not executed. ``../shared`` (the reference data,
as a source checkout has it) is linked beside the folder when present."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = ["README.md", "docs/fitting.md", "docs/your-model.md"]
_BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)
_FILE = re.compile(r"#\s*([\w-]+\.py)\s*$")
SHARED = Path(os.environ.get("COMPUTELIMITS_SHARED", REPO.parent / "shared"))


def python_blocks(path: Path) -> list[str]:
    """The ```python blocks of a Markdown file, in order."""
    return _BLOCK.findall(path.read_text(encoding="utf-8"))


def test_blocks_are_found():
    assert python_blocks(REPO / "README.md"), "the README has Python examples"


@pytest.mark.parametrize("doc", DOCS)
def test_document_examples_run(doc, tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    blocks = python_blocks(REPO / doc)
    assert blocks, f"{doc} has no ```python block"
    if any("torch" in b for b in blocks):
        pytest.importorskip("torch")
    if any("../shared/" in b for b in blocks):
        if not SHARED.is_dir():
            pytest.skip(f"{doc} reads ../shared/ (reference data not found at {SHARED})")
        (tmp_path / "shared").symlink_to(SHARED.resolve())
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.syspath_prepend(str(work))
    ns: dict = {"__name__": f"docs_example_{Path(doc).stem}"}
    for i, code in enumerate(blocks, 1):
        first = code.splitlines()[0] if code.strip() else ""
        if _FILE.fullmatch(first.strip()):
            (work / _FILE.fullmatch(first.strip()).group(1)).write_text(code, encoding="utf-8")
            continue
        try:
            exec(compile(code, f"{doc} (python block {i})", "exec"), ns)  # noqa: S102
        except Exception as exc:  # name the block that broke
            raise AssertionError(f"{doc}, python block {i} raised {type(exc).__name__}: {exc}") from exc


def test_the_readme_test_command_collects_the_doctests():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p",
                           "no:cacheprovider", "src/computelimits/units.py",
                           "src/computelimits/escaping.py"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert "units.py::computelimits.units.to_flops" in proc.stdout, proc.stdout + proc.stderr
    assert "escaping.py::computelimits.escaping.escape_latex" in proc.stdout
