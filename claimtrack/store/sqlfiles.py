"""Find the SQL shipped with claimtrack: numbered migrations and named queries.

The SQL lives in the repository's top-level ``sql/`` folder; the wheel ships it as
``claimtrack/sql`` (see ``[tool.hatch.build.targets.wheel.force-include]``). An editable
install or a source checkout has no ``claimtrack/sql``, so we fall back to ``sql/`` next to
the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from claimtrack.errors import StoreError

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


@cache
def sql_root() -> Traversable:
    """The folder holding ``migrations/`` and ``queries/`` (installed package first)."""
    packaged = resources.files("claimtrack") / "sql"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[2] / "sql"
    if source.is_dir():
        return source
    raise StoreError(
        "claimtrack's SQL files are missing from the installation; reinstall claimtrack "
        "(pip install --force-reinstall claimtrack)"
    )


def migrations() -> list[Migration]:
    """All migrations, in version order. Names must look like ``0001_foundation.sql``."""
    found: dict[int, Migration] = {}
    for entry in (sql_root() / "migrations").iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _MIGRATION_NAME.match(entry.name)
        if match is None:
            raise StoreError(f"badly named migration file {entry.name!r} (want NNNN_name.sql)")
        version = int(match.group(1))
        if version in found:
            raise StoreError(f"two migrations share version {version}: {entry.name}")
        found[version] = Migration(version, match.group(2), entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


@cache
def query_names() -> frozenset[str]:
    return frozenset(
        e.name.removesuffix(".sql")
        for e in (sql_root() / "queries").iterdir()
        if e.name.endswith(".sql") and not e.name.endswith(".ducklake.sql")
    )


@cache
def dialect_variants() -> frozenset[str]:
    """Queries with a DuckLake spelling ``NAME.ducklake.sql`` (keyed writes use MERGE)."""
    return frozenset(
        e.name.removesuffix(".ducklake.sql")
        for e in (sql_root() / "queries").iterdir()
        if e.name.endswith(".ducklake.sql")
    )


@cache
def query_sql(name: str, dialect: str = "duckdb") -> str:
    """The text of the named query ``sql/queries/NAME.sql`` (or its ``NAME.ducklake.sql``
    variant on DuckLake); an unknown name is an error."""
    if name not in query_names():
        raise StoreError(f"unknown query {name!r}")
    file = f"{name}.ducklake.sql" if dialect == "ducklake" and name in dialect_variants() else (
        f"{name}.sql")  # fmt: skip
    return (sql_root() / "queries" / file).read_text(encoding="utf-8")
