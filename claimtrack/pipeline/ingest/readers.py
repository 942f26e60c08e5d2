"""Readers: one file -> article inputs (or per-record errors). No database here.

Each reader yields ``ArticleInput`` for good records and ``IngestError`` for bad ones,
so one broken row never costs the rest of the file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from claimtrack.errors import IngestError
from claimtrack.models import ArticleInput
from claimtrack.pipeline.ingest.decode import decode_bytes
from claimtrack.pipeline.ingest.fields import (
    DEFAULT_COLUMNS,
    allow_large_csv_fields,
    clean_optional,
    parse_language,
    parse_published,
    parse_url,
)
from claimtrack.pipeline.ingest.html import html_fragment_text, read_html_article
from claimtrack.untrusted import safe_http_url

FORMATS = ("txt", "html", "jsonl", "json", "csv", "rss")
_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".rss": "rss",
    ".atom": "rss",
    ".xml": "rss",
}
Item = ArticleInput | IngestError


def detect_format(path: Path) -> str | None:
    """The format implied by the file name, or None when claimtrack does not read it."""
    if path.name.endswith(".meta.json"):
        return None
    return _SUFFIXES.get(path.suffix.lower())


def read_file(path: Path, fmt: str, columns: Mapping[str, str] | None = None) -> Iterator[Item]:
    """Read one file in format ``fmt``; errors name the file (and row)."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield IngestError(where, f"cannot read file ({error.strerror})")
        return
    try:
        if fmt == "txt":
            text, _ = decode_bytes(data, where)
            yield ArticleInput(text=text, origin=where)
        elif fmt == "html":
            text, _ = decode_bytes(data, where)
            yield read_html_article(text, where)
        elif fmt in ("jsonl", "json", "csv"):
            text, _ = decode_bytes(data, where)
            yield from _read_records(
                text,
                where,
                fmt,
                {**DEFAULT_COLUMNS, **(columns or {})},
                delimiter="\t" if path.suffix.lower() == ".tsv" else ",",
            )
        elif fmt == "rss":
            yield from _read_feed(data, where)
        else:
            yield IngestError(where, f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    except IngestError as error:
        yield error


def _records_jsonl(text: str, where: str) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"{where}#line {number}", json.loads(line)
        except json.JSONDecodeError as error:
            yield (
                f"{where}#line {number}",
                IngestError(
                    f"{where}#line {number}", f"invalid JSON ({error.msg} at column {error.colno})"
                ),
            )


def _records_json(text: str, where: str) -> Iterator[tuple[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise IngestError(
            where, f"invalid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from error
    records = (
        data if isinstance(data, list) else data.get("articles") if isinstance(data, dict) else None
    )
    if records is None:
        records = [data]
    for number, record in enumerate(records, start=1):
        yield f"{where}#record {number}", record


def _records_csv(text: str, where: str, delimiter: str) -> Iterator[tuple[str, Any]]:
    allow_large_csv_fields()
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield f"{where}#row {reader.line_num}", record
    except csv.Error as error:
        raise IngestError(f"{where}#row {reader.line_num}", f"malformed CSV ({error})") from error


def _read_records(
    text: str, where: str, fmt: str, columns: Mapping[str, str], delimiter: str
) -> Iterator[Item]:
    if fmt == "jsonl":
        records = _records_jsonl(text, where)
    elif fmt == "json":
        records = _records_json(text, where)
    else:
        records = _records_csv(text, where, delimiter)
    for record_where, record in records:
        if isinstance(record, IngestError):
            yield record
            continue
        try:
            yield _record_to_input(record, record_where, columns)
        except IngestError as error:
            yield error


def _record_to_input(record: Any, where: str, columns: Mapping[str, str]) -> ArticleInput:
    if not isinstance(record, dict):
        raise IngestError(where, f"expected an object with a {columns['text']!r} field")
    body = record.get(columns["text"])
    if not isinstance(body, str) or not body.strip():
        raise IngestError(where, f"field {columns['text']!r} is missing or empty")
    return ArticleInput(
        text=body,
        origin=where,
        title=clean_optional(record.get(columns["title"])),
        url=parse_url(record.get(columns["url"]), where, columns["url"]),
        source=clean_optional(record.get(columns["source"])),
        author=clean_optional(record.get(columns["author"])),
        published=parse_published(record.get(columns["published"]), where, columns["published"]),
        language=parse_language(record.get(columns["lang"]), where, columns["lang"]),
    )


def _read_feed(data: bytes, where: str) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None)
        raise IngestError(where, f"not an RSS/Atom feed or no entries ({reason or 'empty feed'})")
    source = clean_optional(feed.feed.get("title"))
    feed_lang = feed.feed.get("language")
    for number, entry in enumerate(feed.entries, start=1):
        entry_where = f"{where}#entry {number}"
        html = ""
        if entry.get("content"):
            html = entry["content"][0].get("value", "")
        html = html or entry.get("summary", "") or entry.get("description", "")
        text = html_fragment_text(html)
        if not text.strip():
            yield IngestError(entry_where, "entry has no text (no content or summary)")
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (
            f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else None
        )
        link = clean_optional(entry.get("link"))
        url = safe_http_url(link)
        notes = (
            (f"ignored the entry's link {link[:60]!r}: not an http(s) URL",)
            if link and not url
            else ()
        )
        try:
            yield ArticleInput(
                text=text,
                origin=entry_where,
                title=clean_optional(entry.get("title")),
                url=url,
                notes=notes,
                source=source,
                author=clean_optional(entry.get("author")),
                published=parse_published(published, entry_where),
                language=parse_language(entry.get("language") or feed_lang, entry_where),
            )
        except IngestError as error:
            yield error
