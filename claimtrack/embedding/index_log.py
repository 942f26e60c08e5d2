"""Change logs of saved indexes: appended records of added and removed entries.

A saved :class:`~claimtrack.embedding.index.VectorIndex` is a base file (written whole at
a build or a compaction) plus ``<file>.log``, to which every incremental update appends
one record instead of rewriting gigabytes of vectors. A record is::

    b"CTVL" | u32 header length | header (JSON) | u64 payload length | payload | sha256

where the header names the base it applies to (the base's ``generation``) and what
changed -- for a vector index the ids added and removed and the fingerprint and count
after the change, with the added vectors (float32, row-major) as payload; for the
lexical index (:mod:`claimtrack.embedding.lexical_file`) the documents added and the
keys removed. The SHA-256 covers header and payload. Each record is
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
from typing import Any

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


def append_entry(path: Path, header: dict[str, Any], payload: bytes = b"") -> None:
    """Append one record (``header`` must name its ``base`` generation) to ``path``'s log."""
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    digest = hashlib.sha256(head + payload).digest()
    record = b"".join([MAGIC, _U32.pack(len(head)), head, _U64.pack(len(payload)), payload, digest])
    fd = os.open(log_path(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        written = os.write(fd, record)
        if written != len(record):  # pragma: no cover - a full disk
            raise OSError(f"short write to {log_path(path)}")
    finally:
        os.close(fd)


def read_entries(path: Path, generation: str) -> list[tuple[dict[str, Any], memoryview]]:
    """``(header, payload)`` of each record of base ``generation`` in ``path``'s log, oldest
    first; :class:`IndexFileError` if the log is short or damaged."""
    file = log_path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise IndexFileError(f"{file}: unreadable index log ({exc})") from exc
    entries, pos, view = [], 0, memoryview(data)
    while pos < len(data):
        try:
            if data[pos : pos + 4] != MAGIC:
                raise ValueError("bad record marker")
            (hlen,) = _U32.unpack_from(data, pos + 4)
            h0 = pos + 8
            (plen,) = _U64.unpack_from(data, h0 + hlen)
            p0 = h0 + hlen + 8
            end = p0 + plen + 32
            if end > len(data):
                raise ValueError("truncated record")
            digest = hashlib.sha256(view[h0 : h0 + hlen])
            digest.update(view[p0 : p0 + plen])
            if digest.digest() != data[p0 + plen : end]:
                raise ValueError("checksum mismatch")
            header = json.loads(data[h0 : h0 + hlen])
        except (ValueError, struct.error) as exc:
            raise IndexFileError(f"{file}: damaged index log at byte {pos} ({exc})") from exc
        pos = end
        if isinstance(header, dict) and header.get("base") == generation:
            entries.append((header, view[p0 : p0 + plen]))
    return entries


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
    """Append one vector-index change for the base ``generation``."""
    matrix = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(added), -1)
    header = {"base": generation, "add": added, "remove": removed, "fingerprint": fingerprint,
              "count": count, "dimension": int(matrix.shape[1]) if added else 0}  # fmt: skip
    append_entry(path, header, matrix.tobytes())


def read_records(path: Path, generation: str) -> list[LogRecord]:
    """The vector-index changes of base ``generation`` (oldest first)."""
    records = []
    for header, payload in read_entries(path, generation):
        try:
            added = [str(a) for a in header["add"]]
            dim = int(header["dimension"])
            if len(payload) != len(added) * dim * 4:
                raise ValueError("payload size does not match the header")
            vectors = np.frombuffer(payload, dtype=np.float32).reshape(len(added), dim).copy()
            records.append(LogRecord(added, vectors, [str(r) for r in header["remove"]],
                                     str(header["fingerprint"]), int(header["count"])))  # fmt: skip
        except (KeyError, TypeError, ValueError) as exc:
            raise IndexFileError(f"{log_path(path)}: damaged index log ({exc})") from exc
    return records
