"""Output helpers shared by every listing command: --format table|json|jsonl|csv."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import click

FORMATS = ("table", "json", "jsonl", "csv")
F = TypeVar("F", bound=Callable[..., Any])


def format_option(default: str = "table", choices: Sequence[str] = FORMATS) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format; json/jsonl/csv are for scripts (stable field names, UTF-8).",
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    if hasattr(value, "to_list"):
        return value.to_list()
    return str(value)


def dumps(value: Any) -> str:
    """JSON for people and scripts: UTF-8 text, Arabic not escaped to \\uXXXX."""
    return json.dumps(value, ensure_ascii=False, default=_jsonable)


def rows_of(data: Any) -> list[dict[str, Any]]:
    if hasattr(data, "to_dicts"):
        rows: list[dict[str, Any]] = data.to_dicts()
        return rows
    return list(data)


def emit(
    data: Any, fmt: str, *, columns: Sequence[str] | None = None, title: str | None = None
) -> None:
    """Print rows (a Polars frame or dicts) in the chosen format to stdout."""
    rows = rows_of(data)
    if columns is None:
        columns = list(data.columns) if hasattr(data, "columns") else list(rows[0]) if rows else []
    rows = [{c: row.get(c) for c in columns} for row in rows]
    out = sys.stdout
    if fmt == "json":
        out.write(dumps(rows) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(dumps(row) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
    else:
        _table(rows, columns, title)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        return dumps(value)
    if isinstance(value, float):
        return f"{value:.3f}"
    return _jsonable(value) if isinstance(value, datetime | date) else str(value)


def _table(rows: list[dict[str, Any]], columns: Sequence[str], title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold", max_width=80)
    for row in rows:
        # Text(...) keeps untrusted content literal: never parsed as Rich markup.
        table.add_row(*(Text(_cell(row[c])[:400]) for c in columns))
    Console(soft_wrap=False).print(table)
    if not rows:
        click.echo("(no rows)", err=True)


class ProgressBar:
    """A progress bar on stderr when it is a terminal; silent otherwise (pipes, CI).

    Used as a callback ``bar(done, total)`` by library functions that report progress.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self._bar: Any = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total <= 1:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done
        if done >= total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
