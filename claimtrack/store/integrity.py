"""Integrity checks, backup and restore of a database file (the DuckDB side).

The checks are named SQL queries (``check_*.sql``) that return the offending rows. A
backup is a byte copy of the database file taken while this process holds DuckDB's file
lock, right after a ``CHECKPOINT`` has folded the write-ahead log into the file: no other
process can write during the copy, so the copy is consistent, and it is verified by
opening it and counting every table's rows against the original.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import duckdb

from claimtrack.errors import StoreError
from claimtrack.store.db import Session, Store
from claimtrack.store.session import quiet

#: The SQL checks: (name, query, what a row means).
SQL_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("claim spans", "check_claim_spans", "claim text is not its article's text at its offsets"),
    ("references", "check_references", "row points at a row that does not exist"),
    ("vectors", "check_vectors", "stored vector is malformed or unused"),
)


def sql_findings(session: Session) -> list[dict[str, Any]]:
    """Every finding of the SQL checks: ``{check, item, detail, problem}``."""
    findings = []
    for check, query, _ in SQL_CHECKS:
        for row in session.query(query).iter_rows(named=True):
            findings.append({"check": check, "item": row["item"], "detail": row["detail"],
                             "problem": bool(row.get("problem", True))})  # fmt: skip
    return findings


def table_counts(session: Session) -> dict[str, int]:
    """Exact row count of every table (names come from DuckDB's catalog, not from users)."""
    names = session.query("catalog_tables")["table_name"].to_list()
    return {name: int(session.scalar(f'SELECT count(*) FROM "{name}"')) for name in names}


def _counts_of(path: Path) -> dict[str, int]:
    try:
        con = quiet(duckdb.connect(str(path), read_only=True))
    except duckdb.Error as error:
        raise StoreError(
            f"{path} is not a DuckDB database ({str(error).splitlines()[0]})"
        ) from error
    try:
        return table_counts(Session(con))
    finally:
        con.close()


def backup_to(store: Store, write: Callable[[Callable[[IO[bytes]], None]], None]) -> dict[str, int]:
    """Copy the database consistently through ``write`` (which opens the destination and
    calls the copier with a binary file object); returns the row counts it holds."""
    database = _database_file(store)
    with store.session() as session:  # holds the file lock until the copy is done
        session.run("CHECKPOINT")
        counts = table_counts(session)

        def copy(out: IO[bytes]) -> None:
            with open(database, "rb") as source:
                shutil.copyfileobj(source, out, 1 << 20)

        write(copy)
    return counts


def verify_copy(path: Path, expected: dict[str, int]) -> None:
    """Raise ``StoreError`` unless the database at ``path`` has exactly ``expected`` rows."""
    found = _counts_of(path)
    if found != expected:
        differ = sorted(k for k in set(found) | set(expected) if found.get(k) != expected.get(k))
        raise StoreError(f"the copy at {path} does not match the database (tables {differ})")


def inspect_backup(path: Path) -> dict[str, Any]:
    """What a backup file holds: its table row counts and applied migration versions."""
    counts = _counts_of(path)
    if "schema_migrations" not in counts:
        raise StoreError(f"{path} is a DuckDB database but not a claimtrack one (no migrations)")
    con = quiet(duckdb.connect(str(path), read_only=True))
    try:
        versions = [
            row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()
        ]
    finally:
        con.close()
    return {"counts": counts, "versions": sorted(versions)}


def replace_database(store: Store, source: Path) -> None:
    """Put a copy of the database file ``source`` in place of ``store``'s file.

    The current file (if any) is checkpointed under its lock first, so no write-ahead log
    of the old database is left to be replayed into the new one; the copy is written
    next to it and renamed over it, so the file is either the old one or the new one.
    """
    target = _database_file(store)
    if target.exists():
        with store.session() as session:  # waits for (or names) another process
            session.run("CHECKPOINT")
    wal = target.with_name(target.name + ".wal")
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".restore", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as data:
            shutil.copyfileobj(data, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        if wal.exists():
            wal.unlink()
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _database_file(store: Store) -> Path:
    if store.path is None:
        raise StoreError(f"{store.display} is a DuckLake catalog, not a DuckDB database file")
    return store.path
