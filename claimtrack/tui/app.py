"""The review app and :func:`make_app`, the one factory the CLI and the tests share.

The app holds no database connection: every read and write runs in a thread worker that
calls :mod:`claimtrack.api` (a short store session each), so ``claimtrack note`` and the
other commands work on the same file while the app is open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import BindingType

from claimtrack.api.review_view import (
    PAGE_SIZE,
    ChangeMark,
    ModelSimilarity,
    SimilaritySource,
    changes_since,
)
from claimtrack.errors import ClaimtrackError
from claimtrack.review.statuses import Vocabulary
from claimtrack.store import Store
from claimtrack.tui import bindings, messages
from claimtrack.tui.bidi import clean, resolve_bidi, terminal_does_bidi
from claimtrack.tui.screens.dialogs import VerdictRequest


class ReviewApp(App[None]):
    """Queue → claim → article; verdicts, notes and evidence through the workflow API."""

    CSS_PATH = "app.tcss"
    TITLE = "claimtrack review"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings.APP]

    def __init__(
        self,
        store: Store,
        *,
        analyst: str,
        vocab: Vocabulary,
        bidi: bool,
        bidi_note: str = "",
        similarity: SimilaritySource | None = None,
        page_size: int = PAGE_SIZE,
        poll_seconds: float = 0,
    ) -> None:
        super().__init__()
        self.store = store
        self.analyst = analyst
        self.vocab = vocab
        self.bidi = bidi
        self.bidi_note = bidi_note
        self.similarity = similarity
        self.page_size = page_size
        self._write_lock = threading.Lock()  # one write at a time, in the order asked
        self.poll_seconds = poll_seconds
        self._change_mark: ChangeMark | None = None

    def on_mount(self) -> None:
        from claimtrack.tui.screens.queue import QueueScreen

        self.sub_title = clean(f"{self.store.name} · analyst {self.analyst}",
                               single_line=True)  # fmt: skip
        self.push_screen(QueueScreen())
        if self.poll_seconds > 0:
            self._poll_changes()  # the first call only takes the mark
            self.set_interval(self.poll_seconds, self._poll_changes)

    # ------------------------------------------------------- others' changes
    @work(thread=True, exclusive=True, group="poll")
    def _poll_changes(self) -> None:
        """Other analysts' (and commands') writes: re-read the claims they touched."""
        try:
            self._change_mark, changed = changes_since(self.store, self._change_mark)
        except ClaimtrackError:
            return  # a busy or unreachable database: try again at the next tick
        if changed:
            self.call_from_thread(self._tell_screens, changed)

    def _tell_screens(self, claim_ids: list[str]) -> None:
        for screen in self.screen_stack:
            screen.post_message(messages.ClaimsChanged(claim_ids))

    # ---------------------------------------------------------------- navigation
    def open_claim(self, claim_id: str) -> None:
        from claimtrack.tui.screens.claim import ClaimScreen

        self.push_screen(ClaimScreen(claim_id))

    def action_help(self) -> None:
        from claimtrack.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.vocab, self.bidi_note, self.bidi))

    def show_error(self, error: BaseException) -> None:
        """Errors are one sentence in a notification (never parsed as markup)."""
        self.notify(str(error), title=getattr(error, "title", "Error"), severity="error",
                    timeout=8, markup=False)  # fmt: skip

    # -------------------------------------------------------------------- writes
    def set_status_by_index(self, claim_ids: list[str], index: int, *, group: bool = False) -> None:
        """A digit key: the index-th status of the vocabulary, for these claims."""
        if index >= len(self.vocab.statuses):
            self.notify(f"no status on key {bindings.STATUS_KEYS[index]}", severity="warning")
            return
        status = self.vocab.statuses[index].key
        for claim_id in claim_ids:
            self.write_verdict(claim_id, VerdictRequest(status, group=group))

    def write_verdict(
        self, claim_id: str, request: VerdictRequest, *, factcheck_id: str | None = None
    ) -> None:
        """Set a verdict; with ``factcheck_id`` it confirms that earlier fact-check (its
        mapped status when ``request.status`` is None, its URL as evidence)."""
        from claimtrack.api.workflow import set_verdict

        def write() -> list[Any]:
            return set_verdict(self.store, claim_id, request.status, analyst=self.analyst,
                               note=request.note, evidence=request.evidence,
                               group=request.group, factcheck_id=factcheck_id,
                               vocab=self.vocab)  # fmt: skip

        def said(events: list[Any]) -> str:
            verdicts = [e for e in events if e.action == "verdict"]
            status = verdicts[0].to_status if verdicts else request.status
            if not events:
                return f"already {status}: nothing recorded"
            source = f" (fact-check {factcheck_id})" if factcheck_id else ""
            return f"{len(verdicts)} claim(s) → {status}{source}  (u undoes)"

        self._write(write, said)

    def write_assign(self, claim_id: str, to: str) -> None:
        """Assign the claim to ``to``; an empty name unassigns it."""
        from claimtrack.api.workflow import assign

        def write() -> list[Any]:
            event = assign(self.store, claim_id, to, analyst=self.analyst)
            return [] if event is None else [event]

        def said(events: list[Any]) -> str:
            done = f"assigned to {to}" if to else "unassigned"
            return done if events else f"already {done}"

        self._write(write, said)

    def write_link(self, claim_id: str, other: str, relation: str) -> None:
        """Link two claims as same / related / conflicting (``u`` does not undo a link:
        ``x`` unlinks)."""
        from claimtrack.api.links import link

        self._write(lambda: [link(self.store, claim_id, other, relation, analyst=self.analyst)],
                    lambda events: f"linked as {relation}  (x unlinks)")  # fmt: skip

    def write_unlink(self, claim_id: str, other: str) -> None:
        from claimtrack.api.links import unlink

        self._write(lambda: [unlink(self.store, claim_id, other, analyst=self.analyst)],
                    lambda events: "unlinked")  # fmt: skip

    def write_note(self, claim_id: str, text: str) -> None:
        from claimtrack.api.workflow import add_note

        self._write(lambda: [add_note(self.store, claim_id, text, analyst=self.analyst)],
                    lambda events: "note recorded")  # fmt: skip

    def write_evidence(self, claim_id: str, url: str) -> None:
        from claimtrack.api.workflow import add_evidence

        self._write(lambda: [add_evidence(self.store, claim_id, url, analyst=self.analyst)],
                    lambda events: "evidence recorded (stored as text, never opened)")  # fmt: skip

    def write_undo(self, claim_id: str) -> None:
        from claimtrack.api.workflow import undo

        self._write(lambda: undo(self.store, claim_id, analyst=self.analyst),
                    lambda events: f"undone: {len(events)} change(s)")  # fmt: skip

    @work(thread=True, group="writes")
    def _write(self, write: Callable[[], list[Any]], said: Callable[[list[Any]], str]) -> None:
        try:
            with self._write_lock:
                events = write()
        except ClaimtrackError as error:
            self.call_from_thread(self.show_error, error)
            return
        changed = sorted({claim for event in events for claim in _claims_of(event)})
        self.call_from_thread(self._changed, changed, said(events))

    def _changed(self, claim_ids: list[str], said: str) -> None:
        self.notify(said, timeout=3, markup=False)
        self._tell_screens(claim_ids)


def _claims_of(event: Any) -> tuple[str, ...]:
    """The claims a written event touches: one for claim events, both for link events."""
    if hasattr(event, "claim_a"):
        return (event.claim_a, event.claim_b)
    return (event.claim_id,)


def make_app(
    db: Store | Path | str,
    *,
    analyst: str,
    bidi: str = "auto",
    statuses: Path | None = None,
    similarity: SimilaritySource | str | None = "model",
    model: str | None = None,
    page_size: int = PAGE_SIZE,
    env: Mapping[str, str] | None = None,
    poll_seconds: float = 0,
) -> ReviewApp:
    """The review app on a database (shared by ``claimtrack review`` and the tests).

    ``similarity="model"`` loads the embedding model on first use (in a worker);
    tests pass their own :class:`SimilaritySource`, or ``None`` to switch the panel off.
    ``poll_seconds`` > 0 re-reads claims other analysts changed that often.
    """
    from claimtrack.api.workflow import vocabulary

    store = db if isinstance(db, Store) else Store(db)
    store.ensure_ready(create=False)  # a missing or old database fails before the UI starts
    enabled = resolve_bidi(bidi, env)
    terminal = terminal_does_bidi(env)
    note = f"bidi {bidi}: claimtrack {'reorders and shapes' if enabled else 'does not reorder'}"
    note += " right-to-left text" + (f" (terminal: {terminal})" if terminal else "")
    source: SimilaritySource | None
    source = ModelSimilarity(store, model=model) if similarity == "model" else similarity  # type: ignore[assignment]
    return ReviewApp(store, analyst=analyst, vocab=vocabulary(statuses), bidi=enabled,
                     bidi_note=note, similarity=source, page_size=page_size,
                     poll_seconds=poll_seconds)  # fmt: skip
