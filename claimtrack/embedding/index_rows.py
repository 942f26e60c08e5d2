"""The row buffer and the fingerprint of a :class:`claimtrack.embedding.index.VectorIndex`.

The vectors live in a float32 buffer with spare rows after them, so that adding a few
vectors copies nothing; the fingerprint is an order-independent checksum of the ids, so an
index updated in place carries the same fingerprint as one built fresh from the same ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

__all__ = ["compute_fingerprint", "empty_with_room", "spare_rows"]


def _id_hash(item: str) -> int:
    return int.from_bytes(hashlib.blake2b(item.encode("utf-8"), digest_size=8).digest(), "little")


def _id_sum(ids: Sequence[str]) -> int:
    return sum(_id_hash(str(item)) for item in ids) % 2**64


def _fingerprint(model_id: str, dimension: int, count: int, id_sum: int) -> str:
    parts = [model_id, str(int(dimension)), str(int(count)), f"{id_sum:016x}"]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def compute_fingerprint(ids: Sequence[str], model_id: str, dimension: int) -> str:
    """The fingerprint an index over the set ``ids`` embedded by ``model_id`` would carry.

    Order-independent (a sum of 64-bit id hashes), so an index updated in place carries
    the same fingerprint as one built fresh from the same ids.
    """
    return _fingerprint(model_id, dimension, len(ids), _id_sum(ids))


def _norms_off(rows: np.ndarray) -> np.ndarray | None:
    """The row norms of ``rows`` when any is not 1 (within 1e-3), else None."""
    if rows.size == 0:
        return None
    norms = np.linalg.norm(rows, axis=1)
    return np.maximum(norms, 1e-12)[:, None] if np.any(np.abs(norms - 1.0) > 1e-3) else None


def _normalised(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` as C-contiguous float32 rows of unit length (copied only if needed)."""
    out = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = _norms_off(out)
    return out if norms is None else out / norms


def spare_rows(rows: int) -> int:
    """Rows of room kept after ``rows`` so that adding a few vectors copies nothing (a 1M x
    512 float32 matrix takes 1-2 s to copy: most of an in-place add of 1,000 vectors)."""
    return max(1024, rows // 32)


def empty_with_room(rows: int, dim: int) -> np.ndarray:
    """An uninitialised float32 buffer of ``rows`` plus :func:`spare_rows` rows."""
    return np.empty((rows + spare_rows(rows), dim), np.float32)


def _normalised_with_room(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(:func:`_normalised` rows, the buffer they start) -- one copy, into a buffer with
    room for later adds."""
    rows = np.asarray(vectors)
    room = empty_with_room(rows.shape[0], rows.shape[1])
    out = room[: rows.shape[0]]
    out[...] = rows
    norms = _norms_off(out)
    if norms is not None:
        out /= norms
    return out, room


def _appended(
    vectors: np.ndarray, matrix: np.ndarray, room: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """(``vectors`` followed by ``matrix``'s rows, the buffer they start). In place when
    ``vectors`` is the start of ``room`` (a buffer this index owns) and it has room left;
    else one copy into a new buffer with room."""
    n, k, dim = vectors.shape[0], matrix.shape[0], matrix.shape[1]
    if (
        room is not None
        and room.shape[0] >= n + k
        and room.shape[1] == dim
        and vectors.ctypes.data == room.ctypes.data
    ):
        room[n : n + k] = matrix
        return room[: n + k], room
    room = empty_with_room(n + k, dim)
    room[:n] = vectors.reshape(-1, dim)
    room[n : n + k] = matrix
    return room[: n + k], room
