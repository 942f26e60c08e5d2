"""The article view: the full text with every claim marked (the current one reversed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from claimtrack.api import review_view
from claimtrack.errors import ClaimtrackError
from claimtrack.tui import bindings
from claimtrack.tui.bidi import safe_text
from claimtrack.tui.widgets.text_view import TextView, article_with_claims

if TYPE_CHECKING:
    import polars as pl

    from claimtrack.models import Article
    from claimtrack.tui.app import ReviewApp


class ArticleScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings.ARTICLE]

    def __init__(self, article_id: str, current_claim: str | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.current_claim = current_claim

    @property
    def review(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("loading…", style="dim"), id="article-meta")
        with VerticalScroll(id="article-scroll"):
            yield TextView(bidi=self.review.bidi, id="article-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#article-scroll").focus()
        self._load()

    @work(thread=True, exclusive=True, group="article")
    def _load(self) -> None:
        try:
            article, claims = review_view.article_view(self.review.store, self.article_id)
        except ClaimtrackError as error:
            self.review.call_from_thread(self.review.show_error, error)
            return
        self.review.call_from_thread(self._show, article, claims)

    def _show(self, article: Article, claims: pl.DataFrame) -> None:
        meta = Text()
        meta.append_text(safe_text(article.title or "(untitled)", "bold", single_line=True))
        details = " · ".join(str(x) for x in (article.source, article.published, article.language,
                                              article.url) if x)  # fmt: skip
        meta.append("\n")
        meta.append_text(safe_text(details, "dim", single_line=True))
        meta.append(
            f"\n{claims.height} claim(s): current one reversed, reviewed ones bold, "
            "others underlined",
            style="dim",
        )
        self.query_one("#article-meta", Static).update(meta)
        terminal = frozenset(s.key for s in self.review.vocab.statuses if s.is_terminal)
        text = article_with_claims(article.text, claims.to_dicts(), current=self.current_claim,
                                   terminal=terminal)  # fmt: skip
        self.query_one("#article-text", TextView).show(text)

    def action_refresh(self) -> None:
        self._load()

    def action_back(self) -> None:
        self.dismiss()
