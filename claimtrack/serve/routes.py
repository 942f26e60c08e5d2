"""The endpoints: each validates its input, calls :mod:`claimtrack.api` and returns the
fields the CLI's ``--format json`` prints for the same command.

Handlers are plain functions: FastAPI runs them in its thread pool, and the service's
store lock keeps their database sessions one at a time.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from claimtrack.api.auth import client_analyst
from claimtrack.errors import InvalidInputError
from claimtrack.models import MAX_ROWS
from claimtrack.serve.schemas import (
    CompareRequest,
    EvidenceRequest,
    FactcheckSearchRequest,
    IngestRequest,
    NoteRequest,
    SimilarRequest,
    VerdictRequest,
)
from claimtrack.serve.service import Service

ClaimIdPath = Annotated[str, Path(min_length=1, max_length=200)]
#: Rows ``GET /claims`` returns unless ``limit`` says otherwise (a page, not the database).
DEFAULT_CLAIMS_LIMIT = 1_000


def _rows(frame: Any, columns: list[str]) -> list[dict[str, Any]]:
    return [{c: row.get(c) for c in columns} for row in frame.to_dicts()]


def _event(event: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(event)


def read_router(service: Service) -> APIRouter:
    """Searches and reads: nothing here writes to the database."""
    from claimtrack.cli.claims import CLAIM_COLUMNS, EXTRA_COLUMNS, decode_json_columns
    from claimtrack.cli.factchecks import hit_rows
    from claimtrack.cli.matching import SIMILAR_COLUMNS

    router = APIRouter()
    store = service.store

    @router.post("/similar", tags=["matching"])
    def similar(body: SimilarRequest) -> list[dict[str, Any]]:
        """Claims similar to a text or a stored claim (as ``claimtrack similar``)."""
        from claimtrack.api.matching import SearchFilters

        searcher = service.claim_searcher()
        filters = SearchFilters(language=body.lang, source=body.source, since=body.since)
        if body.claim_id is not None:
            found = searcher.for_claim(
                body.claim_id, top_k=body.top_k, min_score=body.min_score, filters=filters
            )
        else:
            assert body.text is not None
            found = searcher.for_text(
                body.text, top_k=body.top_k, min_score=body.min_score, filters=filters
            )
        return [{c: r.as_dict()[c] for c in SIMILAR_COLUMNS} for r in found]

    @router.post("/compare", tags=["matching"])
    def compare(body: CompareRequest) -> dict[str, Any]:
        """Score and label two texts: ``{score, relation, reasons}`` (as ``claimtrack compare``)."""
        from claimtrack.api.matching import compare_pairs

        (result,) = compare_pairs([(body.a, body.b, body.lang_a, body.lang_b)],
                                  embedder=service.embedder(),
                                  languages=service.config.languages)  # fmt: skip
        return result.as_dict()

    @router.post("/factchecks/search", tags=["matching"])
    def factchecks_search(body: FactcheckSearchRequest) -> list[dict[str, Any]]:
        """Earlier fact-checks of a text or a stored claim (as ``claimtrack factchecks search``)."""
        from claimtrack.api.factchecks import search_claims, search_texts

        searcher = service.library_searcher()
        if body.claim_id is not None:
            (hits,) = search_claims(store, [body.claim_id], top_k=body.top_k,
                                    embedder=searcher.embedder, searcher=searcher)  # fmt: skip
        else:
            assert body.text is not None
            (hits,) = search_texts(store, [body.text], top_k=body.top_k, searcher=searcher,
                                   languages=service.config.languages)  # fmt: skip
        return hit_rows(hits)

    @router.get("/claims", tags=["claims"])
    def claims(
        article: str | None = None,
        type: str | None = None,  # the CLI's --type
        lang: str | None = None,
        min_checkworthiness: Annotated[float | None, Query(ge=0, le=1)] = None,
        include_stale: bool = False,
        limit: Annotated[int, Query(ge=1, le=MAX_ROWS)] = DEFAULT_CLAIMS_LIMIT,
    ) -> list[dict[str, Any]]:
        """Extracted claims, filtered as ``claimtrack claims`` filters them."""
        from claimtrack.api.claims import list_claims

        frame = list_claims(store, article_id=article, claim_type=type, language=lang,
                            min_checkworthiness=min_checkworthiness,
                            include_stale=include_stale, limit=limit)  # fmt: skip
        columns = [c for c in CLAIM_COLUMNS + EXTRA_COLUMNS if c in frame.columns]
        return [{c: row[c] for c in columns} for row in decode_json_columns(frame.to_dicts())]

    @router.get("/claims/{claim_id}", tags=["claims"])
    def claim(claim_id: ClaimIdPath) -> dict[str, Any]:
        """One claim with its verification state and its history (oldest first, as
        ``claimtrack history``)."""
        from claimtrack.api.review_view import claim_detail
        from claimtrack.api.workflow import HISTORY_COLUMNS

        detail = claim_detail(store, claim_id)
        (fields,) = decode_json_columns([dict(detail.claim)])
        out = {c: fields[c] for c in CLAIM_COLUMNS if c in fields}
        state = detail.state
        out.update(status=state.status, analyst=state.analyst, status_at=state.status_at,
                   assigned_to=state.assigned_to, notes=state.notes, evidence=state.evidence,
                   group_id=(detail.group or {}).get("group_id"),
                   source=detail.article.source, published=detail.article.published,
                   suggestions=detail.suggestions,
                   history=_rows(detail.history, HISTORY_COLUMNS))  # fmt: skip
        return out

    @router.get("/stats", tags=["claims"])
    def stats(
        status: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        lang: str | None = None,
    ) -> dict[str, Any]:
        """Counts by status, type, language, source, analyst; verdicts per day
        (as ``claimtrack stats --format json``)."""
        from claimtrack.api.exports import ExportFilter, desk_stats, parse_statuses

        filters = ExportFilter(statuses=parse_statuses(status), since=since, until=until,
                               source=source, language=lang)  # fmt: skip
        return desk_stats(store, filters, vocabulary=service.vocab)

    return router


def write_router(service: Service) -> APIRouter:
    """Writes: the workflow API (each records its analyst) and ingest."""
    router = APIRouter()
    store = service.store

    def analyst(given: str | None) -> str:
        if not (given or "").strip() and not service.loopback:
            raise InvalidInputError('say who you are: add "analyst": "NAME" to the body')
        return client_analyst(given, default=service.config.analyst_name,
                              loopback=service.loopback)  # fmt: skip

    @router.post("/claims/{claim_id}/verdict", tags=["workflow"])
    def verdict(claim_id: ClaimIdPath, body: VerdictRequest) -> dict[str, Any]:
        """Set the claim's status (as ``claimtrack verdict``); ``events`` lists what was
        recorded (nothing when the claim already had that status)."""
        from claimtrack.api.workflow import set_verdict

        who = analyst(body.analyst)
        events = set_verdict(store, claim_id, body.status, analyst=who, note=body.note,
                             evidence=body.evidence, group=body.group,
                             factcheck_id=body.factcheck_id, vocab=service.vocab)  # fmt: skip
        return {"claim_id": claim_id, "events": [_event(e) for e in events]}

    @router.post("/claims/{claim_id}/note", tags=["workflow"])
    def note(claim_id: ClaimIdPath, body: NoteRequest) -> dict[str, Any]:
        """Add a note (as ``claimtrack note``)."""
        from claimtrack.api.workflow import add_note

        return _event(add_note(store, claim_id, body.text, analyst=analyst(body.analyst)))

    @router.post("/claims/{claim_id}/evidence", tags=["workflow"])
    def evidence(claim_id: ClaimIdPath, body: EvidenceRequest) -> dict[str, Any]:
        """Attach an evidence URL, stored as text and never fetched (as ``claimtrack evidence``)."""
        from claimtrack.api.workflow import add_evidence

        event = add_evidence(store, claim_id, body.url, analyst=analyst(body.analyst),
                             title=body.title)  # fmt: skip
        return _event(event)

    @router.post("/ingest", tags=["ingest"])
    def ingest(body: IngestRequest) -> dict[str, Any]:
        """Store one article, extract its claims and embed them, so that ``/similar``
        finds them at once."""
        from claimtrack.api.claims import extract, list_claims
        from claimtrack.api.ingest import ingest_text
        from claimtrack.api.vectors import embed_missing
        from claimtrack.models import ArticleInput
        from claimtrack.pipeline.ingest import IngestDefaults

        item = ArticleInput(text=body.text, origin="POST /ingest", title=body.title,
                            url=body.url, source=body.source, author=body.author,
                            published=body.published, language=body.lang)  # fmt: skip
        result = ingest_text(store, item, defaults=IngestDefaults(
            languages=service.config.languages))  # fmt: skip
        assert result.article_id is not None
        report = extract(store, article_ids=[result.article_id])
        embedded = embed_missing(store, "claims", embedder=service.embedder())
        service.forget_indexes()
        claim_ids = list_claims(store, article_id=result.article_id)["claim_id"].to_list()
        return {"article_id": result.article_id, "status": result.status,
                "message": result.message, "notes": list(result.notes),
                "claims": claim_ids, "embedded": embedded.embedded,
                "failed": [{"article_id": a, "message": m} for a, m in report.failed]}  # fmt: skip

    return router
