"""Analysts' links between claims: append-only ``claim_links`` events.

A ``same`` link also puts both claims in one group (``group_members``, method 'manual');
clustering reads the latest event per pair and never undoes it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from claimtrack.api.workflow import check_analyst
from claimtrack.errors import InvalidValueError
from claimtrack.store import Store
from claimtrack.store import workflow as rows

LINK_RELATIONS = ("same", "related", "conflicting")


@dataclass(frozen=True, slots=True)
class LinkEvent:
    event_id: str
    claim_a: str
    claim_b: str
    action: str
    relation: str | None
    analyst: str
    event_at: datetime
    group_id: str | None = None  # the group both claims are in after a 'same' link


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
    the other claim moves; its former group keeps its other members.
    """
    analyst = check_analyst(analyst)
    if relation not in LINK_RELATIONS:
        raise InvalidValueError(f"unknown relation {relation!r}; use {', '.join(LINK_RELATIONS)}")
    a, b = _pair(claim_a, claim_b)
    now = datetime.now(UTC)
    event_id = uuid.uuid4().hex
    group_id = None
    with store.session() as session, session.transaction():
        rows.require_claims(session, [a, b])
        rows.insert_link(session, {"event_id": event_id, "claim_a": a, "claim_b": b,
                                   "action": "link", "relation": relation, "analyst": analyst,
                                   "now": now, "note": note})  # fmt: skip
        if relation == "same":
            group_id = rows.group_of(session, a) or rows.group_of(session, b)
            if group_id is None:
                group_id = uuid.uuid4().hex
                rows.create_group(session, group_id, now=now, run_id=event_id)
            reason = f"linked by {analyst}"
            for claim in (a, b):
                rows.set_membership(session, claim, group_id, reason=reason, now=now,
                                    run_id=event_id)  # fmt: skip
    return LinkEvent(event_id, a, b, "link", relation, analyst, now, group_id)


def unlink(
    store: Store, claim_a: str, claim_b: str, *, analyst: str, note: str | None = None
) -> LinkEvent:
    """Record that two claims are not linked. If they share a group, the second claim (by
    id) leaves it; the cluster step must respect this event and not re-merge them."""
    analyst = check_analyst(analyst)
    a, b = _pair(claim_a, claim_b)
    now = datetime.now(UTC)
    event_id = uuid.uuid4().hex
    with store.session() as session, session.transaction():
        rows.require_claims(session, [a, b])
        rows.insert_link(session, {"event_id": event_id, "claim_a": a, "claim_b": b,
                                   "action": "unlink", "relation": None, "analyst": analyst,
                                   "now": now, "note": note})  # fmt: skip
        group_a, group_b = rows.group_of(session, a), rows.group_of(session, b)
        if group_a is not None and group_a == group_b:
            rows.remove_membership(session, b, group_b)
    return LinkEvent(event_id, a, b, "unlink", None, analyst, now)


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
