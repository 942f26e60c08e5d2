"""The claim view hides unrelated matches (saying how many, ``w`` shows them) and shows URLs
decoded and short, the full URL one key away (``U``: shown, Enter copies it as stored)."""

from __future__ import annotations

from typing import Any

from tui_support import ARABIC_URL, ARABIC_URL_SHOWN, SIZE, screen_text, settle

from claimtrack.display import short_url
from claimtrack.tui.screens.claim import ClaimScreen
from claimtrack.tui.screens.dialogs import UrlDialog
from claimtrack.tui.widgets.queue_table import QueueTable
from claimtrack.tui.widgets.similar_panel import SimilarPanel


async def _open_first_claim(pilot: Any) -> ClaimScreen:
    await settle(pilot)
    claim_id = str(pilot.app.screen.query_one(QueueTable).current_claim)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ClaimScreen) and screen.claim_id == claim_id
    return screen


async def test_unrelated_matches_are_hidden_until_w(make: Any) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first_claim(pilot)
        panel = screen.query_one(SimilarPanel)
        text = screen_text(app)
        assert [h.relation for h in panel.similar_listed] == ["same", "conflicting"]
        assert [h.factcheck_id for h in panel.factchecks_listed] == ["fc1"]
        assert text.count("1 weaker match hidden — w shows it") == 2  # both lists say so
        assert "0.16" not in text and "unrelated" not in text
        await pilot.press("w")
        await settle(pilot)
        text = screen_text(app)
        assert [h.relation for h in panel.similar_listed] == ["same", "conflicting", "unrelated"]
        assert [h.factcheck_id for h in panel.factchecks_listed] == ["fc1", "fc2"]
        assert "0.16 unrelated" in text and "w hides the 1 weaker match" in text
        await pilot.press("w")
        await settle(pilot)
        assert "unrelated" not in screen_text(app)
        assert [h.factcheck_id for h in panel.factchecks_listed] == ["fc1"]


async def test_urls_are_short_and_full_one_key_away(make: Any) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_first_claim(pilot)
        await pilot.press("w")  # show the unrelated fact-check with the Arabic URL
        await settle(pilot)
        text = screen_text(app)
        assert short_url(ARABIC_URL) in text  # decoded and cut: host + path start
        assert "%D8" not in text and ARABIC_URL_SHOWN not in text
        box = screen.query_one("#factcheck-list")
        box.focus()
        await pilot.press("down")  # fc2, under fc1
        await settle(pilot)
        assert screen.query_one(SimilarPanel).highlighted_factcheck().factcheck_id == "fc2"
        await pilot.press("U")
        await settle(pilot)
        assert isinstance(app.screen, UrlDialog)
        assert app.screen.urls[0] == ("highlighted fact-check fc2", ARABIC_URL)
        assert ARABIC_URL_SHOWN in screen_text(app)  # in full, decoded
        await pilot.press("enter")
        await settle(pilot)
        assert app.clipboard == ARABIC_URL  # copied as stored
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen)
