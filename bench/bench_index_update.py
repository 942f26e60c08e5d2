"""Adding vectors to a saved index in place vs building it again (issue 13).

Usage::

    .venv/bin/python bench/bench_index_update.py --n 1000000 --mode hnsw
    .venv/bin/python bench/bench_index_update.py --n 1000000 --mode exact

Builds a :class:`VectorIndex` over ``n`` synthetic clustered 512-d vectors (the same
generator as ``bench_search.py``) and saves it; then adds ``--add`` new vectors in place
the way :func:`claimtrack.embedding.index_file.load_or_build` does (in memory + one
record appended to the file's change log) and times that against the full build. Answers
are checked against ground truth over all ``n + add`` vectors: exact mode against a
fresh build (ordered top-10 ids identical), HNSW mode recall@10 against exact numpy.
Half the queries are drawn near the new vectors, so the new rows must be found. Then the
index is loaded again from base file + log (a new process's path) and checked the same
way. Results: ``bench/results/index_update_<mode>_<n>.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.bench_search import CLUSTERS, DIM, exact_top10, make_vectors
from claimtrack.embedding.index import COUNTERS, VectorIndex
from claimtrack.embedding.index_file import load_or_build


def _quality(index: VectorIndex, matrix: np.ndarray, ids: list[str], queries: np.ndarray) -> dict:
    recall, same = [], 0
    for q in queries:
        truth = [ids[i] for i in exact_top10(matrix, q)]
        got = [i for i, _ in index.search(q, 10)]
        recall.append(len(set(got) & set(truth)) / 10)
        same += got == truth
    return {"recall_at_10": round(float(np.mean(recall)), 4), "same_top10": same / len(queries)}


def run(n: int, add: int, mode: str, n_queries: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((CLUSTERS, DIM), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    matrix = make_vectors(n + add, rng, centres)
    ids = [f"v{i}" for i in range(n + add)]
    new = matrix[n:]
    near = new[rng.integers(0, add, n_queries // 2)] + rng.standard_normal(
        (n_queries // 2, DIM), dtype=np.float32
    ) * np.float32(0.02)
    queries = np.concatenate([make_vectors(n_queries - len(near), rng, centres), near])
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    threshold = n - 1 if mode == "hnsw" else 10**12
    row: dict = {"n": n, "added": add, "mode": mode, "dim": DIM, "queries": n_queries}
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        path = Path(tmp) / "claims.idx"
        t = time.perf_counter()
        index = VectorIndex.build(
            ids[:n], matrix[:n], model_id="synthetic", exact_threshold=threshold
        )
        row["full_build_s"] = round(time.perf_counter() - t, 2)
        print(f"# built {mode} over {n} in {row['full_build_s']} s", flush=True)
        t = time.perf_counter()
        index.save(path)
        row["save_s"] = round(time.perf_counter() - t, 2)
        index.search(queries[0], 10)  # warm (exact: the int8 copy), as a running process is
        t = time.perf_counter()
        index.save_update(path, ids[n:], new, [])
        row["add_in_place_s"] = round(time.perf_counter() - t, 3)
        row["speedup_vs_full_build"] = round(row["full_build_s"] / row["add_in_place_s"], 1)
        print(f"# added {add} in place in {row['add_in_place_s']} s", flush=True)
        row["updated"] = _quality(index, matrix, ids, queries)
        firsts = [index.search(v, 1)[0][0] == i for v, i in zip(new[:200], ids[n:], strict=False)]
        row["new_found_first"] = float(np.mean(firsts))
        if mode == "exact":
            fresh = VectorIndex.build(ids, matrix, model_id="synthetic", exact_threshold=threshold)
            same = sum([a for a, _ in index.search(q, 10)] == [a for a, _ in fresh.search(q, 10)]
                       for q in queries)  # fmt: skip
            row["same_top10_as_fresh_build"] = same / n_queries
            del fresh
        del index
        gc.collect()
        # A new process: the saved base + change log, brought up to date with the ids.
        rebuilds = COUNTERS["rebuilds"] + COUNTERS["builds"]
        t = time.perf_counter()
        loaded = load_or_build(path, ids, lambda: matrix, model_id="synthetic", dimension=DIM,
                               exact_threshold=threshold,
                               vectors_for=lambda k: matrix[:0])  # fmt: skip
        row["load_base_plus_log_s"] = round(time.perf_counter() - t, 2)
        assert COUNTERS["rebuilds"] + COUNTERS["builds"] == rebuilds, "the reload rebuilt"
        row["reloaded"] = _quality(loaded, matrix, ids, queries)
        row["log_bytes"] = (path.with_name(path.name + ".log")).stat().st_size
        del loaded
        gc.collect()
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--add", type=int, default=1_000)
    parser.add_argument("--mode", choices=["exact", "hnsw"], default="hnsw")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    row = run(args.n, args.add, args.mode, args.queries, args.seed)
    print(json.dumps(row), flush=True)
    out = args.out or Path(__file__).parent / "results" / f"index_update_{args.mode}_{args.n}.json"
    report = {
        "command": f"python bench/bench_index_update.py --n {args.n} --add {args.add} "
        f"--mode {args.mode}",
        "machine": platform.platform(),
        "targets": {"add_in_place_s": 5, "hnsw_recall_at_10": 0.95},
        "run": row,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
