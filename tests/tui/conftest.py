"""Fixtures for the review app: a seed database (built once, copied per test), a fake
similarity source, and -- once per session, only where asked -- the real model."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tui_support import FakeSimilarity

from claimtrack.store import Store

REPO = Path(__file__).resolve().parents[2]
# The Arabic seed alone: the app tests pin its rows and snapshots, not the demo corpus.
SEED_ARTICLE = REPO / "seeds" / "000_5afa0f906a688b19.txt"
HOSTILE_ARTICLE = (
    "The minister said unemployment fell to 5 percent in 2023, according to the report "
    "[@click=app.quit]Click[/] here.\n"
    "Officials said the budget grew by 12 percent since 2019 \x1b[2J and [bold red]exports[/] "
    "rose by 3 billion dollars.\n"
)
HOSTILE_SOURCE = "[link=http://x]Evil[/link]"
CLAIM_TYPES = ("quote", "event", "quantity")


def _build(path: Path, work: Path, *, extract_claims: bool = True) -> None:
    from claimtrack.api.claims import extract
    from claimtrack.api.ingest import ingest_paths
    from claimtrack.pipeline.ingest import IngestDefaults

    store = Store(path)
    store.migrate()
    ingest_paths(store, [SEED_ARTICLE], defaults=IngestDefaults(languages=("ar", "en")))
    hostile = work / "hostile.txt"
    hostile.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    ingest_paths(
        store,
        [hostile],
        defaults=IngestDefaults(
            languages=("ar", "en"), source=HOSTILE_SOURCE, published=date(2024, 1, 2)
        ),
    )
    extract(store)


def _fixed_claims(store: Store) -> None:
    """Claims that do not depend on the extractor (which keeps improving): each of the first
    lines of every article is one claim, with a few speakers, entities and values set."""
    from claimtrack.models import Claim, claim_id_for
    from claimtrack.store.articles import article_ids, get_article
    from claimtrack.store.claims import claims_frame, save_claims

    with store.session() as session:
        for article_id in article_ids(session):
            article = get_article(session, article_id)
            claims, start = [], 0
            for index, line in enumerate(article.text.split("\n")[:8]):
                end = start + len(line)
                arabic_lead = index == 0 and article.language == "ar"
                if line.strip():
                    claims.append(Claim(
                        claim_id=claim_id_for(article_id, start, end, line),
                        article_id=article_id, sentence_index=index, char_start=start,
                        char_end=end, text=line, claim_type=CLAIM_TYPES[index % 3],
                        language=article.language, extractor_version="fixed",
                        speaker="بوتين" if arabic_lead else None,
                        speaker_canonical="فلاديمير بوتين" if arabic_lead else None,
                        entities=({"text": "بوتين", "kind": "person", "canonical": "فلاديمير بوتين",
                                   "start": 0, "end": 5},) if index == 0 else (),
                        values=({"kind": "duration", "value": 75, "unit": "year", "relation": None,
                                 "text": "75 عاماً", "start": 0, "end": 8},) if index == 3 else (),
                        checkworthiness=round(0.9 - index * 0.1, 2)))  # fmt: skip
                start = end + 1
            frame = claims_frame(claims, [c.text for c in claims], "fixed")
            save_claims(session, article_id, frame, run_id="fixed", extractor_version="fixed")


@pytest.fixture(scope="session")
def snapshot_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed and hostile articles with fixed claims: snapshots must not move when the
    extractor changes."""
    work = tmp_path_factory.mktemp("tui-snapshot")
    path = work / "review.duckdb"
    _build(path, work, extract_claims=False)
    _fixed_claims(Store(path))
    return path


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("tui-template")
    path = work / "template.duckdb"
    _build(path, work)
    return path


@pytest.fixture
def review_db(template_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seed database (tests write verdicts into it)."""
    path = tmp_path / "review.duckdb"
    shutil.copy(template_db, path)
    return path


def _maker(path: Path) -> Callable[..., Any]:
    from claimtrack.tui.app import make_app

    def build(**overrides: Any) -> Any:
        options: dict[str, Any] = {
            "analyst": "tester",
            "bidi": "off",
            "similarity": FakeSimilarity(path),
        }
        options.update(overrides)
        return make_app(path, **options)

    return build


@pytest.fixture
def make(review_db: Path) -> Callable[..., Any]:
    """``make(bidi="off")``: the app on the test database with the fake similarity."""
    return _maker(review_db)


@pytest.fixture
def make_fixed(snapshot_db: Path, tmp_path: Path) -> Callable[..., Any]:
    """The app on a copy of the fixed-claims database (for snapshots)."""
    path = tmp_path / "fixed.duckdb"
    shutil.copy(snapshot_db, path)
    return _maker(path)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no pytest-asyncio needed)."""
    import asyncio
    import inspect

    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
