"""The demo: a fresh database built from the bundled seed articles, every stage run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack.api.ingest import ingest_paths
from claimtrack.errors import ClaimtrackError
from claimtrack.pipeline.ingest import IngestDefaults
from claimtrack.store import Store
from claimtrack.store.runs import finish_run, start_run

if TYPE_CHECKING:
    from claimtrack.embedding.model import Embedder

DEMO_STAGE = "demo"


@dataclass(slots=True)
class DemoSummary:
    db: Path
    lines: list[str] = field(default_factory=list)
    report: Path | None = None


def _is_demo_database(path: Path) -> bool:
    try:
        with Store(path, busy_timeout=2).session() as session:
            return bool(
                session.scalar(
                    "SELECT count(*) FROM pipeline_runs WHERE stage = $stage", {"stage": DEMO_STAGE}
                )
            )
    except ClaimtrackError:
        return False


def _fresh(path: Path, force: bool) -> None:
    if path.exists():
        if not force and not _is_demo_database(path):
            raise ClaimtrackError(
                f"{path} exists and is not a demo database; pass --force to replace it or "
                "choose another --db"
            )
        path.unlink()
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.unlink()


def build_demo(
    db: Path,
    seeds: Path,
    *,
    force: bool = False,
    languages: tuple[str, ...] = ("ar", "en"),
    model: str | None = None,
    say: Callable[[str], None] = lambda line: None,
) -> DemoSummary:
    """Replace ``db`` with a demo database built from ``seeds`` and run each stage."""
    _fresh(db, force)
    store = Store(db)
    store.migrate()
    summary = DemoSummary(db)

    def note(line: str) -> None:
        summary.lines.append(line)
        say(line)

    with store.session() as session:
        run_id = start_run(session, DEMO_STAGE, "claimtrack-demo", "1", {"seeds": str(seeds)})
    report = ingest_paths(store, [seeds], defaults=IngestDefaults(languages=languages))
    counts = report.counts
    note(f"ingest: {counts.get('added', 0)} article(s) from {seeds}")
    for failure in report.failed:
        note(f"  failed: {failure.origin}: {failure.message}")
    embedder = _extract_and_match(store, model, note)
    _factchecks(store, embedder, note)
    from claimtrack.api.exports import write_report

    summary.report = write_report(
        store, db.with_name(db.stem + "-report.html"), fmt="html", title="claimtrack demo report"
    )
    note(f"report: HTML report of {counts.get('added', 0)} article(s)")
    with store.session() as session:
        finish_run(session, run_id, "ok", {"articles": counts.get("added", 0)})
    return summary


def _extract_and_match(store: Store, model: str | None, note: Callable[[str], None]) -> Embedder:
    from claimtrack.api.claims import extract
    from claimtrack.api.clustering import cluster
    from claimtrack.api.matching import ClaimSearcher
    from claimtrack.api.vectors import embed_missing, load_embedder

    extracted = extract(store)
    note(f"extract: {extracted.claims} claim(s) with {extracted.extractor_version}")
    embedder = load_embedder(model)
    embedded = embed_missing(store, "claims", embedder=embedder)
    note(f"embed: {embedded.embedded} claim text(s) with {embedded.model_id}")
    grouped = cluster(store, embedder)
    note(
        f"cluster: {grouped.new_groups} group(s), {grouped.joined} joined, "
        f"{grouped.conflicts} conflicting variant(s)"
    )
    # The seed's claims that match each other: each pair once, best first.
    searcher = ClaimSearcher(store, embedder)
    with store.session() as session:
        claim_ids = session.sql("SELECT claim_id FROM claims WHERE NOT stale ORDER BY claim_id")
    pairs: dict[tuple[str, str], tuple[float, str, str, str, list[str]]] = {}
    texts: dict[str, str] = {}
    for claim_id in claim_ids["claim_id"].to_list():
        for hit in searcher.for_claim(claim_id, top_k=3):
            key = (min(claim_id, hit.claim_id), max(claim_id, hit.claim_id))
            texts[hit.claim_id] = hit.text
            pairs.setdefault(key, (hit.score, hit.relation, claim_id, hit.claim_id, hit.reasons))
    ranked = sorted(pairs.values(), key=lambda p: -p[0])
    by_relation = {
        r: sum(1 for p in ranked if p[1] == r) for r in ("same", "conflicting", "related")
    }
    note(
        "matches among the seed's claims: "
        + ", ".join(f"{n} {r}" for r, n in by_relation.items())
        + " pair(s); the closest:"
    )
    for score, relation, a, b, reasons in ranked[:5]:
        detail = f" ({'; '.join(reasons)})" if relation == "conflicting" else ""
        note(f"  {relation} {score:.2f}{detail}: {a} ~ {b}")
        note(f"    {_short(texts.get(a) or _text_of(store, a))}")
        note(f"    {_short(texts.get(b) or _text_of(store, b))}")
    return embedder


def _factchecks(store: Store, embedder: Embedder, note: Callable[[str], None]) -> None:
    """Import the bundled Arabic ClaimReview sample and show which seed claims it matches."""
    from claimtrack.api.factchecks import import_factchecks, search_claims, suggest
    from claimtrack.bundled import bundled_dir

    sample = bundled_dir("factchecks") / "arabic_claimreview_subset.json"
    imported = import_factchecks(store, [sample], embedder=embedder)
    counts = ", ".join(f"{n} {s}" for s, n in sorted(imported.by_status.items()))
    note(
        f"factchecks: imported {imported.added} earlier fact-check(s) from {sample.name} ({counts})"
    )
    suggested = suggest(store, embedder=embedder)
    note(
        f"factchecks: {suggested.suggestions} suggested verdict(s) for {suggested.claims} claim(s)"
        " (an analyst confirms; nothing is set silently)"
    )
    with store.session() as session:
        claim_ids = session.sql("SELECT claim_id FROM claims WHERE NOT stale ORDER BY claim_id")
    ids = claim_ids["claim_id"].to_list()
    found = search_claims(store, ids, top_k=1, embedder=embedder)
    best = [(hit.score, claim_id, hit) for claim_id, hits in zip(ids, found, strict=True)
            for hit in hits]  # fmt: skip
    best.sort(key=lambda item: -item[0])
    note("closest earlier fact-checks to the seed's claims:")
    for score, claim_id, hit in best[:3]:
        note(
            f"  {hit.relation or 'match'} {score:.2f}: claim {claim_id} ~ fact-check by "
            f"{hit.publisher or '?'} rated {hit.rating!r} ({hit.status})"
        )
        note(f"    claim: {_short(_text_of(store, claim_id))}")
        note(f"    fact-check: {_short(hit.claim)}")


def _text_of(store: Store, claim_id: str) -> str:
    with store.session() as session:
        return str(session.scalar("SELECT text FROM claims WHERE claim_id = $c", {"c": claim_id}))


def _short(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
