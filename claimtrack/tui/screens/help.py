"""``?``: every key binding (from :mod:`claimtrack.tui.bindings`) and the status keys."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from claimtrack.review.statuses import Vocabulary
from claimtrack.tui import bindings
from claimtrack.tui.bidi import visual_line


def _grid() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    return table


def help_table(vocab: Vocabulary, bidi_note: str, bidi: bool = False) -> Table:
    """Three columns: the bindings by screen (the claim view's on their own, so that all
    fits one 40-line terminal); the status keys and the display mode."""
    keys, claim_keys, statuses = _grid(), _grid(), _grid()
    for section, items in bindings.SECTIONS:
        column = claim_keys if section.startswith("Claim") else keys
        column.add_row(Text(section, style="bold underline"), "")
        for binding in items:
            column.add_row(Text(bindings.key_label(binding)), Text(binding.description))
    statuses.add_row(Text("Status keys", style="bold underline"), Text("queue, claim view"))
    for index, status in enumerate(vocab.statuses[: len(bindings.STATUS_KEYS)]):
        statuses.add_row(Text(bindings.STATUS_KEYS[index]), Text(status.key))
        if status.label_ar:
            label = Text(f"{status.label} · {status.label_ar}", style="dim")
            statuses.add_row("", visual_line(label) if bidi else label)
    statuses.add_row("", "")
    statuses.add_row(Text("Display", style="bold underline"), "")
    statuses.add_row("", Text(bidi_note))
    outer = Table.grid(padding=(0, 3))
    outer.add_row(keys, claim_keys, statuses)
    return outer


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings.MODAL,
        Binding("question_mark", "cancel", "Close", show=False),
        Binding("q", "cancel", "Close", show=False),
    ]

    def __init__(self, vocab: Vocabulary, bidi_note: str, bidi: bool = False) -> None:
        super().__init__()
        self.vocab = vocab
        self.bidi_note = bidi_note
        self.bidi = bidi

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(Text("claimtrack review — keys", style="bold"))
            yield Static(help_table(self.vocab, self.bidi_note, self.bidi))
            yield Static(Text("Esc, ? or q closes this help. Mouse: click rows, headers "
                              "(sort), buttons.", style="dim"))  # fmt: skip

    def action_cancel(self) -> None:
        self.dismiss(None)
