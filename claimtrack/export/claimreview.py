"""schema.org ``ClaimReview`` JSON-LD for verdicted claims.

Which fields, and why (sources: schema.org/ClaimReview, schema.org/Rating and Google Search
Central's "Fact check (ClaimReview) structured data" page):

- Google requires ``claimReviewed``, ``reviewRating`` and ``url``; inside the Rating it
  requires ``alternateName`` (the textual verdict, the only part shown in results) and
  recommends ``ratingValue`` with ``bestRating``/``worstRating``. It recommends ``author``,
  ``itemReviewed`` and ``datePublished``; claimtrack always writes ``author`` (refusing
  to export without ``org_name``/``org_url``) because an unattributed review is useless.
- A verdict without a numeric rating (e.g. "unverifiable") keeps ``alternateName`` and
  omits ``ratingValue``/``bestRating``/``worstRating`` rather than inventing a number.
- ``url`` must be the page that hosts the fact check (Google: same domain as the page
  carrying the markup). With ``review_url_template`` (``{claim_id}`` replaced) that is what
  is written, when it makes an http(s) URL. Without it, claimtrack has no review page to
  point to, so it writes the article URL with a ``#claimtrack-<claim_id>`` fragment: valid
  JSON-LD that names the claim uniquely, but not a fact-check page -- set a template
  before publishing. Non-http(s) article URLs are never written; then ``url`` is omitted and
  :func:`claimreview_problems` reports it.
- ``itemReviewed.author`` is a ``Person`` unless the claim's entities tag the speaker as an
  ``org`` (then ``Organization``); it is omitted when the speaker is unknown.

With ``group_by="group"`` there is one review per group of the same claim: the
representative is the verdicted member published earliest (then by review time and id);
``appearance`` lists every member's article URL, ``firstAppearance`` the earliest one. If
members carry different verdicts, the representative's verdict is the one written.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TextIO

import polars as pl

from claimtrack.errors import ConfigError, InvalidInputError
from claimtrack.export.frames import (
    is_verdicted,
    language_tag,
    safe_http_url,
    validate_claims_frame,
)
from claimtrack.output_files import write_output

BEST_RATING = 5
WORST_RATING = 1

# In JSON these characters only occur inside strings, so replacing them everywhere with
# their \u escapes keeps the JSON identical while making it inert inside <script>:
# no "</script>", no "<!--", no HTML entities, no JS line terminators.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _speaker(row: dict[str, Any]) -> dict[str, str] | None:
    name = row["speaker_canonical"] or row["speaker"]
    if not name:
        return None
    kind = "Person"
    try:
        entities = json.loads(row["entities"] or "[]")
    except ValueError:
        entities = []
    for entity in entities if isinstance(entities, list) else []:
        if not isinstance(entity, dict):
            continue
        if name in (entity.get("canonical"), entity.get("text")) and entity.get("kind") == "org":
            kind = "Organization"
    return {"@type": kind, "name": name}


def _review_url(row: dict[str, Any], template: str | None) -> str | None:
    if template:
        # str.replace, not str.format: a template with other braces must not be evaluated.
        # A template that does not make an http(s) URL (javascript:...) writes no url.
        return safe_http_url(template.replace("{claim_id}", row["claim_id"]))
    article = safe_http_url(row["article_url"])
    if article is None:
        return None
    return f"{article.split('#', 1)[0]}#claimtrack-{row['claim_id']}"


def _rating(row: dict[str, Any]) -> dict[str, Any]:
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": row["rating_name"] or row["status_label"] or row["status"],
    }
    if row["rating_value"] is not None:
        rating["ratingValue"] = int(row["rating_value"])
        rating["bestRating"] = BEST_RATING
        rating["worstRating"] = WORST_RATING
    return rating


def _publish_key(row: dict[str, Any]) -> tuple[Any, ...]:
    published = row["published"]
    status_at = row["status_at"]
    return (
        published is None,
        published or date.min,
        status_at is None,
        status_at or datetime.min,
        row["claim_id"],
    )


def _document(
    rep: dict[str, Any], members: list[dict[str, Any]], author: dict[str, str], template: str | None
) -> dict[str, Any]:
    ordered = sorted(members, key=_publish_key)
    urls: list[str] = []
    for member in ordered:
        url = safe_http_url(member["article_url"])
        if url and url not in urls:
            urls.append(url)
    claim: dict[str, Any] = {"@type": "Claim"}
    speaker = _speaker(rep)
    if speaker:
        claim["author"] = speaker
    if rep["published"] is not None:
        claim["datePublished"] = rep["published"].isoformat()
    if urls:
        claim["appearance"] = [{"@type": "CreativeWork", "url": u} for u in urls]
        claim["firstAppearance"] = {"@type": "CreativeWork", "url": urls[0]}
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": rep["text"],
        "reviewRating": _rating(rep),
        "author": dict(author),
        "itemReviewed": claim,
    }
    url = _review_url(rep, template)
    if url:
        doc["url"] = url
    if rep["status_at"] is not None:
        doc["datePublished"] = rep["status_at"].date().isoformat()
    lang = language_tag(rep["language"])
    if lang:
        doc["inLanguage"] = lang
    return doc


def claimreview_documents(
    claims: pl.DataFrame,
    *,
    org_name: str | None,
    org_url: str | None,
    group_by: Literal["claim", "group"] = "claim",
    review_url_template: str | None = None,
) -> list[dict[str, Any]]:
    """One ClaimReview JSON-LD document per verdicted claim (or per group of claims).

    Claims whose status is unreviewed, in_review or not_a_claim are skipped. Raises
    :class:`ConfigError` without ``org_name``/``org_url`` (the review's author) and
    :class:`InvalidInputError` for an unknown ``group_by``.
    """
    if not org_name or not org_url:
        raise ConfigError(
            "ClaimReview needs the reviewing organisation: "
            "set org_name/org_url in config or pass --org-name/--org-url"
        )
    if safe_http_url(org_url) is None:
        raise ConfigError(f"org_url must be an http(s) URL, got {org_url!r}")
    if group_by not in ("claim", "group"):
        raise InvalidInputError(f"group_by must be 'claim' or 'group', got {group_by!r}")
    author = {"@type": "Organization", "name": org_name, "url": org_url}
    rows = validate_claims_frame(claims).to_dicts()
    if group_by == "claim":
        return [
            _document(r, [r], author, review_url_template)
            for r in rows
            if is_verdicted(r["status"])
        ]
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        # A claim outside any group is its own group.
        groups.setdefault(row["group_id"] or f"claim:{row['claim_id']}", []).append(row)
    docs = []
    for members in groups.values():
        verdicted = [m for m in members if is_verdicted(m["status"])]
        if verdicted:
            rep = min(verdicted, key=_publish_key)
            docs.append(_document(rep, members, author, review_url_template))
    return docs


def claimreview_problems(doc: dict[str, Any]) -> list[str]:
    """What Google's fact-check rich result would reject in ``doc`` (empty when none)."""
    problems = [
        f"missing {key}" for key in ("claimReviewed", "reviewRating", "url") if not doc.get(key)
    ]
    rating = doc.get("reviewRating") or {}
    if not rating.get("alternateName"):
        problems.append("reviewRating has no alternateName")
    if not (doc.get("author") or {}).get("name"):
        problems.append("missing author.name")
    return problems


def _dumps(value: object, indent: int | None = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def write_claimreview(docs: list[dict[str, Any]], out: Path | str | TextIO) -> None:
    """Write ``docs`` as one UTF-8 JSON array to a file path or a text stream."""
    text = _dumps(docs) + "\n"
    if isinstance(out, str | Path):
        write_output(out, text)
    else:
        out.write(text)


def script_safe_json(value: object) -> str:
    """JSON for ``value`` that is safe inside an HTML ``<script>`` element."""
    text = _dumps(value)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def claimreview_script_tag(doc: dict[str, Any]) -> str:
    """``doc`` as a ``<script type="application/ld+json">`` element, safe to embed in HTML.

    ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u`` escapes, so a claim text
    containing ``</script>`` or ``<!--`` cannot end or alter the element.
    """
    return f'<script type="application/ld+json">\n{script_safe_json(doc)}\n</script>'
