"""Similar-claim search and pairwise comparison (the same logic for both).

Retrieval is by embedding similarity; the label (same / conflicting / related) comes
from the extracted values, places, speakers and negation of both claims, because
similarity alone cannot tell "since 2019" from "since 2011".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtrack.errors import InvalidValueError, NothingEmbeddedError
from claimtrack.store import Store
from claimtrack.store import vectors as vector_rows
from claimtrack.store.claims import get_claim_row

if TYPE_CHECKING:
    from claimtrack.api.retrieval import ClaimRetriever
    from claimtrack.embedding.model import Embedder
    from claimtrack.embedding.relation import ClaimFacts

DEFAULT_LANGUAGES = ("ar", "en")


@dataclass(frozen=True, slots=True)
class SimilarClaim:
    claim_id: str
    score: float
    relation: str
    reasons: list[str]
    text: str
    language: str
    article_id: str
    source: str | None
    published: date | None
    #: Learned relation probabilities (None when the rules decided).
    p_same: float | None = None
    p_conflicting: float | None = None
    p_related: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Comparison:
    score: float
    relation: str
    reasons: list[str] = field(default_factory=list)
    p_same: float | None = None
    p_conflicting: float | None = None
    p_related: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    language: str | None = None
    source: str | None = None
    since: date | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.language, self.source, self.since))

    def params(self) -> dict[str, Any]:
        return {"language": self.language, "source": self.source, "since": self.since}


def text_facts(
    text: str, language: str | None, languages: Sequence[str] = DEFAULT_LANGUAGES
) -> ClaimFacts:
    """Values, entities, speaker and negation of a free text (language detected if None)."""
    from claimtrack.embedding.relation import ClaimFacts
    from claimtrack.pipeline.extract import analyse_text
    from claimtrack.pipeline.ingest.language import detect_language

    if not text.strip():
        raise InvalidValueError("the text to compare or search is empty")
    lang = language or detect_language(text, tuple(languages))[0]
    return ClaimFacts.from_analysis(text, lang, analyse_text(text, lang))


def row_facts(row: dict[str, Any]) -> ClaimFacts:
    """Facts of a stored claim row (values/entities are JSON text in the store)."""
    from claimtrack.embedding.relation import ClaimFacts

    def decoded(value: Any) -> list[dict[str, Any]]:
        return json.loads(value) if isinstance(value, str) else list(value or [])

    return ClaimFacts(
        text=row["text"], language=row["language"], values=decoded(row["values"]),
        entities=decoded(row["entities"]),
        speaker=row.get("speaker_canonical") or row.get("speaker"),
        negated=bool(row.get("negated")),
    )  # fmt: skip


def compare(
    text_a: str,
    text_b: str,
    *,
    lang_a: str | None = None,
    lang_b: str | None = None,
    embedder: Embedder,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
) -> Comparison:
    """Score and label two free texts (values extracted on the fly)."""
    return compare_pairs(
        [(text_a, text_b, lang_a, lang_b)], embedder=embedder, languages=languages
    )[0]


def compare_pairs(
    pairs: Sequence[tuple[str, str, str | None, str | None]],
    *,
    embedder: Embedder,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
) -> list[Comparison]:
    """Batch :func:`compare`: the model encodes all texts in two calls."""
    from claimtrack.embedding.relation import relate

    if not pairs:
        return []
    facts = [(text_facts(a, la, languages), text_facts(b, lb, languages)) for a, b, la, lb in pairs]
    va = embedder.encode([a for a, _, _, _ in pairs], kind="query")
    vb = embedder.encode([b for _, b, _, _ in pairs], kind="query")
    scores = (va * vb).sum(axis=1)
    results = []
    for (fa, fb), score in zip(facts, scores, strict=True):
        rel = relate(fa, fb, float(score), model_id=embedder.model_id)
        results.append(Comparison(
            round(float(score), 4), rel.relation, list(rel.reasons),
            p_same=rel.p_same, p_conflicting=rel.p_conflicting, p_related=rel.p_related,
        ))  # fmt: skip
    return results


#: Weight of the cosine beside P(same) in the ranking of ``similar``: it decides between
#: near-equal probabilities (0.946 vs 0.943 for a translation and a same-language copy),
#: never against a clear difference. 0.05 and 0.1 gave the same figures on the crossarticle
#: corpora as P(same) alone, 0.2 a lower R@5 on morocco (dev).
COSINE_WEIGHT = 0.1
#: Taken off the key of a candidate the relation step finally labels ``related`` or
#: ``unrelated``: the value evidence overrode the model ("figures count different things",
#: "no figure in common"), so its P(same) overstates it. 0.2-0.4 gave the same figures on
#: derna (train), 0.1-0.15 a lower R@5; 0.3 is the middle of that range.
NOT_SAME_PENALTY = 0.3


def _rank_key(r: SimilarClaim) -> float:
    """The learned P(same) (the model's two stages together: same fact, then the same
    values) plus a tenth of the cosine, less :data:`NOT_SAME_PENALTY` for a candidate
    labelled neither ``same`` nor ``conflicting``. Ranking by P(same fact) (P(same) +
    P(conflicting)) put claims of other facts with other figures first: on the crossarticle
    corpora, en -> ar, R@1 derna (train) 0.57 -> 0.64 and R@5 0.90 -> 0.91; morocco (dev)
    0.49 -> 0.60, R@5 0.76 -> 0.82. Conflicting variants still rank by how likely they are
    the same claim. With the rules (no probabilities), the cosine alone."""
    key = (0.0 if r.p_same is None else r.p_same) + COSINE_WEIGHT * r.score
    if r.p_same is not None and r.relation in ("related", "unrelated"):
        key -= NOT_SAME_PENALTY
    return key


class ClaimSearcher:
    """Similar-claim search over one store and model; load once, query many times."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        *,
        keep_rows: bool = False,
    ) -> None:
        """``keep_rows`` reads every current claim row once and answers from memory (no
        database session per query): for a long-lived searcher (``claimtrack serve``)
        that is rebuilt whenever the database changes."""
        from claimtrack.api.vectors import corpus_index

        self.store = store
        self.embedder = embedder
        self.languages = tuple(languages)
        self.index = corpus_index(store, "claims", embedder.model_id, embedder.dimension)
        self._retriever: ClaimRetriever | None = None
        with store.session() as session:
            self.unembedded = int(
                session.query("claims_unembedded_count", {"model_id": embedder.model_id})[
                    "missing"
                ][0]
            )
        if len(self.index) == 0:
            raise NothingEmbeddedError(
                f"none of the {self.unembedded} claim text(s) is embedded with "
                f"{embedder.model_id} yet; run 'claimtrack embed' first"
                if self.unembedded
                else "there are no claims to search yet; run 'claimtrack extract', then "
                "'claimtrack embed'"
            )
        self._rows_of: dict[str, list[dict[str, Any]]] | None = None
        if keep_rows:
            self._rows_of = {}
            for row in self._query_rows(list(self.index.ids), SearchFilters()):
                self._rows_of.setdefault(row["text_key"], []).append(row)

    def for_text(
        self,
        text: str,
        *,
        language: str | None = None,
        top_k: int = 10,
        min_score: float | None = None,
        filters: SearchFilters | None = None,
    ) -> list[SimilarClaim]:
        facts = text_facts(text, language, self.languages)
        vector = self.embedder.encode([text], kind="query")[0]
        return self._search(vector, facts, top_k, min_score, filters or SearchFilters(), exclude=())

    def for_texts(
        self,
        texts: Sequence[str],
        *,
        top_k: int = 10,
        min_score: float | None = None,
        filters: SearchFilters | None = None,
    ) -> list[list[SimilarClaim]]:
        matrix = self.embedder.encode(list(texts), kind="query")
        return [
            self._search(
                vector,
                text_facts(text, None, self.languages),
                top_k,
                min_score,
                filters or SearchFilters(),
                exclude=(),
            )
            for text, vector in zip(texts, matrix, strict=True)
        ]

    def for_claim(
        self,
        claim_id: str,
        *,
        top_k: int = 10,
        min_score: float | None = None,
        filters: SearchFilters | None = None,
        keep_unrelated: bool = False,
    ) -> list[SimilarClaim]:
        """Claims similar to a stored claim; ``keep_unrelated`` also returns the nearest
        ones the relation step calls ``unrelated`` (a panel hides and counts them)."""
        with self.store.session() as session:
            row = get_claim_row(session, claim_id)
            stored = vector_rows.vectors_for_keys(
                session, [row["text_key"]], self.embedder.model_id
            )
        vector = stored.get(row["text_key"])
        if vector is None:
            vector = self.embedder.encode([row["text"]], kind="query")[0]
        return self._search(
            vector,
            row_facts(row),
            top_k,
            min_score,
            filters or SearchFilters(),
            exclude=(claim_id,),
            keep_unrelated=keep_unrelated,
        )

    def _search(
        self,
        vector: Any,
        facts: ClaimFacts,
        top_k: int,
        min_score: float | None,
        filters: SearchFilters,
        exclude: Iterable[str],
        keep_unrelated: bool = False,
    ) -> list[SimilarClaim]:
        from claimtrack.embedding.relation import relate

        allowed = self._allowed_keys(filters) if filters.active else None
        # Several claims can share a text (syndicated copies): over-fetch, then cut.
        want = max(top_k * 3, top_k + 5)
        found = self.retriever.candidates(vector, [facts.text], want, allowed=allowed)[0]
        score_of = {c.text_key: c.dense_score for c in found if c.dense_score is not None}
        if not score_of:
            return []
        rows = self._claim_rows(list(score_of), filters)
        skip = set(exclude)
        results = []
        for row in rows:
            if row["claim_id"] in skip:
                continue
            score = score_of[row["text_key"]]
            if min_score is not None and score < min_score:
                continue
            rel = relate(facts, row_facts(row), score, model_id=self.embedder.model_id)
            if rel.relation == "unrelated" and not keep_unrelated:
                continue
            results.append(SimilarClaim(
                claim_id=row["claim_id"], score=round(score, 4), relation=rel.relation,
                reasons=list(rel.reasons), text=row["text"], language=row["language"],
                article_id=row["article_id"], source=row["source"], published=row["published"],
                p_same=rel.p_same, p_conflicting=rel.p_conflicting, p_related=rel.p_related,
            ))  # fmt: skip
        # The learned model re-ranks (see _rank_key).
        results.sort(key=lambda r: (-_rank_key(r), -r.score, r.claim_id))
        return _one_per_sentence(results)[:top_k]

    @property
    def retriever(self) -> ClaimRetriever:
        """Dense + BM25 candidates (issue 10): names and figures found by words as well as
        by meaning; the lexical index is loaded (and brought up to date) on first use."""
        if self._retriever is None:
            from claimtrack.api.retrieval import ClaimRetriever

            self._retriever = ClaimRetriever(self.store, self.embedder, vector_index=self.index)
        return self._retriever

    def _query_rows(self, text_keys: list[str], filters: SearchFilters) -> list[dict[str, Any]]:
        with self.store.session() as session:
            frame = session.query(
                "claims_by_text_keys", {"text_keys": text_keys, **filters.params()}
            )
        return list(frame.iter_rows(named=True))

    def _claim_rows(self, text_keys: list[str], filters: SearchFilters) -> list[dict[str, Any]]:
        """Current claims whose text is one of ``text_keys``, after ``filters``."""
        if self._rows_of is None:
            return self._query_rows(text_keys, filters)
        return [row for key in text_keys for row in self._rows_of.get(key, ())
                if _passes(row, filters)]  # fmt: skip

    def _allowed_keys(self, filters: SearchFilters) -> set[str]:
        if self._rows_of is None:
            with self.store.session() as session:
                keys = session.query("claim_text_keys_filtered", filters.params())
            return set(keys["text_key"].to_list())
        return {key for key, rows in self._rows_of.items()
                if any(_passes(row, filters) for row in rows)}  # fmt: skip


def _one_per_sentence(results: list[SimilarClaim]) -> list[SimilarClaim]:
    """The first of the results that repeat one text within one article (a headline that
    opens the body again): the same words in the same article say nothing new, and the
    copy would take a slot of the top k. Copies in other articles stay: they are the
    point of the search."""
    seen: set[tuple[str, str]] = set()
    out = []
    for r in results:
        key = (r.article_id, r.text)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _passes(row: dict[str, Any], filters: SearchFilters) -> bool:
    """The filters of the ``claims_by_text_keys`` query, on a row held in memory."""
    return (
        (filters.language is None or row["language"] == filters.language)
        and (filters.source is None or row["source"] == filters.source)
        and (filters.since is None or (row["published"] is not None
                                       and row["published"] >= filters.since))
    )  # fmt: skip
