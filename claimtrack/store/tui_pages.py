"""Paged reads for the review app: one page of the queue, counts per status, filter values.

The app never loads a whole table: each call reads ``limit`` rows at ``offset`` with the
filters and the sort applied in DuckDB, inside a short session.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
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


def change_mark(session: Session) -> tuple[int, int]:
    """Rows in the append-only logs (events, links): changes when anyone writes."""
    row = session.query("tui_change_mark").row(0)
    return int(row[0]), int(row[1])


def changed_claims(session: Session, since: datetime) -> list[str]:
    """Claims with an event or link stamped at or after ``since``."""
    return session.query("tui_changed_claims", {"since": since})["claim_id"].to_list()


def claim_statuses(session: Session, claim_ids: list[str]) -> dict[str, str]:
    frame = session.query("tui_claim_statuses", {"claim_ids": claim_ids})
    return dict(zip(frame["claim_id"].to_list(), frame["status"].to_list(), strict=True))


def article_claims(session: Session, article_id: str) -> pl.DataFrame:
    """The current claims of one article, in text order, with their status."""
    return session.query("tui_article_claims", {"article_id": article_id})
