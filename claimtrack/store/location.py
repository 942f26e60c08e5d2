"""Where a claimtrack database lives: a DuckDB file, or a DuckLake catalog on PostgreSQL.

``--db`` / ``CLAIMTRACK_DB`` takes either a file path or
``ducklake:postgres:<libpq conninfo>`` (e.g. ``ducklake:postgres:host=db.desk port=5432
dbname=claims user=rana``), with the Parquet data files under ``--data-path`` /
``CLAIMTRACK_DATA_PATH`` (a shared directory, or ``s3://bucket/prefix``).

Only PostgreSQL catalogs are accepted: a SQLite catalog answered ``database is locked``
under two concurrent writers, and a DuckDB-file catalog cannot be shared between
processes at all (measured; see docs/SCALING.md).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from claimtrack.errors import ConfigError

LAKE_PREFIX = "ducklake:"
POSTGRES_PREFIX = "ducklake:postgres:"
_SECRET = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def is_lake(db: str | os.PathLike[str]) -> bool:
    """True when ``db`` names a DuckLake catalog rather than a DuckDB file."""
    return str(db).startswith(LAKE_PREFIX)


@dataclass(frozen=True, slots=True)
class LakeLocation:
    """A DuckLake catalog in PostgreSQL plus where its Parquet files go."""

    conninfo: str
    data_path: str | None = None

    @classmethod
    def parse(cls, db: str, data_path: str | os.PathLike[str] | None = None) -> LakeLocation:
        if not db.startswith(POSTGRES_PREFIX):
            catalog = db[len(LAKE_PREFIX) :].split(":", 1)[0] or "(none)"
            raise ConfigError(
                f"unsupported DuckLake catalog {catalog!r} in --db: use "
                "'ducklake:postgres:<conninfo>' (SQLite catalogs lock under concurrent "
                "writers and DuckDB-file catalogs cannot be shared)"
            )
        conninfo = db[len(POSTGRES_PREFIX) :].strip()
        if not conninfo:
            raise ConfigError(
                "--db ducklake:postgres: needs a PostgreSQL connection string, e.g. "
                "'ducklake:postgres:host=127.0.0.1 port=5432 dbname=claims user=rana'"
            )
        path = str(data_path) if data_path not in (None, "") else None
        if path is not None and "://" not in path:
            path = str(Path(path).expanduser().resolve())
        return cls(conninfo, path)

    @property
    def display(self) -> str:
        """The location with any password masked (for titles and messages)."""
        return POSTGRES_PREFIX + _SECRET.sub(r"\1***", self.conninfo)

    @property
    def cache_key(self) -> str:
        """A stable short id of this catalog, for client-side caches (never the conninfo)."""
        canonical = " ".join(sorted(self.conninfo.split()))
        return hashlib.sha256(f"{canonical}\n{self.data_path or ''}".encode()).hexdigest()[:16]


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/claimtrack`` (default ``~/.cache/claimtrack``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimtrack"
