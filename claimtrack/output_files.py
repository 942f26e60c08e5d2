"""Output files written safely: ``--out PATH`` never replaces what it must not.

What happens depends on what ``PATH`` is when the export starts:

* **absent, or a regular file** -- written atomically: the content goes to a temporary
  file in the same folder, is flushed to disk, gets the old file's permission bits (and
  owner and group where the process may set them; a new file gets ``0666 & ~umask``, as
  with a shell redirect) and is renamed over ``PATH``. A reader never sees half a file
  and a failed export leaves the old file as it was. (A hard-linked file gets a new
  inode: its other names keep the old content.)
* **a symbolic link** -- followed, as a shell ``>`` does: the file it points to is
  written by the rules here and the link stays a link. A dangling link creates its
  target when the target's folder exists.
* **a FIFO or a device** -- written through, never created, renamed or truncated
  (a FIFO waits for its reader, as with a shell redirect). A device that fails the
  write (``/dev/full``) is reported, not replaced.
* **a directory or a socket** -- refused.

Every write error (no space, no permission, read-only file system) becomes an
:class:`OutputError` naming the path and the reason; the CLI prints it and exits 1.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from claimtrack.errors import InvalidValueError, OutputError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _stream(fd: int, binary: bool) -> IO[Any]:
    """A file object over ``fd`` (tests replace it to simulate a full disk)."""
    if binary:
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def describe(path: Path | str) -> str:
    """What ``path`` is now: ``absent``, ``file``, ``symlink``, ``fifo``, ``device``, ... ."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "absent"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "socket" if stat.S_ISSOCK(mode) else "special file"


@contextmanager
def open_output(path: Path | str, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A writable file object for ``path``, committed by the rules above when the block
    ends without an exception (and discarded when it raises)."""
    shown = str(path)
    target = Path(os.path.realpath(path))  # follows symlinks, the final one included
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {_reason(error)}") from error
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InvalidValueError(f"--out {shown} is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)):
            raise OutputError(f"cannot write {shown}: it is a {describe(target)}, not a file")
        with _write_through(target, shown, binary) as fh:
            yield fh
        return
    with _write_atomically(target, shown, st, binary) as fh:
        yield fh


@contextmanager
def _write_through(target: Path, shown: str, binary: bool) -> Iterator[IO[Any]]:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {_reason(error)}") from error
    try:
        with _stream(fd, binary) as fh:
            yield fh
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {_reason(error)}") from error


@contextmanager
def _write_atomically(
    target: Path, shown: str, old: os.stat_result | None, binary: bool
) -> Iterator[IO[Any]]:
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {shown}: folder {folder} does not exist")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {_reason(error)}") from error
    try:
        with _stream(fd, binary) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        if old is not None and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
            # Only root may give a file away; otherwise the new file is the writer's.
            with suppress(OSError):
                os.chown(temporary, old.st_uid, old.st_gid)
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {_reason(error)}") from error
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


def write_output(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` (UTF-8 text or bytes) to ``path`` by the rules of :func:`open_output`."""
    with open_output(path, binary=isinstance(data, bytes)) as fh:
        fh.write(data)
