"""Analysts' links between claims: append-only ``claim_links`` events.

A ``same`` link also puts both claims in one group (``group_members``, method 'manual');
clustering reads the latest event per pair and never undoes it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from claimtrack.api.workflow import check_analyst
from claimtrack.errors import InvalidValueError
from claimtrack.store import Store
from claimtrack.store import workflow as rows
from claimtrack.store.db import Session

LINK_RELATIONS = ("same", "related", "conflicting")


@dataclass(frozen=True, slots=True)
class LinkEvent:
    event_id: str
    claim_a: str
    claim_b: str
    action: str  # link | unlink | clear (an undo that restored "no decision")
    relation: str | None
    analyst: str
    event_at: datetime
    group_id: str | None = None  # the group both claims are in after a 'same' link
    recorded: bool = True  # False: the pair was already so, nothing was written
    undoes_event_id: str | None = None


def link(
    store: Store,
    claim_a: str,
    claim_b: str,
    relation: str,
    *,
    analyst: str,
    note: str | None = None,
) -> LinkEvent:
    """Record that two claims are the same/related/conflicting (a ``claim_links`` event).

    For ``same`` both claims also end up in one group (``group_members``, method
    'manual'): the group of the first claim (by id) that has one, else a new group. Only
    the other claim moves; its former group keeps its other members. When the pair is
    already linked so, nothing is written (``recorded=False``).
    """
    analyst = check_analyst(analyst)
    if relation not in LINK_RELATIONS:
        raise InvalidValueError(f"unknown relation {relation!r}; use {', '.join(LINK_RELATIONS)}")
    a, b = _pair(claim_a, claim_b)

    def write(session: Session) -> LinkEvent:
        rows.require_claims(session, [a, b])
        latest = _latest(session, a, b)
        if latest is not None and (latest["action"], latest["relation"]) == ("link", relation):
            return _unrecorded(latest, rows.group_of(session, a) if relation == "same" else None)
        return _write(session, a, b, "link", relation, analyst=analyst, note=note)

    return store.atomic(write, what="link")


def unlink(
    store: Store, claim_a: str, claim_b: str, *, analyst: str, note: str | None = None
) -> LinkEvent:
    """Record that two claims are not linked. If they share a group, the second claim (by
    id) leaves it; the cluster step must respect this event and not re-merge them. When
    the pair is already unlinked, nothing is written (``recorded=False``)."""
    analyst = check_analyst(analyst)
    a, b = _pair(claim_a, claim_b)

    def write(session: Session) -> LinkEvent:
        rows.require_claims(session, [a, b])
        latest = _latest(session, a, b)
        if latest is not None and latest["action"] == "unlink":
            return _unrecorded(latest, None)
        return _write(session, a, b, "unlink", None, analyst=analyst, note=note)

    return store.atomic(write, what="unlink")


def undoable_link(session: Session, claim_id: str) -> dict[str, Any] | None:
    """The claim's latest link/unlink event still in force (either side), or None."""
    frame = session.query("links_undoable", {"claim_id": claim_id})
    return None if frame.is_empty() else frame.row(0, named=True)


def undo_link_event(session: Session, event: dict[str, Any], *, analyst: str) -> LinkEvent:
    """Revert one link/unlink event: append a row restoring the pair's state before it
    (the event before it, or 'clear' = no decision) and fix the claims' group to match.
    Called by :func:`claimtrack.api.workflow.undo` inside its transaction."""
    a, b = event["claim_a"], event["claim_b"]
    history = session.query("links_pair_events", {"claim_a": a, "claim_b": b}).to_dicts()
    position = next(i for i, row in enumerate(history) if row["event_id"] == event["event_id"])
    before = history[position + 1] if position + 1 < len(history) else None
    action = before["action"] if before is not None else "clear"
    relation = before["relation"] if before is not None else None
    was_same = (event["action"], event["relation"]) == ("link", "same")
    return _write(session, a, b, action, relation, analyst=analyst,
                  note=f"undo of {event['action']} {event['event_id']}",
                  undoes=event["event_id"], separate=was_same)  # fmt: skip


def _latest(session: Session, a: str, b: str) -> dict[str, Any] | None:
    frame = session.query("links_pair_events", {"claim_a": a, "claim_b": b})
    return None if frame.is_empty() else frame.row(0, named=True)


def _unrecorded(latest: dict[str, Any], group_id: str | None) -> LinkEvent:
    return LinkEvent(latest["event_id"], latest["claim_a"], latest["claim_b"], latest["action"],
                     latest["relation"], latest["analyst"], latest["event_at"], group_id,
                     recorded=False)  # fmt: skip


def _write(
    session: Session,
    a: str,
    b: str,
    action: str,
    relation: str | None,
    *,
    analyst: str,
    note: str | None,
    undoes: str | None = None,
    separate: bool = False,
) -> LinkEvent:
    """Append one pair event and bring the claims' group membership in line with it:
    a 'same' link puts both in one group; an unlink (or ``separate``: undoing a 'same'
    link) takes the second claim out of a group the two share."""
    now = datetime.now(UTC)
    event_id = uuid.uuid4().hex
    rows.insert_link(session, {"event_id": event_id, "claim_a": a, "claim_b": b,
                               "action": action, "relation": relation, "analyst": analyst,
                               "now": now, "note": note, "undoes_event_id": undoes})  # fmt: skip
    group_id = None
    if action == "link" and relation == "same":
        group_id = rows.group_of(session, a) or rows.group_of(session, b)
        if group_id is None:
            group_id = uuid.uuid4().hex
            rows.create_group(session, group_id, now=now, run_id=event_id)
        reason = f"linked by {analyst}"
        for claim in (a, b):
            rows.set_membership(session, claim, group_id, reason=reason, now=now,
                                run_id=event_id)  # fmt: skip
    elif action == "unlink" or separate:
        group_a, group_b = rows.group_of(session, a), rows.group_of(session, b)
        if group_a is not None and group_a == group_b:
            rows.remove_membership(session, b, group_b)
    return LinkEvent(event_id, a, b, action, relation, analyst, now, group_id,
                     undoes_event_id=undoes)  # fmt: skip


def _pair(claim_a: str, claim_b: str) -> tuple[str, str]:
    if claim_a == claim_b:
        raise InvalidValueError("cannot link a claim to itself")
    return (claim_a, claim_b) if claim_a < claim_b else (claim_b, claim_a)


def current_links(store: Store, claim_id: str) -> pl.DataFrame:
    """The analysts' links in force for a claim: ``other_claim_id, relation, analyst,
    event_at`` (the latest event per pair wins; unlinked pairs are left out)."""
    with store.session() as session:
        rows.require_claims(session, [claim_id])
        return session.query("links_current_for_claim", {"claim_id": claim_id})
