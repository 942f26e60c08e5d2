"""The frames the export renderers take, a validator for them, and small row helpers.

The store produces a ``claims`` frame (one row per claim, with its current review state
and its article) and optionally a ``history`` frame (the audit log). Every renderer calls
:func:`validate_claims_frame` first, so a store change that drops or retypes a column
fails here with the column's name instead of deep inside a renderer.

The row helpers (:func:`safe_http_url`, :func:`language_tag`, :func:`text_direction`)
live here because HTML, Markdown and ClaimReview output must agree on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import polars as pl
from polars.datatypes import DataTypeClass

from claimtrack.errors import InvalidInputError
from claimtrack.untrusted import safe_http_url as safe_http_url  # shared with ingest

# A dtype as polars hands it out: an instance, or a bare class such as ``pl.String``.
DType = pl.DataType | DataTypeClass

UTC_US = pl.Datetime("us", "UTC")

EVIDENCE_DTYPE = pl.Struct({"url": pl.String, "title": pl.String})

CLAIMS_SCHEMA: dict[str, pl.DataType] = {
    "claim_id": pl.String(),
    "text": pl.String(),
    "language": pl.String(),
    "claim_type": pl.String(),
    "secondary_types": pl.List(pl.String),
    "speaker": pl.String(),
    "speaker_canonical": pl.String(),
    "checkworthiness": pl.Float64(),
    "values": pl.String(),  # JSON, see claimtrack.models
    "entities": pl.String(),  # JSON, see claimtrack.models
    "status": pl.String(),  # status key, e.g. "false", "unreviewed"
    "status_label": pl.String(),  # human label, e.g. "False"
    "rating_value": pl.Int64(),  # 1 (worst) .. 5 (best), or null
    "rating_name": pl.String(),  # ClaimReview alternateName
    "analyst": pl.String(),
    "status_at": UTC_US,
    "assigned_to": pl.String(),
    "notes": pl.List(pl.String),
    "evidence": pl.List(EVIDENCE_DTYPE),
    "article_id": pl.String(),
    "article_title": pl.String(),
    "article_url": pl.String(),
    "source": pl.String(),
    "published": pl.Date(),
    "group_id": pl.String(),
    "conflicts": pl.List(pl.String),  # human-readable conflict reasons
    "extracted_at": UTC_US,
}

HISTORY_SCHEMA: dict[str, pl.DataType] = {
    "event_id": pl.String(),
    "claim_id": pl.String(),
    "at": UTC_US,
    "analyst": pl.String(),
    "action": pl.String(),  # verdict|note|evidence|assign|link|unlink|undo
    "from_status": pl.String(),
    "to_status": pl.String(),
    "note": pl.String(),
    "evidence_url": pl.String(),
}

# Columns that must never be null: every renderer relies on them.
_CLAIMS_REQUIRED = ("claim_id", "text", "language", "status", "article_id")
_HISTORY_REQUIRED = ("event_id", "claim_id", "at", "action")

# Statuses that carry no verdict (ClaimReview and "verdicted" counts skip them).
NON_VERDICT_STATUSES = frozenset({"unreviewed", "in_review", "not_a_claim"})

# Scripts written right-to-left, by primary language subtag.
RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "iw", "yi", "ps", "sd", "ug", "dv", "ckb"})

_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}")


def _compatible(actual: DType, expected: DType) -> bool:
    """Whether ``actual`` can be cast to ``expected`` without changing meaning.

    An all-null column may arrive as ``pl.Null``; datetimes may arrive in another time unit,
    or naive (then they are read as UTC, which is how the store writes them).
    """
    if actual == expected or actual == pl.Null:
        return True
    if isinstance(expected, pl.Datetime) and isinstance(actual, pl.Datetime):
        return actual.time_zone in (None, "UTC")
    if isinstance(expected, pl.List) and isinstance(actual, pl.List):
        return _compatible(actual.inner, expected.inner)
    if isinstance(expected, pl.Struct) and isinstance(actual, pl.Struct):
        got = {f.name: f.dtype for f in actual.fields}
        return all(f.name in got and _compatible(got[f.name], f.dtype) for f in expected.fields)
    return False


def _validate(
    df: pl.DataFrame, schema: Mapping[str, pl.DataType], required: tuple[str, ...], name: str
) -> pl.DataFrame:
    if not isinstance(df, pl.DataFrame):
        raise InvalidInputError(
            f"{name} frame: expected a polars DataFrame, got {type(df).__name__}"
        )
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise InvalidInputError(f"{name} frame: missing column(s) {', '.join(missing)}")
    casts = []
    for column, expected in schema.items():
        actual = df.schema[column]
        if not _compatible(actual, expected):
            raise InvalidInputError(
                f"{name} frame: column {column!r} has type {actual}, expected {expected}"
            )
        if actual != expected:
            casts.append(pl.col(column).cast(expected))
    if casts:
        df = df.with_columns(casts)
    for column in required:
        nulls = df[column].null_count()
        if nulls:
            raise InvalidInputError(f"{name} frame: column {column!r} has {nulls} null value(s)")
    # Extra columns are kept (after the contract's columns) so the store may add some.
    extra = [c for c in df.columns if c not in schema]
    return df.select([*schema, *extra])


def validate_claims_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Check ``df`` against :data:`CLAIMS_SCHEMA` and return it normalised.

    Raises :class:`InvalidInputError` naming the first missing or mistyped column. The
    returned frame has the contract's columns first, in schema order, with null list
    columns replaced by empty lists (so renderers need not tell "none" from "empty").
    """
    df = _validate(df, CLAIMS_SCHEMA, _CLAIMS_REQUIRED, "claims")
    lists = [c for c, t in CLAIMS_SCHEMA.items() if isinstance(t, pl.List)]
    return df.with_columns(pl.col(c).fill_null(pl.lit([], dtype=CLAIMS_SCHEMA[c])) for c in lists)


def validate_history_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Check ``df`` against :data:`HISTORY_SCHEMA`; return it normalised, sorted by time."""
    df = _validate(df, HISTORY_SCHEMA, _HISTORY_REQUIRED, "history")
    return df.sort(["claim_id", "at", "event_id"])


def history_by_claim(history: pl.DataFrame | None) -> dict[str, list[dict[str, Any]]]:
    """The (validated) history events of each claim, oldest first."""
    if history is None:
        return {}
    events: dict[str, list[dict[str, Any]]] = {}
    for row in validate_history_frame(history).iter_rows(named=True):
        events.setdefault(row["claim_id"], []).append(row)
    return events


def is_verdicted(status: str | None) -> bool:
    """Whether a status key is a verdict (not unreviewed / in review / not a claim)."""
    return bool(status) and status not in NON_VERDICT_STATUSES


def language_tag(language: object) -> str | None:
    """``language`` if it looks like a BCP 47 tag (so it is safe in a ``lang`` attribute)."""
    if isinstance(language, str) and _LANG_TAG.fullmatch(language):
        return language
    return None


def text_direction(language: object) -> str:
    """``"rtl"`` for right-to-left languages (ar, fa, ur, he, ...), else ``"ltr"``."""
    tag = language_tag(language)
    if tag is None:
        return "ltr"
    return "rtl" if tag.split("-", 1)[0].lower() in RTL_LANGUAGES else "ltr"


def display_text(value: object) -> str:
    """How both reports show a cell: timestamps in UTC to the minute, dates in ISO form,
    ``None`` as empty. Escaping for HTML or Markdown is the caller's job."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
