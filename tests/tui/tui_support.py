"""Helpers shared by the review-app tests (imported as a plain module, like export_data)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from claimtrack.store import Store

SIZE = (140, 40)
#: A fact-check URL as stored (percent-encoded) and as the app shows it (decoded, short).
ARABIC_URL = (
    "https://www.misbar.com/factcheck/2024/10/01/%D8%AE%D8%A8%D8%B1-%D9%83%D8%A7%D8%B0%D8%A8"
)
ARABIC_URL_SHOWN = "https://www.misbar.com/factcheck/2024/10/01/خبر-كاذب"


def claims_of(path: Path, language: str | None = None) -> list[dict[str, Any]]:
    from claimtrack.api.claims import list_claims

    return list_claims(Store(path), language=language).to_dicts()


class FakeSimilarity:
    """Similar claims and fact-checks without the model: the first other claims of the
    database, labelled same / conflicting / unrelated, one fact-check with hostile text and
    one unrelated fact-check with a percent-encoded Arabic URL (the panel hides the
    unrelated ones until ``w``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.asked: list[str] = []

    def similar_claims(self, claim_id: str, top_k: int) -> list[Any]:
        from claimtrack.api.matching import SimilarClaim

        self.asked.append(claim_id)
        others = [c for c in claims_of(self.path, "ar") if c["claim_id"] != claim_id][:3]
        relations = [("same", 0.91, []), ("conflicting", 0.84, ["year 2019 vs 2011"]),
                     ("unrelated", 0.16, ["similarity 0.16 < 0.24"])]  # fmt: skip
        return [
            SimilarClaim(
                claim_id=c["claim_id"],
                score=score,
                relation=relation,
                reasons=reasons,
                text=c["text"],
                language=c["language"],
                article_id=c["article_id"],
                source=c["source"],
                published=c["published"],
            )
            for c, (relation, score, reasons) in zip(others, relations, strict=False)
        ]

    def factchecks(self, claim_id: str, top_k: int) -> list[Any]:
        from claimtrack.api.factchecks import FactcheckHit

        return [
            FactcheckHit(
                "fc1",
                0.88,
                "same",
                "Putin met Kim [@click=app.quit]x[/]",
                "Mostly true",
                "mostly_true",
                "https://example.org/check?a=[b]",
                "Example Checks",
                date(2023, 9, 20),
                "en",
            ),
            FactcheckHit(
                "fc2",
                0.16,
                "unrelated",
                "خبر عن قطع العلاقات",
                "زائف",
                "false",
                ARABIC_URL,
                "مسبار",
                date(2024, 10, 1),
                "ar",
            ),
        ]


async def settle(pilot: Any) -> None:
    """Let workers finish and the screen catch up (workers may start more workers)."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(3):
        await pilot.pause()
        try:
            await pilot.app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):
            continue  # a query replaced by a newer one; the newer one is awaited next round
    await pilot.pause()


def screen_lines(app: Any) -> list[str]:
    """The text of every line on screen, as the terminal would get it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: Any) -> str:
    return "\n".join(screen_lines(app))


def find_on_screen(app: Any, needle: str) -> tuple[int, int] | None:
    """(x, y) screen cell where ``needle`` starts, or None."""
    from rich.cells import cell_len

    for y, line in enumerate(screen_lines(app)):
        index = line.find(needle)
        if index >= 0:
            return cell_len(line[:index]), y
    return None
