"""Output helpers shared by every listing command: --format table|json|jsonl|csv.

``json`` is always one JSON document (an array of rows, or one object), ``jsonl`` one JSON
object per line, ``csv`` a header and one line per row; all three keep values as stored
(ISO timestamps in UTC, full URLs). ``table`` is for people: timestamps to the minute in
local time (``--utc`` for UTC), URLs decoded and cut to host + path start
(:mod:`claimtrack.display`).

Untrusted text never reaches the terminal raw: tables and plain lines (:func:`say`) show
control characters, ANSI/OSC escapes and bidi overrides visibly (the TUI's rule,
:func:`claimtrack.untrusted.visible`); json/jsonl escape them as JSON does. CSV cells that
a spreadsheet would run as a formula are neutralised unless ``--raw-csv`` is given, and
CSV written to a terminal (not a pipe or file) shows control characters visibly too.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import click

from claimtrack.display import short_url
from claimtrack.untrusted import spreadsheet_cell, visible

FORMATS = ("table", "json", "jsonl", "csv")
F = TypeVar("F", bound=Callable[..., Any])
_UTC_KEY = "claimtrack.utc"


def _remember_utc(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    ctx.meta[_UTC_KEY] = value  # ctx.meta is shared by the whole command line
    return value


_RAW_CSV = "claimtrack.raw_csv"


def format_option(default: str = "table", choices: Sequence[str] = FORMATS) -> Callable[[F], F]:
    """``--format`` (and ``--utc`` where a table is one of the choices, ``--raw-csv``
    where csv is)."""

    def decorate(func: F) -> F:
        if "csv" in choices:
            func = raw_csv_option(func)
        if "table" in choices:
            func = click.option(
                "--utc",
                is_flag=True,
                expose_value=False,
                callback=_remember_utc,
                help="Table timestamps in UTC (default: local time).",
            )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(choices)),
            default=default,
            show_default=True,
            help="Output format; json (one document), jsonl (one object a line) and csv "
            "are for scripts (stable field names, UTF-8).",
        )(func)

    return decorate


def table_in_utc() -> bool:
    """Whether ``--utc`` was given on this command line."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(_UTC_KEY))


def when(value: datetime, utc: bool | None = None) -> str:
    """A timestamp for a table: to the minute, in local time (or UTC with ``--utc``)."""
    utc = table_in_utc() if utc is None else utc
    if value.tzinfo is None:  # the store writes UTC
        value = value.replace(tzinfo=UTC)
    if utc:
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def _remember_raw_csv(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta[_RAW_CSV] = value
    return value


def raw_csv_option(command: F) -> F:
    """``--raw-csv``: write CSV cells exactly as stored (no formula neutralising)."""
    return click.option(
        "--raw-csv",
        is_flag=True,
        expose_value=False,
        callback=_remember_raw_csv,
        help="CSV: keep cells starting with = + - @ tab CR as they are (default: prefix "
        "them with ' so a spreadsheet shows text instead of running a formula).",
    )(command)


def raw_csv_requested() -> bool:
    """Whether the running command was given ``--raw-csv``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(_RAW_CSV))


def say(text: str, *, err: bool = False) -> None:
    """Print one line that may carry untrusted text (names, paths, messages), made visible."""
    click.echo(visible(text), err=err)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    if hasattr(value, "to_list"):
        return value.to_list()
    return str(value)


def dumps(value: Any) -> str:
    """JSON for people and scripts: UTF-8 text, Arabic not escaped to \\uXXXX; only the
    characters line-based readers take for line breaks (U+0085, U+2028, U+2029) are."""
    text = json.dumps(value, ensure_ascii=False, default=_jsonable)
    for char in ("\u0085", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def rows_of(data: Any) -> list[dict[str, Any]]:
    if hasattr(data, "to_dicts"):
        rows: list[dict[str, Any]] = data.to_dicts()
        return rows
    return list(data)


def emit_records(
    records: Sequence[dict[str, Any]],
    fmt: str,
    *,
    rows: Callable[[dict[str, Any]], list[dict[str, Any]]],
    columns: Sequence[str],
    title: str | None = None,
) -> None:
    """Nested results (e.g. one ``{"id", "results"}`` per query): ``json`` prints them as
    one array, ``jsonl`` one a line; ``table`` and ``csv`` print the flat ``rows`` of each."""
    if fmt == "json":
        sys.stdout.write(dumps(list(records)) + "\n")
    elif fmt == "jsonl":
        for record in records:
            sys.stdout.write(dumps(record) + "\n")
    else:
        emit([row for record in records for row in rows(record)], fmt, columns=columns,
             title=title)  # fmt: skip


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
        neutralise = not raw_csv_requested()
        on_terminal = out.isatty()
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(v, neutralise, on_terminal) for k, v in row.items()})
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


def _table_cell(column: str, value: Any, utc: bool) -> str:
    """A cell for people: timestamps to the minute, URLs decoded and short, lists of
    plain values joined with "; " (csv and json keep them as JSON)."""
    if isinstance(value, datetime):
        return when(value, utc)
    if isinstance(value, str) and (column == "url" or column.endswith("_url")):
        return short_url(value)
    if isinstance(value, list | tuple) and not any(isinstance(v, dict | list) for v in value):
        return "; ".join("" if v is None else str(v) for v in value)
    return _cell(value)


def _csv_cell(value: Any, neutralise: bool, on_terminal: bool) -> str:
    text = _cell(value)
    if neutralise and isinstance(value, str):  # numbers such as -0.5 stay numbers
        text = spreadsheet_cell(text)
    return visible(text) if on_terminal else text


def _table(rows: list[dict[str, Any]], columns: Sequence[str], title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    utc = table_in_utc()
    # visible() keeps escape sequences and bidi overrides from reaching the terminal.
    cells = [[visible(_table_cell(c, row[c], utc)[:400]) for c in columns] for row in rows]
    table = Table(title=visible(title) if title else None, show_lines=False)
    for index, column in enumerate(columns):
        if any(isinstance(row[column], datetime) for row in rows):
            # A timestamp stays on one line; other columns give way first.
            width = max(len(line[index]) for line in cells)
            table.add_column(column, no_wrap=True, min_width=width)
        else:
            table.add_column(column, overflow="fold", max_width=80)
    for line in cells:
        # Text(...) keeps untrusted content literal: never parsed as Rich markup.
        table.add_row(*(Text(cell) for cell in line))
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
