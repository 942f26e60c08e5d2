"""The verification workflow: the one API the CLI and the TUI call to record analysts' work.

Every change is a new row in the append-only ``claim_events`` log (or ``claim_links`` for
links); the current status, assignee, notes and evidence are derived from it. Undo is a
new ``undo`` event pointing at the event it reverts (``undoes_event_id``).

Decisions worth knowing:

* One command is one *batch* (``batch_id``): ``verdict --note --evidence A --evidence B``
  writes a verdict event (carrying the note) and one evidence event per URL; ``--group``
  does that for every claim of the group. ``undo CLAIM`` reverts the claim's last change
  *and* the rest of that claim's events in the same batch (one undo event each); it never
  touches other claims of the batch.
* Undoing a verdict restores the status before it (the undo's ``to_status``); undone
  notes and evidence drop out of the derived state but stay in ``history``.
* Evidence must be an http(s) URL; it is stored as text, never fetched or opened.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polars as pl

from claimtrack.errors import InvalidInputError, InvalidValueError, NotFoundError
from claimtrack.models import MAX_ROWS
from claimtrack.review.statuses import Vocabulary, load_vocabulary
from claimtrack.store import Store
from claimtrack.store import factchecks as factcheck_rows
from claimtrack.store import workflow as rows
from claimtrack.store.db import Session

MAX_NOTE_CHARS = 20_000
MAX_URL_CHARS = 2_048


@dataclass(frozen=True, slots=True)
class Event:
    """One row of the audit log, as written."""

    event_id: str
    claim_id: str
    event_at: datetime
    analyst: str
    action: str
    from_status: str | None = None
    to_status: str | None = None
    note: str | None = None
    evidence_url: str | None = None
    evidence_title: str | None = None
    assigned_to: str | None = None
    undoes_event_id: str | None = None
    batch_id: str | None = None
    factcheck_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimState:
    """A claim's current verification state, derived from its events."""

    claim_id: str
    status: str
    analyst: str | None
    status_at: datetime | None
    assigned_to: str | None
    notes: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


@lru_cache(maxsize=8)
def vocabulary(path: Path | None = None) -> Vocabulary:
    """The desk's status vocabulary (``config.statuses``), else the packaged default."""
    return load_vocabulary(path)


# ----------------------------------------------------------------------- validation
def check_analyst(name: str) -> str:
    """The analyst's name, stripped; an empty name is an error saying how to set one."""
    name = (name or "").strip()
    if not name:
        raise InvalidValueError(
            "analyst name is empty; pass --analyst NAME or set analyst in config"
        )
    return name


def _text(value: str, what: str) -> str:
    if not value or not value.strip():
        raise InvalidValueError(f"{what} is empty")
    if len(value) > MAX_NOTE_CHARS:
        raise InvalidValueError(f"{what} is {len(value)} characters; the limit is {MAX_NOTE_CHARS}")
    return value


def validate_evidence_url(url: str) -> str:
    """Accept an absolute http(s) URL with a host; anything else is an InvalidInputError.

    The URL is only stored: claimtrack never fetches or opens it.
    """
    candidate = (url or "").strip()
    bad = f"evidence must be an http:// or https:// URL, got {url!r}"
    if not candidate or len(candidate) > MAX_URL_CHARS:
        raise InvalidValueError(
            bad if candidate else "evidence URL is empty (want http:// or https://)"
        )
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in candidate):
        raise InvalidValueError(f"{bad} (it contains spaces or control characters)")
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        raise InvalidValueError(bad) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise InvalidValueError(bad)
    return candidate


def _event(claim_id: str, analyst: str, action: str, at: datetime, **values: Any) -> Event:
    return Event(uuid.uuid4().hex, claim_id, at, analyst, action, **values)


def _record(session: Session, events: list[Event]) -> list[Event]:
    rows.append_events(session, [_as_row(e) for e in events])
    return events


def _as_row(event: Event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in rows.EVENT_SCHEMA}


def _stamp(session: Session, claim_id: str) -> datetime:
    return rows.next_event_at(session, claim_id, datetime.now(UTC))


# -------------------------------------------------------------------------- writers
def set_verdict(
    store: Store,
    claim_id: str,
    status: str | None,
    *,
    analyst: str,
    note: str | None = None,
    evidence: Sequence[str] = (),
    group: bool = False,
    factcheck_id: str | None = None,
    vocab: Vocabulary | None = None,
) -> list[Event]:
    """Set a claim's status (and every group member's with ``group``), one event per claim.

    Returns the events written: none for a claim already in ``status`` (see
    :func:`_verdict_events`), so repeating a verdict changes nothing.

    ``factcheck_id`` confirms a suggested fact-check: its status is used when ``status``
    is None, its URL is added as evidence, and the event records the fact-check id.
    """
    analyst = check_analyst(analyst)
    vocab = vocab or vocabulary()
    urls = [validate_evidence_url(u) for u in evidence]
    note = _text(note, "note") if note is not None else None

    def write(session: Session) -> list[Event]:
        return _verdict_batch(session, claim_id, status, analyst, note, list(urls), group,
                              factcheck_id, vocab)  # fmt: skip

    return store.atomic(write, what="verdict")


def _verdict_batch(
    session: Session, claim_id: str, status: str | None, analyst: str, note: str | None,
    urls: list[str], group: bool, factcheck_id: str | None, vocab: Vocabulary,
) -> list[Event]:  # fmt: skip
    rows.require_claims(session, [claim_id])
    if factcheck_id is not None:
        library = factcheck_rows.get_factcheck(session, factcheck_id)
        status = status or library["status"]
        if library["url"] and library["url"] not in urls:
            # A malformed URL in someone's library is not the analyst's problem.
            with suppress(InvalidInputError):
                urls.append(validate_evidence_url(library["url"]))
    if status is None:
        raise InvalidValueError("give a STATUS or --from-factcheck ID")
    vocab.get(status)  # names the valid keys when unknown
    targets = [claim_id]
    if group:
        group_id = rows.group_of(session, claim_id)
        if group_id is None:
            raise InvalidInputError(
                f"claim {claim_id!r} is in no group; drop --group or link it first"
            )
        # The claim itself too, even when it is only a conflicting variant of the group.
        targets = list(dict.fromkeys([claim_id, *rows.group_claims(session, group_id)]))
    batch = uuid.uuid4().hex
    written: list[Event] = []
    for target in targets:
        written += _verdict_events(session, target, status, analyst, note, urls,
                                   factcheck_id, batch)  # fmt: skip
    return _record(session, written)


def _verdict_events(
    session: Session,
    claim_id: str,
    status: str,
    analyst: str,
    note: str | None,
    urls: Sequence[str],
    factcheck_id: str | None,
    batch: str,
) -> list[Event]:
    """The events one verdict adds to one claim -- none for what is already so.

    Repeating a verdict must not fill the audit log with "false -> false": an unchanged
    status (from the same fact-check, if any) writes no verdict event (a note given with it
    is kept as a note), and evidence already attached is not attached again.
    """
    at = _stamp(session, claim_id)
    current = rows.state(session, claim_id)
    events: list[Event] = []
    unchanged = current["status"] == status and (
        factcheck_id is None or current["factcheck_id"] == factcheck_id
    )
    if not unchanged:
        events.append(_event(claim_id, analyst, "verdict", at, from_status=current["status"],
                             to_status=status, note=note, batch_id=batch,
                             factcheck_id=factcheck_id))  # fmt: skip
    elif note is not None:
        events.append(_event(claim_id, analyst, "note", at, note=note, batch_id=batch))
    attached = set(rows.notes_and_evidence(session, claim_id)["evidence_url"].drop_nulls())
    for url in urls:
        if url not in attached:
            attached.add(url)
            at += rows.ONE_TICK
            events.append(_event(claim_id, analyst, "evidence", at, evidence_url=url,
                                 batch_id=batch))  # fmt: skip
    return events


def _append_one(store: Store, claim_id: str, analyst: str, action: str, **values: Any) -> Event:
    def write(session: Session) -> Event:
        rows.require_claims(session, [claim_id])
        event = _event(claim_id, analyst, action, _stamp(session, claim_id),
                       batch_id=uuid.uuid4().hex, **values)  # fmt: skip
        return _record(session, [event])[0]

    return store.atomic(write, what=action)


def add_note(store: Store, claim_id: str, text: str, *, analyst: str) -> Event:
    """Attach a note to a claim (kept literally; never interpreted as markup)."""
    return _append_one(store, claim_id, check_analyst(analyst), "note", note=_text(text, "note"))


def add_evidence(
    store: Store, claim_id: str, url: str, *, analyst: str, title: str | None = None
) -> Event:
    """Attach an evidence URL (http/https only; stored, never fetched)."""
    analyst, url = check_analyst(analyst), validate_evidence_url(url)
    title = _text(title, "evidence title") if title is not None else None
    return _append_one(store, claim_id, analyst, "evidence", evidence_url=url,
                       evidence_title=title)  # fmt: skip


def assign(store: Store, claim_id: str, to: str, *, analyst: str) -> Event | None:
    """Assign the claim to analyst ``to`` (an empty name unassigns it); ``None`` (and no
    event) when the claim is already assigned so."""
    analyst, to = check_analyst(analyst), to.strip()

    def write(session: Session) -> Event | None:
        rows.require_claims(session, [claim_id])
        if (rows.state(session, claim_id)["assigned_to"] or "") == to:
            return None
        event = _event(claim_id, analyst, "assign", _stamp(session, claim_id),
                       batch_id=uuid.uuid4().hex, assigned_to=to)  # fmt: skip
        return _record(session, [event])[0]

    # The check and the write see one snapshot (one transaction, retried on a conflict).
    return store.atomic(write, what="assign")


def undo(store: Store, claim_id: str, *, analyst: str) -> list[Any]:
    """Revert the claim's last change still in force (and the rest of its batch on this
    claim), each as a new ``undo`` event -- or, when the last change was a link or unlink
    of this claim (made from either of its claims), a ``claim_links`` row restoring the
    pair's state before it (a :class:`~claimtrack.api.links.LinkEvent`). NotFoundError
    when nothing is left to undo."""
    analyst = check_analyst(analyst)
    return store.atomic(lambda session: _undo_events(session, claim_id, analyst), what="undo")


def _undo_events(session: Session, claim_id: str, analyst: str) -> list[Any]:
    from claimtrack.api.links import undo_link_event, undoable_link

    rows.require_claims(session, [claim_id])
    live = rows.undoable(session, claim_id)
    pair = undoable_link(session, claim_id)
    if pair is not None and (live.is_empty() or pair["event_at"] > live["event_at"][0]):
        # The last change was an analyst's link or unlink, made from either claim.
        return [undo_link_event(session, pair, analyst=analyst)]
    if live.is_empty():
        raise NotFoundError(f"claim {claim_id!r} has no change left to undo")
    last = live.row(0, named=True)
    batch = live.filter(pl.col("batch_id") == last["batch_id"]) if last["batch_id"] else None
    targets = batch.to_dicts() if batch is not None else [last]
    at = _stamp(session, claim_id)
    written: list[Event] = []
    status = rows.state(session, claim_id)["status"]
    for offset, target in enumerate(targets):  # newest first, as the stack unwinds
        values: dict[str, Any] = {"undoes_event_id": target["event_id"]}
        if target["action"] == "verdict":
            values.update(from_status=status, to_status=target["from_status"])
            status = target["from_status"]
        elif target["action"] == "assign":
            values["assigned_to"] = _previous_assignee(live, target)
        written.append(_event(claim_id, analyst, "undo", at + offset * rows.ONE_TICK,
                              **values))  # fmt: skip
    return _record(session, written)


def _previous_assignee(live: pl.DataFrame, target: dict[str, Any]) -> str | None:
    earlier = live.filter(
        (pl.col("action") == "assign") & (pl.col("event_at") < target["event_at"])
    )
    return None if earlier.is_empty() else earlier["assigned_to"][0]


# ---------------------------------------------------------------------------- reads
def claim_state(store: Store, claim_id: str) -> ClaimState:
    """The claim's current status, assignee, notes and evidence (undone ones excluded)."""
    with store.session() as session:
        current = rows.state(session, claim_id)
        extra = rows.notes_and_evidence(session, claim_id)
    notes = [r for r in extra.to_dicts() if r["note"] is not None]
    evidence = [r for r in extra.to_dicts() if r["evidence_url"] is not None]
    return ClaimState(claim_id, current["status"], current["analyst"], current["status_at"],
                      current["assigned_to"], notes, evidence)  # fmt: skip


HISTORY_COLUMNS = ["event_at", "analyst", "action", "change", "note", "evidence_url",
                   "evidence_title", "undone", "event_id", "undoes_event_id", "batch_id",
                   "factcheck_id", "from_status", "to_status", "assigned_to"]  # fmt: skip


def history(store: Store, claim_id: str) -> pl.DataFrame:
    """Every change to a claim, oldest first: its events plus link/unlink events.

    ``change`` says what changed in words ("unreviewed -> true", "assigned to rana").
    """
    with store.session() as session:
        rows.require_claims(session, [claim_id])
        events = rows.events(session, claim_id)
        links = rows.links(session, claim_id)
    out = [{**e, "change": _change(e)} for e in events.to_dicts()]
    undone_links = {r["undoes_event_id"] for r in links.to_dicts() if r["undoes_event_id"]}
    for row in links.to_dicts():
        other = row["claim_b"] if row["claim_a"] == claim_id else row["claim_a"]
        state = {"link": f"{row['relation']} {other}", "unlink": f"unlinked {other}"}.get(
            row["action"], f"no link decision with {other}"
        )
        undo = row["undoes_event_id"] is not None
        out.append({"event_at": row["event_at"], "analyst": row["analyst"],
                    "action": "undo" if undo else row["action"],
                    "change": f"undo link (now {state})" if undo else state,
                    "note": row["note"], "undone": row["event_id"] in undone_links,
                    "event_id": row["event_id"],
                    "undoes_event_id": row["undoes_event_id"]})  # fmt: skip
    out.sort(key=lambda r: (r["event_at"], r["event_id"]))
    return pl.DataFrame([{c: r.get(c) for c in HISTORY_COLUMNS} for r in out],
                        schema=_HISTORY_SCHEMA)  # fmt: skip


_HISTORY_SCHEMA: dict[str, Any] = {c: pl.String for c in HISTORY_COLUMNS} | {
    "event_at": pl.Datetime("us", "UTC"), "undone": pl.Boolean}  # fmt: skip


def _change(event: dict[str, Any]) -> str:
    action = event["action"]
    if action == "verdict" or (action == "undo" and event["undoes_action"] == "verdict"):
        return f"{event['from_status']} -> {event['to_status']}"
    if action == "assign":
        return f"assigned to {event['assigned_to']}" if event["assigned_to"] else "unassigned"
    if action == "undo":
        what = event["undoes_action"] or "event"
        if what == "assign":
            who = event["assigned_to"]
            return f"undo assign (back to {who})" if who else "undo assign (unassigned)"
        return f"undo {what}"
    return ""


def queue(
    store: Store,
    *,
    analyst: str | None = None,
    status: str | None = None,
    vocab: Vocabulary | None = None,
    limit: int = 10_000,
) -> pl.DataFrame:
    """Claims to work on: checkable claims first, then most check-worthy, then most recent.

    Without ``status`` the queue holds the claims still open (a status that is not
    terminal in the vocabulary: unreviewed, in review); ``analyst`` keeps the claims
    assigned to that analyst.
    """
    vocab = vocab or vocabulary()
    if status is not None:
        vocab.get(status)
    with store.session() as session:
        frame = rows.queue(session, analyst=analyst, status=status, limit=10_000_000)
    if status is None:
        open_keys = [s.key for s in vocab.statuses if not s.is_terminal]
        frame = frame.filter(pl.col("status").is_in(open_keys))
    return frame.head(max(0, min(limit, MAX_ROWS)))
