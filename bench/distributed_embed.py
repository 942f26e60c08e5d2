"""Embedding as a distributed batch job, small scale: a Dask cluster of worker processes
embeds partitions into Parquet, the driver loads the files into the store in one
transaction (claimtrack.api.batch_embed). Works on a DuckDB file or a DuckLake catalog.

    pip install "dask[distributed]"
    python bench/distributed_embed.py --db desk.duckdb --corpus factchecks --workers 2

Also measures, in the same run, the per-core baseline: one process, one torch thread,
encoding a sample of the same texts. Writes bench/results/distributed_embed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import time
from pathlib import Path

import polars as pl

from claimtrack.api.batch_embed import (
    embed_to_parquet,
    embedding_tasks,
    new_job,
    register_vector_files,
    staging_path,
)
from claimtrack.embedding.model import load_model, resolve_model_name
from claimtrack.store import Store


def one_thread_embed(texts: pl.DataFrame, out: str, model: str | None, run_id: str) -> str:
    """A worker's task: one torch thread per worker process, so workers = cores."""
    import torch

    torch.set_num_threads(1)
    return embed_to_parquet(texts, out, model=model, run_id=run_id)


def per_core_rate(texts: list[str], model: str | None) -> float:
    import torch

    torch.set_num_threads(1)
    embedder = load_model(model)
    embedder.encode(texts[:16], kind="passage")  # warm-up
    start = time.perf_counter()
    embedder.encode(texts, kind="passage", batch_size=64)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--data-path", default=None)
    parser.add_argument("--corpus", default="claims", choices=["claims", "factchecks"])
    parser.add_argument("--model", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--sample", type=int, default=300, help="texts for the per-core baseline")
    parser.add_argument("--out", default="bench/results/distributed_embed.json")
    args = parser.parse_args()

    from dask.distributed import Client, LocalCluster

    store = Store(args.db, data_path=args.data_path)
    store.ensure_ready(create=True)
    model_id = resolve_model_name(args.model)
    tasks = embedding_tasks(store, args.corpus, model_id, args.partitions)
    total = sum(t.height for t in tasks)
    if not total:
        raise SystemExit(f"nothing to embed in {args.corpus} for {model_id}")
    sample = pl.concat(tasks)["text"].head(args.sample).to_list()
    baseline = per_core_rate(sample, args.model)

    base = store.lake.data_path if store.lake and store.lake.data_path else None
    staging = Path(base or f"{args.db}.staging") / "staging"
    run_id = new_job(store, args.corpus, model_id, total)
    started = time.perf_counter()
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True)
    with cluster, Client(cluster) as client:
        outs = [staging_path(staging, run_id, i) for i in range(len(tasks))]
        futures = client.map(one_thread_embed, tasks, outs, model=args.model,
                             run_id=run_id, pure=False)  # fmt: skip
        paths = client.gather(futures)
    embedded = time.perf_counter() - started
    added = register_vector_files(store, paths, run_id)
    elapsed = time.perf_counter() - started
    shutil.rmtree(staging, ignore_errors=True)
    result = {
        "command": "python bench/distributed_embed.py " + " ".join(
            f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items()
            if v is not None and k not in ("db", "data_path", "out")),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg()[0],
        "texts": total,
        "partitions": len(tasks),
        "workers": args.workers,
        "rows_added": added,
        "baseline_one_core_sent_per_s": round(baseline, 1),
        "job_embed_s": round(embedded, 2),
        "job_total_s_with_load": round(elapsed, 2),
        "job_sent_per_s": round(total / elapsed, 1),
        "job_over_workers_x_baseline": round(total / elapsed / (args.workers * baseline), 3),
    }  # fmt: skip
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
