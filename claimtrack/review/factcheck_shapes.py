"""Pull fact-check records out of the JSON shapes fact-checkers and Google publish.

Each function turns parsed JSON (or an HTML page) into *raw records*: plain dicts with the
keys of :data:`RAW_FIELDS`, plus the name each field had in the source, so that errors can
name the field the way the file spells it. Validation and status mapping happen in
:mod:`claimtrack.review.factcheck_import`. Text stays text: nothing here evaluates,
renders or follows anything it reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from claimtrack.errors import IngestError, MissingDependencyError

RAW_FIELDS: tuple[str, ...] = (
    "id",
    "claim",
    "rating",
    "rating_value",
    "url",
    "publisher",
    "date",
    "language",
    "title",
    "claimant",
    "summary",
    "body",
)
# How each format spells the fields, for error messages ("missing field 'claimReviewed'").
JSONLD_NAMES = {
    "claim": "claimReviewed",
    "rating": "reviewRating.alternateName",
    "rating_value": "reviewRating.ratingValue",
    "publisher": "author.name",
    "date": "datePublished",
    "language": "inLanguage",
    "title": "name",
    "claimant": "itemReviewed.author.name",
    "summary": "description",
    "body": "reviewBody",
}
GOOGLE_NAMES = {
    "claim": "text",
    "rating": "claimReview[].textualRating",
    "url": "claimReview[].url",
    "publisher": "claimReview[].publisher",
    "date": "claimReview[].reviewDate",
    "language": "claimReview[].languageCode",
    "title": "claimReview[].title",
}


@dataclass
class RawRecord:
    """One record as found in a file, before validation."""

    row: str  # "12", or "12.2" for the second review of Google item 12
    values: dict[str, Any]
    names: dict[str, str] = field(default_factory=dict)


def json_error_reason(exc: json.JSONDecodeError) -> str:
    """A one-line reason naming the line and column of a JSON syntax error."""
    return f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"


def _type_names(node: dict[str, Any]) -> list[str]:
    types = node.get("@type")
    items = types if isinstance(types, list) else [types]
    # "schema:ClaimReview" and "http://schema.org/ClaimReview" name the same type.
    return [t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in items if isinstance(t, str)]


def is_claim_review(node: object) -> bool:
    """True for a JSON-LD object whose ``@type`` is (or includes) ClaimReview."""
    return isinstance(node, dict) and "ClaimReview" in _type_names(node)


def is_google_claim(node: object) -> bool:
    """True for one item of a Google Fact Check Tools API ``claims`` list."""
    return isinstance(node, dict) and "claimReview" in node and not is_claim_review(node)


def find_claim_reviews(data: object) -> Iterator[dict[str, Any]]:
    """Every ClaimReview object in a JSON-LD document, in document order.

    Walks objects, arrays and ``@graph`` at any depth with an explicit stack: a page's
    JSON-LD nests ClaimReviews inside WebPage/Article objects, and recursion would fail on
    a hostile, deeply nested document.
    """
    stack: list[object] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if is_claim_review(node):
                yield node
                continue
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _name(value: object) -> object:
    """The name of a schema.org Person/Organization given as text, object or list."""
    if isinstance(value, list):
        for item in value:
            found = _name(item)
            if found:
                return found
        return None
    if isinstance(value, dict):
        return value.get("name")
    return value


def _language(value: object) -> object:
    if isinstance(value, list):
        return _language(value[0]) if value else None
    if isinstance(value, dict):  # {"@type": "Language", "name": "Arabic", "alternateName": "ar"}
        return value.get("alternateName") or value.get("name")
    return value


def _distinct_text(*values: object) -> object:
    """The text values among ``values``, each once, joined by a newline (so a ClaimReview's
    ``name`` and ``headline`` are both kept when they differ). A non-text value is returned
    as is, for the importer to report."""
    for value in values:
        if value is not None and not isinstance(value, str):
            return value
    texts = list(dict.fromkeys(v.strip() for v in values if isinstance(v, str) and v.strip()))
    return "\n".join(texts) or None


def claim_review_record(node: dict[str, Any], row: str) -> RawRecord:
    """A raw record from one schema.org ClaimReview object."""
    rating = node.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    item = node.get("itemReviewed")
    item = item if isinstance(item, dict) else {}
    values = {
        "claim": node.get("claimReviewed"),
        "rating": rating.get("alternateName") or rating.get("name"),
        "rating_value": (
            rating.get("ratingValue"),
            rating.get("bestRating"),
            rating.get("worstRating"),
        ),
        "url": node.get("url"),
        "publisher": _name(node.get("author")) or _name(node.get("publisher")),
        "date": node.get("datePublished"),
        "language": _language(node.get("inLanguage")),
        "title": _distinct_text(node.get("name"), node.get("headline")),
        "claimant": _name(item.get("author")),
        "summary": node.get("description"),
        "body": node.get("reviewBody"),
    }
    return RawRecord(row=row, values=values, names=JSONLD_NAMES)


def google_records(item: dict[str, Any], row: int) -> tuple[list[RawRecord], list[str]]:
    """Raw records (one per review) from one Google API claim; problems as reasons."""
    reviews = item.get("claimReview")
    if not isinstance(reviews, list) or not reviews:
        return [], ["field 'claimReview' must be a non-empty list"]
    records: list[RawRecord] = []
    problems: list[str] = []
    for number, review in enumerate(reviews, start=1):
        label = str(row) if len(reviews) == 1 else f"{row}.{number}"
        if not isinstance(review, dict):
            problems.append(f"claimReview[{number - 1}] must be an object")
            continue
        publisher = review.get("publisher")
        if isinstance(publisher, dict):  # the API gives {"name": ..., "site": ...}
            publisher = publisher.get("name") or publisher.get("site")
        values = {
            "claim": item.get("text"),
            "claimant": item.get("claimant"),
            "rating": review.get("textualRating"),
            "url": review.get("url"),
            "publisher": publisher,
            "date": review.get("reviewDate"),
            "language": review.get("languageCode"),
            "title": review.get("title"),
        }
        records.append(RawRecord(row=label, values=values, names=GOOGLE_NAMES))
    return records, problems


def records_from_json(data: object, where: str) -> tuple[list[RawRecord], list[IngestError]]:
    """Raw records from a parsed JSON document of any supported shape.

    Shapes: a Google API response (``{"claims": [...]}``), a list of Google claims (the
    Arabic ClaimReview dataset), or JSON-LD (one ClaimReview, a list, an ``@graph``, or
    ClaimReviews nested in other objects). Rows count Google claims, or ClaimReviews in
    document order.
    """
    if isinstance(data, dict) and isinstance(data.get("claims"), list):
        data = data["claims"]
    records: list[RawRecord] = []
    errors: list[IngestError] = []
    if isinstance(data, list) and any(is_google_claim(item) for item in data):
        for row, item in enumerate(data, start=1):
            if not is_google_claim(item):
                errors.append(IngestError(f"{where}#row {row}", "missing field 'claimReview'"))
                continue
            found, problems = google_records(item, row)
            records.extend(found)
            errors.extend(IngestError(f"{where}#row {row}", reason) for reason in problems)
        return records, errors
    for row, node in enumerate(find_claim_reviews(data), start=1):
        records.append(claim_review_record(node, str(row)))
    if not records:
        errors.append(IngestError(where, "no ClaimReview or Google Fact Check claims found"))
    return records, errors


def ld_json_blocks(html_text: str, where: str) -> tuple[list[object], list[IngestError]]:
    """The parsed ``<script type="application/ld+json">`` blocks of an HTML page.

    The page is parsed with lxml (a real HTML parser; the page is never scanned with
    regexes). A block that is not valid JSON becomes one error naming the block, line and
    column; the other blocks are still returned.
    """
    try:
        import lxml.html
        from lxml.etree import ParserError
    except ImportError as exc:  # lxml comes with trafilatura; say how to get it anyway
        raise MissingDependencyError(
            "reading fact-checks from HTML needs lxml: pip install lxml"
        ) from exc
    try:
        document = lxml.html.document_fromstring(html_text)
    except (ParserError, ValueError) as exc:
        return [], [IngestError(where, f"cannot parse HTML: {exc}")]
    blocks: list[object] = []
    errors: list[IngestError] = []
    number = 0
    for script in document.iter("script"):
        kind = (script.get("type") or "").split(";", 1)[0].strip().lower()
        if kind != "application/ld+json":
            continue
        number += 1
        try:
            blocks.append(json.loads(script.text or ""))
        except json.JSONDecodeError as exc:
            errors.append(IngestError(f"{where}#ld+json block {number}", json_error_reason(exc)))
        except RecursionError:
            errors.append(IngestError(f"{where}#ld+json block {number}", "JSON nested too deeply"))
    if number == 0:
        errors.append(IngestError(where, 'no <script type="application/ld+json"> blocks found'))
    return blocks, errors
