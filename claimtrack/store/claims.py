"""Claims: upsert by content id, flag (never delete) claims a re-extraction drops."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from claimtrack.errors import NotFoundError
from claimtrack.models import Claim, content_id
from claimtrack.store.db import Session

_UPDATE_COLUMNS = (
    "sentence_index", "char_start", "char_end", "text", "match_key", "text_key", "claim_type",
    "secondary_types", "speaker", "speaker_canonical", "quote_mode", "entities", "values",
    "checkworthiness", "negated", "language", "extra", "extractor_version", "run_id",
    "extracted_at", "context_start", "context_end", "checkable",
)  # fmt: skip

_SCHEMA: dict[str, Any] = {
    "claim_id": pl.String, "article_id": pl.String, "sentence_index": pl.Int32,
    "char_start": pl.Int32, "char_end": pl.Int32, "text": pl.String, "match_key": pl.String,
    "text_key": pl.String,
    "claim_type": pl.String, "secondary_types": pl.List(pl.String), "speaker": pl.String,
    "speaker_canonical": pl.String, "quote_mode": pl.String, "entities": pl.String,
    "values": pl.String, "checkworthiness": pl.Float64, "negated": pl.Boolean,
    "language": pl.String, "extra": pl.String, "extractor_version": pl.String,
    "run_id": pl.String, "first_extracted_at": pl.Datetime("us", "UTC"),
    "extracted_at": pl.Datetime("us", "UTC"),
    "context_start": pl.Int32, "context_end": pl.Int32, "checkable": pl.Boolean,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SaveResult:
    saved: int
    newly_stale: int


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def text_key_for(match_key: str) -> str:
    """Vectors are stored once per distinct folded text (syndicated copies share them)."""
    return content_id(match_key)


def claims_frame(claims: Sequence[Claim], match_keys: Sequence[str], run_id: str) -> pl.DataFrame:
    now = datetime.now(UTC)
    rows = [
        {
            "claim_id": c.claim_id, "article_id": c.article_id,
            "sentence_index": c.sentence_index, "char_start": c.char_start,
            "char_end": c.char_end, "text": c.text, "match_key": key, "text_key": text_key_for(key),
            "claim_type": c.claim_type, "secondary_types": list(c.secondary_types),
            "speaker": c.speaker, "speaker_canonical": c.speaker_canonical,
            "quote_mode": c.quote_mode, "entities": _dumps(list(c.entities)),
            "values": _dumps(list(c.values)), "checkworthiness": float(c.checkworthiness),
            "negated": bool(c.negated), "language": c.language, "extra": _dumps(c.extra),
            "extractor_version": c.extractor_version, "run_id": run_id,
            "first_extracted_at": now, "extracted_at": now,
            "context_start": c.context_start, "context_end": c.context_end,
            "checkable": bool(c.checkable),
        }
        for c, key in zip(claims, match_keys, strict=True)
    ]  # fmt: skip
    return pl.DataFrame(rows, schema=_SCHEMA)


def save_claims(
    session: Session,
    article_id: str,
    frame: pl.DataFrame,
    *,
    run_id: str,
    extractor_version: str,
) -> SaveResult:
    """Upsert one article's claims and flag the ones this extraction no longer produces."""

    def write(session: Session) -> SaveResult:
        upsert_claims(session, frame)
        stale = finish_articles(session, [(article_id, frame.height)], run_id=run_id,
                                extractor_version=extractor_version)  # fmt: skip
        return SaveResult(saved=frame.height, newly_stale=stale[article_id])

    return session.atomic(write, what=f"save claims of {article_id}")


def upsert_claims(session: Session, frame: pl.DataFrame) -> None:
    """Insert or update claims by id (``run_id`` records which run produced them last)."""
    # A sentence can yield the same span twice only through an extractor bug; keep one.
    frame = frame.unique(subset="claim_id", keep="first", maintain_order=True)
    session.upsert("claims", frame, ["claim_id"], update=_UPDATE_COLUMNS,
                   also={"stale": "false", "stale_since": "NULL"})  # fmt: skip


def finish_articles(
    session: Session,
    articles: Sequence[tuple[str, int]],
    *,
    run_id: str,
    extractor_version: str,
) -> dict[str, int]:
    """After every claim of these ``(article_id, claims found)`` was upserted by ``run_id``:
    flag the articles' other claims stale and record the extraction. Returns the newly
    stale count per article. Set-based: the cost depends on the batch, not on the size of
    the claims table (a per-article ``list_contains`` of kept ids was quadratic).
    Call it in the transaction that upserted the claims."""
    if not articles:
        return {}
    now = datetime.now(UTC)
    batch = pl.DataFrame(
        {
            "article_id": [a for a, _ in articles],
            "extractor_version": [extractor_version] * len(articles),
            "run_id": [run_id] * len(articles),
            "extracted_at": [now] * len(articles),
            "claims": [n for _, n in articles],
        },
        schema={"article_id": pl.String, "extractor_version": pl.String, "run_id": pl.String,
                "extracted_at": pl.Datetime("us", "UTC"), "claims": pl.Int32},
    )  # fmt: skip
    params = {"article_ids": batch["article_id"].to_list(), "run_id": run_id, "now": now}
    if session.dialect == "ducklake":  # no UPDATE ... RETURNING on DuckLake (1.5.5)
        marked = session.query(
            "claims_going_stale", {k: params[k] for k in ("article_ids", "run_id")}
        )
        session.execute("claims_mark_stale", params)
    else:
        marked = session.query("claims_mark_stale", params)
    session.upsert("article_extractions", batch, ["article_id", "extractor_version"],
                   update=["run_id", "extracted_at", "claims"])  # fmt: skip
    counts = dict.fromkeys(batch["article_id"].to_list(), 0)
    if marked.height:
        for article_id, count in marked["article_id"].value_counts().iter_rows():
            counts[article_id] = int(count)
    return counts


def articles_to_extract(session: Session, extractor_version: str) -> list[str]:
    frame = session.query("articles_for_extraction", {"extractor_version": extractor_version})
    return frame["article_id"].to_list() if frame.height else []


def list_claims(
    session: Session,
    *,
    article_id: str | None = None,
    claim_type: str | None = None,
    language: str | None = None,
    min_checkworthiness: float | None = None,
    include_stale: bool = False,
    limit: int = 10_000_000,
) -> pl.DataFrame:
    return session.query(
        "claims_list",
        {"article_id": article_id, "claim_type": claim_type, "language": language,
         "min_checkworthiness": min_checkworthiness, "include_stale": include_stale,
         "limit": limit},
    )  # fmt: skip


def get_claim_row(session: Session, claim_id: str) -> dict[str, Any]:
    frame = session.query("claim_get", {"claim_id": claim_id})
    if frame.is_empty():
        raise NotFoundError(f"no claim with id {claim_id!r}")
    return frame.row(0, named=True)
