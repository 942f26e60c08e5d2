"""Articles and where they appeared."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

import polars as pl

from claimtrack.errors import NotFoundError, TransactionConflictError
from claimtrack.models import Article, content_id
from claimtrack.store.db import Session

SaveOutcome = Literal["added", "duplicate", "syndicated"]


def source_id_for(name: str) -> str:
    return content_id("source", name.strip().casefold())


def _ensure_source(session: Session, name: str | None, now: datetime) -> str | None:
    if not name:
        return None
    source_id = source_id_for(name)
    session.lock_keys("sources")
    session.execute("source_upsert", {"source_id": source_id, "name": name.strip(), "now": now})
    return source_id


def save_article(session: Session, article: Article, run_id: str) -> SaveOutcome:
    """Store one article atomically.

    The same text seen again from the same source and URL is a duplicate (nothing
    written); from another source or URL it is a syndicated copy, linked as an
    appearance of the existing article.
    """
    now = datetime.now(UTC)
    return session.atomic(lambda s: _save(s, article, run_id, now), what="save article")


def save_articles(session: Session, articles: Sequence[Article], run_id: str) -> list[SaveOutcome]:
    """Store a batch of articles in one transaction: one commit for the batch instead of one
    per article (commits were most of ingest's time). Each article is still whole or absent:
    when the batch fails, nothing of it is kept and the articles are saved one by one, so
    those before a bad one are stored and its error is raised as :func:`save_article`'s."""
    now = datetime.now(UTC)
    try:
        return session.atomic(
            lambda s: [_save(s, article, run_id, now) for article in articles],
            what="save articles",
        )
    except TransactionConflictError:
        raise
    except Exception:  # isolated below, article by article
        if len(articles) == 1:
            raise
    return [save_article(session, article, run_id) for article in articles]


def _save(session: Session, article: Article, run_id: str, now: datetime) -> SaveOutcome:
    # One transaction (Session.atomic): run again from here if another writer raced it.
    source_id = _ensure_source(session, article.source, now)
    session.lock_keys("articles")
    appearance_id = content_id(article.article_id, source_id or "", article.url or "")
    if session.query("appearance_exists", {"appearance_id": appearance_id}).height:
        return "duplicate"
    exists = session.query("article_exists", {"article_id": article.article_id}).height > 0
    if not exists:
        session.execute(
            "article_insert",
            {
                "article_id": article.article_id,
                "text": article.text,
                "title": article.title,
                "author": article.author,
                "url": article.url,
                "source_id": source_id,
                "published": article.published,
                "language": article.language,
                "language_method": article.language_method,
                "chars": len(article.text),
                "origin": article.origin,
                "run_id": run_id,
                "now": now,
            },
        )
    session.execute(
        "appearance_insert",
        {
            "appearance_id": appearance_id,
            "article_id": article.article_id,
            "source_id": source_id,
            "url": article.url,
            "title": article.title,
            "published": article.published,
            "origin": article.origin,
            "run_id": run_id,
            "now": now,
        },
    )
    return "syndicated" if exists else "added"


def list_articles(
    session: Session,
    *,
    language: str | None = None,
    source: str | None = None,
    limit: int = 1_000_000,
) -> pl.DataFrame:
    return session.query("articles_list", {"language": language, "source": source, "limit": limit})


def get_article(session: Session, article_id: str) -> Article:
    frame = session.query("article_get", {"article_id": article_id})
    if frame.is_empty():
        raise NotFoundError(f"no article with id {article_id!r}")
    row = frame.row(0, named=True)
    return Article(
        article_id=row["article_id"],
        text=row["text"],
        language=row["language"],
        title=row["title"],
        url=row["url"],
        source=row["source"],
        author=row["author"],
        published=row["published"],
        origin=row["origin"],
        language_method=row["language_method"],
    )


def article_ids(session: Session) -> list[str]:
    frame = session.sql("SELECT article_id FROM articles ORDER BY article_id")
    return frame["article_id"].to_list() if frame.height else []


def require_articles(session: Session, article_ids: list[str]) -> None:
    """Raise ``NotFoundError`` naming the first id that is not a stored article."""
    sizes = article_sizes(session, article_ids)
    for article_id in article_ids:
        if article_id not in sizes:
            raise NotFoundError(f"no article with id {article_id!r}")


def article_sizes(session: Session, article_ids: list[str]) -> dict[str, int]:
    """Length in characters of each of these stored articles (absent ids are left out)."""
    frame = session.query("article_sizes", {"article_ids": list(article_ids)})
    return dict(zip(frame["article_id"].to_list(), frame["chars"].to_list(), strict=True))
