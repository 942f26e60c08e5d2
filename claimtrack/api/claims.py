"""Claim extraction orchestration and claim listing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from claimtrack.errors import InvalidValueError
from claimtrack.models import MAX_ROWS, Article, Claim
from claimtrack.store import Store
from claimtrack.store import claims as claim_rows
from claimtrack.store.articles import article_ids as all_article_ids
from claimtrack.store.articles import get_article
from claimtrack.store.runs import finish_run, start_run


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


# Articles per extractor call: check-worthiness is scored once per batch, which is what
# brings the stage to its throughput target (BENCHMARKS.md).
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
    this extractor version has not processed yet. Re-extraction upserts by claim id."""
    from claimtrack.pipeline import extract as extractor
    from claimtrack.pipeline.normalize import match_key

    version = extractor_version()
    store.ensure_ready(create=True)
    with store.session() as session:
        if article_ids:
            targets = list(dict.fromkeys(article_ids))
        elif all_articles:
            targets = all_article_ids(session)
        else:
            targets = claim_rows.articles_to_extract(session, version)
        run_id = start_run(
            session,
            "extract",
            "claimtrack-rules",
            version,
            {"articles": len(targets), "all": all_articles},
        )
        report = ExtractReport(run_id, version)
        for start in range(0, len(targets), EXTRACT_BATCH):
            # get_article raises NotFoundError naming a bad --article id.
            articles = [get_article(session, a) for a in targets[start : start + EXTRACT_BATCH]]
            for article, claims in zip(articles, _extract_batch(extractor, articles), strict=True):
                if isinstance(claims, Exception):
                    report.failed.append((article.article_id, f"{type(claims).__name__}: {claims}"))
                    continue
                frame = claim_rows.claims_frame(claims, [match_key(c.text) for c in claims], run_id)
                saved = claim_rows.save_claims(
                    session, article.article_id, frame, run_id=run_id, extractor_version=version
                )
                report.articles += 1
                report.claims += saved.saved
                report.newly_stale += saved.newly_stale
            if on_progress is not None:
                on_progress(min(start + EXTRACT_BATCH, len(targets)), len(targets))
        finish_run(
            session,
            run_id,
            "partial" if report.failed else "ok",
            {
                "articles": report.articles,
                "claims": report.claims,
                "newly_stale": report.newly_stale,
                "failed": len(report.failed),
            },
        )
    return report


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
