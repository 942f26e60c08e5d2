"""The similar panel with the real model (loaded once per session; the other tests fake it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_support import SIZE, claims_of, screen_text, settle

from claimtrack.api.review_view import ModelSimilarity
from claimtrack.store import Store
from claimtrack.tui.screens.claim import ClaimScreen


@pytest.fixture(scope="session")
def embedder() -> Any:
    from claimtrack.api.vectors import load_embedder

    return load_embedder()  # the bundled offline model: failing to load is a failure


async def test_similar_claims_from_the_model(make: Any, review_db: Path, embedder: Any) -> None:
    from claimtrack.api.vectors import embed_missing

    store = Store(review_db)
    embed_missing(store, "claims", embedder=embedder)
    similarity = ModelSimilarity(store, embedder=embedder)
    claim = next(c for c in claims_of(review_db, "ar") if "بوتين" in c["text"])
    expected = similarity.similar_claims(claim["claim_id"], 8)
    assert expected, "the seed article has related claims"
    app = make(similarity=similarity)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_claim(claim["claim_id"])
        await settle(pilot)
        text = screen_text(app)
        assert f"{expected[0].score:.2f} {expected[0].relation}" in text
        assert "no matching fact-checks" in text  # the library is empty
        app.screen.query_one("#similar-list").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen)
        assert app.screen.claim_id == expected[0].claim_id
