"""A claim's audit log (``claimtrack.api.workflow.history``) as a table."""

from __future__ import annotations

from typing import Any

import polars as pl
from rich.text import Text
from textual.widgets import DataTable

from claimtrack.display import short_url
from claimtrack.tui.bidi import safe_text

COLUMNS = ("when", "analyst", "action", "change", "note / evidence")


class HistoryTable(DataTable[Any]):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)

    def on_mount(self) -> None:
        self.add_columns(*COLUMNS)

    def show(self, frame: pl.DataFrame) -> None:
        """Newest first, so a change just made is on the first line."""
        self.clear()
        for row in reversed(frame.to_dicts()):
            when = row["event_at"].strftime("%Y-%m-%d %H:%M:%S") if row["event_at"] else ""
            detail = row.get("note") or short_url(row.get("evidence_url"))
            if row.get("factcheck_id"):  # a confirmed earlier fact-check
                detail = f"fact-check {row['factcheck_id']}" + (f": {detail}" if detail else "")
            style = "strike dim" if row.get("undone") else ""
            self.add_row(
                Text(when, style=style),
                safe_text(row["analyst"], style, single_line=True),
                safe_text(row["action"], style, single_line=True),
                safe_text(row["change"] or "", style, single_line=True),
                safe_text(detail, style, single_line=True),
            )
