"""The vector index's change log: appended records of added and removed vectors.

A saved :class:`~claimtrack.embedding.index.VectorIndex` is a base file (written whole at
a build or a compaction) plus ``<file>.log``, to which every incremental update appends
one record instead of rewriting gigabytes of vectors. A record is::

    b"CTVL" | u32 header length | header (JSON) | u64 payload length | payload | sha256

where the header names the base it applies to (the base's ``generation``), the ids added
and removed, and the fingerprint and count after the change; the payload holds the added
vectors (float32, row-major); the SHA-256 covers header and payload. Each record is
written with one ``write`` on a file opened for appending, so two processes appending at
once do not interleave their bytes. A record of another generation (left by a process
that wrote a new base meanwhile) is skipped; a short or damaged record is an
:class:`IndexFileError`, and the caller rebuilds: a damaged log never gives a wrong answer.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimtrack.errors import ClaimtrackError

MAGIC = b"CTVL"
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")


class IndexFileError(ClaimtrackError):
    """An index file is unreadable or was written by another format version."""

    title = "Index file error"


@dataclass(frozen=True, slots=True)
class LogRecord:
    added: list[str]
    vectors: np.ndarray  # (len(added), dimension) float32
    removed: list[str]
    fingerprint: str
    count: int


def log_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".log")


def append_record(
    path: Path,
    generation: str,
    added: list[str],
    vectors: np.ndarray,
    removed: list[str],
    *,
    fingerprint: str,
    count: int,
) -> None:
    """Append one record for the base ``generation`` to the log of the index at ``path``."""
    matrix = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(added), -1)
    header = json.dumps(
        {"base": generation, "add": added, "remove": removed, "fingerprint": fingerprint,
         "count": count, "dimension": int(matrix.shape[1]) if added else 0},
        ensure_ascii=False,
    ).encode("utf-8")  # fmt: skip
    payload = matrix.tobytes()
    digest = hashlib.sha256(header + payload).digest()
    record = b"".join(
        [MAGIC, _U32.pack(len(header)), header, _U64.pack(len(payload)), payload, digest]
    )
    fd = os.open(log_path(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        written = os.write(fd, record)
        if written != len(record):  # pragma: no cover - a full disk
            raise OSError(f"short write to {log_path(path)}")
    finally:
        os.close(fd)


def read_records(path: Path, generation: str) -> list[LogRecord]:
    """The records of base ``generation`` in the log of the index at ``path`` (oldest first)."""
    file = log_path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise IndexFileError(f"{file}: unreadable index log ({exc})") from exc
    records, pos = [], 0
    while pos < len(data):
        try:
            record, pos = _parse(data, pos)
        except (ValueError, KeyError, TypeError, struct.error) as exc:
            raise IndexFileError(f"{file}: damaged index log at byte {pos} ({exc})") from exc
        if record is not None and record[0] == generation:
            records.append(record[1])
    return records


def _parse(data: bytes, pos: int) -> tuple[tuple[str, LogRecord] | None, int]:
    if data[pos : pos + 4] != MAGIC:
        raise ValueError("bad record marker")
    (hlen,) = _U32.unpack_from(data, pos + 4)
    h0 = pos + 8
    (plen,) = _U64.unpack_from(data, h0 + hlen)
    p0 = h0 + hlen + 8
    end = p0 + plen + 32
    if end > len(data):
        raise ValueError("truncated record")
    if (
        hashlib.sha256(data[h0 : h0 + hlen] + data[p0 : p0 + plen]).digest()
        != data[p0 + plen : end]
    ):
        raise ValueError("checksum mismatch")
    header = json.loads(data[h0 : h0 + hlen])
    added = [str(a) for a in header["add"]]
    dim = int(header["dimension"])
    if plen != len(added) * dim * 4:
        raise ValueError("payload size does not match the header")
    vectors = np.frombuffer(data, dtype=np.float32, count=len(added) * dim, offset=p0)
    record = LogRecord(
        added,
        vectors.reshape(len(added), dim).copy(),
        [str(r) for r in header["remove"]],
        str(header["fingerprint"]),
        int(header["count"]),
    )
    return (str(header["base"]), record), end
