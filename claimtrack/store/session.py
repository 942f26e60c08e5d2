"""One open connection (``Session``): named queries, bulk inserts, keyed upserts, and
transactions that retry when another writer got there first.

Two dialects share this class: ``duckdb`` (a database file) and ``ducklake`` (a DuckLake
catalog on PostgreSQL, see :mod:`claimtrack.store.lake`). They differ only in how a
keyed write is spelled (``ON CONFLICT`` vs ``MERGE``) and in ``lock_keys``.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import random
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any, Literal, TypeVar

import duckdb
import polars as pl

from claimtrack.errors import StoreError, TransactionConflictError
from claimtrack.store.sqlfiles import query_sql

Params = Mapping[str, Any] | None
Dialect = Literal["duckdb", "ducklake"]
T = TypeVar("T")


class _MissingPandas(importlib.abc.MetaPathFinder):
    """Fails ``import pandas`` at once when pandas is not installed.

    DuckDB's parameter binding runs ``import pandas`` twice on every ``execute`` with
    parameters; a failed import is not cached, so each try searched ``sys.path`` again:
    ~25% of ingest's CPU time without pandas (issue 13, ``bench/bench_scale.py ingest``).
    A ``None`` in ``sys.modules`` did the same but broke libraries that read
    ``sys.modules["pandas"]`` (scikit-learn 1.9's data-frame checks). Only an import
    statement is failed early; a probe (``importlib.util.find_spec``, which transformers
    uses to ask whether pandas is there) gets the usual ``None``.
    """

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name != "pandas" and not name.startswith("pandas."):
            return None
        caller = sys._getframe(2).f_code.co_name  # [0] here, [1] importlib's _find_spec
        if caller == "_find_and_load_unlocked":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _remember_missing_pandas() -> None:
    """Install :class:`_MissingPandas` once, when pandas is not installed."""
    if any(isinstance(f, _MissingPandas) for f in sys.meta_path):
        return
    if "pandas" not in sys.modules and importlib.util.find_spec("pandas") is None:
        sys.meta_path.insert(0, _MissingPandas())


_remember_missing_pandas()
_CONFLICT_MARKERS = ("transaction conflict", "conflict on", "write-write conflict",
                     "could not serialize", "concurrent update")  # fmt: skip


def is_conflict(error: BaseException) -> bool:
    """A transaction lost a race with another writer (safe to run again from the start)."""
    if isinstance(error, duckdb.TransactionException):
        return True
    text = str(error).lower()
    return isinstance(error, duckdb.Error) and any(m in text for m in _CONFLICT_MARKERS)


def quiet(connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Switch off DuckDB's progress bar on a new connection or cursor (it is per
    connection): on a long query it prints to the terminal, which once broke a
    multi-writer test reading a child process's output."""
    connection.execute("SET enable_progress_bar=false")
    return connection


def _one_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


class Session:
    """One open connection. Store modules use it; nothing outside ``claimtrack.store`` does."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        *,
        dialect: Dialect = "duckdb",
        conflict_timeout: float = 30.0,
        clean: Callable[[str], str] = lambda message: message,
    ) -> None:
        self._con = connection
        self.dialect: Dialect = dialect
        self.conflict_timeout = conflict_timeout
        self._clean = clean
        self._depth = 0  # open transactions; inner ones join the outer one

    def _error(self, error: duckdb.Error, what: str) -> StoreError:
        message = f"{what}: {self._clean(_one_line(error))}"
        if is_conflict(error):
            return TransactionConflictError(message)
        return StoreError(message)

    # ------------------------------------------------------------------ statements
    def query(self, name: str, params: Params = None) -> pl.DataFrame:
        """Run the named query ``sql/queries/NAME.sql`` and return a Polars frame."""
        return self.sql(query_sql(name, self.dialect), params, what=f"query {name}")

    def execute(self, name: str, params: Params = None) -> None:
        """Run a named statement that returns no rows."""
        self.run(query_sql(name, self.dialect), params, what=f"statement {name}")

    def sql(self, text: str, params: Params = None, *, what: str = "query") -> pl.DataFrame:
        try:
            if params:
                # A parameterised ``con.sql`` relation fetched with ``.pl()`` took 4.8x as
                # long as ``execute`` for the 1M-claim export query (bench/bench_scale.py
                # export, issue 13); the frame is the same.
                return self._con.execute(text, dict(params)).pl()
            relation = self._con.sql(text)
            if relation is None:
                return pl.DataFrame()
            return relation.pl()
        except duckdb.Error as error:
            raise self._error(error, what) from error

    def run(self, text: str, params: Params = None, *, what: str = "statement") -> None:
        """Run one statement; outside a transaction a lost race is retried (it is atomic)."""
        if self._depth:
            self._run_once(text, params, what)
        else:
            self._retrying(lambda: self._run_once(text, params, what), what)

    def _run_once(self, text: str, params: Params, what: str) -> None:
        try:
            self._con.execute(text, dict(params) if params else None)
        except duckdb.Error as error:
            raise self._error(error, what) from error

    def scalar(self, text: str, params: Params = None) -> Any:
        try:
            # fetchall() consumes the result: an unfinished one blocks the next statement.
            rows = self._con.execute(text, dict(params) if params else None).fetchall()
        except duckdb.Error as error:
            raise self._error(error, "query") from error
        return rows[0][0] if rows else None

    # --------------------------------------------------------------- bulk writes
    def insert_frame(self, table: str, frame: pl.DataFrame) -> None:
        """Bulk-insert a frame through Arrow (``executemany`` manages ~36 rows/s here).

        ``table`` comes from store code, never from user input.
        """
        self._with_frame(table, frame, lambda view, cols: (
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}"))  # fmt: skip

    def upsert(
        self,
        table: str,
        frame: pl.DataFrame,
        key: Sequence[str],
        *,
        update: Sequence[str] = (),
        also: Mapping[str, str] | None = None,
    ) -> None:
        """Insert rows whose ``key`` is new; for existing keys set the ``update`` columns
        from the new row (and ``also``: column -> constant SQL), or leave them alone.

        ``table``, ``key``, ``update`` and ``also`` come from store code, never from input.
        """
        sets = [f'"{c}" = {{src}}."{c}"' for c in update]
        sets += [f'"{c}" = {value}' for c, value in (also or {}).items()]

        def statement(view: str, cols: str) -> str:
            if self.dialect == "duckdb":
                keys = ", ".join(f'"{k}"' for k in key)
                action = ("DO UPDATE SET " + ", ".join(s.format(src="excluded") for s in sets)
                          if sets else "DO NOTHING")  # fmt: skip
                return (f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view} "
                        f"ON CONFLICT ({keys}) {action}")  # fmt: skip
            on = " AND ".join(f't."{k}" = s."{k}"' for k in key)
            values = ", ".join(f's."{c}"' for c in frame.columns)
            matched = (" WHEN MATCHED THEN UPDATE SET " + ", ".join(s.format(src="s") for s in sets)
                       if sets else "")  # fmt: skip
            return (f"MERGE INTO {table} AS t USING {view} AS s ON {on}{matched} "
                    f"WHEN NOT MATCHED THEN INSERT ({cols}) VALUES ({values})")  # fmt: skip

        # Several rows with one key in a batch would both be inserted on DuckLake.
        rows = frame.unique(subset=list(key), keep="last", maintain_order=True)

        def write(session: Session) -> None:
            session.lock_keys(table)
            session._with_frame(table, rows, statement)

        self.atomic(write, what=f"write to {table}")

    def _with_frame(self, table: str, frame: pl.DataFrame,
                    statement: Callable[[str, str], str]) -> None:  # fmt: skip
        if frame.is_empty():
            return
        view = f"_claimtrack_insert_{table}"
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        try:
            self._con.register(view, frame.to_arrow())
            self._con.execute(statement(view, columns))
        except duckdb.Error as error:
            raise self._error(error, f"write to {table}") from error
        finally:
            self._con.unregister(view)

    def lock_keys(self, table: str) -> None:
        """Serialise keyed writes to ``table`` (DuckLake only; a DuckDB file has real keys).

        Two transactions that both update the table's row in ``store_write_keys`` cannot
        both commit: the second gets a conflict, is retried, and then sees the first's rows.
        """
        if self.dialect != "ducklake":
            return
        if not self._depth:
            raise StoreError(f"keyed write to {table} outside a transaction")
        self._run_once("UPDATE store_write_keys SET written_at = now() WHERE table_name = $t",
                       {"t": table}, f"lock {table}")  # fmt: skip

    # -------------------------------------------------------------- transactions
    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """All or nothing: a failure inside rolls every statement back. Nested blocks join
        the outer transaction. A lost race raises TransactionConflictError (see atomic)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._run_once("BEGIN TRANSACTION", None, "begin")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            self._run_once("COMMIT", None, "commit")
        except StoreError:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def atomic(self, work: Callable[[Session], T], *, what: str = "write") -> T:
        """Run ``work(session)`` in one transaction; when another writer's commit conflicts
        with it, roll back and run it again (up to ``conflict_timeout`` seconds)."""
        if self._depth:
            return work(self)

        def attempt() -> T:
            with self.transaction():
                return work(self)

        return self._retrying(attempt, what)

    def _retrying(self, attempt: Callable[[], T], what: str) -> T:
        deadline = time.monotonic() + self.conflict_timeout
        delay, tries = 0.02, 0
        while True:
            tries += 1
            try:
                return attempt()
            except TransactionConflictError as error:
                if time.monotonic() >= deadline:
                    raise TransactionConflictError(
                        f"{what} kept conflicting with other writers for "
                        f"{self.conflict_timeout:.0f} s ({tries} tries; last: {error}); "
                        "nothing was written, try again"
                    ) from error
            time.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, 0.5)

    def _rollback(self) -> None:
        self._depth = 0
        with suppress(duckdb.Error):  # a failed commit has already ended the transaction
            self._con.execute("ROLLBACK")
