"""Where the review queue puts the seed's most checkable claims: check-worthiness order
(before migration 0011) against the default order (checkable tier, then check-worthiness).

Run from the repository root:  python bench/bench_queue_order.py

Ingests and extracts the Arabic seed article (``seeds/000_…``), then the four demo seeds,
into temporary databases, and prints for each the rank (1 = top of the queue) of the two
"first" claims -- "our country was the first to recognise yours" and "first visit to Russia
since 2019" -- and of every checkable claim, under both orders, plus the top ten of the
queue. Writes ``bench/results/queue_order.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack.api import workflow  # noqa: E402
from claimtrack.api.claims import extract  # noqa: E402
from claimtrack.api.ingest import ingest_paths  # noqa: E402
from claimtrack.store import Store  # noqa: E402

SEEDS = ROOT / "seeds"
ARABIC_SEED = SEEDS / "000_5afa0f906a688b19.txt"
FIRST_CLAIMS = {
    "first to recognise": "أول من اعترف",
    "first visit since 2019": "للمرة الأولى منذ عام 2019",
}
OUT = ROOT / "bench" / "results" / "queue_order.json"


def ranks(paths: list[Path]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "queue.duckdb")
        store.migrate()
        ingest_paths(store, paths)
        extract(store)
        queue = workflow.queue(store).to_dicts()  # the default order (after)
    # before: check-worthiness, then most recent, then id (queue_list.sql before 0011)
    before = sorted(
        queue,
        key=lambda r: (-r["checkworthiness"], -(r["published"].toordinal() if r["published"]
                                                 else -10**9), r["claim_id"]),
    )  # fmt: skip
    rank_before = {r["claim_id"]: k + 1 for k, r in enumerate(before)}
    rank_after = {r["claim_id"]: k + 1 for k, r in enumerate(queue)}

    def rank_of(fragment: str, order: dict[str, int]) -> int:
        return min(order[r["claim_id"]] for r in queue if fragment in r["text"])

    return {
        "claims": len(queue),
        "checkable": sum(bool(r["checkable"]) for r in queue),
        "first_claims": {
            name: {
                "before": rank_of(fragment, rank_before),
                "after": rank_of(fragment, rank_after),
                "checkworthiness": round(
                    min(r["checkworthiness"] for r in queue if fragment in r["text"]), 3
                ),
            }
            for name, fragment in FIRST_CLAIMS.items()
        },
        "checkable_ranks_before": sorted(
            rank_before[r["claim_id"]] for r in queue if r["checkable"]
        ),
        "checkable_ranks_after": sorted(rank_after[r["claim_id"]] for r in queue if r["checkable"]),
        "top10_after": [
            f"{r['checkworthiness']:.2f} {'T' if r['checkable'] else '-'} {r['text'][:60]}"
            for r in queue[:10]
        ],
    }


def main() -> None:
    report = {
        "command": "python bench/bench_queue_order.py",
        "arabic_seed": ranks([ARABIC_SEED]),
        "demo_seeds": ranks(sorted(SEEDS.glob("*.txt"))),
    }
    for name in ("arabic_seed", "demo_seeds"):
        part = report[name]
        print(f"{name}: {part['claims']} claims, {part['checkable']} checkable")
        for claim, r in part["first_claims"].items():
            print(f"  {claim:24s} rank before {r['before']:3d}  after {r['after']:3d}"
                  f"  (check-worthiness {r['checkworthiness']})")  # fmt: skip
    OUT.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
