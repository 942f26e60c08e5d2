"""Integrity and recovery: ``claimtrack check``, ``backup`` and ``restore``.

``check`` reads everything and changes nothing. It reports *problems* (exit 1): a claim
whose text is not its article's text at its offsets, a row that points at a missing row
(event, link, group member, suggestion, appearance, extraction record), a malformed
vector, a run left ``running`` by a process that no longer exists, a damaged search-index
file, a schema that needs ``claimtrack init``. It also lists *notes* that need no action:
vectors no text uses any more, search indexes that are stale (rebuilt at the next search),
runs in progress or on another host.

``check`` works on a DuckDB file and on a DuckLake catalog (team mode). ``backup`` and
``restore`` copy a DuckDB *file*; on a DuckLake catalog they refuse with one line: its
state is the PostgreSQL catalog plus the Parquet files under its data path, which are
backed up with PostgreSQL's and the file system's tools (docs/SCALING.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from claimtrack.errors import InvalidValueError, NotFoundError, StoreError
from claimtrack.output_files import open_output
from claimtrack.store import Store
from claimtrack.store import integrity as checks
from claimtrack.store import vectors as vector_rows
from claimtrack.store.runs import abandoned_runs
from claimtrack.store.sqlfiles import migrations


@dataclass(slots=True)
class CheckReport:
    """Findings of ``check``: each ``{check, item, detail, problem}``."""

    findings: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["problem"]]

    @property
    def ok(self) -> bool:
        return not self.problems


def check(store: Store) -> CheckReport:
    """Check the database and its search-index files (read-only)."""
    if store.path is not None and not store.path.exists():
        raise NotFoundError(f"no database at {store.path}; nothing to check")
    report = CheckReport()
    with store.session() as session:
        pending = [m for m in migrations() if m.version not in store.applied_versions(session)]
        if pending:
            # The other checks read tables a pending migration creates or changes.
            report.findings.append(_problem("schema", store.display,
                                            f"{len(pending)} migration(s) pending; run "
                                            "'claimtrack init'"))  # fmt: skip
            return report
        report.counts = checks.table_counts(session)
        report.findings += checks.sql_findings(session)
        abandoned = {run["run_id"]: run for run in abandoned_runs(session)}
        for run in session.query("runs_running").iter_rows(named=True):
            gone = abandoned.get(run["run_id"])
            item = (
                f"run {run['run_id']} ({run['stage']}, started {run['started_at']:%Y-%m-%d %H:%M})"
            )
            if gone is not None:
                report.findings.append(_problem("runs", item, f"left running: {gone['why']}; "
                                                "the next run marks it failed"))  # fmt: skip
            else:
                where = f"process {run['pid']} on {run['host']}"
                report.findings.append(_note("runs", item, f"in progress ({where})"))
        models = session.sql("SELECT DISTINCT model_id FROM text_vectors ORDER BY model_id")
        keys = {
            (corpus, model): vector_rows.vector_keys(session, corpus, model)
            for model in models["model_id"].to_list()
            for corpus in ("claims", "factchecks")
        }
    report.findings += _index_findings(store, keys)
    return report


def _problem(check_name: str, item: str, detail: str) -> dict[str, Any]:
    return {"check": check_name, "item": item, "detail": detail, "problem": True}


def _note(check_name: str, item: str, detail: str) -> dict[str, Any]:
    return {"check": check_name, "item": item, "detail": detail, "problem": False}


def _index_findings(store: Store, keys: dict[tuple[str, str], list[str]]) -> list[dict[str, Any]]:
    """Each search-index file is readable; one whose rows no longer match is only stale."""
    from claimtrack.api.vectors import index_path
    from claimtrack.embedding.index import IndexFileError, VectorIndex, compute_fingerprint

    found = []
    folder = store.cache_dir()
    if folder.exists() and not folder.is_dir():
        found.append(_problem("indexes", str(folder), "a file is where the index folder goes"))
        return found
    for (corpus, model), ids in keys.items():
        path = index_path(store, corpus, model)
        if not path.exists():
            continue
        try:
            meta = VectorIndex.read_meta(path)
        except IndexFileError as error:
            found.append(_problem("indexes", str(path), f"{error}; delete it to rebuild"))
            continue
        dimension = int(meta.get("dimension", 0))
        if meta.get("fingerprint") != compute_fingerprint(ids, model, dimension):
            found.append(_note("indexes", str(path),
                               f"stale ({meta.get('count')} vectors, the store has {len(ids)}); "
                               "rebuilt at the next search"))  # fmt: skip
    return found


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    counts: dict[str, int]


def backup(store: Store, path: Path | str, *, force: bool = False) -> BackupReport:
    """Write a consistent, verified copy of the database file to ``path``.

    An existing ``path`` is replaced only with ``force``. The copy is written like every
    output file (:mod:`claimtrack.output_files`: atomically for a regular file) and then
    opened and compared table by table with the database.
    """
    path = Path(path)
    database = _database_file(store, "backup")
    if not database.exists():
        raise NotFoundError(f"no database at {database}; nothing to back up")
    if path.exists() and not force:
        raise InvalidValueError(f"{path} exists; pass --force to replace it")
    if path.resolve() == database.resolve():
        raise InvalidValueError("the backup cannot be the database file itself")

    def write(copy: Any) -> None:
        out: IO[bytes]
        with open_output(path, binary=True) as out:
            copy(out)

    counts = checks.backup_to(store, write)
    if path.is_file():
        checks.verify_copy(path, counts)
    return BackupReport(path, counts)


def restore(store: Store, path: Path | str, *, force: bool = False) -> BackupReport:
    """Replace the database with the backup at ``path`` (checked first), then bring it
    to the current schema. An existing database is replaced only with ``force``."""
    path = Path(path)
    database = _database_file(store, "restore")
    if not path.is_file():
        raise NotFoundError(f"no backup file at {path}")
    if database.exists() and path.resolve() == database.resolve():
        raise InvalidValueError("the backup is the database file itself")
    info = checks.inspect_backup(path)
    known = {m.version for m in migrations()}
    newer = [v for v in info["versions"] if v not in known]
    if newer:
        raise StoreError(
            f"{path} was made by a newer claimtrack (migrations {newer}); upgrade claimtrack "
            "to restore it"
        )
    if database.exists() and not force:
        raise InvalidValueError(
            f"{database} exists; restoring would replace it -- pass --force (or restore "
            "into a new file with --db)"
        )
    checks.replace_database(store, path)
    store.migrate()
    return BackupReport(path, info["counts"])


def _database_file(store: Store, command: str) -> Path:
    """The database file of ``store``; a DuckLake catalog is refused (one line, exit 2)."""
    if store.path is None:
        raise InvalidValueError(
            f"{command} works on a DuckDB database file, and {store.name} is a DuckLake "
            "catalog: back up its PostgreSQL catalog (pg_dump) and its data path instead "
            "(docs/SCALING.md)"
        )
    return store.path
