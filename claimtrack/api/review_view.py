"""Reads the review app (``claimtrack review``) needs, as one library API.

The app calls these from thread workers; each opens a short store session and closes
it, so the app never holds the database file and CLI commands keep working beside it.
Writes go through :mod:`claimtrack.api.workflow` like the CLI's.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import polars as pl

from claimtrack.errors import InvalidInputError
from claimtrack.models import CLAIM_TYPES, Article
from claimtrack.store import Store, tui_pages
from claimtrack.store import workflow as workflow_rows
from claimtrack.store.articles import get_article
from claimtrack.store.claims import get_claim_row

if TYPE_CHECKING:
    from claimtrack.api.factchecks import FactcheckHit
    from claimtrack.api.matching import SimilarClaim
    from claimtrack.api.workflow import ClaimState
    from claimtrack.embedding.model import Embedder
    from claimtrack.review.statuses import Vocabulary

PAGE_SIZE = 200
#: Columns the queue can be sorted by (the SQL whitelists the same names).
SORT_KEYS = ("status", "checkworthiness", "claim_type", "language", "source", "published",
             "speaker", "text")  # fmt: skip
OPEN = "open"  # the status filter meaning "every status that is not terminal"


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What the queue shows; ``None`` means "any"."""

    status: str | None = None  # a status key, OPEN, or None
    claim_type: str | None = None
    language: str | None = None
    source: str | None = None
    analyst: str | None = None  # assigned to
    group_id: str | None = None
    search: str | None = None  # literal, case-insensitive substring of the claim text

    def params(self, vocab: Vocabulary) -> dict[str, Any]:
        """Query parameters; an unknown status or claim type is an InvalidInputError."""
        if self.claim_type is not None and self.claim_type not in CLAIM_TYPES:
            raise InvalidInputError(f"unknown claim type {self.claim_type!r}")
        if self.status is None:
            keys: list[str] = []
        elif self.status == OPEN:
            keys = [s.key for s in vocab.statuses if not s.is_terminal]
        else:
            keys = [vocab.get(self.status).key]
        search = (self.search or "").strip() or None
        return {"status_keys": keys, "claim_type": self.claim_type, "language": self.language,
                "source": self.source, "analyst": self.analyst or None,
                "group_id": self.group_id or None, "search": search}  # fmt: skip


@dataclass(frozen=True, slots=True)
class QueueSort:
    key: str = "checkworthiness"
    descending: bool = True

    def params(self) -> dict[str, Any]:
        if self.key not in SORT_KEYS:
            raise InvalidInputError(f"cannot sort by {self.key!r}; use {', '.join(SORT_KEYS)}")
        return {"sort_key": self.key, "is_descending": self.descending}


def queue_page(
    store: Store,
    filters: QueueFilters,
    sort: QueueSort,
    *,
    vocab: Vocabulary,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> pl.DataFrame:
    """``limit`` queue rows from ``offset``, filtered and sorted by the database."""
    params = {**filters.params(vocab), **sort.params(), "limit": limit, "offset": offset}
    with store.session() as session:
        return tui_pages.queue_page(session, params)


def status_counts(store: Store, filters: QueueFilters, *, vocab: Vocabulary) -> dict[str, int]:
    """Claims per status under every filter except the status one."""
    params = filters.params(vocab)
    params.pop("status_keys")
    with store.session() as session:
        return tui_pages.status_counts(session, params)


@dataclass(frozen=True, slots=True)
class ChangeMark:
    """What the app had seen of the audit logs at ``seen_at`` (see :func:`changes_since`)."""

    counts: tuple[int, int]
    seen_at: datetime


#: Events are stamped by the writer's clock before its commit lands; look back this far
#: so a slow commit or a skewed clock on another analyst's machine is still noticed.
CHANGE_LOOKBACK = timedelta(minutes=2)


def changes_since(store: Store, mark: ChangeMark | None) -> tuple[ChangeMark, list[str]]:
    """A new mark and the claims changed by anyone since ``mark`` (none on the first call).

    Cheap when nothing changed (two counts over the append-only logs).
    """
    now = datetime.now(UTC)
    with store.session() as session:
        counts = tui_pages.change_mark(session)
        if mark is None or counts == mark.counts:
            return ChangeMark(counts, now), []
        changed = tui_pages.changed_claims(session, mark.seen_at - CHANGE_LOOKBACK)
    return ChangeMark(counts, now), changed


def current_statuses(store: Store, claim_ids: list[str]) -> dict[str, str]:
    """The current status of each of ``claim_ids`` (one query)."""
    if not claim_ids:
        return {}
    with store.session() as session:
        return tui_pages.claim_statuses(session, claim_ids)


def filter_values(store: Store) -> dict[str, list[str]]:
    """The sources and languages present, for the app's filter choices."""
    with store.session() as session:
        return tui_pages.filter_values(session)


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    """Everything the claim view shows, read in one go."""

    claim: dict[str, Any]
    article: Article
    state: ClaimState
    group: dict[str, Any] | None
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    history: pl.DataFrame = field(default_factory=pl.DataFrame)
    links: pl.DataFrame = field(default_factory=pl.DataFrame)  # links.current_links

    @property
    def values(self) -> list[dict[str, Any]]:
        return _decoded(self.claim.get("values"))

    @property
    def entities(self) -> list[dict[str, Any]]:
        return _decoded(self.claim.get("entities"))


def _decoded(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        try:
            return list(json.loads(value))
        except ValueError:
            return []
    return list(value or [])


def claim_detail(store: Store, claim_id: str) -> ClaimDetail:
    """The claim, its article, state, group, stored suggestions and history."""
    from claimtrack.api.factchecks import suggestions_for_claim
    from claimtrack.api.links import current_links
    from claimtrack.api.workflow import claim_state, history

    with store.session() as session:
        claim = get_claim_row(session, claim_id)
        article = get_article(session, claim["article_id"])
        group_frame = session.query("workflow_group_of", {"claim_id": claim_id})
    group = None if group_frame.is_empty() else group_frame.row(0, named=True)
    state = claim_state(store, claim_id)
    suggestions = suggestions_for_claim(store, claim_id)
    return ClaimDetail(
        claim,
        article,
        state,
        group,
        suggestions,
        history(store, claim_id),
        current_links(store, claim_id),
    )


def claim_history(store: Store, claim_id: str) -> pl.DataFrame:
    """The claim's audit log (the workflow API's history)."""
    from claimtrack.api.workflow import history

    return history(store, claim_id)


def article_view(store: Store, article_id: str) -> tuple[Article, pl.DataFrame]:
    """An article and all its current claims (text order) with their status."""
    with store.session() as session:
        return get_article(session, article_id), tui_pages.article_claims(session, article_id)


def group_claim_ids(store: Store, claim_id: str) -> list[str]:
    """The claims sharing ``claim_id``'s group (empty when it has none)."""
    with store.session() as session:
        group_id = workflow_rows.group_of(session, claim_id)
        return [] if group_id is None else workflow_rows.group_claims(session, group_id)


class SimilaritySource(Protocol):
    """Where the claim view gets similar claims and earlier fact-checks from."""

    def similar_claims(self, claim_id: str, top_k: int) -> list[SimilarClaim]: ...

    def factchecks(self, claim_id: str, top_k: int) -> list[FactcheckHit]: ...


class ModelSimilarity:
    """The real source: loads the embedding model once (seconds), on first use."""

    def __init__(
        self, store: Store, *, model: str | None = None, embedder: Embedder | None = None
    ) -> None:
        self.store = store
        self.model = model
        self._embedder = embedder
        self._searcher: Any = None
        self._lock = threading.Lock()

    def _ready(self) -> Any:
        from claimtrack.api.matching import ClaimSearcher
        from claimtrack.api.vectors import load_embedder

        with self._lock:  # two workers must not load the model twice
            if self._embedder is None:
                self._embedder = load_embedder(self.model)
            if self._searcher is None:
                self._searcher = ClaimSearcher(self.store, self._embedder)
            return self._searcher

    def similar_claims(self, claim_id: str, top_k: int) -> list[SimilarClaim]:
        # Unrelated ones too: the panel hides them and says how many (w shows them).
        return list(self._ready().for_claim(claim_id, top_k=top_k, keep_unrelated=True))

    def factchecks(self, claim_id: str, top_k: int) -> list[FactcheckHit]:
        from claimtrack.api.factchecks import search_claim, status_counts

        if not status_counts(self.store):
            return []  # an empty library: nothing to match, and no model call needed
        searcher = self._ready()
        return search_claim(self.store, claim_id, top_k=top_k, embedder=searcher.embedder)
