"""What the demo shows after the pipeline ran: claims grouped across sources and languages,
conflicting variants with their reasons, earlier fact-checks that really match, and the
closest cross-source pairs the matcher did not group.

Everything is read back from the store and the library's own search, never assembled by
hand: if the matcher groups nothing, the demo says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimtrack.display import factcheck_matches
from claimtrack.export.factcheck_section import FactcheckMatches
from claimtrack.store import Store

if TYPE_CHECKING:
    from claimtrack.embedding.model import Embedder


@dataclass(frozen=True, slots=True)
class DemoGroup:
    """A claim group whose members come from more than one source."""

    group_id: str
    languages: tuple[str, ...]
    sources: tuple[str, ...]
    members: tuple[dict[str, Any], ...]  # claim_id, text, language, source, relation, reasons

    @property
    def cross_language(self) -> bool:
        return len(self.languages) > 1


@dataclass(slots=True)
class Findings:
    groups: list[DemoGroup] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # members marked conflicting
    factchecks: FactcheckMatches = field(default_factory=FactcheckMatches)
    pairs: list[dict[str, Any]] = field(default_factory=list)  # closest ungrouped, cross-source


def cross_source_groups(store: Store) -> tuple[list[DemoGroup], list[dict[str, Any]]]:
    """Groups spanning two or more sources, and every conflicting member of any group."""
    from claimtrack.api.clustering import group_members, list_groups

    groups: list[DemoGroup] = []
    conflicts: list[dict[str, Any]] = []
    for row in list_groups(store, min_size=2).iter_rows(named=True):
        members = group_members(store, row["group_id"]).to_dicts()
        for member in members:
            if member["relation"] == "conflicting":
                conflicts.append({**member, "group_id": row["group_id"]})
        sources = tuple(sorted({m["source"] or "?" for m in members}))
        if len(sources) > 1:
            groups.append(DemoGroup(
                row["group_id"], tuple(sorted({m["language"] for m in members})), sources,
                tuple(members)))  # fmt: skip
    groups.sort(key=lambda g: (not g.cross_language, -len(g.members), g.group_id))
    return groups, conflicts


def factcheck_findings(store: Store, claim_ids: list[str], embedder: Embedder) -> FactcheckMatches:
    """The nearest earlier fact-check of each claim, kept only when it is a real match."""
    from claimtrack.api.factchecks import search_claims

    texts = _claim_rows(store, claim_ids)
    rows: list[dict[str, Any]] = []
    hidden = 0
    found = search_claims(store, claim_ids, top_k=1, embedder=embedder)
    for claim_id, hits in zip(claim_ids, found, strict=True):
        real, weaker = factcheck_matches(hits)
        hidden += len(weaker)
        claim = texts[claim_id]
        rows.extend({
            "claim_id": claim_id, "claim_text": claim["text"], "claim_language": claim["language"],
            "relation": hit.relation, "score": hit.score, "reasons": list(hit.reasons),
            "factcheck_claim": hit.claim, "factcheck_language": hit.language,
            "rating": hit.rating, "status": hit.status, "publisher": hit.publisher, "url": hit.url,
        } for hit in real)  # fmt: skip
    rows.sort(key=lambda r: -r["score"])
    return FactcheckMatches(tuple(rows), hidden)


def ungrouped_pairs(
    store: Store, claim_ids: list[str], embedder: Embedder, grouped: set[str], top: int = 3
) -> list[dict[str, Any]]:
    """The closest pairs of claims from different sources that share no group (each pair
    once, best first), with the matcher's relation: what a reviewer might link by hand."""
    from claimtrack.api.matching import ClaimSearcher

    searcher = ClaimSearcher(store, embedder)
    claims = _claim_rows(store, claim_ids)
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for claim_id in claim_ids:
        mine = claims[claim_id]
        for hit in searcher.for_claim(claim_id, top_k=5):
            if hit.source == mine["source"] or {claim_id, hit.claim_id} <= grouped:
                continue
            key = (min(claim_id, hit.claim_id), max(claim_id, hit.claim_id))
            best.setdefault(key, {
                "score": hit.score, "relation": hit.relation, "reasons": hit.reasons,
                "a": mine, "b": claims.get(hit.claim_id) or {
                    "claim_id": hit.claim_id, "text": hit.text, "language": hit.language,
                    "source": hit.source},
            })  # fmt: skip
    return sorted(best.values(), key=lambda p: -p["score"])[:top]


def _claim_rows(store: Store, claim_ids: list[str]) -> dict[str, dict[str, Any]]:
    from claimtrack.api.claims import list_claims

    wanted = set(claim_ids)
    return {
        row["claim_id"]: row
        for row in list_claims(store).select("claim_id", "text", "language", "source").to_dicts()
        if row["claim_id"] in wanted
    }
