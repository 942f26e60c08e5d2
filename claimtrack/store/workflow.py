"""The analysts' audit log and claim links: append-only rows, derived current state.

``claim_events`` and ``claim_links`` only ever receive INSERTs here; the current status,
assignee, notes and evidence are computed by the views of migration 0005. The only rows
this module changes in place are ``group_members`` (the *current* grouping, which the
cluster step also rewrites); the links that explain them stay in ``claim_links``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from claimtrack.errors import NotFoundError
from claimtrack.store.db import Session

EVENT_SCHEMA: dict[str, Any] = {
    "event_id": pl.String, "claim_id": pl.String, "event_at": pl.Datetime("us", "UTC"),
    "analyst": pl.String, "action": pl.String, "from_status": pl.String,
    "to_status": pl.String, "note": pl.String, "evidence_url": pl.String,
    "evidence_title": pl.String, "assigned_to": pl.String, "undoes_event_id": pl.String,
    "batch_id": pl.String, "factcheck_id": pl.String,
}  # fmt: skip
ONE_TICK = timedelta(microseconds=1)


def require_claims(session: Session, claim_ids: Sequence[str]) -> None:
    """Raise ``NotFoundError`` naming every id that is not a stored claim."""
    wanted = list(dict.fromkeys(claim_ids))
    found = set(session.query("workflow_claims_exist", {"claim_ids": wanted})["claim_id"])
    missing = [c for c in wanted if c not in found]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise NotFoundError(
            f"no claim with id {names}; list claim ids with 'claimtrack claims' or "
            "'claimtrack queue'"
        )


def next_event_at(session: Session, claim_id: str, now: datetime) -> datetime:
    """``now``, or one microsecond after the claim's latest event if the clock has not
    moved past it: events of one claim must have distinct, increasing times so that
    "the latest event" is well defined."""
    last = session.query("events_last_at", {"claim_id": claim_id})["last_at"][0]
    if last is not None and last >= now:
        return last + ONE_TICK
    return now


def append_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT events (never update): each row has the keys of :data:`EVENT_SCHEMA`."""
    if not rows:
        return
    frame = pl.DataFrame([{k: row.get(k) for k in EVENT_SCHEMA} for row in rows],
                         schema=EVENT_SCHEMA)  # fmt: skip
    session.insert_frame("claim_events", frame)


def events(session: Session, claim_id: str) -> pl.DataFrame:
    return session.query("events_for_claim", {"claim_id": claim_id})


def undoable(session: Session, claim_id: str) -> pl.DataFrame:
    return session.query("events_undoable", {"claim_id": claim_id})


def state(session: Session, claim_id: str) -> dict[str, Any]:
    frame = session.query("workflow_claim_state", {"claim_id": claim_id})
    if frame.is_empty():
        raise NotFoundError(f"no claim with id {claim_id!r}")
    return frame.row(0, named=True)


def notes_and_evidence(session: Session, claim_id: str) -> pl.DataFrame:
    return session.query("workflow_claim_annotations", {"claim_id": claim_id})


def queue(session: Session, *, analyst: str | None, status: str | None, limit: int) -> pl.DataFrame:
    return session.query("queue_list", {"analyst": analyst, "status": status, "limit": limit})


def group_of(session: Session, claim_id: str) -> str | None:
    frame = session.query("workflow_group_of", {"claim_id": claim_id})
    return None if frame.is_empty() else str(frame["group_id"][0])


def group_claims(session: Session, group_id: str) -> list[str]:
    return session.query("workflow_group_claims", {"group_id": group_id})["claim_id"].to_list()


def insert_link(session: Session, row: dict[str, Any]) -> None:
    """Append one link/unlink event (``claim_a < claim_b`` is the caller's job)."""
    session.execute("links_insert", row)


def links(session: Session, claim_id: str) -> pl.DataFrame:
    return session.query("links_for_claim", {"claim_id": claim_id})


def create_group(session: Session, group_id: str, *, now: datetime, run_id: str) -> None:
    session.execute("links_group_create", {"group_id": group_id, "now": now, "run_id": run_id})


def set_membership(
    session: Session, claim_id: str, group_id: str, *, reason: str, now: datetime, run_id: str
) -> None:
    session.lock_keys("group_members")
    session.execute(
        "links_membership_set",
        {"claim_id": claim_id, "group_id": group_id, "reason": reason, "now": now,
         "run_id": run_id},
    )  # fmt: skip


def remove_membership(session: Session, claim_id: str, group_id: str) -> None:
    session.execute("links_membership_remove", {"claim_id": claim_id, "group_id": group_id})
