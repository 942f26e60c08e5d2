"""The store: migrations are recorded, re-runnable, atomic; every named query runs."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from claimtrack.errors import DatabaseBusyError, NotFoundError, StoreError
from claimtrack.store import Store
from claimtrack.store.sqlfiles import migrations, query_names, query_sql


def test_migrate_records_each_migration_once(db_path: Path) -> None:
    store = Store(db_path)
    first = store.migrate()
    assert [m.version for m in first] == [m.version for m in migrations()]
    assert store.migrate() == []  # re-running applies nothing
    with store.session() as session:
        rows = session.sql("SELECT version, name FROM schema_migrations ORDER BY version")
    assert rows["version"].to_list() == [m.version for m in migrations()]


def test_upgrade_keeps_existing_rows(db_path: Path) -> None:
    """A database at the first migration, with data, upgrades and loses nothing."""
    store = Store(db_path)
    store.migrate(target=1)
    with store.session() as session:
        session.run(
            "INSERT INTO articles (article_id, text, language, language_method, chars, run_id,"
            " ingested_at) VALUES ('a1', 'نص', 'ar', 'given', 2, 'r1', now())"
        )
    store.migrate()
    assert store.pending() == []
    with store.session() as session:
        assert session.scalar("SELECT text FROM articles WHERE article_id = 'a1'") == "نص"


def _sample(name: str) -> object:
    if name.endswith(("_keys", "_ids")) or name == "keep":
        return ["x"]
    if name.endswith("_lists"):
        return [["x"]]
    if name == "now" or name.endswith("_at"):
        return datetime(2024, 1, 2, tzinfo=UTC)
    if name in ("published", "since", "until") or name.endswith("_date"):
        return date(2024, 1, 2)
    if name in ("limit", "offset", "k", "chars", "pid") or name.endswith(
        ("_index", "_count", "_start", "_end")
    ):
        return 1
    if name.startswith(("min_", "max_")) or name in ("score", "checkworthiness"):
        return 0.5
    if name.startswith(("is_", "has_", "include_")):
        return False
    return "x"


@pytest.mark.parametrize("name", sorted(query_names()))
def test_every_named_query_runs_on_an_empty_database(store: Store, name: str) -> None:
    _run_named(store, name)


@pytest.mark.parametrize("name", sorted(query_names()))
def test_every_named_query_runs_on_an_empty_ducklake(shared_lake_store: Store, name: str) -> None:
    """The same queries (or their NAME.ducklake.sql spelling) on a DuckLake catalog."""
    _run_named(shared_lake_store, name)


def _run_named(store: Store, name: str) -> None:
    with store.session() as session:
        sql = query_sql(name, session.dialect)
        params = {p: _sample(p) for p in set(re.findall(r"\$([a-z_][a-z0-9_]*)", sql))}
        session.run("BEGIN TRANSACTION")
        try:
            session.sql(sql, params, what=name)
        finally:
            session.run("ROLLBACK")


def test_unknown_query_name_is_an_error(store: Store) -> None:
    with store.session() as session, pytest.raises(StoreError, match="unknown query"):
        session.query("no_such_query")


def test_failed_migration_rolls_back(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimtrack.store import db as db_module
    from claimtrack.store.sqlfiles import Migration

    broken = [*migrations(), Migration(9999, "broken", "CREATE TABLE half (x INT); SELEC oops;")]
    monkeypatch.setattr(db_module, "migrations", lambda: broken)
    store = Store(db_path)
    with pytest.raises(StoreError, match="9999_broken failed and was rolled back"):
        store.migrate()
    with store.session() as session:
        assert (
            session.scalar(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'half'"
            )
            == 0
        )
        assert 9999 not in store.applied_versions(session)


def test_reading_a_missing_database_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="claimtrack init"):
        Store(tmp_path / "none.duckdb").read(
            "articles_list", {"language": None, "source": None, "limit": 1}
        )


def test_busy_database_names_the_other_process(store: Store) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
            "time.sleep(30)",
            str(store.path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        busy = Store(store.path, busy_timeout=0.3)
        with pytest.raises(DatabaseBusyError, match=rf"PID {holder.pid}"), busy.session():
            pass
    finally:
        holder.kill()
        holder.wait()


def test_short_sessions_let_two_processes_take_turns(store: Store) -> None:
    """A writer holding the file briefly delays a reader; it does not fail it."""
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from claimtrack.store import Store\n"
            "store = Store(sys.argv[1])\n"
            "for i in range(10):\n"
            "    with store.session() as s:\n"
            "        s.run('CREATE TABLE IF NOT EXISTS t (x INT)')\n"
            "        s.run('INSERT INTO t VALUES (1)')\n"
            "        time.sleep(0.05)\n"
            "    time.sleep(0.02)\n",
            str(store.path),
        ],
    )
    try:
        for _ in range(10):
            with store.session() as session:
                session.scalar("SELECT count(*) FROM schema_migrations")
    finally:
        writer.wait(timeout=30)
    assert writer.returncode == 0
    with store.session() as session:
        assert session.scalar("SELECT count(*) FROM t") == 10


def test_sessions_print_no_progress_bar(store: Store) -> None:
    """A long query must not draw DuckDB's progress bar on the terminal (it once broke a
    multi-writer test reading a child process's output)."""
    with store.session() as session:
        assert session.scalar("SELECT current_setting('enable_progress_bar')") is False


def test_a_missing_pandas_is_looked_up_once(tmp_path: Path) -> None:
    """DuckDB tries ``import pandas`` on every parameterised execute; without pandas the
    store records it as missing so that no try searches sys.path again (issue 13), without
    putting a placeholder in ``sys.modules`` (scikit-learn reads ``sys.modules["pandas"]``)."""
    script = f"""
import importlib.util, sys
missing = importlib.util.find_spec("pandas") is None
from claimtrack.store import Store
store = Store({str(tmp_path / "p.duckdb")!r})
store.migrate()
searched = []
class Finder:
    def find_spec(self, name, path=None, target=None):
        searched.append(name)
sys.meta_path.append(Finder())  # reached only when every finder before it found nothing
with store.session() as session:
    for n in range(20):
        assert session.sql("SELECT $n AS n", {{"n": n}})["n"].to_list() == [n]
count = searched.count("pandas")
probe = importlib.util.find_spec("pandas")  # a probe answers None, as without the store
print(missing, count, "pandas" in sys.modules, probe is None or not missing)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()  # fmt: skip
    assert out[2] == "False" and out[3] == "True"
    if out[0] == "True":
        assert out[1] == "0"
    else:  # pandas installed: nothing to remember, and imported once at most
        assert int(out[1]) <= 1


def test_threads_of_one_process_open_and_close_sessions_freely(store: Store) -> None:
    """The review app reads from several worker threads at once: one closing the file
    while another opens it is a moment's wait, never an error shown to the analyst."""
    from concurrent.futures import ThreadPoolExecutor

    def read_often(_: int) -> int:
        seen = 0
        for _ in range(100):
            with store.session() as session:
                seen += int(session.scalar("SELECT count(*) + 1 FROM articles"))
        return seen

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(read_often, range(4))) == [100, 100, 100, 100]
