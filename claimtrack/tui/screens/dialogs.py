"""Modal dialogs: the verdict picker, a one-line text prompt (note, evidence URL, assignee),
a short choice list (link relation) and the full URLs of a claim (shown, copied)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option

from claimtrack.display import display_url
from claimtrack.errors import InvalidInputError
from claimtrack.review.statuses import Vocabulary
from claimtrack.tui import bindings
from claimtrack.tui.bidi import safe_text, visual_line


@dataclass(frozen=True, slots=True)
class VerdictRequest:
    """What the analyst chose in the verdict dialog (``status`` None: when confirming a
    fact-check, the status it maps to)."""

    status: str | None
    note: str | None = None
    evidence: tuple[str, ...] = ()
    group: bool = False


def status_option(vocab: Vocabulary, index: int, bidi: bool = False) -> Text:
    status = vocab.statuses[index]
    key = bindings.STATUS_KEYS[index] if index < len(bindings.STATUS_KEYS) else " "
    line = Text(f"{key}  ", style="bold")
    line.append(status.key.ljust(14))
    line.append(status.label)
    if status.label_ar:
        arabic = Text(f"  {status.label_ar}", style="dim")
        line.append_text(visual_line(arabic, 0) if bidi else arabic)
    return line


class VerdictDialog(ModalScreen[VerdictRequest | None]):
    """Pick a status (arrows + Enter, or its digit), optionally a note, evidence, group."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.VERDICT]

    def __init__(self, vocab: Vocabulary, *, current: str | None, group: bool,
                 bidi: bool = False, title: str = "Set verdict") -> None:  # fmt: skip
        super().__init__()
        self.title_text = title
        self.bidi = bidi
        self.vocab = vocab
        self.current = current
        self.group = group

    def compose(self) -> ComposeResult:
        with Vertical(id="verdict-dialog", classes="dialog"):
            yield Label(safe_text(self.title_text, single_line=True), classes="panel-title")
            options = [Option(status_option(self.vocab, i, self.bidi), id=s.key)
                       for i, s in enumerate(self.vocab.statuses)]  # fmt: skip
            yield OptionList(*options, id="verdict-statuses")
            yield Input(placeholder="note (optional)", id="verdict-note")
            yield Input(
                placeholder="evidence URL (optional; stored as text)", id="verdict-evidence"
            )
            yield Checkbox("apply to every claim of the group", self.group, id="verdict-group")
            yield Label("", id="verdict-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="verdict-apply")
                yield Button("Cancel (esc)", id="verdict-cancel")

    def on_mount(self) -> None:
        statuses = self.query_one(OptionList)
        keys = self.vocab.keys()
        statuses.highlighted = keys.index(self.current) if self.current in keys else 0
        statuses.focus()

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        return not (action == "pick" and isinstance(self.focused, Input))

    def action_pick(self, index: int) -> None:
        if index < len(self.vocab.statuses):
            self.query_one(OptionList).highlighted = index
            self.query_one("#verdict-note", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#verdict-note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "verdict-note":
            self.query_one("#verdict-evidence", Input).focus()
        else:
            self.action_apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "verdict-apply":
            self.action_apply()
        else:
            self.dismiss(None)

    def action_apply(self) -> None:
        from claimtrack.api.workflow import validate_evidence_url

        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        note = self.query_one("#verdict-note", Input).value.strip() or None
        url = self.query_one("#verdict-evidence", Input).value.strip()
        try:
            evidence = (validate_evidence_url(url),) if url else ()
        except InvalidInputError as error:
            self.query_one("#verdict-error", Label).update(safe_text(error, "red"))
            self.query_one("#verdict-evidence", Input).focus()
            return
        group = self.query_one(Checkbox).value
        self.dismiss(VerdictRequest(self.vocab.statuses[index].key, note, evidence, group))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPrompt(ModalScreen[str | None]):
    """One line of text; Enter accepts, Escape cancels (``None``).

    With ``allow_empty`` an empty line is an answer (``""``, e.g. "unassign"), not a cancel.
    """

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.MODAL]

    def __init__(self, title: str, placeholder: str, *, allow_empty: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(safe_text(self.title_text), classes="panel-title")
            yield Input(placeholder=self.placeholder, id="prompt-input")
            yield Label(Text("Enter to save · Esc to cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(value if self.allow_empty else value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoicePrompt(ModalScreen[str | None]):
    """Pick one of a few plain words (arrows + Enter, or its number); Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.CHOICE]

    def __init__(self, title: str, choices: tuple[str, ...] | list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(safe_text(self.title_text, single_line=True), classes="panel-title")
            options = [Option(Text(f"{i + 1}  {choice}"), id=choice)
                       for i, choice in enumerate(self.choices)]  # fmt: skip
            yield OptionList(*options, id="choice-list")
            yield Label(Text("Enter or a digit to pick · Esc to cancel", style="dim"))

    def on_mount(self) -> None:
        box = self.query_one(OptionList)
        box.highlighted = 0
        box.focus()

    def action_pick(self, index: int) -> None:
        if index < len(self.choices):
            self.dismiss(self.choices[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class UrlDialog(ModalScreen[None]):
    """The full URLs of the claim view (decoded for reading); Enter copies the highlighted
    one, as stored, to the clipboard (the terminal's OSC 52). Nothing is opened."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings.MODAL]

    def __init__(self, urls: list[tuple[str, str]]) -> None:
        super().__init__()
        self.urls = urls  # (what it is, the URL as stored)

    def compose(self) -> ComposeResult:
        with Vertical(id="url-dialog", classes="dialog"):
            yield Label("Full URLs", classes="panel-title")
            options = []
            for label, url in self.urls:
                line = Text(f"{label}\n", style="bold")
                line.append_text(safe_text(display_url(url)))
                options.append(Option(line))
            if not options:
                options = [Option(Text("no URLs on this claim", style="dim"), disabled=True)]
            yield OptionList(*options, id="url-list")
            yield Label(Text("Enter copies the URL as stored · Esc closes", style="dim"))

    def on_mount(self) -> None:
        box = self.query_one(OptionList)
        box.highlighted = 0 if self.urls else None
        box.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.urls):
            label, url = self.urls[event.option_index]
            self.app.copy_to_clipboard(url)
            self.notify(f"copied the {label} URL", timeout=3)

    def action_cancel(self) -> None:
        self.dismiss(None)
