"""Benchmark `cluster` on a synthetic database (issue 4: 100k claims in <= 2 minutes).

Builds N synthetic claims (clusters of near-duplicate unit vectors, as paraphrases of one
claim give) straight into a claimtrack database through Arrow, then times the real
``claimtrack.api.clustering.cluster``. The claims of one cluster are worded differently and
give one death toll (its values extracted by the real value extractor), so the relation
step has something to decide: every tenth cluster holds one conflicting variant (another
figure). The result also says how many clusters came out as one group. Baseline in the
same process: the vector index's own ``search_many`` over the same N queries (what
clustering cannot do without) with numpy's float32 product, so the ratio shows the cost of
the relation step and the writes on top of retrieval; the same search through the checked
bfloat16 product (``claimtrack.embedding.bulk_top``, what ``cluster`` uses where the CPU
has it) is timed beside it. ``--float32`` runs ``cluster`` itself without it (the A/B).

    .venv/bin/python bench/bench_cluster.py --claims 100000
    .venv/bin/python bench/bench_cluster.py --claims 100000 --float32
    .venv/bin/python bench/bench_cluster.py --claims 100000 --rebuild

``--rebuild`` then times ``cluster(..., rebuild=True)`` on the clustered database (every claim
placed again) and checks that it gives the same memberships, group ids included.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import polars as pl

from claimtrack.api.clustering import cluster
from claimtrack.api.vectors import corpus_index
from claimtrack.embedding import bulk_top
from claimtrack.store import Store
from claimtrack.store.vectors import save_vectors

DIM = 512


@dataclass
class FakeEmbedder:
    """cluster() needs only the model id (thresholds) and the dimension."""

    model_id: str = "use-multilingual-v3"
    dimension: int = DIM


_WORDINGS = (
    "The floods in Town{c} killed {n} people",
    "{n} people died in the floods in Town{c}",
    "The death toll in Town{c} reached {n}",
    "Officials said the flood toll in Town{c} rose to {n} dead",
    "At least {n} people were killed when floods hit Town{c}",
)


def claim_texts(n: int, per_cluster: int) -> list[str]:
    """Cluster ``i // per_cluster``: one toll in several wordings; in every tenth cluster
    the last claim gives another figure (a conflicting variant)."""
    out = []
    for i in range(n):
        cluster_no, member = divmod(i, per_cluster)
        toll = 120 + (cluster_no * 37) % 90_000
        if cluster_no % 10 == 0 and member == per_cluster - 1:
            toll *= 2
        out.append(_WORDINGS[member % len(_WORDINGS)].format(c=cluster_no, n=f"{toll:,}"))
    return out


def build(store: Store, n: int, per_cluster: int, seed: int = 7) -> None:
    from claimtrack.pipeline.values import extract_values

    rng = np.random.default_rng(seed)
    texts = claim_texts(n, per_cluster)
    values = [json.dumps(extract_values(t, "en")) for t in texts]
    store.migrate()
    now = datetime.now(UTC)
    n_articles = max(1, n // 20)
    articles = pl.DataFrame({
        "article_id": [f"a{i:07d}" for i in range(n_articles)],
        "text": ["synthetic"] * n_articles, "language": ["en"] * n_articles,
        "language_method": ["given"] * n_articles, "chars": [9] * n_articles,
        "run_id": ["bench"] * n_articles, "ingested_at": [now] * n_articles,
        "published": [date(2024, 1, 1)] * n_articles,
    })  # fmt: skip
    keys = [f"k{i:08d}" for i in range(n)]
    claims = pl.DataFrame({
        "claim_id": [f"c{i:08d}" for i in range(n)],
        "article_id": [f"a{i % n_articles:07d}" for i in range(n)],
        "sentence_index": [0] * n, "char_start": [0] * n, "char_end": [9] * n,
        "text": texts, "match_key": keys, "text_key": keys,
        "claim_type": ["quantity"] * n, "secondary_types": [[] for _ in range(n)],
        "quote_mode": ["none"] * n, "entities": ["[]"] * n, "values": values,
        "checkworthiness": [0.5] * n, "negated": [False] * n, "language": ["en"] * n,
        "extra": ["{}"] * n, "extractor_version": ["bench"] * n, "run_id": ["bench"] * n,
        "first_extracted_at": [now] * n, "extracted_at": [now] * n,
    }, schema_overrides={"secondary_types": pl.List(pl.String)})  # fmt: skip
    centres = rng.standard_normal((n // per_cluster + 1, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = centres[np.arange(n) // per_cluster] + 0.02 * rng.standard_normal((n, DIM)).astype(
        np.float32
    )
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    with store.session() as session:
        session.insert_frame("articles", articles)
        for start in range(0, n, 50_000):
            session.insert_frame("claims", claims.slice(start, 50_000))
            save_vectors(
                session,
                keys[start : start + 50_000],
                vectors[start : start + 50_000],
                model_id=FakeEmbedder.model_id,
                run_id="bench",
            )


def _rebuild(store: Store, embedder: FakeEmbedder) -> dict[str, object]:
    """Time a rebuild of the clustered database; same memberships (ids included)?"""
    query = "SELECT claim_id, group_id, relation FROM group_members ORDER BY claim_id"
    with store.session() as session:
        before = session.sql(query).rows()
    t0 = time.perf_counter()
    report = cluster(store, embedder, rebuild=True)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    with store.session() as session:
        after = session.sql(query).rows()
    return {
        "rebuild_s": round(seconds, 1),
        "rebuild_same_memberships_and_ids": before == after,
        "rebuild_ids_kept": report.ids_kept,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-cluster", type=int, default=5)
    parser.add_argument(
        "--float32", action="store_true", help="cluster with numpy's float32 product only"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="then time cluster(..., rebuild=True) as well"
    )
    args = parser.parse_args()
    rebuilt: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        t0 = time.perf_counter()
        build(store, args.claims, args.per_cluster)
        build_s = time.perf_counter() - t0
        embedder = FakeEmbedder()
        t0 = time.perf_counter()
        index = corpus_index(store, "claims", embedder.model_id, DIM)
        index_s = time.perf_counter() - t0
        with store.session() as session:
            frame = session.sql("SELECT vector FROM text_vectors ORDER BY text_key")
        queries = frame["vector"].list.to_array(DIM).to_numpy().astype(np.float32)
        bulk_top.ENABLED = False
        t0 = time.perf_counter()
        plain = index.search_many(queries, 10)
        baseline_s = time.perf_counter() - t0
        bulk_top.ENABLED = True
        t0 = time.perf_counter()
        checked = index.search_many(queries, 10)
        bf16_s = time.perf_counter() - t0
        same_lists = sum(
            [i for i, _ in a] == [i for i, _ in b] for a, b in zip(plain, checked, strict=True)
        )
        del plain, checked
        counters = dict(bulk_top.COUNTERS)
        bulk_top.ENABLED = not args.float32
        t0 = time.perf_counter()
        report = cluster(store, embedder)
        cluster_s = time.perf_counter() - t0
        with store.session() as session:
            groups = session.scalar("SELECT count(DISTINCT group_id) FROM group_members")
            grouped = session.scalar("SELECT count(*) FROM group_members")
            conflicts = session.scalar(
                "SELECT count(*) FROM group_members WHERE relation = 'conflicting'"
            )
            # clusters whose claims all ended up in one group (as same or conflicting)
            whole = session.scalar(
                "SELECT count(*) FROM (SELECT (CAST(substr(c.claim_id, 2) AS BIGINT) // $k) AS k"
                " FROM claims c LEFT JOIN group_members m USING (claim_id) GROUP BY 1"
                " HAVING count(DISTINCT m.group_id) = 1 AND count(m.group_id) = count(*))",
                {"k": args.per_cluster},
            )
        if args.rebuild:
            rebuilt = _rebuild(store, embedder)
    flag = (" --float32" if args.float32 else "") + (" --rebuild" if args.rebuild else "")
    result = {
        "command": f"python bench/bench_cluster.py --claims {args.claims}{flag}",
        "claims": args.claims, "per_cluster": args.per_cluster,
        "build_database_s": round(build_s, 1), "index_build_or_load_s": round(index_s, 1),
        "baseline_search_many_s": round(baseline_s, 1),
        "search_many_bf16_checked_s": round(bf16_s, 1),
        "bf16_available": bulk_top.available(), "bf16_queries": counters,
        "bf16_same_ordered_top10": same_lists, "cluster_bf16": not args.float32,
        "cluster_s": round(cluster_s, 1),
        "ratio_cluster_to_search": round(cluster_s / baseline_s, 1) if baseline_s else None,
        "groups": groups, "grouped_claims": grouped, "conflicting_members": conflicts,
        "clusters": -(-args.claims // args.per_cluster), "clusters_in_one_group": whole,
        "report": report.__dict__
        if hasattr(report, "__dict__") else {s: getattr(report, s) for s in report.__slots__},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "target": "cluster on 100k claims <= 120 s",
        **rebuilt,
    }  # fmt: skip
    print(json.dumps(result, indent=2))
    name = f"cluster_{args.claims}{'_float32' if args.float32 else ''}"
    name += "_rebuild.json" if args.rebuild else ".json"
    out = Path(__file__).parent / "results" / name
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
