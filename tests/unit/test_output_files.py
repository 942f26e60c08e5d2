"""Safe output files (issue 12 row 1): ``--out`` never replaces what it must not.

Everything here happens inside a temporary folder: a symlink, a FIFO, a read-only folder.
No test points at a real device -- run as root, the export of main replaced /dev/full
with a regular file. A full disk is simulated by a file object whose write fails.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import SEED_ARTICLE, seed_claim_count

Run = Callable[..., Result]


def write_output(path: Path, data: str) -> None:
    from claimtrack.output_files import write_output as write

    write(path, data)


def describe(path: Path) -> str:
    from claimtrack.output_files import describe as what

    return what(path)


def _output_error() -> type[Exception]:
    from claimtrack.errors import OutputError

    return OutputError


def _simulate_full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimtrack import output_files

    monkeypatch.setattr(output_files, "_stream", lambda fd, binary: _FullDisk(fd))


@pytest.fixture
def exported_db(run_cli: Run) -> Run:
    assert run_cli("ingest", str(SEED_ARTICLE)).exit_code == 0
    assert run_cli("extract").exit_code == 0
    return run_cli


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


class _FullDisk:
    """A file object that fails like a write to a full disk."""

    def __init__(self, fd: int) -> None:
        os.close(fd)

    def write(self, _data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fileno(self) -> int:
        return -1

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *_: object) -> None:
        return None


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_output(tmp_path / "new.csv", "a,b\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.csv").read_text() == "a,b\n"
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_existing_file_is_replaced_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_output(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # main: came back 0644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]  # no temp left


def test_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_output(link, "new")
    assert describe(link) == "symlink" and os.readlink(link) == str(real)
    assert real.read_text() == "new" and stat.S_IMODE(real.stat().st_mode) == 0o600


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "target.csv")
    write_output(link, "x")
    assert describe(link) == "symlink" and (tmp_path / "target.csv").read_text() == "x"


def test_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    write_output(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert got == [b"through the pipe\n"]
    assert describe(fifo) == "fifo"  # main: replaced by a regular file


def test_directory_and_socket_are_refused(tmp_path: Path) -> None:
    import socket

    from claimtrack.errors import InvalidValueError

    with pytest.raises(InvalidValueError, match="is a directory"):
        write_output(tmp_path, "x")
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(_output_error(), match="socket"):
            write_output(path, "x")
    finally:
        server.close()
    assert describe(path) == "socket"


def test_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(_output_error(), match="does not exist"):
        write_output(tmp_path / "nope" / "out.csv", "x")


def test_full_disk_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old")
    _simulate_full_disk(monkeypatch)
    with pytest.raises(_output_error(), match="No space left on device"):
        write_output(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_failure_while_rendering_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old")
    from claimtrack.output_files import open_output

    with pytest.raises(RuntimeError), open_output(target) as fh:
        fh.write("half")
        raise RuntimeError("renderer failed")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_read_only_folder_is_an_output_error(tmp_path: Path) -> None:
    """A real read-only folder. root ignores permissions, so as root the write is tried
    in a child process that has given up root (uid 65534) first."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    tmp_path.chmod(0o755)
    if os.geteuid() != 0:
        with pytest.raises(_output_error(), match="Permission denied"):
            write_output(folder / "out.csv", "x")
        return
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: drop root, try the write, report through the pipe
        message = b"no error"
        try:
            os.setgid(65534)
            os.setuid(65534)
            write_output(folder / "out.csv", "x")
        except _output_error() as error:
            message = str(error).encode()
        except BaseException as error:  # anything else is a failure of the test
            message = repr(error).encode()
        os.write(write, message)
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as fh:
        said = fh.read().decode()
    assert os.waitstatus_to_exitcode(status) == 0
    assert "Permission denied" in said and "out.csv" in said
    assert list(folder.iterdir()) == []


# ----------------------------------------------------------------- through the CLI
def test_export_to_a_symlink_keeps_the_link(exported_db: Run, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    result = exported_db("export", "--format", "csv", "--out", str(link))
    assert result.exit_code == 0, result.output
    assert describe(link) == "symlink" and describe(real) == "file"
    assert real.read_text().startswith("claim_id,")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def _export_to_fifo(exported_db: Run, tmp_path: Path, fmt: str) -> bytes:
    """Export through a FIFO that a reader thread drains; the FIFO must stay a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = exported_db("export", "--format", fmt, "--out", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert describe(fifo) == "fifo"
    return got[0]


def test_export_to_a_fifo_writes_through(exported_db: Run, tmp_path: Path) -> None:
    assert len(_export_to_fifo(exported_db, tmp_path, "jsonl").splitlines()) == seed_claim_count()


def test_export_on_a_full_disk_exits_1(
    exported_db: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    _simulate_full_disk(monkeypatch)
    result = exported_db("export", "--format", "csv", "--out", str(target))
    assert result.exit_code == 1  # main: exit 0, "Exported N claim(s)"
    assert "No space left on device" in result.stderr and "Exported" not in result.stderr
    assert target.read_text() == "old"


def test_export_parquet_to_a_fifo(exported_db: Run, tmp_path: Path) -> None:
    import io

    import polars as pl

    data = _export_to_fifo(exported_db, tmp_path, "parquet")
    assert pl.read_parquet(io.BytesIO(data)).height == seed_claim_count()
