"""Ingest saves a batch of articles in one transaction; each article stays whole or absent.

All texts are written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

import claimtrack.store.articles as articles_module
from claimtrack.models import Article, content_id
from claimtrack.store import Store
from claimtrack.store.articles import save_articles
from claimtrack.store.runs import start_run


def article(n: int, *, source: str = "Desk A", url: str | None = None) -> Article:
    text = f"Officials said {n} bridges were closed on Monday."
    return Article(content_id(text), text, "en", source=source, url=url or f"https://a.test/{n}")


def stored_ids(store: Store) -> set[str]:
    with store.session() as session:
        return set(session.sql("SELECT article_id FROM articles")["article_id"].to_list())


def run(store: Store) -> str:
    with store.session() as session:
        return start_run(session, "ingest", "test", "0", {})


def test_a_batch_gives_one_outcome_per_article_in_order(store: Store) -> None:
    first, second = article(1), article(2)
    copy = Article(first.article_id, first.text, "en", source="Desk B", url="https://b.test/1")
    run_id = run(store)
    with store.session() as session:
        outcomes = save_articles(session, [first, second, first, copy], run_id)
    assert outcomes == ["added", "added", "duplicate", "syndicated"]
    assert stored_ids(store) == {first.article_id, second.article_id}


def test_a_failing_article_keeps_those_before_it_and_no_part_of_itself(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad, later = article(1), article(2), article(3)
    real = articles_module._save

    def failing(session: Any, item: Article, run_id: str, now: Any) -> Any:
        outcome = real(session, item, run_id, now)  # written, then the transaction fails
        if item.article_id == bad.article_id:
            raise RuntimeError("disk trouble")
        return outcome

    monkeypatch.setattr(articles_module, "_save", failing)
    run_id = run(store)
    with store.session() as session, pytest.raises(RuntimeError, match="disk trouble"):
        save_articles(session, [good, bad, later], run_id)
    assert stored_ids(store) == {good.article_id}  # as when each article had its own commit
