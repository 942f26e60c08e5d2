"""verdict, note, evidence, assign, queue, link, unlink, history, undo.

A thin layer over :mod:`claimtrack.api.workflow` (the TUI calls the same functions).
Every change is appended to the claim's audit log; nothing is edited in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import emit, format_option, say
from claimtrack.cli.params import Count
from claimtrack.errors import InvalidInputError

F = TypeVar("F", bound=Callable[..., Any])
QUEUE_COLUMNS = ["claim_id", "checkable", "checkworthiness", "status", "assigned_to",
                 "suggested_status", "suggested_factcheck", "published", "source", "language",
                 "claim_type", "text", "analyst", "status_at", "group_id"]  # fmt: skip
QUEUE_TABLE = ["claim_id", "checkworthiness", "status", "assigned_to", "suggested_status",
               "published", "text"]  # fmt: skip
HISTORY_TABLE = ["event_at", "analyst", "action", "change", "note", "evidence_url", "undone"]


def analyst_option(func: F) -> F:
    return click.option(
        "--analyst",
        default=None,
        metavar="NAME",
        help="Who is making the change (default: config 'analyst' / $CLAIMTRACK_ANALYST, "
        "else the OS user).",
    )(func)


def _who(obj: CliContext, analyst: str | None) -> str:
    return analyst or obj.config.analyst_name


def _vocab(obj: CliContext) -> Any:
    from claimtrack.api.workflow import vocabulary

    return vocabulary(obj.config.statuses)


def _check_status(obj: CliContext, status: str | None, param: str) -> None:
    """An unknown status is a usage error (exit 2) listing the valid keys."""
    if status is None:
        return
    try:
        _vocab(obj).get(status)
    except InvalidInputError as error:
        raise click.BadParameter(str(error), param_hint=param) from None


@click.command()
@click.argument("claim_id")
@click.argument("status", required=False)
@click.option("--note", default=None, help="A note recorded with the verdict.")
@click.option(
    "--evidence",
    "evidence",
    multiple=True,
    metavar="URL",
    help="Evidence URL (http/https; repeatable; stored, never fetched).",
)
@click.option(
    "--group",
    "group",
    is_flag=True,
    help="Apply to every claim of the claim's group (one event per claim).",
)
@click.option(
    "--from-factcheck",
    "factcheck_id",
    default=None,
    metavar="ID",
    help="Confirm a suggested earlier fact-check (its status unless STATUS is given).",
)
@analyst_option
@pass_ctx
def verdict(
    obj: CliContext,
    claim_id: str,
    status: str | None,
    note: str | None,
    evidence: tuple[str, ...],
    group: bool,
    factcheck_id: str | None,
    analyst: str | None,
) -> None:
    """Set a claim's verification STATUS (see the status vocabulary in the config)."""
    from claimtrack.api.workflow import set_verdict

    if status is None and factcheck_id is None:
        keys = ", ".join(_vocab(obj).keys())
        raise click.UsageError(f"missing STATUS (one of: {keys}) or --from-factcheck ID")
    _check_status(obj, status, "STATUS")
    events = set_verdict(obj.store(create=True), claim_id, status, analyst=_who(obj, analyst),
                         note=note, evidence=evidence, group=group, factcheck_id=factcheck_id,
                         vocab=_vocab(obj))  # fmt: skip
    verdicts = [e for e in events if e.action == "verdict"]
    if not events:
        say(f"{claim_id}: already {status or 'so'}; nothing recorded.")
    for event in verdicts:
        say(f"{event.claim_id}: {event.from_status} -> {event.to_status} ({event.analyst})")
    if any(e.action == "note" for e in events):
        click.echo("Note recorded (the status was already so).")
    attached = sum(e.action == "evidence" for e in events)
    if attached:
        click.echo(f"{attached} evidence link(s) recorded.")


@click.command()
@click.argument("claim_id")
@click.argument("text")
@analyst_option
@pass_ctx
def note(obj: CliContext, claim_id: str, text: str, analyst: str | None) -> None:
    """Add a note to a claim."""
    from claimtrack.api.workflow import add_note

    event = add_note(obj.store(create=True), claim_id, text, analyst=_who(obj, analyst))
    say(f"{event.claim_id}: note recorded ({event.analyst}).")


@click.command()
@click.argument("claim_id")
@click.argument("url")
@click.option("--title", default=None, help="A short title for the evidence.")
@analyst_option
@pass_ctx
def evidence(
    obj: CliContext, claim_id: str, url: str, title: str | None, analyst: str | None
) -> None:
    """Attach an evidence URL (http/https only; stored as text, never fetched)."""
    from claimtrack.api.workflow import add_evidence

    try:
        event = add_evidence(obj.store(create=True), claim_id, url, analyst=_who(obj, analyst),
                             title=title)  # fmt: skip
    except InvalidInputError as error:
        if "URL" in str(error):
            raise click.BadParameter(str(error), param_hint="URL") from None
        raise
    say(f"{event.claim_id}: evidence recorded ({event.analyst}).")


@click.command()
@click.argument("claim_id")
@click.option(
    "--to",
    "to",
    required=True,
    metavar="NAME",
    help="The analyst to assign the claim to ('' unassigns).",
)
@analyst_option
@pass_ctx
def assign(obj: CliContext, claim_id: str, to: str, analyst: str | None) -> None:
    """Assign a claim to an analyst."""
    from claimtrack.api.workflow import assign as assign_claim

    event = assign_claim(obj.store(create=True), claim_id, to, analyst=_who(obj, analyst))
    if event is None:
        say(f"{claim_id}: already assigned to {to.strip() or 'nobody'}; nothing recorded.")
        return
    target = event.assigned_to or "nobody"
    say(f"{event.claim_id}: assigned to {target} ({event.analyst}).")


@click.command()
@click.option("--analyst", default=None, metavar="NAME", help="Only claims assigned to NAME.")
@click.option(
    "--status",
    default=None,
    help="Only claims in this status (default: the open ones: unreviewed, in review).",
)
@click.option("--limit", type=Count(), default=10_000)
@format_option()
@pass_ctx
def queue(obj: CliContext, analyst: str | None, status: str | None, limit: int, fmt: str) -> None:
    """Claims to review: checkable first (values, ordinals, places), then most check-worthy."""
    from claimtrack.api.workflow import queue as review_queue

    _check_status(obj, status, "--status")
    frame = review_queue(obj.store(), analyst=analyst, status=status, vocab=_vocab(obj),
                         limit=limit)  # fmt: skip
    if fmt == "table":
        emit(frame, fmt, columns=QUEUE_TABLE, title="Review queue")
    else:
        emit(frame, fmt, columns=[c for c in QUEUE_COLUMNS if c in frame.columns])


@click.command()
@click.argument("claim_a")
@click.argument("claim_b")
@click.option(
    "--relation",
    type=click.Choice(["same", "related", "conflicting"]),
    required=True,
    help="How the two claims relate.",
)
@click.option("--note", default=None, help="Why.")
@analyst_option
@pass_ctx
def link(
    obj: CliContext,
    claim_a: str,
    claim_b: str,
    relation: str,
    note: str | None,
    analyst: str | None,
) -> None:
    """Link two claims (clustering never overrides an analyst's link)."""
    from claimtrack.api.links import link as link_claims

    event = link_claims(obj.store(create=True), claim_a, claim_b, relation,
                        analyst=_who(obj, analyst), note=note)  # fmt: skip
    where = f"; both in group {event.group_id}" if event.group_id else ""
    if not event.recorded:
        say(f"{event.claim_a} and {event.claim_b} are already linked as {relation}; "
            "nothing recorded.")  # fmt: skip
        return
    say(f"Linked {event.claim_a} and {event.claim_b} as {relation}{where}.")


@click.command()
@click.argument("claim_a")
@click.argument("claim_b")
@click.option("--note", default=None, help="Why.")
@analyst_option
@pass_ctx
def unlink(
    obj: CliContext, claim_a: str, claim_b: str, note: str | None, analyst: str | None
) -> None:
    """Record that two claims are not the same (clustering must keep them apart)."""
    from claimtrack.api.links import unlink as unlink_claims

    event = unlink_claims(obj.store(create=True), claim_a, claim_b, analyst=_who(obj, analyst),
                          note=note)  # fmt: skip
    if not event.recorded:
        say(f"{event.claim_a} and {event.claim_b} are already unlinked; nothing recorded.")
        return
    say(f"Unlinked {event.claim_a} and {event.claim_b}.")


@click.command()
@click.argument("claim_id")
@format_option()
@pass_ctx
def history(obj: CliContext, claim_id: str, fmt: str) -> None:
    """Every change to a claim: who, when, what (from -> to), note, evidence."""
    from claimtrack.api.workflow import HISTORY_COLUMNS
    from claimtrack.api.workflow import history as claim_history

    frame = claim_history(obj.store(), claim_id)
    columns = HISTORY_TABLE if fmt == "table" else HISTORY_COLUMNS
    emit(frame, fmt, columns=columns, title=f"History of {claim_id}")


@click.command()
@click.argument("claim_id")
@analyst_option
@pass_ctx
def undo(obj: CliContext, claim_id: str, analyst: str | None) -> None:
    """Revert the claim's last change (recorded as a new 'undo' event)."""
    from claimtrack.api.workflow import undo as undo_last

    events = undo_last(obj.store(create=True), claim_id, analyst=_who(obj, analyst))
    for event in events:
        if hasattr(event, "claim_a"):  # a link or unlink, undone
            now = {"link": f"linked as {event.relation}", "unlink": "unlinked"}.get(
                event.action, "no link decision"
            )
            pair = f"{event.claim_a} / {event.claim_b}"
            say(f"{claim_id}: undone: link event {event.undoes_event_id} ({pair}: {now})")
        elif event.to_status is not None:
            say(f"{claim_id}: undone: status {event.from_status} -> {event.to_status}")
        else:
            say(f"{claim_id}: undone: event {event.undoes_event_id}")


COMMANDS = [verdict, note, evidence, assign, queue, link, unlink, history, undo]
