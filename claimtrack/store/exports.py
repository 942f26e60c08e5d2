"""Frames for reports and exports, built in SQL from the claims, articles and audit log.

The review state (status, notes, evidence, assignee) is derived from ``claim_events`` by
``sql/queries/export_claims.sql`` with list aggregates, so a 100k-claim export is one
query, not a Python loop. Timestamps come back in UTC whatever the session's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from claimtrack.store.db import Session


def _in_utc(frame: pl.DataFrame) -> pl.DataFrame:
    """Timestamps as ``Datetime("us", "UTC")``: DuckDB hands out its session zone
    (``Etc/UTC`` here, the machine's zone elsewhere), and the export contract says UTC."""
    columns = [
        pl.col(name).dt.convert_time_zone("UTC")
        if dtype.time_zone is not None
        else pl.col(name).dt.replace_time_zone("UTC")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime)
    ]
    return frame.with_columns(columns) if columns else frame


def claims_for_export(
    session: Session,
    *,
    statuses: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    source: str | None = None,
    language: str | None = None,
) -> pl.DataFrame:
    """One row per selected claim with its derived review state (see export_claims.sql).

    ``statuses`` are status keys (already validated: no commas); ``since``/``until`` filter
    on the article's publication date, inclusive; ``source`` matches the article's source
    or any source it appeared under, case-insensitively.
    """
    frame = session.query(
        "export_claims",
        {
            "statuses": ",".join(statuses) if statuses else None,
            "since": since,
            "until": until,
            "source": source,
            "language": language,
        },
    )
    return _in_utc(frame)


def history_for_export(session: Session, claim_ids: pl.Series | None = None) -> pl.DataFrame:
    """Audit events (claim events and link/unlink events), oldest first per claim.

    With ``claim_ids``, only the events of those claims (a semi-join in Polars: the id list
    can be 100k long, which is awkward as a SQL parameter).
    """
    frame = _in_utc(session.query("export_history"))
    if claim_ids is not None:
        frame = frame.join(pl.DataFrame({"claim_id": claim_ids}), on="claim_id", how="semi")
    return frame
