"""The lexical index's file: one zip next to the vector index, plus a change log.

The zip is written whole (atomically) when the index is built or compacted; a sync that
adds or removes documents appends one record to ``<file>.log``
(:mod:`claimtrack.embedding.index_log`: the removed keys, the added documents and their
versions) instead of rewriting the file, and loading replays the log (analysing the
logged documents again). Past :data:`COMPACT_DOCS` logged documents the file is
rewritten whole and the log dropped.

Members: ``meta.json`` (format version, analyser version, fields), ``keys.json`` (keys and
versions), ``terms.json`` (the vocabulary), and per field the CSR arrays of raw term
frequencies plus document lengths as ``.npy``. A file of another format or analyser, with
inconsistent arrays or a bad zip CRC is a :class:`LexicalIndexError`, and
:func:`open_index` then rebuilds the index: a damaged file never gives a wrong answer.
"""

from __future__ import annotations

import io
import json
import logging
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from claimtrack.embedding import index_log
from claimtrack.embedding.index_log import IndexFileError
from claimtrack.embedding.lexical import Analyser
from claimtrack.embedding.lexical_index import (
    Document,
    LexicalIndex,
    LexicalIndexError,
    SyncReport,
    _sparse,
)

log = logging.getLogger("claimtrack.embedding.lexical_index")

FORMAT_VERSION = 1
#: Rewrite the file whole once its log holds more documents than this (or a tenth of
#: the index): every load analyses the logged documents again.
COMPACT_DOCS = 5_000


def write_index(index: LexicalIndex, path: Path) -> None:
    """Write ``index`` to one file (atomically: a reader never sees half of it)."""
    index.compact()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    generation = uuid.uuid4().hex
    meta = {"format_version": FORMAT_VERSION, "analyser": index.analyser.version,
            "fields": list(index.fields), "count": len(index.keys),
            "terms": len(index._terms), "generation": generation}  # fmt: skip
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        zf.writestr("meta.json", json.dumps(meta))
        zf.writestr("keys.json", json.dumps([index.keys, index.versions], ensure_ascii=False))
        zf.writestr("terms.json", json.dumps(index._terms, ensure_ascii=False))
        for field in index.fields:
            tf = index._tf(field)
            arrays = {"indptr": tf.indptr, "indices": tf.indices, "data": tf.data,
                      "length": index._lengths(field)}  # fmt: skip
            for name, array in arrays.items():
                with zf.open(f"{field}.{name}.npy", "w", force_zip64=True) as fh:
                    np.save(fh, array, allow_pickle=False)
    tmp.replace(path)
    index_log.log_path(path).unlink(missing_ok=True)
    index.generation, index.logged = generation, 0


def read_index(
    path: Path, fields: Sequence[str], *, analyser: Analyser | None = None
) -> LexicalIndex:
    """Read a file written by :func:`write_index`; :class:`LexicalIndexError` if it is damaged,
    of another format or analyser, or for other fields."""
    index = LexicalIndex(fields, analyser=analyser)
    try:
        with zipfile.ZipFile(Path(path)) as zf:
            meta = json.loads(zf.read("meta.json"))
            expected = (FORMAT_VERSION, index.analyser.version, list(index.fields))
            found = (meta.get("format_version"), meta.get("analyser"), meta.get("fields"))
            if found != expected:
                raise LexicalIndexError(f"{path}: index of {found}, expected {expected}")
            keys, versions = json.loads(zf.read("keys.json"))
            terms = json.loads(zf.read("terms.json"))

            def array(name: str) -> np.ndarray:
                return np.load(io.BytesIO(zf.read(name)), allow_pickle=False)

            sp = _sparse()
            for field in index.fields:
                indptr, indices = array(f"{field}.indptr.npy"), array(f"{field}.indices.npy")
                data, length = array(f"{field}.data.npy"), array(f"{field}.length.npy")
                shape = (len(keys), len(terms))
                _check(path, field, shape, indptr, indices, data, length)
                index._rows[field] = [sp.csr_matrix((data, indices, indptr), shape=shape)]
                index._length[field] = [length]
    except LexicalIndexError:
        raise
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise LexicalIndexError(f"{path}: damaged lexical index ({exc})") from exc
    if len(versions) != len(keys) or len(set(keys)) != len(keys):
        raise LexicalIndexError(f"{path}: damaged lexical index (keys)")
    index.keys, index.versions, index._terms = list(keys), list(versions), list(terms)
    index._slot = {key: slot for slot, key in enumerate(keys)}
    index._vocab = {term: i for i, term in enumerate(terms)}
    index._alive = np.ones(len(keys), dtype=bool)
    index.generation = str(meta.get("generation", ""))
    try:
        entries = index_log.read_entries(path, index.generation) if index.generation else []
        for header, _ in entries:
            index.remove([str(k) for k in header["remove"]])
            index.add(dict(header["add"]), dict(header["versions"]))
            index.logged += len(header["add"]) + len(header["remove"])
    except (IndexFileError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LexicalIndexError(f"{path}: damaged lexical index log ({exc})") from exc
    return index


def append_change(
    index: LexicalIndex, path: Path, removed: list[str], added: Mapping[str, Document]
) -> None:
    """Record a sync's change in the file's log (or rewrite the file once the log is long)."""
    index.logged += len(removed) + len(added)
    if not index.generation or index.logged > max(COMPACT_DOCS, len(index) // 10):
        write_index(index, path)
        return
    versions = {key: index.version_of(key) or "" for key in added}
    header = {"base": index.generation, "remove": removed, "add": dict(added),
              "versions": versions}  # fmt: skip
    index_log.append_entry(path, header)


def _check(path: Path, field: str, shape: tuple[int, int], *arrays: np.ndarray) -> None:
    indptr, indices, data, length = arrays
    ok = (indptr.shape == (shape[0] + 1,) and length.shape == (shape[0],)
          and indices.shape == data.shape and int(indptr[0]) == 0
          and int(indptr[-1]) == indices.size and bool(np.all(np.diff(indptr) >= 0)))  # fmt: skip
    if ok and indices.size:
        ok = int(indices.min()) >= 0 and int(indices.max()) < shape[1]
    if not ok:
        raise LexicalIndexError(f"{path}: damaged lexical index (field {field!r})")


def open_index(
    path: Path,
    fields: Sequence[str],
    current: Mapping[str, str],
    fetch: Callable[[list[str]], Mapping[str, Document]],
) -> tuple[LexicalIndex, SyncReport]:
    """Load the index at ``path`` and bring it up to date with ``current`` in place.

    A missing, damaged or outdated file (format or analyser version) is rebuilt from
    scratch -- the only case where every document is analysed -- and saved back; a
    change is appended to the file's log (:func:`append_change`).
    """
    path = Path(path)
    rebuilt = False
    try:
        index = LexicalIndex.load(path, fields)
    except LexicalIndexError as error:
        if path.exists():
            log.warning("lexical index rebuilt: %s", error)
        index, rebuilt = LexicalIndex(fields), True
        index.counters["rebuilds"] += 1
    report = index.sync(current, fetch)
    if rebuilt:
        index.save(path)
    elif report.added or report.removed:
        append_change(index, path, *index.last_change)
    return index, SyncReport(report.added, report.removed, rebuilt)
