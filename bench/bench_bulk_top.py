"""Batched search on real vectors: the checked bfloat16 product against numpy's float32 one.

Both answer ``VectorIndex.search_many`` for the same queries in one process
(``claimtrack.embedding.bulk_top``). Real multilingual USE vectors come from the evaluation
cache (``~/.cache/claimtrack/embeddings/use-multilingual-v3.npz``, filled by ``claimtrack
eval match``: FactCheckTweet's 86k fact-checks, CheckThat! 2020 and the tweets), whose
near-duplicate texts are the hard case for the rounding proof. Reports times, how many
queries had to fall back to float32, and how many answers are identical.

    .venv/bin/python bench/bench_bulk_top.py --rows 100000 --queries 6400
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from claimtrack.embedding import bulk_top
from claimtrack.embedding.index import VectorIndex
from claimtrack.evaluation.embed_cache import EmbeddingCache


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=6_400)
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    cache = EmbeddingCache("use-multilingual-v3")
    if len(cache.vectors) < args.rows:
        print(
            f"{cache.path} holds {len(cache.vectors):,} vectors, fewer than --rows "
            f"{args.rows:,}: run `claimtrack eval match` first (it fills the cache)",
            file=sys.stderr,
        )
        return 2
    keys = sorted(cache.vectors)[: args.rows]
    matrix = np.stack([cache.vectors[k] for k in keys]).astype(np.float32)
    index = VectorIndex.build(keys, matrix, model_id="use-multilingual-v3")
    rng = np.random.default_rng(5)
    queries = index.vectors[rng.choice(len(keys), args.queries, replace=False)]
    index.search_many(queries[:64], args.k)  # torch import and the bfloat16 copy, untimed
    bulk_top.ENABLED = False
    t0 = time.perf_counter()
    plain = index.search_many(queries, args.k)
    float32_s = time.perf_counter() - t0
    bulk_top.ENABLED = True
    bulk_top.COUNTERS.clear()
    t0 = time.perf_counter()
    checked = index.search_many(queries, args.k)
    bf16_s = time.perf_counter() - t0
    pairs = list(zip(plain, checked, strict=True))
    ordered = sum([i for i, _ in a] == [i for i, _ in b] for a, b in pairs)
    same_set = sum({i for i, _ in a} == {i for i, _ in b} for a, b in pairs)
    score_gap = max(abs(x - y) for a, b in pairs for (_, x), (_, y) in zip(a, b, strict=True))
    result = {
        "command": f"python bench/bench_bulk_top.py --rows {args.rows} --queries {args.queries}",
        "rows": args.rows, "queries": args.queries, "k": args.k,
        "bf16_available": bulk_top.available(),
        "float32_search_many_s": round(float32_s, 2),
        "bf16_checked_search_many_s": round(bf16_s, 2),
        "speed_up": round(float32_s / bf16_s, 2), "proven": bulk_top.COUNTERS["verified"],
        "fallbacks": bulk_top.COUNTERS["fallbacks"], "identical_ordered_top_k": ordered,
        "identical_top_k_sets": same_set, "largest_score_difference": score_gap,
    }  # fmt: skip
    print(json.dumps(result, indent=2))
    out = Path(__file__).parent / "results" / "bulk_top_real.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
