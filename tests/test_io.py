"""Safe output: umask permissions, clean errors for bad paths, all-or-nothing output folders that
never delete a file the user put there, and runs killed mid-way (issue 15 item 4, issue 16 items
1, 2 and 4)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from computelimits.errors import ComputeLimitsError, InputError
from computelimits.io import (
    OWNED_LIST,
    OutputError,
    OutputExistsError,
    atomic_write_text,
    check_writable,
    output_folder,
    read_input_bytes,
)

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


@pytest.fixture
def umask():
    """Set the process umask for one test, restored afterwards."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda m: os.umask(m)
    os.umask(old)


def mode(p: Path) -> int:
    return p.stat().st_mode & 0o777


# -- permissions follow the umask ----------------------------------------------------------------
@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_get_umask_permissions(tmp_path, umask, mask, expected):
    umask(mask)
    p = atomic_write_text(tmp_path / "a.csv", "x\n")
    assert mode(p) == expected
    with output_folder(tmp_path / "out") as tmp:
        atomic_write_text(tmp / "b.csv", "y\n")
    assert mode(tmp_path / "out") == expected | ((expected & 0o444) >> 2)  # r -> x for folders
    assert mode(tmp_path / "out" / "b.csv") == expected


def test_cli_output_permissions_follow_umask(tmp_path, umask, runner, cli_app):
    umask(0o022)
    csv = tmp_path / "epoch.csv"
    csv.write_text("Model,Publication date,Training dataset\nResNet-50,2015-12-10,ImageNet\n")
    r = runner.invoke(cli_app, ["data", "import", "epoch", str(csv), "--out", str(tmp_path / "r.csv"),
                                "--dropped", str(tmp_path / "d.csv")])
    assert r.exit_code == 0, r.output
    files = [tmp_path / "r.csv", tmp_path / "d.csv"]
    assert files and all(mode(p) == 0o644 for p in files), {p.name: oct(mode(p)) for p in files}


# -- paths that cannot be written: one clear error ------------------------------------------------
def test_output_path_that_is_a_folder(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        check_writable(tmp_path, force=True)
    with pytest.raises(OutputError, match="is a folder"):
        atomic_write_text(tmp_path, "x")


def test_parent_that_is_a_file(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_writable(f / "out.csv")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        atomic_write_text(f / "sub" / "out.csv", "x")
    with pytest.raises(OutputError, match="is a file"):
        check_writable(f, what="folder")


@pytest.mark.skipif(ROOT, reason="root may write into a read-only folder")
def test_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="permission denied"):
            check_writable(ro / "out.csv")
        with pytest.raises(OutputError):
            atomic_write_text(ro / "out.csv", "x")
    finally:
        ro.chmod(0o755)


def test_write_refused_by_the_system_is_one_clean_error(tmp_path, monkeypatch):
    # the path checks pass, then the system refuses (a read-only mount, a full disk, root-squash)
    import tempfile

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="cannot write .*Permission denied"):
        atomic_write_text(tmp_path / "out.csv", "x")
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    with pytest.raises(OutputError, match="cannot write"):
        with output_folder(tmp_path / "folder"):
            pass


@pytest.mark.parametrize("args", [
    ["data", "import", "epoch", "{csv}", "--out", "{dir}"],
    ["data", "import", "epoch", "{csv}", "--out", "{file}/x.csv"],
    ["simulate", "--sims", "1", "--n", "20", "--d", "30", "--s", "3", "--out", "{file}",
     "--no-progress"],
    ["reproduce", "--stage", "data", "--out", "{file}/sub"],
])
def test_cli_bad_output_paths_exit_2(tmp_path, args, runner, cli_app):
    f = tmp_path / "file.txt"
    f.write_text("x")
    csv = tmp_path / "e.csv"
    csv.write_text("Model,Publication date\nA,2020-01-01\n")
    argv = [a.format(csv=csv, dir=tmp_path, file=f) for a in args]
    r = runner.invoke(cli_app, argv)
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit)
    assert r.stderr.startswith("error: ") or "Invalid value" in r.stderr  # ours, or Typer's usage error


def test_unreadable_input_is_a_clean_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_input_bytes(tmp_path / "absent.csv")
    with pytest.raises(InputError, match="is a folder"):
        read_input_bytes(tmp_path)


# -- output folders: ours only, all or nothing -------------------------------------------------------
def _write_set(folder: Path, names, text="new"):
    with output_folder(folder, force=True) as tmp:
        for n in names:
            atomic_write_text(tmp / n, text)


def test_output_folder_refuses_non_empty_without_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("user data")
    with pytest.raises(OutputExistsError, match="use --force"):
        with output_folder(out):
            pass
    assert (out / "mine.txt").read_text() == "user data"


def test_force_never_deletes_files_we_did_not_write(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.tex").write_text("user data")
    with pytest.raises(OutputExistsError, match="did not write.*thesis.tex"):
        with output_folder(out, force=True):
            pass
    assert (out / "thesis.tex").read_text() == "user data"
    # an earlier output of ours plus one user file: still refused
    out2 = tmp_path / "out2"
    _write_set(out2, ["a.csv"])
    (out2 / "notes.txt").write_text("user data")
    with pytest.raises(OutputExistsError, match="notes.txt"):
        _write_set(out2, ["a.csv"])
    assert (out2 / "notes.txt").read_text() == "user data"


def test_force_replaces_our_output_without_stale_files(tmp_path):
    out = tmp_path / "out"
    _write_set(out, ["a.csv", "b.csv"], "old")
    _write_set(out, ["a.csv"], "new")
    assert sorted(p.name for p in out.iterdir()) == [OWNED_LIST, "a.csv"]  # b.csv was stale
    assert (out / "a.csv").read_text() == "new"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # nothing left behind


def test_file_created_during_the_run_is_not_overwritten(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(OutputExistsError, match="during the run.*new output is in"):
        with output_folder(out) as tmp:
            atomic_write_text(tmp / "a.csv", "new")
            out.mkdir()
            (out / "user.txt").write_text("user data")  # appears while we compute
    assert (out / "user.txt").read_text() == "user data"
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("out.new-")]
    assert len(kept) == 1 and (kept[0] / "a.csv").read_text() == "new"
    # with --force, a user file that appears during the run is not deleted either
    out2 = tmp_path / "out2"
    _write_set(out2, ["a.csv"], "old")
    with pytest.raises(OutputExistsError, match="did not write"):
        with output_folder(out2, force=True) as tmp:
            atomic_write_text(tmp / "a.csv", "new")
            (out2 / "user.txt").write_text("user data")
    assert (out2 / "user.txt").read_text() == "user data"
    assert (out2 / "a.csv").read_text() == "old"


def test_exception_leaves_previous_output(tmp_path):
    out = tmp_path / "out"
    _write_set(out, ["a.csv"], "old")
    with pytest.raises(KeyboardInterrupt):
        with output_folder(out, force=True) as tmp:
            atomic_write_text(tmp / "a.csv", "new")
            raise KeyboardInterrupt
    assert (out / "a.csv").read_text() == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_errors_are_package_errors():
    assert issubclass(OutputError, ComputeLimitsError) and issubclass(OutputExistsError,
                                                                      ComputeLimitsError)


# -- runs killed mid-way: the previous output or the complete new one ----------------------------------
def _cli(*args, **kw):
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"),
               MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-c", "from computelimits.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, timeout=300, **kw)


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _complete(folder: Path) -> bool:
    listed = json.loads((folder / OWNED_LIST).read_text())
    return set(_snapshot(folder)) == set(listed) | {OWNED_LIST}


def _kill_during(args: list[str], out: Path, sig: int, when: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"),
               MPLBACKEND="Agg")
    proc = subprocess.Popen([sys.executable, "-c", "from computelimits.cli import main; main()",
                             *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            writing = any(p.name.startswith(f".{out.name}.") and p.name.endswith(".tmp")
                          for p in out.parent.iterdir())
            if when == "start" or writing:
                proc.send_signal(sig)
                break
            time.sleep(0.002)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("command", ["simulate", "reproduce"])
def test_killed_run_leaves_previous_or_complete_output(tmp_path, command):
    out = tmp_path / "out"
    args = (["simulate", "--sims", "2", "--n", "20,40", "--d", "30", "--s", "3", "--no-progress",
             "--out", str(out)] if command == "simulate"
            else ["reproduce", "--stage", "data", "--json", "--out", str(out)])
    r = _cli(*args)
    assert r.returncode == 0, r.stderr
    assert _complete(out)
    before = _snapshot(out)
    for sig in (signal.SIGINT, signal.SIGKILL):  # Ctrl-C, and a kill that runs no clean-up at all
        _kill_during([*args, "--force", "--seed", "7"], out, sig, "writing")
        for stale in tmp_path.glob(".out.*.tmp"):  # what a killed run leaves beside the output
            shutil.rmtree(stale)
        after = _snapshot(out)
        assert after == before or _complete(out), (sig, sorted(after))
        before = after
