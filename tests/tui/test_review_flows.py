"""Pilot flows: keys pressed in the app, state asserted in the database (workflow API)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_support import SIZE, claims_of, screen_text, settle

from claimtrack.api.review_view import QueueSort
from claimtrack.api.workflow import claim_state, history
from claimtrack.store import Store
from claimtrack.tui.screens.article import ArticleScreen
from claimtrack.tui.screens.claim import ClaimScreen
from claimtrack.tui.screens.dialogs import VerdictDialog
from claimtrack.tui.screens.help import HelpScreen
from claimtrack.tui.widgets.queue_table import QueueTable


def _table(app: Any) -> QueueTable:
    return app.screen.query_one(QueueTable)


async def test_queue_shows_every_claim_and_the_counts(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = len(claims_of(review_db))
        assert _table(app).row_count == total
        assert f"{total} claims" in screen_text(app)
        assert f"unreviewed {total}" in screen_text(app)


async def test_status_key_in_claim_view_is_written_and_in_history(
    make: Any, review_db: Path
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = _table(app).current_claim
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen) and app.screen.claim_id == claim_id
        await pilot.press("3")  # third status of the default vocabulary: true
        await settle(pilot)
        events = history(Store(review_db), claim_id).to_dicts()
        assert [(e["action"], e["to_status"], e["analyst"]) for e in events] == [
            ("verdict", "true", "tester")
        ]
        assert "unreviewed -> true" in screen_text(app)  # the history panel, at once
        await pilot.press("u")
        await settle(pilot)
        assert claim_state(Store(review_db), claim_id).status == "unreviewed"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen.query_one(QueueTable), QueueTable)


async def test_verdict_dialog_with_note_and_evidence(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = _table(app).current_claim
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VerdictDialog)
        await pilot.press(*["down"] * 6, "enter")  # unreviewed + 6 = mostly_false
        await pilot.press(*"seen", "enter")
        await pilot.press(*"https://e.org/r", "enter")
        await settle(pilot)
        state = claim_state(Store(review_db), claim_id)
        assert state.status == "mostly_false" and state.analyst == "tester"
        assert [n["note"] for n in state.notes] == ["seen"]
        assert [e["evidence_url"] for e in state.evidence] == ["https://e.org/r"]


async def test_bad_evidence_url_is_refused_in_the_dialog(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = _table(app).current_claim
        await pilot.press("enter", "v", "enter", "enter")
        await pilot.press(*"ftp://x", "enter")
        await settle(pilot)
        assert isinstance(app.screen, VerdictDialog)  # still open, with the reason
        assert "http:// or https://" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert claim_state(Store(review_db), claim_id).status == "unreviewed"


async def test_note_and_evidence_keys(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = _table(app).current_claim
        await pilot.press("enter", "n", *"[b]x[/b]", "enter")
        await settle(pilot)
        await pilot.press("e", *"https://e.org/a", "enter")
        await settle(pilot)
        state = claim_state(Store(review_db), claim_id)
        assert [n["note"] for n in state.notes] == ["[b]x[/b]"]
        assert [e["evidence_url"] for e in state.evidence] == ["https://e.org/a"]
        assert "tester: [b]x[/b]" in screen_text(app)


async def test_digit_in_queue_sets_the_highlighted_claim(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        claim_id = _table(app).current_claim
        await pilot.press("8")  # the 8th status of the default vocabulary
        await settle(pilot)
        assert claim_state(Store(review_db), claim_id).status == "false"
        row = _table(app).get_row(claim_id)
        assert row[0].plain == "false"
        assert "false 1" in screen_text(app)


async def test_search_and_open_filter(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"officials", "enter")
        await settle(pilot)
        table = _table(app)
        assert table.row_count == 1
        assert "Officials said" in table.get_row_at(0)[-1].plain
        await pilot.press("escape")  # leave the box
        await pilot.press("escape")  # clear the filters
        await settle(pilot)
        total = len(claims_of(review_db))
        assert table.row_count == total
        await pilot.press("3")  # one claim is no longer open
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert table.row_count == total - 1


async def test_sort_by_header_click(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = _table(app)
        assert table.row_count > 1
        assert app.screen.sort == QueueSort("checkworthiness", True)
        await pilot.click(QueueTable, offset=(62, 0))  # the "Published" header
        await settle(pilot)
        assert app.screen.sort == QueueSort("published", True)
        published = [table.get_row_at(i)[5].plain for i in range(table.row_count)]
        assert published == sorted(published, reverse=True)
        await pilot.press("S")
        await settle(pilot)
        published = [table.get_row_at(i)[5].plain for i in range(table.row_count)]
        assert published == sorted(published)


async def test_queue_pages_in_as_the_cursor_moves(make: Any, review_db: Path) -> None:
    app = make(page_size=20)
    async with app.run_test(size=(140, 14)) as pilot:
        await settle(pilot)
        table = _table(app)
        assert table.row_count == 20
        await pilot.press("end")
        await settle(pilot)
        for _ in range(10):
            await pilot.press("end")
            await settle(pilot)
        assert table.row_count == len(claims_of(review_db))
        assert len(set(table.rows)) == table.row_count


async def test_similar_panel_opens_a_claim_and_article_view(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.screen.claim_id
        text = screen_text(app)
        assert "same" in text and "conflicting" in text and "year 2019 vs 2011" in text
        assert "example.org/check?…" in text  # shown as text, host + path (U: in full)
        expected = app.similarity.similar_claims(first, 8)[0].claim_id
        app.screen.query_one("#similar-list").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen) and app.screen.claim_id == expected
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert "claim(s)" in screen_text(app)
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen.query_one(QueueTable), QueueTable)


async def test_help_and_quit(make: Any) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "mostly_false" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
