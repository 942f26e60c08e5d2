"""The domain model shared by every pipeline stage, the store, the CLI and the TUI.

Plain frozen dataclasses: stages are functions from these to these, the store turns
them into rows. Nothing here imports duckdb, torch or textual.

JSON shapes used inside ``Claim.values`` and ``Claim.entities`` (stored as JSON):

``values`` -- a list of normalised values found in the claim text::

    {"kind": "number" | "percent" | "money" | "duration" | "year" | "date" | "ordinal",
     "value": 75 | 2019 | "2023-09-04" | 3.5,   # int/float, or ISO date string for "date"
     "unit": "year" | "day" | "USD" | "km" | None,  # durations, money, measures
     "relation": "first_since" | "since" | "until" | "before" | "after" | None,
     "text": "75 عاماً",                           # raw surface text
     "start": 12, "end": 20,                      # code-point offsets into the claim text
     "resolved_from": "relative" | None}          # dates resolved against published date

  plus, where they apply (``claimtrack.pipeline.values`` documents each): ``counts`` (what a
  number counts: "deaths", "population"...), ``approx``, ``at_least`` (a lower bound: "M6
  and larger", "1,000 or more"), ``range`` ([low, high]: "18,000-
  20,000", "between 1973 and 1977", a decade), ``decade`` (a "year" such as "the 1970s"),
  ``fraction`` (a "percent" given as "a fifth of", "ربع"), ``weekday``, ``weekday_ok``; and
  "weekday" as a kind of its own; "time" (a clock time, ``value`` "HH:MM" on the 24-hour
  clock, with ``zone`` "local" | "GMT" | None and ``hour_only`` on "11 pm"). A "number"
  with a unit of measure ("km", "mi", "m", "mm", "m3", "km2", "ha", "t", "kg", "km/h",
  "mph", "C": ``claimtrack.pipeline.values_units``) keeps the figure as written.

``entities`` -- a list of mentions::

    {"text": "بوتين", "kind": "person" | "place" | "org" | "misc",
     "canonical": "فلاديمير بوتين" | None, "start": 0, "end": 5}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

ClaimType = Literal[
    "quantity", "temporal", "comparison", "quote", "attribution", "commitment", "event", "location"
]
CLAIM_TYPES: tuple[str, ...] = (
    "quantity",
    "temporal",
    "comparison",
    "quote",
    "attribution",
    "commitment",
    "event",
    "location",  # where a named place is ("Vostochny ... in the Amur region")
)
QuoteMode = Literal["direct", "indirect", "none"]
#: Above this a row limit means "no limit": DuckDB's LIMIT and Polars take a signed int64.
MAX_ROWS = 2**62


def content_id(*parts: str, length: int = 16) -> str:
    """A stable hex id derived from content: re-running a stage upserts, never duplicates."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article as read from a file, before it is stored."""

    text: str
    origin: str  # "path" or "path#row" -- where it came from, for error messages
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: date | None = None
    language: str | None = None  # None = detect
    notes: tuple[str, ...] = ()  # metadata the reader ignored, and why (shown, not stored)


@dataclass(frozen=True, slots=True)
class Article:
    article_id: str
    text: str
    language: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: date | None = None
    origin: str | None = None
    language_method: str = "given"  # given | script | langid
    notes: tuple[str, ...] = ()  # metadata ingest ignored, and why (reported, not stored)


@dataclass(frozen=True, slots=True)
class Claim:
    """A check-worthy claim, located exactly: ``article.text[char_start:char_end] == text``."""

    claim_id: str
    article_id: str
    sentence_index: int
    char_start: int
    char_end: int
    text: str
    claim_type: str
    language: str
    extractor_version: str
    secondary_types: tuple[str, ...] = ()
    speaker: str | None = None
    speaker_canonical: str | None = None
    quote_mode: str = "none"
    entities: tuple[dict[str, Any], ...] = ()
    values: tuple[dict[str, Any], ...] = ()
    checkworthiness: float = 0.0
    negated: bool = False
    # States a value, an ordinal/superlative or a place (claim_features.is_checkable): the
    # queue's first tier, above vague statements, whatever the check-worthiness score.
    checkable: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # The sentence the claim was read from (a claim can be one clause of it):
    # ``article.text[context_start:context_end]``; None for claims made elsewhere.
    context_start: int | None = None
    context_end: int | None = None


def claim_id_for(article_id: str, char_start: int, char_end: int, text: str) -> str:
    """Claim ids derive from the article, the span and the text (stable across re-runs)."""
    return content_id(article_id, str(char_start), str(char_end), text)
