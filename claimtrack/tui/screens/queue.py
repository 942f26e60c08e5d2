"""The queue: claims to review, paged from the database, filtered and sorted there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from claimtrack.api import review_view
from claimtrack.api.review_view import OPEN, SORT_KEYS, QueueFilters, QueueSort
from claimtrack.errors import ClaimtrackError
from claimtrack.tui import bindings, messages
from claimtrack.tui.widgets.filter_bar import FilterBar
from claimtrack.tui.widgets.queue_table import DisplayRow, QueueTable, display_rows
from claimtrack.tui.widgets.status_counts import StatusCounts

if TYPE_CHECKING:
    from claimtrack.tui.app import ReviewApp

#: Sort direction a column starts with when first chosen (scores and dates: highest first).
DESCENDING_FIRST = {"checkworthiness", "published"}


class QueueScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings.QUEUE, *bindings.STATUS]

    def __init__(self) -> None:
        super().__init__()
        self.filters = QueueFilters()
        self.sort = QueueSort()
        self.generation = 0  # bumps on every new filter/sort; stale pages are dropped
        self.loaded = 0
        self.fetching = False
        self.counts: dict[str, int] = {}

    @property
    def review(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(self.review.vocab.keys(), id="filters")
        yield StatusCounts(id="counts")
        yield QueueTable(bidi=self.review.bidi, id="queue")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(QueueTable)
        table.load_ahead = max(1, self.review.page_size // 5)
        table.focus()
        self.reload()
        self._load_choices()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """Re-read the first page and the counts for the current filters and sort."""
        self.generation += 1
        self.loaded = 0
        self.fetching = True
        table = self.query_one(QueueTable)
        table.exhausted = False
        self._load_page(self.generation, self.filters, self.sort, 0, True)
        self._load_counts(self.generation, self.filters)

    @work(thread=True, exclusive=True, group="queue-page")
    def _load_page(self, generation: int, filters: QueueFilters, sort: QueueSort, offset: int,
                   replace: bool) -> None:  # fmt: skip
        app = self.review
        try:
            frame = review_view.queue_page(app.store, filters, sort, vocab=app.vocab,
                                           offset=offset, limit=app.page_size)  # fmt: skip
        except ClaimtrackError as error:
            app.call_from_thread(app.show_error, error)
            return
        rows = display_rows(frame, app.bidi)
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._show_page, generation, rows, replace)

    def _show_page(self, generation: int, rows: list[DisplayRow], replace: bool) -> None:
        if generation != self.generation:
            return  # the filters changed while this page was on its way
        table = self.query_one(QueueTable)
        table.show_page(rows, replace=replace)
        table.exhausted = len(rows) < self.review.page_size
        self.loaded += len(rows)
        self.fetching = False
        self._show_counts()

    @work(thread=True, exclusive=True, group="queue-counts")
    def _load_counts(self, generation: int, filters: QueueFilters) -> None:
        app = self.review
        try:
            counts = review_view.status_counts(app.store, filters, vocab=app.vocab)
        except ClaimtrackError as error:
            app.call_from_thread(app.show_error, error)
            return
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._set_counts, generation, counts)

    def _set_counts(self, generation: int, counts: dict[str, int]) -> None:
        if generation == self.generation:
            self.counts = counts
            self._show_counts()

    def _show_counts(self) -> None:
        status = self.filters.status
        self.query_one(StatusCounts).show(
            self.counts, self.review.vocab, None if status == OPEN else status, self.loaded
        )

    @work(thread=True, group="queue-choices")
    def _load_choices(self) -> None:
        try:
            values = review_view.filter_values(self.review.store)
        except ClaimtrackError as error:
            self.review.call_from_thread(self.review.show_error, error)
            return
        self.review.call_from_thread(self.query_one(FilterBar).set_choices, values)

    @work(thread=True, group="queue-rows")
    def _refresh_rows(self, claim_ids: list[str]) -> None:
        table = self.query_one(QueueTable)
        shown = [claim_id for claim_id in claim_ids if claim_id in table.rows]
        try:
            states = review_view.current_statuses(self.review.store, shown)
        except ClaimtrackError as error:
            self.review.call_from_thread(self.review.show_error, error)
            return
        for claim_id, status in states.items():  # a claim removed meanwhile keeps its row
            self.review.call_from_thread(table.set_status, claim_id, status)

    # ------------------------------------------------------------------ messages
    def on_load_more(self, _: messages.LoadMore) -> None:
        if not self.fetching:
            self.fetching = True
            self._load_page(self.generation, self.filters, self.sort, self.loaded, False)

    @on(messages.FiltersChanged)
    def _filters_changed(self) -> None:
        filters = self.query_one(FilterBar).filters
        if filters != self.filters:
            self.filters = filters
            self.reload()

    def on_sort_changed(self, event: messages.SortChanged) -> None:
        if event.key == self.sort.key:
            self.sort = QueueSort(event.key, not self.sort.descending)
        else:
            self.sort = QueueSort(event.key, event.key in DESCENDING_FIRST)
        self.notify(f"sorted by {self.sort.key} {'↓' if self.sort.descending else '↑'}",
                    timeout=2, markup=False)  # fmt: skip
        self.reload()

    def on_open_claim(self, event: messages.OpenClaim) -> None:
        self.review.open_claim(event.claim_id)

    def on_claims_changed(self, event: messages.ClaimsChanged) -> None:
        self._refresh_rows(event.claim_ids)
        self._load_counts(self.generation, self.filters)

    # ------------------------------------------------------------------- actions
    def action_open_claim(self) -> None:
        claim_id = self.query_one(QueueTable).current_claim
        if claim_id:
            self.review.open_claim(claim_id)

    def action_search(self) -> None:
        self.query_one(FilterBar).focus_search()

    def action_filters(self) -> None:
        self.query_one("#filter-status").focus()

    def action_cycle_sort(self) -> None:
        key = SORT_KEYS[(SORT_KEYS.index(self.sort.key) + 1) % len(SORT_KEYS)]
        self.post_message(messages.SortChanged(key))

    def action_reverse_sort(self) -> None:
        self.post_message(messages.SortChanged(self.sort.key))

    def action_toggle_open(self) -> None:
        bar = self.query_one(FilterBar)
        bar.set_status(None if self.filters.status == OPEN else OPEN)

    def action_clear_filters(self) -> None:
        """Escape leaves a filter box first; pressed again on the table, clears the filters."""
        from textual.widgets import Input, Select

        if not isinstance(self.focused, Input | Select):
            self.query_one(FilterBar).clear()
        self.query_one(QueueTable).focus()

    def action_refresh(self) -> None:
        self.reload()
        self._load_choices()

    def action_set_status(self, index: int) -> None:
        claim_id = self.query_one(QueueTable).current_claim
        if claim_id:
            self.review.set_status_by_index([claim_id], index)

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        # Letter and digit keys belong to the filter boxes while one is focused.
        from textual.widgets import Input, Select

        typing = isinstance(self.focused, Input | Select)
        return not (typing and action not in ("clear_filters", "quit", "help"))
