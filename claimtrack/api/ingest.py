"""Ingest orchestration: read files, store articles, report what happened to each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from claimtrack import __version__
from claimtrack.errors import IngestError
from claimtrack.models import Article, ArticleInput
from claimtrack.pipeline.ingest import IngestDefaults, discover, prepare, read_inputs
from claimtrack.store import Store
from claimtrack.store.articles import save_article, save_articles
from claimtrack.store.runs import fail_run, finish_run, start_run


@dataclass(frozen=True, slots=True)
class IngestResult:
    origin: str
    status: str  # added | duplicate | syndicated | failed | skipped
    article_id: str | None = None
    message: str = ""
    notes: tuple[str, ...] = ()  # metadata ignored on the way in (a bad date or URL)


@dataclass(slots=True)
class IngestReport:
    run_id: str
    results: list[IngestResult] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(r.status for r in self.results))

    @property
    def failed(self) -> list[IngestResult]:
        return [r for r in self.results if r.status == "failed"]


#: Articles saved per database connection: the connection is closed in between, so
#: another process (the review app, an analyst's verdict) waits at most one batch.
INGEST_BATCH = 256


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    fmt: str = "auto",
    defaults: IngestDefaults | None = None,
    on_result: Callable[[IngestResult], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest files and directories. A bad file or record is reported and skipped;
    every stored article is written in one transaction, so none is ever half-stored.
    Articles are saved :data:`INGEST_BATCH` per connection; a run that stops on an error
    (or is killed: see :func:`claimtrack.store.runs.fail_abandoned_runs`) is marked failed.
    """
    defaults = defaults or IngestDefaults()
    store.ensure_ready(create=True)
    with store.session() as session:
        run_id = start_run(
            session,
            "ingest",
            "claimtrack-ingest",
            __version__,
            {"paths": [str(p) for p in paths], "format": fmt},
        )
    report = IngestReport(run_id)

    def record(result: IngestResult) -> None:
        report.results.append(result)
        if on_result is not None:
            on_result(result)

    pending: list[Article] = []

    def save() -> None:
        with store.session() as session:
            outcomes = save_articles(session, pending, run_id)
        for item, outcome in zip(pending, outcomes, strict=True):
            record(IngestResult(item.origin or "", outcome, item.article_id,
                                _MESSAGES[outcome], item.notes))  # fmt: skip
        pending.clear()

    try:
        files = list(discover(paths, fmt))
        for done, (path, file_fmt) in enumerate(files, start=1):
            if on_progress is not None:
                on_progress(done, len(files))
            problem = _file_problem(path, file_fmt)
            if problem is not None:
                record(problem)
                continue
            assert file_fmt is not None
            for item in read_inputs(path, file_fmt, defaults):
                if isinstance(item, IngestError):
                    record(IngestResult(item.where, "failed", message=item.reason))
                    continue
                pending.append(replace(item, origin=item.origin or str(path)))
                if len(pending) >= INGEST_BATCH:
                    save()
        save()
    except BaseException as error:
        with store.session() as session:
            fail_run(session, run_id, f"{type(error).__name__}: {error}", report.counts)
        raise
    with store.session() as session:
        finish_run(session, run_id, "partial" if report.failed else "ok", report.counts)
    return report


def ingest_text(
    store: Store,
    article: ArticleInput,
    *,
    defaults: IngestDefaults | None = None,
) -> IngestResult:
    """Store one article given as text (a service or a script, not a file), in one run.

    The metadata is checked as a file's would be (a bad date or URL is an
    :class:`IngestError` naming the field); nothing is stored when it fails.
    """
    defaults = defaults or IngestDefaults()
    prepared = prepare(article, {}, defaults)  # raises IngestError before anything is written
    store.ensure_ready(create=True)
    with store.session() as session:
        run_id = start_run(session, "ingest", "claimtrack-ingest", __version__,
                           {"origin": article.origin, "format": "text"})  # fmt: skip
        try:
            outcome = save_article(session, prepared, run_id)
        except BaseException as error:
            fail_run(session, run_id, f"{type(error).__name__}: {error}")
            raise
        finish_run(session, run_id, "ok", {outcome: 1})
    return IngestResult(article.origin, outcome, prepared.article_id, _MESSAGES[outcome],
                        prepared.notes)  # fmt: skip


_MESSAGES = {
    "added": "",
    "duplicate": "same text already stored",
    "syndicated": "same text already stored under another source/URL; linked",
}


def _file_problem(path: Path, file_fmt: str | None) -> IngestResult | None:
    if not path.exists():
        return IngestResult(str(path), "failed", message="no such file or directory")
    if file_fmt is None:
        return IngestResult(str(path), "skipped", message="not an input format")
    if file_fmt == "unknown":
        return IngestResult(
            str(path),
            "failed",
            message="unknown file type; pass --format (txt, html, jsonl, json, csv, rss)",
        )
    return None
