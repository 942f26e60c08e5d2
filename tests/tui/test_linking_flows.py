"""Pilot flows for linking similar claims, assigning, and confirming an earlier fact-check:
keys pressed in the claim view, state asserted through the workflow API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_support import SIZE, FakeSimilarity, screen_text, settle

from claimtrack.api.links import current_links
from claimtrack.api.workflow import claim_state, history
from claimtrack.store import Store
from claimtrack.tui.screens.claim import ClaimScreen
from claimtrack.tui.screens.dialogs import ChoicePrompt, TextPrompt, VerdictDialog
from claimtrack.tui.widgets.queue_table import QueueTable
from claimtrack.tui.widgets.similar_panel import AnalystLink, analyst_links


async def _open_first_claim(pilot: Any) -> str:
    await settle(pilot)
    claim_id = str(pilot.app.screen.query_one(QueueTable).current_claim)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClaimScreen) and pilot.app.screen.claim_id == claim_id
    return claim_id


def _hits(path: Path, claim_id: str) -> list[str]:
    """The similar claims the panel lists (the unrelated one is hidden)."""
    hits = FakeSimilarity(path).similar_claims(claim_id, 8)
    return [hit.claim_id for hit in hits if hit.relation != "unrelated"]


def _link_rows(path: Path, claim_id: str) -> list[tuple[str, str, str]]:
    frame = history(Store(path), claim_id)
    return [
        (r["action"], r["change"], r["analyst"])
        for r in frame.to_dicts()
        if r["action"] in ("link", "unlink")
    ]


async def test_link_same_then_unlink(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        claim_id = await _open_first_claim(pilot)
        best, _ = _hits(review_db, claim_id)
        await pilot.press("l")  # the highlighted (best) similar claim, as the same claim
        await settle(pilot)
        assert _link_rows(review_db, claim_id) == [("link", f"same {best}", "tester")]
        assert _link_rows(review_db, best) == [("link", f"same {claim_id}", "tester")]
        assert "linked: same by tester" in screen_text(app)  # in the similar panel, at once
        assert f"same {best}" in screen_text(app)  # and in the history panel
        await pilot.press("x")
        await settle(pilot)
        assert _link_rows(review_db, claim_id)[-1] == ("unlink", f"unlinked {best}", "tester")
        assert analyst_links(current_links(Store(review_db), claim_id)) == {}
        assert "linked: same" not in screen_text(app)


async def test_link_second_claim_as_conflicting_and_picker(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        claim_id = await _open_first_claim(pilot)
        best, second = _hits(review_db, claim_id)
        await pilot.press("s", "down", "c")  # focus the list, move to the 2nd claim, link
        await settle(pilot)
        assert analyst_links(current_links(Store(review_db), claim_id)) == {
            second: AnalystLink("conflicting", "tester")
        }
        assert "linked: conflicting by tester" in screen_text(app)
        await pilot.press("up", "L")
        await settle(pilot)
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("2")  # same / related / conflicting
        await settle(pilot)
        assert analyst_links(current_links(Store(review_db), claim_id)) == {
            second: AnalystLink("conflicting", "tester"),
            best: AnalystLink("related", "tester"),
        }
        await pilot.press("L", "escape")  # a cancelled picker writes nothing
        await settle(pilot)
        assert len(_link_rows(review_db, claim_id)) == 2


async def test_assign_and_unassign(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        claim_id = await _open_first_claim(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"rana", "enter")
        await settle(pilot)
        assert claim_state(Store(review_db), claim_id).assigned_to == "rana"
        assert "assigned to rana" in screen_text(app)
        await pilot.press("A", "escape")  # Escape leaves it as it is
        await settle(pilot)
        assert claim_state(Store(review_db), claim_id).assigned_to == "rana"
        await pilot.press("A", "enter")  # an empty name unassigns
        await settle(pilot)
        assert not claim_state(Store(review_db), claim_id).assigned_to
        changes = [r["change"] for r in history(Store(review_db), claim_id).to_dicts()]
        assert changes == ["assigned to rana", "unassigned"]


def _library(path: Path) -> None:
    """The fake similarity's fact-check ``fc1``, in the database's library."""
    from claimtrack.api.factchecks import save_library
    from claimtrack.review.factcheck_import import FactCheck

    hit = FakeSimilarity(path).factchecks("", 1)[0]
    record = FactCheck(hit.factcheck_id, hit.claim, hit.rating, hit.status, hit.url,
                       hit.publisher, hit.date, hit.language, None, None, "test#1")  # fmt: skip
    save_library(Store(path), [record], run_id="test")


async def test_confirm_factcheck_sets_its_status(make: Any, review_db: Path) -> None:
    _library(review_db)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        claim_id = await _open_first_claim(pilot)
        await pilot.press("f")
        await settle(pilot)
        state = claim_state(Store(review_db), claim_id)
        assert state.status == "mostly_true" and state.analyst == "tester"
        assert [e["evidence_url"] for e in state.evidence] == ["https://example.org/check?a=[b]"]
        verdicts = [r for r in history(Store(review_db), claim_id).to_dicts()
                    if r["action"] == "verdict"]  # fmt: skip
        assert [(v["to_status"], v["factcheck_id"]) for v in verdicts] == [("mostly_true", "fc1")]
        assert "fact-check fc1" in screen_text(app)  # the history panel names it


async def test_confirm_factcheck_with_a_picked_status(make: Any, review_db: Path) -> None:
    _library(review_db)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        claim_id = await _open_first_claim(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, VerdictDialog)
        assert "Confirm fact-check fc1 as" in screen_text(app)
        await pilot.press("8", *"older", "ctrl+s")  # 8th status: false; a note
        await settle(pilot)
        state = claim_state(Store(review_db), claim_id)
        assert state.status == "false"
        assert [n["note"] for n in state.notes] == ["older"]
        verdict = next(r for r in history(Store(review_db), claim_id).to_dicts()
                       if r["action"] == "verdict")  # fmt: skip
        assert verdict["factcheck_id"] == "fc1" and verdict["to_status"] == "false"


async def test_confirming_an_unknown_factcheck_is_one_error(make: Any, review_db: Path) -> None:
    app = make()  # fc1 is offered by the fake source but is not in this database's library
    async with app.run_test(size=SIZE) as pilot:
        claim_id = await _open_first_claim(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert claim_state(Store(review_db), claim_id).status == "unreviewed"
        assert isinstance(app.screen, ClaimScreen)
