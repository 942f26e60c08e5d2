"""Saving and loading a :class:`~claimtrack.embedding.index.VectorIndex`, and keeping a
saved index up to date with the store in place (:func:`load_or_build`).

The file is a zip (meta.json, ids, vectors, alive mask, HNSW graph) written whole at a
build or compaction; incremental changes go to its log (:mod:`index_log`).
"""

from __future__ import annotations

import io
import json
import logging
import os
import uuid
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimtrack.embedding import exact_scan
from claimtrack.embedding import index_log as changes
from claimtrack.embedding.index import (
    COUNTERS,
    DEFAULT_EXACT_THRESHOLD,
    FORMAT_VERSION,
    HNSW_EXPANSION_ADD,
    HNSW_EXPANSION_SEARCH,
    VectorIndex,
    compute_fingerprint,
)
from claimtrack.embedding.index_log import IndexFileError
from claimtrack.embedding.index_rows import empty_with_room

log = logging.getLogger("claimtrack.embedding.index")


def save(index: VectorIndex, path: Path) -> None:
    """Write the whole index to one file (a zip of meta.json, ids, vectors, the graph)
    and drop its change log: the file now holds every change."""
    generation = uuid.uuid4().hex
    meta = {
        "format_version": FORMAT_VERSION,
        "model_id": index.model_id,
        "fingerprint": index.fingerprint,
        "count": len(index),
        "dimension": index.dimension,
        "approximate": index.approximate,
        "generation": generation,
        "id_sum": index.id_sum,
    }
    # One temporary name per process: two processes rebuilding at once must not write
    # into the same file.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        # Stored, not deflated: vectors do not compress and loading should be a copy.
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.writestr("meta.json", json.dumps(meta))
            zf.writestr("ids.json", json.dumps(index.ids, ensure_ascii=False))
            with zf.open("vectors.npy", "w", force_zip64=True) as fh:
                np.save(fh, index.vectors, allow_pickle=False)
            if index._alive is not None:
                with zf.open("alive.npy", "w") as fh:
                    np.save(fh, index._alive, allow_pickle=False)
            if index._hnsw is not None:
                with zf.open("hnsw.usearch", "w", force_zip64=True) as fh:
                    fh.write(index._hnsw.save())
        tmp.replace(path)  # atomic: a reader never sees a half-written index
        changes.log_path(path).unlink(missing_ok=True)
        index.generation, index.logged_rows = generation, 0
    finally:
        tmp.unlink(missing_ok=True)


def read_meta(path: Path) -> dict[str, Any]:
    """The saved index's metadata (fingerprint, model id, count, with its change log
    applied) without loading vectors."""
    meta = _base_meta(path)
    records = changes.read_records(path, str(meta.get("generation")))
    if records:
        meta.update(fingerprint=records[-1].fingerprint, count=records[-1].count)
    return meta


def _base_meta(path: Path) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(path) as zf:
            meta: dict[str, Any] = json.loads(zf.read("meta.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise IndexFileError(f"{path}: not a claimtrack vector index ({exc})") from exc
    if meta.get("format_version") != FORMAT_VERSION:
        raise IndexFileError(
            f"{path}: index format {meta.get('format_version')}, expected {FORMAT_VERSION}"
        )
    return meta


def _set_search_parameters(hnsw: Any) -> None:
    """usearch saves the graph but not ``expansion_search``/``expansion_add``: a restored
    index searches with usearch's default (64), which cost recall@10 0.995 -> 0.93 at 1M."""
    hnsw.expansion_search = HNSW_EXPANSION_SEARCH
    hnsw.expansion_add = HNSW_EXPANSION_ADD


def _read_rows(fh: Any) -> tuple[np.ndarray, np.ndarray]:
    """The saved float32 rows, read straight into a buffer with room for later adds
    (:func:`~claimtrack.embedding.index_rows.empty_with_room`): no second copy."""
    version = np.lib.format.read_magic(fh)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
    else:
        raise ValueError(f"vectors.npy has format version {version}")
    if len(shape) != 2 or fortran or dtype != np.dtype("<f4"):
        raise ValueError(f"vectors.npy holds {dtype} {shape}, expected float32 rows")
    room = empty_with_room(shape[0], shape[1])
    rows = room[: shape[0]]
    view = rows.data.cast("B")
    done = 0
    while done < len(view):
        got = fh.readinto(view[done:])
        if not got:
            raise ValueError("vectors.npy is cut short")
        done += got
    return rows, room


def load(path: Path) -> VectorIndex:
    """Read an index written by :meth:`save`, with its change log applied."""
    meta = _base_meta(path)
    try:
        with zipfile.ZipFile(path) as zf:
            ids = json.loads(zf.read("ids.json"))
            with zf.open("vectors.npy") as fh:  # read in chunks: no second copy
                vectors, room = _read_rows(fh)
            alive = None
            if "alive.npy" in zf.namelist():
                alive = np.load(io.BytesIO(zf.read("alive.npy")), allow_pickle=False)
            hnsw = None
            if meta["approximate"]:
                exact_scan.available()  # simsimd must load before usearch (see there)
                from usearch.index import Index

                hnsw = Index.restore(zf.read("hnsw.usearch"))
                if hnsw is None:
                    raise ValueError("HNSW graph unreadable")
                _set_search_parameters(hnsw)
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise IndexFileError(f"{path}: damaged vector index ({exc})") from exc
    if len(ids) != vectors.shape[0] or (alive is not None and alive.shape != (len(ids),)):
        raise IndexFileError(f"{path}: damaged vector index (ids and rows differ)")
    index = VectorIndex(
        ids, vectors, model_id=meta["model_id"], fingerprint=meta["fingerprint"],
        hnsw=hnsw, alive=alive, generation=str(meta["generation"]), room=room,
    )  # fmt: skip
    if isinstance(meta.get("id_sum"), int):
        index._id_sum = meta["id_sum"]
    for record in changes.read_records(path, index.generation):
        index.update(record.added, record.vectors, record.removed)
        index.logged_rows += len(record.added) + len(record.removed)
        if index.fingerprint != record.fingerprint:
            raise IndexFileError(f"{path}: change log does not match the index")
    return index


#: Compact (rewrite the base file, emptying the log) once the log holds more rows than
#: this: replaying the log costs every later load time (HNSW adds are the slow part).
COMPACT_ROWS_EXACT = 50_000
COMPACT_ROWS_HNSW = 10_000


def load_or_build(
    path: Path,
    ids: Sequence[str],
    vectors: Callable[[], np.ndarray],
    *,
    model_id: str,
    dimension: int,
    exact_threshold: int = DEFAULT_EXACT_THRESHOLD,
    vectors_for: Callable[[list[str]], np.ndarray] | None = None,
) -> VectorIndex:
    """The index at ``path`` brought up to date with ``ids`` -- in place when possible.

    A saved index of the same model and dimension is loaded and the difference applied:
    new ids' vectors come from ``vectors_for(new_ids)`` (rows in that order), and the
    change is appended to the file's log. Only a missing, damaged or other-format file,
    another model or dimension (or no ``vectors_for``) rebuilds from ``vectors()`` -- all
    vectors, rows in ``ids`` order -- and saves the new index to ``path``.
    """
    path = path
    id_list = [str(i) for i in ids]
    expected = compute_fingerprint(id_list, model_id, dimension)
    reason = "no saved index"
    if path.exists():
        try:
            meta = VectorIndex.read_meta(path)
            if meta.get("model_id") != model_id or int(meta.get("dimension", -1)) != dimension:
                reason = f"model {meta.get('model_id')}/{meta.get('dimension')} changed"
            elif meta.get("fingerprint") == expected:
                COUNTERS["loads"] += 1
                return VectorIndex.load(path)
            elif vectors_for is not None:
                index = VectorIndex.load(path)
                _apply_difference(index, path, id_list, vectors_for)
                if index.fingerprint == expected:
                    return index
                reason = "index still differs from the store after an update"
            else:
                reason = "stale and no incremental source"
        except IndexFileError as error:
            reason = str(error)
    if path.exists():
        log.warning("vector index %s rebuilt: %s", path.name, reason)
        COUNTERS["rebuilds"] += 1
    else:
        log.info("vector index %s built (%d vectors)", path.name, len(id_list))
        COUNTERS["builds"] += 1
    index = VectorIndex.build(
        id_list, vectors(), model_id=model_id, exact_threshold=exact_threshold
    )
    _save(index, path)
    return index


def _apply_difference(
    index: VectorIndex, path: Path, ids: list[str], vectors_for: Callable[[list[str]], np.ndarray]
) -> None:
    wanted = set(ids)
    have = index.row_of
    added = [i for i in ids if i not in have]
    removed = [i for i in have if i not in wanted]
    if added or removed:
        matrix = np.asarray(vectors_for(added), dtype=np.float32).reshape(len(added), -1)
        if added and matrix.shape[1] != index.dimension:
            raise IndexFileError(f"{path}: new vectors have dimension {matrix.shape[1]}")
        index.save_update(path, added, matrix, removed)
        COUNTERS["updates"] += 1
        log.info("vector index %s updated in place: +%d -%d", path.name, len(added), len(removed))
    limit = COMPACT_ROWS_HNSW if index.approximate else max(COMPACT_ROWS_EXACT, len(index) // 4)
    if index.logged_rows > limit:
        _save(index, path)
        COUNTERS["compactions"] += 1


def _save(index: VectorIndex, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise IndexFileError(
            f"cannot keep the search index in {path.parent}: a file of that name is in the "
            "way; move it elsewhere (claimtrack keeps its search indexes in that folder)"
        ) from exc
    except OSError as exc:
        raise IndexFileError(f"cannot create {path.parent}: {exc.strerror or exc}") from exc
    try:
        index.save(path)
    except OSError as exc:
        raise IndexFileError(f"cannot save the search index {path}: {exc.strerror or exc}") from exc
