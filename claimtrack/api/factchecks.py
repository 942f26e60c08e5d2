"""The library of earlier fact-checks: import, search, and suggested verdicts for claims.

A fact-check shares ``text_vectors`` with claims (same model, same ``text_key`` scheme),
so a claim and a fact-check with the same folded text embed once; its title is embedded
too. Search is hybrid (dense + BM25 over claim, title, summary and body, fused, then a
learned re-ranker: :mod:`claimtrack.api.factcheck_search`), then each hit is labelled
with the relation step
(same / conflicting / related / unrelated) so that "since 2019" is not confirmed by a
fact-check about "since 2011". Suggestions are only suggestions: an analyst confirms one
with ``verdict CLAIM --from-factcheck ID``; nothing sets a verdict silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.errors import IngestError, InvalidValueError
from claimtrack.store import Store
from claimtrack.store import factchecks as library
from claimtrack.store import vectors as vector_rows
from claimtrack.store import workflow as workflow_rows
from claimtrack.store.runs import finish_run, start_run

if TYPE_CHECKING:
    from claimtrack.api.factcheck_search import LibrarySearcher, RankedFactcheck
    from claimtrack.embedding.model import Embedder
    from claimtrack.embedding.relation import ClaimFacts
    from claimtrack.review.factcheck_import import FactCheck
    from claimtrack.review.statuses import Vocabulary

DEFAULT_LANGUAGES = ("ar", "en")


@dataclass(slots=True)
class ImportReport:
    run_id: str
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    errors: list[IngestError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. an id another publisher uses
    #: Records kept with a remark, e.g. ``file#row 3: date 'soon' kept as text: ...``.
    warnings: list[str] = field(default_factory=list)
    embedded: int = 0
    model_id: str | None = None


@dataclass(frozen=True, slots=True)
class FactcheckHit:
    """One library entry found for a query text; ``score`` is the re-ranker's relevance."""

    factcheck_id: str
    score: float
    relation: str | None  # None when the caller skipped the relation step
    claim: str
    rating: str | None
    status: str
    url: str | None
    publisher: str | None
    date: date | None
    language: str | None
    reasons: tuple[str, ...] = ()
    similarity: float = 0.0  # cosine of the best-matching field (what ``relation`` used)
    title: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class SuggestReport:
    model_id: str
    claims: int
    suggestions: int
    by_status: dict[str, int]


# --------------------------------------------------------------------------- import
def factcheck_row(record: FactCheck, run_id: str, vocab: Vocabulary | None = None) -> dict:
    """The ``factchecks`` row of one record (folded text, text key, mapping rule)."""
    from claimtrack.pipeline.normalize import match_key
    from claimtrack.review.ratings import map_rating
    from claimtrack.store.claims import text_key_for

    key = match_key(record.claim)
    title_key = match_key(record.title) if record.title else ""
    rule = "none"
    if record.rating is not None:
        status, rule = map_rating(record.rating, vocab)
        if status != record.status:  # decided by the numeric ratingValue instead
            rule = "rating_value"
    return {
        "factcheck_id": record.factcheck_id, "claim": record.claim, "match_key": key,
        "text_key": text_key_for(key), "rating": record.rating, "status": record.status,
        "rating_rule": rule, "url": record.url, "publisher": record.publisher,
        "published": record.date, "language": record.language, "title": record.title,
        "claimant": record.claimant, "origin": record.origin, "run_id": run_id,
        "imported_at": None, "summary": record.summary, "body": record.body,
        "title_key": text_key_for(title_key) if title_key and title_key != key else None,
        "date_text": record.date_text,
    }  # fmt: skip


def save_library(
    store: Store,
    records: Sequence[FactCheck],
    *,
    run_id: str,
    vocab: Vocabulary | None = None,
    notes: list[str] | None = None,
) -> library.SaveCounts:
    """Upsert fact-check records by ``factcheck_id`` (re-importing is a no-op).

    An id another publisher already uses (stored, or earlier in ``records``) is stored as
    ``id@publisher`` and never overwrites that publisher's fact-check; each such renaming
    is appended to ``notes``.
    """
    from datetime import UTC, datetime

    from claimtrack.review.factcheck_import import resolve_ids

    now = datetime.now(UTC)
    with store.session() as session:
        owners = library.publishers_of(session, [r.factcheck_id for r in records])
        resolved, renamed = resolve_ids(records, owners)
        if notes is not None:
            notes.extend(f"{origin}: {what}" for origin, what in renamed)
        rows = [{**factcheck_row(r, run_id, vocab), "imported_at": now} for r in resolved]
        return library.save_factchecks(session, rows)


def import_factchecks(
    store: Store,
    paths: Sequence[Path],
    *,
    publisher: str | None = None,
    format: str = "auto",
    vocab: Vocabulary | None = None,
    embed: bool = True,
    model: str | None = None,
    embedder: Embedder | None = None,
) -> ImportReport:
    """Read fact-check files, store the good records, embed their texts.

    Bad records come back in ``report.errors`` (``file#row N: reason``); the rest are kept.
    """
    from claimtrack.review.factcheck_import import read_factchecks

    store.ensure_ready(create=True)
    with store.session() as session:
        run_id = start_run(session, "factcheck-import", "claimtrack-factchecks", "1",
                           {"files": [str(p) for p in paths], "publisher": publisher})  # fmt: skip
    report = ImportReport(run_id)
    records: list[FactCheck] = []
    for path in paths:
        found, errors = read_factchecks(Path(path), format=format, publisher=publisher,
                                        vocabulary=vocab)  # fmt: skip
        report.errors.extend(errors)
        records.extend(found)
    for record in records:
        if record.date_warning is not None:
            where, _, row = record.origin.rpartition("#")
            report.warnings.append(f"{where}#row {row}: {record.date_warning}")
    report.read = len(records)
    report.by_status = dict(Counter(r.status for r in records).most_common())
    # The first file wins for an id of the same publisher; another publisher's record
    # with the same id is stored as id@publisher (save_library).
    counts = save_library(store, records, run_id=run_id, vocab=vocab, notes=report.notes)
    report.added, report.updated, report.unchanged = counts.added, counts.updated, counts.unchanged
    if embed and records:
        from claimtrack.api.vectors import embed_missing

        done = embed_missing(store, "factchecks", model=model, embedder=embedder)
        report.embedded, report.model_id = done.embedded, done.model_id
    with store.session() as session:
        finish_run(session, run_id, "partial" if report.errors else "ok",
                   {"read": report.read, "added": report.added, "updated": report.updated,
                    "failed": len(report.errors), "embedded": report.embedded})  # fmt: skip
    return report


def status_counts(store: Store) -> dict[str, int]:
    """How many library fact-checks there are per status."""
    with store.session() as session:
        return library.status_counts(session)


# --------------------------------------------------------------------------- search
def _facts(text: str, language: str | None, cache: dict[tuple[str, str], ClaimFacts]) -> Any:
    from claimtrack.embedding.relation import ClaimFacts
    from claimtrack.pipeline.extract import analyse_text

    lang = language or _language(text)
    key = (text, lang)
    if key not in cache:
        cache[key] = ClaimFacts.from_analysis(text, lang, analyse_text(text, lang))
    return cache[key]


def _language(text: str, languages: Sequence[str] = DEFAULT_LANGUAGES) -> str:
    from claimtrack.pipeline.ingest.language import detect_language

    return detect_language(text, tuple(languages))[0]


def library_searcher(store: Store, embedder: Embedder) -> LibrarySearcher:
    """The library's hybrid searcher (embeds new fact-checks, syncs the lexical index)."""
    from claimtrack.api.factcheck_search import LibrarySearcher

    return LibrarySearcher(store, embedder)


def _hits(
    store: Store,
    queries: Sequence[tuple[Any, ClaimFacts | None]],
    found: list[list[RankedFactcheck]],
    model_id: str,
    relations: bool,
) -> list[list[FactcheckHit]]:
    from claimtrack.embedding.relation import relate

    ids = [hit.factcheck_id for hits in found for hit in hits]
    with store.session() as session:
        frame = library.by_ids(session, ids)
    by_id = {row["factcheck_id"]: row for row in frame.iter_rows(named=True)}
    cache: dict[tuple[str, str], ClaimFacts] = {}
    out: list[list[FactcheckHit]] = []
    for (_, facts), hits in zip(queries, found, strict=True):
        results = []
        for hit in hits:
            row = by_id.get(hit.factcheck_id)
            if row is None:  # removed by another process since the search
                continue
            relation: str | None = None
            reasons: tuple[str, ...] = ()
            if relations and facts is not None:
                # The relation step is calibrated on cosine similarity, not on the
                # re-ranker's relevance: it gets the cosine of the best-matching field.
                # Hand-set rules, not the learned pair model: that model was judged on
                # claim <-> claim pairs; on the demo's claim <-> fact-check hits it called
                # 7 of 7 unrelated top hits (cosine 0.38-0.5) `same`, and a `same` hit
                # becomes a suggested verdict.
                other = _facts(row["claim"], row["language"], cache)
                label = relate(facts, other, hit.cosine, model_id=model_id, learned=False)
                relation, reasons = label.relation, tuple(label.reasons)
            results.append(FactcheckHit(
                row["factcheck_id"], round(hit.relevance, 4), relation, row["claim"],
                row["rating"], row["status"], row["url"], row["publisher"],
                row["published"], row["language"], reasons, round(hit.cosine, 4),
                row["title"]))  # fmt: skip
        out.append(results)
    return out


def search_texts(
    store: Store,
    texts: Sequence[str],
    *,
    top_k: int = 5,
    model: str | None = None,
    embedder: Embedder | None = None,
    relations: bool = True,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    searcher: LibrarySearcher | None = None,
    dates: Sequence[date | None] | None = None,
) -> list[list[FactcheckHit]]:
    """The library's best fact-checks for each text (model and indexes loaded once).

    Hybrid search (dense + BM25 over every text field, fused, re-ranked; see
    :mod:`claimtrack.api.factcheck_search`). ``relations=False`` skips the relation
    labels (faster for evaluation). ``dates`` (one per text, None where unknown) say when
    each text was published: fact-checks published near it are searched as well. An
    empty (or blank) text is an :class:`InvalidValueError`: it would match at random.
    """
    from claimtrack.api.vectors import load_embedder

    blank = [number for number, text in enumerate(texts, start=1) if not text.strip()]
    if blank:
        where = "" if len(texts) == 1 else f" (query {blank[0]})"
        raise InvalidValueError(f"the text to search for is empty{where}")
    store.ensure_ready(create=True)
    if searcher is None:
        embedder = embedder or load_embedder(model)
        searcher = library_searcher(store, embedder)
    if not texts or not len(searcher):  # an empty library finds nothing (and is no error)
        found: list[list[RankedFactcheck]] = [[] for _ in texts]
    else:
        found = searcher.rank(texts, top_k=top_k, dates=dates)
    cache: dict[tuple[str, str], ClaimFacts] = {}
    queries = [(t, _facts(t, _language(t, languages), cache) if relations else None)
               for t in texts]  # fmt: skip
    return _hits(store, queries, found, searcher.embedder.model_id, relations)


def search_claims(
    store: Store,
    claim_ids: Sequence[str],
    *,
    top_k: int = 5,
    model: str | None = None,
    embedder: Embedder | None = None,
    searcher: LibrarySearcher | None = None,
) -> list[list[FactcheckHit]]:
    """The library's best fact-checks for stored claims (their extracted values decide
    same vs conflicting); the model and the indexes are loaded once for all of them."""
    from claimtrack.api.matching import row_facts
    from claimtrack.api.vectors import load_embedder
    from claimtrack.store.claims import get_claim_row

    store.ensure_ready(create=True)
    with store.session() as session:
        rows = [get_claim_row(session, claim_id) for claim_id in claim_ids]
    if searcher is None:
        embedder = embedder or load_embedder(model)
        searcher = library_searcher(store, embedder)
    found: list[list[RankedFactcheck]] = [[] for _ in rows]
    if rows and len(searcher):
        # The article's date: fact-checks published near it are searched as well.
        found = searcher.rank([r["text"] for r in rows], top_k=top_k,
                              dates=[r.get("published") for r in rows])  # fmt: skip
    queries = [(r["claim_id"], row_facts(r)) for r in rows]
    return _hits(store, queries, found, searcher.embedder.model_id, True)


def search_claim(
    store: Store,
    claim_id: str,
    *,
    top_k: int = 5,
    model: str | None = None,
    embedder: Embedder | None = None,
) -> list[FactcheckHit]:
    """:func:`search_claims` for one claim."""
    return search_claims(store, [claim_id], top_k=top_k, model=model, embedder=embedder)[0]


def suggest(
    store: Store,
    *,
    model: str | None = None,
    embedder: Embedder | None = None,
    top_k: int = 5,
) -> SuggestReport:
    """Compare every current claim with the library; store a suggestion for each
    fact-check the relation step calls the *same* claim (similarity above the model's
    "same" threshold with no conflicting value, place, speaker or negation)."""
    from claimtrack.api.matching import row_facts
    from claimtrack.api.vectors import embed_missing, load_embedder

    store.ensure_ready(create=True)
    embedder = embedder or load_embedder(model)
    embed_missing(store, "claims", embedder=embedder)
    searcher = library_searcher(store, embedder)
    with store.session() as session:
        claims = library.suggestion_candidates(session, embedder.model_id)
        vectors = vector_rows.vectors_for_keys(session, claims["text_key"].unique().to_list(),
                                               embedder.model_id)  # fmt: skip
        run_id = start_run(session, "factcheck-suggest", embedder.model_id, "1",
                           {"claims": claims.height, "top_k": top_k})  # fmt: skip
    rows = claims.to_dicts()
    found: list[list[RankedFactcheck]] = [[] for _ in rows]
    if rows and len(searcher):
        import numpy as np

        matrix = np.stack([vectors[r["text_key"]] for r in rows])
        found = searcher.rank([r["text"] for r in rows], matrix, top_k=top_k,
                              dates=[r["published"] for r in rows])  # fmt: skip
    hits = _hits(store, [(r["claim_id"], row_facts(r)) for r in rows], found,
                 embedder.model_id, True)  # fmt: skip
    suggestions = [
        {"claim_id": r["claim_id"], "factcheck_id": h.factcheck_id,
         "model_id": embedder.model_id, "score": h.score, "relation": h.relation,
         "reasons": list(h.reasons), "suggested_status": h.status, "run_id": run_id}
        for r, found_hits in zip(rows, hits, strict=True) for h in found_hits
        if h.relation == "same"
    ]  # fmt: skip
    with store.session() as session:
        library.replace_suggestions(session, embedder.model_id, suggestions)
        finish_run(session, run_id, "ok", {"claims": len(rows), "suggestions": len(suggestions)})
    by_status = Counter(s["suggested_status"] for s in suggestions)
    return SuggestReport(embedder.model_id, len(rows), len(suggestions), dict(by_status))


def suggestions_for_claim(store: Store, claim_id: str) -> list[dict[str, Any]]:
    """The stored suggestions of one claim, best first."""
    with store.session() as session:
        workflow_rows.require_claims(session, [claim_id])
        return library.suggestions_for_claim(session, claim_id).to_dicts()
