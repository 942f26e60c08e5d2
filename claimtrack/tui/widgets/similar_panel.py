"""Similar claims (other sources and languages) and earlier fact-checks of one claim.

Relations come from :mod:`claimtrack.api.matching` (``same`` / ``conflicting`` with the
reasons / ``related``). ``unrelated`` results are hidden unless the analyst asks for them
(``w``); the list then says how many are hidden. URLs are shown as text only, decoded and
shortened to host + path start (the claim screen's ``U`` shows them in full); nothing here
opens a browser. Enter (or a click) on a similar claim posts ``OpenClaim``. Next to the
model's relation each claim shows the analyst's own link, if any ("linked: same by rana");
the claim screen passes those in with :meth:`SimilarPanel.show_links`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from claimtrack.display import hidden_note, short_url, split_hidden
from claimtrack.tui import messages
from claimtrack.tui.bidi import BidiText, safe_text

RELATION_STYLE = {"same": "bold green", "conflicting": "bold red", "related": "yellow",
                  "unrelated": "dim"}  # fmt: skip
WEAKER_KEY = "w"  # bindings.CLAIM_LINKS: toggle_weaker


class AnalystLink(NamedTuple):
    """An analyst's link in force between this claim and another one."""

    relation: str
    analyst: str


def analyst_links(links: pl.DataFrame) -> dict[str, AnalystLink]:
    """The links in force per other claim id, from ``links.current_links``."""
    if links.is_empty():
        return {}
    return {
        row["other_claim_id"]: AnalystLink(row["relation"], row["analyst"])
        for row in links.iter_rows(named=True)
    }


def similar_prompt(hit: Any, bidi: bool, link: AnalystLink | None = None) -> BidiText:
    """Two or three lines: score, relation (and the analyst's link), language, source,
    date; the text; the reasons."""
    head = Text()
    head.append(f"{hit.score:.2f} ", style="bold")
    head.append(hit.relation, style=RELATION_STYLE.get(hit.relation, ""))
    if link is not None:
        head.append("  linked: ", style="bold")
        head.append(link.relation, style=RELATION_STYLE.get(link.relation, "bold"))
        head.append_text(safe_text(f" by {link.analyst}", "bold", single_line=True))
    meta = " · ".join(str(x) for x in (hit.language, hit.source, hit.published) if x)
    head.append_text(safe_text(f"  {meta}", "dim", single_line=True))
    lines = [head, safe_text(hit.text, single_line=True)]
    if hit.relation == "conflicting" and hit.reasons:
        lines.append(safe_text("why: " + "; ".join(hit.reasons), "red", single_line=True))
    return BidiText(Text("\n").join(lines), enabled=bidi)


def factcheck_prompt(hit: Any, bidi: bool) -> BidiText:
    """Rating and mapped status, publisher and date, the checked claim, the URL (as text)."""
    head = Text()
    head.append(f"{hit.score:.2f} ", style="bold")
    if hit.relation:
        head.append(f"{hit.relation} ", style=RELATION_STYLE.get(hit.relation, ""))
    head.append_text(safe_text(f"{hit.rating or '?'} → {hit.status}", "bold", single_line=True))
    meta = " · ".join(str(x) for x in (hit.publisher, hit.date) if x)
    head.append_text(safe_text(f"  {meta}", "dim", single_line=True))
    lines = [head, safe_text(hit.claim, single_line=True)]
    if hit.url:
        lines.append(safe_text(short_url(hit.url), "underline", single_line=True))
    return BidiText(Text("\n").join(lines), enabled=bidi)


class SimilarPanel(Vertical):
    """The claim screen sets results with :meth:`show_similar` / :meth:`show_factchecks`."""

    def __init__(self, *, bidi: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bidi = bidi
        self.similar: list[Any] = []  # every hit found, weaker ones included
        self.factchecks: list[Any] = []
        self.similar_listed: list[Any] = []  # what the lists show, in their order
        self.factchecks_listed: list[Any] = []
        self.links: dict[str, AnalystLink] = {}
        self.show_weaker = False

    def compose(self) -> ComposeResult:
        yield Label("Similar claims", classes="panel-title")
        yield OptionList(id="similar-list")
        yield Label("Earlier fact-checks", classes="panel-title")
        yield OptionList(id="factcheck-list")

    def _fill(self, widget_id: str, options: list[Option], empty: str, keep: bool = False,
              count: int | None = None) -> None:  # fmt: skip
        """List ``options``; the first ``count`` are results (the rest are notes)."""
        box = self.query_one(f"#{widget_id}", OptionList)
        before = box.highlighted
        count = len(options) if count is None else count
        box.clear_options()
        if not count:
            options = [Option(Text(empty, style="dim"), disabled=True), *options]
        box.add_options(options)
        if count:
            # So Enter opens the best match without an arrow key first; a re-render after
            # a link keeps the analyst's place.
            keep_place = keep and before is not None and before < count
            box.highlighted = before if keep_place else 0

    def _listed(self, hits: list[Any]) -> tuple[list[Any], Option | None]:
        """The hits to list (weaker ones only when asked) and the note about hidden ones."""
        shown, hidden = split_hidden(hits)
        if not hidden:
            return shown, None
        if self.show_weaker:
            note = f"{WEAKER_KEY} hides the {len(hidden)} weaker " + (
                "match" if len(hidden) == 1 else "matches"
            )
            return shown + hidden, Option(Text(note, style="dim italic"), disabled=True)
        return shown, Option(Text(hidden_note(len(hidden), WEAKER_KEY), style="dim italic"),
                             disabled=True)  # fmt: skip

    def show_message(self, text: str) -> None:
        self.similar, self.factchecks = [], []
        self.similar_listed, self.factchecks_listed = [], []
        for widget_id in ("similar-list", "factcheck-list"):
            self._fill(widget_id, [], text)

    def show_similar(self, hits: list[Any], *, keep: bool = False) -> None:
        self.similar = list(hits)
        self.similar_listed, note = self._listed(self.similar)
        options = [Option(similar_prompt(h, self.bidi, self.links.get(h.claim_id)), id=h.claim_id)
                   for h in self.similar_listed]  # fmt: skip
        empty = "no similar claims" if note is None else "no similar claims shown"
        self._fill("similar-list", options + ([note] if note else []), empty, keep,
                   count=len(options))  # fmt: skip

    def show_links(self, links: Mapping[str, AnalystLink]) -> None:
        """The analyst's links in force (other claim id → link); re-renders the claims."""
        if dict(links) != self.links:
            self.links = dict(links)
            if self.similar:
                self.show_similar(self.similar, keep=True)

    def show_factchecks(self, hits: list[Any], *, keep: bool = False) -> None:
        self.factchecks = list(hits)
        self.factchecks_listed, note = self._listed(self.factchecks)
        options = [Option(factcheck_prompt(h, self.bidi), id=f"fc:{h.factcheck_id}")
                   for h in self.factchecks_listed]  # fmt: skip
        empty = "no matching fact-checks" if note is None else "no earlier fact-check matches"
        self._fill("factcheck-list", options + ([note] if note else []), empty, keep,
                   count=len(options))  # fmt: skip

    def toggle_weaker(self) -> bool:
        """Show or hide the weaker (unrelated) matches; returns the new setting."""
        self.show_weaker = not self.show_weaker
        self.show_similar(self.similar, keep=True)
        self.show_factchecks(self.factchecks, keep=True)
        return self.show_weaker

    def _highlighted(self, widget_id: str, hits: list[Any]) -> Any | None:
        index = self.query_one(f"#{widget_id}", OptionList).highlighted
        return hits[index] if index is not None and index < len(hits) else None

    def highlighted_similar(self) -> Any | None:
        """The similar claim under the list's cursor (None while there is none)."""
        return self._highlighted("similar-list", self.similar_listed)

    def highlighted_factcheck(self) -> Any | None:
        """The earlier fact-check under the list's cursor (None while there is none)."""
        return self._highlighted("factcheck-list", self.factchecks_listed)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id and not option_id.startswith("fc:"):
            self.post_message(messages.OpenClaim(option_id))
