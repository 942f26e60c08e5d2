"""Hostile text is shown literally and triggers nothing; the CLI works while the app runs."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

from tui_support import SIZE, claims_of, find_on_screen, screen_lines, screen_text, settle

from claimtrack.store import Store
from claimtrack.tui.bidi import clean, safe_text
from claimtrack.tui.screens.article import ArticleScreen
from claimtrack.tui.screens.claim import ClaimScreen

CLICK = "[@click=app.quit]Click[/]"


def test_clean_makes_controls_visible_one_for_one() -> None:
    raw = "a\x1b[2Jb\x07c\x9bd\u202ee\nf"
    shown = clean(raw)
    assert len(shown) == len(raw)
    assert shown == "a␛[2Jb␇c\ufffdd\ufffde\nf"
    assert clean(raw, single_line=True).endswith("e f")
    assert safe_text(CLICK).plain == CLICK and not safe_text(CLICK).spans


def _hostile_claim(path: Path) -> dict[str, Any]:
    return next(c for c in claims_of(path) if "Officials said" in c["text"])


async def test_hostile_article_is_literal_and_harmless(make: Any, review_db: Path) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = screen_text(app)
        assert "[link=http://…" in queue  # the source column, cut to its width, literal
        claim = _hostile_claim(review_db)
        app.open_claim(claim["claim_id"])
        await settle(pilot)
        text = screen_text(app)
        assert "␛[2J" in text and "red]exports[/]" in text
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        where = find_on_screen(app, CLICK)
        assert where is not None, screen_text(app)
        x, y = where
        for dx in (0, 1, 18, 20, 24):  # "[", "@", "C", "i", "]": the fake link and its text
            await pilot.click(offset=(x + dx, y))
        await pilot.press("enter", "space", "tab", "enter")
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, ArticleScreen)
        lines = screen_lines(app)
        assert not any("\x1b" in line or "\x07" in line for line in lines)
        assert "␛[2J" in "\n".join(lines)
        assert "\x1b" not in app.export_screenshot()


async def test_cli_note_while_the_app_is_open(make: Any, review_db: Path) -> None:
    app = make()
    claim_id = claims_of(review_db)[0]["claim_id"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_claim(claim_id)
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen)
        command = [
            sys.executable,
            "-m",
            "claimtrack",
            "--db",
            str(review_db),
            "note",
            claim_id,
            "written from the CLI [b]meanwhile[/b]",
            "--analyst",
            "cli",
        ]
        done = await asyncio.to_thread(subprocess.run, command, capture_output=True,
                                       text=True, timeout=60)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "note recorded" in done.stdout
        assert "meanwhile" not in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert "cli: written from the CLI [b]meanwhile[/b]" in screen_text(app)
    from claimtrack.api.workflow import claim_state

    assert [n["note"] for n in claim_state(Store(review_db), claim_id).notes] == [
        "written from the CLI [b]meanwhile[/b]"
    ]
