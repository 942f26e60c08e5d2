"""The demo: a fresh database built from the bundled seed articles, every stage run, and
what the product is for shown on them: claims grouped across sources and languages,
conflicting variants with their reasons, earlier fact-checks that really match (else "no
earlier fact-check matches"), and an HTML report with the same.

What it prints is read back from the store (:mod:`claimtrack.api.demo_findings`): when
the matcher groups nothing, the demo says so instead of showing weaker matches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack.api.demo_findings import (
    Findings,
    cross_source_groups,
    factcheck_findings,
    ungrouped_pairs,
)
from claimtrack.api.ingest import ingest_paths
from claimtrack.display import hidden_note
from claimtrack.errors import ClaimtrackError
from claimtrack.pipeline.ingest import IngestDefaults
from claimtrack.store import Store
from claimtrack.store.runs import finish_run, start_run

if TYPE_CHECKING:
    from claimtrack.embedding.model import Embedder

DEMO_STAGE = "demo"
SHOWN_GROUPS = 5  # groups printed in full; the report has every one


@dataclass(slots=True)
class DemoSummary:
    db: Path
    lines: list[str] = field(default_factory=list)
    report: Path | None = None
    findings: Findings = field(default_factory=Findings)


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
    """Replace ``db`` with a demo database built from ``seeds``, run each stage, and
    report what the matcher found across the seed articles."""
    from claimtrack.api.articles import list_articles
    from claimtrack.api.exports import write_report

    _fresh(db, force)
    store = Store(db)
    store.migrate()
    summary = DemoSummary(db)

    def note(line: str) -> None:
        summary.lines.append(line)
        say(line)

    with store.session() as session:
        run_id = start_run(session, DEMO_STAGE, "claimtrack-demo", "2", {"seeds": str(seeds)})
    report = ingest_paths(store, [seeds], defaults=IngestDefaults(languages=languages))
    articles = list_articles(store)
    sources = sorted({s for s in articles["source"].to_list() if s})
    langs = sorted(set(articles["lang"].to_list()))
    note(f"ingest: {articles.height} article(s) from {len(sources)} source(s) "
         f"({', '.join(sources)}) in {len(langs)} language(s) ({', '.join(langs)})")  # fmt: skip
    for failure in report.failed:
        note(f"  failed: {failure.origin}: {failure.message}")
    embedder = _pipeline(store, model, note)
    _import_factchecks(store, embedder, note)
    summary.findings = _findings(store, embedder)
    _print_findings(summary.findings, note)
    summary.report = write_report(
        store, db.with_name(db.stem + "-report.html"), fmt="html",
        title="claimtrack demo report", group_by="group", factchecks=summary.findings.factchecks,
    )  # fmt: skip
    note(f"report: HTML report of {articles.height} article(s), claims grouped by claim group")
    with store.session() as session:
        finish_run(session, run_id, "ok", {
            "articles": articles.height, "cross_source_groups": len(summary.findings.groups),
            "conflicting_variants": len(summary.findings.conflicts),
            "factcheck_matches": len(summary.findings.factchecks.rows),
        })  # fmt: skip
    return summary


def _pipeline(store: Store, model: str | None, note: Callable[[str], None]) -> Embedder:
    from claimtrack.api.claims import extract
    from claimtrack.api.clustering import cluster
    from claimtrack.api.vectors import embed_missing, load_embedder

    extracted = extract(store)
    note(f"extract: {extracted.claims} claim(s) with {extracted.extractor_version}")
    embedder = load_embedder(model)
    embedded = embed_missing(store, "claims", embedder=embedder)
    note(f"embed: {embedded.embedded} claim text(s) with {embedded.model_id}")
    grouped = cluster(store, embedder)
    note(f"cluster: {grouped.new_groups} group(s), {grouped.joined} joined, "
         f"{grouped.conflicts} conflicting variant(s), {grouped.merged} merged")  # fmt: skip
    return embedder


def _import_factchecks(store: Store, embedder: Embedder, note: Callable[[str], None]) -> None:
    """The bundled Arabic ClaimReview sample becomes the library of earlier fact-checks."""
    from claimtrack.api.factchecks import import_factchecks, suggest
    from claimtrack.bundled import bundled_dir

    sample = bundled_dir("factchecks") / "arabic_claimreview_subset.json"
    imported = import_factchecks(store, [sample], embedder=embedder)
    note(f"factchecks: imported {imported.added} earlier fact-check(s) from {sample.name}")
    suggested = suggest(store, embedder=embedder)
    note(f"factchecks: {suggested.suggestions} suggested verdict(s) for {suggested.claims} "
         "claim(s) (an analyst confirms; nothing is set silently)")  # fmt: skip


def _findings(store: Store, embedder: Embedder) -> Findings:
    from claimtrack.api.claims import list_claims

    claim_ids = sorted(list_claims(store)["claim_id"].to_list())
    groups, conflicts = cross_source_groups(store)
    grouped = {m["claim_id"] for g in groups for m in g.members}
    return Findings(
        groups=groups,
        conflicts=conflicts,
        factchecks=factcheck_findings(store, claim_ids, embedder),
        pairs=ungrouped_pairs(store, claim_ids, embedder, grouped),
    )


def _print_findings(found: Findings, note: Callable[[str], None]) -> None:
    crossing = sum(1 for g in found.groups if g.cross_language)
    note("")
    note(f"Claims grouped across sources: {len(found.groups)} group(s), {crossing} spanning "
         "two languages")  # fmt: skip
    if not found.groups:
        note("  none: the matcher put no claims from different sources in one group")
    for group in found.groups[:SHOWN_GROUPS]:
        note(f"  group {group.group_id} ({', '.join(group.languages)}; "
             f"{', '.join(group.sources)}):")  # fmt: skip
        for m in group.members:
            why = f" — why: {'; '.join(m['reasons'])}" if m["relation"] == "conflicting" else ""
            note(f"    {m['relation']:<11} {m['language']}  {m['source'] or '?'}: "
                 f"{_short(m['text'], 80)}{why}")  # fmt: skip
    note(f"Conflicting variants: {len(found.conflicts)}")
    for c in found.conflicts:
        note(f"  {c['claim_id']} ({c['language']}, {c['source'] or '?'}) in group "
             f"{c['group_id']} — why: {'; '.join(c['reasons']) or 'not recorded'}")  # fmt: skip
        note(f"    {_short(c['text'])}")
    if found.pairs:
        note("Closest claims from different sources that share no group (a reviewer may "
             "link them):")  # fmt: skip
        for pair in found.pairs:
            why = f" ({'; '.join(pair['reasons'])})" if pair["relation"] == "conflicting" else ""
            note(f"  {pair['relation']} {pair['score']:.2f}{why}")
            for side in (pair["a"], pair["b"]):
                note(f"    {side['language']} {side['source'] or '?'}: {_short(side['text'])}")
    matches = found.factchecks
    hidden = f" ({hidden_note(matches.hidden)})" if matches.hidden else ""
    if not matches.rows:
        note(f"Earlier fact-checks: no earlier fact-check matches{hidden}")
    else:
        note(f"Earlier fact-checks: {len(matches.rows)} match(es){hidden}")
        for row in matches.rows:
            who = f"by {row['publisher'] or '?'} rated {row['rating']!r} ({row['status']})"
            note(f"  {row['relation']} {row['score']:.2f}: claim {row['claim_id']} ~ "
                 f"fact-check {who}")  # fmt: skip
            note(f"    claim: {_short(row['claim_text'])}")
            note(f"    fact-check: {_short(row['factcheck_claim'])}")


def _short(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
