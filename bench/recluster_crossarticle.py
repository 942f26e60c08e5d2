"""Re-run `cluster` alone on a kept crossarticle database and score its groups (issue 10).

``python ../shared/eval/crossarticle.py CORPUS --keep DIR`` ingests, extracts, embeds and
clusters one event (~2-4 min). To compare grouping rules, only the last step needs to run
again: this copies ``DIR/crossarticle.duckdb`` (and its indexes) to a temporary folder,
clears the groups, runs ``claimtrack.api.clustering.cluster`` (~7 s) and prints the group
recall and false merges the way ``crossarticle.py`` counts them (a mention is covered by
the claims that overlap at least half of it; a pair is grouped when covering claims share
a group as ``same`` members). The official scorer stays the reference: run it on the
chosen code. ``--set`` overrides a module constant first, e.g. the merge bar::

    .venv/bin/python bench/recluster_crossarticle.py ../ct-derna \\
        ../shared/data/crossarticle-dev/derna-floods-2023 \\
        --set claimtrack.api.group_linkage.MIN_LINKAGE=0.2

The first line is the shipped ``cluster`` (a run that places every claim, as here, is the
consensus of ``CONSENSUS_ORDERS`` visiting orders up to ``CONSENSUS_MAX_CLAIMS`` claims;
see ``claimtrack.api.group_consensus``). Placing itself visits claims one at a time, and
which claim seeds a group decides much of what joins it. ``--orders N`` also re-clusters N
times placing once (``orders=1``), visiting the claims in N seeded random orders (seed 0 is
claim-id order), and prints each result and the spread: a change to the placing rules
should move the median by more than that spread, not one run::

    .venv/bin/python bench/recluster_crossarticle.py ../ct-morocco \\
        ../shared/data/crossarticle-dev/morocco-earthquake-2023 --orders 20

The corpora are read where they are; nothing of them is copied into the repository.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import itertools
import json
import shutil
import statistics
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb


@dataclass
class _Embedder:
    """``cluster`` needs only the model id and the dimension: the vectors are stored."""

    model_id: str = "use-multilingual-v3"
    dimension: int = 512


def _override(assignment: str) -> None:
    target, equals, raw = assignment.partition("=")
    module_name, _, name = target.rpartition(".")
    if not equals or not module_name:
        raise SystemExit(f"--set {assignment}: expected MODULE.NAME=VALUE")
    try:
        module = importlib.import_module(module_name)
        value = ast.literal_eval(raw)
    except (ImportError, ValueError, SyntaxError) as error:
        raise SystemExit(f"--set {assignment}: {error}") from None
    if not hasattr(module, name):
        raise SystemExit(f"--set {assignment}: {module_name} has no {name}")
    setattr(module, name, value)


def _visit_in_order(seed: int) -> None:
    """Placing visits the claims in a random order drawn from ``seed`` (0: as shipped)."""
    from claimtrack.store import groups

    shipped = getattr(groups.ungrouped_claims, "shipped", groups.ungrouped_claims)

    def shuffled(session: Any, model_id: str) -> Any:
        frame = shipped(session, model_id)
        return frame if seed == 0 else frame.sample(fraction=1.0, shuffle=True, seed=seed)

    shuffled.shipped = shipped  # type: ignore[attr-defined]
    groups.ungrouped_claims = shuffled  # type: ignore[assignment]


def recluster(kept: Path, orders: int | None = None) -> Path:
    """A copy of the kept database with its groups cleared, clustered again (``orders``:
    as ``cluster`` takes it; None: the shipped default)."""
    from claimtrack.api.clustering import cluster
    from claimtrack.store import Store

    work = Path(tempfile.mkdtemp(prefix="recluster-"))
    db = work / "crossarticle.duckdb"
    shutil.copy(kept / "crossarticle.duckdb", db)
    indexes = kept / "crossarticle.duckdb.indexes"
    if indexes.is_dir():
        shutil.copytree(indexes, work / "crossarticle.duckdb.indexes")
    con = duckdb.connect(str(db))
    for table in ("group_members", "claim_groups", "clustered_claims"):
        con.execute(f"DELETE FROM {table}")
    con.close()
    cluster(Store(db), _Embedder(), orders=orders)  # type: ignore[arg-type]
    return db


def score(corpus: Path, db: Path) -> dict[str, Any]:
    """Group recall and false merges as ``crossarticle.py`` counts them."""
    con = duckdb.connect(str(db), read_only=True)
    article_of = {
        text: a for a, text in con.execute("SELECT article_id, text FROM articles").fetchall()
    }
    claims = con.execute("SELECT claim_id, article_id, char_start, char_end FROM claims").fetchall()
    members = con.execute("SELECT claim_id, group_id, relation FROM group_members").fetchall()
    sizes = con.execute(
        "SELECT count(*) AS n FROM group_members GROUP BY group_id ORDER BY n DESC LIMIT 3"
    ).fetchall()
    con.close()
    texts = {p.name: p.read_text(encoding="utf-8") for p in (corpus / "articles").glob("*.txt")}
    by_strip = {t.strip(): a for t, a in article_of.items()}
    file_article = {name: article_of.get(t) or by_strip.get(t.strip()) for name, t in texts.items()}
    by_article: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for claim_id, article_id, start, end in claims:
        by_article[article_id].append((claim_id, start, end))
    same_group = {c: g for c, g, relation in members if relation == "same"}
    facts = [json.loads(line) for line in (corpus / "facts.jsonl").open(encoding="utf-8")]
    related = {(f["fact_id"], r) for f in facts for r in f.get("related", [])}
    related |= {(b, a) for a, b in related}

    mentions = []
    for fact in facts:
        for m in fact["mentions"]:
            article = file_article.get(m["article"])
            at = texts[m["article"]].find(m["text"])
            end = at + len(m["text"])
            covering = [
                c for c, s, e in by_article.get(article or "", [])
                if min(end, e) - max(at, s) >= 0.5 * len(m["text"])
            ]  # fmt: skip
            if covering:
                mentions.append({**m, "fact": fact["fact_id"], "claims": covering})
    facts_of: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        for c in m["claims"]:
            facts_of[c].add(m["fact"])

    def merged(a: list[str], b: list[str]) -> bool:
        groups = {same_group[c] for c in a if c in same_group}
        return any(same_group.get(c) in groups for c in b)

    pairs = grouped = 0
    for fact_id in {m["fact"] for m in mentions}:
        same = [m for m in mentions if m["fact"] == fact_id and m["relation"] == "same"]
        for a, b in itertools.combinations(same, 2):
            if a["article"] != b["article"]:
                pairs += 1
                grouped += merged(a["claims"], b["claims"])
    # A conflicting mention is linked when a claim covering it is a conflicting variant of a
    # group that holds (as same) a claim covering a same mention of its fact.
    variant_of: dict[str, set[str]] = defaultdict(set)
    for c, g, relation in members:
        if relation == "conflicting":
            variant_of[c].add(g)
    conflicts = linked = 0
    for fact_id in {m["fact"] for m in mentions}:
        homes = {
            same_group[c]
            for m in mentions
            if m["fact"] == fact_id and m["relation"] == "same"
            for c in m["claims"]
            if c in same_group
        }
        for m in mentions:
            if m["fact"] == fact_id and m["relation"] == "conflicting":
                conflicts += 1
                linked += any(variant_of[c] & homes for c in m["claims"])
    other = wrong = 0
    for a, b in itertools.combinations(mentions, 2):
        if a["fact"] == b["fact"] or a["article"] == b["article"]:
            continue
        if (a["fact"], b["fact"]) in related:
            continue
        fa = set().union(*(facts_of[c] for c in a["claims"]))
        fb = set().union(*(facts_of[c] for c in b["claims"]))
        if fa & fb or any((x, y) in related for x in fa for y in fb):
            continue
        other += 1
        wrong += merged(a["claims"], b["claims"])
    return {
        "group_recall": round(grouped / max(pairs, 1), 3),
        "grouped_pairs": f"{grouped}/{pairs}",
        "false_merge": round(wrong / max(other, 1), 3),
        "false_merge_pairs": f"{wrong}/{other}",
        "conflicts_linked": f"{linked}/{conflicts}",
        "largest_groups": [n for (n,) in sizes],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kept", type=Path, help="folder given to crossarticle.py --keep")
    ap.add_argument("corpus", type=Path, help="the event's folder under crossarticle-dev/")
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE")
    ap.add_argument(
        "--orders", type=int, default=1, metavar="N",
        help="also place once in N seeded orders (0: claim-id order); show the spread",
    )  # fmt: skip
    ap.add_argument(
        "--keep", type=Path, metavar="DIR",
        help="keep the reclustered database in DIR (as crossarticle.py --keep lays it out)",
    )  # fmt: skip
    args = ap.parse_args()
    if not (args.kept / "crossarticle.duckdb").is_file():
        ap.error(f"{args.kept}: no crossarticle.duckdb (run crossarticle.py --keep {args.kept})")
    if not (args.corpus / "facts.jsonl").is_file():
        ap.error(f"{args.corpus}: no facts.jsonl (an event folder under crossarticle-dev/)")
    for assignment in args.set:
        _override(assignment)
    if args.orders < 1:
        ap.error("--orders: at least 1")
    db = recluster(args.kept)
    try:
        shipped = score(args.corpus, db)
        if args.keep is not None:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.copytree(db.parent, args.keep)
    finally:
        shutil.rmtree(db.parent, ignore_errors=True)
    print(json.dumps({"event": args.corpus.name, "set": args.set, "run": "shipped", **shipped}))
    if args.orders < 2:
        return
    results = []
    for seed in range(args.orders):
        _visit_in_order(seed)
        db = recluster(args.kept, orders=1)
        try:
            results.append(score(args.corpus, db))
        finally:
            shutil.rmtree(db.parent, ignore_errors=True)
        print(json.dumps({"event": args.corpus.name, "set": args.set, "order_seed": seed,
                          **results[-1]}))  # fmt: skip
    print(json.dumps({"event": args.corpus.name, "set": args.set, **_spread(results)}))


def _spread(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Min, median and max of grouped pairs, false-merge pairs and pairwise F1 over orders."""
    grouped = [int(r["grouped_pairs"].split("/")[0]) for r in results]
    pairs = int(results[0]["grouped_pairs"].split("/")[1])
    wrong = [int(r["false_merge_pairs"].split("/")[0]) for r in results]
    f1 = [2 * g / (2 * g + w + pairs - g) for g, w in zip(grouped, wrong, strict=True)]
    linked = [float(r["conflicts_linked"].split("/")[0]) for r in results]

    def mmm(xs: list[float]) -> list[float]:
        return [round(min(xs), 3), round(statistics.median(xs), 3), round(max(xs), 3)]

    return {
        "orders": len(results),
        "grouped_pairs_min_median_max": mmm([float(g) for g in grouped]),
        "false_merge_pairs_min_median_max": mmm([float(w) for w in wrong]),
        "pairwise_f1_min_median_max": mmm(f1),
        "conflicts_linked_min_median_max": mmm(linked),
    }


if __name__ == "__main__":
    main()
