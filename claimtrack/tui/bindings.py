"""Every key binding of the review app, as data.

Screens take their ``BINDINGS`` from here, and the help screen and docs/TUI.md list
the same tables, so what the footer shows, what ``?`` shows and what the keys do can
not drift apart. Digits set statuses: the n-th status of the vocabulary (display order)
is on key n (1..9, then 0 for the tenth).
"""

from __future__ import annotations

from textual.binding import Binding

STATUS_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")

APP = [
    Binding("q", "quit", "Quit"),
    Binding("question_mark", "help", "Help", key_display="?"),
]

QUEUE = [
    Binding("enter", "open_claim", "Open", show=False),
    Binding("slash", "search", "Search", key_display="/"),
    Binding("f", "filters", "Filters"),
    Binding("s", "cycle_sort", "Sort"),
    Binding("S", "reverse_sort", "Reverse", show=False),
    Binding("o", "toggle_open", "Open only"),
    Binding("r", "refresh", "Refresh"),
    Binding("escape", "clear_filters", "Clear", show=False),
]

#: The queue table's own keys (on top of DataTable's arrows, PageUp/PageDown).
QUEUE_TABLE = [
    Binding("home", "first_row", "First row", show=False),
    Binding("end", "last_row", "Last loaded row", show=False),
]

CLAIM = [
    Binding("v", "verdict", "Verdict"),
    Binding("n", "note", "Note"),
    Binding("e", "evidence", "Evidence"),
    Binding("g", "toggle_group", "Group"),
    Binding("a", "article", "Article"),
    Binding("h", "history", "History", show=False),
    Binding("u", "undo", "Undo"),
    Binding("A", "assign", "Assign"),
    Binding("r", "refresh", "Refresh", show=False),
    Binding("escape", "back", "Back"),
]

#: The claim view's keys for its right-hand panel: they act on the highlighted similar
#: claim / earlier fact-check even while another widget has the focus.
CLAIM_LINKS = [
    Binding("s", "focus_similar", "Similar list", show=False),
    Binding("l", "link('same')", "Link same"),
    Binding("c", "link('conflicting')", "Link conflicting", show=False),
    Binding("L", "link_as", "Link as…", show=False),
    Binding("x", "unlink", "Unlink"),
    Binding("f", "confirm_factcheck", "Confirm fact-check"),
    Binding("F", "confirm_factcheck_as", "Confirm fact-check as…", show=False),
    Binding("w", "toggle_weaker", "Weaker matches", show=False),
    Binding("U", "show_urls", "Full URLs", show=False),
]

#: Digit keys for statuses, shared by the queue (highlighted row) and the claim view.
STATUS = [
    Binding(key, f"set_status({index})", f"status #{index + 1}", show=False)
    for index, key in enumerate(STATUS_KEYS)
]

ARTICLE = [
    Binding("escape", "back", "Back"),
    Binding("r", "refresh", "Refresh"),
]

HISTORY = [Binding("escape", "back", "Back")]

MODAL = [Binding("escape", "cancel", "Cancel")]

#: A short list to pick from (link relation): arrows + Enter, or the item's number.
CHOICE = [
    *MODAL,
    *[Binding(key, f"pick({i})", "pick", show=False) for i, key in enumerate(STATUS_KEYS[:3])],
]

VERDICT = [
    *MODAL,
    Binding("ctrl+s", "apply", "Apply"),
    *[Binding(key, f"pick({i})", "pick status", show=False) for i, key in enumerate(STATUS_KEYS)],
]

#: (section, bindings) for the help screen and the README.
SECTIONS = [
    ("Everywhere", APP),
    ("Queue", [*QUEUE, *QUEUE_TABLE]),
    ("Claim view", CLAIM),
    ("Claim links", CLAIM_LINKS),  # similar claims and earlier fact-checks
    ("Article view", ARTICLE),
    ("Dialogs", VERDICT[:2]),  # Esc cancels any dialog; ctrl+s applies the verdict picker
]


def key_label(binding: Binding) -> str:
    """How a key is written for people ("?" rather than "question_mark")."""
    return binding.key_display or binding.key
