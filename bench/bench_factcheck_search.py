"""Fact-check search figures for BENCHMARKS.md: every stage side by side, from one run.

    .venv/bin/python bench/bench_factcheck_search.py [--sets ct:test,ct:dev,fct:dev] [--limit N]

For each (data set, split): BM25-only (all fields), dense-only (claim/title cosine),
reciprocal rank fusion, and the shipped re-ranker, all ordering the same candidates
(:func:`claimtrack.evaluation.retrieval.evaluate`). Each row says whether the re-ranker saw
that split (it was trained on the train splits only). Writes
bench/results/factcheck_search.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "factcheck_search.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="ct:test,ct:dev,fct:dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-dates", action="store_true",
                        help="withhold the queries' dates (search without a date)")  # fmt: skip
    args = parser.parse_args()
    from claimtrack.embedding.model import load_model
    from claimtrack.evaluation import retrieval

    embedder = load_model()
    rows = []
    for item in args.sets.split(","):
        name, split = item.split(":")
        dataset = (retrieval.checkthat2020(split) if name == "ct"
                   else retrieval.factchecktweet(split))  # fmt: skip
        started = time.time()
        result = retrieval.evaluate(dataset, embedder, limit=args.limit, dates=not args.no_dates)
        result["seconds"] = round(time.time() - started, 1)
        rows.append(result)
        print(json.dumps(result), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    command = "python bench/bench_factcheck_search.py " + " ".join(sys.argv[1:])
    out = RESULTS.with_name(RESULTS.stem + ("_undated" if args.no_dates else "") + ".json")
    out.write_text(json.dumps({"command": command, "runs": rows}, indent=2) + "\n", "utf-8")
    print(
        "\n| data set, split | re-ranker saw it | dated queries | BM25 | dense | fused "
        "| re-ranked | candidate recall |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        saw = "yes" if r["split"] in r["ranker_trained_on"] else "no"
        cells = " | ".join(f"{r['stages'][s]['map@5']:.3f}" for s in retrieval.STAGES)
        print(
            f"| {r['dataset']} {r['split']} ({r['queries']} queries) | {saw} "
            f"| {r['dated_queries']} | {cells} | {r['candidate_recall']:.3f} |"
        )


if __name__ == "__main__":
    main()
