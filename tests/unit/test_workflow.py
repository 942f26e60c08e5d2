"""The verification workflow: verdicts, notes, evidence, assignment, undo, links, queue.

Every test works on a copy of one database holding the seed article's extracted claims.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from claimtrack.api import links, workflow
from claimtrack.errors import InvalidInputError, NotFoundError
from claimtrack.store import Store


@pytest.fixture
def seeded(seeded_db: Path, db_path: Path) -> Store:
    shutil.copy(seeded_db, db_path)
    return Store(db_path)


def _claims(run_cli: Callable[..., Result]) -> list[dict]:
    result = run_cli("claims", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _ids(seeded: Store) -> list[str]:
    with seeded.session() as session:
        return session.sql("SELECT claim_id FROM claims ORDER BY claim_id")["claim_id"].to_list()


def _history(run_cli: Callable[..., Result], claim_id: str) -> list[dict]:
    result = run_cli("history", claim_id, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_verdict_set_changed_undone_leaves_three_events(
    seeded: Store, run_cli: Callable[..., Result]
) -> None:
    claim = _ids(seeded)[0]
    before = {c["claim_id"]: c for c in _claims(run_cli)}[claim]
    assert (before["status"], before["analyst"], before["status_at"]) == ("unreviewed", None, None)

    assert run_cli("verdict", claim, "true").exit_code == 0
    assert run_cli("verdict", claim, "false", "--analyst", "rana").exit_code == 0
    changed = {c["claim_id"]: c for c in _claims(run_cli)}[claim]
    assert (changed["status"], changed["analyst"]) == ("false", "rana")
    assert run_cli("undo", claim).exit_code == 0

    events = _history(run_cli, claim)
    assert [e["action"] for e in events] == ["verdict", "verdict", "undo"]
    assert [e["change"] for e in events] == ["unreviewed -> true", "true -> false", "false -> true"]
    assert [e["analyst"] for e in events] == ["tester", "rana", "tester"]
    assert events[1]["undone"] and events[2]["undoes_event_id"] == events[1]["event_id"]
    after = {c["claim_id"]: c for c in _claims(run_cli)}[claim]
    assert (after["status"], after["analyst"]) == ("true", "tester")
    assert after["status_at"] == events[2]["event_at"]


def test_unknown_status_is_a_usage_error_listing_valid_keys(
    seeded: Store, run_cli: Callable[..., Result]
) -> None:
    result = run_cli("verdict", _ids(seeded)[0], "probably")
    assert result.exit_code == 2
    assert "unknown status 'probably'" in result.output
    assert "mostly_false" in result.output and "not_a_claim" in result.output
    assert run_cli("queue", "--status", "nope").exit_code == 2


def test_desk_vocabulary_comes_from_config(
    seeded: Store, run_cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vocab = tmp_path / "statuses.toml"
    vocab.write_text(
        '[[status]]\nkey = "unreviewed"\nlabel = "New"\nis_verdict = false\n'
        '[[status]]\nkey = "satire"\nlabel = "Satire"\nlabel_ar = "ساخر"\nis_verdict = true\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CLAIMTRACK_STATUSES", str(vocab))
    claim = _ids(seeded)[0]
    assert run_cli("verdict", claim, "satire").exit_code == 0
    refused = run_cli("verdict", claim, "true")
    assert refused.exit_code == 2 and "unreviewed, satire" in refused.output


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "http://",
     "https://exa mple.org/", "example.org/page", "data:text/html,<b>x</b>", ""],
)  # fmt: skip
def test_evidence_must_be_http_url(seeded: Store, run_cli: Callable[..., Result], url: str) -> None:
    claim = _ids(seeded)[0]
    result = run_cli("evidence", claim, url)
    assert result.exit_code == 2
    assert "http" in result.output
    with pytest.raises(InvalidInputError):
        workflow.set_verdict(seeded, claim, "true", analyst="a", evidence=[url])
    assert _history(run_cli, claim) == []


def test_every_command_names_a_missing_claim(seeded: Store, run_cli: Callable[..., Result]) -> None:
    real = _ids(seeded)[0]
    for args in (
        ["verdict", "nope1", "true"], ["note", "nope1", "x"],
        ["evidence", "nope1", "https://example.org"], ["assign", "nope1", "--to", "x"],
        ["history", "nope1"], ["undo", "nope1"], ["link", real, "nope1", "--relation", "same"],
        ["unlink", "nope1", real],
    ):  # fmt: skip
        result = run_cli(*args)
        assert result.exit_code == 1, args
        assert "no claim with id 'nope1'" in result.output, args


def test_full_workflow(seeded: Store, run_cli: Callable[..., Result]) -> None:
    a, b, c = _ids(seeded)[:3]
    assert run_cli("verdict", a, "in_review", "--note", "checking the date",
                   "--evidence", "https://example.org/one",
                   "--evidence", "http://example.org/two").exit_code == 0  # fmt: skip
    assert run_cli("note", a, "called the ministry").exit_code == 0
    assert run_cli("evidence", a, "https://example.org/three", "--title", "Ministry").exit_code == 0
    assert run_cli("assign", a, "--to", "sami").exit_code == 0
    assert run_cli("assign", a, "--to", "huda").exit_code == 0

    state = workflow.claim_state(seeded, a)
    assert (state.status, state.assigned_to) == ("in_review", "huda")
    assert [n["note"] for n in state.notes] == ["checking the date", "called the ministry"]
    assert [e["evidence_url"] for e in state.evidence] == [
        "https://example.org/one", "http://example.org/two", "https://example.org/three",
    ]  # fmt: skip

    mine = json.loads(run_cli("queue", "--analyst", "huda", "--format", "json").stdout)
    assert [row["claim_id"] for row in mine] == [a]
    open_queue = json.loads(run_cli("queue", "--format", "json").stdout)
    # Checkable claims first (values, ordinals, places), each tier by check-worthiness.
    order = [(not row["checkable"], -row["checkworthiness"]) for row in open_queue]
    assert order == sorted(order) and len(open_queue) == len(_ids(seeded))

    # Link a and b as the same claim: one group; a verdict on the group reaches both.
    assert run_cli("link", a, b, "--relation", "same").exit_code == 0
    assert run_cli("link", a, c, "--relation", "conflicting").exit_code == 0
    assert run_cli("verdict", a, "false", "--group").exit_code == 0
    statuses = {row["claim_id"]: row["status"] for row in _claims(run_cli)}
    assert (statuses[a], statuses[b], statuses[c]) == ("false", "false", "unreviewed")
    group_events = [e for e in _history(run_cli, a) + _history(run_cli, b) if e["change"]
                    and e["action"] == "verdict" and e["to_status"] == "false"]  # fmt: skip
    assert len(group_events) == 2 and len({e["batch_id"] for e in group_events}) == 1
    done = json.loads(run_cli("queue", "--status", "false", "--format", "json").stdout)
    assert {row["claim_id"] for row in done} == {a, b}

    # Undo on a reverts a's part of the group verdict only.
    assert run_cli("undo", a).exit_code == 0
    statuses = {row["claim_id"]: row["status"] for row in _claims(run_cli)}
    assert (statuses[a], statuses[b]) == ("in_review", "false")
    # Then the links made with a, newest first: they are changes of a too.
    assert run_cli("undo", a).exit_code == 0  # conflicting with c
    assert run_cli("undo", a).exit_code == 0  # same as b: b leaves the group
    with seeded.session() as session:
        assert session.query("links_current_for_claim", {"claim_id": a}).is_empty()
        assert session.sql("SELECT claim_id FROM group_members")["claim_id"].to_list() == [
            min(a, b)
        ]
    # Next undo: the assignment to huda (back to sami), then sami, then the evidence...
    assert run_cli("undo", a).exit_code == 0
    assert workflow.claim_state(seeded, a).assigned_to == "sami"
    assert run_cli("undo", a).exit_code == 0
    assert workflow.claim_state(seeded, a).assigned_to is None
    assert run_cli("undo", a).exit_code == 0  # evidence three
    assert run_cli("undo", a).exit_code == 0  # the note
    state = workflow.claim_state(seeded, a)
    assert [n["note"] for n in state.notes] == ["checking the date"]
    assert len(state.evidence) == 2
    # The first verdict came with a note and two evidence links: one batch, one undo.
    assert run_cli("undo", a).exit_code == 0
    state = workflow.claim_state(seeded, a)
    assert (state.status, state.notes, state.evidence) == ("unreviewed", [], [])
    nothing = run_cli("undo", a)
    assert nothing.exit_code == 1 and "no change left to undo" in nothing.output

    # Unlinking takes b out of the group; the link events stay in both histories.
    assert run_cli("unlink", b, a).exit_code == 0
    with seeded.session() as session:
        members = session.sql("SELECT claim_id FROM group_members")["claim_id"].to_list()
        links = session.sql("SELECT claim_a, claim_b, action FROM claim_links").rows()
    assert set(members) == {min(a, b)}
    assert all(pair_a < pair_b for pair_a, pair_b, _ in links)
    actions = [e["action"] for e in _history(run_cli, b)]
    assert actions.count("link") == 1 and actions.count("unlink") == 1


def test_verdict_group_needs_a_group(seeded: Store, run_cli: Callable[..., Result]) -> None:
    result = run_cli("verdict", _ids(seeded)[0], "true", "--group")
    assert result.exit_code == 1 and "in no group" in result.output


def test_analyst_identity_precedence(
    seeded: Store, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = _ids(seeded)[0]
    run_cli("note", claim, "from env")
    run_cli("note", claim, "from flag", "--analyst", "rana")
    monkeypatch.delenv("CLAIMTRACK_ANALYST")
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    run_cli("note", claim, "from os")
    assert [e["analyst"] for e in _history(run_cli, claim)] == ["tester", "rana", "os-user"]


HOSTILE = "[red]x[/red] <script>alert('x')</script>\n\u202eevil'); DROP TABLE claims; --"


def test_hostile_note_stays_literal(
    seeded: Store, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # no wrapping inside the note cell
    claim = _ids(seeded)[0]
    assert run_cli("note", claim, HOSTILE).exit_code == 0
    assert run_cli("verdict", claim, "true", "--note", HOSTILE).exit_code == 0
    events = _history(run_cli, claim)
    assert [e["note"] for e in events] == [HOSTILE, HOSTILE]
    table = run_cli("history", claim).stdout
    assert "[red]x[/red]" in table  # printed as text, never parsed as Rich markup
    with seeded.session() as session:
        assert session.scalar("SELECT count(*) FROM claims") == len(_ids(seeded))


def test_api_errors(seeded: Store) -> None:
    a, b = _ids(seeded)[:2]
    with pytest.raises(NotFoundError, match="'zzz'"):
        workflow.add_note(seeded, "zzz", "x", analyst="a")
    with pytest.raises(InvalidInputError, match="empty"):
        workflow.add_note(seeded, a, "   ", analyst="a")
    with pytest.raises(InvalidInputError, match="itself"):
        links.link(seeded, a, a, "same", analyst="a")
    with pytest.raises(InvalidInputError, match="unknown relation"):
        links.link(seeded, a, b, "cousins", analyst="a")
    with pytest.raises(InvalidInputError, match="valid statuses"):
        workflow.set_verdict(seeded, a, "maybe", analyst="a")
