"""Fact-check library search: dense + BM25 candidates, fused, then the learned re-ranker.

1. Dense: the query vector against the vectors of every fact-check's claim and title
   (cosine; a fact-check scores its best field).
2. Lexical: BM25 over all text fields (claim, title, summary, body) together.
3. Dated queries only: BM25 again, over the fact-checks published from
   :data:`RECENT_WINDOW` days around the query's date (a fact-check follows the claim it
   checks by days; older ones on the same topic crowd the plain BM25 list).
4. The dense and BM25 top-``depth`` lists are fused by reciprocal rank fusion; every
   candidate of any list is then scored by the re-ranker
   (:mod:`claimtrack.embedding.ranker`) over per-field BM25, cosines, ranks, term/number
   overlap and date gap, and sorted by that score.

``mode`` exposes each stage (``"dense"``, ``"bm25"``, ``"fused"``, ``"reranked"``) so an
evaluation can report all four from one run (:mod:`claimtrack.evaluation.retrieval`).
Load a :class:`LibrarySearcher` once and query it many times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import numpy as np

from claimtrack.embedding.fusion import reciprocal_rank_fusion
from claimtrack.errors import InvalidInputError
from claimtrack.store import Store

if TYPE_CHECKING:
    from claimtrack.embedding.model import Embedder
    from claimtrack.embedding.ranker import Ranker, Signals

MODES = ("reranked", "fused", "dense", "bm25")
Phrases = frozenset[tuple[str, str]]
#: Candidates taken from each retriever before fusion and re-ranking. 100 gave the same
#: train CV MAP@5 (0.7072 vs 0.7068, bench/results/factcheck_ranker_depth100_cv.log) at
#: twice the feature cost.
DEPTH = 50
#: Days around a dated query (from, to) whose fact-checks make the dated BM25 list.
#: FactCheckTweet train: 99% of relevant fact-checks are dated from 2 days before the tweet,
#: 80% within 30 days after it.
RECENT_WINDOW = (-3.0, 60.0)
QueryDate = date | datetime | None


@dataclass(frozen=True, slots=True)
class RankedFactcheck:
    factcheck_id: str
    relevance: float  # the stage's score: ranker probability, RRF score, cosine or BM25
    cosine: float  # best cosine of the fact-check's claim/title with the query (0: no vector)
    bm25: float  # BM25 over all the fact-check's text


class LibrarySearcher:
    """Search one store's fact-check library with one embedding model."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        *,
        ranker: Ranker | None = None,
        depth: int = DEPTH,
        embed: bool = True,
        languages: Sequence[str] = ("ar", "en"),
    ) -> None:
        from claimtrack.api.retrieval import lexical_index
        from claimtrack.api.vectors import corpus_index, embed_missing

        store.ensure_ready(create=True)
        if embed:
            embed_missing(store, "factchecks", embedder=embedder)
        self.store, self.embedder, self.depth = store, embedder, depth
        self.dense = corpus_index(store, "factchecks", embedder.model_id, embedder.dimension)
        self.lexical, self.lexical_report = lexical_index(store, "factchecks")
        self._ranker = ranker
        self._phrase_cache: dict[str, tuple[Phrases, Phrases]] = {}
        self._language: dict[str, str | None] = {}
        self.languages = tuple(languages)
        with store.session() as session:
            keys = session.query("factcheck_text_keys")
        self._ids_of: dict[str, list[str]] = {}
        self._claim_row: dict[str, int] = {}
        self._title_row: dict[str, int] = {}
        self._slot_day: np.ndarray | None = None  # lexical slot -> publication day (nan)
        row_of = {key: row for row, key in enumerate(self.dense.ids)}
        for fc_id, claim_key, title_key in keys.iter_rows():
            for key, rows in ((claim_key, self._claim_row), (title_key, self._title_row)):
                if key is not None:
                    self._ids_of.setdefault(key, []).append(fc_id)
                    if key in row_of:
                        rows[fc_id] = row_of[key]

    def __len__(self) -> int:
        return len(self.lexical)

    @property
    def ranker(self) -> Ranker:
        if self._ranker is None:
            from claimtrack.embedding.ranker import load_ranker

            self._ranker = load_ranker()
        return self._ranker

    def rank(
        self,
        texts: Sequence[str],
        vectors: np.ndarray | None = None,
        *,
        top_k: int = 5,
        mode: str = "reranked",
        dates: Sequence[QueryDate] | None = None,
    ) -> list[list[RankedFactcheck]]:
        """The ``top_k`` fact-checks for each text, best first, by ``mode``; ``dates`` (one
        per text, None where unknown) are when each text was published."""
        if mode not in MODES:
            raise InvalidInputError(f"unknown search mode {mode!r}; use one of {MODES}")
        found = self.signals(texts, vectors, dates=dates)
        return [self.order(ids, s, mode, top_k) for ids, s in found]

    def order(
        self, ids: list[str], signals: Signals, mode: str, top_k: int
    ) -> list[RankedFactcheck]:
        """One query's candidates (from :meth:`signals`) ranked by ``mode``: an evaluation
        computes the signals once and orders them by every mode."""
        cos = np.fmax(signals.cos_claim, np.nan_to_num(signals.cos_title, nan=-1.0))
        if mode == "reranked":
            from claimtrack.embedding.ranker import feature_matrix

            score = self.ranker.score(feature_matrix(signals), signals.cross_lingual)
        elif mode == "fused":
            score = signals.rrf
        elif mode == "dense":
            score = np.where(signals.dense_rank > 0, cos, -np.inf)
        elif mode == "bm25":
            score = np.where(signals.bm25_rank > 0, signals.bm25["all"], -np.inf)
        else:
            raise InvalidInputError(f"unknown search mode {mode!r}; use one of {MODES}")
        from claimtrack.embedding.ranker import duplicate_groups, group_max

        # Copies of one fact-check score as their best copy; candidates are in id order,
        # so a stable sort puts the lowest id of equal scores first.
        score = group_max(score, duplicate_groups(signals))
        order = sorted(range(len(ids)), key=lambda i: -score[i])
        return [RankedFactcheck(ids[i], float(score[i]), float(cos[i]),
                                float(signals.bm25["all"][i]))
                for i in order[:top_k] if np.isfinite(score[i])]  # fmt: skip

    def signals(
        self,
        texts: Sequence[str],
        vectors: np.ndarray | None = None,
        *,
        dates: Sequence[QueryDate] | None = None,
    ) -> list[tuple[list[str], Signals]]:
        """Candidates of each text (fact-check ids) with the re-ranker's raw signals;
        ``dates`` as in :meth:`rank`."""
        from claimtrack.embedding.lexical_index import ALL
        from claimtrack.embedding.ranker import SEARCH_FIELDS, Signals, bigrams, id_order

        texts = list(texts)
        if vectors is None:
            vectors = self.embedder.encode(texts, kind="query")
        if len(vectors) != len(texts):
            raise InvalidInputError(f"{len(vectors)} query vectors for {len(texts)} texts")
        if not texts:
            return []
        days = _days(dates, len(texts))
        lexical = self.lexical
        per_field = {f: list(lexical.iter_scores(texts, f)) for f in SEARCH_FIELDS}
        dense_hits = (self.dense.search_many(vectors, self.depth * 2) if len(self.dense)
                      else [[] for _ in texts])  # fmt: skip
        fused_lists = []
        for qi in range(len(texts)):
            found = (fc for key, _ in dense_hits[qi] for fc in self._ids_of.get(key, ()))
            dense_ids = list(dict.fromkeys(found))[: self.depth]
            slots, values = per_field[ALL][qi]
            top = np.argsort(-values, kind="stable")[: self.depth]
            bm25_ids = [str(lexical.keys[slots[i]]) for i in top]
            fused_lists.append((dense_ids, bm25_ids, self._recent(slots, values, days[qi])))
        phrases = self._phrases({k for lists in fused_lists for ids in lists for k in ids})
        analyse = lexical.analyser.terms
        query_languages = [self._query_language(t) for t in texts]
        out = []
        for qi, text in enumerate(texts):
            q = np.asarray(vectors[qi], dtype=np.float32)
            dense_ids, bm25_ids, recent_ids = fused_lists[qi]
            fused = reciprocal_rank_fusion([dense_ids, bm25_ids])
            listed = {key for key, _ in fused}
            fused += [(key, 0.0) for key in recent_ids if key not in listed]
            # Candidates in id order: equal scores then tie-break the same way in every
            # stage and in training (duplicate fact-checks score alike; see order()).
            fused.sort(key=lambda item: id_order(item[0]))
            ids = [key for key, _ in fused]
            dense_rank = {k: r for r, k in enumerate(dense_ids, start=1)}
            bm25_rank = {k: r for r, k in enumerate(bm25_ids, start=1)}
            recent_rank = {k: r for r, k in enumerate(recent_ids, start=1)}
            bm25 = {f: _lookup(per_field[f][qi], [lexical.slot_of(k) for k in ids])
                    for f in SEARCH_FIELDS}  # fmt: skip
            query_terms = frozenset(lexical.query_term_ids(text))
            claim_terms = [frozenset(lexical.doc_term_ids(k, "claim").tolist()) for k in ids]
            doc_terms = [frozenset(lexical.doc_term_ids(k).tolist()) for k in ids]
            out.append((ids, Signals(
                bm25=bm25,
                cos_claim=self._cosines(q, ids, self._claim_row, 0.0),
                cos_title=self._cosines(q, ids, self._title_row, np.nan),
                dense_rank=np.asarray([dense_rank.get(k, 0) for k in ids], dtype=np.float64),
                bm25_rank=np.asarray([bm25_rank.get(k, 0) for k in ids], dtype=np.float64),
                rrf=np.asarray([score for _, score in fused], dtype=np.float64),
                query_terms=query_terms, claim_terms=claim_terms, doc_terms=doc_terms,
                numbers=frozenset(t for t in query_terms if lexical.is_number(t)),
                query_bigrams=bigrams(analyse(text)),
                claim_bigrams=[phrases[k][0] for k in ids],
                title_bigrams=[phrases[k][1] for k in ids],
                cross_lingual=np.asarray([_differs(query_languages[qi], self._language.get(k))
                                          for k in ids], dtype=bool),
                days_after=self._days_after(ids, days[qi]),
                recent_rank=np.asarray([recent_rank.get(k, 0) for k in ids], dtype=np.float64),
            )))  # fmt: skip
        return out

    def _published_days(self) -> np.ndarray:
        """Publication day (days since 1970-01-01) of each lexical slot, nan when unknown."""
        if self._slot_day is None or len(self._slot_day) != len(self.lexical.keys):
            with self.store.session() as session:
                frame = session.query("factcheck_published")
            out = np.full(len(self.lexical.keys), np.nan)
            for fc_id, published in frame.iter_rows():
                slot = self.lexical.slot_of(fc_id)
                if slot is not None:
                    out[slot] = _day(published)
            self._slot_day = out
        return self._slot_day

    def _recent(self, slots: np.ndarray, values: np.ndarray, day: float) -> list[str]:
        """The BM25 top ``depth`` among fact-checks dated within RECENT_WINDOW of ``day``."""
        if not np.isfinite(day) or not slots.size:
            return []
        gap = self._published_days()[slots] - day
        near = np.flatnonzero((gap >= RECENT_WINDOW[0]) & (gap <= RECENT_WINDOW[1]))
        top = near[np.argsort(-values[near], kind="stable")[: self.depth]]
        return [str(self.lexical.keys[slots[i]]) for i in top]

    def _days_after(self, ids: list[str], day: float) -> np.ndarray:
        if not np.isfinite(day):
            return np.full(len(ids), np.nan)
        published = self._published_days()
        slots = [self.lexical.slot_of(k) for k in ids]
        return np.asarray([np.nan if s is None else published[s] - day for s in slots])

    def _phrases(self, ids: set[str]) -> dict[str, tuple[Phrases, Phrases]]:
        """Word pairs of each fact-check's claim and title (analysed once, then kept)."""
        from claimtrack.embedding.ranker import bigrams
        from claimtrack.store import factchecks as library

        todo = [k for k in ids if k not in self._phrase_cache]
        if todo:
            with self.store.session() as session:
                frame = library.by_ids(session, todo)
            terms = self.lexical.analyser.terms
            for row in frame.iter_rows(named=True):
                lang = row["language"]
                self._language[row["factcheck_id"]] = _base_language(lang)
                self._phrase_cache[row["factcheck_id"]] = (
                    bigrams(terms(row["claim"], lang)),
                    bigrams(terms(row["title"], lang)) if row["title"] else frozenset(),
                )
        empty: Phrases = frozenset()
        return {k: self._phrase_cache.get(k, (empty, empty)) for k in ids}

    def _query_language(self, text: str) -> str | None:
        """The query's language among the desk's languages (script first, then langid)."""
        from claimtrack.pipeline.ingest.language import detect_language

        return detect_language(text, self.languages)[0] if text.strip() else None

    def _cosines(
        self, q: np.ndarray, ids: list[str], rows: dict[str, int], missing: float
    ) -> np.ndarray:
        found = [rows.get(k, -1) for k in ids]
        out = np.full(len(ids), missing, dtype=np.float64)
        have = np.asarray([r >= 0 for r in found], dtype=bool)
        if have.any():
            matrix = self.dense.vectors[np.asarray([r for r in found if r >= 0])]
            out[have] = matrix @ (q / (float(np.linalg.norm(q)) or 1.0))
        return out


def _day(value: QueryDate) -> float:
    """Days since 1970-01-01 (UTC) of a date or datetime; nan for None."""
    if value is None:
        return float("nan")
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.timestamp() / 86400.0
    return float(value.toordinal() - date(1970, 1, 1).toordinal())


def _days(dates: Sequence[QueryDate] | None, n: int) -> list[float]:
    if dates is None:
        return [float("nan")] * n
    if len(dates) != n:
        raise InvalidInputError(f"{len(dates)} query dates for {n} texts")
    return [_day(d) for d in dates]


def _base_language(code: str | None) -> str | None:
    """``"en-US"`` -> ``"en"``; None for an unknown language."""
    return code.split("-")[0].split("_")[0].lower() or None if code else None


def _differs(query: str | None, candidate: str | None) -> bool:
    return query is not None and candidate is not None and query != candidate


def _lookup(scored: tuple[np.ndarray, np.ndarray], slots: list[int | None]) -> np.ndarray:
    """Scores of ``slots`` from a query's ``(slots, values)`` (0 where absent)."""
    have, values = scored
    out = np.zeros(len(slots), dtype=np.float64)
    if not have.size:
        return out
    order = np.argsort(have)
    sorted_slots = have[order]
    wanted = np.asarray([-1 if s is None else s for s in slots], dtype=np.int64)
    pos = np.clip(np.searchsorted(sorted_slots, wanted), 0, sorted_slots.size - 1)
    hit = sorted_slots[pos] == wanted
    out[hit] = values[order[pos[hit]]]
    return out
