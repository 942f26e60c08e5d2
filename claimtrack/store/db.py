"""The database gateway: the only place that opens DuckDB connections.

DuckDB lets one process hold a file open for writing and then refuses every other
process, even read-only ones. claimtrack therefore never holds a connection for long:
each command (and each TUI worker) opens a short session, does its work and closes it.
Opening retries with backoff while another process holds the lock, and gives up with
one sentence naming that process.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from claimtrack.errors import DatabaseBusyError, NotFoundError, StoreError
from claimtrack.store.sqlfiles import Migration, migrations, query_sql

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")
_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
)
"""

Params = Mapping[str, Any] | None


def _store_error(error: duckdb.Error, what: str) -> StoreError:
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    return StoreError(f"{what}: {message}")


class Session:
    """One open connection. Store modules use it; nothing outside ``claimtrack.store`` does."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._con = connection

    def query(self, name: str, params: Params = None) -> pl.DataFrame:
        """Run the named query ``sql/queries/NAME.sql`` and return a Polars frame."""
        return self.sql(query_sql(name), params, what=f"query {name}")

    def execute(self, name: str, params: Params = None) -> None:
        """Run a named statement that returns no rows."""
        self.run(query_sql(name), params, what=f"statement {name}")

    def sql(self, text: str, params: Params = None, *, what: str = "query") -> pl.DataFrame:
        try:
            relation = self._con.sql(text, params=dict(params) if params else None)
            if relation is None:
                return pl.DataFrame()
            return relation.pl()
        except duckdb.Error as error:
            raise _store_error(error, what) from error

    def run(self, text: str, params: Params = None, *, what: str = "statement") -> None:
        try:
            self._con.execute(text, dict(params) if params else None)
        except duckdb.Error as error:
            raise _store_error(error, what) from error

    def scalar(self, text: str, params: Params = None) -> Any:
        try:
            # fetchall() consumes the result: an unfinished one blocks the next statement.
            rows = self._con.execute(text, dict(params) if params else None).fetchall()
        except duckdb.Error as error:
            raise _store_error(error, "query") from error
        return rows[0][0] if rows else None

    def insert_frame(self, table: str, frame: pl.DataFrame, *, on_conflict: str = "") -> None:
        """Bulk-insert a frame through Arrow (``executemany`` manages ~36 rows/s here).

        ``table`` and ``on_conflict`` come from store code, never from user input.
        """
        if frame.is_empty():
            return
        view = f"_claimtrack_insert_{table}"
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        try:
            self._con.register(view, frame.to_arrow())
            self._con.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {view} {on_conflict}"
            )
        except duckdb.Error as error:
            raise _store_error(error, f"insert into {table}") from error
        finally:
            self._con.unregister(view)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """All or nothing: a failure inside rolls every statement back."""
        self.run("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self.run("COMMIT")


class Store:
    """A claimtrack database file. Cheap to create; opens connections only on demand."""

    def __init__(self, path: Path | str, *, busy_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def _connect(self, create: bool) -> duckdb.DuckDBPyConnection:
        if not create and not self.path.exists():
            raise NotFoundError(
                f"no database at {self.path}; create one with 'claimtrack init' or "
                "'claimtrack ingest', or pass --db PATH"
            )
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.busy_timeout
        delay = 0.01
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as error:
                holder = _LOCK_HOLDER.search(str(error))
                if holder is None:
                    raise _store_error(error, f"cannot open {self.path}") from error
                if time.monotonic() >= deadline:
                    raise DatabaseBusyError(
                        f"database {self.path} is in use by another process "
                        f"(PID {holder.group(2)}, {Path(holder.group(1)).name}); "
                        "wait for it to finish or close it, then retry"
                    ) from error
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
            except duckdb.Error as error:
                raise _store_error(error, f"cannot open {self.path}") from error

    @contextmanager
    def session(self, *, create: bool = False) -> Iterator[Session]:
        """A short-lived connection; closed (and the file lock released) on exit."""
        con = self._connect(create)
        try:
            yield Session(con)
        finally:
            con.close()

    @contextmanager
    def transaction(self, *, create: bool = False) -> Iterator[Session]:
        with self.session(create=create) as session, session.transaction():
            yield session

    # -- migrations -------------------------------------------------------------------

    def applied_versions(self, session: Session) -> set[int]:
        session.run(_MIGRATIONS_TABLE)
        frame = session.sql("SELECT version FROM schema_migrations")
        return set(frame["version"].to_list()) if frame.height else set()

    def migrate(self, *, target: int | None = None) -> list[Migration]:
        """Apply every pending migration (up to ``target``), each in its own transaction."""
        applied: list[Migration] = []
        with self.session(create=True) as session:
            done = self.applied_versions(session)
            for migration in migrations():
                if migration.version in done or (target is not None and migration.version > target):
                    continue
                checksum = hashlib.sha256(migration.sql.encode()).hexdigest()[:16]
                try:
                    with session.transaction():
                        session.run(migration.sql, what=f"migration {migration.version}")
                        session.run(
                            "INSERT INTO schema_migrations VALUES ($v, $n, $c, $t)",
                            {
                                "v": migration.version,
                                "n": migration.name,
                                "c": checksum,
                                "t": datetime.now(UTC),
                            },
                        )
                except StoreError as error:
                    raise StoreError(
                        f"migration {migration.version:04d}_{migration.name} failed and was "
                        f"rolled back ({error})"
                    ) from error
                applied.append(migration)
        return applied

    def pending(self) -> list[Migration]:
        with self.session() as session:
            done = self.applied_versions(session)
        return [m for m in migrations() if m.version not in done]

    def ensure_ready(self, *, create: bool) -> None:
        """Migrate when allowed to write; otherwise insist the schema is current."""
        if create:
            self.migrate()
            return
        if self.pending():
            raise StoreError(
                f"database {self.path} was made by an older claimtrack; "
                "run 'claimtrack init' to upgrade it"
            )

    # -- convenience ------------------------------------------------------------------

    def read(self, name: str, params: Params = None) -> pl.DataFrame:
        """Run one named query in a fresh session."""
        with self.session() as session:
            return session.query(name, params)
