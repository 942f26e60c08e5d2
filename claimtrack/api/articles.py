"""Reading articles back."""

from __future__ import annotations

import polars as pl

from claimtrack.models import MAX_ROWS, Article
from claimtrack.store import Store
from claimtrack.store import articles as article_rows


def list_articles(
    store: Store, *, language: str | None = None, source: str | None = None, limit: int = 1_000_000
) -> pl.DataFrame:
    with store.session() as session:
        return article_rows.list_articles(
            session, language=language, source=source, limit=min(limit, MAX_ROWS)
        )


def get_article(store: Store, article_id: str) -> Article:
    with store.session() as session:
        return article_rows.get_article(session, article_id)
