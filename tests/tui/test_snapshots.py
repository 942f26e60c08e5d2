"""SVG snapshots at a fixed terminal size (pytest-textual-snapshot), on fixed claims.

Update only after reading the diff report: ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

from tui_support import SIZE, claims_of, settle


def test_queue(make_fixed: Any, snap_compare: Any) -> None:
    assert snap_compare(make_fixed(bidi="on"), terminal_size=SIZE, run_before=settle)


def test_claim_view_with_arabic_text(make_fixed: Any, snap_compare: Any) -> None:
    app = make_fixed(bidi="on")
    claim = next(c for c in claims_of(app.store.path, "ar") if c["speaker_canonical"])

    async def open_claim(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.open_claim(claim["claim_id"])
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_claim)


def test_help(make_fixed: Any, snap_compare: Any) -> None:
    async def open_help(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_fixed(), terminal_size=SIZE, run_before=open_help)
