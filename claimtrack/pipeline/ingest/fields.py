"""Metadata fields shared by every input format: names, parsing, validation."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from typing import Any

from claimtrack.errors import IngestError
from claimtrack.untrusted import safe_http_url

# Record field -> default column name in jsonl/json/csv input (configurable per call).
DEFAULT_COLUMNS: dict[str, str] = {
    "text": "text",
    "title": "title",
    "url": "url",
    "source": "source",
    "published": "published",
    "lang": "lang",
    "author": "author",
}
METADATA_KEYS = ("title", "url", "source", "published", "lang", "author")
# Provenance a sidecar may record for people (licence, credit, where the copy came from);
# accepted so that a redistributed text can carry its licence, never stored.
PROVENANCE_KEYS = ("license", "attribution", "retrieved_from", "notes")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


#: The largest CSV field read, in characters. Python's default (131,072) rejects a long
#: article and, worse, ends the file there; the file is in memory already, so a field can
#: never be larger than what was read.
CSV_FIELD_LIMIT = 2**31 - 1


def allow_large_csv_fields() -> None:
    """Raise the csv module's (process-wide) field size limit to :data:`CSV_FIELD_LIMIT`."""
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)


def parse_published(value: Any, where: str, field: str = "published") -> date | None:
    """Accept a date, a datetime, ``YYYY-MM-DD`` or an ISO datetime; anything else is an error."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise IngestError(
        where, f"field {field!r}: {str(value)[:40]!r} is not a date (want YYYY-MM-DD)"
    )


def parse_url(value: Any, where: str, field: str = "url") -> str | None:
    """An absolute http(s) URL, or None when absent; anything else (``javascript:``,
    ``data:``, a relative path) is an error naming the field: it would become a link."""
    text = clean_optional(value)
    if text is None:
        return None
    url = safe_http_url(text)
    if url is None:
        raise IngestError(
            where, f"field {field!r}: {text[:60]!r} is not an http:// or https:// URL"
        )
    return url


def parse_language(value: Any, where: str, field: str = "lang") -> str | None:
    """A BCP-47-ish code (``ar``, ``en``, ``pt-BR``), lower-cased primary tag; ``auto`` = detect."""
    if value is None or value == "" or value == "auto":
        return None
    if not isinstance(value, str) or not _LANG.match(value.strip()):
        raise IngestError(where, f"field {field!r}: {str(value)[:20]!r} is not a language code")
    return value.strip().split("-")[0].lower()


def clean_optional(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
