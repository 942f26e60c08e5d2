"""Counts shared by the HTML and Markdown reports and by ``claimtrack stats``.

One function, :func:`summarise`, so every output agrees on the numbers.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import polars as pl

from claimtrack.export.frames import (
    is_verdicted,
    validate_claims_frame,
    validate_history_frame,
)

UNKNOWN = "(unknown)"  # the key under which null values are counted


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
