"""DuckLake on PostgreSQL: loading the extensions offline, attaching, and the SQL dialect.

The extensions come from the PyPI packages ``duckdb-extension-ducklake`` and
``duckdb-extension-postgres`` (``pip install 'claimtrack[team]'``), built for one exact
DuckDB version, which is why ``duckdb`` is pinned. Nothing is downloaded at run time:
automatic extension installation is switched off.

A process keeps one in-memory DuckDB instance per catalog with the lake attached (the
first attach costs ~0.6 s, later sessions are a cursor, ~1 ms); every session is a fresh
cursor and so a fresh transaction on the newest snapshot. Unlike a DuckDB file nothing
is locked between sessions: other processes write at the same time.

DuckLake has no PRIMARY KEY/UNIQUE constraints, no indexes and no ``ON CONFLICT``
(measured with 1.5.5). The migrations are written once for DuckDB; :func:`lake_migration`
drops those clauses, and keyed writes use ``MERGE`` plus a row in ``store_write_keys``
that concurrent writers of the same table both update, so that DuckLake reports a
transaction conflict (and claimtrack retries) instead of both inserting the same key.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import re
import tempfile
import threading
from pathlib import Path

import duckdb

from claimtrack.errors import MissingDependencyError, NotFoundError, StoreError
from claimtrack.store.location import LakeLocation, user_cache_dir
from claimtrack.store.session import quiet

ALIAS = "claimtrack_lake"
_INSTALL_HINT = "pip install 'claimtrack[team]'"
_instances: dict[LakeLocation, duckdb.DuckDBPyConnection] = {}
_instances_lock = threading.Lock()


def _extension_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError(
            f"team mode needs the DuckDB extension package {package.replace('_', '-')}: "
            f"{_INSTALL_HINT}"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "extensions"
    wanted = folder / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not wanted.is_file():
        shipped = sorted(p.name for p in folder.glob("v*")) or ["none"]
        raise MissingDependencyError(
            f"{package.replace('_', '-')} ships the extension for DuckDB {', '.join(shipped)} "
            f"but DuckDB {duckdb.__version__} is installed; {_INSTALL_HINT} installs the "
            "matching pair"
        )
    return wanted


def _named_as(source: Path, name: str) -> Path:
    """DuckDB derives an extension's entry point from its file name; the postgres package
    ships ``postgres.duckdb_extension`` for the extension called ``postgres_scanner``."""
    folder = user_cache_dir() / "duckdb-extensions" / source.parent.name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir()) / f"claimtrack-ext-{os.getuid()}" / source.parent.name
        folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.duckdb_extension"
    if not (target.is_symlink() and target.resolve() == source.resolve()):
        temporary = folder / f".{name}.{os.getpid()}.{threading.get_ident()}"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(source)
        os.replace(temporary, target)  # atomic: concurrent processes never see half a link
    return target


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _attach(location: LakeLocation, create: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})  # fmt: skip
    try:
        postgres = _extension_file("duckdb_extension_postgres", "postgres")
        con.execute(f"LOAD {_quote(str(_named_as(postgres, 'postgres_scanner')))}")
        con.execute(f"LOAD {_quote(str(_extension_file('duckdb_extension_ducklake', 'ducklake')))}")
        if location.data_path and "://" in location.data_path:
            httpfs = _extension_file("duckdb_extension_httpfs", "httpfs")
            con.execute(f"LOAD {_quote(str(httpfs))}")
        options = [f"CREATE_IF_NOT_EXISTS {'true' if create else 'false'}"]
        if location.data_path:
            options.append(f"DATA_PATH {_quote(location.data_path)}")
        con.execute(
            f"ATTACH {_quote('ducklake:postgres:' + location.conninfo)} AS {ALIAS} "
            f"({', '.join(options)})"
        )
    except duckdb.Error as error:
        con.close()
        message = _clean(str(error), location)
        if "creating a new DuckLake is explicitly disabled" in message:
            raise NotFoundError(
                f"no claimtrack database at {location.display}; create it with "
                "'claimtrack --db ... --data-path DIR init'"
            ) from None
        if "data_path is not set" in message:
            raise StoreError(
                f"{location.display} is a new DuckLake catalog: give --data-path DIR "
                "(or CLAIMTRACK_DATA_PATH) for its Parquet files"
            ) from None
        raise StoreError(f"cannot open {location.display}: {message}") from None
    except BaseException:
        con.close()
        raise
    return con


def _clean(message: str, location: LakeLocation) -> str:
    """One line, with the connection string (which may hold a password) masked."""
    first = message.splitlines()[0] if message else "unknown error"
    return first.replace(location.conninfo, location.display.removeprefix("ducklake:postgres:"))


def connect(location: LakeLocation, *, create: bool) -> duckdb.DuckDBPyConnection:
    """A new cursor on this process's instance of the catalog, with the lake in use."""
    with _instances_lock:
        root = _instances.get(location)
        if root is None:
            root = _instances[location] = _attach(location, create)
    cursor = quiet(root.cursor())
    cursor.execute(f"USE {ALIAS}")
    return cursor


def clean_error(message: str, location: LakeLocation) -> str:
    return _clean(message, location)


@atexit.register
def _close_all() -> None:
    with _instances_lock:
        for con in _instances.values():
            con.close()
        _instances.clear()


# --------------------------------------------------------------------------- dialect
_COMMENT = re.compile(r"--[^\n]*")
_INDEX = re.compile(r"CREATE\s+(?:UNIQUE\s+)?INDEX\b[^;]*;", re.IGNORECASE)
_TABLE_KEY = re.compile(r",\s*(?:PRIMARY\s+KEY|UNIQUE)\s*\([^)]*\)", re.IGNORECASE)
_COLUMN_KEY = re.compile(r"\s+(?:PRIMARY\s+KEY|UNIQUE)(?=\s*[,\n)])", re.IGNORECASE)


def lake_migration(sql: str) -> str:
    """A migration as DuckLake accepts it: without indexes and key constraints.

    Keys stay the *application's* rule: keyed writes go through ``Session.upsert`` and
    ``Session.lock_keys``, which serialise them on DuckLake.
    """
    sql = _COMMENT.sub("", sql)
    sql = _INDEX.sub("", sql)
    sql = _TABLE_KEY.sub("", sql)
    return _COLUMN_KEY.sub("", sql)
