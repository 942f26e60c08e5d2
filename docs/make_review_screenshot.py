"""Regenerate docs/review-screenshot.svg: the review app on the demo database.

    .venv/bin/claimtrack demo                      # builds demo/claimtrack-demo.duckdb
    .venv/bin/python docs/make_review_screenshot.py [--db demo/claimtrack-demo.duckdb]

Opens the Arabic claim whose nearest similar claim is in another language (the real
model, as ``claimtrack review`` does), waits for the similar-claims panel and saves an SVG
through Textual. Bidi is off: browsers lay out right-to-left text themselves.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SIZE = (150, 45)


def _pick_claim(db: Path) -> str:
    """The Arabic claim with the best-scoring similar claim in English (shown or hidden)."""
    from claimtrack.api.claims import list_claims
    from claimtrack.api.review_view import ModelSimilarity
    from claimtrack.store import Store

    store = Store(db)
    similarity = ModelSimilarity(store)
    best: tuple[float, str] | None = None
    for claim in list_claims(store, language="ar").to_dicts():
        hits = [h for h in similarity.similar_claims(claim["claim_id"], 8) if h.language != "ar"]
        hits = [h for h in hits if h.relation != "unrelated"]
        if hits and (best is None or hits[0].score > best[0]):
            best = (hits[0].score, claim["claim_id"])
    if best is None:
        raise SystemExit("no Arabic claim has an English match; run `claimtrack demo` first")
    return best[1]


async def _shoot(db: Path, claim_id: str, out: Path) -> None:
    from claimtrack.tui.app import make_app

    app = make_app(db, analyst="rana", bidi="off")

    async def settle(pilot: Any) -> None:
        for _ in range(5):
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_claim(claim_id)
        await settle(pilot)
        out.write_text(app.export_screenshot(title="claimtrack review"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO / "demo" / "claimtrack-demo.duckdb")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "review-screenshot.svg")
    args = parser.parse_args()
    claim_id = _pick_claim(args.db)
    asyncio.run(_shoot(args.db, claim_id, args.out))
    print(f"wrote {args.out} (claim {claim_id})")


if __name__ == "__main__":
    main()
