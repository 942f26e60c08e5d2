"""The queue table: shows the pages the queue screen gives it; asks for more near the end."""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl
from rich.text import Text
from textual.binding import BindingType
from textual.widgets import DataTable

from claimtrack.tui import bindings, messages
from claimtrack.tui.bidi import safe_text, visual_cell

#: (column key = sort key, label, width)
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("status", "Status", 12),
    ("checkworthiness", "CW", 5),
    ("claim_type", "Type", 11),
    ("language", "Lang", 4),
    ("source", "Source", 14),
    ("published", "Published", 10),
    ("speaker", "Speaker", 16),
    ("text", "Claim", 70),
)


_WIDTHS = {key: width for key, _, width in COLUMNS}
DisplayRow = tuple[str, list[Text]]


def display_cell(key: str, value: Any, bidi: bool) -> Text:
    """One display cell: untrusted text made safe, cut to its column, bidi applied."""
    if key == "checkworthiness":
        return Text(f"{value:.2f}" if value is not None else "", justify="right")
    text = safe_text(value if value is not None else "", single_line=True)
    return visual_cell(text, _WIDTHS[key], bidi)


def display_rows(frame: pl.DataFrame, bidi: bool) -> list[DisplayRow]:
    """A page made ready for display. Workers call this: reordering Arabic takes
    milliseconds a row, which must not be spent on the thread that reads the keyboard."""
    return [
        (row["claim_id"], [display_cell(key, row.get(key), bidi) for key, _, _ in COLUMNS])
        for row in frame.iter_rows(named=True)
    ]


class QueueTable(DataTable[Any]):
    """Rows are keyed by claim id. The screen sets ``bidi`` and feeds pages in."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.QUEUE_TABLE]

    def __init__(self, *, bidi: bool, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.bidi = bidi
        self.exhausted = False  # the screen sets it when the last page came back short
        self.load_ahead = 40  # rows before the end at which the next page is asked for
        self._asked = False
        self._filling = False

    def on_mount(self) -> None:
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    def cell(self, key: str, value: Any) -> Text:
        return display_cell(key, value, self.bidi)

    def show_page(self, rows: list[DisplayRow], *, replace: bool) -> None:
        """Show a page (from :func:`display_rows`): replacing the rows or appending."""
        self._filling = True  # the cursor moves while rows change: not a request for more
        if replace:
            self.clear()
        for claim_id, cells in rows:
            if claim_id in self.rows:
                continue  # the queue changed under us between pages; keep one row
            self.add_row(*cells, key=claim_id)
        self._filling = self._asked = False

    def set_status(self, claim_id: str, status: str) -> None:
        if claim_id in self.rows:
            self.update_cell(claim_id, "status", self.cell("status", status))

    @property
    def current_claim(self) -> str | None:
        if not self.row_count:
            return None
        key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return None if key.value is None else str(key.value)

    def _maybe_more(self, near_row: int) -> None:
        if self._filling or self.exhausted or self._asked:
            return
        if near_row >= self.row_count - self.load_ahead:
            self._asked = True
            self.post_message(messages.LoadMore())

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        self._maybe_more(new.row)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._maybe_more(int(new_value) + self.size.height)

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        """The last row loaded so far (which asks for the next page, if any)."""
        self.move_cursor(row=max(0, self.row_count - 1))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.post_message(messages.SortChanged(str(event.column_key.value)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(messages.OpenClaim(str(event.row_key.value)))
