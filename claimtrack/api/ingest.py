"""Ingest orchestration: read files, store articles, report what happened to each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack import __version__
from claimtrack.errors import IngestError
from claimtrack.pipeline.ingest import IngestDefaults, discover, read_inputs
from claimtrack.store import Store
from claimtrack.store.articles import save_article
from claimtrack.store.runs import finish_run, start_run


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
    every stored article is written in one transaction, so none is ever half-stored."""
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

        files = list(discover(paths, fmt))
        for done, (path, file_fmt) in enumerate(files, start=1):
            if on_progress is not None:
                on_progress(done, len(files))
            if not path.exists():
                record(IngestResult(str(path), "failed", message="no such file or directory"))
                continue
            if file_fmt is None:
                record(IngestResult(str(path), "skipped", message="not an input format"))
                continue
            if file_fmt == "unknown":
                record(
                    IngestResult(
                        str(path),
                        "failed",
                        message=(
                            "unknown file type; pass --format (txt, html, jsonl, json, csv, rss)"
                        ),
                    )
                )
                continue
            for item in read_inputs(path, file_fmt, defaults):
                if isinstance(item, IngestError):
                    record(IngestResult(item.where, "failed", message=item.reason))
                    continue
                outcome = save_article(session, item, run_id)
                message = (
                    ""
                    if outcome == "added"
                    else (
                        "same text already stored"
                        if outcome == "duplicate"
                        else "same text already stored under another source/URL; linked"
                    )
                )
                record(
                    IngestResult(
                        item.origin or str(path), outcome, item.article_id, message, item.notes
                    )
                )
        finish_run(session, run_id, "partial" if report.failed else "ok", report.counts)
    return report
