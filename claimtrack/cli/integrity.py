"""check, backup, restore: integrity and recovery of the database (backup and restore:
of a database file; see :mod:`claimtrack.api.integrity`)."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli.context import CliContext, pass_ctx
from claimtrack.cli.output import dumps, emit, format_option, say

FINDING_COLUMNS = ["check", "item", "detail", "problem"]


@click.command()
@format_option()
@pass_ctx
def check(obj: CliContext, fmt: str) -> None:
    """Check the database: claim spans match their articles, every event, link, member,
    suggestion and vector points at an existing row, no run was left 'running' by a dead
    process, search-index files are readable. Exits 1 with the list when not.
    """
    from claimtrack.api.integrity import check as run_check
    from claimtrack.store import Store

    store = Store(obj.config.db, data_path=obj.config.data_path)
    report = run_check(store)
    if fmt == "json":
        click.echo(dumps({"ok": report.ok, "problems": report.problems,
                          "findings": report.findings, "counts": report.counts}))  # fmt: skip
    elif report.findings or fmt != "table":
        emit(report.findings, fmt, columns=FINDING_COLUMNS, title="Integrity findings")
    if fmt == "table":
        rows = sum(report.counts.values())
        verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        notes = len(report.findings) - len(report.problems)
        say(f"{store.display}: {verdict}; {notes} note(s); {rows} rows in "
            f"{len(report.counts)} tables.", err=not report.ok)  # fmt: skip
    if not report.ok:
        raise SystemExit(1)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_ctx
def backup(obj: CliContext, path: Path, force: bool) -> None:
    """Write a consistent copy of the database to PATH (a DuckDB file), verified by
    comparing every table's row count with the database."""
    from claimtrack.api.integrity import backup as run_backup
    from claimtrack.store import Store

    if not str(path):
        raise click.BadParameter("an empty path names no file", param_hint="PATH")
    store = Store(obj.config.db, data_path=obj.config.data_path)
    report = run_backup(store, path, force=force)
    say(f"Backed up {store.display} to {report.path}: {sum(report.counts.values())} rows in "
        f"{len(report.counts)} tables, verified.")  # fmt: skip


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the existing database.")
@pass_ctx
def restore(obj: CliContext, path: Path, force: bool) -> None:
    """Replace the database with the backup at PATH (refused without --force when the
    database exists), then upgrade it to the current schema. Close the review app and
    other claimtrack commands on this database first."""
    from claimtrack.api.integrity import restore as run_restore
    from claimtrack.store import Store

    store = Store(obj.config.db, data_path=obj.config.data_path)
    report = run_restore(store, path, force=force)
    say(f"Restored {store.display} from {report.path}: {sum(report.counts.values())} rows in "
        f"{len(report.counts)} tables.")  # fmt: skip


COMMANDS = [check, backup, restore]
