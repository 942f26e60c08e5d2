"""The queue's filters (status, type, language, source, analyst, group) and the search box."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from claimtrack.api.review_view import OPEN, QueueFilters
from claimtrack.models import CLAIM_TYPES
from claimtrack.tui import messages
from claimtrack.tui.bidi import safe_text

SEARCH_DELAY = 0.25  # seconds of typing pause before the search runs


def _options(values: list[str]) -> list[tuple[Text, str]]:
    return [(safe_text(value, single_line=True), value) for value in values]


class FilterBar(Horizontal):
    """Posts ``FiltersChanged``; the screen reads :attr:`filters` and reloads the queue."""

    def __init__(self, status_keys: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.status_keys = status_keys
        self._timer: Any = None

    def compose(self) -> ComposeResult:
        statuses = [(Text("open (not final)"), OPEN), *_options(self.status_keys)]
        yield Select(statuses, prompt="status", id="filter-status")
        yield Select(_options(list(CLAIM_TYPES)), prompt="type", id="filter-type")
        yield Select([], prompt="language", id="filter-language")
        yield Select([], prompt="source", id="filter-source")
        yield Input(placeholder="assigned to", id="filter-analyst")
        yield Input(placeholder="group id", id="filter-group")
        yield Input(placeholder="/ search claim text", id="filter-search")

    def set_choices(self, values: dict[str, list[str]]) -> None:
        """Fill the language and source choices (read from the database by the screen)."""
        for field in ("language", "source"):
            select = self.query_one(f"#filter-{field}", Select)
            select.set_options(_options(values.get(field, [])))

    @property
    def filters(self) -> QueueFilters:
        def chosen(widget_id: str) -> str | None:
            value = self.query_one(f"#{widget_id}", Select).value
            return value if isinstance(value, str) else None

        def typed(widget_id: str) -> str | None:
            return self.query_one(f"#{widget_id}", Input).value.strip() or None

        return QueueFilters(
            status=chosen("filter-status"), claim_type=chosen("filter-type"),
            language=chosen("filter-language"), source=chosen("filter-source"),
            analyst=typed("filter-analyst"), group_id=typed("filter-group"),
            search=typed("filter-search"),
        )  # fmt: skip

    def set_status(self, status: str | None) -> None:
        select = self.query_one("#filter-status", Select)
        if status is None:
            select.clear()
        else:
            select.value = status

    def clear(self) -> None:
        for select in self.query(Select):
            select.clear()
        for box in self.query(Input):
            box.value = ""
        self.post_message(messages.FiltersChanged())

    def focus_search(self) -> None:
        self.query_one("#filter-search", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(messages.FiltersChanged())

    def on_input_changed(self, event: Input.Changed) -> None:
        # Typing must never wait on the database: only a pause in typing starts a query
        # (in a worker), and each new query replaces the previous one.
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, lambda: self.post_message(
            messages.FiltersChanged()))  # fmt: skip

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.post_message(messages.FiltersChanged())
