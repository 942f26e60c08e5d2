"""Similar claims (other sources and languages) and earlier fact-checks of one claim.

Relations come from :mod:`claimtrack.api.matching` (``same`` / ``conflicting`` with the
reasons / ``related``). URLs are shown as text only: nothing here opens a browser.
Enter (or a click) on a similar claim posts ``OpenClaim``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from claimtrack.tui import messages
from claimtrack.tui.bidi import BidiText, safe_text

RELATION_STYLE = {"same": "bold green", "conflicting": "bold red", "related": "yellow"}


def similar_prompt(hit: Any, bidi: bool) -> BidiText:
    """Two or three lines: score, relation, language, source, date; the text; the reasons."""
    head = Text()
    head.append(f"{hit.score:.2f} ", style="bold")
    head.append(hit.relation, style=RELATION_STYLE.get(hit.relation, ""))
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
        lines.append(safe_text(hit.url, "underline", single_line=True))
    return BidiText(Text("\n").join(lines), enabled=bidi)


class SimilarPanel(Vertical):
    """The claim screen sets results with :meth:`show_similar` / :meth:`show_factchecks`."""

    def __init__(self, *, bidi: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bidi = bidi

    def compose(self) -> ComposeResult:
        yield Label("Similar claims", classes="panel-title")
        yield OptionList(id="similar-list")
        yield Label("Earlier fact-checks", classes="panel-title")
        yield OptionList(id="factcheck-list")

    def _fill(self, widget_id: str, options: list[Option], empty: str) -> None:
        box = self.query_one(f"#{widget_id}", OptionList)
        box.clear_options()
        box.add_options(options or [Option(Text(empty, style="dim"), disabled=True)])
        if options:
            box.highlighted = 0  # so Enter opens the best match without an arrow key first

    def show_message(self, text: str) -> None:
        for widget_id in ("similar-list", "factcheck-list"):
            self._fill(widget_id, [], text)

    def show_similar(self, hits: list[Any]) -> None:
        options = [Option(similar_prompt(h, self.bidi), id=h.claim_id) for h in hits]
        self._fill("similar-list", options, "no similar claims")

    def show_factchecks(self, hits: list[Any]) -> None:
        options = [Option(factcheck_prompt(h, self.bidi), id=f"fc:{h.factcheck_id}")
                   for h in hits]  # fmt: skip
        self._fill("factcheck-list", options, "no matching fact-checks")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id and not option_id.startswith("fc:"):
            self.post_message(messages.OpenClaim(option_id))
