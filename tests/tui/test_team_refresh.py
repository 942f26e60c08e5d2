"""Other analysts' changes reach an open review app: periodically, and on a DuckLake
catalog shared through PostgreSQL as on a DuckDB file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_support import SIZE, screen_text, settle

from claimtrack.api.workflow import add_note, set_verdict
from claimtrack.store import Store
from claimtrack.tui.app import make_app
from claimtrack.tui.screens.claim import ClaimScreen
from claimtrack.tui.widgets.queue_table import QueueTable


async def _wait_for_status(pilot: Any, table: QueueTable, claim_id: str, status: str) -> str:
    shown = ""
    for _ in range(40):  # the poll runs every 0.2 s; give a loaded machine 8 s
        await pilot.pause(0.2)
        shown = table.get_cell(claim_id, "status").plain
        if shown == status:
            break
    return shown


async def test_queue_shows_another_analysts_verdict_without_a_key(
    make: Any, review_db: Path
) -> None:
    app = make(poll_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        claim_id = table.current_claim
        assert claim_id is not None and table.get_cell(claim_id, "status").plain == "unreviewed"
        set_verdict(Store(review_db), claim_id, "misleading", analyst="someone-else")
        assert await _wait_for_status(pilot, table, claim_id, "misleading") == "misleading"


async def test_without_polling_changes_wait_for_refresh(make: Any, review_db: Path) -> None:
    app = make(poll_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        claim_id = table.current_claim
        assert claim_id is not None
        set_verdict(Store(review_db), claim_id, "false", analyst="someone-else")
        await pilot.pause(0.6)
        assert table.get_cell(claim_id, "status").plain == "unreviewed"
        await pilot.press("r")
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert table.get_cell(claim_id, "status").plain == "false"


async def test_review_app_on_a_ducklake_catalog(lake_db: tuple[str, Path]) -> None:
    """The same app against ducklake:postgres:...: queue, claim view, a verdict from the
    keyboard, and another analyst's note showing up in the open claim's history."""
    from postgres_support import seed_lake

    db, data = lake_db
    store, claim_ids = seed_lake(db, data, claims=3)
    app = make_app(db, analyst="rana", bidi="off", similarity=None, poll_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "ducklake:lake_" in app.sub_title
        table = app.screen.query_one(QueueTable)
        claim_id = table.current_claim
        assert claim_id in claim_ids
        await pilot.press("8")  # the 8th status of the default vocabulary: false
        assert await _wait_for_status(pilot, table, claim_id, "false") == "false"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen)
        add_note(store, claim_id, "called the ministry", analyst="sami")
        for _ in range(40):
            await pilot.pause(0.2)
            if "sami" in screen_text(app):
                break
        assert "sami" in screen_text(app)
