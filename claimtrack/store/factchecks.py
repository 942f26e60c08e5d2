"""The library of earlier fact-checks and the verdicts it suggests for claims.

Fact-checks are keyed by ``factcheck_id``: re-importing a file inserts nothing new and
changes nothing that is unchanged; a record whose content changed (a corrected rating)
is updated in place -- the library is reference data, not the desk's audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from claimtrack.errors import NotFoundError
from claimtrack.store.db import Session

_CONTENT = ("claim", "rating", "status", "url", "publisher", "published", "language", "title",
            "claimant", "summary", "body", "date_text")  # fmt: skip
FACTCHECK_SCHEMA: dict[str, Any] = {
    "factcheck_id": pl.String, "claim": pl.String, "match_key": pl.String,
    "text_key": pl.String, "rating": pl.String, "status": pl.String,
    "rating_rule": pl.String, "url": pl.String, "publisher": pl.String,
    "published": pl.Date, "language": pl.String, "title": pl.String, "claimant": pl.String,
    "origin": pl.String, "run_id": pl.String, "imported_at": pl.Datetime("us", "UTC"),
    "summary": pl.String, "body": pl.String, "title_key": pl.String, "date_text": pl.String,
}  # fmt: skip
_UPDATE = ("claim", "match_key", "text_key", "rating", "status", "rating_rule", "url",
           "publisher", "published", "language", "title", "claimant", "origin", "run_id",
           "imported_at", "summary", "body", "title_key", "date_text")  # fmt: skip
SUGGESTION_SCHEMA: dict[str, Any] = {
    "claim_id": pl.String, "factcheck_id": pl.String, "model_id": pl.String,
    "score": pl.Float64, "relation": pl.String, "reasons": pl.List(pl.String),
    "suggested_status": pl.String, "run_id": pl.String,
    "created_at": pl.Datetime("us", "UTC"),
}  # fmt: skip
_SUGGESTION_KEY = ("claim_id", "factcheck_id", "model_id")
_SUGGESTION_UPDATE = ("score", "relation", "reasons", "suggested_status", "run_id", "created_at")


@dataclass(frozen=True, slots=True)
class SaveCounts:
    added: int
    updated: int
    unchanged: int


def save_factchecks(session: Session, rows: Sequence[dict[str, Any]]) -> SaveCounts:
    """Insert new fact-checks, update changed ones, leave identical ones alone."""
    if not rows:
        return SaveCounts(0, 0, 0)
    ids = [row["factcheck_id"] for row in rows]
    existing = {
        row["factcheck_id"]: row
        for row in session.query("factcheck_existing", {"factcheck_ids": ids}).iter_rows(named=True)
    }
    new = [row for row in rows if row["factcheck_id"] not in existing]
    changed = [
        row
        for row in rows
        if row["factcheck_id"] in existing
        and any(row.get(c) != existing[row["factcheck_id"]][c] for c in _CONTENT)
    ]

    def write(session: Session) -> None:
        if new:
            session.upsert("factchecks", _frame(new), ["factcheck_id"])
        if changed:
            session.upsert("factchecks", _frame(changed), ["factcheck_id"], update=_UPDATE)

    session.atomic(write, what="save fact-checks")
    return SaveCounts(len(new), len(changed), len(rows) - len(new) - len(changed))


def publishers_of(session: Session, factcheck_ids: Sequence[str]) -> dict[str, str | None]:
    """Stored fact-check id -> publisher, for the given ids that exist."""
    frame = session.query(
        "factcheck_existing", {"factcheck_ids": list(dict.fromkeys(factcheck_ids))}
    )
    return dict(zip(frame["factcheck_id"].to_list(), frame["publisher"].to_list(), strict=True))


def _frame(rows: Sequence[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame([{k: row.get(k) for k in FACTCHECK_SCHEMA} for row in rows],
                        schema=FACTCHECK_SCHEMA)  # fmt: skip


def by_text_keys(session: Session, text_keys: Sequence[str]) -> pl.DataFrame:
    return session.query("factcheck_by_text_keys", {"text_keys": list(dict.fromkeys(text_keys))})


def by_ids(session: Session, factcheck_ids: Sequence[str]) -> pl.DataFrame:
    """The fact-checks with these ids (every text field), in no particular order."""
    return session.query("factcheck_by_ids", {"factcheck_ids": list(dict.fromkeys(factcheck_ids))})


def get_factcheck(session: Session, factcheck_id: str) -> dict[str, Any]:
    frame = session.query("factcheck_get", {"factcheck_id": factcheck_id})
    if frame.is_empty():
        raise NotFoundError(
            f"no fact-check with id {factcheck_id!r}; see 'claimtrack factchecks search'"
        )
    return frame.row(0, named=True)


def status_counts(session: Session) -> dict[str, int]:
    frame = session.query("factcheck_status_counts")
    return dict(zip(frame["status"].to_list(), frame["factchecks"].to_list(), strict=True))


def suggestion_candidates(session: Session, model_id: str) -> pl.DataFrame:
    return session.query("factcheck_suggestion_claims", {"model_id": model_id})


def replace_suggestions(session: Session, model_id: str, rows: Sequence[dict[str, Any]]) -> None:
    """Replace the model's suggestions with ``rows`` (one transaction)."""
    now = datetime.now(UTC)
    frame = pl.DataFrame(
        [{**{k: row.get(k) for k in SUGGESTION_SCHEMA}, "created_at": now} for row in rows],
        schema=SUGGESTION_SCHEMA,
    )

    def write(session: Session) -> None:
        session.lock_keys("factcheck_suggestions")
        session.execute("factcheck_suggestions_clear", {"model_id": model_id})
        session.upsert("factcheck_suggestions", frame, _SUGGESTION_KEY, update=_SUGGESTION_UPDATE)

    session.atomic(write, what="save suggestions")


def suggestions_for_claim(session: Session, claim_id: str) -> pl.DataFrame:
    return session.query("factcheck_suggestions_for_claim", {"claim_id": claim_id})
