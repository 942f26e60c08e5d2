"""Ingest stage: files -> ``Article`` values (pure; the store saves them).

Metadata precedence, most specific first: the file's sidecar ``FILE.meta.json``, then
metadata inside the file or record (HTML meta tags, feed fields, record columns; for the
publication date also a dated dateline, date line or "Published:" stamp at the top of the
text, see ``pipeline.dateline``), then the defaults given on the command line. Language:
given, else detected offline.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from claimtrack.errors import IngestError
from claimtrack.models import Article, ArticleInput, content_id
from claimtrack.pipeline.dateline import metadata_date
from claimtrack.pipeline.ingest.fields import (
    METADATA_KEYS,
    PROVENANCE_KEYS,
    clean_optional,
    parse_language,
    parse_published,
    parse_url,
)
from claimtrack.pipeline.ingest.language import detect_language
from claimtrack.pipeline.ingest.readers import FORMATS, detect_format, read_file

__all__ = ["FORMATS", "IngestDefaults", "article_id_for", "discover", "prepare", "read_inputs"]


@dataclass(frozen=True, slots=True)
class IngestDefaults:
    """Command-line metadata, used where neither the sidecar nor the file says."""

    source: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    languages: tuple[str, ...] = ("ar", "en")
    columns: Mapping[str, str] = field(default_factory=dict)


def normalise_body(text: str) -> str:
    """The stored text: NFC, BOM dropped, newlines unified, outer whitespace trimmed."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def article_id_for(body: str) -> str:
    """Content id: the same text (up to whitespace) is the same article, whoever published it."""
    return content_id("article", " ".join(body.split()))


def discover(paths: Sequence[Path], fmt: str = "auto") -> Iterator[tuple[Path, str | None]]:
    """Files to read, recursing into directories; ``None`` format = skip (not an input)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name.endswith(".meta.json"):
                        continue
                    child = Path(root) / name
                    yield (
                        child,
                        (fmt if fmt != "auto" and detect_format(child) else detect_format(child)),
                    )
        else:
            yield path, fmt if fmt != "auto" else (detect_format(path) or "unknown")


def load_sidecar(path: Path) -> dict[str, Any]:
    """Metadata from ``FILE.meta.json`` (or ``STEM.meta.json``) next to ``path``, if any."""
    for candidate in (path.with_name(path.name + ".meta.json"), path.with_suffix(".meta.json")):
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise IngestError(
                    str(candidate), f"unreadable metadata sidecar ({error})"
                ) from error
            if not isinstance(data, dict):
                raise IngestError(str(candidate), "metadata sidecar must hold a JSON object")
            unknown = set(data) - set(METADATA_KEYS) - set(PROVENANCE_KEYS) - {"language"}
            if unknown:
                raise IngestError(
                    str(candidate),
                    f"unknown metadata keys {sorted(unknown)} "
                    f"(allowed: {', '.join(METADATA_KEYS + PROVENANCE_KEYS)})",
                )
            return {k: v for k, v in data.items() if k not in PROVENANCE_KEYS}
    return {}


def prepare(item: ArticleInput, sidecar: Mapping[str, Any], defaults: IngestDefaults) -> Article:
    """Merge metadata, normalise the text, detect the language, compute the id."""
    where = item.origin
    body = normalise_body(item.text)
    if not body:
        raise IngestError(where, "the article has no text")
    side_lang = parse_language(sidecar.get("lang", sidecar.get("language")), where, "lang")
    language = side_lang or item.language or defaults.language
    method = "given"
    if language is None:
        language, method = detect_language(body, defaults.languages)

    def pick(key: str, from_item: Any, default: Any) -> Any:
        value = clean_optional(sidecar.get(key)) if key != "published" else sidecar.get(key)
        return (
            value if value not in (None, "") else (from_item if from_item is not None else default)
        )

    item_published = item.published
    if item_published is None and not sidecar.get("published"):
        item_published = metadata_date(body)  # "Washington, D.C., June 25, 2008 - ..."
    published = pick("published", item_published, defaults.published)
    return Article(
        article_id=article_id_for(body),
        text=body,
        language=language,
        title=pick("title", item.title, None),
        url=parse_url(pick("url", item.url, defaults.url), where),
        source=pick("source", item.source, defaults.source),
        author=pick("author", item.author, None),
        published=parse_published(published, where),
        origin=where,
        language_method=method,
        notes=item.notes,
    )


def read_inputs(path: Path, fmt: str, defaults: IngestDefaults) -> Iterator[Article | IngestError]:
    """Every article (or per-record error) of one file, ready to store."""
    try:
        sidecar = load_sidecar(path)
    except IngestError as error:
        yield error
        return
    for item in read_file(path, fmt, defaults.columns):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            yield prepare(item, sidecar, defaults)
        except IngestError as error:
            yield error
