"""Benchmark VectorIndex against exact numpy top-10 on synthetic clustered 512-d vectors.

Usage::

    .venv/bin/python bench/bench_search.py --sizes 100000 1000000

For each size: build time, p50/p95 single-query latency of exact numpy (baseline, same
process) and of ``VectorIndex.search``, recall@10 of the index against exact, the same for
a forced-exact VectorIndex (to locate the exact/HNSW crossover), and the process's peak
RSS (``resource.getrusage``). Results go to ``bench/results/search.json``.

Exact search vs numpy (issue 13): ``exact_vs_numpy`` is the p50 of plain
``vectors @ q`` + argpartition over the p50 of the forced-exact ``VectorIndex.search``,
timed in alternating blocks of 10 queries in the same process (so load hits both alike), after
one warm-up query (which makes the index's int8 copy, timed as
``exact_prepare_s``); ``exact_same_top10`` is the share of queries whose ordered top-10
ids equal numpy's; ``exact_methods`` is each exact method's moving-average time per query
(ms) at the end (the index uses the fastest, :mod:`claimtrack.embedding.fastest`), and
``exact_scan`` the int8 scan's kernel (``simsimd``, or null when it is not installed) and
its verified / fall-back query counts; ``load_average`` is ``os.getloadavg()`` before and
after. ``--exact-only`` skips the HNSW build (minutes at 1M);
``--numpy-threads 1`` runs the baseline on one BLAS thread (numpy's default uses every
core, which on a loaded machine can be slower than one)::

    .venv/bin/python bench/bench_search.py --exact-only --sizes 10000 100000 1000000 \
        --queries 100 --out bench/results/search_exact_issue13.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from claimtrack.embedding import exact_scan
from claimtrack.embedding.index import HNSW_CANDIDATES, HNSW_EXPANSION_SEARCH, VectorIndex

DIM = 512
CLUSTERS = 2000
NOISE = 0.03  # per-coordinate: noise norm ~0.68 vs unit centres, so same-cluster cos ~0.7
CHUNK = 100_000


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def make_vectors(n: int, rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    """Clustered unit vectors, generated in chunks so the peak stays near the final matrix."""
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        block = centres[rng.integers(0, CLUSTERS, m)]
        block += rng.standard_normal((m, DIM), dtype=np.float32) * NOISE
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + m] = block
    return out


def exact_top10(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    scores = matrix @ q
    part = np.argpartition(-scores, 9)[:10]
    return part[np.argsort(-scores[part])]


def timed(fn, queries: np.ndarray) -> tuple[list, float, float]:
    out, times = [], []
    for q in queries:
        t = time.perf_counter()
        out.append(fn(q))
        times.append((time.perf_counter() - t) * 1000)
    return out, float(np.percentile(times, 50)), float(np.percentile(times, 95))


def exact_vs_numpy(matrix: np.ndarray, ids: list[str], queries: np.ndarray) -> dict:
    """Forced-exact VectorIndex vs plain numpy, interleaved per query, same answers?"""
    forced = VectorIndex.build(ids, matrix, model_id="synthetic", exact_threshold=10**12)
    counted = dict(exact_scan.COUNTERS)  # this size's scan queries: the difference at the end
    t = time.perf_counter()
    forced.search(queries[0], 10)  # warm-up: the int8 copy is made on first use
    prepare_s = time.perf_counter() - t
    numpy_ms, index_ms, same = [], [], 0
    # Alternate blocks of 10 queries (numpy first, then the index first): load hits both
    # alike, and numpy's BLAS threads, which spin for a while after each product, do
    # not sit in the index's timings query by query.
    for start in range(0, len(queries), 10):
        block = queries[start : start + 10]
        runs = [("numpy", numpy_ms), ("index", index_ms)]
        for name, sink in runs if (start // 10) % 2 == 0 else runs[::-1]:
            for q in block:
                t = time.perf_counter()
                _ = exact_top10(matrix, q) if name == "numpy" else forced.search(q, 10)
                sink.append((time.perf_counter() - t) * 1000)
        for q in block:
            want = [ids[i] for i in exact_top10(matrix, q)]
            same += [i for i, _ in forced.search(q, 10)] == want
    numpy_p50, index_p50 = float(np.median(numpy_ms)), float(np.median(index_ms))
    averages = forced._fastest.average if forced._fastest else {}
    methods = {m: round((t or 0.0) * 1000, 3) for m, t in averages.items()}
    kernel = "simsimd" if exact_scan.available() else None
    return {
        "numpy_p50_ms": round(numpy_p50, 3),
        "exact_index_p50_ms": round(index_p50, 3),
        "exact_vs_numpy": round(numpy_p50 / index_p50, 2),
        "numpy_mean_ms": round(float(np.mean(numpy_ms)), 3),
        "exact_index_mean_ms": round(float(np.mean(index_ms)), 3),
        "exact_same_top10": same / len(queries),
        "exact_prepare_s": round(prepare_s, 3),
        "exact_methods": methods,
        "exact_scan": {"kernel": kernel}
        | {key: exact_scan.COUNTERS[key] - counted.get(key, 0) for key in exact_scan.COUNTERS},
    }


def run_size(n: int, n_queries: int, seed: int, exact_only: bool = False) -> dict:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((CLUSTERS, DIM), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    t = time.perf_counter()
    matrix = make_vectors(n, rng, centres)
    gen_s = time.perf_counter() - t
    queries = make_vectors(n_queries, rng, centres)
    ids = [f"v{i}" for i in range(n)]

    exact_rows, exact_p50, exact_p95 = timed(lambda q: exact_top10(matrix, q), queries)
    truth = [{ids[i] for i in rows} for rows in exact_rows]
    # Progress lines, so a run cut short still leaves its exact-search figures.
    print(f"# n={n} generated in {gen_s:.1f}s; exact numpy p50 {exact_p50:.2f} ms", flush=True)
    versus = exact_vs_numpy(matrix, ids, queries)
    print("# exact vs numpy", json.dumps(versus), flush=True)
    if exact_only:
        return {"n": n, "dim": DIM, "queries": n_queries, **versus,
                "peak_rss_mb": round(_peak_rss_mb(), 1)}  # fmt: skip

    t = time.perf_counter()
    index = VectorIndex.build(ids, matrix, model_id="synthetic")
    build_s = time.perf_counter() - t
    print(f"# built {'hnsw' if index.approximate else 'exact'} in {build_s:.1f}s", flush=True)
    res, p50, p95 = timed(lambda q: index.search(q, 10), queries)
    recall = float(
        np.mean([len({a for a, _ in r} & s) / 10 for r, s in zip(res, truth, strict=True)])
    )
    forced = VectorIndex(index.ids, index.vectors, model_id="synthetic", fingerprint="")
    fres, fp50, _ = timed(lambda q: forced.search(q, 10), queries)
    frecall = float(
        np.mean([len({a for a, _ in r} & s) / 10 for r, s in zip(fres, truth, strict=True)])
    )
    # Sweep the search-time knobs on the same graph (no rebuild): graph beam width
    # (expansion_search) x candidates re-scored exactly.
    sweep = []
    graph = index._hnsw
    if graph is not None:
        for ef in (512, 1024):
            for cand in (100,):
                graph.expansion_search = ef
                index.hnsw_candidates = cand
                sres, sp50, sp95 = timed(lambda q: index.search(q, 10), queries)
                srec = float(
                    np.mean(
                        [len({a for a, _ in r} & s) / 10 for r, s in zip(sres, truth, strict=True)]
                    )
                )
                row = {
                    "expansion_search": ef,
                    "candidates": cand,
                    "p50_ms": round(sp50, 3),
                    "p95_ms": round(sp95, 3),
                    "recall_at_10": round(srec, 4),
                }
                print("# sweep", json.dumps(row), flush=True)
                sweep.append(row)
        graph.expansion_search = HNSW_EXPANSION_SEARCH
        index.hnsw_candidates = HNSW_CANDIDATES
    t = time.perf_counter()
    batch = index.search_many(queries, 10)
    many_ms = (time.perf_counter() - t) * 1000 / n_queries
    assert len(batch) == n_queries
    return {
        "n": n,
        "dim": DIM,
        "queries": n_queries,
        "generate_s": round(gen_s, 2),
        "exact_numpy_p50_ms": round(exact_p50, 3),
        "exact_numpy_p95_ms": round(exact_p95, 3),
        "index_engine": "hnsw" if index.approximate else "exact",
        "index_build_s": round(build_s, 2),
        "index_p50_ms": round(p50, 3),
        "index_p95_ms": round(p95, 3),
        "index_recall_at_10": round(recall, 4),
        "index_search_many_ms_per_query": round(many_ms, 3),
        "forced_exact_index_p50_ms": round(fp50, 3),
        "forced_exact_recall_at_10": round(frecall, 4),
        "speedup_vs_exact_numpy": round(exact_p50 / p50, 2),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "hnsw_search_sweep": sweep,
        **versus,
    }


def _commit() -> str:
    """The checkout's commit (``+dirty`` when the code differs from it), or "" outside git."""

    def git(*args: str) -> str:
        root = Path(__file__).resolve().parents[1]
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "claimtrack", "bench/bench_search.py")
    except OSError:
        return ""
    return head + ("+dirty" if head and dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exact-only", action="store_true", help="skip the HNSW index")
    parser.add_argument(
        "--numpy-threads",
        type=int,
        default=0,
        help="BLAS threads for the numpy baseline (0: numpy's default, all cores)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "search.json"
    )
    args = parser.parse_args()
    runs = []
    load_before = os.getloadavg()
    if args.numpy_threads:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=args.numpy_threads, user_api="blas")
    for n in args.sizes:
        row = run_size(n, args.queries, args.seed, args.exact_only)
        print(json.dumps(row), flush=True)
        runs.append(row)
    report = {
        "command": "python bench/bench_search.py "
        + ("--exact-only " if args.exact_only else "")
        + (f"--numpy-threads {args.numpy_threads} " if args.numpy_threads else "")
        + "--sizes "
        + " ".join(map(str, args.sizes))
        + f" --queries {args.queries}",
        "commit": _commit(),
        "machine": platform.platform(),
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "targets": {"p50_ms_100k": 10, "p50_ms_1m": 20, "recall_at_10": 0.95},
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
