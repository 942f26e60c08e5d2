"""Read-only text panes for untrusted text: the claim in its paragraph, the whole article.

Every string here comes from the database (articles are scraped from the web), so it is
built into ``rich.text.Text`` through :func:`claimtrack.tui.bidi.clean` -- never parsed as
markup, never a raw control character -- and shown through :class:`BidiText`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.text import Text
from textual.widgets import Static

from claimtrack.tui.bidi import BidiText, clean

CLAIM_STYLE = "bold reverse"
OTHER_CLAIM_STYLE = "underline"
TERMINAL_STYLE = "bold underline"


class TextView(Static):
    """A Static showing a ``Text`` with display-only bidi (the parent sets ``bidi``)."""

    def __init__(self, *, bidi: bool, **kwargs: Any) -> None:
        super().__init__(Text(""), **kwargs)
        self.bidi = bidi

    def show(self, text: Text) -> None:
        self.update(BidiText(text, enabled=self.bidi))


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (newline to newline) around ``text[start:end]``."""
    first = text.rfind("\n", 0, max(start, 0)) + 1
    last = text.find("\n", max(end, start))
    return first, len(text) if last == -1 else last


def claim_in_paragraph(article_text: str, start: int, end: int) -> Text:
    """The claim's paragraph with the exact claim span (``char_start:char_end``) highlighted."""
    first, last = paragraph_bounds(article_text, start, end)
    shown = Text(clean(article_text[first:last]))
    if 0 <= start < end <= len(article_text):
        shown.stylize(CLAIM_STYLE, start - first, end - first)
    return shown


def article_with_claims(
    article_text: str,
    claims: Iterable[Mapping[str, Any]],
    *,
    current: str | None = None,
    terminal: frozenset[str] = frozenset(),
) -> Text:
    """The whole article with every claim marked; ``current`` highlighted like in the claim view."""
    shown = Text(clean(article_text))
    for claim in claims:
        start, end = int(claim["char_start"]), int(claim["char_end"])
        if not 0 <= start < end <= len(article_text):
            continue
        if claim["claim_id"] == current:
            style = CLAIM_STYLE
        elif claim.get("status") in terminal:
            style = TERMINAL_STYLE
        else:
            style = OTHER_CLAIM_STYLE
        shown.stylize(style, start, end)
    return shown
