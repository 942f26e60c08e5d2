"""The demo: a fresh database built from the bundled seed articles, every stage run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.api.ingest import ingest_paths
from claimtrack.errors import ClaimtrackError
from claimtrack.pipeline.ingest import IngestDefaults
from claimtrack.store import Store
from claimtrack.store.runs import finish_run, start_run

DEMO_STAGE = "demo"


@dataclass(slots=True)
class DemoSummary:
    db: Path
    lines: list[str] = field(default_factory=list)
    report: Path | None = None


def _is_demo_database(path: Path) -> bool:
    try:
        with Store(path, busy_timeout=2).session() as session:
            return bool(
                session.scalar(
                    "SELECT count(*) FROM pipeline_runs WHERE stage = $stage", {"stage": DEMO_STAGE}
                )
            )
    except ClaimtrackError:
        return False


def _fresh(path: Path, force: bool) -> None:
    if path.exists():
        if not force and not _is_demo_database(path):
            raise ClaimtrackError(
                f"{path} exists and is not a demo database; pass --force to replace it or "
                "choose another --db"
            )
        path.unlink()
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.unlink()


def build_demo(
    db: Path,
    seeds: Path,
    *,
    force: bool = False,
    languages: tuple[str, ...] = ("ar", "en"),
    say: Callable[[str], None] = lambda line: None,
) -> DemoSummary:
    """Replace ``db`` with a demo database built from ``seeds`` and run each stage."""
    _fresh(db, force)
    store = Store(db)
    store.migrate()
    summary = DemoSummary(db)

    def note(line: str) -> None:
        summary.lines.append(line)
        say(line)

    with store.session() as session:
        run_id = start_run(session, DEMO_STAGE, "claimtrack-demo", "1", {"seeds": str(seeds)})
    report = ingest_paths(store, [seeds], defaults=IngestDefaults(languages=languages))
    counts = report.counts
    note(f"ingest: {counts.get('added', 0)} article(s) from {seeds}")
    for failure in report.failed:
        note(f"  failed: {failure.origin}: {failure.message}")
    with store.session() as session:
        finish_run(session, run_id, "ok", {"articles": counts.get("added", 0)})
    return summary
