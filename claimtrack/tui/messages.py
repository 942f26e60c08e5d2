"""Messages widgets and screens post upward ("attributes down, messages up")."""

from __future__ import annotations

from textual.message import Message


class OpenClaim(Message):
    """Show this claim in the claim view (from the queue, the similar panel, an article)."""

    def __init__(self, claim_id: str) -> None:
        super().__init__()
        self.claim_id = claim_id


class LoadMore(Message):
    """The queue table scrolled near the end of the rows it has: fetch the next page."""


class SortChanged(Message):
    """The queue table's header was clicked: sort the queue by this column."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class FiltersChanged(Message):
    """The filter bar's values changed."""


class ClaimsChanged(Message):
    """Claims were written (verdict, note ...): views showing them should re-read them."""

    def __init__(self, claim_ids: list[str]) -> None:
        super().__init__()
        self.claim_ids = claim_ids
