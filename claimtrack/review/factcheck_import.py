"""Read a library of published fact-checks from files into :class:`FactCheck` records.

Formats (``format="auto"`` picks by extension, then by content for ``.json``):

* ``jsonld`` -- schema.org ClaimReview JSON-LD: one object, an array, an ``@graph``, or
  ClaimReviews nested in other objects (``.json``, ``.jsonld``).
* ``html`` -- a fact-check page; every ``<script type="application/ld+json">`` block is
  read as JSON-LD (``.html``, ``.htm``).
* ``google`` -- Google Fact Check Tools API JSON: ``{"claims": [...]}`` or a bare list of
  claims, each with ``claimReview[]`` (one record per review).
* ``csv`` / ``jsonl`` -- flat records with ``id, claim, rating, url, publisher, date,
  language`` and optional ``title``, ``claimant``, ``summary``, ``body``.

Every text a record carries is kept (claim, title, summary, body) and searched. Dates may
be ISO 8601 or the free-text forms exports carry ("October 31, 2019", "31/10/2019", Arabic
month names; :mod:`claimtrack.review.factcheck_dates`); a date that cannot be read is kept
as text in ``date_text`` (the importer reports a warning), never a rejected record.

A bad record becomes an ``IngestError(where="file#row N", reason=...)`` naming the field;
the good records are still returned. Rows are 1-based: JSON items / ClaimReviews in
document order, JSONL lines, and CSV rows as a spreadsheet numbers them (the header is
row 1). Google claims with several reviews give rows ``N.1``, ``N.2``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from claimtrack.errors import IngestError, InvalidInputError
from claimtrack.models import content_id
from claimtrack.pipeline.ingest.fields import allow_large_csv_fields
from claimtrack.review.factcheck_dates import parse_date_text
from claimtrack.review.factcheck_shapes import (
    RawRecord,
    claim_review_record,
    google_records,
    is_claim_review,
    is_google_claim,
    json_error_reason,
    ld_json_blocks,
    records_from_json,
)
from claimtrack.review.ratings import UNKNOWN_RULE, map_rating, map_rating_value
from claimtrack.review.statuses import Vocabulary, load_vocabulary

FORMATS: tuple[str, ...] = ("auto", "jsonld", "google", "html", "csv", "jsonl")
FLAT_FIELDS: tuple[str, ...] = (
    "id",
    "claim",
    "rating",
    "url",
    "publisher",
    "date",
    "language",
    "title",
    "claimant",
    "summary",
    "body",
)
_EXTRA = "\x00extra"  # csv.DictReader's key for values beyond the header
_EXTENSIONS = {
    ".json": "jsonld",
    ".jsonld": "jsonld",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


@dataclass(frozen=True)
class FactCheck:
    """One published fact-check: a claim, the fact-checker's rating and where it came from."""

    factcheck_id: str  # the file's own id, else from (url, claim), else (publisher, claim, rating)
    claim: str
    rating: str | None  # the rating exactly as published
    status: str  # the rating mapped to a vocabulary status key
    url: str | None
    publisher: str | None
    date: date | None
    language: str | None
    title: str | None
    claimant: str | None
    origin: str  # "file#row"
    summary: str | None = None  # ClaimReview description; CSV/JSONL summary
    body: str | None = None  # ClaimReview reviewBody; CSV/JSONL body
    date_text: str | None = None  # the date as written, when it could not be read

    @property
    def date_warning(self) -> str | None:
        """Why the date was kept as text (None when it was read, or absent)."""
        if self.date is not None or self.date_text is None:
            return None
        return (f"date {self.date_text!r} kept as text: not an ISO date nor a form claimtrack "
                "reads (e.g. 2019-10-31, October 31, 2019, 31/10/2019)")  # fmt: skip


def read_factchecks(
    path: Path,
    *,
    format: str = "auto",
    publisher: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[list[FactCheck], list[IngestError]]:
    """Read fact-checks from ``path``; returns ``(records, errors)``.

    ``publisher`` replaces the publisher of every record (for files that lack it).
    Records with the same ``factcheck_id`` are kept once (the first), so a batch can be
    upserted in one statement; a repeat with other content is reported as an error.
    Records of *different* publishers may share an id: :func:`resolve_ids` (which the
    import runs against the stored library) gives the later ones ``id@publisher``.
    Raises ``InvalidInputError`` only for an unknown ``format``; everything wrong with the
    file itself comes back as errors.
    """
    if format not in FORMATS:
        raise InvalidInputError(f"unknown fact-check format {format!r}; use one of {FORMATS}")
    path = Path(path)
    where = str(path)
    kind = _EXTENSIONS.get(path.suffix.lower(), "jsonld") if format == "auto" else format
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return [], [IngestError(where, f"cannot read file: {exc.strerror or exc}")]
    except UnicodeDecodeError as exc:
        return [], [IngestError(where, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    if kind == "csv":
        raws, errors = _csv_records(text, where)
    elif kind == "jsonl":
        raws, errors = _jsonl_records(text, where)
    elif kind == "html":
        blocks, errors = ld_json_blocks(text, where)
        raws, more = records_from_json(blocks, where) if blocks else ([], [])
        errors += more
    else:  # jsonld and google: the JSON itself says which shape it is
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return [], [IngestError(where, json_error_reason(exc))]
        except RecursionError:
            return [], [IngestError(where, "JSON nested too deeply")]
        raws, errors = records_from_json(data, where)
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    built: list[FactCheck] = []
    for raw in raws:
        try:
            built.append(_build(raw, where, publisher, vocab))
        except IngestError as exc:
            errors.append(exc)
    records: list[FactCheck] = []
    first: dict[tuple[str, str], FactCheck] = {}
    for record in built:
        key = (record.factcheck_id, _publisher_key(record.publisher))
        previous = first.setdefault(key, record)
        if previous is record:
            records.append(record)
        elif not _same_content(previous, record):
            errors.append(IngestError(f"{where}#row {record.origin.rpartition('#')[2]}",
                                      _repeat_reason(record.factcheck_id, previous)))  # fmt: skip
    errors.sort(key=lambda error: _row_order(error.where))
    return records, errors


def _publisher_key(publisher: str | None) -> str:
    return (publisher or "").strip().casefold()


def _same_content(a: FactCheck, b: FactCheck) -> bool:
    return replace(a, origin="") == replace(b, origin="")


def _repeat_reason(factcheck_id: str, previous: FactCheck) -> str:
    return (
        f"id {factcheck_id!r} repeats row {previous.origin.rpartition('#')[2]} with different "
        "content; the first is kept"
    )


def qualified_id(factcheck_id: str, publisher: str | None) -> str:
    """The id a fact-check gets when another publisher already uses its own id."""
    return f"{factcheck_id}@{(publisher or '').strip() or 'unknown publisher'}"


def resolve_ids(
    records: Sequence[FactCheck], owners: Mapping[str, str | None] | None = None
) -> tuple[list[FactCheck], list[tuple[str, str]]]:
    """Records whose ids name one fact-check each, plus notes ``(origin, what changed)``.

    A publisher's own ids are unique only within that publisher: when an id is already
    used by another publisher (an earlier record, or ``owners``: stored id -> publisher), the
    record is stored as ``id@publisher`` instead of overwriting the other publisher's
    fact-check. A repeated id of the same publisher is the same fact-check (the first
    record is kept).
    """
    owner: dict[str, str | None] = dict(owners or {})
    kept: dict[str, FactCheck] = {}
    notes: list[tuple[str, str]] = []
    for record in records:
        original = record.factcheck_id
        if original in owner and _publisher_key(owner[original]) != _publisher_key(
            record.publisher
        ):
            record = replace(record, factcheck_id=qualified_id(original, record.publisher))
            notes.append((record.origin, f"id {original!r} is already used by publisher "
                          f"{owner[original]!r}; stored as {record.factcheck_id!r}"))  # fmt: skip
        owner.setdefault(original, record.publisher)
        owner.setdefault(record.factcheck_id, record.publisher)
        kept.setdefault(record.factcheck_id, record)
    return list(kept.values()), notes


def _row_order(where: str) -> tuple[int, ...]:
    """Sort errors by row number (errors without a row first)."""
    _, _, row = where.rpartition("#row ")
    try:
        return tuple(int(part) for part in row.split(".")) if row else (0,)
    except ValueError:
        return (0,)


def _text(raw: RawRecord, key: str, where: str) -> str | None:
    value = raw.values.get(key)
    if value is None:
        return None
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        name = raw.names.get(key, key)
        raise IngestError(where, f"field {name!r} must be text, got {type(value).__name__}")
    return value.strip() or None


def parse_date(value: str) -> date:
    """A date string as a date (the date as written, no tz shift): ISO 8601, RFC 2822 or
    the free-text forms of :func:`claimtrack.review.factcheck_dates.parse_date_text`.

    Raises ``ValueError`` when ``value`` is not one of them (or is ambiguous).
    """
    found = parse_date_text(value)
    if found is None:
        raise ValueError(f"not a date: {value!r}")
    return found


def _build(raw: RawRecord, where_file: str, publisher: str | None, vocab: Vocabulary) -> FactCheck:
    where = f"{where_file}#row {raw.row}"
    fields = {key: _text(raw, key, where) for key in FLAT_FIELDS}
    claim = fields["claim"]
    if claim is None:
        raise IngestError(where, f"missing field {raw.names.get('claim', 'claim')!r}")
    # A date that cannot be read is kept as text (record.date_warning), never a rejection.
    published = parse_date_text(fields["date"]) if fields["date"] is not None else None
    rating = fields["rating"]
    status = "unreviewed"  # no rating published: nothing to map
    if rating is not None:
        status, rule = map_rating(rating, vocab)
    else:
        rule = UNKNOWN_RULE
    numeric = raw.values.get("rating_value")
    if rule == UNKNOWN_RULE and numeric is not None and numeric[0] is not None:
        status, rating = _numeric_status(numeric, rating, raw, where, vocab)
    publisher_name = publisher if publisher is not None else fields["publisher"]
    url = fields["url"]
    if fields["id"] is not None:
        factcheck_id = fields["id"]
    elif url is not None:
        # A page can review several claims, so the url alone is not unique.
        factcheck_id = content_id(url, claim)
    else:
        factcheck_id = content_id(publisher_name or "", claim, rating or "")
    return FactCheck(
        factcheck_id=factcheck_id,
        claim=claim,
        rating=rating,
        status=status,
        url=url,
        publisher=publisher_name,
        date=published,
        language=fields["language"],
        title=fields["title"],
        claimant=fields["claimant"],
        origin=f"{where_file}#{raw.row}",
        summary=fields["summary"],
        body=fields["body"],
        date_text=fields["date"] if published is None else None,
    )


def _numeric_status(
    numeric: tuple[Any, Any, Any],
    rating: str | None,
    raw: RawRecord,
    where: str,
    vocab: Vocabulary,
) -> tuple[str, str | None]:
    """Status from reviewRating.ratingValue when the text rating is missing or unknown."""
    try:
        value, best, worst = (
            float(part) if part is not None else default
            for part, default in zip(numeric, (None, 5.0, 1.0), strict=True)
        )
    except (TypeError, ValueError):
        name = raw.names.get("rating_value", "ratingValue")
        raise IngestError(where, f"invalid number in field {name!r}: {numeric[0]!r}") from None
    status, _ = map_rating_value(value, best, worst, vocab)  # type: ignore[arg-type]
    return status, rating if rating is not None else f"{numeric[0]}/{numeric[1] or 5}"


def _flat_record(values: dict[str, Any], row: str) -> RawRecord:
    return RawRecord(row=row, values={key: values.get(key) for key in FLAT_FIELDS})


def _csv_records(text: str, where: str) -> tuple[list[RawRecord], list[IngestError]]:
    allow_large_csv_fields()
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey=_EXTRA)
    records: list[RawRecord] = []
    errors: list[IngestError] = []
    try:
        header = reader.fieldnames or []
        if "claim" not in header:
            columns = ", ".join(header) or "none"
            return [], [IngestError(where, f"missing column 'claim' (columns: {columns})")]
        for number, row in enumerate(reader, start=2):
            if _EXTRA in row:
                errors.append(
                    IngestError(
                        f"{where}#row {number}",
                        f"{len(header) + len(row[_EXTRA])} values but {len(header)} columns",
                    )
                )
                continue
            records.append(_flat_record(row, str(number)))
    except csv.Error as exc:
        errors.append(IngestError(f"{where}#line {reader.line_num}", f"invalid CSV: {exc}"))
    return records, errors


def _jsonl_records(text: str, where: str) -> tuple[list[RawRecord], list[IngestError]]:
    records: list[RawRecord] = []
    errors: list[IngestError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        row_where = f"{where}#row {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(IngestError(row_where, f"invalid JSON at column {exc.colno}: {exc.msg}"))
            continue
        except RecursionError:
            errors.append(IngestError(row_where, "JSON nested too deeply"))
            continue
        if not isinstance(item, dict):
            errors.append(IngestError(row_where, f"expected an object, got {type(item).__name__}"))
        elif is_claim_review(item):
            records.append(claim_review_record(item, str(number)))
        elif is_google_claim(item):
            found, problems = google_records(item, number)
            records.extend(found)
            errors.extend(IngestError(row_where, reason) for reason in problems)
        else:
            records.append(_flat_record(item, str(number)))
    return records, errors
