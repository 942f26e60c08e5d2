"""The claim view: the claim inside its paragraph, its facts, history and similar claims."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label
from textual.worker import get_current_worker

from claimtrack.api import review_view
from claimtrack.display import short_url
from claimtrack.errors import ClaimtrackError, NothingEmbeddedError
from claimtrack.tui import bindings, messages
from claimtrack.tui.bidi import safe_text
from claimtrack.tui.screens.dialogs import (
    ChoicePrompt,
    TextPrompt,
    UrlDialog,
    VerdictDialog,
    VerdictRequest,
)
from claimtrack.tui.widgets.history_table import HistoryTable
from claimtrack.tui.widgets.similar_panel import SimilarPanel, analyst_links
from claimtrack.tui.widgets.text_view import TextView, claim_in_paragraph

if TYPE_CHECKING:
    from claimtrack.api.review_view import ClaimDetail
    from claimtrack.tui.app import ReviewApp

SIMILAR_TOP_K = 8


def facts_text(detail: ClaimDetail, app: ReviewApp, group_mode: bool) -> Text:
    """The claim's facts as lines of ``label: value`` (every value is untrusted text)."""
    claim, state = detail.claim, detail.state
    lines: list[Text] = []

    def add(label: str, value: object, style: str = "") -> None:
        line = Text(f"{label}: ", style="bold")
        line.append_text(safe_text(value, style, single_line=True))
        lines.append(line)

    status = app.vocab.get(state.status) if state.status in app.vocab else None
    label = f"{state.status}" + (f" — {status.label}" if status else "")
    if status and status.label_ar:
        label += f" — {status.label_ar}"
    add("status", label, "bold")
    if state.analyst:
        add("set by", f"{state.analyst} at {state.status_at:%Y-%m-%d %H:%M}")
    add("assigned to", state.assigned_to or "nobody")
    add("type", f"{claim['claim_type']} (check-worthiness {claim['checkworthiness']:.2f})")
    add("source", " · ".join(str(x) for x in (claim.get("source"), claim.get("published"),
                                               claim["language"]) if x))  # fmt: skip
    speaker = claim.get("speaker_canonical") or claim.get("speaker")
    if speaker:
        mode = claim.get("quote_mode")
        add("speaker", f"{speaker} ({mode} quote)" if mode and mode != "none" else speaker)
    for value in detail.values:
        unit = f" {value['unit']}" if value.get("unit") else ""
        relation = f" [{value['relation']}]" if value.get("relation") else ""
        add("value", f"{value.get('kind')}: {value.get('value')}{unit}{relation} "
                     f"← “{value.get('text')}”")  # fmt: skip
    entities = [f"{e.get('text')} ({e.get('kind')}"
                + (f" → {e['canonical']})" if e.get("canonical") else ")")
                for e in detail.entities]  # fmt: skip
    if entities:
        add("entities", "; ".join(entities))
    group = detail.group
    add("group", f"{group['group_id']} ({group['relation']}, {group['method']})" if group
        else "none")  # fmt: skip
    add("apply to group", "ON (g toggles)" if group_mode else "off (g toggles)",
        "bold yellow" if group_mode else "dim")  # fmt: skip
    if detail.suggestions:
        best = detail.suggestions[0]
        add("suggested verdict", f"{best['suggested_status']} (score {best['score']:.2f}, "
            f"rating “{best.get('rating')}”, {best.get('publisher') or 'unknown publisher'})",
            "bold cyan")  # fmt: skip
        if best.get("url"):
            add("  fact-check", short_url(best["url"]) + "  (U: full URL)", "underline")
    for note in state.notes:
        add("note", f"{note['analyst']}: {note['note']}")
    for item in state.evidence:
        add("evidence", short_url(item["evidence_url"]), "underline")
    return Text("\n").join(lines)


class ClaimScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings.CLAIM,
        *bindings.CLAIM_LINKS,
        *bindings.STATUS,
    ]

    def __init__(self, claim_id: str) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.detail: ClaimDetail | None = None
        self.group_mode = False

    @property
    def review(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="claim-body"):
            with VerticalScroll(id="claim-left"):
                yield Label(f"Claim {self.claim_id}", id="claim-title", classes="panel-title")
                yield TextView(bidi=self.review.bidi, id="claim-context")
                yield TextView(bidi=self.review.bidi, id="claim-facts")
                yield Label("History", classes="panel-title")
                yield HistoryTable(id="claim-history")
            with Vertical(id="claim-right"):
                yield SimilarPanel(bidi=self.review.bidi, id="similar")
        yield Footer(compact=True)  # so every shown key fits in 140 columns

    def on_mount(self) -> None:
        self.query_one("#claim-history").focus()
        self.load()
        self.query_one(SimilarPanel).show_message("looking for similar claims…")
        self._load_similar()

    def load(self) -> None:
        self._load_detail()

    @work(thread=True, exclusive=True, group="claim-detail")
    def _load_detail(self) -> None:
        app = self.review
        try:
            detail = review_view.claim_detail(app.store, self.claim_id)
        except ClaimtrackError as error:
            app.call_from_thread(app.show_error, error)
            return
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._show_detail, detail)

    def _show_detail(self, detail: ClaimDetail) -> None:
        self.detail = detail
        claim = detail.claim
        self.query_one("#claim-context", TextView).show(
            claim_in_paragraph(detail.article.text, claim["char_start"], claim["char_end"])
        )
        self.query_one("#claim-facts", TextView).show(facts_text(detail, self.review,
                                                                 self.group_mode))  # fmt: skip
        self.query_one(HistoryTable).show(detail.history)
        self.query_one(SimilarPanel).show_links(analyst_links(detail.links))

    @work(thread=True, exclusive=True, group="claim-similar")
    def _load_similar(self) -> None:
        app = self.review
        panel = self.query_one(SimilarPanel)
        if app.similarity is None:
            app.call_from_thread(panel.show_message, "similarity search is off")
            return
        try:
            similar = app.similarity.similar_claims(self.claim_id, SIMILAR_TOP_K)
            app.call_from_thread(panel.show_similar, similar)
            factchecks = app.similarity.factchecks(self.claim_id, SIMILAR_TOP_K)
            app.call_from_thread(panel.show_factchecks, factchecks)
        except NothingEmbeddedError as error:  # says what to run
            app.call_from_thread(panel.show_message, str(error))
        except Exception as error:  # an optional panel: a model failure must not end the session
            app.call_from_thread(panel.show_message, f"similarity search failed: {error}")

    # ----------------------------------------------------------------- messages
    def on_open_claim(self, event: messages.OpenClaim) -> None:
        event.stop()
        self.review.open_claim(event.claim_id)

    def on_claims_changed(self, event: messages.ClaimsChanged) -> None:
        if self.claim_id in event.claim_ids:
            self.load()

    # ------------------------------------------------------------------ actions
    def action_set_status(self, index: int) -> None:
        self.review.set_status_by_index([self.claim_id], index, group=self.group_mode)

    def action_toggle_group(self) -> None:
        self.group_mode = not self.group_mode
        if self.detail is not None:
            self._show_detail(self.detail)
        self.notify(f"apply to group: {'on' if self.group_mode else 'off'}", timeout=2)

    def action_verdict(self) -> None:
        current = self.detail.state.status if self.detail else None
        dialog = VerdictDialog(
            self.review.vocab, current=current, group=self.group_mode, bidi=self.review.bidi
        )
        self.review.push_screen(dialog, self._verdict_chosen)

    def _verdict_chosen(self, request: VerdictRequest | None) -> None:
        if request is not None:
            self.review.write_verdict(self.claim_id, request)

    def action_note(self) -> None:
        self.review.push_screen(TextPrompt("Note", "a note for this claim"), self._note_written)

    def _note_written(self, text: str | None) -> None:
        if text:
            self.review.write_note(self.claim_id, text)

    def action_evidence(self) -> None:
        prompt = TextPrompt("Evidence URL", "https://… (stored as text, never opened)")
        self.review.push_screen(prompt, self._evidence_written)

    def _evidence_written(self, url: str | None) -> None:
        if url:
            self.review.write_evidence(self.claim_id, url)

    def action_article(self) -> None:
        from claimtrack.tui.screens.article import ArticleScreen

        if self.detail is not None:
            self.review.push_screen(ArticleScreen(self.detail.article.article_id, self.claim_id))

    def action_history(self) -> None:
        self.query_one(HistoryTable).focus()

    def action_undo(self) -> None:
        self.review.write_undo(self.claim_id)

    def action_assign(self) -> None:
        prompt = TextPrompt("Assign to", "analyst name (empty line = unassign)", allow_empty=True)
        self.review.push_screen(prompt, self._assignee_chosen)

    def _assignee_chosen(self, name: str | None) -> None:
        if name is not None:  # "" unassigns; None is Escape
            self.review.write_assign(self.claim_id, name)

    # ------------------------------------------------- similar claims, fact-checks
    def action_focus_similar(self) -> None:
        self.query_one("#similar-list").focus()

    def _similar(self) -> str | None:
        hit = self.query_one(SimilarPanel).highlighted_similar()
        if hit is None:
            self.notify("no similar claim to link (s focuses the list)", severity="warning")
            return None
        return str(hit.claim_id)

    def action_link(self, relation: str) -> None:
        other = self._similar()
        if other is not None:
            self.review.write_link(self.claim_id, other, relation)

    def action_link_as(self) -> None:
        from claimtrack.api.links import LINK_RELATIONS

        other = self._similar()
        if other is None:
            return

        def chosen(relation: str | None) -> None:
            if relation is not None:
                self.review.write_link(self.claim_id, other, relation)

        self.review.push_screen(ChoicePrompt("Link the highlighted claim as", LINK_RELATIONS),
                                chosen)  # fmt: skip

    def action_unlink(self) -> None:
        other = self._similar()
        if other is not None:
            self.review.write_unlink(self.claim_id, other)

    def _factcheck(self) -> str | None:
        hit = self.query_one(SimilarPanel).highlighted_factcheck()
        if hit is None:
            self.notify("no earlier fact-check to confirm", severity="warning")
            return None
        return str(hit.factcheck_id)

    def action_confirm_factcheck(self) -> None:
        """The highlighted fact-check becomes the verdict, with the status it maps to."""
        factcheck_id = self._factcheck()
        if factcheck_id is not None:
            request = VerdictRequest(None, group=self.group_mode)
            self.review.write_verdict(self.claim_id, request, factcheck_id=factcheck_id)

    def action_confirm_factcheck_as(self) -> None:
        """Confirm the highlighted fact-check with a status (and note) the analyst picks."""
        hit = self.query_one(SimilarPanel).highlighted_factcheck()
        if hit is None:
            self.notify("no earlier fact-check to confirm", severity="warning")
            return
        factcheck_id = str(hit.factcheck_id)

        def chosen(request: VerdictRequest | None) -> None:
            if request is not None:
                self.review.write_verdict(self.claim_id, request, factcheck_id=factcheck_id)

        dialog = VerdictDialog(self.review.vocab, current=hit.status, group=self.group_mode,
                               bidi=self.review.bidi,
                               title=f"Confirm fact-check {factcheck_id} as")  # fmt: skip
        self.review.push_screen(dialog, chosen)

    def action_toggle_weaker(self) -> None:
        shown = self.query_one(SimilarPanel).toggle_weaker()
        self.notify(f"weaker matches: {'shown' if shown else 'hidden'}", timeout=2)

    def claim_urls(self) -> list[tuple[str, str]]:
        """Every URL the view shows shortened, as (what it is, the URL as stored)."""
        urls: list[tuple[str, str]] = []
        hit = self.query_one(SimilarPanel).highlighted_factcheck()
        if hit is not None and hit.url:
            urls.append((f"highlighted fact-check {hit.factcheck_id}", str(hit.url)))
        detail = self.detail
        if detail is not None:
            if detail.suggestions and detail.suggestions[0].get("url"):
                urls.append(("suggested verdict's fact-check", detail.suggestions[0]["url"]))
            for item in detail.state.evidence:
                urls.append(("evidence", item["evidence_url"]))
            if detail.article.url:
                urls.append(("article", detail.article.url))
        return urls

    def action_show_urls(self) -> None:
        self.review.push_screen(UrlDialog(self.claim_urls()))

    def action_refresh(self) -> None:
        self.load()
        self._load_similar()

    def action_back(self) -> None:
        self.dismiss()
