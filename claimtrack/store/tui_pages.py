"""Paged reads for the review app: one page of the queue, counts per status, filter values.

The app never loads a whole table: each call reads ``limit`` rows at ``offset`` with the
filters and the sort applied in DuckDB, inside a short session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from claimtrack.store.db import Session


def queue_page(session: Session, params: Mapping[str, Any]) -> pl.DataFrame:
    """One page of the queue; ``params`` holds the filters, sort, ``limit`` and ``offset``."""
    return session.query("tui_queue_page", params)


def status_counts(session: Session, params: Mapping[str, Any]) -> dict[str, int]:
    """Claims per status under the filters (the status filter itself is ignored)."""
    frame = session.query("tui_status_counts", params)
    return {row["status"]: int(row["claims"]) for row in frame.iter_rows(named=True)}


def filter_values(session: Session) -> dict[str, list[str]]:
    """Known sources and languages, for the filter choices."""
    frame = session.query("tui_filter_values")
    values: dict[str, list[str]] = {"source": [], "language": []}
    for row in frame.iter_rows(named=True):
        if row["value"] is not None:
            values.setdefault(row["field"], []).append(row["value"])
    return values


def article_claims(session: Session, article_id: str) -> pl.DataFrame:
    """The current claims of one article, in text order, with their status."""
    return session.query("tui_article_claims", {"article_id": article_id})
