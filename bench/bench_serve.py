"""`/similar` over HTTP (`claimtrack serve`) vs the same search in process, same run.

    .venv/bin/python bench/bench_serve.py --claims 100000 [--requests 200]

Builds a database of N synthetic claims with 512-d vectors (``bench_cluster.build``:
clustered unit vectors under the default model's id), then

1. **in process** (baseline): ``ClaimSearcher(keep_rows=True).for_text`` with the real model
   loaded once, one query at a time — exactly the library call ``POST /similar`` makes
   (and, for reference, the CLI's searcher, which reads claim rows in a database session
   per query);
2. **over HTTP**: ``claimtrack serve`` in a subprocess on 127.0.0.1 (model and index warm),
   1 client, then 8 concurrent clients (threads, each with its own keep-alive connection);
   every client runs a bounded loop of requests, warm-up requests excluded;
3. the in-process baseline again (the machine is shared: load drifts).

Queries are real claim-like sentences (English and Arabic), cycled; the model encodes each.
Latency is wall time per request as the client sees it. Results go to
``bench/results/serve_<N>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cluster import FakeEmbedder, build

from claimtrack.api.matching import ClaimSearcher
from claimtrack.api.vectors import load_embedder
from claimtrack.store import Store

QUERIES = [
    "Kim visited Russia for the first time since 2019",
    "Unemployment fell to 7.5 percent in 2023, the lowest since 2010",
    "The storm destroyed 4,000 homes in eastern Libya",
    "The minister said exports doubled in the first quarter",
    "More than 11,000 people died in the Derna floods",
    "The dam had not been maintained since 2002",
    "Inflation reached 35 percent in September",
    "The president promised to build 100 new schools by 2026",
    "بلغ عدد الضحايا أكثر من ألفي شخص",
    "قال الوزير إن الصادرات تضاعفت في الربع الأول",
    "زار الرئيس موسكو للمرة الأولى منذ عام 2019",
    "ارتفع معدل البطالة إلى 12 في المئة",
]
WARMUP = 10


def percentiles(samples: list[float]) -> dict[str, float]:
    ms = np.array(samples) * 1000
    return {"n": len(samples), "p50_ms": round(float(np.percentile(ms, 50)), 1),
            "p95_ms": round(float(np.percentile(ms, 95)), 1)}  # fmt: skip


def in_process(searcher: ClaimSearcher, requests: int) -> dict[str, float]:
    for text in QUERIES[:WARMUP]:
        searcher.for_text(text, top_k=10)
    samples = []
    for i in range(requests):
        t0 = time.perf_counter()
        searcher.for_text(QUERIES[i % len(QUERIES)], top_k=10)
        samples.append(time.perf_counter() - t0)
    return percentiles(samples)


def client_loop(base: str, requests: int, offset: int, out: list[float]) -> None:
    with httpx.Client(base_url=base, timeout=120) as client:
        for i in range(requests):
            body = {"text": QUERIES[(offset + i) % len(QUERIES)], "top_k": 10}
            t0 = time.perf_counter()
            response = client.post("/similar", json=body)
            out.append(time.perf_counter() - t0)
            response.raise_for_status()


def over_http(base: str, clients: int, per_client: int) -> dict[str, float]:
    client_loop(base, WARMUP, 0, [])
    samples: list[float] = []
    threads = [threading.Thread(target=client_loop, args=(base, per_client, c, samples))
               for c in range(clients)]  # fmt: skip
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    return {**percentiles(samples), "clients": clients,
            "requests_per_s": round(len(samples) / wall, 1)}  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMTRACK_TOKEN", "CLAIMTRACK_DB")}
    t0 = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "--db", str(db), "serve", "--port", str(port)],
        stdout=log.open("w"), stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    while True:
        if process.poll() is not None:
            raise SystemExit(f"serve exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                return process, base, time.perf_counter() - t0
        except httpx.TransportError:
            time.sleep(0.25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per configuration")
    args = parser.parse_args()
    result: dict[str, Any] = {
        "command": f"python bench/bench_serve.py --claims {args.claims} --requests {args.requests}",
        "claims": args.claims,
        "cpus": os.cpu_count(),
        "load_avg_1m_at_start": round(os.getloadavg()[0], 2),
    }
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        build(Store(db), args.claims, per_cluster=5)
        result["build_database_s"] = round(time.perf_counter() - t0, 1)
        embedder = load_embedder(None)
        assert embedder.model_id == FakeEmbedder.model_id, embedder.model_id
        store = Store(db)
        t0 = time.perf_counter()
        searcher = ClaimSearcher(store, embedder, keep_rows=True)  # builds the index file
        result["index_build_s"] = round(time.perf_counter() - t0, 1)
        result["in_process_before"] = in_process(searcher, args.requests)
        cli_searcher = ClaimSearcher(store, embedder)
        result["in_process_session_per_query"] = in_process(cli_searcher, args.requests // 2)
        del cli_searcher
        print(json.dumps(result), flush=True)
        process, base, start_s = start_server(db, Path(tmp) / "serve.log")
        result["serve_start_to_healthz_s"] = round(start_s, 1)
        try:
            result["http_1_client"] = over_http(base, 1, args.requests)
            print(json.dumps(result["http_1_client"]), flush=True)
            result["http_8_clients"] = over_http(base, 8, max(1, args.requests // 8))
            print(json.dumps(result["http_8_clients"]), flush=True)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
        result["in_process_after"] = in_process(searcher, args.requests)
    baseline = min(result["in_process_before"]["p50_ms"], result["in_process_after"]["p50_ms"])
    for key in ("http_1_client", "http_8_clients"):
        result[key]["ratio_p50_to_in_process"] = round(result[key]["p50_ms"] / baseline, 2)
    result["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
    result["target"] = "/similar p50 over HTTP at 100k claims, warm <= 50 ms"
    print(json.dumps(result, indent=2))
    out = Path(__file__).parent / "results" / f"serve_{args.claims}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
