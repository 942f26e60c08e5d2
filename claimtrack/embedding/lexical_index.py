"""BM25 over one or more text fields, updated in place and saved next to the vector index.

Documents are keyed by string ids (a claim's ``text_key``, a fact-check's id) and carry a
*version* (a digest of their text): :meth:`LexicalIndex.sync` compares the index with the
store's ``{key: version}`` and analyses only what was added or changed; removed documents
are dropped. Nothing is ever re-analysed for one new claim.

Storage: per field a sparse ``(documents x terms)`` matrix of raw term frequencies plus
document lengths. Everything BM25 derives from them (document frequencies, average length,
the per-posting weights) is recomputed lazily in O(postings) after a change, so scores
after any sequence of adds and removes equal a fresh build's -- exactly, not approximately
(``tests/unit/test_lexical_index.py`` checks this).

Why a small numpy/scipy engine instead of ``bm25s`` or ``tantivy`` (measured in
``bench/bench_lexical.py``, figures in BENCHMARKS.md): bm25s precomputes weights and has
no update, so one new claim means re-indexing everything; tantivy updates incrementally but
answers one query per Python call, too slow for clustering's 100k-query batches. Here a
batch is one sparse matrix product.

Scoring is Okapi BM25 (``k1=1.2, b=0.75``, idf ``ln(1 + (N - df + 0.5) / (df + 0.5))``),
each distinct query term counted once. With several fields, ``"all"`` is the field made of
all of them (their term counts added), computed on demand.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from claimtrack.embedding.lexical import Analyser, default_analyser
from claimtrack.errors import ClaimtrackError

log = logging.getLogger(__name__)

K1, B = 1.2, 0.75
ALL = "all"
#: Queries scored per sparse product in :meth:`LexicalIndex.search_many`.
BATCH_QUERIES = 512

#: ``{field: text}`` plus an optional ``"language"`` entry (picks the Latin stemmer).
Document = Mapping[str, str | None]


class LexicalIndexError(ClaimtrackError):
    """A lexical index file is unreadable, damaged or of another format/analyser."""

    title = "Lexical index error"


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What :meth:`LexicalIndex.sync` (or :func:`open_index`) did."""

    added: int
    removed: int
    rebuilt: bool  # True when the file was missing or damaged and everything was analysed


def _sparse() -> Any:
    import scipy.sparse as sp

    return sp


class LexicalIndex:
    """BM25 search over documents with the given ``fields``."""

    def __init__(self, fields: Sequence[str] = ("text",), *, analyser: Analyser | None = None):
        if not fields or ALL in fields or len(set(fields)) != len(fields):
            raise ValueError(f"lexical index: bad fields {fields!r}")
        self.fields = tuple(fields)
        self.analyser = analyser or default_analyser()
        self.keys: list[str | None] = []  # slot -> key; None once removed
        self.versions: list[str] = []
        self._slot: dict[str, int] = {}
        self._vocab: dict[str, int] = {}
        self._terms: list[str] = []
        self._rows: dict[str, list[Any]] = {f: [] for f in self.fields}  # CSR blocks
        self._pending: dict[str, list[dict[int, int]]] = {f: [] for f in self.fields}
        self._length: dict[str, list[np.ndarray]] = {f: [] for f in self.fields}
        self._alive = np.zeros(0, dtype=bool)
        self._weights: dict[str, tuple[Any, np.ndarray]] = {}
        self._derived: dict[str, Any] = {}  # doc-major tf per field, for doc_term_ids
        #: How many documents were analysed / removed, and full rebuilds, in this process.
        self.counters: Counter[str] = Counter()
        #: The saved file this index was read from or written to, and the change-log
        #: entries applied since (:mod:`claimtrack.embedding.lexical_file`).
        self.generation, self.logged = "", 0
        #: The last :meth:`sync`'s change: keys removed, documents added.
        self.last_change: tuple[list[str], dict[str, Document]] = ([], {})

    # ------------------------------------------------------------------ contents
    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, key: object) -> bool:
        return key in self._slot

    def version_of(self, key: str) -> str | None:
        slot = self._slot.get(key)
        return None if slot is None else self.versions[slot]

    def current(self) -> dict[str, str]:
        """``{key: version}`` of every document in the index."""
        return {key: self.versions[slot] for key, slot in self._slot.items()}

    @property
    def search_fields(self) -> tuple[str, ...]:
        return (*self.fields, ALL) if len(self.fields) > 1 else self.fields

    # ------------------------------------------------------------------- updates
    def add(
        self, documents: Mapping[str, Document], versions: Mapping[str, str] | None = None
    ) -> int:
        """Analyse and add ``{key: {field: text}}``; a key already present is replaced."""
        self.remove([key for key in documents if key in self._slot])
        n_new = len(documents)
        if not n_new:
            return 0
        alive = np.ones(n_new, dtype=bool)
        lengths = {f: np.zeros(n_new, dtype=np.float32) for f in self.fields}
        for i, (key, document) in enumerate(documents.items()):
            self._slot[key] = len(self.keys)
            self.keys.append(key)
            self.versions.append((versions or {}).get(key, ""))
            language = document.get("language")
            for field in self.fields:
                counts: dict[int, int] = {}
                text = document.get(field)
                for term in self.analyser.terms(text, language) if text else ():
                    term_id = self._vocab.get(term)
                    if term_id is None:
                        term_id = self._vocab[term] = len(self._terms)
                        self._terms.append(term)
                    counts[term_id] = counts.get(term_id, 0) + 1
                self._pending[field].append(counts)
                lengths[field][i] = sum(counts.values())
        for field in self.fields:
            self._length[field].append(lengths[field])
        self._alive = np.concatenate([self._alive, alive])
        self._weights.clear()
        self._derived.clear()
        self.counters["analysed"] += n_new
        return n_new

    def remove(self, keys: Iterable[str]) -> int:
        """Drop documents by key (unknown keys are ignored); returns how many."""
        removed = 0
        for key in keys:
            slot = self._slot.pop(key, None)
            if slot is not None:
                self.keys[slot] = None
                self._alive[slot] = False
                removed += 1
        if removed:
            self._weights.clear()
            self._derived.clear()
            self.counters["removed"] += removed
        return removed

    def sync(
        self,
        current: Mapping[str, str],
        fetch: Callable[[list[str]], Mapping[str, Document]],
    ) -> SyncReport:
        """Make the index hold exactly ``current`` (``{key: version}``).

        Keys that are gone, or whose version changed, are removed; new and changed keys are
        fetched (``fetch(keys) -> {key: document}``) and analysed. The rest is untouched.
        """
        stale = [k for k, slot in self._slot.items() if current.get(k) != self.versions[slot]]
        self.remove(stale)
        todo = [k for k in current if k not in self._slot]
        found = fetch(todo) if todo else {}
        documents = {k: found[k] for k in todo if k in found}
        added = self.add(documents, current)
        self.last_change = (stale, documents)
        if stale or added:
            log.info("lexical index: %d analysed, %d removed in place", added, len(stale))
        return SyncReport(added=added, removed=len(stale), rebuilt=False)

    # -------------------------------------------------------------------- matrices
    def _tf(self, field: str) -> Any:
        """The ``(slots x terms)`` term-frequency matrix of ``field`` (pending rows folded in)."""
        sp = _sparse()
        n_terms = len(self._terms)
        if field == ALL:
            total = self._tf(self.fields[0])
            for other in self.fields[1:]:
                total = total + self._tf(other)
            return total.tocsr()
        pending = self._pending[field]
        if pending:
            indptr = np.zeros(len(pending) + 1, dtype=np.int64)
            indptr[1:] = np.cumsum([len(c) for c in pending])
            indices = np.fromiter((t for c in pending for t in c), np.int32, int(indptr[-1]))
            data = np.fromiter((n for c in pending for n in c.values()), np.float32, indices.size)
            self._rows[field].append(
                sp.csr_matrix((data, indices, indptr), shape=(len(pending), n_terms))
            )
            pending.clear()
        blocks = self._rows[field]
        for block in blocks:
            if block.shape[1] != n_terms:  # the vocabulary grew since the block was made
                block.resize((block.shape[0], n_terms))
        if len(blocks) > 1:
            blocks[:] = [sp.vstack(blocks, format="csr")]
        if not blocks:
            return sp.csr_matrix((0, n_terms), dtype=np.float32)
        return blocks[0]

    def _tf_cached(self, field: str) -> Any:
        """:meth:`_tf`, kept until the next change (``all`` is a sum of matrices)."""
        tf = self._derived.get(field)
        if tf is None:
            tf = self._derived[field] = self._tf(field)
        return tf

    def _lengths(self, field: str) -> np.ndarray:
        if field == ALL:
            return np.sum([self._lengths(f) for f in self.fields], axis=0)
        parts = self._length[field]
        if len(parts) > 1:
            parts[:] = [np.concatenate(parts)]
        return parts[0] if parts else np.zeros(0, dtype=np.float32)

    def _field_weights(self, field: str) -> tuple[Any, np.ndarray]:
        """(term-major BM25 weight matrix ``terms x slots``, idf per term) of ``field``."""
        cached = self._weights.get(field)
        if cached is not None:
            return cached
        if field not in self.search_fields:
            raise ValueError(f"lexical index has no field {field!r} (has {self.search_fields})")
        sp = _sparse()
        tf = self._tf_cached(field)
        lengths = self._lengths(field)
        alive = self._alive
        n_docs = int(alive.sum())
        avgdl = float(lengths[alive].mean()) if n_docs else 1.0
        rows = np.repeat(np.arange(tf.shape[0]), np.diff(tf.indptr))
        live = alive[rows]
        norm = K1 * (1.0 - B + B * lengths[rows] / max(avgdl, 1e-9))
        data = (tf.data * (K1 + 1.0) / (tf.data + norm)) * live
        df = np.bincount(tf.indices[live], minlength=tf.shape[1]).astype(np.float64)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        weights = sp.csr_matrix((data.astype(np.float32), tf.indices, tf.indptr), shape=tf.shape)
        result = (weights.T.tocsr(), idf)
        self._weights[field] = result
        return result

    def _query_terms(self, text: str) -> list[int]:
        found = (self._vocab.get(t) for t in self.analyser.terms(text))
        return sorted({t for t in found if t is not None})

    def query_term_ids(self, text: str) -> list[int]:
        """The distinct indexed terms of ``text`` (terms the index has never seen dropped)."""
        return self._query_terms(text)

    def doc_term_ids(self, key: str, field: str | None = None) -> np.ndarray:
        """The distinct term ids of one document's ``field`` (empty if not indexed)."""
        slot = self._slot.get(key)
        if slot is None:
            return np.zeros(0, dtype=np.int32)
        tf = self._tf_cached(field or self.search_fields[-1])
        return np.asarray(tf.indices[tf.indptr[slot] : tf.indptr[slot + 1]])

    def is_number(self, term_id: int) -> bool:
        """True when the term is a number (``6600``, ``6.8``)."""
        return self._terms[term_id][:1].isdigit()

    # ---------------------------------------------------------------------- search
    def scores(self, text: str, field: str | None = None) -> np.ndarray:
        """BM25 score of every slot for ``text`` (0 for removed slots and non-matches)."""
        weights, idf = self._field_weights(field or self.search_fields[-1])
        total = np.zeros(len(self.keys), dtype=np.float32)
        for term in self._query_terms(text):
            lo, hi = weights.indptr[term], weights.indptr[term + 1]
            if hi > lo:
                total[weights.indices[lo:hi]] += weights.data[lo:hi] * idf[term]
        return total

    def scores_for(self, text: str, keys: Sequence[str], field: str | None = None) -> np.ndarray:
        """BM25 scores of the documents ``keys`` (0 for keys not in the index)."""
        scored = self.scores(text, field)
        slots = [self._slot.get(k, -1) for k in keys]
        return np.asarray([scored[s] if s >= 0 else 0.0 for s in slots], dtype=np.float32)

    def search(
        self,
        text: str,
        k: int = 10,
        *,
        field: str | None = None,
        allowed: set[str] | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` best-scoring keys for ``text``, best first (only scores above 0)."""
        scores = self.scores(text, field)
        if allowed is not None:
            mask = np.zeros(scores.shape[0], dtype=bool)
            mask[[self._slot[a] for a in allowed if a in self._slot]] = True
            scores = np.where(mask, scores, 0.0)
        return self._top(scores, k)

    def search_many(
        self,
        texts: Sequence[str],
        k: int = 10,
        *,
        field: str | None = None,
        max_df: float | None = None,
    ) -> list[list[tuple[str, float]]]:
        """:meth:`search` for many texts, one sparse product per :data:`BATCH_QUERIES`
        (``max_df``: see :meth:`iter_scores`)."""
        results: list[list[tuple[str, float]]] = []
        for slots, values in self.iter_scores(texts, field, max_df=max_df):
            best = _top_k(values, k)
            results.append([(str(self.keys[slots[i]]), float(values[i])) for i in best])
        return results

    def iter_scores(
        self, texts: Sequence[str], field: str | None = None, *, max_df: float | None = None
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """For each text, the ``(slots, scores)`` of the documents scoring above 0.

        ``max_df`` (a share of the documents, e.g. 0.05) leaves out query terms found in
        more documents than that: the scores are then partial BM25 sums, and a batch over a
        large corpus runs much faster (the common terms' postings dominate its cost). Use it
        for candidate generation only; the default (None) scores exactly.
        """
        if max_df is None and len(texts) == 1:  # one query: dense accumulation is quickest
            total = self.scores(texts[0], field)
            slots = np.flatnonzero(total)
            yield slots, total[slots]
            return
        sp = _sparse()
        weights, idf = self._field_weights(field or self.search_fields[-1])
        for start in range(0, len(texts), BATCH_QUERIES):
            chunk = [self._query_terms(t) for t in texts[start : start + BATCH_QUERIES]]
            if max_df is not None:
                limit = max_df * len(self._slot)
                df = np.diff(weights.indptr)  # postings per term (removed slots count too)
                chunk = [[t for t in c if df[t] <= limit] for c in chunk]
            indptr = np.zeros(len(chunk) + 1, dtype=np.int64)
            indptr[1:] = np.cumsum([len(c) for c in chunk])
            indices = np.fromiter((t for c in chunk for t in c), np.int32, int(indptr[-1]))
            query = sp.csr_matrix((idf[indices], indices, indptr), shape=(len(chunk), len(idf)))
            product = (query @ weights).tocsr()
            for row in range(len(chunk)):
                lo, hi = product.indptr[row], product.indptr[row + 1]
                slots, values = product.indices[lo:hi], product.data[lo:hi]
                keep = values > 0
                yield slots[keep], values[keep]

    def slot_of(self, key: str) -> int | None:
        """The row of ``key`` in the score arrays (None when it is not indexed)."""
        return self._slot.get(key)

    def _top(self, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        slots = np.flatnonzero(scores > 0)
        best = _top_k(scores[slots], k)
        return [(str(self.keys[slots[i]]), float(scores[slots[i]])) for i in best]

    # ------------------------------------------------------------------ persistence
    def compact(self) -> None:
        """Drop removed slots and unused terms (done before saving)."""
        if len(self._slot) == len(self.keys) and not any(self._pending.values()):
            return
        keep = np.flatnonzero(self._alive)
        tfs = {f: self._tf(f)[keep] for f in self.fields}
        lengths = {f: self._lengths(f)[keep] for f in self.fields}
        used = np.zeros(len(self._terms), dtype=bool)
        for tf in tfs.values():
            used[tf.indices] = True
        new_id = np.cumsum(used) - 1
        self._terms = [t for t, u in zip(self._terms, used, strict=True) if u]
        self._vocab = {t: i for i, t in enumerate(self._terms)}
        sp = _sparse()
        for field, tf in tfs.items():
            indices = new_id[tf.indices].astype(np.int32)
            shape = (tf.shape[0], len(self._terms))
            self._rows[field] = [sp.csr_matrix((tf.data, indices, tf.indptr), shape=shape)]
            self._length[field] = [lengths[field]]
        self.keys = [self.keys[i] for i in keep]
        self.versions = [self.versions[i] for i in keep]
        self._slot = {str(key): slot for slot, key in enumerate(self.keys)}
        self._alive = np.ones(len(self.keys), dtype=bool)
        self._weights.clear()
        self._derived.clear()

    def save(self, path: Path) -> None:
        """Write the index to one file, atomically (:mod:`claimtrack.embedding.lexical_file`)."""
        from claimtrack.embedding.lexical_file import write_index

        write_index(self, path)

    @classmethod
    def load(
        cls, path: Path, fields: Sequence[str], *, analyser: Analyser | None = None
    ) -> LexicalIndex:
        """Read a file written by :meth:`save`; :class:`LexicalIndexError` if it is damaged,
        of another format or analyser, or for other fields."""
        from claimtrack.embedding.lexical_file import read_index

        return read_index(path, fields, analyser=analyser)


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest scores, best first."""
    if k <= 0 or scores.size == 0:
        return np.zeros(0, dtype=np.int64)
    if k < scores.size:
        part = np.argpartition(-scores, k - 1)[:k]
        return part[np.argsort(-scores[part], kind="stable")]
    return np.argsort(-scores, kind="stable")


def open_index(
    path: Path,
    fields: Sequence[str],
    current: Mapping[str, str],
    fetch: Callable[[list[str]], Mapping[str, Document]],
) -> tuple[LexicalIndex, SyncReport]:
    """Load the index at ``path`` and sync it in place (see
    :func:`claimtrack.embedding.lexical_file.open_index`)."""
    from claimtrack.embedding import lexical_file

    return lexical_file.open_index(path, fields, current, fetch)
