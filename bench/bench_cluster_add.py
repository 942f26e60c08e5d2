"""Benchmark a ``cluster`` run that adds claims to a large clustered database.

A database of more than 5,000 claims is not placed again whole: a run places its new claims
and, by default (``clustering.PLACE_AROUND_AGAIN``), the claims of the groups around them
again. This builds the synthetic database of ``bench_cluster.py`` (``--claims`` claims in
clusters of ``--per-cluster`` near-duplicate vectors, each cluster one death toll), clusters
it, then adds ``--add`` claims (half of them new wordings of existing clusters, half new
clusters) to two copies of it and times ``cluster`` on each, in one process: only the new
claims placed (the path before the thirteenth session: the baseline) and the new claims
with the groups around them. It reports both times, their ratio, how many claims were
placed again, and how many of the clusters the new claims belong to came out as one group.

    .venv/bin/python bench/bench_cluster_add.py --claims 100000 --add 2000
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
from bench_cluster import _WORDINGS, DIM, FakeEmbedder, build

from claimtrack.api import clustering
from claimtrack.api.clustering import cluster
from claimtrack.pipeline.values import extract_values
from claimtrack.store import Store
from claimtrack.store.vectors import save_vectors


def new_claims(
    n: int, add: int, per_cluster: int, seed: int = 11
) -> tuple[pl.DataFrame, np.ndarray, list[int]]:
    """``add`` claims after the first ``n``: even ones reword an existing cluster (its toll,
    a vector near its members'), odd ones start new clusters of two. Returns the rows and
    each new claim's cluster number."""
    rng = np.random.default_rng(seed)
    with_store = np.random.default_rng(7)  # the centres ``build`` drew
    clusters = n // per_cluster + 1
    centres = with_store.standard_normal((clusters, DIM)).astype(np.float32)
    texts, vectors, cluster_of = [], [], []
    for j in range(add):
        if j % 2 == 0:
            c = (j * 7919) % (n // per_cluster)
            centre = centres[c]
        else:
            c = clusters + j // 4  # two new claims per new cluster
            centre = np.random.default_rng(1000 + c).standard_normal(DIM).astype(np.float32)
        centre = centre / np.linalg.norm(centre)
        toll = 120 + (c * 37) % 90_000
        texts.append(_WORDINGS[(j // 2) % len(_WORDINGS)].format(c=c, n=f"{toll:,}"))
        vectors.append(centre + 0.02 * rng.standard_normal(DIM).astype(np.float32))
        cluster_of.append(c)
    matrix = np.stack(vectors)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    now = datetime.now(UTC)
    ids = [f"c{n + j:08d}" for j in range(add)]
    rows = pl.DataFrame({
        "claim_id": ids, "article_id": ["a0000000"] * add, "sentence_index": [0] * add,
        "char_start": [0] * add, "char_end": [9] * add, "text": texts,
        "match_key": [f"k{n + j:08d}" for j in range(add)],
        "text_key": [f"k{n + j:08d}" for j in range(add)],
        "claim_type": ["quantity"] * add, "secondary_types": [[] for _ in range(add)],
        "quote_mode": ["none"] * add, "entities": ["[]"] * add,
        "values": [json.dumps(extract_values(t, "en")) for t in texts],
        "checkworthiness": [0.5] * add, "negated": [False] * add, "language": ["en"] * add,
        "extra": ["{}"] * add, "extractor_version": ["bench"] * add, "run_id": ["bench"] * add,
        "first_extracted_at": [now] * add, "extracted_at": [now] * add,
    }, schema_overrides={"secondary_types": pl.List(pl.String)})  # fmt: skip
    return rows, matrix, cluster_of


def add_claims(store: Store, rows: pl.DataFrame, matrix: np.ndarray) -> None:
    with store.session() as session:
        session.insert_frame("claims", rows)
        save_vectors(
            session, rows["text_key"].to_list(), matrix, model_id=FakeEmbedder.model_id,
            run_id="bench-add",
        )  # fmt: skip


def timed_run(store: Store, around: bool) -> tuple[float, clustering.ClusterReport]:
    """One ``cluster`` run as on a large database (never placed again whole, whatever
    ``--claims``), with or without the groups around the new claims."""
    clustering.WHOLE_RUN_MAX_CLAIMS = 0
    clustering.PLACE_AROUND_AGAIN = around
    t0 = time.perf_counter()
    report = cluster(store, FakeEmbedder())  # type: ignore[arg-type]
    return time.perf_counter() - t0, report


def whole_clusters(
    store: Store, n: int, per_cluster: int, claim_ids: list[str], cluster_of: list[int]
) -> tuple[int, int]:
    """Of the new claims' clusters, how many are one group, all their claims (earlier ones
    included) ``same`` or conflicting members of it: (clusters in one group, clusters)."""
    with store.session() as session:
        members = dict(session.sql("SELECT claim_id, group_id FROM group_members").rows())
    touched: dict[int, list[str]] = {}
    for claim_id, c in zip(claim_ids, cluster_of, strict=True):
        first = c * per_cluster
        earlier = [f"c{i:08d}" for i in range(first, min(first + per_cluster, n))]
        touched.setdefault(c, earlier).append(claim_id)
    one = 0
    for ids in touched.values():
        groups = {members.get(i) for i in ids}
        one += len(groups) == 1 and None not in groups
    return one, len(touched)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-cluster", type=int, default=5)
    parser.add_argument("--add", type=int, default=2000)
    args = parser.parse_args()
    if args.per_cluster != 5:
        parser.error("--per-cluster: only 5 (the cluster numbers of the new claims assume it)")
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "first" / "bench.duckdb"
        first.parent.mkdir()
        store = Store(first)
        build(store, args.claims, args.per_cluster)
        t0 = time.perf_counter()
        cluster(store, FakeEmbedder())  # type: ignore[arg-type]
        first_s = time.perf_counter() - t0
        rows, matrix, cluster_of = new_claims(args.claims, args.add, args.per_cluster)
        results = {}
        for name, around in (("new_only", False), ("around_again", True)):
            copy = Path(tmp) / name
            shutil.copytree(first.parent, copy)
            store = Store(copy / "bench.duckdb")
            add_claims(store, rows, matrix)
            seconds, report = timed_run(store, around)
            one, touched = whole_clusters(
                store, args.claims, args.per_cluster, rows["claim_id"].to_list(), cluster_of
            )
            results[name] = {
                "cluster_s": round(seconds, 2), "considered": report.considered,
                "placed_again": report.again, "ids_kept": report.ids_kept,
                "new_claims_clusters_in_one_group": f"{one}/{touched}",
            }  # fmt: skip
    base = results["new_only"]["cluster_s"]
    result = {
        "command": f"python bench/bench_cluster_add.py --claims {args.claims} --add {args.add}",
        "claims": args.claims, "add": args.add, "first_cluster_s": round(first_s, 1),
        **results,
        "ratio_around_to_new_only": round(results["around_again"]["cluster_s"] / base, 2),
    }  # fmt: skip
    print(json.dumps(result, indent=2))
    out = Path(__file__).parent / "results" / f"cluster_add_{args.claims}_{args.add}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
