"""Claim extraction orchestration and claim listing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from claimtrack.errors import InvalidValueError
from claimtrack.models import MAX_ROWS, Article, Claim
from claimtrack.store import Store
from claimtrack.store import articles as article_rows
from claimtrack.store import claims as claim_rows
from claimtrack.store.articles import article_ids as all_article_ids
from claimtrack.store.articles import get_article
from claimtrack.store.db import Session
from claimtrack.store.runs import fail_run, finish_run, start_run


@dataclass(slots=True)
class ExtractReport:
    run_id: str
    extractor_version: str
    articles: int = 0
    claims: int = 0
    newly_stale: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def extractor_version() -> str:
    from claimtrack.pipeline.extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


# Articles per extractor call and per transaction: check-worthiness is scored once per
# batch, which is what brings the stage to its throughput target (BENCHMARKS.md), and the
# database connection is opened per batch, so another process waits at most one batch.
EXTRACT_BATCH = 64


def _extract_batch(extractor: Any, articles: list[Article]) -> list[list[Claim] | Exception]:
    """Claims of each article; when the batch fails, retry one by one so that one bad
    article costs only itself."""
    try:
        return list(extractor.extract_claims_many(articles))
    except Exception:  # isolate the failing article below
        results: list[list[Claim] | Exception] = []
        for article in articles:
            try:
                results.append(extractor.extract_claims(article))
            except Exception as error:  # reported per article by the caller
                results.append(error)
        return results


def extract(
    store: Store,
    *,
    article_ids: Sequence[str] = (),
    all_articles: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExtractReport:
    """Extract claims from the given articles, all articles, or (by default) the articles
    this extractor version has not processed yet. Re-extraction upserts by claim id.

    Work is committed per batch of :data:`EXTRACT_BATCH` articles (an article longer than
    one extraction window, per window), each in its own short connection: other processes
    can use the database between batches, and a crash loses at most the batch in flight
    (its articles are extracted again by the next run). A run that stops on an error is
    marked ``failed``.
    """
    from claimtrack.pipeline.extract.windows import WINDOW_CHARS

    version = extractor_version()
    store.ensure_ready(create=True)
    with store.session() as session:
        if article_ids:
            targets = list(dict.fromkeys(article_ids))
            article_rows.require_articles(session, targets)  # names a bad --article id
        elif all_articles:
            targets = all_article_ids(session)
        else:
            targets = claim_rows.articles_to_extract(session, version)
        run_id = start_run(session, "extract", "claimtrack-rules", version,
                           {"articles": len(targets), "all": all_articles})  # fmt: skip
    report = ExtractReport(run_id, version)
    try:
        for start in range(0, len(targets), EXTRACT_BATCH):
            batch = targets[start : start + EXTRACT_BATCH]
            with store.session() as session:
                sizes = article_rows.article_sizes(session, batch)
            small = [a for a in batch if sizes[a] <= WINDOW_CHARS]
            if small:
                _extract_small(store, small, run_id, version, report)
            for article_id in (a for a in batch if sizes[a] > WINDOW_CHARS):
                _extract_large(store, article_id, run_id, version, report)
            if on_progress is not None:
                on_progress(min(start + EXTRACT_BATCH, len(targets)), len(targets))
    except BaseException as error:
        with store.session() as session:
            fail_run(session, run_id, f"{type(error).__name__}: {error}", _counts(report))
        raise
    with store.session() as session:
        finish_run(session, run_id, "partial" if report.failed else "ok", _counts(report))
    return report


def _counts(report: ExtractReport) -> dict[str, int]:
    return {"articles": report.articles, "claims": report.claims,
            "newly_stale": report.newly_stale, "failed": len(report.failed)}  # fmt: skip


def _frame(claims: list[Claim], run_id: str) -> pl.DataFrame:
    from claimtrack.pipeline.normalize import match_key

    return claim_rows.claims_frame(claims, [match_key(c.text) for c in claims], run_id)


def _extract_small(
    store: Store, batch: list[str], run_id: str, version: str, report: ExtractReport
) -> None:
    """One batch of articles of one window each: extracted together, saved in one
    transaction."""
    from claimtrack.pipeline import extract as extractor

    with store.session() as session:
        articles = [get_article(session, a) for a in batch]
    found: list[tuple[str, int]] = []
    frames: list[pl.DataFrame] = []
    for article, claims in zip(articles, _extract_batch(extractor, articles), strict=True):
        if isinstance(claims, Exception):
            report.failed.append((article.article_id, f"{type(claims).__name__}: {claims}"))
            continue
        frames.append(_frame(claims, run_id))
        found.append((article.article_id, len({c.claim_id for c in claims})))
    del articles
    rows = pl.concat(frames) if frames else None

    def write(session: Session) -> dict[str, int]:
        if rows is not None:
            claim_rows.upsert_claims(session, rows)
        return claim_rows.finish_articles(session, found, run_id=run_id,
                                          extractor_version=version)  # fmt: skip

    stale = store.atomic(write, what="save extracted claims")
    report.articles += len(found)
    report.claims += sum(n for _, n in found)
    report.newly_stale += sum(stale.values())


def _extract_large(
    store: Store, article_id: str, run_id: str, version: str, report: ExtractReport
) -> None:
    """An article longer than one window: extracted window by window, each window's claims
    committed as they come (bounded memory, short transactions); the stale flags and the
    extraction record are written once all windows are in."""
    from claimtrack.pipeline.extract.windows import extract_claims_windowed

    with store.session() as session:
        article = get_article(session, article_id)
    ids: set[str] = set()
    try:
        for claims in extract_claims_windowed(article):
            ids.update(c.claim_id for c in claims)
            if claims:
                frame = _frame(claims, run_id)

                def write(session: Session, frame: pl.DataFrame = frame) -> None:
                    claim_rows.upsert_claims(session, frame)

                store.atomic(write, what=f"save claims of {article_id}")
    except Exception as error:  # one bad article costs only itself
        report.failed.append((article_id, f"{type(error).__name__}: {error}"))
        return
    stale = store.atomic(
        lambda session: claim_rows.finish_articles(
            session, [(article_id, len(ids))], run_id=run_id, extractor_version=version
        ),
        what=f"finish extraction of {article_id}",
    )
    report.articles += 1
    report.claims += len(ids)
    report.newly_stale += stale[article_id]


def list_claims(
    store: Store,
    *,
    article_id: str | None = None,
    claim_type: str | None = None,
    language: str | None = None,
    min_checkworthiness: float | None = None,
    include_stale: bool = False,
    limit: int = 10_000_000,
) -> pl.DataFrame:
    from claimtrack.models import CLAIM_TYPES

    if min_checkworthiness is not None and not 0 <= min_checkworthiness <= 1:
        # "not (0 <= x <= 1)" also catches NaN, for which every comparison is false.
        raise InvalidValueError(
            f"minimum check-worthiness must be a number from 0 to 1, got {min_checkworthiness}"
        )
    if claim_type is not None and claim_type not in CLAIM_TYPES:
        raise InvalidValueError(
            f"unknown claim type {claim_type!r} (choose from {', '.join(CLAIM_TYPES)})"
        )
    with store.session() as session:
        return claim_rows.list_claims(
            session,
            article_id=article_id,
            claim_type=claim_type,
            language=language,
            min_checkworthiness=min_checkworthiness,
            include_stale=include_stale,
            limit=min(limit, MAX_ROWS),
        )
