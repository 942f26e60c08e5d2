"""Team mode: verdict commits per second on a DuckLake catalog (PostgreSQL) against the
same work on a DuckDB file in the same run, and with several writer processes.

    createdb -h 127.0.0.1 benchlake   # an empty PostgreSQL database
    python bench/bench_team.py --conninfo "host=127.0.0.1 dbname=benchlake user=postgres" \\
        --data-path /tmp/benchlake --verdicts 100 --writers 3

Each verdict is one ``set_verdict`` call (a short session and one transaction), as the
CLI and the review app make it; the process stays up, so imports are not counted.
Writes bench/results/team.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

from claimtrack.api.claims import extract
from claimtrack.api.ingest import ingest_paths
from claimtrack.api.workflow import set_verdict
from claimtrack.store import Store

STATUSES = ["true", "false", "misleading", "mixed", "in_review"]
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seeded(db: str, data_path: str | None) -> tuple[Store, list[str]]:
    store = Store(db, data_path=data_path)
    store.migrate()
    ingest_paths(store, [SEEDS])
    extract(store)
    with store.session() as session:
        ids = session.sql("SELECT claim_id FROM claims ORDER BY claim_id")["claim_id"].to_list()
    return store, ids


def verdicts(db: str, claim_ids: list[str], count: int, worker: int) -> float:
    store = Store(db)
    set_verdict(store, claim_ids[0], "in_review", analyst=f"warmup{worker}")
    start = time.perf_counter()
    for i in range(count):
        set_verdict(store, claim_ids[(worker * 7 + i) % len(claim_ids)],
                    STATUSES[i % len(STATUSES)], analyst=f"w{worker}")  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conninfo", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--data-path", required=True)
    parser.add_argument("--verdicts", type=int, default=100)
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--out", default="bench/results/team.json")
    args = parser.parse_args()

    lake_db = f"ducklake:postgres:{args.conninfo}"
    with tempfile.TemporaryDirectory() as tmp:
        file_db = str(Path(tmp) / "bench.duckdb")
        _, file_ids = seeded(file_db, None)
        _, lake_ids = seeded(lake_db, args.data_path)
        file_s = verdicts(file_db, file_ids, args.verdicts, 0)
        lake_s = verdicts(lake_db, lake_ids, args.verdicts, 0)
        per_writer = args.verdicts // args.writers
        with get_context("spawn").Pool(args.writers) as pool:
            started = time.perf_counter()
            pool.starmap(verdicts, [(lake_db, lake_ids, per_writer, w + 1)
                                    for w in range(args.writers)])  # fmt: skip
            parallel_s = time.perf_counter() - started  # includes the workers' start-up
    result = {
        "command": f"python bench/bench_team.py --verdicts {args.verdicts} "
        f"--writers {args.writers}",
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_end": round(os.getloadavg()[0], 1),
        "verdicts": args.verdicts,
        "duckdb_file_verdicts_per_s": round(args.verdicts / file_s, 1),
        "ducklake_one_writer_verdicts_per_s": round(args.verdicts / lake_s, 1),
        "ducklake_over_file": round(file_s / lake_s, 3),
        "ducklake_writers": args.writers,
        "ducklake_parallel_verdicts_per_s_incl_startup": round(
            per_writer * args.writers / parallel_s, 1),
    }  # fmt: skip
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
