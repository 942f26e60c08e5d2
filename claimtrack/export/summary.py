"""Counts and sections shared by the HTML and Markdown reports and by ``claimtrack stats``.

:func:`summarise` computes the counts and :func:`report_sections` splits the claims into
the sections of ``--group-by``, so every output agrees on the numbers and the order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import polars as pl

from claimtrack.errors import InvalidInputError
from claimtrack.export.frames import (
    is_verdicted,
    validate_claims_frame,
    validate_history_frame,
)

UNKNOWN = "(unknown)"  # the key under which null values are counted
GROUP_BY = ("article", "group", "status")
GroupBy = Literal["article", "group", "status"]
NOT_GROUPED = "Not grouped"


def _counts(values: list[Any]) -> dict[str, int]:
    """Counts by value, most frequent first, ties by value; null counted as UNKNOWN."""
    counter = Counter(UNKNOWN if v is None or v == "" else str(v) for v in values)
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def summarise(claims: pl.DataFrame, history: pl.DataFrame | None = None) -> dict[str, Any]:
    """Counts over the claims (and their audit history) as a JSON-serialisable dict.

    Keys: ``total`` (claims), ``verdicted`` (claims whose status is a verdict),
    ``by_status`` / ``by_type`` / ``by_language`` / ``by_source`` / ``by_analyst``
    (``{value: count}``, most frequent first; null counted as ``"(unknown)"``),
    ``status_labels`` (``{status key: label}``), ``conflicting`` (one entry per claim with
    conflict reasons: ``claim_id``, ``text``, ``language``, ``group_id``, ``conflicts``),
    ``groups`` (number of groups with more than one claim) and ``verdicts_per_day``
    (``{"YYYY-MM-DD": n}`` from history events with ``action == "verdict"``, by UTC day,
    oldest first; empty without history).
    """
    claims = validate_claims_frame(claims)
    rows = claims.select(
        "claim_id", "text", "language", "claim_type", "status", "status_label", "source",
        "analyst", "group_id", "conflicts",
    ).to_dicts()  # fmt: skip
    labels: dict[str, str] = {}
    for row in rows:
        labels.setdefault(row["status"], row["status_label"] or row["status"])
    group_sizes = Counter(r["group_id"] for r in rows if r["group_id"] is not None)
    conflicting = [
        {
            "claim_id": r["claim_id"],
            "text": r["text"],
            "language": r["language"],
            "group_id": r["group_id"],
            "conflicts": list(r["conflicts"]),
        }
        for r in rows
        if r["conflicts"]
    ]
    per_day: dict[str, int] = {}
    if history is not None:
        verdict_days = (
            validate_history_frame(history)
            .filter(pl.col("action") == "verdict")
            .select(pl.col("at").dt.date().alias("day"))
            .group_by("day")
            .len()
            .sort("day")
        )
        per_day = {d.isoformat(): n for d, n in verdict_days.iter_rows()}
    return {
        "total": len(rows),
        "verdicted": sum(1 for r in rows if is_verdicted(r["status"])),
        "by_status": _counts([r["status"] for r in rows]),
        "status_labels": labels,
        "by_type": _counts([r["claim_type"] for r in rows]),
        "by_language": _counts([r["language"] for r in rows]),
        "by_source": _counts([r["source"] for r in rows]),
        "by_analyst": _counts([r["analyst"] for r in rows]),
        "groups": sum(1 for n in group_sizes.values() if n > 1),
        "conflicting": conflicting,
        "verdicts_per_day": per_day,
    }


@dataclass(slots=True)
class Section:
    """One section of a report grouped by article, claim group or status.

    ``kind`` is the ``group_by`` value, or ``"ungrouped"`` for the final "Not grouped"
    section. ``label`` is the heading's plain (unescaped) text: the article title (else its
    URL or id), the group id, the status label, or "Not grouped". ``rows`` are the claims in
    display order; with ``kind == "group"`` the conflicting variants come first and
    ``conflicting`` holds their claim ids. ``language`` is the most common claim language
    (for the heading's ``lang``/``dir``); ``languages`` counts the claims' languages.
    """

    kind: str
    key: str | None
    label: str
    rows: list[dict[str, Any]]
    language: str | None = None
    languages: dict[str, int] = field(default_factory=dict)
    source: str | None = None
    published: date | None = None
    url: str | None = None
    conflicting: list[str] = field(default_factory=list)


def is_conflicting(row: dict[str, Any]) -> bool:
    """Whether a claim row is a conflicting variant of its group (by relation or reasons)."""
    return row.get("group_relation") == "conflicting" or bool(row.get("conflicts"))


def _by_key(rows: list[dict[str, Any]], column: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows bucketed by ``column``, buckets in first-appearance order, rows in frame order."""
    buckets: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        buckets.setdefault(row[column], []).append(row)
    return buckets


def _section(kind: str, key: str | None, label: str, rows: list[dict[str, Any]]) -> Section:
    languages = _counts([r["language"] for r in rows])
    top = next(iter(languages), None)
    return Section(kind, key, label, rows, None if top == UNKNOWN else top, languages)


def _article_sections(rows: list[dict[str, Any]]) -> list[Section]:
    sections = []
    for article_id, members in _by_key(rows, "article_id").items():
        first = members[0]
        label = first["article_title"] or first["article_url"] or article_id
        section = _section("article", article_id, label, members)
        section.source, section.published = first["source"], first["published"]
        section.url = first["article_url"]
        sections.append(section)
    # Newest article first; undated last; ties keep the frame's order (sort is stable).
    return sorted(
        sections, key=lambda s: (s.published is None, -(s.published or date.min).toordinal())
    )


def _group_sections(rows: list[dict[str, Any]]) -> list[Section]:
    buckets = _by_key([r for r in rows if r["group_id"] is not None], "group_id")
    sections = []
    for group_id, members in sorted(buckets.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        # Conflicting variants first: they are what an editor must look at.
        ordered = sorted(members, key=lambda r: not is_conflicting(r))
        section = _section("group", group_id, group_id, ordered)
        section.conflicting = [r["claim_id"] for r in ordered if is_conflicting(r)]
        sections.append(section)
    ungrouped = [r for r in rows if r["group_id"] is None]
    if ungrouped:
        sections.append(_section("ungrouped", None, NOT_GROUPED, ungrouped))
    return sections


def _status_sections(rows: list[dict[str, Any]], order: Sequence[str] | None) -> list[Section]:
    buckets = _by_key(rows, "status")
    rank = {key: i for i, key in enumerate(order or ())}

    def sort_key(item: tuple[str, list[dict[str, Any]]]) -> tuple[int, int, str]:
        # Known statuses in vocabulary order; the rest after them by count, then key.
        key, members = item
        return (rank.get(key, len(rank)), -len(members), key)

    return [
        _section("status", key, members[0]["status_label"] or key, members)
        for key, members in sorted(buckets.items(), key=sort_key)
    ]


def report_sections(
    claims: pl.DataFrame, group_by: GroupBy, *, status_order: Sequence[str] | None = None
) -> list[Section]:
    """The claims split into report sections, in display order.

    ``article``: one section per article, newest published first (undated last).
    ``group``: one per claim group, largest first (ties by group id), conflicting variants
    first inside each; claims without a group go to a final "Not grouped" section.
    ``status``: one per status, in ``status_order`` (the vocabulary's keys) when given,
    statuses it lacks after them by count; without it, by count (most claims first).
    Claims keep the frame's order inside a section. Raises :class:`InvalidInputError`
    for an unknown ``group_by``.
    """
    if group_by not in GROUP_BY:
        raise InvalidInputError(f"group_by must be one of {', '.join(GROUP_BY)}, got {group_by!r}")
    rows = validate_claims_frame(claims).to_dicts()
    if group_by == "article":
        return _article_sections(rows)
    if group_by == "group":
        return _group_sections(rows)
    return _status_sections(rows, status_order)
